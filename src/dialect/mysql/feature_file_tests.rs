//! Schema files in MySQL's and MariaDB's spelling read into every column, index and table
//! feature of the model: generated columns, character sets and collations (column and
//! table), `ON UPDATE`, index methods, FULLTEXT and SPATIAL keys and functional key parts,
//! as written by hand and as `mysqldump --no-data` writes them
//! (`tests/fixtures/schema_sql/mysqldump_mariadb_10_11_features.sql`, dumped from a
//! database made with these features, with a trigger between `DELIMITER ;;` lines).

use super::MySqlDialect;
use crate::dialect::Dialect;
use crate::schema::{Column, ColumnType, Generated, Index, Table};
use crate::source::read_schema_file;
use crate::source::tests::{fixture, index, read};

const DIALECT: Option<&dyn Dialect> = Some(&MySqlDialect);

fn table<'a>(file: &'a crate::source::SchemaFile, name: &str) -> &'a Table {
    file.schema.table(name).unwrap_or_else(|| panic!("table {name}"))
}

#[test]
fn generated_columns_are_virtual_unless_stored() {
    let text = "CREATE TABLE t (a int,
        b int AS (a * 2),
        c int AS (a * 3) STORED,
        d int GENERATED ALWAYS AS (a * 4) VIRTUAL);";
    let file = read(text, DIALECT);
    let generated: Vec<Option<Generated>> = table(&file, "t").columns.iter().map(|c| c.generated.clone()).collect();
    let virtual_ = |e: &str| Some(Generated { expression: e.into(), stored: false });
    let stored = |e: &str| Some(Generated { expression: e.into(), stored: true });
    assert_eq!(generated, [None, virtual_("a * 2"), stored("a * 3"), virtual_("a * 4")]);
    assert!(file.notes.is_empty(), "{:?}", file.notes);
}

#[test]
fn character_sets_and_collations_of_columns_and_tables() {
    let text = "CREATE TABLE t (
        a varchar(10) CHARACTER SET latin1 COLLATE latin1_bin,
        b varchar(10) CHARSET utf8mb4,
        c varchar(10) COLLATE utf8mb4_bin,
        d varchar(10) COLLATE utf8mb4_unicode_ci,
        e varchar(10)
    ) ENGINE=InnoDB AUTO_INCREMENT=7 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
    CREATE TABLE u (a int) DEFAULT CHARACTER SET latin1;
    CREATE TABLE v (a int) CHARSET=ascii COLLATE ascii_bin ENGINE=MyISAM ROW_FORMAT=DYNAMIC;";
    let file = read(text, DIALECT);
    let t = table(&file, "t");
    fn of(c: &Column) -> (Option<&str>, Option<&str>) {
        (c.charset.as_deref(), c.collation.as_deref())
    }
    // A column's character set or collation equal to the table's is the table's default.
    assert_eq!(
        t.columns.iter().map(of).collect::<Vec<_>>(),
        [(Some("latin1"), Some("latin1_bin")), (None, None), (None, Some("utf8mb4_bin")), (None, None), (None, None)]
    );
    assert_eq!((t.charset.as_deref(), t.collation.as_deref()), (Some("utf8mb4"), Some("utf8mb4_unicode_ci")));
    let u = table(&file, "u");
    assert_eq!((u.charset.as_deref(), u.collation.as_deref()), (Some("latin1"), None));
    let v = table(&file, "v");
    assert_eq!((v.charset.as_deref(), v.collation.as_deref()), (Some("ascii"), Some("ascii_bin")));
    assert_eq!(
        file.notes,
        ["schema.sql:9: table 'v': not modelled, so not kept: ENGINE = MyISAM, ROW_FORMAT = DYNAMIC"]
    );
}

/// phpMyAdmin's exports declare keys and AUTO_INCREMENT after the tables.
#[test]
fn keys_and_auto_increment_added_after_the_table() {
    let text = "CREATE TABLE `t` (`id` int(11) NOT NULL, `a` varchar(10) DEFAULT NULL, `b` int(11) NOT NULL)
    ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
ALTER TABLE `t` ADD PRIMARY KEY (`id`), ADD KEY `ix_t_a` (`a`);
ALTER TABLE `t` MODIFY `id` int(11) NOT NULL AUTO_INCREMENT, AUTO_INCREMENT=5;";
    let file = read(text, DIALECT);
    let t = table(&file, "t");
    let mut id = Column::new("id", ColumnType::Integer).not_null();
    id.autoincrement = true;
    assert_eq!(
        t.columns,
        [id, Column::new("a", ColumnType::String(Some(10))), Column::new("b", ColumnType::Integer).not_null()]
    );
    assert_eq!(t.primary_key.as_ref().map(|k| k.columns.clone()), Some(vec!["id".to_string()]));
    assert_eq!(t.indexes, [index("ix_t_a", &["a"], false)]);
    assert!(file.notes.is_empty(), "{:?}", file.notes);
}

