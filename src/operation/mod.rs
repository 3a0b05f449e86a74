//! Schema changes as data: one [`Operation`] enum, as written in migration scripts.
//!
//! Invariant: every operation can be applied to an in-memory [`Schema`]
//! ([`Operation::apply`]) and knows its inverse against the schema it was applied to
//! ([`Operation::inverse`]), so downgrades are derived, never hand-assembled, and the
//! schema at any revision can be computed without a database.
//!
//! Each operation's struct, its `apply`, its `inverse` and its checks live together in the
//! file of its family: table (`table.rs`), column (`column.rs`), index
//! (`index.rs`), key and constraint (`constraint.rs`), named type (`types.rs`), raw SQL
//! (`execute.rs`). This file
//! holds the enum, the errors, and the dispatch from [`Operation`] to each struct.

mod column;
mod constraint;
mod execute;
mod index;
mod table;
mod types;

use serde::{Deserialize, Serialize};

pub(crate) use column::mentions_column;
pub use column::{AddColumn, AlterColumn, DropColumn};
pub use constraint::{
    find_check, find_exclusion, find_foreign_key, find_unique, AddCheckConstraint, AddExclusionConstraint,
    AddForeignKey, AddUniqueConstraint, CreatePrimaryKey, DropCheckConstraint, DropExclusionConstraint, DropForeignKey,
    DropPrimaryKey, DropUniqueConstraint,
};
pub use execute::Execute;
pub use index::{CreateIndex, DropIndex};
pub use table::{DropTable, RenameTable, SetTableComment, SetTableOptions};
pub use types::{AlterType, CreateType, DropType};

use crate::schema::{Schema, Table};

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
    /// Add an exclusion constraint.
    AddExclusionConstraint(AddExclusionConstraint),
    /// Drop an exclusion constraint.
    DropExclusionConstraint(DropExclusionConstraint),
    /// Set or remove a table comment.
    SetTableComment(SetTableComment),
    /// Set a table's default character set or collation.
    SetTableOptions(SetTableOptions),
    /// Create a named type (a domain, or an enum type no column uses).
    CreateType(CreateType),
    /// Drop a named type.
    DropType(DropType),
    /// Change a named type.
    AlterType(AlterType),
    /// Run raw SQL (optionally one text per dialect).
    Execute(Execute),
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
    /// The named type does not exist.
    #[error("type '{0}' does not exist")]
    NoSuchType(String),
    /// The named type exists already.
    #[error("type '{0}' already exists")]
    TypeExists(String),
    /// Raw SQL cannot be inverted.
    #[error("an execute operation has no automatic inverse; write the downgrade by hand")]
    Irreversible,
}

pub(crate) type OpResult<T> = Result<T, OperationError>;

fn table_mut<'a>(schema: &'a mut Schema, name: &str) -> OpResult<&'a mut Table> {
    schema.tables.get_mut(name).ok_or_else(|| OperationError::NoSuchTable(name.to_string()))
}

fn table<'a>(schema: &'a Schema, name: &str) -> OpResult<&'a Table> {
    schema.tables.get(name).ok_or_else(|| OperationError::NoSuchTable(name.to_string()))
}

fn no_such(kind: &'static str, name: impl Into<String>, table: &str) -> OperationError {
    OperationError::NoSuchObject { kind, name: name.into(), table: table.to_string() }
}

