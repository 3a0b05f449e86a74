//! The MySQL / MariaDB dialect against a real server: rendered SQL (snapshots, offline),
//! every operation kind applied and undone with rows in the tables, introspection of a
//! hand-written database, and the fixed cost of introspection.
//!
//! Server tests need `ALAMBIC_TEST_MYSQL_URL` and skip loudly without it.

#![cfg(feature = "mysql")]

use alambic::dialect::mysql::{MySqlConnection, MySqlDialect};
use alambic::dialect::{Connection, Dialect, DialectError};
use alambic::operation::*;
use alambic::schema::*;
use alambic::testing::{FreshDatabase, MYSQL_URL_VAR};
use std::collections::BTreeMap;

// ---------------------------------------------------------------- fixtures

fn fk(name: Option<&str>, cols: &[&str], table: &str, refs: &[&str]) -> ForeignKey {
    ForeignKey {
        name: name.map(String::from),
        columns: cols.iter().map(|c| c.to_string()).collect(),
        referred_table: table.into(),
        referred_columns: refs.iter().map(|c| c.to_string()).collect(),
        on_delete: FkAction::NoAction,
        on_update: FkAction::NoAction,
        ..Default::default()
    }
}

fn strings(cols: &[&str]) -> Vec<String> {
    cols.iter().map(|c| c.to_string()).collect()
}

fn pk(cols: &[&str]) -> Option<PrimaryKey> {
    Some(PrimaryKey { name: None, columns: strings(cols) })
}

/// `roles`, `User` (mixed case, every neutral type) and `order` (a reserved word).
fn before_schema() -> Schema {
    let mut s = Schema::new();
    let mut roles = Table::new("roles");
    roles.columns = vec![
        Column { autoincrement: true, ..Column::new("id", ColumnType::Integer).not_null() },
        Column::new("name", ColumnType::String(Some(64))).not_null(),
    ];
    roles.primary_key = pk(&["id"]);
    roles.unique_constraints = vec![UniqueConstraint {
        name: Some("uq_roles_name".into()),
        columns: strings(&["name"]),
        ..Default::default()
    }];
    roles.comment = Some("Who may do what".into());
    s.insert(roles);

    let mut user = Table::new("User");
    user.columns = vec![
        Column { autoincrement: true, ..Column::new("id", ColumnType::Integer).not_null() },
        Column::new("username", ColumnType::String(Some(64))).not_null().default_sql("''"),
        Column::new("role_id", ColumnType::Integer),
        Column::new("mood", ColumnType::Enum { name: Some("mood".into()), values: strings(&["happy", "it's ok"]) })
            .default_sql("'happy'"),
        Column::new("created", ColumnType::DateTime { timezone: true }).default_sql("CURRENT_TIMESTAMP"),
        Column::new("data", ColumnType::Json),
        Column::new("active", ColumnType::Boolean).not_null().default_sql("false"),
        Column::new("amount", ColumnType::Numeric(Some(10), Some(2))).default_sql("0"),
        Column::new("uid", ColumnType::Uuid),
        Column { comment: Some("About the user".into()), ..Column::new("bio", ColumnType::Text).default_sql("'-'") },
        Column::new("small", ColumnType::SmallInteger),
        Column::new("big", ColumnType::BigInteger),
        Column::new("born", ColumnType::Date),
        Column::new("wakes", ColumnType::Time),
        Column::new("ratio", ColumnType::Float),
        Column::new("score", ColumnType::Double),
        Column::new("avatar", ColumnType::Binary),
        Column::new("nick", ColumnType::String(None)),
        Column::new("legacy", ColumnType::Raw("MEDIUMTEXT".into())),
    ];
    user.primary_key = pk(&["id"]);
    user.indexes = vec![Index {
        name: "ix_User_username".into(),
        columns: strings(&["username"]),
        unique: false,
        descending: Vec::new(),
        predicate: None,
        ..Default::default()
    }];
    user.foreign_keys =
        vec![ForeignKey { on_delete: FkAction::Cascade, ..fk(Some("fk_User_role"), &["role_id"], "roles", &["id"]) }];
    user.check_constraints =
        vec![CheckConstraint { name: Some("ck_User_amount".into()), expression: "amount >= 0".into() }];
    s.insert(user);

    let mut order = Table::new("order");
    order.columns = vec![
        Column::new("id", ColumnType::BigInteger).not_null(),
        Column::new("user_id", ColumnType::Integer),
        Column::new("note", ColumnType::String(Some(200))),
        Column::new("code", ColumnType::String(Some(20))).not_null(),
    ];
    order.primary_key = pk(&["id"]);
    order.foreign_keys = vec![fk(Some("fk_order_user"), &["user_id"], "User", &["id"])];
    s.insert(order);
    s
}

