//! MySQL's and MariaDB's own spellings: integer display widths (`int(11)`), `unsigned`,
//! `mediumint`, `double`, the blob family, and `AUTO_INCREMENT`.
//!
//! Invariant: a name with a modifier that changes its meaning (`unsigned`, `zerofill`)
//! stays raw, so no difference is lost.

use sqlparser::dialect::{Dialect as Grammar, MySqlDialect as MySqlGrammar};
use sqlparser::keywords::Keyword;
use sqlparser::tokenizer::{Token, TokenWithSpan, Whitespace, Word};

use super::MySqlDialect;
use crate::dialect::{RoutineKind, Spelling, TableOption, UnreadableObject};
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

    /// `CHARSET x` on a column is `CHARACTER SET x`, which the grammar reads, and a string
    /// column's `BINARY` attribute is the binary collation of its character set, else its
    /// table's; the mysql client's `DELIMITER ;;` lines (mysqldump writes them around
    /// triggers and routines) go, and the statements between them end with `;` again; MariaDB's dump of a JSON
    /// column (`doc longtext CHARACTER SET utf8mb4 COLLATE utf8mb4_bin CHECK
    /// (json_valid(doc))`) reads as the `doc JSON` it was declared as.
    fn retokenize(&self, tokens: Vec<TokenWithSpan>) -> Vec<TokenWithSpan> {
        json_columns(binary_attributes(charset_as_character_set(without_delimiter_lines(tokens))))
    }

    /// Stored procedures, functions, events and triggers between `DELIMITER` lines, whose
    /// bodies (`DECLARE`, labels, `IF ... END IF`) the grammar does not read.
    fn unreadable_objects(&self, tokens: &[TokenWithSpan]) -> Vec<UnreadableObject> {
        routines_between_delimiters(tokens)
    }

    /// MySQL and MariaDB match column names in any case.
    fn column_names_fold(&self) -> bool {
        true
    }

    /// InnoDB, the default engine, and the next AUTO_INCREMENT value (state, not schema)
    /// have no bearing on the schema; the character set and collation are the table's.
    fn table_option(&self, key: &str, value: &str) -> TableOption {
        let key = key.trim().to_ascii_uppercase();
        let value = value.trim_matches(['\'', '"', '`']);
        match key.as_str() {
            "ENGINE" if value.eq_ignore_ascii_case("InnoDB") => TableOption::Bookkeeping,
            "AUTO_INCREMENT" => TableOption::Bookkeeping,
            _ => crate::dialect::GenericSpelling.table_option(&key, value),
        }
    }
}

/// Each `CREATE {PROCEDURE | FUNCTION | EVENT | TRIGGER}` statement written between
/// `DELIMITER x` lines (with `x` not `;`): from its `CREATE` to the end of the `x` closing it.
fn routines_between_delimiters(tokens: &[TokenWithSpan]) -> Vec<UnreadableObject> {
    let significant: Vec<usize> =
        (0..tokens.len()).filter(|&i| !matches!(tokens[i].token, Token::Whitespace(_))).collect();
    let token = |k: usize| &tokens[significant[k]];
    let ends_with = |k: usize, delimiter: &[Token]| {
        k + 1 >= delimiter.len()
            && (0..delimiter.len()).all(|d| token(k + 1 - delimiter.len() + d).token == delimiter[d])
    };
    let mut out = Vec::new();
    let (mut delimiter, mut last_line, mut statement_start, mut k) = (vec![Token::SemiColon], 0, true, 0);
    while k < significant.len() {
        let starts_line = token(k).span.start.line != last_line;
        last_line = token(k).span.start.line;
        let is_delimiter_word = matches!(&token(k).token, Token::Word(w) if w.quote_style.is_none() && w.value.eq_ignore_ascii_case("DELIMITER"));
        if starts_line && is_delimiter_word {
            let line = token(k).span.start.line;
            let mut n = k + 1;
            delimiter.clear();
            while n < significant.len() && token(n).span.start.line == line {
                delimiter.push(token(n).token.clone());
                n += 1;
            }
            (k, statement_start) = (n, true);
            continue;
        }
        let custom = !delimiter.is_empty() && delimiter != [Token::SemiColon];
        if let Some((kind, name)) = routine_head(tokens, &significant[k..]).filter(|_| custom && statement_start) {
            let mut n = k;
            while n < significant.len() && !ends_with(n, &delimiter) {
                n += 1;
            }
            let end = significant.get(n + 1).copied().unwrap_or(tokens.len());
            out.push(UnreadableObject { tokens: significant[k]..end, kind, name });
            last_line = token(n.min(significant.len() - 1)).span.start.line;
            (k, statement_start) = (n + 1, true);
            continue;
        }
        statement_start = custom && ends_with(k, &delimiter);
        k += 1;
    }
    out
}

