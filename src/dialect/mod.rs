//! Everything that differs between databases, behind two traits, one folder per database.
//!
//! [`Dialect`] is the offline half: quoting, type names, DDL rendering, the grammar and
//! spellings of schema files, and the narrow questions the diff asks (are these two types
//! the same here? is this index generated?). [`Connection`] is the online half: running
//! SQL, transactions, introspection, locking. Invariant: the core never matches on a
//! dialect's name; it asks the dialect for a capability, and [`DIALECTS`] is the only list
//! of dialects.
//!
//! **A dialect is one folder** whose files have the same names and the same functions as
//! its siblings':
//!
//! - `mod.rs`: the unit struct implementing [`Dialect`] (name, quoting, type rendering,
//!   the diff's comparison hooks) and its `NAME`;
//! - `spelling.rs`: its [`Spelling`] — the `sqlparser` grammar of its schema files, its own
//!   type names (`read_type`, falling back to [`crate::sqltype`] for the names every
//!   database reads alike), autoincrement and the database's own tables;
//! - `render.rs`: operations as its SQL;
//! - `connection.rs`: its [`Connection`] (with `connect`, `from_sqlx` and
//!   `statements_sent`), its [`Catalog`], and `DRIVER`, its entry in [`DIALECTS`];
//! - `inspect.rs`: `QUERIES` fixed catalog queries run through [`Catalog`], and the pure
//!   assembly of their rows into a [`Schema`];
//! - `pool.rs`: its sqlx pool as an [`embedded::Connect`](crate::embedded::Connect);
//! - `schema_file_tests.rs`: schema files written in its spellings.
//!
//! **Adding a dialect**: copy a sibling folder and rewrite each file; add its `mod` line
//! below and one entry in [`DIALECTS`] (its canonical name, the names and URL schemes that
//! mean it, its cargo feature), both under `#[cfg(feature = …)]`; add the feature (with its
//! sqlx driver) to `Cargo.toml`. Nothing outside `src/dialect/` names a dialect.

pub mod expr;
#[cfg(feature = "mysql")]
pub mod mysql;
#[cfg(feature = "postgres")]
pub mod postgres;
// Without a database there is nothing to connect to or render for: say so at build time
// rather than refuse every URL at run time.
#[cfg(not(any(feature = "sqlite", feature = "postgres", feature = "mysql")))]
compile_error!("alambic needs at least one database: enable the cargo feature `sqlite`, `postgres` or `mysql`");

#[cfg(feature = "sqlite")]
pub mod sqlite;

mod catalog;
mod identifier;
mod spelling;

pub use catalog::{Catalog, TextRow};
pub use identifier::{check_identifier_lengths, IdentifierLimit, LengthUnit};
pub use spelling::{
    ClientCommand, GenericSpelling, RoutineKind, Spelling, TableOption, UnreadableClause, UnreadableObject,
};

use std::future::Future;
use std::pin::Pin;

use async_trait::async_trait;

use crate::operation::Operation;
use crate::schema::{Column, ColumnType, FkAction, Index, Schema, Table};

