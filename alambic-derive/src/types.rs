//! Field types: which column type a Rust field type maps to, refined by its attributes.
//!
//! Invariant: a field whose type has no column type, or whose attributes do not fit its
//! type, gets a compile error at the attribute or type at fault, never a guessed column.

use proc_macro2::TokenStream as TokenStream2;
use quote::{quote, ToTokens};
use syn::{GenericArgument, LitStr, PathArguments, Type};

use crate::field_attrs::{FieldAttrs, Spanned};
use crate::Errors;

/// What a Rust field type maps to, before attributes refine it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
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
pub(crate) fn unwrap_option(ty: &Type) -> (&Type, bool) {
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

pub(crate) fn some_string(lit: Option<&LitStr>) -> TokenStream2 {
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
pub(crate) fn column_type(ty: &Type, attrs: &FieldAttrs, errors: &mut Errors) -> Option<TokenStream2> {
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

/// With `named_type`, the column type its Rust type declares (`Some(None)` after reporting
/// an attribute that cannot go with it); `None` without `named_type`.
pub(crate) fn named_column_type(ty: &Type, attrs: &FieldAttrs, errors: &mut Errors) -> Option<Option<TokenStream2>> {
    let at = attrs.named_type.as_ref()?;
    let mut ok = true;
    let sized = [(&attrs.length, "length"), (&attrs.precision, "precision"), (&attrs.scale, "scale")];
    for (given, what) in sized {
        if let Some(given) = given {
            errors.at(&given.at, format!("`{what}` cannot be combined with `named_type`: the named type says it"));
            ok = false;
        }
    }
    let others = [attrs.sql_type.as_ref().map(|s| &s.at), attrs.enum_values.as_ref().map(|v| &v.at)];
    for given in others.into_iter().flatten() {
        errors.at(given, "`sql_type` and `enum_values` cannot be combined with `named_type`: pick one");
        ok = false;
    }
    if attrs.enum_name.is_some() || attrs.autoincrement.is_some() {
        errors.at(at, "`named_type` goes without `enum_name` and `autoincrement`");
        ok = false;
    }
    Some(ok.then(|| quote!(<#ty as ::alambic::model::NamedType>::column_type())))
}