/// The tables of `before_schema` in an order their foreign keys allow.
const CREATE_ORDER: [&str; 3] = ["roles", "User", "order"];

const ROWS: &str = "INSERT INTO `roles` (`id`, `name`) VALUES (1, 'admin'), (2, 'user');
INSERT INTO `User` (`id`, `username`, `role_id`, `mood`, `data`, `amount`, `uid`, `bio`)
  VALUES (1, 'ann', 1, 'it''s ok', '{\"a\": 1}', 12.5, '2f1b6a9e-6c57-4f0e-9d1b-0c7e8e2b2d11', 'hi'),
         (2, 'bob', 2, 'happy', NULL, 0, NULL, NULL);
INSERT INTO `order` (`id`, `user_id`, `note`, `code`) VALUES (10, 1, 'first', 'A-1'), (11, 2, NULL, 'B-2')";

fn add_column(table: &str, column: Column) -> Operation {
    Operation::AddColumn(AddColumn { table: table.into(), column })
}

fn alter(table: &str, name: &str) -> AlterColumn {
    AlterColumn { table: table.into(), name: name.into(), ..AlterColumn::default() }
}

fn order_item() -> Table {
    let mut t = Table::new("order_item");
    t.columns = vec![
        Column { autoincrement: true, ..Column::new("id", ColumnType::Integer).not_null() },
        Column::new("order_id", ColumnType::BigInteger).not_null(),
        Column::new("sku", ColumnType::String(Some(32))).not_null(),
        Column::new("qty", ColumnType::Integer).not_null().default_sql("1"),
        Column { comment: Some("Line's note".into()), ..Column::new("note", ColumnType::Text) },
    ];
    t.primary_key = pk(&["id"]);
    t.unique_constraints = vec![UniqueConstraint {
        name: Some("uq_order_item_line".into()),
        columns: strings(&["order_id", "sku"]),
        ..Default::default()
    }];
    t.foreign_keys = vec![ForeignKey {
        on_delete: FkAction::Cascade,
        on_update: FkAction::Cascade,
        ..fk(Some("fk_order_item_order"), &["order_id"], "order", &["id"])
    }];
    t.check_constraints =
        vec![CheckConstraint { name: Some("ck_order_item_qty".into()), expression: "qty > 0".into() }];
    t.indexes = vec![Index {
        name: "ix_order_item_sku".into(),
        columns: strings(&["sku(10)"]),
        unique: false,
        descending: Vec::new(),
        predicate: None,
        ..Default::default()
    }];
    t.comment = Some("One line of an order".into());
    t
}

