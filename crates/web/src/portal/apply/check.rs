//! Checking the application form: the date groups and place choosers first (they turn what
//! she typed into a date and a municipality key), then the shared parser of applications
//! ([`domain::input::parse_application`], the JSON API's too) on the result. Its problems,
//! and those the pipeline finds on sending (an unknown municipality, a postal code of another
//! municipality), come back as sentences at the form's fields, in the order of the page.

use domain::application::Application;
use domain::input::{
    AbroadInput, AddressInput, ApplicantInput, ApplicationInput, BirthPlaceInput, ChildInput,
    DeclarationsInput, parse_application,
};
use domain::validation::{FieldError, Problem, Rule};
use store::StoreError;
use time::Date;

use super::super::date::{DateProblem, Part, parse_date};
use super::super::forms::FieldErrors;
use super::super::messages::{Locale, Msg, id, t, t_args};
use super::super::place::Resolved;
use super::entered::{
    ABROAD_PLACE, BIRTH_PLACE, BORN, Born, CHILD_BIRTH, CHILD_FAMILY, CHILD_GIVEN, COUNTRY,
    DECLARED, Entered, HOME, OWN_BIRTH, POSTAL_CODE, STREET, chooser,
};
use crate::AppState;

/// Where problems with the data from her citizen account are shown (she cannot change them
/// here; the section of the page that shows them has this id).
pub(super) const ACCOUNT: &str = "ihre-angaben";

/// What checking the form found.
pub(super) struct Checked {
    /// Problems at the fields, in the order of the page; empty when the form is complete or
    /// only a place remains to be picked from a list.
    pub errors: FieldErrors,
    pub home: Resolved,
    /// The birthplace in Germany, when she said the child was born there.
    pub birth_place: Option<Resolved>,
    /// The application, when nothing is missing.
    pub application: Option<Application>,
}

/// One problem, at a field, linked to a control.
struct Found {
    field: String,
    anchor: String,
    message: String,
    /// Only a list to pick from: not an error when it is all there is.
    choice: bool,
}

/// Checks what she entered. `identity` supplies her names and date of birth.
pub(super) async fn check(
    state: &AppState,
    locale: Locale,
    identity: &oidc::Identity,
    entered: &Entered,
) -> Result<Checked, StoreError> {
    let today = state.pipeline.clock().today();
    let own_birth = entered.own_birth.as_ref().map(|p| parse_date(p, today));
    let child_birth = parse_date(&entered.child_birth, today);
    let home = chooser(HOME).resolve(state.store(), &entered.home).await?;
    let birth_place = match entered.born {
        Some(Born::Germany) => Some(
            chooser(BIRTH_PLACE)
                .resolve(state.store(), &entered.birth_place)
                .await?,
        ),
        _ => None,
    };

    let own_birth_text = match &own_birth {
        None => identity.birth_date.clone(),
        Some(parsed) => parsed.ok().map(iso),
    };
    let child_birth_text = child_birth.ok().map(iso);
    let country = entered.country.trim().to_ascii_uppercase();
    let input = ApplicationInput {
        applicant: Some(ApplicantInput {
            given_names: Some(&identity.given_names),
            family_name: Some(&identity.family_name),
            birth_name: identity.birth_name.as_deref(),
            birth_date: own_birth_text.as_deref(),
            address: Some(AddressInput {
                street: given(&entered.street),
                postal_code: given(&entered.postal_code),
                // An unresolved chooser has said why; the parser's "missing" would repeat it.
                municipality_key: Some(chosen_key(&home)),
            }),
        }),
        child: Some(ChildInput {
            given_names: given(&entered.child_given),
            family_name_at_birth: given(&entered.child_family),
            birth_date: child_birth_text.as_deref(),
            birth_place: entered.born.map(|born| match born {
                Born::Germany => BirthPlaceInput {
                    municipality_key: Some(birth_place.as_ref().map_or("", chosen_key)),
                    abroad: None,
                },
                Born::Abroad => BirthPlaceInput {
                    municipality_key: None,
                    abroad: Some(AbroadInput {
                        country: given(&country),
                        place: given(&entered.abroad_place),
                    }),
                },
            }),
        }),
        declarations: Some(if entered.declared {
            DeclarationsInput {
                applicant_is_mother: Some(true),
                married_to_father: Some(false),
                married_to_other_man_at_birth: Some(false),
                custody_by_court_to_one_parent: Some(false),
            }
        } else {
            DeclarationsInput::default()
        }),
    };
    let (application, problems) = match parse_application(&input, today) {
        Ok(application) => (Some(application), Vec::new()),
        Err(problems) => (None, problems),
    };

    // The form's own findings, by field; a field with one of them ignores the parser's.
    let mut own: Vec<Found> = Vec::new();
    if let Some(Err(problem)) = own_birth {
        own.push(date_problem(locale, OWN_BIRTH, problem));
    }
    own.extend(place_problem(locale, HOME, &home));
    if let Err(problem) = child_birth {
        own.push(date_problem(locale, CHILD_BIRTH, problem));
    }
    if let Some(resolved) = &birth_place {
        own.extend(place_problem(locale, BIRTH_PLACE, resolved));
    }
    let parsed = problems
        .iter()
        .map(|error| at_field(locale, entered.own_birth.is_some(), error));
    let found = in_page_order(own, parsed);

    let mut errors = FieldErrors::default();
    if found.iter().any(|f| !f.choice) {
        for f in &found {
            errors.add_at(&f.field, &f.anchor, f.message.clone());
        }
    }
    let complete = found.is_empty();
    Ok(Checked {
        errors,
        home,
        birth_place,
        application: application.filter(|_| complete),
    })
}

