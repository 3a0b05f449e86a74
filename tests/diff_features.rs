//! The diff on real dumps holding every feature (the fixtures dumped from PostgreSQL 15,
//! MariaDB 10.11 and SQLite): a schema diffs empty against itself; created from nothing, the
//! operations bring an empty schema to it (nothing left to change afterwards) and their
//! inverses bring it back to nothing; and each table dropped and created again round-trips
//! through a script's TOML.

// A build without every dialect leaves the other dialects' helpers unused.
#![cfg_attr(not(all(feature = "sqlite", feature = "postgres", feature = "mysql")), allow(dead_code, unused_imports))]

use std::path::Path;

use alambic::dialect::Dialect;
use alambic::diff::compare;
use alambic::operation::{apply_all, invert_all};
use alambic::schema::Schema;
use alambic::script::Script;
use alambic::source::read_schema_file;

fn fixture(name: &str, dialect: &dyn Dialect) -> Schema {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema_sql").join(name);
    read_schema_file(&path, Some(dialect)).unwrap_or_else(|e| panic!("{name}: {e}")).schema
}

fn every_feature_diffs_and_inverts(name: &str, dialect: &dyn Dialect) {
    let schema = fixture(name, dialect);
    assert!(!schema.tables.is_empty(), "{name} holds tables");
    let same = compare(&schema, &schema, dialect);
    assert!(same.is_empty(), "{name} against itself: {:?}", same.changes);

    let create = compare(&schema, &Schema::new(), dialect);
    let created = apply_all(&Schema::new(), &create.operations()).expect("the creation applies");
    let again = compare(&schema, &created, dialect);
    assert!(again.is_empty(), "{name} after its creation: {:?}", again.changes);
    let undo = invert_all(&Schema::new(), &create.operations()).expect("the creation inverts");
    assert_eq!(apply_all(&created, &undo).expect("the inverse applies"), Schema::new(), "{name}");

    let mut script = Script::new("0123456789ab", name);
    script.upgrade = create.operations();
    script.downgrade = undo;
    let text = script.render();
    let back = Script::parse("x.toml", &text).unwrap_or_else(|e| panic!("{name}: {e}\n{text}"));
    assert_eq!(back.upgrade, script.upgrade, "{name}: upgrade through TOML");
    assert_eq!(back.downgrade, script.downgrade, "{name}: downgrade through TOML");
}

#[cfg(feature = "postgres")]
#[test]
fn pg_dump_with_every_feature_diffs_and_inverts() {
    every_feature_diffs_and_inverts("pg_dump_15_features.sql", &alambic::dialect::postgres::PostgresDialect);
}

#[cfg(feature = "mysql")]
#[test]
fn mysqldump_with_every_feature_diffs_and_inverts() {
    every_feature_diffs_and_inverts("mysqldump_mariadb_10_11_features.sql", &alambic::dialect::mysql::MySqlDialect);
}

#[cfg(feature = "sqlite")]
#[test]
fn sqlite_schema_with_every_feature_diffs_and_inverts() {
    every_feature_diffs_and_inverts("sqlite3_schema_features.sql", &alambic::dialect::sqlite::SqliteDialect);
}
