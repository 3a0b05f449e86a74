//! The server spells the desired schema's expressions as it stores them, for the few
//! whose text differs from the live schema's.
//!
//! MySQL and MariaDB rewrite an expression when they store it (`date_add(d, INTERVAL 1
//! DAY)` comes back as `` `d` + interval 1 day ``, `CAST(x AS CHAR)` gains a character
//! set, `TRUE` becomes `1`). The comparison rules of [`super::MySqlRules`] undo the common
//! rewrites; for the rest, the desired definition is created as a `TEMPORARY` table and
//! read back with `SHOW CREATE TABLE`. A desired text the server stores as the live text
//! is then replaced by the live text, so the diff sees no change; any other text is left
//! as it was, so a real change is still a change.
//!
//! Invariant: nothing is sent when every desired text already matches (a run with no
//! change costs no statement), at most three statements per table that has differing
//! texts, and nothing the temporary table holds outlives this call.

use std::collections::HashMap;

use super::inspect::Collations;
use super::render::column_definition;
use super::MySqlDialect;
use crate::dialect::{Catalog, Connection, Dialect, DialectResult, TextRow};
use crate::schema::{CheckConstraint, Column, Schema, Table};

/// The name of the scratch table (temporary: only this session sees it).
const SCRATCH: &str = "alambic_canonical";

/// Brings the desired texts the server would store as the live ones to the live spelling:
/// defaults, generated expressions and checks (by the server), and a column's character
/// set and collation that restate what its table gives it (by the server's collation list).
///
/// Errors only when the server cannot be reached; a definition the server refuses is left
/// as written (running it will say why).
pub(crate) async fn canonicalize<C>(conn: &mut C, desired: &mut Schema, live: &Schema) -> DialectResult<()>
where
    C: Connection + Catalog<Row = TextRow>,
{
    let mut collations: Option<Collations> = None;
    for (name, want) in desired.tables.iter_mut() {
        let Some(have) = live.table(name) else { continue };
        if columns_restate_table_options(want, have) {
            if collations.is_none() {
                let rows = conn.rows("collations", super::inspect::COLLATIONS).await?;
                collations = Some(Collations::from_rows(&rows));
            }
            fold_column_options(want, have, collations.as_ref().expect("read above"));
        }
        if !texts_differ(want, have) {
            continue;
        }
        if let Some(stored) = server_spelling(conn, want).await? {
            adopt_live_texts(want, have, &stored);
        }
    }
    Ok(())
}

/// Whether a column of both sides names a character set or collation the live one does not.
fn columns_restate_table_options(want: &Table, have: &Table) -> bool {
    want.columns.iter().any(|w| {
        have.column(&w.name).is_some_and(|h| {
            (w.charset.is_some() || w.collation.is_some()) && (w.charset != h.charset || w.collation != h.collation)
        })
    })
}

/// Drops a desired column's character set and collation where they are what the column
/// gets anyway (its table's, or its own set's default), as introspection reports them.
fn fold_column_options(want: &mut Table, have: &Table, collations: &Collations) {
    let mut table = Table::new(want.name.clone());
    table.charset = want.charset.clone().or_else(|| have.charset.clone());
    table.collation = want.collation.clone().or_else(|| have.collation.clone());
    if want.collation.is_none() && want.charset.is_some() && want.charset != have.charset {
        table.collation = table.charset.as_deref().and_then(|c| collations.default_of(c)).map(str::to_string);
    }
    for column in &mut want.columns {
        let (charset, collation) = collations.column_options(&table, column.charset.clone(), column.collation.clone());
        column.charset = charset;
        column.collation = collation;
    }
}

/// Whether some default, generated expression or check of `want` differs in text from
/// `have`'s under the dialect's rules.
fn texts_differ(want: &Table, have: &Table) -> bool {
    let d = MySqlDialect;
    let column_differs = want.columns.iter().any(|w| {
        let Some(h) = have.column(&w.name) else { return false };
        let default = w.server_default.is_some()
            && h.server_default.is_some()
            && !d.defaults_equal(w, w.server_default.as_deref(), h.server_default.as_deref());
        let generated = match (&w.generated, &h.generated) {
            (Some(a), Some(b)) => !d.checks_equal(&a.expression, &b.expression),
            _ => false,
        };
        default || generated
    });
    let check_differs = want.check_constraints.iter().any(|w| live_check(have, w).is_none());
    column_differs || check_differs
}

