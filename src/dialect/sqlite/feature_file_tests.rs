//! Schema files in SQLite's spelling read into the column, index and constraint features
//! SQLite has: generated columns (virtual unless stored), collations, deferrable and
//! MATCH FULL foreign keys, NULLS order, as written by hand and as `sqlite3 .schema`
//! writes them (`tests/fixtures/schema_sql/sqlite3_schema_features.sql`, from a database
//! made with these features).

use super::SqliteDialect;
use crate::dialect::Dialect;
use crate::schema::{Column, ColumnType, Deferrable, FkAction, ForeignKey, Generated, Index, Nulls, Table};
use crate::source::read_schema_file;
use crate::source::tests::{fixture, fk, index, read};

const DIALECT: Option<&dyn Dialect> = Some(&SqliteDialect);

fn table<'a>(file: &'a crate::source::SchemaFile, name: &str) -> &'a Table {
    file.schema.table(name).unwrap_or_else(|| panic!("table {name}"))
}

#[test]
fn generated_columns_are_virtual_unless_stored() {
    let text = "CREATE TABLE t (a INTEGER, b INTEGER AS (a + 1), c INTEGER GENERATED ALWAYS AS (a * 2) STORED,
        d TEXT GENERATED ALWAYS AS (upper(e)) VIRTUAL, e TEXT);";
    let file = read(text, DIALECT);
    let generated: Vec<Option<Generated>> = table(&file, "t").columns.iter().map(|c| c.generated.clone()).collect();
    assert_eq!(
        generated,
        [
            None,
            Some(Generated { expression: "a + 1".into(), stored: false }),
            Some(Generated { expression: "a * 2".into(), stored: true }),
            Some(Generated { expression: "upper(e)".into(), stored: false }),
            None,
        ]
    );
    assert!(file.notes.is_empty(), "{:?}", file.notes);
}

#[test]
fn collations_and_deferrable_keys() {
    let text = "CREATE TABLE p (id INTEGER PRIMARY KEY, name TEXT COLLATE NOCASE NOT NULL);
CREATE TABLE c (a INTEGER REFERENCES p (id) DEFERRABLE INITIALLY DEFERRED,
    b INTEGER, FOREIGN KEY (b) REFERENCES p (id) MATCH FULL DEFERRABLE INITIALLY IMMEDIATE);
CREATE INDEX ix_p ON p (name ASC NULLS FIRST);";
    let file = read(text, DIALECT);
    let p = table(&file, "p");
    assert_eq!(
        p.columns[1],
        Column { collation: Some("NOCASE".into()), ..Column::new("name", ColumnType::Text).not_null() }
    );
    assert_eq!(p.indexes, [Index { nulls: vec![Some(Nulls::First)], ..index("ix_p", &["name"], false) }]);
    assert_eq!(
        table(&file, "c").foreign_keys,
        [
            ForeignKey { deferrable: Some(Deferrable::Deferred), ..fk(None, &["a"], "p", &["id"]) },
            ForeignKey { deferrable: Some(Deferrable::Immediate), match_full: true, ..fk(None, &["b"], "p", &["id"]) },
        ]
    );
}

#[test]
fn table_options_are_kept_and_column_options_the_model_does_not_hold_are_noted() {
    let text = "CREATE TABLE t (id INTEGER NOT NULL ON CONFLICT REPLACE, PRIMARY KEY (id DESC)) WITHOUT ROWID, STRICT;";
    let file = read(text, DIALECT);
    assert_eq!(
        file.notes,
        [
            "schema.sql:1: 'id INTEGER NOT NULL' of table 't': not modelled, so not kept: ON CONFLICT REPLACE (a conflict aborts the statement instead)",
            "schema.sql:1: primary key on 't': not modelled, so not kept: the order or operator class of its keys",
        ]
    );
    assert_eq!(file.schema.tables["t"].options, ["WITHOUT ROWID", "STRICT"]);
}

#[test]
fn virtual_tables_are_skipped_with_a_note() {
    let file = read("CREATE VIRTUAL TABLE docs USING fts5(title, body);\nCREATE TABLE t (id INTEGER);", DIALECT);
    assert_eq!(file.schema.tables.keys().collect::<Vec<_>>(), ["t"]);
    assert_eq!(file.summary, ["schema.sql: skipped 1 virtual table (line 1)"]);
}

/// The `.schema` of a database made with every feature SQLite has (see the module's doc).
#[test]
fn sqlite3_schema_of_every_feature_reads_each_feature() {
    let path = fixture("sqlite3_schema_features.sql");
    let file = read_schema_file(&path, DIALECT).expect(".schema output reads");
    let parents = table(&file, "parents");
    assert_eq!(parents.columns[1].collation.as_deref(), Some("NOCASE"));
    let children = table(&file, "children");
    let column = |name: &str| children.column(name).unwrap_or_else(|| panic!("{name}")).clone();
    assert_eq!(column("total").generated, Some(Generated { expression: "price * quantity".into(), stored: true }));
    assert_eq!(column("label").generated, Some(Generated { expression: "upper(name)".into(), stored: false }));
    assert_eq!(column("name").collation.as_deref(), Some("RTRIM"));
    assert_eq!(
        children.foreign_keys,
        [
            ForeignKey { deferrable: Some(Deferrable::Deferred), ..fk(None, &["parent_id"], "parents", &["id"]) },
            ForeignKey { on_delete: FkAction::Cascade, match_full: true, ..fk(None, &["price"], "parents", &["id"]) },
        ]
    );
    assert_eq!(
        children.indexes,
        [
            Index { descending: vec![true, false], ..index("ix_children_name", &["name", "price"], false) },
            Index { predicate: Some("label IS NOT NULL".into()), ..index("ux_children_label", &["label"], true) },
        ]
    );
    let p = path.display();
    assert_eq!(
        file.summary,
        [format!("{p}: skipped 1 internal table (line 2), 1 view (line 15), 1 trigger (line 17)")]
    );
}
