//! The workbench's two cookies: the login session, and the token that protects the login form
//! before there is a session. Both are HttpOnly and SameSite=Strict; both hold 256 random bits
//! that mean nothing without the server.
//!
//! Over https they are `Secure` and carry the `__Host-` prefix, which makes the browser refuse
//! them unless they are Secure, set by this very host (no Domain attribute) and scoped to
//! `Path=/` — so a sibling subdomain cannot plant or overwrite them. The prefix requires
//! `Path=/`; over plain http (a demo on the loopback address) there is no prefix and the
//! cookies are scoped to `/amt`.

use axum::http::HeaderValue;
use axum::http::header::{HeaderMap, SET_COOKIE};
use axum::response::Response;

use super::HOME_PATH;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// The login session (its token's hash is the session's key in the store).
    Session,
    /// The login form's token, checked against the form's hidden field.
    LoginForm,
}

pub(super) fn name(kind: Kind, secure: bool) -> &'static str {
    match (kind, secure) {
        (Kind::Session, true) => "__Host-sr_amt",
        (Kind::Session, false) => "sr_amt",
        (Kind::LoginForm, true) => "__Host-sr_login",
        (Kind::LoginForm, false) => "sr_login",
    }
}

fn attributes(secure: bool) -> String {
    if secure {
        "Path=/; HttpOnly; SameSite=Strict; Secure".to_owned()
    } else {
        format!("Path={HOME_PATH}; HttpOnly; SameSite=Strict")
    }
}

/// The value of the cookie `kind` the browser sent, if any.
pub(super) fn read(headers: &HeaderMap, kind: Kind, secure: bool) -> Option<&str> {
    crate::browser::cookie(headers, name(kind, secure))
}

/// Adds a `Set-Cookie` of `kind` with `value` (a browser-session cookie: no expiry, the server
/// decides how long the session lives).
pub(super) fn set(response: &mut Response, kind: Kind, secure: bool, value: &str) {
    let header = format!("{}={value}; {}", name(kind, secure), attributes(secure));
    if let Ok(header) = HeaderValue::from_str(&header) {
        response.headers_mut().append(SET_COOKIE, header);
    }
}

/// Adds a `Set-Cookie` that removes the cookie `kind`.
pub(super) fn clear(response: &mut Response, kind: Kind, secure: bool) {
    let header = format!("{}=; Max-Age=0; {}", name(kind, secure), attributes(secure));
    if let Ok(header) = HeaderValue::from_str(&header) {
        response.headers_mut().append(SET_COOKIE, header);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secure_cookies_are_host_locked_and_plain_ones_scoped_to_the_workbench() {
        let mut response = Response::new(axum::body::Body::empty());
        set(&mut response, Kind::Session, true, "t");
        clear(&mut response, Kind::LoginForm, false);
        let cookies: Vec<_> = response
            .headers()
            .get_all(SET_COOKIE)
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect();
        assert_eq!(
            cookies,
            [
                "__Host-sr_amt=t; Path=/; HttpOnly; SameSite=Strict; Secure",
                "sr_login=; Max-Age=0; Path=/amt; HttpOnly; SameSite=Strict"
            ]
        );
    }
}
