//! The eligibility pre-check (`/vorpruefung`): the questions of § 58 Abs. 2 SGB VIII as yes/no
//! answers, the child's date of birth and her place of residence, answered on the same URL.
//!
//! The rule is the domain's ([`domain::eligibility::check`]); this page only asks, and explains
//! every reason that applies (the check names the first; asking it once per answer names them
//! all). Nothing is stored and no cookie is set: the answers live in the form only.

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use time::Date;

use domain::application::Declarations;
use domain::eligibility::{Ineligibility, check};
use store::places::Place;

use super::date::{DateGroup, DateParts, parse_date};
use super::forms::{FieldErrors, FormData, yes_no, yes_no_value};
use super::frame::{self, LOGIN_PATH, PortalPage, button_link, escape, prose_of};
use super::messages::{Locale, Msg, id, t, t_args};
use super::place::{PlaceChooser, PlaceInput, Resolved};
use super::session::Visitor;
use super::{APPLY_PATH, PRECHECK_PATH};
use crate::AppState;

/// The yes/no questions: field, legend, hint, the message when unanswered.
const QUESTIONS: [(&str, Msg, Msg, Msg); 4] = [
    (
        "mutter",
        id::PRECHECK_MOTHER_LEGEND,
        id::PRECHECK_MOTHER_HINT,
        id::PRECHECK_MOTHER_ERROR,
    ),
    (
        "verheiratet-vater",
        id::PRECHECK_MARRIED_FATHER_LEGEND,
        id::PRECHECK_MARRIED_FATHER_HINT,
        id::PRECHECK_MARRIED_FATHER_ERROR,
    ),
    (
        "verheiratet-anderer",
        id::PRECHECK_MARRIED_OTHER_LEGEND,
        id::PRECHECK_MARRIED_OTHER_HINT,
        id::PRECHECK_MARRIED_OTHER_ERROR,
    ),
    (
        "gericht",
        id::PRECHECK_COURT_LEGEND,
        id::PRECHECK_COURT_HINT,
        id::PRECHECK_COURT_ERROR,
    ),
];

/// The date group of the child's birth.
const BIRTH: &str = "geburt";

fn chooser(locale: Locale) -> (String, String) {
    (
        t(locale, id::PRECHECK_PLACE_LABEL),
        t(locale, id::PRECHECK_PLACE_HINT),
    )
}

/// The form as entered.
#[derive(Default)]
struct Answers {
    /// The yes/no answers in the order of [`QUESTIONS`].
    yes_no: [Option<bool>; 4],
    birth: DateParts,
    place: PlaceInput,
}

/// `GET /vorpruefung`: the empty form.
pub async fn form(visitor: Visitor, RawQuery(query): RawQuery, headers: HeaderMap) -> Response {
    let locale = Locale::from_query(query.as_deref(), &headers);
    form_page(
        locale,
        &visitor,
        &Answers::default(),
        None,
        &FieldErrors::default(),
    )
}

/// `POST /vorpruefung`: the result, or the form with what is missing.
pub async fn submit(
    State(state): State<AppState>,
    visitor: Visitor,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let locale = Locale::from_query(query.as_deref(), &headers);
    let form = FormData::parse(&body);
    let (label, hint) = chooser(locale);
    let place_chooser = PlaceChooser {
        prefix: "wohnort",
        label: &label,
        hint: Some(&hint),
    };
    let answers = Answers {
        yes_no: QUESTIONS.map(|(field, ..)| yes_no_value(form.get(field))),
        birth: DateParts::from_form(&form, BIRTH),
        place: place_chooser.read(&form),
    };

    let mut errors = FieldErrors::default();
    for ((field, _, _, error), answer) in QUESTIONS.iter().zip(answers.yes_no) {
        if answer.is_none() {
            errors.add(field, t(locale, *error));
        }
    }
    let today = state.pipeline.clock().today();
    let birth = parse_date(&answers.birth, today)
        .map_err(|problem| problem.record(locale, BIRTH, &mut errors))
        .ok();
    let resolved = match place_chooser.resolve(state.store(), &answers.place).await {
        Ok(resolved) => resolved,
        Err(error) => {
            tracing::error!(%error, "place search for the pre-check failed");
            return frame::failure(locale, &visitor, PRECHECK_PATH);
        }
    };
    place_chooser.record(locale, &resolved, &mut errors);

    let [
        Some(mother),
        Some(married_father),
        Some(married_other),
        Some(court),
    ] = answers.yes_no
    else {
        return form_page(locale, &visitor, &answers, Some(&resolved), &errors);
    };
    let (Some(birth), Resolved::Chosen(place)) = (birth, &resolved) else {
        return form_page(locale, &visitor, &answers, Some(&resolved), &errors);
    };
    let reasons = reasons(
        Declarations {
            applicant_is_mother: mother,
            married_to_father: married_father,
            married_to_other_man_at_birth: married_other,
            custody_by_court_to_one_parent: court,
        },
        birth,
        today,
    );
    result_page(locale, &visitor, &answers, &resolved, place, &reasons)
}

