//! The dialect-neutral schema model: what a database holds, as plain data.
//!
//! Every source of a desired schema (a `schema.sql` file, Rust models) and every
//! dialect's introspection produce a [`Schema`]; the diff compares two of them. The model
//! keeps tables in a `BTreeMap` keyed by name and columns in declaration order, so two
//! schemas that hold the same objects compare equal whatever order they were read in.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A whole database schema: its tables and its named types.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Schema {
    /// Tables by name.
    pub tables: BTreeMap<String, Table>,
    /// Named types that are objects of their own, by name: domains, and the enum types no
    /// column uses (an enum type a column uses is carried by the column's
    /// [`ColumnType::Enum`], so that it reads the same on every database). See
    /// [`Schema::normalize_types`].
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub types: BTreeMap<String, TypeDef>,
}

impl Schema {
    /// An empty schema.
    pub fn new() -> Self {
        Self::default()
    }

    /// The table called `name`, if there is one.
    pub fn table(&self, name: &str) -> Option<&Table> {
        self.tables.get(name)
    }

    /// Adds (or replaces) a table.
    pub fn insert(&mut self, table: Table) {
        self.tables.insert(table.name.clone(), table);
    }

    /// Gives back the room the tables' lists grew into while they were read (a list
    /// grown one item at a time holds up to twice what it needs): a schema of many tables
    /// is read once and then held while another is read and compared with it.
    pub fn shrink_to_fit(&mut self) {
        for t in self.tables.values_mut() {
            t.columns.shrink_to_fit();
            t.indexes.shrink_to_fit();
            t.unique_constraints.shrink_to_fit();
            t.foreign_keys.shrink_to_fit();
            t.check_constraints.shrink_to_fit();
            t.exclusion_constraints.shrink_to_fit();
        }
    }

    /// The names of the enum types the columns use.
    pub fn column_enum_types(&self) -> BTreeSet<&str> {
        let columns = self.tables.values().flat_map(|t| &t.columns);
        columns
            .filter_map(|c| match &c.r#type {
                ColumnType::Enum { name: Some(name), .. } => Some(name.as_str()),
                _ => None,
            })
            .collect()
    }

    /// Leaves out of [`Schema::types`] the enum types a column uses: the column carries
    /// them. Every reader calls it, so that two schemas holding the same objects compare
    /// equal.
    pub fn normalize_types(&mut self) {
        let used: BTreeSet<String> = self.column_enum_types().into_iter().map(str::to_string).collect();
        self.types.retain(|name, def| !(matches!(def, TypeDef::Enum(_)) && used.contains(name)));
    }
}

/// A named type that is an object of its own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TypeDef {
    /// An enum type (`CREATE TYPE … AS ENUM`): its labels, in order.
    Enum(Vec<String>),
    /// A domain (`CREATE DOMAIN`).
    Domain(Domain),
}

impl TypeDef {
    /// `enum type` or `domain`, for messages.
    pub fn kind(&self) -> &'static str {
        match self {
            TypeDef::Enum(_) => "enum type",
            TypeDef::Domain(_) => "domain",
        }
    }
}

/// A domain: a base type with its own `NOT NULL`, default and checks, which every column
/// typed by it has. A column typed by a domain names it as its type
/// (`ColumnType::Raw("year")`) and does not repeat what the domain says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Domain {
    /// The base type.
    #[serde(rename = "type")]
    pub r#type: ColumnType,
    /// Whether NULL is allowed.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub nullable: bool,
    /// The default, as an SQL expression.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    /// Checks, written on `VALUE`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checks: Vec<CheckConstraint>,
    /// The domain's collation; `None` keeps its base type's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collation: Option<String>,
}

