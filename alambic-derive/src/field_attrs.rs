//! Field-level `#[alambic(...)]` attributes: what one field says about its column.
//!
//! Invariant: every mistake is reported at its span (an unknown key, a value where a flag
//! stands alone, a duplicate) and parsing goes on, so all mistakes are reported at once.

use proc_macro2::TokenStream as TokenStream2;
use quote::{quote, ToTokens};
use syn::meta::ParseNestedMeta;
use syn::parse::Parser;
use syn::punctuated::Punctuated;
use syn::{LitInt, LitStr, Token};

use crate::{flag, key, set_once, skip_value, Errors, FIELD_ATTRS, FK_ACTIONS, STRUCT_ATTRS};

/// An attribute's key and value, kept whole for error spans.
pub(crate) struct Spanned<T> {
    /// The attribute as written, for error spans.
    pub(crate) at: TokenStream2,
    /// Its value.
    pub(crate) value: T,
}

/// The `#[alambic(...)]` attributes of one field.
#[derive(Default)]
pub(crate) struct FieldAttrs {
    pub(crate) column: Option<LitStr>,
    pub(crate) primary_key: bool,
    pub(crate) autoincrement: Option<TokenStream2>,
    pub(crate) length: Option<Spanned<u32>>,
    pub(crate) precision: Option<Spanned<u32>>,
    pub(crate) scale: Option<Spanned<u32>>,
    pub(crate) unique: bool,
    pub(crate) index: Option<Option<LitStr>>,
    pub(crate) references: Option<Spanned<(String, String)>>,
    pub(crate) on_delete: Option<Spanned<TokenStream2>>,
    pub(crate) on_update: Option<Spanned<TokenStream2>>,
    pub(crate) server_default: Option<LitStr>,
    pub(crate) check: Option<LitStr>,
    pub(crate) comment: Option<LitStr>,
    pub(crate) sql_type: Option<Spanned<LitStr>>,
    pub(crate) enum_values: Option<Spanned<Vec<LitStr>>>,
    pub(crate) enum_name: Option<LitStr>,
    /// `named_type`: the field's Rust type implements `NamedType`, which gives the column type.
    pub(crate) named_type: Option<TokenStream2>,
    pub(crate) skip: bool,
    pub(crate) generated: Option<LitStr>,
    pub(crate) stored: Option<TokenStream2>,
    pub(crate) identity: Option<Spanned<IdentityAttr>>,
    pub(crate) collation: Option<LitStr>,
    pub(crate) charset: Option<LitStr>,
    /// `on_update = "SQL"` on a field without `references`: the column's `ON UPDATE`.
    pub(crate) on_update_sql: Option<LitStr>,
    pub(crate) deferrable: Option<TokenStream2>,
    pub(crate) initially_deferred: Option<TokenStream2>,
    pub(crate) match_full: Option<TokenStream2>,
    /// `on_update = "..."` as written, until the field's other attributes say which it is.
    on_update_text: Option<(TokenStream2, LitStr)>,
}

/// `identity` or `identity(always, start = 10, increment = 5, min_value = 1, max_value = 9, cycle)`.
#[derive(Default)]
pub(crate) struct IdentityAttr {
    pub(crate) always: bool,
    pub(crate) start: Option<i64>,
    pub(crate) increment: Option<i64>,
    pub(crate) min_value: Option<i64>,
    pub(crate) max_value: Option<i64>,
    pub(crate) cycle: bool,
}

impl IdentityAttr {
    /// Whether every option is the database's default (a plain identity column).
    pub(crate) fn is_default(&self) -> bool {
        !self.always
            && !self.cycle
            && self.start.is_none()
            && self.increment.is_none()
            && self.min_value.is_none()
            && self.max_value.is_none()
    }
}

