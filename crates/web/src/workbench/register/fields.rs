//! The fields of the register forms — their ids, which are also their names — with their
//! labels, and what a problem is called next to its field. The JSON API's parser reports
//! problems at its own paths (`child.birth_place.municipality_key`, `parts[1]`);
//! [`for_path`] says which form field each path belongs to.

use domain::Problem;
use domain::validation::{FieldError, Rule};

use crate::i18n::{Lang, problem_message};
use crate::pages::html::{error_summary, tr};

/// The fields in the order of the pages, which is also the order of the error summary.
const ORDER: &[&str] = &[
    "search_given_names",
    "search_family_name",
    "search_birth_date",
    "search_ags",
    "search_country",
    "search_place",
    "kind",
    "scope",
    "parts",
    "child_given_names",
    "child_family_name",
    "child_birth_date",
    "child_ags",
    "child_country",
    "child_place",
    "mother_given_names",
    "mother_family_name",
    "mother_birth_name",
    "father_given_names",
    "father_family_name",
    "father_birth_name",
    "effective_date",
    "source_kind",
    "source_name",
    "source_reference",
    "reason",
    "note",
];

/// The form field a path of the API's parser belongs to.
pub(super) fn for_path(path: &str) -> &'static str {
    let path = path.split('[').next().unwrap_or(path);
    match path {
        "scope" => "scope",
        "parts" => "parts",
        "child" | "child.given_names" => "child_given_names",
        "child.family_name_at_birth" => "child_family_name",
        "child.birth_date" => "child_birth_date",
        "child.birth_place" | "child.birth_place.municipality_key" => "child_ags",
        "child.birth_place.abroad" | "child.birth_place.abroad.country" => "child_country",
        "child.birth_place.abroad.place" => "child_place",
        "mother" | "mother.given_names" => "mother_given_names",
        "mother.family_name" => "mother_family_name",
        "mother.birth_name" => "mother_birth_name",
        "father" | "father.given_names" => "father_given_names",
        "father.family_name" => "father_family_name",
        "father.birth_name" => "father_birth_name",
        "effective_date" => "effective_date",
        "source" | "source.kind" => "source_kind",
        "source.name" => "source_name",
        "source.reference" => "source_reference",
        // `kind`, and a path the form does not know: shown at the first field.
        _ => "kind",
    }
}

/// The label of a field, as the error summary names it.
pub(super) fn label(lang: Lang, id: &str) -> &'static str {
    match id {
        "search_given_names" => tr(lang, "Vornamen", "Given names"),
        "search_family_name" => tr(lang, "Familienname bei der Geburt", "Family name at birth"),
        "search_birth_date" => tr(lang, "Geburtsdatum", "Date of birth"),
        "search_ags" => tr(
            lang,
            "Gemeindeschlüssel des Geburtsorts",
            "Municipality key of the place of birth",
        ),
        "search_country" | "child_country" => {
            tr(lang, "Geburt im Ausland: Staat", "Born abroad: country")
        }
        "search_place" | "child_place" => tr(lang, "Geburt im Ausland: Ort", "Born abroad: place"),
        "kind" => tr(lang, "Art des Eintrags", "Kind of entry"),
        "scope" => tr(lang, "Umfang", "Scope"),
        "parts" => tr(lang, "Teilbereiche der Sorge", "Parts of custody"),
        "child_given_names" => tr(lang, "Vornamen des Kindes", "Child's given names"),
        "child_family_name" => tr(
            lang,
            "Familienname des Kindes bei der Geburt",
            "Child's family name at birth",
        ),
        "child_birth_date" => tr(lang, "Geburtsdatum des Kindes", "Child's date of birth"),
        "child_ags" => tr(
            lang,
            "Geburtsort: Gemeindeschlüssel (AGS)",
            "Place of birth: municipality key (AGS)",
        ),
        "mother_given_names" => tr(lang, "Vornamen der Mutter", "Mother's given names"),
        "mother_family_name" => tr(lang, "Familienname der Mutter", "Mother's family name"),
        "mother_birth_name" => tr(lang, "Geburtsname der Mutter", "Mother's birth name"),
        "father_given_names" => tr(lang, "Vornamen des Vaters", "Father's given names"),
        "father_family_name" => tr(lang, "Familienname des Vaters", "Father's family name"),
        "father_birth_name" => tr(lang, "Geburtsname des Vaters", "Father's birth name"),
        "effective_date" => tr(lang, "Wirksam seit", "Effective from"),
        "source_kind" => tr(
            lang,
            "Beurkundet oder entschieden von",
            "Recorded or decided by",
        ),
        "source_name" => tr(lang, "Name der Stelle", "Name of the body"),
        "source_reference" => tr(
            lang,
            "Urkunden- oder Aktenzeichen",
            "Document or file number",
        ),
        "reason" => tr(lang, "Begründung", "Reason"),
        "note" => tr(lang, "Vermerk", "Note"),
        _ => tr(lang, "Angabe", "Field"),
    }
}

