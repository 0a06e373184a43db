//! Variants in how a name is structured: hyphens and spaces, order and number of given names,
//! particles, double family names.

use super::{Context, with_name};
use crate::child::Child;
use crate::names::particles::{is_arabic_article, split_particles};
use crate::names::{Origin, Sex};
use crate::rng::Rng;
use crate::spelling;

pub(super) fn hyphen_space(entry: &Child, rng: &mut Rng) -> Option<Child> {
    // Positions (given?, byte index, replacement) where a hyphen or space may flip.
    let mut flips: Vec<(bool, usize, char)> = entry
        .given_names
        .char_indices()
        .filter_map(|(i, c)| match c {
            ' ' => Some((true, i, '-')),
            '-' => Some((true, i, ' ')),
            _ => None,
        })
        .collect();
    if flips.is_empty() {
        // Only articles of Arabic names: a double family name is DoubleFamilyName's business.
        let family = &entry.family_name;
        for (i, c) in family.char_indices() {
            if (c == '-' || c == ' ') && is_arabic_article(&family[..i]) {
                flips.push((false, i, if c == '-' { ' ' } else { '-' }));
            }
        }
    }
    if flips.is_empty() {
        return None;
    }
    let (given, at, with) = *rng.pick(&flips);
    let name = if given {
        &entry.given_names
    } else {
        &entry.family_name
    };
    let flipped = spelling::replace_range(name, at..at + 1, with.encode_utf8(&mut [0; 4]));
    Some(with_name(entry, given, flipped))
}

pub(super) fn given_order(entry: &Child, rng: &mut Rng) -> Option<Child> {
    let names: Vec<&str> = entry.given_names.split(' ').collect();
    let distinct = names.iter().any(|n| *n != names[0]);
    if names.len() < 2 || !distinct {
        return None;
    }
    let mut order = names.clone();
    for _ in 0..16 {
        rng.shuffle(&mut order);
        if order != names {
            break;
        }
    }
    if order == names {
        order.rotate_left(1);
    }
    Some(Child {
        given_names: order.join(" "),
        ..entry.clone()
    })
}

pub(super) fn given_number(entry: &Child, rng: &mut Rng, ctx: &Context<'_>) -> Option<Child> {
    let mut names: Vec<&str> = entry.given_names.split(' ').collect();
    if names.len() >= 2 && rng.per_mille(600) {
        names.remove(rng.index(names.len()));
        return Some(Child {
            given_names: names.join(" "),
            ..entry.clone()
        });
    }
    let profile = ctx.index.profile(&entry.given_names, &entry.family_name);
    let origin = profile.origin.unwrap_or(Origin::German);
    let sex = profile.sex.unwrap_or(if rng.per_mille(500) {
        Sex::Male
    } else {
        Sex::Female
    });
    let added = ctx.sampler.given_name(rng, origin, sex, &entry.given_names);
    if crate::names::sampler::clashes(added, &entry.given_names) {
        return None;
    }
    if rng.per_mille(700) {
        names.push(added);
    } else {
        names.insert(0, added);
    }
    Some(Child {
        given_names: names.join(" "),
        ..entry.clone()
    })
}

pub(super) fn particle(entry: &Child, rng: &mut Rng) -> Option<Child> {
    let (particles, rest) = split_particles(&entry.family_name)?;
    let capitalised = particles
        .iter()
        .all(|p| p.chars().next().is_some_and(char::is_uppercase));
    let family_name = if rng.per_mille(500) {
        rest.join(" ")
    } else {
        let recased: Vec<String> = particles
            .iter()
            .map(|p| {
                if capitalised {
                    spelling::lower(p)
                } else {
                    let mut chars = p.chars();
                    chars
                        .next()
                        .map(|first| spelling::upper(&first.to_string()) + chars.as_str())
                        .unwrap_or_default()
                }
            })
            .collect();
        format!("{} {}", recased.join(" "), rest.join(" "))
    };
    Some(Child {
        family_name,
        ..entry.clone()
    })
}

pub(super) fn double_family_name(entry: &Child, rng: &mut Rng) -> Option<Child> {
    let parts: Vec<&str> = entry.family_name.split('-').collect();
    let is_double = parts.len() == 2
        && parts
            .iter()
            .all(|p| !p.contains(' ') && p.chars().count() >= 2)
        && !is_arabic_article(parts[0]);
    if !is_double {
        return None;
    }
    let family_name = match rng.below(3) {
        0 => parts[0].to_owned(),
        1 => parts[1].to_owned(),
        _ => parts.join(" "),
    };
    Some(Child {
        family_name,
        ..entry.clone()
    })
}
