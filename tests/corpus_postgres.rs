//! Real-world PostgreSQL schemas (`tests/corpus/postgres/`, each with its source and
//! licence in its header), each taken through the corpus flow: migrated from empty,
//! upgraded, no change after, the database's own dump reads as no change, everything the
//! file declares is in the dump, and `downgrade base` leaves no table.
//!
//! Needs `ALAMBIC_TEST_POSTGRES_URL`; skips loudly without it.

#![cfg(feature = "postgres")]

mod common;

use std::path::Path;

use alambic::testing::{FreshDatabase, POSTGRES_URL_VAR};
use common::corpus::round_trip;

const SUITE: &str = "postgres corpus";

async fn corpus(file: &str) {
    let Some(db) = FreshDatabase::create(POSTGRES_URL_VAR, SUITE).await else { return };
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/postgres").join(file);
    round_trip(&db.url, &path).await;
    db.drop_database().await.expect("drops");
}

#[tokio::test]
async fn chinook() {
    corpus("chinook.sql").await;
}

#[tokio::test]
async fn quartz() {
    corpus("quartz.sql").await;
}

#[tokio::test]
async fn spring_batch() {
    corpus("spring_batch.sql").await;
}

#[tokio::test]
async fn temporal() {
    corpus("temporal_temporal.sql").await;
}

#[tokio::test]
async fn synapse() {
    corpus("synapse.sql").await;
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
async fn guacamole() {
    corpus("guacamole.sql").await;
}

#[tokio::test]
async fn freeradius() {
    corpus("freeradius.sql").await;
}

#[tokio::test]
async fn icinga2_ido() {
    corpus("icinga2_ido.sql").await;
}

/// pg_dump output with an index on a materialized view, which is skipped with the view.
#[tokio::test]
async fn pagila() {
    corpus("pagila.sql").await;
}

/// Every schema in the folder has its test above.
#[test]
fn every_fixture_has_a_test() {
    let names = common::corpus::schema_names("postgres");
    assert_eq!(
        names,
        [
            "chinook.sql",
            "freeradius.sql",
            "guacamole.sql",
            "icinga2_ido.sql",
            "pagila.sql",
            "powerdns.sql",
            "quartz.sql",
            "roundcube.sql",
            "spring_batch.sql",
            "synapse.sql",
            "temporal_temporal.sql"
        ]
    );
}
