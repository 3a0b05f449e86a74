//! One normalisation of SQL expressions (server defaults, CHECK conditions, index
//! expressions), shared by every dialect: an expression is parsed with sqlparser, rewritten
//! to a canonical tree, and two expressions are the same when their canonical trees are.
//!
//! The shared canonical form ignores what no database gives meaning to: keyword case and
//! white space (the parser), identifier quotes and the case of unquoted identifiers,
//! parentheses (the tree keeps the grouping they made; a chain of `AND` or of `OR` is one
//! group however it is parenthesised), the spelling of a negative number,
//! and — for the default of a numeric column — the spelling of one numeric value (`5`,
//! `5.0`). What one database does to an expression when it stores it (PostgreSQL's casts,
//! MySQL's charset introducers) is that dialect's [`Rules::rewrite`].
//!
//! Invariants: comparing never panics; an expression that does not parse is compared by
//! its text fold ([`fold`]: case outside string literals, white space, outer parentheses),
//! never declared equal to another one by guess.

use std::borrow::Cow;
use std::ops::ControlFlow;

use sqlparser::ast::{
    visit_expressions_mut, BinaryOperator, Expr, Function, FunctionArguments, Ident, ObjectName, ObjectNamePart,
    UnaryOperator, Value,
};
use sqlparser::dialect::{Dialect as Grammar, GenericDialect};
use sqlparser::parser::Parser;
use sqlparser::tokenizer::Token;

use crate::schema::{Column, ColumnType};

/// What an expression is compared as: the default of a column of some kind, or a free
/// expression (a check condition, an index entry).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Context {
    /// The default of a boolean column (where a database may spell TRUE as `'t'` or `1`).
    pub boolean: bool,
    /// The default of a numeric column: spellings of one numeric value are the same
    /// (`5`, `5.0`, `05`).
    pub numeric: bool,
}

impl Context {
    /// The context of `column`'s default, from its neutral type.
    pub fn for_column(column: &Column) -> Self {
        Self::for_type(&column.r#type)
    }

    /// The context of the default of a column of type `ty`.
    pub fn for_type(ty: &ColumnType) -> Self {
        let numeric = ty.is_integer()
            || matches!(ty, ColumnType::Boolean | ColumnType::Float | ColumnType::Double | ColumnType::Numeric(..));
        Context { boolean: *ty == ColumnType::Boolean, numeric }
    }
}

/// A database's part in the normalisation: its grammar and what it does to an expression
/// when it stores one. Everything else is shared.
pub trait Rules {
    /// The sqlparser grammar expressions are read with.
    fn grammar(&self) -> &dyn Grammar;

    /// Whether quoted identifiers are case-insensitive too (SQLite and MySQL column names
    /// are; PostgreSQL's `"User"` is not `user`).
    fn quoted_identifiers_fold(&self) -> bool {
        true
    }

    /// Text the database writes around an expression that the grammar cannot read as is
    /// (MySQL 8 escapes the quotes of a whole check clause: `_utf8mb4\'x\'`).
    fn prepare<'a>(&self, sql: &'a str) -> Cow<'a, str> {
        Cow::Borrowed(sql)
    }

    /// Rewrites one node (its children are already canonical) to the form the database
    /// would store it in, before the shared rewrites of that node.
    fn rewrite(&self, expr: &mut Expr, context: Context) {
        let _ = (expr, context);
    }
}

/// Rules with no rewrites of their own: the shared canonical form under one grammar,
/// with quoted identifiers case-insensitive.
#[derive(Debug, Clone, Copy)]
pub struct Plain {
    grammar: &'static dyn Grammar,
}

impl Plain {
    /// Plain rules reading expressions with `grammar`.
    pub const fn new(grammar: &'static dyn Grammar) -> Self {
        Plain { grammar }
    }
}

impl Rules for Plain {
    fn grammar(&self) -> &dyn Grammar {
        self.grammar
    }
}

/// The rules of [`Dialect`](super::Dialect)s that bring none: the generic grammar.
pub const STANDARD: Plain = Plain::new(&GenericDialect {});

