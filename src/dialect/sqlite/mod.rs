//! The SQLite dialect: SQL text, comparison rules, introspection and connection for SQLite.
//!
//! Invariant: every schema change SQLite's `ALTER TABLE` cannot make is rendered as a table
//! rebuild (create the new table, copy every row, drop the old one, rename) that either
//! keeps every row unchanged or fails, so the caller's transaction rolls back.

mod connection;
pub mod inspect;
mod pool;
mod render;
mod spelling;

pub use connection::SqliteConnection;
pub(crate) use connection::DRIVER;

use crate::dialect::{Dialect, DialectResult};
use crate::operation::Operation;
use crate::schema::{ColumnType, Schema};

/// Dialect name, as used in messages and as the key of SQLite-only `execute` SQL.
pub(crate) const NAME: &str = "sqlite";

/// The SQLite dialect (offline half: SQL text and comparison rules).
#[derive(Debug, Clone, Copy, Default)]
pub struct SqliteDialect;

impl Dialect for SqliteDialect {
    fn name(&self) -> &'static str {
        NAME
    }

    fn impl_name(&self) -> &'static str {
        "SQLiteImpl"
    }

    fn transactional_ddl(&self) -> bool {
        true
    }

    fn spelling(&self) -> &dyn crate::dialect::Spelling {
        self
    }

    fn quote(&self, ident: &str) -> String {
        render::quote(ident)
    }

    fn render_type(&self, ty: &ColumnType) -> DialectResult<String> {
        Ok(render::render_type(ty))
    }

    fn render(&self, op: &Operation, before: &Schema) -> DialectResult<Vec<String>> {
        render::render(op, before)
    }

    /// An enum is a `VARCHAR` with a check on SQLite, so only its labels matter here; the
    /// type name is PostgreSQL's business.
    fn types_equal(&self, desired: &ColumnType, live: &ColumnType) -> bool {
        match (desired, live) {
            (ColumnType::Enum { values: a, .. }, ColumnType::Enum { values: b, .. }) => a == b,
            _ => desired == live,
        }
    }

    /// `INTEGER PRIMARY KEY` is always the rowid: autoincrement is no real difference.
    fn compares_autoincrement(&self) -> bool {
        false
    }

    /// SQLite keeps no comments.
    fn supports_comments(&self) -> bool {
        false
    }
}
