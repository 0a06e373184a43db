//! Register populations: the entries a register office might hold, drawn deterministically
//! from a seed.

use time::{Date, Month};

use crate::child::Child;
use crate::dates;
use crate::names::sampler::Sampler;
use crate::rng::Rng;

/// Births that are twin pairs, per 100,000 births: 756 pairs make 1.5 % of all entries twins
/// (2p / (1 + p) with p = 0.00756).
pub const TWIN_PAIRS_PER_100K: u64 = 756;

/// Random stream of [`population`], apart from the stream [`queries`](crate::queries) uses.
const STREAM: u64 = 1;

/// The entries of one simulated register.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Population {
    pub entries: Vec<Child>,
}

/// `n` children born between `first_year`-01-01 and `today`, in `places` (AGS list, weighted
/// equally), names drawn from frequency-weighted lists (see [`Origin::share_per_mille`] for the
/// origin shares): 1–3 given names (mostly 1–2), 10 % hyphenated double family names, 3 % of
/// German-origin family names with a particle, and 1.5 % of entries twins (two entries with the
/// same date, place and family name and different given names of plausible sex).
/// Deterministic for a seed.
///
/// # Panics
/// When `n > 0` and `places` is empty, or when `first_year`-01-01 is after `today`.
///
/// [`Origin::share_per_mille`]: crate::Origin::share_per_mille
pub fn population(
    seed: u64,
    n: usize,
    places: &[&str],
    first_year: i32,
    today: Date,
) -> Population {
    if n == 0 {
        return Population::default();
    }
    assert!(!places.is_empty(), "population needs at least one place");
    let first = Date::from_calendar_date(first_year, Month::January, 1)
        .ok()
        .filter(|first| *first <= today)
        .unwrap_or_else(|| panic!("first_year {first_year} must start on or before {today}"));

    let sampler = Sampler::new();
    let mut rng = Rng::new(seed, STREAM);
    let mut entries = Vec::with_capacity(n);
    while entries.len() < n {
        let drawn = random_child(&sampler, &mut rng, places, first, today);
        let is_twin_birth = entries.len() + 2 <= n && rng.below(100_000) < TWIN_PAIRS_PER_100K;
        if is_twin_birth {
            let twin = twin_of(&sampler, &mut rng, &drawn);
            entries.push(drawn.child);
            entries.push(twin);
        } else {
            entries.push(drawn.child);
        }
    }
    rng.shuffle(&mut entries);
    Population { entries }
}

/// A child together with what was drawn to make it.
pub(crate) struct Drawn {
    pub child: Child,
    pub origin: crate::Origin,
    pub sex: crate::names::Sex,
    /// Whether the family name has sex-specific forms (Kowalski/Kowalska).
    pub gendered_family: bool,
}

/// A fresh child: origin, sex, names, a date in `first..=last` and one of `places`.
pub(crate) fn random_child(
    sampler: &Sampler,
    rng: &mut Rng,
    places: &[&str],
    first: Date,
    last: Date,
) -> Drawn {
    let origin = sampler.origin(rng);
    let sex = sampler.sex(rng);
    let count = sampler.given_count(rng, origin);
    let given_names = sampler.given_names(rng, origin, sex, count, "");
    let (family_name, gendered_family) = sampler.family_name(rng, origin, sex);
    let child = Child {
        given_names,
        family_name,
        birth_date: dates::uniform(rng, first, last),
        birth_place: (*rng.pick(places)).to_owned(),
    };
    Drawn {
        child,
        origin,
        sex,
        gendered_family,
    }
}

/// The other twin: same date, place and family name, given names sharing no word. Of either sex,
/// except that a sex-specific family name keeps the twins' sex equal (the form is shared).
fn twin_of(sampler: &Sampler, rng: &mut Rng, drawn: &Drawn) -> Child {
    let sex = if drawn.gendered_family {
        drawn.sex
    } else {
        sampler.sex(rng)
    };
    let count = sampler.given_count(rng, drawn.origin);
    Child {
        given_names: sampler.given_names(rng, drawn.origin, sex, count, &drawn.child.given_names),
        ..drawn.child.clone()
    }
}