/// The live check `want` stands for: the one of the same name, else (unnamed) the first
/// with the same condition.
fn live_check<'a>(have: &'a Table, want: &CheckConstraint) -> Option<&'a CheckConstraint> {
    let d = MySqlDialect;
    match &want.name {
        Some(name) => have.check_constraints.iter().find(|h| h.name.as_ref() == Some(name)),
        None => have.check_constraints.iter().find(|h| d.checks_equal(&want.expression, &h.expression)),
    }
    .filter(|h| d.checks_equal(&want.expression, &h.expression) || want.name.is_some())
}

/// The texts the server stores for `want`'s columns and checks.
#[derive(Debug, Default)]
struct Stored {
    defaults: HashMap<String, String>,
    generated: HashMap<String, String>,
    /// Check conditions by their position in `want.check_constraints`.
    checks: HashMap<usize, String>,
}

/// Creates `want` as a temporary table (columns and checks only, checks named by
/// position), reads `SHOW CREATE TABLE` back, and drops it. `None` when the server refuses
/// the definition or its text does not parse.
async fn server_spelling<C>(conn: &mut C, want: &Table) -> DialectResult<Option<Stored>>
where
    C: Connection + Catalog<Row = TextRow>,
{
    let mut parts = Vec::new();
    for column in &want.columns {
        // No key here, so no AUTO_INCREMENT; identity options are refused elsewhere.
        let plain = Column { autoincrement: false, identity: None, ..column.clone() };
        match column_definition(SCRATCH, &plain) {
            Ok(sql) => parts.push(sql),
            Err(_) => return Ok(None),
        }
    }
    for (i, check) in want.check_constraints.iter().enumerate() {
        parts.push(format!("CONSTRAINT `ck_{i}` CHECK ({})", check.expression));
    }
    let create = format!("CREATE TEMPORARY TABLE `{SCRATCH}` ({})", parts.join(", "));
    if conn.execute(&create).await.is_err() {
        return Ok(None);
    }
    let shown = conn.rows("the server's spelling", &format!("SHOW CREATE TABLE `{SCRATCH}`")).await;
    conn.execute(&format!("DROP TEMPORARY TABLE IF EXISTS `{SCRATCH}`")).await?;
    let text = shown?.first().and_then(|row| row.get(1).cloned().flatten());
    Ok(text.and_then(|t| parse_stored(&t)))
}

/// Reads the defaults, generated expressions and checks (`ck_N`) of a `SHOW CREATE TABLE`,
/// line by line (the server writes one column or constraint a line), so that an expression
/// the SQL grammar does not know (`cast(x as char charset utf8mb3)`) costs only itself.
fn parse_stored(sql: &str) -> Option<Stored> {
    let mut stored = Stored::default();
    for line in sql.lines().map(|l| l.trim().trim_end_matches(',')) {
        if let Some(rest) = line.strip_prefix("CONSTRAINT `ck_") {
            let Some((number, rest)) = rest.split_once("` CHECK ") else { continue };
            if let (Ok(i), Some(expression)) = (number.parse::<usize>(), parenthesized(rest)) {
                stored.checks.insert(i, expression.to_string());
            }
            continue;
        }
        let Some((name, definition)) = column_line(line) else { continue };
        if let Some(at) = find_outside_quotes(definition, " GENERATED ALWAYS AS ") {
            if let Some(expression) = parenthesized(&definition[at + " GENERATED ALWAYS AS ".len()..]) {
                stored.generated.insert(name.clone(), expression.to_string());
            }
        } else if let Some(at) = find_outside_quotes(definition, " DEFAULT ") {
            if let Some(value) = first_term(&definition[at + " DEFAULT ".len()..]) {
                stored.defaults.insert(name, value.to_string());
            }
        }
    }
    (!stored.defaults.is_empty() || !stored.generated.is_empty() || !stored.checks.is_empty()).then_some(stored)
}

/// A column line: its name (unquoted) and the rest of its definition.
fn column_line(line: &str) -> Option<(String, &str)> {
    let rest = line.strip_prefix('`')?;
    let mut name = String::new();
    let mut chars = rest.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '`' {
            if chars.peek().map(|(_, n)| *n) == Some('`') {
                chars.next();
                name.push('`');
                continue;
            }
            return Some((name, &rest[i + 1..]));
        }
        name.push(c);
    }
    None
}

