use alambic::Model;

#[derive(Model)]
struct User {
    #[alambic(primary_key)]
    id: i32,
    #[alambic(references = "roles")]
    role_id: Option<i32>,
    #[alambic(references = "roles.id.x")]
    other_role_id: Option<i32>,
}

fn main() {}
