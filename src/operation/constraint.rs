//! Operations on keys and constraints: primary key, unique constraints, foreign keys and
//! check constraints, added and dropped.
//!
//! Invariant: a drop finds its object by name, or by its columns (its expression, for a
//! check) when it has no name, with the same `find_*` functions the dialects use to render
//! it, so what is dropped in memory is what is dropped in the database.

use serde::{Deserialize, Serialize};

use super::index::Found;
use super::{no_such, table, table_mut, OpResult, Operation};
use crate::schema::{
    CheckConstraint, ExclusionConstraint, ExclusionElement, ForeignKey, PrimaryKey, Schema, Table, UniqueConstraint,
};

/// `create_primary_key = { table = "t", columns = ["a", "b"] }`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "toml::Table")]
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
#[serde(try_from = "toml::Table")]
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
#[serde(try_from = "toml::Table")]
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
#[serde(try_from = "toml::Table")]
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

/// `add_exclusion_constraint = { table = "booking", name = "no_overlap", method = "gist",
/// elements = [{ expression = "room", operator = "=" }, { expression = "during", operator = "&&" }] }`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "toml::Table")]
pub struct AddExclusionConstraint {
    /// Table.
    pub table: String,
    /// The constraint.
    #[serde(flatten)]
    pub constraint: ExclusionConstraint,
}

/// `drop_exclusion_constraint = { table = "booking", name = "no_overlap" }`
///
/// The constraint is found by name, or by its elements when it has no name (then the
/// database's own name for it is looked up where the drop is rendered).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DropExclusionConstraint {
    /// Table.
    pub table: String,
    /// Constraint name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The elements, to find an unnamed constraint.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub elements: Vec<ExclusionElement>,
}

/// The position in `t` of the exclusion constraint called `name`, or else of the one with
/// these elements (compared without regard to spacing or case).
pub fn find_exclusion(t: &Table, name: &Option<String>, elements: &[ExclusionElement]) -> Option<usize> {
    let fold = |s: &str| s.split_whitespace().collect::<String>().to_lowercase();
    let same = |x: &ExclusionConstraint| {
        x.elements.len() == elements.len()
            && x.elements
                .iter()
                .zip(elements)
                .all(|(a, b)| fold(&a.expression) == fold(&b.expression) && fold(&a.operator) == fold(&b.operator))
    };
    match name {
        Some(name) => t.exclusion_constraints.iter().position(|x| x.name.as_deref() == Some(name.as_str())),
        None => t.exclusion_constraints.iter().position(same),
    }
}

/// `'name'`, or the columns when there is no name, for error messages.
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

impl CreatePrimaryKey {
    /// Sets (or replaces) the table's primary key.
    ///
    /// Errors when the table does not exist.
    pub fn apply(&self, schema: &mut Schema) -> OpResult<()> {
        table_mut(schema, &self.table)?.primary_key = Some(self.primary_key.clone());
        Ok(())
    }

    /// Restoring the key `before` held, or dropping this one if there was none.
    ///
    /// Errors when `before` has no such table.
    pub fn inverse(&self, before: &Schema) -> OpResult<Vec<Operation>> {
        let name = self.table.clone();
        Ok(vec![match &table(before, &self.table)?.primary_key {
            Some(old) => Operation::CreatePrimaryKey(CreatePrimaryKey { table: name, primary_key: old.clone() }),
            None => Operation::DropPrimaryKey(DropPrimaryKey { table: name, name: self.primary_key.name.clone() }),
        }])
    }
}

impl DropPrimaryKey {
    /// Removes the table's primary key.
    ///
    /// Errors when the table or its primary key does not exist.
    pub fn apply(&self, schema: &mut Schema) -> OpResult<()> {
        if table_mut(schema, &self.table)?.primary_key.take().is_none() {
            return Err(no_such("primary key", "", &self.table));
        }
        Ok(())
    }

