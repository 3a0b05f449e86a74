//! Operations to PostgreSQL DDL, offline: no connection, only the schema the operation is
//! applied to.
//!
//! Invariant: the statements for one operation leave the enum types in step with the
//! columns. Types the operation starts using are created before it runs; types no column
//! of the resulting schema uses any more are dropped after it; a rename of a table or
//! column renames the `<table>_<column>` type of its unnamed enums with it.

use std::collections::BTreeMap;

use crate::dialect::{DialectError, DialectResult};
use crate::operation::{find_check, find_foreign_key, find_unique, AlterColumn, Operation};
use crate::schema::{Column, ColumnType, FkAction, ForeignKey, Schema, Table};

use super::{enum_type_name, quote, render_plain_type, NAME};

/// Enum types used by a schema's columns: type name → labels. When columns sharing a
/// type list different labels (one column was given appended labels), the longer list
/// wins: that is what the type holds once the labels are added.
pub fn enum_types(schema: &Schema) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
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

/// Renders one operation (see [`crate::dialect::Dialect::render`]).
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
    let mut old_types = enum_types(before);
    let mut new_types = enum_types(&after);

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
            None => pre.push(format!(
                "CREATE TYPE {} AS ENUM ({})",
                quote(name),
                values.iter().map(|v| literal(v)).collect::<Vec<_>>().join(", ")
            )),
            Some(old) if old == values => {}
            Some(old) if values.starts_with(old) => {
                for v in &values[old.len()..] {
                    pre.push(format!("ALTER TYPE {} ADD VALUE {}", quote(name), literal(v)));
                }
            }
            Some(_) => {
                // PostgreSQL cannot drop or reorder labels: the type is made anew and every
                // column using it converted through text (which fails, and so rolls the
                // revision back, when a row holds a label that goes).
                let old_name = format!("_alambic_old_{name}");
                pre.push(format!("ALTER TYPE {} RENAME TO {}", quote(name), quote(&old_name)));
                pre.push(format!(
                    "CREATE TYPE {} AS ENUM ({})",
                    quote(name),
                    values.iter().map(|v| literal(v)).collect::<Vec<_>>().join(", ")
                ));
                for t in before.tables.values() {
                    for c in &t.columns {
                        let ColumnType::Enum { name: type_name, .. } = &c.r#type else { continue };
                        if enum_type_name(&t.name, &c.name, type_name.as_deref()) != *name {
                            continue;
                        }
                        let alter = format!("ALTER TABLE {} ALTER COLUMN {}", quote(&t.name), quote(&c.name));
                        if c.server_default.is_some() {
                            pre.push(format!("{alter} DROP DEFAULT"));
                        }
                        pre.push(format!(
                            "{alter} TYPE {} USING {}::text::{}",
                            quote(name),
                            quote(&c.name),
                            quote(name)
                        ));
                        if let Some(d) = &c.server_default {
                            pre.push(format!("{alter} SET DEFAULT {d}"));
                        }
                    }
                }
                retyped.push(old_name);
            }
        }
    }
    let mut post: Vec<String> = retyped.iter().map(|old| format!("DROP TYPE {}", quote(old))).collect();
    for name in old_types.keys() {
        if !new_types.contains_key(name) {
            post.push(format!("DROP TYPE {}", quote(name)));
        }
    }

    let mut out = pre;
    out.extend(render_main(op, before)?);
    out.extend(post);
    Ok(out)
}

