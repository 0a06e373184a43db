//! An office's seal key: a P-256 key with its certificate from the platform CA, a version within
//! its office (key id `ja-04011.2` = office `ja-04011`, version 2), and its life span.
//!
//! This module owns one key and how it signs; where keys are kept and how they rotate is
//! [`crate::keystore`]'s job.

use std::fmt;

use p256::ecdsa::signature::hazmat::PrehashSigner;
use p256::ecdsa::{Signature, SigningKey, VerifyingKey};
use p256::elliptic_curve::Generate;
use time::{Duration, OffsetDateTime};

use crate::ca::{CertificateAuthority, SealCertificateRequest, whole_seconds};
use crate::{SealError, Signer, TrustedKey, x509};

/// The key id of `office`'s key number `version`: `"{office}.{version}"`.
pub fn key_id(office: &str, version: u32) -> String {
    format!("{office}.{version}")
}

/// Splits a key id into office and version; `None` if it is not one.
pub fn parse_key_id(key_id: &str) -> Option<(&str, u32)> {
    let (office, version) = key_id.rsplit_once('.')?;
    let version: u32 = version.parse().ok()?;
    (version > 0 && check_office_id(office).is_ok() && key_id == self::key_id(office, version))
        .then_some((office, version))
}

/// Office ids become file names and key ids: lowercase ASCII letters, digits and `-`, at most 64.
pub fn check_office_id(office: &str) -> Result<(), SealError> {
    let ok = !office.is_empty()
        && office.len() <= 64
        && office
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if ok {
        Ok(())
    } else {
        Err(SealError::KeyStore(format!(
            "not an office id for a seal key: {office:?} (lowercase letters, digits and '-')"
        )))
    }
}

/// One seal key of one office. `Debug` never shows the private key.
#[derive(Clone)]
pub struct OfficeKey {
    key_id: String,
    office: String,
    office_name: String,
    version: u32,
    /// `None` for a key held at the office's own node: the platform certified it and publishes
    /// it, but cannot sign with it.
    signing_key: Option<SigningKey>,
    verifying_key: VerifyingKey,
    certificate_der: Vec<u8>,
    valid_from: OffsetDateTime,
    valid_until: OffsetDateTime,
    retired_at: Option<OffsetDateTime>,
}

impl OfficeKey {
    /// Generates a new key for `office` and has the CA certify it from `now` for `validity`
    /// (cut back to the CA's own end).
    pub fn generate(
        ca: &CertificateAuthority,
        office: &str,
        office_name: &str,
        version: u32,
        now: OffsetDateTime,
        validity: Duration,
    ) -> Result<Self, SealError> {
        check_office_id(office)?;
        if version == 0 {
            return Err(SealError::KeyStore("key versions start at 1".to_owned()));
        }
        let signing_key = SigningKey::try_generate()
            .map_err(|e| SealError::KeyStore(format!("no randomness for a seal key: {e}")))?;
        let certificate_der = ca.issue_seal_certificate(&SealCertificateRequest {
            office,
            office_name,
            public_key: signing_key.verifying_key(),
            not_before: whole_seconds(now),
            not_after: whole_seconds(now) + validity,
        })?;
        Self::from_parts(office_name, version, signing_key, certificate_der, None)
    }

    /// Puts a stored key back together. Office, validity and (for consistency) the public key are
    /// taken from and checked against the certificate; the name is what the store recorded.
    pub fn from_parts(
        office_name: &str,
        version: u32,
        signing_key: SigningKey,
        certificate_der: Vec<u8>,
        retired_at: Option<OffsetDateTime>,
    ) -> Result<Self, SealError> {
        let key = Self::held_elsewhere(office_name, version, certificate_der, retired_at)?;
        if key.verifying_key != *signing_key.verifying_key() {
            return Err(SealError::KeyStore(format!(
                "the certificate of {} does not belong to its private key",
                key.key_id
            )));
        }
        Ok(OfficeKey {
            signing_key: Some(signing_key),
            ..key
        })
    }