/// Parses one whole expression; `None` when it does not parse or text is left over.
pub fn parse(rules: &dyn Rules, sql: &str) -> Option<Expr> {
    let text = rules.prepare(sql);
    let mut parser = Parser::new(rules.grammar()).try_with_sql(&text).ok()?;
    let expr = parser.parse_expr().ok()?;
    (parser.peek_token().token == Token::EOF).then_some(expr)
}

/// The canonical tree of an expression; `None` when it does not parse.
pub fn canonical(rules: &dyn Rules, sql: &str, context: Context) -> Option<Expr> {
    let mut expr = parse(rules, sql)?;
    canonicalize(rules, &mut expr, context);
    Some(expr)
}

/// Rewrites a parsed expression to its canonical tree, bottom-up: each node gets the
/// dialect's rewrite, then the shared one.
pub fn canonicalize(rules: &dyn Rules, expr: &mut Expr, context: Context) {
    let _ = visit_expressions_mut(expr, |node| {
        rules.rewrite(node, context);
        shared_rewrite(rules, node, context);
        ControlFlow::<()>::Continue(())
    });
}

/// Whether two expressions are the same under `rules`: their canonical trees when both
/// parse, else their text folds.
pub fn equal(rules: &dyn Rules, a: &str, b: &str, context: Context) -> bool {
    if a == b {
        return true;
    }
    match (canonical(rules, a, context), canonical(rules, b, context)) {
        (Some(x), Some(y)) => x == y,
        _ => fold(a) == fold(b),
    }
}

/// Whether two lists of index entries are the same: column names compare exactly,
/// expressions by their canonical trees (PostgreSQL reads `lower(email)` back as
/// `lower((email)::text)`). An expression that does not parse equals only its own text.
pub fn index_entries_equal(rules: &dyn Rules, desired: &[String], live: &[String]) -> bool {
    desired.len() == live.len() && desired.iter().zip(live).all(|(d, l)| d == l || index_entry_equal(rules, d, l))
}

fn index_entry_equal(rules: &dyn Rules, desired: &str, live: &str) -> bool {
    if is_name(desired) && is_name(live) {
        return false;
    }
    match (index_entry(rules, desired), index_entry(rules, live)) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    }
}

/// An index entry's canonical tree: a column name is that column (as if quoted), anything
/// else an expression.
fn index_entry(rules: &dyn Rules, entry: &str) -> Option<Expr> {
    let mut expr = if is_name(entry) { Expr::Identifier(Ident::with_quote('"', entry)) } else { parse(rules, entry)? };
    canonicalize(rules, &mut expr, Context::default());
    Some(expr)
}

/// Whether an index entry is a bare column name.
fn is_name(entry: &str) -> bool {
    !entry.is_empty()
        && !entry.starts_with(|c: char| c.is_ascii_digit())
        && entry.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '$')
}

/// `sql` with every reference to column `old` of `table` (bare, or qualified by the table)
/// naming `new` instead, found on the parsed tree so that string literals, function names
/// and types are never touched. `None` when nothing in it refers to `old`, or when it does
/// not parse. An unquoted reference matches in any case; a quoted one exactly.
pub fn rename_column(sql: &str, table: &str, old: &str, new: &str) -> Option<String> {
    let mut expr = parse(&STANDARD, sql)?;
    let matches = |ident: &Ident| match ident.quote_style {
        None => ident.value.eq_ignore_ascii_case(old),
        Some(_) => ident.value == old,
    };
    let simple = new.chars().next().is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && new.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    let renamed = |ident: &mut Ident| {
        ident.value = new.to_string();
        if ident.quote_style.is_none() && !simple {
            ident.quote_style = Some('"');
        }
    };
    let mut changed = false;
    let _ = visit_expressions_mut(&mut expr, |node| {
        match node {
            Expr::Identifier(ident) if matches(ident) => {
                renamed(ident);
                changed = true;
            }
            Expr::CompoundIdentifier(parts)
                if parts.len() == 2 && parts[0].value.eq_ignore_ascii_case(table) && matches(&parts[1]) =>
            {
                renamed(&mut parts[1]);
                changed = true;
            }
            _ => {}
        }
        ControlFlow::<()>::Continue(())
    });
    changed.then(|| expr.to_string())
}

