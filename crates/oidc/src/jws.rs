//! Compact JWS (RFC 7515) with ES256 only: splitting and checking a token's header and signature,
//! and signing (for the test provider). `none`, HS* and every other algorithm are refused before
//! any key is looked at; a `crit` header is refused because we understand no extensions.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use p256::ecdsa::signature::{Signer as _, Verifier as _};
use p256::ecdsa::{Signature, SigningKey, VerifyingKey};
use serde::Deserialize;

use crate::error::TokenRejection;

/// A compact JWS whose header allows ES256, not yet verified.
#[derive(Debug)]
pub(crate) struct Unverified<'a> {
    signing_input: &'a str,
    payload: Vec<u8>,
    signature: Signature,
    pub kid: Option<String>,
}

#[derive(Deserialize)]
struct Header {
    alg: String,
    #[serde(default)]
    kid: Option<String>,
    #[serde(default)]
    crit: Option<serde_json::Value>,
}

impl<'a> Unverified<'a> {
    /// Splits `token` and checks its header; the signature is only parsed.
    pub(crate) fn parse(token: &'a str) -> Result<Unverified<'a>, TokenRejection> {
        let mut parts = token.split('.');
        let (Some(header), Some(payload), Some(signature), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(TokenRejection::Malformed);
        };
        let header: Header = decode_json(header)?;
        if header.alg != "ES256" || header.crit.is_some() {
            return Err(TokenRejection::Algorithm);
        }
        let payload = URL_SAFE_NO_PAD
            .decode(payload)
            .map_err(|_| TokenRejection::Malformed)?;
        let signature = URL_SAFE_NO_PAD
            .decode(signature)
            .ok()
            .and_then(|raw| Signature::from_slice(&raw).ok())
            .ok_or(TokenRejection::Signature)?;
        let (signing_input, _) = token.rsplit_once('.').ok_or(TokenRejection::Malformed)?;
        Ok(Unverified {
            signing_input,
            payload,
            signature,
            kid: header.kid,
        })
    }

    /// The payload if one of `keys` made the signature.
    pub(crate) fn verify(self, keys: &[&VerifyingKey]) -> Result<Vec<u8>, TokenRejection> {
        if keys.iter().any(|key| {
            key.verify(self.signing_input.as_bytes(), &self.signature)
                .is_ok()
        }) {
            Ok(self.payload)
        } else {
            Err(TokenRejection::Signature)
        }
    }
}

fn decode_json<T: serde::de::DeserializeOwned>(part: &str) -> Result<T, TokenRejection> {
    let bytes = URL_SAFE_NO_PAD
        .decode(part)
        .map_err(|_| TokenRejection::Malformed)?;
    serde_json::from_slice(&bytes).map_err(|_| TokenRejection::Malformed)
}

/// Signs `payload` (JSON) as a compact ES256 JWS with `typ` JWT and `kid`.
pub(crate) fn sign(key: &SigningKey, kid: &str, payload: &serde_json::Value) -> String {
    let header = serde_json::json!({ "alg": "ES256", "typ": "JWT", "kid": kid });
    let input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(payload.to_string())
    );
    let signature: Signature = key.sign(input.as_bytes());
    format!("{input}.{}", URL_SAFE_NO_PAD.encode(signature.to_bytes()))
}

/// A token with an arbitrary header and signature, for the test provider's misbehaviours.
pub(crate) fn assemble(
    header: &serde_json::Value,
    payload: &serde_json::Value,
    sig: &[u8],
) -> String {
    format!(
        "{}.{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(payload.to_string()),
        URL_SAFE_NO_PAD.encode(sig)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use p256::elliptic_curve::Generate;
    use serde_json::json;

    fn key() -> SigningKey {
        SigningKey::try_generate().unwrap()
    }

    #[test]
    fn signed_token_verifies_with_its_key_only() {
        let k = key();
        let token = sign(&k, "k1", &json!({"sub": "a"}));
        let parsed = Unverified::parse(&token).unwrap();
        assert_eq!(parsed.kid.as_deref(), Some("k1"));
        let payload = parsed.verify(&[k.verifying_key()]).unwrap();
        assert_eq!(payload, br#"{"sub":"a"}"#);

        let other = key();
        let parsed = Unverified::parse(&token).unwrap();
        assert_eq!(
            parsed.verify(&[other.verifying_key()]),
            Err(TokenRejection::Signature)
        );
    }

    #[test]
    fn tampered_payload_fails() {
        let k = key();
        let token = sign(&k, "k1", &json!({"sub": "a"}));
        let mut parts: Vec<&str> = token.split('.').collect();
        let forged = URL_SAFE_NO_PAD.encode(br#"{"sub":"b"}"#);
        parts[1] = &forged;
        let forged = parts.join(".");
        let parsed = Unverified::parse(&forged).unwrap();
        assert_eq!(
            parsed.verify(&[k.verifying_key()]),
            Err(TokenRejection::Signature)
        );
    }

    #[test]
    fn other_algorithms_and_crit_are_refused() {
        for header in [
            json!({"alg": "none"}),
            json!({"alg": "HS256"}),
            json!({"alg": "RS256"}),
            json!({"alg": "ES256", "crit": ["b64"]}),
        ] {
            let token = assemble(&header, &json!({}), b"");
            assert_eq!(
                Unverified::parse(&token).unwrap_err(),
                TokenRejection::Algorithm
            );
        }
        assert_eq!(
            Unverified::parse("a.b").unwrap_err(),
            TokenRejection::Malformed
        );
        assert_eq!(
            Unverified::parse("a.b.c.d").unwrap_err(),
            TokenRejection::Malformed
        );
    }
}
