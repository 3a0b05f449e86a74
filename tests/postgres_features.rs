//! PostgreSQL features of the schema model, each rendered, run on a real server and read
//! back from the catalog: generated columns, identity options, collations, index methods,
//! operator classes, NULLS order, INCLUDE, NULLS NOT DISTINCT, deferrable and MATCH FULL
//! keys, exclusion constraints and the types real schemas use. What comes back must be the
//! model that went in (defaults read as `None`), so that autogenerate finds no change.
//! MySQL-only attributes are errors naming the object, never dropped.
//!
//! Server tests need `ALAMBIC_TEST_POSTGRES_URL` and skip loudly without it.

#![cfg(feature = "postgres")]

use alambic::dialect::expr;
use alambic::dialect::postgres::{PostgresConnection, PostgresDialect, PostgresRules};
use alambic::dialect::{render_operation, Connection, Dialect, DialectError};
use alambic::operation::*;
use alambic::schema::*;
use alambic::testing::{FreshDatabase, POSTGRES_URL_VAR};

const SUITE: &str = "postgres features";

fn s(v: &str) -> String {
    v.to_string()
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}

fn int(name: &str) -> Column {
    Column::new(name, ColumnType::Integer)
}

fn table(name: &str, columns: Vec<Column>) -> Table {
    Table {
        name: s(name),
        primary_key: Some(PrimaryKey { name: Some(format!("{name}_pkey")), columns: strings(&["id"]) }),
        columns: [vec![int("id").not_null()], columns].concat(),
        ..Table::default()
    }
}

fn identity(always: bool) -> Identity {
    Identity { always, ..Identity::default() }
}

/// Every table of the feature model; each one holds one family of features.
fn model() -> Vec<Table> {
    let generated = table(
        "orders",
        vec![
            int("price").not_null(),
            int("qty").not_null(),
            Column { generated: Some(Generated { expression: s("price * qty"), stored: true }), ..int("total") },
            Column { collation: Some(s("C")), ..Column::new("code", ColumnType::Text) },
            Column { collation: Some(s("POSIX")), ..Column::new("label", ColumnType::String(Some(20))) },
            Column::new("note", ColumnType::Text),
        ],
    );
    let identities = Table {
        name: s("counters"),
        columns: vec![
            Column {
                autoincrement: true,
                identity: Some(Identity {
                    start: Some(100),
                    increment: Some(5),
                    max_value: Some(1_000_000),
                    cycle: true,
                    ..identity(true)
                }),
                ..int("a").not_null()
            },
            Column { autoincrement: true, ..Column::new("b", ColumnType::SmallInteger).not_null() },
            Column {
                autoincrement: true,
                identity: Some(Identity { min_value: Some(10), ..identity(false) }),
                ..Column::new("c", ColumnType::BigInteger).not_null()
            },
            Column {
                autoincrement: true,
                identity: Some(Identity { increment: Some(-1), ..identity(false) }),
                ..int("d").not_null()
            },
            Column {
                autoincrement: true,
                identity: Some(identity(true)),
                ..Column::new("e", ColumnType::SmallInteger).not_null()
            },
        ],
        ..Table::default()
    };
    vec![generated, identities, indexed(), keyed(), bookings(), typed()]
}

fn index(name: &str, columns: &[&str]) -> Index {
    Index { name: s(name), columns: strings(columns), ..Index::default() }
}

