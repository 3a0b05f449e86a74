//! SQLite DDL text for each [`Operation`], with no connection.
//!
//! Invariant: what SQLite's `ALTER TABLE` can do natively is rendered natively; everything
//! else becomes a table rebuild ([`super::rebuild`]) whose `INSERT … SELECT` copies every
//! row or fails, so a rebuild never drops or changes a row silently.

use super::rebuild::{can_add_natively, can_drop_natively, rebuild, stored_definition_differs};
use super::NAME;
use crate::dialect::{DialectError, DialectResult};
use crate::operation::{
    AddCheckConstraint, AddColumn, AddExclusionConstraint, AddForeignKey, AddUniqueConstraint, AlterColumn,
    CreateIndex, CreatePrimaryKey, DropCheckConstraint, DropColumn, DropExclusionConstraint, DropForeignKey, DropIndex,
    DropPrimaryKey, DropTable, DropUniqueConstraint, Operation, OperationError, RenameTable, SetTableComment,
    SetTableOptions,
};
use crate::schema::{
    CheckConstraint, Column, ColumnType, ForeignKey, Index, PrimaryKey, Schema, Table, UniqueConstraint,
};

/// Double-quotes an identifier, doubling any quote inside it.
pub(crate) fn quote(ident: &str) -> String {
    format!("\"{}\"", ident.replace('"', "\"\""))
}

/// A string literal.
fn literal(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

/// The SQLite spelling of a neutral type; `parse_type_name` reads each one back as the
/// same type (an enum reads back as its `VARCHAR`; introspection restores it from its check).
pub(crate) fn render_type(ty: &ColumnType) -> String {
    match ty {
        ColumnType::String(None) => "VARCHAR".into(),
        ColumnType::Boolean => "BOOLEAN".into(),
        ColumnType::DateTime { timezone: false } => "DATETIME".into(),
        ColumnType::DateTime { timezone: true } => "TIMESTAMP WITH TIME ZONE".into(),
        ColumnType::Time => "TIME".into(),
        ColumnType::Float => "FLOAT".into(),
        ColumnType::Double => "DOUBLE PRECISION".into(),
        ColumnType::Binary => "BLOB".into(),
        ColumnType::Uuid => "UUID".into(),
        ColumnType::Enum { values, .. } => {
            let longest = values.iter().map(|v| v.chars().count()).max().unwrap_or(0).max(1);
            format!("VARCHAR({longest})")
        }
        other => crate::dialect::standard_type(other).unwrap_or_default(),
    }
}

/// The `CHECK` SQLite keeps on an enum column: `CHECK ("col" IN ('a', 'b'))`.
pub(crate) fn enum_check(column: &str, values: &[String]) -> String {
    let labels: Vec<String> = values.iter().map(|v| literal(v)).collect();
    format!("CHECK ({} IN ({}))", quote(column), labels.join(", "))
}

/// Whether a default is a literal SQLite accepts after `DEFAULT` without parentheses.
fn is_literal(expr: &str) -> bool {
    let e = expr.trim();
    let upper = e.to_ascii_uppercase();
    is_constant(e) || matches!(upper.as_str(), "CURRENT_TIME" | "CURRENT_DATE" | "CURRENT_TIMESTAMP")
}

/// Whether a default is a constant (what `ALTER TABLE … ADD COLUMN` accepts).
pub(super) fn is_constant(expr: &str) -> bool {
    let e = expr.trim();
    let upper = e.to_ascii_uppercase();
    if matches!(upper.as_str(), "NULL" | "TRUE" | "FALSE") {
        return true;
    }
    let quoted = |s: &str| {
        s.len() >= 2 && s.starts_with('\'') && s.ends_with('\'') && !s[1..s.len() - 1].replace("''", "").contains('\'')
    };
    if quoted(e) || (upper.starts_with("X'") && quoted(&e[1..])) {
        return true;
    }
    let digits = e.strip_prefix(['-', '+']).unwrap_or(e);
    digits.starts_with(|c: char| c.is_ascii_digit() || c == '.')
        && digits.chars().all(|c| c.is_ascii_alphanumeric() || c == '.')
        && (digits.parse::<f64>().is_ok()
            || (digits.len() > 2
                && digits[..2].eq_ignore_ascii_case("0x")
                && i64::from_str_radix(&digits[2..], 16).is_ok()))
}

/// `DEFAULT` clause text: literals as they are, any other expression in parentheses
/// (SQLite reports an expression default without its parentheses, so they are put back).
fn render_default(expr: &str) -> String {
    let e = expr.trim();
    if is_literal(e) || (e.starts_with('(') && e.ends_with(')')) {
        e.to_string()
    } else {
        format!("({e})")
    }
}

/// The `STRICT` table option: column types are then one of [`STRICT_TYPES`].
const STRICT: &str = "STRICT";
/// The types a `STRICT` table accepts.
const STRICT_TYPES: [&str; 6] = ["INT", "INTEGER", "REAL", "TEXT", "BLOB", "ANY"];
/// The table options SQLite has.
const TABLE_OPTIONS: [&str; 2] = ["WITHOUT ROWID", STRICT];

fn is_strict(t: &Table) -> bool {
    t.options.iter().any(|o| o.eq_ignore_ascii_case(STRICT))
}

/// A column's type in table `t`: a float is `REAL` in a `STRICT` table, which accepts no
/// other name for it.
fn column_type(t: &Table, ty: &ColumnType) -> String {
    match ty {
        ColumnType::Float if is_strict(t) => "REAL".into(),
        other => render_type(other),
    }
}

/// A collation name: as written when it is a plain name (`NOCASE`), quoted otherwise.
fn collation_name(name: &str) -> String {
    if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        name.to_string()
    } else {
        quote(name)
    }
}

