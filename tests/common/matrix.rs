//! The feature matrix flow: one schema feature on one database, through the binary.
//!
//! A [`Case`] gives a schema with the feature and the same schema with the feature changed.
//! [`feature_case`] runs: before → `migrate`/`upgrade` → no change → rows written → after →
//! `migrate` detects exactly the case's changes → `upgrade` → no change, rows kept →
//! `downgrade -1` → no change against before, rows kept → `downgrade base`.

use std::path::Path;

use alambic::dialect::connect;

use super::corpus::declared_is_present;
use super::dump::dump_schema;
use super::{alambic, assert_no_change, detected, ok};

/// One feature, as two schemas and what changing one into the other is detected as.
pub struct Case<'a> {
    /// The feature, for messages (`"index NULLS FIRST"`).
    pub feature: &'a str,
    /// A schema with the feature.
    pub before: &'a str,
    /// The same schema with the feature changed.
    pub after: &'a str,
    /// The `Detected …` log lines the change gives, in any order.
    pub detected: &'a [&'a str],
    /// Statements run once `before` is in place (rows to keep).
    pub rows: &'a [&'a str],
    /// Queries whose first column must read the same after the upgrade and the downgrade.
    pub keep: &'a [&'a str],
}

/// Runs `case` against the empty database at `url`. Fails the test naming the feature and
/// the step.
pub async fn feature_case(url: &str, case: &Case<'_>) {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path();
    let at = |step: &str| format!("{}: {step}", case.feature);
    std::fs::write(dir.join("schema.sql"), case.before).expect("schema");
    ok(dir, url, &["init"]);
    ok(dir, url, &["migrate", "-m", "before"]);
    ok(dir, url, &["upgrade"]);
    assert_no_change(dir, url, &at("created"));
    let kept = write_rows(url, case).await;

    std::fs::write(dir.join("schema.sql"), case.after).expect("schema");
    let change = ok(dir, url, &["migrate", "-m", "after"]);
    let mut want: Vec<String> = case.detected.iter().map(ToString::to_string).collect();
    want.sort();
    assert_eq!(detected(&change.stderr), want, "{}\n{}", at("detected"), change.stderr);
    ok(dir, url, &["upgrade"]);
    assert_no_change(dir, url, &at("after the upgrade"));
    assert_eq!(read_rows(url, case).await, kept, "{}", at("rows after the upgrade"));

    ok(dir, url, &["downgrade", "-1"]);
    remove_script(dir, "_after.toml");
    std::fs::write(dir.join("schema.sql"), case.before).expect("schema");
    assert_no_change(dir, url, &at("after the downgrade, against the old schema"));
    assert_eq!(read_rows(url, case).await, kept, "{}", at("rows after the downgrade"));
    ok(dir, url, &["downgrade", "base"]);
}

/// Takes `schema` from an empty database to upgraded and back: the first `migrate` writes
/// it whole, the next finds nothing to change (whatever the database's own spelling of the
/// schema), everything the schema declares is in the database's own dump, and `downgrade
/// base` runs. `what` names the schema in messages.
pub fn assert_stable(url: &str, what: &str, schema: &str) {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path();
    std::fs::write(dir.join("schema.sql"), schema).expect("schema");
    ok(dir, url, &["init"]);
    ok(dir, url, &["migrate", "-m", "stable"]);
    ok(dir, url, &["upgrade"]);
    assert_no_change(dir, url, &format!("{what}: after the upgrade"));
    std::fs::write(dir.join("dump.sql"), dump_schema(url)).expect("dump written");
    declared_is_present(url, &dir.join("schema.sql"), &dir.join("dump.sql"), what);
    ok(dir, url, &["downgrade", "base"]);
}

/// Runs `schema` through `migrate` and `upgrade` and expects one of them to fail with a
/// message containing `needle` (the database cannot express a feature and says so).
pub fn assert_unsupported(url: &str, schema: &str, needle: &str) {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path();
    std::fs::write(dir.join("schema.sql"), schema).expect("schema");
    ok(dir, url, &["init"]);
    for args in [&["migrate", "-m", "unsupported"][..], &["upgrade"]] {
        let run = alambic(dir, url, args);
        if !run.ok {
            let out = format!("{}{}", run.stdout, run.stderr);
            assert!(out.contains(needle), "{args:?} failed without naming {needle:?}:\n{out}");
            return;
        }
    }
    panic!("{schema}\nwas accepted, but the database cannot express it ({needle})");
}

async fn write_rows(url: &str, case: &Case<'_>) -> Vec<Vec<String>> {
    let mut db = connect(url).await.expect("connects");
    for row in case.rows {
        db.execute(row).await.unwrap_or_else(|e| panic!("{}: {row}: {e}", case.feature));
    }
    drop(db);
    read_rows(url, case).await
}

async fn read_rows(url: &str, case: &Case<'_>) -> Vec<Vec<String>> {
    let mut db = connect(url).await.expect("connects");
    let mut out = Vec::new();
    for q in case.keep {
        out.push(db.fetch_strings(q).await.unwrap_or_else(|e| panic!("{}: {q}: {e}", case.feature)));
    }
    out
}

/// Removes the script whose file name ends with `suffix`, so the next `migrate` compares
/// with the head before it.
fn remove_script(dir: &Path, suffix: &str) {
    let versions = dir.join("migrations").join("versions");
    for file in std::fs::read_dir(&versions).expect("versions").map(|f| f.expect("entry").path()) {
        if file.to_string_lossy().ends_with(suffix) {
            std::fs::remove_file(file).expect("remove the script");
        }
    }
}
