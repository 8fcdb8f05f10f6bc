//! Access tokens: HS256 JWTs signed and checked by the mock.
//!
//! Claims: `sub` (the user's raw id, `8:acs:...`), `skypeid` (the same
//! without `8:`, as in real ACS tokens), `iat`, `exp`, `scp`, `acsScope`.
//! On the way in, the user is `sub`, else `8:` + `skypeid`.

use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
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
    let claims = json!({
        "sub": user_id,
        "skypeid": skypeid,
        "scp": 1792,
        "acsScope": "chat",
        "iat": now,
        "exp": now.saturating_add(ttl_secs),
    });
    // HS256 over a JSON object fails only for an unusable key; the empty
    // string is then refused as malformed by `verify`.
    EncodingKey::from_secret(secret)
        .and_then(|key| jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &key))
        .unwrap_or_default()
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

/// The user of a token, if it is good now: three base64url parts without
/// padding, `alg: HS256` signed with `secret`, a numeric `exp` in the
/// future (no leeway), a numeric `nbf`, if any, at most 60 s ahead, and a
/// user in `sub` or `skypeid`. Checked by `jsonwebtoken`, except `nbf`,
/// whose 60 s allowance must not extend `exp` too.
pub fn verify(secret: &[u8], token: &str) -> Result<String, TokenError> {
    if token.split('.').count() != 3 {
        return Err(TokenError::Malformed("not three dot-separated parts"));
    }
    let mut validation = Validation::new(Algorithm::HS256);
    validation.leeway = 0;
    validation.validate_nbf = false;
    validation.validate_aud = false;
    validation.set_required_spec_claims(&["exp"]);
    let key = DecodingKey::from_secret(secret)
        .map_err(|_| TokenError::Malformed("the secret cannot be used"))?;
    let data =
        jsonwebtoken::decode::<Value>(token, &key, &validation).map_err(|e| match e.kind() {
            ErrorKind::ExpiredSignature | ErrorKind::ImmatureSignature => TokenError::Expired,
            ErrorKind::InvalidSignature | ErrorKind::InvalidAlgorithm => TokenError::BadSignature,
            ErrorKind::MissingRequiredClaim(_) => TokenError::Malformed("no numeric `exp` claim"),
            ErrorKind::InvalidClaimFormat(claim) if claim == "exp" => {
                TokenError::Malformed("no numeric `exp` claim")
            }
            ErrorKind::InvalidClaimFormat(_) => TokenError::Malformed("a claim has the wrong type"),
            ErrorKind::Base64(_) => TokenError::Malformed("not base64url without padding"),
            ErrorKind::Json(_) | ErrorKind::Utf8(_) => {
                TokenError::Malformed("header or claims are not JSON")
            }
            _ => TokenError::Malformed("not a JWT"),
        })?;
    let claims = data.claims;
    let now = now_secs();
    match claims.get("nbf") {
        None => {}
        Some(nbf) => {
            let nbf = nbf
                .as_f64()
                .ok_or(TokenError::Malformed("`nbf` is not a number"))?;
            if nbf > now as f64 + 60.0 {
                return Err(TokenError::Expired);
            }
        }
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
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    /// A token signed with `secret` over the given header and claims, by
    /// hand (to build ones `sign` would never make).
    fn forge(secret: &[u8], header: &str, claims: &str) -> String {
        let input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header),
            URL_SAFE_NO_PAD.encode(claims)
        );
        let key = aws_lc_rs::hmac::Key::new(aws_lc_rs::hmac::HMAC_SHA256, secret);
        let tag = aws_lc_rs::hmac::sign(&key, input.as_bytes());
        format!("{input}.{}", URL_SAFE_NO_PAD.encode(tag.as_ref()))
    }

    const HS256: &str = r#"{"alg":"HS256","typ":"JWT"}"#;

    #[test]
    fn padded_signatures_are_refused() {
        let t = sign(b"k", "8:acs:a_b", 60);
        assert!(verify(b"k", &t).is_ok());
        for pad in ["=", "==", "%3D"] {
            assert!(
                matches!(
                    verify(b"k", &format!("{t}{pad}")),
                    Err(TokenError::Malformed(_))
                ),
                "{pad}"
            );
        }
    }

    #[test]
    fn nbf_must_be_a_number_within_a_minute() {
        let exp = now_secs() + 600;
        let with_nbf = |nbf: &str| {
            forge(
                b"k",
                HS256,
                &format!(r#"{{"sub":"8:acs:u","exp":{exp},"nbf":{nbf}}}"#),
            )
        };
        assert_eq!(verify(b"k", &with_nbf("0")).unwrap(), "8:acs:u");
        assert_eq!(
            verify(b"k", &with_nbf(&(now_secs() + 30).to_string())).unwrap(),
            "8:acs:u"
        );
        assert_eq!(
            verify(b"k", &with_nbf(&(now_secs() + 600).to_string())),
            Err(TokenError::Expired)
        );
        for bad in [r#""soon""#, "null", "[1]", r#"{"a":1}"#] {
            assert!(
                matches!(verify(b"k", &with_nbf(bad)), Err(TokenError::Malformed(_))),
                "{bad}"
            );
        }
        // `exp` has no leeway.
        let stale = forge(
            b"k",
            HS256,
            &format!(r#"{{"sub":"8:acs:u","exp":{}}}"#, now_secs() - 1),
        );
        assert_eq!(verify(b"k", &stale), Err(TokenError::Expired));
        let none = forge(
            b"k",
            r#"{"alg":"none"}"#,
            r#"{"sub":"8:acs:u","exp":9999999999}"#,
        );
        assert!(verify(b"k", &none).is_err());
    }

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
