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
use crate::diff::{compare, Change, Diff};
use crate::plan::{PlanError, Target};
use crate::runtime::{ContextOptions, MigrationContext, RuntimeError};
use crate::schema::Schema;
use crate::script::{graph_of, GraphError, RevisionGraph, Script, ScriptError};

/// Errors of embedded migrations.
///
/// A revision-graph error always arrives as [`EmbeddedError::Graph`], whichever layer met
/// it (reading the scripts, planning or running): the `From` conversions below unwrap it.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EmbeddedError {
    /// A script compiled into the binary is malformed.
    #[error(transparent)]
    Script(ScriptError),
    /// The scripts' revision graph is broken, or the target cannot be resolved.
    #[error(transparent)]
    Graph(#[from] GraphError),
    /// Planning the steps failed.
    #[error(transparent)]
    Plan(PlanError),
    /// Running the migrations failed; [`RuntimeError::Revision`] says which revision
    /// failed and which completed before it.
    #[error(transparent)]
    Runtime(RuntimeError),
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
    /// The models and the database differ: what a migration would have to change.
    #[error("the database differs from the models: {}", crate::diff::one_line(.0))]
    Differs(Vec<Change>),
}

crate::runtime::graph_errors_one_way!(EmbeddedError);

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
/// (one connection is taken from it for the migration and closed afterwards; each
/// dialect's folder implements this for its pool type).
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
        let options = ContextOptions { version_table: self.version_table.to_string(), ..ContextOptions::default() };
        Ok(MigrationContext::with_connection(conn, &options))
    }

    /// Upgrades the database to the newest revision, under the migration's transaction
    /// rules; returns the revisions applied, oldest first.
    ///
    /// Errors naming the revision that failed ([`RuntimeError::Revision`]); the revisions
    /// before it stay applied, and the error lists them.
    pub async fn upgrade(&self, conn: impl Connect) -> Result<Vec<String>, EmbeddedError> {
        self.upgrade_to(conn, "heads").await
    }

    /// Upgrades the database to `target` (`head`, `heads`, an id, `+N`).
    ///
    /// Errors as [`Migrator::upgrade`], or when the target is unknown.
    pub async fn upgrade_to(&self, conn: impl Connect, target: &str) -> Result<Vec<String>, EmbeddedError> {
        let (graph, scripts) = self.scripts()?;
        let ctx = self.context(conn).await?;
        // Replicas starting together: the first migrates, the others wait for the lock and
        // find nothing to do.
        Ok(ctx.migrate(&graph, &scripts, Target::Upgrade(target)).await?)
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
            let mut models = models.clone();
            ctx.canonicalize_expressions(&mut models, &live).await?;
            let diff: Diff = compare(&models, &live, ctx.dialect());
            if !diff.is_empty() {
                return Err(EmbeddedError::Differs(diff.changes));
            }
        }
        Ok(())
    }
}
