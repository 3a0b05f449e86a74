//! The reader's features that hold for every dialect: identity options compared with the
//! defaults of the column's type, and the printed summary of skipped statements. Each
//! dialect's own spellings of the features are tested in its folder
//! (`dialect/<db>/feature_file_tests.rs`).

use super::tests::read;
use crate::schema::{ColumnType, Generated, Identity};

#[test]
fn identity_options_equal_to_the_type_defaults_are_none() {
    let by_default = Identity::default();
    assert_eq!(by_default.clone().without_defaults(&ColumnType::Integer), None);
    let spelled_out = Identity { start: Some(1), increment: Some(1), min_value: Some(1), ..Identity::default() };
    assert_eq!(spelled_out.without_defaults(&ColumnType::BigInteger), None);
    let int_max = Identity { max_value: Some(2_147_483_647), ..Identity::default() };
    assert_eq!(int_max.clone().without_defaults(&ColumnType::Integer), None);
    // The largest integer is not the largest bigint.
    assert_eq!(
        int_max.without_defaults(&ColumnType::BigInteger),
        Some(Identity { max_value: Some(2_147_483_647), ..by_default })
    );
    let descending = Identity {
        increment: Some(-1),
        start: Some(-1),
        max_value: Some(-1),
        min_value: Some(-32768),
        ..Identity::default()
    };
    assert_eq!(
        descending.without_defaults(&ColumnType::SmallInteger),
        Some(Identity { increment: Some(-1), ..Identity::default() })
    );
    let always = Identity { always: true, cycle: true, start: Some(5), min_value: Some(5), ..Identity::default() };
    assert_eq!(
        always.without_defaults(&ColumnType::Integer),
        Some(Identity { always: true, cycle: true, min_value: Some(5), ..Identity::default() })
    );
}

#[test]
fn generated_columns_read_with_the_generic_grammar() {
    let file =
        read("CREATE TABLE t (a INTEGER, b INTEGER GENERATED ALWAYS AS (a + 1) STORED, c INTEGER AS (a));", None);
    let t = &file.schema.tables["t"];
    assert_eq!(t.columns[1].generated, Some(Generated { expression: "a + 1".into(), stored: true }));
    assert_eq!(t.columns[2].generated, Some(Generated { expression: "a".into(), stored: false }));
}

#[test]
fn the_summary_names_each_kind_once_with_its_lines_and_keeps_other_notes() {
    let text = "CREATE TABLE t (id INTEGER);
CREATE VIEW a AS SELECT 1;
DROP TABLE IF EXISTS gone;
CREATE VIEW b AS SELECT 2;
CREATE SCHEMA s;
CREATE TABLE IF NOT EXISTS t (id INTEGER);
DROP TABLE IF EXISTS x, y;
";
    let file = read(text, None);
    assert_eq!(
        file.summary,
        [
            "schema.sql: skipped 2 views (lines 2, 4), 3 DROP ... IF EXISTS statements (lines 3, 7), 1 schema (line 5)",
            "schema.sql:6: skipped second CREATE TABLE IF NOT EXISTS 't' (first declared on line 1)",
        ]
    );
    // Every statement keeps its own note too, in full.
    assert_eq!(file.notes.len(), 7, "{:?}", file.notes);
    // One statement dropping two tables: two notes on one line, counted twice, listed once.
    let both = read("DROP TABLE IF EXISTS x, y;", None);
    assert_eq!(both.summary, ["schema.sql: skipped 2 DROP ... IF EXISTS statements (line 1)"]);
    assert_eq!(read("CREATE TABLE t (id INTEGER);", None).summary, Vec::<String>::new());
}
