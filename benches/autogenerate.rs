//! Benchmark: autogenerate and upgrade for generated schemas of N tables, per database.
//!
//! ```text
//! ALAMBIC_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test \
//! ALAMBIC_TEST_MYSQL_URL=mysql://root@127.0.0.1:3306/test \
//! cargo bench --bench autogenerate
//! ```
//!
//! Each (database, N) runs in a child process of its own so that its peak memory is its
//! own. For every run: the time to autogenerate the first migration against an empty
//! database, to upgrade, and to autogenerate again against the upgraded database (which
//! must find nothing), plus the peak resident memory. The table is printed in Markdown.
//! With `ALAMBIC_BENCH_BREAKDOWN` set, each run also prints (to standard error) how the
//! no-change autogenerate splits between reading the scripts, connecting, inspecting and
//! comparing.

// A build without every dialect leaves the other dialects' helpers unused.
#![cfg_attr(
    not(all(feature = "sqlite", feature = "postgres", feature = "mysql")),
    allow(dead_code, unused_imports, unused_mut, unused_variables)
)]

use std::process::Command;
use std::time::Instant;

use alambic::command::{self, DesiredSchema, MoveOptions, Project, RevisionOptions};
use alambic::schema::{Column, ColumnType, ForeignKey, Index, PrimaryKey, Schema, Table, UniqueConstraint};
use alambic::testing::{FreshDatabase, MYSQL_URL_VAR, POSTGRES_URL_VAR};

/// N tables of ten columns of mixed types, an index, a unique constraint, and a foreign
/// key to the table before.
pub(crate) fn generated_schema(n: usize) -> Schema {
    let mut schema = Schema::new();
    for i in 0..n {
        let name = format!("t{i:04}");
        let mut columns = vec![
            Column::new("id", ColumnType::Integer).not_null(),
            Column::new("code", ColumnType::String(Some(32))).not_null(),
            Column::new("title", ColumnType::String(Some(200))),
            Column::new("body", ColumnType::Text),
            Column::new("amount", ColumnType::Numeric(Some(12), Some(2))),
            Column::new("ratio", ColumnType::Double),
            Column::new("active", ColumnType::Boolean).not_null().default_sql("TRUE"),
            Column::new("created", ColumnType::DateTime { timezone: false }),
            Column::new("counter", ColumnType::BigInteger).not_null().default_sql("0"),
        ];
        let mut foreign_keys = Vec::new();
        columns.push(Column::new("prev_id", ColumnType::Integer));
        if i > 0 {
            foreign_keys.push(ForeignKey {
                name: Some(format!("fk_{name}_prev")),
                columns: vec!["prev_id".into()],
                referred_table: format!("t{:04}", i - 1),
                referred_columns: vec!["id".into()],
                on_delete: Default::default(),
                on_update: Default::default(),
                ..Default::default()
            });
        }
        schema.insert(Table {
            name: name.clone(),
            columns,
            primary_key: Some(PrimaryKey { name: None, columns: vec!["id".into()] }),
            indexes: vec![Index {
                name: format!("ix_{name}_title"),
                columns: vec!["title".into()],
                unique: false,
                descending: Vec::new(),
                predicate: None,
                ..Default::default()
            }],
            unique_constraints: vec![UniqueConstraint {
                name: Some(format!("uq_{name}_code")),
                columns: vec!["code".into()],
                ..Default::default()
            }],
            foreign_keys,
            ..Table::default()
        });
    }
    schema
}

fn peak_rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map(|kb| kb / 1024.0)
        .unwrap_or(f64::NAN)
}

