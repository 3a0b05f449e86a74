//! Reads a SQLite database's schema into the neutral model.
//!
//! Invariant: the catalog is read in exactly four queries whatever the number of
//! tables (tables, columns, indexes, foreign keys, each joined over `sqlite_master`);
//! what the pragmas do not report (constraint names, check constraints, enum checks,
//! generated columns' expressions, column collations, deferrable foreign keys, index keys'
//! `COLLATE`) is read from the `CREATE TABLE` / `CREATE INDEX` text with `sqlparser`, never
//! with patterns. Attributes equal to SQLite's defaults (the `BINARY` collation) are
//! reported as `None`.

use std::collections::{BTreeMap, HashMap};

use sqlparser::ast::{
    ColumnOption, ConstraintCharacteristics, DeferrableInitial, Expr, InTarget, Statement, TableConstraint, Value,
};
use sqlparser::dialect::SQLiteDialect;
use sqlparser::parser::Parser;
use sqlparser::tokenizer::Tokenizer;
use sqlx::sqlite::SqliteRow;
use sqlx::Row;

use super::spelling::{merge_type_words, read_type as parse_type_name};
use crate::dialect::{Catalog, DialectError, DialectResult};
use crate::schema::{
    CheckConstraint, Column, ColumnType, Deferrable, FkAction, ForeignKey, Generated, Index, PrimaryKey, Schema, Table,
    UniqueConstraint,
};

/// How many catalog queries introspection runs, whatever the number of tables (the
/// connection counts each one as it is sent).
pub const QUERIES: u64 = 4;

const NOT_INTERNAL: &str = r"m.name NOT LIKE 'sqlite\_%' ESCAPE '\'";

/// Every table and index, with whether a table is `WITHOUT ROWID` and `STRICT`, leaving
/// out the shadow tables a virtual table keeps its data in
/// (`docs_content` of an FTS table `docs`): they belong to the virtual table, which is not
/// managed, and must never be reported as tables to drop.
fn master_sql() -> String {
    format!(
        "SELECT m.type, m.name, m.tbl_name, m.sql, coalesce(tl.wr, 0), coalesce(tl.strict, 0) FROM sqlite_master m \
         LEFT JOIN pragma_table_list(m.name) tl ON tl.schema = 'main' \
         WHERE m.type IN ('table', 'index') AND {NOT_INTERNAL} AND coalesce(tl.type, '') <> 'shadow' \
         ORDER BY m.name"
    )
}

fn columns_sql() -> String {
    format!(
        "SELECT m.name, p.cid, p.name, p.type, p.\"notnull\", p.dflt_value, p.pk, p.hidden \
         FROM sqlite_master m JOIN pragma_table_xinfo(m.name) p \
         WHERE m.type = 'table' AND {NOT_INTERNAL} ORDER BY m.name, p.cid"
    )
}

fn indexes_sql() -> String {
    format!(
        "SELECT m.name, il.name, il.\"unique\", il.origin, ii.seqno, ii.name, ii.\"desc\", il.partial \
         FROM sqlite_master m JOIN pragma_index_list(m.name) il JOIN pragma_index_xinfo(il.name) ii \
         WHERE m.type = 'table' AND ii.key = 1 AND {NOT_INTERNAL} ORDER BY m.name, il.name, ii.seqno"
    )
}

fn foreign_keys_sql() -> String {
    format!(
        "SELECT m.name, f.id, f.seq, f.\"table\", f.\"from\", f.\"to\", f.on_update, f.on_delete \
         FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f \
         WHERE m.type = 'table' AND {NOT_INTERNAL} ORDER BY m.name, f.id, f.seq"
    )
}

/// One row of `sqlite_master`.
struct MasterRow {
    kind: String,
    name: String,
    sql: Option<String>,
    /// `WITHOUT ROWID`, `STRICT`: the table's options, as SQLite writes them.
    options: Vec<String>,
}

/// One column, from `pragma_table_xinfo`.
struct ColumnRow {
    table: String,
    name: String,
    type_name: String,
    not_null: bool,
    default: Option<String>,
    pk: i64,
    hidden: i64,
}

/// One key of an index, from `pragma_index_list` × `pragma_index_xinfo`.
struct IndexRow {
    table: String,
    index: String,
    unique: bool,
    origin: String,
    column: Option<String>,
    descending: bool,
    /// Whether the index has a `WHERE` clause.
    partial: bool,
}

