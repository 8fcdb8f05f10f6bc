//! Where things are in the workspace, and atomic file writes.

use std::io::Write;
use std::path::{Path, PathBuf};

/// The spec, relative to the workspace root.
pub const SPEC: &str = "spec/acs-chat-read-receipts.yaml";
/// The generated module, relative to the workspace root.
pub const GENERATED: &str = "generated-client/src/generated.rs";

/// The workspace root: the parent of this crate's directory.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the workspace root")
        .to_path_buf()
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
