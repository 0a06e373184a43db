//! What the certificate says, word for word, in German (binding) and English (translation).
//! Only text: positions, fonts and tags belong to the layout.

use domain::register::CustodyPart;

use super::berlin_time::{berlin, english_date, english_moment, german_date, german_moment};
use super::text::NBSP;
use crate::content::{CertificateContent, Outcome};

/// The language of one page of the certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lang {
    De,
    En,
}

impl Lang {
    /// BCP 47 tag for the PDF's language attributes.
    pub(crate) fn tag(self) -> &'static str {
        match self {
            Lang::De => "de-DE",
            Lang::En => "en-GB",
        }
    }
}

/// A labelled value in one of the data blocks.
pub(crate) struct Row {
    pub label: &'static str,
    pub value: String,
}

/// A heading with the rows below it.
pub(crate) struct Block {
    pub heading: &'static str,
    pub rows: Vec<Row>,
}

/// Everything printed on one page, in reading order.
pub(crate) struct PageText {
    pub lang: Lang,
    pub title: String,
    pub subtitle: String,
    /// For the translation: which text is binding.
    pub translation_note: Option<&'static str>,
    pub statement: String,
    /// For a partial certificate: the parts of custody with entries, as a list after the
    /// statement, and the sentence that follows the list.
    pub parts: Vec<&'static str>,
    pub after_parts: Option<&'static str>,
    /// The reference block at the top right: certificate number and date of issue.
    pub reference: [Row; 2],
    pub blocks: Vec<Block>,
    pub seal_note: &'static str,
    pub verify_heading: &'static str,
    pub verify_caption: String,
    pub qr_alt: String,
    pub footer: String,
    pub outline: &'static str,
}

const LEGAL_BASIS_DE: &str = "§\u{a0}58 Abs.\u{a0}2 SGB\u{a0}VIII";

pub(crate) fn part_name(part: CustodyPart, lang: Lang) -> &'static str {
    match (lang, part) {
        (Lang::De, CustodyPart::Residence) => "Aufenthaltsbestimmung",
        (Lang::De, CustodyPart::Health) => "Gesundheitssorge",
        (Lang::De, CustodyPart::Schooling) => "schulische Angelegenheiten",
        (Lang::De, CustodyPart::Assets) => "Vermögenssorge",
        (Lang::De, CustodyPart::Authorities) => "Behördenangelegenheiten",
        (Lang::De, CustodyPart::Religion) => "religiöse Erziehung",
        (Lang::De, CustodyPart::Other) => "sonstige Angelegenheiten",
        (Lang::En, CustodyPart::Residence) => "determining the child's residence",
        (Lang::En, CustodyPart::Health) => "health care",
        (Lang::En, CustodyPart::Schooling) => "school matters",
        (Lang::En, CustodyPart::Assets) => "management of property",
        (Lang::En, CustodyPart::Authorities) => "dealings with public authorities",
        (Lang::En, CustodyPart::Religion) => "religious upbringing",
        (Lang::En, CustodyPart::Other) => "other matters",
    }
}

/// A part of custody as the German certificate names it (e.g. "Gesundheitssorge").
pub fn german_part_name(part: CustodyPart) -> &'static str {
    part_name(part, Lang::De)
}

/// A part of custody as the English translation names it (e.g. "health care").
pub fn english_part_name(part: CustodyPart) -> &'static str {
    part_name(part, Lang::En)
}

fn part_names(outcome: &Outcome, lang: Lang) -> Vec<&'static str> {
    match outcome {
        Outcome::NegativeCertificate => Vec::new(),
        Outcome::PartialCertificate { parts } => {
            let mut sorted = parts.clone();
            sorted.sort();
            sorted.dedup();
            sorted
                .into_iter()
                .map(|part| part_name(part, lang))
                .collect()
        }
    }
}

