//! The one place a transaction begins and ends.
//!
//! Invariant: [`transaction`] commits when its body succeeds and rolls back whenever
//! anything fails (the body or the commit); the error reported is the first one, and a
//! failed rollback is attached to it ([`Aborted::rollback`]), never put in its place.

use std::future::Future;
use std::pin::Pin;

use crate::dialect::{Connection, DialectError};

/// The future a transaction body returns, borrowing the connection and the body's data.
pub type BodyFuture<'c, T, E> = Pin<Box<dyn Future<Output = Result<T, E>> + Send + 'c>>;

/// Why a transaction did not commit: the first error, and the rollback's own failure.
#[derive(Debug)]
pub struct Aborted<E> {
    /// What went wrong first (the body's error, or the failure to begin or commit).
    pub error: E,
    /// The rollback's own failure, when rolling back failed too.
    pub rollback: Option<DialectError>,
}

/// Runs `body` on `conn` with `data` inside a transaction: begins, runs the body, commits
/// when it succeeds, rolls back when anything fails.
///
/// Errors with the first failure, and the rollback's failure attached when there is one.
pub async fn transaction<D, T, E, F>(conn: &mut dyn Connection, data: &D, body: F) -> Result<T, Aborted<E>>
where
    D: ?Sized + Sync,
    E: From<DialectError>,
    F: for<'c> FnOnce(&'c mut dyn Connection, &'c D) -> BodyFuture<'c, T, E>,
{
    if let Err(e) = conn.begin().await {
        return Err(Aborted { error: e.into(), rollback: None });
    }
    let error = match body(&mut *conn, data).await {
        Ok(value) => match conn.commit().await {
            Ok(()) => return Ok(value),
            Err(e) => E::from(e),
        },
        Err(e) => e,
    };
    let rollback = conn.rollback().await.err();
    Err(Aborted { error, rollback })
}