impl Domain {
    /// A nullable domain over `base` with no default, check or collation.
    pub fn new(base: ColumnType) -> Self {
        Self { r#type: base, nullable: true, default: None, checks: Vec::new(), collation: None }
    }
}

/// One table.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Table {
    /// Table name, unquoted.
    pub name: String,
    /// Columns in declaration order.
    pub columns: Vec<Column>,
    /// The primary key, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_key: Option<PrimaryKey>,
    /// Indexes (not counting those that back a unique constraint or the primary key).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indexes: Vec<Index>,
    /// Unique constraints.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unique_constraints: Vec<UniqueConstraint>,
    /// Foreign keys.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub foreign_keys: Vec<ForeignKey>,
    /// Check constraints.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub check_constraints: Vec<CheckConstraint>,
    /// Exclusion constraints (PostgreSQL `EXCLUDE USING …`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclusion_constraints: Vec<ExclusionConstraint>,
    /// Table comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// The table's default character set (MySQL/MariaDB `DEFAULT CHARSET=…`); `None` keeps
    /// the database's default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charset: Option<String>,
    /// The table's default collation (MySQL/MariaDB `COLLATE=…`); `None` keeps the
    /// database's default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collation: Option<String>,
    /// Storage options no other field holds, as the database writes them after the column
    /// list (SQLite: `WITHOUT ROWID`, `STRICT`). Introspection reports them so that a table
    /// created again or rebuilt keeps them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
}

impl Table {
    /// A table with no columns yet.
    pub fn new(name: impl Into<String>) -> Self {
        Self { name: name.into(), ..Self::default() }
    }

    /// The column called `name`, if there is one.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// The column called `name`, mutably.
    pub fn column_mut(&mut self, name: &str) -> Option<&mut Column> {
        self.columns.iter_mut().find(|c| c.name == name)
    }

    /// Whether `column` is the whole primary key or part of it.
    pub fn is_primary_key_column(&self, column: &str) -> bool {
        self.primary_key.as_ref().is_some_and(|pk| pk.columns.iter().any(|c| c == column))
    }

    /// Whether `column` is the table's single-column integer primary key.
    pub fn is_single_integer_primary_key(&self, column: &str) -> bool {
        self.primary_key.as_ref().is_some_and(|pk| pk.columns.len() == 1 && pk.columns[0] == column)
            && self.column(column).is_some_and(|c| c.r#type.is_integer())
    }
}

/// One column. `Column::default()` is a nameless nullable `text` column, for struct-update
/// syntax (`Column { name, r#type, ..Column::default() }`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Column {
    /// Column name, unquoted.
    pub name: String,
    /// Neutral type.
    #[serde(rename = "type")]
    pub r#type: ColumnType,
    /// Whether NULL is allowed.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub nullable: bool,
    /// The server-side default, as an SQL expression (`'x'`, `0`, `CURRENT_TIMESTAMP`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_default: Option<String>,
    /// Whether the database generates the value (AUTO_INCREMENT, identity, serial, rowid).
    #[serde(default, skip_serializing_if = "is_false")]
    pub autoincrement: bool,
    /// Column comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// A generated (computed) column: the database computes the value from this expression.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generated: Option<Generated>,
    /// The identity options of an identity column (`GENERATED … AS IDENTITY`). `None` with
    /// `autoincrement` is the database's own way of numbering rows (PostgreSQL: identity BY
    /// DEFAULT or serial; MySQL: AUTO_INCREMENT; SQLite: rowid).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity: Option<Identity>,
    /// The column's collation (`COLLATE …`); `None` keeps the table's or database's default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collation: Option<String>,
    /// The column's character set (MySQL/MariaDB `CHARACTER SET …`); `None` keeps the
    /// table's default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charset: Option<String>,
    /// The value the database writes on every update of the row (MySQL/MariaDB
    /// `ON UPDATE CURRENT_TIMESTAMP`), as an SQL expression.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_update: Option<String>,
}

/// How a generated column is computed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Generated {
    /// The expression, as SQL text.
    pub expression: String,
    /// Whether the value is stored (`STORED`) rather than computed when read (`VIRTUAL`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub stored: bool,
}

/// The options of an identity column. A `None` option is the database's default.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Identity {
    /// `GENERATED ALWAYS` (an insert may not give a value) rather than `BY DEFAULT`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub always: bool,
    /// `START WITH`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<i64>,
    /// `INCREMENT BY`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub increment: Option<i64>,
    /// `MINVALUE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_value: Option<i64>,
    /// `MAXVALUE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_value: Option<i64>,
    /// `CYCLE`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub cycle: bool,
}

