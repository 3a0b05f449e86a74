//! Real-world SQLite schemas (`tests/corpus/sqlite/`, sources and licenses in each file's
//! header and in `tests/corpus/README.md`) through the corpus flow: migrated from empty,
//! no change after the upgrade, the database's own `.schema` dump reads back as no change
//! and holds everything the file declares, and `downgrade base` leaves no table.

#![cfg(all(feature = "cli", feature = "sqlite"))]

use std::path::PathBuf;

mod common;
use common::corpus::round_trip;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/sqlite").join(name)
}

async fn corpus(name: &str) {
    let tmp = tempfile::tempdir().expect("tmp");
    let url = format!("sqlite://{}", tmp.path().join("corpus.db").display());
    round_trip(&url, &fixture(name)).await;
}

#[tokio::test]
async fn chinook() {
    corpus("chinook.sql").await;
}

#[tokio::test]
async fn sakila() {
    corpus("sakila.sql").await;
}

#[tokio::test]
async fn northwind() {
    corpus("northwind.sql").await;
}

#[tokio::test]
async fn synapse() {
    corpus("synapse.sql").await;
}

#[tokio::test]
async fn memos() {
    corpus("memos.sql").await;
}

#[tokio::test]
async fn powerdns() {
    corpus("powerdns.sql").await;
}

#[tokio::test]
async fn roundcube() {
    corpus("roundcube.sql").await;
}

#[tokio::test]
async fn spring_batch() {
    corpus("spring_batch.sql").await;
}

#[tokio::test]
async fn freeradius() {
    corpus("freeradius.sql").await;
}

/// Every schema in the folder has its test above.
#[test]
fn every_fixture_has_a_test() {
    let names = common::corpus::schema_names("sqlite");
    assert_eq!(
        names,
        [
            "chinook.sql",
            "freeradius.sql",
            "memos.sql",
            "northwind.sql",
            "powerdns.sql",
            "roundcube.sql",
            "sakila.sql",
            "spring_batch.sql",
            "synapse.sql"
        ]
    );
}
