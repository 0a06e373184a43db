//! The test provider's authorization endpoint: checking the request, the accessible choice page
//! (one button per test citizen, no JavaScript, no external assets, strict CSP), and the choice's
//! answer, a 303 redirect back to the client with a single-use code or `error=access_denied`.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::Arc;

use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use url::Url;

use super::token::Grant;
use super::{MAX_OUTSTANDING, ProviderState, lock};
use crate::random;

/// How long a code may wait for its exchange, in seconds.
const CODE_LIFETIME: i64 = 60;

/// The parameters we carry from the authorization request through the choice form.
const CARRIED: [&str; 8] = [
    "client_id",
    "redirect_uri",
    "response_type",
    "scope",
    "state",
    "nonce",
    "code_challenge",
    "code_challenge_method",
];

type Params = HashMap<String, String>;

/// A request that passed every check.
struct Valid<'a> {
    params: &'a Params,
    redirect_uri: Url,
    client_id: &'a str,
}

/// Why a request failed: before the redirect URI is trusted we can only show a page; after, the
/// error goes back to the client.
enum Invalid {
    Page(&'static str),
    Redirect(Box<Response>),
}

fn param<'a>(params: &'a Params, name: &str) -> Option<&'a str> {
    params
        .get(name)
        .map(String::as_str)
        .filter(|v| !v.is_empty())
}

fn check<'a>(state: &ProviderState, params: &'a Params) -> Result<Valid<'a>, Invalid> {
    let client_id = param(params, "client_id").ok_or(Invalid::Page("client_id fehlt."))?;
    let client = state
        .client(client_id)
        .ok_or(Invalid::Page("Unbekannte Anwendung (client_id)."))?;
    let redirect = param(params, "redirect_uri")
        .filter(|uri| client.redirect_uris.iter().any(|r| r == uri))
        .ok_or(Invalid::Page(
            "redirect_uri ist für diese Anwendung nicht registriert.",
        ))?;
    let redirect_uri =
        Url::parse(redirect).map_err(|_| Invalid::Page("redirect_uri ist keine URL."))?;
    let state_param = param(params, "state");
    let fail = |error: &str| {
        Invalid::Redirect(Box::new(back(
            &redirect_uri,
            &[("error", error)],
            state_param,
            &state.issuer,
        )))
    };
    if param(params, "response_type") != Some("code") {
        return Err(fail("unsupported_response_type"));
    }
    if !param(params, "scope").is_some_and(|s| s.split(' ').any(|s| s == "openid")) {
        return Err(fail("invalid_scope"));
    }
    let challenge_ok = param(params, "code_challenge").is_some_and(|c| c.len() == 43);
    if param(params, "code_challenge_method") != Some("S256") || !challenge_ok {
        return Err(fail("invalid_request"));
    }
    let bounded = |v: Option<&str>| v.is_some_and(|v| v.len() <= 512);
    if !bounded(state_param) || !bounded(param(params, "nonce")) {
        return Err(fail("invalid_request"));
    }
    Ok(Valid {
        params,
        redirect_uri,
        client_id,
    })
}

/// GET /authorize: the choice page.
pub(super) async fn authorize(
    State(state): State<Arc<ProviderState>>,
    Query(params): Query<Params>,
) -> Response {
    match check(&state, &params) {
        Ok(valid) => choice_page(&state, &valid),
        Err(Invalid::Page(message)) => error_page(message),
        Err(Invalid::Redirect(response)) => *response,
    }
}

/// POST /authorize: a citizen was chosen (field `citizen`) or the login cancelled.
pub(super) async fn decide(
    State(state): State<Arc<ProviderState>>,
    Form(params): Form<Params>,
) -> Response {
    let valid = match check(&state, &params) {
        Ok(valid) => valid,
        Err(Invalid::Page(message)) => return error_page(message),
        Err(Invalid::Redirect(response)) => return *response,
    };
    let state_param = param(&params, "state");
    let citizen = param(&params, "citizen")
        .and_then(|i| i.parse::<usize>().ok())
        .filter(|&i| i < state.citizens.len());
    let Some(citizen) = citizen.filter(|_| param(&params, "cancel").is_none()) else {
        return back(
            &valid.redirect_uri,
            &[("error", "access_denied")],
            state_param,
            &state.issuer,
        );
    };
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let code = random::token();
    {
        let mut codes = lock(&state.codes);
        codes.retain(|_, grant| grant.expires > now);
        if codes.len() >= MAX_OUTSTANDING {
            return back(
                &valid.redirect_uri,
                &[("error", "temporarily_unavailable")],
                state_param,
                &state.issuer,
            );
        }
        codes.insert(
            code.clone(),
            Grant {
                client_id: valid.client_id.to_owned(),
                // As registered and sent, not as `Url` normalises it: /token compares strings.
                redirect_uri: param(&params, "redirect_uri")
                    .unwrap_or_default()
                    .to_owned(),
                code_challenge: param(&params, "code_challenge")
                    .unwrap_or_default()
                    .to_owned(),
                nonce: param(&params, "nonce").unwrap_or_default().to_owned(),
                citizen,
                expires: now + CODE_LIFETIME,
            },
        );
    }
    back(
        &valid.redirect_uri,
        &[("code", &code)],
        state_param,
        &state.issuer,
    )
}