/// The document title, as printed and as in the PDF metadata.
pub(crate) fn title(outcome: &Outcome, lang: Lang) -> String {
    match (lang, outcome) {
        (Lang::De, Outcome::NegativeCertificate) => {
            "Bescheinigung über das Nichtvorliegen von Eintragungen im Sorgeregister \
             (Negativbescheinigung)"
        }
        (Lang::De, Outcome::PartialCertificate { .. }) => {
            "Bescheinigung über das Nichtvorliegen von Eintragungen im Sorgeregister \
             (Teilbescheinigung)"
        }
        (Lang::En, Outcome::NegativeCertificate) => {
            "Certificate of no entries in the custody register (negative certificate)"
        }
        (Lang::En, Outcome::PartialCertificate { .. }) => {
            "Certificate of no entries in the custody register (partial certificate)"
        }
    }
    .to_owned()
}

/// The short name for the document metadata title.
pub(crate) fn short_name(outcome: &Outcome) -> &'static str {
    match outcome {
        Outcome::NegativeCertificate => "Negativbescheinigung",
        Outcome::PartialCertificate { .. } => "Teilbescheinigung",
    }
}

fn statement(content: &CertificateContent, lang: Lang) -> String {
    let register = &content.register_office.name;
    match (lang, &content.outcome) {
        (Lang::De, Outcome::NegativeCertificate) => format!(
            "Nach Auskunft des Sorgeregisters beim {register} sind für das nachstehend \
             bezeichnete Kind keine Eintragungen über abgegebene oder ersetzte \
             Sorgeerklärungen und keine gerichtlichen Entscheidungen über die gemeinsame \
             elterliche Sorge vorhanden."
        ),
        (Lang::De, Outcome::PartialCertificate { .. }) => format!(
            "Nach Auskunft des Sorgeregisters beim {register} sind für das nachstehend \
             bezeichnete Kind Eintragungen nur für folgende Teilbereiche der elterlichen Sorge \
             vorhanden:"
        ),
        (Lang::En, Outcome::NegativeCertificate) => format!(
            "According to the custody register kept by {register}, there are no entries for \
             the child named below concerning declarations of joint custody, their replacement, \
             or court decisions on joint parental custody."
        ),
        (Lang::En, Outcome::PartialCertificate { .. }) => format!(
            "According to the custody register kept by {register}, there are entries for the \
             child named below only for the following parts of parental custody:"
        ),
    }
}

fn after_parts(outcome: &Outcome, lang: Lang) -> Option<&'static str> {
    match (outcome, lang) {
        (Outcome::NegativeCertificate, _) => None,
        (Outcome::PartialCertificate { .. }, Lang::De) => {
            Some("Für alle übrigen Bereiche der elterlichen Sorge liegen keine Eintragungen vor.")
        }
        (Outcome::PartialCertificate { .. }, Lang::En) => {
            Some("There are no entries for any other part of parental custody.")
        }
    }
}

fn person_name(given_names: &str, family_name: &str) -> String {
    format!("{given_names} {family_name}")
}

