//! Scopes: a value holding one path parameter (a thread id, say) with a
//! method per operation under it, so that a user writes
//! `client.thread(id).send_read_receipt(message_id)` instead of the long
//! builder form. Declared in the spec with this project's extensions:
//!
//! - `x-acs-scope: {name: thread, type: ChatThread}` on a path parameter:
//!   `Client::<name>(value)` makes a `<type>` holding a client clone and the
//!   value; every operation whose path has that parameter gets a method on
//!   it.
//! - `x-acs-scope-method: send_read_receipt` on an operation: the method's
//!   name. Without it the name is the operation's own method name (the
//!   operationId without its `Group_` prefix, in snake case).
//!
//! A method returns the operation's builder with the scoped parameter
//! filled in. A JSON request body whose schema has exactly one required
//! property becomes the method's argument (flattened, like AutoRest's
//! `x-ms-client-flatten`): the other properties stay settable with the
//! builder's `body_map`.

use std::collections::BTreeMap;

use heck::ToSnakeCase;
use openapiv3::{OpenAPI, ReferenceOr, SchemaKind, Type};
use serde::Deserialize;

use super::Operation;
use super::extensions::{self, read};
use crate::error::{Diagnostic, path};
use crate::resolve;

/// `x-acs-scope` on a path parameter.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a mapping with `name` and `type`")]
pub struct ScopeExtension {
    /// The `Client` method making the scope, snake case (`thread`).
    pub name: String,
    /// The scope type's name, PascalCase (`ChatThread`).
    #[serde(rename = "type")]
    pub type_name: String,
}

/// One scope and its methods.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scope {
    /// See [`ScopeExtension::name`].
    pub name: String,
    /// See [`ScopeExtension::type_name`].
    pub type_name: String,
    /// The path parameter's wire name (`chatThreadId`).
    pub parameter: String,
    /// The parameter's description, for the `Client` method's docs.
    pub description: Option<String>,
    /// Where the first `x-acs-scope` naming this scope is.
    pub at: String,
    /// One per operation under the parameter, document order.
    pub methods: Vec<ScopeMethod>,
}

/// A method of a scope: one operation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScopeMethod {
    /// The method's name, snake case.
    pub name: String,
    /// The operation's method name before case conversion
    /// (`SendChatReadReceipt`), which names its `Client` method and builder.
    pub operation: String,
    /// The JSON name of the body's one required property, when the body is
    /// flattened into the method's argument.
    pub flattened: Option<String>,
    /// The body schema's component name, when flattened.
    pub body_schema: Option<String>,
}

