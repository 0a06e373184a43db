//! The second factor: time-based one-time passwords (TOTP, RFC 6238) as authenticator apps make
//! them — HMAC-SHA-1, 6 digits, 30-second steps from the Unix epoch.
//!
//! A code is accepted for the current step and one step either side (clock drift, typing time),
//! and a step that was already used is never accepted again: the caller keeps the last accepted
//! step and passes it in.

use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;

use crate::{CredentialError, base32, constant_time_eq, random};

/// Seconds per step.
pub const PERIOD: i64 = 30;
/// Digits of a code.
pub const DIGITS: u32 = 6;
/// Steps accepted before and after the current one.
pub const WINDOW: i64 = 1;
/// Bytes of a generated secret (160 bits, the length RFC 4226 recommends).
const SECRET_BYTES: usize = 20;
/// The shortest secret accepted (128 bits, RFC 4226's minimum).
const MIN_SECRET_BYTES: usize = 16;

/// A shared TOTP key. Its `Debug` output hides the key.
#[derive(Clone, PartialEq, Eq)]
pub struct TotpSecret(Vec<u8>);

impl std::fmt::Debug for TotpSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TotpSecret(…)")
    }
}

/// The step a moment falls in.
pub fn step_at(unix_seconds: i64) -> i64 {
    unix_seconds.div_euclid(PERIOD)
}

