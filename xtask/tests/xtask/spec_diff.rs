//! `cargo xtask spec-diff` around the library: sides read through `git
//! show` and from files, errors of either side, and the command's output.

use std::path::{Path, PathBuf};

use xtask::spec_diff::{self, FailOn, Format, Input};

fn root() -> PathBuf {
    xtask::workspace::root()
}

/// The corpus of spec pairs, kept with the library.
fn corpus() -> PathBuf {
    root().join("xtask/spec-diff/tests/spec-diff-corpus")
}

#[test]
fn the_real_spec_against_itself_through_git() {
    let request = spec_diff::Request {
        base: Input::Rev("HEAD".into()),
        head: Input::Rev("HEAD".into()),
        format: Format::Markdown,
        fail_on: FailOn::Any,
    };
    let outcome = spec_diff::run(&root(), &request).unwrap();
    assert_eq!(outcome.report.verdict, "no-changes");
    assert!(!outcome.failed);
    assert_eq!(
        outcome.report.base.source,
        "HEAD:spec/acs-chat-read-receipts.yaml"
    );
    assert_eq!(outcome.report.head.file, "spec/acs-chat-read-receipts.yaml");
    // The default base resolves to something git can show.
    let base = spec_diff::git::default_base(&root());
    assert!(spec_diff::load(&root(), &Input::Rev(base)).is_ok());
}

#[test]
fn a_missing_revision_is_an_error() {
    let err = spec_diff::load(&root(), &Input::Rev("no-such-revision-xyz".into())).unwrap_err();
    assert!(err.contains("git show"), "{err}");
}

/// The command itself, as the workflow runs it: no panic text and no
/// backtrace on stderr, whatever the format, even with RUST_BACKTRACE=1.
#[test]
fn the_command_prints_no_panic_text_or_backtrace() {
    let dir = corpus().join("oauth2-basic-digest-security");
    for format in ["markdown", "json", "github"] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_xtask"))
            .args(["spec-diff", "--format", format, "--fail-on", "never"])
            .arg(dir.join("base.yaml"))
            .arg(dir.join("head.yaml"))
            .env("RUST_BACKTRACE", "1")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(0), "{format}: {stderr}");
        for text in [&stderr, &stdout] {
            assert!(!text.contains("panicked"), "{format}: {text}");
            assert!(!text.contains("stack backtrace"), "{format}: {text}");
        }
        assert!(stderr.is_empty(), "{format}: {stderr}");
    }
}

/// A side that is not OpenAPI stops the run with exit status 2 whatever the
/// format (the run never renders "no changes"), and names its side.
#[test]
fn a_side_that_does_not_load_stops_the_run_in_every_format() {
    let tmp = tempfile::tempdir().unwrap();
    let good = corpus().join("identical/base.yaml");
    let bad: &Path = &tmp.path().join("broken.yaml");
    std::fs::write(bad, "openapi: [3.0.3\n").unwrap();
    for (base, head, side) in [(&*good, bad, "head"), (bad, &*good, "base")] {
        for format in [Format::Markdown, Format::Json, Format::Github] {
            let request = spec_diff::Request {
                base: Input::File(base.to_path_buf()),
                head: Input::File(head.to_path_buf()),
                format,
                fail_on: FailOn::Never,
            };
            let err = spec_diff::run(&root(), &request).unwrap_err();
            assert!(
                err.starts_with(&format!("error: cannot load the {side} spec (")),
                "{err}"
            );
            assert_eq!(err.lines().count(), 1, "{err}");
        }
    }
}
