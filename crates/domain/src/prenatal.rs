//! Sorgeerklärungen made before the birth (§ 1626b Abs. 2 BGB), notified without the child's
//! data.
//!
//! Until the birth is known, such a notification cannot be found by child data: a register
//! search for the child finds nothing, which is how wrong certificates come about. So an open
//! notification is held apart, found by the **mother's** names instead, and any child she
//! bore in the span it could concern sends her application to a person ([`could_concern`]).
//! Once the birth is known, the notification is completed with the child's data and becomes
//! an ordinary register entry ([`PrenatalNotification::completed`]).
//!
//! Only Sorgeerklärungen can precede the birth: a court decides on the custody of a born
//! child. So a prenatal notification is always declarations on custody as a whole, by both
//! parents.

use serde::{Deserialize, Serialize};
use time::{Date, Duration};

use crate::PersonName;
use crate::application::ChildIdentity;
use crate::matching::dates::{self, DateAgreement};
use crate::matching::{MatchPolicy, NameAgreement, PreparedName, pair_key};
use crate::register::{EntryKind, Notification, Parent, Scope, Source};

/// How long before the declarations a child concerned could be born: none is, by definition,
/// but a declaration date mistyped, or declared "before the birth" on the day of it, still
/// concerns the child.
pub const BORN_BEFORE_DECLARATION: Duration = Duration::days(31);
/// How long after the declarations a child concerned could be born: a pregnancy known to the
/// parents lasts at most about 44 weeks from its start, and declarations follow its start.
pub const BORN_AFTER_DECLARATION: Duration = Duration::days(310);

/// A notification of Sorgeerklärungen made before the child's birth.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrenatalNotification {
    pub mother: Parent,
    /// The mother's date of birth, as the declarations' record states it: with her names it
    /// tells her from the other women of her name who are expecting a child.
    pub mother_birth_date: Date,
    pub father: Parent,
    /// When the declarations were made (the effective date of the entry they become).
    pub declared_on: Date,
    /// The expected date of birth, where the declaration states it. Only a hint for staff:
    /// the span a notification could concern does not depend on it.
    pub expected_birth_date: Option<Date>,
    pub source: Source,
}

impl PrenatalNotification {
    /// The register entry this notification becomes once the child's data are known.
    pub fn completed(&self, child: ChildIdentity) -> Notification {
        Notification {
            child,
            mother: self.mother.clone(),
            father: Some(self.father.clone()),
            kind: EntryKind::CustodyDeclarations,
            scope: Scope::Whole,
            effective_date: self.declared_on,
            source: self.source.clone(),
        }
    }

    /// Whether a child born on `birth_date` could be the child this notification is about.
    pub fn spans(&self, birth_date: Date) -> bool {
        let (first, last) = declared_between(birth_date);
        (first..=last).contains(&self.declared_on)
    }
}

/// The declaration dates of the notifications that could concern a child born on
/// `birth_date`, first and last (inclusive).
pub fn declared_between(birth_date: Date) -> (Date, Date) {
    (
        birth_date
            .checked_sub(BORN_AFTER_DECLARATION)
            .unwrap_or(Date::MIN),
        birth_date
            .checked_add(BORN_BEFORE_DECLARATION)
            .unwrap_or(Date::MAX),
    )
}

/// A woman's names prepared for comparison: her given names, and every surname she is known
/// by (her family name and her birth name), since a surname may change between the
/// declarations and her application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MotherNames {
    given: PreparedName,
    surnames: Vec<PreparedName>,
}

impl MotherNames {
    pub fn new(
        given_names: &PersonName,
        family_name: &PersonName,
        birth_name: Option<&PersonName>,
    ) -> MotherNames {
        MotherNames {
            given: PreparedName::given(given_names.as_str()),
            surnames: std::iter::once(family_name)
                .chain(birth_name)
                .map(|n| PreparedName::family(n.as_str()))
                .collect(),
        }
    }

    pub fn of(parent: &Parent) -> MotherNames {
        MotherNames::new(
            &parent.given_names,
            &parent.family_name,
            parent.birth_name.as_ref(),
        )
    }

    /// The index keys of these names: given names `g:`, each surname `f:`, and a pair key
    /// `p:` of each surname code with each given-name code ([`pair_key`]). Names at most one
    /// slip apart ([`MotherNames::slips`]) share a `g:` or an `f:` key; names without a slip
    /// between them share a pair key.
    pub fn keys(&self) -> Vec<String> {
        let given: Vec<String> = self.given.keys("").collect();
        let surnames: Vec<String> = self.surnames.iter().flat_map(|s| s.keys("")).collect();
        let mut keys: Vec<String> = given
            .iter()
            .map(|c| format!("g:{c}"))
            .chain(surnames.iter().map(|c| format!("f:{c}")))
            .chain(
                surnames
                    .iter()
                    .flat_map(|f| given.iter().map(move |g| pair_key(f, g))),
            )
            .collect();
        keys.sort();
        keys.dedup();
        keys
    }