/// One column's definition inside `CREATE TABLE`: type, `NOT NULL`, `DEFAULT`, `COLLATE`,
/// `GENERATED ALWAYS AS (…) VIRTUAL|STORED`, and an enum's check. What SQLite cannot keep
/// on a column is refused before this by [`supported`].
pub(super) fn column_definition(t: &Table, column: &Column) -> String {
    let mut sql = format!("{} {}", quote(&column.name), column_type(t, &column.r#type));
    if !column.nullable {
        sql.push_str(" NOT NULL");
    }
    if let Some(d) = &column.server_default {
        sql.push_str(" DEFAULT ");
        sql.push_str(&render_default(d));
    }
    if let Some(collation) = &column.collation {
        sql.push_str(" COLLATE ");
        sql.push_str(&collation_name(collation));
    }
    if let Some(g) = &column.generated {
        let kind = if g.stored { "STORED" } else { "VIRTUAL" };
        sql.push_str(&format!(" GENERATED ALWAYS AS ({}) {kind}", g.expression));
    }
    if let ColumnType::Enum { values, .. } = &column.r#type {
        sql.push(' ');
        sql.push_str(&enum_check(&column.name, values));
    }
    sql
}

pub(super) fn quote_list(columns: &[String]) -> String {
    columns.iter().map(|c| quote(c)).collect::<Vec<_>>().join(", ")
}

fn constraint_prefix(name: &Option<String>) -> String {
    match name {
        Some(n) => format!("CONSTRAINT {} ", quote(n)),
        None => String::new(),
    }
}

/// `[CONSTRAINT name] PRIMARY KEY (…)`.
fn primary_key_clause(pk: &PrimaryKey) -> String {
    format!("{}PRIMARY KEY ({})", constraint_prefix(&pk.name), quote_list(&pk.columns))
}

/// `[CONSTRAINT name] UNIQUE (…)`.
fn unique_clause(u: &UniqueConstraint) -> String {
    format!("{}UNIQUE ({})", constraint_prefix(&u.name), quote_list(&u.columns))
}

/// `[CONSTRAINT name] CHECK (…)`.
fn check_clause(ck: &CheckConstraint) -> String {
    format!("{}CHECK ({})", constraint_prefix(&ck.name), ck.expression)
}

/// `[CONSTRAINT name] FOREIGN KEY (…) REFERENCES t (…) [ON DELETE …] [ON UPDATE …]`.
fn foreign_key_clause(fk: &ForeignKey) -> String {
    let mut s = format!(
        "{}FOREIGN KEY ({}) REFERENCES {} ({})",
        constraint_prefix(&fk.name),
        quote_list(&fk.columns),
        quote(&fk.referred_table),
        quote_list(&fk.referred_columns)
    );
    if !fk.on_delete.is_default() {
        s.push_str(" ON DELETE ");
        s.push_str(fk.on_delete.sql());
    }
    if !fk.on_update.is_default() {
        s.push_str(" ON UPDATE ");
        s.push_str(fk.on_update.sql());
    }
    if let Some(d) = fk.deferrable {
        s.push(' ');
        s.push_str(d.sql());
    }
    s
}

/// Everything between the parentheses of `CREATE TABLE t (…)`.
fn table_body(t: &Table) -> String {
    let mut parts: Vec<String> = t.columns.iter().map(|c| column_definition(t, c)).collect();
    parts.extend(t.primary_key.as_ref().map(primary_key_clause));
    parts.extend(t.unique_constraints.iter().map(unique_clause));
    parts.extend(t.foreign_keys.iter().map(foreign_key_clause));
    parts.extend(t.check_constraints.iter().map(check_clause));
    parts.join(", ")
}

fn unsupported(what: String) -> DialectError {
    DialectError::Unsupported { dialect: NAME, what }
}

/// Refuses what SQLite cannot keep on a column: identity options (its only numbering is
/// the rowid of an `INTEGER PRIMARY KEY`), a character set, `ON UPDATE`.
fn supported_column(table: &str, c: &Column) -> DialectResult<()> {
    let what = |feature: &str| Err(unsupported(format!("{feature} of column '{}' on '{table}'", c.name)));
    if c.identity.is_some() {
        return what("the identity options");
    }
    if let Some(charset) = &c.charset {
        return what(&format!("the character set {charset}"));
    }
    if let Some(on_update) = &c.on_update {
        return what(&format!("ON UPDATE {on_update}"));
    }
    Ok(())
}

/// Refuses what SQLite's `CREATE INDEX` cannot say: NULLs placement (SQLite sorts NULLs
/// first in an ascending key and rejects `NULLS FIRST`/`LAST` in an index), `INCLUDE`,
/// `NULLS NOT DISTINCT`, an index method, operator classes, prefix keys.
fn supported_index(t: &Table, index: &Index) -> DialectResult<()> {
    let what = |feature: &str| Err(unsupported(format!("{feature} of index '{}' on '{}'", index.name, t.name)));
    if index.nulls.iter().any(Option::is_some) {
        return what("NULLS FIRST/LAST");
    }
    if !index.include.is_empty() {
        return what("INCLUDE");
    }
    if index.nulls_not_distinct {
        return what("NULLS NOT DISTINCT");
    }
    if let Some(method) = &index.method {
        return what(&format!("the method {method}"));
    }
    if index.operator_classes.iter().any(Option::is_some) {
        return what("the operator classes");
    }
    no_prefix_key(t, index)
}

/// Refuses the constraint features SQLite parses but does not honour: a deferrable or
/// `NULLS NOT DISTINCT` unique constraint, `MATCH FULL` (SQLite ignores `MATCH`).
fn supported_constraints(t: &Table) -> DialectResult<()> {
    for u in &t.unique_constraints {
        let name = u.name.clone().unwrap_or_else(|| u.columns.join(", "));
        if u.deferrable.is_some() {
            return Err(unsupported(format!("a deferrable unique constraint ({name}) on '{}'", t.name)));
        }
        if u.nulls_not_distinct {
            return Err(unsupported(format!("NULLS NOT DISTINCT of unique constraint ({name}) on '{}'", t.name)));
        }
    }
    if let Some(fk) = t.foreign_keys.iter().find(|f| f.match_full) {
        let name = fk.name.clone().unwrap_or_else(|| fk.columns.join(", "));
        return Err(unsupported(format!("MATCH FULL of foreign key ({name}) on '{}'", t.name)));
    }
    if let Some(x) = t.exclusion_constraints.first() {
        let name = x.name.clone().unwrap_or_else(|| format!("USING {}", x.method));
        return Err(unsupported(format!("exclusion constraint {name} on '{}'", t.name)));
    }
    Ok(())
}

/// Everything of `t` SQLite cannot keep, refused naming the object; `Ok` when SQLite can
/// create `t` exactly.
pub(super) fn supported(t: &Table) -> DialectResult<()> {
    if let Some(charset) = &t.charset {
        return Err(unsupported(format!("the default character set {charset} of table '{}'", t.name)));
    }
    if let Some(collation) = &t.collation {
        return Err(unsupported(format!("the default collation {collation} of table '{}'", t.name)));
    }
    if let Some(option) = t.options.iter().find(|o| !TABLE_OPTIONS.iter().any(|k| o.eq_ignore_ascii_case(k))) {
        return Err(unsupported(format!("the table option {option} of table '{}'", t.name)));
    }
    for c in &t.columns {
        supported_column(&t.name, c)?;
        let ty = column_type(t, &c.r#type);
        if is_strict(t) && !STRICT_TYPES.iter().any(|s| ty.eq_ignore_ascii_case(s)) {
            return Err(unsupported(format!("the type {ty} of column '{}' in STRICT table '{}'", c.name, t.name)));
        }
    }
    for index in &t.indexes {
        supported_index(t, index)?;
    }
    supported_constraints(t)
}

/// SQLite has no prefix keys: an index declaring one (`title(255)`) is an error naming it.
fn no_prefix_key(t: &Table, index: &Index) -> DialectResult<()> {
    match index.prefix_key(t) {
        Some((column, length)) => Err(DialectError::Unsupported {
            dialect: NAME,
            what: format!("the prefix key {column}({length}) of index '{}' on '{}'", index.name, t.name),
        }),
        None => Ok(()),
    }
}

/// `CREATE [UNIQUE] INDEX`; index entries naming a column of the table are quoted, the
/// others are expressions and kept as written.
fn index_statement(t: &Table, index: &Index) -> String {
    let entry = |c: &String| if t.column(c).is_some() { quote(c) } else { c.clone() };
    let order = |k: usize| if index.is_descending(k) { " DESC" } else { "" };
    let cols: Vec<String> = index.columns.iter().enumerate().map(|(k, c)| entry(c) + order(k)).collect();
    format!(
        "CREATE {}INDEX {} ON {} ({}){}",
        if index.unique { "UNIQUE " } else { "" },
        quote(&index.name),
        quote(&t.name),
        cols.join(", "),
        index.predicate.as_ref().map(|p| format!(" WHERE {p}")).unwrap_or_default()
    )
}

/// `CREATE INDEX` for each index of `t`.
pub(super) fn index_statements(t: &Table) -> impl Iterator<Item = String> + '_ {
    t.indexes.iter().map(|i| index_statement(t, i))
}

/// `CREATE TABLE` under `name` for the definition `t` (with its options, `WITHOUT ROWID`,
/// `STRICT`), without its indexes.
pub(super) fn create_table_as(t: &Table, name: &str) -> String {
    let options = if t.options.is_empty() { String::new() } else { format!(" {}", t.options.join(", ")) };
    format!("CREATE TABLE {} ({}){options}", quote(name), table_body(t))
}

fn table<'a>(schema: &'a Schema, name: &str) -> DialectResult<&'a Table> {
    schema.table(name).ok_or_else(|| DialectError::from(OperationError::NoSuchTable(name.to_string())))
}

