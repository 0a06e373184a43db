//! Who is looking at a portal page: nobody in particular ([`Visitor`]), or a citizen signed in
//! with her citizen account ([`Citizen`]), found from the session cookie on every request.
//!
//! The session cookie holds 256 random bits; the store keeps only their hash, with her
//! identity from the account (for prefilling the form) and the session's CSRF token. It is
//! HttpOnly and SameSite=Lax — Lax, not Strict, because the login ends with a redirect from the
//! provider's site, and a Strict cookie set there would not be sent on the next page. Forged
//! posts are stopped by the CSRF token in every form and by Fetch Metadata
//! ([`refuse_cross_site`]). Over https the cookie is `Secure` and `__Host-` prefixed.

use axum::extract::{FromRequestParts, RawQuery, Request};
use axum::http::header::{HeaderMap, LOCATION, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::frame::{LOGIN_PATH, PortalPage, escape};
use super::messages::{Locale, id, t};
use crate::AppState;

/// The person at the browser, as far as the portal knows her.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Visitor {
    pub signed_in: Option<SignedIn>,
}

/// A citizen signed in with her citizen account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedIn {
    /// Her name as the account gives it, for "Angemeldet als …".
    pub display_name: String,
    /// The CSRF token of her session, for the hidden field of every form she posts.
    pub csrf: String,
}

impl Visitor {
    /// Nobody signed in.
    pub fn anonymous() -> Visitor {
        Visitor { signed_in: None }
    }
}

/// A signed-in citizen: the capability every page of her own applications needs. Without a
/// live session the request is sent to the login, which brings her back afterwards.
#[derive(Debug, Clone)]
pub struct Citizen {
    /// The stable pseudonym of her account (see [`oidc::Identity::subject`]); her
    /// applications are stored under it.
    pub subject: String,
    /// What her account told at login.
    pub identity: oidc::Identity,
    /// The session's CSRF token.
    pub csrf: String,
}

impl Citizen {
    /// The login state for the page frame.
    pub fn visitor(&self) -> Visitor {
        Visitor {
            signed_in: Some(SignedIn {
                display_name: format!(
                    "{} {}",
                    self.identity.given_names, self.identity.family_name
                ),
                csrf: self.csrf.clone(),
            }),
        }
    }

    /// Whether `submitted` is this session's CSRF token (in constant time).
    pub fn csrf_matches(&self, submitted: Option<&str>) -> bool {
        match submitted {
            Some(submitted) if !self.csrf.is_empty() => {
                credentials::constant_time_eq(self.csrf.as_bytes(), submitted.as_bytes())
            }
            _ => false,
        }
    }
}

/// The session cookie's name over plain http.
pub const COOKIE_NAME: &str = "sr_buerger";
/// The session cookie's name over https.
pub const SECURE_COOKIE_NAME: &str = "__Host-sr_buerger";

pub(super) fn cookie_name(secure: bool) -> &'static str {
    if secure {
        SECURE_COOKIE_NAME
    } else {
        COOKIE_NAME
    }
}

/// The value of the cookie `name` the browser sent, if any.
pub(super) fn read_cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    crate::browser::cookie(headers, name)
}

/// Adds a `Set-Cookie` for `name` (a browser-session cookie: the server decides how long the
/// session lives), or one that removes it when `value` is `None`.
pub(super) fn set_cookie(response: &mut Response, name: &str, value: Option<&str>, secure: bool) {
    let attributes = if secure {
        "Path=/; HttpOnly; SameSite=Lax; Secure"
    } else {
        "Path=/; HttpOnly; SameSite=Lax"
    };
    let header = match value {
        Some(value) => format!("{name}={value}; {attributes}"),
        None => format!("{name}=; Max-Age=0; {attributes}"),
    };
    if let Ok(header) = HeaderValue::from_str(&header) {
        response.headers_mut().append(SET_COOKIE, header);
    }
}

