//! Drawing names from the lists: origin, sex, number of given names, given names, family names
//! (with double names and particles), each by its frequency weight.

use super::particles::PARTICLE_NAMES;
use super::{Family, Origin, Sex};
use crate::rng::{Rng, Weighted};

/// Per mille of children whose family name is a hyphenated double name.
pub const DOUBLE_FAMILY_PER_MILLE: u32 = 100;
/// Per mille of German-origin children whose family name carries a particle (von, van, de …).
pub const PARTICLE_PER_MILLE: u32 = 30;
/// Per mille of children who are boys.
const BOYS_PER_MILLE: u32 = 512;

struct OriginTables {
    girls: Weighted<&'static str>,
    boys: Weighted<&'static str>,
    family: Weighted<Family>,
}

/// Frequency-weighted tables for every list, built once per generator run.
pub struct Sampler {
    origins: Weighted<Origin>,
    tables: Vec<OriginTables>,
    particle_names: Weighted<&'static str>,
}

impl Sampler {
    pub fn new() -> Sampler {
        let origins = Weighted::new(Origin::ALL.map(|o| (o, o.share_per_mille())));
        let tables = Origin::ALL
            .iter()
            .map(|origin| {
                let lists = origin.lists();
                OriginTables {
                    girls: Weighted::new(lists.girls.iter().copied()),
                    boys: Weighted::new(lists.boys.iter().copied()),
                    family: Weighted::new(lists.family.iter().map(|f| (*f, f.weight))),
                }
            })
            .collect();
        Sampler {
            origins,
            tables,
            particle_names: Weighted::new(PARTICLE_NAMES.iter().copied()),
        }
    }

    fn tables(&self, origin: Origin) -> &OriginTables {
        // `tables` follows the order of `Origin::ALL`, which is declaration order.
        &self.tables[origin as usize]
    }

    pub fn origin(&self, rng: &mut Rng) -> Origin {
        *self.origins.draw(rng)
    }

    pub fn sex(&self, rng: &mut Rng) -> Sex {
        if rng.per_mille(BOYS_PER_MILLE) {
            Sex::Male
        } else {
            Sex::Female
        }
    }

    /// How many given names a child of `origin` gets: German children mostly one or two
    /// (45 % / 45 % / 10 % three), others mostly one (65 % / 30 % / 5 %).
    pub fn given_count(&self, rng: &mut Rng, origin: Origin) -> usize {
        let roll = rng.below(100);
        let (one, two) = if origin == Origin::German {
            (45, 90)
        } else {
            (65, 95)
        };
        if roll < one {
            1
        } else if roll < two {
            2
        } else {
            3
        }
    }

    /// One given name of `origin` and `sex` that shares no word with `avoid` (a given-names
    /// string, possibly empty). After many clashing draws it takes the first name in list order
    /// that does not clash, and only when every listed name clashes one that does.
    pub fn given_name(&self, rng: &mut Rng, origin: Origin, sex: Sex, avoid: &str) -> &'static str {
        let table = match sex {
            Sex::Female => &self.tables(origin).girls,
            Sex::Male => &self.tables(origin).boys,
        };
        let mut name = *table.draw(rng);
        for _ in 0..64 {
            if !clashes(name, avoid) {
                return name;
            }
            name = *table.draw(rng);
        }
        table
            .items()
            .iter()
            .copied()
            .find(|candidate| !clashes(candidate, avoid))
            .unwrap_or(name)
    }

    /// `count` distinct given names, none sharing a word with `avoid`, separated by spaces.
    pub fn given_names(
        &self,
        rng: &mut Rng,
        origin: Origin,
        sex: Sex,
        count: usize,
        avoid: &str,
    ) -> String {
        let mut chosen = String::new();
        for _ in 0..count {
            let blocked = format!("{avoid} {chosen}");
            let name = self.given_name(rng, origin, sex, &blocked);
            if clashes(name, &blocked) {
                break; // every listed name clashes: a shorter set is the best there is
            }
            if !chosen.is_empty() {
                chosen.push(' ');
            }
            chosen.push_str(name);
        }
        if chosen.is_empty() {
            chosen.push_str(self.given_name(rng, origin, sex, avoid));
        }
        chosen
    }

    /// A family name of `origin` in the form for `sex`, sometimes a double name or (German
    /// origin) one with a particle. Returns the name and whether it has sex-specific forms.
    pub fn family_name(&self, rng: &mut Rng, origin: Origin, sex: Sex) -> (String, bool) {
        if origin == Origin::German && rng.per_mille(PARTICLE_PER_MILLE) {
            return ((*self.particle_names.draw(rng)).to_owned(), false);
        }
        let (first, first_gendered) = self.single_family(rng, origin, sex);
        if !rng.per_mille(DOUBLE_FAMILY_PER_MILLE) {
            return (first, first_gendered);
        }
        let second_origin = if origin == Origin::German || rng.per_mille(500) {
            Origin::German
        } else {
            origin
        };
        for _ in 0..64 {
            let (second, second_gendered) = self.single_family(rng, second_origin, sex);
            if !second.eq_ignore_ascii_case(&first) {
                return (
                    format!("{first}-{second}"),
                    first_gendered || second_gendered,
                );
            }
        }
        (first, first_gendered)
    }

    /// One word of a family name: from the frequency list, or a rare one from the long tail.
    fn single_family(&self, rng: &mut Rng, origin: Origin, sex: Sex) -> (String, bool) {
        if rng.per_mille(super::long_tail::tail_per_mille(origin)) {
            return super::long_tail::family(rng, origin, sex);
        }
        let family = self.simple_family(rng, origin);
        (family.form(sex).to_owned(), family.is_gendered())
    }

    /// A single-word family name (no hyphen, no space), so that double names have two parts.
    fn simple_family(&self, rng: &mut Rng, origin: Origin) -> Family {
        let table = &self.tables(origin).family;
        let mut family = *table.draw(rng);
        for _ in 0..64 {
            if !family.male.contains(['-', ' ']) && !family.female.contains(['-', ' ']) {
                break;
            }
            family = *table.draw(rng);
        }
        family
    }
}

