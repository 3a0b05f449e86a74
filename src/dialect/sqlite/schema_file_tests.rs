//! Schema files written for this dialect: its type names, autoincrement spellings, dump
//! output and errors, read through its [`Spelling`](crate::dialect::Spelling).

use std::path::Path;

use super::SqliteDialect;
use crate::dialect::Dialect;
use crate::schema::{Column, ColumnType, Table};
use crate::source::tests::{auto, error, index, pk, read, schema_of, table};
use crate::source::{read_schema_file, SourceError};

const DIALECT: Option<&dyn Dialect> = Some(&SqliteDialect);

#[test]
fn unreadable_file_names_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("missing.sql");
    let err = read_schema_file(&path, DIALECT).expect_err("missing file");
    assert!(matches!(err, SourceError::Read { .. }), "{err:?}");
    let message = err.to_string();
    assert!(message.starts_with(&format!("{}: cannot read schema file: ", path.display())), "{message}");
    assert_eq!(message.lines().count(), 1);
}

#[test]
fn syntax_error_names_file_and_line() {
    let text = "CREATE TABLE roles (id INTEGER);\n\nCREATE TABLE users (\n  id INTEGER,\n  name VARCHAR(64) NOT NOT NULL\n);\n";
    let err = error(text, DIALECT);
    let SourceError::Parse { ref path, line, ref message } = err else { panic!("{err:?}") };
    assert_eq!((path.as_path(), line), (Path::new("schema.sql"), 5));
    assert!(message.starts_with("Expected: "), "{message}");
    assert!(err.to_string().starts_with("schema.sql:5: cannot parse: Expected: "), "{err}");
}

