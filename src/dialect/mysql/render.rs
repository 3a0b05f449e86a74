//! Operations to MySQL / MariaDB DDL.
//!
//! Invariant: every statement rendered here runs unchanged on MariaDB 10.11+ and MySQL
//! 8.0.19+, and leaves the database holding what `op.apply(before)` describes (up to the
//! dialect's comparison rules): column changes restate the whole column, drops find
//! unnamed objects' real names in `before`, and an index a foreign key depends on is
//! released by dropping and re-adding that key.

use super::{index_made_for, literal, NAME};
use crate::dialect::{DialectError, DialectResult};
use crate::operation::{
    find_check, find_foreign_key, find_unique, AddCheckConstraint, AddColumn, AddExclusionConstraint, AddForeignKey,
    AddUniqueConstraint, AlterColumn, CreateIndex, CreatePrimaryKey, DropCheckConstraint, DropColumn,
    DropExclusionConstraint, DropForeignKey, DropIndex, DropPrimaryKey, DropTable, DropUniqueConstraint, Operation,
    OperationError, RenameTable, SetTableComment, SetTableOptions,
};
use crate::schema::{prefix_key, Column, ColumnType, ForeignKey, Identity, Index, Schema, Table, UniqueConstraint};

/// Backtick-quotes an identifier.
fn q(ident: &str) -> String {
    format!("`{}`", ident.replace('`', "``"))
}

/// A quoted, comma-separated column list; `col(10)` keeps its prefix length outside the
/// quotes and anything that is not a name is written as an expression in parentheses.
fn column_list(columns: &[String]) -> String {
    columns.iter().map(|c| index_part(c)).collect::<Vec<_>>().join(", ")
}

fn index_part(part: &str) -> String {
    let is_name = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '$');
    if is_name(part) {
        return q(part);
    }
    if let Some((name, len)) = prefix_key(part) {
        return format!("{}({len})", q(name));
    }
    // An expression (functional index, MySQL 8.0.13+ only).
    format!("({part})")
}

/// The column an index part names: `note(5)` → `note`.
fn base_name(part: &str) -> &str {
    match part.find('(') {
        Some(open) if part.ends_with(')') => part[..open].trim(),
        _ => part,
    }
}

/// The MySQL spelling of a neutral type.
pub(super) fn render_type(ty: &ColumnType) -> String {
    match ty {
        ColumnType::String(None) => "VARCHAR(255)".into(),
        ColumnType::Boolean => "BOOL".into(),
        // MySQL keeps no time zone with a DATETIME; values are stored as given.
        ColumnType::DateTime { .. } => "DATETIME".into(),
        ColumnType::Time => "TIME".into(),
        ColumnType::Float => "FLOAT".into(),
        ColumnType::Double => "DOUBLE".into(),
        ColumnType::Binary => "BLOB".into(),
        ColumnType::Uuid => "CHAR(36)".into(),
        ColumnType::Enum { values, .. } => {
            format!("ENUM({})", values.iter().map(|v| literal(v)).collect::<Vec<_>>().join(", "))
        }
        other => crate::dialect::standard_type(other).unwrap_or_default(),
    }
}

/// Whether MySQL only accepts an expression default (in parentheses) for this type.
fn needs_expression_default(ty: &ColumnType) -> bool {
    match ty {
        ColumnType::Text | ColumnType::Binary | ColumnType::Json => true,
        ColumnType::Raw(raw) => {
            let lc = raw.to_ascii_lowercase();
            lc.contains("text") || lc.contains("blob") || lc == "json"
        }
        _ => false,
    }
}

