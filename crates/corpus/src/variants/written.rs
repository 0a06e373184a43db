//! Variants in how a name is written: umlauts and ß, case and accents, transliteration.

use super::with_name;
use crate::child::Child;
use crate::names::index::NameIndex;
use crate::rng::Rng;
use crate::spelling::{self, UmlautStyle};

pub(super) fn umlaut(entry: &Child, rng: &mut Rng, index: &NameIndex) -> Option<Child> {
    let mut options: Vec<(bool, String)> = Vec::new();
    for (given, name) in [(true, &entry.given_names), (false, &entry.family_name)] {
        if spelling::has_umlaut(name) {
            let style = if rng.per_mille(600) {
                UmlautStyle::Expanded
            } else {
                UmlautStyle::Dropped
            };
            options.push((given, spelling::replace_umlauts(name, style)));
        }
        for word in spelling::words(name) {
            if let Some(restored) = spelling::restore_umlauts(&name[word.clone()], index) {
                options.push((given, spelling::replace_range(name, word, &restored)));
            }
        }
    }
    if options.is_empty() {
        return None;
    }
    let (given, name) = options.swap_remove(rng.index(options.len()));
    Some(with_name(entry, given, name))
}

pub(super) fn case_and_accents(entry: &Child, rng: &mut Rng) -> Option<Child> {
    let accented =
        spelling::has_accents(&entry.given_names) || spelling::has_accents(&entry.family_name);
    if accented && rng.per_mille(500) {
        return Some(Child {
            given_names: spelling::strip_accents(&entry.given_names),
            family_name: spelling::strip_accents(&entry.family_name),
            ..entry.clone()
        });
    }
    let candidates = [
        Child {
            family_name: spelling::upper(&entry.family_name),
            ..entry.clone()
        },
        Child {
            given_names: spelling::upper(&entry.given_names),
            family_name: spelling::upper(&entry.family_name),
            ..entry.clone()
        },
        Child {
            given_names: spelling::lower(&entry.given_names),
            family_name: spelling::lower(&entry.family_name),
            ..entry.clone()
        },
    ];
    let roll = rng.below(10);
    let first = if roll < 5 {
        0
    } else if roll < 8 {
        1
    } else {
        2
    };
    (0..candidates.len())
        .map(|k| &candidates[(first + k) % candidates.len()])
        .find(|c| *c != entry)
        .cloned()
}

pub(super) fn transliteration(entry: &Child, rng: &mut Rng, index: &NameIndex) -> Option<Child> {
    let mut options: Vec<(bool, std::ops::Range<usize>, &'static [&'static str])> = Vec::new();
    for (given, name) in [(true, &entry.given_names), (false, &entry.family_name)] {
        for word in spelling::words(name) {
            if let Some(group) = index.group(&name[word.clone()]) {
                options.push((given, word, group));
            }
        }
    }
    if options.is_empty() {
        return None;
    }
    let (given, word, group) = options.swap_remove(rng.index(options.len()));
    let name = if given {
        &entry.given_names
    } else {
        &entry.family_name
    };
    let current = name[word.clone()].to_lowercase();
    let others: Vec<&str> = group
        .iter()
        .copied()
        .filter(|s| s.to_lowercase() != current)
        .collect();
    let spelling = *rng.pick(&others);
    Some(with_name(
        entry,
        given,
        spelling::replace_range(name, word, spelling),
    ))
}