/// HOTP (RFC 4226): the `digits`-digit code of `key` for `counter`.
pub fn hotp(key: &[u8], counter: u64, digits: u32) -> u32 {
    // HMAC accepts keys of any length; the error branch cannot happen.
    let Ok(mut mac) = <Hmac<Sha1> as KeyInit>::new_from_slice(key) else {
        return u32::MAX;
    };
    mac.update(&counter.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = usize::from(digest[digest.len() - 1] & 0x0f);
    let binary = (u32::from(digest[offset] & 0x7f) << 24)
        | (u32::from(digest[offset + 1]) << 16)
        | (u32::from(digest[offset + 2]) << 8)
        | u32::from(digest[offset + 3]);
    binary % 10u32.pow(digits)
}

impl TotpSecret {
    /// A new random secret.
    pub fn generate() -> Result<TotpSecret, CredentialError> {
        let mut bytes = vec![0u8; SECRET_BYTES];
        random::fill(&mut bytes)?;
        Ok(TotpSecret(bytes))
    }

    /// A secret from its raw bytes (at least 128 bits).
    pub fn from_bytes(bytes: Vec<u8>) -> Option<TotpSecret> {
        (bytes.len() >= MIN_SECRET_BYTES).then_some(TotpSecret(bytes))
    }

    /// A secret from its base32 form, as stored and as shown to authenticator apps.
    pub fn from_base32(text: &str) -> Option<TotpSecret> {
        TotpSecret::from_bytes(base32::decode(text)?)
    }

    pub fn to_base32(&self) -> String {
        base32::encode(&self.0)
    }

    /// The code for the step `unix_seconds` falls in, zero-padded.
    pub fn code_at(&self, unix_seconds: i64) -> String {
        code_for_step(&self.0, step_at(unix_seconds))
    }

    /// The step whose code `code` is, if it is one of the steps around `unix_seconds` and later
    /// than `last_used_step`. Spaces in the code are ignored; anything else than six digits is
    /// refused. Every candidate step is compared, in constant time, so that the answer's timing
    /// does not tell which step matched.
    pub fn verify(
        &self,
        code: &str,
        unix_seconds: i64,
        last_used_step: Option<i64>,
    ) -> Option<i64> {
        let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
        if code.len() != DIGITS as usize || !code.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let now = step_at(unix_seconds);
        let mut accepted = None;
        for step in now - WINDOW..=now + WINDOW {
            let fresh = last_used_step.is_none_or(|last| step > last);
            let matches =
                constant_time_eq(code_for_step(&self.0, step).as_bytes(), code.as_bytes());
            if matches && fresh && accepted.is_none() {
                accepted = Some(step);
            }
        }
        accepted
    }

    /// The `otpauth://` URI authenticator apps read (usually from a QR code of it).
    pub fn otpauth_uri(&self, issuer: &str, account: &str) -> String {
        let issuer = percent_encode(issuer);
        format!(
            "otpauth://totp/{issuer}:{account}?secret={secret}&issuer={issuer}&algorithm=SHA1&digits={DIGITS}&period={PERIOD}",
            account = percent_encode(account),
            secret = self.to_base32(),
        )
    }
}

fn code_for_step(key: &[u8], step: i64) -> String {
    // Steps before the epoch do not occur; they get the code of step 0 rather than a panic.
    let counter = u64::try_from(step).unwrap_or(0);
    format!(
        "{:0width$}",
        hotp(key, counter, DIGITS),
        width = DIGITS as usize
    )
}

/// Percent-encoding of everything but RFC 3986's unreserved characters.
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The key of the RFC 4226 and RFC 6238 test vectors for SHA-1.
    const RFC_KEY: &[u8] = b"12345678901234567890";

    #[test]
    fn rfc4226_hotp_test_vectors() {
        let expected = [
            755224, 287082, 359152, 969429, 338314, 254676, 287922, 162583, 399871, 520489,
        ];
        for (counter, code) in expected.into_iter().enumerate() {
            assert_eq!(hotp(RFC_KEY, counter as u64, 6), code, "counter {counter}");
        }
    }

    #[test]
    fn rfc6238_totp_test_vectors_sha1() {
        // Appendix B of RFC 6238 (8 digits, SHA-1, T0 = 0, X = 30).
        let vectors: [(i64, u32); 6] = [
            (59, 94287082),
            (1111111109, 7081804),
            (1111111111, 14050471),
            (1234567890, 89005924),
            (2000000000, 69279037),
            (20000000000, 65353130),
        ];
        let secret = TotpSecret::from_bytes(RFC_KEY.to_vec()).unwrap();
        for (time, code) in vectors {
            assert_eq!(hotp(RFC_KEY, step_at(time) as u64, 8), code, "t = {time}");
            // Six digits are the last six of the same number.
            assert_eq!(
                secret.code_at(time),
                format!("{:06}", code % 1_000_000),
                "t = {time}"
            );
        }
    }

    #[test]
    fn accepts_one_step_either_side_and_never_a_used_step_again() {
        let secret = TotpSecret::from_bytes(RFC_KEY.to_vec()).unwrap();
        let now = 1111111111;
        let code = secret.code_at(now);
        assert_eq!(secret.verify(&code, now, None), Some(step_at(now)));
        assert_eq!(secret.verify(&code, now + PERIOD, None), Some(step_at(now)));
        assert_eq!(secret.verify(&code, now - PERIOD, None), Some(step_at(now)));
        assert_eq!(
            secret.verify(&code, now + 2 * PERIOD, None),
            None,
            "too late"
        );
        assert_eq!(
            secret.verify(&code, now - 2 * PERIOD, None),
            None,
            "too early"
        );
        assert_eq!(
            secret.verify(&code, now, Some(step_at(now))),
            None,
            "a used step is refused"
        );
        assert_eq!(
            secret.verify(&code, now, Some(step_at(now) - 1)),
            Some(step_at(now)),
            "a later step than the last used one is accepted"
        );
        let spaced = format!("{} {}", &code[..3], &code[3..]);
        assert_eq!(secret.verify(&spaced, now, None), Some(step_at(now)));
    }

    #[test]
    fn refuses_wrong_and_malformed_codes() {
        let secret = TotpSecret::from_bytes(RFC_KEY.to_vec()).unwrap();
        let now = 1234567890;
        let code = secret.code_at(now);
        let wrong = format!("{:06}", (code.parse::<u32>().unwrap() + 1) % 1_000_000);
        assert_eq!(secret.verify(&wrong, now, None), None);
        for bad in ["", "12345", "1234567", "12345a", "１２３４５６"] {
            assert_eq!(secret.verify(bad, now, None), None, "{bad:?}");
        }
    }

    #[test]
    fn secrets_round_trip_through_base32_and_hide_in_debug() {
        let secret = TotpSecret::generate().unwrap();
        let text = secret.to_base32();
        assert_eq!(text.len(), 32);
        assert_eq!(TotpSecret::from_base32(&text), Some(secret.clone()));
        assert_eq!(
            TotpSecret::from_base32(&text.to_lowercase()),
            Some(secret.clone())
        );
        assert!(!format!("{secret:?}").contains(&text));
        assert_eq!(TotpSecret::from_base32("MZXW6YTB"), None, "too short");
        assert_ne!(TotpSecret::generate().unwrap(), secret);
    }

    #[test]
    fn otpauth_uri_names_issuer_account_and_parameters() {
        let secret = TotpSecret::from_bytes(RFC_KEY.to_vec()).unwrap();
        assert_eq!(
            secret.otpauth_uri("Sorgeregister Cuxhaven", "a.meyer@ja"),
            "otpauth://totp/Sorgeregister%20Cuxhaven:a.meyer%40ja?secret=\
             GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Sorgeregister%20Cuxhaven&algorithm=SHA1&\
             digits=6&period=30"
        );
    }
}
