//! Properties: for any register entry and any single slip of the kinds DOMAIN.md lists, the
//! matcher never answers "none" — the failure that would issue a false certificate; and
//! whatever the matcher would call anything but "none", the store's retrieval finds.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use time::{Date, Duration, macros::date};

use domain::application::{BirthPlace, ChildIdentity};
use domain::matching::{MatchClass, MatchPolicy, Prepared, classify, retrieval};
use domain::{Ags, PersonName};

const GIVEN: &[&str] = &[
    "Charlotte",
    "Marie",
    "Sophie",
    "Emma",
    "Mia",
    "Hannah",
    "Lena",
    "Anna",
    "Lea",
    "Leonie",
    "Jörg",
    "Jürgen",
    "Lukas",
    "Maximilian",
    "Paul",
    "Ben",
    "Elias",
    "Noah",
    "Finn",
    "Jonas",
    "Zoë",
    "Renée",
    "Mohammed",
    "Yusuf",
    "Elif",
    "Zeynep",
    "Aleksandr",
    "Olha",
    "Serhii",
    "Zofia",
    "Jakub",
    "Ioana",
    "Ștefan",
    "Fatima",
    "Aisha",
    "Björn",
    "Søren",
    "Łucja",
];
const FAMILY: &[&str] = &[
    "Müller",
    "Schäfer",
    "Groß",
    "Weiß",
    "Köhler",
    "Böhm",
    "Krüger",
    "Günther",
    "Jäger",
    "Möller",
    "Schröder",
    "Schmidt",
    "Meyer",
    "Wagner",
    "Becker",
    "Hoffmann",
    "Yılmaz",
    "Şahin",
    "Öztürk",
    "Çelik",
    "Kowalski",
    "Wiśniewski",
    "Shevchenko",
    "Ivanova",
    "Popescu",
    "Al-Hassan",
    "von der Heide",
    "van Dijk",
    "de la Cruz",
    "Müller-Schmidt",
    "Meyer-Lüdenscheidt",
    "Li",
    "Ng",
];
const PLACES: &[&str] = &["03352011", "03352032", "11000000"];

fn child(given: &str, family: &str, day: Date, place: &str) -> Option<ChildIdentity> {
    Some(ChildIdentity {
        given_names: PersonName::parse(given).ok()?,
        family_name_at_birth: PersonName::parse(family).ok()?,
        birth_date: day,
        birth_place: BirthPlace::Municipality(Ags::parse(place).unwrap()),
    })
}

fn entry() -> impl Strategy<Value = (String, String, Date, String)> {
    (
        prop::collection::vec(prop::sample::select(GIVEN), 1..=3),
        prop::sample::select(FAMILY),
        0i64..(18 * 365),
        prop::sample::select(PLACES),
    )
        .prop_map(|(given, family, days, place)| {
            let mut given: Vec<&str> = given;
            given.dedup();
            (
                given.join(" "),
                family.to_owned(),
                date!(2008 - 01 - 01) + Duration::days(days),
                place.to_owned(),
            )
        })
}

/// One slip applied to a name: a typo of one of the four kinds at `at`, with letter `letter`.
fn typo(name: &str, kind: u8, at: usize, letter: char) -> String {
    let mut chars: Vec<char> = name.chars().collect();
    let letters: Vec<usize> = (0..chars.len())
        .filter(|&i| chars[i].is_alphabetic())
        .collect();
    let i = letters[at % letters.len()];
    match kind % 4 {
        0 => chars.insert(i, letter),
        1 if letters.len() > 1 => {
            chars.remove(i);
        }
        2 => chars[i] = letter,
        _ => {
            if i + 1 < chars.len() && chars[i + 1].is_alphabetic() {
                chars.swap(i, i + 1);
            } else {
                chars[i] = letter;
            }
        }
    }
    chars.into_iter().collect()
}

fn umlauts_spelt_out(name: &str) -> String {
    name.replace('ä', "ae")
        .replace('ö', "oe")
        .replace('ü', "ue")
        .replace('ß', "ss")
}

