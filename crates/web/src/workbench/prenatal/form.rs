//! The two prenatal forms — the notification ([`PrenatalForm`]) and the birth that completes
//! it ([`BirthForm`]) — as entered (so that whatever was entered is shown back), their mapping
//! to the domain's input, and their markup.
//!
//! Empty fields are absent for the domain's parsers, so that they report them as missing; a
//! date typed `TT.MM.JJJJ` (a browser without a date picker) is handed on as `JJJJ-MM-TT`.
//! Every other rule is the parser's. The child's fields are the register form's: same ids,
//! labels, hints and limits.

use domain::input::{
    AbroadInput, BirthPlaceInput, ChildInput, ParentInput, PrenatalInput, SourceInput,
};
use domain::register::SourceKind;

use super::fields::FormErrors;
use crate::i18n::Lang;
use crate::pages::html::{escape, tr};
use crate::workbench::forms::{
    ChildValues, blank, child_fields, choices, date_field, given, iso, text_field,
};

/// Characters of one field kept and shown back at most (far more than any valid value).
const MAX_KEPT: usize = 500;

/// Puts the submitted `fields` into the slots `slot` names (other fields, such as `csrf`, are
/// ignored), each cut to [`MAX_KEPT`]; dates in `TT.MM.JJJJ` become `JJJJ-MM-TT`.
fn read_into<F>(
    form: &mut F,
    fields: &[(String, String)],
    slot: for<'a> fn(&'a mut F, &str) -> Option<(&'a mut String, bool)>,
) {
    for (name, value) in fields {
        if let Some((target, is_date)) = slot(form, name) {
            let value: String = value.chars().take(MAX_KEPT).collect();
            *target = if is_date { iso(&value) } else { value };
        }
    }
}

/// The notification form as entered.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct PrenatalForm {
    pub mother_given_names: String,
    pub mother_family_name: String,
    pub mother_birth_name: String,
    pub mother_birth_date: String,
    pub father_given_names: String,
    pub father_family_name: String,
    pub father_birth_name: String,
    pub effective_date: String,
    pub expected_birth_date: String,
    pub source_kind: String,
    pub source_name: String,
    pub source_reference: String,
}

impl PrenatalForm {
    pub(super) fn read(fields: &[(String, String)]) -> PrenatalForm {
        let mut form = PrenatalForm::default();
        read_into(&mut form, fields, |form, name| {
            Some(match name {
                "mother_given_names" => (&mut form.mother_given_names, false),
                "mother_family_name" => (&mut form.mother_family_name, false),
                "mother_birth_name" => (&mut form.mother_birth_name, false),
                "mother_birth_date" => (&mut form.mother_birth_date, true),
                "father_given_names" => (&mut form.father_given_names, false),
                "father_family_name" => (&mut form.father_family_name, false),
                "father_birth_name" => (&mut form.father_birth_name, false),
                "effective_date" => (&mut form.effective_date, true),
                "expected_birth_date" => (&mut form.expected_birth_date, true),
                "source_kind" => (&mut form.source_kind, false),
                "source_name" => (&mut form.source_name, false),
                "source_reference" => (&mut form.source_reference, false),
                _ => return None,
            })
        });
        form
    }

    /// The form as the domain's input, for [`domain::input::parse_prenatal`]. A father left
    /// out entirely is absent, so that the parser says both parents are needed.
    pub(super) fn input(&self) -> PrenatalInput<'_> {
        let has_father = !(blank(&self.father_given_names)
            && blank(&self.father_family_name)
            && blank(&self.father_birth_name));
        PrenatalInput {
            mother: Some(ParentInput {
                given_names: given(&self.mother_given_names),
                family_name: given(&self.mother_family_name),
                birth_name: given(&self.mother_birth_name),
            }),
            mother_birth_date: given(&self.mother_birth_date),
            father: has_father.then(|| ParentInput {
                given_names: given(&self.father_given_names),
                family_name: given(&self.father_family_name),
                birth_name: given(&self.father_birth_name),
            }),
            effective_date: given(&self.effective_date),
            expected_birth_date: given(&self.expected_birth_date),
            source: Some(SourceInput {
                kind: given(&self.source_kind),
                name: given(&self.source_name),
                reference: given(&self.source_reference),
            }),
        }
    }
}

/// The child's data that complete a notification, as entered.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct BirthForm {
    pub child_given_names: String,
    pub child_family_name: String,
    pub child_birth_date: String,
    pub child_ags: String,
    pub child_country: String,
    pub child_place: String,
}

impl BirthForm {
    pub(super) fn read(fields: &[(String, String)]) -> BirthForm {
        let mut form = BirthForm::default();
        read_into(&mut form, fields, |form, name| {
            Some(match name {
                "child_given_names" => (&mut form.child_given_names, false),
                "child_family_name" => (&mut form.child_family_name, false),
                "child_birth_date" => (&mut form.child_birth_date, true),
                "child_ags" => (&mut form.child_ags, false),
                "child_country" => (&mut form.child_country, false),
                "child_place" => (&mut form.child_place, false),
                _ => return None,
            })
        });
        form
    }

