//! Autogenerate: compares a desired schema with a live one and lists the operations that
//! turn the live one into the desired one, each with the line Alembic would log for it.
//!
//! The walk is written once for every database; dialects answer narrow questions through
//! hooks on [`Dialect`] (are these types the same here? is this index the database's own?).
//! Invariant: the operations are ordered so they can run — foreign keys are dropped before
//! what they point at, tables are created before the keys that reference them — and
//! applying them to `live` with [`Operation::apply`] gives a schema that diffs as empty
//! against `desired`. No database access happens here.

mod types;

use std::collections::{BTreeMap, BTreeSet};

use crate::dialect::Dialect;
use crate::operation::{
    mentions_column, AddCheckConstraint, AddColumn, AddExclusionConstraint, AddForeignKey, AddUniqueConstraint,
    AlterColumn, CreateIndex, CreatePrimaryKey, DropCheckConstraint, DropColumn, DropExclusionConstraint,
    DropForeignKey, DropIndex, DropPrimaryKey, DropTable, DropUniqueConstraint, Operation, SetTableComment,
    SetTableOptions,
};
use crate::schema::{
    CheckConstraint, Column, ColumnType, ExclusionConstraint, ForeignKey, Identity, Index, Schema, Table,
    UniqueConstraint,
};

/// One detected difference: the operation that fixes it and the line that reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// The operation.
    pub operation: Operation,
    /// `Detected added table 'roles'`, in Alembic's words.
    pub message: String,
}

/// The changes' messages on one line, for a one-line error:
/// `Detected added table 'roles'; Detected …`.
pub fn one_line(changes: &[Change]) -> String {
    let lines: Vec<&str> = changes.iter().flat_map(|c| c.message.lines()).collect();
    lines.join("; ")
}

/// The outcome of a comparison.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Diff {
    /// Changes in the order they must run.
    pub changes: Vec<Change>,
    /// Lines the user should read (operations that lose data, for instance).
    pub warnings: Vec<String>,
}

impl Diff {
    /// Whether nothing differs.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// The operations, in order.
    pub fn operations(&self) -> Vec<Operation> {
        self.changes.iter().map(|c| c.operation.clone()).collect()
    }
}

/// Compares `desired` with `live` under the rules of `dialect`.
///
/// Each table is brought to the comparison's footing (`normalize`) as it is reached, one
/// at a time: neither schema is copied whole.
pub fn compare(desired: &Schema, live: &Schema, dialect: &dyn Dialect) -> Diff {
    let mut out = Walk::default();

    // 0. Named types are created and changed before the tables that may use them.
    let (types_first, types_last) = types::compare_types(desired, live, dialect);
    out.changes.extend(types_first);

    let added: Vec<Table> =
        desired.tables.values().filter(|t| !live.tables.contains_key(&t.name)).map(|t| normalize(t, dialect)).collect();
    let added: Vec<&Table> = added.iter().collect();
    let removed: Vec<&Table> = live.tables.values().filter(|t| !desired.tables.contains_key(&t.name)).collect();

    // 1. New tables, referenced ones first; keys in a reference cycle are added afterwards.
    let (order, deferred) = creation_order(&added);
    for table in order {
        let mut t = table.clone();
        let late: Vec<ForeignKey> = t
            .foreign_keys
            .iter()
            .filter(|fk| deferred.contains(&(t.name.clone(), fk.referred_table.clone())))
            .cloned()
            .collect();
        t.foreign_keys.retain(|fk| !late.contains(fk));
        out.push(Operation::CreateTable(t.clone()), format!("Detected added table '{}'", t.name));
        for index in &t.indexes {
            out.note(format!("Detected added index '{}' on '{}'", index.name, list(&index.columns)));
        }
        for fk in late {
            out.late_fks.push(Change {
                message: fk_message("added", &t.name, &fk),
                operation: Operation::AddForeignKey(AddForeignKey { table: t.name.clone(), foreign_key: fk }),
            });
        }
    }

    // 2. Tables on both sides.
    for (name, want) in &desired.tables {
        if let Some(have) = live.tables.get(name) {
            compare_table(&normalize(want, dialect), &normalize(have, dialect), dialect, &mut out);
        }
    }

    // 3. Removed tables, referencing ones first.
    // (Keys from staying tables to these were dropped with the staying tables' changes.)
    let (create_order, _) = creation_order(&removed);
    for t in create_order.into_iter().rev() {
        out.warnings.push(format!("dropping table '{}' loses its rows", t.name));
        out.push(
            Operation::DropTable(DropTable { name: t.name.clone() }),
            format!("Detected removed table '{}'", t.name),
        );
    }

    let Walk { mut changes, late_fks, notes: _, warnings } = out;
    changes.extend(late_fks);
    // 4. Named types nothing uses any more.
    changes.extend(types_last);
    Diff { changes, warnings }
}

#[derive(Default)]
struct Walk {
    changes: Vec<Change>,
    late_fks: Vec<Change>,
    notes: Vec<String>,
    warnings: Vec<String>,
}

impl Walk {
    fn push(&mut self, operation: Operation, message: String) {
        self.changes.push(Change { operation, message });
    }

    /// A line logged for something an earlier operation already does (an index of a new table).
    fn note(&mut self, message: String) {
        if let Some(last) = self.changes.last_mut() {
            last.message.push('\n');
            last.message.push_str(&message);
        }
        self.notes.push(message);
    }
}

/// Brings a table of either side to the same footing: primary-key columns are NOT NULL
/// everywhere, and what the dialect cannot store (comments, autoincrement) is left out of
/// the comparison.
fn normalize(table: &Table, dialect: &dyn Dialect) -> Table {
    let mut t = table.clone();
    let pk: Vec<String> = t.primary_key.as_ref().map(|p| p.columns.clone()).unwrap_or_default();
    for c in &mut t.columns {
        // Identity options make an autoincrement column; the default options are the
        // database's own numbering.
        if c.identity.is_some() {
            c.autoincrement = true;
        }
        if c.identity.as_ref().is_some_and(|i| *i == Identity::default()) {
            c.identity = None;
        }
        // Key and generated columns are NOT NULL whatever the declaration says.
        if pk.contains(&c.name) || c.autoincrement {
            c.nullable = false;
        }
        // Identity options are kept even so: the dialect renders them, or refuses them
        // naming the column, rather than see them dropped here.
        if !dialect.compares_autoincrement() {
            c.autoincrement = false;
        }
        if !dialect.supports_comments() {
            c.comment = None;
        }
        // NUMERIC(p) is NUMERIC(p, 0).
        if let ColumnType::Numeric(Some(p), None) = c.r#type {
            c.r#type = ColumnType::Numeric(Some(p), Some(0));
        }
        // A NULL default on a nullable column is no default at all.
        if c.nullable && c.server_default.as_deref().is_some_and(|d| d.eq_ignore_ascii_case("null")) {
            c.server_default = None;
        }
    }
    if !dialect.supports_comments() {
        t.comment = None;
    }
    for fk in &mut t.foreign_keys {
        fk.on_delete = dialect.normalize_fk_action(fk.on_delete);
        fk.on_update = dialect.normalize_fk_action(fk.on_update);
    }
    t
}

