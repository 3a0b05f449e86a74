//! Reads the current database's schema from `information_schema`.
//!
//! Invariant: a fixed number of catalog queries (seven), whatever the number of tables,
//! each read once for `DATABASE()` and assembled in memory. What MariaDB adds on its own
//! (the `json_valid` check behind a JSON column) is folded back into the neutral model;
//! the indexes MySQL makes for foreign keys are kept, and the dialect's
//! `is_generated_index` says which they are.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::{literal, read_column_type};
use crate::dialect::{Catalog, DialectResult, TextRow as Row};
use crate::schema::{
    CheckConstraint, Column, ColumnType, FkAction, ForeignKey, Generated, Index, PrimaryKey, Schema, Table,
    UniqueConstraint,
};

/// How many catalog queries introspection runs, whatever the number of tables (the
/// connection counts each one as it is sent).
pub const QUERIES: u64 = 7;

const TABLES: &str = "SELECT TABLE_NAME, TABLE_COMMENT, TABLE_COLLATION FROM information_schema.TABLES \
     WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED') \
     ORDER BY TABLE_NAME";

const COLUMNS: &str = "SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA, \
     COLUMN_COMMENT, GENERATION_EXPRESSION, CHARACTER_SET_NAME, COLLATION_NAME \
     FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() \
     ORDER BY TABLE_NAME, ORDINAL_POSITION";

/// MariaDB has no functional key parts, so no EXPRESSION column.
const STATISTICS_MARIADB: &str = "SELECT TABLE_NAME, INDEX_NAME, COLUMN_NAME, SUB_PART, NON_UNIQUE, COLLATION, \
     INDEX_TYPE, NULL FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() \
     ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX";

/// MySQL 8.0.13+ keeps a functional key part's expression in EXPRESSION (written from
/// MySQL's documentation; the test server is MariaDB).
const STATISTICS_MYSQL: &str = "SELECT TABLE_NAME, INDEX_NAME, COLUMN_NAME, SUB_PART, NON_UNIQUE, COLLATION, \
     INDEX_TYPE, EXPRESSION FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() \
     ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX";

/// Every collation's character set and whether it is that set's default: a column's
/// collation is reported only when it is not the one its table (or its own character set)
/// gives it.
pub(super) const COLLATIONS: &str =
    "SELECT COLLATION_NAME, CHARACTER_SET_NAME, IS_DEFAULT FROM information_schema.COLLATIONS";

/// The columns of every foreign key. Read from KEY_COLUMN_USAGE alone: joining it with
/// TABLE_CONSTRAINTS or REFERENTIAL_CONSTRAINTS makes MariaDB open every table once per
/// row of the other side (about a second for a thousand tables, against a few
/// milliseconds for each table on its own), so the rules come from [`FOREIGN_KEY_RULES`]
/// and the two are joined in memory.
const FOREIGN_KEYS: &str = "SELECT TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME, REFERENCED_TABLE_NAME, \
     REFERENCED_COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE \
     WHERE TABLE_SCHEMA = DATABASE() AND REFERENCED_TABLE_NAME IS NOT NULL \
     ORDER BY TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION";

/// The ON DELETE / ON UPDATE rules of every foreign key.
const FOREIGN_KEY_RULES: &str = "SELECT TABLE_NAME, CONSTRAINT_NAME, DELETE_RULE, UPDATE_RULE \
     FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()";

/// MariaDB keeps the table (and whether the check is a column's) in CHECK_CONSTRAINTS, and
/// check names are per table there.
const CHECKS_MARIADB: &str = "SELECT TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE, LEVEL \
     FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() \
     ORDER BY TABLE_NAME, CONSTRAINT_NAME";

