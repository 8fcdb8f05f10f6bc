//! `cargo xtask bench [--quick]`: runs every benchmark in one go and, in
//! full mode, writes the figures into `BENCHMARKS.md` (between its
//! `BEGIN`/`END` markers; the hand-written sections stay as they are).
//!
//! - the `acs-chat-bench` binary (release build; debug in `--quick`): code generation, the
//!   whole `generate` side by side with raw progenitor + prettyplease on the
//!   same normalized document (time, ratio and peak heap at 20, 200 and
//!   2,000 operations; `--only codegen-baseline` runs that table alone), the
//!   client's per-request cost against plain reqwest and hyper, paging
//!   throughput and memory, the mock service under load;
//! - here: warm `cargo xtask regenerate --check` end to end, the
//!   regenerate library call plus a file write, and (full mode only) the
//!   clean build of `acs-chat` in a fresh target directory under
//!   `target/bench-build/` and its rebuild after a one-line spec change.
//!
//! `--quick` runs every scenario once with tiny sizes, skips the builds,
//! prints a table marked QUICK and writes nothing: it proves that the
//! benchmarks run (CI), its figures mean nothing.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::regenerate::{self, Mode, Outcome, Paths};
use crate::workspace;

/// The file the full run writes.
pub const REPORT: &str = "BENCHMARKS.md";
/// Start of the generated part of [`REPORT`].
pub const BEGIN: &str = "<!-- BEGIN cargo xtask bench: generated, do not edit by hand -->";
/// End of the generated part of [`REPORT`].
pub const END: &str = "<!-- END cargo xtask bench -->";

/// Runs the benchmarks; see the module documentation.
pub fn run(quick: bool) -> Result<(), String> {
    let root = workspace::root();
    let started = Instant::now();
    let load_before = load_average();
    let mut md = String::new();

    // 1. The benchmark binary, built with optimisations; the quick run only
    // proves that every scenario runs, so it reuses the debug build that
    // the tests already made (a release build would cost CI minutes).
    let profile = if quick { "debug" } else { "release" };
    step(&format!("cargo build ({profile}) -p acs-chat-bench"));
    let mut build = cargo(&root);
    build.args(["build", "-p", "acs-chat-bench", "--bin", "acs-chat-bench"]);
    if !quick {
        build.arg("--release");
    }
    build.status_ok()?;
    let exe = target_dir(&root)
        .join(profile)
        .join(format!("acs-chat-bench{}", std::env::consts::EXE_SUFFIX));
    step(&format!(
        "{}{}",
        exe.display(),
        if quick { " --quick" } else { "" }
    ));
    let mut bench = Command::new(&exe);
    bench.current_dir(&root);
    if quick {
        bench.arg("--quick");
    }
    md.push_str(&bench.stdout_ok()?);

    // 2. Regeneration, warm.
    md.push_str(&regeneration(&root, quick)?);

    // 3. Build cost: minutes, full mode only.
    if quick {
        md.push_str("### Build cost\n\nSkipped in quick mode.\n\n");
    } else {
        md.push_str(&build_cost(&root)?);
    }

    let machine = machine(&root, quick, load_before, started.elapsed());
    if quick {
        println!(
            "\n==================== QUICK RUN: tiny sizes, not figures ====================\n"
        );
        println!("{machine}\n{md}");
        println!("(quick mode: nothing written; `cargo xtask bench` writes {REPORT})");
    } else {
        let generated = format!("{machine}\n{md}");
        println!("\n{generated}");
        let path = root.join(REPORT);
        let text = splice(std::fs::read_to_string(&path).ok().as_deref(), &generated);
        workspace::write_atomically(&path, &text)?;
        println!("wrote {REPORT}");
    }
    Ok(())
}