fn umlauts_dropped(name: &str) -> String {
    name.replace('ä', "a")
        .replace('ö', "o")
        .replace('ü', "u")
        .replace('ß', "s")
}

/// `day` with digit `pos` of its `YYYYMMDD` form set to `digit`, if that is a date.
fn one_digit_changed(day: Date, pos: usize, digit: u8) -> Option<Date> {
    let format = time::macros::format_description!("[year][month][day]");
    let mut bytes = day.format(&format).ok()?.into_bytes();
    bytes[pos] = b'0' + digit;
    Date::parse(std::str::from_utf8(&bytes).ok()?, &format).ok()
}

fn swap_day_month(day: Date) -> Option<Date> {
    let month = time::Month::try_from(day.day()).ok()?;
    Date::from_calendar_date(day.year(), month, u8::from(day.month())).ok()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn no_single_slip_makes_an_entry_disappear(
        (given, family, day, place) in entry(),
        slip in 0u8..12,
        kind in 0u8..4,
        at in 0usize..40,
        letter in prop::char::range('a', 'z'),
        digit_pos in 0usize..8,
        digit in 0u8..10,
    ) {
        let record = child(&given, &family, day, &place).unwrap();
        let mut q_given = given.clone();
        let mut q_family = family.clone();
        let mut q_day = day;
        let mut q_place = place.clone();
        match slip {
            0 => { q_given = q_given.to_uppercase(); q_family = q_family.to_lowercase(); }
            1 => { q_given = umlauts_spelt_out(&q_given); q_family = umlauts_spelt_out(&q_family); }
            2 => { q_given = umlauts_dropped(&q_given); q_family = umlauts_dropped(&q_family); }
            3 => { q_given = q_given.replace(' ', "-"); q_family = q_family.replace('-', " "); }
            4 => { let mut t: Vec<&str> = given.split(' ').collect(); t.reverse(); q_given = t.join(" "); }
            5 => { q_given = given.split(' ').next().unwrap().to_owned(); }
            6 => { q_family = family.rsplit([' ', '-']).next().unwrap().to_owned(); }
            7 => { q_given = typo(&given, kind, at, letter); }
            8 => { q_family = typo(&family, kind, at, letter); }
            9 => { if let Some(d) = swap_day_month(day) { q_day = d; } }
            10 => { if let Some(d) = one_digit_changed(day, digit_pos, digit) { q_day = d; } }
            _ => { q_place = PLACES.iter().find(|p| **p != place).unwrap().to_string(); }
        }
        // A slip that leaves no valid name is refused at the edge, not matched.
        if let Some(query) = child(&q_given, &q_family, q_day, &q_place) {
            prop_assert_ne!(classify(&query, &record), MatchClass::None,
                "slip {} turned {:?} into {:?}", slip, record, query);
        }
    }
}

