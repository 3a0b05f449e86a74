//! Autogenerate against a real MySQL/MariaDB server, from schema files written the way
//! MySQL users write them: each case migrates from an empty database, upgrades, finds no
//! change afterwards, and (where the case says so) checks rows and the downgrade.

#![cfg(all(feature = "cli", feature = "mysql"))]

use std::path::Path;

use alambic::testing::{FreshDatabase, MYSQL_URL_VAR};

mod common;
use common::{alambic, ok};

/// Asserts that `check` finds the database matching `schema.sql`.
fn no_change(dir: &Path, url: &str) {
    let check = alambic(dir, url, &["check"]);
    let out = format!("{}{}", check.stdout, check.stderr);
    assert!(check.ok && out.contains("No new upgrade operations detected."), "{out}");
}

/// Writes `schema`, then init → migrate → upgrade → no change.
fn migrate_and_upgrade(dir: &Path, url: &str, schema: &str) {
    std::fs::write(dir.join("schema.sql"), schema).expect("schema");
    for args in [&["init"][..], &["migrate", "-m", "initial"], &["upgrade"]] {
        ok(dir, url, args);
    }
    no_change(dir, url);
}

/// Dumps the database with `mysqldump --no-data` and checks the dump, read as the desired
/// schema, against the database it came from. Skipped when mysqldump is not installed.
fn dump_is_no_change(dir: &Path, url: &str, database: &str) {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let (auth, hostpart) = rest.split_once('@').unwrap_or(("root", rest));
    let (user, password) = auth.split_once(':').unwrap_or((auth, ""));
    let hostport = hostpart.split('/').next().unwrap_or("127.0.0.1");
    let (host, port) = hostport.split_once(':').unwrap_or((hostport, "3306"));
    let mut dump = std::process::Command::new("mysqldump");
    dump.args(["--no-data", "--skip-comments", "-h", host, "-P", port, "-u", user]);
    if !password.is_empty() {
        dump.arg(format!("-p{password}"));
    }
    let Ok(out) = dump.arg(database).output() else { return };
    assert!(out.status.success(), "mysqldump failed: {}", String::from_utf8_lossy(&out.stderr));
    let dumped = String::from_utf8_lossy(&out.stdout).into_owned();
    std::fs::write(dir.join("dump.sql"), &dumped).expect("dump written");
    let check = alambic(dir, url, &["check", "--schema", "dump.sql"]);
    let text = format!("{}{}", check.stdout, check.stderr);
    assert!(check.ok && text.contains("No new upgrade operations detected."), "{text}\n--- dump ---\n{dumped}");
}

/// Runs one SQL statement on the database.
async fn exec(url: &str, sql: &str) {
    use sqlx::Connection;
    let mut conn = sqlx::MySqlConnection::connect(url).await.expect("connect");
    sqlx::raw_sql(sql).execute(&mut conn).await.expect(sql);
}

/// The first column of each row of `sql`, as text.
async fn query(url: &str, sql: &str) -> Vec<String> {
    use sqlx::{Connection, Row};
    let mut conn = sqlx::MySqlConnection::connect(url).await.expect("connect");
    let rows = sqlx::query(sql).fetch_all(&mut conn).await.expect(sql);
    rows.iter().map(|r| r.get::<String, _>(0)).collect()
}

#[tokio::test]
async fn a_prefix_index_round_trips_with_its_rows() {
    let suite = "mysql prefix index";
    let Some(db) = FreshDatabase::create(MYSQL_URL_VAR, suite).await else { return };
    let tmp = tempfile::tempdir().expect("tmp");
    // Spelled as people and mysqldump write them: bare and backticked, inline and apart,
    // unnamed, and a unique key on a prefix (which MySQL keeps as a unique index).
    let schema = "CREATE TABLE notes (
        id INT NOT NULL PRIMARY KEY,
        title VARCHAR(300) NOT NULL,
        body TEXT,
        code VARCHAR(40),
        KEY ix_notes_title (title(255)),
        KEY `ix_notes_id_body` (`id`, `body`(20)),
        KEY (code(8)),
        CONSTRAINT uq_notes_code UNIQUE (code(30))
    );
    CREATE UNIQUE INDEX ux_notes_body ON notes (body(100));";
    migrate_and_upgrade(tmp.path(), &db.url, schema);
    dump_is_no_change(tmp.path(), &db.url, &db.name);
    exec(&db.url, "INSERT INTO notes (id, title, body) VALUES (1, 'first', 'hello')").await;
    // Changing only the length is a change, and upgrading it keeps the rows.
    std::fs::write(tmp.path().join("schema.sql"), schema.replace("title(255)", "title(200)")).expect("schema");
    let run = ok(tmp.path(), &db.url, &["migrate", "-m", "shorter"]);
    assert!(run.stderr.contains("ix_notes_title"), "{}{}", run.stdout, run.stderr);
    ok(tmp.path(), &db.url, &["upgrade"]);
    no_change(tmp.path(), &db.url);
    let rows = query(&db.url, "SELECT title FROM notes WHERE id = 1").await;
    assert_eq!(rows, vec!["first".to_string()]);
    ok(tmp.path(), &db.url, &["downgrade", "base"]);
    db.drop_database().await.expect("drop");
}

