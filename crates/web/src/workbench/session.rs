//! The login session: finding it from the cookie on every request, the [`Staff`] and
//! [`StaffForm`] extractors that later pages build on, and logout.
//!
//! A request with a live session marks it as seen (the idle timeout counts from the last
//! request). One without a session, or with a dead one (idle too long, too old, logged out,
//! account disabled), is sent to the login page; a session still waiting for its TOTP code is
//! sent to the code step.

use axum::extract::{FromRequest, FromRequestParts, RawQuery, Request, State};
use axum::http::HeaderMap;
use axum::http::request::Parts;
use axum::response::Response;
use serde::de::DeserializeOwned;

use super::cookie::{self, Kind};
use super::{CODE_PATH, LOGIN_PATH, csrf, page};
use crate::AppState;
use crate::auth::hash_token;
use crate::i18n::Lang;
use crate::pages::html::page_lang;
use domain::OfficeId;
use store::Actor;
use store::staff::{LoginName, StaffRole, StaffSession};

/// The session a request belongs to, if any.
pub(super) enum Current {
    /// No session cookie.
    None,
    /// A cookie whose session is dead or unknown.
    Dead,
    /// Password given, TOTP code still to come.
    Pending {
        token_hash: String,
        session: StaffSession,
    },
    /// Fully logged in.
    Active {
        token_hash: String,
        session: StaffSession,
    },
}

/// Finds the request's session and marks it as seen.
pub(super) async fn current(
    headers: &HeaderMap,
    state: &AppState,
) -> Result<Current, store::StoreError> {
    let workbench = &state.workbench;
    let Some(token) = cookie::read(headers, Kind::Session, workbench.config.secure_cookies) else {
        return Ok(Current::None);
    };
    if !credentials::random::is_token_shaped(token) {
        return Ok(Current::Dead);
    }
    let token_hash = hash_token(token);
    let now = state.pipeline.clock().now();
    Ok(
        match state
            .store()
            .resume_staff_session(&token_hash, now, workbench.limits())
            .await?
        {
            None => Current::Dead,
            Some(session) if session.second_factor_done => Current::Active {
                token_hash,
                session,
            },
            Some(session) => Current::Pending {
                token_hash,
                session,
            },
        },
    )
}

/// Where a request without a usable session is sent: the login page (saying so when the
/// session expired, and removing the dead cookie), or the code step.
pub(super) fn elsewhere(current: &Current, lang: Lang, secure: bool) -> Response {
    match current {
        Current::Pending { .. } => page::redirect(&page::with_lang(CODE_PATH, lang)),
        Current::Dead => {
            let mut response = page::redirect(&format!(
                "{}&hinweis=abgelaufen",
                page::with_lang(LOGIN_PATH, lang)
            ));
            cookie::clear(&mut response, Kind::Session, secure);
            response
        }
        Current::None | Current::Active { .. } => {
            page::redirect(&page::with_lang(LOGIN_PATH, lang))
        }
    }
}

/// A logged-in member of staff (password and, where set up, second factor done). The
/// capability every workbench page needs: it names the one office whose data the member may
/// work with.
#[derive(Clone, PartialEq, Eq)]
pub struct Staff {
    pub user_id: String,
    pub login: LoginName,
    pub display_name: String,
    pub office: OfficeId,
    pub role: StaffRole,
    csrf_token: String,
    token_hash: String,
}

impl std::fmt::Debug for Staff {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Staff")
            .field("user_id", &self.user_id)
            .field("office", &self.office)
            .field("role", &self.role)
            .finish_non_exhaustive()
    }
}

impl Staff {
    fn from_session(session: StaffSession, token_hash: String) -> Staff {
        Staff {
            user_id: session.user.id,
            login: session.user.login,
            display_name: session.user.display_name,
            office: session.user.office,
            role: session.user.role,
            csrf_token: session.csrf_token,
            token_hash,
        }
    }

    /// The acting party of the store writes this member makes: `staff:<user id>` of their
    /// office.
    pub fn actor(&self) -> Actor {
        store::staff::staff_actor(&self.user_id, &self.office)
    }

