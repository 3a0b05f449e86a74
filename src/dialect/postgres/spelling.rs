//! PostgreSQL's own spellings: its type names (`int4`, `character varying`, `bytea`,
//! `timestamptz`), `serial` columns and `nextval` defaults, and what `pg_dump` writes
//! around the schema (`\restrict`, `set_config`).
//!
//! Invariant: every name read here reads back as the type PostgreSQL's `format_type`
//! reports for it, so a schema file and introspection agree.

use sqlparser::ast::{Expr, FunctionArg, FunctionArgExpr, FunctionArguments, Query, SelectItem, SetExpr, Value};
use sqlparser::dialect::{Dialect as Grammar, PostgreSqlDialect};
use sqlparser::keywords::Keyword;
use sqlparser::tokenizer::{Token, TokenWithSpan};

use super::PostgresDialect;
use crate::dialect::{ClientCommand, Spelling};
use crate::schema::ColumnType;
use crate::sqltype::{standard_type, TypeName};

impl Spelling for PostgresDialect {
    fn keeps_named_types(&self) -> bool {
        true
    }

    fn grammar(&self) -> Box<dyn Grammar> {
        Box::new(PostgreSqlDialect {})
    }

    /// PostgreSQL folds every unquoted name to lower case (`CREATE TABLE Users (UserName
    /// text)` holds `users.username`), so the file's names are read as the database holds
    /// them; a quoted name keeps its case. A word that is also a keyword is folded only when
    /// written in mixed case (`Type`): written all in capitals it is taken for the syntax it
    /// usually is, and keeps its spelling in expressions and notes.
    fn retokenize(&self, tokens: Vec<TokenWithSpan>) -> Vec<TokenWithSpan> {
        tokens
            .into_iter()
            .map(|mut t| {
                if let Token::Word(w) = &mut t.token {
                    let mixed = w.value.chars().any(|c| c.is_ascii_lowercase());
                    if w.quote_style.is_none() && (w.keyword == Keyword::NoKeyword || mixed) {
                        w.value.make_ascii_lowercase();
                    }
                }
                t
            })
            .collect()
    }

    fn read_type(&self, text: &str) -> ColumnType {
        read_type(text)
    }

    fn type_is_autoincrement(&self, type_name: &str) -> bool {
        matches!(
            type_name.trim().to_ascii_lowercase().as_str(),
            "serial" | "serial4" | "bigserial" | "serial8" | "smallserial" | "serial2"
        )
    }

    /// `nextval('public.users_id_seq'::regclass)` draws from `users_id_seq`; a `nextval`
    /// whose argument is not a literal draws from a sequence with no name to give (`""`).
    fn default_sequence(&self, default: &Expr) -> Option<String> {
        let Expr::Function(call) = default else { return None };
        if !call.name.0.last().is_some_and(|p| p.to_string().eq_ignore_ascii_case("nextval")) {
            return None;
        }
        Some(sequence_argument(&call.args).unwrap_or_default())
    }

    /// A generated column is stored: PostgreSQL before 18 has no other kind.
    fn generated_stored_by_default(&self) -> bool {
        true
    }

    fn is_session_query(&self, query: &Query) -> bool {
        is_set_config(query)
    }

    /// pg_dump's `\restrict` / `\unrestrict` key is random letters and digits, which the
    /// tokenizer may misread (`0Xg…`); it is masked, letter for letter.
    fn masked_for_tokenizer<'t>(&self, text: &'t str) -> std::borrow::Cow<'t, str> {
        if !text.contains("\\restrict ") && !text.contains("\\unrestrict ") {
            return std::borrow::Cow::Borrowed(text);
        }
        let mut out = String::with_capacity(text.len());
        for line in text.split_inclusive('\n') {
            match line.strip_prefix("\\restrict ").or_else(|| line.strip_prefix("\\unrestrict ")) {
                Some(key) => {
                    out.push_str(&line[..line.len() - key.len()]);
                    out.extend(key.chars().map(|c| if c.is_ascii_alphanumeric() { 'k' } else { c }));
                }
                None => out.push_str(line),
            }
        }
        std::borrow::Cow::Owned(out)
    }

    /// pg_dump brackets its output with `\restrict` and `\unrestrict`; they guard the
    /// restore session and say nothing about the schema. Other psql commands are noted.
    fn client_command(&self, words: &[String]) -> ClientCommand {
        let name = words.get(1).map(|w| w.to_ascii_lowercase()).unwrap_or_default();
        if name == "restrict" || name == "unrestrict" {
            ClientCommand::Bookkeeping
        } else {
            ClientCommand::Skipped(format!("skipped psql command '{}'", words.concat()))
        }
    }
}

