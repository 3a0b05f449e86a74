//! Running migrations against a live database: the version table, the migration lock,
//! transactions, and a [`Plan`]'s steps (one revision each) in order.
//!
//! Invariant: a revision's operations and its version-table update succeed or fail
//! together where the database can roll DDL back (SQLite, PostgreSQL): inside the
//! revision's transaction the version table is checked first, then the statements are
//! rendered, so a migrator that lost a race reports that the database moved instead of
//! failing on what the winner created. The catalog is read once per command; after that
//! each revision is rendered against the schema the previous one left in memory, and the
//! catalog is read again only before a revision that needs names the database chose
//! itself (`known`). Where DDL is transactional a revision's statements go to the server
//! as one batch, re-run one by one only to name the statement that failed. Where DDL
//! cannot be rolled back (MySQL), statements run one by one under the migration lock and
//! the version table moves only after every statement of the revision succeeded, so it
//! always names the last revision that completed; a failed statement ends the run, so a
//! half-applied revision's schema is never reused. Each statement that succeeds there is
//! recorded in the history table, and the next run resumes after it (`resume`). Nothing here knows which database it
//! talks to: it asks the [`Dialect`] and the [`Connection`].

mod error;
mod history;
mod known;
mod lock;
mod render;
mod resume;
mod transaction;
mod version;

use std::collections::BTreeMap;

use tracing::info;

use crate::dialect::{connect, redact, Connection, Dialect};
use crate::plan::{self, Plan, Step, Target};
use crate::schema::Schema;
use crate::script::{RevisionGraph, Script};
use known::Known;

pub(crate) use error::graph_errors_one_way;
pub use error::{Earlier, Failure, RevisionError, RuntimeError, RuntimeResult};
pub use history::{history_table_name, DoneStatement, HistoryRecord, HistoryTable, TOOL_VERSION};
pub use lock::LockedContext;
pub use render::{render_offline, render_operations};
pub use transaction::{transaction, Aborted, BodyFuture};
pub use version::VersionTable;

/// The log target of migration progress, as Alembic names it.
pub const LOG_TARGET: &str = "alambic.runtime.migration";

/// Options of a migration context.
#[derive(Debug, Clone)]
pub struct ContextOptions {
    /// Name of the version table.
    pub version_table: String,
    /// One transaction per revision (the default, as Alembic's `transaction_per_migration`
    /// is not); `false` runs a whole upgrade or downgrade in one transaction where DDL is
    /// transactional, so a failing revision leaves the database where the run started.
    /// Where DDL is not transactional each revision commits on its own either way.
    pub transaction_per_migration: bool,
    /// Let `upgrade` run when an applied revision's script changed since it was applied
    /// (recording its new checksum) instead of refusing.
    pub allow_modified: bool,
}

impl Default for ContextOptions {
    fn default() -> Self {
        Self { version_table: "alembic_version".to_string(), transaction_per_migration: true, allow_modified: false }
    }
}

