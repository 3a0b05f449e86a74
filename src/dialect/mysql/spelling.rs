//! MySQL's and MariaDB's own spellings: integer display widths (`int(11)`), `unsigned`,
//! `mediumint`, `double`, the blob family, and `AUTO_INCREMENT`.
//!
//! Invariant: a name with a modifier that changes its meaning (`unsigned`, `zerofill`)
//! stays raw, so no difference is lost.

use sqlparser::dialect::{Dialect as Grammar, MySqlDialect as MySqlGrammar};
use sqlparser::keywords::Keyword;
use sqlparser::tokenizer::Token;

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
