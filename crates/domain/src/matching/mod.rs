//! Whether a register record is the child an application asks about.
//!
//! The worst failure of the product is a false "no entries", so the matcher answers `None`
//! only when no single slip of the kinds civil-status data shows could turn the record into
//! this child. `Possible` (a person looks) when
//! - the date is the same and both the family name and the given names are alike in any way
//!   (same letters after folding, same tokens in another order, a shared token, the same
//!   Kölner Phonetik code or transliteration skeleton, or a typo apart), whatever the place; or
//! - the date is one slip apart (day and month swapped, one digit, two neighbouring digits)
//!   and everything else is the same child written another way (names alike short of a typo,
//!   the same place).
//!
//! `Match` only when the record is this child beyond doubt: same date, same place, same family
//! name, same given names (in any order). Two slips at once (a wrong date *and* a typo) are
//! `None`: allowing them would send every common name in a large register to a person, which is
//! the waste the product exists to end; the evaluation measures what this costs.
//!
//! Twins share date, place and family name; their given names differ, so an entry for one twin
//! neither blocks nor hides the other — unless the names are so close (Mia / Lia) that a
//! person should look.

pub mod dates;
pub mod edits;
pub mod normal;
pub mod phonetic;

use serde::{Deserialize, Serialize};

use crate::application::{BirthPlace, ChildIdentity};
use dates::DateAgreement;

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

/// How two names compare, strongest first. The first four are one name written another way
/// (no slip); `Overlap` and `Typo` are one slip; `Different` rules the record out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NameAgreement {
    /// The same after folding (case, umlauts, accents, hyphens).
    Exact,
    /// The same tokens in another order, written together or apart, or without particles.
    Reordered,
    /// All tokens of one side among the other's (a given name added or dropped, one part of a
    /// double name).
    Subset,
    /// Like `Subset`, with tokens matched by spelling: umlauts written as plain vowels, or one
    /// name in two transliterations (Serhii / Sergei, Olha / Olga, Chalid / Khaled).
    Spelling,
    /// Like `Spelling`, but some tokens agree only by their Kölner Phonetik code of three or
    /// more digits (Zaynab / Zeynep, Emine / Amina, also Emilia / Amelie): one slip.
    Sound,
    /// Some tokens alike, others not (Anna Lena / Anna Maria).
    Overlap,
    /// Tokens a typo apart (as written, or in their transliteration skeletons).
    Typo,
    Different,
}

impl NameAgreement {
    /// How many slips this agreement stands for; `None` when the names rule the record out.
    pub fn slips(self) -> Option<u8> {
        match self {
            NameAgreement::Exact
            | NameAgreement::Reordered
            | NameAgreement::Subset
            | NameAgreement::Spelling => Some(0),
            NameAgreement::Sound | NameAgreement::Overlap | NameAgreement::Typo => Some(1),
            NameAgreement::Different => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PlaceAgreement {
    Same,
    /// Both abroad in the same country, the place spelt differently (Wien / Vienna).
    SameCountry,
    Different,
}

/// Which fields agreed, and how: the machine-readable reason for a classification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Explanation {
    pub birth_date: DateAgreement,
    pub family_name: NameAgreement,
    pub given_names: NameAgreement,
    pub birth_place: PlaceAgreement,
}

/// Tunable thresholds; the defaults are the safe ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MatchPolicy {
    /// Edits allowed between tokens shorter than `long_token`.
    pub short_token_edits: usize,
    /// Edits allowed between tokens of `long_token` letters or more.
    pub long_token_edits: usize,
    pub long_token: usize,
    /// Whether dates one slip apart still count as possibly the same.
    pub near_dates: bool,
}

impl Default for MatchPolicy {
    fn default() -> Self {
        MatchPolicy {
            short_token_edits: 1,
            long_token_edits: 2,
            long_token: 7,
            near_dates: true,
        }
    }
}

/// One name prepared for comparison: folded, split into tokens, and each token's
/// transliteration skeleton and phonetic code, with the derived forms [`compare`] looks at
/// (sorted, joined, flat) computed once, so that comparing a query with many records does not
/// compute them again for every pair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreparedName {
    pub tokens: Vec<String>,
    folded: String,
    codes: Vec<String>,
    skeletons: Vec<String>,
    /// The tokens in sorted order.
    sorted: Vec<String>,
    /// The tokens written together.
    joined: String,
    /// [`normal::flat`] of each token, of each skeleton, and of `joined`.
    flats: Vec<String>,
    skeleton_flats: Vec<String>,
    joined_flat: String,
}

