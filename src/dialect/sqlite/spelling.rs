//! SQLite's own spellings: the type names it is commonly given (`CLOB`, `NVARCHAR`,
//! `DOUBLE`, and names of several words such as `UNSIGNED BIG INT`), `AUTOINCREMENT`, and
//! its internal `sqlite_` tables that `.schema` lists.
//!
//! Invariant: every type [`render_type`](super::render) writes reads back here as the
//! same neutral type, and a type name of several words is read whole, as SQLite keeps it.

use sqlparser::dialect::{Dialect as Grammar, SQLiteDialect};
use sqlparser::keywords::Keyword;
use sqlparser::tokenizer::{Span, Token, TokenWithSpan, Word};

use super::SqliteDialect;
use crate::dialect::{Spelling, UnreadableClause};
use crate::schema::ColumnType;
use crate::sqltype::{standard_type, TypeName};

impl Spelling for SqliteDialect {
    fn grammar(&self) -> Box<dyn Grammar> {
        Box::new(SQLiteDialect {})
    }

    fn read_type(&self, text: &str) -> ColumnType {
        read_type(text)
    }

    fn option_is_autoincrement(&self, tokens: &[Token]) -> bool {
        tokens.iter().any(|t| matches!(t, Token::Word(w) if w.keyword == Keyword::AUTOINCREMENT))
    }

    /// SQLite takes any run of words as a column's type name (`BLOB SUB_TYPE TEXT`,
    /// `VARYING CHARACTER(255)`); each such run becomes one word for the grammar.
    fn retokenize(&self, tokens: Vec<TokenWithSpan>) -> Vec<TokenWithSpan> {
        merge_type_words(tokens)
    }

    /// `ON CONFLICT <action>` of a constraint in `CREATE TABLE`, which the model does not
    /// hold: taken out with a note naming the table and the constraint.
    fn unreadable_clauses(&self, tokens: &[TokenWithSpan]) -> Vec<UnreadableClause> {
        conflict_clauses(tokens)
    }

    /// SQLite matches column names in any case.
    fn column_names_fold(&self) -> bool {
        true
    }

    /// SQLite matches table names in any case.
    fn table_names_fold(&self) -> bool {
        true
    }

    /// `sqlite3 .schema` lists SQLite's own bookkeeping tables (`sqlite_sequence`, ...).
    fn internal_table(&self, name: &str) -> Option<String> {
        name.to_ascii_lowercase().starts_with("sqlite_").then(|| format!("skipped SQLite internal table '{name}'"))
    }
}

/// Reads a type name as SQLite keeps it (exactly as the table was declared). A column
/// declared with no type has BLOB affinity, exactly as one declared `BLOB`: it reads as
/// binary.
pub(crate) fn read_type(text: &str) -> ColumnType {
    if text.trim().is_empty() {
        return ColumnType::Binary;
    }
    let name = TypeName::parse(text);
    match name.base.as_str() {
        "clob" => ColumnType::Text,
        "nvarchar" | "varchar2" => name.string(),
        "bool" => ColumnType::Boolean,
        "double" if name.args.is_none() => ColumnType::Double,
        _ => standard_type(&name).unwrap_or_else(|| name.raw()),
    }
}

/// The words that begin a column constraint, and so end a column's type name.
const COLUMN_CONSTRAINT_WORDS: [Keyword; 11] = [
    Keyword::CONSTRAINT,
    Keyword::PRIMARY,
    Keyword::NOT,
    Keyword::NULL,
    Keyword::UNIQUE,
    Keyword::CHECK,
    Keyword::DEFAULT,
    Keyword::COLLATE,
    Keyword::REFERENCES,
    Keyword::GENERATED,
    Keyword::AS,
];

/// The words that begin a table constraint in a `CREATE TABLE` list.
const TABLE_CONSTRAINT_WORDS: [Keyword; 5] =
    [Keyword::CONSTRAINT, Keyword::PRIMARY, Keyword::UNIQUE, Keyword::CHECK, Keyword::FOREIGN];

fn is_keyword(token: &Token, keywords: &[Keyword]) -> bool {
    matches!(token, Token::Word(w) if w.quote_style.is_none() && keywords.contains(&w.keyword))
}

fn is_type_word(token: &Token) -> bool {
    matches!(token, Token::Word(w) if w.quote_style.is_none()) && !is_keyword(token, &COLUMN_CONSTRAINT_WORDS)
}

/// Makes each column type name of two words or more in a `CREATE TABLE` one unquoted
/// word (`UNSIGNED BIG INT`), which the grammar reads as a type of that name. Any other
/// token is kept as it is.
pub(crate) fn merge_type_words(tokens: Vec<TokenWithSpan>) -> Vec<TokenWithSpan> {
    let significant: Vec<usize> =
        tokens.iter().enumerate().filter(|(_, t)| !matches!(t.token, Token::Whitespace(_))).map(|(i, _)| i).collect();
    let runs = type_name_runs(&tokens, &significant);
    if runs.is_empty() {
        return tokens;
    }
    let mut out = Vec::with_capacity(tokens.len());
    let mut runs = runs.into_iter().peekable();
    let mut tokens = tokens.into_iter().enumerate().peekable();
    while let Some((i, token)) = tokens.next() {
        let Some((_, end)) = runs.peek().copied().filter(|(start, _)| *start == i) else {
            out.push(token);
            continue;
        };
        runs.next();
        let mut words = vec![token];
        while let Some((_, t)) = tokens.next_if(|(j, _)| *j <= end) {
            words.push(t);
        }
        let text: Vec<String> = words
            .iter()
            .filter_map(|t| match &t.token {
                Token::Word(w) => Some(w.value.clone()),
                _ => None,
            })
            .collect();
        let word = Word { value: text.join(" "), quote_style: None, keyword: Keyword::NoKeyword };
        let span = Span::new(words[0].span.start, words[words.len() - 1].span.end);
        out.push(TokenWithSpan::new(Token::Word(word), span));
    }
    out
}