#[test]
fn foreign_key_to_an_undeclared_table_is_invalid() {
    let err = error("CREATE TABLE users (id INTEGER, role_id INTEGER REFERENCES rolez (id));", DIALECT);
    assert!(matches!(err, SourceError::Invalid { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "schema.sql: foreign key on 'users' (role_id) refers to table 'rolez', which is not declared"
    );
}

#[test]
fn sqlite_schema_command_output() {
    // What `sqlite3 app.db .schema` prints for a table with AUTOINCREMENT.
    let text = "CREATE TABLE t(id integer primary key autoincrement, x text default (1+2));
CREATE TABLE sqlite_sequence(name,seq);
CREATE INDEX i on t(x);
";
    let file = read(text, DIALECT);
    let want = Table {
        primary_key: pk(None, &["id"]),
        indexes: vec![index("i", &["x"], false)],
        ..table(
            "t",
            vec![
                auto(Column::new("id", ColumnType::Integer).not_null()),
                Column::new("x", ColumnType::Text).default_sql("(1 + 2)"),
            ],
        )
    };
    assert_eq!(file.schema, schema_of(vec![want]));
    assert_eq!(file.notes, ["schema.sql:2: skipped SQLite internal table 'sqlite_sequence'"]);
}
#[test]
fn autoincrement_spellings() {
    let sqlite = read("CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT);", DIALECT);
    assert!(sqlite.schema.tables["t"].columns[0].autoincrement);
}

#[test]
fn unsupported_statement_names_file_line_and_statement() {
    let text = "CREATE TABLE users (id INTEGER);\n-- gone\nDROP TABLE\n  users;\n";
    let err = error(text, DIALECT);
    let SourceError::Unsupported { line, ref statement, .. } = err else { panic!("{err:?}") };
    assert_eq!(line, 3);
    assert_eq!(statement, "DROP TABLE users");
    assert!(err.to_string().starts_with("schema.sql:3: unsupported statement 'DROP TABLE users'"), "{err}");
}

#[test]
fn rows_and_drops_of_unmanaged_objects_are_skipped_with_a_note() {
    let text = "CREATE TABLE users (id INTEGER);\nINSERT INTO users (id)\n  VALUES (1), (2);\n\
                UPDATE users SET id = 3;\nDELETE FROM users;\nDROP TRIGGER IF EXISTS t_users;\n\
                DROP INDEX IF EXISTS ix_gone;\nSELECT 1;\n";
    let file = read(text, DIALECT);
    assert_eq!(file.schema.tables.len(), 1);
    assert_eq!(
        file.summary,
        ["schema.sql: skipped 4 data statements (lines 2, 4, 5, 8), 2 DROP ... IF EXISTS statements (lines 6, 7)"]
    );
}

#[test]
fn type_names_of_several_words_are_read_whole() {
    let text = "CREATE TABLE t (\n  id INTEGER PRIMARY KEY,\n  body BLOB SUB_TYPE TEXT,\n  \
                big UNSIGNED BIG INT NOT NULL DEFAULT 0,\n  label VARYING CHARACTER(255) UNIQUE,\n  \
                code NATIVE CHARACTER (70),\n  ratio DOUBLE PRECISION,\n  at TIMESTAMP WITH TIME ZONE,\n  \
                kind CHARACTER VARYING(20) CONSTRAINT ck_kind CHECK (kind <> '')\n);\n\
                CREATE TABLE copy AS SELECT id FROM t;\n";
    let err = error(text, DIALECT);
    assert!(matches!(err, SourceError::Unsupported { line: 11, .. }), "{err:?}");
    let file = read(&text[..text.find("CREATE TABLE copy").expect("second statement")], DIALECT);
    let t = &file.schema.tables["t"];
    let types: Vec<(&str, &ColumnType)> = t.columns.iter().map(|c| (c.name.as_str(), &c.r#type)).collect();
    let raw = |s: &str| ColumnType::Raw(s.to_string());
    assert_eq!(
        types,
        [
            ("id", &ColumnType::Integer),
            ("body", &raw("BLOB SUB_TYPE TEXT")),
            ("big", &raw("UNSIGNED BIG INT")),
            ("label", &raw("VARYING CHARACTER(255)")),
            ("code", &raw("NATIVE CHARACTER(70)")),
            ("ratio", &ColumnType::Double),
            ("at", &ColumnType::DateTime { timezone: true }),
            ("kind", &raw("CHARACTER VARYING(20)")),
        ]
    );
    assert!(!t.columns[2].nullable);
    assert_eq!(t.columns[2].server_default.as_deref(), Some("0"));
    assert_eq!(t.unique_constraints.len(), 1);
    assert_eq!(t.check_constraints[0].name.as_deref(), Some("ck_kind"));
}

#[test]
fn index_keys_keep_their_order() {
    let text = "CREATE TABLE t (a INTEGER, b TEXT);\nCREATE INDEX ix_desc ON t (a DESC, b ASC);\n\
                CREATE INDEX ix_asc ON t (a ASC, lower(b));\nCREATE INDEX ix_nulls ON t (b DESC NULLS LAST);\n";
    let file = read(text, DIALECT);
    let t = &file.schema.tables["t"];
    let orders: Vec<(&str, &[bool])> = t.indexes.iter().map(|i| (i.name.as_str(), i.descending.as_slice())).collect();
    assert_eq!(orders, [("ix_desc", &[true, false][..]), ("ix_asc", &[][..]), ("ix_nulls", &[true][..])]);
    assert!(t.indexes[0].is_descending(0) && !t.indexes[0].is_descending(1) && !t.indexes[1].is_descending(5));
    // `DESC NULLS LAST` is not the descending default: kept for the dialect to render or refuse.
    assert_eq!(t.indexes[2].nulls, [Some(crate::schema::Nulls::Last)]);
    assert!(file.notes.is_empty(), "{:?}", file.notes);
}

#[test]
fn a_partial_index_keeps_its_condition() {
    let file = read("CREATE TABLE t (a INTEGER, b TEXT);\nCREATE INDEX ix_t ON t (a) WHERE b IS NOT NULL;\n", DIALECT);
    assert_eq!(file.schema.tables["t"].indexes[0].predicate.as_deref(), Some("b IS NOT NULL"));
    assert!(file.notes.is_empty(), "{:?}", file.notes);
}

#[test]
fn a_column_with_no_type_reads_as_binary() {
    // No declared type is BLOB affinity, as `BLOB` is; SQLite's own tables are written so.
    let s = read("CREATE TABLE kv (k PRIMARY KEY, v, half AS (v / 2));", DIALECT).schema;
    let kv = s.table("kv").expect("kv");
    let types: Vec<&ColumnType> = kv.columns.iter().map(|c| &c.r#type).collect();
    assert_eq!(types, [&ColumnType::Binary, &ColumnType::Binary, &ColumnType::Binary]);
}

#[test]
fn the_shadow_tables_of_a_virtual_table_in_a_dump_are_skipped() {
    // What `sqlite3 app.db .schema` prints for an FTS5 table.
    let text = "CREATE VIRTUAL TABLE docs USING fts5(body)
/* docs(body) */;
CREATE TABLE IF NOT EXISTS 'docs_data'(id INTEGER PRIMARY KEY, block BLOB);
CREATE TABLE IF NOT EXISTS 'docs_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS 'docs_content'(id INTEGER PRIMARY KEY, c0);
CREATE TABLE IF NOT EXISTS 'docs_docsize'(id INTEGER PRIMARY KEY, sz BLOB);
CREATE TABLE IF NOT EXISTS 'docs_config'(k PRIMARY KEY, v) WITHOUT ROWID;
CREATE TABLE docs_archive(id INTEGER PRIMARY KEY);
";
    let file = read(text, DIALECT);
    let names: Vec<&String> = file.schema.tables.keys().collect();
    assert_eq!(names, ["docs_archive"], "a table declared without IF NOT EXISTS is the user's own");
    let notes = file.notes.join("\n");
    assert!(notes.contains("skipped virtual table 'docs' using fts5"), "{notes}");
    assert!(notes.contains("skipped shadow table 'docs_config' of virtual table 'docs'"), "{notes}");
}

#[test]
fn an_enum_type_no_column_uses_is_noted_as_not_kept() {
    let file = read("CREATE TYPE mood AS ENUM ('sad', 'ok');\nCREATE TABLE t (id INTEGER PRIMARY KEY);", DIALECT);
    assert!(file.schema.types.is_empty(), "{:?}", file.schema.types);
    assert_eq!(
        file.notes,
        ["schema.sql:1: enum type 'mood' is used by no column and this database has no named types, so it is not kept"]
    );
}

#[test]
fn on_conflict_clauses_of_every_constraint_read_with_a_note() {
    let text = "CREATE TABLE t (id INTEGER PRIMARY KEY ON CONFLICT ROLLBACK, a TEXT UNIQUE ON CONFLICT IGNORE,
        b TEXT, c TEXT, UNIQUE (b) ON CONFLICT REPLACE, CONSTRAINT uq_t_c UNIQUE (c) ON CONFLICT FAIL);
        CREATE TABLE u (x INTEGER, y INTEGER, PRIMARY KEY (x, y) ON CONFLICT ABORT);
        INSERT INTO u VALUES (1, 2) ON CONFLICT DO NOTHING;";
    let file = read(text, DIALECT);
    let t = &file.schema.tables["t"];
    assert_eq!(t.primary_key.as_ref().map(|pk| pk.columns.clone()), Some(vec!["id".to_string()]));
    assert_eq!(t.unique_constraints.len(), 3);
    assert_eq!(file.schema.tables["u"].primary_key.as_ref().map(|pk| pk.columns.len()), Some(2));
    let clauses: Vec<&str> =
        file.notes.iter().filter_map(|n| n.split(": not modelled, so not kept: ").nth(1)).collect();
    let suffix = " (a conflict aborts the statement instead)";
    let want: Vec<String> = ["ROLLBACK", "IGNORE", "REPLACE", "FAIL", "ABORT"]
        .iter()
        .map(|action| format!("ON CONFLICT {action}{suffix}"))
        .collect();
    assert_eq!(clauses, want, "{:?}", file.notes);
    assert!(file.notes[1].starts_with("schema.sql:1: 'a TEXT UNIQUE' of table 't'"), "{}", file.notes[1]);
    assert!(file.notes[2].starts_with("schema.sql:2: 'UNIQUE (b)' of table 't'"), "{}", file.notes[2]);
    assert!(file.notes[4].starts_with("schema.sql:3: 'PRIMARY KEY (x, y)' of table 'u'"), "{}", file.notes[4]);
}

#[test]
fn column_and_table_names_match_in_any_case() {
    let text = "CREATE TABLE Users (Id INTEGER PRIMARY KEY, Token TEXT, UNIQUE (token));
        CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES USERS (ID));
        CREATE INDEX ix_users_token ON users (TOKEN);";
    let file = read(text, DIALECT);
    let users = &file.schema.tables["Users"];
    assert_eq!(users.unique_constraints[0].columns, ["Token"]);
    assert_eq!(users.indexes[0].columns, ["Token"]);
    let fk = &&file.schema.tables["posts"].foreign_keys[0];
    assert_eq!((fk.referred_table.as_str(), fk.referred_columns.as_slice()), ("Users", &["Id".to_string()][..]));
}

#[test]
fn a_unique_key_with_its_own_collation_is_a_unique_index() {
    let file = read("CREATE TABLE t (id INTEGER PRIMARY KEY, token TEXT, UNIQUE (token COLLATE NOCASE));", DIALECT);
    let t = &file.schema.tables["t"];
    assert!(t.unique_constraints.is_empty());
    assert_eq!(t.indexes, [index("uq_t_token", &["token COLLATE NOCASE"], true)]);
    assert_eq!(
        file.notes,
        ["schema.sql:1: unique constraint on 't' (token COLLATE NOCASE) is kept as the unique index 'uq_t_token', which holds the same keys"]
    );
}
