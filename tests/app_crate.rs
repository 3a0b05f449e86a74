//! An application crate outside this workspace, as a user writes one: it depends on
//! alambic by path, declares the seed's models with `#[derive(Model)]`, embeds the `db`
//! command in its own command line, and ships a server binary that migrates its database
//! at start-up from migrations compiled into it.
//!
//! The test builds that crate, runs the seed's walkthrough through its `db` command on
//! every database — init, migrate, upgrade, add the `email` field, migrate, upgrade,
//! downgrade — and checks each command logs exactly what the standalone `alambic` binary
//! logs for the equivalent `schema.sql`. Then it builds the server with the scripts
//! embedded, removes the migrations directory, and starts the server on empty databases.

// The walkthrough's first database, and the server's scripts, are SQLite's.
#![cfg(all(feature = "cli", feature = "sqlite"))]
// A build without every dialect leaves the other dialects' helpers unused.
#![cfg_attr(
    not(all(feature = "sqlite", feature = "postgres", feature = "mysql")),
    allow(dead_code, unused_imports, unused_mut, unused_variables)
)]

use std::path::{Path, PathBuf};
use std::process::Command;

use alambic::dialect::connect;
use alambic::testing::{FreshDatabase, MYSQL_URL_VAR, POSTGRES_URL_VAR};

mod common;
use common::{seed_schema_with_email, SEED_SCHEMA};

const MAIN_RS: &str = r#"
use alambic::cli::DbCommand;
use alambic::Model;
use clap::Parser;

#[derive(Model)]
#[alambic(table = "roles")]
#[allow(dead_code)]
struct Role {
    #[alambic(primary_key)]
    id: i32,
    #[alambic(length = 64, unique)]
    name: Option<String>,
}

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
    //EMAIL #[alambic(length = 32, server_default = "''")]
    //EMAIL email: String,
}

#[derive(Parser)]
enum Cli {
    /// Database migrations.
    Db(alambic::cli::DbArgs),
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    alambic::log::init();
    let Cli::Db(db) = Cli::parse();
    DbCommand::new().models(alambic::models![Role, User]).default_url("sqlite://hello.db").run(db).await
}
"#;

const SERVER_RS: &str = r#"
use std::str::FromStr;

static MIGRATIONS: alambic::embedded::Migrator = alambic::embed_migrations!("migrations");

#[tokio::main]
async fn main() {
    alambic::log::init();
    let url = std::env::var("DATABASE_URL").expect("DATABASE_URL");
    // The application's own pool, as it would open it anyway.
    let applied = if url.starts_with("sqlite") {
        let options = sqlx::sqlite::SqliteConnectOptions::from_str(&url).expect("url").create_if_missing(true);
        let pool = sqlx::SqlitePool::connect_with(options).await.expect("pool");
        MIGRATIONS.upgrade(&pool).await
    } else if url.starts_with("postgres") {
        let pool = sqlx::PgPool::connect(&url).await.expect("pool");
        MIGRATIONS.upgrade(&pool).await
    } else {
        let pool = sqlx::MySqlPool::connect(&url).await.expect("pool");
        MIGRATIONS.upgrade(&pool).await
    };
    match applied {
        Ok(revisions) => println!("started; applied [{}]", revisions.join(", ")),
        Err(e) => {
            eprintln!("FAILED: {e}");
            std::process::exit(1);
        }
    }
}
"#;

/// A server database this build has the dialect of.
struct Server {
    var: &'static str,
    name: &'static str,
    context: &'static str,
    label: &'static str,
}

/// The servers the walkthrough and the start-up run on, besides SQLite.
fn servers() -> Vec<Server> {
    let all = [
        (
            cfg!(feature = "postgres"),
            Server { var: POSTGRES_URL_VAR, name: "postgresql", context: "PostgresqlImpl", label: "PostgreSQL" },
        ),
        (
            cfg!(feature = "mysql"),
            Server { var: MYSQL_URL_VAR, name: "mysql", context: "MySQLImpl", label: "MySQL/MariaDB" },
        ),
    ];
    all.into_iter().filter_map(|(built, server)| built.then_some(server)).collect()
}

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The workspace's target directory, so the application reuses the compiled dependencies.
fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| workspace().join("target"))
}

