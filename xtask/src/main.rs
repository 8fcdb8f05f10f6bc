//! Project tasks: `cargo xtask <command>` (the alias is in `.cargo/config.toml`).
//!
//! All file I/O of code generation lives here; `acs-chat-codegen` is pure.

mod regenerate;
mod workspace;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

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
    /// atomically. On any error nothing is written.
    Regenerate(regenerate::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Regenerate(args) => regenerate::run(&args),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}
