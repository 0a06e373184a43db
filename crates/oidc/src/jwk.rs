//! JSON Web Keys (RFC 7517) as far as we use them: P-256 public keys for ES256, a bounded JWKS, and
//! key selection by `kid`.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use p256::ecdsa::VerifyingKey;
use serde::{Deserialize, Serialize};

use crate::OidcError;
use crate::error::Endpoint;
use crate::http::bad;

/// At most this many keys in a provider's JWKS.
pub(crate) const MAX_KEYS: usize = 20;

/// One key as it appears in a JWKS; members we do not use are ignored.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Jwk {
    pub kty: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(rename = "use")]
    pub use_: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alg: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crv: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub y: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct JwkSet {
    pub keys: Vec<Jwk>,
}

impl Jwk {
    /// The public JWK of a P-256 key.
    pub(crate) fn from_p256(key: &VerifyingKey, kid: &str) -> Jwk {
        let point = key.to_sec1_point(false);
        let bytes = point.as_bytes();
        // Uncompressed SEC1: 0x04 || x (32) || y (32).
        let x = bytes.get(1..33).unwrap_or_default();
        let y = bytes.get(33..65).unwrap_or_default();
        Jwk {
            kty: "EC".to_owned(),
            kid: Some(kid.to_owned()),
            use_: Some("sig".to_owned()),
            alg: Some("ES256".to_owned()),
            crv: Some("P-256".to_owned()),
            x: Some(URL_SAFE_NO_PAD.encode(x)),
            y: Some(URL_SAFE_NO_PAD.encode(y)),
        }
    }

    /// The key if this JWK is a P-256 signature key usable for ES256.
    fn es256_key(&self) -> Option<VerifyingKey> {
        if self.kty != "EC" || self.crv.as_deref() != Some("P-256") {
            return None;
        }
        if self.use_.as_deref().is_some_and(|u| u != "sig")
            || self.alg.as_deref().is_some_and(|a| a != "ES256")
        {
            return None;
        }
        let x = URL_SAFE_NO_PAD.decode(self.x.as_deref()?).ok()?;
        let y = URL_SAFE_NO_PAD.decode(self.y.as_deref()?).ok()?;
        if x.len() != 32 || y.len() != 32 {
            return None;
        }
        let mut sec1 = Vec::with_capacity(65);
        sec1.push(4);
        sec1.extend_from_slice(&x);
        sec1.extend_from_slice(&y);
        VerifyingKey::from_sec1_bytes(&sec1).ok()
    }
}

/// The provider's ES256 keys, by `kid`.
#[derive(Clone, Debug, Default)]
pub(crate) struct Keys {
    keys: Vec<(Option<String>, VerifyingKey)>,
}

impl Keys {
    /// Keeps the usable ES256 keys of `set`; refuses sets with more than [`MAX_KEYS`] entries.
    pub(crate) fn from_set(set: JwkSet) -> Result<Keys, OidcError> {
        if set.keys.len() > MAX_KEYS {
            return Err(bad(Endpoint::Jwks, "too many keys"));
        }
        let keys = set
            .keys
            .iter()
            .filter_map(|jwk| Some((jwk.kid.clone(), jwk.es256_key()?)))
            .collect();
        Ok(Keys { keys })
    }

    /// The keys a token with header `kid` may have been signed with: the one with that kid, or
    /// every key when the token names none.
    pub(crate) fn candidates(&self, kid: Option<&str>) -> Vec<&VerifyingKey> {
        self.keys
            .iter()
            .filter(|(k, _)| kid.is_none() || k.as_deref() == kid)
            .map(|(_, key)| key)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use p256::ecdsa::SigningKey;
    use p256::elliptic_curve::Generate;

    #[test]
    fn p256_jwk_round_trip_and_limits() {
        let key = SigningKey::try_generate().unwrap();
        let jwk = Jwk::from_p256(key.verifying_key(), "k1");
        let keys = Keys::from_set(JwkSet {
            keys: vec![jwk.clone()],
        })
        .unwrap();
        assert_eq!(keys.candidates(Some("k1")), vec![key.verifying_key()]);
        assert!(keys.candidates(Some("k2")).is_empty());
        assert_eq!(keys.candidates(None).len(), 1);

        let mut rsa = jwk.clone();
        rsa.kty = "RSA".to_owned();
        let mut enc = jwk.clone();
        enc.use_ = Some("enc".to_owned());
        let keys = Keys::from_set(JwkSet {
            keys: vec![rsa, enc],
        })
        .unwrap();
        assert!(keys.candidates(None).is_empty());

        let many = JwkSet {
            keys: vec![jwk; MAX_KEYS + 1],
        };
        assert!(Keys::from_set(many).is_err());
    }
}