/// One operation of every kind, each meant for `before_schema()`.
fn every_operation() -> Vec<(&'static str, Operation)> {
    vec![
        ("create_table", Operation::CreateTable(order_item())),
        ("drop_table", Operation::DropTable(DropTable { name: "order".into() })),
        ("rename_table", Operation::RenameTable(RenameTable { from: "order".into(), to: "orders".into() })),
        (
            "add_column",
            add_column(
                "User",
                Column { comment: Some("Where to write".into()), ..Column::new("email", ColumnType::String(Some(32))) }
                    .not_null()
                    .default_sql("''"),
            ),
        ),
        (
            "add_column_enum",
            add_column(
                "order",
                Column::new("state", ColumnType::Enum { name: None, values: strings(&["new", "paid"]) })
                    .not_null()
                    .default_sql("'new'"),
            ),
        ),
        ("add_column_json", add_column("order", Column::new("meta", ColumnType::Json))),
        ("drop_column", Operation::DropColumn(DropColumn { table: "User".into(), name: "bio".into() })),
        (
            "drop_column_with_foreign_key",
            Operation::DropColumn(DropColumn { table: "order".into(), name: "user_id".into() }),
        ),
        (
            "alter_column_type_and_nullability",
            Operation::AlterColumn(AlterColumn {
                r#type: Some(ColumnType::String(Some(128))),
                nullable: Some(true),
                ..alter("User", "username")
            }),
        ),
        (
            "alter_column_default",
            Operation::AlterColumn(AlterColumn { server_default: Some("'x'".into()), ..alter("order", "note") }),
        ),
        (
            "alter_column_drop_default",
            Operation::AlterColumn(AlterColumn { drop_server_default: true, ..alter("User", "amount") }),
        ),
        (
            "alter_column_comment",
            Operation::AlterColumn(AlterColumn {
                comment: Some("Shown on the page".into()),
                ..alter("User", "username")
            }),
        ),
        (
            "alter_column_drop_comment",
            Operation::AlterColumn(AlterColumn { drop_comment: true, ..alter("User", "bio") }),
        ),
        (
            "alter_column_rename",
            Operation::AlterColumn(AlterColumn { rename: Some("login".into()), ..alter("User", "username") }),
        ),
        (
            "alter_column_autoincrement_off",
            Operation::AlterColumn(AlterColumn { autoincrement: Some(false), ..alter("User", "id") }),
        ),
        (
            "alter_column_enum_values",
            Operation::AlterColumn(AlterColumn {
                r#type: Some(ColumnType::Enum {
                    name: Some("mood".into()),
                    values: strings(&["happy", "it's ok", "sad"]),
                }),
                ..alter("User", "mood")
            }),
        ),
        (
            "create_index",
            Operation::CreateIndex(CreateIndex {
                table: "order".into(),
                index: Index {
                    name: "ix_order_code".into(),
                    columns: strings(&["code", "note(5)"]),
                    unique: true,
                    descending: Vec::new(),
                    predicate: None,
                    ..Default::default()
                },
            }),
        ),
        ("drop_index", Operation::DropIndex(DropIndex { table: "User".into(), name: "ix_User_username".into() })),
        (
            "create_primary_key",
            Operation::CreatePrimaryKey(CreatePrimaryKey {
                table: "order".into(),
                primary_key: PrimaryKey { name: Some("pk_order".into()), columns: strings(&["id", "code"]) },
            }),
        ),
        ("drop_primary_key", Operation::DropPrimaryKey(DropPrimaryKey { table: "order".into(), name: None })),
        (
            "add_unique_constraint",
            Operation::AddUniqueConstraint(AddUniqueConstraint {
                table: "order".into(),
                constraint: UniqueConstraint {
                    name: Some("uq_order_code".into()),
                    columns: strings(&["code"]),
                    ..Default::default()
                },
            }),
        ),
        (
            "drop_unique_constraint",
            Operation::DropUniqueConstraint(DropUniqueConstraint {
                table: "roles".into(),
                name: None,
                columns: strings(&["name"]),
            }),
        ),
        (
            "add_foreign_key",
            Operation::AddForeignKey(AddForeignKey {
                table: "User".into(),
                foreign_key: ForeignKey {
                    on_delete: FkAction::SetNull,
                    ..fk(Some("fk_User_last_order"), &["big"], "order", &["id"])
                },
            }),
        ),
        (
            "drop_foreign_key",
            Operation::DropForeignKey(DropForeignKey {
                table: "order".into(),
                name: None,
                columns: strings(&["user_id"]),
            }),
        ),
        (
            "add_check_constraint",
            Operation::AddCheckConstraint(AddCheckConstraint {
                table: "order".into(),
                check: CheckConstraint { name: Some("ck_order_code".into()), expression: "code <> ''".into() },
            }),
        ),
        (
            "drop_check_constraint",
            Operation::DropCheckConstraint(DropCheckConstraint {
                table: "User".into(),
                name: None,
                expression: Some("amount >= 0".into()),
            }),
        ),
        (
            "set_table_comment",
            Operation::SetTableComment(SetTableComment {
                table: "order".into(),
                comment: Some("What was bought".into()),
            }),
        ),
        ("remove_table_comment", Operation::SetTableComment(SetTableComment { table: "roles".into(), comment: None })),
        (
            "execute",
            Operation::Execute(Execute {
                sql: Some("UPDATE `order` SET note = 'generic'".into()),
                per_dialect: BTreeMap::from([("mysql".to_string(), "UPDATE `order` SET note = note".to_string())]),
            }),
        ),
    ]
}

// ---------------------------------------------------------------- offline rendering

#[test]
fn every_operation_renders_as_mysql_sql() {
    let d = MySqlDialect;
    let before = before_schema();
    let mut out = String::new();
    for name in CREATE_ORDER {
        let table = before.table(name).expect("fixture table").clone();
        for sql in d.render(&Operation::CreateTable(table), &Schema::new()).expect("renders") {
            out.push_str(&format!("{sql};\n"));
        }
    }
    for (name, op) in every_operation() {
        out.push_str(&format!("\n-- {name}\n"));
        for sql in d.render(&op, &before).unwrap_or_else(|e| panic!("{name}: {e}")) {
            out.push_str(&format!("{sql};\n"));
        }
    }
    insta::assert_snapshot!(out);
}

#[test]
fn identifiers_are_always_backtick_quoted() {
    let d = MySqlDialect;
    assert_eq!(d.quote("order"), "`order`");
    assert_eq!(d.quote("User"), "`User`");
    assert_eq!(d.quote("a`b"), "`a``b`");
    assert_eq!(d.name(), "mysql");
    assert_eq!(d.impl_name(), "MySQLImpl");
    assert!(!d.transactional_ddl());
}

