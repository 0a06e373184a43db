//! Errors as `application/problem+json` (RFC 9457), rendered in the caller's language.
//!
//! A handler returns an [`ApiError`]; its `IntoResponse` only sets the status and parks the
//! error in the response's extensions. The [`render_problems`] middleware, which knows the
//! request (language, request id), writes the body and logs unexpected failures. The cause of a
//! 500 never reaches the client.

use std::time::Instant;

use axum::body::Body;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::AppState;
use crate::i18n::{Lang, problem_message};
use domain::FieldError;

#[derive(Debug, Clone)]
pub enum ApiError {
    Unauthorized,
    Forbidden,
    NotFound,
    MethodNotAllowed,
    /// The body is not JSON, or not of the expected shape (wrong type, unknown field).
    Malformed {
        field: Option<String>,
        detail: String,
    },
    /// Well-formed, but fields are invalid: every one of them is listed.
    Validation(Vec<FieldError>),
    PayloadTooLarge,
    UnsupportedMediaType,
    BadHeader(&'static str),
    IdempotencyConflict,
    /// A notification for a register kept on its office's own node (the office's name).
    RegisterOnNode(String),
    /// The record changed or is in a state that forbids the change.
    Conflict(&'static str),
    Unavailable,
    /// Too many requests from one client address; retry after this many seconds.
    TooManyRequests {
        retry_after: u64,
    },
    Internal(String),
    /// A federation message refused at `/federation/v1` (signature, freshness, replay, office).
    Federation(crate::federation::Refusal),
}

impl ApiError {
    fn status(&self) -> StatusCode {
        match self {
            ApiError::Unauthorized => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden => StatusCode::FORBIDDEN,
            ApiError::NotFound => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::Malformed { .. } | ApiError::BadHeader(_) => StatusCode::BAD_REQUEST,
            ApiError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::IdempotencyConflict | ApiError::Conflict(_) | ApiError::RegisterOnNode(_) => {
                StatusCode::CONFLICT
            }
            ApiError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            ApiError::Federation(refusal) => refusal.status(),
        }
    }

    fn slug(&self) -> &'static str {
        match self {
            ApiError::Unauthorized => "unauthorized",
            ApiError::Forbidden => "forbidden",
            ApiError::NotFound => "not-found",
            ApiError::MethodNotAllowed => "method-not-allowed",
            ApiError::Malformed { .. } => "malformed-request",
            ApiError::Validation(_) => "validation-failed",
            ApiError::PayloadTooLarge => "payload-too-large",
            ApiError::UnsupportedMediaType => "unsupported-media-type",
            ApiError::BadHeader(_) => "bad-header",
            ApiError::IdempotencyConflict => "idempotency-key-reused",
            ApiError::RegisterOnNode(_) => "register-on-node",
            ApiError::Conflict(_) => "conflict",
            ApiError::Unavailable => "unavailable",
            ApiError::TooManyRequests { .. } => "too-many-requests",
            ApiError::Internal(_) => "internal-error",
            ApiError::Federation(refusal) => refusal.slug(),
        }
    }

    fn title(&self, lang: Lang) -> String {
        let (de, en) = match self {
            ApiError::Unauthorized => ("Anmeldung erforderlich", "Authentication required"),
            ApiError::Forbidden => ("Keine Berechtigung", "Forbidden"),
            ApiError::NotFound => ("Nicht gefunden", "Not found"),
            ApiError::MethodNotAllowed => ("Methode nicht erlaubt", "Method not allowed"),
            ApiError::Malformed { .. } => ("Ungültige Anfrage", "Malformed request"),
            ApiError::Validation(_) => ("Ungültige Angaben", "Invalid input"),
            ApiError::PayloadTooLarge => ("Anfrage zu groß", "Request too large"),
            ApiError::UnsupportedMediaType => ("Falscher Inhaltstyp", "Unsupported media type"),
            ApiError::BadHeader(_) => ("Ungültiger Header", "Invalid header"),
            ApiError::IdempotencyConflict => (
                "Idempotenzschlüssel bereits verwendet",
                "Idempotency key already used",
            ),
            ApiError::RegisterOnNode(_) => (
                "Register wird beim Jugendamt selbst geführt",
                "Register kept at the office's own node",
            ),
            ApiError::Conflict(_) => ("Konflikt", "Conflict"),
            ApiError::Unavailable => ("Vorübergehend nicht verfügbar", "Temporarily unavailable"),
            ApiError::TooManyRequests { .. } => ("Zu viele Anfragen", "Too many requests"),
            ApiError::Internal(_) => ("Interner Fehler", "Internal error"),
            ApiError::Federation(refusal) => refusal.title(),
        };
        lang.pick(de, en)
    }

    fn detail(&self, lang: Lang) -> String {
        match self {
            ApiError::Unauthorized => lang.pick(
                "Bitte ein gültiges Bearer-Token im Authorization-Header senden.",
                "Send a valid bearer token in the Authorization header.",
            ),
            ApiError::Forbidden => lang.pick(
                "Dieses Token berechtigt nicht zu dieser Aktion oder nicht für dieses Jugendamt.",
                "This token does not permit this action, or not for this office.",
            ),
            ApiError::NotFound => lang.pick(
                "Die angefragte Ressource gibt es nicht.",
                "The requested resource does not exist.",
            ),
            ApiError::MethodNotAllowed => lang.pick(
                "Diese Methode ist für diese Adresse nicht vorgesehen.",
                "This method is not supported for this address.",
            ),
            ApiError::Malformed { detail, .. } => match lang {
                Lang::De => format!("Der Inhalt ist kein gültiges JSON dieser Form: {detail}"),
                Lang::En => format!("The body is not valid JSON of the expected shape: {detail}"),
            },
            ApiError::Validation(errors) => match lang {
                Lang::De => format!("{} Angabe(n) sind ungültig; siehe errors.", errors.len()),
                Lang::En => format!("{} field(s) are invalid; see errors.", errors.len()),
            },
            ApiError::PayloadTooLarge => lang.pick(
                "Der Inhalt überschreitet die zulässige Größe.",
                "The body exceeds the size limit.",
            ),
            ApiError::UnsupportedMediaType => lang.pick(
                "Bitte Content-Type: application/json senden.",
                "Send Content-Type: application/json.",
            ),
            ApiError::BadHeader(name) => match lang {
                Lang::De => format!("Der Header {name} ist ungültig (1–200 druckbare ASCII-Zeichen)."),
                Lang::En => format!("The {name} header is invalid (1–200 printable ASCII characters)."),
            },
            ApiError::IdempotencyConflict => lang.pick(
                "Dieser Idempotency-Key wurde bereits für eine andere Anfrage verwendet.",
                "This Idempotency-Key was already used for a different request.",
            ),
            ApiError::RegisterOnNode(office) => match lang {
                Lang::De => format!(
                    "Das Sorgeregister von {office} wird auf dem eigenen System dieses Jugendamts \
                     geführt, nicht hier. Bitte senden Sie die Mitteilung dorthin. Es wurde nichts \
                     eingetragen."
                ),
                Lang::En => format!(
                    "The custody register of {office} is kept on that office's own system, not \
                     here. Please send the notification there. Nothing was recorded."
                ),
            },
            ApiError::Conflict(what) => match lang {
                Lang::De => format!("Die Änderung ist nicht möglich: {what}."),
                Lang::En => format!("The change is not possible: {what}."),
            },
            ApiError::Unavailable => lang.pick(
                "Der Dienst ist gerade nicht bereit. Bitte später erneut versuchen.",
                "The service is not ready. Please try again later.",
            ),
            ApiError::TooManyRequests { retry_after } => match lang {
                Lang::De => format!(
                    "Zu viele Prüfungen von dieser Adresse. Bitte in {retry_after} Sekunden erneut versuchen."
                ),
                Lang::En => format!(
                    "Too many checks from this address. Please try again in {retry_after} seconds."
                ),
            },
            ApiError::Internal(_) => lang.pick(
                "Ein unerwarteter Fehler ist aufgetreten. Bitte später erneut versuchen und die request_id angeben.",
                "An unexpected error occurred. Please try again later and quote the request_id.",
            ),
            ApiError::Federation(refusal) => {
                let (de, en) = refusal.detail();
                lang.pick(de, en)
            }
        }
    }

    fn body(&self, lang: Lang, request_id: &str) -> serde_json::Value {
        let mut body = json!({
            "type": format!("/problems/{}", self.slug()),
            "title": self.title(lang),
            "status": self.status().as_u16(),
            "detail": self.detail(lang),
            "request_id": request_id,
        });
        let errors = match self {
            ApiError::Validation(errors) => Some(
                errors
                    .iter()
                    .map(|e| {
                        json!({
                            "field": e.field,
                            "code": problem_code(&e.problem),
                            "message": problem_message(&e.problem, lang),
                        })
                    })
                    .collect::<Vec<_>>(),
            ),
            ApiError::Malformed {
                field: Some(field),
                detail,
            } => Some(vec![
                json!({"field": field, "code": "malformed", "message": detail}),
            ]),
            _ => None,
        };
        if let Some(errors) = errors {
            body["errors"] = json!(errors);
        }
        body
    }
}

/// A machine-readable code per field problem: the problem's kind, or for a cross-field rule the
/// rule's name.
fn problem_code(problem: &domain::Problem) -> String {
    if let domain::Problem::NotAllowed { rule } = problem {
        return serde_json::to_value(rule)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
    }
    serde_json::to_value(problem)
        .ok()
        .and_then(|v| v.get("code").and_then(|c| c.as_str()).map(str::to_owned))
        .unwrap_or_default()
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = self.status().into_response();
        if let ApiError::TooManyRequests { retry_after } = &self
            && let Ok(value) = HeaderValue::from_str(&retry_after.to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        response.extensions_mut().insert(self);
        response
    }
}

impl From<store::StoreError> for ApiError {
    fn from(error: store::StoreError) -> Self {
        match error {
            store::StoreError::NotFound => ApiError::NotFound,
            store::StoreError::Conflict(what) => ApiError::Conflict(what),
            other => ApiError::Internal(other.to_string()),
        }
    }
}

impl From<pipeline::SubmitError> for ApiError {
    fn from(error: pipeline::SubmitError) -> Self {
        match error {
            pipeline::SubmitError::Invalid(errors) => ApiError::Validation(errors),
            pipeline::SubmitError::IdempotencyConflict => ApiError::IdempotencyConflict,
            pipeline::SubmitError::Store(e) => e.into(),
            pipeline::SubmitError::Directory(e) => ApiError::Internal(e),
            pipeline::SubmitError::RegisterOnNode(office) => ApiError::RegisterOnNode(office),
        }
    }
}

/// Assigns a request id, records metrics, logs the request, and renders problem bodies.
pub async fn render_problems(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let started = Instant::now();
    let request_id = uuid::Uuid::new_v4().simple().to_string();
    let lang = Lang::from_headers(request.headers());
    let method = request.method().clone();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| "unmatched".to_owned());
    let mut response = next.run(request).await;
    if let Some(error) = response.extensions_mut().remove::<ApiError>() {
        if let ApiError::Internal(cause) = &error {
            tracing::error!(request_id, %cause, "request failed");
        }
        let status = response.status();
        let body = error.body(lang, &request_id).to_string();
        let mut problem = Response::new(Body::from(body));
        *problem.status_mut() = status;
        if let Some(retry) = response.headers().get(header::RETRY_AFTER) {
            problem
                .headers_mut()
                .insert(header::RETRY_AFTER, retry.clone());
        }
        problem.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        problem.headers_mut().insert(
            header::CONTENT_LANGUAGE,
            HeaderValue::from_static(match lang {
                Lang::De => "de",
                Lang::En => "en",
            }),
        );
        response = problem;
    }
    if let Ok(value) = HeaderValue::from_str(&request_id) {
        response.headers_mut().insert("x-request-id", value);
    }
    let elapsed = started.elapsed();
    state
        .metrics
        .record_request(method.as_str(), &route, response.status().as_u16(), elapsed);
    tracing::info!(
        request_id,
        method = %method,
        route,
        status = response.status().as_u16(),
        micros = elapsed.as_micros() as u64,
        "request"
    );
    response
}

pub async fn not_found() -> ApiError {
    ApiError::NotFound
}

pub async fn method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed
}

/// A panic in a handler becomes an opaque 500 problem (in German; the language is unknown here).
pub fn panic_response(_panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!("handler panicked");
    let body = json!({
        "type": "/problems/internal-error",
        "title": "Interner Fehler",
        "status": 500,
        "detail": "Ein unerwarteter Fehler ist aufgetreten.",
    });
    let mut response = Response::new(Body::from(body.to_string()));
    *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/problem+json"),
    );
    response
}
