//! `embed_migrations!`: the scripts of a migrations directory compiled into the binary.
//!
//! Reads `<dir>/versions/*.toml` at compile time (relative to the crate's
//! `Cargo.toml`), and `version_table` from `<dir>/alambic.toml`, and expands to a call of
//! the const constructor `alambic::embedded::Migrator::new` whose files are `include_str!`s, so editing a
//! script rebuilds the binary. (A script *added* to the directory is picked up at the next
//! build that recompiles the crate.)

use std::path::PathBuf;

use proc_macro2::TokenStream;
use quote::quote;
use syn::LitStr;

pub fn expand(dir: Option<LitStr>) -> syn::Result<TokenStream> {
    let span = dir.as_ref().map(|d| d.span()).unwrap_or_else(proc_macro2::Span::call_site);
    let rel = dir.map(|d| d.value()).unwrap_or_else(|| "migrations".to_string());
    let root = std::env::var("CARGO_MANIFEST_DIR").map(PathBuf::from).unwrap_or_default();
    let dir = root.join(&rel);
    let versions = dir.join("versions");
    let entries = std::fs::read_dir(&versions).map_err(|e| {
        syn::Error::new(
            span,
            format!("cannot read migration scripts in {}: {e} (run `alambic init` first)", versions.display()),
        )
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    let mut version_table = "alembic_version".to_string();
    let config = dir.join("alambic.toml");
    if let Ok(text) = std::fs::read_to_string(&config) {
        let value: toml::Table =
            text.parse().map_err(|e| syn::Error::new(span, format!("{}: {e}", config.display())))?;
        if let Some(name) = value.get("version_table").and_then(|v| v.as_str()) {
            version_table = name.to_string();
        }
    }
    let items = files.iter().map(|path| {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let full = path.to_string_lossy().into_owned();
        quote! { (#name, include_str!(#full)) }
    });
    Ok(quote! {
        ::alambic::embedded::Migrator::new(&[#(#items),*], #version_table)
    })
}