/// The sequence named by `nextval`'s literal argument, unqualified and unquoted.
fn sequence_argument(args: &FunctionArguments) -> Option<String> {
    let FunctionArguments::List(list) = args else { return None };
    let Some(FunctionArg::Unnamed(FunctionArgExpr::Expr(arg))) = list.args.first() else { return None };
    let literal = match arg {
        Expr::Cast { expr, .. } => expr.as_ref(),
        other => other,
    };
    let Expr::Value(value) = literal else { return None };
    let Value::SingleQuotedString(sequence) = &value.value else { return None };
    // The literal is itself a (possibly qualified) name: `public.users_id_seq`.
    Some(sequence.rsplit('.').next().unwrap_or(sequence).trim_matches('"').to_string())
}

/// Whether a query is pg_dump's `SELECT pg_catalog.set_config(...)`: session setup.
fn is_set_config(query: &Query) -> bool {
    let SetExpr::Select(select) = query.body.as_ref() else {
        return false;
    };
    let is_call = |item: &SelectItem| match item {
        SelectItem::UnnamedExpr(Expr::Function(f)) => {
            f.name.0.last().is_some_and(|p| p.to_string().eq_ignore_ascii_case("set_config"))
        }
        _ => false,
    };
    select.from.is_empty() && !select.projection.is_empty() && select.projection.iter().all(is_call)
}

/// Reads a PostgreSQL type name (as written, or as `format_type` reports it). A name the
/// neutral model cannot hold without losing something (`timestamp(3)`, `integer[]`,
/// `inet`) stays [`ColumnType::Raw`] in PostgreSQL's canonical spelling
/// ([`canonical_type`]), so that a schema file and the catalog read alike.
pub(crate) fn read_type(text: &str) -> ColumnType {
    let neutral = neutral_type(text);
    let canonical = canonical_type(text);
    let name = TypeName::parse(text);
    let loses = match &neutral {
        ColumnType::Raw(_) => true,
        ColumnType::Enum { .. } => false,
        _ if canonical.ends_with("[]") => true,
        // The neutral date-time types keep neither a precision nor a time of day's zone.
        ColumnType::DateTime { .. } => name.args.is_some(),
        ColumnType::Time => name.args.is_some() || name.with_time_zone() || name.base == "timetz",
        _ => false,
    };
    if loses {
        ColumnType::Raw(canonical)
    } else {
        neutral
    }
}

/// A type name as PostgreSQL's `format_type` prints it: aliases resolved (`int4` and `int`
/// are `integer`, `varchar(20)` is `character varying(20)`, `timestamptz(3)` is
/// `timestamp(3) with time zone`, `_int4` and `int[]` are `integer[]`), lower case, no
/// `pg_catalog.` or `public.` schema. A quoted name is kept as written.
pub fn canonical_type(text: &str) -> String {
    let trimmed = text.trim();
    if trimmed.contains('"') {
        return trimmed.to_string();
    }
    let lower = trimmed.to_ascii_lowercase().split_whitespace().collect::<Vec<_>>().join(" ");
    let (element, array) = split_array(&lower);
    let element = element.strip_prefix("pg_catalog.").or_else(|| element.strip_prefix("public.")).unwrap_or(element);
    let (element, array) = match element.strip_prefix('_') {
        Some(inner) if !array && !inner.is_empty() => (inner, true),
        _ => (element, array),
    };
    let mut out = canonical_element(&TypeName::parse(element));
    if array {
        out.push_str("[]");
    }
    out
}

/// `integer[3][]`, `integer ARRAY[2]` → (`integer`, true).
fn split_array(text: &str) -> (&str, bool) {
    let mut rest = text.trim_end();
    let mut array = false;
    loop {
        if rest.ends_with(']') {
            if let Some(open) = rest.rfind('[') {
                rest = rest[..open].trim_end();
                array = true;
                continue;
            }
        }
        if let Some(before) = rest.strip_suffix(" array") {
            rest = before.trim_end();
            array = true;
            continue;
        }
        return (rest, array);
    }
}

/// One (non-array) type name in `format_type`'s spelling.
fn canonical_element(name: &TypeName) -> String {
    let args = name.args.as_deref().map(|a| a.split(',').map(str::trim).collect::<Vec<_>>().join(","));
    let with_args = |base: &str| match &args {
        Some(a) => format!("{base}({a})"),
        None => base.to_string(),
    };
    let zone = |base: &str, tz: bool| {
        let zone = if tz { "with time zone" } else { "without time zone" };
        format!("{} {zone}", with_args(base))
    };
    let tz = name.with_time_zone();
    match name.base.as_str() {
        "int2" | "smallint" => "smallint".into(),
        "int" | "int4" | "integer" => "integer".into(),
        "int8" | "bigint" => "bigint".into(),
        "float4" | "real" => "real".into(),
        "float8" | "double precision" => "double precision".into(),
        "float" => match name.numbers.first() {
            Some(p) if *p <= 24 => "real".into(),
            _ => "double precision".into(),
        },
        "bool" | "boolean" => "boolean".into(),
        "decimal" | "numeric" => with_args("numeric"),
        "varchar" | "character varying" | "char varying" => with_args("character varying"),
        "char" | "character" if args.is_none() => "character(1)".into(),
        "char" | "character" | "bpchar" => with_args("character"),
        "varbit" | "bit varying" => with_args("bit varying"),
        "bit" if args.is_none() => "bit(1)".into(),
        "timestamptz" => zone("timestamp", true),
        "timestamp" | "timestamp without time zone" | "timestamp with time zone" => zone("timestamp", tz),
        "timetz" => zone("time", true),
        "time" | "time without time zone" | "time with time zone" => zone("time", tz),
        _ => {
            let base = with_args(&name.base);
            if name.suffix.is_empty() {
                base
            } else {
                format!("{base} {}", name.suffix)
            }
        }
    }
}

