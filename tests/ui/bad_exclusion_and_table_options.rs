use alambic::Model;

#[derive(Model)]
#[alambic(
    strict = "yes",
    without_rowid,
    without_rowid,
    exclude(method = "gist", element("during"), using = "gist"),
    exclude(name = "no_overlap", predicate = ""),
    exclude
)]
struct Stay {
    #[alambic(primary_key)]
    id: i32,
    #[alambic(sql_type = "tsrange")]
    during: String,
}

fn main() {}