fn int_value(meta: &ParseNestedMeta) -> syn::Result<Spanned<u32>> {
    let lit: LitInt = meta.value()?.parse()?;
    let value = lit.base10_parse::<u32>()?;
    let path = &meta.path;
    Ok(Spanned { at: quote!(#path = #lit), value })
}

fn fk_action(meta: &ParseNestedMeta, errors: &mut Errors) -> syn::Result<Option<Spanned<TokenStream2>>> {
    let lit: LitStr = meta.value()?.parse()?;
    let path = &meta.path;
    Ok(fk_action_of(&key(meta), quote!(#path = #lit), &lit, errors))
}

/// The `FkAction` variant `lit` names; `None` (and an error at `lit`) when it names none.
fn fk_action_of(key: &str, at: TokenStream2, lit: &LitStr, errors: &mut Errors) -> Option<Spanned<TokenStream2>> {
    let Some(variant) = fk_action_variant(&lit.value()) else {
        errors.at(lit, format!("unknown `{key}` action {:?}; expected one of: {FK_ACTIONS}", lit.value()));
        return None;
    };
    Some(Spanned { at, value: quote!(::alambic::schema::FkAction::#variant) })
}

/// The `FkAction` variant named by `text` (`"set null"`, `"set_null"`, `"CASCADE"`).
fn fk_action_variant(text: &str) -> Option<TokenStream2> {
    let words = text.replace('_', " ").split_whitespace().collect::<Vec<_>>().join(" ");
    Some(match words.to_ascii_lowercase().as_str() {
        "cascade" => quote!(Cascade),
        "set null" => quote!(SetNull),
        "set default" => quote!(SetDefault),
        "restrict" => quote!(Restrict),
        "no action" => quote!(NoAction),
        _ => return None,
    })
}

/// Reads every `#[alambic(...)]` attribute of `field`, reporting mistakes to `errors`.
pub(crate) fn parse_field_attrs(field: &syn::Field, errors: &mut Errors) -> FieldAttrs {
    let mut attrs = FieldAttrs::default();
    for attr in field.attrs.iter().filter(|a| a.path().is_ident("alambic")) {
        if let Err(err) = attr.parse_nested_meta(|meta| field_attr(&meta, &mut attrs, errors)) {
            errors.push(err);
        }
    }
    resolve_on_update(&mut attrs, errors);
    attrs
}

/// `on_update = "..."` is the foreign key's action on a field with `references`, else the
/// column's `ON UPDATE` expression; an action word without `references` stays an action, so
/// that the missing `references` is reported.
fn resolve_on_update(attrs: &mut FieldAttrs, errors: &mut Errors) {
    let Some((at, lit)) = attrs.on_update_text.take() else { return };
    if attrs.references.is_some() || fk_action_variant(&lit.value()).is_some() {
        attrs.on_update = fk_action_of("on_update", at, &lit, errors);
    } else {
        attrs.on_update_sql = Some(lit);
    }
}

/// One attribute of a field, by family.
fn field_attr(meta: &ParseNestedMeta, attrs: &mut FieldAttrs, errors: &mut Errors) -> syn::Result<()> {
    match key(meta).as_str() {
        "primary_key" | "autoincrement" | "unique" | "skip" => flag_attr(meta, attrs, errors),
        "stored" | "deferrable" | "initially_deferred" | "match_full" => option_flag_attr(meta, attrs, errors),
        "length" | "precision" | "scale" => size_attr(meta, attrs, errors),
        "references" | "on_delete" | "on_update" => reference_attr(meta, attrs, errors),
        "index" | "check" => index_or_check_attr(meta, attrs, errors),
        "identity" => identity_attr(meta, attrs, errors),
        "column" | "server_default" | "comment" | "enum_name" | "generated" | "collation" | "charset" => {
            text_attr(meta, attrs, errors)
        }
        "sql_type" | "enum_values" => type_attr(meta, attrs, errors),
        "named_type" => named_type_attr(meta, attrs, errors),
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
            skip_value(meta)
        }
    }
}

/// `primary_key`, `autoincrement`, `unique`, `skip`: attributes that stand alone.
fn flag_attr(meta: &ParseNestedMeta, attrs: &mut FieldAttrs, errors: &mut Errors) -> syn::Result<()> {
    match key(meta).as_str() {
        "primary_key" => {
            let hint = "; a composite key goes on the struct: #[alambic(primary_key(\"a\", \"b\"))]";
            attrs.primary_key |= flag(meta, errors, hint)?;
        }
        "autoincrement" => {
            if flag(meta, errors, "")? {
                attrs.autoincrement = Some(meta.path.to_token_stream());
            }
        }
        "unique" => {
            let hint = "; a multi-column constraint goes on the struct: #[alambic(unique(columns(\"a\", \"b\")))]";
            attrs.unique |= flag(meta, errors, hint)?;
        }
        _ => attrs.skip |= flag(meta, errors, "")?,
    }
    Ok(())
}

/// `length`, `precision`, `scale`: sizes of the column type.
fn size_attr(meta: &ParseNestedMeta, attrs: &mut FieldAttrs, errors: &mut Errors) -> syn::Result<()> {
    let v = int_value(meta)?;
    let slot = match key(meta).as_str() {
        "length" => &mut attrs.length,
        "precision" => &mut attrs.precision,
        _ => &mut attrs.scale,
    };
    set_once(slot, v, meta, errors);
    Ok(())
}

/// `references = "table.column"`, `on_delete`, `on_update`: the field's foreign key.
fn reference_attr(meta: &ParseNestedMeta, attrs: &mut FieldAttrs, errors: &mut Errors) -> syn::Result<()> {
    let path = meta.path.clone();
    match key(meta).as_str() {
        "references" => {
            let lit: LitStr = meta.value()?.parse()?;
            let text = lit.value();
            match text.split_once('.') {
                Some((table, column))
                    if !table.trim().is_empty() && !column.trim().is_empty() && !column.contains('.') =>
                {
                    let value = (table.trim().to_string(), column.trim().to_string());
                    set_once(&mut attrs.references, Spanned { at: quote!(#path = #lit), value }, meta, errors);
                }
                _ => errors.at(
                    &lit,
                    format!(
                        "`references` names the referred column as \"table.column\" (e.g. \"roles.id\"), not {text:?}"
                    ),
                ),
            }
        }
        "on_delete" => {
            if let Some(action) = fk_action(meta, errors)? {
                set_once(&mut attrs.on_delete, action, meta, errors);
            }
        }
        _ => {
            let lit: LitStr = meta.value()?.parse()?;
            set_once(&mut attrs.on_update_text, (quote!(#path = #lit), lit), meta, errors);
        }
    }
    Ok(())
}

/// `stored`, `deferrable`, `initially_deferred`, `match_full`: flags kept with their span,
/// so that one without what it qualifies is reported where it is written.
fn option_flag_attr(meta: &ParseNestedMeta, attrs: &mut FieldAttrs, errors: &mut Errors) -> syn::Result<()> {
    if !flag(meta, errors, "")? {
        return Ok(());
    }
    let slot = match key(meta).as_str() {
        "stored" => &mut attrs.stored,
        "deferrable" => &mut attrs.deferrable,
        "initially_deferred" => &mut attrs.initially_deferred,
        _ => &mut attrs.match_full,
    };
    set_once(slot, meta.path.to_token_stream(), meta, errors);
    Ok(())
}

/// `identity`, or `identity(always, start = 10, increment = 5, min_value = 1,
/// max_value = 1000, cycle)`.
fn identity_attr(meta: &ParseNestedMeta, attrs: &mut FieldAttrs, errors: &mut Errors) -> syn::Result<()> {
    let path = meta.path.clone();
    let mut identity = IdentityAttr::default();
    if meta.input.peek(Token![=]) {
        errors.at(&path, "write `identity` or `identity(always, start = 10, increment = 5)`, with no `=`");
        return skip_value(meta);
    }
    if meta.input.peek(syn::token::Paren) {
        meta.parse_nested_meta(|inner| {
            match key(&inner).as_str() {
                "always" => identity.always = true,
                "cycle" => identity.cycle = true,
                "start" => identity.start = Some(signed_int(&inner)?),
                "increment" => identity.increment = Some(signed_int(&inner)?),
                "min_value" => identity.min_value = Some(signed_int(&inner)?),
                "max_value" => identity.max_value = Some(signed_int(&inner)?),
                other => {
                    let known = "always, start, increment, min_value, max_value, cycle";
                    errors
                        .at(&inner.path, format!("unknown `identity(...)` option `{other}`; expected one of: {known}"));
                    skip_value(&inner)?;
                }
            }
            Ok(())
        })?;
    }
    if identity.increment == Some(0) {
        errors.at(&path, "`identity(increment = 0)` would never change the value; use a non-zero increment");
    }
    set_once(&mut attrs.identity, Spanned { at: path.to_token_stream(), value: identity }, meta, errors);
    Ok(())
}

/// `= 10` or `= -10`.
fn signed_int(meta: &ParseNestedMeta) -> syn::Result<i64> {
    let input = meta.value()?;
    let negative = input.peek(Token![-]);
    if negative {
        input.parse::<Token![-]>()?;
    }
    let lit: LitInt = input.parse()?;
    let value = lit.base10_parse::<i64>()?;
    Ok(if negative { -value } else { value })
}

/// `index`, `index = "name"` and `check = "SQL"`; their list forms belong on the struct.
fn index_or_check_attr(meta: &ParseNestedMeta, attrs: &mut FieldAttrs, errors: &mut Errors) -> syn::Result<()> {
    let is_index = key(meta) == "index";
    if meta.input.peek(syn::token::Paren) {
        let message = if is_index {
            "on a field, write `index` or `index = \"name\"`; a multi-column index goes on the struct: \
             #[alambic(index(columns(\"a\", \"b\")))]"
        } else {
            "on a field, write `check = \"SQL condition\"`; a named check goes on the struct: \
             #[alambic(check(name = \"...\", expr = \"...\"))]"
        };
        errors.at(&meta.path, message);
        return skip_value(meta);
    }
    if is_index {
        let name = if meta.input.peek(Token![=]) { Some(meta.value()?.parse::<LitStr>()?) } else { None };
        set_once(&mut attrs.index, name, meta, errors);
    } else {
        let lit: LitStr = meta.value()?.parse()?;
        set_once(&mut attrs.check, lit, meta, errors);
    }
    Ok(())
}

/// `column`, `server_default`, `comment`, `enum_name`, `generated`, `collation`,
/// `charset`: plain string values.
fn text_attr(meta: &ParseNestedMeta, attrs: &mut FieldAttrs, errors: &mut Errors) -> syn::Result<()> {
    let lit: LitStr = meta.value()?.parse()?;
    let name = key(meta);
    if name != "comment" && name != "server_default" && lit.value().trim().is_empty() {
        errors.at(&lit, format!("`{name}` is empty"));
    }
    let slot = match name.as_str() {
        "column" => &mut attrs.column,
        "server_default" => &mut attrs.server_default,
        "comment" => &mut attrs.comment,
        "generated" => &mut attrs.generated,
        "collation" => &mut attrs.collation,
        "charset" => &mut attrs.charset,
        _ => &mut attrs.enum_name,
    };
    set_once(slot, lit, meta, errors);
    Ok(())
}

/// `sql_type = "..."` and `enum_values(...)`: a column type given outright.
fn type_attr(meta: &ParseNestedMeta, attrs: &mut FieldAttrs, errors: &mut Errors) -> syn::Result<()> {
    let path = meta.path.clone();
    if key(meta) == "sql_type" {
        let lit: LitStr = meta.value()?.parse()?;
        if lit.value().trim().is_empty() {
            errors.at(&lit, "`sql_type` is empty; write the type as the database spells it, e.g. \"CITEXT\"");
        }
        set_once(&mut attrs.sql_type, Spanned { at: quote!(#path = #lit), value: lit }, meta, errors);
        return Ok(());
    }
    // Keep the list as written, so errors about it span `enum_values(...)`.
    let group: proc_macro2::Group = meta.input.parse()?;
    let values: Vec<LitStr> =
        Punctuated::<LitStr, Token![,]>::parse_terminated.parse2(group.stream())?.into_iter().collect();
    if values.is_empty() {
        errors.at(&path, "`enum_values(...)` needs at least one value");
    }
    let at = quote!(#path #group);
    set_once(&mut attrs.enum_values, Spanned { at, value: values }, meta, errors);
    Ok(())
}

/// `named_type`: the column is typed by the database type the field's Rust type declares.
fn named_type_attr(meta: &ParseNestedMeta, attrs: &mut FieldAttrs, errors: &mut Errors) -> syn::Result<()> {
    let hint = "; the field's own type (a #[derive(DbEnum)] enum, or a type implementing \
                alambic::model::NamedType) names the database type";
    if flag(meta, errors, hint)? {
        set_once(&mut attrs.named_type, meta.path.to_token_stream(), meta, errors);
    }
    Ok(())
}