/// Whether an operation brings an enum type with it.
fn op_has_enum(op: &Operation) -> bool {
    let is_enum = |t: &ColumnType| matches!(t, ColumnType::Enum { .. });
    match op {
        Operation::CreateTable(t) => t.columns.iter().any(|c| is_enum(&c.r#type)),
        Operation::AddColumn(o) => is_enum(&o.column.r#type),
        Operation::AlterColumn(o) => o.r#type.as_ref().is_some_and(is_enum),
        _ => false,
    }
}

/// Whether any column of the schema has an enum type.
fn schema_has_enum(schema: &Schema) -> bool {
    schema.tables.values().any(|t| t.columns.iter().any(|c| matches!(c.r#type, ColumnType::Enum { .. })))
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
fn column_type(table: &str, column: &str, ty: &ColumnType) -> String {
    match ty {
        ColumnType::Enum { name, .. } => quote(&enum_type_name(table, column, name.as_deref())),
        other => render_plain_type(other),
    }
}

/// `"name" TYPE [GENERATED BY DEFAULT AS IDENTITY] [DEFAULT x] [NOT NULL]`.
fn column_def(table: &str, c: &Column) -> DialectResult<String> {
    let mut s = format!("{} {}", quote(&c.name), column_type(table, &c.name, &c.r#type));
    if c.autoincrement {
        if !c.r#type.is_integer() {
            return Err(DialectError::Unsupported {
                dialect: NAME,
                what: format!("autoincrement on the {} column {table}.{}", c.r#type, c.name),
            });
        }
        s.push_str(" GENERATED BY DEFAULT AS IDENTITY");
    } else if let Some(d) = &c.server_default {
        s.push_str(&format!(" DEFAULT {d}"));
    }
    if !c.nullable {
        s.push_str(" NOT NULL");
    }
    Ok(s)
}

fn foreign_key_clause(fk: &ForeignKey) -> String {
    let mut s = format!(
        "FOREIGN KEY ({}) REFERENCES {} ({})",
        quote_list(&fk.columns),
        quote(&fk.referred_table),
        quote_list(&fk.referred_columns)
    );
    if fk.on_delete != FkAction::NoAction {
        s.push_str(&format!(" ON DELETE {}", fk.on_delete.sql()));
    }
    if fk.on_update != FkAction::NoAction {
        s.push_str(&format!(" ON UPDATE {}", fk.on_update.sql()));
    }
    s
}

fn named(name: &Option<String>, body: String) -> String {
    match name {
        Some(n) => format!("CONSTRAINT {} {body}", quote(n)),
        None => body,
    }
}

/// Index entries: column names are quoted, anything else is an expression in parentheses.
fn index_entries(table: &Table, entries: &[String]) -> String {
    entries
        .iter()
        .map(|e| if table.column(e).is_some() { quote(e) } else { format!("({e})") })
        .collect::<Vec<_>>()
        .join(", ")
}

fn create_index(table: &Table, index: &crate::schema::Index) -> String {
    format!(
        "CREATE {}INDEX {} ON {} ({})",
        if index.unique { "UNIQUE " } else { "" },
        quote(&index.name),
        quote(&table.name),
        index_entries(table, &index.columns)
    )
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

/// The statement that drops a table's primary key, whatever PostgreSQL named it.
fn drop_primary_key(table: &Table, name: Option<&str>) -> String {
    match name.or(table.primary_key.as_ref().and_then(|pk| pk.name.as_deref())) {
        Some(n) => format!("ALTER TABLE {} DROP CONSTRAINT {}", quote(&table.name), quote(n)),
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

/// The statements of the operation itself (enum types aside).
fn render_main(op: &Operation, before: &Schema) -> DialectResult<Vec<String>> {
    let mut out = Vec::new();
    match op {
        Operation::CreateTable(t) => {
            let mut items = Vec::new();
            for c in &t.columns {
                items.push(column_def(&t.name, c)?);
            }
            if let Some(pk) = &t.primary_key {
                items.push(named(&pk.name, format!("PRIMARY KEY ({})", quote_list(&pk.columns))));
            }
            for u in &t.unique_constraints {
                items.push(named(&u.name, format!("UNIQUE ({})", quote_list(&u.columns))));
            }
            for fk in &t.foreign_keys {
                items.push(named(&fk.name, foreign_key_clause(fk)));
            }
            for ck in &t.check_constraints {
                items.push(named(&ck.name, format!("CHECK ({})", ck.expression)));
            }
            out.push(format!("CREATE TABLE {} (\n    {}\n)", quote(&t.name), items.join(",\n    ")));
            for i in &t.indexes {
                out.push(create_index(t, i));
            }
            if t.comment.is_some() {
                out.push(format!("COMMENT ON TABLE {} IS {}", quote(&t.name), comment_literal(&t.comment)));
            }
            for c in t.columns.iter().filter(|c| c.comment.is_some()) {
                out.push(comment_on_column(&t.name, &c.name, &c.comment));
            }
        }
        Operation::DropTable(o) => out.push(format!("DROP TABLE {}", quote(&o.name))),
        Operation::RenameTable(o) => {
            out.push(format!("ALTER TABLE {} RENAME TO {}", quote(&o.from), quote(&o.to)));
        }
        Operation::AddColumn(o) => {
            table_of(before, &o.table)?;
            out.push(format!("ALTER TABLE {} ADD COLUMN {}", quote(&o.table), column_def(&o.table, &o.column)?));
            if o.column.comment.is_some() {
                out.push(comment_on_column(&o.table, &o.column.name, &o.column.comment));
            }
        }
        Operation::DropColumn(o) => {
            out.push(format!("ALTER TABLE {} DROP COLUMN {}", quote(&o.table), quote(&o.name)));
        }
        Operation::AlterColumn(o) => out.extend(alter_column(o, before)?),
        Operation::CreateIndex(o) => out.push(create_index(table_of(before, &o.table)?, &o.index)),
        Operation::DropIndex(o) => out.push(format!("DROP INDEX {}", quote(&o.name))),
        Operation::CreatePrimaryKey(o) => {
            let t = table_of(before, &o.table)?;
            if t.primary_key.is_some() {
                out.push(drop_primary_key(t, None));
            }
            out.push(format!(
                "ALTER TABLE {} ADD {}",
                quote(&o.table),
                named(&o.primary_key.name, format!("PRIMARY KEY ({})", quote_list(&o.primary_key.columns)))
            ));
        }
        Operation::DropPrimaryKey(o) => out.push(drop_primary_key(table_of(before, &o.table)?, o.name.as_deref())),
        Operation::AddUniqueConstraint(o) => out.push(format!(
            "ALTER TABLE {} ADD {}",
            quote(&o.table),
            named(&o.constraint.name, format!("UNIQUE ({})", quote_list(&o.constraint.columns)))
        )),
        Operation::DropUniqueConstraint(o) => {
            let t = table_of(before, &o.table)?;
            let name = o
                .name
                .clone()
                .or_else(|| find_unique(t, &None, &o.columns).and_then(|i| t.unique_constraints[i].name.clone()))
                .ok_or_else(|| missing_name("unique constraint", &o.table, &format!("({})", o.columns.join(", "))))?;
            out.push(format!("ALTER TABLE {} DROP CONSTRAINT {}", quote(&o.table), quote(&name)));
        }
        Operation::AddForeignKey(o) => out.push(format!(
            "ALTER TABLE {} ADD {}",
            quote(&o.table),
            named(&o.foreign_key.name, foreign_key_clause(&o.foreign_key))
        )),
        Operation::DropForeignKey(o) => {
            let t = table_of(before, &o.table)?;
            let name = o
                .name
                .clone()
                .or_else(|| find_foreign_key(t, &None, &o.columns).and_then(|i| t.foreign_keys[i].name.clone()))
                .ok_or_else(|| missing_name("foreign key", &o.table, &format!("({})", o.columns.join(", "))))?;
            out.push(format!("ALTER TABLE {} DROP CONSTRAINT {}", quote(&o.table), quote(&name)));
        }
        Operation::AddCheckConstraint(o) => out.push(format!(
            "ALTER TABLE {} ADD {}",
            quote(&o.table),
            named(&o.check.name, format!("CHECK ({})", o.check.expression))
        )),
        Operation::DropCheckConstraint(o) => {
            let t = table_of(before, &o.table)?;
            let name = o
                .name
                .clone()
                .or_else(|| find_check(t, &None, &o.expression).and_then(|i| t.check_constraints[i].name.clone()))
                .ok_or_else(|| {
                    missing_name(
                        "check constraint",
                        &o.table,
                        &format!("({})", o.expression.clone().unwrap_or_default()),
                    )
                })?;
            out.push(format!("ALTER TABLE {} DROP CONSTRAINT {}", quote(&o.table), quote(&name)));
        }
        Operation::SetTableComment(o) => {
            out.push(format!("COMMENT ON TABLE {} IS {}", quote(&o.table), comment_literal(&o.comment)));
        }
        Operation::Execute(e) => {
            if let Some(sql) = e.sql_for(NAME) {
                out.push(sql.to_string());
            }
        }
    }
    Ok(out)
}

/// One statement per changed attribute, the rename last (the others name the old column).
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
    match o.nullable {
        Some(false) => out.push(format!("{alter} SET NOT NULL")),
        Some(true) => out.push(format!("{alter} DROP NOT NULL")),
        None => {}
    }
    match o.autoincrement {
        Some(true) if !c.autoincrement => {
            // An identity has no default; the model keeps it for when the identity goes.
            if live_default && !type_changes {
                out.push(format!("{alter} DROP DEFAULT"));
            }
            if c.nullable && o.nullable != Some(false) {
                out.push(format!("{alter} SET NOT NULL"));
            }
            out.push(format!("{alter} ADD GENERATED BY DEFAULT AS IDENTITY"));
            // Start after the rows already there.
            out.push(format!(
                "SELECT setval(pg_get_serial_sequence({}, {}), COALESCE(MAX({}), 0) + 1, false) FROM {}",
                literal(&quote(&o.table)),
                literal(&o.name),
                quote(&o.name),
                quote(&o.table)
            ));
        }
        Some(false) if c.autoincrement => {
            out.push(format!("{alter} DROP IDENTITY IF EXISTS"));
            if let Some(d) = &keep_default {
                out.push(format!("{alter} SET DEFAULT {d}"));
            }
        }
        _ => {}
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
