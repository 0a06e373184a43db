//! The questions and answers (`/fragen`).

use axum::extract::RawQuery;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

use super::frame::{PortalPage, VERIFY_PATH, escape, prose_of};
use super::messages::{Locale, Msg, id, t};
use super::session::Visitor;
use super::{FAQ_PATH, PRECHECK_PATH};

/// A link that belongs to an answer: its path and text.
type AnswerLink = Option<(&'static str, Msg)>;

/// Each question, its answer, and a link that belongs to the answer.
const QUESTIONS: &[(Msg, Msg, AnswerLink)] = &[
    (id::FAQ_SECONDS_Q, id::FAQ_SECONDS_A, None),
    (id::FAQ_SPELLING_Q, id::FAQ_SPELLING_A, None),
    (id::FAQ_PARTIAL_Q, id::FAQ_PARTIAL_A, None),
    (id::FAQ_PENDING_Q, id::FAQ_PENDING_A, None),
    (id::FAQ_FATHER_Q, id::FAQ_FATHER_A, None),
    (
        id::FAQ_AUTHENTIC_Q,
        id::FAQ_AUTHENTIC_A,
        Some((VERIFY_PATH, id::FAQ_AUTHENTIC_LINK)),
    ),
    (id::FAQ_PRIVACY_Q, id::FAQ_PRIVACY_A, None),
    (id::FAQ_COST_Q, id::FAQ_COST_A, None),
    (
        id::FAQ_NOT_ELIGIBLE_Q,
        id::FAQ_NOT_ELIGIBLE_A,
        Some((PRECHECK_PATH, id::FAQ_NOT_ELIGIBLE_LINK)),
    ),
    (id::FAQ_ABROAD_Q, id::FAQ_ABROAD_A, None),
    (id::FAQ_AGAIN_Q, id::FAQ_AGAIN_A, None),
    (id::FAQ_ACCOUNT_Q, id::FAQ_ACCOUNT_A, None),
];

/// `GET /fragen`.
pub async fn page(visitor: Visitor, RawQuery(query): RawQuery, headers: HeaderMap) -> Response {
    let locale = Locale::from_query(query.as_deref(), &headers);
    let title = t(locale, id::FAQ_TITLE);
    let questions: String = QUESTIONS
        .iter()
        .enumerate()
        .map(|(n, (question, answer, link))| {
            let link = match link {
                Some((path, text)) => {
                    // The certificate check knows German and English only.
                    let href = if *path == VERIFY_PATH {
                        format!("{path}?lang={}", locale.tag())
                    } else {
                        locale.href(path)
                    };
                    format!(
                        "<p><a href=\"{}\">{}</a></p>\n",
                        escape(&href),
                        escape(&t(locale, *text))
                    )
                }
                None => String::new(),
            };
            format!(
                "<h2 id=\"frage-{}\">{}</h2>\n{}{link}",
                n + 1,
                escape(&t(locale, *question)),
                prose_of(locale, *answer)
            )
        })
        .collect();
    let main = format!(
        "<h1>{}</h1>\n<p class=\"lead\">{}</p>\n{questions}",
        escape(&title),
        escape(&t(locale, id::FAQ_LEAD)),
    );
    PortalPage {
        locale,
        visitor: &visitor,
        title: &title,
        path: FAQ_PATH,
    }
    .respond(StatusCode::OK, &main)
}
