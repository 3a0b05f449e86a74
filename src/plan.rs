//! From a revision graph, the current heads and a target to a [`Plan`]: the [`Step`]s the
//! runtime runs (which revisions, in which order, with which operations, and what the
//! version table holds after each), or the rows a `stamp` writes. Shared by the command
//! line and by migrations embedded in a binary.
//!
//! Invariant: planning needs no database and knows nothing of the runtime; the runtime
//! depends on this module, never the reverse.

use std::collections::{BTreeMap, BTreeSet};

use crate::operation::Operation;
use crate::script::{GraphError, RevisionGraph, Script};

/// Errors of planning.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PlanError {
    /// The graph cannot resolve the target or the current heads.
    #[error(transparent)]
    Graph(#[from] GraphError),
    /// A revision the plan needs has no script.
    #[error("revision {0} has no script")]
    MissingScript(String),
}

/// Which way a step goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Applying a revision.
    Upgrade,
    /// Reverting a revision.
    Downgrade,
}

/// One revision to apply or revert, with what the version table holds before and after.
#[derive(Debug, Clone)]
pub struct Step {
    /// The revision.
    pub revision: String,
    /// Its parents (for the log line).
    pub down_revisions: Vec<String>,
    /// Its message.
    pub message: String,
    /// Upgrade or downgrade.
    pub direction: Direction,
    /// The operations to run: the script's upgrade or downgrade list.
    pub operations: Vec<Operation>,
    /// Version-table rows before this step.
    pub heads_before: Vec<String>,
    /// Version-table rows after this step.
    pub heads_after: Vec<String>,
    /// The script's checksum (see [`crate::script::file::checksum`]), recorded in the
    /// history table.
    pub checksum: String,
    /// The script's file, when it was read from one (for messages).
    pub path: Option<std::path::PathBuf>,
}

impl Step {
    /// The script's file as messages name it: its path, else `revision <id>`.
    pub fn file(&self) -> String {
        match &self.path {
            Some(path) => path.display().to_string(),
            None => format!("revision {}", self.revision),
        }
    }

    /// Alembic's progress line: `Running upgrade  -> e89e2c8b3174, initial migration`.
    pub fn log_line(&self) -> String {
        let parents = self.down_revisions.join(", ");
        match self.direction {
            Direction::Upgrade => format!("Running upgrade {} -> {}, {}", parents, self.revision, self.message),
            Direction::Downgrade => format!("Running downgrade {} -> {}, {}", self.revision, parents, self.message),
        }
    }
}

/// What a command asks of the database: a revision target (`head`, an id, `+N`, `base`…)
/// reached by upgrading, by downgrading, or by stamping.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target<'a> {
    /// Apply the revisions up to the target.
    Upgrade(&'a str),
    /// Revert the revisions above the target.
    Downgrade(&'a str),
    /// Set the version table to the target without running any migration.
    Stamp(&'a str),
}

/// What moves a database from its current heads to a [`Target`].
#[derive(Debug, Clone)]
pub enum Plan {
    /// Revisions to run, in order (empty when there is nothing to do).
    Steps(Vec<Step>),
    /// Version-table rows to replace, running nothing.
    Stamp {
        /// The rows now.
        before: Vec<String>,
        /// The rows to write.
        after: Vec<String>,
    },
}

/// The plan that moves a database at `current` (its version-table rows) to `target`.
///
/// Errors when the target or a current head is unknown, ambiguous or out of range, or when
/// a revision to run has no script.
pub fn plan(
    graph: &RevisionGraph,
    scripts: &BTreeMap<String, Script>,
    current: &[String],
    target: Target<'_>,
) -> Result<Plan, PlanError> {
    match target {
        Target::Upgrade(to) => Ok(Plan::Steps(steps(graph, scripts, current, to, Direction::Upgrade)?)),
        Target::Downgrade(to) => Ok(Plan::Steps(steps(graph, scripts, current, to, Direction::Downgrade)?)),
        Target::Stamp(to) => {
            let after = graph.resolve_target(current, to)?.into_iter().collect();
            Ok(Plan::Stamp { before: current.to_vec(), after })
        }
    }
}

/// The steps that move a database at `current` (its version-table rows) to `target`.
///
/// Errors when the target or a current head is unknown, ambiguous or out of range.
pub fn steps(
    graph: &RevisionGraph,
    scripts: &BTreeMap<String, Script>,
    current: &[String],
    target: &str,
    direction: Direction,
) -> Result<Vec<Step>, PlanError> {
    let plan = match direction {
        Direction::Upgrade => graph.upgrade_plan(current, target)?,
        Direction::Downgrade => graph.downgrade_plan(current, target)?,
    };
    let mut applied: BTreeSet<String> = BTreeSet::new();
    for head in current {
        applied.insert(head.clone());
        applied.extend(graph.ancestors(head)?);
    }
    let mut heads = graph.heads_of(&applied);
    let mut out = Vec::with_capacity(plan.len());
    for id in plan {
        let script = scripts.get(&id).ok_or_else(|| PlanError::MissingScript(id.clone()))?;
        match direction {
            Direction::Upgrade => applied.insert(id.clone()),
            Direction::Downgrade => applied.remove(&id),
        };
        let after = graph.heads_of(&applied);
        out.push(Step {
            revision: id,
            down_revisions: script.down_revision.clone(),
            message: script.message.clone(),
            direction,
            operations: match direction {
                Direction::Upgrade => script.upgrade.clone(),
                Direction::Downgrade => script.downgrade.clone(),
            },
            heads_before: heads,
            heads_after: after.clone(),
            checksum: script.checksum.clone(),
            path: script.path.clone(),
        });
        heads = after;
    }
    Ok(out)
}
