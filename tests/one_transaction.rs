//! `transaction_per_migration = false` (or `--one-transaction`): a whole upgrade in one
//! transaction where DDL is transactional. Three hand-written revisions: the first two
//! create a table each, the third inserts into a table that does not exist. Run in one
//! transaction, the failure leaves the database as it was before the command (no table,
//! no version row); run per revision (the default), the first two revisions stay.

#![cfg(feature = "cli")]
#![cfg_attr(
    not(all(feature = "sqlite", feature = "postgres")),
    allow(dead_code, unused_imports, unused_mut, unused_variables)
)]

use std::path::Path;

use alambic::dialect::connect;
use alambic::testing::{FreshDatabase, POSTGRES_URL_VAR};

mod common;
use common::{alambic, ok};

const REVISIONS: [(&str, &str, &str, &str); 3] = [
    ("aaaaaaaaaaa1", "", "CREATE TABLE first_t (id INTEGER NOT NULL PRIMARY KEY)", "DROP TABLE first_t"),
    ("aaaaaaaaaaa2", "aaaaaaaaaaa1", "CREATE TABLE second_t (id INTEGER NOT NULL PRIMARY KEY)", "DROP TABLE second_t"),
    ("aaaaaaaaaaa3", "aaaaaaaaaaa2", "INSERT INTO nope VALUES (1)", "SELECT 1"),
];

fn write_revisions(dir: &Path) {
    for (rev, down, up, back) in REVISIONS {
        let down = if down.is_empty() { "[]".to_string() } else { format!("\"{down}\"") };
        let text = format!(
            "revision = \"{rev}\"\ndown_revision = {down}\nmessage = \"step {rev}\"\n\n\
             [[upgrade]]\nexecute = {{ sql = \"{up}\" }}\n\n[[downgrade]]\nexecute = {{ sql = \"{back}\" }}\n"
        );
        std::fs::write(dir.join(format!("migrations/versions/{rev}_step.toml")), text).expect("script");
    }
}

/// The application tables and the version rows.
async fn state(url: &str) -> (usize, Vec<String>) {
    let mut db = connect(url).await.expect("connects");
    let schema = db.inspect(&["alembic_version", "alambic_history"]).await.expect("inspects");
    let version = db.fetch_strings("SELECT version_num FROM alembic_version").await.unwrap_or_default();
    (schema.tables.len(), version)
}

fn failed_in_third(dir: &Path, url: &str, args: &[&str]) {
    let run = alambic(dir, url, args);
    assert!(!run.ok, "{args:?} should fail:\n{}", run.stderr);
    assert!(run.stderr.contains("revision aaaaaaaaaaa3"), "{}", run.stderr);
    assert!(run.stderr.contains("INSERT INTO nope"), "{}", run.stderr);
    for (rev, ..) in REVISIONS {
        assert!(run.stderr.contains(&format!("-> {rev}, step {rev}")), "log line of {rev}:\n{}", run.stderr);
    }
}

async fn one_transaction(url: &str) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    ok(dir, url, &["init"]);
    write_revisions(dir);

    // The flag: nothing of the three revisions stays.
    failed_in_third(dir, url, &["upgrade", "--one-transaction"]);
    assert_eq!(state(url).await, (0, vec![]));
    assert_eq!(ok(dir, url, &["current"]).stdout.trim(), "");

    // The config key does the same.
    let config = dir.join("migrations/alambic.toml");
    let text = std::fs::read_to_string(&config).expect("config");
    assert!(text.contains("transaction_per_migration = true"), "{text}");
    std::fs::write(&config, text.replace("transaction_per_migration = true", "transaction_per_migration = false"))
        .expect("config");
    failed_in_third(dir, url, &["upgrade"]);
    assert_eq!(state(url).await, (0, vec![]));

    // Up to the second revision in one transaction, then down again in one.
    let up = ok(dir, url, &["upgrade", "aaaaaaaaaaa2"]);
    assert!(up.stderr.contains("-> aaaaaaaaaaa2"), "{}", up.stderr);
    // Into a pipe the log is only log lines: no progress bar.
    assert!(up.stderr.lines().all(|l| l.starts_with("INFO  [")), "{}", up.stderr);
    assert_eq!(state(url).await, (2, vec!["aaaaaaaaaaa2".to_string()]));
    ok(dir, url, &["downgrade", "base"]);
    assert_eq!(state(url).await.0, 0);

    // One transaction per revision (the default): the first two stay.
    std::fs::write(&config, text).expect("config");
    failed_in_third(dir, url, &["upgrade"]);
    assert_eq!(state(url).await, (2, vec!["aaaaaaaaaaa2".to_string()]));
}

#[cfg(feature = "sqlite")]
#[tokio::test]
async fn a_whole_upgrade_in_one_transaction_on_sqlite() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let url = format!("sqlite://{}", tmp.path().join("app.db").display());
    one_transaction(&url).await;
}

#[cfg(feature = "postgres")]
#[tokio::test]
async fn a_whole_upgrade_in_one_transaction_on_postgresql() {
    let Some(db) = FreshDatabase::create(POSTGRES_URL_VAR, "one transaction on PostgreSQL").await else { return };
    one_transaction(&db.url).await;
}
