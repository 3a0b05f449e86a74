//! "The database moved": a plan made from the version table, then another migrator moves
//! the table before the plan runs. The run stops at once with the expected and found
//! heads, and the database stays as the other migrator left it — never an error about
//! what the other migrator created. Deterministic: the second migrator runs to completion
//! between planning and running, no sleeps.

// A build without every dialect leaves the other dialects' helpers unused.
#![cfg_attr(not(all(feature = "sqlite", feature = "postgres")), allow(dead_code, unused_imports))]

use alambic::dialect::{connect, Connection};
use alambic::embedded::Migrator;
use alambic::plan::{self, Direction, Target};
use alambic::runtime::{ContextOptions, Failure, MigrationContext, RevisionError, RuntimeError};
use alambic::testing::{FreshDatabase, POSTGRES_URL_VAR};

const ITEMS: &str = r#"revision = "aaaaaaaaaaa1"
message = "items"

[[upgrade]]
[upgrade.create_table]
name = "items"
columns = [{ name = "id", type = "integer", nullable = false }]
primary_key = { columns = ["id"] }

[[downgrade]]
drop_table = { name = "items" }
"#;

const AUDIT: &str = r#"revision = "bbbbbbbbbbb2"
down_revision = "aaaaaaaaaaa1"
message = "audit"

[[upgrade]]
[upgrade.create_table]
name = "audit"
columns = [{ name = "id", type = "integer", nullable = false }]
primary_key = { columns = ["id"] }

[[downgrade]]
drop_table = { name = "audit" }
"#;

static MIGRATOR: Migrator =
    Migrator::new(&[("aaaaaaaaaaa1_items.toml", ITEMS), ("bbbbbbbbbbb2_audit.toml", AUDIT)], "alembic_version");

/// How the second migrator moves the database.
#[derive(Debug, Clone, Copy)]
enum Mover {
    /// It applies the revision the plan was about to apply.
    Upgrade,
    /// It only stamps the version table.
    Stamp,
}

/// The schema and version rows, as the run must leave them.
async fn snapshot(conn: &mut dyn Connection) -> (alambic::schema::Schema, Vec<String>) {
    let schema = conn.inspect(&["alembic_version", "alambic_history"]).await.expect("inspects");
    let version = conn.fetch_strings("SELECT version_num FROM alembic_version").await.expect("version");
    (schema, version)
}

async fn moved_under_a_plan(url: &str, mover: Mover) {
    MIGRATOR.upgrade_to(url, "aaaaaaaaaaa1").await.expect("first revision");
    let (graph, scripts) = MIGRATOR.scripts().expect("scripts");
    let mut ctx = MigrationContext::connect(url, &ContextOptions::default()).await.expect("connects");
    let current = ctx.current_heads().await.expect("heads");
    let steps = plan::steps(&graph, &scripts, &current, "heads", Direction::Upgrade).expect("plan");
    assert_eq!(steps.len(), 1);

    let other = MigrationContext::connect(url, &ContextOptions::default()).await.expect("second connection");
    let target = match mover {
        Mover::Upgrade => Target::Upgrade("heads"),
        Mover::Stamp => Target::Stamp("heads"),
    };
    other.migrate(&graph, &scripts, target).await.expect("the other migrator");
    let mut conn = connect(url).await.expect("connects");
    let before = snapshot(conn.as_mut()).await;
    assert_eq!(before.1, ["bbbbbbbbbbb2"]);

    let err = ctx.run(&steps).await.expect_err("the plan is stale");
    let text = err.to_string();
    assert_eq!(
        text,
        "revision bbbbbbbbbbb2: the database moved from [aaaaaaaaaaa1] to [bbbbbbbbbbb2] while this migration ran \
         (another migrator?); nothing of the revision was applied, run the command again"
    );
    match err {
        RuntimeError::Revision(RevisionError {
            revision,
            failure: Failure::Moved { expected, found },
            completed,
            rollback,
            ..
        }) => {
            assert_eq!(revision, "bbbbbbbbbbb2");
            assert_eq!(expected, ["aaaaaaaaaaa1"]);
            assert_eq!(found, ["bbbbbbbbbbb2"]);
            assert!(completed.is_empty(), "{completed:?}");
            assert!(rollback.is_none(), "{rollback:?}");
        }
        other => panic!("expected the moved error, got {other:?}"),
    }
    assert_eq!(snapshot(conn.as_mut()).await, before, "the stale plan changed the database");
}

#[cfg(feature = "sqlite")]
#[tokio::test]
async fn a_stale_plan_on_sqlite_reports_that_the_database_moved_after_an_upgrade() {
    let tmp = tempfile::tempdir().expect("tmp");
    let url = format!("sqlite://{}", tmp.path().join("app.db").display());
    moved_under_a_plan(&url, Mover::Upgrade).await;
}

#[cfg(feature = "sqlite")]
#[tokio::test]
async fn a_stale_plan_on_sqlite_reports_that_the_database_moved_after_a_stamp() {
    let tmp = tempfile::tempdir().expect("tmp");
    let url = format!("sqlite://{}", tmp.path().join("app.db").display());
    moved_under_a_plan(&url, Mover::Stamp).await;
}

#[cfg(feature = "postgres")]
#[tokio::test]
async fn a_stale_plan_on_postgresql_reports_that_the_database_moved() {
    let Some(db) = FreshDatabase::create(POSTGRES_URL_VAR, "database moved on PostgreSQL").await else { return };
    moved_under_a_plan(&db.url, Mover::Upgrade).await;
    db.drop_database().await.expect("drops");
}
