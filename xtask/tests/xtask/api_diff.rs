//! `cargo xtask api-diff`: the whole `acs-chat` surface (hand-written
//! modules through `pub use`, generated ones, private ones left out), the
//! semver verdict on pairs made from the real sources, and the command on
//! this checkout and on a clone with a single commit.

use std::collections::BTreeMap;
use std::process::Command;

use acs_chat_spec_diff::model::Semver;
use acs_chat_spec_diff::rust_api::crate_api::crate_surface;
use xtask::api_diff::{self, CRATE_SRC};

fn real() -> BTreeMap<String, String> {
    api_diff::sources(&xtask::workspace::root(), None).unwrap()
}

fn edited(file: &str, edit: impl Fn(&str) -> String) -> BTreeMap<String, String> {
    let mut files = real();
    let text = files.get_mut(file).unwrap();
    let new = edit(text);
    assert_ne!(*text, new, "the edit of {file} must change it");
    *text = new;
    files
}

fn verdict(head: &BTreeMap<String, String>) -> (Semver, String) {
    let (api, report) = api_diff::compare(&real(), head, Some("0.1.0")).unwrap();
    (api.semver, report)
}

#[test]
fn the_surface_is_what_a_user_can_name() {
    let surface = crate_surface(&real()).unwrap();
    let items: Vec<&str> = surface.items().collect();
    for wanted in [
        "Client",
        "Client::builder",
        "ClientBuilder",
        "RetryOptions",
        "RetryOptions::none",
        "Error",
        "TokenCredential",
        "credential::TokenCredential",
        "DEFAULT_TIMEOUT",
        "types::ChatMessageReadReceipt",
    ] {
        assert!(items.contains(&wanted), "no `{wanted}` in {items:#?}");
    }
    // Private modules, and `#[doc(hidden)]` ones (`fuzzing`, the
    // `Pipeline` re-export for generated code), are not the user's API.
    for private in [
        "pipeline::execute",
        "url_encoding",
        "secrets",
        "retry::",
        "fuzzing",
        "Pipeline",
    ] {
        assert!(
            !items.iter().any(|i| i.starts_with(private)),
            "`{private}` is not public: {items:#?}"
        );
    }
}

#[test]
fn a_removed_pub_fn_is_major() {
    // `RetryOptions::none` is written by hand in retry.rs.
    let head = edited("runtime/retry.rs", |t| {
        t.replacen("pub fn none(", "fn none(", 1)
    });
    let (semver, report) = verdict(&head);
    assert_eq!(semver, Semver::Major, "{report}");
    assert!(report.starts_with("api-diff: major"), "{report}");
    assert!(report.contains("RetryOptions::none"), "{report}");
}

#[test]
fn an_added_pub_fn_is_minor() {
    let head = edited("lib.rs", |t| {
        format!("{t}\n/// New.\npub fn added_for_the_test() -> u8 {{\n    1\n}}\n")
    });
    let (semver, report) = verdict(&head);
    assert_eq!(semver, Semver::Minor, "{report}");
    assert!(report.contains("added_for_the_test"), "{report}");
}

#[test]
fn a_doc_only_change_is_patch_and_no_change_is_none() {
    let head = edited("runtime/retry.rs", |t| {
        t.replacen("///", "/// More words.\n///", 1)
    });
    let (semver, report) = verdict(&head);
    assert_eq!(semver, Semver::Patch, "{report}");
    assert_eq!(verdict(&real()).0, Semver::None);
}

#[test]
fn the_command_against_head_and_in_a_clone_with_one_commit() {
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["api-diff", "--base", "HEAD"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    // HEAD against the working tree: `none` unless the crate is being
    // edited; the verdict line is there either way.
    assert!(
        stdout.lines().any(|l| l.starts_with("api-diff: ")),
        "{stdout}"
    );

    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path();
    std::fs::create_dir_all(repo.join(CRATE_SRC)).unwrap();
    std::fs::write(repo.join(CRATE_SRC).join("lib.rs"), "pub fn f() {}\n").unwrap();
    let git = |args: &[&str]| {
        let status = Command::new("git")
            .arg("-C")
            .arg(repo)
            .args(["-c", "user.name=t", "-c", "user.email=t@example.invalid"])
            .args(["-c", "commit.gpgsign=false"])
            .args(args)
            .output()
            .unwrap();
        assert!(status.status.success(), "{status:?}");
    };
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "one"]);
    let report = api_diff::run(repo, None).unwrap();
    assert!(report.contains("no base commit"), "{report}");
    // And with a second commit, HEAD~1 is the base.
    std::fs::write(repo.join(CRATE_SRC).join("lib.rs"), "pub fn g() {}\n").unwrap();
    git(&["commit", "-q", "-am", "two"]);
    let report = api_diff::run(repo, None).unwrap();
    assert!(report.starts_with("base: HEAD~1\n"), "{report}");
    assert_eq!(api_diff::run(repo, None).unwrap(), report);
}
