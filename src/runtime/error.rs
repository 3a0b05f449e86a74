//! The runtime's errors, as data a caller can act on: which revision failed and how, which
//! revisions completed before it (they stay applied), what happened to the failed
//! revision's earlier statements, and a failed rollback attached to the error that caused
//! it, never in its place.

use std::fmt;

use crate::dialect::DialectError;
use crate::operation::OperationError;
use crate::plan::PlanError;

/// Errors of the runtime layer.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RuntimeError {
    /// A database error outside any revision (connecting, locking, reading the version table).
    #[error(transparent)]
    Database(#[from] DialectError),
    /// The plan could not be made (unknown target, missing script).
    #[error(transparent)]
    Plan(#[from] PlanError),
    /// A revision failed.
    #[error(transparent)]
    Revision(#[from] RevisionError),
    /// An applied revision's script changed since it was applied (its checksum differs
    /// from the one the history table recorded); nothing ran.
    #[error("{file} changed since revision {revision} was applied (checksum {} then, {} now); put it back as it was, or run upgrade with --allow-modified to accept the change", short(recorded), short(now))]
    Modified {
        /// The revision.
        revision: String,
        /// Its script's file.
        file: String,
        /// The checksum recorded when it was applied.
        recorded: String,
        /// The script's checksum now.
        now: String,
    },
    /// A revision's run stopped part-way where DDL cannot be rolled back, and the plan
    /// does not begin with it; nothing ran.
    #[error("the {direction} of revision {revision} stopped after statement {done}{}; run {direction} again to resume it, or undo its statements by hand and run `stamp` with the revision the database is at to give it up", error.as_ref().map(|e| format!(" ({e})")).unwrap_or_default())]
    Unfinished {
        /// The revision.
        revision: String,
        /// `upgrade` or `downgrade`.
        direction: String,
        /// How many of its statements succeeded.
        done: usize,
        /// Why it stopped, when that was recorded.
        error: Option<String>,
    },
    /// `stamp` could not write the version table; nothing was written.
    #[error("{failure}{}", RollbackNote(rollback.as_ref()))]
    Stamp {
        /// Why.
        failure: DialectError,
        /// The rollback's own failure, when rolling back failed too.
        rollback: Option<DialectError>,
    },
}

/// The first 12 characters of a checksum, as messages show it.
fn short(checksum: &str) -> &str {
    checksum.get(..12).unwrap_or(checksum)
}

/// Result type of this layer.
pub type RuntimeResult<T> = Result<T, RuntimeError>;

/// A revision that failed, why, and what stays applied.
#[derive(Debug)]
#[non_exhaustive]
pub struct RevisionError {
    /// The revision.
    pub revision: String,
    /// What went wrong.
    pub failure: Failure,
    /// The revisions of the same run that completed before it, oldest first: they stay
    /// applied.
    pub completed: Vec<String>,
    /// The rollback's own failure, when rolling the revision back failed too.
    pub rollback: Option<DialectError>,
    /// What to do about the failure, when the database says more than its message.
    pub advice: Option<String>,
}

impl RevisionError {
    /// A failure of `revision`, with nothing completed before it and no rollback failure.
    pub fn new(revision: &str, failure: Failure) -> Self {
        Self { revision: revision.to_string(), failure, completed: Vec::new(), rollback: None, advice: None }
    }

    /// The database error behind the failure, if there is one.
    pub fn database_error(&self) -> Option<&DialectError> {
        match &self.failure {
            Failure::Database(e) | Failure::Statement { source: e, .. } => Some(e),
            _ => None,
        }
    }
}

impl fmt::Display for RevisionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.failure {
            // A database error while the revision ran (begin, commit, reading the catalog)
            // names its statement itself.
            Failure::Database(e) => write!(f, "{e}")?,
            failure => write!(f, "revision {}: {failure}", self.revision)?,
        }
        write!(f, "{}", RollbackNote(self.rollback.as_ref()))?;
        match &self.advice {
            Some(advice) => write!(f, "; {advice}"),
            None => Ok(()),
        }
    }
}

impl std::error::Error for RevisionError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        std::error::Error::source(&self.failure)
    }
}