/// `name TYPE [CHARACTER SET …] [COLLATE …] [GENERATED ALWAYS AS (…) VIRTUAL|STORED]
/// [NOT NULL] [DEFAULT …] [ON UPDATE …] [AUTO_INCREMENT] [COMMENT '…']`: the whole column,
/// as `CREATE TABLE`, `ADD COLUMN` and `MODIFY COLUMN` (which forgets what it does not
/// restate) all need it.
///
/// Errors on identity options, which MySQL does not have (AUTO_INCREMENT numbers from the
/// table's counter).
pub(super) fn column_definition(table: &str, c: &Column) -> DialectResult<String> {
    if let Some(identity) = c.identity.as_ref().filter(|i| **i != Identity::default()) {
        return Err(unsupported(format!(
            "identity options ({identity:?}) on column {}.{}: MySQL numbers rows with AUTO_INCREMENT only",
            q(table),
            q(&c.name)
        )));
    }
    let mut sql = format!("{} {}", q(&c.name), render_type(&c.r#type));
    if let Some(charset) = &c.charset {
        sql.push_str(&format!(" CHARACTER SET {charset}"));
    }
    if let Some(collation) = &c.collation {
        sql.push_str(&format!(" COLLATE {collation}"));
    }
    if let Some(generated) = &c.generated {
        let kind = if generated.stored { "STORED" } else { "VIRTUAL" };
        sql.push_str(&format!(" GENERATED ALWAYS AS ({}) {kind}", generated.expression.trim()));
    }
    if !c.nullable {
        sql.push_str(" NOT NULL");
    }
    if let Some(default) = c.server_default.as_deref().filter(|_| c.generated.is_none()) {
        let default = default.trim();
        // TEXT, BLOB and JSON take only expression defaults on MySQL 8 (MariaDB takes both).
        if needs_expression_default(&c.r#type) && !(default.starts_with('(') && default.ends_with(')')) {
            sql.push_str(&format!(" DEFAULT ({default})"));
        } else {
            sql.push_str(&format!(" DEFAULT {default}"));
        }
    }
    if let Some(on_update) = &c.on_update {
        sql.push_str(&format!(" ON UPDATE {}", on_update.trim()));
    }
    if c.autoincrement {
        sql.push_str(" AUTO_INCREMENT");
    }
    if let Some(comment) = &c.comment {
        sql.push_str(&format!(" COMMENT {}", literal(comment)));
    }
    Ok(sql)
}

/// `FOREIGN KEY … REFERENCES …`.
///
/// Errors on what InnoDB would not keep: `DEFERRABLE` (it checks every key at once) and
/// `MATCH FULL` (it parses the clause and ignores it).
fn foreign_key_clause(table: &str, fk: &ForeignKey) -> DialectResult<String> {
    let what =
        || format!("the foreign key {} on {} ({})", fk.name.as_deref().unwrap_or(""), q(table), fk.columns.join(", "));
    if let Some(deferrable) = fk.deferrable {
        return Err(unsupported(format!("{} {}: MySQL checks keys immediately", what(), deferrable.sql())));
    }
    if fk.match_full {
        return Err(unsupported(format!("{} MATCH FULL: InnoDB ignores MATCH clauses", what())));
    }
    let mut sql = String::new();
    if let Some(name) = &fk.name {
        sql.push_str(&format!("CONSTRAINT {} ", q(name)));
    }
    sql.push_str(&format!(
        "FOREIGN KEY ({}) REFERENCES {} ({})",
        column_list(&fk.columns),
        q(&fk.referred_table),
        column_list(&fk.referred_columns)
    ));
    if !fk.on_delete.is_default() {
        sql.push_str(&format!(" ON DELETE {}", fk.on_delete.sql()));
    }
    if !fk.on_update.is_default() {
        sql.push_str(&format!(" ON UPDATE {}", fk.on_update.sql()));
    }
    Ok(sql)
}

/// `[CONSTRAINT name] UNIQUE KEY (…)`.
///
/// Errors on `NULLS NOT DISTINCT` and `DEFERRABLE`, which MySQL does not have.
fn unique_clause(table: &str, u: &UniqueConstraint) -> DialectResult<String> {
    let what = || {
        format!("the unique constraint {} on {} ({})", u.name.as_deref().unwrap_or(""), q(table), u.columns.join(", "))
    };
    if u.nulls_not_distinct {
        return Err(unsupported(format!("{} NULLS NOT DISTINCT: MySQL lets NULLs repeat in a unique key", what())));
    }
    if let Some(deferrable) = u.deferrable {
        return Err(unsupported(format!("{} {}: MySQL checks keys immediately", what(), deferrable.sql())));
    }
    Ok(match &u.name {
        Some(n) => format!("CONSTRAINT {} UNIQUE KEY ({})", q(n), column_list(&u.columns)),
        None => format!("UNIQUE KEY ({})", column_list(&u.columns)),
    })
}

fn check_clause(name: &Option<String>, expression: &str) -> String {
    match name {
        Some(n) => format!("CONSTRAINT {} CHECK ({expression})", q(n)),
        None => format!("CHECK ({expression})"),
    }
}

/// `CREATE [UNIQUE|FULLTEXT|SPATIAL] INDEX name ON table (…)`.
///
/// Errors on what MySQL indexes cannot hold (see [`index_unsupported`]).
fn index_statement(table: &str, index: &Index) -> DialectResult<String> {
    if let Some(predicate) = &index.predicate {
        return Err(unsupported(format!(
            "the partial index {} on {} (WHERE {predicate}): MySQL indexes every row",
            q(&index.name),
            q(table)
        )));
    }
    if let Some(what) = index_unsupported(index) {
        return Err(unsupported(format!("the index {} on {}: {what}", q(&index.name), q(table))));
    }
    let kind = match index.method.as_deref() {
        Some("fulltext") => "FULLTEXT ",
        Some("spatial") => "SPATIAL ",
        _ if index.unique => "UNIQUE ",
        _ => "",
    };
    let order = |k: usize| if index.is_descending(k) { " DESC" } else { "" };
    let keys: Vec<String> = index.columns.iter().enumerate().map(|(k, c)| index_part(c) + order(k)).collect();
    Ok(format!("CREATE {kind}INDEX {} ON {} ({})", q(&index.name), q(table), keys.join(", ")))
}

/// What of `index` MySQL cannot build, if anything: `NULLS FIRST/LAST`, `INCLUDE`,
/// `NULLS NOT DISTINCT`, operator classes, and methods other than B-tree, FULLTEXT and
/// SPATIAL (InnoDB accepts `USING HASH` and builds a B-tree, so asking for it would never
/// read back).
fn index_unsupported(index: &Index) -> Option<String> {
    if index.nulls.iter().any(Option::is_some) {
        return Some("NULLS FIRST/LAST: MySQL sorts NULLs first ascending and last descending, always".into());
    }
    if !index.include.is_empty() {
        return Some(format!("INCLUDE ({}): MySQL has no non-key columns", index.include.join(", ")));
    }
    if index.nulls_not_distinct {
        return Some("NULLS NOT DISTINCT: MySQL lets NULLs repeat in a unique key".into());
    }
    if let Some(class) = index.operator_classes.iter().flatten().next() {
        return Some(format!("operator class {class}: MySQL has none"));
    }
    match index.method.as_deref().map(str::to_ascii_lowercase).as_deref() {
        None | Some("btree" | "fulltext" | "spatial") => None,
        Some("hash") => Some("USING HASH: InnoDB builds a B-tree instead".into()),
        Some(other) => Some(format!("method {other}: MySQL has B-tree, FULLTEXT and SPATIAL indexes")),
    }
}

fn table_of<'a>(before: &'a Schema, name: &str) -> DialectResult<&'a Table> {
    before.table(name).ok_or_else(|| OperationError::NoSuchTable(name.to_string()).into())
}

