//! alambic: Alembic-style schema migrations for Rust.
//!
//! Declare the tables you want (a `schema.sql` file or Rust models); alambic compares them
//! with the live database, writes a reviewable migration script of dialect-neutral
//! operations, applies it, rolls it back, and keeps every row. One pipeline serves every
//! door: desired [`schema::Schema`] × live schema → [`diff`] → [`operation::Operation`]s →
//! [`script`] file → revision graph → [`runtime`] → SQL rendered by a [`dialect`].
//!
//! # Cargo features
//!
//! - `sqlite`, `postgres`, `mysql` (on by default): the databases, one sqlx driver and one
//!   dialect folder each. At least one is needed.
//! - `cli` (on by default): the `alambic` binary, the `db` command an application embeds
//!   (`cli`) and the Alembic-style log layout (`log`); brings clap and tracing-subscriber.
//! - `testing` (off): `testing::FreshDatabase`, an empty database on a real server per
//!   test, dropped afterwards.

#![warn(missing_docs)]
#![warn(clippy::too_many_lines)]
#![cfg_attr(not(test), warn(clippy::unwrap_used))]
// Errors carry the driver's error and the statement they are about; they travel the cold
// path only, so their size is not worth boxing.
#![allow(clippy::result_large_err)]

// Lets `::alambic::...` paths, as `#[derive(Model)]` writes them, resolve inside this crate too.
extern crate self as alambic;

#[cfg(feature = "cli")]
pub mod cli;
pub mod command;
pub mod dialect;
pub mod diff;
pub mod embedded;
#[cfg(feature = "cli")]
pub mod log;
pub mod model;
pub mod operation;
pub mod plan;
pub mod runtime;
pub mod schema;
pub mod script;
pub mod source;
pub mod sqltype;
#[cfg(feature = "testing")]
pub mod testing;

pub use alambic_derive::{embed_migrations, DbEnum, Model};
pub use model::Model;