#[tokio::test]
async fn integer_display_widths_unsigned_and_char_compare_as_stored() {
    let suite = "mysql integer widths and unsigned";
    let Some(db) = FreshDatabase::create(MYSQL_URL_VAR, suite).await else { return };
    let tmp = tempfile::tempdir().expect("tmp");
    let schema = "CREATE TABLE counters (
        id BIGINT(20) UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
        hits INT(11) UNSIGNED NOT NULL DEFAULT 0,
        total BIGINT UNSIGNED,
        small TINYINT,
        medium MEDIUMINT UNSIGNED,
        padded INT ZEROFILL,
        width INT(11),
        flag CHAR,
        price DECIMAL(10, 2) UNSIGNED
    );";
    migrate_and_upgrade(tmp.path(), &db.url, schema);
    dump_is_no_change(tmp.path(), &db.url, &db.name);
    // Nothing was lost on the way: the server has every modifier.
    let types = query(
        &db.url,
        "SELECT COLUMN_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() \
         AND TABLE_NAME = 'counters' ORDER BY ORDINAL_POSITION",
    )
    .await;
    let unsigned = |i: usize| types[i].contains("unsigned");
    assert!([0, 1, 2, 4, 5, 8].into_iter().all(unsigned), "{types:?}");
    assert!(types[5].contains("zerofill") && types[7].starts_with("char(1)"), "{types:?}");
    ok(tmp.path(), &db.url, &["downgrade", "base"]);
    db.drop_database().await.expect("drop");
}

/// The CHECK constraints of `table`, as the server names them.
async fn checks(url: &str, table: &str) -> Vec<String> {
    let sql = format!(
        "SELECT CONSTRAINT_NAME FROM information_schema.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = DATABASE() \
         AND TABLE_NAME = '{table}' AND CONSTRAINT_TYPE = 'CHECK' ORDER BY CONSTRAINT_NAME"
    );
    query(url, &sql).await
}

#[tokio::test]
async fn unnamed_checks_can_be_dropped_and_restored() {
    let suite = "mysql unnamed check";
    let Some(db) = FreshDatabase::create(MYSQL_URL_VAR, suite).await else { return };
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path();
    let with_check = "CREATE TABLE items (
        id INT NOT NULL PRIMARY KEY,
        qty INT NOT NULL CHECK (qty >= 0),
        price INT,
        CHECK (price > 0 AND note <> 'it''s'),
        note VARCHAR(20)
    );";
    let without = "CREATE TABLE items (id INT NOT NULL PRIMARY KEY, qty INT NOT NULL, price INT, note VARCHAR(20));";
    // Created with the table: the server names them, the downgrade drops the table.
    migrate_and_upgrade(dir, &db.url, with_check);
    assert_eq!(checks(&db.url, "items").await.len(), 2);
    // Dropped by the names the server gave them; the downgrade adds them back.
    std::fs::write(dir.join("schema.sql"), without).expect("schema");
    ok(dir, &db.url, &["migrate", "-m", "no checks"]);
    ok(dir, &db.url, &["upgrade"]);
    no_change(dir, &db.url);
    exec(&db.url, "INSERT INTO items (id, qty, price) VALUES (1, 2, 3)").await;
    ok(dir, &db.url, &["downgrade", "-1"]);
    assert_eq!(checks(&db.url, "items").await.len(), 2);
    ok(dir, &db.url, &["upgrade"]);
    // Added unnamed to an existing table: the downgrade finds them by their condition.
    std::fs::write(dir.join("schema.sql"), with_check).expect("schema");
    ok(dir, &db.url, &["migrate", "-m", "checks again"]);
    ok(dir, &db.url, &["upgrade"]);
    no_change(dir, &db.url);
    assert_eq!(checks(&db.url, "items").await.len(), 2);
    ok(dir, &db.url, &["downgrade", "-1"]);
    assert!(checks(&db.url, "items").await.is_empty());
    assert_eq!(query(&db.url, "SELECT CAST(qty AS CHAR) FROM items").await, vec!["2".to_string()]);
    ok(dir, &db.url, &["downgrade", "base"]);
    db.drop_database().await.expect("drop");
}

/// The indexes of `table`, by name.
async fn indexes(url: &str, table: &str) -> Vec<String> {
    let sql = format!(
        "SELECT DISTINCT INDEX_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() \
         AND TABLE_NAME = '{table}' AND INDEX_NAME <> 'PRIMARY' ORDER BY INDEX_NAME"
    );
    query(url, &sql).await
}

#[tokio::test]
async fn the_index_innodb_made_for_a_dropped_foreign_key_is_no_change() {
    let suite = "mysql foreign key index";
    let Some(db) = FreshDatabase::create(MYSQL_URL_VAR, suite).await else { return };
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path();
    let parent = "CREATE TABLE parent (id INT NOT NULL PRIMARY KEY);\n";
    // One named key and one the server names; InnoDB makes an index for each.
    let with_keys = format!(
        "{parent}CREATE TABLE child (
            id INT NOT NULL PRIMARY KEY,
            parent_id INT,
            other_id INT,
            CONSTRAINT fk_child_parent FOREIGN KEY (parent_id) REFERENCES parent (id),
            FOREIGN KEY (other_id) REFERENCES parent (id)
        );"
    );
    migrate_and_upgrade(dir, &db.url, &with_keys);
    assert_eq!(indexes(&db.url, "child").await.len(), 2);
    let without = format!("{parent}CREATE TABLE child (id INT NOT NULL PRIMARY KEY, parent_id INT, other_id INT);");
    std::fs::write(dir.join("schema.sql"), without).expect("schema");
    ok(dir, &db.url, &["migrate", "-m", "no keys"]);
    ok(dir, &db.url, &["upgrade"]);
    no_change(dir, &db.url);
    assert!(indexes(&db.url, "child").await.is_empty(), "the key's own index goes with it");
    ok(dir, &db.url, &["downgrade", "-1"]);
    assert_eq!(indexes(&db.url, "child").await.len(), 2);
    ok(dir, &db.url, &["downgrade", "base"]);
    db.drop_database().await.expect("drop");
}
