//! SQLite schema files as real applications write them, through the binary: each one
//! migrates from empty, upgrades, then finds no changes against the database it made,
//! and downgrades to base leaving no table of its own.

#![cfg(all(feature = "cli", feature = "sqlite"))]

mod common;
use common::ok;

/// Migrate → upgrade → migrate finds nothing → downgrade base leaves only the version table.
fn round_trip(schema: &str) {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path();
    let url = format!("sqlite://{}", dir.join("app.db").display());
    std::fs::write(dir.join("schema.sql"), schema).expect("schema");
    ok(dir, &url, &["init"]);
    ok(dir, &url, &["migrate", "-m", "initial"]);
    ok(dir, &url, &["upgrade"]);
    let again = ok(dir, &url, &["migrate", "-m", "nothing"]);
    assert!(again.stderr.contains("No changes in schema detected."), "false change for\n{schema}\n{}", again.stderr);
    let check = ok(dir, &url, &["check"]);
    assert!(check.stdout.contains("No new upgrade operations detected."), "{}", check.stdout);
    ok(dir, &url, &["downgrade", "base"]);
    let tables = std::process::Command::new("sqlite3")
        .arg(dir.join("app.db"))
        .arg("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('alembic_version', 'alambic_history')")
        .output();
    if let Some(out) = tables.ok().filter(|o| o.status.success()) {
        assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "", "tables left after downgrade base");
    }
}

#[test]
fn unnamed_unique_table_constraint_is_no_change() {
    round_trip("CREATE TABLE sessions (id INTEGER PRIMARY KEY, token VARCHAR(64) NOT NULL, UNIQUE (token));");
}

#[test]
fn unnamed_unique_column_constraint_is_no_change() {
    round_trip("CREATE TABLE sessions (id INTEGER PRIMARY KEY, token VARCHAR(64) NOT NULL UNIQUE);");
}

#[test]
fn unique_served_by_the_primary_key_index_is_no_change() {
    // SQLite keeps one automatic index for a non-integer primary key and a unique on the
    // same columns, and one for two identical uniques.
    round_trip("CREATE TABLE tags (code TEXT PRIMARY KEY, label TEXT, UNIQUE (code));");
    round_trip("CREATE TABLE pairs (a TEXT, b TEXT, PRIMARY KEY (a, b), UNIQUE (a, b)) WITHOUT ROWID;");
    round_trip("CREATE TABLE pairs (a TEXT, b TEXT, PRIMARY KEY (a, b), CONSTRAINT uq_pairs UNIQUE (a, b));");
    round_trip("CREATE TABLE sessions (id INTEGER PRIMARY KEY, token TEXT UNIQUE, UNIQUE (token));");
    round_trip("CREATE TABLE keyed (id INTEGER PRIMARY KEY, UNIQUE (id));");
}

#[test]
fn uniques_beside_a_text_primary_key_are_no_change() {
    round_trip(
        "CREATE TABLE accounts (\n  email TEXT NOT NULL PRIMARY KEY,\n  handle TEXT UNIQUE,\n  a INTEGER,\n  b INTEGER,\n  \
         UNIQUE (a, b),\n  CONSTRAINT uq_accounts_b UNIQUE (b)\n);",
    );
}

#[test]
fn type_names_of_several_words_are_no_change() {
    // SQLite keeps any run of words as the declared type; each is compared as written.
    round_trip(
        "CREATE TABLE media (\n  id INTEGER PRIMARY KEY,\n  body BLOB SUB_TYPE TEXT,\n  \
         size UNSIGNED BIG INT NOT NULL DEFAULT 0,\n  title VARYING CHARACTER(255) UNIQUE,\n  \
         code NATIVE CHARACTER(70),\n  ratio DOUBLE PRECISION,\n  kind CHARACTER VARYING(20),\n  \
         at TIMESTAMP WITH TIME ZONE,\n  CONSTRAINT ck_media_size CHECK (size >= 0)\n);\n\
         CREATE INDEX ix_media_code ON media (code);",
    );
}
