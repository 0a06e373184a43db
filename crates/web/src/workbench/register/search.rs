//! Searching the office's register for a child (`POST /amt/register/suche`) with the
//! matcher's own search: the store's candidate lookup and the matcher's classification, under
//! the thresholds the register responder runs, so that staff see what an application would.
//! The store audits every search. A POST, so that child data stay out of addresses, browser
//! histories and access logs.
//!
//! The place of birth is optional here. With one, the search is exactly the responder's
//! ([`store::Store::assess_candidates`]). Without one, each candidate is compared as if born
//! where its entry says — the place neither counts for nor against it — and the page says that
//! the place was not compared.

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::http::header::HeaderMap;
use axum::response::Response;
use serde::Deserialize;

use super::access;
use super::fields::FormErrors;
use super::list::{self, Search};
use super::{REGISTER_PATH, entry_path};
use crate::AppState;
use crate::api::common;
use crate::i18n::Lang;
use crate::pages::html::{escape, page_lang, tag, tr};
use crate::workbench::forms::{given, iso};
use crate::workbench::{Staff, StaffForm, explain, page, words};
use domain::application::{BirthPlace, ChildIdentity, MAX_PLACE_CHARS};
use domain::matching::{MatchClass, Prepared, classify_prepared, retrieval};
use domain::validation::{Errors, FieldError, Rule};
use domain::{Ags, CountryCode, Problem};
use store::{Candidate, StoreError};

/// The search form as entered.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(super) struct SearchForm {
    pub search_given_names: String,
    pub search_family_name: String,
    pub search_birth_date: String,
    pub search_ags: String,
    pub search_country: String,
    pub search_place: String,
}

/// Characters of a search field kept and shown back at most.
const MAX_KEPT: usize = 200;

impl SearchForm {
    fn bounded(self) -> SearchForm {
        let cut = |s: String| s.chars().take(MAX_KEPT).collect::<String>();
        SearchForm {
            search_given_names: cut(self.search_given_names),
            search_family_name: cut(self.search_family_name),
            search_birth_date: cut(self.search_birth_date),
            search_ags: cut(self.search_ags),
            search_country: cut(self.search_country),
            search_place: cut(self.search_place),
        }
    }
}

/// `GET /amt/register/suche` (a reloaded or bookmarked search): the register page.
pub async fn back(RawQuery(query): RawQuery, headers: HeaderMap) -> Response {
    let lang = page_lang(query.as_deref(), &headers);
    page::redirect(&format!("{REGISTER_PATH}?lang={}", tag(lang)))
}

/// `POST /amt/register/suche`.
pub async fn submit(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    StaffForm { staff, form }: StaffForm<SearchForm>,
) -> Response {
    let lang = page_lang(query.as_deref(), &headers);
    if let Err(refused) = access::read_register(&staff, &state, query.as_deref(), lang).await {
        return refused;
    }
    let form = form.bounded();
    let (child, place_given) = match parse(&form, state.pipeline.clock().today()) {
        Ok(parsed) => parsed,
        Err(found) => {
            let mut errors = FormErrors::default();
            for error in &found {
                errors.problem(lang, field_id(&error.field), &error.problem);
            }
            let search = Search {
                form,
                errors,
                results: None,
            };
            return list::render(
                &state,
                &staff,
                lang,
                StatusCode::UNPROCESSABLE_ENTITY,
                1,
                &search,
            )
            .await;
        }
    };
    let results = match run(&state, &staff, &child, place_given).await {
        Ok(found) => results(lang, &found, place_given),
        Err(error) => return page::failure(lang, &error),
    };
    let search = Search {
        form,
        errors: FormErrors::default(),
        results: Some(results),
    };
    list::render(&state, &staff, lang, StatusCode::OK, 1, &search).await
}

fn field_id(field: &str) -> &'static str {
    match field {
        "search_given_names" => "search_given_names",
        "search_family_name" => "search_family_name",
        "search_birth_date" => "search_birth_date",
        "search_country" => "search_country",
        "search_place" => "search_place",
        _ => "search_ags",
    }
}

