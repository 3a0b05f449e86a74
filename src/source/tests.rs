//! Tests of the schema file reader that hold for every dialect (the seed schema), and the
//! helpers the dialects' own schema-file tests (each dialect folder's
//! `schema_file_tests.rs`: its type names, dump output, errors) build their cases with.

// Some helpers serve only the schema-file tests of dialects that may be compiled out.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use super::*;
use crate::dialect::{Dialect, DIALECTS};
use crate::schema::{Column, ColumnType, FkAction, ForeignKey, Index, PrimaryKey, Table, UniqueConstraint};

pub(crate) fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema_sql").join(name)
}

pub(crate) fn read(text: &str, dialect: Option<&dyn Dialect>) -> SchemaFile {
    parse_schema_sql(Path::new("schema.sql"), text, dialect).expect("schema reads")
}

pub(crate) fn error(text: &str, dialect: Option<&dyn Dialect>) -> SourceError {
    parse_schema_sql(Path::new("schema.sql"), text, dialect).expect_err("schema is rejected")
}

pub(crate) fn auto(mut column: Column) -> Column {
    column.autoincrement = true;
    column
}

pub(crate) fn commented(mut column: Column, comment: &str) -> Column {
    column.comment = Some(comment.to_string());
    column
}

pub(crate) fn table(name: &str, columns: Vec<Column>) -> Table {
    Table { columns, ..Table::new(name) }
}

pub(crate) fn pk(name: Option<&str>, columns: &[&str]) -> Option<PrimaryKey> {
    Some(PrimaryKey { name: name.map(String::from), columns: columns.iter().map(|c| c.to_string()).collect() })
}

pub(crate) fn fk(name: Option<&str>, columns: &[&str], referred_table: &str, referred: &[&str]) -> ForeignKey {
    ForeignKey {
        name: name.map(String::from),
        columns: columns.iter().map(|c| c.to_string()).collect(),
        referred_table: referred_table.to_string(),
        referred_columns: referred.iter().map(|c| c.to_string()).collect(),
        on_delete: FkAction::NoAction,
        on_update: FkAction::NoAction,
        ..Default::default()
    }
}

pub(crate) fn index(name: &str, columns: &[&str], unique: bool) -> Index {
    Index {
        name: name.to_string(),
        columns: columns.iter().map(|c| c.to_string()).collect(),
        unique,
        descending: Vec::new(),
        predicate: None,
        ..Default::default()
    }
}

pub(crate) fn unique(name: Option<&str>, columns: &[&str]) -> UniqueConstraint {
    UniqueConstraint {
        name: name.map(String::from),
        columns: columns.iter().map(|c| c.to_string()).collect(),
        ..Default::default()
    }
}

pub(crate) fn schema_of(tables: Vec<Table>) -> Schema {
    let mut schema = Schema::new();
    for t in tables {
        schema.insert(t);
    }
    schema
}

const SEED: &str = include_str!("../../tests/fixtures/seed/schema.sql");

#[allow(clippy::too_many_lines)] // a fixture: one literal per object
fn seed_schema() -> Schema {
    let mut tables = std::collections::BTreeMap::new();
    tables.insert(
        "roles".to_string(),
        Table {
            name: "roles".into(),
            columns: vec![
                Column {
                    name: "id".into(),
                    r#type: ColumnType::Integer,
                    nullable: false,
                    server_default: None,
                    autoincrement: false,
                    comment: None,
                    ..Default::default()
                },
                Column {
                    name: "name".into(),
                    r#type: ColumnType::String(Some(64)),
                    nullable: true,
                    server_default: None,
                    autoincrement: false,
                    comment: None,
                    ..Default::default()
                },
            ],
            primary_key: Some(PrimaryKey { name: None, columns: vec!["id".into()] }),
            indexes: vec![],
            unique_constraints: vec![UniqueConstraint {
                name: None,
                columns: vec!["name".into()],
                ..Default::default()
            }],
            foreign_keys: vec![],
            check_constraints: vec![],
            comment: None,
            ..Default::default()
        },
    );
    tables.insert(
        "users".to_string(),
        Table {
            name: "users".into(),
            columns: vec![
                Column {
                    name: "id".into(),
                    r#type: ColumnType::Integer,
                    nullable: false,
                    server_default: None,
                    autoincrement: false,
                    comment: None,
                    ..Default::default()
                },
                Column {
                    name: "username".into(),
                    r#type: ColumnType::String(Some(64)),
                    nullable: true,
                    server_default: None,
                    autoincrement: false,
                    comment: None,
                    ..Default::default()
                },
                Column {
                    name: "role_id".into(),
                    r#type: ColumnType::Integer,
                    nullable: true,
                    server_default: None,
                    autoincrement: false,
                    comment: None,
                    ..Default::default()
                },
            ],
            primary_key: Some(PrimaryKey { name: None, columns: vec!["id".into()] }),
            indexes: vec![index("ix_users_username", &["username"], true)],
            unique_constraints: vec![],
            foreign_keys: vec![ForeignKey {
                name: None,
                columns: vec!["role_id".into()],
                referred_table: "roles".into(),
                referred_columns: vec!["id".into()],
                on_delete: FkAction::NoAction,
                on_update: FkAction::NoAction,
                ..Default::default()
            }],
            check_constraints: vec![],
            comment: None,
            ..Default::default()
        },
    );
    Schema { tables, ..Schema::default() }
}

