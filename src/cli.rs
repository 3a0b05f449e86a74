//! The command line, as clap types shared by the standalone `alambic` binary and by
//! applications that embed the same commands as their own `db` subcommand; [`DbCommand`]
//! runs them with what the application brings (its models, its default database).
//!
//! An application embeds it in a few lines:
//!
//! ```no_run
//! use clap::Parser;
//!
//! #[derive(Parser)]
//! enum Cli {
//!     /// Database migrations.
//!     Db(alambic::cli::DbArgs),
//! }
//!
//! # async fn run() -> std::process::ExitCode {
//! let Cli::Db(args) = Cli::parse();
//! alambic::cli::DbCommand::new().default_url("sqlite://app.db").run(args).await
//! # }
//! ```
//!
//! Behind the `cli` feature (on by default).

use std::path::PathBuf;

use clap::{Args, Subcommand};

use crate::command::{self, CommandResult, DesiredSchema, MoveOptions, Project, RevisionOptions};
use crate::schema::Schema;

/// Options shared by every command, then the command.
#[derive(Debug, Clone, Args)]
pub struct DbArgs {
    /// Migration directory.
    #[arg(short = 'd', long, global = true, default_value = "migrations")]
    pub directory: PathBuf,

    /// Database URL (sqlite://app.db, postgresql://…, mysql://…). Wins over DATABASE_URL
    /// and the config file's database_url.
    #[arg(long, global = true)]
    pub database_url: Option<String>,

    /// Desired schema file (default: the config's `schema`, else schema.sql).
    #[arg(long, global = true)]
    pub schema: Option<PathBuf>,

    /// The command.
    #[command(subcommand)]
    pub command: DbSubcommand,
}

/// The commands.
#[derive(Debug, Clone, Subcommand)]
pub enum DbSubcommand {
    /// Create a new migration directory.
    Init,
    /// Autogenerate a revision from the differences between the schema and the database
    /// (alias of `revision --autogenerate`).
    Migrate {
        /// Revision message.
        #[arg(short, long)]
        message: Option<String>,
        /// Revision id to use instead of a random one.
        #[arg(long)]
        rev_id: Option<String>,
    },
    /// Create a new revision script (empty unless --autogenerate).
    Revision {
        /// Revision message.
        #[arg(short, long)]
        message: Option<String>,
        /// Fill the script in from the differences between the schema and the database.
        #[arg(long)]
        autogenerate: bool,
        /// Revision id to use instead of a random one.
        #[arg(long)]
        rev_id: Option<String>,
    },
    /// Upgrade the database to a later revision.
    Upgrade {
        /// Target: head, heads, a revision id or unique prefix, +N, or FROM:TO with --sql.
        #[arg(default_value = "head", allow_hyphen_values = true)]
        revision: String,
        /// Print the SQL instead of running it.
        #[arg(long)]
        sql: bool,
        /// Run every revision in one transaction where the database's DDL is transactional
        /// (SQLite, PostgreSQL): a failure leaves the database where it started.
        #[arg(long)]
        one_transaction: bool,
        /// Run even when an applied revision's script changed since it was applied
        /// (recording its new checksum in the history table).
        #[arg(long)]
        allow_modified: bool,
    },
    /// Revert the database to an earlier revision.
    Downgrade {
        /// Target: base, a revision id or unique prefix, -N, or FROM:TO with --sql.
        #[arg(default_value = "-1", allow_hyphen_values = true)]
        revision: String,
        /// Print the SQL instead of running it.
        #[arg(long)]
        sql: bool,
        /// Run every revision in one transaction where the database's DDL is transactional
        /// (SQLite, PostgreSQL): a failure leaves the database where it started.
        #[arg(long)]
        one_transaction: bool,
    },
    /// Show the revision(s) the database is at.
    Current,
    /// List revisions, newest first.
    History {
        /// Show each revision's details, with when it was applied and by which version
        /// (read from the database's history table).
        #[arg(short, long)]
        verbose: bool,
    },
    /// Show the newest revision(s) of the scripts.
    Heads,
    /// Show one revision.
    Show {
        /// Revision id or unique prefix.
        revision: String,
    },
    /// Set the database's revision without running any migration.
    Stamp {
        /// Revision id, unique prefix, head, heads or base.
        revision: String,
    },
    /// Fail when the schema and the database differ (for CI).
    Check,
    /// Create a revision that joins several heads into one.
    Merge {
        /// Revisions to merge (default: every head).
        revisions: Vec<String>,
        /// Revision message.
        #[arg(short, long)]
        message: Option<String>,
        /// Revision id to use instead of a random one.
        #[arg(long)]
        rev_id: Option<String>,
    },
    /// Show where the revision history branches.
    Branches,
    /// Open a revision's script in $VISUAL or $EDITOR.
    Edit {
        /// Revision id or unique prefix (default: head).
        #[arg(default_value = "head")]
        revision: String,
    },
}

