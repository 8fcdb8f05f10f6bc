//! `cargo xtask regenerate [--check]`: spec in `spec/` → generated module in
//! `generated-client/`, and each test client's fixture spec → its committed
//! generated module ([`TEST_CLIENTS`]), so that one command keeps every
//! committed generated file fresh (a test client whose generated code is
//! stale against the runtime does not compile, so it cannot refresh itself).

use std::path::PathBuf;

use similar::TextDiff;

use crate::workspace;

/// What to read and write; [`Paths::workspace`] gives the project's own.
#[derive(Clone, Debug)]
pub struct Paths {
    /// The spec file.
    pub spec: PathBuf,
    /// The spec's name in messages and in the generated header.
    pub spec_name: String,
    /// The generated module.
    pub output: PathBuf,
    /// The output's name in messages.
    pub output_name: String,
}

impl Paths {
    /// `spec/acs-chat-read-receipts.yaml` → `generated-client/src/generated.rs`.
    pub fn workspace() -> Self {
        let root = workspace::root();
        Paths {
            spec: root.join(workspace::SPEC),
            spec_name: workspace::SPEC.to_string(),
            output: root.join(workspace::GENERATED),
            output_name: workspace::GENERATED.to_string(),
        }
    }
}

/// The test-only clients compiled from fixture specs: `(spec, output)`,
/// relative to the workspace root.
pub const TEST_CLIENTS: &[(&str, &str)] = &[
    (
        "tests/shapes-client/spec/shapes.yaml",
        "tests/shapes-client/src/generated.rs",
    ),
    (
        "codegen/tests/fixtures/specs/shape-discriminated-union.yaml",
        "tests/fixture-clients/src/shape_discriminated_union/generated.rs",
    ),
    (
        "codegen/tests/fixtures/specs/shape-inline-ms-enum.yaml",
        "tests/fixture-clients/src/shape_inline_ms_enum/generated.rs",
    ),
    (
        "codegen/tests/fixtures/specs/shape-problem-json-error.yaml",
        "tests/fixture-clients/src/shape_problem_json_error/generated.rs",
    ),
];

impl Paths {
    /// The real client first, then every [`TEST_CLIENTS`] entry.
    pub fn all() -> Vec<Paths> {
        let root = workspace::root();
        let mut all = vec![Paths::workspace()];
        all.extend(TEST_CLIENTS.iter().map(|(spec, output)| Paths {
            spec: root.join(spec),
            spec_name: spec.to_string(),
            output: root.join(output),
            output_name: output.to_string(),
        }));
        all
    }
}

/// Write the output, or only compare it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Write the output if it differs.
    Write,
    /// Write nothing; report a stale output.
    Check,
}

/// What happened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The output already matched the spec; nothing was written.
    UpToDate,
    /// The output was (re)written.
    Written,
    /// `--check`: the output does not match; a unified diff from the
    /// committed file to the expected one.
    Stale {
        /// Unified diff, committed → expected.
        diff: String,
    },
}

/// Generates from the spec, then writes or compares. On any error nothing
/// is written and the message says what and where.
pub fn regenerate(paths: &Paths, mode: Mode) -> Result<Outcome, String> {
    let spec_text = workspace::read(&paths.spec)?;
    let options = acs_chat_codegen::Options::new(&paths.spec_name);
    let expected = acs_chat_codegen::generate(&spec_text, &options).map_err(|e| {
        format!(
            "{e}\n\nnothing was written: {} is unchanged",
            paths.output_name
        )
    })?;
    let current = match std::fs::read_to_string(&paths.output) {
        Ok(text) => Some(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => {
            return Err(format!(
                "error: cannot read {}: {e}",
                paths.output.display()
            ));
        }
    };
    if current.as_deref() == Some(expected.as_str()) {
        return Ok(Outcome::UpToDate);
    }
    match mode {
        Mode::Check => {
            let committed = current.unwrap_or_default();
            let diff = TextDiff::from_lines(&committed, &expected)
                .unified_diff()
                .context_radius(3)
                .header(
                    &format!("a/{} (committed)", paths.output_name),
                    &format!("b/{} (from {})", paths.output_name, paths.spec_name),
                )
                .to_string();
            Ok(Outcome::Stale { diff })
        }
        Mode::Write => {
            workspace::write_atomically(&paths.output, &expected)?;
            Ok(Outcome::Written)
        }
    }
}
