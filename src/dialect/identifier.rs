//! Identifier limits: the longest name a database keeps as written, and the check of a
//! desired schema against it. Invariant: a name the database would truncate (PostgreSQL
//! cuts at 63 bytes) or reject (MySQL at 64 characters) is an error naming the object and
//! its length before any SQL is generated, never a silent truncation that every later
//! comparison reports as a change.

use std::borrow::Cow;

use crate::schema::{ColumnType, Schema, Table};

use super::{Dialect, DialectError, DialectResult};

/// What a database counts when it bounds an identifier's length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LengthUnit {
    /// Bytes of the UTF-8 text (PostgreSQL's `NAMEDATALEN - 1`).
    Bytes,
    /// Characters (MySQL and MariaDB).
    Characters,
}

impl LengthUnit {
    /// The length of `name` in this unit.
    pub fn length(self, name: &str) -> usize {
        match self {
            Self::Bytes => name.len(),
            Self::Characters => name.chars().count(),
        }
    }

    /// The unit's name in messages (`bytes`, `characters`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Bytes => "bytes",
            Self::Characters => "characters",
        }
    }
}

/// The longest identifier a database keeps as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IdentifierLimit {
    /// The longest length allowed, in `unit`.
    pub max: usize,
    /// What is counted.
    pub unit: LengthUnit,
}

/// Checks every name the desired schema gives (tables, columns, indexes, constraints,
/// enum types, named or named by the database after their column) against the dialect's [`Dialect::max_identifier_length`].
///
/// Errors with [`DialectError::NameTooLong`] for the first name over the limit, in table
/// order.
pub fn check_identifier_lengths(dialect: &dyn Dialect, schema: &Schema) -> DialectResult<()> {
    let Some(limit) = dialect.max_identifier_length() else {
        return Ok(());
    };
    for table in schema.tables.values() {
        for (kind, name) in names(dialect, table) {
            let length = limit.unit.length(&name);
            if length > limit.max {
                return Err(DialectError::NameTooLong {
                    dialect: dialect.name(),
                    object: describe(kind, table, &name),
                    length,
                    max: limit.max,
                    unit: limit.unit.as_str(),
                });
            }
        }
    }
    Ok(())
}

/// `table 't'`, or `index 'i' on table 't'`.
fn describe(kind: &str, table: &Table, name: &str) -> String {
    if kind == "table" {
        format!("table '{name}'")
    } else {
        format!("{kind} '{name}' on table '{}'", table.name)
    }
}

/// Every name a table gives, with the kind of object it names; the names the database
/// makes up for it ([`Dialect::implicit_type_name`]) too.
fn names<'a>(dialect: &dyn Dialect, table: &'a Table) -> Vec<(&'static str, Cow<'a, str>)> {
    let mut names = vec![("table", Cow::Borrowed(table.name.as_str()))];
    for column in &table.columns {
        names.push(("column", Cow::Borrowed(column.name.as_str())));
        if let ColumnType::Enum { name: Some(name), .. } = &column.r#type {
            names.push(("enum type", Cow::Borrowed(name.as_str())));
        } else if let Some(name) = dialect.implicit_type_name(&table.name, column) {
            names.push(("enum type", Cow::Owned(name)));
        }
    }
    let constraints = table.primary_key.iter().filter_map(|pk| pk.name.as_deref());
    let constraints = constraints
        .chain(table.unique_constraints.iter().filter_map(|u| u.name.as_deref()))
        .chain(table.foreign_keys.iter().filter_map(|fk| fk.name.as_deref()))
        .chain(table.check_constraints.iter().filter_map(|c| c.name.as_deref()));
    names.extend(constraints.map(|name| ("constraint", Cow::Borrowed(name))));
    names.extend(table.indexes.iter().map(|index| ("index", Cow::Borrowed(index.name.as_str()))));
    names
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{Column, Index};

    /// A dialect with PostgreSQL's limit and the standard answers to everything else.
    struct Limited(LengthUnit);

    impl Dialect for Limited {
        fn name(&self) -> &'static str {
            "limited"
        }
        fn impl_name(&self) -> &'static str {
            "LimitedImpl"
        }
        fn transactional_ddl(&self) -> bool {
            true
        }
        fn quote(&self, ident: &str) -> String {
            format!("\"{ident}\"")
        }
        fn render_type(&self, _: &ColumnType) -> DialectResult<String> {
            Ok(String::new())
        }
        fn render(&self, _: &crate::operation::Operation, _: &Schema) -> DialectResult<Vec<String>> {
            Ok(Vec::new())
        }
        fn max_identifier_length(&self) -> Option<IdentifierLimit> {
            Some(IdentifierLimit { max: 63, unit: self.0 })
        }
    }

    fn schema_with(table: &str, column: &str, index: &str) -> Schema {
        let mut t = Table::new(table);
        t.columns.push(Column::new(column, ColumnType::Integer));
        t.indexes.push(Index {
            name: index.into(),
            columns: vec![column.into()],
            unique: false,
            descending: Vec::new(),
            predicate: None,
            ..Default::default()
        });
        let mut schema = Schema::default();
        schema.tables.insert(table.into(), t);
        schema
    }

    #[test]
    fn a_name_at_the_limit_passes() {
        let name = "n".repeat(63);
        assert!(check_identifier_lengths(&Limited(LengthUnit::Bytes), &schema_with(&name, &name, &name)).is_ok());
    }

    #[test]
    fn a_name_over_the_limit_is_an_error_naming_the_object_and_its_length() {
        let long = "t".repeat(64);
        let err = check_identifier_lengths(&Limited(LengthUnit::Bytes), &schema_with(&long, "id", "ix")).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("limited: table '{long}' has a name 64 bytes long; the database allows at most 63 (it would truncate or reject it)")
        );
        let err = check_identifier_lengths(&Limited(LengthUnit::Bytes), &schema_with("t", "id", &long)).unwrap_err();
        assert!(err.to_string().starts_with(&format!("limited: index '{long}' on table 't' has a name 64 bytes")));
    }

    #[test]
    fn bytes_and_characters_are_counted_apart() {
        // 32 two-byte characters: 64 bytes, 32 characters.
        let name = "é".repeat(32);
        assert!(check_identifier_lengths(&Limited(LengthUnit::Bytes), &schema_with("t", &name, "ix")).is_err());
        assert!(check_identifier_lengths(&Limited(LengthUnit::Characters), &schema_with("t", &name, "ix")).is_ok());
    }
}