/// What a statement starting at the significant tokens `at` declares, when it is
/// `CREATE [DEFINER = user] {PROCEDURE | FUNCTION | EVENT | TRIGGER} name`.
fn routine_head(tokens: &[TokenWithSpan], at: &[usize]) -> Option<(RoutineKind, String)> {
    let word = |k: usize| match at.get(k).map(|&i| &tokens[i].token) {
        Some(Token::Word(w)) => Some(w),
        _ => None,
    };
    if word(0)?.keyword != Keyword::CREATE {
        return None;
    }
    let head = (1..at.len().min(12)).take_while(|&k| !matches!(tokens[at[k]].token, Token::LParen | Token::SemiColon));
    let (k, kind) = head.into_iter().find_map(|k| {
        let kind = match word(k)?.keyword {
            Keyword::PROCEDURE => RoutineKind::Procedure,
            Keyword::FUNCTION => RoutineKind::Function,
            Keyword::EVENT => RoutineKind::Event,
            Keyword::TRIGGER => RoutineKind::Trigger,
            _ => return None,
        };
        Some((k, kind))
    })?;
    let mut name = word(k + 1)?.value.clone();
    if matches!(at.get(k + 2).map(|&i| &tokens[i].token), Some(Token::Period)) {
        name = word(k + 3).map_or(name, |w| w.value.clone());
    }
    Some((kind, name))
}

/// The tokens without the mysql client's `DELIMITER x` lines, with each statement between
/// such lines ending in `;` instead of `x`. A `;` inside a statement there (a trigger's
/// `BEGIN ... END` body) stays as it is: the grammar reads such bodies.
fn without_delimiter_lines(tokens: Vec<TokenWithSpan>) -> Vec<TokenWithSpan> {
    let mut out: Vec<TokenWithSpan> = Vec::with_capacity(tokens.len());
    let mut delimiter: Vec<Token> = vec![Token::SemiColon];
    let mut last_line = 0;
    let mut i = 0;
    // Where the statement being copied begins in `out`.
    let mut statement_start = 0;
    while i < tokens.len() {
        let token = &tokens[i];
        let significant = !matches!(token.token, Token::Whitespace(_));
        let starts_line = significant && token.span.start.line != last_line;
        if significant {
            last_line = token.span.start.line;
        }
        if starts_line
            && matches!(&token.token, Token::Word(w) if w.quote_style.is_none() && w.value.eq_ignore_ascii_case("DELIMITER"))
        {
            let line = token.span.start.line;
            let mut end = i + 1;
            while end < tokens.len() && tokens[end].span.start.line == line && !is_newline(&tokens[end].token) {
                end += 1;
            }
            delimiter = tokens[i + 1..end]
                .iter()
                .filter(|t| !matches!(t.token, Token::Whitespace(_)))
                .map(|t| t.token.clone())
                .collect();
            i = end;
            continue;
        }
        let at_delimiter = delimiter != [Token::SemiColon]
            && !delimiter.is_empty()
            && tokens[i..]
                .iter()
                .filter(|t| !matches!(t.token, Token::Whitespace(_)))
                .take(delimiter.len())
                .map(|t| &t.token)
                .eq(delimiter.iter());
        if at_delimiter {
            let mut matched = 0;
            let span = token.span;
            while matched < delimiter.len() {
                if !matches!(tokens[i].token, Token::Whitespace(_)) {
                    matched += 1;
                }
                i += 1;
            }
            routine_as_one_statement(&mut out, statement_start);
            out.push(TokenWithSpan::new(Token::SemiColon, span));
            statement_start = out.len();
            continue;
        }
        out.push(token.clone());
        if token.token == Token::SemiColon && delimiter == [Token::SemiColon] {
            statement_start = out.len();
        }
        i += 1;
    }
    out
}

