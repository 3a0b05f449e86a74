//! The seed's story, end to end through the `alambic` binary: init, migrate, upgrade,
//! rows, migrate again (nothing), add a column, migrate, upgrade, downgrade, a bad
//! downgrade that changes nothing, downgrade to base — on SQLite, PostgreSQL and MariaDB.

#![cfg(feature = "cli")]
// A build without every dialect leaves the other dialects' helpers unused.
#![cfg_attr(
    not(all(feature = "sqlite", feature = "postgres", feature = "mysql")),
    allow(dead_code, unused_imports, unused_mut, unused_variables)
)]

use std::path::Path;

use alambic::dialect::{connect, Connection};
use alambic::testing::{FreshDatabase, MYSQL_URL_VAR, POSTGRES_URL_VAR};

mod common;
use common::{alambic, ok, seed_schema_with_email, SEED_SCHEMA};

fn versions(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir.join("migrations/versions"))
        .expect("versions dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

async fn rows(conn: &mut dyn Connection, sql: &str) -> Vec<String> {
    conn.fetch_strings(sql).await.expect("query runs")
}

async fn walkthrough(url: &str, context_impl: &str, ddl: &str) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    std::fs::write(dir.join("schema.sql"), SEED_SCHEMA).expect("schema written");

    let init = ok(dir, url, &["init"]);
    assert!(init.stdout.contains("Creating directory"), "{}", init.stdout);
    for file in ["migrations/alambic.toml", "migrations/README", "migrations/versions"] {
        assert!(dir.join(file).exists(), "{file} missing");
    }

    let first = ok(dir, url, &["migrate", "-m", "initial migration"]);
    for line in [
        format!("INFO  [alambic.runtime.migration] Context impl {context_impl}."),
        format!("INFO  [alambic.runtime.migration] Will assume {ddl} DDL."),
        "Detected added table 'roles'".to_string(),
        "Detected added table 'users'".to_string(),
        "Detected added index 'ix_users_username' on '['username']'".to_string(),
    ] {
        assert!(first.stderr.contains(&line), "missing {line:?} in\n{}", first.stderr);
    }
    let files = versions(dir);
    assert_eq!(files.len(), 1, "{files:?}");
    let rev1 = files[0][..12].to_string();
    assert!(rev1.chars().all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()), "{rev1}");
    assert_eq!(files[0], format!("{rev1}_initial_migration.toml"));
    assert!(first.stdout.contains("Generating"), "{}", first.stdout);

    let up = ok(dir, url, &["upgrade"]);
    assert!(up.stderr.contains(&format!("Running upgrade  -> {rev1}, initial migration")), "{}", up.stderr);

    let mut db = connect(url).await.expect("connects");
    db.execute("INSERT INTO roles (id, name) VALUES (1, 'admin'), (2, 'user')").await.expect("roles");
    db.execute("INSERT INTO users (id, username, role_id) VALUES (1, 'ann', 1), (2, 'bob', 2), (3, 'cy', NULL)")
        .await
        .expect("users");

    let again = ok(dir, url, &["migrate", "-m", "nothing"]);
    assert!(again.stderr.contains("No changes in schema detected."), "{}", again.stderr);
    assert_eq!(versions(dir).len(), 1);

    let v2 = seed_schema_with_email();
    std::fs::write(dir.join("schema.sql"), v2).expect("schema written");
    let second = ok(dir, url, &["migrate", "-m", "add email column to user table"]);
    assert!(second.stderr.contains("Detected added column 'users.email'"), "{}", second.stderr);
    let rev2 =
        versions(dir).into_iter().find(|f| f.ends_with("_add_email_column_to_user_table.toml")).expect("second script")
            [..12]
            .to_string();

    let up2 = ok(dir, url, &["upgrade"]);
    assert!(
        up2.stderr.contains(&format!("Running upgrade {rev1} -> {rev2}, add email column to user table")),
        "{}",
        up2.stderr
    );
    assert_eq!(rows(db.as_mut(), "SELECT username FROM users ORDER BY id").await, ["ann", "bob", "cy"]);
    assert_eq!(rows(db.as_mut(), "SELECT email FROM users ORDER BY id").await, ["", "", ""]);

    let current = ok(dir, url, &["current"]);
    assert_eq!(current.stdout.trim(), format!("{rev2} (head)"));
    let history = ok(dir, url, &["history"]);
    assert_eq!(
        history.stdout.lines().collect::<Vec<_>>(),
        [
            format!("{rev1} -> {rev2} (head), add email column to user table"),
            format!("<base> -> {rev1}, initial migration"),
        ]
    );

    let down = ok(dir, url, &["downgrade", &rev1]);
    assert!(
        down.stderr.contains(&format!("Running downgrade {rev2} -> {rev1}, add email column to user table")),
        "{}",
        down.stderr
    );
    let live = db.inspect(&["alembic_version", "alambic_history"]).await.expect("inspects");
    assert!(live.table("users").expect("users").column("email").is_none());
    assert_eq!(rows(db.as_mut(), "SELECT username FROM users ORDER BY id").await, ["ann", "bob", "cy"]);
    assert_eq!(rows(db.as_mut(), "SELECT name FROM roles ORDER BY id").await, ["admin", "user"]);

    let bad = alambic(dir, url, &["downgrade", "ffffffffffff"]);
    assert!(!bad.ok);
    assert!(bad.stderr.contains("ffffffffffff"), "{}", bad.stderr);
    assert_eq!(bad.stderr.trim().lines().filter(|l| l.starts_with("FAILED")).count(), 1, "{}", bad.stderr);
    assert_eq!(ok(dir, url, &["current"]).stdout.trim(), rev1);
    assert_eq!(rows(db.as_mut(), "SELECT username FROM users ORDER BY id").await, ["ann", "bob", "cy"]);

    ok(dir, url, &["downgrade", "base"]);
    let live = db.inspect(&["alembic_version", "alambic_history"]).await.expect("inspects");
    assert!(live.tables.is_empty(), "{:?}", live.tables.keys().collect::<Vec<_>>());
    assert_eq!(ok(dir, url, &["current"]).stdout.trim(), "");
}

#[cfg(feature = "sqlite")]
#[tokio::test]
async fn seed_walkthrough_on_sqlite() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let url = format!("sqlite://{}", tmp.path().join("app.db").display());
    walkthrough(&url, "SQLiteImpl", "transactional").await;
}

#[cfg(feature = "postgres")]
#[tokio::test]
async fn seed_walkthrough_on_postgresql() {
    let Some(db) = FreshDatabase::create(POSTGRES_URL_VAR, "seed walkthrough on PostgreSQL").await else { return };
    walkthrough(&db.url, "PostgresqlImpl", "transactional").await;
    db.drop_database().await.expect("drops");
}

#[cfg(feature = "mysql")]
#[tokio::test]
async fn seed_walkthrough_on_mariadb() {
    let Some(db) = FreshDatabase::create(MYSQL_URL_VAR, "seed walkthrough on MySQL/MariaDB").await else { return };
    walkthrough(&db.url, "MySQLImpl", "non-transactional").await;
    db.drop_database().await.expect("drops");
}
