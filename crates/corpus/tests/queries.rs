//! Properties of generated queries: each variant differs from its entry in exactly its stated
//! way, look-alikes are never entries, kinds are spread evenly.

mod common;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::time::Instant;

use common::{
    FIRST_YEAR, PLACES, TODAY, edit_distance, fold_case_and_accents, fold_umlauts, words,
};
use corpus::{
    Child, LookAlike, Population, Query, QueryKind, TRANSLITERATION_GROUPS, VariantKind,
    day_month_swap, is_minor, is_valid_name, population, queries, queries_split, yyyymmdd,
};
use time::Date;
use time::macros::date;

fn identity(child: &Child) -> (String, String, time::Date, String) {
    (
        child.given_names.to_lowercase(),
        child.family_name.to_lowercase(),
        child.birth_date,
        child.birth_place.clone(),
    )
}

fn same_group(a: &str, b: &str) -> bool {
    let (a, b) = (a.to_lowercase(), b.to_lowercase());
    TRANSLITERATION_GROUPS.iter().any(|group| {
        group.iter().any(|s| s.to_lowercase() == a) && group.iter().any(|s| s.to_lowercase() == b)
    })
}

/// Asserts that `query` differs from `entry` exactly in the way its kind states.
fn check_variant(kind: VariantKind, entry: &Child, q: &Child) {
    let ctx = format!("{kind:?}: {entry:?} → {q:?}");
    let same_given = q.given_names == entry.given_names;
    let same_family = q.family_name == entry.family_name;
    let same_date = q.birth_date == entry.birth_date;
    assert_eq!(q.birth_place, entry.birth_place, "{ctx}");
    if kind != VariantKind::Exact {
        assert_ne!(q, entry, "{ctx}");
    }
    match kind {
        VariantKind::Exact => assert_eq!(q, entry),
        VariantKind::Umlaut => {
            assert!(same_date && (same_given || same_family), "{ctx}");
            assert_eq!(
                fold_umlauts(&q.given_names),
                fold_umlauts(&entry.given_names),
                "{ctx}"
            );
            assert_eq!(
                fold_umlauts(&q.family_name),
                fold_umlauts(&entry.family_name),
                "{ctx}"
            );
        }
        VariantKind::CaseAndAccents => {
            assert!(same_date, "{ctx}");
            let fold = |c: &Child| {
                (
                    fold_case_and_accents(&c.given_names),
                    fold_case_and_accents(&c.family_name),
                )
            };
            assert_eq!(fold(q), fold(entry), "{ctx}");
        }
        VariantKind::HyphenSpace => {
            assert!(same_date && (same_given || same_family), "{ctx}");
            let flat = |s: &str| s.replace('-', " ");
            assert_eq!(flat(&q.given_names), flat(&entry.given_names), "{ctx}");
            assert_eq!(flat(&q.family_name), flat(&entry.family_name), "{ctx}");
        }
        VariantKind::GivenOrder => {
            assert!(same_date && same_family, "{ctx}");
            let mut a: Vec<&str> = q.given_names.split(' ').collect();
            let mut b: Vec<&str> = entry.given_names.split(' ').collect();
            assert_ne!(a, b, "{ctx}");
            a.sort_unstable();
            b.sort_unstable();
            assert_eq!(a, b, "{ctx}");
        }
        VariantKind::GivenNumber => {
            assert!(same_date && same_family, "{ctx}");
            let a: Vec<&str> = q.given_names.split(' ').collect();
            let b: Vec<&str> = entry.given_names.split(' ').collect();
            let (short, long) = if a.len() < b.len() { (a, b) } else { (b, a) };
            assert_eq!(short.len() + 1, long.len(), "{ctx}");
            let removable = (0..long.len()).any(|i| {
                let mut without = long.clone();
                without.remove(i);
                without == short
            });
            assert!(removable, "{ctx}");
        }
        VariantKind::Particle => {
            assert!(same_date && same_given, "{ctx}");
            let particle = entry.family_name.split(' ').next().unwrap_or_default();
            assert!(
                [
                    "von", "van", "vom", "zu", "de", "ter", "ten", "di", "da", "dos"
                ]
                .contains(&particle.to_lowercase().as_str()),
                "{ctx}"
            );
            let last = entry.family_name.rsplit(' ').next().unwrap_or_default();
            let dropped = !q.family_name.contains(' ') && q.family_name == last;
            let recased = q.family_name.to_lowercase() == entry.family_name.to_lowercase();
            assert!(dropped || recased, "{ctx}");
        }
        VariantKind::DoubleFamilyName => {
            assert!(same_date && same_given, "{ctx}");
            let (a, b) = entry.family_name.split_once('-').expect("a double name");
            assert!(
                [a.to_owned(), b.to_owned(), format!("{a} {b}")].contains(&q.family_name),
                "{ctx}"
            );
        }
        VariantKind::Transliteration => {
            assert!(same_date && (same_given || same_family), "{ctx}");
            let (old, new) = if same_given {
                (words(&entry.family_name), words(&q.family_name))
            } else {
                (words(&entry.given_names), words(&q.given_names))
            };
            assert_eq!(old.len(), new.len(), "{ctx}");
            let changed: Vec<(&str, &str)> = old
                .iter()
                .zip(&new)
                .filter(|(a, b)| a != b)
                .map(|(a, b)| (*a, *b))
                .collect();
            assert_eq!(changed.len(), 1, "{ctx}");
            assert!(same_group(changed[0].0, changed[0].1), "{ctx}");
        }
        VariantKind::TypoGiven => {
            assert!(same_date && same_family, "{ctx}");
            assert_eq!(
                edit_distance(&q.given_names, &entry.given_names),
                1,
                "{ctx}"
            );
        }
        VariantKind::TypoFamily => {
            assert!(same_date && same_given, "{ctx}");
            assert_eq!(
                edit_distance(&q.family_name, &entry.family_name),
                1,
                "{ctx}"
            );
        }
        VariantKind::DateDayMonthSwap => {
            assert!(same_given && same_family, "{ctx}");
            assert_eq!(
                Some(q.birth_date),
                day_month_swap(entry.birth_date),
                "{ctx}"
            );
            assert!(q.birth_date <= TODAY, "{ctx}");
        }
        VariantKind::DateOneDigit => {
            assert!(same_given && same_family, "{ctx}");
            let differing = yyyymmdd(q.birth_date)
                .bytes()
                .zip(yyyymmdd(entry.birth_date).bytes())
                .filter(|(a, b)| a != b)
                .count();
            assert_eq!(differing, 1, "{ctx}");
            assert!(
                q.birth_date <= TODAY && is_minor(q.birth_date, TODAY),
                "{ctx}"
            );
        }
    }
}

