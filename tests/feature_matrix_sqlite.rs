//! Every SQLite schema feature through the binary, one test each (`tests/common/matrix.rs`):
//! created → no change → changed → exactly that change detected → upgrade → no change, rows
//! kept → downgrade → no change against the old schema, rows kept. What SQLite cannot
//! express is refused naming the object.

#![cfg(all(feature = "cli", feature = "sqlite"))]

mod common;
use common::matrix::{assert_unsupported, feature_case, Case};

/// A fresh database file for one case.
struct Db {
    _dir: tempfile::TempDir,
    url: String,
}

fn db() -> Db {
    let dir = tempfile::tempdir().expect("tmp");
    let url = format!("sqlite://{}", dir.path().join("app.db").display());
    Db { _dir: dir, url }
}

const ITEM_ROWS: &[&str] = &["INSERT INTO items (id, name, price, qty) VALUES (1, 'Bolt', 3, 4), (2, 'nut  ', 5, 1)"];
const KEEP_ITEMS: &[&str] = &["SELECT id || '|' || name || '|' || price || '|' || qty FROM items ORDER BY id"];

fn items(extra: &str) -> String {
    format!(
        "CREATE TABLE items (id INTEGER NOT NULL PRIMARY KEY, name TEXT, price INTEGER NOT NULL, \
         qty INTEGER NOT NULL{extra});"
    )
}

#[tokio::test]
async fn generated_column_expression() {
    let db = db();
    let before = items(", total INTEGER GENERATED ALWAYS AS (price * qty) VIRTUAL");
    let after = items(", total INTEGER GENERATED ALWAYS AS (price * qty + 1) VIRTUAL");
    let case = Case {
        feature: "generated column expression",
        before: &before,
        after: &after,
        detected: &[
            "Detected added column 'items.total'",
            "Detected changed generated expression on column 'items.total' (dropped and added again)",
        ],
        rows: ITEM_ROWS,
        keep: KEEP_ITEMS,
    };
    feature_case(&db.url, &case).await;
}

#[tokio::test]
async fn generated_column_stored() {
    let db = db();
    let before = items(", total INTEGER AS (price * qty)");
    let after = items(", total INTEGER AS (price * qty) STORED");
    let case = Case {
        feature: "generated column VIRTUAL to STORED",
        before: &before,
        after: &after,
        detected: &[
            "Detected added column 'items.total'",
            "Detected changed generated expression on column 'items.total' (dropped and added again)",
        ],
        rows: ITEM_ROWS,
        keep: &["SELECT id || '|' || total FROM items ORDER BY id"],
    };
    feature_case(&db.url, &case).await;
}

#[tokio::test]
async fn column_collation() {
    let db = db();
    let before = "CREATE TABLE items (id INTEGER NOT NULL PRIMARY KEY, name TEXT COLLATE NOCASE, \
                  price INTEGER NOT NULL, qty INTEGER NOT NULL);";
    let after = "CREATE TABLE items (id INTEGER NOT NULL PRIMARY KEY, name TEXT COLLATE RTRIM, \
                 price INTEGER NOT NULL, qty INTEGER NOT NULL);";
    let case = Case {
        feature: "column collation",
        before,
        after,
        detected: &["Detected collation change to 'RTRIM' on column 'items.name'"],
        rows: ITEM_ROWS,
        keep: KEEP_ITEMS,
    };
    feature_case(&db.url, &case).await;
}

#[tokio::test]
async fn column_collation_added() {
    let db = db();
    let before = items("");
    let after = "CREATE TABLE items (id INTEGER NOT NULL PRIMARY KEY, name TEXT COLLATE NOCASE, \
                 price INTEGER NOT NULL, qty INTEGER NOT NULL);";
    let case = Case {
        feature: "column collation added",
        before: &before,
        after,
        detected: &["Detected collation change to 'NOCASE' on column 'items.name'"],
        rows: ITEM_ROWS,
        keep: KEEP_ITEMS,
    };
    feature_case(&db.url, &case).await;
}

