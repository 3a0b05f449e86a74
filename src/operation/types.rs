//! Operations on named types (domains, and enum types no column uses): create, drop and
//! alter.
//!
//! Invariant: they change [`Schema::types`] only. An enum type a column uses is carried by
//! the column and changes with it; these operations never touch columns.

use serde::{Deserialize, Serialize};

use super::{OpResult, Operation, OperationError};
use crate::schema::{Schema, TypeDef};

/// `create_type = { name = "year", domain = { type = "integer", checks = [...] } }` or
/// `create_type = { name = "mood", enum = ["sad", "ok"] }`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CreateType {
    /// Type name, unquoted.
    pub name: String,
    /// What the type is.
    #[serde(flatten)]
    pub definition: TypeDef,
}

/// `drop_type = { name = "year" }`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DropType {
    /// Type name, unquoted.
    pub name: String,
}

/// `alter_type = { name = "year", from = { domain = {...} }, to = { domain = {...} } }`: the
/// type as it was and as it becomes, so that the change can be rendered and undone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AlterType {
    /// Type name, unquoted.
    pub name: String,
    /// The type before the change.
    pub from: TypeDef,
    /// The type after the change.
    pub to: TypeDef,
}

fn no_such_type(name: &str) -> OperationError {
    OperationError::NoSuchType(name.to_string())
}

impl CreateType {
    /// Adds the type.
    ///
    /// Errors when a type of that name exists already.
    pub fn apply(&self, schema: &mut Schema) -> OpResult<()> {
        if schema.types.contains_key(&self.name) {
            return Err(OperationError::TypeExists(self.name.clone()));
        }
        schema.types.insert(self.name.clone(), self.definition.clone());
        Ok(())
    }

    /// Dropping the type.
    ///
    /// Never errors.
    pub fn inverse(&self, before: &Schema) -> OpResult<Vec<Operation>> {
        let _ = before;
        Ok(vec![Operation::DropType(DropType { name: self.name.clone() })])
    }
}

impl DropType {
    /// Removes the type.
    ///
    /// Errors when there is no such type.
    pub fn apply(&self, schema: &mut Schema) -> OpResult<()> {
        schema.types.remove(&self.name).map(|_| ()).ok_or_else(|| no_such_type(&self.name))
    }

    /// Creating the type again as `before` holds it.
    ///
    /// Errors when `before` has no such type.
    pub fn inverse(&self, before: &Schema) -> OpResult<Vec<Operation>> {
        let definition = before.types.get(&self.name).ok_or_else(|| no_such_type(&self.name))?;
        Ok(vec![Operation::CreateType(CreateType { name: self.name.clone(), definition: definition.clone() })])
    }
}

impl AlterType {
    /// Replaces the type's definition with `to`.
    ///
    /// Errors when there is no such type.
    pub fn apply(&self, schema: &mut Schema) -> OpResult<()> {
        let definition = schema.types.get_mut(&self.name).ok_or_else(|| no_such_type(&self.name))?;
        *definition = self.to.clone();
        Ok(())
    }

    /// The change back: `to` to `from`.
    ///
    /// Errors when `before` has no such type.
    pub fn inverse(&self, before: &Schema) -> OpResult<Vec<Operation>> {
        before.types.get(&self.name).ok_or_else(|| no_such_type(&self.name))?;
        Ok(vec![Operation::AlterType(AlterType {
            name: self.name.clone(),
            from: self.to.clone(),
            to: self.from.clone(),
        })])
    }
}

#[cfg(test)]
mod tests {
    use super::super::{apply_all, invert_all};
    use super::*;
    use crate::schema::{CheckConstraint, ColumnType, Domain};

    pub(crate) fn year(check: &str) -> TypeDef {
        TypeDef::Domain(Domain {
            nullable: false,
            default: Some("2000".into()),
            checks: vec![CheckConstraint { name: Some("year_check".into()), expression: check.into() }],
            ..Domain::new(ColumnType::Integer)
        })
    }

    #[test]
    fn every_type_operation_is_undone_by_its_inverse() {
        let mut start = Schema::new();
        start.types.insert("mood".into(), TypeDef::Enum(vec!["sad".into()]));
        let ops = vec![
            Operation::CreateType(CreateType { name: "year".into(), definition: year("VALUE >= 1901") }),
            Operation::AlterType(AlterType {
                name: "year".into(),
                from: year("VALUE >= 1901"),
                to: year("VALUE >= 1900"),
            }),
            Operation::DropType(DropType { name: "mood".into() }),
        ];
        let end = apply_all(&start, &ops).expect("ops apply");
        assert_eq!(end.types.keys().collect::<Vec<_>>(), ["year"]);
        assert_eq!(end.types["year"], year("VALUE >= 1900"));
        let undo = invert_all(&start, &ops).expect("ops invert");
        assert_eq!(apply_all(&end, &undo).expect("undo applies"), start);
    }

    #[test]
    fn a_type_that_exists_or_is_missing_is_named_in_the_error() {
        let mut schema = Schema::new();
        schema.types.insert("year".into(), year("VALUE > 0"));
        let create = CreateType { name: "year".into(), definition: year("VALUE > 0") };
        assert_eq!(create.apply(&mut schema).unwrap_err().to_string(), "type 'year' already exists");
        let drop = DropType { name: "nope".into() };
        assert_eq!(drop.apply(&mut schema).unwrap_err().to_string(), "type 'nope' does not exist");
    }
}
