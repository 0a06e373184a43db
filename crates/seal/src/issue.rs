//! Issuing a certificate's document: the signed QR text, the PDF/A that prints it, and the PAdES
//! seal over the PDF, all with the issuing office's current seal key.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use certificate::CertificateContent;
use sha2::{Digest as _, Sha256};
use time::OffsetDateTime;

use crate::keys::OfficeKey;
use crate::keystore::KeyStore;
use crate::trust::{SignedTrustList, TrustList};
use crate::{SealError, Signer, cms, qr};

/// A signed federation message: which key signed, the bytes signed, and the ES256 signature
/// (`r || s`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FederationSignature {
    pub key_id: String,
    pub message: Vec<u8>,
    pub signature: [u8; 64],
}

/// A certificate's sealed document.
#[derive(Clone, PartialEq, Eq)]
pub struct Issued {
    /// The key that sealed QR and PDF.
    pub key_id: String,
    /// The signed QR text printed on the certificate.
    pub qr_payload: String,
    /// The sealed PDF/A.
    pub pdf: Vec<u8>,
}

impl std::fmt::Debug for Issued {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // QR text and PDF carry personal data.
        f.debug_struct("Issued")
            .field("key_id", &self.key_id)
            .field(
                "qr_payload",
                &format_args!("<{} chars>", self.qr_payload.len()),
            )
            .field("pdf", &format_args!("<{} bytes>", self.pdf.len()))
            .finish()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum IssueError {
    #[error(transparent)]
    Seal(#[from] SealError),
    #[error("rendering the PDF failed: {0}")]
    Pdf(#[from] certificate::PdfError),
    #[error("sealing the PDF failed: {0}")]
    Pades(#[from] certificate::PadesError),
    #[error("office {0} has no seal key valid now")]
    NoKey(String),
}

/// Seals `content` with `signer`: QR text, PDF with the QR, PAdES seal over the PDF.
pub fn issue(content: &CertificateContent, signer: &dyn Signer) -> Result<Issued, IssueError> {
    let qr_payload = qr::seal(content, signer)?;
    let pdf = certificate::render(content, &qr_payload)?;
    let pdf = certificate::seal(&pdf, &content.issuer.name, content.issued_at, |digest| {
        cms::sign_detached(digest, signer, None)
    })?;
    Ok(Issued {
        key_id: signer.key_id().to_owned(),
        qr_payload,
        pdf,
    })
}

/// The platform's sealing service over a key folder: creates an office's first key when it
/// first issues, and notices keys rotated by another process (`sorgeregister keys rotate`)
/// without a restart.
pub struct Sealer {
    dir: PathBuf,
    state: Mutex<Loaded>,
}

/// In a node's key folder: the platform's signed trust list as last fetched
/// ([`Sealer::install_trust_list`]); a node verifies the offices' signatures with it.
pub const NODE_TRUST_LIST_FILE: &str = "platform-trust-list.json";
/// On a node: the platform's federation directory as last fetched and verified.
pub const NODE_DIRECTORY_FILE: &str = "platform-directory.json";

struct Loaded {
    keys: KeyStore,
    index_modified: Option<SystemTime>,
    /// On a node: when [`NODE_TRUST_LIST_FILE`] last changed.
    trust_list_modified: Option<SystemTime>,
    /// The signed trust list and its checked form, made anew when the keys change.
    published: Option<(SignedTrustList, Arc<TrustList>)>,
}

impl Loaded {
    /// Reloads the folder if another process changed it since.
    fn refresh(&mut self, dir: &Path, now: OffsetDateTime) -> Result<(), SealError> {
        let modified = index_modified(dir);
        if modified != self.index_modified {
            self.keys = KeyStore::open_or_create(dir, now, crate::ca::DEFAULT_CA_NAME)?;
            self.index_modified = modified;
            self.published = None;
        }
        let fetched = modified_at(&dir.join(NODE_TRUST_LIST_FILE));
        if fetched != self.trust_list_modified {
            self.trust_list_modified = fetched;
            self.published = None;
        }
        Ok(())
    }

    /// The platform's own trust list, signed now; on a node, the one fetched from the
    /// platform. Either is checked against the CA certificate of this folder.
    fn publish(
        &self,
        dir: &Path,
        now: OffsetDateTime,
    ) -> Result<(SignedTrustList, Arc<TrustList>), SealError> {
        let signed = if self.keys.is_node() {
            let path = dir.join(NODE_TRUST_LIST_FILE);
            let json = std::fs::read_to_string(&path).map_err(|e| {
                SealError::KeyStore(format!(
                    "no trust list from the platform yet ({}: {e})",
                    path.display()
                ))
            })?;
            SignedTrustList::from_json(&json)
                .map_err(|e| SealError::KeyStore(format!("{}: {e}", path.display())))?
        } else {
            self.keys.trust_list(now)?
        };
        let checked = signed
            .verify(Some(self.keys.ca_certificate_der()))
            .map_err(|e| SealError::KeyStore(format!("trust list does not verify: {e}")))?;
        Ok((signed, Arc::new(checked)))
    }
}

impl Sealer {
    /// Opens the key folder, creating the platform CA on first use.
    pub fn open(dir: &Path, now: OffsetDateTime) -> Result<Sealer, SealError> {
        let keys = KeyStore::open_or_create(dir, now, crate::ca::DEFAULT_CA_NAME)?;
        Ok(Sealer {
            dir: dir.to_owned(),
            state: Mutex::new(Loaded {
                keys,
                index_modified: index_modified(dir),
                trust_list_modified: modified_at(&dir.join(NODE_TRUST_LIST_FILE)),
                published: None,
            }),
        })
    }

    /// Issues a certificate's document in the name of `content.issuer`.
    pub fn issue(
        &self,
        content: &CertificateContent,
        now: OffsetDateTime,
    ) -> Result<Issued, IssueError> {
        let mut state = self
            .state
            .lock()
            .map_err(|_| SealError::KeyStore("the key store lock is poisoned".into()))?;
        state.refresh(&self.dir, now)?;
        let office = &content.issuer.id;
        if state.keys.current_at(office, now).is_none() {
            state
                .keys
                .ensure_office(office, &content.issuer.name, now)?;
            state.index_modified = index_modified(&self.dir);
            state.published = None;
        }
        // Rendering and sealing take milliseconds: not under the lock, so that one instance
        // issues several certificates at once.
        let key = state
            .keys
            .current_at(office, now)
            .cloned()
            .ok_or_else(|| IssueError::NoKey(office.clone()))?;
        drop(state);
        issue(content, &key)
    }

    /// The signed trust list of every key in the folder (made when the keys last changed), and
    /// its checked form for verifying certificates.
    pub fn trust_list(
        &self,
        now: OffsetDateTime,
    ) -> Result<(SignedTrustList, Arc<TrustList>), SealError> {
        let mut state = self
            .state
            .lock()
            .map_err(|_| SealError::KeyStore("the key store lock is poisoned".into()))?;
        state.refresh(&self.dir, now)?;
        if let Some(published) = &state.published {
            return Ok(published.clone());
        }
        let published = state.publish(&self.dir, now)?;
        state.published = Some(published.clone());
        Ok(published)
    }

    /// Whether this is an office node's folder, whose trust list comes from the platform.
    pub fn is_node(&self) -> Result<bool, SealError> {
        let state = self
            .state
            .lock()
            .map_err(|_| SealError::KeyStore("the key store lock is poisoned".into()))?;
        Ok(state.keys.is_node())
    }

    /// On a node: keeps `json`, the platform's trust list as fetched, once it verifies against
    /// the pinned platform CA, and uses it from now on. Returns how many keys it names and
    /// whether it differs from the one kept before. A list that does not verify changes nothing.
    pub fn install_trust_list(&self, json: &str) -> Result<(usize, bool), SealError> {
        let mut state = self
            .state
            .lock()
            .map_err(|_| SealError::KeyStore("the key store lock is poisoned".into()))?;
        if !state.keys.is_node() {
            return Err(SealError::KeyStore(
                "the platform signs its own trust list; only a node installs one".to_owned(),
            ));
        }
        let signed = SignedTrustList::from_json(json)
            .map_err(|e| SealError::KeyStore(format!("fetched trust list: {e}")))?;
        let checked = signed
            .verify(Some(state.keys.ca_certificate_der()))
            .map_err(|e| SealError::KeyStore(format!("fetched trust list refused: {e}")))?;
        let count = checked.keys().len();
        let path = self.dir.join(NODE_TRUST_LIST_FILE);
        if std::fs::read_to_string(&path).is_ok_and(|kept| kept == json) {
            return Ok((count, false));
        }
        crate::keystore::write_public_file(&path, json.as_bytes())?;
        state.trust_list_modified = modified_at(&path);
        state.published = Some((signed, Arc::new(checked)));
        Ok((count, true))
    }

    /// Signs a federation message with `office`'s current seal key, creating the office's first
    /// key (named `office_name`; an existing key keeps its name) when it has none, as issuing
    /// does. `message` makes the bytes to sign from the key id (a JWS names its key inside what
    /// is signed), so that key id and signature always belong together. The signature is ES256
    /// (`r || s`) over SHA-256 of the message. The private key never leaves this crate.
    pub fn sign_federation(
        &self,
        office: &str,
        office_name: &str,
        now: OffsetDateTime,
        message: impl FnOnce(&str) -> Vec<u8>,
    ) -> Result<FederationSignature, SealError> {
        let key = self.current_key(office, office_name, now)?;
        let message = message(key.key_id());
        let digest: [u8; 32] = Sha256::digest(&message).into();
        Ok(FederationSignature {
            key_id: key.key_id().to_owned(),
            signature: key.sign_digest(&digest)?,
            message,
        })
    }

    /// Makes sure `office` has a key valid now, creating its first one (named `office_name`)
    /// if not, and returns the key id; the key is in the trust list from then on. The platform
    /// makes its relay key this way before any node fetches the list.
    pub fn ensure_key(
        &self,
        office: &str,
        office_name: &str,
        now: OffsetDateTime,
    ) -> Result<String, SealError> {
        Ok(self
            .current_key(office, office_name, now)?
            .key_id()
            .to_owned())
    }

    fn current_key(
        &self,
        office: &str,
        office_name: &str,
        now: OffsetDateTime,
    ) -> Result<OfficeKey, SealError> {
        let mut state = self
            .state
            .lock()
            .map_err(|_| SealError::KeyStore("the key store lock is poisoned".into()))?;
        state.refresh(&self.dir, now)?;
        if state.keys.current_at(office, now).is_none() {
            state.keys.ensure_office(office, office_name, now)?;
            state.index_modified = index_modified(&self.dir);
            state.published = None;
        }
        state.keys.current_at(office, now).cloned().ok_or_else(|| {
            SealError::KeyStore(format!("office {office} has no seal key valid now"))
        })
    }

    /// The federation directory of `offices`, signed by the platform CA (see
    /// [`crate::directory`]). Only the platform signs one.
    pub fn sign_directory(
        &self,
        offices: &[crate::directory::DirectoryOffice],
        now: OffsetDateTime,
    ) -> Result<String, SealError> {
        let state = self
            .state
            .lock()
            .map_err(|_| SealError::KeyStore("the key store lock is poisoned".into()))?;
        crate::directory::sign(state.keys.ca()?, offices, now)
    }

    /// On a node: checks `json`, the platform's directory as fetched, against the pinned
    /// platform CA, and keeps it (`platform-directory.json`) if it verifies.
    pub fn install_directory(&self, json: &str) -> Result<crate::directory::Directory, SealError> {
        let state = self
            .state
            .lock()
            .map_err(|_| SealError::KeyStore("the key store lock is poisoned".into()))?;
        let directory = crate::directory::verify(json, state.keys.ca_certificate_der())
            .map_err(|e| SealError::KeyStore(format!("fetched directory refused: {e}")))?;
        let path = self.dir.join(NODE_DIRECTORY_FILE);
        if !std::fs::read_to_string(&path).is_ok_and(|kept| kept == json) {
            crate::keystore::write_public_file(&path, json.as_bytes())?;
        }
        Ok(directory)
    }

    /// The platform CA's certificate (DER): the only root federation clients trust for TLS.
    pub fn ca_certificate_der(&self) -> Result<Vec<u8>, SealError> {
        let state = self
            .state
            .lock()
            .map_err(|_| SealError::KeyStore("the key store lock is poisoned".into()))?;
        Ok(state.keys.ca_certificate_der().to_vec())
    }

    /// SHA-256 fingerprint of the platform CA's certificate, for pinning.
    pub fn ca_fingerprint(&self) -> Result<String, SealError> {
        let state = self
            .state
            .lock()
            .map_err(|_| SealError::KeyStore("the key store lock is poisoned".into()))?;
        Ok(state.keys.ca_fingerprint())
    }
}

fn index_modified(dir: &Path) -> Option<SystemTime> {
    modified_at(&dir.join("index.json"))
}

fn modified_at(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}