    /// The form as the domain's input, for [`domain::input::parse_birth`].
    pub(super) fn input(&self) -> ChildInput<'_> {
        let abroad = !blank(&self.child_country) || !blank(&self.child_place);
        let birth_place = (!blank(&self.child_ags) || abroad).then(|| BirthPlaceInput {
            municipality_key: given(&self.child_ags),
            abroad: abroad.then(|| AbroadInput {
                country: given(&self.child_country),
                place: given(&self.child_place),
            }),
        });
        ChildInput {
            given_names: given(&self.child_given_names),
            family_name_at_birth: given(&self.child_family_name),
            birth_date: given(&self.child_birth_date),
            birth_place,
        }
    }
}

/// Who recorded the declarations, as radio buttons: only those who may record custody
/// declarations (no court decisions here), worded for them.
fn source_choices(lang: Lang, chosen: &str, errors: &FormErrors) -> String {
    let options = [
        (
            SourceKind::Notary,
            tr(lang, "Notariat (Sorgeerklärungen)", "Notary (declarations)"),
        ),
        (
            SourceKind::YouthOffice,
            tr(
                lang,
                "Jugendamt (Urkundsperson)",
                "Youth welfare office (certifying officer)",
            ),
        ),
        (
            SourceKind::Court,
            tr(
                lang,
                "Familiengericht (Erklärung zur Niederschrift)",
                "Family court (declaration on record)",
            ),
        ),
    ]
    .map(|(kind, text)| (kind.as_str(), text));
    choices(
        lang,
        "source_kind",
        "radio",
        tr(
            lang,
            "Wer die Sorgeerklärungen beurkundet hat.",
            "Who recorded the declarations.",
        ),
        &options,
        &[chosen],
        errors,
    )
}

/// The notification form's fields, in sections (without the `<form>` element, its token or
/// button).
pub(super) fn prenatal_fields(lang: Lang, form: &PrenatalForm, errors: &FormErrors) -> String {
    let name_hint = tr(
        lang,
        "Wie in der Urkunde geschrieben.",
        "As written in the document.",
    );
    let optional = tr(lang, "Freiwillig.", "Optional.");
    let attributes = " maxlength=\"200\" autocomplete=\"off\"";
    let names = |heading: &str, ids: [&'static str; 3], values: [&String; 3]| {
        let mut out = format!("<h2>{}</h2>\n", escape(heading));
        for ((id, value), hint) in ids.iter().zip(values).zip([name_hint, name_hint, optional]) {
            out.push_str(&text_field(lang, id, value, hint, errors, attributes));
        }
        out
    };
    let mut out = names(
        tr(lang, "Mutter", "Mother"),
        [
            "mother_given_names",
            "mother_family_name",
            "mother_birth_name",
        ],
        [
            &form.mother_given_names,
            &form.mother_family_name,
            &form.mother_birth_name,
        ],
    );
    out.push_str(&date_field(
        lang,
        "mother_birth_date",
        &form.mother_birth_date,
        tr(
            lang,
            "Unterscheidet die Mutter von Namensgleichen, wenn ihre Anträge geprüft werden.",
            "Tells the mother from namesakes when her applications are checked.",
        ),
        errors,
    ));
    out.push_str(&names(
        tr(lang, "Vater", "Father"),
        [
            "father_given_names",
            "father_family_name",
            "father_birth_name",
        ],
        [
            &form.father_given_names,
            &form.father_family_name,
            &form.father_birth_name,
        ],
    ));
    out.push_str(&format!(
        "<h2>{}</h2>\n",
        escape(tr(lang, "Sorgeerklärungen", "Declarations"))
    ));
    out.push_str(&date_field(
        lang,
        "effective_date",
        &form.effective_date,
        tr(
            lang,
            "Der Tag, an dem die Sorgeerklärungen beurkundet wurden; ab ihm gelten sie.",
            "The day the declarations were recorded; they take effect from it.",
        ),
        errors,
    ));
    out.push_str(&date_field(
        lang,
        "expected_birth_date",
        &form.expected_birth_date,
        tr(
            lang,
            "Freiwillig, wenn die Urkunde ihn nennt. Nur ein Hinweis für die Bearbeitung.",
            "Optional, where the document states it. Only a hint for staff.",
        ),
        errors,
    ));
    out.push_str(&source_choices(lang, &form.source_kind, errors));
    out.push_str(&text_field(
        lang,
        "source_name",
        &form.source_name,
        tr(
            lang,
            "Z. B. Notariat Am Dom, Bremen, oder Jugendamt Bremen.",
            "E.g. Notariat Am Dom, Bremen, or Jugendamt Bremen.",
        ),
        errors,
        attributes,
    ));
    out.push_str(&text_field(
        lang,
        "source_reference",
        &form.source_reference,
        tr(
            lang,
            "Urkundenrollennummer, z. B. UR-Nr. 123/2024.",
            "Document number, e.g. UR-Nr. 123/2024.",
        ),
        errors,
        attributes,
    ));
    out
}

