//! The column, index and constraint features of a schema file, from sqlparser's tree to the
//! model's fields: generated columns, identity options, index keys (order, NULLs, operator
//! classes) and methods, deferrable constraints and exclusion constraints.
//!
//! Invariant: a field is set only when the file says something other than the database's
//! default (`USING btree`, `NULLS LAST` on an ascending key and identity options equal to
//! the sequence defaults read as `None`), so a file and the database's own report of it
//! compare equal; what the model cannot hold is returned as text for a note, never dropped.

use sqlparser::ast::{
    ConstraintCharacteristics, DeferrableInitial, ExcludeConstraint, Expr, IndexColumn, IndexOption, IndexType,
    OrderBySort, SequenceOptions, UnaryOperator, Value,
};

use super::sql::bare_name;
use crate::schema::{ColumnType, Deferrable, ExclusionConstraint, ExclusionElement, Identity, Nulls};

/// When a constraint is checked: `DEFERRABLE [INITIALLY IMMEDIATE]` is `Immediate`,
/// `[DEFERRABLE] INITIALLY DEFERRED` is `Deferred` (deferring initially makes it
/// deferrable), and `NOT DEFERRABLE` or nothing is `None`.
pub(super) fn deferrable(characteristics: Option<&ConstraintCharacteristics>) -> Option<Deferrable> {
    let c = characteristics?;
    match (c.deferrable, c.initially) {
        (Some(false), _) => None,
        (_, Some(DeferrableInitial::Deferred)) => Some(Deferrable::Deferred),
        (Some(true), _) => Some(Deferrable::Immediate),
        (None, _) => None,
    }
}

/// What of a constraint's characteristics the model does not keep: `NOT ENFORCED`.
pub(super) fn unenforced(characteristics: Option<&ConstraintCharacteristics>) -> Vec<String> {
    let unenforced = characteristics.is_some_and(|c| c.enforced == Some(false));
    if unenforced {
        vec!["NOT ENFORCED".to_string()]
    } else {
        Vec::new()
    }
}

/// An index method, lower-case; `None` for the default B-tree.
pub(super) fn index_method(index_type: &IndexType) -> Option<String> {
    let method = match index_type {
        IndexType::BTree => return None,
        IndexType::Custom(name) => name.value.to_ascii_lowercase(),
        other => other.to_string().to_ascii_lowercase(),
    };
    (method != "btree").then_some(method)
}

/// The method of an index given by `USING` before its keys, or in its options after them.
pub(super) fn method_of(using: Option<&IndexType>, options: &[IndexOption]) -> Option<String> {
    let from_options = options.iter().find_map(|o| match o {
        IndexOption::Using(t) => Some(t),
        IndexOption::Comment(_) => None,
    });
    using.or(from_options).and_then(index_method)
}

/// Where each key puts NULLs, only where that is not its direction's default (NULLs last
/// in an ascending key, first in a descending one); empty when every key has the default.
pub(super) fn key_nulls(columns: &[IndexColumn]) -> Vec<Option<Nulls>> {
    let nulls: Vec<Option<Nulls>> = columns
        .iter()
        .map(|c| {
            let descending = matches!(c.column.options.sort, Some(OrderBySort::Desc));
            match c.column.options.nulls_first {
                Some(true) if !descending => Some(Nulls::First),
                Some(false) if descending => Some(Nulls::Last),
                _ => None,
            }
        })
        .collect();
    trimmed(nulls)
}

/// Each key's operator class (unqualified), by position; empty when no key names one.
pub(super) fn operator_classes(columns: &[IndexColumn]) -> Vec<Option<String>> {
    trimmed(columns.iter().map(|c| c.operator_class.as_ref().map(bare_name)).collect())
}

/// The list without its trailing `None`s (so all-`None` is empty).
fn trimmed<T>(mut list: Vec<Option<T>>) -> Vec<Option<T>> {
    while list.last().is_some_and(Option::is_none) {
        list.pop();
    }
    list
}

/// An integer literal (`5`, `-1`).
fn integer(expr: &Expr) -> Option<i64> {
    match expr {
        Expr::Value(v) => match &v.value {
            Value::Number(n, _) => n.parse().ok(),
            _ => None,
        },
        Expr::UnaryOp { op: UnaryOperator::Minus, expr } => integer(expr).and_then(i64::checked_neg),
        Expr::UnaryOp { op: UnaryOperator::Plus, expr } | Expr::Nested(expr) => integer(expr),
        _ => None,
    }
}

/// An identity column's options: `always` (`GENERATED ALWAYS` rather than `BY DEFAULT`) and
/// its sequence options, on a column of type `ty`. Options equal to the defaults for the
/// type come out as `None`, and an identity that is all defaults (`BY DEFAULT`, nothing
/// else) is `None`. The second value lists what is read but not kept (`CACHE 20`).
pub(super) fn identity(always: bool, options: &[SequenceOptions], ty: &ColumnType) -> (Option<Identity>, Vec<String>) {
    let mut written = Identity { always, ..Identity::default() };
    let mut not_kept = Vec::new();
    for option in options {
        let value = |e: &Expr| integer(e);
        match option {
            SequenceOptions::IncrementBy(e, _) => written.increment = value(e),
            SequenceOptions::MinValue(e) => written.min_value = e.as_ref().and_then(value),
            SequenceOptions::MaxValue(e) => written.max_value = e.as_ref().and_then(value),
            SequenceOptions::StartWith(e, _) => written.start = value(e),
            // sqlparser's flag says `NO CYCLE`.
            SequenceOptions::Cycle(no) => written.cycle = !no,
            SequenceOptions::Cache(e) if value(e) == Some(1) => {}
            other => not_kept.push(other.to_string().trim().to_string()),
        }
    }
    (written.without_defaults(ty), not_kept)
}

/// An exclusion constraint as the model holds it (the method defaults to B-tree, as
/// PostgreSQL's does), and what of it the model cannot hold (a key's operator class or
/// order, `INCLUDE`).
pub(super) fn exclusion(constraint: &ExcludeConstraint) -> (ExclusionConstraint, Vec<String>) {
    let mut not_kept = Vec::new();
    let elements = constraint
        .elements
        .iter()
        .map(|e| {
            let key = &e.column;
            let ordered = key.column.options.sort.is_some() || key.column.options.nulls_first.is_some();
            if key.operator_class.is_some() || ordered {
                not_kept.push(format!("the operator class or order of element '{key}'"));
            }
            ExclusionElement { expression: key.column.expr.to_string(), operator: e.operator.to_string() }
        })
        .collect();
    if !constraint.include.is_empty() {
        let include: Vec<String> = constraint.include.iter().map(|c| c.value.clone()).collect();
        not_kept.push(format!("INCLUDE ({})", include.join(", ")));
    }
    let method = constraint.index_method.as_ref().map_or_else(|| "btree".to_string(), |m| m.value.to_ascii_lowercase());
    let exclusion = ExclusionConstraint {
        name: constraint.name.as_ref().map(|n| n.value.clone()),
        method,
        elements,
        predicate: constraint.where_clause.as_ref().map(ToString::to_string),
        deferrable: deferrable(constraint.characteristics.as_ref()),
    };
    (exclusion, not_kept)
}
