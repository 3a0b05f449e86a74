//! A Rust model and the `schema.sql` that says the same thing give the same schema, for
//! the index and key options models can declare: key order, partial indexes, named and
//! unnamed unique constraints, foreign keys with actions.

use std::path::Path;

use alambic::schema::Schema;
use alambic::source::parse_schema_sql;
use alambic::Model;

#[derive(Model)]
#[alambic(
    table = "booking",
    index(name = "ix_booking_recent", columns("starts", "room"), desc("starts")),
    index(name = "ix_booking_open", columns("room"), predicate = "room > 0"),
    index(name = "ix_booking_room_starts", columns("room", "starts"), unique, desc("starts")),
    unique(name = "uq_booking_note", columns("note"))
)]
#[allow(dead_code)]
struct Booking {
    #[alambic(primary_key)]
    id: i32,
    #[alambic(references = "rooms.id", on_delete = "cascade")]
    room: Option<i32>,
    starts: Option<i32>,
    #[alambic(length = 64)]
    note: Option<String>,
}

#[derive(Model)]
#[alambic(table = "rooms")]
#[allow(dead_code)]
struct Room {
    #[alambic(primary_key)]
    id: i32,
}

const SCHEMA_SQL: &str = "
CREATE TABLE rooms (id INTEGER NOT NULL PRIMARY KEY);
CREATE TABLE booking (
    id INTEGER NOT NULL PRIMARY KEY,
    room INTEGER REFERENCES rooms (id) ON DELETE CASCADE,
    starts INTEGER,
    note VARCHAR(64),
    CONSTRAINT uq_booking_note UNIQUE (note)
);
CREATE INDEX ix_booking_recent ON booking (starts DESC, room);
CREATE INDEX ix_booking_open ON booking (room) WHERE room > 0;
CREATE UNIQUE INDEX ix_booking_room_starts ON booking (room, starts DESC);
";

#[test]
fn index_and_key_options_of_a_model_read_as_their_schema_sql() {
    let from_sql = parse_schema_sql(Path::new("schema.sql"), SCHEMA_SQL, None).expect("schema.sql reads");
    assert!(from_sql.notes.is_empty(), "{:?}", from_sql.notes);
    let models: Schema = alambic::models![Room, Booking];
    assert_eq!(models, from_sql.schema);
}