fn unsupported(what: String) -> DialectError {
    DialectError::Unsupported { dialect: NAME, what }
}

/// Whether MySQL accepts a foreign key between columns of these types: the same type,
/// or strings of any length.
fn similar_key_types(a: &ColumnType, b: &ColumnType) -> bool {
    a == b || matches!((a, b), (ColumnType::String(_), ColumnType::String(_)))
}

/// Whether some index of `t` other than `except`, or its primary key, can serve `fk`.
fn fk_has_other_index(t: &Table, fk: &ForeignKey, except: &str) -> bool {
    let serves = |cols: &[String]| cols.starts_with(&fk.columns);
    t.primary_key.as_ref().is_some_and(|pk| serves(&pk.columns))
        || t.indexes.iter().any(|i| i.name != except && serves(&i.columns))
        || t.unique_constraints.iter().any(|u| u.name.as_deref() != Some(except) && serves(&u.columns))
}

/// Drops index `name` of `t`; foreign keys that would be left with no index are dropped
/// first and added again afterwards (MySQL then makes them a fresh index of their own).
fn drop_index_releasing_foreign_keys(t: &Table, name: &str, columns: &[String]) -> DialectResult<Vec<String>> {
    let needy: Vec<&ForeignKey> = t
        .foreign_keys
        .iter()
        .filter(|fk| columns.starts_with(&fk.columns) && !fk_has_other_index(t, fk, name))
        .collect();
    let mut out = Vec::new();
    for fk in &needy {
        let fk_name = fk.name.as_ref().ok_or_else(|| {
            unsupported(format!(
                "dropping index {} of table {}: the unnamed foreign key on ({}) needs it",
                q(name),
                q(&t.name),
                fk.columns.join(", ")
            ))
        })?;
        out.push(format!("ALTER TABLE {} DROP FOREIGN KEY {}", q(&t.name), q(fk_name)));
    }
    out.push(format!("DROP INDEX {} ON {}", q(name), q(&t.name)));
    for fk in &needy {
        out.push(format!("ALTER TABLE {} ADD {}", q(&t.name), foreign_key_clause(&t.name, fk)?));
    }
    Ok(out)
}

