//! Reads the schema of `current_schema()` from `pg_catalog` into the neutral model.
//!
//! Invariant: a fixed number of queries ([`QUERIES`]), whatever the number of tables —
//! tables, columns, identity sequences, constraints, indexes (one row per key), named types
//! (enum labels, domains) — each one reading every table at once. Constraint names are
//! reported as PostgreSQL stores them (also those it chose itself), so that an unnamed
//! constraint created earlier can be dropped by name later. A column typed by a domain names the domain, which is read as a
//! named type of its own.
//! Comments and the constraint behind an index are joined in, not looked up row by row
//! (`col_description`, `NOT EXISTS` on `pg_constraint.conindid`, which has no index): the
//! per-row lookups cost PostgreSQL about a quarter of a second for a thousand tables.

use std::collections::{BTreeMap, HashMap};

use sqlx::postgres::PgRow;
use sqlx::Row;

use super::spelling::read_type;
use super::NAME;
use crate::dialect::{Catalog, DialectError, DialectResult};
use crate::schema::{
    CheckConstraint, Column, ColumnType, Deferrable, Domain, ExclusionConstraint, ExclusionElement, FkAction,
    ForeignKey, Generated, Identity, Index, Nulls, PrimaryKey, Schema, Table, TypeDef, UniqueConstraint,
};

/// How many catalog queries introspection runs, whatever the number of tables (the
/// connection counts each one as it is sent).
pub const QUERIES: u64 = 6;

const TABLES: &str = "\
SELECT c.relname::text AS table_name, ds.description AS comment
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_description ds ON ds.objoid = c.oid
     AND ds.classoid = 'pg_catalog.pg_class'::regclass AND ds.objsubid = 0
WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition
ORDER BY c.relname";

const COLUMNS: &str = "\
SELECT c.relname::text AS table_name, a.attname::text AS column_name,
       format_type(a.atttypid, a.atttypmod) AS type_name,
       a.attnotnull AS not_null, pg_get_expr(d.adbin, d.adrelid) AS default_sql,
       a.attidentity::text AS identity,
       ds.description AS comment,
       t.typtype::text AS type_kind, t.typname::text AS type_label, a.atttypid::int8 AS type_oid,
       a.attgenerated::text AS generated, co.collname::text AS collation
FROM pg_catalog.pg_attribute a
JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
LEFT JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation AND a.attcollation <> t.typcollation
LEFT JOIN pg_catalog.pg_description ds ON ds.objoid = a.attrelid
     AND ds.classoid = 'pg_catalog.pg_class'::regclass AND ds.objsubid = a.attnum
WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition
  AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY c.relname, a.attnum";

// Apart from COLUMNS: joined there, the sequence lookup ran once per column of every table
// (a third of that query's time at 1000 tables); here it starts from the identity columns.
const IDENTITY: &str = "\
SELECT c.relname::text AS table_name, a.attname::text AS column_name,
       s.seqstart AS seq_start, s.seqincrement AS seq_increment, s.seqmin AS seq_min,
       s.seqmax AS seq_max, s.seqcycle AS seq_cycle
FROM pg_catalog.pg_attribute a
JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_depend dep ON dep.refclassid = 'pg_catalog.pg_class'::regclass
     AND dep.refobjid = a.attrelid AND dep.refobjsubid = a.attnum
     AND dep.classid = 'pg_catalog.pg_class'::regclass AND dep.deptype = 'i'
JOIN pg_catalog.pg_sequence s ON s.seqrelid = dep.objid
WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition
  AND a.attidentity <> '' AND NOT a.attisdropped";

