//! Test support: a fresh, empty database on a real server for each test, dropped afterwards.
//!
//! Server tests read the server's URL from an environment variable
//! ([`POSTGRES_URL_VAR`], [`MYSQL_URL_VAR`]). When it is not set, [`FreshDatabase::create`]
//! returns `None` and says loudly on standard error which suite is skipped, so a run
//! without servers never passes silently.

use std::sync::atomic::{AtomicU32, Ordering};

use crate::dialect::{connect, DialectResult};

/// Environment variable holding a PostgreSQL URL for tests (any database on the server).
pub const POSTGRES_URL_VAR: &str = "ALAMBIC_TEST_POSTGRES_URL";
/// Environment variable holding a MySQL/MariaDB URL for tests (any database on the server).
pub const MYSQL_URL_VAR: &str = "ALAMBIC_TEST_MYSQL_URL";

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// A database created for one test.
#[derive(Debug)]
pub struct FreshDatabase {
    /// URL of the new database.
    pub url: String,
    /// URL of the database used to create and drop it.
    admin_url: String,
    /// Name of the new database.
    pub name: String,
}

impl FreshDatabase {
    /// Creates a new empty database on the server named by the environment variable `var`.
    ///
    /// Returns `None` (after printing a loud skip notice naming `suite`) when `var` is unset.
    /// Panics when the server cannot be reached: a configured server that is down is a
    /// failure, not a skip.
    pub async fn create(var: &str, suite: &str) -> Option<FreshDatabase> {
        let Ok(admin_url) = std::env::var(var) else {
            announce_skip(suite, var);
            return None;
        };
        let name = format!(
            "alambic_t{}_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::SeqCst),
            rand::random::<u32>() % 100_000
        );
        let mut admin = connect(&admin_url).await.unwrap_or_else(|e| panic!("{var}: {e}"));
        admin
            .execute(&format!("CREATE DATABASE {}", admin.dialect().quote(&name)))
            .await
            .unwrap_or_else(|e| panic!("{var}: {e}"));
        let url = with_database(&admin_url, &name);
        Some(FreshDatabase { url, admin_url, name })
    }

    /// Drops the database.
    ///
    /// Errors when the server refuses.
    pub async fn drop_database(self) -> DialectResult<()> {
        let mut admin = connect(&self.admin_url).await?;
        let sql = format!("DROP DATABASE IF EXISTS {}", admin.dialect().quote(&self.name));
        admin.execute(&sql).await
    }
}

/// Says on standard error that `suite` is skipped because `var` is unset. Written to the
/// stream itself, not through `eprintln!`, so the test harness's capture does not hide it.
pub fn announce_skip(suite: &str, var: &str) {
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr().lock(),
        "SKIPPED: {suite}: {var} is not set; set it to run this suite against a real server"
    );
}

/// The same server URL pointing at another database.
pub fn with_database(url: &str, database: &str) -> String {
    let (base, query) = match url.find('?') {
        Some(q) => (&url[..q], &url[q..]),
        None => (url, ""),
    };
    let after_scheme = base.find("://").map(|i| i + 3).unwrap_or(0);
    let base = match base[after_scheme..].find('/') {
        Some(slash) => &base[..after_scheme + slash],
        None => base,
    };
    format!("{base}/{database}{query}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_is_swapped_in_the_url() {
        assert_eq!(with_database("postgres://u@h:5432/test", "x"), "postgres://u@h:5432/x");
        assert_eq!(with_database("mysql://root@h:3306", "x"), "mysql://root@h:3306/x");
        assert_eq!(with_database("postgres://u@h/test?sslmode=disable", "x"), "postgres://u@h/x?sslmode=disable");
    }
}
