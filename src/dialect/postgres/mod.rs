//! The PostgreSQL dialect (13 and later): SQL spelling, DDL rendering, catalog
//! introspection and the comparison rules the diff asks about.
//!
//! Invariants:
//! - every identifier is double-quoted, so reserved words (`"order"`) and mixed case
//!   (`"User"`) round-trip unchanged;
//! - DDL is transactional: a failing migration rolls back completely;
//! - a native enum type exists exactly while some column uses it. An
//!   [`ColumnType::Enum`] without a name (scripts written on SQLite) is stored as the type
//!   `<table>_<column>` (see [`enum_type_name`]); rendering, renames and [`Dialect::types_equal`]
//!   all use that rule, and `types_equal` compares such an enum by its values only.
//!
//! The module is split by job: `render` turns operations into SQL (offline),
//! [`inspect`] reads the catalog, [`connection`] holds the open connection.

mod canonical;
pub mod connection;
mod domain;
pub mod inspect;
mod pool;
mod render;
mod spelling;

pub use connection::PostgresConnection;
pub(crate) use connection::DRIVER;

use sqlparser::ast::{BinaryOperator, CastKind, Expr, InTarget, Value};
use sqlparser::dialect::{Dialect as Grammar, PostgreSqlDialect};

use crate::dialect::expr::{self, Context, Rules};
use crate::dialect::{Dialect, DialectError, DialectResult};
use crate::operation::Operation;
use crate::schema::{ColumnType, Schema};

/// Dialect name, as used in `execute` operations and error messages.
pub const NAME: &str = "postgresql";

/// The PostgreSQL dialect.
#[derive(Debug, Clone, Copy, Default)]
pub struct PostgresDialect;

/// The PostgreSQL type name of an enum column: its own name, or `<table>_<column>` when the
/// schema gives none.
pub fn enum_type_name(table: &str, column: &str, name: Option<&str>) -> String {
    match name {
        Some(n) => n.to_string(),
        None => format!("{table}_{column}"),
    }
}

impl Dialect for PostgresDialect {
    fn name(&self) -> &'static str {
        NAME
    }

    fn impl_name(&self) -> &'static str {
        "PostgresqlImpl"
    }

    fn transactional_ddl(&self) -> bool {
        true
    }

    fn utc_now_text(&self) -> String {
        // The clock, not the transaction's start: a revision's start and end differ.
        "to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')".to_string()
    }

    /// `NAMEDATALEN - 1`: PostgreSQL silently truncates longer names to 63 bytes.
    fn max_identifier_length(&self) -> Option<crate::dialect::IdentifierLimit> {
        Some(crate::dialect::IdentifierLimit { max: 63, unit: crate::dialect::LengthUnit::Bytes })
    }

    /// An enum with no name of its own is created as the type `<table>_<column>`.
    fn implicit_type_name(&self, table: &str, column: &crate::schema::Column) -> Option<String> {
        match &column.r#type {
            ColumnType::Enum { name: None, .. } => Some(enum_type_name(table, &column.name, None)),
            _ => None,
        }
    }

    fn spelling(&self) -> &dyn crate::dialect::Spelling {
        self
    }

    fn quote(&self, ident: &str) -> String {
        quote(ident)
    }

    /// Renders a type. An enum renders as its quoted type name; an unnamed enum has no
    /// type name outside a table, so this errors for it (rendering a column uses
    /// [`enum_type_name`] instead).
    fn render_type(&self, ty: &ColumnType) -> DialectResult<String> {
        match ty {
            ColumnType::Enum { name: Some(name), .. } => Ok(quote(name)),
            ColumnType::Enum { name: None, .. } => Err(DialectError::Unsupported {
                dialect: NAME,
                what: format!("{ty} outside a column (an unnamed enum is named after its table and column)"),
            }),
            other => Ok(render_plain_type(other)),
        }
    }

    fn render(&self, op: &Operation, before: &Schema) -> DialectResult<Vec<String>> {
        render::render(op, before)
    }

    /// Enums compare by values; by name too when the desired one has a name.
    /// A raw desired type matches the live type it spells (`raw(int4)` = integer), and two raw
    /// types compare in PostgreSQL's canonical spelling (`int[]` = `_int4` = `integer[]`).
    fn types_equal(&self, desired: &ColumnType, live: &ColumnType) -> bool {
        match (desired, live) {
            (ColumnType::Enum { name: dn, values: dv }, ColumnType::Enum { name: ln, values: lv }) => {
                dv == lv && (dn.is_none() || dn == ln)
            }
            (ColumnType::Raw(d), ColumnType::Raw(l)) => spelling::canonical_type(d) == spelling::canonical_type(l),
            (ColumnType::Raw(d), l) => &spelling::read_type(d) == l,
            (d, ColumnType::Raw(l)) => &spelling::read_type(l) == d,
            (d, l) => d == l,
        }
    }

    /// A `timestamp without time zone` default compares without the offset a literal may
    /// carry (`'1970-01-01 00:00:01+00:00'`), which PostgreSQL drops when it stores it.
    fn defaults_equal(&self, column: &crate::schema::Column, desired: Option<&str>, live: Option<&str>) -> bool {
        let local = column.r#type == ColumnType::DateTime { timezone: false };
        let fold = |d: Option<&str>| d.map(|d| if local { without_offset(d) } else { d.to_string() });
        match (fold(desired), fold(live)) {
            (None, None) => true,
            (Some(a), Some(b)) => expr::equal(&PostgresRules, &a, &b, Context::for_column(column)),
            _ => false,
        }
    }

    /// A class PostgreSQL's catalog marks as the default wherever it exists (`text_ops`,
    /// `int4_ops`, `jsonb_ops`, …) is the key's default class, as the catalog reads it
    /// (`None`); a schema may name one or not. A schema name is ignored.
    fn operator_classes_equal(&self, desired: Option<&str>, live: Option<&str>) -> bool {
        let fold = |class: Option<&str>| {
            class
                .map(|c| c.trim().rsplit('.').next().unwrap_or_default().trim_matches('"').to_ascii_lowercase())
                .filter(|c| !DEFAULT_OPERATOR_CLASSES.contains(&c.as_str()))
        };
        fold(desired) == fold(live)
    }

    /// `COLLATE "default"` (as pg_dump writes it, with or without `pg_catalog.`) is the
    /// collation of the column's type: the same as naming none.
    fn is_type_default_collation(&self, name: &str) -> bool {
        name.trim().rsplit('.').next().is_some_and(|n| n.trim_matches('"') == "default")
    }

    /// Defaults, checks and index expressions compare after undoing the rewrites
    /// PostgreSQL makes when it stores them (see [`PostgresRules`]).
    fn expression_rules(&self) -> &dyn Rules {
        &PostgresRules
    }
}

