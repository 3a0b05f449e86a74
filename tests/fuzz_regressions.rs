//! Every input kept in `fuzz/regressions/<target>/` (inputs that once made a reader panic or
//! break its round trip, found by `fuzz/run.sh`) and every checked-in seed is checked again
//! with the fuzz targets' own checks, on every `cargo test`.

#![cfg(all(feature = "sqlite", feature = "postgres", feature = "mysql"))]

#[path = "../fuzz/checks.rs"]
mod checks;

use std::path::Path;

/// Runs `check` on every file under `fuzz/<kind>/<target>/`; returns how many it read.
fn each_input(kind: &str, target: &str, check: fn(&[u8])) -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz").join(kind).join(target);
    let mut read = 0;
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.expect("directory entry").path();
        if path.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.')) {
            continue;
        }
        let data = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let outcome = std::panic::catch_unwind(|| check(&data));
        assert!(outcome.is_ok(), "{} fails its check again", path.display());
        read += 1;
    }
    read
}

#[test]
fn script_inputs_still_pass() {
    assert!(each_input("seeds", "script", checks::script) > 0, "no seed scripts");
    each_input("regressions", "script", checks::script);
}

#[test]
fn schema_sql_inputs_still_pass() {
    assert!(each_input("seeds", "schema_sql", checks::schema_sql) > 0, "no seed schema files");
    each_input("regressions", "schema_sql", checks::schema_sql);
}