/// Index methods, operator classes, NULLS order, INCLUDE, NULLS NOT DISTINCT, expressions
/// and partial indexes.
fn indexed() -> Table {
    let mut t = table(
        "docs",
        vec![
            Column::new("title", ColumnType::Text),
            Column::new("body", ColumnType::Raw(s("jsonb"))),
            Column::new("tags", ColumnType::Raw(s("text[]"))),
            Column::new("created", ColumnType::DateTime { timezone: true }),
            int("rank"),
            Column::new("deleted", ColumnType::Boolean),
        ],
    );
    t.indexes = vec![
        Index { nulls: vec![Some(Nulls::First)], ..index("ix_docs_rank_nulls_first", &["rank"]) },
        Index {
            descending: vec![false, true],
            nulls: vec![None, Some(Nulls::Last)],
            ..index("ix_docs_title_rank", &["title", "rank"])
        },
        Index { include: strings(&["title"]), ..index("ix_docs_created", &["created"]) },
        Index { unique: true, nulls_not_distinct: true, ..index("ux_docs_rank", &["rank"]) },
        Index { method: Some(s("hash")), ..index("ix_docs_title_hash", &["title"]) },
        Index { method: Some(s("gin")), ..index("ix_docs_tags", &["tags"]) },
        Index {
            method: Some(s("gin")),
            operator_classes: vec![Some(s("jsonb_path_ops"))],
            ..index("ix_docs_body", &["body"])
        },
        Index { method: Some(s("brin")), ..index("ix_docs_created_brin", &["created"]) },
        Index { method: Some(s("spgist")), ..index("ix_docs_title_spgist", &["title"]) },
        Index {
            operator_classes: vec![None, Some(s("text_pattern_ops"))],
            ..index("ix_docs_rank_title_pattern", &["rank", "title"])
        },
        Index { predicate: Some(s("deleted IS NOT TRUE")), ..index("ix_docs_lower_title", &["lower(title)"]) },
    ];
    t
}

/// Deferrable unique constraints and foreign keys, MATCH FULL, NULLS NOT DISTINCT.
fn keyed() -> Table {
    let mut t = table("memberships", vec![int("team").not_null(), int("person"), int("other_id"), int("other_x")]);
    t.unique_constraints = vec![
        UniqueConstraint {
            name: Some(s("uq_memberships_team_person")),
            columns: strings(&["team", "person"]),
            nulls_not_distinct: true,
            deferrable: Some(Deferrable::Deferred),
        },
        // Referenced by a foreign key, so checked at once.
        UniqueConstraint {
            name: Some(s("uq_memberships_other")),
            columns: strings(&["other_id", "other_x"]),
            ..UniqueConstraint::default()
        },
        UniqueConstraint {
            name: Some(s("uq_memberships_person")),
            columns: strings(&["person"]),
            deferrable: Some(Deferrable::Immediate),
            ..UniqueConstraint::default()
        },
    ];
    t.foreign_keys = vec![
        ForeignKey {
            name: Some(s("fk_memberships_self")),
            columns: strings(&["other_id", "other_x"]),
            referred_table: s("memberships"),
            referred_columns: strings(&["other_id", "other_x"]),
            match_full: true,
            deferrable: Some(Deferrable::Deferred),
            on_delete: FkAction::Cascade,
            ..ForeignKey::default()
        },
        ForeignKey {
            name: Some(s("fk_memberships_team")),
            columns: strings(&["team"]),
            referred_table: s("docs"),
            referred_columns: strings(&["id"]),
            deferrable: Some(Deferrable::Immediate),
            ..ForeignKey::default()
        },
    ];
    t
}

/// Exclusion constraints: several elements (one needs `btree_gist`), a partial one, a
/// deferrable one.
fn bookings() -> Table {
    let mut t = table(
        "bookings",
        vec![
            int("room").not_null(),
            Column::new("during", ColumnType::Raw(s("tstzrange"))).not_null(),
            Column::new("cancelled", ColumnType::Boolean).not_null().default_sql("false"),
        ],
    );
    let element = |e: &str, op: &str| ExclusionElement { expression: s(e), operator: s(op) };
    t.exclusion_constraints = vec![
        ExclusionConstraint {
            name: Some(s("ex_bookings_room_during")),
            method: s("gist"),
            elements: vec![element("room", "="), element("during", "&&")],
            predicate: Some(s("NOT cancelled")),
            deferrable: None,
        },
        ExclusionConstraint {
            name: Some(s("ex_bookings_during")),
            method: s("gist"),
            elements: vec![element("during", "&&")],
            predicate: None,
            deferrable: Some(Deferrable::Deferred),
        },
    ];
    t
}

