//! Desired schemas read from files: a `schema.sql` file (or a database's own schema-only
//! dump) becomes a neutral [`Schema`]. What a database spells its own way (its grammar,
//! type names, autoincrement, its own tables) comes from its [`Dialect`]'s
//! [`Spelling`](crate::dialect::Spelling); this module knows no database by name.
//!
//! Invariant: every statement of the file is accounted for. It either changes the schema,
//! is a session or dump bookkeeping statement with no bearing on the schema, is named in
//! [`SchemaFile::notes`] as skipped (views, functions, triggers, grants, ...), or stops the
//! read with a [`SourceError`] naming the file and line. Nothing is dropped silently.

mod domain;
mod features;
mod notes;
mod sql;

use std::io;
use std::path::{Path, PathBuf};

use crate::dialect::Dialect;
use crate::schema::Schema;

pub use domain::check_on_column;
pub use sql::parse_schema_sql;

/// A schema read from a file, with what was skipped on the way.
#[derive(Debug, Clone, PartialEq)]
pub struct SchemaFile {
    /// The tables the file declares.
    pub schema: Schema,
    /// One line per statement or object that was read but not kept, e.g.
    /// `schema.sql:12: skipped view 'active_users' (views are not managed yet)`.
    pub notes: Vec<String>,
    /// The same notes as they are printed: one line naming every skipped statement by kind
    /// with its lines (`schema.sql: skipped 3 views (lines 40, 52, 77), 2 triggers (lines
    /// 90, 95)`), then each note that is not a skipped statement (something read but not
    /// kept) on a line of its own. Empty when `notes` is.
    pub summary: Vec<String>,
}

/// Why a schema file could not be read. Each message is one line naming the file, and the
/// line in it when that is known.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SourceError {
    /// The file could not be read from disk.
    #[error("{}: cannot read schema file: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// What the operating system said.
        source: io::Error,
    },
    /// The file is not valid SQL for the chosen dialect.
    #[error("{}:{line}: cannot parse: {message}", path.display())]
    Parse {
        /// The file.
        path: PathBuf,
        /// 1-based line of the error.
        line: u64,
        /// What the parser expected and found.
        message: String,
    },
    /// A statement that a schema file cannot hold (data changes, drops, ...).
    #[error("{}:{line}: unsupported statement '{statement}': {reason}", path.display())]
    Unsupported {
        /// The file.
        path: PathBuf,
        /// 1-based line where the statement starts.
        line: u64,
        /// The start of the statement as written (at most 60 characters).
        statement: String,
        /// Why it cannot be read.
        reason: String,
    },
    /// The statements parse but do not describe a consistent schema (a duplicate table, a
    /// key on a missing column, a foreign key to an undeclared table, ...).
    #[error("{}: {message}", path.display())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What is wrong, naming the object.
        message: String,
    },
}

/// Reads the schema file at `path`, written for `dialect` (its grammar, type names and
/// spellings); `None` reads it with a generic grammar and the names every database reads
/// alike.
///
/// Returns [`SourceError::Read`] when the file cannot be read, and the errors of
/// [`parse_schema_sql`] otherwise.
pub fn read_schema_file(path: &Path, dialect: Option<&dyn Dialect>) -> Result<SchemaFile, SourceError> {
    let text =
        std::fs::read_to_string(path).map_err(|source| SourceError::Read { path: path.to_path_buf(), source })?;
    parse_schema_sql(path, &text, dialect)
}

#[cfg(test)]
pub(crate) mod tests;

#[cfg(test)]
mod feature_tests;
