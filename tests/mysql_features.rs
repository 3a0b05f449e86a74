//! MySQL / MariaDB features of the model on a real server: generated columns, character
//! sets and collations (column and table), `ON UPDATE CURRENT_TIMESTAMP`, unsigned and
//! zerofill, FULLTEXT and SPATIAL indexes and descending keys are rendered, run, read back
//! as they were asked for, and kept (rows too) when a column is modified; what MySQL lacks
//! is refused by name, offline.
//!
//! Server tests need `ALAMBIC_TEST_MYSQL_URL` and skip loudly without it.

#![cfg(feature = "mysql")]

use alambic::dialect::mysql::{MySqlConnection, MySqlDialect};
use alambic::dialect::{render_operation, Connection, Dialect, DialectError};
use alambic::operation::*;
use alambic::schema::*;
use alambic::testing::{FreshDatabase, MYSQL_URL_VAR};

fn strings(cols: &[&str]) -> Vec<String> {
    cols.iter().map(|c| c.to_string()).collect()
}

fn id() -> Column {
    Column::new("id", ColumnType::Integer).not_null()
}

fn table(name: &str, columns: Vec<Column>) -> Table {
    Table {
        name: name.into(),
        columns,
        primary_key: Some(PrimaryKey { name: None, columns: strings(&["id"]) }),
        ..Table::default()
    }
}

/// Every column feature MySQL has, on one table with a table-level charset and collation.
fn features_table() -> Table {
    let mut t = table(
        "item",
        vec![
            id(),
            Column::new("price", ColumnType::Integer).not_null().default_sql("0"),
            Column::new("qty", ColumnType::Raw("int unsigned".into())).not_null().default_sql("1"),
            Column {
                generated: Some(Generated { expression: "price * qty".into(), stored: false }),
                ..Column::new("total", ColumnType::BigInteger)
            },
            Column {
                generated: Some(Generated { expression: "concat(name, '!')".into(), stored: true }),
                ..Column::new("shout", ColumnType::String(Some(80)))
            },
            Column { charset: Some("latin1".into()), ..Column::new("name", ColumnType::String(Some(40))) },
            Column { collation: Some("utf8mb4_bin".into()), ..Column::new("code", ColumnType::String(Some(10))) },
            Column {
                charset: Some("latin1".into()),
                collation: Some("latin1_bin".into()),
                ..Column::new("tag", ColumnType::String(Some(10)))
            },
            Column {
                on_update: Some("CURRENT_TIMESTAMP(3)".into()),
                ..Column::new("touched", ColumnType::Raw("timestamp(3)".into()))
                    .not_null()
                    .default_sql("CURRENT_TIMESTAMP(3)")
            },
            Column {
                on_update: Some("CURRENT_TIMESTAMP".into()),
                ..Column::new("changed", ColumnType::DateTime { timezone: false })
            },
            Column::new("serial", ColumnType::Raw("int(6) unsigned zerofill".into())),
            Column::new("body", ColumnType::Text),
            Column::new("spot", ColumnType::Raw("point".into())).not_null(),
        ],
    );
    t.charset = Some("utf8mb4".into());
    t.collation = Some("utf8mb4_unicode_ci".into());
    t.indexes = vec![
        Index {
            name: "ft_item_body".into(),
            columns: strings(&["body"]),
            method: Some("fulltext".into()),
            ..Index::default()
        },
        Index {
            name: "sp_item_spot".into(),
            columns: strings(&["spot"]),
            method: Some("spatial".into()),
            ..Index::default()
        },
        Index {
            name: "ix_item_price".into(),
            columns: strings(&["price", "qty"]),
            descending: vec![true, false],
            ..Index::default()
        },
        Index { name: "ix_item_code".into(), columns: strings(&["code(4)"]), ..Index::default() },
    ];
    t
}

struct Server {
    db: FreshDatabase,
    conn: MySqlConnection,
}

async fn server(suite: &str) -> Option<Server> {
    let db = FreshDatabase::create(MYSQL_URL_VAR, suite).await?;
    let conn = MySqlConnection::connect(&db.url).await.expect("connects to the fresh database");
    Some(Server { db, conn })
}