/// The canonical text of an expression under `rules`: the canonical tree written out with
/// every operand that is itself an operation in parentheses (so that two texts are equal
/// exactly when the trees are), or the text fold when it does not parse.
pub fn normalize(rules: &dyn Rules, sql: &str) -> String {
    match canonical(rules, sql, Context::default()) {
        Some(mut expr) => {
            let _ = visit_expressions_mut(&mut expr, |node| {
                parenthesize_operands(node);
                ControlFlow::<()>::Continue(())
            });
            expr.to_string()
        }
        None => fold(sql),
    }
}

/// Folds an expression's text: outer parentheses, white space and case of everything
/// outside string literals. The comparison of last resort, for text that does not parse.
pub fn fold(sql: &str) -> String {
    let mut s = sql.trim();
    while s.starts_with('(') && s.ends_with(')') && balanced(&s[1..s.len() - 1]) {
        s = s[1..s.len() - 1].trim();
    }
    let mut out = String::with_capacity(s.len());
    let mut in_string = false;
    let mut last_space = false;
    for c in s.chars() {
        if c == '\'' {
            in_string = !in_string;
        }
        if in_string || c == '\'' {
            out.push(c);
            last_space = false;
        } else if c.is_whitespace() {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
        } else {
            out.extend(c.to_lowercase());
            last_space = false;
        }
    }
    out.replace("( ", "(").replace(" )", ")")
}

fn balanced(s: &str) -> bool {
    let mut depth = 0i32;
    for c in s.chars() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth < 0 {
                    return false;
                }
            }
            _ => {}
        }
    }
    depth == 0
}

/// The rewrites every database shares, of one node whose children are canonical.
fn shared_rewrite(rules: &dyn Rules, node: &mut Expr, context: Context) {
    let fold_quoted = rules.quoted_identifiers_fold();
    match node {
        Expr::Nested(inner) => *node = take(inner),
        Expr::Identifier(ident) => fold_ident(ident, fold_quoted),
        Expr::CompoundIdentifier(idents) => idents.iter_mut().for_each(|i| fold_ident(i, fold_quoted)),
        Expr::Function(f) => fold_name(&mut f.name, fold_quoted),
        Expr::BinaryOp { op: op @ (BinaryOperator::And | BinaryOperator::Or), .. } => {
            let op = op.clone();
            let mut operands = Vec::new();
            flatten(take(node), &op, &mut operands);
            if let Some(chain) = operands.into_iter().reduce(|left, right| binary(left, op.clone(), right)) {
                *node = chain;
            }
        }
        Expr::UnaryOp { op: UnaryOperator::Minus | UnaryOperator::Plus, expr } => {
            if let Some(n) = number(expr) {
                let negative = matches!(node, Expr::UnaryOp { op: UnaryOperator::Minus, .. });
                *node = number_expr(&if negative { negate(&n) } else { n });
            }
        }
        Expr::Value(v) if context.numeric => {
            if let Value::Number(n, _) = &v.value {
                if let Some(c) = canonical_number(n) {
                    *node = number_expr(&c);
                }
            }
        }
        _ => {}
    }
}

/// The operands of a chain of one associative operator (`a AND (b AND c)`: `a`, `b`, `c`),
/// so that every grouping of the chain is written left to right.
fn flatten(expr: Expr, op: &BinaryOperator, out: &mut Vec<Expr>) {
    match expr {
        Expr::BinaryOp { left, op: this, right } if this == *op => {
            flatten(*left, op, out);
            flatten(*right, op, out);
        }
        other => out.push(other),
    }
}

/// An identifier as the database resolves it: unquoted ones fold to lower case (quoted
/// ones too where `fold_quoted`), and the quotes are gone.
fn fold_ident(ident: &mut Ident, fold_quoted: bool) {
    if ident.quote_style.is_none() || fold_quoted {
        ident.value = ident.value.to_lowercase();
    }
    ident.quote_style = None;
}

fn fold_name(name: &mut ObjectName, fold_quoted: bool) {
    for part in &mut name.0 {
        if let ObjectNamePart::Identifier(ident) = part {
            fold_ident(ident, fold_quoted);
        }
    }
}

