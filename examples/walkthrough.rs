//! The Flask-Migrate tutorial's story on embedded SQLite, with no set-up:
//!
//! ```text
//! cargo run --example walkthrough
//! ```
//!
//! In a temporary directory it writes a `schema.sql`, then runs the same commands you
//! would type (`alambic init`, `migrate`, `upgrade`, …), adds rows, adds a column to the
//! schema, migrates again, rolls back, and shows that every row survived. Pass a
//! directory as the first argument to keep the files and look at the scripts.

use std::path::{Path, PathBuf};

use alambic::cli::{DbArgs, DbCommand};
use alambic::dialect::connect;
use clap::Parser;

#[derive(Parser)]
#[command(name = "alambic")]
struct Cli {
    #[command(flatten)]
    db: DbArgs,
}

/// The seed's schema: roles, users and the unique username index (the test suite's fixture).
const SCHEMA: &str = include_str!("../tests/fixtures/seed/schema.sql");

async fn alambic(dir: &Path, url: &str, args: &[&str]) -> Result<(), Box<dyn std::error::Error>> {
    let shown: Vec<String> =
        args.iter().map(|a| if a.contains(' ') { format!("\"{a}\"") } else { a.to_string() }).collect();
    println!("\n$ alambic {}", shown.join(" "));
    let mut argv = vec!["alambic", "--database-url", url, "-d"];
    let migrations = dir.join("migrations");
    let migrations = migrations.to_string_lossy().into_owned();
    argv.push(&migrations);
    argv.extend_from_slice(args);
    let cli = Cli::try_parse_from(argv)?;
    DbCommand::new().schema_file(dir.join("schema.sql")).try_run(cli.db).await?;
    Ok(())
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    alambic::log::init();
    let keep = std::env::args().nth(1).map(PathBuf::from);
    let tmp = tempfile::tempdir()?;
    let dir = match &keep {
        Some(d) => {
            std::fs::create_dir_all(d)?;
            d.clone()
        }
        None => tmp.path().to_path_buf(),
    };
    let url = format!("sqlite://{}", dir.join("app.db").display());
    println!("Working in {} with {url}", dir.display());
    std::fs::write(dir.join("schema.sql"), SCHEMA)?;
    println!("\nschema.sql:\n{SCHEMA}");

    alambic(&dir, &url, &["init"]).await?;
    alambic(&dir, &url, &["migrate", "-m", "initial migration"]).await?;
    alambic(&dir, &url, &["upgrade"]).await?;

    let mut db = connect(&url).await?;
    db.execute("INSERT INTO roles (id, name) VALUES (1, 'admin'), (2, 'user')").await?;
    db.execute("INSERT INTO users (id, username, role_id) VALUES (1, 'ann', 1), (2, 'bob', 2)").await?;
    println!("\nInserted users: {:?}", db.fetch_strings("SELECT username FROM users ORDER BY id").await?);

    let v2 = SCHEMA.replace(
        "role_id INTEGER REFERENCES roles (id)",
        "role_id INTEGER REFERENCES roles (id),\n    email VARCHAR(32) NOT NULL DEFAULT ''",
    );
    std::fs::write(dir.join("schema.sql"), &v2)?;
    println!("\nAdded `email VARCHAR(32) NOT NULL DEFAULT ''` to users in schema.sql");

    alambic(&dir, &url, &["migrate", "-m", "add email column to user table"]).await?;
    alambic(&dir, &url, &["upgrade"]).await?;
    println!(
        "\nUsers with email: {:?}",
        db.fetch_strings("SELECT username || ' <' || email || '>' FROM users ORDER BY id").await?
    );
    alambic(&dir, &url, &["history"]).await?;
    alambic(&dir, &url, &["downgrade", "-1"]).await?;
    alambic(&dir, &url, &["current"]).await?;
    println!("\nUsers after the downgrade: {:?}", db.fetch_strings("SELECT username FROM users ORDER BY id").await?);

    // The scripts, oldest first.
    let scripts = alambic::script::ScriptDirectory::open(dir.join("migrations"))?;
    let (graph, by_id) = scripts.graph()?;
    for rev in graph.history().iter().rev() {
        if let Some(path) = by_id.get(&rev.id).and_then(|s| s.path.clone()) {
            println!("\n--- {} ---\n{}", path.display(), std::fs::read_to_string(&path)?);
        }
    }
    println!("Done: every row survived every step.");
    Ok(())
}
