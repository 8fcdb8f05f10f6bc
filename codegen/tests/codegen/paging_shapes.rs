//! Paging shapes of issue 10: an optional item property of a page, and what
//! the generated page type does with a page that lacks it.

use acs_chat_codegen::{Options, generate};

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/specs/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(path).unwrap()
}

/// `code` without whitespace, so that checks do not depend on line breaks.
fn squeezed(code: &str) -> String {
    code.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The field `field` of struct `name` in the generated `types` module.
fn struct_field(code: &str, name: &str, field: &str) -> syn::Field {
    let file = syn::parse_file(code).expect("generated code parses");
    let types = file
        .items
        .iter()
        .find_map(|i| match i {
            syn::Item::Mod(m) if m.ident == "types" => m.content.as_ref().map(|c| &c.1),
            _ => None,
        })
        .expect("a types module");
    let s = types
        .iter()
        .find_map(|i| match i {
            syn::Item::Struct(s) if s.ident == name => Some(s),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no struct {name}"));
    s.fields
        .iter()
        .find(|f| f.ident.as_ref().is_some_and(|i| i == field))
        .unwrap_or_else(|| panic!("no field {name}.{field}"))
        .clone()
}

#[test]
fn an_optional_page_item_property_generates_and_reads_a_missing_list_as_empty() {
    let out = generate(
        &fixture("shape-page-item-optional.yaml"),
        &Options::new("shape-page-item-optional.yaml"),
    )
    .expect("an optional item property is accepted");
    let field = struct_field(&out, "KeyList", "value");
    let ty = &field.ty;
    assert_eq!(
        quote::quote!(#ty).to_string().replace(' ', ""),
        "::std::vec::Vec<KeyItem>",
        "the items are a plain Vec, never an Option the paging code would have to unwrap"
    );
    let serde_default = field
        .attrs
        .iter()
        .any(|a| a.path().is_ident("serde") && quote::quote!(#a).to_string().contains("default"));
    assert!(
        serde_default,
        "a page without the property decodes as an empty page (#[serde(default)])"
    );
    // The paging methods read that field.
    let code = squeezed(&out);
    assert!(
        code.contains("|page:types::KeyList|page.value,")
            || code.contains("|page:types::KeyList|page.value)"),
        "the items closure returns the field as it is"
    );
}

/// An optional item property that may also be `null`: typify makes it an
/// `Option<Vec<_>>`, and a missing or null list is still an empty page.
#[test]
fn a_nullable_optional_page_item_property_reads_null_as_empty() {
    let out = generate(
        &fixture("page-item-nullable.yaml"),
        &Options::new("page-item-nullable.yaml"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let field = struct_field(&out, "KeyList", "value");
    let ty = &field.ty;
    assert_eq!(
        quote::quote!(#ty).to_string().replace(' ', ""),
        "::std::option::Option<::std::vec::Vec<KeyItem>>"
    );
    assert!(
        squeezed(&out)
            .contains("pubfnstream(self)->crate::runtime::contract::ItemStream<types::KeyItem>"),
        "the items are KeyItems, not Vec<KeyItem>s"
    );
    assert!(
        squeezed(&out).contains("|page:types::KeyList|page.value.unwrap_or_default()"),
        "null or missing: no items"
    );
}
