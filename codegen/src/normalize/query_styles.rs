//! Array query parameters sent as one delimited value (`style: form,
//! explode: false`, `spaceDelimited`, `pipeDelimited`): which ones, and
//! with which delimiter. The `query_styles` pass swaps progenitor's
//! repeated-keys encoding for the runtime's `query_style::append_delimited`.
//! Validation has refused the styles and forms that cannot be sent.

use crate::model::{self, ParameterIn};

/// The literal delimiter for a parameter, when it is a delimited array.
pub(super) fn delimiter(p: &model::Parameter) -> Option<&'static str> {
    if p.location != ParameterIn::Query || !p.is_array || p.client == Ok(true) {
        return None;
    }
    match (p.style.as_str(), p.explode) {
        ("form", false) => Some(","),
        ("spaceDelimited", false) => Some("%20"),
        ("pipeDelimited", false) => Some("|"),
        _ => None,
    }
}

/// progenitor writes only `form` query parameters: the delimited styles
/// become `form` for it (the pass replaces its encoding anyway).
pub(super) fn as_form<'a>(
    list: impl IntoIterator<Item = &'a mut openapiv3::ReferenceOr<openapiv3::Parameter>>,
) {
    for p in list {
        if let openapiv3::ReferenceOr::Item(openapiv3::Parameter::Query { style, .. }) = p
            && matches!(
                style,
                openapiv3::QueryStyle::SpaceDelimited | openapiv3::QueryStyle::PipeDelimited
            )
        {
            *style = openapiv3::QueryStyle::Form;
        }
    }
}