    /// How many slips lie between these names and `other` at the least: given names and some
    /// surname of each compared, as the child's matcher compares names; `None` when they are
    /// not alike at all. When the count is at most one, either the given names or a pair of
    /// surnames agree without a slip, and so share a key ([`MotherNames::keys`]).
    pub fn slips(&self, other: &MotherNames, policy: &MatchPolicy) -> Option<u8> {
        let given = self.given.agreement(&other.given, policy).slips()?;
        let surname = self
            .surnames
            .iter()
            .flat_map(|a| other.surnames.iter().map(move |b| (a, b)))
            .map(|(a, b)| a.agreement(b, policy))
            .min()
            .unwrap_or(NameAgreement::Different)
            .slips()?;
        Some(given + surname)
    }
}

/// The mother an application names: her names and her date of birth.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mother {
    pub names: MotherNames,
    pub birth_date: Date,
}

impl Mother {
    pub fn new(
        given_names: &PersonName,
        family_name: &PersonName,
        birth_name: Option<&PersonName>,
        birth_date: Date,
    ) -> Mother {
        Mother {
            names: MotherNames::new(given_names, family_name, birth_name),
            birth_date,
        }
    }

    /// Whether she could be the mother `notification` names: her names and her date of birth
    /// alike, with at most one slip among them all (a typo in a name, a changed surname kept as
    /// birth name, a date with swapped digits), as the child's matcher allows.
    pub fn could_be(&self, notification: &PrenatalNotification, policy: &MatchPolicy) -> bool {
        let date = match dates::agreement(self.birth_date, notification.mother_birth_date) {
            DateAgreement::Exact => 0,
            DateAgreement::Different => return false,
            _ if policy.near_dates => 1,
            _ => return false,
        };
        MotherNames::of(&notification.mother)
            .slips(&self.names, policy)
            .is_some_and(|names| names + date <= 1)
    }
}

/// What the index of open notifications must look up to find every one naming a woman who
/// could be a given mother ([`Mother::could_be`]), and little besides: one slip at most among
/// her names and date of birth means that
/// - on her very date of birth, a notification's mother has names one slip apart at most, so
///   they share a given-name or a surname key;
/// - on a date one slip from hers, the names agree without a slip, so they share a pair key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MotherRetrieval {
    /// Her `g:` and `f:` keys, looked up on her date of birth.
    pub any_keys: Vec<String>,
    /// Her `p:` keys, looked up on the dates one slip from hers.
    pub pair_keys: Vec<String>,
    pub birth_date: Date,
    /// The dates one slip from hers (none when the policy counts no near dates).
    pub near_dates: Vec<Date>,
}

impl MotherRetrieval {
    /// Whether a notification whose mother has index `keys` and was born on `birth_date` is
    /// looked up.
    pub fn admits(&self, keys: &[String], birth_date: Date) -> bool {
        let shares = |wanted: &[String]| keys.iter().any(|k| wanted.contains(k));
        (birth_date == self.birth_date && shares(&self.any_keys))
            || (self.near_dates.contains(&birth_date) && shares(&self.pair_keys))
    }
}

impl Mother {
    /// The lookup that finds every notification naming a woman who could be her.
    pub fn retrieval(&self, policy: &MatchPolicy) -> MotherRetrieval {
        let (pair_keys, any_keys) = self
            .names
            .keys()
            .into_iter()
            .partition(|k| k.starts_with("p:"));
        MotherRetrieval {
            any_keys,
            pair_keys,
            birth_date: self.birth_date,
            near_dates: if policy.near_dates {
                dates::near(self.birth_date)
            } else {
                Vec::new()
            },
        }
    }
}