/// Entries indexed by the fields look-alikes keep, so that checks stay linear.
struct Lookup<'a> {
    by_date_place_family: HashMap<(Date, &'a str, &'a str), Vec<&'a str>>,
    by_names_date: HashMap<(&'a str, &'a str, Date), Vec<&'a str>>,
    by_family_place: HashMap<(&'a str, &'a str), Vec<Date>>,
    by_date_place: HashMap<(Date, &'a str), Vec<&'a str>>,
}

impl<'a> Lookup<'a> {
    fn new(population: &'a Population) -> Lookup<'a> {
        let mut lookup = Lookup {
            by_date_place_family: HashMap::new(),
            by_names_date: HashMap::new(),
            by_family_place: HashMap::new(),
            by_date_place: HashMap::new(),
        };
        for e in &population.entries {
            let (g, f, d, p) = (
                &*e.given_names,
                &*e.family_name,
                e.birth_date,
                &*e.birth_place,
            );
            lookup
                .by_date_place_family
                .entry((d, p, f))
                .or_default()
                .push(g);
            lookup.by_names_date.entry((g, f, d)).or_default().push(p);
            lookup.by_family_place.entry((f, p)).or_default().push(d);
            lookup.by_date_place.entry((d, p)).or_default().push(f);
        }
        lookup
    }
}

fn check_lookalike(kind: LookAlike, q: &Child, lookup: &Lookup<'_>) {
    let ctx = format!("{kind:?}: {q:?}");
    let (g, f, d, p) = (
        &*q.given_names,
        &*q.family_name,
        q.birth_date,
        &*q.birth_place,
    );
    match kind {
        LookAlike::Twin => {
            let others = lookup
                .by_date_place_family
                .get(&(d, p, f))
                .cloned()
                .unwrap_or_default();
            assert!(others.iter().any(|other| *other != g), "{ctx}");
        }
        LookAlike::Sibling => {
            let dates = lookup
                .by_family_place
                .get(&(f, p))
                .cloned()
                .unwrap_or_default();
            let sibling_of = dates
                .iter()
                .any(|e| (365..=2191).contains(&(*e - d).whole_days().abs()));
            assert!(sibling_of, "{ctx}");
        }
        LookAlike::OtherPlace => {
            let places = lookup
                .by_names_date
                .get(&(g, f, d))
                .cloned()
                .unwrap_or_default();
            assert!(places.iter().any(|other| *other != p), "{ctx}");
            assert!(PLACES.contains(&p), "{ctx}");
        }
        LookAlike::SameDateOtherName => {
            let families = lookup
                .by_date_place
                .get(&(d, p))
                .cloned()
                .unwrap_or_default();
            assert!(families.iter().any(|other| *other != f), "{ctx}");
        }
        LookAlike::Unrelated => assert!(d <= TODAY, "{ctx}"),
    }
}

fn check_all(population: &Population, queries: &[Query], m: usize) {
    assert_eq!(queries.len(), m);
    let entries: HashSet<_> = population.entries.iter().map(identity).collect();
    let lookup = Lookup::new(population);
    let mut counts: BTreeMap<QueryKind, usize> = BTreeMap::new();
    for query in queries {
        let q = &query.child;
        assert!(
            is_valid_name(&q.given_names) && is_valid_name(&q.family_name),
            "{query:?}"
        );
        assert!(q.birth_date <= TODAY, "{query:?}");
        *counts.entry(query.kind).or_default() += 1;
        match query.kind {
            QueryKind::Variant(kind) => {
                let at = query.entry.expect("variant queries name their entry");
                check_variant(kind, &population.entries[at], q);
            }
            QueryKind::LookAlike(kind) => {
                assert_eq!(query.entry, None);
                assert!(
                    !entries.contains(&identity(q)),
                    "look-alike is an entry: {query:?}"
                );
                check_lookalike(kind, q, &lookup);
            }
        }
    }
    let variants_each = (m - m / 2) as f64 / VariantKind::ALL.len() as f64;
    let lookalikes_each = (m / 2) as f64 / LookAlike::ALL.len() as f64;
    for kind in VariantKind::ALL {
        let n = counts.get(&QueryKind::Variant(kind)).copied().unwrap_or(0) as f64;
        assert!(
            (n - variants_each).abs() <= 1.0,
            "{kind:?}: {n} vs {variants_each}"
        );
    }
    for kind in LookAlike::ALL {
        let n = counts
            .get(&QueryKind::LookAlike(kind))
            .copied()
            .unwrap_or(0) as f64;
        assert!(
            (n - lookalikes_each).abs() <= 1.0,
            "{kind:?}: {n} vs {lookalikes_each}"
        );
    }
}

#[test]
fn every_query_is_what_its_kind_says() {
    let population = population(3, 20_000, &PLACES, FIRST_YEAR, TODAY);
    let queries = queries(9, &population, 13_001, &PLACES, TODAY);
    check_all(&population, &queries, 13_001);
}

#[test]
fn same_seed_same_queries_other_seed_other_queries() {
    let population = population(3, 5_000, &PLACES, FIRST_YEAR, TODAY);
    let a = queries(1, &population, 1_000, &PLACES, TODAY);
    let b = queries(1, &population, 1_000, &PLACES, TODAY);
    let c = queries(2, &population, 1_000, &PLACES, TODAY);
    assert_eq!(a, b);
    assert_ne!(a, c);
}

#[test]
fn queries_are_shuffled_not_grouped_by_kind() {
    let population = population(3, 5_000, &PLACES, FIRST_YEAR, TODAY);
    let queries = queries(4, &population, 1_000, &PLACES, TODAY);
    let first_half_variants = queries[..500]
        .iter()
        .filter(|q| matches!(q.kind, QueryKind::Variant(_)))
        .count();
    assert!(
        (200..300).contains(&first_half_variants),
        "{first_half_variants}"
    );
}

#[test]
fn look_alikes_avoid_twins_that_are_entries() {
    // Every Twin look-alike of this pair would be drawn from a tiny list; the other twin and the
    // entry itself must never come back as look-alikes.
    let twin = |given: &str| Child {
        given_names: given.to_owned(),
        family_name: "Kowalska".to_owned(),
        birth_date: date!(2019 - 04 - 07),
        birth_place: PLACES[0].to_owned(),
    };
    let population = Population {
        entries: vec![twin("Zofia"), twin("Zuzanna")],
    };
    let queries = queries_split(5, &population, 0, 500, &PLACES, TODAY);
    check_all_lookalikes(&population, &queries);
}

fn check_all_lookalikes(population: &Population, queries: &[Query]) {
    let entries: HashSet<_> = population.entries.iter().map(identity).collect();
    let lookalikes = queries
        .iter()
        .filter(|q| matches!(q.kind, QueryKind::LookAlike(_)));
    for query in lookalikes {
        assert!(!entries.contains(&identity(&query.child)), "{query:?}");
    }
}

#[test]
fn kinds_that_cannot_apply_fall_back_in_order() {
    let population = Population {
        entries: vec![Child {
            given_names: "Max".to_owned(),
            family_name: "Schmidt".to_owned(),
            birth_date: date!(2020 - 01 - 15),
            birth_place: PLACES[0].to_owned(),
        }],
    };
    let queries = queries_split(1, &population, 130, 0, &PLACES, TODAY);
    assert_eq!(queries.len(), 130);
    for query in &queries {
        let QueryKind::Variant(kind) = query.kind else {
            panic!("only variants asked for");
        };
        // No umlaut, no accent-free alternative spelling, no particle, no double name.
        assert!(
            !matches!(
                kind,
                VariantKind::Umlaut | VariantKind::Particle | VariantKind::DoubleFamilyName
            ),
            "{query:?}"
        );
        check_variant(kind, &population.entries[0], &query.child);
    }
}

#[test]
fn large_population_and_query_set() {
    let started = Instant::now();
    let population = population(2025, 100_000, &PLACES, FIRST_YEAR, TODAY);
    let made_population = started.elapsed();
    let queries = queries(2025, &population, 100_000, &PLACES, TODAY);
    let made_queries = started.elapsed() - made_population;
    println!("100,000 entries in {made_population:?}, 100,000 queries in {made_queries:?}");
    assert_eq!(population.entries.len(), 100_000);
    check_all(&population, &queries, 100_000);
}
