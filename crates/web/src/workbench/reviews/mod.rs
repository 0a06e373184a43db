//! The register office's review queue (`/amt/pruefungen`): the applications whose register
//! query found an entry that might be the child asked about, and for each case the query's
//! child beside every candidate entry, with the matcher's reasons, and the form that settles it
//! ("same child" / "not the same child" per entry, and a mandatory note).
//!
//! Only the register office's staff see a case: the issuing office learns the outcome, never
//! the entries. Settling is [`pipeline::Pipeline::settle_review`]'s — it searches the register
//! again, refuses what is not whole and resumes the application; this module renders and maps
//! its problems to the form's fields. Who may do it: [`super::casework`].

mod case;
mod prenatal;
mod settle;

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::http::header::HeaderMap;
use axum::response::Response;

use super::session::Staff;
use super::{casework, page, words};
use crate::AppState;
use crate::i18n::Lang;
use crate::pages::html::{escape, page_lang, tr};

pub(super) use case::page as case_page;
pub(super) use settle::submit as settle_case;

/// The queue.
pub const REVIEWS_PATH: &str = "/amt/pruefungen";

/// The page of one case.
pub(super) fn case_path(application_id: &str) -> String {
    format!("{REVIEWS_PATH}/{application_id}")
}

/// `GET /amt/pruefungen`: the office's open cases, longest waiting first.
pub async fn queue(
    staff: Staff,
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let lang = page_lang(query.as_deref(), &headers);
    if let Err(refused) =
        casework::require(&staff, &state, "review_queue", staff.office.as_str(), lang).await
    {
        return refused;
    }
    let cases = match state
        .pipeline
        .open_reviews(&staff.actor(), &staff.office)
        .await
    {
        Ok(cases) => cases,
        Err(error) => return page::failure(lang, &error),
    };
    let mut rows = String::new();
    for case in &cases {
        let child = &case.child;
        let (place, issuing) = match (
            words::place(&state, lang, &child.birth_place).await,
            words::office(&state, &case.issuing_office).await,
        ) {
            (Ok(place), Ok(issuing)) => (place, issuing),
            (Err(error), _) | (_, Err(error)) => return page::failure(lang, &error),
        };
        rows.push_str(&format!(
            "<tr><td>{received}</td><td><a href=\"{href}\">{given} {family}</a></td>\
             <td>{born}</td><td>{place}</td><td>{issuing}</td></tr>\n",
            received = escape(&words::moment(lang, case.received_at)),
            href = escape(&page::with_lang(&case_path(&case.application_id), lang)),
            given = escape(child.given_names.as_str()),
            family = escape(child.family_name_at_birth.as_str()),
            born = escape(&words::date(lang, child.birth_date)),
            place = escape(&place),
            issuing = escape(&issuing),
        ));
    }
    let body = if cases.is_empty() {
        format!(
            "<p class=\"notice\" role=\"status\">{}</p>\n",
            escape(tr(
                lang,
                "Zurzeit gibt es keine offenen Prüfaufträge.",
                "There are no open review tasks at the moment.",
            ))
        )
    } else {
        format!(
            "<table>\n<caption>{caption}</caption>\n<thead><tr><th scope=\"col\">{received}</th>\
             <th scope=\"col\">{child}</th><th scope=\"col\">{born}</th>\
             <th scope=\"col\">{place}</th><th scope=\"col\">{issuing}</th></tr></thead>\n\
             <tbody>\n{rows}</tbody>\n</table>\n",
            caption = escape(&count_text(lang, cases.len())),
            received = escape(tr(lang, "Anfrage eingegangen", "Query received")),
            child = escape(tr(lang, "Kind laut Anfrage", "Child as queried")),
            born = escape(tr(lang, "Geburtsdatum", "Date of birth")),
            place = escape(tr(lang, "Geburtsort", "Place of birth")),
            issuing = escape(tr(lang, "Anfragendes Jugendamt", "Asking office")),
        )
    };
    let title = tr(lang, "Prüfaufträge", "Review tasks");
    let main = format!(
        "<p class=\"back\"><a href=\"{home}\">{home_text}</a></p>\n<h1>{heading}</h1>\n\
         <p class=\"lead\">{lead}</p>\n{body}",
        home = escape(&page::with_lang(super::HOME_PATH, lang)),
        home_text = escape(tr(lang, "Zum Arbeitsplatz", "To the workbench")),
        heading = escape(title),
        lead = escape(tr(
            lang,
            "Anfragen anderer Jugendämter (oder Ihres eigenen), bei denen ein Eintrag Ihres \
             Sorgeregisters das angefragte Kind betreffen könnte. Bis Sie entscheiden, erfährt \
             die Antragstellerin nur, dass ihr Antrag in Bearbeitung ist. Die am längsten \
             wartende Anfrage steht oben.",
            "Queries from other offices (or your own) where an entry of your custody register \
             might concern the child asked about. Until you decide, the applicant is only told \
             that her application is being processed. The longest waiting query is at the top.",
        )),
    );
    page::workbench_page(StatusCode::OK, lang, title, REVIEWS_PATH, &main)
}

fn count_text(lang: Lang, n: usize) -> String {
    match (lang, n) {
        (Lang::De, 1) => "1 offener Prüfauftrag".to_owned(),
        (Lang::De, n) => format!("{n} offene Prüfaufträge"),
        (Lang::En, 1) => "1 open review task".to_owned(),
        (Lang::En, n) => format!("{n} open review tasks"),
    }
}
