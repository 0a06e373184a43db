//! The login form (`/amt/anmelden`): login name and password.
//!
//! An unknown login name and a wrong password get the same answer, after the same work (a
//! password check against a decoy hash). A locked account is told how long to wait before its
//! password is even checked; a disabled one only after the right password. A correct password
//! starts a session — fully logged in, or waiting for the TOTP code of an account that has one.

use std::time::Instant;

use axum::extract::{RawQuery, Request, State};
use axum::http::StatusCode;
use axum::http::header::HeaderMap;
use axum::response::Response;

use super::cookie::{self, Kind};
use super::page::{self, with_lang};
use super::session::{self, Current};
use super::{CODE_PATH, HOME_PATH, LOGIN_PATH, csrf, query};
use crate::AppState;
use crate::auth::hash_token;
use crate::i18n::Lang;
use crate::pages::html::{described, error_summary, escape, field, page_lang, tag, tr};
use crate::verification::ClientAddress;
use credentials::random;
use store::staff::{FailureOutcome, LoginName, NewSession};

/// Characters of a submitted login name shown back at most.
const MAX_LOGIN_SHOWN: usize = 100;

/// What the form is shown with.
#[derive(Default)]
struct View {
    login: String,
    login_error: Option<String>,
    password_error: Option<String>,
    /// A notice above the form (logged out, session expired).
    notice: Option<&'static str>,
}

fn wrong_credentials(lang: Lang) -> String {
    tr(
        lang,
        "Anmeldename oder Passwort ist nicht richtig. Bitte prüfen Sie beides und versuchen Sie \
         es noch einmal.",
        "The login name or the password is not right. Please check both and try again.",
    )
    .to_owned()
}

/// `GET /amt/anmelden`: the form; straight to the workbench when already logged in.
pub async fn form(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let lang = page_lang(query.as_deref(), &headers);
    match session::current(&headers, &state).await {
        Ok(Current::Active { .. }) => return page::redirect(&with_lang(HOME_PATH, lang)),
        Ok(_) => {}
        Err(error) => return page::failure(lang, &error),
    }
    let notice = match query::value(query.as_deref(), "hinweis").as_deref() {
        Some("abgemeldet") => Some(tr(
            lang,
            "Sie haben sich abgemeldet.",
            "You have logged out.",
        )),
        Some("abgebrochen") => Some(tr(
            lang,
            "Die Anmeldung wurde abgebrochen.",
            "The login was cancelled.",
        )),
        Some("abgelaufen") => Some(tr(
            lang,
            "Ihre Sitzung ist abgelaufen, weil Sie längere Zeit nicht aktiv waren. Bitte melden \
             Sie sich neu an.",
            "Your session has expired because you were inactive for a while. Please log in \
             again.",
        )),
        _ => None,
    };
    render(
        &state,
        &headers,
        StatusCode::OK,
        lang,
        View {
            notice,
            ..View::default()
        },
    )
}

