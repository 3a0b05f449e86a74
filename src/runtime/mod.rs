//! Running migrations against a live database: the version table, transactions, and the
//! plan of steps (one revision each) in order.
//!
//! Invariant: a revision's operations and its version-table update succeed or fail
//! together where the database can roll DDL back (SQLite, PostgreSQL). Where it cannot
//! (MySQL), statements run one by one and the version table moves only after every
//! statement of the revision succeeded, so it always names the last revision that
//! completed. Nothing here knows which database it talks to: it asks the
//! [`Dialect`](crate::dialect::Dialect) and the [`Connection`].

mod version;

use tracing::info;

use crate::dialect::{connect, redact, Connection, Dialect, DialectError};
use crate::operation::{Operation, OperationError};
use crate::schema::Schema;

pub use version::VersionTable;

/// The log target of migration progress, as Alembic names it.
pub const LOG_TARGET: &str = "alambic.runtime.migration";

/// Errors of the runtime layer.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RuntimeError {
    /// A database error outside any revision (connecting, reading the version table).
    #[error(transparent)]
    Database(#[from] DialectError),
    /// An operation of a revision could not be rendered as SQL.
    #[error("revision {revision}: operation {operation}: {source}")]
    Render {
        /// The revision.
        revision: String,
        /// 1-based position of the operation in the revision's list.
        operation: usize,
        /// Why.
        source: DialectError,
    },
    /// An operation of a revision does not fit the schema it is applied to.
    #[error("revision {revision}: operation {operation}: {source}")]
    Operation {
        /// The revision.
        revision: String,
        /// 1-based position of the operation in the revision's list.
        operation: usize,
        /// Why.
        source: OperationError,
    },
    /// A statement of a revision failed; the revision was rolled back where the database
    /// allows it.
    #[error("revision {revision}: statement {number} (operation {operation}) failed: {source}{rollback}")]
    Statement {
        /// The revision.
        revision: String,
        /// 1-based position of the statement in the revision.
        number: usize,
        /// 1-based position of the operation the statement belongs to.
        operation: usize,
        /// The driver's error, with the SQL.
        source: DialectError,
        /// What happened to the work done before the failure.
        rollback: &'static str,
    },
    /// The version table changed under the migration (another migrator ran meanwhile).
    #[error("revision {revision}: the database moved from [{expected}] to [{found}] while this migration ran (another migrator?); nothing of the revision was applied, run the command again")]
    Moved {
        /// The revision about to run.
        revision: String,
        /// The version-table rows the plan was made from.
        expected: String,
        /// The rows found.
        found: String,
    },
    /// The integrity check after a revision failed; the revision was rolled back.
    #[error("revision {revision}: {source}; the revision was rolled back")]
    Integrity {
        /// The revision.
        revision: String,
        /// What the check found.
        source: DialectError,
    },
}

/// Result type of this layer.
pub type RuntimeResult<T> = Result<T, RuntimeError>;

/// Which way a step goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Applying a revision.
    Upgrade,
    /// Reverting a revision.
    Downgrade,
}

/// One revision to apply or revert, with what the version table holds before and after.
#[derive(Debug, Clone)]
pub struct Step {
    /// The revision.
    pub revision: String,
    /// Its parents (for the log line).
    pub down_revisions: Vec<String>,
    /// Its message.
    pub message: String,
    /// Upgrade or downgrade.
    pub direction: Direction,
    /// The operations to run: the script's upgrade or downgrade list.
    pub operations: Vec<Operation>,
    /// Version-table rows before this step.
    pub heads_before: Vec<String>,
    /// Version-table rows after this step.
    pub heads_after: Vec<String>,
}

impl Step {
    /// Alembic's progress line: `Running upgrade  -> e89e2c8b3174, initial migration`.
    pub fn log_line(&self) -> String {
        let parents = self.down_revisions.join(", ");
        match self.direction {
            Direction::Upgrade => format!("Running upgrade {} -> {}, {}", parents, self.revision, self.message),
            Direction::Downgrade => format!("Running downgrade {} -> {}, {}", self.revision, parents, self.message),
        }
    }
}

/// Options of a migration context.
#[derive(Debug, Clone)]
pub struct ContextOptions {
    /// Name of the version table.
    pub version_table: String,
}

impl Default for ContextOptions {
    fn default() -> Self {
        Self { version_table: "alembic_version".to_string() }
    }
}

/// An open connection, ready to read the version table, inspect and run steps.
pub struct MigrationContext {
    conn: Box<dyn Connection>,
    version: VersionTable,
}

