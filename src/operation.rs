//! Schema changes as data: one [`Operation`] enum, as written in migration scripts.
//!
//! Invariant: every operation can be applied to an in-memory [`Schema`]
//! ([`Operation::apply`]) and knows its inverse against the schema it was applied to
//! ([`Operation::inverse`]), so downgrades are derived, never hand-assembled, and the
//! schema at any revision can be computed without a database.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::schema::{
    CheckConstraint, Column, ColumnType, ForeignKey, Index, PrimaryKey, Schema, Table, UniqueConstraint,
};

/// One schema change. In a script each is a TOML table with a single key naming the
/// operation, e.g. `add_column = { table = "users", name = "email", type = "string(32)" }`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Operation {
    /// Create a table with its columns, keys, constraints and indexes.
    CreateTable(Table),
    /// Drop a table.
    DropTable(DropTable),
    /// Rename a table.
    RenameTable(RenameTable),
    /// Add a column.
    AddColumn(AddColumn),
    /// Drop a column.
    DropColumn(DropColumn),
    /// Change a column's type, nullability, default, comment or name.
    AlterColumn(AlterColumn),
    /// Create an index.
    CreateIndex(CreateIndex),
    /// Drop an index.
    DropIndex(DropIndex),
    /// Add (or replace) the primary key.
    CreatePrimaryKey(CreatePrimaryKey),
    /// Drop the primary key.
    DropPrimaryKey(DropPrimaryKey),
    /// Add a unique constraint.
    AddUniqueConstraint(AddUniqueConstraint),
    /// Drop a unique constraint.
    DropUniqueConstraint(DropUniqueConstraint),
    /// Add a foreign key.
    AddForeignKey(AddForeignKey),
    /// Drop a foreign key.
    DropForeignKey(DropForeignKey),
    /// Add a check constraint.
    AddCheckConstraint(AddCheckConstraint),
    /// Drop a check constraint.
    DropCheckConstraint(DropCheckConstraint),
    /// Set or remove a table comment.
    SetTableComment(SetTableComment),
    /// Run raw SQL (optionally one text per dialect).
    Execute(Execute),
}

/// `drop_table = { name = "users" }`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DropTable {
    /// Table to drop.
    pub name: String,
}

/// `rename_table = { from = "old", to = "new" }`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RenameTable {
    /// Current name.
    pub from: String,
    /// New name.
    pub to: String,
}

/// `add_column = { table = "users", name = "email", type = "string(32)", nullable = false }`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    /// New name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rename: Option<String>,
}

/// `create_index = { table = "users", name = "ix_users_username", columns = ["username"], unique = true }`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CreateIndex {
    /// Indexed table.
    pub table: String,
    /// The index.
    #[serde(flatten)]
    pub index: Index,
}

/// `drop_index = { table = "users", name = "ix_users_username" }`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DropIndex {
    /// Indexed table.
    pub table: String,
    /// Index name.
    pub name: String,
}

/// `create_primary_key = { table = "t", columns = ["a", "b"] }`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CreatePrimaryKey {
    /// Table.
    pub table: String,
    /// The key.
    #[serde(flatten)]
    pub primary_key: PrimaryKey,
}

/// `drop_primary_key = { table = "t" }`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DropPrimaryKey {
    /// Table.
    pub table: String,
    /// Constraint name, where the database needs it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// `add_unique_constraint = { table = "roles", name = "uq_roles_name", columns = ["name"] }`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AddUniqueConstraint {
    /// Table.
    pub table: String,
    /// The constraint.
    #[serde(flatten)]
    pub constraint: UniqueConstraint,
}

/// `drop_unique_constraint = { table = "roles", name = "uq_roles_name", columns = ["name"] }`
///
/// The constraint is found by name, or by its columns when it has no name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DropUniqueConstraint {
    /// Table.
    pub table: String,
    /// Constraint name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Constraint columns.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub columns: Vec<String>,
}

/// `add_foreign_key = { table = "users", columns = ["role_id"], referred_table = "roles", referred_columns = ["id"] }`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AddForeignKey {
    /// Referencing table.
    pub table: String,
    /// The key.
    #[serde(flatten)]
    pub foreign_key: ForeignKey,
}