/// Whether an open prenatal notification could concern the child born on `birth_date` to
/// `mother`: it names her (her names and date of birth, allowing one slip) and was declared in
/// the span before the birth that a pregnancy lasts. Such an application goes to a person.
pub fn could_concern(
    notification: &PrenatalNotification,
    mother: &Mother,
    birth_date: Date,
    policy: &MatchPolicy,
) -> bool {
    notification.spans(birth_date) && mother.could_be(notification, policy)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::register::SourceKind;
    use time::macros::date;

    fn name(raw: &str) -> PersonName {
        PersonName::parse(raw).unwrap()
    }

    fn notification(given: &str, family: &str, birth: Option<&str>) -> PrenatalNotification {
        PrenatalNotification {
            mother: Parent {
                given_names: name(given),
                family_name: name(family),
                birth_name: birth.map(name),
            },
            mother_birth_date: MOTHER_BORN,
            father: Parent {
                given_names: name("Jonas"),
                family_name: name("Keller"),
                birth_name: None,
            },
            declared_on: date!(2025 - 11 - 20),
            expected_birth_date: Some(date!(2026 - 03 - 01)),
            source: Source {
                kind: SourceKind::YouthOffice,
                name: "Jugendamt Bremen".into(),
                reference: "UR 12/2025".into(),
            },
        }
    }

    fn mother(given: &str, family: &str, birth: Option<&str>) -> Mother {
        Mother::new(
            &name(given),
            &name(family),
            birth.map(name).as_ref(),
            MOTHER_BORN,
        )
    }

    const BORN: Date = date!(2026 - 02 - 24);
    const MOTHER_BORN: Date = date!(1994 - 07 - 18);

    #[test]
    fn concerns_a_child_born_within_a_pregnancy_after_the_declarations() {
        let n = notification("Sophia", "Berger", None);
        let policy = MatchPolicy::default();
        let sophia = mother("Sophia", "Berger", None);
        assert!(could_concern(&n, &sophia, BORN, &policy));
        assert!(could_concern(&n, &sophia, date!(2025 - 11 - 20), &policy));
        assert!(could_concern(&n, &sophia, date!(2025 - 10 - 20), &policy));
        assert!(could_concern(&n, &sophia, date!(2026 - 09 - 26), &policy));
        // An elder child, born well before, and a child conceived after the declarations.
        assert!(!could_concern(&n, &sophia, date!(2025 - 10 - 19), &policy));
        assert!(!could_concern(&n, &sophia, date!(2026 - 09 - 27), &policy));
        assert!(!could_concern(&n, &sophia, date!(2023 - 04 - 01), &policy));
    }

    #[test]
    fn the_mother_is_recognised_by_any_surname_and_one_slip() {
        let n = notification("Sophia Marie", "Berger", Some("Wolf"));
        let policy = MatchPolicy::default();
        for (given, family, birth) in [
            ("Sophia", "Berger", None),
            ("Sophia Marie", "Neumann", Some("Berger")),
            ("Sophia", "Wolf", None),
            ("Sofia", "Berger", None),
            ("Sophia", "Bergner", None),
            ("SOPHIA MARIE", "berger", None),
        ] {
            assert!(
                could_concern(&n, &mother(given, family, birth), BORN, &policy),
                "{given} {family} {birth:?}"
            );
        }
        for (given, family, birth) in [
            ("Sohpia", "Bergner", None),
            ("Lea", "Berger", None),
            ("Sophia", "Neumann", None),
        ] {
            assert!(
                !could_concern(&n, &mother(given, family, birth), BORN, &policy),
                "{given} {family} {birth:?}"
            );
        }
    }

    #[test]
    fn a_woman_who_could_be_the_mother_is_looked_up() {
        let n = notification("Sophia Marie", "Berger", Some("Wolf"));
        let keys = MotherNames::of(&n.mother).keys();
        let policy = MatchPolicy::default();
        for (given, family, birth) in [
            ("Sofia", "Berger", None),
            ("Sophia", "Bergner", None),
            ("Sophie", "Neumann", Some("Wolff")),
            ("Sophia Marie", "Neumann", Some("Berger")),
        ] {
            let other = mother(given, family, birth);
            assert!(other.could_be(&n, &policy), "{given} {family} {birth:?}");
            assert!(
                other.retrieval(&policy).admits(&keys, n.mother_birth_date),
                "{given} {family} {birth:?}"
            );
        }
    }

    #[test]
    fn her_date_of_birth_tells_her_from_namesakes() {
        let n = notification("Sophia", "Berger", None);
        let policy = MatchPolicy::default();
        let born = |day: Date| Mother::new(&name("Sophia"), &name("Berger"), None, day);
        assert!(could_concern(&n, &born(MOTHER_BORN), BORN, &policy));
        // Day and month swapped, or one digit: one slip, with her names exact.
        assert!(could_concern(
            &n,
            &born(date!(1994 - 07 - 13)),
            BORN,
            &policy
        ));
        // A namesake born on another day entirely.
        assert!(!could_concern(
            &n,
            &born(date!(1991 - 03 - 02)),
            BORN,
            &policy
        ));
        // A slip in the date and a slip in a name: two slips.
        let both = Mother::new(
            &name("Sophia"),
            &name("Bergner"),
            None,
            date!(1994 - 07 - 13),
        );
        assert!(!could_concern(&n, &both, BORN, &policy));
    }

    #[test]
    fn completing_gives_whole_custody_declarations_of_both_parents() {
        let n = notification("Sophia", "Berger", None);
        let child = ChildIdentity {
            given_names: name("Charlotte"),
            family_name_at_birth: name("Berger"),
            birth_date: BORN,
            birth_place: crate::application::BirthPlace::Municipality(
                crate::Ags::parse("04011000").unwrap(),
            ),
        };
        let entry = n.completed(child.clone());
        assert_eq!(entry.child, child);
        assert_eq!(entry.kind, EntryKind::CustodyDeclarations);
        assert_eq!(entry.scope, Scope::Whole);
        assert_eq!(entry.effective_date, n.declared_on);
        assert_eq!(entry.father, Some(n.father.clone()));
    }
}