/// `existing` with the text between the markers replaced by `generated`
/// (or a new document if it has no markers).
pub fn splice(existing: Option<&str>, generated: &str) -> String {
    let block = format!("{BEGIN}\n\n{}\n{END}", generated.trim_end());
    match existing {
        Some(text) => match (text.find(BEGIN), text.find(END)) {
            (Some(b), Some(e)) if b < e => {
                format!("{}{block}{}", &text[..b], &text[e + END.len()..])
            }
            _ => format!("{}\n\n{block}\n", text.trim_end()),
        },
        None => format!("# Benchmarks\n\n{block}\n"),
    }
}

fn regeneration(root: &Path, quick: bool) -> Result<String, String> {
    let runs = if quick { 1 } else { 10 };
    step("cargo build -p xtask");
    cargo(root).args(["build", "-p", "xtask"]).status_ok()?;
    let xtask = target_dir(root)
        .join("debug")
        .join(format!("xtask{}", std::env::consts::EXE_SUFFIX));

    let mut check = Command::new(&xtask);
    check.current_dir(root).args(["regenerate", "--check"]);
    step(&format!("{} regenerate --check ×{runs}", xtask.display()));
    let binary = time_runs(&mut check, runs)?;

    let mut via_cargo = cargo(root);
    via_cargo.args(["xtask", "regenerate", "--check"]);
    let cargo_runs = if quick { 1 } else { 5 };
    step(&format!("cargo xtask regenerate --check ×{cargo_runs}"));
    let through_cargo = time_runs(&mut via_cargo, cargo_runs)?;

    // The library call plus an atomic write, in this (debug) process.
    let scratch = target_dir(root).join("bench-build");
    std::fs::create_dir_all(&scratch)
        .map_err(|e| format!("error: cannot create {}: {e}", scratch.display()))?;
    let out = scratch.join("generated.rs");
    let spec_text = workspace::read(&root.join(workspace::SPEC))?;
    let options = acs_chat_codegen::Options::new(workspace::SPEC);
    let mut library = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let code = acs_chat_codegen::generate(&spec_text, &options).map_err(|e| e.to_string())?;
        workspace::write_atomically(&out, &code)?;
        library.push(ms(t.elapsed()));
    }
    let _ = std::fs::remove_file(&out);

    let mut s = String::new();
    let _ = writeln!(
        s,
        "### Regeneration, warm (debug build of xtask, as `cargo xtask` runs it)\n\n\
         | what | runs | median ms | min ms |\n|---|---:|---:|---:|"
    );
    for (what, times) in [
        ("`target/debug/xtask regenerate --check` (process)", &binary),
        (
            "`cargo xtask regenerate --check` (cargo's freshness check included)",
            &through_cargo,
        ),
        (
            "`acs_chat_codegen::generate` + atomic file write, in process",
            &library,
        ),
    ] {
        let _ = writeln!(
            s,
            "| {what} | {} | {:.1} | {:.1} |",
            times.len(),
            median(times),
            times.iter().copied().fold(f64::INFINITY, f64::min)
        );
    }
    s.push('\n');
    Ok(s)
}

