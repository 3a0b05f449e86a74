//! Resuming a revision on MySQL/MariaDB, where DDL cannot be rolled back: the history
//! table records each statement as it succeeds, so a revision that stopped — a statement
//! that failed, a process killed mid-statement — resumes after the last statement that
//! succeeded, never running one twice, once its script is fixed.

#![cfg(all(feature = "cli", feature = "mysql"))]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use alambic::dialect::{connect, Connection};
use alambic::runtime::{HistoryRecord, HistoryTable};
use alambic::script::file::checksum;
use alambic::testing::{FreshDatabase, MYSQL_URL_VAR};

mod common;
use common::{alambic, ok};

const REV: &str = "cccccccccccc";
const FILE: &str = "cccccccccccc_three.toml";

/// A revision of three statements: a table, `second`, another table.
fn three(second: &str) -> String {
    format!(
        r#"# three statements
revision = "{REV}"
message = "three"

[[upgrade]]
create_table = {{ name = "a", columns = [{{ name = "id", type = "integer", nullable = false }}] }}

[[upgrade]]
execute = {{ sql = "{second}" }}

[[upgrade]]
create_table = {{ name = "b", columns = [{{ name = "id", type = "integer", nullable = false }}] }}

[[downgrade]]
drop_table = {{ name = "b" }}

[[downgrade]]
drop_table = {{ name = "a" }}
"#
    )
}

fn script(dir: &Path) -> PathBuf {
    dir.join("migrations/versions").join(FILE)
}

async fn strings(conn: &mut dyn Connection, sql: &str) -> Vec<String> {
    conn.fetch_strings(sql).await.unwrap_or_else(|e| panic!("{sql}: {e}"))
}

async fn history(conn: &mut dyn Connection) -> Vec<HistoryRecord> {
    HistoryTable::new("alembic_version").read(conn).await.expect("history reads")
}

async fn tables(conn: &mut dyn Connection) -> Vec<String> {
    let skip = ["alembic_version", "alambic_history"];
    conn.inspect(&skip).await.expect("inspects").tables.keys().cloned().collect()
}

/// The one history row, done, with every statement recorded and the fixed script's checksum.
async fn assert_done_once(conn: &mut dyn Connection, dir: &Path) {
    let rows = history(conn).await;
    assert_eq!(rows.len(), 1, "{rows:?}");
    let row = &rows[0];
    assert_eq!((row.revision.as_str(), row.direction.as_str(), row.state.as_str()), (REV, "upgrade", "done"));
    assert_eq!(row.done.len(), 3, "{row:?}");
    assert!(row.finished_at.is_some() && row.error.is_none(), "{row:?}");
    assert_eq!(row.checksum, checksum(&std::fs::read(script(dir)).expect("reads")));
    assert_eq!(strings(conn, "SELECT version_num FROM alembic_version").await, [REV]);
}

