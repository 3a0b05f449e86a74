//! Operations to PostgreSQL DDL, offline: no connection, only the schema the operation is
//! applied to.
//!
//! Invariant: the statements for one operation leave the enum types in step with the
//! columns. Types the operation starts using are created before it runs; types no column
//! of the resulting schema uses any more are dropped after it; a rename of a table or
//! column renames the `<table>_<column>` type of its unnamed enums with it. An enum type of
//! its own (in [`Schema::types`]) counts as one the schema uses, so `create_type` and
//! `drop_type` of an enum type are rendered by these same statements and by nothing else
//! (domains are rendered in `domain.rs`).

use std::collections::BTreeMap;

use crate::dialect::{DialectError, DialectResult};
use crate::operation::{
    find_check, find_exclusion, find_foreign_key, find_unique, AddCheckConstraint, AddColumn, AddExclusionConstraint,
    AddForeignKey, AddUniqueConstraint, AlterColumn, CreateIndex, CreatePrimaryKey, DropCheckConstraint, DropColumn,
    DropExclusionConstraint, DropForeignKey, DropIndex, DropPrimaryKey, DropTable, DropUniqueConstraint, Operation,
    RenameTable, SetTableComment, SetTableOptions,
};
use crate::schema::{
    CheckConstraint, Column, ColumnType, Deferrable, ExclusionConstraint, FkAction, ForeignKey, Identity, Index,
    PrimaryKey, Schema, Table, TypeDef, UniqueConstraint,
};

use super::{enum_type_name, quote, render_plain_type, NAME};

/// Enum types used by a schema's columns, and its enum types of their own: type name →
/// labels. When columns sharing a type list different labels (one column was given
/// appended labels), the longer list wins: that is what the type holds once the labels
/// are added.
pub fn enum_types(schema: &Schema) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (name, def) in &schema.types {
        if let TypeDef::Enum(values) = def {
            out.insert(name.clone(), values.clone());
        }
    }
    for t in schema.tables.values() {
        for c in &t.columns {
            if let ColumnType::Enum { name, values } = &c.r#type {
                let known =
                    out.entry(enum_type_name(&t.name, &c.name, name.as_deref())).or_insert_with(|| values.clone());
                if values.len() > known.len() && values.starts_with(known) {
                    *known = values.clone();
                }
            }
        }
    }
    out
}

/// Renders one operation (see [`crate::dialect::Dialect::render`]): the statements that
/// keep the enum types in step around the operation's own statements.
///
/// An enum type that gains labels at the end gets `ALTER TYPE … ADD VALUE`; one that loses
/// or reorders labels is created anew and its columns converted.
///
/// Errors when the operation does not fit `before`, or when an unnamed constraint to drop
/// has no known name.
pub fn render(op: &Operation, before: &Schema) -> DialectResult<Vec<String>> {
    // Enum types need the schema after the operation; most migrations have none, and
    // copying the schema for every operation would make large upgrades quadratic.
    if !op_has_enum(op) && !schema_has_enum(before) {
        return render_main(op, before);
    }
    let mut after = before.clone();
    op.apply(&mut after)?;
    let (pre, post) = enum_type_statements(op, before, &after);
    let mut out = pre;
    out.extend(render_main(op, before)?);
    out.extend(post);
    Ok(out)
}

/// The statements that keep the enum types in step with the columns when `op` turns
/// `before` into `after`: those to run before the operation, and those to run after it.
fn enum_type_statements(op: &Operation, before: &Schema, after: &Schema) -> (Vec<String>, Vec<String>) {
    let mut old_types = enum_types(before);
    let mut new_types = enum_types(after);

    // Renames carry the types of unnamed enums with them.
    let mut pre = Vec::new();
    let mut retyped = Vec::new();
    for (from, to) in enum_renames(op, before) {
        pre.push(format!("ALTER TYPE {} RENAME TO {}", quote(&from), quote(&to)));
        old_types.remove(&from);
        new_types.remove(&to);
    }
    for (name, values) in &new_types {
        match old_types.get(name) {
            None => pre.push(create_enum_type(name, values)),
            Some(old) if old == values => {}
            Some(old) if values.starts_with(old) => {
                for v in &values[old.len()..] {
                    pre.push(format!("ALTER TYPE {} ADD VALUE {}", quote(name), literal(v)));
                }
            }
            Some(_) => {
                pre.extend(recreate_enum_type(name, values, before));
                retyped.push(replaced_enum_type_name(name));
            }
        }
    }
    let mut post: Vec<String> = retyped.iter().map(|old| format!("DROP TYPE {}", quote(old))).collect();
    for name in old_types.keys() {
        if !new_types.contains_key(name) {
            post.push(format!("DROP TYPE {}", quote(name)));
        }
    }
    (pre, post)
}

/// `CREATE TYPE name AS ENUM (…)`.
fn create_enum_type(name: &str, values: &[String]) -> String {
    format!(
        "CREATE TYPE {} AS ENUM ({})",
        quote(name),
        values.iter().map(|v| literal(v)).collect::<Vec<_>>().join(", ")
    )
}

/// The name an enum type is moved to while its replacement is created.
fn replaced_enum_type_name(name: &str) -> String {
    format!("_alambic_old_{name}")
}

