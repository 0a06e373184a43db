//! The signed envelope every federation message travels in: a JWS in compact serialization,
//! ES256 only, whose payload is a [`Signed`] message (id, time, sending office, body).
//!
//! This module owns the format and its checks: sealing a message with an office's key and
//! opening one (signature, key, office, freshness, size, and with [`open_once`] replay). It does
//! not know where keys come from ([`crate::keys`]), where seen ids are kept
//! ([`crate::replay`]) or how envelopes travel ([`crate::http`]). Errors never carry message
//! contents.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use p256::ecdsa::Signature;
use p256::ecdsa::signature::Verifier as _;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

use domain::OfficeId;

use crate::keys::{EnvelopeSigner, KeyResolver};
use crate::replay::ReplayGuard;

/// The only algorithm accepted: ECDSA on P-256 with SHA-256.
pub const ALG: &str = "ES256";
/// The JWS `typ` of a federation envelope.
pub const TYP: &str = "sorgeregister-federation+jws";
/// The media type envelopes are sent as over HTTP.
pub const MEDIA_TYPE: &str = "application/jose";
/// The largest envelope accepted, in bytes of its compact form.
pub const MAX_ENVELOPE_BYTES: usize = 64 * 1024;
/// How far an envelope's `iat` may lie from now, either way.
pub const FRESHNESS: Duration = Duration::seconds(300);

/// A message as signed: a unique id (UUID v4), when it was made (Unix seconds), the sending
/// office, and the message itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signed<T> {
    pub msg_id: String,
    pub iat: i64,
    pub from: OfficeId,
    pub body: T,
}

impl<T> Signed<T> {
    /// A new message from `from`, made `now`, under a fresh random id.
    pub fn new(from: OfficeId, body: T, now: OffsetDateTime) -> Self {
        Signed {
            msg_id: uuid::Uuid::new_v4().to_string(),
            iat: now.unix_timestamp(),
            from,
            body,
        }
    }
}

/// Why an envelope was refused (or could not be made). The display names the reason only.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EnvelopeError {
    /// Not a compact JWS with the expected header and payload.
    #[error("malformed envelope")]
    Malformed,
    /// An `alg` other than ES256 (including `none`).
    #[error("algorithm not accepted")]
    Algorithm,
    /// The `kid` names no key in the trust list.
    #[error("unknown key")]
    UnknownKey,
    /// The key belongs to another office than the message's `from`.
    #[error("key of another office")]
    WrongOffice,
    /// The signature does not verify.
    #[error("signature does not verify")]
    Signature,
    /// `iat` lies more than five minutes from now.
    #[error("outside the time window")]
    OutsideWindow,
    /// The key was not valid at `iat` (not yet, or retired).
    #[error("key not valid at the message's time")]
    KeyNotValid,
    /// The message id was seen before.
    #[error("message replayed")]
    Replayed,
    /// Larger than [`MAX_ENVELOPE_BYTES`].
    #[error("envelope too large")]
    TooLarge,
    /// Our own signing failed (key store).
    #[error("signing failed: {0}")]
    Signing(String),
    /// The replay guard could not answer (store down); nothing is known about the envelope.
    #[error("replay guard unavailable: {0}")]
    Unavailable(String),
}

impl EnvelopeError {
    /// A short stable code for logs and problem types: `malformed`, `algorithm`, `unknown_key`,
    /// `wrong_office`, `signature`, `outside_window`, `key_not_valid`, `replayed`, `too_large`,
    /// `signing`, `unavailable`.
    pub fn reason(&self) -> &'static str {
        match self {
            EnvelopeError::Malformed => "malformed",
            EnvelopeError::Algorithm => "algorithm",
            EnvelopeError::UnknownKey => "unknown_key",
            EnvelopeError::WrongOffice => "wrong_office",
            EnvelopeError::Signature => "signature",
            EnvelopeError::OutsideWindow => "outside_window",
            EnvelopeError::KeyNotValid => "key_not_valid",
            EnvelopeError::Replayed => "replayed",
            EnvelopeError::TooLarge => "too_large",
            EnvelopeError::Signing(_) => "signing",
            EnvelopeError::Unavailable(_) => "unavailable",
        }
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Header {
    alg: String,
    kid: String,
    typ: String,
}

/// The JWS signing input `BASE64URL(header) "." BASE64URL(payload)` for a key id and payload
/// bytes. Public so that tests can craft envelopes; [`seal`] is the way to send one.
pub fn signing_input(kid: &str, payload: &[u8]) -> String {
    let header = serde_json::json!({ "alg": ALG, "kid": kid, "typ": TYP }).to_string();
    format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header),
        URL_SAFE_NO_PAD.encode(payload)
    )
}

/// The compact JWS of a signing input and its ES256 signature (`r || s`).
pub fn compact(signing_input: &str, signature: &[u8; 64]) -> String {
    format!("{signing_input}.{}", URL_SAFE_NO_PAD.encode(signature))
}