/// The child searched for, and whether a place of birth was given; or every problem, at the
/// form's fields. Names and date are parsed as the API parses a child.
fn parse(form: &SearchForm, today: time::Date) -> Result<(ChildIdentity, bool), Vec<FieldError>> {
    let mut errors = Errors::default();
    let owned = |value: &str| given(value).map(str::to_owned);
    let given_names = common::name(
        &mut errors,
        "search_given_names",
        owned(&form.search_given_names).as_ref(),
    );
    let family = common::name(
        &mut errors,
        "search_family_name",
        owned(&form.search_family_name).as_ref(),
    );
    let birth_date = common::past_date(
        &mut errors,
        "search_birth_date",
        given(&form.search_birth_date).map(iso).as_ref(),
        today,
    );
    let ags = given(&form.search_ags);
    let abroad = given(&form.search_country).is_some() || given(&form.search_place).is_some();
    let place = match (ags, abroad) {
        (Some(_), true) => {
            errors.push(
                "search_ags",
                Problem::NotAllowed {
                    rule: Rule::EitherMunicipalityOrAbroad,
                },
            );
            None
        }
        (Some(ags), false) => errors
            .take("search_ags", Ags::parse(ags))
            .map(|ags| Some(BirthPlace::Municipality(ags))),
        (None, true) => {
            let country = errors.required(
                "search_country",
                given(&form.search_country),
                CountryCode::parse_foreign,
            );
            let place = common::text(
                &mut errors,
                "search_place",
                owned(&form.search_place).as_ref(),
                MAX_PLACE_CHARS,
            );
            match (country, place) {
                (Some(country), Some(place)) => Some(Some(BirthPlace::Abroad { country, place })),
                _ => None,
            }
        }
        (None, false) => Some(None),
    };
    let parsed = match (given_names, family, birth_date, place) {
        (Some(given_names), Some(family_name_at_birth), Some(birth_date), Some(place)) => {
            let given = place.is_some();
            // Without a place, a stand-in that no entry has: the candidate lookup reads names
            // and dates only, and each candidate is then compared at its own place.
            let birth_place = match place {
                Some(place) => place,
                None => BirthPlace::Municipality(
                    Ags::parse("00000000").map_err(|p| vec![FieldError::new("search_ags", p)])?,
                ),
            };
            Some((
                ChildIdentity {
                    given_names,
                    family_name_at_birth,
                    birth_date,
                    birth_place,
                },
                given,
            ))
        }
        _ => None,
    };
    errors.finish(parsed)
}

/// Runs the matcher's search in the member's register.
async fn run(
    state: &AppState,
    staff: &Staff,
    child: &ChildIdentity,
    place_given: bool,
) -> Result<Vec<Candidate>, StoreError> {
    let policy = state.pipeline.matching_policy();
    let now = state.pipeline.clock().now();
    let actor = staff.actor();
    let query_id = format!("search-{}", uuid::Uuid::new_v4());
    let mut found: Vec<Candidate> = if place_given {
        state
            .store()
            .assess_candidates(&actor, now, &staff.office, child, policy, &query_id)
            .await?
    } else {
        let lookup = retrieval(&Prepared::new(child), policy);
        state
            .store()
            .find_candidates(&actor, now, &staff.office, &lookup, &query_id)
            .await?
            .into_iter()
            .filter_map(|entry| {
                let record_child = &entry.notification.child;
                let query = ChildIdentity {
                    birth_place: record_child.birth_place.clone(),
                    ..child.clone()
                };
                let (class, explanation) =
                    classify_prepared(&Prepared::new(&query), &Prepared::new(record_child), policy);
                (class != MatchClass::None).then_some(Candidate {
                    entry,
                    class,
                    explanation,
                })
            })
            .collect()
    };
    // The same child first, then the possible ones.
    found.sort_by_key(|f| f.class != MatchClass::Match);
    Ok(found)
}

