//! `GET /antraege/{id}/bescheinigung.pdf`: the sealed PDF of her certificate, as a download
//! named by the certificate number. Only her own: the store reads it for her subject (and
//! audits the read); anything else is the same 404 page.

use axum::extract::{Path, RawQuery, State};
use axum::http::header::{
    CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE, X_CONTENT_TYPE_OPTIONS,
};
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};

use super::super::messages::Locale;
use super::super::session::Citizen;
use super::{MINE_PATH, application_path, failure, not_found};
use crate::AppState;

/// `GET /antraege/{id}/bescheinigung.pdf`.
pub(super) async fn download(
    State(state): State<AppState>,
    citizen: Citizen,
    Path(raw_id): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let locale = Locale::from_query(query.as_deref(), &headers);
    let Some(app_id) = crate::api::common::parse_id(&raw_id) else {
        return not_found(locale, &citizen, MINE_PATH);
    };
    let now = state.pipeline.clock().now();
    let (record, pdf) = match state
        .store()
        .citizen_certificate_pdf(now, &citizen.subject, &app_id)
        .await
    {
        Ok(Some(found)) => found,
        Ok(None) => return not_found(locale, &citizen, MINE_PATH),
        Err(error) => return failure(locale, &citizen, &application_path(&app_id), &error),
    };
    let mut response = pdf.into_response();
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/pdf"));
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    // The number is of the form NB-2026-7K3M-9QXA-C: nothing to quote in a header.
    let disposition = format!("attachment; filename=\"{}.pdf\"", record.number.as_str());
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(CONTENT_DISPOSITION, value);
    }
    response
}
