//! ISO 3166-1 alpha-2 country codes, for children born abroad.

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::validation::Problem;

/// The officially assigned ISO 3166-1 alpha-2 codes.
const CODES: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL \
BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK \
DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU \
GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ \
LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY \
MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU \
RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO \
TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW";

/// A country other than Germany, by its ISO 3166-1 alpha-2 code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CountryCode([u8; 2]);

impl CountryCode {
    /// Parses a code of a foreign country; `DE` is refused, since a birth in Germany is given by
    /// its municipality.
    pub fn parse_foreign(raw: &str) -> Result<CountryCode, Problem> {
        let code = raw.trim();
        if code.len() != 2 || !CODES.split(' ').any(|known| known == code) {
            return Err(Problem::UnknownCountry);
        }
        if code == "DE" {
            return Err(Problem::CountryIsGermany);
        }
        let b = code.as_bytes();
        Ok(CountryCode([b[0], b[1]]))
    }

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("??")
    }
}

impl fmt::Display for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl TryFrom<String> for CountryCode {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        CountryCode::parse_foreign(&value)
            .map_err(|_| format!("not a foreign country code: {value:?}"))
    }
}

impl From<CountryCode> for String {
    fn from(value: CountryCode) -> String {
        value.as_str().to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_foreign_codes_only() {
        assert_eq!(CountryCode::parse_foreign("AT").unwrap().as_str(), "AT");
        assert_eq!(
            CountryCode::parse_foreign("DE"),
            Err(Problem::CountryIsGermany)
        );
        assert_eq!(
            CountryCode::parse_foreign("at"),
            Err(Problem::UnknownCountry)
        );
        assert_eq!(
            CountryCode::parse_foreign("XX"),
            Err(Problem::UnknownCountry)
        );
        assert_eq!(
            CountryCode::parse_foreign("AUT"),
            Err(Problem::UnknownCountry)
        );
        assert_eq!(CODES.split(' ').count(), 249);
    }
}
