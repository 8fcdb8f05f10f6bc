//! Access tokens: HS256 JWTs signed and checked by the mock.
//!
//! Claims: `sub` (the user's raw id, `8:acs:...`), `skypeid` (the same
//! without `8:`, as in real ACS tokens), `iat`, `exp`, `scp`, `acsScope`.
//! On the way in, the user is `sub`, else `8:` + `skypeid`.

use aws_lc_rs::hmac;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};

/// Why a token was refused (all of them answer 401).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenError {
    /// No `Authorization` header.
    Missing,
    /// Not `Bearer <three base64url parts>` with JSON header and claims.
    Malformed(&'static str),
    /// Not `alg: HS256`, or the signature does not match the secret.
    BadSignature,
    /// `exp` is in the past (or `nbf` in the future).
    Expired,
}

impl TokenError {
    /// The message in the 401 body.
    pub fn message(&self) -> String {
        match self {
            TokenError::Missing => "Request is not authorized: no Authorization header.".into(),
            TokenError::Malformed(why) => {
                format!("Request is not authorized: the access token is malformed ({why}).")
            }
            TokenError::BadSignature => {
                "Request is not authorized: the access token signature is invalid.".into()
            }
            TokenError::Expired => {
                "Request is not authorized: the access token has expired.".into()
            }
        }
    }
}

/// Seconds since the Unix epoch.
pub(crate) fn now_secs() -> i64 {
    chrono::Utc::now().timestamp()
}

/// A token for `user_id`, valid for `ttl_secs` from now (negative: already expired).
pub fn sign(secret: &[u8], user_id: &str, ttl_secs: i64) -> String {
    let now = now_secs();
    let skypeid = user_id.strip_prefix("8:").unwrap_or(user_id);
    let header = json!({"alg": "HS256", "typ": "JWT"});
    let claims = json!({
        "sub": user_id,
        "skypeid": skypeid,
        "scp": 1792,
        "acsScope": "chat",
        "iat": now,
        "exp": now.saturating_add(ttl_secs),
    });
    let signing_input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    );
    let key = hmac::Key::new(hmac::HMAC_SHA256, secret);
    let tag = hmac::sign(&key, signing_input.as_bytes());
    format!("{signing_input}.{}", URL_SAFE_NO_PAD.encode(tag.as_ref()))
}

/// The user of an `Authorization` header value, if its token is good now.
pub fn verify_header(secret: &[u8], header: Option<&[u8]>) -> Result<String, TokenError> {
    let header = header.ok_or(TokenError::Missing)?;
    let header = std::str::from_utf8(header).map_err(|_| TokenError::Malformed("not text"))?;
    let (scheme, token) = header
        .trim()
        .split_once(' ')
        .ok_or(TokenError::Malformed("expected `Bearer <token>`"))?;
    if !scheme.eq_ignore_ascii_case("bearer") {
        return Err(TokenError::Malformed("expected `Bearer <token>`"));
    }
    verify(secret, token.trim())
}

/// The user of a token, if it is good now.
pub fn verify(secret: &[u8], token: &str) -> Result<String, TokenError> {
    let mut parts = token.split('.');
    let (Some(h), Some(c), Some(s), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(TokenError::Malformed("not three dot-separated parts"));
    };
    let decode = |part: &str| {
        URL_SAFE_NO_PAD
            .decode(part.trim_end_matches('='))
            .map_err(|_| TokenError::Malformed("not base64url"))
    };
    let header: Value = serde_json::from_slice(&decode(h)?)
        .map_err(|_| TokenError::Malformed("header is not JSON"))?;
    let claims: Value = serde_json::from_slice(&decode(c)?)
        .map_err(|_| TokenError::Malformed("claims are not JSON"))?;
    let signature = decode(s)?;
    if header.get("alg").and_then(Value::as_str) != Some("HS256") {
        return Err(TokenError::BadSignature);
    }
    let key = hmac::Key::new(hmac::HMAC_SHA256, secret);
    let signing_input = &token[..h.len() + 1 + c.len()];
    hmac::verify(&key, signing_input.as_bytes(), &signature)
        .map_err(|_| TokenError::BadSignature)?;
    let now = now_secs();
    let exp = claims
        .get("exp")
        .and_then(Value::as_f64)
        .ok_or(TokenError::Malformed("no numeric `exp` claim"))?;
    if exp <= now as f64 {
        return Err(TokenError::Expired);
    }
    if let Some(nbf) = claims.get("nbf").and_then(Value::as_f64)
        && nbf > now as f64 + 60.0
    {
        return Err(TokenError::Expired);
    }
    let user = match (
        claims.get("sub").and_then(Value::as_str),
        claims.get("skypeid").and_then(Value::as_str),
    ) {
        (Some(sub), _) if !sub.is_empty() => sub.to_string(),
        (_, Some(skype)) if !skype.is_empty() => format!("8:{skype}"),
        _ => return Err(TokenError::Malformed("no `sub` or `skypeid` claim")),
    };
    Ok(user)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_refusals() {
        let t = sign(b"k", "8:acs:a_b", 60);
        assert_eq!(verify(b"k", &t).unwrap(), "8:acs:a_b");
        assert_eq!(verify(b"other", &t), Err(TokenError::BadSignature));
        assert_eq!(
            verify(b"k", &sign(b"k", "8:acs:a_b", -1)),
            Err(TokenError::Expired)
        );
        assert!(matches!(verify(b"k", "a.b"), Err(TokenError::Malformed(_))));
        assert!(matches!(
            verify(b"k", "!!.??.**"),
            Err(TokenError::Malformed(_))
        ));
        assert_eq!(verify_header(b"k", None), Err(TokenError::Missing));
        let h = format!("bearer {t}");
        assert_eq!(
            verify_header(b"k", Some(h.as_bytes())).unwrap(),
            "8:acs:a_b"
        );
        assert!(verify_header(b"k", Some(b"Basic abc")).is_err());
        assert!(verify_header(b"k", Some(&[0xff, 0xfe])).is_err());
        // A tampered payload does not verify.
        let mut parts: Vec<&str> = t.split('.').collect();
        let forged = URL_SAFE_NO_PAD.encode(r#"{"sub":"8:acs:evil","exp":9999999999}"#);
        parts[1] = &forged;
        assert_eq!(
            verify(b"k", &parts.join(".")),
            Err(TokenError::BadSignature)
        );
    }
}
