//! Object properties: added, removed, required or optional, deprecated,
//! with `readOnly` properties left out of requests and `writeOnly` ones out
//! of responses, since those never travel that way.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::schemas::composition::Merged;
use crate::schemas::resolve;
use crate::wire::*;

/// A boolean keyword of a property, through its `$ref`.
fn flag(doc: &Doc<'_>, property: &Value, key: &str) -> bool {
    let own = property.get(key).and_then(Value::as_bool);
    own.unwrap_or_else(|| {
        resolve(doc, property, String::new())
            .0
            .get(key)
            .and_then(Value::as_bool)
            .unwrap_or(false)
    })
}

impl<'d, 'a> Differ<'d, 'a> {
    /// Compares the (merged) properties of two schemas at `ba`/`ha`.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn property_sets(
        &mut self,
        bm: &Merged,
        hm: &Merged,
        ba: &str,
        ha: &str,
        dir: Dir,
        owner: &str,
    ) {
        let (bp, hp) = (&bm.properties, &hm.properties);
        let (br, hr) = (&bm.required, &hm.required);
        // readOnly properties are never sent, writeOnly never received.
        let hidden_key = match dir {
            Dir::Request | Dir::Parameter => "readOnly",
            Dir::Response => "writeOnly",
        };
        let mut names: BTreeSet<&String> = bp.keys().collect();
        names.extend(hp.keys());
        for name in names {
            let what = format!(
                "property `{name}` of {}",
                owner.trim_start_matches("schema ")
            );
            let x = bp
                .get(name)
                .filter(|(v, _)| !flag(self.base, v, hidden_key));
            let y = hp
                .get(name)
                .filter(|(v, _)| !flag(self.head, v, hidden_key));
            match (x, y) {
                (Some((x, xa)), None) => {
                    let deprecated = flag(self.base, x, "deprecated");
                    let (rule_id, note) = if deprecated {
                        ("deprecated-property-removed", " (it was deprecated)")
                    } else {
                        (rule(dir, "property-removed"), "")
                    };
                    let shown = match hp.get(name) {
                        Some(_) => format!("{} is now `{hidden_key}`{note}.", capitalize(&what)),
                        None => format!("{} is gone{note}.", capitalize(&what)),
                    };
                    let head = hp.get(name).map_or(ha.to_string(), |(_, at)| at.clone());
                    self.push(rule_id, shown, Some(xa.clone()), Some(head));
                }
                (None, Some((_, ya))) => {
                    let (suffix, how) = match (dir, hr.contains(name)) {
                        (Dir::Response, _) => ("property-added", "New"),
                        (_, true) => ("property-added-required", "New required"),
                        (_, false) => ("property-added-optional", "New optional"),
                    };
                    let base = bp.get(name).map_or(ba.to_string(), |(_, at)| at.clone());
                    let was = if bp.contains_key(name) {
                        format!(" (it was `{hidden_key}`)")
                    } else {
                        String::new()
                    };
                    self.push(
                        rule(dir, suffix),
                        format!("{how} {what}{was}."),
                        Some(base),
                        Some(ya.clone()),
                    );
                }
                (Some((x, xa)), Some((y, ya))) => {
                    match (br.contains(name), hr.contains(name)) {
                        (false, true) => self.push(
                            rule(dir, "property-became-required"),
                            format!("{} became required.", capitalize(&what)),
                            Some(xa.clone()),
                            Some(ya.clone()),
                        ),
                        (true, false) => self.push(
                            rule(dir, "property-became-optional"),
                            format!("{} became optional.", capitalize(&what)),
                            Some(xa.clone()),
                            Some(ya.clone()),
                        ),
                        _ => {}
                    }
                    if !flag(self.base, x, "deprecated") && flag(self.head, y, "deprecated") {
                        self.push(
                            "property-deprecated",
                            format!("{} is deprecated.", capitalize(&what)),
                            Some(xa.clone()),
                            Some(ya.clone()),
                        );
                    }
                    self.schema(x, y, xa.clone(), ya.clone(), dir, &what);
                }
                (None, None) => {}
            }
        }
    }
}