/// An open connection, ready to read the version table, inspect and run steps.
pub struct MigrationContext {
    conn: Box<dyn Connection>,
    version: VersionTable,
    history: HistoryTable,
    transaction_per_migration: bool,
    allow_modified: bool,
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
        Self {
            conn,
            version: VersionTable::new(&options.version_table),
            history: HistoryTable::new(&options.version_table),
            transaction_per_migration: options.transaction_per_migration,
            allow_modified: options.allow_modified,
        }
    }

    /// The dialect of the connection.
    pub fn dialect(&self) -> &dyn Dialect {
        self.conn.dialect()
    }

    /// The connection itself (for tests and tools that need raw access).
    pub fn connection(&mut self) -> &mut dyn Connection {
        self.conn.as_mut()
    }

    /// Takes the migration lock (see [`Connection::lock`]), waiting while another migrator
    /// holds it; take it before reading the current revisions a plan is made from. The
    /// returned guard owns the context; dropping it closes the connection, which releases
    /// the lock.
    ///
    /// Errors when the lock cannot be taken.
    pub async fn lock(self) -> RuntimeResult<LockedContext> {
        LockedContext::take(self).await
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
        let skip = [self.version.name(), self.history.name()];
        Ok(self.conn.inspect(&skip).await?)
    }

    /// Lets the database spell the expressions of `desired` that differ in text from
    /// `live`'s (see [`Connection::canonicalize_expressions`]).
    ///
    /// Errors when the database cannot be asked.
    pub async fn canonicalize_expressions(&mut self, desired: &mut Schema, live: &Schema) -> RuntimeResult<()> {
        Ok(self.conn.canonicalize_expressions(desired, live).await?)
    }

    /// Moves the database to `target`, the one way every door does it: takes the lock,
    /// reads the current heads, plans, and runs the plan (or stamps). Returns the
    /// revisions run, in order (none for a stamp). The lock is released when this returns.
    ///
    /// Errors when the lock cannot be taken, the plan cannot be made, or a revision fails
    /// ([`RuntimeError::Revision`] says which, and which completed before it).
    pub async fn migrate(
        self,
        graph: &RevisionGraph,
        scripts: &BTreeMap<String, Script>,
        target: Target<'_>,
    ) -> RuntimeResult<Vec<String>> {
        let mut ctx = self.lock().await?;
        let current = ctx.current_heads().await?;
        let plan = plan::plan(graph, scripts, &current, target)?;
        if let Target::Upgrade(_) = target {
            ctx.check_unmodified(graph, scripts, &current).await?;
        }
        match plan {
            Plan::Steps(steps) => ctx.run(&steps).await,
            Plan::Stamp { before, after } => {
                info!(target: LOG_TARGET, "Running stamp_revision {} -> {}", before.join(", "), after.join(", "));
                ctx.stamp_recorded(&before, &after, scripts).await?;
                Ok(Vec::new())
            }
        }
    }

    /// Runs the steps in order, each in its own transaction where the database allows it,
    /// and returns the revisions run. Stops at the first failure, leaving the version table
    /// at the last step that completed.
    ///
    /// Errors with [`RuntimeError::Revision`], naming the revision, the revisions completed
    /// before it, and for a failed statement its position and SQL.
    pub async fn run(&mut self, steps: &[Step]) -> RuntimeResult<Vec<String>> {
        let mut completed = Vec::new();
        if steps.is_empty() {
            return Ok(completed);
        }
        if self.dialect().transactional_ddl() && !self.transaction_per_migration && steps.len() > 1 {
            return self.run_in_one_transaction(steps).await;
        }
        // Where DDL is transactional the version table is created inside the first step's
        // transaction, so a failing first revision leaves a new database empty. Elsewhere a
        // revision that stopped part-way resumes where it stopped (`resume`).
        let mut stopped = None;
        if !self.dialect().transactional_ddl() {
            self.version.ensure(self.conn.as_mut()).await?;
            self.history.ensure(self.conn.as_mut()).await?;
            stopped = resume::stopped_run(self.conn.as_mut(), &self.history, &steps[0]).await?;
        }
        let bar = progress_bar(steps.len());
        // The schema as the last revision left it: the catalog is read once, then again
        // only where the database may have chosen names a revision needs (see `known`).
        let mut known = None;
        for step in steps {
            bar.suspend(|| info!(target: LOG_TARGET, "{}", step.log_line()));
            let outcome = if self.dialect().transactional_ddl() {
                let data = (step, (&self.version, &self.history), std::sync::Mutex::new(known.take()));
                transaction(self.conn.as_mut(), &data, |conn, (step, tables, known)| {
                    let known = known.lock().ok().and_then(|mut k| k.take());
                    Box::pin(revision_in_transaction(conn, step, *tables, known))
                })
                .await
            } else {
                let tables = resume::Tables { version: &self.version, history: &self.history };
                resume::run_step(self.conn.as_mut(), tables, step, stopped.take().as_ref(), known.take()).await
            };
            bar.inc(1);
            match outcome {
                Ok(after) => known = Some(after),
                Err(Aborted { error, rollback }) => {
                    bar.finish_and_clear();
                    let mut failed = RevisionError::new(&step.revision, error);
                    (failed.completed, failed.rollback) = (completed, rollback);
                    let mut failed = self.advised(failed);
                    if let Failure::Statement { number, earlier: Earlier::Stay, .. } = failed.failure {
                        let resume =
                            format!("fix {} and run the command again: it resumes at statement {number}", step.file());
                        failed.advice.get_or_insert(resume);
                    }
                    return Err(failed.into());
                }
            }
            completed.push(step.revision.clone());
        }
        bar.finish_and_clear();
        Ok(completed)
    }

    /// `failed` with the connection's advice about its database error, if any.
    fn advised(&self, mut failed: RevisionError) -> RevisionError {
        failed.advice = failed.database_error().and_then(|e| self.conn.advice(e));
        failed
    }

    /// Every step in one transaction: the first failure rolls every step back, and the
    /// error names the revision that failed with no revision completed.
    async fn run_in_one_transaction(&mut self, steps: &[Step]) -> RuntimeResult<Vec<String>> {
        let bar = progress_bar(steps.len());
        let data = (steps, (&self.version, &self.history), &bar);
        let outcome = transaction(self.conn.as_mut(), &data, |conn, (steps, tables, bar)| {
            Box::pin(async move {
                let mut known = None;
                for (i, step) in steps.iter().enumerate() {
                    bar.suspend(|| info!(target: LOG_TARGET, "{}", step.log_line()));
                    let after = revision_in_transaction(conn, step, *tables, known.take())
                        .await
                        .map_err(|failure| AtStep(Some(i), failure))?;
                    known = Some(after);
                    bar.inc(1);
                }
                Ok(())
            })
        })
        .await;
        bar.finish_and_clear();
        match outcome {
            Ok(()) => Ok(steps.iter().map(|s| s.revision.clone()).collect()),
            Err(Aborted { error: AtStep(at, failure), rollback }) => {
                // Beginning or committing failed: the last step is the one that did not land.
                let step = &steps[at.unwrap_or(steps.len() - 1)];
                let mut failed = RevisionError::new(&step.revision, failure);
                failed.rollback = rollback;
                Err(self.advised(failed).into())
            }
        }
    }

    /// Writes the version table without running any migration (`stamp`).
    ///
    /// Errors when the table cannot be written; then nothing was written.
    pub async fn stamp(&mut self, before: &[String], after: &[String]) -> RuntimeResult<()> {
        self.stamp_recorded(before, after, &BTreeMap::new()).await
    }

    /// [`MigrationContext::stamp`], recording in the history table a `stamp` row for each
    /// revision it adds (with its script's checksum, from `scripts`), and giving up a run
    /// that stopped part-way.
    async fn stamp_recorded(
        &mut self,
        before: &[String],
        after: &[String],
        scripts: &BTreeMap<String, Script>,
    ) -> RuntimeResult<()> {
        self.version.ensure(self.conn.as_mut()).await?;
        self.history.ensure(self.conn.as_mut()).await?;
        let history = self.history.stamp_sql(self.dialect(), before, after, scripts);
        let data = (&self.version, before, after, history);
        transaction(self.conn.as_mut(), &data, |conn, (version, before, after, history)| {
            Box::pin(async move {
                version.replace(conn, before, after).await?;
                for sql in history {
                    conn.execute(sql).await?;
                }
                Ok(())
            })
        })
        .await
        .map_err(|Aborted { error, rollback }| RuntimeError::Stamp { failure: error, rollback })
    }
}

