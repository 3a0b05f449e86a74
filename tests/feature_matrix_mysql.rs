//! Every MySQL / MariaDB schema feature through the binary on a real server (see
//! `tests/common/matrix.rs`): created → no change → changed → exactly that change detected →
//! upgrade → no change, rows kept → downgrade → no change against the old schema, rows kept.
//! What MySQL cannot express is refused, naming the object.
//!
//! Needs `ALAMBIC_TEST_MYSQL_URL`; skips loudly without it.

#![cfg(all(feature = "cli", feature = "mysql"))]

use alambic::testing::{FreshDatabase, MYSQL_URL_VAR};

mod common;
use common::matrix::{assert_unsupported, feature_case, Case};

/// The table every case starts from, with `{extra}` columns and `{keys}` appended.
fn item(extra: &str, keys: &str, options: &str) -> String {
    format!(
        "CREATE TABLE item (
            id INT NOT NULL PRIMARY KEY,
            price INT NOT NULL DEFAULT 0,
            qty INT NOT NULL DEFAULT 1,
            name VARCHAR(40),
            body TEXT{extra}{keys}
        ){options};"
    )
}

const ROWS: &[&str] = &["INSERT INTO item (id, price, qty, name, body) VALUES \
     (1, 3, 2, 'Caf\u{e9}', 'hello world'), (2, 5, 1, 'bar', 'other words')"];

const KEEP: &[&str] = &["SELECT CONCAT_WS('|', id, price, qty, name, body) FROM item ORDER BY id"];

async fn case(feature: &str, before: &str, after: &str, detected: &[&str]) {
    let Some(db) = FreshDatabase::create(MYSQL_URL_VAR, feature).await else { return };
    let case = Case { feature, before, after, detected, rows: ROWS, keep: KEEP };
    feature_case(&db.url, &case).await;
    db.drop_database().await.expect("drops the test database");
}

#[tokio::test]
async fn generated_expression_edited() {
    case(
        "generated column expression",
        &item(",\n total INT AS (price * qty) VIRTUAL", "", ""),
        &item(",\n total INT AS (price * qty + 1) VIRTUAL", "", ""),
        &[
            "Detected changed generated expression on column 'item.total' (dropped and added again)",
            "Detected added column 'item.total'",
        ],
    )
    .await;
}

#[tokio::test]
async fn generated_column_made_stored() {
    case(
        "generated column stored",
        &item(",\n label VARCHAR(60) GENERATED ALWAYS AS (CONCAT(name, '!'))", "", ""),
        &item(",\n label VARCHAR(60) GENERATED ALWAYS AS (CONCAT(name, '!')) STORED", "", ""),
        &[
            "Detected changed generated expression on column 'item.label' (dropped and added again)",
            "Detected added column 'item.label'",
        ],
    )
    .await;
}

#[tokio::test]
async fn column_collation_changed() {
    case(
        "column collation",
        &item(",\n code VARCHAR(10) COLLATE utf8mb4_bin", "", ""),
        &item(",\n code VARCHAR(10) COLLATE utf8mb4_unicode_ci", "", ""),
        &["Detected collation change to 'utf8mb4_unicode_ci' on column 'item.code'"],
    )
    .await;
}

#[tokio::test]
async fn column_character_set_changed() {
    case(
        "column character set",
        &item(",\n tag VARCHAR(10)", "", ""),
        &item(",\n tag VARCHAR(10) CHARACTER SET latin1", "", ""),
        &["Detected character set change to 'latin1' on column 'item.tag'"],
    )
    .await;
}

#[tokio::test]
async fn table_collation_changed() {
    case(
        "table collation",
        &item("", "", " DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci"),
        &item("", "", " DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin"),
        &["Detected changed table options on 'item': collation 'utf8mb4_bin'"],
    )
    .await;
}

#[tokio::test]
async fn table_character_set_changed() {
    case(
        "table character set",
        &item("", "", " DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci"),
        &item("", "", " DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci"),
        &["Detected changed table options on 'item': character set 'latin1', collation 'latin1_swedish_ci'"],
    )
    .await;
}

#[tokio::test]
async fn on_update_added() {
    case(
        "ON UPDATE CURRENT_TIMESTAMP",
        &item(",\n changed TIMESTAMP(3) NULL DEFAULT NULL", "", ""),
        &item(",\n changed TIMESTAMP(3) NULL DEFAULT NULL ON UPDATE CURRENT_TIMESTAMP(3)", "", ""),
        &["Detected ON UPDATE change on column 'item.changed'"],
    )
    .await;
}

#[tokio::test]
async fn unsigned_and_zerofill_changed() {
    case(
        "unsigned and zerofill",
        &item(",\n n INT UNSIGNED, z INT(6) UNSIGNED ZEROFILL", "", ""),
        &item(",\n n INT, z INT(8) UNSIGNED ZEROFILL", "", ""),
        &[
            "Detected type change from raw(int(10) unsigned) to integer on 'item.n'",
            "Detected type change from raw(int(6) unsigned zerofill) to raw(INT(8) UNSIGNED ZEROFILL) on 'item.z'",
        ],
    )
    .await;
}

#[tokio::test]
async fn fulltext_index_added() {
    case(
        "FULLTEXT index",
        &item("", "", ""),
        &item("", ",\n FULLTEXT KEY ft_item_body (body)", ""),
        &["Detected added index 'ft_item_body' on '['body']'"],
    )
    .await;
}