/// Table `name` as `op` leaves it, `op` applied to a copy of `before`; an error naming
/// the object when SQLite cannot keep something of that table ([`supported`]).
fn table_after(op: &Operation, before: &Schema, name: &str) -> DialectResult<Table> {
    let mut after = before.clone();
    op.apply(&mut after)?;
    let t = table(&after, name)?;
    supported(t)?;
    Ok(t.clone())
}

/// Table `name` rebuilt as `op` leaves it.
fn rebuild_for(op: &Operation, name: &str, before: &Schema) -> DialectResult<Vec<String>> {
    let after = table_after(op, before, name)?;
    Ok(rebuild(table(before, name)?, &after))
}

/// Renders one operation as SQLite statements, given the schema it is applied to, each in
/// its own function. `execute` is the same on every database and is rendered by the core
/// ([`crate::dialect::render_operation`]), which this hands it back to.
pub(crate) fn render(op: &Operation, before: &Schema) -> DialectResult<Vec<String>> {
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
        Operation::CreateType(o) => named_type(&o.name),
        Operation::DropType(o) => named_type(&o.name),
        Operation::AlterType(o) => named_type(&o.name),
        Operation::Execute(_) => crate::dialect::render_operation(&super::SqliteDialect, op, before),
    }
}

/// SQLite has no named types: a domain or an enum type of its own cannot be created, changed or dropped.
fn named_type(name: &str) -> DialectResult<Vec<String>> {
    Err(DialectError::Unsupported { dialect: super::NAME, what: format!("named type '{name}' (domain or enum type)") })
}

