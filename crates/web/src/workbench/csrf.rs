//! Protection against forged requests from other sites.
//!
//! Every POST of a logged-in member of staff carries the session's CSRF token (256 random bits,
//! kept with the session in the store) in the hidden field `csrf`; a missing or wrong token is
//! refused with a 403 page before anything is done. The login form, before there is a session,
//! is bound the same way to a random token in its own cookie (double submit); both cookies are
//! SameSite=Strict, so another site cannot make the browser send them. Where the browser tells
//! (Fetch Metadata, `Sec-Fetch-Site`), a request that did not come from this origin is refused
//! outright.

use axum::body::{Body, Bytes};
use axum::http::StatusCode;
use axum::http::header::{CONTENT_TYPE, HeaderMap};
use axum::response::Response;

use super::page;
use crate::i18n::Lang;
use crate::pages::html::escape;

/// The hidden field that carries the token.
pub(super) const FIELD: &str = "csrf";

/// The largest form body read (the workbench's forms are small).
const FORM_LIMIT: usize = 16 * 1024;

/// The hidden input that carries `token`.
pub(super) fn hidden_field(token: &str) -> String {
    format!(
        "<input type=\"hidden\" name=\"{FIELD}\" value=\"{}\">",
        escape(token)
    )
}

/// Whether the submitted token is the expected one (in constant time).
pub(super) fn matches(expected: &str, submitted: Option<&str>) -> bool {
    match submitted {
        Some(submitted) if !expected.is_empty() => {
            credentials::constant_time_eq(expected.as_bytes(), submitted.as_bytes())
        }
        _ => false,
    }
}

/// The body of a submitted form, refused with a page when the request came from another site
/// (403), is not a URL-encoded form (415) or is unreadable or too large.
pub(super) async fn read_form(
    headers: &HeaderMap,
    body: Body,
    lang: Lang,
) -> Result<Bytes, Response> {
    if crate::browser::cross_site(headers) {
        tracing::warn!("workbench form from another site refused");
        return Err(page::csrf_refused(lang));
    }
    let is_form = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| {
            v.trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        });
    if !is_form {
        return Err(page::bad_form(lang, StatusCode::UNSUPPORTED_MEDIA_TYPE));
    }
    axum::body::to_bytes(body, FORM_LIMIT)
        .await
        .map_err(|_| page::bad_form(lang, StatusCode::BAD_REQUEST))
}

/// The fields of a URL-encoded form, in order.
pub(super) fn fields(body: &[u8]) -> Vec<(String, String)> {
    serde_urlencoded::from_bytes(body).unwrap_or_default()
}

/// The first value of the field `name`.
pub(super) fn first<'a>(fields: &'a [(String, String)], name: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_must_be_present_and_equal() {
        assert!(matches("abc", Some("abc")));
        assert!(!matches("abc", Some("abd")));
        assert!(!matches("abc", Some("")));
        assert!(!matches("abc", None));
        assert!(!matches("", Some("")), "no expected token, nothing matches");
    }

    #[test]
    fn reads_form_fields() {
        let fields = fields(b"csrf=a%20b&login=x&login=y&empty=");
        assert_eq!(first(&fields, "csrf"), Some("a b"));
        assert_eq!(first(&fields, "login"), Some("x"));
        assert_eq!(first(&fields, "empty"), Some(""));
        assert_eq!(first(&fields, "none"), None);
    }
}
