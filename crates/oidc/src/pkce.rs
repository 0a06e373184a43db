//! PKCE (RFC 7636) with the S256 method only: the verifier we keep, the challenge we send, and the
//! check the test provider makes.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

/// A fresh verifier: 43 unreserved characters (the RFC's minimum length, 256 bits).
pub(crate) fn verifier() -> String {
    crate::random::token()
}

/// `BASE64URL(SHA256(verifier))`.
pub(crate) fn challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// Whether `verifier` is well-formed (43–128 unreserved characters) and matches `challenge`.
pub(crate) fn verify(verifier: &str, challenge: &str) -> bool {
    let well_formed = (43..=128).contains(&verifier.len())
        && verifier
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'));
    well_formed && self::challenge(verifier) == challenge
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_7636_appendix_b_example() {
        let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        assert_eq!(
            challenge(verifier),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
        assert!(verify(
            verifier,
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        ));
    }

    #[test]
    fn wrong_or_short_verifiers_fail() {
        let v = verifier();
        let c = challenge(&v);
        assert!(verify(&v, &c));
        assert!(!verify(&verifier(), &c));
        assert!(!verify("short", &challenge("short")));
        let bad = format!("{v} ");
        assert!(!verify(&bad, &challenge(&bad)));
    }
}