/// `drop_foreign_key = { table = "users", name = "fk_users_role_id", columns = ["role_id"] }`
///
/// The key is found by name, or by its columns when it has no name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DropForeignKey {
    /// Referencing table.
    pub table: String,
    /// Constraint name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Referencing columns.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub columns: Vec<String>,
}

/// `add_check_constraint = { table = "t", name = "ck_t_positive", expression = "n > 0" }`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AddCheckConstraint {
    /// Table.
    pub table: String,
    /// The constraint.
    #[serde(flatten)]
    pub check: CheckConstraint,
}

/// `drop_check_constraint = { table = "t", name = "ck_t_positive" }`
///
/// The constraint is found by name, or by its expression when it has no name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DropCheckConstraint {
    /// Table.
    pub table: String,
    /// Constraint name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Condition, to find an unnamed constraint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expression: Option<String>,
}

/// `set_table_comment = { table = "t", comment = "…" }` (no `comment` removes it)
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SetTableComment {
    /// Table.
    pub table: String,
    /// New comment, or none to remove it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// `execute = { sql = "UPDATE users SET email = ''" }`, with optional per-dialect texts
/// (`sqlite = "…"`, `postgresql = "…"`, `mysql = "…"`) that win over `sql` on that database.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Execute {
    /// SQL for every database without its own text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sql: Option<String>,
    /// Per-dialect SQL, keyed by dialect name.
    #[serde(flatten)]
    pub per_dialect: BTreeMap<String, String>,
}

impl Execute {
    /// The SQL to run on the dialect called `dialect` (`None`: nothing to run there).
    pub fn sql_for(&self, dialect: &str) -> Option<&str> {
        self.per_dialect.get(dialect).or(self.sql.as_ref()).map(String::as_str)
    }
}

/// Why an operation cannot be applied to (or inverted against) a schema.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum OperationError {
    /// The table does not exist.
    #[error("table '{0}' does not exist")]
    NoSuchTable(String),
    /// The table exists already.
    #[error("table '{0}' already exists")]
    TableExists(String),
    /// The column does not exist.
    #[error("column '{table}.{column}' does not exist")]
    NoSuchColumn {
        /// Table.
        table: String,
        /// Column.
        column: String,
    },
    /// The column exists already.
    #[error("column '{table}.{column}' already exists")]
    ColumnExists {
        /// Table.
        table: String,
        /// Column.
        column: String,
    },
    /// An index, key or constraint was not found.
    #[error("{kind} {name} on table '{table}' does not exist")]
    NoSuchObject {
        /// What kind of object (`index`, `foreign key`, …).
        kind: &'static str,
        /// Its name or description.
        name: String,
        /// Table.
        table: String,
    },
    /// Raw SQL cannot be inverted.
    #[error("an execute operation has no automatic inverse; write the downgrade by hand")]
    Irreversible,
}

type OpResult<T> = Result<T, OperationError>;

fn table_mut<'a>(schema: &'a mut Schema, name: &str) -> OpResult<&'a mut Table> {
    schema.tables.get_mut(name).ok_or_else(|| OperationError::NoSuchTable(name.to_string()))
}

fn table<'a>(schema: &'a Schema, name: &str) -> OpResult<&'a Table> {
    schema.tables.get(name).ok_or_else(|| OperationError::NoSuchTable(name.to_string()))
}

fn no_such(kind: &'static str, name: impl Into<String>, table: &str) -> OperationError {
    OperationError::NoSuchObject { kind, name: name.into(), table: table.to_string() }
}

fn describe(name: &Option<String>, columns: &[String]) -> String {
    match name {
        Some(n) => format!("'{n}'"),
        None => format!("on ({})", columns.join(", ")),
    }
}

/// Position of the unique constraint a drop refers to (by name, else by columns).
pub fn find_unique(table: &Table, name: &Option<String>, columns: &[String]) -> Option<usize> {
    match name {
        Some(n) => table.unique_constraints.iter().position(|u| u.name.as_deref() == Some(n)),
        None => table.unique_constraints.iter().position(|u| u.columns == columns),
    }
}

