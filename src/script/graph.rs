//! The revision graph: which script follows which, and what to apply or revert to reach a
//! target.
//!
//! Invariant: a [`RevisionGraph`] only exists for revisions with unique ids, existing
//! `down_revision`s and `depends_on`s, and no cycle, so its topological order is total
//! and every plan it returns runs parents (and dependencies) before children. Heads are
//! computed from `down_revision` edges only (a dependency does not end a branch), exactly
//! as the version table holds them: one row per head.
//!
//! Targets: `head` (the single head; nothing in an empty repository), `heads` (all of them), `base` (nothing applied), a
//! full id, a branch label, a unique id prefix, `+N`/`-N` (steps from the current head),
//! `<rev>+N`/`<rev>-N` (steps from a revision) and `<label>@head` (the head of a branch).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::PathBuf;

use super::{Script, ScriptHeader};

/// One node of the graph: a revision and its edges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    /// Revision id.
    pub id: String,
    /// The revisions this one follows (none for a base, several for a merge).
    pub down_revisions: Vec<String>,
    /// Revisions (ids or branch labels) that must be applied before this one.
    pub depends_on: Vec<String>,
    /// Branch labels carried by this revision.
    pub branch_labels: Vec<String>,
    /// The script's message.
    pub message: String,
    /// The script file, when the revision was read from one (for error messages).
    pub path: Option<PathBuf>,
}

impl Revision {
    /// A revision following `down_revisions`, with no message, labels or dependencies.
    pub fn new(id: impl Into<String>, down_revisions: &[&str]) -> Self {
        Revision {
            id: id.into(),
            down_revisions: down_revisions.iter().map(|s| s.to_string()).collect(),
            depends_on: Vec::new(),
            branch_labels: Vec::new(),
            message: String::new(),
            path: None,
        }
    }
}

impl From<&Script> for Revision {
    fn from(s: &Script) -> Self {
        Revision {
            id: s.revision.clone(),
            down_revisions: s.down_revision.clone(),
            depends_on: s.depends_on.clone(),
            branch_labels: s.branch_labels.clone(),
            message: s.message.clone(),
            path: s.path.clone(),
        }
    }
}

impl From<&ScriptHeader> for Revision {
    fn from(s: &ScriptHeader) -> Self {
        Revision {
            id: s.revision.clone(),
            down_revisions: s.down_revision.clone(),
            depends_on: s.depends_on.clone(),
            branch_labels: s.branch_labels.clone(),
            message: s.message.clone(),
            path: s.path.clone(),
        }
    }
}

/// Lists ids as `a, b, c` for messages.
struct Ids<'a>(&'a [String]);

impl fmt::Display for Ids<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.join(", "))
    }
}

fn files(paths: &[PathBuf]) -> String {
    paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(" and ")
}

/// Why the graph cannot be built, or a revision or target cannot be resolved.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum GraphError {
    /// No revision has this id, prefix or branch label.
    #[error("unknown revision '{0}'")]
    UnknownRevision(String),
    /// The prefix matches several revision ids.
    #[error("revision prefix '{prefix}' is ambiguous: it matches {}", Ids(candidates))]
    AmbiguousRevision {
        /// What was asked for.
        prefix: String,
        /// The ids it matches.
        candidates: Vec<String>,
    },
    /// Two scripts carry the same revision id.
    #[error("revision '{id}' is defined more than once{}", if files.is_empty() { String::new() } else { format!(": in {}", self::files(files)) })]
    DuplicateRevision {
        /// The id.
        id: String,
        /// The files defining it (empty when not read from files).
        files: Vec<PathBuf>,
    },
    /// A script follows a revision that does not exist.
    #[error("{}revision '{revision}' has down_revision '{down_revision}', which does not exist", file_prefix(file))]
    MissingDownRevision {
        /// The script's revision.
        revision: String,
        /// The missing parent.
        down_revision: String,
        /// The script's file, when known.
        file: Option<PathBuf>,
    },
    /// A script depends on a revision or branch label that does not exist.
    #[error("revision '{revision}' depends on '{depends_on}', which is neither a revision nor a branch label")]
    MissingDependency {
        /// The script's revision.
        revision: String,
        /// The missing dependency.
        depends_on: String,
    },
    /// Two revisions carry the same branch label.
    #[error("branch label '{label}' is used by several revisions: {}", Ids(revisions))]
    DuplicateBranchLabel {
        /// The label.
        label: String,
        /// The revisions carrying it.
        revisions: Vec<String>,
    },
    /// The revisions form a cycle (listed along it, the first repeated at the end).
    #[error("revisions form a cycle: {}", .0.join(" -> "))]
    Cycle(Vec<String>),
    /// The target needs a single head but there are several.
    #[error(
        "target '{target}' is ambiguous: there are several heads ({}); name one, or use 'heads' or '<branch>@head'",
        Ids(heads)
    )]
    MultipleHeads {
        /// The heads.
        heads: Vec<String>,
        /// The target asked for.
        target: String,
    },
    /// A relative target walks past the head or the base.
    #[error("relative target '{target}' is out of range: only {available} step(s) possible from {from}")]
    RelativeOutOfRange {
        /// The target asked for.
        target: String,
        /// Where the walk started (`base` when nothing is applied).
        from: String,
        /// How many steps could be taken.
        available: usize,
    },
    /// A relative target reaches a branch point or a merge, where the way on is not unique.
    #[error("relative target '{target}' is ambiguous at '{at}': it could go on to {}", Ids(candidates))]
    AmbiguousWalk {
        /// The target asked for.
        target: String,
        /// The revision (or `base`) where the walk splits.
        at: String,
        /// The ways on.
        candidates: Vec<String>,
    },
    /// A downgrade target that is not applied, so the database cannot go back to it.
    #[error("cannot downgrade to '{target}': it is not applied (current heads: {})", if current.is_empty() { "none".to_string() } else { current.join(", ") })]
    NotADowngradeTarget {
        /// The target asked for.
        target: String,
        /// The current heads.
        current: Vec<String>,
    },
}