impl Server {
    async fn finish(self) {
        drop(self.conn);
        self.db.drop_database().await.expect("drops the test database");
    }

    /// Renders `op` against `before`, runs it, and returns `before` with `op` applied.
    async fn run(&mut self, op: Operation, before: &Schema) -> Schema {
        for sql in render_operation(&MySqlDialect, &op, before).unwrap_or_else(|e| panic!("{op:?}: {e}")) {
            self.conn.execute(&sql).await.unwrap_or_else(|e| panic!("{e}"));
        }
        let mut after = before.clone();
        op.apply(&mut after).expect("applies in memory");
        after
    }

    async fn live(&mut self, name: &str) -> Table {
        let live = self.conn.inspect(&[]).await.expect("inspects");
        live.table(name).unwrap_or_else(|| panic!("{name} exists")).clone()
    }

    async fn rows(&mut self, sql: &str) -> Vec<String> {
        self.conn.fetch_strings(sql).await.expect("reads rows")
    }
}

/// Asserts that every feature of `want`'s columns and indexes reads back from `live` as
/// asked (expressions under the dialect's rules, types as the server stores them).
fn assert_features(want: &Table, live: &Table, step: &str) {
    let d = MySqlDialect;
    assert_eq!(want.charset, live.charset, "{step}: table charset");
    assert_eq!(want.collation, live.collation, "{step}: table collation");
    assert_eq!(
        want.columns.iter().map(|c| &c.name).collect::<Vec<_>>(),
        live.columns.iter().map(|c| &c.name).collect::<Vec<_>>(),
        "{step}: columns"
    );
    for (w, l) in want.columns.iter().zip(&live.columns) {
        let at = format!("{step}: column {}", w.name);
        assert!(d.types_equal(&w.r#type, &l.r#type), "{at}: type {:?} vs {:?}", w.r#type, l.r#type);
        assert_eq!(w.nullable, l.nullable, "{at}: nullable");
        assert!(d.defaults_equal(w, w.server_default.as_deref(), l.server_default.as_deref()), "{at}: {l:?}");
        assert_eq!(w.charset, l.charset, "{at}: charset");
        assert_eq!(w.collation, l.collation, "{at}: collation");
        assert_eq!(w.generated.as_ref().map(|g| g.stored), l.generated.as_ref().map(|g| g.stored), "{at}: kind");
        if let (Some(wg), Some(lg)) = (&w.generated, &l.generated) {
            assert!(d.checks_equal(&wg.expression, &lg.expression), "{at}: {} vs {}", wg.expression, lg.expression);
        }
        let on_update_equal = match (&w.on_update, &l.on_update) {
            (Some(a), Some(b)) => d.checks_equal(a, b),
            (a, b) => a == b,
        };
        assert!(on_update_equal, "{at}: on update {:?} vs {:?}", w.on_update, l.on_update);
    }
    let mut live_indexes = live.indexes.clone();
    live_indexes.sort_by(|a, b| a.name.cmp(&b.name));
    let mut want_indexes = want.indexes.clone();
    want_indexes.sort_by(|a, b| a.name.cmp(&b.name));
    assert_eq!(want_indexes, live_indexes, "{step}: indexes");
}

const ROWS: &str = "INSERT INTO item (id, price, qty, name, code, tag, body, spot, serial) VALUES \
     (1, 3, 2, 'caf\u{e9}', 'Ab', 'x', 'hello world', POINT(1, 2), 7), \
     (2, 5, 1, 'bar', 'aB', 'y', 'other words', POINT(3, 4), 42)";

const SELECT_ROWS: &str = "SELECT CONCAT_WS('|', id, price, qty, total, shout, name, code, tag, body, \
     ST_AsText(spot), serial) FROM item ORDER BY id";

#[tokio::test]
async fn every_mysql_column_and_index_feature_reads_back_as_created() {
    let Some(mut s) = server("mysql features create").await else { return };
    let want = features_table();
    let schema = s.run(Operation::CreateTable(want.clone()), &Schema::new()).await;
    s.conn.execute(ROWS).await.expect("inserts rows");
    let live = s.live("item").await;
    assert_features(&want, &live, "create");
    let rows = s.rows(SELECT_ROWS).await;
    assert_eq!(rows[0], "1|3|2|6|café!|café|Ab|x|hello world|POINT(1 2)|000007");

    // MODIFY restates the whole column: a change of comment keeps every feature of it.
    let mut current = schema;
    for column in ["total", "shout", "name", "code", "tag", "touched", "changed", "serial"] {
        let alter = AlterColumn {
            table: "item".into(),
            name: column.into(),
            comment: Some(format!("about {column}")),
            ..AlterColumn::default()
        };
        current = s.run(Operation::AlterColumn(alter), &current).await;
    }
    let live = s.live("item").await;
    assert_features(current.table("item").expect("item"), &live, "modify");
    assert_eq!(live.column("serial").and_then(|c| c.comment.as_deref()), Some("about serial"));
    assert_eq!(s.rows(SELECT_ROWS).await, rows, "rows kept by MODIFY");

    // ON UPDATE fires, and still fires after the MODIFY.
    s.conn.execute("UPDATE item SET changed = NULL WHERE id = 2").await.expect("resets");
    s.conn.execute("UPDATE item SET price = 6 WHERE id = 2").await.expect("updates");
    let changed = s.rows("SELECT changed IS NOT NULL FROM item WHERE id = 2").await;
    assert_eq!(changed, ["1"]);
    s.finish().await;
}

#[tokio::test]
async fn column_features_are_set_and_dropped_by_alter_column() {
    let Some(mut s) = server("mysql features alter").await else { return };
    let mut start = table(
        "note",
        vec![
            id(),
            Column::new("title", ColumnType::String(Some(20))),
            Column::new("at", ColumnType::DateTime { timezone: false }),
        ],
    );
    start.charset = Some("utf8mb4".into());
    start.collation = Some("utf8mb4_general_ci".into());
    let mut schema = s.run(Operation::CreateTable(start), &Schema::new()).await;
    s.conn.execute("INSERT INTO note (id, title) VALUES (1, 'Hello'), (2, 'hello')").await.expect("rows");
    let set = AlterColumn {
        table: "note".into(),
        name: "title".into(),
        collation: Some("utf8mb4_bin".into()),
        ..AlterColumn::default()
    };
    let on_update = AlterColumn {
        table: "note".into(),
        name: "at".into(),
        on_update: Some("CURRENT_TIMESTAMP".into()),
        ..AlterColumn::default()
    };
    for op in [set.clone(), on_update.clone()] {
        let undo = Operation::AlterColumn(op.clone()).inverse(&schema).expect("inverse");
        schema = s.run(Operation::AlterColumn(op), &schema).await;
        let live = s.live("note").await;
        assert_features(schema.table("note").expect("note"), &live, "set");
        for u in undo {
            schema = s.run(u, &schema).await;
        }
        let live = s.live("note").await;
        assert_features(schema.table("note").expect("note"), &live, "dropped again");
    }
    assert_eq!(s.rows("SELECT title FROM note ORDER BY id").await, ["Hello", "hello"]);
    let latin = AlterColumn {
        table: "note".into(),
        name: "title".into(),
        charset: Some("latin1".into()),
        ..AlterColumn::default()
    };
    schema = s.run(Operation::AlterColumn(latin), &schema).await;
    assert_features(schema.table("note").expect("note"), &s.live("note").await, "latin1");
    assert_eq!(s.rows("SELECT title FROM note ORDER BY id").await, ["Hello", "hello"]);
    s.finish().await;
}

#[tokio::test]
async fn table_options_move_the_columns_that_follow_the_table_and_keep_the_others() {
    let Some(mut s) = server("mysql table options").await else { return };
    let own =
        Column { collation: Some("utf8mb4_unicode_ci".into()), ..Column::new("code", ColumnType::String(Some(8))) };
    let mut t = table("doc", vec![id(), Column::new("title", ColumnType::String(Some(20))), own]);
    t.charset = Some("utf8mb4".into());
    t.collation = Some("utf8mb4_general_ci".into());
    let schema = s.run(Operation::CreateTable(t), &Schema::new()).await;
    s.conn.execute("INSERT INTO doc (id, title, code) VALUES (1, 'x', 'A'), (2, 'X', 'b')").await.expect("rows");
    let op =
        SetTableOptions { table: "doc".into(), charset: None, collation: Some("utf8mb4_bin".into()), options: None };
    let undo = Operation::SetTableOptions(op.clone()).inverse(&schema).expect("inverse");
    let after = s.run(Operation::SetTableOptions(op), &schema).await;
    let live = s.live("doc").await;
    assert_eq!(live.collation.as_deref(), Some("utf8mb4_bin"));
    assert_eq!(live.charset.as_deref(), Some("utf8mb4"));
    assert_features(after.table("doc").expect("doc"), &live, "table collation set");
    // `title` follows the table: 'x' and 'X' now differ.
    assert_eq!(s.rows("SELECT COUNT(DISTINCT title) FROM doc").await, ["2"]);
    let mut back = after;
    for u in undo {
        back = s.run(u, &back).await;
    }
    let live = s.live("doc").await;
    assert_features(back.table("doc").expect("doc"), &live, "undone");
    assert_eq!(s.rows("SELECT COUNT(DISTINCT title) FROM doc").await, ["1"]);
    assert_eq!(s.rows("SELECT CONCAT(title, code) FROM doc ORDER BY id").await, ["xA", "Xb"]);
    s.finish().await;
}

#[test]
fn features_render_in_mysql_spelling() {
    let d = MySqlDialect;
    let sql = d.render(&Operation::CreateTable(features_table()), &Schema::new()).expect("renders");
    insta::assert_snapshot!(sql.join(";\n"));
    let mut s = Schema::new();
    s.insert(table("t", vec![id()]));
    let options = |charset: Option<&str>, collation: Option<&str>| {
        let op = SetTableOptions {
            table: "t".into(),
            charset: charset.map(String::from),
            collation: collation.map(String::from),
            options: None,
        };
        d.render(&Operation::SetTableOptions(op), &s).expect("renders")
    };
    assert_eq!(
        options(Some("latin1"), Some("latin1_bin")),
        ["ALTER TABLE `t` DEFAULT CHARACTER SET latin1 COLLATE latin1_bin"]
    );
    assert_eq!(options(None, Some("utf8mb4_bin")), ["ALTER TABLE `t` DEFAULT COLLATE utf8mb4_bin"]);
    assert_eq!(options(Some("utf8mb4"), None), ["ALTER TABLE `t` DEFAULT CHARACTER SET utf8mb4"]);
    assert!(options(None, None).is_empty());
}

/// The error for rendering `op` against `before`, which must be `Unsupported` and name `object`.
fn refused(op: Operation, before: &Schema, object: &str) -> String {
    match MySqlDialect.render(&op, before) {
        Err(e @ DialectError::Unsupported { .. }) => {
            let message = e.to_string();
            assert!(message.contains(object), "{message} names {object}");
            message
        }
        other => panic!("{op:?} should be unsupported, got {other:?}"),
    }
}

#[test]
fn what_mysql_lacks_is_refused_naming_the_object() {
    let mut parent = table("parent", vec![id()]);
    parent.unique_constraints = vec![];
    let mut s = Schema::new();
    s.insert(parent);
    s.insert(table("child", vec![id(), Column::new("parent_id", ColumnType::Integer)]));
    let fk = ForeignKey {
        name: Some("fk_child_parent".into()),
        columns: strings(&["parent_id"]),
        referred_table: "parent".into(),
        referred_columns: strings(&["id"]),
        ..ForeignKey::default()
    };
    let add_fk = |fk: ForeignKey| Operation::AddForeignKey(AddForeignKey { table: "child".into(), foreign_key: fk });
    let m = refused(add_fk(ForeignKey { deferrable: Some(Deferrable::Deferred), ..fk.clone() }), &s, "fk_child_parent");
    assert!(m.contains("DEFERRABLE INITIALLY DEFERRED"), "{m}");
    let m = refused(add_fk(ForeignKey { match_full: true, ..fk.clone() }), &s, "fk_child_parent");
    assert!(m.contains("MATCH FULL"), "{m}");
    let unique = |u: UniqueConstraint| {
        Operation::AddUniqueConstraint(AddUniqueConstraint { table: "child".into(), constraint: u })
    };
    let base = UniqueConstraint {
        name: Some("uq_child".into()),
        columns: strings(&["parent_id"]),
        ..UniqueConstraint::default()
    };
    refused(unique(UniqueConstraint { nulls_not_distinct: true, ..base.clone() }), &s, "uq_child");
    refused(unique(UniqueConstraint { deferrable: Some(Deferrable::Immediate), ..base }), &s, "uq_child");
    let index = |i: Index| Operation::CreateIndex(CreateIndex { table: "child".into(), index: i });
    let ix = Index { name: "ix_child".into(), columns: strings(&["parent_id"]), ..Index::default() };
    refused(index(Index { nulls: vec![Some(Nulls::Last)], ..ix.clone() }), &s, "ix_child");
    refused(index(Index { include: strings(&["id"]), ..ix.clone() }), &s, "ix_child");
    refused(index(Index { unique: true, nulls_not_distinct: true, ..ix.clone() }), &s, "ix_child");
    refused(index(Index { predicate: Some("id > 0".into()), ..ix.clone() }), &s, "ix_child");
    refused(index(Index { operator_classes: vec![Some("int4_ops".into())], ..ix.clone() }), &s, "ix_child");
    refused(index(Index { method: Some("hash".into()), ..ix.clone() }), &s, "ix_child");
    refused(index(Index { method: Some("gin".into()), ..ix.clone() }), &s, "ix_child");
    let identity = Identity { always: true, start: Some(100), ..Identity::default() };
    let counted = Column { autoincrement: true, identity: Some(identity), ..Column::new("n", ColumnType::Integer) };
    refused(Operation::AddColumn(AddColumn { table: "child".into(), column: counted }), &s, "`n`");
    let mut booking = table("booking", vec![id()]);
    booking.exclusion_constraints = vec![ExclusionConstraint {
        name: Some("no_overlap".into()),
        method: "gist".into(),
        elements: vec![],
        predicate: None,
        ..ExclusionConstraint::default()
    }];
    refused(Operation::CreateTable(booking), &Schema::new(), "no_overlap");
    // AUTO_INCREMENT with the database's own numbering is no identity option.
    let plain =
        Column { autoincrement: true, identity: Some(Identity::default()), ..Column::new("n", ColumnType::Integer) };
    let sql = MySqlDialect.render(&Operation::AddColumn(AddColumn { table: "child".into(), column: plain }), &s);
    assert_eq!(sql.expect("renders"), ["ALTER TABLE `child` ADD COLUMN `n` INTEGER AUTO_INCREMENT"]);
}

/// A table whose expressions MariaDB and MySQL store in a spelling of their own.
fn rewritten_table(limit: u32) -> Table {
    let generated = |name: &str, ty: ColumnType, expression: &str| Column {
        generated: Some(Generated { expression: expression.into(), stored: false }),
        ..Column::new(name, ty)
    };
    let mut t = table(
        "rewritten",
        vec![
            id(),
            Column::new("d", ColumnType::Date),
            Column::new("n", ColumnType::Integer),
            Column::new("s", ColumnType::String(Some(10))),
            generated("next_day", ColumnType::Date, "date_add(d, INTERVAL 1 DAY)"),
            generated("n_text", ColumnType::String(Some(20)), "CAST(n AS CHAR)"),
            generated("big", ColumnType::Integer, "IF(n > 1, TRUE, FALSE)"),
            Column::new("due", ColumnType::Date).default_sql("(CURRENT_DATE + INTERVAL 1 DAY)"),
        ],
    );
    t.check_constraints = vec![
        CheckConstraint { name: Some("ck_not_five".into()), expression: "NOT (n = 5)".into() },
        CheckConstraint { name: Some("ck_range".into()), expression: format!("n BETWEEN 1 AND {limit}") },
    ];
    t
}

#[tokio::test]
async fn the_server_spells_desired_expressions_that_differ_only_in_its_spelling() {
    let Some(mut s) = server("mysql canonical expressions").await else { return };
    let d = MySqlDialect;
    let want = rewritten_table(10);
    s.run(Operation::CreateTable(want.clone()), &Schema::new()).await;
    let live = s.conn.inspect(&[]).await.expect("inspects");
    let have = live.table("rewritten").expect("table").clone();
    let generated = |t: &Table, c: &str| t.column(c).and_then(|c| c.generated.clone()).expect("generated").expression;
    let check = |t: &Table, n: &str| {
        t.check_constraints.iter().find(|c| c.name.as_deref() == Some(n)).expect("check").expression.clone()
    };
    // The rules alone cannot tell these apart from a change.
    assert!(!d.checks_equal(&generated(&want, "next_day"), &generated(&have, "next_day")));
    assert!(!d.checks_equal(&generated(&want, "n_text"), &generated(&have, "n_text")));
    assert!(!d.checks_equal(&check(&want, "ck_not_five"), &check(&have, "ck_not_five")));

    let mut desired = Schema::new();
    desired.insert(want.clone());
    desired.insert(Table { name: "changed".into(), ..rewritten_table(11) });
    s.conn.canonicalize_expressions(&mut desired, &live).await.expect("canonicalizes");
    let got = desired.table("rewritten").expect("table");
    for column in ["next_day", "n_text", "big"] {
        assert_eq!(generated(got, column), generated(&have, column), "{column}");
    }
    assert_eq!(check(got, "ck_not_five"), check(&have, "ck_not_five"));
    assert!(d.defaults_equal(
        got.column("due").expect("due"),
        got.column("due").and_then(|c| c.server_default.as_deref()),
        have.column("due").and_then(|c| c.server_default.as_deref())
    ));
    desired.tables.remove("changed");
    assert!(alambic::diff::compare(&desired, &live, &d).is_empty(), "no false change");

    // A real change stays a change.
    let mut changed = Schema::new();
    changed.insert(rewritten_table(11));
    s.conn.canonicalize_expressions(&mut changed, &live).await.expect("canonicalizes");
    assert_eq!(check(changed.table("rewritten").expect("table"), "ck_range"), "n BETWEEN 1 AND 11");
    assert!(!alambic::diff::compare(&changed, &live, &d).is_empty(), "the new range is a change");

    // Texts that already match cost no statement.
    let sent = s.conn.statements_sent();
    let mut same = live.clone();
    s.conn.canonicalize_expressions(&mut same, &live).await.expect("canonicalizes");
    assert_eq!(s.conn.statements_sent(), sent);
    assert_eq!(same, live);
    s.finish().await;
}

#[tokio::test]
async fn column_character_sets_and_collations_that_restate_the_table_are_folded() {
    let Some(mut s) = server("mysql canonical collations").await else { return };
    let mut t = table("doc", vec![id(), Column::new("title", ColumnType::String(Some(20)))]);
    t.charset = Some("utf8mb4".into());
    t.collation = Some("utf8mb4_general_ci".into());
    s.run(Operation::CreateTable(t.clone()), &Schema::new()).await;
    let live = s.conn.inspect(&[]).await.expect("inspects");
    // As a dump writes it: the column restates the table's character set and collation.
    let mut restated = t.clone();
    restated.columns[1].charset = Some("utf8mb4".into());
    restated.columns[1].collation = Some("utf8mb4_general_ci".into());
    let mut desired = Schema::new();
    desired.insert(restated);
    s.conn.canonicalize_expressions(&mut desired, &live).await.expect("canonicalizes");
    let title = desired.table("doc").and_then(|t| t.column("title")).expect("title");
    assert_eq!((title.charset.as_deref(), title.collation.as_deref()), (None, None));
    // latin1 with its default collation is latin1 alone; another collation stays.
    let mut latin = t.clone();
    latin.columns[1].charset = Some("latin1".into());
    latin.columns[1].collation = Some("latin1_swedish_ci".into());
    let mut bin = t;
    bin.columns[1].collation = Some("utf8mb4_bin".into());
    for (table, want) in [(latin, (Some("latin1"), None)), (bin, (None, Some("utf8mb4_bin")))] {
        let mut desired = Schema::new();
        desired.insert(table);
        s.conn.canonicalize_expressions(&mut desired, &live).await.expect("canonicalizes");
        let title = desired.table("doc").and_then(|t| t.column("title")).expect("title");
        assert_eq!((title.charset.as_deref(), title.collation.as_deref()), want);
    }
    s.finish().await;
}