/// Each compiled-in dialect by name.
fn compiled_dialects() -> impl Iterator<Item = (&'static str, Box<dyn Dialect>)> {
    DIALECTS.iter().filter_map(|d| d.driver.map(|driver| (d.name, (driver.dialect)())))
}

#[test]
fn seed_schema_reads_the_same_in_every_dialect() {
    let every = compiled_dialects().map(|(name, d)| (name, Some(d))).chain([("generic", None)]);
    for (dialect, spelling) in every {
        let file = read(SEED, spelling.as_deref());
        assert_eq!(file.schema, seed_schema(), "{dialect}");
        assert_eq!(file.notes, Vec::<String>::new(), "{dialect}");
    }
}

#[test]
fn seed_schema_with_the_email_column_keeps_its_default_as_written() {
    let text = SEED.replace(
        "    username VARCHAR(64),\n",
        "    username VARCHAR(64),\n    email VARCHAR(32) NOT NULL DEFAULT '',\n",
    );
    let mut want = seed_schema();
    let users = want.tables.get_mut("users").expect("users");
    users.columns.insert(
        2,
        Column {
            name: "email".into(),
            r#type: ColumnType::String(Some(32)),
            nullable: false,
            server_default: Some("''".into()),
            autoincrement: false,
            comment: None,
            ..Default::default()
        },
    );
    for (dialect, spelling) in compiled_dialects() {
        assert_eq!(read(&text, Some(spelling.as_ref())).schema, want, "{dialect}");
    }
}

#[test]
fn read_schema_file_reads_from_disk() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("schema.sql");
    std::fs::write(&path, SEED).expect("write");
    let file = read_schema_file(&path, None).expect("reads");
    assert_eq!(file.schema, seed_schema());
}

/// An object the grammar cannot read whole is skipped from its first word, also when it is
/// the file's first statement and only comments come before it; a grammar that cannot even
/// split it into tokens (SQLite's, on `$$`) names its line.
#[test]
fn an_unreadable_first_statement_after_comments_is_skipped_whole() {
    let text = "-- a dump\n/* of a database */\nCREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END; $$;\nCREATE TABLE t (id INTEGER PRIMARY KEY);\n";
    for dialect in std::iter::once(None).chain(compiled_dialects().map(|(_, d)| Some(d))) {
        let name = dialect.as_ref().map(|d| d.name());
        match parse_schema_sql(Path::new("schema.sql"), text, dialect.as_deref()) {
            Ok(file) => {
                assert!(file.schema.table("t").is_some(), "{name:?}");
                assert!(file.notes.iter().any(|n| n.starts_with("schema.sql:3:")), "{name:?}: {:?}", file.notes);
            }
            Err(e) => assert!(e.to_string().starts_with("schema.sql:3:"), "{name:?}: {e}"),
        }
    }
}

#[test]
fn without_named_types_a_column_typed_by_a_domain_takes_on_what_the_domain_says() {
    let text = "CREATE DOMAIN posint AS integer NOT NULL DEFAULT 1 CONSTRAINT posint_check CHECK (VALUE > 0);
CREATE DOMAIN code AS text COLLATE \"C\";
CREATE TYPE unused AS ENUM ('a');
CREATE TABLE orders (id INTEGER PRIMARY KEY, qty posint, spare posint DEFAULT 7, c code, cs code[]);";
    let file = read(text, None);
    let orders = &file.schema.tables["orders"];
    assert_eq!(orders.columns[1], Column::new("qty", ColumnType::Integer).not_null().default_sql("1"));
    assert_eq!(orders.columns[2], Column::new("spare", ColumnType::Integer).not_null().default_sql("7"));
    assert_eq!(orders.columns[3], Column::new("c", ColumnType::Text));
    let checks: Vec<&str> = orders.check_constraints.iter().map(|c| c.expression.as_str()).collect();
    assert_eq!(checks, ["qty > 0", "spare > 0"]);
    assert!(file.schema.types.is_empty(), "{:?}", file.schema.types);
    let how = "is not managed as a type of its own; columns typed by it take its base type";
    assert_eq!(
        file.notes,
        [
            format!("schema.sql:1: domain 'posint' {how} INTEGER, NOT NULL, DEFAULT 1, CHECK (VALUE > 0)"),
            format!("schema.sql:2: domain 'code' {how} TEXT; not modelled, so not kept: COLLATE C"),
            "schema.sql:3: enum type 'unused' is used by no column and this database has no named types, so it is not kept"
                .to_string(),
            "schema.sql:4: column 'orders.cs' has type code[] built on domain 'code', which is not modelled".to_string(),
        ]
    );
}