#[tokio::test]
async fn column_collation_removed() {
    let db = db();
    let before = "CREATE TABLE items (id INTEGER NOT NULL PRIMARY KEY, name TEXT COLLATE NOCASE, \
                  price INTEGER NOT NULL, qty INTEGER NOT NULL);";
    let after = items("");
    let case = Case {
        feature: "column collation removed",
        before,
        after: &after,
        detected: &["Detected removed collation 'NOCASE' on column 'items.name'"],
        rows: ITEM_ROWS,
        keep: KEEP_ITEMS,
    };
    feature_case(&db.url, &case).await;
}

#[tokio::test]
async fn index_key_collation() {
    let db = db();
    let before = format!("{}\nCREATE INDEX ix_items_name ON items (name COLLATE NOCASE, qty DESC);", items(""));
    let after = format!("{}\nCREATE INDEX ix_items_name ON items (name COLLATE RTRIM, qty DESC);", items(""));
    let case = Case {
        feature: "index key COLLATE",
        before: &before,
        after: &after,
        detected: &[
            "Detected added index 'ix_items_name' on '['name COLLATE RTRIM', 'qty']'",
            "Detected removed index 'ix_items_name' on 'items'",
        ],
        rows: ITEM_ROWS,
        keep: KEEP_ITEMS,
    };
    feature_case(&db.url, &case).await;
}

const PARENTS: &str = "CREATE TABLE parents (id INTEGER NOT NULL PRIMARY KEY);";

#[tokio::test]
async fn deferrable_foreign_key() {
    let db = db();
    let child = |clause: &str| {
        format!(
            "{PARENTS}\nCREATE TABLE children (id INTEGER NOT NULL PRIMARY KEY, parent_id INTEGER, \
             CONSTRAINT fk_children_parent FOREIGN KEY (parent_id) REFERENCES parents (id){clause});"
        )
    };
    let (before, after) = (child(""), child(" DEFERRABLE INITIALLY DEFERRED"));
    let case = Case {
        feature: "deferrable foreign key",
        before: &before,
        after: &after,
        detected: &[
            "Detected added foreign key (parent_id)(parents.id) on table children",
            "Detected removed foreign key (parent_id)(parents.id) on table children",
        ],
        rows: &[
            "INSERT INTO parents (id) VALUES (1), (2)",
            "INSERT INTO children (id, parent_id) VALUES (1, 1), (2, NULL)",
        ],
        keep: &["SELECT id || '|' || coalesce(parent_id, '-') FROM children ORDER BY id"],
    };
    feature_case(&db.url, &case).await;
}

#[test]
fn nulls_first_in_an_index_is_unsupported() {
    let db = db();
    let schema = format!("{}\nCREATE INDEX ix_items_qty ON items (qty NULLS FIRST);", items(""));
    assert_unsupported(&db.url, &schema, "ix_items_qty");
}

#[test]
fn match_full_is_unsupported() {
    let db = db();
    let schema = format!(
        "{PARENTS}\nCREATE TABLE children (id INTEGER NOT NULL PRIMARY KEY, parent_id INTEGER, \
         CONSTRAINT fk_children_parent FOREIGN KEY (parent_id) REFERENCES parents (id) MATCH FULL);"
    );
    assert_unsupported(&db.url, &schema, "MATCH FULL of foreign key (fk_children_parent)");
}

#[test]
fn a_deferrable_unique_constraint_is_unsupported() {
    let db = db();
    let schema = "CREATE TABLE tags (id INTEGER NOT NULL PRIMARY KEY, name TEXT, \
                  CONSTRAINT uq_tags_name UNIQUE (name) DEFERRABLE INITIALLY DEFERRED);";
    assert_unsupported(&db.url, schema, "deferrable unique constraint (uq_tags_name)");
}

#[test]
fn identity_options_are_unsupported() {
    let db = db();
    let schema = "CREATE TABLE tags (id INTEGER GENERATED ALWAYS AS IDENTITY (START WITH 10) PRIMARY KEY, name TEXT);";
    assert_unsupported(&db.url, schema, "identity options of column 'id' on 'tags'");
}

