//! Look-ups from a written name back to the lists: which origin and sex a given name belongs to,
//! whether a spelling is a known name, and which transliteration group a word is in.
//!
//! Variants and look-alikes work from a [`Child`](crate::Child) alone (a population may come
//! from elsewhere), so they recover what they need to know about a name here.

use std::collections::{HashMap, HashSet};

use super::particles::PARTICLE_NAMES;
use super::transliteration::GROUPS;
use super::{Origin, Sex};

/// What is known about a child's names from the lists; `None` where the names are not listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Profile {
    pub origin: Option<Origin>,
    pub sex: Option<Sex>,
    /// The family name has sex-specific forms, so a sibling of the other sex would bear the
    /// other form.
    pub gendered_family: bool,
}

/// Built once per call of [`queries`](crate::queries); cheap (a few thousand names).
#[derive(Debug)]
pub struct NameIndex {
    given: HashMap<&'static str, (Origin, Sex)>,
    family: HashMap<&'static str, (Origin, Option<Sex>)>,
    known: HashSet<&'static str>,
    groups: HashMap<String, usize>,
}

impl NameIndex {
    pub fn new() -> NameIndex {
        let mut given = HashMap::new();
        let mut family = HashMap::new();
        let mut known = HashSet::new();
        // Origins in order of share: a name in several lists (Maria, Ali) counts for the first.
        for origin in Origin::ALL {
            let lists = origin.lists();
            for sex in [Sex::Female, Sex::Male] {
                for (name, _) in lists.given(sex) {
                    given.entry(*name).or_insert((origin, sex));
                    known.insert(*name);
                }
            }
            for entry in lists.family {
                if entry.is_gendered() {
                    family
                        .entry(entry.male)
                        .or_insert((origin, Some(Sex::Male)));
                    family
                        .entry(entry.female)
                        .or_insert((origin, Some(Sex::Female)));
                } else {
                    family.entry(entry.male).or_insert((origin, None));
                }
                known.insert(entry.male);
                known.insert(entry.female);
            }
        }
        for (name, _) in PARTICLE_NAMES {
            known.extend(name.split(' '));
        }
        let mut groups = HashMap::new();
        for (i, group) in GROUPS.iter().enumerate() {
            for spelling in *group {
                groups.insert(spelling.to_lowercase(), i);
            }
        }
        NameIndex {
            given,
            family,
            known,
            groups,
        }
    }

    /// Origin and sex of a listed given name.
    pub fn given(&self, name: &str) -> Option<(Origin, Sex)> {
        self.given.get(name).copied()
    }

    /// Origin of a listed family name and, for gendered forms (Kowalska), the sex it implies.
    pub fn family(&self, name: &str) -> Option<(Origin, Option<Sex>)> {
        self.family.get(name).copied()
    }

    /// Whether `word` is spelt exactly like a name in any list.
    pub fn is_known(&self, word: &str) -> bool {
        self.known.contains(word)
    }

    /// What the lists say about a child's names: the origin (from the family name, else the
    /// first given name) and the sex (from the first given name, else a gendered family name).
    pub fn profile(&self, given_names: &str, family_name: &str) -> Profile {
        let first_given = given_names.split(' ').next().unwrap_or_default();
        let given = self.given(first_given);
        let families: Vec<(Origin, Option<Sex>)> = family_name
            .split(['-', ' '])
            .filter(|w| {
                !super::particles::is_particle(w) && !super::particles::is_arabic_article(w)
            })
            .filter_map(|w| self.family(w))
            .collect();
        let family = families.first().copied();
        let from_particle = super::particles::split_particles(family_name).map(|_| Origin::German);
        Profile {
            origin: family
                .map(|(origin, _)| origin)
                .or(from_particle)
                .or(given.map(|(origin, _)| origin)),
            sex: given
                .map(|(_, sex)| sex)
                .or(families.iter().find_map(|(_, sex)| *sex)),
            gendered_family: families.iter().any(|(_, sex)| sex.is_some()),
        }
    }

    /// The transliteration group of `word` (any case), if it has one.
    pub fn group(&self, word: &str) -> Option<&'static [&'static str]> {
        self.groups.get(&word.to_lowercase()).map(|&i| GROUPS[i])
    }
}

impl Default for NameIndex {
    fn default() -> NameIndex {
        NameIndex::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_origin_sex_and_groups() {
        let index = NameIndex::new();
        assert_eq!(index.given("Zeynep"), Some((Origin::Turkish, Sex::Female)));
        assert_eq!(index.given("Jakub"), Some((Origin::Polish, Sex::Male)));
        assert_eq!(
            index.family("Kowalska"),
            Some((Origin::Polish, Some(Sex::Female)))
        );
        assert_eq!(index.family("Müller"), Some((Origin::German, None)));
        assert!(index.is_known("Schaefer") && index.is_known("Heide"));
        assert!(!index.is_known("Samül"));
        let group = index.group("MUHAMMAD").unwrap_or_default();
        assert!(group.contains(&"Mohammed"));
        assert_eq!(index.group("Müller"), None);
        let profile = index.profile("Zofia Maria", "Nowak-Kowalska");
        assert_eq!(profile.origin, Some(Origin::Polish));
        assert_eq!(profile.sex, Some(Sex::Female));
        assert!(profile.gendered_family);
        let profile = index.profile("Unknown", "von der Heide");
        assert_eq!((profile.origin, profile.sex), (Some(Origin::German), None));
    }
}