/// The full text of the page in `lang`.
pub(crate) fn page_text(content: &CertificateContent, lang: Lang) -> PageText {
    let number = &content.number;
    let child = &content.child;
    let mother = &content.mother;
    let place = child.birth_place.clone().unwrap_or_else(|| "–".to_owned());
    match lang {
        Lang::De => PageText {
            lang,
            title: title(&content.outcome, lang),
            subtitle: format!("nach {LEGAL_BASIS_DE}"),
            translation_note: None,
            statement: statement(content, lang),
            parts: part_names(&content.outcome, lang),
            after_parts: after_parts(&content.outcome, lang),
            reference: [
                row("Bescheinigungsnummer", number.clone()),
                row(
                    "Ausgestellt am",
                    german_date(berlin(content.issued_at).local.date()),
                ),
            ],
            blocks: vec![
                Block {
                    heading: "Kind",
                    rows: vec![
                        row("Vornamen:", child.given_names.clone()),
                        row("Familienname bei Geburt:", child.family_name.clone()),
                        row("Geburtsdatum:", german_date(child.birth_date)),
                        row("Geburtsort:", place),
                    ],
                },
                Block {
                    heading: "Mutter",
                    rows: vec![
                        row(
                            "Name:",
                            person_name(&mother.given_names, &mother.family_name),
                        ),
                        row("Geburtsdatum:", german_date(mother.birth_date)),
                    ],
                },
                Block {
                    heading: "Angaben zur Bescheinigung",
                    rows: vec![
                        row("Bescheinigungsnummer:", number.clone()),
                        row("Ausgestellt am:", german_moment(content.issued_at)),
                        row(
                            "Stand des Sorgeregisters:",
                            german_moment(content.register_as_of),
                        ),
                        row("Rechtsgrundlage:", LEGAL_BASIS_DE.to_owned()),
                    ],
                },
            ],
            seal_note: "Diese Bescheinigung wurde automatisiert erstellt und ist mit dem \
                        elektronischen Siegel des ausstellenden Jugendamts versehen. Sie ist \
                        ohne Unterschrift gültig.",
            verify_heading: "Echtheit prüfen",
            verify_caption: format!(
                "Scannen Sie den QR-Code oder rufen Sie {} auf und geben Sie die \
                 Bescheinigungsnummer {number} ein.",
                content.verify_url
            ),
            qr_alt: format!("QR-Code zur Prüfung der Echtheit der Bescheinigung {number}"),
            footer: format!(
                "Bescheinigung {number} · Seite 1 von 2 · English translation on page 2"
            ),
            outline: "Bescheinigung (deutsch)",
        },
        Lang::En => PageText {
            lang,
            title: title(&content.outcome, lang),
            subtitle: format!(
                "under section{NBSP}58{NBSP}(2) of Book{NBSP}VIII of the German Social Code \
                 ({LEGAL_BASIS_DE})"
            ),
            translation_note: Some(
                "English translation for information. The German text on page 1 is binding.",
            ),
            statement: statement(content, lang),
            parts: part_names(&content.outcome, lang),
            after_parts: after_parts(&content.outcome, lang),
            reference: [
                row("Certificate number", number.clone()),
                row(
                    "Issued on",
                    english_date(berlin(content.issued_at).local.date()),
                ),
            ],
            blocks: vec![
                Block {
                    heading: "Child",
                    rows: vec![
                        row("Given names:", child.given_names.clone()),
                        row("Family name at birth:", child.family_name.clone()),
                        row("Date of birth:", english_date(child.birth_date)),
                        row("Place of birth:", place),
                    ],
                },
                Block {
                    heading: "Mother",
                    rows: vec![
                        row(
                            "Name:",
                            person_name(&mother.given_names, &mother.family_name),
                        ),
                        row("Date of birth:", english_date(mother.birth_date)),
                    ],
                },
                Block {
                    heading: "About this certificate",
                    rows: vec![
                        row("Certificate number:", number.clone()),
                        row("Issued on:", english_moment(content.issued_at)),
                        row("Register as of:", english_moment(content.register_as_of)),
                        row("Legal basis:", LEGAL_BASIS_DE.to_owned()),
                    ],
                },
            ],
            seal_note: "This certificate was issued automatically and bears the electronic \
                        seal of the issuing youth welfare office (Jugendamt). It is valid \
                        without a signature.",
            verify_heading: "Verifying this certificate",
            verify_caption: format!(
                "Scan the QR code or go to {} and enter the certificate number {number}.",
                content.verify_url
            ),
            qr_alt: format!("QR code for verifying certificate {number}"),
            footer: format!("Certificate {number} · page 2 of 2 · translation of page 1"),
            outline: "Certificate (English translation)",
        },
    }
}

fn row(label: &'static str, value: String) -> Row {
    Row { label, value }
}