/// MySQL 8 has no TABLE_NAME in CHECK_CONSTRAINTS; check names are per schema, so the
/// table comes from TABLE_CONSTRAINTS. (Written from MySQL's documentation; the test server
/// is MariaDB.)
const CHECKS_MYSQL: &str = "SELECT t.TABLE_NAME, c.CONSTRAINT_NAME, c.CHECK_CLAUSE, 'Table' \
     FROM information_schema.TABLE_CONSTRAINTS t \
     JOIN information_schema.CHECK_CONSTRAINTS c ON c.CONSTRAINT_SCHEMA = t.CONSTRAINT_SCHEMA \
       AND c.CONSTRAINT_NAME = t.CONSTRAINT_NAME \
     WHERE t.TABLE_SCHEMA = DATABASE() AND t.CONSTRAINT_TYPE = 'CHECK' \
     ORDER BY t.TABLE_NAME, c.CONSTRAINT_NAME";

fn text(row: &Row, i: usize) -> String {
    row.get(i).cloned().flatten().unwrap_or_default()
}

fn opt(row: &Row, i: usize) -> Option<String> {
    row.get(i).cloned().flatten()
}

fn non_empty(s: String) -> Option<String> {
    if s.is_empty() {
        None
    } else {
        Some(s)
    }
}

/// The rows of the catalog queries, as read.
#[derive(Default)]
struct CatalogRows {
    tables: Vec<Row>,
    columns: Vec<Row>,
    statistics: Vec<Row>,
    /// Key column rows with their DELETE_RULE and UPDATE_RULE appended (see [`with_rules`]).
    foreign_keys: Vec<Row>,
    checks: Vec<Row>,
    collations: Vec<Row>,
}

/// Reads the schema of `DATABASE()` in [`QUERIES`] catalog queries, leaving out the tables in `skip`.
///
/// Errors naming the catalog query that failed.
pub(crate) async fn inspect<C: Catalog<Row = Row>>(catalog: &mut C, skip: &[&str]) -> DialectResult<Schema> {
    let mariadb = catalog.variant() == Some("mariadb");
    let tables = catalog.rows("tables", TABLES).await?;
    let columns = catalog.rows("columns", COLUMNS).await?;
    let statistics = catalog.rows("indexes", if mariadb { STATISTICS_MARIADB } else { STATISTICS_MYSQL }).await?;
    let mut foreign_keys = catalog.rows("foreign keys", FOREIGN_KEYS).await?;
    let rules = catalog.rows("foreign key rules", FOREIGN_KEY_RULES).await?;
    with_rules(&mut foreign_keys, &rules);
    let checks_sql = if mariadb { CHECKS_MARIADB } else { CHECKS_MYSQL };
    let checks = catalog.rows("check constraints", checks_sql).await?;
    let collations = catalog.rows("collations", COLLATIONS).await?;
    Ok(assemble(skip, mariadb, &CatalogRows { tables, columns, statistics, foreign_keys, checks, collations }))
}

/// Appends each key column row's DELETE_RULE and UPDATE_RULE (columns 5 and 6), found by
/// (table, constraint) in `rules`.
fn with_rules(foreign_keys: &mut [Row], rules: &[Row]) {
    let by_key: HashMap<(String, String), (Option<String>, Option<String>)> =
        rules.iter().map(|r| ((text(r, 0), text(r, 1)), (opt(r, 2), opt(r, 3)))).collect();
    for row in foreign_keys.iter_mut() {
        let (delete, update) = by_key.get(&(text(row, 0), text(row, 1))).cloned().unwrap_or((None, None));
        row.truncate(5);
        row.push(delete);
        row.push(update);
    }
}

/// Assembles the neutral schema from the catalog rows.
fn assemble(skip: &[&str], mariadb: bool, rows: &CatalogRows) -> Schema {
    let collations = Collations::from_rows(&rows.collations);
    let mut by_name: BTreeMap<String, Table> = BTreeMap::new();
    for row in &rows.tables {
        let name = text(row, 0);
        if skip.contains(&name.as_str()) {
            continue;
        }
        let mut t = Table::new(name.clone());
        t.comment = non_empty(text(row, 1));
        t.collation = opt(row, 2).and_then(non_empty);
        t.charset = t.collation.as_deref().and_then(|c| collations.charset_of(c)).map(str::to_string);
        by_name.insert(name, t);
    }
    let json_checks = json_checks(&rows.checks);
    add_columns(&mut by_name, mariadb, &rows.columns, &json_checks, &collations);
    add_indexes(&mut by_name, &rows.statistics);
    add_foreign_keys(&mut by_name, &rows.foreign_keys);
    add_checks(&mut by_name, &rows.checks, &json_checks);
    Schema { tables: by_name, ..Schema::default() }
}

