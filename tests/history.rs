//! The history table (`alambic_history`) and the tamper check, through the `alambic`
//! binary and embedded migrations: every applied step is recorded with its script's
//! checksum, times and alambic's version; `upgrade` refuses to run when an applied script
//! changed (line endings and trailing whitespace aside) unless `--allow-modified`;
//! `history -v` shows when each revision was applied.

#![cfg(feature = "cli")]
// A build without every dialect leaves the other dialects' helpers unused.
#![cfg_attr(
    not(all(feature = "sqlite", feature = "postgres", feature = "mysql")),
    allow(dead_code, unused_imports, unused_mut, unused_variables)
)]

use std::path::{Path, PathBuf};

use alambic::dialect::{connect, Connection};
use alambic::runtime::{HistoryRecord, HistoryTable, TOOL_VERSION};
use alambic::script::file::checksum;
use alambic::testing::{FreshDatabase, MYSQL_URL_VAR, POSTGRES_URL_VAR};

mod common;
use common::{alambic, ok};

const FIRST: &str = r#"# items
revision = "aaaaaaaaaaa1"
message = "items"

[[upgrade]]
[upgrade.create_table]
name = "items"
columns = [
    { name = "id", type = "integer", nullable = false },
    { name = "name", type = "string(20)", nullable = true },
]
primary_key = { columns = ["id"] }

[[downgrade]]
drop_table = { name = "items" }
"#;

const SECOND: &str = r#"# note
revision = "bbbbbbbbbbb2"
down_revision = "aaaaaaaaaaa1"
message = "note"

[[upgrade]]
add_column = { table = "items", name = "note", type = "string(20)", nullable = true }

[[downgrade]]
drop_column = { table = "items", name = "note" }
"#;

/// The schema after FIRST, as a schema file.
const SCHEMA: &str = "CREATE TABLE items (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(20));\n";

/// `migrations/versions/<name>`.
fn script(dir: &Path, name: &str) -> PathBuf {
    dir.join("migrations/versions").join(name)
}

/// An initialised migration directory holding `scripts` (file name, text).
fn project(dir: &Path, url: &str, scripts: &[(&str, &str)]) {
    ok(dir, url, &["init"]);
    for (name, text) in scripts {
        std::fs::write(script(dir, name), text).expect("script written");
    }
}

async fn strings(conn: &mut dyn Connection, sql: &str) -> Vec<String> {
    conn.fetch_strings(sql).await.unwrap_or_else(|e| panic!("{sql}: {e}"))
}

async fn history(conn: &mut dyn Connection) -> Vec<HistoryRecord> {
    HistoryTable::new("alembic_version").read(conn).await.expect("history reads")
}

/// The checksum of the script file `name` as it is now.
fn file_checksum(dir: &Path, name: &str) -> String {
    checksum(&std::fs::read(script(dir, name)).expect("script reads"))
}

/// The `FAILED:` line of a run that must fail.
fn failed_line(run: &common::Run) -> String {
    assert!(!run.ok, "should fail:\n{}\n{}", run.stdout, run.stderr);
    run.stderr.lines().find(|l| l.starts_with("FAILED")).expect("FAILED line").to_string()
}