impl PreparedName {
    /// Given names: every token counts.
    pub fn given(raw: &str) -> PreparedName {
        let folded = normal::fold(raw);
        let tokens = normal::tokens(&folded);
        PreparedName::from_tokens(folded, tokens)
    }

    /// A family name: particles (`von`, `de`) do not count as tokens.
    pub fn family(raw: &str) -> PreparedName {
        let folded = normal::fold(raw);
        let tokens = normal::core_tokens(&folded);
        PreparedName::from_tokens(folded, tokens)
    }

    fn from_tokens(folded: String, tokens: Vec<String>) -> PreparedName {
        let skeletons: Vec<String> = tokens.iter().map(|t| normal::skeleton(t)).collect();
        let codes = skeletons.iter().map(|s| code(s)).collect();
        let mut sorted = tokens.clone();
        sorted.sort();
        let joined = tokens.concat();
        PreparedName {
            flats: tokens.iter().map(|t| normal::flat(t)).collect(),
            skeleton_flats: skeletons.iter().map(|t| normal::flat(t)).collect(),
            joined_flat: normal::flat(&joined),
            tokens,
            folded,
            codes,
            skeletons,
            sorted,
            joined,
        }
    }

    /// The name's index keys, each `prefix` + a code: one per token, and for a name of
    /// several tokens one for the tokens written together (`Anna Lena` and `Annalena` count
    /// as the same name, reordered, yet share no token). Two names that agree without a slip
    /// (at most [`NameAgreement::Spelling`]) share a key.
    pub fn keys<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = String> + 'a {
        let joined = (self.tokens.len() > 1).then(|| code(&normal::skeleton(&self.joined)));
        self.codes
            .iter()
            .cloned()
            .chain(joined)
            .map(move |c| format!("{prefix}{c}"))
    }

    /// How this name compares with `other`.
    pub fn agreement(&self, other: &PreparedName, policy: &MatchPolicy) -> NameAgreement {
        compare(self, other, policy)
    }
}

/// A token's phonetic code, or its skeleton where the code is empty.
fn code(skeleton: &str) -> String {
    let code = phonetic::koelner(skeleton);
    if code.is_empty() {
        skeleton.to_owned()
    } else {
        code
    }
}

/// A child's identity prepared for comparison: folded names, tokens, codes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prepared {
    pub given: PreparedName,
    pub family: PreparedName,
    pub birth_date: time::Date,
    pub place: BirthPlace,
}

impl Prepared {
    pub fn new(child: &ChildIdentity) -> Prepared {
        Prepared {
            given: PreparedName::given(child.given_names.as_str()),
            family: PreparedName::family(child.family_name_at_birth.as_str()),
            birth_date: child.birth_date,
            place: child.birth_place.clone(),
        }
    }

    /// The index keys of a register record: the family name's keys (`f:`), the given names'
    /// keys (`g:`), see [`PreparedName::keys`], and one pair key (`p:`) for each family-name
    /// code with each given-name code (see [`pair_key`]). See [`retrieval`] for how they are
    /// looked up.
    pub fn keys(&self) -> Vec<String> {
        let family: Vec<String> = self.family.keys("").collect();
        let given: Vec<String> = self.given.keys("").collect();
        let mut keys: Vec<String> = family
            .iter()
            .map(|c| format!("f:{c}"))
            .chain(given.iter().map(|c| format!("g:{c}")))
            .chain(pair_keys(&family, &given))
            .collect();
        keys.sort();
        keys.dedup();
        keys
    }
}

/// The key of a family-name code and a given-name code together: `p:{family}:{given}`.
///
/// A code is a Kölner Phonetik code (digits) or, where that is empty, a token's skeleton
/// (letters): names hold only letters, marks, spaces, hyphens, apostrophes and dots, and
/// folding turns all but the letters into token boundaries. So no code contains `:`, a pair
/// key splits in one way only at its second `:`, and two pair keys are equal exactly when both
/// their family codes and their given codes are.
pub fn pair_key(family_code: &str, given_code: &str) -> String {
    format!("p:{family_code}:{given_code}")
}

fn pair_keys<'a>(family: &'a [String], given: &'a [String]) -> impl Iterator<Item = String> + 'a {
    family
        .iter()
        .flat_map(move |f| given.iter().map(move |g| pair_key(f, g)))
}

