//! Index keys in descending order (`CREATE INDEX ix ON t (a DESC, b)`) on every database,
//! through the binary: created → no change → one key's order flipped → exactly that index
//! changes → upgrade → no change → downgrade → no change against the old schema.

#![cfg(feature = "cli")]
// A build without every dialect leaves the other dialects' helpers unused.
#![cfg_attr(not(all(feature = "sqlite", feature = "postgres", feature = "mysql")), allow(dead_code, unused_imports))]

use alambic::testing::{FreshDatabase, MYSQL_URL_VAR, POSTGRES_URL_VAR};

mod common;
use common::matrix::{feature_case, Case};

const BEFORE: &str = "
CREATE TABLE events (id INTEGER NOT NULL PRIMARY KEY, kind VARCHAR(20) NOT NULL, day DATE, score INTEGER);
CREATE INDEX ix_events_kind_day ON events (kind, day DESC);
CREATE UNIQUE INDEX ix_events_score ON events (score);
";

/// BEFORE with the order of every key of both indexes flipped.
const AFTER: &str = "
CREATE TABLE events (id INTEGER NOT NULL PRIMARY KEY, kind VARCHAR(20) NOT NULL, day DATE, score INTEGER);
CREATE INDEX ix_events_kind_day ON events (kind DESC, day);
CREATE UNIQUE INDEX ix_events_score ON events (score DESC);
";

/// What the flip is detected as. `unique_as_constraint`: the database lists an ascending
/// unique index as a unique constraint (MySQL), so that is what is removed.
fn flip_changes(unique_as_constraint: bool) -> Vec<&'static str> {
    let mut want = vec![
        "Detected added index 'ix_events_kind_day' on '['kind', 'day']'",
        "Detected added index 'ix_events_score' on '['score']'",
        "Detected removed index 'ix_events_kind_day' on 'events'",
        if unique_as_constraint {
            "Detected removed unique constraint 'ix_events_score' on 'events'"
        } else {
            "Detected removed index 'ix_events_score' on 'events'"
        },
    ];
    want.sort();
    want
}

async fn key_order_round_trip(url: &str, unique_as_constraint: bool) {
    let detected = flip_changes(unique_as_constraint);
    let case = Case {
        feature: "index key order",
        before: BEFORE,
        after: AFTER,
        detected: &detected,
        rows: &["INSERT INTO events (id, kind, day, score) VALUES (1, 'a', '2024-01-02', 3), (2, 'b', NULL, 4)"],
        keep: &["SELECT kind FROM events ORDER BY id"],
    };
    feature_case(url, &case).await;
}

#[cfg(feature = "sqlite")]
#[tokio::test]
async fn key_order_on_sqlite() {
    let tmp = tempfile::tempdir().expect("tmp");
    key_order_round_trip(&format!("sqlite://{}", tmp.path().join("app.db").display()), false).await;
}

#[cfg(feature = "postgres")]
#[tokio::test]
async fn key_order_on_postgresql() {
    let Some(db) = FreshDatabase::create(POSTGRES_URL_VAR, "index key order").await else { return };
    key_order_round_trip(&db.url, false).await;
    db.drop_database().await.expect("drop");
}

#[cfg(feature = "mysql")]
#[tokio::test]
async fn key_order_on_mariadb() {
    let Some(db) = FreshDatabase::create(MYSQL_URL_VAR, "index key order").await else { return };
    key_order_round_trip(&db.url, true).await;
    db.drop_database().await.expect("drop");
}
