//! Fuzzes the schema.sql reader with every dialect's grammar (see `checks::schema_sql`).
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::schema_sql(data));
