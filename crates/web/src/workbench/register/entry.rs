//! One entry (`/amt/register/{id}`): its current content and status, its change requests with
//! their decisions, every version it ever had, and the forms to change it under four eyes —
//! request a correction or cancellation; approve, reject or withdraw a pending request.
//!
//! Which forms show depends on the member: a supervisor who did not make a pending request
//! may decide it, its requester may withdraw it, and while one is pending no other can be
//! made. The handlers check all of it again; the page only leaves out what would be refused.

use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::http::header::HeaderMap;
use axum::response::Response;

use super::access::{self, Action};
use super::fields::FormErrors;
use super::form::text_area;
use super::view::{self, Actors};
use super::{QUEUE_PATH, REGISTER_PATH, entry_path};
use crate::AppState;
use crate::i18n::Lang;
use crate::pages::html::{escape, page_lang, tag, tr};
use crate::workbench::{Staff, page, words};
use store::StoreError;
use store::changes::{ChangeRequest, RequestStatus, RequestedChange};
use store::register::{EntryRecord, EntryStatus};
use store::staff::StaffRole;

/// What the page's forms are shown with after a refused submission.
#[derive(Debug, Default)]
pub(super) struct EntryForms {
    /// The notice after a change (markup).
    pub notice: String,
    /// The cancellation's reason as entered.
    pub reason: String,
    /// The decision's note as entered.
    pub note: String,
    pub errors: FormErrors,
}

/// `GET /amt/register/{id}`.
pub async fn page(
    staff: Staff,
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let lang = page_lang(query.as_deref(), &headers);
    let id = match access::entry_for(&staff, &state, &id, Action::Read, lang).await {
        Ok(id) => id,
        Err(refused) => return refused,
    };
    let forms = EntryForms {
        notice: view::notice(lang, query.as_deref()),
        ..EntryForms::default()
    };
    render(&state, &staff, lang, &id, StatusCode::OK, &forms).await
}

/// The page of entry `id` (of the member's office, checked by the caller).
pub(super) async fn render(
    state: &AppState,
    staff: &Staff,
    lang: Lang,
    id: &str,
    status: StatusCode,
    forms: &EntryForms,
) -> Response {
    match build(state, staff, lang, id, status, forms).await {
        Ok(response) => response,
        Err(error) => page::failure(lang, &error),
    }
}

async fn build(
    state: &AppState,
    staff: &Staff,
    lang: Lang,
    id: &str,
    status: StatusCode,
    forms: &EntryForms,
) -> Result<Response, StoreError> {
    let now = state.pipeline.clock().now();
    let actor = staff.actor();
    let store = state.store();
    let Some(record) = store.entry(&actor, now, &staff.office, id).await? else {
        return Ok(access::not_found(lang));
    };
    let versions = store.entry_history(&actor, now, &staff.office, id).await?;
    let mut requests = store.entry_change_requests(&staff.office, id).await?;
    requests.reverse();
    let actors = Actors::of_office(state, &staff.office).await?;
    let lang_tag = tag(lang);
    let n = &record.notification;
    let heading = format!(
        "{}: {}",
        tr(lang, "Registereintrag", "Register entry"),
        words::child_line(lang, &n.child)
    );

    let status_line = format!(
        "<p class=\"lead\">{status_label}: <strong>{status}</strong> · {version_label} \
         {version} · {created_label} {created} · {updated_label} {updated}</p>\n",
        status_label = escape(tr(lang, "Status", "Status")),
        status = escape(words::entry_status(lang, record.status)),
        version_label = escape(tr(lang, "Fassung", "Version")),
        version = record.version,
        created_label = escape(tr(lang, "eingetragen am", "recorded on")),
        created = escape(&words::moment(lang, record.created_at)),
        updated_label = escape(tr(lang, "zuletzt geändert am", "last changed on")),
        updated = escape(&words::moment(lang, record.updated_at)),
    );
    let cancelled_note = if record.status == EntryStatus::Cancelled {
        format!(
            "<p class=\"note\">{}</p>\n",
            escape(tr(
                lang,
                "Dieser Eintrag ist aufgehoben. Er bleibt mit seinem Verlauf im Register, zählt \
                 aber bei Anfragen nicht mehr.",
                "This entry is cancelled. It stays in the register with its history but no \
                 longer counts for queries.",
            ))
        )
    } else {
        String::new()
    };

    let mut request_items = String::new();
    for request in &requests {
        request_items.push_str(
            &request_section(state, staff, lang, &record, request, &actors, forms).await?,
        );
    }
    let requests_markup = if requests.is_empty() {
        format!(
            "<p>{}</p>\n",
            escape(tr(
                lang,
                "Für diesen Eintrag wurde noch keine Änderung beantragt.",
                "No change of this entry was requested so far.",
            ))
        )
    } else {
        request_items
    };

    let pending = requests.iter().any(|r| r.status == RequestStatus::Pending);
    let change_markup = change_forms(staff, lang, &record, pending, forms);

    let mut history = String::new();
    for version in &versions {
        let reason = version
            .reason
            .as_ref()
            .map(|reason| {
                format!(
                    "<br>{}: {}",
                    escape(tr(lang, "Begründung", "Reason")),
                    escape(reason)
                )
            })
            .unwrap_or_default();
        history.push_str(&format!(
            "<li><strong>{version_label} {number} – {change}</strong> {at} {when}, {by} {who}\
             {reason}\n<details><summary>{contents}</summary>\n{content}</details></li>\n",
            version_label = escape(tr(lang, "Fassung", "Version")),
            number = version.version,
            change = escape(&view::change(lang, &version.change)),
            at = escape(tr(lang, "am", "on")),
            when = escape(&words::moment(lang, version.at)),
            by = escape(tr(lang, "von", "by")),
            who = escape(&actors.name(lang, &version.actor)),
            contents = escape(tr(lang, "Inhalt dieser Fassung", "Content of this version")),
            content = view::content(state, lang, &version.notification).await?,
        ));
    }

    let main = format!(
        "{summary}{notice}<h1>{heading}</h1>\n{status_line}{cancelled_note}\
         {content}\
         <h2>{requests_title}</h2>\n{requests_markup}\
         {change_markup}\
         <h2>{history_title}</h2>\n<ol class=\"history\">\n{history}</ol>\n\
         <p><a href=\"{REGISTER_PATH}?lang={lang_tag}\">{back}</a> · \
         <a href=\"{QUEUE_PATH}?lang={lang_tag}\">{queue}</a></p>\n",
        summary = forms.errors.summary(lang),
        notice = forms.notice,
        heading = escape(&heading),
        content = view::content(state, lang, n).await?,
        requests_title = escape(tr(lang, "Änderungsanträge", "Change requests")),
        history_title = escape(tr(lang, "Verlauf", "History")),
        back = escape(tr(lang, "Zurück zum Register", "Back to the register")),
        queue = escape(tr(
            lang,
            "Offene Änderungsanträge",
            "Pending change requests"
        )),
    );
    let title = if forms.errors.is_empty() {
        heading
    } else {
        format!("{}{heading}", tr(lang, "Fehler: ", "Error: "))
    };
    Ok(page::workbench_page(
        status,
        lang,
        &title,
        &entry_path(id),
        &main,
    ))
}