/// 303 to the client's redirect URI with `pairs`, `state` and `iss` (RFC 9207).
fn back(redirect_uri: &Url, pairs: &[(&str, &str)], state: Option<&str>, issuer: &str) -> Response {
    let mut url = redirect_uri.clone();
    {
        let mut query = url.query_pairs_mut();
        query.extend_pairs(pairs);
        if let Some(state) = state {
            query.append_pair("state", state);
        }
        query.append_pair("iss", issuer);
    }
    let mut response = StatusCode::SEE_OTHER.into_response();
    if let Ok(location) = HeaderValue::from_str(url.as_str()) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    response
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:0;background:#fff;color:#1a1a1a;\
line-height:1.5}main{max-width:40rem;margin:0 auto;padding:1rem}\
.warnung{border:3px solid #8a5a00;background:#fff4d6;color:#1a1a1a;padding:.5rem 1rem;\
margin:1rem 0}.warnung p{margin:.25rem 0}ul{list-style:none;padding:0}li{margin:.5rem 0}\
button{font:inherit;padding:.6rem 1rem;border:2px solid #00427a;background:#00427a;color:#fff;\
cursor:pointer;text-align:left;width:100%}button:focus{outline:3px solid #8a5a00;\
outline-offset:2px}.abbrechen{background:#fff;color:#00427a}";

fn page(status: StatusCode, title: &str, body: &str, form_origins: &str) -> Response {
    let html = format!(
        "<!doctype html>\n<html lang=\"de\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title} – Test-Identitätsanbieter</title>\n<style>{STYLE}</style>\n</head>\n\
         <body>\n<main>\n<h1>{title}</h1>\n\
         <div class=\"warnung\" role=\"note\">\n\
         <p><strong>Test-Identitätsanbieter – nur für Demo und Tests, keine echte Anmeldung</strong></p>\n\
         <p lang=\"en\">Test identity provider – for demos and tests only, not a real login.</p>\n\
         </div>\n{body}</main>\n</body>\n</html>\n",
        title = escape(title)
    );
    let csp = format!(
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'{form_origins}; \
         frame-ancestors 'none'; base-uri 'none'"
    );
    let mut response = (status, html).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    if let Ok(csp) = HeaderValue::from_str(&csp) {
        headers.insert(header::CONTENT_SECURITY_POLICY, csp);
    }
    response
}

fn error_page(message: &str) -> Response {
    let body = format!(
        "<p>Die Anmeldeanfrage ist ungültig: {}</p>\n",
        escape(message)
    );
    page(
        StatusCode::BAD_REQUEST,
        "Anmeldung nicht möglich",
        &body,
        "",
    )
}

fn choice_page(state: &ProviderState, valid: &Valid<'_>) -> Response {
    let mut hidden = String::new();
    for name in CARRIED {
        if let Some(value) = param(valid.params, name) {
            let _ = write!(
                hidden,
                "<input type=\"hidden\" name=\"{name}\" value=\"{}\">",
                escape(value)
            );
        }
    }
    let mut body = format!(
        "<p>Die Anwendung <strong>{}</strong> bittet um Ihre Anmeldung. Wählen Sie eine \
         Testperson; ihre Daten werden an die Anwendung übermittelt.</p>\n\
         <h2>Testpersonen</h2>\n<ul>\n",
        escape(valid.client_id)
    );
    for (i, citizen) in state.citizens.iter().enumerate() {
        let _ = writeln!(
            body,
            "<li><form method=\"post\" action=\"authorize\">{hidden}\
             <input type=\"hidden\" name=\"citizen\" value=\"{i}\">\
             <button type=\"submit\">{}</button></form></li>",
            escape(&citizen.label)
        );
    }
    let _ = write!(
        body,
        "</ul>\n<h2>Nicht anmelden</h2>\n<form method=\"post\" action=\"authorize\">{hidden}\
         <input type=\"hidden\" name=\"cancel\" value=\"1\">\
         <button type=\"submit\" class=\"abbrechen\">Abbrechen</button></form>\n"
    );
    // Chromium applies form-action to the redirect that follows the POST.
    let origins = state
        .client(valid.client_id)
        .into_iter()
        .flat_map(|c| c.redirect_uris.iter())
        .filter_map(|uri| Url::parse(uri).ok())
        .map(|uri| format!(" {}", uri.origin().ascii_serialization()))
        .collect::<String>();
    page(StatusCode::OK, "Anmelden", &body, &origins)
}

fn escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_markup() {
        assert_eq!(
            super::escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }
}
