//! The `Client` type's documentation, written for the crate's users: the
//! spec's `info.x-acs-client-docs` (this project's extension, Markdown) when
//! present, else the first paragraph of `info.description`. The rest of a
//! description is often the spec's authoring notes, which belong in the
//! spec, not in a user's rustdoc.

use openapiv3::OpenAPI;

use super::extensions;

/// The client docs, or why the extension cannot be read.
pub(super) fn of(spec: &OpenAPI) -> Result<Option<String>, String> {
    if let Some(docs) = extensions::read::<String>(&spec.info.extensions, extensions::CLIENT_DOCS)?
    {
        let docs = docs.trim();
        if docs.is_empty() {
            return Err(format!("`{}` is empty", extensions::CLIENT_DOCS));
        }
        return Ok(Some(docs.to_string()));
    }
    Ok(spec.info.description.as_deref().and_then(first_paragraph))
}

fn first_paragraph(text: &str) -> Option<String> {
    let paragraph: Vec<&str> = text
        .trim_start()
        .lines()
        .take_while(|l| !l.trim().is_empty())
        .collect();
    (!paragraph.is_empty()).then(|| paragraph.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(info: &str) -> OpenAPI {
        serde_yaml::from_str(&format!(
            "openapi: 3.0.3\ninfo:\n{info}\n  version: '1'\npaths: {{}}\n"
        ))
        .unwrap()
    }

    #[test]
    fn the_extension_wins_and_else_the_first_paragraph() {
        let s = spec("  title: T\n  description: \"User text.\\nMore.\\n\\nAuthoring notes.\"\n");
        assert_eq!(of(&s).unwrap().as_deref(), Some("User text.\nMore."));
        let s = spec("  title: T\n  description: notes\n  x-acs-client-docs: For users.\n");
        assert_eq!(of(&s).unwrap().as_deref(), Some("For users."));
        let s = spec("  title: T\n  x-acs-client-docs: 3\n");
        assert!(of(&s).unwrap_err().contains("x-acs-client-docs"));
        assert_eq!(of(&spec("  title: T\n")).unwrap(), None);
    }
}
