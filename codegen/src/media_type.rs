//! Media type names: which belong to the JSON family, and which are
//! well-formed. Shared by validation and normalization.

/// A media type (parameters ignored) of the JSON family: serialized as JSON.
pub fn is_json_family(media: &str) -> bool {
    let essence = essence(media);
    essence == "application/json" || essence == "text/json" || essence.ends_with("+json")
}

/// `type/subtype` with optional parameters, all visible ASCII (a valid
/// header value, so the generated `HeaderValue::from_static` cannot panic).
pub fn is_valid_media_type(media: &str) -> bool {
    let essence = essence(media);
    let Some((kind, subtype)) = essence.split_once('/') else {
        return false;
    };
    !kind.is_empty()
        && !subtype.is_empty()
        && media
            .bytes()
            .all(|b| b == b' ' || b == b'\t' || b.is_ascii_graphic())
}

/// The media type without parameters, in lower case.
pub fn essence(media: &str) -> String {
    media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}