impl MigrationContext {
    /// Connects and logs the dialect (`Context impl SQLiteImpl.`) and its DDL behaviour.
    ///
    /// Errors when the URL is unknown or the database cannot be reached.
    pub async fn connect(url: &str, options: &ContextOptions) -> RuntimeResult<Self> {
        let conn = connect(url).await?;
        tracing::debug!(target: LOG_TARGET, "connected to {}", redact(url));
        Ok(Self::with_connection(conn, options))
    }

    /// Wraps a connection that is already open.
    pub fn with_connection(conn: Box<dyn Connection>, options: &ContextOptions) -> Self {
        let d = conn.dialect();
        info!(target: LOG_TARGET, "Context impl {}.", d.impl_name());
        if d.transactional_ddl() {
            info!(target: LOG_TARGET, "Will assume transactional DDL.");
        } else {
            info!(target: LOG_TARGET, "Will assume non-transactional DDL.");
        }
        let version = VersionTable::new(&options.version_table);
        Self { conn, version }
    }

    /// The dialect of the connection.
    pub fn dialect(&self) -> &dyn Dialect {
        self.conn.dialect()
    }

    /// The connection itself (for tests and tools that need raw access).
    pub fn connection(&mut self) -> &mut dyn Connection {
        self.conn.as_mut()
    }

    /// Takes the migration lock (see [`Connection::lock`]); call it before reading the
    /// current revisions that a plan is built from. It is held until the context is dropped.
    ///
    /// Errors when the lock cannot be taken.
    pub async fn lock(&mut self) -> RuntimeResult<()> {
        let table = self.version.name().to_string();
        self.conn.lock(&table).await?;
        Ok(())
    }

    /// The revisions the version table holds (empty when it does not exist yet).
    ///
    /// Errors when the table cannot be read.
    pub async fn current_heads(&mut self) -> RuntimeResult<Vec<String>> {
        Ok(self.version.read(self.conn.as_mut()).await?)
    }

    /// The live schema, without alambic's own tables.
    ///
    /// Errors when the catalog cannot be read.
    pub async fn live_schema(&mut self) -> RuntimeResult<Schema> {
        let skip = [self.version.name()];
        Ok(self.conn.inspect(&skip).await?)
    }

    /// Runs the steps in order, each in its own transaction where the database allows it.
    /// Stops at the first failure, leaving the version table at the last step that
    /// completed.
    ///
    /// Errors naming the revision, and for a failed statement its position and SQL.
    pub async fn run(&mut self, steps: &[Step]) -> RuntimeResult<()> {
        if steps.is_empty() {
            return Ok(());
        }
        // Where DDL is transactional the version table is created inside the first step's
        // transaction, so a failing first revision leaves a new database empty.
        if !self.dialect().transactional_ddl() {
            self.version.ensure(self.conn.as_mut()).await?;
        }
        for step in steps {
            info!(target: LOG_TARGET, "{}", step.log_line());
            // Read the schema afresh for every revision: operations are rendered against
            // what the database really holds, names it chose for constraints included.
            let schema = self.live_schema().await?;
            self.run_step(step, schema).await?;
        }
        Ok(())
    }

    async fn run_step(&mut self, step: &Step, schema: Schema) -> RuntimeResult<()> {
        let (statements, _after) = render_numbered(self.dialect(), &step.revision, &step.operations, &schema)?;
        let transactional = self.dialect().transactional_ddl();
        if transactional {
            self.conn.begin().await?;
            if let Err(e) = self.version.ensure(self.conn.as_mut()).await {
                self.conn.rollback().await?;
                return Err(e.into());
            }
            // Inside the write transaction: if another migrator moved the database since the
            // plan was made (SQLite has no lock of its own), stop rather than run twice.
            let now = match self.version.read(self.conn.as_mut()).await {
                Ok(now) => now,
                Err(e) => {
                    self.conn.rollback().await?;
                    return Err(e.into());
                }
            };
            let mut expected = step.heads_before.clone();
            expected.sort();
            if now != expected {
                self.conn.rollback().await?;
                return Err(RuntimeError::Moved {
                    revision: step.revision.clone(),
                    expected: expected.join(", "),
                    found: now.join(", "),
                });
            }
            match self.run_statements(step, &statements, true).await {
                Ok(()) => {}
                Err(e) => {
                    self.conn.rollback().await?;
                    return Err(e);
                }
            }
            if let Err(source) = self.conn.check_integrity().await {
                self.conn.rollback().await?;
                return Err(RuntimeError::Integrity { revision: step.revision.clone(), source });
            }
            if let Err(e) = self.version.replace(self.conn.as_mut(), &step.heads_before, &step.heads_after).await {
                self.conn.rollback().await?;
                return Err(e.into());
            }
            self.conn.commit().await?;
        } else {
            self.run_statements(step, &statements, false).await?;
            self.conn.begin().await?;
            self.version.replace(self.conn.as_mut(), &step.heads_before, &step.heads_after).await?;
            self.conn.commit().await?;
        }
        Ok(())
    }

