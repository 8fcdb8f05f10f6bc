//! Wire-level comparison rules: what a caller built against the base spec
//! sees when the service implements the head spec.
//!
//! Operations are matched by method and path (path parameter names do not
//! matter), parameters by name and `in` (then by name alone, to see moves),
//! schemas structurally with `$ref`s resolved, so a renamed component with
//! the same shape is no wire change (it is reported as `schema-renamed`
//! because it renames the generated type). Every rule id, with its
//! classification, is in [`RULES`] (`rules.rs`).

use std::collections::{BTreeMap, BTreeSet, HashSet};

use openapiv3::{OpenAPI, Operation, Parameter, ReferenceOr, RequestBody, Response, StatusCode};
use serde_json::Value;

use super::model::{Location, WireChange};
use super::rules;
pub use super::rules::{RULES, severity};
use acs_chat_codegen::locate::Positions;

/// One side of the comparison: the raw document and where its nodes are.
pub struct Doc<'a> {
    /// The document as written (not normalized by the generator).
    pub spec: &'a OpenAPI,
    /// The document as JSON, for schemas.
    pub json: Value,
    /// Lines of the document's nodes.
    pub positions: Positions,
}

impl<'a> Doc<'a> {
    /// Wraps a parsed document and its text.
    pub fn new(spec: &'a OpenAPI, text: &str) -> Self {
        Doc {
            spec,
            json: serde_json::to_value(spec).unwrap_or(Value::Null),
            positions: Positions::of(text),
        }
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
enum Dir {
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
fn rule(dir: Dir, suffix: &str) -> &'static str {
    rules::rule(dir.prefix(), suffix)
}

struct Differ<'d, 'a> {
    base: &'d Doc<'a>,
    head: &'d Doc<'a>,
    raw: Vec<Raw>,
    /// The label of the operation being compared.
    op: Option<String>,
    /// Schema pairs already compared within this operation (cycles).
    visited: HashSet<(String, String, Dir)>,
}

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// An operation with what it inherits from its path.
struct Op<'a> {
    url: &'a str,
    method: &'static str,
    op: &'a Operation,
    path_parameters: &'a [ReferenceOr<Parameter>],
}

impl Op<'_> {
    fn at(&self) -> String {
        format!("paths.{}.{}", self.url, self.method)
    }

    fn label(&self) -> String {
        match &self.op.operation_id {
            Some(id) => format!("{} {} ({id})", self.method.to_uppercase(), self.url),
            None => format!("{} {}", self.method.to_uppercase(), self.url),
        }
    }
}

/// `/a/{id}/b` → `/a/{}/b`: path parameter names do not matter on the wire.
fn route(url: &str) -> String {
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

fn operations(spec: &OpenAPI) -> BTreeMap<String, Vec<Op<'_>>> {
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

/// A parameter as an operation sees it.
struct Param<'a> {
    data: &'a Parameter,
    /// Where the operation or path lists it.
    site: String,
    /// Where it is defined (the component, for a `$ref`).
    def: String,
}

impl Param<'_> {
    fn name(&self) -> &str {
        &self.data.parameter_data_ref().name
    }
    fn location(&self) -> &'static str {
        match self.data {
            Parameter::Query { .. } => "query",
            Parameter::Header { .. } => "header",
            Parameter::Path { .. } => "path",
            Parameter::Cookie { .. } => "cookie",
        }
    }
    fn required(&self) -> bool {
        self.data.parameter_data_ref().required
    }
    fn is_client(&self) -> bool {
        self.data
            .parameter_data_ref()
            .extensions
            .get("x-ms-parameter-location")
            .and_then(Value::as_str)
            == Some("client")
    }
    fn schema(&self) -> Option<Value> {
        match &self.data.parameter_data_ref().format {
            openapiv3::ParameterSchemaOrContent::Schema(s) => serde_json::to_value(s).ok(),
            openapiv3::ParameterSchemaOrContent::Content(_) => None,
        }
    }
    fn describe(&self) -> String {
        format!("parameter `{}` (in: {})", self.name(), self.location())
    }
}

fn ref_name<'r>(reference: &'r str, kind: &str) -> Option<&'r str> {
    reference.strip_prefix(&format!("#/components/{kind}/"))
}

fn parameters<'a>(spec: &'a OpenAPI, op: &Op<'a>) -> Vec<Param<'a>> {
    let mut out: Vec<Param<'a>> = Vec::new();
    let lists = [
        (op.path_parameters, format!("paths.{}.parameters", op.url)),
        (&op.op.parameters[..], format!("{}.parameters", op.at())),
    ];
    for (list, at) in lists {
        for (i, p) in list.iter().enumerate() {
            let site = format!("{at}.{i}");
            let (data, def) = match p {
                ReferenceOr::Item(p) => (p, site.clone()),
                ReferenceOr::Reference { reference } => {
                    let Some(name) = ref_name(reference, "parameters") else {
                        continue;
                    };
                    let Some(ReferenceOr::Item(p)) = spec
                        .components
                        .as_ref()
                        .and_then(|c| c.parameters.get(name))
                    else {
                        continue;
                    };
                    (p, format!("components.parameters.{name}"))
                }
            };
            let param = Param { data, site, def };
            // An operation's own parameter overrides its path's.
            out.retain(|q| !(q.name() == param.name() && q.location() == param.location()));
            out.push(param);
        }
    }
    out
}