impl Identity {
    /// The same identity with every option that equals the default for a column of type
    /// `ty` (the SQL standard's and PostgreSQL's sequence defaults) as `None`; `None`
    /// altogether when nothing but the defaults is left and it is `BY DEFAULT`. Ascending:
    /// minimum 1, maximum the type's largest value, start at the minimum; descending:
    /// minimum the type's smallest value, maximum -1, start at the maximum. A type that is
    /// not an integer type counts as a 64-bit one.
    pub fn without_defaults(self, ty: &ColumnType) -> Option<Identity> {
        let (type_min, type_max) = match ty {
            ColumnType::SmallInteger => (i64::from(i16::MIN), i64::from(i16::MAX)),
            ColumnType::Integer => (i64::from(i32::MIN), i64::from(i32::MAX)),
            _ => (i64::MIN, i64::MAX),
        };
        let increment = self.increment.unwrap_or(1);
        let (default_min, default_max) = if increment > 0 { (1, type_max) } else { (type_min, -1) };
        let min = self.min_value.unwrap_or(default_min);
        let max = self.max_value.unwrap_or(default_max);
        let default_start = if increment > 0 { min } else { max };
        let start = self.start.unwrap_or(default_start);
        let identity = Identity {
            always: self.always,
            start: (start != default_start).then_some(start),
            increment: (increment != 1).then_some(increment),
            min_value: (min != default_min).then_some(min),
            max_value: (max != default_max).then_some(max),
            cycle: self.cycle,
        };
        (identity != Identity::default()).then_some(identity)
    }
}

fn yes() -> bool {
    true
}
fn is_true(b: &bool) -> bool {
    *b
}
fn is_false(b: &bool) -> bool {
    !*b
}

impl Default for Column {
    fn default() -> Self {
        Self {
            name: String::new(),
            r#type: ColumnType::Text,
            nullable: true,
            server_default: None,
            autoincrement: false,
            comment: None,
            generated: None,
            identity: None,
            collation: None,
            charset: None,
            on_update: None,
        }
    }
}

impl Column {
    /// A nullable column of the given type.
    pub fn new(name: impl Into<String>, r#type: ColumnType) -> Self {
        Self { name: name.into(), r#type, ..Self::default() }
    }

    /// The same column, `NOT NULL`.
    pub fn not_null(mut self) -> Self {
        self.nullable = false;
        self
    }

    /// The same column with a server default.
    pub fn default_sql(mut self, expr: impl Into<String>) -> Self {
        self.server_default = Some(expr.into());
        self
    }
}

/// A primary key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrimaryKey {
    /// Constraint name, when the schema gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Key columns, in order.
    pub columns: Vec<String>,
}

/// An index.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Index {
    /// Index name.
    pub name: String,
    /// Indexed columns, in order (or expressions, as SQL text, for expression indexes). A key
    /// that indexes only the first N characters of a column (MySQL's prefix key) is written
    /// `column(N)`; see [`prefix_key`].
    pub columns: Vec<String>,
    /// Whether the index is unique.
    #[serde(default, skip_serializing_if = "is_false")]
    pub unique: bool,
    /// Which keys are in descending order, by position in `columns`; a key past the end of
    /// this list is ascending, so an empty list (the default) is all ascending.
    #[serde(default, skip_serializing_if = "all_ascending")]
    pub descending: Vec<bool>,
    /// The condition of a partial index (`WHERE …`), as SQL text; `None` indexes every row.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub predicate: Option<String>,
    /// Where each key puts NULLs, by position in `columns`, when the schema says so
    /// (`NULLS FIRST` / `NULLS LAST`); `None` or a key past the end is the database's
    /// default for the key's direction (see [`Index::nulls_first`]). Scripts write a `None`
    /// as `""` (TOML has no null): `nulls = ["", "last"]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty", with = "optional_items")]
    pub nulls: Vec<Option<Nulls>>,
    /// Columns stored in the index without being keys (`INCLUDE (…)`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub include: Vec<String>,
    /// A unique index under which NULLs are equal (`NULLS NOT DISTINCT`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub nulls_not_distinct: bool,
    /// The index method when it is not the default B-tree, lower-case: `hash`, `gin`,
    /// `gist`, `brin`, `spgist` (PostgreSQL), `fulltext`, `spatial` (MySQL/MariaDB).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// Each key's operator class (`gin_trgm_ops`), by position in `columns`; `None` or a key
    /// past the end is the type's default class. Scripts write a `None` as `""`.
    #[serde(default, skip_serializing_if = "Vec::is_empty", with = "optional_items")]
    pub operator_classes: Vec<Option<String>>,
}