fn index_unsupported(index: &str, needle: &str) {
    let db = db();
    assert_unsupported(&db.url, &format!("{}\n{index}", items("")), needle);
}

#[test]
fn include_is_unsupported() {
    index_unsupported("CREATE INDEX ix_items_qty ON items (qty) INCLUDE (price);", "INCLUDE of index 'ix_items_qty'");
}

#[test]
fn nulls_not_distinct_is_unsupported() {
    index_unsupported(
        "CREATE UNIQUE INDEX ix_items_qty ON items (qty) NULLS NOT DISTINCT;",
        "NULLS NOT DISTINCT of index 'ix_items_qty'",
    );
}

#[test]
fn an_index_method_is_unsupported() {
    index_unsupported(
        "CREATE INDEX ix_items_qty ON items USING hash (qty);",
        "the method hash of index 'ix_items_qty'",
    );
}

#[test]
fn operator_classes_are_unsupported() {
    index_unsupported(
        "CREATE INDEX ix_items_qty ON items (qty int4_ops);",
        "the operator classes of index 'ix_items_qty'",
    );
}

/// Every feature at once through the corpus flow: migrated from empty, no change, and the
/// database's own `.schema` dump reads back as no change and holds every feature declared.
/// `WITHOUT ROWID` and `STRICT` added to a table, then taken away by the downgrade: both
/// through the rebuild, rows kept.
#[tokio::test]
async fn table_options_added() {
    let db = db();
    let after = format!("{} WITHOUT ROWID, STRICT;", items("").trim_end_matches(';'));
    let case = Case {
        feature: "table options added",
        before: &items(""),
        after: &after,
        detected: &["Detected changed table options on 'items': options 'WITHOUT ROWID, STRICT'"],
        rows: ITEM_ROWS,
        keep: KEEP_ITEMS,
    };
    feature_case(&db.url, &case).await;
}

/// `STRICT` taken away from a `WITHOUT ROWID` table, which stays so.
#[tokio::test]
async fn table_option_removed() {
    let db = db();
    let before = format!("{} WITHOUT ROWID, STRICT;", items("").trim_end_matches(';'));
    let after = format!("{} WITHOUT ROWID;", items("").trim_end_matches(';'));
    let case = Case {
        feature: "table option removed",
        before: &before,
        after: &after,
        detected: &["Detected changed table options on 'items': options 'WITHOUT ROWID'"],
        rows: ITEM_ROWS,
        keep: KEEP_ITEMS,
    };
    feature_case(&db.url, &case).await;
}

#[tokio::test]
async fn every_feature_survives_the_dump() {
    let db = db();
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sqlite/features.sql");
    common::corpus::round_trip(&db.url, &file).await;
}

/// A database holding an FTS table (made outside alambic) diffs as empty against its
/// schema file and against its own `.schema` dump, which lists the FTS shadow tables.
#[tokio::test]
async fn a_virtual_table_and_its_shadow_tables_are_left_alone() {
    let db = db();
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path();
    std::fs::write(dir.join("schema.sql"), items("")).expect("schema");
    common::ok(dir, &db.url, &["init"]);
    common::ok(dir, &db.url, &["migrate", "-m", "items"]);
    common::ok(dir, &db.url, &["upgrade"]);
    let mut conn = alambic::dialect::connect(&db.url).await.expect("connects");
    conn.execute("CREATE VIRTUAL TABLE docs USING fts5 (body)").await.expect("fts5");
    drop(conn);
    common::assert_no_change(dir, &db.url, "the schema file");
    let dump = common::dump::dump_schema(&db.url);
    assert!(dump.contains("'docs_data'"), "the dump lists the shadow tables:\n{dump}");
    std::fs::write(dir.join("schema.sql"), dump).expect("dump as schema");
    common::assert_no_change(dir, &db.url, "the database's own dump");
}
