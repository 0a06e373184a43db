//! Where envelope keys come from: [`KeyResolver`] finds the trusted public key an envelope
//! names, [`EnvelopeSigner`] signs in an office's name. Both have an implementation over the
//! platform's seal keys ([`SealerKeys`], [`SealerSigner`]).
//!
//! This module owns only the lookup; the private keys stay inside `seal`, and the envelope
//! format is [`crate::envelope`]'s.

use std::sync::Arc;

use async_trait::async_trait;
use time::OffsetDateTime;

use domain::OfficeId;
use domain::clock::Clock;
use seal::TrustedKey;
use seal::issue::{FederationSignature, Sealer};
use seal::trust::TrustList;
use store::Store;

use crate::envelope::EnvelopeError;

/// Finds the trusted key a `kid` names.
pub trait KeyResolver: Send + Sync {
    fn key(&self, kid: &str) -> Option<TrustedKey>;
}

/// A verified trust list resolves its own keys.
impl KeyResolver for TrustList {
    fn key(&self, kid: &str) -> Option<TrustedKey> {
        seal::KeyLookup::key(self, kid).cloned()
    }
}

/// The keys of the platform's seal key folder, as its current trust list publishes them
/// (rotations by another process are picked up).
pub struct SealerKeys {
    sealer: Arc<Sealer>,
    clock: Arc<dyn Clock>,
}

impl SealerKeys {
    pub fn new(sealer: Arc<Sealer>, clock: Arc<dyn Clock>) -> Self {
        SealerKeys { sealer, clock }
    }
}

impl KeyResolver for SealerKeys {
    fn key(&self, kid: &str) -> Option<TrustedKey> {
        match self.sealer.trust_list(self.clock.now()) {
            Ok((_, list)) => KeyResolver::key(list.as_ref(), kid),
            Err(e) => {
                tracing::warn!(error = %e, "trust list unavailable for federation keys");
                None
            }
        }
    }
}

/// Signs in an office's name with its current key.
#[async_trait]
pub trait EnvelopeSigner: Send + Sync {
    /// Signs the bytes `message` makes from the key id with `office`'s current key.
    async fn sign(
        &self,
        office: &OfficeId,
        now: OffsetDateTime,
        message: &(dyn for<'k> Fn(&'k str) -> Vec<u8> + Send + Sync),
    ) -> Result<FederationSignature, EnvelopeError>;
}

/// Signs with the platform's seal keys, creating an office's first key on first use (named as
/// the store's directory names the office).
pub struct SealerSigner {
    sealer: Arc<Sealer>,
    store: Store,
}

impl SealerSigner {
    pub fn new(sealer: Arc<Sealer>, store: Store) -> Self {
        SealerSigner { sealer, store }
    }
}

#[async_trait]
impl EnvelopeSigner for SealerSigner {
    async fn sign(
        &self,
        office: &OfficeId,
        now: OffsetDateTime,
        message: &(dyn for<'k> Fn(&'k str) -> Vec<u8> + Send + Sync),
    ) -> Result<FederationSignature, EnvelopeError> {
        let name = self
            .store
            .office(office)
            .await
            .map_err(|e| EnvelopeError::Signing(e.to_string()))?
            .map(|record| record.name)
            .unwrap_or_else(|| office.to_string());
        self.sealer
            .sign_federation(office.as_str(), &name, now, |kid: &str| message(kid))
            .map_err(|e| EnvelopeError::Signing(e.to_string()))
    }
}
