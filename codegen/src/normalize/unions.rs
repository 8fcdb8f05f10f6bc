//! Discriminated unions (`discriminator` on a base schema, each case a
//! component schema that extends it with `allOf` and names its value with
//! `x-ms-discriminator-value`, AutoRest style) in the form typify handles.
//!
//! typify ignores `discriminator`: it would make the base a struct of the
//! base's own properties, so every field a case adds would be dropped when
//! receiving and could not be sent. Here each case becomes one flat object
//! (the base's properties, the case's own, the discriminating property an
//! enum of the case's single value, required), and the base becomes a
//! `oneOf` of the cases; `postprocess::unions` then replaces typify's type
//! for the base with an enum that dispatches on the discriminating property
//! and keeps a value of an unknown case whole.
//!
//! A form that cannot be modelled this way is refused with the construct and
//! its place, never turned into a type that drops fields.

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, ObjectType, OpenAPI, ReferenceOr, Schema, SchemaData, SchemaKind,
    StringType, Type,
};

use crate::error::{Diagnostic, path};
use crate::model::{Model, Union};
use crate::resolve;

/// A union as the post-processing needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnionPlan {
    /// The base schema's name under `components/schemas`.
    pub schema: String,
    /// The discriminating property's JSON name.
    pub property: String,
    /// Each case: its discriminator value and its schema's name.
    pub variants: Vec<(String, String)>,
}

/// The flat object of one case, before it replaces the case's schema.
#[derive(Clone)]
struct Flat {
    properties: IndexMap<String, ReferenceOr<Box<Schema>>>,
    required: Vec<String>,
    additional: Option<AdditionalProperties>,
}

