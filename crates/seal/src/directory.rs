//! The federation directory: which offices there are and where each keeps its register —
//! hosted on the platform, or on its own node at an address. The platform CA signs it; nodes
//! fetch it beside the trust list (which carries the keys) and check it against the CA they
//! pinned.
//!
//! # Format
//!
//! ```json
//! {
//!   "directory": {
//!     "format": 1,
//!     "issued_at": "2026-12-07T10:15:30Z",
//!     "offices": [
//!       { "id": "ja-04011", "name": "Jugendamt Bremen", "mode": "hosted" },
//!       { "id": "ja-03352", "name": "Jugendamt Landkreis Cuxhaven", "mode": "node",
//!         "node_url": "https://node.cuxhaven.example:8443" }
//!     ]
//!   },
//!   "algorithm": "ES256",
//!   "signature": "<base64url, no padding, of r || s>"
//! }
//! ```
//!
//! As with the trust list, the signature covers the exact bytes of the inner `directory` value.
//! This module owns the format and its checks; which offices are where is the caller's.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use time::OffsetDateTime;

use crate::SealError;
use crate::ca::CertificateAuthority;
use crate::trust::TrustError;
use crate::x509;

/// The version of the inner document's layout.
pub const DIRECTORY_FORMAT: u32 = 1;
const ALGORITHM: &str = "ES256";

/// Where an office keeps its register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "mode", rename_all = "snake_case", deny_unknown_fields)]
pub enum RegisterMode {
    /// On the platform.
    Hosted,
    /// On the office's own node, reached at `node_url`.
    Node { node_url: String },
}

/// One office of the directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirectoryOffice {
    pub id: String,
    pub name: String,
    #[serde(flatten)]
    pub mode: RegisterMode,
}

/// A verified directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directory {
    pub issued_at: OffsetDateTime,
    pub offices: Vec<DirectoryOffice>,
}

impl Directory {
    pub fn office(&self, id: &str) -> Option<&DirectoryOffice> {
        self.offices.iter().find(|office| office.id == id)
    }
}

#[derive(Serialize, Deserialize)]
struct Envelope {
    directory: Box<RawValue>,
    algorithm: String,
    signature: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Body {
    format: u32,
    #[serde(with = "time::serde::rfc3339")]
    issued_at: OffsetDateTime,
    offices: Vec<DirectoryOffice>,
}

/// Writes the directory of `offices`, issued at `issued_at`, signed by `ca`.
pub fn sign(
    ca: &CertificateAuthority,
    offices: &[DirectoryOffice],
    issued_at: OffsetDateTime,
) -> Result<String, SealError> {
    let body = Body {
        format: DIRECTORY_FORMAT,
        issued_at,
        offices: offices.to_vec(),
    };
    let bytes = serde_json::to_string(&body)
        .map_err(|e| SealError::Encoding(format!("cannot write the directory: {e}")))?;
    let signature = ca.sign(bytes.as_bytes())?;
    let envelope = Envelope {
        directory: RawValue::from_string(bytes)
            .map_err(|e| SealError::Encoding(format!("cannot write the directory: {e}")))?,
        algorithm: ALGORITHM.to_owned(),
        signature: URL_SAFE_NO_PAD.encode(signature),
    };
    serde_json::to_string(&envelope)
        .map_err(|e| SealError::Encoding(format!("cannot write the directory: {e}")))
}

/// Checks a directory document against the pinned CA certificate and returns what it says.
/// Nothing in it is read before its signature checks out.
pub fn verify(json: &str, ca_certificate_der: &[u8]) -> Result<Directory, TrustError> {
    let envelope: Envelope =
        serde_json::from_str(json).map_err(|e| TrustError::Malformed(e.to_string()))?;
    if envelope.algorithm != ALGORITHM {
        return Err(TrustError::UnsupportedAlgorithm(envelope.algorithm));
    }
    let ca = x509::parse(ca_certificate_der).map_err(TrustError::InvalidCaCertificate)?;
    let key = x509::verifying_key(&ca).map_err(TrustError::InvalidCaCertificate)?;
    crate::trust::verify_signature(
        &key,
        envelope.directory.get().as_bytes(),
        &envelope.signature,
    )?;
    let body: Body = serde_json::from_str(envelope.directory.get())
        .map_err(|e| TrustError::Malformed(e.to_string()))?;
    if body.format != DIRECTORY_FORMAT {
        return Err(TrustError::UnsupportedFormat(body.format));
    }
    Ok(Directory {
        issued_at: body.issued_at,
        offices: body.offices,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn offices() -> Vec<DirectoryOffice> {
        vec![
            DirectoryOffice {
                id: "ja-04011".into(),
                name: "Jugendamt Bremen".into(),
                mode: RegisterMode::Hosted,
            },
            DirectoryOffice {
                id: "ja-03352".into(),
                name: "Jugendamt Landkreis Cuxhaven".into(),
                mode: RegisterMode::Node {
                    node_url: "https://127.0.0.2:8443".into(),
                },
            },
        ]
    }

    fn ca(name: &str) -> CertificateAuthority {
        CertificateAuthority::generate(name, datetime!(2026-01-01 0:00 UTC)).unwrap()
    }

    #[test]
    fn a_signed_directory_verifies_against_its_ca_only() {
        let platform = ca("Plattform-CA");
        let at = datetime!(2026-12-07 10:00 UTC);
        let json = sign(&platform, &offices(), at).unwrap();
        assert!(json.contains(r#""mode":"node","node_url":"https://127.0.0.2:8443""#));
        let directory = verify(&json, platform.certificate_der()).unwrap();
        assert_eq!(directory.issued_at, at);
        assert_eq!(directory.offices, offices());
        assert_eq!(
            directory.office("ja-03352").unwrap().mode,
            RegisterMode::Node {
                node_url: "https://127.0.0.2:8443".into()
            }
        );

        let other = ca("Andere CA");
        assert!(matches!(
            verify(&json, other.certificate_der()),
            Err(TrustError::BadSignature)
        ));
        let moved = json.replace("127.0.0.2", "127.0.0.9");
        assert!(matches!(
            verify(&moved, platform.certificate_der()),
            Err(TrustError::BadSignature)
        ));
        assert!(matches!(
            verify("{}", platform.certificate_der()),
            Err(TrustError::Malformed(_))
        ));
    }
}
