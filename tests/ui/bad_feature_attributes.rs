use alambic::Model;

#[derive(Model)]
#[alambic(
    index(columns("a", "b"), desc("c"), nulls_first("a"), nulls_last("a"), include("nope"), method = ""),
    unique(columns("a"), initially_deferrable)
)]
struct Booking {
    #[alambic(primary_key, identity(always, begin = 3))]
    id: i64,
    #[alambic(stored)]
    a: i32,
    #[alambic(generated = "a * 2", server_default = "0")]
    b: i32,
    #[alambic(deferrable, match_full)]
    c: i32,
    #[alambic(identity(increment = 0))]
    d: i32,
    #[alambic(generated = "a + 1", autoincrement)]
    e: i32,
    #[alambic(collation = "")]
    f: String,
}

fn main() {}