/// Takes a boxed expression out, leaving `NULL` behind.
pub fn take(expr: &mut Expr) -> Expr {
    std::mem::replace(expr, Expr::value(Value::Null))
}

/// The text of a numeric literal node.
fn number(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Value(v) => match &v.value {
            Value::Number(n, _) => Some(n.clone()),
            _ => None,
        },
        _ => None,
    }
}

/// A numeric literal node.
fn number_expr(text: &str) -> Expr {
    Expr::value(Value::Number(text.to_string(), false))
}

fn negate(n: &str) -> String {
    match n.strip_prefix('-') {
        Some(positive) => positive.to_string(),
        None => format!("-{n}"),
    }
}

/// One spelling per decimal value (`05.50` → `5.5`, `-0.0` → `0`); `None` for text that
/// is not a plain decimal number (exponents, hexadecimal, words).
pub fn canonical_number(text: &str) -> Option<String> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let all_digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if int.len() + frac.len() == 0 || !all_digits(int) || !all_digits(frac) {
        return None;
    }
    let int = int.trim_start_matches('0');
    let frac = frac.trim_end_matches('0');
    let magnitude = match (int.is_empty(), frac.is_empty()) {
        (true, true) => return Some("0".into()),
        (_, true) => int.to_string(),
        (true, false) => format!("0.{frac}"),
        (false, false) => format!("{int}.{frac}"),
    };
    Some(if negative { format!("-{magnitude}") } else { magnitude })
}

/// Whether `function` is a call of one of `names` (lower case) with no arguments.
pub fn is_call_without_arguments(function: &Function, names: &[&str]) -> bool {
    let no_arguments = match &function.args {
        FunctionArguments::None => true,
        FunctionArguments::List(list) => list.args.is_empty() && list.clauses.is_empty(),
        FunctionArguments::Subquery(_) => false,
    };
    let name = match function.name.0.as_slice() {
        [ObjectNamePart::Identifier(ident)] => ident.value.to_lowercase(),
        _ => return false,
    };
    no_arguments && names.contains(&name.as_str())
}

/// Turns a call of a function without arguments into the SQL keyword `CURRENT_TIMESTAMP`
/// (how databases spell "now" differs; they store the same default).
pub fn make_current_timestamp(function: &mut Function) {
    function.name = ObjectName::from(vec![Ident::new("current_timestamp")]);
    function.args = FunctionArguments::None;
}

/// A binary operation node.
pub fn binary(left: Expr, op: BinaryOperator, right: Expr) -> Expr {
    Expr::BinaryOp { left: Box::new(left), op, right: Box::new(right) }
}