/// The `db` command as an application sets it up: where the desired schema comes from and
/// which database to use when none is given, then [`DbCommand::run`] with the parsed
/// [`DbArgs`].
///
/// ```no_run
/// # async fn run(args: alambic::cli::DbArgs, models: alambic::schema::Schema) -> std::process::ExitCode {
/// // `models` is `alambic::models![Role, User]` in an application.
/// alambic::cli::DbCommand::new().models(models).default_url("sqlite://hello.db").run(args).await
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct DbCommand {
    schema: DesiredSchema,
    default_url: Option<String>,
}

impl Default for DbCommand {
    fn default() -> Self {
        DbCommand::new()
    }
}

impl DbCommand {
    /// The standalone binary's set-up: the desired schema is the schema file (`--schema`,
    /// else the config's `schema`, else `schema.sql`) and there is no default database.
    pub fn new() -> Self {
        DbCommand { schema: DesiredSchema::File(None), default_url: None }
    }

    /// The application's models are the desired schema (`alambic::models![Role, User]`).
    /// A `--schema` flag on the command line still wins.
    pub fn models(mut self, models: Schema) -> Self {
        self.schema = DesiredSchema::Provided(models);
        self
    }

    /// The desired schema is this SQL file. A `--schema` flag on the command line still wins.
    pub fn schema_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.schema = DesiredSchema::File(Some(path.into()));
        self
    }

    /// The database to use when neither `--database-url`, `DATABASE_URL` nor the config
    /// name one.
    pub fn default_url(mut self, url: impl Into<String>) -> Self {
        self.default_url = Some(url.into());
        self
    }

    /// Runs the command as a `main` function would: prints `FAILED: <one line>` on standard
    /// error when it fails, and returns the process's exit code.
    pub async fn run(self, args: DbArgs) -> std::process::ExitCode {
        match self.try_run(args).await {
            Ok(()) => std::process::ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("FAILED: {e}");
                std::process::ExitCode::FAILURE
            }
        }
    }

    /// Runs the command.
    ///
    /// Errors with a one-line message naming the file, revision or object at fault.
    pub async fn try_run(self, args: DbArgs) -> CommandResult<()> {
        let schema = match &args.schema {
            Some(path) => DesiredSchema::File(Some(path.clone())),
            None => self.schema,
        };
        let project = Project {
            directory: args.directory.clone(),
            database_url: args.database_url.clone(),
            default_database_url: self.default_url,
            schema,
        };
        args.command.run(&project).await
    }
}

impl DbSubcommand {
    /// Runs this command on `project`.
    async fn run(&self, project: &Project) -> CommandResult<()> {
        match self {
            DbSubcommand::Init => command::init(&project.directory),
            DbSubcommand::Migrate { message, rev_id } => {
                let options = RevisionOptions { message: message.clone(), autogenerate: true, rev_id: rev_id.clone() };
                command::revision(project, &options).await.map(|_| ())
            }
            DbSubcommand::Revision { message, autogenerate, rev_id } => {
                let options =
                    RevisionOptions { message: message.clone(), autogenerate: *autogenerate, rev_id: rev_id.clone() };
                command::revision(project, &options).await.map(|_| ())
            }
            DbSubcommand::Upgrade { revision, sql, one_transaction, allow_modified } => {
                let options =
                    MoveOptions { sql: *sql, one_transaction: *one_transaction, allow_modified: *allow_modified };
                command::upgrade(project, revision, &options).await
            }
            DbSubcommand::Downgrade { revision, sql, one_transaction } => {
                let options = MoveOptions { sql: *sql, one_transaction: *one_transaction, ..MoveOptions::default() };
                command::downgrade(project, revision, &options).await
            }
            DbSubcommand::Current => command::current(project).await,
            DbSubcommand::History { verbose } => command::history(project, *verbose).await,
            DbSubcommand::Heads => command::heads(project),
            DbSubcommand::Show { revision } => command::show(project, revision),
            DbSubcommand::Stamp { revision } => command::stamp(project, revision).await,
            DbSubcommand::Check => command::check(project).await,
            DbSubcommand::Merge { revisions, message, rev_id } => {
                command::merge(project, revisions, message.clone(), rev_id.clone()).map(|_| ())
            }
            DbSubcommand::Branches => command::branches(project),
            DbSubcommand::Edit { revision } => command::edit(project, revision),
        }
    }
}
