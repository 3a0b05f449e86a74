//! SQLite's column, index and key features against real database files: generated columns
//! (VIRTUAL and STORED), column collations, index keys with their own `COLLATE`, deferrable
//! foreign keys. Each is rendered, run, and read back as declared; every change SQLite
//! makes by rebuilding the table keeps the rows (generated columns computed again, never
//! copied); and every feature SQLite cannot express is refused naming the object.

#![cfg(feature = "sqlite")]

use alambic::dialect::sqlite::{SqliteConnection, SqliteDialect};
use alambic::dialect::{normalize_sql, Connection, Dialect, DialectError};
use alambic::operation::*;
use alambic::schema::*;

fn generated(expression: &str, stored: bool) -> Option<Generated> {
    Some(Generated { expression: expression.into(), stored })
}

fn parents() -> Table {
    Table {
        name: "parents".into(),
        columns: vec![Column::new("id", ColumnType::Integer).not_null()],
        primary_key: Some(PrimaryKey { name: None, columns: vec!["id".into()] }),
        ..Table::default()
    }
}

/// A table with every SQLite feature: generated columns of both kinds, a NOCASE column, an
/// index whose keys carry their own collation, a deferrable foreign key.
fn items() -> Table {
    Table {
        name: "items".into(),
        columns: vec![
            Column::new("id", ColumnType::Integer).not_null(),
            Column { collation: Some("NOCASE".into()), ..Column::new("name", ColumnType::Text) },
            Column::new("price", ColumnType::Integer).not_null().default_sql("0"),
            Column::new("qty", ColumnType::Integer).not_null().default_sql("1"),
            Column { generated: generated("price * qty", false), ..Column::new("total", ColumnType::Integer) },
            Column { generated: generated("price * 2", true), ..Column::new("double_price", ColumnType::Integer) },
            Column::new("parent_id", ColumnType::Integer),
        ],
        primary_key: Some(PrimaryKey { name: None, columns: vec!["id".into()] }),
        indexes: vec![
            Index {
                name: "ix_items_name_rtrim".into(),
                columns: vec!["name COLLATE RTRIM".into(), "qty".into()],
                descending: vec![true, false],
                ..Index::default()
            },
            Index { name: "ix_items_total".into(), columns: vec!["total".into()], ..Index::default() },
        ],
        foreign_keys: vec![ForeignKey {
            name: Some("fk_items_parent".into()),
            columns: vec!["parent_id".into()],
            referred_table: "parents".into(),
            referred_columns: vec!["id".into()],
            deferrable: Some(Deferrable::Deferred),
            ..ForeignKey::default()
        }],
        ..Table::default()
    }
}

fn schema() -> Schema {
    let mut s = Schema::new();
    s.insert(parents());
    s.insert(items());
    s
}

const SEED: &str = "INSERT INTO parents (id) VALUES (1), (2);
INSERT INTO items (id, name, price, qty, parent_id) VALUES (1, 'Bolt', 3, 4, 1), (2, 'nut  ', 5, 1, 2), (3, NULL, 0, 2, NULL);";

struct Db {
    _dir: tempfile::TempDir,
    url: String,
}

fn new_db() -> Db {
    let dir = tempfile::tempdir().expect("tempdir");
    let url = format!("sqlite://{}", dir.path().join("features.db").display());
    Db { _dir: dir, url }
}

/// A database holding `schema()` (created from the rendered SQL) and the seed rows.
async fn seeded(db: &Db) -> SqliteConnection {
    let mut conn = SqliteConnection::connect(&db.url).await.expect("connect");
    let mut done = Schema::new();
    for t in schema().tables.values() {
        let op = Operation::CreateTable(t.clone());
        for sql in SqliteDialect.render(&op, &done).expect("render create") {
            conn.execute(&sql).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
        }
        op.apply(&mut done).expect("apply create");
    }
    conn.execute(SEED).await.expect("seed rows");
    conn
}

/// Expressions folded, objects in a fixed order: the schema as SQLite compares it.
fn comparable(schema: &Schema) -> Schema {
    let mut s = schema.clone();
    for t in s.tables.values_mut() {
        for c in &mut t.columns {
            c.autoincrement = false;
            c.server_default = c.server_default.as_deref().map(normalize_sql);
            if let Some(g) = &mut c.generated {
                g.expression = normalize_sql(&g.expression);
            }
        }
        for i in &mut t.indexes {
            i.columns = i.columns.iter().map(|c| normalize_sql(c)).collect();
        }
        t.indexes.sort_by(|a, b| a.name.cmp(&b.name));
    }
    s
}

