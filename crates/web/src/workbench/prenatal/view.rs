//! Pieces the prenatal pages share: how a parent, the source and the status are said, a
//! notification's content as a description list, and the notices after a change.
//!
//! Markup returned here is escaped already; plain text (`&'static str`, `String`) is not.

use domain::prenatal::PrenatalNotification;
use domain::register::Source;
use store::prenatal::PrenatalStatus;

use crate::i18n::Lang;
use crate::pages::html::tr;
use crate::workbench::{forms, words};

/// `Sophia Berger, geb. Krause`, as on the register pages.
pub(super) use crate::workbench::register::view::parent_text as parent;

/// `Notariat: Notariat Am Dom, Bremen (UR 12/2025)`.
pub(super) fn source(lang: Lang, source: &Source) -> String {
    format!(
        "{}: {} ({})",
        words::source_kind(lang, source.kind),
        source.name,
        source.reference
    )
}

/// The expected date of birth, or that none was given.
pub(super) fn expected(lang: Lang, n: &PrenatalNotification) -> String {
    n.expected_birth_date
        .map(|date| words::date(lang, date))
        .unwrap_or_else(|| tr(lang, "nicht angegeben", "not given").to_owned())
}

pub(super) fn status(lang: Lang, status: PrenatalStatus) -> &'static str {
    match status {
        PrenatalStatus::Open => tr(
            lang,
            "Offen – wartet auf die Daten des Kindes",
            "Open – waiting for the child's data",
        ),
        PrenatalStatus::Completed => tr(
            lang,
            "Vervollständigt – Registereintrag",
            "Completed – register entry",
        ),
    }
}

/// The rows of a notification's content, as (label, plain text) pairs in the form's order.
pub(super) fn content_rows(lang: Lang, n: &PrenatalNotification) -> Vec<(&'static str, String)> {
    vec![
        (tr(lang, "Mutter", "Mother"), parent(lang, &n.mother)),
        (
            tr(lang, "Geburtsdatum der Mutter", "Mother's date of birth"),
            words::date(lang, n.mother_birth_date),
        ),
        (tr(lang, "Vater", "Father"), parent(lang, &n.father)),
        (
            tr(lang, "Tag der Sorgeerklärungen", "Date of the declarations"),
            words::date(lang, n.declared_on),
        ),
        (
            tr(
                lang,
                "Voraussichtlicher Geburtstermin",
                "Expected date of birth",
            ),
            expected(lang, n),
        ),
        (
            tr(lang, "Beurkundet von", "Recorded by"),
            format!(
                "{}: {}",
                words::source_kind(lang, n.source.kind),
                n.source.name
            ),
        ),
        (
            tr(lang, "Urkundenzeichen", "Document number"),
            n.source.reference.clone(),
        ),
    ]
}

/// The notice a page shows after a change (`hinweis=` in the query), as markup.
pub(super) fn notice(lang: Lang, query: Option<&str>) -> String {
    forms::notice(query, |key| {
        Some(match key {
            "erfasst" => tr(
                lang,
                "Die vorgeburtliche Mitteilung wurde erfasst. Sobald die Geburt bekannt ist, tragen \
             Sie hier die Daten des Kindes ein.",
                "The prenatal notification was recorded. Once the birth is known, enter the \
             child's data here.",
            ),
            "vervollstaendigt" => tr(
                lang,
                "Die Geburt wurde eingetragen; die Mitteilung ist jetzt ein Registereintrag.",
                "The birth was entered; the notification is a register entry now.",
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
        assert!(notice(Lang::De, Some("lang=de&hinweis=erfasst")).contains("erfasst"));
        assert_eq!(notice(Lang::De, Some("hinweis=<script>")), "");
        assert_eq!(notice(Lang::De, None), "");
    }
}
