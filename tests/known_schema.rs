//! One `upgrade` runs many revisions against the schema it keeps in memory, reading the
//! catalog again only where a revision needs what the database chose itself. Five
//! hand-written revisions, run by one command on each database:
//! 1. two tables, the child with an unnamed foreign key and an unnamed unique constraint
//!    (the database names them: `child_parent_id_fkey`, `child_ibfk_1`, …);
//! 2. drops both by their columns: only a fresh read of the catalog knows their names;
//! 3. adds a column;
//! 4. raw SQL: a table the operations do not know about, and rows, one child pointing at
//!    no parent (which the dropped key would have refused);
//! 5. adds a column to the table the raw SQL made: only a fresh read knows that table.
//!
//! Then `downgrade base` runs them all back in one command (the unnamed constraints are
//! re-created and dropped with their tables), and `upgrade head` runs them again.

#![cfg(feature = "cli")]
#![cfg_attr(
    not(all(feature = "sqlite", feature = "postgres", feature = "mysql")),
    allow(dead_code, unused_imports, unused_mut, unused_variables)
)]

use std::path::Path;

use alambic::dialect::connect;
use alambic::testing::{FreshDatabase, MYSQL_URL_VAR, POSTGRES_URL_VAR};

mod common;
use common::ok;

const REVISIONS: [(&str, &str, &str, &str); 5] = [
    (
        "bbbbbbbbbbb1",
        "[]",
        r#"[[upgrade]]
[upgrade.create_table]
name = "parent"
columns = [{ name = "id", type = "integer", nullable = false }]
primary_key = { columns = ["id"] }

[[upgrade]]
[upgrade.create_table]
name = "child"
columns = [
    { name = "id", type = "integer", nullable = false },
    { name = "parent_id", type = "integer" },
    { name = "code", type = "string(10)" },
]
primary_key = { columns = ["id"] }
unique_constraints = [{ columns = ["code"] }]
foreign_keys = [{ columns = ["parent_id"], referred_table = "parent", referred_columns = ["id"] }]
"#,
        r#"[[downgrade]]
drop_table = { name = "child" }

[[downgrade]]
drop_table = { name = "parent" }
"#,
    ),
    (
        "bbbbbbbbbbb2",
        "\"bbbbbbbbbbb1\"",
        r#"[[upgrade]]
drop_foreign_key = { table = "child", columns = ["parent_id"] }

[[upgrade]]
drop_unique_constraint = { table = "child", columns = ["code"] }
"#,
        r#"[[downgrade]]
add_unique_constraint = { table = "child", columns = ["code"] }

[[downgrade]]
add_foreign_key = { table = "child", columns = ["parent_id"], referred_table = "parent", referred_columns = ["id"] }
"#,
    ),
    (
        "bbbbbbbbbbb3",
        "\"bbbbbbbbbbb2\"",
        r#"[[upgrade]]
add_column = { table = "child", name = "note", type = "string(20)" }
"#,
        r#"[[downgrade]]
drop_column = { table = "child", name = "note" }
"#,
    ),
    (
        "bbbbbbbbbbb4",
        "\"bbbbbbbbbbb3\"",
        r#"[[upgrade]]
execute = { sql = "CREATE TABLE made_by_sql (id INTEGER NOT NULL PRIMARY KEY)" }

[[upgrade]]
execute = { sql = "INSERT INTO parent (id) VALUES (1)" }

[[upgrade]]
execute = { sql = "INSERT INTO child (id, parent_id, code) VALUES (10, 1, 'a'), (11, 99, 'a')" }
"#,
        r#"[[downgrade]]
execute = { sql = "DELETE FROM child" }

[[downgrade]]
execute = { sql = "DELETE FROM parent" }

[[downgrade]]
execute = { sql = "DROP TABLE made_by_sql" }
"#,
    ),
    (
        "bbbbbbbbbbb5",
        "\"bbbbbbbbbbb4\"",
        r#"[[upgrade]]
add_column = { table = "made_by_sql", name = "label", type = "string(20)" }
"#,
        r#"[[downgrade]]
drop_column = { table = "made_by_sql", name = "label" }
"#,
    ),
];

fn write_revisions(dir: &Path) {
    for (rev, down, up, back) in REVISIONS {
        let text = format!("revision = \"{rev}\"\ndown_revision = {down}\nmessage = \"step {rev}\"\n\n{up}\n{back}");
        std::fs::write(dir.join(format!("migrations/versions/{rev}_step.toml")), text).expect("script");
    }
}

/// Checks the database after `upgrade head`: the constraints are gone, both added columns
/// are there, and the rows the raw SQL inserted stayed (one of them breaking the dropped key).
async fn assert_at_head(url: &str) {
    let mut db = connect(url).await.expect("connects");
    let schema = db.inspect(&["alembic_version", "alambic_history"]).await.expect("inspects");
    let child = schema.table("child").expect("child");
    assert!(child.foreign_keys.is_empty(), "{:?}", child.foreign_keys);
    assert!(child.unique_constraints.is_empty(), "{:?}", child.unique_constraints);
    assert!(child.indexes.iter().all(|i| !i.unique), "{:?}", child.indexes);
    assert!(child.column("note").is_some());
    assert!(schema.table("made_by_sql").and_then(|t| t.column("label")).is_some());
    let rows = db.fetch_strings("SELECT parent_id FROM child ORDER BY id").await.expect("rows");
    assert_eq!(rows, ["1", "99"]);
    let version = db.fetch_strings("SELECT version_num FROM alembic_version").await.expect("version");
    assert_eq!(version, ["bbbbbbbbbbb5"]);
}

/// Checks that `downgrade base` left no table of the revisions.
async fn assert_at_base(url: &str) {
    let mut db = connect(url).await.expect("connects");
    let schema = db.inspect(&["alembic_version", "alambic_history"]).await.expect("inspects");
    assert!(schema.tables.is_empty(), "{:?}", schema.tables.keys().collect::<Vec<_>>());
    let version = db.fetch_strings("SELECT version_num FROM alembic_version").await.expect("version");
    assert!(version.is_empty(), "{version:?}");
}

async fn up_down_up(url: &str) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    ok(dir, url, &["init"]);
    write_revisions(dir);
    ok(dir, url, &["upgrade", "head"]);
    assert_at_head(url).await;
    ok(dir, url, &["downgrade", "base"]);
    assert_at_base(url).await;
    ok(dir, url, &["upgrade", "head", "--one-transaction"]);
    assert_at_head(url).await;
}

#[cfg(feature = "sqlite")]
#[tokio::test]
async fn names_the_database_chose_are_read_back_on_sqlite() {
    let tmp = tempfile::tempdir().expect("tempdir");
    up_down_up(&format!("sqlite://{}", tmp.path().join("app.db").display())).await;
}

#[cfg(feature = "postgres")]
#[tokio::test]
async fn names_the_database_chose_are_read_back_on_postgresql() {
    let Some(db) = FreshDatabase::create(POSTGRES_URL_VAR, "known schema on PostgreSQL").await else { return };
    up_down_up(&db.url).await;
    db.drop_database().await.expect("drops");
}

#[cfg(feature = "mysql")]
#[tokio::test]
async fn names_the_database_chose_are_read_back_on_mysql() {
    let Some(db) = FreshDatabase::create(MYSQL_URL_VAR, "known schema on MySQL").await else { return };
    up_down_up(&db.url).await;
    db.drop_database().await.expect("drops");
}
