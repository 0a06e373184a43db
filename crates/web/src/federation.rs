//! `POST /federation/v1/register-queries`: the register office's side of the exchange between
//! nodes. Another node (or the platform) sends a register query in a signed envelope
//! (`application/jose`); this instance checks it, asks its own register, and answers with a
//! register response signed in the register office's name.
//!
//! This module owns the HTTP edge only: which offices are answered for, the mapping of refusals
//! to problem responses, and their logging (message id and reason, never contents). The
//! envelope format and its checks are `federation::envelope`'s, the search is
//! `federation::RegisterResponder`'s. Federation is not part of `/api/v1` and not in its OpenAPI
//! document.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Instant;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;

use ::federation::envelope::{self, EnvelopeError, MAX_ENVELOPE_BYTES, MEDIA_TYPE, Signed};
use ::federation::{
    EnvelopeSigner, KeyResolver, RegisterQuery, RegisterResponder, RegisterResponse, ReplayGuard,
};
use domain::OfficeId;

use crate::{ApiError, AppState};

/// The endpoint's path (the federation crate's client posts here).
pub const REGISTER_QUERIES_PATH: &str = ::federation::http::REGISTER_QUERIES_PATH;

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
                "Erwartet wird eine Registeranfrage als JWS (Compact Serialization, ES256).",
                "Expected a register query as a JWS (compact serialization, ES256).",
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
                "Dieser Knoten beantwortet keine Anfragen an dieses Jugendamt.",
                "This node does not answer queries to this office.",
            ),
        }
    }
}

/// The federation routes, with their own body limit (an envelope's largest size).
pub fn routes() -> Router<AppState> {
    Router::new().route(
        REGISTER_QUERIES_PATH,
        post(register_query).layer(DefaultBodyLimit::max(MAX_ENVELOPE_BYTES)),
    )
}

/// Logs a refusal by message id and reason, and turns it into the problem response.
fn refuse(
    msg_id: Option<&str>,
    from: Option<&OfficeId>,
    reason: &str,
    refusal: Refusal,
) -> ApiError {
    tracing::warn!(
        msg_id = msg_id.unwrap_or("-"),
        from = from.map_or("-", OfficeId::as_str),
        reason,
        status = refusal.status().as_u16(),
        "federation register query refused"
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

/// Counts each message received by sending office (once verified) and outcome.
async fn register_query(
    State(state): State<AppState>,
    request: Request,
) -> Result<Response, ApiError> {
    let mut peer = None;
    let result = handle_register_query(&state, request, &mut peer).await;
    let outcome = match &result {
        Ok(_) => "answered",
        Err(ApiError::Federation(refusal)) => refusal.outcome(),
        Err(ApiError::PayloadTooLarge) => "too_large",
        Err(ApiError::Unavailable) => "unavailable",
        Err(_) => "error",
    };
    state
        .metrics
        .record_federation_received(peer.as_ref(), outcome);
    result
}

async fn handle_register_query(
    state: &AppState,
    request: Request,
    peer: &mut Option<OfficeId>,
) -> Result<Response, ApiError> {
    let state = state.clone();
    let started = Instant::now();
    let endpoint = state.federation.clone();
    if !is_jose(&request) {
        return Err(refuse(None, None, "media_type", Refusal::MediaType));
    }
    let bytes = crate::json::read_body(request, &state)
        .await
        .map_err(|error| {
            if matches!(error, ApiError::PayloadTooLarge) {
                tracing::warn!(reason = "too_large", "federation register query refused");
            }
            error
        })?;
    let Ok(text) = std::str::from_utf8(&bytes) else {
        return Err(refuse(None, None, "malformed", Refusal::Malformed));
    };
    let sealed = text.trim();
    // For the log only: verified or not, nothing but a well-formed UUID is taken from it.
    let claimed_id = envelope::unverified_msg_id(sealed);
    let now = state.pipeline.clock().now();
    let message: Signed<RegisterQuery> = match envelope::open(sealed, endpoint.keys.as_ref(), now) {
        Ok(message) => message,
        Err(error) => {
            let refusal = refusal_of(&error)?;
            return Err(refuse(claimed_id.as_deref(), None, error.reason(), refusal));
        }
    };
    let msg_id = message.msg_id.as_str();
    let from = &message.from;
    *peer = Some(from.clone());
    let query = &message.body;
    if query.from != *from {
        // The envelope's signer must be the office that asks.
        return Err(refuse(
            Some(msg_id),
            Some(from),
            "query_from_mismatch",
            Refusal::Unauthenticated,
        ));
    }
    if !represented(&state, &endpoint.represents, &query.to).await? {
        return Err(refuse(
            Some(msg_id),
            Some(from),
            "not_represented",
            Refusal::NotRepresented,
        ));
    }
    match endpoint.guard.first_time(msg_id, from, now).await {
        Ok(true) => {}
        Ok(false) => {
            return Err(refuse(
                Some(msg_id),
                Some(from),
                "replayed",
                Refusal::Replayed,
            ));
        }
        Err(error) => {
            tracing::warn!(msg_id, %error, "replay guard unavailable");
            return Err(ApiError::Unavailable);
        }
    }
    let answer = endpoint.responder.answer_received(query).await?;
    let reply: Signed<RegisterResponse> = Signed::new(query.to.clone(), answer, now);
    let sealed_reply = envelope::seal(endpoint.signer.as_ref(), &reply, now)
        .await
        .map_err(|e| ApiError::Internal(format!("signing the register response: {e}")))?;
    tracing::info!(
        msg_id,
        from = %from,
        to = %query.to,
        reply_msg_id = %reply.msg_id,
        micros = started.elapsed().as_micros() as u64,
        "federation register query answered"
    );
    let mut response = sealed_reply.into_response();
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(MEDIA_TYPE));
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
