//! Recording a prenatal notification by form (`/amt/vorgeburtlich/neu`). What a valid one is
//! stays the domain's ([`domain::input::parse_prenatal`]); the member's own office holds it.

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::http::header::HeaderMap;
use axum::response::Response;

use super::access::{self, Action};
use super::fields::FormErrors;
use super::form::{self, PrenatalForm};
use super::{NEW_PATH, PRENATAL_PATH, notification_path};
use crate::AppState;
use crate::i18n::Lang;
use crate::pages::html::{page_lang, tag, tr};
use crate::workbench::forms::FormPage;
use crate::workbench::{Staff, StaffForm, page};

/// `GET /amt/vorgeburtlich/neu`: the empty form.
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
        &staff,
        lang,
        StatusCode::OK,
        &PrenatalForm::default(),
        &FormErrors::default(),
    )
}

/// `POST /amt/vorgeburtlich/neu`: records the notification and shows it, or the form again
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
    let form = PrenatalForm::read(&fields);
    let today = state.pipeline.clock().today();
    let notification = match domain::input::parse_prenatal(&form.input(), today) {
        Ok(notification) => notification,
        Err(errors) => {
            let errors = FormErrors::from_paths(lang, &errors);
            return render(
                &staff,
                lang,
                StatusCode::UNPROCESSABLE_ENTITY,
                &form,
                &errors,
            );
        }
    };
    match state
        .pipeline
        .record_prenatal(&staff.actor(), &staff.office, &notification)
        .await
    {
        Ok(record) => page::redirect(&format!(
            "{}?lang={}&hinweis=erfasst",
            notification_path(&record.id),
            tag(lang)
        )),
        Err(error) => page::failure(lang, &error),
    }
}

fn render(
    staff: &Staff,
    lang: Lang,
    status: StatusCode,
    form: &PrenatalForm,
    errors: &FormErrors,
) -> Response {
    FormPage {
        title: tr(
            lang,
            "Vorgeburtliche Mitteilung erfassen",
            "Record a prenatal notification",
        ),
        lead: tr(
            lang,
            "Erfassen Sie eine Mitteilung über Sorgeerklärungen, die die Eltern vor der Geburt \
             abgegeben haben (§ 1626b Abs. 2 BGB). Ihr Jugendamt hält sie, bis die Geburt \
             bekannt ist; dann tragen Sie die Daten des Kindes nach.",
            "Record a notification of custody declarations the parents made before the birth \
             (§ 1626b (2) BGB). Your office holds it until the birth is known; then you add \
             the child's data.",
        ),
        action: NEW_PATH,
        fields: &form::prenatal_fields(lang, form, errors),
        submit: tr(lang, "Erfassen", "Record"),
        back: (
            PRENATAL_PATH,
            tr(
                lang,
                "Zurück zu den vorgeburtlichen Mitteilungen",
                "Back to the prenatal notifications",
            ),
        ),
    }
    .render(staff, lang, status, errors)
}
