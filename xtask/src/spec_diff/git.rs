//! Reading a spec at a git revision without touching the checkout.

use std::path::Path;
use std::process::Command;

fn git(root: &Path, args: &[&str]) -> Result<String, String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .output()
        .map_err(|e| format!("error: cannot run git: {e}"))?;
    if output.status.success() {
        String::from_utf8(output.stdout)
            .map_err(|_| format!("error: `git {}` printed non-UTF-8 text", args.join(" ")))
    } else {
        Err(format!(
            "error: `git {}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        ))
    }
}

/// The text of `path` (relative to the repository root) at `rev`, through
/// `git show REV:PATH`.
pub fn show(root: &Path, rev: &str, path: &str) -> Result<String, String> {
    git(root, &["show", &format!("{rev}:{path}")])
}

/// The default base: the merge-base of `HEAD` with `origin/main`, or `HEAD`
/// when there is no `origin/main` (or no common history).
pub fn default_base(root: &Path) -> String {
    match git(root, &["merge-base", "HEAD", "origin/main"]) {
        Ok(sha) if !sha.trim().is_empty() => sha.trim().to_string(),
        _ => "HEAD".to_string(),
    }
}