/// Where `needle` first occurs in `text` outside string literals and quoted names.
fn find_outside_quotes(text: &str, needle: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        match quote {
            Some(_) if escaped => escaped = false,
            Some(_) if c == '\\' => escaped = true,
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '\'' || c == '`' || c == '"' => quote = Some(c),
            None if text[i..].starts_with(needle) => return Some(i),
            None => {}
        }
    }
    None
}

/// The text inside the parentheses `text` opens with.
fn parenthesized(text: &str) -> Option<&str> {
    let text = text.trim_start();
    if !text.starts_with('(') {
        return None;
    }
    let close = matching_close(text)?;
    Some(text[1..close].trim())
}

/// The index of the parenthesis closing the one at the start of `text`.
fn matching_close(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        match quote {
            Some(_) if escaped => escaped = false,
            Some(_) if c == '\\' => escaped = true,
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '\'' || c == '`' || c == '"' => quote = Some(c),
            None if c == '(' => depth += 1,
            None if c == ')' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i);
                }
            }
            None => {}
        }
    }
    None
}

/// The first term of a default: a parenthesized expression, a string literal (with its
/// charset introducer, if any), or a word with its call parentheses (`current_timestamp(3)`).
fn first_term(text: &str) -> Option<&str> {
    let text = text.trim_start();
    if text.starts_with('(') {
        return Some(&text[..=matching_close(text)?]);
    }
    let quote_at = text.find('\'').filter(|q| !text[..*q].contains(' '));
    if let Some(q) = quote_at {
        let end = find_outside_quotes(&text[q..], " ").map_or(text.len(), |e| q + e);
        return Some(&text[..end]);
    }
    let end = match (text.find('('), text.find(' ')) {
        (Some(open), space) if space.map_or(true, |s| open < s) => open + matching_close(&text[open..])? + 1,
        (_, Some(space)) => space,
        (_, None) => text.len(),
    };
    Some(&text[..end])
}

/// Replaces each desired text whose server spelling equals the live text by the live text.
fn adopt_live_texts(want: &mut Table, have: &Table, stored: &Stored) {
    let d = MySqlDialect;
    for w in &mut want.columns {
        let Some(h) = have.column(&w.name) else { continue };
        if let (Some(server), Some(live)) = (stored.defaults.get(&w.name), &h.server_default) {
            if w.server_default.is_some() && d.defaults_equal(w, Some(server), Some(live)) {
                w.server_default = Some(live.clone());
            }
        }
        if let (Some(server), Some(g), Some(live)) = (stored.generated.get(&w.name), &mut w.generated, &h.generated) {
            if d.checks_equal(server, &live.expression) {
                g.expression = live.expression.clone();
            }
        }
    }
    for i in 0..want.check_constraints.len() {
        let Some(server) = stored.checks.get(&i) else { continue };
        let w = &want.check_constraints[i];
        let live = match &w.name {
            Some(name) => have.check_constraints.iter().find(|h| h.name.as_ref() == Some(name)),
            None => have.check_constraints.iter().find(|h| d.checks_equal(server, &h.expression)),
        };
        if let Some(live) = live.filter(|h| d.checks_equal(server, &h.expression)) {
            want.check_constraints[i].expression = live.expression.clone();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn show_create_table_gives_defaults_generated_expressions_and_numbered_checks() {
        let sql = "CREATE TEMPORARY TABLE `alambic_canonical` (\n  `d` date DEFAULT (curdate() + interval 1 day),\n  \
                   `n` varchar(9) GENERATED ALWAYS AS (cast(`d` + 1 as char charset utf8mb3)) VIRTUAL,\n  \
                   `t` timestamp(3) NOT NULL DEFAULT current_timestamp(3) ON UPDATE current_timestamp(3),\n  \
                   `s` varchar(9) DEFAULT 'it\\'s a ) DEFAULT' COMMENT 'x DEFAULT y',\n  \
                   `w``x` int(11) DEFAULT -1,\n  \
                   CONSTRAINT `ck_0` CHECK (`d` > '2000-01-01')\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 \
                   COLLATE=utf8mb4_general_ci";
        let stored = parse_stored(sql).expect("parses");
        assert_eq!(stored.defaults["d"], "(curdate() + interval 1 day)");
        assert_eq!(stored.generated["n"], "cast(`d` + 1 as char charset utf8mb3)");
        assert_eq!(stored.defaults["t"], "current_timestamp(3)");
        assert_eq!(stored.defaults["s"], "'it\\'s a ) DEFAULT'");
        assert_eq!(stored.defaults["w`x"], "-1");
        assert_eq!(stored.checks[&0], "`d` > '2000-01-01'");
    }
}