/// MariaDB's JSON columns: LONGTEXT with a column check `json_valid(`col`)` named after
/// it. Returns (table, check name) of each such check.
fn json_checks(checks: &[Row]) -> HashSet<(String, String)> {
    let mut found = HashSet::new();
    for row in checks {
        let (table, name, clause) = (text(row, 0), text(row, 1), text(row, 2));
        let unquoted = clause.replace('`', "");
        if unquoted.trim().eq_ignore_ascii_case(&format!("json_valid({name})")) {
            found.insert((table, name));
        }
    }
    found
}

/// The server's collations: each one's character set, and each set's default collation.
#[derive(Debug, Default)]
pub(crate) struct Collations {
    charset: HashMap<String, String>,
    default_of: HashMap<String, String>,
}

impl Collations {
    /// Reads rows of (COLLATION_NAME, CHARACTER_SET_NAME, IS_DEFAULT).
    pub(crate) fn from_rows(rows: &[Row]) -> Self {
        let mut found = Collations::default();
        for row in rows {
            let (collation, charset) = (text(row, 0).to_ascii_lowercase(), text(row, 1).to_ascii_lowercase());
            if text(row, 2).eq_ignore_ascii_case("yes") {
                found.default_of.insert(charset.clone(), collation.clone());
            }
            found.charset.insert(collation, charset);
        }
        found
    }

    /// The character set of a collation.
    pub(crate) fn charset_of(&self, collation: &str) -> Option<&str> {
        self.charset.get(&utf8_as_utf8mb3(collation)).map(String::as_str)
    }

    /// The collation a column of `charset` gets when it names none.
    pub(crate) fn default_of(&self, charset: &str) -> Option<&str> {
        self.default_of.get(&utf8_as_utf8mb3(charset)).map(String::as_str)
    }

    /// A column's character set and collation as the model keeps them: each `None` when it
    /// is what the column would get without naming it (the table's character set; the
    /// table's collation for a column of the table's set, else its own set's default).
    pub(crate) fn column_options(
        &self,
        table: &Table,
        charset: Option<String>,
        collation: Option<String>,
    ) -> (Option<String>, Option<String>) {
        let lower = |s: &Option<String>| s.as_deref().map(utf8_as_utf8mb3);
        let charset = charset.or_else(|| collation.as_deref().and_then(|c| self.charset_of(c)).map(str::to_string));
        let table_charset = lower(&table.charset);
        let own_charset = lower(&charset).filter(|c| Some(c) != table_charset.as_ref());
        let implied = match &own_charset {
            Some(c) => self.default_of(c).map(str::to_string),
            None => lower(&table.collation),
        };
        let own_collation = lower(&collation).filter(|c| Some(c) != implied.as_ref());
        (own_charset, own_collation)
    }
}

/// A character set or collation name, lower-case, with `utf8` spelled as the server lists
/// it (`utf8mb3`, `utf8mb3_general_ci`; MySQL 8 and MariaDB 10.6+ read `utf8` so).
pub(crate) fn utf8_as_utf8mb3(name: &str) -> String {
    let lower = name.trim().to_ascii_lowercase();
    match lower.strip_prefix("utf8") {
        Some("") => "utf8mb3".into(),
        Some(rest) if rest.starts_with('_') => format!("utf8mb3{rest}"),
        _ => lower,
    }
}