/// What went wrong in a revision.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Failure {
    /// The database refused something around the revision's statements (beginning,
    /// committing, reading the catalog or the version table).
    #[error(transparent)]
    Database(#[from] DialectError),
    /// An operation could not be rendered as SQL.
    #[error("operation {operation}: {source}")]
    Render {
        /// 1-based position of the operation in the revision's list.
        operation: usize,
        /// Why.
        source: DialectError,
    },
    /// An operation does not fit the schema it is applied to.
    #[error("operation {operation}: {source}")]
    Operation {
        /// 1-based position of the operation in the revision's list.
        operation: usize,
        /// Why.
        source: OperationError,
    },
    /// A statement failed.
    #[error("statement {number} (operation {operation}) failed: {source}{earlier}")]
    Statement {
        /// 1-based position of the statement in the revision.
        number: usize,
        /// 1-based position of the operation the statement belongs to.
        operation: usize,
        /// The driver's error, with the SQL.
        source: DialectError,
        /// What happened to the revision's statements before it.
        earlier: Earlier,
    },
    /// The version table changed under the migration (another migrator ran meanwhile);
    /// nothing of the revision was applied.
    #[error("the database moved from [{}] to [{}] while this migration ran (another migrator?); nothing of the revision was applied, run the command again", expected.join(", "), found.join(", "))]
    Moved {
        /// The version-table rows the plan was made from, sorted.
        expected: Vec<String>,
        /// The rows found, sorted.
        found: Vec<String>,
    },
    /// A stopped revision cannot resume: an operation whose statements ran changed in the
    /// script since; nothing ran.
    #[error("statement {statement} (operation {operation}) already ran, but operation {operation} of {file} changed since; put it back as it was, or undo by hand what statements 1 to {done} did and run `stamp {stamp}` to give the stopped run up")]
    ResumeChanged {
        /// 1-based position of the statement that ran.
        statement: usize,
        /// 1-based position of its operation.
        operation: usize,
        /// How many statements of the revision ran.
        done: usize,
        /// The script's file.
        file: String,
        /// The `stamp` target that gives the run up (where the version table is).
        stamp: String,
    },
    /// A stopped revision cannot resume: it stopped between two statements of one
    /// operation, which would be rendered again against a half-changed schema; nothing ran.
    #[error("it stopped inside operation {operation} of {file} (after statement {done}, its {index} of {of}); finish or undo that operation by hand, undo statements 1 to {done} by hand and run `stamp {stamp}` to give the stopped run up, then upgrade again")]
    ResumeInsideOperation {
        /// 1-based position of the operation.
        operation: usize,
        /// How many statements of the revision ran.
        done: usize,
        /// How many of the operation's statements ran.
        index: usize,
        /// How many statements the operation has.
        of: usize,
        /// The script's file.
        file: String,
        /// The `stamp` target that gives the run up.
        stamp: String,
    },
    /// The integrity check after the revision's statements failed; the revision was
    /// rolled back.
    #[error("{0}; the revision was rolled back")]
    Integrity(DialectError),
}

/// What happened to a revision's statements before the one that failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Earlier {
    /// The revision ran in a transaction, which was rolled back.
    RolledBack,
    /// The failed statement was the revision's first: nothing was applied.
    NothingApplied,
    /// The database cannot roll DDL back: the statements before the failed one stay.
    Stay,
}

impl fmt::Display for Earlier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Earlier::RolledBack => "; the revision was rolled back",
            Earlier::NothingApplied => "; nothing of the revision was applied",
            Earlier::Stay => "; statements before it were applied and stay (this database cannot roll back DDL)",
        })
    }
}

/// `; rolling back failed too: …` after an error whose rollback failed, else nothing.
struct RollbackNote<'a>(Option<&'a DialectError>);

impl fmt::Display for RollbackNote<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(e) => write!(f, "; rolling back failed too: {e}"),
            None => Ok(()),
        }
    }
}

/// `From` conversions that route every graph error to the error type's one `Graph`
/// variant, wherever it was found (reading scripts, planning, running), and the other
/// errors of those layers to their own variants. The command line and embedded migrations
/// both use it, so a graph error reaches their callers one way.
macro_rules! graph_errors_one_way {
    ($error:ty) => {
        impl From<$crate::script::ScriptError> for $error {
            fn from(e: $crate::script::ScriptError) -> Self {
                match e {
                    $crate::script::ScriptError::Graph(e) => Self::Graph(e),
                    e => Self::Script(e),
                }
            }
        }

        impl From<$crate::plan::PlanError> for $error {
            fn from(e: $crate::plan::PlanError) -> Self {
                match e {
                    $crate::plan::PlanError::Graph(e) => Self::Graph(e),
                    e => Self::Plan(e),
                }
            }
        }

        impl From<$crate::runtime::RuntimeError> for $error {
            fn from(e: $crate::runtime::RuntimeError) -> Self {
                match e {
                    $crate::runtime::RuntimeError::Plan(e) => e.into(),
                    e => Self::Runtime(e),
                }
            }
        }
    };
}
pub(crate) use graph_errors_one_way;

#[cfg(test)]
mod tests {
    use super::*;

    fn driver_error(sql: &str) -> DialectError {
        DialectError::Query { dialect: "any", sql: sql.to_string(), source: sqlx::Error::RowNotFound }
    }

    #[test]
    fn a_failed_statement_names_the_revision_and_what_became_of_the_earlier_ones() {
        let failure = Failure::Statement {
            number: 2,
            operation: 1,
            source: driver_error("INSERT INTO nope VALUES (1)"),
            earlier: Earlier::RolledBack,
        };
        let text = RevisionError::new("abc123abc123", failure).to_string();
        assert!(text.starts_with("revision abc123abc123: statement 2 (operation 1) failed: "), "{text}");
        assert!(text.ends_with("; the revision was rolled back"), "{text}");
    }

    #[test]
    fn a_failed_rollback_follows_the_first_error() {
        let mut error = RevisionError::new("abc123abc123", Failure::Database(driver_error("COMMIT")));
        error.rollback = Some(driver_error("ROLLBACK"));
        let text = error.to_string();
        let first = driver_error("COMMIT").to_string();
        assert!(text.starts_with(&first), "{text}");
        assert!(text.contains("; rolling back failed too: ") && text.contains("ROLLBACK"), "{text}");
    }
}
