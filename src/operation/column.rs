//! Operations on columns: add, drop, alter (type, nullability, default, comment,
//! autoincrement, name).
//!
//! Invariant: dropping a column removes what the databases remove with it (the primary
//! key, indexes, unique constraints, foreign keys, checks and exclusion constraints that
//! use it) and the inverse
//! brings all of them back; renaming a column renames every reference to it, in its own
//! table (its expressions too, rewritten on the parsed tree) and in foreign keys elsewhere.

use serde::{Deserialize, Serialize};

use super::{
    table, table_mut, AddCheckConstraint, AddExclusionConstraint, AddForeignKey, AddUniqueConstraint, CreateIndex,
    CreatePrimaryKey, OpResult, Operation, OperationError,
};
use crate::schema::{Column, ColumnType, ExclusionConstraint, Identity, Index, Schema, Table};

/// `add_column = { table = "users", name = "email", type = "string(32)", nullable = false }`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "toml::Table")]
pub struct AddColumn {
    /// Table that gets the column.
    pub table: String,
    /// The new column.
    #[serde(flatten)]
    pub column: Column,
}

/// `drop_column = { table = "users", name = "email" }`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DropColumn {
    /// Table that loses the column.
    pub table: String,
    /// Column to drop.
    pub name: String,
}

/// `alter_column = { table = "users", name = "email", type = "string(64)", nullable = true }`
///
/// Only the attributes given change; the rest stay as they are.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AlterColumn {
    /// Table of the column.
    pub table: String,
    /// Column name (before any rename).
    pub name: String,
    /// New type.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub r#type: Option<ColumnType>,
    /// New nullability.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nullable: Option<bool>,
    /// New server default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_default: Option<String>,
    /// Remove the server default.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub drop_server_default: bool,
    /// New comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Remove the comment.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub drop_comment: bool,
    /// New autoincrement flag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub autoincrement: Option<bool>,
    /// New identity options (`Identity::default()`: BY DEFAULT with the database's own
    /// options). Meaningful while the column is, or becomes, autoincrement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity: Option<Identity>,
    /// New collation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collation: Option<String>,
    /// Go back to the table's default collation.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub drop_collation: bool,
    /// New character set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charset: Option<String>,
    /// Go back to the table's default character set.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub drop_charset: bool,
    /// New `ON UPDATE` expression.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_update: Option<String>,
    /// Remove the `ON UPDATE` expression.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub drop_on_update: bool,
    /// New name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rename: Option<String>,
}

fn no_such_column(table: &str, column: &str) -> OperationError {
    OperationError::NoSuchColumn { table: table.to_string(), column: column.to_string() }
}

/// Whether index `i` uses `column`: as a key (a name, a prefix key or an expression naming
/// it), as an included column, or in its condition.
fn index_uses(i: &Index, column: &str) -> bool {
    i.columns.iter().any(|c| c == column || mentions_column(c, column))
        || i.include.iter().any(|c| c == column)
        || i.predicate.as_deref().is_some_and(|p| mentions_column(p, column))
}

/// Whether exclusion constraint `x` uses `column`, in an element or its condition.
fn exclusion_uses(x: &ExclusionConstraint, column: &str) -> bool {
    x.elements.iter().any(|e| mentions_column(&e.expression, column))
        || x.predicate.as_deref().is_some_and(|p| mentions_column(p, column))
}

/// Whether the SQL expression `expression` names the column `column` (as a bare or quoted
/// identifier, in any case).
pub(crate) fn mentions_column(expression: &str, column: &str) -> bool {
    expression
        .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$'))
        .any(|word| word.eq_ignore_ascii_case(column))
}

impl AddColumn {
    /// Appends the column to its table.
    ///
    /// Errors when the table does not exist or already has a column of that name.
    pub fn apply(&self, schema: &mut Schema) -> OpResult<()> {
        let t = table_mut(schema, &self.table)?;
        if t.column(&self.column.name).is_some() {
            return Err(OperationError::ColumnExists { table: self.table.clone(), column: self.column.name.clone() });
        }
        t.columns.push(self.column.clone());
        Ok(())
    }

    /// Dropping the column.
    ///
    /// Never errors.
    pub fn inverse(&self, before: &Schema) -> OpResult<Vec<Operation>> {
        let _ = before;
        Ok(vec![Operation::DropColumn(DropColumn { table: self.table.clone(), name: self.column.name.clone() })])
    }
}

