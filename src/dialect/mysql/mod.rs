//! The MySQL / MariaDB dialect: backtick quoting, MySQL type spellings, DDL through
//! `ALTER TABLE`, and the comparison rules that make a schema read back from the catalog
//! equal to the one that was asked for.
//!
//! Invariant: everything here works on MariaDB 10.11+ and MySQL 8.0.19+; where the two
//! servers differ (JSON storage, how defaults are echoed, check-constraint catalogs) the
//! difference is absorbed here or in [`inspect`], never in the core.

mod canonical;
mod connection;
pub mod inspect;
mod pool;
mod render;
mod spelling;

pub use connection::MySqlConnection;
pub(crate) use connection::DRIVER;

use std::borrow::Cow;

use sqlparser::ast::{Expr, Value};
use sqlparser::dialect::{Dialect as Grammar, MySqlDialect as MySqlGrammar};

use crate::dialect::expr::{self, Context, Rules};
use crate::dialect::{Dialect, DialectResult};
use crate::operation::Operation;
use crate::schema::{Column, ColumnType, FkAction, ForeignKey, Index, Schema, Table};
use crate::sqltype::TypeName;

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

    fn utc_now_text(&self) -> String {
        "DATE_FORMAT(UTC_TIMESTAMP(6), '%Y-%m-%d %H:%i:%s.%f')".to_string()
    }

    /// MySQL and MariaDB reject table, column, index and constraint names over 64
    /// characters.
    fn max_identifier_length(&self) -> Option<crate::dialect::IdentifierLimit> {
        Some(crate::dialect::IdentifierLimit { max: 64, unit: crate::dialect::LengthUnit::Characters })
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

    /// Checks and index expressions compare after undoing what MySQL and MariaDB do to them
    /// (see [`MySqlRules`]).
    fn expression_rules(&self) -> &dyn Rules {
        &MySqlRules
    }

    fn unique_constraint_is_index(&self) -> bool {
        true
    }

    /// `utf8` is the server's `utf8mb3` (MySQL 8 and MariaDB 10.6+ list it so).
    fn charsets_equal(&self, desired: &str, live: &str) -> bool {
        inspect::utf8_as_utf8mb3(desired) == inspect::utf8_as_utf8mb3(live)
    }

    /// `utf8_general_ci` is the server's `utf8mb3_general_ci`.
    fn collations_equal(&self, desired: &str, live: &str) -> bool {
        inspect::utf8_as_utf8mb3(desired) == inspect::utf8_as_utf8mb3(live)
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
        ColumnType::Raw(text) => match read_column_type(&without_national(text)) {
            // TIMESTAMP is written as asked, but compares as the date-time every other
            // database's script makes a DATETIME of (its precision still counts).
            ColumnType::Raw(t) if canonical_raw(&t) == "timestamp" => ColumnType::DateTime { timezone: false },
            ColumnType::Raw(t) => ColumnType::Raw(canonical_raw(&t)),
            known => canonical_type(&known),
        },
        other => other.clone(),
    }
}

/// `NVARCHAR(n)`, `NCHAR(n)` and `NATIONAL VARCHAR(n)` as the server lists them
/// (`varchar(n)`, `char(n)`): the national character set is the column's character set,
/// not part of its type.
fn without_national(text: &str) -> String {
    let lower = text.trim().to_ascii_lowercase();
    let rest = lower.strip_prefix("national ").map(str::trim_start);
    let plain = match rest {
        Some(rest) => Some(rest.to_string()),
        None => ["nvarchar", "nchar"]
            .iter()
            .find(|n| lower.starts_with(*n) && lower[n.len()..].trim_start().starts_with(['(', ' ']))
            .map(|_| lower[1..].to_string()),
    };
    match plain {
        Some(plain) if plain.starts_with("varchar") || plain.starts_with("char") => plain,
        _ => text.to_string(),
    }
}

/// The display width MySQL gives an unsigned integer type under `ZEROFILL`.
fn zerofill_width(base: &str) -> Option<&'static str> {
    Some(match base {
        "tinyint" => "3",
        "smallint" => "5",
        "mediumint" => "8",
        "int" => "10",
        "bigint" => "20",
        _ => return None,
    })
}

