use alambic::Model;

#[derive(Model)]
struct User {
    #[alambic(primary_key)]
    id: i32,
    #[alambic(references = "roles.id", on_delete = "explode")]
    role_id: Option<i32>,
    #[alambic(on_update = "cascade")]
    team_id: i32,
}

fn main() {}