/// Errors of the dialect layer: connecting, running SQL, introspecting, rendering.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DialectError {
    /// The URL names no database alambic knows.
    #[error("unsupported database URL '{0}' (expected one of the schemes {schemes})", schemes = known_schemes())]
    UnknownScheme(String),
    /// The URL names a database whose dialect this build of alambic leaves out.
    #[error("cannot open '{url}': alambic was built without the '{feature}' feature ({dialect})")]
    NotCompiled {
        /// The URL, password hidden.
        url: String,
        /// The dialect's name.
        dialect: &'static str,
        /// The cargo feature that adds it.
        feature: &'static str,
    },
    /// The URL could not be read.
    #[error("invalid database URL '{url}': {reason}")]
    BadUrl {
        /// The URL, password hidden.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// Connecting failed.
    #[error("cannot connect to {url}: {source}")]
    Connect {
        /// The URL, password hidden.
        url: String,
        /// The driver's error.
        source: sqlx::Error,
    },
    /// A statement failed.
    #[error("{dialect}: {source} while running: {}", one_line(sql))]
    Query {
        /// Dialect name.
        dialect: &'static str,
        /// The statement.
        sql: String,
        /// The driver's error.
        source: sqlx::Error,
    },
    /// Reading the catalog failed.
    #[error("{dialect}: introspecting {what}: {source}")]
    Inspect {
        /// Dialect name.
        dialect: &'static str,
        /// What was being read (`"columns"`, `"table users"`).
        what: String,
        /// The driver's error.
        source: sqlx::Error,
    },
    /// An operation or model this database cannot express.
    #[error("{dialect}: cannot express {what}")]
    Unsupported {
        /// Dialect name.
        dialect: &'static str,
        /// What cannot be expressed, naming the object.
        what: String,
    },
    /// An operation that does not fit the schema it is applied to.
    #[error("{0}")]
    Operation(#[from] crate::operation::OperationError),
    /// A post-migration integrity check failed (e.g. SQLite's `foreign_key_check`).
    #[error("{dialect}: integrity check failed: {detail}")]
    Integrity {
        /// Dialect name.
        dialect: &'static str,
        /// What the check found.
        detail: String,
    },
    /// A name in the desired schema is longer than the database keeps as written.
    #[error("{dialect}: {object} has a name {length} {unit} long; the database allows at most {max} (it would truncate or reject it)")]
    NameTooLong {
        /// Dialect name.
        dialect: &'static str,
        /// The object, named with its kind and table (`index 'ix' on table 't'`).
        object: String,
        /// The name's length, in `unit`.
        length: usize,
        /// The longest the database allows, in `unit`.
        max: usize,
        /// `bytes` or `characters`.
        unit: &'static str,
    },
    /// The migration lock could not be taken.
    #[error("{dialect}: could not take the migration lock: {detail}")]
    Lock {
        /// Dialect name.
        dialect: &'static str,
        /// Why.
        detail: String,
    },
}

/// The statement on one line (runs of whitespace, newlines included, become one space),
/// so that an error message stays one line.
fn one_line(sql: &str) -> String {
    sql.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Result type of this layer.
pub type DialectResult<T> = Result<T, DialectError>;

/// The offline half of a database: SQL text and comparison rules, no connection.
pub trait Dialect: Send + Sync {
    /// Short name: `"sqlite"`, `"postgresql"`, `"mysql"` (also the key of per-dialect SQL in
    /// `execute` operations).
    fn name(&self) -> &'static str;

    /// The name logged as `Context impl <name>.` (`SQLiteImpl`, `PostgresqlImpl`, `MySQLImpl`).
    fn impl_name(&self) -> &'static str;

    /// Whether DDL runs inside transactions that can be rolled back.
    fn transactional_ddl(&self) -> bool;

    /// How schema files for this database are written: grammar, type names, autoincrement
    /// (by default the generic spelling).
    fn spelling(&self) -> &dyn Spelling {
        &GenericSpelling
    }

    /// Quotes an identifier (always, so reserved words and mixed case work).
    fn quote(&self, ident: &str) -> String;

    /// Renders a neutral type in this database's spelling.
    ///
    /// Errors when the database cannot express the type.
    fn render_type(&self, ty: &ColumnType) -> DialectResult<String>;

    /// Renders one operation as SQL statements, given the schema it is applied to.
    /// `execute` is the same on every database: [`render_operation`] renders it, and a
    /// dialect hands it back there rather than rendering it itself.
    ///
    /// Errors when the operation names objects missing from `before` or asks for
    /// something the database cannot express.
    fn render(&self, op: &Operation, before: &Schema) -> DialectResult<Vec<String>>;

    /// Renders a string literal.
    fn literal(&self, value: &str) -> String {
        format!("'{}'", value.replace('\'', "''"))
    }

    /// The statement that creates the version table if it is missing.
    fn create_version_table(&self, table: &str) -> String {
        format!(
            "CREATE TABLE IF NOT EXISTS {} (version_num VARCHAR(32) NOT NULL, CONSTRAINT {} PRIMARY KEY (version_num))",
            self.quote(table),
            self.quote(&format!("{table}_pkc")),
        )
    }

    /// An SQL expression for the time now, in UTC, as text that sorts as it reads
    /// (`2026-12-02 18:50:40.123456`): what the history table records.
    fn utc_now_text(&self) -> String {
        "CURRENT_TIMESTAMP".to_string()
    }

    /// The longest identifier this database keeps as written; `None` when it has no
    /// limit worth checking (SQLite). [`check_identifier_lengths`] checks a desired schema
    /// against it.
    fn max_identifier_length(&self) -> Option<IdentifierLimit> {
        None
    }

    /// The name of a type the database creates for `column` of `table` without the schema
    /// naming it (PostgreSQL's `<table>_<column>` for an enum with no name), so that
    /// [`check_identifier_lengths`] checks it too; `None` (the default) when there is none.
    fn implicit_type_name(&self, table: &str, column: &crate::schema::Column) -> Option<String> {
        let _ = (table, column);
        None
    }

    /// Diff hook: whether a desired type and the type read back from the database are the same.
    fn types_equal(&self, desired: &ColumnType, live: &ColumnType) -> bool {
        desired == live
    }

    /// The rules SQL expressions (defaults, checks, index expressions) are compared by on
    /// this database: its grammar and the rewrites it makes when it stores an expression.
    /// The comparison hooks below use them.
    fn expression_rules(&self) -> &dyn expr::Rules {
        &expr::STANDARD
    }

    /// Diff hook: whether a desired server default and the one read back are the same.
    fn defaults_equal(&self, column: &Column, desired: Option<&str>, live: Option<&str>) -> bool {
        match (desired, live) {
            (None, None) => true,
            (Some(a), Some(b)) => expr::equal(self.expression_rules(), a, b, expr::Context::for_column(column)),
            _ => false,
        }
    }

    /// Diff hook: whether two check constraint conditions are the same.
    fn checks_equal(&self, desired: &str, live: &str) -> bool {
        expr::equal(self.expression_rules(), desired, live, expr::Context::default())
    }

    /// Diff hook: whether the entries of a desired index and of the one read back are the
    /// same: column names exactly, expressions compared as [`Dialect::checks_equal`] does.
    fn index_entries_equal(&self, desired: &[String], live: &[String]) -> bool {
        expr::index_entries_equal(self.expression_rules(), desired, live)
    }

    /// Diff hook: whether the expression of a desired generated column and the one read
    /// back are the same (by default compared as [`Dialect::checks_equal`] does).
    fn generated_equal(&self, column: &Column, desired: &str, live: &str) -> bool {
        let _ = column;
        self.checks_equal(desired, live)
    }

    /// Diff hook: whether a desired `ON UPDATE` expression and the one read back are the
    /// same (by default compared as server defaults are, so `CURRENT_TIMESTAMP` and
    /// `current_timestamp()` agree where the expression rules say so).
    fn on_update_equal(&self, column: &Column, desired: &str, live: &str) -> bool {
        self.defaults_equal(column, Some(desired), Some(live))
    }

    /// Diff hook: the collation a column has when neither it nor its table names one, if
    /// it is always the same (SQLite: `BINARY`), so that a desired column naming it is no
    /// change; `None` (the default) when it depends on more than the column.
    fn default_collation(&self) -> Option<&str> {
        None
    }

    /// Diff hook: whether a collation name stands for "the collation of the column's type",
    /// the same as naming none (PostgreSQL's `COLLATE "default"`). None does by default.
    fn is_type_default_collation(&self, name: &str) -> bool {
        let _ = name;
        false
    }

    /// Diff hook: whether a desired collation and the one in effect on the database are the
    /// same (by default: the same name in any case).
    fn collations_equal(&self, desired: &str, live: &str) -> bool {
        desired.trim().eq_ignore_ascii_case(live.trim())
    }

    /// Diff hook: whether a desired character set and the one in effect on the database are
    /// the same (by default: the same name in any case; a database with aliases such as
    /// `utf8` for `utf8mb3` says so here).
    fn charsets_equal(&self, desired: &str, live: &str) -> bool {
        desired.trim().eq_ignore_ascii_case(live.trim())
    }

    /// Diff hook: whether two index methods are the same; `None` is the database's default
    /// method. By default names compare in any case and `btree` is the default.
    fn index_methods_equal(&self, desired: Option<&str>, live: Option<&str>) -> bool {
        let fold = |m: Option<&str>| m.map(|m| m.trim().to_ascii_lowercase()).filter(|m| !m.is_empty() && m != "btree");
        fold(desired) == fold(live)
    }

    /// Diff hook: whether two operator classes of an index key are the same; `None` is the
    /// type's default class. By default names compare in any case, schema-qualified or not
    /// when one side has no schema.
    fn operator_classes_equal(&self, desired: Option<&str>, live: Option<&str>) -> bool {
        match (desired, live) {
            (None, None) => true,
            (Some(a), Some(b)) => {
                let bare = |s: &str| s.trim().rsplit('.').next().unwrap_or_default().to_ascii_lowercase();
                let qualified = a.contains('.') && b.contains('.');
                if qualified {
                    a.trim().eq_ignore_ascii_case(b.trim())
                } else {
                    bare(a) == bare(b)
                }
            }
            _ => false,
        }
    }

    /// Diff hook: whether two operators of exclusion constraint elements are the same (by
    /// default: the same text, white space and case aside).
    fn exclusion_operators_equal(&self, desired: &str, live: &str) -> bool {
        let fold = |s: &str| s.split_whitespace().collect::<String>().to_ascii_lowercase();
        fold(desired) == fold(live)
    }

    /// Diff hook: whether autoincrement differences are real differences here.
    /// (SQLite's `INTEGER PRIMARY KEY` is always the rowid, so it says no.)
    fn compares_autoincrement(&self) -> bool {
        true
    }

    /// Diff hook: the referential action as this database keeps it (MySQL makes no
    /// difference between `RESTRICT` and `NO ACTION`).
    fn normalize_fk_action(&self, action: FkAction) -> FkAction {
        action
    }

    /// Diff hook: whether this database stores table and column comments (SQLite does not,
    /// so comments are left out of its comparisons).
    fn supports_comments(&self) -> bool {
        true
    }

    /// Diff hook: whether this database keeps unique constraints as unique indexes, so a
    /// unique index and a unique constraint on the same columns are the same thing.
    fn unique_constraint_is_index(&self) -> bool {
        false
    }

    /// Diff hook: whether a live index was made by the database itself (e.g. MySQL's index
    /// behind a foreign key) and so is not reported as removed.
    fn is_generated_index(&self, table: &Table, index: &Index) -> bool {
        let _ = (table, index);
        false
    }
}

/// The spelling of a type that every supported database reads the same way (`INTEGER`,
/// `VARCHAR(64)`, `NUMERIC(10, 2)`, …); `None` for the types each dialect spells its own
/// way (booleans, date-times, floats, binary, UUIDs, enums, unbounded strings). Dialects
/// answer those first and fall back to this.
pub fn standard_type(ty: &ColumnType) -> Option<String> {
    Some(match ty {
        ColumnType::SmallInteger => "SMALLINT".into(),
        ColumnType::Integer => "INTEGER".into(),
        ColumnType::BigInteger => "BIGINT".into(),
        ColumnType::String(Some(n)) => format!("VARCHAR({n})"),
        ColumnType::Text => "TEXT".into(),
        ColumnType::Date => "DATE".into(),
        ColumnType::Numeric(None, _) => "NUMERIC".into(),
        ColumnType::Numeric(Some(p), None) => format!("NUMERIC({p})"),
        ColumnType::Numeric(Some(p), Some(s)) => format!("NUMERIC({p}, {s})"),
        ColumnType::Json => "JSON".into(),
        ColumnType::Raw(sql) => sql.clone(),
        _ => return None,
    })
}

/// Folds an SQL expression for comparison: its canonical text under the generic grammar
/// (case, white space, identifier quotes and redundant parentheses ignored), or its text
/// fold when it does not parse. See [`expr::normalize`].
pub fn normalize_sql(sql: &str) -> String {
    expr::normalize(&expr::STANDARD, sql)
}

/// `options` without sqlx's own slow-statement warnings: a revision's statements go to the
/// server as one batch, which sqlx would print whole on standard error whenever it takes
/// more than a second. Statements are still logged at sqlx's debug level.
#[cfg_attr(not(any(feature = "sqlite", feature = "postgres", feature = "mysql")), allow(dead_code))]
pub(crate) fn quiet<O: sqlx::ConnectOptions>(options: O) -> O {
    options.log_slow_statements(log::LevelFilter::Off, std::time::Duration::from_secs(1))
}

/// The online half of a database: one open connection.
#[async_trait]
pub trait Connection: Send {
    /// The dialect of this connection.
    fn dialect(&self) -> &dyn Dialect;

    /// Runs one statement (or, for raw SQL, several separated by `;`).
    ///
    /// Errors with the statement and the driver's message.
    async fn execute(&mut self, sql: &str) -> DialectResult<()>;

    /// Runs a query and returns its first column as text, one entry per row (NULL as the
    /// empty string).
    ///
    /// Errors with the statement and the driver's message.
    async fn fetch_strings(&mut self, sql: &str) -> DialectResult<Vec<String>>;

    /// Whether a table exists (in the current database / schema).
    ///
    /// Errors when the catalog cannot be read.
    async fn table_exists(&mut self, name: &str) -> DialectResult<bool>;

    /// Reads the whole schema in a fixed number of catalog queries, leaving out the tables
    /// named in `skip` (alambic's own).
    ///
    /// Errors naming what was being read.
    async fn inspect(&mut self, skip: &[&str]) -> DialectResult<Schema>;

    /// Lets the database spell the expressions of `desired` (column defaults, generated
    /// expressions, checks, index expressions, partial-index conditions) that still differ
    /// in text from their counterparts in `live` after [`Dialect`]'s comparison hooks, so
    /// that an expression the server stores differently is no false change. Only those few
    /// objects are sent to the server, in a transaction that is rolled back; a desired
    /// expression is replaced only by a spelling that then compares equal to the live one.
    /// Called before autogenerate compares; must not be called inside a transaction. The
    /// default does nothing.
    ///
    /// Errors when the transaction cannot be opened or rolled back, or the catalog read.
    async fn canonicalize_expressions(&mut self, desired: &mut Schema, live: &Schema) -> DialectResult<()> {
        let _ = (desired, live);
        Ok(())
    }

    /// Starts a transaction (SQLite: a write transaction).
    ///
    /// Errors when the database refuses.
    async fn begin(&mut self) -> DialectResult<()>;

    /// Commits the open transaction.
    ///
    /// Errors when the commit fails.
    async fn commit(&mut self) -> DialectResult<()>;

    /// Rolls back the open transaction.
    ///
    /// Errors when the rollback fails.
    async fn rollback(&mut self) -> DialectResult<()>;

    /// Checks what the database could not check while the migration ran (SQLite: foreign
    /// keys, which are off during a migration so that table rebuilds keep every row).
    ///
    /// Errors describing the first violations found.
    async fn check_integrity(&mut self) -> DialectResult<()> {
        Ok(())
    }

    /// Takes the migration lock named after `version_table`, waiting while another
    /// migrator holds it, so two processes (two replicas starting at once) never run the
    /// same revisions. The lock belongs to this session: it is released when the
    /// connection closes, however the migration ends. SQLite relies on its write
    /// transaction instead (the default does nothing).
    ///
    /// Errors when the lock cannot be taken in time.
    async fn lock(&mut self, version_table: &str) -> DialectResult<()> {
        let _ = version_table;
        Ok(())
    }

    /// What the user can do about `error`, on one line, when the database's error says
    /// more than its message (PostgreSQL: the lock table is full). `None` by default.
    fn advice(&self, error: &DialectError) -> Option<String> {
        let _ = error;
        None
    }
}

/// Renders one operation for `dialect`, given the schema it is applied to. Every caller
/// that turns operations into SQL (the runner, offline SQL, tests) goes through here, so
/// what is the same on every database is rendered once, here: `execute` runs its SQL for
/// this dialect (its per-dialect text, else its generic one, else nothing) as one
/// statement, unchanged. Every other operation is the dialect's to render.
///
/// Errors as [`Dialect::render`] (`execute` never errors).
pub fn render_operation(dialect: &dyn Dialect, op: &Operation, before: &Schema) -> DialectResult<Vec<String>> {
    match op {
        // Matched here, before the dialect: a dialect's `render` hands `execute` back here.
        Operation::Execute(e) => Ok(e.sql_for(dialect.name()).map(|sql| vec![sql.to_string()]).unwrap_or_default()),
        _ => dialect.render(op, before),
    }
}

/// One database alambic knows, whether or not this build compiles it in.
#[derive(Clone, Copy)]
pub struct Registered {
    /// The dialect's canonical name ([`Dialect::name`]).
    pub name: &'static str,
    /// Every name that means it: in URL schemes (before `://` or `:`) and as keys of
    /// per-dialect `execute` SQL.
    pub aliases: &'static [&'static str],
    /// The cargo feature that compiles it in.
    pub feature: &'static str,
    /// Its implementation; `None` when the feature is off.
    pub driver: Option<&'static Driver>,
}

/// The future [`Driver::connect`] returns.
pub type Connecting<'a> = Pin<Box<dyn Future<Output = DialectResult<Box<dyn Connection>>> + Send + 'a>>;

/// What a compiled-in dialect supplies to the registry.
pub struct Driver {
    /// Makes the offline half.
    pub dialect: fn() -> Box<dyn Dialect>,
    /// Opens a connection to a URL of one of its schemes (driver suffix already removed).
    pub connect: for<'a> fn(&'a str) -> Connecting<'a>,
}

