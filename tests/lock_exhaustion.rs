//! PostgreSQL: a revision that takes more locks in one transaction than the server's lock
//! table holds (`max_locks_per_transaction` × connections) fails with SQLSTATE 53200
//! ("out of shared memory"). The error says what to do in one line, and the database is
//! as it was: the revision's transaction rolled back.

#![cfg(all(feature = "cli", feature = "postgres"))]

use alambic::dialect::connect;
use alambic::testing::{FreshDatabase, POSTGRES_URL_VAR};

mod common;
use common::{alambic, ok};

const FIRST: &str = "revision = \"bbbbbbbbbbb1\"\ndown_revision = []\nmessage = \"items\"\n\n\
[[upgrade]]\nexecute = { sql = \"CREATE TABLE items (id INTEGER NOT NULL PRIMARY KEY, name TEXT)\" }\n\n\
[[upgrade]]\nexecute = { sql = \"INSERT INTO items VALUES (1, 'one'), (2, 'two')\" }\n\n\
[[downgrade]]\nexecute = { sql = \"DROP TABLE items\" }\n";

#[tokio::test]
async fn lock_exhaustion_says_what_to_do_and_changes_nothing() {
    let Some(fresh) = FreshDatabase::create(POSTGRES_URL_VAR, "lock exhaustion on PostgreSQL").await else { return };
    let url = fresh.url.as_str();
    let mut db = connect(url).await.expect("connects");
    let setting = |rows: Vec<String>| rows.first().and_then(|v| v.parse::<usize>().ok()).expect("a number");
    let locks = setting(db.fetch_strings("SHOW max_locks_per_transaction").await.expect("setting"));
    let connections = setting(db.fetch_strings("SHOW max_connections").await.expect("setting"));
    let prepared = setting(db.fetch_strings("SHOW max_prepared_transactions").await.expect("setting"));
    // Each new table takes at least one lock held to the end of the transaction; twice the
    // lock table's nominal size is more than its slack.
    let tables = 2 * locks * (connections + prepared);

    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    ok(dir, url, &["init"]);
    let versions = dir.join("migrations/versions");
    std::fs::write(versions.join("bbbbbbbbbbb1_items.toml"), FIRST).expect("script");
    ok(dir, url, &["upgrade"]);
    let second = format!(
        "revision = \"bbbbbbbbbbb2\"\ndown_revision = \"bbbbbbbbbbb1\"\nmessage = \"many tables\"\n\n\
         [[upgrade]]\nexecute = {{ sql = \"UPDATE items SET name = 'changed'\" }}\n\n\
         [[upgrade]]\nexecute = {{ sql = \"DO $$ BEGIN FOR i IN 1..{tables} LOOP \
         EXECUTE format('CREATE TABLE many_%s (id int)', i); END LOOP; END $$\" }}\n"
    );
    std::fs::write(versions.join("bbbbbbbbbbb2_many_tables.toml"), second).expect("script");
    let before = db.inspect(&[]).await.expect("inspects");

    let failed = alambic(dir, url, &["upgrade"]);
    assert!(!failed.ok, "the upgrade should run out of locks:\n{}", failed.stderr);
    let lines: Vec<&str> = failed.stderr.lines().filter(|l| l.starts_with("FAILED")).collect();
    assert_eq!(lines.len(), 1, "one FAILED line expected in\n{}", failed.stderr);
    let line = lines[0];
    for part in [
        "revision bbbbbbbbbbb2",
        "statement 2 ",
        "out of shared memory",
        "the revision was rolled back",
        "raise max_locks_per_transaction",
        "move in smaller steps (upgrade +N, downgrade -N)",
    ] {
        assert!(line.contains(part), "{part:?} missing from {line:?}");
    }

    assert_eq!(db.inspect(&[]).await.expect("inspects"), before, "the failed revision left traces");
    assert_eq!(db.fetch_strings("SELECT name FROM items ORDER BY id").await.expect("rows"), ["one", "two"]);
    let many = db.fetch_strings("SELECT count(*)::text FROM pg_class WHERE relname LIKE 'many_%'").await;
    assert_eq!(many.expect("count"), ["0"]);
    assert_eq!(ok(dir, url, &["current"]).stdout.trim(), "bbbbbbbbbbb1");
}
