//! The audit trail beside the version table: the history table (`alambic_history`) records
//! every step run — revision, direction, the script's checksum, start and end times and
//! the tool's version — and, where DDL cannot be rolled back, how far a revision got,
//! statement by statement, so that a run that stopped resumes after the last statement
//! that succeeded.
//!
//! Invariant: where DDL is transactional a step's row is written inside the step's
//! transaction, with the version table, so the table never records a step that did not
//! commit. Elsewhere the row is written before the first statement (`running`), moved on
//! after each statement that succeeded, and marked `done` in the transaction that moves
//! the version table. A database migrated before the table existed gets it on first need,
//! and revisions it holds no record of are not checked. Times are the database's clock, in
//! UTC, as text that sorts as it reads.

use std::collections::{BTreeMap, BTreeSet};

use sha2::{Digest, Sha256};

use crate::dialect::{Connection, Dialect, DialectResult};
use crate::operation::Operation;
use crate::plan::{Direction, Step};
use crate::script::Script;

/// What the history table records as the tool that ran a step.
pub const TOOL_VERSION: &str = concat!("alambic ", env!("CARGO_PKG_VERSION"));

/// Longest error text kept in a row.
const MAX_ERROR: usize = 2000;

/// The name of the history table that goes with the version table `version_table`:
/// `alambic_history` beside `alembic_version`, keeping what precedes `alembic_version`
/// (`app_alembic_version` → `app_alambic_history`); any other name gets `_history`
/// (`versions` → `versions_history`).
pub fn history_table_name(version_table: &str) -> String {
    match version_table.strip_suffix("alembic_version") {
        Some(prefix) => format!("{prefix}alambic_history"),
        None => format!("{version_table}_history"),
    }
}

/// The name a direction has in the table.
fn direction_name(direction: Direction) -> &'static str {
    match direction {
        Direction::Upgrade => "upgrade",
        Direction::Downgrade => "downgrade",
    }
}

/// One statement of a stopped revision that already ran: which operation it came from,
/// its place among that operation's statements, and the operation's fingerprint then.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DoneStatement {
    /// 1-based position of the operation in the revision.
    pub operation: usize,
    /// 1-based position of the statement among the operation's.
    pub index: usize,
    /// How many statements the operation rendered to.
    pub of: usize,
    /// The operation's fingerprint: the first 16 hex digits of the SHA-256 of its TOML form.
    pub fingerprint: String,
}

impl DoneStatement {
    /// Its form in the table: `2.1/1:0123456789abcdef`.
    fn token(&self) -> String {
        format!("{}.{}/{}:{}", self.operation, self.index, self.of, self.fingerprint)
    }

    /// Reads [`DoneStatement::token`]'s form back.
    fn parse(token: &str) -> Option<Self> {
        let (place, fingerprint) = token.split_once(':')?;
        let (operation, rest) = place.split_once('.')?;
        let (index, of) = rest.split_once('/')?;
        Some(Self {
            operation: operation.parse().ok()?,
            index: index.parse().ok()?,
            of: of.parse().ok()?,
            fingerprint: fingerprint.to_string(),
        })
    }
}

/// A short fingerprint of an operation as the script spells it (its TOML form): the same
/// operation in a fixed script renders the same statements against the same schema.
pub fn fingerprint(op: &Operation) -> String {
    let text = toml::Value::try_from(op).map(|v| v.to_string()).unwrap_or_else(|_| format!("{op:?}"));
    hex::encode(&Sha256::digest(text.as_bytes())[..8])
}

/// The statements of a revision as [`DoneStatement`]s, from `(operation, sql)` pairs with
/// the 1-based position of each one's operation in `operations`.
pub(super) fn positions(operations: &[Operation], statements: &[(usize, String)]) -> Vec<DoneStatement> {
    let mut out: Vec<DoneStatement> = Vec::with_capacity(statements.len());
    for (i, (operation, _)) in statements.iter().enumerate() {
        let index = match out.last() {
            Some(last) if last.operation == *operation => last.index + 1,
            _ => 1,
        };
        let of = statements[i..].iter().take_while(|(o, _)| o == operation).count() + index - 1;
        let fingerprint = operations.get(operation - 1).map(fingerprint).unwrap_or_default();
        out.push(DoneStatement { operation: *operation, index, of, fingerprint });
    }
    out
}