// The set-returning functions in the per-row subqueries are `unnest … WITH ORDINALITY`:
// the planner estimates them at a few rows where `generate_subscripts` counts a thousand,
// which priced this query past `jit_above_cost` at 1000 tables and cost 0.7 s of JIT
// compilation on every read. The subqueries a kind of constraint does not need are not run
// for it (`CASE` on the kind). `indnullsnotdistinct` exists from PostgreSQL 15
// ([`for_server`]).
const CONSTRAINTS: &str = "\
SELECT c.relname::text AS table_name, con.conname::text AS name, con.contype::text AS kind,
       ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
             JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
             ORDER BY k.ord) AS columns,
       rc.relname::text AS referred_table,
       CASE WHEN con.contype = 'f' THEN
       ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
             JOIN pg_catalog.pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum
             ORDER BY k.ord) END AS referred_columns,
       con.confdeltype::text AS on_delete, con.confupdtype::text AS on_update,
       CASE WHEN con.contype = 'c' THEN pg_get_constraintdef(con.oid, true) END AS definition,
       con.condeferrable AS deferrable, con.condeferred AS deferred, con.confmatchtype::text AS match_type,
       COALESCE(cix.indnullsnotdistinct, false) AS nulls_not_distinct,
       am.amname::text AS method,
       CASE WHEN con.contype = 'x' THEN
       ARRAY(SELECT CASE WHEN cix.indkey[x.k::int - 1] = 0 THEN pg_get_indexdef(con.conindid, x.k::int, true)
                         ELSE (SELECT a.attname::text FROM pg_catalog.pg_attribute a
                               WHERE a.attrelid = cix.indrelid AND a.attnum = cix.indkey[x.k::int - 1]) END
             FROM unnest(con.conexclop) WITH ORDINALITY AS x(op, k) ORDER BY x.k) END AS exclusion_elements,
       CASE WHEN con.contype = 'x' THEN
       ARRAY(SELECT op.oprname::text FROM unnest(con.conexclop) WITH ORDINALITY o(oid, k)
             JOIN pg_catalog.pg_operator op ON op.oid = o.oid ORDER BY o.k) END AS exclusion_operators,
       CASE WHEN con.contype = 'x' THEN pg_get_expr(cix.indpred, cix.indrelid) END AS predicate
FROM pg_catalog.pg_constraint con
JOIN pg_catalog.pg_class c ON c.oid = con.conrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_class rc ON rc.oid = con.confrelid
LEFT JOIN pg_catalog.pg_index cix ON con.contype IN ('u', 'x') AND cix.indexrelid = con.conindid
LEFT JOIN pg_catalog.pg_class ci ON con.contype = 'x' AND ci.oid = con.conindid
LEFT JOIN pg_catalog.pg_am am ON am.oid = ci.relam
WHERE n.nspname = current_schema() AND con.contype IN ('p', 'u', 'f', 'c', 'x')
ORDER BY c.relname, con.conname";

// One row per key (and included column) of each index, in order: per-index subqueries
// building each array ran five plans per index, twice this query's time at 1000 tables.
// A key column names its collation where it is not the column's own. Collation, options
// and operator class exist for key columns only (NULL past `indnkeyatts`).
const INDEXES: &str = "\
SELECT c.relname::text AS table_name, i.relname::text AS name, ix.indisunique AS is_unique,
       k.k > ix.indnkeyatts AS included,
       CASE WHEN ix.indkey[k.k - 1] = 0 THEN pg_get_indexdef(ix.indexrelid, k.k, true)
            WHEN co.oid IS NULL THEN a.attname::text
            ELSE quote_ident(a.attname) || ' COLLATE ' || quote_ident(co.collname) END AS key,
       ix.indoption[k.k - 1]::int4 AS options,
       CASE WHEN oc.opcdefault THEN '' ELSE oc.opcname::text END AS operator_class,
       COALESCE(ix.indnullsnotdistinct, false) AS nulls_not_distinct,
       am.amname::text AS method,
       CASE WHEN k.k = 1 THEN pg_catalog.pg_get_expr(ix.indpred, ix.indrelid) END AS predicate
FROM pg_catalog.pg_index ix
JOIN pg_catalog.pg_class c ON c.oid = ix.indrelid
JOIN pg_catalog.pg_class i ON i.oid = ix.indexrelid
JOIN pg_catalog.pg_am am ON am.oid = i.relam
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_constraint con ON con.conindid = ix.indexrelid AND con.conrelid = ix.indrelid
     AND con.contype IN ('p', 'u', 'x')
CROSS JOIN LATERAL generate_series(1, ix.indnatts::int) AS k(k)
LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = ix.indkey[k.k - 1]
LEFT JOIN pg_catalog.pg_collation co ON co.oid = ix.indcollation[k.k - 1] AND co.oid <> a.attcollation
LEFT JOIN pg_catalog.pg_opclass oc ON oc.oid = ix.indclass[k.k - 1]
WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND con.oid IS NULL
ORDER BY c.relname, i.relname, k.k";