fn add_columns(
    by_name: &mut BTreeMap<String, Table>,
    mariadb: bool,
    columns: &[Row],
    json_checks: &HashSet<(String, String)>,
    collations: &Collations,
) {
    for row in columns {
        let Some(t) = by_name.get_mut(&text(row, 0)) else { continue };
        let name = text(row, 1);
        let column_type = text(row, 2);
        let raw_extra = text(row, 5);
        let extra = raw_extra.to_ascii_lowercase();
        let mut ty = read_column_type(&column_type);
        if mariadb
            && column_type.eq_ignore_ascii_case("longtext")
            && json_checks.contains(&(t.name.clone(), name.clone()))
        {
            ty = ColumnType::Json;
        }
        let nullable = text(row, 3).eq_ignore_ascii_case("YES");
        let generated = generated(&extra, opt(row, 7));
        let server_default =
            opt(row, 4).filter(|_| generated.is_none()).and_then(|d| live_default(mariadb, &ty, &extra, d));
        // A JSON column's character set and collation are the server's, not the schema's.
        let (charset, collation) = match ty {
            ColumnType::Json => (None, None),
            _ => collations.column_options(t, opt(row, 8), opt(row, 9)),
        };
        t.columns.push(Column {
            name,
            r#type: ty,
            nullable,
            server_default,
            autoincrement: extra.contains("auto_increment"),
            comment: non_empty(text(row, 6)),
            generated,
            charset,
            collation,
            on_update: on_update(&raw_extra),
            ..Default::default()
        });
    }
}

/// A generated column's expression and kind, from EXTRA (`VIRTUAL GENERATED`, `STORED
/// GENERATED`, lower-cased) and GENERATION_EXPRESSION.
fn generated(extra: &str, expression: Option<String>) -> Option<Generated> {
    let stored = extra.contains("stored generated");
    if !stored && !extra.contains("virtual generated") {
        return None;
    }
    let expression = strip_outer_parentheses(expression?.trim().to_string());
    Some(Generated { expression, stored })
}

/// The expression of `on update …` in EXTRA (MariaDB: `on update current_timestamp(3)`;
/// MySQL 8: `DEFAULT_GENERATED on update CURRENT_TIMESTAMP(3)`).
fn on_update(extra: &str) -> Option<String> {
    let at = extra.to_ascii_lowercase().find("on update ")?;
    let rest = extra[at + "on update ".len()..].trim();
    // Whatever EXTRA lists after the expression is a separate word (`INVISIBLE`).
    let expression = rest.split_whitespace().next()?;
    non_empty(expression.to_string())
}

/// One index as its STATISTICS rows describe it.
#[derive(Default)]
struct IndexGroup {
    unique: bool,
    /// Key parts in order: a column, `column(N)` for a prefix, or an expression.
    parts: Vec<String>,
    /// Which parts are descending (`COLLATION` `D`).
    descending: Vec<bool>,
    /// INDEX_TYPE: `BTREE`, `HASH`, `FULLTEXT`, `SPATIAL`, `RTREE`.
    index_type: String,
}

impl IndexGroup {
    /// The method the model keeps: `None` for a B-tree (the default), else lower-case.
    fn method(&self) -> Option<String> {
        match self.index_type.to_ascii_lowercase().as_str() {
            "" | "btree" => None,
            // MySQL 8 reports a SPATIAL index as RTREE.
            "rtree" => Some("spatial".into()),
            other => Some(other.to_string()),
        }
    }

    /// Adds one STATISTICS row (COLUMN_NAME, SUB_PART, NON_UNIQUE, COLLATION, INDEX_TYPE,
    /// EXPRESSION at 2..=7).
    fn push(&mut self, row: &Row) {
        self.index_type = text(row, 6);
        self.descending.push(opt(row, 5).as_deref() == Some("D"));
        // A SPATIAL key reports a SUB_PART (MariaDB: 32) that is no prefix anyone asked for.
        let spatial = self.method().as_deref() == Some("spatial");
        match (opt(row, 2), opt(row, 3).filter(|_| !spatial), opt(row, 7).and_then(non_empty)) {
            (Some(col), Some(len), _) => self.parts.push(format!("{col}({len})")),
            (Some(col), None, _) => self.parts.push(col),
            // A functional key part (MySQL 8), its expression as the server keeps it.
            (None, _, Some(expression)) => self.parts.push(strip_outer_parentheses(expression)),
            (None, _, None) => self.parts.push(String::new()),
        }
        self.unique = text(row, 4) == "0";
    }
}

