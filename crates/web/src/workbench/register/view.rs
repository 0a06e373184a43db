//! Pieces the register pages share: an entry's content as a description list, who did
//! something (by name, for the office's own staff), the words for versions, requests and the
//! matcher's findings, and the notices after a change.
//!
//! Markup returned here is escaped already; plain text (`&'static str`, `String`) is not.

use std::collections::HashMap;

use domain::application::ChildIdentity;
use domain::matching::dates::DateAgreement;
use domain::matching::{MatchClass, NameAgreement, PlaceAgreement};
use domain::register::{Notification, Parent};
use store::changes::{RequestStatus, RequestedChange};

use crate::AppState;
use crate::i18n::Lang;
use crate::pages::html::{escape, tr};
use crate::workbench::words;

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
        if let Some(part) = id.strip_prefix("system:") {
            return match lang {
                Lang::De => format!("System ({part})"),
                Lang::En => format!("System ({part})"),
            };
        }
        id.to_owned()
    }
}

/// `Charlotte Berger, geb. 04.05.2020`: how a child is named in headings and lists.
pub(super) fn child_line(lang: Lang, child: &ChildIdentity) -> String {
    match lang {
        Lang::De => format!(
            "{} {}, geb. {}",
            child.given_names,
            child.family_name_at_birth,
            words::date(lang, child.birth_date)
        ),
        Lang::En => format!(
            "{} {}, born {}",
            child.given_names,
            child.family_name_at_birth,
            words::date(lang, child.birth_date)
        ),
    }
}

fn parent_text(lang: Lang, parent: &Parent) -> String {
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

/// How the matcher classed a register entry against the searched child.
pub(super) fn class(lang: Lang, class: MatchClass) -> &'static str {
    match class {
        MatchClass::Match => tr(lang, "Gleiches Kind", "Same child"),
        MatchClass::Possible => tr(
            lang,
            "Möglicherweise dasselbe Kind",
            "Possibly the same child",
        ),
        MatchClass::None => tr(lang, "Anderes Kind", "Another child"),
    }
}

pub(super) fn date_agreement(lang: Lang, agreement: DateAgreement) -> &'static str {
    match agreement {
        DateAgreement::Exact => tr(lang, "gleich", "the same"),
        DateAgreement::DayMonthSwapped => {
            tr(lang, "Tag und Monat vertauscht", "day and month swapped")
        }
        DateAgreement::OneDigit => tr(lang, "eine Ziffer anders", "one digit differs"),
        DateAgreement::DigitsSwapped => tr(
            lang,
            "zwei benachbarte Ziffern vertauscht",
            "two neighbouring digits swapped",
        ),
        DateAgreement::Different => tr(lang, "verschieden", "different"),
    }
}

pub(super) fn name_agreement(lang: Lang, agreement: NameAgreement) -> &'static str {
    match agreement {
        NameAgreement::Exact => tr(lang, "gleich", "the same"),
        NameAgreement::Reordered => tr(
            lang,
            "gleich, in anderer Reihenfolge oder zusammen/getrennt geschrieben",
            "the same, in another order or written together/apart",
        ),
        NameAgreement::Subset => tr(
            lang,
            "ein Namensteil fehlt oder kommt hinzu",
            "one part of the name missing or added",
        ),
        NameAgreement::Spelling => tr(
            lang,
            "andere Schreibweise desselben Namens (Umlaut, ei/ey, Umschrift)",
            "another spelling of the same name (umlaut, ei/ey, transliteration)",
        ),
        NameAgreement::Sound => tr(
            lang,
            "klingt gleich (Kölner Phonetik)",
            "sounds the same (Kölner Phonetik)",
        ),
        NameAgreement::Overlap => tr(lang, "teilweise gleich", "partly the same"),
        NameAgreement::Typo => tr(lang, "um einen Tippfehler verschieden", "a typo apart"),
        NameAgreement::Different => tr(lang, "verschieden", "different"),
    }
}

pub(super) fn place_agreement(lang: Lang, agreement: PlaceAgreement) -> &'static str {
    match agreement {
        PlaceAgreement::Same => tr(lang, "gleich", "the same"),
        PlaceAgreement::SameCountry => tr(
            lang,
            "gleicher Staat, Ort anders geschrieben",
            "same country, place written otherwise",
        ),
        PlaceAgreement::Different => tr(lang, "verschieden", "different"),
    }
}

/// The notice a page shows after a change (`hinweis=` in the query), as markup.
pub(super) fn notice(lang: Lang, query: Option<&str>) -> String {
    let text = match super::access::query_value(query, "hinweis").as_deref() {
        Some("eingetragen") => tr(
            lang,
            "Die Mitteilung wurde in das Register eingetragen.",
            "The notification was recorded in the register.",
        ),
        Some("beantragt") => tr(
            lang,
            "Der Änderungsantrag wurde gestellt. Er wird wirksam, sobald eine Sachgebietsleitung \
             (nicht Sie selbst) ihn genehmigt.",
            "The change request was made. It takes effect once a supervisor (not you) approves \
             it.",
        ),
        Some("genehmigt") => tr(
            lang,
            "Der Antrag wurde genehmigt; die Änderung ist wirksam.",
            "The request was approved; the change is in effect.",
        ),
        Some("abgelehnt") => tr(
            lang,
            "Der Antrag wurde abgelehnt; der Eintrag bleibt unverändert.",
            "The request was rejected; the entry stays as it was.",
        ),
        Some("zurueckgezogen") => tr(
            lang,
            "Der Antrag wurde zurückgezogen.",
            "The request was withdrawn.",
        ),
        _ => return String::new(),
    };
    format!("<p class=\"notice\" role=\"status\">{}</p>\n", escape(text))
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
