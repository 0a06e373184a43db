//! Notifications, children and applications as an edge receives them — text fields, any of them missing — and
//! their parsing into domain values, with every field error collected.
//!
//! The JSON API, the citizen portal's form and the CSV import of an existing register parse
//! through here, so that a
//! notification is valid or invalid for the same reasons wherever it arrives. Field paths are
//! the JSON API's (`child.birth_place.municipality_key`, `parts[1]`); an edge that names its
//! fields otherwise translates the paths, not the rules. Nothing here knows JSON or CSV.

use std::collections::BTreeSet;

use time::Date;

use crate::application::{
    Address, Applicant, Application, BirthPlace, ChildIdentity, Declarations, MAX_PLACE_CHARS,
    MAX_STREET_CHARS, parse_past_date,
};
use crate::prenatal::{self, PrenatalNotification};
use crate::register::{
    CustodyPart, EntryKind, Notification, Parent, Scope, Source, SourceKind, check_entry,
};
use crate::validation::{Errors, FieldError, Problem, Rule, bounded_text};
use crate::{Ags, CountryCode, PersonName, PostalCode};

/// Longest name or reference of a notification's source.
pub const MAX_SOURCE_TEXT: usize = 200;
/// Most parts of custody one notification may list.
pub const MAX_PARTS: usize = 20;

/// A child as received: name at birth registration, date and place of birth.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ChildInput<'a> {
    pub given_names: Option<&'a str>,
    pub family_name_at_birth: Option<&'a str>,
    /// `YYYY-MM-DD`.
    pub birth_date: Option<&'a str>,
    pub birth_place: Option<BirthPlaceInput<'a>>,
}