/// A stored routine (`CREATE [DEFINER = …] PROCEDURE | FUNCTION | EVENT …`) that `out`
/// holds from `start` loses the `;` of its body, which the grammar cannot read (routine
/// characteristics, MySQL's `CREATE FUNCTION`): the reader then skips it whole, with a note.
fn routine_as_one_statement(out: &mut Vec<TokenWithSpan>, start: usize) {
    let mut words = out[start..].iter().filter(|t| !matches!(t.token, Token::Whitespace(_)));
    if !words.next().is_some_and(|t| matches!(&t.token, Token::Word(w) if w.keyword == Keyword::CREATE)) {
        return;
    }
    let routine = words
        .take(8)
        .take_while(|t| t.token != Token::LParen)
        .any(|t| matches!(&t.token, Token::Word(w) if [Keyword::PROCEDURE, Keyword::FUNCTION, Keyword::EVENT].contains(&w.keyword)));
    if routine {
        let mut at = 0;
        out.retain(|t| {
            at += 1;
            at <= start || t.token != Token::SemiColon
        });
    }
}

fn is_newline(token: &Token) -> bool {
    matches!(token, Token::Whitespace(Whitespace::Newline))
}

/// Each `BINARY` attribute of a string column in a `CREATE TABLE` list (`password
/// VARCHAR(40) BINARY`), which the grammar lacks, as what it means: `COLLATE x_bin`, where
/// `x` is the column's character set, else the table's. One whose character set the
/// statement does not name is left as it is (and so fails to parse, naming its line).
fn binary_attributes(tokens: Vec<TokenWithSpan>) -> Vec<TokenWithSpan> {
    let significant: Vec<usize> =
        (0..tokens.len()).filter(|&i| !matches!(tokens[i].token, Token::Whitespace(_))).collect();
    let at = |k: usize| significant.get(k).map_or(&Token::EOF, |&i| &tokens[i].token);
    let word =
        |k: usize, keyword: Keyword| matches!(at(k), Token::Word(w) if w.quote_style.is_none() && w.keyword == keyword);
    let mut collations: Vec<(usize, String)> = Vec::new();
    let mut k = 0;
    while k < significant.len() {
        if !(word(k, Keyword::CREATE) && (1..4).any(|n| word(k + n, Keyword::TABLE))) {
            k += 1;
            continue;
        }
        while !matches!(at(k), Token::LParen | Token::SemiColon | Token::EOF) {
            k += 1;
        }
        let (mut depth, mut element, mut position) = (0usize, Vec::new(), 0usize);
        let mut attributes: Vec<(usize, Option<String>)> = Vec::new();
        while !matches!(at(k), Token::SemiColon | Token::EOF) {
            match at(k) {
                Token::LParen => depth += 1,
                Token::RParen => depth -= 1,
                Token::Comma if depth == 1 => {
                    element.clear();
                    position = 0;
                }
                _ if depth == 1 => {
                    let after_name_and_type = position >= 2;
                    let after_set = k > 0 && (word(k - 1, Keyword::SET) || word(k - 1, Keyword::COLLATE));
                    if word(k, Keyword::BINARY) && after_name_and_type && !after_set {
                        attributes.push((significant[k], charset_after(&element, &at)));
                    }
                    element.push(k);
                    position += 1;
                }
                _ => {}
            }
            k += 1;
            if depth == 0 {
                break;
            }
        }
        let table_charset =
            charset_after(&(k..significant.len()).take_while(|&n| at(n) != &Token::SemiColon).collect::<Vec<_>>(), &at);
        collations.extend(
            attributes
                .into_iter()
                .filter_map(|(i, own)| own.or(table_charset.clone()).map(|c| (i, format!("{c}_bin")))),
        );
    }
    let mut out = Vec::with_capacity(tokens.len());
    for (i, token) in tokens.into_iter().enumerate() {
        match collations.iter().find(|(at, _)| *at == i) {
            Some((_, collation)) => {
                let span = token.span;
                out.push(TokenWithSpan::new(Token::make_keyword("COLLATE"), span));
                out.push(TokenWithSpan::new(Token::Whitespace(Whitespace::Space), span));
                out.push(TokenWithSpan::new(Token::make_word(collation, None), span));
            }
            None => out.push(token),
        }
    }
    out
}