fn build_cost(root: &Path) -> Result<String, String> {
    let dir = target_dir(root).join("bench-build").join("target");
    if dir.exists() {
        std::fs::remove_dir_all(&dir)
            .map_err(|e| format!("error: cannot remove {}: {e}", dir.display()))?;
    }
    let build = || {
        let mut c = cargo(root);
        c.env("CARGO_TARGET_DIR", &dir)
            .args(["build", "-p", "acs-chat"]);
        c
    };
    step(&format!(
        "clean `cargo build -p acs-chat` with CARGO_TARGET_DIR={} (minutes)",
        dir.display()
    ));
    let t = Instant::now();
    build().status_ok()?;
    let clean = t.elapsed();

    // One-line spec change: a word in an operation's summary, which the
    // generated module carries as the method's documentation (the spec's
    // `info.description` no longer reaches it: it is the authors' notes).
    // Both files are put back byte for byte, whatever happens.
    let paths = Paths::workspace();
    let spec_before = workspace::read(&paths.spec)?;
    let generated_before = workspace::read(&paths.output)?;
    let edited = spec_before.replacen(EDITED, EDIT, 1);
    if edited == spec_before {
        return Err(format!(
            "error: cannot find the text to edit in {}",
            workspace::SPEC
        ));
    }
    let restore = Restore(vec![
        (paths.spec.clone(), spec_before),
        (paths.output.clone(), generated_before),
    ]);
    step("rebuild after a one-line spec change (regenerate, cargo build -p acs-chat)");
    workspace::write_atomically(&paths.spec, &edited)?;
    let t = Instant::now();
    let outcome = regenerate::regenerate(&paths, Mode::Write)?;
    let regen = t.elapsed();
    if outcome != Outcome::Written {
        return Err("error: the spec edit did not change the generated module".into());
    }
    let t = Instant::now();
    build().status_ok()?;
    let rebuild = t.elapsed();
    drop(restore);

    let mut s = String::new();
    let _ = writeln!(
        s,
        "### Build cost (`cargo build -p acs-chat`, debug profile, fresh `CARGO_TARGET_DIR` under `target/bench-build/`)\n\n\
         | what | seconds |\n|---|---:|\n\
         | clean build of `acs-chat` and its dependencies | {:.1} |\n\
         | one-line spec change: regenerate (library call + write) | {:.2} |\n\
         | one-line spec change: `cargo build -p acs-chat` | {:.1} |\n\
         | one-line spec change: total | {:.1} |\n",
        clean.as_secs_f64(),
        regen.as_secs_f64(),
        rebuild.as_secs_f64(),
        (regen + rebuild).as_secs_f64(),
    );
    Ok(s)
}

/// The text of the real spec that the one-line change edits, and what it
/// becomes: an operation's summary, which the generated module documents
/// the method with.
const EDITED: &str = "Send a read receipt to a thread on behalf of";
const EDIT: &str = "Send a read receipt to a thread (benchmark edit) on behalf of";

/// Puts files back as they were when dropped.
struct Restore(Vec<(PathBuf, String)>);

impl Drop for Restore {
    fn drop(&mut self) {
        for (path, text) in &self.0 {
            if let Err(e) = workspace::write_atomically(path, text) {
                eprintln!("error: could not restore {}: {e}", path.display());
            }
        }
    }
}

fn machine(root: &Path, quick: bool, load_before: String, took: Duration) -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_string())
        })
        .unwrap_or_else(|| "unknown".into());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let memory = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with("MemTotal"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or_else(
            || "unknown".into(),
            |kb| format!("{:.0} GiB", kb / 1048576.0),
        );
    let os = std::fs::read_to_string("/etc/os-release")
        .ok()
        .and_then(|t| {
            t.lines()
                .find_map(|l| l.strip_prefix("PRETTY_NAME="))
                .map(|v| v.trim_matches('"').to_string())
        })
        .unwrap_or_else(|| std::env::consts::OS.into());
    let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease")
        .map(|k| k.trim().to_string())
        .unwrap_or_default();
    let rustc = output(Command::new("rustc").arg("-V")).unwrap_or_default();
    let commit =
        output(
            Command::new("git")
                .current_dir(root)
                .args(["rev-parse", "--short", "HEAD"]),
        )
        .unwrap_or_else(|| "unknown".into());
    let dirty = output(
        Command::new("git")
            .current_dir(root)
            .args(["status", "--porcelain"]),
    )
    .is_some_and(|s| !s.is_empty());
    format!(
        "### Machine and run\n\n\
         | | |\n|---|---|\n\
         | date (UTC) | {} |\n\
         | mode | {} |\n\
         | CPU | {cpu}, {cores} logical cores |\n\
         | memory | {memory} |\n\
         | OS | {os}, Linux {kernel} |\n\
         | toolchain | {rustc} |\n\
         | commit | {commit}{} |\n\
         | load average before / after | {load_before} / {} |\n\
         | whole run | {:.0} s |\n\
         | commands | `cargo xtask bench{}` = `cargo build --release -p acs-chat-bench` + `target/release/acs-chat-bench{}`, then the regenerate and build timings in `xtask/src/bench.rs` |\n",
        today(),
        if quick {
            "QUICK (tiny sizes; not figures)"
        } else {
            "full"
        },
        if dirty { " + uncommitted changes" } else { "" },
        load_average(),
        took.as_secs_f64(),
        if quick { " --quick" } else { "" },
        if quick { " --quick" } else { "" },
    )
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|t| t.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|| "unknown".into())
}