/// The raw types real schemas use, each in a spelling other than the catalog's.
fn typed() -> Table {
    let raw = |name: &str, ty: &str| Column::new(name, ColumnType::Raw(s(ty)));
    table(
        "kinds",
        vec![
            raw("ints", "int[]"),
            raw("texts", "text[]"),
            raw("names", "varchar(20)[]"),
            raw("addr", "inet"),
            raw("net", "cidr"),
            raw("mac", "macaddr"),
            raw("span", "interval"),
            raw("doc", "tsvector"),
            raw("bits", "varbit(5)"),
            raw("cost", "money"),
            raw("page", "xml"),
            raw("spot", "point"),
            raw("ages", "int4range"),
            raw("stay", "tstzrange"),
            raw("email", "citext"),
            Column::new("free", ColumnType::String(None)),
            raw("at3", "timestamp(3)"),
            raw("clock", "timetz"),
            raw("flags", "bool[]"),
        ],
    )
}

/// Expressions as the comparison sees them, types as the live ones they equal: what is
/// left to compare field by field.
fn comparable(expected: &Table, live: &Table) -> Table {
    let rules = PostgresRules;
    let norm = |e: &str| expr::normalize(&rules, e);
    let mut t = expected.clone();
    for c in &mut t.columns {
        if let Some(l) = live.column(&c.name) {
            if PostgresDialect.types_equal(&c.r#type, &l.r#type) {
                c.r#type = l.r#type.clone();
            }
        }
    }
    let normalize = |t: &mut Table| {
        for c in &mut t.columns {
            c.server_default = c.server_default.as_deref().map(norm);
            if let Some(g) = &mut c.generated {
                g.expression = norm(&g.expression);
            }
        }
        for i in &mut t.indexes {
            i.predicate = i.predicate.as_deref().map(norm);
            i.columns = i.columns.iter().map(|c| norm(c)).collect();
        }
        for x in &mut t.exclusion_constraints {
            x.predicate = x.predicate.as_deref().map(norm);
        }
        for k in &mut t.check_constraints {
            k.expression = norm(&k.expression);
        }
        // The catalog lists objects by name.
        t.indexes.sort_by(|a, b| a.name.cmp(&b.name));
        t.unique_constraints.sort_by(|a, b| a.name.cmp(&b.name));
        t.foreign_keys.sort_by(|a, b| a.name.cmp(&b.name));
        t.exclusion_constraints.sort_by(|a, b| a.name.cmp(&b.name));
    };
    normalize(&mut t);
    t
}

fn normalized(live: &Table) -> Table {
    comparable(live, live)
}

async fn run_all(conn: &mut PostgresConnection, statements: &[String]) {
    conn.begin().await.expect("begin");
    for sql in statements {
        if let Err(e) = conn.execute(sql).await {
            conn.rollback().await.expect("rollback");
            panic!("{e}");
        }
    }
    conn.commit().await.expect("commit");
}

fn create_sql(tables: &[Table]) -> Vec<String> {
    let d = PostgresDialect;
    let mut schema = Schema::new();
    let mut out = Vec::new();
    for t in tables {
        let op = Operation::CreateTable(t.clone());
        out.extend(render_operation(&d, &op, &schema).unwrap_or_else(|e| panic!("{}: {e}", t.name)));
        op.apply(&mut schema).expect("applies");
    }
    out
}

