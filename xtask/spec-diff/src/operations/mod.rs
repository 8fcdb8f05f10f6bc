//! Operations: matched by method and path (path parameter names ignored),
//! added and removed, and what each compares; `x-ms-pageable`; request
//! bodies (`request_body`).

mod request_body;

use std::collections::BTreeMap;

use openapiv3::{OpenAPI, Operation, Parameter, ReferenceOr};
use serde_json::Value;

use crate::wire::*;
use acs_chat_codegen::model::RetrySafety;
use acs_chat_codegen::model::extensions::RETRYABLE;

pub(crate) const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// An operation with what it inherits from its path.
pub(crate) struct Op<'a> {
    pub(crate) url: &'a str,
    pub(crate) method: &'static str,
    pub(crate) op: &'a Operation,
    pub(crate) path_parameters: &'a [ReferenceOr<Parameter>],
}

impl Op<'_> {
    pub(crate) fn at(&self) -> String {
        format!("paths.{}.{}", self.url, self.method)
    }

    pub(crate) fn label(&self) -> String {
        match &self.op.operation_id {
            Some(id) => format!("{} {} ({id})", self.method.to_uppercase(), self.url),
            None => format!("{} {}", self.method.to_uppercase(), self.url),
        }
    }
}

/// `/a/{id}/b` → `/a/{}/b`: path parameter names do not matter on the wire.
pub(crate) fn route(url: &str) -> String {
    let mut out = String::new();
    let mut in_braces = false;
    for c in url.chars() {
        match c {
            '{' => {
                in_braces = true;
                out.push_str("{}");
            }
            '}' => in_braces = false,
            _ if !in_braces => out.push(c),
            _ => {}
        }
    }
    out
}

pub(crate) fn operations(spec: &OpenAPI) -> BTreeMap<String, Vec<Op<'_>>> {
    let mut out: BTreeMap<String, Vec<Op<'_>>> = BTreeMap::new();
    for (url, item) in &spec.paths.paths {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        let ops = [
            &item.get,
            &item.put,
            &item.post,
            &item.delete,
            &item.options,
            &item.head,
            &item.patch,
            &item.trace,
        ];
        let entry = out.entry(route(url)).or_default();
        for (method, op) in METHODS.into_iter().zip(ops) {
            if let Some(op) = op {
                entry.push(Op {
                    url,
                    method,
                    op,
                    path_parameters: &item.parameters,
                });
            }
        }
    }
    out
}

/// `, sunset <date>` when the operation says when it goes (`x-sunset`).
fn sunset(op: &Op<'_>) -> String {
    match op.op.extensions.get("x-sunset").and_then(Value::as_str) {
        Some(date) => format!(" (sunset {date})"),
        None => String::new(),
    }
}

/// A removed operation that was deprecated: callers were warned.
fn deprecated_removal(op: &Op<'_>) -> Option<(&'static str, String)> {
    op.op.deprecated.then(|| {
        (
            "deprecated-operation-removed",
            format!(
                "Deprecated operation `{}`{} is gone.",
                op.label(),
                sunset(op)
            ),
        )
    })
}

impl<'d, 'a> Differ<'d, 'a> {
    pub(crate) fn operations(&mut self) {
        let base_ops = operations(self.base.spec);
        let head_ops = operations(self.head.spec);
        for (route, ops) in &base_ops {
            match head_ops.get(route) {
                None => {
                    for op in ops {
                        self.op = Some(op.label());
                        if let Some((rule, message)) = deprecated_removal(op) {
                            self.push(rule, message, Some(format!("paths.{}", op.url)), None);
                            continue;
                        }
                        self.push(
                            "path-removed",
                            format!(
                                "Path `{}` is gone, and with it `{}`.",
                                op.url,
                                op.method.to_uppercase()
                            ),
                            Some(format!("paths.{}", op.url)),
                            None,
                        );
                    }
                }
                Some(head_ops) => {
                    for op in ops {
                        match head_ops.iter().find(|h| h.method == op.method) {
                            None => {
                                self.op = Some(op.label());
                                if let Some((rule, message)) = deprecated_removal(op) {
                                    self.push(rule, message, Some(op.at()), None);
                                    continue;
                                }
                                self.push(
                                    "operation-removed",
                                    format!("Operation `{}` is gone.", op.label()),
                                    Some(op.at()),
                                    None,
                                );
                            }
                            Some(h) => self.operation(op, h),
                        }
                    }
                }
            }
        }
        for (route, ops) in &head_ops {
            let base = base_ops.get(route);
            for op in ops {
                if base.is_some_and(|b| b.iter().any(|o| o.method == op.method)) {
                    continue;
                }
                self.op = Some(op.label());
                let (rule, message) = if base.is_none() {
                    ("path-added", format!("New path `{}`.", op.url))
                } else {
                    (
                        "operation-added",
                        format!("New operation `{}`.", op.label()),
                    )
                };
                self.push(rule, message, None, Some(op.at()));
            }
        }
        self.op = None;
    }

    pub(crate) fn operation(&mut self, b: &Op<'a>, h: &Op<'a>) {
        self.op = Some(h.label());
        self.visited.clear();
        if b.op.operation_id != h.op.operation_id {
            let id = |o: &Option<String>| o.clone().unwrap_or_else(|| "(none)".into());
            self.push(
                "operation-id-changed",
                format!(
                    "operationId `{}` became `{}`: the wire is the same, the generated method is renamed.",
                    id(&b.op.operation_id),
                    id(&h.op.operation_id)
                ),
                Some(format!("{}.operationId", b.at())),
                Some(format!("{}.operationId", h.at())),
            );
        }
        if !b.op.deprecated && h.op.deprecated {
            self.push(
                "operation-deprecated",
                format!("Operation `{}` is deprecated{}.", h.label(), sunset(h)),
                Some(format!("{}.deprecated", b.at())),
                Some(format!("{}.deprecated", h.at())),
            );
        }
        self.parameters(b, h);
        self.request_body(b, h);
        self.responses(b, h);
        self.operation_security(b, h);
        self.pageable(b, h);
        self.retry_safety(b, h);
    }

