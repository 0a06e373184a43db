//! Staff credentials, as pure functions of their input and the system's randomness: argon2id
//! password hashes in PHC form, the TOTP second factor (RFC 6238), and random secrets (session
//! tokens, initial passwords).
//!
//! No I/O and no storage: the store keeps what these functions produce (a PHC string, a TOTP
//! secret, a token's hash) and the web layer decides when to call them. Kept apart from the
//! store so that the store stays free of argon2, and from the web crate so that the command
//! line and the demo hash passwords with the very same code.

mod base32;
pub mod password;
pub mod random;
pub mod totp;

pub use password::{PasswordHasher, PasswordParams};
pub use totp::TotpSecret;

/// What can go wrong here. None of the variants carries a password or a secret.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CredentialError {
    #[error("the system's random number generator failed: {0}")]
    NoRandomness(String),
    #[error("invalid argon2 parameters: {0}")]
    BadParams(String),
    #[error("a stored password hash is malformed: {0}")]
    MalformedHash(String),
    #[error("password hashing failed: {0}")]
    Hashing(String),
}

/// Equality of two byte strings in time independent of where they differ.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.ct_eq(b))
}

#[cfg(test)]
mod tests {
    #[test]
    fn constant_time_eq_is_equality() {
        assert!(super::constant_time_eq(b"abc", b"abc"));
        assert!(!super::constant_time_eq(b"abc", b"abd"));
        assert!(!super::constant_time_eq(b"abc", b"abcd"));
        assert!(super::constant_time_eq(b"", b""));
    }
}