/// Where a unique object was found: databases such as MySQL keep unique constraints as
/// unique indexes, so a drop of one may name the other.
enum Found {
    Index(usize),
    Unique(usize),
}

impl From<UniqueConstraint> for Index {
    fn from(u: UniqueConstraint) -> Index {
        Index { name: u.name.unwrap_or_default(), columns: u.columns, unique: true }
    }
}

/// The index called `name`, else a unique constraint of that name.
fn find_index(table: &Table, name: &str) -> Option<Found> {
    match table.indexes.iter().position(|i| i.name == name) {
        Some(pos) => Some(Found::Index(pos)),
        None => table.unique_constraints.iter().position(|u| u.name.as_deref() == Some(name)).map(Found::Unique),
    }
}

/// The unique constraint a drop names, else a unique index of that name (or columns).
fn find_unique_or_index(table: &Table, name: &Option<String>, columns: &[String]) -> Option<Found> {
    if let Some(pos) = find_unique(table, name, columns) {
        return Some(Found::Unique(pos));
    }
    let pos = match name {
        Some(n) => table.indexes.iter().position(|i| i.unique && &i.name == n),
        None => table.indexes.iter().position(|i| i.unique && i.columns == columns),
    };
    pos.map(Found::Index)
}

/// Position of the foreign key a drop refers to (by name, else by columns).
pub fn find_foreign_key(table: &Table, name: &Option<String>, columns: &[String]) -> Option<usize> {
    match name {
        Some(n) => table.foreign_keys.iter().position(|f| f.name.as_deref() == Some(n)),
        None => table.foreign_keys.iter().position(|f| f.columns == columns),
    }
}

/// Position of the check constraint a drop refers to (by name, else by expression).
pub fn find_check(table: &Table, name: &Option<String>, expression: &Option<String>) -> Option<usize> {
    match name {
        Some(n) => table.check_constraints.iter().position(|c| c.name.as_deref() == Some(n)),
        None => table.check_constraints.iter().position(|c| Some(&c.expression) == expression.as_ref()),
    }
}

impl Operation {
    /// The table this operation changes (`None` for raw SQL).
    pub fn table_name(&self) -> Option<&str> {
        Some(match self {
            Operation::CreateTable(t) => &t.name,
            Operation::DropTable(o) => &o.name,
            Operation::RenameTable(o) => &o.from,
            Operation::AddColumn(o) => &o.table,
            Operation::DropColumn(o) => &o.table,
            Operation::AlterColumn(o) => &o.table,
            Operation::CreateIndex(o) => &o.table,
            Operation::DropIndex(o) => &o.table,
            Operation::CreatePrimaryKey(o) => &o.table,
            Operation::DropPrimaryKey(o) => &o.table,
            Operation::AddUniqueConstraint(o) => &o.table,
            Operation::DropUniqueConstraint(o) => &o.table,
            Operation::AddForeignKey(o) => &o.table,
            Operation::DropForeignKey(o) => &o.table,
            Operation::AddCheckConstraint(o) => &o.table,
            Operation::DropCheckConstraint(o) => &o.table,
            Operation::SetTableComment(o) => &o.table,
            Operation::Execute(_) => return None,
        })
    }