fn is_success(code: &StatusCode) -> bool {
    match code {
        StatusCode::Code(c) => *c < 400,
        StatusCode::Range(r) => *r < 4,
    }
}

fn status_name(code: &StatusCode) -> String {
    match code {
        StatusCode::Code(c) => c.to_string(),
        StatusCode::Range(r) => format!("{r}XX"),
    }
}

/// Security of an operation as a set of alternatives, each a set of
/// scheme names with scopes; no security is one empty alternative.
type Alternatives = BTreeSet<BTreeMap<String, Vec<String>>>;

fn security(spec: &OpenAPI, op: &Op<'_>) -> (Alternatives, String) {
    let (list, at) = match &op.op.security {
        Some(list) => (Some(list), format!("{}.security", op.at())),
        None => (spec.security.as_ref(), "security".to_string()),
    };
    let mut alternatives: Alternatives = list
        .into_iter()
        .flatten()
        .map(|req| {
            req.iter()
                .map(|(k, v)| {
                    let mut v = v.clone();
                    v.sort();
                    (k.clone(), v)
                })
                .collect()
        })
        .collect();
    if alternatives.is_empty() {
        alternatives.insert(BTreeMap::new());
    }
    (alternatives, at)
}

fn describe_alternative(alt: &BTreeMap<String, Vec<String>>) -> String {
    if alt.is_empty() {
        return "no authentication".to_string();
    }
    alt.iter()
        .map(|(k, scopes)| {
            if scopes.is_empty() {
                format!("`{k}`")
            } else {
                format!("`{k}` ({})", scopes.join(", "))
            }
        })
        .collect::<Vec<_>>()
        .join(" + ")
}

fn short(value: &Value) -> String {
    match value {
        Value::Null => "none".to_string(),
        Value::String(s) => format!("`{s}`"),
        other => format!("`{other}`"),
    }
}

