//! Recording a notification by form (`/amt/register/neu`). Validation and the way into the
//! register are those of the JSON API's `POST /api/v1/register-notifications`: its parser, the
//! pipeline's choice of the register office by the child's birthplace, and the pipeline's
//! recording. A notification that belongs to another office's register is refused (403) and
//! audited, never recorded here.

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::http::header::HeaderMap;
use axum::response::Response;

use super::access::{self, Action};
use super::fields::FormErrors;
use super::form::{self, NotificationForm};
use super::{NEW_PATH, REGISTER_PATH, entry_path};
use crate::api::register::parse;
use crate::i18n::Lang;
use crate::pages::html::{page_lang, tag, tr};
use crate::workbench::forms::{self, FormPage};
use crate::workbench::{HOME_PATH, Staff, StaffForm, page};
use crate::{ApiError, AppState};

/// `GET /amt/register/neu`: the empty form.
pub async fn form(
    staff: Staff,
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let lang = page_lang(query.as_deref(), &headers);
    if let Err(refused) =
        access::require(&staff, &state, Action::Record, staff.office.as_str(), lang).await
    {
        return refused;
    }
    render(
        &state,
        &staff,
        lang,
        StatusCode::OK,
        &NotificationForm::blank(),
        &FormErrors::default(),
    )
    .await
}

/// `POST /amt/register/neu`: records the notification and shows its entry, or the form again
/// with what is wrong (nothing is stored then).
pub async fn submit(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    StaffForm {
        staff,
        form: fields,
    }: StaffForm<Vec<(String, String)>>,
) -> Response {
    let lang = page_lang(query.as_deref(), &headers);
    if let Err(refused) =
        access::require(&staff, &state, Action::Record, staff.office.as_str(), lang).await
    {
        return refused;
    }
    let form = NotificationForm::read(&fields);
    let today = state.pipeline.clock().today();
    // What the form says, and the register it belongs in; or what is wrong with it.
    let checked = match parse(&form.input(), today) {
        Ok(notification) => match state.pipeline.register_office_for(&notification).await {
            Ok(office) => Ok((notification, office)),
            Err(pipeline::SubmitError::Invalid(errors)) => Err(errors),
            Err(other) => return page::failure(lang, &other),
        },
        Err(ApiError::Validation(errors)) => Err(errors),
        Err(other) => return page::failure(lang, &format!("{other:?}")),
    };
    let (notification, office) = match checked {
        Ok(checked) => checked,
        Err(errors) => {
            let errors = FormErrors::from_paths(lang, &errors);
            return render(
                &state,
                &staff,
                lang,
                StatusCode::UNPROCESSABLE_ENTITY,
                &form,
                &errors,
            )
            .await;
        }
    };
    if office.id != staff.office {
        return match staff
            .require_office(&state, &office.id, office.id.as_str(), lang)
            .await
        {
            Err(refused) if refused.status() == StatusCode::FORBIDDEN => {
                another_register(lang, &office.name)
            }
            Err(failed) => failed,
            Ok(()) => page::failure(lang, &"the office check let another office pass"),
        };
    }
    match state
        .pipeline
        .record_entry(&staff.actor(), &office, &notification)
        .await
    {
        Ok(record) => page::redirect(&format!(
            "{}?lang={}&hinweis=eingetragen",
            entry_path(&record.id),
            tag(lang)
        )),
        Err(pipeline::SubmitError::RegisterOnNode(office)) => page::message(
            StatusCode::CONFLICT,
            lang,
            tr(
                lang,
                "Register wird beim Jugendamt selbst geführt",
                "Register kept at the office's own node",
            ),
            &match lang {
                Lang::De => format!(
                    "Das Sorgeregister von {office} wird auf dem eigenen System dieses \
                     Jugendamts geführt, nicht hier. Bitte tragen Sie die Mitteilung dort ein. \
                     Es wurde nichts eingetragen."
                ),
                Lang::En => format!(
                    "The custody register of {office} is kept on that office's own system, not \
                     here. Please record the notification there. Nothing was recorded."
                ),
            },
            (REGISTER_PATH, tr(lang, "Zum Register", "To the register")),
        ),
        Err(error) => page::failure(lang, &error),
    }
}

/// The 403 page for a notification of a child born in another office's district.
fn another_register(lang: Lang, office_name: &str) -> Response {
    let text = match lang {
        Lang::De => format!(
            "Der Geburtsort des Kindes gehört zum Register von {office_name}. Mitteilungen für \
             dieses Register kann nur dieses Jugendamt eintragen; bitte leiten Sie die \
             Mitteilung dorthin weiter. Es wurde nichts eingetragen. Der Versuch wurde \
             protokolliert."
        ),
        Lang::En => format!(
            "The child's place of birth belongs to the register of {office_name}. Only that \
             office can record notifications in its register; please forward the notification \
             there. Nothing was recorded; the attempt was recorded."
        ),
    };
    page::message(
        StatusCode::FORBIDDEN,
        lang,
        tr(lang, "Anderes Register", "Another register"),
        &text,
        (HOME_PATH, tr(lang, "Zum Arbeitsplatz", "To the workbench")),
    )
}

async fn render(
    state: &AppState,
    staff: &Staff,
    lang: Lang,
    status: StatusCode,
    form: &NotificationForm,
    errors: &FormErrors,
) -> Response {
    let note = match forms::place_note(state, lang, &form.child_ags).await {
        Ok(note) => note,
        Err(error) => return page::failure(lang, &error),
    };
    FormPage {
        title: tr(lang, "Mitteilung erfassen", "Record a notification"),
        lead: tr(
            lang,
            "Tragen Sie eine Mitteilung über Sorgeerklärungen oder eine Gerichtsentscheidung in \
             das Register Ihres Jugendamts ein. Es gehören nur Kinder hinein, die im Bezirk \
             Ihres Jugendamts geboren sind (für Geburten im Ausland: das Land Berlin).",
            "Record a notification of custody declarations or a court decision in your \
             office's register. It holds only children born in your office's district (for \
             births abroad: the Land Berlin).",
        ),
        action: NEW_PATH,
        fields: &form::fields(lang, form, errors, note.as_deref()),
        submit: tr(lang, "Eintragen", "Record"),
        back: (
            REGISTER_PATH,
            tr(lang, "Zurück zum Register", "Back to the register"),
        ),
    }
    .render(staff, lang, status, errors)
}