/// The character set that the tokens at positions `ks` name (`CHARACTER SET x`,
/// `CHARSET x`, either with `=`), if any.
fn charset_after<'t>(ks: &[usize], at: &impl Fn(usize) -> &'t Token) -> Option<String> {
    let is = |k: usize, name: &str| matches!(at(k), Token::Word(w) if w.quote_style.is_none() && w.value.eq_ignore_ascii_case(name));
    ks.iter().find_map(|&k| {
        let value_at = if is(k, "CHARSET") {
            k + 1
        } else if is(k, "CHARACTER") && is(k + 1, "SET") {
            k + 2
        } else {
            return None;
        };
        let value_at = if at(value_at) == &Token::Eq { value_at + 1 } else { value_at };
        match at(value_at) {
            Token::Word(w) => Some(w.value.clone()),
            Token::SingleQuotedString(s) => Some(s.clone()),
            _ => None,
        }
    })
}

/// Each `CHARSET` word that is not followed by `=` or `(` (a column's `CHARSET utf8mb4`,
/// not the table option `CHARSET=utf8mb4` or the function `CHARSET(x)`) as the two words
/// `CHARACTER SET`.
fn charset_as_character_set(tokens: Vec<TokenWithSpan>) -> Vec<TokenWithSpan> {
    let mut out = Vec::with_capacity(tokens.len());
    for (i, token) in tokens.iter().enumerate() {
        let is_charset =
            matches!(&token.token, Token::Word(w) if w.quote_style.is_none() && w.keyword == Keyword::CHARSET);
        let next = tokens[i + 1..].iter().find(|t| !matches!(t.token, Token::Whitespace(_)));
        let before_value = next.is_some_and(|t| !matches!(t.token, Token::Eq | Token::LParen));
        if !(is_charset && before_value) {
            out.push(token.clone());
            continue;
        }
        let word = |value: &str, keyword| Token::Word(Word { value: value.into(), quote_style: None, keyword });
        out.push(TokenWithSpan::new(word("CHARACTER", Keyword::CHARACTER), token.span));
        out.push(TokenWithSpan::new(Token::Whitespace(Whitespace::Space), token.span));
        out.push(TokenWithSpan::new(word("SET", Keyword::SET), token.span));
    }
    out
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
///
/// Only a name that is exactly a neutral type becomes one: `MEDIUMINT`, `LONGBLOB` and
/// `BINARY` (`BINARY(1)`) keep their own size, raw, so that none is widened or narrowed in
/// silence; MySQL's aliases (`INT8`, `DEC`, `FIXED`, `FLOAT(p)`) read as the type the
/// server makes of them. `REAL` stays the neutral single-precision float it is in every
/// portable schema (MySQL makes a DOUBLE of it only without `REAL_AS_FLOAT`).
pub(crate) fn read_type(text: &str) -> ColumnType {
    let mut name = TypeName::parse(text);
    // Without parentheses a modifier is still part of the base (`int signed`).
    if let Some(base) = name.base.strip_suffix(" signed").filter(|_| name.args.is_none()) {
        (name.base, name.suffix) = (base.to_string(), "signed".into());
    }
    // A display width changes nothing; any modifier but `signed` changes the meaning.
    let plain_int = name.suffix.is_empty() || name.suffix == "signed";
    if name.suffix.split_whitespace().any(|w| w == "unsigned" || w == "zerofill") {
        // `decimal(10,2) unsigned` is not the neutral numeric: kept raw, it round-trips.
        return name.raw();
    }
    // A fractional-seconds precision of 0 is none (`DATETIME(0)` is `DATETIME`).
    let no_fraction = name.args.is_none() || name.numbers == [0];
    match name.base.as_str() {
        "smallint" | "int2" if plain_int => ColumnType::SmallInteger,
        "int" | "integer" | "int4" if plain_int => ColumnType::Integer,
        "bigint" | "int8" if plain_int => ColumnType::BigInteger,
        "int1" => ColumnType::Raw(alias(&name, "tinyint")),
        "int3" | "middleint" => ColumnType::Raw(alias(&name, "mediumint")),
        "dec" | "fixed" => name.numeric(),
        "bool" => ColumnType::Boolean,
        "double" if name.args.is_none() => ColumnType::Double,
        // FLOAT(p): single precision up to 24 bits, double from 25 to 53.
        "float" => match name.numbers.as_slice() {
            [p] if *p <= 24 => ColumnType::Float,
            [p] if *p <= 53 => ColumnType::Double,
            _ if name.args.is_none() => ColumnType::Float,
            _ => name.raw(),
        },
        // TIMESTAMP is not DATETIME here (UTC storage, its own range and defaults), and a
        // fractional-seconds precision (`time(3)`) is part of the type: both stay as written.
        "timestamp" if no_fraction => ColumnType::Raw(alias(&name, "timestamp")),
        "timestamp" => name.raw(),
        "time" if no_fraction => ColumnType::Time,
        "datetime" if no_fraction => ColumnType::DateTime { timezone: false },
        "time" | "datetime" => name.raw(),
        _ => standard_type(&name).unwrap_or_else(|| name.raw()),
    }
}

/// The type `name` stands for, spelled `base` with `name`'s modifiers but without a
/// fractional-seconds precision of 0.
fn alias(name: &TypeName, base: &str) -> String {
    let args = name.args.as_deref().filter(|a| a.trim() != "0").map(|a| format!("({a})")).unwrap_or_default();
    [format!("{}{args}", base.to_ascii_uppercase()), name.suffix.to_ascii_uppercase()].join(" ").trim().to_string()
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
            ("MEDIUMINT", ColumnType::Raw("MEDIUMINT".into())),
            ("mediumint(9)", ColumnType::Raw("mediumint(9)".into())),
            ("INT SIGNED", ColumnType::Integer),
            ("BIGINT(20) SIGNED", ColumnType::BigInteger),
            ("INT8", ColumnType::BigInteger),
            ("INT1", ColumnType::Raw("TINYINT".into())),
            ("BINARY", ColumnType::Raw("BINARY".into())),
            ("LONGBLOB", ColumnType::Raw("LONGBLOB".into())),
            ("BLOB", ColumnType::Binary),
            ("REAL", ColumnType::Float),
            ("DOUBLE PRECISION", ColumnType::Double),
            ("FLOAT", ColumnType::Float),
            ("FLOAT(10)", ColumnType::Float),
            ("FLOAT(30)", ColumnType::Double),
            ("FLOAT(7,3)", ColumnType::Raw("FLOAT(7,3)".into())),
            ("DEC(8,2)", ColumnType::Numeric(Some(8), Some(2))),
            ("FIXED", ColumnType::Numeric(None, None)),
            ("DATETIME(0)", ColumnType::DateTime { timezone: false }),
            ("TIME(0)", ColumnType::Time),
            ("TIMESTAMP(0)", ColumnType::Raw("TIMESTAMP".into())),
            ("DOUBLE", ColumnType::Double),
            ("TIMESTAMP", ColumnType::Raw("TIMESTAMP".into())),
            ("timestamp(3)", ColumnType::Raw("timestamp(3)".into())),
            ("TIME(6)", ColumnType::Raw("TIME(6)".into())),
            ("DATETIME(3)", ColumnType::Raw("DATETIME(3)".into())),
            ("datetime", ColumnType::DateTime { timezone: false }),
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
