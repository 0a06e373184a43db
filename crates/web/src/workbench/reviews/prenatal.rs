//! The part of a case page about open prenatal notifications: Sorgeerklärungen made before
//! the birth, not yet completed with the child's data, found by the mother's names. Each is
//! shown beside the applicant's names with the choice "this child" / "another child"; the
//! form field is `prenatal.{id}`. "This child" completes the notification into the register
//! office's register when the case is settled ([`pipeline::Pipeline::settle_review_with_prenatal`]).

use domain::register::Parent;
use domain::review::Verdict;
use store::prenatal::PrenatalRecord;
use store::reviews::{ApplicantShown, PrenatalVerdict};

use super::case::{ChoiceTexts, data_list, verdict_choice};
use crate::AppState;
use crate::i18n::Lang;
use crate::pages::html::{escape, tr};
use crate::workbench::register::REGISTER_PATH;
use crate::workbench::{page, words};

/// The form field of a notification's verdict.
pub(super) const FIELD_PREFIX: &str = "prenatal.";

/// The id of notification `index`'s first control (and the target of its summary link).
pub(super) fn anchor(index: usize) -> String {
    format!("v{}", index + 1)
}

/// Why a notification's choice was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum PrenatalProblem {
    Missing,
    Duplicate,
}

pub(super) fn problem_text(lang: Lang, index: usize, problem: PrenatalProblem) -> String {
    let n = index + 1;
    match (lang, problem) {
        (Lang::De, PrenatalProblem::Missing) => format!(
            "Bitte entscheiden Sie, ob die vorgeburtliche Mitteilung {n} dieses Kind betrifft."
        ),
        (Lang::En, PrenatalProblem::Missing) => {
            format!("Please decide whether prenatal notification {n} concerns this child.")
        }
        (Lang::De, PrenatalProblem::Duplicate) => format!(
            "Für die vorgeburtliche Mitteilung {n} kam mehr als eine Entscheidung an. Bitte \
             wählen Sie genau eine."
        ),
        (Lang::En, PrenatalProblem::Duplicate) => format!(
            "More than one verdict arrived for prenatal notification {n}. Please choose \
             exactly one."
        ),
    }
}

/// The heading and lead of the prenatal part, and the applicant's names to compare with.
pub(super) fn lead(lang: Lang, mother: &ApplicantShown, total: usize) -> String {
    let text = match lang {
        Lang::De => format!(
            "Bei einem Jugendamt liegt {} über Sorgeerklärungen, die vor der Geburt abgegeben \
             wurden und noch ohne Angaben zum Kind sind. Gefunden wurde sie über den Namen der \
             Mutter, ihr Geburtsdatum und den Zeitraum einer Schwangerschaft vor der Geburt \
             dieses Kindes. Deshalb sehen Sie hier auch Namen und Geburtsdatum der \
             Antragstellerin.",
            if total == 1 {
                "eine Mitteilung".to_owned()
            } else {
                format!("{total} Mitteilungen")
            }
        ),
        Lang::En => format!(
            "An office holds {} of Sorgeerklärungen made before the birth and not yet completed \
             with the child's data. They were found by the mother's name, her date of birth and \
             the span of a pregnancy before this child's birth, which is why the applicant's name \
             and date of birth are shown here.",
            if total == 1 {
                "one notification".to_owned()
            } else {
                format!("{total} notifications")
            }
        ),
    };
    format!(
        "<h2 id=\"vorgeburtlich\" tabindex=\"-1\">{title}</h2>\n<p>{text}</p>\n{names}",
        title = escape(tr(
            lang,
            "Vorgeburtliche Mitteilungen, die dieses Kind betreffen könnten",
            "Prenatal notifications that might concern this child",
        )),
        text = escape(&text),
        names = data_list(&[
            (
                tr(lang, "Antragstellerin (Mutter)", "Applicant (mother)"),
                escape(&parent_name(&mother.names)),
            ),
            (
                tr(lang, "Ihr Geburtsdatum", "Her date of birth"),
                escape(&words::date(lang, mother.birth_date)),
            ),
        ]),
    )
}