/// What is wrong with field `id`, said for a person at a form (the API's codes name its JSON
/// fields; a form names its own).
pub(super) fn message(lang: Lang, id: &str, problem: &Problem) -> String {
    let text = match (id, problem) {
        ("kind" | "scope" | "source_kind", Problem::Missing | Problem::OneOf { .. }) => tr(
            lang,
            "Bitte wählen Sie eine der Möglichkeiten.",
            "Please choose one of the options.",
        ),
        ("parts", Problem::Missing) => tr(
            lang,
            "Bitte wählen Sie mindestens einen Teilbereich.",
            "Please choose at least one part.",
        ),
        ("parts", Problem::OneOf { .. }) => tr(
            lang,
            "Bitte wählen Sie nur Teilbereiche aus der Liste.",
            "Please choose parts from the list only.",
        ),
        ("child_ags", Problem::Missing) => tr(
            lang,
            "Bitte geben Sie den Gemeindeschlüssel an oder, bei Geburt im Ausland, Staat und Ort.",
            "Please enter the municipality key or, for a birth abroad, country and place.",
        ),
        (
            _,
            Problem::NotAllowed {
                rule: Rule::EitherMunicipalityOrAbroad,
            },
        ) => tr(
            lang,
            "Bitte geben Sie entweder den Gemeindeschlüssel oder Staat und Ort im Ausland an, \
             nicht beides.",
            "Please enter either the municipality key or country and place abroad, not both.",
        ),
        (
            _,
            Problem::NotAllowed {
                rule: Rule::PartsOnlyWhenPartial,
            },
        ) => tr(
            lang,
            "Teilbereiche bitte nur auswählen, wenn der Eintrag nur Teile der Sorge betrifft.",
            "Choose parts only when the entry covers parts of custody only.",
        ),
        ("reason", Problem::Missing | Problem::Empty) => tr(
            lang,
            "Bitte geben Sie eine Begründung an.",
            "Please give a reason.",
        ),
        ("note", Problem::Missing | Problem::Empty) => tr(
            lang,
            "Bitte begründen Sie die Ablehnung in einem Vermerk.",
            "Please give the reason for the rejection in a note.",
        ),
        (_, Problem::Missing | Problem::Empty) => tr(
            lang,
            "Bitte füllen Sie dieses Feld aus.",
            "Please fill in this field.",
        ),
        (_, Problem::InvalidDate) => tr(
            lang,
            "Bitte geben Sie ein gültiges Datum an (TT.MM.JJJJ), z. B. 04.05.2020.",
            "Please enter a valid date (DD.MM.YYYY), e.g. 04.05.2020.",
        ),
        ("child_ags" | "search_ags", Problem::InvalidFormat { .. }) => tr(
            lang,
            "Der Gemeindeschlüssel hat 8 Ziffern, z. B. 03352011.",
            "The municipality key has 8 digits, e.g. 03352011.",
        ),
        (_, other) => return problem_message(other, lang),
    };
    text.to_owned()
}

/// The problems of a submitted form, by field.
#[derive(Debug, Default)]
pub(super) struct FormErrors(Vec<(&'static str, String)>);

impl FormErrors {
    pub(super) fn add(&mut self, id: &'static str, message: String) {
        if !self.0.iter().any(|(i, m)| *i == id && *m == message) {
            self.0.push((id, message));
        }
    }

    /// A problem of field `id`, in words.
    pub(super) fn problem(&mut self, lang: Lang, id: &'static str, problem: &Problem) {
        self.add(id, message(lang, id, problem));
    }

    /// What the API's parser found, at the form's fields.
    pub(super) fn from_api(lang: Lang, errors: &[FieldError]) -> FormErrors {
        let mut found = FormErrors::default();
        for error in errors {
            found.problem(lang, for_path(&error.field), &error.problem);
        }
        found
    }

    pub(super) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Every message of field `id`, as one text.
    pub(super) fn of(&self, id: &str) -> Option<String> {
        let messages: Vec<&str> = self
            .0
            .iter()
            .filter(|(i, _)| *i == id)
            .map(|(_, m)| m.as_str())
            .collect();
        (!messages.is_empty()).then(|| messages.join(" "))
    }

    /// The error summary above the form: each problem with its field's label, linked to the
    /// field, in the order of the page.
    pub(super) fn summary(&self, lang: Lang) -> String {
        let mut items: Vec<(usize, &'static str, String)> = self
            .0
            .iter()
            .map(|(id, m)| {
                let position = ORDER.iter().position(|o| o == id).unwrap_or(ORDER.len());
                (position, *id, format!("{}: {m}", label(lang, id)))
            })
            .collect();
        items.sort_by_key(|(position, _, _)| *position);
        let pairs: Vec<(&str, &str)> = items
            .iter()
            .map(|(_, id, text)| (*id, text.as_str()))
            .collect();
        error_summary(lang, &pairs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_path_of_the_parser_has_a_field() {
        for (path, id) in [
            ("child.given_names", "child_given_names"),
            ("child.birth_place", "child_ags"),
            ("child.birth_place.abroad.place", "child_place"),
            ("parts[3]", "parts"),
            ("father", "father_given_names"),
            ("source.kind", "source_kind"),
            ("kind", "kind"),
            ("", "kind"),
        ] {
            assert_eq!(for_path(path), id, "{path}");
            assert!(ORDER.contains(&id), "{id}");
        }
    }

    #[test]
    fn the_summary_follows_the_page_and_names_the_field() {
        let mut errors = FormErrors::default();
        errors.problem(Lang::De, "effective_date", &Problem::InvalidDate);
        errors.problem(Lang::De, "child_given_names", &Problem::Missing);
        errors.problem(Lang::De, "child_given_names", &Problem::Missing);
        let summary = errors.summary(Lang::De);
        let first = summary.find("#child_given_names").unwrap();
        let second = summary.find("#effective_date").unwrap();
        assert!(first < second, "{summary}");
        assert!(summary.contains("Vornamen des Kindes: Bitte füllen Sie dieses Feld aus."));
        assert_eq!(summary.matches("#child_given_names").count(), 1);
        assert_eq!(
            errors.of("child_given_names").as_deref(),
            Some("Bitte füllen Sie dieses Feld aus.")
        );
    }
}
