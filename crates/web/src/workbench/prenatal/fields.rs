//! The fields of the prenatal forms — their ids, which are also their names — with their
//! labels, and what a problem is called next to its field. The domain's parsers report
//! problems at their own paths (`mother.given_names`, `child.birth_place.municipality_key`);
//! [`for_path`] says which form field each path belongs to.
//!
//! The child's fields have the register form's ids, labels and messages, so that staff meet
//! the same field twice the same way.

use domain::Problem;
use domain::validation::Rule;

use crate::i18n::Lang;
use crate::pages::html::tr;
use crate::workbench::forms::{self, FieldNames};

/// The fields in the order of the pages, which is also the order of the error summary.
const ORDER: &[&str] = &[
    "mother_given_names",
    "mother_family_name",
    "mother_birth_name",
    "mother_birth_date",
    "father_given_names",
    "father_family_name",
    "father_birth_name",
    "effective_date",
    "expected_birth_date",
    "source_kind",
    "source_name",
    "source_reference",
    "child_given_names",
    "child_family_name",
    "child_birth_date",
    "child_ags",
    "child_country",
    "child_place",
];

/// The form field a path of the domain's parsers belongs to.
pub(super) fn for_path(path: &str) -> &'static str {
    match path {
        "mother" | "mother.given_names" => "mother_given_names",
        "mother.family_name" => "mother_family_name",
        "mother.birth_name" => "mother_birth_name",
        "mother.birth_date" => "mother_birth_date",
        "father" | "father.given_names" => "father_given_names",
        "father.family_name" => "father_family_name",
        "father.birth_name" => "father_birth_name",
        "effective_date" => "effective_date",
        "expected_birth_date" => "expected_birth_date",
        "source" | "source.kind" => "source_kind",
        "source.name" => "source_name",
        "source.reference" => "source_reference",
        "child.family_name_at_birth" => "child_family_name",
        "child.birth_date" => "child_birth_date",
        "child.birth_place" | "child.birth_place.municipality_key" => "child_ags",
        "child.birth_place.abroad" | "child.birth_place.abroad.country" => "child_country",
        "child.birth_place.abroad.place" => "child_place",
        // `child.given_names`, and a child path the form does not know: its first field.
        path if path.starts_with("child") => "child_given_names",
        // A path of the notification the form does not know: shown at its first field.
        _ => "mother_given_names",
    }
}

/// The prenatal forms' fields ([`FieldNames`]).
#[derive(Debug)]
pub(super) struct PrenatalFields;

/// The problems of a submitted prenatal form, by field.
pub(super) type FormErrors = forms::FormErrors<PrenatalFields>;

impl FieldNames for PrenatalFields {
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

/// The label of a field, as the page and the error summary name it.
pub(super) fn label(lang: Lang, id: &str) -> &'static str {
    match id {
        "mother_birth_date" => tr(lang, "Geburtsdatum der Mutter", "Mother's date of birth"),
        "effective_date" => tr(lang, "Tag der Sorgeerklärungen", "Date of the declarations"),
        "expected_birth_date" => tr(
            lang,
            "Voraussichtlicher Geburtstermin",
            "Expected date of birth",
        ),
        "source_kind" => tr(lang, "Beurkundet von", "Recorded by"),
        "source_reference" => tr(lang, "Urkundenzeichen", "Document number"),
        // The child's fields and the parents' names, as on the register form.
        _ => forms::label(lang, id),
    }
}

