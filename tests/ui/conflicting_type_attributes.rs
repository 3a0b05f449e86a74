use alambic::Model;

#[derive(Model)]
struct Item {
    #[alambic(primary_key)]
    id: i32,
    #[alambic(sql_type = "VARCHAR(10)", length = 10)]
    code: String,
    #[alambic(enum_values("a", "b"))]
    level: i32,
    #[alambic(scale = 2)]
    price: rust_decimal::Decimal,
    #[alambic(enum_name = "mood")]
    mood: String,
    #[alambic(length = 8, length = 9)]
    name: String,
    #[alambic(autoincrement)]
    slug: String,
}

mod rust_decimal {
    pub struct Decimal;
}

fn main() {}