/// One change request: what it asks and why, its decision, and for a pending one the
/// comparison and the forms the member may use.
async fn request_section(
    state: &AppState,
    staff: &Staff,
    lang: Lang,
    record: &EntryRecord,
    request: &ChangeRequest,
    actors: &Actors,
    forms: &EntryForms,
) -> Result<String, StoreError> {
    let lang_tag = tag(lang);
    let mut rows = vec![
        (tr(lang, "Begründung", "Reason"), escape(&request.reason)),
        (
            tr(lang, "Beantragt", "Requested"),
            escape(&format!(
                "{}, {}",
                actors.name(lang, &request.requested_by),
                words::moment(lang, request.requested_at)
            )),
        ),
        (
            tr(lang, "Zu Fassung", "Against version"),
            request.base_version.to_string(),
        ),
    ];
    if let (Some(by), Some(at)) = (&request.decided_by, request.decided_at) {
        rows.push((
            tr(lang, "Entschieden", "Decided"),
            escape(&format!(
                "{}, {}",
                actors.name(lang, by),
                words::moment(lang, at)
            )),
        ));
    }
    if let Some(note) = &request.decision_note {
        rows.push((tr(lang, "Vermerk", "Note"), escape(note)));
    }
    let rows: String = rows
        .iter()
        .map(|(label, value)| format!("<dt>{}</dt><dd>{value}</dd>\n", escape(label)))
        .collect();
    let mut out = format!(
        "<section id=\"antrag-{id}\">\n<h3>{change} – {status}</h3>\n<dl class=\"data\">\n{rows}</dl>\n",
        id = escape(&request.id),
        change = escape(view::requested(lang, &request.change)),
        status = escape(view::request_status(lang, request.status)),
    );
    if request.status != RequestStatus::Pending {
        out.push_str("</section>\n");
        return Ok(out);
    }
    if let RequestedChange::Correct(proposed) = &request.change {
        let now = view::content_rows(state, lang, &record.notification).await?;
        let then = view::content_rows(state, lang, proposed).await?;
        let changed = tr(lang, "geändert", "changed");
        let lines: String = now
            .iter()
            .zip(&then)
            .map(|((label, before), (_, after))| {
                if before == after {
                    format!(
                        "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td></tr>\n",
                        escape(label),
                        escape(before),
                        escape(after)
                    )
                } else {
                    format!(
                        "<tr><th scope=\"row\">{} ({})</th><td>{}</td><td><strong>{}</strong></td></tr>\n",
                        escape(label),
                        escape(changed),
                        escape(before),
                        escape(after)
                    )
                }
            })
            .collect();
        out.push_str(&format!(
            "<table>\n<caption>{caption}</caption>\n<thead><tr><th scope=\"col\">{field}</th>\
             <th scope=\"col\">{before}</th><th scope=\"col\">{after}</th></tr></thead>\n\
             <tbody>\n{lines}</tbody>\n</table>\n",
            caption = escape(tr(lang, "Beantragte Berichtigung", "Requested correction")),
            field = escape(tr(lang, "Angabe", "Field")),
            before = escape(tr(lang, "Jetzt", "Now")),
            after = escape(tr(lang, "Beantragt", "Requested")),
        ));
    }
    let own = request.requested_by == staff.actor().id;
    let decide_base = format!(
        "{}/antraege/{}",
        entry_path(&record.id),
        escape(&request.id)
    );
    if staff.role == StaffRole::Supervisor && !own {
        out.push_str(&format!(
            "<form method=\"post\" action=\"{decide_base}/genehmigen?lang={lang_tag}\" \
             novalidate>\n{hidden}\n{note}\
             <button type=\"submit\">{approve}</button>\n\
             <button type=\"submit\" class=\"secondary\" \
             formaction=\"{decide_base}/ablehnen?lang={lang_tag}\">{reject}</button>\n</form>\n",
            hidden = staff.csrf_field(),
            note = text_area(
                lang,
                "note",
                &forms.note,
                tr(
                    lang,
                    "Beim Genehmigen freiwillig, beim Ablehnen erforderlich: warum.",
                    "Optional when approving, required when rejecting: why.",
                ),
                &forms.errors,
            ),
            approve = escape(tr(lang, "Genehmigen", "Approve")),
            reject = escape(tr(lang, "Ablehnen", "Reject")),
        ));
    } else if own {
        out.push_str(&format!(
            "<p>{waiting}</p>\n<form class=\"inline\" method=\"post\" \
             action=\"{decide_base}/zurueckziehen?lang={lang_tag}\">\n{hidden}\n\
             <button type=\"submit\" class=\"secondary\">{withdraw}</button>\n</form>\n",
            waiting = escape(tr(
                lang,
                "Ihr Antrag wartet auf eine Sachgebietsleitung; Sie selbst können ihn nicht \
                 genehmigen.",
                "Your request waits for a supervisor; you cannot approve it yourself.",
            )),
            hidden = staff.csrf_field(),
            withdraw = escape(tr(lang, "Antrag zurückziehen", "Withdraw the request")),
        ));
    } else {
        out.push_str(&format!(
            "<p>{}</p>\n",
            escape(tr(
                lang,
                "Wartet auf die Entscheidung einer Sachgebietsleitung, die den Antrag nicht \
                 selbst gestellt hat.",
                "Waits for the decision of a supervisor who did not make the request.",
            ))
        ));
    }
    out.push_str("</section>\n");
    Ok(out)
}

