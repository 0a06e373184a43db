//! Test keys and messages shared by the federation tests: two offices with P-256 keys that a
//! [`KeyResolver`] publishes and an [`EnvelopeSigner`] signs with, and a register query.

#![allow(dead_code)]

use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use p256::ecdsa::signature::Signer as _;
use p256::ecdsa::{Signature, SigningKey};
use time::OffsetDateTime;
use time::macros::datetime;

use domain::OfficeId;
use domain::clock::Clock;
use federation::envelope::{self, EnvelopeError};
use federation::{EnvelopeSigner, KeyResolver, RegisterQuery};
use seal::TrustedKey;
use seal::issue::FederationSignature;

pub const BREMEN_KID: &str = "ja-04011.1";
pub const CUXHAVEN_KID: &str = "ja-03352.1";

pub fn bremen() -> OfficeId {
    OfficeId::parse("ja-04011").unwrap()
}

pub fn cuxhaven() -> OfficeId {
    OfficeId::parse("ja-03352").unwrap()
}

pub fn now() -> OffsetDateTime {
    datetime!(2026-11-29 10:00:00 UTC)
}

/// A clock tests can move.
#[derive(Debug)]
pub struct TestClock(pub Mutex<OffsetDateTime>);

impl TestClock {
    pub fn at(at: OffsetDateTime) -> Arc<TestClock> {
        Arc::new(TestClock(Mutex::new(at)))
    }
}

impl Clock for TestClock {
    fn now(&self) -> OffsetDateTime {
        *self.0.lock().unwrap()
    }
}

/// Keys of Bremen and Cuxhaven, valid through 2026 and 2027, plus a retired Bremen key.
pub struct TestKeys {
    keys: Vec<(TrustedKey, SigningKey)>,
}

fn key(
    kid: &str,
    office: &str,
    seed: u8,
    from: OffsetDateTime,
    until: OffsetDateTime,
) -> (TrustedKey, SigningKey) {
    let signing = SigningKey::from_slice(&[seed; 32]).unwrap();
    let trusted = TrustedKey {
        key_id: kid.to_owned(),
        office: office.to_owned(),
        office_name: format!("Jugendamt {office}"),
        valid_from: from,
        valid_until: until,
        verifying_key: *signing.verifying_key(),
        certificate_der: Vec::new(),
    };
    (trusted, signing)
}

impl TestKeys {
    pub fn new() -> Arc<TestKeys> {
        let from = datetime!(2026-01-01 00:00:00 UTC);
        let until = datetime!(2027-12-31 00:00:00 UTC);
        Arc::new(TestKeys {
            keys: vec![
                key(BREMEN_KID, "ja-04011", 1, from, until),
                key(CUXHAVEN_KID, "ja-03352", 2, from, until),
                // Retired ten minutes before `now()`.
                key(
                    "ja-04011.0",
                    "ja-04011",
                    3,
                    datetime!(2025-01-01 00:00:00 UTC),
                    datetime!(2026-11-29 09:50:00 UTC),
                ),
            ],
        })
    }

    pub fn signing_key(&self, kid: &str) -> &SigningKey {
        &self.keys.iter().find(|(t, _)| t.key_id == kid).unwrap().1
    }
}

impl KeyResolver for TestKeys {
    fn key(&self, kid: &str) -> Option<TrustedKey> {
        self.keys
            .iter()
            .find(|(t, _)| t.key_id == kid)
            .map(|(t, _)| t.clone())
    }
}

#[async_trait]
impl EnvelopeSigner for TestKeys {
    async fn sign(
        &self,
        office: &OfficeId,
        _now: OffsetDateTime,
        message: &(dyn for<'k> Fn(&'k str) -> Vec<u8> + Send + Sync),
    ) -> Result<FederationSignature, EnvelopeError> {
        let (trusted, signing) = self
            .keys
            .iter()
            .find(|(t, _)| t.office == office.as_str())
            .ok_or_else(|| EnvelopeError::Signing("no key".into()))?;
        let message = message(&trusted.key_id);
        let signature: Signature = signing.sign(&message);
        Ok(FederationSignature {
            key_id: trusted.key_id.clone(),
            message,
            signature: signature.to_bytes().into(),
        })
    }
}

/// An envelope over exactly `payload`, signed with `signing` but naming `kid`.
pub fn craft(kid: &str, signing: &SigningKey, payload: &[u8]) -> String {
    let input = envelope::signing_input(kid, payload);
    let signature: Signature = signing.sign(input.as_bytes());
    envelope::compact(&input, &signature.to_bytes().into())
}

/// An envelope with an arbitrary protected header, signed with `signing`.
pub fn craft_with_header(
    header: &serde_json::Value,
    signing: &SigningKey,
    payload: &[u8],
) -> String {
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let input = format!("{}.{}", b64.encode(header.to_string()), b64.encode(payload));
    let signature: Signature = signing.sign(input.as_bytes());
    envelope::compact(&input, &signature.to_bytes().into())
}

/// Bremen asks Cuxhaven about Charlotte.
pub fn query(id: &str) -> RegisterQuery {
    serde_json::from_value(serde_json::json!({
        "id": id,
        "from": "ja-04011",
        "to": "ja-03352",
        "child": {
            "given_names": "Charlotte",
            "family_name_at_birth": "Muster",
            "birth_date": "2020-05-01",
            "birth_place": { "municipality": "03352011" }
        },
        "sent_at": "2026-11-29T09:59:00Z"
    }))
    .unwrap()
}
