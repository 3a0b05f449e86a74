//! A Rust model and the `schema.sql` that says the same thing give the same schema: index
//! and key options in the generic spelling, and every feature a model can declare in the
//! spellings of PostgreSQL (identity, generated, collation, NULLs order, INCLUDE, methods,
//! NULLS NOT DISTINCT, deferrable keys, MATCH FULL) and MySQL/MariaDB (character sets,
//! collations, ON UPDATE, virtual columns, table options), PostgreSQL exclusion
//! constraints, domains and enum types declared beside the models, and SQLite's `STRICT`
//! and `WITHOUT ROWID`. A server round trip (migrate → upgrade → migrate) finds no change
//! for each of them.

use std::path::Path;

use alambic::command::{self, DesiredSchema, MoveOptions, Project, RevisionOptions};
use alambic::schema::Schema;
use alambic::source::parse_schema_sql;
use alambic::Model;

#[derive(Model)]
#[alambic(
    table = "booking",
    index(name = "ix_booking_recent", columns("starts", "room"), desc("starts")),
    index(name = "ix_booking_open", columns("room"), predicate = "room > 0"),
    index(name = "ix_booking_room_starts", columns("room", "starts"), unique, desc("starts")),
    unique(name = "uq_booking_note", columns("note"))
)]
#[allow(dead_code)]
struct Booking {
    #[alambic(primary_key)]
    id: i32,
    #[alambic(references = "rooms.id", on_delete = "cascade")]
    room: Option<i32>,
    starts: Option<i32>,
    #[alambic(length = 64)]
    note: Option<String>,
}

#[derive(Model)]
#[alambic(table = "rooms")]
#[allow(dead_code)]
struct Room {
    #[alambic(primary_key)]
    id: i32,
}

const SCHEMA_SQL: &str = "
CREATE TABLE rooms (id INTEGER NOT NULL PRIMARY KEY);
CREATE TABLE booking (
    id INTEGER NOT NULL PRIMARY KEY,
    room INTEGER REFERENCES rooms (id) ON DELETE CASCADE,
    starts INTEGER,
    note VARCHAR(64),
    CONSTRAINT uq_booking_note UNIQUE (note)
);
CREATE INDEX ix_booking_recent ON booking (starts DESC, room);
CREATE INDEX ix_booking_open ON booking (room) WHERE room > 0;
CREATE UNIQUE INDEX ix_booking_room_starts ON booking (room, starts DESC);
";

#[test]
fn index_and_key_options_of_a_model_read_as_their_schema_sql() {
    let from_sql = parse_schema_sql(Path::new("schema.sql"), SCHEMA_SQL, None).expect("schema.sql reads");
    assert!(from_sql.notes.is_empty(), "{:?}", from_sql.notes);
    let models: Schema = alambic::models![Room, Booking];
    assert_eq!(models, from_sql.schema);
}

/// Every column and key feature PostgreSQL has, as a model.
#[cfg(feature = "postgres")]
mod pg {
    use alambic::model::{DomainBuilder, NamedType};
    use alambic::schema::{ColumnType, TypeDef};
    use alambic::{DbEnum, Model};

    /// An enum type a column uses: the column carries it.
    #[derive(DbEnum)]
    #[allow(dead_code)]
    pub enum Mood {
        Sad,
        #[alambic(label = "so-so")]
        SoSo,
        Happy,
    }

    /// An enum type no column uses: an object of its own.
    #[derive(DbEnum)]
    #[alambic(type_name = "room_kind")]
    #[allow(dead_code)]
    pub enum Kind {
        Single,
        DoubleBed,
    }

    /// A domain, declared by hand.
    pub struct Floor;

    impl NamedType for Floor {
        fn type_name() -> String {
            "floor".into()
        }
        fn type_def() -> TypeDef {
            DomainBuilder::new(ColumnType::Integer)
                .not_null()
                .default_sql("0")
                .check_named("floor_range", "VALUE BETWEEN -5 AND 200")
                .build()
        }
    }

    #[derive(Model)]
    #[alambic(
        table = "stays",
        exclude(name = "no_double_booking", method = "gist", element("during", "&&"), predicate = "NOT cancelled"),
        exclude(method = "GiST", element("during", "&&"), predicate = "cancelled", initially_deferred)
    )]
    #[allow(dead_code)]
    pub struct Stay {
        #[alambic(primary_key)]
        pub id: i32,
        #[alambic(sql_type = "tsrange")]
        pub during: String,
        pub cancelled: bool,
        #[alambic(named_type)]
        pub room_floor: Floor,
        #[alambic(named_type)]
        pub mood: Option<Mood>,
    }

    pub const TYPES_SQL: &str = "
