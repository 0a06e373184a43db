//! `GET /antrag`: the application form, prefilled from her citizen account; `POST /antrag`:
//! the form checked, and shown again with its problems (422) or with a list to pick a place
//! from (200), or, when complete, the page to check the data before sending.

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use store::{Store, StoreError};

use super::super::date::DateGroup;
use super::super::forms::{Choice, FieldErrors, FormData, RadioGroup, TextField};
use super::super::frame::{PortalPage, escape};
use super::super::messages::{Locale, id, t};
use super::super::place::{MAX_INPUT_CHARS, PlaceChooser, PlaceInput, Resolved};
use super::super::session::Citizen;
use super::check::{ACCOUNT, check};
use super::entered::{
    ABROAD_PLACE, BIRTH_PLACE, BORN, Born, CHILD_BIRTH, CHILD_FAMILY, CHILD_GIVEN, CONFIRMED,
    COUNTRY, DECLARED, Entered, HOME, OWN_BIRTH, POSTAL_CODE, STREET,
};
use super::{FORM_PATH, csrf_input, csrf_ok, failure, refused, review, words};
use crate::AppState;

/// The field that says the page to check the data sent her back to change it.
pub(super) const STEP: &str = "schritt";
/// Its value.
pub(super) const CHANGE: &str = "aendern";

/// Whether the form asks for her date of birth: only when her account gives none (or one
/// that is no date).
pub(super) fn own_birth_asked(identity: &oidc::Identity) -> bool {
    identity
        .birth_date
        .as_deref()
        .is_none_or(|raw| domain::application::parse_date(raw).is_err())
}

/// `GET /antrag`.
pub(super) async fn show(
    State(state): State<AppState>,
    citizen: Citizen,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let locale = Locale::from_query(query.as_deref(), &headers);
    let mut entered = Entered::prefilled(&citizen.identity, own_birth_asked(&citizen.identity));
    let home = match prefill_home(state.store(), &citizen.identity, &mut entered.home).await {
        Ok(home) => home,
        Err(error) => return failure(locale, &citizen, FORM_PATH, &error),
    };
    render(
        locale,
        &citizen,
        &entered,
        (home.as_ref(), None),
        &FieldErrors::default(),
        StatusCode::OK,
    )
}

/// Her place of residence as the empty form shows it, looked up: the municipality her postal
/// code belongs to, by its name ("Bremen", not the postal code again), when the code names
/// exactly one; else the locality her account gives, looked up by name; else the postal code
/// as it is (with its list to pick from). Nothing found for her account's address is not her
/// mistake: then there is no message yet (`None`).
async fn prefill_home(
    store: &Store,
    identity: &oidc::Identity,
    home: &mut PlaceInput,
) -> Result<Option<Resolved>, StoreError> {
    let chooser = super::entered::chooser(HOME);
    let by_code = chooser.resolve(store, home).await?;
    if let Resolved::Chosen(place) = &by_code {
        // The name she would type ("Bremen" for "Bremen, Stadt"), if it finds this place
        // again; else the official name. The hidden choice keeps the place either way.
        let short = place.name.split(',').next().unwrap_or(&place.name).trim();
        for name in [short, place.name.as_str()] {
            let input = PlaceInput {
                text: name.to_owned(),
                chosen: Some(place.ags.as_str().to_owned()),
            };
            let again = chooser.resolve(store, &input).await?;
            if matches!(&again, Resolved::Chosen(p) if p.ags == place.ags) {
                home.text = input.text;
                break;
            }
        }
        return Ok(Some(by_code));
    }
    let locality = identity
        .locality
        .as_deref()
        .map(str::trim)
        .filter(|l| !l.is_empty() && *l != home.text.trim());
    if let Some(locality) = locality {
        let input = PlaceInput {
            text: locality.chars().take(MAX_INPUT_CHARS + 1).collect(),
            chosen: None,
        };
        let by_name = chooser.resolve(store, &input).await?;
        // A list for her postal code is more use than a locality found nowhere.
        let keep_code_list = matches!(
            (&by_code, &by_name),
            (Resolved::Choose(_), Resolved::Problem(_))
        );
        if !keep_code_list {
            *home = input;
            return Ok(found(by_name));
        }
    }
    Ok(found(by_code))
}

/// A resolution worth showing on the empty form: not a problem.
fn found(resolved: Resolved) -> Option<Resolved> {
    match resolved {
        Resolved::Problem(_) => None,
        resolved => Some(resolved),
    }
}

/// `POST /antrag`.
pub(super) async fn post(
    State(state): State<AppState>,
    citizen: Citizen,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let locale = Locale::from_query(query.as_deref(), &headers);
    let form = FormData::parse(&body);
    if !csrf_ok(&citizen, &form) {
        return refused(locale);
    }
    let entered = Entered::read(&form, own_birth_asked(&citizen.identity));
    let checked = match check(&state, locale, &citizen.identity, &entered).await {
        Ok(checked) => checked,
        Err(error) => return failure(locale, &citizen, FORM_PATH, &error),
    };
    let places = (Some(&checked.home), checked.birth_place.as_ref());
    if form.get(STEP) == CHANGE {
        return render(
            locale,
            &citizen,
            &entered,
            places,
            &FieldErrors::default(),
            StatusCode::OK,
        );
    }
    match &checked.application {
        Some(application) => {
            review::page(&state, locale, &citizen, &entered, application, &checked).await
        }
        None => render(
            locale,
            &citizen,
            &entered,
            places,
            &checked.errors,
            checked.errors.status(),
        ),
    }
}