/// A birthplace as received: a municipality key or a place abroad, exactly one of them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BirthPlaceInput<'a> {
    pub municipality_key: Option<&'a str>,
    pub abroad: Option<AbroadInput<'a>>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AbroadInput<'a> {
    /// ISO 3166-1 alpha-2, not `DE`.
    pub country: Option<&'a str>,
    pub place: Option<&'a str>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ParentInput<'a> {
    pub given_names: Option<&'a str>,
    pub family_name: Option<&'a str>,
    /// Blank means none.
    pub birth_name: Option<&'a str>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SourceInput<'a> {
    pub kind: Option<&'a str>,
    pub name: Option<&'a str>,
    pub reference: Option<&'a str>,
}

/// A notification to the register as received. The codes are the API's (`kind`:
/// `custody_declarations`, …; `scope`: `whole` or `partial`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NotificationInput<'a> {
    pub child: Option<ChildInput<'a>>,
    pub mother: Option<ParentInput<'a>>,
    /// Absent where the entry does not name him.
    pub father: Option<ParentInput<'a>>,
    pub kind: Option<&'a str>,
    pub scope: Option<&'a str>,
    pub parts: Option<Vec<&'a str>>,
    /// `YYYY-MM-DD`.
    pub effective_date: Option<&'a str>,
    pub source: Option<SourceInput<'a>>,
}

/// A required name part.
pub fn name(errors: &mut Errors, field: &str, raw: Option<&str>) -> Option<PersonName> {
    errors.required(field, raw, PersonName::parse)
}

/// An optional name part: absent or blank is `Some(None)`; `None` only when it is invalid.
pub fn optional_name(
    errors: &mut Errors,
    field: &str,
    raw: Option<&str>,
) -> Option<Option<PersonName>> {
    match raw {
        None => Some(None),
        Some(raw) if raw.trim().is_empty() => Some(None),
        Some(raw) => errors.take(field, PersonName::parse(raw)).map(Some),
    }
}

/// A required date that is neither in the future nor before 1900.
pub fn past_date(errors: &mut Errors, field: &str, raw: Option<&str>, today: Date) -> Option<Date> {
    errors.required(field, raw, |r| parse_past_date(r, today))
}

/// A required free text of at most `max` characters.
pub fn text(errors: &mut Errors, field: &str, raw: Option<&str>, max: usize) -> Option<String> {
    errors.required(field, raw, |r| bounded_text(r, max))
}

pub fn birth_place(
    errors: &mut Errors,
    field: &str,
    raw: Option<&BirthPlaceInput>,
) -> Option<BirthPlace> {
    let Some(raw) = raw else {
        errors.push(field, Problem::Missing);
        return None;
    };
    match (raw.municipality_key, &raw.abroad) {
        (Some(key), None) => errors
            .take(&format!("{field}.municipality_key"), Ags::parse(key))
            .map(BirthPlace::Municipality),
        (None, Some(abroad)) => {
            let country = errors.required(
                &format!("{field}.abroad.country"),
                abroad.country,
                CountryCode::parse_foreign,
            );
            let place = text(
                errors,
                &format!("{field}.abroad.place"),
                abroad.place,
                MAX_PLACE_CHARS,
            );
            Some(BirthPlace::Abroad {
                country: country?,
                place: place?,
            })
        }
        _ => {
            errors.push(
                field,
                Problem::NotAllowed {
                    rule: Rule::EitherMunicipalityOrAbroad,
                },
            );
            None
        }
    }
}

pub fn child(
    errors: &mut Errors,
    field: &str,
    raw: Option<&ChildInput>,
    today: Date,
) -> Option<ChildIdentity> {
    let Some(raw) = raw else {
        errors.push(field, Problem::Missing);
        return None;
    };
    let given_names = name(errors, &format!("{field}.given_names"), raw.given_names);
    let family = name(
        errors,
        &format!("{field}.family_name_at_birth"),
        raw.family_name_at_birth,
    );
    let birth_date = past_date(
        errors,
        &format!("{field}.birth_date"),
        raw.birth_date,
        today,
    );
    let birth_place = birth_place(
        errors,
        &format!("{field}.birth_place"),
        raw.birth_place.as_ref(),
    );
    Some(ChildIdentity {
        given_names: given_names?,
        family_name_at_birth: family?,
        birth_date: birth_date?,
        birth_place: birth_place?,
    })
}

pub fn parent(errors: &mut Errors, field: &str, raw: Option<&ParentInput>) -> Option<Parent> {
    let Some(raw) = raw else {
        errors.push(field, Problem::Missing);
        return None;
    };
    let given_names = name(errors, &format!("{field}.given_names"), raw.given_names);
    let family_name = name(errors, &format!("{field}.family_name"), raw.family_name);
    let birth_name = optional_name(errors, &format!("{field}.birth_name"), raw.birth_name);
    Some(Parent {
        given_names: given_names?,
        family_name: family_name?,
        birth_name: birth_name?,
    })
}

/// Parses a notification, collecting every field error: each field on its own, then the rules
/// that tie fields together (see [`check_entry`]).
pub fn parse_notification(
    input: &NotificationInput,
    today: Date,
) -> Result<Notification, Vec<FieldError>> {
    let mut errors = Errors::default();
    let child = child(&mut errors, "child", input.child.as_ref(), today);
    let mother = parent(&mut errors, "mother", input.mother.as_ref());
    let father = match &input.father {
        None => Some(None),
        Some(f) => parent(&mut errors, "father", Some(f)).map(Some),
    };
    let kind = errors.required("kind", input.kind, EntryKind::parse);
    let scope = scope(&mut errors, input.scope, input.parts.as_deref());
    let effective_date = past_date(&mut errors, "effective_date", input.effective_date, today);
    let source = source(&mut errors, input.source.as_ref());
    if let (Some(kind), Some(scope), Some(source), Some(effective)) =
        (kind, &scope, &source, effective_date)
    {
        for (field, problem) in check_entry(kind, scope, source.kind, effective) {
            errors.push(field, problem);
        }
    }
    if let (Some(kind), Some(None)) = (kind, &father)
        && matches!(
            kind,
            EntryKind::CustodyDeclarations | EntryKind::CourtJointCustody
        )
    {
        errors.push(
            "father",
            Problem::NotAllowed {
                rule: Rule::BothParentsNamed,
            },
        );
    }
    if let (Some(kind), Some(child), Some(effective)) = (kind, &child, effective_date)
        && kind.is_court_decision()
        && effective < child.birth_date
    {
        errors.push(
            "effective_date",
            Problem::NotAllowed {
                rule: Rule::DecisionAfterBirth,
            },
        );
    }
    let notification = match (child, mother, father, kind, scope, effective_date, source) {
        (
            Some(child),
            Some(mother),
            Some(father),
            Some(kind),
            Some(scope),
            Some(effective_date),
            Some(source),
        ) => Some(Notification {
            child,
            mother,
            father,
            kind,
            scope,
            effective_date,
            source,
        }),
        _ => None,
    };
    errors.finish(notification)
}

/// Who notified, with their name and reference.
pub fn source(errors: &mut Errors, raw: Option<&SourceInput>) -> Option<Source> {
    let Some(s) = raw else {
        errors.push("source", Problem::Missing);
        return None;
    };
    let kind = errors.required("source.kind", s.kind, SourceKind::parse);
    let name = text(errors, "source.name", s.name, MAX_SOURCE_TEXT);
    let reference = text(errors, "source.reference", s.reference, MAX_SOURCE_TEXT);
    Some(Source {
        kind: kind?,
        name: name?,
        reference: reference?,
    })
}

/// A notification of Sorgeerklärungen made before the birth, as received: no child, both
/// parents, the day of the declarations, perhaps the expected date of birth.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PrenatalInput<'a> {
    pub mother: Option<ParentInput<'a>>,
    /// `YYYY-MM-DD`, the mother's date of birth (field `mother.birth_date`).
    pub mother_birth_date: Option<&'a str>,
    pub father: Option<ParentInput<'a>>,
    /// `YYYY-MM-DD`: when the declarations were made.
    pub effective_date: Option<&'a str>,
    /// `YYYY-MM-DD`, optional.
    pub expected_birth_date: Option<&'a str>,
    pub source: Option<SourceInput<'a>>,
}

