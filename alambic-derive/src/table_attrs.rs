//! Struct-level `#[alambic(...)]` attributes: the table's name and comment, a composite
//! primary key, and multi-column indexes, unique constraints and checks.
//!
//! Invariant: every mistake is reported at its span and parsing goes on, so all mistakes
//! are reported at once.

use proc_macro2::TokenStream as TokenStream2;
use quote::ToTokens;
use syn::meta::ParseNestedMeta;
use syn::{DeriveInput, LitStr};

use crate::{key, set_once, skip_value, string_list, Errors, FIELD_ATTRS, STRUCT_ATTRS};

/// `index(name = "...", columns("a", "b"), unique, desc("b"), nulls_first("a"),
/// nulls_last("b"), include("c"), method = "hash", predicate = "a > 0", nulls_not_distinct,
/// opclass("b", "text_pattern_ops"))`
#[derive(Default)]
pub(crate) struct IndexAttr {
    pub(crate) name: Option<LitStr>,
    pub(crate) columns: Vec<LitStr>,
    pub(crate) unique: bool,
    pub(crate) desc: Vec<LitStr>,
    pub(crate) nulls_first: Vec<LitStr>,
    pub(crate) nulls_last: Vec<LitStr>,
    pub(crate) include: Vec<LitStr>,
    pub(crate) method: Option<LitStr>,
    pub(crate) predicate: Option<LitStr>,
    pub(crate) nulls_not_distinct: bool,
    /// `opclass("key", "class")`: a key's operator class, one pair per occurrence.
    pub(crate) opclasses: Vec<(LitStr, LitStr)>,
}

/// `unique(name = "...", columns("a", "b"), nulls_not_distinct, deferrable,
/// initially_deferred)`
#[derive(Default)]
pub(crate) struct UniqueAttr {
    pub(crate) name: Option<LitStr>,
    pub(crate) columns: Vec<LitStr>,
    pub(crate) nulls_not_distinct: bool,
    pub(crate) deferrable: bool,
    pub(crate) initially_deferred: bool,
}

const INDEX_OPTIONS: &str =
    "name, columns, unique, desc, nulls_first, nulls_last, include, method, predicate, nulls_not_distinct, opclass";
const UNIQUE_OPTIONS: &str = "name, columns, nulls_not_distinct, deferrable, initially_deferred";

/// `check(name = "...", expr = "...")`
pub(crate) struct CheckAttr {
    pub(crate) name: Option<LitStr>,
    pub(crate) expr: LitStr,
}

/// The `#[alambic(...)]` attributes of the struct.
#[derive(Default)]
pub(crate) struct TableAttrs {
    pub(crate) table: Option<LitStr>,
    pub(crate) comment: Option<LitStr>,
    pub(crate) charset: Option<LitStr>,
    pub(crate) collation: Option<LitStr>,
    pub(crate) primary_key: Option<(TokenStream2, Vec<LitStr>)>,
    pub(crate) indexes: Vec<IndexAttr>,
    pub(crate) uniques: Vec<UniqueAttr>,
    pub(crate) checks: Vec<CheckAttr>,
    /// Storage options (`strict`, `without_rowid`), as the database writes them, in the
    /// order the attributes are written.
    pub(crate) options: Vec<String>,
    pub(crate) exclusions: Vec<ExclusionAttr>,
}

/// `exclude(name = "...", method = "gist", element("room", "="), element("during", "&&"),
/// predicate = "...", deferrable, initially_deferred)`
pub(crate) struct ExclusionAttr {
    pub(crate) name: Option<LitStr>,
    /// The index method, lower-case; B-tree when not given, as the database does.
    pub(crate) method: String,
    /// Each element's expression and operator.
    pub(crate) elements: Vec<(LitStr, LitStr)>,
    pub(crate) predicate: Option<LitStr>,
    pub(crate) deferrable: bool,
    pub(crate) initially_deferred: bool,
}

const EXCLUDE_OPTIONS: &str = "name, method, element, predicate, deferrable, initially_deferred";

/// Reads every `#[alambic(...)]` attribute of the struct, reporting mistakes to `errors`.
pub(crate) fn parse_table_attrs(input: &DeriveInput, errors: &mut Errors) -> TableAttrs {
    let mut attrs = TableAttrs::default();
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("alambic")) {
        if let Err(err) = attr.parse_nested_meta(|meta| table_attr(&meta, &mut attrs, errors)) {
            errors.push(err);
        }
    }
    attrs
}