fn add_indexes(by_name: &mut BTreeMap<String, Table>, statistics: &[Row]) {
    // Grouped by (table, index) in sequence order.
    let mut indexes: BTreeMap<(String, String), IndexGroup> = BTreeMap::new();
    for row in statistics {
        let (table, index) = (text(row, 0), text(row, 1));
        if by_name.contains_key(&table) {
            indexes.entry((table, index)).or_default().push(row);
        }
    }
    for ((table, index), mut group) in indexes {
        let Some(t) = by_name.get_mut(&table) else { continue };
        let method = group.method();
        if index == "PRIMARY" {
            t.primary_key = Some(PrimaryKey { name: None, columns: group.parts });
            continue;
        }
        let plain = group.parts.iter().all(|c| t.column(c).is_some());
        if group.unique && plain && method.is_none() && !group.descending.contains(&true) {
            // MySQL lists every unique index as a UNIQUE constraint (a constraint has no key order).
            t.unique_constraints.push(UniqueConstraint {
                name: Some(index),
                columns: group.parts,
                ..Default::default()
            });
            continue;
        }
        // A FULLTEXT key has no order (COLLATION is NULL); every other key is ascending unless `D`.
        if !group.descending.contains(&true) {
            group.descending.clear();
        }
        t.indexes.push(Index {
            name: index,
            columns: group.parts,
            unique: group.unique,
            descending: group.descending,
            method,
            ..Default::default()
        });
    }
}

fn add_foreign_keys(by_name: &mut BTreeMap<String, Table>, foreign_keys: &[Row]) {
    let mut fks: BTreeMap<(String, String), ForeignKey> = BTreeMap::new();
    for row in foreign_keys {
        let (table, name) = (text(row, 0), text(row, 1));
        if !by_name.contains_key(&table) {
            continue;
        }
        let fk = fks.entry((table, name.clone())).or_insert_with(|| ForeignKey {
            name: Some(name),
            columns: Vec::new(),
            referred_table: text(row, 3),
            referred_columns: Vec::new(),
            on_delete: action(&text(row, 5)),
            on_update: action(&text(row, 6)),
            ..Default::default()
        });
        fk.columns.push(text(row, 2));
        fk.referred_columns.push(text(row, 4));
    }
    for ((table, _), fk) in fks {
        if let Some(t) = by_name.get_mut(&table) {
            t.foreign_keys.push(fk);
        }
    }
}

