//! The next-link fast path against the way it was done before: a page's
//! next link resolved against the page to a string, that string joined to
//! the endpoint and its origin compared with `Url::origin`. The fast path
//! carries the resolved `Url` and compares scheme, host and port directly;
//! on every link below both must give the same URL or the same message.

use super::*;

/// The link as followed before the fast path (resolve, print, parse again).
fn followed_before(
    endpoint: &reqwest::Url,
    page: &reqwest::Url,
    link: &str,
) -> Result<String, String> {
    let resolved: String = match page.join(link) {
        Ok(url) => url.into(),
        Err(_) => link.to_string(),
    };
    let url = endpoint.join(&resolved).map_err(|e| {
        format!(
            "the next link is not a URL reference ({e}): {}",
            redact_query(&resolved)
        )
    })?;
    if url.origin() != endpoint.origin() || !url.username().is_empty() || url.password().is_some() {
        return Err(format!(
            "the next link {} is not on the client's endpoint {}; not followed, so no token is sent there",
            redact_query(&resolved),
            endpoint.origin().ascii_serialization()
        ));
    }
    Ok(url.into())
}

/// The link as followed now.
fn followed_now(
    endpoint: &reqwest::Url,
    page: &reqwest::Url,
    link: &str,
) -> Result<String, String> {
    match resolve_next(Some(page), link) {
        Next::Resolved(url) => same_origin(endpoint, *url, None),
        Next::Link(link) => next_link_url_from(endpoint, &link),
        _ => unreachable!("a link resolves to a link"),
    }
    .map(String::from)
}

const ENDPOINTS: &[&str] = &[
    "https://contoso.communication.azure.com",
    "https://contoso.communication.azure.com:443/",
    "http://127.0.0.1:8080",
    "http://localhost",
    "https://[::1]:8443",
    "https://xn--bcher-kva.example",
];

const LINKS: &[&str] = &[
    "/chat/threads/t/readReceipts?skip=2&api-version=2025-03-15",
    "readReceipts?skip=2",
    "?skip=4",
    "#frag",
    "../../x",
    "../../../../../../x",
    ".",
    "./a/./b/../c",
    "//evil.example/x?skip=2",
    "//contoso.communication.azure.com/x",
    "//CONTOSO.communication.azure.com:443/x",
    "//user:pw@contoso.communication.azure.com/chat",
    "https://contoso.communication.azure.com/a?b=c",
    "HTTPS://CONTOSO.COMMUNICATION.AZURE.COM/a?b=c",
    "https://contoso.communication.azure.com:443/a",
    "https://contoso.communication.azure.com:8443/a",
    "https://contoso.communication.azure.com./a",
    "http://contoso.communication.azure.com/a",
    "https://user@contoso.communication.azure.com/a",
    "https://:pw@contoso.communication.azure.com/a",
    "https://evil.example/chat?skip=2&sig=secret",
    "https:evil.example/x",
    "https:/x",
    "https:x",
    "http://127.0.0.1:8080/chat?skip=2",
    "http://127.0.0.1/chat",
    "http://127.1:8080/chat",
    "http://0x7f.0.0.1:8080/chat",
    "http://2130706433:8080/chat",
    "http://localhost/chat",
    "http://LOCALHOST:80/chat",
    "http://localhost:8080/chat",
    "https://[::1]:8443/x",
    "https://[0:0::1]:8443/x",
    "https://[::1]/x",
    "https://bücher.example/x",
    "https://xn--bcher-kva.example/x",
    "https://b%C3%BCcher.example/x",
    "blob:https://contoso.communication.azure.com/x",
    "blob:http://127.0.0.1:8080/x",
    "file:///etc/passwd",
    "data:text/plain,hi",
    "mailto:a@contoso.communication.azure.com",
    "javascript:alert(1)",
    "ws://contoso.communication.azure.com/x",
    "wss://contoso.communication.azure.com/x",
    "ftp://contoso.communication.azure.com/x",
    "web+demo:/.//not-a-host/",
    "\\\\evil.example\\x",
    "/\\evil.example/x",
    " \t/chat?skip=2\n",
    "/ch\tat?sk\nip=2",
    "https://[::1/x",
    "https://contoso.communication.azure.com:99999/x",
    "https://exa mple/x",
    "http://%41.example/x",
    "/%2e%2e/%2E%2E/x",
    "/a?q=%zz&r=é",
    "?",
    "/chat/threads/19%3Ax%40thread.v2/readReceipts?skip=2",
    "https://contoso.communication.azure.com/chat/threads/19:x@thread.v2/readReceipts",
];

#[test]
fn a_resolved_next_link_is_followed_as_before_the_fast_path() {
    // Both outcomes, so that the comparison covers links followed and links
    // refused, not one kind only.
    let (mut followed, mut refused) = (0, 0);
    for endpoint in ENDPOINTS {
        let endpoint = reqwest::Url::parse(endpoint).unwrap();
        for page in [
            endpoint
                .join("/chat/threads/t/readReceipts?skip=0")
                .unwrap(),
            endpoint.join("/a/b/c/").unwrap(),
            endpoint.clone(),
        ] {
            for link in LINKS {
                let now = followed_now(&endpoint, &page, link);
                assert_eq!(
                    now,
                    followed_before(&endpoint, &page, link),
                    "endpoint {endpoint}, page {page}, link {link:?}"
                );
                match now {
                    Ok(_) => followed += 1,
                    Err(_) => refused += 1,
                }
            }
        }
    }
    assert!(
        followed >= 100 && refused >= 100,
        "followed {followed}, refused {refused}"
    );
}

#[test]
fn the_origin_shortcut_agrees_with_url_origin() {
    let urls: Vec<reqwest::Url> = ENDPOINTS
        .iter()
        .chain(LINKS)
        .filter_map(|u| reqwest::Url::parse(u).ok())
        .collect();
    assert!(urls.len() > 40, "{}", urls.len());
    for a in &urls {
        for b in &urls {
            assert_eq!(same_origin_as(a, b), a.origin() == b.origin(), "{a} / {b}");
        }
    }
}
