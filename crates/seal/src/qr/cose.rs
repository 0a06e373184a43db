//! The COSE_Sign1 envelope (RFC 9052, section 4.2) with ES256 and the key id in the protected
//! header, as the EU digital COVID certificate uses it. Only this one shape is written and read:
//! anything else (other algorithms, indefinite lengths, trailing bytes) is refused.

use minicbor::Decoder;
use minicbor::data::{Tag, Type};
use sha2::{Digest, Sha256};

use super::{QrError, cbor};

/// CBOR tag of a COSE_Sign1 structure.
const TAG_COSE_SIGN1: u64 = 18;
/// COSE header label of the algorithm.
const HEADER_ALG: i64 = 1;
/// COSE header label of the key id.
const HEADER_KID: i64 = 4;
/// COSE algorithm id of ECDSA with SHA-256 on P-256.
const ALG_ES256: i64 = -7;
/// Key ids are short (`ja-04011.2`); a longer one is not ours.
const MAX_KID_LEN: usize = 64;

/// The parts of a COSE_Sign1 structure, borrowed from the bytes they were read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sign1<'a> {
    /// The serialized protected header (a CBOR map inside a byte string).
    pub protected: &'a [u8],
    pub payload: &'a [u8],
    pub signature: &'a [u8],
}

/// The protected header `{1: -7, 4: kid}`.
pub fn protected_header(kid: &str) -> Vec<u8> {
    cbor(|e| {
        e.map(2)?.i64(HEADER_ALG)?.i64(ALG_ES256)?;
        e.i64(HEADER_KID)?.bytes(kid.as_bytes())?;
        Ok(())
    })
}

/// SHA-256 of the Sig_structure `["Signature1", protected, h'', payload]`: what ES256 signs.
pub fn signed_digest(protected: &[u8], payload: &[u8]) -> [u8; 32] {
    let sig_structure = cbor(|e| {
        e.array(4)?.str("Signature1")?.bytes(protected)?;
        e.bytes(&[])?.bytes(payload)?;
        Ok(())
    });
    Sha256::digest(sig_structure).into()
}

/// `18([protected, {}, payload, signature])`.
pub fn encode(sign1: &Sign1<'_>) -> Vec<u8> {
    cbor(|e| {
        e.tag(Tag::new(TAG_COSE_SIGN1))?.array(4)?;
        e.bytes(sign1.protected)?.map(0)?;
        e.bytes(sign1.payload)?.bytes(sign1.signature)?;
        Ok(())
    })
}

fn malformed(what: &'static str) -> impl Fn(minicbor::decode::Error) -> QrError {
    move |_| QrError::Structure(what)
}

pub fn decode(bytes: &[u8]) -> Result<Sign1<'_>, QrError> {
    let mut d = Decoder::new(bytes);
    if d.datatype().map_err(malformed("empty COSE message"))? == Type::Tag {
        let tag = d.tag().map_err(malformed("COSE tag"))?;
        if tag.as_u64() != TAG_COSE_SIGN1 {
            return Err(QrError::Structure("not a COSE_Sign1 message"));
        }
    }
    if d.array().map_err(malformed("COSE_Sign1 is not an array"))? != Some(4) {
        return Err(QrError::Structure("COSE_Sign1 must have four elements"));
    }
    let protected = d.bytes().map_err(malformed("protected header"))?;
    // The unprotected header carries nothing we use; it must still be a well-formed map.
    let unprotected = d.map().map_err(malformed("unprotected header"))?;
    let Some(entries) = unprotected else {
        return Err(QrError::Structure("indefinite unprotected header"));
    };
    for _ in 0..entries.saturating_mul(2) {
        d.skip().map_err(malformed("unprotected header"))?;
    }
    let payload = d.bytes().map_err(malformed("payload"))?;
    let signature = d.bytes().map_err(malformed("signature"))?;
    if d.position() != bytes.len() {
        return Err(QrError::Structure("bytes after the COSE message"));
    }
    Ok(Sign1 {
        protected,
        payload,
        signature,
    })
}

/// Reads the protected header, insists on ES256 and returns the key id.
pub fn key_id(protected: &[u8]) -> Result<String, QrError> {
    let mut d = Decoder::new(protected);
    let Some(entries) = d
        .map()
        .map_err(malformed("protected header is not a map"))?
    else {
        return Err(QrError::Structure("indefinite protected header"));
    };
    let (mut alg, mut kid) = (None, None);
    for _ in 0..entries {
        match d.i64().map_err(malformed("protected header label"))? {
            HEADER_ALG if alg.is_none() => alg = Some(d.i64().map_err(malformed("alg"))?),
            HEADER_KID if kid.is_none() => kid = Some(d.bytes().map_err(malformed("kid"))?),
            _ => return Err(QrError::Structure("unexpected protected header")),
        }
    }
    if d.position() != protected.len() {
        return Err(QrError::Structure("bytes after the protected header"));
    }
    if alg != Some(ALG_ES256) {
        return Err(QrError::Structure("algorithm is not ES256"));
    }
    match kid {
        Some(kid) if !kid.is_empty() && kid.len() <= MAX_KID_LEN => {
            String::from_utf8(kid.to_vec()).map_err(|_| QrError::Structure("kid is not UTF-8"))
        }
        _ => Err(QrError::Structure("kid missing")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envelope_round_trip() {
        let protected = protected_header("ja-04011.2");
        assert_eq!(key_id(&protected).unwrap(), "ja-04011.2");
        let sign1 = Sign1 {
            protected: &protected,
            payload: b"\xa1\x01\x02",
            signature: &[7; 64],
        };
        let bytes = encode(&sign1);
        assert_eq!(bytes[0], 0xd2, "tagged COSE_Sign1");
        assert_eq!(decode(&bytes).unwrap(), sign1);
    }

    #[test]
    fn refuses_other_shapes() {
        let protected = protected_header("k");
        let sign1 = Sign1 {
            protected: &protected,
            payload: b"x",
            signature: &[1; 64],
        };
        let mut bytes = encode(&sign1);
        bytes.push(0);
        assert!(matches!(decode(&bytes), Err(QrError::Structure(_))));
        // Tag 98 is COSE_Sign (multiple signers).
        let mut other = encode(&sign1);
        other[0] = 0xd8;
        other.insert(1, 98);
        assert!(matches!(decode(&other), Err(QrError::Structure(_))));

        // {1: -35} (ES384) with a kid.
        let es384 = [0xa2, 0x01, 0x38, 0x22, 0x04, 0x41, b'k'];
        assert!(matches!(key_id(&es384), Err(QrError::Structure(_))));
        let no_kid = [0xa1, 0x01, 0x26];
        assert!(matches!(key_id(&no_kid), Err(QrError::Structure(_))));
    }

    #[test]
    fn digest_depends_on_header_and_payload() {
        let a = signed_digest(b"\xa0", b"payload");
        assert_ne!(a, signed_digest(b"\xa1", b"payload"));
        assert_ne!(a, signed_digest(b"\xa0", b"payloae"));
    }
}
