//! Schema files written for this dialect: its type names, autoincrement spellings, dump
//! output and errors, read through its [`Spelling`](crate::dialect::Spelling).

use super::MySqlDialect;
use crate::dialect::Dialect;
use crate::schema::{CheckConstraint, Column, ColumnType, FkAction, ForeignKey, Table};
use crate::source::read_schema_file;
use crate::source::tests::{auto, commented, fixture, fk, index, pk, read, schema_of, table};

const DIALECT: Option<&dyn Dialect> = Some(&MySqlDialect);

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
    let file = read(text, DIALECT);
    let want = Table {
        primary_key: pk(None, &["id"]),
        indexes: vec![
            index("ux_accounts_email", &["email"], true),
            index("ix_accounts_team", &["team", "kind"], false),
            index("kind", &["kind"], false),
        ],
        comment: Some("who pays".into()),
        charset: Some("utf8mb4".into()),
        collation: Some("utf8mb4_unicode_ci".into()),
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
    let file = read(text, DIALECT);
    assert_eq!(file.schema, schema_of(vec![table("t", vec![Column::new("id", ColumnType::Integer).not_null()])]));
    assert_eq!(
        file.notes,
        vec!["schema.sql:6: ignored DROP TABLE IF EXISTS 't' (a schema file only declares)".to_string()]
    );
}

