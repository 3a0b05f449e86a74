//! SQLite's table rebuild, for the changes its `ALTER TABLE` cannot make, and the rules
//! that say which changes those are.
//!
//! Invariant: a rebuild creates the new table under a temporary name, copies every row of
//! the columns kept with one `INSERT … SELECT` (which copies all of them or fails), and
//! only then drops the old table and renames the new one into its place, so it never
//! drops or changes a row silently.

use super::render::{create_table_as, index_statements, is_constant, quote, quote_list};
use crate::schema::{Column, Schema, Table};

/// Prefix of the temporary table a rebuild copies rows into.
const REBUILD_PREFIX: &str = "_alambic_tmp_";

/// Rebuilds `before` as `after` (same name, same column names for the columns kept), in
/// steps: the new table under a temporary name, the rows copied, the old table swapped
/// for the new one, the indexes created again.
pub(super) fn rebuild(before: &Table, after: &Table) -> Vec<String> {
    let tmp = format!("{REBUILD_PREFIX}{}", after.name);
    let mut out = vec![create_table_as(after, &tmp)];
    out.extend(copy_rows(before, after, &tmp));
    out.extend(swap(before, &tmp, &after.name));
    out.extend(index_statements(after));
    out
}

/// Copies every row of the columns `after` keeps from `before` into table `into`
/// (nothing to copy when it keeps none). Generated columns are computed by the new table,
/// never copied (SQLite refuses a value for them).
fn copy_rows(before: &Table, after: &Table, into: &str) -> Option<String> {
    let common: Vec<String> = after
        .columns
        .iter()
        .filter(|c| c.generated.is_none() && before.column(&c.name).is_some())
        .map(|c| c.name.clone())
        .collect();
    if common.is_empty() {
        return None;
    }
    let cols = quote_list(&common);
    Some(format!("INSERT INTO {} ({cols}) SELECT {cols} FROM {}", quote(into), quote(&before.name)))
}

/// Drops the old table and renames the new one, `tmp`, to `name`.
fn swap(before: &Table, tmp: &str, name: &str) -> [String; 2] {
    [format!("DROP TABLE {}", quote(&before.name)), format!("ALTER TABLE {} RENAME TO {}", quote(tmp), quote(name))]
}

/// Whether `ALTER TABLE … ADD COLUMN` can add this column (SQLite refuses NOT NULL
/// without a non-NULL constant default, any non-constant default, and a STORED generated
/// column; a VIRTUAL one it adds).
pub(super) fn can_add_natively(column: &Column) -> bool {
    if let Some(g) = &column.generated {
        return !g.stored;
    }
    match &column.server_default {
        None => column.nullable,
        Some(d) => is_constant(d) && (column.nullable || !d.trim().eq_ignore_ascii_case("null")),
    }
}

/// Whether `ALTER TABLE … DROP COLUMN` can drop `column`: it is in no key, index or
/// constraint of its table, and no other table's foreign key points at it.
pub(super) fn can_drop_natively(schema: &Schema, t: &Table, column: &str) -> bool {
    let mentioned =
        |expr: &str| expr.split(|c: char| !(c.is_alphanumeric() || c == '_')).any(|w| w.eq_ignore_ascii_case(column));
    !t.is_primary_key_column(column)
        && !t.indexes.iter().any(|i| i.columns.iter().any(|c| c == column || mentioned(c)))
        && !t.unique_constraints.iter().any(|u| u.columns.iter().any(|c| c == column))
        && !t.foreign_keys.iter().any(|f| f.columns.iter().any(|c| c == column))
        && !t.check_constraints.iter().any(|c| mentioned(&c.expression))
        && !t.columns.iter().filter_map(|c| c.generated.as_ref()).any(|g| mentioned(&g.expression))
        && !schema.tables.values().any(|other| {
            other
                .foreign_keys
                .iter()
                .any(|f| f.referred_table == t.name && f.referred_columns.iter().any(|c| c == column))
        })
}

/// Whether two definitions of a column differ in anything SQLite stores (not the name,
/// the comment or the autoincrement flag, which `INTEGER PRIMARY KEY` decides alone), so
/// that changing one into the other needs a rebuild.
pub(super) fn stored_definition_differs(a: &Column, b: &Column) -> bool {
    let collation = |c: &Column| c.collation.as_deref().map(str::to_ascii_uppercase);
    a.r#type != b.r#type
        || a.nullable != b.nullable
        || a.server_default != b.server_default
        || a.generated != b.generated
        || collation(a) != collation(b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{ColumnType, Index};

    #[test]
    fn a_rebuild_creates_indexes_again_with_their_key_order() {
        let mut before = Table::new("t");
        before.columns = vec![Column::new("a", ColumnType::Integer), Column::new("b", ColumnType::Text)];
        before.indexes = vec![Index {
            name: "ix_t".into(),
            columns: vec!["a".into(), "lower(b)".into()],
            unique: false,
            descending: vec![true, true],
            predicate: None,
            ..Default::default()
        }];
        let mut after = before.clone();
        after.columns[1].nullable = false;
        let sql = rebuild(&before, &after);
        assert_eq!(sql.last().map(String::as_str), Some("CREATE INDEX \"ix_t\" ON \"t\" (\"a\" DESC, lower(b) DESC)"));
    }
}
