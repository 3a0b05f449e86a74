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
    /// `stamp` could not write the version table; nothing was written.
    #[error("{failure}{}", RollbackNote(rollback.as_ref()))]
    Stamp {
        /// Why.
        failure: DialectError,
        /// The rollback's own failure, when rolling back failed too.
        rollback: Option<DialectError>,
    },
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
            Earlier::Stay => "; statements before it were applied and stay (this database cannot roll back DDL): undo them by hand, fix the script, and run upgrade again",
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
