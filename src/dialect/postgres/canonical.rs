//! Lets PostgreSQL spell the desired expressions that still differ in text from the live
//! ones after the comparison rules ([`super::PostgresRules`]): column defaults, generated
//! expressions, checks, index expressions and partial-index conditions.
//!
//! Invariants: nothing is sent when every expression already compares equal, so a run with
//! no change costs no query; the scratch tables hold only the objects that differ and live
//! in the session's temporary schema inside a transaction that is always rolled back; a
//! desired expression is replaced by the server's spelling only when that spelling
//! compares equal to the live one (a real change keeps the text as written); an
//! expression the server refuses is left as written.

use std::collections::BTreeMap;

use crate::dialect::{Connection, Dialect, DialectResult};
use crate::schema::{CheckConstraint, Column, Index, Schema, Table};

use super::render::{column_type, index_statement};
use super::{quote, PostgresConnection, PostgresDialect};

/// The objects of one desired table whose expressions differ from the live table's, by
/// their position in the desired table.
#[derive(Debug, Default)]
struct Differing {
    defaults: Vec<usize>,
    generated: Vec<usize>,
    checks: Vec<usize>,
    indexes: Vec<usize>,
}

impl Differing {
    fn is_empty(&self) -> bool {
        self.defaults.is_empty() && self.generated.is_empty() && self.checks.is_empty() && self.indexes.is_empty()
    }
}

/// The name a desired check or index takes on its scratch table.
fn scratch_check(k: usize) -> String {
    format!("alambic_canonical_ck_{k}")
}

fn scratch_index(k: usize) -> String {
    format!("alambic_canonical_ix_{k}")
}

/// The expressions of `desired` that the comparison rules do not find equal to `live`'s.
fn differing(d: &PostgresDialect, desired: &Table, live: &Table) -> Differing {
    let mut out = Differing::default();
    for (k, c) in desired.columns.iter().enumerate() {
        let Some(l) = live.column(&c.name) else { continue };
        if let (Some(dg), Some(lg)) = (&c.generated, &l.generated) {
            if !d.checks_equal(&dg.expression, &lg.expression) {
                out.generated.push(k);
            }
        } else if let (Some(dd), Some(ld), false) = (&c.server_default, &l.server_default, c.autoincrement) {
            if !d.defaults_equal(c, Some(dd), Some(ld)) {
                out.defaults.push(k);
            }
        }
    }
    for (k, ck) in desired.check_constraints.iter().enumerate() {
        let mut counterparts = live.check_constraints.iter().filter(|l| ck.name.is_none() || l.name == ck.name);
        let first = counterparts.clone().next().is_some();
        if first && !counterparts.any(|l| d.checks_equal(&ck.expression, &l.expression)) {
            out.checks.push(k);
        }
    }
    for (k, ix) in desired.indexes.iter().enumerate() {
        let Some(l) = live.indexes.iter().find(|l| l.name == ix.name) else { continue };
        let predicate_differs = match (&ix.predicate, &l.predicate) {
            (Some(a), Some(b)) => !d.checks_equal(a, b),
            _ => false,
        };
        if predicate_differs || !d.index_entries_equal(&ix.columns, &l.columns) {
            out.indexes.push(k);
        }
    }
    out
}

