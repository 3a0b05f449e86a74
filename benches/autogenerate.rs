//! Benchmark: autogenerate and upgrade for generated schemas of N tables, per database,
//! then what a user runs against the migrated database: a no-change `migrate` (the
//! schema given as a `schema.sql` file, and as models built in code) and `alambic current`.
//!
//! ```text
//! ALAMBIC_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test \
//! ALAMBIC_TEST_MYSQL_URL=mysql://root@127.0.0.1:3306/test \
//! ALAMBIC_BENCH_SIZES=1000,10000 cargo bench --bench autogenerate
//! ```
//!
//! Each (database, N) runs in a child process of its own. The child creates the tables
//! from a `schema.sql` file in revisions of at most [`STEP`] tables each (autogenerate,
//! then upgrade: PostgreSQL's stock lock table does not hold 10,000 new tables in one
//! transaction) and reports the summed times. Each no-change autogenerate then runs in a
//! process of its own, so that its peak resident memory is its own, and `current` is the
//! release binary itself: the median process wall time of 20 runs after 3 warm-up runs.
//! Beside each no-change time, the CPU time the process used for it (the client's side
//! only), which a machine shared with other work does not inflate as it does wall time.
//! The table is printed in Markdown. With `ALAMBIC_BENCH_BREAKDOWN` set, each run also
//! prints (to standard error) how the no-change autogenerate splits between reading the
//! scripts, connecting, inspecting and comparing.

// A build without every dialect leaves the other dialects' helpers unused.
#![cfg_attr(
    not(all(feature = "sqlite", feature = "postgres", feature = "mysql")),
    allow(dead_code, unused_imports, unused_mut, unused_variables)
)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use alambic::command::{self, DesiredSchema, MoveOptions, Project, RevisionOptions};
use alambic::schema::{Column, ColumnType, ForeignKey, Index, PrimaryKey, Schema, Table, UniqueConstraint};
use alambic::testing::{FreshDatabase, MYSQL_URL_VAR, POSTGRES_URL_VAR};

/// At most this many new tables per revision.
const STEP: usize = 2000;

fn table_name(i: usize) -> String {
    format!("t{i:05}")
}

