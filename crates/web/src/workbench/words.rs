//! How the workbench names the domain's codes in words: dates and moments in German time,
//! places, application statuses and outcomes, kinds and scopes of register entries, the
//! register's answer and a reviewer's verdict. German first, English via [`tr`].
//!
//! Plain text only: callers escape what they place in a page.

use std::collections::BTreeSet;

use certificate::pdf::{
    english_date, english_moment, english_part_name, german_date, german_moment, german_part_name,
};
use domain::OfficeId;
use domain::application::{BirthPlace, ChildIdentity};
use domain::decision::Outcome;
use domain::register::{CustodyPart, EntryKind, RegisterAnswer, Scope, SourceKind};
use domain::review::Verdict;
use store::applications::Status;
use store::register::EntryStatus;
use store::staff::StaffUser;

use crate::AppState;
use crate::i18n::{Lang, ineligibility_text};
use crate::pages::html::tr;

/// `04.05.2020` / `4 May 2020`.
pub(super) fn date(lang: Lang, date: time::Date) -> String {
    match lang {
        Lang::De => german_date(date),
        Lang::En => english_date(date),
    }
}

/// A moment as a clock in Germany shows it, with the zone named.
pub(super) fn moment(lang: Lang, at: time::OffsetDateTime) -> String {
    match lang {
        Lang::De => german_moment(at),
        Lang::En => english_moment(at),
    }
}

/// A place of birth: the municipality's name with its key, or the foreign place and country.
pub(super) async fn place(
    state: &AppState,
    lang: Lang,
    place: &BirthPlace,
) -> Result<String, store::StoreError> {
    Ok(match place {
        BirthPlace::Municipality(ags) => match state.store().municipality_name(*ags).await? {
            Some(name) => format!("{name} ({ags})"),
            None => match lang {
                Lang::De => format!("Gemeinde {ags}"),
                Lang::En => format!("municipality {ags}"),
            },
        },
        BirthPlace::Abroad { country, place } => match lang {
            Lang::De => format!("{place} (Ausland, {country})"),
            Lang::En => format!("{place} (abroad, {country})"),
        },
    })
}

/// An office by its name and id, e.g. `Jugendamt Bremen (ja-04011)`.
pub(super) async fn office(
    state: &AppState,
    office: &OfficeId,
) -> Result<String, store::StoreError> {
    Ok(match state.store().office(office).await? {
        Some(record) => format!("{} ({office})", record.name),
        None => office.to_string(),
    })
}

/// Who acted, as an audit record or a settlement names them (`staff:<id>`, `client:<id>`,
/// `citizen:<pseudonym>`, `system:<part>`): a member of the office (`colleagues`) by name and login, anyone else by
/// kind and id.
pub(super) fn actor(lang: Lang, colleagues: &[StaffUser], actor: &str) -> String {
    if let Some(user_id) = actor.strip_prefix("staff:") {
        return match (colleagues.iter().find(|user| user.id == user_id), lang) {
            (Some(user), _) => format!("{} ({})", user.display_name, user.login),
            // Another office's staff stay anonymous: their ids are that office's business.
            (None, Lang::De) => "Mitarbeiter/in eines anderen Jugendamts".to_owned(),
            (None, Lang::En) => "Staff of another office".to_owned(),
        };
    }
    match (actor.split_once(':'), lang) {
        (Some(("client", id)), Lang::De) => format!("Angeschlossenes Verfahren „{id}“"),
        (Some(("client", id)), Lang::En) => format!("Connected service “{id}”"),
        // Her pseudonym means nothing to the office; the application names her.
        (Some(("citizen", _)), Lang::De) => "Antragstellerin (Bürgerportal)".to_owned(),
        (Some(("citizen", _)), Lang::En) => "Applicant (citizen portal)".to_owned(),
        (Some(("system", part)), Lang::De) => format!("Plattform ({part})"),
        (Some(("system", part)), Lang::En) => format!("Platform ({part})"),
        _ => actor.to_owned(),
    }
}

pub(super) fn status(lang: Lang, status: Status) -> &'static str {
    match status {
        Status::Received => tr(lang, "Eingegangen", "Received"),
        Status::WaitingForRegister => tr(
            lang,
            "Wartet auf die Antwort des Registers",
            "Waiting for the register's answer",
        ),
        Status::InReview => tr(
            lang,
            "In Prüfung beim Registeramt",
            "Under review at the register office",
        ),
        Status::Decided => tr(lang, "Entschieden", "Decided"),
    }
}