/// The ways to request a change, for an active entry without a pending request.
fn change_forms(
    staff: &Staff,
    lang: Lang,
    record: &EntryRecord,
    pending: bool,
    forms: &EntryForms,
) -> String {
    if record.status == EntryStatus::Cancelled || !Action::RequestChange.permitted(staff.role) {
        return String::new();
    }
    let title = format!(
        "<h2>{}</h2>\n",
        escape(tr(lang, "Eintrag ändern", "Change the entry"))
    );
    if pending {
        return format!(
            "{title}<p>{}</p>\n",
            escape(tr(
                lang,
                "Solange ein Antrag offen ist, kann kein weiterer gestellt werden.",
                "While a request is pending, no other can be made.",
            ))
        );
    }
    let lang_tag = tag(lang);
    let path = entry_path(&record.id);
    format!(
        "{title}<p>{explain}</p>\n\
         <p><a href=\"{path}/berichtigung?lang={lang_tag}\">{correct}</a></p>\n\
         <form method=\"post\" action=\"{path}/austragung?lang={lang_tag}\" novalidate>\n\
         {hidden}\n<h3>{cancel_title}</h3>\n{reason}\
         <button type=\"submit\" class=\"secondary\">{cancel}</button>\n</form>\n",
        explain = escape(tr(
            lang,
            "Berichtigungen und Austragungen brauchen eine Begründung und werden erst wirksam, \
             wenn eine Sachgebietsleitung sie genehmigt, die sie nicht selbst beantragt hat. \
             Gelöscht wird nichts: jede Fassung bleibt im Verlauf.",
            "Corrections and cancellations need a reason and take effect only once a \
             supervisor who did not request them approves them. Nothing is deleted: every \
             version stays in the history.",
        )),
        correct = escape(tr(lang, "Berichtigung beantragen", "Request a correction")),
        hidden = staff.csrf_field(),
        cancel_title = escape(tr(lang, "Austragung beantragen", "Request cancellation")),
        reason = text_area(
            lang,
            "reason",
            &forms.reason,
            tr(
                lang,
                "Zum Beispiel: irrtümlich eingetragen, oder betrifft ein anderes Kind.",
                "For example: recorded in error, or concerns another child.",
            ),
            &forms.errors,
        ),
        cancel = escape(tr(lang, "Austragung beantragen", "Request cancellation")),
    )
}
