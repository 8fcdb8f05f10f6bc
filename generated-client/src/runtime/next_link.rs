//! Which next links a listing may follow, and the requests for them: on
//! the client's endpoint (same scheme, host and port), without user info,
//! so that a token never leaves for another origin (see `paging` for the
//! rules). Apart from `paging` so that each file keeps one job.

use reqwest::header::{ACCEPT, HeaderValue};

use crate::runtime::error::Error;
use crate::runtime::pipeline::Pipeline;

/// The request for a next link, if it may be followed.
pub(crate) fn link_request<A>(
    pipeline: &Pipeline<A>,
    link: &str,
) -> Result<reqwest::Request, Error> {
    let url = next_link_url_from(pipeline.endpoint_url(), link).map_err(Error::InvalidRequest)?;
    Ok(get_request(url))
}

/// The request for a next link already resolved against its page, if it
/// may be followed: the same check as [`link_request`] without parsing the
/// link again (joining an absolute URL to the endpoint gives that URL).
pub(crate) fn resolved_link_request<A>(
    pipeline: &Pipeline<A>,
    url: reqwest::Url,
) -> Result<reqwest::Request, Error> {
    let url = same_origin(pipeline.endpoint_url(), url, None).map_err(Error::InvalidRequest)?;
    Ok(get_request(url))
}

/// The `GET` of a next link: what `http().get(url).header(ACCEPT, ..)`
/// builds, without a builder that could only fail on a URL already parsed
/// (the pipeline adds every other header, the client's defaults at send).
fn get_request(url: reqwest::Url) -> reqwest::Request {
    let mut request = reqwest::Request::new(reqwest::Method::GET, url);
    request
        .headers_mut()
        .insert(ACCEPT, HeaderValue::from_static("application/json"));
    request
}

/// The URL of a next link, if it may be followed from a client on
/// `endpoint`: on the same scheme, host and port, no user info. A relative
/// link (one saved from a page, in a continuation token) is resolved
/// against the endpoint first; links met while paging were already
/// resolved against their page's URL.
#[doc(hidden)] // for the benchmarks and fuzz targets, not an API
pub fn next_link_url(endpoint: &str, link: &str) -> Result<reqwest::Url, String> {
    let base = reqwest::Url::parse(endpoint)
        .map_err(|e| format!("the client's endpoint `{endpoint}` is not a URL: {e}"))?;
    next_link_url_from(&base, link)
}

/// [`next_link_url`] with the endpoint already parsed (a listing checks
/// every page's link against the same one, parsed once per client).
pub(crate) fn next_link_url_from(base: &reqwest::Url, link: &str) -> Result<reqwest::Url, String> {
    let url = base.join(link).map_err(|e| {
        format!(
            "the next link is not a URL reference ({e}): {}",
            redact_query(link)
        )
    })?;
    same_origin(base, url, Some(link))
}

/// `url` if it is on `base`'s origin with no user info; else why not, the
/// link shown as `link` (as written) or else as `url`.
pub(crate) fn same_origin(
    base: &reqwest::Url,
    url: reqwest::Url,
    link: Option<&str>,
) -> Result<reqwest::Url, String> {
    if !same_origin_as(&url, base) || !url.username().is_empty() || url.password().is_some() {
        return Err(format!(
            "the next link {} is not on the client's endpoint {}; not followed, so no token is sent there",
            redact_query(link.unwrap_or(url.as_str())),
            base.origin().ascii_serialization()
        ));
    }
    Ok(url)
}

/// `url.origin() == base.origin()`, without building either `Origin` (a
/// copy of the host) for the usual case: the same special scheme (whose
/// origin is scheme, host and port) on both.
pub(crate) fn same_origin_as(url: &reqwest::Url, base: &reqwest::Url) -> bool {
    if url.scheme() == base.scheme() && matches!(url.scheme(), "http" | "https") {
        url.host() == base.host() && url.port_or_known_default() == base.port_or_known_default()
    } else {
        url.origin() == base.origin()
    }
}

/// A link for messages: scheme, host and path, without user info or query
/// (which may carry anything).
pub(crate) fn redact_query(link: &str) -> String {
    match reqwest::Url::parse(link) {
        Ok(mut url) => {
            let _ = url.set_username("");
            let _ = url.set_password(None);
            url.set_query(None);
            format!("`{}`", crate::runtime::secrets::server_text(url.as_str()))
        }
        Err(_) => format!(
            "`{}`",
            crate::runtime::secrets::server_text(&without_user_info(
                link.split(['?', '#']).next().unwrap_or("")
            ))
        ),
    }
}

/// `text` (a reference that is not a URL by itself, such as a
/// scheme-relative `//user:password@host/path`) without what its authority
/// holds before `@`.
fn without_user_info(text: &str) -> String {
    let Some(at) = text.find("//") else {
        return text.to_string();
    };
    let (head, rest) = text.split_at(at + 2);
    let authority = &rest[..rest.find('/').unwrap_or(rest.len())];
    match authority.rfind('@') {
        Some(end) => format!("{head}{}", &rest[end + 1..]),
        None => text.to_string(),
    }
}
