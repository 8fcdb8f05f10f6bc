//! `cargo xtask check-fixtures`: proves that what the generator writes for
//! other specs (a third operation, no paging, header client parameters, …)
//! compiles against the hand-written runtime with no warnings, and that the
//! client crate builds on its own, outside this workspace.
//!
//! For each spec, a copy of `generated-client/` is made under
//! `target/fixture-clients/<name>/` with the spec's generated module in place
//! of the real one, detached from the workspace (its own `[workspace]`, a copy
//! of `Cargo.lock`), and checked with `cargo clippy -D warnings`. Compiled
//! dependencies are shared through the workspace's `target/`.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::workspace;

/// The fixture specs of the codegen golden tests, plus the real spec.
pub fn default_specs() -> Result<Vec<PathBuf>, String> {
    let root = workspace::root();
    let dir = root.join("codegen/tests/fixtures/specs");
    let mut specs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| format!("error: cannot list {}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
        .collect();
    specs.sort();
    specs.insert(0, root.join(workspace::SPEC));
    Ok(specs)
}

/// Checks every spec in turn; the error lists each one that failed.
pub fn run(specs: &[PathBuf]) -> Result<(), String> {
    let root = workspace::root();
    let mut failed = Vec::new();
    for spec in specs {
        let name = spec
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "spec".into());
        eprintln!("checking the client generated from {}", spec.display());
        if let Err(e) = check_one(&root, spec, &name) {
            eprintln!("{e}");
            failed.push(name);
        }
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "error: the generated client does not compile cleanly for: {}",
            failed.join(", ")
        ))
    }
}

/// The client's manifest for a library-only build of the copy for `name`:
/// - without `[dev-dependencies]`, whose path dependencies (the mock
///   service, for the examples and tests) are not beside the copy;
/// - under a package name of its own (the library is still `acs_chat`):
///   cargo identifies a path package by its name and its path relative to
///   its workspace root, which is the same for every copy, so copies under
///   one name would share build fingerprints and a stale result could pass
///   for a fresh one.
fn library_manifest(manifest: &str, name: &str) -> String {
    let mut out = String::new();
    let mut skipping = false;
    let mut section = String::new();
    for line in manifest.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            section = trimmed.to_string();
            skipping = trimmed == "[dev-dependencies]";
        }
        if skipping {
            continue;
        }
        if section == "[package]" && trimmed.starts_with("name =") {
            // A package name takes letters, digits, `-` and `_` only (a
            // spec named `x.folded.yaml` has a dot in its stem).
            let name: String = name
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || c == '_' {
                        c
                    } else {
                        '-'
                    }
                })
                .collect();
            out.push_str(&format!("name = \"acs-chat-fixture-{name}\"\n"));
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

fn check_one(root: &Path, spec: &Path, name: &str) -> Result<(), String> {
    let text = workspace::read(spec)?;
    let spec_name = spec
        .strip_prefix(root)
        .unwrap_or(spec)
        .display()
        .to_string();
    let generated = acs_chat_codegen::generate(&text, &acs_chat_codegen::Options::new(&spec_name))
        .map_err(|e| e.to_string())?;

    let client = root.join("generated-client");
    let dir = root.join("target/fixture-clients").join(name);
    let io = |what: &str, p: &Path, e: std::io::Error| {
        format!("error: cannot {what} {}: {e}", p.display())
    };
    if dir.exists() {
        std::fs::remove_dir_all(&dir).map_err(|e| io("remove", &dir, e))?;
    }
    std::fs::create_dir_all(dir.join("src")).map_err(|e| io("create", &dir, e))?;
    let manifest = library_manifest(&workspace::read(&client.join("Cargo.toml"))?, name);
    std::fs::write(dir.join("Cargo.toml"), format!("{manifest}\n[workspace]\n"))
        .map_err(|e| io("write", &dir, e))?;
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock"))
        .map_err(|e| io("copy", &dir, e))?;
    // The hand-written source, `runtime/` included, as it is; only
    // `generated.rs` is the fixture's.
    copy_sources(&client.join("src"), &dir.join("src"), true, &io)?;
    std::fs::write(dir.join("src/generated.rs"), generated).map_err(|e| io("write", &dir, e))?;
    // `extras/` is written against the real spec's types (see its mod.rs):
    // the real spec's copy has it whole, another spec's copy empty.
    let extras = client.join("src").join(EXTRAS);
    if spec == root.join(workspace::SPEC) {
        copy_sources(&extras, &dir.join("src").join(EXTRAS), false, &io)?;
    } else {
        std::fs::write(dir.join("src").join(EXTRAS).join("mod.rs"), EMPTY_EXTRAS)
            .map_err(|e| io("write", &dir, e))?;
    }

    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .args(["clippy", "--quiet", "--lib", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .args(["--", "-D", "warnings"])
        .env("CARGO_TARGET_DIR", root.join("target"))
        .status()
        .map_err(|e| format!("error: cannot run cargo: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!(
            "error: {} does not compile cleanly (see above; the crate is in {})",
            spec_name,
            dir.display()
        ))
    }
}

/// The folder of hand-written additions for the real spec's types.
const EXTRAS: &str = "extras";

/// What a fixture's copy has in `extras/mod.rs`.
const EMPTY_EXTRAS: &str = "//! Left empty: the additions are for the real spec's types.\n";

/// Copies every file under `from` to `to` (directories recursively), except
/// `generated.rs` and everything in `extras/` but its folder at the `top` level.
fn copy_sources(
    from: &Path,
    to: &Path,
    top: bool,
    io: &dyn Fn(&str, &Path, std::io::Error) -> String,
) -> Result<(), String> {
    for entry in std::fs::read_dir(from).map_err(|e| io("list", from, e))? {
        let path = entry.map_err(|e| io("list", from, e))?.path();
        let file = path.file_name().unwrap_or_default();
        let target = to.join(file);
        if path.is_dir() {
            std::fs::create_dir_all(&target).map_err(|e| io("create", &target, e))?;
            if !(top && file == EXTRAS) {
                copy_sources(&path, &target, false, io)?;
            }
        } else if path.is_file() && !(top && file == "generated.rs") {
            std::fs::copy(&path, &target).map_err(|e| io("copy", &path, e))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_copy_is_its_own_package_without_dev_dependencies() {
        let manifest = "[package]\nname = \"acs-chat\"\nversion = \"0.1.0\"\n\n[lib]\nname = \"acs_chat\"\n\n\
                        [dependencies]\nserde = \"1\"\n\n[dev-dependencies]\nacs-chat-mock = { path = \"../x\" }\n";
        let copy = library_manifest(manifest, "third-operation");
        assert!(
            copy.contains("name = \"acs-chat-fixture-third-operation\"\n"),
            "{copy}"
        );
        assert!(
            copy.contains("[lib]\nname = \"acs_chat\"\n"),
            "the library keeps its name: {copy}"
        );
        assert!(copy.contains("serde = \"1\""), "{copy}");
        assert!(
            !copy.contains("dev-dependencies") && !copy.contains("acs-chat-mock"),
            "{copy}"
        );
        let dotted = library_manifest(manifest, "acs-chat-2025-03-15.folded");
        assert!(
            dotted.contains("name = \"acs-chat-fixture-acs-chat-2025-03-15-folded\"\n"),
            "a dot is not allowed in a package name: {dotted}"
        );
    }
}
