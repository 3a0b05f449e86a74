//! Migrating over an application's own sqlx pool: `&sqlx::MySqlPool` is a
//! [`Connect`](crate::embedded::Connect).
//!
//! Invariant: one connection is taken from the pool and detached from it, so the
//! migration's session settings never reach a connection the application reuses.

use async_trait::async_trait;

use super::MySqlConnection;
use crate::dialect::{pool_error, Connection, DialectResult};
use crate::embedded::Connect;

#[async_trait]
impl Connect for &sqlx::MySqlPool {
    async fn open(self) -> DialectResult<Box<dyn Connection>> {
        let conn = self.acquire().await.map_err(pool_error)?.detach();
        Ok(Box::new(MySqlConnection::from_sqlx(conn).await?))
    }
}
