//! Whether a register record is the child an application asks about.
//!
//! This is the first, deliberately blunt matcher: a record is the child only when the normal
//! forms of both names, the date and the place agree exactly. Anything that shares the date and
//! could share the place, or shares the date and the family name, is *possible* and goes to a
//! person. A false "no entries" is the worst failure of the product, so doubt never becomes
//! `None`.

use serde::{Deserialize, Serialize};

use crate::application::ChildIdentity;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchClass {
    /// The same child.
    Match,
    /// Might be the same child: a person must look.
    Possible,
    /// Not this child.
    None,
}

/// Classifies one register record against the child an application names. Records are
/// retrieved by date of birth, so a different date means `None` here.
pub fn classify(query: &ChildIdentity, record: &ChildIdentity) -> MatchClass {
    if query.birth_date != record.birth_date {
        return MatchClass::None;
    }
    let family_equal =
        query.family_name_at_birth.normalised() == record.family_name_at_birth.normalised();
    let given_equal = query.given_names.normalised() == record.given_names.normalised();
    let place_equal = query.birth_place.key() == record.birth_place.key();
    if family_equal && given_equal && place_equal {
        MatchClass::Match
    } else if query.birth_place.could_be_same(&record.birth_place) || family_equal {
        MatchClass::Possible
    } else {
        MatchClass::None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::application::BirthPlace;
    use crate::{Ags, PersonName};
    use time::macros::date;

    fn child(given: &str, family: &str, ags: &str) -> ChildIdentity {
        ChildIdentity {
            given_names: PersonName::parse(given).unwrap(),
            family_name_at_birth: PersonName::parse(family).unwrap(),
            birth_date: date!(2020 - 05 - 04),
            birth_place: BirthPlace::Municipality(Ags::parse(ags).unwrap()),
        }
    }

    #[test]
    fn same_child_in_other_spelling_matches() {
        let record = child("Charlotte", "Müller", "03352011");
        let query = child("charlotte", "MUELLER", "03352011");
        assert_eq!(classify(&query, &record), MatchClass::Match);
    }

    #[test]
    fn a_twin_or_a_typo_is_possible_never_none() {
        let record = child("Charlotte", "Berger", "03352011");
        assert_eq!(
            classify(&child("Marie", "Berger", "03352011"), &record),
            MatchClass::Possible
        );
        assert_eq!(
            classify(&child("Charlote", "Berger", "03352011"), &record),
            MatchClass::Possible
        );
        assert_eq!(
            classify(&child("Charlotte", "Berger", "03352012"), &record),
            MatchClass::Possible
        );
    }

    #[test]
    fn another_child_is_none() {
        let record = child("Charlotte", "Berger", "03352011");
        let mut other_day = child("Charlotte", "Berger", "03352011");
        other_day.birth_date = date!(2020 - 05 - 05);
        assert_eq!(classify(&other_day, &record), MatchClass::None);
        assert_eq!(
            classify(&child("Ben", "Schulz", "03352012"), &record),
            MatchClass::None
        );
    }
}
