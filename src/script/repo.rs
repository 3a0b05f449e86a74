//! The migration repository folder: `alambic.toml`, `README`, `script.toml.tmpl` and
//! `versions/*.toml`.
//!
//! Invariant: `init` only ever writes into a new or empty directory, and `write_script`
//! never overwrites a file; every script it writes has been read back through
//! [`Script::parse`] and found equal to what was asked for, so a broken template is caught
//! before it leaves a broken script behind.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use rand::Rng;
use serde::Deserialize;

use super::file::{malformed, DEFAULT_TEMPLATE};
use super::graph::{Revision, RevisionGraph};
use super::{Script, ScriptError, ScriptHeader};

/// Settings of a migration repository, read from `<dir>/alambic.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Database URL, used when neither `--database-url` nor `DATABASE_URL` gives one.
    #[serde(default)]
    pub database_url: Option<String>,
    /// The desired schema file, relative to the current directory (see [`Config::schema_path`]).
    #[serde(default)]
    pub schema: Option<PathBuf>,
    /// Name of the table that records the applied revisions.
    #[serde(default = "default_version_table")]
    pub version_table: String,
    /// One transaction per revision (default `true`); `false` runs a whole upgrade or
    /// downgrade in one transaction where the database's DDL is transactional.
    #[serde(default = "default_true")]
    pub transaction_per_migration: bool,
}

fn default_true() -> bool {
    true
}

fn default_version_table() -> String {
    Config::DEFAULT_VERSION_TABLE.to_string()
}

impl Default for Config {
    fn default() -> Self {
        Config {
            database_url: None,
            schema: None,
            version_table: default_version_table(),
            transaction_per_migration: true,
        }
    }
}

impl Config {
    /// The version table's name when the config does not give one.
    pub const DEFAULT_VERSION_TABLE: &'static str = "alembic_version";
    /// The desired schema file when the config does not give one.
    pub const DEFAULT_SCHEMA: &'static str = "schema.sql";

    /// Reads the config from `text`, the content of the file at `path`.
    ///
    /// Errors with [`ScriptError::Malformed`] naming `path` and the line, e.g. for an
    /// unknown key.
    pub fn parse(path: impl AsRef<Path>, text: &str) -> Result<Config, ScriptError> {
        toml::from_str(text).map_err(|e| malformed(path.as_ref(), text, &e))
    }

    /// Reads the config file at `path`.
    ///
    /// Errors with [`ScriptError::Io`] when it cannot be read, else as [`Config::parse`].
    pub fn load(path: impl AsRef<Path>) -> Result<Config, ScriptError> {
        let path = path.as_ref();
        let text = fs::read_to_string(path).map_err(|e| ScriptError::io(path, e))?;
        Config::parse(path, &text)
    }

    /// The desired schema file: the configured one, else `schema.sql`.
    pub fn schema_path(&self) -> PathBuf {
        self.schema.clone().unwrap_or_else(|| PathBuf::from(Self::DEFAULT_SCHEMA))
    }
}

/// One thing [`ScriptDirectory::init`] did, for the caller to print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InitStep {
    /// Created this directory.
    CreateDirectory(PathBuf),
    /// Wrote this file.
    GenerateFile(PathBuf),
}

impl fmt::Display for InitStep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InitStep::CreateDirectory(p) => {
                write!(f, "Creating directory {} ... done", p.display())
            }
            InitStep::GenerateFile(p) => write!(f, "Generating {} ... done", p.display()),
        }
    }
}

/// A migration repository on disk.
#[derive(Debug, Clone)]
pub struct ScriptDirectory {
    /// The repository folder (`migrations/`).
    pub dir: PathBuf,
    /// Its settings.
    pub config: Config,
}

/// What `init` writes to `alambic.toml`.
const CONFIG_TEXT: &str = r#"# Settings of this migration repository.

# The database to migrate. The first of these that is set wins:
#   1. the --database-url flag,
#   2. the DATABASE_URL environment variable,
#   3. database_url below.
# Keep passwords out of this file: prefer DATABASE_URL for them.
# database_url = "sqlite://app.db"
# database_url = "postgres://user:password@localhost:5432/app"
# database_url = "mysql://user:password@localhost:3306/app"

