//! A revision that fails half-way, through the `alambic` binary, on every database.
//!
//! The first revision creates a table with rows; a hand-written second revision adds a
//! column (succeeds) and then inserts into a table that does not exist (fails). The error
//! is one line naming the revision, the failing statement's number and its SQL, and the
//! version table stays at the first revision. On SQLite and PostgreSQL the database is
//! exactly as before the revision. On MySQL/MariaDB, which cannot roll DDL back, the added
//! column stays; once the script is fixed, `upgrade` resumes after it and completes.

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
use common::{alambic, ok};

const SCHEMA: &str = "CREATE TABLE items (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(20) NOT NULL);\n";

const FAILING_SQL: &str = "INSERT INTO nope VALUES (1)";

/// The script file of the revision whose file name ends with `suffix`.
fn script_path(dir: &Path, suffix: &str) -> std::path::PathBuf {
    std::fs::read_dir(dir.join("migrations/versions"))
        .expect("versions dir")
        .map(|e| e.expect("entry").path())
        .find(|p| p.to_string_lossy().ends_with(suffix))
        .unwrap_or_else(|| panic!("no script ending with {suffix}"))
}

fn rev_of(path: &Path) -> String {
    path.file_name().expect("file name").to_string_lossy()[..12].to_string()
}

/// A hand-written second revision: add a column, then run `second`.
fn write_second(path: &Path, rev1: &str, rev2: &str, second: &str) {
    let text = format!(
        r#"# add a note, then fill it in
revision = "{rev2}"
down_revision = "{rev1}"
message = "add note"

[[upgrade]]
add_column = {{ table = "items", name = "note", type = "string(20)", nullable = true }}

[[upgrade]]
execute = {{ sql = "{second}" }}

[[downgrade]]
drop_column = {{ table = "items", name = "note" }}
"#
    );
    std::fs::write(path, text).expect("script written");
}

async fn strings(conn: &mut dyn Connection, sql: &str) -> Vec<String> {
    conn.fetch_strings(sql).await.unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// What may not change when a revision fails on a database that rolls DDL back.
async fn snapshot(conn: &mut dyn Connection) -> Snapshot {
    let schema = conn.inspect(&["alembic_version", "alambic_history"]).await.expect("inspects");
    let rows = strings(conn, "SELECT name FROM items ORDER BY id").await;
    let version = strings(conn, "SELECT version_num FROM alembic_version").await;
    (schema, rows, version)
}

/// What the database holds: its schema, the rows of `items`, the version table.
type Snapshot = (alambic::schema::Schema, Vec<String>, Vec<String>);

/// Sets up rev1 with rows and the failing rev2; runs `upgrade` and checks the error.
/// Returns the two revision ids, a snapshot taken just before the failing upgrade, and the
/// error line.
async fn fail_half_way(dir: &Path, url: &str, db: &mut dyn Connection) -> (String, String, Snapshot, String) {
    std::fs::write(dir.join("schema.sql"), SCHEMA).expect("schema written");
    ok(dir, url, &["init"]);
    ok(dir, url, &["migrate", "-m", "create items"]);
    let rev1 = rev_of(&script_path(dir, "_create_items.toml"));
    ok(dir, url, &["upgrade"]);
    db.execute("INSERT INTO items (id, name) VALUES (1, 'one'), (2, 'two')").await.expect("rows");

    ok(dir, url, &["revision", "-m", "add note"]);
    let path = script_path(dir, "_add_note.toml");
    let rev2 = rev_of(&path);
    write_second(&path, &rev1, &rev2, FAILING_SQL);
    let before = snapshot(db).await;

    let failed = alambic(dir, url, &["upgrade"]);
    assert!(!failed.ok, "upgrade should fail:\n{}\n{}", failed.stdout, failed.stderr);
    let lines: Vec<&str> = failed.stderr.lines().filter(|l| l.starts_with("FAILED")).collect();
    assert_eq!(lines.len(), 1, "one FAILED line expected in\n{}", failed.stderr);
    let line = lines[0];
    for part in [format!("revision {rev2}"), "statement 2 ".to_string(), FAILING_SQL.to_string()] {
        assert!(line.contains(&part), "{part:?} missing from {line:?}");
    }
    assert!(!line.contains("statement 1 "), "{line}");
    assert_eq!(strings(db, "SELECT version_num FROM alembic_version").await, [rev1.as_str()]);
    (rev1, rev2, before, line.to_string())
}

/// SQLite and PostgreSQL: the failure leaves everything as before; the fixed script then
/// upgrades.
async fn rolled_back(url: &str) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    let mut db = connect(url).await.expect("connects");
    let (rev1, rev2, before, line) = fail_half_way(dir, url, db.as_mut()).await;
    assert!(line.ends_with("the revision was rolled back"), "{line}");
    let after = snapshot(db.as_mut()).await;
    assert_eq!(after, before, "the failed revision left traces");
    assert_eq!(after.1, ["one", "two"]);
    assert_eq!(after.2, [rev1.as_str()]);
    let items = after.0.table("items").expect("items");
    assert!(items.column("note").is_none(), "the added column was not rolled back");
    assert_eq!(after.0.tables.len(), 1, "{:?}", after.0.tables.keys().collect::<Vec<_>>());
    // A second failing run changes nothing either.
    let again = alambic(dir, url, &["upgrade"]);
    assert!(!again.ok);
    assert_eq!(snapshot(db.as_mut()).await, after);

    let path = script_path(dir, "_add_note.toml");
    write_second(&path, &rev1, &rev2, "UPDATE items SET note = 'fixed'");
    ok(dir, url, &["upgrade"]);
    assert_eq!(strings(db.as_mut(), "SELECT version_num FROM alembic_version").await, [rev2]);
    assert_eq!(strings(db.as_mut(), "SELECT name FROM items ORDER BY id").await, ["one", "two"]);
    assert_eq!(strings(db.as_mut(), "SELECT note FROM items ORDER BY id").await, ["fixed", "fixed"]);
    ok(dir, url, &["downgrade", "-1"]);
    assert_eq!(snapshot(db.as_mut()).await, after);
}

