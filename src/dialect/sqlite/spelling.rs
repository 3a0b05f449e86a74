//! SQLite's own spellings: the type names it is commonly given (`CLOB`, `NVARCHAR`,
//! `DOUBLE`), `AUTOINCREMENT`, and its internal `sqlite_` tables that `.schema` lists.
//!
//! Invariant: every type [`render_type`](super::render) writes reads back here as the
//! same neutral type.

use sqlparser::dialect::{Dialect as Grammar, SQLiteDialect};
use sqlparser::keywords::Keyword;
use sqlparser::tokenizer::Token;

use super::SqliteDialect;
use crate::dialect::Spelling;
use crate::schema::ColumnType;
use crate::sqltype::{standard_type, TypeName};

impl Spelling for SqliteDialect {
    fn grammar(&self) -> Box<dyn Grammar> {
        Box::new(SQLiteDialect {})
    }

    fn read_type(&self, text: &str) -> ColumnType {
        read_type(text)
    }

    fn option_is_autoincrement(&self, tokens: &[Token]) -> bool {
        tokens.iter().any(|t| matches!(t, Token::Word(w) if w.keyword == Keyword::AUTOINCREMENT))
    }

    /// `sqlite3 .schema` lists SQLite's own bookkeeping tables (`sqlite_sequence`, ...).
    fn internal_table(&self, name: &str) -> Option<String> {
        name.to_ascii_lowercase().starts_with("sqlite_").then(|| format!("skipped SQLite internal table '{name}'"))
    }
}

/// Reads a type name as SQLite keeps it (exactly as the table was declared).
pub(crate) fn read_type(text: &str) -> ColumnType {
    let name = TypeName::parse(text);
    match name.base.as_str() {
        "clob" => ColumnType::Text,
        "nvarchar" | "varchar2" => name.string(),
        "bool" => ColumnType::Boolean,
        "double" if name.args.is_none() => ColumnType::Double,
        _ => standard_type(&name).unwrap_or_else(|| name.raw()),
    }
}

#[cfg(test)]
#[path = "schema_file_tests.rs"]
mod schema_file_tests;