CREATE TYPE mood AS ENUM ('sad', 'so-so', 'happy');
CREATE TYPE room_kind AS ENUM ('single', 'double_bed');
CREATE DOMAIN floor AS INTEGER NOT NULL DEFAULT 0 CONSTRAINT floor_range CHECK (VALUE BETWEEN -5 AND 200);
CREATE TABLE stays (
    id INTEGER NOT NULL PRIMARY KEY,
    during TSRANGE NOT NULL,
    cancelled BOOLEAN NOT NULL,
    room_floor floor NOT NULL,
    mood mood,
    CONSTRAINT no_double_booking EXCLUDE USING gist (during WITH &&) WHERE (NOT cancelled),
    EXCLUDE USING gist (during WITH &&) WHERE (cancelled) DEFERRABLE INITIALLY DEFERRED
);
";

    /// The models with their named types.
    pub fn schema() -> alambic::schema::Schema {
        alambic::models![Stay; types: Mood, Kind, Floor]
    }

    #[derive(Model)]
    #[alambic(
        table = "booking",
        index(name = "ix_booking_recent", columns("starts", "room"), desc("starts"), nulls_last("starts")),
        index(name = "ix_booking_room_incl", columns("room"), include("note"), nulls_first("room")),
        index(name = "ix_booking_note_hash", columns("note"), method = "hash"),
        index(name = "ix_booking_pair", columns("room", "starts"), unique, nulls_not_distinct),
        index(name = "ix_booking_note_pattern", columns("room", "note"), opclass("note", "text_pattern_ops")),
        unique(name = "uq_booking_note", columns("note"), nulls_not_distinct, initially_deferred)
    )]
    #[allow(dead_code)]
    pub struct Booking {
        #[alambic(primary_key, identity(always, start = 10, increment = 5))]
        pub id: i64,
        #[alambic(references = "rooms.id", deferrable, match_full)]
        pub room: Option<i32>,
        pub starts: Option<i32>,
        #[alambic(sql_type = "TEXT", collation = "C")]
        pub note: Option<String>,
        #[alambic(generated = "starts * 2", stored)]
        pub twice: Option<i32>,
    }

    #[derive(Model)]
    #[alambic(table = "rooms")]
    #[allow(dead_code)]
    pub struct Room {
        #[alambic(primary_key, identity)]
        pub id: i32,
    }

    pub const SCHEMA_SQL: &str = r#"
CREATE TABLE rooms (id INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY);
CREATE TABLE booking (
    id BIGINT GENERATED ALWAYS AS IDENTITY (START WITH 10 INCREMENT BY 5) PRIMARY KEY,
    room INTEGER REFERENCES rooms (id) MATCH FULL DEFERRABLE INITIALLY IMMEDIATE,
    starts INTEGER,
    note TEXT COLLATE "C",
    twice INTEGER GENERATED ALWAYS AS (starts * 2) STORED,
    CONSTRAINT uq_booking_note UNIQUE NULLS NOT DISTINCT (note) DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX ix_booking_recent ON booking (starts DESC NULLS LAST, room);
CREATE INDEX ix_booking_room_incl ON booking (room NULLS FIRST) INCLUDE (note);
CREATE INDEX ix_booking_note_hash ON booking USING hash (note);
CREATE UNIQUE INDEX ix_booking_pair ON booking (room, starts) NULLS NOT DISTINCT;
CREATE INDEX ix_booking_note_pattern ON booking (room, note text_pattern_ops);
"#;
}

#[cfg(feature = "postgres")]
#[test]
fn every_postgresql_feature_of_a_model_reads_as_its_schema_sql() {
    use alambic::dialect::postgres::PostgresDialect;
    let from_sql =
        parse_schema_sql(Path::new("schema.sql"), pg::SCHEMA_SQL, Some(&PostgresDialect)).expect("schema.sql reads");
    assert!(from_sql.notes.is_empty(), "{:?}", from_sql.notes);
    let models: Schema = alambic::models![pg::Room, pg::Booking];
    for (name, table) in &models.tables {
        assert_eq!(Some(table), from_sql.schema.tables.get(name), "table {name}");
    }
    assert_eq!(models, from_sql.schema);
}

#[cfg(feature = "postgres")]
#[test]
fn exclusion_constraints_domains_and_enum_types_of_models_read_as_their_schema_sql() {
    use alambic::dialect::postgres::PostgresDialect;
    use alambic::model::NamedType;
    let from_sql =
        parse_schema_sql(Path::new("schema.sql"), pg::TYPES_SQL, Some(&PostgresDialect)).expect("schema.sql reads");
    assert!(from_sql.notes.is_empty(), "{:?}", from_sql.notes);
    let models = pg::schema();
    assert_eq!(models.table("stays"), from_sql.schema.table("stays"));
    assert_eq!(models, from_sql.schema);
    // The enum type a column uses is carried by the column only; the unused one and the
    // domain are objects of their own.
    assert_eq!(models.types.keys().collect::<Vec<_>>(), ["floor", "room_kind"]);
    assert_eq!(
        <pg::Mood as NamedType>::type_def(),
        alambic::schema::TypeDef::Enum(vec!["sad".into(), "so-so".into(), "happy".into()])
    );
}