#[tokio::test]
async fn every_feature_reads_back_as_the_model_that_made_it() {
    let Some(db) = FreshDatabase::create(POSTGRES_URL_VAR, SUITE).await else { return };
    let mut conn = PostgresConnection::connect(&db.url).await.expect("connects");
    conn.execute("CREATE EXTENSION IF NOT EXISTS citext; CREATE EXTENSION IF NOT EXISTS btree_gist")
        .await
        .expect("extensions");
    let tables = model();
    run_all(&mut conn, &create_sql(&tables)).await;
    conn.execute(
        "INSERT INTO orders (id, price, qty, code) VALUES (1, 3, 4, 'b'), (2, 5, 6, 'a'); \
         INSERT INTO counters DEFAULT VALUES; INSERT INTO counters DEFAULT VALUES",
    )
    .await
    .expect("rows");
    let live = conn.inspect(&[]).await.expect("inspects");
    for expected in &tables {
        let l = live.table(&expected.name).unwrap_or_else(|| panic!("{} read back", expected.name));
        assert_eq!(comparable(expected, l), normalized(l), "table {}", expected.name);
    }
    assert_eq!(
        conn.fetch_strings("SELECT total FROM orders ORDER BY id").await.expect("reads"),
        strings(&["12", "30"]),
        "generated values"
    );
    assert_eq!(
        conn.fetch_strings("SELECT a::text || ',' || d::text FROM counters ORDER BY a").await.expect("reads"),
        strings(&["100,-1", "105,-2"]),
        "identity options"
    );
    assert_eq!(conn.fetch_strings("SELECT code FROM orders ORDER BY code").await.expect("reads"), strings(&["a", "b"]),);
    conn.close().await.expect("closes");
    db.drop_database().await.expect("drops");
}