async fn child(dialect: &str, n: usize) -> Result<(), Box<dyn std::error::Error>> {
    let tmp = tempfile::tempdir()?;
    let fresh = match dialect {
        "postgresql" => FreshDatabase::create(POSTGRES_URL_VAR, "benchmark on PostgreSQL").await,
        "mysql" => FreshDatabase::create(MYSQL_URL_VAR, "benchmark on MySQL/MariaDB").await,
        _ => None,
    };
    let url = match (&fresh, dialect) {
        (Some(db), _) => db.url.clone(),
        (None, "sqlite") => format!("sqlite://{}", tmp.path().join("bench.db").display()),
        (None, _) => return Ok(()),
    };
    let project = Project {
        directory: tmp.path().join("migrations"),
        database_url: Some(url),
        default_database_url: None,
        schema: DesiredSchema::Provided(generated_schema(n)),
    };
    command::init(&project.directory)?;
    let auto = RevisionOptions { message: Some("bench".into()), autogenerate: true, rev_id: None };

    let t = Instant::now();
    command::revision(&project, &auto).await?.ok_or("nothing generated")?;
    let generate = t.elapsed().as_secs_f64();

    let t = Instant::now();
    command::upgrade(&project, "head", &MoveOptions::default()).await?;
    let upgrade = t.elapsed().as_secs_f64();

    let t = Instant::now();
    let again = command::revision(&project, &auto).await?;
    let nochange = t.elapsed().as_secs_f64();
    if again.is_some() {
        return Err("the no-change autogenerate found changes".into());
    }
    if std::env::var("ALAMBIC_BENCH_BREAKDOWN").is_ok() {
        let t = Instant::now();
        let dir = alambic::script::ScriptDirectory::open(&project.directory)?;
        let _g = dir.graph()?;
        let a = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let mut ctx = alambic::runtime::MigrationContext::connect(
            project.database_url.as_deref().unwrap_or_default(),
            &Default::default(),
        )
        .await?;
        let b = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let live = ctx.live_schema().await?;
        let c = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let desired = generated_schema(n);
        let d = alambic::diff::compare(&desired, &live, ctx.dialect());
        eprintln!(
            "BREAKDOWN graph {a:.3} connect {b:.3} inspect {c:.3} diff {:.3} ({})",
            t.elapsed().as_secs_f64(),
            d.changes.len()
        );
    }
    println!("RESULT {generate:.3} {upgrade:.3} {nochange:.3} {:.1}", peak_rss_mib());
    if let Some(db) = fresh {
        db.drop_database().await?;
    }
    Ok(())
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(pos) = args.iter().position(|a| a == "--child") {
        let dialect = args[pos + 1].clone();
        let n: usize = args[pos + 2].parse().expect("N");
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
        if let Err(e) = rt.block_on(child(&dialect, n)) {
            eprintln!("FAILED: {e}");
            std::process::exit(1);
        }
        return;
    }
    let sizes: Vec<usize> = std::env::var("ALAMBIC_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![100, 1000]);
    println!("| database | tables | autogenerate from empty (s) | upgrade (s) | no-change autogenerate (s) | peak memory (MiB) |");
    println!("|---|---:|---:|---:|---:|---:|");
    let exe = std::env::current_exe().expect("own path");
    // The databases this build has the dialect of.
    let dialects = [
        (cfg!(feature = "sqlite"), "sqlite", None),
        (cfg!(feature = "postgres"), "postgresql", Some(POSTGRES_URL_VAR)),
        (cfg!(feature = "mysql"), "mysql", Some(MYSQL_URL_VAR)),
    ];
    let dialects = dialects.into_iter().filter_map(|(built, dialect, var)| built.then_some((dialect, var)));
    for (dialect, var) in dialects {
        if let Some(var) = var {
            if std::env::var(var).is_err() {
                eprintln!("SKIPPED: benchmark on {dialect}: {var} is not set");
                continue;
            }
        }
        for &n in &sizes {
            let out = Command::new(&exe).args(["--child", dialect, &n.to_string()]).output().expect("child runs");
            let stdout = String::from_utf8_lossy(&out.stdout);
            match stdout.lines().find_map(|l| l.strip_prefix("RESULT ")) {
                Some(r) if out.status.success() => {
                    let f: Vec<&str> = r.split_whitespace().collect();
                    println!("| {dialect} | {n} | {} | {} | {} | {} |", f[0], f[1], f[2], f[3]);
                }
                _ => {
                    eprintln!("{dialect} N={n} failed: {}", String::from_utf8_lossy(&out.stderr));
                    println!("| {dialect} | {n} | failed | | | |");
                }
            }
        }
    }
}