impl Default for Sampler {
    fn default() -> Sampler {
        Sampler::new()
    }
}

/// Whether `name` clashes with `others`: a word of one equals a word of the other or is one
/// typing slip away from it, ignoring case and splitting at spaces and hyphens. "Anna-Lena"
/// clashes with "Anna Marie", "Henri" with "Henry", "Luca" with "Luka"; "Emil" does not with
/// "Emilia". No child gets two such names, and no twin the other's.
pub fn clashes(name: &str, others: &str) -> bool {
    let words = |s: &str| {
        s.split([' ', '-'])
            .filter(|w| !w.is_empty())
            .map(|w| w.to_lowercase().chars().collect::<Vec<char>>())
            .collect::<Vec<_>>()
    };
    let theirs = words(others);
    words(name)
        .iter()
        .any(|w| theirs.iter().any(|t| within_one_edit(w, t)))
}

/// Equal, or one insertion, deletion, substitution or adjacent swap apart.
fn within_one_edit(a: &[char], b: &[char]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.len() - short.len() > 1 {
        return false;
    }
    let prefix = short.iter().zip(long).take_while(|(x, y)| x == y).count();
    if prefix == short.len() {
        return true; // equal, or `long` has one letter more at the end
    }
    if short.len() == long.len() {
        let rest = prefix + 1;
        short[rest..] == long[rest..]
            || (rest < short.len()
                && short[prefix] == long[rest]
                && short[rest] == long[prefix]
                && short[rest + 1..] == long[rest + 1..])
    } else {
        short[prefix..] == long[prefix + 1..]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn given_names_are_distinct_and_avoid_words() {
        let sampler = Sampler::new();
        let mut rng = Rng::new(5, 0);
        for _ in 0..2000 {
            let names = sampler.given_names(&mut rng, Origin::German, Sex::Female, 3, "Marie");
            let words: Vec<&str> = names.split(' ').collect();
            assert_eq!(words.len(), 3, "{names}");
            assert!(!clashes("Marie", &names), "{names}");
            for (i, w) in words.iter().enumerate() {
                assert!(!clashes(w, &words[i + 1..].join(" ")), "{names}");
            }
        }
    }

    #[test]
    fn slavic_family_names_follow_sex() {
        let sampler = Sampler::new();
        let mut rng = Rng::new(9, 0);
        let mut feminine = 0;
        for _ in 0..500 {
            let (name, _) = sampler.family_name(&mut rng, Origin::Russian, Sex::Female);
            if name
                .split('-')
                .next()
                .is_some_and(|first| first.ends_with('a'))
            {
                feminine += 1;
            }
        }
        assert!(feminine > 450, "{feminine}");
    }

    #[test]
    fn clashes_splits_hyphens() {
        assert!(clashes("Anna-Lena", "Anna Marie"));
        assert!(clashes("lena", "Anna-Lena"));
        assert!(!clashes("Anna", "Annika"));
        assert!(!clashes("Anna", ""));
        assert!(clashes("Henri", "Henry") && clashes("Luca", "Luka Paul"));
        assert!(clashes("Lea", "Leah") && clashes("Mia", "Mai"));
        assert!(!clashes("Emil", "Emilia") && !clashes("Mia", "Lea"));
    }
}
