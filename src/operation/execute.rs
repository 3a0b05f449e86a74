//! Raw SQL in a script: the [`Execute`] operation and its per-dialect texts.
//!
//! Invariant: every per-dialect key of an [`Execute`] read from a script names a known
//! dialect and is stored in its canonical form (`postgres` → `postgresql`, `mariadb` →
//! `mysql`), so [`Execute::sql_for`] finds it under the name the dialect reports.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{OpResult, Operation, OperationError};
use crate::dialect::{canonical_name, DIALECTS};
use crate::schema::Schema;

/// `execute = { sql = "UPDATE users SET email = ''" }`, with optional per-dialect texts
/// (`sqlite = "…"`, `postgresql = "…"`, `mysql = "…"`) that win over `sql` on that database.
/// Dialect aliases (`postgres`, `mariadb`) are accepted and read as the canonical name;
/// any other key is an error.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RawExecute")]
pub struct Execute {
    /// SQL for every database without its own text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sql: Option<String>,
    /// Per-dialect SQL, keyed by dialect name.
    #[serde(flatten)]
    pub per_dialect: BTreeMap<String, String>,
}

/// An `execute` table as written, before its dialect keys are checked.
#[derive(Deserialize)]
struct RawExecute {
    #[serde(default)]
    sql: Option<String>,
    #[serde(flatten)]
    per_dialect: BTreeMap<String, String>,
}

impl TryFrom<RawExecute> for Execute {
    type Error = String;

    fn try_from(raw: RawExecute) -> Result<Self, Self::Error> {
        let mut per_dialect = BTreeMap::new();
        for (key, sql) in raw.per_dialect {
            let Some(name) = canonical_name(&key) else {
                let known: Vec<String> =
                    DIALECTS.iter().flat_map(|d| d.aliases).map(|alias| format!("`{alias}`")).collect();
                return Err(format!("execute: unknown dialect key `{key}`; expected `sql`, {}", known.join(", ")));
            };
            if per_dialect.insert(name.to_string(), sql).is_some() {
                return Err(format!("execute: dialect key `{key}` repeats `{name}`"));
            }
        }
        Ok(Execute { sql: raw.sql, per_dialect })
    }
}

impl Execute {
    /// The SQL to run on the dialect called `dialect_name` (`None`: nothing to run there).
    /// The name may be an alias (`postgres`); keys are matched on their canonical form.
    pub fn sql_for(&self, dialect_name: &str) -> Option<&str> {
        let wanted = canonical_name(dialect_name).unwrap_or(dialect_name);
        self.per_dialect
            .iter()
            .find(|(key, _)| canonical_name(key).unwrap_or(key) == wanted)
            .map(|(_, sql)| sql)
            .or(self.sql.as_ref())
            .map(String::as_str)
    }

    /// Raw SQL leaves the in-memory schema as it is.
    ///
    /// Never errors.
    pub fn apply(&self, schema: &mut Schema) -> OpResult<()> {
        let _ = schema;
        Ok(())
    }

    /// Raw SQL has no automatic inverse.
    ///
    /// Always errors with [`OperationError::Irreversible`].
    pub fn inverse(&self, before: &Schema) -> OpResult<Vec<Operation>> {
        let _ = before;
        Err(OperationError::Irreversible)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Operation, toml::de::Error> {
        toml::from_str(text)
    }

    fn execute(text: &str) -> Execute {
        match parse(text).expect("parses") {
            Operation::Execute(e) => e,
            op => panic!("not an execute: {op:?}"),
        }
    }

    #[test]
    fn dialect_aliases_are_stored_canonically() {
        for dialect in DIALECTS {
            for alias in dialect.aliases {
                let e = execute(&format!(r#"execute = {{ sql = "SELECT 1", {alias} = "SELECT 2" }}"#));
                assert_eq!(e.per_dialect.keys().collect::<Vec<_>>(), [dialect.name], "{alias}");
                assert_eq!(e.sql_for(dialect.name), Some("SELECT 2"), "{alias}");
                assert_eq!(e.sql_for(alias), Some("SELECT 2"), "{alias}");
                for other in DIALECTS.iter().filter(|d| d.name != dialect.name) {
                    assert_eq!(e.sql_for(other.name), Some("SELECT 1"), "{alias} on {}", other.name);
                }
            }
        }
    }

    #[test]
    fn an_unknown_dialect_key_is_refused_by_name() {
        let err = parse(r#"execute = { oracle = "SELECT 1 FROM dual" }"#).unwrap_err();
        assert!(err.message().contains("`oracle`"), "{err}");
        let dialect = DIALECTS.iter().find(|d| d.aliases.len() > 1).expect("a dialect with an alias");
        let [first, second, ..] = dialect.aliases else { unreachable!("two aliases") };
        let err = parse(&format!(r#"execute = {{ {first} = "a", {second} = "b" }}"#)).unwrap_err();
        assert!(err.message().contains(&format!("repeats `{}`", dialect.name)), "{err}");
    }
}
