//! German and English texts of the API's messages. German is the default.

use axum::http::HeaderMap;
use axum::http::header::ACCEPT_LANGUAGE;

use domain::Problem;
use domain::eligibility::Ineligibility;
use domain::validation::Rule;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    De,
    En,
}

impl Lang {
    /// The caller's language: English when the most preferred supported tag is English.
    pub fn from_headers(headers: &HeaderMap) -> Lang {
        let Some(value) = headers.get(ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()) else {
            return Lang::De;
        };
        let mut best: Option<(f32, Lang)> = None;
        for item in value.split(',') {
            let mut parts = item.split(';');
            let tag = parts.next().unwrap_or("").trim().to_ascii_lowercase();
            let quality = parts
                .find_map(|p| {
                    p.trim()
                        .strip_prefix("q=")
                        .and_then(|q| q.parse::<f32>().ok())
                })
                .unwrap_or(1.0);
            let lang = if tag == "en" || tag.starts_with("en-") {
                Lang::En
            } else if tag == "de" || tag.starts_with("de-") {
                Lang::De
            } else {
                continue;
            };
            if best.is_none_or(|(q, _)| quality > q) {
                best = Some((quality, lang));
            }
        }
        best.map(|(_, lang)| lang).unwrap_or(Lang::De)
    }

    pub fn pick(self, de: &str, en: &str) -> String {
        match self {
            Lang::De => de.to_owned(),
            Lang::En => en.to_owned(),
        }
    }
}

/// The message for one field problem.
pub fn problem_message(problem: &Problem, lang: Lang) -> String {
    match problem {
        Problem::Missing => lang.pick("Angabe fehlt.", "This field is required."),
        Problem::Empty => lang.pick("Darf nicht leer sein.", "Must not be empty."),
        Problem::TooLong { max } => match lang {
            Lang::De => format!("Höchstens {max} Zeichen."),
            Lang::En => format!("At most {max} characters."),
        },
        Problem::InvalidCharacters => lang.pick(
            "Enthält unzulässige Zeichen (erlaubt sind Buchstaben in lateinischer, griechischer oder kyrillischer Schrift, Leerzeichen, Bindestrich, Apostroph und Punkt).",
            "Contains characters that are not allowed (letters of the Latin, Greek or Cyrillic script, spaces, hyphens, apostrophes and full stops are).",
        ),
        Problem::InvalidFormat { expected } => match lang {
            Lang::De => format!("Ungültiges Format, erwartet: {expected}."),
            Lang::En => format!("Invalid format, expected: {expected}."),
        },
        Problem::InvalidDate => lang.pick(
            "Kein gültiges Datum im Format JJJJ-MM-TT.",
            "Not a valid date in the form YYYY-MM-DD.",
        ),
        Problem::InFuture => lang.pick(
            "Das Datum liegt in der Zukunft.",
            "The date lies in the future.",
        ),
        Problem::Implausible => lang.pick(
            "Das Datum ist nicht plausibel.",
            "The date is not plausible.",
        ),
        Problem::UnknownMunicipality => lang.pick(
            "Dieser Gemeindeschlüssel ist im Verzeichnis nicht bekannt.",
            "This municipality key is not in the directory.",
        ),
        Problem::PostalCodeNotInMunicipality => lang.pick(
            "Die Postleitzahl gehört nicht zu dieser Gemeinde.",
            "The postal code does not belong to this municipality.",
        ),
        Problem::UnknownCountry => lang.pick(
            "Kein gültiger Ländercode nach ISO 3166-1 (zwei Großbuchstaben, z. B. AT).",
            "Not a valid ISO 3166-1 country code (two capital letters, e.g. AT).",
        ),
        Problem::CountryIsGermany => lang.pick(
            "Für eine Geburt in Deutschland bitte den Gemeindeschlüssel angeben.",
            "For a birth in Germany, give the municipality key instead.",
        ),
        Problem::NotAllowed { rule } => rule_message(*rule, lang),
        Problem::OneOf { allowed } => match lang {
            Lang::De => format!("Erlaubt sind: {}.", allowed.join(", ")),
            Lang::En => format!("Allowed values: {}.", allowed.join(", ")),
        },
    }
}

