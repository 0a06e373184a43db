//! Four-eyes changes of an entry: requesting a correction (the whole form, prefilled, and a
//! reason) or a cancellation (a reason), and deciding a request — approve or reject (with a
//! note; a rejection needs one) by a supervisor who did not make it, or withdraw by the person
//! who did. The change takes effect only on approval, in the store's transaction; nothing is
//! deleted.
//!
//! A correction is validated like a notification by the JSON API's parser, and may not move
//! the entry to another office's register (the API's rule for corrections).

use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::http::header::HeaderMap;
use axum::response::Response;

use super::access::{self, Action};
use super::entry::{self, EntryForms};
use super::entry_path;
use super::fields::{self, FormErrors};
use super::form::{self, NotificationForm, text_area};
use crate::api::common::parse_id;
use crate::api::register::{MAX_REASON, parse};
use crate::i18n::Lang;
use crate::pages::html::{escape, page_lang, tag, tr};
use crate::workbench::{Staff, StaffForm, csrf, forms, page};
use crate::{ApiError, AppState};
use domain::Problem;
use domain::register::Notification;
use domain::validation::{Rule, bounded_text};
use store::StoreError;
use store::changes::{RequestStatus, RequestedChange};
use store::register::EntryStatus;

type Fields = Vec<(String, String)>;

/// `GET /amt/register/{id}/berichtigung`: the entry's content in the form, and a reason.
pub async fn correction_form(
    staff: Staff,
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let lang = page_lang(query.as_deref(), &headers);
    let (id, current) = match correctable(&state, &staff, lang, &id).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    render_correction(
        &state,
        &staff,
        lang,
        &id,
        StatusCode::OK,
        &NotificationForm::prefilled(&current),
        "",
        &FormErrors::default(),
    )
    .await
}

/// `POST /amt/register/{id}/berichtigung`: requests the correction, or shows the form again.
pub async fn request_correction(
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    StaffForm {
        staff,
        form: fields,
    }: StaffForm<Fields>,
) -> Response {
    let lang = page_lang(query.as_deref(), &headers);
    let (id, current) = match correctable(&state, &staff, lang, &id).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let form = NotificationForm::read(&fields);
    let reason_raw = kept(csrf::first(&fields, "reason"));
    let mut errors = FormErrors::default();
    let reason = match bounded_text(&reason_raw, MAX_REASON) {
        Ok(reason) => Some(reason),
        Err(problem) => {
            errors.problem(lang, "reason", &problem);
            None
        }
    };
    let corrected = match parse(&form.input(), state.pipeline.clock().today()) {
        Ok(notification) => Some(notification),
        Err(ApiError::Validation(found)) => {
            for error in &found {
                errors.problem(lang, fields::for_path(&error.field), &error.problem);
            }
            None
        }
        Err(other) => return page::failure(lang, &format!("{other:?}")),
    };
    if let Some(notification) = &corrected {
        match state.pipeline.register_office_for(notification).await {
            Ok(office) if office.id != staff.office => errors.problem(
                lang,
                "child_ags",
                &Problem::NotAllowed {
                    rule: Rule::SameRegisterOffice,
                },
            ),
            Ok(_) => {}
            Err(pipeline::SubmitError::Invalid(found)) => {
                for error in &found {
                    errors.problem(lang, fields::for_path(&error.field), &error.problem);
                }
            }
            Err(other) => return page::failure(lang, &other),
        }
        if *notification == current {
            errors.add(
                "kind",
                tr(
                    lang,
                    "Die beantragte Fassung gleicht der jetzigen. Bitte ändern Sie, was \
                     berichtigt werden soll.",
                    "The requested version equals the current one. Please change what is to \
                     be corrected.",
                )
                .to_owned(),
            );
        }
    }
    let (Some(reason), Some(corrected), true) = (reason, corrected, errors.is_empty()) else {
        return render_correction(
            &state,
            &staff,
            lang,
            &id,
            StatusCode::UNPROCESSABLE_ENTITY,
            &form,
            &reason_raw,
            &errors,
        )
        .await;
    };
    request(
        &state,
        &staff,
        lang,
        &id,
        RequestedChange::Correct(Box::new(corrected)),
        &reason,
    )
    .await
}

