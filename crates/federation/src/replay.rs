//! The replay guard: an envelope's message id is accepted once. The store keeps the ids
//! ([`store::Store::first_federation_message`]); [`MemoryReplayGuard`] is for tests and single
//! processes.
//!
//! This module owns the interface only; how long an envelope is fresh is
//! [`crate::envelope`]'s rule.

use std::collections::HashSet;
use std::sync::Mutex;

use async_trait::async_trait;
use time::OffsetDateTime;

use domain::OfficeId;
use store::Store;

/// The guard could not answer; nothing is known about the message.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ReplayGuardError(pub String);

#[async_trait]
pub trait ReplayGuard: Send + Sync {
    /// Records `msg_id` from `from`, seen `at`; `true` the first time, `false` for a replay.
    async fn first_time(
        &self,
        msg_id: &str,
        from: &OfficeId,
        at: OffsetDateTime,
    ) -> Result<bool, ReplayGuardError>;
}

#[async_trait]
impl ReplayGuard for Store {
    async fn first_time(
        &self,
        msg_id: &str,
        from: &OfficeId,
        at: OffsetDateTime,
    ) -> Result<bool, ReplayGuardError> {
        self.first_federation_message(msg_id, from, at)
            .await
            .map_err(|e| ReplayGuardError(e.to_string()))
    }
}

/// Remembers ids in memory, forever: for tests.
#[derive(Debug, Default)]
pub struct MemoryReplayGuard {
    seen: Mutex<HashSet<String>>,
}

#[async_trait]
impl ReplayGuard for MemoryReplayGuard {
    async fn first_time(
        &self,
        msg_id: &str,
        _from: &OfficeId,
        _at: OffsetDateTime,
    ) -> Result<bool, ReplayGuardError> {
        let mut seen = self
            .seen
            .lock()
            .map_err(|_| ReplayGuardError("the replay guard's lock is poisoned".into()))?;
        Ok(seen.insert(msg_id.to_owned()))
    }
}
