//! How a query reaches a register office.

use async_trait::async_trait;

use crate::messages::{RegisterQuery, RegisterResponse};

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
}
