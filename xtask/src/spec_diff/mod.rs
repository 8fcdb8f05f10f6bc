//! `cargo xtask spec-diff`: reads the two sides (git or files) and hands
//! them to the `acs-chat-spec-diff` library, which compares and renders.
//!
//! - [`git`]: reading the spec at a revision, without touching the checkout;
//! - here: where each side comes from ([`Input`]), the crate version that
//!   turns the semver level into a version, and a whole run ([`run`]).
//!
//! The rules and the report live in the library (`xtask/spec-diff/`);
//! documented in `docs/spec-diff.md`.

pub mod git;

use std::path::{Path, PathBuf};

pub use acs_chat_spec_diff::model::{Report, Side};
pub use acs_chat_spec_diff::{FailOn, Format, Loaded, compare, fails, render};

use crate::workspace;

/// Where one side's spec comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// `git show REV:spec/acs-chat-read-receipts.yaml`.
    Rev(String),
    /// The spec file in the working tree.
    WorkingTree,
    /// Any file.
    File(PathBuf),
}

/// Reads one side. `root` is the repository root.
pub fn load(root: &Path, input: &Input) -> Result<Loaded, String> {
    match input {
        Input::Rev(rev) => Ok(Loaded {
            side: Side {
                source: format!("{rev}:{}", workspace::SPEC),
                file: workspace::SPEC.to_string(),
            },
            text: git::show(root, rev, workspace::SPEC)?,
        }),
        Input::WorkingTree => Ok(Loaded {
            side: Side {
                source: workspace::SPEC.to_string(),
                file: workspace::SPEC.to_string(),
            },
            text: workspace::read(&root.join(workspace::SPEC))?,
        }),
        Input::File(path) => {
            let shown = path
                .strip_prefix(root)
                .unwrap_or(path)
                .display()
                .to_string();
            Ok(Loaded {
                side: Side {
                    source: shown.clone(),
                    file: shown,
                },
                text: workspace::read(path)?,
            })
        }
    }
}

/// The version of the generated crate, from `generated-client/Cargo.toml`.
pub fn crate_version(root: &Path) -> Option<String> {
    let manifest = std::fs::read_to_string(root.join("generated-client/Cargo.toml")).ok()?;
    manifest.lines().find_map(|line| {
        let rest = line.trim().strip_prefix("version")?.trim_start();
        let value = rest.strip_prefix('=')?.trim();
        Some(value.trim_matches('"').to_string())
    })
}

/// A whole run: what to compare and how to report.
#[derive(Clone, Debug)]
pub struct Request {
    /// The old spec.
    pub base: Input,
    /// The new spec.
    pub head: Input,
    /// Output format.
    pub format: Format,
    /// When to fail.
    pub fail_on: FailOn,
}

/// What a run produced: the rendered report and whether to exit with 1.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// The report, in the requested format.
    pub output: String,
    /// `--fail-on` was met.
    pub failed: bool,
    /// The report itself.
    pub report: Report,
}

/// Loads both sides, compares and renders. `Err` (exit status 2) when a
/// side cannot be read or does not load: never "no changes".
pub fn run(root: &Path, request: &Request) -> Result<Outcome, String> {
    let base = load(root, &request.base)?;
    let head = load(root, &request.head)?;
    let report = compare(&base, &head, crate_version(root).as_deref())?;
    Ok(Outcome {
        output: render(&report, request.format),
        failed: fails(&report, request.fail_on),
        report,
    })
}
