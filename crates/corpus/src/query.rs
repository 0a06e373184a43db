//! Query sets: variants of entries (the answer is "this entry") and look-alikes (the answer is
//! "no entry"), spread evenly over their kinds, shuffled, deterministic for a seed.

use std::collections::HashSet;

use time::Date;

use crate::child::Child;
use crate::lookalikes::{self, LookAlike};
use crate::names::index::NameIndex;
use crate::names::sampler::Sampler;
use crate::population::Population;
use crate::rng::Rng;
use crate::variants::{self, VariantKind};

/// Random stream of [`queries`], apart from the stream [`population`](crate::population) uses.
const STREAM: u64 = 2;
/// Random entries tried for a variant before every entry is tried in turn.
const RANDOM_TRIES: usize = 1000;
/// Look-alikes drawn before giving up on a population where every one is an entry.
const LOOKALIKE_TRIES: usize = 10_000;

/// What a query is: a variant of an entry, or a look-alike of children without entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum QueryKind {
    Variant(VariantKind),
    LookAlike(LookAlike),
}

/// One query and its ground truth.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    pub child: Child,
    pub kind: QueryKind,
    /// Index into the population for Variant queries (the entry the query must find); `None`
    /// for look-alikes, which no entry may match.
    pub entry: Option<usize>,
}

/// `m` queries: half (rounded up) Variant queries spread evenly over all [`VariantKind`]s,
/// half LookAlike queries spread evenly over all [`LookAlike`] kinds. See [`queries_split`].
pub fn queries(
    seed: u64,
    population: &Population,
    m: usize,
    places: &[&str],
    today: Date,
) -> Vec<Query> {
    let lookalikes = m / 2;
    queries_split(seed, population, m - lookalikes, lookalikes, places, today)
}

/// `variants` Variant queries and `lookalikes` LookAlike queries, shuffled together.
///
/// Kinds take turns, so each kind's count is within one of `variants / 13` (resp.
/// `lookalikes / 5`). A Variant query is made from a random entry with the variant applied; if
/// the kind cannot apply to that entry (no umlaut, one given name …) another entry is drawn.
/// Only if the kind applies to no entry at all is the query made with the next kind in
/// [`VariantKind::ALL`] order that does (`Exact` always does). A LookAlike is never identical
/// (same given names, family name, date and place, ignoring case) to any entry: such a draw is
/// drawn again, so the ground truth "no entry" holds.
///
/// # Panics
/// When queries are asked for from an empty population, or look-alikes with fewer than two
/// distinct `places` (OtherPlace needs another municipality).
pub fn queries_split(
    seed: u64,
    population: &Population,
    variants: usize,
    lookalikes: usize,
    places: &[&str],
    today: Date,
) -> Vec<Query> {
    if variants + lookalikes == 0 {
        return Vec::new();
    }
    assert!(
        !population.entries.is_empty(),
        "queries need a population with entries"
    );
    let index = NameIndex::new();
    let sampler = Sampler::new();
    let mut rng = Rng::new(seed, STREAM);
    let mut out = Vec::with_capacity(variants + lookalikes);

    let ctx = variants::Context {
        index: &index,
        sampler: &sampler,
        today,
    };
    let mut impossible: HashSet<VariantKind> = HashSet::new();
    for i in 0..variants {
        let wanted = VariantKind::ALL[i % VariantKind::ALL.len()];
        let start = VariantKind::ALL
            .iter()
            .position(|k| *k == wanted)
            .unwrap_or(0);
        let mut query = None;
        for k in 0..VariantKind::ALL.len() {
            let kind = VariantKind::ALL[(start + k) % VariantKind::ALL.len()];
            if impossible.contains(&kind) {
                continue;
            }
            query = variant_query(kind, population, &mut rng, &ctx);
            if query.is_some() {
                break;
            }
            impossible.insert(kind);
        }
        out.extend(query);
    }

    if lookalikes > 0 {
        let mut distinct = places.to_vec();
        distinct.sort_unstable();
        distinct.dedup();
        assert!(
            distinct.len() >= 2,
            "look-alikes need at least two distinct places"
        );
        let identities: HashSet<u64> = population.entries.iter().map(Child::identity_key).collect();
        let first = population
            .entries
            .iter()
            .map(|c| c.birth_date)
            .min()
            .unwrap_or(today)
            .min(today);
        let ctx = lookalikes::Context {
            index: &index,
            sampler: &sampler,
            places: &distinct,
            first,
            today,
        };
        for i in 0..lookalikes {
            let kind = LookAlike::ALL[i % LookAlike::ALL.len()];
            let child = (0..LOOKALIKE_TRIES)
                .map(|_| lookalikes::make(kind, population, &mut rng, &ctx))
                .find(|child| !identities.contains(&child.identity_key()))
                .unwrap_or_else(|| panic!("every {kind:?} look-alike drawn is an entry"));
            out.push(Query {
                child,
                kind: QueryKind::LookAlike(kind),
                entry: None,
            });
        }
    }
    rng.shuffle(&mut out);
    out
}

/// A variant query of `kind` for some entry, or `None` when `kind` applies to no entry.
fn variant_query(
    kind: VariantKind,
    population: &Population,
    rng: &mut Rng,
    ctx: &variants::Context<'_>,
) -> Option<Query> {
    let entries = &population.entries;
    let made = |at: usize, rng: &mut Rng| {
        variants::apply(kind, &entries[at], rng, ctx).map(|child| Query {
            child,
            kind: QueryKind::Variant(kind),
            entry: Some(at),
        })
    };
    for _ in 0..RANDOM_TRIES {
        let at = rng.index(entries.len());
        if let Some(query) = made(at, rng) {
            return Some(query);
        }
    }
    let start = rng.index(entries.len());
    (0..entries.len()).find_map(|k| made((start + k) % entries.len(), rng))
}