/// The problems the pipeline found on sending, at the form's fields.
pub(super) fn submit_problems(
    locale: Locale,
    own_birth_asked: bool,
    problems: &[FieldError],
) -> FieldErrors {
    let mut errors = FieldErrors::default();
    let found = in_page_order(
        Vec::new(),
        problems
            .iter()
            .map(|error| at_field(locale, own_birth_asked, error)),
    );
    for f in found {
        errors.add_at(&f.field, &f.anchor, f.message);
    }
    errors
}

/// The fields in the order of the page (the order of the error summary).
fn page_order() -> Vec<String> {
    let home = chooser(HOME);
    let birth = chooser(BIRTH_PLACE);
    vec![
        ACCOUNT.into(),
        OWN_BIRTH.into(),
        STREET.into(),
        POSTAL_CODE.into(),
        home.text_field(),
        home.choice_field(),
        CHILD_GIVEN.into(),
        CHILD_FAMILY.into(),
        CHILD_BIRTH.into(),
        BORN.into(),
        birth.text_field(),
        birth.choice_field(),
        COUNTRY.into(),
        ABROAD_PLACE.into(),
        DECLARED.into(),
    ]
}

/// The form's own findings and the parser's, field by field in the order of the page; the
/// parser's only for fields the form found nothing at.
fn in_page_order(own: Vec<Found>, parsed: impl Iterator<Item = Found>) -> Vec<Found> {
    let parsed: Vec<Found> = parsed.collect();
    let order = page_order();
    let rank = |field: &str| order.iter().position(|o| o == field).unwrap_or(0);
    let own_fields: Vec<String> = own.iter().map(|f| group(&f.field)).collect();
    let mut all: Vec<Found> = own;
    all.extend(
        parsed
            .into_iter()
            .filter(|f| !own_fields.contains(&group(&f.field))),
    );
    all.sort_by_key(|f| rank(&f.field));
    all
}

/// The chooser a field belongs to (its text and its list are one), or the field itself.
fn group(field: &str) -> String {
    for prefix in [HOME, BIRTH_PLACE] {
        let chooser = chooser(prefix);
        if field == chooser.text_field() || field == chooser.choice_field() {
            return prefix.to_owned();
        }
    }
    field.to_owned()
}

fn date_problem(locale: Locale, group: &str, problem: DateProblem) -> Found {
    let part = match problem.part() {
        Part::Day => "day",
        Part::Month => "month",
        Part::Year => "year",
    };
    Found {
        field: group.to_owned(),
        anchor: format!("{group}-{part}"),
        message: t(locale, problem.msg()),
        choice: false,
    }
}

