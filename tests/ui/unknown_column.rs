use alambic::Model;

#[derive(Model)]
#[alambic(table = "users", index(name = "ix_users_name", columns("name")))]
#[alambic(primary_key("id"))]
struct User {
    #[alambic(primary_key)]
    id: i32,
    #[alambic(column = "username")]
    name: String,
}

fn main() {}