/// `query` as a server of `version` (`server_version_num`) reads it: before PostgreSQL 15
/// `pg_index` has no `indnullsnotdistinct` (and no index can have it). Reading the column
/// through `to_jsonb` of the whole row worked on every version, but cost a third of the
/// index query's time.
fn for_server(query: &str, version: u32) -> String {
    if version >= 150_000 {
        return query.to_string();
    }
    query.replace("cix.indnullsnotdistinct", "NULL::bool").replace("ix.indnullsnotdistinct", "NULL::bool")
}

// Every enum type (a column may use one from another schema), and the domains of the
// managed schema; types an extension owns are its own and left out.
const TYPES: &str = "\
SELECT t.oid::int8 AS type_oid, t.typname::text AS type_name, t.typtype::text AS kind,
       n.nspname = current_schema() AS managed,
       ARRAY(SELECT e.enumlabel::text FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid
             ORDER BY e.enumsortorder) AS labels,
       format_type(t.typbasetype, t.typtypmod) AS base_type, t.typnotnull AS not_null,
       pg_get_expr(t.typdefaultbin, 0) AS default_sql, co.collname::text AS collation,
       ARRAY(SELECT dc.conname::text FROM pg_catalog.pg_constraint dc
             WHERE dc.contypid = t.oid AND dc.contype = 'c' ORDER BY dc.conname) AS check_names,
       ARRAY(SELECT pg_get_constraintdef(dc.oid, true) FROM pg_catalog.pg_constraint dc
             WHERE dc.contypid = t.oid AND dc.contype = 'c' ORDER BY dc.conname) AS check_definitions
FROM pg_catalog.pg_type t
JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
LEFT JOIN pg_catalog.pg_type bt ON bt.oid = t.typbasetype
LEFT JOIN pg_catalog.pg_collation co ON co.oid = t.typcollation AND t.typcollation <> bt.typcollation
WHERE (t.typtype = 'e' OR (t.typtype = 'd' AND n.nspname = current_schema()))
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend x WHERE x.classid = 'pg_catalog.pg_type'::regclass
                  AND x.objid = t.oid AND x.deptype = 'e')
ORDER BY t.typname";

fn get<'r, T>(row: &'r PgRow, what: &str, column: &str) -> DialectResult<T>
where
    T: sqlx::Decode<'r, sqlx::Postgres> + sqlx::Type<sqlx::Postgres>,
{
    row.try_get(column).map_err(|source| DialectError::Inspect { dialect: NAME, what: what.to_string(), source })
}

/// Reads the schema, leaving out the tables named in `skip`, in [`QUERIES`] catalog queries
/// spelt for a server of `version` (`server_version_num`).
///
/// Errors naming the catalog query that failed.
pub(crate) async fn inspect<C: Catalog<Row = PgRow>>(
    catalog: &mut C,
    skip: &[&str],
    version: u32,
) -> DialectResult<Schema> {
    let table_rows = catalog.rows("tables", TABLES).await?;
    let column_rows = catalog.rows("columns", COLUMNS).await?;
    let identity_rows = catalog.rows("identity columns", IDENTITY).await?;
    let constraint_rows = catalog.rows("constraints", &for_server(CONSTRAINTS, version)).await?;
    let index_rows = catalog.rows("indexes", &for_server(INDEXES, version)).await?;
    let type_rows = catalog.rows("types", TYPES).await?;

    let (enums, types) = named_types(&type_rows)?;
    let sequences = identity_sequences(&identity_rows)?;
    let mut tables = tables_of(&table_rows, skip)?;
    add_columns(&mut tables, &column_rows, &enums, &sequences)?;
    add_constraints(&mut tables, &constraint_rows)?;
    add_indexes(&mut tables, &index_rows)?;
    let mut schema = Schema { tables, types };
    schema.normalize_types();
    Ok(schema)
}

/// The labels of each enum type, by type oid.
type EnumLabels = HashMap<i64, Vec<String>>;