impl DropColumn {
    /// Removes the column and everything built on it: the primary key, indexes (as a key, in
    /// a key expression, as an included column or in the condition), unique constraints and
    /// foreign keys that use it, and checks and exclusion constraints that mention it.
    ///
    /// Errors when the table or the column does not exist.
    pub fn apply(&self, schema: &mut Schema) -> OpResult<()> {
        let t = table_mut(schema, &self.table)?;
        let pos = t
            .columns
            .iter()
            .position(|c| c.name == self.name)
            .ok_or_else(|| no_such_column(&self.table, &self.name))?;
        t.columns.remove(pos);
        // Objects on the dropped column go with it, as they do in the databases.
        let name = &self.name;
        if t.primary_key.as_ref().is_some_and(|pk| pk.columns.contains(name)) {
            t.primary_key = None;
        }
        t.indexes.retain(|i| !index_uses(i, name));
        t.unique_constraints.retain(|u| !u.columns.contains(name));
        t.foreign_keys.retain(|f| !f.columns.contains(name));
        t.check_constraints.retain(|c| !mentions_column(&c.expression, name));
        t.exclusion_constraints.retain(|x| !exclusion_uses(x, name));
        Ok(())
    }

    /// Adding the column back, then everything its drop took with it.
    ///
    /// Errors when `before` has no such table or column.
    pub fn inverse(&self, before: &Schema) -> OpResult<Vec<Operation>> {
        let t = table(before, &self.table)?;
        let column = t.column(&self.name).ok_or_else(|| no_such_column(&self.table, &self.name))?;
        let mut ops = vec![Operation::AddColumn(AddColumn { table: self.table.clone(), column: column.clone() })];
        ops.extend(self.dependents(t));
        Ok(ops)
    }

    /// The operations that re-create what dropping this column removes from `t`.
    fn dependents(&self, t: &Table) -> Vec<Operation> {
        let (table, name) = (&self.table, &self.name);
        let mut ops = Vec::new();
        if let Some(pk) = t.primary_key.as_ref().filter(|pk| pk.columns.contains(name)) {
            ops.push(Operation::CreatePrimaryKey(CreatePrimaryKey { table: table.clone(), primary_key: pk.clone() }));
        }
        for i in t.indexes.iter().filter(|i| index_uses(i, name)) {
            ops.push(Operation::CreateIndex(CreateIndex { table: table.clone(), index: i.clone() }));
        }
        for u in t.unique_constraints.iter().filter(|u| u.columns.contains(name)) {
            ops.push(Operation::AddUniqueConstraint(AddUniqueConstraint {
                table: table.clone(),
                constraint: u.clone(),
            }));
        }
        for f in t.foreign_keys.iter().filter(|f| f.columns.contains(name)) {
            ops.push(Operation::AddForeignKey(AddForeignKey { table: table.clone(), foreign_key: f.clone() }));
        }
        for c in t.check_constraints.iter().filter(|c| mentions_column(&c.expression, name)) {
            ops.push(Operation::AddCheckConstraint(AddCheckConstraint { table: table.clone(), check: c.clone() }));
        }
        for x in t.exclusion_constraints.iter().filter(|x| exclusion_uses(x, name)) {
            ops.push(Operation::AddExclusionConstraint(AddExclusionConstraint {
                table: table.clone(),
                constraint: x.clone(),
            }));
        }
        ops
    }
}

impl AlterColumn {
    /// Changes the attributes given; a rename also renames every reference to the column.
    ///
    /// Errors when the table or the column does not exist.
    pub fn apply(&self, schema: &mut Schema) -> OpResult<()> {
        let t = table_mut(schema, &self.table)?;
        let c = t.column_mut(&self.name).ok_or_else(|| no_such_column(&self.table, &self.name))?;
        self.change(c);
        if let Some(new) = &self.rename {
            c.name = new.clone();
            rename_column_references(schema, &self.table, &self.name, new);
        }
        Ok(())
    }

