//! `POST /federation/v1/register-queries`: the register office's side of the exchange between
//! nodes. Another node (or the platform) sends a register query in a signed envelope
//! (`application/jose`); this instance checks it, asks its own register, and answers with a
//! register response signed in the register office's name.
//!
//! `POST /federation/v1/register-entries`, on a node only: a new entry for one of its
//! registers (0804), relayed by the platform under its relay key, recorded once and confirmed
//! with a receipt signed in the register office's name.
//!
//! `GET /federation/v1/directory`, on the platform only: the offices and where each keeps its
//! register, signed by the platform CA (the format is `seal::directory`'s).
//!
//! This module owns the HTTP edge only: which offices are answered for, the mapping of refusals
//! to problem responses, and their logging (message id and reason, never contents). The
//! envelope format and its checks are `federation::envelope`'s, the search is
//! `federation::RegisterResponder`'s. Federation is not part of `/api/v1` and not in its OpenAPI
//! document.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::Instant;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use ::federation::envelope::{self, EnvelopeError, MAX_ENVELOPE_BYTES, MEDIA_TYPE, Signed};
use ::federation::{
    EnvelopeSigner, KeyResolver, PLATFORM_RELAY_OFFICE, RegisterEntryNotice, RegisterEntryReceipt,
    RegisterQuery, RegisterResponder, ReplayGuard,
};
use domain::OfficeId;
use seal::directory::{DirectoryOffice, RegisterMode};
use store::Actor;

use crate::{ApiError, AppState};

/// The endpoints' paths (the federation crate's client posts here).
pub const REGISTER_QUERIES_PATH: &str = ::federation::http::REGISTER_QUERIES_PATH;
pub const REGISTER_ENTRIES_PATH: &str = ::federation::http::REGISTER_ENTRIES_PATH;
/// The platform's signed directory of offices and where their registers are.
pub const DIRECTORY_PATH: &str = "/federation/v1/directory";

/// The offices whose register queries this instance answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Represents {
    /// Exactly these offices (a node keeping its own offices' registers).
    Only(BTreeSet<OfficeId>),
    /// Every office this instance keeps the register of: every office in its directory except
    /// these, whose registers are kept on their own nodes.
    AllHostedExcept(BTreeSet<OfficeId>),
}

impl Represents {
    /// Whether queries to `office` are answered here, as far as the configuration says (for
    /// [`Represents::AllHostedExcept`], the office must also be in the directory).
    pub fn includes(&self, office: &OfficeId) -> bool {
        match self {
            Represents::Only(offices) => offices.contains(office),
            Represents::AllHostedExcept(elsewhere) => !elsewhere.contains(office),
        }
    }
}

/// What the endpoint needs beyond the pipeline: the register search, keys to check envelopes
/// and to sign answers, the replay guard, and the offices it answers for.
pub struct FederationEndpoint {
    pub responder: RegisterResponder,
    pub keys: Arc<dyn KeyResolver>,
    pub guard: Arc<dyn ReplayGuard>,
    pub signer: Arc<dyn EnvelopeSigner>,
    pub represents: Represents,
    /// On the platform: the offices whose registers are on their own nodes, with the nodes'
    /// addresses, for the signed directory.
    pub nodes: BTreeMap<OfficeId, String>,
}

/// Why a federation message was refused, as the sender is told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Not a compact JWS of a register query (400).
    Malformed,
    /// Not sent as `application/jose` (415).
    MediaType,
    /// Signature, key, sending office or time do not check out (401).
    Unauthenticated,
    /// This message was accepted before (409).
    Replayed,
    /// This instance does not answer for the addressed office (403).
    NotRepresented,
}

impl Refusal {
    pub(crate) fn status(self) -> StatusCode {
        match self {
            Refusal::Malformed => StatusCode::BAD_REQUEST,
            Refusal::MediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Refusal::Unauthenticated => StatusCode::UNAUTHORIZED,
            Refusal::Replayed => StatusCode::CONFLICT,
            Refusal::NotRepresented => StatusCode::FORBIDDEN,
        }
    }

