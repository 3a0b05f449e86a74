//! The inspection and bookkeeping commands through the binary: `heads`, `show`, `current`,
//! `stamp` (taking over a database made without alambic), `revision` (an empty script),
//! and relative targets.

// The projects these tests run on are SQLite files.
#![cfg(all(feature = "cli", feature = "sqlite"))]

mod common;
use common::{alambic, ok};

const SCHEMA: &str = "CREATE TABLE notes (id INTEGER NOT NULL PRIMARY KEY, body TEXT NOT NULL);\n";

#[test]
fn stamp_takes_over_a_database_made_without_alambic() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path();
    let url = format!("sqlite://{}", dir.join("app.db").display());
    std::fs::write(dir.join("schema.sql"), SCHEMA).expect("schema");
    ok(dir, &url, &["init"]);
    // The scripts are written against an empty scratch database ...
    let scratch = format!("sqlite://{}", dir.join("scratch.db").display());
    ok(dir, &scratch, &["migrate", "-m", "notes", "--rev-id", "a1b2c3d4e5f6"]);

    // ... while the real database already has the table, with rows, made by hand.
    let made = std::process::Command::new("sqlite3")
        .arg(dir.join("app.db"))
        .arg("CREATE TABLE notes (id INTEGER NOT NULL PRIMARY KEY, body TEXT NOT NULL); INSERT INTO notes VALUES (1, 'kept');")
        .status();
    if !made.is_ok_and(|s| s.success()) {
        // Without the sqlite3 tool, make it through alambic's own upgrade and forget it.
        ok(dir, &url, &["upgrade"]);
        ok(dir, &url, &["stamp", "base"]);
        assert_eq!(ok(dir, &url, &["current"]).stdout.trim(), "");
    }
    let stamped = ok(dir, &url, &["stamp", "head"]);
    assert!(stamped.stderr.contains("a1b2c3d4e5f6"), "{}", stamped.stderr);
    assert_eq!(ok(dir, &url, &["current"]).stdout.trim(), "a1b2c3d4e5f6 (head)");
    let again = ok(dir, &url, &["migrate", "-m", "nothing"]);
    assert!(again.stderr.contains("No changes in schema detected."), "{}", again.stderr);
    ok(dir, &url, &["stamp", "base"]);
    assert_eq!(ok(dir, &url, &["current"]).stdout.trim(), "");
}

#[test]
fn heads_show_and_relative_targets() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path();
    let url = format!("sqlite://{}", dir.join("app.db").display());
    std::fs::write(dir.join("schema.sql"), SCHEMA).expect("schema");
    ok(dir, &url, &["init"]);
    ok(dir, &url, &["migrate", "-m", "notes", "--rev-id", "111111111111"]);
    ok(dir, &url, &["upgrade"]);
    std::fs::write(dir.join("schema.sql"), SCHEMA.replace("NOT NULL)", "NOT NULL, title VARCHAR(80))"))
        .expect("schema");
    ok(dir, &url, &["migrate", "-m", "titles", "--rev-id", "222222222222"]);
    let empty = ok(dir, &url, &["revision", "-m", "by hand", "--rev-id", "333333333333"]);
    assert!(empty.stdout.contains("333333333333_by_hand.toml"), "{}", empty.stdout);

    assert_eq!(ok(dir, &url, &["heads"]).stdout.trim(), "333333333333 (head)");
    let show = ok(dir, &url, &["show", "2222"]);
    assert!(show.stdout.contains("Rev: 222222222222"), "{}", show.stdout);
    assert!(show.stdout.contains("Parent: 111111111111"), "{}", show.stdout);
    assert!(show.stdout.contains("titles"), "{}", show.stdout);

    let up = ok(dir, &url, &["upgrade", "+1"]);
    assert!(up.stderr.contains("Running upgrade 111111111111 -> 222222222222, titles"), "{}", up.stderr);
    assert_eq!(ok(dir, &url, &["current"]).stdout.trim(), "222222222222");
    ok(dir, &url, &["upgrade"]);
    assert_eq!(ok(dir, &url, &["current"]).stdout.trim(), "333333333333 (head)");
    let down = ok(dir, &url, &["downgrade", "-2"]);
    assert!(down.stderr.contains("Running downgrade 333333333333 -> 222222222222, by hand"), "{}", down.stderr);
    assert!(down.stderr.contains("Running downgrade 222222222222 -> 111111111111, titles"), "{}", down.stderr);
    assert_eq!(ok(dir, &url, &["current"]).stdout.trim(), "111111111111");
    let check = alambic(dir, &url, &["check"]);
    assert!(!check.ok && check.stderr.contains("Target database is not up to date."), "{}", check.stderr);
}

