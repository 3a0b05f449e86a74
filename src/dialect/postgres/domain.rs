//! Named types as PostgreSQL DDL: `CREATE DOMAIN`, `ALTER DOMAIN`, `DROP DOMAIN`.
//!
//! Invariant: enum types of their own are not rendered here — the enum-type statements in
//! `render.rs` keep every enum type (a column's or one of its own) in step with the
//! schema, so a type is never created or dropped twice. A domain whose base type or
//! collation changes is made anew and the columns typed by it converted, keeping their
//! rows.

use crate::dialect::{Dialect, DialectError, DialectResult};
use crate::operation::{AlterType, CreateType, DropType, OperationError};
use crate::schema::{CheckConstraint, Domain, Schema, TypeDef};

use super::{quote, render_plain_type, PostgresDialect, NAME};

/// `CREATE DOMAIN …` for a domain; nothing for an enum type (see the module's invariant).
pub(super) fn create_type(o: &CreateType, _before: &Schema) -> DialectResult<Vec<String>> {
    match &o.definition {
        TypeDef::Enum(_) => Ok(Vec::new()),
        TypeDef::Domain(d) => Ok(vec![create_domain(&o.name, d)]),
    }
}

/// `DROP DOMAIN …` for a domain; nothing for an enum type.
///
/// Errors when `before` has no such type.
pub(super) fn drop_type(o: &DropType, before: &Schema) -> DialectResult<Vec<String>> {
    match before.types.get(&o.name) {
        None => Err(OperationError::NoSuchType(o.name.clone()).into()),
        Some(TypeDef::Enum(_)) => Ok(Vec::new()),
        Some(TypeDef::Domain(_)) => Ok(vec![format!("DROP DOMAIN {}", quote(&o.name))]),
    }
}

/// `ALTER DOMAIN …` for each part of a domain that changes; a new base type or collation
/// makes the domain anew (see [`recreate_domain`]). Enum types render nothing here.
///
/// Errors when the type changes kind (an enum type to a domain or back: drop it and
/// create it instead), and when a check to drop has no name.
pub(super) fn alter_type(o: &AlterType, before: &Schema) -> DialectResult<Vec<String>> {
    let (from, to) = match (&o.from, &o.to) {
        (TypeDef::Enum(_), TypeDef::Enum(_)) => return Ok(Vec::new()),
        (TypeDef::Domain(from), TypeDef::Domain(to)) => (from, to),
        (from, to) => {
            let what =
                format!("changing type '{}' from {} to {} (drop it and create it)", o.name, from.kind(), to.kind());
            return Err(DialectError::Unsupported { dialect: NAME, what });
        }
    };
    if from.r#type != to.r#type || from.collation != to.collation {
        return Ok(recreate_domain(&o.name, to, before));
    }
    let alter = format!("ALTER DOMAIN {}", quote(&o.name));
    let mut out = Vec::new();
    if from.default != to.default {
        out.push(match &to.default {
            Some(d) => format!("{alter} SET DEFAULT {d}"),
            None => format!("{alter} DROP DEFAULT"),
        });
    }
    if from.nullable != to.nullable {
        out.push(format!("{alter} {} NOT NULL", if to.nullable { "DROP" } else { "SET" }));
    }
    for check in from.checks.iter().filter(|c| !to.checks.contains(c)) {
        let Some(name) = check.name.clone().or_else(|| live_check_name(before, &o.name, &check.expression)) else {
            let what = format!("dropping an unnamed check ({}) of domain '{}'", check.expression, o.name);
            return Err(DialectError::Unsupported { dialect: NAME, what });
        };
        out.push(format!("{alter} DROP CONSTRAINT {}", quote(&name)));
    }
    for check in to.checks.iter().filter(|c| !from.checks.contains(c)) {
        out.push(format!("{alter} ADD {}", check_clause(check)));
    }
    Ok(out)
}

/// The name PostgreSQL gave the unnamed check `expression` of domain `domain`, as `before`
/// (read from the database) has it.
fn live_check_name(before: &Schema, domain: &str, expression: &str) -> Option<String> {
    let Some(TypeDef::Domain(d)) = before.types.get(domain) else { return None };
    d.checks.iter().find(|c| c.name.is_some() && PostgresDialect.checks_equal(expression, &c.expression))?.name.clone()
}