    /// The outcome label in the metrics.
    pub(crate) fn outcome(self) -> &'static str {
        match self {
            Refusal::Malformed => "malformed",
            Refusal::MediaType => "media_type",
            Refusal::Unauthenticated => "unauthenticated",
            Refusal::Replayed => "replayed",
            Refusal::NotRepresented => "not_represented",
        }
    }

    pub(crate) fn slug(self) -> &'static str {
        match self {
            Refusal::Malformed => "federation-malformed",
            Refusal::MediaType => "federation-media-type",
            Refusal::Unauthenticated => "federation-unauthenticated",
            Refusal::Replayed => "federation-replayed",
            Refusal::NotRepresented => "not-represented",
        }
    }

    pub(crate) fn title(self) -> (&'static str, &'static str) {
        match self {
            Refusal::Malformed => ("Ungültige Nachricht", "Malformed message"),
            Refusal::MediaType => ("Falscher Inhaltstyp", "Unsupported media type"),
            Refusal::Unauthenticated => ("Nachricht nicht beglaubigt", "Message not authenticated"),
            Refusal::Replayed => ("Nachricht bereits erhalten", "Message already received"),
            Refusal::NotRepresented => ("Falsches Register", "Office not represented"),
        }
    }

    pub(crate) fn detail(self) -> (&'static str, &'static str) {
        match self {
            Refusal::Malformed => (
                "Erwartet wird eine Verbundnachricht (Registeranfrage oder neuer Eintrag) als JWS \
                 (Compact Serialization, ES256).",
                "Expected a federation message (register query or new entry) as a JWS (compact \
                 serialization, ES256).",
            ),
            Refusal::MediaType => (
                "Bitte Content-Type: application/jose senden.",
                "Send Content-Type: application/jose.",
            ),
            Refusal::Unauthenticated => (
                "Signatur, Schlüssel, absendendes Jugendamt oder Zeitpunkt der Nachricht sind \
                 nicht gültig.",
                "The message's signature, key, sending office or time is not valid.",
            ),
            Refusal::Replayed => (
                "Eine Nachricht mit dieser Kennung wurde bereits angenommen.",
                "A message with this id was accepted before.",
            ),
            Refusal::NotRepresented => (
                "Dieser Knoten nimmt keine Nachrichten für dieses Jugendamt an.",
                "This node takes no messages for this office.",
            ),
        }
    }
}

/// The federation routes, with their own body limit (an envelope's largest size).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            REGISTER_QUERIES_PATH,
            post(register_query).layer(DefaultBodyLimit::max(MAX_ENVELOPE_BYTES)),
        )
        .route(
            REGISTER_ENTRIES_PATH,
            post(register_entry).layer(DefaultBodyLimit::max(MAX_ENVELOPE_BYTES)),
        )
        .route(DIRECTORY_PATH, get(directory))
}

/// The most offices the directory lists (Germany has about 560).
const MAX_DIRECTORY_OFFICES: i64 = 10_000;

/// `GET /federation/v1/directory`, on the platform: every office of its directory and where it
/// keeps its register (hosted, or the node's address), signed by the platform CA. A node has
/// none of its own (404); it fetches the platform's.
async fn directory(State(state): State<AppState>) -> Result<Response, ApiError> {
    let endpoint = &state.federation;
    if matches!(endpoint.represents, Represents::Only(_)) {
        return Err(ApiError::NotFound);
    }
    let offices = state
        .store()
        .offices(MAX_DIRECTORY_OFFICES)
        .await?
        .into_iter()
        .map(|office| DirectoryOffice {
            mode: match endpoint.nodes.get(&office.id) {
                Some(url) => RegisterMode::Node {
                    node_url: url.clone(),
                },
                None => RegisterMode::Hosted,
            },
            id: office.id.to_string(),
            name: office.name,
        })
        .collect::<Vec<_>>();
    let signed = state
        .pipeline
        .sealer()
        .sign_directory(&offices, state.pipeline.clock().now())
        .map_err(|e| ApiError::Internal(format!("signing the directory: {e}")))?;
    let mut response = signed.into_response();
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    Ok(response)
}