/// A quoted timestamp literal without its zone offset: `'2020-01-01 10:00:00+02'` is
/// `'2020-01-01 10:00:00'`; any other text is unchanged.
fn without_offset(text: &str) -> String {
    let trimmed = text.trim();
    let Some(inner) = trimmed.strip_prefix('\'').and_then(|t| t.split_once('\'')) else { return text.to_string() };
    let (literal, rest) = inner;
    let bytes = literal.as_bytes();
    let is_date = bytes.len() > 10
        && bytes[..10].iter().enumerate().all(|(i, b)| if i == 4 || i == 7 { *b == b'-' } else { b.is_ascii_digit() })
        && matches!(bytes[10], b' ' | b'T');
    match literal[11.min(literal.len())..].find(['+', '-', 'Z', 'z']) {
        Some(at) if is_date => format!("'{}'{rest}", literal[..11 + at].trim_end()),
        _ => text.to_string(),
    }
}

/// The operator classes of `pg_catalog` that are their types' default for every index
/// method that has them (`inet_ops`, the default B-tree class of `inet` but not GiST's, is
/// not one): naming one is the same as naming none.
const DEFAULT_OPERATOR_CLASSES: &[&str] = &[
    "aclitem_ops",
    "array_ops",
    "bit_minmax_ops",
    "bit_ops",
    "bool_ops",
    "box_inclusion_ops",
    "box_ops",
    "bpchar_minmax_ops",
    "bpchar_ops",
    "bytea_minmax_ops",
    "bytea_ops",
    "char_minmax_ops",
    "char_ops",
    "cid_ops",
    "circle_ops",
    "date_minmax_ops",
    "date_ops",
    "enum_ops",
    "float4_minmax_ops",
    "float4_ops",
    "float8_minmax_ops",
    "float8_ops",
    "inet_inclusion_ops",
    "int2_minmax_ops",
    "int2_ops",
    "int4_minmax_ops",
    "int4_ops",
    "int8_minmax_ops",
    "int8_ops",
    "interval_minmax_ops",
    "interval_ops",
    "jsonb_ops",
    "macaddr8_minmax_ops",
    "macaddr8_ops",
    "macaddr_minmax_ops",
    "macaddr_ops",
    "money_ops",
    "multirange_ops",
    "name_minmax_ops",
    "name_ops",
    "numeric_minmax_ops",
    "numeric_ops",
    "oid_minmax_ops",
    "oid_ops",
    "oidvector_ops",
    "pg_lsn_minmax_ops",
    "pg_lsn_ops",
    "point_ops",
    "poly_ops",
    "quad_point_ops",
    "range_inclusion_ops",
    "range_ops",
    "record_ops",
    "text_minmax_ops",
    "text_ops",
    "tid_minmax_ops",
    "tid_ops",
    "time_minmax_ops",
    "time_ops",
    "timestamp_minmax_ops",
    "timestamp_ops",
    "timestamptz_minmax_ops",
    "timestamptz_ops",
    "timetz_minmax_ops",
    "timetz_ops",
    "tsquery_ops",
    "tsvector_ops",
    "uuid_minmax_ops",
    "uuid_ops",
    "varbit_minmax_ops",
    "varbit_ops",
    "xid8_ops",
    "xid_ops",
];

