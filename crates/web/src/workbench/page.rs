//! What every workbench page shares: the workbench frame, redirects, and the short pages for
//! refusals and failures. Every response here is `Cache-Control: no-store`.

use axum::http::header::{CACHE_CONTROL, LOCATION, RETRY_AFTER};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use super::HOME_PATH;
use crate::i18n::Lang;
use crate::pages::html::{Frame, escape, framed, respond, tag, tr};

/// `path` with the page language as its query.
pub(super) fn with_lang(path: &str, lang: Lang) -> String {
    format!("{path}?lang={}", tag(lang))
}

/// A page of the workbench: `main` in the workbench frame, with the page headers.
pub(super) fn workbench_page(
    status: StatusCode,
    lang: Lang,
    title: &str,
    path: &str,
    main: &str,
) -> Response {
    respond(
        status,
        lang,
        framed(Frame::Workbench, lang, title, path, main),
    )
}

/// `303 See Other` to `location` (after a POST, the browser follows with a GET).
pub(super) fn redirect(location: &str) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    if let Ok(value) = HeaderValue::from_str(location) {
        response.headers_mut().insert(LOCATION, value);
    }
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// A short page: heading, one paragraph, a link onwards.
pub(super) fn message(
    status: StatusCode,
    lang: Lang,
    title: &str,
    text: &str,
    link: (&str, &str),
) -> Response {
    let main = format!(
        "<h1>{}</h1>\n<p>{}</p>\n<p><a href=\"{}\">{}</a></p>\n",
        escape(title),
        escape(text),
        escape(&with_lang(link.0, lang)),
        escape(link.1),
    );
    workbench_page(status, lang, title, link.0, &main)
}

/// The page for a form that did not come from this site or carried a wrong token (403).
pub(super) fn csrf_refused(lang: Lang) -> Response {
    message(
        StatusCode::FORBIDDEN,
        lang,
        tr(lang, "Anfrage abgelehnt", "Request refused"),
        tr(
            lang,
            "Das Formular kam nicht von dieser Seite oder war veraltet. Aus Sicherheitsgründen \
             wurde nichts ausgeführt. Bitte öffnen Sie die Seite neu und versuchen Sie es noch \
             einmal.",
            "The form did not come from this site or was out of date. For your security nothing \
             was done. Please open the page again and retry.",
        ),
        (HOME_PATH, tr(lang, "Zum Arbeitsplatz", "To the workbench")),
    )
}

/// The page for an attempt to reach another office's data (403).
pub(super) fn other_office(lang: Lang) -> Response {
    message(
        StatusCode::FORBIDDEN,
        lang,
        tr(lang, "Kein Zugriff", "No access"),
        tr(
            lang,
            "Diese Daten gehören zu einem anderen Jugendamt. Sie können nur mit den Daten Ihres \
             eigenen Jugendamts arbeiten. Der Versuch wurde protokolliert.",
            "These data belong to another youth welfare office. You can work with your own \
             office's data only. The attempt was recorded.",
        ),
        (HOME_PATH, tr(lang, "Zum Arbeitsplatz", "To the workbench")),
    )
}

/// Too many login attempts from one address (429, with `Retry-After`).
pub(super) fn too_many(lang: Lang, retry_after: u64) -> Response {
    let text = match lang {
        Lang::De => format!(
            "Von Ihrem Anschluss kamen in der letzten Minute zu viele Anmeldeversuche. Bitte \
             warten Sie {retry_after} Sekunden und versuchen Sie es dann noch einmal."
        ),
        Lang::En => format!(
            "Too many login attempts came from your connection in the last minute. Please wait \
             {retry_after} seconds and then try again."
        ),
    };
    let mut response = message(
        StatusCode::TOO_MANY_REQUESTS,
        lang,
        tr(lang, "Bitte warten Sie kurz", "Please wait a moment"),
        &text,
        (super::LOGIN_PATH, tr(lang, "Zur Anmeldung", "To the login")),
    );
    if let Ok(value) = HeaderValue::from_str(&retry_after.to_string()) {
        response.headers_mut().insert(RETRY_AFTER, value);
    }
    response
}

/// A form that is not a form (wrong content type, unreadable or too large body).
pub(super) fn bad_form(lang: Lang, status: StatusCode) -> Response {
    message(
        status,
        lang,
        tr(lang, "Formular nicht lesbar", "Form not readable"),
        tr(
            lang,
            "Das Formular ist nicht vollständig oder nicht im erwarteten Format angekommen. \
             Bitte öffnen Sie die Seite neu und senden Sie es noch einmal.",
            "The form did not arrive complete or in the expected format. Please open the page \
             again and send it once more.",
        ),
        (HOME_PATH, tr(lang, "Zum Arbeitsplatz", "To the workbench")),
    )
}

/// An unexpected failure: an opaque page; the cause goes to the log only.
pub(super) fn failure(lang: Lang, cause: &dyn std::fmt::Display) -> Response {
    tracing::error!(%cause, "workbench request failed");
    message(
        StatusCode::INTERNAL_SERVER_ERROR,
        lang,
        tr(lang, "Ein Fehler ist aufgetreten", "An error occurred"),
        tr(
            lang,
            "Ihre Anfrage konnte wegen eines Fehlers nicht bearbeitet werden. Bitte versuchen \
             Sie es später noch einmal.",
            "Your request could not be handled because of an error. Please try again later.",
        ),
        (HOME_PATH, tr(lang, "Zum Arbeitsplatz", "To the workbench")),
    )
}

/// Minutes from `now` until `until`, rounded up, at least 1: how long a lock still holds.
pub(super) fn minutes_until(now: time::OffsetDateTime, until: time::OffsetDateTime) -> i64 {
    let seconds = (until - now).whole_seconds().max(0);
    ((seconds + 59) / 60).max(1)
}

/// What a locked account is told (the lock's end in minutes, not a clock time: the browser's
/// time zone is unknown).
pub(super) fn locked_text(lang: Lang, minutes: i64) -> String {
    match lang {
        Lang::De => format!(
            "Ihr Zugang ist nach mehreren fehlgeschlagenen Anmeldeversuchen vorübergehend \
             gesperrt, noch {minutes} Minute(n). Bitte warten Sie so lange oder wenden Sie sich \
             an die Administration Ihres Jugendamts."
        ),
        Lang::En => format!(
            "Your account is locked for now after several failed login attempts, for \
             {minutes} more minute(s). Please wait that long or ask your office's administrator."
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn lock_minutes_round_up() {
        let now = datetime!(2026-03-02 09:30:00 UTC);
        assert_eq!(minutes_until(now, now + time::Duration::minutes(15)), 15);
        assert_eq!(minutes_until(now, now + time::Duration::seconds(61)), 2);
        assert_eq!(minutes_until(now, now + time::Duration::seconds(1)), 1);
        assert_eq!(minutes_until(now, now - time::Duration::seconds(1)), 1);
    }
}
