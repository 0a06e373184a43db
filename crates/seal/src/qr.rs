//! The signed QR payload: what a certificate states, compact enough for a small QR code and
//! sealed so that a scanner can tell a genuine certificate from an altered one, offline.
//!
//! Built like the EU digital COVID certificate: the [claims](QrClaims) as a CBOR map with small
//! integer keys, wrapped in a COSE_Sign1 (ES256, key id in the protected header) signed by the
//! issuing office's seal key, zlib-compressed, Base45-encoded and prefixed with `NB1:`. The text
//! uses only the QR alphanumeric alphabet, so the code needs no ECI marker. This module owns the
//! format, sealing and opening; it does not render the QR image (the PDF does) and does not
//! decide which keys to trust (the trust list behind [`KeyLookup`] does).
//!
//! **Privacy.** The code carries the names and birth dates of mother and child as printed, not
//! salted hashes of them. A checker who scans a printout thus sees what the paper should say and
//! compares it with the paper and an identity document, instead of retyping every name exactly
//! (diacritics, hyphens, all given names) to test it against a hash. Hashes would also protect
//! less than they seem: the salt must travel in the code, so anyone who suspects whom a
//! certificate concerns can confirm it. The cost of clear data is that whoever scans the code,
//! or a photo of the paper, gets the printed data machine-readable and provably authentic:
//! nothing beyond what the paper shows, but easier to collect.

mod base45;
mod claims;
mod cose;

use std::io::{Read, Write};

use certificate::CertificateContent;
use flate2::Compression;
use flate2::bufread::ZlibDecoder;
use flate2::write::ZlibEncoder;
use minicbor::Encoder;
use p256::ecdsa::Signature;
use p256::ecdsa::signature::hazmat::PrehashVerifier;
use time::OffsetDateTime;

use crate::{KeyLookup, SealError, Signer};

pub use claims::QrClaims;
pub use qrcode::EcLevel;

/// Prefix of every payload; the digit is the format version.
pub const PREFIX: &str = "NB1:";
/// Longest text [`open`] reads. A version 40 QR code holds at most 4296 alphanumeric characters.
pub const MAX_TEXT_LEN: usize = 4096;
/// Largest decompressed COSE message [`open`] accepts (a zip-bomb guard).
pub const MAX_PAYLOAD_LEN: usize = 16 * 1024;
/// Error correction for the printed code: level M restores up to 15 % of damaged modules.
pub const QR_EC_LEVEL: EcLevel = EcLevel::M;

/// Why a scanned text is not a valid sealed certificate. Each variant is a different finding
/// for the person checking.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QrError {
    #[error("not a Sorgeregister certificate code (it does not start with {PREFIX})")]
    NotOurFormat,
    #[error("the code is longer than {MAX_TEXT_LEN} characters")]
    TooLong,
    #[error("the code is damaged: it is not valid Base45")]
    Base45,
    #[error("the code is damaged: its compressed content cannot be unpacked")]
    Compression,
    #[error("the code's content unpacks to more than {MAX_PAYLOAD_LEN} bytes")]
    TooLarge,
    #[error("the code's content is malformed: {0}")]
    Structure(&'static str),
    #[error("the code was sealed with a key the trust list does not know ({0})")]
    UnknownKey(String),
    #[error("the seal does not match: the code's content or header was altered")]
    SignatureInvalid,
    #[error("the key {key_id} was not valid at the claimed time of issue {issued_at}")]
    KeyNotValidAt {
        key_id: String,
        issued_at: OffsetDateTime,
    },
    #[error("the key {key_id} belongs to {key_office}, but the code names {claimed} as issuer")]
    WrongOffice {
        key_id: String,
        key_office: String,
        claimed: String,
    },
}

/// A code that [`open`] accepted: its claims and the key that sealed them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrCertificate {
    pub claims: QrClaims,
    pub key_id: String,
    /// The office the trust list assigns the key to (equal to `claims.issuer`).
    pub office: String,
    /// That office's name from the trust list, for showing who issued the certificate.
    pub office_name: String,
}

impl QrCertificate {
    /// See [`QrClaims::differences`].
    pub fn differences(&self, content: &CertificateContent) -> Vec<&'static str> {
        self.claims.differences(content)
    }
}

/// Seals a certificate's content into QR text with the issuing office's key.
pub fn seal(content: &CertificateContent, signer: &dyn Signer) -> Result<String, SealError> {
    if signer.office() != content.issuer.id {
        return Err(SealError::Signing(format!(
            "key {} seals for {}, not for the issuer {}",
            signer.key_id(),
            signer.office(),
            content.issuer.id
        )));
    }
    let payload = claims::encode(&QrClaims::from_content(content));
    let protected = cose::protected_header(signer.key_id());
    let signature = signer.sign_digest(&cose::signed_digest(&protected, &payload))?;
    let message = cose::encode(&cose::Sign1 {
        protected: &protected,
        payload: &payload,
        signature: &signature,
    });
    let text = armor(&message)?;
    if text.len() > MAX_TEXT_LEN {
        return Err(SealError::Encoding(format!(
            "QR payload of {} characters exceeds {MAX_TEXT_LEN}",
            text.len()
        )));
    }
    Ok(text)
}