/// Parses a prenatal notification, collecting every field error. The rules of Sorgeerklärungen
/// apply (see [`check_entry`]); an expected date of birth lies in the span after the
/// declarations that a pregnancy lasts.
pub fn parse_prenatal(
    input: &PrenatalInput,
    today: Date,
) -> Result<PrenatalNotification, Vec<FieldError>> {
    let mut errors = Errors::default();
    let mother = parent(&mut errors, "mother", input.mother.as_ref());
    let mother_birth_date = past_date(
        &mut errors,
        "mother.birth_date",
        input.mother_birth_date,
        today,
    );
    let father = match &input.father {
        None => {
            errors.push(
                "father",
                Problem::NotAllowed {
                    rule: Rule::BothParentsNamed,
                },
            );
            None
        }
        Some(f) => parent(&mut errors, "father", Some(f)),
    };
    let declared_on = past_date(&mut errors, "effective_date", input.effective_date, today);
    let expected = match input.expected_birth_date {
        None => Some(None),
        Some(raw) if raw.trim().is_empty() => Some(None),
        Some(raw) => errors
            .take("expected_birth_date", crate::application::parse_date(raw))
            .map(Some),
    };
    let source = source(&mut errors, input.source.as_ref());
    if let (Some(source), Some(declared_on)) = (&source, declared_on) {
        for (field, problem) in check_entry(
            EntryKind::CustodyDeclarations,
            &Scope::Whole,
            source.kind,
            declared_on,
        ) {
            errors.push(field, problem);
        }
    }
    if let (Some(Some(expected)), Some(declared_on)) = (expected, declared_on)
        && !(declared_on..=declared_on + prenatal::BORN_AFTER_DECLARATION).contains(&expected)
    {
        errors.push(
            "expected_birth_date",
            Problem::NotAllowed {
                rule: Rule::BirthWithinPregnancy,
            },
        );
    }
    if let (Some(born), Some(declared_on)) = (mother_birth_date, declared_on)
        && born >= declared_on
    {
        errors.push(
            "mother.birth_date",
            Problem::NotAllowed {
                rule: Rule::MotherOlderThanChild,
            },
        );
    }
    let notification = match (
        mother,
        mother_birth_date,
        father,
        declared_on,
        expected,
        source,
    ) {
        (
            Some(mother),
            Some(mother_birth_date),
            Some(father),
            Some(declared_on),
            Some(expected_birth_date),
            Some(source),
        ) => Some(PrenatalNotification {
            mother,
            mother_birth_date,
            father,
            declared_on,
            expected_birth_date,
            source,
        }),
        _ => None,
    };
    errors.finish(notification)
}