#[cfg(feature = "sqlite")]
#[tokio::test]
async fn an_edited_applied_script_stops_upgrade_until_allowed() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    let url = format!("sqlite://{}", dir.join("app.db").display());
    project(dir, &url, &[("aaaaaaaaaaa1_items.toml", FIRST)]);
    ok(dir, &url, &["upgrade"]);
    let mut db = connect(&url).await.expect("connects");
    db.execute("INSERT INTO items (id, name) VALUES (1, 'one'), (2, 'two')").await.expect("rows");
    std::fs::write(script(dir, "bbbbbbbbbbb2_note.toml"), SECOND).expect("script written");
    let first = script(dir, "aaaaaaaaaaa1_items.toml");

    // Saved with other line endings, or with trailing spaces and blank lines: the same script.
    std::fs::write(&first, FIRST.replace('\n', "\r\n")).expect("CRLF");
    ok(dir, &url, &["upgrade", "aaaaaaaaaaa1"]);
    std::fs::write(&first, FIRST.replace('\n', "  \t\n") + "\n\n").expect("trailing spaces");
    ok(dir, &url, &["upgrade", "aaaaaaaaaaa1"]);

    // Changed: upgrade names the file and runs nothing.
    std::fs::write(&first, FIRST.replace("message = \"items\"", "message = \"the items\"")).expect("edited");
    let line = failed_line(&alambic(dir, &url, &["upgrade"]));
    assert!(line.contains("aaaaaaaaaaa1_items.toml") && line.contains("--allow-modified"), "{line}");
    assert_eq!(strings(db.as_mut(), "SELECT version_num FROM alembic_version").await, ["aaaaaaaaaaa1"]);
    let live = db.inspect(&["alembic_version", "alambic_history"]).await.expect("inspects");
    assert!(live.table("items").expect("items").column("note").is_none(), "the next revision ran");
    assert_eq!(history(db.as_mut()).await.len(), 1);

    // Allowed: it runs, and the new checksum is recorded, so the next upgrade goes through.
    ok(dir, &url, &["upgrade", "--allow-modified"]);
    assert_eq!(strings(db.as_mut(), "SELECT version_num FROM alembic_version").await, ["bbbbbbbbbbb2"]);
    let rows = history(db.as_mut()).await;
    let modified: Vec<&HistoryRecord> = rows.iter().filter(|r| r.direction == "modified").collect();
    assert_eq!(modified.len(), 1, "{rows:?}");
    assert_eq!(modified[0].revision, "aaaaaaaaaaa1");
    assert_eq!(modified[0].checksum, file_checksum(dir, "aaaaaaaaaaa1_items.toml"));
    ok(dir, &url, &["upgrade"]);
    assert_eq!(strings(db.as_mut(), "SELECT name FROM items ORDER BY id").await, ["one", "two"]);
}

#[cfg(feature = "sqlite")]
#[tokio::test]
async fn history_verbose_shows_when_each_revision_was_applied() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    let url = format!("sqlite://{}", dir.join("app.db").display());
    project(dir, &url, &[("aaaaaaaaaaa1_items.toml", FIRST), ("bbbbbbbbbbb2_note.toml", SECOND)]);
    ok(dir, &url, &["upgrade", "aaaaaaaaaaa1"]);
    let mut db = connect(&url).await.expect("connects");
    let applied = history(db.as_mut()).await[0].finished_at.clone().expect("finished");

    let out = ok(dir, &url, &["history", "-v"]).stdout;
    let blocks: Vec<&str> = out.split("Rev: ").filter(|b| !b.is_empty()).collect();
    assert_eq!(blocks.len(), 2, "{out}");
    assert!(blocks[0].starts_with("bbbbbbbbbbb2 (head)\nParent: aaaaaaaaaaa1\n"), "{out}");
    assert!(blocks[0].contains("\nApplied: no record\n"), "{out}");
    assert!(blocks[1].starts_with("aaaaaaaaaaa1\nParent: <base>\n"), "{out}");
    assert!(blocks[1].contains(&format!("\nApplied: {applied} UTC by {TOOL_VERSION}\n")), "{out}");
    assert!(applied.starts_with("20") && applied.len() >= 19, "{applied}");

    ok(dir, &url, &["upgrade"]);
    ok(dir, &url, &["downgrade", "-1"]);
    let out = ok(dir, &url, &["history", "--verbose"]).stdout;
    let downgraded = history(db.as_mut()).await.last().and_then(|r| r.finished_at.clone()).expect("finished");
    assert!(out.contains(&format!("Applied: no (downgraded {downgraded} UTC by {TOOL_VERSION})")), "{out}");
    // Without -v, Alembic's one line per revision, and no database needed.
    let plain = ok(dir, "sqlite:///nonexistent/dir/x.db", &["history"]).stdout;
    assert_eq!(plain, "aaaaaaaaaaa1 -> bbbbbbbbbbb2 (head), note\n<base> -> aaaaaaaaaaa1, items\n");
}