/// Rewrites every union of `model` in `spec`, or says why one cannot be.
pub(super) fn rewrite(
    spec: &mut OpenAPI,
    model: &Model,
) -> Result<Vec<UnionPlan>, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let mut plans = Vec::new();
    let mut rewrites: Vec<(String, Schema)> = Vec::new();
    for union in &model.unions {
        match plan(spec, model, union) {
            Ok((plan, schemas)) => {
                plans.push(plan);
                rewrites.extend(schemas);
            }
            Err(mut p) => problems.append(&mut p),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    if let Some(components) = &mut spec.components {
        for (name, schema) in rewrites {
            components.schemas.insert(name, ReferenceOr::Item(schema));
        }
    }
    Ok(plans)
}

fn at_schema(name: &str) -> String {
    path(&["components", "schemas", name])
}

/// The plan of one union and the schemas that replace its base and cases.
#[allow(clippy::type_complexity)]
fn plan(
    spec: &OpenAPI,
    model: &Model,
    union: &Union,
) -> Result<(UnionPlan, Vec<(String, Schema)>), Vec<Diagnostic>> {
    let base_at = at_schema(&union.schema);
    let fail = |at: &str, message: String| Err(vec![Diagnostic::at(at, message)]);
    let base = item(spec, &union.schema).expect("the model found the base under components");
    let prop = &union.property;
    match &union.base_value {
        Some(Err(e)) => {
            return fail(
                &format!(
                    "{base_at}.{}",
                    crate::model::extensions::DISCRIMINATOR_VALUE
                ),
                e.clone(),
            );
        }
        Some(Ok(value)) => {
            return fail(
                &base_at,
                format!(
                    "discriminated union `{}`: the base carries `x-ms-discriminator-value: {value}`, \
                     so it is one of its own cases; a base that is also a case is not supported \
                     (describe that case as a schema of its own that extends the base)",
                    union.schema
                ),
            );
        }
        None => {}
    }
    let listed = match &base.schema_kind {
        SchemaKind::OneOf { .. } => Some("oneOf"),
        SchemaKind::AnyOf { .. } => Some("anyOf"),
        SchemaKind::Any(any) if !any.one_of.is_empty() => Some("oneOf"),
        SchemaKind::Any(any) if !any.any_of.is_empty() => Some("anyOf"),
        _ => None,
    };
    if let Some(key) = listed {
        return fail(
            &format!("{base_at}.discriminator"),
            format!(
                "discriminated union `{}`: a `discriminator` on a `{key}` is not supported (its \
                 generated type would pick a case by the fields a value has, not by `{prop}`, \
                 and drop the rest); write the cases as schemas that extend a base object with \
                 `allOf`, each with `x-ms-discriminator-value`",
                union.schema
            ),
        );
    }
    if union.variants.is_empty() {
        return fail(
            &format!("{base_at}.discriminator"),
            format!(
                "discriminated union `{}`: no schema under components/schemas extends it \
                 (`allOf: [$ref: '#/components/schemas/{}']`), so its cases and their fields \
                 are unknown; list them, or remove `discriminator`",
                union.schema, union.schema
            ),
        );
    }
    let Some(base_flat) = object_parts(base) else {
        return fail(
            &base_at,
            format!(
                "discriminated union `{}`: the base must be an object with `properties` \
                 (not `allOf`, `oneOf` or `anyOf`)",
                union.schema
            ),
        );
    };
    let Some(tag) = base_flat.properties.get(prop) else {
        return fail(
            &format!("{base_at}.discriminator.propertyName"),
            format!(
                "discriminated union `{}`: the discriminating property `{prop}` is not among \
                 the base's `properties`",
                union.schema
            ),
        );
    };
    if !is_string(spec, tag) {
        return fail(
            &format!("{base_at}.properties.{prop}"),
            format!(
                "discriminated union `{}`: the discriminating property `{prop}` must be a \
                 `type: string` schema",
                union.schema
            ),
        );
    }
    let mut problems = Vec::new();
    let mut variants: Vec<(String, String)> = Vec::new();
    for v in &union.variants {
        let Ok(value) = &v.value else { continue }; // reported by validation
        if let Some((_, first)) = variants.iter().find(|(val, _)| val == value) {
            problems.push(Diagnostic::at(
                &v.at,
                format!(
                    "discriminated union `{}`: `{}` and `{first}` have the same discriminator \
                     value `{value}`",
                    union.schema, v.schema
                ),
            ));
            continue;
        }
        variants.push((value.clone(), v.schema.clone()));
    }
    let mut rust_names: Vec<(String, &str)> = Vec::new();
    for (value, _) in &variants {
        let rust = crate::validate::variant_name(value);
        if let Some((_, first)) = rust_names.iter().find(|(r, _)| *r == rust) {
            problems.push(Diagnostic::at(
                &base_at,
                format!(
                    "discriminated union `{}`: the values `{first}` and `{value}` both become \
                     the Rust variant `{rust}`; rename one of them",
                    union.schema
                ),
            ));
        }
        rust_names.push((rust, value));
    }
    for (value, target) in &union.mapping {
        let named = resolve::ref_name(target, "schemas").unwrap_or(target.as_str());
        match variants.iter().find(|(_, s)| s == named) {
            Some((v, _)) if v == value => {}
            Some((v, _)) => problems.push(Diagnostic::at(
                format!("{base_at}.discriminator.mapping.{value}"),
                format!(
                    "discriminated union `{}`: the mapping gives `{named}` the value `{value}`, \
                     but its `x-ms-discriminator-value` is `{v}`",
                    union.schema
                ),
            )),
            None => problems.push(Diagnostic::at(
                format!("{base_at}.discriminator.mapping.{value}"),
                format!(
                    "discriminated union `{}`: the mapping points at `{target}`, which is not a \
                     schema under components/schemas that extends the base",
                    union.schema
                ),
            )),
        }
    }
    // A case of two unions, a case that is a union itself, or one that
    // others extend in turn (a deeper hierarchy) cannot be one flat object.
    for (_, name) in &variants {
        let at = at_schema(name);
        if model.unions.iter().any(|u| &u.schema == name) {
            problems.push(Diagnostic::at(
                &at,
                format!(
                    "discriminated union `{}`: case `{name}` is a discriminated union itself; \
                     nested unions are not supported",
                    union.schema
                ),
            ));
        }
        if let Some(other) = model
            .unions
            .iter()
            .find(|u| u.schema != union.schema && u.variants.iter().any(|v| &v.schema == name))
        {
            problems.push(Diagnostic::at(
                &at,
                format!(
                    "`{name}` is a case of both `{}` and `{}`; a case of two unions is not supported",
                    union.schema, other.schema
                ),
            ));
        }
        if let Some(child) = extenders(spec, name).first() {
            problems.push(Diagnostic::at(
                at_schema(child),
                format!(
                    "`{child}` extends `{name}`, a case of the discriminated union `{}`; \
                     hierarchies deeper than one level are not supported",
                    union.schema
                ),
            ));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut schemas = Vec::new();
    for (value, name) in &variants {
        let at = at_schema(name);
        let v = item(spec, name).expect("the model found the case under components");
        let flat = flatten(spec, &union.schema, &base_flat, v, &at)?;
        schemas.push((name.clone(), case_schema(v, flat, prop, value, tag)));
    }
    let mut base_data = base.schema_data.clone();
    base_data.discriminator = None;
    schemas.push((
        union.schema.clone(),
        Schema {
            schema_data: base_data,
            schema_kind: SchemaKind::OneOf {
                one_of: variants
                    .iter()
                    .map(|(_, n)| ReferenceOr::Reference {
                        reference: format!("#/components/schemas/{n}"),
                    })
                    .collect(),
            },
        },
    ));
    Ok((
        UnionPlan {
            schema: union.schema.clone(),
            property: prop.clone(),
            variants,
        },
        schemas,
    ))
}

fn item<'a>(spec: &'a OpenAPI, name: &str) -> Option<&'a Schema> {
    spec.components.as_ref()?.schemas.get(name)?.as_item()
}

/// Component schemas whose `allOf` refers to `name`.
fn extenders<'a>(spec: &'a OpenAPI, name: &str) -> Vec<&'a str> {
    let Some(components) = &spec.components else {
        return Vec::new();
    };
    components
        .schemas
        .iter()
        .filter(|(_, s)| {
            s.as_item().is_some_and(|s| {
                all_of(s).iter().any(|part| {
                    matches!(part, ReferenceOr::Reference { reference }
                        if resolve::ref_name(reference, "schemas") == Some(name))
                })
            })
        })
        .map(|(n, _)| n.as_str())
        .collect()
}