/// The child's fields, as on the register form. `place_note` says where the entered
/// municipality key leads.
pub(super) fn birth_fields(
    lang: Lang,
    form: &BirthForm,
    errors: &FormErrors,
    place_note: Option<&str>,
) -> String {
    child_fields(
        lang,
        &ChildValues {
            given_names: &form.child_given_names,
            family_name: &form.child_family_name,
            birth_date: &form.child_birth_date,
            ags: &form.child_ags,
            country: &form.child_country,
            place: &form.child_place,
        },
        errors,
        place_note,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::application::BirthPlace;
    use domain::input::{parse_birth, parse_prenatal};
    use time::macros::date;

    const TODAY: time::Date = date!(2026 - 03 - 02);

    fn pairs(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn declarations() -> Vec<(String, String)> {
        pairs(&[
            ("csrf", "x"),
            ("mother_given_names", "Sophia"),
            ("mother_family_name", "Berger"),
            ("mother_birth_name", ""),
            ("mother_birth_date", "17.02.1993"),
            ("father_given_names", "Lars"),
            ("father_family_name", "Janssen"),
            ("father_birth_name", " "),
            ("effective_date", "20.11.2025"),
            ("expected_birth_date", "2026-03-01"),
            ("source_kind", "notary"),
            ("source_name", "Notariat Am Dom, Bremen"),
            ("source_reference", "UR 12/2025"),
        ])
    }

    #[test]
    fn a_complete_form_is_a_valid_notification() {
        let form = PrenatalForm::read(&declarations());
        assert_eq!(form.effective_date, "2025-11-20");
        assert_eq!(form.mother_birth_date, "1993-02-17");
        let n = parse_prenatal(&form.input(), TODAY).expect("valid");
        assert_eq!(n.declared_on, date!(2025 - 11 - 20));
        assert_eq!(n.mother_birth_date, date!(1993 - 02 - 17));
        assert_eq!(n.expected_birth_date, Some(date!(2026 - 03 - 01)));
        assert_eq!(n.father.birth_name, None);
    }

    #[test]
    fn no_father_is_absent_and_empty_fields_are_missing() {
        let mut fields = declarations();
        fields.retain(|(k, _)| {
            !k.starts_with("father_") && k != "expected_birth_date" && k != "mother_birth_date"
        });
        let form = PrenatalForm::read(&fields);
        let input = form.input();
        assert!(input.father.is_none());
        assert_eq!(input.expected_birth_date, None);
        assert_eq!(input.mother_birth_date, None);
        let errors = parse_prenatal(&input, TODAY).unwrap_err();
        let paths: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(paths, ["mother.birth_date", "father"]);
    }

    #[test]
    fn a_birth_at_home_or_abroad() {
        let n = parse_prenatal(&PrenatalForm::read(&declarations()).input(), TODAY).unwrap();
        let form = BirthForm::read(&pairs(&[
            ("child_given_names", "Ida"),
            ("child_family_name", "Berger"),
            ("child_birth_date", "1.2.2026"),
            ("child_ags", ""),
            ("child_country", "AT"),
            ("child_place", "Wien"),
        ]));
        let child = parse_birth(&n, &form.input(), TODAY).expect("valid");
        assert_eq!(child.birth_date, date!(2026 - 02 - 01));
        assert!(matches!(child.birth_place, BirthPlace::Abroad { .. }));
        let form = BirthForm::read(&pairs(&[("child_ags", "04011000")]));
        let errors = parse_birth(&n, &form.input(), TODAY).unwrap_err();
        let paths: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            paths,
            [
                "child.given_names",
                "child.family_name_at_birth",
                "child.birth_date"
            ]
        );
    }

    #[test]
    fn entered_values_are_shown_back_escaped_with_labels() {
        let mut fields = declarations();
        fields.push(("mother_given_names".into(), "<b>\"x\"".into()));
        let form = PrenatalForm::read(&fields);
        let html = prenatal_fields(Lang::De, &form, &FormErrors::default());
        assert!(html.contains("value=\"&lt;b&gt;&quot;x&quot;\""), "{html}");
        assert!(html.contains("value=\"20.11.2025\""));
        assert!(
            html.contains(
                "id=\"mother_birth_date\" name=\"mother_birth_date\" value=\"17.02.1993\""
            )
        );
        let mother_date = html.find("id=\"mother_birth_date\"").unwrap();
        assert!(html.find("id=\"mother_birth_name\"").unwrap() < mother_date);
        assert!(mother_date < html.find("id=\"father_given_names\"").unwrap());
        assert!(html.contains("value=\"notary\" checked"));
        let birth = birth_fields(
            Lang::De,
            &BirthForm::default(),
            &FormErrors::default(),
            None,
        );
        for html in [html, birth] {
            let inputs = html.matches("<input ").count();
            let labels = html.matches("<label for=").count();
            assert_eq!(inputs, labels, "every input has its label");
        }
    }
}