/// Every dialect: the only list of databases in alambic.
pub const DIALECTS: &[Registered] = &[
    Registered {
        name: "sqlite",
        aliases: &["sqlite"],
        feature: "sqlite",
        #[cfg(feature = "sqlite")]
        driver: Some(&sqlite::DRIVER),
        #[cfg(not(feature = "sqlite"))]
        driver: None,
    },
    Registered {
        name: "postgresql",
        aliases: &["postgresql", "postgres"],
        feature: "postgres",
        #[cfg(feature = "postgres")]
        driver: Some(&postgres::DRIVER),
        #[cfg(not(feature = "postgres"))]
        driver: None,
    },
    Registered {
        name: "mysql",
        aliases: &["mysql", "mariadb"],
        feature: "mysql",
        #[cfg(feature = "mysql")]
        driver: Some(&mysql::DRIVER),
        #[cfg(not(feature = "mysql"))]
        driver: None,
    },
];

/// Every URL scheme of [`DIALECTS`], for messages: `sqlite:, postgresql:, postgres:, …`.
fn known_schemes() -> String {
    let schemes: Vec<String> = DIALECTS.iter().flat_map(|d| d.aliases).map(|a| format!("{a}:")).collect();
    schemes.join(", ")
}

/// The registered dialect a name or alias means (case-insensitive).
fn registered(name: &str) -> Option<&'static Registered> {
    DIALECTS.iter().find(|d| d.aliases.iter().any(|a| a.eq_ignore_ascii_case(name)))
}