/// `CREATE TABLE` followed by the table's indexes.
fn create_table(t: &Table, before: &Schema) -> DialectResult<Vec<String>> {
    if before.table(&t.name).is_some() {
        return Err(OperationError::TableExists(t.name.clone()).into());
    }
    supported(t)?;
    let mut out = vec![create_table_as(t, &t.name)];
    out.extend(index_statements(t));
    Ok(out)
}

fn drop_table(o: &DropTable, before: &Schema) -> DialectResult<Vec<String>> {
    table(before, &o.name)?;
    Ok(vec![format!("DROP TABLE {}", quote(&o.name))])
}

fn rename_table(o: &RenameTable, before: &Schema) -> DialectResult<Vec<String>> {
    table_after(&Operation::RenameTable(o.clone()), before, &o.to)?;
    Ok(vec![format!("ALTER TABLE {} RENAME TO {}", quote(&o.from), quote(&o.to))])
}

fn add_column(o: &AddColumn, before: &Schema) -> DialectResult<Vec<String>> {
    let after = table_after(&Operation::AddColumn(o.clone()), before, &o.table)?;
    if can_add_natively(&o.column) {
        // SQLite adds a VIRTUAL generated column natively; a STORED one needs a rebuild.
        Ok(vec![format!("ALTER TABLE {} ADD COLUMN {}", quote(&o.table), column_definition(&after, &o.column))])
    } else {
        Ok(rebuild(table(before, &o.table)?, &after))
    }
}

