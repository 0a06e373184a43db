//! Provisioning an office's node with a key of its own, so that no private key ever leaves the
//! machine that signs with it:
//!
//! 1. **The node** (its folder pinned to the platform CA's certificate,
//!    [`KeyStore::create_node`]) makes a P-256 key and writes it to `pending/<office>.key.pem`
//!    (mode 0600); [`KeyStore::request_key`] returns the request: office, name, public key and
//!    a signature over them by the new key (proof of possession).
//! 2. **The platform** checks the request and has its CA certify the public key
//!    ([`KeyStore::certify`]). The key joins the platform's index as held elsewhere (no private
//!    key file), so the trust list publishes it and the office's earlier keys on the platform
//!    are retired; it answers with the key id and the certificate.
//! 3. **The node** installs the answer ([`KeyStore::install`]): the certificate must come from
//!    the pinned CA and belong to the pending key; the key becomes the office's current key
//!    there.
//!
//! Request and answer are small JSON files an operator carries between the two (they hold no
//! secret):
//!
//! ```json
//! { "key_request": 1, "office": "ja-03352", "office_name": "Jugendamt Landkreis Cuxhaven",
//!   "public_key": "<base64 SubjectPublicKeyInfo DER>", "proof": "<base64url r || s>" }
//! { "certified_key": 1, "key_id": "ja-03352.2", "office_name": "…",
//!   "certificate": "<base64 DER>" }
//! ```

use std::fs;
use std::path::PathBuf;

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use p256::ecdsa::signature::{Signer as _, Verifier as _};
use p256::ecdsa::{Signature, SigningKey, VerifyingKey};
use p256::elliptic_curve::Generate as _;
use p256::pkcs8::{DecodePublicKey, EncodePublicKey};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::{
    Authority, CA_CERT_FILE, INDEX_FILE, KeyStore, OFFICES_DIR, create_private_dir, io_error,
    read_private_key, write_certificate, write_private_key,
};
use crate::ca::{SealCertificateRequest, whole_seconds};
use crate::keys::{OfficeKey, check_office_id, parse_key_id};
use crate::{SealError, x509};

const PENDING_DIR: &str = "pending";
const FORMAT: u32 = 1;
/// Office names are printed on certificates; a request's is bounded like the directory's.
const MAX_OFFICE_NAME_CHARS: usize = 200;

/// A node's request that the platform certify its new key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyRequest {
    pub key_request: u32,
    pub office: String,
    pub office_name: String,
    /// SubjectPublicKeyInfo DER, base64.
    pub public_key: String,
    /// ES256 signature by the requested key over [`KeyRequest::signed_text`], base64url.
    pub proof: String,
}

/// The platform's answer: the certified key's id and certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CertifiedKey {
    pub certified_key: u32,
    pub key_id: String,
    pub office_name: String,
    /// The seal certificate, DER, base64.
    pub certificate: String,
}

impl KeyRequest {
    /// What the proof signs: the purpose, office, name and key, one per line.
    fn signed_text(office: &str, office_name: &str, public_key: &str) -> String {
        format!("sorgeregister key request {FORMAT}\n{office}\n{office_name}\n{public_key}")
    }

    /// The requested public key, once the request is well-formed and its proof holds.
    pub fn check(&self) -> Result<VerifyingKey, SealError> {
        let bad = |why: &str| SealError::KeyStore(format!("key request refused: {why}"));
        if self.key_request != FORMAT {
            return Err(bad(&format!(
                "format {} (expected {FORMAT})",
                self.key_request
            )));
        }
        check_office_id(&self.office)?;
        let name = self.office_name.trim();
        if name.is_empty()
            || name != self.office_name
            || self.office_name.chars().count() > MAX_OFFICE_NAME_CHARS
            || self.office_name.chars().any(char::is_control)
        {
            return Err(bad("the office name must be 1 to 200 printable characters"));
        }
        let text = Self::signed_text(&self.office, &self.office_name, &self.public_key);
        check_proof(&self.public_key, &self.proof, &text).map_err(bad)
    }
}

/// A new key's public part as a request carries it: SubjectPublicKeyInfo DER, base64.
pub(super) fn public_key_text(key: &SigningKey) -> Result<String, SealError> {
    let spki = key
        .verifying_key()
        .to_public_key_der()
        .map_err(|e| SealError::Encoding(format!("cannot encode the public key: {e}")))?;
    Ok(STANDARD.encode(spki.as_bytes()))
}