fn write_crate(dir: &Path, with_email: bool) {
    let manifest = format!(
        r#"[package]
name = "hello_app"
version = "0.1.0"
edition = "2021"

[dependencies]
alambic = {{ path = "{}" }}
clap = {{ version = "4", features = ["derive"] }}
tokio = {{ version = "1", features = ["rt-multi-thread", "macros"] }}
sqlx = {{ version = "0.8", default-features = false, features = ["runtime-tokio", "sqlite", "postgres", "mysql"] }}

[workspace]
"#,
        workspace().display()
    );
    std::fs::create_dir_all(dir.join("src/bin")).expect("dirs");
    std::fs::write(dir.join("Cargo.toml"), manifest).expect("manifest");
    std::fs::copy(workspace().join("Cargo.lock"), dir.join("Cargo.lock")).expect("lock file");
    let main = if with_email { MAIN_RS.replace("//EMAIL ", "") } else { MAIN_RS.to_string() };
    std::fs::write(dir.join("src/main.rs"), main).expect("main.rs");
}

fn cargo_build(dir: &Path, bin: &str) -> PathBuf {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target_dir().join("app-crate"))
        .args(["build", "--quiet", "--bin", bin])
        .output()
        .expect("cargo runs");
    assert!(out.status.success(), "building {bin} failed:\n{}", String::from_utf8_lossy(&out.stderr));
    target_dir().join("app-crate/debug").join(bin)
}

struct Run {
    ok: bool,
    stdout: String,
    stderr: String,
}