/// Renders one operation against the schema it applies to, each in its own function.
/// `execute` is the same on every database and is rendered by the core
/// ([`crate::dialect::render_operation`]), which this hands it back to.
pub(super) fn render(op: &Operation, before: &Schema) -> DialectResult<Vec<String>> {
    match op {
        Operation::CreateTable(o) => create_table(o, before),
        Operation::DropTable(o) => drop_table(o, before),
        Operation::RenameTable(o) => rename_table(o, before),
        Operation::AddColumn(o) => add_column(o, before),
        Operation::DropColumn(o) => drop_column(o, before),
        Operation::AlterColumn(o) => alter_column(o, before),
        Operation::CreateIndex(o) => create_index(o, before),
        Operation::DropIndex(o) => drop_index(o, before),
        Operation::CreatePrimaryKey(o) => create_primary_key(o, before),
        Operation::DropPrimaryKey(o) => drop_primary_key(o, before),
        Operation::AddUniqueConstraint(o) => add_unique_constraint(o, before),
        Operation::DropUniqueConstraint(o) => drop_unique_constraint(o, before),
        Operation::AddForeignKey(o) => add_foreign_key(o, before),
        Operation::DropForeignKey(o) => drop_foreign_key(o, before),
        Operation::AddCheckConstraint(o) => add_check_constraint(o, before),
        Operation::DropCheckConstraint(o) => drop_check_constraint(o, before),
        Operation::AddExclusionConstraint(o) => add_exclusion_constraint(o, before),
        Operation::DropExclusionConstraint(o) => drop_exclusion_constraint(o, before),
        Operation::SetTableComment(o) => set_table_comment(o, before),
        Operation::SetTableOptions(o) => set_table_options(o, before),
        Operation::CreateType(o) => named_type(&o.name),
        Operation::DropType(o) => named_type(&o.name),
        Operation::AlterType(o) => named_type(&o.name),
        Operation::Execute(_) => crate::dialect::render_operation(&super::MySqlDialect, op, before),
    }
}

/// MySQL and MariaDB have no named types (an enum is a column's own `ENUM(…)`): a domain or an enum type of its own cannot be created, changed or dropped.
fn named_type(name: &str) -> DialectResult<Vec<String>> {
    Err(DialectError::Unsupported { dialect: super::NAME, what: format!("named type '{name}' (domain or enum type)") })
}

