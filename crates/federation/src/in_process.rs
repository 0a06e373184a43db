//! The transport for registers hosted on this platform: a direct call to the responder. It
//! carries the same messages as the network transport, so the pipeline cannot tell them apart.

use async_trait::async_trait;

use crate::messages::{RegisterQuery, RegisterResponse};
use crate::responder::RegisterResponder;
use crate::transport::{Transport, TransportError};

pub struct InProcessTransport {
    responder: RegisterResponder,
}

impl InProcessTransport {
    pub fn new(responder: RegisterResponder) -> Self {
        InProcessTransport { responder }
    }
}

#[async_trait]
impl Transport for InProcessTransport {
    async fn ask(&self, query: &RegisterQuery) -> Result<RegisterResponse, TransportError> {
        let response = self
            .responder
            .answer(query)
            .await
            .map_err(|e| TransportError::Unreachable(e.to_string()))?;
        tracing::debug!(query = %query.id, to = %query.to, "register query answered in process");
        Ok(response)
    }
}
