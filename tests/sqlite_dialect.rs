//! The SQLite dialect against real database files: rendered SQL (snapshots), every
//! operation's round trip (render, run, inspect, compare with `op.apply`, rows unchanged),
//! introspection of hand-written SQL, introspection cost, connection errors.

#![cfg(feature = "sqlite")]

use alambic::dialect::sqlite::{SqliteConnection, SqliteDialect};
use alambic::dialect::{normalize_sql, Connection, Dialect, DialectError};
use alambic::operation::*;
use alambic::schema::*;

fn col(name: &str, ty: ColumnType) -> Column {
    Column::new(name, ty)
}

fn roles() -> Table {
    Table {
        name: "roles".into(),
        columns: vec![col("id", ColumnType::Integer).not_null(), col("name", ColumnType::String(Some(64))).not_null()],
        primary_key: Some(PrimaryKey { name: None, columns: vec!["id".into()] }),
        unique_constraints: vec![UniqueConstraint {
            name: Some("uq_roles_name".into()),
            columns: vec!["name".into()],
            ..Default::default()
        }],
        ..Table::default()
    }
}

fn users() -> Table {
    Table {
        name: "users".into(),
        columns: vec![
            col("id", ColumnType::Integer).not_null(),
            col("username", ColumnType::String(Some(32))),
            col("email", ColumnType::String(Some(64))).not_null().default_sql("''"),
            col("age", ColumnType::Integer),
            col("role_id", ColumnType::Integer),
            col(
                "kind",
                ColumnType::Enum { name: Some("user_kind".into()), values: vec!["admin".into(), "member".into()] },
            )
            .not_null()
            .default_sql("'member'"),
            col("note", ColumnType::Text),
        ],
        primary_key: Some(PrimaryKey { name: None, columns: vec!["id".into()] }),
        indexes: vec![Index {
            name: "ix_users_username".into(),
            columns: vec!["username".into()],
            unique: false,
            descending: Vec::new(),
            predicate: None,
            ..Default::default()
        }],
        foreign_keys: vec![ForeignKey {
            name: Some("fk_users_role_id".into()),
            columns: vec!["role_id".into()],
            referred_table: "roles".into(),
            referred_columns: vec!["id".into()],
            on_delete: FkAction::SetNull,
            on_update: FkAction::NoAction,
            ..Default::default()
        }],
        check_constraints: vec![CheckConstraint { name: Some("ck_users_age".into()), expression: "age >= 0".into() }],
        ..Table::default()
    }
}

/// `roles` and `users` (users point at roles).
fn base() -> Schema {
    let mut s = Schema::new();
    s.insert(roles());
    s.insert(users());
    s
}

const SEED: &str = "INSERT INTO roles (id, name) VALUES (1, 'admin'), (2, 'staff');
INSERT INTO users (id, username, email, age, role_id, kind, note) VALUES
  (1, 'ann', 'ann@example.com', 30, 1, 'admin', 'first'),
  (2, NULL, '', NULL, 2, 'member', NULL),
  (3, 'cy', 'cy@example.com', 5, NULL, 'member', 'x');";

// ---------------------------------------------------------------- snapshot of rendered SQL