type Result<T> = std::result::Result<T, GraphError>;

/// `"path: "` when a file is known, for messages that name it first.
fn file_prefix(file: &Option<PathBuf>) -> String {
    file.as_ref().map(|f| format!("{}: ", f.display())).unwrap_or_default()
}

/// The revisions of a repository as a DAG.
#[derive(Debug, Clone)]
pub struct RevisionGraph {
    revisions: BTreeMap<String, Revision>,
    /// Parent -> children over `down_revision` edges.
    children: BTreeMap<String, Vec<String>>,
    /// Revision -> parents and resolved dependencies.
    requires: BTreeMap<String, Vec<String>>,
    /// Revision -> children and dependents.
    required_by: BTreeMap<String, Vec<String>>,
    /// Branch label -> revision.
    labels: BTreeMap<String, String>,
    /// Topological order, oldest first.
    order: Vec<String>,
}

impl RevisionGraph {
    /// Builds the graph.
    ///
    /// Errors with [`GraphError::DuplicateRevision`], [`GraphError::DuplicateBranchLabel`],
    /// [`GraphError::MissingDownRevision`], [`GraphError::MissingDependency`] or
    /// [`GraphError::Cycle`].
    pub fn new(revisions: Vec<Revision>) -> Result<Self> {
        let mut by_id: BTreeMap<String, Revision> = BTreeMap::new();
        let mut dup_files: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
        for rev in revisions {
            if let Some(first) = by_id.get(&rev.id) {
                let files = dup_files.entry(rev.id.clone()).or_default();
                if files.is_empty() {
                    files.extend(first.path.clone());
                }
                files.extend(rev.path.clone());
            } else {
                by_id.insert(rev.id.clone(), rev);
            }
        }
        if let Some((id, files)) = dup_files.into_iter().next() {
            return Err(GraphError::DuplicateRevision { id, files });
        }

        let mut labels: BTreeMap<String, String> = BTreeMap::new();
        for rev in by_id.values() {
            for label in &rev.branch_labels {
                if let Some(other) = labels.insert(label.clone(), rev.id.clone()) {
                    return Err(GraphError::DuplicateBranchLabel {
                        label: label.clone(),
                        revisions: vec![other, rev.id.clone()],
                    });
                }
            }
        }

        let mut children: BTreeMap<String, Vec<String>> = by_id.keys().map(|k| (k.clone(), Vec::new())).collect();
        let mut requires: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut required_by = children.clone();
        for rev in by_id.values() {
            let mut req = Vec::new();
            for down in &rev.down_revisions {
                if !by_id.contains_key(down) {
                    return Err(GraphError::MissingDownRevision {
                        revision: rev.id.clone(),
                        down_revision: down.clone(),
                        file: rev.path.clone(),
                    });
                }
                push_unique(children.entry(down.clone()).or_default(), &rev.id);
                push_unique(&mut req, down);
            }
            for dep in &rev.depends_on {
                let target = if by_id.contains_key(dep) {
                    dep.clone()
                } else if let Some(id) = labels.get(dep) {
                    id.clone()
                } else {
                    return Err(GraphError::MissingDependency { revision: rev.id.clone(), depends_on: dep.clone() });
                };
                if !req.contains(&target) {
                    req.push(target);
                }
            }
            for r in &req {
                push_unique(required_by.entry(r.clone()).or_default(), &rev.id);
            }
            requires.insert(rev.id.clone(), req);
        }

        let order = topological_order(&by_id, &requires, &required_by)?;
        Ok(RevisionGraph { revisions: by_id, children, requires, required_by, labels, order })
    }

