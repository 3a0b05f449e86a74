//! MySQL's and MariaDB's own spellings: integer display widths (`int(11)`), `unsigned`,
//! `mediumint`, `double`, the blob family, and `AUTO_INCREMENT`.
//!
//! Invariant: a name with a modifier that changes its meaning (`unsigned`, `zerofill`)
//! stays raw, so no difference is lost.

use sqlparser::dialect::{Dialect as Grammar, MySqlDialect as MySqlGrammar};
use sqlparser::keywords::Keyword;
use sqlparser::tokenizer::{Token, TokenWithSpan, Word};

use super::MySqlDialect;
use crate::dialect::Spelling;
use crate::schema::ColumnType;
use crate::sqltype::{standard_type, TypeName};

impl Spelling for MySqlDialect {
    fn grammar(&self) -> Box<dyn Grammar> {
        Box::new(MySqlGrammar {})
    }

    fn read_type(&self, text: &str) -> ColumnType {
        read_type(text)
    }

    fn option_is_autoincrement(&self, tokens: &[Token]) -> bool {
        tokens.iter().any(|t| matches!(t, Token::Word(w) if w.keyword == Keyword::AUTO_INCREMENT))
    }

    /// MariaDB's dump of a JSON column (`doc longtext CHARACTER SET utf8mb4 COLLATE
    /// utf8mb4_bin CHECK (json_valid(doc))`) reads as the `doc JSON` it was declared as.
    fn retokenize(&self, tokens: Vec<TokenWithSpan>) -> Vec<TokenWithSpan> {
        json_columns(tokens)
    }
}

/// The tokens with each MariaDB JSON column (LONGTEXT, with the column check
/// `json_valid(column)` and the `utf8mb4_bin` the server gives it) written `JSON` again.
fn json_columns(mut tokens: Vec<TokenWithSpan>) -> Vec<TokenWithSpan> {
    let significant: Vec<usize> =
        (0..tokens.len()).filter(|&i| !matches!(tokens[i].token, Token::Whitespace(_))).collect();
    let mut remove = vec![false; tokens.len()];
    let mut json_at = Vec::new();
    for k in 0..significant.len() {
        let Some(column) = json_valid_check(&tokens, &significant[k..]) else { continue };
        let Some(start) = column_start(&tokens, &significant[..k]) else { continue };
        let name_matches = matches!(&tokens[significant[start]].token, Token::Word(w) if w.value == column);
        let Some(&type_at) = significant.get(start + 1) else { continue };
        let is_longtext = matches!(&tokens[type_at].token, Token::Word(w) if w.value.eq_ignore_ascii_case("longtext"));
        if !(name_matches && is_longtext) {
            continue;
        }
        json_at.push(type_at);
        for &j in &significant[k..k + 7] {
            remove[j] = true;
        }
        let between = &significant[start + 2..k];
        for (b, &j) in between.iter().enumerate() {
            let word = |t: &Token, kw| matches!(t, Token::Word(w) if w.keyword == kw);
            if word(&tokens[j].token, Keyword::COLLATE) || word(&tokens[j].token, Keyword::CHARSET) {
                remove[j] = true;
                between.get(b + 1).iter().for_each(|&&n| remove[n] = true);
            } else if word(&tokens[j].token, Keyword::CHARACTER) {
                between[b..].iter().take(3).for_each(|&n| remove[n] = true);
            }
        }
    }
    for at in json_at {
        tokens[at].token = Token::Word(Word { value: "JSON".into(), quote_style: None, keyword: Keyword::JSON });
    }
    tokens.into_iter().zip(remove).filter(|(_, gone)| !gone).map(|(t, _)| t).collect()
}

/// The column `CHECK (json_valid(column))` names, when the significant tokens `at` start so.
fn json_valid_check(tokens: &[TokenWithSpan], at: &[usize]) -> Option<String> {
    let t = |k: usize| at.get(k).map(|&i| &tokens[i].token);
    let word = |k: usize| match t(k) {
        Some(Token::Word(w)) => Some(w),
        _ => None,
    };
    let shape = word(0)?.keyword == Keyword::CHECK
        && t(1) == Some(&Token::LParen)
        && word(2)?.value.eq_ignore_ascii_case("json_valid")
        && t(3) == Some(&Token::LParen)
        && t(5) == Some(&Token::RParen)
        && t(6) == Some(&Token::RParen);
    shape.then(|| word(4).map(|w| w.value.clone())).flatten()
}

/// Where the column definition that `before` ends inside begins (its name), by position in
/// `before`: just after the `,` or `(` that opens it at its level.
fn column_start(tokens: &[TokenWithSpan], before: &[usize]) -> Option<usize> {
    let mut depth = 0usize;
    for (k, &i) in before.iter().enumerate().rev() {
        match tokens[i].token {
            Token::RParen => depth += 1,
            Token::LParen if depth == 0 => return Some(k + 1),
            Token::LParen => depth -= 1,
            Token::Comma if depth == 0 => return Some(k + 1),
            _ => {}
        }
    }
    None
}

/// Reads a MySQL type name as written (`int(11)`, `DOUBLE`, `ENUM('a','b')`).
pub(crate) fn read_type(text: &str) -> ColumnType {
    let name = TypeName::parse(text);
    // A display width changes nothing; any modifier but `signed` changes the meaning.
    let plain_int = name.suffix.is_empty() || name.suffix == "signed";
    if name.suffix.split_whitespace().any(|w| w == "unsigned" || w == "zerofill") {
        // `decimal(10,2) unsigned` is not the neutral numeric: kept raw, it round-trips.
        return name.raw();
    }
    match name.base.as_str() {
        "smallint" if plain_int => ColumnType::SmallInteger,
        "int" | "integer" | "mediumint" if plain_int => ColumnType::Integer,
        "bigint" if plain_int => ColumnType::BigInteger,
        "bool" => ColumnType::Boolean,
        "double" if name.args.is_none() => ColumnType::Double,
        "longblob" | "varbinary" | "binary" if name.args.is_none() => ColumnType::Binary,
        _ => standard_type(&name).unwrap_or_else(|| name.raw()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mysql_spellings_read_as_their_types() {
        let cases = [
            ("int(11)", ColumnType::Integer),
            ("int unsigned", ColumnType::Raw("int unsigned".into())),
            ("int(11) unsigned", ColumnType::Raw("int(11) unsigned".into())),
            ("decimal(10,2) unsigned", ColumnType::Raw("decimal(10,2) unsigned".into())),
            ("double(8,2) zerofill", ColumnType::Raw("double(8,2) zerofill".into())),
            ("MEDIUMINT", ColumnType::Integer),
            ("DOUBLE", ColumnType::Double),
        ];
        for (text, want) in cases {
            assert_eq!(read_type(text), want, "{text}");
        }
    }
}

#[cfg(test)]
#[path = "schema_file_tests.rs"]
mod schema_file_tests;