/// The proof of possession: `key`'s ES256 signature over `text`, base64url.
pub(super) fn prove(key: &SigningKey, text: &str) -> String {
    let proof: Signature = key.sign(text.as_bytes());
    URL_SAFE_NO_PAD.encode(proof.to_bytes())
}

/// The public key a request names, once `proof` by it over `text` verifies.
pub(super) fn check_proof(
    public_key: &str,
    proof: &str,
    text: &str,
) -> Result<VerifyingKey, &'static str> {
    let spki = STANDARD
        .decode(public_key)
        .map_err(|_| "the public key is not base64")?;
    let key = VerifyingKey::from_public_key_der(&spki)
        .map_err(|_| "the public key is not a P-256 key")?;
    let proof = URL_SAFE_NO_PAD
        .decode(proof)
        .ok()
        .and_then(|bytes| Signature::from_slice(&bytes).ok())
        .ok_or("the proof is not an ES256 signature")?;
    key.verify(text.as_bytes(), &proof).map_err(
        |_| "the proof does not verify: the request was changed or not signed by its key",
    )?;
    Ok(key)
}

impl KeyStore {
    /// Opens the node folder `dir`, or makes it pinned to the platform CA certificate
    /// `ca_certificate_pem` (which must be a CA's). An existing folder must be a node's with
    /// that same CA.
    pub fn create_node(dir: &std::path::Path, ca_certificate_pem: &str) -> Result<Self, SealError> {
        let der = x509::from_pem(ca_certificate_pem)
            .map_err(|e| SealError::KeyStore(format!("the platform CA certificate: {e}")))?;
        let cert = x509::parse(&der).map_err(SealError::KeyStore)?;
        let name = x509::subject_common_name(&cert).ok_or_else(|| {
            SealError::KeyStore("the platform CA certificate names no CA (CN)".to_owned())
        })?;
        if x509::check_issued_by(&cert, &cert).is_err() {
            return Err(SealError::KeyStore(
                "the platform CA certificate is not a self-signed CA certificate".to_owned(),
            ));
        }
        if dir.join(INDEX_FILE).exists() {
            let store = Self::load(dir.to_owned(), super::default_seal_validity())?;
            if !store.is_node() || store.ca_certificate_der() != der.as_slice() {
                return Err(SealError::KeyStore(format!(
                    "{} is already a key folder, for another CA or for the platform",
                    dir.display()
                )));
            }
            return Ok(store);
        }
        create_private_dir(dir)?;
        create_private_dir(&dir.join(OFFICES_DIR))?;
        write_certificate(&dir.join(CA_CERT_FILE), &der)?;
        let store = KeyStore {
            dir: dir.to_owned(),
            authority: Authority::Pinned {
                name,
                certificate_der: der,
            },
            keys: Vec::new(),
            seal_validity: super::default_seal_validity(),
        };
        store.write_index()?;
        Ok(store)
    }

    /// On a node: makes a new key for `office` (replacing one still pending) and returns the
    /// request to carry to the platform.
    pub fn request_key(&self, office: &str, office_name: &str) -> Result<KeyRequest, SealError> {
        if !self.is_node() {
            return Err(SealError::KeyStore(
                "the platform makes its offices' keys itself (keys create / rotate); requests \
                 are for a node's folder"
                    .to_owned(),
            ));
        }
        check_office_id(office)?;
        let key = SigningKey::try_generate()
            .map_err(|e| SealError::KeyStore(format!("no randomness for a seal key: {e}")))?;
        let public_key = public_key_text(&key)?;
        let text = KeyRequest::signed_text(office, office_name, &public_key);
        let request = KeyRequest {
            key_request: FORMAT,
            office: office.to_owned(),
            office_name: office_name.to_owned(),
            proof: prove(&key, &text),
            public_key,
        };
        request.check()?;
        create_private_dir(&self.dir.join(PENDING_DIR))?;
        write_private_key(&self.pending_path(office), &key)?;
        Ok(request)
    }