async fn rows(conn: &mut SqliteConnection, sql: &str) -> Vec<String> {
    conn.fetch_strings(sql).await.unwrap_or_else(|e| panic!("{sql}: {e}"))
}

const ITEM_ROWS: &str = "SELECT id || '|' || quote(name) || '|' || price || '|' || qty || '|' || total || '|' \
                         || double_price || '|' || quote(parent_id) FROM items ORDER BY id";

/// Renders `op` against `schema()`, runs it on the seeded database, and checks the
/// database then reads back as `op.apply(schema())` with every row of items unchanged.
/// Returns the statements run and the connection.
async fn apply_keeping_rows(op: Operation) -> (Vec<String>, SqliteConnection, Db) {
    let db = new_db();
    let mut conn = seeded(&db).await;
    let before_rows = rows(&mut conn, ITEM_ROWS).await;
    let sql = SqliteDialect.render(&op, &schema()).expect("render");
    conn.begin().await.expect("begin");
    for s in &sql {
        conn.execute(s).await.unwrap_or_else(|e| panic!("{s}: {e}"));
    }
    conn.check_integrity().await.expect("integrity");
    conn.commit().await.expect("commit");
    let mut want = schema();
    op.apply(&mut want).expect("applies");
    let got = conn.inspect(&[]).await.expect("inspect");
    assert_eq!(comparable(&got), comparable(&want), "{op:?}: read back differs");
    assert_eq!(rows(&mut conn, ITEM_ROWS).await, before_rows, "{op:?}: rows changed");
    (sql, conn, db)
}

#[tokio::test]
async fn every_feature_reads_back_as_declared() {
    let db = new_db();
    let mut conn = seeded(&db).await;
    let got = conn.inspect(&[]).await.expect("inspect");
    assert_eq!(comparable(&got), comparable(&schema()));
    assert_eq!(
        rows(&mut conn, ITEM_ROWS).await,
        ["1|'Bolt'|3|4|12|6|1", "2|'nut  '|5|1|5|10|2", "3|NULL|0|2|0|0|NULL"],
        "generated columns are computed"
    );
    assert_eq!(rows(&mut conn, "SELECT count(*) FROM items WHERE name = 'BOLT'").await, ["1"], "NOCASE applies");
}

#[tokio::test]
async fn a_deferred_foreign_key_is_checked_at_commit() {
    let db = new_db();
    let mut conn = seeded(&db).await;
    conn.execute("PRAGMA foreign_keys = ON").await.expect("foreign keys on");
    conn.begin().await.expect("begin");
    conn.execute("INSERT INTO items (id, parent_id) VALUES (10, 3)").await.expect("deferred: no error yet");
    conn.execute("INSERT INTO parents (id) VALUES (3)").await.expect("parent");
    conn.commit().await.expect("the key holds at commit");
    // The same orphan under a key that is not deferrable fails at once.
    conn.execute("CREATE TABLE plain_child (p INTEGER REFERENCES parents (id))").await.expect("plain child");
    conn.execute("INSERT INTO plain_child (p) VALUES (9)").await.expect_err("an immediate key fails at once");
}

#[tokio::test]
async fn a_virtual_generated_column_is_added_natively() {
    let column = Column { generated: generated("qty + 1", false), ..Column::new("next_qty", ColumnType::Integer) };
    let (sql, mut conn, _db) =
        apply_keeping_rows(Operation::AddColumn(AddColumn { table: "items".into(), column })).await;
    assert_eq!(sql, ["ALTER TABLE \"items\" ADD COLUMN \"next_qty\" INTEGER GENERATED ALWAYS AS (qty + 1) VIRTUAL"]);
    assert_eq!(rows(&mut conn, "SELECT next_qty FROM items ORDER BY id").await, ["5", "2", "3"]);
}

#[tokio::test]
async fn a_stored_generated_column_is_added_by_a_rebuild_that_computes_it() {
    let column = Column { generated: generated("price + qty", true), ..Column::new("sum", ColumnType::Integer) };
    let (sql, mut conn, _db) =
        apply_keeping_rows(Operation::AddColumn(AddColumn { table: "items".into(), column })).await;
    assert!(sql[0].starts_with("CREATE TABLE \"_alambic_tmp_items\""), "{sql:?}");
    let copy = sql.iter().find(|s| s.starts_with("INSERT INTO")).expect("rows copied");
    assert!(!copy.contains("\"total\"") && !copy.contains("\"sum\""), "generated columns are not copied: {copy}");
    assert_eq!(rows(&mut conn, "SELECT sum FROM items ORDER BY id").await, ["7", "6", "2"]);
}