/// One attribute of the struct.
fn table_attr(meta: &ParseNestedMeta, attrs: &mut TableAttrs, errors: &mut Errors) -> syn::Result<()> {
    match key(meta).as_str() {
        "table" => {
            let lit: LitStr = meta.value()?.parse()?;
            set_once(&mut attrs.table, lit, meta, errors);
        }
        "comment" => {
            let lit: LitStr = meta.value()?.parse()?;
            set_once(&mut attrs.comment, lit, meta, errors);
        }
        "charset" | "collation" => {
            let lit: LitStr = meta.value()?.parse()?;
            if lit.value().trim().is_empty() {
                errors.at(&lit, format!("`{}` is empty", key(meta)));
            }
            let slot = if key(meta) == "charset" { &mut attrs.charset } else { &mut attrs.collation };
            set_once(slot, lit, meta, errors);
        }
        "primary_key" => primary_key_attr(meta, attrs, errors)?,
        "index" | "unique" => index_or_unique_attr(meta, attrs, errors)?,
        "check" => check_attr(meta, attrs, errors)?,
        "strict" | "without_rowid" => table_option_attr(meta, attrs, errors)?,
        "exclude" => exclude_attr(meta, attrs, errors)?,
        other => {
            let hint = if FIELD_ATTRS.split(", ").any(|f| f == other) { " (this one belongs on a field)" } else { "" };
            errors.at(
                &meta.path,
                format!("unknown alambic struct attribute `{other}`{hint}; expected one of: {STRUCT_ATTRS}"),
            );
            skip_value(meta)?;
        }
    }
    Ok(())
}

/// `primary_key("a", "b")`
fn primary_key_attr(meta: &ParseNestedMeta, attrs: &mut TableAttrs, errors: &mut Errors) -> syn::Result<()> {
    if !meta.input.peek(syn::token::Paren) {
        errors.at(
            &meta.path,
            "on a struct, `primary_key` lists the key's columns: \
             primary_key(\"a\", \"b\"); mark a single-column key on its field",
        );
        return skip_value(meta);
    }
    let columns = string_list(meta)?;
    let at = meta.path.to_token_stream();
    if columns.is_empty() {
        errors.at(&at, "`primary_key(...)` needs at least one column");
    }
    set_once(&mut attrs.primary_key, (at, columns), meta, errors);
    Ok(())
}

/// `index(...)` or `unique(...)`: a name, the columns, and their options.
fn index_or_unique_attr(meta: &ParseNestedMeta, attrs: &mut TableAttrs, errors: &mut Errors) -> syn::Result<()> {
    let is_index = key(meta) == "index";
    let at = meta.path.to_token_stream();
    let (mut name, mut columns) = (None, None);
    let (mut index, mut unique) = (IndexAttr::default(), UniqueAttr::default());
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
            "nulls_not_distinct" => (index.nulls_not_distinct, unique.nulls_not_distinct) = (true, true),
            _ if is_index => index_option(&inner, &mut index, errors)?,
            "deferrable" => unique.deferrable = true,
            "initially_deferred" => unique.initially_deferred = true,
            other => {
                errors.at(
                    &inner.path,
                    format!("unknown `unique(...)` attribute `{other}`; expected one of: {UNIQUE_OPTIONS}"),
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
        attrs.indexes.push(IndexAttr { name, columns, ..index });
    } else {
        attrs.uniques.push(UniqueAttr { name, columns, ..unique });
    }
    Ok(())
}

/// One option of `index(...)` other than its name, columns and NULLS NOT DISTINCT.
fn index_option(inner: &ParseNestedMeta, index: &mut IndexAttr, errors: &mut Errors) -> syn::Result<()> {
    match key(inner).as_str() {
        "unique" => index.unique = true,
        "desc" => index.desc.extend(string_list(inner)?),
        "nulls_first" => index.nulls_first.extend(string_list(inner)?),
        "nulls_last" => index.nulls_last.extend(string_list(inner)?),
        "include" => index.include.extend(string_list(inner)?),
        "opclass" => match <[LitStr; 2]>::try_from(string_list(inner)?) {
            Ok([key, class]) if !class.value().trim().is_empty() => index.opclasses.push((key, class)),
            _ => errors.at(&inner.path, "`opclass` takes a key and its operator class: `opclass(\"key\", \"class\")`"),
        },
        "method" | "predicate" => {
            let lit: LitStr = inner.value()?.parse()?;
            if lit.value().trim().is_empty() {
                errors.at(&lit, format!("`{}` is empty", key(inner)));
            }
            let slot = if key(inner) == "method" { &mut index.method } else { &mut index.predicate };
            set_once(slot, lit, inner, errors);
        }
        other => {
            errors
                .at(&inner.path, format!("unknown `index(...)` attribute `{other}`; expected one of: {INDEX_OPTIONS}"));
            skip_value(inner)?;
        }
    }
    Ok(())
}

/// `check(name = "...", expr = "...")`
fn check_attr(meta: &ParseNestedMeta, attrs: &mut TableAttrs, errors: &mut Errors) -> syn::Result<()> {
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
                errors
                    .at(&inner.path, format!("unknown `check(...)` attribute `{other}`; expected one of: name, expr"));
                skip_value(&inner)?;
            }
        }
        Ok(())
    })?;
    match expr {
        Some(expr) => attrs.checks.push(CheckAttr { name, expr }),
        None => errors.at(&at, "missing `expr = \"...\"`: the SQL condition to check"),
    }
    Ok(())
}