/// N tables of ten columns of mixed types, an index, a unique constraint, and a foreign
/// key to the table before (the models' side of [`generated_sql`]).
pub(crate) fn generated_schema(n: usize) -> Schema {
    let mut schema = Schema::new();
    for i in 0..n {
        let name = table_name(i);
        let columns = vec![
            Column::new("id", ColumnType::Integer).not_null(),
            Column::new("code", ColumnType::String(Some(32))).not_null(),
            Column::new("title", ColumnType::String(Some(200))),
            Column::new("body", ColumnType::Text),
            Column::new("amount", ColumnType::Numeric(Some(12), Some(2))),
            Column::new("ratio", ColumnType::Double),
            Column::new("active", ColumnType::Boolean).not_null().default_sql("TRUE"),
            Column::new("created", ColumnType::DateTime { timezone: false }),
            Column::new("counter", ColumnType::BigInteger).not_null().default_sql("0"),
            Column::new("prev_id", ColumnType::Integer),
        ];
        let mut foreign_keys = Vec::new();
        if i > 0 {
            foreign_keys.push(ForeignKey {
                name: Some(format!("fk_{name}_prev")),
                columns: vec!["prev_id".into()],
                referred_table: table_name(i - 1),
                referred_columns: vec!["id".into()],
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

/// The same N tables as [`generated_schema`], as a `schema.sql` file in the spelling of
/// `dialect`.
fn generated_sql(dialect: &str, n: usize) -> String {
    let (datetime, double) =
        if dialect == "postgresql" { ("TIMESTAMP", "DOUBLE PRECISION") } else { ("DATETIME", "DOUBLE") };
    let mut sql = String::new();
    for i in 0..n {
        let t = table_name(i);
        let fk = if i > 0 {
            format!(",\n  CONSTRAINT fk_{t}_prev FOREIGN KEY (prev_id) REFERENCES {} (id)", table_name(i - 1))
        } else {
            String::new()
        };
        let _ = writeln!(
            sql,
            "CREATE TABLE {t} (\n  id INTEGER NOT NULL,\n  code VARCHAR(32) NOT NULL,\n  title VARCHAR(200),\n  \
             body TEXT,\n  amount NUMERIC(12, 2),\n  ratio {double},\n  active BOOLEAN NOT NULL DEFAULT TRUE,\n  \
             created {datetime},\n  counter BIGINT NOT NULL DEFAULT 0,\n  prev_id INTEGER,\n  PRIMARY KEY (id),\n  \
             CONSTRAINT uq_{t}_code UNIQUE (code){fk}\n);\nCREATE INDEX ix_{t}_title ON {t} (title);\n"
        );
    }
    sql
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

/// The CPU time this process has used so far (all threads, user and system), in seconds,
/// to the kernel's clock tick: on a machine shared with other work, wall time counts the
/// waits for a core and this does not (the database server's own work is not in it).
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // The fields after the command name, which is in parentheses: utime and stime are the
    // 12th and 13th of them.
    let fields: Vec<&str> = stat.rsplit(')').next().unwrap_or_default().split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok()).unwrap_or(f64::NAN);
    (ticks(11) + ticks(12)) / 100.0
}

fn project(directory: &Path, url: &str, schema: DesiredSchema) -> Project {
    Project {
        directory: directory.to_path_buf(),
        database_url: Some(url.to_string()),
        default_database_url: None,
        schema,
    }
}

fn auto() -> RevisionOptions {
    RevisionOptions { message: Some("bench".into()), autogenerate: true, rev_id: None }
}

/// Creates the N tables in revisions of at most [`STEP`] tables; returns the summed time of
/// the autogenerates and of the upgrades.
async fn create_tables(
    dialect: &str,
    n: usize,
    dir: &Path,
    url: &str,
) -> Result<(f64, f64), Box<dyn std::error::Error>> {
    let schema_file = dir.join("schema.sql");
    let project = project(&dir.join("migrations"), url, DesiredSchema::File(Some(schema_file.clone())));
    command::init(&project.directory)?;
    let (mut generate, mut upgrade) = (0.0, 0.0);
    let mut k = 0;
    while k < n {
        k = (k + STEP).min(n);
        std::fs::write(&schema_file, generated_sql(dialect, k))?;
        let t = Instant::now();
        command::revision(&project, &auto()).await?.ok_or("nothing generated")?;
        generate += t.elapsed().as_secs_f64();
        let t = Instant::now();
        command::upgrade(&project, "head", &MoveOptions::default()).await?;
        upgrade += t.elapsed().as_secs_f64();
    }
    Ok((generate, upgrade))
}

/// Runs this executable again in `mode`; returns what it printed after `prefix`.
fn again(args: &[&str], prefix: &str) -> Result<String, String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let out = Command::new(exe).args(args).output().map_err(|e| e.to_string())?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    match stdout.lines().find_map(|l| l.strip_prefix(prefix)) {
        Some(r) if out.status.success() => Ok(r.to_string()),
        _ => Err(format!("{args:?} failed: {}", String::from_utf8_lossy(&out.stderr))),
    }
}

/// Median process wall time, in milliseconds, of 20 runs of `alambic current` after 3
/// warm-up runs.
fn current_median_ms(dir: &Path, url: &str) -> Result<f64, Box<dyn std::error::Error>> {
    let run = || -> Result<f64, Box<dyn std::error::Error>> {
        let t = Instant::now();
        let out = Command::new(env!("CARGO_BIN_EXE_alambic"))
            .arg("--directory")
            .arg(dir.join("migrations"))
            .args(["--database-url", url, "current"])
            .output()?;
        if !out.status.success() {
            return Err(format!("current failed: {}", String::from_utf8_lossy(&out.stderr)).into());
        }
        Ok(t.elapsed().as_secs_f64() * 1000.0)
    };
    for _ in 0..3 {
        run()?;
    }
    let mut times = (0..20).map(|_| run()).collect::<Result<Vec<_>, _>>()?;
    times.sort_by(f64::total_cmp);
    Ok((times[9] + times[10]) / 2.0)
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
    let (generate, upgrade) = create_tables(dialect, n, tmp.path(), &url).await?;
    let dir = tmp.path().to_string_lossy().into_owned();
    let n_text = n.to_string();
    let file = again(&["--nochange", "file", dialect, &n_text, &dir, &url], "NOCHANGE ")?;
    let models = again(&["--nochange", "models", dialect, &n_text, &dir, &url], "NOCHANGE ")?;
    let current = current_median_ms(tmp.path(), &url)?;
    println!("RESULT {generate:.3} {upgrade:.3} {file} {models} {current:.1}");
    if let Some(db) = fresh {
        db.drop_database().await?;
    }
    Ok(())
}

/// One no-change autogenerate (`kind`: `file` for the `schema.sql`, `models` for the
/// schema built in code) in a process of its own: its time and the process's peak memory.
async fn no_change(kind: &str, n: usize, dir: &Path, url: &str) -> Result<(), Box<dyn std::error::Error>> {
    let migrations: PathBuf = dir.join("migrations");
    let schema = match kind {
        "models" => DesiredSchema::Provided(generated_schema(n)),
        _ => DesiredSchema::File(Some(dir.join("schema.sql"))),
    };
    let project = project(&migrations, url, schema);
    let (t, cpu) = (Instant::now(), cpu_seconds());
    if command::revision(&project, &auto()).await?.is_some() {
        return Err(format!("the no-change autogenerate ({kind}) found changes").into());
    }
    let elapsed = t.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - cpu;
    let peak = peak_rss_mib();
    if kind == "models" && std::env::var("ALAMBIC_BENCH_BREAKDOWN").is_ok() {
        breakdown(&migrations, url, n).await?;
    }
    println!("NOCHANGE {elapsed:.3} {cpu:.2} {peak:.1}");
    Ok(())
}

async fn breakdown(migrations: &Path, url: &str, n: usize) -> Result<(), Box<dyn std::error::Error>> {
    let t = Instant::now();
    let dir = alambic::script::ScriptDirectory::open(migrations)?;
    let _g = dir.graph()?;
    let a = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let mut ctx = alambic::runtime::MigrationContext::connect(url, &Default::default()).await?;
    let b = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let live = ctx.live_schema().await?;
    let c = t.elapsed().as_secs_f64();
    let desired = generated_schema(n);
    let t = Instant::now();
    let d = alambic::diff::compare(&desired, &live, ctx.dialect());
    eprintln!(
        "BREAKDOWN graph {a:.3} connect {b:.3} inspect {c:.3} diff {:.3} ({})",
        t.elapsed().as_secs_f64(),
        d.changes.len()
    );
    Ok(())
}

fn run_child(args: &[String]) {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    let result = if args[0] == "--child" {
        rt.block_on(child(&args[1], args[2].parse().expect("N")))
    } else {
        rt.block_on(no_change(&args[1], args[3].parse().expect("N"), Path::new(&args[4]), &args[5]))
    };
    if let Err(e) = result {
        eprintln!("FAILED: {e}");
        std::process::exit(1);
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(pos) = args.iter().position(|a| a == "--child" || a == "--nochange") {
        return run_child(&args[pos..]);
    }
    let sizes: Vec<usize> = std::env::var("ALAMBIC_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![100, 1000]);
    println!(
        "| database | tables | autogenerate from empty (s) | upgrade (s) | no-change migrate, schema.sql (s) | \
         its CPU (s) | its peak memory (MiB) | no-change, models (s) | its CPU (s) | its peak memory (MiB) | \
         `current` median (ms) |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
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
            match again(&["--child", dialect, &n.to_string()], "RESULT ") {
                Ok(r) => println!("| {dialect} | {n} | {} |", r.split_whitespace().collect::<Vec<_>>().join(" | ")),
                Err(e) => {
                    eprintln!("{dialect} N={n}: {e}");
                    println!("| {dialect} | {n} | failed | | | | | | | | |");
                }
            }
        }
    }
}
