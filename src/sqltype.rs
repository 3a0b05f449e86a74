//! SQL type names to neutral types: the part every database reads alike.
//!
//! Input is a type as written (`VARCHAR (64)`, `timestamp with time zone`,
//! `NUMERIC(10, 2)`); output is the [`ColumnType`] it means. Only the names every supported
//! database reads the same way are known here; each dialect reads its own spellings
//! (`int(11) unsigned`, `character varying`, `bytea`) in its folder's `spelling.rs` and
//! falls back to [`parse_type_name`]. Names it does not know become [`ColumnType::Raw`]
//! with the text kept as written, so nothing is lost.

use crate::schema::ColumnType;

/// A type name taken apart: `varchar (64) binary` has base `varchar`, arguments `64` and
/// suffix `binary`. Base and suffix are lower-cased with runs of white space made one space.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeName {
    /// The whole name as written, trimmed.
    pub text: String,
    /// The name before any parenthesis, lower-cased.
    pub base: String,
    /// What the parentheses hold, as written.
    pub args: Option<String>,
    /// What follows the parentheses, lower-cased.
    pub suffix: String,
    /// The arguments that are numbers.
    pub numbers: Vec<u32>,
}

impl TypeName {
    /// Takes a type name apart.
    pub fn parse(text: &str) -> TypeName {
        let trimmed = text.trim();
        let (base, args, suffix) = split_type(trimmed);
        let numbers =
            args.as_deref().map(|a| a.split(',').filter_map(|n| n.trim().parse().ok()).collect()).unwrap_or_default();
        TypeName { text: trimmed.to_string(), base: folded(&base), args, suffix: folded(&suffix), numbers }
    }

    /// The name kept as written, for a type nobody knows.
    pub fn raw(&self) -> ColumnType {
        ColumnType::Raw(self.text.clone())
    }

    /// Whether the name has a time-zone modifier (`... with time zone`).
    pub fn with_time_zone(&self) -> bool {
        self.suffix.contains("with time zone") || self.base.ends_with("with time zone")
    }

    /// `varchar(n)` → `String(Some(n))`, `varchar` → `String(None)`.
    pub fn string(&self) -> ColumnType {
        match self.numbers.as_slice() {
            [n] => ColumnType::String(Some(*n)),
            _ if self.args.is_none() => ColumnType::String(None),
            _ => self.raw(),
        }
    }

    /// `numeric(p, s)` with its precision and scale.
    pub fn numeric(&self) -> ColumnType {
        match self.numbers.as_slice() {
            [] => ColumnType::Numeric(None, None),
            [p] => ColumnType::Numeric(Some(*p), None),
            [p, s] => ColumnType::Numeric(Some(*p), Some(*s)),
            _ => self.raw(),
        }
    }
}

fn folded(text: &str) -> String {
    text.to_ascii_lowercase().split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Reads a SQL type name that every database reads alike into a neutral type; any other
/// name stays [`ColumnType::Raw`].
pub fn parse_type_name(text: &str) -> ColumnType {
    let name = TypeName::parse(text);
    standard_type(&name).unwrap_or_else(|| name.raw())
}

/// The neutral type of a name every database reads alike; `None` for any other name.
pub fn standard_type(name: &TypeName) -> Option<ColumnType> {
    let plain = name.args.is_none() && name.suffix.is_empty();
    let with_tz = name.with_time_zone();
    Some(match name.base.as_str() {
        "smallint" if plain => ColumnType::SmallInteger,
        "int" | "integer" if plain => ColumnType::Integer,
        "bigint" if plain => ColumnType::BigInteger,
        "varchar" => name.string(),
        "text" => ColumnType::Text,
        "boolean" => ColumnType::Boolean,
        "date" => ColumnType::Date,
        "datetime" if name.args.is_none() => ColumnType::DateTime { timezone: false },
        "timestamp" | "timestamp without time zone" if !with_tz => ColumnType::DateTime { timezone: false },
        "timestamp" | "timestamp with time zone" => ColumnType::DateTime { timezone: true },
        "time" | "time without time zone" if !with_tz => ColumnType::Time,
        "float" | "real" if name.args.is_none() => ColumnType::Float,
        "double precision" if name.args.is_none() => ColumnType::Double,
        "numeric" | "decimal" => name.numeric(),
        "blob" => ColumnType::Binary,
        "json" => ColumnType::Json,
        "uuid" => ColumnType::Uuid,
        // alambic's own spelling of an inline enum, read the same for every database.
        "enum" => match name.args.as_deref().and_then(parse_quoted_list) {
            Some(values) => ColumnType::Enum { name: None, values },
            None => name.raw(),
        },
        _ => return None,
    })
}

/// `varchar (64) binary` → (`varchar`, Some(`64`), `binary`).
fn split_type(text: &str) -> (String, Option<String>, String) {
    match text.find('(') {
        Some(open) => {
            let mut depth = 0;
            let mut in_str = false;
            let mut close = None;
            for (i, c) in text[open..].char_indices() {
                match c {
                    '\'' => in_str = !in_str,
                    '(' if !in_str => depth += 1,
                    ')' if !in_str => {
                        depth -= 1;
                        if depth == 0 {
                            close = Some(open + i);
                            break;
                        }
                    }
                    _ => {}
                }
            }
            match close {
                Some(close) => (
                    text[..open].trim().to_string(),
                    Some(text[open + 1..close].to_string()),
                    text[close + 1..].trim().to_string(),
                ),
                None => (text.to_string(), None, String::new()),
            }
        }
        None => {
            // `timestamp with time zone` has its modifier in the name itself.
            (text.to_string(), None, String::new())
        }
    }
}

/// `'a', 'b''c'` → `["a", "b'c"]`.
pub fn parse_quoted_list(text: &str) -> Option<Vec<String>> {
    let mut values = Vec::new();
    let mut chars = text.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        if chars.next()? != '\'' {
            return None;
        }
        let mut value = String::new();
        loop {
            match chars.next()? {
                '\'' if chars.peek() == Some(&'\'') => {
                    chars.next();
                    value.push('\'');
                }
                '\'' => break,
                c => value.push(c),
            }
        }
        values.push(value);
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        match chars.next() {
            None => return Some(values),
            Some(',') => continue,
            Some(_) => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_the_same_type_agree() {
        let cases = [
            ("INT", ColumnType::Integer),
            ("INTEGER", ColumnType::Integer),
            ("VARCHAR(64)", ColumnType::String(Some(64))),
            ("VARCHAR (64)", ColumnType::String(Some(64))),
            ("timestamp with time zone", ColumnType::DateTime { timezone: true }),
            ("TIMESTAMP WITHOUT TIME ZONE", ColumnType::DateTime { timezone: false }),
            ("timestamp(6) with time zone", ColumnType::DateTime { timezone: true }),
            ("DATETIME", ColumnType::DateTime { timezone: false }),
            ("NUMERIC(10, 2)", ColumnType::Numeric(Some(10), Some(2))),
            ("decimal(10,2)", ColumnType::Numeric(Some(10), Some(2))),
            ("double precision", ColumnType::Double),
            ("BLOB", ColumnType::Binary),
            ("enum('a','it''s')", ColumnType::Enum { name: None, values: vec!["a".into(), "it's".into()] }),
            ("citext", ColumnType::Raw("citext".into())),
            ("int unsigned", ColumnType::Raw("int unsigned".into())),
        ];
        for (text, want) in cases {
            assert_eq!(parse_type_name(text), want, "{text}");
        }
    }
}