    /// On the platform: certifies the requested key from `now` as its office's next version,
    /// held at the office's node, and retires the office's keys before it.
    pub fn certify(
        &mut self,
        request: &KeyRequest,
        now: OffsetDateTime,
    ) -> Result<CertifiedKey, SealError> {
        let public_key = request.check()?;
        if self.keys.iter().any(|k| k.verifying_key() == &public_key) {
            return Err(SealError::KeyStore(
                "key request refused: this key is certified already".to_owned(),
            ));
        }
        let version = self.next_version(&request.office);
        let certificate_der = self.ca()?.issue_seal_certificate(&SealCertificateRequest {
            office: &request.office,
            office_name: &request.office_name,
            public_key: &public_key,
            not_before: whole_seconds(now),
            not_after: whole_seconds(now) + self.seal_validity,
        })?;
        let key = OfficeKey::held_elsewhere(
            &request.office_name,
            version,
            certificate_der.clone(),
            None,
        )?;
        let answer = CertifiedKey {
            certified_key: FORMAT,
            key_id: key.key_id().to_owned(),
            office_name: request.office_name.clone(),
            certificate: STANDARD.encode(&certificate_der),
        };
        write_certificate(&self.cert_path(key.key_id()), key.certificate_der())?;
        self.commit_key(key, now)?;
        Ok(answer)
    }

    /// On a node: installs the platform's answer for the pending key of its office, which
    /// becomes the office's current key (earlier ones retired at `now`).
    pub fn install(
        &mut self,
        certified: &CertifiedKey,
        now: OffsetDateTime,
    ) -> Result<&OfficeKey, SealError> {
        let bad = |why: String| SealError::KeyStore(format!("certified key refused: {why}"));
        if !self.is_node() {
            return Err(bad("this is the platform's folder, not a node's".to_owned()));
        }
        if certified.certified_key != FORMAT {
            return Err(bad(format!("format {}", certified.certified_key)));
        }
        let (office, version) = parse_key_id(&certified.key_id)
            .ok_or_else(|| bad(format!("{:?} is not a key id", certified.key_id)))?;
        let office = office.to_owned();
        if self.key(&certified.key_id).is_some() {
            return Err(bad(format!("{} is installed already", certified.key_id)));
        }
        let der = STANDARD
            .decode(&certified.certificate)
            .map_err(|_| bad("the certificate is not base64".to_owned()))?;
        let cert = x509::parse(&der).map_err(bad)?;
        let ca = x509::parse(self.ca_certificate_der()).map_err(SealError::KeyStore)?;
        if x509::check_issued_by(&cert, &ca).is_err() {
            return Err(bad(
                "the certificate was not issued by the platform CA".to_owned()
            ));
        }
        let pending = self.pending_path(&office);
        if !pending.exists() {
            return Err(bad(format!("no key of {office} is pending here")));
        }
        let private = read_private_key(&pending)?;
        let key = OfficeKey::from_parts(&certified.office_name, version, private, der, None)
            .map_err(|e| bad(e.to_string()))?;
        if key.office() != office {
            return Err(bad("the certificate is for another office".to_owned()));
        }
        if let Some(private) = key.signing_key() {
            write_private_key(&self.key_path(key.key_id()), private)?;
        }
        write_certificate(&self.cert_path(key.key_id()), key.certificate_der())?;
        let key_id = key.key_id().to_owned();
        self.commit_key(key, now)?;
        fs::remove_file(&pending).map_err(|e| io_error(&pending, &e))?;
        self.key(&key_id)
            .ok_or_else(|| SealError::KeyStore(format!("{key_id} vanished")))
    }

