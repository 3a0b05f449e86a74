//! One open SQLite connection, set up for migrations.
//!
//! Invariant: foreign keys are off on this connection (table rebuilds drop and re-create
//! tables other tables point at), so [`Connection::check_integrity`] is the place where
//! they are checked; every statement sent is counted.

use std::str::FromStr;

use async_trait::async_trait;
use futures_util::TryStreamExt;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Row};

use super::{inspect, SqliteDialect, NAME};
use crate::dialect::{Catalog, Connecting, Connection, Dialect, DialectError, DialectResult, Driver};
use crate::schema::Schema;

/// The SQLite entry of the dialect registry.
pub(crate) const DRIVER: Driver = Driver { dialect: || Box::new(SqliteDialect), connect: open };

fn open(url: &str) -> Connecting<'_> {
    Box::pin(async move { Ok(Box::new(SqliteConnection::connect(url).await?) as Box<dyn Connection>) })
}

/// How many foreign key violations an integrity error lists.
const VIOLATIONS_SHOWN: usize = 5;

/// A connection to a SQLite database file (or an in-memory database).
pub struct SqliteConnection {
    conn: sqlx::SqliteConnection,
    sent: u64,
}

impl std::fmt::Debug for SqliteConnection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteConnection").field("statements_sent", &self.sent).finish()
    }
}

/// The path part of a SQLite URL: `sqlite://path`, `sqlite:path`, `sqlite:///abs/path`,
/// `sqlite::memory:` (`:memory:`).
fn url_path(url: &str) -> DialectResult<&str> {
    let bad = |reason: &str| DialectError::BadUrl { url: url.to_string(), reason: reason.to_string() };
    let colon = url.find(':').ok_or_else(|| bad("expected sqlite:<path>"))?;
    if !url[..colon].eq_ignore_ascii_case("sqlite") {
        return Err(bad("expected sqlite:<path>"));
    }
    let rest = &url[colon + 1..];
    let path = rest.strip_prefix("//").unwrap_or(rest);
    let path = path.split('?').next().unwrap_or_default();
    if path.is_empty() {
        return Err(bad("no database file given"));
    }
    Ok(path)
}

impl SqliteConnection {
    /// Opens the database a `sqlite:` URL names, creating the file if it is missing, with
    /// foreign keys off.
    ///
    /// Errors with [`DialectError::BadUrl`] when the URL names no file, and with
    /// [`DialectError::Connect`] (naming the URL) when the file cannot be opened or
    /// created, e.g. because its directory does not exist.
    pub async fn connect(url: &str) -> DialectResult<Self> {
        let path = url_path(url)?;
        let options = if path == ":memory:" {
            SqliteConnectOptions::from_str("sqlite::memory:")
                .map_err(|source| DialectError::Connect { url: url.to_string(), source })?
        } else {
            SqliteConnectOptions::new().filename(path).create_if_missing(true)
        };
        let conn = crate::dialect::quiet(options.foreign_keys(false))
            .connect()
            .await
            .map_err(|source| DialectError::Connect { url: url.to_string(), source })?;
        Ok(Self { conn, sent: 0 })
    }

    /// Wraps a connection the application opened (e.g. detached from its pool), turning
    /// foreign-key enforcement off on it for the migration, as [`Self::connect`] does.
    ///
    /// Errors when the pragma cannot be set.
    pub async fn from_sqlx(mut conn: sqlx::SqliteConnection) -> DialectResult<Self> {
        sqlx::Executor::execute(&mut conn, "PRAGMA foreign_keys = OFF")
            .await
            .map_err(Self::query_error("PRAGMA foreign_keys = OFF"))?;
        Ok(Self { conn, sent: 1 })
    }

    /// How many statements this connection has sent (what introspection costs).
    pub fn statements_sent(&self) -> u64 {
        self.sent
    }

    fn query_error(sql: &str) -> impl FnOnce(sqlx::Error) -> DialectError + '_ {
        move |source| DialectError::Query { dialect: NAME, sql: sql.to_string(), source }
    }
}

/// How many statements a script holds: `;`-separated pieces with something in them
/// besides white space and comments (semicolons in literals, quoted names and comments
/// do not count).
fn count_statements(sql: &str) -> u64 {
    let mut count = 0;
    let mut has_content = false;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' | '"' | '`' | '[' => {
                has_content = true;
                let close = if c == '[' { ']' } else { c };
                for d in chars.by_ref() {
                    if d == close {
                        break;
                    }
                }
            }
            '-' if chars.peek() == Some(&'-') => {
                for d in chars.by_ref() {
                    if d == '\n' {
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut star = false;
                for d in chars.by_ref() {
                    if star && d == '/' {
                        break;
                    }
                    star = d == '*';
                }
            }
            ';' => {
                if has_content {
                    count += 1;
                }
                has_content = false;
            }
            c if c.is_whitespace() => {}
            _ => has_content = true,
        }
    }
    count + u64::from(has_content)
}

