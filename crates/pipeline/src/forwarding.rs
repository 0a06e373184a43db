//! Notifications for registers kept on offices' own nodes (0804): stored in the outbox first,
//! then delivered to the node, signed under the platform's relay key, until the node's signed
//! receipt comes. The entry's id is fixed when it is stored, and the node records an id once,
//! so a delivery repeated after a lost receipt or a crash records nothing twice.

use domain::register::Notification;
use federation::{RegisterEntryNotice, platform_relay};
use store::Actor;
use store::directory::OfficeRecord;
use store::entry_forwards::{EntryForward, ForwardState};
use store::register::EntryRecord;

use crate::retry::unit_random;
use crate::{Pipeline, PipelineError, SubmitError};

/// Where a notification went.
#[derive(Debug, Clone, PartialEq)]
pub enum Recorded {
    /// Into this instance's register.
    Entry(Box<EntryRecord>),
    /// To the register office's node: `delivered` says whether its receipt has come already;
    /// otherwise the worker delivers it as soon as the node answers.
    Forwarded {
        state: ForwardState,
        delivered: bool,
    },
}

/// How long the notifying request waits for the node's receipt before it answers
/// `waiting_for_node` and leaves the delivery to the worker (the transport's own timeout is
/// longer).
const INLINE_BUDGET: std::time::Duration = std::time::Duration::from_secs(3);

/// How many waiting notifications one round of the worker takes.
const BATCH: i64 = 16;

impl Pipeline {
    /// Records a notification in `office`'s register: here if it is kept here, else through
    /// the outbox on the office's node (tried at once; if the node is not reachable now, the
    /// notification waits and nothing is lost).
    pub async fn record_or_forward_entry(
        &self,
        actor: &Actor,
        office: &OfficeRecord,
        notification: &Notification,
    ) -> Result<Recorded, SubmitError> {
        if !self.transport.reviews_elsewhere(&office.id) {
            return Ok(Recorded::Entry(Box::new(
                self.record_entry(actor, office, notification).await?,
            )));
        }
        let id = uuid::Uuid::new_v4().to_string();
        // A lease ahead: the worker leaves it to this request's try unless the process dies.
        let due = self.now_ms() + self.config.lease.as_millis() as i64;
        let state = self
            .store
            .queue_entry_forward(actor, self.clock.now(), due, &id, &office.id, notification)
            .await?;
        let forward = EntryForward {
            id,
            register_office: office.id.clone(),
            notification: notification.clone(),
            queued_at: state.queued_at,
            attempts: 0,
        };
        let delivered =
            match tokio::time::timeout(INLINE_BUDGET, self.deliver_entry_forward(&forward)).await {
                Ok(Ok(delivered)) => delivered,
                Ok(Err(error)) => {
                    tracing::warn!(entry = %forward.id, %error, "forwarding failed; will retry");
                    false
                }
                Err(_) => {
                    // The node is slow: the request answers now and the worker tries again
                    // (should this try have arrived after all, the node records it once).
                    let cause = "no receipt within the request's budget";
                    if let Err(error) = self.postpone(&forward, cause).await {
                        // Stored all the same: the worker takes it when the lease runs out.
                        tracing::warn!(entry = %forward.id, %error, "postponing failed");
                    }
                    false
                }
            };
        Ok(Recorded::Forwarded { state, delivered })
    }

    /// One round of the outbox: delivers the notifications that are due. Returns how many it
    /// tried.
    pub async fn deliver_entry_forwards(&self) -> Result<usize, PipelineError> {
        let due = self
            .store
            .claim_entry_forwards(self.now_ms(), self.config.lease.as_millis() as i64, BATCH)
            .await?;
        for forward in &due {
            if let Err(error) = self.deliver_entry_forward(forward).await {
                tracing::warn!(entry = %forward.id, %error, "forwarding failed; will retry");
            }
        }
        Ok(due.len())
    }

    /// Sends one notification; on the node's receipt the outbox lets go of its contents, on
    /// anything else it is due again after the retry's backoff. Returns whether it arrived.
    async fn deliver_entry_forward(&self, forward: &EntryForward) -> Result<bool, PipelineError> {
        let notice = RegisterEntryNotice {
            id: forward.id.clone(),
            from: platform_relay(),
            to: forward.register_office.clone(),
            notification: forward.notification.clone(),
            sent_at: self.clock.now(),
        };
        match self.transport.deliver_entry(&notice).await {
            Ok(_receipt) => {
                self.store
                    .entry_forward_delivered(
                        &Actor::system("federation"),
                        self.clock.now(),
                        &forward.id,
                    )
                    .await?;
                Ok(true)
            }
            Err(error) => {
                self.postpone(forward, &error.to_string()).await?;
                Ok(false)
            }
        }
    }

    /// A try got no receipt: due again after the retry's backoff.
    async fn postpone(&self, forward: &EntryForward, cause: &str) -> Result<(), PipelineError> {
        let wait = self
            .config
            .retry
            .after_failure(forward.attempts, unit_random());
        let next = self.now_ms() + wait.as_millis() as i64;
        self.store
            .entry_forward_failed(&forward.id, next, cause)
            .await?;
        tracing::warn!(
            entry = %forward.id,
            peer = %forward.register_office,
            attempts = forward.attempts + 1,
            retry_in_ms = wait.as_millis() as u64,
            cause,
            "notification not yet at the register office's node"
        );
        Ok(())
    }
}
