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
use quote::ToTokens;
use syn::ext::IdentExt;
use syn::meta::ParseNestedMeta;
use syn::punctuated::Punctuated;
use syn::{parenthesized, parse_macro_input, DeriveInput, LitStr, Token};

mod db_enum;
mod embed;
mod expand;
mod field_attrs;
mod table_attrs;
mod types;

use expand::expand;

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

/// Implements `alambic::model::NamedType` for an enum of unit variants: a database enum
/// type (`CREATE TYPE … AS ENUM`) with one label per variant. See the `alambic::model`
/// module for the attributes.
#[proc_macro_derive(DbEnum, attributes(alambic))]
pub fn derive_db_enum(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    match db_enum::expand(&input) {
        Ok(tokens) => tokens.into(),
        Err(err) => err.to_compile_error().into(),
    }
}

const STRUCT_ATTRS: &str =
    "table, comment, charset, collation, primary_key, index, unique, check, exclude, strict, without_rowid";
const FIELD_ATTRS: &str = "column, primary_key, autoincrement, identity, length, precision, scale, unique, \
    index, references, on_delete, on_update, deferrable, initially_deferred, match_full, server_default, \
    generated, stored, collation, charset, check, comment, sql_type, enum_values, enum_name, named_type, skip";
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

#[cfg(test)]
mod tests {
    use crate::expand::snake_case;

    #[test]
    fn struct_names_become_snake_case_table_names() {
        assert_eq!(snake_case("User"), "user");
        assert_eq!(snake_case("UserRole"), "user_role");
        assert_eq!(snake_case("HTTPRequest"), "http_request");
        assert_eq!(snake_case("Item2Tag"), "item2_tag");
        assert_eq!(snake_case("already_snake"), "already_snake");
    }
}
