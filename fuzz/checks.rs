//! What the fuzz targets check, shared with `tests/fuzz_regressions.rs` so that every input
//! that once crashed is checked again by `cargo test`.
//!
//! A reader may refuse any input with an error; it must never panic, and what it accepts
//! must survive being written out and read back.

use std::path::Path;

use alambic::dialect::{render_operation, DIALECTS};
use alambic::operation::Operation;
use alambic::schema::Schema;
use alambic::script::{Script, ScriptHeader};
use alambic::source::parse_schema_sql;

/// A migration script: read it (header alone, and whole); a script that reads is written
/// out again and must read back as the same script.
pub fn script(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let header = ScriptHeader::parse("fuzz.toml", text);
    let Ok(script) = Script::parse("fuzz.toml", text) else { return };
    assert!(header.is_ok(), "the whole script reads but its header does not: {header:?}");
    let written = script.render();
    let again = Script::parse("fuzz.toml", &written)
        .unwrap_or_else(|e| panic!("a script's own writing does not read back: {e}\n{written}"));
    assert_eq!(again.revision, script.revision);
    assert_eq!(again.down_revision, script.down_revision);
    assert_eq!(again.message, script.message);
    assert_eq!(again.upgrade, script.upgrade);
    assert_eq!(again.downgrade, script.downgrade);
}

/// A schema file, read with every compiled-in dialect's grammar and with the generic one;
/// each table it declares is rendered as `CREATE TABLE` for that dialect (an error is fine,
/// a panic is not).
pub fn schema_sql(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let path = Path::new("fuzz.sql");
    let _ = parse_schema_sql(path, text, None);
    for driver in DIALECTS.iter().filter_map(|d| d.driver) {
        let dialect = (driver.dialect)();
        let Ok(file) = parse_schema_sql(path, text, Some(dialect.as_ref())) else { continue };
        let empty = Schema::new();
        for table in file.schema.tables.values() {
            let _ = render_operation(dialect.as_ref(), &Operation::CreateTable(table.clone()), &empty);
        }
    }
}
