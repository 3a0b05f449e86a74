//! Autogenerate scenarios in the style of Alembic's own autogenerate tests, on every
//! database: schemas whose features a database spells back differently from how they were
//! written (implicit indexes, unique flags, names like columns or keywords, mixed case,
//! defaults and checks of every kind) must give no change once migrated, and common edits
//! must be detected as exactly that edit.

#![cfg(feature = "cli")]
// A build without every dialect leaves the other dialects' helpers unused.
#![cfg_attr(not(all(feature = "sqlite", feature = "postgres", feature = "mysql")), allow(dead_code, unused_imports))]

use alambic::testing::{FreshDatabase, MYSQL_URL_VAR, POSTGRES_URL_VAR};

mod common;
use common::matrix::{assert_stable, feature_case, Case};

/// Schemas that must diff as empty against themselves once migrated, on every database.
const STABLE: &[(&str, &str)] = &[
    (
        "a column both unique and indexed",
        "CREATE TABLE nothing_changed (id INTEGER NOT NULL PRIMARY KEY, x VARCHAR(20) UNIQUE);
         CREATE INDEX ix_nothing_changed_x ON nothing_changed (x);",
    ),
    (
        "a unique index named as its column",
        "CREATE TABLE unq_idx (id INTEGER NOT NULL PRIMARY KEY, x VARCHAR(20));
         CREATE UNIQUE INDEX x ON unq_idx (x);",
    ),
    (
        "an index named as its column",
        "CREATE TABLE ix_named (id INTEGER NOT NULL PRIMARY KEY, x VARCHAR(20));
         CREATE INDEX x ON ix_named (x);",
    ),
    (
        "a composite primary key and a unique column",
        "CREATE TABLE pair (id1 INTEGER NOT NULL, id2 INTEGER NOT NULL, x VARCHAR(20) UNIQUE, PRIMARY KEY (id1, id2));",
    ),
    (
        "named unique constraints over unsorted columns",
        "CREATE TABLE unsorted (id INTEGER NOT NULL PRIMARY KEY, a INTEGER, b INTEGER, c INTEGER,
             CONSTRAINT uq_unsorted_cab UNIQUE (c, a, b));
         CREATE INDEX ix_unsorted_ba ON unsorted (b, a);",
    ),
    (
        "a foreign key with an explicitly named index on its column",
        "CREATE TABLE parent (id INTEGER NOT NULL PRIMARY KEY);
         CREATE TABLE child (id INTEGER NOT NULL PRIMARY KEY, parent_id INTEGER,
             CONSTRAINT fk_child_parent FOREIGN KEY (parent_id) REFERENCES parent (id));
         CREATE INDEX ix_child_parent_id ON child (parent_id);",
    ),
    (
        "a composite foreign key and an index on its columns",
        "CREATE TABLE account (a INTEGER NOT NULL, b INTEGER NOT NULL, PRIMARY KEY (a, b));
         CREATE TABLE entry (id INTEGER NOT NULL PRIMARY KEY, a INTEGER, b INTEGER,
             CONSTRAINT fk_entry_account FOREIGN KEY (a, b) REFERENCES account (a, b));
         CREATE INDEX ix_entry_ab ON entry (a, b);",
    ),
    (
        "a foreign key without an index of its own",
        "CREATE TABLE team (id INTEGER NOT NULL PRIMARY KEY);
         CREATE TABLE player (id INTEGER NOT NULL PRIMARY KEY, team_id INTEGER REFERENCES team (id));",
    ),
    (
        "a self-referencing foreign key with actions",
        "CREATE TABLE node (id INTEGER NOT NULL PRIMARY KEY, parent_id INTEGER,
             FOREIGN KEY (parent_id) REFERENCES node (id) ON DELETE SET NULL ON UPDATE CASCADE);",
    ),
    (
        "mixed-case and keyword names",
        r#"CREATE TABLE "Order" ("Id" INTEGER NOT NULL PRIMARY KEY, "key" VARCHAR(10), "select" INTEGER,
             "CamelCol" VARCHAR(5));
         CREATE INDEX "IX_Order_Key" ON "Order" ("key");
         CREATE UNIQUE INDEX "UQ_Order_Select" ON "Order" ("select");"#,
    ),
    (
        "a unique index, a unique constraint and a plain index over the same columns",
        "CREATE TABLE overlap (id INTEGER NOT NULL PRIMARY KEY, a INTEGER, b INTEGER,
             CONSTRAINT uq_overlap_ab UNIQUE (a, b));
         CREATE UNIQUE INDEX ix_overlap_ba ON overlap (b, a);
         CREATE INDEX ix_overlap_a ON overlap (a);",
    ),
    (
        "defaults of every kind",
        "CREATE TABLE defaults (
             id INTEGER NOT NULL PRIMARY KEY,
             s VARCHAR(20) DEFAULT 'x',
             quoted VARCHAR(20) DEFAULT 'it''s',
             empty VARCHAR(20) NOT NULL DEFAULT '',
             n INTEGER DEFAULT 0,
             neg INTEGER DEFAULT -1,
             big BIGINT DEFAULT 9000000000,
             d NUMERIC(10, 2) DEFAULT 1.50,
             whole NUMERIC(10, 2) DEFAULT 5,
             f DOUBLE PRECISION DEFAULT 2.5,
             flag BOOLEAN NOT NULL DEFAULT FALSE,
             on_flag BOOLEAN DEFAULT TRUE,
             nothing VARCHAR(20) DEFAULT NULL,
             created TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
             day DATE DEFAULT '2020-01-01'
         );",
    ),
    (
        "checks of every kind",
        "CREATE TABLE checks (
             id INTEGER NOT NULL PRIMARY KEY,
             qty INTEGER CONSTRAINT ck_checks_qty CHECK (qty >= 0),
             state VARCHAR(10) CONSTRAINT ck_checks_state CHECK (state IN ('new', 'done', 'it''s')),
             pct NUMERIC(5, 2) CONSTRAINT ck_checks_pct CHECK (pct BETWEEN 0 AND 100),
             code VARCHAR(10) CONSTRAINT ck_checks_code CHECK (code LIKE 'A%'),
             lo INTEGER, hi INTEGER,
             CONSTRAINT ck_checks_range CHECK (lo < hi OR (lo IS NULL AND hi IS NOT NULL)),
             CONSTRAINT ck_checks_neg CHECK (lo <> -5),
             CHECK (hi > -100)
         );",
    ),
    (
        "types of every kind",
        "CREATE TABLE typed (
             id BIGINT NOT NULL PRIMARY KEY,
             small SMALLINT, i INTEGER, b BIGINT,
             vc VARCHAR(255), ch CHAR(3), t TEXT,
             num NUMERIC(12, 4), dec DECIMAL(8, 2), r REAL, dp DOUBLE PRECISION, fl FLOAT,
             yes BOOLEAN, day DATE, tm TIME, ts TIMESTAMP
         );",
    ),
    (
        "an index over many columns and a one-column unique index",
        "CREATE TABLE wide (id INTEGER NOT NULL PRIMARY KEY, a INTEGER, b VARCHAR(10), c DATE, d INTEGER);
         CREATE INDEX ix_wide_abcd ON wide (a, b, c, d);
         CREATE UNIQUE INDEX ix_wide_d ON wide (d);",
    ),
    (
        "tables that reference each other",
        "CREATE TABLE author (id INTEGER NOT NULL PRIMARY KEY, best_book_id INTEGER);
         CREATE TABLE book (id INTEGER NOT NULL PRIMARY KEY, author_id INTEGER NOT NULL REFERENCES author (id));
         ALTER TABLE author ADD CONSTRAINT fk_author_best_book FOREIGN KEY (best_book_id) REFERENCES book (id);",
    ),
    (
        "a foreign key to a unique column that is not the primary key",
        "CREATE TABLE country (id INTEGER NOT NULL PRIMARY KEY, code CHAR(2) NOT NULL UNIQUE);
         CREATE TABLE city (id INTEGER NOT NULL PRIMARY KEY, country_code CHAR(2) REFERENCES country (code));",
    ),
];