fn create_table(t: &Table, _before: &Schema) -> DialectResult<Vec<String>> {
    if let Some(x) = t.exclusion_constraints.first() {
        return Err(unsupported(format!(
            "the exclusion constraint {} on {}: MySQL has none",
            x.name.as_deref().unwrap_or("(unnamed)"),
            q(&t.name)
        )));
    }
    let mut parts: Vec<String> =
        t.columns.iter().map(|c| column_definition(&t.name, c)).collect::<DialectResult<_>>()?;
    if let Some(pk) = &t.primary_key {
        // MySQL names every primary key PRIMARY; a given name is not kept.
        parts.push(format!("PRIMARY KEY ({})", column_list(&pk.columns)));
    }
    for u in &t.unique_constraints {
        parts.push(unique_clause(&t.name, u)?);
    }
    for fk in &t.foreign_keys {
        parts.push(foreign_key_clause(&t.name, fk)?);
    }
    for ck in &t.check_constraints {
        parts.push(check_clause(&ck.name, &ck.expression));
    }
    let mut sql = format!("CREATE TABLE {} (\n    {}\n)", q(&t.name), parts.join(",\n    "));
    sql.push_str(&table_options(t.charset.as_deref(), t.collation.as_deref(), "="));
    if let Some(comment) = &t.comment {
        sql.push_str(&format!(" COMMENT = {}", literal(comment)));
    }
    let mut out = vec![sql];
    for index in &t.indexes {
        out.push(index_statement(&t.name, index)?);
    }
    Ok(out)
}

/// ` DEFAULT CHARSET{eq}… COLLATE{eq}…`, each part only when given.
fn table_options(charset: Option<&str>, collation: Option<&str>, eq: &str) -> String {
    let mut sql = String::new();
    if let Some(charset) = charset {
        sql.push_str(&format!(" DEFAULT CHARACTER SET{eq}{charset}"));
    }
    if let Some(collation) = collation {
        let default = if charset.is_none() { " DEFAULT" } else { "" };
        sql.push_str(&format!("{default} COLLATE{eq}{collation}"));
    }
    sql
}

fn drop_table(o: &DropTable, _before: &Schema) -> DialectResult<Vec<String>> {
    Ok(vec![format!("DROP TABLE {}", q(&o.name))])
}

fn rename_table(o: &RenameTable, _before: &Schema) -> DialectResult<Vec<String>> {
    Ok(vec![format!("RENAME TABLE {} TO {}", q(&o.from), q(&o.to))])
}

fn add_column(o: &AddColumn, _before: &Schema) -> DialectResult<Vec<String>> {
    Ok(vec![format!("ALTER TABLE {} ADD COLUMN {}", q(&o.table), column_definition(&o.table, &o.column)?)])
}

/// MySQL refuses to drop a column a foreign key uses, and only shrinks a many-column
/// index; what goes with the column is dropped explicitly.
fn drop_column(o: &DropColumn, before: &Schema) -> DialectResult<Vec<String>> {
    let t = table_of(before, &o.table)?;
    let mut out = Vec::new();
    for fk in t.foreign_keys.iter().filter(|f| f.columns.contains(&o.name)) {
        let name = fk.name.as_ref().ok_or_else(|| {
            unsupported(format!(
                "dropping column {}.{}: the unnamed foreign key on ({}) must be dropped by name",
                q(&o.table),
                q(&o.name),
                fk.columns.join(", ")
            ))
        })?;
        out.push(format!("ALTER TABLE {} DROP FOREIGN KEY {}", q(&o.table), q(name)));
    }
    let mut parts = Vec::new();
    let has = |cols: &[String]| cols.iter().any(|c| base_name(c) == o.name);
    for i in t.indexes.iter().filter(|i| i.columns.len() > 1 && has(&i.columns)) {
        parts.push(format!("DROP INDEX {}", q(&i.name)));
    }
    for u in t.unique_constraints.iter().filter(|u| u.columns.len() > 1 && has(&u.columns)) {
        let name = u.name.as_ref().ok_or_else(|| {
            unsupported(format!(
                "dropping column {}.{}: the unnamed unique constraint on ({}) must be dropped by name",
                q(&o.table),
                q(&o.name),
                u.columns.join(", ")
            ))
        })?;
        parts.push(format!("DROP INDEX {}", q(name)));
    }
    parts.push(format!("DROP COLUMN {}", q(&o.name)));
    out.push(format!("ALTER TABLE {} {}", q(&o.table), parts.join(", ")));
    Ok(out)
}

