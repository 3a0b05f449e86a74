//! What a schema file says differently on each database: the grammar, type names, and the
//! ways of declaring an autoincrement column or the database's own tables.
//!
//! Invariant: the schema-file reader (`crate::source`) learns everything dialect-specific
//! through [`Spelling`]; every method has the neutral answer as its default, which is what
//! [`GenericSpelling`] (a file read without a database) gives.

use sqlparser::ast::Expr;
use sqlparser::dialect::{Dialect as Grammar, GenericDialect};
use sqlparser::tokenizer::{Token, TokenWithSpan};

use crate::schema::ColumnType;

/// A database's own spellings in schema files.
pub trait Spelling: Send + Sync {
    /// The `sqlparser` grammar schema files for this database are written in.
    fn grammar(&self) -> Box<dyn Grammar> {
        Box::new(GenericDialect {})
    }

    /// Whether the database keeps named types as objects of their own: a domain
    /// (`CREATE DOMAIN`) and an enum type no column uses (`CREATE TYPE … AS ENUM`) are then
    /// [`crate::schema::Schema::types`] entries, and a column typed by a domain names it.
    /// Otherwise a column typed by a domain takes on what the domain says, and an unused
    /// enum type is noted as not kept.
    fn keeps_named_types(&self) -> bool {
        false
    }

    /// Reads a type name as a schema file writes it.
    fn read_type(&self, text: &str) -> ColumnType {
        crate::sqltype::parse_type_name(text)
    }

    /// Whether a column's type name alone makes it autoincrement (PostgreSQL's `serial`).
    fn type_is_autoincrement(&self, type_name: &str) -> bool {
        let _ = type_name;
        false
    }

    /// The sequence a column default draws its values from, when it is such a default
    /// (PostgreSQL's `nextval('users_id_seq'::regclass)`): the column is then autoincrement.
    fn default_sequence(&self, default: &Expr) -> Option<String> {
        let _ = default;
        None
    }

    /// Whether a column option the grammar keeps as raw tokens means autoincrement
    /// (MySQL's `AUTO_INCREMENT`, SQLite's `AUTOINCREMENT`).
    fn option_is_autoincrement(&self, tokens: &[Token]) -> bool {
        let _ = tokens;
        false
    }

    /// The note for a table that is the database's own bookkeeping, which a schema file
    /// may list but the application does not own (SQLite's `sqlite_sequence`); `None` for
    /// an application's table.
    fn internal_table(&self, name: &str) -> Option<String> {
        let _ = name;
        None
    }

    /// Whether a query is session setup written by the database's dump tool (pg_dump's
    /// `SELECT pg_catalog.set_config(...)`), with no bearing on the schema.
    fn is_session_query(&self, query: &sqlparser::ast::Query) -> bool {
        let _ = query;
        false
    }

