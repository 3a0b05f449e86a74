//! Named types (domains, enum types no column uses) compared: created and changed before
//! the tables (which may use them), dropped after them (once nothing uses them).
//!
//! Invariant: a changed type's `to` takes the live spelling of every part that compares
//! equal (a check's name and text, the default, the base type), so that the operation
//! says exactly what changes.

use crate::dialect::Dialect;
use crate::operation::{AlterType, CreateType, DropType, Operation};
use crate::schema::{CheckConstraint, Column, Domain, Schema, TypeDef};

use super::{change, Change};

/// The changes to named types: those to run before the tables' changes, and those after.
pub(super) fn compare_types(desired: &Schema, live: &Schema, dialect: &dyn Dialect) -> (Vec<Change>, Vec<Change>) {
    let (mut first, mut last) = (Vec::new(), Vec::new());
    for (name, want) in &desired.types {
        let create = || {
            let op = CreateType { name: name.clone(), definition: want.clone() };
            change(Operation::CreateType(op), format!("Detected added {} '{name}'", want.kind()))
        };
        match live.types.get(name) {
            None => first.push(create()),
            Some(have) if have.kind() != want.kind() => {
                let op = Operation::DropType(DropType { name: name.clone() });
                first.push(change(op, format!("Detected removed {} '{name}'", have.kind())));
                first.push(create());
            }
            Some(have) => {
                if let Some((to, what)) = changed(want, have, dialect) {
                    let op = AlterType { name: name.clone(), from: have.clone(), to };
                    let message = format!("Detected changed {} '{name}' ({})", want.kind(), what.join(", "));
                    first.push(change(Operation::AlterType(op), message));
                }
            }
        }
    }
    for (name, have) in &live.types {
        if !desired.types.contains_key(name) {
            let op = Operation::DropType(DropType { name: name.clone() });
            last.push(change(op, format!("Detected removed {} '{name}'", have.kind())));
        }
    }
    (first, last)
}

/// What `have` becomes to be `want`, and the parts that change; `None` when nothing does.
fn changed(want: &TypeDef, have: &TypeDef, dialect: &dyn Dialect) -> Option<(TypeDef, Vec<String>)> {
    match (want, have) {
        (TypeDef::Enum(w), TypeDef::Enum(h)) => (w != h).then(|| (want.clone(), vec!["labels".to_string()])),
        (TypeDef::Domain(w), TypeDef::Domain(h)) => {
            let (to, what) = changed_domain(w, h, dialect);
            (!what.is_empty()).then_some((TypeDef::Domain(to), what))
        }
        _ => Some((want.clone(), vec!["kind".to_string()])),
    }
}

/// The domain `have` becomes, keeping its spelling of each part equal to `want`'s.
fn changed_domain(want: &Domain, have: &Domain, dialect: &dyn Dialect) -> (Domain, Vec<String>) {
    let mut to = have.clone();
    let mut what = Vec::new();
    if !dialect.types_equal(&want.r#type, &have.r#type) {
        to.r#type = want.r#type.clone();
        what.push(format!("type {} to {}", have.r#type, want.r#type));
    }
    let same_collation = match (&want.collation, &have.collation) {
        (None, None) => true,
        (Some(a), Some(b)) => dialect.collations_equal(a, b),
        _ => false,
    };
    if !same_collation {
        to.collation = want.collation.clone();
        what.push("collation".to_string());
    }
    if want.nullable != have.nullable {
        to.nullable = want.nullable;
        what.push(if want.nullable { "NULL" } else { "NOT NULL" }.to_string());
    }
    let column = Column::new("value", want.r#type.clone());
    if !dialect.defaults_equal(&column, want.default.as_deref(), have.default.as_deref()) {
        to.default = want.default.clone();
        what.push(if want.default.is_some() { "default" } else { "removed default" }.to_string());
    }
    let same = |a: &CheckConstraint, b: &CheckConstraint| match (&a.name, &b.name) {
        (Some(x), Some(y)) if x != y => false,
        _ => dialect.checks_equal(&a.expression, &b.expression),
    };
    let mut checks = Vec::new();
    for w in &want.checks {
        match have.checks.iter().find(|h| same(w, h) && !checks.contains(*h)) {
            Some(h) => checks.push(h.clone()),
            None => {
                what.push(format!("added check {}", check_name(w)));
                checks.push(w.clone());
            }
        }
    }
    for h in have.checks.iter().filter(|h| !checks.contains(h)) {
        what.push(format!("removed check {}", check_name(h)));
    }
    to.checks = checks;
    (to, what)
}

fn check_name(check: &CheckConstraint) -> String {
    match &check.name {
        Some(n) => format!("'{n}'"),
        None => format!("({})", check.expression),
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::Plain;
    use super::*;
    use crate::schema::ColumnType;

    fn year(check: &str, default: Option<&str>) -> TypeDef {
        TypeDef::Domain(Domain {
            nullable: false,
            default: default.map(str::to_string),
            checks: vec![CheckConstraint { name: None, expression: check.into() }],
            ..Domain::new(ColumnType::Integer)
        })
    }

    fn schema(types: &[(&str, TypeDef)]) -> Schema {
        let mut s = Schema::new();
        s.types = types.iter().map(|(n, t)| (n.to_string(), t.clone())).collect();
        s
    }

    #[test]
    fn types_are_added_changed_and_removed_and_an_equal_check_keeps_the_live_name() {
        let live = schema(&[
            ("year", {
                let TypeDef::Domain(mut d) = year("VALUE >= 1901", Some("2000")) else { unreachable!() };
                d.checks[0].name = Some("year_check".into());
                TypeDef::Domain(d)
            }),
            ("gone", TypeDef::Enum(vec!["a".into()])),
        ]);
        let desired = schema(&[
            ("year", year("(VALUE >= 1901)", Some("1999"))),
            ("mood", TypeDef::Enum(vec!["sad".into(), "ok".into()])),
        ]);
        let (first, last) = compare_types(&desired, &live, &Plain);
        let messages: Vec<&str> = first.iter().chain(&last).map(|c| c.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "Detected added enum type 'mood'",
                "Detected changed domain 'year' (default)",
                "Detected removed enum type 'gone'"
            ]
        );
        let Operation::AlterType(alter) = &first[1].operation else { panic!("{:?}", first[1]) };
        let TypeDef::Domain(to) = &alter.to else { panic!() };
        assert_eq!(to.checks[0].name.as_deref(), Some("year_check"));
        assert_eq!(to.default.as_deref(), Some("1999"));
        assert!(compare_types(&desired, &desired, &Plain).0.is_empty());
    }
}
