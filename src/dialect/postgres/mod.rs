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
//! The module is split by job: [`render`] turns operations into SQL (offline),
//! [`inspect`] reads the catalog, [`connection`] holds the open connection.

pub mod connection;
pub mod inspect;
mod pool;
pub mod render;
mod spelling;

pub use connection::PostgresConnection;
pub(crate) use connection::DRIVER;

use crate::dialect::{Dialect, DialectError, DialectResult};
use crate::operation::Operation;
use crate::schema::{Column, ColumnType, Schema};

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
    /// A raw desired type matches the live type it spells (`raw(int4)` = integer).
    fn types_equal(&self, desired: &ColumnType, live: &ColumnType) -> bool {
        match (desired, live) {
            (ColumnType::Enum { name: dn, values: dv }, ColumnType::Enum { name: ln, values: lv }) => {
                dv == lv && (dn.is_none() || dn == ln)
            }
            (ColumnType::Raw(d), ColumnType::Raw(l)) => d
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .eq_ignore_ascii_case(&l.split_whitespace().collect::<Vec<_>>().join(" ")),
            (ColumnType::Raw(d), l) => &spelling::read_type(d) == l,
            (d, l) => d == l,
        }
    }

    /// Defaults compare after folding what PostgreSQL adds when it stores one: casts
    /// (`'x'::character varying`), parentheses around a single value, quoted numbers
    /// (`'-1'::integer`), `now()` for `CURRENT_TIMESTAMP`, and for boolean columns the
    /// spellings `'t'`/`1`.
    fn defaults_equal(&self, column: &Column, desired: Option<&str>, live: Option<&str>) -> bool {
        match (desired, live) {
            (None, None) => true,
            (Some(d), Some(l)) => {
                let boolean = column.r#type == ColumnType::Boolean;
                normalize_expr(d, boolean) == normalize_expr(l, boolean)
            }
            _ => false,
        }
    }

    /// Checks compare after the same folding as defaults, plus the rewrites PostgreSQL
    /// makes when it stores a check: `x IN (a, b)` is read back as
    /// `x = ANY (ARRAY[a, b])`, `x BETWEEN a AND b` as `x >= a AND x <= b` (single-token
    /// operands only), `LIKE` as `~~`, `!=` as `<>`.
    ///
    /// Parentheses around a single comparison between AND / OR / NOT are ignored
    /// (`(a > 0) AND (b > 0)` = `a > 0 AND b > 0`).
    ///
    /// Not covered: other regroupings (`(a AND b) AND c` against `a AND b AND c`,
    /// arithmetic parentheses), `NOT BETWEEN`, `IN` lists of expressions, `CASE`
    /// rewrites, and any other change PostgreSQL makes to the expression tree.
    fn checks_equal(&self, desired: &str, live: &str) -> bool {
        normalize_expr(desired, false) == normalize_expr(live, false)
    }
}

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

/// One lexical unit of an SQL expression, for comparison.
#[derive(Debug, Clone, PartialEq)]
enum Token {
    /// A string literal's content.
    Str(String),
    /// A word: unquoted (lower-cased) or quoted (kept as written).
    Word(String),
    /// A number.
    Num(String),
    /// Punctuation or an operator.
    Punct(String),
}

fn tokenize(sql: &str) -> Vec<Token> {
    let chars: Vec<char> = sql.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '\'' || c == '"' {
            let mut s = String::new();
            i += 1;
            while i < chars.len() {
                if chars[i] == c {
                    if chars.get(i + 1) == Some(&c) {
                        s.push(c);
                        i += 2;
                        continue;
                    }
                    break;
                }
                s.push(chars[i]);
                i += 1;
            }
            i += 1;
            out.push(if c == '\'' { Token::Str(s) } else { Token::Word(s) });
        } else if c.is_ascii_digit() {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                i += 1;
            }
            out.push(Token::Num(chars[start..i].iter().collect()));
        } else if c.is_alphanumeric() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == '$') {
                i += 1;
            }
            out.push(Token::Word(chars[start..i].iter().collect::<String>().to_lowercase()));
        } else if "()[],.".contains(c) {
            out.push(Token::Punct(c.to_string()));
            i += 1;
        } else if c == ':' && chars.get(i + 1) == Some(&':') {
            out.push(Token::Punct("::".into()));
            i += 2;
        } else {
            let start = i;
            while i < chars.len() && "+-*/<>=~!@#%^&|`?:".contains(chars[i]) {
                i += 1;
            }
            if i == start {
                i += 1;
            }
            out.push(Token::Punct(chars[start..i].iter().collect()));
        }
    }
    out
}

/// Words that continue a multi-word type name after a cast (`character varying`).
const TYPE_WORDS: &[&str] = &["varying", "precision", "without", "with", "time", "zone"];

