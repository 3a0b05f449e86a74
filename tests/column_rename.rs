//! A column renamed by a hand-written `alter_column` (autogenerate never guesses a rename)
//! in a table whose expressions mention it: an expression index, a partial index's `WHERE`,
//! a check and a generated column. The schema alambic keeps in memory renames them too, so
//! a rebuild in the same step (SQLite) re-creates them under the new name, and afterwards
//! the database equals the renamed schema file (no change), rows kept, both ways.

#![cfg(feature = "cli")]
#![cfg_attr(not(all(feature = "sqlite", feature = "postgres")), allow(dead_code, unused_imports))]

use std::path::Path;

use alambic::dialect::connect;
use alambic::testing::{FreshDatabase, POSTGRES_URL_VAR};

mod common;
use common::{assert_no_change, ok};

/// The table, with its column named `email` or `mail`.
fn schema(column: &str) -> String {
    format!(
        "CREATE TABLE member (
             id INTEGER NOT NULL PRIMARY KEY,
             {column} VARCHAR(40),
             shout VARCHAR(40) GENERATED ALWAYS AS (upper({column})) STORED,
             CONSTRAINT ck_member_length CHECK (length({column}) > 3)
         );
         CREATE INDEX ix_member_lower ON member (lower({column}));
         CREATE INDEX ix_member_set ON member (id) WHERE {column} IS NOT NULL;"
    )
}

/// The rename, with a change of nullability that SQLite makes by rebuilding the table.
const RENAME: &str = r#"
[[upgrade]]
alter_column = { table = "member", name = "email", rename = "mail", nullable = false }

[[downgrade]]
alter_column = { table = "member", name = "mail", rename = "email", nullable = true }
"#;

async fn rows(url: &str, column: &str) -> Vec<String> {
    let mut db = connect(url).await.expect("connects");
    let q = format!("SELECT {column} || '|' || shout FROM member ORDER BY id");
    db.fetch_strings(&q).await.expect("rows")
}

/// Writes an empty revision, then gives it the rename.
fn rename_script(dir: &Path, url: &str) {
    ok(dir, url, &["revision", "-m", "rename"]);
    let versions = dir.join("migrations").join("versions");
    let script = std::fs::read_dir(&versions)
        .expect("versions")
        .map(|f| f.expect("entry").path())
        .find(|p| p.to_string_lossy().ends_with("_rename.toml"))
        .expect("the rename script");
    let text = std::fs::read_to_string(&script).expect("script");
    let header: String = text.lines().take_while(|l| !l.starts_with("[[")).map(|l| format!("{l}\n")).collect();
    std::fs::write(&script, format!("{header}{RENAME}")).expect("script written");
}

async fn rename_keeps_expressions(url: &str) {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path();
    std::fs::write(dir.join("schema.sql"), schema("email")).expect("schema");
    ok(dir, url, &["init"]);
    ok(dir, url, &["migrate", "-m", "base"]);
    ok(dir, url, &["upgrade"]);
    let mut db = connect(url).await.expect("connects");
    db.execute("INSERT INTO member (id, email) VALUES (1, 'ann@x'), (2, 'bob@y')").await.expect("rows");
    drop(db);
    let before = rows(url, "email").await;
    assert_eq!(before, ["ann@x|ANN@X", "bob@y|BOB@Y"]);

    rename_script(dir, url);
    ok(dir, url, &["upgrade"]);
    std::fs::write(dir.join("schema.sql"), schema("mail").replace("mail VARCHAR(40)", "mail VARCHAR(40) NOT NULL"))
        .expect("schema");
    assert_no_change(dir, url, "after the rename");
    assert_eq!(rows(url, "mail").await, before);

    ok(dir, url, &["downgrade", "-1"]);
    std::fs::write(dir.join("schema.sql"), schema("email")).expect("schema");
    assert_eq!(rows(url, "email").await, before);
    ok(dir, url, &["downgrade", "base"]);
}

#[cfg(feature = "sqlite")]
#[tokio::test]
async fn a_rename_rebuilt_on_sqlite_renames_the_expressions() {
    let tmp = tempfile::tempdir().expect("tmp");
    let url = format!("sqlite://{}", tmp.path().join("app.db").display());
    rename_keeps_expressions(&url).await;
}

#[cfg(feature = "postgres")]
#[tokio::test]
async fn a_rename_on_postgresql_renames_the_expressions() {
    let Some(db) = FreshDatabase::create(POSTGRES_URL_VAR, "column rename").await else { return };
    rename_keeps_expressions(&db.url).await;
}