#[cfg(feature = "sqlite")]
#[tokio::test]
async fn failed_revision_on_sqlite_leaves_the_database_as_before() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let url = format!("sqlite://{}", tmp.path().join("app.db").display());
    rolled_back(&url).await;
}

#[cfg(feature = "postgres")]
#[tokio::test]
async fn failed_revision_on_postgresql_leaves_the_database_as_before() {
    let Some(db) = FreshDatabase::create(POSTGRES_URL_VAR, "failures on PostgreSQL").await else { return };
    rolled_back(&db.url).await;
    db.drop_database().await.expect("drops");
}

#[cfg(feature = "mysql")]
#[tokio::test]
async fn failed_revision_on_mariadb_keeps_the_version_and_resumes_after_a_fix() {
    let Some(fresh) = FreshDatabase::create(MYSQL_URL_VAR, "failures on MySQL/MariaDB").await else { return };
    let url = fresh.url.as_str();
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    let mut db = connect(url).await.expect("connects");
    let (rev1, rev2, _, line) = fail_half_way(dir, url, db.as_mut()).await;
    assert!(line.contains("it resumes at statement 2"), "{line}");

    // MySQL cannot roll DDL back: the first statement's column is there, the rows too.
    let live = db.inspect(&["alembic_version", "alambic_history"]).await.expect("inspects");
    assert!(live.table("items").expect("items").column("note").is_some(), "the added column should stay");
    assert_eq!(strings(db.as_mut(), "SELECT name FROM items ORDER BY id").await, ["one", "two"]);
    // Running it again before fixing anything resumes at the failed statement, which fails
    // again; the column is not added twice.
    let failed = alambic(dir, url, &["upgrade"]);
    assert!(!failed.ok);
    let line = failed.stderr.lines().find(|l| l.starts_with("FAILED")).expect("FAILED line");
    assert!(line.contains(&format!("revision {rev2}")) && line.contains("statement 2 "), "{line}");
    assert_eq!(strings(db.as_mut(), "SELECT version_num FROM alembic_version").await, [rev1.as_str()]);

    // Fix the script, upgrade again: it resumes after the column.
    let path = script_path(dir, "_add_note.toml");
    write_second(&path, &rev1, &rev2, "UPDATE items SET note = 'fixed'");
    let up = ok(dir, url, &["upgrade"]);
    assert!(up.stderr.contains(&format!("Running upgrade {rev1} -> {rev2}, add note")), "{}", up.stderr);
    assert_eq!(strings(db.as_mut(), "SELECT version_num FROM alembic_version").await, [rev2]);
    assert_eq!(strings(db.as_mut(), "SELECT name FROM items ORDER BY id").await, ["one", "two"]);
    assert_eq!(strings(db.as_mut(), "SELECT note FROM items ORDER BY id").await, ["fixed", "fixed"]);
    let schema = SCHEMA.replace("NOT NULL);", "NOT NULL, note VARCHAR(20));");
    std::fs::write(dir.join("schema.sql"), schema).expect("schema written");
    let check = ok(dir, url, &["check"]);
    assert!(check.stdout.contains("No new upgrade operations detected."), "{}", check.stdout);
    drop(db);
    fresh.drop_database().await.expect("drops");
}

/// A failure at the first statement says nothing was applied, on every database.
async fn first_statement_fails(url: &str) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    std::fs::write(dir.join("schema.sql"), SCHEMA).expect("schema written");
    ok(dir, url, &["init"]);
    ok(dir, url, &["revision", "-m", "broken"]);
    let path = script_path(dir, "_broken.toml");
    let rev = rev_of(&path);
    std::fs::write(
        &path,
        format!("revision = \"{rev}\"\nmessage = \"broken\"\n\n[[upgrade]]\nexecute = {{ sql = \"{FAILING_SQL}\" }}\n"),
    )
    .expect("script written");
    let failed = alambic(dir, url, &["upgrade"]);
    assert!(!failed.ok);
    let line = failed.stderr.lines().find(|l| l.starts_with("FAILED")).expect("FAILED line");
    assert!(line.contains(&format!("revision {rev}: statement 1 (operation 1) failed")), "{line}");
    assert!(line.contains(FAILING_SQL), "{line}");
    assert!(line.contains("rolled back") || line.contains("nothing of the revision was applied"), "{line}");
    assert_eq!(ok(dir, url, &["current"]).stdout.trim(), "");
}

#[tokio::test]
async fn first_statement_failure_on_every_database() {
    let tmp = tempfile::tempdir().expect("tempdir");
    #[cfg(feature = "sqlite")]
    first_statement_fails(&format!("sqlite://{}", tmp.path().join("app.db").display())).await;
    #[cfg(feature = "postgres")]
    if let Some(db) = FreshDatabase::create(POSTGRES_URL_VAR, "first statement failure on PostgreSQL").await {
        first_statement_fails(&db.url).await;
        db.drop_database().await.expect("drops");
    }
    #[cfg(feature = "mysql")]
    if let Some(db) = FreshDatabase::create(MYSQL_URL_VAR, "first statement failure on MySQL/MariaDB").await {
        first_statement_fails(&db.url).await;
        db.drop_database().await.expect("drops");
    }
}
