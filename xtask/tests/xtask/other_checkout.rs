//! The xtask binary serves the checkout it is run in, not the one it was
//! built in.
//!
//! With a `CARGO_TARGET_DIR` shared by several checkouts, cargo may run an
//! `xtask` binary built in another checkout. The binary under test here is
//! exactly that: built from this checkout, run in a copy of it whose spec has
//! changed. Before the workspace root was found at run time, it read this
//! checkout's spec and called the copy up to date.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use xtask::workspace::{GENERATED, SPEC};

/// This checkout's root (the test runs with cargo's `CARGO_MANIFEST_DIR`).
fn this_checkout() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// A copy holding what `regenerate` reads and writes, with a spec whose
/// generated code differs from the committed one (a changed doc comment).
fn changed_copy() -> tempfile::TempDir {
    let copy = tempfile::tempdir().unwrap();
    let original = this_checkout();
    let test_clients = xtask::regenerate::TEST_CLIENTS
        .iter()
        .flat_map(|(spec, output)| [*spec, *output]);
    for file in ["Cargo.toml", SPEC, GENERATED]
        .into_iter()
        .chain(test_clients)
    {
        let to = copy.path().join(file);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(original.join(file), &to).unwrap();
    }
    let spec = std::fs::read_to_string(copy.path().join(SPEC)).unwrap();
    let marker = "An Azure Communication Services error";
    assert!(
        spec.contains(marker),
        "the spec changed; pick another marker"
    );
    let changed = spec.replacen(marker, "A changed-in-the-copy error", 1);
    std::fs::write(copy.path().join(SPEC), changed).unwrap();
    copy
}

/// Runs the xtask binary in `dir`, with `CARGO_MANIFEST_DIR` as cargo would
/// set it there (`Some`) or unset, as when the binary is run directly.
fn xtask(dir: &Path, args: &[&str], manifest_dir: Option<&Path>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_xtask"));
    command
        .args(args)
        .current_dir(dir)
        .env_remove("CARGO_MANIFEST_DIR");
    if let Some(m) = manifest_dir {
        command.env("CARGO_MANIFEST_DIR", m);
    }
    command.output().unwrap()
}

#[test]
fn check_in_a_copy_reads_the_copys_spec() {
    let copy = changed_copy();
    let xtask_dir = copy.path().join("xtask");
    for manifest_dir in [None, Some(xtask_dir.as_path())] {
        let out = xtask(copy.path(), &["regenerate", "--check"], manifest_dir);
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            !out.status.success(),
            "the copy's changed spec must make its client stale (CARGO_MANIFEST_DIR {manifest_dir:?}):\n{stdout}\n{stderr}"
        );
        assert!(
            format!("{stdout}{stderr}").contains("A changed-in-the-copy error"),
            "the diff must come from the copy's spec:\n{stdout}\n{stderr}"
        );
    }
}

#[test]
fn regenerate_in_a_subdirectory_of_a_copy_writes_the_copy_only() {
    let copy = changed_copy();
    let original_generated = std::fs::read(this_checkout().join(GENERATED)).unwrap();
    let out = xtask(&copy.path().join("spec"), &["regenerate"], None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let written = std::fs::read_to_string(copy.path().join(GENERATED)).unwrap();
    assert!(written.contains("A changed-in-the-copy error"));
    assert_eq!(
        std::fs::read(this_checkout().join(GENERATED)).unwrap(),
        original_generated,
        "this checkout's generated file must be untouched"
    );
}
