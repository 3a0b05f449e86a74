//! Migrations compiled into the application's binary, run at start-up on the
//! application's own database connection or pool — no migrations directory needed at run
//! time.
//!
//! ```no_run
//! # use alambic::embedded::Migrator;
//! # async fn start(pool: impl alambic::embedded::Connect) -> Result<(), alambic::embedded::EmbeddedError> {
//! // In an application: `alambic::embed_migrations!("migrations")`, which expands to:
//! static MIGRATIONS: Migrator = Migrator::new(&[], "alembic_version");
//! // `pool`: the application's `&sqlx::PgPool` (or SQLite, MySQL pool), or a URL.
//! MIGRATIONS.upgrade(pool).await?; // to head
//! # Ok(()) }
//! ```
//!
//! The scripts are the same TOML files the command line writes; they are parsed when the
//! migrator first runs, so a malformed one is reported naming its file.

use std::collections::BTreeMap;

use async_trait::async_trait;

use crate::dialect::{self, Connection, DialectError, DialectResult};
use crate::diff::{compare, Diff};
use crate::plan::{self, PlanError};
use crate::runtime::{ContextOptions, Direction, MigrationContext, RuntimeError};
use crate::schema::Schema;
use crate::script::{graph_of, RevisionGraph, Script, ScriptError};