    /// The revision with exactly this id.
    pub fn get(&self, id: &str) -> Option<&Revision> {
        self.revisions.get(id)
    }

    /// Number of revisions.
    pub fn len(&self) -> usize {
        self.revisions.len()
    }

    /// Whether the graph has no revision.
    pub fn is_empty(&self) -> bool {
        self.revisions.is_empty()
    }

    /// The revisions nothing follows, oldest first.
    pub fn heads(&self) -> Vec<String> {
        self.order.iter().filter(|id| self.children[*id].is_empty()).cloned().collect()
    }

    /// Whether `current` (a database's version-table rows) is exactly the graph's heads.
    pub fn is_at_heads(&self, current: &[String]) -> bool {
        let current: BTreeSet<&String> = current.iter().collect();
        let heads = self.heads();
        current.len() == heads.len() && heads.iter().all(|h| current.contains(h))
    }

    /// The revisions that follow `id` directly (its children over `down_revision` edges).
    pub fn children(&self, id: &str) -> Vec<String> {
        self.children.get(id).cloned().unwrap_or_default()
    }

    /// The revisions with more than one child over `down_revision` edges (where branches
    /// start), in id order.
    pub fn branch_points(&self) -> Vec<String> {
        self.children.iter().filter(|(_, c)| c.len() > 1).map(|(id, _)| id.clone()).collect()
    }

    /// The revisions that follow nothing, oldest first.
    pub fn bases(&self) -> Vec<String> {
        self.order.iter().filter(|id| self.revisions[*id].down_revisions.is_empty()).cloned().collect()
    }

    /// The revision named by a full id, a branch label or a unique id prefix.
    ///
    /// Errors with [`GraphError::UnknownRevision`] when nothing matches and
    /// [`GraphError::AmbiguousRevision`] when a prefix matches several ids.
    pub fn resolve(&self, id_or_prefix: &str) -> Result<&Revision> {
        if let Some(rev) = self.revisions.get(id_or_prefix) {
            return Ok(rev);
        }
        if let Some(id) = self.labels.get(id_or_prefix) {
            return Ok(&self.revisions[id]);
        }
        if id_or_prefix.is_empty() {
            return Err(GraphError::UnknownRevision(id_or_prefix.to_string()));
        }
        let candidates: Vec<&Revision> = self
            .revisions
            .range(id_or_prefix.to_string()..)
            .take_while(|(id, _)| id.starts_with(id_or_prefix))
            .map(|(_, r)| r)
            .collect();
        match candidates.as_slice() {
            [] => Err(GraphError::UnknownRevision(id_or_prefix.to_string())),
            [one] => Ok(one),
            many => Err(GraphError::AmbiguousRevision {
                prefix: id_or_prefix.to_string(),
                candidates: many.iter().map(|r| r.id.clone()).collect(),
            }),
        }
    }

    /// Every revision, newest first (each after everything that follows or depends on it).
    pub fn history(&self) -> Vec<&Revision> {
        self.order.iter().rev().map(|id| &self.revisions[id]).collect()
    }

    /// Everything `id` needs, through `down_revision` and `depends_on` edges (not `id` itself).
    ///
    /// Errors with [`GraphError::UnknownRevision`] when `id` is not in the graph.
    pub fn ancestors(&self, id: &str) -> Result<BTreeSet<String>> {
        let mut set = self.closure(&[id.to_string()])?;
        set.remove(id);
        Ok(set)
    }

    /// Everything that follows or depends on `id`, directly or not (not `id` itself).
    ///
    /// Errors with [`GraphError::UnknownRevision`] when `id` is not in the graph.
    pub fn descendants(&self, id: &str) -> Result<BTreeSet<String>> {
        self.known(id)?;
        let mut seen = BTreeSet::new();
        let mut stack = vec![id.to_string()];
        while let Some(cur) = stack.pop() {
            for next in &self.required_by[&cur] {
                if seen.insert(next.clone()) {
                    stack.push(next.clone());
                }
            }
        }
        Ok(seen)
    }

    /// The revisions to apply, oldest first, to go from `current_heads` (the version
    /// table's rows) to `target`: what `target` needs that is not applied yet.
    ///
    /// Errors when a current head is unknown or the target cannot be resolved.
    pub fn upgrade_plan(&self, current_heads: &[String], target: &str) -> Result<Vec<String>> {
        let applied = self.closure(current_heads)?;
        let targets = self.resolve_target(current_heads, target)?;
        let wanted = self.closure(&targets.into_iter().collect::<Vec<_>>())?;
        Ok(self.order.iter().filter(|id| wanted.contains(*id) && !applied.contains(*id)).cloned().collect())
    }

