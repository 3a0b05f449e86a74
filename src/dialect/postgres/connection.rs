//! One open PostgreSQL connection: running SQL, transactions, introspection.
//!
//! Invariant: every statement goes through [`PostgresConnection`]'s own methods, which
//! count it, so [`PostgresConnection::statements_sent`] is exact (introspection cost is
//! tested with it).
//!
//! The session starts with JIT compilation off (a startup parameter, so no statement is
//! sent for it): alambic's own statements are catalog reads and DDL, and the planner
//! prices the catalog queries of a few thousand tables above `jit_above_cost`, where
//! compiling them takes far longer than running them.

use std::str::FromStr;

use async_trait::async_trait;
use sqlx::postgres::{PgConnectOptions, PgRow, PgTypeKind};
use sqlx::{ConnectOptions, Connection as _, PgConnection, Row, ValueRef as _};

use crate::dialect::{redact, Catalog, Connecting, Connection, Dialect, DialectError, DialectResult, Driver};
use crate::schema::Schema;

use super::{inspect, PostgresDialect, NAME};

/// The PostgreSQL entry of the dialect registry.
pub(crate) const DRIVER: Driver = Driver { dialect: || Box::new(PostgresDialect), connect: open };

fn open(url: &str) -> Connecting<'_> {
    Box::pin(async move { Ok(Box::new(PostgresConnection::connect(url).await?) as Box<dyn Connection>) })
}

/// A connection to a PostgreSQL database (13 or later).
pub struct PostgresConnection {
    conn: PgConnection,
    statements: u64,
}

impl std::fmt::Debug for PostgresConnection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PostgresConnection").field("statements", &self.statements).finish()
    }
}

impl PostgresConnection {
    /// Connects to a `postgres://` or `postgresql://` URL.
    ///
    /// Errors with [`DialectError::Connect`], naming the URL with its password hidden.
    pub async fn connect(url: &str) -> DialectResult<Self> {
        let fail = |source| DialectError::Connect { url: redact(url), source };
        let options = PgConnectOptions::from_str(url).map_err(fail)?.options([("jit", "off")]);
        let conn = crate::dialect::quiet(options).connect().await.map_err(fail)?;
        Ok(Self { conn, statements: 0 })
    }

    /// Wraps a connection the application opened (e.g. detached from its pool).
    ///
    /// Never fails today; it returns a result as its siblings do, which set the session up.
    pub async fn from_sqlx(conn: PgConnection) -> DialectResult<Self> {
        Ok(Self { conn, statements: 0 })
    }

    /// How many statements this connection has sent (what introspection costs).
    pub fn statements_sent(&self) -> u64 {
        self.statements
    }

    /// Closes the connection cleanly, so the server ends the session at once (a database
    /// can only be dropped once no session uses it).
    ///
    /// Errors when the goodbye cannot be sent.
    pub async fn close(self) -> DialectResult<()> {
        self.conn.close().await.map_err(|e| Self::query_error("-- close", e))
    }

    fn query_error(sql: &str, source: sqlx::Error) -> DialectError {
        DialectError::Query { dialect: NAME, sql: sql.to_string(), source }
    }
}

/// The first column of a row as text, whatever its type: NULL as the empty string, `None`
/// for a type it cannot read.
fn first_as_string(row: &PgRow) -> Option<String> {
    if row.try_get_raw(0).is_ok_and(|v| sqlx::ValueRef::is_null(&v)) {
        return Some(String::new());
    }
    if let Ok(v) = row.try_get::<Option<String>, _>(0) {
        return v;
    }
    if let Ok(v) = row.try_get::<Option<i64>, _>(0) {
        return v.map(|v| v.to_string());
    }
    if let Ok(v) = row.try_get::<Option<i32>, _>(0) {
        return v.map(|v| v.to_string());
    }
    if let Ok(v) = row.try_get::<Option<i16>, _>(0) {
        return v.map(|v| v.to_string());
    }
    if let Ok(v) = row.try_get::<Option<bool>, _>(0) {
        return v.map(|v| v.to_string());
    }
    if let Ok(v) = row.try_get::<Option<f64>, _>(0) {
        return v.map(|v| v.to_string());
    }
    // An enum's value travels as its label's text.
    let raw = row.try_get_raw(0).ok()?;
    if !raw.is_null() && matches!(raw.type_info().kind(), PgTypeKind::Enum(_)) {
        return raw.as_str().ok().map(str::to_string);
    }
    None
}