#[test]
fn branches_merge_and_edit() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path();
    let url = format!("sqlite://{}", dir.join("app.db").display());
    ok(dir, &url, &["init"]);
    ok(dir, &url, &["revision", "-m", "base", "--rev-id", "aaaaaaaaaaaa"]);
    ok(dir, &url, &["revision", "-m", "left", "--rev-id", "bbbbbbbbbbbb"]);
    // A second branch from the same parent, as two developers would make it.
    let left = dir.join("migrations/versions/bbbbbbbbbbbb_left.toml");
    let right = std::fs::read_to_string(&left)
        .expect("script")
        .replace("bbbbbbbbbbbb", "cccccccccccc")
        .replace("left", "right");
    std::fs::write(dir.join("migrations/versions/cccccccccccc_right.toml"), right).expect("script");

    let heads = ok(dir, &url, &["heads"]).stdout;
    assert_eq!(heads.lines().count(), 2, "{heads}");
    let branches = ok(dir, &url, &["branches"]).stdout;
    assert!(branches.contains("aaaaaaaaaaaa (branchpoint), base"), "{branches}");
    assert!(branches.contains("-> bbbbbbbbbbbb (head), left"), "{branches}");
    assert!(branches.contains("-> cccccccccccc (head), right"), "{branches}");

    ok(dir, &url, &["merge", "-m", "join", "--rev-id", "dddddddddddd"]);
    assert_eq!(ok(dir, &url, &["heads"]).stdout.trim(), "dddddddddddd (head)");
    let up = ok(dir, &url, &["upgrade"]);
    assert!(up.stderr.contains("Running upgrade bbbbbbbbbbbb, cccccccccccc -> dddddddddddd, join"), "{}", up.stderr);
    assert_eq!(ok(dir, &url, &["current"]).stdout.trim(), "dddddddddddd (head)");

    let edited = assert_cmd::Command::cargo_bin("alambic")
        .expect("binary")
        .current_dir(dir)
        .env("DATABASE_URL", &url)
        .env_remove("VISUAL")
        .env("EDITOR", "sed -i s/join/joined/")
        .args(["edit", "dddd"])
        .output()
        .expect("runs");
    assert!(edited.status.success(), "{}", String::from_utf8_lossy(&edited.stderr));
    let history = ok(dir, &url, &["history"]).stdout;
    assert!(history.contains("dddddddddddd (head), joined"), "{history}");
}

#[test]
fn graph_commands_read_headers_and_a_broken_operation_stops_only_what_runs_it() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path();
    let url = format!("sqlite://{}", dir.join("app.db").display());
    std::fs::write(dir.join("schema.sql"), SCHEMA).expect("schema");
    ok(dir, &url, &["init"]);
    ok(dir, &url, &["migrate", "-m", "notes", "--rev-id", "111111111111"]);
    ok(dir, &url, &["upgrade"]);
    let broken = dir.join("migrations/versions/222222222222_broken.toml");
    std::fs::write(
        &broken,
        "revision = \"222222222222\"\ndown_revision = \"111111111111\"\nmessage = \"broken\"\n\n\
         [[upgrade]]\nfly_away = { table = \"notes\" }\n",
    )
    .expect("script");
    assert_eq!(ok(dir, &url, &["current"]).stdout.trim(), "111111111111");
    assert_eq!(ok(dir, &url, &["heads"]).stdout.trim(), "222222222222 (head)");
    assert!(ok(dir, &url, &["history"]).stdout.contains("111111111111 -> 222222222222 (head), broken"));
    let up = alambic(dir, &url, &["upgrade"]);
    assert!(!up.ok, "{}", up.stderr);
    assert!(up.stderr.contains("222222222222_broken.toml: line 6: "), "{}", up.stderr);
    assert!(up.stderr.contains("fly_away"), "{}", up.stderr);
    let show = alambic(dir, &url, &["show", "2222"]);
    assert!(!show.ok && show.stderr.contains("222222222222_broken.toml: line 6: "), "{}", show.stderr);
    assert_eq!(ok(dir, &url, &["current"]).stdout.trim(), "111111111111");

    // A broken header stops every command, naming the file and line.
    std::fs::write(&broken, "revision = \"222222222222\"\ndown_revison = \"111111111111\"\n").expect("script");
    for args in [&["current"][..], &["heads"], &["history"], &["upgrade"]] {
        let run = alambic(dir, &url, args);
        assert!(!run.ok, "{args:?}");
        assert!(run.stderr.contains("222222222222_broken.toml: line 2: "), "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains("down_revison"), "{args:?}: {}", run.stderr);
    }
}
