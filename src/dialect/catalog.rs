//! The one door through which a dialect's introspection reads the database: a fixed set
//! of catalog queries, each run through [`Catalog::rows`].
//!
//! Invariant: `inspect.rs` in every dialect folder depends on this trait only, never on
//! the dialect's connection type; the connection implements it (and counts what it sends),
//! so introspection is "run these queries, then assemble their rows" in every dialect.

use async_trait::async_trait;

use super::DialectResult;

/// One result row with every value as text (`None` for SQL NULL), for drivers whose rows
/// are read as text.
pub type TextRow = Vec<Option<String>>;

/// Runs catalog queries for introspection.
#[async_trait]
pub trait Catalog: Send {
    /// One row as the driver returns it.
    type Row: Send;

    /// Runs one catalog query and returns all its rows.
    ///
    /// Errors with [`DialectError::Inspect`](super::DialectError::Inspect) naming `what`
    /// was being read.
    async fn rows(&mut self, what: &str, sql: &str) -> DialectResult<Vec<Self::Row>>;

    /// Runs one catalog query and hands each row to `each` as it arrives, so that a
    /// dialect whose driver streams rows never holds them all at once (the default reads
    /// them all first). The query counts once, as with [`Catalog::rows`].
    ///
    /// Errors as [`Catalog::rows`] does, and with the first error `each` returns.
    async fn each_row(
        &mut self,
        what: &str,
        sql: &str,
        each: &mut (dyn FnMut(Self::Row) -> DialectResult<()> + Send),
    ) -> DialectResult<()> {
        for row in self.rows(what, sql).await? {
            each(row)?;
        }
        Ok(())
    }

    /// The server answering, when servers of one dialect keep their catalogs differently
    /// (`Some("mariadb")` beside MySQL); `None` for the dialect's reference server.
    fn variant(&self) -> Option<&'static str> {
        None
    }
}