fn every_operation() -> Vec<(&'static str, Operation)> {
    let alter = |f: fn(&mut AlterColumn)| {
        let mut a = AlterColumn { table: "users".into(), name: "username".into(), ..AlterColumn::default() };
        f(&mut a);
        Operation::AlterColumn(a)
    };
    vec![
        (
            "create_table",
            Operation::CreateTable(Table {
                name: "posts".into(),
                columns: vec![
                    col("id", ColumnType::BigInteger).not_null(),
                    col("title", ColumnType::String(None)).not_null(),
                    col("body", ColumnType::Text),
                    col("published", ColumnType::Boolean).not_null().default_sql("0"),
                    col("day", ColumnType::Date),
                    col("at", ColumnType::DateTime { timezone: false }).default_sql("CURRENT_TIMESTAMP"),
                    col("at_tz", ColumnType::DateTime { timezone: true }),
                    col("clock", ColumnType::Time),
                    col("ratio", ColumnType::Float),
                    col("score", ColumnType::Double),
                    col("price", ColumnType::Numeric(Some(10), Some(2))),
                    col("raw", ColumnType::Binary),
                    col("meta", ColumnType::Json),
                    col("uid", ColumnType::Uuid),
                    col("small", ColumnType::SmallInteger),
                    col("odd", ColumnType::Raw("CITEXT".into())),
                    col("status", ColumnType::Enum { name: None, values: vec!["draft".into(), "it's out".into()] }),
                    col("author_id", ColumnType::Integer),
                ],
                primary_key: Some(PrimaryKey { name: Some("pk_posts".into()), columns: vec!["id".into()] }),
                indexes: vec![Index {
                    name: "ix_posts_title".into(),
                    columns: vec!["title".into(), "lower(body)".into()],
                    unique: true,
                    descending: Vec::new(),
                    predicate: None,
                    ..Default::default()
                }],
                unique_constraints: vec![UniqueConstraint {
                    name: None,
                    columns: vec!["uid".into()],
                    ..Default::default()
                }],
                foreign_keys: vec![ForeignKey {
                    name: None,
                    columns: vec!["author_id".into()],
                    referred_table: "users".into(),
                    referred_columns: vec!["id".into()],
                    on_delete: FkAction::Cascade,
                    on_update: FkAction::Restrict,
                    ..Default::default()
                }],
                check_constraints: vec![CheckConstraint { name: None, expression: "price > 0".into() }],
                comment: Some("blog posts".into()),
                ..Default::default()
            }),
        ),
        ("drop_table", Operation::DropTable(DropTable { name: "users".into() })),
        ("rename_table", Operation::RenameTable(RenameTable { from: "roles".into(), to: "groups".into() })),
        (
            "add_column_native",
            Operation::AddColumn(AddColumn {
                table: "users".into(),
                column: col("phone", ColumnType::String(Some(20))).not_null().default_sql("''"),
            }),
        ),
        (
            "add_column_rebuild",
            Operation::AddColumn(AddColumn {
                table: "users".into(),
                column: col("joined", ColumnType::DateTime { timezone: false })
                    .not_null()
                    .default_sql("CURRENT_TIMESTAMP"),
            }),
        ),
        ("drop_column_native", Operation::DropColumn(DropColumn { table: "users".into(), name: "note".into() })),
        ("drop_column_rebuild", Operation::DropColumn(DropColumn { table: "users".into(), name: "username".into() })),
        ("alter_column_rename", alter(|a| a.rename = Some("login".into()))),
        ("alter_column_comment", alter(|a| a.comment = Some("the login".into()))),
        ("alter_column_type", alter(|a| a.r#type = Some(ColumnType::String(Some(128))))),
        ("alter_column_not_null", alter(|a| a.nullable = Some(false))),
        ("alter_column_default", alter(|a| a.server_default = Some("'anon'".into()))),
        (
            "alter_column_rename_and_type",
            alter(|a| {
                a.rename = Some("login".into());
                a.r#type = Some(ColumnType::Text);
            }),
        ),
        (
            "create_index",
            Operation::CreateIndex(CreateIndex {
                table: "users".into(),
                index: Index {
                    name: "ix_users_email".into(),
                    columns: vec!["email".into()],
                    unique: true,
                    descending: Vec::new(),
                    predicate: None,
                    ..Default::default()
                },
            }),
        ),
        ("drop_index", Operation::DropIndex(DropIndex { table: "users".into(), name: "ix_users_username".into() })),
        (
            "create_primary_key",
            Operation::CreatePrimaryKey(CreatePrimaryKey {
                table: "users".into(),
                primary_key: PrimaryKey { name: None, columns: vec!["id".into(), "email".into()] },
            }),
        ),
        ("drop_primary_key", Operation::DropPrimaryKey(DropPrimaryKey { table: "users".into(), name: None })),
        (
            "add_unique_constraint",
            Operation::AddUniqueConstraint(AddUniqueConstraint {
                table: "users".into(),
                constraint: UniqueConstraint {
                    name: Some("uq_users_email".into()),
                    columns: vec!["email".into()],
                    ..Default::default()
                },
            }),
        ),
        (
            "drop_unique_constraint",
            Operation::DropUniqueConstraint(DropUniqueConstraint {
                table: "roles".into(),
                name: Some("uq_roles_name".into()),
                columns: vec![],
            }),
        ),
        (
            "add_foreign_key",
            Operation::AddForeignKey(AddForeignKey {
                table: "roles".into(),
                foreign_key: ForeignKey {
                    name: None,
                    columns: vec!["id".into()],
                    referred_table: "users".into(),
                    referred_columns: vec!["id".into()],
                    on_delete: FkAction::NoAction,
                    on_update: FkAction::Cascade,
                    ..Default::default()
                },
            }),
        ),
        (
            "drop_foreign_key",
            Operation::DropForeignKey(DropForeignKey {
                table: "users".into(),
                name: Some("fk_users_role_id".into()),
                columns: vec![],
            }),
        ),
        (
            "add_check_constraint",
            Operation::AddCheckConstraint(AddCheckConstraint {
                table: "users".into(),
                check: CheckConstraint { name: Some("ck_users_email".into()), expression: "email <> 'root'".into() },
            }),
        ),
        (
            "drop_check_constraint",
            Operation::DropCheckConstraint(DropCheckConstraint {
                table: "users".into(),
                name: Some("ck_users_age".into()),
                expression: None,
            }),
        ),
        (
            "set_table_comment",
            Operation::SetTableComment(SetTableComment { table: "users".into(), comment: Some("people".into()) }),
        ),
        (
            "execute",
            Operation::Execute(Execute {
                sql: Some("UPDATE users SET note = 'all'".into()),
                per_dialect: [(
                    "sqlite".to_string(),
                    "UPDATE users SET note = 'sqlite'; UPDATE roles SET name = name".to_string(),
                )]
                .into_iter()
                .collect(),
            }),
        ),
        (
            "execute_for_another_database",
            Operation::Execute(Execute {
                sql: None,
                per_dialect: [("postgresql".to_string(), "VACUUM ANALYZE".to_string())].into_iter().collect(),
            }),
        ),
    ]
}

#[test]
fn every_operation_renders_the_expected_sql() {
    let before = base();
    let mut out = String::new();
    for (label, op) in every_operation() {
        let sql = SqliteDialect.render(&op, &before).unwrap_or_else(|e| panic!("{label}: {e}"));
        out.push_str(&format!("-- {label}\n"));
        for s in sql {
            out.push_str(&s);
            out.push_str(";\n");
        }
        out.push('\n');
    }
    insta::assert_snapshot!(out);
}

// ---------------------------------------------------------------- helpers on real files

struct Db {
    _dir: tempfile::TempDir,
    url: String,
}

fn new_db() -> Db {
    let dir = tempfile::tempdir().expect("tempdir");
    let url = format!("sqlite://{}", dir.path().join("app.db").display());
    Db { _dir: dir, url }
}

async fn open(db: &Db) -> SqliteConnection {
    SqliteConnection::connect(&db.url).await.expect("connect")
}

/// Creates `schema` in the database (with rendered `CreateTable`s) and runs `seed`.
async fn create(conn: &mut SqliteConnection, schema: &Schema, seed: &str) {
    let mut done = Schema::new();
    for t in schema.tables.values() {
        let op = Operation::CreateTable(t.clone());
        for sql in SqliteDialect.render(&op, &done).expect("render create") {
            conn.execute(&sql).await.expect("create table");
        }
        op.apply(&mut done).expect("apply create");
    }
    if !seed.is_empty() {
        conn.execute(seed).await.expect("seed rows");
    }
}

/// The schema as the SQLite dialect compares it: no comments, no autoincrement flag, no
/// enum type names, folded SQL text, objects in a fixed order.
fn comparable(schema: &Schema) -> Schema {
    let mut s = schema.clone();
    for t in s.tables.values_mut() {
        t.comment = None;
        for c in &mut t.columns {
            c.comment = None;
            c.autoincrement = false;
            c.server_default = c.server_default.as_deref().map(normalize_sql);
            if let ColumnType::Enum { name, .. } = &mut c.r#type {
                *name = None;
            }
        }
        t.indexes.sort_by(|a, b| a.name.cmp(&b.name));
        t.unique_constraints.sort_by(|a, b| a.columns.cmp(&b.columns));
        t.foreign_keys.sort_by(|a, b| a.columns.cmp(&b.columns));
        for c in &mut t.check_constraints {
            c.expression = normalize_sql(&c.expression);
        }
        t.check_constraints.sort_by(|a, b| a.expression.cmp(&b.expression));
    }
    s
}

fn assert_same_schema(want: &Schema, got: &Schema, context: &str) {
    assert_eq!(comparable(got), comparable(want), "{context}: inspected schema differs from the expected one");
}

/// Every row of every table, as text that keeps each value's type (`quote()`), per table,
/// for the columns named (all of the table's columns by default).
async fn rows(conn: &mut SqliteConnection, schema: &Schema) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    for t in schema.tables.values() {
        out.push((
            t.name.clone(),
            rows_of(conn, &t.name, &t.columns.iter().map(|c| c.name.as_str()).collect::<Vec<_>>()).await,
        ));
    }
    out
}

