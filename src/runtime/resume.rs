//! A revision where DDL cannot be rolled back (MySQL/MariaDB): its statements run one by
//! one, each recorded in the history table as it succeeds, so that a revision that stopped
//! — a statement that failed, a process killed — resumes after the last statement that
//! succeeded once its script is fixed.
//!
//! Invariant: a statement that ran is never run again. A stopped revision resumes only when
//! every operation whose statements ran is as it was then (its fingerprint) and the run
//! stopped between two operations; the rest is rendered against the catalog read afresh
//! (it holds what ran). Otherwise nothing runs, and the error names the revision and the
//! statement and says how to finish by hand. The version table moves only once every
//! statement succeeded, with the history row marked done in the same transaction.

use tracing::info;

use super::history::{self, fingerprint, DoneStatement, HistoryRecord, HistoryTable};
use super::known::{self, Known};
use super::{render, transaction, Aborted, Earlier, Failure, VersionTable, LOG_TARGET};
use crate::dialect::{Connection, DialectError};
use crate::plan::Step;

/// The history and version tables a step records itself in.
pub(super) struct Tables<'a> {
    /// The version table.
    pub(super) version: &'a VersionTable,
    /// The history table.
    pub(super) history: &'a HistoryTable,
}

/// Runs `step` statement by statement, resuming after `stopped`'s last statement when the
/// step stopped part-way before. Returns the schema the step left.
///
/// Errors with the failed statement (its number in the revision), or, when the stopped
/// run cannot resume, with [`Failure::ResumeChanged`] or [`Failure::ResumeInsideOperation`].
pub(super) async fn run_step(
    conn: &mut dyn Connection,
    tables: Tables<'_>,
    step: &Step,
    stopped: Option<&HistoryRecord>,
    known: Option<Known>,
) -> Result<Known, Aborted<Failure>> {
    let aborted = |error: Failure| Aborted { error, rollback: None };
    let (first, mut done) = match stopped {
        Some(record) => {
            let first = resume_point(step, record).map_err(aborted)?;
            let why = record.error.as_deref().unwrap_or("the run was interrupted");
            let (at, file) = (record.done.len() + 1, step.file());
            info!(target: LOG_TARGET, "Resuming {} at statement {at} ({file}); the last run stopped there: {why}", step.revision);
            (first, record.done.clone())
        }
        None => {
            let sql = tables.history.start_sql(conn.dialect(), step);
            conn.execute(&sql).await.map_err(|e| aborted(e.into()))?;
            (0, Vec::new())
        }
    };
    // Rendered against what the database really holds, names it chose included where the
    // step needs them; after a stop, what ran is in the catalog, not in `known`.
    let known = if stopped.is_some() { None } else { known };
    let skip = [tables.version.name(), tables.history.name()];
    let operations = &step.operations[first..];
    let known = known::schema_for(conn, &skip, known, operations).await.map_err(|e| aborted(e.into()))?;
    let (statements, after) = render::render_numbered(conn.dialect(), operations, known.schema.clone())
        .map_err(|f| aborted(shift(f, first)))?;
    let statements: Vec<(usize, String)> = statements.into_iter().map(|(op, sql)| (op + first, sql)).collect();
    let positions = history::positions(&step.operations, &statements);
    for ((operation, sql), position) in statements.iter().zip(positions) {
        let number = done.len() + 1;
        if let Err(source) = conn.execute(sql).await {
            let why = stop_note(number, *operation, sql, &source);
            let earlier = if number == 1 { Earlier::NothingApplied } else { Earlier::Stay };
            let failure = Failure::Statement { number, operation: *operation, source, earlier };
            if let Err(e) = tables.history.stopped(conn, step, &why).await {
                tracing::warn!(target: LOG_TARGET, "could not record where {} stopped: {e}", step.revision);
            }
            return Err(aborted(failure));
        }
        done.push(position);
        tables.history.progress(conn, step, &done).await.map_err(|e| aborted(e.into()))?;
    }
    let data = (step, &tables);
    transaction(conn, &data, |conn, (step, tables)| {
        Box::pin(async move {
            tables.version.replace(conn, &step.heads_before, &step.heads_after).await?;
            let sql = tables.history.finish_sql(conn.dialect(), step);
            Ok(conn.execute(&sql).await?)
        })
    })
    .await?;
    Ok(known.advance(after, operations))
}

/// Why a revision stopped, as the history table keeps it: the statement's number, its
/// operation, the SQL's first line and the database's message.
fn stop_note(number: usize, operation: usize, sql: &str, error: &DialectError) -> String {
    let first_line = sql.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or_default();
    let message = match error {
        DialectError::Query { source, .. } => source.to_string(),
        other => other.to_string(),
    };
    format!("statement {number} (operation {operation}) `{first_line}` failed: {message}")
}

/// A failure of the operations from `first` on, numbered in the whole revision.
fn shift(failure: Failure, first: usize) -> Failure {
    match failure {
        Failure::Render { operation, source } => Failure::Render { operation: operation + first, source },
        Failure::Operation { operation, source } => Failure::Operation { operation: operation + first, source },
        other => other,
    }
}

/// How many operations of `step` ran whole before it stopped as `record` says, once every
/// statement that ran is checked against the script as it is now.
///
/// Errors when an operation that ran changed, or when the run stopped inside an operation.
fn resume_point(step: &Step, record: &HistoryRecord) -> Result<usize, Failure> {
    let stamp = match step.heads_before.as_slice() {
        [] => "base".to_string(),
        heads => heads.join(" "),
    };
    for (i, DoneStatement { operation, fingerprint: then, .. }) in record.done.iter().enumerate() {
        let now = operation.checked_sub(1).and_then(|o| step.operations.get(o)).map(fingerprint);
        if now.as_deref() != Some(then.as_str()) {
            return Err(Failure::ResumeChanged {
                statement: i + 1,
                operation: *operation,
                done: record.done.len(),
                file: step.file(),
                stamp,
            });
        }
    }
    match record.done.last() {
        None => Ok(0),
        Some(last) if last.index == last.of => Ok(last.operation),
        Some(last) => Err(Failure::ResumeInsideOperation {
            operation: last.operation,
            done: record.done.len(),
            index: last.index,
            of: last.of,
            file: step.file(),
            stamp,
        }),
    }
}

/// The run that stopped part-way, read from the history table and checked against the
/// first step of the plan: it must be that step's (the same revision, the same way). A
/// stopped run of another step in which no statement succeeded is given up, as nothing of
/// it stays.
///
/// Errors with [`super::RuntimeError::Unfinished`] when another step stopped part-way, or
/// when the table cannot be read or written.
pub(super) async fn stopped_run(
    conn: &mut dyn Connection,
    history: &HistoryTable,
    first: &Step,
) -> super::RuntimeResult<Option<HistoryRecord>> {
    let records = history.read(conn).await?;
    match history::unfinished(&records) {
        None => Ok(None),
        Some(r) if history::unfinished_of(&records, first).is_some() => Ok(Some(r.clone())),
        Some(r) if r.done.is_empty() => {
            let sql = history.abandon_sql(conn.dialect());
            conn.execute(&sql).await?;
            Ok(None)
        }
        Some(r) => Err(super::RuntimeError::Unfinished {
            revision: r.revision.clone(),
            direction: r.direction.clone(),
            done: r.done.len(),
            error: r.error.clone(),
        }),
    }
}