fn drop_column(o: &DropColumn, before: &Schema) -> DialectResult<Vec<String>> {
    let after = table_after(&Operation::DropColumn(o.clone()), before, &o.table)?;
    let t = table(before, &o.table)?;
    if can_drop_natively(before, t, &o.name) {
        Ok(vec![format!("ALTER TABLE {} DROP COLUMN {}", quote(&o.table), quote(&o.name))])
    } else {
        Ok(rebuild(t, &after))
    }
}

/// A rename is native; any other change SQLite stores is a rebuild, after the rename.
fn alter_column(o: &AlterColumn, before: &Schema) -> DialectResult<Vec<String>> {
    let after = table_after(&Operation::AlterColumn(o.clone()), before, &o.table)?;
    let t = table(before, &o.table)?;
    let old = t
        .column(&o.name)
        .ok_or_else(|| OperationError::NoSuchColumn { table: o.table.clone(), column: o.name.clone() })?;
    let new_name = o.rename.clone().unwrap_or_else(|| o.name.clone());
    let new = after
        .column(&new_name)
        .ok_or_else(|| OperationError::NoSuchColumn { table: o.table.clone(), column: new_name.clone() })?;
    let mut out = Vec::new();
    let mut current = t.clone();
    if new_name != o.name {
        let (statement, renamed) = rename_column(o, &new_name, before)?;
        out.push(statement);
        current = renamed;
    }
    if stored_definition_differs(old, new) {
        out.extend(rebuild(&current, &after));
    }
    Ok(out)
}

/// Renames the column natively, with the table as it is after that rename: SQLite then
/// rewrites the indexes and the other tables' foreign keys that name the column, which a
/// rebuild would not.
fn rename_column(o: &AlterColumn, new_name: &str, before: &Schema) -> DialectResult<(String, Table)> {
    let statement = format!("ALTER TABLE {} RENAME COLUMN {} TO {}", quote(&o.table), quote(&o.name), quote(new_name));
    let rename_only = Operation::AlterColumn(AlterColumn {
        table: o.table.clone(),
        name: o.name.clone(),
        rename: Some(new_name.to_string()),
        ..Default::default()
    });
    Ok((statement, table_after(&rename_only, before, &o.table)?))
}

fn create_index(o: &CreateIndex, before: &Schema) -> DialectResult<Vec<String>> {
    let after = table_after(&Operation::CreateIndex(o.clone()), before, &o.table)?;
    Ok(vec![index_statement(&after, &o.index)])
}

fn drop_index(o: &DropIndex, before: &Schema) -> DialectResult<Vec<String>> {
    table_after(&Operation::DropIndex(o.clone()), before, &o.table)?;
    Ok(vec![format!("DROP INDEX {}", quote(&o.name))])
}

// SQLite's ALTER TABLE neither adds nor drops keys and constraints: each of these is a
// rebuild of the table.

fn create_primary_key(o: &CreatePrimaryKey, before: &Schema) -> DialectResult<Vec<String>> {
    rebuild_for(&Operation::CreatePrimaryKey(o.clone()), &o.table, before)
}

fn drop_primary_key(o: &DropPrimaryKey, before: &Schema) -> DialectResult<Vec<String>> {
    rebuild_for(&Operation::DropPrimaryKey(o.clone()), &o.table, before)
}

