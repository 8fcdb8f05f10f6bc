//! `cargo xtask regenerate [--check]`.

use std::process::ExitCode;

use similar::TextDiff;

use crate::workspace::{self, GENERATED, SPEC};

/// Options of `cargo xtask regenerate`.
#[derive(clap::Args)]
pub struct Args {
    /// Write nothing; fail with a unified diff if the committed output is stale.
    #[arg(long)]
    check: bool,
}

/// Generates from the spec and writes (or, with `--check`, compares).
pub fn run(args: &Args) -> Result<ExitCode, String> {
    let root = workspace::root();
    let spec_text = workspace::read(&root.join(SPEC))?;
    let generated = acs_chat_codegen::generate(&spec_text, &acs_chat_codegen::Options::new(SPEC))
        .map_err(|e| format!("{e}\n\nnothing was written: {GENERATED} is unchanged"))?;
    let target = root.join(GENERATED);

    if args.check {
        let committed = std::fs::read_to_string(&target).unwrap_or_default();
        if committed == generated {
            println!("{GENERATED} is up to date with {SPEC}");
            return Ok(ExitCode::SUCCESS);
        }
        let diff = TextDiff::from_lines(&committed, &generated);
        print!(
            "{}",
            diff.unified_diff().context_radius(3).header(
                &format!("a/{GENERATED} (committed)"),
                &format!("b/{GENERATED} (from {SPEC})")
            )
        );
        eprintln!(
            "\nerror: {GENERATED} is stale against {SPEC}; run `cargo xtask regenerate` and commit the result"
        );
        return Ok(ExitCode::FAILURE);
    }

    let unchanged = std::fs::read_to_string(&target).is_ok_and(|c| c == generated);
    if unchanged {
        println!("{GENERATED} is already up to date");
    } else {
        workspace::write_atomically(&target, &generated)?;
        println!("wrote {GENERATED} from {SPEC}");
    }
    Ok(ExitCode::SUCCESS)
}
