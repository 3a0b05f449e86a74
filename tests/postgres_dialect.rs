//! The PostgreSQL dialect: rendered SQL for every operation (offline snapshots), and round
//! trips against a real server — create a schema, fill it, run one operation in a
//! transaction, read the catalog back, compare with the operation applied in memory, check
//! the rows, then run the inverse and come back to the start.
//!
//! Server tests need `ALAMBIC_TEST_POSTGRES_URL` and skip loudly without it.

#![cfg(feature = "postgres")]

use alambic::dialect::postgres::{PostgresConnection, PostgresDialect};
use alambic::dialect::{Connection, Dialect, DialectError};
use alambic::operation::*;
use alambic::schema::*;
use alambic::testing::{FreshDatabase, POSTGRES_URL_VAR};

const SUITE: &str = "postgres dialect";

fn s(v: &str) -> String {
    v.to_string()
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}

/// `"User"`: mixed-case name, reserved-word column, named enum, comments, identity.
fn users() -> Table {
    Table {
        name: s("User"),
        columns: vec![
            Column { autoincrement: true, ..Column::new("id", ColumnType::Integer).not_null() },
            Column::new("order", ColumnType::Integer).not_null().default_sql("0"),
            Column {
                comment: Some(s("login name")),
                ..Column::new("name", ColumnType::String(Some(64))).not_null().default_sql("''")
            },
            Column::new("mood", ColumnType::Enum { name: Some(s("mood")), values: strings(&["happy", "it's ok"]) }),
            Column::new("created_at", ColumnType::DateTime { timezone: true }).default_sql("CURRENT_TIMESTAMP"),
            Column::new("score", ColumnType::Numeric(Some(10), Some(2))),
        ],
        primary_key: Some(PrimaryKey { name: None, columns: strings(&["id"]) }),
        indexes: vec![Index {
            name: s("ix_User_created_at"),
            columns: strings(&["created_at"]),
            unique: false,
            descending: Vec::new(),
            predicate: None,
            ..Default::default()
        }],
        unique_constraints: vec![UniqueConstraint {
            name: Some(s("uq_User_name")),
            columns: strings(&["name"]),
            ..Default::default()
        }],
        check_constraints: vec![CheckConstraint { name: Some(s("ck_User_order")), expression: s("\"order\" >= 0") }],
        comment: Some(s("people who log in")),
        ..Table::default()
    }
}

/// `posts`: unnamed enum with a default, cascading foreign key, unnamed constraints.
fn posts() -> Table {
    Table {
        name: s("posts"),
        columns: vec![
            Column { autoincrement: true, ..Column::new("id", ColumnType::BigInteger).not_null() },
            Column::new("user_id", ColumnType::Integer).not_null(),
            Column::new("title", ColumnType::Text),
            Column::new("status", ColumnType::Enum { name: None, values: strings(&["draft", "published"]) })
                .default_sql("'draft'"),
            Column::new("flag", ColumnType::Boolean).not_null().default_sql("false"),
            Column::new("body", ColumnType::Json),
            Column::new("token", ColumnType::Uuid),
        ],
        primary_key: Some(PrimaryKey { name: None, columns: strings(&["id"]) }),
        foreign_keys: vec![ForeignKey {
            name: Some(s("fk_posts_user")),
            columns: strings(&["user_id"]),
            referred_table: s("User"),
            referred_columns: strings(&["id"]),
            on_delete: FkAction::Cascade,
            on_update: FkAction::NoAction,
            ..Default::default()
        }],
        unique_constraints: vec![UniqueConstraint { name: None, columns: strings(&["token"]), ..Default::default() }],
        check_constraints: vec![CheckConstraint { name: None, expression: s("user_id > 0") }],
        ..Table::default()
    }
}

fn base() -> Schema {
    let mut schema = Schema::new();
    schema.insert(users());
    schema.insert(posts());
    schema
}

const ROWS: &str = r#"
INSERT INTO "User" ("order", name, mood) VALUES (1, 'ann', 'happy'), (2, 'bob', 'it''s ok');
INSERT INTO posts (user_id, title, status, token) VALUES
    (1, 'a', 'draft', '00000000-0000-0000-0000-000000000001'),
    (1, 'b', 'published', '00000000-0000-0000-0000-000000000002'),
    (2, 'a', DEFAULT, NULL);
"#;

/// One operation on the base schema, with the table renames it makes (for row counts).
struct Case {
    name: &'static str,
    op: Operation,
}

fn alter(table: &str, name: &str) -> AlterColumn {
    AlterColumn { table: s(table), name: s(name), ..AlterColumn::default() }
}

