//! A node's TLS key made on the node, like its seal key ([`super::provisioning`]): the node
//! makes the key and writes it to `<out>/tls.key.pem` (mode 0600) with a request naming the
//! hosts the platform dials it by, signed by the new key; the platform checks the request and
//! its CA issues the server certificate, which the operator carries back as
//! `<out>/tls.cert.pem`. Nothing secret crosses between the two.
//!
//! ```json
//! { "tls_request": 1, "hosts": ["node.example", "10.0.0.5"],
//!   "public_key": "<base64 SubjectPublicKeyInfo DER>", "proof": "<base64url r || s>" }
//! ```

use std::path::Path;

use p256::ecdsa::SigningKey;
use p256::elliptic_curve::Generate as _;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::provisioning::{check_proof, prove, public_key_text};
use super::{
    KeyStore, TLS_CERT_FILE, TLS_KEY_FILE, TlsFiles, certificate_end, create_private_dir,
    write_certificate, write_private_key,
};
use crate::SealError;

const FORMAT: u32 = 1;
/// A certificate names at most this many hosts, each at most 253 characters.
const MAX_HOSTS: usize = 16;
const MAX_HOST_CHARS: usize = 253;

/// A node's request for a TLS server certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TlsRequest {
    pub tls_request: u32,
    pub hosts: Vec<String>,
    pub public_key: String,
    pub proof: String,
}

impl TlsRequest {
    fn signed_text(hosts: &[String], public_key: &str) -> String {
        format!(
            "sorgeregister tls request {FORMAT}\n{}\n{public_key}",
            hosts.join("\n")
        )
    }

    /// Makes a new TLS key, writes it to `out` (created 0700 if missing) as
    /// [`TLS_KEY_FILE`], and returns the request for `hosts`.
    pub fn make(hosts: &[String], out: &Path) -> Result<TlsRequest, SealError> {
        let key = SigningKey::try_generate()
            .map_err(|e| SealError::KeyStore(format!("no randomness for the TLS key: {e}")))?;
        let public_key = public_key_text(&key)?;
        let request = TlsRequest {
            tls_request: FORMAT,
            hosts: hosts.to_vec(),
            proof: prove(&key, &Self::signed_text(hosts, &public_key)),
            public_key,
        };
        request.check()?;
        if !out.exists() {
            create_private_dir(out)?;
        }
        write_private_key(&out.join(TLS_KEY_FILE), &key)?;
        Ok(request)
    }

    /// The requested public key, once the request is well-formed and its proof holds.
    pub fn check(&self) -> Result<p256::ecdsa::VerifyingKey, SealError> {
        let bad = |why: &str| SealError::KeyStore(format!("TLS request refused: {why}"));
        if self.tls_request != FORMAT {
            return Err(bad("unknown format"));
        }
        if self.hosts.is_empty()
            || self.hosts.len() > MAX_HOSTS
            || self
                .hosts
                .iter()
                .any(|h| h.is_empty() || h.len() > MAX_HOST_CHARS || h.contains('\n'))
        {
            return Err(bad(
                "1 to 16 host names or addresses, each at most 253 characters",
            ));
        }
        let text = Self::signed_text(&self.hosts, &self.public_key);
        check_proof(&self.public_key, &self.proof, &text).map_err(bad)
    }
}

impl KeyStore {
    /// On the platform: issues the TLS server certificate a node requested, valid from `now`
    /// for `days`, and writes it to `out` as [`TLS_CERT_FILE`] (the key stays at the node).
    pub fn certify_tls(
        &self,
        request: &TlsRequest,
        now: OffsetDateTime,
        days: u32,
        out: &Path,
    ) -> Result<TlsFiles, SealError> {
        let public_key = request.check()?;
        let der = self.tls_certificate_for(&request.hosts, &public_key, now, days)?;
        if !out.exists() {
            create_private_dir(out)?;
        }
        let files = TlsFiles {
            certificate: out.join(TLS_CERT_FILE),
            key: out.join(TLS_KEY_FILE),
            not_after: certificate_end(&der)?,
        };
        write_certificate(&files.certificate, &der)?;
        Ok(files)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-12-07 12:00:00 UTC);

    #[test]
    fn the_node_keeps_its_tls_key_and_the_platform_certifies_only_what_was_asked() {
        let root = tempfile::tempdir().unwrap();
        let platform = KeyStore::open_or_create(root.path().join("platform"), NOW, "CA").unwrap();
        let node_tls = root.path().join("node-tls");
        let hosts = vec!["127.0.0.1".to_owned(), "node.example".to_owned()];
        let request = TlsRequest::make(&hosts, &node_tls).unwrap();
        assert!(node_tls.join(TLS_KEY_FILE).exists());
        assert!(!serde_json::to_string(&request).unwrap().contains("PRIVATE"));

        let mut widened = request.clone();
        widened.hosts.push("bank.example".into());
        assert!(platform.certify_tls(&widened, NOW, 30, &node_tls).is_err());
        assert!(
            platform.certify_tls(&request, NOW, 400, &node_tls).is_err(),
            "at most 397 days"
        );
        assert!(!node_tls.join(TLS_CERT_FILE).exists(), "nothing issued");

        let files = platform.certify_tls(&request, NOW, 30, &node_tls).unwrap();
        assert_eq!(files.not_after, NOW + time::Duration::days(30));
        // The node's key and the certificate fit: a TLS server starts with them.
        federation_fit(&files);
    }

    /// The certificate's public key is the node's key's.
    fn federation_fit(files: &TlsFiles) {
        use p256::pkcs8::DecodePrivateKey as _;
        let pem = std::fs::read_to_string(&files.key).unwrap();
        let key = SigningKey::from_pkcs8_pem(&pem).unwrap();
        let cert_pem = std::fs::read_to_string(&files.certificate).unwrap();
        let cert = crate::x509::parse(&crate::x509::from_pem(&cert_pem).unwrap()).unwrap();
        assert_eq!(
            crate::x509::verifying_key(&cert).unwrap(),
            *key.verifying_key()
        );
    }
}
