//! Wire-level comparison rules: what a caller built against the base spec
//! sees when the service implements the head spec.
//!
//! Operations are matched by method and path (path parameter names do not
//! matter), parameters by name and `in` (then by name alone, to see moves),
//! schemas structurally with `$ref`s resolved, so a renamed component with
//! the same shape is no wire change (it is reported as `schema-renamed`
//! because it renames the generated type). Every rule id, with its
//! classification, is in [`RULES`] (`rules.rs`).

use std::collections::{BTreeSet, HashMap, HashSet};

use openapiv3::OpenAPI;
use serde_json::Value;

use crate::model::{Location, WireChange};
use crate::rules;
pub use crate::rules::{RULES, severity};
use acs_chat_codegen::locate::Positions;
use acs_chat_codegen::model::{Model, Operation};

/// One side of the comparison: the raw document, the generator's model of
/// it, and where its nodes are.
///
/// The facts the generator derives from the document (which statuses are
/// success, paging, client-level parameters, extensible enums, retry
/// safety) are read from the model, so that a report says what the
/// generated client will do; the document is walked for the rest.
pub struct Doc<'a> {
    /// The document as written (not normalized by the generator).
    pub spec: &'a OpenAPI,
    /// The generator's model of `spec` (`acs_chat_codegen::review`).
    pub model: &'a Model,
    /// The document as JSON, for schemas.
    pub json: Value,
    /// Lines of the document's nodes.
    pub positions: Positions,
    /// Where the model found an extensible enum (`x-ms-enum` with
    /// `modelAsString: true`), by document path.
    extensible_enums: HashSet<String>,
}

impl<'a> Doc<'a> {
    /// Wraps a parsed document, its model and its text.
    pub fn new(spec: &'a OpenAPI, model: &'a Model, text: &str) -> Self {
        Doc {
            spec,
            model,
            json: serde_json::to_value(spec).unwrap_or(Value::Null),
            positions: Positions::of(text),
            extensible_enums: model
                .enums
                .iter()
                .filter(|e| e.is_extensible())
                .map(|e| e.at.clone())
                .collect(),
        }
    }

    /// Whether the schema at `at` is an extensible enum, as the generator
    /// reads it (a malformed `x-ms-enum` is not).
    pub(crate) fn is_extensible_enum(&self, at: &str) -> bool {
        self.extensible_enums.contains(at)
    }

    /// The model of the operation at `url` and `method`.
    pub(crate) fn operation(&self, url: &str, method: &str) -> Option<&'a Operation> {
        self.model.operation(url, method)
    }
}

/// Compares two documents; the changes are sorted: breaking first, then by
/// operation, rule and place.
pub fn diff(base: &Doc<'_>, head: &Doc<'_>) -> Vec<WireChange> {
    let mut d = Differ {
        base,
        head,
        raw: Vec::new(),
        op: None,
        visited: HashSet::new(),
    };
    d.operations();
    d.client_parameters();
    d.security_schemes();
    d.component_schemas();
    d.finish()
}

/// What makes two raw changes the same: rule, message, base and head path.
type MergeKey = (&'static str, String, Option<String>, Option<String>);

/// A change before merging and placing.
struct Raw {
    rule: &'static str,
    op: Option<String>,
    message: String,
    base: Option<String>,
    head: Option<String>,
}

/// Request side (parameters, bodies) or response side.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Dir {
    Parameter,
    Request,
    Response,
}

impl Dir {
    fn prefix(self) -> &'static str {
        match self {
            Dir::Parameter => "parameter",
            Dir::Request => "request",
            Dir::Response => "response",
        }
    }
}

/// Maps `"{dir}-{suffix}"` to the static rule id.
/// The rule `{dir}-{suffix}` (see [`rules::rule`]).
pub(crate) fn rule(dir: Dir, suffix: &str) -> &'static str {
    rules::rule(dir.prefix(), suffix)
}

pub(crate) struct Differ<'d, 'a> {
    pub(crate) base: &'d Doc<'a>,
    pub(crate) head: &'d Doc<'a>,
    raw: Vec<Raw>,
    /// The label of the operation being compared.
    pub(crate) op: Option<String>,
    /// Schema pairs already compared within this operation (cycles).
    pub(crate) visited: HashSet<(String, String, Dir)>,
}

pub(crate) fn short(value: &Value) -> String {
    match value {
        Value::Null => "none".to_string(),
        Value::String(s) => format!("`{s}`"),
        other => format!("`{other}`"),
    }
}

impl<'d, 'a> Differ<'d, 'a> {
    pub(crate) fn push(
        &mut self,
        rule: &'static str,
        message: String,
        base: Option<String>,
        head: Option<String>,
    ) {
        self.raw.push(Raw {
            rule,
            op: self.op.clone(),
            message,
            base,
            head,
        });
    }

    /// Merges the same change met through several operations, places each
    /// on its lines, and sorts.
    fn finish(self) -> Vec<WireChange> {
        // The same change, met again: found by its key (a linear search
        // made this quadratic in the number of changes).
        let mut merged: Vec<(Raw, BTreeSet<String>)> = Vec::new();
        let mut index: HashMap<MergeKey, usize> = HashMap::new();
        for raw in self.raw {
            let key = (
                raw.rule,
                raw.message.clone(),
                raw.base.clone(),
                raw.head.clone(),
            );
            match index.get(&key) {
                Some(&i) => merged[i].1.extend(raw.op),
                None => {
                    index.insert(key, merged.len());
                    let ops = raw.op.iter().cloned().collect();
                    merged.push((raw, ops));
                }
            }
        }
        let place = |doc: &Doc<'_>, path: Option<String>| {
            path.map(|path| Location {
                line: doc.positions.find(&path).map_or(1, |(line, _)| line),
                path,
            })
        };

        let mut out: Vec<WireChange> = merged
            .into_iter()
            .map(|(raw, ops)| {
                // A removal points into the head where the thing was: its
                // nearest enclosing node that is still there.
                let wanted = raw
                    .head
                    .clone()
                    .or_else(|| raw.base.clone())
                    .unwrap_or_default();
                let head = match self.head.positions.find_with_path(&wanted) {
                    Some((path, line, _)) => Location {
                        path: path.to_string(),
                        line,
                    },
                    None => Location {
                        path: String::new(),
                        line: 1,
                    },
                };
                WireChange {
                    rule: raw.rule,
                    severity: severity(raw.rule),
                    operations: ops.into_iter().collect(),
                    message: raw.message,
                    base: place(self.base, raw.base),
                    head,
                }
            })
            .collect();
        out.sort_by(|a, b| {
            (
                a.severity,
                &a.operations,
                a.rule,
                &a.head,
                &a.base,
                &a.message,
            )
                .cmp(&(
                    b.severity,
                    &b.operations,
                    b.rule,
                    &b.head,
                    &b.base,
                    &b.message,
                ))
        });
        out
    }
}

pub(crate) fn ref_name<'r>(reference: &'r str, kind: &str) -> Option<&'r str> {
    reference.strip_prefix(&format!("#/components/{kind}/"))
}

pub(crate) fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