/// Upgrade two revisions, add rows, downgrade one: the history rows say what ran, the rows
/// stay, and the history table is no change for autogenerate.
async fn rows_after_upgrade_and_downgrade(url: &str) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    project(dir, url, &[("aaaaaaaaaaa1_items.toml", FIRST), ("bbbbbbbbbbb2_note.toml", SECOND)]);
    ok(dir, url, &["upgrade"]);
    let mut db = connect(url).await.expect("connects");
    db.execute("INSERT INTO items (id, name, note) VALUES (1, 'one', 'x'), (2, 'two', NULL)").await.expect("rows");
    ok(dir, url, &["downgrade", "-1"]);
    assert_eq!(strings(db.as_mut(), "SELECT name FROM items ORDER BY id").await, ["one", "two"]);

    let rows = history(db.as_mut()).await;
    let steps: Vec<(i64, &str, &str)> =
        rows.iter().map(|r| (r.id, r.revision.as_str(), r.direction.as_str())).collect();
    assert_eq!(
        steps,
        [(1, "aaaaaaaaaaa1", "upgrade"), (2, "bbbbbbbbbbb2", "upgrade"), (3, "bbbbbbbbbbb2", "downgrade")]
    );
    for r in &rows {
        let name = if r.revision == "aaaaaaaaaaa1" { "aaaaaaaaaaa1_items.toml" } else { "bbbbbbbbbbb2_note.toml" };
        assert_eq!(r.checksum, file_checksum(dir, name), "{r:?}");
        assert_eq!(r.state, "done", "{r:?}");
        assert_eq!(r.tool_version, TOOL_VERSION, "{r:?}");
        assert!(r.error.is_none(), "{r:?}");
        let finished = r.finished_at.as_deref().expect("finished");
        assert!(r.started_at.starts_with("20") && r.started_at.len() >= 19, "{r:?}");
        assert!(r.started_at.as_str() <= finished, "{r:?}");
    }
    assert!(
        rows[0].finished_at <= Some(rows[1].started_at.clone())
            && rows[1].finished_at <= Some(rows[2].started_at.clone())
    );

    // At the scripts' head again once the second script is gone; nothing to change.
    std::fs::remove_file(script(dir, "bbbbbbbbbbb2_note.toml")).expect("removed");
    std::fs::write(dir.join("schema.sql"), SCHEMA).expect("schema written");
    let check = ok(dir, url, &["check"]);
    assert!(check.stdout.contains("No new upgrade operations detected."), "{}\n{}", check.stdout, check.stderr);
}

#[cfg(feature = "sqlite")]
#[tokio::test]
async fn history_rows_on_sqlite() {
    let tmp = tempfile::tempdir().expect("tempdir");
    rows_after_upgrade_and_downgrade(&format!("sqlite://{}", tmp.path().join("app.db").display())).await;
}

#[cfg(feature = "postgres")]
#[tokio::test]
async fn history_rows_on_postgresql() {
    let Some(db) = FreshDatabase::create(POSTGRES_URL_VAR, "history on PostgreSQL").await else { return };
    rows_after_upgrade_and_downgrade(&db.url).await;
    db.drop_database().await.expect("drops");
}

#[cfg(feature = "mysql")]
#[tokio::test]
async fn history_rows_on_mariadb() {
    let Some(db) = FreshDatabase::create(MYSQL_URL_VAR, "history on MySQL/MariaDB").await else { return };
    rows_after_upgrade_and_downgrade(&db.url).await;
    db.drop_database().await.expect("drops");
}

/// Where DDL is transactional, a revision that fails leaves no row: the row is written in
/// the revision's transaction.
async fn a_failed_revision_leaves_no_row(url: &str) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    let broken = SECOND
        .replace("[[downgrade]]", "[[upgrade]]\nexecute = { sql = \"INSERT INTO nope VALUES (1)\" }\n\n[[downgrade]]");
    project(dir, url, &[("aaaaaaaaaaa1_items.toml", FIRST), ("bbbbbbbbbbb2_note.toml", &broken)]);
    failed_line(&alambic(dir, url, &["upgrade"]));
    let mut db = connect(url).await.expect("connects");
    let rows = history(db.as_mut()).await;
    assert_eq!(rows.iter().map(|r| r.revision.as_str()).collect::<Vec<_>>(), ["aaaaaaaaaaa1"], "{rows:?}");
}

#[cfg(feature = "sqlite")]
#[tokio::test]
async fn a_failed_revision_leaves_no_row_on_sqlite() {
    let tmp = tempfile::tempdir().expect("tempdir");
    a_failed_revision_leaves_no_row(&format!("sqlite://{}", tmp.path().join("app.db").display())).await;
}

