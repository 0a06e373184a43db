//! Errors of the pipeline, split by what the caller can do about them.

use domain::FieldError;
use store::StoreError;

/// Why an application was not accepted.
#[derive(Debug, thiserror::Error)]
pub enum SubmitError {
    /// The application names unknown municipalities or inconsistent data; every problem at once.
    #[error("invalid application")]
    Invalid(Vec<FieldError>),
    /// The idempotency key was used before with a different request.
    #[error("idempotency key reused with a different request")]
    IdempotencyConflict,
    /// The directory lacks an office it must have (an operator's problem, not the user's).
    #[error("directory incomplete: {0}")]
    Directory(String),
    /// The register office keeps its register on its own node: a notification recorded here
    /// would be in a copy nobody asks, so it is refused (named: the office's name).
    #[error("the register of {0} is kept on its own node")]
    RegisterOnNode(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Why a pipeline step could not run now; it is retried later.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Transport(#[from] federation::TransportError),
    #[error("stored message unreadable: {0}")]
    Message(#[from] serde_json::Error),
    #[error("application {0} not found")]
    NotFound(String),
    /// The certificate could not be sealed (no key, key folder unreadable, rendering failed).
    #[error("certificate not sealed: {0}")]
    Seal(String),
}
