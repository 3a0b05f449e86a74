//! Bad input through the `alambic` binary: every mistake in a script, the schema file, the
//! URL, the target or the project layout ends with exit code 1, one `FAILED: …` line naming
//! the file, revision or object at fault (besides the usual INFO log lines), and a database
//! exactly as it was before the command — on SQLite, and for a failing revision also on
//! PostgreSQL.

// The projects these tests run on are SQLite files.
#![cfg(all(feature = "cli", feature = "sqlite"))]
// A build without every dialect leaves the other dialects' helpers unused.
#![cfg_attr(
    not(all(feature = "sqlite", feature = "postgres", feature = "mysql")),
    allow(dead_code, unused_imports, unused_mut, unused_variables)
)]

use std::path::{Path, PathBuf};

use alambic::dialect::connect;
use alambic::testing::{FreshDatabase, POSTGRES_URL_VAR};
use assert_cmd::Command;

const SCHEMA: &str = "\
CREATE TABLE users (
    id INTEGER NOT NULL PRIMARY KEY,
    name VARCHAR(64)
);
";

/// The first revision's id, fixed so scripts written by hand can follow it.
const REV1: &str = "aaaaaaaaaaaa";

/// A project (directory with schema.sql and migrations/) whose database is at [`REV1`]
/// and holds two rows in `users`.
struct Project {
    _tmp: Option<tempfile::TempDir>,
    dir: PathBuf,
    url: String,
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn run_in(dir: &Path, url: Option<&str>, args: &[&str]) -> Run {
    let mut cmd = Command::cargo_bin("alambic").expect("binary builds");
    cmd.current_dir(dir).env_remove("RUST_LOG").env_remove("DATABASE_URL").args(args);
    if let Some(url) = url {
        cmd.env("DATABASE_URL", url);
    }
    let out = cmd.output().expect("binary runs");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

impl Project {
    /// A project on a new SQLite file in a tempdir.
    async fn sqlite() -> Project {
        let tmp = tempfile::tempdir().expect("tempdir");
        let dir = tmp.path().to_path_buf();
        let url = format!("sqlite://{}", dir.join("app.db").display());
        Self::set_up(Some(tmp), dir, url).await
    }

    /// A project on `url`, its files in a new tempdir.
    async fn set_up(tmp: Option<tempfile::TempDir>, dir: PathBuf, url: String) -> Project {
        std::fs::write(dir.join("schema.sql"), SCHEMA).expect("schema written");
        let project = Project { _tmp: tmp, dir, url };
        project.ok(&["init"]);
        project.ok(&["migrate", "-m", "first", "--rev-id", REV1]);
        project.ok(&["upgrade"]);
        let mut db = connect(&project.url).await.expect("connects");
        db.execute("INSERT INTO users (id, name) VALUES (1, 'ann'), (2, 'bob')").await.expect("rows");
        project
    }

    fn run(&self, args: &[&str]) -> Run {
        run_in(&self.dir, Some(&self.url), args)
    }

    fn ok(&self, args: &[&str]) -> Run {
        let run = self.run(args);
        assert_eq!(run.code, Some(0), "alambic {args:?} failed:\n{}\n{}", run.stdout, run.stderr);
        run
    }

    fn versions(&self) -> PathBuf {
        self.dir.join("migrations/versions")
    }

    /// Writes a script into versions/.
    fn script(&self, file: &str, text: &str) -> PathBuf {
        let path = self.versions().join(file);
        std::fs::write(&path, text).expect("script written");
        path
    }

    fn version_files(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.versions())
            .expect("versions dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    /// Everything a failed command must leave alone: the catalog, the version table and
    /// the rows of `users`.
    async fn state(&self) -> Vec<String> {
        state(&self.url).await
    }

    /// Runs a command that must fail; checks the database did not change and the output
    /// is one `FAILED:` line after the usual log lines. Returns that line.
    async fn fails(&self, args: &[&str]) -> String {
        let before = self.state().await;
        let files = self.version_files();
        let line = failed(&self.run(args), args);
        assert_eq!(self.state().await, before, "alambic {args:?} changed the database");
        assert_eq!(self.version_files(), files, "alambic {args:?} changed versions/");
        line
    }
}

async fn state(url: &str) -> Vec<String> {
    let mut db = connect(url).await.expect("connects");
    let queries: &[&str] = if url.starts_with("sqlite") {
        &["SELECT type || ' ' || name || ' ' || tbl_name || ' ' || coalesce(sql, '') FROM sqlite_master ORDER BY name"]
    } else {
        &[
            "SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable \
             FROM information_schema.columns WHERE table_schema = current_schema() \
             ORDER BY table_name, column_name",
            "SELECT indexname || ' ' || indexdef FROM pg_indexes WHERE schemaname = current_schema() \
             ORDER BY indexname",
            "SELECT conname || ' ' || CAST(contype AS TEXT) FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace \
             WHERE n.nspname = current_schema() ORDER BY conname",
        ]
    };
    let mut out = Vec::new();
    for sql in queries {
        out.extend(db.fetch_strings(sql).await.expect("catalog reads"));
    }
    out.push("-- versions".to_string());
    out.extend(
        db.fetch_strings("SELECT version_num FROM alembic_version ORDER BY version_num").await.expect("versions"),
    );
    out.push("-- users".to_string());
    out.extend(
        db.fetch_strings("SELECT CAST(id AS VARCHAR(10)) || ':' || coalesce(name, '') FROM users ORDER BY id")
            .await
            .expect("rows"),
    );
    out
}

/// Checks a run failed with exit code 1 and stderr is INFO lines then one `FAILED:` line;
/// returns that line.
fn failed(run: &Run, args: &[&str]) -> String {
    assert_eq!(run.code, Some(1), "alambic {args:?} should fail:\n{}\n{}", run.stdout, run.stderr);
    let lines: Vec<&str> = run.stderr.lines().collect();
    let failures: Vec<&&str> = lines.iter().filter(|l| l.starts_with("FAILED: ")).collect();
    assert_eq!(failures.len(), 1, "alambic {args:?}: want one FAILED line in\n{}", run.stderr);
    assert_eq!(lines.last(), failures.first().copied(), "FAILED must be the last line:\n{}", run.stderr);
    for line in &lines[..lines.len() - 1] {
        assert!(line.starts_with("INFO  ["), "alambic {args:?}: unexpected stderr line {line:?} in\n{}", run.stderr);
    }
    failures[0].to_string()
}

fn assert_names(line: &str, parts: &[&str]) {
    for part in parts {
        assert!(line.contains(part), "{line:?} does not name {part:?}");
    }
}

const MALFORMED: &str = "\
revision = \"bbbbbbbbbbbb\"
down_revision = \"aaaaaaaaaaaa\"
message = \"unterminated
";

#[tokio::test]
async fn malformed_script_is_named_with_its_line_by_upgrade_history_and_migrate() {
    let p = Project::sqlite().await;
    p.script("bbbbbbbbbbbb_bad.toml", MALFORMED);
    for args in [&["upgrade"][..], &["history"], &["migrate", "-m", "next"]] {
        let line = p.fails(args).await;
        assert_names(&line, &["bbbbbbbbbbbb_bad.toml", "line 3"]);
    }
}

#[tokio::test]
async fn script_with_an_unknown_operation_is_named() {
    let p = Project::sqlite().await;
    p.script(
        "bbbbbbbbbbbb_bad.toml",
        "revision = \"bbbbbbbbbbbb\"\ndown_revision = \"aaaaaaaaaaaa\"\nmessage = \"m\"\n\n[[upgrade]]\nfrobnicate = { table = \"users\" }\n",
    );
    let line = p.fails(&["upgrade"]).await;
    assert_names(&line, &["bbbbbbbbbbbb_bad.toml", "frobnicate"]);
}

#[tokio::test]
async fn execute_with_an_unknown_dialect_key_names_the_file_and_the_key() {
    let p = Project::sqlite().await;
    p.script(
        "bbbbbbbbbbbb_bad.toml",
        "revision = \"bbbbbbbbbbbb\"\ndown_revision = \"aaaaaaaaaaaa\"\nmessage = \"m\"\n\n[[upgrade]]\nexecute = { oracle = \"SELECT 1 FROM dual\" }\n",
    );
    // Found by the commands that read the operations; those that need only the graph
    // read the script's header and do not stop.
    for args in [&["upgrade"][..], &["upgrade", "--sql"], &["show", "bbbb"]] {
        let line = p.fails(args).await;
        assert_names(&line, &["bbbbbbbbbbbb_bad.toml", "oracle"]);
    }
    assert!(p.ok(&["history"]).stdout.contains("aaaaaaaaaaaa -> bbbbbbbbbbbb (head), m"));
}

#[tokio::test]
async fn missing_down_revision_names_both_ids_and_the_file() {
    let p = Project::sqlite().await;
    p.script(
        "bbbbbbbbbbbb_orphan.toml",
        "revision = \"bbbbbbbbbbbb\"\ndown_revision = \"cccccccccccc\"\nmessage = \"orphan\"\n",
    );
    let line = p.fails(&["upgrade"]).await;
    assert_names(&line, &["bbbbbbbbbbbb", "cccccccccccc", "bbbbbbbbbbbb_orphan.toml"]);
}

#[tokio::test]
async fn duplicate_revision_id_names_both_files() {
    let p = Project::sqlite().await;
    let first = std::fs::read_to_string(p.versions().join(format!("{REV1}_first.toml"))).expect("reads");
    p.script(&format!("{REV1}_copy.toml"), &first.replace("\"first\"", "\"copy\""));
    let line = p.fails(&["upgrade"]).await;
    assert_names(&line, &[REV1, &format!("{REV1}_first.toml"), &format!("{REV1}_copy.toml")]);
}

#[tokio::test]
async fn missing_or_unreadable_schema_file_is_named_by_migrate() {
    let p = Project::sqlite().await;
    let line = p.fails(&["migrate", "-m", "x", "--schema", "missing.sql"]).await;
    assert_names(&line, &["missing.sql"]);
    std::fs::create_dir(p.dir.join("folder.sql")).expect("dir");
    let line = p.fails(&["migrate", "-m", "x", "--schema", "folder.sql"]).await;
    assert_names(&line, &["folder.sql"]);
}

#[tokio::test]
async fn schema_sql_that_does_not_parse_names_file_and_line() {
    let p = Project::sqlite().await;
    std::fs::write(p.dir.join("schema.sql"), format!("{SCHEMA}\nCREATE TABLE t (id INTEGER PRIMARY KEY,, x);\n"))
        .expect("written");
    let line = p.fails(&["migrate", "-m", "x"]).await;
    assert_names(&line, &["schema.sql:6:"]);
}

#[tokio::test]
async fn unsupported_statement_in_schema_sql_names_file_line_and_statement() {
    let p = Project::sqlite().await;
    std::fs::write(p.dir.join("schema.sql"), format!("{SCHEMA}\n\nDROP TABLE\n  users;\n")).expect("written");
    let line = p.fails(&["migrate", "-m", "x"]).await;
    assert_names(&line, &["schema.sql:7:", "DROP TABLE users"]);
}

#[tokio::test]
async fn unreachable_database_is_named() {
    let p = Project::sqlite().await;
    let url = "sqlite:///nonexistent-dir/x.db";
    for args in [&["upgrade"][..], &["current"], &["migrate", "-m", "x"]] {
        let line = failed(&run_in(&p.dir, Some(url), args), args);
        assert_names(&line, &[url]);
    }
    assert!(!Path::new("/nonexistent-dir").exists());
}

#[tokio::test]
async fn a_password_never_shows_in_an_error_whatever_it_holds() {
    let p = Project::sqlite().await;
    // Port 9 (discard) refuses the connection: the error names the URL, password hidden.
    for (url, shown) in [
        ("mysql://root:p@ssW0rdTail@127.0.0.1:9/db", "mysql://root:***@127.0.0.1:9/db"),
        ("postgresql://u:se:cr@et@127.0.0.1:9/db", "postgresql://u:***@127.0.0.1:9/db"),
    ] {
        for args in [&["current"][..], &["upgrade"]] {
            let line = failed(&run_in(&p.dir, Some(url), args), args);
            assert_names(&line, &[shown]);
            for secret in ["ssW0rd", "Tail", "cr@et", "se:cr"] {
                assert!(!line.contains(secret), "{args:?} shows the password: {line}");
            }
        }
    }
}

#[tokio::test]
async fn unknown_revision_ids_are_named() {
    let p = Project::sqlite().await;
    let line = p.fails(&["downgrade", "ffffffffffff"]).await;
    assert_names(&line, &["ffffffffffff"]);
    let line = p.fails(&["upgrade", "abc"]).await;
    assert_names(&line, &["'abc'"]);
    let line = p.fails(&["upgrade", "--sql", "abc"]).await;
    assert_names(&line, &["'abc'"]);
}

/// Two revisions after REV1 whose ids share the prefix `bbbbbbbbbbb`: two heads.
fn two_heads(p: &Project) {
    for (id, msg) in [("bbbbbbbbbbb1", "left"), ("bbbbbbbbbbb2", "right")] {
        p.script(
            &format!("{id}_{msg}.toml"),
            &format!("revision = \"{id}\"\ndown_revision = \"{REV1}\"\nmessage = \"{msg}\"\n"),
        );
    }
}

#[tokio::test]
async fn ambiguous_prefix_names_the_candidates() {
    let p = Project::sqlite().await;
    two_heads(&p);
    let line = p.fails(&["upgrade", "bbbbbbbbbbb"]).await;
    assert_names(&line, &["'bbbbbbbbbbb'", "bbbbbbbbbbb1", "bbbbbbbbbbb2"]);
}

#[tokio::test]
async fn upgrade_head_with_two_heads_names_them() {
    let p = Project::sqlite().await;
    two_heads(&p);
    let line = p.fails(&["upgrade", "head"]).await;
    assert_names(&line, &["head", "bbbbbbbbbbb1", "bbbbbbbbbbb2"]);
    let line = p.fails(&["migrate", "-m", "x"]).await;
    assert_names(&line, &["not up to date"]);
}

const ADD_EMAIL: &str = "\
[[upgrade]]
add_column = { table = \"users\", name = \"email\", type = \"string(32)\" }
";

/// A revision after REV1: adds `users.email`, then `second` (an operation that fails).
fn failing_revision(p: &Project, second: &str) {
    p.script(
        "bbbbbbbbbbbb_fails.toml",
        &format!("revision = \"bbbbbbbbbbbb\"\ndown_revision = \"{REV1}\"\nmessage = \"fails\"\n\n{ADD_EMAIL}\n[[upgrade]]\n{second}\n"),
    );
}

const ADD_TO_MISSING_TABLE: &str = "add_column = { table = \"nope\", name = \"email\", type = \"string(32)\" }";
const BAD_EXECUTE: &str = "execute = { sql = \"UPDATE nope\\nSET x = 1\" }";

/// Case 9 on any database: both failing revisions leave everything as it was, and the
/// message names the revision and the operation or statement.
async fn failing_revision_rolls_back(p: &Project) {
    failing_revision(p, ADD_TO_MISSING_TABLE);
    let line = p.fails(&["upgrade"]).await;
    assert_names(&line, &["bbbbbbbbbbbb", "operation 2", "nope"]);

    failing_revision(p, BAD_EXECUTE);
    let line = p.fails(&["upgrade"]).await;
    assert_names(&line, &["bbbbbbbbbbbb", "statement 2", "operation 2", "UPDATE nope SET x = 1", "rolled back"]);
    assert_eq!(p.ok(&["current"]).stdout.trim(), REV1);
}

#[tokio::test]
async fn failing_revision_is_rolled_back_on_sqlite() {
    let p = Project::sqlite().await;
    failing_revision_rolls_back(&p).await;
}

#[cfg(feature = "postgres")]
#[tokio::test]
async fn failing_revision_is_rolled_back_on_postgresql() {
    let Some(db) = FreshDatabase::create(POSTGRES_URL_VAR, "bad input on PostgreSQL").await else { return };
    let tmp = tempfile::tempdir().expect("tempdir");
    let p = Project::set_up(None, tmp.path().to_path_buf(), db.url.clone()).await;
    failing_revision_rolls_back(&p).await;
    drop(p);
    db.drop_database().await.expect("drops");
}

#[tokio::test]
async fn failing_first_revision_leaves_a_fresh_database_empty() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    let url = format!("sqlite://{}", dir.join("fresh.db").display());
    let ok = |args: &[&str]| {
        let run = run_in(dir, Some(&url), args);
        assert_eq!(run.code, Some(0), "{args:?}: {}", run.stderr);
    };
    ok(&["init"]);
    std::fs::write(
        dir.join(format!("migrations/versions/{REV1}_fails.toml")),
        format!("revision = \"{REV1}\"\ndown_revision = []\nmessage = \"fails\"\n\n[[upgrade]]\n{BAD_EXECUTE}\n"),
    )
    .expect("script");
    let line = failed(&run_in(dir, Some(&url), &["upgrade"]), &["upgrade"]);
    assert_names(&line, &[REV1, "statement 1"]);
    let mut db = connect(&url).await.expect("connects");
    let tables = db.fetch_strings("SELECT name FROM sqlite_master").await.expect("reads");
    assert!(tables.is_empty(), "{tables:?}");
}

#[tokio::test]
async fn migrate_on_a_database_behind_the_scripts_writes_nothing() {
    let p = Project::sqlite().await;
    p.ok(&["revision", "-m", "empty", "--rev-id", "bbbbbbbbbbbb"]);
    let line = p.fails(&["migrate", "-m", "x"]).await;
    assert_eq!(line, "FAILED: Target database is not up to date.");
}

#[tokio::test]
async fn init_into_a_non_empty_directory_is_refused() {
    let p = Project::sqlite().await;
    let config = std::fs::read_to_string(p.dir.join("migrations/alambic.toml")).expect("reads");
    let line = p.fails(&["init"]).await;
    assert_names(&line, &["migrations", "not empty"]);
    assert_eq!(std::fs::read_to_string(p.dir.join("migrations/alambic.toml")).expect("reads"), config);

    std::fs::create_dir(p.dir.join("other")).expect("dir");
    std::fs::write(p.dir.join("other/notes.txt"), "mine").expect("file");
    let line = failed(&run_in(&p.dir, None, &["-d", "other", "init"]), &["init"]);
    assert_names(&line, &["other"]);
    assert_eq!(std::fs::read_dir(p.dir.join("other")).expect("reads").count(), 1);
}

#[tokio::test]
async fn no_database_url_names_the_config_file() {
    let p = Project::sqlite().await;
    let before = p.state().await;
    for args in [&["upgrade"][..], &["migrate", "-m", "x"], &["upgrade", "--sql"]] {
        let line = failed(&run_in(&p.dir, None, args), args);
        assert_names(&line, &["alambic.toml", "DATABASE_URL"]);
    }
    assert_eq!(p.state().await, before);
}

#[tokio::test]
async fn unknown_url_scheme_is_named() {
    let p = Project::sqlite().await;
    for args in [&["upgrade"][..], &["upgrade", "--sql"], &["current"]] {
        let line = failed(&run_in(&p.dir, Some("oracle://x"), args), args);
        assert_names(&line, &["'oracle://x'"]);
    }
}