/// PostgreSQL's own spellings, which must diff as empty once migrated.
const POSTGRES_STABLE: &[(&str, &str)] = &[
    (
        "PostgreSQL types",
        "CREATE TABLE pg_types (
             id BIGSERIAL PRIMARY KEY, small SMALLSERIAL, u UUID, doc JSONB, raw JSON, tags TEXT[],
             matrix INTEGER[][], at TIMESTAMPTZ, span INTERVAL, ip INET, net CIDR, mac MACADDR,
             bits BIT VARYING(8), flag BIT(1), price MONEY, body XML, search TSVECTOR, spot POINT,
             during TSTZRANGE, n NUMERIC, v VARCHAR, c CHARACTER(4), t3 TIMESTAMP(3), tz TIME WITH TIME ZONE,
             bin BYTEA, f4 FLOAT4, f8 FLOAT8
         );",
    ),
    (
        "PostgreSQL defaults",
        "CREATE TABLE pg_defaults (
             id INTEGER GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
             made TIMESTAMPTZ NOT NULL DEFAULT now(),
             token UUID DEFAULT gen_random_uuid(),
             meta JSONB NOT NULL DEFAULT '{}'::jsonb,
             tags TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
             label VARCHAR(20) DEFAULT 'x'::character varying,
             day DATE DEFAULT CURRENT_DATE,
             ratio NUMERIC(4, 2) DEFAULT 0.5,
             later TIMESTAMP DEFAULT (now() + interval '1 day')
         );",
    ),
    (
        "PostgreSQL enum, comments, expression and partial indexes",
        "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
         CREATE TABLE person (id SERIAL PRIMARY KEY, email VARCHAR(100) NOT NULL, feeling mood DEFAULT 'ok',
             active BOOLEAN NOT NULL DEFAULT true,
             CONSTRAINT ck_person_email CHECK (email LIKE '%@%'),
             CONSTRAINT ck_person_feeling CHECK (feeling IN ('ok', 'happy')));
         COMMENT ON TABLE person IS 'People, it''s true';
         COMMENT ON COLUMN person.email IS 'Where to write';
         CREATE UNIQUE INDEX ix_person_email ON person (lower(email));
         CREATE INDEX ix_person_active ON person (id) WHERE active;
         CREATE INDEX ix_person_email_desc ON person (email DESC NULLS LAST, id);",
    ),
    (
        "PostgreSQL index methods, INCLUDE, NULLS NOT DISTINCT, deferrable keys, exclusion",
        "CREATE TABLE room (id INTEGER PRIMARY KEY, code VARCHAR(10),
             CONSTRAINT uq_room_code UNIQUE NULLS NOT DISTINCT (code) DEFERRABLE INITIALLY DEFERRED);
         CREATE TABLE booking (id INTEGER PRIMARY KEY, room_id INTEGER, during TSRANGE, doc JSONB, note TEXT,
             CONSTRAINT fk_booking_room FOREIGN KEY (room_id) REFERENCES room (id) MATCH FULL DEFERRABLE,
             CONSTRAINT no_overlap EXCLUDE USING gist (during WITH &&));
         CREATE INDEX ix_booking_doc ON booking USING gin (doc);
         CREATE INDEX ix_booking_room ON booking (room_id) INCLUDE (note);
         CREATE INDEX ix_booking_note ON booking (note text_pattern_ops);
         CREATE INDEX ix_booking_hash ON booking USING hash (note);",
    ),
    (
        "PostgreSQL generated columns and identity options",
        "CREATE TABLE measure (
             id BIGINT GENERATED BY DEFAULT AS IDENTITY (START WITH 100 INCREMENT BY 10) PRIMARY KEY,
             cm NUMERIC(8, 2) NOT NULL,
             inches NUMERIC(8, 2) GENERATED ALWAYS AS (cm / 2.54) STORED,
             label TEXT COLLATE \"C\"
         );",
    ),
    (
        "PostgreSQL COLLATE \"default\" as pg_dump writes it, on columns and index keys",
        "CREATE TABLE collated (id INTEGER PRIMARY KEY, name TEXT COLLATE \"default\",
             code VARCHAR(10) COLLATE pg_catalog.\"default\" NOT NULL, label TEXT COLLATE \"C\");
         CREATE INDEX ix_collated_name ON collated (name COLLATE \"default\");
         CREATE INDEX ix_collated_code ON collated (lower(code) COLLATE pg_catalog.\"default\");",
    ),
];

/// MySQL's and MariaDB's own spellings, which must diff as empty once migrated.
const MYSQL_STABLE: &[(&str, &str)] = &[
    (
        "MySQL types",
        "CREATE TABLE my_types (
             id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, tiny TINYINT(1) NOT NULL DEFAULT 0,
             small SMALLINT(6), medium MEDIUMINT UNSIGNED, big BIGINT(20) UNSIGNED ZEROFILL,
             e ENUM('a', 'b', 'it''s') DEFAULT 'a', s SET('x', 'y'), y YEAR, dt DATETIME(6), ts TIMESTAMP NULL,
             mt MEDIUMTEXT, lt LONGTEXT, lb LONGBLOB, vb VARBINARY(16), b BIT(1) DEFAULT b'0',
             d DECIMAL(10, 2) UNSIGNED DEFAULT 0.00, dbl DOUBLE, flt FLOAT, doc JSON, c CHAR
         ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;",
    ),
    (
        "MySQL column attributes and table options",
        "CREATE TABLE my_attrs (
             id BIGINT NOT NULL AUTO_INCREMENT,
             name VARCHAR(50) CHARACTER SET latin1 COLLATE latin1_bin NOT NULL COMMENT 'the name',
             code VARCHAR(10) COLLATE utf8mb4_bin,
             updated TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
             touched DATETIME(3) NULL DEFAULT NULL ON UPDATE CURRENT_TIMESTAMP(3),
             qty INT NOT NULL DEFAULT 1,
             total INT AS (qty * 2) VIRTUAL,
             stored_total INT AS (qty * 3) STORED,
             title TEXT,
             PRIMARY KEY (id),
             KEY ix_title (title(100)),
             FULLTEXT KEY ft_title (title),
             UNIQUE KEY uq_code (code)
         ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci COMMENT='attributes';",
    ),
];

/// MySQL's type spellings, each read from the schema file as the type the server makes of
/// it: none widened or narrowed in silence, none a false change once migrated.
const MYSQL_TYPE_SPELLINGS: (&str, &str) = (
    "MySQL type spellings and aliases",
    "CREATE TABLE my_spellings (
         id INT SIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, b1 BINARY, b4 BINARY(4), m MEDIUMINT,
         mu MEDIUMINT UNSIGNED NOT NULL DEFAULT 0, m3 INT3, t1 TINYINT(1), i1 INT1, bo BOOLEAN DEFAULT FALSE,
         i8 INT8, dp DOUBLE PRECISION, r REAL, f FLOAT(10), f2 FLOAT(30), fm FLOAT(7, 3), d DECIMAL,
         dc DEC(8, 2), fx FIXED(5, 2), y YEAR, bt BIT(8), s SET('a', 'b'), j JSON, lb LONGBLOB,
         mb MEDIUMBLOB, tb TINYBLOB, dt0 DATETIME(0), t0 TIME(0), ts0 TIMESTAMP(0) NULL,
         ts TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
         name VARCHAR(100), KEY k (name(10) DESC)
     );",
);

