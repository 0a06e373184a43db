//! Reading and checking the X.509 certificates this crate issues: parsing DER and PEM, the
//! issuer's ECDSA P-256 signature, validity, and the subject's office. Crate-private helpers for
//! the CA, the key store and the trust list; issuing certificates is [`crate::ca`]'s job.

use p256::ecdsa::signature::Verifier;
use p256::ecdsa::{Signature, VerifyingKey};
use p256::pkcs8::DecodePublicKey;
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use x509_cert::Certificate;
use x509_cert::der::asn1::ObjectIdentifier;
use x509_cert::der::pem::LineEnding;
use x509_cert::der::{Decode, DecodePem, Encode, EncodePem};

/// ecdsa-with-SHA256 (RFC 5758).
const ECDSA_WITH_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.2");

/// Why a certificate was not accepted as issued by a given CA.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum IssuedCheck {
    /// The certificate's issuer name is not the CA's subject name.
    IssuerName,
    /// The signature algorithm is not ES256 (ecdsa-with-SHA256).
    Algorithm,
    /// The signature does not verify under the CA's key.
    Signature,
}

/// Parses a DER certificate and insists that it re-encodes to exactly the same bytes, so that the
/// re-encoded `tbsCertificate` is the byte string the issuer signed.
pub(crate) fn parse(der: &[u8]) -> Result<Certificate, String> {
    let cert = Certificate::from_der(der).map_err(|e| format!("not an X.509 certificate: {e}"))?;
    let again = cert
        .to_der()
        .map_err(|e| format!("cannot re-encode certificate: {e}"))?;
    if again != der {
        return Err("certificate is not in canonical DER".to_owned());
    }
    Ok(cert)
}

pub(crate) fn from_pem(pem: &str) -> Result<Vec<u8>, String> {
    let cert =
        Certificate::from_pem(pem.as_bytes()).map_err(|e| format!("not a PEM certificate: {e}"))?;
    cert.to_der()
        .map_err(|e| format!("cannot re-encode certificate: {e}"))
}

pub(crate) fn to_pem(der: &[u8]) -> Result<String, String> {
    parse(der)?
        .to_pem(LineEnding::LF)
        .map_err(|e| format!("cannot encode certificate as PEM: {e}"))
}

/// DER of the certificate's SubjectPublicKeyInfo.
pub(crate) fn spki_der(cert: &Certificate) -> Result<Vec<u8>, String> {
    cert.tbs_certificate()
        .subject_public_key_info()
        .to_der()
        .map_err(|e| format!("cannot encode public key: {e}"))
}

pub(crate) fn verifying_key(cert: &Certificate) -> Result<VerifyingKey, String> {
    VerifyingKey::from_public_key_der(&spki_der(cert)?)
        .map_err(|e| format!("certificate holds no P-256 public key: {e}"))
}

/// notBefore and notAfter.
pub(crate) fn validity(cert: &Certificate) -> Result<(OffsetDateTime, OffsetDateTime), String> {
    let v = cert.tbs_certificate().validity();
    let convert = |t: x509_cert::time::Time| {
        let secs = i64::try_from(t.to_unix_duration().as_secs())
            .map_err(|_| "certificate time out of range".to_owned())?;
        OffsetDateTime::from_unix_timestamp(secs)
            .map_err(|_| "certificate time out of range".to_owned())
    };
    Ok((convert(v.not_before)?, convert(v.not_after)?))
}

/// The subject's organizational unit, where the office id is kept.
pub(crate) fn subject_office(cert: &Certificate) -> Option<String> {
    cert.tbs_certificate()
        .subject()
        .organization_unit()
        .ok()
        .flatten()
        .map(String::from)
}

/// The subject's common name.
pub(crate) fn subject_common_name(cert: &Certificate) -> Option<String> {
    cert.tbs_certificate()
        .subject()
        .common_name()
        .ok()
        .flatten()
        .map(String::from)
}

/// Checks that `cert` names `issuer` as its issuer and carries a valid ES256 signature by the
/// issuer's key.
pub(crate) fn check_issued_by(cert: &Certificate, issuer: &Certificate) -> Result<(), IssuedCheck> {
    if cert.tbs_certificate().issuer() != issuer.tbs_certificate().subject() {
        return Err(IssuedCheck::IssuerName);
    }
    if cert.signature_algorithm().oid != ECDSA_WITH_SHA256
        || cert.tbs_certificate().signature().oid != ECDSA_WITH_SHA256
    {
        return Err(IssuedCheck::Algorithm);
    }
    let key = verifying_key(issuer).map_err(|_| IssuedCheck::Signature)?;
    let signature = cert
        .signature()
        .as_bytes()
        .and_then(|der| Signature::from_der(der).ok())
        .ok_or(IssuedCheck::Signature)?;
    let tbs = cert
        .tbs_certificate()
        .to_der()
        .map_err(|_| IssuedCheck::Signature)?;
    key.verify(&tbs, &signature)
        .map_err(|_| IssuedCheck::Signature)
}

/// RFC 7093 method 1: the leftmost 160 bits of the SHA-256 of the SubjectPublicKeyInfo.
pub(crate) fn key_identifier(spki_der: &[u8]) -> Vec<u8> {
    Sha256::digest(spki_der)[..20].to_vec()
}

/// SHA-256 of `bytes` as lowercase hex.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    Sha256::digest(bytes)
        .iter()
        .fold(String::with_capacity(64), |mut out, b| {
            let _ = write!(out, "{b:02x}");
            out
        })
}
