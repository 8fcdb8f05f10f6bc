//! Schemas that progenitor would panic on: enums (including `x-ms-enum`)
//! and unknown types.

use std::collections::BTreeMap;

use openapiv3::{OpenAPI, SchemaKind, Type};

use crate::error::{Diagnostic, path};
use crate::extensions::{self, MsEnum};
use crate::schema_walk;

pub(super) fn check_enums(spec: &OpenAPI, out: &mut Vec<Diagnostic>) {
    let named: Vec<String> = spec
        .components
        .iter()
        .flat_map(|c| c.schemas.keys())
        .map(|name| path(&["components", "schemas", name]))
        .collect();
    schema_walk::walk(spec, &mut |at, schema| {
        let at_ext = format!("{at}.{}", extensions::ENUM);
        match extensions::read::<MsEnum>(&schema.schema_data.extensions, extensions::ENUM) {
            Err(e) => out.push(Diagnostic::at(at_ext, e)),
            Ok(Some(e)) if e.model_as_string => {
                match &schema.schema_kind {
                    SchemaKind::Type(Type::String(s)) if !s.enumeration.is_empty() => {
                        if s.enumeration.iter().any(Option::is_none) {
                            out.push(Diagnostic::at(
                                &at_ext,
                                "an extensible enum cannot list `null`",
                            ));
                        }
                    }
                    _ => out.push(Diagnostic::at(
                        &at_ext,
                        "`modelAsString: true` needs a `type: string` schema with an `enum` list",
                    )),
                }
                if !named.iter().any(|n| n == at) {
                    out.push(Diagnostic::at(
                        at,
                        "an extensible enum (`x-ms-enum` with `modelAsString: true`) must be a \
                         schema under components/schemas, referenced by `$ref`, so that its \
                         generated type has a stable name",
                    ));
                }
            }
            Ok(_) => {}
        }
    });
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
pub(super) fn variant_name(value: &str) -> String {
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