/// A type alambic keeps raw, as the server would report it less what does not change the
/// type: an integer's display width (MariaDB shows it, MySQL 8 does not) unless `ZEROFILL`
/// makes it show, `signed`, and `CHAR`'s implicit length 1. `unsigned` and `zerofill`
/// stay, so they are never lost.
fn canonical_raw(text: &str) -> String {
    let name = TypeName::parse(&text.to_ascii_lowercase());
    // Without parentheses the modifiers are still part of the base: `int unsigned`.
    let mut words: Vec<&str> = name.base.split_whitespace().chain(name.suffix.split_whitespace()).collect();
    let first = if words.is_empty() { "" } else { words.remove(0) };
    let base = match first {
        "integer" => "int",
        other => other,
    };
    words.retain(|w| *w != "signed");
    let zerofill = words.contains(&"zerofill");
    if zerofill && !words.contains(&"unsigned") {
        words.insert(0, "unsigned");
    }
    let args = match (zerofill_width(base), base, name.args.as_deref()) {
        (Some(_), _, _) if !zerofill => None,
        (Some(width), _, None) => Some(width.to_string()),
        (None, "char" | "binary", None) => Some("1".to_string()),
        // MariaDB shows YEAR as `year(4)`, its only width.
        (None, "year", Some("4")) => None,
        (None, "uuid", None) if words.is_empty() => return "char(36)".into(),
        (_, _, args) => args.map(|a| a.trim().replace(", ", ",")),
    };
    let mut out = base.to_string();
    if let Some(args) = args {
        out.push_str(&format!("({args})"));
    }
    for word in words {
        out.push(' ');
        out.push_str(word);
    }
    out
}

/// A server default reduced to what it means: a literal value or an expression.
#[derive(Debug, Clone, PartialEq)]
enum DefaultValue {
    /// A literal: the text of a string literal, or a number in canonical form.
    Literal(String),
    /// An expression, as written (compared under [`MySqlRules`]).
    Expression(String),
}

impl DefaultValue {
    fn same_as(&self, other: &DefaultValue) -> bool {
        match (self, other) {
            (DefaultValue::Literal(a), DefaultValue::Literal(b)) => a == b,
            (DefaultValue::Expression(a), DefaultValue::Expression(b)) => {
                expr::equal(&MySqlRules, a, b, Context::default())
            }
            // MySQL 8 echoes a string default without its quotes: `x` for `'x'`.
            (DefaultValue::Literal(l), DefaultValue::Expression(e))
            | (DefaultValue::Expression(e), DefaultValue::Literal(l)) => l == e.trim(),
        }
    }
}

