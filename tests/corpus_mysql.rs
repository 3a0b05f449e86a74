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