/// `strict`, `without_rowid`: storage options that stand alone.
fn table_option_attr(meta: &ParseNestedMeta, attrs: &mut TableAttrs, errors: &mut Errors) -> syn::Result<()> {
    let name = key(meta);
    if meta.input.peek(syn::token::Eq) || meta.input.peek(syn::token::Paren) {
        errors.at(&meta.path, format!("`{name}` stands alone, with no value or list"));
        return skip_value(meta);
    }
    let option = name.replace('_', " ").to_ascii_uppercase();
    if attrs.options.contains(&option) {
        errors.at(&meta.path, format!("duplicate alambic attribute `{name}`"));
    } else {
        attrs.options.push(option);
    }
    Ok(())
}

/// `exclude(...)`: an exclusion constraint, its elements in the order written.
fn exclude_attr(meta: &ParseNestedMeta, attrs: &mut TableAttrs, errors: &mut Errors) -> syn::Result<()> {
    let at = meta.path.to_token_stream();
    if !meta.input.peek(syn::token::Paren) {
        errors.at(&at, "write `exclude(method = \"gist\", element(\"column\", \"operator\"), ...)`");
        return skip_value(meta);
    }
    let (mut name, mut method, mut predicate) = (None, None, None);
    let mut exclusion = ExclusionAttr {
        name: None,
        method: String::new(),
        elements: Vec::new(),
        predicate: None,
        deferrable: false,
        initially_deferred: false,
    };
    meta.parse_nested_meta(|inner| {
        match key(&inner).as_str() {
            "name" | "method" | "predicate" => {
                let lit: LitStr = inner.value()?.parse()?;
                if lit.value().trim().is_empty() {
                    errors.at(&lit, format!("`{}` is empty", key(&inner)));
                }
                let slot = match key(&inner).as_str() {
                    "name" => &mut name,
                    "method" => &mut method,
                    _ => &mut predicate,
                };
                set_once(slot, lit, &inner, errors);
            }
            "element" => match <[LitStr; 2]>::try_from(string_list(&inner)?) {
                Ok([expr, op]) if !expr.value().trim().is_empty() && !op.value().trim().is_empty() => {
                    exclusion.elements.push((expr, op));
                }
                _ => errors.at(
                    &inner.path,
                    "`element` takes a column (or expression) and its operator: `element(\"room\", \"=\")`",
                ),
            },
            "deferrable" => exclusion.deferrable = true,
            "initially_deferred" => exclusion.initially_deferred = true,
            other => {
                errors.at(
                    &inner.path,
                    format!("unknown `exclude(...)` attribute `{other}`; expected one of: {EXCLUDE_OPTIONS}"),
                );
                skip_value(&inner)?;
            }
        }
        Ok(())
    })?;
    if exclusion.elements.is_empty() {
        errors.at(&at, "missing `element(\"column\", \"operator\")`: what may no two rows share?");
    }
    let method = method.map_or_else(|| "btree".to_string(), |m: LitStr| m.value().trim().to_ascii_lowercase());
    attrs.exclusions.push(ExclusionAttr { name, method, predicate, ..exclusion });
    Ok(())
}
