//! Rust models: structs declared as tables, Flask-SQLAlchemy style.
//!
//! `#[derive(Model)]` on a struct implements [`Model`], whose [`Model::table`] returns the
//! neutral [`Table`] the struct declares; [`schema_of`] and [`models!`](crate::models) gather
//! tables into the desired [`Schema`] that autogenerate compares with the live database.
//! [`TableBuilder`] builds the same [`Table`] values by hand, for tables only known at run
//! time. Invariant: a model never touches a database; it only describes one.
//!
//! # The derive
//!
//! ```
//! use alambic::Model;
//!
//! #[derive(Model)]
//! #[alambic(table = "users")]
//! struct User {
//!     #[alambic(primary_key)]
//!     id: i32,
//!     #[alambic(length = 64, unique, index)]
//!     username: Option<String>,
//!     #[alambic(references = "roles.id", on_delete = "cascade")]
//!     role_id: Option<i32>,
//!     #[alambic(length = 32, server_default = "''")]
//!     email: String,
//! }
//!
//! let users = <User as alambic::model::Model>::table();
//! assert_eq!(users.name, "users");
//! assert_eq!(users.indexes[0].name, "ix_users_username");
//! ```
//!
//! **Table name.** `#[alambic(table = "...")]`, or by default the struct name in
//! snake_case (`UserRole` → `user_role`), as Flask-SQLAlchemy names a model's table.
//!
//! **Column types** are read from the last segment of the field type's path, so
//! `uuid::Uuid`, `Uuid` and `sqlx::types::Uuid` all map alike and alambic itself needs no
//! dependency on the crates that define them:
//!
//! | Rust type | column type |
//! |---|---|
//! | `i16` / `i32` / `i64` | small_integer / integer / big_integer |
//! | `bool` | boolean |
//! | `String` | string(length) — `string` without `length` |
//! | `f32` / `f64` | float / double |
//! | `Vec<u8>` | binary |
//! | `NaiveDate`, `Date` | date |
//! | `NaiveDateTime`, `PrimitiveDateTime` | datetime |
//! | `DateTime<_>`, `OffsetDateTime` | datetime_tz |
//! | `NaiveTime`, `Time` | time |
//! | `Uuid` | uuid |
//! | `Decimal` | numeric(precision, scale) |
//! | `Value`, `JsonValue` | json |
//!
//! `Option<T>` makes the column nullable; any other type is `NOT NULL`, and so is every
//! primary-key column.
//!
//! **Struct attributes:** `table = "name"`, `comment = "..."`, `primary_key("a", "b")`
//! (a composite key), `index(name = "...", columns("a", "b"), unique)`,
//! `unique(name = "...", columns("a", "b"))`, `check(name = "...", expr = "n > 0")`.
//! Names are optional: an unnamed index is called `ix_<table>_<columns>`; unnamed
//! constraints are left for the database to name.
//!
//! **Field attributes:** `column = "name"`, `primary_key`, `autoincrement`, `length = 64`,
//! `precision = 10, scale = 2`, `unique` (an unnamed unique constraint), `index` (an index
//! named `ix_<table>_<column>`; `index = "name"` names it), `unique, index` together (one
//! unique index `ix_<table>_<column>`, as `unique=True, index=True` gives in
//! Flask-SQLAlchemy), `references = "table.column"` with `on_delete` / `on_update`
//! (`"cascade"`, `"set null"`, `"set default"`, `"restrict"`, `"no action"`),
//! `server_default = "SQL"`, `check = "SQL"`, `comment = "..."`, `sql_type = "CITEXT"`
//! (read with [`parse_type_name`](crate::sqltype::parse_type_name), so
//! `sql_type = "VARCHAR(10)"` is `string(10)` and unknown names stay raw),
//! `enum_values("a", "b")` with an optional `enum_name = "mood"` on a `String` field, and
//! `skip` for a field that is not a column. Mistakes are compile errors pointing at the
//! attribute or type at fault.

use crate::schema::{
    CheckConstraint, Column, ForeignKey, Index, PrimaryKey, Schema, Table, UniqueConstraint,
};

/// A Rust type that declares one database table. Usually derived with
/// `#[derive(alambic::Model)]`; implement it by hand (with [`TableBuilder`]) for anything
/// the derive cannot say.
pub trait Model {
    /// The table this type declares.
    fn table() -> Table;
}

/// Gathers tables into a schema. A later table with the same name as an earlier one
/// replaces it.
pub fn schema_of(tables: impl IntoIterator<Item = Table>) -> Schema {
    let mut schema = Schema::new();
    for table in tables {
        schema.insert(table);
    }
    schema
}

