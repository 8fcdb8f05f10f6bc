//! Parameters of an operation (inherited from its path, overridden by its
//! own) and client-level parameters of the whole document.

use std::collections::BTreeMap;

use openapiv3::{Parameter, ReferenceOr};
use serde_json::Value;

use crate::operations::{Op, operations};
use crate::wire::*;

/// A parameter as an operation sees it.
pub(crate) struct Param<'a> {
    pub(crate) data: &'a Parameter,
    /// Where the operation or path lists it.
    pub(crate) site: String,
    /// Where it is defined (the component, for a `$ref`).
    pub(crate) def: String,
    /// Client-level, as the generator reads `x-ms-parameter-location`
    /// (a malformed value is not `client`).
    pub(crate) client: bool,
}

impl Param<'_> {
    pub(crate) fn name(&self) -> &str {
        &self.data.parameter_data_ref().name
    }
    pub(crate) fn location(&self) -> &'static str {
        match self.data {
            Parameter::Query { .. } => "query",
            Parameter::Header { .. } => "header",
            Parameter::Path { .. } => "path",
            Parameter::Cookie { .. } => "cookie",
        }
    }
    pub(crate) fn deprecated(&self) -> bool {
        self.data.parameter_data_ref().deprecated == Some(true)
    }
    pub(crate) fn required(&self) -> bool {
        self.data.parameter_data_ref().required
    }
    pub(crate) fn is_client(&self) -> bool {
        self.client
    }
    pub(crate) fn schema(&self) -> Option<Value> {
        match &self.data.parameter_data_ref().format {
            openapiv3::ParameterSchemaOrContent::Schema(s) => serde_json::to_value(s).ok(),
            openapiv3::ParameterSchemaOrContent::Content(_) => None,
        }
    }
    pub(crate) fn describe(&self) -> String {
        format!("parameter `{}` (in: {})", self.name(), self.location())
    }
}

/// The names in a URL template, in order: `/a/{x}/b/{y}` → `[x, y]`.
fn template_names(url: &str) -> Vec<&str> {
    url.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect()
}

/// The parameters of `op`, with what the model says of each.
pub(crate) fn parameters<'a>(doc: &Doc<'a>, op: &Op<'a>) -> Vec<Param<'a>> {
    let spec = doc.spec;
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
            let client = doc
                .model
                .parameter(&site)
                .is_some_and(|p| p.client == Ok(true));
            let param = Param {
                data,
                site,
                def,
                client,
            };
            // An operation's own parameter overrides its path's.
            out.retain(|q| !(q.name() == param.name() && q.location() == param.location()));
            out.push(param);
        }
    }
    out
}

impl<'d, 'a> Differ<'d, 'a> {
    pub(crate) fn parameters(&mut self, b: &Op<'_>, h: &Op<'_>) {
        let bp = parameters(self.base, b);
        let hp = parameters(self.head, h);
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
        let mut still_unmatched = Vec::new();
        for p in unmatched_base {
            // A path parameter at the same place in the URL template is
            // the same value on the wire, whatever its name.
            let slot = |op: &Op<'_>, q: &Param<'_>| {
                (q.location() == "path")
                    .then(|| template_names(op.url).iter().position(|n| *n == q.name()))
                    .flatten()
            };
            let found = slot(b, p).and_then(|at| {
                hp.iter()
                    .enumerate()
                    .position(|(i, q)| !matched_head[i] && slot(h, q) == Some(at))
            });
            match found {
                Some(i) => {
                    matched_head[i] = true;
                    self.push(
                        "path-parameter-renamed",
                        format!(
                            "Path parameter `{}` was renamed `{}`: the URL is the same.",
                            p.name(),
                            hp[i].name()
                        ),
                        Some(p.site.clone()),
                        Some(hp[i].site.clone()),
                    );
                    self.parameter(p, &hp[i]);
                }
                None => still_unmatched.push(p),
            }
        }
        for p in still_unmatched {
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
            let (rule_id, note) = if p.deprecated() {
                ("deprecated-parameter-removed", " (it was deprecated)")
            } else {
                ("parameter-removed", "")
            };
            self.push(
                rule_id,
                format!("{} is gone{note}.", capitalize(&p.describe())),
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

    pub(crate) fn parameter(&mut self, p: &Param<'_>, q: &Param<'_>) {
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
        if !p.deprecated() && q.deprecated() {
            self.push(
                "parameter-deprecated",
                format!("{} is deprecated.", capitalize(&q.describe())),
                Some(p.site.clone()),
                Some(q.site.clone()),
            );
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

    pub(crate) fn client_parameters(&mut self) {
        fn collect<'s>(doc: &Doc<'s>) -> BTreeMap<String, Param<'s>> {
            let mut out = BTreeMap::new();
            for ops in operations(doc.spec).values() {
                for op in ops {
                    for p in parameters(doc, op) {
                        if p.is_client() && !out.contains_key(p.name()) {
                            out.insert(p.name().to_string(), p);
                        }
                    }
                }
            }
            out
        }
        let bc = collect(self.base);
        let hc = collect(self.head);
        let default = |p: &Param<'_>| {
            p.schema()
                .and_then(|s| s.get("default").cloned())
                .unwrap_or(Value::Null)
        };
        // Parameters that turned into per-call ones are reported per operation.
        let still_there = |doc: &Doc<'_>, name: &str| {
            operations(doc.spec)
                .values()
                .flatten()
                .any(|op| parameters(doc, op).iter().any(|p| p.name() == name))
        };
        for (name, p) in &bc {
            match hc.get(name) {
                None if still_there(self.head, name) => {}
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
            if bc.contains_key(name) || still_there(self.base, name) {
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
}