/// The statements that build the scratch copy of `table` holding only what differs: its
/// columns with their types and collations, then each differing object on its own.
fn scratch_statements(table: &Table, differing: &Differing) -> Vec<String> {
    let name = quote(&table.name);
    let plain: Vec<String> = table
        .columns
        .iter()
        .enumerate()
        .filter(|(k, _)| !differing.generated.contains(k))
        .map(|(_, c)| {
            // The column's collation, which decides whether an index key's is its own.
            let collation = c.collation.as_ref().map(|co| format!(" COLLATE {}", quote(co))).unwrap_or_default();
            format!("{} {}{collation}", quote(&c.name), column_type(&table.name, &c.name, &c.r#type))
        })
        .collect();
    let mut out = vec![format!("CREATE TEMPORARY TABLE {name} ({})", plain.join(", "))];
    for &k in &differing.generated {
        let c = &table.columns[k];
        let expression = c.generated.as_ref().map(|g| g.expression.as_str()).unwrap_or_default();
        out.push(format!(
            "ALTER TABLE {name} ADD COLUMN {} {} GENERATED ALWAYS AS ({expression}) STORED",
            quote(&c.name),
            column_type(&table.name, &c.name, &c.r#type)
        ));
    }
    for &k in &differing.defaults {
        let c: &Column = &table.columns[k];
        let default = c.server_default.as_deref().unwrap_or_default();
        out.push(format!("ALTER TABLE {name} ALTER COLUMN {} SET DEFAULT {default}", quote(&c.name)));
    }
    for &k in &differing.checks {
        let check: &CheckConstraint = &table.check_constraints[k];
        out.push(format!(
            "ALTER TABLE {name} ADD CONSTRAINT {} CHECK ({})",
            quote(&scratch_check(k)),
            check.expression
        ));
    }
    for &k in &differing.indexes {
        let index = Index { name: scratch_index(k), unique: false, ..table.indexes[k].clone() };
        out.push(index_statement(table, &index));
    }
    out
}

/// Replaces each differing expression of `desired` by the server's spelling of it (read
/// from `spelled`, the scratch tables) where that spelling compares equal to `live`'s.
fn adopt(d: &PostgresDialect, desired: &mut Table, live: &Table, spelled: &Table, differing: &Differing) {
    for &k in differing.defaults.iter().chain(&differing.generated) {
        let c = &mut desired.columns[k];
        let (Some(l), Some(s)) = (live.column(&c.name), spelled.column(&c.name)) else { continue };
        if let (Some(g), Some(sg), Some(lg)) = (&mut c.generated, &s.generated, &l.generated) {
            if d.checks_equal(&sg.expression, &lg.expression) {
                g.expression = sg.expression.clone();
            }
        } else if let (Some(sd), Some(ld)) = (&s.server_default, &l.server_default) {
            if d.defaults_equal(c, Some(sd), Some(ld)) {
                c.server_default = Some(sd.clone());
            }
        }
    }
    for &k in &differing.checks {
        let name = scratch_check(k);
        let Some(s) = spelled.check_constraints.iter().find(|s| s.name.as_deref() == Some(name.as_str())) else {
            continue;
        };
        let ck = &mut desired.check_constraints[k];
        let matches = |l: &&CheckConstraint| ck.name.is_none() || l.name == ck.name;
        if live.check_constraints.iter().filter(matches).any(|l| d.checks_equal(&s.expression, &l.expression)) {
            ck.expression = s.expression.clone();
        }
    }
    for &k in &differing.indexes {
        let name = scratch_index(k);
        let ix = &mut desired.indexes[k];
        let (Some(s), Some(l)) =
            (spelled.indexes.iter().find(|s| s.name == name), live.indexes.iter().find(|l| l.name == ix.name))
        else {
            continue;
        };
        if d.index_entries_equal(&s.columns, &l.columns) {
            ix.columns = s.columns.clone();
        }
        if let (Some(sp), Some(lp)) = (&s.predicate, &l.predicate) {
            if d.checks_equal(sp, lp) {
                ix.predicate = Some(sp.clone());
            }
        }
    }
}

/// See [`Connection::canonicalize_expressions`] and the module's invariants.
///
/// Errors when the transaction cannot be opened or rolled back, or the scratch tables
/// cannot be read.
pub(crate) async fn canonicalize(
    conn: &mut PostgresConnection,
    desired: &mut Schema,
    live: &Schema,
) -> DialectResult<()> {
    let d = PostgresDialect;
    let work: BTreeMap<String, Differing> = desired
        .tables
        .values()
        .filter_map(|t| live.table(&t.name).map(|l| (t.name.clone(), differing(&d, t, l))))
        .filter(|(_, differing)| !differing.is_empty())
        .collect();
    if work.is_empty() {
        return Ok(());
    }
    conn.begin().await?;
    let spelled = spell(conn, desired, &work).await;
    conn.rollback().await?;
    let spelled = spelled?;
    for (name, differing) in &work {
        let (Some(t), Some(l), Some(s)) = (desired.tables.get_mut(name), live.table(name), spelled.table(name)) else {
            continue;
        };
        adopt(&d, t, l, s, differing);
    }
    Ok(())
}

/// Builds the scratch tables in the session's temporary schema (first on the search path,
/// so the catalog queries read it) and reads them back. A statement the server refuses is
/// undone alone and its object left out.
async fn spell(
    conn: &mut PostgresConnection,
    desired: &Schema,
    work: &BTreeMap<String, Differing>,
) -> DialectResult<Schema> {
    conn.fetch_strings("SELECT set_config('search_path', 'pg_temp, ' || current_setting('search_path'), true)").await?;
    for (name, differing) in work {
        let Some(table) = desired.table(name) else { continue };
        for sql in scratch_statements(table, differing) {
            conn.execute("SAVEPOINT alambic_canonical").await?;
            let undo = if conn.execute(&sql).await.is_ok() { "RELEASE" } else { "ROLLBACK TO" };
            conn.execute(&format!("{undo} SAVEPOINT alambic_canonical")).await?;
        }
    }
    // Without a single scratch table the temporary schema may not exist, and the catalog
    // queries would read the real one.
    let schema = conn.fetch_strings("SELECT current_schema()::text").await?;
    if !schema.first().is_some_and(|s| s.starts_with("pg_temp")) {
        return Ok(Schema::new());
    }
    conn.inspect(&[]).await
}