# The desired schema: SQL CREATE TABLE / CREATE INDEX statements that `migrate`
# compares with the database. Relative to the directory alambic runs from.
schema = "schema.sql"

# The table that records which revisions are applied (one row per head).
version_table = "alembic_version"

# true: each revision runs in a transaction of its own, and a failure keeps the
# revisions before it. false: a whole upgrade or downgrade runs in one transaction
# where the database can roll DDL back (SQLite, PostgreSQL), so a failure leaves the
# database where it started. `--one-transaction` does the same for one command.
transaction_per_migration = true
"#;

/// What `init` writes to `README`.
const README_TEXT: &str = "\
This folder is an alambic migration repository: the history of the database schema,
one reviewable script per change.

  alambic.toml       settings: database URL, desired schema file, version table
  script.toml.tmpl   the template new scripts are written from (edit it to change
                     the header comment of new scripts)
  versions/          the migration scripts, <revision>_<message>.toml

Each script names the revision it follows (down_revision) and lists its upgrade and
downgrade operations, which run in order. Review a generated script before applying
it, edit it if needed, and commit it with your code.

Commands:
  alambic migrate -m \"message\"    compare the desired schema with the database and
                                  write a new script
  alambic revision -m \"message\"   write an empty script to fill in by hand
  alambic upgrade [target]        apply scripts up to target (default: head)
  alambic downgrade <target>      revert scripts back to target (a revision, -1, base)
  alambic current                 show the revision(s) the database is at
  alambic history                 list the revisions, newest first
  alambic heads                   show the newest revision(s)

Targets: head, heads, base, a revision id or a unique prefix of one, +N / -N
(relative to the current revision), <revision>+N, <branch>@head.
";

/// Notes at the top of `script.toml.tmpl`; `##` lines are not copied into scripts.
const TEMPLATE_NOTES: &str = "\
## Template for new migration scripts. Lines starting with ## are notes and are not
## copied. Placeholders: ${message} ${revision} ${down_revision} ${created}
## ${branch_labels} ${depends_on} ${upgrade} ${downgrade} ${version}.
## In a # comment line they expand to plain text; elsewhere to TOML values, and
## ${upgrade} / ${downgrade} to the operation tables. A `key = ${...}` line whose
## value is absent (no branch labels, no date) is left out.
";

impl ScriptDirectory {
    /// The config file's name.
    pub const CONFIG_FILE: &'static str = "alambic.toml";
    /// The script template's file name.
    pub const TEMPLATE_FILE: &'static str = "script.toml.tmpl";
    /// The README's file name.
    pub const README_FILE: &'static str = "README";
    /// The scripts folder's name.
    pub const VERSIONS_DIR: &'static str = "versions";

    /// Creates a repository at `dir`: the folder, `versions/`, `alambic.toml`, `README`
    /// and `script.toml.tmpl`. Returns what it did, with absolute paths.
    ///
    /// Errors with [`ScriptError::DirectoryNotEmpty`] when `dir` exists and holds
    /// anything (or is not a directory), and [`ScriptError::Io`] when writing fails.
    pub fn init(dir: impl AsRef<Path>) -> Result<Vec<InitStep>, ScriptError> {
        let dir = std::path::absolute(dir.as_ref()).map_err(|e| ScriptError::io(dir.as_ref(), e))?;
        let mut steps = Vec::new();
        if dir.exists() {
            let mut entries = fs::read_dir(&dir).map_err(|_| ScriptError::DirectoryNotEmpty { dir: dir.clone() })?;
            if entries.next().is_some() {
                return Err(ScriptError::DirectoryNotEmpty { dir });
            }
        } else {
            fs::create_dir_all(&dir).map_err(|e| ScriptError::io(&dir, e))?;
            steps.push(InitStep::CreateDirectory(dir.clone()));
        }
        let versions = dir.join(Self::VERSIONS_DIR);
        fs::create_dir(&versions).map_err(|e| ScriptError::io(&versions, e))?;
        steps.push(InitStep::CreateDirectory(versions));
        let template = format!("{TEMPLATE_NOTES}{DEFAULT_TEMPLATE}");
        for (name, text) in [
            (Self::CONFIG_FILE, CONFIG_TEXT),
            (Self::README_FILE, README_TEXT),
            (Self::TEMPLATE_FILE, template.as_str()),
        ] {
            let path = dir.join(name);
            write_new(&path, text)?;
            steps.push(InitStep::GenerateFile(path));
        }
        Ok(steps)
    }