/// The labels of each enum type, by type oid, and the managed schema's named types: its
/// domains and enum types (those a column uses are left out by
/// [`Schema::normalize_types`]).
fn named_types(rows: &[PgRow]) -> DialectResult<(EnumLabels, BTreeMap<String, TypeDef>)> {
    let mut enums: HashMap<i64, Vec<String>> = HashMap::new();
    let mut types = BTreeMap::new();
    for row in rows {
        let name: String = get(row, "types", "type_name")?;
        let what = format!("type {name}");
        let kind: String = get(row, &what, "kind")?;
        let managed: bool = get(row, &what, "managed")?;
        if kind == "e" {
            let labels: Vec<String> = get(row, &what, "labels")?;
            enums.insert(get(row, &what, "type_oid")?, labels.clone());
            if managed {
                types.insert(name, TypeDef::Enum(labels));
            }
            continue;
        }
        let names: Vec<String> = get(row, &what, "check_names")?;
        let definitions: Vec<String> = get(row, &what, "check_definitions")?;
        let checks = names
            .into_iter()
            .zip(definitions)
            .map(|(name, d)| CheckConstraint { name: Some(name), expression: check_condition(&d) })
            .collect();
        let domain = Domain {
            r#type: read_type(&get::<String>(row, &what, "base_type")?),
            nullable: !get::<bool>(row, &what, "not_null")?,
            default: get(row, &what, "default_sql")?,
            checks,
            collation: get(row, &what, "collation")?,
        };
        types.insert(name, TypeDef::Domain(domain));
    }
    Ok((enums, types))
}

fn tables_of(rows: &[PgRow], skip: &[&str]) -> DialectResult<BTreeMap<String, Table>> {
    let mut tables: BTreeMap<String, Table> = BTreeMap::new();
    for row in rows {
        let name: String = get(row, "tables", "table_name")?;
        if skip.contains(&name.as_str()) {
            continue;
        }
        let mut t = Table::new(name.clone());
        t.comment = get(row, "tables", "comment")?;
        tables.insert(name, t);
    }
    Ok(tables)
}

/// The options of an identity column's sequence, as `pg_sequence` stores them.
#[derive(Debug, Clone, Copy)]
struct Sequence {
    start: i64,
    increment: i64,
    min: i64,
    max: i64,
    cycle: bool,
}

/// The sequence of each identity column, by (table, column).
type Sequences = HashMap<(String, String), Sequence>;

fn identity_sequences(rows: &[PgRow]) -> DialectResult<Sequences> {
    let mut sequences = HashMap::with_capacity(rows.len());
    for row in rows {
        let table: String = get(row, "identity columns", "table_name")?;
        let what = format!("identity columns of table {table}");
        let column: String = get(row, &what, "column_name")?;
        let sequence = Sequence {
            start: get(row, &what, "seq_start")?,
            increment: get(row, &what, "seq_increment")?,
            min: get(row, &what, "seq_min")?,
            max: get(row, &what, "seq_max")?,
            cycle: get(row, &what, "seq_cycle")?,
        };
        sequences.insert((table, column), sequence);
    }
    Ok(sequences)
}

fn add_columns(
    tables: &mut BTreeMap<String, Table>,
    rows: &[PgRow],
    enums: &HashMap<i64, Vec<String>>,
    sequences: &Sequences,
) -> DialectResult<()> {
    for row in rows {
        let table: String = get(row, "columns", "table_name")?;
        let Some(t) = tables.get_mut(&table) else { continue };
        let what = format!("columns of table {table}");
        let name: String = get(row, &what, "column_name")?;
        let type_name: String = get(row, &what, "type_name")?;
        let kind: String = get(row, &what, "type_kind")?;
        let r#type = if kind == "e" {
            let oid: i64 = get(row, &what, "type_oid")?;
            ColumnType::Enum {
                name: Some(get(row, &what, "type_label")?),
                values: enums.get(&oid).cloned().unwrap_or_default(),
            }
        } else {
            read_type(&type_name)
        };
        let default: Option<String> = get(row, &what, "default_sql")?;
        let identity_kind: String = get(row, &what, "identity")?;
        let serial = default.as_deref().is_some_and(|d| d.starts_with("nextval("));
        let autoincrement = !identity_kind.is_empty() || serial;
        let generated = match (get::<String>(row, &what, "generated")?.as_str(), &default) {
            ("s", Some(expression)) => Some(Generated { expression: expression.clone(), stored: true }),
            _ => None,
        };
        let sequence = if identity_kind.is_empty() { None } else { sequences.get(&(table.clone(), name.clone())) };
        let identity = identity_options(&identity_kind, sequence, &r#type);
        t.columns.push(Column {
            name,
            nullable: !get::<bool>(row, &what, "not_null")?,
            server_default: if autoincrement || generated.is_some() { None } else { default },
            autoincrement,
            comment: get(row, &what, "comment")?,
            generated,
            identity,
            collation: get(row, &what, "collation")?,
            r#type,
            ..Default::default()
        });
    }
    Ok(())
}

