//! The long tail of family names. Real registers hold hundreds of thousands of distinct family
//! names; the frequency lists cover only the most common. Rare names are composed here from
//! common parts (Birken + feld, Kara + taş, Kowal + czyk), so that a large generated register
//! is as diverse as a real one instead of repeating a few hundred names.

use super::{Origin, Sex};
use crate::rng::Rng;

/// Per mille of family names drawn from the long tail, per origin (the rest from the lists).
pub const fn tail_per_mille(origin: Origin) -> u32 {
    match origin {
        Origin::German => 650,
        Origin::Turkish => 450,
        Origin::Polish => 450,
        Origin::Russian | Origin::Ukrainian => 300,
        Origin::Arabic | Origin::Romanian => 250,
    }
}

const GERMAN_HEADS: &[&str] = &[
    "Alt", "Bau", "Berg", "Birken", "Blum", "Brand", "Breit", "Brink", "Buch", "Dorn", "Eich",
    "Eng", "Feld", "Fisch", "Fried", "Gold", "Grün", "Hain", "Hart", "Hasel", "Heid", "Hell",
    "Hof", "Holz", "Horn", "Kalt", "Kirch", "Klein", "Kling", "Kohl", "Kreuz", "Kron", "Lang",
    "Lauten", "Lieb", "Lind", "Löw", "Mittel", "Moos", "Neu", "Ober", "Ost", "Pfeif", "Rau",
    "Rein", "Ring", "Ros", "Roth", "Sand", "Schön", "Schwarz", "Sieg", "Sonn", "Stein", "Stern",
    "Stock", "Sturm", "Tann", "Teich", "Thal", "Vogel", "Wald", "Wall", "Weid", "Wein", "Wiesen",
    "Wild", "Wind", "Winter", "Wolf", "Zimmer", "Bren", "Esch", "Fels", "Gers", "Hecken", "Kamm",
    "Lerch", "Mühl", "Nuss", "Pfahl", "Rohr", "Sauer", "Tiefen", "Ulmen", "Wester",
];
const GERMAN_TAILS: &[&str] = &[
    "mann", "er", "ner", "ler", "berg", "bach", "feld", "hoff", "meier", "huber", "inger",
    "hausen", "stein", "dorf", "hagen", "brink", "kamp", "lein", "ke", "bauer", "wald", "beck",
    "born", "mayr", "rath", "reiter", "wieser", "hofer", "moser", "egger", "gruber", "lechner",
    "brunner", "thaler", "städt", "mund", "hardt", "loh", "scheid", "winkel",
];
const TURKISH_HEADS: &[&str] = &[
    "Kara", "Ak", "Demir", "Er", "Gül", "Kaya", "Öz", "Yıl", "Şen", "Tek", "Uz", "Al", "Ay", "Bay",
    "Can", "Dur", "Gök", "Kar", "Kır", "Sarı", "Tun", "Yal", "Bal", "Çak", "Ece",
];
const TURKISH_TAILS: &[&str] = &[
    "oğlu", "han", "er", "soy", "türk", "kan", "dağ", "taş", "göz", "el", "baş", "tekin", "yol",
    "alp", "ok", "kurt", "can", "gün",
];
const POLISH_HEADS: &[&str] = &[
    "Kowal", "Mazur", "Krawc", "Wróbl", "Jabł", "Pietr", "Sob", "Wojt", "Kubi", "Szym", "Stas",
    "Grzel", "Pawl", "Mich", "Zaj", "Koz", "Lis", "Marcz", "Czarn", "Bial", "Sikor", "Baran",
];
const POLISH_TAILS: &[&str] = &["czyk", "ak", "ek", "iak", "owicz", "uk", "as", "ik"];
const EAST_HEADS: &[&str] = &[
    "Bondar", "Kovalch", "Moroz", "Tkach", "Kravch", "Shevch", "Kuzmen", "Lysen", "Marchen",
    "Savch", "Petr", "Pavl", "Sidor", "Fedor", "Grish", "Zakhar", "Romanen", "Nester",
];
const EAST_TAILS: &[&str] = &["enko", "ov", "in", "ov", "in", "ov"];
const OTHER_HEADS: &[&str] = &[
    "Abd", "Ham", "Nas", "Sal", "Kar", "Maj", "Rad", "Sab", "Tar", "Zah", "Dum", "Flor", "Gheor",
    "Mar", "Rad", "Stan", "Vlad", "Bal",
];
const OTHER_TAILS: &[&str] = &["ani", "awi", "ari", "escu", "eanu", "oiu", "ache", "idi"];

/// A rare family name of `origin` in the form for `sex` (Petrov / Petrova): one word. Returns
/// the name and whether it has sex-specific forms.
pub fn family(rng: &mut Rng, origin: Origin, sex: Sex) -> (String, bool) {
    let (heads, tails) = match origin {
        Origin::German => (GERMAN_HEADS, GERMAN_TAILS),
        Origin::Turkish => (TURKISH_HEADS, TURKISH_TAILS),
        Origin::Polish => (POLISH_HEADS, POLISH_TAILS),
        Origin::Russian | Origin::Ukrainian => (EAST_HEADS, EAST_TAILS),
        Origin::Arabic | Origin::Romanian => (OTHER_HEADS, OTHER_TAILS),
    };
    let head = heads[rng.below(heads.len() as u64) as usize];
    let tail = tails[rng.below(tails.len() as u64) as usize];
    let gendered = matches!(tail, "ov" | "in");
    let feminine = if gendered && sex == Sex::Female {
        "a"
    } else {
        ""
    };
    (format!("{head}{tail}{feminine}"), gendered)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn tail_names_are_valid_and_many() {
        let mut rng = Rng::new(7, 0);
        let mut seen = HashSet::new();
        for origin in Origin::ALL {
            for _ in 0..5000 {
                let (name, _) = family(&mut rng, origin, Sex::Female);
                assert!(crate::is_valid_name(&name), "{name}");
                seen.insert(name);
            }
        }
        assert!(seen.len() > 3000, "{}", seen.len());
    }
}