/// One notification with its choice.
pub(super) async fn section(
    state: &AppState,
    lang: Lang,
    index: usize,
    total: usize,
    record: &PrenatalRecord,
    chosen: Option<Verdict>,
    error: Option<String>,
) -> Result<String, store::StoreError> {
    let n = &record.notification;
    let anchor = anchor(index);
    let holder = words::office(state, &record.holding_office).await?;
    let details = data_list(&[
        (
            tr(lang, "Mutter", "Mother"),
            escape(&parent_name(&n.mother)),
        ),
        (
            tr(lang, "Geburtsdatum der Mutter", "Mother's date of birth"),
            escape(&words::date(lang, n.mother_birth_date)),
        ),
        (tr(lang, "Vater", "Father"), escape(&parent_name(&n.father))),
        (
            tr(lang, "Erklärt am", "Declared on"),
            escape(&words::date(lang, n.declared_on)),
        ),
        (
            tr(
                lang,
                "Voraussichtlicher Geburtstermin",
                "Expected date of birth",
            ),
            escape(
                &n.expected_birth_date
                    .map(|d| words::date(lang, d))
                    .unwrap_or_else(|| tr(lang, "nicht angegeben", "not given").to_owned()),
            ),
        ),
        (
            tr(lang, "Mitgeteilt von", "Notified by"),
            escape(&format!(
                "{}: {}",
                words::source_kind(lang, n.source.kind),
                n.source.name
            )),
        ),
        (
            tr(lang, "Aktenzeichen / Urkunde", "Reference"),
            escape(&n.source.reference),
        ),
        (tr(lang, "Liegt bei", "Held by"), escape(&holder)),
    ]);
    let heading = match lang {
        Lang::De => format!("Vorgeburtliche Mitteilung {} von {total}", index + 1),
        Lang::En => format!("Prenatal notification {} of {total}", index + 1),
    };
    let choice = verdict_choice(
        &anchor,
        &format!("{FIELD_PREFIX}{}", record.id),
        chosen,
        &ChoiceTexts {
            legend: &match lang {
                Lang::De => format!(
                    "Betrifft die vorgeburtliche Mitteilung {} das Kind der Anfrage?",
                    index + 1
                ),
                Lang::En => format!(
                    "Does prenatal notification {} concern the child asked about?",
                    index + 1
                ),
            },
            hint: tr(
                lang,
                "Pflichtangabe. „Ja“ vervollständigt die Mitteilung mit den Angaben des Kindes \
                 laut Anfrage: Sie wird ein Eintrag in Ihrem Register, und eine Bescheinigung \
                 ist dann nicht möglich. Klären Sie im Zweifel mit dem Jugendamt, bei dem sie \
                 liegt.",
                "Required. “Yes” completes the notification with the child's data as queried: \
                 it becomes an entry of your register, and no certificate can then be issued. \
                 If in doubt, ask the office that holds it.",
            ),
            same: tr(lang, "Ja, dieses Kind", "Yes, this child"),
            not: tr(
                lang,
                "Nein, ein anderes Kind (z. B. ein Geschwisterkind)",
                "No, another child (e.g. a sibling)",
            ),
        },
        error.as_deref(),
    );
    Ok(format!(
        "<section class=\"candidate\" aria-labelledby=\"{anchor}-title\">\n\
         <h3 id=\"{anchor}-title\">{heading}</h3>\n{details}{choice}</section>\n",
        heading = escape(&heading),
    ))
}

/// A settled case's verdicts on prenatal notifications; empty when there were none.
pub(super) fn settled(lang: Lang, verdicts: &[PrenatalVerdict]) -> String {
    if verdicts.is_empty() {
        return String::new();
    }
    let rows: String = verdicts
        .iter()
        .map(|v| {
            // "This child" made the notification an entry of this office's own register.
            let became = match &v.entry_id {
                Some(entry) => format!(
                    "<a href=\"{}\">{}</a>",
                    escape(&page::with_lang(&format!("{REGISTER_PATH}/{entry}"), lang)),
                    escape(tr(
                        lang,
                        "Eintrag in Ihrem Register",
                        "An entry of your register",
                    )),
                ),
                None => escape(tr(
                    lang,
                    "Bleibt offen beim haltenden Jugendamt",
                    "Stays open at the holding office",
                )),
            };
            format!(
                "<tr><td>{}</td><td>{}</td><td>{became}</td></tr>\n",
                escape(&v.prenatal_id),
                escape(words::verdict(lang, v.verdict)),
            )
        })
        .collect();
    format!(
        "<table>\n<caption>{caption}</caption>\n<thead><tr><th scope=\"col\">{id}</th>\
         <th scope=\"col\">{verdict}</th><th scope=\"col\">{became}</th></tr></thead>\n\
         <tbody>\n{rows}</tbody>\n</table>\n",
        caption = escape(tr(
            lang,
            "Beurteilte vorgeburtliche Mitteilungen",
            "Judged prenatal notifications",
        )),
        id = escape(tr(lang, "Mitteilung", "Notification")),
        verdict = escape(tr(lang, "Entscheidung", "Verdict")),
        became = escape(tr(lang, "Folge", "Result")),
    )
}

fn parent_name(parent: &Parent) -> String {
    match &parent.birth_name {
        Some(birth) => format!(
            "{} {} (geb. {birth})",
            parent.given_names, parent.family_name
        ),
        None => format!("{} {}", parent.given_names, parent.family_name),
    }
}
