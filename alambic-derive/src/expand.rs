//! The expansion of `#[derive(Model)]`: the checked struct becomes an `impl Model` whose
//! `table()` calls `alambic::model::TableBuilder` once per column, key, index and check.
//!
//! Invariant: nothing is generated while any error is pending; all errors found are
//! reported together, in the order the struct declares what they are about.

use proc_macro2::TokenStream as TokenStream2;
use quote::quote;
use syn::ext::IdentExt;
use syn::punctuated::Punctuated;
use syn::{Data, DeriveInput, Fields, LitStr, Token};

use crate::field_attrs::{parse_field_attrs, FieldAttrs};
use crate::table_attrs::{parse_table_attrs, TableAttrs};
use crate::types::{column_type, some_string, unwrap_option};
use crate::Errors;

/// `UserRole` → `user_role`.
pub(crate) fn snake_case(name: &str) -> String {
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

/// One column as the fields declare it.
struct ColumnOut {
    name: String,
    nullable: bool,
    field_ty: TokenStream2,
    attrs: FieldAttrs,
}

/// The `impl Model` for `input`, or every error found in it.
pub(crate) fn expand(input: &DeriveInput) -> syn::Result<TokenStream2> {
    let fields = named_fields(input)?;
    let mut errors = Errors::default();
    let table_attrs = parse_table_attrs(input, &mut errors);
    let table_name = match &table_attrs.table {
        Some(lit) => lit.value(),
        None => snake_case(&input.ident.unraw().to_string()),
    };
    let columns = collect_columns(fields, &table_name, &mut errors);
    let primary_key = primary_key(&table_attrs, &columns, &mut errors);
    check_struct_columns(&table_attrs, &columns, &table_name, &mut errors);
    errors.finish()?;

    let mut body = column_calls(&columns, &primary_key);
    body.extend(index_calls(&columns, &table_attrs, &table_name));
    body.extend(foreign_key_calls(&columns));
    body.extend(check_calls(&columns, &table_attrs));
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

/// The struct's named fields; an error for anything else.
fn named_fields(input: &DeriveInput) -> syn::Result<&Punctuated<syn::Field, Token![,]>> {
    match &input.data {
        Data::Struct(s) => match &s.fields {
            Fields::Named(named) => Ok(&named.named),
            Fields::Unnamed(_) | Fields::Unit => Err(syn::Error::new_spanned(
                &input.ident,
                "#[derive(Model)] needs a struct with named fields: each field is a column",
            )),
        },
        Data::Enum(e) => Err(syn::Error::new_spanned(
            e.enum_token,
            "#[derive(Model)] declares a table and needs a struct with named fields, not an enum; \
             for a column holding an enum, use #[alambic(enum_values(\"a\", \"b\"))] on a field",
        )),
        Data::Union(u) => Err(syn::Error::new_spanned(
            u.union_token,
            "#[derive(Model)] needs a struct with named fields, not a union",
        )),
    }
}

/// The columns, in field order, with the mistakes each field makes reported.
fn collect_columns(
    fields: &Punctuated<syn::Field, Token![,]>,
    table_name: &str,
    errors: &mut Errors,
) -> Vec<ColumnOut> {
    let mut columns: Vec<ColumnOut> = Vec::new();
    for field in fields {
        let attrs = parse_field_attrs(field, errors);
        let Some(ident) = field.ident.clone() else { continue };
        if attrs.skip {
            continue;
        }
        let name = attrs.column.as_ref().map_or_else(|| ident.unraw().to_string(), LitStr::value);
        if columns.iter().any(|c| c.name == name) {
            errors.at(&ident, format!("column `{name}` is declared twice in table `{table_name}`"));
        }
        let (inner, nullable) = unwrap_option(&field.ty);
        let field_ty = column_type(inner, &attrs, errors).unwrap_or_default();
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
    columns
}

/// The primary key's columns: on the struct, or on the fields, not both.
fn primary_key(table_attrs: &TableAttrs, columns: &[ColumnOut], errors: &mut Errors) -> Vec<String> {
    let field_pk: Vec<String> = columns.iter().filter(|c| c.attrs.primary_key).map(|c| c.name.clone()).collect();
    match &table_attrs.primary_key {
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
    }
}

/// Struct-level column lists must name real columns.
fn check_struct_columns(table_attrs: &TableAttrs, columns: &[ColumnOut], table_name: &str, errors: &mut Errors) {
    let known: Vec<&str> = columns.iter().map(|c| c.name.as_str()).collect();
    let lists = table_attrs
        .primary_key
        .iter()
        .map(|(_, list)| list)
        .chain(table_attrs.indexes.iter().map(|i| &i.columns))
        .chain(table_attrs.uniques.iter().map(|u| &u.columns));
    for lit in lists.flatten() {
        if !known.contains(&lit.value().as_str()) {
            errors.at(
                lit,
                format!("table `{table_name}` has no column `{}`; its columns are: {}", lit.value(), known.join(", ")),
            );
        }
    }
}

/// `.column(...)` for each column, then `.primary_key(...)`.
fn column_calls(columns: &[ColumnOut], primary_key: &[String]) -> Vec<TokenStream2> {
    let mut body = Vec::new();
    for column in columns {
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
                ..::std::default::Default::default()
            })
        });
    }
    if !primary_key.is_empty() {
        body.push(quote!(.primary_key([#(#primary_key),*])));
    }
    body
}

/// Field-level indexes and unique constraints, in field order, then the struct-level ones.
fn index_calls(columns: &[ColumnOut], table_attrs: &TableAttrs, table_name: &str) -> Vec<TokenStream2> {
    let mut body = Vec::new();
    for column in columns {
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
    body
}

/// `.foreign_key_with(...)` for each field with `references`.
fn foreign_key_calls(columns: &[ColumnOut]) -> Vec<TokenStream2> {
    let no_action = || quote!(::alambic::schema::FkAction::NoAction);
    let mut body = Vec::new();
    for column in columns {
        let Some(target) = &column.attrs.references else { continue };
        let (table, referred) = &target.value;
        let name = &column.name;
        let on_delete = column.attrs.on_delete.as_ref().map_or_else(no_action, |a| a.value.clone());
        let on_update = column.attrs.on_update.as_ref().map_or_else(no_action, |a| a.value.clone());
        body.push(quote! {
            .foreign_key_with(::alambic::schema::ForeignKey {
                name: ::std::option::Option::None,
                columns: ::std::vec![::std::string::String::from(#name)],
                referred_table: ::std::string::String::from(#table),
                referred_columns: ::std::vec![::std::string::String::from(#referred)],
                on_delete: #on_delete,
                on_update: #on_update,
                ..::std::default::Default::default()
            })
        });
    }
    body
}

/// Field-level checks, in field order, then the struct-level ones.
fn check_calls(columns: &[ColumnOut], table_attrs: &TableAttrs) -> Vec<TokenStream2> {
    let mut body = Vec::new();
    for column in columns {
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
    body
}