/// What a register must look up to find every record that [`classify`] could call anything
/// but `None`, and nothing much besides.
///
/// A record born on another date than the query's has spent its one slip on the date: it can
/// be `Possible` only if its date is a near one and both its family name and its given names
/// agree without a slip (at most [`NameAgreement::Spelling`]). Names that agree that far share
/// a key (an equal token, an equal skeleton or the tokens written together all give equal
/// codes), so such a record shares a family-name key *and* a given-name key with the query.
/// A record born on the very date may spend its slip on one of the names, but then the other
/// agrees without one: it shares a family-name key *or* a given-name key.
///
/// The near-date branch looks up pair keys (`p:`, see [`pair_key`]) instead of intersecting
/// the records sharing a family-name key with those sharing a given-name key: a record's pair
/// keys are `p:f:g` for every code `f` of its family-name keys and every code `g` of its
/// given-name keys, the query's likewise, and two pair keys are equal exactly when both codes
/// are. So a record shares a pair key with the query if and only if some family-name code and
/// some given-name code are the same on both sides, which is sharing a family-name key and a
/// given-name key: the rule admits exactly the records it admitted before, and the store seeks
/// rows that already share both names (a pair × a date each) instead of collecting every row
/// of a common family name and of a common given name on all near dates.
///
/// [`Retrieval::admits`] states the rule; the store's candidate search runs the same rule on
/// its index, and the property tests hold both to [`classify`] and the pair keys to the two
/// names' keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Retrieval {
    /// The query's pair keys (`p:`), looked up on every date of `dates`.
    pub pair_keys: Vec<String>,
    /// The query's family-name and given-name keys (`f:`, `g:`), looked up on `exact_date`.
    pub any_keys: Vec<String>,
    pub exact_date: time::Date,
    /// The exact date and its near dates (when the policy counts near dates).
    pub dates: Vec<time::Date>,
}

impl Retrieval {
    /// Whether a record with index `keys` (see [`Prepared::keys`]) born on `birth_date` is a
    /// candidate: on a searched date sharing a pair key (equivalently: a family-name key and a
    /// given-name key, see [`Retrieval`]), or on the very date sharing any family-name or
    /// given-name key.
    pub fn admits(&self, keys: &[String], birth_date: time::Date) -> bool {
        let shares = |wanted: &[String]| keys.iter().any(|k| wanted.contains(k));
        (birth_date == self.exact_date && shares(&self.any_keys))
            || (self.dates.contains(&birth_date) && shares(&self.pair_keys))
    }
}

/// The candidate search for `query` under `policy` (see [`Retrieval`]).
pub fn retrieval(query: &Prepared, policy: &MatchPolicy) -> Retrieval {
    let keys = query.keys();
    let mut dates = vec![query.birth_date];
    if policy.near_dates {
        dates.extend(dates::near(query.birth_date));
    }
    let with_prefix = |prefixes: &[&str]| {
        keys.iter()
            .filter(|k| prefixes.iter().any(|p| k.starts_with(p)))
            .cloned()
            .collect::<Vec<_>>()
    };
    Retrieval {
        pair_keys: with_prefix(&["p:"]),
        any_keys: with_prefix(&["f:", "g:"]),
        exact_date: query.birth_date,
        dates,
    }
}

/// Classifies a record against the child an application names, with the reason.
pub fn classify_prepared(
    query: &Prepared,
    record: &Prepared,
    policy: &MatchPolicy,
) -> (MatchClass, Explanation) {
    let mut birth_date = dates::agreement(query.birth_date, record.birth_date);
    if !policy.near_dates && birth_date != DateAgreement::Exact {
        birth_date = DateAgreement::Different;
    }
    let explanation = Explanation {
        birth_date,
        family_name: compare(&query.family, &record.family, policy),
        given_names: compare(&query.given, &record.given, policy),
        birth_place: place_agreement(&query.place, &record.place),
    };
    let slips = [
        Some(u8::from(birth_date != DateAgreement::Exact)),
        Some(u8::from(
            explanation.birth_place == PlaceAgreement::Different,
        )),
        explanation.family_name.slips(),
        explanation.given_names.slips(),
    ];
    let class = if birth_date == DateAgreement::Exact
        && explanation.family_name == NameAgreement::Exact
        && explanation.given_names <= NameAgreement::Reordered
        && explanation.birth_place == PlaceAgreement::Same
    {
        MatchClass::Match
    } else if birth_date != DateAgreement::Different
        && slips.iter().all(Option::is_some)
        && slips.iter().flatten().sum::<u8>() <= 1
    {
        // At most one slip: the same child written another way, or with one mistake.
        MatchClass::Possible
    } else {
        MatchClass::None
    };
    (class, explanation)
}

