//! Synthetic register populations and query sets for MEASURING a name/date matcher.
//!
//! [`population`] draws the entries of a simulated Sorgeregister: children with realistic
//! names (frequency-weighted German, Turkish, Arabic, Polish, Russian, Ukrainian and Romanian
//! names; double family names, particles, twins), birth dates and places. [`queries`] draws
//! queries against it with known ground truth: [`VariantKind`]s spell a child WITH an entry
//! differently (umlauts, transliteration, typos, swapped dates …), [`LookAlike`]s describe
//! children WITHOUT an entry that resemble entries (twins, siblings, namesakes).
//!
//! Everything is deterministic for a seed, on every platform: the crate brings its own PRNG.
//! The name lists are facts composed for this crate from public name statistics, with rough
//! weights; they aim at realistic mixes, not at exact frequencies.
//!
//! This crate does not match anything and must not depend on the matcher it measures; it
//! knows only what a query changed, never whether that change should still match.

mod child;
mod dates;
mod lookalikes;
pub mod names;
mod population;
mod query;
mod rng;
mod spelling;
mod typo;
mod variants;

pub use child::{Child, MAX_NAME_CHARS, is_valid_name};
pub use dates::{day_month_swap, is_minor, yyyymmdd};
pub use lookalikes::LookAlike;
pub use names::transliteration::GROUPS as TRANSLITERATION_GROUPS;
pub use names::{Origin, Sex};
pub use population::{Population, TWIN_PAIRS_PER_100K, population};
pub use query::{Query, QueryKind, queries, queries_split};
pub use typo::edit_distance;
pub use variants::VariantKind;