    /// The revisions to revert, newest first, to go from `current_heads` back to `target`:
    /// the applied revisions that follow or depend on the target (all of them for `base`).
    ///
    /// Applied revisions on branches that do not descend from the target stay applied, so
    /// going back on one branch never reverts another.
    ///
    /// Errors when a current head is unknown, the target cannot be resolved, or the
    /// target is not applied ([`GraphError::NotADowngradeTarget`]).
    pub fn downgrade_plan(&self, current_heads: &[String], target: &str) -> Result<Vec<String>> {
        let applied = self.closure(current_heads)?;
        let targets = self.resolve_target(current_heads, target)?;
        if targets.iter().any(|t| !applied.contains(t)) {
            return Err(GraphError::NotADowngradeTarget {
                target: target.to_string(),
                current: current_heads.to_vec(),
            });
        }
        let revert: BTreeSet<String> = if targets.is_empty() {
            applied
        } else {
            let keep = self.closure(&targets.iter().cloned().collect::<Vec<_>>())?;
            let mut below = BTreeSet::new();
            for t in &targets {
                below.extend(self.descendants(t)?);
            }
            below.into_iter().filter(|id| applied.contains(id) && !keep.contains(id)).collect()
        };
        Ok(self.order.iter().rev().filter(|id| revert.contains(*id)).cloned().collect())
    }

    /// The heads of an applied set: its members that no other member follows. This is
    /// what the version table holds once exactly `applied` is applied, oldest first.
    pub fn heads_of(&self, applied: &BTreeSet<String>) -> Vec<String> {
        self.order
            .iter()
            .filter(|id| applied.contains(*id))
            .filter(|id| self.children.get(*id).map_or(true, |cs| !cs.iter().any(|c| applied.contains(c))))
            .cloned()
            .collect()
    }

    /// The revisions a target names, given the current heads; empty for `base`.
    ///
    /// Errors with [`GraphError::MultipleHeads`] (`head` or a relative target with several
    /// heads), [`GraphError::RelativeOutOfRange`], [`GraphError::AmbiguousWalk`], or as
    /// [`RevisionGraph::resolve`].
    pub fn resolve_target(&self, current_heads: &[String], target: &str) -> Result<BTreeSet<String>> {
        for h in current_heads {
            self.known(h)?;
        }
        let t = target.trim();
        let one = |id: &str| Ok(BTreeSet::from([id.to_string()]));
        match t {
            "heads" => return Ok(self.heads().into_iter().collect()),
            "head" => return Ok(self.single_head(t)?.into_iter().collect()),
            "base" => return Ok(BTreeSet::new()),
            _ => {}
        }
        if let Some(label) = t.strip_suffix("@head") {
            let root = self.resolve(label)?.id.clone();
            let mut branch = self.descendants(&root)?;
            branch.insert(root);
            let heads: Vec<String> = self.heads().into_iter().filter(|h| branch.contains(h)).collect();
            return match heads.as_slice() {
                [h] => one(h),
                _ => Err(GraphError::MultipleHeads { heads, target: t.to_string() }),
            };
        }
        if let Some((start, sign, steps)) = split_relative(t) {
            let from: Option<String> = match start {
                "" => match current_heads {
                    [] => None,
                    [h] => Some(h.clone()),
                    many => return Err(GraphError::MultipleHeads { heads: many.to_vec(), target: t.to_string() }),
                },
                "head" => self.single_head(t)?,
                "base" => None,
                rev => Some(self.resolve(rev)?.id.clone()),
            };
            let end = if sign == '+' { self.step_up(from, steps, t)? } else { self.step_down(from, steps, t)? };
            return Ok(end.into_iter().collect());
        }
        one(&self.resolve(t)?.id)
    }

    /// The one head; `None` when there are no revisions at all.
    fn single_head(&self, target: &str) -> Result<Option<String>> {
        let heads = self.heads();
        match heads.as_slice() {
            [h] => Ok(Some(h.clone())),
            [] => Ok(None),
            _ => Err(GraphError::MultipleHeads { heads, target: target.to_string() }),
        }
    }

    fn step_up(&self, from: Option<String>, steps: usize, target: &str) -> Result<Option<String>> {
        let mut cur = from.clone();
        for taken in 0..steps {
            let next = match &cur {
                None => self.bases(),
                Some(id) => self.children[id].clone(),
            };
            match next.as_slice() {
                [] => return Err(self.out_of_range(target, &from, taken)),
                [n] => cur = Some(n.clone()),
                many => {
                    return Err(GraphError::AmbiguousWalk {
                        target: target.to_string(),
                        at: cur.unwrap_or_else(|| "base".to_string()),
                        candidates: many.to_vec(),
                    })
                }
            }
        }
        Ok(cur)
    }