impl Operation {
    /// The table this operation changes (`None` for named types and raw SQL).
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
            Operation::AddExclusionConstraint(o) => &o.table,
            Operation::DropExclusionConstraint(o) => &o.table,
            Operation::SetTableComment(o) => &o.table,
            Operation::SetTableOptions(o) => &o.table,
            Operation::CreateType(_) | Operation::DropType(_) | Operation::AlterType(_) => return None,
            Operation::Execute(_) => return None,
        })
    }

    /// Applies this change to an in-memory schema.
    ///
    /// Errors when the objects it names do not exist (or exist already, for creations).
    /// Raw SQL leaves the schema as it is.
    pub fn apply(&self, schema: &mut Schema) -> OpResult<()> {
        match self {
            Operation::CreateTable(t) => table::apply_create_table(t, schema),
            Operation::DropTable(o) => o.apply(schema),
            Operation::RenameTable(o) => o.apply(schema),
            Operation::AddColumn(o) => o.apply(schema),
            Operation::DropColumn(o) => o.apply(schema),
            Operation::AlterColumn(o) => o.apply(schema),
            Operation::CreateIndex(o) => o.apply(schema),
            Operation::DropIndex(o) => o.apply(schema),
            Operation::CreatePrimaryKey(o) => o.apply(schema),
            Operation::DropPrimaryKey(o) => o.apply(schema),
            Operation::AddUniqueConstraint(o) => o.apply(schema),
            Operation::DropUniqueConstraint(o) => o.apply(schema),
            Operation::AddForeignKey(o) => o.apply(schema),
            Operation::DropForeignKey(o) => o.apply(schema),
            Operation::AddCheckConstraint(o) => o.apply(schema),
            Operation::DropCheckConstraint(o) => o.apply(schema),
            Operation::AddExclusionConstraint(o) => o.apply(schema),
            Operation::DropExclusionConstraint(o) => o.apply(schema),
            Operation::SetTableComment(o) => o.apply(schema),
            Operation::SetTableOptions(o) => o.apply(schema),
            Operation::CreateType(o) => o.apply(schema),
            Operation::DropType(o) => o.apply(schema),
            Operation::AlterType(o) => o.apply(schema),
            Operation::Execute(o) => o.apply(schema),
        }
    }

    /// The operations that undo this one, given the schema it is applied to.
    ///
    /// Errors when `before` lacks what the operation names, or for raw SQL, which has no
    /// automatic inverse.
    pub fn inverse(&self, before: &Schema) -> OpResult<Vec<Operation>> {
        match self {
            Operation::CreateTable(t) => Ok(table::invert_create_table(t)),
            Operation::DropTable(o) => o.inverse(before),
            Operation::RenameTable(o) => o.inverse(before),
            Operation::AddColumn(o) => o.inverse(before),
            Operation::DropColumn(o) => o.inverse(before),
            Operation::AlterColumn(o) => o.inverse(before),
            Operation::CreateIndex(o) => o.inverse(before),
            Operation::DropIndex(o) => o.inverse(before),
            Operation::CreatePrimaryKey(o) => o.inverse(before),
            Operation::DropPrimaryKey(o) => o.inverse(before),
            Operation::AddUniqueConstraint(o) => o.inverse(before),
            Operation::DropUniqueConstraint(o) => o.inverse(before),
            Operation::AddForeignKey(o) => o.inverse(before),
            Operation::DropForeignKey(o) => o.inverse(before),
            Operation::AddCheckConstraint(o) => o.inverse(before),
            Operation::DropCheckConstraint(o) => o.inverse(before),
            Operation::AddExclusionConstraint(o) => o.inverse(before),
            Operation::DropExclusionConstraint(o) => o.inverse(before),
            Operation::SetTableComment(o) => o.inverse(before),
            Operation::SetTableOptions(o) => o.inverse(before),
            Operation::CreateType(o) => o.inverse(before),
            Operation::DropType(o) => o.inverse(before),
            Operation::AlterType(o) => o.inverse(before),
            Operation::Execute(o) => o.inverse(before),
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
pub(crate) mod tests {
    use super::*;
    use crate::schema::{CheckConstraint, Column, ColumnType, Index, PrimaryKey};

    /// `users (id PRIMARY KEY, username)` with a unique index on `username`.
    pub(crate) fn users() -> Table {
        Table {
            name: "users".into(),
            columns: vec![
                Column::new("id", ColumnType::Integer).not_null(),
                Column::new("username", ColumnType::String(Some(64))),
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

    /// `booking (id identity, room, note, during)` with every new feature: identity
    /// options, a generated column, a collation and character set, ON UPDATE, table
    /// options, an index with INCLUDE and an exclusion constraint on `during`.
    pub(crate) fn booking() -> Table {
        use crate::schema::{ExclusionConstraint, ExclusionElement, Generated, Identity, Nulls};
        Table {
            name: "booking".into(),
            columns: vec![
                Column {
                    autoincrement: true,
                    identity: Some(Identity { always: true, start: Some(10), ..Identity::default() }),
                    ..Column::new("id", ColumnType::Integer).not_null()
                },
                Column::new("room", ColumnType::Integer),
                Column {
                    collation: Some("C".into()),
                    charset: Some("utf8mb4".into()),
                    on_update: Some("CURRENT_TIMESTAMP".into()),
                    ..Column::new("note", ColumnType::Text)
                },
                Column {
                    generated: Some(Generated { expression: "room * 2".into(), stored: true }),
                    ..Column::new("twice", ColumnType::Integer)
                },
                Column::new("during", ColumnType::Raw("tsrange".into())),
            ],
            primary_key: Some(PrimaryKey { name: None, columns: vec!["id".into()] }),
            indexes: vec![Index {
                name: "ix_booking_room".into(),
                columns: vec!["room".into(), "note".into()],
                descending: vec![true],
                nulls: vec![Some(Nulls::Last)],
                include: vec!["during".into()],
                method: Some("btree".into()),
                operator_classes: vec![None, Some("text_pattern_ops".into())],
                ..Default::default()
            }],
            exclusion_constraints: vec![ExclusionConstraint {
                name: Some("no_overlap".into()),
                method: "gist".into(),
                elements: vec![
                    ExclusionElement { expression: "room".into(), operator: "=".into() },
                    ExclusionElement { expression: "during".into(), operator: "&&".into() },
                ],
                predicate: Some("room > 0".into()),
                deferrable: Some(crate::schema::Deferrable::Deferred),
            }],
            charset: Some("utf8mb4".into()),
            collation: Some("utf8mb4_bin".into()),
            ..Table::default()
        }
    }

    /// One of each new operation, and old ones carrying the new fields, on [`booking`].
    fn new_feature_operations() -> Vec<Operation> {
        use crate::schema::UniqueConstraint;
        use crate::schema::{Deferrable, ExclusionConstraint, ExclusionElement, ForeignKey, Generated, Identity};
        let t = || "booking".to_string();
        let mut copy = booking();
        copy.name = "booking_copy".into();
        vec![
            Operation::CreateTable(copy),
            Operation::AddColumn(AddColumn {
                table: t(),
                column: Column {
                    generated: Some(Generated { expression: "room + 1".into(), stored: false }),
                    collation: Some("C".into()),
                    ..Column::new("next_room", ColumnType::Integer)
                },
            }),
            Operation::AlterColumn(AlterColumn {
                table: t(),
                name: "id".into(),
                identity: Some(Identity { increment: Some(5), ..Identity::default() }),
                ..AlterColumn::default()
            }),
            Operation::AlterColumn(AlterColumn {
                table: t(),
                name: "note".into(),
                drop_collation: true,
                charset: Some("latin1".into()),
                drop_on_update: true,
                ..AlterColumn::default()
            }),
            Operation::AlterColumn(AlterColumn {
                table: t(),
                name: "room".into(),
                collation: Some("de-x-icu".into()),
                on_update: Some("0".into()),
                ..AlterColumn::default()
            }),
            Operation::SetTableOptions(SetTableOptions {
                table: t(),
                charset: Some("latin1".into()),
                collation: Some("latin1_bin".into()),
                options: None,
            }),
            Operation::AddUniqueConstraint(AddUniqueConstraint {
                table: t(),
                constraint: UniqueConstraint {
                    name: Some("uq_room".into()),
                    columns: vec!["room".into()],
                    nulls_not_distinct: true,
                    deferrable: Some(Deferrable::Immediate),
                },
            }),
            Operation::AddForeignKey(AddForeignKey {
                table: t(),
                foreign_key: ForeignKey {
                    name: Some("fk_room".into()),
                    columns: vec!["room".into()],
                    referred_table: "booking_copy".into(),
                    referred_columns: vec!["id".into()],
                    deferrable: Some(Deferrable::Deferred),
                    match_full: true,
                    ..Default::default()
                },
            }),
            Operation::DropExclusionConstraint(DropExclusionConstraint {
                table: t(),
                name: Some("no_overlap".into()),
                elements: Vec::new(),
            }),
            Operation::AddExclusionConstraint(AddExclusionConstraint {
                table: t(),
                constraint: ExclusionConstraint {
                    name: Some("no_same_room".into()),
                    method: "gist".into(),
                    elements: vec![ExclusionElement { expression: "room".into(), operator: "=".into() }],
                    ..Default::default()
                },
            }),
            Operation::DropIndex(DropIndex { table: t(), name: "ix_booking_room".into() }),
            Operation::DropTable(DropTable { name: "booking_copy".into() }),
        ]
    }

    #[test]
    fn every_inverse_of_the_new_features_restores_the_schema() {
        use crate::schema::Identity;
        let mut start = Schema::new();
        start.insert(booking());
        let ops = new_feature_operations();
        let end = apply_all(&start, &ops).expect("ops apply");
        let b = &end.tables["booking"];
        assert_eq!(
            b.column("id").and_then(|c| c.identity.clone()),
            Some(Identity { increment: Some(5), ..Identity::default() })
        );
        assert_eq!((b.charset.as_deref(), b.collation.as_deref()), (Some("latin1"), Some("latin1_bin")));
        let note = b.column("note").expect("note");
        assert_eq!(
            (note.collation.as_deref(), note.charset.as_deref(), note.on_update.as_deref()),
            (None, Some("latin1"), None)
        );
        let undo = invert_all(&start, &ops).expect("ops invert");
        assert_eq!(apply_all(&end, &undo).expect("undo applies"), start);
    }

    #[test]
    fn dropping_a_column_drops_the_indexes_including_it_and_the_exclusion_constraints_using_it() {
        let mut start = Schema::new();
        start.insert(booking());
        let drop = [Operation::DropColumn(DropColumn { table: "booking".into(), name: "during".into() })];
        let end = apply_all(&start, &drop).expect("drop applies");
        let b = &end.tables["booking"];
        assert!(b.indexes.is_empty(), "{:?}", b.indexes);
        assert!(b.exclusion_constraints.is_empty(), "{:?}", b.exclusion_constraints);
        let undo = invert_all(&start, &drop).expect("drop inverts");
        assert_eq!(undo.len(), 3, "{undo:?}");
        assert_eq!(apply_all(&end, &undo).expect("undo applies"), start);
    }

    #[test]
    fn renaming_a_column_renames_it_in_included_columns_and_exclusion_elements() {
        let mut start = Schema::new();
        start.insert(booking());
        let rename = [Operation::AlterColumn(AlterColumn {
            table: "booking".into(),
            name: "during".into(),
            rename: Some("period".into()),
            ..AlterColumn::default()
        })];
        let end = apply_all(&start, &rename).expect("rename applies");
        let b = &end.tables["booking"];
        assert_eq!(b.indexes[0].include, ["period"]);
        assert_eq!(b.exclusion_constraints[0].elements[1].expression, "period");
        let undo = invert_all(&start, &rename).expect("rename inverts");
        assert_eq!(apply_all(&end, &undo).expect("undo applies"), start);
    }
}

/// Reads an operation written as one table of its own `table` key and the keys of the object
/// it carries (`create_index = { table = "t", name = "i", columns = ["a"] }`): the object
/// reads the rest with its unknown keys refused, which serde's `flatten` would pass over in
/// silence (a misspelt `uniqe = true` would make a plain index).
///
/// Errors naming the missing `table`, or the object's own error (an unknown key named).
fn on_table<T: serde::de::DeserializeOwned>(mut keys: toml::Table) -> Result<(String, T), String> {
    let table = match keys.remove("table") {
        Some(toml::Value::String(table)) => table,
        Some(other) => return Err(format!("`table` must be a string, not {}", other.type_str())),
        None => return Err("missing field `table`".to_string()),
    };
    let object = toml::Value::Table(keys).try_into().map_err(|e: toml::de::Error| e.message().to_string())?;
    Ok((table, object))
}

/// `TryFrom<toml::Table>` through [`on_table`] for an operation struct `$op` whose fields are
/// `table` and the flattened `$field`.
macro_rules! read_on_table {
    ($($op:ident . $field:ident),* $(,)?) => {$(
        impl TryFrom<toml::Table> for $op {
            type Error = String;

            fn try_from(keys: toml::Table) -> Result<Self, String> {
                let (table, $field) = on_table(keys)?;
                Ok($op { table, $field })
            }
        }
    )*};
}

read_on_table!(
    AddColumn.column,
    CreateIndex.index,
    CreatePrimaryKey.primary_key,
    AddUniqueConstraint.constraint,
    AddForeignKey.foreign_key,
    AddCheckConstraint.check,
    AddExclusionConstraint.constraint,
);