    /// Applies this change to an in-memory schema.
    ///
    /// Errors when the objects it names do not exist (or exist already, for creations).
    /// Raw SQL leaves the schema as it is.
    pub fn apply(&self, schema: &mut Schema) -> OpResult<()> {
        match self {
            Operation::CreateTable(t) => {
                if schema.tables.contains_key(&t.name) {
                    return Err(OperationError::TableExists(t.name.clone()));
                }
                schema.insert(t.clone());
            }
            Operation::DropTable(o) => {
                schema.tables.remove(&o.name).ok_or_else(|| OperationError::NoSuchTable(o.name.clone()))?;
            }
            Operation::RenameTable(o) => {
                if schema.tables.contains_key(&o.to) {
                    return Err(OperationError::TableExists(o.to.clone()));
                }
                let mut t = schema.tables.remove(&o.from).ok_or_else(|| OperationError::NoSuchTable(o.from.clone()))?;
                t.name = o.to.clone();
                for other in schema.tables.values_mut() {
                    for fk in &mut other.foreign_keys {
                        if fk.referred_table == o.from {
                            fk.referred_table = o.to.clone();
                        }
                    }
                }
                for fk in &mut t.foreign_keys {
                    if fk.referred_table == o.from {
                        fk.referred_table = o.to.clone();
                    }
                }
                schema.insert(t);
            }
            Operation::AddColumn(o) => {
                let t = table_mut(schema, &o.table)?;
                if t.column(&o.column.name).is_some() {
                    return Err(OperationError::ColumnExists { table: o.table.clone(), column: o.column.name.clone() });
                }
                t.columns.push(o.column.clone());
            }
            Operation::DropColumn(o) => {
                let t = table_mut(schema, &o.table)?;
                let pos = t
                    .columns
                    .iter()
                    .position(|c| c.name == o.name)
                    .ok_or_else(|| OperationError::NoSuchColumn { table: o.table.clone(), column: o.name.clone() })?;
                t.columns.remove(pos);
                // Objects on the dropped column go with it, as they do in the databases.
                t.indexes.retain(|i| !i.columns.contains(&o.name));
                t.unique_constraints.retain(|u| !u.columns.contains(&o.name));
                t.foreign_keys.retain(|f| !f.columns.contains(&o.name));
            }
            Operation::AlterColumn(o) => {
                let t = table_mut(schema, &o.table)?;
                let c = t
                    .column_mut(&o.name)
                    .ok_or_else(|| OperationError::NoSuchColumn { table: o.table.clone(), column: o.name.clone() })?;
                if let Some(ty) = &o.r#type {
                    c.r#type = ty.clone();
                }
                if let Some(n) = o.nullable {
                    c.nullable = n;
                }
                if o.drop_server_default {
                    c.server_default = None;
                }
                if let Some(d) = &o.server_default {
                    c.server_default = Some(d.clone());
                }
                if o.drop_comment {
                    c.comment = None;
                }
                if let Some(cm) = &o.comment {
                    c.comment = Some(cm.clone());
                }
                if let Some(a) = o.autoincrement {
                    c.autoincrement = a;
                }
                if let Some(new) = &o.rename {
                    c.name = new.clone();
                    rename_column_references(t, &o.table, &o.name, new);
                    let (table_name, old) = (o.table.clone(), o.name.clone());
                    for other in schema.tables.values_mut() {
                        for fk in &mut other.foreign_keys {
                            if fk.referred_table == table_name {
                                for rc in &mut fk.referred_columns {
                                    if *rc == old {
                                        *rc = new.clone();
                                    }
                                }
                            }
                        }
                    }
                }
            }
            Operation::CreateIndex(o) => {
                let t = table_mut(schema, &o.table)?;
                t.indexes.push(o.index.clone());
            }
            Operation::DropIndex(o) => {
                let t = table_mut(schema, &o.table)?;
                match find_index(t, &o.name).ok_or_else(|| no_such("index", format!("'{}'", o.name), &o.table))? {
                    Found::Index(pos) => t.indexes.remove(pos),
                    Found::Unique(pos) => t.unique_constraints.remove(pos).into(),
                };
            }
            Operation::CreatePrimaryKey(o) => {
                table_mut(schema, &o.table)?.primary_key = Some(o.primary_key.clone());
            }
            Operation::DropPrimaryKey(o) => {
                let t = table_mut(schema, &o.table)?;
                if t.primary_key.take().is_none() {
                    return Err(no_such("primary key", "", &o.table));
                }
            }
            Operation::AddUniqueConstraint(o) => {
                table_mut(schema, &o.table)?.unique_constraints.push(o.constraint.clone());
            }
            Operation::DropUniqueConstraint(o) => {
                let t = table_mut(schema, &o.table)?;
                match find_unique_or_index(t, &o.name, &o.columns)
                    .ok_or_else(|| no_such("unique constraint", describe(&o.name, &o.columns), &o.table))?
                {
                    Found::Unique(pos) => t.unique_constraints.remove(pos).into(),
                    Found::Index(pos) => t.indexes.remove(pos),
                };
            }
            Operation::AddForeignKey(o) => {
                table_mut(schema, &o.table)?.foreign_keys.push(o.foreign_key.clone());
            }
            Operation::DropForeignKey(o) => {
                let t = table_mut(schema, &o.table)?;
                let pos = find_foreign_key(t, &o.name, &o.columns)
                    .ok_or_else(|| no_such("foreign key", describe(&o.name, &o.columns), &o.table))?;
                t.foreign_keys.remove(pos);
            }
            Operation::AddCheckConstraint(o) => {
                table_mut(schema, &o.table)?.check_constraints.push(o.check.clone());
            }
            Operation::DropCheckConstraint(o) => {
                let t = table_mut(schema, &o.table)?;
                let pos = find_check(t, &o.name, &o.expression).ok_or_else(|| {
                    let what = o.name.clone().or(o.expression.clone()).unwrap_or_default();
                    no_such("check constraint", what, &o.table)
                })?;
                t.check_constraints.remove(pos);
            }
            Operation::SetTableComment(o) => {
                table_mut(schema, &o.table)?.comment = o.comment.clone();
            }
            Operation::Execute(_) => {}
        }
        Ok(())
    }

    /// The operations that undo this one, given the schema it is applied to.
    ///
    /// Errors when `before` lacks what the operation names, or for raw SQL, which has no
    /// automatic inverse.
    pub fn inverse(&self, before: &Schema) -> OpResult<Vec<Operation>> {
        Ok(match self {
            Operation::CreateTable(t) => {
                vec![Operation::DropTable(DropTable { name: t.name.clone() })]
            }
            Operation::DropTable(o) => vec![Operation::CreateTable(table(before, &o.name)?.clone())],
            Operation::RenameTable(o) => {
                vec![Operation::RenameTable(RenameTable { from: o.to.clone(), to: o.from.clone() })]
            }
            Operation::AddColumn(o) => {
                vec![Operation::DropColumn(DropColumn { table: o.table.clone(), name: o.column.name.clone() })]
            }
            Operation::DropColumn(o) => {
                let t = table(before, &o.table)?;
                let column = t
                    .column(&o.name)
                    .ok_or_else(|| OperationError::NoSuchColumn { table: o.table.clone(), column: o.name.clone() })?;
                let mut ops = vec![Operation::AddColumn(AddColumn { table: o.table.clone(), column: column.clone() })];
                // Bring back what the drop took with it.
                for i in t.indexes.iter().filter(|i| i.columns.contains(&o.name)) {
                    ops.push(Operation::CreateIndex(CreateIndex { table: o.table.clone(), index: i.clone() }));
                }
                for u in t.unique_constraints.iter().filter(|u| u.columns.contains(&o.name)) {
                    ops.push(Operation::AddUniqueConstraint(AddUniqueConstraint {
                        table: o.table.clone(),
                        constraint: u.clone(),
                    }));
                }
                for f in t.foreign_keys.iter().filter(|f| f.columns.contains(&o.name)) {
                    ops.push(Operation::AddForeignKey(AddForeignKey {
                        table: o.table.clone(),
                        foreign_key: f.clone(),
                    }));
                }
                ops
            }
            Operation::AlterColumn(o) => {
                let t = table(before, &o.table)?;
                let c = t
                    .column(&o.name)
                    .ok_or_else(|| OperationError::NoSuchColumn { table: o.table.clone(), column: o.name.clone() })?;
                let mut back = AlterColumn {
                    table: o.table.clone(),
                    name: o.rename.clone().unwrap_or_else(|| o.name.clone()),
                    rename: o.rename.as_ref().map(|_| o.name.clone()),
                    ..AlterColumn::default()
                };
                if o.r#type.is_some() {
                    back.r#type = Some(c.r#type.clone());
                }
                if o.nullable.is_some() {
                    back.nullable = Some(c.nullable);
                }
                if o.server_default.is_some() || o.drop_server_default {
                    match &c.server_default {
                        Some(d) => back.server_default = Some(d.clone()),
                        None => back.drop_server_default = true,
                    }
                }
                if o.comment.is_some() || o.drop_comment {
                    match &c.comment {
                        Some(d) => back.comment = Some(d.clone()),
                        None => back.drop_comment = true,
                    }
                }
                if o.autoincrement.is_some() {
                    back.autoincrement = Some(c.autoincrement);
                }
                vec![Operation::AlterColumn(back)]
            }
            Operation::CreateIndex(o) => {
                vec![Operation::DropIndex(DropIndex { table: o.table.clone(), name: o.index.name.clone() })]
            }
            Operation::DropIndex(o) => {
                let t = table(before, &o.table)?;
                let index =
                    match find_index(t, &o.name).ok_or_else(|| no_such("index", format!("'{}'", o.name), &o.table))? {
                        Found::Index(pos) => t.indexes[pos].clone(),
                        Found::Unique(pos) => t.unique_constraints[pos].clone().into(),
                    };
                vec![Operation::CreateIndex(CreateIndex { table: o.table.clone(), index })]
            }
            Operation::CreatePrimaryKey(o) => {
                let t = table(before, &o.table)?;
                match &t.primary_key {
                    Some(old) => vec![Operation::CreatePrimaryKey(CreatePrimaryKey {
                        table: o.table.clone(),
                        primary_key: old.clone(),
                    })],
                    None => vec![Operation::DropPrimaryKey(DropPrimaryKey {
                        table: o.table.clone(),
                        name: o.primary_key.name.clone(),
                    })],
                }
            }
            Operation::DropPrimaryKey(o) => {
                let t = table(before, &o.table)?;
                let pk = t.primary_key.clone().ok_or_else(|| no_such("primary key", "", &o.table))?;
                vec![Operation::CreatePrimaryKey(CreatePrimaryKey { table: o.table.clone(), primary_key: pk })]
            }
            Operation::AddUniqueConstraint(o) => vec![Operation::DropUniqueConstraint(DropUniqueConstraint {
                table: o.table.clone(),
                name: o.constraint.name.clone(),
                columns: o.constraint.columns.clone(),
            })],
            Operation::DropUniqueConstraint(o) => {
                let t = table(before, &o.table)?;
                let found = find_unique_or_index(t, &o.name, &o.columns)
                    .ok_or_else(|| no_such("unique constraint", describe(&o.name, &o.columns), &o.table))?;
                let constraint = match found {
                    Found::Unique(pos) => t.unique_constraints[pos].clone(),
                    Found::Index(pos) => UniqueConstraint {
                        name: Some(t.indexes[pos].name.clone()),
                        columns: t.indexes[pos].columns.clone(),
                    },
                };
                vec![Operation::AddUniqueConstraint(AddUniqueConstraint { table: o.table.clone(), constraint })]
            }
            Operation::AddForeignKey(o) => vec![Operation::DropForeignKey(DropForeignKey {
                table: o.table.clone(),
                name: o.foreign_key.name.clone(),
                columns: o.foreign_key.columns.clone(),
            })],
            Operation::DropForeignKey(o) => {
                let t = table(before, &o.table)?;
                let pos = find_foreign_key(t, &o.name, &o.columns)
                    .ok_or_else(|| no_such("foreign key", describe(&o.name, &o.columns), &o.table))?;
                vec![Operation::AddForeignKey(AddForeignKey {
                    table: o.table.clone(),
                    foreign_key: t.foreign_keys[pos].clone(),
                })]
            }
            Operation::AddCheckConstraint(o) => vec![Operation::DropCheckConstraint(DropCheckConstraint {
                table: o.table.clone(),
                name: o.check.name.clone(),
                expression: Some(o.check.expression.clone()),
            })],
            Operation::DropCheckConstraint(o) => {
                let t = table(before, &o.table)?;
                let pos = find_check(t, &o.name, &o.expression).ok_or_else(|| {
                    let what = o.name.clone().or(o.expression.clone()).unwrap_or_default();
                    no_such("check constraint", what, &o.table)
                })?;
                vec![Operation::AddCheckConstraint(AddCheckConstraint {
                    table: o.table.clone(),
                    check: t.check_constraints[pos].clone(),
                })]
            }
            Operation::SetTableComment(o) => vec![Operation::SetTableComment(SetTableComment {
                table: o.table.clone(),
                comment: table(before, &o.table)?.comment.clone(),
            })],
            Operation::Execute(_) => return Err(OperationError::Irreversible),
        })
    }
}