#[tokio::test]
async fn a_failed_statement_resumes_after_the_fix_without_running_the_first_again() {
    let Some(fresh) = FreshDatabase::create(MYSQL_URL_VAR, "resume on MySQL/MariaDB").await else { return };
    let url = fresh.url.as_str();
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    ok(dir, url, &["init"]);
    std::fs::write(script(dir), three("INSERT INTO missing (id) VALUES (1)")).expect("written");
    let mut db = connect(url).await.expect("connects");

    let run = alambic(dir, url, &["upgrade"]);
    assert!(!run.ok);
    let line = run.stderr.lines().find(|l| l.starts_with("FAILED")).expect("FAILED line");
    for part in
        [format!("revision {REV}"), "statement 2 (operation 2)".into(), FILE.into(), "INSERT INTO missing".into()]
    {
        assert!(line.contains(&part), "{part:?} missing from {line}");
    }
    assert!(line.contains("resumes at statement 2"), "{line}");
    assert_eq!(tables(db.as_mut()).await, ["a"]);
    assert!(strings(db.as_mut(), "SELECT version_num FROM alembic_version").await.is_empty());
    let rows = history(db.as_mut()).await;
    assert_eq!((rows.len(), rows[0].state.as_str(), rows[0].done.len()), (1, "running", 1), "{rows:?}");
    let why = rows[0].error.as_deref().expect("why it stopped");
    assert!(why.contains("statement 2 (operation 2) `INSERT INTO missing (id) VALUES (1)`"), "{why}");
    let out = ok(dir, url, &["history", "-v"]).stdout;
    assert!(out.contains("Applied: upgrade stopped after statement 1"), "{out}");

    // Not fixed yet: statement 1 is not run again (it would fail: the table exists), and
    // statement 2 fails again.
    let again = alambic(dir, url, &["upgrade"]);
    let line = again.stderr.lines().find(|l| l.starts_with("FAILED")).expect("FAILED line");
    assert!(line.contains("statement 2 (operation 2)") && line.contains("INSERT INTO missing"), "{line}");
    assert!(again.stderr.contains(&format!("Resuming {REV} at statement 2")), "{}", again.stderr);

    // A statement that ran changed in the script: refused, naming revision and statement.
    let changed = three("INSERT INTO a (id) VALUES (1)").replacen("name = \"a\"", "name = \"a2\"", 1);
    std::fs::write(script(dir), changed).expect("written");
    let refused = alambic(dir, url, &["upgrade"]);
    let line = refused.stderr.lines().find(|l| l.starts_with("FAILED")).expect("FAILED line");
    assert!(
        line.contains(&format!("revision {REV}")) && line.contains("statement 1 (operation 1) already ran"),
        "{line}"
    );
    assert!(line.contains("stamp base"), "{line}");
    assert_eq!(tables(db.as_mut()).await, ["a"]);
    assert_eq!(history(db.as_mut()).await[0].done.len(), 1);

    // Fixed: resumes at statement 2 and completes; one row in the history.
    std::fs::write(script(dir), three("INSERT INTO a (id) VALUES (1)")).expect("written");
    let up = ok(dir, url, &["upgrade"]);
    assert!(up.stderr.contains(&format!("Resuming {REV} at statement 2")), "{}", up.stderr);
    assert_eq!(tables(db.as_mut()).await, ["a", "b"]);
    assert_eq!(strings(db.as_mut(), "SELECT id FROM a").await, ["1"]);
    assert_done_once(db.as_mut(), dir).await;

    // And it downgrades as any revision.
    ok(dir, url, &["downgrade", "base"]);
    assert!(tables(db.as_mut()).await.is_empty());
    drop(db);
    fresh.drop_database().await.expect("drops");
}

#[tokio::test]
async fn a_revision_killed_mid_statement_resumes_on_the_next_upgrade() {
    let Some(fresh) = FreshDatabase::create(MYSQL_URL_VAR, "resume after a kill on MySQL/MariaDB").await else {
        return;
    };
    let url = fresh.url.as_str();
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    ok(dir, url, &["init"]);
    std::fs::write(script(dir), three("SELECT SLEEP(4)")).expect("written");
    let mut db = connect(url).await.expect("connects");

    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("alambic"))
        .current_dir(dir)
        .env("DATABASE_URL", url)
        .env_remove("RUST_LOG")
        .arg("upgrade")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawns");
    // Killed while the server runs statement 2.
    let sleeping = format!(
        "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE DB = '{}' AND INFO LIKE 'SELECT SLEEP%'",
        fresh.name
    );
    let start = Instant::now();
    while strings(db.as_mut(), &sleeping).await != ["1"] {
        // Generous: the machine is loaded.
        assert!(start.elapsed() < Duration::from_secs(120), "statement 2 never ran");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    child.kill().expect("SIGKILL");
    child.wait().expect("reaped");

    let rows = history(db.as_mut()).await;
    assert_eq!((rows.len(), rows[0].state.as_str(), rows[0].done.len()), (1, "running", 1), "{rows:?}");
    assert!(strings(db.as_mut(), "SELECT version_num FROM alembic_version").await.is_empty());
    assert_eq!(tables(db.as_mut()).await, ["a"]);

    // The next upgrade waits for the killed session's lock, then resumes at statement 2.
    let up = ok(dir, url, &["upgrade"]);
    assert!(up.stderr.contains(&format!("Resuming {REV} at statement 2")), "{}", up.stderr);
    assert!(up.stderr.contains("the run was interrupted"), "{}", up.stderr);
    assert_eq!(tables(db.as_mut()).await, ["a", "b"]);
    assert_done_once(db.as_mut(), dir).await;
    drop(db);
    fresh.drop_database().await.expect("drops");
}
