//! The notification form: its fields as text (so that whatever was entered is shown back), the
//! mapping of the form to the JSON API's [`NotificationIn`] and of a recorded notification back
//! to the form (to correct it), and the form's markup.
//!
//! Empty fields are absent for the API's parser, so that it reports them as missing; a date
//! typed `TT.MM.JJJJ` (a browser without a date picker) is handed on as `JJJJ-MM-TT`. Every
//! other rule is the parser's.

use domain::application::BirthPlace;
use domain::register::{CustodyPart, EntryKind, Notification, Parent, SourceKind};

use super::fields::{FormErrors, label};
use crate::api::common::{AbroadIn, BirthPlaceIn, ChildIn, iso_date};
use crate::api::register::{NotificationIn, ParentIn, SourceIn};
use crate::i18n::Lang;
use crate::pages::html::{described, escape, field, tr};
use crate::workbench::forms::{
    self, ChildValues, blank, child_fields, choices, date_field, iso, text_field,
};

/// Characters of one field kept and shown back at most (far more than any valid value).
const MAX_KEPT: usize = 500;

/// The notification form as entered.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct NotificationForm {
    pub kind: String,
    pub scope: String,
    pub parts: Vec<String>,
    pub child_given_names: String,
    pub child_family_name: String,
    pub child_birth_date: String,
    pub child_ags: String,
    pub child_country: String,
    pub child_place: String,
    pub mother_given_names: String,
    pub mother_family_name: String,
    pub mother_birth_name: String,
    pub father_given_names: String,
    pub father_family_name: String,
    pub father_birth_name: String,
    pub effective_date: String,
    pub source_kind: String,
    pub source_name: String,
    pub source_reference: String,
}

impl NotificationForm {
    /// An empty form; custody as a whole is the usual case.
    pub(super) fn blank() -> NotificationForm {
        NotificationForm {
            scope: "whole".to_owned(),
            ..NotificationForm::default()
        }
    }

    /// The form from submitted fields (other fields, such as `csrf`, are ignored).
    pub(super) fn read(fields: &[(String, String)]) -> NotificationForm {
        let mut form = NotificationForm::default();
        for (name, value) in fields {
            let value: String = value.chars().take(MAX_KEPT).collect();
            let slot = match name.as_str() {
                "parts" => {
                    if form.parts.len() < 2 * domain::input::MAX_PARTS {
                        form.parts.push(value);
                    }
                    continue;
                }
                "kind" => &mut form.kind,
                "scope" => &mut form.scope,
                "child_given_names" => &mut form.child_given_names,
                "child_family_name" => &mut form.child_family_name,
                "child_birth_date" => &mut form.child_birth_date,
                "child_ags" => &mut form.child_ags,
                "child_country" => &mut form.child_country,
                "child_place" => &mut form.child_place,
                "mother_given_names" => &mut form.mother_given_names,
                "mother_family_name" => &mut form.mother_family_name,
                "mother_birth_name" => &mut form.mother_birth_name,
                "father_given_names" => &mut form.father_given_names,
                "father_family_name" => &mut form.father_family_name,
                "father_birth_name" => &mut form.father_birth_name,
                "effective_date" => &mut form.effective_date,
                "source_kind" => &mut form.source_kind,
                "source_name" => &mut form.source_name,
                "source_reference" => &mut form.source_reference,
                _ => continue,
            };
            *slot = value;
        }
        form
    }

    /// The form filled with a recorded notification, to correct it.
    pub(super) fn prefilled(n: &Notification) -> NotificationForm {
        let (ags, country, place) = match &n.child.birth_place {
            BirthPlace::Municipality(ags) => (ags.to_string(), String::new(), String::new()),
            BirthPlace::Abroad { country, place } => {
                (String::new(), country.to_string(), place.clone())
            }
        };
        let parent = |p: &Parent| {
            (
                p.given_names.to_string(),
                p.family_name.to_string(),
                p.birth_name
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default(),
            )
        };
        let (mother_given_names, mother_family_name, mother_birth_name) = parent(&n.mother);
        let (father_given_names, father_family_name, father_birth_name) =
            n.father.as_ref().map(parent).unwrap_or_default();
        NotificationForm {
            kind: n.kind.as_str().to_owned(),
            scope: n.scope.as_str().to_owned(),
            parts: n
                .scope
                .parts()
                .iter()
                .map(|p| p.as_str().to_owned())
                .collect(),
            child_given_names: n.child.given_names.to_string(),
            child_family_name: n.child.family_name_at_birth.to_string(),
            child_birth_date: iso_date(n.child.birth_date),
            child_ags: ags,
            child_country: country,
            child_place: place,
            mother_given_names,
            mother_family_name,
            mother_birth_name,
            father_given_names,
            father_family_name,
            father_birth_name,
            effective_date: iso_date(n.effective_date),
            source_kind: n.source.kind.as_str().to_owned(),
            source_name: n.source.name.clone(),
            source_reference: n.source.reference.clone(),
        }
    }

