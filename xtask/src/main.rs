//! Project tasks: `cargo xtask <command>` (the alias is in `.cargo/config.toml`).

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use xtask::check_fixtures;
use xtask::regenerate::{self, Mode, Outcome, Paths};
use xtask::spec_diff::{self, FailOn, Format, Input};

/// `--format` of `spec-diff` (the library's [`Format`]).
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum FormatArg {
    /// A report for one sticky pull-request comment.
    Markdown,
    /// The report as JSON (shape in docs/spec-diff.md).
    Json,
    /// GitHub Actions annotations (`::error file=…,line=…::…`).
    Github,
}

impl From<FormatArg> for Format {
    fn from(arg: FormatArg) -> Self {
        match arg {
            FormatArg::Markdown => Format::Markdown,
            FormatArg::Json => Format::Json,
            FormatArg::Github => Format::Github,
        }
    }
}

/// `--fail-on` of `spec-diff` (the library's [`FailOn`]).
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum FailOnArg {
    /// A breaking wire change, or a major change of the generated API.
    Breaking,
    /// Any change (the verdict is not `no-changes`).
    Any,
    /// Never (errors in loading a spec still exit with 2).
    Never,
}

impl From<FailOnArg> for FailOn {
    fn from(arg: FailOnArg) -> Self {
        match arg {
            FailOnArg::Breaking => FailOn::Breaking,
            FailOnArg::Any => FailOn::Any,
            FailOnArg::Never => FailOn::Never,
        }
    }
}