/// What is wrong with field `id`, said for a person at a form.
pub(super) fn message(lang: Lang, id: &str, problem: &Problem) -> String {
    let text = match (id, problem) {
        ("source_kind", Problem::Missing | Problem::OneOf { .. }) => tr(
            lang,
            "Bitte wählen Sie eine der Möglichkeiten.",
            "Please choose one of the options.",
        ),
        (
            "father_given_names",
            Problem::NotAllowed {
                rule: Rule::BothParentsNamed,
            },
        ) => tr(
            lang,
            "Sorgeerklärungen geben beide Eltern ab: bitte geben Sie den Vater an.",
            "Both parents make custody declarations: please enter the father.",
        ),
        (
            "child_birth_date",
            Problem::NotAllowed {
                rule: Rule::BirthWithinPregnancy,
            },
        ) => tr(
            lang,
            "Dieses Geburtsdatum passt nicht zu den Sorgeerklärungen: ein Kind, das sie \
             betreffen, ist höchstens 31 Tage vor und höchstens 310 Tage nach ihnen geboren. \
             Bitte prüfen Sie das Datum und den Tag der Sorgeerklärungen.",
            "This date of birth does not fit the declarations: a child they concern is born at \
             most 31 days before and at most 310 days after them. Please check the date and \
             the date of the declarations.",
        ),
        (
            "mother_birth_date",
            Problem::NotAllowed {
                rule: Rule::MotherOlderThanChild,
            },
        ) => tr(
            lang,
            "Das Geburtsdatum der Mutter muss vor dem Tag der Sorgeerklärungen liegen. Bitte \
             prüfen Sie beide Daten.",
            "The mother's date of birth must lie before the date of the declarations. Please \
             check both dates.",
        ),
        (
            "expected_birth_date",
            Problem::NotAllowed {
                rule: Rule::BirthWithinPregnancy,
            },
        ) => tr(
            lang,
            "Der Geburtstermin liegt nach den Sorgeerklärungen, höchstens 310 Tage danach.",
            "The expected date of birth lies after the declarations, at most 310 days after \
             them.",
        ),
        // The birthplace, empty fields and dates, as on the register form.
        _ => return forms::message(lang, id, problem),
    };
    text.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::validation::FieldError;

    #[test]
    fn every_path_of_the_parsers_has_a_field() {
        for (path, id) in [
            ("mother.given_names", "mother_given_names"),
            ("mother.birth_date", "mother_birth_date"),
            ("father", "father_given_names"),
            ("father.birth_name", "father_birth_name"),
            ("effective_date", "effective_date"),
            ("expected_birth_date", "expected_birth_date"),
            ("source.kind", "source_kind"),
            ("source.reference", "source_reference"),
            ("child.given_names", "child_given_names"),
            ("child.birth_date", "child_birth_date"),
            ("child.birth_place", "child_ags"),
            ("child.birth_place.abroad.place", "child_place"),
            ("", "mother_given_names"),
        ] {
            assert_eq!(for_path(path), id, "{path}");
            assert!(ORDER.contains(&id), "{id}");
            assert_ne!(label(Lang::De, id), "Angabe", "{id}");
        }
    }

    #[test]
    fn the_mothers_date_of_birth_is_its_own_field() {
        let errors = FormErrors::from_paths(
            Lang::De,
            &[
                FieldError::new("father.given_names", Problem::Missing),
                FieldError::new("mother.birth_date", Problem::Missing),
            ],
        );
        let summary = errors.summary(Lang::De);
        let mother = summary.find("#mother_birth_date").unwrap();
        assert!(
            mother < summary.find("#father_given_names").unwrap(),
            "{summary}"
        );
        assert!(summary.contains("Geburtsdatum der Mutter: Bitte füllen Sie dieses Feld aus."));
        let late = FormErrors::from_paths(
            Lang::De,
            &[FieldError::new(
                "mother.birth_date",
                Problem::NotAllowed {
                    rule: Rule::MotherOlderThanChild,
                },
            )],
        );
        assert!(
            late.of("mother_birth_date")
                .unwrap()
                .contains("muss vor dem Tag der Sorgeerklärungen liegen")
        );
    }

    #[test]
    fn the_summary_follows_the_page_and_names_the_field() {
        let errors = FormErrors::from_paths(
            Lang::De,
            &[
                FieldError::new("source.kind", Problem::Missing),
                FieldError::new("mother.given_names", Problem::Missing),
                FieldError::new("mother.given_names", Problem::Missing),
            ],
        );
        let summary = errors.summary(Lang::De);
        let first = summary.find("#mother_given_names").unwrap();
        let second = summary.find("#source_kind").unwrap();
        assert!(first < second, "{summary}");
        assert!(summary.contains("Vornamen der Mutter: Bitte füllen Sie dieses Feld aus."));
        assert_eq!(summary.matches("#mother_given_names").count(), 1);
        assert_eq!(
            errors.of("source_kind").as_deref(),
            Some("Bitte wählen Sie eine der Möglichkeiten.")
        );
    }
}
