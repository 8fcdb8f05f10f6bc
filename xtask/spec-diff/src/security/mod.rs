//! Security: per-operation alternatives and the schemes of the document.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::OpenAPI;
use serde_json::Value;

use crate::operations::Op;
use crate::wire::*;

/// Security of an operation as a set of alternatives, each a set of
/// scheme names with scopes; no security is one empty alternative.
pub(crate) type Alternatives = BTreeSet<BTreeMap<String, Vec<String>>>;

pub(crate) fn security(spec: &OpenAPI, op: &Op<'_>) -> (Alternatives, String) {
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

pub(crate) fn describe_alternative(alt: &BTreeMap<String, Vec<String>>) -> String {
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

impl<'d, 'a> Differ<'d, 'a> {
    pub(crate) fn operation_security(&mut self, b: &Op<'_>, h: &Op<'_>) {
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

    pub(crate) fn security_schemes(&mut self) {
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
}