/// Double-quotes an identifier, doubling any quote inside it.
pub fn quote(ident: &str) -> String {
    format!("\"{}\"", ident.replace('"', "\"\""))
}

/// The spelling of every type but enums.
fn render_plain_type(ty: &ColumnType) -> String {
    match ty {
        ColumnType::String(None) => "VARCHAR".into(),
        ColumnType::Boolean => "BOOLEAN".into(),
        ColumnType::DateTime { timezone: false } => "TIMESTAMP WITHOUT TIME ZONE".into(),
        ColumnType::DateTime { timezone: true } => "TIMESTAMP WITH TIME ZONE".into(),
        ColumnType::Time => "TIME WITHOUT TIME ZONE".into(),
        ColumnType::Float => "REAL".into(),
        ColumnType::Double => "DOUBLE PRECISION".into(),
        ColumnType::Binary => "BYTEA".into(),
        ColumnType::Uuid => "UUID".into(),
        ColumnType::Enum { name, .. } => quote(name.as_deref().unwrap_or_default()),
        other => crate::dialect::standard_type(other).unwrap_or_default(),
    }
}

/// What PostgreSQL does to an expression when it stores one (a default, a check, an index
/// expression), undone for comparison:
/// - the casts it adds or keeps (`'x'::character varying`, `(email)::text`,
///   `'-1'::integer`, `ARRAY[…]::text[]`) are dropped, a typed literal (`interval '1 day'`,
///   stored `'1 day'::interval`) is its string, and a quoted number is that number;
/// - `now()` and `transaction_timestamp()` are `CURRENT_TIMESTAMP`;
/// - `x IN (a, b)` is stored as `x = ANY (ARRAY[a, b])`, `NOT IN` as `<> ALL (ARRAY[…])`;
/// - `LIKE` / `ILIKE` as `~~` / `~~*` (negated: `!~~` / `!~~*`);
/// - `x BETWEEN a AND b` as `x >= a AND x <= b`, `NOT BETWEEN` as `x < a OR x > b`;
/// - for a boolean column, `'t'`, `'yes'`, `1`, … are TRUE and `'f'`, `'no'`, `0`, … FALSE.
///
/// Quoted identifiers keep their case (`"User"` is not `user`).
///
/// Not covered: `CASE` rewrites, `IN` over a subquery, `LIKE … ESCAPE`, and any other change
/// PostgreSQL makes to the expression tree; such an expression is reported as changed.
#[derive(Debug, Clone, Copy, Default)]
pub struct PostgresRules;

impl Rules for PostgresRules {
    fn grammar(&self) -> &dyn Grammar {
        &PostgreSqlDialect {}
    }

    fn quoted_identifiers_fold(&self) -> bool {
        false
    }

