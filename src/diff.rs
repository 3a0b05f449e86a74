//! Autogenerate: compares a desired schema with a live one and lists the operations that
//! turn the live one into the desired one, each with the line Alembic would log for it.
//!
//! The walk is written once for every database; dialects answer narrow questions through
//! hooks on [`Dialect`] (are these types the same here? is this index the database's own?).
//! Invariant: the operations are ordered so they can run — foreign keys are dropped before
//! what they point at, tables are created before the keys that reference them — and
//! applying them to `live` with [`Operation::apply`] gives a schema that diffs as empty
//! against `desired`. No database access happens here.

use std::collections::{BTreeMap, BTreeSet};

use crate::dialect::Dialect;
use crate::operation::{
    AddCheckConstraint, AddColumn, AddForeignKey, AddUniqueConstraint, AlterColumn, CreateIndex, CreatePrimaryKey,
    DropCheckConstraint, DropColumn, DropForeignKey, DropIndex, DropPrimaryKey, DropTable, DropUniqueConstraint,
    Operation, SetTableComment,
};
use crate::schema::{CheckConstraint, Column, ColumnType, ForeignKey, Index, Schema, Table, UniqueConstraint};

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
pub fn compare(desired: &Schema, live: &Schema, dialect: &dyn Dialect) -> Diff {
    let desired = normalize(desired, dialect);
    let live = normalize(live, dialect);
    let mut out = Walk::default();

    let added: Vec<&Table> = desired.tables.values().filter(|t| !live.tables.contains_key(&t.name)).collect();
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
            compare_table(want, have, dialect, &mut out);
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

/// Brings both sides to the same footing: primary-key columns are NOT NULL everywhere, and
/// what the dialect cannot store (comments, autoincrement) is left out of the comparison.
fn normalize(schema: &Schema, dialect: &dyn Dialect) -> Schema {
    let mut s = schema.clone();
    for t in s.tables.values_mut() {
        let pk: Vec<String> = t.primary_key.as_ref().map(|p| p.columns.clone()).unwrap_or_default();
        for c in &mut t.columns {
            // Key and generated columns are NOT NULL whatever the declaration says.
            if pk.contains(&c.name) || c.autoincrement {
                c.nullable = false;
            }
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
    }
    s
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
}

impl Pair<'_> {
    fn name(&self) -> &String {
        &self.want.name
    }
}

/// Compares one table present on both sides. Removals run first (foreign keys, which may
/// point at what is about to change, then indexes, uniques, checks), then columns are added
/// and altered, the primary key replaced, columns removed, and the additions run last; new
/// foreign keys wait until every table exists.
fn compare_table(want: &Table, have: &Table, dialect: &dyn Dialect, out: &mut Walk) {
    let pair = Pair { want, have, dialect };
    let foreign_keys = compare_foreign_keys(&pair);
    let indexes = compare_indexes(&pair);
    let uniques = compare_uniques(&pair);
    let checks = compare_checks(&pair);
    let columns = compare_columns(&pair);
    let primary_key = compare_primary_key(&pair);
    let removed_columns = removed_columns(&pair, &mut out.warnings);
    out.changes.extend(
        [foreign_keys.drop, indexes.drop, uniques.drop, checks.drop, columns, primary_key.drop, primary_key.add]
            .into_iter()
            .flatten(),
    );
    out.changes.extend(removed_columns);
    out.changes.extend([uniques.add, indexes.add, checks.add].into_iter().flatten());
    out.changes.extend(compare_comment(&pair));
    out.late_fks.extend(foreign_keys.add);
}

/// Foreign keys, compared on their columns, target and actions.
fn compare_foreign_keys(p: &Pair) -> Phases {
    let t = p.name();
    let (add, drop) = match_by(&p.want.foreign_keys, &p.have.foreign_keys, same_fk);
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

/// Indexes, by name, columns, key order and uniqueness. The database's own indexes are not dropped,
/// and on databases that keep unique constraints as indexes a unique index may stand for a
/// unique constraint.
fn compare_indexes(p: &Pair) -> Phases {
    let (t, want, have, dialect) = (p.name(), p.want, p.have, p.dialect);
    let (ix_add, ix_drop) = match_by(&want.indexes, &have.indexes, |a: &Index, b: &Index| {
        a.name == b.name
            && dialect.index_entries_equal(&a.columns, &b.columns)
            && a.unique == b.unique
            && a.same_key_order(b)
            && match (&a.predicate, &b.predicate) {
                (None, None) => true,
                (Some(x), Some(y)) => dialect.checks_equal(x, y),
                _ => false,
            }
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
/// databases that keep those as indexes: it is unique and every key is ascending.
fn plain_unique(index: &Index) -> bool {
    index.unique && !index.descending.contains(&true)
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
    let (add, drop) = match_by(&p.want.unique_constraints, &have_uniques, |a, b| a.columns == b.columns);
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
        _ => p.dialect.checks_equal(&a.expression, &b.expression),
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

/// Columns added, then columns changed (see [`compare_column`]).
fn compare_columns(p: &Pair) -> Vec<Change> {
    let t = p.name();
    let mut out = Vec::new();
    for col in p.want.columns.iter().filter(|c| p.have.column(&c.name).is_none()) {
        out.push(change(
            Operation::AddColumn(AddColumn { table: t.clone(), column: col.clone() }),
            format!("Detected added column '{}.{}'", t, col.name),
        ));
    }
    for col in &p.want.columns {
        if let Some(old) = p.have.column(&col.name) {
            if let Some((alter, messages)) = compare_column(t, col, old, p.dialect) {
                out.push(change(Operation::AlterColumn(alter), messages.join("\n")));
            }
        }
    }
    out
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
    if p.want.primary_key.as_ref().map(|k| &k.columns) == p.have.primary_key.as_ref().map(|k| &k.columns) {
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

/// The `alter_column` that turns `have` into `want`, with its log lines; `None` when equal.
fn compare_column(
    table: &str,
    want: &Column,
    have: &Column,
    dialect: &dyn Dialect,
) -> Option<(AlterColumn, Vec<String>)> {
    let mut alter = AlterColumn { table: table.to_string(), name: want.name.clone(), ..AlterColumn::default() };
    let mut messages = Vec::new();
    let at = format!("'{}.{}'", table, want.name);
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
        messages.push(format!("Detected autoincrement change on column {at}"));
    }
    if want.comment != have.comment {
        match &want.comment {
            Some(c) => alter.comment = Some(c.clone()),
            None => alter.drop_comment = true,
        }
        messages.push(format!("Detected column comment change on {at}"));
    }
    if messages.is_empty() {
        None
    } else {
        Some((alter, messages))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::operation::apply_all;
    use crate::schema::{ColumnType, PrimaryKey};

    /// A dialect with every default rule.
    struct Plain;
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
}
