//! Schemas that progenitor would panic on: enums (including `x-ms-enum`)
//! and unknown types.

use std::collections::BTreeMap;

use openapiv3::{OpenAPI, SchemaKind, Type};

use crate::error::Diagnostic;
use crate::model::{Model, extensions};
use crate::schema_walk;

pub(super) fn check_enums(model: &Model, out: &mut Vec<Diagnostic>) {
    for e in &model.enums {
        let at = &e.at;
        let at_ext = format!("{at}.{}", extensions::ENUM);
        match &e.extension {
            Err(message) => out.push(Diagnostic::at(at_ext, message)),
            Ok(ext) if ext.model_as_string => {
                if e.is_string && !e.values.is_empty() {
                    if e.values.iter().any(Option::is_none) {
                        out.push(Diagnostic::at(
                            &at_ext,
                            "an extensible enum cannot list `null`",
                        ));
                    }
                } else {
                    out.push(Diagnostic::at(
                        &at_ext,
                        "`modelAsString: true` needs a `type: string` schema with an `enum` list",
                    ));
                }
                if e.component.is_none() && ext.name.is_none() {
                    out.push(Diagnostic::at(
                        at,
                        "an extensible enum (`x-ms-enum` with `modelAsString: true`) written \
                         inline needs `x-ms-enum.name` (or must be a schema under \
                         components/schemas, referenced by `$ref`), so that its generated type \
                         has a stable name",
                    ));
                }
            }
            Ok(_) => {}
        }
    }
    check_inline_enum_names(model, out);
}

/// An inline enum named by `x-ms-enum.name` becomes the component schema of
/// that name (see `normalize::inline_enums`): the name must be free, or be
/// shared only by inline enums that are the same enum.
fn check_inline_enum_names(model: &Model, out: &mut Vec<Diagnostic>) {
    use heck::ToPascalCase;
    // Component schema names by their Rust type name.
    let components: BTreeMap<String, &str> = model
        .schema_names
        .iter()
        .map(|n| (n.to_pascal_case(), n.as_str()))
        .collect();
    // The first inline enum of each type name.
    let mut first: BTreeMap<String, &crate::model::EnumSchema> = BTreeMap::new();
    for e in model.enums.iter().filter(|e| e.hoisted_name().is_some()) {
        let name = e.hoisted_name().unwrap_or_default();
        let at_name = format!("{}.{}.name", e.at, extensions::ENUM);
        let rust = name.to_pascal_case();
        // The name becomes a components/schemas key and a `$ref`: keep it to
        // characters that need no escaping there and give a Rust name.
        if !rust.starts_with(|c: char| c.is_ascii_alphabetic())
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        {
            out.push(Diagnostic::at(
                at_name,
                format!("`x-ms-enum.name` `{name}` does not give a Rust type name"),
            ));
            continue;
        }
        if let Some(other) = components.get(&rust) {
            out.push(Diagnostic::at(
                at_name,
                format!(
                    "`x-ms-enum.name` `{name}` names the type of this inline enum, but \
                     `components.schemas.{other}` already has that type name; rename one of them"
                ),
            ));
            continue;
        }
        match first.get(&rust) {
            None => {
                first.insert(rust, e);
            }
            Some(f) if f.values == e.values && f.is_extensible() == e.is_extensible() => {}
            Some(f) => out.push(Diagnostic::at(
                at_name,
                format!(
                    "`x-ms-enum.name` `{name}` is also the name of the inline enum at `{}`, \
                     which has other values or another `modelAsString`; one type cannot stand \
                     for both, so rename one of them",
                    f.at
                ),
            )),
        }
    }
}

/// Schema problems that would otherwise surface as a panic deep inside
/// progenitor: unknown `type`s and enum values that map to the same Rust
/// variant name.
pub(super) fn check_schemas(spec: &OpenAPI, out: &mut Vec<Diagnostic>) {
    const TYPES: &[&str] = &["string", "number", "integer", "boolean", "array", "object"];
    schema_walk::walk(spec, &mut |at, schema| match &schema.schema_kind {
        SchemaKind::Any(any) if !any.enumeration.is_empty() && any.typ.is_none() => {
            out.push(Diagnostic::at(
                format!("{at}.enum"),
                "an `enum` needs a `type` (e.g. `type: string`), so that its values have one",
            ));
        }
        SchemaKind::Any(any) => {
            if let Some(t) = &any.typ
                && !TYPES.contains(&t.as_str())
            {
                out.push(Diagnostic::at(
                    format!("{at}.type"),
                    format!(
                        "`type: {t}` is not an OpenAPI type (one of: {})",
                        TYPES.join(", ")
                    ),
                ));
            }
        }
        SchemaKind::Type(Type::String(s)) if !s.enumeration.is_empty() => {
            let mut variants: BTreeMap<String, &str> = BTreeMap::new();
            for value in s.enumeration.iter().flatten() {
                let variant = variant_name(value);
                if let Some(first) = variants.insert(variant.clone(), value) {
                    out.push(Diagnostic::at(
                            format!("{at}.enum"),
                            format!(
                                "enum values `{first}` and `{value}` both become the Rust variant `{variant}`; \
                                 rename one of them"
                            ),
                        ));
                }
            }
        }
        _ => {}
    });
}

/// The variant name typify gives an enum value (its `sanitize` rule).
pub(crate) fn variant_name(value: &str) -> String {
    use heck::ToPascalCase;
    let cleaned: String = value
        .replace('\'', "")
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let name = cleaned.to_pascal_case();
    match name.chars().next() {
        None => "X".to_string(),
        Some(c) if c.is_alphabetic() || c == '_' => name,
        Some(_) => format!("X{name}"),
    }
}