/// Logs a refusal of a `T` by message id and reason, and turns it into the problem response.
fn refuse<T: Addressed>(
    msg_id: Option<&str>,
    from: Option<&OfficeId>,
    reason: &str,
    refusal: Refusal,
) -> ApiError {
    tracing::warn!(
        msg_id = msg_id.unwrap_or("-"),
        from = from.map_or("-", OfficeId::as_str),
        kind = T::KIND,
        reason,
        status = refusal.status().as_u16(),
        "federation message refused"
    );
    ApiError::Federation(refusal)
}

fn refusal_of(error: &EnvelopeError) -> Result<Refusal, ApiError> {
    Ok(match error {
        EnvelopeError::Malformed => Refusal::Malformed,
        EnvelopeError::Algorithm
        | EnvelopeError::UnknownKey
        | EnvelopeError::WrongOffice
        | EnvelopeError::Signature
        | EnvelopeError::OutsideWindow
        | EnvelopeError::KeyNotValid => Refusal::Unauthenticated,
        EnvelopeError::Replayed => Refusal::Replayed,
        EnvelopeError::TooLarge => return Err(ApiError::PayloadTooLarge),
        EnvelopeError::Unavailable(_) => return Err(ApiError::Unavailable),
        EnvelopeError::Signing(cause) => return Err(ApiError::Internal(cause.clone())),
    })
}

fn is_jose(request: &Request) -> bool {
    request
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|essence| essence.trim().eq_ignore_ascii_case(MEDIA_TYPE))
}

/// A message type the endpoints receive: who sends it and which office it is addressed to.
trait Addressed: serde::de::DeserializeOwned {
    /// What the log calls it.
    const KIND: &'static str;
    fn sender(&self) -> &OfficeId;
    fn addressee(&self) -> &OfficeId;
}

impl Addressed for RegisterQuery {
    const KIND: &'static str = "register query";
    fn sender(&self) -> &OfficeId {
        &self.from
    }
    fn addressee(&self) -> &OfficeId {
        &self.to
    }
}

impl Addressed for RegisterEntryNotice {
    const KIND: &'static str = "register entry";
    fn sender(&self) -> &OfficeId {
        &self.from
    }
    fn addressee(&self) -> &OfficeId {
        &self.to
    }
}

/// Counts each message received by sending office (once verified) and outcome.
async fn register_query(
    State(state): State<AppState>,
    request: Request,
) -> Result<Response, ApiError> {
    let mut peer = None;
    let result = handle_register_query(&state, request, &mut peer).await;
    count_received(&state, peer.as_ref(), &result);
    result
}

/// Counts each notice received by sending office (once verified) and outcome.
async fn register_entry(
    State(state): State<AppState>,
    request: Request,
) -> Result<Response, ApiError> {
    let mut peer = None;
    let result = handle_register_entry(&state, request, &mut peer).await;
    count_received(&state, peer.as_ref(), &result);
    result
}

fn count_received(state: &AppState, peer: Option<&OfficeId>, result: &Result<Response, ApiError>) {
    let outcome = match result {
        Ok(_) => "answered",
        Err(ApiError::Federation(refusal)) => refusal.outcome(),
        Err(ApiError::PayloadTooLarge) => "too_large",
        Err(ApiError::Unavailable) => "unavailable",
        Err(_) => "error",
    };
    state.metrics.record_federation_received(peer, outcome);
}

