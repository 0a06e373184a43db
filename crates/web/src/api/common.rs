//! Request and response parts shared by several endpoints, and their parsing into domain values.

use serde::{Deserialize, Serialize};
use time::Date;
use utoipa::ToSchema;

use domain::PersonName;
use domain::application::{BirthPlace, ChildIdentity};
use domain::input::{self, AbroadInput, BirthPlaceInput, ChildInput};
use domain::validation::Errors;
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

// The parsing itself lives in `domain::input`, shared with the CSV import of a register; these
// wrappers only lend it the request's text.

pub fn name(errors: &mut Errors, field: &str, raw: Option<&String>) -> Option<PersonName> {
    input::name(errors, field, raw.map(String::as_str))
}

pub fn optional_name(
    errors: &mut Errors,
    field: &str,
    raw: Option<&String>,
) -> Option<Option<PersonName>> {
    input::optional_name(errors, field, raw.map(String::as_str))
}

pub fn past_date(
    errors: &mut Errors,
    field: &str,
    raw: Option<&String>,
    today: Date,
) -> Option<Date> {
    input::past_date(errors, field, raw.map(String::as_str), today)
}

pub fn text(errors: &mut Errors, field: &str, raw: Option<&String>, max: usize) -> Option<String> {
    input::text(errors, field, raw.map(String::as_str), max)
}

pub fn child(
    errors: &mut Errors,
    field: &str,
    raw: Option<&ChildIn>,
    today: Date,
) -> Option<ChildIdentity> {
    input::child(errors, field, raw.map(ChildIn::input).as_ref(), today)
}

impl ChildIn {
    /// The request's text, for the shared parser.
    pub fn input(&self) -> ChildInput<'_> {
        ChildInput {
            given_names: self.given_names.as_deref(),
            family_name_at_birth: self.family_name_at_birth.as_deref(),
            birth_date: self.birth_date.as_deref(),
            birth_place: self.birth_place.as_ref().map(|place| BirthPlaceInput {
                municipality_key: place.municipality_key.as_deref(),
                abroad: place.abroad.as_ref().map(|abroad| AbroadInput {
                    country: abroad.country.as_deref(),
                    place: abroad.place.as_deref(),
                }),
            }),
        }
    }
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