/// Stored routines between `DELIMITER` lines (sakila's own spellings) are skipped by kind,
/// however their bodies are written, and what follows them is read.
#[test]
fn stored_routines_between_delimiter_lines_are_skipped() {
    let text = "CREATE TABLE film (id int PRIMARY KEY, title varchar(20));
DELIMITER ;;
CREATE TRIGGER `ins_film` AFTER INSERT ON `film` FOR EACH ROW BEGIN
    INSERT INTO film_text (film_id, title) VALUES (new.id, new.title);
  END;;
DELIMITER ;
DELIMITER //
CREATE PROCEDURE rewards_report (IN min_monthly_purchases TINYINT UNSIGNED)
LANGUAGE SQL
READS SQL DATA
proc: BEGIN
    DECLARE last_month_start DATE;
    IF min_monthly_purchases = 0 THEN
        LEAVE proc;
    END IF;
END //
DELIMITER ;
DELIMITER $$
CREATE DEFINER=`root`@`localhost` FUNCTION get_balance(p INT) RETURNS DECIMAL(5,2)
    DETERMINISTIC
BEGIN
  DECLARE v_rentfees DECIMAL(5,2);
  RETURN v_rentfees;
END $$
DELIMITER ;
CREATE TABLE after_routines (id int);
";
    let file = read(text, DIALECT);
    assert_eq!(file.schema.tables.keys().collect::<Vec<_>>(), ["after_routines", "film"]);
    assert_eq!(
        file.notes,
        [
            "schema.sql:3: skipped trigger 'ins_film' (triggers are not managed yet)",
            "schema.sql:8: skipped procedure 'rewards_report' (procedures are not managed yet)",
            "schema.sql:19: skipped function 'get_balance' (functions are not managed yet)",
        ]
    );
}

#[test]
fn a_primary_key_method_is_noted() {
    let file = read("CREATE TABLE t (id int NOT NULL, PRIMARY KEY (id) USING HASH);", DIALECT);
    assert_eq!(file.notes, ["schema.sql:1: primary key on 't': not modelled, so not kept: USING HASH"]);
}

#[test]
fn a_binary_attribute_is_the_binary_collation_of_the_character_set() {
    let text = "CREATE TABLE t (
        id BINARY(16) NOT NULL,
        a VARCHAR(40) BINARY DEFAULT NULL,
        b CHAR(3) CHARACTER SET latin1 BINARY,
        c TEXT CHARSET ascii BINARY NOT NULL,
        d VARCHAR(5) CHARACTER SET binary
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8;";
    let file = read(text, DIALECT);
    fn of(c: &Column) -> (Option<&str>, Option<&str>) {
        (c.charset.as_deref(), c.collation.as_deref())
    }
    let t = table(&file, "t");
    assert_eq!(t.columns[0].r#type, ColumnType::Raw("BINARY(16)".into()));
    assert_eq!(
        t.columns.iter().map(of).collect::<Vec<_>>(),
        [
            (None, None),
            (None, Some("utf8_bin")),
            (Some("latin1"), Some("latin1_bin")),
            (Some("ascii"), Some("ascii_bin")),
            (Some("binary"), None)
        ]
    );
    assert!(file.notes.is_empty(), "{:?}", file.notes);
}

#[test]
fn on_update_current_timestamp_is_kept_as_written() {
    let text = "CREATE TABLE t (
        a timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
        b datetime(3) DEFAULT current_timestamp(3) ON UPDATE current_timestamp(3),
        c datetime);";
    let file = read(text, DIALECT);
    let on_update: Vec<Option<&str>> = table(&file, "t").columns.iter().map(|c| c.on_update.as_deref()).collect();
    assert_eq!(on_update, [Some("CURRENT_TIMESTAMP"), Some("current_timestamp(3)"), None]);
}