/// Whether the store's candidate lookup (see `store::Store::find_candidates` and
/// [`Retrieval::admits`](domain::matching::Retrieval::admits)) brings `record` up for `query`.
fn retrieved(query: &ChildIdentity, record: &ChildIdentity) -> bool {
    retrieval(&Prepared::new(query), &MatchPolicy::default())
        .admits(&Prepared::new(record).keys(), record.birth_date)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// A date slip leaves no room for another, but the names may still be written another way
    /// that costs no slip (case, umlauts, hyphens, order, joined, fewer given names); and a name
    /// slip may come alone. Whatever the matcher would not call "none" must be retrieved.
    #[test]
    fn whatever_could_match_is_retrieved(
        (given, family, day, place) in entry(),
        names in 0u8..9,
        dates in 0u8..3,
        name_slip in 0u8..3,
        kind in 0u8..4,
        at in 0usize..40,
        letter in prop::char::range('a', 'z'),
        digit_pos in 0usize..8,
        digit in 0u8..10,
    ) {
        let record = child(&given, &family, day, &place).unwrap();
        let (mut q_given, mut q_family) = match names {
            0 => (given.to_uppercase(), family.to_lowercase()),
            1 => (umlauts_spelt_out(&given), umlauts_spelt_out(&family)),
            2 => (given.replace(' ', "-"), family.replace('-', " ")),
            3 => { let mut t: Vec<&str> = given.split(' ').collect(); t.reverse(); (t.join(" "), family.clone()) }
            4 => (given.replace(' ', ""), family.replace(['-', ' '], "")),
            5 => (given.split(' ').next().unwrap().to_owned(), family.clone()),
            6 => (given.clone(), family.rsplit([' ', '-']).next().unwrap().to_owned()),
            7 => (umlauts_dropped(&given), umlauts_dropped(&family)),
            _ => (given.clone(), family.clone()),
        };
        let mut q_day = day;
        match dates {
            0 => {}
            1 => { if let Some(d) = swap_day_month(day) { q_day = d; } }
            _ => { if let Some(d) = one_digit_changed(day, digit_pos, digit) { q_day = d; } }
        }
        if q_day == day {
            match name_slip {
                0 => q_given = typo(&q_given, kind, at, letter),
                1 => q_family = typo(&q_family, kind, at, letter),
                _ => {}
            }
        }
        if let Some(query) = child(&q_given, &q_family, q_day, &place)
            && classify(&query, &record) != MatchClass::None
        {
            prop_assert!(retrieved(&query, &record),
                "{:?} would be {:?} for {:?} but is not retrieved",
                record, classify(&query, &record), query);
        }
    }
}

