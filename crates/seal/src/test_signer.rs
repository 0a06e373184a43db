//! Throw-away seal keys for tests: a fresh P-256 key with a self-signed certificate, a
//! [`Signer`] over it, and a [`KeyLookup`] over a list of [`TrustedKey`]s.

use p256::ecdsa::signature::Signer as _;
use p256::ecdsa::signature::hazmat::PrehashSigner;
use p256::ecdsa::{Signature, SigningKey};
use time::OffsetDateTime;
use time::macros::datetime;

use crate::{KeyLookup, SealError, Signer, TrustedKey};

pub struct TestSigner {
    pub key: SigningKey,
    pub key_id: String,
    pub office: String,
    pub certificate_der: Vec<u8>,
}

/// rcgen signs the self-signed certificate through this, without a crypto backend of its own.
struct RcgenKey {
    key: SigningKey,
    public: Vec<u8>,
}

impl rcgen::PublicKeyData for RcgenKey {
    fn der_bytes(&self) -> &[u8] {
        &self.public
    }

    fn algorithm(&self) -> &'static rcgen::SignatureAlgorithm {
        &rcgen::PKCS_ECDSA_P256_SHA256
    }
}

impl rcgen::SigningKey for RcgenKey {
    fn sign(&self, msg: &[u8]) -> Result<Vec<u8>, rcgen::Error> {
        let signature: Signature = self.key.sign(msg);
        Ok(signature.to_der().as_bytes().to_vec())
    }
}

fn random_key() -> SigningKey {
    loop {
        let mut seed = [0; 32];
        getrandom::fill(&mut seed).unwrap();
        if let Ok(key) = SigningKey::from_slice(&seed) {
            return key;
        }
    }
}

impl TestSigner {
    pub fn new(key_id: &str, office: &str) -> TestSigner {
        let key = random_key();
        let public = key.verifying_key().to_sec1_point(false).as_bytes().to_vec();
        let rcgen_key = RcgenKey {
            key: key.clone(),
            public,
        };
        let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
        params
            .distinguished_name
            .push(rcgen::DnType::CommonName, format!("Siegel {key_id}"));
        params
            .distinguished_name
            .push(rcgen::DnType::OrganizationName, office);
        params.serial_number = Some(rcgen::SerialNumber::from(vec![0x4e, 0x42, 0x01]));
        let certificate = params.self_signed(&rcgen_key).unwrap();
        TestSigner {
            key,
            key_id: key_id.into(),
            office: office.into(),
            certificate_der: certificate.der().to_vec(),
        }
    }

    /// The trust-list entry for this key, valid through 2025–2030.
    pub fn trusted(&self) -> TrustedKey {
        self.trusted_during(
            datetime!(2025-01-01 00:00 UTC),
            datetime!(2030-12-31 23:59:59 UTC),
        )
    }

    pub fn trusted_during(
        &self,
        valid_from: OffsetDateTime,
        valid_until: OffsetDateTime,
    ) -> TrustedKey {
        TrustedKey {
            key_id: self.key_id.clone(),
            office: self.office.clone(),
            office_name: format!("Jugendamt {}", self.office),
            valid_from,
            valid_until,
            verifying_key: *self.key.verifying_key(),
            certificate_der: self.certificate_der.clone(),
        }
    }
}

impl Signer for TestSigner {
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
        let signature: Signature = self
            .key
            .sign_prehash(digest)
            .map_err(|e| SealError::Signing(e.to_string()))?;
        let mut out = [0; 64];
        out.copy_from_slice(&signature.to_bytes());
        Ok(out)
    }
}

pub struct TestKeys(pub Vec<TrustedKey>);

impl KeyLookup for TestKeys {
    fn key(&self, key_id: &str) -> Option<&TrustedKey> {
        self.0.iter().find(|key| key.key_id == key_id)
    }

    fn key_with_certificate(&self, certificate_der: &[u8]) -> Option<&TrustedKey> {
        self.0
            .iter()
            .find(|key| key.certificate_der == certificate_der)
    }
}
