//! Enums and unions: schemas with `x-ms-enum` (extensible when
//! `modelAsString: true`), and discriminated unions (`discriminator` on a
//! base schema, `allOf` + `x-ms-discriminator-value` on each variant).

use openapiv3::{OpenAPI, ReferenceOr, SchemaKind, Type};

use super::extensions::{self, MsEnum};
use crate::error::path;
use crate::resolve;
use crate::schema_walk;

/// A schema carrying `x-ms-enum`, named or inline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnumSchema {
    /// Where the schema is in the document.
    pub at: String,
    /// Its name under `components/schemas`, when it is a component.
    pub component: Option<String>,
    /// The extension; `Err` with the reason when malformed.
    pub extension: Result<MsEnum, String>,
    /// Whether the schema is `type: string`.
    pub is_string: bool,
    /// The `enum` values of a string schema (`None` for a listed `null`).
    pub values: Vec<Option<String>>,
}

impl EnumSchema {
    /// `modelAsString: true`: the service may send values not listed.
    pub fn is_extensible(&self) -> bool {
        self.extension.as_ref().is_ok_and(|e| e.model_as_string)
    }

    /// The type name the extension gives (`x-ms-enum.name`).
    pub fn name(&self) -> Option<&str> {
        self.extension.as_ref().ok()?.name.as_deref()
    }

    /// The component schema name this enum takes when it is written inline
    /// (not a component) and `x-ms-enum.name` names it: normalization moves
    /// it under components/schemas by that name.
    pub fn hoisted_name(&self) -> Option<&str> {
        if self.component.is_some() || !self.is_string || self.values.is_empty() {
            return None;
        }
        self.name()
    }
}

/// A component schema with a `discriminator`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Union {
    /// The base schema's name under `components/schemas`.
    pub schema: String,
    /// The discriminating property (`discriminator.propertyName`).
    pub property: String,
    /// Each component schema that `allOf`-extends the base, in document order.
    pub variants: Vec<UnionVariant>,
    /// `x-ms-discriminator-value` on the base itself (AutoRest lets a base
    /// be one of its own cases); `Err` when the extension is not a string.
    pub base_value: Option<Result<String, String>>,
    /// `discriminator.mapping`: value → `$ref`, in document order.
    pub mapping: Vec<(String, String)>,
}

/// One variant of a [`Union`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnionVariant {
    /// Its name under `components/schemas`.
    pub schema: String,
    /// Where it is in the document.
    pub at: String,
    /// Its discriminator value: `x-ms-discriminator-value`, else (as in
    /// AutoRest) the schema name; `Err` when the extension is not a string.
    pub value: Result<String, String>,
}

/// Every schema with `x-ms-enum`, in the order of [`schema_walk::walk`].
pub(super) fn extensible(spec: &OpenAPI) -> Vec<EnumSchema> {
    let mut out = Vec::new();
    schema_walk::walk(spec, &mut |at, schema| {
        let extension =
            match extensions::read::<MsEnum>(&schema.schema_data.extensions, extensions::ENUM) {
                Ok(None) => return,
                Ok(Some(e)) => Ok(e),
                Err(e) => Err(e),
            };
        let (is_string, values) = match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => (true, s.enumeration.clone()),
            _ => (false, Vec::new()),
        };
        out.push(EnumSchema {
            at: at.to_string(),
            component: at
                .strip_prefix("components.schemas.")
                .filter(|name| {
                    spec.components
                        .as_ref()
                        .is_some_and(|c| c.schemas.contains_key(*name))
                })
                .map(str::to_string),
            extension,
            is_string,
            values,
        });
    });
    out
}

/// Every component schema with a `discriminator`, with its variants.
pub(super) fn unions(spec: &OpenAPI) -> Vec<Union> {
    let Some(components) = &spec.components else {
        return Vec::new();
    };
    let mut out: Vec<Union> = components
        .schemas
        .iter()
        .filter_map(|(name, s)| {
            let s = s.as_item()?;
            let d = s.schema_data.discriminator.as_ref()?;
            Some(Union {
                schema: name.clone(),
                property: d.property_name.clone(),
                variants: Vec::new(),
                base_value: extensions::read::<String>(
                    &s.schema_data.extensions,
                    extensions::DISCRIMINATOR_VALUE,
                )
                .transpose(),
                mapping: d
                    .mapping
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect(),
            })
        })
        .collect();
    if out.is_empty() {
        return out;
    }
    for (name, s) in &components.schemas {
        let Some(s) = s.as_item() else { continue };
        // `allOf` alone, or beside `type: object`/`properties` (the form
        // Swagger conversions write), which openapiv3 reads as `Any`.
        let all_of = match &s.schema_kind {
            SchemaKind::AllOf { all_of } => all_of,
            SchemaKind::Any(any) => &any.all_of,
            _ => continue,
        };
        for part in all_of {
            let ReferenceOr::Reference { reference } = part else {
                continue;
            };
            let Some(base) = resolve::ref_name(reference, "schemas") else {
                continue;
            };
            if let Some(union) = out.iter_mut().find(|u| u.schema == base) {
                union.variants.push(UnionVariant {
                    schema: name.clone(),
                    at: path(&["components", "schemas", name]),
                    value: extensions::read::<String>(
                        &s.schema_data.extensions,
                        extensions::DISCRIMINATOR_VALUE,
                    )
                    .map(|v| v.unwrap_or_else(|| name.clone())),
                });
            }
        }
    }
    out
}
