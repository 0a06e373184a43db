//! The page to check the data before sending: everything in plain words, a button back to
//! the form ("Angaben ändern") and one that sends the application. Both forms carry every
//! value in hidden fields; the sending one also a random submission id, the idempotency key
//! of the application, so that sending twice (a double click, a reload) makes one application.

use axum::http::StatusCode;
use axum::response::Response;

use domain::application::Application;

use super::super::frame::{PortalPage, escape};
use super::super::messages::{Locale, id, t};
use super::super::place::Resolved;
use super::super::session::Citizen;
use super::check::Checked;
use super::entered::Entered;
use super::form::{CHANGE, STEP};
use super::{FORM_PATH, SUBMIT_PATH, csrf_input, failure, hidden, words};
use crate::AppState;

/// The hidden field with the submission id.
pub(super) const SUBMISSION: &str = "antrag-id";

/// The page for a complete application.
pub(super) async fn page(
    state: &AppState,
    locale: Locale,
    citizen: &Citizen,
    entered: &Entered,
    application: &Application,
    checked: &Checked,
) -> Response {
    let birth_place = match words::birth_place(state, locale, &application.child.birth_place).await
    {
        Ok(place) => place,
        Err(error) => return failure(locale, citizen, FORM_PATH, &error),
    };
    let text = |id| t(locale, id);
    let applicant = &application.applicant;
    let child = &application.child;
    let home = match &checked.home {
        Resolved::Chosen(place) => Some(place),
        _ => None,
    };
    let mut you = vec![(
        text(id::APPLY_YOU_NAME),
        format!("{} {}", applicant.given_names, applicant.family_name),
    )];
    if let Some(birth_name) = &applicant.birth_name {
        you.push((text(id::APPLY_YOU_BIRTH_NAME), birth_name.to_string()));
    }
    you.push((
        text(id::APPLY_YOU_BIRTH_DATE),
        words::date(locale, applicant.birth_date),
    ));
    you.push((
        text(id::APPLY_REVIEW_ADDRESS),
        format!(
            "{}, {} {}",
            applicant.address.street,
            applicant.address.postal_code,
            home.map_or_else(
                || applicant.address.municipality.to_string(),
                |p| p.name.clone()
            )
        ),
    ));
    let kid = [
        (text(id::APPLY_CHILD_GIVEN), child.given_names.to_string()),
        (
            text(id::APPLY_CHILD_FAMILY),
            child.family_name_at_birth.to_string(),
        ),
        (
            text(id::APPLY_CHILD_BIRTH),
            words::date(locale, child.birth_date),
        ),
        (text(id::APPLY_REVIEW_BIRTH_PLACE), birth_place),
    ];
    let office = match home {
        Some(place) => format!(
            "<h2>{}</h2>\n<p>{}</p>\n",
            escape(&text(id::APPLY_REVIEW_OFFICE_HEADING)),
            escape(&place.office.name)
        ),
        None => String::new(),
    };
    let values = entered.hidden_fields();
    let title = text(id::APPLY_REVIEW_TITLE);
    let main = format!(
        "<h1>{title}</h1>\n<p class=\"lead\">{lead}</p>\n\
         <h2>{you_heading}</h2>\n<dl class=\"data\">{you}</dl>\n\
         <h2>{child_heading}</h2>\n<dl class=\"data\">{kid}</dl>\n\
         <h2>{declaration_heading}</h2>\n<p>{declaration}</p>\n{office}\
         <form method=\"post\" action=\"{submit_action}\" class=\"inline\">\n{csrf}{submission}{values}\
         <button type=\"submit\">{submit}</button>\n</form>\n\
         <form method=\"post\" action=\"{change_action}\" class=\"inline\">\n{csrf}{step}{values}\
         <button type=\"submit\" class=\"secondary\">{change}</button>\n</form>\n",
        title = escape(&title),
        lead = escape(&text(id::APPLY_REVIEW_LEAD)),
        you_heading = escape(&text(id::APPLY_YOU_HEADING)),
        you = definitions(&you),
        child_heading = escape(&text(id::APPLY_CHILD_HEADING)),
        kid = definitions(&kid),
        declaration_heading = escape(&text(id::APPLY_DECLARATION_HEADING)),
        declaration = escape(&text(id::APPLY_REVIEW_DECLARATION)),
        submit_action = escape(&locale.href(SUBMIT_PATH)),
        csrf = csrf_input(citizen),
        submission = hidden(SUBMISSION, &uuid::Uuid::new_v4().to_string()),
        submit = escape(&text(id::APPLY_REVIEW_SUBMIT)),
        change_action = escape(&locale.href(FORM_PATH)),
        step = hidden(STEP, CHANGE),
        change = escape(&text(id::APPLY_REVIEW_CHANGE)),
    );
    PortalPage {
        locale,
        visitor: &citizen.visitor(),
        title: &title,
        path: FORM_PATH,
    }
    .respond(StatusCode::OK, &main)
}

/// Terms and their values as the content of a `<dl>`.
fn definitions(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .map(|(term, value)| format!("<dt>{}</dt><dd>{}</dd>", escape(term), escape(value)))
        .collect()
}
