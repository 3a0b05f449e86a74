//! SQLite DDL text for each [`Operation`], with no connection.
//!
//! Invariant: what SQLite's `ALTER TABLE` can do natively is rendered natively; everything
//! else becomes a table rebuild whose `INSERT … SELECT` copies every row or fails, so a
//! rebuild never drops or changes a row silently.

use crate::dialect::{DialectError, DialectResult};
use crate::operation::{Operation, OperationError};
use crate::schema::{Column, ColumnType, Index, Schema, Table};

/// Prefix of the temporary table a rebuild copies rows into.
pub(crate) const REBUILD_PREFIX: &str = "_alambic_tmp_";

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
fn is_constant(expr: &str) -> bool {
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

/// One column's definition inside `CREATE TABLE`.
fn column_def(column: &Column) -> String {
    let mut sql = format!("{} {}", quote(&column.name), render_type(&column.r#type));
    if !column.nullable {
        sql.push_str(" NOT NULL");
    }
    if let Some(d) = &column.server_default {
        sql.push_str(" DEFAULT ");
        sql.push_str(&render_default(d));
    }
    if let ColumnType::Enum { values, .. } = &column.r#type {
        sql.push(' ');
        sql.push_str(&enum_check(&column.name, values));
    }
    sql
}

fn quote_list(columns: &[String]) -> String {
    columns.iter().map(|c| quote(c)).collect::<Vec<_>>().join(", ")
}

fn constraint_prefix(name: &Option<String>) -> String {
    match name {
        Some(n) => format!("CONSTRAINT {} ", quote(n)),
        None => String::new(),
    }
}

/// Everything between the parentheses of `CREATE TABLE t (…)`.
fn table_body(t: &Table) -> String {
    let mut parts: Vec<String> = t.columns.iter().map(column_def).collect();
    if let Some(pk) = &t.primary_key {
        parts.push(format!("{}PRIMARY KEY ({})", constraint_prefix(&pk.name), quote_list(&pk.columns)));
    }
    for u in &t.unique_constraints {
        parts.push(format!("{}UNIQUE ({})", constraint_prefix(&u.name), quote_list(&u.columns)));
    }
    for fk in &t.foreign_keys {
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
        parts.push(s);
    }
    for c in &t.check_constraints {
        parts.push(format!("{}CHECK ({})", constraint_prefix(&c.name), c.expression));
    }
    parts.join(", ")
}

/// `CREATE [UNIQUE] INDEX`; index entries naming a column of the table are quoted, the
/// others are expressions and kept as written.
fn create_index(t: &Table, index: &Index) -> String {
    let cols: Vec<String> =
        index.columns.iter().map(|c| if t.column(c).is_some() { quote(c) } else { c.clone() }).collect();
    format!(
        "CREATE {}INDEX {} ON {} ({})",
        if index.unique { "UNIQUE " } else { "" },
        quote(&index.name),
        quote(&t.name),
        cols.join(", ")
    )
}

/// `CREATE TABLE` under `name` for the definition `t`, without its indexes.
fn create_table_as(t: &Table, name: &str) -> String {
    format!("CREATE TABLE {} ({})", quote(name), table_body(t))
}

/// `CREATE TABLE` followed by the table's indexes.
pub(crate) fn create_table(t: &Table) -> Vec<String> {
    let mut out = vec![create_table_as(t, &t.name)];
    out.extend(t.indexes.iter().map(|i| create_index(t, i)));
    out
}

/// Rebuilds `before` as `after` (same name, same column names for the columns kept):
/// new table, copy of every row of the kept columns, drop, rename, indexes again.
fn rebuild(before: &Table, after: &Table) -> Vec<String> {
    let tmp = format!("{REBUILD_PREFIX}{}", after.name);
    let common: Vec<String> =
        after.columns.iter().filter(|c| before.column(&c.name).is_some()).map(|c| c.name.clone()).collect();
    let mut out = vec![create_table_as(after, &tmp)];
    if !common.is_empty() {
        let cols = quote_list(&common);
        out.push(format!("INSERT INTO {} ({cols}) SELECT {cols} FROM {}", quote(&tmp), quote(&before.name)));
    }
    out.push(format!("DROP TABLE {}", quote(&before.name)));
    out.push(format!("ALTER TABLE {} RENAME TO {}", quote(&tmp), quote(&after.name)));
    out.extend(after.indexes.iter().map(|i| create_index(after, i)));
    out
}

fn table<'a>(schema: &'a Schema, name: &str) -> DialectResult<&'a Table> {
    schema.table(name).ok_or_else(|| DialectError::from(OperationError::NoSuchTable(name.to_string())))
}

/// `op` applied to a copy of `before`, and the table it changes there.
fn after_of(op: &Operation, before: &Schema, name: &str) -> DialectResult<(Schema, Table)> {
    let mut after = before.clone();
    op.apply(&mut after)?;
    let t = table(&after, name)?.clone();
    Ok((after, t))
}