/// One `CHANGE COLUMN` (a rename) or `MODIFY COLUMN` restating the whole column; a type
/// change also moves the foreign keys that use the column out of the way.
fn alter_column(o: &AlterColumn, before: &Schema) -> DialectResult<Vec<String>> {
    let mut after = before.clone();
    Operation::AlterColumn(o.clone()).apply(&mut after)?;
    let new_name = o.rename.as_deref().unwrap_or(&o.name);
    let column = after
        .table(&o.table)
        .and_then(|t| t.column(new_name))
        .ok_or_else(|| OperationError::NoSuchColumn { table: o.table.clone(), column: new_name.to_string() })?;
    let change = match &o.rename {
        Some(_) => {
            format!("ALTER TABLE {} CHANGE COLUMN {} {}", q(&o.table), q(&o.name), column_definition(&o.table, column)?)
        }
        None => format!("ALTER TABLE {} MODIFY COLUMN {}", q(&o.table), column_definition(&o.table, column)?),
    };
    let old_type = before.table(&o.table).and_then(|t| t.column(&o.name)).map(|c| &c.r#type);
    if o.r#type.is_none() || o.r#type.as_ref() == old_type {
        return Ok(vec![change]);
    }
    retype_around_foreign_keys(o, before, &after, column, change)
}

/// A column a foreign key uses cannot change type while the key exists: the keys on it
/// (from this table or pointing at it) are dropped, the column changed (`change`), and the
/// keys added again. MySQL adds a key back only when both ends have similar types, so a
/// partner column whose type differs (an INT referring to an id turned BIGINT) takes the
/// new type too; the operation that changes the partner itself then finds it done.
fn retype_around_foreign_keys(
    o: &AlterColumn,
    before: &Schema,
    after: &Schema,
    column: &Column,
    change: String,
) -> DialectResult<Vec<String>> {
    let mut out = Vec::new();
    let mut partners = Vec::new();
    let mut readd = Vec::new();
    for (table, t) in &before.tables {
        for (i, fk) in t.foreign_keys.iter().enumerate() {
            let uses = (*table == o.table && fk.columns.contains(&o.name))
                || (fk.referred_table == o.table && fk.referred_columns.contains(&o.name));
            if !uses {
                continue;
            }
            let name = fk.name.as_ref().ok_or_else(|| {
                unsupported(format!(
                    "changing the type of {}.{}: the unnamed foreign key of {} on ({}) uses it",
                    q(&o.table),
                    q(&o.name),
                    q(table),
                    fk.columns.join(", ")
                ))
            })?;
            out.push(format!("ALTER TABLE {} DROP FOREIGN KEY {}", q(table), q(name)));
            partners.extend(partner_retypes(o, table, fk, after, column)?);
            let new_fk = after.table(table).and_then(|t| t.foreign_keys.get(i)).unwrap_or(fk);
            readd.push(format!("ALTER TABLE {} ADD {}", q(table), foreign_key_clause(table, new_fk)?));
        }
    }
    out.push(change);
    partners.dedup();
    out.extend(partners);
    out.extend(readd);
    Ok(out)
}

/// For foreign key `fk` of `table`, which uses the column `o` alters: the partner
/// columns (the other end of each pair) restated with the column's new type, for each
/// partner whose type MySQL would not link to it.
fn partner_retypes(
    o: &AlterColumn,
    table: &str,
    fk: &ForeignKey,
    after: &Schema,
    column: &Column,
) -> DialectResult<Vec<String>> {
    let new_name = o.rename.as_deref().unwrap_or(&o.name);
    let mut out = Vec::new();
    for (col, referred) in fk.columns.iter().zip(&fk.referred_columns) {
        let partner = if table == o.table && *col == o.name {
            Some((fk.referred_table.as_str(), referred))
        } else if fk.referred_table == o.table && *referred == o.name {
            Some((table, col))
        } else {
            None
        };
        let Some((p_table, p_col)) = partner else { continue };
        let Some(p) = after.table(p_table).and_then(|t| t.column(p_col)) else { continue };
        let is_this_column = p_table == o.table && p_col == new_name;
        if !is_this_column && !similar_key_types(&p.r#type, &column.r#type) {
            let mut moved = p.clone();
            moved.r#type = column.r#type.clone();
            out.push(format!("ALTER TABLE {} MODIFY COLUMN {}", q(p_table), column_definition(p_table, &moved)?));
        }
    }
    Ok(out)
}