async fn rows_of(conn: &mut SqliteConnection, table: &str, columns: &[&str]) -> Vec<String> {
    let expr = columns.iter().map(|c| format!("quote(\"{c}\")")).collect::<Vec<_>>().join(" || '|' || ");
    conn.fetch_strings(&format!("SELECT {expr} AS r FROM \"{table}\" ORDER BY r")).await.expect("read rows")
}

/// Renders `op` against `before`, runs it in a transaction on a database holding `before`
/// and the seed rows, checks integrity, and asserts the inspected schema is `op.apply(before)`.
/// Returns the connection for row checks.
async fn round_trip(db: &Db, before: &Schema, seed: &str, op: &Operation) -> SqliteConnection {
    let mut conn = open(db).await;
    create(&mut conn, before, seed).await;
    let want = apply_all(before, std::slice::from_ref(op)).expect("op applies");
    let sql = SqliteDialect.render(op, before).expect("render op");
    conn.begin().await.expect("begin");
    for s in &sql {
        conn.execute(s).await.unwrap_or_else(|e| panic!("{op:?}: {e}"));
    }
    conn.check_integrity().await.unwrap_or_else(|e| panic!("{op:?}: {e}"));
    conn.commit().await.expect("commit");
    let got = conn.inspect(&[]).await.expect("inspect");
    assert_same_schema(&want, &got, &format!("{op:?}"));
    conn
}

