//! Completing a prenatal notification with the child's data (`POST
//! /amt/vorgeburtlich/{id}/geburt`). The data are checked by the domain
//! ([`domain::input::parse_birth`]: also that the child was born in the span the declarations
//! could concern); the pipeline finds the register office of the birthplace and makes the
//! entry there.
//!
//! Afterwards the member sees the entry when it is in their own register, and otherwise the
//! notification, which names the register it went to. A notification completed before (by a
//! colleague, or a second click) is a clear 409 page, never a second entry.

use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::http::header::HeaderMap;
use axum::response::Response;

use super::access::{self, Action};
use super::fields::FormErrors;
use super::form::BirthForm;
use super::notification::{self, BirthForms};
use super::notification_path;
use crate::AppState;
use crate::i18n::Lang;
use crate::pages::html::{page_lang, tag, tr};
use crate::workbench::{REGISTER_PATH, Staff, StaffForm, page};
use pipeline::SubmitError;
use store::StoreError;
use store::prenatal::PrenatalStatus;

/// `GET /amt/vorgeburtlich/{id}/geburt` (a reload after a refused submission): back to the
/// notification's page.
pub async fn back(
    staff: Staff,
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let lang = page_lang(query.as_deref(), &headers);
    match access::notification_for(&staff, &state, &id, Action::Read, lang).await {
        Ok(id) => page::redirect(&page::with_lang(&notification_path(&id), lang)),
        Err(refused) => refused,
    }
}

/// `POST /amt/vorgeburtlich/{id}/geburt`.
pub async fn submit(
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    StaffForm {
        staff,
        form: fields,
    }: StaffForm<Vec<(String, String)>>,
) -> Response {
    let lang = page_lang(query.as_deref(), &headers);
    let id = match access::notification_for(&staff, &state, &id, Action::Complete, lang).await {
        Ok(id) => id,
        Err(refused) => return refused,
    };
    let now = state.pipeline.clock().now();
    let record = match state
        .store()
        .prenatal(&staff.actor(), now, &staff.office, &id)
        .await
    {
        Ok(Some(record)) => record,
        Ok(None) => return access::not_found(lang),
        Err(error) => return page::failure(lang, &error),
    };
    if record.status != PrenatalStatus::Open {
        return completed_before(lang, &id);
    }
    let form = BirthForm::read(&fields);
    let today = state.pipeline.clock().today();
    let errors = match domain::input::parse_birth(&record.notification, &form.input(), today) {
        Ok(child) => match state
            .pipeline
            .complete_prenatal(&staff.actor(), &staff.office, &id, &child)
            .await
        {
            Ok((entry, register)) => {
                return if register.id == staff.office {
                    page::redirect(&format!(
                        "{REGISTER_PATH}/{}?lang={}&hinweis=eingetragen",
                        entry.id,
                        tag(lang)
                    ))
                } else {
                    page::redirect(&format!(
                        "{}?lang={}&hinweis=vervollstaendigt",
                        notification_path(&id),
                        tag(lang)
                    ))
                };
            }
            Err(SubmitError::Invalid(errors)) => errors,
            Err(SubmitError::Store(StoreError::Conflict(_))) => {
                return completed_before(lang, &id);
            }
            Err(SubmitError::Store(StoreError::NotFound)) => return access::not_found(lang),
            Err(other) => return page::failure(lang, &other),
        },
        Err(errors) => errors,
    };
    let forms = BirthForms {
        errors: FormErrors::from_paths(lang, &errors),
        form,
        notice: String::new(),
    };
    notification::render(
        &state,
        &staff,
        lang,
        &id,
        StatusCode::UNPROCESSABLE_ENTITY,
        &forms,
    )
    .await
}

/// The page for a notification completed before (409): nothing was changed.
fn completed_before(lang: Lang, id: &str) -> Response {
    page::message(
        StatusCode::CONFLICT,
        lang,
        tr(lang, "Bereits eingetragen", "Already entered"),
        tr(
            lang,
            "Für diese Mitteilung wurde die Geburt bereits eingetragen; sie ist schon ein \
             Registereintrag. Es wurde nichts geändert. Die Seite der Mitteilung zeigt, in \
             welchem Register sie steht.",
            "The birth was entered for this notification before; it is a register entry \
             already. Nothing was changed. The notification's page shows which register it \
             is in.",
        ),
        (
            &notification_path(id),
            tr(lang, "Zur Mitteilung", "To the notification"),
        ),
    )
}