/// What keeps a chooser from having a municipality (as [`super::super::place::PlaceChooser::record`]
/// says it).
fn place_problem(locale: Locale, prefix: &str, resolved: &Resolved) -> Option<Found> {
    let chooser = chooser(prefix);
    let (field, message, choice) = match resolved {
        Resolved::Chosen(_) => return None,
        Resolved::Choose(_) => (
            chooser.choice_field(),
            t(locale, id::PLACE_ERROR_CHOOSE),
            true,
        ),
        Resolved::Problem(msg) => (chooser.text_field(), t(locale, *msg), false),
    };
    Some(Found {
        anchor: field.clone(),
        field,
        message,
        choice,
    })
}

/// A parser's problem at the form field its path belongs to, in words.
fn at_field(locale: Locale, own_birth_asked: bool, error: &FieldError) -> Found {
    let home = chooser(HOME).text_field();
    let birth = chooser(BIRTH_PLACE).text_field();
    let older = matches!(
        error.problem,
        Problem::NotAllowed {
            rule: Rule::MotherOlderThanChild
        }
    );
    let field: String = match error.field.as_str() {
        "applicant.birth_date" if older => CHILD_BIRTH.into(),
        "applicant.birth_date" if own_birth_asked => OWN_BIRTH.into(),
        "applicant.address.street" => STREET.into(),
        "applicant.address.postal_code" => POSTAL_CODE.into(),
        "applicant.address" | "applicant.address.municipality_key" => home,
        "child" | "child.given_names" => CHILD_GIVEN.into(),
        "child.family_name_at_birth" => CHILD_FAMILY.into(),
        "child.birth_date" => CHILD_BIRTH.into(),
        "child.birth_place" => BORN.into(),
        "child.birth_place.municipality_key" => birth,
        "child.birth_place.abroad.country" => COUNTRY.into(),
        "child.birth_place.abroad.place" => ABROAD_PLACE.into(),
        path if path.starts_with("declarations") => DECLARED.into(),
        _ => ACCOUNT.into(),
    };
    let anchor = if field == CHILD_BIRTH || field == OWN_BIRTH {
        format!("{field}-day")
    } else {
        field.clone()
    };
    Found {
        message: message(locale, &field, &error.problem),
        field,
        anchor,
        choice: false,
    }
}

/// What is wrong with `field`, said for her.
fn message(locale: Locale, field: &str, problem: &Problem) -> String {
    let birth_place = chooser(BIRTH_PLACE).text_field();
    let specific: Option<Msg> = match (field, problem) {
        (ACCOUNT, _) => Some(id::APPLY_ERROR_ACCOUNT),
        (DECLARED, _) => Some(id::APPLY_ERROR_DECLARATION),
        (
            _,
            Problem::NotAllowed {
                rule: Rule::MotherOlderThanChild,
            },
        ) => Some(id::APPLY_ERROR_MOTHER_OLDER),
        (BORN, _) => Some(id::APPLY_ERROR_BORN_MISSING),
        (STREET, Problem::Missing | Problem::Empty) => Some(id::APPLY_ERROR_STREET_MISSING),
        (POSTAL_CODE, Problem::Missing | Problem::Empty) => {
            Some(id::APPLY_ERROR_POSTAL_CODE_MISSING)
        }
        (POSTAL_CODE, Problem::PostalCodeNotInMunicipality) => {
            Some(id::APPLY_ERROR_POSTAL_CODE_PLACE)
        }
        (POSTAL_CODE, _) => Some(id::APPLY_ERROR_POSTAL_CODE_FORMAT),
        (CHILD_GIVEN, Problem::Missing | Problem::Empty) => {
            Some(id::APPLY_ERROR_CHILD_GIVEN_MISSING)
        }
        (CHILD_FAMILY, Problem::Missing | Problem::Empty) => {
            Some(id::APPLY_ERROR_CHILD_FAMILY_MISSING)
        }
        (COUNTRY, Problem::Missing | Problem::Empty) => Some(id::APPLY_ERROR_COUNTRY_MISSING),
        (COUNTRY, Problem::CountryIsGermany) => Some(id::APPLY_ERROR_COUNTRY_GERMANY),
        (COUNTRY, _) => Some(id::APPLY_ERROR_COUNTRY_UNKNOWN),
        (ABROAD_PLACE, Problem::Missing | Problem::Empty) => {
            Some(id::APPLY_ERROR_ABROAD_PLACE_MISSING)
        }
        (f, _) if f == birth_place => Some(id::APPLY_ERROR_PLACE_UNKNOWN),
        (OWN_BIRTH, _) => Some(id::APPLY_ERROR_OWN_BIRTH),
        (CHILD_BIRTH, _) => Some(id::DATE_ERROR_MISSING),
        (_, Problem::UnknownMunicipality | Problem::Missing | Problem::Empty) => {
            Some(id::APPLY_ERROR_PLACE_UNKNOWN)
        }
        _ => None,
    };
    if let Some(msg) = specific {
        return t(locale, msg);
    }
    let label = t(locale, label(field));
    match problem {
        Problem::InvalidCharacters => t_args(
            locale,
            id::APPLY_ERROR_CHARACTERS,
            &[("field", label.into())],
        ),
        Problem::TooLong { max } => t_args(
            locale,
            id::APPLY_ERROR_TOO_LONG,
            &[("field", label.into()), ("max", (*max as u64).into())],
        ),
        _ => t_args(locale, id::APPLY_ERROR_INVALID, &[("field", label.into())]),
    }
}

