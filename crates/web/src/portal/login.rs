//! Logging in with the citizen account and out again.
//!
//! `GET /anmelden` explains what the account will tell us and leads on; `GET /anmelden/start`
//! begins a login (OpenID Connect, authorization code with PKCE): the state, nonce and PKCE
//! verifier stay in the store under the state's hash, and a binding cookie ties them to this
//! browser, so that a login begun elsewhere cannot be finished here. `GET /anmelden/rueckkehr`
//! takes the provider's answer (each state is used once), verifies the identity with the
//! `oidc` crate, and starts the session. `POST /abmelden` ends it.
//!
//! Nothing of the identity or the tokens goes to the log: failures are logged by kind only.

use std::time::Instant;

use axum::extract::{RawQuery, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::{Deserialize, Serialize};

use super::frame::{HOME_PATH, LOGIN_PATH, LOGOUT_PATH, PortalPage, button_link, escape, prose};
use super::messages::{Locale, id, t, t_args};
use super::session::{
    Visitor, cookie_name, encode_component, forbidden, read_cookie, see_other, set_cookie,
};
use crate::AppState;
use crate::auth::hash_token;
use crate::verification::ClientAddress;

/// Where the login begins (a plain link: it changes nothing the visitor could be tricked into).
pub const START_PATH: &str = "/anmelden/start";
/// Where the provider sends the browser back.
pub const CALLBACK_PATH: &str = "/anmelden/rueckkehr";
/// Where a login goes when it was not started from a page of hers.
const DEFAULT_NEXT: &str = "/antrag";
/// A login in flight lives this long.
const LOGIN_TTL: time::Duration = time::Duration::minutes(10);
/// The cookie binding a login in flight to the browser that began it.
const BINDING_COOKIE: &str = "sr_anmeldung";
/// The longest return path accepted.
const MAX_NEXT: usize = 300;

/// What the store keeps of a login in flight.
#[derive(Debug, Serialize, Deserialize)]
struct InFlight {
    pending: oidc::Pending,
    /// Where to go afterwards (a path of ours).
    next: String,
    /// The hash of the binding cookie's value.
    binding: String,
    /// The page language to come back in.
    lang: String,
}

/// The value of `name` in a query string (percent-decoded).
fn query_value(query: Option<&str>, name: &str) -> Option<String> {
    let query = query?;
    serde_urlencoded::from_str::<Vec<(String, String)>>(query)
        .ok()?
        .into_iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value)
}

/// A return path that stays on this site: a path starting with one `/`, printable ASCII,
/// bounded; anything else gives the form.
fn safe_next(raw: Option<&str>) -> String {
    match raw {
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && !path.starts_with("/\\")
                && path.len() <= MAX_NEXT
                && path.bytes().all(|b| b.is_ascii_graphic())
                && !path.starts_with(LOGIN_PATH) =>
        {
            path.to_owned()
        }
        _ => DEFAULT_NEXT.to_owned(),
    }
}

/// `GET /anmelden`: what logging in means, and the way on.
pub async fn page(
    State(state): State<AppState>,
    visitor: Visitor,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let locale = Locale::from_query(query.as_deref(), &headers);
    let next = safe_next(query_value(query.as_deref(), "weiter").as_deref());
    if visitor.signed_in.is_some() {
        return see_other(&next);
    }
    let title = t(locale, id::LOGIN_TITLE);
    let mut main = format!(
        "<h1>{}</h1>\n{}",
        escape(&title),
        prose(&t(locale, id::LOGIN_INTRO))
    );
    if state.portal.config.provider.is_none() {
        main.push_str(&prose(&t(locale, id::LOGIN_UNAVAILABLE)));
        return PortalPage {
            locale,
            visitor: &visitor,
            title: &title,
            path: LOGIN_PATH,
        }
        .respond(StatusCode::SERVICE_UNAVAILABLE, &main);
    }
    if state.portal.uses_test_provider() {
        main.push_str(&format!(
            "<div class=\"notice\" role=\"note\">{}</div>\n",
            prose(&t(locale, id::LOGIN_TEST_PROVIDER))
        ));
    }
    main.push_str(&button_link(
        &format!(
            "{START_PATH}?weiter={}&lang={}",
            encode_component(&next),
            locale.query_value()
        ),
        &t(locale, id::LOGIN_BUTTON),
    ));
    PortalPage {
        locale,
        visitor: &visitor,
        title: &title,
        path: LOGIN_PATH,
    }
    .respond(StatusCode::OK, &main)
}

