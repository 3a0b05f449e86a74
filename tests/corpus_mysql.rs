//! Real-world MySQL schemas (`tests/corpus/mysql/`, sources and licenses in each file's
//! header and in `tests/corpus/README.md`) through the corpus flow on a real server: migrate
//! from empty, upgrade, no change, the server's own dump reads back as no change and holds
//! everything the file declares, downgrade to base leaves no table.
//!
//! Needs `ALAMBIC_TEST_MYSQL_URL`; skips loudly without it.

#![cfg(all(feature = "cli", feature = "mysql"))]

use std::path::PathBuf;

use alambic::testing::{FreshDatabase, MYSQL_URL_VAR};

mod common;
use common::corpus::round_trip;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests").join("corpus").join("mysql").join(name)
}

async fn corpus(name: &str) {
    let Some(db) = FreshDatabase::create(MYSQL_URL_VAR, &format!("corpus {name}")).await else { return };
    round_trip(&db.url, &fixture(name)).await;
    db.drop_database().await.expect("drops the test database");
}

#[tokio::test]
async fn sakila() {
    corpus("sakila.sql").await;
}

#[tokio::test]
async fn employees() {
    corpus("employees.sql").await;
}

#[tokio::test]
async fn chinook() {
    corpus("chinook.sql").await;
}

#[tokio::test]
async fn northwind() {
    corpus("northwind.sql").await;
}

#[tokio::test]
async fn phpmyadmin() {
    corpus("phpmyadmin.sql").await;
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
async fn quartz() {
    corpus("quartz.sql").await;
}

#[tokio::test]
async fn spring_batch() {
    corpus("spring_batch.sql").await;
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

/// Every schema in the folder has its test above.
#[test]
fn every_fixture_has_a_test() {
    let names = common::corpus::schema_names("mysql");
    assert_eq!(
        names,
        [
            "chinook.sql",
            "employees.sql",
            "freeradius.sql",
            "guacamole.sql",
            "icinga2_ido.sql",
            "northwind.sql",
            "phpmyadmin.sql",
            "powerdns.sql",
            "quartz.sql",
            "roundcube.sql",
            "sakila.sql",
            "spring_batch.sql"
        ]
    );
}