/// Whether `ALTER TABLE … ADD COLUMN` can add this column (SQLite refuses NOT NULL
/// without a non-NULL constant default, and any non-constant default).
fn can_add_natively(column: &Column) -> bool {
    match &column.server_default {
        None => column.nullable,
        Some(d) => is_constant(d) && (column.nullable || !d.trim().eq_ignore_ascii_case("null")),
    }
}

/// Whether `ALTER TABLE … DROP COLUMN` can drop `column`: it is in no key, index or
/// constraint of its table, and no other table's foreign key points at it.
fn can_drop_natively(schema: &Schema, t: &Table, column: &str) -> bool {
    let mentioned =
        |expr: &str| expr.split(|c: char| !(c.is_alphanumeric() || c == '_')).any(|w| w.eq_ignore_ascii_case(column));
    !t.is_primary_key_column(column)
        && !t.indexes.iter().any(|i| i.columns.iter().any(|c| c == column || mentioned(c)))
        && !t.unique_constraints.iter().any(|u| u.columns.iter().any(|c| c == column))
        && !t.foreign_keys.iter().any(|f| f.columns.iter().any(|c| c == column))
        && !t.check_constraints.iter().any(|c| mentioned(&c.expression))
        && !schema.tables.values().any(|other| {
            other
                .foreign_keys
                .iter()
                .any(|f| f.referred_table == t.name && f.referred_columns.iter().any(|c| c == column))
        })
}

/// Whether two definitions of a column differ in anything SQLite stores (not the name,
/// the comment or the autoincrement flag, which `INTEGER PRIMARY KEY` decides alone).
fn stored_definition_differs(a: &Column, b: &Column) -> bool {
    a.r#type != b.r#type || a.nullable != b.nullable || a.server_default != b.server_default
}

/// Renders one operation as SQLite statements, given the schema it is applied to.
pub(crate) fn render(op: &Operation, before: &Schema) -> DialectResult<Vec<String>> {
    Ok(match op {
        Operation::CreateTable(t) => {
            if before.table(&t.name).is_some() {
                return Err(OperationError::TableExists(t.name.clone()).into());
            }
            create_table(t)
        }
        Operation::DropTable(o) => {
            table(before, &o.name)?;
            vec![format!("DROP TABLE {}", quote(&o.name))]
        }
        Operation::RenameTable(o) => {
            after_of(op, before, &o.to)?;
            vec![format!("ALTER TABLE {} RENAME TO {}", quote(&o.from), quote(&o.to))]
        }
        Operation::AddColumn(o) => {
            let (_, after) = after_of(op, before, &o.table)?;
            if can_add_natively(&o.column) {
                vec![format!("ALTER TABLE {} ADD COLUMN {}", quote(&o.table), column_def(&o.column))]
            } else {
                rebuild(table(before, &o.table)?, &after)
            }
        }
        Operation::DropColumn(o) => {
            let (_, after) = after_of(op, before, &o.table)?;
            let t = table(before, &o.table)?;
            if can_drop_natively(before, t, &o.name) {
                vec![format!("ALTER TABLE {} DROP COLUMN {}", quote(&o.table), quote(&o.name))]
            } else {
                rebuild(t, &after)
            }
        }
        Operation::AlterColumn(o) => {
            let (_, after) = after_of(op, before, &o.table)?;
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
                // Renamed natively first: SQLite then rewrites the indexes and the other
                // tables' foreign keys that name the column, which a rebuild would not.
                out.push(format!(
                    "ALTER TABLE {} RENAME COLUMN {} TO {}",
                    quote(&o.table),
                    quote(&o.name),
                    quote(&new_name)
                ));
                let mut s = before.clone();
                Operation::AlterColumn(crate::operation::AlterColumn {
                    table: o.table.clone(),
                    name: o.name.clone(),
                    rename: Some(new_name.clone()),
                    ..Default::default()
                })
                .apply(&mut s)?;
                current = table(&s, &o.table)?.clone();
            }
            if stored_definition_differs(old, new) {
                out.extend(rebuild(&current, &after));
            }
            out
        }
        Operation::CreateIndex(o) => {
            let (_, after) = after_of(op, before, &o.table)?;
            vec![create_index(&after, &o.index)]
        }
        Operation::DropIndex(o) => {
            after_of(op, before, &o.table)?;
            vec![format!("DROP INDEX {}", quote(&o.name))]
        }
        Operation::CreatePrimaryKey(_)
        | Operation::DropPrimaryKey(_)
        | Operation::AddUniqueConstraint(_)
        | Operation::DropUniqueConstraint(_)
        | Operation::AddForeignKey(_)
        | Operation::DropForeignKey(_)
        | Operation::AddCheckConstraint(_)
        | Operation::DropCheckConstraint(_) => {
            let name = op.table_name().unwrap_or_default();
            let (_, after) = after_of(op, before, name)?;
            rebuild(table(before, name)?, &after)
        }
        Operation::SetTableComment(o) => {
            // SQLite keeps no comments.
            table(before, &o.table)?;
            Vec::new()
        }
        Operation::Execute(e) => e.sql_for(super::NAME).map(|s| vec![s.to_string()]).unwrap_or_default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sqltype::parse_type_name;

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
