use alambic::Model;

#[derive(Model)]
struct Item {
    #[alambic(primary_key, length = 10)]
    id: i32,
    #[alambic(precision = 10, scale = 2)]
    name: String,
}

fn main() {}