/// A name of one to three tokens, written apart, hyphenated or together: tokens from a small
/// pool (so that two names often share a code, also across family and given names, and with
/// short tokens whose phonetic code is empty) or any letters of the scripts a name may hold.
fn pair_name() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        prop::sample::select(
            &[
                "Anna", "Ana", "Lena", "Müller", "Muller", "Mueller", "Marie", "Li", "Ng", "H",
                "Hh", "Yi", "Ωmega", "Яна", "Jana", "Łucja", "O'Neil", "d'Arc", "St.", "von",
                "Çelik",
            ][..]
        )
        .prop_map(str::to_owned),
        "[a-zA-ZäöüßÀ-ɏΑ-ωА-я]{1,7}",
    ];
    (
        prop::collection::vec(token, 1..=3),
        prop::sample::select(&[" ", "-", ""][..]),
    )
        .prop_map(|(tokens, separator)| tokens.join(separator))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    /// The near-date search looks up pair keys: a record shares one with a query exactly when
    /// it shares a family-name key and a given-name key with it, so that it admits what
    /// intersecting the two did, no more and no less.
    #[test]
    fn a_pair_key_is_shared_exactly_when_both_names_share_a_key(
        names in prop::collection::vec(pair_name(), 4),
        reuse in prop::collection::vec(0usize..6, 2),
    ) {
        // The query's names are mostly some of the record's (also crossed: its family name
        // as given names) or the record's own, so that shared codes are common.
        let pick = |i: usize, own: usize| if reuse[i] < 4 { names[reuse[i]].clone() } else { names[own].clone() };
        let (r_given, r_family) = (names[0].clone(), names[1].clone());
        let (q_given, q_family) = (pick(0, 2), pick(1, 3));
        let place = BirthPlace::Municipality(Ags::parse("03352011").unwrap());
        let day = date!(2020 - 05 - 04);
        let of = |given: &str, family: &str| Some(ChildIdentity {
            given_names: PersonName::parse(given).ok()?,
            family_name_at_birth: PersonName::parse(family).ok()?,
            birth_date: day,
            birth_place: place.clone(),
        });
        let (Some(record), Some(query)) = (of(&r_given, &r_family), of(&q_given, &q_family)) else {
            return Ok(());
        };
        let (r_keys, q_keys) = (Prepared::new(&record).keys(), Prepared::new(&query).keys());
        let shared = |prefix: &str| q_keys.iter().any(|k| k.starts_with(prefix) && r_keys.contains(k));
        prop_assert_eq!(
            shared("p:"),
            shared("f:") && shared("g:"),
            "{} {} / {} {}: {:?} / {:?}", r_given, r_family, q_given, q_family, r_keys, q_keys
        );
        // And the search's rule on the query's near dates is exactly that.
        let rule = retrieval(&Prepared::new(&query), &MatchPolicy::default());
        for near in rule.dates.iter().filter(|d| **d != day) {
            prop_assert_eq!(rule.admits(&r_keys, *near), shared("f:") && shared("g:"));
        }
        prop_assert_eq!(rule.admits(&r_keys, day), shared("f:") || shared("g:"));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// The pair keys changed how the near-date branch is looked up, not what it admits: for
    /// entries and queries of the generated kinds, on any date, `admits` says what the rule
    /// before them said (on a searched date sharing a family-name key and a given-name key, or
    /// on the very date sharing any key).
    #[test]
    fn the_pair_keys_admit_what_both_names_admitted(
        (given, family, day, place) in entry(),
        (other_given, other_family, other_day, _) in entry(),
        names in 0u8..6,
        dates in 0u8..4,
        digit_pos in 0usize..8,
        digit in 0u8..10,
    ) {
        let record = child(&given, &family, day, &place).unwrap();
        let (q_given, q_family) = match names {
            0 => (given.clone(), family.clone()),
            1 => (other_given, family.clone()),
            2 => (given.clone(), other_family),
            3 => (umlauts_dropped(&given).replace(' ', ""), family.rsplit([' ', '-']).next().unwrap().to_owned()),
            4 => (family.clone(), given.clone()),
            _ => (other_given, other_family),
        };
        let q_day = match dates {
            0 => day,
            1 => swap_day_month(day).unwrap_or(day),
            2 => one_digit_changed(day, digit_pos, digit).unwrap_or(day),
            _ => other_day,
        };
        let Some(query) = child(&q_given, &q_family, q_day, &place) else { return Ok(()) };
        let rule = retrieval(&Prepared::new(&query), &MatchPolicy::default());
        let (r_keys, q_keys) = (Prepared::new(&record).keys(), Prepared::new(&query).keys());
        let shared = |prefix: &str| q_keys.iter().any(|k| k.starts_with(prefix) && r_keys.contains(k));
        let before = (day == q_day && (shared("f:") || shared("g:")))
            || (rule.dates.contains(&day) && shared("f:") && shared("g:"));
        prop_assert_eq!(rule.admits(&r_keys, day), before, "{:?} for {:?}", record, query);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    /// The ground the near-date search stands on: names that agree without a slip (exact,
    /// reordered, a subset, or spelt alike) share an index key. Drawn from a few letters that
    /// make umlaut, ß, sch and doubled-letter spellings meet often.
    #[test]
    fn names_alike_without_a_slip_share_a_key(
        a in "[aeuoshcäöüß]{1,6}( [aeuoshcäöüß]{1,6})?",
        b in "[aeuoshcäöüß]{1,6}( [aeuoshcäöüß]{1,6})?",
        respell in 0usize..6,
    ) {
        // Most pairs are `b` respelt from `a`, so that agreeing pairs are common.
        let b = match respell {
            0 => b,
            1 => a.replace('ä', "ae").replace('ü', "ue").replace('ß', "ss"),
            2 => a.replace("ae", "ä").replace("oe", "ö").replace("ss", "ß"),
            3 => a.replace("sch", "sh").replace("ss", "s").replace('ö', "o"),
            4 => a.split(' ').rev().collect::<Vec<_>>().join(" "),
            _ => a.replace(' ', ""),
        };
        let (Ok(a_name), Ok(b_name)) = (PersonName::parse(&a), PersonName::parse(&b)) else {
            return Ok(());
        };
        let place = BirthPlace::Municipality(Ags::parse("03352011").unwrap());
        let day = date!(2020 - 05 - 04);
        let of = |name: &PersonName| ChildIdentity {
            given_names: name.clone(),
            family_name_at_birth: name.clone(),
            birth_date: day,
            birth_place: place.clone(),
        };
        let (x, y) = (Prepared::new(&of(&a_name)), Prepared::new(&of(&b_name)));
        let why = domain::matching::classify_prepared(&x, &y, &MatchPolicy::default()).1;
        let (x_keys, y_keys) = (x.keys(), y.keys());
        let shared = |prefix: &str| x_keys.iter().any(|k| k.starts_with(prefix) && y_keys.contains(k));
        if why.given_names.slips() == Some(0) {
            prop_assert!(shared("g:"), "{a} / {b}: {:?} but no given-name key shared", why.given_names);
        }
        if why.family_name.slips() == Some(0) {
            prop_assert!(shared("f:"), "{a} / {b}: {:?} but no family-name key shared", why.family_name);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Open prenatal notifications are searched by the mother's keys and date of birth: a
    /// woman who could be the mother a notification names (names and date of birth alike, one
    /// slip at most among them) is looked up, whatever slip or change of surname lies between
    /// them — and two slips never count.
    #[test]
    fn a_woman_who_could_be_the_mother_is_looked_up(
        (given, family, mother_born, _) in entry(),
        birth in prop::option::of(prop::sample::select(FAMILY)),
        slip in 0u8..12,
        at in 0usize..12,
        letter in prop::sample::select(&['a', 'e', 'k', 'r', 'ß', 'ü'][..]),
        new_surname in prop::sample::select(FAMILY),
        date_slip in 0u8..4,
        pos in 0usize..8,
        digit in 0u8..10,
    ) {
        use domain::prenatal::{Mother, PrenatalNotification};
        use domain::register::{Parent, Source, SourceKind};
        let person = |raw: &str| PersonName::parse(raw).ok();
        let Some(notified) = (|| {
            Some(PrenatalNotification {
                mother: Parent {
                    given_names: person(&given)?,
                    family_name: person(&family)?,
                    birth_name: match birth { Some(b) => Some(person(b)?), None => None },
                },
                mother_birth_date: mother_born,
                father: Parent { given_names: person("Tim")?, family_name: person("Becker")?, birth_name: None },
                declared_on: date!(2026 - 01 - 01),
                expected_birth_date: None,
                source: Source { kind: SourceKind::Notary, name: "N".into(), reference: "R".into() },
            })
        })() else { return Ok(()) };
        // She applies with a slip in one name, or under a new surname with her old one as
        // birth name, or both; and her date of birth as given, or one slip off.
        let (g, f, b) = match slip % 4 {
            0 => (typo(&given, slip / 4, at, letter), family.clone(), birth.map(str::to_owned)),
            1 => (given.clone(), typo(&family, slip / 4, at, letter), birth.map(str::to_owned)),
            2 => (given.clone(), new_surname.to_owned(), Some(family.clone())),
            _ => (typo(&given, slip / 4, at, letter), new_surname.to_owned(), Some(family.clone())),
        };
        let born = match date_slip {
            0 | 1 => Some(mother_born),
            2 => swap_day_month(mother_born),
            _ => one_digit_changed(mother_born, pos, digit),
        };
        let (Some(gn), Some(fname), Some(born)) = (person(&g), person(&f), born) else { return Ok(()) };
        let bn = match b.as_deref().map(person) { Some(None) => return Ok(()), other => other.flatten() };
        let applicant = Mother::new(&gn, &fname, bn.as_ref(), born);
        let policy = MatchPolicy::default();
        let keys = domain::prenatal::MotherNames::of(&notified.mother).keys();
        if applicant.could_be(&notified, &policy) {
            prop_assert!(
                applicant.retrieval(&policy).admits(&keys, notified.mother_birth_date),
                "{given} {family} {birth:?} {mother_born} / {g} {f} {b:?} {born}: alike but not looked up"
            );
        }
        let name_slips = domain::prenatal::MotherNames::of(&notified.mother).slips(&applicant.names, &policy);
        if born != mother_born && name_slips.is_some_and(|s| s >= 1) {
            prop_assert!(!applicant.could_be(&notified, &policy), "two slips counted as one");
        }
    }
}