/// `GET /anmelden/start`: off to the provider.
pub async fn start(
    State(state): State<AppState>,
    address: ClientAddress,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let locale = Locale::from_query(query.as_deref(), &headers);
    let portal = state.portal.clone();
    if let Err(retry_after) = portal.login_limit.check(address.0, Instant::now()) {
        return problem_page(
            locale,
            StatusCode::TOO_MANY_REQUESTS,
            &t_args(
                locale,
                id::LOGIN_TOO_MANY,
                &[("seconds", (retry_after as i64).into())],
            ),
        );
    }
    let client = match portal.client().await {
        Ok(client) => client,
        Err(e) => {
            tracing::warn!(error = %e, "citizen login cannot start");
            return problem_page(
                locale,
                StatusCode::SERVICE_UNAVAILABLE,
                &t(locale, id::LOGIN_PROVIDER_DOWN),
            );
        }
    };
    let (url, pending) = client.begin();
    let Ok(binding) = credentials::random::token() else {
        return problem_page(
            locale,
            StatusCode::INTERNAL_SERVER_ERROR,
            &t(locale, id::FAILURE_BODY),
        );
    };
    let in_flight = InFlight {
        next: safe_next(query_value(query.as_deref(), "weiter").as_deref()),
        binding: hash_token(&binding),
        lang: locale.query_value().to_owned(),
        pending,
    };
    let stored = match serde_json::to_string(&in_flight) {
        Ok(json) => {
            state
                .store()
                .begin_citizen_login(
                    state.pipeline.clock().now(),
                    &in_flight.pending.state,
                    &json,
                    LOGIN_TTL,
                )
                .await
        }
        Err(e) => {
            tracing::error!(error = %e, "citizen login state not serialisable");
            return problem_page(
                locale,
                StatusCode::INTERNAL_SERVER_ERROR,
                &t(locale, id::FAILURE_BODY),
            );
        }
    };
    if let Err(e) = stored {
        tracing::error!(error = %e, "citizen login state not stored");
        return problem_page(
            locale,
            StatusCode::INTERNAL_SERVER_ERROR,
            &t(locale, id::FAILURE_BODY),
        );
    }
    let mut response = see_other(&url);
    set_cookie(
        &mut response,
        BINDING_COOKIE,
        Some(&binding),
        portal.config.secure_cookies,
    );
    response
}

