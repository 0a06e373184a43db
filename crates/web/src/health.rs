//! Liveness, readiness and metrics endpoints for operators.

use axum::Json;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use serde_json::json;

use crate::{ApiError, AppState};

/// The process is up.
pub async fn healthz() -> impl IntoResponse {
    Json(json!({"status": "ok"}))
}

/// The process can serve: its database answers.
pub async fn readyz(State(state): State<AppState>) -> Result<impl IntoResponse, ApiError> {
    match state.store().ping().await {
        Ok(()) => Ok(Json(
            json!({"status": "ready", "database": state.store().backend_name()}),
        )),
        Err(error) => {
            tracing::warn!(%error, "readiness check failed");
            Err(ApiError::Unavailable)
        }
    }
}

/// The counters kept in memory, and the depths of both outboxes read from the store (grouped,
/// bounded queries; left out, with a warning, when the database does not answer).
pub async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    let mut text = state.metrics.render();
    match state
        .store()
        .waiting_for_register_by_office(crate::metrics::OUTBOX_OFFICES_LIMIT)
        .await
    {
        Ok(waiting) => text.push_str(&crate::Metrics::render_outbox(&waiting)),
        Err(error) => tracing::warn!(%error, "metrics: outbox depth not read"),
    }
    match state
        .store()
        .entry_forwards_waiting_by_office(crate::metrics::OUTBOX_OFFICES_LIMIT)
        .await
    {
        Ok(waiting) => text.push_str(&crate::Metrics::render_entry_outbox(&waiting)),
        Err(error) => tracing::warn!(%error, "metrics: notifications outbox depth not read"),
    }
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], text)
}
