//! The MySQL / MariaDB dialect: backtick quoting, MySQL type spellings, DDL through
//! `ALTER TABLE`, and the comparison rules that make a schema read back from the catalog
//! equal to the one that was asked for.
//!
//! Invariant: everything here works on MariaDB 10.11+ and MySQL 8.0.19+; where the two
//! servers differ (JSON storage, how defaults are echoed, check-constraint catalogs) the
//! difference is absorbed here or in [`inspect`], never in the core.

mod connection;
pub mod inspect;
mod pool;
mod render;
mod spelling;

pub use connection::MySqlConnection;
pub(crate) use connection::DRIVER;

use crate::dialect::{normalize_sql, Dialect, DialectResult};
use crate::operation::Operation;
use crate::schema::{Column, ColumnType, FkAction, Index, Schema, Table};

/// Dialect name, as used in messages and per-dialect `execute` SQL.
pub(crate) const NAME: &str = "mysql";

/// The MySQL / MariaDB dialect (offline half).
#[derive(Debug, Clone, Copy, Default)]
pub struct MySqlDialect;

impl Dialect for MySqlDialect {
    /// InnoDB treats `RESTRICT` and `NO ACTION` alike and reports both as `RESTRICT`.
    fn normalize_fk_action(&self, action: FkAction) -> FkAction {
        match action {
            FkAction::Restrict => FkAction::NoAction,
            other => other,
        }
    }

    fn name(&self) -> &'static str {
        NAME
    }

    fn impl_name(&self) -> &'static str {
        "MySQLImpl"
    }

    fn transactional_ddl(&self) -> bool {
        false
    }

    fn spelling(&self) -> &dyn crate::dialect::Spelling {
        self
    }

    fn quote(&self, ident: &str) -> String {
        format!("`{}`", ident.replace('`', "``"))
    }

    fn render_type(&self, ty: &ColumnType) -> DialectResult<String> {
        Ok(render::render_type(ty))
    }

    fn render(&self, op: &Operation, before: &Schema) -> DialectResult<Vec<String>> {
        render::render(op, before)
    }

    /// MySQL treats a backslash in a string literal as an escape, so it is doubled too.
    fn literal(&self, value: &str) -> String {
        literal(value)
    }

    fn types_equal(&self, desired: &ColumnType, live: &ColumnType) -> bool {
        canonical_type(desired) == canonical_type(live)
    }

    fn defaults_equal(&self, column: &Column, desired: Option<&str>, live: Option<&str>) -> bool {
        let a = canonical_default(column, desired);
        let b = canonical_default(column, live);
        match (a, b) {
            (None, None) => true,
            (Some(a), Some(b)) => a.same_as(&b),
            _ => false,
        }
    }

    fn checks_equal(&self, desired: &str, live: &str) -> bool {
        canonical_check(desired) == canonical_check(live)
    }

    fn unique_constraint_is_index(&self) -> bool {
        true
    }

    fn is_generated_index(&self, table: &Table, index: &Index) -> bool {
        is_generated_index(table, index)
    }
}

/// A MySQL string literal: quotes and backslashes doubled.
pub(crate) fn literal(value: &str) -> String {
    format!("'{}'", value.replace('\\', "\\\\").replace('\'', "''"))
}

/// Reads a MySQL `COLUMN_TYPE` (`int(11)`, `tinyint(1)`, `varchar(64)`) into a neutral type.
pub(crate) fn read_column_type(text: &str) -> ColumnType {
    let lc = text.trim().to_ascii_lowercase();
    let lc = lc.split_whitespace().collect::<Vec<_>>().join(" ");
    match lc.as_str() {
        "tinyint(1)" | "bool" | "boolean" => ColumnType::Boolean,
        // MySQL 8.0.19+ no longer shows display widths; MariaDB does.
        "smallint" | "smallint(6)" => ColumnType::SmallInteger,
        "bigint" | "bigint(20)" => ColumnType::BigInteger,
        _ => spelling::read_type(text),
    }
}

/// The type as this database actually stores it, so that spellings of one type compare equal.
fn canonical_type(ty: &ColumnType) -> ColumnType {
    match ty {
        ColumnType::DateTime { .. } => ColumnType::DateTime { timezone: false },
        ColumnType::Uuid => ColumnType::Raw("char(36)".into()),
        ColumnType::String(None) => ColumnType::String(Some(255)),
        ColumnType::Numeric(None, _) => ColumnType::Numeric(Some(10), Some(0)),
        ColumnType::Numeric(Some(p), None) => ColumnType::Numeric(Some(*p), Some(0)),
        ColumnType::Enum { values, .. } => ColumnType::Enum { name: None, values: values.clone() },
        ColumnType::Raw(text) => match read_column_type(text) {
            ColumnType::Raw(t) => {
                let lc = t.to_ascii_lowercase();
                match lc.split_whitespace().collect::<Vec<_>>().join(" ").as_str() {
                    "uuid" => ColumnType::Raw("char(36)".into()),
                    other => ColumnType::Raw(other.replace(", ", ",")),
                }
            }
            known => canonical_type(&known),
        },
        other => other.clone(),
    }
}

