//! `#[derive(Model)]`: a Rust struct declared as a database table.
//!
//! The derive reads the struct, its field types and its `#[alambic(...)]` attributes, and
//! writes an `impl ::alambic::model::Model` whose `table()` builds the neutral
//! `alambic::schema::Table` with `alambic::model::TableBuilder`. Invariant: every mistake
//! it can see (unknown attribute, unsupported type, bad reference) becomes a compile error
//! at the span at fault, and all of them are reported at once. The attribute reference
//! lives in the `alambic::model` module documentation.

#![warn(clippy::too_many_lines)]

use proc_macro::TokenStream;
use proc_macro2::TokenStream as TokenStream2;
use quote::{quote, ToTokens};
use syn::ext::IdentExt;
use syn::meta::ParseNestedMeta;
use syn::parse::Parser;
use syn::punctuated::Punctuated;
use syn::{
    parenthesized, parse_macro_input, Data, DeriveInput, Fields, GenericArgument, LitInt, LitStr, PathArguments, Token,
    Type,
};

mod embed;

/// Compiles the scripts of a migrations directory (default `"migrations"`, relative to the
/// crate's `Cargo.toml`) into an `alambic::embedded::Migrator`, usable in a `static`.
#[proc_macro]
pub fn embed_migrations(input: TokenStream) -> TokenStream {
    let dir = if input.is_empty() { None } else { Some(parse_macro_input!(input as LitStr)) };
    match embed::expand(dir) {
        Ok(tokens) => tokens.into(),
        Err(err) => err.to_compile_error().into(),
    }
}

/// Implements `alambic::model::Model` for a struct with named fields: one column per field.
/// See the `alambic::model` module for the attributes.
#[proc_macro_derive(Model, attributes(alambic))]
pub fn derive_model(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    match expand(&input) {
        Ok(tokens) => tokens.into(),
        Err(err) => err.to_compile_error().into(),
    }
}

const STRUCT_ATTRS: &str = "table, comment, primary_key, index, unique, check";
const FIELD_ATTRS: &str = "column, primary_key, autoincrement, length, precision, scale, unique, \
    index, references, on_delete, on_update, server_default, check, comment, sql_type, \
    enum_values, enum_name, skip";
const FK_ACTIONS: &str = "\"cascade\", \"set null\", \"set default\", \"restrict\", \"no action\"";

/// Several compile errors, reported together.
#[derive(Default)]
struct Errors(Option<syn::Error>);

impl Errors {
    fn push(&mut self, err: syn::Error) {
        match &mut self.0 {
            Some(all) => all.combine(err),
            None => self.0 = Some(err),
        }
    }

    fn at(&mut self, tokens: impl ToTokens, message: impl std::fmt::Display) {
        self.push(syn::Error::new_spanned(tokens, message));
    }

    fn finish(self) -> syn::Result<()> {
        self.0.map_or(Ok(()), Err)
    }
}

/// Consumes the value of an attribute that is reported as unknown, so parsing can go on
/// and find the next mistake.
fn skip_value(meta: &ParseNestedMeta) -> syn::Result<()> {
    if meta.input.peek(Token![=]) {
        meta.input.parse::<Token![=]>()?;
        meta.input.parse::<syn::Expr>()?;
    } else if meta.input.peek(syn::token::Paren) {
        let content;
        parenthesized!(content in meta.input);
        content.parse::<TokenStream2>()?;
    }
    Ok(())
}

/// A field attribute that stands alone (`primary_key`, `unique`): a value or a list after
/// it is reported, with `hint` saying what was perhaps meant, and skipped.
fn flag(meta: &ParseNestedMeta, errors: &mut Errors, hint: &str) -> syn::Result<bool> {
    if meta.input.peek(Token![=]) || meta.input.peek(syn::token::Paren) {
        errors.at(&meta.path, format!("on a field, `{}` stands alone, with no value or list{hint}", key(meta)));
        skip_value(meta)?;
        return Ok(false);
    }
    Ok(true)
}

/// `("a", "b")`
fn string_list(meta: &ParseNestedMeta) -> syn::Result<Vec<LitStr>> {
    let content;
    parenthesized!(content in meta.input);
    let list = Punctuated::<LitStr, Token![,]>::parse_terminated(&content)?;
    Ok(list.into_iter().collect())
}