/// Reads QR text, checks its seal against the trusted keys and returns what it states.
///
/// The signature is checked before the claims are read; the key must have been valid at the
/// claimed time of issue and must belong to the office the claims name as issuer.
pub fn open(text: &str, keys: &dyn KeyLookup) -> Result<QrCertificate, QrError> {
    let message = dearmor(text)?;
    let sign1 = cose::decode(&message)?;
    let key_id = cose::key_id(sign1.protected)?;
    let key = keys
        .key(&key_id)
        .ok_or_else(|| QrError::UnknownKey(key_id.clone()))?;
    let signature =
        Signature::from_slice(sign1.signature).map_err(|_| QrError::SignatureInvalid)?;
    key.verifying_key
        .verify_prehash(
            &cose::signed_digest(sign1.protected, sign1.payload),
            &signature,
        )
        .map_err(|_| QrError::SignatureInvalid)?;

    let claims = claims::decode(sign1.payload)?;
    if claims.issued_at < key.valid_from || claims.issued_at > key.valid_until {
        return Err(QrError::KeyNotValidAt {
            key_id,
            issued_at: claims.issued_at,
        });
    }
    if key.office != claims.issuer {
        return Err(QrError::WrongOffice {
            key_id,
            key_office: key.office.clone(),
            claimed: claims.issuer,
        });
    }
    Ok(QrCertificate {
        claims,
        key_id,
        office: key.office.clone(),
        office_name: key.office_name.clone(),
    })
}

/// The size of the QR code for a text at [`QR_EC_LEVEL`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QrSize {
    /// QR version, 1 to 40.
    pub version: i16,
    /// Modules per side (without the quiet zone): 17 + 4 · version.
    pub modules: usize,
}

/// How large a QR code the text needs. Base45 text is encoded in alphanumeric mode.
pub fn qr_size(text: &str) -> Result<QrSize, SealError> {
    let code = qrcode::QrCode::with_error_correction_level(text, QR_EC_LEVEL)
        .map_err(|e| SealError::Encoding(format!("QR code: {e}")))?;
    match code.version() {
        qrcode::Version::Normal(version) => Ok(QrSize {
            version,
            modules: code.width(),
        }),
        qrcode::Version::Micro(_) => Err(SealError::Encoding("unexpected Micro QR code".into())),
    }
}

/// Writes CBOR into a fresh vector. Writing into a `Vec` cannot fail and our encoders raise no
/// errors of their own, so the error case is unreachable and dropped.
fn cbor(
    build: impl FnOnce(
        &mut Encoder<Vec<u8>>,
    ) -> Result<(), minicbor::encode::Error<std::convert::Infallible>>,
) -> Vec<u8> {
    let mut encoder = Encoder::new(Vec::new());
    let _ = build(&mut encoder);
    encoder.into_writer()
}

/// COSE bytes → zlib → Base45 → prefixed text.
fn armor(message: &[u8]) -> Result<String, SealError> {
    let mut zlib = ZlibEncoder::new(Vec::new(), Compression::best());
    zlib.write_all(message)
        .map_err(|e| SealError::Encoding(format!("compressing: {e}")))?;
    let compressed = zlib
        .finish()
        .map_err(|e| SealError::Encoding(format!("compressing: {e}")))?;
    Ok(format!("{PREFIX}{}", base45::encode(&compressed)))
}

/// Prefixed text → Base45 → bounded inflate → COSE bytes.
fn dearmor(text: &str) -> Result<Vec<u8>, QrError> {
    if text.len() > MAX_TEXT_LEN {
        return Err(QrError::TooLong);
    }
    let body = text.strip_prefix(PREFIX).ok_or(QrError::NotOurFormat)?;
    let compressed = base45::decode(body).map_err(|_| QrError::Base45)?;
    let mut zlib = ZlibDecoder::new(compressed.as_slice());
    let mut message = Vec::new();
    (&mut zlib)
        .take(MAX_PAYLOAD_LEN as u64 + 1)
        .read_to_end(&mut message)
        .map_err(|_| QrError::Compression)?;
    if message.len() > MAX_PAYLOAD_LEN {
        return Err(QrError::TooLarge);
    }
    if !zlib.into_inner().is_empty() {
        return Err(QrError::Compression);
    }
    Ok(message)
}

#[cfg(test)]
mod tests;