/// A server default reduced to what it means: a literal value or an expression.
#[derive(Debug, Clone, PartialEq)]
enum DefaultValue {
    /// A literal: the text of a string literal, or a number in canonical form.
    Literal(String),
    /// An expression, as written (compared after [`normalize_sql`]).
    Expression(String),
}

impl DefaultValue {
    fn same_as(&self, other: &DefaultValue) -> bool {
        match (self, other) {
            (DefaultValue::Literal(a), DefaultValue::Literal(b)) => a == b,
            (DefaultValue::Expression(a), DefaultValue::Expression(b)) => normalize_sql(a) == normalize_sql(b),
            // MySQL 8 echoes a string default without its quotes: `x` for `'x'`.
            (DefaultValue::Literal(l), DefaultValue::Expression(e))
            | (DefaultValue::Expression(e), DefaultValue::Literal(l)) => l == e.trim(),
        }
    }
}

/// Reads a default as MariaDB (`'x'`, `current_timestamp()`, `0.00`, `NULL`) or MySQL 8
/// (`x`, `CURRENT_TIMESTAMP`, `0`) echoes it, or as a schema writes it.
fn canonical_default(column: &Column, value: Option<&str>) -> Option<DefaultValue> {
    let mut text = value?.trim();
    while text.starts_with('(') && text.ends_with(')') && text.len() >= 2 {
        text = text[1..text.len() - 1].trim();
    }
    if text.eq_ignore_ascii_case("null") {
        // `DEFAULT NULL` is what a nullable column has anyway.
        return None;
    }
    let lc = text.to_ascii_lowercase();
    let lc = lc.trim_end_matches("()");
    if matches!(lc, "current_timestamp" | "now" | "localtimestamp" | "localtime") {
        return Some(DefaultValue::Expression("current_timestamp".into()));
    }
    let inner = unquote(text);
    let value = inner.clone().unwrap_or_else(|| text.to_string());
    if column.r#type == ColumnType::Boolean || canonical_type(&column.r#type) == ColumnType::Boolean {
        match value.to_ascii_lowercase().as_str() {
            "true" => return Some(DefaultValue::Literal("1".into())),
            "false" => return Some(DefaultValue::Literal("0".into())),
            _ => {}
        }
    }
    if let Ok(n) = value.trim().parse::<f64>() {
        return Some(DefaultValue::Literal(format!("{n}")));
    }
    Some(match inner {
        Some(s) => DefaultValue::Literal(s),
        None => DefaultValue::Expression(text.to_string()),
    })
}

/// The content of a single string literal (`'it''s'` → `it's`), `None` if `text` is not one.
fn unquote(text: &str) -> Option<String> {
    let body = text.strip_prefix('\'')?.strip_suffix('\'')?;
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                if chars.next() != Some('\'') {
                    return None;
                }
                out.push('\'');
            }
            '\\' => match chars.next()? {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                '0' => out.push('\0'),
                other => out.push(other),
            },
            c => out.push(c),
        }
    }
    Some(out)
}

/// A check condition without identifier quotes or charset introducers, folded.
fn canonical_check(expr: &str) -> String {
    // MySQL 8 shows string literals in CHECK_CLAUSE escaped: `_utf8mb4\'x\'`.
    let expr = expr.replace("\\'", "'");
    let mut out = String::with_capacity(expr.len());
    let mut in_string = false;
    for c in expr.chars() {
        if c == '\'' {
            in_string = !in_string;
        }
        if !in_string && (c == '`' || c == '"') {
            continue;
        }
        out.push(c);
    }
    normalize_sql(&out.replace("_utf8mb4'", "'").replace("_latin1'", "'").replace("_utf8mb3'", "'"))
}