impl<'d, 'a> Differ<'d, 'a> {
    fn push(
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

    fn operations(&mut self) {
        let base_ops = operations(self.base.spec);
        let head_ops = operations(self.head.spec);
        for (route, ops) in &base_ops {
            match head_ops.get(route) {
                None => {
                    for op in ops {
                        self.op = Some(op.label());
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

    fn operation(&mut self, b: &Op<'a>, h: &Op<'a>) {
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
        self.parameters(b, h);
        self.request_body(b, h);
        self.responses(b, h);
        self.operation_security(b, h);
        self.pageable(b, h);
    }

    fn parameters(&mut self, b: &Op<'_>, h: &Op<'_>) {
        let bp = parameters(self.base.spec, b);
        let hp = parameters(self.head.spec, h);
        let same =
            |x: &Param<'_>, y: &Param<'_>| x.name() == y.name() && x.location() == y.location();
        let mut matched_head = vec![false; hp.len()];
        let mut unmatched_base = Vec::new();
        for p in &bp {
            match hp.iter().position(|q| same(p, q)) {
                Some(i) => {
                    matched_head[i] = true;
                    self.parameter(p, &hp[i]);
                }
                None => unmatched_base.push(p),
            }
        }
        for p in unmatched_base {
            // Same name elsewhere: moved.
            if let Some(i) = hp
                .iter()
                .enumerate()
                .position(|(i, q)| !matched_head[i] && q.name() == p.name())
            {
                matched_head[i] = true;
                let q = &hp[i];
                if p.is_client() && q.is_client() {
                    continue; // reported once, as `client-parameter-moved`
                }
                self.push(
                    "parameter-moved",
                    format!(
                        "Parameter `{}` moved from {} to {}.",
                        p.name(),
                        p.location(),
                        q.location()
                    ),
                    Some(p.site.clone()),
                    Some(q.site.clone()),
                );
                self.parameter(p, q);
                continue;
            }
            if p.is_client() {
                continue; // see `client_parameters`
            }
            self.push(
                "parameter-removed",
                format!("{} is gone.", capitalize(&p.describe())),
                Some(p.site.clone()),
                None,
            );
        }
        for (i, q) in hp.iter().enumerate() {
            if matched_head[i] || q.is_client() {
                continue;
            }
            let (rule, what) = if q.required() {
                ("parameter-added-required", "required")
            } else {
                ("parameter-added-optional", "optional")
            };
            self.push(
                rule,
                format!("New {what} {}.", q.describe()),
                None,
                Some(q.site.clone()),
            );
        }
    }

    fn parameter(&mut self, p: &Param<'_>, q: &Param<'_>) {
        match (p.is_client(), q.is_client()) {
            (false, true) => {
                self.push(
                    "parameter-moved-to-client",
                    format!(
                        "{} became client-level: set once on the client, no longer per call.",
                        capitalize(&q.describe())
                    ),
                    Some(p.site.clone()),
                    Some(q.site.clone()),
                );
                return;
            }
            (true, false) => {
                self.push(
                    "parameter-moved-to-method",
                    format!(
                        "{} is no longer client-level: it is set on each call{}.",
                        capitalize(&q.describe()),
                        if q.required() { " and required" } else { "" }
                    ),
                    Some(p.site.clone()),
                    Some(q.site.clone()),
                );
                return;
            }
            (true, true) => return, // see `client_parameters`
            (false, false) => {}
        }
        match (p.required(), q.required()) {
            (false, true) => self.push(
                "parameter-became-required",
                format!("{} became required.", capitalize(&q.describe())),
                Some(p.site.clone()),
                Some(q.site.clone()),
            ),
            (true, false) => self.push(
                "parameter-became-optional",
                format!("{} became optional.", capitalize(&q.describe())),
                Some(p.site.clone()),
                Some(q.site.clone()),
            ),
            _ => {}
        }
        if let (Some(bs), Some(hs)) = (p.schema(), q.schema()) {
            self.schema(
                &bs,
                &hs,
                format!("{}.schema", p.def),
                format!("{}.schema", q.def),
                Dir::Parameter,
                &q.describe(),
            );
        }
    }

    fn request_body(&mut self, b: &Op<'a>, h: &Op<'a>) {
        let resolve = |spec: &'a OpenAPI, op: &Op<'a>| -> Option<(&'a RequestBody, String)> {
            match op.op.request_body.as_ref()? {
                ReferenceOr::Item(body) => Some((body, format!("{}.requestBody", op.at()))),
                ReferenceOr::Reference { reference } => {
                    let name = ref_name(reference, "requestBodies")?;
                    match spec.components.as_ref()?.request_bodies.get(name)? {
                        ReferenceOr::Item(body) => {
                            Some((body, format!("components.requestBodies.{name}")))
                        }
                        ReferenceOr::Reference { .. } => None,
                    }
                }
            }
        };
        match (resolve(self.base.spec, b), resolve(self.head.spec, h)) {
            (None, None) => {}
            (None, Some((body, at))) => {
                let (rule, what) = if body.required {
                    ("request-body-added-required", "required")
                } else {
                    ("request-body-added-optional", "optional")
                };
                self.push(rule, format!("New {what} request body."), None, Some(at));
            }
            (Some((_, at)), None) => {
                self.push(
                    "request-body-removed",
                    "The request body is gone.".to_string(),
                    Some(at),
                    None,
                );
            }
            (Some((bb, ba)), Some((hb, ha))) => {
                match (bb.required, hb.required) {
                    (false, true) => self.push(
                        "request-body-became-required",
                        "The request body became required.".to_string(),
                        Some(ba.clone()),
                        Some(ha.clone()),
                    ),
                    (true, false) => self.push(
                        "request-body-became-optional",
                        "The request body became optional.".to_string(),
                        Some(ba.clone()),
                        Some(ha.clone()),
                    ),
                    _ => {}
                }
                self.content(
                    &bb.content,
                    &hb.content,
                    &format!("{ba}.content"),
                    &format!("{ha}.content"),
                    Dir::Request,
                    "the request body",
                );
            }
        }
    }

    fn content(
        &mut self,
        b: &indexmap::IndexMap<String, openapiv3::MediaType>,
        h: &indexmap::IndexMap<String, openapiv3::MediaType>,
        ba: &str,
        ha: &str,
        dir: Dir,
        what: &str,
    ) {
        for (media, bm) in b {
            let Some(hm) = h.get(media) else {
                self.push(
                    rule(dir, "media-type-removed"),
                    format!("Media type `{media}` of {what} is gone."),
                    Some(format!("{ba}.{media}")),
                    Some(ha.to_string()),
                );
                continue;
            };
            if let (Some(bs), Some(hs)) = (&bm.schema, &hm.schema) {
                let bs = serde_json::to_value(bs).unwrap_or(Value::Null);
                let hs = serde_json::to_value(hs).unwrap_or(Value::Null);
                self.schema(
                    &bs,
                    &hs,
                    format!("{ba}.{media}.schema"),
                    format!("{ha}.{media}.schema"),
                    dir,
                    what,
                );
            }
        }
        for media in h.keys() {
            if !b.contains_key(media) {
                self.push(
                    rule(dir, "media-type-added"),
                    format!("{} can be `{media}`.", capitalize(what)),
                    Some(ba.to_string()),
                    Some(format!("{ha}.{media}")),
                );
            }
        }
    }

    fn responses(&mut self, b: &Op<'a>, h: &Op<'a>) {
        let list = |op: &Op<'a>| -> Vec<(Option<StatusCode>, &'a ReferenceOr<Response>)> {
            let mut v: Vec<_> = op
                .op
                .responses
                .responses
                .iter()
                .map(|(c, r)| (Some(c.clone()), r))
                .collect();
            if let Some(d) = &op.op.responses.default {
                v.push((None, d));
            }
            v
        };
        let name = |c: &Option<StatusCode>| c.as_ref().map_or("default".to_string(), status_name);
        let success = |c: &Option<StatusCode>| c.as_ref().is_some_and(is_success);
        let bl = list(b);
        let hl = list(h);
        for (code, br) in &bl {
            let n = name(code);
            let ba = format!("{}.responses.{n}", b.at());
            let ha = format!("{}.responses.{n}", h.at());
            match hl.iter().find(|(c, _)| c == code) {
                None => {
                    let rule = if success(code) {
                        "response-success-status-removed"
                    } else {
                        "response-error-status-removed"
                    };
                    self.push(
                        rule,
                        format!("Response `{n}` is gone."),
                        Some(ba),
                        Some(format!("{}.responses", h.at())),
                    );
                }
                Some((_, hr)) => {
                    let (Some((br, ba)), Some((hr, ha))) = (
                        self.resolve_response(self.base.spec, br, ba),
                        self.resolve_response(self.head.spec, hr, ha),
                    ) else {
                        continue;
                    };
                    // A shared response is named once, whichever status uses it.
                    let what = match ha.strip_prefix("components.responses.") {
                        Some(name) => format!("response `{name}`"),
                        None => format!("response `{n}`"),
                    };
                    match (br.content.is_empty(), hr.content.is_empty()) {
                        (true, false) => self.push(
                            "response-body-added",
                            format!("{} now has a body.", capitalize(&what)),
                            Some(ba.clone()),
                            Some(format!("{ha}.content")),
                        ),
                        (false, true) => self.push(
                            "response-body-removed",
                            format!("{} no longer has a body.", capitalize(&what)),
                            Some(format!("{ba}.content")),
                            Some(ha.clone()),
                        ),
                        _ => self.content(
                            &br.content,
                            &hr.content,
                            &format!("{ba}.content"),
                            &format!("{ha}.content"),
                            Dir::Response,
                            &what,
                        ),
                    }
                }
            }
        }
        for (code, _) in &hl {
            if bl.iter().any(|(c, _)| c == code) {
                continue;
            }
            let n = name(code);
            let rule = if success(code) {
                "response-success-status-added"
            } else {
                "response-error-status-added"
            };
            self.push(
                rule,
                format!("New response `{n}`."),
                Some(format!("{}.responses", b.at())),
                Some(format!("{}.responses.{n}", h.at())),
            );
        }
    }

    fn resolve_response<'s>(
        &self,
        spec: &'s OpenAPI,
        r: &'s ReferenceOr<Response>,
        at: String,
    ) -> Option<(&'s Response, String)> {
        match r {
            ReferenceOr::Item(r) => Some((r, at)),
            ReferenceOr::Reference { reference } => {
                let name = ref_name(reference, "responses")?;
                match spec.components.as_ref()?.responses.get(name)? {
                    ReferenceOr::Item(r) => Some((r, format!("components.responses.{name}"))),
                    ReferenceOr::Reference { .. } => None,
                }
            }
        }
    }

    fn operation_security(&mut self, b: &Op<'_>, h: &Op<'_>) {
        let (ba, bat) = security(self.base.spec, b);
        let (ha, hat) = security(self.head.spec, h);
        for alt in ba.difference(&ha) {
            self.push(
                "security-alternative-removed",
                format!(
                    "Calling with {} is no longer accepted.",
                    describe_alternative(alt)
                ),
                Some(bat.clone()),
                Some(hat.clone()),
            );
        }
        for alt in ha.difference(&ba) {
            self.push(
                "security-alternative-added",
                format!(
                    "Calling with {} is now accepted.",
                    describe_alternative(alt)
                ),
                Some(bat.clone()),
                Some(hat.clone()),
            );
        }
    }

    fn pageable(&mut self, b: &Op<'_>, h: &Op<'_>) {
        const KEY: &str = "x-ms-pageable";
        let bp = b.op.extensions.get(KEY);
        let hp = h.op.extensions.get(KEY);
        let ba = format!("{}.{KEY}", b.at());
        let ha = format!("{}.{KEY}", h.at());
        let field = |v: &Value, k: &str, default: &str| -> Value {
            v.get(k)
                .cloned()
                .unwrap_or_else(|| Value::String(default.into()))
        };
        match (bp, hp) {
            (None, Some(_)) => self.push(
                "pageable-added",
                "The operation became pageable (`x-ms-pageable`).".to_string(),
                None,
                Some(ha),
            ),
            (Some(_), None) => self.push(
                "pageable-removed",
                "The operation is no longer pageable (`x-ms-pageable` removed).".to_string(),
                Some(ba),
                Some(h.at()),
            ),
            (Some(bv), Some(hv)) => {
                for (k, default) in [("nextLinkName", "nextLink"), ("itemName", "value")] {
                    let (x, y) = (field(bv, k, default), field(hv, k, default));
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
            (None, None) => {}
        }
    }

    /// Client-level parameters of the whole document, by name.
    fn client_parameters(&mut self) {
        fn collect<'s>(spec: &'s OpenAPI) -> BTreeMap<String, Param<'s>> {
            let mut out = BTreeMap::new();
            for ops in operations(spec).values() {
                for op in ops {
                    for p in parameters(spec, op) {
                        if p.is_client() && !out.contains_key(p.name()) {
                            out.insert(p.name().to_string(), p);
                        }
                    }
                }
            }
            out
        }
        let bc = collect(self.base.spec);
        let hc = collect(self.head.spec);
        let default = |p: &Param<'_>| {
            p.schema()
                .and_then(|s| s.get("default").cloned())
                .unwrap_or(Value::Null)
        };
        // Parameters that turned into per-call ones are reported per operation.
        let still_there = |spec: &OpenAPI, name: &str| {
            operations(spec)
                .values()
                .flatten()
                .any(|op| parameters(spec, op).iter().any(|p| p.name() == name))
        };
        for (name, p) in &bc {
            match hc.get(name) {
                None if still_there(self.head.spec, name) => {}
                None => self.push(
                    "client-parameter-removed",
                    format!("Client-level {} is gone.", p.describe()),
                    Some(p.def.clone()),
                    None,
                ),
                Some(q) => {
                    if p.location() != q.location() {
                        self.push(
                            "client-parameter-moved",
                            format!(
                                "Client-level parameter `{name}` moved from {} to {}.",
                                p.location(),
                                q.location()
                            ),
                            Some(p.def.clone()),
                            Some(q.def.clone()),
                        );
                    }
                    let (x, y) = (default(p), default(q));
                    if x != y {
                        self.push(
                            "client-parameter-default-changed",
                            format!(
                                "The default of client-level parameter `{name}` changed from {} to {}.",
                                short(&x),
                                short(&y)
                            ),
                            Some(format!("{}.schema.default", p.def)),
                            Some(format!("{}.schema.default", q.def)),
                        );
                    }
                }
            }
        }
        for (name, q) in &hc {
            if bc.contains_key(name) || still_there(self.base.spec, name) {
                continue;
            }
            self.push(
                "client-parameter-added",
                format!(
                    "New client-level {}, default {}.",
                    q.describe(),
                    short(&default(q))
                ),
                None,
                Some(q.def.clone()),
            );
        }
    }

    fn security_schemes(&mut self) {
        let schemes = |spec: &OpenAPI| -> BTreeMap<String, Value> {
            spec.components
                .iter()
                .flat_map(|c| c.security_schemes.iter())
                .map(|(k, v)| {
                    let mut v = serde_json::to_value(v).unwrap_or(Value::Null);
                    if let Value::Object(m) = &mut v {
                        m.remove("description");
                    }
                    (k.clone(), v)
                })
                .collect()
        };
        let bs = schemes(self.base.spec);
        let hs = schemes(self.head.spec);
        let at = |k: &str| format!("components.securitySchemes.{k}");
        for (k, v) in &bs {
            match hs.get(k) {
                None => self.push(
                    "security-scheme-removed",
                    format!("Security scheme `{k}` is gone."),
                    Some(at(k)),
                    None,
                ),
                Some(w) if w != v => self.push(
                    "security-scheme-changed",
                    format!("Security scheme `{k}` changed from `{v}` to `{w}`."),
                    Some(at(k)),
                    Some(at(k)),
                ),
                Some(_) => {}
            }
        }
        for k in hs.keys() {
            if !bs.contains_key(k) {
                self.push(
                    "security-scheme-added",
                    format!("New security scheme `{k}`."),
                    None,
                    Some(at(k)),
                );
            }
        }
    }

    fn component_schemas(&mut self) {
        let schemas = |doc: &Doc<'_>| -> BTreeMap<String, Value> {
            doc.json
                .pointer("/components/schemas")
                .and_then(Value::as_object)
                .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
                .unwrap_or_default()
        };
        let bs = schemas(self.base);
        let hs = schemas(self.head);
        let removed: Vec<&String> = bs.keys().filter(|k| !hs.contains_key(*k)).collect();
        let mut added: Vec<&String> = hs.keys().filter(|k| !bs.contains_key(*k)).collect();
        let at = |k: &str| format!("components.schemas.{k}");
        for name in removed {
            let shape = shape(&bs[name], name);
            if let Some(i) = added.iter().position(|n| shape == self::shape(&hs[*n], n)) {
                let new = added.remove(i);
                self.push(
                    "schema-renamed",
                    format!(
                        "Schema `{name}` was renamed `{new}` (same shape): the wire is the same, the generated type is renamed."
                    ),
                    Some(at(name)),
                    Some(at(new)),
                );
            } else {
                self.push(
                    "schema-removed",
                    format!("Schema `{name}` is gone."),
                    Some(at(name)),
                    None,
                );
            }
        }
        for name in added {
            self.push(
                "schema-added",
                format!("New schema `{name}`."),
                None,
                Some(at(name)),
            );
        }
    }

    /// Resolves a `$ref` to a component schema: the schema and its path.
    fn resolve(doc: &Doc<'_>, schema: &Value, at: String) -> (Value, String) {
        let mut schema = schema.clone();
        let mut at = at;
        for _ in 0..16 {
            let Some(reference) = schema.get("$ref").and_then(Value::as_str) else {
                break;
            };
            let Some(name) = ref_name(reference, "schemas") else {
                break;
            };
            let Some(target) = doc.json.pointer(&format!(
                "/components/schemas/{}",
                name.replace('~', "~0").replace('/', "~1")
            )) else {
                break;
            };
            at = format!("components.schemas.{name}");
            schema = target.clone();
        }
        (schema, at)
    }

    /// Compares two schemas met in direction `dir`; `what` names the thing
    /// in messages (`parameter \`skip\` (in: query)`).
    fn schema(&mut self, b: &Value, h: &Value, ba: String, ha: String, dir: Dir, what: &str) {
        let (b, ba) = Self::resolve(self.base, b, ba);
        let (h, ha) = Self::resolve(self.head, h, ha);
        if !self.visited.insert((ba.clone(), ha.clone(), dir)) {
            return;
        }
        // A component is named the same whichever way it was reached, so
        // that one change met through several operations is merged.
        let component = ha
            .strip_prefix("components.schemas.")
            .filter(|n| !n.contains('.'))
            .map(|n| format!("schema `{n}`"));
        let what = component.as_deref().unwrap_or(what);
        let here = (Some(ba.clone()), Some(ha.clone()));
        let push = |d: &mut Self, suffix: &str, message: String| {
            d.push(rule(dir, suffix), message, here.0.clone(), here.1.clone());
        };
        let what_c = capitalize(what);

        // Type.
        let ty = |s: &Value| s.get("type").and_then(Value::as_str).map(str::to_string);
        if let (Some(x), Some(y)) = (ty(&b), ty(&h))
            && x != y
        {
            push(
                self,
                "type-changed",
                format!("The type of {what} changed from `{x}` to `{y}`."),
            );
            return;
        }
        for key in ["allOf", "oneOf", "anyOf", "not", "additionalProperties"] {
            if b.get(key) != h.get(key) {
                push(
                    self,
                    "schema-changed",
                    format!("`{key}` of {what} changed; review by hand."),
                );
            }
        }
        // Format.
        if b.get("format") != h.get("format") {
            let f = |s: &Value| s.get("format").cloned().unwrap_or(Value::Null);
            push(
                self,
                "format-changed",
                format!(
                    "The format of {what} changed from {} to {}.",
                    short(&f(&b)),
                    short(&f(&h))
                ),
            );
        }
        // Nullable.
        let nullable = |s: &Value| s.get("nullable").and_then(Value::as_bool).unwrap_or(false);
        match (nullable(&b), nullable(&h)) {
            (false, true) => push(
                self,
                "became-nullable",
                format!("{what_c} may now be null."),
            ),
            (true, false) => push(
                self,
                "became-non-nullable",
                format!("{what_c} is no longer nullable."),
            ),
            _ => {}
        }
        // Enum.
        self.enumeration(&b, &h, &ba, &ha, dir, what);
        // Default.
        if b.get("default") != h.get("default") {
            let f = |s: &Value| s.get("default").cloned().unwrap_or(Value::Null);
            push(
                self,
                "default-changed",
                format!(
                    "The default of {what} changed from {} to {}.",
                    short(&f(&b)),
                    short(&f(&h))
                ),
            );
        }
        // Constraints.
        let (tightened, loosened) = constraints(&b, &h);
        if !tightened.is_empty() {
            push(
                self,
                "constraint-tightened",
                format!("Constraints of {what} tightened: {}.", tightened.join(", ")),
            );
        }
        if !loosened.is_empty() {
            push(
                self,
                "constraint-loosened",
                format!("Constraints of {what} loosened: {}.", loosened.join(", ")),
            );
        }
        // Properties.
        self.properties(&b, &h, &ba, &ha, dir, what);
        // Items.
        if let (Some(bi), Some(hi)) = (b.get("items"), h.get("items")) {
            self.schema(
                bi,
                hi,
                format!("{ba}.items"),
                format!("{ha}.items"),
                dir,
                &format!("the items of {what}"),
            );
        }
    }

    fn enumeration(&mut self, b: &Value, h: &Value, ba: &str, ha: &str, dir: Dir, what: &str) {
        let values = |s: &Value| -> Option<BTreeSet<String>> {
            s.get("enum")
                .and_then(Value::as_array)
                .map(|a| a.iter().map(short).collect())
        };
        let extensible = |s: &Value| {
            s.pointer("/x-ms-enum/modelAsString")
                .and_then(Value::as_bool)
                .unwrap_or(false)
        };
        let here = (Some(ba.to_string()), Some(ha.to_string()));
        let (bx, hx) = (extensible(b), extensible(h));
        if b.get("enum").is_some() || h.get("enum").is_some() {
            match (bx, hx) {
                (false, true) => self.push(
                    "enum-became-extensible",
                    format!(
                        "The enum of {what} became extensible (`x-ms-enum.modelAsString: true`)."
                    ),
                    here.0.clone(),
                    here.1.clone(),
                ),
                (true, false) if dir != Dir::Parameter => self.push(
                    rule(dir, "enum-became-closed"),
                    format!("The enum of {what} is no longer extensible."),
                    here.0.clone(),
                    here.1.clone(),
                ),
                _ => {}
            }
        }
        let (bv, hv) = (values(b), values(h));
        let (removed, added): (Vec<String>, Vec<String>) = match (&bv, &hv) {
            (Some(x), Some(y)) => (
                x.difference(y).cloned().collect(),
                y.difference(x).cloned().collect(),
            ),
            // An enum appeared: every other value is now out.
            (None, Some(_)) => (vec!["any value not listed".to_string()], vec![]),
            (Some(_), None) => (vec![], vec!["any value".to_string()]),
            (None, None) => (vec![], vec![]),
        };
        if !removed.is_empty() {
            self.push(
                rule(dir, "enum-narrowed"),
                format!("The enum of {what} lost {}.", removed.join(", ")),
                here.0.clone(),
                here.1.clone(),
            );
        }
        if !added.is_empty() {
            let suffix = if dir == Dir::Response && hx {
                "extensible-enum-widened"
            } else {
                "enum-widened"
            };
            self.push(
                rule(dir, suffix),
                format!("The enum of {what} gained {}.", added.join(", ")),
                here.0,
                here.1,
            );
        }
    }

    fn properties(&mut self, b: &Value, h: &Value, ba: &str, ha: &str, dir: Dir, owner: &str) {
        if b.get("properties").is_none() && h.get("properties").is_none() {
            return;
        }
        let props = |s: &Value| {
            s.get("properties")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default()
        };
        self.property_sets(b, h, &props(b), &props(h), ba, ha, dir, owner);
    }

    #[allow(clippy::too_many_arguments)]
    fn property_sets(
        &mut self,
        b: &Value,
        h: &Value,
        bp: &serde_json::Map<String, Value>,
        hp: &serde_json::Map<String, Value>,
        ba: &str,
        ha: &str,
        dir: Dir,
        owner: &str,
    ) {
        let required = |s: &Value| -> BTreeSet<String> {
            s.get("required")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default()
        };
        let (br, hr) = (required(b), required(h));
        // readOnly properties are never sent, writeOnly never received.
        let skip = |v: &Value| match dir {
            Dir::Request | Dir::Parameter => v.get("readOnly") == Some(&Value::Bool(true)),
            Dir::Response => v.get("writeOnly") == Some(&Value::Bool(true)),
        };
        let pa = |side: &str, name: &str| format!("{side}.properties.{name}");
        let mut names: BTreeSet<&String> = bp.keys().collect();
        names.extend(hp.keys());
        for name in names {
            let what = format!(
                "property `{name}` of {}",
                owner.trim_start_matches("schema ")
            );
            match (bp.get(name), hp.get(name)) {
                (Some(x), None) => {
                    if skip(x) {
                        continue;
                    }
                    self.push(
                        rule(dir, "property-removed"),
                        format!("{} is gone.", capitalize(&what)),
                        Some(pa(ba, name)),
                        Some(ha.to_string()),
                    );
                }
                (None, Some(y)) => {
                    if skip(y) {
                        continue;
                    }
                    let (suffix, how) = match (dir, hr.contains(name)) {
                        (Dir::Response, _) => ("property-added", "New"),
                        (_, true) => ("property-added-required", "New required"),
                        (_, false) => ("property-added-optional", "New optional"),
                    };
                    self.push(
                        rule(dir, suffix),
                        format!("{how} {what}."),
                        Some(ba.to_string()),
                        Some(pa(ha, name)),
                    );
                }
                (Some(x), Some(y)) => {
                    if !(skip(x) && skip(y)) {
                        match (br.contains(name), hr.contains(name)) {
                            (false, true) => self.push(
                                rule(dir, "property-became-required"),
                                format!("{} became required.", capitalize(&what)),
                                Some(pa(ba, name)),
                                Some(pa(ha, name)),
                            ),
                            (true, false) => self.push(
                                rule(dir, "property-became-optional"),
                                format!("{} became optional.", capitalize(&what)),
                                Some(pa(ba, name)),
                                Some(pa(ha, name)),
                            ),
                            _ => {}
                        }
                    }
                    self.schema(x, y, pa(ba, name), pa(ha, name), dir, &what);
                }
                (None, None) => {}
            }
        }
    }

    /// Merges the same change met through several operations, places each
    /// on its lines, and sorts.
    fn finish(self) -> Vec<WireChange> {
        let mut merged: Vec<(Raw, BTreeSet<String>)> = Vec::new();
        for raw in self.raw {
            let found = merged.iter_mut().find(|(m, _)| {
                m.rule == raw.rule
                    && m.message == raw.message
                    && m.base == raw.base
                    && m.head == raw.head
            });
            match found {
                Some((_, ops)) => ops.extend(raw.op),
                None => {
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

/// A schema's shape for rename detection: without descriptions, examples
/// and its own enum name.
fn shape(schema: &Value, _name: &str) -> Value {
    fn strip(v: &Value) -> Value {
        match v {
            Value::Object(m) => Value::Object(
                m.iter()
                    .filter(|(k, _)| !matches!(k.as_str(), "description" | "example" | "title"))
                    .map(|(k, v)| {
                        if k == "x-ms-enum"
                            && let Value::Object(e) = v
                        {
                            let mut e = e.clone();
                            e.remove("name");
                            return (k.clone(), Value::Object(e));
                        }
                        (k.clone(), strip(v))
                    })
                    .collect(),
            ),
            Value::Array(a) => Value::Array(a.iter().map(strip).collect()),
            other => other.clone(),
        }
    }
    strip(schema)
}

/// Constraint changes as (tightened, loosened) descriptions.
fn constraints(b: &Value, h: &Value) -> (Vec<String>, Vec<String>) {
    let mut tightened = Vec::new();
    let mut loosened = Vec::new();
    let num = |s: &Value, k: &str| s.get(k).and_then(Value::as_f64);
    let show = |v: Option<f64>| v.map_or("none".to_string(), |v| v.to_string());
    // Upper bounds: lower or new is tighter.
    for key in ["maximum", "maxLength", "maxItems", "maxProperties"] {
        let (x, y) = (num(b, key), num(h, key));
        let change = format!("`{key}` {} → {}", show(x), show(y));
        match (x, y) {
            (None, Some(_)) => tightened.push(change),
            (Some(_), None) => loosened.push(change),
            (Some(x), Some(y)) if y < x => tightened.push(change),
            (Some(x), Some(y)) if y > x => loosened.push(change),
            _ => {}
        }
    }
    // Lower bounds: higher or new is tighter.
    for key in ["minimum", "minLength", "minItems", "minProperties"] {
        let (x, y) = (num(b, key), num(h, key));
        let change = format!("`{key}` {} → {}", show(x), show(y));
        match (x, y) {
            (None, Some(y)) if y > 0.0 => tightened.push(change),
            (Some(x), None) if x > 0.0 => loosened.push(change),
            (Some(x), Some(y)) if y > x => tightened.push(change),
            (Some(x), Some(y)) if y < x => loosened.push(change),
            _ => {}
        }
    }
    for key in ["exclusiveMinimum", "exclusiveMaximum", "uniqueItems"] {
        let flag = |s: &Value| s.get(key).and_then(Value::as_bool).unwrap_or(false);
        match (flag(b), flag(h)) {
            (false, true) => tightened.push(format!("`{key}` set")),
            (true, false) => loosened.push(format!("`{key}` unset")),
            _ => {}
        }
    }
    for key in ["pattern", "multipleOf"] {
        let (x, y) = (b.get(key), h.get(key));
        match (x, y) {
            (None, Some(y)) => tightened.push(format!("`{key}` {} added", short(y))),
            (Some(x), None) => loosened.push(format!("`{key}` {} removed", short(x))),
            (Some(x), Some(y)) if x != y => {
                tightened.push(format!("`{key}` {} → {}", short(x), short(y)))
            }
            _ => {}
        }
    }
    (tightened, loosened)
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
