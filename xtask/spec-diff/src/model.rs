//! The change data that every report is rendered from.

use serde::Serialize;

/// How a wire-level change affects existing callers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// Existing callers (or their decoders) stop working.
    Breaking,
    /// Breaks some callers, depending on what they send or rely on.
    PossiblyBreaking,
    /// Existing callers keep working.
    Compatible,
}

impl Severity {
    /// `breaking`, `possibly-breaking`, `compatible`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Breaking => "breaking",
            Severity::PossiblyBreaking => "possibly-breaking",
            Severity::Compatible => "compatible",
        }
    }
}

/// Where a change is in one version of the spec.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Location {
    /// Dotted path inside the document
    /// (`paths./chat/threads/{chatThreadId}/readReceipts.get.parameters.0`).
    pub path: String,
    /// 1-based line of that path (or of its nearest ancestor) in the file.
    pub line: usize,
}

/// One wire-level change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct WireChange {
    /// Stable rule id, e.g. `parameter-became-required` (see docs/spec-diff.md).
    pub rule: &'static str,
    /// The rule's classification.
    pub severity: Severity,
    /// The operations affected, as `METHOD /path (operationId)`; empty for
    /// changes to the document as a whole.
    pub operations: Vec<String>,
    /// What changed, in a sentence.
    pub message: String,
    /// Where, in the base spec (absent for additions).
    pub base: Option<Location>,
    /// Where, in the head spec; for a removal, the nearest enclosing node
    /// that is still there. Annotations point here.
    pub head: Location,
}

/// The semver level a change of the generated API needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Semver {
    /// Existing code using the crate may stop compiling.
    Major,
    /// New public items; existing code keeps compiling.
    Minor,
    /// The generated code changed, its public surface did not.
    Patch,
    /// The generated code is byte for byte the same.
    None,
}

impl Semver {
    /// `major`, `minor`, `patch`, `none`.
    pub fn as_str(self) -> &'static str {
        match self {
            Semver::Major => "major",
            Semver::Minor => "minor",
            Semver::Patch => "patch",
            Semver::None => "none",
        }
    }
}

/// What kind of public item of the generated module.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ItemKind {
    /// A method of `Client` that starts an operation.
    ClientMethod,
    /// A paging method (`pages`, `stream`, `*_next_page`, `*_pages_from`).
    PagingMethod,
    /// A setter or method of an operation builder (`builder::*`).
    BuilderMethod,
    /// A struct in `types`.
    Struct,
    /// A pub field of a struct in `types`.
    Field,
    /// An enum in `types`.
    Enum,
    /// A variant of an enum in `types`.
    Variant,
    /// A method of a type or of its builder in `types`.
    TypeMethod,
    /// A `ClientParameters` accessor.
    ClientParameter,
    /// A `ClientBuilder` setter.
    ClientBuilderSetter,
    /// Any other public item.
    Other,
}

/// How an item of the public surface changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ApiChangeKind {
    /// Gone from the head.
    Removed,
    /// Present on both sides with a different signature or type.
    Changed,
    /// New in the head.
    Added,
}

/// One change to the public surface of the generated Rust module.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ApiChange {
    /// Stable rule id, `rust-<kind>-<removed|changed|added>`, e.g.
    /// `rust-client-method-removed`.
    pub rule: String,
    /// Removed, changed or added.
    pub change: ApiChangeKind,
    /// What kind of item.
    pub kind: ItemKind,
    /// The item's path in the crate, e.g. `Client::list_chat_read_receipts`.
    pub item: String,
    /// The semver level this change alone needs.
    pub semver: Semver,
    /// The item's signature or type in the base, if it existed.
    pub before: Option<String>,
    /// The item's signature or type in the head, if it exists.
    pub after: Option<String>,
}

/// The diff of the generated Rust API.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RustApi {
    /// The highest level any change needs.
    pub semver: Semver,
    /// What that means for the crate's version number (0.x mapping included).
    pub bump: String,
    /// Every change, removed first, then changed, then added, by item.
    pub changes: Vec<ApiChange>,
    /// The sides whose spec the generator refuses (their wire diff is still
    /// reported); present in JSON only when not empty.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub not_generated: Vec<NotGenerated>,
}

/// A side the generator cannot build a client from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NotGenerated {
    /// `base` or `head`.
    pub side: &'static str,
    /// The generator's error, on one line, with its place in the spec.
    pub error: String,
}

/// Counts of wire changes by severity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// `breaking` changes.
    pub breaking: usize,
    /// `possibly-breaking` changes.
    pub possibly_breaking: usize,
    /// `compatible` changes.
    pub compatible: usize,
}

/// One side of the comparison.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Side {
    /// How the spec was read: `origin/main:spec/acs-chat-read-receipts.yaml`,
    /// `working tree:spec/…`, or a file path.
    pub source: String,
    /// The file annotations point at (the path in the repository, or the file).
    pub file: String,
}

/// Everything `spec-diff` found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Version of this JSON shape; bumped on incompatible changes to it.
    pub schema_version: u32,
    /// The old spec.
    pub base: Side,
    /// The new spec.
    pub head: Side,
    /// `breaking`, `possibly-breaking`, `compatible` or `no-changes`.
    pub verdict: &'static str,
    /// Wire changes by severity.
    pub counts: Counts,
    /// Wire-level changes: breaking first, then by operation, rule and place.
    pub wire: Vec<WireChange>,
    /// The generated Rust API.
    pub rust_api: RustApi,
}

impl Report {
    /// Whether nothing at all changed (wire or generated code).
    pub fn is_empty(&self) -> bool {
        self.wire.is_empty() && self.rust_api.semver == Semver::None
    }
}