/// The results as markup.
fn results(lang: Lang, found: &[Candidate], place_given: bool) -> String {
    let lang_tag = tag(lang);
    let heading = escape(tr(lang, "Suchergebnis", "Search result"));
    if found.is_empty() {
        return format!(
            "<h2 id=\"ergebnis\">{heading}</h2>\n<p role=\"status\">{}</p>\n",
            escape(tr(
                lang,
                "Kein Eintrag gefunden: kein wirksamer Eintrag im Register Ihres Jugendamts \
                 könnte dieses Kind sein.",
                "No entry found: no entry in force in your office's register could be this \
                 child.",
            ))
        );
    }
    let count = match (lang, found.len()) {
        (Lang::De, 1) => "1 Eintrag gefunden.".to_owned(),
        (Lang::De, n) => format!("{n} Einträge gefunden."),
        (Lang::En, 1) => "1 entry found.".to_owned(),
        (Lang::En, n) => format!("{n} entries found."),
    };
    let not_compared = tr(lang, "nicht verglichen", "not compared");
    let items: String = found
        .iter()
        .map(|f| {
            let n = &f.entry.notification;
            let e = &f.explanation;
            let place = if place_given {
                explain::place(lang, e.birth_place)
            } else {
                not_compared
            };
            let rows = [
                (
                    tr(lang, "Geburtsdatum", "Date of birth"),
                    explain::date(lang, e.birth_date),
                ),
                (
                    tr(lang, "Familienname", "Family name"),
                    explain::name(lang, e.family_name),
                ),
                (
                    tr(lang, "Vornamen", "Given names"),
                    explain::name(lang, e.given_names),
                ),
                (tr(lang, "Geburtsort", "Place of birth"), place),
            ];
            let rows: String = rows
                .iter()
                .map(|(label, value)| {
                    format!("<dt>{}</dt><dd>{}</dd>\n", escape(label), escape(value))
                })
                .collect();
            format!(
                "<li><a href=\"{path}?lang={lang_tag}\">{child}</a> – <strong>{class}</strong><br>\n\
                 {kind} · {scope}\n<dl class=\"data\">\n{rows}</dl></li>\n",
                path = entry_path(&f.entry.id),
                child = escape(&words::child_line(lang, &n.child)),
                class = escape(explain::class_name(lang, f.class)),
                kind = escape(words::entry_kind(lang, n.kind)),
                scope = escape(&words::scope(lang, &n.scope)),
            )
        })
        .collect();
    format!(
        "<h2 id=\"ergebnis\">{heading}</h2>\n<p role=\"status\">{count}</p>\n\
         <ul class=\"entries\">\n{items}</ul>\n",
        count = escape(&count),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn form(pairs: &[(&str, &str)]) -> SearchForm {
        let body = serde_urlencoded::to_string(pairs).unwrap();
        serde_urlencoded::from_str::<SearchForm>(&body).unwrap()
    }

    #[test]
    fn a_search_needs_names_and_date_and_takes_one_kind_of_place() {
        let today = date!(2026 - 03 - 02);
        let (child, place) = parse(
            &form(&[
                ("csrf", "x"),
                ("search_given_names", "Charlotte"),
                ("search_family_name", "Berger"),
                ("search_birth_date", "04.05.2020"),
            ]),
            today,
        )
        .unwrap();
        assert!(!place);
        assert_eq!(child.birth_date, date!(2020 - 05 - 04));

        let (child, place) = parse(
            &form(&[
                ("search_given_names", "Lukas"),
                ("search_family_name", "Gruber"),
                ("search_birth_date", "2018-11-02"),
                ("search_country", "AT"),
                ("search_place", "Wien"),
            ]),
            today,
        )
        .unwrap();
        assert!(place);
        assert!(matches!(child.birth_place, BirthPlace::Abroad { .. }));

        let errors = parse(
            &form(&[
                ("search_birth_date", "31.02.2020"),
                ("search_ags", "03352011"),
                ("search_country", "AT"),
            ]),
            today,
        )
        .unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "search_given_names",
                "search_family_name",
                "search_birth_date",
                "search_ags"
            ]
        );
    }
}