/// One row of the history table.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct HistoryRecord {
    /// Its number, in the order rows were written.
    pub id: i64,
    /// The revision.
    pub revision: String,
    /// `upgrade`, `downgrade`, `stamp`, or `modified` (an applied script whose change was
    /// accepted with `--allow-modified`: the row carries its new checksum).
    pub direction: String,
    /// The script's checksum (see [`crate::script::file::checksum`]); empty when unknown.
    pub checksum: String,
    /// When the step began (UTC).
    pub started_at: String,
    /// When it completed (UTC); `None` while it runs or after it stopped.
    pub finished_at: Option<String>,
    /// The tool that ran it (`alambic 0.1.0`).
    pub tool_version: String,
    /// `running` (running, or stopped part-way), `done`, or `abandoned` (a stopped run
    /// given up by `stamp`).
    pub state: String,
    /// The statements of a running or stopped step that succeeded, in order.
    pub done: Vec<DoneStatement>,
    /// Why a stopped step stopped (statement, its first line, the database's message).
    pub error: Option<String>,
}

impl HistoryRecord {
    /// Whether this is a step that began and has not completed.
    pub fn is_running(&self) -> bool {
        self.state == "running"
    }

    /// Whether it records `step`.
    fn is_of(&self, step: &Step) -> bool {
        self.revision == step.revision && self.direction == direction_name(step.direction)
    }
}

/// The history table of one migration context.
#[derive(Debug, Clone)]
pub struct HistoryTable {
    name: String,
}

impl HistoryTable {
    /// The history table that goes with the version table `version_table` (see
    /// [`history_table_name`]).
    pub fn new(version_table: &str) -> Self {
        Self { name: history_table_name(version_table) }
    }

    /// Its name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The statement that creates the table if it is missing.
    pub fn create_sql(&self, d: &dyn Dialect) -> String {
        format!(
            "CREATE TABLE IF NOT EXISTS {} (id INTEGER NOT NULL, revision VARCHAR(32) NOT NULL, \
             direction VARCHAR(16) NOT NULL, checksum VARCHAR(64) NOT NULL, started_at VARCHAR(32) NOT NULL, \
             finished_at VARCHAR(32), tool_version VARCHAR(64) NOT NULL, state VARCHAR(16) NOT NULL, \
             statements_done INTEGER NOT NULL, statements TEXT, error TEXT, CONSTRAINT {} PRIMARY KEY (id))",
            d.quote(&self.name),
            d.quote(&format!("{}_pkc", self.name)),
        )
    }

    /// Creates the table when it is missing.
    ///
    /// Errors when the database refuses.
    pub async fn ensure(&self, conn: &mut dyn Connection) -> DialectResult<()> {
        if !conn.table_exists(&self.name).await? {
            let sql = self.create_sql(conn.dialect());
            conn.execute(&sql).await?;
        }
        Ok(())
    }

    /// The statement that records a new row: `running` from now, or `done` at once.
    fn insert_sql(&self, d: &dyn Dialect, revision: &str, direction: &str, checksum: &str, done: bool) -> String {
        let table = d.quote(&self.name);
        let now = d.utc_now_text();
        let (state, finished) = if done { ("done", now.as_str()) } else { ("running", "NULL") };
        format!(
            "INSERT INTO {table} (id, revision, direction, checksum, started_at, finished_at, tool_version, state, \
             statements_done) SELECT COALESCE(MAX(id), 0) + 1, {}, {}, {}, {now}, {finished}, {}, '{state}', 0 \
             FROM {table}",
            d.literal(revision),
            d.literal(direction),
            d.literal(checksum),
            d.literal(TOOL_VERSION),
        )
    }

    /// The statement that records the start of `step` (`running`).
    pub fn start_sql(&self, d: &dyn Dialect, step: &Step) -> String {
        self.insert_sql(d, &step.revision, direction_name(step.direction), &step.checksum, false)
    }

    /// The statement that records a step completed now (in the transaction that moves the
    /// version table), with the script's checksum as it is now.
    pub fn finish_sql(&self, d: &dyn Dialect, step: &Step) -> String {
        self.update_running(
            d,
            step,
            &format!(
                "state = 'done', finished_at = {}, checksum = {}, error = NULL",
                d.utc_now_text(),
                d.literal(&step.checksum)
            ),
        )
    }

    /// The statement that records how far a running step got.
    fn progress_sql(&self, d: &dyn Dialect, step: &Step, done: &[DoneStatement]) -> String {
        let tokens: Vec<String> = done.iter().map(DoneStatement::token).collect();
        let set = format!("statements_done = {}, statements = {}", done.len(), d.literal(&tokens.join(" ")));
        self.update_running(d, step, &set)
    }