/// Orders new tables so every table comes after those it references. Returns the order and
/// the (table, referred table) pairs whose keys must be added after all tables exist
/// because they close a cycle.
fn creation_order<'a>(tables: &[&'a Table]) -> (Vec<&'a Table>, BTreeSet<(String, String)>) {
    // Rounds of Kahn's algorithm: each round places every table whose referenced tables
    // (among `tables`, itself aside) are all placed, in name order. Linear in tables and keys.
    let by_name: BTreeMap<&str, &Table> = tables.iter().map(|t| (t.name.as_str(), *t)).collect();
    let mut waiting_on: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let mut referenced_by: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for t in by_name.values() {
        let needs: BTreeSet<&str> = t
            .foreign_keys
            .iter()
            .map(|fk| fk.referred_table.as_str())
            .filter(|r| *r != t.name && by_name.contains_key(r))
            .collect();
        for r in &needs {
            referenced_by.entry(*r).or_default().push(t.name.as_str());
        }
        waiting_on.insert(t.name.as_str(), needs);
    }
    let mut order = Vec::new();
    let mut deferred = BTreeSet::new();
    let mut ready: BTreeSet<&str> =
        waiting_on.iter().filter(|(_, needs)| needs.is_empty()).map(|(name, _)| *name).collect();
    while !waiting_on.is_empty() {
        let pick: Vec<&str> = if ready.is_empty() {
            // A cycle: take the first table and add its blocking keys later.
            let (first, needs) = waiting_on.iter().next().expect("tables remain");
            for r in needs {
                deferred.insert((first.to_string(), r.to_string()));
            }
            vec![*first]
        } else {
            std::mem::take(&mut ready).into_iter().collect()
        };
        let mut next = BTreeSet::new();
        for name in &pick {
            waiting_on.remove(name);
            order.push(by_name[name]);
        }
        for name in &pick {
            for dependent in referenced_by.get(name).into_iter().flatten() {
                if let Some(needs) = waiting_on.get_mut(dependent) {
                    if needs.remove(name) && needs.is_empty() {
                        next.insert(*dependent);
                    }
                }
            }
        }
        ready = next;
    }
    (order, deferred)
}

fn list(columns: &[String]) -> String {
    let quoted: Vec<String> = columns.iter().map(|c| format!("'{c}'")).collect();
    format!("[{}]", quoted.join(", "))
}

fn fk_message(what: &str, table: &str, fk: &ForeignKey) -> String {
    format!(
        "Detected {what} foreign key ({})({}.{}) on table {table}",
        fk.columns.join(", "),
        fk.referred_table,
        fk.referred_columns.join(", ")
    )
}

fn same_fk(a: &ForeignKey, b: &ForeignKey) -> bool {
    a.columns == b.columns
        && a.referred_table == b.referred_table
        && a.referred_columns == b.referred_columns
        && a.on_delete == b.on_delete
        && a.on_update == b.on_update
        && a.deferrable == b.deferrable
        && a.match_full == b.match_full
}

/// What one feature of a table (its columns, keys, indexes, constraints) contributes to
/// the diff: changes that remove, which run before the columns change, and changes that
/// add, which run after.
#[derive(Default)]
struct Phases {
    /// Removals (run early).
    drop: Vec<Change>,
    /// Additions (run late).
    add: Vec<Change>,
}

fn change(operation: Operation, message: String) -> Change {
    Change { operation, message }
}

/// The two sides of one table under comparison, with the dialect that judges them.
struct Pair<'a> {
    want: &'a Table,
    have: &'a Table,
    dialect: &'a dyn Dialect,
    /// Columns dropped and added again (a generated column whose definition changes, a
    /// column that becomes or ceases to be generated): every live object using one of them
    /// is dropped before and created again after.
    rebuilt: BTreeSet<String>,
}

impl Pair<'_> {
    fn name(&self) -> &String {
        &self.want.name
    }

    /// Whether one of `columns` (names, or expressions mentioning names) is rebuilt.
    fn uses_rebuilt<'s>(&self, columns: impl IntoIterator<Item = &'s String>) -> bool {
        columns.into_iter().any(|c| self.rebuilt.iter().any(|r| c == r || mentions_column(c, r)))
    }

    /// Whether a live index uses a rebuilt column (as a key, an included column or in its
    /// condition).
    fn index_uses_rebuilt(&self, i: &Index) -> bool {
        self.uses_rebuilt(i.columns.iter().chain(&i.include).chain(&i.predicate))
    }

    /// Whether a live exclusion constraint uses a rebuilt column.
    fn exclusion_uses_rebuilt(&self, x: &ExclusionConstraint) -> bool {
        self.uses_rebuilt(x.elements.iter().map(|e| &e.expression).chain(&x.predicate))
    }
}

/// Compares one table present on both sides. Removals run first (foreign keys, which may
/// point at what is about to change, then indexes, uniques, checks), then columns are added
/// and altered, the primary key replaced, columns removed, and the additions run last; new
/// foreign keys wait until every table exists.
fn compare_table(want: &Table, have: &Table, dialect: &dyn Dialect, out: &mut Walk) {
    let rebuilt = rebuilt_columns(want, have, dialect);
    let pair = Pair { want, have, dialect, rebuilt };
    let foreign_keys = compare_foreign_keys(&pair);
    let indexes = compare_indexes(&pair);
    let uniques = compare_uniques(&pair);
    let checks = compare_checks(&pair);
    let exclusions = compare_exclusions(&pair);
    let options = compare_table_options(&pair);
    let columns = compare_columns(&pair, &mut out.warnings);
    let primary_key = compare_primary_key(&pair);
    let removed_columns = removed_columns(&pair, &mut out.warnings);
    out.changes.extend(
        [foreign_keys.drop, indexes.drop, uniques.drop, checks.drop, exclusions.drop]
            .into_iter()
            .flatten()
            .chain(options),
    );
    out.changes.extend([columns, primary_key.drop, primary_key.add].into_iter().flatten());
    out.changes.extend(removed_columns);
    out.changes.extend([uniques.add, indexes.add, checks.add, exclusions.add].into_iter().flatten());
    out.changes.extend(compare_comment(&pair));
    out.late_fks.extend(foreign_keys.add);
}

/// Foreign keys, compared on their columns, target and actions.
fn compare_foreign_keys(p: &Pair) -> Phases {
    let t = p.name();
    let same = |a: &ForeignKey, b: &ForeignKey| same_fk(a, b) && !p.uses_rebuilt(&b.columns);
    let (add, drop) = match_by(&p.want.foreign_keys, &p.have.foreign_keys, same);
    Phases {
        drop: drop
            .iter()
            .map(|fk| {
                let op = DropForeignKey { table: t.clone(), name: fk.name.clone(), columns: fk.columns.clone() };
                change(Operation::DropForeignKey(op), fk_message("removed", t, fk))
            })
            .collect(),
        add: add
            .into_iter()
            .map(|fk| {
                let message = fk_message("added", t, &fk);
                change(Operation::AddForeignKey(AddForeignKey { table: t.clone(), foreign_key: fk }), message)
            })
            .collect(),
    }
}

/// Whether two indexes are the same on `dialect`: name, entries, uniqueness, key order
/// (direction and effective NULLs order), condition, included columns, NULLS NOT DISTINCT,
/// method and operator classes.
fn same_index(dialect: &dyn Dialect, a: &Index, b: &Index) -> bool {
    let keys = a.columns.len().max(b.columns.len());
    a.name == b.name
        && dialect.index_entries_equal(&a.columns, &b.columns)
        && a.unique == b.unique
        && a.same_key_order(b)
        && same_condition(dialect, a.predicate.as_deref(), b.predicate.as_deref())
        && a.include == b.include
        && a.nulls_not_distinct == b.nulls_not_distinct
        && dialect.index_methods_equal(a.method.as_deref(), b.method.as_deref())
        && (0..keys).all(|k| dialect.operator_classes_equal(a.operator_class(k), b.operator_class(k)))
}

