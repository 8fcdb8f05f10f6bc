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

/// Whether `rev` names a commit (a clone with one commit has no `HEAD~1`).
pub fn has_commit(root: &Path, rev: &str) -> bool {
    git(
        root,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{rev}^{{commit}}"),
        ],
    )
    .is_ok()
}

/// The files under `dir` (relative to the repository root) at `rev`.
pub fn files_under(root: &Path, rev: &str, dir: &str) -> Result<Vec<String>, String> {
    let listing = git(root, &["ls-tree", "-r", "--name-only", rev, "--", dir])?;
    Ok(listing.lines().map(str::to_string).collect())
}

/// The commit `rev` names, as a full hash.
pub fn commit_of(root: &Path, rev: &str) -> Option<String> {
    let sha = git(
        root,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{rev}^{{commit}}"),
        ],
    )
    .ok()?;
    Some(sha.trim().to_string()).filter(|s| !s.is_empty())
}

/// The merge-base of `HEAD` with `other`, if both exist and meet.
pub fn merge_base(root: &Path, other: &str) -> Option<String> {
    let sha = git(root, &["merge-base", "HEAD", other]).ok()?;
    Some(sha.trim().to_string()).filter(|s| !s.is_empty())
}