/// `POST /amt/register/{id}/austragung`: requests the cancellation, or shows the entry again
/// with what is wrong.
pub async fn request_cancellation(
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    StaffForm {
        staff,
        form: fields,
    }: StaffForm<Fields>,
) -> Response {
    let lang = page_lang(query.as_deref(), &headers);
    let id = match access::entry_for(&staff, &state, &id, Action::RequestChange, lang).await {
        Ok(id) => id,
        Err(refused) => return refused,
    };
    let reason_raw = kept(csrf::first(&fields, "reason"));
    match bounded_text(&reason_raw, MAX_REASON) {
        Ok(reason) => request(&state, &staff, lang, &id, RequestedChange::Cancel, &reason).await,
        Err(problem) => {
            let mut errors = FormErrors::default();
            errors.problem(lang, "reason", &problem);
            let forms = EntryForms {
                reason: reason_raw,
                errors,
                ..EntryForms::default()
            };
            entry::render(
                &state,
                &staff,
                lang,
                &id,
                StatusCode::UNPROCESSABLE_ENTITY,
                &forms,
            )
            .await
        }
    }
}

/// `POST /amt/register/{id}/antraege/{request}/{genehmigen|ablehnen|zurueckziehen}`.
pub async fn decide(
    State(state): State<AppState>,
    Path((id, request_id, decision)): Path<(String, String, String)>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    StaffForm {
        staff,
        form: fields,
    }: StaffForm<Fields>,
) -> Response {
    let lang = page_lang(query.as_deref(), &headers);
    let id = match access::own_entry(&staff, &state, &id, lang).await {
        Ok(id) => id,
        Err(refused) => return refused,
    };
    let action = match decision.as_str() {
        "genehmigen" | "ablehnen" => Action::Decide,
        "zurueckziehen" => Action::RequestChange,
        _ => return access::not_found(lang),
    };
    if let Err(refused) = access::require(&staff, &state, action, &id, lang).await {
        return refused;
    }
    let Some(request_id) = parse_id(&request_id) else {
        return access::not_found(lang);
    };
    let request = match state
        .store()
        .entry_change_request(&staff.office, &request_id)
        .await
    {
        Ok(Some(request)) if request.entry_id == id => request,
        Ok(_) => return access::not_found(lang),
        Err(error) => return page::failure(lang, &error),
    };
    if request.status != RequestStatus::Pending {
        return conflict(lang, &id, "the request is already decided");
    }
    let own = request.requested_by == staff.actor().id;
    if action == Action::Decide && own {
        return conflict(lang, &id, "a change needs a second person");
    }
    if action == Action::RequestChange && !own {
        return conflict(lang, &id, "only the requester can withdraw a request");
    }
    let note_raw = kept(csrf::first(&fields, "note"));
    let note = if note_raw.trim().is_empty() {
        Ok(None)
    } else {
        bounded_text(&note_raw, MAX_REASON).map(Some)
    };
    let now = state.pipeline.clock().now();
    let actor = staff.actor();
    let store = state.store();
    let (done, hint) = match (decision.as_str(), note) {
        ("genehmigen", Ok(note)) => (
            store
                .approve_entry_change(&actor, now, &staff.office, &request_id, note.as_deref())
                .await
                .map(|_| ()),
            "genehmigt",
        ),
        ("ablehnen", Ok(Some(note))) => (
            store
                .reject_entry_change(&actor, now, &staff.office, &request_id, &note)
                .await
                .map(|_| ()),
            "abgelehnt",
        ),
        ("zurueckziehen", _) => (
            store
                .withdraw_entry_change(&actor, now, &staff.office, &request_id)
                .await
                .map(|_| ()),
            "zurueckgezogen",
        ),
        (_, note) => {
            let problem = match note {
                Err(problem) => problem,
                Ok(_) => Problem::Missing,
            };
            let mut errors = FormErrors::default();
            errors.problem(lang, "note", &problem);
            let forms = EntryForms {
                note: note_raw,
                errors,
                ..EntryForms::default()
            };
            return entry::render(
                &state,
                &staff,
                lang,
                &id,
                StatusCode::UNPROCESSABLE_ENTITY,
                &forms,
            )
            .await;
        }
    };
    back_to_entry(lang, &id, done, hint)
}

