//! How a query reaches a register office.

use async_trait::async_trait;

use domain::OfficeId;

use crate::messages::{RegisterEntryNotice, RegisterEntryReceipt, RegisterQuery, RegisterResponse};

#[derive(Debug, thiserror::Error)]
pub enum TransportError {
    /// The register office did not answer; the query is retried later.
    #[error("register office unreachable: {0}")]
    Unreachable(String),
    /// The register office refused the query (unknown office, bad signature, …).
    #[error("register office refused the query: {0}")]
    Refused(String),
}

#[async_trait]
pub trait Transport: Send + Sync {
    async fn ask(&self, query: &RegisterQuery) -> Result<RegisterResponse, TransportError>;

    /// Whether a "maybe" from `register_office` is reviewed where its register is kept, on
    /// another instance, which answers a repeat of the query with its settlement; otherwise
    /// the review is this instance's.
    fn reviews_elsewhere(&self, register_office: &OfficeId) -> bool {
        let _ = register_office;
        false
    }

    /// Delivers a new entry to the node that keeps its register office's register. Only a
    /// transport that reaches nodes can: every other refuses.
    async fn deliver_entry(
        &self,
        notice: &RegisterEntryNotice,
    ) -> Result<RegisterEntryReceipt, TransportError> {
        Err(TransportError::Refused(format!(
            "the register of {} is not kept on a node",
            notice.to
        )))
    }
}