fn punct(t: Option<&Token>, p: &str) -> bool {
    matches!(t, Some(Token::Punct(x)) if x == p)
}

fn word(t: Option<&Token>, w: &str) -> bool {
    matches!(t, Some(Token::Word(x)) if x == w)
}

/// Removes `::type` casts (multi-word, schema-qualified, with modifiers or `[]`).
fn strip_casts(tokens: Vec<Token>) -> Vec<Token> {
    let mut out = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        if punct(tokens.get(i), "::") {
            i += 1;
            if matches!(tokens.get(i), Some(Token::Word(_))) {
                i += 1;
                while punct(tokens.get(i), ".") && matches!(tokens.get(i + 1), Some(Token::Word(_))) {
                    i += 2;
                }
                while matches!(tokens.get(i), Some(Token::Word(w)) if TYPE_WORDS.contains(&w.as_str())) {
                    i += 1;
                }
                if punct(tokens.get(i), "(") {
                    let mut j = i + 1;
                    while matches!(tokens.get(j), Some(Token::Num(_)) | Some(Token::Punct(_)))
                        && !punct(tokens.get(j), ")")
                    {
                        j += 1;
                    }
                    if punct(tokens.get(j), ")") {
                        i = j + 1;
                    }
                }
                while punct(tokens.get(i), "[") && punct(tokens.get(i + 1), "]") {
                    i += 2;
                }
            }
            continue;
        }
        out.push(tokens[i].clone());
        i += 1;
    }
    out
}