/// [`classify_prepared`] with the default policy, for one-off comparisons.
pub fn classify(query: &ChildIdentity, record: &ChildIdentity) -> MatchClass {
    classify_prepared(
        &Prepared::new(query),
        &Prepared::new(record),
        &MatchPolicy::default(),
    )
    .0
}

fn place_agreement(a: &BirthPlace, b: &BirthPlace) -> PlaceAgreement {
    if a.key() == b.key() {
        PlaceAgreement::Same
    } else if a.could_be_same(b) {
        PlaceAgreement::SameCountry
    } else {
        PlaceAgreement::Different
    }
}

fn compare(x: &PreparedName, y: &PreparedName, policy: &MatchPolicy) -> NameAgreement {
    let (a, b) = (&x.tokens, &y.tokens);
    let (codes_a, codes_b) = (&x.codes, &y.codes);
    let (skel_a, skel_b) = (&x.skeletons, &y.skeletons);
    if x.folded == y.folded {
        return NameAgreement::Exact;
    }
    if a.is_empty() || b.is_empty() {
        return NameAgreement::Different;
    }
    if x.sorted == y.sorted || x.joined == y.joined {
        return NameAgreement::Reordered;
    }
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if short.iter().all(|t| long.contains(t)) {
        return NameAgreement::Subset;
    }
    // Tokens i of a and j of b spelt alike, or (weaker) sounding alike.
    let spelt =
        |i: usize, j: usize| a[i] == b[j] || x.flats[i] == y.flats[j] || skel_a[i] == skel_b[j];
    let sound = |i: usize, j: usize| codes_a[i].len() >= 3 && codes_a[i] == codes_b[j];
    let covered = |alike: &dyn Fn(usize, usize) -> bool| {
        (0..a.len()).all(|i| (0..b.len()).any(|j| alike(i, j)))
            || (0..b.len()).all(|j| (0..a.len()).any(|i| alike(i, j)))
    };
    if covered(&spelt) {
        return NameAgreement::Spelling;
    }
    if covered(&|i, j| spelt(i, j) || sound(i, j)) {
        return NameAgreement::Sound;
    }
    if (0..a.len()).any(|i| (0..b.len()).any(|j| spelt(i, j) || sound(i, j))) {
        return NameAgreement::Overlap;
    }
    // Two forms a typo apart, as given or flat (each form with its flat one).
    let close = |(x, x_flat): (&str, &str), (y, y_flat): (&str, &str)| {
        let limit = if x.chars().count().max(y.chars().count()) >= policy.long_token {
            policy.long_token_edits
        } else {
            policy.short_token_edits
        };
        edits::within(x, y, limit).is_some() || edits::within(x_flat, y_flat, limit).is_some()
    };
    let typo = (0..a.len()).any(|i| {
        (0..b.len()).any(|j| {
            close((&a[i], &x.flats[i]), (&b[j], &y.flats[j]))
                || close(
                    (&skel_a[i], &x.skeleton_flats[i]),
                    (&skel_b[j], &y.skeleton_flats[j]),
                )
        })
    }) || close((&x.joined, &x.joined_flat), (&y.joined, &y.joined_flat));
    if typo {
        NameAgreement::Typo
    } else {
        NameAgreement::Different
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Ags, PersonName};
    use time::macros::date;

    fn child(given: &str, family: &str, day: time::Date, ags: &str) -> ChildIdentity {
        ChildIdentity {
            given_names: PersonName::parse(given).unwrap(),
            family_name_at_birth: PersonName::parse(family).unwrap(),
            birth_date: day,
            birth_place: BirthPlace::Municipality(Ags::parse(ags).unwrap()),
        }
    }

    const DAY: time::Date = date!(2020 - 05 - 04);

    #[test]
    fn the_same_child_in_another_spelling_or_order_matches() {
        let record = child("Charlotte Marie", "Müller", DAY, "03352011");
        for (given, family) in [
            ("charlotte marie", "MUELLER"),
            ("Marie Charlotte", "Müller"),
        ] {
            assert_eq!(
                classify(&child(given, family, DAY, "03352011"), &record),
                MatchClass::Match,
                "{given} {family}"
            );
        }
    }

    #[test]
    fn every_slip_is_possible_never_none() {
        let record = child("Charlotte Marie", "Müller-Schmidt", DAY, "03352011");
        for query in [
            child("Charlotte", "Müller-Schmidt", DAY, "03352011"),
            child("Charlotte Marie", "Muller-Schmidt", DAY, "03352011"),
            child("Charlotte Marie", "Schmidt", DAY, "03352011"),
            child("Charlote Marie", "Müller-Schmidt", DAY, "03352011"),
            child("Charlotte Marie", "Müller-Schmitt", DAY, "03352011"),
            child(
                "Charlotte Marie",
                "Müller-Schmidt",
                date!(2020 - 04 - 05),
                "03352011",
            ),
            child(
                "Charlotte Marie",
                "Müller-Schmidt",
                date!(2020 - 05 - 14),
                "03352011",
            ),
            child("Charlotte Marie", "Müller-Schmidt", DAY, "03352012"),
        ] {
            let (class, why) = classify_prepared(
                &Prepared::new(&query),
                &Prepared::new(&record),
                &MatchPolicy::default(),
            );
            assert_eq!(class, MatchClass::Possible, "{query:?}: {why:?}");
        }
    }

    #[test]
    fn transliterations_are_alike() {
        let record = child("Serhii", "Shevchenko", DAY, "11000000");
        let query = child("Sergei", "Schewtschenko", DAY, "11000000");
        let (class, why) = classify_prepared(
            &Prepared::new(&query),
            &Prepared::new(&record),
            &MatchPolicy::default(),
        );
        assert_eq!(class, MatchClass::Possible);
        assert_eq!(why.given_names, NameAgreement::Spelling);
        assert_eq!(why.family_name, NameAgreement::Spelling);
    }

    #[test]
    fn a_twin_with_another_name_is_not_blocked() {
        let record = child("Charlotte", "Berger", DAY, "03352011");
        assert_eq!(
            classify(&child("Maximilian", "Berger", DAY, "03352011"), &record),
            MatchClass::None
        );
        // Names a typo apart still go to a person.
        assert_eq!(
            classify(
                &child("Mia", "Berger", DAY, "03352011"),
                &child("Lia", "Berger", DAY, "03352011")
            ),
            MatchClass::Possible
        );
    }

    #[test]
    fn other_children_are_none() {
        let record = child("Charlotte", "Berger", DAY, "03352011");
        assert_eq!(
            classify(
                &child("Charlotte", "Berger", date!(2017 - 02 - 19), "03352011"),
                &record
            ),
            MatchClass::None
        );
        assert_eq!(
            classify(&child("Ben", "Schulz", DAY, "03352011"), &record),
            MatchClass::None
        );
    }

    #[test]
    fn near_dates_can_be_switched_off() {
        let policy = MatchPolicy {
            near_dates: false,
            ..MatchPolicy::default()
        };
        let record = Prepared::new(&child("Charlotte", "Berger", DAY, "03352011"));
        let query = Prepared::new(&child(
            "Charlotte",
            "Berger",
            date!(2020 - 04 - 05),
            "03352011",
        ));
        assert_eq!(
            classify_prepared(&query, &record, &policy).0,
            MatchClass::None
        );
        assert_eq!(retrieval(&query, &policy).dates.len(), 1);
    }

    #[test]
    fn retrieval_covers_every_record_that_is_not_none() {
        let record = Prepared::new(&child("Charlotte Marie", "Müller-Schmidt", DAY, "03352011"));
        let record_keys = record.keys();
        for query in [
            child("Charlotte", "Schmidt", date!(2020 - 04 - 05), "03352011"),
            child(
                "Charlotte Marie",
                "Mueller Schmidt",
                date!(2021 - 05 - 04),
                "03352011",
            ),
            child("Charlotte", "Mülller-Schmit", DAY, "03352011"),
        ] {
            let q = Prepared::new(&query);
            let r = retrieval(&q, &MatchPolicy::default());
            assert!(
                r.admits(&record_keys, record.birth_date),
                "{query:?} would not find the record"
            );
        }
    }

    #[test]
    fn on_a_near_date_only_records_sharing_both_names_are_retrieved() {
        let record = Prepared::new(&child("Charlotte Marie", "Müller", DAY, "03352011"));
        let swapped = date!(2020 - 04 - 05);
        // A sibling-like record: same family, near date, other given names. It is `None`, and
        // the search need not read it.
        let query = Prepared::new(&child("Paul", "Müller", swapped, "03352011"));
        let policy = MatchPolicy::default();
        assert_eq!(
            classify_prepared(&query, &record, &policy).0,
            MatchClass::None
        );
        assert!(!retrieval(&query, &policy).admits(&record.keys(), record.birth_date));
        // The same names written another way, on the near date: `Possible`, and retrieved.
        let query = Prepared::new(&child("Marie-Charlotte", "Muller", swapped, "03352011"));
        assert_eq!(
            classify_prepared(&query, &record, &policy).0,
            MatchClass::Possible
        );
        assert!(retrieval(&query, &policy).admits(&record.keys(), record.birth_date));
    }
}