/// Column names in another case than declared, which MySQL matches in any case.
const MYSQL_NAME_CASE: (&str, &str) = (
    "MySQL column names in any case",
    "CREATE TABLE account (Id INT NOT NULL, Token VARCHAR(40), PRIMARY KEY (id), UNIQUE KEY uq_token (TOKEN));
     CREATE TABLE session (id INT NOT NULL PRIMARY KEY, Account_Id INT,
         CONSTRAINT fk_session_account FOREIGN KEY (account_id) REFERENCES account (ID));
     CREATE INDEX ix_account_token ON account (token(10));",
);

/// SQLite's own spellings, which must diff as empty once migrated.
const SQLITE_STABLE: &[(&str, &str)] = &[
    (
        "SQLite spellings",
        "CREATE TABLE lite (
             id INTEGER PRIMARY KEY AUTOINCREMENT,
             name TEXT NOT NULL COLLATE NOCASE,
             made DATETIME DEFAULT (datetime('now')),
             anything,
             twice INTEGER GENERATED ALWAYS AS (id * 2) VIRTUAL,
             thrice INTEGER AS (id * 3) STORED,
             CHECK (typeof(name) = 'text')
         );
         CREATE TABLE lite_child (id INTEGER PRIMARY KEY, lite_id INTEGER
             REFERENCES lite (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED);
         CREATE INDEX ix_lite_name ON lite (name COLLATE NOCASE DESC);",
    ),
    ("SQLite WITHOUT ROWID", "CREATE TABLE kv (k TEXT NOT NULL PRIMARY KEY, v BLOB) WITHOUT ROWID;"),
    (
        "SQLite names in any case, ON CONFLICT clauses and a collated unique key",
        "CREATE TABLE Account (Id INTEGER PRIMARY KEY, Token TEXT NOT NULL ON CONFLICT FAIL, Email TEXT,
             UNIQUE (token) ON CONFLICT REPLACE, UNIQUE (email COLLATE NOCASE));
         CREATE TABLE session (id INTEGER PRIMARY KEY, account_id INTEGER REFERENCES account (ID));
         CREATE INDEX ix_account_email ON ACCOUNT (EMAIL);",
    ),
];