/// Whether two optional conditions (of partial indexes, exclusion constraints) are the same.
fn same_condition(dialect: &dyn Dialect, a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(x), Some(y)) => dialect.checks_equal(x, y),
        _ => false,
    }
}

/// Indexes, compared by [`same_index`]: a changed index is dropped and created again. The
/// database's own indexes are not dropped, and on databases that keep unique constraints as
/// indexes a unique index may stand for a unique constraint.
fn compare_indexes(p: &Pair) -> Phases {
    let (t, want, have, dialect) = (p.name(), p.want, p.have, p.dialect);
    let (ix_add, ix_drop) = match_by(&want.indexes, &have.indexes, |a: &Index, b: &Index| {
        same_index(dialect, a, b) && !p.index_uses_rebuilt(b)
    });
    let as_index = dialect.unique_constraint_is_index();
    let drop = ix_drop
        .into_iter()
        .filter(|i| !dialect.is_generated_index(have, i))
        .filter(|i| !(as_index && plain_unique(i) && want.unique_constraints.iter().any(|u| u.columns == i.columns)))
        .map(|i| {
            let message = format!("Detected removed index '{}' on '{}'", i.name, t);
            change(Operation::DropIndex(DropIndex { table: t.clone(), name: i.name }), message)
        })
        .collect();
    let add = ix_add
        .into_iter()
        .filter(|i| {
            !(as_index
                && plain_unique(i)
                && have.unique_constraints.iter().any(|u| u.columns == i.columns)
                && !want.unique_constraints.iter().any(|u| u.columns == i.columns))
        })
        .map(|i| {
            let message = format!("Detected added index '{}' on '{}'", i.name, list(&i.columns));
            change(Operation::CreateIndex(CreateIndex { table: t.clone(), index: i }), message)
        })
        .collect();
    Phases { drop, add }
}

/// Whether a unique index can stand for a unique constraint (which has no key order) on
/// databases that keep those as indexes: it is unique, every key is ascending, and it has
/// none of the options a constraint cannot carry (condition, included columns, method,
/// NULLs order, operator classes, NULLS NOT DISTINCT).
fn plain_unique(index: &Index) -> bool {
    index.unique
        && !index.descending.contains(&true)
        && index.predicate.is_none()
        && index.include.is_empty()
        && index.method.is_none()
        && index.nulls.iter().all(Option::is_none)
        && index.operator_classes.iter().all(Option::is_none)
        && !index.nulls_not_distinct
}

/// The live unique constraints, counting (where the database keeps them as indexes) the
/// unique indexes that stand for a desired constraint.
fn live_uniques(p: &Pair) -> Vec<UniqueConstraint> {
    let mut all = p.have.unique_constraints.clone();
    if p.dialect.unique_constraint_is_index() {
        for i in p.have.indexes.iter().filter(|i| plain_unique(i)) {
            if p.want.unique_constraints.iter().any(|u| u.columns == i.columns)
                && !all.iter().any(|u| u.columns == i.columns)
            {
                all.push(UniqueConstraint {
                    name: Some(i.name.clone()),
                    columns: i.columns.clone(),
                    ..Default::default()
                });
            }
        }
    }
    all
}

/// Unique constraints, by columns.
fn compare_uniques(p: &Pair) -> Phases {
    let t = p.name();
    let have_uniques = live_uniques(p);
    let same = |a: &UniqueConstraint, b: &UniqueConstraint| {
        a.columns == b.columns
            && a.nulls_not_distinct == b.nulls_not_distinct
            && a.deferrable == b.deferrable
            && !p.uses_rebuilt(&b.columns)
    };
    let (add, drop) = match_by(&p.want.unique_constraints, &have_uniques, same);
    let as_index = p.dialect.unique_constraint_is_index();
    let drop = drop
        .into_iter()
        .filter(|u| !(as_index && p.want.indexes.iter().any(|i| plain_unique(i) && i.columns == u.columns)))
        .map(|u| {
            let message = format!("Detected removed unique constraint {} on '{}'", name_or_none(&u.name), t);
            let op = DropUniqueConstraint { table: t.clone(), name: u.name, columns: u.columns };
            change(Operation::DropUniqueConstraint(op), message)
        })
        .collect();
    let add = add
        .into_iter()
        .map(|u| {
            let message =
                format!("Detected added unique constraint {} on '{}'", name_or_none(&u.name), list(&u.columns));
            change(Operation::AddUniqueConstraint(AddUniqueConstraint { table: t.clone(), constraint: u }), message)
        })
        .collect();
    Phases { drop, add }
}

/// Check constraints: by name when both have one, else by condition.
fn compare_checks(p: &Pair) -> Phases {
    let t = p.name();
    let same = |a: &CheckConstraint, b: &CheckConstraint| match (&a.name, &b.name) {
        (Some(x), Some(y)) if x != y => false,
        _ => p.dialect.checks_equal(&a.expression, &b.expression) && !p.uses_rebuilt([&b.expression]),
    };
    let (add, drop) = match_by(&p.want.check_constraints, &p.have.check_constraints, same);
    let drop = drop
        .into_iter()
        .map(|c| {
            let message = format!("Detected removed check constraint {} on '{}'", name_or_none(&c.name), t);
            let op = DropCheckConstraint { table: t.clone(), name: c.name, expression: Some(c.expression) };
            change(Operation::DropCheckConstraint(op), message)
        })
        .collect();
    let add = add
        .into_iter()
        .map(|c| {
            let message = format!("Detected added check constraint {} on '{}'", name_or_none(&c.name), t);
            change(Operation::AddCheckConstraint(AddCheckConstraint { table: t.clone(), check: c }), message)
        })
        .collect();
    Phases { drop, add }
}

/// Columns added, then columns changed (see [`compare_column`]); a column whose
/// generation changes is dropped and added again (see [`rebuilt_columns`]).
fn compare_columns(p: &Pair, warnings: &mut Vec<String>) -> Vec<Change> {
    let t = p.name();
    let mut out = Vec::new();
    for col in p.want.columns.iter().filter(|c| p.have.column(&c.name).is_none()) {
        out.push(change(
            Operation::AddColumn(AddColumn { table: t.clone(), column: col.clone() }),
            format!("Detected added column '{}.{}'", t, col.name),
        ));
    }
    for col in &p.want.columns {
        let Some(old) = p.have.column(&col.name) else { continue };
        if p.rebuilt.contains(&col.name) {
            out.extend(rebuild_column(t, col, old, warnings));
        } else if let Some((alter, messages)) = compare_column(p.have, col, old, p.dialect) {
            out.push(change(Operation::AlterColumn(alter), messages.join("\n")));
        }
    }
    out
}

/// The columns whose generation differs: a changed generated expression or stored flag, or
/// a column that becomes or ceases to be generated. Databases cannot alter these in place.
fn rebuilt_columns(want: &Table, have: &Table, dialect: &dyn Dialect) -> BTreeSet<String> {
    want.columns
        .iter()
        .filter(|w| {
            have.column(&w.name).is_some_and(|h| match (&w.generated, &h.generated) {
                (None, None) => false,
                (Some(a), Some(b)) => a.stored != b.stored || !dialect.generated_equal(w, &a.expression, &b.expression),
                _ => true,
            })
        })
        .map(|w| w.name.clone())
        .collect()
}