#[test]
fn an_unnamed_drop_without_a_name_to_find_is_unsupported_and_says_where() {
    let d = MySqlDialect;
    let mut before = before_schema();
    before.tables.get_mut("order").expect("order").foreign_keys[0].name = None;
    let op =
        Operation::DropForeignKey(DropForeignKey { table: "order".into(), name: None, columns: strings(&["user_id"]) });
    let err = d.render(&op, &before).expect_err("no name to drop by");
    assert!(matches!(err, DialectError::Unsupported { .. }), "{err}");
    let msg = err.to_string();
    assert!(msg.contains("`order`") && msg.contains("user_id"), "{msg}");
}

#[test]
fn altering_a_missing_column_is_an_error_naming_it() {
    let d = MySqlDialect;
    let op = Operation::AlterColumn(AlterColumn { nullable: Some(true), ..alter("User", "nope") });
    let err = d.render(&op, &before_schema()).expect_err("missing column");
    assert!(err.to_string().contains("User.nope"), "{err}");
}

#[test]
fn types_render_in_mysql_spelling() {
    let d = MySqlDialect;
    let cases = [
        (ColumnType::String(None), "VARCHAR(255)"),
        (ColumnType::Boolean, "BOOL"),
        (ColumnType::DateTime { timezone: true }, "DATETIME"),
        (ColumnType::Numeric(Some(10), Some(2)), "NUMERIC(10, 2)"),
        (ColumnType::Uuid, "CHAR(36)"),
        (ColumnType::Enum { name: Some("m".into()), values: strings(&["a", "b'c"]) }, "ENUM('a', 'b''c')"),
        (ColumnType::Raw("MEDIUMINT UNSIGNED".into()), "MEDIUMINT UNSIGNED"),
    ];
    for (ty, want) in cases {
        assert_eq!(d.render_type(&ty).expect("renders"), want);
    }
}

// ---------------------------------------------------------------- comparison under the dialect's rules

/// Where `live` differs from `expected` once the dialect's comparison rules are applied.
fn differences(d: &dyn Dialect, expected: &Schema, live: &Schema) -> Vec<String> {
    let mut diffs = Vec::new();
    let names = |s: &Schema| s.tables.keys().cloned().collect::<Vec<_>>();
    if names(expected) != names(live) {
        diffs.push(format!("tables {:?} != {:?}", names(expected), names(live)));
        return diffs;
    }
    for (name, e) in &expected.tables {
        let l = &live.tables[name];
        let mut diff = |what: String| diffs.push(format!("{name}: {what}"));
        if e.columns.len() != l.columns.len() {
            diff(format!("columns {:?} != {:?}", e.columns, l.columns));
            continue;
        }
        for (ec, lc) in e.columns.iter().zip(&l.columns) {
            if ec.name != lc.name
                || !d.types_equal(&ec.r#type, &lc.r#type)
                || ec.nullable != lc.nullable
                || !d.defaults_equal(ec, ec.server_default.as_deref(), lc.server_default.as_deref())
                || ec.autoincrement != lc.autoincrement
                || ec.comment != lc.comment
            {
                diff(format!("column {ec:?} != {lc:?}"));
            }
        }
        if e.primary_key.as_ref().map(|p| &p.columns) != l.primary_key.as_ref().map(|p| &p.columns) {
            diff(format!("primary key {:?} != {:?}", e.primary_key, l.primary_key));
        }
        // Unique constraints and unique indexes are one thing here.
        let uniques = |t: &Table| {
            let mut u: Vec<(Option<String>, Vec<String>)> =
                t.unique_constraints.iter().map(|u| (u.name.clone(), u.columns.clone())).collect();
            u.extend(t.indexes.iter().filter(|i| i.unique).map(|i| (Some(i.name.clone()), i.columns.clone())));
            u
        };
        let (eu, lu) = (uniques(e), uniques(l));
        let unique_match = eu.len() == lu.len()
            && eu.iter().all(|(n, c)| lu.iter().any(|(ln, lc)| lc == c && (n.is_none() || n == ln)));
        if !unique_match {
            diff(format!("unique {eu:?} != {lu:?}"));
        }
        let plain = |t: &Table, skip_generated: bool| {
            let mut v: Vec<(String, Vec<String>)> = t
                .indexes
                .iter()
                .filter(|i| !(i.unique || skip_generated && d.is_generated_index(t, i)))
                .map(|i| (i.name.clone(), i.columns.clone()))
                .collect();
            v.sort();
            v
        };
        if plain(e, false) != plain(l, true) {
            diff(format!("indexes {:?} != {:?}", plain(e, false), plain(l, true)));
        }
        let fk_shape = |f: &ForeignKey| {
            let norm = |a: FkAction| if a == FkAction::Restrict { FkAction::NoAction } else { a };
            (
                f.columns.clone(),
                f.referred_table.clone(),
                f.referred_columns.clone(),
                norm(f.on_delete),
                norm(f.on_update),
            )
        };
        let fk_match = e.foreign_keys.len() == l.foreign_keys.len()
            && e.foreign_keys.iter().all(|ef| {
                l.foreign_keys
                    .iter()
                    .any(|lf| fk_shape(ef) == fk_shape(lf) && (ef.name.is_none() || ef.name == lf.name))
            });
        if !fk_match {
            diff(format!("foreign keys {:?} != {:?}", e.foreign_keys, l.foreign_keys));
        }
        let ck_match = e.check_constraints.len() == l.check_constraints.len()
            && e.check_constraints.iter().all(|ec| {
                l.check_constraints.iter().any(|lc| {
                    d.checks_equal(&ec.expression, &lc.expression) && (ec.name.is_none() || ec.name == lc.name)
                })
            });
        if !ck_match {
            diff(format!("checks {:?} != {:?}", e.check_constraints, l.check_constraints));
        }
        if e.comment != l.comment {
            diff(format!("comment {:?} != {:?}", e.comment, l.comment));
        }
    }
    diffs
}

// ---------------------------------------------------------------- round trips on the server

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

    async fn run(&mut self, op: &Operation, before: &Schema) {
        let d = MySqlDialect;
        for sql in d.render(op, before).unwrap_or_else(|e| panic!("{op:?}: {e}")) {
            self.conn.execute(&sql).await.unwrap_or_else(|e| panic!("{e}"));
        }
    }

    /// The rows that must survive: per table, id and the text columns, in id order.
    async fn rows(&mut self, schema: &Schema) -> BTreeMap<String, Vec<String>> {
        let mut out = BTreeMap::new();
        for t in schema.tables.values() {
            let cols: Vec<String> = t
                .columns
                .iter()
                .filter(|c| ["id", "username", "login", "name", "code", "mood"].contains(&c.name.as_str()))
                .map(|c| format!("`{}`", c.name))
                .collect();
            if cols.is_empty() {
                continue;
            }
            let sql = format!("SELECT CONCAT_WS('|', {}) FROM `{}` ORDER BY `id`", cols.join(", "), t.name);
            out.insert(t.name.clone(), self.conn.fetch_strings(&sql).await.expect("reads rows"));
        }
        out
    }

    async fn assert_schema(&mut self, expected: &Schema, step: &str) {
        let live = self.conn.inspect(&[]).await.expect("inspects");
        let diffs = differences(&MySqlDialect, expected, &live);
        assert!(diffs.is_empty(), "{step}: live schema differs:\n{}", diffs.join("\n"));
    }
}

