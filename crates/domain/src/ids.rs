//! Identifiers of Jugendämter (offices).

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::ags::{Ags, DistrictKey};
use crate::validation::Problem;

/// The id of a Jugendamt: `ja-` followed by the 5-digit district key for a district office, or
/// the 8-digit AGS for a town with its own Jugendamt (`ja-03352`, `ja-03359012`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct OfficeId(String);

impl OfficeId {
    pub fn parse(raw: &str) -> Result<OfficeId, Problem> {
        let digits = raw.strip_prefix("ja-").ok_or(Problem::InvalidFormat {
            expected: "ja- followed by 5 or 8 digits",
        })?;
        if (digits.len() == 5 || digits.len() == 8) && digits.bytes().all(|b| b.is_ascii_digit()) {
            Ok(OfficeId(raw.to_owned()))
        } else {
            Err(Problem::InvalidFormat {
                expected: "ja- followed by 5 or 8 digits",
            })
        }
    }

    /// The office of a district.
    pub fn for_district(district: DistrictKey) -> OfficeId {
        OfficeId(format!("ja-{district}"))
    }

    /// The office of a single municipality that keeps its own Jugendamt.
    pub fn for_municipality(ags: Ags) -> OfficeId {
        OfficeId(format!("ja-{ags}"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for OfficeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for OfficeId {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        OfficeId::parse(&value).map_err(|_| format!("not an office id: {value:?}"))
    }
}

impl From<OfficeId> for String {
    fn from(value: OfficeId) -> String {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn district_and_town_offices() {
        let district = DistrictKey::parse("03352").unwrap();
        assert_eq!(OfficeId::for_district(district).as_str(), "ja-03352");
        let ags = Ags::parse("03359012").unwrap();
        assert_eq!(OfficeId::for_municipality(ags).as_str(), "ja-03359012");
        assert!(OfficeId::parse("ja-0335").is_err());
        assert!(OfficeId::parse("xx-03352").is_err());
        assert!(OfficeId::parse("ja-03352").is_ok());
    }
}
