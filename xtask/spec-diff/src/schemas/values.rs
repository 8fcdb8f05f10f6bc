//! Values of a schema: its enum and its constraints (bounds, lengths,
//! patterns).

use std::collections::BTreeSet;

use serde_json::Value;

use crate::wire::*;

impl<'d, 'a> Differ<'d, 'a> {
    pub(crate) fn enumeration(
        &mut self,
        b: &Value,
        h: &Value,
        ba: &str,
        ha: &str,
        dir: Dir,
        what: &str,
    ) {
        let values = |s: &Value| -> Option<BTreeSet<String>> {
            s.get("enum")
                .and_then(Value::as_array)
                .map(|a| a.iter().map(short).collect())
        };
        let here = (Some(ba.to_string()), Some(ha.to_string()));
        let (bx, hx) = (
            self.base.is_extensible_enum(ba),
            self.head.is_extensible_enum(ha),
        );
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
}

/// Constraint changes, described.
#[derive(Default)]
pub(crate) struct Constraints {
    /// Now reject values accepted before.
    pub(crate) tightened: Vec<String>,
    /// Now accept more values.
    pub(crate) loosened: Vec<String>,
    /// Changed in a way that cannot be ordered (two different patterns).
    pub(crate) changed: Vec<String>,
}

/// Whether a pattern matches every string: `.*`, `^(?:.*)$`, `^[\s\S]*$`
/// and the like say nothing, like no pattern at all.
pub(crate) fn matches_anything(pattern: &str) -> bool {
    let mut p = pattern.trim();
    p = p.strip_prefix('^').unwrap_or(p);
    p = p.strip_suffix('$').unwrap_or(p);
    loop {
        let inner = p
            .strip_prefix("(?:")
            .or_else(|| p.strip_prefix('('))
            .and_then(|q| q.strip_suffix(')'));
        match inner {
            Some(q) => p = q,
            None => break,
        }
    }
    matches!(
        p,
        "" | ".*" | "[\\s\\S]*" | "[\\S\\s]*" | "[^]*" | "(.|\\n)*"
    )
}

/// Whether `wider` accepts everything `narrower` does because it is
/// `narrower` or something else: `^(?:a)$` → `^(?:a|b)$`, `a` → `a|b`.
fn alternation_of(narrower: &str, wider: &str) -> bool {
    let core = |p: &str| {
        let p = p.trim();
        let p = p.strip_prefix('^').unwrap_or(p);
        let p = p.strip_suffix('$').unwrap_or(p);
        let p = p
            .strip_prefix("(?:")
            .or_else(|| p.strip_prefix('('))
            .and_then(|q| q.strip_suffix(')'))
            .unwrap_or(p);
        p.to_string()
    };
    let (n, w) = (core(narrower), core(wider));
    !n.contains('|') && w.split('|').any(|alt| alt == n) && w.split('|').count() > 1
}

/// Constraint changes between two schemas.
pub(crate) fn constraints(b: &Value, h: &Value) -> Constraints {
    let mut found = Constraints::default();
    let Constraints {
        tightened,
        loosened,
        changed,
    } = &mut found;
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
    let (x, y) = (b.get("multipleOf"), h.get("multipleOf"));
    match (x, y) {
        (None, Some(y)) => tightened.push(format!("`multipleOf` {} added", short(y))),
        (Some(x), None) => loosened.push(format!("`multipleOf` {} removed", short(x))),
        (Some(x), Some(y)) if x != y => {
            tightened.push(format!("`multipleOf` {} → {}", short(x), short(y)))
        }
        _ => {}
    }
    // A pattern that matches anything is no pattern; one that becomes an
    // alternation of itself and more is wider; other changes cannot be
    // ordered without comparing regular languages.
    let pattern = |s: &Value| {
        s.get("pattern")
            .and_then(Value::as_str)
            .filter(|p| !matches_anything(p))
            .map(str::to_string)
    };
    let show = |s: &Value| short(s.get("pattern").unwrap_or(&Value::Null));
    let change = format!("`pattern` {} → {}", show(b), show(h));
    match (pattern(b), pattern(h)) {
        (None, Some(_)) => tightened.push(change),
        (Some(_), None) => loosened.push(change),
        (Some(x), Some(y)) if x != y => {
            if alternation_of(&x, &y) {
                loosened.push(change)
            } else if alternation_of(&y, &x) {
                tightened.push(change)
            } else {
                changed.push(change)
            }
        }
        _ => {}
    }
    found
}
