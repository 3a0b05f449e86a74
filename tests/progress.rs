//! The progress bar of a many-revision upgrade: drawn on a terminal (a pseudo-terminal
//! made by util-linux `script`), absent from a pipe, and the log lines the same in both.

#![cfg(all(feature = "cli", feature = "sqlite"))]

use std::path::Path;

mod common;
use common::ok;

fn write_chain(dir: &Path, n: usize) {
    for i in 1..=n {
        let down = if i == 1 { "[]".to_string() } else { format!("\"c{:011}\"", i - 1) };
        let text = format!(
            "revision = \"c{i:011}\"\ndown_revision = {down}\nmessage = \"t{i}\"\n\n\
             [[upgrade]]\nexecute = {{ sql = \"CREATE TABLE t{i} (id INTEGER)\" }}\n\n\
             [[downgrade]]\nexecute = {{ sql = \"DROP TABLE t{i}\" }}\n"
        );
        std::fs::write(dir.join(format!("migrations/versions/c{i:011}_t.toml")), text).expect("script");
    }
}

/// The log lines of a run's output, terminal controls and bar drawings taken out.
fn log_lines(output: &str) -> Vec<String> {
    output
        .split(['\r', '\n'])
        .filter_map(|l| l.find("INFO  [").map(|at| l[at..].to_string()))
        .filter(|l| l.contains("Running "))
        .collect()
}

#[test]
fn a_progress_bar_on_a_terminal_only_with_the_same_log_lines() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path();
    let url = format!("sqlite://{}", dir.join("app.db").display());
    ok(dir, &url, &["init"]);
    write_chain(dir, 12);

    let piped = ok(dir, &url, &["upgrade"]);
    assert!(!piped.stderr.contains("revisions"), "{}", piped.stderr);
    assert_eq!(log_lines(&piped.stderr).len(), 12, "{}", piped.stderr);
    ok(dir, &url, &["downgrade", "base"]);

    let binary = env!("CARGO_BIN_EXE_alambic");
    let on_tty = std::process::Command::new("script")
        .args(["-qec", &format!("{binary} upgrade"), "/dev/null"])
        .current_dir(dir)
        .env("DATABASE_URL", &url)
        .env_remove("RUST_LOG")
        .output()
        .expect("util-linux script runs");
    assert!(on_tty.status.success());
    let out = String::from_utf8_lossy(&on_tty.stdout);
    assert!(out.contains("/12 revisions"), "{out}");
    assert_eq!(log_lines(&out), log_lines(&piped.stderr));
    assert_eq!(ok(dir, &url, &["current"]).stdout.trim(), "c00000000012 (head)");
}
