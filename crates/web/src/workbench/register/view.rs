//! Pieces the register pages share: an entry's content as a description list, who did
//! something (by name, for the office's own staff), the words for versions and requests, and
//! the notices after a change. The matcher's findings are worded in `workbench::explain`.
//!
//! Markup returned here is escaped already; plain text (`&'static str`, `String`) is not.

use std::collections::HashMap;

use domain::register::{Notification, Parent};
use store::changes::{RequestStatus, RequestedChange};

use crate::AppState;
use crate::i18n::Lang;
use crate::pages::html::{escape, tr};
use crate::workbench::{forms, words};

/// Names of the parties that act on a register, by their audit actor id: the office's own
/// staff by name, API clients and the platform by what they are.
pub(super) struct Actors(HashMap<String, String>);

impl Actors {
    /// The names of `office`'s staff.
    pub(super) async fn of_office(
        state: &AppState,
        office: &domain::OfficeId,
    ) -> Result<Actors, store::StoreError> {
        let users = state.store().staff_users(Some(office)).await?;
        Ok(Actors(
            users
                .into_iter()
                .map(|user| {
                    let name = format!("{} ({})", user.display_name, user.login);
                    (user.actor().id, name)
                })
                .collect(),
        ))
    }

    /// Plain text for the actor `id`.
    pub(super) fn name(&self, lang: Lang, id: &str) -> String {
        if let Some(name) = self.0.get(id) {
            return name.clone();
        }
        if let Some(client) = id.strip_prefix("client:") {
            return match lang {
                Lang::De => format!("Schnittstelle: {client}"),
                Lang::En => format!("Interface: {client}"),
            };
        }
        if id.starts_with("citizen:") {
            return match lang {
                Lang::De => "Antragstellerin (Bürgerportal)".to_owned(),
                Lang::En => "Applicant (citizen portal)".to_owned(),
            };
        }
        if let Some(part) = id.strip_prefix("system:") {
            return match lang {
                Lang::De => format!("System ({part})"),
                Lang::En => format!("System ({part})"),
            };
        }
        id.to_owned()
    }
}

/// `Sophia Berger, geb. Krause`; the prenatal pages say a parent the same way.
pub(in crate::workbench) fn parent_text(lang: Lang, parent: &Parent) -> String {
    let name = format!("{} {}", parent.given_names, parent.family_name);
    match &parent.birth_name {
        Some(birth) => match lang {
            Lang::De => format!("{name}, geb. {birth}"),
            Lang::En => format!("{name}, née {birth}"),
        },
        None => name,
    }
}

/// The rows of an entry's content, as (label, plain text) pairs in the form's order.
pub(super) async fn content_rows(
    state: &AppState,
    lang: Lang,
    n: &Notification,
) -> Result<Vec<(&'static str, String)>, store::StoreError> {
    let none = tr(lang, "nicht angegeben", "not given").to_owned();
    Ok(vec![
        (
            tr(lang, "Art des Eintrags", "Kind of entry"),
            words::entry_kind(lang, n.kind).to_owned(),
        ),
        (tr(lang, "Umfang", "Scope"), words::scope(lang, &n.scope)),
        (
            tr(lang, "Vornamen des Kindes", "Child's given names"),
            n.child.given_names.to_string(),
        ),
        (
            tr(lang, "Familienname bei der Geburt", "Family name at birth"),
            n.child.family_name_at_birth.to_string(),
        ),
        (
            tr(lang, "Geburtsdatum", "Date of birth"),
            words::date(lang, n.child.birth_date),
        ),
        (
            tr(lang, "Geburtsort", "Place of birth"),
            words::place(state, lang, &n.child.birth_place).await?,
        ),
        (tr(lang, "Mutter", "Mother"), parent_text(lang, &n.mother)),
        (
            tr(lang, "Vater", "Father"),
            n.father
                .as_ref()
                .map(|father| parent_text(lang, father))
                .unwrap_or(none),
        ),
        (
            tr(lang, "Wirksam seit", "Effective from"),
            words::date(lang, n.effective_date),
        ),
        (
            tr(
                lang,
                "Beurkundet oder entschieden von",
                "Recorded or decided by",
            ),
            format!(
                "{}: {}",
                words::source_kind(lang, n.source.kind),
                n.source.name
            ),
        ),
        (
            tr(
                lang,
                "Urkunden- oder Aktenzeichen",
                "Document or file number",
            ),
            n.source.reference.clone(),
        ),
    ])
}

/// An entry's content as a description list.
pub(super) async fn content(
    state: &AppState,
    lang: Lang,
    n: &Notification,
) -> Result<String, store::StoreError> {
    let rows: String = content_rows(state, lang, n)
        .await?
        .iter()
        .map(|(label, value)| format!("<dt>{}</dt><dd>{}</dd>\n", escape(label), escape(value)))
        .collect();
    Ok(format!("<dl class=\"data\">\n{rows}</dl>\n"))
}

/// What a version of an entry did.
pub(super) fn change(lang: Lang, change: &str) -> String {
    match change {
        "created" => tr(lang, "Eingetragen", "Recorded").to_owned(),
        "corrected" => tr(lang, "Berichtigt", "Corrected").to_owned(),
        "cancelled" => tr(lang, "Ausgetragen", "Cancelled").to_owned(),
        other => other.to_owned(),
    }
}

pub(super) fn requested(lang: Lang, change: &RequestedChange) -> &'static str {
    match change {
        RequestedChange::Correct(_) => tr(lang, "Berichtigung", "Correction"),
        RequestedChange::Cancel => tr(lang, "Austragung", "Cancellation"),
    }
}

pub(super) fn request_status(lang: Lang, status: RequestStatus) -> &'static str {
    match status {
        RequestStatus::Pending => tr(
            lang,
            "Offen – wartet auf die zweite Person",
            "Pending – waiting for the second person",
        ),
        RequestStatus::Approved => tr(lang, "Genehmigt", "Approved"),
        RequestStatus::Rejected => tr(lang, "Abgelehnt", "Rejected"),
        RequestStatus::Withdrawn => tr(lang, "Zurückgezogen", "Withdrawn"),
    }
}

/// The notice a page shows after a change (`hinweis=` in the query), as markup.
pub(super) fn notice(lang: Lang, query: Option<&str>) -> String {
    forms::notice(query, |key| {
        Some(match key {
            "eingetragen" => tr(
                lang,
                "Die Mitteilung wurde in das Register eingetragen.",
                "The notification was recorded in the register.",
            ),
            "beantragt" => tr(
                lang,
                "Der Änderungsantrag wurde gestellt. Er wird wirksam, sobald eine Sachgebietsleitung \
             (nicht Sie selbst) ihn genehmigt.",
                "The change request was made. It takes effect once a supervisor (not you) approves \
             it.",
            ),
            "genehmigt" => tr(
                lang,
                "Der Antrag wurde genehmigt; die Änderung ist wirksam.",
                "The request was approved; the change is in effect.",
            ),
            "abgelehnt" => tr(
                lang,
                "Der Antrag wurde abgelehnt; der Eintrag bleibt unverändert.",
                "The request was rejected; the entry stays as it was.",
            ),
            "zurueckgezogen" => tr(
                lang,
                "Der Antrag wurde zurückgezogen.",
                "The request was withdrawn.",
            ),
            _ => return None,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_known_notices_are_shown() {
        assert!(notice(Lang::De, Some("lang=de&hinweis=genehmigt")).contains("genehmigt"));
        assert_eq!(notice(Lang::De, Some("hinweis=<script>")), "");
        assert_eq!(notice(Lang::De, None), "");
    }
}