#[test]
fn index_methods_fulltext_spatial_and_functional_keys() {
    let text = "CREATE TABLE t (
        id int PRIMARY KEY, name varchar(50), email varchar(90), bio text, home point NOT NULL,
        KEY ix_hash USING HASH (name),
        KEY ix_btree (email) USING BTREE,
        UNIQUE KEY ux_hash (email) USING HASH,
        FULLTEXT KEY ft_bio (bio),
        SPATIAL INDEX (home),
        KEY ix_lower ((lower(email))),
        KEY ix_desc (name DESC, email)
    );
    CREATE FULLTEXT INDEX ft_name ON t (name, bio);
    CREATE SPATIAL INDEX sp_home ON t (home);
    CREATE INDEX ix_name_hash ON t (name) USING HASH;
    CREATE UNIQUE INDEX ux_lower ON t ((lower(name)));";
    let file = read(text, DIALECT);
    let method = |m: &str| Some(m.to_string());
    assert_eq!(
        table(&file, "t").indexes,
        [
            Index { method: method("hash"), ..index("ix_hash", &["name"], false) },
            index("ix_btree", &["email"], false),
            Index { method: method("hash"), ..index("ux_hash", &["email"], true) },
            Index { method: method("fulltext"), ..index("ft_bio", &["bio"], false) },
            Index { method: method("spatial"), ..index("home", &["home"], false) },
            index("ix_lower", &["lower(email)"], false),
            Index { descending: vec![true, false], ..index("ix_desc", &["name", "email"], false) },
            Index { method: method("fulltext"), ..index("ft_name", &["name", "bio"], false) },
            Index { method: method("spatial"), ..index("sp_home", &["home"], false) },
            Index { method: method("hash"), ..index("ix_name_hash", &["name"], false) },
            index("ux_lower", &["lower(name)"], true),
        ]
    );
    assert!(file.notes.is_empty(), "{:?}", file.notes);
}

#[test]
fn match_full_keys_and_a_one_statement_trigger_are_read() {
    let text = "CREATE TABLE p (id int PRIMARY KEY);
    CREATE TABLE c (a int, CONSTRAINT c_a FOREIGN KEY (a) REFERENCES p (id) MATCH FULL ON DELETE CASCADE);
    CREATE TRIGGER c_touch BEFORE UPDATE ON c FOR EACH ROW SET NEW.a = NEW.a + 1;
    CREATE TABLE after_the_trigger (id int);";
    let file = read(text, DIALECT);
    let key = &table(&file, "c").foreign_keys[0];
    assert!(key.match_full);
    assert_eq!(key.deferrable, None);
    // A trigger's body of one statement ends at its `;`: the next table is read.
    assert!(file.schema.table("after_the_trigger").is_some());
    assert_eq!(file.summary, ["schema.sql: skipped 1 trigger (line 3)"]);
}

/// The dump of a database made with every feature (see the module's doc).
#[test]
fn mysqldump_of_every_feature_reads_each_feature() {
    let path = fixture("mysqldump_mariadb_10_11_features.sql");
    let file = read_schema_file(&path, DIALECT).expect("mysqldump output reads");
    let people = table(&file, "people");
    assert_eq!((people.charset.as_deref(), people.collation.as_deref()), (Some("utf8mb4"), Some("utf8mb4_unicode_ci")));
    let column = |name: &str| people.column(name).unwrap_or_else(|| panic!("{name}"));
    let first = column("first_name");
    assert_eq!((first.charset.as_deref(), first.collation.as_deref()), (Some("latin1"), Some("latin1_swedish_ci")));
    let last = column("last_name");
    assert_eq!((last.charset.as_deref(), last.collation.as_deref()), (None, Some("utf8mb4_bin")));
    let full = column("full_name").generated.clone().expect("full_name is generated");
    assert!(!full.stored && full.expression.starts_with("concat("), "{full:?}");
    assert_eq!(
        column("name_length").generated,
        Some(Generated { expression: "char_length(`last_name`)".into(), stored: true })
    );
    assert_eq!(column("updated_at").on_update.as_deref(), Some("current_timestamp()"));
    assert_eq!(column("touched_at").on_update.as_deref(), Some("current_timestamp(3)"));
    assert_eq!(column("id").r#type, ColumnType::Integer);
    let method = |m: &str| Some(m.to_string());
    assert_eq!(
        people.indexes,
        [
            Index { method: method("hash"), ..index("ix_people_last", &["last_name"], false) },
            index("ix_people_first", &["first_name"], false),
            Index { method: method("spatial"), ..index("sp_people_home", &["home"], false) },
            Index { descending: vec![true, false], ..index("ix_people_desc", &["last_name", "first_name"], false) },
            Index { method: method("fulltext"), ..index("ft_people_bio", &["bio"], false) },
        ]
    );
    let notes = table(&file, "notes");
    assert_eq!((notes.charset.as_deref(), notes.collation.as_deref()), (Some("latin1"), Some("latin1_swedish_ci")));
    assert_eq!(
        notes.indexes,
        [
            Index { method: method("spatial"), ..index("sp_notes_place", &["place"], false) },
            Index { method: method("fulltext"), ..index("ft_notes_body", &["body"], false) },
        ]
    );
    let p = path.display();
    assert_eq!(
        file.summary,
        [format!(
            "{p}: skipped 5 DROP ... IF EXISTS statements (lines 23, 57, 83, 84, 95), 1 trigger (line 45), \
             2 views (lines 87, 102)"
        )]
    );
}
