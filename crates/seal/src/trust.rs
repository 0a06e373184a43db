//! The trust list: every office seal key the platform ever issued, with the CA certificate,
//! signed by the CA. Verifiers (the public check page, other instances, offline tools) fetch it,
//! check it against the CA fingerprint they pinned, and look keys up in it by key id.
//!
//! # Format
//!
//! A JSON object with three members:
//!
//! ```json
//! {
//!   "trust_list": {
//!     "format": 1,
//!     "issued_at": "2026-11-02T10:15:30Z",
//!     "ca_certificate": "<base64 DER>",
//!     "keys": [
//!       { "key_id": "ja-04011.1", "office": "ja-04011", "office_name": "Jugendamt Bremen",
//!         "valid_from": "…", "valid_until": "…",
//!         "public_key": "<base64 SubjectPublicKeyInfo DER>", "certificate": "<base64 DER>" }
//!     ]
//!   },
//!   "algorithm": "ES256",
//!   "signature": "<base64url, no padding, of r || s>"
//! }
//! ```
//!
//! The signature covers the exact bytes of the `trust_list` value as they appear in the
//! document (from its `{` to its matching `}`), kept verbatim as a
//! [`serde_json::value::RawValue`]; nothing is re-serialised or canonicalised before checking. A
//! reader may therefore reformat the outer object but not the inner one. Times are RFC 3339;
//! base64 is the standard alphabet with padding. `valid_until` is the end of the key's sealing
//! period: its certificate's end or its retirement by rotation, whichever is earlier. What a key
//! sealed within its period stays valid after it.
//!
//! This module owns the format and its checks; it does not decide which keys exist.

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use p256::ecdsa::signature::Verifier as _;
use p256::ecdsa::{Signature, VerifyingKey};
use p256::pkcs8::{DecodePublicKey, EncodePublicKey};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use time::OffsetDateTime;

use crate::ca::CertificateAuthority;
use crate::x509::{self, IssuedCheck};
use crate::{KeyLookup, SealError, TrustedKey};

/// The version of the inner document's layout.
pub const TRUST_LIST_FORMAT: u32 = 1;
const ALGORITHM: &str = "ES256";

/// SHA-256 of a CA certificate's DER as 64 lowercase hex digits: the value operators pin.
pub fn ca_fingerprint(ca_certificate_der: &[u8]) -> String {
    x509::sha256_hex(ca_certificate_der)
}

/// Why a trust list was not accepted.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TrustError {
    #[error("trust list is not well-formed: {0}")]
    Malformed(String),
    #[error("trust list format {0} is not supported (expected {TRUST_LIST_FORMAT})")]
    UnsupportedFormat(u32),
    #[error("trust list signature algorithm {0:?} is not supported (expected ES256)")]
    UnsupportedAlgorithm(String),
    #[error("trust list CA certificate is invalid: {0}")]
    InvalidCaCertificate(String),
    #[error("untrusted trust list: signed by a different CA")]
    UntrustedCa,
    #[error("trust list signature is invalid: the list was changed or not signed by its CA")]
    BadSignature,
    #[error("trust list names key {0} twice")]
    DuplicateKey(String),
    #[error("certificate of key {key_id} is unreadable: {reason}")]
    BadCertificate { key_id: String, reason: String },
    #[error("certificate of key {0} was not issued by the trust list's CA")]
    NotIssuedByCa(String),
    #[error("public key of {0} does not match its certificate")]
    PublicKeyMismatch(String),
    #[error("key {key_id} is listed for office {listed}, but its certificate is for {certified}")]
    OfficeMismatch {
        key_id: String,
        listed: String,
        certified: String,
    },
    #[error("validity of key {0} reaches outside its certificate's validity")]
    ValidityOutsideCertificate(String),
}

/// The trust list as sent: the inner document's exact bytes and the CA's signature over them.
/// Nothing in it is trusted until [`SignedTrustList::verify`] says so.
#[derive(Debug, Clone)]
pub struct SignedTrustList {
    trust_list: Box<RawValue>,
    signature: String,
}

/// A verified trust list.
#[derive(Debug, Clone, PartialEq)]
pub struct TrustList {
    issued_at: OffsetDateTime,
    ca_certificate_der: Vec<u8>,
    keys: Vec<TrustedKey>,
}

