//! Rust models as the desired schema: the seed's models write the same scripts as the
//! equivalent `schema.sql`, and a model set using every field type and attribute diffs as
//! empty after its upgrade, on every database.

use std::path::Path;

use alambic::command::{self, DesiredSchema, MoveOptions, Project, RevisionOptions};
use alambic::schema::Schema;
use alambic::testing::{FreshDatabase, MYSQL_URL_VAR, POSTGRES_URL_VAR};
use alambic::Model;

mod v1 {
    use alambic::Model;

    #[derive(Model)]
    #[alambic(table = "roles")]
    #[allow(dead_code)]
    pub struct Role {
        #[alambic(primary_key)]
        pub id: i32,
        #[alambic(length = 64, unique)]
        pub name: Option<String>,
    }

    #[derive(Model)]
    #[alambic(table = "users")]
    #[allow(dead_code)]
    pub struct User {
        #[alambic(primary_key)]
        pub id: i32,
        #[alambic(length = 64, unique, index)]
        pub username: Option<String>,
        #[alambic(references = "roles.id")]
        pub role_id: Option<i32>,
    }
}

mod v2 {
    use alambic::Model;

    #[derive(Model)]
    #[alambic(table = "users")]
    #[allow(dead_code)]
    pub struct User {
        #[alambic(primary_key)]
        pub id: i32,
        #[alambic(length = 64, unique, index)]
        pub username: Option<String>,
        #[alambic(references = "roles.id")]
        pub role_id: Option<i32>,
        #[alambic(length = 32, server_default = "''")]
        pub email: String,
    }
}

const SCHEMA_V1: &str = "\
CREATE TABLE roles (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(64) UNIQUE);
CREATE TABLE users (
    id INTEGER NOT NULL PRIMARY KEY,
    username VARCHAR(64),
    role_id INTEGER REFERENCES roles (id)
);
CREATE UNIQUE INDEX ix_users_username ON users (username);
";