fn key(meta: &ParseNestedMeta) -> String {
    meta.path.get_ident().map(|i| i.unraw().to_string()).unwrap_or_default()
}

/// Sets an attribute once; a second occurrence is an error at its key.
fn set_once<T>(slot: &mut Option<T>, value: T, meta: &ParseNestedMeta, errors: &mut Errors) {
    if slot.is_some() {
        errors.at(&meta.path, format!("duplicate alambic attribute `{}`", key(meta)));
    } else {
        *slot = Some(value);
    }
}

// ---------------------------------------------------------------------------------------
// Struct attributes

struct IndexAttr {
    name: Option<LitStr>,
    columns: Vec<LitStr>,
    unique: bool,
}

struct UniqueAttr {
    name: Option<LitStr>,
    columns: Vec<LitStr>,
}

struct CheckAttr {
    name: Option<LitStr>,
    expr: LitStr,
}

#[derive(Default)]
struct TableAttrs {
    table: Option<LitStr>,
    comment: Option<LitStr>,
    primary_key: Option<(TokenStream2, Vec<LitStr>)>,
    indexes: Vec<IndexAttr>,
    uniques: Vec<UniqueAttr>,
    checks: Vec<CheckAttr>,
}

fn parse_table_attrs(input: &DeriveInput, errors: &mut Errors) -> TableAttrs {
    let mut attrs = TableAttrs::default();
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("alambic")) {
        let result = attr.parse_nested_meta(|meta| {
            match key(&meta).as_str() {
                "table" => {
                    let lit: LitStr = meta.value()?.parse()?;
                    set_once(&mut attrs.table, lit, &meta, errors);
                }
                "comment" => {
                    let lit: LitStr = meta.value()?.parse()?;
                    set_once(&mut attrs.comment, lit, &meta, errors);
                }
                "primary_key" => {
                    if !meta.input.peek(syn::token::Paren) {
                        errors.at(
                            &meta.path,
                            "on a struct, `primary_key` lists the key's columns: \
                             primary_key(\"a\", \"b\"); mark a single-column key on its field",
                        );
                        return skip_value(&meta);
                    }
                    let columns = string_list(&meta)?;
                    let at = meta.path.to_token_stream();
                    if columns.is_empty() {
                        errors.at(&at, "`primary_key(...)` needs at least one column");
                    }
                    set_once(&mut attrs.primary_key, (at, columns), &meta, errors);
                }
                "index" | "unique" => {
                    let is_index = key(&meta) == "index";
                    let at = meta.path.to_token_stream();
                    let (mut name, mut columns, mut unique) = (None, None, false);
                    meta.parse_nested_meta(|inner| {
                        match key(&inner).as_str() {
                            "name" => {
                                let lit: LitStr = inner.value()?.parse()?;
                                set_once(&mut name, lit, &inner, errors);
                            }
                            "columns" => {
                                let list = string_list(&inner)?;
                                set_once(&mut columns, list, &inner, errors);
                            }
                            "unique" if is_index => unique = true,
                            other => {
                                let known = if is_index { "name, columns, unique" } else { "name, columns" };
                                errors.at(
                                    &inner.path,
                                    format!(
                                        "unknown `{}(...)` attribute `{other}`; expected one of: {known}",
                                        if is_index { "index" } else { "unique" }
                                    ),
                                );
                                skip_value(&inner)?;
                            }
                        }
                        Ok(())
                    })?;
                    let columns = match columns {
                        Some(c) if !c.is_empty() => c,
                        _ => {
                            errors.at(&at, "missing `columns(\"a\", ...)`: which columns does it cover?");
                            Vec::new()
                        }
                    };
                    if is_index {
                        attrs.indexes.push(IndexAttr { name, columns, unique });
                    } else {
                        attrs.uniques.push(UniqueAttr { name, columns });
                    }
                }
                "check" => {
                    let at = meta.path.to_token_stream();
                    let (mut name, mut expr) = (None, None);
                    meta.parse_nested_meta(|inner| {
                        match key(&inner).as_str() {
                            "name" => {
                                let lit: LitStr = inner.value()?.parse()?;
                                set_once(&mut name, lit, &inner, errors);
                            }
                            "expr" => {
                                let lit: LitStr = inner.value()?.parse()?;
                                set_once(&mut expr, lit, &inner, errors);
                            }
                            other => {
                                errors.at(
                                    &inner.path,
                                    format!("unknown `check(...)` attribute `{other}`; expected one of: name, expr"),
                                );
                                skip_value(&inner)?;
                            }
                        }
                        Ok(())
                    })?;
                    match expr {
                        Some(expr) => attrs.checks.push(CheckAttr { name, expr }),
                        None => errors.at(&at, "missing `expr = \"...\"`: the SQL condition to check"),
                    }
                }
                other => {
                    let hint =
                        if FIELD_ATTRS.split(", ").any(|f| f == other) { " (this one belongs on a field)" } else { "" };
                    errors.at(
                        &meta.path,
                        format!("unknown alambic struct attribute `{other}`{hint}; expected one of: {STRUCT_ATTRS}"),
                    );
                    skip_value(&meta)?;
                }
            }
            Ok(())
        });
        if let Err(err) = result {
            errors.push(err);
        }
    }
    attrs
}

