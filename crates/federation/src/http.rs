//! The network transport: a register query, signed as the issuing office, POSTed to the node
//! that keeps the register office's register; the node's signed answer, verified.
//!
//! This module owns the client side of `POST /federation/v1/register-queries` and of
//! `POST /federation/v1/register-entries` (a new entry for a register on a node). The envelope
//! format is [`crate::envelope`]'s; the endpoint is the web crate's. Logs carry message id,
//! peer office, outcome class and latency, never child data.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use async_trait::async_trait;
use reqwest::Url;
use reqwest::header::{ACCEPT, CONTENT_TYPE};

use domain::OfficeId;
use domain::clock::Clock;

use crate::envelope::{self, EnvelopeError, MAX_ENVELOPE_BYTES, MEDIA_TYPE, Signed};
use crate::keys::{EnvelopeSigner, KeyResolver};
use crate::messages::{RegisterEntryNotice, RegisterEntryReceipt, RegisterQuery, RegisterResponse};
use crate::replay::ReplayGuard;
use crate::transport::{Transport, TransportError};

/// The register queries' endpoint below a node's base URL.
pub const REGISTER_QUERIES_PATH: &str = "/federation/v1/register-queries";
/// The new entries' endpoint below a node's base URL.
pub const REGISTER_ENTRIES_PATH: &str = "/federation/v1/register-entries";
/// How long a node may take to answer.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// Told of every register query sent over HTTP: the peer office, the outcome class
/// (`answered`, `refused`, `unreachable`) and the time it took (for metrics).
pub trait ExchangeObserver: Send + Sync {
    fn query_sent(&self, peer: &OfficeId, outcome: &'static str, elapsed: Duration);
}

/// Asks register offices on their own nodes over HTTPS, trusting only the platform CA.
pub struct HttpTransport {
    client: reqwest::Client,
    nodes: BTreeMap<OfficeId, Url>,
    signer: Arc<dyn EnvelopeSigner>,
    keys: Arc<dyn KeyResolver>,
    guard: Arc<dyn ReplayGuard>,
    clock: Arc<dyn Clock>,
    observer: Option<Arc<dyn ExchangeObserver>>,
}

impl HttpTransport {
    /// A transport to `nodes` (register office → the node's base URL, e.g.
    /// `https://node.example:8443`), signing queries with `signer`, verifying answers with
    /// `keys` and `guard`. TLS trusts `platform_ca_der` (the platform CA's certificate) and
    /// nothing else, host names checked. A plain `http://` node is refused unless its host is
    /// a loopback address (tests, demo).
    pub fn new(
        nodes: BTreeMap<OfficeId, Url>,
        platform_ca_der: &[u8],
        signer: Arc<dyn EnvelopeSigner>,
        keys: Arc<dyn KeyResolver>,
        guard: Arc<dyn ReplayGuard>,
        clock: Arc<dyn Clock>,
    ) -> Result<HttpTransport, TransportError> {
        for (office, url) in &nodes {
            check_node_url(url).map_err(|why| {
                TransportError::Refused(format!("node of {office} ({url}): {why}"))
            })?;
        }
        let tls = crate::tls::client_config(platform_ca_der)
            .map_err(|e| TransportError::Refused(format!("TLS: {e}")))?;
        let client = reqwest::Client::builder()
            .use_preconfigured_tls(tls)
            .timeout(TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| TransportError::Unreachable(format!("HTTP client: {e}")))?;
        Ok(HttpTransport {
            client,
            nodes,
            signer,
            keys,
            guard,
            clock,
            observer: None,
        })
    }

    /// Tells `observer` of every query sent.
    pub fn with_observer(mut self, observer: Arc<dyn ExchangeObserver>) -> HttpTransport {
        self.observer = Some(observer);
        self
    }

    /// Whether `office`'s register is on a node this transport knows.
    pub fn serves(&self, office: &OfficeId) -> bool {
        self.nodes.contains_key(office)
    }