#[test]
fn mysqldump_no_data_output() {
    let path = fixture("mysqldump_mariadb_10_11.sql");
    let file = read_schema_file(&path, DIALECT).expect("mysqldump output reads");
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
    let defaults = |t| Table { charset: Some("utf8mb4".into()), collation: Some("utf8mb4_general_ci".into()), ..t };
    assert_eq!(file.schema, schema_of([roles, users, memberships].map(defaults).into()));
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
fn every_column_type() {
    let mysql = "CREATE TABLE t (a DATETIME, b BLOB, c ENUM('a','it''s'), d DOUBLE, e FLOAT, f MEDIUMINT, g int(11), h TINYINT(1));";
    let file = read(mysql, DIALECT);
    let got: Vec<ColumnType> = file.schema.tables["t"].columns.iter().map(|c| c.r#type.clone()).collect();
    assert_eq!(
        got,
        vec![
            ColumnType::DateTime { timezone: false },
            ColumnType::Binary,
            ColumnType::Enum { name: None, values: vec!["a".into(), "it's".into()] },
            ColumnType::Double,
            ColumnType::Float,
            ColumnType::Raw("MEDIUMINT".into()),
            ColumnType::Integer,
            ColumnType::Raw("TINYINT(1)".into()),
        ]
    );
}

#[test]
fn a_prefix_key_keeps_its_order() {
    let mysql = "CREATE TABLE `t` (`id` int NOT NULL, `name` varchar(100), `code` varchar(20),
        PRIMARY KEY (`id`), KEY `k` (`name`(10) DESC, `id`), UNIQUE KEY `u` (`code`(5) DESC));
        CREATE INDEX k2 ON t (name(20) DESC);";
    let file = read(mysql, DIALECT);
    let indexes = &file.schema.tables["t"].indexes;
    let got: Vec<(&str, &[String], &[bool])> =
        indexes.iter().map(|i| (i.name.as_str(), i.columns.as_slice(), i.descending.as_slice())).collect();
    let strings = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let (k, u, k2) = (strings(&["name(10)", "id"]), strings(&["code(5)"]), strings(&["name(20)"]));
    assert_eq!(got, [("k", &k[..], &[true, false][..]), ("u", &u[..], &[true][..]), ("k2", &k2[..], &[true][..])]);
}

#[test]
fn autoincrement_spellings() {
    let mysql = read("CREATE TABLE t (id INT NOT NULL AUTO_INCREMENT, PRIMARY KEY (id));", DIALECT);
    assert!(mysql.schema.tables["t"].columns[0].autoincrement);
}

#[test]
fn mariadb_dumps_of_json_columns_read_as_json() {
    let text = "
CREATE TABLE `j` (
  `id` int(11) NOT NULL,
  `doc` longtext CHARACTER SET utf8mb4 COLLATE utf8mb4_bin DEFAULT NULL CHECK (json_valid(`doc`)),
  `d2` longtext CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL DEFAULT '{}' CHECK (json_valid(`d2`)),
  `other` longtext DEFAULT NULL CHECK (json_valid(`doc`)),
  PRIMARY KEY (`id`),
  CONSTRAINT `x` CHECK (`id` > 0)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
";
    let file = read(text, DIALECT);
    let t = file.schema.table("j").expect("table");
    let doc = t.column("doc").expect("doc");
    assert_eq!((&doc.r#type, doc.collation.as_deref()), (&ColumnType::Json, None));
    let d2 = t.column("d2").expect("d2");
    assert_eq!((&d2.r#type, d2.nullable, d2.server_default.as_deref()), (&ColumnType::Json, false, Some("'{}'")));
    // A check on another column is a check like any other.
    assert_eq!(t.column("other").map(|c| &c.r#type), Some(&ColumnType::Raw("LONGTEXT".into())));
    assert_eq!(t.check_constraints.len(), 2, "{:?}", t.check_constraints);
}

#[test]
fn the_binary_attribute_is_the_binary_collation_of_the_table_charset() {
    let text = "
CREATE TABLE staff (
  id INT NOT NULL PRIMARY KEY,
  password VARCHAR(40) BINARY DEFAULT NULL,
  token BINARY(16),
  note TEXT BINARY
) ENGINE=InnoDB DEFAULT CHARSET=latin1;
";
    let file = read(text, DIALECT);
    let t = file.schema.table("staff").expect("table");
    assert_eq!(t.column("password").and_then(|c| c.collation.as_deref()), Some("latin1_bin"));
    assert_eq!(t.column("note").and_then(|c| c.collation.as_deref()), Some("latin1_bin"));
    assert_eq!(t.column("token").and_then(|c| c.collation.as_deref()), None);
}

#[test]
fn stored_routines_the_grammar_cannot_read_are_skipped_with_a_note() {
    let text = "
CREATE TABLE t (id INT NOT NULL PRIMARY KEY);
DELIMITER //
CREATE PROCEDURE report (IN n TINYINT UNSIGNED)
LANGUAGE SQL
NOT DETERMINISTIC
proc: BEGIN
  DECLARE x INT;
  SELECT COUNT(*) INTO x FROM t;
END //
DELIMITER ;
DELIMITER $$
CREATE FUNCTION balance(p INT) RETURNS DECIMAL(5,2)
    DETERMINISTIC
BEGIN
  DECLARE v DECIMAL(5,2);
  RETURN v;
END $$
DELIMITER ;
CREATE TABLE u (id INT NOT NULL PRIMARY KEY);
";
    let file = read(text, DIALECT);
    assert_eq!(file.schema.tables.keys().collect::<Vec<_>>(), ["t", "u"]);
    let notes = format!("{:?}", file.notes);
    assert!(notes.contains("procedure 'report'") && notes.contains("function 'balance'"), "{notes}");
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
fn column_names_match_in_any_case() {
    let text = "CREATE TABLE users (Id INT NOT NULL, Token VARCHAR(40), PRIMARY KEY (id), UNIQUE KEY uq (token(10)), KEY k (TOKEN));
        CREATE TABLE posts (id INT PRIMARY KEY, user_id INT, FOREIGN KEY (USER_ID) REFERENCES users (ID));";
    let file = read(text, DIALECT);
    let users = &file.schema.tables["users"];
    assert_eq!(users.primary_key.as_ref().map(|pk| pk.columns.clone()), Some(vec!["Id".to_string()]));
    let columns: Vec<&[String]> = users.indexes.iter().map(|i| i.columns.as_slice()).collect();
    assert_eq!(columns, [&["Token(10)".to_string()][..], &["Token".to_string()][..]]);
    let fk = &file.schema.tables["posts"].foreign_keys[0];
    assert_eq!(
        (fk.columns.as_slice(), fk.referred_columns.as_slice()),
        (&["user_id".to_string()][..], &["Id".to_string()][..])
    );
}