// ---------------------------------------------------------------------------------------
// Field attributes

/// An attribute's key and value, kept whole for error spans.
struct Spanned<T> {
    at: TokenStream2,
    value: T,
}

#[derive(Default)]
struct FieldAttrs {
    column: Option<LitStr>,
    primary_key: bool,
    autoincrement: Option<TokenStream2>,
    length: Option<Spanned<u32>>,
    precision: Option<Spanned<u32>>,
    scale: Option<Spanned<u32>>,
    unique: bool,
    index: Option<Option<LitStr>>,
    references: Option<Spanned<(String, String)>>,
    on_delete: Option<Spanned<TokenStream2>>,
    on_update: Option<Spanned<TokenStream2>>,
    server_default: Option<LitStr>,
    check: Option<LitStr>,
    comment: Option<LitStr>,
    sql_type: Option<Spanned<LitStr>>,
    enum_values: Option<Spanned<Vec<LitStr>>>,
    enum_name: Option<LitStr>,
    skip: bool,
}

fn int_value(meta: &ParseNestedMeta) -> syn::Result<Spanned<u32>> {
    let lit: LitInt = meta.value()?.parse()?;
    let value = lit.base10_parse::<u32>()?;
    let path = &meta.path;
    Ok(Spanned { at: quote!(#path = #lit), value })
}

fn fk_action(meta: &ParseNestedMeta, errors: &mut Errors) -> syn::Result<Option<Spanned<TokenStream2>>> {
    let lit: LitStr = meta.value()?.parse()?;
    let words = lit.value().replace('_', " ").split_whitespace().collect::<Vec<_>>().join(" ");
    let variant = match words.to_ascii_lowercase().as_str() {
        "cascade" => quote!(Cascade),
        "set null" => quote!(SetNull),
        "set default" => quote!(SetDefault),
        "restrict" => quote!(Restrict),
        "no action" => quote!(NoAction),
        _ => {
            errors.at(&lit, format!("unknown `{}` action {:?}; expected one of: {FK_ACTIONS}", key(meta), lit.value()));
            return Ok(None);
        }
    };
    let path = &meta.path;
    Ok(Some(Spanned { at: quote!(#path = #lit), value: quote!(::alambic::schema::FkAction::#variant) }))
}

fn parse_field_attrs(field: &syn::Field, errors: &mut Errors) -> FieldAttrs {
    let mut attrs = FieldAttrs::default();
    for attr in field.attrs.iter().filter(|a| a.path().is_ident("alambic")) {
        let result = attr.parse_nested_meta(|meta| {
            let path = meta.path.clone();
            match key(&meta).as_str() {
                "column" => {
                    let lit: LitStr = meta.value()?.parse()?;
                    set_once(&mut attrs.column, lit, &meta, errors);
                }
                "primary_key" => {
                    let hint = "; a composite key goes on the struct: #[alambic(primary_key(\"a\", \"b\"))]";
                    attrs.primary_key |= flag(&meta, errors, hint)?;
                }
                "autoincrement" => {
                    if flag(&meta, errors, "")? {
                        attrs.autoincrement = Some(meta.path.to_token_stream());
                    }
                }
                "unique" => {
                    let hint = "; a multi-column constraint goes on the struct: #[alambic(unique(columns(\"a\", \"b\")))]";
                    attrs.unique |= flag(&meta, errors, hint)?;
                }
                "skip" => attrs.skip |= flag(&meta, errors, "")?,
                "length" => {
                    let v = int_value(&meta)?;
                    set_once(&mut attrs.length, v, &meta, errors);
                }
                "precision" => {
                    let v = int_value(&meta)?;
                    set_once(&mut attrs.precision, v, &meta, errors);
                }
                "scale" => {
                    let v = int_value(&meta)?;
                    set_once(&mut attrs.scale, v, &meta, errors);
                }
                "index" if meta.input.peek(syn::token::Paren) => {
                    errors.at(
                        &meta.path,
                        "on a field, write `index` or `index = \"name\"`; a multi-column index goes on the struct: \
                         #[alambic(index(columns(\"a\", \"b\")))]",
                    );
                    skip_value(&meta)?;
                }
                "index" => {
                    let name = if meta.input.peek(Token![=]) { Some(meta.value()?.parse::<LitStr>()?) } else { None };
                    set_once(&mut attrs.index, name, &meta, errors);
                }
                "references" => {
                    let lit: LitStr = meta.value()?.parse()?;
                    let text = lit.value();
                    match text.split_once('.') {
                        Some((table, column))
                            if !table.trim().is_empty()
                                && !column.trim().is_empty()
                                && !column.contains('.') =>
                        {
                            let value = (table.trim().to_string(), column.trim().to_string());
                            set_once(&mut attrs.references, Spanned { at: quote!(#path = #lit), value }, &meta, errors);
                        }
                        _ => errors.at(
                            &lit,
                            format!("`references` names the referred column as \"table.column\" (e.g. \"roles.id\"), not {text:?}"),
                        ),
                    }
                }
                "on_delete" => {
                    if let Some(action) = fk_action(&meta, errors)? {
                        set_once(&mut attrs.on_delete, action, &meta, errors);
                    }
                }
                "on_update" => {
                    if let Some(action) = fk_action(&meta, errors)? {
                        set_once(&mut attrs.on_update, action, &meta, errors);
                    }
                }
                "server_default" => {
                    let lit: LitStr = meta.value()?.parse()?;
                    set_once(&mut attrs.server_default, lit, &meta, errors);
                }
                "check" if meta.input.peek(syn::token::Paren) => {
                    errors.at(
                        &meta.path,
                        "on a field, write `check = \"SQL condition\"`; a named check goes on the struct: \
                         #[alambic(check(name = \"...\", expr = \"...\"))]",
                    );
                    skip_value(&meta)?;
                }
                "check" => {
                    let lit: LitStr = meta.value()?.parse()?;
                    set_once(&mut attrs.check, lit, &meta, errors);
                }
                "comment" => {
                    let lit: LitStr = meta.value()?.parse()?;
                    set_once(&mut attrs.comment, lit, &meta, errors);
                }
                "sql_type" => {
                    let lit: LitStr = meta.value()?.parse()?;
                    if lit.value().trim().is_empty() {
                        errors.at(&lit, "`sql_type` is empty; write the type as the database spells it, e.g. \"CITEXT\"");
                    }
                    set_once(&mut attrs.sql_type, Spanned { at: quote!(#path = #lit), value: lit }, &meta, errors);
                }
                "enum_values" => {
                    // Keep the list as written, so errors about it span `enum_values(...)`.
                    let group: proc_macro2::Group = meta.input.parse()?;
                    let values: Vec<LitStr> = Punctuated::<LitStr, Token![,]>::parse_terminated
                        .parse2(group.stream())?
                        .into_iter()
                        .collect();
                    if values.is_empty() {
                        errors.at(&path, "`enum_values(...)` needs at least one value");
                    }
                    let at = quote!(#path #group);
                    set_once(&mut attrs.enum_values, Spanned { at, value: values }, &meta, errors);
                }
                "enum_name" => {
                    let lit: LitStr = meta.value()?.parse()?;
                    set_once(&mut attrs.enum_name, lit, &meta, errors);
                }
                other => {
                    let hint = if STRUCT_ATTRS.split(", ").any(|f| f == other) && !FIELD_ATTRS.split(", ").any(|f| f == other) {
                        " (this one belongs on the struct)"
                    } else {
                        ""
                    };
                    errors.at(
                        &meta.path,
                        format!("unknown alambic field attribute `{other}`{hint}; expected one of: {FIELD_ATTRS}"),
                    );
                    skip_value(&meta)?;
                }
            }
            Ok(())
        });
        if let Err(err) = result {
            errors.push(err);
        }
    }
    attrs
}

// ---------------------------------------------------------------------------------------
// Field types

/// What a Rust field type maps to, before attributes refine it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    SmallInteger,
    Integer,
    BigInteger,
    Boolean,
    String,
    Float,
    Double,
    Binary,
    Date,
    DateTime { timezone: bool },
    Time,
    Uuid,
    Decimal,
    Json,
}

fn last_segment(ty: &Type) -> Option<&syn::PathSegment> {
    match ty {
        Type::Path(p) if p.qself.is_none() => p.path.segments.last(),
        Type::Group(g) => last_segment(&g.elem),
        Type::Paren(p) => last_segment(&p.elem),
        _ => None,
    }
}

fn single_type_arg(segment: &syn::PathSegment) -> Option<&Type> {
    match &segment.arguments {
        PathArguments::AngleBracketed(args) if args.args.len() == 1 => match &args.args[0] {
            GenericArgument::Type(ty) => Some(ty),
            _ => None,
        },
        _ => None,
    }
}

/// `Option<T>` → (`T`, true); anything else → (itself, false).
fn unwrap_option(ty: &Type) -> (&Type, bool) {
    if let Some(seg) = last_segment(ty) {
        if seg.ident == "Option" {
            if let Some(inner) = single_type_arg(seg) {
                return (inner, true);
            }
        }
    }
    (ty, false)
}

fn classify(ty: &Type) -> Option<Kind> {
    let seg = last_segment(ty)?;
    let name = seg.ident.to_string();
    let plain = matches!(seg.arguments, PathArguments::None);
    Some(match name.as_str() {
        "i16" if plain => Kind::SmallInteger,
        "i32" if plain => Kind::Integer,
        "i64" if plain => Kind::BigInteger,
        "bool" if plain => Kind::Boolean,
        "String" if plain => Kind::String,
        "f32" if plain => Kind::Float,
        "f64" if plain => Kind::Double,
        "Vec" => match single_type_arg(seg).and_then(last_segment) {
            Some(inner) if inner.ident == "u8" => Kind::Binary,
            _ => return None,
        },
        "NaiveDate" | "Date" if plain => Kind::Date,
        "NaiveDateTime" | "PrimitiveDateTime" if plain => Kind::DateTime { timezone: false },
        "DateTime" | "OffsetDateTime" => Kind::DateTime { timezone: true },
        "NaiveTime" | "Time" if plain => Kind::Time,
        "Uuid" if plain => Kind::Uuid,
        "Decimal" if plain => Kind::Decimal,
        "Value" | "JsonValue" if plain => Kind::Json,
        _ => return None,
    })
}

/// The type as a person would write it: `Vec<u16>`, not `Vec < u16 >`.
fn type_text(ty: &Type) -> String {
    let text = ty.to_token_stream().to_string();
    text.replace(" < ", "<")
        .replace("< ", "<")
        .replace(" >", ">")
        .replace(" :: ", "::")
        .replace(":: ", "::")
        .replace(" ,", ",")
        .replace("& ", "&")
}

fn some_string(lit: Option<&LitStr>) -> TokenStream2 {
    match lit {
        Some(lit) => quote!(::std::option::Option::Some(::std::string::String::from(#lit))),
        None => quote!(::std::option::Option::None),
    }
}

fn kind_tokens(kind: Kind, attrs: &FieldAttrs) -> TokenStream2 {
    let num = |n: Option<&Spanned<u32>>| match n {
        Some(n) => {
            let v = n.value;
            quote!(::std::option::Option::Some(#v))
        }
        None => quote!(::std::option::Option::None),
    };
    let t = quote!(::alambic::schema::ColumnType);
    match kind {
        Kind::SmallInteger => quote!(#t::SmallInteger),
        Kind::Integer => quote!(#t::Integer),
        Kind::BigInteger => quote!(#t::BigInteger),
        Kind::Boolean => quote!(#t::Boolean),
        Kind::String => {
            let n = num(attrs.length.as_ref());
            quote!(#t::String(#n))
        }
        Kind::Float => quote!(#t::Float),
        Kind::Double => quote!(#t::Double),
        Kind::Binary => quote!(#t::Binary),
        Kind::Date => quote!(#t::Date),
        Kind::DateTime { timezone } => quote!(#t::DateTime { timezone: #timezone }),
        Kind::Time => quote!(#t::Time),
        Kind::Uuid => quote!(#t::Uuid),
        Kind::Decimal => {
            let (p, s) = (num(attrs.precision.as_ref()), num(attrs.scale.as_ref()));
            quote!(#t::Numeric(#p, #s))
        }
        Kind::Json => quote!(#t::Json),
    }
}

/// The column type expression for a field, or `None` after reporting why there is none.
fn column_type(ty: &Type, attrs: &FieldAttrs, errors: &mut Errors) -> Option<TokenStream2> {
    let kind = classify(ty);
    let text = type_text(ty);
    let mut ok = true;
    if let Some(sql_type) = &attrs.sql_type {
        for (given, what) in [(&attrs.length, "length"), (&attrs.precision, "precision"), (&attrs.scale, "scale")] {
            if let Some(given) = given {
                errors.at(&given.at, format!("`{what}` cannot be combined with `sql_type`; write it in the type, e.g. sql_type = \"VARCHAR(10)\""));
                ok = false;
            }
        }
        if let Some(values) = &attrs.enum_values {
            errors.at(&values.at, "`enum_values` cannot be combined with `sql_type`: pick one");
            ok = false;
        }
        let lit = &sql_type.value;
        return ok.then(|| quote!(::alambic::sqltype::parse_type_name(#lit)));
    }
    if let Some(name) = &attrs.enum_name {
        if attrs.enum_values.is_none() {
            errors.at(name, "`enum_name` names an enum type: give its labels with enum_values(\"a\", \"b\")");
            ok = false;
        }
    }
    if let Some(values) = &attrs.enum_values {
        if kind.is_some_and(|k| k != Kind::String) {
            errors.at(&values.at, format!("`enum_values` needs a String field (or a Rust enum), not `{text}`"));
            ok = false;
        }
    }
    if let Some(length) = &attrs.length {
        if kind != Some(Kind::String) || attrs.enum_values.is_some() {
            errors.at(&length.at, format!("`length` applies only to String fields, and this field is `{text}`"));
            ok = false;
        }
    }
    for (given, what) in [(&attrs.precision, "precision"), (&attrs.scale, "scale")] {
        if let Some(given) = given {
            if kind != Some(Kind::Decimal) {
                errors.at(&given.at, format!("`{what}` applies only to Decimal fields, and this field is `{text}`"));
                ok = false;
            }
        }
    }
    if let Some(at) = &attrs.autoincrement {
        let integer = matches!(kind, Some(Kind::SmallInteger | Kind::Integer | Kind::BigInteger));
        if !integer || attrs.enum_values.is_some() {
            errors.at(at, format!("`autoincrement` applies only to integer fields, and this field is `{text}`"));
            ok = false;
        }
    }
    if let (Some(scale), None) = (&attrs.scale, &attrs.precision) {
        errors.at(&scale.at, "`scale` needs a `precision` too, e.g. precision = 10, scale = 2");
        ok = false;
    }
    if let Some(values) = &attrs.enum_values {
        let name = some_string(attrs.enum_name.as_ref());
        let labels = &values.value;
        return ok.then(|| {
            quote!(::alambic::schema::ColumnType::Enum {
                name: #name,
                values: ::std::vec![#(::std::string::String::from(#labels)),*],
            })
        });
    }
    match kind {
        Some(kind) => ok.then(|| kind_tokens(kind, attrs)),
        None => {
            errors.at(
                ty,
                format!(
                    "alambic does not know which column type to use for `{text}`; \
                     name one with #[alambic(sql_type = \"...\")] (e.g. \"TEXT\", \"BIGINT UNSIGNED\"), \
                     or mark the field #[alambic(skip)] if it is not a column"
                ),
            );
            None
        }
    }
}

// ---------------------------------------------------------------------------------------
// Expansion

/// `UserRole` → `user_role`.
fn snake_case(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_uppercase() {
            let prev_lower = i > 0 && (chars[i - 1].is_lowercase() || chars[i - 1].is_ascii_digit());
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            let prev_upper = i > 0 && chars[i - 1].is_uppercase();
            if i > 0 && (prev_lower || (prev_upper && next_lower)) && !out.ends_with('_') {
                out.push('_');
            }
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

struct ColumnOut {
    name: String,
    nullable: bool,
    field_ty: TokenStream2,
    attrs: FieldAttrs,
}

fn expand(input: &DeriveInput) -> syn::Result<TokenStream2> {
    let fields = match &input.data {
        Data::Struct(s) => match &s.fields {
            Fields::Named(named) => &named.named,
            Fields::Unnamed(_) | Fields::Unit => {
                return Err(syn::Error::new_spanned(
                    &input.ident,
                    "#[derive(Model)] needs a struct with named fields: each field is a column",
                ))
            }
        },
        Data::Enum(e) => {
            return Err(syn::Error::new_spanned(
                e.enum_token,
                "#[derive(Model)] declares a table and needs a struct with named fields, not an enum; \
                 for a column holding an enum, use #[alambic(enum_values(\"a\", \"b\"))] on a field",
            ))
        }
        Data::Union(u) => {
            return Err(syn::Error::new_spanned(
                u.union_token,
                "#[derive(Model)] needs a struct with named fields, not a union",
            ))
        }
    };

    let mut errors = Errors::default();
    let table_attrs = parse_table_attrs(input, &mut errors);
    let table_name = match &table_attrs.table {
        Some(lit) => lit.value(),
        None => snake_case(&input.ident.unraw().to_string()),
    };

    // Columns, in field order.
    let mut columns: Vec<ColumnOut> = Vec::new();
    for field in fields {
        let attrs = parse_field_attrs(field, &mut errors);
        let Some(ident) = field.ident.clone() else { continue };
        if attrs.skip {
            continue;
        }
        let name = attrs.column.as_ref().map_or_else(|| ident.unraw().to_string(), LitStr::value);
        if columns.iter().any(|c| c.name == name) {
            errors.at(&ident, format!("column `{name}` is declared twice in table `{table_name}`"));
        }
        let (inner, nullable) = unwrap_option(&field.ty);
        let field_ty = column_type(inner, &attrs, &mut errors).unwrap_or_default();
        if let Some(action) = attrs.on_delete.as_ref().or(attrs.on_update.as_ref()) {
            if attrs.references.is_none() {
                errors.at(&action.at, "`on_delete`/`on_update` need `references = \"table.column\"` on the same field");
            }
        }
        if attrs.enum_name.is_some() && attrs.enum_values.is_none() && attrs.sql_type.is_some() {
            if let Some(name) = &attrs.enum_name {
                errors.at(name, "`enum_name` goes with enum_values(...), not with `sql_type`");
            }
        }
        columns.push(ColumnOut { name, nullable, field_ty, attrs });
    }

    // Primary key: on the struct, or on the fields, not both.
    let field_pk: Vec<String> = columns.iter().filter(|c| c.attrs.primary_key).map(|c| c.name.clone()).collect();
    let primary_key: Vec<String> = match &table_attrs.primary_key {
        Some((at, list)) => {
            if !field_pk.is_empty() {
                errors.at(
                    at,
                    format!(
                        "the primary key is given twice: here and by #[alambic(primary_key)] on {}; keep one",
                        field_pk.join(", ")
                    ),
                );
            }
            list.iter().map(LitStr::value).collect()
        }
        None => field_pk,
    };

    // Struct-level column lists must name real columns.
    let known: Vec<&str> = columns.iter().map(|c| c.name.as_str()).collect();
    let check_columns = |lits: &[LitStr], errors: &mut Errors| {
        for lit in lits {
            if !known.contains(&lit.value().as_str()) {
                errors.at(
                    lit,
                    format!(
                        "table `{table_name}` has no column `{}`; its columns are: {}",
                        lit.value(),
                        known.join(", ")
                    ),
                );
            }
        }
    };
    if let Some((_, list)) = &table_attrs.primary_key {
        check_columns(list, &mut errors);
    }
    for index in &table_attrs.indexes {
        check_columns(&index.columns, &mut errors);
    }
    for unique in &table_attrs.uniques {
        check_columns(&unique.columns, &mut errors);
    }

    errors.finish()?;

    let mut body = Vec::new();
    for column in &columns {
        let name = &column.name;
        let ty = &column.field_ty;
        let nullable = column.nullable && !primary_key.contains(name);
        let server_default = some_string(column.attrs.server_default.as_ref());
        let comment = some_string(column.attrs.comment.as_ref());
        let autoincrement = column.attrs.autoincrement.is_some();
        body.push(quote! {
            .column(::alambic::schema::Column {
                name: ::std::string::String::from(#name),
                r#type: #ty,
                nullable: #nullable,
                server_default: #server_default,
                autoincrement: #autoincrement,
                comment: #comment,
            })
        });
    }
    if !primary_key.is_empty() {
        body.push(quote!(.primary_key([#(#primary_key),*])));
    }
    // Field-level indexes and constraints, in field order, then the struct-level ones.
    for column in &columns {
        let name = &column.name;
        let attrs = &column.attrs;
        if let Some(custom) = &attrs.index {
            let index_name = custom.as_ref().map_or_else(|| format!("ix_{table_name}_{name}"), LitStr::value);
            let unique = attrs.unique;
            body.push(quote!(.index(#index_name, [#name], #unique)));
        } else if attrs.unique {
            body.push(quote!(.unique([#name])));
        }
    }
    for index in &table_attrs.indexes {
        let cols: Vec<String> = index.columns.iter().map(LitStr::value).collect();
        let name = index.name.as_ref().map_or_else(|| format!("ix_{table_name}_{}", cols.join("_")), LitStr::value);
        let unique = index.unique;
        body.push(quote!(.index(#name, [#(#cols),*], #unique)));
    }
    for unique in &table_attrs.uniques {
        let cols = &unique.columns;
        body.push(match &unique.name {
            Some(name) => quote!(.unique_named(#name, [#(#cols),*])),
            None => quote!(.unique([#(#cols),*])),
        });
    }
    for column in &columns {
        if let Some(target) = &column.attrs.references {
            let (table, referred) = &target.value;
            let name = &column.name;
            let on_delete = column
                .attrs
                .on_delete
                .as_ref()
                .map_or_else(|| quote!(::alambic::schema::FkAction::NoAction), |a| a.value.clone());
            let on_update = column
                .attrs
                .on_update
                .as_ref()
                .map_or_else(|| quote!(::alambic::schema::FkAction::NoAction), |a| a.value.clone());
            body.push(quote! {
                .foreign_key_with(::alambic::schema::ForeignKey {
                    name: ::std::option::Option::None,
                    columns: ::std::vec![::std::string::String::from(#name)],
                    referred_table: ::std::string::String::from(#table),
                    referred_columns: ::std::vec![::std::string::String::from(#referred)],
                    on_delete: #on_delete,
                    on_update: #on_update,
                })
            });
        }
    }
    for column in &columns {
        if let Some(check) = &column.attrs.check {
            body.push(quote!(.check(#check)));
        }
    }
    for check in &table_attrs.checks {
        let expr = &check.expr;
        body.push(match &check.name {
            Some(name) => quote!(.check_named(#name, #expr)),
            None => quote!(.check(#expr)),
        });
    }
    if let Some(comment) = &table_attrs.comment {
        body.push(quote!(.comment(#comment)));
    }

    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    Ok(quote! {
        impl #impl_generics ::alambic::model::Model for #ident #ty_generics #where_clause {
            fn table() -> ::alambic::schema::Table {
                ::alambic::model::TableBuilder::new(#table_name)
                    #(#body)*
                    .build()
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::snake_case;

    #[test]
    fn struct_names_become_snake_case_table_names() {
        assert_eq!(snake_case("User"), "user");
        assert_eq!(snake_case("UserRole"), "user_role");
        assert_eq!(snake_case("HTTPRequest"), "http_request");
        assert_eq!(snake_case("Item2Tag"), "item2_tag");
        assert_eq!(snake_case("already_snake"), "already_snake");
    }
}