/// SQLite's table options, as a model.
#[cfg(feature = "sqlite")]
mod lite {
    use alambic::Model;

    #[derive(Model)]
    #[alambic(table = "kv", without_rowid, strict)]
    #[allow(dead_code)]
    pub struct Kv {
        #[alambic(primary_key, sql_type = "TEXT")]
        pub k: String,
        #[alambic(sql_type = "BLOB")]
        pub v: Option<Vec<u8>>,
    }

    #[derive(Model)]
    #[alambic(table = "counts", strict)]
    #[allow(dead_code)]
    pub struct Count {
        #[alambic(primary_key)]
        pub id: i32,
        #[alambic(sql_type = "INTEGER")]
        pub n: i32,
    }

    pub const SCHEMA_SQL: &str = "
CREATE TABLE kv (k TEXT NOT NULL PRIMARY KEY, v BLOB) WITHOUT ROWID, STRICT;
CREATE TABLE counts (id INTEGER NOT NULL PRIMARY KEY, n INTEGER NOT NULL) STRICT;
";
}

#[cfg(feature = "sqlite")]
#[test]
fn sqlite_table_options_of_a_model_read_as_their_schema_sql() {
    use alambic::dialect::sqlite::SqliteDialect;
    let from_sql =
        parse_schema_sql(Path::new("schema.sql"), lite::SCHEMA_SQL, Some(&SqliteDialect)).expect("schema.sql reads");
    assert!(from_sql.notes.is_empty(), "{:?}", from_sql.notes);
    let models: Schema = alambic::models![lite::Kv, lite::Count];
    assert_eq!(models.table("kv").map(|t| t.options.clone()), Some(vec!["WITHOUT ROWID".into(), "STRICT".into()]));
    assert_eq!(models, from_sql.schema);
}

/// Every column feature MySQL/MariaDB has, as a model.
#[cfg(feature = "mysql")]
mod my {
    use alambic::Model;

    #[derive(Model)]
    #[alambic(table = "notes", charset = "utf8mb4", collation = "utf8mb4_bin")]
    #[allow(dead_code)]
    pub struct Note {
        #[alambic(primary_key, autoincrement)]
        pub id: i32,
        #[alambic(length = 64, charset = "latin1", collation = "latin1_swedish_ci")]
        pub title: Option<String>,
        #[alambic(sql_type = "DATETIME", server_default = "CURRENT_TIMESTAMP", on_update = "CURRENT_TIMESTAMP")]
        pub changed: Option<String>,
        #[alambic(generated = "id * 2")]
        pub twice: Option<i32>,
    }