const SCHEMA_V2: &str = "\
CREATE TABLE roles (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(64) UNIQUE);
CREATE TABLE users (
    id INTEGER NOT NULL PRIMARY KEY,
    username VARCHAR(64),
    role_id INTEGER REFERENCES roles (id),
    email VARCHAR(32) NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX ix_users_username ON users (username);
";

/// Stand-ins for the crates whose types the derive recognises by name.
#[allow(dead_code)]
mod ext {
    pub mod uuid {
        pub struct Uuid;
    }
    pub mod rust_decimal {
        pub struct Decimal;
    }
    pub mod serde_json {
        pub struct Value;
    }
    pub mod time {
        pub struct Date;
        pub struct PrimitiveDateTime;
        pub struct OffsetDateTime;
        pub struct Time;
    }
}

#[derive(Model)]
#[alambic(table = "owners")]
#[allow(dead_code)]
struct Owner {
    #[alambic(primary_key)]
    id: i32,
    #[alambic(length = 40, unique)]
    code: Option<String>,
}

/// Every field type and attribute that all three databases can hold.
#[derive(Model)]
#[alambic(table = "everything", comment = "one of each")]
#[alambic(index(name = "ix_everything_pair", columns("small", "whole"), unique))]
#[alambic(index(columns("big")))]
#[alambic(unique(name = "uq_everything_flag_label", columns("flag", "label")))]
#[alambic(unique(columns("single")))]
#[alambic(check(name = "ck_everything_small", expr = "small > 0"), check(expr = "whole < 100"))]
#[allow(dead_code)]
struct Everything {
    #[alambic(primary_key, autoincrement, comment = "surrogate key")]
    id: i64,
    small: i16,
    whole: Option<i32>,
    big: i64,
    flag: bool,
    #[alambic(length = 80)]
    label: String,
    body: String,
    single: f32,
    double: Option<f64>,
    bytes: Vec<u8>,
    naive_date: chrono::NaiveDate,
    date: ext::time::Date,
    naive_datetime: chrono::NaiveDateTime,
    primitive: ext::time::PrimitiveDateTime,
    utc: chrono::DateTime<chrono::Utc>,
    offset: ext::time::OffsetDateTime,
    naive_time: chrono::NaiveTime,
    time: ext::time::Time,
    uuid: Option<ext::uuid::Uuid>,
    #[alambic(precision = 10, scale = 2)]
    price: ext::rust_decimal::Decimal,
    #[alambic(precision = 8)]
    amount: ext::rust_decimal::Decimal,
    json: Option<ext::serde_json::Value>,
    #[alambic(column = "kind_name", length = 16, index)]
    kind: String,
    #[alambic(length = 30, index = "ix_custom_nick")]
    nick: Option<String>,
    #[alambic(references = "owners.id", on_delete = "cascade", on_update = "restrict")]
    owner_id: i32,
    #[alambic(length = 40, references = "owners.code", on_delete = "set null")]
    owner_code: Option<String>,
    #[alambic(check = "age >= 0", server_default = "0", comment = "years")]
    age: i32,
    #[alambic(sql_type = "VARCHAR(10)")]
    code: Option<String>,
    #[alambic(enum_values("sad", "ok", "happy"), enum_name = "mood")]
    mood: String,
    #[alambic(enum_values("a", "b"))]
    letter: Option<String>,
    #[alambic(skip)]
    cache: std::collections::HashMap<String, String>,
}

fn project(dir: &Path, url: &str, schema: DesiredSchema) -> Project {
    Project {
        directory: dir.join("migrations"),
        database_url: Some(url.to_string()),
        default_database_url: None,
        schema,
    }
}

/// The script's text without the lines that carry its creation time.
fn timeless(path: &Path) -> String {
    std::fs::read_to_string(path)
        .expect("script")
        .lines()
        .filter(|l| !l.starts_with("created =") && !l.starts_with("# Generated by"))
        .collect::<Vec<_>>()
        .join("\n")
}

async fn generate(dir: &Path, url: &str, first: DesiredSchema, second: DesiredSchema) -> (String, String) {
    command::init(&dir.join("migrations")).expect("init");
    let p = project(dir, url, first);
    let opts = RevisionOptions {
        message: Some("initial migration".into()),
        autogenerate: true,
        rev_id: Some("aaaaaaaaaaaa".into()),
    };
    let one = command::revision(&p, &opts).await.expect("migrate").expect("a script");
    command::upgrade(&p, "head", &MoveOptions::default()).await.expect("upgrade");
    let p = project(dir, url, second);
    let opts = RevisionOptions {
        message: Some("add email column to user table".into()),
        autogenerate: true,
        rev_id: Some("bbbbbbbbbbbb".into()),
    };
    let two = command::revision(&p, &opts).await.expect("migrate").expect("a script");
    (timeless(&one), timeless(&two))
}

async fn models_and_schema_file_agree(url_a: &str, url_b: &str) {
    let (a, b) = (tempfile::tempdir().expect("tmp"), tempfile::tempdir().expect("tmp"));
    let from_models = generate(
        a.path(),
        url_a,
        DesiredSchema::Provided(alambic::models![v1::Role, v1::User]),
        DesiredSchema::Provided(alambic::models![v1::Role, v2::User]),
    )
    .await;
    std::fs::write(b.path().join("v1.sql"), SCHEMA_V1).expect("write");
    std::fs::write(b.path().join("v2.sql"), SCHEMA_V2).expect("write");
    let from_sql = generate(
        b.path(),
        url_b,
        DesiredSchema::File(Some(b.path().join("v1.sql"))),
        DesiredSchema::File(Some(b.path().join("v2.sql"))),
    )
    .await;
    assert_eq!(from_models.0, from_sql.0);
    assert_eq!(from_models.1, from_sql.1);
    assert!(from_models.1.contains("add_column"), "{}", from_models.1);
}

#[tokio::test]
async fn seed_models_write_the_same_scripts_as_schema_sql_on_sqlite() {
    let tmp = tempfile::tempdir().expect("tmp");
    let a = format!("sqlite://{}", tmp.path().join("a.db").display());
    let b = format!("sqlite://{}", tmp.path().join("b.db").display());
    models_and_schema_file_agree(&a, &b).await;
}

#[tokio::test]
async fn seed_models_write_the_same_scripts_as_schema_sql_on_postgresql() {
    let Some(a) = FreshDatabase::create(POSTGRES_URL_VAR, "models vs schema.sql on PostgreSQL").await else { return };
    let b = FreshDatabase::create(POSTGRES_URL_VAR, "models vs schema.sql on PostgreSQL").await.expect("second db");
    models_and_schema_file_agree(&a.url, &b.url).await;
    a.drop_database().await.expect("drop");
    b.drop_database().await.expect("drop");
}

#[tokio::test]
async fn seed_models_write_the_same_scripts_as_schema_sql_on_mariadb() {
    let Some(a) = FreshDatabase::create(MYSQL_URL_VAR, "models vs schema.sql on MySQL/MariaDB").await else { return };
    let b = FreshDatabase::create(MYSQL_URL_VAR, "models vs schema.sql on MySQL/MariaDB").await.expect("second db");
    models_and_schema_file_agree(&a.url, &b.url).await;
    a.drop_database().await.expect("drop");
    b.drop_database().await.expect("drop");
}

fn every_model() -> Schema {
    alambic::models![Owner, Everything]
}

async fn unchanged_models_find_no_changes(url: &str) {
    let tmp = tempfile::tempdir().expect("tmp");
    command::init(&tmp.path().join("migrations")).expect("init");
    let p = project(tmp.path(), url, DesiredSchema::Provided(every_model()));
    let opts = RevisionOptions { message: Some("everything".into()), autogenerate: true, rev_id: None };
    command::revision(&p, &opts).await.expect("migrate").expect("a script");
    command::upgrade(&p, "head", &MoveOptions::default()).await.expect("upgrade");
    let again = command::revision(&p, &opts).await.expect("migrate again");
    let diff = command::diff(&p).await.expect("diff");
    let found: Vec<&str> = diff.changes.iter().map(|c| c.message.as_str()).collect();
    assert!(again.is_none(), "changes found after upgrade: {found:?}");
    command::downgrade(&p, "base", &MoveOptions::default()).await.expect("downgrade");
}

#[tokio::test]
async fn every_field_type_and_attribute_diffs_empty_on_sqlite() {
    let tmp = tempfile::tempdir().expect("tmp");
    unchanged_models_find_no_changes(&format!("sqlite://{}", tmp.path().join("m.db").display())).await;
}

#[tokio::test]
async fn every_field_type_and_attribute_diffs_empty_on_postgresql() {
    let Some(db) = FreshDatabase::create(POSTGRES_URL_VAR, "every model attribute on PostgreSQL").await else { return };
    unchanged_models_find_no_changes(&db.url).await;
    db.drop_database().await.expect("drop");
}

#[tokio::test]
async fn every_field_type_and_attribute_diffs_empty_on_mariadb() {
    let Some(db) = FreshDatabase::create(MYSQL_URL_VAR, "every model attribute on MySQL/MariaDB").await else { return };
    unchanged_models_find_no_changes(&db.url).await;
    db.drop_database().await.expect("drop");
}