fn cases() -> Vec<Case> {
    let tags = Table {
        name: s("tags"),
        columns: vec![
            Column { autoincrement: true, ..Column::new("id", ColumnType::SmallInteger).not_null() },
            Column::new("label", ColumnType::String(None)).not_null(),
            Column::new("kind", ColumnType::Enum { name: None, values: strings(&["a", "b"]) }),
            Column::new("user_id", ColumnType::Integer),
            Column::new("weight", ColumnType::Float).default_sql("1.5"),
            Column::new("ratio", ColumnType::Double),
            Column::new("born", ColumnType::Date),
            Column::new("at", ColumnType::Time),
            Column::new("seen", ColumnType::DateTime { timezone: false }).default_sql("now()"),
            Column::new("data", ColumnType::Binary),
            Column::new("n", ColumnType::Integer).default_sql("-1"),
            Column::new("mood", ColumnType::Enum { name: Some(s("mood")), values: strings(&["happy", "it's ok"]) }),
            Column::new("extra", ColumnType::Raw(s("JSONB"))),
        ],
        primary_key: Some(PrimaryKey { name: Some(s("pk_tags")), columns: strings(&["id"]) }),
        indexes: vec![Index {
            name: s("ix_tags_lower_label"),
            columns: strings(&["lower((label)::text)"]),
            unique: true,
            descending: Vec::new(),
            predicate: None,
            ..Default::default()
        }],
        unique_constraints: vec![UniqueConstraint {
            name: None,
            columns: strings(&["label", "kind"]),
            ..Default::default()
        }],
        foreign_keys: vec![ForeignKey {
            name: None,
            columns: strings(&["user_id"]),
            referred_table: s("User"),
            referred_columns: strings(&["id"]),
            on_delete: FkAction::SetNull,
            on_update: FkAction::Cascade,
            ..Default::default()
        }],
        check_constraints: vec![CheckConstraint {
            name: None,
            expression: s("kind IN ('a', 'b') AND n BETWEEN -1 AND 10 AND length(label) > 0"),
        }],
        comment: Some(s("labels")),
        ..Default::default()
    };
    vec![
        Case { name: "create_table", op: Operation::CreateTable(tags) },
        Case { name: "drop_table", op: Operation::DropTable(DropTable { name: s("posts") }) },
        Case { name: "rename_table", op: Operation::RenameTable(RenameTable { from: s("posts"), to: s("Articles") }) },
        Case {
            name: "add_column",
            op: Operation::AddColumn(AddColumn {
                table: s("User"),
                column: Column {
                    comment: Some(s("where to write")),
                    ..Column::new("email", ColumnType::String(Some(32))).not_null().default_sql("''")
                },
            }),
        },
        Case {
            name: "add_column_new_enum",
            op: Operation::AddColumn(AddColumn {
                table: s("posts"),
                column: Column::new(
                    "level",
                    ColumnType::Enum { name: Some(s("Level")), values: strings(&["low", "high"]) },
                )
                .default_sql("'low'"),
            }),
        },
        Case {
            name: "drop_column_last_enum_use",
            op: Operation::DropColumn(DropColumn { table: s("User"), name: s("mood") }),
        },
        Case { name: "drop_column", op: Operation::DropColumn(DropColumn { table: s("posts"), name: s("title") }) },
        Case {
            name: "alter_column_type",
            op: Operation::AlterColumn(AlterColumn {
                r#type: Some(ColumnType::String(Some(128))),
                ..alter("User", "name")
            }),
        },
        Case {
            name: "alter_column_type_int_to_bigint_identity",
            op: Operation::AlterColumn(AlterColumn { r#type: Some(ColumnType::BigInteger), ..alter("User", "id") }),
        },
        Case {
            name: "alter_column_enum_to_text",
            op: Operation::AlterColumn(AlterColumn { r#type: Some(ColumnType::Text), ..alter("posts", "status") }),
        },
        Case {
            name: "alter_column_text_to_enum",
            op: Operation::AlterColumn(AlterColumn {
                r#type: Some(ColumnType::Enum { name: None, values: strings(&["a", "b"]) }),
                ..alter("posts", "title")
            }),
        },
        Case {
            name: "alter_column_enum_to_other_enum",
            op: Operation::AlterColumn(AlterColumn {
                r#type: Some(ColumnType::Enum {
                    name: Some(s("State")),
                    values: strings(&["draft", "published", "gone"]),
                }),
                ..alter("posts", "status")
            }),
        },
        Case {
            name: "alter_column_enum_add_value",
            op: Operation::AlterColumn(AlterColumn {
                r#type: Some(ColumnType::Enum { name: None, values: strings(&["draft", "published", "archived"]) }),
                ..alter("posts", "status")
            }),
        },
        Case {
            name: "alter_column_nullable_default_comment",
            op: Operation::AlterColumn(AlterColumn {
                nullable: Some(true),
                server_default: Some(s("'nobody'")),
                drop_comment: true,
                ..alter("User", "name")
            }),
        },
        Case {
            name: "alter_column_not_null_drop_default",
            op: Operation::AlterColumn(AlterColumn {
                nullable: Some(false),
                drop_server_default: true,
                comment: Some(s("when")),
                ..alter("User", "created_at")
            }),
        },
        Case {
            name: "alter_column_rename_reserved",
            op: Operation::AlterColumn(AlterColumn { rename: Some(s("user")), ..alter("User", "name") }),
        },
        Case {
            name: "alter_column_rename_unnamed_enum",
            op: Operation::AlterColumn(AlterColumn { rename: Some(s("state")), ..alter("posts", "status") }),
        },
        Case {
            name: "alter_column_autoincrement",
            op: Operation::AlterColumn(AlterColumn { autoincrement: Some(true), ..alter("User", "order") }),
        },
        Case {
            name: "alter_column_drop_identity",
            op: Operation::AlterColumn(AlterColumn { autoincrement: Some(false), ..alter("posts", "id") }),
        },
        Case {
            name: "create_index",
            op: Operation::CreateIndex(CreateIndex {
                table: s("posts"),
                index: Index {
                    name: s("ix_posts_user_title"),
                    columns: strings(&["user_id", "title"]),
                    unique: false,
                    descending: Vec::new(),
                    predicate: None,
                    ..Default::default()
                },
            }),
        },
        Case {
            name: "create_expression_index",
            op: Operation::CreateIndex(CreateIndex {
                table: s("posts"),
                index: Index {
                    name: s("ix_posts_lower_title"),
                    columns: strings(&["lower(title)"]),
                    unique: false,
                    descending: Vec::new(),
                    predicate: None,
                    ..Default::default()
                },
            }),
        },
        Case {
            name: "drop_index",
            op: Operation::DropIndex(DropIndex { table: s("User"), name: s("ix_User_created_at") }),
        },
        Case {
            name: "create_primary_key_replacing",
            op: Operation::CreatePrimaryKey(CreatePrimaryKey {
                table: s("posts"),
                primary_key: PrimaryKey { name: Some(s("pk_posts")), columns: strings(&["id", "user_id"]) },
            }),
        },
        Case {
            name: "drop_unnamed_primary_key",
            op: Operation::DropPrimaryKey(DropPrimaryKey { table: s("posts"), name: None }),
        },
        Case {
            name: "add_unique_constraint",
            op: Operation::AddUniqueConstraint(AddUniqueConstraint {
                table: s("posts"),
                constraint: UniqueConstraint {
                    name: None,
                    columns: strings(&["user_id", "title", "status"]),
                    ..Default::default()
                },
            }),
        },
        Case {
            name: "drop_unique_constraint",
            op: Operation::DropUniqueConstraint(DropUniqueConstraint {
                table: s("User"),
                name: Some(s("uq_User_name")),
                columns: vec![],
            }),
        },
        Case {
            name: "add_foreign_key",
            op: Operation::AddForeignKey(AddForeignKey {
                table: s("User"),
                foreign_key: ForeignKey {
                    name: Some(s("fk_User_order")),
                    columns: strings(&["order"]),
                    referred_table: s("User"),
                    referred_columns: strings(&["id"]),
                    on_delete: FkAction::Restrict,
                    on_update: FkAction::SetDefault,
                    ..Default::default()
                },
            }),
        },
        Case {
            name: "drop_foreign_key",
            op: Operation::DropForeignKey(DropForeignKey {
                table: s("posts"),
                name: None,
                columns: strings(&["user_id"]),
            }),
        },
        Case {
            name: "add_check_constraint",
            op: Operation::AddCheckConstraint(AddCheckConstraint {
                table: s("posts"),
                check: CheckConstraint {
                    name: Some(s("ck_posts_title")),
                    expression: s("title <> '' OR title IS NULL"),
                },
            }),
        },
        Case {
            name: "drop_check_constraint",
            op: Operation::DropCheckConstraint(DropCheckConstraint {
                table: s("User"),
                name: None,
                expression: Some(s("\"order\" >= 0")),
            }),
        },
        Case {
            name: "set_table_comment",
            op: Operation::SetTableComment(SetTableComment {
                table: s("posts"),
                comment: Some(s("what people write")),
            }),
        },
        Case {
            name: "remove_table_comment",
            op: Operation::SetTableComment(SetTableComment { table: s("User"), comment: None }),
        },
        Case {
            name: "alter_column_identity_options",
            op: Operation::AlterColumn(AlterColumn {
                identity: Some(Identity { always: true, start: Some(10), increment: Some(2), ..Identity::default() }),
                ..alter("posts", "id")
            }),
        },
        Case {
            name: "alter_column_collation",
            op: Operation::AlterColumn(AlterColumn { collation: Some(s("C")), ..alter("User", "name") }),
        },
        Case {
            name: "add_column_generated",
            op: Operation::AddColumn(AddColumn {
                table: s("posts"),
                column: Column {
                    generated: Some(Generated { expression: s("length(title) * 2"), stored: true }),
                    ..Column::new("title_len", ColumnType::Integer)
                },
            }),
        },
        Case {
            name: "create_index_include_nulls_operator_class",
            op: Operation::CreateIndex(CreateIndex {
                table: s("posts"),
                index: Index {
                    name: s("ix_posts_title_pattern"),
                    columns: strings(&["title"]),
                    nulls: vec![Some(Nulls::First)],
                    include: strings(&["user_id"]),
                    operator_classes: vec![Some(s("text_pattern_ops"))],
                    ..Index::default()
                },
            }),
        },
        Case {
            name: "create_index_method",
            op: Operation::CreateIndex(CreateIndex {
                table: s("posts"),
                index: Index {
                    name: s("ix_posts_user_brin"),
                    columns: strings(&["user_id"]),
                    method: Some(s("brin")),
                    ..Index::default()
                },
            }),
        },
        Case {
            name: "create_unique_index_nulls_not_distinct",
            op: Operation::CreateIndex(CreateIndex {
                table: s("posts"),
                index: Index {
                    name: s("ux_posts_token"),
                    columns: strings(&["token"]),
                    unique: true,
                    nulls_not_distinct: true,
                    ..Index::default()
                },
            }),
        },
        Case {
            name: "add_unique_constraint_deferrable_nulls_not_distinct",
            op: Operation::AddUniqueConstraint(AddUniqueConstraint {
                table: s("posts"),
                constraint: UniqueConstraint {
                    name: Some(s("uq_posts_user_title")),
                    columns: strings(&["user_id", "title"]),
                    nulls_not_distinct: true,
                    deferrable: Some(Deferrable::Deferred),
                },
            }),
        },
        Case {
            name: "add_foreign_key_deferrable_match_full",
            op: Operation::AddForeignKey(AddForeignKey {
                table: s("posts"),
                foreign_key: ForeignKey {
                    name: Some(s("fk_posts_user_deferred")),
                    columns: strings(&["user_id"]),
                    referred_table: s("User"),
                    referred_columns: strings(&["id"]),
                    match_full: true,
                    deferrable: Some(Deferrable::Immediate),
                    ..ForeignKey::default()
                },
            }),
        },
        Case {
            name: "add_exclusion_constraint",
            op: Operation::AddExclusionConstraint(AddExclusionConstraint {
                table: s("posts"),
                constraint: ExclusionConstraint {
                    name: Some(s("ex_posts_user_title")),
                    method: s("btree"),
                    elements: vec![
                        ExclusionElement { expression: s("user_id"), operator: s("=") },
                        ExclusionElement { expression: s("lower(title)"), operator: s("=") },
                    ],
                    predicate: Some(s("title IS NOT NULL")),
                    deferrable: Some(Deferrable::Deferred),
                },
            }),
        },
        Case {
            name: "execute",
            op: Operation::Execute(Execute {
                sql: Some(s("UPDATE posts SET title = 'x' WHERE false")),
                per_dialect: [(s("postgresql"), s("UPDATE posts SET title = title WHERE false; SELECT 1"))].into(),
            }),
        },
    ]
}

/// The SQL that creates a schema from nothing, tables in the order given.
fn create_sql(schema: &Schema, order: &[&str]) -> Vec<String> {
    let d = PostgresDialect;
    let mut current = Schema::new();
    let mut out = Vec::new();
    for name in order {
        let op = Operation::CreateTable(schema.table(name).expect("table in schema").clone());
        out.extend(d.render(&op, &current).expect("renders"));
        op.apply(&mut current).expect("applies");
    }
    out
}

#[test]
fn every_operation_renders_as_expected() {
    let d = PostgresDialect;
    let mut all = String::new();
    all.push_str("-- base schema\n");
    for sql in create_sql(&base(), &["User", "posts"]) {
        all.push_str(&format!("{sql};\n"));
    }
    for case in cases() {
        all.push_str(&format!("\n-- {}\n", case.name));
        for sql in d.render(&case.op, &base()).unwrap_or_else(|e| panic!("{}: {e}", case.name)) {
            all.push_str(&format!("{sql};\n"));
        }
    }
    insta::assert_snapshot!("postgres_render_every_operation", all);
}

#[test]
fn unnamed_constraint_without_a_known_name_cannot_be_dropped() {
    let mut before = base();
    before.tables.get_mut("posts").expect("posts").unique_constraints =
        vec![UniqueConstraint { name: None, columns: strings(&["token"]), ..Default::default() }];
    let op = Operation::DropUniqueConstraint(DropUniqueConstraint {
        table: s("posts"),
        name: None,
        columns: strings(&["token"]),
    });
    let err = PostgresDialect.render(&op, &before).expect_err("no name to drop");
    assert!(matches!(err, DialectError::Unsupported { .. }), "{err}");
    let text = err.to_string();
    assert!(text.contains("posts") && text.contains("token"), "{text}");
}

#[test]
fn reordering_enum_labels_recreates_the_type() {
    let op = Operation::AlterColumn(AlterColumn {
        r#type: Some(ColumnType::Enum { name: None, values: strings(&["published", "draft"]) }),
        ..alter("posts", "status")
    });
    // PostgreSQL cannot drop or move a label: the type is made anew, the column converted
    // through text, its default put back.
    let sql = PostgresDialect.render(&op, &base()).expect("renders");
    assert_eq!(
        sql,
        [
            r#"ALTER TYPE "posts_status" RENAME TO "_alambic_old_posts_status""#,
            r#"CREATE TYPE "posts_status" AS ENUM ('published', 'draft')"#,
            r#"ALTER TABLE "posts" ALTER COLUMN "status" DROP DEFAULT"#,
            r#"ALTER TABLE "posts" ALTER COLUMN "status" TYPE "posts_status" USING "status"::text::"posts_status""#,
            r#"ALTER TABLE "posts" ALTER COLUMN "status" SET DEFAULT 'draft'"#,
            r#"DROP TYPE "_alambic_old_posts_status""#,
        ]
    );
}

#[test]
fn an_enum_type_still_in_use_is_kept_and_a_shared_one_is_created_once() {
    let d = PostgresDialect;
    let mood = ColumnType::Enum { name: Some(s("mood")), values: strings(&["happy", "it's ok"]) };
    let mut before = base();
    before.tables.get_mut("posts").expect("posts").columns.push(Column::new("mood", mood.clone()));
    // posts.mood still uses the type: dropping "User" keeps it.
    let sql =
        d.render(&Operation::DropColumn(DropColumn { table: s("User"), name: s("mood") }), &before).expect("renders");
    assert_eq!(sql, [r#"ALTER TABLE "User" DROP COLUMN "mood""#]);
    // Two new columns of one new type: one CREATE TYPE.
    let table = Table {
        name: s("pair"),
        columns: vec![
            Column::new("a", ColumnType::Enum { name: Some(s("side")), values: strings(&["l", "r"]) }),
            Column::new("b", ColumnType::Enum { name: Some(s("side")), values: strings(&["l", "r"]) }),
        ],
        ..Table::default()
    };
    let sql = d.render(&Operation::CreateTable(table), &Schema::new()).expect("renders");
    assert_eq!(sql.iter().filter(|q| q.starts_with("CREATE TYPE")).count(), 1, "{sql:?}");
    assert!(sql[0].starts_with("CREATE TYPE \"side\""), "{sql:?}");
    // Appending a label to a type in use extends it in place.
    let op = Operation::AddColumn(AddColumn {
        table: s("posts"),
        column: Column::new(
            "other_mood",
            ColumnType::Enum { name: Some(s("mood")), values: strings(&["happy", "it's ok", "sad"]) },
        ),
    });
    let sql = d.render(&op, &base()).expect("renders");
    assert_eq!(sql[0], r#"ALTER TYPE "mood" ADD VALUE 'sad'"#);
}

#[test]
fn an_unnamed_enum_has_no_type_name_outside_its_column() {
    let d = PostgresDialect;
    assert!(d.render_type(&ColumnType::Enum { name: None, values: strings(&["a"]) }).is_err());
    assert_eq!(d.render_type(&ColumnType::Enum { name: Some(s("Mood")), values: vec![] }).expect("named"), "\"Mood\"");
    assert_eq!(d.render_type(&ColumnType::Numeric(Some(8), None)).expect("numeric"), "NUMERIC(8)");
    assert_eq!(d.render_type(&ColumnType::Numeric(None, None)).expect("numeric"), "NUMERIC");
}

#[test]
fn dialect_identity() {
    let d = PostgresDialect;
    assert_eq!(d.name(), "postgresql");
    assert_eq!(d.impl_name(), "PostgresqlImpl");
    assert!(d.transactional_ddl());
    assert_eq!(d.quote("order"), "\"order\"");
    assert_eq!(d.quote("We\"ird"), "\"We\"\"ird\"");
}

// ---------------------------------------------------------------- comparison rules

/// Asserts that `live` (read from the server) is `expected` under the dialect's rules:
/// types, defaults and checks through the diff hooks; names of constraints only where
/// `expected` gives one; key and identity columns are NOT NULL whatever `expected` says.
fn assert_matches(context: &str, expected: &Schema, live: &Schema) {
    let d = PostgresDialect;
    let names = |s: &Schema| s.tables.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(expected), names(live), "{context}: tables");
    for (name, e) in &expected.tables {
        let l = &live.tables[name];
        let ctx = format!("{context}: table {name}");
        // By name: a column dropped and added back comes last, which is no difference.
        let cols = |t: &Table| {
            let mut names = t.columns.iter().map(|c| c.name.clone()).collect::<Vec<_>>();
            names.sort();
            names
        };
        assert_eq!(cols(e), cols(l), "{ctx}: columns");
        for ec in &e.columns {
            let lc = l.column(&ec.name).expect("same names");
            let cctx = format!("{ctx}.{}", ec.name);
            assert!(d.types_equal(&ec.r#type, &lc.r#type), "{cctx}: type {} vs {}", ec.r#type, lc.r#type);
            let nullable = ec.nullable && !ec.autoincrement && !e.is_primary_key_column(&ec.name);
            assert_eq!(nullable, lc.nullable, "{cctx}: nullable");
            let default = if ec.autoincrement { None } else { ec.server_default.as_deref() };
            assert!(
                d.defaults_equal(ec, default, lc.server_default.as_deref()),
                "{cctx}: default {default:?} vs {:?}",
                lc.server_default
            );
            assert_eq!(ec.autoincrement, lc.autoincrement, "{cctx}: autoincrement");
            assert_eq!(ec.comment, lc.comment, "{cctx}: comment");
            assert_eq!(ec.identity, lc.identity, "{cctx}: identity");
            assert_eq!(ec.collation, lc.collation, "{cctx}: collation");
            match (&ec.generated, &lc.generated) {
                (None, None) => {}
                (Some(eg), Some(lg)) => assert!(
                    eg.stored == lg.stored && d.checks_equal(&eg.expression, &lg.expression),
                    "{cctx}: generated {eg:?} vs {lg:?}"
                ),
                other => panic!("{cctx}: generated {other:?}"),
            }
        }
        match (&e.primary_key, &l.primary_key) {
            (None, None) => {}
            (Some(ep), Some(lp)) => {
                assert_eq!(ep.columns, lp.columns, "{ctx}: primary key");
                assert!(
                    ep.name.is_none() || ep.name == lp.name,
                    "{ctx}: primary key name {:?} vs {:?}",
                    ep.name,
                    lp.name
                );
            }
            other => panic!("{ctx}: primary key {other:?}"),
        }
        assert_eq!(
            e.unique_constraints.len(),
            l.unique_constraints.len(),
            "{ctx}: unique constraints {:?}",
            l.unique_constraints
        );
        for eu in &e.unique_constraints {
            assert!(
                l.unique_constraints.iter().any(|lu| lu.columns == eu.columns
                    && (eu.name.is_none() || eu.name == lu.name)
                    && lu.nulls_not_distinct == eu.nulls_not_distinct
                    && lu.deferrable == eu.deferrable),
                "{ctx}: unique {eu:?} not in {:?}",
                l.unique_constraints
            );
        }
        assert_eq!(e.foreign_keys.len(), l.foreign_keys.len(), "{ctx}: foreign keys {:?}", l.foreign_keys);
        for ef in &e.foreign_keys {
            assert!(
                l.foreign_keys.iter().any(|lf| {
                    let mut lf = lf.clone();
                    if ef.name.is_none() {
                        lf.name = None;
                    }
                    &lf == ef
                }),
                "{ctx}: foreign key {ef:?} not in {:?}",
                l.foreign_keys
            );
        }
        assert_eq!(e.check_constraints.len(), l.check_constraints.len(), "{ctx}: checks {:?}", l.check_constraints);
        for ek in &e.check_constraints {
            assert!(
                l.check_constraints
                    .iter()
                    .any(|lk| d.checks_equal(&ek.expression, &lk.expression)
                        && (ek.name.is_none() || ek.name == lk.name)),
                "{ctx}: check {ek:?} not in {:?}",
                l.check_constraints
            );
        }
        // Expression indexes come back as PostgreSQL prints them: compare like checks.
        assert_eq!(e.indexes.len(), l.indexes.len(), "{ctx}: indexes {:?}", l.indexes);
        for ei in &e.indexes {
            assert!(
                l.indexes.iter().any(|li| li.name == ei.name
                    && li.unique == ei.unique
                    && li.same_key_order(ei)
                    && li.include == ei.include
                    && li.nulls_not_distinct == ei.nulls_not_distinct
                    && li.method == ei.method
                    && li.operator_classes == ei.operator_classes
                    && li.columns.len() == ei.columns.len()
                    && li.columns.iter().zip(&ei.columns).all(|(a, b)| d.checks_equal(b, a))),
                "{ctx}: index {ei:?} not in {:?}",
                l.indexes
            );
        }
        assert_eq!(e.comment, l.comment, "{ctx}: comment");
        assert_exclusions_match(&ctx, e, l);
    }
}

/// Exclusion constraints: the same names, methods, operators and deferral; element
/// expressions and conditions as PostgreSQL prints them, compared like checks.
fn assert_exclusions_match(ctx: &str, e: &Table, l: &Table) {
    let d = PostgresDialect;
    assert_eq!(e.exclusion_constraints.len(), l.exclusion_constraints.len(), "{ctx}: exclusion constraints");
    for ex in &e.exclusion_constraints {
        let lx = l.exclusion_constraints.iter().find(|lx| lx.name == ex.name);
        let lx = lx.unwrap_or_else(|| panic!("{ctx}: exclusion {ex:?} not in {:?}", l.exclusion_constraints));
        assert_eq!((&ex.method, ex.deferrable), (&lx.method, lx.deferrable), "{ctx}: exclusion {ex:?}");
        assert_eq!(ex.elements.len(), lx.elements.len(), "{ctx}: exclusion elements");
        for (a, b) in ex.elements.iter().zip(&lx.elements) {
            assert!(a.operator == b.operator && d.checks_equal(&a.expression, &b.expression), "{ctx}: {a:?} vs {b:?}");
        }
        match (&ex.predicate, &lx.predicate) {
            (None, None) => {}
            (Some(a), Some(b)) => assert!(d.checks_equal(a, b), "{ctx}: exclusion condition {a} vs {b}"),
            other => panic!("{ctx}: exclusion condition {other:?}"),
        }
    }
}

// ---------------------------------------------------------------- server tests

async fn open(db: &FreshDatabase) -> PostgresConnection {
    PostgresConnection::connect(&db.url).await.expect("connects")
}

async fn run_in_transaction(conn: &mut PostgresConnection, statements: &[String]) {
    conn.begin().await.expect("begin");
    for sql in statements {
        if let Err(e) = conn.execute(sql).await {
            conn.rollback().await.expect("rollback");
            panic!("{e}");
        }
    }
    conn.commit().await.expect("commit");
}

async fn count(conn: &mut PostgresConnection, table: &str) -> String {
    let sql = format!("SELECT count(*) FROM {}", PostgresDialect.quote(table));
    conn.fetch_strings(&sql).await.expect("counts").remove(0)
}

#[tokio::test]
async fn every_operation_round_trips_on_the_server() {
    let Some(db) = FreshDatabase::create(POSTGRES_URL_VAR, SUITE).await else { return };
    let d = PostgresDialect;
    let mut conn = open(&db).await;
    for case in cases() {
        // A clean schema per case, inside the same database.
        conn.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public").await.expect("reset");
        let before = base();
        run_in_transaction(&mut conn, &create_sql(&before, &["User", "posts"])).await;
        conn.execute(ROWS).await.expect("rows");
        let live = conn.inspect(&[]).await.expect("inspects");
        assert_matches(&format!("{}: before", case.name), &before, &live);
        let users_before = count(&mut conn, "User").await;
        let posts_before = count(&mut conn, "posts").await;

        let mut after = before.clone();
        case.op.apply(&mut after).expect("applies");
        let sql = d.render(&case.op, &before).expect("renders");
        run_in_transaction(&mut conn, &sql).await;
        let live_after = conn.inspect(&[]).await.expect("inspects");
        assert_matches(case.name, &after, &live_after);

        // Rows survive (where their table does).
        for (table, n) in [("User", &users_before), ("posts", &posts_before)] {
            let table = match &case.op {
                Operation::RenameTable(r) if r.from == table => r.to.as_str(),
                _ => table,
            };
            if after.table(table).is_some() {
                assert_eq!(&count(&mut conn, table).await, n, "{}: rows of {table}", case.name);
            }
        }

        // And back: the inverse, rendered against the schema after, restores the start
        // (PostgreSQL cannot remove a label from an enum type, so that one stays).
        let undo = case.op.inverse(&before).ok().filter(|_| case.name != "alter_column_enum_add_value");
        if let Some(undo) = undo {
            // Rendered against the model; an unnamed constraint added by the operation has
            // no name there, so that drop is rendered against the schema read back, which
            // holds the name PostgreSQL gave it.
            let mut sql = Vec::new();
            let mut current = after.clone();
            for op in &undo {
                let rendered = match d.render(op, &current) {
                    Err(DialectError::Unsupported { .. }) => d.render(op, &live_after),
                    other => other,
                };
                sql.extend(rendered.unwrap_or_else(|e| panic!("{}: inverse: {e}", case.name)));
                op.apply(&mut current).expect("inverse applies");
            }
            run_in_transaction(&mut conn, &sql).await;
            let back = conn.inspect(&[]).await.expect("inspects");
            assert_matches(&format!("{}: downgrade", case.name), &before, &back);
        }
    }
    conn.close().await.expect("closes");
    db.drop_database().await.expect("drops");
}

#[tokio::test]
async fn hand_written_schema_reads_as_the_neutral_model() {
    let Some(db) = FreshDatabase::create(POSTGRES_URL_VAR, SUITE).await else { return };
    let mut conn = open(&db).await;
    conn.execute(
        "CREATE TABLE items (
            id SERIAL PRIMARY KEY,
            code VARCHAR(64) NOT NULL DEFAULT '',
            created TIMESTAMP DEFAULT now(),
            n INTEGER CHECK (n > 0),
            price NUMERIC(10, 2) DEFAULT 0,
            tags TEXT[]
        );
        CREATE INDEX items_code ON items (code);
        CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY);",
    )
    .await
    .expect("hand-written schema");
    let live = conn.inspect(&["alembic_version", "alambic_history"]).await.expect("inspects");
    assert_eq!(live.tables.keys().collect::<Vec<_>>(), ["items"]);
    let items = &live.tables["items"];
    let expected = Table {
        name: s("items"),
        columns: vec![
            Column { autoincrement: true, ..Column::new("id", ColumnType::Integer).not_null() },
            Column::new("code", ColumnType::String(Some(64))).not_null().default_sql("''::character varying"),
            Column::new("created", ColumnType::DateTime { timezone: false }).default_sql("now()"),
            Column::new("n", ColumnType::Integer),
            Column::new("price", ColumnType::Numeric(Some(10), Some(2))).default_sql("0"),
            Column::new("tags", ColumnType::Raw(s("text[]"))),
        ],
        primary_key: Some(PrimaryKey { name: Some(s("items_pkey")), columns: strings(&["id"]) }),
        indexes: vec![Index {
            name: s("items_code"),
            columns: strings(&["code"]),
            unique: false,
            descending: Vec::new(),
            predicate: None,
            ..Default::default()
        }],
        check_constraints: vec![CheckConstraint { name: Some(s("items_n_check")), expression: s("n > 0") }],
        ..Table::default()
    };
    assert_eq!(items, &expected);
    // And the schema-file spelling of the same defaults and check compares equal.
    let d = PostgresDialect;
    assert!(d.defaults_equal(&items.columns[1], Some("''"), items.columns[1].server_default.as_deref()));
    assert!(d.defaults_equal(&items.columns[2], Some("CURRENT_TIMESTAMP"), items.columns[2].server_default.as_deref()));
    assert!(d.checks_equal("(n > 0)", &items.check_constraints[0].expression));
    assert!(conn.table_exists("items").await.expect("exists"));
    assert!(!conn.table_exists("nope").await.expect("exists"));
    conn.close().await.expect("closes");
    db.drop_database().await.expect("drops");
}

#[tokio::test]
async fn introspection_cost_does_not_grow_with_tables() {
    let Some(db) = FreshDatabase::create(POSTGRES_URL_VAR, SUITE).await else { return };
    let mut conn = open(&db).await;
    let create = |from: usize, to: usize| {
        (from..to)
            .map(|i| {
                format!(
                    "CREATE TABLE t{i} (id SERIAL PRIMARY KEY, name VARCHAR(20) UNIQUE, parent INTEGER REFERENCES t0 (id), \
                     CHECK (id > 0)); CREATE INDEX ix_t{i}_parent ON t{i} (parent);"
                )
            })
            .collect::<String>()
    };
    conn.execute(&create(0, 10)).await.expect("10 tables");
    let start = conn.statements_sent();
    let ten = conn.inspect(&[]).await.expect("inspects");
    let cost_10 = conn.statements_sent() - start;
    conn.execute(&create(10, 500)).await.expect("500 tables");
    let start = conn.statements_sent();
    let many = conn.inspect(&[]).await.expect("inspects");
    let cost_500 = conn.statements_sent() - start;
    assert_eq!(ten.tables.len(), 10);
    assert_eq!(many.tables.len(), 500);
    assert_eq!(many.tables["t499"].indexes.len(), 1);
    assert_eq!(cost_10, cost_500);
    assert_eq!(cost_10, alambic::dialect::postgres::inspect::QUERIES);
    conn.close().await.expect("closes");
    db.drop_database().await.expect("drops");
}

#[tokio::test]
async fn failed_statement_rolls_back_the_whole_transaction() {
    let Some(db) = FreshDatabase::create(POSTGRES_URL_VAR, SUITE).await else { return };
    let d = PostgresDialect;
    let mut conn = open(&db).await;
    let before = base();
    run_in_transaction(&mut conn, &create_sql(&before, &["User", "posts"])).await;
    conn.execute(ROWS).await.expect("rows");
    let start = conn.inspect(&[]).await.expect("inspects");

    let mut statements =
        d.render(&Operation::DropColumn(DropColumn { table: s("User"), name: s("mood") }), &before).expect("renders");
    statements.extend(d.render(&Operation::DropTable(DropTable { name: s("posts") }), &before).expect("renders"));
    statements.push(s("ALTER TABLE \"User\" ADD CONSTRAINT broken CHECK (\"order\" > 100)"));
    conn.begin().await.expect("begin");
    let mut failed = None;
    for sql in &statements {
        if let Err(e) = conn.execute(sql).await {
            failed = Some(e);
            break;
        }
    }
    let err = failed.expect("the last statement fails");
    assert!(matches!(err, DialectError::Query { .. }) && err.to_string().contains("broken"), "{err}");
    conn.rollback().await.expect("rollback");

    let end = conn.inspect(&[]).await.expect("inspects");
    assert_eq!(start, end);
    assert_eq!(count(&mut conn, "posts").await, "3");
    assert_eq!(count(&mut conn, "User").await, "2");
    conn.close().await.expect("closes");
    db.drop_database().await.expect("drops");
}

#[tokio::test]
async fn connect_errors_hide_the_password() {
    let err = PostgresConnection::connect("postgresql://someone:secret@127.0.0.1:1/nowhere")
        .await
        .expect_err("nothing listens on port 1");
    let text = err.to_string();
    assert!(matches!(err, DialectError::Connect { .. }), "{text}");
    assert!(text.contains("someone:***@127.0.0.1:1") && !text.contains("secret"), "{text}");
}

#[tokio::test]
async fn both_url_schemes_connect() {
    let Ok(url) = std::env::var(POSTGRES_URL_VAR) else {
        alambic::testing::announce_skip(SUITE, POSTGRES_URL_VAR);
        return;
    };
    for scheme in ["postgres://", "postgresql://"] {
        let rest = url.split_once("://").map(|(_, r)| r).expect("url has a scheme");
        let mut conn = alambic::dialect::connect(&format!("{scheme}{rest}")).await.expect("connects");
        assert_eq!(conn.fetch_strings("SELECT 1 + 1").await.expect("selects"), ["2"]);
        assert_eq!(conn.dialect().name(), "postgresql");
    }
}
