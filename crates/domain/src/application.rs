//! The application for a Negativbescheinigung (§ 58 Abs. 2 SGB VIII), once parsed.

use serde::{Deserialize, Serialize};
use time::{Date, Month};

use crate::ags::{Ags, PostalCode};
use crate::country::CountryCode;
use crate::names::PersonName;
use crate::validation::Problem;

/// Longest free-text place name or street accepted.
pub const MAX_PLACE_CHARS: usize = 100;
pub const MAX_STREET_CHARS: usize = 200;

/// Where a child was born: a German municipality, or abroad.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BirthPlace {
    Municipality(Ags),
    Abroad { country: CountryCode, place: String },
}

impl BirthPlace {
    /// A stable key for comparing and indexing places: the AGS, or `XX:normalised place`.
    pub fn key(&self) -> String {
        match self {
            BirthPlace::Municipality(ags) => ags.to_string(),
            BirthPlace::Abroad { country, place } => {
                format!("{country}:{}", crate::matching::normal::fold(place))
            }
        }
    }

    /// Whether two places could be one, allowing a foreign place to be spelt in two languages
    /// (Wien, Vienna): same municipality, or same foreign country.
    pub fn could_be_same(&self, other: &BirthPlace) -> bool {
        match (self, other) {
            (BirthPlace::Municipality(a), BirthPlace::Municipality(b)) => a == b,
            (BirthPlace::Abroad { country: a, .. }, BirthPlace::Abroad { country: b, .. }) => {
                a == b
            }
            _ => false,
        }
    }
}

/// What identifies a child in the register: name at birth registration, date and place of birth.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChildIdentity {
    pub given_names: PersonName,
    pub family_name_at_birth: PersonName,
    pub birth_date: Date,
    pub birth_place: BirthPlace,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Address {
    pub street: String,
    pub postal_code: PostalCode,
    pub municipality: Ags,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Applicant {
    pub given_names: PersonName,
    pub family_name: PersonName,
    pub birth_name: Option<PersonName>,
    pub birth_date: Date,
    pub address: Address,
}

/// The applicant's own statements on the facts that decide eligibility.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Declarations {
    pub applicant_is_mother: bool,
    /// She is or was married to the child's father.
    pub married_to_father: bool,
    /// She was married to another man when the child was born (he is then the legal father).
    pub married_to_other_man_at_birth: bool,
    /// A court gave custody to one parent alone (the decision itself is then the proof).
    pub custody_by_court_to_one_parent: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Application {
    pub applicant: Applicant,
    pub child: ChildIdentity,
    pub declarations: Declarations,
}

/// Parses an ISO date (`YYYY-MM-DD`) between 1900 and 2200.
pub fn parse_date(raw: &str) -> Result<Date, Problem> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let date = Date::parse(raw.trim(), &format).map_err(|_| Problem::InvalidDate)?;
    if !(1900..=2200).contains(&date.year()) {
        return Err(Problem::Implausible);
    }
    Ok(date)
}

/// Parses an ISO date (`YYYY-MM-DD`) that must not lie after `today` nor before 1900.
pub fn parse_past_date(raw: &str, today: Date) -> Result<Date, Problem> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let date = Date::parse(raw.trim(), &format).map_err(|_| Problem::InvalidDate)?;
    if date > today {
        return Err(Problem::InFuture);
    }
    if date.year() < 1900 {
        return Err(Problem::Implausible);
    }
    Ok(date)
}

/// The day on which a person born on `birth` reaches `years` of age. A person born on
/// 29 February comes of age on 1 March in a year without that day (§ 188 Abs. 3 BGB).
pub fn anniversary(birth: Date, years: i32) -> Date {
    let year = birth.year() + years;
    Date::from_calendar_date(year, birth.month(), birth.day())
        .or_else(|_| Date::from_calendar_date(year, Month::March, 1))
        .unwrap_or(Date::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn dates_in_the_future_or_before_1900_are_refused() {
        let today = date!(2026 - 11 - 29);
        assert_eq!(parse_past_date("2026-11-29", today), Ok(today));
        assert_eq!(parse_past_date("2026-11-30", today), Err(Problem::InFuture));
        assert_eq!(
            parse_past_date("1899-12-31", today),
            Err(Problem::Implausible)
        );
        assert_eq!(
            parse_past_date("2020-02-30", today),
            Err(Problem::InvalidDate)
        );
        assert_eq!(
            parse_past_date("04.05.2020", today),
            Err(Problem::InvalidDate)
        );
    }

    #[test]
    fn leap_day_children_come_of_age_on_first_of_march() {
        assert_eq!(
            anniversary(date!(2008 - 02 - 29), 18),
            date!(2026 - 03 - 01)
        );
        assert_eq!(
            anniversary(date!(2008 - 02 - 28), 18),
            date!(2026 - 02 - 28)
        );
        assert_eq!(
            anniversary(date!(2004 - 02 - 29), 20),
            date!(2024 - 02 - 29)
        );
    }

    #[test]
    fn foreign_places_compare_by_country() {
        let wien = BirthPlace::Abroad {
            country: CountryCode::parse_foreign("AT").unwrap(),
            place: "Wien".into(),
        };
        let vienna = BirthPlace::Abroad {
            country: CountryCode::parse_foreign("AT").unwrap(),
            place: "Vienna".into(),
        };
        assert!(wien.could_be_same(&vienna));
        assert_ne!(wien.key(), vienna.key());
        assert_eq!(wien.key(), "AT:wien");
    }
}
