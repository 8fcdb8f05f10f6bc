//! Array query parameters sent as one delimited value: OpenAPI's
//! `style: form, explode: false` (`ids=a,b`), `spaceDelimited`
//! (`ids=a%20b`) and `pipeDelimited` (`ids=a|b`).
//!
//! progenitor writes every array query parameter as repeated keys
//! (`ids=a&ids=b`, the `form` + `explode: true` default); the generator
//! replaces that call for the other styles by [`append_delimited`]. Each
//! value is percent-encoded on its own (everything outside RFC 3986's
//! unreserved set, so a `,` or `|` inside a value is `%2C`/`%7C` and cannot be
//! read as a delimiter), then the values are joined with the literal
//! delimiter. An empty list, like an absent one, sends nothing, as for the
//! repeated-keys style.

use percent_encoding::utf8_percent_encode;

use crate::runtime::url_encoding::NOT_UNRESERVED;

/// Appends `name=v1<delimiter>v2…` to the query of `url`, keeping what is
/// already there. `delimiter` is written as given: `","`, `"%20"` or `"|"`.
#[allow(dead_code)] // called only when the spec has such a parameter
pub(crate) fn append_delimited<T: std::fmt::Display>(
    url: &mut reqwest::Url,
    name: &str,
    values: Option<&[T]>,
    delimiter: &str,
) {
    let Some(values) = values.filter(|v| !v.is_empty()) else {
        return;
    };
    let joined = values
        .iter()
        .map(|v| utf8_percent_encode(&v.to_string(), NOT_UNRESERVED).to_string())
        .collect::<Vec<_>>()
        .join(delimiter);
    let pair = format!("{}={joined}", utf8_percent_encode(name, NOT_UNRESERVED));
    let query = match url.query() {
        Some(q) if !q.is_empty() => format!("{q}&{pair}"),
        _ => pair,
    };
    url.set_query(Some(&query));
}

#[cfg(test)]
mod tests {
    use super::append_delimited;

    fn url() -> reqwest::Url {
        reqwest::Url::parse("https://h.example/items?api-version=1").unwrap()
    }

    #[test]
    fn each_style_joins_with_its_delimiter() {
        let mut u = url();
        append_delimited(&mut u, "fields", Some(&["a", "b"][..]), ",");
        append_delimited(&mut u, "ids", Some(&["x", "y"][..]), "%20");
        append_delimited(&mut u, "codes", Some(&[1, 22][..]), "|");
        assert_eq!(
            u.query(),
            Some("api-version=1&fields=a,b&ids=x%20y&codes=1|22")
        );
    }

    #[test]
    fn delimiters_inside_values_are_encoded() {
        let mut u = url();
        append_delimited(&mut u, "f", Some(&["a,b", "c|d e", "ü&="][..]), ",");
        assert_eq!(
            u.query(),
            Some("api-version=1&f=a%2Cb,c%7Cd%20e,%C3%BC%26%3D")
        );
        let decoded: Vec<(String, String)> = u.query_pairs().into_owned().collect();
        assert_eq!(decoded[1], ("f".into(), "a,b,c|d e,ü&=".into()));
    }

    #[test]
    fn absent_or_empty_sends_nothing() {
        let mut u = reqwest::Url::parse("https://h.example/items").unwrap();
        append_delimited::<&str>(&mut u, "f", None, ",");
        append_delimited::<&str>(&mut u, "f", Some(&[]), ",");
        assert_eq!(u.query(), None);
        append_delimited(&mut u, "f", Some(&["a"][..]), ",");
        assert_eq!(u.as_str(), "https://h.example/items?f=a");
    }
}