    async fn exchange(
        &self,
        query: &RegisterQuery,
        msg_id: &str,
    ) -> Result<RegisterResponse, TransportError> {
        let answer: Signed<RegisterResponse> = self
            .post_signed(REGISTER_QUERIES_PATH, &query.to, &query.from, query, msg_id)
            .await?;
        // The answer must come from the office asked (its key, so its signature) and concern
        // this query.
        if answer.from != query.to || answer.body.from != query.to {
            return Err(TransportError::Refused(
                "answer signed by another office than the one asked".into(),
            ));
        }
        if answer.body.query_id != query.id {
            return Err(TransportError::Refused(
                "answer does not belong to the query".into(),
            ));
        }
        Ok(answer.body)
    }

    /// Seals `body` as `from` under `msg_id`, POSTs it to `path` on `to`'s node, and opens the
    /// signed reply (signature, key, freshness, replay). Which office the reply must come from
    /// and what it must say is the caller's check.
    async fn post_signed<Q, R>(
        &self,
        path: &str,
        to: &OfficeId,
        from: &OfficeId,
        body: &Q,
        msg_id: &str,
    ) -> Result<Signed<R>, TransportError>
    where
        Q: serde::Serialize + Clone + Sync,
        R: serde::de::DeserializeOwned,
    {
        let node = self
            .nodes
            .get(to)
            .ok_or_else(|| TransportError::Refused(format!("no node configured for {to}")))?;
        let url = endpoint(node, path)?;
        let now = self.clock.now();
        let message = Signed {
            msg_id: msg_id.to_owned(),
            iat: now.unix_timestamp(),
            from: from.clone(),
            body: body.clone(),
        };
        let sealed = envelope::seal(self.signer.as_ref(), &message, now)
            .await
            .map_err(|e| TransportError::Unreachable(format!("signing the message: {e}")))?;
        let mut response = self
            .client
            .post(url.clone())
            .header(CONTENT_TYPE, MEDIA_TYPE)
            .header(ACCEPT, MEDIA_TYPE)
            .body(sealed)
            .send()
            .await
            .map_err(|e| match crate::tls::certificate_error(&e) {
                // Reached something, but not a node the platform CA vouches for: the same
                // class as a bad signature. The message waits and is sent again.
                Some(why) => TransportError::Refused(format!(
                    "TLS: node certificate not accepted ({why}): {}",
                    url.origin().ascii_serialization()
                )),
                None => TransportError::Unreachable(connection_error(&e)),
            })?;
        let status = response.status();
        if status.is_server_error() {
            return Err(TransportError::Unreachable(format!(
                "node answered {status}"
            )));
        }
        if !status.is_success() {
            return Err(TransportError::Refused(format!("node answered {status}")));
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| TransportError::Unreachable(connection_error(&e)))?
        {
            if bytes.len() + chunk.len() > MAX_ENVELOPE_BYTES {
                return Err(refused_answer(&EnvelopeError::TooLarge));
            }
            bytes.extend_from_slice(&chunk);
        }
        let text =
            String::from_utf8(bytes).map_err(|_| refused_answer(&EnvelopeError::Malformed))?;
        envelope::open_once(
            text.trim(),
            self.keys.as_ref(),
            self.guard.as_ref(),
            self.clock.now(),
        )
        .await
        .map_err(|e| match e {
            EnvelopeError::Unavailable(_) => TransportError::Unreachable(e.to_string()),
            _ => refused_answer(&e),
        })
    }

