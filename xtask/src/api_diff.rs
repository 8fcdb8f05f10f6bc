//! `cargo xtask api-diff`: the semver verdict on the public API of the
//! `acs-chat` crate (generated and hand-written modules) between a base
//! commit and the working tree. The surface and its diff are the
//! `acs-chat-spec-diff` library's (`rust_api::crate_api`); here are only
//! git, files and the printed report.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;

use acs_chat_spec_diff::rust_api::{self, crate_api};

use crate::spec_diff::{self, git};

/// The crate's sources, relative to the repository root.
pub const CRATE_SRC: &str = "generated-client/src";

/// The default base: the last commit of the main branch that this one
/// builds on (the merge-base with `origin/main`, else with `main`); on the
/// main branch itself (the merge-base is `HEAD`), the commit before, `HEAD~1`.
/// `None` in a clone with a single commit: nothing to compare with.
pub fn default_base(root: &Path) -> Option<String> {
    let head = git::commit_of(root, "HEAD")?;
    let merge_base = ["origin/main", "main"]
        .iter()
        .find_map(|branch| git::merge_base(root, branch));
    match merge_base {
        Some(base) if base != head => Some(base),
        _ => git::has_commit(root, "HEAD~1").then(|| "HEAD~1".to_string()),
    }
}

/// The crate's `.rs` files (relative to `src/`) at `rev`, or in the
/// working tree when `rev` is `None`.
pub fn sources(root: &Path, rev: Option<&str>) -> Result<BTreeMap<String, String>, String> {
    let mut out = BTreeMap::new();
    let prefix = format!("{CRATE_SRC}/");
    match rev {
        Some(rev) => {
            for file in git::files_under(root, rev, CRATE_SRC)? {
                let Some(rel) = file.strip_prefix(&prefix) else {
                    continue;
                };
                if rel.ends_with(".rs") {
                    out.insert(rel.to_string(), git::show(root, rev, &file)?);
                }
            }
        }
        None => {
            let mut dirs = vec![root.join(CRATE_SRC)];
            while let Some(dir) = dirs.pop() {
                let entries = std::fs::read_dir(&dir)
                    .map_err(|e| format!("error: cannot read {}: {e}", dir.display()))?;
                for entry in entries {
                    let path = entry
                        .map_err(|e| format!("error: cannot read {}: {e}", dir.display()))?
                        .path();
                    if path.is_dir() {
                        dirs.push(path);
                    } else if path.extension().is_some_and(|e| e == "rs") {
                        let rel = path
                            .strip_prefix(root.join(CRATE_SRC))
                            .unwrap_or(&path)
                            .to_string_lossy()
                            .replace('\\', "/");
                        out.insert(rel, crate::workspace::read(&path)?);
                    }
                }
            }
        }
    }
    if out.is_empty() {
        return Err(format!("error: no Rust sources under {CRATE_SRC}"));
    }
    Ok(out)
}

/// Compares two sets of sources; the report's first line is the verdict
/// (`api-diff: major|minor|patch|none …`), then one line per change.
pub fn compare(
    base: &BTreeMap<String, String>,
    head: &BTreeMap<String, String>,
    crate_version: Option<&str>,
) -> Result<(acs_chat_spec_diff::model::RustApi, String), String> {
    let b = crate_api::crate_surface(base).map_err(|e| format!("error: base: {e}"))?;
    let h = crate_api::crate_surface(head).map_err(|e| format!("error: head: {e}"))?;
    let api = rust_api::diff(
        &b,
        &crate_api::joined(base),
        &h,
        &crate_api::joined(head),
        crate_version,
    );
    let mut out = format!("api-diff: {} ({})\n", api.semver.as_str(), api.bump);
    for c in &api.changes {
        let _ = write!(out, "- {} `{}` {}", c.semver.as_str(), c.rule, c.item);
        match (&c.before, &c.after) {
            (Some(b), Some(a)) => {
                let _ = write!(out, ": `{b}` → `{a}`");
            }
            (Some(b), None) => {
                let _ = write!(out, ": `{b}`");
            }
            (None, Some(a)) => {
                let _ = write!(out, ": `{a}`");
            }
            (None, None) => {}
        }
        out.push('\n');
    }
    Ok((api, out))
}

/// A whole run: `base` (default [`default_base`]) against the working tree.
pub fn run(root: &Path, base: Option<String>) -> Result<String, String> {
    let Some(base) = base.or_else(|| default_base(root)) else {
        return Ok(
            "api-diff: no base commit (a clone with one commit); nothing to compare\n".to_string(),
        );
    };
    let head = sources(root, None)?;
    let old = sources(root, Some(&base))?;
    let (_, report) = compare(&old, &head, spec_diff::crate_version(root).as_deref())?;
    Ok(format!("base: {base}\n{report}"))
}
