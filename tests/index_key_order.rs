//! Index keys in descending order (`CREATE INDEX ix ON t (a DESC, b)`) on every database,
//! through the binary: created → no change → one key's order flipped → exactly that index
//! changes → upgrade → no change → downgrade → no change against the old schema.

#![cfg(feature = "cli")]
// A build without every dialect leaves the other dialects' helpers unused.
#![cfg_attr(not(all(feature = "sqlite", feature = "postgres", feature = "mysql")), allow(dead_code, unused_imports))]

use alambic::testing::{FreshDatabase, MYSQL_URL_VAR, POSTGRES_URL_VAR};

mod common;
use common::{assert_no_change, detected, ok};

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

fn key_order_round_trip(url: &str, unique_as_constraint: bool) {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path();
    std::fs::write(dir.join("schema.sql"), BEFORE).expect("schema");
    ok(dir, url, &["init"]);
    ok(dir, url, &["migrate", "-m", "events"]);
    ok(dir, url, &["upgrade"]);
    assert_no_change(dir, url, "after creating the indexes");

    std::fs::write(dir.join("schema.sql"), AFTER).expect("schema");
    let flip = ok(dir, url, &["migrate", "-m", "flip"]);
    assert_eq!(detected(&flip.stderr), flip_changes(unique_as_constraint), "{}", flip.stderr);
    ok(dir, url, &["upgrade"]);
    assert_no_change(dir, url, "after flipping the key order");

    ok(dir, url, &["downgrade", "-1"]);
    // The first revision is the head again once the flip's script is gone.
    let versions = dir.join("migrations").join("versions");
    for file in std::fs::read_dir(&versions).expect("versions").map(|f| f.expect("entry").path()) {
        if file.to_string_lossy().ends_with("_flip.toml") {
            std::fs::remove_file(file).expect("remove the flip's script");
        }
    }
    std::fs::write(dir.join("schema.sql"), BEFORE).expect("schema");
    assert_no_change(dir, url, "after the downgrade, against the old schema");
    ok(dir, url, &["downgrade", "base"]);
}

#[cfg(feature = "sqlite")]
#[test]
fn key_order_on_sqlite() {
    let tmp = tempfile::tempdir().expect("tmp");
    key_order_round_trip(&format!("sqlite://{}", tmp.path().join("app.db").display()), false);
}

#[cfg(feature = "postgres")]
#[tokio::test]
async fn key_order_on_postgresql() {
    let Some(db) = FreshDatabase::create(POSTGRES_URL_VAR, "index key order").await else { return };
    key_order_round_trip(&db.url, false);
    db.drop_database().await.expect("drop");
}

#[cfg(feature = "mysql")]
#[tokio::test]
async fn key_order_on_mariadb() {
    let Some(db) = FreshDatabase::create(MYSQL_URL_VAR, "index key order").await else { return };
    key_order_round_trip(&db.url, true);
    db.drop_database().await.expect("drop");
}
