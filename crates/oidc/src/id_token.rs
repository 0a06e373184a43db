//! The ID token's claims and their checks (OpenID Connect Core 3.1.3.7) after the signature:
//! issuer, audience, authorized party, expiry and issue time with 60 s leeway, nonce, and the
//! access token hash when present. Time comes in as a parameter so that tests set it.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::error::TokenRejection;

/// Clock skew we tolerate between us and the provider, in seconds.
pub(crate) const LEEWAY: i64 = 60;

/// `aud` is a string or an array of strings.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Audience {
    One(String),
    Many(Vec<String>),
}

/// The claims we check; the identity attributes are read separately from the same JSON.
#[derive(Debug, Deserialize)]
struct Protocol {
    iss: String,
    sub: String,
    aud: Audience,
    exp: i64,
    iat: i64,
    #[serde(default)]
    nonce: Option<String>,
    #[serde(default)]
    azp: Option<String>,
    #[serde(default)]
    at_hash: Option<String>,
}

/// What a valid token must match.
pub(crate) struct Expected<'a> {
    pub issuer: &'a str,
    pub client_id: &'a str,
    pub nonce: &'a str,
    pub access_token: &'a str,
    /// Seconds since the epoch.
    pub now: i64,
}

/// Checks the verified payload; returns it as a JSON object and its `sub`.
pub(crate) fn validate(
    payload: &[u8],
    expected: &Expected<'_>,
) -> Result<(serde_json::Map<String, serde_json::Value>, String), TokenRejection> {
    let claims: serde_json::Map<String, serde_json::Value> =
        serde_json::from_slice(payload).map_err(|_| TokenRejection::Malformed)?;
    let protocol: Protocol = serde_json::from_value(serde_json::Value::Object(claims.clone()))
        .map_err(|_| TokenRejection::Malformed)?;
    if protocol.iss != expected.issuer {
        return Err(TokenRejection::Issuer);
    }
    let audiences = match &protocol.aud {
        Audience::One(aud) => std::slice::from_ref(aud),
        Audience::Many(auds) => auds.as_slice(),
    };
    if !audiences.iter().any(|a| a == expected.client_id) {
        return Err(TokenRejection::Audience);
    }
    match &protocol.azp {
        Some(azp) if azp != expected.client_id => return Err(TokenRejection::AuthorizedParty),
        None if audiences.len() > 1 => return Err(TokenRejection::AuthorizedParty),
        _ => {}
    }
    if expected.now > protocol.exp.saturating_add(LEEWAY) {
        return Err(TokenRejection::Expired);
    }
    if protocol.iat > expected.now.saturating_add(LEEWAY) {
        return Err(TokenRejection::IssuedInFuture);
    }
    if protocol.nonce.as_deref() != Some(expected.nonce) {
        return Err(TokenRejection::Nonce);
    }
    if let Some(at_hash) = &protocol.at_hash
        && *at_hash != access_token_hash(expected.access_token)
    {
        return Err(TokenRejection::AccessTokenHash);
    }
    if protocol.sub.is_empty() || protocol.sub.len() > 255 {
        return Err(TokenRejection::Malformed);
    }
    Ok((claims, protocol.sub))
}

/// `at_hash` for ES256: base64url of the left half of SHA-256 over the access token.
pub(crate) fn access_token_hash(access_token: &str) -> String {
    let digest = Sha256::digest(access_token.as_bytes());
    URL_SAFE_NO_PAD.encode(&digest[..16])
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const NOW: i64 = 1_800_000_000;

    fn expected() -> Expected<'static> {
        Expected {
            issuer: "https://idp.example",
            client_id: "portal",
            nonce: "n-1",
            access_token: "at",
            now: NOW,
        }
    }

    fn good() -> serde_json::Value {
        json!({
            "iss": "https://idp.example", "sub": "s1", "aud": "portal", "exp": NOW + 300,
            "iat": NOW, "nonce": "n-1", "azp": "portal", "at_hash": access_token_hash("at"),
        })
    }

    fn check(claims: serde_json::Value) -> Result<String, TokenRejection> {
        validate(claims.to_string().as_bytes(), &expected()).map(|(_, sub)| sub)
    }

    fn with(key: &str, value: serde_json::Value) -> serde_json::Value {
        let mut claims = good();
        claims[key] = value;
        claims
    }

    #[test]
    fn good_token_passes() {
        assert_eq!(check(good()).unwrap(), "s1");
        assert_eq!(check(with("aud", json!(["x", "portal"]))).unwrap(), "s1");
        // Inside the leeway.
        assert!(check(with("exp", json!(NOW - 59))).is_ok());
        assert!(check(with("iat", json!(NOW + 59))).is_ok());
    }

    #[test]
    fn each_check_rejects() {
        use TokenRejection::*;
        assert_eq!(check(with("iss", json!("https://evil"))), Err(Issuer));
        assert_eq!(check(with("aud", json!("other"))), Err(Audience));
        assert_eq!(check(with("aud", json!(["a", "b"]))), Err(Audience));
        assert_eq!(check(with("azp", json!("other"))), Err(AuthorizedParty));
        assert_eq!(check(with("exp", json!(NOW - 61))), Err(Expired));
        assert_eq!(check(with("iat", json!(NOW + 61))), Err(IssuedInFuture));
        assert_eq!(check(with("nonce", json!("n-2"))), Err(Nonce));
        assert_eq!(check(with("at_hash", json!("xyz"))), Err(AccessTokenHash));
        assert_eq!(check(with("sub", json!(""))), Err(Malformed));
        assert_eq!(check(with("exp", json!("soon"))), Err(Malformed));
        let mut no_nonce = good();
        no_nonce.as_object_mut().unwrap().remove("nonce");
        assert_eq!(check(no_nonce), Err(Nonce));
        let mut two_aud_no_azp = with("aud", json!(["portal", "b"]));
        two_aud_no_azp.as_object_mut().unwrap().remove("azp");
        assert_eq!(check(two_aud_no_azp), Err(AuthorizedParty));
    }
}