/// Every scope of `spec`, by name, and the problems met.
pub(super) fn all(spec: &OpenAPI, operations: &[Operation]) -> (Vec<Scope>, Vec<Diagnostic>) {
    let mut scopes: BTreeMap<String, Scope> = BTreeMap::new();
    let mut problems = Vec::new();
    let mut method_names: BTreeMap<String, Result<Option<String>, String>> = BTreeMap::new();
    for (url, item) in spec.paths.iter() {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        let here = path(&["paths", url]);
        let mut declared = Vec::new();
        for (i, p) in item.parameters.iter().enumerate() {
            declared.push((p, format!("{here}.parameters.{i}")));
        }
        for (method, op) in item.iter() {
            method_names.insert(
                path(&["paths", url, method]),
                read::<String>(&op.extensions, extensions::SCOPE_METHOD),
            );
            for (i, p) in op.parameters.iter().enumerate() {
                declared.push((
                    p,
                    format!("{}.parameters.{i}", path(&["paths", url, method])),
                ));
            }
        }
        for (p, at) in declared {
            let Some(p) = resolve::parameter(spec, p) else {
                continue;
            };
            let data = p.parameter_data_ref();
            let at_ext = format!("{at}.{}", extensions::SCOPE);
            let ext = match read::<ScopeExtension>(&data.extensions, extensions::SCOPE) {
                Ok(None) => continue,
                Ok(Some(ext)) => ext,
                Err(e) => {
                    problems.push(Diagnostic::at(at_ext, e));
                    continue;
                }
            };
            if let Err(e) = check_names(&ext) {
                problems.push(Diagnostic::at(at_ext, e));
                continue;
            }
            if !matches!(p, openapiv3::Parameter::Path { .. }) {
                problems.push(Diagnostic::at(
                    at_ext,
                    format!(
                        "`{}` is scoped (`{}`) but is not a path parameter; a scope holds \
                         a path parameter shared by its operations",
                        data.name,
                        extensions::SCOPE
                    ),
                ));
                continue;
            }
            if !is_string(spec, data) {
                problems.push(Diagnostic::at(
                    at_ext,
                    format!("scoped parameter `{}` must be a string", data.name),
                ));
                continue;
            }
            match scopes.get(&ext.name) {
                Some(seen) if seen.parameter != data.name || seen.type_name != ext.type_name => {
                    problems.push(Diagnostic::at(
                        at_ext,
                        format!(
                            "scope `{}` is also declared at `{}` for parameter `{}` as type \
                             `{}`; one scope name, one parameter and one type",
                            ext.name, seen.at, seen.parameter, seen.type_name
                        ),
                    ));
                    continue;
                }
                Some(_) => {}
                None => {
                    if let Some(other) = scopes.values().find(|s| s.type_name == ext.type_name) {
                        problems.push(Diagnostic::at(
                            at_ext,
                            format!(
                                "scope type `{}` is also the type of scope `{}` (at `{}`)",
                                ext.type_name, other.name, other.at
                            ),
                        ));
                        continue;
                    }
                    scopes.insert(
                        ext.name.clone(),
                        Scope {
                            name: ext.name.clone(),
                            type_name: ext.type_name.clone(),
                            parameter: data.name.clone(),
                            description: data.description.clone(),
                            at: at_ext,
                            methods: Vec::new(),
                        },
                    );
                }
            }
        }
    }
    for scope in scopes.values_mut() {
        let mut names: BTreeMap<String, String> = BTreeMap::new();
        for op in operations {
            if !op
                .parameters
                .iter()
                .any(|p| p.name == scope.parameter && p.location == super::ParameterIn::Path)
            {
                continue;
            }
            let Some(operation) = op.method_name() else {
                continue;
            };
            let name = match method_names.get(&op.at).cloned().unwrap_or(Ok(None)) {
                Ok(Some(name)) => name,
                Ok(None) => operation.to_snake_case(),
                Err(e) => {
                    problems.push(Diagnostic::at(
                        format!("{}.{}", op.at, extensions::SCOPE_METHOD),
                        e,
                    ));
                    continue;
                }
            };
            if name.is_empty() || name != name.to_snake_case() {
                problems.push(Diagnostic::at(
                    format!("{}.{}", op.at, extensions::SCOPE_METHOD),
                    format!("`{name}` is not a snake_case method name"),
                ));
                continue;
            }
            if let Some(first) = names.insert(name.clone(), op.at.clone()) {
                problems.push(Diagnostic::at(
                    &op.at,
                    format!(
                        "scope `{}` would get two methods `{name}` (also from `{first}`); \
                         give one another `{}`",
                        scope.name,
                        extensions::SCOPE_METHOD
                    ),
                ));
                continue;
            }
            let (flattened, body_schema) = flattened(spec, op);
            scope.methods.push(ScopeMethod {
                name,
                operation: operation.to_string(),
                flattened,
                body_schema,
            });
        }
    }
    (scopes.into_values().collect(), problems)
}

fn check_names(ext: &ScopeExtension) -> Result<(), String> {
    use heck::ToPascalCase;
    if ext.name.is_empty() || ext.name != ext.name.to_snake_case() {
        return Err(format!("scope name `{}` is not snake_case", ext.name));
    }
    if ext.type_name.is_empty() || ext.type_name != ext.type_name.to_pascal_case() {
        return Err(format!("scope type `{}` is not PascalCase", ext.type_name));
    }
    Ok(())
}

fn is_string(spec: &OpenAPI, data: &openapiv3::ParameterData) -> bool {
    match &data.format {
        openapiv3::ParameterSchemaOrContent::Schema(s) => matches!(
            resolve::schema(spec, s).map(|s| &s.schema_kind),
            Some(SchemaKind::Type(Type::String(_)))
        ),
        openapiv3::ParameterSchemaOrContent::Content(_) => false,
    }
}

/// The body's one required property, if the body is a JSON component
/// schema of an object with exactly one.
fn flattened(spec: &OpenAPI, op: &Operation) -> (Option<String>, Option<String>) {
    let Some(body) = &op.request else {
        return (None, None);
    };
    let [media] = &body.media[..] else {
        return (None, None);
    };
    let Some(name) = media.schema_name.as_ref().filter(|_| media.is_json()) else {
        return (None, None);
    };
    let schema = spec
        .components
        .as_ref()
        .and_then(|c| c.schemas.get(name))
        .and_then(|s| resolve::schema(spec, s));
    match schema.map(|s| &s.schema_kind) {
        Some(SchemaKind::Type(Type::Object(o))) if o.required.len() == 1 => {
            (Some(o.required[0].clone()), Some(name.clone()))
        }
        _ => (None, None),
    }
}