/// One column pair of a foreign key, from `pragma_foreign_key_list`.
struct ForeignKeyRow {
    table: String,
    id: i64,
    referred_table: String,
    from: String,
    to: Option<String>,
    on_update: String,
    on_delete: String,
}

fn fail(what: &str) -> impl Fn(sqlx::Error) -> DialectError + '_ {
    move |source| DialectError::Inspect { dialect: super::NAME, what: what.to_string(), source }
}

/// Reads the schema in [`QUERIES`] catalog queries, leaving out the tables in `skip`.
///
/// Errors naming the catalog query that failed.
pub(crate) async fn inspect<C: Catalog<Row = SqliteRow>>(catalog: &mut C, skip: &[&str]) -> DialectResult<Schema> {
    let rows = catalog.rows("tables", &master_sql()).await?;
    let master = read_rows(&rows, "tables", |r| {
        let flags = [(r.try_get::<i64, _>(4)?, "WITHOUT ROWID"), (r.try_get::<i64, _>(5)?, "STRICT")];
        let options = flags.iter().filter(|(on, _)| *on != 0).map(|(_, o)| o.to_string()).collect();
        Ok(MasterRow { kind: r.try_get(0)?, name: r.try_get(1)?, sql: r.try_get(3)?, options })
    })?;
    let rows = catalog.rows("columns", &columns_sql()).await?;
    let columns = read_rows(&rows, "columns", |r| {
        Ok(ColumnRow {
            table: r.try_get(0)?,
            name: r.try_get(2)?,
            type_name: r.try_get::<Option<String>, _>(3)?.unwrap_or_default(),
            not_null: r.try_get::<i64, _>(4)? != 0,
            default: r.try_get(5)?,
            pk: r.try_get(6)?,
            hidden: r.try_get(7)?,
        })
    })?;
    let rows = catalog.rows("indexes", &indexes_sql()).await?;
    let indexes = read_rows(&rows, "indexes", |r| {
        Ok(IndexRow {
            table: r.try_get(0)?,
            index: r.try_get(1)?,
            unique: r.try_get::<i64, _>(2)? != 0,
            origin: r.try_get(3)?,
            column: r.try_get(5)?,
            descending: r.try_get::<i64, _>(6)? != 0,
            partial: r.try_get::<i64, _>(7)? != 0,
        })
    })?;
    let rows = catalog.rows("foreign keys", &foreign_keys_sql()).await?;
    let foreign_keys = read_rows(&rows, "foreign keys", |r| {
        Ok(ForeignKeyRow {
            table: r.try_get(0)?,
            id: r.try_get(1)?,
            referred_table: r.try_get(3)?,
            from: r.try_get(4)?,
            to: r.try_get(5)?,
            on_update: r.try_get(6)?,
            on_delete: r.try_get(7)?,
        })
    })?;
    Ok(build(&master, &columns, &indexes, &foreign_keys, skip))
}

/// Decodes every row of a catalog query; errors name `what` was being read.
fn read_rows<T>(
    rows: &[SqliteRow],
    what: &str,
    decode: impl Fn(&SqliteRow) -> Result<T, sqlx::Error>,
) -> DialectResult<Vec<T>> {
    rows.iter().map(decode).collect::<Result<Vec<_>, sqlx::Error>>().map_err(fail(what))
}

/// A constraint the `CREATE TABLE` text declares on some columns: its name, and for a
/// foreign key, when it is checked.
#[derive(Debug, Default, PartialEq)]
struct DeclaredKey {
    name: Option<String>,
    columns: Vec<String>,
    deferrable: Option<Deferrable>,
}

impl DeclaredKey {
    fn new(name: Option<String>, columns: Vec<String>) -> Self {
        Self { name, columns, deferrable: None }
    }
}

/// What a table's `CREATE TABLE` text says that the pragmas do not.
#[derive(Default)]
struct Declared {
    primary_key_name: Option<String>,
    uniques: Vec<DeclaredKey>,
    foreign_keys: Vec<DeclaredKey>,
    checks: Vec<CheckConstraint>,
    /// Column name → labels of its `CHECK ("col" IN ('a', …))`.
    enum_checks: HashMap<String, Vec<String>>,
    /// Column name → the expression of its `AS (…)` (generated column).
    generated: HashMap<String, String>,
    /// Column name → its `COLLATE`, when it is not `BINARY` (SQLite's default).
    collations: HashMap<String, String>,
}