/// PostgreSQL cannot drop or reorder labels: the type is made anew and every column using
/// it converted through text (which fails, and so rolls the revision back, when a row
/// holds a label that goes). The old type, renamed, is dropped after the operation.
fn recreate_enum_type(name: &str, values: &[String], before: &Schema) -> Vec<String> {
    let mut out = vec![
        format!("ALTER TYPE {} RENAME TO {}", quote(name), quote(&replaced_enum_type_name(name))),
        create_enum_type(name, values),
    ];
    for t in before.tables.values() {
        for c in &t.columns {
            let ColumnType::Enum { name: type_name, .. } = &c.r#type else { continue };
            if enum_type_name(&t.name, &c.name, type_name.as_deref()) != *name {
                continue;
            }
            let alter = format!("ALTER TABLE {} ALTER COLUMN {}", quote(&t.name), quote(&c.name));
            if c.server_default.is_some() {
                out.push(format!("{alter} DROP DEFAULT"));
            }
            out.push(format!("{alter} TYPE {} USING {}::text::{}", quote(name), quote(&c.name), quote(name)));
            if let Some(d) = &c.server_default {
                out.push(format!("{alter} SET DEFAULT {d}"));
            }
        }
    }
    out
}

/// Whether an operation brings an enum type with it (any operation on a named type counts).
fn op_has_enum(op: &Operation) -> bool {
    let is_enum = |t: &ColumnType| matches!(t, ColumnType::Enum { .. });
    match op {
        Operation::CreateType(_) | Operation::DropType(_) | Operation::AlterType(_) => true,
        Operation::CreateTable(t) => t.columns.iter().any(|c| is_enum(&c.r#type)),
        Operation::AddColumn(o) => is_enum(&o.column.r#type),
        Operation::AlterColumn(o) => o.r#type.as_ref().is_some_and(is_enum),
        _ => false,
    }
}

/// Whether the schema has an enum type of its own, or any column has an enum type.
fn schema_has_enum(schema: &Schema) -> bool {
    schema.types.values().any(|t| matches!(t, TypeDef::Enum(_)))
        || schema.tables.values().any(|t| t.columns.iter().any(|c| matches!(c.r#type, ColumnType::Enum { .. })))
}

/// `(old type, new type)` for unnamed enums whose derived name a rename changes.
fn enum_renames(op: &Operation, before: &Schema) -> Vec<(String, String)> {
    match op {
        Operation::RenameTable(o) => before
            .table(&o.from)
            .map(|t| {
                t.columns
                    .iter()
                    .filter(|c| matches!(c.r#type, ColumnType::Enum { name: None, .. }))
                    .map(|c| (enum_type_name(&o.from, &c.name, None), enum_type_name(&o.to, &c.name, None)))
                    .collect()
            })
            .unwrap_or_default(),
        Operation::AlterColumn(AlterColumn { table, name, rename: Some(new), r#type, .. }) => {
            let unnamed = before
                .table(table)
                .and_then(|t| t.column(name))
                .is_some_and(|c| matches!(c.r#type, ColumnType::Enum { name: None, .. }));
            let type_kept = r#type.is_none()
                || before.table(table).and_then(|t| t.column(name)).map(|c| &c.r#type) == r#type.as_ref();
            if unnamed && type_kept {
                vec![(enum_type_name(table, name, None), enum_type_name(table, new, None))]
            } else {
                Vec::new()
            }
        }
        _ => Vec::new(),
    }
}

fn literal(v: &str) -> String {
    format!("'{}'", v.replace('\'', "''"))
}

fn table_of<'a>(before: &'a Schema, name: &str) -> DialectResult<&'a Table> {
    before.table(name).ok_or_else(|| crate::operation::OperationError::NoSuchTable(name.to_string()).into())
}

fn quote_list(cols: &[String]) -> String {
    cols.iter().map(|c| quote(c)).collect::<Vec<_>>().join(", ")
}

/// The type of a column inside table `table`.
pub(super) fn column_type(table: &str, column: &str, ty: &ColumnType) -> String {
    match ty {
        ColumnType::Enum { name, .. } => quote(&enum_type_name(table, column, name.as_deref())),
        other => render_plain_type(other),
    }
}

/// `"name" TYPE [COLLATE "c"] [GENERATED … AS IDENTITY (…) | GENERATED ALWAYS AS (…) STORED |
/// DEFAULT x] [NOT NULL]`.
///
/// Errors for what PostgreSQL has no words for: a character set, `ON UPDATE`, a generated
/// column that is not stored, autoincrement on a type that is not an integer.
fn column_definition(table: &str, c: &Column) -> DialectResult<String> {
    mysql_only_column_attributes(table, c)?;
    let mut s = format!("{} {}", quote(&c.name), column_type(table, &c.name, &c.r#type));
    if let Some(collation) = &c.collation {
        s.push_str(&format!(" COLLATE {}", quote(collation)));
    }
    if c.autoincrement || c.identity.is_some() {
        if !c.r#type.is_integer() {
            return Err(DialectError::Unsupported {
                dialect: NAME,
                what: format!("autoincrement on the {} column {table}.{}", c.r#type, c.name),
            });
        }
        s.push(' ');
        s.push_str(&identity_clause(c.identity.as_ref()));
    } else if let Some(g) = &c.generated {
        if !g.stored {
            return Err(DialectError::Unsupported {
                dialect: NAME,
                what: format!("the virtual (not stored) generated column {table}.{}", c.name),
            });
        }
        s.push_str(&format!(" GENERATED ALWAYS AS ({}) STORED", g.expression));
    } else if let Some(d) = &c.server_default {
        s.push_str(&format!(" DEFAULT {d}"));
    }
    if !c.nullable {
        s.push_str(" NOT NULL");
    }
    Ok(s)
}

/// A character set or `ON UPDATE` on a column: MySQL's, which PostgreSQL cannot express.
fn mysql_only_column_attributes(table: &str, c: &Column) -> DialectResult<()> {
    let what = if c.charset.is_some() {
        "a character set"
    } else if c.on_update.is_some() {
        "an ON UPDATE value"
    } else {
        return Ok(());
    };
    Err(DialectError::Unsupported { dialect: NAME, what: format!("{what} on column {table}.{}", c.name) })
}

/// `GENERATED {ALWAYS | BY DEFAULT} AS IDENTITY [(options)]`.
fn identity_clause(identity: Option<&Identity>) -> String {
    let default = Identity::default();
    let identity = identity.unwrap_or(&default);
    let kind = if identity.always { "ALWAYS" } else { "BY DEFAULT" };
    let options = identity_options(identity);
    if options.is_empty() {
        format!("GENERATED {kind} AS IDENTITY")
    } else {
        format!("GENERATED {kind} AS IDENTITY ({})", options.join(" "))
    }
}

/// The sequence options an identity sets apart from the defaults.
fn identity_options(identity: &Identity) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(n) = identity.start {
        out.push(format!("START WITH {n}"));
    }
    if let Some(n) = identity.increment {
        out.push(format!("INCREMENT BY {n}"));
    }
    if let Some(n) = identity.min_value {
        out.push(format!("MINVALUE {n}"));
    }
    if let Some(n) = identity.max_value {
        out.push(format!("MAXVALUE {n}"));
    }
    if identity.cycle {
        out.push("CYCLE".into());
    }
    out
}

/// `SET GENERATED … SET INCREMENT BY … SET START WITH … SET [NO] MINVALUE … SET [NO] CYCLE`:
/// every option of an identity column set to `identity`'s (a `None` option back to its
/// default).
fn set_identity(alter: &str, identity: &Identity) -> String {
    let step = identity.increment.unwrap_or(1);
    let bound = |name: &str, v: Option<i64>| match v {
        Some(n) => format!("SET {name} {n}"),
        None => format!("SET NO {name}"),
    };
    let start = identity_start(identity);
    format!(
        "{alter} SET GENERATED {} SET INCREMENT BY {step} {} {} SET START WITH {start} SET {}",
        if identity.always { "ALWAYS" } else { "BY DEFAULT" },
        bound("MINVALUE", identity.min_value),
        bound("MAXVALUE", identity.max_value),
        if identity.cycle { "CYCLE" } else { "NO CYCLE" },
    )
}

/// `[CONSTRAINT name] PRIMARY KEY (…)`.
fn primary_key_clause(pk: &PrimaryKey) -> String {
    named(&pk.name, format!("PRIMARY KEY ({})", quote_list(&pk.columns)))
}

/// `[CONSTRAINT name] UNIQUE [NULLS NOT DISTINCT] (…) [DEFERRABLE …]`.
fn unique_clause(u: &UniqueConstraint) -> String {
    let nulls = if u.nulls_not_distinct { "NULLS NOT DISTINCT " } else { "" };
    named(&u.name, format!("UNIQUE {nulls}({}){}", quote_list(&u.columns), deferrable_suffix(u.deferrable)))
}

/// ` DEFERRABLE INITIALLY …`, or nothing for a constraint checked at once.
fn deferrable_suffix(deferrable: Option<Deferrable>) -> String {
    deferrable.map(|d| format!(" {}", d.sql())).unwrap_or_default()
}

/// `[CONSTRAINT name] EXCLUDE USING method (element WITH op, …) [WHERE (…)] [DEFERRABLE …]`.
fn exclusion_clause(table: &Table, x: &ExclusionConstraint) -> String {
    let elements = x
        .elements
        .iter()
        .map(|e| format!("{} WITH {}", index_key(table, &e.expression), e.operator))
        .collect::<Vec<_>>()
        .join(", ");
    let predicate = x.predicate.as_ref().map(|p| format!(" WHERE ({p})")).unwrap_or_default();
    named(&x.name, format!("EXCLUDE USING {} ({elements}){predicate}{}", x.method, deferrable_suffix(x.deferrable)))
}

/// `[CONSTRAINT name] CHECK (…)`.
fn check_clause(ck: &CheckConstraint) -> String {
    named(&ck.name, format!("CHECK ({})", ck.expression))
}

/// `[CONSTRAINT name] FOREIGN KEY (…) REFERENCES t (…) [MATCH FULL] [ON DELETE …] [ON UPDATE …]
/// [DEFERRABLE …]`.
fn foreign_key_clause(fk: &ForeignKey) -> String {
    let mut s = format!(
        "FOREIGN KEY ({}) REFERENCES {} ({})",
        quote_list(&fk.columns),
        quote(&fk.referred_table),
        quote_list(&fk.referred_columns)
    );
    if fk.match_full {
        s.push_str(" MATCH FULL");
    }
    if fk.on_delete != FkAction::NoAction {
        s.push_str(&format!(" ON DELETE {}", fk.on_delete.sql()));
    }
    if fk.on_update != FkAction::NoAction {
        s.push_str(&format!(" ON UPDATE {}", fk.on_update.sql()));
    }
    s.push_str(&deferrable_suffix(fk.deferrable));
    named(&fk.name, s)
}

/// `CONSTRAINT name <body>`, or the body alone for an unnamed constraint.
fn named(name: &Option<String>, body: String) -> String {
    match name {
        Some(n) => format!("CONSTRAINT {} {body}", quote(n)),
        None => body,
    }
}

/// An index key: a column name quoted, anything else an expression in parentheses.
fn index_key(table: &Table, entry: &str) -> String {
    if table.column(entry).is_some() {
        quote(entry)
    } else {
        format!("({entry})")
    }
}

/// Index entries: `key [opclass] [DESC] [NULLS FIRST | LAST]`, NULLs said only where they
/// differ from the direction's default.
fn index_entries(table: &Table, index: &Index) -> String {
    let entry = |k: usize, e: &String| {
        let mut s = index_key(table, e);
        if let Some(class) = index.operator_class(k) {
            s.push(' ');
            s.push_str(class);
        }
        if index.is_descending(k) {
            s.push_str(" DESC");
        }
        match (index.is_descending(k), index.nulls_first(k)) {
            (false, true) => s.push_str(" NULLS FIRST"),
            (true, false) => s.push_str(" NULLS LAST"),
            _ => {}
        }
        s
    };
    index.columns.iter().enumerate().map(|(k, e)| entry(k, e)).collect::<Vec<_>>().join(", ")
}

/// PostgreSQL has no prefix keys: an index declaring one (`title(255)`) is an error naming it.
fn no_prefix_key(t: &Table, index: &Index) -> DialectResult<()> {
    match index.prefix_key(t) {
        Some((column, length)) => Err(DialectError::Unsupported {
            dialect: NAME,
            what: format!("the prefix key {column}({length}) of index '{}' on '{}'", index.name, t.name),
        }),
        None => Ok(()),
    }
}

/// `CREATE [UNIQUE] INDEX name ON table [USING method] (…) [INCLUDE (…)] [NULLS NOT DISTINCT]
/// [WHERE …]`.
pub(super) fn index_statement(table: &Table, index: &Index) -> String {
    format!(
        "CREATE {}INDEX {} ON {}{} ({}){}{}{}",
        if index.unique { "UNIQUE " } else { "" },
        quote(&index.name),
        quote(&table.name),
        index.method.as_ref().map(|m| format!(" USING {m}")).unwrap_or_default(),
        index_entries(table, index),
        if index.include.is_empty() { String::new() } else { format!(" INCLUDE ({})", quote_list(&index.include)) },
        if index.nulls_not_distinct { " NULLS NOT DISTINCT" } else { "" },
        index.predicate.as_ref().map(|p| format!(" WHERE {p}")).unwrap_or_default()
    )
}

/// An index PostgreSQL cannot build: a prefix key, or a MySQL-only method.
fn unsupported_index(t: &Table, index: &Index) -> DialectResult<()> {
    no_prefix_key(t, index)?;
    match index.method.as_deref() {
        Some("fulltext" | "spatial") => Err(DialectError::Unsupported {
            dialect: NAME,
            what: format!(
                "the {} method of index '{}' on '{}'",
                index.method.as_deref().unwrap_or(""),
                index.name,
                t.name
            ),
        }),
        _ => Ok(()),
    }
}

fn comment_literal(comment: &Option<String>) -> String {
    comment.as_deref().map(literal).unwrap_or_else(|| "NULL".into())
}

fn comment_on_column(table: &str, column: &str, comment: &Option<String>) -> String {
    format!("COMMENT ON COLUMN {}.{} IS {}", quote(table), quote(column), comment_literal(comment))
}

fn missing_name(kind: &str, table: &str, what: &str) -> DialectError {
    DialectError::Unsupported {
        dialect: NAME,
        what: format!(
            "dropping the unnamed {kind} on {table} {what}: its name is unknown; give the constraint's name in the script"
        ),
    }
}

/// `ALTER TABLE t DROP CONSTRAINT name`.
fn drop_constraint(table: &str, name: &str) -> String {
    format!("ALTER TABLE {} DROP CONSTRAINT {}", quote(table), quote(name))
}

/// The statement that drops a table's primary key, whatever PostgreSQL named it.
fn drop_primary_key_statement(table: &Table, name: Option<&str>) -> String {
    match name.or(table.primary_key.as_ref().and_then(|pk| pk.name.as_deref())) {
        Some(n) => drop_constraint(&table.name, n),
        // One primary key per table: its name is in the catalog.
        None => format!(
            "DO $$ DECLARE n name; BEGIN SELECT conname INTO STRICT n FROM pg_catalog.pg_constraint \
             WHERE conrelid = {}::regclass AND contype = 'p'; \
             EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', {}, n); END $$",
            literal(&quote(&table.name)),
            literal(&table.name)
        ),
    }
}

/// The statements of the operation itself (enum types aside), each operation in its own
/// function. `execute` is the same on every database and is rendered by the core
/// ([`crate::dialect::render_operation`]), which this hands it back to.
fn render_main(op: &Operation, before: &Schema) -> DialectResult<Vec<String>> {
    match op {
        Operation::CreateTable(o) => create_table(o, before),
        Operation::DropTable(o) => drop_table(o, before),
        Operation::RenameTable(o) => rename_table(o, before),
        Operation::AddColumn(o) => add_column(o, before),
        Operation::DropColumn(o) => drop_column(o, before),
        Operation::AlterColumn(o) => alter_column(o, before),
        Operation::CreateIndex(o) => create_index(o, before),
        Operation::DropIndex(o) => drop_index(o, before),
        Operation::CreatePrimaryKey(o) => create_primary_key(o, before),
        Operation::DropPrimaryKey(o) => drop_primary_key(o, before),
        Operation::AddUniqueConstraint(o) => add_unique_constraint(o, before),
        Operation::DropUniqueConstraint(o) => drop_unique_constraint(o, before),
        Operation::AddForeignKey(o) => add_foreign_key(o, before),
        Operation::DropForeignKey(o) => drop_foreign_key(o, before),
        Operation::AddCheckConstraint(o) => add_check_constraint(o, before),
        Operation::DropCheckConstraint(o) => drop_check_constraint(o, before),
        Operation::AddExclusionConstraint(o) => add_exclusion_constraint(o, before),
        Operation::DropExclusionConstraint(o) => drop_exclusion_constraint(o, before),
        Operation::SetTableComment(o) => set_table_comment(o, before),
        Operation::SetTableOptions(o) => set_table_options(o, before),
        Operation::CreateType(o) => super::domain::create_type(o, before),
        Operation::DropType(o) => super::domain::drop_type(o, before),
        Operation::AlterType(o) => super::domain::alter_type(o, before),
        Operation::Execute(_) => crate::dialect::render_operation(&super::PostgresDialect, op, before),
    }
}

/// `CREATE TABLE`, then its indexes and its comments.
fn create_table(t: &Table, _before: &Schema) -> DialectResult<Vec<String>> {
    if t.charset.is_some() || t.collation.is_some() {
        return Err(table_options_unsupported(&t.name));
    }
    let mut items = Vec::new();
    for c in &t.columns {
        items.push(column_definition(&t.name, c)?);
    }
    items.extend(t.primary_key.as_ref().map(primary_key_clause));
    items.extend(t.unique_constraints.iter().map(unique_clause));
    items.extend(t.foreign_keys.iter().map(foreign_key_clause));
    items.extend(t.check_constraints.iter().map(check_clause));
    items.extend(t.exclusion_constraints.iter().map(|x| exclusion_clause(t, x)));
    for index in &t.indexes {
        unsupported_index(t, index)?;
    }
    let mut out = vec![format!("CREATE TABLE {} (\n    {}\n)", quote(&t.name), items.join(",\n    "))];
    out.extend(t.indexes.iter().map(|i| index_statement(t, i)));
    if t.comment.is_some() {
        out.push(format!("COMMENT ON TABLE {} IS {}", quote(&t.name), comment_literal(&t.comment)));
    }
    for c in t.columns.iter().filter(|c| c.comment.is_some()) {
        out.push(comment_on_column(&t.name, &c.name, &c.comment));
    }
    Ok(out)
}

fn drop_table(o: &DropTable, _before: &Schema) -> DialectResult<Vec<String>> {
    Ok(vec![format!("DROP TABLE {}", quote(&o.name))])
}

fn rename_table(o: &RenameTable, _before: &Schema) -> DialectResult<Vec<String>> {
    Ok(vec![format!("ALTER TABLE {} RENAME TO {}", quote(&o.from), quote(&o.to))])
}

fn add_column(o: &AddColumn, before: &Schema) -> DialectResult<Vec<String>> {
    table_of(before, &o.table)?;
    let mut out =
        vec![format!("ALTER TABLE {} ADD COLUMN {}", quote(&o.table), column_definition(&o.table, &o.column)?)];
    if o.column.comment.is_some() {
        out.push(comment_on_column(&o.table, &o.column.name, &o.column.comment));
    }
    Ok(out)
}

fn drop_column(o: &DropColumn, _before: &Schema) -> DialectResult<Vec<String>> {
    Ok(vec![format!("ALTER TABLE {} DROP COLUMN {}", quote(&o.table), quote(&o.name))])
}

fn create_index(o: &CreateIndex, before: &Schema) -> DialectResult<Vec<String>> {
    let t = table_of(before, &o.table)?;
    unsupported_index(t, &o.index)?;
    Ok(vec![index_statement(t, &o.index)])
}

fn drop_index(o: &DropIndex, _before: &Schema) -> DialectResult<Vec<String>> {
    Ok(vec![format!("DROP INDEX {}", quote(&o.name))])
}

/// Adds the key, dropping the one the table has first.
fn create_primary_key(o: &CreatePrimaryKey, before: &Schema) -> DialectResult<Vec<String>> {
    let t = table_of(before, &o.table)?;
    let mut out = Vec::new();
    if t.primary_key.is_some() {
        out.push(drop_primary_key_statement(t, None));
    }
    out.push(format!("ALTER TABLE {} ADD {}", quote(&o.table), primary_key_clause(&o.primary_key)));
    Ok(out)
}

fn drop_primary_key(o: &DropPrimaryKey, before: &Schema) -> DialectResult<Vec<String>> {
    Ok(vec![drop_primary_key_statement(table_of(before, &o.table)?, o.name.as_deref())])
}

fn add_unique_constraint(o: &AddUniqueConstraint, _before: &Schema) -> DialectResult<Vec<String>> {
    Ok(vec![format!("ALTER TABLE {} ADD {}", quote(&o.table), unique_clause(&o.constraint))])
}

fn drop_unique_constraint(o: &DropUniqueConstraint, before: &Schema) -> DialectResult<Vec<String>> {
    let t = table_of(before, &o.table)?;
    let name = o
        .name
        .clone()
        .or_else(|| find_unique(t, &None, &o.columns).and_then(|i| t.unique_constraints[i].name.clone()))
        .ok_or_else(|| missing_name("unique constraint", &o.table, &format!("({})", o.columns.join(", "))))?;
    Ok(vec![drop_constraint(&o.table, &name)])
}

fn add_foreign_key(o: &AddForeignKey, _before: &Schema) -> DialectResult<Vec<String>> {
    Ok(vec![format!("ALTER TABLE {} ADD {}", quote(&o.table), foreign_key_clause(&o.foreign_key))])
}

fn drop_foreign_key(o: &DropForeignKey, before: &Schema) -> DialectResult<Vec<String>> {
    let t = table_of(before, &o.table)?;
    let name = o
        .name
        .clone()
        .or_else(|| find_foreign_key(t, &None, &o.columns).and_then(|i| t.foreign_keys[i].name.clone()))
        .ok_or_else(|| missing_name("foreign key", &o.table, &format!("({})", o.columns.join(", "))))?;
    Ok(vec![drop_constraint(&o.table, &name)])
}

fn add_check_constraint(o: &AddCheckConstraint, _before: &Schema) -> DialectResult<Vec<String>> {
    Ok(vec![format!("ALTER TABLE {} ADD {}", quote(&o.table), check_clause(&o.check))])
}

fn drop_check_constraint(o: &DropCheckConstraint, before: &Schema) -> DialectResult<Vec<String>> {
    let t = table_of(before, &o.table)?;
    let name = o
        .name
        .clone()
        .or_else(|| find_check(t, &None, &o.expression).and_then(|i| t.check_constraints[i].name.clone()))
        .ok_or_else(|| {
            missing_name("check constraint", &o.table, &format!("({})", o.expression.clone().unwrap_or_default()))
        })?;
    Ok(vec![drop_constraint(&o.table, &name)])
}

fn set_table_comment(o: &SetTableComment, _before: &Schema) -> DialectResult<Vec<String>> {
    Ok(vec![format!("COMMENT ON TABLE {} IS {}", quote(&o.table), comment_literal(&o.comment))])
}

/// `DROP IDENTITY`, then the default the model keeps for when the identity goes.
fn drop_identity(alter: &str, keep_default: Option<&str>) -> Vec<String> {
    let mut out = vec![format!("{alter} DROP IDENTITY IF EXISTS")];
    if let Some(d) = keep_default {
        out.push(format!("{alter} SET DEFAULT {d}"));
    }
    out
}

/// `ADD GENERATED … AS IDENTITY (…)`, with the default dropped and NOT NULL set first when
/// the column has them, and the sequence moved past the rows already there (never below its
/// start).
fn add_identity(
    alter: &str,
    table: &str,
    column: &str,
    identity: Option<&Identity>,
    drop_default: bool,
    set_not_null: bool,
) -> Vec<String> {
    let mut out = Vec::new();
    // An identity has no default; the model keeps it for when the identity goes.
    if drop_default {
        out.push(format!("{alter} DROP DEFAULT"));
    }
    if set_not_null {
        out.push(format!("{alter} SET NOT NULL"));
    }
    out.push(format!("{alter} ADD {}", identity_clause(identity)));
    if identity.and_then(|i| i.increment).unwrap_or(1) > 0 {
        out.push(format!(
            "SELECT setval(pg_get_serial_sequence({}, {}), GREATEST(MAX({}) + 1, {}), false) FROM {} \
             HAVING MAX({}) IS NOT NULL",
            literal(&quote(table)),
            literal(column),
            quote(column),
            identity.map_or(1, identity_start),
            quote(table),
            quote(column)
        ));
    }
    out
}

/// Whether `column` of `table` is a serial column (a `nextval` default from a sequence it
/// owns) rather than an identity: the model holds both as autoincrement, and only the
/// database knows which one a column it did not create is.
fn is_serial(table: &str, column: &str) -> String {
    format!(
        "NOT EXISTS (SELECT FROM pg_catalog.pg_attribute WHERE attrelid = {}::regclass AND attname = {} \
         AND attidentity <> '') AND pg_get_serial_sequence({}, {}) IS NOT NULL",
        literal(&quote(table)),
        literal(column),
        literal(&quote(table)),
        literal(column)
    )
}

/// A serial column made an identity column with `identity`'s options: its `nextval`
/// default and the sequence it owns go, and the identity's sequence continues after the
/// highest value already there. Nothing happens to a column that is an identity already.
fn serial_to_identity(alter: &str, table: &str, column: &str, identity: &Identity) -> String {
    let sequence = format!("pg_get_serial_sequence({}, {})", literal(&quote(table)), literal(column));
    let step = identity.increment.unwrap_or(1);
    let next = if step > 0 {
        format!("GREATEST(MAX({0}) + 1, {1})", quote(column), identity_start(identity))
    } else {
        format!("LEAST(MIN({0}) - 1, {1})", quote(column), identity_start(identity))
    };
    format!(
        "DO $alambic$ DECLARE serial_sequence text := {sequence}; BEGIN IF {} THEN \
         EXECUTE {}; EXECUTE format('DROP SEQUENCE %s', serial_sequence); EXECUTE {}; \
         PERFORM setval({sequence}, {next}, false) FROM {} HAVING COUNT({}) > 0; END IF; END $alambic$",
        is_serial(table, column),
        literal(&format!("{alter} DROP DEFAULT")),
        literal(&format!("{alter} ADD {}", identity_clause(Some(identity)))),
        quote(table),
        quote(column)
    )
}

/// A serial column's `nextval` default and the sequence it owns dropped; nothing happens
/// to an identity column (its `DROP IDENTITY` follows).
fn drop_serial(table: &str, column: &str) -> String {
    format!(
        "DO $alambic$ DECLARE serial_sequence text := pg_get_serial_sequence({}, {}); BEGIN IF {} THEN \
         EXECUTE {}; EXECUTE format('DROP SEQUENCE %s', serial_sequence); END IF; END $alambic$",
        literal(&quote(table)),
        literal(column),
        is_serial(table, column),
        literal(&format!("ALTER TABLE {} ALTER COLUMN {} DROP DEFAULT", quote(table), quote(column)))
    )
}

/// The identity options changed from `from` to `to`. A change of start or bounds restarts
/// the sequence at the new start, then moves it past the rows already there, so that the
/// sequence's current value never falls outside the new bounds and no value is given twice.
fn change_identity(alter: &str, table: &str, column: &str, from: Option<&Identity>, to: &Identity) -> Vec<String> {
    let default = Identity::default();
    let from = from.unwrap_or(&default);
    let moved =
        identity_start(from) != identity_start(to) || from.min_value != to.min_value || from.max_value != to.max_value;
    let mut out = vec![set_identity(alter, to)];
    if !moved {
        return out;
    }
    out[0].push_str(" RESTART");
    let sequence = format!("pg_get_serial_sequence({}, {})", literal(&quote(table)), literal(column));
    let (extreme, next) = if to.increment.unwrap_or(1) > 0 { ("MAX", "GREATEST") } else { ("MIN", "LEAST") };
    let sign = if extreme == "MAX" { "+" } else { "-" };
    out.push(format!(
        "SELECT setval({sequence}, {next}({extreme}({col}) {sign} 1, {}), false) FROM {} HAVING COUNT({col}) > 0",
        identity_start(to),
        quote(table),
        col = quote(column)
    ));
    out
}

/// The first value of an identity's sequence.
fn identity_start(identity: &Identity) -> i64 {
    let step = identity.increment.unwrap_or(1);
    identity.start.unwrap_or(if step > 0 { identity.min_value.unwrap_or(1) } else { identity.max_value.unwrap_or(-1) })
}

/// One statement per changed attribute, the rename last (the others name the old column).
/// An identity is dropped before its NOT NULL is, and added after.
fn alter_column(o: &AlterColumn, before: &Schema) -> DialectResult<Vec<String>> {
    let t = table_of(before, &o.table)?;
    let c = t.column(&o.name).ok_or_else(|| crate::operation::OperationError::NoSuchColumn {
        table: o.table.clone(),
        column: o.name.clone(),
    })?;
    let alter = format!("ALTER TABLE {} ALTER COLUMN {}", quote(&o.table), quote(&o.name));
    let final_name = o.rename.as_deref().unwrap_or(&o.name);
    let mut out = Vec::new();

    let new_type = o.r#type.as_ref().map(|ty| column_type(&o.table, final_name, ty));
    let old_type = column_type(&o.table, &o.name, &c.r#type);
    let type_changes = new_type.as_ref().is_some_and(|n| *n != old_type);
    // The default was written for the old type; it is put back once the type has changed.
    let keep_default = if o.drop_server_default { None } else { o.server_default.clone().or(c.server_default.clone()) };
    // An identity column has no live default (the model may keep one for when it goes).
    let identity_after = o.autoincrement.unwrap_or(c.autoincrement);
    let live_default = c.server_default.is_some() && !c.autoincrement;
    if type_changes && live_default {
        out.push(format!("{alter} DROP DEFAULT"));
    }
    if let (true, Some(ty)) = (type_changes, &new_type) {
        // Enums cast only to and from text, so a change that involves one goes through it.
        let is_enum = |t: &ColumnType| matches!(t, ColumnType::Enum { .. });
        let via_text = if is_enum(&c.r#type) || o.r#type.as_ref().is_some_and(is_enum) { "::text" } else { "" };
        out.push(format!("{alter} TYPE {ty} USING {}{via_text}::{ty}", quote(&o.name)));
    }
    if o.drop_server_default && !(type_changes && live_default) && !c.autoincrement {
        out.push(format!("{alter} DROP DEFAULT"));
    }
    if !identity_after {
        if let Some(d) = keep_default.as_ref().filter(|_| (type_changes && live_default) || o.server_default.is_some())
        {
            out.push(format!("{alter} SET DEFAULT {d}"));
        }
    }
    if identity_after && o.nullable == Some(true) {
        return Err(DialectError::Unsupported {
            dialect: NAME,
            what: format!("a nullable identity column {}.{} (an identity column is always NOT NULL)", o.table, o.name),
        });
    }
    // The identity goes before the NOT NULL it holds can be dropped.
    if o.autoincrement == Some(false) && c.autoincrement {
        if c.identity.is_none() {
            out.push(drop_serial(&o.table, &o.name));
        }
        out.extend(drop_identity(&alter, keep_default.as_deref()));
    }
    match o.nullable {
        Some(false) => out.push(format!("{alter} SET NOT NULL")),
        Some(true) => out.push(format!("{alter} DROP NOT NULL")),
        None => {}
    }
    if o.autoincrement == Some(true) && !c.autoincrement {
        let drop_default = live_default && !type_changes;
        let set_not_null = c.nullable && o.nullable != Some(false);
        let identity = o.identity.as_ref().or(c.identity.as_ref());
        out.extend(add_identity(&alter, &o.table, &o.name, identity, drop_default, set_not_null));
    } else if let (Some(identity), true) = (&o.identity, identity_after) {
        if c.identity.is_none() {
            out.push(serial_to_identity(&alter, &o.table, &o.name, identity));
        }
        out.extend(change_identity(&alter, &o.table, &o.name, c.identity.as_ref(), identity));
    }
    let ty = new_type.unwrap_or(old_type);
    out.extend(alter_column_attributes(o, &alter, &ty)?);
    Ok(out)
}

/// The statements for a column's collation, comment and name (the rename last: the others
/// name the old column). A character set or `ON UPDATE` is an error: PostgreSQL has neither.
fn alter_column_attributes(o: &AlterColumn, alter: &str, ty: &str) -> DialectResult<Vec<String>> {
    let mysql_only = if o.charset.is_some() {
        Some("a character set")
    } else {
        o.on_update.is_some().then_some("an ON UPDATE value")
    };
    if let Some(what) = mysql_only {
        return Err(DialectError::Unsupported {
            dialect: NAME,
            what: format!("{what} on column {}.{}", o.table, o.name),
        });
    }
    let mut out = Vec::new();
    if let Some(collation) = &o.collation {
        out.push(format!("{alter} TYPE {ty} COLLATE {}", quote(collation)));
    } else if o.drop_collation {
        out.push(format!("{alter} TYPE {ty} COLLATE \"default\""));
    }
    if o.comment.is_some() || o.drop_comment {
        let comment = if o.drop_comment && o.comment.is_none() { None } else { o.comment.clone() };
        out.push(comment_on_column(&o.table, &o.name, &comment));
    }
    if let Some(new) = &o.rename {
        out.push(format!("ALTER TABLE {} RENAME COLUMN {} TO {}", quote(&o.table), quote(&o.name), quote(new)));
    }
    Ok(out)
}

fn add_exclusion_constraint(o: &AddExclusionConstraint, before: &Schema) -> DialectResult<Vec<String>> {
    let t = table_of(before, &o.table)?;
    Ok(vec![format!("ALTER TABLE {} ADD {}", quote(&o.table), exclusion_clause(t, &o.constraint))])
}

/// Dropped by its name, or, for one declared without a name, by the name PostgreSQL gave it,
/// found in `before` by its elements.
fn drop_exclusion_constraint(o: &DropExclusionConstraint, before: &Schema) -> DialectResult<Vec<String>> {
    let found = before
        .table(&o.table)
        .and_then(|t| find_exclusion(t, &o.name, &o.elements).and_then(|i| t.exclusion_constraints[i].name.clone()));
    match found.or_else(|| o.name.clone()) {
        Some(name) => Ok(vec![drop_constraint(&o.table, &name)]),
        None => Err(DialectError::Unsupported {
            dialect: NAME,
            what: format!("dropping an unnamed exclusion constraint on {} whose database name is unknown", o.table),
        }),
    }
}

fn set_table_options(o: &SetTableOptions, _before: &Schema) -> DialectResult<Vec<String>> {
    Err(table_options_unsupported(&o.table))
}

/// A table's default character set or collation: MySQL's table options.
fn table_options_unsupported(table: &str) -> DialectError {
    DialectError::Unsupported { dialect: NAME, what: format!("a table character set or collation on {table}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_prefix_key_is_an_error_naming_the_index() {
        let mut t = Table::new("notes");
        t.columns = vec![Column::new("title", ColumnType::Text)];
        let mut before = Schema::new();
        before.insert(t.clone());
        let index = Index {
            name: "ix_notes_title".into(),
            columns: vec!["title(255)".into()],
            unique: false,
            descending: Vec::new(),
            predicate: None,
            ..Default::default()
        };
        let create_index = Operation::CreateIndex(CreateIndex { table: "notes".into(), index: index.clone() });
        t.indexes = vec![index];
        for (op, before) in [(create_index, before), (Operation::CreateTable(t), Schema::new())] {
            let err = render(&op, &before).expect_err("prefix keys are unsupported").to_string();
            assert!(err.contains("title(255)") && err.contains("ix_notes_title"), "{err}");
        }
    }
}
