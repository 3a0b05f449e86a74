//! The sqlite dialect (placeholder until its module lands).

use async_trait::async_trait;

use crate::dialect::{Connection, Dialect, DialectError, DialectResult};
use crate::operation::Operation;
use crate::schema::{ColumnType, Schema};

/// The sqlite dialect.
pub struct SqliteDialect;

impl Dialect for SqliteDialect {
    fn name(&self) -> &'static str {
        "sqlite"
    }
    fn impl_name(&self) -> &'static str {
        "SQLiteImpl"
    }
    fn transactional_ddl(&self) -> bool {
        true
    }
    fn quote(&self, ident: &str) -> String {
        format!("\"{}\"", ident.replace('"', "\"\""))
    }
    fn render_type(&self, ty: &ColumnType) -> DialectResult<String> {
        Err(DialectError::Unsupported { dialect: "sqlite", what: ty.to_string() })
    }
    fn render(&self, op: &Operation, _before: &Schema) -> DialectResult<Vec<String>> {
        Err(DialectError::Unsupported { dialect: "sqlite", what: format!("{op:?}") })
    }
}

/// A connection to a sqlite database.
pub struct SqliteConnection {
    _private: (),
}

impl SqliteConnection {
    /// Connects.
    pub async fn connect(url: &str) -> DialectResult<Self> {
        Err(DialectError::UnknownScheme(url.to_string()))
    }
}

#[async_trait]
impl Connection for SqliteConnection {
    fn dialect(&self) -> &dyn Dialect {
        &SqliteDialect
    }
    async fn execute(&mut self, _sql: &str) -> DialectResult<()> {
        unimplemented!()
    }
    async fn fetch_strings(&mut self, _sql: &str) -> DialectResult<Vec<String>> {
        unimplemented!()
    }
    async fn table_exists(&mut self, _name: &str) -> DialectResult<bool> {
        unimplemented!()
    }
    async fn inspect(&mut self, _skip: &[&str]) -> DialectResult<Schema> {
        unimplemented!()
    }
    async fn begin(&mut self) -> DialectResult<()> {
        unimplemented!()
    }
    async fn commit(&mut self) -> DialectResult<()> {
        unimplemented!()
    }
    async fn rollback(&mut self) -> DialectResult<()> {
        unimplemented!()
    }
    fn statements_sent(&self) -> u64 {
        0
    }
}
