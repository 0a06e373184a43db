//! Properties of generated populations.

mod common;

use std::collections::HashMap;

use common::{FIRST_YEAR, PLACES, TODAY};
use corpus::names::index::NameIndex;
use corpus::{Origin, is_valid_name, population};
use time::{Date, Month};

#[test]
fn same_seed_same_population_other_seed_other_population() {
    let a = population(42, 2000, &PLACES, FIRST_YEAR, TODAY);
    let b = population(42, 2000, &PLACES, FIRST_YEAR, TODAY);
    let c = population(43, 2000, &PLACES, FIRST_YEAR, TODAY);
    assert_eq!(a, b);
    assert_ne!(a, c);
    assert_eq!(a.entries.len(), 2000);
    let differing = a
        .entries
        .iter()
        .zip(&c.entries)
        .filter(|(x, y)| x != y)
        .count();
    assert!(differing > 1900, "{differing}");
}

#[test]
fn entries_are_valid_names_dates_and_places() {
    let first = Date::from_calendar_date(FIRST_YEAR, Month::January, 1).expect("valid date");
    let entries = population(7, 20_000, &PLACES, FIRST_YEAR, TODAY).entries;
    assert_eq!(entries.len(), 20_000);
    for child in &entries {
        assert!(is_valid_name(&child.given_names), "{child:?}");
        assert!(is_valid_name(&child.family_name), "{child:?}");
        assert!(child.given_names.chars().count() <= 100);
        assert!(!child.given_names.chars().any(|c| c.is_numeric()));
        assert!(
            child.birth_date >= first && child.birth_date <= TODAY,
            "{child:?}"
        );
        assert!(PLACES.contains(&child.birth_place.as_str()));
        let given = child.given_names.split(' ').count();
        assert!((1..=3).contains(&given), "{child:?}");
    }
    // Dates reach both ends of the range (a bug confining them would show).
    let years: Vec<i32> = entries.iter().map(|c| c.birth_date.year()).collect();
    assert!(years.contains(&FIRST_YEAR) && years.contains(&TODAY.year()));
}

#[test]
fn a_single_year_and_a_single_place_work() {
    let entries = population(1, 500, &["03352011"], TODAY.year(), TODAY).entries;
    assert!(
        entries
            .iter()
            .all(|c| c.birth_date.year() == TODAY.year() && c.birth_date <= TODAY)
    );
}

#[test]
fn mix_of_origins_name_shapes_and_twins() {
    // Many places, so that unrelated children rarely share date, place and family name.
    let places: Vec<String> = (0..200).map(|i| format!("0335{i:04}")).collect();
    let places: Vec<&str> = places.iter().map(String::as_str).collect();
    let entries = population(2024, 100_000, &places, FIRST_YEAR, TODAY).entries;
    let n = entries.len() as f64;
    let index = NameIndex::new();

    let mut by_origin: HashMap<Origin, usize> = HashMap::new();
    for child in &entries {
        let origin = index
            .profile(&child.given_names, &child.family_name)
            .origin
            .expect("generated names are listed");
        *by_origin.entry(origin).or_default() += 1;
    }
    for origin in Origin::ALL {
        let share = by_origin.get(&origin).copied().unwrap_or(0) as f64 / n * 1000.0;
        let expected = f64::from(origin.share_per_mille());
        assert!(
            (share - expected).abs() < expected * 0.15 + 3.0,
            "{origin:?}: {share}‰"
        );
    }

    let given_counts = [1, 2, 3].map(|k| {
        entries
            .iter()
            .filter(|c| c.given_names.split(' ').count() == k)
            .count() as f64
            / n
    });
    assert!(given_counts[0] + given_counts[1] > 0.85, "{given_counts:?}");
    assert!(given_counts[2] > 0.03, "{given_counts:?}");

    let article = |s: &str| ["Al-", "El-"].iter().any(|a| s.starts_with(a));
    let double = entries
        .iter()
        .filter(|c| c.family_name.contains('-') && !article(&c.family_name))
        .count() as f64
        / n;
    assert!(
        (0.08..0.12).contains(&double),
        "double family names {double}"
    );
    let particles = entries
        .iter()
        .filter(|c| c.family_name.starts_with(|ch: char| ch.is_lowercase()))
        .count() as f64
        / n;
    assert!((0.01..0.04).contains(&particles), "particles {particles}");
    for umlaut_name in ["Müller", "Schäfer", "Groß", "Yılmaz", "Kowalska"] {
        assert!(
            entries
                .iter()
                .any(|c| c.family_name.split('-').any(|p| p == umlaut_name)),
            "{umlaut_name}"
        );
    }

    // Twins: same date, place and family name, different given names.
    let mut cells: HashMap<(Date, &str, &str), Vec<&str>> = HashMap::new();
    for child in &entries {
        cells
            .entry((child.birth_date, &child.birth_place, &child.family_name))
            .or_default()
            .push(&child.given_names);
    }
    let twins: usize = cells.values().filter(|g| g.len() >= 2).map(Vec::len).sum();
    let share = twins as f64 / n;
    assert!((0.012..0.019).contains(&share), "twins {share}");
    assert!(
        cells
            .values()
            .all(|g| g.iter().enumerate().all(|(i, a)| !g[i + 1..].contains(a))),
        "twins with equal given names"
    );
}