/// Lists with holes (`Vec<Option<T>>`, one entry per index key) in a form TOML can hold:
/// a `None` is written `""` and read back from `""` (or from a null, where the format has one).
mod optional_items {
    use serde::de::{DeserializeOwned, IntoDeserializer};
    use serde::ser::SerializeSeq;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub(super) fn serialize<S: Serializer, T: Serialize>(items: &[Option<T>], s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(items.len()))?;
        for item in items {
            match item {
                Some(value) => seq.serialize_element(value)?,
                None => seq.serialize_element("")?,
            }
        }
        seq.end()
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>, T: DeserializeOwned>(
        d: D,
    ) -> Result<Vec<Option<T>>, D::Error> {
        let texts = Vec::<Option<String>>::deserialize(d)?;
        texts
            .into_iter()
            .map(|text| match text.filter(|t| !t.is_empty()) {
                None => Ok(None),
                Some(t) => T::deserialize(t.into_deserializer())
                    .map(Some)
                    .map_err(|e: serde::de::value::Error| serde::de::Error::custom(e)),
            })
            .collect()
    }
}

/// Where an index key puts NULLs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Nulls {
    /// `NULLS FIRST`.
    First,
    /// `NULLS LAST`.
    Last,
}

fn all_ascending(descending: &[bool]) -> bool {
    !descending.contains(&true)
}

impl Index {
    /// Whether key number `key` (from 0) is in descending order.
    pub fn is_descending(&self, key: usize) -> bool {
        self.descending.get(key).copied().unwrap_or(false)
    }

    /// Whether key number `key` (from 0) puts NULLs first: as the schema says, else as
    /// PostgreSQL and SQL's standard order do by default (NULLs sort as larger than any value, so
    /// first in a descending key).
    pub fn nulls_first(&self, key: usize) -> bool {
        match self.nulls.get(key).copied().flatten() {
            Some(nulls) => nulls == Nulls::First,
            None => self.is_descending(key),
        }
    }

    /// Key number `key`'s operator class, if the schema names one.
    pub fn operator_class(&self, key: usize) -> Option<&str> {
        self.operator_classes.get(key).and_then(|c| c.as_deref())
    }

    /// Whether both indexes order every key the same way (direction and NULLs).
    pub fn same_key_order(&self, other: &Index) -> bool {
        (0..self.columns.len().max(other.columns.len()))
            .all(|k| self.is_descending(k) == other.is_descending(k) && self.nulls_first(k) == other.nulls_first(k))
    }
}

impl Index {
    /// The first key of this index that indexes only a prefix of a column of `table`
    /// (`title(255)`): the column and the length.
    pub fn prefix_key<'a>(&'a self, table: &Table) -> Option<(&'a str, u32)> {
        self.columns.iter().filter_map(|c| prefix_key(c)).find(|(column, _)| table.column(column).is_some())
    }
}

/// Reads an index key written `column(N)`: the column name (unquoted) and the prefix length
/// N. `None` for a plain column name or any other expression.
pub fn prefix_key(entry: &str) -> Option<(&str, u32)> {
    let (name, rest) = entry.trim().split_once('(')?;
    let length = rest.strip_suffix(')')?.trim().parse::<u32>().ok()?;
    let name = name.trim();
    let quoted = ['`', '"'].iter().find_map(|q| name.strip_prefix(*q).and_then(|n| n.strip_suffix(*q)));
    let is_name = match quoted {
        Some(n) => !n.is_empty() && !n.contains(['`', '"']),
        None => !name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '$'),
    };
    is_name.then_some((quoted.unwrap_or(name), length))
}

/// A unique constraint.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UniqueConstraint {
    /// Constraint name; `None` lets the database pick one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Columns, in order.
    pub columns: Vec<String>,
    /// NULLs count as equal (`NULLS NOT DISTINCT`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub nulls_not_distinct: bool,
    /// When the constraint is checked, if it may be deferred (`DEFERRABLE …`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deferrable: Option<Deferrable>,
}

