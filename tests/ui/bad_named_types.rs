use alambic::{DbEnum, Model};

#[derive(DbEnum)]
struct NotAnEnum;

#[derive(DbEnum)]
#[alambic(type_name = "mood", table = "moods")]
enum Mood {
    Sad,
    #[alambic(label = "sad")]
    AlsoSad,
    Happy(u8),
    #[alambic(name = "x")]
    Other,
}

#[derive(DbEnum)]
enum Empty {}

#[derive(Model)]
struct Person {
    #[alambic(primary_key)]
    id: i32,
    #[alambic(named_type = "mood")]
    mood: Mood,
    #[alambic(named_type, length = 10, sql_type = "TEXT")]
    other: Mood,
}

fn main() {}