/// Signs `message` as its `from` office with that office's current key (see
/// [`EnvelopeSigner`]) and returns the compact JWS.
pub async fn seal<T: Serialize + Sync>(
    signer: &dyn EnvelopeSigner,
    message: &Signed<T>,
    now: OffsetDateTime,
) -> Result<String, EnvelopeError> {
    let payload = serde_json::to_vec(message).map_err(|_| EnvelopeError::Malformed)?;
    let build = |kid: &str| signing_input(kid, &payload).into_bytes();
    let signed = signer.sign(&message.from, now, &build).await?;
    let input = String::from_utf8(signed.message).map_err(|_| EnvelopeError::Malformed)?;
    let sealed = compact(&input, &signed.signature);
    if sealed.len() > MAX_ENVELOPE_BYTES {
        return Err(EnvelopeError::TooLarge);
    }
    Ok(sealed)
}

/// Opens an envelope: checks size, form, algorithm, key, signature, office and freshness, and
/// returns the message. Does not check replay; see [`open_once`].
pub fn open<T: DeserializeOwned>(
    envelope: &str,
    keys: &dyn KeyResolver,
    now: OffsetDateTime,
) -> Result<Signed<T>, EnvelopeError> {
    if envelope.len() > MAX_ENVELOPE_BYTES {
        return Err(EnvelopeError::TooLarge);
    }
    let mut parts = envelope.split('.');
    let (Some(header_b64), Some(payload_b64), Some(signature_b64), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(EnvelopeError::Malformed);
    };
    let header_bytes = decode(header_b64)?;
    let header_value: serde_json::Value =
        serde_json::from_slice(&header_bytes).map_err(|_| EnvelopeError::Malformed)?;
    if header_value.get("alg").and_then(|a| a.as_str()) != Some(ALG) {
        return Err(EnvelopeError::Algorithm);
    }
    // Only alg, kid and typ: no jku, jwk, x5u, crit or anything else that could point elsewhere.
    let header: Header =
        serde_json::from_value(header_value).map_err(|_| EnvelopeError::Malformed)?;
    if header.typ != TYP {
        return Err(EnvelopeError::Malformed);
    }
    let key = keys.key(&header.kid).ok_or(EnvelopeError::UnknownKey)?;
    let signature_bytes = decode(signature_b64)?;
    let signature =
        Signature::from_slice(&signature_bytes).map_err(|_| EnvelopeError::Signature)?;
    let signed_part = &envelope[..header_b64.len() + 1 + payload_b64.len()];
    key.verifying_key
        .verify(signed_part.as_bytes(), &signature)
        .map_err(|_| EnvelopeError::Signature)?;
    let message: Signed<T> =
        serde_json::from_slice(&decode(payload_b64)?).map_err(|_| EnvelopeError::Malformed)?;
    if uuid::Uuid::try_parse(&message.msg_id).is_err() {
        return Err(EnvelopeError::Malformed);
    }
    if key.office != message.from.as_str() {
        return Err(EnvelopeError::WrongOffice);
    }
    let iat =
        OffsetDateTime::from_unix_timestamp(message.iat).map_err(|_| EnvelopeError::Malformed)?;
    if (now - iat).abs() > FRESHNESS {
        return Err(EnvelopeError::OutsideWindow);
    }
    if !key.valid_at(iat) {
        return Err(EnvelopeError::KeyNotValid);
    }
    Ok(message)
}

/// [`open`], then records the message id with `guard`: a message is accepted once.
pub async fn open_once<T: DeserializeOwned>(
    envelope: &str,
    keys: &dyn KeyResolver,
    guard: &dyn ReplayGuard,
    now: OffsetDateTime,
) -> Result<Signed<T>, EnvelopeError> {
    let message = open(envelope, keys, now)?;
    let first = guard
        .first_time(&message.msg_id, &message.from, now)
        .await
        .map_err(|e| EnvelopeError::Unavailable(e.to_string()))?;
    if first {
        Ok(message)
    } else {
        Err(EnvelopeError::Replayed)
    }
}

/// The message id an envelope claims, without verifying anything, for logging a refusal. Only
/// a well-formed UUID is returned, so that nothing else from the envelope reaches the log.
pub fn unverified_msg_id(envelope: &str) -> Option<String> {
    if envelope.len() > MAX_ENVELOPE_BYTES {
        return None;
    }
    let payload = decode(envelope.split('.').nth(1)?).ok()?;
    let value: serde_json::Value = serde_json::from_slice(&payload).ok()?;
    let id = uuid::Uuid::try_parse(value.get("msg_id")?.as_str()?).ok()?;
    Some(id.to_string())
}

fn decode(part: &str) -> Result<Vec<u8>, EnvelopeError> {
    URL_SAFE_NO_PAD
        .decode(part)
        .map_err(|_| EnvelopeError::Malformed)
}