/// The form with `entered`'s values, the choosers' lists or choices, and `errors`.
pub(super) fn render(
    locale: Locale,
    citizen: &Citizen,
    entered: &Entered,
    (home, birth_place): (Option<&Resolved>, Option<&Resolved>),
    errors: &FieldErrors,
    status: StatusCode,
) -> Response {
    let title = t(locale, id::APPLY_TITLE);
    let text = |id| t(locale, id);
    let field = |id: &str, label, hint: Option<&str>, value: &str, attributes: &str| {
        TextField {
            id,
            label: &text(label),
            hint,
            value,
            attributes,
        }
        .render(errors)
    };

    let identity = &citizen.identity;
    let mut facts = vec![(
        text(id::APPLY_YOU_NAME),
        format!("{} {}", identity.given_names, identity.family_name),
    )];
    if let Some(birth_name) = identity
        .birth_name
        .as_deref()
        .filter(|n| !n.trim().is_empty())
    {
        facts.push((text(id::APPLY_YOU_BIRTH_NAME), birth_name.to_owned()));
    }
    let own_birth_group = match &entered.own_birth {
        None => {
            let shown = identity
                .birth_date
                .as_deref()
                .and_then(|raw| domain::application::parse_date(raw).ok())
                .map(|d| words::date(locale, d))
                .unwrap_or_default();
            facts.push((text(id::APPLY_YOU_BIRTH_DATE), shown));
            String::new()
        }
        Some(parts) => DateGroup {
            id: OWN_BIRTH,
            legend: &text(id::APPLY_OWN_BIRTH_LEGEND),
            hint: Some(&text(id::APPLY_OWN_BIRTH_HINT)),
            own_birth_date: true,
        }
        .render(locale, parts, errors),
    };
    let account_error = match errors.of(ACCOUNT) {
        Some(message) => format!(
            "<p class=\"error\" id=\"{ACCOUNT}-error\">{}</p>\n",
            escape(&message)
        ),
        None => String::new(),
    };

    let home_label = text(id::APPLY_HOME_LABEL);
    let birth_label = text(id::APPLY_BIRTH_PLACE_LABEL);
    let birth_hint = text(id::APPLY_BIRTH_PLACE_HINT);
    let born_choices = [
        Choice {
            value: Born::Germany.value(),
            label: text(id::APPLY_BORN_GERMANY),
            detail: None,
        },
        Choice {
            value: Born::Abroad.value(),
            label: text(id::APPLY_BORN_ABROAD),
            detail: None,
        },
    ];
    let name_attrs = " maxlength=\"100\" autocomplete=\"off\" spellcheck=\"false\"";

    let main = format!(
        "{summary}<h1>{title}</h1>\n<p class=\"lead\">{lead}</p>\n\
         <form method=\"post\" action=\"{action}\" novalidate>\n{csrf}\
         <h2 id=\"{ACCOUNT}\" tabindex=\"-1\">{you}</h2>\n{account_error}<p>{from_account}</p>\n\
         <dl class=\"data\">{facts}</dl>\n{own_birth_group}\
         <h2>{address}</h2>\n<p>{address_hint}</p>\n{street}{postal_code}{home}\
         <h2>{child}</h2>\n{child_given}{child_family}{child_birth}{born}{birth_place}{country}{abroad}\
         <h2>{declaration}</h2>\n{declaration_field}\
         <button type=\"submit\">{continue_}</button>\n</form>\n",
        summary = errors.summary(locale),
        title = escape(&title),
        lead = escape(&text(id::APPLY_LEAD)),
        action = escape(&locale.href(FORM_PATH)),
        csrf = csrf_input(citizen),
        you = escape(&text(id::APPLY_YOU_HEADING)),
        from_account = escape(&text(id::APPLY_YOU_FROM_ACCOUNT)),
        facts = facts
            .iter()
            .map(|(term, value)| format!("<dt>{}</dt><dd>{}</dd>", escape(term), escape(value)))
            .collect::<String>(),
        address = escape(&text(id::APPLY_ADDRESS_HEADING)),
        address_hint = escape(&text(id::APPLY_ADDRESS_HINT)),
        street = field(
            STREET,
            id::APPLY_STREET,
            None,
            &entered.street,
            " maxlength=\"200\" autocomplete=\"street-address\"",
        ),
        postal_code = field(
            POSTAL_CODE,
            id::APPLY_POSTAL_CODE,
            None,
            &entered.postal_code,
            " maxlength=\"5\" inputmode=\"numeric\" autocomplete=\"postal-code\"",
        ),
        home = PlaceChooser {
            prefix: HOME,
            label: &home_label,
            hint: None,
        }
        .render(locale, &entered.home, home, errors),
        child = escape(&text(id::APPLY_CHILD_HEADING)),
        child_given = field(
            CHILD_GIVEN,
            id::APPLY_CHILD_GIVEN,
            Some(&text(id::APPLY_CHILD_GIVEN_HINT)),
            &entered.child_given,
            name_attrs,
        ),
        child_family = field(
            CHILD_FAMILY,
            id::APPLY_CHILD_FAMILY,
            Some(&text(id::APPLY_CHILD_FAMILY_HINT)),
            &entered.child_family,
            name_attrs,
        ),
        child_birth = DateGroup {
            id: CHILD_BIRTH,
            legend: &text(id::APPLY_CHILD_BIRTH),
            hint: Some(&text(id::APPLY_CHILD_BIRTH_HINT)),
            own_birth_date: false,
        }
        .render(locale, &entered.child_birth, errors),
        born = RadioGroup {
            id: BORN,
            legend: &text(id::APPLY_BORN_LEGEND),
            hint: None,
            choices: &born_choices,
            chosen: entered.born.map(Born::value),
        }
        .render(errors),
        birth_place = PlaceChooser {
            prefix: BIRTH_PLACE,
            label: &birth_label,
            hint: Some(&birth_hint),
        }
        .render(locale, &entered.birth_place, birth_place, errors),
        country = field(
            COUNTRY,
            id::APPLY_COUNTRY,
            Some(&text(id::APPLY_COUNTRY_HINT)),
            &entered.country,
            " maxlength=\"2\" autocapitalize=\"characters\" autocomplete=\"off\"",
        ),
        abroad = field(
            ABROAD_PLACE,
            id::APPLY_ABROAD_PLACE,
            Some(&text(id::APPLY_ABROAD_PLACE_HINT)),
            &entered.abroad_place,
            " maxlength=\"100\" autocomplete=\"off\"",
        ),
        declaration = escape(&text(id::APPLY_DECLARATION_HEADING)),
        declaration_field = declaration(locale, entered.declared, errors),
        continue_ = escape(&text(id::APPLY_CONTINUE)),
    );
    let title = errors.title(locale, &title);
    PortalPage {
        locale,
        visitor: &citizen.visitor(),
        title: &title,
        path: FORM_PATH,
    }
    .respond(status, &main)
}

