//! The migration repository on disk: its config, its template, the script files in
//! `versions/`, and the revision graph they form.
//!
//! Invariant: nothing here touches a database. A [`Script`] is exactly what its file says
//! (parsed, validated, checksummed); a [`RevisionGraph`] is only ever built from scripts
//! whose ids are unique and whose `down_revision`s and `depends_on`s all exist, with no
//! cycle, so every plan it returns can be applied in the order given.

pub mod file;
pub mod graph;
pub mod repo;

use std::path::PathBuf;

pub use file::{Script, ScriptHeader, DEFAULT_TEMPLATE};
pub use graph::{GraphError, Revision, RevisionGraph};
pub use repo::{graph_of, Config, Headers, InitStep, ScriptDirectory};

/// Why the migration repository, one of its files, or its revision graph cannot be used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ScriptError {
    /// Reading or writing a file or directory failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or directory concerned.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A script or config file is not valid TOML, or not the shape alambic expects.
    #[error("{}: {}{message}", path.display(), line.map(|l| format!("line {l}: ")).unwrap_or_default())]
    Malformed {
        /// The file concerned.
        path: PathBuf,
        /// 1-based line of the problem, when known.
        line: Option<usize>,
        /// What is wrong, on one line.
        message: String,
    },
    /// The script template does not produce a script that reads back as written.
    #[error("{}: the template does not produce a valid script: {message}", path.display())]
    Template {
        /// The template file.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// There is no migration repository at this directory.
    #[error("{}: no migration repository here (no alambic.toml); run `alambic init` to create one", dir.display())]
    NotARepository {
        /// The directory that was expected to hold the repository.
        dir: PathBuf,
    },
    /// `init` was asked to use a directory that already holds files.
    #[error("{}: directory exists and is not empty; init needs a new or empty directory", dir.display())]
    DirectoryNotEmpty {
        /// The directory.
        dir: PathBuf,
    },
    /// The scripts do not form a valid revision graph, or a target cannot be resolved.
    #[error(transparent)]
    Graph(#[from] GraphError),
}

impl ScriptError {
    /// An I/O error about `path`.
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        ScriptError::Io { path: path.into(), source }
    }
}