fn all_of(s: &Schema) -> &[ReferenceOr<Schema>] {
    match &s.schema_kind {
        SchemaKind::AllOf { all_of } => all_of,
        SchemaKind::Any(any) => &any.all_of,
        _ => &[],
    }
}

/// The properties of a plain object schema (no composition), or `None`.
fn object_parts(s: &Schema) -> Option<Flat> {
    match &s.schema_kind {
        SchemaKind::Type(Type::Object(o)) => Some(Flat {
            properties: o.properties.clone(),
            required: o.required.clone(),
            additional: o.additional_properties.clone(),
        }),
        SchemaKind::Any(any)
            if any.all_of.is_empty()
                && any.one_of.is_empty()
                && any.any_of.is_empty()
                && any.not.is_none()
                && any.typ.as_deref().is_none_or(|t| t == "object") =>
        {
            Some(Flat {
                properties: any.properties.clone(),
                required: any.required.clone(),
                additional: any.additional_properties.clone(),
            })
        }
        _ => None,
    }
}

fn is_string(spec: &OpenAPI, s: &ReferenceOr<Box<Schema>>) -> bool {
    let schema = match s {
        ReferenceOr::Item(s) => Some(&**s),
        ReferenceOr::Reference { reference } => {
            resolve::ref_name(reference, "schemas").and_then(|n| item(spec, n))
        }
    };
    schema.is_some_and(|s| match &s.schema_kind {
        SchemaKind::Type(Type::String(_)) => true,
        SchemaKind::Any(any) => any.typ.as_deref() == Some("string"),
        _ => false,
    })
}