/// Every reason that applies, in the order of the law's tests: the domain's check asked once
/// for each answer on its own (and once for the child's age).
fn reasons(answers: Declarations, birth: Date, today: Date) -> Vec<Ineligibility> {
    let eligible = Declarations {
        applicant_is_mother: true,
        married_to_father: false,
        married_to_other_man_at_birth: false,
        custody_by_court_to_one_parent: false,
    };
    let one_by_one = [
        Declarations {
            applicant_is_mother: answers.applicant_is_mother,
            ..eligible
        },
        Declarations {
            married_to_father: answers.married_to_father,
            ..eligible
        },
        Declarations {
            married_to_other_man_at_birth: answers.married_to_other_man_at_birth,
            ..eligible
        },
        Declarations {
            custody_by_court_to_one_parent: answers.custody_by_court_to_one_parent,
            ..eligible
        },
        eligible,
    ];
    let mut found = Vec::new();
    for declarations in one_by_one {
        if let Err(reason) = check(&declarations, birth, today)
            && !found.contains(&reason)
        {
            found.push(reason);
        }
    }
    found.sort_by_key(|reason| order(*reason));
    // The age check answers for every declaration alone; a single combined check must agree
    // that the answers as a whole are (in)eligible.
    debug_assert_eq!(found.is_empty(), check(&answers, birth, today).is_ok());
    found
}

/// The place of a reason in the law's order of tests (the order of [`check`]).
fn order(reason: Ineligibility) -> u8 {
    match reason {
        Ineligibility::NotMother => 0,
        Ineligibility::MarriedToFather => 1,
        Ineligibility::MarriedToOtherManAtBirth => 2,
        Ineligibility::CourtGaveCustodyToOneParent => 3,
        Ineligibility::ChildOfAge => 4,
    }
}

fn explanation(reason: Ineligibility) -> (Msg, Msg) {
    match reason {
        Ineligibility::NotMother => (
            id::PRECHECK_REASON_NOT_MOTHER_HEADING,
            id::PRECHECK_REASON_NOT_MOTHER_BODY,
        ),
        Ineligibility::MarriedToFather => (
            id::PRECHECK_REASON_MARRIED_FATHER_HEADING,
            id::PRECHECK_REASON_MARRIED_FATHER_BODY,
        ),
        Ineligibility::MarriedToOtherManAtBirth => (
            id::PRECHECK_REASON_MARRIED_OTHER_HEADING,
            id::PRECHECK_REASON_MARRIED_OTHER_BODY,
        ),
        Ineligibility::CourtGaveCustodyToOneParent => (
            id::PRECHECK_REASON_COURT_HEADING,
            id::PRECHECK_REASON_COURT_BODY,
        ),
        Ineligibility::ChildOfAge => (
            id::PRECHECK_REASON_OF_AGE_HEADING,
            id::PRECHECK_REASON_OF_AGE_BODY,
        ),
    }
}

