//! Test support: a fresh, empty database on a real server for each test, dropped afterwards
//! — when the test ends, and also when it panics. Behind the `testing` feature (off by
//! default); this crate's own tests turn it on through their dev-dependency.
//!
//! Server tests read the server's URL from an environment variable
//! ([`POSTGRES_URL_VAR`], [`MYSQL_URL_VAR`]). When it is not set, [`FreshDatabase::create`]
//! returns `None` and says loudly on standard error which suite is skipped, so a run
//! without servers never passes silently — unless [`REQUIRE_SERVERS_VAR`] is `1` (as in CI):
//! then a missing URL fails the test instead.

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use crate::dialect::{connect, DialectResult};

/// Environment variable holding a PostgreSQL URL for tests (any database on the server).
pub const POSTGRES_URL_VAR: &str = "ALAMBIC_TEST_POSTGRES_URL";
/// Environment variable holding a MySQL/MariaDB URL for tests (any database on the server).
pub const MYSQL_URL_VAR: &str = "ALAMBIC_TEST_MYSQL_URL";
/// Environment variable that, set to `1`, turns a skipped server suite into a failure.
pub const REQUIRE_SERVERS_VAR: &str = "ALAMBIC_REQUIRE_SERVERS";

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// A database created for one test, dropped with this value (or by [`FreshDatabase::drop_database`]).
#[derive(Debug)]
pub struct FreshDatabase {
    /// URL of the new database.
    pub url: String,
    /// URL of the database used to create and drop it.
    admin_url: String,
    /// Name of the new database.
    pub name: String,
    /// Set once the database is dropped, so that `Drop` does not drop it again.
    dropped: bool,
}

impl FreshDatabase {
    /// Creates a new empty database on the server named by the environment variable `var`.
    ///
    /// Returns `None` (after printing a loud skip notice naming `suite`) when `var` is unset.
    /// Panics when the server cannot be reached — a configured server that is down is a
    /// failure, not a skip — and when `var` is unset while [`REQUIRE_SERVERS_VAR`] is `1`.
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
        Some(FreshDatabase { url, admin_url, name, dropped: false })
    }

    /// Drops the database now, reporting a failure (dropping the value does the same but
    /// can only print it).
    ///
    /// Errors when the server refuses.
    pub async fn drop_database(mut self) -> DialectResult<()> {
        self.dropped = true;
        drop_named(&self.admin_url, &self.name).await
    }
}

impl Drop for FreshDatabase {
    /// Drops the database if the test has not: at the end of the test, or while it unwinds
    /// from a panic. The drop needs async I/O and may run inside the test's own runtime,
    /// where blocking on it is forbidden, so it runs on a short-lived thread with a runtime
    /// of its own. A failure is printed, never raised: a panic here would abort the process.
    fn drop(&mut self) {
        if self.dropped {
            return;
        }
        self.dropped = true;
        let (admin_url, name) = (self.admin_url.clone(), self.name.clone());
        let outcome = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build();
            match runtime {
                Ok(runtime) => runtime.block_on(drop_named(&admin_url, &name)).map_err(|e| e.to_string()),
                Err(e) => Err(e.to_string()),
            }
        })
        .join();
        let failure = match outcome {
            Ok(Ok(())) => return,
            Ok(Err(e)) => e,
            Err(_) => "the dropping thread panicked".to_string(),
        };
        use std::io::Write;
        let _ = writeln!(std::io::stderr().lock(), "WARNING: test database {} was not dropped: {failure}", self.name);
    }
}

/// Drops database `name` through the server at `admin_url`. Retried a few times: a
/// connection the test dropped a moment ago may still hold the database on the server.
async fn drop_named(admin_url: &str, name: &str) -> DialectResult<()> {
    let mut admin = connect(admin_url).await?;
    let sql = format!("DROP DATABASE IF EXISTS {}", admin.dialect().quote(name));
    let mut attempt = 0;
    loop {
        match admin.execute(&sql).await {
            Err(_) if attempt < 20 => {
                attempt += 1;
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            result => return result,
        }
    }
}

/// Says on standard error that `suite` is skipped because `var` is unset. Written to the
/// stream itself, not through `eprintln!`, so the test harness's capture does not hide it.
///
/// Panics instead when [`REQUIRE_SERVERS_VAR`] is `1`: there, every suite must run.
pub fn announce_skip(suite: &str, var: &str) {
    use std::io::Write;
    if servers_required() {
        panic!("{suite} cannot run ({var} is not set), and {REQUIRE_SERVERS_VAR}=1 requires every server suite to run");
    }
    let _ = writeln!(
        std::io::stderr().lock(),
        "SKIPPED: {suite}: {var} is not set; set it to run this suite against a real server"
    );
}

/// Whether [`REQUIRE_SERVERS_VAR`] is `1`.
pub fn servers_required() -> bool {
    std::env::var(REQUIRE_SERVERS_VAR).is_ok_and(|v| v == "1")
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