/// Whether `index` is the one MySQL made by itself to back a foreign key: it carries the
/// constraint's name (named key) or its first column's name (unnamed key, `col`, `col_2`),
/// and its columns lead with the key's columns.
fn is_generated_index(table: &Table, index: &Index) -> bool {
    if index.unique {
        return false;
    }
    table.foreign_keys.iter().any(|fk| {
        if !index.columns.starts_with(&fk.columns) || fk.columns.is_empty() {
            return false;
        }
        if fk.name.as_deref() == Some(index.name.as_str()) {
            return true;
        }
        let first = &fk.columns[0];
        let auto_named = fk.name.as_deref().map_or(true, |n| n.starts_with(&format!("{}_ibfk_", table.name)));
        auto_named
            && (index.name == *first
                || index.name.strip_prefix(&format!("{first}_")).is_some_and(|n| n.parse::<u32>().is_ok()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::ForeignKey;

    #[test]
    fn types_compare_as_mysql_stores_them() {
        let d = MySqlDialect;
        let live = |t: &str| read_column_type(t);
        assert!(d.types_equal(&ColumnType::Boolean, &live("tinyint(1)")));
        assert!(d.types_equal(&ColumnType::Integer, &live("int(11)")));
        assert!(d.types_equal(&ColumnType::DateTime { timezone: true }, &live("datetime")));
        assert!(d.types_equal(&ColumnType::Uuid, &live("char(36)")));
        assert!(d.types_equal(&ColumnType::String(None), &live("varchar(255)")));
        assert!(d.types_equal(&ColumnType::SmallInteger, &live("smallint(6)")));
        assert!(d.types_equal(&ColumnType::Numeric(None, None), &live("decimal(10,0)")));
        assert!(d.types_equal(
            &ColumnType::Enum { name: Some("mood".into()), values: vec!["a".into(), "b".into()] },
            &live("enum('a','b')")
        ));
        assert!(!d.types_equal(&ColumnType::String(Some(64)), &live("varchar(255)")));
        assert!(!d.types_equal(&ColumnType::Enum { name: None, values: vec!["a".into()] }, &live("enum('a','b')")));
    }

    #[test]
    fn defaults_compare_across_mariadb_and_mysql_spellings() {
        let d = MySqlDialect;
        let text = Column::new("s", ColumnType::String(Some(10)));
        let int = Column::new("n", ColumnType::Integer);
        let flag = Column::new("b", ColumnType::Boolean);
        let when = Column::new("t", ColumnType::DateTime { timezone: false });
        assert!(d.defaults_equal(&text, Some("'x'"), Some("x")));
        assert!(d.defaults_equal(&text, Some("'x'"), Some("'x'")));
        assert!(d.defaults_equal(&text, Some("''"), Some("''")));
        assert!(!d.defaults_equal(&text, Some("'x'"), Some("'y'")));
        assert!(d.defaults_equal(&when, Some("CURRENT_TIMESTAMP"), Some("current_timestamp()")));
        assert!(d.defaults_equal(&text, None, Some("NULL")));
        assert!(d.defaults_equal(&int, Some("'0'"), Some("0")));
        assert!(d.defaults_equal(&int, Some("0"), Some("0.00")));
        assert!(d.defaults_equal(&flag, Some("false"), Some("0")));
        assert!(!d.defaults_equal(&int, Some("1"), None));
    }

    #[test]
    fn checks_ignore_identifier_quotes() {
        let d = MySqlDialect;
        assert!(d.checks_equal("n > 0", "`n` > 0"));
        assert!(d.checks_equal("n > 0", "(`n` > 0)"));
        assert!(!d.checks_equal("n > 0", "`n` > 1"));
        assert!(d.checks_equal("code <> ''", "(`code` <> _utf8mb4\\'\\')"));
    }

    #[test]
    fn the_index_behind_a_foreign_key_is_generated() {
        let mut t = Table::new("child");
        t.foreign_keys.push(ForeignKey {
            name: Some("fk_child_parent".into()),
            columns: vec!["parent_id".into()],
            referred_table: "parent".into(),
            referred_columns: vec!["id".into()],
            on_delete: Default::default(),
            on_update: Default::default(),
        });
        t.foreign_keys.push(ForeignKey {
            name: Some("child_ibfk_2".into()),
            columns: vec!["other_id".into()],
            referred_table: "other".into(),
            referred_columns: vec!["id".into()],
            on_delete: Default::default(),
            on_update: Default::default(),
        });
        let ix = |name: &str, col: &str| Index { name: name.into(), columns: vec![col.into()], unique: false };
        assert!(is_generated_index(&t, &ix("fk_child_parent", "parent_id")));
        assert!(is_generated_index(&t, &ix("other_id", "other_id")));
        assert!(!is_generated_index(&t, &ix("ix_child_parent", "parent_id")));
        assert!(!is_generated_index(&t, &ix("parent_id", "parent_id")));
    }
}
