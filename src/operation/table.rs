//! Operations on whole tables: create, drop, rename, comment.
//!
//! Invariant: a rename also re-points every foreign key that refers to the table, so the
//! in-memory schema never holds a reference to a name that no longer exists.

use serde::{Deserialize, Serialize};

use super::{table, table_mut, OpResult, Operation, OperationError};
use crate::schema::{Schema, Table};

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

/// `set_table_options = { table = "t", charset = "utf8mb4", collation = "utf8mb4_bin" }`:
/// the table's default character set and collation (MySQL/MariaDB), which columns without
/// their own take. Existing columns keep theirs. `options = ["STRICT"]` sets the table's
/// storage options ([`Table::options`]: SQLite's `WITHOUT ROWID` and `STRICT`), all of
/// them (`[]`: none). An option left out stays as it is.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SetTableOptions {
    /// Table.
    pub table: String,
    /// New default character set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charset: Option<String>,
    /// New default collation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collation: Option<String>,
    /// The table's storage options, all of them (`Some(vec![])`: none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<Vec<String>>,
}

/// Adds `table` to `schema` (the `create_table` operation, whose data is the [`Table`]).
///
/// Errors when a table of that name exists.
pub(super) fn apply_create_table(table: &Table, schema: &mut Schema) -> OpResult<()> {
    if schema.tables.contains_key(&table.name) {
        return Err(OperationError::TableExists(table.name.clone()));
    }
    schema.insert(table.clone());
    Ok(())
}

/// The inverse of creating `table`: dropping it.
pub(super) fn invert_create_table(table: &Table) -> Vec<Operation> {
    vec![Operation::DropTable(DropTable { name: table.name.clone() })]
}

impl DropTable {
    /// Removes the table from `schema`.
    ///
    /// Errors when it does not exist.
    pub fn apply(&self, schema: &mut Schema) -> OpResult<()> {
        schema.tables.remove(&self.name).ok_or_else(|| OperationError::NoSuchTable(self.name.clone()))?;
        Ok(())
    }

    /// Re-creating the table as `before` holds it.
    ///
    /// Errors when `before` has no such table.
    pub fn inverse(&self, before: &Schema) -> OpResult<Vec<Operation>> {
        Ok(vec![Operation::CreateTable(table(before, &self.name)?.clone())])
    }
}

impl RenameTable {
    /// Renames the table and re-points the foreign keys that refer to it.
    ///
    /// Errors when `from` does not exist or `to` exists already.
    pub fn apply(&self, schema: &mut Schema) -> OpResult<()> {
        if schema.tables.contains_key(&self.to) {
            return Err(OperationError::TableExists(self.to.clone()));
        }
        let mut t = schema.tables.remove(&self.from).ok_or_else(|| OperationError::NoSuchTable(self.from.clone()))?;
        t.name = self.to.clone();
        for fk in schema.tables.values_mut().chain([&mut t]).flat_map(|t| t.foreign_keys.iter_mut()) {
            if fk.referred_table == self.from {
                fk.referred_table = self.to.clone();
            }
        }
        schema.insert(t);
        Ok(())
    }

    /// The rename back.
    ///
    /// Never errors.
    pub fn inverse(&self, before: &Schema) -> OpResult<Vec<Operation>> {
        let _ = before;
        Ok(vec![Operation::RenameTable(RenameTable { from: self.to.clone(), to: self.from.clone() })])
    }
}

impl SetTableOptions {
    /// Sets the options given.
    ///
    /// Errors when the table does not exist.
    pub fn apply(&self, schema: &mut Schema) -> OpResult<()> {
        let t = table_mut(schema, &self.table)?;
        if self.charset.is_some() {
            t.charset = self.charset.clone();
        }
        if self.collation.is_some() {
            t.collation = self.collation.clone();
        }
        if let Some(options) = &self.options {
            t.options = options.clone();
        }
        Ok(())
    }

    /// Setting back the options `before` held, for those this one sets (an option `before`
    /// left to the database stays as it is now).
    ///
    /// Errors when `before` has no such table.
    pub fn inverse(&self, before: &Schema) -> OpResult<Vec<Operation>> {
        let t = table(before, &self.table)?;
        Ok(vec![Operation::SetTableOptions(SetTableOptions {
            table: self.table.clone(),
            charset: self.charset.as_ref().and(t.charset.clone()),
            collation: self.collation.as_ref().and(t.collation.clone()),
            options: self.options.as_ref().map(|_| t.options.clone()),
        })])
    }
}

impl SetTableComment {
    /// Sets (or removes) the table's comment.
    ///
    /// Errors when the table does not exist.
    pub fn apply(&self, schema: &mut Schema) -> OpResult<()> {
        table_mut(schema, &self.table)?.comment = self.comment.clone();
        Ok(())
    }

    /// Setting the comment `before` held.
    ///
    /// Errors when `before` has no such table.
    pub fn inverse(&self, before: &Schema) -> OpResult<Vec<Operation>> {
        Ok(vec![Operation::SetTableComment(SetTableComment {
            table: self.table.clone(),
            comment: table(before, &self.table)?.comment.clone(),
        })])
    }
}
