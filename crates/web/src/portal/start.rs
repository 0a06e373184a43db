//! The start page (`/`): what the Negativbescheinigung is, who may apply, what it costs, what
//! to have ready and what happens after; the application as the main step, the pre-check as
//! the second.

use axum::extract::RawQuery;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

use super::frame::{PortalPage, button_links, escape, prose_of, secondary_button_link};
use super::messages::{Locale, id, t};
use super::session::Visitor;
use super::{APPLY_PATH, FAQ_PATH, HOME_PATH, PRECHECK_PATH};

/// `GET /`.
pub async fn page(visitor: Visitor, RawQuery(query): RawQuery, headers: HeaderMap) -> Response {
    let locale = Locale::from_query(query.as_deref(), &headers);
    let title = t(locale, id::START_TITLE);
    let sections: String = [
        (id::START_WHAT_HEADING, id::START_WHAT_BODY),
        (id::START_WHO_HEADING, id::START_WHO_BODY),
        (id::START_COST_HEADING, id::START_COST_BODY),
        (id::START_READY_HEADING, id::START_READY_BODY),
        (id::START_AFTER_HEADING, id::START_AFTER_BODY),
    ]
    .into_iter()
    .map(|(heading, body)| {
        format!(
            "<h2>{}</h2>\n{}",
            escape(&t(locale, heading)),
            prose_of(locale, body)
        )
    })
    .collect();
    let apply = locale.href(APPLY_PATH);
    let apply_text = t(locale, id::START_APPLY_CTA);
    let precheck = locale.href(PRECHECK_PATH);
    let precheck_text = t(locale, id::START_PRECHECK_CTA);
    // The application is the main step; the pre-check, for whoever is unsure, the second.
    // "Antrag stellen" once only, at the top; the pre-check again after the conditions.
    let main = format!(
        "<h1>{title}</h1>\n<div class=\"lead\">{lead}</div>\n{actions}{sections}\
         {precheck_again}<p><a href=\"{faq}\">{more}</a></p>\n",
        title = escape(&title),
        lead = prose_of(locale, id::START_LEAD),
        actions = button_links((&apply, &apply_text), (&precheck, &precheck_text)),
        precheck_again = secondary_button_link(&precheck, &precheck_text),
        faq = escape(&locale.href(FAQ_PATH)),
        more = escape(&t(locale, id::START_MORE)),
    );
    PortalPage {
        locale,
        visitor: &visitor,
        title: &title,
        path: HOME_PATH,
    }
    .respond(StatusCode::OK, &main)
}
