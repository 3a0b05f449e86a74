//! What the CLI test files share: running the `alambic` binary in a directory against a
//! database, and the seed's schema (`tests/fixtures/seed/schema.sql`).

// Each test file uses a different part of this module.
#![allow(dead_code)]

use std::path::Path;

pub mod corpus;
pub mod dump;
pub mod matrix;

use assert_cmd::Command;

/// The seed's first schema: roles, users, and the unique username index. The one copy the
/// tests share (also read by `examples/walkthrough.rs` and `src/source/tests.rs`).
pub const SEED_SCHEMA: &str = include_str!("../fixtures/seed/schema.sql");

/// The seed's schema with `email VARCHAR(32) NOT NULL DEFAULT ''` added to users.
pub fn seed_schema_with_email() -> String {
    SEED_SCHEMA.replace(
        "role_id INTEGER REFERENCES roles (id)",
        "role_id INTEGER REFERENCES roles (id),\n    email VARCHAR(32) NOT NULL DEFAULT ''",
    )
}

/// What one run of the binary did.
pub struct Run {
    /// Whether it exited 0.
    pub ok: bool,
    /// Standard output.
    pub stdout: String,
    /// Standard error (the log and any `FAILED:` line).
    pub stderr: String,
}

/// Runs `alambic ARGS` in `dir` with `DATABASE_URL=url`.
pub fn alambic(dir: &Path, url: &str, args: &[&str]) -> Run {
    let out = Command::cargo_bin("alambic")
        .expect("binary builds")
        .current_dir(dir)
        .env("DATABASE_URL", url)
        .env_remove("RUST_LOG")
        .args(args)
        .output()
        .expect("binary runs");
    Run {
        ok: out.status.success(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Runs `alambic ARGS` and fails the test, showing its output, unless it succeeds.
pub fn ok(dir: &Path, url: &str, args: &[&str]) -> Run {
    let run = alambic(dir, url, args);
    assert!(run.ok, "alambic {args:?} failed:\n{}\n{}", run.stdout, run.stderr);
    run
}

/// The lines of a run's log that report a detected change, sorted.
pub fn detected(log: &str) -> Vec<String> {
    let mut lines: Vec<String> =
        log.lines().filter_map(|l| l.split_once("Detected ").map(|(_, d)| format!("Detected {d}"))).collect();
    lines.sort();
    lines
}

/// `check` finds nothing to change; `context` says at which step.
pub fn assert_no_change(dir: &Path, url: &str, context: &str) {
    let check = alambic(dir, url, &["check"]);
    assert!(check.ok, "{context}: changes found\n{}{}", check.stdout, check.stderr);
    assert!(check.stdout.contains("No new upgrade operations detected."), "{context}: {}", check.stdout);
}