    /// A key whose private part is held elsewhere (at the office's node): known by its
    /// certificate only, published in the trust list, never used to sign here.
    pub fn held_elsewhere(
        office_name: &str,
        version: u32,
        certificate_der: Vec<u8>,
        retired_at: Option<OffsetDateTime>,
    ) -> Result<Self, SealError> {
        let cert = x509::parse(&certificate_der).map_err(SealError::KeyStore)?;
        let office = x509::subject_office(&cert).ok_or_else(|| {
            SealError::KeyStore("seal certificate names no office (OU)".to_owned())
        })?;
        check_office_id(&office)?;
        let verifying_key = x509::verifying_key(&cert).map_err(SealError::KeyStore)?;
        let (valid_from, valid_until) = x509::validity(&cert).map_err(SealError::KeyStore)?;
        Ok(OfficeKey {
            key_id: key_id(&office, version),
            office,
            office_name: office_name.to_owned(),
            version,
            signing_key: None,
            verifying_key,
            certificate_der,
            valid_from,
            valid_until,
            retired_at,
        })
    }

    /// Whether this store holds the private key (false: the office's node does).
    pub fn is_held_here(&self) -> bool {
        self.signing_key.is_some()
    }

    pub fn key_id(&self) -> &str {
        &self.key_id
    }

    pub fn office(&self) -> &str {
        &self.office
    }

    pub fn office_name(&self) -> &str {
        &self.office_name
    }

    pub fn version(&self) -> u32 {
        self.version
    }

    pub fn certificate_der(&self) -> &[u8] {
        &self.certificate_der
    }

    pub fn verifying_key(&self) -> &VerifyingKey {
        &self.verifying_key
    }

    /// The certificate's notBefore.
    pub fn valid_from(&self) -> OffsetDateTime {
        self.valid_from
    }

    /// The certificate's notAfter.
    pub fn valid_until(&self) -> OffsetDateTime {
        self.valid_until
    }

    /// When rotation replaced this key, if it did.
    pub fn retired_at(&self) -> Option<OffsetDateTime> {
        self.retired_at
    }

    /// The end of the time in which this key may seal: its certificate's end or its
    /// retirement, whichever comes first.
    pub fn sealing_until(&self) -> OffsetDateTime {
        match self.retired_at {
            Some(retired) => retired.min(self.valid_until),
            None => self.valid_until,
        }
    }

    /// Whether the key may seal at `at`.
    pub fn may_seal_at(&self, at: OffsetDateTime) -> bool {
        self.valid_from <= at && at < self.sealing_until()
    }

    /// The key as the trust list publishes it.
    pub fn trusted_key(&self) -> TrustedKey {
        TrustedKey {
            key_id: self.key_id.clone(),
            office: self.office.clone(),
            office_name: self.office_name.clone(),
            valid_from: self.valid_from,
            valid_until: self.sealing_until(),
            verifying_key: self.verifying_key,
            certificate_der: self.certificate_der.clone(),
        }
    }

    pub(crate) fn retire(&mut self, at: OffsetDateTime) {
        if self.retired_at.is_none() {
            self.retired_at = Some(at);
        }
    }

    /// Takes back a retirement that could not be stored.
    pub(crate) fn unretire(&mut self) {
        self.retired_at = None;
    }

    pub(crate) fn signing_key(&self) -> Option<&SigningKey> {
        self.signing_key.as_ref()
    }
}

impl Signer for OfficeKey {
    fn key_id(&self) -> &str {
        &self.key_id
    }

    fn office(&self) -> &str {
        &self.office
    }

    fn certificate_der(&self) -> &[u8] {
        &self.certificate_der
    }