/// Creates `before_schema()` with rows, then for each operation: run it, compare the live
/// schema with `op.apply`, check the rows, run its inverse, compare with the start.
async fn round_trip(suite: &str, names: &[&str]) {
    let Some(mut s) = server(suite).await else { return };
    let before = before_schema();
    for name in CREATE_ORDER {
        let table = before.table(name).expect("fixture").clone();
        s.run(&Operation::CreateTable(table), &Schema::new()).await;
    }
    s.conn.execute(ROWS).await.expect("inserts rows");
    s.assert_schema(&before, "fixture").await;
    let ops: BTreeMap<&str, Operation> = every_operation().into_iter().collect();
    // The schema the database holds now: `before`, up to column order after a downgrade
    // re-adds a column (it comes last, as `apply` puts it).
    let mut base = before;
    for name in names {
        let op = &ops[name];
        let rows_before = s.rows(&base).await;
        let mut after = base.clone();
        op.apply(&mut after).expect("applies in memory");
        s.run(op, &base).await;
        s.assert_schema(&after, &format!("{name} (upgrade)")).await;
        let rows_after = s.rows(&after).await;
        for (table, rows) in &rows_after {
            let from = match op {
                Operation::RenameTable(r) if r.to == *table => r.from.clone(),
                _ => table.clone(),
            };
            if let Some(old) = rows_before.get(&from) {
                let renamed = matches!(op, Operation::AlterColumn(a) if a.rename.is_some());
                if renamed {
                    assert_eq!(rows.len(), old.len(), "{name}: rows of {table} lost");
                } else {
                    assert_eq!(rows, old, "{name}: rows of {table} changed");
                }
            }
        }
        if let Ok(undo) = op.inverse(&base) {
            let mut current = after.clone();
            for u in &undo {
                s.run(u, &current).await;
                u.apply(&mut current).expect("inverse applies");
            }
            s.assert_schema(&current, &format!("{name} (downgrade)")).await;
            if !matches!(op, Operation::DropTable(_) | Operation::DropColumn(_) | Operation::Execute(_)) {
                assert_eq!(s.rows(&current).await, rows_before, "{name}: rows changed after downgrade");
            }
            base = current;
        } else {
            base = after;
        }
    }
    s.finish().await;
}