/// `POST /amt/anmelden`: checks the login; on success sets the session cookie and goes on to
/// the workbench or the code step.
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
    let (parts, body) = request.into_parts();
    let headers = parts.headers;
    let bytes = match csrf::read_form(&headers, body, lang).await {
        Ok(bytes) => bytes,
        Err(response) => return response,
    };
    let fields = csrf::fields(&bytes);
    let login: String = csrf::first(&fields, "login")
        .unwrap_or("")
        .trim()
        .chars()
        .take(MAX_LOGIN_SHOWN)
        .collect();
    let password = csrf::first(&fields, "password").unwrap_or("").to_owned();
    let mut view = View {
        login: login.clone(),
        ..View::default()
    };

    let form_token = cookie::read(&headers, Kind::LoginForm, secure);
    if !csrf::matches(form_token.unwrap_or(""), csrf::first(&fields, csrf::FIELD)) {
        tracing::warn!("login form without its token refused");
        view.login_error = Some(
            tr(
                lang,
                "Das Anmeldeformular war abgelaufen oder kam nicht von dieser Seite. Bitte melden \
                 Sie sich noch einmal an.",
                "The login form had expired or did not come from this site. Please log in again.",
            )
            .to_owned(),
        );
        return render(&state, &headers, StatusCode::FORBIDDEN, lang, view);
    }
    if login.is_empty() || password.is_empty() {
        if login.is_empty() {
            view.login_error = Some(
                tr(
                    lang,
                    "Bitte geben Sie Ihren Anmeldenamen ein.",
                    "Please enter your login name.",
                )
                .to_owned(),
            );
        }
        if password.is_empty() {
            view.password_error = Some(
                tr(
                    lang,
                    "Bitte geben Sie Ihr Passwort ein.",
                    "Please enter your password.",
                )
                .to_owned(),
            );
        }
        return render(
            &state,
            &headers,
            StatusCode::UNPROCESSABLE_ENTITY,
            lang,
            view,
        );
    }

    let now = state.pipeline.clock().now();
    let store = state.store();
    let found = match LoginName::parse(&login) {
        Some(name) => match store.staff_login(&name).await {
            Ok(found) => found,
            Err(error) => return page::failure(lang, &error),
        },
        None => None,
    };
    let Some((user, credentials)) = found else {
        workbench.verify_decoy(password).await;
        if let Err(error) = store.record_unknown_staff_login(now).await {
            return page::failure(lang, &error);
        }
        view.password_error = Some(wrong_credentials(lang));
        return render(
            &state,
            &headers,
            StatusCode::UNPROCESSABLE_ENTITY,
            lang,
            view,
        );
    };
    if let Some(until) = user.locked_until.filter(|_| user.is_locked(now)) {
        if let Err(error) = store.record_staff_login_refused(now, &user, "locked").await {
            return page::failure(lang, &error);
        }
        view.login_error = Some(page::locked_text(lang, page::minutes_until(now, until)));
        return render(&state, &headers, StatusCode::FORBIDDEN, lang, view);
    }
    let right = match workbench
        .verify_password(password, credentials.password_hash)
        .await
    {
        Ok(right) => right,
        Err(error) => return page::failure(lang, &error),
    };
    if !right {
        return match store
            .record_staff_login_failure(now, &user, "password", workbench.config.lockout)
            .await
        {
            Ok(FailureOutcome::Locked { until }) => {
                view.login_error = Some(page::locked_text(lang, page::minutes_until(now, until)));
                render(&state, &headers, StatusCode::FORBIDDEN, lang, view)
            }
            Ok(FailureOutcome::Counted { .. }) => {
                view.password_error = Some(wrong_credentials(lang));
                render(
                    &state,
                    &headers,
                    StatusCode::UNPROCESSABLE_ENTITY,
                    lang,
                    view,
                )
            }
            Err(error) => page::failure(lang, &error),
        };
    }
    if user.is_disabled() {
        if let Err(error) = store
            .record_staff_login_refused(now, &user, "disabled")
            .await
        {
            return page::failure(lang, &error);
        }
        view.login_error = Some(
            tr(
                lang,
                "Ihr Zugang ist deaktiviert. Bitte wenden Sie sich an die Administration Ihres \
                 Jugendamts.",
                "Your account is disabled. Please contact your office's administrator.",
            )
            .to_owned(),
        );
        return render(&state, &headers, StatusCode::FORBIDDEN, lang, view);
    }

    let (token, csrf_token) = match (random::token(), random::token()) {
        (Ok(token), Ok(csrf_token)) => (token, csrf_token),
        (Err(error), _) | (_, Err(error)) => return page::failure(lang, &error),
    };
    let second_factor_done = !user.has_totp;
    let started = store
        .start_staff_session(
            now,
            &user,
            &NewSession {
                token_hash: &hash_token(&token),
                csrf_token: &csrf_token,
                second_factor_done,
            },
            workbench.limits(),
        )
        .await;
    if let Err(error) = started {
        return page::failure(lang, &error);
    }
    let next = if second_factor_done {
        HOME_PATH
    } else {
        CODE_PATH
    };
    let mut response = page::redirect(&with_lang(next, lang));
    cookie::set(&mut response, Kind::Session, secure, &token);
    cookie::clear(&mut response, Kind::LoginForm, secure);
    response
}

