//! PostgreSQL's own spellings: its type names (`int4`, `character varying`, `bytea`,
//! `timestamptz`), `serial` columns and `nextval` defaults, and what `pg_dump` writes
//! around the schema (`\restrict`, `set_config`).
//!
//! Invariant: every name read here reads back as the type PostgreSQL's `format_type`
//! reports for it, so a schema file and introspection agree.

use sqlparser::ast::{Expr, FunctionArg, FunctionArgExpr, FunctionArguments, Query, SelectItem, SetExpr, Value};
use sqlparser::dialect::{Dialect as Grammar, PostgreSqlDialect};

use super::PostgresDialect;
use crate::dialect::{ClientCommand, Spelling};
use crate::schema::ColumnType;
use crate::sqltype::{standard_type, TypeName};

impl Spelling for PostgresDialect {
    fn grammar(&self) -> Box<dyn Grammar> {
        Box::new(PostgreSqlDialect {})
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

/// Reads a PostgreSQL type name (as written, or as `format_type` reports it).
pub(crate) fn read_type(text: &str) -> ColumnType {
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
}

#[cfg(test)]
#[path = "schema_file_tests.rs"]
mod schema_file_tests;

#[cfg(test)]
#[path = "feature_file_tests.rs"]
mod feature_file_tests;