/// Reads a default as MariaDB (`'x'`, `current_timestamp()`, `0.00`, `NULL`) or MySQL 8
/// (`x`, `CURRENT_TIMESTAMP`, `0`) echoes it, or as a schema writes it.
fn canonical_default(column: &Column, value: Option<&str>) -> Option<DefaultValue> {
    let text = value?.trim();
    let context = Context::for_type(&canonical_type(&column.r#type));
    let expression = || Some(DefaultValue::Expression(text.to_string()));
    let Some(Expr::Value(v)) = expr::canonical(&MySqlRules, text, context) else {
        return expression();
    };
    let literal = match v.value {
        // `DEFAULT NULL` is what a nullable column has anyway.
        Value::Null => return None,
        Value::SingleQuotedString(s) => s,
        Value::Number(n, _) => n,
        Value::Boolean(b) => u8::from(b).to_string(),
        _ => return expression(),
    };
    Some(DefaultValue::Literal(literal_value(literal, context)))
}

/// A literal default's value: `'true'` is 1 in a boolean column, and a numeric column's
/// number has one spelling (`'0'`, `0`, `0.00`).
fn literal_value(value: String, context: Context) -> String {
    if context.boolean {
        match value.to_ascii_lowercase().as_str() {
            "true" => return "1".into(),
            "false" => return "0".into(),
            _ => {}
        }
    }
    match expr::canonical_number(value.trim()) {
        Some(n) if context.numeric => n,
        _ => value,
    }
}

/// What MySQL and MariaDB do to an expression when they store one, undone for comparison:
/// identifiers lose their backquotes and case (column names are case-insensitive), string
/// literals their charset introducers (`_utf8mb4'x'`), `"x"` is the string `'x'`, and
/// `now()`, `current_timestamp()`, `localtime` and `localtimestamp` are
/// `CURRENT_TIMESTAMP`. MySQL 8 shows a check clause with its quotes escaped
/// (`_utf8mb4\'x\'`); such a clause is read unescaped. Inside a string literal a backslash
/// escapes (MariaDB reads `'it''s'` back as `'it\'s'`).
#[derive(Debug, Clone, Copy, Default)]
pub struct MySqlRules;

impl Rules for MySqlRules {
    fn grammar(&self) -> &dyn Grammar {
        &MySqlGrammar {}
    }

    fn prepare<'a>(&self, sql: &'a str) -> Cow<'a, str> {
        if quotes_escaped(sql) {
            Cow::Owned(unescape(sql))
        } else {
            Cow::Borrowed(sql)
        }
    }

    fn rewrite(&self, node: &mut Expr, context: Context) {
        let _ = context;
        *node = match expr::take(node) {
            Expr::Prefixed { prefix, value } if prefix.value.starts_with('_') => *value,
            Expr::Value(v) => match v.value {
                Value::DoubleQuotedString(s) => Expr::value(Value::SingleQuotedString(s)),
                other => Expr::value(other),
            },
            Expr::Function(mut f) => {
                let now = ["now", "current_timestamp", "localtime", "localtimestamp"];
                if expr::is_call_without_arguments(&f, &now) {
                    expr::make_current_timestamp(&mut f);
                }
                Expr::Function(f)
            }
            other => other,
        };
    }
}

/// Whether a quote is escaped outside any string literal (`_utf8mb4\'x\'`): the whole
/// text is then escaped once more than SQL.
fn quotes_escaped(sql: &str) -> bool {
    let mut in_string = false;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if in_string => {
                chars.next();
            }
            '\\' if chars.peek() == Some(&'\'') => return true,
            '\'' => in_string = !in_string,
            _ => {}
        }
    }
    false
}

/// Removes one level of backslash escapes.
fn unescape(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut chars = sql.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            c => out.push(c),
        }
    }
    out
}

/// Whether `index` is the one MySQL made by itself to back a foreign key: it carries the
/// constraint's name (named key) or its first column's name (unnamed key, `col`, `col_2`),
/// and its columns lead with the key's columns.
fn is_generated_index(table: &Table, index: &Index) -> bool {
    table.foreign_keys.iter().any(|fk| index_made_for(table, fk, index))
}