/// `CREATE DOMAIN name AS type [COLLATE c] [DEFAULT e] [NOT NULL] [[CONSTRAINT n] CHECK (e)]…`.
fn create_domain(name: &str, d: &Domain) -> String {
    let mut s = format!("CREATE DOMAIN {} AS {}", quote(name), render_plain_type(&d.r#type));
    if let Some(c) = &d.collation {
        s.push_str(&format!(" COLLATE {}", quote(c)));
    }
    if let Some(default) = &d.default {
        s.push_str(&format!(" DEFAULT {default}"));
    }
    if !d.nullable {
        s.push_str(" NOT NULL");
    }
    for check in &d.checks {
        s.push(' ');
        s.push_str(&check_clause(check));
    }
    s
}

fn check_clause(check: &CheckConstraint) -> String {
    match &check.name {
        Some(n) => format!("CONSTRAINT {} CHECK ({})", quote(n), check.expression),
        None => format!("CHECK ({})", check.expression),
    }
}

/// The name a domain is moved to while its replacement is created.
fn replaced_domain_name(name: &str) -> String {
    format!("_alambic_old_{name}")
}

/// Whether a column's type names the domain `name` (`year`, `"Year"`).
pub(super) fn names_domain(raw: &str, name: &str) -> bool {
    let raw = raw.trim();
    raw == name
        || raw.strip_prefix('"').and_then(|r| r.strip_suffix('"')).is_some_and(|r| r.replace("\"\"", "\"") == name)
}

/// A domain with a new base type or collation: the old one is renamed, the new one
/// created, every column typed by it converted through the new base type (which fails,
/// and so rolls the revision back, when a row does not fit), and the old one dropped.
fn recreate_domain(name: &str, to: &Domain, before: &Schema) -> Vec<String> {
    let old = replaced_domain_name(name);
    let mut out = vec![format!("ALTER DOMAIN {} RENAME TO {}", quote(name), quote(&old)), create_domain(name, to)];
    let base = render_plain_type(&to.r#type);
    for t in before.tables.values() {
        for c in &t.columns {
            let crate::schema::ColumnType::Raw(raw) = &c.r#type else { continue };
            if !names_domain(raw, name) {
                continue;
            }
            let alter = format!("ALTER TABLE {} ALTER COLUMN {}", quote(&t.name), quote(&c.name));
            if c.server_default.is_some() {
                out.push(format!("{alter} DROP DEFAULT"));
            }
            out.push(format!("{alter} TYPE {} USING {}::{base}::{}", quote(name), quote(&c.name), quote(name)));
            if let Some(d) = &c.server_default {
                out.push(format!("{alter} SET DEFAULT {d}"));
            }
        }
    }
    out.push(format!("DROP DOMAIN {}", quote(&old)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::operation::{AddColumn, Operation};
    use crate::schema::{Column, ColumnType, Table};

    fn year(base: ColumnType, default: Option<&str>, nullable: bool, checks: &[(Option<&str>, &str)]) -> TypeDef {
        TypeDef::Domain(Domain {
            r#type: base,
            nullable,
            default: default.map(str::to_string),
            checks: checks
                .iter()
                .map(|(n, e)| CheckConstraint { name: n.map(str::to_string), expression: e.to_string() })
                .collect(),
            collation: None,
        })
    }

    /// A schema with the domain `year` and a table `films (released year DEFAULT 2000)`.
    fn films(year_def: &TypeDef) -> Schema {
        let mut s = Schema::new();
        s.types.insert("year".into(), year_def.clone());
        let mut t = Table::new("films");
        t.columns.push(Column::new("released", ColumnType::Raw("year".into())).default_sql("2000"));
        s.insert(t);
        s
    }

    fn sql(op: &Operation, before: &Schema) -> Vec<String> {
        super::super::render::render(op, before).expect("renders")
    }

    #[test]
    fn domains_render_as_create_alter_and_drop_domain() {
        let old = year(ColumnType::Integer, Some("2000"), false, &[(Some("year_check"), "VALUE >= 1901")]);
        let before = films(&old);
        let create = Operation::CreateType(CreateType { name: "year".into(), definition: old.clone() });
        assert_eq!(
            sql(&create, &Schema::new()),
            [r#"CREATE DOMAIN "year" AS INTEGER DEFAULT 2000 NOT NULL CONSTRAINT "year_check" CHECK (VALUE >= 1901)"#]
        );
        let new = year(ColumnType::Integer, None, true, &[(None, "VALUE > 0")]);
        let alter = Operation::AlterType(AlterType { name: "year".into(), from: old.clone(), to: new });
        assert_eq!(
            sql(&alter, &before),
            [
                r#"ALTER DOMAIN "year" DROP DEFAULT"#,
                r#"ALTER DOMAIN "year" DROP NOT NULL"#,
                r#"ALTER DOMAIN "year" DROP CONSTRAINT "year_check""#,
                r#"ALTER DOMAIN "year" ADD CHECK (VALUE > 0)"#,
            ]
        );
        let wider = year(ColumnType::BigInteger, Some("2000"), false, &[(Some("year_check"), "VALUE >= 1901")]);
        let retype = Operation::AlterType(AlterType { name: "year".into(), from: old, to: wider });
        assert_eq!(
            sql(&retype, &before),
            [
                r#"ALTER DOMAIN "year" RENAME TO "_alambic_old_year""#,
                r#"CREATE DOMAIN "year" AS BIGINT DEFAULT 2000 NOT NULL CONSTRAINT "year_check" CHECK (VALUE >= 1901)"#,
                r#"ALTER TABLE "films" ALTER COLUMN "released" DROP DEFAULT"#,
                r#"ALTER TABLE "films" ALTER COLUMN "released" TYPE "year" USING "released"::BIGINT::"year""#,
                r#"ALTER TABLE "films" ALTER COLUMN "released" SET DEFAULT 2000"#,
                r#"DROP DOMAIN "_alambic_old_year""#,
            ]
        );
        let drop = Operation::DropType(DropType { name: "year".into() });
        assert_eq!(sql(&drop, &before), [r#"DROP DOMAIN "year""#]);
    }

    #[test]
    fn an_enum_type_of_its_own_is_created_altered_and_dropped_once() {
        let mood = |labels: &[&str]| TypeDef::Enum(labels.iter().map(|l| l.to_string()).collect());
        let create = Operation::CreateType(CreateType { name: "mood".into(), definition: mood(&["sad", "ok"]) });
        assert_eq!(sql(&create, &Schema::new()), [r#"CREATE TYPE "mood" AS ENUM ('sad', 'ok')"#]);
        let mut before = Schema::new();
        before.types.insert("mood".into(), mood(&["sad", "ok"]));
        let alter = Operation::AlterType(AlterType {
            name: "mood".into(),
            from: mood(&["sad", "ok"]),
            to: mood(&["sad", "ok", "happy"]),
        });
        assert_eq!(sql(&alter, &before), [r#"ALTER TYPE "mood" ADD VALUE 'happy'"#]);
        let drop = Operation::DropType(DropType { name: "mood".into() });
        assert_eq!(sql(&drop, &before), [r#"DROP TYPE "mood""#]);
        // A column taking the type on finds it there: nothing creates it again, and
        // dropping the type of its own then leaves the column's type in place.
        let mut t = Table::new("t");
        t.columns.push(Column::new("id", ColumnType::Integer));
        before.insert(t);
        let enum_type = ColumnType::Enum { name: Some("mood".into()), values: vec!["sad".into(), "ok".into()] };
        let add = Operation::AddColumn(AddColumn { table: "t".into(), column: Column::new("m", enum_type) });
        assert_eq!(sql(&add, &before), [r#"ALTER TABLE "t" ADD COLUMN "m" "mood""#]);
        let used = crate::operation::apply_all(&before, std::slice::from_ref(&add)).expect("applies");
        assert_eq!(sql(&drop, &used), Vec::<String>::new());
        let domain = Operation::AlterType(AlterType {
            name: "mood".into(),
            from: mood(&["a"]),
            to: year(ColumnType::Integer, None, true, &[]),
        });
        let err = super::super::render::render(&domain, &before).expect_err("kind change");
        assert!(err.to_string().contains("changing type 'mood' from enum type to domain"), "{err}");
    }

    #[test]
    fn a_column_type_names_a_domain_quoted_or_not() {
        assert!(names_domain("year", "year"));
        assert!(names_domain("\"Year\"", "Year"));
        assert!(!names_domain("year[]", "year"));
        assert!(!names_domain("years", "year"));
    }
}
