//! `FreshDatabase` leaves nothing behind on the server: its database is dropped when the
//! value is dropped — at the end of a test, and while a failing test unwinds with a
//! connection still open — and `drop_database` still drops it at once.

// A build without every dialect leaves the other dialects' helpers unused.
#![cfg_attr(
    not(all(feature = "sqlite", feature = "postgres", feature = "mysql")),
    allow(dead_code, unused_imports, unused_mut, unused_variables)
)]

use alambic::dialect::connect;
use alambic::testing::{announce_skip, FreshDatabase, MYSQL_URL_VAR, POSTGRES_URL_VAR};

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime")
}

/// Whether the database at `url` is gone (connecting to it fails).
fn gone(url: &str) -> bool {
    runtime().block_on(connect(url)).is_err()
}

/// Runs, on a thread of its own, a test that panics while it holds a fresh database and a
/// connection to it; returns the database's URL (`None` when the server is not configured).
fn database_of_a_panicking_test(var: &'static str, suite: &'static str) -> Option<String> {
    // Checked here, on the test's own thread: the skip (or its failure under
    // ALAMBIC_REQUIRE_SERVERS=1) must not be mistaken for the panic under test.
    if std::env::var(var).is_err() {
        announce_skip(suite, var);
        return None;
    }
    let (tx, rx) = std::sync::mpsc::channel();
    let outcome = std::thread::spawn(move || {
        runtime().block_on(async {
            let db = FreshDatabase::create(var, suite).await.expect("the server is configured");
            let _conn = connect(&db.url).await.expect("connects");
            tx.send(db.url.clone()).expect("sends");
            panic!("the test fails while it holds {}", db.name);
        })
    })
    .join();
    let url = rx.recv().ok()?;
    assert!(outcome.is_err(), "the test should have panicked");
    Some(url)
}

fn a_panicking_test_leaves_no_database(var: &'static str, suite: &'static str) {
    let Some(url) = database_of_a_panicking_test(var, suite) else { return };
    assert!(gone(&url), "{url} is still there after the test panicked");
}

fn a_finished_test_leaves_no_database(var: &'static str, suite: &'static str) {
    let rt = runtime();
    let Some(db) = rt.block_on(FreshDatabase::create(var, suite)) else { return };
    let url = db.url.clone();
    drop(db);
    assert!(gone(&url), "{url} is still there after the value was dropped");

    let db = rt.block_on(FreshDatabase::create(var, suite)).expect("second database");
    let url = db.url.clone();
    rt.block_on(db.drop_database()).expect("drops");
    assert!(gone(&url), "{url} is still there after drop_database");
}

#[cfg(feature = "postgres")]
#[test]
fn a_panicking_test_leaves_no_database_on_postgresql() {
    a_panicking_test_leaves_no_database(POSTGRES_URL_VAR, "fresh database on PostgreSQL");
}

#[cfg(feature = "mysql")]
#[test]
fn a_panicking_test_leaves_no_database_on_mariadb() {
    a_panicking_test_leaves_no_database(MYSQL_URL_VAR, "fresh database on MySQL/MariaDB");
}

#[cfg(feature = "postgres")]
#[test]
fn a_finished_test_leaves_no_database_on_postgresql() {
    a_finished_test_leaves_no_database(POSTGRES_URL_VAR, "fresh database on PostgreSQL");
}

#[cfg(feature = "mysql")]
#[test]
fn a_finished_test_leaves_no_database_on_mariadb() {
    a_finished_test_leaves_no_database(MYSQL_URL_VAR, "fresh database on MySQL/MariaDB");
}