/// The catalog's spelling of each raw type: what a schema file written with another
/// spelling must compare equal to.
#[tokio::test]
async fn raw_types_compare_in_the_catalogs_spelling() {
    let Some(db) = FreshDatabase::create(POSTGRES_URL_VAR, SUITE).await else { return };
    let mut conn = PostgresConnection::connect(&db.url).await.expect("connects");
    conn.execute("CREATE EXTENSION IF NOT EXISTS citext").await.expect("extension");
    let t = typed();
    run_all(&mut conn, &create_sql(std::slice::from_ref(&t))).await;
    let live = conn.inspect(&[]).await.expect("inspects");
    let l = live.table("kinds").expect("read back");
    let spelled: Vec<String> = l.columns.iter().skip(1).map(|c| c.r#type.to_string()).collect();
    assert_eq!(
        spelled,
        strings(&[
            "raw(integer[])",
            "raw(text[])",
            "raw(character varying(20)[])",
            "raw(inet)",
            "raw(cidr)",
            "raw(macaddr)",
            "raw(interval)",
            "raw(tsvector)",
            "raw(bit varying(5))",
            "raw(money)",
            "raw(xml)",
            "raw(point)",
            "raw(int4range)",
            "raw(tstzrange)",
            "raw(citext)",
            "string",
            "raw(timestamp(3) without time zone)",
            "raw(time with time zone)",
            "raw(boolean[])",
        ])
    );
    for (desired, live) in t.columns.iter().zip(&l.columns) {
        assert!(PostgresDialect.types_equal(&desired.r#type, &live.r#type), "{} vs {}", desired.r#type, live.r#type);
    }
    assert!(!PostgresDialect.types_equal(&ColumnType::Raw(s("int[]")), &ColumnType::Raw(s("bigint[]"))));
    assert!(!PostgresDialect.types_equal(&ColumnType::Raw(s("timestamp(3)")), &ColumnType::Raw(s("timestamp(6)"))));
    conn.close().await.expect("closes");
    db.drop_database().await.expect("drops");
}

fn before() -> Schema {
    let mut schema = Schema::new();
    for t in model() {
        schema.insert(t);
    }
    schema
}

fn render(op: Operation) -> Vec<String> {
    render_operation(&PostgresDialect, &op, &before()).unwrap_or_else(|e| panic!("{op:?}: {e}"))
}

#[test]
fn features_render_as_postgresql_spells_them() {
    let t = model();
    let sql = create_sql(&t[..1]);
    assert_eq!(
        sql[0],
        "CREATE TABLE \"orders\" (\n    \"id\" INTEGER NOT NULL,\n    \"price\" INTEGER NOT NULL,\n    \
         \"qty\" INTEGER NOT NULL,\n    \"total\" INTEGER GENERATED ALWAYS AS (price * qty) STORED,\n    \
         \"code\" TEXT COLLATE \"C\",\n    \"label\" VARCHAR(20) COLLATE \"POSIX\",\n    \"note\" TEXT,\n    \
         CONSTRAINT \"orders_pkey\" PRIMARY KEY (\"id\")\n)"
    );
    let counters = &create_sql(&t[1..2])[0];
    assert!(
        counters.contains(
            "\"a\" INTEGER GENERATED ALWAYS AS IDENTITY (START WITH 100 INCREMENT BY 5 MAXVALUE 1000000 CYCLE) NOT NULL"
        ),
        "{counters}"
    );
    assert!(counters.contains("\"b\" SMALLINT GENERATED BY DEFAULT AS IDENTITY NOT NULL"), "{counters}");
    let docs = create_sql(&t[2..3]);
    let expected_indexes = [
        "CREATE INDEX \"ix_docs_rank_nulls_first\" ON \"docs\" (\"rank\" NULLS FIRST)",
        "CREATE INDEX \"ix_docs_title_rank\" ON \"docs\" (\"title\", \"rank\" DESC NULLS LAST)",
        "CREATE INDEX \"ix_docs_created\" ON \"docs\" (\"created\") INCLUDE (\"title\")",
        "CREATE UNIQUE INDEX \"ux_docs_rank\" ON \"docs\" (\"rank\") NULLS NOT DISTINCT",
        "CREATE INDEX \"ix_docs_title_hash\" ON \"docs\" USING hash (\"title\")",
        "CREATE INDEX \"ix_docs_tags\" ON \"docs\" USING gin (\"tags\")",
        "CREATE INDEX \"ix_docs_body\" ON \"docs\" USING gin (\"body\" jsonb_path_ops)",
        "CREATE INDEX \"ix_docs_created_brin\" ON \"docs\" USING brin (\"created\")",
        "CREATE INDEX \"ix_docs_title_spgist\" ON \"docs\" USING spgist (\"title\")",
        "CREATE INDEX \"ix_docs_rank_title_pattern\" ON \"docs\" (\"rank\", \"title\" text_pattern_ops)",
        "CREATE INDEX \"ix_docs_lower_title\" ON \"docs\" ((lower(title))) WHERE deleted IS NOT TRUE",
    ];
    assert_eq!(&docs[1..], &expected_indexes.map(s)[..]);
    let keyed = &create_sql(&t[3..4])[0];
    for clause in [
        "CONSTRAINT \"uq_memberships_team_person\" UNIQUE NULLS NOT DISTINCT (\"team\", \"person\") DEFERRABLE INITIALLY DEFERRED",
        "CONSTRAINT \"fk_memberships_self\" FOREIGN KEY (\"other_id\", \"other_x\") REFERENCES \"memberships\" (\"other_id\", \"other_x\") MATCH FULL ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED",
    ] {
        assert!(keyed.contains(clause), "{keyed}");
    }
    let x = bookings().exclusion_constraints[0].clone();
    assert_eq!(
        render(Operation::AddExclusionConstraint(AddExclusionConstraint { table: s("bookings"), constraint: x })),
        vec![s("ALTER TABLE \"bookings\" ADD CONSTRAINT \"ex_bookings_room_during\" EXCLUDE USING gist (\"room\" WITH =, \"during\" WITH &&) WHERE (NOT cancelled)")]
    );
    assert_eq!(
        render(Operation::DropExclusionConstraint(DropExclusionConstraint {
            table: s("bookings"),
            name: Some(s("ex_bookings_during")),
            elements: Vec::new(),
        })),
        vec![s("ALTER TABLE \"bookings\" DROP CONSTRAINT \"ex_bookings_during\"")]
    );
}

#[test]
fn alter_column_sets_identity_options_and_collations() {
    let alter = |name: &str| AlterColumn { table: s("counters"), name: s(name), ..AlterColumn::default() };
    assert_eq!(
        render(Operation::AlterColumn(AlterColumn {
            identity: Some(Identity { increment: Some(2), cycle: true, ..identity(false) }),
            ..alter("a")
        })),
        // The start and bound change: the sequence restarts, then moves past the rows.
        vec![
            s("ALTER TABLE \"counters\" ALTER COLUMN \"a\" SET GENERATED BY DEFAULT SET INCREMENT BY 2 \
                SET NO MINVALUE SET NO MAXVALUE SET START WITH 1 SET CYCLE RESTART"),
            s("SELECT setval(pg_get_serial_sequence('\"counters\"', 'a'), GREATEST(MAX(\"a\") + 1, 1), false) \
                FROM \"counters\" HAVING COUNT(\"a\") > 0")
        ]
    );
    assert_eq!(
        render(Operation::AlterColumn(AlterColumn {
            table: s("orders"),
            name: s("note"),
            collation: Some(s("C")),
            ..AlterColumn::default()
        })),
        vec![s("ALTER TABLE \"orders\" ALTER COLUMN \"note\" TYPE TEXT COLLATE \"C\"")]
    );
    assert_eq!(
        render(Operation::AlterColumn(AlterColumn {
            table: s("orders"),
            name: s("code"),
            drop_collation: true,
            ..AlterColumn::default()
        })),
        vec![s("ALTER TABLE \"orders\" ALTER COLUMN \"code\" TYPE TEXT COLLATE \"default\"")]
    );
}

#[test]
fn what_postgresql_cannot_express_is_an_error_naming_the_object() {
    let d = PostgresDialect;
    let unsupported = |op: Operation, schema: &Schema, names: &[&str]| match render_operation(&d, &op, schema) {
        Err(DialectError::Unsupported { what, .. }) => {
            for n in names {
                assert!(what.contains(n), "{what} names {n}");
            }
        }
        other => panic!("{op:?}: {other:?}"),
    };
    let charset = Column { charset: Some(s("utf8mb4")), ..Column::new("title", ColumnType::Text) };
    let on_update = Column {
        on_update: Some(s("CURRENT_TIMESTAMP")),
        ..Column::new("changed", ColumnType::DateTime { timezone: false })
    };
    let virtual_column =
        Column { generated: Some(Generated { expression: s("id * 2"), stored: false }), ..int("twice") };
    for (column, names) in [
        (charset, ["orders.title", "character set"]),
        (on_update, ["orders.changed", "ON UPDATE"]),
        (virtual_column, ["orders.twice", "virtual"]),
    ] {
        unsupported(Operation::AddColumn(AddColumn { table: s("orders"), column }), &before(), &names);
    }
    let options = Table { charset: Some(s("utf8mb4")), ..Table::new("t") };
    unsupported(Operation::CreateTable(options), &Schema::new(), &["t", "character set"]);
    unsupported(
        Operation::SetTableOptions(SetTableOptions {
            table: s("orders"),
            charset: None,
            collation: Some(s("C")),
            options: None,
        }),
        &before(),
        &["orders"],
    );
    unsupported(
        Operation::AlterColumn(AlterColumn {
            table: s("orders"),
            name: s("note"),
            charset: Some(s("latin1")),
            ..AlterColumn::default()
        }),
        &before(),
        &["orders.note"],
    );
    let fulltext = Index { method: Some(s("fulltext")), ..index("ft_orders_note", &["note"]) };
    unsupported(
        Operation::CreateIndex(CreateIndex { table: s("orders"), index: fulltext }),
        &before(),
        &["ft_orders_note", "fulltext"],
    );
}

/// A table whose expressions PostgreSQL stores in a form the comparison rules do not undo
/// (`LIKE … ESCAPE` becomes `~~ like_escape(…)`), with the desired schema that wrote
/// them; and a check that really changed.
const REWRITTEN: &str = "CREATE TABLE notes (
    id integer PRIMARY KEY,
    name text,
    flag boolean DEFAULT ('x' LIKE 'a!%' ESCAPE '!'),
    escaped boolean GENERATED ALWAYS AS (name LIKE 'a!%' ESCAPE '!') STORED,
    n integer,
    CONSTRAINT ck_notes_name CHECK (name NOT LIKE 'x!_%' ESCAPE '!'),
    CONSTRAINT ck_notes_n CHECK (n > 0)
);
CREATE INDEX ix_notes_due ON notes ((name LIKE 'c!%' ESCAPE '!')) WHERE name LIKE 'b!%' ESCAPE '!'";

fn rewritten_desired() -> Table {
    let mut t = table(
        "notes",
        vec![
            Column::new("name", ColumnType::Text),
            Column::new("flag", ColumnType::Boolean).default_sql("'x' LIKE 'a!%' ESCAPE '!'"),
            Column {
                generated: Some(Generated { expression: s("name LIKE 'a!%' ESCAPE '!'"), stored: true }),
                ..Column::new("escaped", ColumnType::Boolean)
            },
            int("n"),
        ],
    );
    t.check_constraints = vec![
        CheckConstraint { name: Some(s("ck_notes_name")), expression: s("name NOT LIKE 'x!_%' ESCAPE '!'") },
        CheckConstraint { name: Some(s("ck_notes_n")), expression: s("n > 1") },
    ];
    t.indexes = vec![Index {
        predicate: Some(s("name LIKE 'b!%' ESCAPE '!'")),
        ..index("ix_notes_due", &["name LIKE 'c!%' ESCAPE '!'"])
    }];
    t
}

#[tokio::test]
async fn the_server_spells_the_expressions_the_rules_cannot_match() {
    let Some(db) = FreshDatabase::create(POSTGRES_URL_VAR, SUITE).await else { return };
    let mut conn = PostgresConnection::connect(&db.url).await.expect("connects");
    conn.execute(REWRITTEN).await.expect("creates");
    let live = conn.inspect(&[]).await.expect("inspects");
    let l = live.table("notes").expect("notes");
    let d = PostgresDialect;
    let wanted = rewritten_desired();
    let mut desired = Schema::new();
    desired.insert(wanted.clone());
    // As written, every expression reads as changed.
    let col = |t: &Table, n: &str| t.column(n).cloned().expect("column");
    let default_of = |t: &Table| col(t, "flag").server_default.expect("default");
    let generated_of = |t: &Table| col(t, "escaped").generated.expect("generated").expression;
    assert!(!d.defaults_equal(&col(&wanted, "flag"), Some(&default_of(&wanted)), Some(&default_of(l))));
    assert!(!d.checks_equal(&generated_of(&wanted), &generated_of(l)));
    assert!(!d.checks_equal(&wanted.check_constraints[0].expression, &l.check_constraints[1].expression));
    assert!(!d.index_entries_equal(&wanted.indexes[0].columns, &l.indexes[0].columns));

    conn.canonicalize_expressions(&mut desired, &live).await.expect("canonicalizes");
    let t = desired.table("notes").expect("notes");
    assert!(d.defaults_equal(&col(t, "flag"), Some(&default_of(t)), Some(&default_of(l))), "{:?}", col(t, "flag"));
    assert!(d.checks_equal(&generated_of(t), &generated_of(l)), "{}", generated_of(t));
    let live_check = |name: &str| l.check_constraints.iter().find(|c| c.name.as_deref() == Some(name)).cloned();
    let name_check = live_check("ck_notes_name").expect("live check");
    assert!(d.checks_equal(&t.check_constraints[0].expression, &name_check.expression));
    assert!(d.index_entries_equal(&t.indexes[0].columns, &l.indexes[0].columns), "{:?}", t.indexes[0]);
    assert!(d.checks_equal(
        t.indexes[0].predicate.as_deref().expect("predicate"),
        l.indexes[0].predicate.as_deref().expect("live predicate")
    ));
    // A real change keeps its text, and nothing was left behind.
    assert_eq!(t.check_constraints[1].expression, "n > 1");
    let again = conn.inspect(&[]).await.expect("inspects");
    assert_eq!(again, live, "the scratch tables are gone");

    // Once every expression compares equal, asking costs nothing.
    let mut same = desired.clone();
    same.tables.get_mut("notes").expect("notes").check_constraints.truncate(1);
    let sent = conn.statements_sent();
    conn.canonicalize_expressions(&mut same, &live).await.expect("canonicalizes");
    assert_eq!(conn.statements_sent(), sent, "no query when nothing differs");
    conn.close().await.expect("closes");
    db.drop_database().await.expect("drops");
}
