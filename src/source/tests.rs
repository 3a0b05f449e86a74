//! Tests of the schema file reader: the seed schema, every type and constraint form, real
//! dump output from pg_dump and mysqldump, and each kind of error.

use std::path::{Path, PathBuf};

use super::*;
use crate::schema::{
    CheckConstraint, Column, ColumnType, FkAction, ForeignKey, Index, PrimaryKey, Table, UniqueConstraint,
};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema_sql").join(name)
}

fn read(text: &str, dialect: &str) -> SchemaFile {
    parse_schema_sql(Path::new("schema.sql"), text, dialect).expect("schema reads")
}

fn error(text: &str, dialect: &str) -> SourceError {
    parse_schema_sql(Path::new("schema.sql"), text, dialect).expect_err("schema is rejected")
}

fn auto(mut column: Column) -> Column {
    column.autoincrement = true;
    column
}

fn commented(mut column: Column, comment: &str) -> Column {
    column.comment = Some(comment.to_string());
    column
}

fn table(name: &str, columns: Vec<Column>) -> Table {
    Table { columns, ..Table::new(name) }
}

fn pk(name: Option<&str>, columns: &[&str]) -> Option<PrimaryKey> {
    Some(PrimaryKey { name: name.map(String::from), columns: columns.iter().map(|c| c.to_string()).collect() })
}

fn fk(name: Option<&str>, columns: &[&str], referred_table: &str, referred: &[&str]) -> ForeignKey {
    ForeignKey {
        name: name.map(String::from),
        columns: columns.iter().map(|c| c.to_string()).collect(),
        referred_table: referred_table.to_string(),
        referred_columns: referred.iter().map(|c| c.to_string()).collect(),
        on_delete: FkAction::NoAction,
        on_update: FkAction::NoAction,
    }
}

fn index(name: &str, columns: &[&str], unique: bool) -> Index {
    Index { name: name.to_string(), columns: columns.iter().map(|c| c.to_string()).collect(), unique }
}

fn unique(name: Option<&str>, columns: &[&str]) -> UniqueConstraint {
    UniqueConstraint { name: name.map(String::from), columns: columns.iter().map(|c| c.to_string()).collect() }
}

fn schema_of(tables: Vec<Table>) -> Schema {
    let mut schema = Schema::new();
    for t in tables {
        schema.insert(t);
    }
    schema
}

const SEED: &str = include_str!("../../tests/fixtures/seed/schema.sql");

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
                },
                Column {
                    name: "name".into(),
                    r#type: ColumnType::String(Some(64)),
                    nullable: true,
                    server_default: None,
                    autoincrement: false,
                    comment: None,
                },
            ],
            primary_key: Some(PrimaryKey { name: None, columns: vec!["id".into()] }),
            indexes: vec![],
            unique_constraints: vec![UniqueConstraint { name: None, columns: vec!["name".into()] }],
            foreign_keys: vec![],
            check_constraints: vec![],
            comment: None,
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
                },
                Column {
                    name: "username".into(),
                    r#type: ColumnType::String(Some(64)),
                    nullable: true,
                    server_default: None,
                    autoincrement: false,
                    comment: None,
                },
                Column {
                    name: "role_id".into(),
                    r#type: ColumnType::Integer,
                    nullable: true,
                    server_default: None,
                    autoincrement: false,
                    comment: None,
                },
            ],
            primary_key: Some(PrimaryKey { name: None, columns: vec!["id".into()] }),
            indexes: vec![Index { name: "ix_users_username".into(), columns: vec!["username".into()], unique: true }],
            unique_constraints: vec![],
            foreign_keys: vec![ForeignKey {
                name: None,
                columns: vec!["role_id".into()],
                referred_table: "roles".into(),
                referred_columns: vec!["id".into()],
                on_delete: FkAction::NoAction,
                on_update: FkAction::NoAction,
            }],
            check_constraints: vec![],
            comment: None,
        },
    );
    Schema { tables }
}

#[test]
fn seed_schema_reads_the_same_in_every_dialect() {
    for dialect in ["sqlite", "postgresql", "mysql", "generic"] {
        let file = read(SEED, dialect);
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
        },
    );
    for dialect in ["sqlite", "postgresql", "mysql"] {
        assert_eq!(read(&text, dialect).schema, want, "{dialect}");
    }
}

