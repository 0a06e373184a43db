//! The second login step (`/amt/anmelden/code`) for accounts with a TOTP second factor: the
//! six-digit code of the member's authenticator app.
//!
//! Only a session that gave the right password and waits for its code gets here. A wrong code
//! counts as a failed login towards the lock, like a wrong password; a lock ends the waiting
//! session. A code is good for one login only.

use std::time::Instant;

use axum::body::Bytes;
use axum::extract::{RawQuery, Request, State};
use axum::http::StatusCode;
use axum::http::header::HeaderMap;
use axum::response::Response;

use super::cookie::{self, Kind};
use super::page::{self, with_lang};
use super::session::{self, Current};
use super::{CANCEL_PATH, CODE_PATH, HOME_PATH, LOGIN_PATH, csrf};
use crate::AppState;
use crate::i18n::Lang;
use crate::pages::html::{described, error_summary, escape, field, page_lang, tag, tr};
use crate::verification::ClientAddress;
use credentials::TotpSecret;
use store::staff::{FailureOutcome, StaffSession};

/// `GET /amt/anmelden/code`: the code form.
pub async fn form(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let lang = page_lang(query.as_deref(), &headers);
    match session::current(&headers, &state).await {
        Ok(Current::Pending { session, .. }) => render(StatusCode::OK, lang, &session, None),
        Ok(Current::Active { .. }) => page::redirect(&with_lang(HOME_PATH, lang)),
        Ok(other) => session::elsewhere(&other, lang, state.workbench.config.secure_cookies),
        Err(error) => page::failure(lang, &error),
    }
}

/// `POST /amt/anmelden/code`: checks the code and finishes the login.
pub async fn submit(
    State(state): State<AppState>,
    address: ClientAddress,
    RawQuery(query): RawQuery,
    request: Request,
) -> Response {
    let lang = page_lang(query.as_deref(), request.headers());
    let workbench = state.workbench.clone();
    let secure = workbench.config.secure_cookies;
    if let Err(retry_after) = workbench.login_limit.check(address.0, Instant::now()) {
        return page::too_many(lang, retry_after);
    }
    let (bytes, token_hash, session) = match pending_form(&state, request, lang, secure).await {
        Ok(posted) => posted,
        Err(response) => return response,
    };
    let fields = csrf::fields(&bytes);
    if !csrf::matches(&session.csrf_token, csrf::first(&fields, csrf::FIELD)) {
        tracing::warn!(user = %session.user.id, "code form without its CSRF token refused");
        return page::csrf_refused(lang);
    }
    let code: String = csrf::first(&fields, "code")
        .unwrap_or("")
        .chars()
        .take(20)
        .collect();
    if code.trim().is_empty() {
        let message = tr(
            lang,
            "Bitte geben Sie den sechsstelligen Code aus Ihrer App ein.",
            "Please enter the six-digit code from your app.",
        );
        return render(
            StatusCode::UNPROCESSABLE_ENTITY,
            lang,
            &session,
            Some(message),
        );
    }

    let now = state.pipeline.clock().now();
    let store = state.store();
    let user = &session.user;
    if let Some(until) = user.locked_until.filter(|_| user.is_locked(now)) {
        return locked(&state, &token_hash, lang, page::minutes_until(now, until)).await;
    }
    let credentials = match store.staff_login(&user.login).await {
        Ok(Some((_, credentials))) => credentials,
        Ok(None) => return page::failure(lang, &"the account of a waiting session is gone"),
        Err(error) => return page::failure(lang, &error),
    };
    let Some(secret) = credentials
        .totp_secret
        .as_deref()
        .and_then(TotpSecret::from_base32)
    else {
        return page::failure(lang, &format!("account {} has no usable TOTP key", user.id));
    };
    if let Some(step) = secret.verify(&code, now.unix_timestamp(), credentials.totp_last_step) {
        match store
            .complete_staff_second_factor(now, &token_hash, step, workbench.limits())
            .await
        {
            Ok(true) => return page::redirect(&with_lang(HOME_PATH, lang)),
            // Another request used this step first: the code is spent.
            Ok(false) => {}
            Err(error) => return page::failure(lang, &error),
        }
    }
    match store
        .record_staff_login_failure(now, user, "totp", workbench.config.lockout)
        .await
    {
        Ok(FailureOutcome::Locked { until }) => {
            locked(&state, &token_hash, lang, page::minutes_until(now, until)).await
        }
        Ok(FailureOutcome::Counted { .. }) => {
            let message = tr(
                lang,
                "Der Code ist nicht richtig oder nicht mehr gültig. Bitte geben Sie den Code \
                 ein, den Ihre App jetzt anzeigt.",
                "The code is not right or no longer valid. Please enter the code your app shows \
                 now.",
            );
            render(
                StatusCode::UNPROCESSABLE_ENTITY,
                lang,
                &session,
                Some(message),
            )
        }
        Err(error) => page::failure(lang, &error),
    }
}