    /// Sets the attributes this alteration gives on `c` (all but the name).
    fn change(&self, c: &mut Column) {
        if let Some(ty) = &self.r#type {
            c.r#type = ty.clone();
        }
        if let Some(n) = self.nullable {
            c.nullable = n;
        }
        if self.drop_server_default {
            c.server_default = None;
        }
        if let Some(d) = &self.server_default {
            c.server_default = Some(d.clone());
        }
        if self.drop_comment {
            c.comment = None;
        }
        if let Some(cm) = &self.comment {
            c.comment = Some(cm.clone());
        }
        if let Some(a) = self.autoincrement {
            c.autoincrement = a;
        }
        if let Some(identity) = &self.identity {
            c.identity = (*identity != Identity::default()).then(|| identity.clone());
        }
        if !c.autoincrement {
            c.identity = None;
        }
        set_or_drop(&mut c.collation, &self.collation, self.drop_collation);
        set_or_drop(&mut c.charset, &self.charset, self.drop_charset);
        set_or_drop(&mut c.on_update, &self.on_update, self.drop_on_update);
    }

    /// The alteration that sets back, under the new name, what this one changed.
    ///
    /// Errors when `before` has no such table or column.
    pub fn inverse(&self, before: &Schema) -> OpResult<Vec<Operation>> {
        let t = table(before, &self.table)?;
        let c = t.column(&self.name).ok_or_else(|| no_such_column(&self.table, &self.name))?;
        let mut back = AlterColumn {
            table: self.table.clone(),
            name: self.rename.clone().unwrap_or_else(|| self.name.clone()),
            rename: self.rename.as_ref().map(|_| self.name.clone()),
            ..AlterColumn::default()
        };
        if self.r#type.is_some() {
            back.r#type = Some(c.r#type.clone());
        }
        if self.nullable.is_some() {
            back.nullable = Some(c.nullable);
        }
        if self.server_default.is_some() || self.drop_server_default {
            match &c.server_default {
                Some(d) => back.server_default = Some(d.clone()),
                None => back.drop_server_default = true,
            }
        }
        if self.comment.is_some() || self.drop_comment {
            match &c.comment {
                Some(d) => back.comment = Some(d.clone()),
                None => back.drop_comment = true,
            }
        }
        if self.autoincrement.is_some() {
            back.autoincrement = Some(c.autoincrement);
        }
        if self.identity.is_some() || self.autoincrement.is_some() {
            back.identity = c.autoincrement.then(|| c.identity.clone().unwrap_or_default());
        }
        (back.collation, back.drop_collation) = restore(&c.collation, &self.collation, self.drop_collation);
        (back.charset, back.drop_charset) = restore(&c.charset, &self.charset, self.drop_charset);
        (back.on_update, back.drop_on_update) = restore(&c.on_update, &self.on_update, self.drop_on_update);
        Ok(vec![Operation::AlterColumn(back)])
    }
}

/// Sets `value` to `new` if given, else clears it if `drop` says so.
fn set_or_drop(value: &mut Option<String>, new: &Option<String>, drop: bool) {
    if drop {
        *value = None;
    }
    if let Some(v) = new {
        *value = Some(v.clone());
    }
}

/// The `(set, drop)` pair that gives `before` back, when an alteration touched the value.
fn restore(before: &Option<String>, new: &Option<String>, drop: bool) -> (Option<String>, bool) {
    if new.is_none() && !drop {
        return (None, false);
    }
    match before {
        Some(v) => (Some(v.clone()), false),
        None => (None, true),
    }
}

/// After column `old` of `table_name` was renamed `new`: points the table's own keys,
/// indexes and constraints, and every foreign key referring to it, at the new name.
fn rename_column_references(schema: &mut Schema, table_name: &str, old: &str, new: &str) {
    let swap = |cols: &mut Vec<String>| {
        for c in cols.iter_mut() {
            if c == old {
                *c = new.to_string();
            }
        }
    };
    if let Some(t) = schema.tables.get_mut(table_name) {
        if let Some(pk) = &mut t.primary_key {
            swap(&mut pk.columns);
        }
        t.indexes.iter_mut().for_each(|i| {
            swap(&mut i.columns);
            swap(&mut i.include);
        });
        for e in t.exclusion_constraints.iter_mut().flat_map(|x| x.elements.iter_mut()) {
            if e.expression == old {
                e.expression = new.to_string();
            }
        }
        t.unique_constraints.iter_mut().for_each(|u| swap(&mut u.columns));
        t.foreign_keys.iter_mut().for_each(|fk| swap(&mut fk.columns));
        rename_in_expressions(t, old, new);
    }
    for fk in schema.tables.values_mut().flat_map(|t| t.foreign_keys.iter_mut()) {
        if fk.referred_table == table_name {
            swap(&mut fk.referred_columns);
        }
    }
}

