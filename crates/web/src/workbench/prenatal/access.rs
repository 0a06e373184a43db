//! The checks every prenatal handler makes before it touches a notification: that the
//! member's role allows the action (see the matrix in the module above), and that the
//! notification asked for is held by the member's own office. A refusal is audited before its
//! 403 page is returned.

use axum::http::StatusCode;
use axum::response::Response;

use super::PRENATAL_PATH;
use crate::AppState;
use crate::api::common::parse_id;
use crate::i18n::Lang;
use crate::pages::html::tr;
use crate::workbench::register::access as register_access;
use crate::workbench::{Staff, page};
use store::staff::StaffRole;

/// What a prenatal handler is about to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Action {
    /// List the open notifications or read one.
    Read,
    /// Record a notification.
    Record,
    /// Complete a notification with the child's data.
    Complete,
}

impl Action {
    /// The code the audit record names.
    fn code(self) -> &'static str {
        match self {
            Action::Read => "read_prenatal",
            Action::Record => "record_prenatal",
            Action::Complete => "complete_prenatal",
        }
    }

    /// Whether `role` may do this.
    pub(super) fn permitted(self, role: StaffRole) -> bool {
        match role {
            StaffRole::Clerk | StaffRole::Supervisor => true,
            // Admins manage accounts; register data are not theirs to see.
            StaffRole::Admin => false,
        }
    }
}

/// Ok when the member's role allows `action`; otherwise the refusal is audited (naming
/// `subject`, the notification or office concerned) and the 403 page returned.
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
    let text = if staff.role == StaffRole::Admin {
        tr(
            lang,
            "Die Administration verwaltet die Zugänge Ihres Jugendamts und hat keinen Zugriff auf \
             Mitteilungen zum Sorgeregister. Der Versuch wurde protokolliert.",
            "Administrators manage your office's accounts and have no access to notifications \
             for the custody register. The attempt was recorded.",
        )
    } else {
        register_access::not_for_role(lang)
    };
    Err(
        register_access::role_refused(staff, state, "prenatal", action.code(), subject, text, lang)
            .await,
    )
}

/// The id of a notification held by the member's own office on which their role allows
/// `action`. A malformed or unknown id is a 404 page; another office's notification a 403
/// page, audited in that office's trail; a role refusal a 403 page ([`require`]).
pub(super) async fn notification_for(
    staff: &Staff,
    state: &AppState,
    raw: &str,
    action: Action,
    lang: Lang,
) -> Result<String, Response> {
    let Some(id) = parse_id(raw) else {
        return Err(not_found(lang));
    };
    match state.store().prenatal_owner(&id).await {
        Ok(Some(owner)) => staff.require_office(state, &owner, &id, lang).await?,
        Ok(None) => return Err(not_found(lang)),
        Err(error) => return Err(page::failure(lang, &error)),
    }
    require(staff, state, action, &id, lang).await?;
    Ok(id)
}

/// The page for a notification that does not exist (404).
pub(super) fn not_found(lang: Lang) -> Response {
    page::message(
        StatusCode::NOT_FOUND,
        lang,
        tr(lang, "Nicht gefunden", "Not found"),
        tr(
            lang,
            "Diese vorgeburtliche Mitteilung gibt es bei Ihrem Jugendamt nicht. Bitte prüfen Sie \
             die Adresse.",
            "This prenatal notification does not exist at your office. Please check the \
             address.",
        ),
        (
            PRENATAL_PATH,
            tr(
                lang,
                "Zu den vorgeburtlichen Mitteilungen",
                "To the prenatal notifications",
            ),
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_role_matrix() {
        for action in [Action::Read, Action::Record, Action::Complete] {
            assert!(action.permitted(StaffRole::Clerk), "{action:?}");
            assert!(action.permitted(StaffRole::Supervisor), "{action:?}");
            assert!(!action.permitted(StaffRole::Admin), "{action:?}");
        }
    }
}
