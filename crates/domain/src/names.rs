//! Personal names as civil-status records carry them, and their normal form for comparison.

use serde::{Deserialize, Serialize};
use std::fmt;
use unicode_normalization::UnicodeNormalization;

use crate::validation::Problem;

/// Longest name part accepted (given names, family name, birth name).
pub const MAX_NAME_CHARS: usize = 100;

/// A name part (given names or a family name) as written, trimmed and NFC-normalised, with
/// internal white space collapsed. Letters of the Latin, Greek and Cyrillic scripts (German
/// civil-status records write names in Latin letters; Greek and Cyrillic spellings are folded to
/// them for matching), combining marks, spaces, hyphens, apostrophes and full stops are allowed;
/// digits, symbols and other scripts are not — a certificate must be able to print every name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PersonName(String);

impl PersonName {
    pub fn parse(raw: &str) -> Result<PersonName, Problem> {
        // U+2010 HYPHEN is written as the plain hyphen-minus it stands for.
        // ASCII text is in NFC already.
        let nfc: String = if raw.is_ascii() {
            raw.to_owned()
        } else {
            raw.nfc().map(|c| if c == '‐' { '-' } else { c }).collect()
        };
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
            (c.is_alphabetic() && in_printed_scripts(c))
                || is_combining_mark(c)
                || matches!(c, ' ' | '-' | '\'' | '’' | '.' | '‐')
        };
        if !collapsed.chars().all(allowed) || !collapsed.chars().any(char::is_alphabetic) {
            return Err(Problem::InvalidCharacters);
        }
        Ok(PersonName(collapsed))
    }

    /// Whether `c` is a letter that a name may contain (see [`PersonName`]).
    pub fn allows_letter(c: char) -> bool {
        c.is_alphabetic() && in_printed_scripts(c)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The Unicode blocks of the Latin, Greek and Cyrillic scripts (letters only are asked for).
fn in_printed_scripts(c: char) -> bool {
    // Within these blocks, the letters the certificate's font has (a test in the certificate
    // crate checks every character a name may hold against both faces).
    matches!(u32::from(c),
        0x0041..=0x024F       // Basic Latin, Latin-1 Supplement, Latin Extended-A and -B
        | 0x1E00..=0x1E9B     // Latin Extended Additional (Vietnamese and others) …
        | 0x1E9E              // … capital sharp s …
        | 0x1EA0..=0x1EF9     // … without the medievalist letters
        | 0x0386..=0x03CE     // Greek …
        | 0x03D0..=0x03FF     // … without the archaic letters
        | 0x1F00..=0x1FFF     // Greek Extended (polytonic)
        | 0x0400..=0x0527     // Cyrillic and its supplement
    )
}

/// Combining diacritical marks (those that NFC cannot fold into a precomposed letter remain).
fn is_combining_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F)
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
            "Γιώργος",
            "St. Clair",
        ] {
            assert!(PersonName::parse(name).is_ok(), "{name} rejected");
        }
    }

    #[test]
    fn rejects_scripts_a_certificate_cannot_print() {
        for name in ["محمد", "美咲", "אברהם", "ศรี"] {
            assert_eq!(
                PersonName::parse(name),
                Err(Problem::InvalidCharacters),
                "{name}"
            );
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
