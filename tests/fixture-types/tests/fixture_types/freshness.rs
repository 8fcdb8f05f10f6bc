//! The committed `types` modules are byte for byte what the generator writes
//! for their fixture specs today.

use std::path::{Path, PathBuf};

use acs_chat_fixture_types::FIXTURES;

fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The `types` module of the generated code for `spec`, with a header.
fn types_module(spec: &str) -> String {
    let text = std::fs::read_to_string(repository().join(spec)).unwrap();
    let code = acs_chat_codegen::generate(&text, &acs_chat_codegen::Options::new(spec))
        .unwrap_or_else(|e| panic!("{spec} must generate:\n{e}"));
    let mut file = syn::parse_file(&code).unwrap();
    file.attrs.clear();
    file.items
        .retain(|item| matches!(item, syn::Item::Mod(m) if m.ident == "types"));
    assert_eq!(
        file.items.len(),
        1,
        "the generated code has a `types` module"
    );
    let body = prettyplease::unparse(&file);
    format!(
        "// @generated from `{spec}` (the `types` module of its generated code).\n\
         // Do not edit: `UPDATE_FIXTURE_TYPES=1 cargo test -p acs-chat-fixture-types`.\n\n{body}"
    )
}

#[test]
fn committed_types_are_what_the_generator_writes() {
    let update = std::env::var_os("UPDATE_FIXTURE_TYPES").is_some();
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut stale = Vec::new();
    for (spec, module) in FIXTURES {
        let want = types_module(spec);
        let path = crate_dir.join(module);
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        if have != want {
            if update {
                std::fs::write(&path, &want).unwrap();
            } else {
                stale.push(*module);
            }
        }
    }
    assert!(
        stale.is_empty(),
        "stale generated modules {stale:?}: run `UPDATE_FIXTURE_TYPES=1 cargo test -p acs-chat-fixture-types`"
    );
}