#[tokio::test]
async fn tables_created_dropped_and_renamed_keep_their_shape_and_rows() {
    round_trip("mysql tables", &["create_table", "rename_table", "drop_table"]).await;
}

#[tokio::test]
async fn columns_added_and_dropped_round_trip() {
    round_trip(
        "mysql columns",
        &["add_column", "add_column_enum", "add_column_json", "drop_column", "drop_column_with_foreign_key"],
    )
    .await;
}

#[tokio::test]
async fn column_alterations_round_trip() {
    round_trip(
        "mysql alter column",
        &[
            "alter_column_type_and_nullability",
            "alter_column_default",
            "alter_column_drop_default",
            "alter_column_comment",
            "alter_column_drop_comment",
            "alter_column_rename",
            "alter_column_autoincrement_off",
            "alter_column_enum_values",
        ],
    )
    .await;
}

#[tokio::test]
async fn indexes_and_keys_round_trip() {
    round_trip(
        "mysql indexes",
        &[
            "create_index",
            "drop_index",
            "create_primary_key",
            "drop_primary_key",
            "add_unique_constraint",
            "drop_unique_constraint",
        ],
    )
    .await;
}

#[tokio::test]
async fn constraints_comments_and_raw_sql_round_trip() {
    round_trip(
        "mysql constraints",
        &[
            "add_foreign_key",
            "drop_foreign_key",
            "add_check_constraint",
            "drop_check_constraint",
            "set_table_comment",
            "remove_table_comment",
            "execute",
        ],
    )
    .await;
}

#[tokio::test]
async fn dropping_the_index_a_foreign_key_uses_re_adds_the_key() {
    let Some(mut s) = server("mysql fk index").await else { return };
    let mut before = Schema::new();
    let mut parent = Table::new("parent");
    parent.columns = vec![Column::new("id", ColumnType::Integer).not_null()];
    parent.primary_key = pk(&["id"]);
    let mut child = Table::new("child");
    child.columns =
        vec![Column::new("id", ColumnType::Integer).not_null(), Column::new("parent_id", ColumnType::Integer)];
    child.primary_key = pk(&["id"]);
    child.indexes = vec![Index {
        name: "ix_child_parent".into(),
        columns: strings(&["parent_id"]),
        unique: false,
        descending: Vec::new(),
        predicate: None,
        ..Default::default()
    }];
    child.foreign_keys = vec![ForeignKey {
        on_delete: FkAction::Cascade,
        ..fk(Some("fk_child_parent"), &["parent_id"], "parent", &["id"])
    }];
    for t in [parent, child] {
        let op = Operation::CreateTable(t);
        s.run(&op, &before).await;
        op.apply(&mut before).expect("applies");
    }
    s.conn.execute("INSERT INTO parent VALUES (1); INSERT INTO child VALUES (1, 1)").await.expect("rows");
    s.assert_schema(&before, "start").await;
    let op = Operation::DropIndex(DropIndex { table: "child".into(), name: "ix_child_parent".into() });
    let sql = MySqlDialect.render(&op, &before).expect("renders");
    assert_eq!(sql.len(), 3, "drop key, drop index, add key: {sql:?}");
    s.run(&op, &before).await;
    let mut after = before.clone();
    op.apply(&mut after).expect("applies");
    s.assert_schema(&after, "after drop").await;
    // The key still cascades.
    s.conn.execute("DELETE FROM parent").await.expect("delete");
    assert_eq!(s.conn.fetch_strings("SELECT COUNT(*) FROM child").await.expect("count"), ["0"]);
    // And dropping the key takes the index MySQL made for it.
    let drop_fk = Operation::DropForeignKey(DropForeignKey {
        table: "child".into(),
        name: Some("fk_child_parent".into()),
        columns: vec![],
    });
    s.run(&drop_fk, &after).await;
    drop_fk.apply(&mut after).expect("applies");
    let live = s.conn.inspect(&[]).await.expect("inspects");
    assert!(live.tables["child"].indexes.is_empty(), "{:?}", live.tables["child"].indexes);
    s.assert_schema(&after, "after fk drop").await;
    s.finish().await;
}