/// Reads and opens a signed message of type `T` and checks it before anything is done with
/// it: media type, size, envelope (signature, key, office, time), that the envelope's signer
/// is the message's sender, that this instance represents the addressee, and that the message
/// id is new. Sets `peer` once the sender is verified.
async fn receive<T: Addressed>(
    state: &AppState,
    request: Request,
    peer: &mut Option<OfficeId>,
) -> Result<Signed<T>, ApiError> {
    let endpoint = state.federation.clone();
    if !is_jose(&request) {
        return Err(refuse::<T>(None, None, "media_type", Refusal::MediaType));
    }
    let bytes = crate::json::read_body(request, state)
        .await
        .map_err(|error| {
            if matches!(error, ApiError::PayloadTooLarge) {
                tracing::warn!(
                    reason = "too_large",
                    kind = T::KIND,
                    "federation message refused"
                );
            }
            error
        })?;
    let Ok(text) = std::str::from_utf8(&bytes) else {
        return Err(refuse::<T>(None, None, "malformed", Refusal::Malformed));
    };
    let sealed = text.trim();
    // For the log only: verified or not, nothing but a well-formed UUID is taken from it.
    let claimed_id = envelope::unverified_msg_id(sealed);
    let now = state.pipeline.clock().now();
    let message: Signed<T> = match envelope::open(sealed, endpoint.keys.as_ref(), now) {
        Ok(message) => message,
        Err(error) => {
            let refusal = refusal_of(&error)?;
            return Err(refuse::<T>(
                claimed_id.as_deref(),
                None,
                error.reason(),
                refusal,
            ));
        }
    };
    let msg_id = message.msg_id.as_str();
    let from = &message.from;
    *peer = Some(from.clone());
    if message.body.sender() != from {
        // The envelope's signer must be the office that sends.
        return Err(refuse::<T>(
            Some(msg_id),
            Some(from),
            "sender_mismatch",
            Refusal::Unauthenticated,
        ));
    }
    if !represented(state, &endpoint.represents, message.body.addressee()).await? {
        return Err(refuse::<T>(
            Some(msg_id),
            Some(from),
            "not_represented",
            Refusal::NotRepresented,
        ));
    }
    match endpoint.guard.first_time(msg_id, from, now).await {
        Ok(true) => Ok(message),
        Ok(false) => Err(refuse::<T>(
            Some(msg_id),
            Some(from),
            "replayed",
            Refusal::Replayed,
        )),
        Err(error) => {
            tracing::warn!(msg_id, %error, "replay guard unavailable");
            Err(ApiError::Unavailable)
        }
    }
}

/// `body`, signed in `office`'s name, as an `application/jose` response.
async fn signed_reply<T: serde::Serialize + Sync>(
    endpoint: &FederationEndpoint,
    office: &OfficeId,
    body: T,
    now: time::OffsetDateTime,
) -> Result<(String, Response), ApiError> {
    let reply = Signed::new(office.clone(), body, now);
    let sealed = envelope::seal(endpoint.signer.as_ref(), &reply, now)
        .await
        .map_err(|e| ApiError::Internal(format!("signing the reply: {e}")))?;
    let mut response = sealed.into_response();
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(MEDIA_TYPE));
    Ok((reply.msg_id, response))
}

async fn handle_register_query(
    state: &AppState,
    request: Request,
    peer: &mut Option<OfficeId>,
) -> Result<Response, ApiError> {
    let started = Instant::now();
    let message: Signed<RegisterQuery> = receive(state, request, peer).await?;
    let endpoint = state.federation.clone();
    let now = state.pipeline.clock().now();
    let query = &message.body;
    let answer = endpoint.responder.answer_received(query).await?;
    let (reply_msg_id, response) = signed_reply(&endpoint, &query.to, answer, now).await?;
    tracing::info!(
        msg_id = %message.msg_id,
        from = %message.from,
        to = %query.to,
        reply_msg_id = %reply_msg_id,
        micros = started.elapsed().as_micros() as u64,
        "federation register query answered"
    );
    Ok(response)
}

