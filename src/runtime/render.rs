//! Operations to SQL text, without running it: for a revision about to run, and for a
//! DBA to run later (`upgrade --sql`).
//!
//! Invariant: operations are rendered in order against the schema as each earlier
//! operation leaves it, so names the database chose and rebuilt tables stay right.

use std::borrow::Cow;

use super::{Failure, HistoryTable, RevisionError, RuntimeResult, VersionTable};
use crate::dialect::expr::{self, Context};
use crate::dialect::Dialect;
use crate::operation::{find_check, DropCheckConstraint, Operation};
use crate::plan::Step;
use crate::schema::{CheckConstraint, Schema};

/// Renders operations as SQL against a schema, returning the statements and the schema after.
///
/// Errors naming the revision and the operation's position when an operation does not fit
/// or cannot be expressed.
pub fn render_operations(
    dialect: &dyn Dialect,
    revision: &str,
    operations: &[Operation],
    schema: &Schema,
) -> RuntimeResult<(Vec<String>, Schema)> {
    let (statements, schema) = render_numbered(dialect, operations, schema.clone())
        .map_err(|failure| RevisionError::new(revision, failure))?;
    Ok((statements.into_iter().map(|(_, sql)| sql).collect(), schema))
}

/// As [`render_operations`], each statement paired with the 1-based position of the
/// operation it comes from, and the schema taken (not copied); the failure does not name
/// the revision.
pub(super) fn render_numbered(
    dialect: &dyn Dialect,
    operations: &[Operation],
    mut schema: Schema,
) -> Result<(Vec<(usize, String)>, Schema), Failure> {
    let mut statements = Vec::new();
    for (i, op) in operations.iter().enumerate() {
        let operation = i + 1;
        let op = &*with_database_name(dialect, op, &schema);
        let sql = crate::dialect::render_operation(dialect, op, &schema)
            .map_err(|source| Failure::Render { operation, source })?;
        statements.extend(sql.into_iter().map(|s| (operation, s)));
        op.apply(&mut schema).map_err(|source| Failure::Operation { operation, source })?;
    }
    Ok((statements, schema))
}

/// The drop of an unnamed check, given the name the database gave the check: found in the
/// live schema by its condition, compared as the database stores it (MariaDB echoes
/// `qty >= 0` as `` `qty` >= 0 ``). Any other operation is returned as it is.
fn with_database_name<'a>(dialect: &dyn Dialect, op: &'a Operation, schema: &Schema) -> Cow<'a, Operation> {
    let Operation::DropCheckConstraint(drop) = op else { return Cow::Borrowed(op) };
    let (None, Some(want), Some(t)) = (&drop.name, &drop.expression, schema.table(&drop.table)) else {
        return Cow::Borrowed(op);
    };
    if find_check(t, &drop.name, &drop.expression).is_some() {
        return Cow::Borrowed(op);
    }
    let rules = dialect.expression_rules();
    let same = |c: &&CheckConstraint| c.name.is_some() && expr::equal(rules, &c.expression, want, Context::default());
    match t.check_constraints.iter().find(same) {
        Some(c) => {
            Cow::Owned(Operation::DropCheckConstraint(DropCheckConstraint { name: c.name.clone(), ..drop.clone() }))
        }
        None => Cow::Borrowed(op),
    }
}

/// Renders steps as one SQL text for a DBA to run (`upgrade --sql`), starting from `schema`
/// (the schema at the first step's starting point, computed by replaying scripts). Each
/// step is recorded in the history table as the runner records it (a row at its start,
/// marked done with the version table), without the statement-by-statement progress.
///
/// Errors as [`render_operations`].
pub fn render_offline(
    dialect: &dyn Dialect,
    version_table: &str,
    steps: &[Step],
    schema: &Schema,
) -> RuntimeResult<String> {
    let version = VersionTable::new(version_table);
    let history = HistoryTable::new(version_table);
    let mut out = String::new();
    out.push_str(&format!("{};\n\n", dialect.create_version_table(version_table)));
    out.push_str(&format!("{};\n\n", history.create_sql(dialect)));
    let mut schema = schema.clone();
    for step in steps {
        out.push_str(&format!("-- {}\n\n", step.log_line()));
        let transactional = dialect.transactional_ddl();
        if transactional {
            out.push_str("BEGIN;\n\n");
        }
        let (statements, after) = render_numbered(dialect, &step.operations, schema)
            .map_err(|failure| RevisionError::new(&step.revision, failure))?;
        out.push_str(&history.start_sql(dialect, step));
        out.push_str(";\n\n");
        for (_, sql) in statements {
            out.push_str(&sql);
            out.push_str(";\n\n");
        }
        for sql in version.replace_sql(dialect, &step.heads_before, &step.heads_after) {
            out.push_str(&sql);
            out.push_str(";\n\n");
        }
        out.push_str(&history.finish_sql(dialect, step));
        out.push_str(";\n\n");
        if transactional {
            out.push_str("COMMIT;\n\n");
        }
        schema = after;
    }
    Ok(out)
}