#[tokio::test]
async fn changing_the_type_of_a_foreign_key_column_re_adds_the_key() {
    let Some(mut s) = server("mysql fk column type").await else { return };
    let mut schema = Schema::new();
    let mut country = Table::new("country");
    country.columns = vec![Column::new("code", ColumnType::String(Some(2))).not_null()];
    country.primary_key = pk(&["code"]);
    let mut city = Table::new("city");
    city.columns = vec![
        Column::new("id", ColumnType::Integer).not_null(),
        Column::new("country_code", ColumnType::String(Some(2))).not_null(),
    ];
    city.primary_key = pk(&["id"]);
    city.foreign_keys = vec![ForeignKey {
        on_update: FkAction::Cascade,
        ..fk(Some("fk_city_country"), &["country_code"], "country", &["code"])
    }];
    for t in [country, city] {
        let op = Operation::CreateTable(t);
        s.run(&op, &schema).await;
        op.apply(&mut schema).expect("applies");
    }
    s.conn.execute("INSERT INTO country VALUES ('fr'); INSERT INTO city VALUES (1, 'fr')").await.expect("rows");
    let ops = [
        Operation::AlterColumn(AlterColumn { r#type: Some(ColumnType::String(Some(3))), ..alter("country", "code") }),
        Operation::AlterColumn(AlterColumn {
            r#type: Some(ColumnType::String(Some(3))),
            rename: Some("country".into()),
            ..alter("city", "country_code")
        }),
    ];
    for op in &ops {
        let sql = MySqlDialect.render(op, &schema).expect("renders");
        assert_eq!(sql.len(), 3, "drop key, change, add key: {sql:?}");
        s.run(op, &schema).await;
        op.apply(&mut schema).expect("applies");
        s.assert_schema(&schema, "after type change").await;
    }
    s.conn.execute("UPDATE country SET code = 'fra'").await.expect("cascades");
    assert_eq!(s.conn.fetch_strings("SELECT country FROM city").await.expect("reads"), ["fra"]);
    s.finish().await;
}

#[test]
fn dropping_a_primary_key_that_holds_auto_increment_is_unsupported() {
    let op = Operation::DropPrimaryKey(DropPrimaryKey { table: "User".into(), name: None });
    let err = MySqlDialect.render(&op, &before_schema()).expect_err("MySQL needs the key");
    assert!(err.to_string().contains("`User`") && err.to_string().contains("`id`"), "{err}");
}

// ---------------------------------------------------------------- introspection

#[tokio::test]
async fn a_hand_written_database_reads_as_the_neutral_schema() {
    let Some(mut s) = server("mysql inspect").await else { return };
    s.conn
        .execute(
            "CREATE TABLE parent (
                id int(11) NOT NULL AUTO_INCREMENT,
                name VARCHAR(64) NOT NULL DEFAULT '',
                flag tinyint(1) NOT NULL DEFAULT 0,
                created DATETIME DEFAULT CURRENT_TIMESTAMP,
                doc JSON,
                state ENUM('on','off') NOT NULL DEFAULT 'on' COMMENT 'switch',
                PRIMARY KEY (id),
                UNIQUE KEY uq_parent_name (name)
            ) COMMENT='parents';
            CREATE TABLE child (
                id int(11) NOT NULL,
                parent_id int(11) DEFAULT NULL,
                label VARCHAR(64),
                PRIMARY KEY (id),
                KEY ix_child_label (label(10)),
                CONSTRAINT fk_child_parent FOREIGN KEY (parent_id) REFERENCES parent (id) ON DELETE CASCADE,
                CONSTRAINT ck_child_id CHECK (id > 0)
            );
            CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY);",
        )
        .await
        .expect("creates the tables");
    let live = s.conn.inspect(&["alembic_version", "alambic_history"]).await.expect("inspects");

    let mut expected = Schema::new();
    let mut parent = Table::new("parent");
    parent.columns = vec![
        Column { autoincrement: true, ..Column::new("id", ColumnType::Integer).not_null() },
        Column::new("name", ColumnType::String(Some(64))).not_null().default_sql("''"),
        Column::new("flag", ColumnType::Boolean).not_null().default_sql("0"),
        Column::new("created", ColumnType::DateTime { timezone: false }).default_sql("CURRENT_TIMESTAMP"),
        Column::new("doc", ColumnType::Json),
        Column {
            comment: Some("switch".into()),
            ..Column::new("state", ColumnType::Enum { name: None, values: strings(&["on", "off"]) })
                .not_null()
                .default_sql("'on'")
        },
    ];
    parent.primary_key = pk(&["id"]);
    parent.unique_constraints = vec![UniqueConstraint {
        name: Some("uq_parent_name".into()),
        columns: strings(&["name"]),
        ..Default::default()
    }];
    parent.comment = Some("parents".into());
    expected.insert(parent);
    let mut child = Table::new("child");
    child.columns = vec![
        Column::new("id", ColumnType::Integer).not_null(),
        Column::new("parent_id", ColumnType::Integer),
        Column::new("label", ColumnType::String(Some(64))),
    ];
    child.primary_key = pk(&["id"]);
    child.indexes = vec![Index {
        name: "ix_child_label".into(),
        columns: strings(&["label(10)"]),
        unique: false,
        descending: Vec::new(),
        predicate: None,
        ..Default::default()
    }];
    child.foreign_keys = vec![ForeignKey {
        on_delete: FkAction::Cascade,
        ..fk(Some("fk_child_parent"), &["parent_id"], "parent", &["id"])
    }];
    child.check_constraints = vec![CheckConstraint { name: Some("ck_child_id".into()), expression: "id > 0".into() }];
    expected.insert(child);

    let diffs = differences(&MySqlDialect, &expected, &live);
    assert!(diffs.is_empty(), "{}", diffs.join("\n"));
    // Exact readings, beyond the comparison rules.
    let p = &live.tables["parent"];
    assert_eq!(p.columns[0].r#type, ColumnType::Integer);
    assert_eq!(p.columns[2].r#type, ColumnType::Boolean);
    assert_eq!(p.columns[1].server_default.as_deref(), Some("''"));
    assert_eq!(p.columns[4].r#type, ColumnType::Json);
    assert!(p.check_constraints.is_empty(), "{:?}", p.check_constraints);
    let c = &live.tables["child"];
    let generated: Vec<&Index> = c.indexes.iter().filter(|i| MySqlDialect.is_generated_index(c, i)).collect();
    assert_eq!(generated.len(), 1, "{:?}", c.indexes);
    assert_eq!(generated[0].name, "fk_child_parent");
    assert_eq!(c.columns[1].server_default, None);
    assert!(!live.tables.contains_key("alembic_version"));
    assert!(s.conn.table_exists("alembic_version").await.expect("reads"));
    assert!(!s.conn.table_exists("nope").await.expect("reads"));
    s.finish().await;
}

#[tokio::test]
async fn inspect_costs_the_same_statements_for_10_and_500_tables() {
    let Some(mut s) = server("mysql inspect cost").await else { return };
    let create = |range: std::ops::Range<u32>| {
        range
            .map(|i| {
                format!(
                    "CREATE TABLE t{i} (id INT NOT NULL PRIMARY KEY, p INT, name VARCHAR(10) DEFAULT 'x' COMMENT 'n', \
                     KEY ix_t{i}_name (name), CONSTRAINT ck_t{i} CHECK (id > 0), \
                     CONSTRAINT fk_t{i} FOREIGN KEY (p) REFERENCES t0 (id))"
                )
            })
            .collect::<Vec<_>>()
            .join(";\n")
    };
    s.conn.execute(&create(0..10)).await.expect("10 tables");
    let start = s.conn.statements_sent();
    let small = s.conn.inspect(&[]).await.expect("inspects 10");
    let cost_10 = s.conn.statements_sent() - start;
    s.conn.execute(&create(10..500)).await.expect("490 more tables");
    let start = s.conn.statements_sent();
    let large = s.conn.inspect(&[]).await.expect("inspects 500");
    let cost_500 = s.conn.statements_sent() - start;
    assert_eq!(small.tables.len(), 10);
    assert_eq!(large.tables.len(), 500);
    assert_eq!(large.tables["t499"].foreign_keys.len(), 1);
    assert_eq!(cost_10, cost_500);
    assert_eq!(cost_10, alambic::dialect::mysql::inspect::QUERIES);
    s.finish().await;
}

#[tokio::test]
async fn mariadb_urls_connect_and_bad_passwords_stay_hidden() {
    let Ok(url) = std::env::var(MYSQL_URL_VAR) else {
        alambic::testing::announce_skip("mysql urls", MYSQL_URL_VAR);
        return;
    };
    let maria = url.replacen("mysql://", "mariadb://", 1);
    let mut conn = MySqlConnection::connect(&maria).await.expect("mariadb:// connects");
    conn.begin().await.expect("begin");
    conn.rollback().await.expect("rollback");
    assert_eq!(conn.fetch_strings("SELECT 1; ").await.expect("select"), ["1"]);
    let bad = "mysql://nobody:sekrit@127.0.0.1:1/test";
    let err = MySqlConnection::connect(bad).await.expect_err("nothing listens on port 1");
    let msg = err.to_string();
    assert!(matches!(err, DialectError::Connect { .. }), "{msg}");
    assert!(!msg.contains("sekrit") && msg.contains("***"), "{msg}");
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
        let err = MySqlDialect.render(&op, &before).expect_err("no named types");
        assert!(matches!(err, DialectError::Unsupported { .. }), "{err}");
        assert!(err.to_string().contains("named type 'year'"), "{err}");
    }
}