/// The options of an identity column, `None` for BY DEFAULT with every option at its
/// default (the model's plain autoincrement). Defaults follow `CREATE SEQUENCE`: increment
/// 1; an ascending sequence runs from 1 to the type's maximum, a descending one from the
/// type's minimum to -1, and starts at its minimum (ascending) or maximum (descending).
fn identity_options(kind: &str, sequence: Option<&Sequence>, ty: &ColumnType) -> Option<Identity> {
    if kind.is_empty() {
        return None;
    }
    let (low, high) = match ty {
        ColumnType::SmallInteger => (i64::from(i16::MIN), i64::from(i16::MAX)),
        ColumnType::Integer => (i64::from(i32::MIN), i64::from(i32::MAX)),
        _ => (i64::MIN, i64::MAX),
    };
    let step = sequence.map_or(1, |s| s.increment);
    let (default_min, default_max) = if step > 0 { (1, high) } else { (low, -1) };
    let min = sequence.map(|s| s.min).filter(|m| *m != default_min);
    let max = sequence.map(|s| s.max).filter(|m| *m != default_max);
    let default_start = if step > 0 { min.unwrap_or(default_min) } else { max.unwrap_or(default_max) };
    let identity = Identity {
        always: kind == "a",
        start: sequence.map(|s| s.start).filter(|s| *s != default_start),
        increment: Some(step).filter(|i| *i != 1),
        min_value: min,
        max_value: max,
        cycle: sequence.is_some_and(|s| s.cycle),
    };
    (identity != Identity::default()).then_some(identity)
}

fn add_constraints(tables: &mut BTreeMap<String, Table>, rows: &[PgRow]) -> DialectResult<()> {
    for row in rows {
        let table: String = get(row, "constraints", "table_name")?;
        let Some(t) = tables.get_mut(&table) else { continue };
        let what = format!("constraints of table {table}");
        let kind: String = get(row, &what, "kind")?;
        let columns: Vec<String> = get(row, &what, "columns")?;
        let name: String = get(row, &what, "name")?;
        let deferrable = match (get::<bool>(row, &what, "deferrable")?, get::<bool>(row, &what, "deferred")?) {
            (false, _) => None,
            (true, false) => Some(Deferrable::Immediate),
            (true, true) => Some(Deferrable::Deferred),
        };
        match kind.as_str() {
            "p" => t.primary_key = Some(PrimaryKey { name: Some(name), columns }),
            "u" => t.unique_constraints.push(UniqueConstraint {
                name: Some(name),
                columns,
                nulls_not_distinct: get(row, &what, "nulls_not_distinct")?,
                deferrable,
            }),
            "f" => t.foreign_keys.push(ForeignKey {
                name: Some(name),
                columns,
                referred_table: get::<Option<String>>(row, &what, "referred_table")?.unwrap_or_default(),
                referred_columns: get(row, &what, "referred_columns")?,
                on_delete: fk_action(&get::<String>(row, &what, "on_delete")?),
                on_update: fk_action(&get::<String>(row, &what, "on_update")?),
                deferrable,
                match_full: get::<String>(row, &what, "match_type")? == "f",
            }),
            "x" => t.exclusion_constraints.push(exclusion_constraint(row, &what, name, deferrable)?),
            "c" => t.check_constraints.push(CheckConstraint {
                name: Some(name),
                expression: check_condition(&get::<String>(row, &what, "definition")?),
            }),
            _ => {}
        }
    }
    Ok(())
}

/// Indexes from their rows, one row per key and included column, in order.
fn add_indexes(tables: &mut BTreeMap<String, Table>, rows: &[PgRow]) -> DialectResult<()> {
    let mut at = 0;
    while at < rows.len() {
        let table: String = get(&rows[at], "indexes", "table_name")?;
        let what = format!("indexes of table {table}");
        let name: String = get(&rows[at], &what, "name")?;
        let mut end = at + 1;
        while end < rows.len()
            && get::<String>(&rows[end], &what, "name")? == name
            && get::<String>(&rows[end], &what, "table_name")? == table
        {
            end += 1;
        }
        let index = index_of(&rows[at..end], &what, name)?;
        if let Some(t) = tables.get_mut(&table) {
            t.indexes.push(index);
        }
        at = end;
    }
    Ok(())
}