#[tokio::test]
async fn spatial_index_added() {
    let rows = &["INSERT INTO spot (id, at) VALUES (1, POINT(1, 2)), (2, POINT(3, 4))"];
    let keep = &["SELECT CONCAT(id, ST_AsText(at)) FROM spot ORDER BY id"];
    let before = "CREATE TABLE spot (id INT NOT NULL PRIMARY KEY, at POINT NOT NULL);";
    let after = "CREATE TABLE spot (id INT NOT NULL PRIMARY KEY, at POINT NOT NULL, SPATIAL KEY sp_spot_at (at));";
    let Some(db) = FreshDatabase::create(MYSQL_URL_VAR, "spatial index").await else { return };
    let detected = &["Detected added index 'sp_spot_at' on '['at']'"];
    let case = Case { feature: "SPATIAL index", before, after, detected, rows, keep };
    feature_case(&db.url, &case).await;
    db.drop_database().await.expect("drops the test database");
}

#[tokio::test]
async fn descending_key_flipped() {
    case(
        "descending key",
        &item("", ",\n KEY ix_item_price (price DESC, qty)", ""),
        &item("", ",\n KEY ix_item_price (price, qty DESC)", ""),
        &[
            "Detected removed index 'ix_item_price' on 'item'",
            "Detected added index 'ix_item_price' on '['price', 'qty']'",
        ],
    )
    .await;
}

#[tokio::test]
async fn prefix_key_length_changed() {
    case(
        "prefix key",
        &item("", ",\n KEY ix_item_name (name(10))", ""),
        &item("", ",\n KEY ix_item_name (name(20))", ""),
        &["Detected removed index 'ix_item_name' on 'item'", "Detected added index 'ix_item_name' on '['name(20)']'"],
    )
    .await;
}

/// Each schema asks for something MySQL does not have; migrating it fails naming the object.
#[tokio::test]
async fn what_mysql_lacks_is_refused() {
    let parent = "CREATE TABLE parent (id INT NOT NULL PRIMARY KEY, a INT, b INT, UNIQUE KEY uq_parent_ab (a, b));";
    let cases = [
        (
            format!(
                "{parent} CREATE TABLE child (id INT NOT NULL PRIMARY KEY, p INT, CONSTRAINT fk_child_parent \
                 FOREIGN KEY (p) REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED);"
            ),
            "fk_child_parent",
        ),
        (
            format!(
                "{parent} CREATE TABLE child (id INT NOT NULL PRIMARY KEY, a INT, b INT, CONSTRAINT fk_child_ab \
                 FOREIGN KEY (a, b) REFERENCES parent (a, b) MATCH FULL);"
            ),
            "fk_child_ab",
        ),
        (format!("{parent} CREATE INDEX ix_parent_a ON parent (a NULLS FIRST);"), "ix_parent_a"),
        (format!("{parent} CREATE INDEX ix_parent_b ON parent (b) INCLUDE (a);"), "ix_parent_b"),
        (format!("{parent} CREATE UNIQUE INDEX ux_parent_a ON parent (a) NULLS NOT DISTINCT;"), "ux_parent_a"),
        (format!("{parent} CREATE INDEX ix_parent_hash ON parent USING HASH (a);"), "ix_parent_hash"),
        (
            "CREATE TABLE counted (id INT GENERATED ALWAYS AS IDENTITY (START WITH 100) PRIMARY KEY);".to_string(),
            "`id`",
        ),
    ];
    for (i, (schema, object)) in cases.iter().enumerate() {
        let Some(db) = FreshDatabase::create(MYSQL_URL_VAR, &format!("unsupported {i}")).await else { return };
        assert_unsupported(&db.url, schema, object);
        db.drop_database().await.expect("drops the test database");
    }
}

/// Expressions the server stores in a spelling of its own (`date_add(d, INTERVAL 1 DAY)` is
/// kept as `` `d` + interval 1 day ``, `NOT (n = 5)` as `` `n` <> 5 ``) read as no change;
/// an edit of one is still exactly that change.
#[tokio::test]
async fn expressions_in_the_servers_spelling_are_no_change() {
    let schema = |days: u32| {
        format!(
            "CREATE TABLE ev (
                id INT NOT NULL PRIMARY KEY,
                d DATE,
                n INT,
                next_day DATE AS (date_add(d, INTERVAL {days} DAY)) VIRTUAL,
                label VARCHAR(20) AS (CAST(n AS CHAR)) VIRTUAL,
                due DATE DEFAULT (CURRENT_DATE + INTERVAL 1 DAY),
                CONSTRAINT ck_ev_not_five CHECK (NOT (n = 5))
            );"
        )
    };
    let (before, after) = (schema(1), schema(2));
    let Some(db) = FreshDatabase::create(MYSQL_URL_VAR, "server spellings").await else { return };
    let case = Case {
        feature: "expressions in the server's spelling",
        before: &before,
        after: &after,
        detected: &[
            "Detected changed generated expression on column 'ev.next_day' (dropped and added again)",
            "Detected added column 'ev.next_day'",
        ],
        rows: &["INSERT INTO ev (id, d, n) VALUES (1, '2024-02-28', 3), (2, NULL, 4)"],
        keep: &["SELECT CONCAT_WS('|', id, d, n, label) FROM ev ORDER BY id"],
    };
    feature_case(&db.url, &case).await;
    db.drop_database().await.expect("drops the test database");
}