    fn step_down(&self, from: Option<String>, steps: usize, target: &str) -> Result<Option<String>> {
        let mut cur = from.clone();
        for taken in 0..steps {
            let Some(id) = &cur else {
                return Err(self.out_of_range(target, &from, taken));
            };
            match self.revisions[id].down_revisions.as_slice() {
                [] => cur = None,
                [p] => cur = Some(p.clone()),
                many => {
                    return Err(GraphError::AmbiguousWalk {
                        target: target.to_string(),
                        at: id.clone(),
                        candidates: many.to_vec(),
                    })
                }
            }
        }
        Ok(cur)
    }

    fn out_of_range(&self, target: &str, from: &Option<String>, available: usize) -> GraphError {
        GraphError::RelativeOutOfRange {
            target: target.to_string(),
            from: from.clone().unwrap_or_else(|| "base".to_string()),
            available,
        }
    }

    fn known(&self, id: &str) -> Result<()> {
        if self.revisions.contains_key(id) {
            Ok(())
        } else {
            Err(GraphError::UnknownRevision(id.to_string()))
        }
    }

    /// `ids` and everything they need.
    fn closure(&self, ids: &[String]) -> Result<BTreeSet<String>> {
        let mut seen = BTreeSet::new();
        let mut stack = Vec::new();
        for id in ids {
            self.known(id)?;
            if seen.insert(id.clone()) {
                stack.push(id.clone());
            }
        }
        while let Some(cur) = stack.pop() {
            for next in &self.requires[&cur] {
                if seen.insert(next.clone()) {
                    stack.push(next.clone());
                }
            }
        }
        Ok(seen)
    }
}

fn push_unique(v: &mut Vec<String>, id: &str) {
    if !v.iter().any(|x| x == id) {
        v.push(id.to_string());
    }
}

/// Splits `abc+2` / `-1` into (start, sign, steps); `None` when not a relative target.
fn split_relative(t: &str) -> Option<(&str, char, usize)> {
    let at = t.rfind(['+', '-'])?;
    let steps: usize = t[at + 1..].parse().ok()?;
    if t[at + 1..].starts_with(['+', '-']) {
        return None;
    }
    let sign = t[at..].chars().next()?;
    Some((&t[..at], sign, steps))
}