fn neutral_type(text: &str) -> ColumnType {
    let name = TypeName::parse(text);
    let plain = name.args.is_none() && name.suffix.is_empty();
    match name.base.as_str() {
        "int2" if plain => ColumnType::SmallInteger,
        "int4" if plain => ColumnType::Integer,
        "int8" if plain => ColumnType::BigInteger,
        "serial" | "serial4" => ColumnType::Integer,
        "bigserial" | "serial8" => ColumnType::BigInteger,
        "smallserial" | "serial2" => ColumnType::SmallInteger,
        "character varying" => name.string(),
        "bool" => ColumnType::Boolean,
        "timestamptz" => ColumnType::DateTime { timezone: true },
        "float4" if name.args.is_none() => ColumnType::Float,
        "float8" if name.args.is_none() => ColumnType::Double,
        "bytea" if name.args.is_none() => ColumnType::Binary,
        _ => standard_type(&name).unwrap_or_else(|| name.raw()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postgres_spellings_read_as_their_types() {
        let cases = [
            ("character varying(64)", ColumnType::String(Some(64))),
            ("bytea", ColumnType::Binary),
            ("int4", ColumnType::Integer),
            ("timestamptz", ColumnType::DateTime { timezone: true }),
            ("jsonb", ColumnType::Raw("jsonb".into())),
            ("citext", ColumnType::Raw("citext".into())),
        ];
        for (text, want) in cases {
            assert_eq!(read_type(text), want, "{text}");
        }
    }

    #[test]
    fn every_spelling_of_a_type_has_format_types_name() {
        let cases = [
            ("int[]", "integer[]"),
            ("_int4", "integer[]"),
            ("INTEGER ARRAY", "integer[]"),
            ("integer[3][]", "integer[]"),
            ("varchar(20)[]", "character varying(20)[]"),
            ("text[]", "text[]"),
            ("timestamp(3)", "timestamp(3) without time zone"),
            ("timestamptz(6)", "timestamp(6) with time zone"),
            ("TIMESTAMP(3) WITH TIME ZONE", "timestamp(3) with time zone"),
            ("timetz", "time with time zone"),
            ("time with time zone", "time with time zone"),
            ("varbit(8)", "bit varying(8)"),
            ("bit varying(8)", "bit varying(8)"),
            ("bit", "bit(1)"),
            ("char", "character(1)"),
            ("bpchar(3)", "character(3)"),
            ("decimal(10, 2)", "numeric(10,2)"),
            ("float", "double precision"),
            ("float(10)", "real"),
            ("pg_catalog.int8", "bigint"),
            ("public.citext", "citext"),
            ("INET", "inet"),
            ("interval day to second(3)", "interval day to second(3)"),
            ("\"Mood\"", "\"Mood\""),
        ];
        for (text, want) in cases {
            assert_eq!(canonical_type(text), want, "{text}");
        }
    }

    #[test]
    fn a_type_the_neutral_model_would_shorten_stays_raw_in_its_canonical_spelling() {
        let cases = [
            ("timestamp(3)", ColumnType::Raw("timestamp(3) without time zone".into())),
            ("int4[]", ColumnType::Raw("integer[]".into())),
            ("varchar(20)[]", ColumnType::Raw("character varying(20)[]".into())),
            ("character varying", ColumnType::String(None)),
            ("timestamp without time zone", ColumnType::DateTime { timezone: false }),
            ("time with time zone", ColumnType::Raw("time with time zone".into())),
            ("numeric(10,2)", ColumnType::Numeric(Some(10), Some(2))),
            ("serial", ColumnType::Integer),
            ("money", ColumnType::Raw("money".into())),
            ("float8", ColumnType::Double),
            ("blob", ColumnType::Binary),
            ("datetime", ColumnType::DateTime { timezone: false }),
            ("time(0)", ColumnType::Raw("time(0) without time zone".into())),
            ("timestamptz(3)", ColumnType::Raw("timestamp(3) with time zone".into())),
        ];
        for (text, want) in cases {
            assert_eq!(read_type(text), want, "{text}");
        }
    }
}

#[cfg(test)]
#[path = "schema_file_tests.rs"]
mod schema_file_tests;

#[cfg(test)]
#[path = "feature_file_tests.rs"]
mod feature_file_tests;