    /// The statement that records why a running step stopped.
    fn stopped_sql(&self, d: &dyn Dialect, step: &Step, error: &str) -> String {
        let error: String = error.chars().take(MAX_ERROR).collect();
        self.update_running(d, step, &format!("error = {}", d.literal(&error)))
    }

    fn update_running(&self, d: &dyn Dialect, step: &Step, set: &str) -> String {
        format!(
            "UPDATE {} SET {set} WHERE revision = {} AND direction = {} AND state = 'running'",
            d.quote(&self.name),
            d.literal(&step.revision),
            d.literal(direction_name(step.direction)),
        )
    }

    /// Records that `done` statements of `step` succeeded.
    ///
    /// Errors when the database refuses.
    pub(super) async fn progress(
        &self,
        conn: &mut dyn Connection,
        step: &Step,
        done: &[DoneStatement],
    ) -> DialectResult<()> {
        let sql = self.progress_sql(conn.dialect(), step, done);
        conn.execute(&sql).await
    }

    /// Records why `step` stopped.
    ///
    /// Errors when the database refuses.
    pub(super) async fn stopped(&self, conn: &mut dyn Connection, step: &Step, error: &str) -> DialectResult<()> {
        let sql = self.stopped_sql(conn.dialect(), step, error);
        conn.execute(&sql).await
    }

    /// The statements `stamp` adds: the stopped runs given up (`abandoned`), then a `stamp`
    /// row for each revision `after` holds that `before` did not, with its script's
    /// checksum when the script is known.
    pub fn stamp_sql(
        &self,
        d: &dyn Dialect,
        before: &[String],
        after: &[String],
        scripts: &BTreeMap<String, Script>,
    ) -> Vec<String> {
        let mut out = vec![self.abandon_sql(d)];
        for head in after.iter().filter(|h| !before.contains(h)) {
            let checksum = scripts.get(head).map(|s| s.checksum.as_str()).unwrap_or_default();
            out.push(self.insert_sql(d, head, "stamp", checksum, true));
        }
        out
    }

    /// The statement that gives up every run that stopped part-way (`abandoned`).
    pub fn abandon_sql(&self, d: &dyn Dialect) -> String {
        format!(
            "UPDATE {} SET state = 'abandoned', finished_at = {} WHERE state = 'running'",
            d.quote(&self.name),
            d.utc_now_text()
        )
    }

    /// The statement that records the change of an applied script accepted with
    /// `--allow-modified`, with its new checksum.
    pub fn modified_sql(&self, d: &dyn Dialect, revision: &str, checksum: &str) -> String {
        self.insert_sql(d, revision, "modified", checksum, true)
    }

    /// Every row, oldest first; none when the table does not exist.
    ///
    /// Errors when the table cannot be read.
    pub async fn read(&self, conn: &mut dyn Connection) -> DialectResult<Vec<HistoryRecord>> {
        if !conn.table_exists(&self.name).await? {
            return Ok(Vec::new());
        }
        let table = conn.dialect().quote(&self.name);
        let mut columns = Vec::new();
        // One query per column: the connection reads rows as text, one column at a time.
        for column in [
            "id",
            "revision",
            "direction",
            "checksum",
            "started_at",
            "finished_at",
            "tool_version",
            "state",
            "statements",
            "error",
        ] {
            columns.push(conn.fetch_strings(&format!("SELECT {column} FROM {table} ORDER BY id")).await?);
        }
        let text = |c: usize, i: usize| columns[c].get(i).cloned().unwrap_or_default();
        let optional = |c: usize, i: usize| Some(text(c, i)).filter(|t| !t.is_empty());
        Ok((0..columns[0].len())
            .map(|i| HistoryRecord {
                id: text(0, i).parse().unwrap_or_default(),
                revision: text(1, i),
                direction: text(2, i),
                checksum: text(3, i),
                started_at: text(4, i),
                finished_at: optional(5, i),
                tool_version: text(6, i),
                state: text(7, i),
                done: text(8, i).split_whitespace().filter_map(DoneStatement::parse).collect(),
                error: optional(9, i),
            })
            .collect())
    }
}

/// The step that began and did not complete, if any (the newest).
pub fn unfinished(records: &[HistoryRecord]) -> Option<&HistoryRecord> {
    records.iter().rev().find(|r| r.is_running())
}

/// The unfinished row of `step`, if its run stopped part-way.
pub(super) fn unfinished_of<'a>(records: &'a [HistoryRecord], step: &Step) -> Option<&'a HistoryRecord> {
    unfinished(records).filter(|r| r.is_of(step))
}