/// Kahn's algorithm, smallest id first among the ready ones; a cycle when some are left.
fn topological_order(
    revisions: &BTreeMap<String, Revision>,
    requires: &BTreeMap<String, Vec<String>>,
    required_by: &BTreeMap<String, Vec<String>>,
) -> Result<Vec<String>> {
    let mut pending: BTreeMap<&str, usize> = requires.iter().map(|(id, req)| (id.as_str(), req.len())).collect();
    let mut ready: BTreeSet<&str> = pending.iter().filter(|(_, n)| **n == 0).map(|(id, _)| *id).collect();
    let mut order = Vec::with_capacity(revisions.len());
    while let Some(id) = ready.pop_first() {
        pending.remove(id);
        order.push(id.to_string());
        for next in &required_by[id] {
            if let Some(n) = pending.get_mut(next.as_str()) {
                *n -= 1;
                if *n == 0 {
                    ready.insert(next.as_str());
                }
            }
        }
    }
    if pending.is_empty() {
        return Ok(order);
    }
    // Walk parent edges among the left-over revisions until one repeats.
    let left: BTreeSet<&str> = pending.keys().copied().collect();
    let mut path: Vec<String> = Vec::new();
    let mut cur = *left.iter().next().ok_or_else(|| GraphError::Cycle(Vec::new()))?;
    loop {
        if let Some(pos) = path.iter().position(|p| p == cur) {
            let mut cycle: Vec<String> = path[pos..].to_vec();
            cycle.reverse();
            cycle.push(cycle[0].clone());
            return Err(GraphError::Cycle(cycle));
        }
        path.push(cur.to_string());
        match requires[cur].iter().find(|r| left.contains(r.as_str())) {
            Some(next) => cur = next.as_str(),
            None => return Err(GraphError::Cycle(path)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_database_is_at_heads_only_with_exactly_the_heads() {
        let g = RevisionGraph::new(vec![
            Revision::new("a1", &[]),
            Revision::new("b2", &["a1"]),
            Revision::new("c3", &["a1"]),
        ])
        .expect("graph");
        let ids = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(g.is_at_heads(&ids(&["c3", "b2"])));
        assert!(!g.is_at_heads(&ids(&["b2"])));
        assert!(!g.is_at_heads(&ids(&["b2", "c3", "a1"])));
        assert!(!g.is_at_heads(&[]));
    }

    fn graph(revs: &[(&str, &[&str])]) -> RevisionGraph {
        RevisionGraph::new(revs.iter().map(|(id, down)| Revision::new(*id, down)).collect()).expect("valid graph")
    }

    fn ids(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    fn set(v: &[&str]) -> BTreeSet<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    /// a1 <- b2 <- c3 <- d4
    fn chain() -> RevisionGraph {
        graph(&[("c3", &["b2"]), ("a1", &[]), ("d4", &["c3"]), ("b2", &["a1"])])
    }

    #[test]
    fn linear_chain_orders_oldest_first_and_history_newest_first() {
        let g = chain();
        assert_eq!(g.heads(), ids(&["d4"]));
        assert_eq!(g.bases(), ids(&["a1"]));
        let history: Vec<&str> = g.history().iter().map(|r| r.id.as_str()).collect();
        assert_eq!(history, ["d4", "c3", "b2", "a1"]);
        assert_eq!(g.ancestors("c3").expect("known"), set(&["a1", "b2"]));
        assert_eq!(g.upgrade_plan(&[], "head").expect("plan"), ids(&["a1", "b2", "c3", "d4"]));
        assert_eq!(g.upgrade_plan(&ids(&["b2"]), "head").expect("plan"), ids(&["c3", "d4"]));
        assert_eq!(g.upgrade_plan(&ids(&["b2"]), "c3").expect("plan"), ids(&["c3"]));
        assert_eq!(g.upgrade_plan(&ids(&["d4"]), "heads").expect("plan"), Vec::<String>::new());
    }

    #[test]
    fn an_empty_repository_has_nothing_to_apply() {
        let g = RevisionGraph::new(Vec::new()).expect("empty graph");
        assert!(g.heads().is_empty() && g.is_empty());
        assert_eq!(g.upgrade_plan(&[], "head").expect("plan"), Vec::<String>::new());
        assert_eq!(g.upgrade_plan(&[], "heads").expect("plan"), Vec::<String>::new());
        assert_eq!(g.downgrade_plan(&[], "base").expect("plan"), Vec::<String>::new());
        assert!(matches!(g.resolve_target(&[], "+1"), Err(GraphError::RelativeOutOfRange { .. })));
    }

    #[test]
    fn base_reverts_everything_newest_first() {
        let g = chain();
        assert_eq!(g.downgrade_plan(&ids(&["d4"]), "base").expect("plan"), ids(&["d4", "c3", "b2", "a1"]));
        assert_eq!(g.downgrade_plan(&ids(&["d4"]), "b2").expect("plan"), ids(&["d4", "c3"]));
        assert_eq!(g.downgrade_plan(&[], "base").expect("plan"), Vec::<String>::new());
        assert_eq!(g.resolve_target(&[], "base").expect("base"), BTreeSet::new());
    }

    #[test]
    fn downgrading_to_an_unapplied_revision_is_an_error_naming_it() {
        let g = chain();
        let err = g.downgrade_plan(&ids(&["b2"]), "d4").unwrap_err();
        assert_eq!(err.to_string(), "cannot downgrade to 'd4': it is not applied (current heads: b2)");
    }

    #[test]
    fn prefixes_resolve_when_unique() {
        let g = graph(&[("abc111", &[]), ("abd222", &["abc111"]), ("ff0000", &["abd222"])]);
        assert_eq!(g.resolve("abc").expect("unique").id, "abc111");
        assert_eq!(g.resolve("f").expect("unique").id, "ff0000");
        assert_eq!(g.resolve("abd222").expect("full").id, "abd222");
        assert_eq!(g.upgrade_plan(&[], "abd").expect("plan"), ids(&["abc111", "abd222"]));
    }

    #[test]
    fn unknown_and_ambiguous_ids_are_errors_naming_them() {
        let g = graph(&[("abc111", &[]), ("abd222", &["abc111"])]);
        let err = g.resolve("zz").unwrap_err();
        assert_eq!(err, GraphError::UnknownRevision("zz".into()));
        assert_eq!(err.to_string(), "unknown revision 'zz'");
        let err = g.resolve("ab").unwrap_err();
        assert_eq!(err.to_string(), "revision prefix 'ab' is ambiguous: it matches abc111, abd222");
        assert!(
            matches!(g.upgrade_plan(&ids(&["nope"]), "head"), Err(GraphError::UnknownRevision(id)) if id == "nope")
        );
        assert!(matches!(g.resolve(""), Err(GraphError::UnknownRevision(_))));
    }

    #[test]
    fn relative_targets_step_from_current_or_from_a_revision() {
        let g = chain();
        let current = ids(&["b2"]);
        assert_eq!(g.resolve_target(&current, "+1").expect("+1"), set(&["c3"]));
        assert_eq!(g.resolve_target(&current, "+2").expect("+2"), set(&["d4"]));
        assert_eq!(g.resolve_target(&current, "-1").expect("-1"), set(&["a1"]));
        assert_eq!(g.resolve_target(&current, "-2").expect("-2"), set(&[]));
        assert_eq!(g.resolve_target(&[], "+1").expect("+1 from base"), set(&["a1"]));
        assert_eq!(g.resolve_target(&[], "c3-1").expect("c3-1"), set(&["b2"]));
        assert_eq!(g.resolve_target(&[], "a1+3").expect("a1+3"), set(&["d4"]));
        assert_eq!(g.resolve_target(&[], "head-1").expect("head-1"), set(&["c3"]));
        assert_eq!(g.upgrade_plan(&current, "+1").expect("plan"), ids(&["c3"]));
        assert_eq!(g.downgrade_plan(&ids(&["d4"]), "-2").expect("plan"), ids(&["d4", "c3"]));
    }

    #[test]
    fn relative_targets_out_of_range_say_how_far_they_could_go() {
        let g = chain();
        let err = g.resolve_target(&ids(&["b2"]), "+3").unwrap_err();
        assert_eq!(err, GraphError::RelativeOutOfRange { target: "+3".into(), from: "b2".into(), available: 2 });
        assert_eq!(err.to_string(), "relative target '+3' is out of range: only 2 step(s) possible from b2");
        let err = g.resolve_target(&ids(&["b2"]), "-3").unwrap_err();
        assert_eq!(err, GraphError::RelativeOutOfRange { target: "-3".into(), from: "b2".into(), available: 2 });
        assert!(matches!(g.resolve_target(&[], "-1"), Err(GraphError::RelativeOutOfRange { available: 0, .. })));
    }

    #[test]
    fn duplicate_id_names_both_files() {
        let mut one = Revision::new("a1", &[]);
        one.path = Some(PathBuf::from("versions/a1_x.toml"));
        let mut two = Revision::new("a1", &[]);
        two.path = Some(PathBuf::from("versions/a1_y.toml"));
        let err = RevisionGraph::new(vec![one, two]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "revision 'a1' is defined more than once: in versions/a1_x.toml and versions/a1_y.toml"
        );
    }

    #[test]
    fn missing_down_revision_names_both_revisions() {
        let err = RevisionGraph::new(vec![Revision::new("a1", &[]), Revision::new("b2", &["zz"])]).unwrap_err();
        assert_eq!(
            err,
            GraphError::MissingDownRevision { revision: "b2".into(), down_revision: "zz".into(), file: None }
        );
        let mut dep = Revision::new("c3", &["a1"]);
        dep.depends_on = ids(&["nope"]);
        let err = RevisionGraph::new(vec![Revision::new("a1", &[]), dep]).unwrap_err();
        assert!(matches!(err, GraphError::MissingDependency { .. }), "{err}");
    }

    #[test]
    fn cycle_is_reported_along_its_path() {
        let err = RevisionGraph::new(vec![
            Revision::new("a1", &[]),
            Revision::new("b2", &["a1", "d4"]),
            Revision::new("c3", &["b2"]),
            Revision::new("d4", &["c3"]),
        ])
        .unwrap_err();
        let GraphError::Cycle(path) = &err else { panic!("expected a cycle, got {err}") };
        assert_eq!(path.len(), 4, "{path:?}");
        assert_eq!(path.first(), path.last());
        assert_eq!(set(&path.iter().map(String::as_str).collect::<Vec<_>>()), set(&["b2", "c3", "d4"]));
        assert!(err.to_string().starts_with("revisions form a cycle: "), "{err}");
    }

    /// r0 <- a1 <- a2 ; r0 <- b1 ; merge m3 <- (a2, b1) ; then n4 <- m3
    fn branched() -> RevisionGraph {
        let mut a1 = Revision::new("a1", &["r0"]);
        a1.branch_labels = ids(&["feature"]);
        RevisionGraph::new(vec![
            Revision::new("r0", &[]),
            a1,
            Revision::new("a2", &["a1"]),
            Revision::new("b1", &["r0"]),
            Revision::new("m3", &["a2", "b1"]),
            Revision::new("n4", &["m3"]),
        ])
        .expect("valid graph")
    }

    #[test]
    fn branches_before_the_merge_have_two_heads() {
        let g = graph(&[("r0", &[]), ("a1", &["r0"]), ("b1", &["r0"])]);
        assert_eq!(g.heads(), ids(&["a1", "b1"]));
        let err = g.upgrade_plan(&[], "head").unwrap_err();
        assert_eq!(err, GraphError::MultipleHeads { heads: ids(&["a1", "b1"]), target: "head".into() });
        assert!(err.to_string().contains("a1, b1"), "{err}");
        assert_eq!(g.upgrade_plan(&[], "heads").expect("plan"), ids(&["r0", "a1", "b1"]));
        assert_eq!(g.upgrade_plan(&ids(&["a1"]), "b1").expect("plan"), ids(&["b1"]));
        assert!(matches!(g.resolve_target(&ids(&["a1", "b1"]), "-1"), Err(GraphError::MultipleHeads { .. })));
        assert!(matches!(g.resolve_target(&ids(&["r0"]), "+1"), Err(GraphError::AmbiguousWalk { .. })));
        // Going back on one branch leaves the other applied.
        assert_eq!(g.downgrade_plan(&ids(&["a1", "b1"]), "r0").expect("plan"), ids(&["b1", "a1"]));
        assert_eq!(g.heads_of(&set(&["r0", "a1", "b1"])), ids(&["a1", "b1"]));
        assert_eq!(g.heads_of(&set(&["r0", "b1"])), ids(&["b1"]));
    }

    #[test]
    fn merge_revision_joins_branches_and_plans_walk_both() {
        let g = branched();
        assert_eq!(g.heads(), ids(&["n4"]));
        assert_eq!(g.bases(), ids(&["r0"]));
        assert_eq!(g.upgrade_plan(&[], "head").expect("plan"), ids(&["r0", "a1", "a2", "b1", "m3", "n4"]));
        assert_eq!(g.upgrade_plan(&ids(&["a2", "b1"]), "head").expect("plan"), ids(&["m3", "n4"]));
        assert_eq!(g.upgrade_plan(&ids(&["a1"]), "m3").expect("plan"), ids(&["a2", "b1", "m3"]));
        assert_eq!(g.heads_of(&set(&["r0", "a1", "a2", "b1"])), ids(&["a2", "b1"]));
        assert_eq!(g.heads_of(&set(&["r0", "a1", "a2", "b1", "m3"])), ids(&["m3"]));
        // Back to one side of the merge: the merge and what follows go; the other side stays.
        assert_eq!(g.downgrade_plan(&ids(&["n4"]), "a1").expect("plan"), ids(&["n4", "m3", "a2"]));
        let left: BTreeSet<String> = set(&["r0", "a1", "b1"]);
        assert_eq!(g.heads_of(&left), ids(&["a1", "b1"]));
        assert_eq!(g.downgrade_plan(&ids(&["n4"]), "base").expect("plan"), ids(&["n4", "m3", "b1", "a2", "a1", "r0"]));
        assert!(matches!(g.resolve_target(&ids(&["m3"]), "-1"), Err(GraphError::AmbiguousWalk { .. })));
        assert_eq!(g.resolve_target(&ids(&["m3"]), "+1").expect("+1"), set(&["n4"]));
    }

    #[test]
    fn branch_labels_name_a_branch_and_its_head() {
        let g = graph(&[("r0", &[]), ("a1", &["r0"]), ("a2", &["a1"]), ("b1", &["r0"])]);
        let mut revs: Vec<Revision> = g.history().into_iter().cloned().collect();
        for r in &mut revs {
            if r.id == "a1" {
                r.branch_labels = ids(&["feature"]);
            }
        }
        let g = RevisionGraph::new(revs).expect("valid");
        assert_eq!(g.resolve_target(&[], "feature@head").expect("label"), set(&["a2"]));
        assert_eq!(g.resolve("feature").expect("label").id, "a1");
        assert_eq!(g.upgrade_plan(&ids(&["b1"]), "feature@head").expect("plan"), ids(&["a1", "a2"]));
        let err = g.resolve_target(&[], "r0@head").unwrap_err();
        assert!(matches!(err, GraphError::MultipleHeads { .. }), "{err}");
    }

    #[test]
    fn depends_on_orders_and_pulls_in_the_dependency_but_keeps_heads() {
        let mut b1 = Revision::new("b1", &[]);
        b1.depends_on = ids(&["a2"]);
        let g = RevisionGraph::new(vec![Revision::new("a1", &[]), Revision::new("a2", &["a1"]), b1]).expect("valid");
        assert_eq!(g.heads(), ids(&["a2", "b1"]));
        assert_eq!(g.ancestors("b1").expect("known"), set(&["a1", "a2"]));
        assert_eq!(g.upgrade_plan(&[], "b1").expect("plan"), ids(&["a1", "a2", "b1"]));
        assert_eq!(g.heads_of(&set(&["a1", "a2", "b1"])), ids(&["a2", "b1"]));
        // Reverting the dependency reverts what depends on it.
        assert_eq!(g.downgrade_plan(&ids(&["a2", "b1"]), "a1").expect("plan"), ids(&["b1", "a2"]));
    }
}
