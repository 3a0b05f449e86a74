//! Two migrators at once — two replicas of a server starting together — on one database:
//! the migration lock makes one apply the revision while the other waits, then finds
//! nothing left to do. Without it both would run the revision and one would fail.

// A build without every dialect leaves the other dialects' helpers unused.
#![cfg_attr(
    not(all(feature = "sqlite", feature = "postgres", feature = "mysql")),
    allow(dead_code, unused_imports, unused_mut, unused_variables)
)]

use alambic::dialect::connect;
use alambic::embedded::Migrator;
use alambic::testing::{FreshDatabase, MYSQL_URL_VAR, POSTGRES_URL_VAR};

/// A revision that creates a table and then takes half a second, so the two overlap.
const SLOW: &str = r#"revision = "5105105105aa"
message = "slow"

[[upgrade]]
[upgrade.create_table]
name = "jobs"
columns = [{ name = "id", type = "integer", nullable = false }]
primary_key = { columns = ["id"] }

[[upgrade]]
execute = { postgresql = "SELECT pg_sleep(0.5)", mysql = "DO SLEEP(0.5)", sqlite = "SELECT 1" }

[[downgrade]]
drop_table = { name = "jobs" }
"#;

static MIGRATOR: Migrator = Migrator::new(&[("5105105105aa_slow.toml", SLOW)], "alembic_version");

async fn two_at_once(url: &str) {
    let (a, b) = tokio::join!(MIGRATOR.upgrade(url), MIGRATOR.upgrade(url));
    let (a, b) = (a.expect("first migrator"), b.expect("second migrator"));
    let mut applied = [a.len(), b.len()];
    applied.sort();
    assert_eq!(applied, [0, 1], "exactly one of them applies the revision: {a:?} {b:?}");
    let mut conn = connect(url).await.expect("connects");
    let version = conn.fetch_strings("SELECT version_num FROM alembic_version").await.expect("version");
    assert_eq!(version, ["5105105105aa"]);
}

/// SQLite has no lock to wait on: the second migrator finds, inside its write
/// transaction, that the database moved, and stops with nothing applied twice.
#[cfg(feature = "sqlite")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_migrators_on_sqlite_never_apply_a_revision_twice() {
    let tmp = tempfile::tempdir().expect("tmp");
    let url = format!("sqlite://{}", tmp.path().join("app.db").display());
    let (a, b) = tokio::join!(MIGRATOR.upgrade(url.as_str()), MIGRATOR.upgrade(url.as_str()));
    let results = [a, b];
    let applied: usize = results.iter().map(|r| r.as_ref().map(|v| v.len()).unwrap_or(0)).sum();
    assert_eq!(applied, 1, "{results:?}");
    for r in &results {
        if let Err(e) = r {
            let text = e.to_string();
            assert!(text.contains("moved") || text.contains("locked"), "{text}");
        }
    }
    let mut conn = connect(&url).await.expect("connects");
    let version = conn.fetch_strings("SELECT version_num FROM alembic_version").await.expect("version");
    assert_eq!(version, ["5105105105aa"]);
}

#[cfg(feature = "postgres")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_migrators_on_postgresql_apply_a_revision_once() {
    let Some(db) = FreshDatabase::create(POSTGRES_URL_VAR, "migration lock on PostgreSQL").await else { return };
    two_at_once(&db.url).await;
    db.drop_database().await.expect("drop");
}

#[cfg(feature = "mysql")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_migrators_on_mariadb_apply_a_revision_once() {
    let Some(db) = FreshDatabase::create(MYSQL_URL_VAR, "migration lock on MySQL/MariaDB").await else { return };
    two_at_once(&db.url).await;
    db.drop_database().await.expect("drop");
}
