//! The fields of the register forms — their ids, which are also their names — with their
//! labels, and what a problem is called next to its field. The JSON API's parser reports
//! problems at its own paths (`child.birth_place.municipality_key`, `parts[1]`);
//! [`for_path`] says which form field each path belongs to.

use domain::Problem;
use domain::validation::Rule;

use crate::i18n::Lang;
use crate::pages::html::tr;
use crate::workbench::forms::{self, FieldNames};

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

/// The register forms' fields ([`FieldNames`]).
#[derive(Debug)]
pub(super) struct RegisterFields;

/// The problems of a submitted register form, by field.
pub(super) type FormErrors = forms::FormErrors<RegisterFields>;

impl FieldNames for RegisterFields {
    const ORDER: &'static [&'static str] = ORDER;

    fn label(lang: Lang, id: &str) -> &'static str {
        label(lang, id)
    }

    fn for_path(path: &str) -> &'static str {
        for_path(path)
    }

    fn message(lang: Lang, id: &str, problem: &Problem) -> String {
        message(lang, id, problem)
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
        "search_country" => tr(lang, "Geburt im Ausland: Staat", "Born abroad: country"),
        "search_place" => tr(lang, "Geburt im Ausland: Ort", "Born abroad: place"),
        "kind" => tr(lang, "Art des Eintrags", "Kind of entry"),
        "scope" => tr(lang, "Umfang", "Scope"),
        "parts" => tr(lang, "Teilbereiche der Sorge", "Parts of custody"),
        "effective_date" => tr(lang, "Wirksam seit", "Effective from"),
        "source_kind" => tr(
            lang,
            "Beurkundet oder entschieden von",
            "Recorded or decided by",
        ),
        "source_reference" => tr(
            lang,
            "Urkunden- oder Aktenzeichen",
            "Document or file number",
        ),
        "reason" => tr(lang, "Begründung", "Reason"),
        "note" => tr(lang, "Vermerk", "Note"),
        // The child's fields and the parents' names, as on the prenatal forms.
        _ => forms::label(lang, id),
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
        // The birthplace, empty fields and dates, as on the prenatal forms.
        _ => return forms::message(lang, id, problem),
    };
    text.to_owned()
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