    /// Re-creating the key `before` held.
    ///
    /// Errors when `before` has no such table or primary key.
    pub fn inverse(&self, before: &Schema) -> OpResult<Vec<Operation>> {
        let pk =
            table(before, &self.table)?.primary_key.clone().ok_or_else(|| no_such("primary key", "", &self.table))?;
        Ok(vec![Operation::CreatePrimaryKey(CreatePrimaryKey { table: self.table.clone(), primary_key: pk })])
    }
}

impl AddUniqueConstraint {
    /// Adds the constraint to its table.
    ///
    /// Errors when the table does not exist.
    pub fn apply(&self, schema: &mut Schema) -> OpResult<()> {
        table_mut(schema, &self.table)?.unique_constraints.push(self.constraint.clone());
        Ok(())
    }

    /// Dropping the constraint (by name, or by columns if it has none).
    ///
    /// Never errors.
    pub fn inverse(&self, before: &Schema) -> OpResult<Vec<Operation>> {
        let _ = before;
        Ok(vec![Operation::DropUniqueConstraint(DropUniqueConstraint {
            table: self.table.clone(),
            name: self.constraint.name.clone(),
            columns: self.constraint.columns.clone(),
        })])
    }
}

impl DropUniqueConstraint {
    /// Removes the constraint (or a unique index of that name or columns).
    ///
    /// Errors when the table or the constraint does not exist.
    pub fn apply(&self, schema: &mut Schema) -> OpResult<()> {
        let t = table_mut(schema, &self.table)?;
        match self.find(t)? {
            Found::Unique(pos) => t.unique_constraints.remove(pos).into(),
            Found::Index(pos) => t.indexes.remove(pos),
        };
        Ok(())
    }

    /// Re-adding the constraint as `before` holds it.
    ///
    /// Errors when `before` has no such table or constraint.
    pub fn inverse(&self, before: &Schema) -> OpResult<Vec<Operation>> {
        let t = table(before, &self.table)?;
        let constraint = match self.find(t)? {
            Found::Unique(pos) => t.unique_constraints[pos].clone(),
            Found::Index(pos) => UniqueConstraint {
                name: Some(t.indexes[pos].name.clone()),
                columns: t.indexes[pos].columns.clone(),
                ..Default::default()
            },
        };
        Ok(vec![Operation::AddUniqueConstraint(AddUniqueConstraint { table: self.table.clone(), constraint })])
    }

    fn find(&self, t: &Table) -> OpResult<Found> {
        find_unique_or_index(t, &self.name, &self.columns)
            .ok_or_else(|| no_such("unique constraint", describe(&self.name, &self.columns), &self.table))
    }
}

impl AddForeignKey {
    /// Adds the key to its table.
    ///
    /// Errors when the table does not exist.
    pub fn apply(&self, schema: &mut Schema) -> OpResult<()> {
        table_mut(schema, &self.table)?.foreign_keys.push(self.foreign_key.clone());
        Ok(())
    }

    /// Dropping the key (by name, or by columns if it has none).
    ///
    /// Never errors.
    pub fn inverse(&self, before: &Schema) -> OpResult<Vec<Operation>> {
        let _ = before;
        Ok(vec![Operation::DropForeignKey(DropForeignKey {
            table: self.table.clone(),
            name: self.foreign_key.name.clone(),
            columns: self.foreign_key.columns.clone(),
        })])
    }
}

impl DropForeignKey {
    /// Removes the key.
    ///
    /// Errors when the table or the key does not exist.
    pub fn apply(&self, schema: &mut Schema) -> OpResult<()> {
        let t = table_mut(schema, &self.table)?;
        let pos = self.find(t)?;
        t.foreign_keys.remove(pos);
        Ok(())
    }

    /// Re-adding the key as `before` holds it.
    ///
    /// Errors when `before` has no such table or key.
    pub fn inverse(&self, before: &Schema) -> OpResult<Vec<Operation>> {
        let t = table(before, &self.table)?;
        let foreign_key = t.foreign_keys[self.find(t)?].clone();
        Ok(vec![Operation::AddForeignKey(AddForeignKey { table: self.table.clone(), foreign_key })])
    }

