//! `POST /antrag/absenden`: the checked application sent. Everything is checked again (the
//! hidden fields are hers to change), then the pipeline takes it in under her citizen
//! subject, with the submission id as idempotency key: sending the same page twice gives one
//! application. Then on to the application's page (303).

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use sha2::{Digest, Sha256};
use std::time::Instant;

use domain::application::Application;
use pipeline::SubmitError;

use super::super::forms::FormData;
use super::super::frame::{PortalPage, escape};
use super::super::messages::{Locale, id, t, t_args};
use super::super::session::Citizen;
use super::check::{check, submit_problems};
use super::entered::Entered;
use super::form::{self, own_birth_asked};
use super::review::{self, SUBMISSION};
use super::{
    FORM_PATH, MINE_PATH, SUBMIT_PATH, application_path, csrf_ok, failure, message_page, refused,
};
use crate::AppState;
use crate::verification::ClientAddress;

/// `POST /antrag/absenden`.
pub(super) async fn post(
    State(state): State<AppState>,
    citizen: Citizen,
    address: ClientAddress,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let locale = Locale::from_query(query.as_deref(), &headers);
    let form = FormData::parse(&body);
    if !csrf_ok(&citizen, &form) {
        return refused(locale);
    }
    if let Err(retry_after) = state.portal.submit_limit.check(address.0, Instant::now()) {
        return too_many(locale, &citizen, retry_after);
    }
    let asked = own_birth_asked(&citizen.identity);
    let entered = Entered::read(&form, asked);
    let checked = match check(&state, locale, &citizen.identity, &entered).await {
        Ok(checked) => checked,
        Err(error) => return failure(locale, &citizen, SUBMIT_PATH, &error),
    };
    let places = (Some(&checked.home), checked.birth_place.as_ref());
    let Some(application) = checked.application.clone() else {
        return form::render(
            locale,
            &citizen,
            &entered,
            places,
            &checked.errors,
            checked.errors.status(),
        );
    };
    let Some(key) = form
        .given(SUBMISSION)
        .and_then(crate::api::common::parse_id)
    else {
        // A damaged or forged page: show it again with a fresh submission id.
        return review::page(&state, locale, &citizen, &entered, &application, &checked).await;
    };
    let hash = request_hash(&application);
    match state
        .pipeline
        .submit_for_citizen(&citizen.subject, &key, &hash, application)
        .await
    {
        Ok(submitted) => {
            if submitted.created {
                let record = &submitted.record;
                let label = record
                    .outcome
                    .as_ref()
                    .map(|o| o.as_str())
                    .unwrap_or(record.status.as_str());
                state.metrics.record_application(label);
            }
            Redirect::to(&locale.href(&application_path(&submitted.record.id))).into_response()
        }
        Err(SubmitError::Invalid(problems)) => form::render(
            locale,
            &citizen,
            &entered,
            places,
            &submit_problems(locale, asked, &problems),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        Err(SubmitError::IdempotencyConflict) => message_page(
            locale,
            &citizen,
            StatusCode::CONFLICT,
            SUBMIT_PATH,
            (id::APPLY_CONFLICT_TITLE, id::APPLY_CONFLICT_BODY),
            &[
                (MINE_PATH, id::APPLY_MINE_LINK),
                (FORM_PATH, id::APPLY_NEW_LINK),
            ],
        ),
        Err(error) => failure(locale, &citizen, SUBMIT_PATH, &error),
    }
}

/// What identifies the application's content: the same submission id with other content is
/// refused rather than taken for the first.
fn request_hash(application: &Application) -> String {
    let canonical = serde_json::to_vec(application).unwrap_or_default();
    Sha256::digest(&canonical)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Too many applications from her address in a minute: wait, then send again.
fn too_many(locale: Locale, citizen: &Citizen, retry_after: u64) -> Response {
    let title = t(locale, id::APPLY_REVIEW_TITLE);
    let main = format!(
        "<h1>{}</h1>\n<p>{}</p>\n",
        escape(&title),
        escape(&t_args(
            locale,
            id::APPLY_SUBMIT_TOO_MANY,
            &[("seconds", (retry_after as i64).into())],
        )),
    );
    PortalPage {
        locale,
        visitor: &citizen.visitor(),
        title: &title,
        path: SUBMIT_PATH,
    }
    .respond(StatusCode::TOO_MANY_REQUESTS, &main)
}