/// A progress bar over `steps` revisions on standard error, drawn only when there are
/// several and standard error is a terminal (never into a log file or a pipe, never under
/// tests); log lines are printed above it, unchanged.
fn progress_bar(steps: usize) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if steps < 2 || cfg!(test) || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::with_draw_target(Some(steps as u64), indicatif::ProgressDrawTarget::stderr());
    if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} revisions, {elapsed}") {
        bar.set_style(style);
    }
    bar
}

/// A failure inside a transaction of several steps, with the index of the step that failed
/// (`None` when beginning or committing failed).
struct AtStep(Option<usize>, Failure);

impl From<crate::dialect::DialectError> for AtStep {
    fn from(e: crate::dialect::DialectError) -> Self {
        AtStep(None, Failure::Database(e))
    }
}

/// A revision's work inside its transaction: the version table is checked first (another
/// migrator may have moved it since the plan was made: SQLite has no lock of its own, so
/// stop rather than run twice), then the statements are rendered from the schema the last
/// revision left (`known`; the catalog when there is none or it lacks names the revision
/// needs), run, checked, and the version table moved. Returns the schema after it.
async fn revision_in_transaction(
    conn: &mut dyn Connection,
    step: &Step,
    (version, history): (&VersionTable, &HistoryTable),
    known: Option<Known>,
) -> Result<Known, Failure> {
    version.ensure(conn).await?;
    let found = version.read(conn).await?;
    let mut expected = step.heads_before.clone();
    expected.sort();
    if found != expected {
        return Err(Failure::Moved { expected, found });
    }
    history.ensure(conn).await?;
    let start = history.start_sql(conn.dialect(), step);
    conn.execute(&start).await?;
    let mut known = known::schema_for(conn, &[version.name(), history.name()], known, &step.operations).await?;
    let schema = std::mem::take(&mut known.schema);
    let (statements, after) = render::render_numbered(conn.dialect(), &step.operations, schema)?;
    run_statements(conn, &statements, true).await?;
    conn.check_integrity().await.map_err(Failure::Integrity)?;
    version.replace(conn, &step.heads_before, &step.heads_after).await?;
    let finish = history.finish_sql(conn.dialect(), step);
    conn.execute(&finish).await?;
    Ok(known.advance(after, &step.operations))
}

