use alambic::Model;

#[derive(Model)]
struct Counter {
    #[alambic(primary_key)]
    id: i32,
    hits: u32,
    tags: Option<Vec<String>>,
}

fn main() {}
