//! Look-alikes: queries for children WITHOUT any entry that resemble entries the way real
//! children do (a twin, a sibling, a namesake born elsewhere, a child born the same day).
//!
//! This module only makes the child; [`queries`](crate::queries) makes sure it is not
//! identical to any entry.

use time::Date;

use crate::child::Child;
use crate::dates;
use crate::names::index::NameIndex;
use crate::names::sampler::{Sampler, clashes};
use crate::population::{Population, random_child};
use crate::rng::Rng;

/// Queries for children WITHOUT any entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LookAlike {
    /// Same date, place, family name; another given name of the same sex.
    Twin,
    /// Same family name and place, born 1–6 years apart, another given name.
    Sibling,
    /// Same names and date, born in another municipality (another AGS from `places`).
    OtherPlace,
    /// Same date and place, other family and given names.
    SameDateOtherName,
    /// A fresh random child.
    Unrelated,
}

impl LookAlike {
    pub const ALL: [LookAlike; 5] = [
        LookAlike::Twin,
        LookAlike::Sibling,
        LookAlike::OtherPlace,
        LookAlike::SameDateOtherName,
        LookAlike::Unrelated,
    ];
}

/// What look-alikes need besides the population.
pub(crate) struct Context<'a> {
    pub index: &'a NameIndex,
    pub sampler: &'a Sampler,
    pub places: &'a [&'a str],
    /// Unrelated children are born between the earliest entry and `today`.
    pub first: Date,
    pub today: Date,
}

/// A child of kind `kind`, modelled on a random entry where the kind needs one, and the index
/// of that entry. `population` must not be empty; `places` must hold two distinct AGS.
pub(crate) fn make(
    kind: LookAlike,
    population: &Population,
    rng: &mut Rng,
    ctx: &Context<'_>,
) -> Child {
    let entry = rng.pick(&population.entries);
    match kind {
        LookAlike::Twin => {
            let profile = ctx.index.profile(&entry.given_names, &entry.family_name);
            let origin = profile.origin.unwrap_or_else(|| ctx.sampler.origin(rng));
            let sex = profile.sex.unwrap_or_else(|| ctx.sampler.sex(rng));
            let count = ctx.sampler.given_count(rng, origin);
            Child {
                given_names: ctx
                    .sampler
                    .given_names(rng, origin, sex, count, &entry.given_names),
                ..entry.clone()
            }
        }
        LookAlike::Sibling => {
            let profile = ctx.index.profile(&entry.given_names, &entry.family_name);
            let origin = profile.origin.unwrap_or_else(|| ctx.sampler.origin(rng));
            // A sex-specific family name (Kowalska) is shared only by siblings of that sex.
            let sex = match profile.sex {
                Some(sex) if profile.gendered_family => sex,
                _ => ctx.sampler.sex(rng),
            };
            let count = ctx.sampler.given_count(rng, origin);
            Child {
                given_names: ctx
                    .sampler
                    .given_names(rng, origin, sex, count, &entry.given_names),
                birth_date: sibling_date(rng, entry.birth_date, ctx.today),
                ..entry.clone()
            }
        }
        LookAlike::OtherPlace => {
            let others: Vec<&str> = ctx
                .places
                .iter()
                .copied()
                .filter(|p| *p != entry.birth_place)
                .collect();
            Child {
                birth_place: (*rng.pick(&others)).to_owned(),
                ..entry.clone()
            }
        }
        LookAlike::SameDateOtherName => {
            let mut other = random_child(
                ctx.sampler,
                rng,
                ctx.places,
                entry.birth_date,
                entry.birth_date,
            );
            for _ in 0..64 {
                let same_family =
                    other.child.family_name.to_lowercase() == entry.family_name.to_lowercase();
                if !same_family && !clashes(&other.child.given_names, &entry.given_names) {
                    break;
                }
                other = random_child(
                    ctx.sampler,
                    rng,
                    ctx.places,
                    entry.birth_date,
                    entry.birth_date,
                );
            }
            Child {
                birth_place: entry.birth_place.clone(),
                ..other.child
            }
        }
        LookAlike::Unrelated => {
            random_child(ctx.sampler, rng, ctx.places, ctx.first, ctx.today).child
        }
    }
}

/// A birth date 1–6 years (365–2191 days) before or after `date`, not after `today`.
fn sibling_date(rng: &mut Rng, date: Date, today: Date) -> Date {
    let days = rng.range_i64(365, 6 * 365 + 1);
    let later = dates::shift(date, days).filter(|d| *d <= today);
    match later {
        Some(later) if rng.per_mille(500) => later,
        _ => dates::shift(date, -days).unwrap_or(date),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::names::Sex;
    use time::macros::date;

    fn sex_of(index: &NameIndex, child: &Child) -> Option<Sex> {
        index.profile(&child.given_names, &child.family_name).sex
    }

    #[test]
    fn twins_keep_the_sex_and_siblings_the_gap() {
        let index = NameIndex::new();
        let sampler = Sampler::new();
        let places = ["03352011", "03352012"];
        let population = Population {
            entries: vec![Child {
                given_names: "Charlotte Marie".into(),
                family_name: "Müller".into(),
                birth_date: date!(2018 - 05 - 04),
                birth_place: places[0].into(),
            }],
        };
        let ctx = Context {
            index: &index,
            sampler: &sampler,
            places: &places,
            first: date!(2000 - 01 - 01),
            today: date!(2025 - 01 - 01),
        };
        let mut rng = Rng::new(1, 0);
        for _ in 0..200 {
            let twin = make(LookAlike::Twin, &population, &mut rng, &ctx);
            assert_eq!(sex_of(&index, &twin), Some(Sex::Female), "{twin:?}");
            assert!(!clashes(&twin.given_names, "Charlotte Marie"));
            let sibling = make(LookAlike::Sibling, &population, &mut rng, &ctx);
            let gap = (sibling.birth_date - date!(2018 - 05 - 04))
                .whole_days()
                .abs();
            assert!((365..=2191).contains(&gap), "{gap}");
            assert!(sibling.birth_date <= ctx.today);
            let elsewhere = make(LookAlike::OtherPlace, &population, &mut rng, &ctx);
            assert_eq!(elsewhere.birth_place, places[1]);
        }
    }
}
