//! Family names with a nobiliary or toponymic particle (von, van, de, von der …), and the
//! particles themselves, so that variants can find and alter them.

/// Family names carrying particles, with rough relative frequencies among such names in Germany.
pub(crate) const PARTICLE_NAMES: &[(&str, u32)] = &[
    ("von der Heide", 10),
    ("von der Heyden", 4),
    ("von der Linden", 4),
    ("von der Brelie", 2),
    ("von Bülow", 4),
    ("von Arnim", 3),
    ("von Stein", 4),
    ("von Berg", 4),
    ("von Hagen", 4),
    ("von Bredow", 2),
    ("von Lehe", 2),
    ("von Bergen", 3),
    ("vom Hofe", 3),
    ("vom Brocke", 3),
    ("von dem Bussche", 2),
    ("zu Putlitz", 1),
    ("van Dyk", 4),
    ("van der Meer", 5),
    ("van den Berg", 5),
    ("van Beek", 4),
    ("van Lieshout", 2),
    ("ter Horst", 4),
    ("ten Brink", 3),
    ("de Vries", 6),
    ("de Boer", 4),
    ("de Groot", 3),
    ("de Luca", 3),
    ("di Marco", 2),
    ("da Silva", 4),
    ("dos Santos", 4),
];

/// Particles in lower case. A family name starting with one or more of these, followed by at
/// least one further word, carries a particle.
pub(crate) const PARTICLES: &[&str] = &[
    "von", "van", "vom", "zu", "zum", "zur", "de", "der", "den", "dem", "ter", "ten", "di", "da",
    "dos", "del",
];

/// Whether `word` (any case) is a particle.
pub(crate) fn is_particle(word: &str) -> bool {
    PARTICLES.iter().any(|p| p.eq_ignore_ascii_case(word))
}

/// Splits a family name into its leading particle words and the rest, if it has both.
pub(crate) fn split_particles(family: &str) -> Option<(Vec<&str>, Vec<&str>)> {
    let words: Vec<&str> = family.split(' ').collect();
    let count = words.iter().take_while(|w| is_particle(w)).count();
    if count == 0 || count == words.len() {
        return None;
    }
    Some((words[..count].to_vec(), words[count..].to_vec()))
}

/// Article prefixes of Arabic names (Al-Hassan, El-Sayed, Abu Zaid): a hyphen after one of
/// these does not make a double family name.
pub(crate) fn is_arabic_article(word: &str) -> bool {
    ["al", "el", "abu", "abd", "ben", "bin", "ibn"]
        .iter()
        .any(|a| a.eq_ignore_ascii_case(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_particle_name_splits() {
        for (name, _) in PARTICLE_NAMES {
            let (particles, rest) = split_particles(name).unwrap_or_else(|| panic!("{name}"));
            assert!(!particles.is_empty() && !rest.is_empty());
        }
    }

    #[test]
    fn plain_names_do_not_split() {
        assert_eq!(split_particles("Müller"), None);
        assert_eq!(split_particles("von"), None);
        assert_eq!(
            split_particles("von der Heide"),
            Some((vec!["von", "der"], vec!["Heide"]))
        );
    }
}