/// One edit per case, from Alembic's classic scenarios: what it is detected as.
fn edits() -> Vec<Case<'static>> {
    vec![
        Case {
            feature: "an index becomes unique",
            before: "CREATE TABLE orders (id INTEGER NOT NULL PRIMARY KEY, amount NUMERIC(10, 2), user_id INTEGER);
                     CREATE INDEX ix_orders_user_amount ON orders (user_id, amount);",
            after: "CREATE TABLE orders (id INTEGER NOT NULL PRIMARY KEY, amount NUMERIC(10, 2), user_id INTEGER);
                    CREATE UNIQUE INDEX ix_orders_user_amount ON orders (user_id, amount);",
            detected: &[
                "Detected removed index 'ix_orders_user_amount' on 'orders'",
                "Detected added index 'ix_orders_user_amount' on '['user_id', 'amount']'",
            ],
            rows: &["INSERT INTO orders (id, amount, user_id) VALUES (1, 9.50, 7), (2, 3.25, 8)"],
            keep: &["SELECT amount FROM orders ORDER BY id"],
        },
        Case {
            feature: "a named unique constraint's columns change",
            before: "CREATE TABLE col_change (id INTEGER NOT NULL PRIMARY KEY, x INTEGER, y INTEGER,
                         CONSTRAINT nochange UNIQUE (x));",
            after: "CREATE TABLE col_change (id INTEGER NOT NULL PRIMARY KEY, x INTEGER, y INTEGER,
                        CONSTRAINT nochange UNIQUE (x, y));",
            detected: &[
                "Detected removed unique constraint 'nochange' on 'col_change'",
                "Detected added unique constraint 'nochange' on '['x', 'y']'",
            ],
            rows: &["INSERT INTO col_change (id, x, y) VALUES (1, 1, 1), (2, 2, 1)"],
            keep: &["SELECT y FROM col_change ORDER BY id"],
        },
        Case {
            feature: "a foreign key's ON DELETE changes",
            before: "CREATE TABLE p (id INTEGER NOT NULL PRIMARY KEY);
                     CREATE TABLE c (id INTEGER NOT NULL PRIMARY KEY, p_id INTEGER,
                         CONSTRAINT fk_c_p FOREIGN KEY (p_id) REFERENCES p (id));",
            after: "CREATE TABLE p (id INTEGER NOT NULL PRIMARY KEY);
                    CREATE TABLE c (id INTEGER NOT NULL PRIMARY KEY, p_id INTEGER,
                        CONSTRAINT fk_c_p FOREIGN KEY (p_id) REFERENCES p (id) ON DELETE CASCADE);",
            detected: &[
                "Detected removed foreign key (p_id)(p.id) on table c",
                "Detected added foreign key (p_id)(p.id) on table c",
            ],
            rows: &["INSERT INTO p (id) VALUES (1), (2)", "INSERT INTO c (id, p_id) VALUES (10, 1), (11, 2)"],
            keep: &["SELECT p_id FROM c ORDER BY id"],
        },
        Case {
            feature: "a column's default, type and nullability change together",
            before: "CREATE TABLE item (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(20), qty INTEGER DEFAULT 0);",
            after:
                "CREATE TABLE item (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(40) NOT NULL, qty INTEGER DEFAULT 1);",
            detected: &[
                "Detected type change from string(20) to string(40) on 'item.name'",
                "Detected NOT NULL on column 'item.name'",
                "Detected server default on column 'item.qty'",
            ],
            rows: &["INSERT INTO item (id, name, qty) VALUES (1, 'bolt', 5), (2, 'nut', 7)"],
            keep: &["SELECT name FROM item ORDER BY id", "SELECT qty FROM item ORDER BY id"],
        },
        Case {
            feature: "a check's condition changes",
            before: "CREATE TABLE stock (id INTEGER NOT NULL PRIMARY KEY, qty INTEGER,
                         CONSTRAINT ck_stock_qty CHECK (qty >= 0));",
            after: "CREATE TABLE stock (id INTEGER NOT NULL PRIMARY KEY, qty INTEGER,
                        CONSTRAINT ck_stock_qty CHECK (qty >= -10));",
            detected: &[
                "Detected removed check constraint 'ck_stock_qty' on 'stock'",
                "Detected added check constraint 'ck_stock_qty' on 'stock'",
            ],
            rows: &["INSERT INTO stock (id, qty) VALUES (1, 3), (2, 0)"],
            keep: &["SELECT qty FROM stock ORDER BY id"],
        },
    ]
}

