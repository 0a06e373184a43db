//! Who may do the office's case work: the review queue, the office's applications with their
//! certificates, and the audit trail of its entries and applications.
//!
//! | action | clerk | supervisor | admin |
//! |---|---|---|---|
//! | see the review queue and a case, settle a case | yes | yes | no |
//! | list the office's applications, download a certificate | yes | yes | no |
//! | read the trail of an entry or application | yes | yes | no |
//!
//! Settling a case needs no second person: the reviewer resolves doubt about identity, the
//! register itself is not changed (a wrong entry is corrected under four eyes in the register
//! pages). Admins manage the office's accounts and see no register or application data. A
//! refusal is a 403 page and a `staff.role_refused` record in the office's trail.

use axum::http::StatusCode;
use axum::response::Response;

use super::HOME_PATH;
use super::page;
use super::session::Staff;
use crate::AppState;
use crate::i18n::Lang;
use crate::pages::html::tr;
use store::staff::StaffRole;

/// Whether `role` may do case work.
pub(super) fn allowed(role: StaffRole) -> bool {
    matches!(role, StaffRole::Clerk | StaffRole::Supervisor)
}

/// Ok for a clerk or supervisor. For an admin the refusal of `action` on `subject` is audited
/// and the 403 page to answer with is returned.
pub(super) async fn require(
    staff: &Staff,
    state: &AppState,
    action: &str,
    subject: &str,
    lang: Lang,
) -> Result<(), Response> {
    if allowed(staff.role) {
        return Ok(());
    }
    tracing::warn!(user = %staff.user_id, action, "case work refused for the role");
    let now = state.pipeline.clock().now();
    if let Err(error) = state
        .store()
        .record_role_refused(now, &staff.user_id, &staff.office, action, subject)
        .await
    {
        return Err(page::failure(lang, &error));
    }
    Err(page::message(
        StatusCode::FORBIDDEN,
        lang,
        tr(lang, "Nicht für Ihre Rolle", "Not for your role"),
        tr(
            lang,
            "Prüfaufträge, Anträge und Protokolle bearbeiten die Sachbearbeitung und die \
             Sachgebietsleitung. Die Administration verwaltet die Zugänge und sieht keine \
             Register- oder Antragsdaten. Der Versuch wurde protokolliert.",
            "Review tasks, applications and audit trails are for clerks and supervisors. \
             Administrators manage the accounts and see no register or application data. The \
             attempt was recorded.",
        ),
        (HOME_PATH, tr(lang, "Zum Arbeitsplatz", "To the workbench")),
    ))
}

/// The page for a record that does not exist (404), with the way back to `back`.
pub(super) fn not_found(lang: Lang, back: (&str, &str)) -> Response {
    page::message(
        StatusCode::NOT_FOUND,
        lang,
        tr(lang, "Nicht gefunden", "Not found"),
        tr(
            lang,
            "Zu dieser Kennung gibt es bei Ihrem Jugendamt nichts. Bitte prüfen Sie den Link.",
            "Your office has nothing under this id. Please check the link.",
        ),
        back,
    )
}

/// A record id from an address: what ids look like (UUIDs, or the short ids of imports and
/// tests), never longer than 100 characters, nothing that needs escaping in a URL.
pub(super) fn record_id(raw: &str) -> Option<&str> {
    let raw = raw.trim();
    let fits = (1..=100).contains(&raw.len())
        && raw
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    fits.then_some(raw)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admins_do_no_case_work() {
        assert!(allowed(StaffRole::Clerk));
        assert!(allowed(StaffRole::Supervisor));
        assert!(!allowed(StaffRole::Admin));
    }

    #[test]
    fn record_ids_are_plain() {
        assert_eq!(
            record_id(" 6d1f2c1e-0b4a-4d39-9a51-2f0d7c3e5a01 "),
            Some("6d1f2c1e-0b4a-4d39-9a51-2f0d7c3e5a01")
        );
        assert_eq!(
            record_id("NB-2026-7K3M-Q9TX-8"),
            Some("NB-2026-7K3M-Q9TX-8")
        );
        assert_eq!(record_id(""), None);
        assert_eq!(record_id("a b"), None);
        assert_eq!(record_id("a&lang=en"), None);
        assert_eq!(record_id(&"x".repeat(101)), None);
    }
}
