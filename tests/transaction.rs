//! The scoped transaction helper: a failing body is rolled back, and when the rollback
//! fails too, the body's error is still the one reported, the rollback's attached.

#![cfg(feature = "sqlite")]

use alambic::dialect::{connect, DialectError};
use alambic::runtime::{transaction, Aborted};

#[tokio::test]
async fn a_failing_body_is_rolled_back() {
    let mut conn = connect("sqlite::memory:").await.expect("connects");
    let result: Result<(), Aborted<DialectError>> = transaction(conn.as_mut(), &(), |conn, _| {
        Box::pin(async move {
            conn.execute("CREATE TABLE made (id INTEGER)").await?;
            conn.execute("INSERT INTO nope VALUES (1)").await
        })
    })
    .await;
    let Aborted { error, rollback } = result.expect_err("the body fails");
    assert!(error.to_string().contains("INSERT INTO nope"), "{error}");
    assert!(rollback.is_none(), "{rollback:?}");
    assert!(!conn.table_exists("made").await.expect("reads"), "the body's table was not rolled back");
}

#[tokio::test]
async fn a_failed_rollback_is_attached_to_the_first_error() {
    let mut conn = connect("sqlite::memory:").await.expect("connects");
    // The body ends the transaction itself, so the rollback after its failure fails too.
    let result: Result<(), Aborted<DialectError>> = transaction(conn.as_mut(), &(), |conn, _| {
        Box::pin(async move {
            conn.execute("COMMIT").await?;
            conn.execute("INSERT INTO nope VALUES (1)").await
        })
    })
    .await;
    let Aborted { error, rollback } = result.expect_err("the body fails");
    assert!(error.to_string().contains("INSERT INTO nope"), "the first error is reported: {error}");
    let rollback = rollback.expect("the rollback's failure is attached");
    assert!(rollback.to_string().contains("ROLLBACK"), "{rollback}");
}

#[tokio::test]
async fn a_successful_body_is_committed() {
    let mut conn = connect("sqlite::memory:").await.expect("connects");
    let value = transaction(conn.as_mut(), "made", |conn, table| {
        Box::pin(async move {
            conn.execute(&format!("CREATE TABLE {table} (id INTEGER)")).await?;
            Ok::<_, DialectError>(7)
        })
    })
    .await
    .expect("commits");
    assert_eq!(value, 7);
    assert!(conn.table_exists("made").await.expect("reads"));
}