#[tokio::test]
async fn a_rebuild_keeps_generated_columns_collations_index_collations_and_deferrable_keys() {
    let op = Operation::AlterColumn(AlterColumn {
        table: "items".into(),
        name: "parent_id".into(),
        r#type: Some(ColumnType::BigInteger),
        ..AlterColumn::default()
    });
    let (sql, _conn, _db) = apply_keeping_rows(op).await;
    assert!(sql.iter().any(|s| s.starts_with("DROP TABLE")), "a rebuild: {sql:?}");
}

#[tokio::test]
async fn a_collation_change_rebuilds_the_table_and_keeps_rows() {
    let op = Operation::AlterColumn(AlterColumn {
        table: "items".into(),
        name: "name".into(),
        collation: Some("RTRIM".into()),
        ..AlterColumn::default()
    });
    let (_, mut conn, _db) = apply_keeping_rows(op).await;
    assert_eq!(rows(&mut conn, "SELECT id FROM items WHERE name = 'nut'").await, ["2"], "RTRIM applies");
}

#[tokio::test]
async fn dropping_a_collation_and_a_generated_column_keeps_rows() {
    let drop_collation = Operation::AlterColumn(AlterColumn {
        table: "items".into(),
        name: "name".into(),
        drop_collation: true,
        ..AlterColumn::default()
    });
    apply_keeping_rows(drop_collation).await;
    let drop_generated = Operation::DropColumn(DropColumn { table: "items".into(), name: "double_price".into() });
    let db = new_db();
    let mut conn = seeded(&db).await;
    for sql in SqliteDialect.render(&drop_generated, &schema()).expect("render") {
        conn.execute(&sql).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
    }
    assert_eq!(rows(&mut conn, "SELECT total FROM items ORDER BY id").await, ["12", "5", "0"]);
}

#[tokio::test]
async fn the_shadow_tables_of_a_virtual_table_are_not_reported() {
    let db = new_db();
    let mut conn = seeded(&db).await;
    conn.execute("CREATE VIRTUAL TABLE docs USING fts5 (body)").await.expect("fts5");
    let got = conn.inspect(&[]).await.expect("inspect");
    let names: Vec<&String> = got.tables.keys().collect();
    assert_eq!(names, ["items", "parents"]);
}

fn unsupported(op: Operation, before: &Schema, needles: &[&str]) {
    match SqliteDialect.render(&op, before) {
        Err(DialectError::Unsupported { what, .. }) => {
            for needle in needles {
                assert!(what.contains(needle), "{what:?} does not name {needle:?}");
            }
        }
        other => panic!("{op:?} should be unsupported, got {other:?}"),
    }
}

fn with_items(f: impl FnOnce(&mut Table)) -> Operation {
    let mut t = items();
    t.name = "other".into();
    f(&mut t);
    Operation::CreateTable(t)
}

fn index(f: impl FnOnce(&mut Index)) -> Operation {
    let mut i = Index { name: "ix_new".into(), columns: vec!["qty".into()], ..Index::default() };
    f(&mut i);
    Operation::CreateIndex(CreateIndex { table: "items".into(), index: i })
}

#[test]
fn what_sqlite_cannot_express_is_refused_naming_the_object() {
    let s = schema();
    let column = |c: Column| Operation::AddColumn(AddColumn { table: "items".into(), column: c });
    let identity = Column {
        identity: Some(Identity { always: true, ..Identity::default() }),
        ..Column::new("n", ColumnType::Integer)
    };
    unsupported(column(identity), &s, &["identity", "'n'", "'items'"]);
    let charset = Column { charset: Some("utf8mb4".into()), ..Column::new("c", ColumnType::Text) };
    unsupported(column(charset), &s, &["utf8mb4", "'c'"]);
    let on_update = Column { on_update: Some("CURRENT_TIMESTAMP".into()), ..Column::new("u", ColumnType::Text) };
    unsupported(column(on_update), &s, &["ON UPDATE", "'u'"]);
    unsupported(index(|i| i.nulls = vec![Some(Nulls::Last)]), &s, &["NULLS", "'ix_new'"]);
    unsupported(index(|i| i.include = vec!["price".into()]), &s, &["INCLUDE", "'ix_new'"]);
    unsupported(index(|i| i.nulls_not_distinct = true), &s, &["NULLS NOT DISTINCT", "'ix_new'"]);
    unsupported(index(|i| i.method = Some("hash".into())), &s, &["hash", "'ix_new'"]);
    unsupported(index(|i| i.operator_classes = vec![Some("int4_ops".into())]), &s, &["operator", "'ix_new'"]);
    let unique = |f: fn(&mut UniqueConstraint)| {
        let mut u = UniqueConstraint { name: Some("uq_qty".into()), columns: vec!["qty".into()], ..Default::default() };
        f(&mut u);
        Operation::AddUniqueConstraint(AddUniqueConstraint { table: "items".into(), constraint: u })
    };
    unsupported(unique(|u| u.deferrable = Some(Deferrable::Deferred)), &s, &["deferrable", "uq_qty"]);
    unsupported(unique(|u| u.nulls_not_distinct = true), &s, &["NULLS NOT DISTINCT", "uq_qty"]);
    unsupported(with_items(|t| t.foreign_keys[0].match_full = true), &s, &["MATCH FULL", "fk_items_parent"]);
    let exclusion = ExclusionConstraint {
        name: Some("ex_qty".into()),
        method: "gist".into(),
        elements: vec![ExclusionElement { expression: "qty".into(), operator: "=".into() }],
        ..Default::default()
    };
    unsupported(with_items(|t| t.exclusion_constraints = vec![exclusion.clone()]), &s, &["ex_qty", "'other'"]);
    unsupported(with_items(|t| t.charset = Some("latin1".into())), &s, &["latin1", "'other'"]);
    unsupported(with_items(|t| t.collation = Some("utf8mb4_bin".into())), &s, &["utf8mb4_bin", "'other'"]);
}

