//! SQL type names to neutral types: one lookup shared by the schema-file reader and every
//! dialect's introspection.
//!
//! Input is a type as a database or a schema file spells it (`VARCHAR (64)`,
//! `character varying(64)`, `int(11) unsigned`, `timestamp with time zone`,
//! `enum('a','b')`); output is the [`ColumnType`] it means. Names it does not know become
//! [`ColumnType::Raw`] with the text kept as written, so nothing is lost.

use crate::schema::ColumnType;

/// Reads a SQL type name into a neutral type.
pub fn parse_type_name(text: &str) -> ColumnType {
    let trimmed = text.trim();
    let (base, args, suffix) = split_type(trimmed);
    let base_lc = base.to_ascii_lowercase();
    let base_lc = base_lc.split_whitespace().collect::<Vec<_>>().join(" ");
    let suffix_lc = suffix.to_ascii_lowercase();
    let suffix_lc = suffix_lc.split_whitespace().collect::<Vec<_>>().join(" ");
    let nums: Vec<u32> =
        args.as_deref().map(|a| a.split(',').filter_map(|n| n.trim().parse().ok()).collect()).unwrap_or_default();
    let with_tz = suffix_lc.contains("with time zone") || base_lc.ends_with("with time zone");
    let raw = || ColumnType::Raw(trimmed.to_string());
    // Integer modifiers other than a display width change the meaning; keep them raw.
    let plain_int = suffix_lc.is_empty() || suffix_lc == "signed";
    match base_lc.as_str() {
        "smallint" | "int2" if plain_int => ColumnType::SmallInteger,
        "int" | "integer" | "int4" | "mediumint" if plain_int => ColumnType::Integer,
        "bigint" | "int8" if plain_int => ColumnType::BigInteger,
        "serial" | "serial4" => ColumnType::Integer,
        "bigserial" | "serial8" => ColumnType::BigInteger,
        "smallserial" | "serial2" => ColumnType::SmallInteger,
        "varchar" | "character varying" | "nvarchar" | "varchar2" => match nums.as_slice() {
            [n] => ColumnType::String(Some(*n)),
            _ if args.is_none() => ColumnType::String(None),
            _ => raw(),
        },
        "text" | "clob" => ColumnType::Text,
        "boolean" | "bool" => ColumnType::Boolean,
        "date" => ColumnType::Date,
        "datetime" if args.is_none() => ColumnType::DateTime { timezone: false },
        "timestamp" | "timestamp without time zone" if !with_tz => ColumnType::DateTime { timezone: false },
        "timestamp" | "timestamp with time zone" | "timestamptz" => ColumnType::DateTime { timezone: true },
        "time" | "time without time zone" if !with_tz => ColumnType::Time,
        "float" | "real" | "float4" if args.is_none() => ColumnType::Float,
        "double" | "double precision" | "float8" if args.is_none() => ColumnType::Double,
        "numeric" | "decimal" => match nums.as_slice() {
            [] => ColumnType::Numeric(None, None),
            [p] => ColumnType::Numeric(Some(*p), None),
            [p, s] => ColumnType::Numeric(Some(*p), Some(*s)),
            _ => raw(),
        },
        "blob" | "bytea" | "longblob" | "varbinary" | "binary" if args.is_none() || base_lc == "blob" => {
            ColumnType::Binary
        }
        "json" | "jsonb" if base_lc == "json" => ColumnType::Json,
        "uuid" => ColumnType::Uuid,
        "enum" => match args.as_deref().and_then(parse_quoted_list) {
            Some(values) => ColumnType::Enum { name: None, values },
            None => raw(),
        },
        _ => raw(),
    }
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
            ("int(11)", ColumnType::Integer),
            ("VARCHAR(64)", ColumnType::String(Some(64))),
            ("VARCHAR (64)", ColumnType::String(Some(64))),
            ("character varying(64)", ColumnType::String(Some(64))),
            ("timestamp with time zone", ColumnType::DateTime { timezone: true }),
            ("TIMESTAMP WITHOUT TIME ZONE", ColumnType::DateTime { timezone: false }),
            ("timestamp(6) with time zone", ColumnType::DateTime { timezone: true }),
            ("DATETIME", ColumnType::DateTime { timezone: false }),
            ("NUMERIC(10, 2)", ColumnType::Numeric(Some(10), Some(2))),
            ("decimal(10,2)", ColumnType::Numeric(Some(10), Some(2))),
            ("double precision", ColumnType::Double),
            ("bytea", ColumnType::Binary),
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