/// The [`Schema`] declared by a list of [`Model`] types: `alambic::models![Role, User]`.
#[macro_export]
macro_rules! models {
    ($($model:ty),* $(,)?) => {
        $crate::model::schema_of([$(<$model as $crate::model::Model>::table()),*])
    };
}

/// Builds a [`Table`] step by step, for tables computed at run time:
///
/// ```
/// use alambic::model::TableBuilder;
/// use alambic::schema::{Column, ColumnType};
///
/// let users = TableBuilder::new("users")
///     .column(Column::new("id", ColumnType::Integer).not_null())
///     .column(Column::new("username", ColumnType::String(Some(64))))
///     .column(Column::new("role_id", ColumnType::Integer))
///     .primary_key(["id"])
///     .index("ix_users_username", ["username"], true)
///     .foreign_key(["role_id"], "roles", ["id"])
///     .build();
/// assert_eq!(users.columns.len(), 3);
/// ```
///
/// The builder records what it is told; it does not check that named columns exist.
#[derive(Debug, Clone)]
#[must_use = "a builder does nothing until `build` is called"]
pub struct TableBuilder {
    table: Table,
}

fn strings<S: Into<String>>(items: impl IntoIterator<Item = S>) -> Vec<String> {
    items.into_iter().map(Into::into).collect()
}

impl TableBuilder {
    /// Starts a table called `name`, with no columns.
    pub fn new(name: impl Into<String>) -> Self {
        Self { table: Table::new(name) }
    }

    /// Sets the table comment.
    pub fn comment(mut self, text: impl Into<String>) -> Self {
        self.table.comment = Some(text.into());
        self
    }

    /// Appends a column.
    pub fn column(mut self, column: Column) -> Self {
        self.table.columns.push(column);
        self
    }

    /// Sets the (unnamed) primary key.
    pub fn primary_key<S: Into<String>>(mut self, columns: impl IntoIterator<Item = S>) -> Self {
        self.table.primary_key = Some(PrimaryKey { name: None, columns: strings(columns) });
        self
    }

    /// Sets a named primary key.
    pub fn primary_key_named<S: Into<String>>(
        mut self,
        name: impl Into<String>,
        columns: impl IntoIterator<Item = S>,
    ) -> Self {
        self.table.primary_key = Some(PrimaryKey { name: Some(name.into()), columns: strings(columns) });
        self
    }

    /// Adds an index.
    pub fn index<S: Into<String>>(
        mut self,
        name: impl Into<String>,
        columns: impl IntoIterator<Item = S>,
        unique: bool,
    ) -> Self {
        self.table.indexes.push(Index { name: name.into(), columns: strings(columns), unique });
        self
    }

    /// Adds an unnamed unique constraint.
    pub fn unique<S: Into<String>>(mut self, columns: impl IntoIterator<Item = S>) -> Self {
        self.table.unique_constraints.push(UniqueConstraint { name: None, columns: strings(columns) });
        self
    }

    /// Adds a named unique constraint.
    pub fn unique_named<S: Into<String>>(
        mut self,
        name: impl Into<String>,
        columns: impl IntoIterator<Item = S>,
    ) -> Self {
        self.table
            .unique_constraints
            .push(UniqueConstraint { name: Some(name.into()), columns: strings(columns) });
        self
    }

    /// Adds an unnamed foreign key with the default actions (`NO ACTION`).
    pub fn foreign_key<S: Into<String>, R: Into<String>>(
        mut self,
        columns: impl IntoIterator<Item = S>,
        referred_table: impl Into<String>,
        referred_columns: impl IntoIterator<Item = R>,
    ) -> Self {
        self.table.foreign_keys.push(ForeignKey {
            name: None,
            columns: strings(columns),
            referred_table: referred_table.into(),
            referred_columns: strings(referred_columns),
            on_delete: Default::default(),
            on_update: Default::default(),
        });
        self
    }

    /// Adds a foreign key spelled out in full (name, actions).
    pub fn foreign_key_with(mut self, foreign_key: ForeignKey) -> Self {
        self.table.foreign_keys.push(foreign_key);
        self
    }

    /// Adds an unnamed check constraint.
    pub fn check(mut self, expression: impl Into<String>) -> Self {
        self.table.check_constraints.push(CheckConstraint { name: None, expression: expression.into() });
        self
    }

    /// Adds a named check constraint.
    pub fn check_named(mut self, name: impl Into<String>, expression: impl Into<String>) -> Self {
        self.table
            .check_constraints
            .push(CheckConstraint { name: Some(name.into()), expression: expression.into() });
        self
    }

    /// The finished table.
    pub fn build(self) -> Table {
        self.table
    }
}
