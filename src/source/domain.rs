//! `CREATE DOMAIN` in schema files. On a database that keeps named types
//! ([`Spelling::keeps_named_types`]) a domain is a [`schema::Domain`] of its own and a
//! column typed by it names it. Elsewhere a column typed by one is read as the domain
//! spells it out — its base type, `NOT NULL`, default and checks become the column's own,
//! which is how the column behaves.
//!
//! Invariant: what a domain says and this reading cannot carry over exactly (a collation
//! spelled out onto columns, a clause it does not know) is named in the domain's note;
//! nothing is dropped silently.

use std::ops::ControlFlow;

use sqlparser::ast::{visit_expressions_mut, ColumnOption, DataType, Expr, Ident, ObjectName, Value};
use sqlparser::keywords::Keyword;
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::Token;

use crate::dialect::Spelling;
use crate::schema::{self, CheckConstraint, Column, Table};

/// A domain as declared: what a column typed by it takes on.
#[derive(Debug, Clone)]
pub(super) struct Domain {
    /// The base type.
    pub data_type: DataType,
    /// `NOT NULL`.
    pub not_null: bool,
    /// `DEFAULT`.
    pub default: Option<Expr>,
    /// `CHECK` conditions, written on `VALUE`, with their `CONSTRAINT` names.
    pub checks: Vec<(Option<String>, Expr)>,
    /// `COLLATE`.
    pub collation: Option<String>,
    /// The clauses this reading does not know, as written.
    pub not_kept: Vec<String>,
}

/// Parses `CREATE DOMAIN name [AS] type [COLLATE c] [DEFAULT e] [[CONSTRAINT n] {NOT NULL |
/// NULL | CHECK (e)}]...` up to the closing `;`, with the domain's name.
///
/// Errors when the name or the base type does not parse.
pub(super) fn parse(parser: &mut Parser) -> Result<(ObjectName, Domain), ParserError> {
    parser.expect_keyword_is(Keyword::CREATE)?;
    parser.expect_keyword_is(Keyword::DOMAIN)?;
    let name = parser.parse_object_name(false)?;
    let _ = parser.parse_keyword(Keyword::AS);
    let data_type = parser.parse_data_type()?;
    let mut domain =
        Domain { data_type, not_null: false, default: None, checks: Vec::new(), collation: None, not_kept: Vec::new() };
    let mut constraint = None;
    loop {
        if parser.parse_keyword(Keyword::COLLATE) {
            let collation = parser.parse_object_name(false)?;
            domain.collation = collation.0.last().and_then(|p| p.as_ident()).map(|i| i.value.clone());
        } else if matches!(&parser.peek_token().token, Token::Word(w) if w.keyword == Keyword::DEFAULT) {
            // Read as a column's option, so that a `NOT NULL` after it is not `IS NOT NULL`.
            if let Some(ColumnOption::Default(default)) = parser.parse_optional_column_option()? {
                domain.default = Some(default);
            }
        } else if parser.parse_keyword(Keyword::CONSTRAINT) {
            constraint = Some(parser.parse_identifier()?.value);
        } else if parser.parse_keywords(&[Keyword::NOT, Keyword::NULL]) {
            domain.not_null = true;
        } else if parser.parse_keyword(Keyword::NULL) {
        } else if parser.parse_keyword(Keyword::CHECK) {
            parser.expect_token(&Token::LParen)?;
            domain.checks.push((constraint.take(), parser.parse_expr()?));
            parser.expect_token(&Token::RParen)?;
        } else {
            break;
        }
    }
    let mut rest = Vec::new();
    while !matches!(parser.peek_token().token, Token::SemiColon | Token::EOF) {
        rest.push(parser.next_token().token.to_string());
    }
    if !rest.is_empty() {
        domain.not_kept.push(rest.join(" "));
    }
    Ok((name, domain))
}

/// A check added to a domain by `ALTER DOMAIN d ADD [CONSTRAINT n] CHECK (e) [NOT VALID]`.
pub(super) struct AddedCheck {
    /// The domain.
    pub domain: ObjectName,
    /// The check's name, if given.
    pub name: Option<String>,
    /// The condition, written on `VALUE`.
    pub check: Expr,
    /// `NOT VALID`: rows already there were not checked.
    pub not_valid: bool,
}