    /// Paging as the generator reads `x-ms-pageable` (defaults filled in:
    /// `nextLinkName: nextLink`, `itemName: value`; `nextLinkName: null` is
    /// a one-page listing). A malformed extension still counts as there;
    /// its raw value is compared.
    pub(crate) fn pageable(&mut self, b: &Op<'_>, h: &Op<'_>) {
        const KEY: &str = acs_chat_codegen::model::extensions::PAGEABLE;
        let paging = |doc: &Doc<'_>, op: &Op<'_>| {
            doc.operation(op.url, op.method)
                .map(|m| m.pageable.clone())
                .unwrap_or(Ok(None))
        };
        let (bp, hp) = (paging(self.base, b), paging(self.head, h));
        let ba = format!("{}.{KEY}", b.at());
        let ha = format!("{}.{KEY}", h.at());
        match (&bp, &hp) {
            (Ok(None), Ok(None)) => {}
            (Ok(None), _) => self.push(
                "pageable-added",
                "The operation became pageable (`x-ms-pageable`).".to_string(),
                None,
                Some(ha),
            ),
            (_, Ok(None)) => self.push(
                "pageable-removed",
                "The operation is no longer pageable (`x-ms-pageable` removed).".to_string(),
                Some(ba),
                Some(h.at()),
            ),
            (Ok(Some(bv)), Ok(Some(hv))) => {
                let link = |p: &acs_chat_codegen::model::Paging| {
                    p.next_link_name.clone().map_or(Value::Null, Value::String)
                };
                let pairs = [
                    ("nextLinkName", link(bv), link(hv)),
                    (
                        "itemName",
                        Value::String(bv.item_name.clone()),
                        Value::String(hv.item_name.clone()),
                    ),
                ];
                for (k, x, y) in pairs {
                    if x != y {
                        self.push(
                            "pageable-changed",
                            format!(
                                "`x-ms-pageable.{k}` changed from {} to {}.",
                                short(&x),
                                short(&y)
                            ),
                            Some(format!("{ba}.{k}")),
                            Some(format!("{ha}.{k}")),
                        );
                    }
                }
            }
            _ => {
                let raw = |op: &Op<'_>| op.op.extensions.get(KEY).cloned().unwrap_or(Value::Null);
                let (x, y) = (raw(b), raw(h));
                if x != y {
                    self.push(
                        "pageable-changed",
                        format!(
                            "`x-ms-pageable` changed from {} to {} (malformed on one side).",
                            short(&x),
                            short(&y)
                        ),
                        Some(ba),
                        Some(ha),
                    );
                }
            }
        }
    }

    /// Whether the generated client may send the operation again after a
    /// time-out or a 5xx, as the model decides it (see
    /// `acs_chat_codegen::model::RetrySafety`).
    pub(crate) fn retry_safety(&mut self, b: &Op<'_>, h: &Op<'_>) {
        let safety = |doc: &Doc<'_>, op: &Op<'_>| {
            doc.operation(op.url, op.method)
                .map(|m| m.retry.clone())
                .unwrap_or(Err("not in the model".to_string()))
        };
        let (bs, hs) = (safety(self.base, b), safety(self.head, h));
        let safe = |s: &Result<RetrySafety, String>| s.as_ref().is_ok_and(|s| s.is_safe());
        if safe(&bs) == safe(&hs) {
            return;
        }
        let place = |op: &Op<'_>| {
            if op.op.extensions.contains_key(RETRYABLE) {
                format!("{}.{RETRYABLE}", op.at())
            } else {
                op.at()
            }
        };
        let (rule, message) = if safe(&hs) {
            (
                "retry-safety-gained",
                format!(
                    "The operation became safe to retry ({}; before: {}): the client now sends it again after a time-out or a 5xx.",
                    describe_safety(&hs),
                    describe_safety(&bs)
                ),
            )
        } else {
            (
                "retry-safety-lost",
                format!(
                    "The operation is no longer safe to retry ({}; before: {}): the client no longer sends it again after a time-out or a 5xx.",
                    describe_safety(&hs),
                    describe_safety(&bs)
                ),
            )
        };
        self.push(rule, message, Some(place(b)), Some(place(h)));
    }
}

/// Why an operation is or is not safe to retry, in a few words.
fn describe_safety(safety: &Result<RetrySafety, String>) -> String {
    match safety {
        Ok(RetrySafety::IdempotentMethod) => "an idempotent HTTP method".to_string(),
        Ok(RetrySafety::RepeatabilityHeader) => {
            "it declares a `repeatability-request-id` header".to_string()
        }
        Ok(RetrySafety::MarkedRetryable) => format!("`{RETRYABLE}: true`"),
        Ok(RetrySafety::MarkedNotRetryable) => format!("`{RETRYABLE}: false`"),
        Ok(RetrySafety::NotSafe) => format!(
            "a POST or PATCH with neither a `repeatability-request-id` header nor `{RETRYABLE}: true`"
        ),
        Err(e) => format!("`{RETRYABLE}` unreadable: {e}"),
    }
}
