//! Official municipality keys (*Amtlicher Gemeindeschlüssel*), district keys and postal codes.

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::validation::Problem;

/// An 8-digit Amtlicher Gemeindeschlüssel: Land (2) + Regierungsbezirk (1) + Kreis (2) +
/// Gemeinde (3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Ags([u8; 8]);

impl Ags {
    pub fn parse(raw: &str) -> Result<Ags, Problem> {
        let bytes = raw.as_bytes();
        if bytes.len() != 8 || !bytes.iter().all(u8::is_ascii_digit) {
            return Err(Problem::InvalidFormat {
                expected: "8 digits",
            });
        }
        let mut key = [0u8; 8];
        key.copy_from_slice(bytes);
        Ok(Ags(key))
    }

    pub fn as_str(&self) -> &str {
        // Only ASCII digits are ever stored.
        std::str::from_utf8(&self.0).unwrap_or("00000000")
    }

    /// The district (Kreis or kreisfreie Stadt) the municipality belongs to.
    pub fn district(&self) -> DistrictKey {
        let mut key = [0u8; 5];
        key.copy_from_slice(&self.0[..5]);
        DistrictKey(key)
    }
}

impl fmt::Display for Ags {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl TryFrom<String> for Ags {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Ags::parse(&value).map_err(|_| format!("not an 8-digit municipality key: {value:?}"))
    }
}

impl From<Ags> for String {
    fn from(value: Ags) -> String {
        value.as_str().to_owned()
    }
}

/// A 5-digit district key (the first five digits of an AGS).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DistrictKey([u8; 5]);

impl DistrictKey {
    pub fn parse(raw: &str) -> Result<DistrictKey, Problem> {
        let bytes = raw.as_bytes();
        if bytes.len() != 5 || !bytes.iter().all(u8::is_ascii_digit) {
            return Err(Problem::InvalidFormat {
                expected: "5 digits",
            });
        }
        let mut key = [0u8; 5];
        key.copy_from_slice(bytes);
        Ok(DistrictKey(key))
    }

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("00000")
    }
}

impl fmt::Display for DistrictKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A German 5-digit postal code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PostalCode([u8; 5]);

impl TryFrom<String> for PostalCode {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        PostalCode::parse(&value).map_err(|_| format!("not a postal code: {value:?}"))
    }
}

impl From<PostalCode> for String {
    fn from(value: PostalCode) -> String {
        value.as_str().to_owned()
    }
}

impl PostalCode {
    pub fn parse(raw: &str) -> Result<PostalCode, Problem> {
        let bytes = raw.trim().as_bytes();
        if bytes.len() != 5 || !bytes.iter().all(u8::is_ascii_digit) {
            return Err(Problem::InvalidFormat {
                expected: "5 digits",
            });
        }
        let mut key = [0u8; 5];
        key.copy_from_slice(bytes);
        Ok(PostalCode(key))
    }

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("00000")
    }
}

impl fmt::Display for PostalCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn district_is_first_five_digits() {
        let cuxhaven = Ags::parse("03352011").unwrap();
        assert_eq!(cuxhaven.district().as_str(), "03352");
    }

    #[test]
    fn rejects_wrong_length_and_letters() {
        for bad in [
            "",
            "0335201",
            "033520111",
            "0335201a",
            " 3352011",
            "０３３５２０１１",
        ] {
            assert!(Ags::parse(bad).is_err(), "{bad:?} accepted");
        }
    }

    proptest! {
        #[test]
        fn any_eight_digits_round_trip(s in "[0-9]{8}") {
            let ags = Ags::parse(&s).unwrap();
            prop_assert_eq!(ags.as_str(), s.as_str());
        }

        #[test]
        fn anything_else_is_rejected(s in "\\PC{0,12}") {
            let valid = s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit());
            prop_assert_eq!(Ags::parse(&s).is_ok(), valid);
        }

        #[test]
        fn postal_codes_are_five_digits(s in "\\PC{0,7}") {
            let valid = s.trim().len() == 5 && s.trim().bytes().all(|b| b.is_ascii_digit());
            prop_assert_eq!(PostalCode::parse(&s).is_ok(), valid);
        }
    }
}