/// `GET /anmelden/rueckkehr`: the provider's answer.
pub async fn callback(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let fallback = Locale::from_query(None, &headers);
    let portal = state.portal.clone();
    let secure = portal.config.secure_cookies;
    let state_param = query_value(query.as_deref(), "state").unwrap_or_default();
    if state_param.is_empty() || state_param.len() > 200 {
        return problem_page(
            fallback,
            StatusCode::BAD_REQUEST,
            &t(fallback, id::LOGIN_EXPIRED),
        );
    }
    let now = state.pipeline.clock().now();
    let taken = match state.store().take_citizen_login(&state_param, now).await {
        Ok(taken) => taken,
        Err(e) => {
            tracing::error!(error = %e, "citizen login state not readable");
            return problem_page(
                fallback,
                StatusCode::INTERNAL_SERVER_ERROR,
                &t(fallback, id::FAILURE_BODY),
            );
        }
    };
    let Some(in_flight) = taken.and_then(|json| serde_json::from_str::<InFlight>(&json).ok())
    else {
        return problem_page(
            fallback,
            StatusCode::BAD_REQUEST,
            &t(fallback, id::LOGIN_EXPIRED),
        );
    };
    let locale = Locale::from_query(Some(&format!("lang={}", in_flight.lang)), &headers);
    let bound = read_cookie(&headers, BINDING_COOKIE)
        .is_some_and(|value| hash_token(value) == in_flight.binding);
    if !bound {
        tracing::warn!("citizen login returned to another browser than the one that began it");
        return problem_page(
            locale,
            StatusCode::BAD_REQUEST,
            &t(locale, id::LOGIN_EXPIRED),
        );
    }
    if let Some(error) = query_value(query.as_deref(), "error") {
        let error: String = error
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
            .take(40)
            .collect();
        tracing::info!(%error, "citizen login ended by the provider");
        return problem_page(locale, StatusCode::OK, &t(locale, id::LOGIN_CANCELLED));
    }
    let Some(code) = query_value(query.as_deref(), "code").filter(|c| c.len() <= 2048) else {
        return problem_page(
            locale,
            StatusCode::BAD_REQUEST,
            &t(locale, id::LOGIN_EXPIRED),
        );
    };
    let identity = match portal.client().await {
        Ok(client) => client.finish(&code, &in_flight.pending).await,
        Err(e) => {
            tracing::warn!(error = %e, "citizen login cannot finish");
            return problem_page(
                locale,
                StatusCode::SERVICE_UNAVAILABLE,
                &t(locale, id::LOGIN_PROVIDER_DOWN),
            );
        }
    };
    let identity = match identity {
        Ok(identity) => identity,
        Err(oidc::OidcError::AssuranceTooLow { .. }) => {
            tracing::info!("citizen login refused: assurance below substantial");
            return problem_page(
                locale,
                StatusCode::FORBIDDEN,
                &t(locale, id::LOGIN_LOW_ASSURANCE),
            );
        }
        Err(e) => {
            tracing::warn!(error = %e, "citizen login failed");
            return problem_page(
                locale,
                StatusCode::BAD_GATEWAY,
                &t(locale, id::LOGIN_FAILED),
            );
        }
    };
    let (Ok(token), Ok(csrf)) = (credentials::random::token(), credentials::random::token()) else {
        return problem_page(
            locale,
            StatusCode::INTERNAL_SERVER_ERROR,
            &t(locale, id::FAILURE_BODY),
        );
    };
    let started = match serde_json::to_string(&identity) {
        Ok(json) => {
            state
                .store()
                .start_citizen_session(
                    now,
                    &token,
                    &identity.subject,
                    &json,
                    &csrf,
                    portal.config.idle_timeout,
                    portal.config.max_session_age,
                )
                .await
        }
        Err(e) => {
            tracing::error!(error = %e, "citizen identity not serialisable");
            return problem_page(
                locale,
                StatusCode::INTERNAL_SERVER_ERROR,
                &t(locale, id::FAILURE_BODY),
            );
        }
    };
    if let Err(e) = started {
        tracing::error!(error = %e, "citizen session not stored");
        return problem_page(
            locale,
            StatusCode::INTERNAL_SERVER_ERROR,
            &t(locale, id::FAILURE_BODY),
        );
    }
    let next = if in_flight.next.contains("lang=") {
        in_flight.next.clone()
    } else {
        locale.href(&in_flight.next)
    };
    let mut response = see_other(&next);
    set_cookie(&mut response, cookie_name(secure), Some(&token), secure);
    set_cookie(&mut response, BINDING_COOKIE, None, secure);
    response
}