fn add_checks(by_name: &mut BTreeMap<String, Table>, checks: &[Row], json_checks: &HashSet<(String, String)>) {
    for row in checks {
        let (table, name) = (text(row, 0), text(row, 1));
        if json_checks.contains(&(table.clone(), name.clone())) {
            let is_json =
                by_name.get(&table).and_then(|t| t.column(&name)).is_some_and(|c| c.r#type == ColumnType::Json);
            if is_json {
                continue;
            }
        }
        let Some(t) = by_name.get_mut(&table) else { continue };
        // MySQL 8 wraps the condition in parentheses; MariaDB does not.
        let expression = strip_outer_parentheses(text(row, 2));
        t.check_constraints.push(CheckConstraint { name: Some(name), expression });
    }
}

/// The expression without the parentheses around the whole of it.
fn strip_outer_parentheses(mut expression: String) -> String {
    while expression.starts_with('(') && expression.ends_with(')') && balanced(&expression[1..expression.len() - 1]) {
        expression = expression[1..expression.len() - 1].trim().to_string();
    }
    expression
}

/// Whether parentheses in `s` pair up (outside string literals).
fn balanced(s: &str) -> bool {
    let mut depth = 0i32;
    let mut in_string = false;
    for c in s.chars() {
        match c {
            '\'' => in_string = !in_string,
            '(' if !in_string => depth += 1,
            ')' if !in_string => {
                depth -= 1;
                if depth < 0 {
                    return false;
                }
            }
            _ => {}
        }
    }
    depth == 0
}

/// MariaDB reports `RESTRICT` for a key declared without an action, MySQL 8 `NO ACTION`;
/// InnoDB treats the two alike, so both read as the default.
fn action(rule: &str) -> FkAction {
    match FkAction::from_sql(rule) {
        Some(FkAction::Restrict) | None => FkAction::NoAction,
        Some(a) => a,
    }
}

/// The default as an SQL expression, in MariaDB's spelling: string literals quoted,
/// expressions as written, `None` for no default.
fn live_default(mariadb: bool, ty: &ColumnType, extra: &str, value: String) -> Option<String> {
    if mariadb {
        // MariaDB writes `NULL` for "no default" on a nullable column, `'NULL'` for the string.
        return if value == "NULL" { None } else { Some(value) };
    }
    // MySQL 8: literals come unquoted; expressions are flagged DEFAULT_GENERATED.
    if extra.contains("default_generated") || value.eq_ignore_ascii_case("current_timestamp") {
        return Some(value);
    }
    let numeric = ty.is_integer()
        || matches!(ty, ColumnType::Boolean | ColumnType::Float | ColumnType::Double | ColumnType::Numeric(..));
    Some(if numeric { value } else { literal(&value) })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(values: &[Option<&str>]) -> Row {
        values.iter().map(|v| v.map(str::to_string)).collect()
    }

    #[test]
    fn mariadb_json_columns_read_as_json_without_their_check() {
        let tables = [row(&[Some("docs"), Some("")])];
        let columns =
            [row(&[Some("docs"), Some("body"), Some("longtext"), Some("YES"), Some("NULL"), Some(""), Some("")])];
        let checks = [row(&[Some("docs"), Some("body"), Some("json_valid(`body`)"), Some("Column")])];
        let rows = CatalogRows {
            tables: tables.to_vec(),
            columns: columns.to_vec(),
            checks: checks.to_vec(),
            ..Default::default()
        };
        let s = assemble(&[], true, &rows);
        let t = s.table("docs").expect("table");
        assert_eq!(t.columns[0].r#type, ColumnType::Json);
        assert_eq!(t.columns[0].server_default, None);
        assert!(t.check_constraints.is_empty());
    }

    #[test]
    fn column_collations_are_kept_only_where_they_are_not_implied() {
        let rows = [
            row(&[Some("utf8mb4_general_ci"), Some("utf8mb4"), Some("Yes")]),
            row(&[Some("utf8mb4_bin"), Some("utf8mb4"), Some("")]),
            row(&[Some("latin1_swedish_ci"), Some("latin1"), Some("Yes")]),
            row(&[Some("latin1_bin"), Some("latin1"), Some("")]),
            row(&[Some("utf8mb3_general_ci"), Some("utf8mb3"), Some("Yes")]),
        ];
        let c = Collations::from_rows(&rows);
        let mut t = Table::new("t");
        t.charset = Some("utf8mb4".into());
        t.collation = Some("utf8mb4_bin".into());
        let some = |s: &str| Some(s.to_string());
        assert_eq!(c.column_options(&t, some("utf8mb4"), some("utf8mb4_bin")), (None, None));
        assert_eq!(
            c.column_options(&t, some("utf8mb4"), some("utf8mb4_general_ci")),
            (None, some("utf8mb4_general_ci"))
        );
        assert_eq!(c.column_options(&t, some("latin1"), some("latin1_swedish_ci")), (some("latin1"), None));
        assert_eq!(c.column_options(&t, None, some("latin1_bin")), (some("latin1"), some("latin1_bin")));
        assert_eq!(c.column_options(&t, some("UTF8"), some("utf8_general_ci")), (some("utf8mb3"), None));
        assert_eq!(c.column_options(&t, None, None), (None, None));
    }

    #[test]
    fn mysql8_literal_defaults_are_quoted_again() {
        assert_eq!(live_default(false, &ColumnType::String(Some(3)), "", "x".into()), Some("'x'".into()));
        assert_eq!(live_default(false, &ColumnType::Integer, "", "0".into()), Some("0".into()));
        assert_eq!(
            live_default(
                false,
                &ColumnType::DateTime { timezone: false },
                "default_generated",
                "CURRENT_TIMESTAMP".into()
            ),
            Some("CURRENT_TIMESTAMP".into())
        );
    }
}
