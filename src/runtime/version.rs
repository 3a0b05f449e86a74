//! The version table: one row per applied head, as Alembic keeps it
//! (`alembic_version(version_num VARCHAR(32) NOT NULL PRIMARY KEY)`), so a database that
//! Alembic managed can be taken over with `stamp`.

use crate::dialect::{Connection, Dialect, DialectResult};

/// The version table of one migration context.
#[derive(Debug, Clone)]
pub struct VersionTable {
    name: String,
}

impl VersionTable {
    /// A version table called `name`.
    pub fn new(name: &str) -> Self {
        Self { name: name.to_string() }
    }

    /// Its name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Creates the table when it is missing.
    ///
    /// Errors when the database refuses.
    pub async fn ensure(&self, conn: &mut dyn Connection) -> DialectResult<()> {
        if !conn.table_exists(&self.name).await? {
            let sql = conn.dialect().create_version_table(&self.name);
            conn.execute(&sql).await?;
        }
        Ok(())
    }

    /// The revisions it holds, sorted; empty when the table does not exist.
    ///
    /// Errors when the table cannot be read.
    pub async fn read(&self, conn: &mut dyn Connection) -> DialectResult<Vec<String>> {
        if !conn.table_exists(&self.name).await? {
            return Ok(Vec::new());
        }
        let sql = format!("SELECT version_num FROM {}", conn.dialect().quote(&self.name));
        let mut heads = conn.fetch_strings(&sql).await?;
        heads.sort();
        Ok(heads)
    }

    /// Moves the table from the rows `before` to the rows `after`.
    ///
    /// Errors when the database refuses.
    pub async fn replace(&self, conn: &mut dyn Connection, before: &[String], after: &[String]) -> DialectResult<()> {
        for sql in self.replace_sql(conn.dialect(), before, after) {
            conn.execute(&sql).await?;
        }
        Ok(())
    }

    /// The statements that move the table from `before` to `after`: an `UPDATE` when one
    /// head replaces another, else deletes and inserts.
    pub fn replace_sql(&self, dialect: &dyn Dialect, before: &[String], after: &[String]) -> Vec<String> {
        let table = dialect.quote(&self.name);
        let gone: Vec<&String> = before.iter().filter(|h| !after.contains(h)).collect();
        let new: Vec<&String> = after.iter().filter(|h| !before.contains(h)).collect();
        if let ([old], [new]) = (gone.as_slice(), new.as_slice()) {
            return vec![format!(
                "UPDATE {table} SET version_num = {} WHERE version_num = {}",
                dialect.literal(new),
                dialect.literal(old)
            )];
        }
        let mut out = Vec::new();
        for old in gone {
            out.push(format!("DELETE FROM {table} WHERE version_num = {}", dialect.literal(old)));
        }
        for new in new {
            out.push(format!("INSERT INTO {table} (version_num) VALUES ({})", dialect.literal(new)));
        }
        out
    }
}