/// Folds an expression into a canonical token string (see [`Dialect::checks_equal`]).
fn normalize_expr(sql: &str, boolean: bool) -> String {
    let mut tokens = strip_casts(tokenize(sql));
    // Quoted numbers are numbers: '-1'::integer is -1.
    tokens = tokens
        .into_iter()
        .flat_map(|t| match t {
            Token::Str(s) if is_number(&s) => vec![Token::Num(s)],
            Token::Punct(p) if p == "!=" => vec![Token::Punct("<>".into())],
            Token::Word(w) if w == "like" => vec![Token::Punct("~~".into())],
            Token::Word(w) if w == "ilike" => vec![Token::Punct("~~*".into())],
            other => vec![other],
        })
        .collect();
    // A minus sign where a value starts belongs to the number: -1 and '-1'::integer agree.
    let mut i = 0;
    while i + 1 < tokens.len() {
        let starts_value = i == 0 || is_open_or_op(&tokens[i - 1]);
        if punct(tokens.get(i), "-") && starts_value {
            if let Some(Token::Num(n)) = tokens.get(i + 1) {
                let merged = Token::Num(format!("-{n}"));
                tokens.splice(i..i + 2, [merged]);
            }
        }
        i += 1;
    }
    // NOT LIKE reads back as !~~.
    let mut i = 0;
    while i + 1 < tokens.len() {
        if word(tokens.get(i), "not") && (punct(tokens.get(i + 1), "~~") || punct(tokens.get(i + 1), "~~*")) {
            let op = format!(
                "!{}",
                match &tokens[i + 1] {
                    Token::Punct(p) => p.as_str(),
                    _ => "",
                }
            );
            tokens.splice(i..i + 2, [Token::Punct(op)]);
        }
        i += 1;
    }
    // now() and transaction_timestamp() are CURRENT_TIMESTAMP.
    let mut i = 0;
    while i < tokens.len() {
        if (word(tokens.get(i), "now") || word(tokens.get(i), "transaction_timestamp"))
            && punct(tokens.get(i + 1), "(")
            && punct(tokens.get(i + 2), ")")
        {
            tokens.splice(i..i + 3, [Token::Word("current_timestamp".into())]);
        }
        i += 1;
    }
    if boolean {
        tokens = tokens
            .into_iter()
            .map(|t| match &t {
                Token::Str(s) | Token::Num(s) | Token::Word(s) => match s.to_ascii_lowercase().as_str() {
                    "t" | "true" | "1" | "y" | "yes" | "on" => Token::Word("true".into()),
                    "f" | "false" | "0" | "n" | "no" | "off" => Token::Word("false".into()),
                    _ => t,
                },
                _ => t,
            })
            .collect();
    }
    // x = ANY (ARRAY[a, b]) is x IN (a, b).
    let mut i = 0;
    while i < tokens.len() {
        if punct(tokens.get(i), "=")
            && word(tokens.get(i + 1), "any")
            && punct(tokens.get(i + 2), "(")
            && word(tokens.get(i + 3), "array")
            && punct(tokens.get(i + 4), "[")
        {
            if let Some(close) = (i + 5..tokens.len()).find(|&j| punct(tokens.get(j), "]")) {
                if punct(tokens.get(close + 1), ")") {
                    let mut items = vec![Token::Word("in".into()), Token::Punct("(".into())];
                    items.extend_from_slice(&tokens[i + 5..close]);
                    items.push(Token::Punct(")".into()));
                    tokens.splice(i..close + 2, items);
                }
            }
        }
        i += 1;
    }
    // Parentheses around one value say nothing: (status) is status, ('x') is 'x'.
    loop {
        let mut changed = false;
        let mut i = 0;
        while i + 2 < tokens.len() {
            let before_is_call = i > 0 && !is_open_or_op(&tokens[i - 1]);
            if punct(tokens.get(i), "(")
                && matches!(tokens.get(i + 1), Some(Token::Word(_) | Token::Str(_) | Token::Num(_)))
                && punct(tokens.get(i + 2), ")")
                && !before_is_call
            {
                tokens.remove(i + 2);
                tokens.remove(i);
                changed = true;
            }
            i += 1;
        }
        if !changed {
            break;
        }
    }
    // x BETWEEN a AND b is x >= a AND x <= b (single-token operands).
    let mut i = 0;
    while i + 4 < tokens.len() {
        if word(tokens.get(i + 1), "between") && word(tokens.get(i + 3), "and") {
            let (x, a, b) = (tokens[i].clone(), tokens[i + 2].clone(), tokens[i + 4].clone());
            tokens.splice(
                i..i + 5,
                [x.clone(), Token::Punct(">=".into()), a, Token::Word("and".into()), x, Token::Punct("<=".into()), b],
            );
        }
        i += 1;
    }
    // Parentheses around a comparison between AND / OR / NOT are redundant (comparisons
    // bind tighter): (a > 0) AND (b > 0) is a > 0 AND b > 0.
    while let Some((open, close)) = redundant_group(&tokens) {
        tokens.remove(close);
        tokens.remove(open);
    }
    // Outer parentheses around the whole expression.
    while punct(tokens.first(), "(") && punct(tokens.last(), ")") && encloses_all(&tokens) {
        tokens.remove(tokens.len() - 1);
        tokens.remove(0);
    }
    tokens
        .iter()
        .map(|t| match t {
            Token::Str(s) => format!("'{}'", s.replace('\'', "''")),
            Token::Word(w) => w.clone(),
            Token::Num(n) => n.clone(),
            Token::Punct(p) => p.clone(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether a token before `(` makes it a grouping parenthesis rather than a call.
fn is_open_or_op(t: &Token) -> bool {
    match t {
        Token::Punct(p) => p != ")" && p != "]",
        Token::Word(w) => matches!(
            w.as_str(),
            "and" | "or" | "not" | "in" | "is" | "then" | "else" | "when" | "case" | "between" | "any" | "all"
        ),
        Token::Str(_) | Token::Num(_) => false,
    }
}

/// The first `( … )` that groups a comparison with no AND / OR of its own, standing where
/// a boolean operand stands (after the start, `(`, `,`, AND, OR, NOT; before the end, `)`,
/// `,`, AND, OR).
fn redundant_group(tokens: &[Token]) -> Option<(usize, usize)> {
    for open in 0..tokens.len() {
        if !punct(tokens.get(open), "(") {
            continue;
        }
        let before_ok = open == 0
            || punct(tokens.get(open - 1), "(")
            || punct(tokens.get(open - 1), ",")
            || ["and", "or", "not"].iter().any(|w| word(tokens.get(open - 1), w));
        if !before_ok {
            continue;
        }
        let mut depth = 0;
        let mut close = None;
        let mut has_logic = false;
        for (j, t) in tokens.iter().enumerate().skip(open) {
            if punct(Some(t), "(") {
                depth += 1;
            } else if punct(Some(t), ")") {
                depth -= 1;
                if depth == 0 {
                    close = Some(j);
                    break;
                }
            } else if depth == 1 && ["and", "or", "not", "between", "select"].iter().any(|w| word(Some(t), w)) {
                has_logic = true;
            }
        }
        let close = close?;
        let after_ok = close + 1 == tokens.len()
            || punct(tokens.get(close + 1), ")")
            || punct(tokens.get(close + 1), ",")
            || ["and", "or"].iter().any(|w| word(tokens.get(close + 1), w));
        if !has_logic && after_ok && close > open + 1 {
            return Some((open, close));
        }
    }
    None
}

/// Whether the first token's `(` closes at the last token.
fn encloses_all(tokens: &[Token]) -> bool {
    let mut depth = 0;
    for (i, t) in tokens.iter().enumerate() {
        if punct(Some(t), "(") {
            depth += 1;
        } else if punct(Some(t), ")") {
            depth -= 1;
            if depth == 0 && i != tokens.len() - 1 {
                return false;
            }
        }
    }
    true
}

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
