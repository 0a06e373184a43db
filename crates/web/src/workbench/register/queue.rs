//! The office's pending change requests (`/amt/aenderungen`), oldest first: what supervisors
//! decide. Each leads to its entry, where the request is compared with the entry and decided;
//! clerks see the list for their information.

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::http::header::HeaderMap;
use axum::response::Response;

use super::access;
use super::view::{self, Actors};
use super::{QUEUE_PATH, REGISTER_PATH, entry_path};
use crate::AppState;
use crate::i18n::Lang;
use crate::pages::html::{escape, page_lang, tag, tr};
use crate::workbench::{Staff, page, words};
use store::StoreError;
use store::staff::StaffRole;

/// `GET /amt/aenderungen`.
pub async fn page(
    staff: Staff,
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let lang = page_lang(query.as_deref(), &headers);
    if let Err(refused) = access::read_register(&staff, &state, query.as_deref(), lang).await {
        return refused;
    }
    match build(&state, &staff, lang).await {
        Ok(main) => {
            let title = tr(lang, "Änderungsanträge", "Change requests");
            page::workbench_page(StatusCode::OK, lang, title, QUEUE_PATH, &main)
        }
        Err(error) => page::failure(lang, &error),
    }
}

async fn build(state: &AppState, staff: &Staff, lang: Lang) -> Result<String, StoreError> {
    let now = state.pipeline.clock().now();
    let actor = staff.actor();
    let store = state.store();
    let pending = store
        .pending_entry_changes(&actor, now, &staff.office)
        .await?;
    let actors = Actors::of_office(state, &staff.office).await?;
    let lang_tag = tag(lang);
    let mut items = String::new();
    for request in &pending {
        // The child the entry is about; reading it is register access and audited as such.
        let child = match store
            .entry(&actor, now, &staff.office, &request.entry_id)
            .await?
        {
            Some(record) => words::child_line(lang, &record.notification.child),
            None => request.entry_id.clone(),
        };
        let own = request.requested_by == actor.id;
        let yours = if own {
            format!(
                " <strong>({})</strong>",
                escape(tr(lang, "Ihr eigener Antrag", "your own request"))
            )
        } else {
            String::new()
        };
        let link = if staff.role == StaffRole::Supervisor && !own {
            tr(lang, "prüfen und entscheiden", "review and decide")
        } else {
            tr(lang, "ansehen", "view")
        };
        items.push_str(&format!(
            "<li><strong>{change}</strong>: {child}{yours}<br>\n\
             {reason_label}: {reason}<br>\n{by_label}: {by}, {at}<br>\n\
             <a href=\"{path}?lang={lang_tag}#antrag-{request_id}\">{link}</a></li>\n",
            change = escape(view::requested(lang, &request.change)),
            child = escape(&child),
            reason_label = escape(tr(lang, "Begründung", "Reason")),
            reason = escape(&request.reason),
            by_label = escape(tr(lang, "Beantragt von", "Requested by")),
            by = escape(&actors.name(lang, &request.requested_by)),
            at = escape(&words::moment(lang, request.requested_at)),
            path = entry_path(&request.entry_id),
            request_id = escape(&request.id),
            link = escape(link),
        ));
    }
    let explain = if staff.role == StaffRole::Supervisor {
        tr(
            lang,
            "Berichtigungen und Austragungen, die auf eine zweite Person warten. Öffnen Sie einen \
             Antrag, um ihn mit dem Eintrag zu vergleichen und zu entscheiden. Eigene Anträge \
             entscheidet eine andere Sachgebietsleitung.",
            "Corrections and cancellations waiting for a second person. Open a request to \
             compare it with the entry and decide it. Your own requests are decided by another \
             supervisor.",
        )
    } else {
        tr(
            lang,
            "Berichtigungen und Austragungen, die auf eine zweite Person warten. Genehmigen oder \
             ablehnen kann sie nur eine Sachgebietsleitung, die sie nicht selbst beantragt hat; \
             Sie sehen sie zu Ihrer Information.",
            "Corrections and cancellations waiting for a second person. Only a supervisor who \
             did not request them can approve or reject them; you see them for your \
             information.",
        )
    };
    let list = if pending.is_empty() {
        format!(
            "<p>{}</p>\n",
            escape(tr(lang, "Keine offenen Anträge.", "No pending requests."))
        )
    } else {
        format!("<ol class=\"requests\">\n{items}</ol>\n")
    };
    Ok(format!(
        "<h1>{heading}</h1>\n<p class=\"lead\">{explain}</p>\n{list}\
         <p><a href=\"{REGISTER_PATH}?lang={lang_tag}\">{back}</a></p>\n",
        heading = escape(tr(lang, "Änderungsanträge", "Change requests")),
        explain = escape(explain),
        back = escape(tr(lang, "Zum Register", "To the register")),
    ))
}