/// The request's live session, marked as seen; `None` without one.
async fn current(headers: &HeaderMap, state: &AppState) -> Result<Option<Citizen>, Response> {
    let portal = &state.portal;
    let Some(token) = read_cookie(headers, cookie_name(portal.config.secure_cookies)) else {
        return Ok(None);
    };
    if !credentials::random::is_token_shaped(token) {
        return Ok(None);
    }
    let now = state.pipeline.clock().now();
    let session = state
        .store()
        .resume_citizen_session(token, now, portal.config.idle_timeout)
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "citizen session lookup failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        })?;
    let Some(session) = session else {
        return Ok(None);
    };
    let Ok(identity) = serde_json::from_str::<oidc::Identity>(&session.identity_json) else {
        tracing::error!("citizen session holds an unreadable identity");
        return Ok(None);
    };
    Ok(Some(Citizen {
        subject: session.subject,
        identity,
        csrf: session.csrf,
    }))
}

impl FromRequestParts<AppState> for Visitor {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Visitor, Response> {
        Ok(current(&parts.headers, state)
            .await?
            .map(|citizen| citizen.visitor())
            .unwrap_or_default())
    }
}

impl FromRequestParts<AppState> for Citizen {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Citizen, Response> {
        if let Some(citizen) = current(&parts.headers, state).await? {
            return Ok(citizen);
        }
        // Back to this page after the login. A form posted after the session ended cannot be
        // posted again by a redirect: its data is gone, so she comes back to the empty form.
        let path = parts.uri.path();
        let back = match (parts.method == Method::GET, parts.uri.query()) {
            (true, Some(query)) => format!("{path}?{query}"),
            (true, None) => path.to_owned(),
            (false, _) => super::APPLY_PATH.to_owned(),
        };
        let locale = Locale::from_query(parts.uri.query(), &parts.headers);
        let target = format!(
            "{LOGIN_PATH}?weiter={}&lang={}",
            encode_component(&back),
            locale.query_value()
        );
        Err(see_other(&target))
    }
}

/// A 303 to `target` (a path of ours).
pub(super) fn see_other(target: &str) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    if let Ok(value) = HeaderValue::from_str(target) {
        response.headers_mut().insert(LOCATION, value);
    }
    response
}

/// `text` percent-encoded for a query value.
pub(super) fn encode_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// Middleware on every portal route: a POST the browser marks as coming from another site
/// (Fetch Metadata) is refused before any handler runs. Requests without the header (older
/// browsers, other programs) are left to the CSRF token.
pub(super) async fn refuse_cross_site(
    RawQuery(query): RawQuery,
    request: Request,
    next: Next,
) -> Response {
    if request.method() == Method::POST && crate::browser::cross_site(request.headers()) {
        tracing::warn!("portal form from another site refused");
        let locale = Locale::from_query(query.as_deref(), request.headers());
        return forbidden(locale);
    }
    next.run(request).await
}

/// The 403 page for a form that failed the CSRF check.
pub fn forbidden(locale: Locale) -> Response {
    let title = t(locale, id::FORBIDDEN_TITLE);
    let main = format!(
        "<h1>{}</h1>\n<p>{}</p>\n",
        escape(&title),
        escape(&t(locale, id::FORBIDDEN_BODY))
    );
    PortalPage {
        locale,
        visitor: &Visitor::anonymous(),
        title: &title,
        path: "/",
    }
    .respond(StatusCode::FORBIDDEN, &main)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;

    #[test]
    fn a_return_path_keeps_its_query_encoded() {
        assert_eq!(
            encode_component("/antraege/1?lang=en&x=ä"),
            "/antraege/1%3Flang%3Den%26x%3D%C3%A4"
        );
    }

    #[test]
    fn session_cookie_is_lax_and_host_locked_over_https() {
        let mut response = Response::new(Body::empty());
        set_cookie(&mut response, cookie_name(true), Some("t"), true);
        set_cookie(&mut response, cookie_name(false), None, false);
        let cookies: Vec<_> = response
            .headers()
            .get_all(SET_COOKIE)
            .iter()
            .map(|v| v.to_str().expect("ascii").to_owned())
            .collect();
        assert_eq!(
            cookies,
            [
                "__Host-sr_buerger=t; Path=/; HttpOnly; SameSite=Lax; Secure",
                "sr_buerger=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax"
            ]
        );
    }
}
