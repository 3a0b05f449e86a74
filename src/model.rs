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
//! let users = User::table(); // `use alambic::Model` brings the derive and the trait
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
//! **Struct attributes:** `table = "name"`, `comment = "..."`, `charset = "utf8mb4"` and
//! `collation = "utf8mb4_bin"` (the table's defaults), `primary_key("a", "b")` (a composite
//! key), `index(name = "...", columns("a", "b"), unique)` with the options `desc("b")`
//! (descending keys), `nulls_first("a")` / `nulls_last("b")`, `include("c")`,
//! `method = "hash"`, `opclass("b", "text_pattern_ops")` (a key's operator class),
//! `predicate = "a > 0"` (a partial index) and `nulls_not_distinct`,
//! `unique(name = "...", columns("a", "b"))` with `nulls_not_distinct`, `deferrable` and
//! `initially_deferred`, `check(name = "...", expr = "n > 0")`,
//! `exclude(name = "...", method = "gist", element("room", "="), element("during", "&&"),
//! predicate = "NOT cancelled")` (an exclusion constraint: no two rows for which every
//! element's operator is true; one `element(expression, operator)` per element, in order,
//! `method` B-tree when not given, and `deferrable` / `initially_deferred`), and `strict`,
//! `without_rowid` (the table options SQLite writes after the column list, in the order
//! written). Names are optional: an
//! unnamed index is called `ix_<table>_<columns>`; unnamed constraints are left for the
//! database to name.
//!
//! **Field attributes:** `column = "name"`, `primary_key`, `autoincrement`, `length = 64`,
//! `precision = 10, scale = 2`, `unique` (an unnamed unique constraint), `index` (an index
//! named `ix_<table>_<column>`; `index = "name"` names it), `unique, index` together (one
//! unique index `ix_<table>_<column>`, as `unique=True, index=True` gives in
//! Flask-SQLAlchemy), `references = "table.column"` with `on_delete` / `on_update`
//! (`"cascade"`, `"set null"`, `"set default"`, `"restrict"`, `"no action"`),
//! with `deferrable`, `initially_deferred` (which is deferrable too) and `match_full`,
//! `server_default = "SQL"`, `check = "SQL"`, `comment = "..."`, `sql_type = "CITEXT"`
//! (read with [`parse_type_name`](crate::sqltype::parse_type_name), so
//! `sql_type = "VARCHAR(10)"` is `string(10)` and unknown names stay raw),
//! `enum_values("a", "b")` with an optional `enum_name = "mood"` on a `String` field,
//! `generated = "SQL"` (a generated column, computed when read) with `stored` (computed on
//! write), `identity` (an identity column; `identity(always, start = 10, increment = 5,
//! min_value = 1, max_value = 1000, cycle)` gives its options), `collation = "..."`,
//! `charset = "..."`, `on_update = "CURRENT_TIMESTAMP"` on a field without `references`
//! (the value written on every update of the row), `named_type` (the column is typed by
//! the named type the field's Rust type declares, see below), and `skip` for a field that
//! is not a column. Mistakes are compile errors pointing at the attribute or type at fault.
//!
//! # Named types
//!
//! Domains and enum types are objects of their own where the database keeps them
//! (PostgreSQL). A Rust type declares one by implementing [`NamedType`]:
//! `#[derive(DbEnum)]` on an enum of unit variants gives an enum type with one label per
//! variant (the variant's name in snake_case, or `#[alambic(label = "...")]` on it), named
//! after the enum in snake_case or by `#[alambic(type_name = "...")]`; a domain implements
//! the trait by hand with [`DomainBuilder`]. A field of that type marked
//! `#[alambic(named_type)]` is a column typed by it, and `models![…; types: …]` adds the
//! types to the schema (an enum type a column uses is carried by the column, so listing it
//! is harmless):
//!
//! ```
//! use alambic::model::{DomainBuilder, NamedType};
//! use alambic::schema::{ColumnType, TypeDef};
//! use alambic::{DbEnum, Model};
//!
//! #[derive(DbEnum)]
//! enum Mood {
//!     Sad,
//!     #[alambic(label = "so-so")]
//!     SoSo,
//!     Happy,
//! }
//!
//! struct Floor;
//! impl NamedType for Floor {
//!     fn type_name() -> String {
//!         "floor".into()
//!     }
//!     fn type_def() -> TypeDef {
//!         DomainBuilder::new(ColumnType::Integer).not_null().check("VALUE >= 0").build()
//!     }
//! }
//!
//! #[derive(Model)]
//! #[alambic(table = "stays", exclude(method = "gist", element("during", "&&")))]
//! struct Stay {
//!     #[alambic(primary_key)]
//!     id: i32,
//!     #[alambic(sql_type = "tsrange")]
//!     during: String,
//!     #[alambic(named_type)]
//!     floor: Floor,
//!     #[alambic(named_type)]
//!     mood: Option<Mood>,
//! }
//!
//! let schema = alambic::models![Stay; types: Mood, Floor];
//! assert_eq!(schema.types.keys().collect::<Vec<_>>(), ["floor"]);
//! let mood = &schema.tables["stays"].columns[3];
//! assert_eq!(mood.r#type, ColumnType::Enum { name: Some("mood".into()), values: vec!["sad".into(), "so-so".into(), "happy".into()] });
//! ```
//!
//! # What a model cannot say
//!
//! Unsigned and zero-filled integers, and any other type the neutral [`ColumnType`] does
//! not name, are given outright with `sql_type = "INT UNSIGNED ZEROFILL"` (a raw type).
//! A named primary key and named foreign keys need [`TableBuilder`]
//! (`primary_key_named`, `foreign_key_with`), as do multi-column foreign keys.

