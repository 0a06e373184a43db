//! The register office's side of the exchange: search its own register, classify candidates,
//! and answer with nothing but the legally required summary.
//!
//! A query from another instance that the matcher cannot answer for certain ("maybe") goes to
//! the register office's review queue here ([`RegisterResponder::answer_received`]); the
//! asking instance asks again under the same query id and gets "maybe" until a person has
//! settled the case, then the settled answer.

use std::sync::Arc;

use domain::clock::Clock;
use domain::matching::{MatchClass, MatchPolicy};
use domain::register::RegisterAnswer;
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

    /// Answers a query that came from another instance (over `/federation/v1`): a query
    /// already in review here is answered from its case (the settled answer, or "maybe" while
    /// open) without searching again; a new one that the search cannot answer for certain
    /// goes to the register office's review queue, once.
    pub async fn answer_received(
        &self,
        query: &RegisterQuery,
    ) -> Result<RegisterResponse, StoreError> {
        if let Some(case) = self.store.received_query(&query.id).await? {
            if case.from != query.from || case.register_office != query.to {
                // Query ids are random per application; another office's id is no answer.
                return Err(StoreError::Conflict("query id used by another office"));
            }
            let (answer, register_as_of) = case
                .answered
                .unwrap_or((RegisterAnswer::Maybe, self.clock.now()));
            return Ok(RegisterResponse {
                query_id: query.id.clone(),
                from: query.to.clone(),
                answer,
                register_as_of,
            });
        }
        let response = self.answer(query).await?;
        if response.answer == RegisterAnswer::Maybe {
            self.store
                .refer_received_query(
                    &actor_for(query),
                    response.register_as_of,
                    &query.id,
                    &query.from,
                    &query.to,
                    &query.child,
                )
                .await?;
        }
        Ok(response)
    }

    /// Answers a query addressed to one of the registers this platform hosts.
    pub async fn answer(&self, query: &RegisterQuery) -> Result<RegisterResponse, StoreError> {
        let actor = actor_for(query);
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

/// The register office's system actor, in whose name the register is searched.
fn actor_for(query: &RegisterQuery) -> Actor {
    Actor {
        id: format!("system:register:{}", query.to),
        office: Some(query.to.clone()),
    }
}
