//! Partial indexes (`CREATE INDEX … WHERE …`) through the binary: on SQLite and PostgreSQL,
//! created → no change → condition edited → exactly that index changes → upgrade → no
//! change → downgrade → no change against the old schema. MySQL has none: its upgrade
//! fails naming the index, never creating it without its condition.

#![cfg(feature = "cli")]
// A build without every dialect leaves the other dialects' helpers unused.
#![cfg_attr(not(all(feature = "sqlite", feature = "postgres", feature = "mysql")), allow(dead_code, unused_imports))]

use alambic::testing::{FreshDatabase, MYSQL_URL_VAR, POSTGRES_URL_VAR};

mod common;
use common::matrix::{feature_case, Case};
use common::{alambic, ok};

const TABLE: &str =
    "CREATE TABLE jobs (id INTEGER NOT NULL PRIMARY KEY, state VARCHAR(20) NOT NULL, score INTEGER, done BOOLEAN);\n";

fn schema(predicate: &str) -> String {
    format!("{TABLE}CREATE INDEX ix_jobs_score ON jobs (score) WHERE {predicate};\nCREATE INDEX ix_jobs_state ON jobs (state);\n")
}

async fn partial_round_trip(url: &str) {
    let (before, after) = (schema("score > 0"), schema("score > 10"));
    let case = Case {
        feature: "partial index condition",
        before: &before,
        after: &after,
        detected: &[
            "Detected added index 'ix_jobs_score' on '['score']'",
            "Detected removed index 'ix_jobs_score' on 'jobs'",
        ],
        rows: &["INSERT INTO jobs (id, state, score) VALUES (1, 'new', 5), (2, 'done', 20)"],
        keep: &["SELECT state FROM jobs ORDER BY id"],
    };
    feature_case(url, &case).await;
}

#[cfg(feature = "sqlite")]
#[tokio::test]
async fn partial_index_on_sqlite() {
    let tmp = tempfile::tempdir().expect("tmp");
    partial_round_trip(&format!("sqlite://{}", tmp.path().join("app.db").display())).await;
}

#[cfg(feature = "postgres")]
#[tokio::test]
async fn partial_index_on_postgresql() {
    let Some(db) = FreshDatabase::create(POSTGRES_URL_VAR, "partial index").await else { return };
    partial_round_trip(&db.url).await;
    db.drop_database().await.expect("drop");
}

#[cfg(feature = "mysql")]
#[tokio::test]
async fn partial_index_is_unsupported_on_mariadb() {
    let Some(db) = FreshDatabase::create(MYSQL_URL_VAR, "partial index").await else { return };
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path();
    std::fs::write(dir.join("schema.sql"), schema("score > 0")).expect("schema");
    ok(dir, &db.url, &["init"]);
    ok(dir, &db.url, &["migrate", "-m", "jobs"]);
    let up = alambic(dir, &db.url, &["upgrade"]);
    assert!(!up.ok, "a partial index cannot be created on MySQL:\n{}", up.stderr);
    assert!(up.stderr.contains("the partial index `ix_jobs_score` on `jobs` (WHERE score > 0)"), "{}", up.stderr);
    db.drop_database().await.expect("drop");
}