/// The form, bound to the browser's login-form token (a new one when it has none).
fn render(
    state: &AppState,
    headers: &HeaderMap,
    status: StatusCode,
    lang: Lang,
    view: View,
) -> Response {
    let secure = state.workbench.config.secure_cookies;
    let token = match cookie::read(headers, Kind::LoginForm, secure)
        .filter(|token| random::is_token_shaped(token))
    {
        Some(token) => token.to_owned(),
        None => match random::token() {
            Ok(token) => token,
            Err(error) => return page::failure(lang, &error),
        },
    };
    let mut errors: Vec<(&str, &str)> = Vec::new();
    if let Some(message) = &view.login_error {
        errors.push(("login", message));
    }
    if let Some(message) = &view.password_error {
        errors.push(("password", message));
    }
    let notice = view
        .notice
        .map(|text| format!("<p class=\"notice\" role=\"status\">{}</p>\n", escape(text)))
        .unwrap_or_default();
    let login_field = field(
        "login",
        tr(lang, "Anmeldename", "Login name"),
        tr(
            lang,
            "Ihr persönlicher Anmeldename, z. B. a.meyer",
            "Your personal login name, e.g. a.meyer",
        ),
        view.login_error.as_deref(),
        &format!(
            "<input type=\"text\" id=\"login\" name=\"login\" maxlength=\"{max}\" \
             autocomplete=\"username\" autocapitalize=\"none\" spellcheck=\"false\" \
             value=\"{}\"{}>",
            escape(&view.login),
            described("login", view.login_error.is_some()),
            max = LoginName::MAX_LEN,
        ),
    );
    let password_field = field(
        "password",
        tr(lang, "Passwort", "Password"),
        tr(
            lang,
            "Groß- und Kleinschreibung wird unterschieden.",
            "Passwords are case-sensitive.",
        ),
        view.password_error.as_deref(),
        &format!(
            "<input type=\"password\" id=\"password\" name=\"password\" \
             autocomplete=\"current-password\"{}>",
            described("password", view.password_error.is_some())
        ),
    );
    let title = tr(
        lang,
        "Anmeldung zum Arbeitsplatz",
        "Log in to the workbench",
    );
    let main = format!(
        "{summary}{notice}<h1>{heading}</h1>\n<p class=\"lead\">{lead}</p>\n\
         <form method=\"post\" action=\"{LOGIN_PATH}?lang={lang_tag}\" novalidate>\n{hidden}\n\
         {login_field}{password_field}<button type=\"submit\">{submit}</button>\n</form>\n\
         <h2>{help_title}</h2>\n<p>{help}</p>\n",
        summary = error_summary(lang, &errors),
        heading = escape(title),
        lead = escape(tr(
            lang,
            "Für Mitarbeiterinnen und Mitarbeiter der Jugendämter: Register, Prüfaufträge und \
             Anträge Ihres Jugendamts.",
            "For staff of the youth welfare offices: your office's register, review tasks and \
             applications.",
        )),
        lang_tag = tag(lang),
        hidden = csrf::hidden_field(&token),
        submit = escape(tr(lang, "Anmelden", "Log in")),
        help_title = escape(tr(
            lang,
            "Probleme bei der Anmeldung?",
            "Trouble logging in?"
        )),
        help = escape(tr(
            lang,
            "Wenn Sie Ihr Passwort vergessen haben oder Ihr Zugang gesperrt ist, wenden Sie sich \
             bitte an die Administration Ihres Jugendamts. Sie kann das Passwort zurücksetzen.",
            "If you forgot your password or your account is locked, please ask your office's \
             administrator, who can reset the password.",
        )),
    );
    let title = if errors.is_empty() {
        title.to_owned()
    } else {
        format!("{}{title}", tr(lang, "Fehler: ", "Error: "))
    };
    let mut response = page::workbench_page(status, lang, &title, LOGIN_PATH, &main);
    cookie::set(&mut response, Kind::LoginForm, secure, &token);
    response
}