/// Parses the child's data that complete a prenatal notification: the child must have been
/// born in the span the declarations could concern.
pub fn parse_birth(
    notification: &PrenatalNotification,
    input: &ChildInput,
    today: Date,
) -> Result<ChildIdentity, Vec<FieldError>> {
    let mut errors = Errors::default();
    let child = child(&mut errors, "child", Some(input), today);
    if let Some(child) = &child
        && !notification.spans(child.birth_date)
    {
        errors.push(
            "child.birth_date",
            Problem::NotAllowed {
                rule: Rule::BirthWithinPregnancy,
            },
        );
    }
    errors.finish(child)
}

/// An application for a Negativbescheinigung as received. The JSON API and the citizen
/// portal's form both parse through [`parse_application`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ApplicationInput<'a> {
    pub applicant: Option<ApplicantInput<'a>>,
    pub child: Option<ChildInput<'a>>,
    pub declarations: Option<DeclarationsInput>,
}

/// The mother as received.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ApplicantInput<'a> {
    pub given_names: Option<&'a str>,
    pub family_name: Option<&'a str>,
    /// Blank means none.
    pub birth_name: Option<&'a str>,
    /// `YYYY-MM-DD`.
    pub birth_date: Option<&'a str>,
    pub address: Option<AddressInput<'a>>,
}

/// Her habitual residence as received.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AddressInput<'a> {
    pub street: Option<&'a str>,
    pub postal_code: Option<&'a str>,
    /// 8-digit AGS.
    pub municipality_key: Option<&'a str>,
}

/// Her statements on the facts that decide eligibility, as received.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DeclarationsInput {
    pub applicant_is_mother: Option<bool>,
    pub married_to_father: Option<bool>,
    pub married_to_other_man_at_birth: Option<bool>,
    pub custody_by_court_to_one_parent: Option<bool>,
}

/// Parses an application, collecting every field error: each field on its own, then the
/// mother's date of birth against the child's. Whether the municipalities are known and the
/// postal code fits is the directory's to say, not this parser's.
pub fn parse_application(
    input: &ApplicationInput,
    today: Date,
) -> Result<Application, Vec<FieldError>> {
    let mut errors = Errors::default();
    let applicant = applicant(&mut errors, input.applicant.as_ref(), today);
    let child = child(&mut errors, "child", input.child.as_ref(), today);
    let declarations = declarations(&mut errors, input.declarations.as_ref());
    if let (Some(applicant), Some(child)) = (&applicant, &child)
        && applicant.birth_date >= child.birth_date
    {
        errors.push(
            "applicant.birth_date",
            Problem::NotAllowed {
                rule: Rule::MotherOlderThanChild,
            },
        );
    }
    let application = match (applicant, child, declarations) {
        (Some(applicant), Some(child), Some(declarations)) => Some(Application {
            applicant,
            child,
            declarations,
        }),
        _ => None,
    };
    errors.finish(application)
}

fn applicant(errors: &mut Errors, raw: Option<&ApplicantInput>, today: Date) -> Option<Applicant> {
    let Some(a) = raw else {
        errors.push("applicant", Problem::Missing);
        return None;
    };
    let given_names = name(errors, "applicant.given_names", a.given_names);
    let family_name = name(errors, "applicant.family_name", a.family_name);
    let birth_name = optional_name(errors, "applicant.birth_name", a.birth_name);
    let birth_date = past_date(errors, "applicant.birth_date", a.birth_date, today);
    let address = address(errors, a.address.as_ref());
    Some(Applicant {
        given_names: given_names?,
        family_name: family_name?,
        birth_name: birth_name?,
        birth_date: birth_date?,
        address: address?,
    })
}

