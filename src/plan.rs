//! From a revision graph, the current heads and a target to the [`Step`]s the runtime runs:
//! which revisions, in which order, with which operations, and what the version table holds
//! after each. Shared by the command line and by migrations embedded in a binary.

use std::collections::{BTreeMap, BTreeSet};

use crate::runtime::{Direction, Step};
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
        });
        heads = after;
    }
    Ok(out)
}
