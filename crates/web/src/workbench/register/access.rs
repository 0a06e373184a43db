//! The checks every register handler makes before it touches the register: that the member's
//! role allows the action (see the matrix in the module above), and that the entry or office
//! asked for is the member's own. A refusal is audited before its 403 page is returned.

use axum::http::StatusCode;
use axum::response::Response;

use super::REGISTER_PATH;
use crate::AppState;
use crate::api::common::parse_id;
use crate::i18n::Lang;
use crate::pages::html::tr;
use crate::workbench::{HOME_PATH, Staff, page, query};
use domain::OfficeId;
use store::staff::StaffRole;

/// What a register handler is about to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Action {
    /// List or search the register, read an entry and its requests, see the pending requests.
    Read,
    /// Record a notification.
    Record,
    /// Request a correction or cancellation, or withdraw one's own request.
    RequestChange,
    /// Approve or reject a request of someone else.
    Decide,
}

impl Action {
    /// The code the audit record names.
    fn code(self) -> &'static str {
        match self {
            Action::Read => "read_register",
            Action::Record => "record_entry",
            Action::RequestChange => "request_change",
            Action::Decide => "decide_change",
        }
    }

    /// Whether `role` may do this.
    pub(super) fn permitted(self, role: StaffRole) -> bool {
        match role {
            StaffRole::Clerk => self != Action::Decide,
            StaffRole::Supervisor => true,
            // Admins manage accounts; the register is not theirs to see.
            StaffRole::Admin => false,
        }
    }
}

/// Ok when the member's role allows `action`; otherwise the refusal is audited (naming
/// `subject`, the entry or office concerned) and the 403 page returned.
pub(super) async fn require(
    staff: &Staff,
    state: &AppState,
    action: Action,
    subject: &str,
    lang: Lang,
) -> Result<(), Response> {
    if action.permitted(staff.role) {
        return Ok(());
    }
    let text = if action == Action::Decide {
        tr(
            lang,
            "Änderungsanträge genehmigen oder ablehnen kann nur die Sachgebietsleitung. Der \
             Versuch wurde protokolliert.",
            "Only a supervisor can approve or reject change requests. The attempt was recorded.",
        )
    } else if staff.role == StaffRole::Admin {
        tr(
            lang,
            "Die Administration verwaltet die Zugänge Ihres Jugendamts und hat keinen Zugriff auf \
             das Sorgeregister. Der Versuch wurde protokolliert.",
            "Administrators manage your office's accounts and have no access to the custody \
             register. The attempt was recorded.",
        )
    } else {
        not_for_role(lang)
    };
    Err(role_refused(staff, state, "register", action.code(), subject, text, lang).await)
}

/// What a member is told whose role does not allow what they tried.
pub(in crate::workbench) fn not_for_role(lang: Lang) -> &'static str {
    tr(
        lang,
        "Ihre Rolle erlaubt das nicht. Der Versuch wurde protokolliert.",
        "Your role does not allow this. The attempt was recorded.",
    )
}

/// Audits that the member's role was refused `code` on `subject` (an action of the `pages`,
/// for the log) and returns the 403 page saying `text`; a failure's page if the audit fails.
/// The prenatal pages refuse the same way.
pub(in crate::workbench) async fn role_refused(
    staff: &Staff,
    state: &AppState,
    pages: &str,
    code: &str,
    subject: &str,
    text: &str,
    lang: Lang,
) -> Response {
    tracing::warn!(user = %staff.user_id, action = code, "{pages} action refused to the role");
    let now = state.pipeline.clock().now();
    if let Err(error) = state
        .store()
        .record_role_refused(now, &staff.user_id, &staff.office, code, subject)
        .await
    {
        return page::failure(lang, &error);
    }
    page::message(
        StatusCode::FORBIDDEN,
        lang,
        tr(lang, "Keine Berechtigung", "Not permitted"),
        text,
        (HOME_PATH, tr(lang, "Zum Arbeitsplatz", "To the workbench")),
    )
}

/// The id of an entry of the member's own office. A malformed or unknown id is a 404 page; an
/// entry of another office a 403 page, audited in that office's trail.
pub(super) async fn own_entry(
    staff: &Staff,
    state: &AppState,
    raw: &str,
    lang: Lang,
) -> Result<String, Response> {
    let Some(id) = parse_id(raw) else {
        return Err(not_found(lang));
    };
    match state.store().entry_owner(&id).await {
        Ok(Some(owner)) => {
            staff.require_office(state, &owner, &id, lang).await?;
            Ok(id)
        }
        Ok(None) => Err(not_found(lang)),
        Err(error) => Err(page::failure(lang, &error)),
    }
}

/// Lets a member read their own office's register as a whole: refused when the query names
/// another office ([`named_office`]) or their role may not read it ([`require`]).
pub(super) async fn read_register(
    staff: &Staff,
    state: &AppState,
    query: Option<&str>,
    lang: Lang,
) -> Result<(), Response> {
    named_office(staff, state, query, lang).await?;
    require(staff, state, Action::Read, staff.office.as_str(), lang).await
}

/// The id of an entry of the member's own office ([`own_entry`]) on which their role allows
/// `action` ([`require`]); otherwise the refusal's page.
pub(super) async fn entry_for(
    staff: &Staff,
    state: &AppState,
    raw: &str,
    action: Action,
    lang: Lang,
) -> Result<String, Response> {
    let id = own_entry(staff, state, raw, lang).await?;
    require(staff, state, action, &id, lang).await?;
    Ok(id)
}

/// Refuses, audited, a request that names another office than the member's own (`amt=` in the
/// query): such a request is never answered with the member's register instead.
pub(super) async fn named_office(
    staff: &Staff,
    state: &AppState,
    query: Option<&str>,
    lang: Lang,
) -> Result<(), Response> {
    let Some(raw) = query::value(query, "amt") else {
        return Ok(());
    };
    let Ok(office) = OfficeId::parse(raw.trim()) else {
        return Err(not_found(lang));
    };
    if office == staff.office {
        return Ok(());
    }
    match state.store().office(&office).await {
        Ok(Some(_)) => {
            staff
                .require_office(state, &office, office.as_str(), lang)
                .await
        }
        Ok(None) => Err(not_found(lang)),
        Err(error) => Err(page::failure(lang, &error)),
    }
}

/// The page for an entry or request that does not exist (404).
pub(super) fn not_found(lang: Lang) -> Response {
    page::message(
        StatusCode::NOT_FOUND,
        lang,
        tr(lang, "Nicht gefunden", "Not found"),
        tr(
            lang,
            "Das Gesuchte gibt es im Register Ihres Jugendamts nicht. Bitte prüfen Sie die \
             Adresse.",
            "What you asked for does not exist in your office's register. Please check the \
             address.",
        ),
        (REGISTER_PATH, tr(lang, "Zum Register", "To the register")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_role_matrix() {
        use Action::*;
        for action in [Read, Record, RequestChange] {
            assert!(action.permitted(StaffRole::Clerk), "{action:?}");
            assert!(action.permitted(StaffRole::Supervisor), "{action:?}");
        }
        assert!(!Decide.permitted(StaffRole::Clerk));
        assert!(Decide.permitted(StaffRole::Supervisor));
        for action in [Read, Record, RequestChange, Decide] {
            assert!(!action.permitted(StaffRole::Admin), "{action:?}");
        }
    }
}