/// Errors of embedded migrations.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EmbeddedError {
    /// A script compiled into the binary is malformed, or the graph is broken.
    #[error(transparent)]
    Script(#[from] ScriptError),
    /// Planning the steps failed.
    #[error(transparent)]
    Plan(#[from] PlanError),
    /// Running the migrations failed.
    #[error(transparent)]
    Runtime(#[from] RuntimeError),
    /// Connecting failed.
    #[error(transparent)]
    Database(#[from] DialectError),
    /// The database is not at the newest revision.
    #[error("Target database is not up to date: it is at [{current}], the scripts' heads are [{heads}]")]
    NotUpToDate {
        /// The version-table rows.
        current: String,
        /// The heads of the embedded scripts.
        heads: String,
    },
    /// The models and the database differ.
    #[error("the database differs from the models: {0}")]
    Differs(String),
}

/// The migrations of one directory, compiled in by [`embed_migrations!`](crate::embed_migrations).
#[derive(Debug, Clone, Copy)]
pub struct Migrator {
    /// `(file name, content)` of each script in `versions/`.
    files: &'static [(&'static str, &'static str)],
    /// The version table's name (from the directory's `alambic.toml`).
    version_table: &'static str,
}

impl Migrator {
    /// The migrations made of `files` — `(file name, content)` of each script in
    /// `versions/` — recorded in the table `version_table`. This is what
    /// [`embed_migrations!`](crate::embed_migrations) expands to; a `const fn`, so a
    /// `static` can hold it.
    pub const fn new(files: &'static [(&'static str, &'static str)], version_table: &'static str) -> Migrator {
        Migrator { files, version_table }
    }
}

/// Something that yields a connection to migrate with: a URL, or an application's sqlx pool
/// (one connection is taken from it for the migration and closed afterwards).
#[async_trait]
pub trait Connect {
    /// Opens (or takes) the connection.
    ///
    /// Errors when the database cannot be reached.
    async fn open(self) -> DialectResult<Box<dyn Connection>>;
}

#[async_trait]
impl Connect for &str {
    async fn open(self) -> DialectResult<Box<dyn Connection>> {
        dialect::connect(self).await
    }
}

fn pool_error(source: sqlx::Error) -> DialectError {
    DialectError::Connect { url: "the application's pool".to_string(), source }
}

#[async_trait]
impl Connect for &sqlx::SqlitePool {
    async fn open(self) -> DialectResult<Box<dyn Connection>> {
        let conn = self.acquire().await.map_err(pool_error)?.detach();
        Ok(Box::new(dialect::sqlite::SqliteConnection::from_sqlx(conn).await?))
    }
}

#[async_trait]
impl Connect for &sqlx::PgPool {
    async fn open(self) -> DialectResult<Box<dyn Connection>> {
        let conn = self.acquire().await.map_err(pool_error)?.detach();
        Ok(Box::new(dialect::postgres::PostgresConnection::from_sqlx(conn)))
    }
}

#[async_trait]
impl Connect for &sqlx::MySqlPool {
    async fn open(self) -> DialectResult<Box<dyn Connection>> {
        let conn = self.acquire().await.map_err(pool_error)?.detach();
        Ok(Box::new(dialect::mysql::MySqlConnection::from_sqlx(conn).await?))
    }
}

impl Migrator {
    /// The scripts, parsed, and their revision graph.
    ///
    /// Errors naming the file of a malformed script, or with the graph's error.
    pub fn scripts(&self) -> Result<(RevisionGraph, BTreeMap<String, Script>), ScriptError> {
        let scripts = self
            .files
            .iter()
            .map(|(name, text)| Script::parse(format!("versions/{name}"), text))
            .collect::<Result<Vec<_>, _>>()?;
        graph_of(scripts)
    }

    async fn context(&self, conn: impl Connect) -> Result<MigrationContext, EmbeddedError> {
        let conn = conn.open().await?;
        let options = ContextOptions { version_table: self.version_table.to_string() };
        Ok(MigrationContext::with_connection(conn, &options))
    }

    /// Upgrades the database to the newest revision, under the migration's transaction
    /// rules; returns the revisions applied, oldest first.
    ///
    /// Errors naming the revision that failed; revisions before it stay applied.
    pub async fn upgrade(&self, conn: impl Connect) -> Result<Vec<String>, EmbeddedError> {
        self.upgrade_to(conn, "heads").await
    }

    /// Upgrades the database to `target` (`head`, `heads`, an id, `+N`).
    ///
    /// Errors as [`Migrator::upgrade`], or when the target is unknown.
    pub async fn upgrade_to(&self, conn: impl Connect, target: &str) -> Result<Vec<String>, EmbeddedError> {
        let (graph, scripts) = self.scripts()?;
        let mut ctx = self.context(conn).await?;
        // Replicas starting together: the first migrates, the others wait and find nothing to do.
        ctx.lock().await?;
        let current = ctx.current_heads().await?;
        let steps = plan::steps(&graph, &scripts, &current, target, Direction::Upgrade)?;
        ctx.run(&steps).await?;
        Ok(steps.into_iter().map(|s| s.revision).collect())
    }

    /// The revisions the database is at (its version-table rows).
    ///
    /// Errors when the database cannot be read.
    pub async fn current(&self, conn: impl Connect) -> Result<Vec<String>, EmbeddedError> {
        let mut ctx = self.context(conn).await?;
        Ok(ctx.current_heads().await?)
    }

    /// Checks that the database is at the newest revision and, when `models` is given,
    /// that it matches them; returns what differs otherwise.
    ///
    /// Errors with [`EmbeddedError::NotUpToDate`] or [`EmbeddedError::Differs`].
    pub async fn check(&self, conn: impl Connect, models: Option<&Schema>) -> Result<(), EmbeddedError> {
        let (graph, _) = self.scripts()?;
        let mut ctx = self.context(conn).await?;
        let current = ctx.current_heads().await?;
        if !graph.is_at_heads(&current) {
            return Err(EmbeddedError::NotUpToDate { current: current.join(", "), heads: graph.heads().join(", ") });
        }
        if let Some(models) = models {
            let live = ctx.live_schema().await?;
            let diff: Diff = compare(models, &live, ctx.dialect());
            if !diff.is_empty() {
                let lines: Vec<&str> = diff.changes.iter().flat_map(|c| c.message.lines()).collect();
                return Err(EmbeddedError::Differs(lines.join("; ")));
            }
        }
        Ok(())
    }
}
