//! The real-world corpus flow: one public schema file, taken from empty to migrated and back.
//!
//! For a schema file: `migrate` from an empty database → `upgrade` → `migrate` finds no
//! changes → the database's own dump read back as `schema.sql` finds no changes → everything
//! the file declares (columns and their attributes, keys, indexes, constraints) is in the
//! dump → `downgrade base` leaves no table.

use std::path::Path;

use alambic::dialect::{connect, dialect_for_url};
use alambic::diff;
use alambic::source::read_schema_file;

use super::dump::dump_schema;
use super::{assert_no_change, ok};

/// The name of the version table, which dumps hold and schema files do not.
const VERSION_TABLE: &str = "alembic_version";

/// The name of the history table beside it, which dumps hold too.
const HISTORY_TABLE: &str = "alambic_history";

/// Runs the corpus flow for `schema` (a path to a `.sql` file) against the empty database at
/// `url`. Fails the test naming the file and the step.
pub async fn round_trip(url: &str, schema: &Path) {
    let name = schema.file_name().expect("a file").to_string_lossy().into_owned();
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path();
    std::fs::copy(schema, dir.join("schema.sql")).unwrap_or_else(|e| panic!("{name}: {e}"));
    ok(dir, url, &["init"]);
    let first = ok(dir, url, &["migrate", "-m", "corpus"]);
    assert!(first.stderr.contains("Detected added table"), "{name}: nothing generated\n{}", first.stderr);
    ok(dir, url, &["upgrade"]);
    assert_no_change(dir, url, &format!("{name}: migrate after upgrade"));

    let dumped = dump_schema(url);
    std::fs::write(dir.join("dump.sql"), &dumped).expect("dump written");
    let check = super::alambic(dir, url, &["check", "--schema", "dump.sql"]);
    assert!(
        check.ok && check.stdout.contains("No new upgrade operations detected."),
        "{name}: the database's own dump differs from the database\n{}{}\n--- dump ---\n{dumped}",
        check.stdout,
        check.stderr
    );
    declared_is_present(url, &dir.join("schema.sql"), &dir.join("dump.sql"), &name);

    ok(dir, url, &["downgrade", "base"]);
    let mut db = connect(url).await.expect("connects");
    let left = db.inspect(&[VERSION_TABLE, HISTORY_TABLE]).await.unwrap_or_else(|e| panic!("{name}: {e}"));
    let left: Vec<&String> = left.tables.keys().collect();
    assert!(left.is_empty(), "{name}: tables left after downgrade base: {left:?}");
}

/// Everything the schema file declares is in the dump: the file, as the desired schema,
/// diffs as empty against the dump.
pub fn declared_is_present(url: &str, file: &Path, dump: &Path, name: &str) {
    let dialect = dialect_for_url(url).expect("a known dialect");
    let declared = read_schema_file(file, Some(dialect.as_ref())).unwrap_or_else(|e| panic!("{name}: {e}"));
    let mut present = read_schema_file(dump, Some(dialect.as_ref())).unwrap_or_else(|e| panic!("{name} dump: {e}"));
    present.schema.tables.remove(VERSION_TABLE);
    present.schema.tables.remove(HISTORY_TABLE);
    let missing = diff::compare(&declared.schema, &present.schema, dialect.as_ref());
    let found: Vec<&str> = missing.changes.iter().map(|c| c.message.as_str()).collect();
    assert!(missing.is_empty(), "{name}: declared in the file but not in the dump: {found:#?}");
}

/// The file names of [`schemas`], sorted: what each corpus test file checks it has a test for.
pub fn schema_names(folder: &str) -> Vec<String> {
    schemas(folder).iter().map(|p| p.file_name().expect("a file").to_string_lossy().into_owned()).collect()
}

/// Every `.sql` file under `tests/corpus/<folder>/`, sorted.
pub fn schemas(folder: &str) -> Vec<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("corpus").join(folder);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|f| f.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "sql"))
        .collect();
    files.sort();
    files
}
