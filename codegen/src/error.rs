//! Structured errors: every problem says what is wrong and where in the spec.

use std::fmt;

/// Where in the OpenAPI document a problem is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    /// A position in the spec text (1-based line and column).
    Position {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
    /// A dotted path inside the document, such as
    /// `paths./chat/threads/{chatThreadId}/readReceipts.get.responses.200`.
    Path(String),
    /// A path inside the document and the position where it starts.
    PathAndPosition {
        /// Dotted path inside the document.
        path: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
    /// The document as a whole.
    Document,
}

/// One problem found in the spec.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Where the problem is.
    pub location: Location,
    /// What is wrong, in a sentence.
    pub message: String,
}

impl Diagnostic {
    /// A problem at a dotted path inside the document.
    pub fn at(path: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            location: Location::Path(path.into()),
            message: message.into(),
        }
    }
}

/// Everything that stopped generation. Never empty.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    source_name: String,
    diagnostics: Vec<Diagnostic>,
}

impl Error {
    pub(crate) fn new(source_name: &str, diagnostics: Vec<Diagnostic>) -> Self {
        debug_assert!(!diagnostics.is_empty());
        Error {
            source_name: source_name.to_string(),
            diagnostics,
        }
    }

    /// The problems, in document order where that is known.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// The name the spec was given in [`crate::Options::source_name`].
    pub fn source_name(&self) -> &str {
        &self.source_name
    }
}

impl fmt::Display for Error {
    /// One line per problem, `FILE:LINE:COLUMN: error: at `PATH`: MESSAGE`,
    /// with the parts that are known.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.diagnostics.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            let source = &self.source_name;
            match &d.location {
                Location::Document => write!(f, "{source}: error: {}", d.message)?,
                Location::Position { line, column } => {
                    write!(f, "{source}:{line}:{column}: error: {}", d.message)?
                }
                Location::Path(path) => write!(f, "{source}: error: at `{path}`: {}", d.message)?,
                Location::PathAndPosition { path, line, column } => write!(
                    f,
                    "{source}:{line}:{column}: error: at `{path}`: {}",
                    d.message
                )?,
            }
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// Joins the segments of a path inside the document with dots, the form used
/// in every [`Location::Path`].
pub(crate) fn path(segments: &[&str]) -> String {
    segments.join(".")
}