/// The canonical name of a dialect for a name or alias (`postgres` → `postgresql`,
/// `mariadb` → `mysql`), whether or not that dialect is compiled in; `None` for a name no
/// dialect has. Keys of per-dialect `execute` SQL are checked against it.
pub fn canonical_name(name: &str) -> Option<&'static str> {
    registered(name).map(|d| d.name)
}

/// The compiled-in driver for a URL's scheme.
///
/// Errors when the scheme names no known database, or one this build leaves out.
fn driver_for_url(url: &str) -> DialectResult<&'static Driver> {
    let entry = registered(&scheme(url)?).ok_or_else(|| DialectError::UnknownScheme(redact(url)))?;
    entry.driver.ok_or_else(|| DialectError::NotCompiled {
        url: redact(url),
        dialect: entry.name,
        feature: entry.feature,
    })
}

/// The dialect for a database URL, without connecting (for offline SQL).
///
/// Errors when the scheme names no known database, or one this build leaves out.
pub fn dialect_for_url(url: &str) -> DialectResult<Box<dyn Dialect>> {
    Ok((driver_for_url(url)?.dialect)())
}

/// Opens a connection to the database a URL names.
///
/// Accepts `sqlite://path`, `sqlite:path`, `sqlite::memory:`, `postgres://`,
/// `postgresql://`, `mysql://`, `mariadb://`, and SQLAlchemy-style driver suffixes
/// (`mysql+pymysql://`), which are ignored. Errors when the scheme is unknown, names a
/// dialect this build leaves out, or the database cannot be reached.
pub async fn connect(url: &str) -> DialectResult<Box<dyn Connection>> {
    let url = strip_driver(url);
    let driver = driver_for_url(&url)?;
    (driver.connect)(&url).await
}

