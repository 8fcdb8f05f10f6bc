//! One typed model of the spec, built once from the loaded document: its
//! operations, their parameters, bodies and responses, the client-level
//! parameters, the pageable operations, the enums and unions, and whether
//! each operation is safe to send again.
//!
//! Every spec extension is read here and nowhere else (see [`extensions`]).
//! A malformed one is never dropped: it stays in the model as the `Err` of
//! the fact it would have given, with the place where it was found, and
//! [`Model::diagnostics`] lists them all. `validate` checks the model (and
//! the raw document only for what the model does not describe), `normalize`
//! turns it into the post-processing [`crate::Plan`], and tools that compare
//! two specs (`cargo xtask spec-diff`) can read the same facts.
//!
//! The model is built on a document whose references may be broken (it is
//! built before validation): what cannot be resolved is left out, and
//! validation reports the broken reference.

mod client_docs;
mod enums;
pub mod extensions;
mod operation;
mod paging;
mod parameter;
mod retry;
mod scopes;

use std::collections::HashMap;

use openapiv3::OpenAPI;

pub use enums::{EnumSchema, Union, UnionVariant};
pub use operation::{MediaBody, Method, Operation, RequestBody, Response, Status, operation_name};
pub use paging::Paging;
pub use parameter::{
    ClientParameter, Parameter, ParameterIn, ParameterLocation, client_parameter_default,
};
pub use retry::RetrySafety;
pub use scopes::{Scope, ScopeExtension, ScopeMethod};

use crate::error::Diagnostic;

/// Facts about one spec, in document order.
#[derive(Clone, Debug, Default)]
pub struct Model {
    /// Every operation, in document order (paths, then openapiv3's method order).
    pub operations: Vec<Operation>,
    /// Parameters marked `x-ms-parameter-location: client`, first-seen order,
    /// one per wire name.
    pub client_parameters: Vec<ClientParameter>,
    /// Names under `components/parameters` of client-level parameters.
    pub client_component_parameters: Vec<String>,
    /// Every schema carrying `x-ms-enum`, named or inline, in the order of
    /// a walk of the document.
    pub enums: Vec<EnumSchema>,
    /// Every component schema with a `discriminator`, with its variants.
    pub unions: Vec<Union>,
    /// Every name under components/schemas, in document order.
    pub schema_names: Vec<String>,
    /// Client-level parameters declared twice with different settings.
    pub client_parameter_conflicts: Vec<Diagnostic>,
    /// The `Client` type's docs (`info.x-acs-client-docs`, else the first
    /// paragraph of `info.description`).
    pub client_docs: Option<String>,
    /// Why `info.x-acs-client-docs` cannot be read, if it cannot.
    pub client_docs_error: Option<String>,
    /// Scopes (`x-acs-scope`), by name.
    pub scopes: Vec<Scope>,
    /// Misused `x-acs-scope` / `x-acs-scope-method`, with their places.
    pub scope_problems: Vec<Diagnostic>,
    /// `"<method> <url>"` → index in `operations`.
    by_place: HashMap<String, usize>,
    /// Every declared parameter by its place (`paths.<url>[.<method>].parameters.<i>`).
    parameters: HashMap<String, Parameter>,
}

impl Model {
    /// Builds the model of `spec`; never fails (see the module documentation).
    pub fn build(spec: &OpenAPI) -> Model {
        let (operations, parameters) = operation::all(spec);
        let (client_parameters, client_parameter_conflicts) =
            parameter::client_parameters(&operations);
        let by_place = operations
            .iter()
            .enumerate()
            .map(|(i, o)| (format!("{} {}", o.method.as_str(), o.path), i))
            .collect();
        let (scopes, scope_problems) = scopes::all(spec, &operations);
        Model {
            client_docs: client_docs::of(spec).ok().flatten(),
            client_docs_error: client_docs::of(spec).err(),
            scopes,
            scope_problems,
            by_place,
            parameters,
            client_component_parameters: parameter::client_component_parameters(spec),
            client_parameters,
            client_parameter_conflicts,
            enums: enums::extensible(spec),
            unions: enums::unions(spec),
            schema_names: spec
                .components
                .iter()
                .flat_map(|c| c.schemas.keys().cloned())
                .collect(),
            operations,
        }
    }

    /// Every problem met while building: malformed extensions and
    /// conflicting client-level parameters, each with its place.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for op in &self.operations {
            out.extend(op.diagnostics());
            for p in &op.parameters {
                if let Err(e) = &p.client
                    && seen.insert(p.at.as_str())
                {
                    out.push(Diagnostic::at(
                        &p.at,
                        format!("parameter `{}`: {e}", p.name),
                    ));
                }
            }
        }
        for e in &self.enums {
            if let Err(message) = &e.extension {
                out.push(Diagnostic::at(
                    format!("{}.{}", e.at, extensions::ENUM),
                    message,
                ));
            }
        }
        for u in &self.unions {
            for v in &u.variants {
                if let Err(message) = &v.value {
                    out.push(Diagnostic::at(
                        format!("{}.{}", v.at, extensions::DISCRIMINATOR_VALUE),
                        message,
                    ));
                }
            }
        }
        out.extend(self.client_parameter_conflicts.iter().cloned());
        out.extend(self.scope_problems.iter().cloned());
        if let Some(e) = &self.client_docs_error {
            out.push(Diagnostic::at(
                format!("info.{}", extensions::CLIENT_DOCS),
                e,
            ));
        }
        out
    }

    /// The parameter declared at `at` (`paths.<url>[.<method>].parameters.<i>`).
    pub fn parameter(&self, at: &str) -> Option<&Parameter> {
        self.parameters.get(at)
    }

    /// The operation at `paths.<url>.<method>`.
    pub fn operation(&self, url: &str, method: &str) -> Option<&Operation> {
        let i = *self.by_place.get(&format!("{method} {url}"))?;
        self.operations.get(i)
    }
}