/// Drops `have` and adds `want` in its place, saying why. The values of a column that was
/// not generated are lost, and flagged as a dropped column's are.
fn rebuild_column(table: &str, want: &Column, have: &Column, warnings: &mut Vec<String>) -> [Change; 2] {
    let at = format!("'{table}.{}'", want.name);
    let why = match (&have.generated, &want.generated) {
        (None, _) => format!("Detected column {at} becoming generated (dropped and added again)"),
        (_, None) => format!("Detected column {at} no longer generated (dropped and added again)"),
        _ => format!("Detected changed generated expression on column {at} (dropped and added again)"),
    };
    if have.generated.is_none() {
        warnings.push(format!("dropping column {at} loses its values (it becomes generated)"));
    } else if want.generated.is_none() {
        warnings.push(format!("column {at} is added again empty: its generated values are not kept"));
    }
    [
        change(Operation::DropColumn(DropColumn { table: table.to_string(), name: have.name.clone() }), why),
        change(
            Operation::AddColumn(AddColumn { table: table.to_string(), column: want.clone() }),
            format!("Detected added column {at}"),
        ),
    ]
}

/// Columns removed, each with a warning that its values are lost.
fn removed_columns(p: &Pair, warnings: &mut Vec<String>) -> Vec<Change> {
    let t = p.name();
    let mut out = Vec::new();
    for col in p.have.columns.iter().filter(|c| p.want.column(&c.name).is_none()) {
        warnings.push(format!("dropping column '{}.{}' loses its values", t, col.name));
        out.push(change(
            Operation::DropColumn(DropColumn { table: t.clone(), name: col.name.clone() }),
            format!("Detected removed column '{}.{}'", t, col.name),
        ));
    }
    out
}

/// The primary key, by its columns: a different key is dropped and created anew.
fn compare_primary_key(p: &Pair) -> Phases {
    let t = p.name();
    let mut phases = Phases::default();
    if p.want.primary_key.as_ref().map(|k| &k.columns) == p.have.primary_key.as_ref().map(|k| &k.columns)
        && !p.have.primary_key.as_ref().is_some_and(|k| p.uses_rebuilt(&k.columns))
    {
        return phases;
    }
    if let Some(pk) = &p.have.primary_key {
        phases.drop.push(change(
            Operation::DropPrimaryKey(DropPrimaryKey { table: t.clone(), name: pk.name.clone() }),
            format!("Detected removed primary key on '{}' {}", t, list(&pk.columns)),
        ));
    }
    if let Some(pk) = &p.want.primary_key {
        phases.add.push(change(
            Operation::CreatePrimaryKey(CreatePrimaryKey { table: t.clone(), primary_key: pk.clone() }),
            format!("Detected added primary key on '{}' {}", t, list(&pk.columns)),
        ));
    }
    phases
}

/// The table comment.
fn compare_comment(p: &Pair) -> Option<Change> {
    let t = p.name();
    (p.want.comment != p.have.comment).then(|| {
        change(
            Operation::SetTableComment(SetTableComment { table: t.clone(), comment: p.want.comment.clone() }),
            format!("Detected changed comment on table '{t}'"),
        )
    })
}

fn name_or_none(name: &Option<String>) -> String {
    match name {
        Some(n) => format!("'{n}'"),
        None => "(unnamed)".to_string(),
    }
}

/// Pairs items of `want` with items of `have`; returns (only in want, only in have).
fn match_by<T: Clone>(want: &[T], have: &[T], same: impl Fn(&T, &T) -> bool) -> (Vec<T>, Vec<T>) {
    let mut taken = vec![false; have.len()];
    let mut only_want = Vec::new();
    for w in want {
        match have.iter().enumerate().position(|(i, h)| !taken[i] && same(w, h)) {
            Some(i) => taken[i] = true,
            None => only_want.push(w.clone()),
        }
    }
    let only_have = have.iter().zip(taken).filter(|(_, t)| !t).map(|(h, _)| h.clone()).collect();
    (only_want, only_have)
}