fn address(errors: &mut Errors, raw: Option<&AddressInput>) -> Option<Address> {
    let Some(addr) = raw else {
        errors.push("applicant.address", Problem::Missing);
        return None;
    };
    let street = text(
        errors,
        "applicant.address.street",
        addr.street,
        MAX_STREET_CHARS,
    );
    let postal_code = errors.required(
        "applicant.address.postal_code",
        addr.postal_code,
        PostalCode::parse,
    );
    let municipality = errors.required(
        "applicant.address.municipality_key",
        addr.municipality_key,
        Ags::parse,
    );
    Some(Address {
        street: street?,
        postal_code: postal_code?,
        municipality: municipality?,
    })
}

fn declarations(errors: &mut Errors, raw: Option<&DeclarationsInput>) -> Option<Declarations> {
    let Some(d) = raw else {
        errors.push("declarations", Problem::Missing);
        return None;
    };
    let mut flag = |name: &str, value: Option<bool>| {
        if value.is_none() {
            errors.push(format!("declarations.{name}"), Problem::Missing);
        }
        value
    };
    let applicant_is_mother = flag("applicant_is_mother", d.applicant_is_mother);
    let married_to_father = flag("married_to_father", d.married_to_father);
    let married_to_other = flag(
        "married_to_other_man_at_birth",
        d.married_to_other_man_at_birth,
    );
    let court = flag(
        "custody_by_court_to_one_parent",
        d.custody_by_court_to_one_parent,
    );
    Some(Declarations {
        applicant_is_mother: applicant_is_mother?,
        married_to_father: married_to_father?,
        married_to_other_man_at_birth: married_to_other?,
        custody_by_court_to_one_parent: court?,
    })
}