    /// The hidden form field every POST form of the workbench must carry; [`StaffForm`]
    /// checks it.
    pub fn csrf_field(&self) -> String {
        csrf::hidden_field(&self.csrf_token)
    }

    /// Ok for the member's own office. For any other office the attempt is audited (in that
    /// office's trail, naming `subject`, the record that was asked for) and the 403 page to
    /// answer with is returned.
    pub async fn require_office(
        &self,
        state: &AppState,
        office: &OfficeId,
        subject: &str,
        lang: Lang,
    ) -> Result<(), Response> {
        if &self.office == office {
            return Ok(());
        }
        let now = state.pipeline.clock().now();
        tracing::warn!(office = %self.office, attempted = %office, "cross-office attempt refused");
        match state
            .store()
            .record_cross_office_attempt(now, &self.user_id, &self.office, office, subject)
            .await
        {
            Ok(()) => Err(page::other_office(lang)),
            Err(error) => Err(page::failure(lang, &error)),
        }
    }
}

impl FromRequestParts<AppState> for Staff {
    /// A redirect to the login page (or the code step), or an error page.
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Staff, Response> {
        let lang = page_lang(parts.uri.query(), &parts.headers);
        match current(&parts.headers, state).await {
            Ok(Current::Active {
                session,
                token_hash,
            }) => Ok(Staff::from_session(session, token_hash)),
            Ok(other) => Err(elsewhere(
                &other,
                lang,
                state.workbench.config.secure_cookies,
            )),
            Err(error) => Err(page::failure(lang, &error)),
        }
    }
}

/// A submitted workbench form of a logged-in member of staff, read only after its CSRF token
/// proved it came from a page of this session: the extractor for every POST handler. `T` is
/// read from the URL-encoded body with serde (unknown fields, such as `csrf`, are ignored).
#[derive(Debug)]
pub struct StaffForm<T> {
    pub staff: Staff,
    pub form: T,
}

impl<T: DeserializeOwned> FromRequest<AppState> for StaffForm<T> {
    /// A redirect to the login page, a 403 page for a missing or wrong token, a 4xx page for a
    /// body that is not the form.
    type Rejection = Response;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Response> {
        let lang = page_lang(request.uri().query(), request.headers());
        let (mut parts, body) = request.into_parts();
        let staff = Staff::from_request_parts(&mut parts, state).await?;
        let bytes = csrf::read_form(&parts.headers, body, lang).await?;
        let fields = csrf::fields(&bytes);
        if !csrf::matches(&staff.csrf_token, csrf::first(&fields, csrf::FIELD)) {
            tracing::warn!(user = %staff.user_id, "workbench form without its CSRF token refused");
            return Err(page::csrf_refused(lang));
        }
        let form = serde_urlencoded::from_bytes(&bytes)
            .map_err(|_| page::bad_form(lang, axum::http::StatusCode::UNPROCESSABLE_ENTITY))?;
        Ok(StaffForm { staff, form })
    }
}

/// No fields besides the CSRF token.
#[derive(Debug, serde::Deserialize)]
pub(super) struct NoFields {}

/// `POST /amt/abmelden`: ends the session and shows the login page. A [`StaffForm`], so that no
/// other site can log anyone out.
pub async fn logout(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    StaffForm { staff, .. }: StaffForm<NoFields>,
) -> Response {
    let lang = page_lang(query.as_deref(), &headers);
    let now = state.pipeline.clock().now();
    if let Err(error) = state
        .store()
        .end_staff_session(now, &staff.token_hash)
        .await
    {
        return page::failure(lang, &error);
    }
    ended(lang, state.workbench.config.secure_cookies, "abgemeldet")
}

/// The way to the login page after a session ended, with the cookie removed.
pub(super) fn ended(lang: Lang, secure: bool, hint: &str) -> Response {
    let mut response = page::redirect(&format!(
        "{}&hinweis={hint}",
        page::with_lang(LOGIN_PATH, lang)
    ));
    cookie::clear(&mut response, Kind::Session, secure);
    response
}
