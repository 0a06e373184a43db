//! Request and response parts shared by several endpoints, and their parsing into domain values.

use serde::{Deserialize, Serialize};
use time::Date;
use utoipa::ToSchema;

use domain::application::{BirthPlace, ChildIdentity, MAX_PLACE_CHARS, parse_past_date};
use domain::validation::{Errors, Rule, bounded_text};
use domain::{Ags, CountryCode, PersonName, Problem};
use store::directory::OfficeRecord;

/// Where the child was born: a German municipality (`municipality_key`) or abroad.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BirthPlaceIn {
    /// 8-digit AGS of the municipality of birth.
    #[schema(example = "03352011")]
    pub municipality_key: Option<String>,
    pub abroad: Option<AbroadIn>,
}

#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AbroadIn {
    /// ISO 3166-1 alpha-2 code of a country other than Germany.
    #[schema(required = true, example = "AT")]
    pub country: Option<String>,
    #[schema(required = true, example = "Wien")]
    pub place: Option<String>,
}

/// The child as registered at birth.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChildIn {
    #[schema(required = true, example = "Charlotte")]
    pub given_names: Option<String>,
    /// The family name the child bore when its birth was registered.
    #[schema(required = true, example = "Berger")]
    pub family_name_at_birth: Option<String>,
    #[schema(required = true, example = "2020-05-04")]
    pub birth_date: Option<String>,
    #[schema(required = true)]
    pub birth_place: Option<BirthPlaceIn>,
}

pub fn name(errors: &mut Errors, field: &str, raw: Option<&String>) -> Option<PersonName> {
    errors.required(field, raw, |r| PersonName::parse(r))
}

pub fn optional_name(
    errors: &mut Errors,
    field: &str,
    raw: Option<&String>,
) -> Option<Option<PersonName>> {
    match raw {
        None => Some(None),
        Some(raw) if raw.trim().is_empty() => Some(None),
        Some(raw) => errors.take(field, PersonName::parse(raw)).map(Some),
    }
}

pub fn past_date(
    errors: &mut Errors,
    field: &str,
    raw: Option<&String>,
    today: Date,
) -> Option<Date> {
    errors.required(field, raw, |r| parse_past_date(r, today))
}

pub fn text(errors: &mut Errors, field: &str, raw: Option<&String>, max: usize) -> Option<String> {
    errors.required(field, raw, |r| bounded_text(r, max))
}

pub fn birth_place(
    errors: &mut Errors,
    field: &str,
    raw: Option<&BirthPlaceIn>,
) -> Option<BirthPlace> {
    let Some(raw) = raw else {
        errors.push(field, Problem::Missing);
        return None;
    };
    match (&raw.municipality_key, &raw.abroad) {
        (Some(key), None) => errors
            .take(&format!("{field}.municipality_key"), Ags::parse(key))
            .map(BirthPlace::Municipality),
        (None, Some(abroad)) => {
            let country = errors.required(
                &format!("{field}.abroad.country"),
                abroad.country.as_ref(),
                |c| CountryCode::parse_foreign(c),
            );
            let place = text(
                errors,
                &format!("{field}.abroad.place"),
                abroad.place.as_ref(),
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
    raw: Option<&ChildIn>,
    today: Date,
) -> Option<ChildIdentity> {
    let Some(raw) = raw else {
        errors.push(field, Problem::Missing);
        return None;
    };
    let given_names = name(
        errors,
        &format!("{field}.given_names"),
        raw.given_names.as_ref(),
    );
    let family = name(
        errors,
        &format!("{field}.family_name_at_birth"),
        raw.family_name_at_birth.as_ref(),
    );
    let birth_date = past_date(
        errors,
        &format!("{field}.birth_date"),
        raw.birth_date.as_ref(),
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

/// A Jugendamt in responses.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OfficeOut {
    #[schema(example = "ja-04011")]
    pub id: String,
    #[schema(example = "Jugendamt Bremen")]
    pub name: String,
}

impl From<&OfficeRecord> for OfficeOut {
    fn from(office: &OfficeRecord) -> Self {
        OfficeOut {
            id: office.id.to_string(),
            name: office.name.clone(),
        }
    }
}

/// The child in responses.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ChildOut {
    pub given_names: String,
    pub family_name_at_birth: String,
    pub birth_date: String,
    pub birth_place: BirthPlaceOut,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BirthPlaceOut {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub municipality_key: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub abroad: Option<AbroadOut>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AbroadOut {
    pub country: String,
    pub place: String,
}

impl From<&ChildIdentity> for ChildOut {
    fn from(child: &ChildIdentity) -> Self {
        ChildOut {
            given_names: child.given_names.to_string(),
            family_name_at_birth: child.family_name_at_birth.to_string(),
            birth_date: iso_date(child.birth_date),
            birth_place: match &child.birth_place {
                BirthPlace::Municipality(ags) => BirthPlaceOut {
                    municipality_key: Some(ags.to_string()),
                    abroad: None,
                },
                BirthPlace::Abroad { country, place } => BirthPlaceOut {
                    municipality_key: None,
                    abroad: Some(AbroadOut {
                        country: country.to_string(),
                        place: place.clone(),
                    }),
                },
            },
        }
    }
}

pub fn iso_date(date: Date) -> String {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    date.format(&format).unwrap_or_default()
}

pub fn rfc3339(at: time::OffsetDateTime) -> String {
    at.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// Entity ids in paths are UUIDs; anything else cannot exist.
pub fn parse_id(raw: &str) -> Option<String> {
    uuid::Uuid::parse_str(raw).ok().map(|u| u.to_string())
}