#[async_trait]
impl Catalog for PostgresConnection {
    type Row = PgRow;

    async fn rows(&mut self, what: &str, sql: &str) -> DialectResult<Vec<PgRow>> {
        self.statements += 1;
        sqlx::query(sql).fetch_all(&mut self.conn).await.map_err(|source| DialectError::Inspect {
            dialect: NAME,
            what: what.to_string(),
            source,
        })
    }
}

#[async_trait]
impl Connection for PostgresConnection {
    fn dialect(&self) -> &dyn Dialect {
        &PostgresDialect
    }

    /// SQLSTATE 53200 (`out of shared memory`): one transaction took more locks than the
    /// server's lock table holds (`max_locks_per_transaction` × connections).
    fn advice(&self, error: &DialectError) -> Option<String> {
        let DialectError::Query { source, .. } = error else { return None };
        let code = source.as_database_error()?.code()?;
        (code == "53200").then(|| {
            "the server ran out of locks for one transaction: raise max_locks_per_transaction in \
             postgresql.conf (then restart the server), or move in smaller steps (upgrade +N, downgrade -N)"
                .to_string()
        })
    }

    async fn execute(&mut self, sql: &str) -> DialectResult<()> {
        self.statements += 1;
        // Through the executor's boxed future, which is `Send` (the inherent `RawSql`
        // methods are not, inside an `async_trait`).
        sqlx::Executor::execute(&mut self.conn, sqlx::raw_sql(sql)).await.map_err(|e| Self::query_error(sql, e))?;
        Ok(())
    }

    /// Rows whose first column is NULL (or of a type without a text reading) are left out.
    async fn fetch_strings(&mut self, sql: &str) -> DialectResult<Vec<String>> {
        self.statements += 1;
        // Not kept as a prepared statement: a migration may change the tables it reads.
        let rows = sqlx::query(sql)
            .persistent(false)
            .fetch_all(&mut self.conn)
            .await
            .map_err(|e| Self::query_error(sql, e))?;
        Ok(rows.iter().filter_map(first_as_string).collect())
    }

    async fn table_exists(&mut self, name: &str) -> DialectResult<bool> {
        const SQL: &str = "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_class c \
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
            WHERE n.nspname = current_schema() AND c.relname = $1 AND c.relkind IN ('r', 'p'))";
        self.statements += 1;
        sqlx::query_scalar::<_, bool>(SQL)
            .bind(name)
            .fetch_one(&mut self.conn)
            .await
            .map_err(|source| DialectError::Inspect { dialect: NAME, what: format!("table {name}"), source })
    }

    async fn inspect(&mut self, skip: &[&str]) -> DialectResult<Schema> {
        let version = self.conn.server_version_num().unwrap_or(0);
        inspect::inspect(self, skip, version).await
    }

    /// Scratch tables in the session's temporary schema, in a transaction rolled back
    /// (see `canonical.rs`); nothing is sent when every expression already compares equal.
    async fn canonicalize_expressions(&mut self, desired: &mut Schema, live: &Schema) -> DialectResult<()> {
        super::canonical::canonicalize(self, desired, live).await
    }

    async fn begin(&mut self) -> DialectResult<()> {
        self.execute("BEGIN").await
    }

    async fn commit(&mut self) -> DialectResult<()> {
        self.execute("COMMIT").await
    }

    async fn rollback(&mut self) -> DialectResult<()> {
        self.execute("ROLLBACK").await
    }

    /// A session-level advisory lock, keyed by the version table's name (advisory locks
    /// are per database).
    async fn lock(&mut self, version_table: &str) -> DialectResult<()> {
        let key = format!("alambic:{version_table}");
        self.statements += 1;
        sqlx::query("SELECT pg_advisory_lock(hashtext($1))")
            .bind(&key)
            .execute(&mut self.conn)
            .await
            .map(|_| ())
            .map_err(|e| DialectError::Lock { dialect: NAME, detail: e.to_string() })
    }
}
