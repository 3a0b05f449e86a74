//! Operations on indexes: create and drop.
//!
//! Invariant: databases such as MySQL keep unique constraints as unique indexes, so a drop
//! of an index may find a unique constraint of that name instead (and the reverse, see
//! [`super::DropUniqueConstraint`]); the inverse re-creates whichever was found.

use serde::{Deserialize, Serialize};

use super::{no_such, table, table_mut, OpResult, Operation};
use crate::schema::{Index, Schema, Table, UniqueConstraint};

/// `create_index = { table = "users", name = "ix_users_username", columns = ["username"], unique = true }`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "toml::Table")]
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

/// Where a unique object was found: databases such as MySQL keep unique constraints as
/// unique indexes, so a drop of one may name the other.
pub(super) enum Found {
    /// Position in the table's indexes.
    Index(usize),
    /// Position in the table's unique constraints.
    Unique(usize),
}

impl From<UniqueConstraint> for Index {
    fn from(u: UniqueConstraint) -> Index {
        Index {
            name: u.name.unwrap_or_default(),
            columns: u.columns,
            unique: true,
            descending: Vec::new(),
            predicate: None,
            ..Default::default()
        }
    }
}

/// The index called `name`, else a unique constraint of that name.
fn find_index(table: &Table, name: &str) -> Option<Found> {
    match table.indexes.iter().position(|i| i.name == name) {
        Some(pos) => Some(Found::Index(pos)),
        None => table.unique_constraints.iter().position(|u| u.name.as_deref() == Some(name)).map(Found::Unique),
    }
}

impl CreateIndex {
    /// Adds the index to its table.
    ///
    /// Errors when the table does not exist.
    pub fn apply(&self, schema: &mut Schema) -> OpResult<()> {
        table_mut(schema, &self.table)?.indexes.push(self.index.clone());
        Ok(())
    }

    /// Dropping the index.
    ///
    /// Never errors.
    pub fn inverse(&self, before: &Schema) -> OpResult<Vec<Operation>> {
        let _ = before;
        Ok(vec![Operation::DropIndex(DropIndex { table: self.table.clone(), name: self.index.name.clone() })])
    }
}

impl DropIndex {
    /// Removes the index (or the unique constraint) of that name.
    ///
    /// Errors when the table or the index does not exist.
    pub fn apply(&self, schema: &mut Schema) -> OpResult<()> {
        let t = table_mut(schema, &self.table)?;
        match self.find(t)? {
            Found::Index(pos) => t.indexes.remove(pos),
            Found::Unique(pos) => t.unique_constraints.remove(pos).into(),
        };
        Ok(())
    }

    /// Re-creating the index as `before` holds it.
    ///
    /// Errors when `before` has no such table or index.
    pub fn inverse(&self, before: &Schema) -> OpResult<Vec<Operation>> {
        let t = table(before, &self.table)?;
        let index = match self.find(t)? {
            Found::Index(pos) => t.indexes[pos].clone(),
            Found::Unique(pos) => t.unique_constraints[pos].clone().into(),
        };
        Ok(vec![Operation::CreateIndex(CreateIndex { table: self.table.clone(), index })])
    }

    fn find(&self, t: &Table) -> OpResult<Found> {
        find_index(t, &self.name).ok_or_else(|| no_such("index", format!("'{}'", self.name), &self.table))
    }
}