use crate::schema::{
    CheckConstraint, Column, ColumnType, Domain, ExclusionConstraint, ForeignKey, Index, PrimaryKey, Schema, Table,
    TypeDef, UniqueConstraint,
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

/// A Rust type that declares a named database type: an enum type (usually derived with
/// `#[derive(alambic::DbEnum)]`) or a domain (implemented by hand, with
/// [`DomainBuilder`]). `models![…; types: …]` adds it to the schema, and a field marked
/// `#[alambic(named_type)]` is a column typed by it.
pub trait NamedType {
    /// The type's name in the database.
    fn type_name() -> String;

    /// What the type is: its labels, or the domain's base type and constraints.
    fn type_def() -> TypeDef;

    /// The type of a column typed by it: the enum type with its labels, or the domain's name
    /// (a column does not repeat what its domain says).
    fn column_type() -> ColumnType {
        match Self::type_def() {
            TypeDef::Enum(values) => ColumnType::Enum { name: Some(Self::type_name()), values },
            TypeDef::Domain(_) => ColumnType::Raw(Self::type_name()),
        }
    }
}

/// Adds named types to a schema, as [`Schema::types`] holds them: an enum type a column
/// uses stays with the column only ([`Schema::normalize_types`]). A later type with the same
/// name as an earlier one replaces it.
pub fn with_types(mut schema: Schema, types: impl IntoIterator<Item = (String, TypeDef)>) -> Schema {
    schema.types.extend(types);
    schema.normalize_types();
    schema
}

/// Builds a domain (`CREATE DOMAIN`), for [`NamedType::type_def`]:
///
/// ```
/// use alambic::model::{DomainBuilder, NamedType};
/// use alambic::schema::{ColumnType, TypeDef};
///
/// struct Year;
/// impl NamedType for Year {
///     fn type_name() -> String {
///         "year".into()
///     }
///     fn type_def() -> TypeDef {
///         DomainBuilder::new(ColumnType::Integer).not_null().default_sql("2000").check("VALUE > 1900").build()
///     }
/// }
/// let schema = alambic::models![; types: Year];
/// assert!(matches!(schema.types.get("year"), Some(TypeDef::Domain(d)) if !d.nullable));
/// ```
#[derive(Debug, Clone)]
#[must_use = "a builder does nothing until `build` is called"]
pub struct DomainBuilder {
    domain: Domain,
}

impl DomainBuilder {
    /// Starts a nullable domain over `base`, with no default, check or collation.
    pub fn new(base: ColumnType) -> Self {
        Self { domain: Domain::new(base) }
    }

    /// Makes the domain `NOT NULL`.
    pub fn not_null(mut self) -> Self {
        self.domain.nullable = false;
        self
    }

    /// Sets the domain's default, as an SQL expression.
    pub fn default_sql(mut self, expression: impl Into<String>) -> Self {
        self.domain.default = Some(expression.into());
        self
    }

    /// Adds an unnamed check, written on `VALUE`.
    pub fn check(mut self, expression: impl Into<String>) -> Self {
        self.domain.checks.push(CheckConstraint { name: None, expression: expression.into() });
        self
    }

    /// Adds a named check, written on `VALUE`.
    pub fn check_named(mut self, name: impl Into<String>, expression: impl Into<String>) -> Self {
        self.domain.checks.push(CheckConstraint { name: Some(name.into()), expression: expression.into() });
        self
    }

    /// Sets the domain's collation.
    pub fn collation(mut self, collation: impl Into<String>) -> Self {
        self.domain.collation = Some(collation.into());
        self
    }

    /// The finished domain, as a named type's definition.
    pub fn build(self) -> TypeDef {
        TypeDef::Domain(self.domain)
    }
}

/// The [`Schema`] declared by a list of [`Model`] types: `alambic::models![Role, User]`.
/// Named types that are objects of their own (a domain, an enum type no column uses)
/// follow `types:`, each a [`NamedType`]: `alambic::models![Room, Booking; types: Mood, Year]`.
#[macro_export]
macro_rules! models {
    ($($model:ty),* $(,)? ; types: $($named:ty),* $(,)?) => {
        $crate::model::with_types(
            $crate::models![$($model),*],
            [$((
                <$named as $crate::model::NamedType>::type_name(),
                <$named as $crate::model::NamedType>::type_def(),
            )),*],
        )
    };
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
        self.table.indexes.push(Index {
            name: name.into(),
            columns: strings(columns),
            unique,
            descending: Vec::new(),
            predicate: None,
            ..Default::default()
        });
        self
    }

    /// Adds an unnamed unique constraint.
    pub fn unique<S: Into<String>>(mut self, columns: impl IntoIterator<Item = S>) -> Self {
        self.table.unique_constraints.push(UniqueConstraint {
            name: None,
            columns: strings(columns),
            ..Default::default()
        });
        self
    }

    /// Adds a named unique constraint.
    pub fn unique_named<S: Into<String>>(
        mut self,
        name: impl Into<String>,
        columns: impl IntoIterator<Item = S>,
    ) -> Self {
        self.table.unique_constraints.push(UniqueConstraint {
            name: Some(name.into()),
            columns: strings(columns),
            ..Default::default()
        });
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
            ..Default::default()
        });
        self
    }

    /// Adds an index spelled out in full (key order, NULLs order, included columns, method,
    /// condition, operator classes).
    pub fn index_with(mut self, index: Index) -> Self {
        self.table.indexes.push(index);
        self
    }

    /// Adds a unique constraint spelled out in full (NULLS NOT DISTINCT, deferrable).
    pub fn unique_with(mut self, constraint: UniqueConstraint) -> Self {
        self.table.unique_constraints.push(constraint);
        self
    }

    /// Adds an exclusion constraint.
    pub fn exclusion(mut self, constraint: ExclusionConstraint) -> Self {
        self.table.exclusion_constraints.push(constraint);
        self
    }

    /// Appends a storage option, as the database writes it after the column list
    /// (SQLite: `STRICT`, `WITHOUT ROWID`).
    pub fn option(mut self, option: impl Into<String>) -> Self {
        self.table.options.push(option.into());
        self
    }

    /// Sets the table's default character set.
    pub fn charset(mut self, charset: impl Into<String>) -> Self {
        self.table.charset = Some(charset.into());
        self
    }

    /// Sets the table's default collation.
    pub fn collation(mut self, collation: impl Into<String>) -> Self {
        self.table.collation = Some(collation.into());
        self
    }

    /// Adds a foreign key spelled out in full (name, actions, deferral, MATCH FULL).
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
        self.table.check_constraints.push(CheckConstraint { name: Some(name.into()), expression: expression.into() });
        self
    }

    /// The finished table.
    pub fn build(self) -> Table {
        self.table
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{ColumnType, FkAction};

    /// The seed's `roles` table: `CREATE TABLE roles (id INTEGER NOT NULL PRIMARY KEY,
    /// name VARCHAR(64) UNIQUE)`.
    #[derive(crate::Model)]
    #[alambic(table = "roles")]
    #[allow(dead_code)]
    struct Role {
        #[alambic(primary_key)]
        id: i32,
        #[alambic(length = 64, unique)]
        name: Option<String>,
    }

    /// The seed's `users` table, after the "add email column to user table" migration.
    #[derive(crate::Model)]
    #[alambic(table = "users")]
    #[allow(dead_code)]
    struct User {
        #[alambic(primary_key)]
        id: i32,
        #[alambic(length = 64, unique, index)]
        username: Option<String>,
        #[alambic(references = "roles.id")]
        role_id: Option<i32>,
        #[alambic(length = 32, server_default = "''")]
        email: String,
    }

    fn column(name: &str, r#type: ColumnType, nullable: bool) -> Column {
        Column { nullable, ..Column::new(name, r#type) }
    }

    fn roles_table() -> Table {
        Table {
            name: "roles".into(),
            columns: vec![column("id", ColumnType::Integer, false), column("name", ColumnType::String(Some(64)), true)],
            primary_key: Some(PrimaryKey { name: None, columns: vec!["id".into()] }),
            unique_constraints: vec![UniqueConstraint {
                name: None,
                columns: vec!["name".into()],
                ..Default::default()
            }],
            ..Table::default()
        }
    }

    fn users_table() -> Table {
        Table {
            name: "users".into(),
            columns: vec![
                column("id", ColumnType::Integer, false),
                column("username", ColumnType::String(Some(64)), true),
                column("role_id", ColumnType::Integer, true),
                column("email", ColumnType::String(Some(32)), false).default_sql("''"),
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
            foreign_keys: vec![ForeignKey {
                name: None,
                columns: vec!["role_id".into()],
                referred_table: "roles".into(),
                referred_columns: vec!["id".into()],
                on_delete: FkAction::NoAction,
                on_update: FkAction::NoAction,
                ..Default::default()
            }],
            ..Table::default()
        }
    }

    #[test]
    fn seed_role_model_is_the_roles_table() {
        assert_eq!(Role::table(), roles_table());
    }

    #[test]
    fn seed_user_model_is_the_users_table_with_a_unique_username_index() {
        assert_eq!(User::table(), users_table());
    }

    #[test]
    fn models_macro_and_schema_of_gather_tables_by_name() {
        let schema = crate::models![Role, User];
        assert_eq!(schema.tables.keys().collect::<Vec<_>>(), ["roles", "users"]);
        assert_eq!(schema.table("roles"), Some(&roles_table()));
        assert_eq!(schema, schema_of([users_table(), roles_table()]));
        assert_eq!(crate::models![], Schema::new());
    }

    #[test]
    fn builder_builds_what_the_derive_declares() {
        let users = TableBuilder::new("users")
            .column(Column::new("id", ColumnType::Integer).not_null())
            .column(Column::new("username", ColumnType::String(Some(64))))
            .column(Column::new("role_id", ColumnType::Integer))
            .column(Column::new("email", ColumnType::String(Some(32))).not_null().default_sql("''"))
            .primary_key(["id"])
            .index("ix_users_username", ["username"], true)
            .foreign_key(["role_id"], "roles", ["id"])
            .build();
        assert_eq!(users, users_table());
    }

    #[test]
    fn builder_covers_every_table_part() {
        let fk = ForeignKey {
            name: Some("fk_a_b".into()),
            columns: vec!["b_id".into()],
            referred_table: "b".into(),
            referred_columns: vec!["id".into()],
            on_delete: FkAction::Cascade,
            on_update: FkAction::SetNull,
            ..Default::default()
        };
        let table = TableBuilder::new("a")
            .comment("things")
            .column(Column::new("x", ColumnType::Integer).not_null())
            .column(Column::new("y", ColumnType::Integer).not_null())
            .column(Column::new("b_id", ColumnType::Integer))
            .primary_key_named("pk_a", ["x", "y"])
            .unique(["b_id"])
            .unique_named("uq_a_y", ["y".to_string()])
            .foreign_key_with(fk.clone())
            .check("x > 0")
            .check_named("ck_a_y", "y < 10")
            .build();
        assert_eq!(table.comment.as_deref(), Some("things"));
        assert_eq!(
            table.primary_key,
            Some(PrimaryKey { name: Some("pk_a".into()), columns: vec!["x".into(), "y".into()] })
        );
        assert_eq!(
            table.unique_constraints,
            [
                UniqueConstraint { name: None, columns: vec!["b_id".into()], ..Default::default() },
                UniqueConstraint { name: Some("uq_a_y".into()), columns: vec!["y".into()], ..Default::default() },
            ]
        );
        assert_eq!(table.foreign_keys, [fk]);
        assert_eq!(
            table.check_constraints,
            [
                CheckConstraint { name: None, expression: "x > 0".into() },
                CheckConstraint { name: Some("ck_a_y".into()), expression: "y < 10".into() },
            ]
        );
    }

    /// Stand-ins for the crates' types: the derive only reads the last path segment.
    #[allow(dead_code)]
    mod ext {
        pub mod uuid {
            pub struct Uuid;
        }
        pub mod rust_decimal {
            pub struct Decimal;
        }
        pub mod serde_json {
            pub struct Value;
        }
        pub mod time {
            pub struct Date;
            pub struct Time;
            pub struct PrimitiveDateTime;
            pub struct OffsetDateTime;
        }
        pub type JsonValue = serde_json::Value;
    }

    #[derive(crate::Model)]
    #[alambic(table = "everything", comment = "one of each")]
    #[alambic(index(name = "ix_everything_pair", columns("small", "int"), unique))]
    #[alambic(index(columns("big")))]
    #[alambic(unique(name = "uq_everything_flag_text", columns("flag", "text")))]
    #[alambic(unique(columns("real")))]
    #[alambic(check(name = "ck_everything_small", expr = "small > 0"), check(expr = "int < 100"))]
    #[allow(dead_code)]
    struct Everything {
        #[alambic(primary_key, autoincrement, comment = "surrogate key")]
        id: i64,
        small: i16,
        int: Option<i32>,
        big: i64,
        flag: bool,
        text: String,
        real: f32,
        double: Option<f64>,
        bytes: Vec<u8>,
        naive_date: chrono::NaiveDate,
        date: ext::time::Date,
        naive_datetime: chrono::NaiveDateTime,
        primitive: ext::time::PrimitiveDateTime,
        utc: chrono::DateTime<chrono::Utc>,
        offset: ext::time::OffsetDateTime,
        naive_time: chrono::NaiveTime,
        time: ext::time::Time,
        uuid: Option<ext::uuid::Uuid>,
        #[alambic(precision = 10, scale = 2)]
        price: ext::rust_decimal::Decimal,
        #[alambic(precision = 8)]
        amount: ext::rust_decimal::Decimal,
        plain_decimal: ext::rust_decimal::Decimal,
        json: ext::serde_json::Value,
        json_value: Option<ext::JsonValue>,
        #[alambic(column = "type", length = 16, index)]
        kind: String,
        #[alambic(index = "ix_custom_nick")]
        nick: Option<String>,
        #[alambic(references = "owners.id", on_delete = "cascade", on_update = "set null")]
        owner_id: i32,
        #[alambic(references = "parents.code", on_delete = "SET DEFAULT", on_update = "restrict")]
        parent_code: Option<String>,
        #[alambic(check = "age >= 0", server_default = "0")]
        age: i32,
        #[alambic(sql_type = "CITEXT")]
        email: String,
        #[alambic(sql_type = "VARCHAR(10)")]
        code: Option<String>,
        #[alambic(sql_type = "BIGINT UNSIGNED")]
        counter: u64,
        #[alambic(enum_values("sad", "ok", "happy"), enum_name = "mood")]
        mood: String,
        #[alambic(enum_values("a", "b"))]
        letter: Option<Letter>,
        #[alambic(skip)]
        cache: std::collections::HashMap<String, String>,
        r#ref: i32,
    }

    #[allow(dead_code)]
    enum Letter {
        A,
        B,
    }

    #[test]
    fn every_field_type_maps_to_a_column_type() {
        use ColumnType as T;
        let table = Everything::table();
        let got: Vec<(&str, ColumnType, bool)> =
            table.columns.iter().map(|c| (c.name.as_str(), c.r#type.clone(), c.nullable)).collect();
        let enum_type = |name: Option<&str>, values: &[&str]| T::Enum {
            name: name.map(String::from),
            values: values.iter().map(|v| v.to_string()).collect(),
        };
        let (mood, letter) = (enum_type(Some("mood"), &["sad", "ok", "happy"]), enum_type(None, &["a", "b"]));
        let want: Vec<(&str, ColumnType, bool)> = vec![
            ("id", T::BigInteger, false),
            ("small", T::SmallInteger, false),
            ("int", T::Integer, true),
            ("big", T::BigInteger, false),
            ("flag", T::Boolean, false),
            ("text", T::String(None), false),
            ("real", T::Float, false),
            ("double", T::Double, true),
            ("bytes", T::Binary, false),
            ("naive_date", T::Date, false),
            ("date", T::Date, false),
            ("naive_datetime", T::DateTime { timezone: false }, false),
            ("primitive", T::DateTime { timezone: false }, false),
            ("utc", T::DateTime { timezone: true }, false),
            ("offset", T::DateTime { timezone: true }, false),
            ("naive_time", T::Time, false),
            ("time", T::Time, false),
            ("uuid", T::Uuid, true),
            ("price", T::Numeric(Some(10), Some(2)), false),
            ("amount", T::Numeric(Some(8), None), false),
            ("plain_decimal", T::Numeric(None, None), false),
            ("json", T::Json, false),
            ("json_value", T::Json, true),
            ("type", T::String(Some(16)), false),
            ("nick", T::String(None), true),
            ("owner_id", T::Integer, false),
            ("parent_code", T::String(None), true),
            ("age", T::Integer, false),
            ("email", T::Raw("CITEXT".into()), false),
            ("code", T::String(Some(10)), true),
            ("counter", T::Raw("BIGINT UNSIGNED".into()), false),
            ("mood", mood, false),
            ("letter", letter, true),
            ("ref", T::Integer, false),
        ];
        assert_eq!(got, want);
    }

    #[test]
    fn column_and_table_attributes_map_to_the_table() {
        let table = Everything::table();
        let id = table.column("id").expect("id");
        assert!(id.autoincrement);
        assert_eq!(id.comment.as_deref(), Some("surrogate key"));
        assert!(table.columns.iter().filter(|c| c.name != "id").all(|c| !c.autoincrement && c.comment.is_none()));
        assert_eq!(table.column("age").and_then(|c| c.server_default.as_deref()), Some("0"));
        assert_eq!(table.comment.as_deref(), Some("one of each"));
        assert_eq!(table.primary_key, Some(PrimaryKey { name: None, columns: vec!["id".into()] }));
    }

    #[test]
    fn index_and_unique_attributes_map_to_the_table() {
        let table = Everything::table();
        let index = |name: &str, columns: &[&str], unique: bool| Index {
            name: name.into(),
            columns: columns.iter().map(|c| c.to_string()).collect(),
            unique,
            descending: Vec::new(),
            predicate: None,
            ..Default::default()
        };
        assert_eq!(
            table.indexes,
            [
                index("ix_everything_type", &["type"], false),
                index("ix_custom_nick", &["nick"], false),
                index("ix_everything_pair", &["small", "int"], true),
                index("ix_everything_big", &["big"], false),
            ]
        );
        assert_eq!(
            table.unique_constraints,
            [
                UniqueConstraint {
                    name: Some("uq_everything_flag_text".into()),
                    columns: vec!["flag".into(), "text".into()],
                    ..Default::default()
                },
                UniqueConstraint { name: None, columns: vec!["real".into()], ..Default::default() },
            ]
        );
    }

    #[test]
    fn foreign_key_and_check_attributes_map_to_the_table() {
        let table = Everything::table();
        assert_eq!(
            table.foreign_keys,
            [
                ForeignKey {
                    name: None,
                    columns: vec!["owner_id".into()],
                    referred_table: "owners".into(),
                    referred_columns: vec!["id".into()],
                    on_delete: FkAction::Cascade,
                    on_update: FkAction::SetNull,
                    ..Default::default()
                },
                ForeignKey {
                    name: None,
                    columns: vec!["parent_code".into()],
                    referred_table: "parents".into(),
                    referred_columns: vec!["code".into()],
                    on_delete: FkAction::SetDefault,
                    on_update: FkAction::Restrict,
                    ..Default::default()
                },
            ]
        );
        assert_eq!(
            table.check_constraints,
            [
                CheckConstraint { name: None, expression: "age >= 0".into() },
                CheckConstraint { name: Some("ck_everything_small".into()), expression: "small > 0".into() },
                CheckConstraint { name: None, expression: "int < 100".into() },
            ]
        );
    }

    /// Default table name, composite primary key on the struct, nullable key fields.
    #[derive(crate::Model)]
    #[alambic(primary_key("user_id", "role_id"))]
    #[allow(dead_code)]
    struct UserRole {
        user_id: Option<i32>,
        role_id: i32,
        #[alambic(unique, index = "ix_named_unique")]
        label: String,
    }

    #[test]
    fn struct_name_in_snake_case_is_the_default_table_name() {
        let table = UserRole::table();
        assert_eq!(table.name, "user_role");
        assert_eq!(
            table.primary_key,
            Some(PrimaryKey { name: None, columns: vec!["user_id".into(), "role_id".into()] })
        );
        assert!(table.columns.iter().all(|c| !c.nullable), "key columns are NOT NULL even when Option");
        assert_eq!(
            table.indexes,
            [Index {
                name: "ix_named_unique".into(),
                columns: vec!["label".into()],
                unique: true,
                descending: Vec::new(),
                predicate: None,
                ..Default::default()
            }]
        );
        assert!(table.unique_constraints.is_empty());
    }

    /// Primary key marked on several fields: a composite key in field order.
    #[derive(crate::Model)]
    #[allow(dead_code)]
    struct Pair<T> {
        #[alambic(primary_key)]
        left: i64,
        #[alambic(primary_key)]
        right: i64,
        #[alambic(skip)]
        marker: std::marker::PhantomData<T>,
    }

    #[test]
    fn primary_key_on_several_fields_is_composite_and_generics_are_allowed() {
        let table = Pair::<u8>::table();
        assert_eq!(table.name, "pair");
        assert_eq!(table.columns.len(), 2);
        assert_eq!(table.primary_key, Some(PrimaryKey { name: None, columns: vec!["left".into(), "right".into()] }));
    }

    /// A model using every feature attribute: generated, identity, collation, character
    /// set, ON UPDATE, index options, deferrable keys, table options.
    #[derive(crate::Model)]
    #[alambic(
        table = "booking",
        charset = "utf8mb4",
        collation = "utf8mb4_bin",
        index(columns("room", "note"), desc("note"), nulls_first("room"), include("twice"), predicate = "room > 0"),
        index(name = "ix_booking_note_hash", columns("note"), method = "hash"),
        index(name = "uq_booking_pair", columns("room", "twice"), unique, nulls_not_distinct),
        unique(name = "uq_booking_note", columns("note"), nulls_not_distinct, initially_deferred),
        unique(columns("room", "note"), deferrable)
    )]
    #[allow(dead_code)]
    struct Booking {
        #[alambic(primary_key, identity(always, start = 10, increment = 5, min_value = -3, max_value = 1000, cycle))]
        id: i64,
        #[alambic(identity)]
        number: i32,
        #[alambic(references = "rooms.id", on_update = "cascade", deferrable, match_full)]
        room: Option<i32>,
        #[alambic(length = 64, collation = "utf8mb4_unicode_ci", charset = "utf8mb4")]
        note: Option<String>,
        #[alambic(generated = "room * 2", stored)]
        twice: Option<i32>,
        #[alambic(generated = "room + 1")]
        next_room: Option<i32>,
        #[alambic(sql_type = "TIMESTAMP", server_default = "CURRENT_TIMESTAMP", on_update = "CURRENT_TIMESTAMP")]
        changed: Option<String>,
        #[alambic(references = "rooms.id", initially_deferred)]
        other_room: Option<i32>,
    }

    #[test]
    fn feature_attributes_map_to_the_table() {
        use crate::schema::{Deferrable, Generated, Identity, Nulls};
        let t = Booking::table();
        assert_eq!((t.charset.as_deref(), t.collation.as_deref()), (Some("utf8mb4"), Some("utf8mb4_bin")));
        let id = t.column("id").expect("id");
        assert!(id.autoincrement && !id.nullable);
        let options = Identity {
            always: true,
            start: Some(10),
            increment: Some(5),
            min_value: Some(-3),
            max_value: Some(1000),
            cycle: true,
        };
        assert_eq!(id.identity, Some(options));
        let number = t.column("number").expect("number");
        assert!(number.autoincrement && number.identity.is_none());
        let note = t.column("note").expect("note");
        assert_eq!((note.collation.as_deref(), note.charset.as_deref()), (Some("utf8mb4_unicode_ci"), Some("utf8mb4")));
        let generated = |name: &str| t.column(name).and_then(|c| c.generated.clone());
        assert_eq!(generated("twice"), Some(Generated { expression: "room * 2".into(), stored: true }));
        assert_eq!(generated("next_room"), Some(Generated { expression: "room + 1".into(), stored: false }));
        let changed = t.column("changed").expect("changed");
        assert_eq!(changed.on_update.as_deref(), Some("CURRENT_TIMESTAMP"));
        assert_eq!(t.column("room").and_then(|c| c.on_update.clone()), None);
        assert_eq!(
            t.indexes,
            [
                Index {
                    name: "ix_booking_room_note".into(),
                    columns: vec!["room".into(), "note".into()],
                    descending: vec![false, true],
                    nulls: vec![Some(Nulls::First)],
                    include: vec!["twice".into()],
                    predicate: Some("room > 0".into()),
                    ..Default::default()
                },
                Index {
                    name: "ix_booking_note_hash".into(),
                    columns: vec!["note".into()],
                    method: Some("hash".into()),
                    ..Default::default()
                },
                Index {
                    name: "uq_booking_pair".into(),
                    columns: vec!["room".into(), "twice".into()],
                    unique: true,
                    nulls_not_distinct: true,
                    ..Default::default()
                },
            ]
        );
        assert_eq!(
            t.unique_constraints,
            [
                UniqueConstraint {
                    name: Some("uq_booking_note".into()),
                    columns: vec!["note".into()],
                    nulls_not_distinct: true,
                    deferrable: Some(Deferrable::Deferred),
                },
                UniqueConstraint {
                    name: None,
                    columns: vec!["room".into(), "note".into()],
                    nulls_not_distinct: false,
                    deferrable: Some(Deferrable::Immediate),
                },
            ]
        );
        let fk = |column: &str| t.foreign_keys.iter().find(|f| f.columns == [column]).cloned().expect("fk");
        assert_eq!(fk("room").on_update, crate::schema::FkAction::Cascade);
        assert_eq!((fk("room").deferrable, fk("room").match_full), (Some(Deferrable::Immediate), true));
        assert_eq!((fk("other_room").deferrable, fk("other_room").match_full), (Some(Deferrable::Deferred), false));
    }

    #[test]
    fn builder_takes_indexes_constraints_and_options_spelled_out() {
        use crate::schema::{ColumnType, ExclusionElement};
        let index =
            Index { name: "ix".into(), columns: vec!["a".into()], method: Some("gin".into()), ..Default::default() };
        let unique = UniqueConstraint { columns: vec!["a".into()], nulls_not_distinct: true, ..Default::default() };
        let exclusion = ExclusionConstraint {
            name: Some("no_overlap".into()),
            method: "gist".into(),
            elements: vec![ExclusionElement { expression: "a".into(), operator: "&&".into() }],
            ..Default::default()
        };
        let t = TableBuilder::new("t")
            .column(Column::new("a", ColumnType::Raw("tsrange".into())))
            .index_with(index.clone())
            .unique_with(unique.clone())
            .exclusion(exclusion.clone())
            .charset("latin1")
            .collation("latin1_bin")
            .build();
        assert_eq!(t.indexes, [index]);
        assert_eq!(t.unique_constraints, [unique]);
        assert_eq!(t.exclusion_constraints, [exclusion]);
        assert_eq!((t.charset.as_deref(), t.collation.as_deref()), (Some("latin1"), Some("latin1_bin")));
    }
}