fn result_page(
    locale: Locale,
    visitor: &Visitor,
    answers: &Answers,
    resolved: &Resolved,
    place: &Place,
    reasons: &[Ineligibility],
) -> Response {
    let office = escape(&t_args(
        locale,
        id::PRECHECK_OFFICE,
        &[("office", place.office.name.as_str().into())],
    ));
    let (title, result) = if reasons.is_empty() {
        let title = t(locale, id::PRECHECK_ELIGIBLE_TITLE);
        let login = format!("{LOGIN_PATH}?weiter={APPLY_PATH}");
        let result = format!(
            "<div class=\"result\" role=\"status\">\n<h1>{}</h1>\n{}<p><strong>{office}</strong></p>\n{}</div>\n",
            escape(&title),
            prose_of(locale, id::PRECHECK_ELIGIBLE_BODY),
            button_link(&locale.href(&login), &t(locale, id::PRECHECK_LOGIN_CTA)),
        );
        (title, result)
    } else {
        let title = t(locale, id::PRECHECK_NOT_ELIGIBLE_TITLE);
        let explained: String = reasons
            .iter()
            .map(|reason| {
                let (heading, body) = explanation(*reason);
                format!(
                    "<h2>{}</h2>\n{}",
                    escape(&t(locale, heading)),
                    prose_of(locale, body)
                )
            })
            .collect();
        // The reasons belong to the verdict: inside its box, below "Die Gründe:".
        let result = format!(
            "<div class=\"result no\" role=\"status\">\n<h1>{}</h1>\n<p>{}</p>\n{explained}</div>\n\
             <h2>{}</h2>\n{}<p><strong>{office}</strong></p>\n{}",
            escape(&title),
            escape(&t(locale, id::PRECHECK_NOT_ELIGIBLE_LEAD)),
            escape(&t(locale, id::PRECHECK_CONTACT_HEADING)),
            prose_of(locale, id::PRECHECK_CONTACT_BODY),
            prose_of(locale, id::PRECHECK_BRING_BODY),
        );
        (title, result)
    };
    let main = format!(
        "{result}<h2>{}</h2>\n{}",
        escape(&t(locale, id::PRECHECK_CHANGE_HEADING)),
        the_form(locale, answers, Some(resolved), &FieldErrors::default())
    );
    PortalPage {
        locale,
        visitor,
        title: &title,
        path: PRECHECK_PATH,
    }
    .respond(StatusCode::OK, &main)
}

fn form_page(
    locale: Locale,
    visitor: &Visitor,
    answers: &Answers,
    resolved: Option<&Resolved>,
    errors: &FieldErrors,
) -> Response {
    let title = t(locale, id::PRECHECK_TITLE);
    let main = format!(
        "{summary}<h1>{heading}</h1>\n<div class=\"lead\">{lead}</div>\n{form}",
        summary = errors.summary(locale),
        heading = escape(&title),
        // Prose: in Leichte Sprache one sentence per line.
        lead = prose_of(locale, id::PRECHECK_LEAD),
        form = the_form(locale, answers, resolved, errors),
    );
    PortalPage {
        locale,
        visitor,
        title: &errors.title(locale, &title),
        path: PRECHECK_PATH,
    }
    .respond(errors.status(), &main)
}

fn the_form(
    locale: Locale,
    answers: &Answers,
    resolved: Option<&Resolved>,
    errors: &FieldErrors,
) -> String {
    let questions: String = QUESTIONS
        .iter()
        .zip(answers.yes_no)
        .map(|((field, legend, hint, _), chosen)| {
            yes_no(
                locale,
                field,
                &t(locale, *legend),
                Some(&t(locale, *hint)),
                chosen,
                errors,
            )
        })
        .collect();
    let birth = DateGroup {
        id: BIRTH,
        legend: &t(locale, id::PRECHECK_BIRTH_LEGEND),
        hint: Some(&t(locale, id::PRECHECK_BIRTH_HINT)),
        own_birth_date: false,
    }
    .render(locale, &answers.birth, errors);
    let (label, hint) = chooser(locale);
    let place = PlaceChooser {
        prefix: "wohnort",
        label: &label,
        hint: Some(&hint),
    }
    .render(locale, &answers.place, resolved, errors);
    format!(
        "<form method=\"post\" action=\"{action}\" novalidate>\n{questions}{birth}{place}\
         <p>{stored}</p>\n<button type=\"submit\">{submit}</button>\n</form>\n",
        action = escape(&locale.href(PRECHECK_PATH)),
        stored = escape(&t(locale, id::PRECHECK_NOTHING_STORED)),
        submit = escape(&t(locale, id::PRECHECK_SUBMIT)),
    )
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    const TODAY: Date = date!(2026 - 03 - 15);

    fn answers(mother: bool, father: bool, other: bool, court: bool) -> Declarations {
        Declarations {
            applicant_is_mother: mother,
            married_to_father: father,
            married_to_other_man_at_birth: other,
            custody_by_court_to_one_parent: court,
        }
    }

    #[test]
    fn every_applicable_reason_is_named_in_the_order_of_the_law() {
        let young = date!(2020 - 05 - 04);
        let adult = date!(2000 - 01 - 01);
        assert!(reasons(answers(true, false, false, false), young, TODAY).is_empty());
        assert_eq!(
            reasons(answers(false, true, false, true), adult, TODAY),
            vec![
                Ineligibility::NotMother,
                Ineligibility::MarriedToFather,
                Ineligibility::CourtGaveCustodyToOneParent,
                Ineligibility::ChildOfAge,
            ]
        );
        assert_eq!(
            reasons(answers(true, false, true, false), young, TODAY),
            vec![Ineligibility::MarriedToOtherManAtBirth]
        );
    }
}