/// `POST /abmelden`: ends the session (with the form's CSRF token) and says so.
pub async fn logout(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    request: Request,
) -> Response {
    let locale = Locale::from_query(query.as_deref(), request.headers());
    let secure = state.portal.config.secure_cookies;
    let (parts, body) = request.into_parts();
    let token = read_cookie(&parts.headers, cookie_name(secure)).map(str::to_owned);
    let Ok(bytes) = axum::body::to_bytes(body, 4 * 1024).await else {
        return forbidden(locale);
    };
    let submitted = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes)
        .unwrap_or_default()
        .into_iter()
        .find(|(key, _)| key == "csrf")
        .map(|(_, value)| value);
    if let Some(token) = token.filter(|t| credentials::random::is_token_shaped(t)) {
        let now = state.pipeline.clock().now();
        let session = match state
            .store()
            .resume_citizen_session(&token, now, state.portal.config.idle_timeout)
            .await
        {
            Ok(session) => session,
            Err(e) => {
                tracing::error!(error = %e, "citizen session lookup failed");
                return problem_page(
                    locale,
                    StatusCode::INTERNAL_SERVER_ERROR,
                    &t(locale, id::FAILURE_BODY),
                );
            }
        };
        if let Some(session) = session {
            let matches = submitted.as_deref().is_some_and(|s| {
                !session.csrf.is_empty()
                    && credentials::constant_time_eq(session.csrf.as_bytes(), s.as_bytes())
            });
            if !matches {
                return forbidden(locale);
            }
            if let Err(e) = state.store().end_citizen_session(now, &token).await {
                tracing::error!(error = %e, "citizen session not ended");
                return problem_page(
                    locale,
                    StatusCode::INTERNAL_SERVER_ERROR,
                    &t(locale, id::FAILURE_BODY),
                );
            }
        }
    }
    let title = t(locale, id::LOGGED_OUT_TITLE);
    let main = format!(
        "<h1>{}</h1>\n{}{}",
        escape(&title),
        prose(&t(locale, id::LOGGED_OUT_BODY)),
        button_link(&locale.href(HOME_PATH), &t(locale, id::LOGGED_OUT_HOME)),
    );
    let mut response = PortalPage {
        locale,
        visitor: &Visitor::anonymous(),
        title: &title,
        path: LOGOUT_PATH,
    }
    .respond(StatusCode::OK, &main);
    set_cookie(&mut response, cookie_name(secure), None, secure);
    response
}

/// A short page that says what went wrong with the login and offers to try again.
fn problem_page(locale: Locale, status: StatusCode, message: &str) -> Response {
    let title = t(locale, id::LOGIN_PROBLEM_TITLE);
    let main = format!(
        "<h1>{}</h1>\n{}{}",
        escape(&title),
        prose(message),
        button_link(&locale.href(LOGIN_PATH), &t(locale, id::LOGIN_AGAIN)),
    );
    PortalPage {
        locale,
        visitor: &Visitor::anonymous(),
        title: &title,
        path: LOGIN_PATH,
    }
    .respond(status, &main)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn return_paths_stay_on_this_site() {
        assert_eq!(
            safe_next(Some("/antraege/42?lang=en")),
            "/antraege/42?lang=en"
        );
        for bad in [
            "https://evil.example/",
            "//evil.example/",
            "/\\evil.example",
            "antrag",
            "/anmelden/start",
            "/antrag\r\nSet-Cookie:x",
        ] {
            assert_eq!(safe_next(Some(bad)), DEFAULT_NEXT, "{bad:?}");
        }
        assert_eq!(safe_next(None), DEFAULT_NEXT);
        assert_eq!(
            safe_next(Some(&format!("/{}", "a".repeat(400)))),
            DEFAULT_NEXT
        );
    }

    #[test]
    fn query_values_are_decoded() {
        assert_eq!(
            query_value(Some("weiter=%2Fantraege%2F1&lang=en"), "weiter").as_deref(),
            Some("/antraege/1")
        );
        assert_eq!(query_value(Some("lang=en"), "weiter"), None);
        assert_eq!(query_value(None, "weiter"), None);
    }
}