/// The text of a cross-field rule.
fn rule_message(rule: Rule, lang: Lang) -> String {
    let (de, en) = match rule {
        Rule::WholeCustodyOnly => (
            "Diese Art von Eintrag betrifft immer die gesamte elterliche Sorge.",
            "This kind of entry always covers custody as a whole.",
        ),
        Rule::CourtOrJugendamtSource => (
            "Eine Gerichtsentscheidung teilt das Gericht oder ein Jugendamt mit, nicht ein Notariat.",
            "A court decision is notified by the court or a Jugendamt, not by a notary.",
        ),
        Rule::Art224BeforeReform => (
            "Ersetzungen nach Art. 224 § 2 Abs. 3 EGBGB gab es nur vor dem 19. Mai 2013.",
            "Replacements under Art. 224 § 2 (3) EGBGB were possible only before 19 May 2013.",
        ),
        Rule::PartsOnlyWhenPartial => (
            "Teilbereiche werden nur bei scope \"partial\" angegeben.",
            "Parts are given only with scope \"partial\".",
        ),
        Rule::EitherMunicipalityOrAbroad => (
            "Bitte entweder municipality_key oder abroad angeben.",
            "Give either municipality_key or abroad.",
        ),
        Rule::MotherOlderThanChild => (
            "Das Geburtsdatum der Mutter muss vor dem des Kindes liegen.",
            "The mother's date of birth must precede the child's.",
        ),
        Rule::DecisionAfterBirth => (
            "Eine Gerichtsentscheidung kann nicht vor der Geburt des Kindes wirksam werden.",
            "A court decision cannot take effect before the child's birth.",
        ),
        Rule::BothParentsNamed => (
            "Diese Art von Eintrag nennt beide Eltern; bitte den Vater angeben.",
            "This kind of entry names both parents; give the father.",
        ),
        Rule::SameRegisterOffice => (
            "Der Geburtsort gehört zu einem anderen Registeramt: dort mitteilen und diesen Eintrag aufheben.",
            "The birthplace belongs to another register office: notify it there and cancel this entry.",
        ),
        Rule::BirthWithinPregnancy => (
            "Das Datum passt nicht zu einer Erklärung vor der Geburt: die Geburt liegt höchstens 310 Tage nach der Erklärung.",
            "The date does not fit declarations made before the birth: the birth is at most 310 days after them.",
        ),
    };
    lang.pick(de, en)
}

/// Why an application is not eligible, in words the mother understands.
pub fn ineligibility_text(reason: Ineligibility, lang: Lang) -> String {
    match reason {
        Ineligibility::NotMother => lang.pick(
            "Die Bescheinigung kann nur die Mutter des Kindes beantragen.",
            "Only the child's mother can apply for the certificate.",
        ),
        Ineligibility::MarriedToFather => lang.pick(
            "Eltern, die miteinander verheiratet sind oder waren, haben die gemeinsame Sorge; eine Negativbescheinigung ist dann nicht möglich.",
            "Parents who are or were married to each other share custody; a certificate of sole custody is not possible.",
        ),
        Ineligibility::MarriedToOtherManAtBirth => lang.pick(
            "Ihr damaliger Ehemann gilt rechtlich als Vater des Kindes (§ 1592 Nr. 1 BGB). Bitte wenden Sie sich an Ihr Jugendamt.",
            "Your husband at the time of the birth is the child's legal father (§ 1592 no. 1 BGB). Please contact your youth welfare office.",
        ),
        Ineligibility::CourtGaveCustodyToOneParent => lang.pick(
            "Hat ein Gericht die Sorge einem Elternteil allein übertragen, ist der Gerichtsbeschluss selbst der Nachweis.",
            "Where a court gave custody to one parent alone, the court decision itself is the proof.",
        ),
        Ineligibility::ChildOfAge => lang.pick(
            "Das Kind ist volljährig; die elterliche Sorge ist beendet.",
            "The child is of age; parental custody has ended.",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn lang(value: &str) -> Lang {
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT_LANGUAGE, HeaderValue::from_str(value).unwrap());
        Lang::from_headers(&headers)
    }

    #[test]
    fn picks_the_preferred_supported_language() {
        assert_eq!(Lang::from_headers(&HeaderMap::new()), Lang::De);
        assert_eq!(lang("en"), Lang::En);
        assert_eq!(lang("en-GB,en;q=0.9"), Lang::En);
        assert_eq!(lang("fr, en;q=0.5, de;q=0.8"), Lang::De);
        assert_eq!(lang("fr"), Lang::De);
    }
}
