//! The schema a run keeps in memory from one revision to the next, so that a command reads
//! the catalog once instead of once per revision.
//!
//! Invariant: [`Known::schema`] is what the catalog would say, except for what the database
//! chose itself on the tables in `chosen` (the names of keys and constraints created without
//! one, the index a database makes for a foreign key, objects it drops or adds along with
//! another). Only operations that look such things up in the schema they are rendered
//! against (drops and changes) need them; before a revision holding one of those, the
//! catalog is read again when any table may hold something the database chose. Raw SQL
//! (`execute`) may change anything: the next revision reads the catalog whatever it holds.

use std::collections::BTreeSet;

use crate::dialect::{Connection, DialectResult};
use crate::operation::Operation;
use crate::schema::Schema;

/// The schema as the run has left it, and what in it the database may have chosen.
#[derive(Debug)]
pub(super) struct Known {
    /// The schema after the last revision run.
    pub(super) schema: Schema,
    /// Tables on which the database may have chosen names or objects since the catalog was
    /// last read.
    chosen: BTreeSet<String>,
    /// Raw SQL ran since the catalog was last read: nothing in `schema` can be trusted.
    unknown: bool,
}

impl Known {
    /// The schema just read from the catalog: every name in it is the database's.
    pub(super) fn read(schema: Schema) -> Self {
        Self { schema, chosen: BTreeSet::new(), unknown: false }
    }

    /// Whether `operations` must be rendered against a fresh read of the catalog rather
    /// than this schema.
    fn must_read(&self, operations: &[Operation]) -> bool {
        self.unknown || (!self.chosen.is_empty() && operations.iter().any(|op| !renders_from_own_fields(op)))
    }

    /// The state after `operations` ran and left the database as `after` describes.
    pub(super) fn advance(mut self, after: Schema, operations: &[Operation]) -> Self {
        for op in operations {
            match op {
                Operation::Execute(_) => self.unknown = true,
                Operation::DropTable(o) => {
                    self.chosen.remove(&o.name);
                }
                Operation::RenameTable(o) => {
                    self.chosen.remove(&o.from);
                    self.chosen.insert(o.to.clone());
                }
                op if keeps_database_choices(op) => {}
                op => {
                    if let Some(table) = op.table_name() {
                        self.chosen.insert(table.to_string());
                    }
                }
            }
        }
        self.schema = after;
        self
    }
}

/// The schema to render `operations` against: `known` when it serves, else the catalog
/// (without the tables in `skip`), read now.
///
/// Errors when the catalog cannot be read.
pub(super) async fn schema_for(
    conn: &mut dyn Connection,
    skip: &[&str],
    known: Option<Known>,
    operations: &[Operation],
) -> DialectResult<Known> {
    match known {
        Some(known) if !known.must_read(operations) => Ok(known),
        _ => Ok(Known::read(conn.inspect(skip).await?)),
    }
}

/// Operations whose statements come from their own fields and the schema's modelled
/// objects alone, never from a name the database chose: they create things.
fn renders_from_own_fields(op: &Operation) -> bool {
    matches!(
        op,
        Operation::CreateTable(_)
            | Operation::AddColumn(_)
            | Operation::CreateIndex(_)
            | Operation::AddForeignKey(_)
            | Operation::AddUniqueConstraint(_)
            | Operation::AddCheckConstraint(_)
            | Operation::AddExclusionConstraint(_)
            | Operation::SetTableComment(_)
    )
}

/// Operations after which the database holds nothing it chose that the schema lacks (on a
/// table where it held nothing such before): they remove objects, and nothing is added or
/// re-created along with them.
fn keeps_database_choices(op: &Operation) -> bool {
    matches!(
        op,
        Operation::DropColumn(_)
            | Operation::DropCheckConstraint(_)
            | Operation::DropExclusionConstraint(_)
            | Operation::DropPrimaryKey(_)
            | Operation::SetTableComment(_)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::operation::{AddColumn, DropColumn, DropForeignKey, DropTable, Execute};
    use crate::schema::{Column, ColumnType, Table};

    fn create(name: &str) -> Operation {
        Operation::CreateTable(Table { name: name.into(), ..Table::default() })
    }

    fn add(table: &str) -> Operation {
        Operation::AddColumn(AddColumn { table: table.into(), column: Column::new("c", ColumnType::Integer) })
    }

    fn drop_column(table: &str) -> Operation {
        Operation::DropColumn(DropColumn { table: table.into(), name: "c".into() })
    }

    #[test]
    fn creations_never_read_the_catalog_again() {
        let known = Known::read(Schema::new()).advance(Schema::new(), &[create("t")]);
        assert!(!known.must_read(&[add("t")]));
        let known = known.advance(Schema::new(), &[add("t")]);
        assert!(!known.must_read(&[create("u"), add("t")]));
    }

    #[test]
    fn a_drop_after_a_creation_reads_what_the_database_named() {
        let known = Known::read(Schema::new()).advance(Schema::new(), &[create("t")]);
        let drop_fk = Operation::DropForeignKey(DropForeignKey {
            table: "t".into(),
            name: Some("fk".into()),
            columns: Vec::new(),
        });
        assert!(known.must_read(&[drop_fk]));
        assert!(known.must_read(&[drop_column("t")]));
    }

    #[test]
    fn drops_on_tables_read_from_the_catalog_keep_the_schema() {
        let known = Known::read(Schema::new()).advance(Schema::new(), &[drop_column("t")]);
        assert!(!known.must_read(&[drop_column("t")]));
        let dropped = Operation::DropTable(DropTable { name: "t".into() });
        let known = Known::read(Schema::new()).advance(Schema::new(), &[create("t")]).advance(Schema::new(), &[]);
        assert!(known.must_read(std::slice::from_ref(&dropped)));
        let known = Known::read(Schema::new()).advance(Schema::new(), &[create("t"), dropped.clone()]);
        assert!(!known.must_read(&[dropped]));
    }

    #[test]
    fn raw_sql_reads_the_catalog_before_anything() {
        let execute = Operation::Execute(Execute::default());
        let known = Known::read(Schema::new()).advance(Schema::new(), &[execute]);
        assert!(known.must_read(&[add("t")]));
    }
}
