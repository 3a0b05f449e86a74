//! `upgrade --sql` / `downgrade --sql`: the SQL a DBA would run, per dialect, with no
//! database at all (the schema at the start is replayed from the scripts).

#![cfg(feature = "cli")]

use assert_cmd::Command;

const SCRIPT_1: &str = r#"revision = "aaaaaaaaaaaa"
message = "initial migration"

[[upgrade]]
[upgrade.create_table]
name = "roles"
columns = [
    { name = "id", type = "integer", nullable = false },
    { name = "name", type = "string(64)" },
]
primary_key = { columns = ["id"] }
unique_constraints = [{ columns = ["name"] }]

[[downgrade]]
drop_table = { name = "roles" }
"#;

const SCRIPT_2: &str = r#"revision = "bbbbbbbbbbbb"
down_revision = "aaaaaaaaaaaa"
message = "add a description"

[[upgrade]]
add_column = { table = "roles", name = "description", type = "text", nullable = false, server_default = "''" }

[[upgrade]]
alter_column = { table = "roles", name = "name", type = "string(128)", nullable = false }

[[downgrade]]
alter_column = { table = "roles", name = "name", type = "string(64)", nullable = true }

[[downgrade]]
drop_column = { table = "roles", name = "description" }
"#;

fn sql(url: &str, args: &[&str]) -> String {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path();
    Command::cargo_bin("alambic").expect("binary").current_dir(dir).args(["init"]).assert().success();
    std::fs::write(dir.join("migrations/versions/aaaaaaaaaaaa_initial_migration.toml"), SCRIPT_1).expect("script");
    std::fs::write(dir.join("migrations/versions/bbbbbbbbbbbb_add_a_description.toml"), SCRIPT_2).expect("script");
    let out = Command::cargo_bin("alambic")
        .expect("binary")
        .current_dir(dir)
        .env("DATABASE_URL", url)
        .args(args)
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf-8")
}

#[test]
fn upgrade_sql_per_dialect() {
    // No server is contacted: these hosts do not exist.
    #[cfg(feature = "sqlite")]
    insta::assert_snapshot!("upgrade_sqlite", sql("sqlite://never-opened.db", &["upgrade", "--sql"]));
    #[cfg(feature = "postgres")]
    insta::assert_snapshot!("upgrade_postgresql", sql("postgresql://nobody@nowhere.invalid/db", &["upgrade", "--sql"]));
    #[cfg(feature = "mysql")]
    insta::assert_snapshot!("upgrade_mysql", sql("mysql://nobody@nowhere.invalid/db", &["upgrade", "--sql"]));
}

#[cfg(feature = "postgres")]
#[test]
fn downgrade_sql_from_a_range() {
    insta::assert_snapshot!(
        "downgrade_postgresql_range",
        sql("postgresql://nobody@nowhere.invalid/db", &["downgrade", "--sql", "bbbbbbbbbbbb:aaaaaaaaaaaa"])
    );
}