/// For each revision, the checksum recorded when it was last applied (an upgrade, a stamp,
/// or an accepted change), when there is one.
pub fn recorded_checksums(records: &[HistoryRecord]) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for r in records {
        let applies = matches!(r.direction.as_str(), "upgrade" | "stamp" | "modified");
        if r.state == "done" && applies && !r.checksum.is_empty() {
            out.insert(r.revision.clone(), r.checksum.clone());
        }
    }
    out
}

/// An applied revision whose script changed since it was applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Modified {
    /// The revision.
    pub revision: String,
    /// Its script's file (or `revision <id>` when it was not read from one).
    pub file: String,
    /// The checksum recorded when it was applied.
    pub recorded: String,
    /// The script's checksum now.
    pub now: String,
}

/// The revisions of `applied` whose script's checksum differs from the one recorded when
/// they were applied. Revisions with no record are not checked.
pub fn modified_scripts(
    records: &[HistoryRecord],
    applied: &BTreeSet<String>,
    scripts: &BTreeMap<String, Script>,
) -> Vec<Modified> {
    let recorded = recorded_checksums(records);
    let mut out = Vec::new();
    for revision in applied {
        let (Some(then), Some(script)) = (recorded.get(revision), scripts.get(revision)) else { continue };
        if *then != script.checksum {
            let file = match &script.path {
                Some(path) => path.display().to_string(),
                None => format!("revision {revision}"),
            };
            out.push(Modified {
                revision: revision.clone(),
                file,
                recorded: then.clone(),
                now: script.checksum.clone(),
            });
        }
    }
    out
}

impl super::MigrationContext {
    /// The history table's rows, oldest first (none when it does not exist yet).
    ///
    /// Errors when the table cannot be read.
    pub async fn history(&mut self) -> super::RuntimeResult<Vec<HistoryRecord>> {
        Ok(self.history.read(self.conn.as_mut()).await?)
    }

    /// Refuses to go on when a revision applied at `current` has a script whose checksum
    /// differs from the one recorded when it was applied; with `allow_modified`, records the
    /// new checksums instead (a `modified` row each) and warns.
    ///
    /// Errors with [`RuntimeError::Modified`](super::RuntimeError::Modified) naming the
    /// first such file, or when the history table cannot be read or written.
    pub(super) async fn check_unmodified(
        &mut self,
        graph: &crate::script::RevisionGraph,
        scripts: &BTreeMap<String, Script>,
        current: &[String],
    ) -> super::RuntimeResult<()> {
        let records = self.history.read(self.conn.as_mut()).await?;
        if records.is_empty() {
            return Ok(());
        }
        let mut applied: BTreeSet<String> = current.iter().cloned().collect();
        for head in current {
            applied.extend(graph.ancestors(head).map_err(crate::plan::PlanError::from)?);
        }
        let modified = modified_scripts(&records, &applied, scripts);
        if let (Some(m), false) = (modified.first(), self.allow_modified) {
            let Modified { revision, file, recorded, now } = m.clone();
            return Err(super::RuntimeError::Modified { revision, file, recorded, now });
        }
        for m in &modified {
            tracing::warn!(target: super::LOG_TARGET, "{} changed since revision {} was applied; recording its new checksum", m.file, m.revision);
            let sql = self.history.modified_sql(self.conn.dialect(), &m.revision, &m.now);
            self.conn.execute(&sql).await?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::operation::Execute;

    #[test]
    fn the_history_table_follows_the_version_table_name() {
        assert_eq!(history_table_name("alembic_version"), "alambic_history");
        assert_eq!(history_table_name("app_alembic_version"), "app_alambic_history");
        assert_eq!(history_table_name("versions"), "versions_history");
    }

    #[test]
    fn statement_positions_read_back_from_their_tokens() {
        let ops = vec![Operation::Execute(Execute::default()), Operation::Execute(Execute::default())];
        let statements = vec![(1, "a".to_string()), (2, "b".to_string()), (2, "c".to_string())];
        let done = positions(&ops, &statements);
        let places: Vec<(usize, usize, usize)> = done.iter().map(|d| (d.operation, d.index, d.of)).collect();
        assert_eq!(places, [(1, 1, 1), (2, 1, 2), (2, 2, 2)]);
        for d in &done {
            assert_eq!(DoneStatement::parse(&d.token()).as_ref(), Some(d));
        }
        assert_eq!(done[0].fingerprint.len(), 16);
    }
}
