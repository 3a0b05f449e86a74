//! Identifier limits on the real servers: a desired name longer than the database keeps
//! (PostgreSQL 63 bytes, MySQL/MariaDB 64 characters) stops `migrate` and `check` with one
//! line naming the object and its length, and the database is left untouched — never a
//! silent truncation that every later `check` would report as a change.
//!
//! Server tests need `ALAMBIC_TEST_POSTGRES_URL` / `ALAMBIC_TEST_MYSQL_URL` and skip loudly
//! without them.

#![cfg(any(feature = "postgres", feature = "mysql"))]

use std::path::Path;

use alambic::command::{self, CommandError, DesiredSchema, Project, RevisionOptions};
use alambic::dialect::{connect, DialectError};
use alambic::testing::FreshDatabase;

const SUITE: &str = "identifier limits";

fn project(dir: &Path, url: &str, schema: &str) -> Project {
    let path = dir.join("schema.sql");
    std::fs::write(&path, schema).expect("write schema");
    Project {
        directory: dir.join("migrations"),
        database_url: Some(url.to_string()),
        default_database_url: None,
        schema: DesiredSchema::File(Some(path)),
    }
}

/// The error `migrate` and `check` give for `schema`, which must be a name too long.
async fn too_long(dir: &Path, url: &str, schema: &str) -> String {
    let p = project(dir, url, schema);
    let options = RevisionOptions { message: Some("too long".into()), autogenerate: true, rev_id: None };
    let err = command::revision(&p, &options).await.expect_err("migrate refuses the name");
    assert!(matches!(err, CommandError::Database(DialectError::NameTooLong { .. })), "{err}");
    let check = command::check(&p).await.expect_err("check refuses the name");
    assert_eq!(check.to_string(), err.to_string());
    err.to_string()
}

/// No script was written and the database holds no table.
async fn untouched(dir: &Path, url: &str) {
    let scripts = std::fs::read_dir(dir.join("migrations/versions")).expect("versions").count();
    assert_eq!(scripts, 0, "a script was written");
    let mut db = connect(url).await.expect("connects");
    let live = db.inspect(&["alembic_version", "alambic_history"]).await.expect("inspects");
    assert!(live.tables.is_empty(), "left behind {:?}", live.tables.keys().collect::<Vec<_>>());
}

/// Each kind of object over the limit, then a schema at the limit, which migrates.
async fn names_over_the_limit_are_refused(db: &FreshDatabase, max: usize, unit: &str) {
    let tmp = tempfile::tempdir().expect("tmp");
    command::init(&tmp.path().join("migrations")).expect("init");
    let long = "n".repeat(max + 1);
    let table = format!("CREATE TABLE {long} (id INTEGER PRIMARY KEY);");
    let message = too_long(tmp.path(), &db.url, &table).await;
    let expected = format!("table '{long}' has a name {} {unit} long; the database allows at most {max}", max + 1);
    assert!(message.contains(&expected), "{message}");
    assert!(!message.contains('\n'), "one line: {message}");

    let column = format!("CREATE TABLE t (id INTEGER PRIMARY KEY, {long} INTEGER);");
    let message = too_long(tmp.path(), &db.url, &column).await;
    assert!(message.contains(&format!("column '{long}' on table 't' has a name {}", max + 1)), "{message}");

    let index = format!("CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER);\nCREATE INDEX {long} ON t (a);");
    let message = too_long(tmp.path(), &db.url, &index).await;
    assert!(message.contains(&format!("index '{long}' on table 't'")), "{message}");

    let check = format!("CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, CONSTRAINT {long} CHECK (a > 0));");
    let message = too_long(tmp.path(), &db.url, &check).await;
    assert!(message.contains(&format!("constraint '{long}' on table 't'")), "{message}");
    untouched(tmp.path(), &db.url).await;

    // Exactly at the limit is fine, and reads back unchanged.
    let at_limit = "n".repeat(max);
    let p = project(tmp.path(), &db.url, &format!("CREATE TABLE {at_limit} (id INTEGER PRIMARY KEY);"));
    let options = RevisionOptions { message: Some("at the limit".into()), autogenerate: true, rev_id: None };
    command::revision(&p, &options).await.expect("migrate").expect("a script");
    command::upgrade(&p, "head", &Default::default()).await.expect("upgrade");
    command::check(&p).await.expect("no change after the upgrade");
}

#[cfg(feature = "postgres")]
#[tokio::test]
async fn postgres_names_over_63_bytes_are_refused() {
    let Some(db) = FreshDatabase::create(alambic::testing::POSTGRES_URL_VAR, SUITE).await else { return };
    names_over_the_limit_are_refused(&db, 63, "bytes").await;
}

/// An enum declared inline has no name of its own: PostgreSQL's type is named
/// `<table>_<column>`, which may pass the limit when neither name does.
#[cfg(feature = "postgres")]
#[tokio::test]
async fn postgres_enum_type_names_made_from_table_and_column_are_checked() {
    let Some(db) = FreshDatabase::create(alambic::testing::POSTGRES_URL_VAR, SUITE).await else { return };
    let tmp = tempfile::tempdir().expect("tmp");
    command::init(&tmp.path().join("migrations")).expect("init");
    let (table, column) = ("t".repeat(40), "c".repeat(40));
    let schema = format!("CREATE TABLE {table} (id INTEGER PRIMARY KEY, {column} ENUM('a', 'b'));");
    let message = too_long(tmp.path(), &db.url, &schema).await;
    let expected = format!("enum type '{table}_{column}' on table '{table}' has a name 81 bytes long");
    assert!(message.contains(&expected), "{message}");
    untouched(tmp.path(), &db.url).await;
}

#[cfg(feature = "mysql")]
#[tokio::test]
async fn mysql_names_over_64_characters_are_refused() {
    let Some(db) = FreshDatabase::create(alambic::testing::MYSQL_URL_VAR, SUITE).await else { return };
    names_over_the_limit_are_refused(&db, 64, "characters").await;
}
