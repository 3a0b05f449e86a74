//! What the reader tells about a schema file besides the schema: each statement it skipped
//! and each thing it read but could not keep, with its line.
//!
//! Invariant: every note is kept twice over — once in full, one line per statement
//! ([`SchemaFile::notes`](super::SchemaFile::notes)), and once in the printed summary
//! ([`SchemaFile::summary`](super::SchemaFile::summary)), where the skipped statements of
//! each kind share one line naming their lines and every other note keeps a line of its own.
//! Nothing read is left out of either.

use std::path::Path;

/// The kinds of statement the reader skips: objects alambic does not manage, and dump
/// bookkeeping that says something but nothing alambic keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Skipped {
    View,
    MaterializedView,
    Function,
    Procedure,
    Trigger,
    VirtualTable,
    Extension,
    Schema,
    Database,
    Grant,
    Sequence,
    SequenceChange,
    Type,
    Comment,
    ClientCommand,
    InternalTable,
    Drop,
    StorageSetting,
    TableSetting,
    Policy,
    Rule,
    OtherObject,
    Event,
    Data,
    IndexOnView,
}

impl Skipped {
    /// The kind's name, singular and plural.
    fn names(self) -> (&'static str, &'static str) {
        match self {
            Skipped::View => ("view", "views"),
            Skipped::MaterializedView => ("materialized view", "materialized views"),
            Skipped::Function => ("function", "functions"),
            Skipped::Procedure => ("procedure", "procedures"),
            Skipped::Trigger => ("trigger", "triggers"),
            Skipped::VirtualTable => ("virtual table", "virtual tables"),
            Skipped::Extension => ("extension", "extensions"),
            Skipped::Schema => ("schema", "schemas"),
            Skipped::Database => ("database", "databases"),
            Skipped::Grant => ("grant", "grants"),
            Skipped::Sequence => ("sequence", "sequences"),
            Skipped::SequenceChange => ("ALTER SEQUENCE", "ALTER SEQUENCEs"),
            Skipped::Type => ("type", "types"),
            Skipped::Comment => ("comment on another object", "comments on other objects"),
            Skipped::ClientCommand => ("client command", "client commands"),
            Skipped::InternalTable => ("internal table", "internal tables"),
            Skipped::Drop => ("DROP ... IF EXISTS statement", "DROP ... IF EXISTS statements"),
            Skipped::StorageSetting => ("storage setting", "storage settings"),
            Skipped::TableSetting => ("table setting", "table settings"),
            Skipped::Policy => ("policy", "policies"),
            Skipped::Rule => ("rule", "rules"),
            Skipped::OtherObject => ("other object", "other objects"),
            Skipped::Event => ("event", "events"),
            Skipped::Data => ("data statement", "data statements"),
            Skipped::IndexOnView => ("index on a view", "indexes on views"),
        }
    }
}

/// One note: its line, the kind of statement skipped (`None` for a note of its own), and
/// its text without the file and line.
#[derive(Debug, Clone)]
pub(super) struct Note {
    pub line: u64,
    pub skipped: Option<Skipped>,
    pub text: String,
}

/// Every note in full, one line each (`schema.sql:12: skipped view 'v' (...)`), by line.
pub(super) fn full(path: &Path, notes: &[Note]) -> Vec<String> {
    notes.iter().map(|n| format!("{}:{}: {}", path.display(), n.line, n.text)).collect()
}

/// What to print: one line for all skipped statements, by kind with their lines
/// (`schema.sql: skipped 3 views (lines 40, 52, 77), 2 triggers (lines 90, 95)`), then each
/// other note on a line of its own. `notes` are sorted by line.
pub(super) fn summary(path: &Path, notes: &[Note]) -> Vec<String> {
    let mut kinds: Vec<(Skipped, Vec<u64>)> = Vec::new();
    for note in notes {
        let Some(kind) = note.skipped else { continue };
        match kinds.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, lines)) => lines.push(note.line),
            None => kinds.push((kind, vec![note.line])),
        }
    }
    // Each note counts; a line with several (`DROP TABLE IF EXISTS a, b`) is listed once.
    let mut out = Vec::new();
    if !kinds.is_empty() {
        let parts: Vec<String> = kinds
            .iter()
            .map(|(kind, lines)| {
                let (one, many) = kind.names();
                let mut distinct = lines.clone();
                distinct.dedup();
                let listed = distinct.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ");
                let count = match lines.len() {
                    1 => format!("1 {one}"),
                    n => format!("{n} {many}"),
                };
                let at = if distinct.len() == 1 { "line" } else { "lines" };
                format!("{count} ({at} {listed})")
            })
            .collect();
        out.push(format!("{}: skipped {}", path.display(), parts.join(", ")));
    }
    out.extend(
        notes.iter().filter(|n| n.skipped.is_none()).map(|n| format!("{}:{}: {}", path.display(), n.line, n.text)),
    );
    out
}