#[cfg(feature = "postgres")]
#[tokio::test]
async fn a_failed_revision_leaves_no_row_on_postgresql() {
    let Some(db) = FreshDatabase::create(POSTGRES_URL_VAR, "history on PostgreSQL").await else { return };
    a_failed_revision_leaves_no_row(&db.url).await;
    db.drop_database().await.expect("drops");
}

#[cfg(feature = "sqlite")]
#[tokio::test]
async fn a_database_migrated_before_the_history_table_gets_it_without_checks() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    let url = format!("sqlite://{}", dir.join("app.db").display());
    project(dir, &url, &[("aaaaaaaaaaa1_items.toml", FIRST)]);
    ok(dir, &url, &["upgrade"]);
    let mut db = connect(&url).await.expect("connects");
    db.execute("DROP TABLE alambic_history").await.expect("as before the table existed");
    // No record of the first revision: its edit is not checked.
    let edited = FIRST.replace("message = \"items\"", "message = \"the items\"");
    std::fs::write(script(dir, "aaaaaaaaaaa1_items.toml"), edited).expect("edited");
    std::fs::write(script(dir, "bbbbbbbbbbb2_note.toml"), SECOND).expect("script written");
    ok(dir, &url, &["upgrade"]);
    let rows = history(db.as_mut()).await;
    assert_eq!(rows.iter().map(|r| r.revision.as_str()).collect::<Vec<_>>(), ["bbbbbbbbbbb2"], "{rows:?}");
    let out = ok(dir, &url, &["history", "-v"]).stdout;
    assert!(out.contains("Applied: no record"), "{out}");
}

#[cfg(feature = "sqlite")]
#[test]
fn offline_sql_records_each_step_in_the_history_table() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    let url = format!("sqlite://{}", dir.join("app.db").display());
    project(dir, &url, &[("aaaaaaaaaaa1_items.toml", FIRST), ("bbbbbbbbbbb2_note.toml", SECOND)]);
    let sql = ok(dir, &url, &["upgrade", "--sql"]).stdout;
    assert!(sql.contains("CREATE TABLE IF NOT EXISTS \"alambic_history\""), "{sql}");
    for (rev, name) in [("aaaaaaaaaaa1", "aaaaaaaaaaa1_items.toml"), ("bbbbbbbbbbb2", "bbbbbbbbbbb2_note.toml")] {
        let insert = format!("'{rev}', 'upgrade', '{}'", file_checksum(dir, name));
        assert!(sql.contains(&insert), "{insert} missing from {sql}");
    }
    assert_eq!(sql.matches("SET state = 'done'").count(), 2, "{sql}");
}

/// Embedded migrations: the script text compiled in gets the same checksum as its file, and
/// the same check.
#[cfg(feature = "sqlite")]
#[tokio::test]
async fn embedded_migrations_are_checked_the_same_way() {
    use alambic::embedded::{EmbeddedError, Migrator};
    use alambic::runtime::RuntimeError;
    fn migrator(first: String) -> Migrator {
        let files: &'static [(&'static str, &'static str)] =
            Box::leak(vec![("aaaaaaaaaaa1_items.toml", &*Box::leak(first.into_boxed_str()))].into_boxed_slice());
        Migrator::new(files, "alembic_version")
    }
    let tmp = tempfile::tempdir().expect("tempdir");
    let path = tmp.path().join("aaaaaaaaaaa1_items.toml");
    std::fs::write(&path, FIRST).expect("written");
    let (_, scripts) = migrator(FIRST.to_string()).scripts().expect("scripts");
    assert_eq!(scripts["aaaaaaaaaaa1"].checksum, checksum(&std::fs::read(&path).expect("reads")));

    let url = format!("sqlite://{}", tmp.path().join("app.db").display());
    migrator(FIRST.to_string()).upgrade(url.as_str()).await.expect("upgrades");
    migrator(FIRST.replace('\n', "\r\n")).upgrade(url.as_str()).await.expect("same script");
    let edited = FIRST.replace("message = \"items\"", "message = \"the items\"");
    match migrator(edited).upgrade(url.as_str()).await {
        Err(EmbeddedError::Runtime(e @ RuntimeError::Modified { .. })) => {
            assert!(e.to_string().contains("versions/aaaaaaaaaaa1_items.toml"), "{e}");
        }
        other => panic!("expected the change to be refused, got {other:?}"),
    }
}
