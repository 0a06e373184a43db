//! Personal names as civil-status records carry them, and their normal form for comparison.

use serde::{Deserialize, Serialize};
use std::fmt;
use unicode_normalization::UnicodeNormalization;

use crate::validation::Problem;

/// Longest name part accepted (given names, family name, birth name).
pub const MAX_NAME_CHARS: usize = 100;

/// A name part (given names or a family name) as written, trimmed and NFC-normalised, with
/// internal white space collapsed. Letters of any script, combining marks, spaces, hyphens,
/// apostrophes and full stops are allowed; digits and symbols are not.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PersonName(String);

impl PersonName {
    pub fn parse(raw: &str) -> Result<PersonName, Problem> {
        let nfc: String = raw.nfc().collect();
        let collapsed = nfc.split_whitespace().collect::<Vec<_>>().join(" ");
        if collapsed.is_empty() {
            return Err(Problem::Empty);
        }
        if collapsed.chars().count() > MAX_NAME_CHARS {
            return Err(Problem::TooLong {
                max: MAX_NAME_CHARS,
            });
        }
        let allowed = |c: char| {
            c.is_alphabetic()
                || is_combining_mark(c)
                || matches!(c, ' ' | '-' | '\'' | '’' | '.' | '‐')
        };
        if !collapsed.chars().all(allowed) || !collapsed.chars().any(char::is_alphabetic) {
            return Err(Problem::InvalidCharacters);
        }
        Ok(PersonName(collapsed))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn is_combining_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

impl fmt::Display for PersonName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for PersonName {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        PersonName::parse(&value).map_err(|_| "not a valid name".to_owned())
    }
}

impl From<PersonName> for String {
    fn from(value: PersonName) -> String {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_real_names() {
        for name in [
            "Charlotte Marie",
            "Müller-Lüdenscheidt",
            "O'Neill",
            "von der Heide",
            "Nguyễn",
            "Şahin",
            "Александр",
            "محمد",
            "St. Clair",
        ] {
            assert!(PersonName::parse(name).is_ok(), "{name} rejected");
        }
    }

    #[test]
    fn rejects_digits_symbols_empty_and_overlong() {
        assert_eq!(PersonName::parse("  "), Err(Problem::Empty));
        assert_eq!(PersonName::parse("R2D2"), Err(Problem::InvalidCharacters));
        assert_eq!(
            PersonName::parse("<script>"),
            Err(Problem::InvalidCharacters)
        );
        assert_eq!(PersonName::parse("--"), Err(Problem::InvalidCharacters));
        assert_eq!(
            PersonName::parse(&"a".repeat(101)),
            Err(Problem::TooLong { max: 100 })
        );
    }

    #[test]
    fn collapses_white_space() {
        let name = PersonName::parse("  Anna \t Lena ").unwrap();
        assert_eq!(name.as_str(), "Anna Lena");
    }

    proptest! {
        #[test]
        fn parsed_names_are_bounded_and_trimmed(s in "\\PC{0,120}") {
            if let Ok(name) = PersonName::parse(&s) {
                prop_assert!(name.as_str().chars().count() <= MAX_NAME_CHARS);
                prop_assert_eq!(name.as_str().trim(), name.as_str());
                prop_assert!(!name.as_str().contains("  "));
            }
        }
    }
}
