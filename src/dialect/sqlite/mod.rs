//! The SQLite dialect: SQL text, comparison rules, introspection and connection for SQLite.
//!
//! Invariant: every schema change SQLite's `ALTER TABLE` cannot make is rendered as a table
//! rebuild (create the new table, copy every row, drop the old one, rename) that either
//! keeps every row unchanged or fails, so the caller's transaction rolls back.

mod connection;
pub mod inspect;
mod pool;
mod rebuild;
mod render;
mod spelling;

pub use connection::SqliteConnection;
pub(crate) use connection::DRIVER;

use sqlparser::dialect::SQLiteDialect as SqliteGrammar;

use crate::dialect::expr::{Plain, Rules};
use crate::dialect::{Dialect, DialectResult};
use crate::operation::Operation;
use crate::schema::{ColumnType, Schema};

/// Dialect name, as used in messages and as the key of SQLite-only `execute` SQL.
pub(crate) const NAME: &str = "sqlite";

/// How SQLite expressions are compared: its grammar, no rewrites of its own.
const SQLITE_RULES: Plain = Plain::new(&SqliteGrammar {});

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

    fn utc_now_text(&self) -> String {
        "strftime('%Y-%m-%d %H:%M:%f', 'now')".to_string()
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

    /// SQLite keeps expressions as written; its identifiers are case-insensitive, quoted
    /// or not.
    fn expression_rules(&self) -> &dyn Rules {
        &SQLITE_RULES
    }

    /// `INTEGER PRIMARY KEY` is always the rowid: autoincrement is no real difference.
    fn compares_autoincrement(&self) -> bool {
        false
    }

    /// SQLite keeps no comments.
    fn supports_comments(&self) -> bool {
        false
    }

    /// A column with no `COLLATE` compares as `BINARY`.
    fn default_collation(&self) -> Option<&str> {
        Some("BINARY")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_ignore_quotes_and_case_of_identifiers() {
        let d = SqliteDialect;
        assert!(d.checks_equal("n > 0", "\"N\" > 0"));
        assert!(d.checks_equal("[n] > 0 AND `m` < 1", "n > 0 and m < 1"));
        assert!(!d.checks_equal("n > 0", "n > 1"));
        assert!(!d.checks_equal("name <> 'A'", "name <> 'a'"));
    }

    #[test]
    fn binary_is_the_collation_of_a_column_that_names_none() {
        use crate::schema::{Column, Table};
        let schema = |collation: Option<&str>| {
            let mut t = Table::new("t");
            t.columns = vec![Column { collation: collation.map(str::to_string), ..Column::new("c", ColumnType::Text) }];
            let mut s = Schema::new();
            s.insert(t);
            s
        };
        assert!(crate::diff::compare(&schema(Some("binary")), &schema(None), &SqliteDialect).is_empty());
        assert!(!crate::diff::compare(&schema(Some("NOCASE")), &schema(None), &SqliteDialect).is_empty());
        assert!(crate::diff::compare(&schema(Some("nocase")), &schema(Some("NOCASE")), &SqliteDialect).is_empty());
        // No COLLATE is BINARY, SQLite's default, so a collation left out is a change back to it.
        assert!(!crate::diff::compare(&schema(None), &schema(Some("NOCASE")), &SqliteDialect).is_empty());
    }
}
