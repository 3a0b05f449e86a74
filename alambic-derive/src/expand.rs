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

use crate::field_attrs::{parse_field_attrs, FieldAttrs, IdentityAttr};
use crate::table_attrs::{parse_table_attrs, ExclusionAttr, IndexAttr, TableAttrs, UniqueAttr};
use crate::types::{column_type, named_column_type, some_string, unwrap_option};
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
    body.extend(exclusion_calls(&table_attrs));
    body.extend(table_attrs.options.iter().map(|option| quote!(.option(#option))));
    if let Some(comment) = &table_attrs.comment {
        body.push(quote!(.comment(#comment)));
    }
    if let Some(charset) = &table_attrs.charset {
        body.push(quote!(.charset(#charset)));
    }
    if let Some(collation) = &table_attrs.collation {
        body.push(quote!(.collation(#collation)));
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
        let field_ty = match named_column_type(inner, &attrs, errors) {
            Some(named) => named,
            None => column_type(inner, &attrs, errors),
        }
        .unwrap_or_default();
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
        check_column_options(&attrs, errors);
        columns.push(ColumnOut { name, nullable, field_ty, attrs });
    }
    columns
}

/// The options of a column that only go with others: `stored` with `generated`, key deferral
/// and `match_full` with `references`; a generated column has no default and no numbering.
fn check_column_options(attrs: &FieldAttrs, errors: &mut Errors) {
    if let Some(stored) = &attrs.stored {
        if attrs.generated.is_none() {
            errors.at(
                stored,
                "`stored` goes with `generated = \"SQL\"`: it says a generated column is computed on write",
            );
        }
    }
    if let Some(generated) = &attrs.generated {
        if attrs.server_default.is_some() {
            errors.at(generated, "a generated column has no `server_default`: the database computes its value");
        }
        if attrs.autoincrement.is_some() || attrs.identity.is_some() {
            errors.at(generated, "a generated column cannot also be `autoincrement` or `identity`");
        }
    }
    for flag in [&attrs.deferrable, &attrs.initially_deferred, &attrs.match_full].into_iter().flatten() {
        if attrs.references.is_none() {
            errors.at(flag, "`deferrable`, `initially_deferred` and `match_full` qualify a foreign key: they need `references = \"table.column\"` on the same field");
        }
    }
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
        .chain(table_attrs.indexes.iter().map(|i| &i.include))
        .chain(table_attrs.uniques.iter().map(|u| &u.columns));
    for lit in lists.flatten() {
        if !known.contains(&lit.value().as_str()) {
            errors.at(
                lit,
                format!("table `{table_name}` has no column `{}`; its columns are: {}", lit.value(), known.join(", ")),
            );
        }
    }
    for index in &table_attrs.indexes {
        let keys: Vec<String> = index.columns.iter().map(LitStr::value).collect();
        let opclass_keys = index.opclasses.iter().map(|(key, _)| key);
        for lit in index.desc.iter().chain(&index.nulls_first).chain(&index.nulls_last).chain(opclass_keys) {
            if !keys.contains(&lit.value()) {
                errors.at(
                    lit,
                    format!("`{}` is not a key of this index; its keys are: {}", lit.value(), keys.join(", ")),
                );
            }
        }
        for lit in &index.nulls_last {
            if index.nulls_first.iter().any(|f| f.value() == lit.value()) {
                errors.at(lit, format!("key `{}` is in both `nulls_first` and `nulls_last`", lit.value()));
            }
        }
    }
}

/// `.column(...)` for each column, then `.primary_key(...)`.
fn column_calls(columns: &[ColumnOut], primary_key: &[String]) -> Vec<TokenStream2> {
    let mut body: Vec<TokenStream2> = columns.iter().map(|c| column_call(c, primary_key)).collect();
    if !primary_key.is_empty() {
        body.push(quote!(.primary_key([#(#primary_key),*])));
    }
    body
}

/// `.column(...)` for one column.
fn column_call(column: &ColumnOut, primary_key: &[String]) -> TokenStream2 {
    let name = &column.name;
    let ty = &column.field_ty;
    let attrs = &column.attrs;
    let nullable = column.nullable && !primary_key.contains(name);
    let server_default = some_string(attrs.server_default.as_ref());
    let comment = some_string(attrs.comment.as_ref());
    let autoincrement = attrs.autoincrement.is_some() || attrs.identity.is_some();
    let generated = match &attrs.generated {
        Some(expression) => {
            let stored = attrs.stored.is_some();
            quote!(::std::option::Option::Some(::alambic::schema::Generated {
                expression: ::std::string::String::from(#expression),
                stored: #stored,
            }))
        }
        None => quote!(::std::option::Option::None),
    };
    let identity = identity_tokens(attrs.identity.as_ref().map(|i| &i.value));
    let collation = some_string(attrs.collation.as_ref());
    let charset = some_string(attrs.charset.as_ref());
    let on_update = some_string(attrs.on_update_sql.as_ref());
    quote! {
        .column(::alambic::schema::Column {
            name: ::std::string::String::from(#name),
            r#type: #ty,
            nullable: #nullable,
            server_default: #server_default,
            autoincrement: #autoincrement,
            comment: #comment,
            generated: #generated,
            identity: #identity,
            collation: #collation,
            charset: #charset,
            on_update: #on_update,
        })
    }
}

/// `Some(Identity { … })`, or `None` for no identity or one with the database's defaults.
fn identity_tokens(identity: Option<&IdentityAttr>) -> TokenStream2 {
    let Some(identity) = identity.filter(|i| !i.is_default()) else {
        return quote!(::std::option::Option::None);
    };
    let number = |n: Option<i64>| match n {
        Some(n) => quote!(::std::option::Option::Some(#n)),
        None => quote!(::std::option::Option::None),
    };
    let (always, cycle) = (identity.always, identity.cycle);
    let (start, increment) = (number(identity.start), number(identity.increment));
    let (min_value, max_value) = (number(identity.min_value), number(identity.max_value));
    quote!(::std::option::Option::Some(::alambic::schema::Identity {
        always: #always,
        start: #start,
        increment: #increment,
        min_value: #min_value,
        max_value: #max_value,
        cycle: #cycle,
    }))
}

/// `Some(Deferrable::…)` for a deferrable constraint, else `None`.
fn deferrable_tokens(deferrable: bool, initially_deferred: bool) -> TokenStream2 {
    let d = quote!(::alambic::schema::Deferrable);
    match (deferrable, initially_deferred) {
        (_, true) => quote!(::std::option::Option::Some(#d::Deferred)),
        (true, false) => quote!(::std::option::Option::Some(#d::Immediate)),
        _ => quote!(::std::option::Option::None),
    }
}

/// `.index_with(Index { … })` for a struct-level index with options.
fn index_with_call(index: &IndexAttr, name: &str) -> TokenStream2 {
    let keys: Vec<String> = index.columns.iter().map(LitStr::value).collect();
    let has = |list: &[LitStr], key: &str| list.iter().any(|l| l.value() == key);
    // One entry per key when any key is descending, else none, as schema files are read.
    let mut descending: Vec<bool> = keys.iter().map(|k| has(&index.desc, k)).collect();
    if !descending.contains(&true) {
        descending.clear();
    }
    let n = quote!(::alambic::schema::Nulls);
    let mut nulls: Vec<Option<TokenStream2>> = keys
        .iter()
        .map(|k| {
            (has(&index.nulls_first, k).then(|| quote!(#n::First)))
                .or(has(&index.nulls_last, k).then(|| quote!(#n::Last)))
        })
        .collect();
    // Up to the last key that says so, as schema files are read.
    while nulls.last().is_some_and(Option::is_none) {
        nulls.pop();
    }
    let nulls = nulls.into_iter().map(|v| match v {
        Some(v) => quote!(::std::option::Option::Some(#v)),
        None => quote!(::std::option::Option::None),
    });
    let include: Vec<String> = index.include.iter().map(LitStr::value).collect();
    let mut opclasses: Vec<Option<String>> = keys
        .iter()
        .map(|k| index.opclasses.iter().rev().find(|(key, _)| key.value() == *k).map(|(_, class)| class.value()))
        .collect();
    // Up to the last key that names one, as schema files are read.
    while opclasses.last().is_some_and(Option::is_none) {
        opclasses.pop();
    }
    let opclasses = opclasses.into_iter().map(|c| match c {
        Some(c) => quote!(::std::option::Option::Some(::std::string::String::from(#c))),
        None => quote!(::std::option::Option::None),
    });
    let (unique, nulls_not_distinct) = (index.unique, index.nulls_not_distinct);
    let method = some_string(index.method.as_ref());
    let predicate = some_string(index.predicate.as_ref());
    quote!(.index_with(::alambic::schema::Index {
        name: ::std::string::String::from(#name),
        columns: ::std::vec![#(::std::string::String::from(#keys)),*],
        unique: #unique,
        descending: ::std::vec![#(#descending),*],
        predicate: #predicate,
        nulls: ::std::vec![#(#nulls),*],
        include: ::std::vec![#(::std::string::String::from(#include)),*],
        nulls_not_distinct: #nulls_not_distinct,
        method: #method,
        operator_classes: ::std::vec![#(#opclasses),*],
    }))
}

/// `.unique_with(UniqueConstraint { … })` for a struct-level unique constraint with options.
fn unique_with_call(unique: &UniqueAttr) -> TokenStream2 {
    let name = some_string(unique.name.as_ref());
    let columns = &unique.columns;
    let nulls_not_distinct = unique.nulls_not_distinct;
    let deferrable = deferrable_tokens(unique.deferrable, unique.initially_deferred);
    quote!(.unique_with(::alambic::schema::UniqueConstraint {
        name: #name,
        columns: ::std::vec![#(::std::string::String::from(#columns)),*],
        nulls_not_distinct: #nulls_not_distinct,
        deferrable: #deferrable,
    }))
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
        let plain = index.desc.is_empty()
            && index.nulls_first.is_empty()
            && index.nulls_last.is_empty()
            && index.include.is_empty()
            && index.method.is_none()
            && index.opclasses.is_empty()
            && index.predicate.is_none()
            && !index.nulls_not_distinct;
        body.push(if plain { quote!(.index(#name, [#(#cols),*], #unique)) } else { index_with_call(index, &name) });
    }
    for unique in &table_attrs.uniques {
        let cols = &unique.columns;
        let plain = !unique.nulls_not_distinct && !unique.deferrable && !unique.initially_deferred;
        body.push(match &unique.name {
            _ if !plain => unique_with_call(unique),
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
        let deferrable =
            deferrable_tokens(column.attrs.deferrable.is_some(), column.attrs.initially_deferred.is_some());
        let match_full = column.attrs.match_full.is_some();
        body.push(quote! {
            .foreign_key_with(::alambic::schema::ForeignKey {
                name: ::std::option::Option::None,
                columns: ::std::vec![::std::string::String::from(#name)],
                referred_table: ::std::string::String::from(#table),
                referred_columns: ::std::vec![::std::string::String::from(#referred)],
                on_delete: #on_delete,
                on_update: #on_update,
                deferrable: #deferrable,
                match_full: #match_full,
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

/// `.exclusion(ExclusionConstraint { … })` for each `exclude(...)` of the struct.
fn exclusion_calls(table_attrs: &TableAttrs) -> Vec<TokenStream2> {
    table_attrs.exclusions.iter().map(exclusion_call).collect()
}

fn exclusion_call(exclusion: &ExclusionAttr) -> TokenStream2 {
    let name = some_string(exclusion.name.as_ref());
    let method = &exclusion.method;
    let predicate = some_string(exclusion.predicate.as_ref());
    let deferrable = deferrable_tokens(exclusion.deferrable, exclusion.initially_deferred);
    let elements = exclusion.elements.iter().map(|(expression, operator)| {
        quote!(::alambic::schema::ExclusionElement {
            expression: ::std::string::String::from(#expression),
            operator: ::std::string::String::from(#operator),
        })
    });
    quote!(.exclusion(::alambic::schema::ExclusionConstraint {
        name: #name,
        method: ::std::string::String::from(#method),
        elements: ::std::vec![#(#elements),*],
        predicate: #predicate,
        deferrable: #deferrable,
    }))
}
