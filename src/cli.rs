//! The command line, as clap types shared by the standalone `alambic` binary and by
//! applications that embed the same commands as their own `db` subcommand.
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
//! args.run_main(alambic::command::DesiredSchema::File(None), None).await
//! # }
//! ```

use std::path::PathBuf;

use clap::{Args, Subcommand};

use crate::command::{self, CommandResult, DesiredSchema, MoveOptions, Project, RevisionOptions};

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
    pub command: DbCommand,
}

/// The commands.
#[derive(Debug, Clone, Subcommand)]
pub enum DbCommand {
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
    },
    /// Revert the database to an earlier revision.
    Downgrade {
        /// Target: base, a revision id or unique prefix, -N, or FROM:TO with --sql.
        #[arg(default_value = "-1", allow_hyphen_values = true)]
        revision: String,
        /// Print the SQL instead of running it.
        #[arg(long)]
        sql: bool,
    },
    /// Show the revision(s) the database is at.
    Current,
    /// List revisions, newest first.
    History,
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

impl DbArgs {
    /// Runs the command as a `main` function would: prints `FAILED: <one line>` on standard
    /// error when it fails, and returns the process's exit code.
    pub async fn run_main(&self, models: DesiredSchema, default_url: Option<String>) -> std::process::ExitCode {
        match self.run(models, default_url).await {
            Ok(()) => std::process::ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("FAILED: {e}");
                std::process::ExitCode::FAILURE
            }
        }
    }

    /// Runs the command. `models` is the application's schema when it declares one in code
    /// (else the schema file is read); `default_url` is used when neither the flag,
    /// `DATABASE_URL` nor the config name a database.
    ///
    /// Errors with a one-line message naming the file, revision or object at fault.
    pub async fn run(&self, models: DesiredSchema, default_url: Option<String>) -> CommandResult<()> {
        let schema = match (&self.schema, models) {
            (Some(path), _) => DesiredSchema::File(Some(path.clone())),
            (None, models) => models,
        };
        let project = Project {
            directory: self.directory.clone(),
            database_url: self.database_url.clone(),
            default_database_url: default_url,
            schema,
        };
        match &self.command {
            DbCommand::Init => command::init(&self.directory),
            DbCommand::Migrate { message, rev_id } => {
                let options = RevisionOptions { message: message.clone(), autogenerate: true, rev_id: rev_id.clone() };
                command::revision(&project, &options).await.map(|_| ())
            }
            DbCommand::Revision { message, autogenerate, rev_id } => {
                let options =
                    RevisionOptions { message: message.clone(), autogenerate: *autogenerate, rev_id: rev_id.clone() };
                command::revision(&project, &options).await.map(|_| ())
            }
            DbCommand::Upgrade { revision, sql } => {
                command::upgrade(&project, revision, &MoveOptions { sql: *sql }).await
            }
            DbCommand::Downgrade { revision, sql } => {
                command::downgrade(&project, revision, &MoveOptions { sql: *sql }).await
            }
            DbCommand::Current => command::current(&project).await,
            DbCommand::History => command::history(&project),
            DbCommand::Heads => command::heads(&project),
            DbCommand::Show { revision } => command::show(&project, revision),
            DbCommand::Stamp { revision } => command::stamp(&project, revision).await,
            DbCommand::Check => command::check(&project).await,
            DbCommand::Merge { revisions, message, rev_id } => {
                command::merge(&project, revisions, message.clone(), rev_id.clone()).map(|_| ())
            }
            DbCommand::Branches => command::branches(&project),
            DbCommand::Edit { revision } => command::edit(&project, revision),
        }
    }
}
