use alambic::Model;

#[derive(Model)]
enum Mood {
    Sad,
    Happy,
}

#[derive(Model)]
struct Pair(i32, i32);

fn main() {}