fn create_index(o: &CreateIndex, _before: &Schema) -> DialectResult<Vec<String>> {
    Ok(vec![index_statement(&o.table, &o.index)?])
}

fn drop_index(o: &DropIndex, before: &Schema) -> DialectResult<Vec<String>> {
    let t = table_of(before, &o.table)?;
    let columns = t.indexes.iter().find(|i| i.name == o.name).map(|i| i.columns.clone()).unwrap_or_default();
    drop_index_releasing_foreign_keys(t, &o.name, &columns)
}

fn create_primary_key(o: &CreatePrimaryKey, before: &Schema) -> DialectResult<Vec<String>> {
    let has_key = before.table(&o.table).is_some_and(|t| t.primary_key.is_some());
    let add = format!("ADD PRIMARY KEY ({})", column_list(&o.primary_key.columns));
    if has_key {
        Ok(vec![format!("ALTER TABLE {} DROP PRIMARY KEY, {add}", q(&o.table))])
    } else {
        Ok(vec![format!("ALTER TABLE {} {add}", q(&o.table))])
    }
}

fn drop_primary_key(o: &DropPrimaryKey, before: &Schema) -> DialectResult<Vec<String>> {
    let t = table_of(before, &o.table)?;
    if let Some(c) = t.columns.iter().find(|c| c.autoincrement && t.is_primary_key_column(&c.name)) {
        return Err(unsupported(format!(
            "dropping the primary key of {}: its AUTO_INCREMENT column {} must stay a key (turn autoincrement off first)",
            q(&o.table),
            q(&c.name)
        )));
    }
    Ok(vec![format!("ALTER TABLE {} DROP PRIMARY KEY", q(&o.table))])
}

fn add_unique_constraint(o: &AddUniqueConstraint, _before: &Schema) -> DialectResult<Vec<String>> {
    Ok(vec![format!("ALTER TABLE {} ADD {}", q(&o.table), unique_clause(&o.table, &o.constraint)?)])
}

fn drop_unique_constraint(o: &DropUniqueConstraint, before: &Schema) -> DialectResult<Vec<String>> {
    let t = table_of(before, &o.table)?;
    let found = find_unique(t, &o.name, &o.columns).map(|i| &t.unique_constraints[i]);
    let name = o
        .name
        .clone()
        .or_else(|| found.and_then(|u| u.name.clone()))
        // A unique index on those columns is the same thing here.
        .or_else(|| t.indexes.iter().find(|i| i.unique && i.columns == o.columns).map(|i| i.name.clone()))
        .ok_or_else(|| {
            unsupported(format!(
                "dropping the unnamed unique constraint on {} ({}): give its name",
                q(&o.table),
                o.columns.join(", ")
            ))
        })?;
    let columns = found.map(|u| u.columns.clone()).unwrap_or_else(|| o.columns.clone());
    drop_index_releasing_foreign_keys(t, &name, &columns)
}

fn add_foreign_key(o: &AddForeignKey, _before: &Schema) -> DialectResult<Vec<String>> {
    Ok(vec![format!("ALTER TABLE {} ADD {}", q(&o.table), foreign_key_clause(&o.table, &o.foreign_key)?)])
}

/// Drops the key; with no index of its own the key was given one named after it, which
/// goes too, unless another key on the same columns may be using it.
fn drop_foreign_key(o: &DropForeignKey, before: &Schema) -> DialectResult<Vec<String>> {
    let t = table_of(before, &o.table)?;
    let found = find_foreign_key(t, &o.name, &o.columns).map(|i| &t.foreign_keys[i]);
    let name = o.name.clone().or_else(|| found.and_then(|f| f.name.clone())).ok_or_else(|| {
        unsupported(format!(
            "dropping the unnamed foreign key on {} ({}): give its name",
            q(&o.table),
            o.columns.join(", ")
        ))
    })?;
    let mut out = vec![format!("ALTER TABLE {} DROP FOREIGN KEY {}", q(&o.table), q(&name))];
    if let Some(fk) = found {
        let shared = t.foreign_keys.iter().any(|other| {
            other.name != fk.name && (other.columns.starts_with(&fk.columns) || fk.columns.starts_with(&other.columns))
        });
        // The index InnoDB made for the key goes with it: named after the key, or after its
        // first column when the server named the key.
        let made = t.indexes.iter().find(|i| index_made_for(t, fk, i)).map(|i| i.name.clone()).or(fk.name.clone());
        if let Some(index) = made.filter(|index| !shared && !fk_has_other_index(t, fk, index)) {
            out.push(format!("DROP INDEX {} ON {}", q(&index), q(&o.table)));
        }
    }
    Ok(out)
}

