//! A child as a register entry or a query names it, and what counts as a valid name.

use std::hash::{DefaultHasher, Hash, Hasher};

/// Longest name part a civil-status record holds, in characters.
pub const MAX_NAME_CHARS: usize = 100;

/// A child as a register entry or a query names it. Names are plain strings that are valid
/// civil-status names: letters of any script (mostly Latin), spaces, hyphens, apostrophes; no
/// digits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Child {
    /// All given names, separated by single spaces ("Charlotte Marie", "Anna-Lena").
    pub given_names: String,
    pub family_name: String,
    pub birth_date: time::Date,
    /// The 8-digit Amtlicher Gemeindeschlüssel of the place of birth.
    pub birth_place: String,
}

impl Child {
    /// A hash of the child's identity compared case-insensitively: two children with the same
    /// key are "identical" in the sense of [`queries`](crate::queries). A 64-bit collision
    /// (about 1 in 10^7 for a million entries) only makes a look-alike be drawn again.
    pub fn identity_key(&self) -> u64 {
        let mut hasher = DefaultHasher::new();
        self.given_names.to_lowercase().hash(&mut hasher);
        self.family_name.to_lowercase().hash(&mut hasher);
        self.birth_date.hash(&mut hasher);
        self.birth_place.hash(&mut hasher);
        hasher.finish()
    }

    /// Whether `self` and `other` name the same child, compared case-insensitively.
    pub fn same_identity(&self, other: &Child) -> bool {
        self.birth_date == other.birth_date
            && self.birth_place == other.birth_place
            && self.given_names.to_lowercase() == other.given_names.to_lowercase()
            && self.family_name.to_lowercase() == other.family_name.to_lowercase()
    }
}

/// Whether `name` is a valid civil-status name as this crate writes them: letters of any script,
/// single spaces, hyphens and apostrophes between letters, at most [`MAX_NAME_CHARS`]
/// characters, starting and ending with a letter; no digits, no other symbols.
pub fn is_valid_name(name: &str) -> bool {
    let chars: Vec<char> = name.chars().collect();
    if chars.is_empty() || chars.len() > MAX_NAME_CHARS {
        return false;
    }
    let is_separator = |c: char| matches!(c, ' ' | '-' | '\'');
    if !chars.iter().all(|&c| c.is_alphabetic() || is_separator(c)) {
        return false;
    }
    let (first, last) = (chars[0], chars[chars.len() - 1]);
    if !first.is_alphabetic() || !last.is_alphabetic() {
        return false;
    }
    !chars
        .windows(2)
        .any(|pair| is_separator(pair[0]) && is_separator(pair[1]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn valid_names() {
        for ok in [
            "Müller",
            "Anna-Lena Marie",
            "D'Angelo",
            "Şahin",
            "von der Heide",
            "Ștefan",
        ] {
            assert!(is_valid_name(ok), "{ok}");
        }
        for bad in [
            "",
            "Anna  Lena",
            "-Anna",
            "Anna-",
            "R2D2",
            "Anna.",
            "Anna_Lena",
            " Anna",
        ] {
            assert!(!is_valid_name(bad), "{bad:?}");
        }
        assert!(is_valid_name(&"a".repeat(100)));
        assert!(!is_valid_name(&"a".repeat(101)));
    }

    #[test]
    fn identity_ignores_case_only() {
        let a = Child {
            given_names: "Charlotte".into(),
            family_name: "Müller".into(),
            birth_date: date!(2020 - 03 - 04),
            birth_place: "03352011".into(),
        };
        let upper = Child {
            family_name: "MÜLLER".into(),
            ..a.clone()
        };
        assert!(a.same_identity(&upper));
        assert_eq!(a.identity_key(), upper.identity_key());
        let other = Child {
            family_name: "Mueller".into(),
            ..a.clone()
        };
        assert!(!a.same_identity(&other));
        assert_ne!(a.identity_key(), other.identity_key());
    }
}
