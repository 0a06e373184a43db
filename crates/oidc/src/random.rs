//! Random values for the protocol (state, nonce, PKCE verifier, codes and tokens of the test
//! provider): 32 bytes from the operating system, base64url without padding (43 characters).

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// 43 characters of base64url over 32 random bytes.
///
/// # Panics
/// If the operating system has no randomness to give. A login without unpredictable state and
/// nonce would be worthless, and there is no sensible way to continue.
pub(crate) fn token() -> String {
    let mut bytes = [0u8; 32];
    if let Err(e) = getrandom::fill(&mut bytes) {
        panic!("the operating system has no randomness: {e}");
    }
    URL_SAFE_NO_PAD.encode(bytes)
}

#[cfg(test)]
mod tests {
    #[test]
    fn tokens_are_43_url_safe_characters_and_differ() {
        let a = super::token();
        let b = super::token();
        assert_eq!(a.len(), 43);
        assert!(
            a.bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
        );
        assert_ne!(a, b);
    }
}
