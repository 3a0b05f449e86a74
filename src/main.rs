//! The standalone `alambic` binary: the shared command line over a `schema.sql` file.

use clap::Parser;

/// Alembic-style schema migrations: init, migrate, upgrade, downgrade.
#[derive(Parser)]
#[command(name = "alambic", version, about)]
struct Cli {
    #[command(flatten)]
    db: alambic::cli::DbArgs,
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> std::process::ExitCode {
    alambic::log::init();
    let cli = Cli::parse();
    alambic::cli::DbCommand::new().run(cli.db).await
}