fn add_check_constraint(o: &AddCheckConstraint, _before: &Schema) -> DialectResult<Vec<String>> {
    Ok(vec![format!("ALTER TABLE {} ADD {}", q(&o.table), check_clause(&o.check.name, &o.check.expression))])
}

fn drop_check_constraint(o: &DropCheckConstraint, before: &Schema) -> DialectResult<Vec<String>> {
    let t = table_of(before, &o.table)?;
    let found = find_check(t, &o.name, &o.expression).map(|i| &t.check_constraints[i]);
    let name = o.name.clone().or_else(|| found.and_then(|c| c.name.clone())).ok_or_else(|| {
        unsupported(format!(
            "dropping the unnamed check constraint on {} ({}): give its name",
            q(&o.table),
            o.expression.clone().unwrap_or_default()
        ))
    })?;
    // DROP CONSTRAINT: MariaDB 10.2+ and MySQL 8.0.19+ (DROP CHECK is MySQL-only).
    Ok(vec![format!("ALTER TABLE {} DROP CONSTRAINT {}", q(&o.table), q(&name))])
}

fn set_table_comment(o: &SetTableComment, _before: &Schema) -> DialectResult<Vec<String>> {
    Ok(vec![format!("ALTER TABLE {} COMMENT = {}", q(&o.table), literal(o.comment.as_deref().unwrap_or("")))])
}

fn add_exclusion_constraint(o: &AddExclusionConstraint, _before: &Schema) -> DialectResult<Vec<String>> {
    Err(unsupported(format!(
        "the exclusion constraint {} on {}: MySQL has none",
        o.constraint.name.as_deref().unwrap_or("(unnamed)"),
        q(&o.table)
    )))
}

fn drop_exclusion_constraint(o: &DropExclusionConstraint, _before: &Schema) -> DialectResult<Vec<String>> {
    let name = o.name.as_deref().map_or_else(|| "(unnamed)".to_string(), q);
    Err(unsupported(format!("the exclusion constraint {name} on {}: MySQL has none", q(&o.table))))
}

/// `ALTER TABLE t DEFAULT CHARACTER SET … COLLATE …`, restating (`MODIFY`) each text column
/// that names no character set or collation of its own: such a column follows its table,
/// while the server would leave it as it was. Columns with their own keep them.
fn set_table_options(o: &SetTableOptions, before: &Schema) -> DialectResult<Vec<String>> {
    if let Some(option) = o.options.iter().flatten().next() {
        return Err(unsupported(format!("the table option {option} of {}", q(&o.table))));
    }
    if o.charset.is_none() && o.collation.is_none() {
        return Ok(Vec::new());
    }
    let t = table_of(before, &o.table)?;
    let mut parts = vec![table_options(o.charset.as_deref(), o.collation.as_deref(), " ").trim().to_string()];
    for c in t.columns.iter().filter(|c| c.charset.is_none() && c.collation.is_none() && is_text(&c.r#type)) {
        parts.push(format!("MODIFY COLUMN {}", column_definition(&o.table, c)?));
    }
    Ok(vec![format!("ALTER TABLE {} {}", q(&o.table), parts.join(", "))])
}

/// Whether values of this type are text in a character set (and so take the table's).
fn is_text(ty: &ColumnType) -> bool {
    match ty {
        ColumnType::String(_) | ColumnType::Text | ColumnType::Enum { .. } | ColumnType::Uuid => true,
        ColumnType::Raw(raw) => {
            let lc = raw.to_ascii_lowercase();
            let base = lc.split(['(', ' ']).next().unwrap_or_default();
            base.ends_with("char") || base.ends_with("text") || base == "enum" || base == "set"
        }
        _ => false,
    }
}