#[derive(Serialize, Deserialize)]
struct Envelope {
    trust_list: Box<RawValue>,
    algorithm: String,
    signature: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Body {
    format: u32,
    #[serde(with = "time::serde::rfc3339")]
    issued_at: OffsetDateTime,
    ca_certificate: String,
    keys: Vec<KeyEntry>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct KeyEntry {
    key_id: String,
    office: String,
    office_name: String,
    #[serde(with = "time::serde::rfc3339")]
    valid_from: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    valid_until: OffsetDateTime,
    public_key: String,
    certificate: String,
}

impl SignedTrustList {
    /// Writes and signs a trust list of `keys`, issued at `issued_at`.
    pub fn sign(
        ca: &CertificateAuthority,
        keys: &[TrustedKey],
        issued_at: OffsetDateTime,
    ) -> Result<Self, SealError> {
        let keys = keys
            .iter()
            .map(|key| {
                let spki = key.verifying_key.to_public_key_der().map_err(|e| {
                    SealError::Encoding(format!("cannot encode key {}: {e}", key.key_id))
                })?;
                Ok(KeyEntry {
                    key_id: key.key_id.clone(),
                    office: key.office.clone(),
                    office_name: key.office_name.clone(),
                    valid_from: key.valid_from,
                    valid_until: key.valid_until,
                    public_key: STANDARD.encode(spki.as_bytes()),
                    certificate: STANDARD.encode(&key.certificate_der),
                })
            })
            .collect::<Result<Vec<_>, SealError>>()?;
        let body = Body {
            format: TRUST_LIST_FORMAT,
            issued_at,
            ca_certificate: STANDARD.encode(ca.certificate_der()),
            keys,
        };
        // Indented as it will sit inside the envelope, so that the whole document reads evenly.
        // JSON strings hold no raw newlines, so this only touches whitespace between tokens.
        let bytes = serde_json::to_string_pretty(&body)
            .map_err(|e| SealError::Encoding(format!("cannot write the trust list: {e}")))?
            .replace('\n', "\n  ");
        let signature = ca.sign(bytes.as_bytes())?;
        let trust_list = RawValue::from_string(bytes)
            .map_err(|e| SealError::Encoding(format!("cannot write the trust list: {e}")))?;
        Ok(SignedTrustList {
            trust_list,
            signature: URL_SAFE_NO_PAD.encode(signature),
        })
    }

    /// The document, pretty-printed; the signed inner object is kept byte for byte.
    pub fn to_json(&self) -> String {
        let envelope = Envelope {
            trust_list: self.trust_list.clone(),
            algorithm: ALGORITHM.to_owned(),
            signature: self.signature.clone(),
        };
        // Serialising strings and a raw value cannot fail; fall back to the compact form anyway.
        serde_json::to_string_pretty(&envelope).unwrap_or_else(|_| {
            format!(
                r#"{{"trust_list":{},"algorithm":"{ALGORITHM}","signature":"{}"}}"#,
                self.trust_list.get(),
                self.signature
            )
        })
    }

    /// Reads a document. Only its outer shape is checked here; see [`SignedTrustList::verify`].
    pub fn from_json(json: &str) -> Result<Self, TrustError> {
        let envelope: Envelope =
            serde_json::from_str(json).map_err(|e| TrustError::Malformed(e.to_string()))?;
        if envelope.algorithm != ALGORITHM {
            return Err(TrustError::UnsupportedAlgorithm(envelope.algorithm));
        }
        Ok(SignedTrustList {
            trust_list: envelope.trust_list,
            signature: envelope.signature,
        })
    }

    /// The exact bytes the signature covers.
    pub fn signed_bytes(&self) -> &[u8] {
        self.trust_list.get().as_bytes()
    }

    /// The fingerprint of the CA certificate the document carries, before any check: for an
    /// operator who wants to see what to pin.
    pub fn ca_fingerprint(&self) -> Result<String, TrustError> {
        let body = self.body()?;
        Ok(ca_fingerprint(&decode_ca(&body.ca_certificate)?))
    }

    /// Checks the list and returns what it says:
    /// - if `pinned_ca_der` is given, the document's CA certificate must be exactly that one;
    /// - the CA certificate must be validly self-signed, and the signature over the inner
    ///   document must verify under its key;
    /// - every key's certificate must be issued by that CA, for the listed office, with the
    ///   listed public key, and the listed validity must lie within the certificate's.
    pub fn verify(&self, pinned_ca_der: Option<&[u8]>) -> Result<TrustList, TrustError> {
        let body = self.body()?;
        let ca_der = decode_ca(&body.ca_certificate)?;
        if let Some(pinned) = pinned_ca_der
            && pinned != ca_der.as_slice()
        {
            return Err(TrustError::UntrustedCa);
        }
        let ca_cert = x509::parse(&ca_der).map_err(TrustError::InvalidCaCertificate)?;
        x509::check_issued_by(&ca_cert, &ca_cert).map_err(|why| {
            TrustError::InvalidCaCertificate(format!("not validly self-signed ({why:?})"))
        })?;
        let ca_key = x509::verifying_key(&ca_cert).map_err(TrustError::InvalidCaCertificate)?;
        verify_signature(&ca_key, self.signed_bytes(), &self.signature)?;

        // Only now, with the content authenticated, is it worth reading further.
        if body.format != TRUST_LIST_FORMAT {
            return Err(TrustError::UnsupportedFormat(body.format));
        }
        let mut keys: Vec<TrustedKey> = Vec::with_capacity(body.keys.len());
        for entry in body.keys {
            if keys.iter().any(|k| k.key_id == entry.key_id) {
                return Err(TrustError::DuplicateKey(entry.key_id));
            }
            keys.push(check_entry(entry, &ca_cert)?);
        }
        Ok(TrustList {
            issued_at: body.issued_at,
            ca_certificate_der: ca_der,
            keys,
        })
    }

    fn body(&self) -> Result<Body, TrustError> {
        serde_json::from_str(self.trust_list.get())
            .map_err(|e| TrustError::Malformed(e.to_string()))
    }
}

fn decode_ca(base64: &str) -> Result<Vec<u8>, TrustError> {
    STANDARD
        .decode(base64)
        .map_err(|e| TrustError::InvalidCaCertificate(format!("not base64: {e}")))
}

pub(crate) fn verify_signature(
    key: &VerifyingKey,
    bytes: &[u8],
    signature: &str,
) -> Result<(), TrustError> {
    let raw = URL_SAFE_NO_PAD
        .decode(signature)
        .map_err(|_| TrustError::BadSignature)?;
    let signature = Signature::from_slice(&raw).map_err(|_| TrustError::BadSignature)?;
    key.verify(bytes, &signature)
        .map_err(|_| TrustError::BadSignature)
}

fn check_entry(
    entry: KeyEntry,
    ca_cert: &x509_cert::Certificate,
) -> Result<TrustedKey, TrustError> {
    let key_id = entry.key_id;
    let bad_cert = |reason: String| TrustError::BadCertificate {
        key_id: key_id.clone(),
        reason,
    };
    let certificate_der = STANDARD
        .decode(&entry.certificate)
        .map_err(|e| bad_cert(format!("not base64: {e}")))?;
    let cert = x509::parse(&certificate_der).map_err(bad_cert)?;
    match x509::check_issued_by(&cert, ca_cert) {
        Ok(()) => {}
        Err(IssuedCheck::IssuerName | IssuedCheck::Signature) => {
            return Err(TrustError::NotIssuedByCa(key_id));
        }
        Err(IssuedCheck::Algorithm) => {
            return Err(bad_cert("not signed with ES256".to_owned()));
        }
    }
    let listed_spki = STANDARD
        .decode(&entry.public_key)
        .map_err(|_| TrustError::PublicKeyMismatch(key_id.clone()))?;
    if x509::spki_der(&cert).map_err(bad_cert)? != listed_spki {
        return Err(TrustError::PublicKeyMismatch(key_id));
    }
    let verifying_key = VerifyingKey::from_public_key_der(&listed_spki)
        .map_err(|e| bad_cert(format!("not a P-256 key: {e}")))?;
    let certified = x509::subject_office(&cert).unwrap_or_default();
    if certified != entry.office {
        return Err(TrustError::OfficeMismatch {
            key_id,
            listed: entry.office,
            certified,
        });
    }
    let (not_before, not_after) = x509::validity(&cert).map_err(bad_cert)?;
    if entry.valid_from < not_before
        || entry.valid_until > not_after
        || entry.valid_until < entry.valid_from
    {
        return Err(TrustError::ValidityOutsideCertificate(key_id));
    }
    Ok(TrustedKey {
        key_id,
        office: entry.office,
        office_name: entry.office_name,
        valid_from: entry.valid_from,
        valid_until: entry.valid_until,
        verifying_key,
        certificate_der,
    })
}

impl TrustList {
    pub fn issued_at(&self) -> OffsetDateTime {
        self.issued_at
    }

    pub fn ca_certificate_der(&self) -> &[u8] {
        &self.ca_certificate_der
    }

    pub fn ca_fingerprint(&self) -> String {
        ca_fingerprint(&self.ca_certificate_der)
    }

    pub fn keys(&self) -> &[TrustedKey] {
        &self.keys
    }
}

impl KeyLookup for TrustList {
    fn key(&self, key_id: &str) -> Option<&TrustedKey> {
        self.keys.iter().find(|k| k.key_id == key_id)
    }

    fn key_with_certificate(&self, certificate_der: &[u8]) -> Option<&TrustedKey> {
        self.keys
            .iter()
            .find(|key| key.certificate_der == certificate_der)
    }
}