fn run(exe: &Path, dir: &Path, url: &str, args: &[&str]) -> Run {
    let out = Command::new(exe)
        .current_dir(dir)
        .env("DATABASE_URL", url)
        .env_remove("RUST_LOG")
        .args(args)
        .output()
        .expect("runs");
    Run {
        ok: out.status.success(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Log lines with revision ids and paths masked, for comparing two runs.
fn masked(log: &str, revs: &[String]) -> Vec<String> {
    log.lines()
        .map(|l| {
            let mut l = l.to_string();
            for (i, r) in revs.iter().enumerate() {
                l = l.replace(r.as_str(), &format!("<rev{}>", i + 1));
            }
            l
        })
        .filter(|l| !l.contains("Generating"))
        .collect()
}

/// The revisions of a migrations directory, oldest first.
fn revisions(dir: &Path) -> Vec<String> {
    let scripts = alambic::script::ScriptDirectory::open(dir.join("migrations")).expect("migrations");
    let (graph, _) = scripts.graph().expect("graph");
    graph.history().iter().rev().map(|r| r.id.clone()).collect()
}

struct Db {
    name: &'static str,
    context: &'static str,
    app_url: String,
    cli_url: String,
    app_dir: tempfile::TempDir,
    cli_dir: tempfile::TempDir,
}

/// Runs the same step through the application and through the standalone binary and
/// checks both log the same lines.
fn same_step(db: &Db, app: &Path, cli: &Path, app_args: &[&str], cli_args: &[&str]) -> Run {
    let a = run(app, db.app_dir.path(), &db.app_url, app_args);
    assert!(a.ok, "[{}] app {app_args:?} failed:\n{}", db.name, a.stderr);
    let c = run(cli, db.cli_dir.path(), &db.cli_url, cli_args);
    assert!(c.ok, "[{}] alambic {cli_args:?} failed:\n{}", db.name, c.stderr);
    let (ra, rc) = (revisions(db.app_dir.path()), revisions(db.cli_dir.path()));
    assert_eq!(masked(&a.stderr, &ra), masked(&c.stderr, &rc), "[{}] {app_args:?}", db.name);
    a
}

#[test]
fn an_application_crate_runs_the_seed_walkthrough_and_migrates_itself_at_start_up() {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    let app_crate = tempfile::tempdir().expect("crate dir");
    write_crate(app_crate.path(), false);
    let app_v1 = cargo_build(app_crate.path(), "hello_app");
    let app_v1_copy = app_crate.path().join("hello_app_v1");
    std::fs::copy(&app_v1, &app_v1_copy).expect("keep v1");
    let cli = PathBuf::from(env!("CARGO_BIN_EXE_alambic"));

    let tmp = tempfile::tempdir().expect("tmp");
    let mut dbs = vec![Db {
        name: "sqlite",
        context: "SQLiteImpl",
        app_url: format!("sqlite://{}", tmp.path().join("app.db").display()),
        cli_url: format!("sqlite://{}", tmp.path().join("cli.db").display()),
        app_dir: tempfile::tempdir().expect("dir"),
        cli_dir: tempfile::tempdir().expect("dir"),
    }];
    let mut fresh = Vec::new();
    for Server { var, name, context, .. } in servers() {
        let suite = format!("application crate walkthrough on {name}");
        let (Some(a), Some(c)) =
            rt.block_on(async { (FreshDatabase::create(var, &suite).await, FreshDatabase::create(var, &suite).await) })
        else {
            continue;
        };
        dbs.push(Db {
            name,
            context,
            app_url: a.url.clone(),
            cli_url: c.url.clone(),
            app_dir: tempfile::tempdir().expect("dir"),
            cli_dir: tempfile::tempdir().expect("dir"),
        });
        fresh.push(a);
        fresh.push(c);
    }

    // First half, with the first models.
    for db in &dbs {
        std::fs::write(db.cli_dir.path().join("schema.sql"), SEED_SCHEMA).expect("schema");
        let a = run(&app_v1_copy, db.app_dir.path(), &db.app_url, &["db", "init"]);
        assert!(a.ok && a.stdout.contains("Creating directory"), "{}", a.stderr);
        assert!(run(&cli, db.cli_dir.path(), &db.cli_url, &["init"]).ok);
        let m = same_step(
            db,
            &app_v1_copy,
            &cli,
            &["db", "migrate", "-m", "initial migration"],
            &["migrate", "-m", "initial migration"],
        );
        for line in [
            format!("Context impl {}.", db.context),
            "Detected added table 'roles'".into(),
            "Detected added table 'users'".into(),
            "Detected added index 'ix_users_username' on '['username']'".into(),
        ] {
            assert!(m.stderr.contains(&line), "[{}] missing {line:?}:\n{}", db.name, m.stderr);
        }
        let rev1 = revisions(db.app_dir.path())[0].clone();
        let u = same_step(db, &app_v1_copy, &cli, &["db", "upgrade"], &["upgrade"]);
        assert!(u.stderr.contains(&format!("Running upgrade  -> {rev1}, initial migration")), "{}", u.stderr);
    }

    // The developer adds `email` to `User` and rebuilds.
    write_crate(app_crate.path(), true);
    let app_v2 = cargo_build(app_crate.path(), "hello_app");
    for db in &dbs {
        std::fs::write(db.cli_dir.path().join("schema.sql"), seed_schema_with_email()).expect("schema");
        let m = same_step(
            db,
            &app_v2,
            &cli,
            &["db", "migrate", "-m", "add email column to user table"],
            &["migrate", "-m", "add email column to user table"],
        );
        assert!(m.stderr.contains("Detected added column 'users.email'"), "{}", m.stderr);
        let revs = revisions(db.app_dir.path());
        let u = same_step(db, &app_v2, &cli, &["db", "upgrade"], &["upgrade"]);
        assert!(
            u.stderr.contains(&format!("Running upgrade {} -> {}, add email column to user table", revs[0], revs[1])),
            "{}",
            u.stderr
        );
        let cli_rev1 = revisions(db.cli_dir.path())[0].clone();
        let d = same_step(db, &app_v2, &cli, &["db", "downgrade", &revs[0]], &["downgrade", &cli_rev1]);
        assert!(
            d.stderr.contains(&format!("Running downgrade {} -> {}, add email column to user table", revs[1], revs[0])),
            "{}",
            d.stderr
        );
    }

    // The server, with the SQLite walkthrough's two scripts compiled in and no migrations
    // directory at run time, upgrades empty databases to head as it starts.
    let scripts = dbs[0].app_dir.path().join("migrations");
    copy_dir(&scripts, &app_crate.path().join("migrations"));
    std::fs::write(app_crate.path().join("src/bin/server.rs"), SERVER_RS).expect("server.rs");
    let server = cargo_build(app_crate.path(), "server");
    std::fs::remove_dir_all(app_crate.path().join("migrations")).expect("migrations removed");
    let revs = revisions(dbs[0].app_dir.path());
    let run_dir = tempfile::tempdir().expect("dir");
    let mut targets = vec![format!("sqlite://{}", tmp.path().join("server.db").display())];
    for Server { var, label, .. } in servers() {
        let suite = format!("server start-up on {label}");
        if let Some(db) = rt.block_on(FreshDatabase::create(var, &suite)) {
            targets.push(db.url.clone());
            fresh.push(db);
        }
    }
    for url in &targets {
        let s = run(&server, run_dir.path(), url, &[]);
        assert!(s.ok, "server on {url} failed:\n{}", s.stderr);
        assert!(s.stdout.contains(&format!("applied [{}, {}]", revs[0], revs[1])), "{}", s.stdout);
        rt.block_on(async {
            let mut conn = connect(url).await.expect("connects");
            let live = conn.inspect(&["alembic_version", "alambic_history"]).await.expect("inspects");
            assert!(live.table("users").and_then(|t| t.column("email")).is_some(), "{url}: {live:?}");
            let version = conn.fetch_strings("SELECT version_num FROM alembic_version").await.expect("version");
            assert_eq!(version, [revs[1].clone()]);
        });
        // A second start finds nothing to do.
        let again = run(&server, run_dir.path(), url, &[]);
        assert!(again.ok && again.stdout.contains("applied []"), "{}", again.stdout);
    }
    rt.block_on(async {
        for db in fresh {
            db.drop_database().await.expect("drop");
        }
    });
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("dir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}
