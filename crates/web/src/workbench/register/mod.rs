//! The register pages of the workbench, for the staff of a register office: search the
//! office's register with the matcher's own search, list it, read an entry with its whole
//! history, record a notification by form, and change an entry under four eyes — one person
//! requests a correction or cancellation with its reason, a supervisor who is not that person
//! approves or rejects it. Nothing is ever deleted.
//!
//! Who may do what; every handler checks it, and every refusal is a 403 page and an audit
//! record:
//!
//! | action | clerk | supervisor | admin |
//! |---|---|---|---|
//! | list and search the register, read an entry, see the pending requests | yes | yes | no |
//! | record a notification | yes | yes | no |
//! | request a correction or cancellation; withdraw one's own request | yes | yes | no |
//! | approve or reject a request (never one's own) | no | yes | no |
//!
//! Admins manage the office's accounts and see no register data. The register worked on is
//! always the member's own office's: the office comes from the session, never from the request.
//! An entry or change request of another office, a notification for another office's register,
//! and a request naming another office (`?amt=`) are refused and audited as
//! `staff.cross_office_refused` in that office's trail; a role refusal as `staff.role_refused`.
//! Where both apply, the office is checked first whenever the request names it.
//!
//! What a valid notification is stays the JSON API's ([`crate::api::register::parse`]): the
//! form is mapped to the API's input and the API's field paths back to form fields. The
//! register's own rules (versions, one pending request per entry, the second person) are the
//! store's.

pub(in crate::workbench) mod access;
mod changes;
mod entry;
mod fields;
mod form;
mod list;
mod queue;
mod record;
mod search;
pub(in crate::workbench) mod view;

use axum::Router;
use axum::routing::{get, post};

use crate::AppState;

/// The office's register: search form and the newest entries.
pub const REGISTER_PATH: &str = "/amt/register";
/// The search (POST, so that child data stay out of addresses and access logs).
pub const SEARCH_PATH: &str = "/amt/register/suche";
/// Recording a notification.
pub const NEW_PATH: &str = "/amt/register/neu";
/// The pending change requests of the office.
pub const QUEUE_PATH: &str = "/amt/aenderungen";

/// The page of one entry.
fn entry_path(id: &str) -> String {
    format!("{REGISTER_PATH}/{id}")
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(REGISTER_PATH, get(list::page))
        .route(SEARCH_PATH, get(search::back).post(search::submit))
        .route(NEW_PATH, get(record::form).post(record::submit))
        .route("/amt/register/{id}", get(entry::page))
        .route(
            "/amt/register/{id}/berichtigung",
            get(changes::correction_form).post(changes::request_correction),
        )
        .route(
            "/amt/register/{id}/austragung",
            post(changes::request_cancellation),
        )
        .route(
            "/amt/register/{id}/antraege/{request}/{decision}",
            post(changes::decide),
        )
        .route(QUEUE_PATH, get(queue::page))
}