fn add_unique_constraint(o: &AddUniqueConstraint, before: &Schema) -> DialectResult<Vec<String>> {
    rebuild_for(&Operation::AddUniqueConstraint(o.clone()), &o.table, before)
}

fn drop_unique_constraint(o: &DropUniqueConstraint, before: &Schema) -> DialectResult<Vec<String>> {
    rebuild_for(&Operation::DropUniqueConstraint(o.clone()), &o.table, before)
}

fn add_foreign_key(o: &AddForeignKey, before: &Schema) -> DialectResult<Vec<String>> {
    rebuild_for(&Operation::AddForeignKey(o.clone()), &o.table, before)
}

fn drop_foreign_key(o: &DropForeignKey, before: &Schema) -> DialectResult<Vec<String>> {
    rebuild_for(&Operation::DropForeignKey(o.clone()), &o.table, before)
}

fn add_check_constraint(o: &AddCheckConstraint, before: &Schema) -> DialectResult<Vec<String>> {
    rebuild_for(&Operation::AddCheckConstraint(o.clone()), &o.table, before)
}

fn drop_check_constraint(o: &DropCheckConstraint, before: &Schema) -> DialectResult<Vec<String>> {
    rebuild_for(&Operation::DropCheckConstraint(o.clone()), &o.table, before)
}

/// SQLite keeps no comments: nothing to run.
fn set_table_comment(o: &SetTableComment, before: &Schema) -> DialectResult<Vec<String>> {
    table(before, &o.table)?;
    Ok(Vec::new())
}

fn add_exclusion_constraint(o: &AddExclusionConstraint, _before: &Schema) -> DialectResult<Vec<String>> {
    Err(DialectError::Unsupported { dialect: NAME, what: format!("an exclusion constraint on {}", o.table) })
}

fn drop_exclusion_constraint(o: &DropExclusionConstraint, _before: &Schema) -> DialectResult<Vec<String>> {
    let name = o.name.as_deref().unwrap_or("(unnamed)");
    Err(DialectError::Unsupported { dialect: NAME, what: format!("exclusion constraint {name} on {}", o.table) })
}

/// The storage options (`WITHOUT ROWID`, `STRICT`) through a rebuild; SQLite has no table
/// character set or collation.
fn set_table_options(o: &SetTableOptions, before: &Schema) -> DialectResult<Vec<String>> {
    if o.charset.is_some() || o.collation.is_some() {
        let what = format!("a table character set or collation on {}", o.table);
        return Err(DialectError::Unsupported { dialect: NAME, what });
    }
    match o.options {
        Some(_) => rebuild_for(&Operation::SetTableOptions(o.clone()), &o.table, before),
        None => Ok(Vec::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sqltype::parse_type_name;

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

    #[test]
    fn every_rendered_type_reads_back_as_itself() {
        let types = [
            ColumnType::SmallInteger,
            ColumnType::Integer,
            ColumnType::BigInteger,
            ColumnType::String(Some(64)),
            ColumnType::String(None),
            ColumnType::Text,
            ColumnType::Boolean,
            ColumnType::Date,
            ColumnType::DateTime { timezone: false },
            ColumnType::DateTime { timezone: true },
            ColumnType::Time,
            ColumnType::Float,
            ColumnType::Double,
            ColumnType::Numeric(Some(10), Some(2)),
            ColumnType::Numeric(Some(10), None),
            ColumnType::Numeric(None, None),
            ColumnType::Binary,
            ColumnType::Json,
            ColumnType::Uuid,
            ColumnType::Raw("CITEXT".into()),
        ];
        for ty in types {
            assert_eq!(parse_type_name(&render_type(&ty)), ty, "{ty}");
        }
    }

    #[test]
    fn defaults_keep_literals_and_wrap_expressions() {
        assert_eq!(render_default("''"), "''");
        assert_eq!(render_default("-1.5"), "-1.5");
        assert_eq!(render_default("current_timestamp"), "current_timestamp");
        assert_eq!(render_default("1 + 2"), "(1 + 2)");
        assert_eq!(render_default("lower('X')"), "(lower('X'))");
        assert!(is_constant("'it''s'"));
        assert!(!is_constant("'a' || 'b'"));
        assert!(!is_constant("CURRENT_TIMESTAMP"));
        assert!(!is_constant("inf"));
        assert!(is_constant("0x1F"));
        assert_eq!(render_default("nan"), "(nan)");
    }
}
