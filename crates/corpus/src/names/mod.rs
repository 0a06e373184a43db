//! Name facts: frequency-weighted given and family names per origin, particles, and spellings
//! of the same name across transliteration systems.
//!
//! The lists are composed from general knowledge of public name statistics (birth-year name
//! rankings, family name frequency counts); weights are rough relative frequencies within one
//! list, not counts. This module holds facts only; drawing from them lives in [`sampler`].

mod arabic;
mod german;
pub mod index;
pub mod long_tail;
pub mod particles;
mod polish;
mod romanian;
mod russian;
pub mod sampler;
pub mod transliteration;
mod turkish;
mod ukrainian;

/// The origin of a name set: which list a child's names are drawn from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Origin {
    German,
    Turkish,
    Arabic,
    Polish,
    Russian,
    Ukrainian,
    Romanian,
}

impl Origin {
    pub const ALL: [Origin; 7] = [
        Origin::German,
        Origin::Turkish,
        Origin::Arabic,
        Origin::Polish,
        Origin::Russian,
        Origin::Ukrainian,
        Origin::Romanian,
    ];

    /// Share of children whose names come from this origin, in per mille of the population.
    /// Roughly the mix of births in Germany 2005–2024 by the family's name origin.
    pub const fn share_per_mille(self) -> u32 {
        match self {
            Origin::German => 750,
            Origin::Turkish => 80,
            Origin::Arabic => 60,
            Origin::Polish => 40,
            Origin::Russian => 25,
            Origin::Ukrainian => 25,
            Origin::Romanian => 20,
        }
    }

    pub(crate) const fn lists(self) -> &'static Lists {
        match self {
            Origin::German => &german::LISTS,
            Origin::Turkish => &turkish::LISTS,
            Origin::Arabic => &arabic::LISTS,
            Origin::Polish => &polish::LISTS,
            Origin::Russian => &russian::LISTS,
            Origin::Ukrainian => &ukrainian::LISTS,
            Origin::Romanian => &romanian::LISTS,
        }
    }

    /// Sizes of this origin's lists: (girls' names, boys' names, family names).
    pub fn list_sizes(self) -> (usize, usize, usize) {
        let lists = self.lists();
        (lists.girls.len(), lists.boys.len(), lists.family.len())
    }
}

/// The sex a given name is chosen for; twins and siblings get names of a plausible sex.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sex {
    Female,
    Male,
}

/// A family name with its masculine and feminine forms (equal except in Slavic names such as
/// Kowalski/Kowalska or Ivanov/Ivanova) and a relative frequency weight.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Family {
    pub male: &'static str,
    pub female: &'static str,
    pub weight: u32,
}

impl Family {
    pub fn form(&self, sex: Sex) -> &'static str {
        match sex {
            Sex::Female => self.female,
            Sex::Male => self.male,
        }
    }

    pub fn is_gendered(&self) -> bool {
        self.male != self.female
    }
}

/// A family name with one form for both sexes.
pub(crate) const fn f(name: &'static str, weight: u32) -> Family {
    Family {
        male: name,
        female: name,
        weight,
    }
}

/// A family name with a masculine and a feminine form.
pub(crate) const fn g(male: &'static str, female: &'static str, weight: u32) -> Family {
    Family {
        male,
        female,
        weight,
    }
}

/// The lists of one origin. Given names are `(name, weight)`; a hyphenated given name such as
/// `Anna-Lena` is one name.
pub(crate) struct Lists {
    pub girls: &'static [(&'static str, u32)],
    pub boys: &'static [(&'static str, u32)],
    pub family: &'static [Family],
}

impl Lists {
    pub fn given(&self, sex: Sex) -> &'static [(&'static str, u32)] {
        match sex {
            Sex::Female => self.girls,
            Sex::Male => self.boys,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::child::is_valid_name;

    #[test]
    fn shares_add_up_to_the_whole() {
        let total: u32 = Origin::ALL.iter().map(|o| o.share_per_mille()).sum();
        assert_eq!(total, 1000);
    }

    #[test]
    fn lists_are_large_enough() {
        for origin in Origin::ALL {
            let (girls, boys, family) = origin.list_sizes();
            let (min_given, min_family) = if origin == Origin::German {
                (60, 60)
            } else {
                (20, 20)
            };
            assert!(
                girls + boys >= min_given,
                "{origin:?}: {girls}+{boys} given names"
            );
            assert!(
                girls >= min_given / 2 && boys >= min_given / 2,
                "{origin:?}"
            );
            assert!(family >= min_family, "{origin:?}: {family} family names");
        }
    }

    #[test]
    fn every_listed_name_is_a_valid_single_name_without_duplicates() {
        for origin in Origin::ALL {
            let lists = origin.lists();
            for sex in [Sex::Female, Sex::Male] {
                let mut seen = std::collections::HashSet::new();
                for (name, weight) in lists.given(sex) {
                    assert!(*weight > 0, "{name}");
                    assert!(is_valid_name(name), "{name:?}");
                    assert!(!name.contains(' '), "given name {name:?} must be one name");
                    assert!(seen.insert(*name), "{origin:?} duplicate {name}");
                }
            }
            let mut seen = std::collections::HashSet::new();
            for family in lists.family {
                assert!(family.weight > 0, "{}", family.male);
                assert!(is_valid_name(family.male) && is_valid_name(family.female));
                assert!(
                    seen.insert(family.male),
                    "{origin:?} duplicate {}",
                    family.male
                );
            }
        }
    }

    #[test]
    fn german_family_names_include_umlauts_and_sharp_s() {
        let names: Vec<&str> = Origin::German
            .lists()
            .family
            .iter()
            .map(|f| f.male)
            .collect();
        for expected in [
            "Müller", "Schäfer", "Groß", "Weiß", "Köhler", "Böhm", "Krüger",
        ] {
            assert!(names.contains(&expected), "{expected}");
        }
    }
}
