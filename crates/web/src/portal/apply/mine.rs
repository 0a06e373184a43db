//! `GET /antraege`: "Meine Anträge", her applications newest first, each with its child,
//! when it came in, where it stands, and a link to it.

use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

use super::super::frame::{PortalPage, escape};
use super::super::messages::{Locale, id, t};
use super::super::session::Citizen;
use super::{FORM_PATH, MINE_PATH, application_path, failure, words};
use crate::AppState;

/// The most applications listed (a mother needs a few certificates over the years).
const LIMIT: u32 = 100;

/// `GET /antraege`.
pub(super) async fn show(
    State(state): State<AppState>,
    citizen: Citizen,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let locale = Locale::from_query(query.as_deref(), &headers);
    let records = match state
        .store()
        .citizen_applications(&citizen.subject, LIMIT)
        .await
    {
        Ok(records) => records,
        Err(error) => return failure(locale, &citizen, MINE_PATH, &error),
    };
    let title = t(locale, id::APPLY_MINE_TITLE);
    let list = if records.is_empty() {
        format!("<p>{}</p>\n", escape(&t(locale, id::APPLY_MINE_EMPTY)))
    } else {
        let rows: String = records
            .iter()
            .map(|record| {
                format!(
                    "<tr><th scope=\"row\"><a href=\"{href}\">{child}</a></th><td>{received}</td>\
                     <td>{state}</td></tr>\n",
                    href = escape(&locale.href(&application_path(&record.id))),
                    child = escape(&words::child_name(&record.application.child)),
                    received = escape(&words::date(locale, record.received_at.date())),
                    state = escape(&words::state(locale, record)),
                )
            })
            .collect();
        format!(
            "<table>\n<caption>{caption}</caption>\n<thead><tr><th scope=\"col\">{child}</th>\
             <th scope=\"col\">{received}</th><th scope=\"col\">{state}</th></tr></thead>\n\
             <tbody>\n{rows}</tbody>\n</table>\n",
            caption = escape(&t(locale, id::APPLY_MINE_CAPTION)),
            child = escape(&t(locale, id::APPLY_MINE_CHILD)),
            received = escape(&t(locale, id::APPLY_STATUS_RECEIVED)),
            state = escape(&t(locale, id::APPLY_MINE_STATE)),
        )
    };
    let main = format!(
        "<h1>{}</h1>\n{list}<p><a href=\"{}\">{}</a></p>\n",
        escape(&title),
        escape(&locale.href(FORM_PATH)),
        escape(&t(locale, id::APPLY_NEW_LINK)),
    );
    PortalPage {
        locale,
        visitor: &citizen.visitor(),
        title: &title,
        path: MINE_PATH,
    }
    .respond(StatusCode::OK, &main)
}
