//! Eight `alambic upgrade` processes started at once on one SQLite file, a few rounds.
//! SQLite has no migration lock: each process plans from the version table it read, and
//! the loser of a race finds, inside its write transaction, that the database moved. None
//! may fail on what another one created ("already exists"): each applies revisions, finds
//! nothing to do, or reports that the database moved. Afterwards the database is at head
//! and every revision was applied by exactly one process.

#![cfg(all(feature = "cli", feature = "sqlite"))]

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output, Stdio};

mod common;
use common::ok;

const PROCESSES: usize = 8;
const ROUNDS: usize = 3;

/// Three revisions in a line: the seed's tables, an audit table, an index on it.
const REVISIONS: [(&str, &str); 3] = [
    (
        "c0ffee000001_seed.toml",
        r#"revision = "c0ffee000001"
message = "seed"

[[upgrade]]
[upgrade.create_table]
name = "roles"
columns = [{ name = "id", type = "integer", nullable = false }, { name = "name", type = "string(64)" }]
primary_key = { columns = ["id"] }

[[upgrade]]
[upgrade.create_table]
name = "users"
columns = [{ name = "id", type = "integer", nullable = false }, { name = "username", type = "string(64)" }]
primary_key = { columns = ["id"] }

[[downgrade]]
drop_table = { name = "users" }

[[downgrade]]
drop_table = { name = "roles" }
"#,
    ),
    (
        "c0ffee000002_audit.toml",
        r#"revision = "c0ffee000002"
down_revision = "c0ffee000001"
message = "audit"

[[upgrade]]
[upgrade.create_table]
name = "audit"
columns = [{ name = "id", type = "integer", nullable = false }, { name = "what", type = "string(64)" }]
primary_key = { columns = ["id"] }

[[downgrade]]
drop_table = { name = "audit" }
"#,
    ),
    (
        "c0ffee000003_audit_index.toml",
        r#"revision = "c0ffee000003"
down_revision = "c0ffee000002"
message = "audit index"

[[upgrade]]
create_index = { name = "ix_audit_what", table = "audit", columns = ["what"] }

[[downgrade]]
drop_index = { name = "ix_audit_what", table = "audit" }
"#,
    ),
];

const HEAD: &str = "c0ffee000003";

/// What one process did: the revisions it applied, or why it stopped.
#[derive(Debug)]
struct Outcome {
    applied: Vec<String>,
    stderr: String,
}

/// Reads a process's log: every `Running upgrade` line names a revision it started; a
/// `FAILED` line must be the "moved" one, naming the revision it did not apply.
fn outcome(output: &Output) -> Outcome {
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(!stderr.contains("already exists") && !stdout.contains("already exists"), "{stderr}\n{stdout}");
    let mut applied: Vec<String> = stderr
        .lines()
        .filter_map(|l| l.split_once("Running upgrade ").map(|(_, rest)| rest))
        .filter_map(|rest| rest.split_once("-> ").and_then(|(_, r)| r.split_once(',')).map(|(rev, _)| rev.to_string()))
        .collect();
    if output.status.success() {
        assert!(!stderr.contains("FAILED"), "{stderr}");
    } else {
        let failed = stderr.lines().find(|l| l.starts_with("FAILED")).unwrap_or_else(|| panic!("{stderr}"));
        assert!(failed.contains("the database moved from"), "neither success nor 'moved': {failed}");
        let stopped = applied.pop().unwrap_or_else(|| panic!("no revision started before {failed}"));
        assert!(failed.starts_with(&format!("FAILED: revision {stopped}: ")), "{failed}");
    }
    Outcome { applied, stderr }
}

fn upgrade_at_once(dir: &Path, url: &str) -> Vec<Outcome> {
    let bin = assert_cmd::cargo::cargo_bin("alambic");
    let children: Vec<_> = (0..PROCESSES)
        .map(|_| {
            Command::new(&bin)
                .current_dir(dir)
                .env("DATABASE_URL", url)
                .env_remove("RUST_LOG")
                .arg("upgrade")
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("alambic starts")
        })
        .collect();
    children.into_iter().map(|c| outcome(&c.wait_with_output().expect("alambic runs"))).collect()
}

#[test]
fn eight_concurrent_sqlite_upgraders_never_fail_on_what_another_created() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path();
    let scratch = format!("sqlite://{}", dir.join("scratch.db").display());
    ok(dir, &scratch, &["init"]);
    for (name, text) in REVISIONS {
        std::fs::write(dir.join("migrations/versions").join(name), text).expect("script written");
    }
    for round in 0..ROUNDS {
        let url = format!("sqlite://{}", dir.join(format!("round{round}.db")).display());
        let outcomes = upgrade_at_once(dir, &url);
        let mut applied: BTreeMap<String, usize> = BTreeMap::new();
        for rev in outcomes.iter().flat_map(|o| o.applied.iter()) {
            *applied.entry(rev.clone()).or_default() += 1;
        }
        let expected: BTreeMap<String, usize> = REVISIONS.iter().map(|(name, _)| (name[..12].to_string(), 1)).collect();
        assert_eq!(applied, expected, "round {round}: each revision applied once: {outcomes:#?}");
        let current = ok(dir, &url, &["current"]);
        assert_eq!(current.stdout.trim(), format!("{HEAD} (head)"), "round {round}");
        let stderr: Vec<&str> = outcomes.iter().map(|o| o.stderr.as_str()).collect();
        assert!(stderr.iter().all(|e| !e.contains("already exists")), "round {round}");
    }
}