/// Runs `op` on the base schema with rows and asserts that every row of every table that
/// keeps its name keeps the values of the columns that keep their name.
/// Like [`round_trip_keeps_rows`], then runs the inverse and checks the start is back
/// (schema and the rows of what survived both ways).
async fn round_trip_keeps_rows(op: Operation) {
    there_and_back(op, true).await
}

/// Only the way there: for an operation whose inverse does not fit the rows.
async fn forward_keeps_rows(op: Operation) {
    there_and_back(op, false).await
}

async fn there_and_back(op: Operation, back: bool) {
    let db = new_db();
    let before = base();
    let reference_db = new_db();
    let mut reference = open(&reference_db).await;
    create(&mut reference, &before, SEED).await;
    let mut conn = round_trip(&db, &before, SEED, &op).await;
    let after = apply_all(&before, std::slice::from_ref(&op)).expect("op applies");
    assert_rows_kept(&mut conn, &mut reference, &before, &after, &format!("{op:?}")).await;

    if !back {
        return;
    }
    // And back: the inverse brings the schema back, and the rows of what survived both ways.
    let undo = op.inverse(&before).expect("inverse");
    let mut schema = after.clone();
    conn.begin().await.expect("begin");
    for u in &undo {
        for sql in SqliteDialect.render(u, &schema).expect("render inverse") {
            conn.execute(&sql).await.unwrap_or_else(|e| panic!("inverse of {op:?}: {e}"));
        }
        u.apply(&mut schema).expect("inverse applies");
    }
    conn.check_integrity().await.unwrap_or_else(|e| panic!("inverse of {op:?}: {e}"));
    conn.commit().await.expect("commit");
    let got = conn.inspect(&[]).await.expect("inspect");
    // A dropped column comes back last, as on every database: order aside, all is back.
    let by_name = |s: &Schema| {
        let mut s = comparable(s);
        s.tables.values_mut().for_each(|t| t.columns.sort_by(|a, b| a.name.cmp(&b.name)));
        s
    };
    assert_eq!(by_name(&got), by_name(&before), "inverse of {op:?}: inspected schema differs from the start");
    assert_rows_kept(&mut conn, &mut reference, &after, &before, &format!("inverse of {op:?}")).await;
}

/// Rows of the columns `now` (the current schema of `conn`) shares with `then` equal those
/// of the untouched `reference` database.
async fn assert_rows_kept(
    conn: &mut SqliteConnection,
    reference: &mut SqliteConnection,
    then: &Schema,
    now: &Schema,
    context: &str,
) {
    let start = base();
    for t in now.tables.values() {
        let (Some(old), Some(orig)) = (then.table(&t.name), start.table(&t.name)) else { continue };
        let common: Vec<&str> = t
            .columns
            .iter()
            .filter(|c| old.column(&c.name).is_some() && orig.column(&c.name).is_some())
            .map(|c| c.name.as_str())
            .collect();
        if common.is_empty() {
            continue;
        }
        assert_eq!(
            rows_of(conn, &t.name, &common).await,
            rows_of(reference, &t.name, &common).await,
            "{context}: rows of {} changed",
            t.name
        );
    }
}