/// `POST /amt/anmelden/abbrechen`: gives up a login waiting for its code.
pub async fn cancel(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    request: Request,
) -> Response {
    let lang = page_lang(query.as_deref(), request.headers());
    let secure = state.workbench.config.secure_cookies;
    let (bytes, token_hash, session) = match pending_form(&state, request, lang, secure).await {
        Ok(posted) => posted,
        Err(response) => return response,
    };
    if !csrf::matches(
        &session.csrf_token,
        csrf::first(&csrf::fields(&bytes), csrf::FIELD),
    ) {
        return page::csrf_refused(lang);
    }
    let now = state.pipeline.clock().now();
    if let Err(error) = state.store().end_staff_session(now, &token_hash).await {
        return page::failure(lang, &error);
    }
    session::ended(lang, secure, "abgebrochen")
}

/// A form posted by a login waiting for its code: the form's bytes, the session's token hash
/// and the session. For a finished login, no login, or a form that cannot be read, the page to
/// answer with instead.
async fn pending_form(
    state: &AppState,
    request: Request,
    lang: Lang,
    secure: bool,
) -> Result<(Bytes, String, StaffSession), Response> {
    let (parts, body) = request.into_parts();
    let bytes = csrf::read_form(&parts.headers, body, lang).await?;
    match session::current(&parts.headers, state).await {
        Ok(Current::Pending {
            token_hash,
            session,
        }) => Ok((bytes, token_hash, session)),
        Ok(Current::Active { .. }) => Err(page::redirect(&with_lang(HOME_PATH, lang))),
        Ok(other) => Err(session::elsewhere(&other, lang, secure)),
        Err(error) => Err(page::failure(lang, &error)),
    }
}

/// Ends the waiting session of a locked account and says how long the lock holds.
async fn locked(state: &AppState, token_hash: &str, lang: Lang, minutes: i64) -> Response {
    let now = state.pipeline.clock().now();
    if let Err(error) = state.store().end_staff_session(now, token_hash).await {
        return page::failure(lang, &error);
    }
    let mut response = page::message(
        StatusCode::FORBIDDEN,
        lang,
        tr(lang, "Zugang gesperrt", "Account locked"),
        &page::locked_text(lang, minutes),
        (LOGIN_PATH, tr(lang, "Zur Anmeldung", "To the login")),
    );
    cookie::clear(
        &mut response,
        Kind::Session,
        state.workbench.config.secure_cookies,
    );
    response
}

fn render(status: StatusCode, lang: Lang, session: &StaffSession, error: Option<&str>) -> Response {
    let errors: Vec<(&str, &str)> = error.map(|message| ("code", message)).into_iter().collect();
    let code_field = field(
        "code",
        tr(lang, "Bestätigungscode", "Verification code"),
        tr(
            lang,
            "Sechs Ziffern, z. B. 123456. Der Code wechselt alle 30 Sekunden.",
            "Six digits, e.g. 123456. The code changes every 30 seconds.",
        ),
        error,
        &format!(
            "<input type=\"text\" id=\"code\" name=\"code\" inputmode=\"numeric\" \
             autocomplete=\"one-time-code\" maxlength=\"7\" spellcheck=\"false\"{}>",
            described("code", error.is_some())
        ),
    );
    let hidden = csrf::hidden_field(&session.csrf_token);
    let title = tr(
        lang,
        "Bestätigungscode eingeben",
        "Enter your verification code",
    );
    let main = format!(
        "{summary}<h1>{heading}</h1>\n<p class=\"lead\">{lead}</p>\n\
         <form method=\"post\" action=\"{CODE_PATH}?lang={lang_tag}\" novalidate>\n{hidden}\n\
         {code_field}<button type=\"submit\">{submit}</button>\n</form>\n\
         <form class=\"inline\" method=\"post\" action=\"{CANCEL_PATH}?lang={lang_tag}\">\n\
         {hidden}\n<button type=\"submit\" class=\"secondary\">{cancel}</button>\n</form>\n",
        summary = error_summary(lang, &errors),
        heading = escape(title),
        lead = escape(tr(
            lang,
            "Ihr Zugang ist mit einem zweiten Faktor geschützt. Geben Sie den Code ein, den Ihre \
             Authenticator-App für „Sorgeregister“ gerade anzeigt.",
            "Your account is protected by a second factor. Enter the code your authenticator \
             app currently shows for “Sorgeregister”.",
        )),
        lang_tag = tag(lang),
        submit = escape(tr(lang, "Anmelden", "Log in")),
        cancel = escape(tr(lang, "Abbrechen", "Cancel")),
    );
    let title = if errors.is_empty() {
        title.to_owned()
    } else {
        format!("{}{title}", tr(lang, "Fehler: ", "Error: "))
    };
    page::workbench_page(status, lang, &title, CODE_PATH, &main)
}