/// The parts of custody, by the names the certificate prints.
pub(super) fn parts(lang: Lang, parts: &BTreeSet<CustodyPart>) -> String {
    parts
        .iter()
        .map(|part| match lang {
            Lang::De => german_part_name(*part),
            Lang::En => english_part_name(*part),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

pub(super) fn outcome(lang: Lang, outcome: &Outcome) -> String {
    match outcome {
        Outcome::NegativeCertificate => tr(
            lang,
            "Negativbescheinigung (keine Eintragungen)",
            "Negative certificate (no entries)",
        )
        .to_owned(),
        Outcome::PartialCertificate { parts: p } => match lang {
            Lang::De => format!(
                "Teilbescheinigung (Eintragungen nur für: {})",
                parts(lang, p)
            ),
            Lang::En => format!("Partial certificate (entries only for: {})", parts(lang, p)),
        },
        Outcome::NoCertificate => tr(
            lang,
            "Keine Bescheinigung (Eintragungen zur gesamten Sorge)",
            "No certificate (entries on the whole of custody)",
        )
        .to_owned(),
        Outcome::NotEligible { reason } => match lang {
            Lang::De => format!(
                "Nicht antragsberechtigt: {}",
                ineligibility_text(*reason, lang)
            ),
            Lang::En => format!("Not eligible: {}", ineligibility_text(*reason, lang)),
        },
    }
}

pub(super) fn entry_kind(lang: Lang, kind: EntryKind) -> &'static str {
    match kind {
        EntryKind::CustodyDeclarations => tr(
            lang,
            "Sorgeerklärungen beider Eltern (§ 1626a Abs. 1 Nr. 1 BGB)",
            "Custody declarations of both parents (§ 1626a (1) no. 1 BGB)",
        ),
        EntryKind::CourtJointCustody => tr(
            lang,
            "Gerichtliche Übertragung der Sorge auf beide Eltern (§ 1626a Abs. 1 Nr. 3 BGB)",
            "Court transferred custody to both parents (§ 1626a (1) no. 3 BGB)",
        ),
        EntryKind::CourtCustodyWithdrawn => tr(
            lang,
            "Gerichtlicher Entzug der Sorge der Mutter oder Übertragung auf den Vater allein \
             (§§ 1666, 1671 BGB)",
            "Court withdrew custody from the mother or transferred it to the father alone \
             (§§ 1666, 1671 BGB)",
        ),
        EntryKind::CourtReplacementArt224 => tr(
            lang,
            "Gerichtliche Ersetzung der Sorgeerklärung (Art. 224 § 2 Abs. 3 EGBGB)",
            "Court replaced a custody declaration (Art. 224 § 2 (3) EGBGB)",
        ),
    }
}

pub(super) fn scope(lang: Lang, scope: &Scope) -> String {
    match scope {
        Scope::Whole => tr(lang, "Gesamte elterliche Sorge", "The whole of custody").to_owned(),
        Scope::Partial(p) => match lang {
            Lang::De => format!("Teilbereiche: {}", parts(lang, p)),
            Lang::En => format!("Parts: {}", parts(lang, p)),
        },
    }
}

pub(super) fn source_kind(lang: Lang, kind: SourceKind) -> &'static str {
    match kind {
        SourceKind::Notary => tr(lang, "Notariat", "Notary"),
        SourceKind::Court => tr(lang, "Gericht", "Court"),
        SourceKind::YouthOffice => tr(lang, "Jugendamt", "Youth welfare office"),
    }
}

pub(super) fn entry_status(lang: Lang, status: EntryStatus) -> &'static str {
    match status {
        EntryStatus::Active => tr(lang, "Wirksam", "In force"),
        EntryStatus::Cancelled => tr(lang, "Aufgehoben", "Cancelled"),
    }
}

/// What the register answers, as the register office would tell the issuing office.
pub(super) fn answer(lang: Lang, answer: &RegisterAnswer) -> String {
    match answer {
        RegisterAnswer::None => tr(lang, "Keine Eintragungen", "No entries").to_owned(),
        RegisterAnswer::Partial { parts: p } => match lang {
            Lang::De => format!("Eintragungen nur für Teilbereiche: {}", parts(lang, p)),
            Lang::En => format!("Entries only for parts: {}", parts(lang, p)),
        },
        RegisterAnswer::Entries => tr(
            lang,
            "Eintragungen zur gesamten Sorge",
            "Entries on the whole of custody",
        )
        .to_owned(),
        RegisterAnswer::Maybe => tr(lang, "Unklar", "In doubt").to_owned(),
    }
}

pub(super) fn verdict(lang: Lang, verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::SameChild => tr(lang, "Dasselbe Kind", "The same child"),
        Verdict::NotSameChild => tr(lang, "Nicht dasselbe Kind", "Not the same child"),
    }
}

/// `Charlotte Berger, geb. 04.05.2020`: how a child is named in headings and lists.
pub(super) fn child_line(lang: Lang, child: &ChildIdentity) -> String {
    match lang {
        Lang::De => format!(
            "{} {}, geb. {}",
            child.given_names,
            child.family_name_at_birth,
            date(lang, child.birth_date)
        ),
        Lang::En => format!(
            "{} {}, born {}",
            child.given_names,
            child.family_name_at_birth,
            date(lang, child.birth_date)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes_name_their_parts() {
        let partial = Outcome::PartialCertificate {
            parts: [CustodyPart::Health].into(),
        };
        assert_eq!(
            outcome(Lang::De, &partial),
            "Teilbescheinigung (Eintragungen nur für: Gesundheitssorge)"
        );
        assert_eq!(
            outcome(Lang::En, &Outcome::NegativeCertificate),
            "Negative certificate (no entries)"
        );
    }

    #[test]
    fn a_citizen_is_named_by_her_role_not_her_pseudonym() {
        let pseudonym = format!("citizen:{}", "a".repeat(64));
        assert_eq!(
            actor(Lang::De, &[], &pseudonym),
            "Antragstellerin (Bürgerportal)"
        );
        assert_eq!(
            actor(Lang::En, &[], &pseudonym),
            "Applicant (citizen portal)"
        );
        assert_eq!(
            actor(Lang::De, &[], "client:demo"),
            "Angeschlossenes Verfahren „demo“"
        );
    }
}