/// The base's properties, then those of each other part of the case's
/// `allOf`, then the case's own; one property twice with different schemas
/// is refused.
fn flatten(
    spec: &OpenAPI,
    base: &str,
    base_flat: &Flat,
    v: &Schema,
    at: &str,
) -> Result<Flat, Vec<Diagnostic>> {
    let mut out = Flat {
        properties: IndexMap::new(),
        required: Vec::new(),
        additional: None,
    };
    let mut parts: Vec<(String, Flat)> = Vec::new();
    for (i, part) in all_of(v).iter().enumerate() {
        let here = format!("{at}.allOf.{i}");
        let flat = match part {
            ReferenceOr::Reference { reference } => {
                let name = resolve::ref_name(reference, "schemas");
                if name == Some(base) {
                    parts.push((here, base_flat.clone()));
                    continue;
                }
                name.and_then(|n| item(spec, n)).and_then(object_parts)
            }
            ReferenceOr::Item(s) => object_parts(s),
        };
        match flat {
            Some(f) => parts.push((here, f)),
            None => {
                return Err(vec![Diagnostic::at(
                    here,
                    format!(
                        "a case of the discriminated union `{base}` may extend only plain object \
                         schemas (with `properties`, no `allOf`/`oneOf`/`anyOf` of their own)"
                    ),
                )]);
            }
        }
    }
    if let Some(own) = object_parts_siblings(v) {
        parts.push((at.to_string(), own));
    }
    for (here, part) in parts {
        for (name, schema) in part.properties {
            match out.properties.get(&name) {
                Some(existing) if *existing != schema => {
                    return Err(vec![Diagnostic::at(
                        format!("{here}.properties.{name}"),
                        format!(
                            "property `{name}` of this case of the discriminated union `{base}` \
                             is declared twice with different schemas"
                        ),
                    )]);
                }
                Some(_) => {}
                None => {
                    out.properties.insert(name, schema);
                }
            }
        }
        for r in part.required {
            if !out.required.contains(&r) {
                out.required.push(r);
            }
        }
        if part.additional.is_some() {
            out.additional = part.additional;
        }
    }
    Ok(out)
}

/// The properties written beside a case's `allOf` (openapiv3 reads
/// `allOf` + `properties` as `Any`).
fn object_parts_siblings(v: &Schema) -> Option<Flat> {
    match &v.schema_kind {
        SchemaKind::Any(any) => Some(Flat {
            properties: any.properties.clone(),
            required: any.required.clone(),
            additional: any.additional_properties.clone(),
        }),
        _ => None,
    }
}

/// The flat object of one case: its discriminating property an enum of its
/// single value, and required, so the value it carries is always its own.
fn case_schema(
    v: &Schema,
    mut flat: Flat,
    prop: &str,
    value: &str,
    tag: &ReferenceOr<Box<Schema>>,
) -> Schema {
    let description = match tag {
        ReferenceOr::Item(s) => s.schema_data.description.clone(),
        ReferenceOr::Reference { .. } => None,
    };
    flat.properties.insert(
        prop.to_string(),
        ReferenceOr::Item(Box::new(Schema {
            schema_data: SchemaData {
                description,
                ..Default::default()
            },
            schema_kind: SchemaKind::Type(Type::String(StringType {
                enumeration: vec![Some(value.to_string())],
                ..Default::default()
            })),
        })),
    );
    if !flat.required.iter().any(|r| r == prop) {
        flat.required.push(prop.to_string());
    }
    let mut schema_data = v.schema_data.clone();
    schema_data.discriminator = None;
    Schema {
        schema_data,
        schema_kind: SchemaKind::Type(Type::Object(ObjectType {
            properties: flat.properties,
            required: flat.required,
            additional_properties: flat.additional,
            ..Default::default()
        })),
    }
}