/// The error for a connection that could not be taken from an application's pool.
#[cfg(any(feature = "sqlite", feature = "postgres", feature = "mysql"))]
pub(crate) fn pool_error(source: sqlx::Error) -> DialectError {
    DialectError::Connect { url: "the application's pool".to_string(), source }
}

/// The scheme of a URL, lower-cased, without a `+driver` suffix.
fn scheme(url: &str) -> DialectResult<String> {
    let colon = url.find(':').ok_or_else(|| DialectError::UnknownScheme(redact(url)))?;
    let scheme = url[..colon].to_ascii_lowercase();
    Ok(scheme.split('+').next().unwrap_or_default().to_string())
}

/// `mysql+pymysql://…` → `mysql://…`.
pub fn strip_driver(url: &str) -> String {
    match (url.find('+'), url.find(':')) {
        (Some(plus), Some(colon)) if plus < colon => format!("{}{}", &url[..plus], &url[colon..]),
        _ => url.to_string(),
    }
}

/// The URL with any password replaced by `***`, for messages.
pub fn redact(url: &str) -> String {
    let Some(scheme_end) = url.find("://") else { return url.to_string() };
    let rest = &url[scheme_end + 3..];
    // As URL parsers read it: the authority ends at the first `/`, `?` or `#`, and the
    // user information at the authority's *last* `@` (a raw `@` in a password stays in it).
    let authority = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
    let Some(at) = authority.rfind('@') else { return url.to_string() };
    match authority[..at].find(':') {
        Some(colon) => format!("{}://{}:***{}", &url[..scheme_end], &rest[..colon], &rest[at..]),
        None => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_is_hidden_whole_whatever_it_holds() {
        let cases = [
            ("mysql://root:secret@h:3306/db", "mysql://root:***@h:3306/db"),
            ("mysql://root:p@ssW0rd@Tail@h/db", "mysql://root:***@h/db"),
            ("postgresql://u:a:b@h/db?sslmode=disable&x=a@b", "postgresql://u:***@h/db?sslmode=disable&x=a@b"),
            ("postgresql://u:pw@h", "postgresql://u:***@h"),
            ("postgresql://u@h/db", "postgresql://u@h/db"),
            ("postgresql://h/db?user=a@b", "postgresql://h/db?user=a@b"),
            ("sqlite:///tmp/a@b.db", "sqlite:///tmp/a@b.db"),
        ];
        for (url, shown) in cases {
            assert_eq!(redact(url), shown, "{url}");
        }
    }

    #[test]
    fn driver_suffix_is_ignored() {
        assert_eq!(strip_driver("mysql+pymysql://root@h/db"), "mysql://root@h/db");
        assert_eq!(strip_driver("postgresql+psycopg2://u@h/db"), "postgresql://u@h/db");
        assert_eq!(strip_driver("sqlite:///x+y.db"), "sqlite:///x+y.db");
    }

    #[test]
    fn every_dialect_is_known_by_name_compiled_in_or_not() {
        assert_eq!(canonical_name("postgres"), Some("postgresql"));
        assert_eq!(canonical_name("PostgreSQL"), Some("postgresql"));
        assert_eq!(canonical_name("mariadb"), Some("mysql"));
        assert_eq!(canonical_name("sqlite"), Some("sqlite"));
        assert_eq!(canonical_name("oracle"), None);
        for entry in DIALECTS {
            assert_eq!(canonical_name(entry.name), Some(entry.name));
            if let Some(driver) = entry.driver {
                assert_eq!((driver.dialect)().name(), entry.name);
            }
        }
    }

    #[test]
    fn a_url_names_its_dialect_or_the_feature_it_needs() {
        let unknown = dialect_for_url("oracle://h/db");
        assert!(matches!(unknown, Err(DialectError::UnknownScheme(_))));
        let message = unknown.err().map(|e| e.to_string()).unwrap_or_default();
        for alias in DIALECTS.iter().flat_map(|d| d.aliases) {
            assert!(message.contains(&format!("{alias}:")), "{message}");
        }
        for entry in DIALECTS {
            let url = format!("{}+driver://u:secret@h/db", entry.aliases[0]);
            match (entry.driver, dialect_for_url(&strip_driver(&url))) {
                (Some(_), Ok(dialect)) => assert_eq!(dialect.name(), entry.name),
                (None, Err(e)) => {
                    let message = e.to_string();
                    assert!(message.contains(&format!("'{}' feature", entry.feature)), "{message}");
                    assert!(!message.contains("secret"), "{message}");
                }
                (_, other) => panic!("{url}: {:?}", other.map(|d| d.name())),
            }
        }
    }

    #[test]
    fn passwords_never_reach_messages() {
        assert_eq!(redact("postgres://u:secret@h/db"), "postgres://u:***@h/db");
    }

    #[test]
    fn sql_normalization_ignores_case_space_and_outer_parens() {
        assert_eq!(normalize_sql("(( n  >  0 ))"), "n > 0");
        assert_eq!(normalize_sql("CURRENT_TIMESTAMP"), normalize_sql("current_timestamp"));
        assert_ne!(normalize_sql("'A'"), normalize_sql("'a'"));
        assert_ne!(normalize_sql("(a) + (b)"), "a) + (b");
    }
}