    /// The form as the JSON API's input, for its parser.
    pub(super) fn input(&self) -> NotificationIn {
        let abroad = !blank(&self.child_country) || !blank(&self.child_place);
        let birth_place = (!blank(&self.child_ags) || abroad).then(|| BirthPlaceIn {
            municipality_key: given(&self.child_ags),
            abroad: abroad.then(|| AbroadIn {
                country: given(&self.child_country),
                place: given(&self.child_place),
            }),
        });
        let has_father = !(blank(&self.father_given_names)
            && blank(&self.father_family_name)
            && blank(&self.father_birth_name));
        NotificationIn {
            child: Some(ChildIn {
                given_names: given(&self.child_given_names),
                family_name_at_birth: given(&self.child_family_name),
                birth_date: given(&self.child_birth_date).map(|d| iso(&d)),
                birth_place,
            }),
            mother: Some(ParentIn {
                given_names: given(&self.mother_given_names),
                family_name: given(&self.mother_family_name),
                birth_name: given(&self.mother_birth_name),
            }),
            father: has_father.then(|| ParentIn {
                given_names: given(&self.father_given_names),
                family_name: given(&self.father_family_name),
                birth_name: given(&self.father_birth_name),
            }),
            kind: given(&self.kind),
            scope: given(&self.scope),
            parts: Some(self.parts.clone()),
            effective_date: given(&self.effective_date).map(|d| iso(&d)),
            source: Some(SourceIn {
                kind: given(&self.source_kind),
                name: given(&self.source_name),
                reference: given(&self.source_reference),
            }),
        }
    }
}

/// A field's value for the API's parser ([`forms::given`], owned).
fn given(value: &str) -> Option<String> {
    forms::given(value).map(str::to_owned)
}

/// A text area for a reason or a note, in its labelled field.
pub(super) fn text_area(
    lang: Lang,
    id: &'static str,
    value: &str,
    hint: &str,
    errors: &FormErrors,
) -> String {
    let error = errors.of(id);
    field(
        id,
        label(lang, id),
        hint,
        error.as_deref(),
        &format!(
            "<textarea id=\"{id}\" name=\"{id}\" rows=\"3\" maxlength=\"{max}\"{}>{}</textarea>",
            described(id, error.is_some()),
            escape(value),
            max = crate::api::register::MAX_REASON,
        ),
    )
}

fn kind_options(lang: Lang) -> Vec<(&'static str, &'static str)> {
    [
        EntryKind::CustodyDeclarations,
        EntryKind::CourtJointCustody,
        EntryKind::CourtCustodyWithdrawn,
        EntryKind::CourtReplacementArt224,
    ]
    .into_iter()
    .map(|kind| {
        (
            kind.as_str(),
            crate::workbench::words::entry_kind(lang, kind),
        )
    })
    .collect()
}

fn part_options(lang: Lang) -> Vec<(&'static str, &'static str)> {
    CustodyPart::ALL
        .iter()
        .filter_map(|raw| CustodyPart::parse(raw).ok())
        .map(|part| {
            let name = match lang {
                Lang::De => certificate::pdf::german_part_name(part),
                Lang::En => certificate::pdf::english_part_name(part),
            };
            (part.as_str(), name)
        })
        .collect()
}

fn source_options(lang: Lang) -> Vec<(&'static str, &'static str)> {
    [
        (
            SourceKind::Notary,
            tr(lang, "Notariat (Sorgeerklärungen)", "Notary (declarations)"),
        ),
        (
            SourceKind::YouthOffice,
            tr(
                lang,
                "Jugendamt (Urkundsperson, oder am Verfahren beteiligt)",
                "Youth welfare office (certifying officer, or party to the proceedings)",
            ),
        ),
        (
            SourceKind::Court,
            tr(lang, "Familiengericht", "Family court"),
        ),
    ]
    .into_iter()
    .map(|(kind, text)| (kind.as_str(), text))
    .collect()
}

