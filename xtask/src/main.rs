//! Project tasks: `cargo xtask <command>` (the alias is in `.cargo/config.toml`).

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use xtask::check_fixtures;
use xtask::regenerate::{self, Mode, Outcome, Paths};

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
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Regenerate { check } => run_regenerate(check),
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
    let paths = Paths::workspace();
    let mode = if check { Mode::Check } else { Mode::Write };
    match regenerate::regenerate(&paths, mode) {
        Ok(Outcome::UpToDate) => {
            println!(
                "{} is up to date with {}",
                paths.output_name, paths.spec_name
            );
            ExitCode::SUCCESS
        }
        Ok(Outcome::Written) => {
            println!("wrote {} from {}", paths.output_name, paths.spec_name);
            ExitCode::SUCCESS
        }
        Ok(Outcome::Stale { diff }) => {
            print!("{diff}");
            eprintln!(
                "\nerror: {} is stale against {}; run `cargo xtask regenerate` and commit the result",
                paths.output_name, paths.spec_name
            );
            ExitCode::FAILURE
        }
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}
