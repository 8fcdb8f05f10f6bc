//! spec-diff: what a change to the OpenAPI document does on the wire and to
//! the generated Rust API, for review (`cargo xtask spec-diff` reads the
//! two sides from git or files and calls [`compare`] and [`render`]; this
//! crate does no file I/O and runs no git).
//!
//! One folder per area of the spec, each holding its wire rules:
//! - `operations`: operations matched by method and
//!   path, their ids, deprecation, paging and request bodies;
//! - `parameters`: operation and client-level parameters;
//! - `schemas`: schemas compared structurally (`composition`: `allOf`,
//!   `oneOf`, `anyOf`; `properties`; `values`: enums and constraints);
//! - `responses`: status codes, media types, bodies and headers (media
//!   types of request bodies too);
//! - `security`: security schemes and requirements;
//! - [`rust_api`]: the public surface of the generated module (both sides
//!   generated in process, large specs in parts) and its semver diff.
//!
//! Around them: [`wire`] walks the areas and merges, places and sorts their
//! changes; [`rules`] holds every rule id and its class; [`model`] the
//! change data all of them share; [`report`] the markdown, JSON and
//! GitHub-annotation output. Documented in `docs/spec-diff.md`.

pub mod model;
mod operations;
mod parameters;
pub mod report;
mod responses;
pub mod rules;
pub mod rust_api;
mod schemas;
mod security;
pub mod wire;

use model::{Counts, Report, Semver, Severity, Side};
use rust_api::generation;

/// Output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// A report for one sticky pull-request comment.
    Markdown,
    /// The report as JSON (shape in docs/spec-diff.md).
    Json,
    /// GitHub Actions annotations (`::error file=…,line=…::…`).
    Github,
}

/// When to exit with status 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailOn {
    /// A breaking wire change, or a major change of the generated API.
    Breaking,
    /// Any change (the verdict is not `no-changes`).
    Any,
    /// Never (errors in loading a spec still exit with 2).
    Never,
}

/// One side's spec text and how it is named.
#[derive(Clone, Debug)]
pub struct Loaded {
    /// Its names in messages and annotations.
    pub side: Side,
    /// The YAML text.
    pub text: String,
}

/// One side read for review, and its generated Rust API (or why there is
/// none).
struct Prepared {
    document: openapiv3::OpenAPI,
    /// The generator's model of `document`: the facts compared.
    model: acs_chat_codegen::model::Model,
    rust: generation::Generated,
}

/// The document and the generator's model of it.
type Read = (openapiv3::OpenAPI, acs_chat_codegen::model::Model);

/// Reads one side leniently for the wire diff, with the generator's model
/// of it (`acs_chat_codegen::review`): an error only when it is not an
/// OpenAPI 3.0 document at all, with the loader's place in it.
fn read(which: &str, spec: &Loaded) -> Result<Read, String> {
    let options = acs_chat_codegen::Options::new(&spec.side.source);
    acs_chat_codegen::review(&spec.text, &options).map_err(|e| {
        format!(
            "error: cannot load the {which} spec ({}): {}",
            spec.side.source,
            generation::one_line(&e.to_string())
        )
    })
}

/// Reads both sides (on two threads), then generates their Rust API
/// ([`generation::both`]), which may fail without stopping the review.
fn prepare_both(base: &Loaded, head: &Loaded) -> Result<(Prepared, Prepared), String> {
    let (b, h) = std::thread::scope(|scope| {
        let b = scope.spawn(|| read("base", base));
        let h = read("head", head);
        (b.join(), h)
    });
    let b = b.map_err(|_| "error: internal error while reading the base spec".to_string())?;
    let ((base_doc, base_model), (head_doc, head_model)) = (b?, h?);
    let (base_rust, head_rust) = generation::both(
        &base.text,
        &head.text,
        (&base.side.source, &head.side.source),
        (base_doc.paths.paths.len(), head_doc.paths.paths.len()),
    );
    Ok((
        Prepared {
            document: base_doc,
            model: base_model,
            rust: base_rust,
        },
        Prepared {
            document: head_doc,
            model: head_model,
            rust: head_rust,
        },
    ))
}

/// Compares two specs: wire changes and the generated API's diff.
/// `crate_version` (of `acs-chat`) turns the semver level into a version.
pub fn compare(
    base: &Loaded,
    head: &Loaded,
    crate_version: Option<&str>,
) -> Result<Report, String> {
    let (b, h) = prepare_both(base, head)?;
    let wire = wire::diff(
        &wire::Doc::new(&b.document, &b.model, &base.text),
        &wire::Doc::new(&h.document, &h.model, &head.text),
    );
    let rust_api = match (&b.rust, &h.rust) {
        (Ok((bs, bsurf)), Ok((hs, hsurf))) => rust_api::diff(bsurf, bs, hsurf, hs, crate_version),
        _ => rust_api::not_generated(
            b.rust.as_ref().err().cloned(),
            h.rust.as_ref().err().cloned(),
            crate_version,
        ),
    };
    let mut counts = Counts::default();
    for c in &wire {
        match c.severity {
            Severity::Breaking => counts.breaking += 1,
            Severity::PossiblyBreaking => counts.possibly_breaking += 1,
            Severity::Compatible => counts.compatible += 1,
        }
    }
    let verdict = if counts.breaking > 0 || rust_api.semver == Semver::Major {
        "breaking"
    } else if counts.possibly_breaking > 0 {
        "possibly-breaking"
    } else if counts.compatible > 0 || rust_api.semver == Semver::Minor {
        "compatible"
    } else {
        "no-changes"
    };
    Ok(Report {
        schema_version: 1,
        base: base.side.clone(),
        head: head.side.clone(),
        verdict,
        counts,
        wire,
        rust_api,
    })
}

/// Whether `--fail-on` asks for exit status 1.
pub fn fails(report: &Report, fail_on: FailOn) -> bool {
    match fail_on {
        FailOn::Breaking => report.verdict == "breaking",
        FailOn::Any => report.verdict != "no-changes",
        FailOn::Never => false,
    }
}

/// Renders the report.
pub fn render(report: &Report, format: Format) -> String {
    match format {
        Format::Markdown => report::markdown(report),
        Format::Json => report::json(report),
        Format::Github => report::github(report),
    }
}
