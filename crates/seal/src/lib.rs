//! Seals: the platform's certificate authority, each issuing office's seal keys and X.509
//! certificates, the signed trust list, the signed QR payload and CMS signatures for the PDF.
//!
//! The shared vocabulary lives here: a [`Signer`] (digest in, signature out, so that an HSM can
//! replace a key file), a [`TrustedKey`] as published in the trust list, and [`KeyLookup`],
//! through which verification finds the key a signature names.

use time::OffsetDateTime;

pub use p256::ecdsa::VerifyingKey;

pub mod audit_key;
pub mod ca;
pub mod directory;
pub mod keys;
pub mod keystore;
pub mod trust;
pub mod verify;
mod x509;

pub mod cms;
pub mod issue;
pub mod qr;
#[cfg(test)]
mod test_signer;

/// Something that seals in an office's name: an ECDSA P-256 key with its X.509 certificate.
pub trait Signer: Send + Sync {
    /// The key id, as published in the trust list (e.g. `ja-04011.2`).
    fn key_id(&self) -> &str;
    /// The office the key belongs to (e.g. `ja-04011`).
    fn office(&self) -> &str;
    /// DER of the key's X.509 certificate, issued by the platform CA.
    fn certificate_der(&self) -> &[u8];
    /// An ES256 signature (`r || s`, 64 bytes) over a SHA-256 digest.
    fn sign_digest(&self, digest: &[u8; 32]) -> Result<[u8; 64], SealError>;
}

/// A seal key as the trust list publishes it.
#[derive(Debug, Clone, PartialEq)]
pub struct TrustedKey {
    pub key_id: String,
    /// The office the key seals for, e.g. `ja-04011`.
    pub office: String,
    /// The office's name, for showing who issued a certificate.
    pub office_name: String,
    /// The key may seal from this moment on …
    pub valid_from: OffsetDateTime,
    /// … until this moment (its certificate's end, or its retirement by rotation). What it sealed
    /// before stays valid.
    pub valid_until: OffsetDateTime,
    pub verifying_key: VerifyingKey,
    /// DER of the key's X.509 certificate.
    pub certificate_der: Vec<u8>,
}

impl TrustedKey {
    /// Whether a seal dated `at` lies in the key's validity: `valid_from <= at <= valid_until`.
    /// A signature dated after a key's retirement is outside it.
    pub fn valid_at(&self, at: OffsetDateTime) -> bool {
        self.valid_from <= at && at <= self.valid_until
    }
}

/// Finds the key a signature names.
pub trait KeyLookup {
    fn key(&self, key_id: &str) -> Option<&TrustedKey>;
    /// The key whose X.509 certificate is exactly `certificate_der` (a CMS signature names its
    /// signer by certificate).
    fn key_with_certificate(&self, certificate_der: &[u8]) -> Option<&TrustedKey>;
}

#[derive(Debug, thiserror::Error)]
pub enum SealError {
    #[error("signing failed: {0}")]
    Signing(String),
    #[error("key store: {0}")]
    KeyStore(String),
    #[error("{0}")]
    Encoding(String),
    /// A private key file that others may read; the key store refuses to load it.
    #[error(
        "private key file {} has mode {mode:o}, readable by group or others; run `chmod 600 {}` (and consider the key compromised if others had access)",
        path.display(), path.display()
    )]
    InsecureKeyFile { path: std::path::PathBuf, mode: u32 },
}