    /// The text as the tokenizer should see it: a client command whose argument is not SQL
    /// (psql's `\restrict <random key>`) can make the tokenizer fail (`0Xg…` reads as a bad
    /// hexadecimal number), so a dialect may mask such arguments here, keeping every byte's
    /// position. By default the text is unchanged.
    fn masked_for_tokenizer<'t>(&self, text: &'t str) -> std::borrow::Cow<'t, str> {
        std::borrow::Cow::Borrowed(text)
    }

    /// What a line starting with a backslash is (a client command such as psql's
    /// `\restrict`), given its words; by default it is no client command, and the line is
    /// then read as SQL (and fails to parse).
    fn client_command(&self, words: &[String]) -> ClientCommand {
        let _ = words;
        ClientCommand::Unknown
    }

    /// Rewrites a schema file's tokens before they are parsed, for syntax of this database
    /// the grammar lacks (SQLite's type names of several words, `BLOB SUB_TYPE TEXT`); by
    /// default the tokens stay as they are.
    fn retokenize(&self, tokens: Vec<TokenWithSpan>) -> Vec<TokenWithSpan> {
        tokens
    }

    /// The statements of a dump that the grammar cannot read and that declare an object
    /// alambic does not manage (MySQL's stored procedures, functions, events and triggers
    /// between `DELIMITER` lines), found in the file's tokens before [`Spelling::retokenize`]:
    /// the reader takes them out and notes each as skipped. By default there are none.
    fn unreadable_objects(&self, tokens: &[TokenWithSpan]) -> Vec<UnreadableObject> {
        let _ = tokens;
        Vec::new()
    }

    /// The clauses of a schema file that the grammar cannot read and the model does not
    /// hold (SQLite's `ON CONFLICT REPLACE` of a constraint), found in the file's tokens
    /// after [`Spelling::unreadable_objects`] are taken out: the reader takes each out and
    /// notes it. By default there are none.
    fn unreadable_clauses(&self, tokens: &[TokenWithSpan]) -> Vec<UnreadableClause> {
        let _ = tokens;
        Vec::new()
    }

    /// Whether column names are the same whatever their case (SQLite's and MySQL's are),
    /// so that a key naming `token` means the column declared `Token`. By default they are
    /// not (PostgreSQL's grammar folds the unquoted ones; quoted ones keep their case).
    fn column_names_fold(&self) -> bool {
        false
    }

    /// Whether table names are the same whatever their case (SQLite's are; MySQL's follow
    /// the server's file system). By default they are not.
    fn table_names_fold(&self) -> bool {
        false
    }

    /// Whether a generated column that says neither `STORED` nor `VIRTUAL` is stored; by
    /// default it is computed when read (`VIRTUAL`), as SQLite and MySQL do.
    fn generated_stored_by_default(&self) -> bool {
        false
    }

    /// What a table option of `CREATE TABLE` (`DEFAULT CHARSET=utf8mb4`, `ENGINE=InnoDB`,
    /// `WITH (fillfactor=70)`) is, given its key and value as written. By default the
    /// character set and collation keys are the table's defaults and every other option is
    /// not kept (and so noted).
    fn table_option(&self, key: &str, value: &str) -> TableOption {
        let key = key.split_whitespace().collect::<Vec<_>>().join(" ").to_ascii_uppercase();
        let key = key.strip_prefix("DEFAULT ").unwrap_or(&key);
        let value = value.trim_matches(['\'', '"', '`']).to_string();
        match key {
            "CHARSET" | "CHARACTER SET" => TableOption::Charset(value),
            "COLLATE" => TableOption::Collation(value),
            _ => TableOption::NotKept,
        }
    }
}

/// A statement the grammar cannot read that declares an object alambic does not manage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnreadableObject {
    /// Its tokens, by position in the file's tokens (its closing delimiter included).
    pub tokens: std::ops::Range<usize>,
    /// What it declares.
    pub kind: RoutineKind,
    /// The name it declares, unquoted.
    pub name: String,
}

/// A clause the grammar cannot read and the model does not hold, taken out of a schema
/// file with a note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnreadableClause {
    /// Its tokens, by position in the file's tokens.
    pub tokens: std::ops::Range<usize>,
    /// The note saying what was not kept, without the file and line.
    pub note: String,
}

/// The kinds of object an [`UnreadableObject`] declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoutineKind {
    /// `CREATE PROCEDURE`.
    Procedure,
    /// `CREATE FUNCTION`.
    Function,
    /// `CREATE TRIGGER`.
    Trigger,
    /// `CREATE EVENT` (MySQL's scheduled events).
    Event,
}

/// What a table option of `CREATE TABLE` is to the schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TableOption {
    /// The table's default character set.
    Charset(String),
    /// The table's default collation.
    Collation(String),
    /// The database's own default, or state rather than schema (the next AUTO_INCREMENT
    /// value): no bearing on the schema, dropped without a note.
    Bookkeeping,
    /// An option the model does not hold: read, noted, not kept.
    NotKept,
}

/// What a backslash line of a dump is, to a database's client tool.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClientCommand {
    /// Not a command of this database's tools: the line is read as SQL.
    Unknown,
    /// Session bookkeeping with no bearing on the schema: dropped without a note.
    Bookkeeping,
    /// A command read but not applied: dropped with this note.
    Skipped(String),
}

/// The spelling of a schema file read without a database: a generic grammar and only the
/// names every database reads alike.
#[derive(Debug, Clone, Copy, Default)]
pub struct GenericSpelling;

impl Spelling for GenericSpelling {}
