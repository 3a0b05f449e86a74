//! The migration lock as a value: [`LockedContext`] owns the migration context while the
//! lock is held.
//!
//! Invariant: the lock belongs to the connection's session (PostgreSQL advisory lock,
//! MySQL/MariaDB `GET_LOCK`; SQLite relies on its write transaction instead), and the
//! guard owns that connection, so dropping the guard — however the migration ends, early
//! `?` returns and panics included — closes the session and releases the lock. No call
//! releases it by hand.

use std::ops::{Deref, DerefMut};

use super::{MigrationContext, RuntimeResult};

/// A migration context holding the migration lock. It derefs to the context; dropping it
/// closes the connection, which releases the lock.
pub struct LockedContext {
    ctx: MigrationContext,
}

impl LockedContext {
    /// Takes the lock on `ctx`'s connection, waiting while another migrator holds it.
    ///
    /// Errors when the lock cannot be taken.
    pub(super) async fn take(mut ctx: MigrationContext) -> RuntimeResult<Self> {
        let table = ctx.version.name().to_string();
        ctx.conn.lock(&table).await?;
        Ok(Self { ctx })
    }
}

impl Deref for LockedContext {
    type Target = MigrationContext;

    fn deref(&self) -> &MigrationContext {
        &self.ctx
    }
}

impl DerefMut for LockedContext {
    fn deref_mut(&mut self) -> &mut MigrationContext {
        &mut self.ctx
    }
}