/// Makes a change request and leads back to the entry.
async fn request(
    state: &AppState,
    staff: &Staff,
    lang: Lang,
    id: &str,
    change: RequestedChange,
    reason: &str,
) -> Response {
    let request_id = uuid::Uuid::new_v4().to_string();
    let done = state
        .store()
        .request_entry_change(
            &staff.actor(),
            state.pipeline.clock().now(),
            &staff.office,
            &request_id,
            id,
            &change,
            reason,
        )
        .await
        .map(|_| ());
    back_to_entry(lang, id, done, "beantragt")
}

/// Leads back to the entry with the notice `hint` after a change went through, or shows why
/// the store refused it.
fn back_to_entry(lang: Lang, id: &str, done: Result<(), StoreError>, hint: &str) -> Response {
    match done {
        Ok(()) => page::redirect(&format!(
            "{}?lang={}&hinweis={hint}",
            entry_path(id),
            tag(lang)
        )),
        Err(StoreError::Conflict(what)) => conflict(lang, id, what),
        Err(StoreError::NotFound) => access::not_found(lang),
        Err(error) => page::failure(lang, &error),
    }
}

/// The id of entry `raw` and its current content, when the member may request a change of it
/// ([`changeable`]); otherwise the refusal's page.
async fn correctable(
    state: &AppState,
    staff: &Staff,
    lang: Lang,
    raw: &str,
) -> Result<(String, Notification), Response> {
    let id = access::entry_for(staff, state, raw, Action::RequestChange, lang).await?;
    let current = changeable(state, staff, lang, &id).await?;
    Ok((id, current))
}

/// The entry's current content, when a change may be requested: not for a cancelled entry or
/// while a request is pending (a 409 page then).
async fn changeable(
    state: &AppState,
    staff: &Staff,
    lang: Lang,
    id: &str,
) -> Result<Notification, Response> {
    let store = state.store();
    let record = match store
        .entry(
            &staff.actor(),
            state.pipeline.clock().now(),
            &staff.office,
            id,
        )
        .await
    {
        Ok(Some(record)) => record,
        Ok(None) => return Err(access::not_found(lang)),
        Err(error) => return Err(page::failure(lang, &error)),
    };
    if record.status == EntryStatus::Cancelled {
        return Err(conflict(lang, id, "the entry is cancelled"));
    }
    match store.entry_change_requests(&staff.office, id).await {
        Ok(requests) if requests.iter().any(|r| r.status == RequestStatus::Pending) => Err(
            conflict(lang, id, "a change of this entry is already pending"),
        ),
        Ok(_) => Ok(record.notification),
        Err(error) => Err(page::failure(lang, &error)),
    }
}