/// Whether `index` is the one MySQL made for `fk`: it serves the key and is named after it,
/// or, for a key the server named (`child_ibfk_1`), after its first column (`parent_id`,
/// `parent_id_2`).
pub(crate) fn index_made_for(table: &Table, fk: &ForeignKey, index: &Index) -> bool {
    if index.unique || !index.columns.starts_with(&fk.columns) || fk.columns.is_empty() {
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
        // Display widths, `signed` and CHAR's length 1 change nothing; `unsigned` does.
        let raw = |t: &str| ColumnType::Raw(t.into());
        for (desired, reported) in [
            ("BIGINT UNSIGNED", "bigint(20) unsigned"),
            ("int(11) UNSIGNED", "int unsigned"),
            ("INTEGER UNSIGNED", "int(10) unsigned"),
            ("TINYINT", "tinyint(4)"),
            ("MEDIUMINT UNSIGNED", "mediumint(8) unsigned"),
            ("smallint(5) signed", "smallint(6)"),
            ("INT ZEROFILL", "int(10) unsigned zerofill"),
            ("CHAR", "char(1)"),
            ("DECIMAL(10, 2) UNSIGNED", "decimal(10,2) unsigned"),
            ("NVARCHAR(160)", "varchar(160)"),
            ("NATIONAL VARCHAR(10)", "varchar(10)"),
            ("NCHAR(3)", "char(3)"),
            ("YEAR", "year(4)"),
            ("TIMESTAMP", "datetime"),
        ] {
            assert!(d.types_equal(&raw(desired), &live(reported)), "{desired} = {reported}");
        }
        for (desired, reported) in [
            ("BIGINT UNSIGNED", "bigint(20)"),
            ("INT", "int(10) unsigned"),
            ("INT(4) ZEROFILL", "int(10) unsigned zerofill"),
            ("CHAR(2)", "char(1)"),
            ("TIMESTAMP(3)", "datetime"),
        ] {
            assert!(!d.types_equal(&raw(desired), &live(reported)), "{desired} != {reported}");
        }
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
    fn utf8_is_utf8mb3() {
        let d = MySqlDialect;
        assert!(d.charsets_equal("utf8", "utf8mb3"));
        assert!(d.charsets_equal("UTF8MB4", "utf8mb4"));
        assert!(!d.charsets_equal("utf8", "utf8mb4"));
        assert!(d.collations_equal("utf8_general_ci", "utf8mb3_general_ci"));
        assert!(!d.collations_equal("utf8mb4_bin", "utf8mb4_general_ci"));
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
    fn checks_read_back_by_mariadb_and_mysql_match() {
        let d = MySqlDialect;
        let cases = [
            ("name <> 'it''s'", "`name` <> 'it\\'s'"),
            ("status IN ('a', 'b')", "(`status` in (_utf8mb4\\'a\\',_utf8mb4\\'b\\'))"),
            ("Status IN ('a', 'b')", "`status` in (_utf8mb4'a',_utf8mb4'b')"),
            ("n > -1", "(`n` > -(1))"),
            ("a != b", "(`a` <> `b`)"),
            ("(a > 0) AND (b > 0)", "`a` > 0 and `b` > 0"),
        ];
        for (desired, live) in cases {
            assert!(d.checks_equal(desired, live), "{desired} vs {live}");
        }
        assert!(!d.checks_equal("name <> 'It''s'", "`name` <> 'it\\'s'"));
        assert!(!d.checks_equal("(a OR b) AND c", "`a` or `b` and `c`"));
    }

    #[test]
    fn defaults_fold_numbers_only_in_numeric_columns() {
        let d = MySqlDialect;
        let text = Column::new("s", ColumnType::String(Some(10)));
        let price = Column::new("p", ColumnType::Numeric(Some(10), Some(2)));
        let raw_int = Column::new("r", ColumnType::Raw("int(11)".into()));
        assert!(d.defaults_equal(&price, Some("5"), Some("5.00")));
        assert!(d.defaults_equal(&price, Some("-1.5"), Some("'-1.50'")));
        assert!(d.defaults_equal(&raw_int, Some("'7'"), Some("7")));
        assert!(!d.defaults_equal(&text, Some("'5'"), Some("'5.0'")));
        assert!(d.defaults_equal(&text, Some("'it''s'"), Some("'it\\'s'")));
        assert!(d.defaults_equal(&text, Some("_utf8mb4'x'"), Some("'x'")));
        assert!(!d.defaults_equal(&text, Some("'NULL'"), None));
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
            ..Default::default()
        });
        t.foreign_keys.push(ForeignKey {
            name: Some("child_ibfk_2".into()),
            columns: vec!["other_id".into()],
            referred_table: "other".into(),
            referred_columns: vec!["id".into()],
            on_delete: Default::default(),
            on_update: Default::default(),
            ..Default::default()
        });
        let ix = |name: &str, col: &str| Index {
            name: name.into(),
            columns: vec![col.into()],
            unique: false,
            descending: Vec::new(),
            predicate: None,
            ..Default::default()
        };
        assert!(is_generated_index(&t, &ix("fk_child_parent", "parent_id")));
        assert!(is_generated_index(&t, &ix("other_id", "other_id")));
        assert!(!is_generated_index(&t, &ix("ix_child_parent", "parent_id")));
        assert!(!is_generated_index(&t, &ix("parent_id", "parent_id")));
    }
}