impl Declared {
    /// The collation column `name` is declared with (`None`: `BINARY`).
    fn collation(&self, column: &str) -> Option<&str> {
        self.collations.iter().find(|(c, _)| c.eq_ignore_ascii_case(column)).map(|(_, v)| v.as_str())
    }
}

fn expr_column(expr: &Expr) -> String {
    match expr {
        Expr::Identifier(id) => id.value.clone(),
        other => other.to_string(),
    }
}

/// The labels of `"column" IN ('a', 'b')`, when `expr` is exactly that.
fn enum_labels(column: &str, expr: &Expr) -> Option<Vec<String>> {
    let expr = match expr {
        Expr::Nested(inner) => inner.as_ref(),
        e => e,
    };
    let Expr::In { expr: target, target: InTarget::List(list), negated: false, .. } = expr else { return None };
    match target.as_ref() {
        Expr::Identifier(id) if id.value.eq_ignore_ascii_case(column) => {}
        _ => return None,
    }
    list.iter()
        .map(|e| match e {
            Expr::Value(v) => match &v.value {
                Value::SingleQuotedString(s) => Some(s.clone()),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

/// When a foreign key declared `DEFERRABLE [INITIALLY DEFERRED|IMMEDIATE]` is checked
/// (`NOT DEFERRABLE` and no clause are `None`, SQLite's default).
fn deferrable(characteristics: Option<&ConstraintCharacteristics>) -> Option<Deferrable> {
    let c = characteristics?;
    match (c.deferrable, c.initially) {
        (Some(true), Some(DeferrableInitial::Deferred)) => Some(Deferrable::Deferred),
        (Some(true), _) => Some(Deferrable::Immediate),
        _ => None,
    }
}

/// Parses a table's `CREATE TABLE` text, its type names of several words read whole.
fn parse_create_table(sql: &str) -> Result<Vec<Statement>, sqlparser::parser::ParserError> {
    let tokens = Tokenizer::new(&SQLiteDialect {}, sql).tokenize_with_location()?;
    Parser::new(&SQLiteDialect {}).with_tokens_with_locations(merge_type_words(tokens)).parse_statements()
}

/// Reads a `CREATE TABLE` statement; a text `sqlparser` cannot read yields nothing, and
/// the table is then described by the pragmas alone.
fn declared(sql: &str) -> Declared {
    let mut d = Declared::default();
    let Ok(statements) = parse_create_table(sql) else {
        tracing::warn!("sqlite: could not read {sql:?}; constraint names and checks are not reported");
        return d;
    };
    let Some(Statement::CreateTable(create)) = statements.first() else { return d };
    for col in &create.columns {
        declared_column(&mut d, col);
    }
    for constraint in &create.constraints {
        declared_constraint(&mut d, constraint);
    }
    d
}

/// What one column definition declares: inline keys and checks, its generation
/// expression and collation.
fn declared_column(d: &mut Declared, col: &sqlparser::ast::ColumnDef) {
    let typed_as_string = matches!(parse_type_name(&col.data_type.to_string()), ColumnType::String(_));
    let column = col.name.value.clone();
    for opt in &col.options {
        let name = opt.name.as_ref().map(|n| n.value.clone());
        match &opt.option {
            ColumnOption::PrimaryKey(pk) => d.primary_key_name = name.or(pk.name.as_ref().map(|n| n.value.clone())),
            ColumnOption::Unique(u) => {
                let name = name.or(u.name.as_ref().map(|n| n.value.clone()));
                d.uniques.push(DeclaredKey::new(name, vec![column.clone()]))
            }
            ColumnOption::ForeignKey(fk) => {
                let name = name.or(fk.name.as_ref().map(|n| n.value.clone()));
                let deferrable = deferrable(fk.characteristics.as_ref());
                d.foreign_keys.push(DeclaredKey { name, columns: vec![column.clone()], deferrable })
            }
            ColumnOption::Check(check) => {
                let name = name.or(check.name.as_ref().map(|n| n.value.clone()));
                match enum_labels(&column, &check.expr) {
                    Some(labels) if typed_as_string && name.is_none() => {
                        d.enum_checks.insert(column.clone(), labels);
                    }
                    _ => d.checks.push(CheckConstraint { name, expression: check.expr.to_string() }),
                }
            }
            ColumnOption::Generated { generation_expr: Some(expr), .. } => {
                d.generated.insert(column.clone(), expr.to_string());
            }
            ColumnOption::Collation(collation) => {
                let collation = collation.to_string();
                if !collation.eq_ignore_ascii_case("BINARY") {
                    d.collations.insert(column.clone(), collation);
                }
            }
            _ => {}
        }
    }
}

/// What one table constraint declares.
fn declared_constraint(d: &mut Declared, constraint: &TableConstraint) {
    match constraint {
        TableConstraint::PrimaryKey(pk) => d.primary_key_name = pk.name.as_ref().map(|n| n.value.clone()),
        TableConstraint::Unique(u) => d.uniques.push(DeclaredKey::new(
            u.name.as_ref().map(|n| n.value.clone()),
            u.columns.iter().map(|c| expr_column(&c.column.expr)).collect(),
        )),
        TableConstraint::ForeignKey(fk) => d.foreign_keys.push(DeclaredKey {
            name: fk.name.as_ref().map(|n| n.value.clone()),
            columns: fk.columns.iter().map(|c| c.value.clone()).collect(),
            deferrable: deferrable(fk.characteristics.as_ref()),
        }),
        TableConstraint::Check(check) => d.checks.push(CheckConstraint {
            name: check.name.as_ref().map(|n| n.value.clone()),
            expression: check.expr.to_string(),
        }),
        _ => {}
    }
}

/// One entry of a `CREATE INDEX` statement as SQL text (for expression indexes), and
/// whether it is a key with its own `COLLATE` (`name COLLATE NOCASE`, kept whole so that
/// the key's collation is not lost).
type IndexEntry = (String, bool);

/// The entries of a `CREATE INDEX` statement and its `WHERE` clause.
fn parse_index(sql: &str) -> (Vec<IndexEntry>, Option<String>) {
    match Parser::parse_sql(&SQLiteDialect {}, sql).ok().as_deref() {
        Some([Statement::CreateIndex(ci)]) => (
            ci.columns
                .iter()
                .map(|c| (expr_column(&c.column.expr), matches!(c.column.expr, Expr::Collate { .. })))
                .collect(),
            ci.predicate.as_ref().map(ToString::to_string),
        ),
        _ => (Vec::new(), None),
    }
}

/// Takes the constraint declared on exactly `columns` (each declaration once).
fn take_declared(declared: &mut Vec<DeclaredKey>, columns: &[String]) -> Option<DeclaredKey> {
    let same = |a: &[String]| a.len() == columns.len() && a.iter().zip(columns).all(|(x, y)| x.eq_ignore_ascii_case(y));
    let pos = declared.iter().position(|k| same(&k.columns))?;
    Some(declared.remove(pos))
}

/// Number at the end of `sqlite_autoindex_<table>_<n>`, to keep declaration order.
fn autoindex_number(name: &str) -> u64 {
    name.rsplit('_').next().and_then(|n| n.parse().ok()).unwrap_or(u64::MAX)
}

/// One index's uniqueness, origin (`c`, `u`, `pk`), entries (`None`: an expression),
/// which of them are descending, and whether it is partial.
type IndexGroup = (bool, String, Vec<Option<String>>, Vec<bool>, bool);

/// The tables being assembled, with what their declarations say.
struct Assembly<'a> {
    tables: BTreeMap<String, Table>,
    declared: HashMap<String, Declared>,
    /// `CREATE INDEX` text of each index, by name.
    index_sql: HashMap<&'a str, &'a str>,
}

/// Assembles the neutral schema from the four catalog queries' rows.
fn build(
    master: &[MasterRow],
    columns: &[ColumnRow],
    indexes: &[IndexRow],
    foreign_keys: &[ForeignKeyRow],
    skip: &[&str],
) -> Schema {
    let mut a = tables_of(master, skip);
    add_columns(&mut a, columns);
    add_primary_keys(&mut a, columns);
    add_indexes(&mut a, indexes);
    add_foreign_keys(&mut a, foreign_keys, columns);
    // Check constraints come from the declaration alone.
    for (name, t) in a.tables.iter_mut() {
        if let Some(d) = a.declared.remove(name) {
            t.check_constraints = d.checks;
        }
    }
    Schema { tables: a.tables }
}

/// The tables of `sqlite_master` (virtual tables and those in `skip` left out), each
/// with its declaration read.
fn tables_of<'a>(master: &'a [MasterRow], skip: &[&str]) -> Assembly<'a> {
    let wanted = |t: &str| !skip.iter().any(|s| s.eq_ignore_ascii_case(t));
    let mut a = Assembly { tables: BTreeMap::new(), declared: HashMap::new(), index_sql: HashMap::new() };
    for m in master {
        match m.kind.as_str() {
            "table" if wanted(&m.name) => {
                let sql = m.sql.as_deref().unwrap_or_default();
                if sql.trim_start().to_ascii_uppercase().starts_with("CREATE VIRTUAL") {
                    continue;
                }
                a.tables.insert(m.name.clone(), Table { options: m.options.clone(), ..Table::new(m.name.clone()) });
                a.declared.insert(m.name.clone(), declared(sql));
            }
            "index" => {
                if let Some(sql) = &m.sql {
                    a.index_sql.insert(&m.name, sql);
                }
            }
            _ => {}
        }
    }
    a
}

/// `pragma_table_xinfo`'s `hidden`: 0 a plain column, 1 a hidden column of a virtual
/// table, 2 a `VIRTUAL` generated column, 3 a `STORED` one.
const HIDDEN_VIRTUAL_TABLE: i64 = 1;
const GENERATED_STORED: i64 = 3;

fn add_columns(a: &mut Assembly, columns: &[ColumnRow]) {
    for c in columns.iter().filter(|c| c.hidden != HIDDEN_VIRTUAL_TABLE) {
        let Some(t) = a.tables.get_mut(&c.table) else { continue };
        let declared = a.declared.get(&c.table);
        let mut ty = parse_type_name(&c.type_name);
        if let (ColumnType::String(_), Some(labels)) = (&ty, declared.and_then(|d| d.enum_checks.get(&c.name))) {
            ty = ColumnType::Enum { name: None, values: labels.clone() };
        }
        let mut column = Column::new(c.name.clone(), ty);
        column.nullable = !c.not_null;
        column.server_default = c.default.clone();
        if c.hidden != 0 {
            let expression = declared.and_then(|d| d.generated.get(&c.name)).cloned().unwrap_or_default();
            column.generated = Some(Generated { expression, stored: c.hidden == GENERATED_STORED });
        }
        column.collation = declared.and_then(|d| d.collation(&c.name)).map(str::to_string);
        t.columns.push(column);
    }
}

fn add_primary_keys(a: &mut Assembly, columns: &[ColumnRow]) {
    // Each key column with its declared type (kept here: looking it up again in `columns`
    // per table would cost tables × columns).
    let mut pk_columns: HashMap<String, Vec<(i64, String, &str)>> = HashMap::new();
    for c in columns.iter().filter(|c| c.hidden != HIDDEN_VIRTUAL_TABLE && c.pk > 0 && a.tables.contains_key(&c.table))
    {
        pk_columns.entry(c.table.clone()).or_default().push((c.pk, c.name.clone(), c.type_name.as_str()));
    }
    for (table, mut cols) in pk_columns {
        let Some(t) = a.tables.get_mut(&table) else { continue };
        cols.sort();
        let name = a.declared.get_mut(&table).and_then(|d| d.primary_key_name.take());
        let integer_key = matches!(cols.as_slice(), [(_, _, ty)] if ty.eq_ignore_ascii_case("INTEGER"));
        t.primary_key = Some(PrimaryKey { name, columns: cols.into_iter().map(|(_, c, _)| c).collect() });
        // A single INTEGER key column is the rowid: the database generates it.
        if let [only] = t.primary_key.as_ref().map(|pk| pk.columns.clone()).unwrap_or_default().as_slice() {
            if integer_key {
                if let Some(col) = t.column_mut(only) {
                    col.autoincrement = true;
                }
            }
        }
    }
}

fn add_indexes(a: &mut Assembly, indexes: &[IndexRow]) {
    let mut grouped: BTreeMap<(String, String), IndexGroup> = BTreeMap::new();
    for i in indexes.iter().filter(|i| a.tables.contains_key(&i.table)) {
        let group = grouped
            .entry((i.table.clone(), i.index.clone()))
            .or_insert_with(|| (i.unique, i.origin.clone(), Vec::new(), Vec::new(), i.partial));
        group.2.push(i.column.clone());
        group.3.push(i.descending);
    }
    let mut uniques: BTreeMap<String, Vec<(u64, Vec<String>)>> = BTreeMap::new();
    for ((table, index), group) in grouped {
        match group.1.as_str() {
            "u" => uniques
                .entry(table)
                .or_default()
                .push((autoindex_number(&index), group.2.into_iter().flatten().collect())),
            "c" => {
                let created = created_index(a, index, group);
                if let Some(t) = a.tables.get_mut(&table) {
                    t.indexes.push(created);
                }
            }
            _ => {}
        }
    }
    for (table, mut list) in uniques {
        list.sort_by_key(|(n, _)| *n);
        let (Some(t), Some(d)) = (a.tables.get_mut(&table), a.declared.get_mut(&table)) else { continue };
        for (_, cols) in list {
            let name = take_declared(&mut d.uniques, &cols).and_then(|k| k.name);
            t.unique_constraints.push(UniqueConstraint { name, columns: cols, ..Default::default() });
        }
    }
    add_merged_uniques(a);
}

/// An index made by `CREATE INDEX`: expression entries, keys with a `COLLATE` and the
/// `WHERE` clause, which the pragmas do not give, are read from its text.
fn created_index(a: &Assembly, name: String, (unique, _, cols, mut descending, _): IndexGroup) -> Index {
    let parsed = a.index_sql.get(name.as_str()).map(|s| parse_index(s)).unwrap_or_default();
    let columns = cols
        .iter()
        .enumerate()
        .map(|(n, c)| match (c, parsed.0.get(n)) {
            (_, Some((entry, true))) | (None, Some((entry, false))) => entry.clone(),
            (Some(column), _) => column.clone(),
            (None, None) => String::new(),
        })
        .collect();
    if !descending.contains(&true) {
        descending.clear();
    }
    Index { name, columns, unique, descending, predicate: parsed.1, ..Default::default() }
}

/// The declared unique constraints SQLite keeps no index of its own for: one on exactly
/// the primary key's columns (its automatic index serves both) or on exactly the columns
/// of an earlier unique constraint (SQLite creates an identical index once). They are
/// still in the table's declaration, so they are reported as declared.
fn add_merged_uniques(a: &mut Assembly) {
    for (table, t) in a.tables.iter_mut() {
        let Some(d) = a.declared.get_mut(table) else { continue };
        for DeclaredKey { name, columns: cols, .. } in std::mem::take(&mut d.uniques) {
            let same = |key: &[String]| {
                key.len() == cols.len() && key.iter().zip(&cols).all(|(x, y)| x.eq_ignore_ascii_case(y))
            };
            let pk = t.primary_key.as_ref().map(|pk| pk.columns.as_slice()).filter(|k| same(k));
            let served = pk.or_else(|| t.unique_constraints.iter().map(|u| u.columns.as_slice()).find(|k| same(k)));
            if let Some(key) = served {
                t.unique_constraints.push(UniqueConstraint { name, columns: key.to_vec(), ..Default::default() });
            }
        }
    }
}

/// Foreign keys: one per (table, id); SQLite numbers them last-declared first.
fn add_foreign_keys(a: &mut Assembly, foreign_keys: &[ForeignKeyRow], columns: &[ColumnRow]) {
    let mut fks: BTreeMap<(String, i64), Vec<&ForeignKeyRow>> = BTreeMap::new();
    for f in foreign_keys.iter().filter(|f| a.tables.contains_key(&f.table)) {
        fks.entry((f.table.clone(), f.id)).or_default().push(f);
    }
    // Highest id first: that is declaration order.
    for ((table, _), rows) in fks.into_iter().rev() {
        let first = rows[0];
        let cols: Vec<String> = rows.iter().map(|r| r.from.clone()).collect();
        let referred_columns: Vec<String> = if rows.iter().all(|r| r.to.is_some()) {
            rows.iter().filter_map(|r| r.to.clone()).collect()
        } else {
            // `REFERENCES parent` with no columns means the parent's primary key.
            let mut pk: Vec<(i64, String)> = columns
                .iter()
                .filter(|c| c.table == first.referred_table && c.pk > 0)
                .map(|c| (c.pk, c.name.clone()))
                .collect();
            pk.sort();
            pk.into_iter().map(|(_, c)| c).collect()
        };
        let declared = a.declared.get_mut(&table).and_then(|d| take_declared(&mut d.foreign_keys, &cols));
        let (name, deferrable) = declared.map(|k| (k.name, k.deferrable)).unwrap_or_default();
        if let Some(t) = a.tables.get_mut(&table) {
            t.foreign_keys.push(ForeignKey {
                name,
                columns: cols,
                referred_table: first.referred_table.clone(),
                referred_columns,
                on_delete: FkAction::from_sql(&first.on_delete).unwrap_or_default(),
                on_update: FkAction::from_sql(&first.on_update).unwrap_or_default(),
                deferrable,
                ..Default::default()
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(name: Option<&str>, columns: &[&str]) -> DeclaredKey {
        DeclaredKey::new(name.map(str::to_string), columns.iter().map(|c| c.to_string()).collect())
    }

    #[test]
    fn generated_columns_collations_and_deferrable_keys_are_read_from_the_declaration() {
        let d = declared(
            "CREATE TABLE t (a INTEGER, b TEXT COLLATE NOCASE, c TEXT COLLATE binary, \
             d INTEGER GENERATED ALWAYS AS (a * 2) STORED, e AS (lower(b)), \
             p INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED, \
             q INTEGER, r INTEGER, \
             CONSTRAINT fk_q FOREIGN KEY (q) REFERENCES parent (id) DEFERRABLE, \
             FOREIGN KEY (r) REFERENCES parent (id) NOT DEFERRABLE INITIALLY DEFERRED)",
        );
        assert_eq!(d.generated.get("d").map(String::as_str), Some("a * 2"));
        assert_eq!(d.generated.get("e").map(String::as_str), Some("lower(b)"));
        assert_eq!(d.collation("B"), Some("NOCASE"));
        assert_eq!(d.collation("c"), None, "BINARY is the default");
        assert_eq!(
            d.foreign_keys,
            vec![
                DeclaredKey { deferrable: Some(Deferrable::Deferred), ..key(None, &["p"]) },
                DeclaredKey { deferrable: Some(Deferrable::Immediate), ..key(Some("fk_q"), &["q"]) },
                key(None, &["r"]),
            ]
        );
    }

    #[test]
    fn an_index_key_keeps_its_collate_whole() {
        let (entries, predicate) =
            parse_index("CREATE INDEX ix ON t (name COLLATE NOCASE DESC, lower(b), c) WHERE c > 0");
        assert_eq!(
            entries,
            vec![("name COLLATE NOCASE".to_string(), true), ("lower(b)".into(), false), ("c".into(), false)]
        );
        assert_eq!(predicate.as_deref(), Some("c > 0"));
    }

    #[test]
    fn declared_constraints_are_read_with_their_names() {
        let d = declared(
            "CREATE TABLE \"t\" (\"id\" INTEGER NOT NULL, \"kind\" VARCHAR(5) NOT NULL CHECK (\"kind\" IN ('a', 'bb')), \
             \"n\" INTEGER CHECK (n > 0), CONSTRAINT \"pk_t\" PRIMARY KEY (\"id\"), UNIQUE (\"n\"), \
             CONSTRAINT \"uq_kind\" UNIQUE (\"kind\", \"n\"), CONSTRAINT \"fk_t\" FOREIGN KEY (\"n\") REFERENCES \"p\" (\"id\"), \
             CONSTRAINT \"ck_t\" CHECK (id < 100))",
        );
        assert_eq!(d.primary_key_name.as_deref(), Some("pk_t"));
        assert_eq!(d.enum_checks.get("kind"), Some(&vec!["a".to_string(), "bb".to_string()]));
        assert_eq!(d.uniques, vec![key(None, &["n"]), key(Some("uq_kind"), &["kind", "n"])]);
        assert_eq!(d.foreign_keys, vec![key(Some("fk_t"), &["n"])]);
        assert_eq!(
            d.checks,
            vec![
                CheckConstraint { name: None, expression: "n > 0".into() },
                CheckConstraint { name: Some("ck_t".into()), expression: "id < 100".into() },
            ]
        );
    }

    #[test]
    fn declarations_with_type_names_of_several_words_are_read() {
        let d = declared(
            "CREATE TABLE \"t\" (\"id\" INTEGER NOT NULL, \"b\" BLOB SUB_TYPE TEXT, \"n\" UNSIGNED BIG INT, \
             CONSTRAINT \"uq_n\" UNIQUE (\"n\"), CONSTRAINT \"ck_n\" CHECK (n > 0))",
        );
        assert_eq!(d.uniques, vec![key(Some("uq_n"), &["n"])]);
        assert_eq!(d.checks, vec![CheckConstraint { name: Some("ck_n".into()), expression: "n > 0".into() }]);
    }
}
