//! Raw SQL in a script: the [`Execute`] operation and its per-dialect texts.
//!
//! Invariant: every per-dialect key of an [`Execute`] read from a script names a known
//! dialect and is stored in its canonical form (`postgres` → `postgresql`, `mariadb` →
//! `mysql`), so [`Execute::sql_for`] finds it under the name the dialect reports.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{OpResult, Operation, OperationError};
use crate::dialect::canonical_name;
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
                return Err(format!(
                    "execute: unknown dialect key `{key}`; expected `sql`, `sqlite`, `postgresql` (or `postgres`), \
                     `mysql` (or `mariadb`)"
                ));
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

    #[test]
    fn dialect_aliases_are_stored_canonically() {
        let op =
            parse(r#"execute = { sql = "SELECT 1", postgres = "SELECT 2", mariadb = "SELECT 3" }"#).expect("parses");
        let Operation::Execute(e) = op else { panic!("not an execute: {op:?}") };
        assert_eq!(e.per_dialect.keys().collect::<Vec<_>>(), ["mysql", "postgresql"]);
        assert_eq!(e.sql_for("postgresql"), Some("SELECT 2"));
        assert_eq!(e.sql_for("postgres"), Some("SELECT 2"));
        assert_eq!(e.sql_for("mysql"), Some("SELECT 3"));
        assert_eq!(e.sql_for("sqlite"), Some("SELECT 1"));
    }

    #[test]
    fn an_unknown_dialect_key_is_refused_by_name() {
        let err = parse(r#"execute = { oracle = "SELECT 1 FROM dual" }"#).unwrap_err();
        assert!(err.message().contains("`oracle`"), "{err}");
        let err = parse(r#"execute = { postgres = "a", postgresql = "b" }"#).unwrap_err();
        assert!(err.message().contains("repeats `postgresql`"), "{err}");
    }
}