    /// Delivers a new entry to its register office's node and returns the node's receipt,
    /// checked to come from that office and to name this entry. Logged by message id, peer,
    /// outcome and latency.
    pub async fn send_entry(
        &self,
        notice: &RegisterEntryNotice,
    ) -> Result<RegisterEntryReceipt, TransportError> {
        let msg_id = uuid::Uuid::new_v4().to_string();
        let started = Instant::now();
        let result = async {
            let receipt: Signed<RegisterEntryReceipt> = self
                .post_signed(
                    REGISTER_ENTRIES_PATH,
                    &notice.to,
                    &notice.from,
                    notice,
                    &msg_id,
                )
                .await?;
            if receipt.from != notice.to || receipt.body.from != notice.to {
                return Err(TransportError::Refused(
                    "receipt signed by another office than the register office".into(),
                ));
            }
            if receipt.body.entry_id != notice.id {
                return Err(TransportError::Refused(
                    "receipt does not belong to the entry".into(),
                ));
            }
            Ok(receipt.body)
        }
        .await;
        log_exchange(
            "register entry over HTTP",
            &msg_id,
            &notice.to,
            &result,
            started,
        );
        result
    }
}

/// Logs one exchange by message id, peer, outcome class and latency, never contents.
fn log_exchange<T>(
    what: &'static str,
    msg_id: &str,
    peer: &OfficeId,
    result: &Result<T, TransportError>,
    started: Instant,
) {
    let latency_ms = started.elapsed().as_millis();
    match result {
        Ok(_) => tracing::info!(msg_id, peer = %peer, outcome = "answered", latency_ms, "{what}"),
        Err(TransportError::Unreachable(cause)) => tracing::warn!(
            msg_id, peer = %peer, outcome = "unreachable", latency_ms, cause = %cause, "{what}"
        ),
        Err(TransportError::Refused(cause)) => tracing::warn!(
            msg_id, peer = %peer, outcome = "refused", latency_ms, cause = %cause, "{what}"
        ),
    }
}

#[async_trait]
impl Transport for HttpTransport {
    fn reviews_elsewhere(&self, register_office: &OfficeId) -> bool {
        self.serves(register_office)
    }

    async fn ask(&self, query: &RegisterQuery) -> Result<RegisterResponse, TransportError> {
        let msg_id = uuid::Uuid::new_v4().to_string();
        let started = Instant::now();
        let result = self.exchange(query, &msg_id).await;
        if let Some(observer) = &self.observer {
            let outcome = match &result {
                Ok(_) => "answered",
                Err(TransportError::Unreachable(_)) => "unreachable",
                Err(TransportError::Refused(_)) => "refused",
            };
            observer.query_sent(&query.to, outcome, started.elapsed());
        }
        log_exchange(
            "register query over HTTP",
            &msg_id,
            &query.to,
            &result,
            started,
        );
        result
    }

    async fn deliver_entry(
        &self,
        notice: &RegisterEntryNotice,
    ) -> Result<RegisterEntryReceipt, TransportError> {
        self.send_entry(notice).await
    }
}

/// `https://`, or `http://` to a loopback host only.
fn check_node_url(url: &Url) -> Result<(), String> {
    match url.scheme() {
        "https" => Ok(()),
        "http" if url.host_str().is_some_and(crate::tls::is_loopback_host) => Ok(()),
        "http" => Err("plain http is allowed to loopback addresses only; use https".to_owned()),
        other => Err(format!("unsupported scheme {other}")),
    }
}

fn endpoint(node: &Url, path: &str) -> Result<Url, TransportError> {
    let base = node.as_str().trim_end_matches('/');
    Url::parse(&format!("{base}{path}"))
        .map_err(|e| TransportError::Refused(format!("node URL: {e}")))
}

fn refused_answer(e: &EnvelopeError) -> TransportError {
    TransportError::Refused(format!("answer refused: {}", e.reason()))
}

/// The cause of a failed request without the URL's query or anything from the body.
fn connection_error(e: &reqwest::Error) -> String {
    let kind = if e.is_timeout() {
        "timeout"
    } else if e.is_connect() {
        "connection failed"
    } else {
        "request failed"
    };
    match e.url() {
        Some(url) => format!("{kind}: {}", url.origin().ascii_serialization()),
        None => kind.to_owned(),
    }
}