    /// Opens the repository at `dir` and reads its config.
    ///
    /// Errors with [`ScriptError::NotARepository`] when `dir/alambic.toml` does not
    /// exist, else as [`Config::load`].
    pub fn open(dir: impl AsRef<Path>) -> Result<ScriptDirectory, ScriptError> {
        let dir = dir.as_ref().to_path_buf();
        let config_path = dir.join(Self::CONFIG_FILE);
        if !config_path.is_file() {
            return Err(ScriptError::NotARepository { dir });
        }
        let config = Config::load(&config_path)?;
        Ok(ScriptDirectory { dir, config })
    }

    /// The scripts folder.
    pub fn versions_dir(&self) -> PathBuf {
        self.dir.join(Self::VERSIONS_DIR)
    }

    /// The template file's path (it may be absent; see [`ScriptDirectory::template`]).
    pub fn template_path(&self) -> PathBuf {
        self.dir.join(Self::TEMPLATE_FILE)
    }

    /// The script template: `script.toml.tmpl`, or the built-in one when it is absent.
    ///
    /// Errors with [`ScriptError::Io`] when the file exists but cannot be read.
    pub fn template(&self) -> Result<String, ScriptError> {
        let path = self.template_path();
        match fs::read_to_string(&path) {
            Ok(text) => Ok(text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(DEFAULT_TEMPLATE.to_string()),
            Err(e) => Err(ScriptError::io(path, e)),
        }
    }

    /// The script files, `versions/*.toml`, sorted by name (hidden files skipped).
    ///
    /// Errors with [`ScriptError::Io`] naming `versions/` when it cannot be listed.
    pub fn script_paths(&self) -> Result<Vec<PathBuf>, ScriptError> {
        let versions = self.versions_dir();
        let entries = fs::read_dir(&versions).map_err(|e| ScriptError::io(&versions, e))?;
        let mut paths = Vec::new();
        for entry in entries {
            let path = entry.map_err(|e| ScriptError::io(&versions, e))?.path();
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if path.is_file() && name.ends_with(".toml") && !name.starts_with('.') {
                paths.push(path);
            }
        }
        paths.sort();
        Ok(paths)
    }

    /// Every script in `versions/`, in file-name order.
    ///
    /// Errors with the first file that cannot be read or parsed, naming it.
    pub fn scripts(&self) -> Result<Vec<Script>, ScriptError> {
        self.script_paths()?.iter().map(Script::load).collect()
    }

    /// The revision graph of every script, and the scripts by revision id.
    ///
    /// Errors as [`ScriptDirectory::scripts`], or with [`ScriptError::Graph`] (e.g. a
    /// revision defined in two files, naming both).
    pub fn graph(&self) -> Result<(RevisionGraph, BTreeMap<String, Script>), ScriptError> {
        graph_of(self.scripts()?)
    }

    /// The header of every script in `versions/`, in file-name order: what the revision
    /// graph needs, without reading the operations (see [`ScriptHeader`]).
    ///
    /// Errors with the first file that cannot be read or whose header is malformed, naming it.
    pub fn headers(&self) -> Result<Vec<ScriptHeader>, ScriptError> {
        self.script_paths()?.iter().map(ScriptHeader::load).collect()
    }

    /// The revision graph built from the scripts' headers, and the headers by revision id;
    /// for the commands that do not run or print operations.
    ///
    /// Errors as [`ScriptDirectory::headers`], or with [`ScriptError::Graph`].
    pub fn revision_graph(&self) -> Result<(RevisionGraph, Headers), ScriptError> {
        let headers = self.headers()?;
        let graph = RevisionGraph::new(headers.iter().map(Revision::from).collect())?;
        Ok((graph, headers.into_iter().map(|h| (h.revision.clone(), h)).collect()))
    }

    /// Writes `script` to `versions/<revision>_<slug>.toml` through the template and
    /// returns the path.
    ///
    /// Errors with [`ScriptError::Template`] when the template's output does not read back
    /// as `script`, and [`ScriptError::Io`] when the file exists already or cannot be written.
    pub fn write_script(&self, script: &Script) -> Result<PathBuf, ScriptError> {
        let slug = slug(&script.message);
        let name = if slug.is_empty() {
            format!("{}.toml", script.revision)
        } else {
            format!("{}_{slug}.toml", script.revision)
        };
        let path = self.versions_dir().join(name);
        let text = script.render_with_template(&self.template()?);
        let template_error = |message: String| ScriptError::Template { path: self.template_path(), message };
        let back = Script::parse(&path, &text).map_err(|e| template_error(e.to_string()))?;
        let same = Script { path: script.path.clone(), checksum: script.checksum.clone(), ..back };
        if same != *script {
            return Err(template_error(format!(
                "the script for revision {} does not read back as written",
                script.revision
            )));
        }
        write_new(&path, &text)?;
        Ok(path)
    }

    /// A new random revision id (12 lowercase hex characters) that no script file uses.
    ///
    /// Errors as [`ScriptDirectory::script_paths`].
    pub fn new_revision_id(&self) -> Result<String, ScriptError> {
        let used: BTreeSet<String> = self
            .script_paths()?
            .iter()
            .filter_map(|p| p.file_stem().and_then(|s| s.to_str()))
            .map(|stem| stem.split('_').next().unwrap_or(stem).to_string())
            .collect();
        Ok(new_revision_id_avoiding(&used))
    }
}

/// Script headers by revision id.
pub type Headers = BTreeMap<String, ScriptHeader>;

/// A random 12-character lowercase hex id not in `used`.
pub fn new_revision_id_avoiding(used: &BTreeSet<String>) -> String {
    let mut rng = rand::thread_rng();
    loop {
        let bytes: [u8; 6] = rng.gen();
        let id = hex::encode(bytes);
        // An all-digit id would read as a number in places; keep ids obviously ids.
        if !used.contains(&id) && !id.bytes().all(|b| b.is_ascii_digit()) {
            return id;
        }
    }
}

/// The file-name part made from a message: lower-cased, runs of anything but ASCII
/// letters and digits turned into one `_`, trimmed, at most 40 characters.
pub fn slug(message: &str) -> String {
    let mut out = String::new();
    for c in message.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    out.truncate(40);
    out.trim_matches('_').to_string()
}

/// Writes `text` to a file that must not exist yet.
fn write_new(path: &Path, text: &str) -> Result<(), ScriptError> {
    let mut file =
        fs::OpenOptions::new().write(true).create_new(true).open(path).map_err(|e| ScriptError::io(path, e))?;
    file.write_all(text.as_bytes()).map_err(|e| ScriptError::io(path, e))
}

/// The revision graph of `scripts`, and the scripts by revision id.
///
/// Errors with [`ScriptError::Graph`] (duplicate ids, missing parents, cycles).
pub fn graph_of(scripts: Vec<Script>) -> Result<(RevisionGraph, BTreeMap<String, Script>), ScriptError> {
    let graph = RevisionGraph::new(scripts.iter().map(Revision::from).collect())?;
    let by_id = scripts.into_iter().map(|s| (s.revision.clone(), s)).collect();
    Ok((graph, by_id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::operation::{AddColumn, DropColumn, Operation};
    use crate::schema::{Column, ColumnType};
    use crate::script::GraphError;

    fn repo() -> (tempfile::TempDir, ScriptDirectory) {
        let tmp = tempfile::tempdir().expect("tempdir");
        ScriptDirectory::init(tmp.path().join("migrations")).expect("init");
        let repo = ScriptDirectory::open(tmp.path().join("migrations")).expect("open");
        (tmp, repo)
    }

    fn write(repo: &ScriptDirectory, name: &str, text: &str) -> PathBuf {
        let path = repo.versions_dir().join(name);
        fs::write(&path, text).expect("write script");
        path
    }

    #[test]
    fn init_creates_the_layout_and_reports_each_step() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let dir = tmp.path().join("migrations");
        let steps = ScriptDirectory::init(&dir).expect("init");
        let lines: Vec<String> = steps.iter().map(|s| s.to_string()).collect();
        let d = dir.display();
        assert_eq!(
            lines,
            [
                format!("Creating directory {d} ... done"),
                format!("Creating directory {d}/versions ... done"),
                format!("Generating {d}/alambic.toml ... done"),
                format!("Generating {d}/README ... done"),
                format!("Generating {d}/script.toml.tmpl ... done"),
            ]
        );
        assert!(dir.join("versions").is_dir());
        let repo = ScriptDirectory::open(&dir).expect("open");
        assert_eq!(
            repo.config,
            Config {
                database_url: None,
                schema: Some(PathBuf::from("schema.sql")),
                version_table: "alembic_version".into(),
                transaction_per_migration: true,
            }
        );
        assert!(repo.scripts().expect("no scripts").is_empty());
        let config = fs::read_to_string(dir.join("alambic.toml")).expect("config");
        for key in ["database_url", "schema", "version_table", "DATABASE_URL", "--database-url"] {
            assert!(config.contains(key), "alambic.toml should mention {key}");
        }
    }

    #[test]
    fn init_refuses_a_directory_that_is_not_empty() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let dir = tmp.path().join("migrations");
        ScriptDirectory::init(&dir).expect("first init");
        let err = ScriptDirectory::init(&dir).unwrap_err();
        assert!(matches!(&err, ScriptError::DirectoryNotEmpty { dir: d } if *d == dir), "{err}");
        assert!(err.to_string().contains(&dir.display().to_string()), "{err}");
        // An empty directory is fine, and is not reported as created.
        let empty = tmp.path().join("empty");
        fs::create_dir(&empty).expect("mkdir");
        let steps = ScriptDirectory::init(&empty).expect("init into empty dir");
        assert_eq!(steps[0], InitStep::CreateDirectory(empty.join("versions")));
    }

    #[test]
    fn open_missing_repository_names_it_and_suggests_init() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let dir = tmp.path().join("nowhere");
        let err = ScriptDirectory::open(&dir).unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with(&dir.display().to_string()), "{text}");
        assert!(text.contains("alambic init"), "{text}");
    }

    #[test]
    fn config_with_an_unknown_key_names_the_file_and_line() {
        let (_tmp, repo) = repo();
        let path = repo.dir.join("alambic.toml");
        fs::write(&path, "schema = \"db.sql\"\nversion_tabel = \"v\"\n").expect("write");
        let err = ScriptDirectory::open(&repo.dir).unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with(&format!("{}: line 2: unknown field `version_tabel`", path.display())), "{text}");
        assert!(!text.contains('\n'), "{text}");
        fs::write(&path, "schema = \"db.sql\"\n").expect("write");
        let repo = ScriptDirectory::open(&repo.dir).expect("open");
        assert_eq!(repo.config.schema_path(), PathBuf::from("db.sql"));
        assert_eq!(repo.config.version_table, "alembic_version");
    }

    #[test]
    fn malformed_script_error_names_the_file_and_line() {
        let (_tmp, repo) = repo();
        let path = write(
            &repo,
            "abc123abc123_x.toml",
            "revision = \"abc123abc123\"\n\n[[upgrade]]\nadd_colum = { table = \"t\", name = \"c\", type = \"integer\" }\n",
        );
        let err = repo.scripts().unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with(&format!("{}: line 4: unknown variant `add_colum`", path.display())), "{text}");
        assert!(!text.contains('\n'), "{text}");
    }

    #[test]
    fn missing_down_revision_is_a_graph_error_naming_both() {
        let (_tmp, repo) = repo();
        write(&repo, "a_first.toml", "revision = \"aaaaaaaaaaaa\"\n");
        write(&repo, "b_second.toml", "revision = \"bbbbbbbbbbbb\"\ndown_revision = \"cccccccccccc\"\n");
        let err = repo.graph().unwrap_err();
        assert!(
            matches!(&err, ScriptError::Graph(GraphError::MissingDownRevision { revision, down_revision, .. })
                if revision == "bbbbbbbbbbbb" && down_revision == "cccccccccccc"),
            "{err}"
        );
    }

    #[test]
    fn duplicate_revision_across_two_files_names_both() {
        let (_tmp, repo) = repo();
        let one = write(&repo, "aaaaaaaaaaaa_one.toml", "revision = \"aaaaaaaaaaaa\"\n");
        let two = write(&repo, "aaaaaaaaaaaa_two.toml", "revision = \"aaaaaaaaaaaa\"\n");
        let err = repo.graph().unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("revision 'aaaaaaaaaaaa' is defined more than once: in {} and {}", one.display(), two.display())
        );
    }

    #[test]
    fn written_script_loads_back_through_the_template() {
        let (_tmp, repo) = repo();
        let first_id = repo.new_revision_id().expect("id");
        assert_eq!(first_id.len(), 12);
        assert!(first_id.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
        let mut first = Script::new(first_id.clone(), "Initial migration!");
        first.created = Some("2026-11-24T11:31:07Z".parse().expect("date"));
        let first_path = repo.write_script(&first).expect("write");
        assert_eq!(first_path, repo.versions_dir().join(format!("{first_id}_initial_migration.toml")));

        let mut second = Script::new(repo.new_revision_id().expect("id"), "add email column to user table");
        second.down_revision = vec![first_id.clone()];
        second.upgrade = vec![Operation::AddColumn(AddColumn {
            table: "users".into(),
            column: Column::new("email", ColumnType::String(Some(32))),
        })];
        second.downgrade = vec![Operation::DropColumn(DropColumn { table: "users".into(), name: "email".into() })];
        let second_path = repo.write_script(&second).expect("write");
        assert!(repo.write_script(&second).is_err(), "never overwrites");

        let (graph, scripts) = repo.graph().expect("graph");
        assert_eq!(graph.heads(), vec![second.revision.clone()]);
        let loaded = &scripts[&second.revision];
        assert_eq!(loaded.path.as_deref(), Some(second_path.as_path()));
        let text = fs::read(&second_path).expect("read");
        assert_eq!(loaded.checksum, crate::script::file::checksum(&text));
        assert_eq!(Script { path: None, checksum: String::new(), ..loaded.clone() }, second);
        assert!(!String::from_utf8_lossy(&text).contains("##"), "template notes are not copied");
    }

    #[test]
    fn an_edited_template_changes_the_header_and_a_broken_one_is_refused() {
        let (_tmp, repo) = repo();
        let template = repo.template().expect("template");
        let edited = template.replace("Review before applying:", "Ask the DBA before applying:");
        fs::write(repo.template_path(), &edited).expect("write template");
        let script = Script::new("aaaaaaaaaaaa", "first");
        let path = repo.write_script(&script).expect("write");
        assert!(fs::read_to_string(&path).expect("read").contains("Ask the DBA before applying:"));

        fs::write(repo.template_path(), edited.replace("revision = ${revision}\n", "")).expect("write template");
        let err = repo.write_script(&Script::new("bbbbbbbbbbbb", "second")).unwrap_err();
        assert!(matches!(err, ScriptError::Template { .. }), "{err}");
        assert!(err.to_string().contains("script.toml.tmpl"), "{err}");
    }

    #[test]
    fn slugs_are_short_lowercase_and_underscored() {
        assert_eq!(slug("add email column to user table"), "add_email_column_to_user_table");
        assert_eq!(slug("  Initial   migration!! "), "initial_migration");
        assert_eq!(slug("Ajout d'une colonne « e-mail »"), "ajout_d_une_colonne_e_mail");
        assert_eq!(slug("!!!"), "");
        let long = slug("a very long message that goes on and on well past forty characters");
        assert!(long.len() <= 40 && !long.ends_with('_'), "{long}");
    }
}