/// The 409 page for a change the entry's or request's state does not allow, said in words.
fn conflict(lang: Lang, id: &str, what: &str) -> Response {
    let text = match what {
        "the entry is cancelled" => tr(
            lang,
            "Der Eintrag ist aufgehoben und kann nicht mehr geändert werden.",
            "The entry is cancelled and can no longer be changed.",
        ),
        "a change of this entry is already pending" => tr(
            lang,
            "Für diesen Eintrag ist bereits ein Antrag offen. Er muss erst entschieden oder \
             zurückgezogen werden.",
            "A request for this entry is pending already. It must be decided or withdrawn \
             first.",
        ),
        "the request is already decided" => tr(
            lang,
            "Über diesen Antrag ist bereits entschieden.",
            "This request is decided already.",
        ),
        "the entry changed meanwhile" => tr(
            lang,
            "Der Eintrag hat sich geändert, seit der Antrag gestellt wurde. Genehmigt werden \
             kann nur, was gesehen wurde: bitte lehnen Sie den Antrag ab und lassen Sie ihn neu \
             stellen.",
            "The entry changed since the request was made. Only what was seen can be \
             approved: please reject the request and have it made again.",
        ),
        "only the requester can withdraw a request" => tr(
            lang,
            "Zurückziehen kann einen Antrag nur, wer ihn gestellt hat.",
            "Only the person who made a request can withdraw it.",
        ),
        other if other.starts_with("a change needs a second person") => tr(
            lang,
            "Eine Änderung braucht eine zweite Person: Ihren eigenen Antrag kann nur eine andere \
             Sachgebietsleitung genehmigen oder ablehnen.",
            "A change needs a second person: only another supervisor can approve or reject \
             your own request.",
        ),
        _ => tr(
            lang,
            "Der Eintrag oder der Antrag hat sich inzwischen geändert. Bitte sehen Sie ihn sich \
             noch einmal an.",
            "The entry or the request changed meanwhile. Please look at it again.",
        ),
    };
    page::message(
        StatusCode::CONFLICT,
        lang,
        tr(lang, "Nicht möglich", "Not possible"),
        text,
        (&entry_path(id), tr(lang, "Zum Eintrag", "To the entry")),
    )
}

/// A submitted text, cut to what can matter (the limit's check still sees it is too long).
fn kept(raw: Option<&str>) -> String {
    raw.unwrap_or("").chars().take(MAX_REASON + 1).collect()
}

#[allow(clippy::too_many_arguments)]
async fn render_correction(
    state: &AppState,
    staff: &Staff,
    lang: Lang,
    id: &str,
    status: StatusCode,
    form: &NotificationForm,
    reason: &str,
    errors: &FormErrors,
) -> Response {
    let note = match forms::place_note(state, lang, &form.child_ags).await {
        Ok(note) => note,
        Err(error) => return page::failure(lang, &error),
    };
    let path = entry_path(id);
    let lang_tag = tag(lang);
    let title = tr(lang, "Berichtigung beantragen", "Request a correction");
    let main = format!(
        "{summary}<h1>{heading}</h1>\n<p class=\"lead\">{lead}</p>\n\
         <form method=\"post\" action=\"{path}/berichtigung?lang={lang_tag}\" novalidate>\n\
         {hidden}\n{fields}<h2>{reason_title}</h2>\n{reason}\
         <button type=\"submit\">{submit}</button>\n</form>\n\
         <p><a href=\"{path}?lang={lang_tag}\">{back}</a></p>\n",
        summary = errors.summary(lang),
        heading = escape(title),
        lead = escape(tr(
            lang,
            "Ändern Sie, was berichtigt werden soll, und begründen Sie es. Die Berichtigung wird \
             erst wirksam, wenn eine Sachgebietsleitung sie genehmigt, die sie nicht selbst \
             beantragt hat; die bisherige Fassung bleibt im Verlauf.",
            "Change what is to be corrected and give the reason. The correction takes effect \
             only once a supervisor who did not request it approves it; the current version \
             stays in the history.",
        )),
        hidden = staff.csrf_field(),
        fields = form::fields(lang, form, errors, note.as_deref()),
        reason_title = escape(tr(lang, "Begründung", "Reason")),
        reason = text_area(
            lang,
            "reason",
            reason,
            tr(
                lang,
                "Warum die Berichtigung nötig ist, z. B. Schreibfehler im Vornamen laut \
                 Geburtsurkunde.",
                "Why the correction is needed, e.g. a misspelt given name according to the \
                 birth certificate.",
            ),
            errors,
        ),
        submit = escape(tr(
            lang,
            "Berichtigung beantragen",
            "Request the correction"
        )),
        back = escape(tr(lang, "Zurück zum Eintrag", "Back to the entry")),
    );
    let title = errors.title(lang, title);
    page::workbench_page(status, lang, &title, &path, &main)
}