    async fn run_statements(
        &mut self,
        step: &Step,
        statements: &[(usize, String)],
        transactional: bool,
    ) -> RuntimeResult<()> {
        for (i, (operation, sql)) in statements.iter().enumerate() {
            if let Err(source) = self.conn.execute(sql).await {
                let rollback = if transactional {
                    "; the revision was rolled back"
                } else if i == 0 {
                    "; nothing of the revision was applied"
                } else {
                    "; statements before it were applied and stay (this database cannot roll back DDL): undo them by hand, fix the script, and run upgrade again"
                };
                return Err(RuntimeError::Statement {
                    revision: step.revision.clone(),
                    number: i + 1,
                    operation: *operation,
                    source,
                    rollback,
                });
            }
        }
        Ok(())
    }

    /// Writes the version table without running any migration (`stamp`).
    ///
    /// Errors when the table cannot be written.
    pub async fn stamp(&mut self, before: &[String], after: &[String]) -> RuntimeResult<()> {
        self.version.ensure(self.conn.as_mut()).await?;
        self.conn.begin().await?;
        if let Err(e) = self.version.replace(self.conn.as_mut(), before, after).await {
            self.conn.rollback().await?;
            return Err(e.into());
        }
        self.conn.commit().await?;
        Ok(())
    }
}

/// Renders operations as SQL against a schema, returning the statements and the schema after.
///
/// Errors naming the revision and the operation's position when an operation does not fit
/// or cannot be expressed.
pub fn render_operations(
    dialect: &dyn Dialect,
    revision: &str,
    operations: &[Operation],
    schema: &Schema,
) -> RuntimeResult<(Vec<String>, Schema)> {
    let (statements, schema) = render_numbered(dialect, revision, operations, schema)?;
    Ok((statements.into_iter().map(|(_, sql)| sql).collect(), schema))
}

/// As [`render_operations`], each statement paired with the 1-based position of the
/// operation it comes from.
fn render_numbered(
    dialect: &dyn Dialect,
    revision: &str,
    operations: &[Operation],
    schema: &Schema,
) -> RuntimeResult<(Vec<(usize, String)>, Schema)> {
    let mut schema = schema.clone();
    let mut statements = Vec::new();
    for (i, op) in operations.iter().enumerate() {
        let operation = i + 1;
        let sql = crate::dialect::render_operation(dialect, op, &schema).map_err(|source| RuntimeError::Render {
            revision: revision.to_string(),
            operation,
            source,
        })?;
        statements.extend(sql.into_iter().map(|s| (operation, s)));
        op.apply(&mut schema).map_err(|source| RuntimeError::Operation {
            revision: revision.to_string(),
            operation,
            source,
        })?;
    }
    Ok((statements, schema))
}

/// Renders steps as one SQL text for a DBA to run (`upgrade --sql`), starting from `schema`
/// (the schema at the first step's starting point, computed by replaying scripts).
///
/// Errors as [`render_operations`].
pub fn render_offline(
    dialect: &dyn Dialect,
    version_table: &str,
    steps: &[Step],
    schema: &Schema,
) -> RuntimeResult<String> {
    let version = VersionTable::new(version_table);
    let mut out = String::new();
    out.push_str(&format!("{};\n\n", dialect.create_version_table(version_table)));
    let mut schema = schema.clone();
    for step in steps {
        out.push_str(&format!("-- {}\n\n", step.log_line()));
        let transactional = dialect.transactional_ddl();
        if transactional {
            out.push_str("BEGIN;\n\n");
        }
        let (statements, after) = render_operations(dialect, &step.revision, &step.operations, &schema)?;
        for sql in statements {
            out.push_str(&sql);
            out.push_str(";\n\n");
        }
        for sql in version.replace_sql(dialect, &step.heads_before, &step.heads_after) {
            out.push_str(&sql);
            out.push_str(";\n\n");
        }
        if transactional {
            out.push_str("COMMIT;\n\n");
        }
        schema = after;
    }
    Ok(out)
}
