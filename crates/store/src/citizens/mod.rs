//! The citizen portal's side of the store: OpenID Connect logins in flight, citizens' sessions,
//! and the applications a citizen made, readable by her alone.
//!
//! A citizen is known by her subject: a SHA-256 hex digest the OIDC side derives from the
//! identity provider's `sub`; the raw `sub` never reaches the store. Login states and session
//! tokens are kept only as SHA-256 hashes. The personal data the identity provider hands over
//! lives in the session row only, and goes with it. Every read of a citizen's applications
//! takes her subject and filters by it in the query itself, so that one citizen can never read
//! another's application by knowing its id. Not here: the OIDC protocol, HTTP, and deciding who
//! someone is — the caller has verified that before it names a subject.

mod applications;
mod logins;
mod sessions;

use sha2::{Digest, Sha256};

use crate::StoreError;

pub use sessions::CitizenSession;

/// SHA-256 of a secret (login state, session token) as lower-case hex: what the store keeps
/// instead of the secret.
pub(crate) fn secret_hash(secret: &str) -> String {
    Sha256::digest(secret.as_bytes())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// Refuses to write a subject that is not a SHA-256 hex digest, so that a provider's raw
/// `sub` (or a name) cannot end up in applications, sessions or the audit log by mistake.
pub(crate) fn check_subject(subject: &str) -> Result<(), StoreError> {
    let is_digest = subject.len() == 64
        && subject
            .bytes()
            .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    if is_digest {
        Ok(())
    } else {
        Err(StoreError::Conflict(
            "a citizen's subject is a lower-case SHA-256 hex digest",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::{check_subject, secret_hash};

    #[test]
    fn secrets_hash_to_sha256_hex() {
        assert_eq!(
            secret_hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn only_hex_digests_are_subjects() {
        assert!(check_subject(&secret_hash("sub-123")).is_ok());
        assert!(check_subject("sub-123").is_err());
        assert!(check_subject(&secret_hash("x").to_uppercase()).is_err());
        assert!(check_subject(&format!("{}0", secret_hash("x"))).is_err());
    }
}
