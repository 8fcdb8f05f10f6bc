//! The `acs-chat-spec-diff` library against a corpus of spec pairs
//! (`../spec-diff-corpus/<case>/{base,head}.yaml`, small specs derived from
//! the real one): markdown and JSON reports as insta snapshots (here, so
//! their names keep the `spec_diff__` prefix), every wire rule met at least
//! once ([`rules`]), verdicts, errors and determinism ([`verdicts`]), and
//! large specs generated in parts ([`large`]). Reading specs from git and
//! the command itself are tested in xtask.

mod large;
mod rules;
mod verdicts;

use std::path::{Path, PathBuf};

use acs_chat_spec_diff::model::{Report, Side};
use acs_chat_spec_diff::{Format, Loaded};

const CRATE_VERSION: &str = "0.1.0";

/// The repository root (this crate is `xtask/spec-diff/`).
fn root() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    here.parent().and_then(Path::parent).unwrap().to_path_buf()
}

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/spec-diff-corpus")
}

/// One side read from a file, named by its path from the repository root
/// as `cargo xtask spec-diff` names it.
fn load(path: &Path) -> Loaded {
    let shown = path
        .strip_prefix(root())
        .unwrap_or(path)
        .display()
        .to_string();
    Loaded {
        side: Side {
            source: shown.clone(),
            file: shown,
        },
        text: std::fs::read_to_string(path).unwrap(),
    }
}

fn compare_case(dir: &Path) -> Report {
    let base = load(&dir.join("base.yaml"));
    let head = load(&dir.join("head.yaml"));
    acs_chat_spec_diff::compare(&base, &head, Some(CRATE_VERSION))
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
}

#[test]
fn corpus_reports() {
    insta::glob!("../spec-diff-corpus", "*/base.yaml", |base| {
        let report = compare_case(base.parent().unwrap());
        insta::assert_snapshot!(
            "markdown",
            acs_chat_spec_diff::render(&report, Format::Markdown)
        );
        insta::assert_snapshot!("json", acs_chat_spec_diff::render(&report, Format::Json));
    });
}

#[test]
fn github_annotations() {
    let report = compare_case(&corpus().join("many-changes"));
    insta::assert_snapshot!(acs_chat_spec_diff::render(&report, Format::Github));
}
