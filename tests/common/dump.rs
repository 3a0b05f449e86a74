//! The databases' own dump tools, run on a test database: `pg_dump --schema-only`,
//! `mysqldump --no-data`, `sqlite3 .schema`. Their output is what a user hands alambic as
//! `schema.sql` when adopting it on a running database.

use std::process::Command;

/// The schema-only dump of the database at `url` (`sqlite://`, `postgres://`, `mysql://`),
/// made by that database's own tool. Fails the test if the tool fails.
pub fn dump_schema(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").expect("a URL with a scheme");
    let mut cmd = match scheme {
        "sqlite" => {
            let mut cmd = Command::new("sqlite3");
            cmd.args([rest.split('?').next().unwrap_or(rest), ".schema"]);
            cmd
        }
        "postgres" | "postgresql" => {
            let mut cmd = Command::new("pg_dump");
            cmd.args(["--schema-only", "--no-owner", "--no-privileges", url]);
            cmd
        }
        "mysql" | "mariadb" => mysqldump(url),
        other => panic!("no dump tool for {other}://"),
    };
    let out = cmd.output().unwrap_or_else(|e| panic!("the dump tool for {scheme}:// runs: {e}"));
    assert!(out.status.success(), "dump failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `mysqldump --no-data` of the database a `mysql://user:pw@host:port/db` URL names.
fn mysqldump(url: &str) -> Command {
    let url = UrlParts::of(url);
    let mut cmd = Command::new("mysqldump");
    cmd.args(["--no-data", "--skip-comments", "-h", &url.host, "-P", &url.port, "-u", &url.user]);
    if !url.password.is_empty() {
        cmd.arg(format!("-p{}", url.password));
    }
    cmd.arg(&url.database);
    cmd
}

/// The parts of a server URL, for a command-line tool's flags.
pub struct UrlParts {
    pub user: String,
    pub password: String,
    pub host: String,
    pub port: String,
    pub database: String,
}

impl UrlParts {
    /// `mysql://user:pw@host:port/db` → its parts.
    pub fn of(url: &str) -> UrlParts {
        let rest = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
        let (auth, hostpart) = rest.rsplit_once('@').unwrap_or(("root", rest));
        let (user, password) = auth.split_once(':').unwrap_or((auth, ""));
        let (hostport, database) = hostpart.split_once('/').unwrap_or((hostpart, ""));
        let (host, port) = hostport.split_once(':').unwrap_or((hostport, "3306"));
        let database = database.split('?').next().unwrap_or(database);
        UrlParts {
            user: user.into(),
            password: password.into(),
            host: host.into(),
            port: port.into(),
            database: database.into(),
        }
    }
}
