//! Query variants for children WITH an entry: how a query may spell the same child differently.
//!
//! Each kind either changes an entry in its stated way or says it cannot apply to that entry
//! (`None`); it never returns an unchanged child (except [`VariantKind::Exact`]) and never an
//! invalid name. Deciding whether a variant should still match is the matcher's business, not
//! this module's.

mod structure;
mod written;

use time::Date;

use crate::child::{Child, is_valid_name};
use crate::dates;
use crate::names::index::NameIndex;
use crate::names::sampler::Sampler;
use crate::rng::Rng;
use crate::spelling;
use crate::typo::typo;

/// How a query for a child WITH an entry differs from the entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum VariantKind {
    /// Unchanged.
    Exact,
    /// Müller → Mueller or Muller, ß → ss, and the reverse (Schaefer → Schäfer) where the
    /// umlaut spelling is a listed name.
    Umlaut,
    /// MÜLLER, René → Rene, Şahin → Sahin.
    CaseAndAccents,
    /// Anna-Lena ↔ Anna Lena; Al-Hassan ↔ Al Hassan.
    HyphenSpace,
    /// Charlotte Marie → Marie Charlotte.
    GivenOrder,
    /// Charlotte Marie → Charlotte, or one given name added.
    GivenNumber,
    /// von der Heide → Heide or Von Der Heide.
    Particle,
    /// Müller-Schmidt → Müller, Schmidt, or Müller Schmidt.
    DoubleFamilyName,
    /// Mohammed ↔ Muhammad, Aleksandr ↔ Alexander, Olha ↔ Olga, Ivanov ↔ Iwanow …
    Transliteration,
    /// One insertion, deletion, substitution or adjacent swap in a given name.
    TypoGiven,
    /// The same in the family name.
    TypoFamily,
    /// Day and month exchanged, when that is a valid, different date not in the future.
    DateDayMonthSwap,
    /// One digit of YYYYMMDD changed: a valid date, not in the future, of a child under 18.
    DateOneDigit,
}

impl VariantKind {
    pub const ALL: [VariantKind; 13] = [
        VariantKind::Exact,
        VariantKind::Umlaut,
        VariantKind::CaseAndAccents,
        VariantKind::HyphenSpace,
        VariantKind::GivenOrder,
        VariantKind::GivenNumber,
        VariantKind::Particle,
        VariantKind::DoubleFamilyName,
        VariantKind::Transliteration,
        VariantKind::TypoGiven,
        VariantKind::TypoFamily,
        VariantKind::DateDayMonthSwap,
        VariantKind::DateOneDigit,
    ];
}

/// What variants need besides the entry.
pub(crate) struct Context<'a> {
    pub index: &'a NameIndex,
    pub sampler: &'a Sampler,
    pub today: Date,
}

/// `entry` changed in the way of `kind`, or `None` when `kind` cannot apply to it.
pub(crate) fn apply(
    kind: VariantKind,
    entry: &Child,
    rng: &mut Rng,
    ctx: &Context<'_>,
) -> Option<Child> {
    let changed = match kind {
        VariantKind::Exact => return Some(entry.clone()),
        VariantKind::Umlaut => written::umlaut(entry, rng, ctx.index),
        VariantKind::CaseAndAccents => written::case_and_accents(entry, rng),
        VariantKind::HyphenSpace => structure::hyphen_space(entry, rng),
        VariantKind::GivenOrder => structure::given_order(entry, rng),
        VariantKind::GivenNumber => structure::given_number(entry, rng, ctx),
        VariantKind::Particle => structure::particle(entry, rng),
        VariantKind::DoubleFamilyName => structure::double_family_name(entry, rng),
        VariantKind::Transliteration => written::transliteration(entry, rng, ctx.index),
        VariantKind::TypoGiven => typo_in(&entry.given_names, rng).map(|given_names| Child {
            given_names,
            ..entry.clone()
        }),
        VariantKind::TypoFamily => typo_in(&entry.family_name, rng).map(|family_name| Child {
            family_name,
            ..entry.clone()
        }),
        VariantKind::DateDayMonthSwap => dates::day_month_swap(entry.birth_date)
            .filter(|date| *date <= ctx.today)
            .map(|birth_date| Child {
                birth_date,
                ..entry.clone()
            }),
        VariantKind::DateOneDigit => {
            let slips: Vec<Date> = dates::one_digit_slips(entry.birth_date)
                .into_iter()
                .filter(|date| dates::is_minor(*date, ctx.today))
                .collect();
            (!slips.is_empty()).then(|| Child {
                birth_date: *rng.pick(&slips),
                ..entry.clone()
            })
        }
    }?;
    let valid = is_valid_name(&changed.given_names) && is_valid_name(&changed.family_name);
    (valid && changed != *entry).then_some(changed)
}

/// One typo in one word of `name` long enough to take it.
fn typo_in(name: &str, rng: &mut Rng) -> Option<String> {
    let long_words: Vec<std::ops::Range<usize>> = spelling::words(name)
        .into_iter()
        .filter(|w| name[w.clone()].chars().count() >= 3)
        .filter(|w| !crate::names::particles::is_particle(&name[w.clone()]))
        .collect();
    if long_words.is_empty() {
        return None;
    }
    let word = rng.pick(&long_words).clone();
    let changed = typo(rng, &name[word.clone()])?;
    Some(spelling::replace_range(name, word, &changed))
}

/// Replaces the given names (`true`) or the family name (`false`) of `entry`.
pub(super) fn with_name(entry: &Child, given: bool, name: String) -> Child {
    if given {
        Child {
            given_names: name,
            ..entry.clone()
        }
    } else {
        Child {
            family_name: name,
            ..entry.clone()
        }
    }
}
