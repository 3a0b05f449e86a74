//! One open connection to a MySQL or MariaDB server, through sqlx.
//!
//! Invariant: every statement sent goes through [`MySqlConnection::send`] or
//! [`MySqlConnection::query_rows`], which count it, so
//! [`MySqlConnection::statements_sent`] is exact. All queries are runtime queries; values
//! are read as text, whatever their SQL type.

use std::str::FromStr;

use async_trait::async_trait;
use futures_util::TryStreamExt;
use sqlx::mysql::{MySqlConnectOptions, MySqlRow};
use sqlx::{ConnectOptions, Row as _};

use super::{MySqlDialect, NAME};
use crate::dialect::{redact, Catalog, Connecting, Connection, Dialect, DialectError, DialectResult, Driver, TextRow};
use crate::schema::Schema;

/// The MySQL / MariaDB entry of the dialect registry.
pub(crate) const DRIVER: Driver = Driver { dialect: || Box::new(MySqlDialect), connect: open };

fn open(url: &str) -> Connecting<'_> {
    Box::pin(async move { Ok(Box::new(MySqlConnection::connect(url).await?) as Box<dyn Connection>) })
}

/// A connection to a MySQL or MariaDB database.
pub struct MySqlConnection {
    conn: sqlx::MySqlConnection,
    mariadb: bool,
    sent: u64,
}

impl std::fmt::Debug for MySqlConnection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MySqlConnection").field("mariadb", &self.mariadb).field("sent", &self.sent).finish()
    }
}

impl MySqlConnection {
    /// Connects to `mysql://user:password@host:port/database` (or `mariadb://…`).
    ///
    /// Errors with [`DialectError::BadUrl`] when the URL cannot be read and
    /// [`DialectError::Connect`] (password hidden) when the server cannot be reached.
    pub async fn connect(url: &str) -> DialectResult<Self> {
        let url = crate::dialect::strip_driver(url);
        let sqlx_url = match url.split_once("://") {
            Some((scheme, rest)) if scheme.eq_ignore_ascii_case("mariadb") => format!("mysql://{rest}"),
            _ => url.clone(),
        };
        let options = MySqlConnectOptions::from_str(&sqlx_url)
            .map_err(|e| DialectError::BadUrl { url: redact(&url), reason: e.to_string() })?;
        let conn = crate::dialect::quiet(options)
            .connect()
            .await
            .map_err(|source| DialectError::Connect { url: redact(&url), source })?;
        let mut this = MySqlConnection { conn, mariadb: false, sent: 0 };
        let version = this.fetch_strings("SELECT VERSION()").await?;
        this.mariadb = version.first().is_some_and(|v| v.to_ascii_lowercase().contains("mariadb"));
        Ok(this)
    }

    /// Wraps a connection the application opened (e.g. detached from its pool).
    ///
    /// Errors when the server's version cannot be read.
    pub async fn from_sqlx(conn: sqlx::MySqlConnection) -> DialectResult<Self> {
        let mut this = MySqlConnection { conn, mariadb: false, sent: 0 };
        let version = this.fetch_strings("SELECT VERSION()").await?;
        this.mariadb = version.first().is_some_and(|v| v.to_ascii_lowercase().contains("mariadb"));
        Ok(this)
    }

    /// Whether the server is MariaDB (rather than MySQL).
    pub fn is_mariadb(&self) -> bool {
        self.mariadb
    }

    /// How many statements this connection has sent (what introspection costs).
    pub fn statements_sent(&self) -> u64 {
        self.sent
    }

    /// Runs `sql` (one or several statements) and returns its rows as text.
    async fn query_rows(&mut self, sql: &str) -> Result<Vec<TextRow>, sqlx::Error> {
        self.sent += 1;
        // `Executor` on a plain `&str` sends it as text (COM_QUERY), several statements allowed;
        // its boxed future keeps the trait's futures `Send`.
        // Each row is read as text as it arrives, so the driver's rows are never all held.
        let mut rows = sqlx::Executor::fetch(&mut self.conn, sql);
        let mut out = Vec::new();
        while let Some(row) = rows.try_next().await? {
            out.push(row_text(&row));
        }
        Ok(out)
    }