fn alter(f: impl FnOnce(&mut AlterColumn)) -> Operation {
    let mut a = AlterColumn { table: "users".into(), name: "username".into(), ..AlterColumn::default() };
    f(&mut a);
    Operation::AlterColumn(a)
}

// ---------------------------------------------------------------- round trips

#[tokio::test]
async fn every_operation_round_trips_and_keeps_rows() {
    for (label, op) in every_operation() {
        eprintln!("round trip: {label}");
        match label {
            // A NULL username does not fit NOT NULL: see its own test.
            "alter_column_not_null" => continue,
            // Raw SQL changes rows on purpose.
            "execute_for_another_database" => forward_keeps_rows(op).await,
            "execute" => {
                let db = new_db();
                let mut conn = round_trip(&db, &base(), SEED, &op).await;
                assert_eq!(rows_of(&mut conn, "users", &["note"]).await, ["'sqlite'"; 3]);
            }
            _ => round_trip_keeps_rows(op).await,
        }
    }
}

#[tokio::test]
async fn created_tables_read_back_as_declared() {
    let db = new_db();
    let mut conn = open(&db).await;
    create(&mut conn, &base(), SEED).await;
    let got = conn.inspect(&[]).await.expect("inspect");
    assert_same_schema(&base(), &got, "base schema");
    let users = got.table("users").expect("users");
    assert_eq!(
        users.column("kind").map(|c| c.r#type.clone()),
        Some(ColumnType::Enum { name: None, values: vec!["admin".into(), "member".into()] }),
        "an enum's check is read back as its type"
    );
    assert!(users.check_constraints.iter().all(|c| !c.expression.contains("admin")));
    assert!(SqliteDialect.types_equal(
        &ColumnType::Enum { name: Some("user_kind".into()), values: vec!["admin".into(), "member".into()] },
        &users.column("kind").expect("kind").r#type,
    ));
}

#[tokio::test]
async fn type_change_not_null_on_full_column_and_default_keep_rows() {
    round_trip_keeps_rows(alter(|a| a.r#type = Some(ColumnType::String(Some(255))))).await;
    round_trip_keeps_rows(alter(|a| {
        a.name = "email".into();
        a.server_default = Some("'none'".into());
    }))
    .await;
    round_trip_keeps_rows(alter(|a| {
        a.name = "age".into();
        a.r#type = Some(ColumnType::BigInteger);
        a.server_default = Some("0".into());
    }))
    .await;
    round_trip_keeps_rows(alter(|a| {
        a.name = "email".into();
        a.nullable = Some(true);
        a.drop_server_default = true;
    }))
    .await;
    round_trip_keeps_rows(alter(|a| {
        a.name = "note".into();
        a.r#type = Some(ColumnType::Enum { name: None, values: vec!["first".into(), "x".into()] });
    }))
    .await;
}

#[tokio::test]
async fn not_null_on_a_column_holding_null_fails_and_rolls_back() {
    let db = new_db();
    let before = base();
    let mut conn = open(&db).await;
    create(&mut conn, &before, SEED).await;
    let rows_before = rows(&mut conn, &before).await;
    let op = alter(|a| a.nullable = Some(false));
    let sql = SqliteDialect.render(&op, &before).expect("render");
    assert!(sql.iter().any(|s| s.starts_with("INSERT INTO")), "a rebuild: {sql:?}");
    conn.begin().await.expect("begin");
    let mut failed = None;
    for s in &sql {
        if let Err(e) = conn.execute(s).await {
            failed = Some(e);
            break;
        }
    }
    let err = failed.expect("copying a NULL into a NOT NULL column must fail");
    assert!(err.to_string().contains("NOT NULL"), "{err}");
    conn.rollback().await.expect("rollback");
    assert_same_schema(&before, &conn.inspect(&[]).await.expect("inspect"), "after rollback");
    assert_eq!(rows(&mut conn, &before).await, rows_before);
}

#[tokio::test]
async fn primary_key_change_keeps_rows() {
    // A nullable INTEGER key reads back as declared (the rowid is never NULL anyway).
    let mut nullable_key = Schema::new();
    let mut t = Table::new("tags");
    t.columns = vec![col("id", ColumnType::Integer), col("label", ColumnType::Text)];
    t.primary_key = Some(PrimaryKey { name: None, columns: vec!["id".into()] });
    nullable_key.insert(t);
    let db = new_db();
    round_trip(
        &db,
        &nullable_key,
        "INSERT INTO tags (label) VALUES ('a')",
        &Operation::AlterColumn(AlterColumn {
            table: "tags".into(),
            name: "label".into(),
            nullable: Some(false),
            ..AlterColumn::default()
        }),
    )
    .await;

    let before = base();
    let drop = Operation::DropPrimaryKey(DropPrimaryKey { table: "users".into(), name: None });
    let mid = apply_all(&before, std::slice::from_ref(&drop)).expect("drop pk");
    round_trip_keeps_rows(drop).await;
    let db = new_db();
    let create_pk = Operation::CreatePrimaryKey(CreatePrimaryKey {
        table: "users".into(),
        primary_key: PrimaryKey { name: Some("pk_users".into()), columns: vec!["email".into(), "id".into()] },
    });
    let mut conn = round_trip(&db, &mid, SEED, &create_pk).await;
    assert_eq!(rows_of(&mut conn, "users", &["id", "username", "email"]).await.len(), 3);
    let got = conn.inspect(&[]).await.expect("inspect");
    assert_eq!(got.table("users").and_then(|t| t.primary_key.clone()).and_then(|pk| pk.name), Some("pk_users".into()));
}

#[tokio::test]
async fn constraints_added_and_dropped_keep_rows() {
    let ops = vec![
        Operation::AddUniqueConstraint(AddUniqueConstraint {
            table: "users".into(),
            constraint: UniqueConstraint {
                name: None,
                columns: vec!["id".into(), "email".into()],
                ..Default::default()
            },
        }),
        Operation::DropUniqueConstraint(DropUniqueConstraint {
            table: "roles".into(),
            name: None,
            columns: vec!["name".into()],
        }),
        Operation::AddForeignKey(AddForeignKey {
            table: "users".into(),
            foreign_key: ForeignKey {
                name: Some("fk_users_self".into()),
                columns: vec!["age".into()],
                referred_table: "users".into(),
                referred_columns: vec!["id".into()],
                on_delete: FkAction::Cascade,
                on_update: FkAction::SetDefault,
                ..Default::default()
            },
        }),
        Operation::DropForeignKey(DropForeignKey {
            table: "users".into(),
            name: None,
            columns: vec!["role_id".into()],
        }),
        Operation::AddCheckConstraint(AddCheckConstraint {
            table: "users".into(),
            check: CheckConstraint { name: None, expression: "length(email) < 100".into() },
        }),
        Operation::DropCheckConstraint(DropCheckConstraint {
            table: "users".into(),
            name: None,
            expression: Some("age >= 0".into()),
        }),
    ];
    for op in ops {
        if let Operation::AddForeignKey(_) = op {
            // Ages 30 and 5 are no user ids: the integrity check must say so.
            let db = new_db();
            let before = base();
            let mut conn = open(&db).await;
            create(&mut conn, &before, SEED).await;
            conn.begin().await.expect("begin");
            for s in SqliteDialect.render(&op, &before).expect("render") {
                conn.execute(&s).await.expect("rebuild");
            }
            let err = conn.check_integrity().await.expect_err("dangling keys are found");
            assert!(matches!(err, DialectError::Integrity { .. }), "{err}");
            assert!(err.to_string().contains("users rowid"), "{err}");
            conn.rollback().await.expect("rollback");
            let seed_ok = SEED.replace("30, 1, 'admin'", "NULL, 1, 'admin'").replace("5, NULL", "1, NULL");
            let db = new_db();
            let mut conn = round_trip(&db, &before, &seed_ok, &op).await;
            assert_eq!(rows_of(&mut conn, "users", &["id", "age"]).await, ["1|NULL", "2|NULL", "3|1"]);
            continue;
        }
        round_trip_keeps_rows(op).await;
    }
}

#[tokio::test]
async fn rebuilding_a_referenced_table_keeps_its_children_valid() {
    // roles is pointed at by users; change a roles column so roles is rebuilt.
    let op = Operation::AlterColumn(AlterColumn {
        table: "roles".into(),
        name: "name".into(),
        r#type: Some(ColumnType::Text),
        ..AlterColumn::default()
    });
    let sql = SqliteDialect.render(&op, &base()).expect("render");
    assert!(sql.iter().any(|s| s == "DROP TABLE \"roles\""), "{sql:?}");
    round_trip_keeps_rows(op).await;
    // Renaming the referenced column natively rewrites the child's foreign key.
    let rename = Operation::AlterColumn(AlterColumn {
        table: "roles".into(),
        name: "id".into(),
        rename: Some("role_id".into()),
        r#type: Some(ColumnType::BigInteger),
        ..AlterColumn::default()
    });
    round_trip_keeps_rows(rename).await;
}

#[tokio::test]
async fn dropping_an_indexed_column_rebuilds_and_keeps_rows() {
    let op = Operation::DropColumn(DropColumn { table: "users".into(), name: "username".into() });
    assert!(SqliteDialect.render(&op, &base()).expect("render").iter().any(|s| s.contains("_alambic_tmp_users")));
    round_trip_keeps_rows(op).await;
    // An enum column's own check goes with it: still a native drop.
    let op = Operation::DropColumn(DropColumn { table: "users".into(), name: "kind".into() });
    assert_eq!(SqliteDialect.render(&op, &base()).expect("render"), ["ALTER TABLE \"users\" DROP COLUMN \"kind\""]);
    round_trip_keeps_rows(op).await;
    // A column another table's foreign key points at is rebuilt away, not dropped natively.
    // (Its inverse re-adds a NOT NULL column with no default to a table with rows: that
    // must fail, and does; only the way there is checked here.)
    let op = Operation::DropColumn(DropColumn { table: "roles".into(), name: "name".into() });
    assert!(SqliteDialect.render(&op, &base()).expect("render").iter().any(|s| s.contains("_alambic_tmp_roles")));
    forward_keeps_rows(op).await;
}

#[tokio::test]
async fn an_enum_column_is_added_natively_and_read_back_as_an_enum() {
    let op = Operation::AddColumn(AddColumn {
        table: "roles".into(),
        column: col("level", ColumnType::Enum { name: Some("lvl".into()), values: vec!["low".into(), "high".into()] })
            .not_null()
            .default_sql("'low'"),
    });
    let sql = SqliteDialect.render(&op, &base()).expect("render");
    assert_eq!(sql, ["ALTER TABLE \"roles\" ADD COLUMN \"level\" VARCHAR(4) NOT NULL DEFAULT 'low' CHECK (\"level\" IN ('low', 'high'))"]);
    let db = new_db();
    let mut conn = round_trip(&db, &base(), SEED, &op).await;
    assert_eq!(rows_of(&mut conn, "roles", &["id", "level"]).await, ["1|'low'", "2|'low'"]);
}

// ---------------------------------------------------------------- introspection

#[tokio::test]
async fn hand_written_sql_reads_as_the_neutral_schema() {
    let db = new_db();
    let mut conn = open(&db).await;
    conn.execute(
        "CREATE TABLE teams (id INTEGER NOT NULL PRIMARY KEY, code TEXT UNIQUE);
         CREATE TABLE members (
            id INTEGER NOT NULL PRIMARY KEY,
            name VARCHAR (64) NOT NULL DEFAULT '',
            visits INT NOT NULL DEFAULT 0,
            created DATETIME DEFAULT CURRENT_TIMESTAMP,
            team_id INTEGER CONSTRAINT fk_team REFERENCES teams,
            CONSTRAINT uq_name UNIQUE (name, team_id),
            CHECK (visits >= 0)
         );
         CREATE INDEX ix_members_created ON members (created);",
    )
    .await
    .expect("plain SQL");
    let got = conn.inspect(&[]).await.expect("inspect");
    let mut want = Schema::new();
    want.insert(Table {
        name: "teams".into(),
        columns: vec![
            Column { autoincrement: true, ..col("id", ColumnType::Integer).not_null() },
            col("code", ColumnType::Text),
        ],
        primary_key: Some(PrimaryKey { name: None, columns: vec!["id".into()] }),
        unique_constraints: vec![UniqueConstraint { name: None, columns: vec!["code".into()], ..Default::default() }],
        ..Table::default()
    });
    want.insert(Table {
        name: "members".into(),
        columns: vec![
            Column { autoincrement: true, ..col("id", ColumnType::Integer).not_null() },
            col("name", ColumnType::String(Some(64))).not_null().default_sql("''"),
            col("visits", ColumnType::Integer).not_null().default_sql("0"),
            col("created", ColumnType::DateTime { timezone: false }).default_sql("CURRENT_TIMESTAMP"),
            col("team_id", ColumnType::Integer),
        ],
        primary_key: Some(PrimaryKey { name: None, columns: vec!["id".into()] }),
        indexes: vec![Index {
            name: "ix_members_created".into(),
            columns: vec!["created".into()],
            unique: false,
            descending: Vec::new(),
            predicate: None,
            ..Default::default()
        }],
        unique_constraints: vec![UniqueConstraint {
            name: Some("uq_name".into()),
            columns: vec!["name".into(), "team_id".into()],
            ..Default::default()
        }],
        foreign_keys: vec![ForeignKey {
            name: Some("fk_team".into()),
            columns: vec!["team_id".into()],
            referred_table: "teams".into(),
            referred_columns: vec!["id".into()],
            on_delete: FkAction::NoAction,
            on_update: FkAction::NoAction,
            ..Default::default()
        }],
        check_constraints: vec![CheckConstraint { name: None, expression: "visits >= 0".into() }],
        comment: None,
        ..Default::default()
    });
    assert_eq!(got, want);
    let skipped = conn.inspect(&["teams"]).await.expect("inspect");
    assert_eq!(skipped.tables.keys().collect::<Vec<_>>(), ["members"]);
}

async fn inspect_cost(tables: usize) -> u64 {
    let db = new_db();
    let mut conn = open(&db).await;
    let mut sql = String::from("CREATE TABLE t0 (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(10) UNIQUE);");
    for n in 1..tables {
        sql.push_str(&format!(
            "CREATE TABLE t{n} (id INTEGER NOT NULL PRIMARY KEY, parent_id INTEGER REFERENCES t{} (id), name VARCHAR(10) UNIQUE, CHECK (id > 0));
             CREATE INDEX ix_t{n}_parent ON t{n} (parent_id);",
            n - 1
        ));
    }
    conn.execute(&sql).await.expect("create tables");
    let start = conn.statements_sent();
    let schema = conn.inspect(&[]).await.expect("inspect");
    assert_eq!(schema.tables.len(), tables);
    assert!(schema.tables.values().skip(1).all(|t| t.foreign_keys.len() == 1 && t.indexes.len() == 1));
    conn.statements_sent() - start
}

#[tokio::test]
async fn inspect_costs_the_same_for_10_and_200_tables() {
    let small = inspect_cost(10).await;
    let large = inspect_cost(200).await;
    assert_eq!(small, large);
    assert!(small <= 4, "{small} queries");
}

// ---------------------------------------------------------------- connection

#[tokio::test]
async fn a_missing_directory_is_an_error_naming_the_url() {
    let dir = tempfile::tempdir().expect("tempdir");
    let url = format!("sqlite://{}", dir.path().join("no/such/dir/app.db").display());
    let err = SqliteConnection::connect(&url).await.expect_err("no directory, no database");
    assert!(matches!(err, DialectError::Connect { .. }), "{err}");
    assert!(err.to_string().contains(&url), "{err}");
}

#[tokio::test]
async fn every_url_spelling_opens_a_database() {
    let dir = tempfile::tempdir().expect("tempdir");
    let abs = dir.path().join("abs.db");
    for url in
        [format!("sqlite://{}", abs.display()), format!("sqlite:{}", abs.display()), "sqlite::memory:".to_string()]
    {
        let mut conn = SqliteConnection::connect(&url).await.unwrap_or_else(|e| panic!("{url}: {e}"));
        conn.execute("CREATE TABLE IF NOT EXISTS t (x INTEGER)").await.expect("create");
        assert!(conn.table_exists("t").await.expect("exists"));
        assert!(!conn.table_exists("nope").await.expect("exists"));
    }
    assert!(abs.exists(), "the file is created");
}

#[tokio::test]
async fn two_migrators_cannot_interleave() {
    let db = new_db();
    let mut a = open(&db).await;
    let mut b = open(&db).await;
    a.execute("PRAGMA busy_timeout = 0").await.expect("pragma");
    b.execute("PRAGMA busy_timeout = 0").await.expect("pragma");
    a.begin().await.expect("first write transaction");
    assert!(b.begin().await.is_err(), "a second write transaction must wait");
    a.commit().await.expect("commit");
    b.begin().await.expect("free again");
    b.rollback().await.expect("rollback");
    assert!(a.statements_sent() >= 3);
}

#[test]
fn named_types_are_unsupported_naming_the_type() {
    let year = TypeDef::Domain(Domain::new(ColumnType::Integer));
    let mut before = Schema::new();
    before.types.insert("year".into(), year.clone());
    let ops = [
        Operation::CreateType(CreateType { name: "year".into(), definition: year.clone() }),
        Operation::AlterType(AlterType { name: "year".into(), from: year.clone(), to: year }),
        Operation::DropType(DropType { name: "year".into() }),
    ];
    for op in ops {
        let err = SqliteDialect.render(&op, &before).expect_err("no named types");
        assert!(matches!(err, DialectError::Unsupported { .. }), "{err}");
        assert!(err.to_string().contains("named type 'year'"), "{err}");
    }
}