#[test]
fn features_render_in_create_table() {
    let sql = SqliteDialect.render(&Operation::CreateTable(items()), &{
        let mut s = Schema::new();
        s.insert(parents());
        s
    });
    insta::assert_debug_snapshot!(sql.expect("renders"));
}

#[tokio::test]
async fn strict_and_without_rowid_tables_keep_their_options_through_a_rebuild() {
    let db = new_db();
    let mut conn = SqliteConnection::connect(&db.url).await.expect("connect");
    conn.execute(
        "CREATE TABLE readings (id INTEGER PRIMARY KEY, value REAL NOT NULL, label TEXT, raw BLOB, extra ANY) STRICT;
         CREATE TABLE tags (name TEXT PRIMARY KEY, weight INT) WITHOUT ROWID, STRICT;
         INSERT INTO readings VALUES (1, 2.5, 'a', x'01', 7), (2, -1.0, NULL, NULL, 'x');
         INSERT INTO tags VALUES ('red', 1), ('blue', 2);",
    )
    .await
    .expect("tables");
    let live = conn.inspect(&[]).await.expect("inspect");
    assert_eq!(live.table("readings").expect("readings").options, ["STRICT"]);
    assert_eq!(live.table("tags").expect("tags").options, ["WITHOUT ROWID", "STRICT"]);
    let options =
        "SELECT name || ':' || wr || strict FROM pragma_table_list WHERE name IN ('readings', 'tags') ORDER BY name";
    let before_options = rows(&mut conn, options).await;
    let readings =
        "SELECT quote(id) || quote(value) || quote(label) || quote(raw) || quote(extra) FROM readings ORDER BY id";
    let tags = "SELECT quote(name) || quote(weight) FROM tags ORDER BY name";
    let (before_readings, before_tags) = (rows(&mut conn, readings).await, rows(&mut conn, tags).await);
    let not_null = |table: &str, column: &str| {
        Operation::AlterColumn(AlterColumn {
            table: table.into(),
            name: column.into(),
            nullable: Some(false),
            server_default: Some("0".into()),
            ..AlterColumn::default()
        })
    };
    let mut schema = live.clone();
    conn.begin().await.expect("begin");
    for op in [not_null("readings", "extra"), not_null("tags", "weight")] {
        let sql = SqliteDialect.render(&op, &schema).expect("render");
        assert!(sql.iter().any(|s| s.starts_with("DROP TABLE")), "a rebuild: {sql:?}");
        for s in &sql {
            conn.execute(s).await.unwrap_or_else(|e| panic!("{s}: {e}"));
        }
        op.apply(&mut schema).expect("applies");
    }
    conn.commit().await.expect("commit");
    assert_eq!(rows(&mut conn, options).await, before_options, "the options are kept");
    assert_eq!(rows(&mut conn, readings).await, before_readings);
    assert_eq!(rows(&mut conn, tags).await, before_tags);
    let got = conn.inspect(&[]).await.expect("inspect");
    assert_eq!(comparable(&got), comparable(&schema));
}

#[test]
fn a_strict_table_refuses_a_type_it_cannot_hold() {
    let t = Table {
        name: "s".into(),
        columns: vec![Column::new("name", ColumnType::String(Some(20)))],
        options: vec!["STRICT".into()],
        ..Table::default()
    };
    unsupported(Operation::CreateTable(t), &Schema::new(), &["VARCHAR(20)", "'name'", "STRICT table 's'"]);
}