/// The form's fields, in sections (without the `<form>` element, its token or button).
/// `place_note` says where the entered municipality key leads.
pub(super) fn fields(
    lang: Lang,
    form: &NotificationForm,
    errors: &FormErrors,
    place_note: Option<&str>,
) -> String {
    let parts: Vec<&str> = form.parts.iter().map(String::as_str).collect();
    let name_hint = tr(
        lang,
        "Wie in der Urkunde oder Entscheidung geschrieben.",
        "As written in the document or decision.",
    );
    let optional = tr(lang, "Freiwillig.", "Optional.");
    let mut out = String::new();
    out.push_str(&format!(
        "<h2>{}</h2>\n",
        escape(tr(lang, "Eintrag", "Entry"))
    ));
    out.push_str(&choices(
        lang,
        "kind",
        "radio",
        tr(
            lang,
            "Was mitgeteilt wurde (§ 58 Abs. 1 SGB VIII).",
            "What was notified (§ 58 (1) SGB VIII).",
        ),
        &kind_options(lang),
        &[form.kind.as_str()],
        errors,
    ));
    out.push_str(&choices(
        lang,
        "scope",
        "radio",
        tr(
            lang,
            "Sorgeerklärungen betreffen immer die gesamte Sorge; Gerichtsentscheidungen auch nur \
             Teile.",
            "Custody declarations always cover custody as a whole; court decisions may cover \
             parts only.",
        ),
        &[
            (
                "whole",
                tr(lang, "Gesamte elterliche Sorge", "The whole of custody"),
            ),
            (
                "partial",
                tr(
                    lang,
                    "Nur Teile der elterlichen Sorge",
                    "Parts of custody only",
                ),
            ),
        ],
        &[form.scope.as_str()],
        errors,
    ));
    out.push_str(&choices(
        lang,
        "parts",
        "checkbox",
        tr(
            lang,
            "Nur bei „Nur Teile der elterlichen Sorge“: welche Teile die Entscheidung betrifft.",
            "Only with “parts of custody only”: which parts the decision covers.",
        ),
        &part_options(lang),
        &parts,
        errors,
    ));
    out.push_str(&format!("<h2>{}</h2>\n", escape(tr(lang, "Kind", "Child"))));
    out.push_str(&child_fields(
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
    ));
    for (parent, heading, hint) in [
        ("mother", tr(lang, "Mutter", "Mother"), name_hint),
        (
            "father",
            tr(lang, "Vater", "Father"),
            tr(
                lang,
                "Anzugeben bei Sorgeerklärungen und bei gemeinsamer Sorge durch Gericht.",
                "Required for custody declarations and joint custody by court.",
            ),
        ),
    ] {
        let (given_id, family_id, birth_id, values) = if parent == "mother" {
            (
                "mother_given_names",
                "mother_family_name",
                "mother_birth_name",
                (
                    &form.mother_given_names,
                    &form.mother_family_name,
                    &form.mother_birth_name,
                ),
            )
        } else {
            (
                "father_given_names",
                "father_family_name",
                "father_birth_name",
                (
                    &form.father_given_names,
                    &form.father_family_name,
                    &form.father_birth_name,
                ),
            )
        };
        out.push_str(&format!("<h2>{}</h2>\n", escape(heading)));
        let attributes = " maxlength=\"200\" autocomplete=\"off\"";
        out.push_str(&text_field(
            lang, given_id, values.0, hint, errors, attributes,
        ));
        out.push_str(&text_field(
            lang, family_id, values.1, name_hint, errors, attributes,
        ));
        out.push_str(&text_field(
            lang, birth_id, values.2, optional, errors, attributes,
        ));
    }
    out.push_str(&format!(
        "<h2>{}</h2>\n",
        escape(tr(lang, "Quelle und Wirksamkeit", "Source and effect"))
    ));
    out.push_str(&date_field(
        lang,
        "effective_date",
        &form.effective_date,
        tr(
            lang,
            "Tag der Beurkundung der Sorgeerklärungen oder der Rechtskraft der Entscheidung.",
            "The day the declarations were recorded or the decision became final.",
        ),
        errors,
    ));
    out.push_str(&choices(
        lang,
        "source_kind",
        "radio",
        tr(
            lang,
            "Wer die Sorgeerklärungen beurkundet oder die Entscheidung getroffen hat.",
            "Who recorded the declarations or made the decision.",
        ),
        &source_options(lang),
        &[form.source_kind.as_str()],
        errors,
    ));
    out.push_str(&text_field(
        lang,
        "source_name",
        &form.source_name,
        tr(
            lang,
            "Z. B. Notariat Am Dom, Bremen, oder Amtsgericht Cuxhaven – Familiengericht.",
            "E.g. Notariat Am Dom, Bremen, or Amtsgericht Cuxhaven – family court.",
        ),
        errors,
        " maxlength=\"200\" autocomplete=\"off\"",
    ));
    out.push_str(&text_field(
        lang,
        "source_reference",
        &form.source_reference,
        tr(
            lang,
            "Urkundenrollennummer oder Aktenzeichen, z. B. UR-Nr. 123/2024 oder 3 F 45/24.",
            "Document or file number, e.g. UR-Nr. 123/2024 or 3 F 45/24.",
        ),
        errors,
        " maxlength=\"200\" autocomplete=\"off\"",
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::register::parse;
    use domain::register::Scope;
    use time::macros::date;

    fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn charlotte() -> Vec<(String, String)> {
        fields(&[
            ("csrf", "x"),
            ("kind", "custody_declarations"),
            ("scope", "whole"),
            ("child_given_names", "Charlotte"),
            ("child_family_name", "Berger"),
            ("child_birth_date", "04.05.2020"),
            ("child_ags", "03352011"),
            ("child_country", ""),
            ("child_place", " "),
            ("mother_given_names", "Sophia"),
            ("mother_family_name", "Berger"),
            ("mother_birth_name", ""),
            ("father_given_names", "Lars"),
            ("father_family_name", "Janssen"),
            ("father_birth_name", ""),
            ("effective_date", "2020-09-01"),
            ("source_kind", "youth_office"),
            ("source_name", "Jugendamt Landkreis Cuxhaven"),
            ("source_reference", "UR 88/2020"),
        ])
    }

    #[test]
    fn a_complete_form_is_a_valid_notification_and_round_trips() {
        let form = NotificationForm::read(&charlotte());
        let notification = parse(&form.input(), date!(2026 - 03 - 02)).expect("valid");
        assert_eq!(notification.child.birth_date, date!(2020 - 05 - 04));
        assert_eq!(notification.mother.birth_name, None);
        assert_eq!(notification.scope, Scope::Whole);
        let again = NotificationForm::prefilled(&notification);
        assert_eq!(
            parse(&again.input(), date!(2026 - 03 - 02)).unwrap(),
            notification
        );
        assert_eq!(again.child_birth_date, "2020-05-04");
    }

    #[test]
    fn empty_fields_are_missing_and_no_father_is_none() {
        let form = NotificationForm::read(&fields(&[("scope", "whole")]));
        let input = form.input();
        assert!(input.father.is_none());
        assert!(input.child.as_ref().unwrap().birth_place.is_none());
        assert!(input.kind.is_none());
        let Err(crate::ApiError::Validation(errors)) = parse(&input, date!(2026 - 03 - 02)) else {
            panic!("invalid");
        };
        let paths: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        for path in [
            "child.given_names",
            "child.birth_place",
            "mother.given_names",
            "kind",
            "effective_date",
            "source.kind",
        ] {
            assert!(paths.contains(&path), "{path}: {paths:?}");
        }
    }

    #[test]
    fn a_place_abroad_and_partial_parts() {
        let mut pairs = charlotte();
        pairs.retain(|(k, _)| !k.starts_with("child_") && k != "kind" && k != "scope");
        pairs.extend(fields(&[
            ("child_given_names", "Lukas"),
            ("child_family_name", "Gruber"),
            ("child_birth_date", "2018-11-02"),
            ("child_country", "AT"),
            ("child_place", "Wien"),
            ("kind", "court_joint_custody"),
            ("scope", "partial"),
            ("parts", "health"),
            ("parts", "residence"),
        ]));
        let form = NotificationForm::read(&pairs);
        let n = parse(&form.input(), date!(2026 - 03 - 02)).expect("valid");
        assert_eq!(n.scope.parts().len(), 2);
        assert!(matches!(n.child.birth_place, BirthPlace::Abroad { .. }));
    }

    #[test]
    fn entered_values_are_shown_back_escaped_with_labels() {
        let mut pairs = charlotte();
        pairs.push(("child_given_names".into(), "<b>\"x\"".into()));
        let form = NotificationForm::read(&pairs);
        let html = super::fields(Lang::De, &form, &FormErrors::default(), None);
        assert!(html.contains("value=\"&lt;b&gt;&quot;x&quot;\""), "{html}");
        assert!(html.contains("value=\"04.05.2020\""));
        let inputs = html.matches("<input ").count();
        let labels = html.matches("<label for=").count();
        assert_eq!(inputs, labels, "every input has its label");
    }
}