/// A constraint that may be checked at commit rather than at each statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Deferrable {
    /// `DEFERRABLE INITIALLY IMMEDIATE`: checked per statement unless a transaction defers it.
    Immediate,
    /// `DEFERRABLE INITIALLY DEFERRED`: checked at commit.
    Deferred,
}

impl Deferrable {
    /// The SQL words: `DEFERRABLE INITIALLY IMMEDIATE` or `DEFERRABLE INITIALLY DEFERRED`.
    pub fn sql(&self) -> &'static str {
        match self {
            Deferrable::Immediate => "DEFERRABLE INITIALLY IMMEDIATE",
            Deferrable::Deferred => "DEFERRABLE INITIALLY DEFERRED",
        }
    }
}

/// A foreign key.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ForeignKey {
    /// Constraint name; `None` lets the database pick one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Referencing columns, in order.
    pub columns: Vec<String>,
    /// Referenced table.
    pub referred_table: String,
    /// Referenced columns, in the same order.
    pub referred_columns: Vec<String>,
    /// What happens on delete of the referenced row.
    #[serde(default, skip_serializing_if = "FkAction::is_default")]
    pub on_delete: FkAction,
    /// What happens on update of the referenced key.
    #[serde(default, skip_serializing_if = "FkAction::is_default")]
    pub on_update: FkAction,
    /// When the constraint is checked, if it may be deferred (`DEFERRABLE …`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deferrable: Option<Deferrable>,
    /// `MATCH FULL`: a key with some columns NULL must have all of them NULL.
    #[serde(default, skip_serializing_if = "is_false")]
    pub match_full: bool,
}

/// A referential action of a foreign key.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FkAction {
    /// `NO ACTION` (the default).
    #[default]
    NoAction,
    /// `RESTRICT`.
    Restrict,
    /// `CASCADE`.
    Cascade,
    /// `SET NULL`.
    SetNull,
    /// `SET DEFAULT`.
    SetDefault,
}

impl FkAction {
    /// Whether this is the default action (which scripts leave out).
    pub fn is_default(&self) -> bool {
        *self == FkAction::NoAction
    }

    /// The SQL words for this action.
    pub fn sql(&self) -> &'static str {
        match self {
            FkAction::NoAction => "NO ACTION",
            FkAction::Restrict => "RESTRICT",
            FkAction::Cascade => "CASCADE",
            FkAction::SetNull => "SET NULL",
            FkAction::SetDefault => "SET DEFAULT",
        }
    }

    /// Reads the SQL words (`"SET NULL"`, `"cascade"`); `None` when they are not an action.
    pub fn from_sql(words: &str) -> Option<FkAction> {
        let norm = words.split_whitespace().collect::<Vec<_>>().join(" ").to_ascii_uppercase();
        Some(match norm.as_str() {
            "NO ACTION" => FkAction::NoAction,
            "RESTRICT" => FkAction::Restrict,
            "CASCADE" => FkAction::Cascade,
            "SET NULL" => FkAction::SetNull,
            "SET DEFAULT" => FkAction::SetDefault,
            _ => return None,
        })
    }
}

/// A check constraint.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckConstraint {
    /// Constraint name; `None` lets the database pick one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The condition, as SQL text.
    pub expression: String,
}

/// An exclusion constraint (PostgreSQL): no two rows may have every element's operator
/// return true (`EXCLUDE USING gist (room WITH =, during WITH &&)`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExclusionConstraint {
    /// Constraint name; `None` lets the database pick one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The index method, lower-case (`gist`).
    pub method: String,
    /// The elements: a column or expression, and the operator it is compared with.
    pub elements: Vec<ExclusionElement>,
    /// The condition of a partial constraint (`WHERE (…)`), as SQL text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub predicate: Option<String>,
    /// When the constraint is checked, if it may be deferred.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deferrable: Option<Deferrable>,
}

/// One element of an exclusion constraint: `expression WITH operator`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExclusionElement {
    /// A column name or an expression, as SQL text.
    pub expression: String,
    /// The operator (`=`, `&&`).
    pub operator: String,
}