    fn sign_digest(&self, digest: &[u8; 32]) -> Result<[u8; 64], SealError> {
        let key = self.signing_key.as_ref().ok_or_else(|| {
            SealError::Signing(format!(
                "the private key of {} is held at the office's own node, not here",
                self.key_id
            ))
        })?;
        let signature: Signature = key
            .sign_prehash(digest)
            .map_err(|e| SealError::Signing(e.to_string()))?;
        Ok(signature.to_bytes().into())
    }
}

impl fmt::Debug for OfficeKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OfficeKey")
            .field("key_id", &self.key_id)
            .field("office", &self.office)
            .field("office_name", &self.office_name)
            .field("valid_from", &self.valid_from)
            .field("valid_until", &self.valid_until)
            .field("retired_at", &self.retired_at)
            .field("signing_key", &"<redacted>")
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use p256::ecdsa::signature::hazmat::PrehashVerifier;
    use sha2::{Digest, Sha256};
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-11-02 10:15:30 UTC);

    fn office_key(ca: &CertificateAuthority) -> OfficeKey {
        OfficeKey::generate(
            ca,
            "ja-04011",
            "Jugendamt Bremen",
            1,
            NOW,
            Duration::days(1095),
        )
        .unwrap()
    }

    #[test]
    fn signs_a_digest_that_its_trusted_key_verifies() {
        let ca = CertificateAuthority::generate("Test-CA", NOW).unwrap();
        let key = office_key(&ca);
        let digest: [u8; 32] = Sha256::digest(b"Negativbescheinigung 2026-000123").into();
        let signature = key.sign_digest(&digest).unwrap();
        let trusted = key.trusted_key();
        assert_eq!(trusted.key_id, "ja-04011.1");
        assert_eq!(trusted.office, "ja-04011");
        assert_eq!(trusted.valid_from, NOW);
        assert_eq!(trusted.valid_until, NOW + Duration::days(1095));
        let signature = Signature::from_slice(&signature).unwrap();
        assert!(
            trusted
                .verifying_key
                .verify_prehash(&digest, &signature)
                .is_ok()
        );
        let other: [u8; 32] = Sha256::digest(b"Negativbescheinigung 2026-000124").into();
        assert!(
            trusted
                .verifying_key
                .verify_prehash(&other, &signature)
                .is_err()
        );
    }

    #[test]
    fn retirement_ends_the_trusted_validity() {
        let ca = CertificateAuthority::generate("Test-CA", NOW).unwrap();
        let mut key = office_key(&ca);
        let retired = NOW + Duration::days(100);
        key.retire(retired);
        assert_eq!(key.trusted_key().valid_until, retired);
        assert!(key.may_seal_at(retired - Duration::seconds(1)));
        assert!(!key.may_seal_at(retired));
        // Retiring again does not move the date.
        key.retire(retired + Duration::days(1));
        assert_eq!(key.retired_at(), Some(retired));
    }

    #[test]
    fn debug_redacts_the_private_key() {
        let ca = CertificateAuthority::generate("Test-CA", NOW).unwrap();
        let key = office_key(&ca);
        let debug = format!("{key:?}");
        assert!(debug.contains("<redacted>"), "{debug}");
        let secret = key.signing_key().unwrap().to_bytes();
        let secret_hex: String = secret.iter().map(|b| format!("{b:02x}")).collect();
        assert!(!debug.to_lowercase().contains(&secret_hex));
        assert!(!debug.contains(&format!("{:?}", secret.as_slice())));
    }

    #[test]
    fn key_ids_parse_back() {
        assert_eq!(key_id("ja-04011", 2), "ja-04011.2");
        assert_eq!(parse_key_id("ja-04011.2"), Some(("ja-04011", 2)));
        assert_eq!(parse_key_id("ja-04011.0"), None);
        assert_eq!(parse_key_id("ja-04011.02"), None);
        assert_eq!(parse_key_id("../etc.1"), None);
        assert_eq!(parse_key_id("ja-04011"), None);
        assert!(check_office_id("ja-04011").is_ok());
        assert!(check_office_id("JA/04011").is_err());
        assert!(check_office_id("").is_err());
    }
}