/// Decodes column 0 of a row as text, whatever its storage class (NULL gives "").
fn first_as_text(row: &sqlx::sqlite::SqliteRow) -> Result<String, sqlx::Error> {
    if let Ok(v) = row.try_get::<Option<String>, _>(0) {
        return Ok(v.unwrap_or_default());
    }
    if let Ok(v) = row.try_get::<i64, _>(0) {
        return Ok(v.to_string());
    }
    if let Ok(v) = row.try_get::<f64, _>(0) {
        return Ok(v.to_string());
    }
    let bytes: Vec<u8> = row.try_get(0)?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Runs one or several `;`-separated statements. (Through `Executor::execute`, whose
/// boxed future is `Send`; `RawSql::execute` is not accepted inside `async_trait` methods.)
async fn run_script(conn: &mut sqlx::SqliteConnection, sql: &str) -> Result<(), sqlx::Error> {
    sqlx::Executor::execute(conn, sqlx::raw_sql(sql)).await?;
    Ok(())
}

#[async_trait]
impl Catalog for SqliteConnection {
    type Row = sqlx::sqlite::SqliteRow;

    async fn rows(&mut self, what: &str, sql: &str) -> DialectResult<Vec<sqlx::sqlite::SqliteRow>> {
        self.sent += 1;
        sqlx::query(sql).fetch_all(&mut self.conn).await.map_err(|source| DialectError::Inspect {
            dialect: NAME,
            what: what.to_string(),
            source,
        })
    }

    async fn each_row(
        &mut self,
        what: &str,
        sql: &str,
        each: &mut (dyn FnMut(sqlx::sqlite::SqliteRow) -> DialectResult<()> + Send),
    ) -> DialectResult<()> {
        self.sent += 1;
        let fail = |source| DialectError::Inspect { dialect: NAME, what: what.to_string(), source };
        let mut rows = sqlx::query(sql).fetch(&mut self.conn);
        while let Some(row) = rows.try_next().await.map_err(fail)? {
            each(row)?;
        }
        Ok(())
    }
}

#[async_trait]
impl Connection for SqliteConnection {
    fn dialect(&self) -> &dyn Dialect {
        &SqliteDialect
    }

    async fn execute(&mut self, sql: &str) -> DialectResult<()> {
        self.sent += count_statements(sql).max(1);
        run_script(&mut self.conn, sql).await.map_err(Self::query_error(sql))?;
        Ok(())
    }

    async fn fetch_strings(&mut self, sql: &str) -> DialectResult<Vec<String>> {
        self.sent += 1;
        let rows = sqlx::query(sql).fetch_all(&mut self.conn).await.map_err(Self::query_error(sql))?;
        rows.iter().map(first_as_text).collect::<Result<_, _>>().map_err(Self::query_error(sql))
    }

    async fn table_exists(&mut self, name: &str) -> DialectResult<bool> {
        const SQL: &str = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?";
        self.sent += 1;
        let n: i64 = sqlx::query_scalar(SQL)
            .bind(name)
            .fetch_one(&mut self.conn)
            .await
            .map_err(|source| DialectError::Inspect { dialect: NAME, what: format!("table {name}"), source })?;
        Ok(n > 0)
    }

    async fn inspect(&mut self, skip: &[&str]) -> DialectResult<Schema> {
        inspect::inspect(self, skip).await
    }

    async fn begin(&mut self) -> DialectResult<()> {
        self.execute("BEGIN IMMEDIATE").await
    }

    async fn commit(&mut self) -> DialectResult<()> {
        self.execute("COMMIT").await
    }

    async fn rollback(&mut self) -> DialectResult<()> {
        self.execute("ROLLBACK").await
    }

    async fn check_integrity(&mut self) -> DialectResult<()> {
        const SQL: &str = "PRAGMA foreign_key_check";
        self.sent += 1;
        let rows = sqlx::query(SQL).fetch_all(&mut self.conn).await.map_err(Self::query_error(SQL))?;
        if rows.is_empty() {
            return Ok(());
        }
        let mut found = Vec::new();
        for row in rows.iter().take(VIOLATIONS_SHOWN) {
            let table: String = row.try_get(0).map_err(Self::query_error(SQL))?;
            let rowid: Option<i64> = row.try_get(1).map_err(Self::query_error(SQL))?;
            let parent: String = row.try_get(2).map_err(Self::query_error(SQL))?;
            let rowid = rowid.map_or_else(|| "?".to_string(), |r| r.to_string());
            found.push(format!("{table} rowid {rowid} has no parent in {parent}"));
        }
        let more = rows.len().saturating_sub(VIOLATIONS_SHOWN);
        let mut detail = format!("{} foreign key violation(s): {}", rows.len(), found.join("; "));
        if more > 0 {
            detail.push_str(&format!("; and {more} more"));
        }
        Err(DialectError::Integrity { dialect: NAME, detail })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_url_spelling_names_its_file() {
        assert_eq!(url_path("sqlite://app.db").ok(), Some("app.db"));
        assert_eq!(url_path("sqlite:app.db").ok(), Some("app.db"));
        assert_eq!(url_path("sqlite:///tmp/app.db").ok(), Some("/tmp/app.db"));
        assert_eq!(url_path("sqlite::memory:").ok(), Some(":memory:"));
        assert!(url_path("sqlite:").is_err());
    }

    #[test]
    fn statements_are_counted_outside_literals_and_comments() {
        assert_eq!(count_statements("SELECT 1"), 1);
        assert_eq!(count_statements("SELECT ';'; -- a; b\n UPDATE t SET \"x;\" = 1;;  /* ; */ "), 2);
        assert_eq!(count_statements("  ;  "), 0);
    }
}