/// The savepoint a revision's statements run under when sent as one batch.
const BATCH_SAVEPOINT: &str = "alambic_revision";

/// Runs a revision's statements in order, stopping at the first that fails. Inside a
/// transaction they go to the server as one batch under a savepoint (one round trip); when
/// the batch fails, the savepoint is rolled back and the statements run again one by one,
/// so the failure names the statement that failed, numbered as it would have been.
///
/// Errors with [`Failure::Statement`], saying what became of the statements before it.
async fn run_statements(
    conn: &mut dyn Connection,
    statements: &[(usize, String)],
    transactional: bool,
) -> Result<(), Failure> {
    if transactional && statements.len() > 1 {
        let mut batch = format!("SAVEPOINT {BATCH_SAVEPOINT};\n");
        for (_, sql) in statements {
            // On a line of its own: a statement may end in a `--` comment.
            batch.push_str(sql);
            batch.push_str("\n;\n");
        }
        batch.push_str(&format!("RELEASE SAVEPOINT {BATCH_SAVEPOINT}"));
        if conn.execute(&batch).await.is_ok() {
            return Ok(());
        }
        conn.execute(&format!("ROLLBACK TO SAVEPOINT {BATCH_SAVEPOINT}")).await?;
        run_one_by_one(conn, statements, transactional).await?;
        conn.execute(&format!("RELEASE SAVEPOINT {BATCH_SAVEPOINT}")).await?;
        return Ok(());
    }
    run_one_by_one(conn, statements, transactional).await
}

/// [`run_statements`], one round trip per statement.
async fn run_one_by_one(
    conn: &mut dyn Connection,
    statements: &[(usize, String)],
    transactional: bool,
) -> Result<(), Failure> {
    for (i, (operation, sql)) in statements.iter().enumerate() {
        if let Err(source) = conn.execute(sql).await {
            let earlier = match (transactional, i) {
                (true, _) => Earlier::RolledBack,
                (false, 0) => Earlier::NothingApplied,
                (false, _) => Earlier::Stay,
            };
            return Err(Failure::Statement { number: i + 1, operation: *operation, source, earlier });
        }
    }
    Ok(())
}