/// The `alter_column` that turns `have` (a column of `live`) into `want`, with its log
/// lines; `None` when equal.
fn compare_column(
    live: &Table,
    want: &Column,
    have: &Column,
    dialect: &dyn Dialect,
) -> Option<(AlterColumn, Vec<String>)> {
    let mut alter = AlterColumn { table: live.name.clone(), name: want.name.clone(), ..AlterColumn::default() };
    let mut messages = Vec::new();
    let at = format!("'{}.{}'", live.name, want.name);
    if !dialect.types_equal(&want.r#type, &have.r#type) {
        alter.r#type = Some(want.r#type.clone());
        messages.push(format!("Detected type change from {} to {} on {at}", have.r#type, want.r#type));
    }
    if want.nullable != have.nullable {
        alter.nullable = Some(want.nullable);
        let what = if want.nullable { "NULL" } else { "NOT NULL" };
        messages.push(format!("Detected {what} on column {at}"));
    }
    if !dialect.defaults_equal(want, want.server_default.as_deref(), have.server_default.as_deref()) {
        match &want.server_default {
            Some(d) => {
                alter.server_default = Some(d.clone());
                messages.push(format!("Detected server default on column {at}"));
            }
            None => {
                alter.drop_server_default = true;
                messages.push(format!("Detected removed server default on column {at}"));
            }
        }
    }
    if dialect.compares_autoincrement() && want.autoincrement != have.autoincrement {
        alter.autoincrement = Some(want.autoincrement);
        if want.autoincrement {
            alter.identity = want.identity.clone();
        }
        messages.push(format!("Detected autoincrement change on column {at}"));
    }
    if want.comment != have.comment {
        match &want.comment {
            Some(c) => alter.comment = Some(c.clone()),
            None => alter.drop_comment = true,
        }
        messages.push(format!("Detected column comment change on {at}"));
    }
    compare_column_options(live, want, have, dialect, &mut alter, &mut messages);
    if messages.is_empty() {
        None
    } else {
        Some((alter, messages))
    }
}

/// The identity options, collation, character set and `ON UPDATE` of a column present on
/// both sides. A collation or character set the desired column leaves out is the
/// database's default, and no change; the live one in effect is the column's, else its
/// table's.
fn compare_column_options(
    live: &Table,
    want: &Column,
    have: &Column,
    dialect: &dyn Dialect,
    alter: &mut AlterColumn,
    messages: &mut Vec<String>,
) {
    let at = format!("'{}.{}'", live.name, want.name);
    if want.autoincrement && have.autoincrement && want.identity != have.identity {
        alter.identity = Some(want.identity.clone().unwrap_or_default());
        messages.push(format!("Detected identity change on column {at}"));
    }
    let named = want.collation.as_ref().filter(|c| !dialect.is_type_default_collation(c));
    if let Some(c) = named {
        let in_effect = have.collation.as_deref().or(live.collation.as_deref()).or(dialect.default_collation());
        if !in_effect.is_some_and(|l| dialect.collations_equal(c, l)) {
            alter.collation = Some(c.clone());
            messages.push(format!("Detected collation change to '{c}' on column {at}"));
        }
    } else if let (true, Some(h)) = (want.collation.is_some(), &have.collation) {
        // The type's own collation, named: the live column's goes.
        alter.drop_collation = true;
        messages.push(format!("Detected removed collation '{h}' on column {at}"));
    } else if let (Some(default), Some(h)) = (dialect.default_collation(), &have.collation) {
        // Where the default is always the same, a column that names none goes back to it.
        if !dialect.collations_equal(default, h) {
            alter.drop_collation = true;
            messages.push(format!("Detected removed collation '{h}' on column {at}"));
        }
    }
    if let Some(c) = &want.charset {
        let in_effect = have.charset.as_ref().or(live.charset.as_ref());
        if !in_effect.is_some_and(|l| dialect.charsets_equal(c, l)) {
            alter.charset = Some(c.clone());
            messages.push(format!("Detected character set change to '{c}' on column {at}"));
        }
    }
    match (&want.on_update, &have.on_update) {
        (Some(w), Some(h)) if dialect.on_update_equal(want, w, h) => {}
        (None, None) => {}
        (Some(w), _) => {
            alter.on_update = Some(w.clone());
            messages.push(format!("Detected ON UPDATE change on column {at}"));
        }
        (None, Some(_)) => {
            alter.drop_on_update = true;
            messages.push(format!("Detected removed ON UPDATE on column {at}"));
        }
    }
}

/// Whether two exclusion constraints are the same: by name when both have one, then
/// method, elements (expressions as index entries, operators), condition and deferral.
fn same_exclusion(dialect: &dyn Dialect, a: &ExclusionConstraint, b: &ExclusionConstraint) -> bool {
    let names_agree = match (&a.name, &b.name) {
        (Some(x), Some(y)) => x == y,
        _ => true,
    };
    names_agree
        && a.method.trim().eq_ignore_ascii_case(b.method.trim())
        && a.elements.len() == b.elements.len()
        && a.elements.iter().zip(&b.elements).all(|(x, y)| {
            dialect.index_entries_equal(std::slice::from_ref(&x.expression), std::slice::from_ref(&y.expression))
                && dialect.exclusion_operators_equal(&x.operator, &y.operator)
        })
        && same_condition(dialect, a.predicate.as_deref(), b.predicate.as_deref())
        && a.deferrable == b.deferrable
}

/// Exclusion constraints, compared by [`same_exclusion`]: a changed one is dropped and added
/// again. A live constraint without a name is dropped by its elements.
fn compare_exclusions(p: &Pair) -> Phases {
    let t = p.name();
    let same = |a: &ExclusionConstraint, b: &ExclusionConstraint| {
        same_exclusion(p.dialect, a, b) && !p.exclusion_uses_rebuilt(b)
    };
    let (add, drop) = match_by(&p.want.exclusion_constraints, &p.have.exclusion_constraints, same);
    let mut phases = Phases::default();
    for x in drop {
        let message = format!("Detected removed exclusion constraint {} on '{t}'", name_or_none(&x.name));
        let elements = if x.name.is_some() { Vec::new() } else { x.elements };
        let op = DropExclusionConstraint { table: t.clone(), name: x.name, elements };
        phases.drop.push(change(Operation::DropExclusionConstraint(op), message));
    }
    for x in add {
        let message = format!("Detected added exclusion constraint {} on '{t}'", name_or_none(&x.name));
        let op = AddExclusionConstraint { table: t.clone(), constraint: x };
        phases.add.push(change(Operation::AddExclusionConstraint(op), message));
    }
    phases
}

/// The table's default character set and collation, and its storage options. A character
/// set or collation the desired table leaves out is the database's default, and no
/// change; the storage options compare as a set, in any case.
fn compare_table_options(p: &Pair) -> Option<Change> {
    let t = p.name();
    let differs = |want: &Option<String>, have: &Option<String>, equal: &dyn Fn(&str, &str) -> bool| {
        want.as_ref().filter(|w| !have.as_ref().is_some_and(|h| equal(w, h))).cloned()
    };
    let charset = differs(&p.want.charset, &p.have.charset, &|a, b| p.dialect.charsets_equal(a, b));
    let collation = differs(&p.want.collation, &p.have.collation, &|a, b| p.dialect.collations_equal(a, b));
    let folded = |options: &[String]| {
        let mut set: Vec<String> =
            options.iter().map(|o| o.split_whitespace().collect::<Vec<_>>().join(" ").to_uppercase()).collect();
        set.sort();
        set
    };
    let options = (folded(&p.want.options) != folded(&p.have.options)).then(|| p.want.options.clone());
    if charset.is_none() && collation.is_none() && options.is_none() {
        return None;
    }
    let mut what: Vec<String> = [("character set", &charset), ("collation", &collation)]
        .iter()
        .filter_map(|(what, v)| v.as_ref().map(|v| format!("{what} '{v}'")))
        .collect();
    if let Some(options) = &options {
        what.push(if options.is_empty() { "no options".into() } else { format!("options '{}'", options.join(", ")) });
    }
    let message = format!("Detected changed table options on '{t}': {}", what.join(", "));
    let op = SetTableOptions { table: t.clone(), charset, collation, options };
    Some(change(Operation::SetTableOptions(op), message))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::operation::apply_all;
    use crate::schema::{ColumnType, PrimaryKey};

    /// A dialect with every default rule.
    pub(super) struct Plain;
    impl Dialect for Plain {
        fn name(&self) -> &'static str {
            "plain"
        }
        fn impl_name(&self) -> &'static str {
            "PlainImpl"
        }
        fn transactional_ddl(&self) -> bool {
            true
        }
        fn quote(&self, ident: &str) -> String {
            format!("\"{ident}\"")
        }
        fn render_type(&self, ty: &ColumnType) -> crate::dialect::DialectResult<String> {
            Ok(ty.to_string())
        }
        fn render(&self, _: &Operation, _: &Schema) -> crate::dialect::DialectResult<Vec<String>> {
            Ok(vec![])
        }
    }

    fn seed(with_email: bool) -> Schema {
        let mut s = Schema::new();
        s.insert(Table {
            name: "roles".into(),
            columns: vec![
                Column::new("id", ColumnType::Integer).not_null(),
                Column::new("name", ColumnType::String(Some(64))),
            ],
            primary_key: Some(PrimaryKey { name: None, columns: vec!["id".into()] }),
            unique_constraints: vec![UniqueConstraint {
                name: None,
                columns: vec!["name".into()],
                ..Default::default()
            }],
            ..Table::default()
        });
        let mut users = Table {
            name: "users".into(),
            columns: vec![
                Column::new("id", ColumnType::Integer).not_null(),
                Column::new("username", ColumnType::String(Some(64))),
                Column::new("role_id", ColumnType::Integer),
            ],
            primary_key: Some(PrimaryKey { name: None, columns: vec!["id".into()] }),
            indexes: vec![Index {
                name: "ix_users_username".into(),
                columns: vec!["username".into()],
                unique: true,
                descending: Vec::new(),
                predicate: None,
                ..Default::default()
            }],
            foreign_keys: vec![ForeignKey {
                name: None,
                columns: vec!["role_id".into()],
                referred_table: "roles".into(),
                referred_columns: vec!["id".into()],
                on_delete: Default::default(),
                on_update: Default::default(),
                ..Default::default()
            }],
            ..Table::default()
        };
        if with_email {
            users.columns.push(Column::new("email", ColumnType::String(Some(32))).not_null().default_sql("''"));
        }
        s.insert(users);
        s
    }

    fn messages(d: &Diff) -> Vec<String> {
        d.changes.iter().flat_map(|c| c.message.lines().map(str::to_string).collect::<Vec<_>>()).collect()
    }

    #[test]
    fn seed_initial_migration_creates_roles_before_users() {
        let d = compare(&seed(false), &Schema::new(), &Plain);
        assert_eq!(
            messages(&d),
            [
                "Detected added table 'roles'",
                "Detected added table 'users'",
                "Detected added index 'ix_users_username' on '['username']'",
            ]
        );
        let after = apply_all(&Schema::new(), &d.operations()).expect("applies");
        assert!(compare(&seed(false), &after, &Plain).is_empty());
    }

    #[test]
    fn seed_second_migration_adds_email() {
        let d = compare(&seed(true), &seed(false), &Plain);
        assert_eq!(messages(&d), ["Detected added column 'users.email'"]);
    }

    #[test]
    fn removed_tables_drop_referencing_ones_first() {
        let d = compare(&Schema::new(), &seed(false), &Plain);
        assert_eq!(messages(&d), ["Detected removed table 'users'", "Detected removed table 'roles'"]);
        assert_eq!(d.warnings.len(), 2);
    }

    #[test]
    fn every_change_on_a_table_is_found_and_fixes_the_diff() {
        let live = seed(true);
        let mut want = seed(true);
        let users = want.tables.get_mut("users").expect("users");
        users.columns[1].r#type = ColumnType::String(Some(128));
        users.columns[1].nullable = false;
        users.columns[3].server_default = Some("'x'".into());
        users.columns.remove(2);
        users.foreign_keys.clear();
        users.indexes[0].unique = false;
        users.check_constraints.push(CheckConstraint { name: Some("ck_id".into()), expression: "id > 0".into() });
        let d = compare(&want, &live, &Plain);
        let after = apply_all(&live, &d.operations()).expect("applies");
        assert!(compare(&want, &after, &Plain).is_empty(), "{:?}", compare(&want, &after, &Plain));
        let text = messages(&d).join("\n");
        for expected in [
            "Detected removed foreign key (role_id)(roles.id) on table users",
            "Detected type change from string(64) to string(128) on 'users.username'",
            "Detected NOT NULL on column 'users.username'",
            "Detected server default on column 'users.email'",
            "Detected removed column 'users.role_id'",
            "Detected added check constraint 'ck_id' on 'users'",
        ] {
            assert!(text.contains(expected), "missing {expected:?} in\n{text}");
        }
    }

    #[test]
    fn mutually_referencing_tables_get_their_keys_afterwards() {
        let mut s = Schema::new();
        for (name, other) in [("a", "b"), ("b", "a")] {
            s.insert(Table {
                name: name.into(),
                columns: vec![
                    Column::new("id", ColumnType::Integer).not_null(),
                    Column::new("other", ColumnType::Integer),
                ],
                primary_key: Some(PrimaryKey { name: None, columns: vec!["id".into()] }),
                foreign_keys: vec![ForeignKey {
                    name: None,
                    columns: vec!["other".into()],
                    referred_table: other.into(),
                    referred_columns: vec!["id".into()],
                    on_delete: Default::default(),
                    on_update: Default::default(),
                    ..Default::default()
                }],
                ..Table::default()
            });
        }
        let d = compare(&s, &Schema::new(), &Plain);
        let after = apply_all(&Schema::new(), &d.operations()).expect("applies");
        assert!(compare(&s, &after, &Plain).is_empty());
        assert!(matches!(d.changes.last().map(|c| &c.operation), Some(Operation::AddForeignKey(_))));
    }

    /// A table `t (id PRIMARY KEY, a integer, b text)`, with `edit` applied.
    fn table_with(edit: impl FnOnce(&mut Table)) -> Schema {
        let mut t = Table {
            name: "t".into(),
            columns: vec![
                Column::new("id", ColumnType::Integer).not_null(),
                Column::new("a", ColumnType::Integer),
                Column::new("b", ColumnType::Text),
            ],
            primary_key: Some(PrimaryKey { name: None, columns: vec!["id".into()] }),
            ..Table::default()
        };
        edit(&mut t);
        let mut s = Schema::new();
        s.insert(t);
        s
    }

    /// The diff from `live` to `want`, checked to bring `live` to `want` (nothing left to
    /// change afterwards).
    fn fixed(want: &Schema, live: &Schema) -> Diff {
        let d = compare(want, live, &Plain);
        let after = apply_all(live, &d.operations()).expect("applies");
        let again = compare(want, &after, &Plain);
        assert!(again.is_empty(), "left after applying {:?}: {:?}", d.operations(), again);
        d
    }

    fn no_change(want: &Schema, live: &Schema) {
        let d = compare(want, live, &Plain);
        assert!(d.is_empty(), "{:?}", d.changes);
    }

    fn kinds(d: &Diff) -> Vec<String> {
        d.operations()
            .iter()
            .map(|op| {
                let text = format!("{op:?}");
                text[..text.find('(').unwrap_or(text.len())].to_string()
            })
            .collect()
    }

    fn column_mut<'a>(t: &'a mut Table, name: &str) -> &'a mut Column {
        t.column_mut(name).expect("column")
    }

    #[test]
    fn identity_options_are_compared_and_the_defaults_are_no_identity() {
        let with = |identity: Option<Identity>| {
            table_with(|t| {
                let id = column_mut(t, "id");
                id.autoincrement = true;
                id.identity = identity;
            })
        };
        no_change(&with(None), &with(None));
        no_change(&with(Some(Identity::default())), &with(None));
        let always = Identity { always: true, ..Identity::default() };
        let options = Identity { start: Some(10), increment: Some(5), ..always.clone() };
        no_change(&with(Some(options.clone())), &with(Some(options.clone())));
        for (want, live) in
            [(Some(always.clone()), None), (Some(options.clone()), Some(always.clone())), (None, Some(options))]
        {
            let d = fixed(&with(want.clone()), &with(live));
            assert_eq!(messages(&d), ["Detected identity change on column 't.id'"]);
            let Operation::AlterColumn(alter) = &d.changes[0].operation else { panic!("{:?}", d.changes) };
            assert_eq!(alter.identity, Some(want.unwrap_or_default()));
            assert_eq!(
                AlterColumn { identity: None, ..alter.clone() },
                AlterColumn { table: "t".into(), name: "id".into(), ..AlterColumn::default() }
            );
        }
    }

    #[test]
    fn collations_and_charsets_left_out_are_the_default_and_compare_in_any_case() {
        let with = |collation: Option<&str>, charset: Option<&str>, table: Option<&str>| {
            table_with(|t| {
                t.collation = table.map(str::to_string);
                let b = column_mut(t, "b");
                b.collation = collation.map(str::to_string);
                b.charset = charset.map(str::to_string);
            })
        };
        no_change(&with(None, None, None), &with(Some("utf8mb4_bin"), Some("utf8mb4"), None));
        no_change(&with(Some("C"), Some("UTF8MB4"), None), &with(Some("c"), Some("utf8mb4"), None));
        // The live column has no collation of its own: its table's is in effect.
        no_change(&with(Some("utf8mb4_bin"), None, Some("utf8mb4_bin")), &with(None, None, Some("utf8mb4_bin")));
        let d = fixed(&with(Some("de-x-icu"), None, None), &with(Some("C"), None, None));
        assert_eq!(messages(&d), ["Detected collation change to 'de-x-icu' on column 't.b'"]);
        let d = fixed(&with(None, Some("latin1"), None), &with(None, Some("utf8mb4"), None));
        assert_eq!(messages(&d), ["Detected character set change to 'latin1' on column 't.b'"]);
        let Operation::AlterColumn(alter) = &d.changes[0].operation else { panic!() };
        assert_eq!(alter.charset.as_deref(), Some("latin1"));
        assert!(alter.collation.is_none() && !alter.drop_charset && alter.r#type.is_none());
    }

    #[test]
    fn on_update_is_compared_as_an_expression_and_removed_when_left_out() {
        let with = |on_update: Option<&str>| {
            table_with(|t| {
                let b = column_mut(t, "b");
                b.r#type = ColumnType::DateTime { timezone: false };
                b.on_update = on_update.map(str::to_string);
            })
        };
        no_change(&with(None), &with(None));
        no_change(&with(Some("CURRENT_TIMESTAMP")), &with(Some("current_timestamp")));
        let d = fixed(&with(Some("CURRENT_TIMESTAMP")), &with(None));
        assert_eq!(messages(&d), ["Detected ON UPDATE change on column 't.b'"]);
        let d = fixed(&with(None), &with(Some("CURRENT_TIMESTAMP")));
        assert_eq!(messages(&d), ["Detected removed ON UPDATE on column 't.b'"]);
        let Operation::AlterColumn(alter) = &d.changes[0].operation else { panic!() };
        assert!(alter.drop_on_update && alter.on_update.is_none());
    }

    fn generated(expression: &str, stored: bool) -> Option<crate::schema::Generated> {
        Some(crate::schema::Generated { expression: expression.into(), stored })
    }

    #[test]
    fn a_changed_generated_column_is_dropped_and_added_with_what_uses_it() {
        let with = |g: Option<crate::schema::Generated>| {
            table_with(|t| {
                t.columns.push(Column { generated: g, ..Column::new("c", ColumnType::Integer) });
                t.indexes.push(Index { name: "ix_c".into(), columns: vec!["c".into()], ..Default::default() });
                t.check_constraints.push(CheckConstraint { name: Some("ck_c".into()), expression: "c > 0".into() });
            })
        };
        no_change(&with(generated("a + 1", true)), &with(generated("(A+1)", true)));
        for (want, live, line) in [
            (
                generated("a + 2", true),
                generated("a + 1", true),
                "Detected changed generated expression on column 't.c' (dropped and added again)",
            ),
            (
                generated("a + 1", false),
                generated("a + 1", true),
                "Detected changed generated expression on column 't.c' (dropped and added again)",
            ),
            (generated("a + 1", true), None, "Detected column 't.c' becoming generated (dropped and added again)"),
            (None, generated("a + 1", true), "Detected column 't.c' no longer generated (dropped and added again)"),
        ] {
            let d = fixed(&with(want.clone()), &with(live.clone()));
            assert_eq!(
                kinds(&d),
                ["DropIndex", "DropCheckConstraint", "DropColumn", "AddColumn", "CreateIndex", "AddCheckConstraint"],
                "{want:?} from {live:?}"
            );
            assert_eq!(d.changes[2].message, line);
            assert_eq!(d.warnings.len(), usize::from(want.is_none() || live.is_none()), "{:?}", d.warnings);
        }
        let d = compare(&with(generated("a + 1", true)), &with(None), &Plain);
        assert_eq!(d.warnings, ["dropping column 't.c' loses its values (it becomes generated)"]);
    }

    fn index_with(edit: impl FnOnce(&mut Index)) -> Schema {
        table_with(|t| {
            let mut i = Index { name: "ix_t".into(), columns: vec!["a".into(), "b".into()], ..Default::default() };
            edit(&mut i);
            t.indexes.push(i);
        })
    }

    #[test]
    fn index_options_are_compared_and_a_change_drops_and_creates_the_index() {
        use crate::schema::Nulls;
        let base = index_with(|_| {});
        // The effective NULLs order is compared, and btree is the default method.
        no_change(&index_with(|i| i.nulls = vec![Some(Nulls::Last)]), &base);
        no_change(
            &index_with(|i| (i.descending, i.nulls) = (vec![true], vec![Some(Nulls::First)])),
            &index_with(|i| i.descending = vec![true]),
        );
        no_change(&index_with(|i| i.method = Some("BTREE".into())), &base);
        no_change(
            &index_with(|i| i.operator_classes = vec![None, Some("text_pattern_ops".into())]),
            &index_with(|i| i.operator_classes = vec![None, Some("pg_catalog.text_pattern_ops".into())]),
        );
        type Edit = fn(&mut Index);
        let changed: [(&str, Edit); 6] = [
            ("nulls", |i: &mut Index| i.nulls = vec![Some(Nulls::First)]),
            ("include", |i: &mut Index| i.include = vec!["id".into()]),
            ("nulls_not_distinct", |i: &mut Index| (i.unique, i.nulls_not_distinct) = (true, true)),
            ("method", |i: &mut Index| i.method = Some("hash".into())),
            ("operator_classes", |i: &mut Index| i.operator_classes = vec![Some("int4_ops".into())]),
            ("predicate", |i: &mut Index| i.predicate = Some("a > 0".into())),
        ];
        for (what, edit) in changed {
            let unique = what == "nulls_not_distinct";
            let live = index_with(|i| i.unique = unique);
            let want = index_with(edit);
            let d = fixed(&want, &live);
            assert_eq!(kinds(&d), ["DropIndex", "CreateIndex"], "{what}");
            assert_eq!(
                messages(&d),
                ["Detected removed index 'ix_t' on 't'", "Detected added index 'ix_t' on '['a', 'b']'"],
                "{what}"
            );
            assert_eq!(
                d.operations()[1],
                Operation::CreateIndex(CreateIndex { table: "t".into(), index: want.tables["t"].indexes[0].clone() })
            );
        }
    }

    #[test]
    fn deferrable_unique_constraints_and_foreign_keys_are_dropped_and_added() {
        use crate::schema::Deferrable;
        let unique = |nnd: bool, deferrable: Option<Deferrable>| {
            table_with(|t| {
                t.unique_constraints.push(UniqueConstraint {
                    name: Some("uq_a".into()),
                    columns: vec!["a".into()],
                    nulls_not_distinct: nnd,
                    deferrable,
                })
            })
        };
        no_change(&unique(true, Some(Deferrable::Deferred)), &unique(true, Some(Deferrable::Deferred)));
        for (want, live) in [
            (unique(true, None), unique(false, None)),
            (unique(false, Some(Deferrable::Immediate)), unique(false, None)),
            (unique(false, Some(Deferrable::Deferred)), unique(false, Some(Deferrable::Immediate))),
        ] {
            let d = fixed(&want, &live);
            assert_eq!(kinds(&d), ["DropUniqueConstraint", "AddUniqueConstraint"]);
        }
        let fk = |deferrable: Option<Deferrable>, match_full: bool| {
            table_with(|t| {
                t.foreign_keys.push(ForeignKey {
                    name: Some("fk_a".into()),
                    columns: vec!["a".into()],
                    referred_table: "t".into(),
                    referred_columns: vec!["id".into()],
                    deferrable,
                    match_full,
                    ..Default::default()
                })
            })
        };
        no_change(&fk(Some(Deferrable::Immediate), true), &fk(Some(Deferrable::Immediate), true));
        for (want, live) in
            [(fk(Some(Deferrable::Deferred), false), fk(None, false)), (fk(None, true), fk(None, false))]
        {
            let d = fixed(&want, &live);
            assert_eq!(kinds(&d), ["DropForeignKey", "AddForeignKey"]);
            assert_eq!(
                messages(&d),
                [
                    "Detected removed foreign key (a)(t.id) on table t",
                    "Detected added foreign key (a)(t.id) on table t"
                ]
            );
        }
    }

    fn exclusion(name: Option<&str>, elements: &[(&str, &str)], predicate: Option<&str>) -> ExclusionConstraint {
        ExclusionConstraint {
            name: name.map(str::to_string),
            method: "gist".into(),
            elements: elements
                .iter()
                .map(|(e, o)| crate::schema::ExclusionElement { expression: e.to_string(), operator: o.to_string() })
                .collect(),
            predicate: predicate.map(str::to_string),
            deferrable: None,
        }
    }

    #[test]
    fn exclusion_constraints_are_compared_and_added_after_the_columns_they_use() {
        let with = |x: Vec<ExclusionConstraint>, extra_column: bool| {
            table_with(|t| {
                if extra_column {
                    t.columns.push(Column::new("during", ColumnType::Raw("tsrange".into())));
                }
                t.exclusion_constraints = x;
            })
        };
        let x = exclusion(Some("no_overlap"), &[("a", "="), ("lower(b)", "&&")], Some("a > 0"));
        let same = exclusion(Some("no_overlap"), &[("a", " = "), ("LOWER(b)", "&&")], Some("(a > 0)"));
        no_change(&with(vec![x.clone()], false), &with(vec![same], false));
        // Live unnamed (read from a schema file) against desired named: the same constraint.
        no_change(
            &with(vec![exclusion(None, &[("a", "=")], None)], false),
            &with(vec![exclusion(Some("x"), &[("a", "=")], None)], false),
        );
        let d = fixed(&with(vec![x.clone()], false), &with(vec![], false));
        assert_eq!(messages(&d), ["Detected added exclusion constraint 'no_overlap' on 't'"]);
        let d = fixed(&with(vec![], false), &with(vec![x.clone()], false));
        assert_eq!(messages(&d), ["Detected removed exclusion constraint 'no_overlap' on 't'"]);
        let changes = [
            exclusion(Some("no_overlap"), &[("a", "<>"), ("lower(b)", "&&")], Some("a > 0")),
            exclusion(Some("no_overlap"), &[("a", "="), ("upper(b)", "&&")], Some("a > 0")),
            exclusion(Some("no_overlap"), &[("a", "=")], Some("a > 0")),
            exclusion(Some("no_overlap"), &[("a", "="), ("lower(b)", "&&")], None),
            ExclusionConstraint { method: "spgist".into(), ..x.clone() },
            ExclusionConstraint { deferrable: Some(crate::schema::Deferrable::Deferred), ..x.clone() },
        ];
        for want in changes {
            let d = fixed(&with(vec![want.clone()], false), &with(vec![x.clone()], false));
            assert_eq!(kinds(&d), ["DropExclusionConstraint", "AddExclusionConstraint"], "{want:?}");
        }
        let on_new = exclusion(Some("no_overlap"), &[("during", "&&")], None);
        let d = fixed(&with(vec![on_new], true), &with(vec![], false));
        assert_eq!(kinds(&d), ["AddColumn", "AddExclusionConstraint"]);
        // A live constraint without a name is dropped by its elements.
        let d = compare(&with(vec![], false), &with(vec![exclusion(None, &[("a", "=")], None)], false), &Plain);
        assert_eq!(
            d.operations(),
            [Operation::DropExclusionConstraint(DropExclusionConstraint {
                table: "t".into(),
                name: None,
                elements: vec![crate::schema::ExclusionElement { expression: "a".into(), operator: "=".into() }],
            })]
        );
    }

    #[test]
    fn storage_options_compare_as_a_set_and_a_change_sets_all_of_them() {
        let with = |options: &[&str]| table_with(|t| t.options = options.iter().map(|o| o.to_string()).collect());
        no_change(&with(&["WITHOUT ROWID", "STRICT"]), &with(&["strict", "without  rowid"]));
        let d = fixed(&with(&["STRICT"]), &with(&[]));
        assert_eq!(messages(&d), ["Detected changed table options on 't': options 'STRICT'"]);
        let d = fixed(&with(&[]), &with(&["WITHOUT ROWID"]));
        assert_eq!(messages(&d), ["Detected changed table options on 't': no options"]);
        let op = SetTableOptions { table: "t".into(), options: Some(Vec::new()), ..SetTableOptions::default() };
        assert_eq!(d.operations(), [Operation::SetTableOptions(op.clone())]);
        let before = with(&["WITHOUT ROWID"]);
        let back = SetTableOptions { options: Some(vec!["WITHOUT ROWID".into()]), ..op.clone() };
        assert_eq!(op.inverse(&before).expect("inverse"), [Operation::SetTableOptions(back)]);
    }

    #[test]
    fn table_options_left_out_are_the_default_and_a_change_sets_them() {
        let with = |charset: Option<&str>, collation: Option<&str>| {
            table_with(|t| {
                t.charset = charset.map(str::to_string);
                t.collation = collation.map(str::to_string);
            })
        };
        no_change(&with(None, None), &with(Some("utf8mb4"), Some("utf8mb4_bin")));
        no_change(&with(Some("UTF8MB4"), None), &with(Some("utf8mb4"), Some("utf8mb4_bin")));
        let d = fixed(&with(Some("latin1"), Some("latin1_swedish_ci")), &with(Some("utf8mb4"), Some("utf8mb4_bin")));
        assert_eq!(
            messages(&d),
            ["Detected changed table options on 't': character set 'latin1', collation 'latin1_swedish_ci'"]
        );
        let d = fixed(&with(None, Some("utf8mb4_general_ci")), &with(Some("utf8mb4"), Some("utf8mb4_bin")));
        assert_eq!(
            d.operations(),
            [Operation::SetTableOptions(SetTableOptions {
                table: "t".into(),
                charset: None,
                collation: Some("utf8mb4_general_ci".into()),
                options: None,
            })]
        );
        // New columns without a collation of their own take the new default: options first.
        let d = fixed(
            &with(None, Some("utf8mb4_general_ci"))
                .tables
                .values()
                .map(|t| {
                    let mut t = t.clone();
                    t.columns.push(Column::new("c", ColumnType::Text));
                    t
                })
                .fold(Schema::new(), |mut s, t| {
                    s.insert(t);
                    s
                }),
            &with(None, Some("utf8mb4_bin")),
        );
        assert_eq!(kinds(&d), ["SetTableOptions", "AddColumn"]);
    }

    #[test]
    fn a_table_with_every_feature_is_created_whole_and_then_diffs_empty() {
        let mut want = Schema::new();
        want.insert(crate::operation::tests::booking());
        no_change(&want, &want);
        let d = fixed(&want, &Schema::new());
        assert_eq!(
            messages(&d),
            ["Detected added table 'booking'", "Detected added index 'ix_booking_room' on '['room', 'note']'"]
        );
        assert_eq!(d.operations(), [Operation::CreateTable(want.tables["booking"].clone())]);
        let d = fixed(&Schema::new(), &want);
        assert_eq!(messages(&d), ["Detected removed table 'booking'"]);
    }
}
