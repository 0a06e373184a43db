//! Which way a query goes: to an office whose register is on its own node over HTTP, to every
//! other office in process. The pipeline sees one [`Transport`].

use std::sync::Arc;

use async_trait::async_trait;
use domain::OfficeId;

use crate::http::HttpTransport;
use crate::messages::{RegisterEntryNotice, RegisterEntryReceipt, RegisterQuery, RegisterResponse};
use crate::transport::{Transport, TransportError};

pub struct RoutingTransport {
    local: Arc<dyn Transport>,
    remote: HttpTransport,
}

impl RoutingTransport {
    /// Queries to offices `remote` has a node for go over HTTP; the rest to `local`.
    pub fn new(local: Arc<dyn Transport>, remote: HttpTransport) -> Self {
        RoutingTransport { local, remote }
    }
}

#[async_trait]
impl Transport for RoutingTransport {
    fn reviews_elsewhere(&self, register_office: &OfficeId) -> bool {
        self.remote.serves(register_office)
    }

    async fn ask(&self, query: &RegisterQuery) -> Result<RegisterResponse, TransportError> {
        if self.remote.serves(&query.to) {
            self.remote.ask(query).await
        } else {
            self.local.ask(query).await
        }
    }

    async fn deliver_entry(
        &self,
        notice: &RegisterEntryNotice,
    ) -> Result<RegisterEntryReceipt, TransportError> {
        self.remote.send_entry(notice).await
    }
}
