//! `#[derive(DbEnum)]`: a Rust enum declared as a database enum type.
//!
//! The derive writes an `impl ::alambic::model::NamedType` whose `type_def()` is
//! `TypeDef::Enum` with one label per variant, in declaration order. Invariant: only an
//! enum of unit variants derives it, and every mistake (unknown attribute, duplicate label,
//! a variant with fields) is a compile error at its span, all reported at once.

use proc_macro2::TokenStream as TokenStream2;
use quote::quote;
use syn::ext::IdentExt;
use syn::meta::ParseNestedMeta;
use syn::{Attribute, Data, DeriveInput, Fields, LitStr};

use crate::expand::snake_case;
use crate::{key, set_once, skip_value, Errors};

/// The `impl NamedType` for `input`, or every error found in it.
pub(crate) fn expand(input: &DeriveInput) -> syn::Result<TokenStream2> {
    let Data::Enum(data) = &input.data else {
        return Err(syn::Error::new_spanned(
            &input.ident,
            "#[derive(DbEnum)] declares a database enum type and needs an enum of unit variants",
        ));
    };
    let mut errors = Errors::default();
    let type_name = one_text(&input.attrs, "type_name", &mut errors)
        .map_or_else(|| snake_case(&input.ident.unraw().to_string()), |lit| lit.value());
    let mut labels: Vec<String> = Vec::new();
    for variant in &data.variants {
        if !matches!(variant.fields, Fields::Unit) {
            errors.at(&variant.ident, "a database enum's variants have no fields: each one is a label");
        }
        let label = one_text(&variant.attrs, "label", &mut errors)
            .map_or_else(|| snake_case(&variant.ident.unraw().to_string()), |lit| lit.value());
        if labels.contains(&label) {
            errors.at(&variant.ident, format!("label `{label}` is given twice in enum type `{type_name}`"));
        }
        labels.push(label);
    }
    if labels.is_empty() {
        errors.at(&input.ident, "a database enum type needs at least one variant");
    }
    errors.finish()?;
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    Ok(quote! {
        impl #impl_generics ::alambic::model::NamedType for #ident #ty_generics #where_clause {
            fn type_name() -> ::std::string::String {
                ::std::string::String::from(#type_name)
            }
            fn type_def() -> ::alambic::schema::TypeDef {
                ::alambic::schema::TypeDef::Enum(::std::vec![#(::std::string::String::from(#labels)),*])
            }
        }
    })
}

/// The value of `#[alambic(<expected> = "...")]` among `attrs`, the only key allowed there.
fn one_text(attrs: &[Attribute], expected: &str, errors: &mut Errors) -> Option<LitStr> {
    let mut value = None;
    for attr in attrs.iter().filter(|a| a.path().is_ident("alambic")) {
        let parsed = attr.parse_nested_meta(|meta| text_attr(&meta, expected, &mut value, errors));
        if let Err(err) = parsed {
            errors.push(err);
        }
    }
    value
}

fn text_attr(
    meta: &ParseNestedMeta,
    expected: &str,
    value: &mut Option<LitStr>,
    errors: &mut Errors,
) -> syn::Result<()> {
    let name = key(meta);
    if name != expected {
        let place = if expected == "label" { "variant" } else { "enum" };
        errors.at(&meta.path, format!("unknown alambic {place} attribute `{name}`; expected: {expected} = \"...\""));
        return skip_value(meta);
    }
    let lit: LitStr = meta.value()?.parse()?;
    if lit.value().trim().is_empty() {
        errors.at(&lit, format!("`{expected}` is empty"));
    }
    set_once(value, lit, meta, errors);
    Ok(())
}