/// A neutral column type. Written in scripts as a short string (`"string(32)"`,
/// `"numeric(10,2)"`, `"datetime_tz"`, `"raw(CITEXT)"`); see [`ColumnType::from_str`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ColumnType {
    /// 16-bit integer.
    SmallInteger,
    /// 32-bit integer.
    Integer,
    /// 64-bit integer.
    BigInteger,
    /// Variable-length string, with an optional length limit.
    String(Option<u32>),
    /// Unbounded text.
    Text,
    /// Boolean.
    Boolean,
    /// Calendar date.
    Date,
    /// Date and time, with or without time zone.
    DateTime {
        /// Whether the value carries a time zone.
        timezone: bool,
    },
    /// Time of day.
    Time,
    /// Single-precision float.
    Float,
    /// Double-precision float.
    Double,
    /// Exact decimal, with optional precision and scale.
    Numeric(Option<u32>, Option<u32>),
    /// Binary data.
    Binary,
    /// JSON document.
    Json,
    /// UUID.
    Uuid,
    /// Enumerated type: a name (PostgreSQL needs one) and its labels.
    Enum {
        /// Type name, if any.
        name: Option<String>,
        /// Allowed values, in order.
        values: Vec<String>,
    },
    /// A type the neutral model does not know, written as the dialect spells it.
    Raw(String),
}

impl ColumnType {
    /// Whether this is one of the integer types.
    pub fn is_integer(&self) -> bool {
        matches!(self, ColumnType::SmallInteger | ColumnType::Integer | ColumnType::BigInteger)
    }
}

impl fmt::Display for ColumnType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ColumnType::SmallInteger => f.write_str("small_integer"),
            ColumnType::Integer => f.write_str("integer"),
            ColumnType::BigInteger => f.write_str("big_integer"),
            ColumnType::String(None) => f.write_str("string"),
            ColumnType::String(Some(n)) => write!(f, "string({n})"),
            ColumnType::Text => f.write_str("text"),
            ColumnType::Boolean => f.write_str("boolean"),
            ColumnType::Date => f.write_str("date"),
            ColumnType::DateTime { timezone: false } => f.write_str("datetime"),
            ColumnType::DateTime { timezone: true } => f.write_str("datetime_tz"),
            ColumnType::Time => f.write_str("time"),
            ColumnType::Float => f.write_str("float"),
            ColumnType::Double => f.write_str("double"),
            ColumnType::Numeric(None, _) => f.write_str("numeric"),
            ColumnType::Numeric(Some(p), None) => write!(f, "numeric({p})"),
            ColumnType::Numeric(Some(p), Some(s)) => write!(f, "numeric({p},{s})"),
            ColumnType::Binary => f.write_str("binary"),
            ColumnType::Json => f.write_str("json"),
            ColumnType::Uuid => f.write_str("uuid"),
            ColumnType::Enum { name, values } => {
                f.write_str("enum(")?;
                if let Some(name) = name {
                    write!(f, "{name}: ")?;
                }
                let quoted: Vec<String> = values.iter().map(|v| format!("'{}'", v.replace('\'', "''"))).collect();
                write!(f, "{})", quoted.join(", "))
            }
            ColumnType::Raw(sql) => write!(f, "raw({sql})"),
        }
    }
}

/// Why a type string in a script could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown column type {0:?} (expected e.g. integer, string(64), numeric(10,2), datetime_tz, enum('a', 'b'), raw(CITEXT))")]
pub struct ParseTypeError(pub String);