#[test]
fn read_schema_file_reads_from_disk() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("schema.sql");
    std::fs::write(&path, SEED).expect("write");
    let file = read_schema_file(&path, "sqlite").expect("reads");
    assert_eq!(file.schema, seed_schema());
}

#[test]
fn every_column_type() {
    let text = "CREATE TABLE t (
        a SMALLINT, b INTEGER, c INT, d BIGINT, e VARCHAR(32), f VARCHAR, g TEXT,
        h BOOLEAN, i DATE, j TIMESTAMP, k TIMESTAMP WITH TIME ZONE, l TIME, m REAL,
        n DOUBLE PRECISION, o NUMERIC(10, 2), p NUMERIC, q BYTEA, r JSON, s UUID,
        u CHARACTER VARYING(8), v citext
    );";
    let want = [
        ("a", ColumnType::SmallInteger),
        ("b", ColumnType::Integer),
        ("c", ColumnType::Integer),
        ("d", ColumnType::BigInteger),
        ("e", ColumnType::String(Some(32))),
        ("f", ColumnType::String(None)),
        ("g", ColumnType::Text),
        ("h", ColumnType::Boolean),
        ("i", ColumnType::Date),
        ("j", ColumnType::DateTime { timezone: false }),
        ("k", ColumnType::DateTime { timezone: true }),
        ("l", ColumnType::Time),
        ("m", ColumnType::Float),
        ("n", ColumnType::Double),
        ("o", ColumnType::Numeric(Some(10), Some(2))),
        ("p", ColumnType::Numeric(None, None)),
        ("q", ColumnType::Binary),
        ("r", ColumnType::Json),
        ("s", ColumnType::Uuid),
        ("u", ColumnType::String(Some(8))),
        ("v", ColumnType::Raw("citext".into())),
    ];
    let file = read(text, "postgresql");
    let t = file.schema.table("t").expect("t");
    let got: Vec<(&str, ColumnType)> = t.columns.iter().map(|c| (c.name.as_str(), c.r#type.clone())).collect();
    let want: Vec<(&str, ColumnType)> = want.to_vec();
    assert_eq!(got, want);

    let mysql = "CREATE TABLE t (a DATETIME, b BLOB, c ENUM('a','it''s'), d DOUBLE, e FLOAT, f MEDIUMINT, g int(11), h TINYINT(1));";
    let file = read(mysql, "mysql");
    let got: Vec<ColumnType> = file.schema.tables["t"].columns.iter().map(|c| c.r#type.clone()).collect();
    assert_eq!(
        got,
        vec![
            ColumnType::DateTime { timezone: false },
            ColumnType::Binary,
            ColumnType::Enum { name: None, values: vec!["a".into(), "it's".into()] },
            ColumnType::Double,
            ColumnType::Float,
            ColumnType::Integer,
            ColumnType::Integer,
            ColumnType::Raw("TINYINT(1)".into()),
        ]
    );
}

#[test]
fn named_enum_types_and_serial_columns() {
    let text = "CREATE TYPE public.mood AS ENUM ('sad', 'ok');
        CREATE TABLE people (id SERIAL PRIMARY KEY, big BIGSERIAL, m public.mood NOT NULL,
            ident INTEGER GENERATED BY DEFAULT AS IDENTITY, always BIGINT GENERATED ALWAYS AS IDENTITY);";
    let file = read(text, "postgresql");
    let mood = ColumnType::Enum { name: Some("mood".into()), values: vec!["sad".into(), "ok".into()] };
    let want = Table {
        primary_key: pk(None, &["id"]),
        ..table(
            "people",
            vec![
                auto(Column::new("id", ColumnType::Integer).not_null()),
                auto(Column::new("big", ColumnType::BigInteger)),
                Column::new("m", mood).not_null(),
                auto(Column::new("ident", ColumnType::Integer)),
                auto(Column::new("always", ColumnType::BigInteger)),
            ],
        )
    };
    assert_eq!(file.schema, schema_of(vec![want]));
}

#[test]
fn autoincrement_spellings() {
    let sqlite = read("CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT);", "sqlite");
    assert!(sqlite.schema.tables["t"].columns[0].autoincrement);
    let mysql = read("CREATE TABLE t (id INT NOT NULL AUTO_INCREMENT, PRIMARY KEY (id));", "mysql");
    assert!(mysql.schema.tables["t"].columns[0].autoincrement);
}

#[test]
fn every_constraint_form() {
    let text = "
CREATE TABLE IF NOT EXISTS parents (
    a INTEGER NOT NULL,
    b VARCHAR(10) NOT NULL,
    code CHAR(3) CONSTRAINT parents_code_key UNIQUE,
    CONSTRAINT parents_pkey PRIMARY KEY (a, b),
    UNIQUE (code, a),
    CONSTRAINT parents_b_len UNIQUE (b)
);
CREATE TABLE children (
    id INTEGER CONSTRAINT children_pkey PRIMARY KEY,
    pa INTEGER,
    pb VARCHAR(10),
    owner INTEGER REFERENCES children ON DELETE CASCADE,
    age INTEGER NULL DEFAULT 0 CHECK (age >= 0),
    score NUMERIC(5, 2) CONSTRAINT score_range CHECK (score BETWEEN 0 AND 100),
    created TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    FOREIGN KEY (pa, pb) REFERENCES parents (a, b) ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT children_owner_fk FOREIGN KEY (owner) REFERENCES children (id) ON UPDATE RESTRICT,
    CHECK (pa IS NOT NULL OR pb IS NULL),
    CONSTRAINT older CHECK (age < 200)
);
CREATE INDEX IF NOT EXISTS ix_children_parent ON children (pa, pb);
CREATE INDEX ix_children_lower ON children (lower(pb));
";
    let file = read(text, "postgresql");
    let parents = Table {
        primary_key: pk(Some("parents_pkey"), &["a", "b"]),
        unique_constraints: vec![
            unique(Some("parents_code_key"), &["code"]),
            unique(None, &["code", "a"]),
            unique(Some("parents_b_len"), &["b"]),
        ],
        ..table(
            "parents",
            vec![
                Column::new("a", ColumnType::Integer).not_null(),
                Column::new("b", ColumnType::String(Some(10))).not_null(),
                Column::new("code", ColumnType::Raw("CHAR(3)".into())),
            ],
        )
    };
    let children = Table {
        primary_key: pk(Some("children_pkey"), &["id"]),
        indexes: vec![
            index("ix_children_parent", &["pa", "pb"], false),
            index("ix_children_lower", &["lower(pb)"], false),
        ],
        foreign_keys: vec![
            ForeignKey { on_delete: FkAction::Cascade, ..fk(None, &["owner"], "children", &["id"]) },
            ForeignKey {
                on_delete: FkAction::SetNull,
                on_update: FkAction::Cascade,
                ..fk(None, &["pa", "pb"], "parents", &["a", "b"])
            },
            ForeignKey {
                on_update: FkAction::Restrict,
                ..fk(Some("children_owner_fk"), &["owner"], "children", &["id"])
            },
        ],
        check_constraints: vec![
            CheckConstraint { name: None, expression: "age >= 0".into() },
            CheckConstraint { name: Some("score_range".into()), expression: "score BETWEEN 0 AND 100".into() },
            CheckConstraint { name: None, expression: "pa IS NOT NULL OR pb IS NULL".into() },
            CheckConstraint { name: Some("older".into()), expression: "age < 200".into() },
        ],
        ..table(
            "children",
            vec![
                Column::new("id", ColumnType::Integer).not_null(),
                Column::new("pa", ColumnType::Integer),
                Column::new("pb", ColumnType::String(Some(10))),
                Column::new("owner", ColumnType::Integer),
                Column::new("age", ColumnType::Integer).default_sql("0"),
                Column::new("score", ColumnType::Numeric(Some(5), Some(2))),
                Column::new("created", ColumnType::DateTime { timezone: false }).default_sql("CURRENT_TIMESTAMP"),
            ],
        )
    };
    assert_eq!(file.schema, schema_of(vec![parents, children]));
    assert_eq!(file.notes, Vec::<String>::new());
}

#[test]
fn mysql_inline_keys_comments_and_table_options() {
    let text = "
CREATE TABLE `accounts` (
  `id` bigint(20) unsigned NOT NULL AUTO_INCREMENT COMMENT 'row id',
  `email` varchar(190) NOT NULL,
  `team` int(11) DEFAULT NULL,
  `kind` enum('a','b') NOT NULL DEFAULT 'a',
  PRIMARY KEY (`id`),
  UNIQUE KEY `ux_accounts_email` (`email`),
  KEY `ix_accounts_team` (`team`, `kind`),
  INDEX (`kind`)
) ENGINE=InnoDB AUTO_INCREMENT=3 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci COMMENT='who pays';
";
    let file = read(text, "mysql");
    let want = Table {
        primary_key: pk(None, &["id"]),
        indexes: vec![
            index("ux_accounts_email", &["email"], true),
            index("ix_accounts_team", &["team", "kind"], false),
            index("kind", &["kind"], false),
        ],
        comment: Some("who pays".into()),
        ..table(
            "accounts",
            vec![
                commented(auto(Column::new("id", ColumnType::Raw("BIGINT(20) UNSIGNED".into())).not_null()), "row id"),
                Column::new("email", ColumnType::String(Some(190))).not_null(),
                Column::new("team", ColumnType::Integer),
                Column::new("kind", ColumnType::Enum { name: None, values: vec!["a".into(), "b".into()] })
                    .not_null()
                    .default_sql("'a'"),
            ],
        )
    };
    assert_eq!(file.schema, schema_of(vec![want]));
    assert_eq!(file.notes, Vec::<String>::new());
}

#[test]
fn session_and_bookkeeping_statements_change_nothing() {
    let text = "
SET NAMES utf8mb4;
/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;
LOCK TABLES `t` WRITE;
UNLOCK TABLES;
DROP TABLE IF EXISTS `t`;
CREATE TABLE `t` (`id` int NOT NULL);
";
    let file = read(text, "mysql");
    assert_eq!(file.schema, schema_of(vec![table("t", vec![Column::new("id", ColumnType::Integer).not_null()])]));
    assert_eq!(
        file.notes,
        vec!["schema.sql:6: ignored DROP TABLE IF EXISTS 't' (a schema file only declares)".to_string()]
    );
}

#[test]
fn skipped_objects_are_noted_by_name_and_do_not_stop_the_read() {
    let text = "CREATE TABLE users (id INTEGER PRIMARY KEY, active BOOLEAN);
CREATE VIEW active_users AS SELECT id FROM users WHERE active;
CREATE EXTENSION IF NOT EXISTS citext;
CREATE SEQUENCE invoice_numbers;
GRANT SELECT ON users TO reporting;
CREATE FUNCTION one() RETURNS integer LANGUAGE sql AS $$ SELECT 1 $$;
CREATE TABLE later (id INTEGER);
";
    let file = read(text, "postgresql");
    assert_eq!(file.schema.tables.keys().collect::<Vec<_>>(), ["later", "users"]);
    assert_eq!(
        file.notes,
        [
            "schema.sql:2: skipped view 'active_users' (views are not managed yet)",
            "schema.sql:3: skipped extension 'citext' (extensions are not managed yet)",
            "schema.sql:4: skipped sequence 'invoice_numbers' (standalone sequences are not managed yet)",
            "schema.sql:5: skipped grant 'GRANT SELECT ON users TO reporting' (privileges are not managed)",
            "schema.sql:6: skipped function 'one' (functions are not managed yet)",
        ]
    );
}

#[test]
fn pg_dump_schema_only_output() {
    let path = fixture("pg_dump_15.sql");
    let file = read_schema_file(&path, "postgresql").expect("pg_dump output reads");
    let mood = ColumnType::Enum { name: Some("mood".into()), values: vec!["sad".into(), "ok".into(), "happy".into()] };
    let roles = Table {
        primary_key: pk(Some("roles_pkey"), &["id"]),
        unique_constraints: vec![unique(Some("roles_name_key"), &["name"])],
        ..table(
            "roles",
            vec![
                auto(Column::new("id", ColumnType::Integer).not_null()),
                Column::new("name", ColumnType::String(Some(64))).not_null(),
            ],
        )
    };
    let users = Table {
        primary_key: pk(Some("users_pkey"), &["id"]),
        indexes: vec![
            index("ix_users_role", &["role_id", "created_at"], false),
            index("ix_users_username", &["username"], true),
        ],
        foreign_keys: vec![ForeignKey {
            on_delete: FkAction::SetNull,
            ..fk(Some("users_role_id_fkey"), &["role_id"], "roles", &["id"])
        }],
        check_constraints: vec![CheckConstraint {
            name: Some("users_balance_check".into()),
            expression: "(balance >= (0)::NUMERIC)".into(),
        }],
        comment: Some("People who log in".into()),
        ..table(
            "users",
            vec![
                auto(Column::new("id", ColumnType::BigInteger).not_null()),
                Column::new("username", ColumnType::String(Some(64))).not_null(),
                commented(
                    Column::new("email", ColumnType::String(Some(32))).not_null().default_sql("''::CHARACTER VARYING"),
                    "Where we write",
                ),
                Column::new("role_id", ColumnType::Integer),
                Column::new("current_mood", mood),
                Column::new("balance", ColumnType::Numeric(Some(10), Some(2))).default_sql("0"),
                Column::new("created_at", ColumnType::DateTime { timezone: true })
                    .not_null()
                    .default_sql("CURRENT_TIMESTAMP"),
                auto(Column::new("tick", ColumnType::Integer).not_null()),
            ],
        )
    };
    let memberships = Table {
        primary_key: pk(Some("memberships_pkey"), &["user_id", "role_id"]),
        foreign_keys: vec![
            fk(Some("memberships_role_fkey"), &["role_id"], "roles", &["id"]),
            ForeignKey {
                on_delete: FkAction::Cascade,
                ..fk(Some("memberships_user_id_fkey"), &["user_id"], "users", &["id"])
            },
        ],
        ..table(
            "memberships",
            vec![
                Column::new("user_id", ColumnType::BigInteger).not_null(),
                Column::new("role_id", ColumnType::Integer).not_null(),
                Column::new("since", ColumnType::Date),
            ],
        )
    };
    assert_eq!(file.schema, schema_of(vec![roles, users, memberships]));
    let p = path.display();
    assert_eq!(
        file.notes,
        [
            format!("{p}:25: skipped extension 'pgcrypto' (extensions are not managed yet)"),
            format!("{p}:32: skipped comment on extension 'pgcrypto'"),
            format!("{p}:52: skipped function 'touch' (functions are not managed yet)"),
            format!("{p}:100: skipped view 'active_users' (views are not managed yet)"),
            format!("{p}:113: skipped sequence 'invoice_numbers' (standalone sequences are not managed yet)"),
            format!("{p}:269: skipped trigger 'users_touch' (triggers are not managed yet)"),
            format!(
                "{p}:300: skipped grant 'GRANT SELECT ON TABLE public.users TO PUBLIC' (privileges are not managed)"
            ),
        ]
    );
}

#[test]
fn mysqldump_no_data_output() {
    let path = fixture("mysqldump_mariadb_10_11.sql");
    let file = read_schema_file(&path, "mysql").expect("mysqldump output reads");
    let roles = Table {
        primary_key: pk(None, &["id"]),
        indexes: vec![index("name", &["name"], true)],
        ..table(
            "roles",
            vec![
                auto(Column::new("id", ColumnType::Integer).not_null()),
                Column::new("name", ColumnType::String(Some(64))).not_null(),
            ],
        )
    };
    let users = Table {
        primary_key: pk(None, &["id"]),
        indexes: vec![
            index("ix_users_username", &["username"], true),
            index("ix_users_role", &["role_id", "created_at"], false),
        ],
        foreign_keys: vec![ForeignKey {
            on_delete: FkAction::SetNull,
            on_update: FkAction::Cascade,
            ..fk(Some("fk_users_role"), &["role_id"], "roles", &["id"])
        }],
        check_constraints: vec![CheckConstraint { name: None, expression: "`balance` >= 0".into() }],
        comment: Some("People who log in".into()),
        ..table(
            "users",
            vec![
                auto(Column::new("id", ColumnType::BigInteger).not_null()),
                Column::new("username", ColumnType::String(Some(64))).not_null(),
                commented(
                    Column::new("email", ColumnType::String(Some(32))).not_null().default_sql("''"),
                    "Where we write",
                ),
                Column::new("role_id", ColumnType::Integer),
                Column::new(
                    "mood",
                    ColumnType::Enum { name: None, values: vec!["sad".into(), "ok".into(), "happy".into()] },
                ),
                Column::new("balance", ColumnType::Numeric(Some(10), Some(2))).default_sql("0.00"),
                Column::new("created_at", ColumnType::DateTime { timezone: false })
                    .not_null()
                    .default_sql("current_timestamp()"),
            ],
        )
    };
    let memberships = Table {
        primary_key: pk(None, &["user_id", "role_id"]),
        indexes: vec![index("role_id", &["role_id"], false)],
        foreign_keys: vec![
            fk(Some("memberships_role"), &["role_id"], "roles", &["id"]),
            ForeignKey { on_delete: FkAction::Cascade, ..fk(Some("memberships_user"), &["user_id"], "users", &["id"]) },
        ],
        ..table(
            "memberships",
            vec![
                Column::new("user_id", ColumnType::BigInteger).not_null(),
                Column::new("role_id", ColumnType::Integer).not_null(),
                Column::new("since", ColumnType::Date),
            ],
        )
    };
    assert_eq!(file.schema, schema_of(vec![roles, users, memberships]));
    let p = path.display();
    assert_eq!(
        file.notes,
        [
            format!("{p}:23: ignored DROP TABLE IF EXISTS 'active_users' (a schema file only declares)"),
            format!("{p}:24: ignored DROP VIEW IF EXISTS 'active_users' (a schema file only declares)"),
            format!("{p}:27: skipped view 'active_users' (views are not managed yet)"),
            format!("{p}:36: ignored DROP TABLE IF EXISTS 'memberships' (a schema file only declares)"),
            format!("{p}:54: ignored DROP TABLE IF EXISTS 'roles' (a schema file only declares)"),
            format!("{p}:69: ignored DROP TABLE IF EXISTS 'users' (a schema file only declares)"),
            format!("{p}:91: ignored DROP VIEW IF EXISTS 'active_users' (a schema file only declares)"),
            format!("{p}:98: skipped view 'active_users' (views are not managed yet)"),
        ]
    );
}

#[test]
fn unreadable_file_names_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("missing.sql");
    let err = read_schema_file(&path, "sqlite").expect_err("missing file");
    assert!(matches!(err, SourceError::Read { .. }), "{err:?}");
    let message = err.to_string();
    assert!(message.starts_with(&format!("{}: cannot read schema file: ", path.display())), "{message}");
    assert_eq!(message.lines().count(), 1);
}

#[test]
fn syntax_error_names_file_and_line() {
    let text = "CREATE TABLE roles (id INTEGER);\n\nCREATE TABLE users (\n  id INTEGER,\n  name VARCHAR(64) NOT NOT NULL\n);\n";
    let err = error(text, "sqlite");
    let SourceError::Parse { ref path, line, ref message } = err else { panic!("{err:?}") };
    assert_eq!((path.as_path(), line), (Path::new("schema.sql"), 5));
    assert!(message.starts_with("Expected: "), "{message}");
    assert!(err.to_string().starts_with("schema.sql:5: cannot parse: Expected: "), "{err}");
}

#[test]
fn unsupported_statement_names_file_line_and_statement() {
    let text = "CREATE TABLE users (id INTEGER);\n-- seed data\nINSERT INTO users (id)\n  VALUES (1), (2), (3), (4), (5), (6), (7), (8), (9), (10), (11);\n";
    let err = error(text, "sqlite");
    let SourceError::Unsupported { line, ref statement, .. } = err else { panic!("{err:?}") };
    assert_eq!(line, 3);
    assert_eq!(statement, "INSERT INTO users (id) VALUES (1), (2), (3), (4), (5), (6),");
    assert!(err.to_string().starts_with("schema.sql:3: unsupported statement 'INSERT INTO users (id) VALUES"), "{err}");

    let err = error("CREATE TABLE users (id INTEGER);\nDROP TABLE users;\n", "postgresql");
    assert!(err.to_string().starts_with("schema.sql:2: unsupported statement 'DROP TABLE users': "), "{err}");
}

#[test]
fn foreign_key_to_an_undeclared_table_is_invalid() {
    let err = error("CREATE TABLE users (id INTEGER, role_id INTEGER REFERENCES rolez (id));", "sqlite");
    assert!(matches!(err, SourceError::Invalid { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "schema.sql: foreign key on 'users' (role_id) refers to table 'rolez', which is not declared"
    );
}

#[test]
fn inconsistent_schemas_are_invalid_naming_the_object() {
    let cases = [
        (
            "CREATE TABLE t (id INTEGER);\nCREATE TABLE t (id INTEGER);",
            "schema.sql: table 't' is declared twice (lines 1 and 2)",
        ),
        ("CREATE TABLE t (id INTEGER, id TEXT);", "schema.sql: column 't.id' (line 1) is declared twice"),
        (
            "CREATE TABLE t (id INTEGER, PRIMARY KEY (idd));",
            "schema.sql: primary key on 't' names column 'idd', which 't' does not have",
        ),
        (
            "CREATE TABLE t (id INTEGER, UNIQUE (nme));",
            "schema.sql: unique constraint on 't' names column 'nme', which 't' does not have",
        ),
        (
            "CREATE TABLE t (id INTEGER);\nCREATE INDEX ix_t ON t (nme);",
            "schema.sql: index 'ix_t' on 't' names column 'nme', which 't' does not have",
        ),
        (
            "CREATE TABLE t (id INTEGER);\nCREATE INDEX ix_u ON u (id);",
            "schema.sql: index 'ix_u' (line 2) is on table 'u', which is not declared",
        ),
        (
            "CREATE TABLE t (id INTEGER REFERENCES t (nope));",
            "schema.sql: foreign key on 't' refers to column 't.nope', which is not declared",
        ),
        (
            "CREATE TABLE t (id INTEGER);\nALTER TABLE u ADD CONSTRAINT u_pkey PRIMARY KEY (id);",
            "schema.sql: line 2 changes table 'u', which is not declared",
        ),
    ];
    for (text, want) in cases {
        let err = error(text, "postgresql");
        assert!(matches!(err, SourceError::Invalid { .. }), "{text}: {err:?}");
        assert_eq!(err.to_string(), want, "{text}");
    }
}

#[test]
fn sequences_feeding_a_column_make_it_autoincrement() {
    let text = "CREATE SEQUENCE public.orders_id_seq;
CREATE SEQUENCE public.lines_id_seq AS integer START WITH 1 INCREMENT BY 1 NO MINVALUE NO MAXVALUE CACHE 1;
CREATE SEQUENCE public.spare_seq;
CREATE TABLE public.orders (id integer DEFAULT nextval('public.orders_id_seq'::regclass) NOT NULL);
CREATE TABLE public.lines (id integer NOT NULL, note text);
ALTER SEQUENCE public.lines_id_seq OWNED BY public.lines.id;
ALTER TABLE ONLY public.lines ALTER COLUMN note SET DEFAULT 'none';
";
    let file = read(text, "postgresql");
    let want = schema_of(vec![
        table("orders", vec![auto(Column::new("id", ColumnType::Integer).not_null())]),
        table(
            "lines",
            vec![
                auto(Column::new("id", ColumnType::Integer).not_null()),
                Column::new("note", ColumnType::Text).default_sql("'none'"),
            ],
        ),
    ]);
    assert_eq!(file.schema, want);
    assert_eq!(file.notes, ["schema.sql:3: skipped sequence 'spare_seq' (standalone sequences are not managed yet)"]);

    let err =
        error("CREATE TABLE t (id integer);\nCREATE SEQUENCE s;\nALTER SEQUENCE s OWNED BY t.nope;", "postgresql");
    assert_eq!(err.to_string(), "schema.sql: line 3 names column 't.nope', which is not declared");
}

#[test]
fn sqlite_schema_command_output() {
    // What `sqlite3 app.db .schema` prints for a table with AUTOINCREMENT.
    let text = "CREATE TABLE t(id integer primary key autoincrement, x text default (1+2));
CREATE TABLE sqlite_sequence(name,seq);
CREATE INDEX i on t(x);
";
    let file = read(text, "sqlite");
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