    fn find(&self, t: &Table) -> OpResult<usize> {
        find_foreign_key(t, &self.name, &self.columns)
            .ok_or_else(|| no_such("foreign key", describe(&self.name, &self.columns), &self.table))
    }
}

impl AddCheckConstraint {
    /// Adds the constraint to its table.
    ///
    /// Errors when the table does not exist.
    pub fn apply(&self, schema: &mut Schema) -> OpResult<()> {
        table_mut(schema, &self.table)?.check_constraints.push(self.check.clone());
        Ok(())
    }

    /// Dropping the constraint (by name, or by expression if it has none).
    ///
    /// Never errors.
    pub fn inverse(&self, before: &Schema) -> OpResult<Vec<Operation>> {
        let _ = before;
        Ok(vec![Operation::DropCheckConstraint(DropCheckConstraint {
            table: self.table.clone(),
            name: self.check.name.clone(),
            expression: Some(self.check.expression.clone()),
        })])
    }
}

impl DropCheckConstraint {
    /// Removes the constraint.
    ///
    /// Errors when the table or the constraint does not exist.
    pub fn apply(&self, schema: &mut Schema) -> OpResult<()> {
        let t = table_mut(schema, &self.table)?;
        let pos = self.find(t)?;
        t.check_constraints.remove(pos);
        Ok(())
    }

    /// Re-adding the constraint as `before` holds it.
    ///
    /// Errors when `before` has no such table or constraint.
    pub fn inverse(&self, before: &Schema) -> OpResult<Vec<Operation>> {
        let t = table(before, &self.table)?;
        let check = t.check_constraints[self.find(t)?].clone();
        Ok(vec![Operation::AddCheckConstraint(AddCheckConstraint { table: self.table.clone(), check })])
    }

    fn find(&self, t: &Table) -> OpResult<usize> {
        find_check(t, &self.name, &self.expression).ok_or_else(|| {
            let what = self.name.clone().or(self.expression.clone()).unwrap_or_default();
            no_such("check constraint", what, &self.table)
        })
    }
}

impl AddExclusionConstraint {
    /// Adds the constraint to its table.
    ///
    /// Errors when the table does not exist.
    pub fn apply(&self, schema: &mut Schema) -> OpResult<()> {
        table_mut(schema, &self.table)?.exclusion_constraints.push(self.constraint.clone());
        Ok(())
    }

    /// Dropping the constraint, by name, or by its elements when it has none.
    ///
    /// Never errors.
    pub fn inverse(&self, before: &Schema) -> OpResult<Vec<Operation>> {
        let _ = before;
        let elements = if self.constraint.name.is_some() { Vec::new() } else { self.constraint.elements.clone() };
        Ok(vec![Operation::DropExclusionConstraint(DropExclusionConstraint {
            table: self.table.clone(),
            name: self.constraint.name.clone(),
            elements,
        })])
    }
}

impl DropExclusionConstraint {
    /// Removes the constraint.
    ///
    /// Errors when the table or the constraint does not exist.
    pub fn apply(&self, schema: &mut Schema) -> OpResult<()> {
        let t = table_mut(schema, &self.table)?;
        let pos = self.find(t)?;
        t.exclusion_constraints.remove(pos);
        Ok(())
    }

    /// Re-adding the constraint as `before` holds it.
    ///
    /// Errors when `before` has no such table or constraint.
    pub fn inverse(&self, before: &Schema) -> OpResult<Vec<Operation>> {
        let t = table(before, &self.table)?;
        let constraint = t.exclusion_constraints[self.find(t)?].clone();
        Ok(vec![Operation::AddExclusionConstraint(AddExclusionConstraint { table: self.table.clone(), constraint })])
    }

    fn find(&self, t: &Table) -> OpResult<usize> {
        find_exclusion(t, &self.name, &self.elements).ok_or_else(|| {
            let what = self.name.clone().unwrap_or_else(|| {
                self.elements
                    .iter()
                    .map(|e| format!("{} WITH {}", e.expression, e.operator))
                    .collect::<Vec<_>>()
                    .join(", ")
            });
            no_such("exclusion constraint", what, &self.table)
        })
    }
}