/// Today's date, `YYYY-MM-DD` (civil from days, proleptic Gregorian).
fn today() -> String {
    let days = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400) as i64;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

fn step(what: &str) {
    eprintln!("==> {what}");
}

fn cargo(root: &Path) -> Command {
    let mut c = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    c.current_dir(root);
    c
}

/// The target directory cargo uses for this workspace.
fn target_dir(root: &Path) -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => root.join(dir),
        None => root.join("target"),
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn median(values: &[f64]) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    v.get(v.len().saturating_sub(1) / 2).copied().unwrap_or(0.0)
}

/// Runs `command` once to warm up, then `runs` times; milliseconds each.
fn time_runs(command: &mut Command, runs: usize) -> Result<Vec<f64>, String> {
    command.stdout(Stdio::null()).stderr(Stdio::null());
    command.status_ok()?;
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        command.status_ok()?;
        times.push(ms(t.elapsed()));
    }
    Ok(times)
}

fn output(command: &mut Command) -> Option<String> {
    let out = command.stderr(Stdio::null()).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

trait Run {
    fn status_ok(&mut self) -> Result<(), String>;
    fn stdout_ok(&mut self) -> Result<String, String>;
}

impl Run for Command {
    fn status_ok(&mut self) -> Result<(), String> {
        let status = self
            .status()
            .map_err(|e| format!("error: cannot run {:?}: {e}", self.get_program()))?;
        if status.success() {
            Ok(())
        } else {
            Err(format!("error: {} failed ({status})", describe(self)))
        }
    }

    fn stdout_ok(&mut self) -> Result<String, String> {
        let out = self
            .stderr(Stdio::inherit())
            .output()
            .map_err(|e| format!("error: cannot run {:?}: {e}", self.get_program()))?;
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).into_owned())
        } else {
            Err(format!("error: {} failed ({})", describe(self), out.status))
        }
    }
}

fn describe(c: &Command) -> String {
    std::iter::once(c.get_program())
        .chain(c.get_args())
        .map(|a| a.to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rebuild figure needs an edit that changes the generated module:
    /// the edited text is in the spec once, and reaches the module (the
    /// spec's `info.description` stopped reaching it once, and the full
    /// bench failed at its last step).
    #[test]
    fn the_one_line_spec_edit_reaches_the_generated_module() {
        let spec =
            std::fs::read_to_string(workspace::root().join(workspace::SPEC)).expect("the spec");
        assert_eq!(
            spec.matches(EDITED).count(),
            1,
            "{EDITED:?} in {}",
            workspace::SPEC
        );
        let generated =
            std::fs::read_to_string(Paths::workspace().output).expect("the generated module");
        assert!(
            generated.contains(EDITED),
            "{EDITED:?} is not in the generated module, so editing it changes nothing"
        );
    }

    #[test]
    fn splice_replaces_only_the_generated_part() {
        let doc = format!("# B\n\nintro\n\n{BEGIN}\nold\n{END}\n\n## Notes\nkept\n");
        let out = splice(Some(&doc), "new table\n");
        assert!(out.starts_with("# B\n\nintro\n\n"), "{out}");
        assert!(out.contains("new table") && !out.contains("old"), "{out}");
        assert!(out.ends_with("\n\n## Notes\nkept\n"), "{out}");
        assert!(splice(None, "t").contains(END));
        assert!(splice(Some("# X\n"), "t").starts_with("# X\n\n"));
    }

    #[test]
    fn dates_are_civil() {
        let d = today();
        assert_eq!(d.len(), 10);
        assert!(d.starts_with("20"), "{d}");
    }
}