/// `whole`, or `partial` with the parts it covers.
fn scope(errors: &mut Errors, raw: Option<&str>, parts: Option<&[&str]>) -> Option<Scope> {
    match raw {
        None => {
            errors.push("scope", Problem::Missing);
            None
        }
        Some("whole") => {
            if parts.is_some_and(|p| !p.is_empty()) {
                errors.push(
                    "parts",
                    Problem::NotAllowed {
                        rule: Rule::PartsOnlyWhenPartial,
                    },
                );
            }
            Some(Scope::Whole)
        }
        Some("partial") => {
            let raw = parts.unwrap_or_default();
            if raw.is_empty() {
                errors.push("parts", Problem::Missing);
                None
            } else if raw.len() > MAX_PARTS {
                errors.push("parts", Problem::TooLong { max: MAX_PARTS });
                None
            } else {
                let mut parts = BTreeSet::new();
                let mut ok = true;
                for (i, p) in raw.iter().enumerate() {
                    match errors.take(&format!("parts[{i}]"), CustodyPart::parse(p)) {
                        Some(part) => {
                            parts.insert(part);
                        }
                        None => ok = false,
                    }
                }
                ok.then_some(Scope::Partial(parts))
            }
        }
        Some(_) => {
            errors.push(
                "scope",
                Problem::OneOf {
                    allowed: &["whole", "partial"],
                },
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 01 - 15);

    fn charlotte() -> NotificationInput<'static> {
        NotificationInput {
            child: Some(ChildInput {
                given_names: Some("Charlotte"),
                family_name_at_birth: Some("Berger"),
                birth_date: Some("2020-05-04"),
                birth_place: Some(BirthPlaceInput {
                    municipality_key: Some("03352011"),
                    abroad: None,
                }),
            }),
            mother: Some(ParentInput {
                given_names: Some("Sophia"),
                family_name: Some("Berger"),
                birth_name: None,
            }),
            father: Some(ParentInput {
                given_names: Some("Max"),
                family_name: Some("Hansen"),
                birth_name: Some(" "),
            }),
            kind: Some("custody_declarations"),
            scope: Some("whole"),
            parts: None,
            effective_date: Some("2020-06-15"),
            source: Some(SourceInput {
                kind: Some("youth_office"),
                name: Some("Jugendamt Landkreis Cuxhaven"),
                reference: Some("UR 12/2020"),
            }),
        }
    }

    fn fields(errors: &[FieldError]) -> Vec<&str> {
        errors.iter().map(|e| e.field.as_str()).collect()
    }

    #[test]
    fn a_complete_notification_parses() {
        let n = parse_notification(&charlotte(), TODAY).expect("valid");
        assert_eq!(n.child.given_names.as_str(), "Charlotte");
        assert_eq!(n.father.and_then(|f| f.birth_name), None);
        assert_eq!(n.scope, Scope::Whole);
        assert_eq!(n.source.reference, "UR 12/2020");
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let mut input = charlotte();
        input.kind = Some("sorgeerklaerung");
        input.effective_date = Some("2030-01-01");
        input.father = None;
        if let Some(child) = &mut input.child {
            child.birth_place = Some(BirthPlaceInput::default());
        }
        let errors = parse_notification(&input, TODAY).expect_err("invalid");
        assert_eq!(
            fields(&errors),
            ["child.birth_place", "kind", "effective_date"]
        );
    }

    #[test]
    fn declarations_need_the_father_and_court_decisions_follow_the_birth() {
        let mut input = charlotte();
        input.father = None;
        let errors = parse_notification(&input, TODAY).expect_err("no father");
        assert_eq!(
            errors,
            [FieldError::new(
                "father",
                Problem::NotAllowed {
                    rule: Rule::BothParentsNamed
                }
            )]
        );
        let mut input = charlotte();
        input.kind = Some("court_custody_withdrawn");
        input.source = Some(SourceInput {
            kind: Some("court"),
            ..input.source.unwrap_or_default()
        });
        input.effective_date = Some("2020-05-03");
        input.father = None;
        let errors = parse_notification(&input, TODAY).expect_err("before birth");
        assert_eq!(fields(&errors), ["effective_date"]);
    }

    #[test]
    fn partial_scope_lists_known_parts() {
        let mut input = charlotte();
        input.kind = Some("court_joint_custody");
        input.source = Some(SourceInput {
            kind: Some("court"),
            ..input.source.unwrap_or_default()
        });
        input.scope = Some("partial");
        input.parts = Some(vec!["health", "schooling"]);
        let n = parse_notification(&input, TODAY).expect("valid");
        assert_eq!(
            n.scope.parts(),
            [CustodyPart::Health, CustodyPart::Schooling]
        );
        input.parts = Some(vec!["health", "garden"]);
        let errors = parse_notification(&input, TODAY).expect_err("unknown part");
        assert_eq!(fields(&errors), ["parts[1]"]);
        input.parts = None;
        let errors = parse_notification(&input, TODAY).expect_err("no parts");
        assert_eq!(fields(&errors), ["parts"]);
    }

    #[test]
    fn births_abroad_need_country_and_place() {
        let mut input = charlotte();
        if let Some(child) = &mut input.child {
            child.birth_place = Some(BirthPlaceInput {
                municipality_key: None,
                abroad: Some(AbroadInput {
                    country: Some("DE"),
                    place: None,
                }),
            });
        }
        let errors = parse_notification(&input, TODAY).expect_err("invalid");
        assert_eq!(
            errors,
            [
                FieldError::new(
                    "child.birth_place.abroad.country",
                    Problem::CountryIsGermany
                ),
                FieldError::new("child.birth_place.abroad.place", Problem::Missing),
            ]
        );
    }

    fn prenatal() -> PrenatalInput<'static> {
        let n = charlotte();
        PrenatalInput {
            mother: n.mother,
            mother_birth_date: Some("1993-02-17"),
            father: n.father,
            effective_date: Some("2025-11-20"),
            expected_birth_date: Some("2026-03-01"),
            source: n.source,
        }
    }

    #[test]
    fn a_prenatal_notification_is_declarations_of_both_parents_in_a_pregnancy() {
        let parsed = parse_prenatal(&prenatal(), TODAY).unwrap();
        assert_eq!(parsed.declared_on, date!(2025 - 11 - 20));
        assert_eq!(parsed.expected_birth_date, Some(date!(2026 - 03 - 01)));

        let mut input = prenatal();
        input.father = None;
        input.expected_birth_date = Some("2027-01-01");
        input.effective_date = Some("2026-02-30");
        assert_eq!(
            fields(&parse_prenatal(&input, TODAY).unwrap_err()),
            ["father", "effective_date"]
        );
        let mut input = prenatal();
        input.expected_birth_date = Some("2026-12-01");
        assert_eq!(
            fields(&parse_prenatal(&input, TODAY).unwrap_err()),
            ["expected_birth_date"]
        );
        input.expected_birth_date = Some("");
        assert_eq!(
            parse_prenatal(&input, TODAY).unwrap().expected_birth_date,
            None
        );
    }

    #[test]
    fn a_birth_completes_a_prenatal_notification_only_within_the_pregnancy() {
        let notification = parse_prenatal(&prenatal(), TODAY).unwrap();
        let mut child = charlotte().child.unwrap();
        child.birth_date = Some("2026-01-10");
        assert_eq!(
            parse_birth(&notification, &child, TODAY)
                .unwrap()
                .birth_date,
            date!(2026 - 01 - 10)
        );
        child.birth_date = Some("2020-05-04");
        assert_eq!(
            fields(&parse_birth(&notification, &child, TODAY).unwrap_err()),
            ["child.birth_date"]
        );
        child.given_names = None;
        assert_eq!(
            fields(&parse_birth(&notification, &child, TODAY).unwrap_err()),
            ["child.given_names"]
        );
    }

    #[test]
    fn an_application_reports_every_bad_field_and_the_mother_precedes_the_child() {
        let child = charlotte().child;
        let mut input = ApplicationInput {
            applicant: Some(ApplicantInput {
                given_names: Some("Sophia"),
                family_name: Some("Berger"),
                birth_name: Some(" "),
                birth_date: Some("1993-02-17"),
                address: Some(AddressInput {
                    street: Some("Am Markt 1"),
                    postal_code: Some("28195"),
                    municipality_key: Some("04011000"),
                }),
            }),
            child,
            declarations: Some(DeclarationsInput {
                applicant_is_mother: Some(true),
                married_to_father: Some(false),
                married_to_other_man_at_birth: Some(false),
                custody_by_court_to_one_parent: Some(false),
            }),
        };
        let parsed = parse_application(&input, TODAY).unwrap();
        assert_eq!(parsed.applicant.birth_name, None);
        assert_eq!(parsed.child.given_names.as_str(), "Charlotte");

        if let Some(applicant) = &mut input.applicant {
            applicant.birth_date = Some("2021-01-01");
        }
        assert_eq!(
            parse_application(&input, TODAY).unwrap_err(),
            [FieldError::new(
                "applicant.birth_date",
                Problem::NotAllowed {
                    rule: Rule::MotherOlderThanChild
                }
            )]
        );
        input.applicant = Some(ApplicantInput {
            address: Some(AddressInput::default()),
            ..ApplicantInput::default()
        });
        input.declarations = Some(DeclarationsInput::default());
        input.child = None;
        assert_eq!(
            fields(&parse_application(&input, TODAY).unwrap_err()),
            [
                "applicant.given_names",
                "applicant.family_name",
                "applicant.birth_date",
                "applicant.address.street",
                "applicant.address.postal_code",
                "applicant.address.municipality_key",
                "child",
                "declarations.applicant_is_mother",
                "declarations.married_to_father",
                "declarations.married_to_other_man_at_birth",
                "declarations.custody_by_court_to_one_parent",
            ]
        );
    }
}