/// A fresh empty database for one scenario: a new SQLite file, or a throwaway database
/// on the server whose URL the variable `var` holds (dropped with the guard).
async fn fresh(var: Option<&str>, dir: &std::path::Path, n: usize) -> Option<(String, Option<FreshDatabase>)> {
    match var {
        None => Some((format!("sqlite://{}", dir.join(format!("app{n}.db")).display()), None)),
        Some(var) => {
            let db = FreshDatabase::create(var, "autogenerate scenarios").await?;
            Some((db.url.clone(), Some(db)))
        }
    }
}

/// Runs every scenario, each on a fresh database; `quote` is the database's identifier
/// quote (MySQL's backtick). The stable schemas' failures are reported together.
async fn scenarios(var: Option<&str>, quote: char, own: &[(&str, &str)]) {
    let tmp = tempfile::tempdir().expect("tmp");
    let mut failed = Vec::new();
    for (n, (what, schema)) in STABLE.iter().chain(own).enumerate() {
        let Some((url, _db)) = fresh(var, tmp.path(), n).await else { return };
        let schema = schema.replace('"', &quote.to_string());
        if let Err(e) = std::panic::catch_unwind(|| assert_stable(&url, what, &schema)) {
            let message = e.downcast_ref::<String>().cloned().unwrap_or_default();
            let mut failures: Vec<&str> = message.lines().filter(|l| l.contains("FAILED")).collect();
            if failures.is_empty() {
                failures = message.lines().take(12).collect();
            }
            failed.push(format!("{what}: {}", failures.join(" | ")));
        }
    }
    let total = STABLE.len() + own.len();
    assert!(failed.is_empty(), "{} of {total} stable schemas changed:\n{}", failed.len(), failed.join("\n"));
    for (n, case) in edits().iter().enumerate() {
        let Some((url, _db)) = fresh(var, tmp.path(), total + n).await else { return };
        feature_case(&url, case).await;
    }
}

#[cfg(feature = "sqlite")]
#[tokio::test]
async fn alembic_scenarios_on_sqlite() {
    scenarios(None, '"', SQLITE_STABLE).await;
}

#[cfg(feature = "postgres")]
#[tokio::test]
async fn alembic_scenarios_on_postgresql() {
    scenarios(Some(POSTGRES_URL_VAR), '"', POSTGRES_STABLE).await;
}

#[cfg(feature = "mysql")]
#[tokio::test]
async fn alembic_scenarios_on_mariadb() {
    scenarios(Some(MYSQL_URL_VAR), '`', &[MYSQL_STABLE, &[MYSQL_TYPE_SPELLINGS, MYSQL_NAME_CASE]].concat()).await;
}
