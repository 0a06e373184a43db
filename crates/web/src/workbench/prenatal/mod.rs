//! The workbench pages for Sorgeerklärungen made before the birth ([`domain::prenatal`]):
//! the office's open prenatal notifications, recording one by form, and completing one with
//! the child's data once the birth is known ("Geburt eintragen").
//!
//! Completing turns the notification into an ordinary entry of the register office of the
//! child's birthplace — the member's own office or another one. The page of a notification
//! completed into another office's register names that office and does not link to the entry:
//! its register is not the member's to read.
//!
//! Who may do what; every handler checks it, and every refusal is a 403 page and an audit
//! record, as on the register pages:
//!
//! | action | clerk | supervisor | admin |
//! |---|---|---|---|
//! | list the open notifications, read one | yes | yes | no |
//! | record a notification | yes | yes | no |
//! | complete a notification with the child's data | yes | yes | no |
//!
//! Only the office holding a notification sees it: another office's notification is refused
//! (403) and audited as `staff.cross_office_refused` in the holding office's trail, an unknown
//! one is a 404; a role refusal is audited as `staff.role_refused`. The office is checked
//! first. The office worked for always comes from the session, never from the request.
//!
//! What a valid notification or birth is stays the domain's ([`domain::input::parse_prenatal`],
//! [`domain::input::parse_birth`]): the forms are mapped to its input and its field paths back
//! to form fields. Which register a child belongs in is the pipeline's.

mod access;
mod complete;
mod fields;
mod form;
mod list;
mod notification;
mod record;
mod view;

use axum::Router;
use axum::routing::get;

use crate::AppState;

/// The office's open prenatal notifications.
pub const PRENATAL_PATH: &str = "/amt/vorgeburtlich";
/// Recording a prenatal notification.
pub const NEW_PATH: &str = "/amt/vorgeburtlich/neu";

/// The page of one notification.
fn notification_path(id: &str) -> String {
    format!("{PRENATAL_PATH}/{id}")
}

/// Where the child's data are posted to complete notification `id`.
fn birth_path(id: &str) -> String {
    format!("{PRENATAL_PATH}/{id}/geburt")
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(PRENATAL_PATH, get(list::page))
        .route(NEW_PATH, get(record::form).post(record::submit))
        .route("/amt/vorgeburtlich/{id}", get(notification::page))
        .route(
            "/amt/vorgeburtlich/{id}/geburt",
            get(complete::back).post(complete::submit),
        )
}
