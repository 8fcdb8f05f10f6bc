//! Where things are in the workspace, and atomic file writes.

use std::io::Write;
use std::path::{Path, PathBuf};

/// The spec, relative to the workspace root.
pub const SPEC: &str = "spec/acs-chat-read-receipts.yaml";
/// The generated module, relative to the workspace root.
pub const GENERATED: &str = "generated-client/src/generated.rs";

/// The workspace root, found at run time.
///
/// Not from a path compiled into the binary: with a `CARGO_TARGET_DIR`
/// shared by several checkouts, cargo may reuse an `xtask` binary built in
/// another checkout, which then read that checkout's spec and called this one
/// up to date. Instead, in order:
/// 1. `CARGO_MANIFEST_DIR` as cargo sets it for the process it runs
///    (`cargo xtask`, `cargo test`): the parent of this checkout's `xtask/`;
/// 2. the nearest directory at or above the current one that holds the
///    spec and a `Cargo.toml`;
/// 3. the current directory (every later error then names the file it
///    could not read).
pub fn root() -> PathBuf {
    let from_cargo = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .and_then(|xtask| xtask.parent().map(Path::to_path_buf))
        .filter(|dir| is_root(dir));
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    from_cargo
        .or_else(|| {
            cwd.ancestors()
                .find(|dir| is_root(dir))
                .map(Path::to_path_buf)
        })
        .unwrap_or(cwd)
}

fn is_root(dir: &Path) -> bool {
    dir.join("Cargo.toml").is_file() && dir.join(SPEC).is_file()
}

/// Reads a file as UTF-8, with an error that names it.
pub fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("error: cannot read {}: {e}", path.display()))
}

/// Writes `contents` to `path` through a temporary file in the same
/// directory and a rename, so a reader (or a crash) never sees half a file.
pub fn write_atomically(path: &Path, contents: &str) -> Result<(), String> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let fail =
        |what: &str, e: std::io::Error| format!("error: cannot {what} {}: {e}", path.display());
    let mut tmp = tempfile::NamedTempFile::new_in(dir)
        .map_err(|e| fail("create a temporary file beside", e))?;
    tmp.write_all(contents.as_bytes())
        .map_err(|e| fail("write a temporary file for", e))?;
    tmp.as_file()
        .sync_all()
        .map_err(|e| fail("flush a temporary file for", e))?;
    tmp.persist(path).map_err(|e| fail("replace", e.error))?;
    Ok(())
}