/// A new entry for a register this node keeps, relayed by the platform: recorded under the
/// id the platform chose, once however often it arrives, and confirmed with a receipt signed
/// by the register office. Only a node takes entries this way, and only from the platform's
/// relay key.
async fn handle_register_entry(
    state: &AppState,
    request: Request,
    peer: &mut Option<OfficeId>,
) -> Result<Response, ApiError> {
    let started = Instant::now();
    let message: Signed<RegisterEntryNotice> = receive(state, request, peer).await?;
    let endpoint = state.federation.clone();
    let msg_id = message.msg_id.as_str();
    if message.from.as_str() != PLATFORM_RELAY_OFFICE {
        return Err(refuse::<RegisterEntryNotice>(
            Some(msg_id),
            Some(&message.from),
            "not_the_platform_relay",
            Refusal::Unauthenticated,
        ));
    }
    if !matches!(endpoint.represents, Represents::Only(_)) {
        // The platform keeps its hosted registers itself; nothing is relayed to it.
        return Err(refuse::<RegisterEntryNotice>(
            Some(msg_id),
            Some(&message.from),
            "not_a_node",
            Refusal::NotRepresented,
        ));
    }
    let now = state.pipeline.clock().now();
    let notice = &message.body;
    let actor = Actor::system("federation");
    let (record, created) = state
        .store()
        .insert_entry_once(&actor, now, &notice.id, &notice.to, &notice.notification)
        .await?;
    let receipt = RegisterEntryReceipt {
        entry_id: record.id.clone(),
        from: notice.to.clone(),
        recorded_at: record.created_at,
    };
    let (reply_msg_id, response) = signed_reply(&endpoint, &notice.to, receipt, now).await?;
    tracing::info!(
        msg_id,
        from = %message.from,
        to = %notice.to,
        entry = %record.id,
        created,
        reply_msg_id = %reply_msg_id,
        micros = started.elapsed().as_micros() as u64,
        "federation register entry recorded"
    );
    Ok(response)
}

/// Whether queries to `office` are answered here: configured so, and for "every hosted
/// office", an office of the directory (an unknown office's empty register must not answer
/// "no entries").
async fn represented(
    state: &AppState,
    represents: &Represents,
    office: &OfficeId,
) -> Result<bool, ApiError> {
    if !represents.includes(office) {
        return Ok(false);
    }
    Ok(match represents {
        Represents::Only(_) => true,
        Represents::AllHostedExcept(_) => state.store().office(office).await?.is_some(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn represents_only_or_all_but_the_nodes() {
        let cux = OfficeId::parse("ja-03352").expect("id");
        let bremen = OfficeId::parse("ja-04011").expect("id");
        let node = Represents::Only(BTreeSet::from([cux.clone()]));
        assert!(node.includes(&cux));
        assert!(!node.includes(&bremen));
        let platform = Represents::AllHostedExcept(BTreeSet::from([cux.clone()]));
        assert!(!platform.includes(&cux));
        assert!(platform.includes(&bremen));
    }

    #[test]
    fn each_envelope_error_has_its_status() {
        let status = |e: EnvelopeError| refusal_of(&e).map(Refusal::status).ok();
        assert_eq!(
            status(EnvelopeError::Malformed),
            Some(StatusCode::BAD_REQUEST)
        );
        for e in [
            EnvelopeError::Algorithm,
            EnvelopeError::UnknownKey,
            EnvelopeError::WrongOffice,
            EnvelopeError::Signature,
            EnvelopeError::OutsideWindow,
            EnvelopeError::KeyNotValid,
        ] {
            assert_eq!(status(e), Some(StatusCode::UNAUTHORIZED));
        }
        assert_eq!(status(EnvelopeError::Replayed), Some(StatusCode::CONFLICT));
        assert!(matches!(
            refusal_of(&EnvelopeError::TooLarge),
            Err(ApiError::PayloadTooLarge)
        ));
        assert!(matches!(
            refusal_of(&EnvelopeError::Unavailable("down".into())),
            Err(ApiError::Unavailable)
        ));
    }
}
