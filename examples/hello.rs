//! The Flask-Migrate tutorial's `hello.py`, in Rust: two models and the `db` command in
//! the application's own command line.
//!
//! ```text
//! cargo run --example hello -- db init
//! cargo run --example hello -- db migrate -m "initial migration"
//! cargo run --example hello -- db upgrade
//! # uncomment `email` in `User` below, then:
//! cargo run --example hello -- db migrate -m "add email column to user table"
//! cargo run --example hello -- db upgrade
//! cargo run --example hello -- db downgrade <first revision>
//! ```
//!
//! The database is `sqlite://hello.db` unless `DATABASE_URL` (or `--database-url`) names
//! another; PostgreSQL and MySQL URLs work the same.

use alambic::cli::DbCommand;
use alambic::Model;
use clap::Parser;

/// A role users can have.
#[derive(Model)]
#[alambic(table = "roles")]
#[allow(dead_code)]
struct Role {
    #[alambic(primary_key)]
    id: i32,
    #[alambic(length = 64, unique)]
    name: Option<String>,
}

/// A user of the application.
#[derive(Model)]
#[alambic(table = "users")]
#[allow(dead_code)]
struct User {
    #[alambic(primary_key)]
    id: i32,
    #[alambic(length = 64, unique, index)]
    username: Option<String>,
    #[alambic(references = "roles.id")]
    role_id: Option<i32>,
    // #[alambic(length = 32, server_default = "''")]
    // email: String,
}

/// hello: the tutorial's application.
#[derive(Parser)]
enum Cli {
    /// Database migrations: init, migrate, upgrade, downgrade, history, …
    Db(alambic::cli::DbArgs),
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> std::process::ExitCode {
    alambic::log::init();
    let Cli::Db(db) = Cli::parse();
    DbCommand::new().models(alambic::models![Role, User]).default_url("sqlite://hello.db").run(db).await
}
