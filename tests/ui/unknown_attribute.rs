use alambic::Model;

#[derive(Model)]
#[alambic(tabel = "users")]
struct User {
    #[alambic(primary_key)]
    id: i32,
    #[alambic(lenght = 64, unique)]
    username: Option<String>,
    #[alambic(index(columns("id")), unique = true)]
    email: String,
    #[alambic(length = 8, table = "t")]
    code: String,
}

fn main() {}
