//! The applicant's pages after her login: the application form (`/antrag`), the page to check
//! it before sending, the status and result of each application (`/antraege/{id}`), her
//! certificate's PDF, and the list of her applications (`/antraege`).
//!
//! Every handler takes the [`Citizen`] of the session, so that nothing here runs without a
//! login, and reads and writes through the store's citizen-scoped calls: another citizen's
//! application is as invisible as one that does not exist. Her name and date of birth come
//! from her citizen account, never from the form. The rules an application must satisfy are
//! [`domain::input::parse_application`]'s, shared with the JSON API; this module only turns
//! form fields into its input and its problems into sentences at the fields.

mod certificate;
mod check;
mod entered;
mod form;
mod mine;
mod review;
mod status;
mod submit;
mod words;

use axum::Router;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;

use super::frame::{self, PortalPage, escape, prose_of};
use super::messages::{Locale, Msg, id, t};
use super::session::{self, Citizen};
use crate::AppState;

/// The application form; posting it shows the page to check the data.
pub const FORM_PATH: &str = super::APPLY_PATH;
/// Where the checked application is sent.
pub const SUBMIT_PATH: &str = "/antrag/absenden";
/// Her applications; `/antraege/{id}` is one of them.
pub const MINE_PATH: &str = frame::MINE_PATH;

/// The hidden field that carries the session's CSRF token.
const CSRF_FIELD: &str = "csrf";

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route(FORM_PATH, get(form::show).post(form::post))
        .route(SUBMIT_PATH, axum::routing::post(submit::post))
        .route(MINE_PATH, get(mine::show))
        .route("/antraege/{id}", get(status::show))
        .route(
            "/antraege/{id}/bescheinigung.pdf",
            get(certificate::download),
        )
}

/// The path of one application's page.
fn application_path(id: &str) -> String {
    format!("{MINE_PATH}/{id}")
}

/// The hidden input with the session's CSRF token.
fn csrf_input(citizen: &Citizen) -> String {
    hidden(CSRF_FIELD, &citizen.csrf)
}

/// A hidden input.
fn hidden(name: &str, value: &str) -> String {
    format!(
        "<input type=\"hidden\" name=\"{}\" value=\"{}\">\n",
        escape(name),
        escape(value)
    )
}

/// A page with a heading and a prose text, and links below (path, text).
fn message_page(
    locale: Locale,
    citizen: &Citizen,
    status: StatusCode,
    path: &str,
    (title, body): (Msg, Msg),
    links: &[(&str, Msg)],
) -> Response {
    let title = t(locale, title);
    let links: String = links
        .iter()
        .map(|(href, text)| {
            format!(
                "<p><a href=\"{}\">{}</a></p>\n",
                escape(&locale.href(href)),
                escape(&t(locale, *text))
            )
        })
        .collect();
    let main = format!(
        "<h1>{}</h1>\n{}{links}",
        escape(&title),
        prose_of(locale, body)
    );
    PortalPage {
        locale,
        visitor: &citizen.visitor(),
        title: &title,
        path,
    }
    .respond(status, &main)
}

/// The same 404 page for an application that does not exist and one of another citizen.
fn not_found(locale: Locale, citizen: &Citizen, path: &str) -> Response {
    message_page(
        locale,
        citizen,
        StatusCode::NOT_FOUND,
        path,
        (id::APPLY_NOT_FOUND_TITLE, id::APPLY_NOT_FOUND_BODY),
        &[(MINE_PATH, id::APPLY_MINE_LINK)],
    )
}

/// A form posted without this session's CSRF token: refused before anything is done.
fn refused(locale: Locale) -> Response {
    tracing::warn!("portal form without the session's CSRF token refused");
    session::forbidden(locale)
}

/// An unexpected failure: the cause to the log, an opaque page to her.
fn failure(
    locale: Locale,
    citizen: &Citizen,
    path: &str,
    error: &dyn std::fmt::Display,
) -> Response {
    tracing::error!(%error, path, "applicant page failed");
    frame::failure(locale, &citizen.visitor(), path)
}

/// Whether a posted form carries this session's CSRF token (compared in constant time).
fn csrf_ok(citizen: &Citizen, form: &super::forms::FormData) -> bool {
    citizen.csrf_matches(form.given(CSRF_FIELD))
}