impl FromStr for ColumnType {
    type Err = ParseTypeError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let err = || ParseTypeError(text.to_string());
        let s = text.trim();
        let (head, args) = match s.find('(') {
            Some(open) if s.ends_with(')') => (s[..open].trim(), Some(&s[open + 1..s.len() - 1])),
            Some(_) => return Err(err()),
            None => (s, None),
        };
        let numbers = |args: &str| -> Result<Vec<u32>, ParseTypeError> {
            args.split(',').map(|a| a.trim().parse::<u32>().map_err(|_| err())).collect()
        };
        let ty = match (head.to_ascii_lowercase().as_str(), args) {
            ("small_integer", None) => ColumnType::SmallInteger,
            ("integer", None) => ColumnType::Integer,
            ("big_integer", None) => ColumnType::BigInteger,
            ("string", None) => ColumnType::String(None),
            ("string", Some(a)) => match numbers(a)?.as_slice() {
                [n] => ColumnType::String(Some(*n)),
                _ => return Err(err()),
            },
            ("text", None) => ColumnType::Text,
            ("boolean", None) => ColumnType::Boolean,
            ("date", None) => ColumnType::Date,
            ("datetime", None) => ColumnType::DateTime { timezone: false },
            ("datetime_tz", None) => ColumnType::DateTime { timezone: true },
            ("time", None) => ColumnType::Time,
            ("float", None) => ColumnType::Float,
            ("double", None) => ColumnType::Double,
            ("numeric", None) => ColumnType::Numeric(None, None),
            ("numeric", Some(a)) => match numbers(a)?.as_slice() {
                [p] => ColumnType::Numeric(Some(*p), None),
                [p, s] => ColumnType::Numeric(Some(*p), Some(*s)),
                _ => return Err(err()),
            },
            ("binary", None) => ColumnType::Binary,
            ("json", None) => ColumnType::Json,
            ("uuid", None) => ColumnType::Uuid,
            ("enum", Some(a)) => parse_enum(a).ok_or_else(err)?,
            ("raw", Some(a)) if !a.trim().is_empty() => ColumnType::Raw(a.trim().to_string()),
            _ => return Err(err()),
        };
        Ok(ty)
    }
}

/// Reads `name: 'a', 'b'` or `'a', 'b'`.
fn parse_enum(args: &str) -> Option<ColumnType> {
    let args = args.trim();
    let (name, rest) = match args.find(':') {
        Some(colon) if !args[..colon].contains('\'') => {
            (Some(args[..colon].trim().to_string()), args[colon + 1..].trim())
        }
        _ => (None, args),
    };
    let values = crate::sqltype::parse_quoted_list(rest)?;
    Some(ColumnType::Enum { name, values })
}

impl Serialize for ColumnType {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ColumnType {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_keys_read_in_every_quoting_and_expressions_are_not_prefixes() {
        assert_eq!(prefix_key("title(255)"), Some(("title", 255)));
        assert_eq!(prefix_key("`my title`( 10 )"), Some(("my title", 10)));
        assert_eq!(prefix_key("\"Body\"(5)"), Some(("Body", 5)));
        for not_prefix in ["title", "lower(title)", "substr(title, 1, 2)", "(a + 1)", "f(1)(2)", "`a`b`(3)"] {
            assert_eq!(prefix_key(not_prefix), None, "{not_prefix}");
        }
        let mut t = Table::new("notes");
        t.columns = vec![Column::new("title", ColumnType::Text)];
        let index = Index {
            name: "ix".into(),
            columns: vec!["round(10)".into(), "title(20)".into()],
            unique: false,
            descending: Vec::new(),
            predicate: None,
            ..Default::default()
        };
        assert_eq!(index.prefix_key(&t), Some(("title", 20)));
    }

    #[test]
    fn every_type_round_trips_through_its_script_spelling() {
        let types = [
            ColumnType::SmallInteger,
            ColumnType::Integer,
            ColumnType::BigInteger,
            ColumnType::String(None),
            ColumnType::String(Some(32)),
            ColumnType::Text,
            ColumnType::Boolean,
            ColumnType::Date,
            ColumnType::DateTime { timezone: false },
            ColumnType::DateTime { timezone: true },
            ColumnType::Time,
            ColumnType::Float,
            ColumnType::Double,
            ColumnType::Numeric(None, None),
            ColumnType::Numeric(Some(10), None),
            ColumnType::Numeric(Some(10), Some(2)),
            ColumnType::Binary,
            ColumnType::Json,
            ColumnType::Uuid,
            ColumnType::Enum { name: Some("mood".into()), values: vec!["sad".into(), "it's ok".into()] },
            ColumnType::Enum { name: None, values: vec!["a".into()] },
            ColumnType::Raw("CITEXT".into()),
        ];
        for ty in types {
            let text = ty.to_string();
            assert_eq!(text.parse::<ColumnType>(), Ok(ty), "{text}");
        }
    }

    #[test]
    fn unknown_type_is_an_error_naming_it() {
        let err = "strng(3)".parse::<ColumnType>().unwrap_err();
        assert!(err.to_string().contains("strng(3)"));
    }
}