/// The (first, last) token positions of every column type name of several words in the
/// `CREATE TABLE` statements of `tokens`; `significant` lists the tokens that are not
/// white space.
fn type_name_runs(tokens: &[TokenWithSpan], significant: &[usize]) -> Vec<(usize, usize)> {
    let at = |k: usize| significant.get(k).map_or(&Token::EOF, |&i| &tokens[i].token);
    let mut runs = Vec::new();
    let mut k = 0;
    while k < significant.len() {
        if !is_keyword(at(k), &[Keyword::CREATE]) {
            k += 1;
            continue;
        }
        k += 1;
        if is_keyword(at(k), &[Keyword::TEMP, Keyword::TEMPORARY]) {
            k += 1;
        }
        if !is_keyword(at(k), &[Keyword::TABLE]) {
            continue;
        }
        while !matches!(at(k), Token::LParen | Token::SemiColon | Token::EOF) && !is_keyword(at(k), &[Keyword::AS]) {
            k += 1;
        }
        if at(k) == &Token::LParen {
            k = column_list_runs(&at, k + 1, significant, &mut runs);
        }
    }
    runs
}

/// Reads one `CREATE TABLE` list from position `k` (just after its parenthesis), adding
/// the type names of several words to `runs`; returns the position after the list.
fn column_list_runs<'t>(
    at: &impl Fn(usize) -> &'t Token,
    mut k: usize,
    significant: &[usize],
    runs: &mut Vec<(usize, usize)>,
) -> usize {
    let mut depth = 0usize;
    let mut element_start = true;
    while k < significant.len() {
        match at(k) {
            Token::LParen => depth += 1,
            Token::RParen if depth == 0 => return k + 1,
            Token::RParen => depth -= 1,
            Token::Comma if depth == 0 => {
                element_start = true;
                k += 1;
                continue;
            }
            Token::SemiColon => return k,
            _ => {}
        }
        if element_start && depth == 0 && !is_keyword(at(k), &TABLE_CONSTRAINT_WORDS) {
            // `at(k)` is the column's name; its type name follows.
            let first = k + 1;
            let mut last = first;
            while last < significant.len() && is_type_word(at(last)) {
                last += 1;
            }
            if last - first >= 2 {
                runs.push((significant[first], significant[last - 1]));
            }
            element_start = false;
            k = last;
            continue;
        }
        element_start = false;
        k += 1;
    }
    k
}

/// The conflict resolutions SQLite's `ON CONFLICT` takes.
const CONFLICT_ACTIONS: [&str; 5] = ["ROLLBACK", "ABORT", "FAIL", "IGNORE", "REPLACE"];

/// Each `ON CONFLICT <action>` inside the list of a `CREATE TABLE` (of a column's `NOT
/// NULL`, `UNIQUE` or `PRIMARY KEY`, or of a table's `UNIQUE (…)` or `PRIMARY KEY (…)`),
/// with a note naming the table and the constraint it belongs to.
fn conflict_clauses(tokens: &[TokenWithSpan]) -> Vec<UnreadableClause> {
    let significant: Vec<usize> =
        (0..tokens.len()).filter(|&i| !matches!(tokens[i].token, Token::Whitespace(_))).collect();
    let at = |k: usize| significant.get(k).map_or(&Token::EOF, |&i| &tokens[i].token);
    let is_word = |k: usize, word: &str| matches!(at(k), Token::Word(w) if w.quote_style.is_none() && w.value.eq_ignore_ascii_case(word));
    let (mut out, mut table, mut depth, mut element) = (Vec::new(), None::<String>, 0usize, 0usize);
    for k in 0..significant.len() {
        match at(k) {
            Token::SemiColon => (table, depth) = (None, 0),
            Token::Word(w) if w.keyword == Keyword::TABLE && depth == 0 && table.is_none() => {
                let mut n = k + 1;
                while is_word(n, "IF") || is_word(n, "NOT") || is_word(n, "EXISTS") {
                    n += 1;
                }
                while at(n + 1) == &Token::Period {
                    n += 2;
                }
                table = match at(n) {
                    Token::Word(name) => Some(name.value.clone()),
                    _ => None,
                };
            }
            Token::LParen if table.is_some() => {
                depth += 1;
                if depth == 1 {
                    element = k + 1;
                }
            }
            Token::RParen if table.is_some() => depth = depth.saturating_sub(1),
            Token::Comma if depth == 1 => element = k + 1,
            _ => {}
        }
        let action = CONFLICT_ACTIONS.iter().find(|a| is_word(k + 2, a));
        let (Some(table), Some(action)) = (&table, action) else { continue };
        if depth != 1 || !is_word(k, "ON") || !is_word(k + 1, "CONFLICT") {
            continue;
        }
        let earlier = |i: &usize| out.iter().any(|c: &UnreadableClause| c.tokens.contains(i));
        let declared: String = (significant[element]..significant[k])
            .filter(|i| !earlier(i))
            .map(|i| tokens[i].token.to_string())
            .collect();
        let declared = declared.split_whitespace().collect::<Vec<_>>().join(" ");
        out.push(UnreadableClause {
            tokens: significant[k]..significant[k + 2] + 1,
            note: format!(
                "'{declared}' of table '{table}': not modelled, so not kept: ON CONFLICT {action} (a conflict aborts the statement instead)"
            ),
        });
    }
    out
}

#[cfg(test)]
#[path = "schema_file_tests.rs"]
mod schema_file_tests;

#[cfg(test)]
#[path = "feature_file_tests.rs"]
mod feature_file_tests;