    async fn send(&mut self, sql: &str) -> DialectResult<()> {
        self.sent += 1;
        sqlx::Executor::execute(&mut self.conn, sql).await.map(|_| ()).map_err(|source| DialectError::Query {
            dialect: NAME,
            sql: sql.to_string(),
            source,
        })
    }
}

/// Every column of a row as text. The text protocol (`raw_sql`) sends every value as text,
/// so reading it unchecked as a string is exact; blobs that are not UTF-8 read as NULL.
fn row_text(row: &MySqlRow) -> TextRow {
    (0..row.len())
        .map(|i| {
            row.try_get_unchecked::<Option<String>, _>(i).ok().flatten().or_else(|| {
                row.try_get_unchecked::<Option<Vec<u8>>, _>(i).ok().flatten().and_then(|b| String::from_utf8(b).ok())
            })
        })
        .collect()
}

#[async_trait]
impl Catalog for MySqlConnection {
    type Row = TextRow;

    async fn rows(&mut self, what: &str, sql: &str) -> DialectResult<Vec<TextRow>> {
        self.query_rows(sql).await.map_err(|source| DialectError::Inspect {
            dialect: NAME,
            what: what.to_string(),
            source,
        })
    }

    fn variant(&self) -> Option<&'static str> {
        self.mariadb.then_some("mariadb")
    }
}

#[async_trait]
impl Connection for MySqlConnection {
    fn dialect(&self) -> &dyn Dialect {
        &MySqlDialect
    }

    async fn execute(&mut self, sql: &str) -> DialectResult<()> {
        self.send(sql).await
    }

    async fn fetch_strings(&mut self, sql: &str) -> DialectResult<Vec<String>> {
        let rows = self.query_rows(sql).await.map_err(|source| DialectError::Query {
            dialect: NAME,
            sql: sql.to_string(),
            source,
        })?;
        Ok(rows.into_iter().map(|r| r.into_iter().next().flatten().unwrap_or_default()).collect())
    }

    async fn table_exists(&mut self, name: &str) -> DialectResult<bool> {
        let sql = format!(
            "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = {}",
            super::literal(name)
        );
        let rows = self.rows(&format!("table {name}"), &sql).await?;
        Ok(rows.first().and_then(|r| r.first().cloned().flatten()).is_some_and(|n| n != "0"))
    }

    async fn inspect(&mut self, skip: &[&str]) -> DialectResult<Schema> {
        super::inspect::inspect(self, skip).await
    }

    /// Asks the server to spell the desired texts that differ from the live ones (see
    /// `canonical.rs`), and folds column character sets and collations that restate
    /// their table's.
    async fn canonicalize_expressions(&mut self, desired: &mut Schema, live: &Schema) -> DialectResult<()> {
        super::canonical::canonicalize(self, desired, live).await
    }

    /// DDL commits the open transaction implicitly on MySQL; only data changes roll back.
    async fn begin(&mut self) -> DialectResult<()> {
        self.send("BEGIN").await
    }

    async fn commit(&mut self) -> DialectResult<()> {
        self.send("COMMIT").await
    }

    async fn rollback(&mut self) -> DialectResult<()> {
        self.send("ROLLBACK").await
    }

    /// `GET_LOCK` on a name made of the database and the version table (named locks are
    /// server-wide), waiting up to ten minutes.
    async fn lock(&mut self, version_table: &str) -> DialectResult<()> {
        let sql = format!(
            "SELECT GET_LOCK(LEFT(SHA1(CONCAT('alambic:', DATABASE(), ':', {})), 40), 600)",
            super::literal(version_table)
        );
        let got = self.fetch_strings(&sql).await?;
        if got.first().map(String::as_str) == Some("1") {
            Ok(())
        } else {
            Err(DialectError::Lock { dialect: NAME, detail: "another migrator held it for ten minutes".into() })
        }
    }
}