    fn pending_path(&self, office: &str) -> PathBuf {
        self.dir.join(PENDING_DIR).join(format!("{office}.key.pem"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-12-07 12:00:00 UTC);

    fn platform(dir: &std::path::Path) -> KeyStore {
        KeyStore::open_or_create(dir, NOW, "Test-Plattform-CA").unwrap()
    }

    fn node(dir: &std::path::Path, platform: &KeyStore) -> KeyStore {
        let pem = fs::read_to_string(platform.dir().join(CA_CERT_FILE)).unwrap();
        KeyStore::create_node(dir, &pem).unwrap()
    }

    #[test]
    fn a_node_key_is_certified_by_the_platform_without_its_private_key_leaving_the_node() {
        let root = tempfile::tempdir().unwrap();
        let mut platform = platform(&root.path().join("platform"));
        platform
            .ensure_office("ja-03352", "Jugendamt Landkreis Cuxhaven", NOW)
            .unwrap();
        let mut node = node(&root.path().join("node"), &platform);
        assert!(node.is_node() && node.ca().is_err());
        assert_eq!(node.ca_fingerprint(), platform.ca_fingerprint());

        let request = node
            .request_key("ja-03352", "Jugendamt Landkreis Cuxhaven")
            .unwrap();
        let json = serde_json::to_string(&request).unwrap();
        assert!(!json.contains("PRIVATE"), "{json}");
        let answer = platform.certify(&request, NOW).unwrap();
        assert_eq!(
            answer.key_id, "ja-03352.2",
            "the next version after the platform's own"
        );

        // On the platform: published, the old key retired, no private key to sign with.
        let held = platform.current("ja-03352").unwrap();
        assert_eq!(held.key_id(), "ja-03352.2");
        assert!(!held.is_held_here());
        assert!(platform.key("ja-03352.1").unwrap().retired_at().is_some());
        assert!(
            !platform
                .dir()
                .join(OFFICES_DIR)
                .join("ja-03352.2.key.pem")
                .exists()
        );
        let reopened = KeyStore::open_or_create(platform.dir(), NOW, "x").unwrap();
        assert!(!reopened.current("ja-03352").unwrap().is_held_here());
        let list = reopened.trust_list(NOW).unwrap();
        let checked = list.verify(Some(platform.ca_certificate_der())).unwrap();
        assert!(checked.keys().iter().any(|k| k.key_id == "ja-03352.2"));

        // On the node: installed, signing, and the same public key as published.
        let installed = node.install(&answer, NOW).unwrap();
        assert!(installed.is_held_here());
        assert_eq!(installed.verifying_key(), held.verifying_key());
        assert!(
            !node
                .dir()
                .join(PENDING_DIR)
                .join("ja-03352.key.pem")
                .exists()
        );
        let reopened = KeyStore::open_or_create(node.dir(), NOW, "x").unwrap();
        assert!(reopened.is_node());
        assert!(reopened.current("ja-03352").unwrap().is_held_here());
        assert!(
            reopened.trust_list(NOW).is_err(),
            "a node signs no trust list"
        );
        assert!(node.install(&answer, NOW).is_err(), "installed once");
    }

    #[test]
    fn changed_requests_and_foreign_certificates_are_refused() {
        let root = tempfile::tempdir().unwrap();
        let mut platform = platform(&root.path().join("platform"));
        let mut node = node(&root.path().join("node"), &platform);
        let request = node.request_key("ja-03352", "Jugendamt Cuxhaven").unwrap();

        let mut renamed = request.clone();
        renamed.office = "ja-04011".into();
        assert!(platform.certify(&renamed, NOW).is_err(), "another office");
        let mut renamed = request.clone();
        renamed.office_name = "Jugendamt Bremen".into();
        assert!(platform.certify(&renamed, NOW).is_err(), "another name");
        let other = node.request_key("ja-03352", "Jugendamt Cuxhaven").unwrap();
        let mut borrowed = other.clone();
        borrowed.proof = request.proof.clone();
        assert!(
            platform.certify(&borrowed, NOW).is_err(),
            "another key's proof"
        );
        assert!(platform.list().is_empty(), "nothing certified");

        // Certified by another platform: the node refuses to install it.
        let mut stranger =
            KeyStore::open_or_create(root.path().join("other"), NOW, "Fremd").unwrap();
        let foreign = stranger.certify(&other, NOW).unwrap();
        let error = node.install(&foreign, NOW).unwrap_err().to_string();
        assert!(error.contains("not issued by the platform CA"), "{error}");

        // The right answer for the key requested last installs; a repeat certify is refused.
        let answer = platform.certify(&other, NOW).unwrap();
        assert!(platform.certify(&other, NOW).is_err(), "certified twice");
        node.install(&answer, NOW).unwrap();

        // A node folder is not made twice for another CA.
        let pem = fs::read_to_string(stranger.dir().join(CA_CERT_FILE)).unwrap();
        assert!(KeyStore::create_node(node.dir(), &pem).is_err());
        assert!(
            platform
                .request_key("ja-04011", "Jugendamt Bremen")
                .is_err()
        );
    }
}