/// After column `old` of `t` was renamed `new`: the expressions of `t` that mention it
/// (expression and prefix index keys, partial index conditions, checks, generated columns,
/// exclusion constraints) name `new`, as the database rewrites them itself.
fn rename_in_expressions(t: &mut crate::schema::Table, old: &str, new: &str) {
    let table = t.name.clone();
    let rename = |sql: &mut String| {
        if let Some(renamed) = crate::dialect::expr::rename_column(sql, &table, old, new) {
            *sql = renamed;
        }
    };
    for index in &mut t.indexes {
        for entry in &mut index.columns {
            match crate::schema::prefix_key(entry) {
                Some((column, length)) if column == old => *entry = format!("{new}({length})"),
                Some(_) => {}
                None if entry.as_str() == new => {}
                None => rename(entry),
            }
        }
        index.predicate.iter_mut().for_each(rename);
    }
    t.check_constraints.iter_mut().for_each(|c| rename(&mut c.expression));
    t.columns.iter_mut().filter_map(|c| c.generated.as_mut()).for_each(|g| rename(&mut g.expression));
    for x in &mut t.exclusion_constraints {
        x.elements.iter_mut().for_each(|e| rename(&mut e.expression));
        x.predicate.iter_mut().for_each(rename);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::operation::apply_all;
    use crate::operation::tests::users;
    use crate::schema::{CheckConstraint, PrimaryKey};

    #[test]
    fn a_rename_renames_the_column_in_expressions_and_back() {
        let mut t = users();
        t.indexes.push(crate::schema::Index {
            name: "ix_lower".into(),
            columns: vec!["lower(username)".into(), "username(8)".into()],
            predicate: Some("username IS NOT NULL".into()),
            ..Default::default()
        });
        t.check_constraints.push(CheckConstraint { name: None, expression: "length(\"username\") > 2".into() });
        t.columns.push(Column {
            generated: Some(crate::schema::Generated { expression: "upper(username)".into(), stored: true }),
            ..Column::new("shout", ColumnType::Text)
        });
        let mut schema = Schema::new();
        schema.insert(t);
        let op = AlterColumn {
            table: "users".into(),
            name: "username".into(),
            rename: Some("login".into()),
            ..Default::default()
        };
        let mut after = schema.clone();
        op.apply(&mut after).expect("applies");
        let t = &after.tables["users"];
        assert_eq!(t.indexes[1].columns, ["lower(login)", "login(8)"]);
        assert_eq!(t.indexes[1].predicate.as_deref(), Some("login IS NOT NULL"));
        assert_eq!(t.check_constraints[0].expression, "length(\"login\") > 2");
        assert_eq!(t.columns[2].generated.as_ref().map(|g| g.expression.as_str()), Some("upper(login)"));
        let back = op.inverse(&schema).expect("inverse");
        assert_eq!(apply_all(&after, &back).expect("applies back"), schema);
    }

    #[test]
    fn add_column_reads_the_script_spelling() {
        let text = r#"add_column = { table = "users", name = "email", type = "string(32)", nullable = false, server_default = "''" }"#;
        let op: Operation = toml::from_str(text).expect("parses");
        assert_eq!(
            op,
            Operation::AddColumn(AddColumn {
                table: "users".into(),
                column: Column::new("email", ColumnType::String(Some(32))).not_null().default_sql("''"),
            })
        );
    }

    #[test]
    fn dropping_a_missing_column_names_it() {
        let mut s = Schema::new();
        s.insert(users());
        let err =
            Operation::DropColumn(DropColumn { table: "users".into(), name: "nope".into() }).apply(&mut s).unwrap_err();
        assert_eq!(err.to_string(), "column 'users.nope' does not exist");
    }

    #[test]
    fn dropping_a_key_column_drops_the_primary_key_and_its_checks_and_the_inverse_restores_them() {
        let mut t = users();
        t.primary_key = Some(PrimaryKey { name: None, columns: vec!["id".into(), "username".into()] });
        t.check_constraints = vec![
            CheckConstraint { name: Some("ck_len".into()), expression: "length(\"username\") > 2".into() },
            CheckConstraint { name: Some("ck_id".into()), expression: "id > 0".into() },
        ];
        let mut start = Schema::new();
        start.insert(t);
        let drop = [Operation::DropColumn(DropColumn { table: "users".into(), name: "username".into() })];
        let end = apply_all(&start, &drop).expect("drop applies");
        let users = &end.tables["users"];
        assert_eq!(users.primary_key, None);
        assert_eq!(users.check_constraints.len(), 1);
        assert_eq!(users.check_constraints[0].name.as_deref(), Some("ck_id"));
        let undo = crate::operation::invert_all(&start, &drop).expect("drop inverts");
        let mut back = apply_all(&end, &undo).expect("undo applies");
        // The column comes back last in the table; compare everything else as it was.
        let b = back.tables.get_mut("users").expect("users");
        b.columns.sort_by(|x, y| x.name.cmp(&y.name));
        b.check_constraints.sort_by(|x, y| x.name.cmp(&y.name));
        let mut want = start.clone();
        let w = want.tables.get_mut("users").expect("users");
        w.columns.sort_by(|x, y| x.name.cmp(&y.name));
        w.check_constraints.sort_by(|x, y| x.name.cmp(&y.name));
        assert_eq!(back, want);
    }

    #[test]
    fn mentions_column_matches_whole_identifiers_only() {
        assert!(mentions_column("\"Name\" <> ''", "name"));
        assert!(mentions_column("`n` > 0 AND m < 1", "m"));
        assert!(!mentions_column("name_len > 0", "name"));
    }
}
