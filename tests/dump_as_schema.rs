//! What the databases' own dump tools write is a valid desired schema: after a migration,
//! `pg_dump --schema-only` / `mysqldump --no-data` of the database, used as `schema.sql`,
//! diffs as empty against that same database — through URLs written the way a
//! Flask-Migrate user writes them (`postgresql+psycopg2://`, `mysql+pymysql://`).

#![cfg(feature = "cli")]
// A build without every dialect leaves the other dialects' helpers unused.
#![cfg_attr(
    not(all(feature = "sqlite", feature = "postgres", feature = "mysql")),
    allow(dead_code, unused_imports, unused_mut, unused_variables)
)]

use std::process::Command;

use alambic::testing::{announce_skip, FreshDatabase, MYSQL_URL_VAR, POSTGRES_URL_VAR};

mod common;
use common::dump::dump_schema;
use common::{alambic, ok};

const SCHEMA: &str = "
CREATE TABLE roles (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(64) UNIQUE);
CREATE TABLE users (
    id INTEGER NOT NULL PRIMARY KEY,
    username VARCHAR(64),
    role_id INTEGER REFERENCES roles (id) ON DELETE CASCADE,
    email VARCHAR(32) NOT NULL DEFAULT '',
    score NUMERIC(10, 2) DEFAULT 0,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT ck_users_score CHECK (score >= 0)
);
CREATE UNIQUE INDEX ix_users_username ON users (username);
CREATE INDEX ix_users_role_email ON users (role_id, email);
";

/// Migrates to SCHEMA through `flask_url`, dumps the database with its own tool, and
/// checks the dump as schema.
fn dump_diffs_empty(url: &str, flask_url: &str) {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path();
    std::fs::write(dir.join("schema.sql"), SCHEMA).expect("schema");
    for args in [&["init"][..], &["migrate", "-m", "initial"], &["upgrade"]] {
        ok(dir, flask_url, args);
    }
    let dumped = dump_schema(url);
    std::fs::write(dir.join("dump.sql"), &dumped).expect("dump written");
    let check = alambic(dir, url, &["check", "--schema", "dump.sql"]);
    let out = format!("{}{}", check.stdout, check.stderr);
    assert!(check.ok, "the dump differs from the database it came from:\n{out}\n--- dump ---\n{dumped}");
    assert!(out.contains("No new upgrade operations detected."), "{out}");
}

fn have(tool: &str, suite: &str) -> bool {
    let found = Command::new(tool).arg("--version").output().is_ok_and(|o| o.status.success());
    if !found {
        announce_skip(suite, &format!("{tool} (not installed)"));
    }
    found
}

#[cfg(feature = "postgres")]
#[tokio::test]
async fn pg_dump_schema_only_is_a_desired_schema() {
    let suite = "pg_dump output as schema.sql";
    let Some(db) = FreshDatabase::create(POSTGRES_URL_VAR, suite).await else { return };
    if have("pg_dump", suite) {
        let flask_url = db.url.replacen("postgres://", "postgresql+psycopg2://", 1);
        dump_diffs_empty(&db.url, &flask_url);
    }
    db.drop_database().await.expect("drop");
}

#[cfg(feature = "mysql")]
#[tokio::test]
async fn mysqldump_no_data_is_a_desired_schema() {
    let suite = "mysqldump output as schema.sql";
    let Some(db) = FreshDatabase::create(MYSQL_URL_VAR, suite).await else { return };
    if have("mysqldump", suite) {
        let flask_url = db.url.replacen("mysql://", "mysql+pymysql://", 1);
        dump_diffs_empty(&db.url, &flask_url);
    }
    db.drop_database().await.expect("drop");
}