/// Tasks for the acs-chat workspace.
#[derive(Parser)]
#[command(name = "cargo xtask", bin_name = "cargo xtask")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate the client module from the OpenAPI document in spec/.
    ///
    /// Reads spec/acs-chat-read-receipts.yaml, runs progenitor and the
    /// project's post-processing, and writes generated-client/src/generated.rs
    /// atomically (temporary file, then rename). On any error nothing is
    /// written, the problem and its place in the spec are printed, and the
    /// exit status is 1.
    Regenerate {
        /// Write nothing; if the committed output is stale, print a unified
        /// diff and exit with status 1.
        #[arg(long)]
        check: bool,
    },
    /// Compile the client generated from each fixture spec, outside the workspace.
    ///
    /// For the real spec and each spec in codegen/tests/fixtures/specs/ (or
    /// the given files), builds a copy of generated-client/ with that spec's
    /// generated module under target/fixture-clients/ and runs
    /// `cargo clippy -D warnings` on it. Proves that new operations and
    /// extensions need no codegen change and that the crate builds on its own.
    CheckFixtures {
        /// Spec files to check instead of the default set.
        specs: Vec<std::path::PathBuf>,
    },
    /// Run the benchmarks and write BENCHMARKS.md (see xtask/src/bench.rs).
    ///
    /// Codegen time and memory (real and synthetic specs), per-request
    /// overhead against plain reqwest and hyper, paging throughput and
    /// memory, the mock service under load, and build cost. Run it on a
    /// quiet machine; it takes several minutes.
    Bench {
        /// Every scenario once with tiny sizes, to prove they run: prints a
        /// QUICK table and writes nothing.
        #[arg(long)]
        quick: bool,
    },
    /// Print the semver verdict on the acs-chat crate's whole public API.
    ///
    /// Compares the public surface of generated-client/src (generated and
    /// hand-written modules, following `pub mod` and `pub use`) at --base
    /// (default: the merge-base with origin/main or main; on main itself, or
    /// without one, HEAD~1) with the working tree. Prints `api-diff: major|minor|patch|none` and each
    /// changed item. Exit status 0, or 2 when a side cannot be read.
    ApiDiff {
        /// Git revision to compare with.
        #[arg(long)]
        base: Option<String>,
    },
    /// Report what a spec change does on the wire and to the generated Rust API.
    ///
    /// Compares spec/acs-chat-read-receipts.yaml at --base (default: the
    /// merge-base with origin/main, else HEAD) with --head (default: the
    /// working tree), read through `git show` without touching the checkout,
    /// or two files (--base-file/--head-file, or BASE HEAD). Prints wire
    /// changes classified breaking / possibly breaking / compatible, each
    /// with its rule id and place, and the semver diff of the generated
    /// public API. Exit status: 0, or 1 when --fail-on is met, 2 when a
    /// spec cannot be read or loaded. Rules: docs/spec-diff.md.
    SpecDiff {
        /// Git revision of the base spec.
        #[arg(long, conflicts_with = "base_file")]
        base: Option<String>,
        /// Git revision of the head spec (default: the working tree).
        #[arg(long, conflicts_with = "head_file")]
        head: Option<String>,
        /// A file to use as the base spec.
        #[arg(long)]
        base_file: Option<std::path::PathBuf>,
        /// A file to use as the head spec.
        #[arg(long)]
        head_file: Option<std::path::PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value = "markdown")]
        format: FormatArg,
        /// When to exit with status 1.
        #[arg(long, value_enum, default_value = "breaking")]
        fail_on: FailOnArg,
        /// BASE HEAD spec files (same as --base-file BASE --head-file HEAD).
        #[arg(num_args = 0..=2, value_names = ["BASE", "HEAD"],
              conflicts_with_all = ["base", "head", "base_file", "head_file"])]
        files: Vec<std::path::PathBuf>,
    },
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Regenerate { check } => run_regenerate(check),
        Command::Bench { quick } => match xtask::bench::run(quick) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("{e}");
                ExitCode::FAILURE
            }
        },
        Command::SpecDiff {
            base,
            head,
            base_file,
            head_file,
            format,
            fail_on,
            files,
        } => run_spec_diff(base, head, base_file, head_file, format, fail_on, files),
        Command::ApiDiff { base } => match xtask::api_diff::run(&xtask::workspace::root(), base) {
            Ok(report) => {
                print!("{report}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("{e}");
                ExitCode::from(2)
            }
        },
        Command::CheckFixtures { specs } => {
            let specs = if specs.is_empty() {
                match check_fixtures::default_specs() {
                    Ok(specs) => specs,
                    Err(e) => {
                        eprintln!("{e}");
                        return ExitCode::FAILURE;
                    }
                }
            } else {
                specs
            };
            match check_fixtures::run(&specs) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("{e}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}

fn run_regenerate(check: bool) -> ExitCode {
    let mode = if check { Mode::Check } else { Mode::Write };
    let mut failed = false;
    for paths in Paths::all() {
        failed |= !regenerate_one(&paths, mode);
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Regenerates or checks one output; `false` when it is stale or failed.
fn regenerate_one(paths: &Paths, mode: Mode) -> bool {
    match regenerate::regenerate(paths, mode) {
        Ok(Outcome::UpToDate) => {
            println!(
                "{} is up to date with {}",
                paths.output_name, paths.spec_name
            );
            true
        }
        Ok(Outcome::Written) => {
            println!("wrote {} from {}", paths.output_name, paths.spec_name);
            true
        }
        Ok(Outcome::Stale { diff }) => {
            print!("{diff}");
            eprintln!(
                "\nerror: {} is stale against {}; run `cargo xtask regenerate` and commit the result",
                paths.output_name, paths.spec_name
            );
            false
        }
        Err(message) => {
            eprintln!("{message}");
            false
        }
    }
}

fn run_spec_diff(
    base: Option<String>,
    head: Option<String>,
    base_file: Option<std::path::PathBuf>,
    head_file: Option<std::path::PathBuf>,
    format: FormatArg,
    fail_on: FailOnArg,
    files: Vec<std::path::PathBuf>,
) -> ExitCode {
    let root = xtask::workspace::root();
    let (base_file, head_file) = match <[_; 2]>::try_from(files) {
        Ok([b, h]) => (Some(b), Some(h)),
        Err(files) if files.is_empty() => (base_file, head_file),
        Err(_) => {
            eprintln!("error: give two spec files (BASE HEAD), or none");
            return ExitCode::from(2);
        }
    };
    let base = match (base, base_file) {
        (_, Some(file)) => Input::File(file),
        (Some(rev), None) => Input::Rev(rev),
        (None, None) => Input::Rev(spec_diff::git::default_base(&root)),
    };
    let head = match (head, head_file) {
        (_, Some(file)) => Input::File(file),
        (Some(rev), None) => Input::Rev(rev),
        (None, None) => Input::WorkingTree,
    };
    let request = spec_diff::Request {
        base,
        head,
        format: format.into(),
        fail_on: fail_on.into(),
    };
    // The report goes into a PR comment, stderr into the job log: a panic
    // anywhere (a bug) is one line of error, never its text or a backtrace.
    std::panic::set_hook(Box::new(|_| {}));
    let result =
        std::panic::catch_unwind(|| spec_diff::run(&root, &request)).unwrap_or_else(|payload| {
            let what = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            let what = what.lines().next().unwrap_or("").to_string();
            Err(format!("error: internal error in spec-diff: {what}"))
        });
    match result {
        Ok(outcome) => {
            print!("{}", outcome.output);
            if outcome.failed {
                let fail_on = clap::ValueEnum::to_possible_value(&fail_on)
                    .map(|v| v.get_name().to_string())
                    .unwrap_or_default();
                eprintln!(
                    "spec-diff: verdict `{}` fails --fail-on {fail_on}",
                    outcome.report.verdict
                );
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(message) => {
            if format == FormatArg::Github {
                let text = message.replace('%', "%25").replace('\n', "%0A");
                println!("::error title=spec-diff::{text}");
            }
            eprintln!("{message}");
            ExitCode::from(2)
        }
    }
}