    fn rewrite(&self, node: &mut Expr, context: Context) {
        *node = match expr::take(node) {
            Expr::Cast { kind: CastKind::Cast | CastKind::DoubleColon, expr, .. } => *expr,
            Expr::Value(v) => stored_literal(v.value, context),
            // `interval '1 day'` is stored as `'1 day'::interval`, whose cast goes above.
            Expr::TypedString(typed) => stored_literal(typed.value.value, context),
            Expr::Interval(interval)
                if interval.leading_field.is_none()
                    && interval.last_field.is_none()
                    && interval.leading_precision.is_none()
                    && interval.fractional_seconds_precision.is_none() =>
            {
                *interval.value
            }
            Expr::Function(mut f) => {
                if expr::is_call_without_arguments(&f, &["now", "transaction_timestamp"]) {
                    expr::make_current_timestamp(&mut f);
                }
                Expr::Function(f)
            }
            Expr::AnyOp { left, compare_op: BinaryOperator::Eq, right, is_some: false } => match *right {
                Expr::Array(array) => in_list(*left, array.elem, false),
                right => Expr::AnyOp { left, compare_op: BinaryOperator::Eq, right: Box::new(right), is_some: false },
            },
            Expr::AllOp { left, compare_op: BinaryOperator::NotEq, right } => match *right {
                Expr::Array(array) => in_list(*left, array.elem, true),
                right => Expr::AllOp { left, compare_op: BinaryOperator::NotEq, right: Box::new(right) },
            },
            Expr::Like { negated, any: false, expr, pattern, escape_char: None } => {
                let op = if negated { BinaryOperator::PGNotLikeMatch } else { BinaryOperator::PGLikeMatch };
                expr::binary(*expr, op, *pattern)
            }
            Expr::ILike { negated, any: false, expr, pattern, escape_char: None } => {
                let op = if negated { BinaryOperator::PGNotILikeMatch } else { BinaryOperator::PGILikeMatch };
                expr::binary(*expr, op, *pattern)
            }
            Expr::Between { expr, negated, low, high } => between(*expr, negated, *low, *high),
            // The type's own collation is no collation.
            Expr::Collate { expr, collation } if is_default_collation(&collation) => *expr,
            other => other,
        };
    }
}

/// Whether a `COLLATE` names `"default"` (also as `pg_catalog."default"`).
fn is_default_collation(name: &sqlparser::ast::ObjectName) -> bool {
    name.0.last().and_then(|part| part.as_ident()).is_some_and(|ident| ident.value == "default")
}

/// A literal as PostgreSQL keeps it: a quoted number is the number (`'-1'::integer`), and a
/// boolean column's spellings of TRUE and FALSE are those values.
fn stored_literal(value: Value, context: Context) -> Expr {
    let value = match value {
        Value::SingleQuotedString(s) if is_number(&s) => Value::Number(s, false),
        other => other,
    };
    let truth = match &value {
        Value::SingleQuotedString(s) | Value::Number(s, _) if context.boolean => {
            match s.to_ascii_lowercase().as_str() {
                "t" | "true" | "1" | "y" | "yes" | "on" => Some(true),
                "f" | "false" | "0" | "n" | "no" | "off" => Some(false),
                _ => None,
            }
        }
        _ => None,
    };
    Expr::value(truth.map_or(value, Value::Boolean))
}

/// `x IN (items)`, or `x NOT IN (items)`.
fn in_list(left: Expr, items: Vec<Expr>, negated: bool) -> Expr {
    Expr::In { expr: Box::new(left), target: InTarget::List(items), negated, global: false }
}

/// `x BETWEEN low AND high` as PostgreSQL stores it: `x >= low AND x <= high`
/// (`NOT BETWEEN`: `x < low OR x > high`).
fn between(x: Expr, negated: bool, low: Expr, high: Expr) -> Expr {
    let (above, join, below) = if negated {
        (BinaryOperator::Lt, BinaryOperator::Or, BinaryOperator::Gt)
    } else {
        (BinaryOperator::GtEq, BinaryOperator::And, BinaryOperator::LtEq)
    };
    expr::binary(expr::binary(x.clone(), above, low), join, expr::binary(x, below, high))
}