/// Puts in parentheses the operands of `node` that are operations themselves, so that the
/// written text keeps the tree's grouping.
fn parenthesize_operands(node: &mut Expr) {
    fn wrap(operand: &mut Expr) {
        let compound = matches!(
            operand,
            Expr::BinaryOp { .. }
                | Expr::UnaryOp { .. }
                | Expr::Between { .. }
                | Expr::In { .. }
                | Expr::Like { .. }
                | Expr::ILike { .. }
                | Expr::IsNull(_)
                | Expr::IsNotNull(_)
                | Expr::IsTrue(_)
                | Expr::IsFalse(_)
                | Expr::AnyOp { .. }
                | Expr::AllOp { .. }
        );
        if compound {
            *operand = Expr::Nested(Box::new(take(operand)));
        }
    }
    match node {
        Expr::BinaryOp { left, right, .. } => {
            wrap(left);
            wrap(right);
        }
        Expr::Between { expr, low, high, .. } => {
            wrap(expr);
            wrap(low);
            wrap(high);
        }
        Expr::Like { expr, pattern, .. } | Expr::ILike { expr, pattern, .. } => {
            wrap(expr);
            wrap(pattern);
        }
        Expr::UnaryOp { expr, .. }
        | Expr::In { expr, .. }
        | Expr::IsNull(expr)
        | Expr::IsNotNull(expr)
        | Expr::IsTrue(expr)
        | Expr::IsFalse(expr)
        | Expr::AnyOp { left: expr, .. }
        | Expr::AllOp { left: expr, .. } => wrap(expr),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(a: &str, b: &str) -> bool {
        equal(&STANDARD, a, b, Context::default())
    }

    #[test]
    fn case_space_quotes_and_parentheses_say_nothing() {
        assert!(same("(( n  >  0 ))", "n > 0"));
        assert!(same("N > 0 AND M IS NOT NULL", "n>0 and m is not null"));
        assert!(same("\"n\" > 0", "n > 0"));
        assert!(same("(a > 0) AND (b > 0 OR c)", "a > 0 AND (b > 0 OR c)"));
        assert!(same("lower(Name)", "LOWER(name)"));
        assert!(same("n > -1", "n > (-1)"));
        assert!(same("x IN (1, 2)", "x in (1,2)"));
        assert!(same("a AND (b AND c)", "(a AND b) AND c"));
        assert!(same("a OR (b OR c) OR d", "a OR b OR (c OR d)"));
    }

    #[test]
    fn grouping_and_literals_still_count() {
        assert!(!same("(a OR b) AND c", "a OR b AND c"));
        assert!(!same("'A'", "'a'"));
        assert!(!same("a - (b - c)", "a - b - c"));
        assert!(!same("n > 0", "n >= 0"));
        assert!(!same("5", "5.0"));
        assert!(!same("a AND (b OR c)", "(a AND b) OR c"));
    }

    #[test]
    fn numeric_defaults_compare_by_value() {
        let numeric = Context { numeric: true, ..Context::default() };
        assert!(equal(&STANDARD, "5", "5.0", numeric));
        assert!(equal(&STANDARD, "-0.50", "-.5", numeric));
        assert!(!equal(&STANDARD, "5", "50", numeric));
        assert_eq!(canonical_number("007.100"), Some("7.1".into()));
        assert_eq!(canonical_number("-0.0"), Some("0".into()));
        assert_eq!(canonical_number("1e3"), None);
        assert_eq!(canonical_number("."), None);
    }

    #[test]
    fn unparsable_text_falls_back_to_the_fold() {
        assert!(same("this is ((not sql", "THIS  is ((not sql"));
        assert!(!same("this is ((not sql", "this is ((not sq1"));
        assert_eq!(normalize(&STANDARD, "(( n  >  0 ))"), "n > 0");
        assert_eq!(normalize(&STANDARD, "(a OR b) AND c"), "(a OR b) AND c");
        assert_eq!(normalize(&STANDARD, "a OR (b AND c)"), "a OR (b AND c)");
        assert_eq!(normalize(&STANDARD, "x > 1 +"), "x > 1 +");
    }

    #[test]
    fn a_column_rename_rewrites_references_and_nothing_else() {
        let renamed = |sql: &str| rename_column(sql, "t", "email", "mail");
        assert_eq!(renamed("lower(email)").as_deref(), Some("lower(mail)"));
        assert_eq!(
            renamed("EMAIL <> 'email' AND t.email IS NOT NULL").as_deref(),
            Some("mail <> 'email' AND t.mail IS NOT NULL")
        );
        assert_eq!(renamed("\"email\" COLLATE NOCASE").as_deref(), Some("\"mail\" COLLATE NOCASE"));
        assert_eq!(renamed("email(3)"), None, "a function of that name is no reference");
        assert_eq!(renamed("other.email > 0"), None);
        assert_eq!(renamed("emails > 0"), None);
        assert_eq!(rename_column("a + 1", "t", "a", "Total").as_deref(), Some("\"Total\" + 1"));
    }

    #[test]
    fn index_entries_compare_names_exactly_and_expressions_by_tree() {
        let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(index_entries_equal(&STANDARD, &names(&["a", "lower(b)"]), &names(&["a", "LOWER((b))"])));
        assert!(!index_entries_equal(&STANDARD, &names(&["a"]), &names(&["A"])));
        assert!(!index_entries_equal(&STANDARD, &names(&["a"]), &names(&["a", "b"])));
        assert!(!index_entries_equal(&STANDARD, &names(&["My Col"]), &names(&["my col"])));
        assert!(!index_entries_equal(&STANDARD, &names(&["lower(a)"]), &names(&["upper(a)"])));
    }
}