/// One index from its rows. NULLs sort last ascending and first descending unless a key says
/// otherwise; a list whose every entry is the default is left empty.
fn index_of(rows: &[PgRow], what: &str, name: String) -> DialectResult<Index> {
    let mut index = Index { name, ..Default::default() };
    let (mut nulls, mut operator_classes) = (Vec::new(), Vec::new());
    for row in rows {
        let key: String = get(row, what, "key")?;
        if get(row, what, "included")? {
            index.include.push(key);
            continue;
        }
        index.columns.push(key);
        let options = get::<Option<i32>>(row, what, "options")?.unwrap_or(0);
        let (descending, nulls_first) = (options & 1 == 1, options & 2 == 2);
        index.descending.push(descending);
        nulls.push(match (descending, nulls_first) {
            (false, true) => Some(Nulls::First),
            (true, false) => Some(Nulls::Last),
            _ => None,
        });
        let class: Option<String> = get(row, what, "operator_class")?;
        operator_classes.push(class.filter(|c| !c.is_empty()));
    }
    if !index.descending.contains(&true) {
        index.descending.clear();
    }
    if nulls.iter().any(Option::is_some) {
        index.nulls = nulls;
    }
    if operator_classes.iter().any(Option::is_some) {
        index.operator_classes = operator_classes;
    }
    let first = &rows[0];
    let method: String = get(first, what, "method")?;
    index.unique = get(first, what, "is_unique")?;
    index.predicate = get(first, what, "predicate")?;
    index.nulls_not_distinct = get(first, what, "nulls_not_distinct")?;
    index.method = (method != "btree").then_some(method);
    Ok(index)
}

/// An exclusion constraint from its row: elements as the index keys print, operators by name.
fn exclusion_constraint(
    row: &PgRow,
    what: &str,
    name: String,
    deferrable: Option<Deferrable>,
) -> DialectResult<ExclusionConstraint> {
    let expressions: Vec<String> = get(row, what, "exclusion_elements")?;
    let operators: Vec<String> = get(row, what, "exclusion_operators")?;
    Ok(ExclusionConstraint {
        name: Some(name),
        method: get::<Option<String>>(row, what, "method")?.unwrap_or_default(),
        elements: expressions
            .into_iter()
            .zip(operators)
            .map(|(expression, operator)| ExclusionElement { expression, operator })
            .collect(),
        predicate: get(row, what, "predicate")?,
        deferrable,
    })
}

/// `confdeltype` / `confupdtype` letters to actions.
fn fk_action(code: &str) -> FkAction {
    match code {
        "r" => FkAction::Restrict,
        "c" => FkAction::Cascade,
        "n" => FkAction::SetNull,
        "d" => FkAction::SetDefault,
        _ => FkAction::NoAction,
    }
}

/// `CHECK (n > 0) NOT VALID` → `n > 0`.
pub fn check_condition(definition: &str) -> String {
    let mut s = definition.trim();
    if let Some(rest) = s.strip_suffix("NOT VALID") {
        s = rest.trim_end();
    }
    if let Some(rest) = s.strip_suffix("NO INHERIT") {
        s = rest.trim_end();
    }
    if let Some(rest) = s.strip_prefix("CHECK") {
        s = rest.trim_start();
    }
    if s.starts_with('(') && s.ends_with(')') && balanced_outer(s) {
        s = &s[1..s.len() - 1];
    }
    s.trim().to_string()
}

/// Whether the first `(` closes at the last character.
fn balanced_outer(s: &str) -> bool {
    let mut depth = 0;
    let mut in_str = false;
    for (i, c) in s.char_indices() {
        match c {
            '\'' => in_str = !in_str,
            '(' if !in_str => depth += 1,
            ')' if !in_str => {
                depth -= 1;
                if depth == 0 && i != s.len() - 1 {
                    return false;
                }
            }
            _ => {}
        }
    }
    depth == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_definitions_are_stripped_to_the_condition() {
        assert_eq!(check_condition("CHECK (n > 0)"), "n > 0");
        assert_eq!(check_condition("CHECK ((a > 0) AND (b > 0)) NOT VALID"), "(a > 0) AND (b > 0)");
        assert_eq!(check_condition("CHECK (a > 0) AND (b > 0)"), "(a > 0) AND (b > 0)");
    }

    #[test]
    fn servers_before_15_are_not_asked_for_nulls_not_distinct() {
        for query in [CONSTRAINTS, INDEXES] {
            assert!(for_server(query, 150_002).contains("indnullsnotdistinct"));
            let old = for_server(query, 140_011);
            assert!(!old.contains("indnullsnotdistinct"), "{old}");
            assert!(old.contains("COALESCE(NULL::bool, false)"), "{old}");
        }
    }
}