/// After a column rename, points the table's own keys, indexes and constraints at the new name.
fn rename_column_references(t: &mut Table, table_name: &str, old: &str, new: &str) {
    let swap = |cols: &mut Vec<String>| {
        for c in cols.iter_mut() {
            if c == old {
                *c = new.to_string();
            }
        }
    };
    if let Some(pk) = &mut t.primary_key {
        swap(&mut pk.columns);
    }
    t.indexes.iter_mut().for_each(|i| swap(&mut i.columns));
    t.unique_constraints.iter_mut().for_each(|u| swap(&mut u.columns));
    for fk in &mut t.foreign_keys {
        swap(&mut fk.columns);
        if fk.referred_table == table_name {
            swap(&mut fk.referred_columns);
        }
    }
}

/// Applies `ops` in order to a copy of `schema` and returns the result.
///
/// Errors with the first operation that does not fit.
pub fn apply_all(schema: &Schema, ops: &[Operation]) -> OpResult<Schema> {
    let mut s = schema.clone();
    for op in ops {
        op.apply(&mut s)?;
    }
    Ok(s)
}

/// The operations that undo `ops` (applied in order to `before`): each one's inverse, last first.
///
/// Errors as [`Operation::inverse`] does.
pub fn invert_all(before: &Schema, ops: &[Operation]) -> OpResult<Vec<Operation>> {
    let mut schema = before.clone();
    let mut undo: Vec<Vec<Operation>> = Vec::with_capacity(ops.len());
    for op in ops {
        undo.push(op.inverse(&schema)?);
        op.apply(&mut schema)?;
    }
    Ok(undo.into_iter().rev().flatten().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn users() -> Table {
        Table {
            name: "users".into(),
            columns: vec![
                Column::new("id", ColumnType::Integer).not_null(),
                Column::new("username", ColumnType::String(Some(64))),
            ],
            primary_key: Some(PrimaryKey { name: None, columns: vec!["id".into()] }),
            indexes: vec![Index { name: "ix_users_username".into(), columns: vec!["username".into()], unique: true }],
            ..Table::default()
        }
    }

    #[test]
    fn every_inverse_restores_the_schema() {
        let mut start = Schema::new();
        start.insert(users());
        let ops = vec![
            Operation::AddColumn(AddColumn {
                table: "users".into(),
                column: Column::new("email", ColumnType::String(Some(32))).not_null().default_sql("''"),
            }),
            Operation::AlterColumn(AlterColumn {
                table: "users".into(),
                name: "username".into(),
                r#type: Some(ColumnType::String(Some(128))),
                nullable: Some(false),
                rename: Some("login".into()),
                ..AlterColumn::default()
            }),
            Operation::DropIndex(DropIndex { table: "users".into(), name: "ix_users_username".into() }),
            Operation::AddCheckConstraint(AddCheckConstraint {
                table: "users".into(),
                check: CheckConstraint { name: Some("ck_id".into()), expression: "id > 0".into() },
            }),
            Operation::DropColumn(DropColumn { table: "users".into(), name: "email".into() }),
            Operation::RenameTable(RenameTable { from: "users".into(), to: "people".into() }),
            Operation::DropTable(DropTable { name: "people".into() }),
        ];
        let end = apply_all(&start, &ops).expect("ops apply");
        assert!(end.tables.is_empty());
        let undo = invert_all(&start, &ops).expect("ops invert");
        assert_eq!(apply_all(&end, &undo).expect("undo applies"), start);
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
}