/// The one required checkbox that confirms the four statements, and the way to the pre-check
/// when one of them is not true.
fn declaration(locale: Locale, declared: bool, errors: &FieldErrors) -> String {
    let message = errors.of(DECLARED);
    let (class, error, describedby) = match &message {
        Some(message) => (
            "field invalid",
            format!(
                "<p class=\"error\" id=\"{DECLARED}-error\">{}</p>\n",
                escape(message)
            ),
            format!(
                " aria-describedby=\"{DECLARED}-statements {DECLARED}-hint {DECLARED}-error\" \
                 aria-invalid=\"true\""
            ),
        ),
        None => (
            "field",
            String::new(),
            format!(" aria-describedby=\"{DECLARED}-statements {DECLARED}-hint\""),
        ),
    };
    let statements: String = t(locale, id::APPLY_DECLARATION_STATEMENTS)
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(|line| format!("<li>{}</li>", escape(line.trim_start_matches("- "))))
        .collect();
    format!(
        "<div class=\"{class}\">\n<p>{intro}</p>\n<ul id=\"{DECLARED}-statements\">{statements}</ul>\n\
         {error}<div class=\"choice\"><input type=\"checkbox\" id=\"{DECLARED}\" name=\"{DECLARED}\" \
         value=\"{CONFIRMED}\"{checked}{describedby}> <label for=\"{DECLARED}\">{label}</label></div>\n\
         <p class=\"hint\" id=\"{DECLARED}-hint\">{not_true} <a href=\"{precheck}\">{precheck_text}</a></p>\n\
         </div>\n",
        intro = escape(&t(locale, id::APPLY_DECLARATION_INTRO)),
        checked = if declared { " checked" } else { "" },
        label = escape(&t(locale, id::APPLY_DECLARATION_CHECK)),
        not_true = escape(&t(locale, id::APPLY_DECLARATION_NOT_TRUE)),
        precheck = escape(&locale.href(super::super::PRECHECK_PATH)),
        precheck_text = escape(&t(locale, id::APPLY_DECLARATION_PRECHECK_LINK)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_declaration_is_one_checkbox_with_the_four_statements() {
        let mut errors = FieldErrors::default();
        errors.add(DECLARED, t(Locale::De, id::APPLY_ERROR_DECLARATION));
        let html = declaration(Locale::De, false, &errors);
        assert_eq!(html.matches("<li>").count(), 4, "{html}");
        assert!(html.contains(
            "type=\"checkbox\" id=\"erklaerung\" name=\"erklaerung\" value=\"ja\" aria-describedby"
        ));
        assert!(html.contains("aria-invalid=\"true\""));
        assert!(html.contains("href=\"/vorpruefung?lang=de\""));
        let html = declaration(Locale::En, true, &FieldErrors::default());
        assert!(html.contains(" checked"));
        assert!(!html.contains("aria-invalid"));
    }
}
