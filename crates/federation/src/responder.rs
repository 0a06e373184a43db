//! The register office's side of the exchange: search its own register, classify candidates,
//! and answer with nothing but the legally required summary.

use std::sync::Arc;

use domain::clock::Clock;
use domain::matching::{MatchClass, MatchPolicy};
use domain::register::{EntryEffect, summarise};
use store::{Actor, Store, StoreError};

use crate::messages::{RegisterQuery, RegisterResponse};

#[derive(Clone)]
pub struct RegisterResponder {
    store: Store,
    clock: Arc<dyn Clock>,
    policy: MatchPolicy,
}

impl RegisterResponder {
    pub fn new(store: Store, clock: Arc<dyn Clock>, policy: MatchPolicy) -> Self {
        RegisterResponder {
            store,
            clock,
            policy,
        }
    }

    /// Answers a query addressed to one of the registers this platform hosts.
    pub async fn answer(&self, query: &RegisterQuery) -> Result<RegisterResponse, StoreError> {
        let actor = Actor {
            id: format!("system:register:{}", query.to),
            office: Some(query.to.clone()),
        };
        let now = self.clock.now();
        let candidates = self
            .store
            .assess_candidates(
                &actor,
                now,
                &query.to,
                &query.child,
                &self.policy,
                &query.id,
            )
            .await?;
        let matched: Vec<EntryEffect> = candidates
            .iter()
            .filter(|c| c.class == MatchClass::Match)
            .map(|c| c.entry.notification.effect())
            .collect();
        let possible = candidates.iter().any(|c| c.class == MatchClass::Possible);
        Ok(RegisterResponse {
            query_id: query.id.clone(),
            from: query.to.clone(),
            answer: summarise(&matched, possible),
            register_as_of: now,
        })
    }
}