/// The label of a text field, for messages that name it.
fn label(field: &str) -> Msg {
    match field {
        STREET => id::APPLY_STREET,
        CHILD_GIVEN => id::APPLY_CHILD_GIVEN,
        CHILD_FAMILY => id::APPLY_CHILD_FAMILY,
        ABROAD_PLACE => id::APPLY_ABROAD_PLACE,
        COUNTRY => id::APPLY_COUNTRY,
        POSTAL_CODE => id::APPLY_POSTAL_CODE,
        _ => id::APPLY_HOME_LABEL,
    }
}

/// The municipality key a chooser settled on, or `""` (which the parser refuses).
fn chosen_key(resolved: &Resolved) -> &str {
    match resolved {
        Resolved::Chosen(place) => place.ags.as_str(),
        _ => "",
    }
}

fn given(value: &str) -> Option<&str> {
    let value = value.trim();
    (!value.is_empty()).then_some(value)
}

fn iso(date: Date) -> String {
    crate::api::common::iso_date(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_are_ordered_as_the_page_and_the_form_s_own_win() {
        let own = vec![date_problem(Locale::De, CHILD_BIRTH, DateProblem::Month)];
        let parsed = [
            FieldError::new("declarations.applicant_is_mother", Problem::Missing),
            FieldError::new("child.birth_date", Problem::Missing),
            FieldError::new("applicant.address.street", Problem::Missing),
        ]
        .into_iter()
        .map(|e| at_field(Locale::De, false, &e))
        .collect::<Vec<_>>();
        let found = in_page_order(own, parsed.into_iter());
        let fields: Vec<&str> = found.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, [STREET, CHILD_BIRTH, DECLARED]);
        assert_eq!(found[1].anchor, "kind-geburtsdatum-month");
        assert_eq!(
            found[1].message,
            t(Locale::De, DateProblem::Month.msg()),
            "the date group's message, not the parser's"
        );
    }

    #[test]
    fn parser_paths_land_at_the_fields_she_can_change() {
        let at = |path: &str, problem: Problem, asked: bool| {
            at_field(Locale::De, asked, &FieldError::new(path, problem)).field
        };
        let older = Problem::NotAllowed {
            rule: Rule::MotherOlderThanChild,
        };
        assert_eq!(
            at("applicant.birth_date", older.clone(), false),
            CHILD_BIRTH
        );
        assert_eq!(
            at("applicant.birth_date", Problem::Missing, true),
            OWN_BIRTH
        );
        assert_eq!(at("applicant.birth_date", Problem::Missing, false), ACCOUNT);
        assert_eq!(
            at("applicant.given_names", Problem::InvalidCharacters, false),
            ACCOUNT
        );
        assert_eq!(
            at(
                "applicant.address.municipality_key",
                Problem::UnknownMunicipality,
                false
            ),
            "wohnort-text"
        );
        assert_eq!(
            at(
                "child.birth_place.abroad.country",
                Problem::CountryIsGermany,
                false
            ),
            COUNTRY
        );
        let message = at_field(
            Locale::En,
            false,
            &FieldError::new("child.given_names", Problem::TooLong { max: 100 }),
        )
        .message;
        assert!(message.contains("100"), "{message}");
    }
}