    pub const SCHEMA_SQL: &str = "
CREATE TABLE notes (
    id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    title VARCHAR(64) CHARACTER SET latin1 COLLATE latin1_swedish_ci,
    changed DATETIME NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
    twice INT GENERATED ALWAYS AS (id * 2) VIRTUAL
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
";
}

#[cfg(feature = "mysql")]
#[test]
fn every_mysql_feature_of_a_model_reads_as_its_schema_sql() {
    use alambic::dialect::mysql::MySqlDialect;
    let from_sql =
        parse_schema_sql(Path::new("schema.sql"), my::SCHEMA_SQL, Some(&MySqlDialect)).expect("schema.sql reads");
    assert!(from_sql.notes.is_empty(), "{:?}", from_sql.notes);
    let models: Schema = alambic::models![my::Note];
    assert_eq!(models, from_sql.schema);
}

fn project(dir: &Path, url: &str, models: Schema) -> Project {
    Project {
        directory: dir.join("migrations"),
        database_url: Some(url.to_string()),
        default_database_url: None,
        schema: DesiredSchema::Provided(models),
    }
}

/// Migrate, upgrade, migrate again: the second finds no change. Returns the project, at head.
async fn round_trip(dir: &Path, url: &str, models: Schema) -> Project {
    command::init(&dir.join("migrations")).expect("init");
    let p = project(dir, url, models);
    let opts = RevisionOptions { message: Some("models".into()), autogenerate: true, rev_id: None };
    command::revision(&p, &opts).await.expect("migrate").expect("a script");
    command::upgrade(&p, "head", &MoveOptions::default()).await.expect("upgrade");
    let diff = command::diff(&p).await.expect("diff");
    let found: Vec<&str> = diff.changes.iter().map(|c| c.message.as_str()).collect();
    assert!(found.is_empty(), "changes found after upgrade: {found:?}");
    assert!(command::revision(&p, &opts).await.expect("migrate again").is_none());
    p
}

#[cfg(feature = "sqlite")]
#[tokio::test]
async fn sqlite_strict_and_without_rowid_models_round_trip() {
    use sqlx::Connection;
    let tmp = tempfile::tempdir().expect("tmp");
    let file = tmp.path().join("m.db");
    let url = format!("sqlite://{}", file.display());
    let p = round_trip(tmp.path(), &url, alambic::models![lite::Kv, lite::Count]).await;
    let mut conn = sqlx::SqliteConnection::connect(&url).await.expect("connect");
    let sql: Vec<String> = sqlx::query_scalar(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name IN ('kv', 'counts') ORDER BY name",
    )
    .fetch_all(&mut conn)
    .await
    .expect("sqlite_master");
    let ends = |i: usize, options: &str| sql[i].trim_end().ends_with(&format!(") {options}"));
    assert!(ends(0, "STRICT") && ends(1, "WITHOUT ROWID, STRICT"), "{sql:?}");
    // STRICT refuses a value of the wrong type.
    let wrong = sqlx::query("INSERT INTO counts (id, n) VALUES (1, 'many')").execute(&mut conn).await;
    assert!(wrong.is_err(), "a STRICT table took text in an INTEGER column");
    conn.close().await.expect("close");
    command::downgrade(&p, "base", &MoveOptions::default()).await.expect("downgrade");
}

#[cfg(feature = "postgres")]
#[tokio::test]
async fn postgresql_exclusion_domain_and_enum_type_models_round_trip() {
    use alambic::testing::{FreshDatabase, POSTGRES_URL_VAR};
    use sqlx::Connection;
    let Some(db) = FreshDatabase::create(POSTGRES_URL_VAR, "model exclusion constraints and named types").await else {
        return;
    };
    let tmp = tempfile::tempdir().expect("tmp");
    let p = round_trip(tmp.path(), &db.url, pg::schema()).await;
    let mut conn = sqlx::PgConnection::connect(&db.url).await.expect("connect");
    let insert = "INSERT INTO stays (id, during, cancelled, mood) VALUES ($1, $2::tsrange, $3, 'so-so')";
    let stay =
        |id: i32, during: &'static str, cancelled: bool| sqlx::query(insert).bind(id).bind(during).bind(cancelled);
    stay(1, "[2026-01-01,2026-01-05)", false).execute(&mut conn).await.expect("first stay");
    stay(2, "[2026-01-03,2026-01-04)", true).execute(&mut conn).await.expect("a cancelled stay may overlap");
    let clash = stay(3, "[2026-01-02,2026-01-03)", false).execute(&mut conn).await;
    assert!(clash.is_err(), "the exclusion constraint let two stays overlap");
    let kinds: Vec<String> = sqlx::query_scalar("SELECT unnest(enum_range(NULL::room_kind))::text")
        .fetch_all(&mut conn)
        .await
        .expect("enum");
    assert_eq!(kinds, ["single", "double_bed"]);
    let floors: Vec<i32> =
        sqlx::query_scalar("SELECT room_floor FROM stays ORDER BY id").fetch_all(&mut conn).await.expect("rows");
    assert_eq!(floors, [0, 0], "the domain's default fills the column");
    conn.close().await.expect("close");
    command::downgrade(&p, "base", &MoveOptions::default()).await.expect("downgrade");
    db.drop_database().await.expect("drop");
}

#[cfg(feature = "mysql")]
#[tokio::test]
async fn mariadb_on_update_model_round_trips() {
    use alambic::testing::{FreshDatabase, MYSQL_URL_VAR};
    use sqlx::Connection;
    let Some(db) = FreshDatabase::create(MYSQL_URL_VAR, "model ON UPDATE").await else { return };
    let tmp = tempfile::tempdir().expect("tmp");
    let p = round_trip(tmp.path(), &db.url, alambic::models![my::Note]).await;
    let mut conn = sqlx::MySqlConnection::connect(&db.url).await.expect("connect");
    sqlx::query("INSERT INTO notes (id, title, changed) VALUES (1, 'a', '2000-01-01 00:00:00')")
        .execute(&mut conn)
        .await
        .expect("insert");
    sqlx::query("UPDATE notes SET title = 'b' WHERE id = 1").execute(&mut conn).await.expect("update");
    let (title, changed): (String, String) =
        sqlx::query_as("SELECT title, CAST(changed AS CHAR) FROM notes WHERE id = 1")
            .fetch_one(&mut conn)
            .await
            .expect("row");
    assert_eq!(title, "b");
    assert_ne!(changed, "2000-01-01 00:00:00", "ON UPDATE did not set the column");
    conn.close().await.expect("close");
    command::downgrade(&p, "base", &MoveOptions::default()).await.expect("downgrade");
    db.drop_database().await.expect("drop");
}