/// Whether a string literal's content is a decimal number (`-1`, `0.5`).
fn is_number(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && digits.chars().filter(|&c| c == '.').count() <= 1
        && digits.chars().any(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::Column;

    fn col(ty: ColumnType) -> Column {
        Column::new("c", ty)
    }

    #[test]
    fn defaults_as_postgresql_echoes_them_match_the_schema_file() {
        let d = PostgresDialect;
        let cases = [
            (ColumnType::String(Some(10)), "'x'", "'x'::character varying"),
            (ColumnType::Integer, "0", "'0'::integer"),
            (ColumnType::Integer, "-1", "'-1'::integer"),
            (ColumnType::DateTime { timezone: false }, "CURRENT_TIMESTAMP", "now()"),
            (ColumnType::DateTime { timezone: true }, "now()", "CURRENT_TIMESTAMP"),
            (ColumnType::Boolean, "TRUE", "true"),
            (ColumnType::DateTime { timezone: false }, "(now() + interval '1 day')", "(now() + '1 day'::interval)"),
            (ColumnType::Date, "DATE '2020-01-01'", "'2020-01-01'::date"),
            (ColumnType::Boolean, "'t'", "true"),
            (ColumnType::Boolean, "0", "false"),
            (ColumnType::Text, "''", "''::text"),
            (ColumnType::Text, "'x'", "('x'::text)"),
            (ColumnType::Numeric(Some(10), Some(2)), "1.50", "1.50"),
            (ColumnType::Enum { name: Some("mood".into()), values: vec![] }, "'ok'", "'ok'::\"Mood\""),
            (
                ColumnType::DateTime { timezone: false },
                "'2020-01-01 00:00:00'",
                "'2020-01-01 00:00:00'::timestamp without time zone",
            ),
        ];
        for (ty, desired, live) in cases {
            assert!(d.defaults_equal(&col(ty), Some(desired), Some(live)), "{desired} vs {live}");
        }
        assert!(!d.defaults_equal(&col(ColumnType::Text), Some("'a'"), Some("'A'::text")));
        let local = col(ColumnType::DateTime { timezone: false });
        let stored = "'1970-01-01 00:00:01'::timestamp without time zone";
        assert!(d.defaults_equal(&local, Some("'1970-01-01 00:00:01+00:00'"), Some(stored)));
        assert!(d.defaults_equal(&local, Some("'1970-01-01T00:00:01Z'"), Some("'1970-01-01T00:00:01'")));
        assert!(!d.defaults_equal(&local, Some("'1970-01-01 00:00:02+00:00'"), Some(stored)));
        let zoned = col(ColumnType::DateTime { timezone: true });
        assert!(!d.defaults_equal(&zoned, Some("'1970-01-01 00:00:01+02'"), Some("'1970-01-01 00:00:01'")));
        assert!(!d.defaults_equal(&col(ColumnType::Integer), Some("1"), Some("'0'::integer")));
        assert!(!d.defaults_equal(&col(ColumnType::Integer), Some("1"), None));
    }

    #[test]
    fn checks_as_postgresql_rewrites_them_match_the_schema_file() {
        let d = PostgresDialect;
        let cases = [
            ("n > 0", "(n > 0)"),
            ("n > 0", "CHECK ((n > 0))".trim_start_matches("CHECK ")),
            (
                "status IN ('a', 'b')",
                "(status)::text = ANY (ARRAY['a'::character varying, 'b'::character varying]::text[])",
            ),
            (
                "status IN ('a', 'b')",
                "status::text = ANY (ARRAY['a'::character varying::text, 'b'::character varying::text])",
            ),
            ("n BETWEEN 1 AND 5", "n >= 1 AND n <= 5"),
            ("name LIKE 'a%'", "name::text ~~ 'a%'::text"),
            ("a != b", "a <> b"),
            ("\"order\" > 0", "\"order\" > 0"),
            ("length(name) > 0", "length(name::text) > 0"),
            ("flag = TRUE", "flag = true"),
            ("n BETWEEN -1 AND 10", "n >= '-1'::integer AND n <= 10"),
            ("n > -1", "(n > (-1))"),
            ("a - 1 > 0", "a - 1 > 0"),
            ("(a > 0) AND (b > 0 OR c)", "a > 0 AND (b > 0 OR c)"),
            ("kind IN ('a', 'b') AND n > 0", "(kind = ANY (ARRAY['a'::tags_kind, 'b'::tags_kind])) AND n > 0"),
            ("NOT (a = 1)", "NOT a = 1"),
        ];
        for (desired, live) in cases {
            assert!(d.checks_equal(desired, live), "{desired} vs {live}");
        }
        assert!(!d.checks_equal("n > 0", "n >= 0"));
        assert!(!d.checks_equal("(a OR b) AND c", "a OR b AND c"));
        assert!(!d.checks_equal("\"User\" > 0", "\"user\" > 0"));
    }

    #[test]
    fn every_spelling_in_the_comparison_tests_parses() {
        let texts = [
            "'x'::character varying",
            "'2020-01-01 00:00:00'::timestamp without time zone",
            "'ok'::\"Mood\"",
            "(status)::text = ANY (ARRAY['a'::character varying, 'b'::character varying]::text[])",
            "status::text = ANY (ARRAY['a'::character varying::text, 'b'::character varying::text])",
            "name::text ~~ 'a%'::text",
            "n >= '-1'::integer AND n <= 10",
            "lower((email)::text)",
        ];
        for text in texts {
            assert!(expr::parse(&PostgresRules, text).is_some(), "{text}");
        }
    }

    #[test]
    fn more_rewrites_postgresql_makes_are_undone() {
        let d = PostgresDialect;
        let cases = [
            ("n NOT BETWEEN 1 AND 5", "(n < 1) OR (n > 5)"),
            (
                "status NOT IN ('a', 'b')",
                "(status)::text <> ALL (ARRAY['a'::character varying, 'b'::character varying]::text[])",
            ),
            ("name ILIKE 'a%'", "(name)::text ~~* 'a%'::text"),
            ("name NOT LIKE 'a%'", "(name)::text !~~ 'a%'::text"),
            ("CAST(n AS integer) > 0", "n > 0"),
            ("(a + b) * 2 > 0", "((a + b) * 2) > 0"),
            ("\"User\".n > 0", "\"User\".n > 0"),
            ("upper(Name) <> ''", "upper((name)::text) <> ''::text"),
            (
                "kind IN ('a', 'b') AND n BETWEEN -1 AND 10 AND length(label) > 0",
                "(kind = ANY (ARRAY['a'::tags_kind, 'b'::tags_kind])) AND n >= '-1'::integer AND n <= 10 \
                 AND length(label::text) > 0",
            ),
        ];
        for (desired, live) in cases {
            assert!(d.checks_equal(desired, live), "{desired} vs {live}");
        }
        assert!(!d.checks_equal("a + b * 2 > 0", "(a + b) * 2 > 0"));
        assert!(!d.checks_equal("n BETWEEN 1 AND 5", "n > 1 AND n < 5"));
        assert!(!d.checks_equal("status IN ('a', 'b')", "status = ANY (ARRAY['a', 'c'])"));
        assert!(!d.checks_equal("name LIKE 'a%'", "name ~~* 'a%'"));
        assert!(!d.checks_equal("User > 0", "\"User\" > 0"));
        assert!(!d.defaults_equal(&col(ColumnType::Boolean), Some("true"), Some("'0'")));
        assert!(d.defaults_equal(&col(ColumnType::Numeric(None, None)), Some("5"), Some("5.0")));
        assert!(!d.defaults_equal(&col(ColumnType::Text), Some("'5'"), Some("'5.0'::text")));
    }

    #[test]
    fn expression_indexes_match_as_postgresql_reads_them_back() {
        let d = PostgresDialect;
        let v = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert!(d.index_entries_equal(&v(&["lower(email)"]), &v(&["lower((email)::text)"])));
        assert!(d.index_entries_equal(&v(&["id", "lower(email)"]), &v(&["id", "lower((email)::text)"])));
        assert!(!d.index_entries_equal(&v(&["lower(email)"]), &v(&["upper((email)::text)"])));
        assert!(!d.index_entries_equal(&v(&["Email"]), &v(&["email"])));
        assert!(!d.index_entries_equal(&v(&["lower(\"Email\")"]), &v(&["lower((email)::text)"])));
    }

    #[test]
    fn a_default_operator_class_is_no_class() {
        let d = PostgresDialect;
        assert!(d.operator_classes_equal(Some("text_ops"), None));
        assert!(d.operator_classes_equal(Some("pg_catalog.jsonb_ops"), None));
        assert!(d.operator_classes_equal(Some("public.gin_trgm_ops"), Some("gin_trgm_ops")));
        assert!(!d.operator_classes_equal(Some("text_pattern_ops"), None));
        assert!(!d.operator_classes_equal(Some("inet_ops"), None));
        assert!(!d.operator_classes_equal(None, Some("jsonb_path_ops")));
    }

    #[test]
    fn unnamed_enums_compare_by_values() {
        let d = PostgresDialect;
        let unnamed = ColumnType::Enum { name: None, values: vec!["a".into(), "b".into()] };
        let live = ColumnType::Enum { name: Some("t_c".into()), values: vec!["a".into(), "b".into()] };
        assert!(d.types_equal(&unnamed, &live));
        let other = ColumnType::Enum { name: Some("other".into()), values: vec!["a".into(), "b".into()] };
        assert!(!d.types_equal(&other, &live));
        let reordered = ColumnType::Enum { name: None, values: vec!["b".into(), "a".into()] };
        assert!(!d.types_equal(&reordered, &live));
        assert!(d.types_equal(&ColumnType::Raw("CITEXT".into()), &ColumnType::Raw("citext".into())));
        assert!(d.types_equal(&ColumnType::Raw("int4".into()), &ColumnType::Integer));
    }
}