/// Parses `ALTER DOMAIN d ADD [CONSTRAINT n] CHECK (e) [NOT VALID]`; `None` (the parser
/// somewhere in the statement) for any other `ALTER DOMAIN`.
///
/// Errors when the domain's name or the check does not parse.
pub(super) fn parse_added_check(parser: &mut Parser) -> Result<Option<AddedCheck>, ParserError> {
    parser.expect_keyword_is(Keyword::ALTER)?;
    parser.expect_keyword_is(Keyword::DOMAIN)?;
    let domain = parser.parse_object_name(false)?;
    if !parser.parse_keyword(Keyword::ADD) {
        return Ok(None);
    }
    let name = if parser.parse_keyword(Keyword::CONSTRAINT) { Some(parser.parse_identifier()?.value) } else { None };
    if !parser.parse_keyword(Keyword::CHECK) {
        return Ok(None);
    }
    parser.expect_token(&Token::LParen)?;
    let check = parser.parse_expr()?;
    parser.expect_token(&Token::RParen)?;
    let not_valid = parser.parse_keywords(&[Keyword::NOT, Keyword::VALID]);
    Ok(Some(AddedCheck { domain, name, check, not_valid }))
}

/// The note for a domain's declaration: how its columns are read, and what they lose.
pub(super) fn note(name: &str, domain: &Domain) -> String {
    let mut takes = vec![format!("its base type {}", domain.data_type)];
    if domain.not_null {
        takes.push("NOT NULL".into());
    }
    if let Some(default) = &domain.default {
        takes.push(format!("DEFAULT {default}"));
    }
    takes.extend(domain.checks.iter().map(|(_, check)| format!("CHECK ({check})")));
    let mut note =
        format!("domain '{name}' is not managed as a type of its own; columns typed by it take {}", takes.join(", "));
    let mut not_kept = domain.not_kept.clone();
    if let Some(c) = &domain.collation {
        not_kept.insert(0, format!("COLLATE {c}"));
    }
    if !not_kept.is_empty() {
        note.push_str(&format!("; not modelled, so not kept: {}", not_kept.join(", ")));
    }
    note
}

/// The domain as an object of its own (on a database that keeps named types).
pub(super) fn definition(domain: &Domain, spelling: &dyn Spelling) -> schema::Domain {
    let default = match &domain.default {
        Some(Expr::Value(v)) if v.value == Value::Null => None,
        other => other.as_ref().map(ToString::to_string),
    };
    let checks = domain
        .checks
        .iter()
        .map(|(name, check)| CheckConstraint { name: name.clone(), expression: check.to_string() })
        .collect();
    schema::Domain {
        r#type: spelling.read_type(&domain.data_type.to_string()),
        nullable: !domain.not_null,
        default,
        checks,
        collation: domain.collation.clone(),
    }
}

/// Makes `column` (of `table`) what the domain makes it: the base type, `NOT NULL`, the
/// default, and each check written on the column instead of `VALUE`. The column's own
/// options, read afterwards, override the default.
pub(super) fn apply(domain: &Domain, spelling: &dyn Spelling, table: &mut Table, column: &mut Column) {
    column.r#type = spelling.read_type(&domain.data_type.to_string());
    if domain.not_null {
        column.nullable = false;
    }
    match &domain.default {
        Some(Expr::Value(v)) if v.value == Value::Null => {}
        Some(default) => column.server_default = Some(default.to_string()),
        None => {}
    }
    // Each column's check gets the name the database gives it: a domain's constraint name
    // would clash on a table with two such columns.
    for (_, check) in &domain.checks {
        let expression = check_on_column(check, &column.name).to_string();
        table.check_constraints.push(CheckConstraint { name: None, expression });
    }
}

/// A domain check with `VALUE` replaced by the column.
pub fn check_on_column(check: &Expr, column: &str) -> Expr {
    let mut expr = check.clone();
    let plain = column.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    let ident = if plain { Ident::new(column) } else { Ident::with_quote('"', column) };
    let _ = visit_expressions_mut(&mut expr, |e| {
        if matches!(e, Expr::Identifier(id) if id.quote_style.is_none() && id.value.eq_ignore_ascii_case("value")) {
            *e = Expr::Identifier(ident.clone());
        }
        ControlFlow::<()>::Continue(())
    });
    expr
}
