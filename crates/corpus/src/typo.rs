//! Simple typing errors in one word: one insertion, deletion, substitution or swap of
//! neighbouring letters, leaving the first letter alone (slips there are rare and are seen).

use crate::rng::Rng;

/// Letters next to each other on a German (QWERTZ) keyboard: the likeliest wrong key.
fn neighbours(c: char) -> &'static str {
    match c {
        'q' => "wa",
        'w' => "qes",
        'e' => "wrd",
        'r' => "etf",
        't' => "rzg",
        'z' => "tuh",
        'u' => "zij",
        'i' => "uok",
        'o' => "ipl",
        'p' => "oü",
        'ü' => "pä",
        'a' => "qsy",
        's' => "adw",
        'd' => "sfe",
        'f' => "dgr",
        'g' => "fht",
        'h' => "gjz",
        'j' => "hku",
        'k' => "jli",
        'l' => "kö",
        'ö' => "lä",
        'ä' => "öü",
        'y' => "xa",
        'x' => "ycs",
        'c' => "xvd",
        'v' => "cbf",
        'b' => "vng",
        'n' => "bmh",
        'm' => "nj",
        _ => "aeinrst",
    }
}

fn wrong_key(rng: &mut Rng, intended: char) -> char {
    let lower = intended.to_lowercase().next().unwrap_or(intended);
    let options: Vec<char> = neighbours(lower).chars().filter(|&c| c != lower).collect();
    let chosen = *rng.pick(&options);
    if intended.is_uppercase() {
        chosen.to_uppercase().next().unwrap_or(chosen)
    } else {
        chosen
    }
}

/// `word` with one typing error, or `None` for words of fewer than three letters. The result
/// always differs from `word`, keeps its first character and consists of letters where `word`
/// had letters.
pub fn typo(rng: &mut Rng, word: &str) -> Option<String> {
    let mut chars: Vec<char> = word.chars().collect();
    if chars.len() < 3 || !chars.iter().all(|c| c.is_alphabetic() || *c == '\'') {
        return None;
    }
    let letter_positions: Vec<usize> = (1..chars.len())
        .filter(|&i| chars[i].is_alphabetic())
        .collect();
    if letter_positions.is_empty() {
        return None;
    }
    let swaps: Vec<usize> = (1..chars.len() - 1)
        .filter(|&i| {
            chars[i].is_alphabetic() && chars[i + 1].is_alphabetic() && chars[i] != chars[i + 1]
        })
        .collect();
    let kind = rng.below(4);
    match kind {
        0 => {
            // insertion: a doubled letter or a neighbouring key after a letter
            let after = *rng.pick(&letter_positions);
            let inserted = if rng.per_mille(500) {
                chars[after]
            } else {
                wrong_key(rng, chars[after])
            };
            chars.insert(after + 1, inserted);
        }
        1 => {
            let at = *rng.pick(&letter_positions);
            chars.remove(at);
        }
        3 if !swaps.is_empty() => {
            let at = *rng.pick(&swaps);
            chars.swap(at, at + 1);
        }
        _ => {
            let at = *rng.pick(&letter_positions);
            chars[at] = wrong_key(rng, chars[at]);
        }
    }
    let result: String = chars.into_iter().collect();
    (result != word).then_some(result)
}

/// Levenshtein distance with adjacent transpositions (optimal string alignment), over the
/// whole table: the measure by which a typo is one edit. Independent of the matcher's own
/// bounded distance, which tests hold to it.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_edit_away_and_first_letter_kept() {
        let mut rng = Rng::new(11, 0);
        for word in ["Müller", "Charlotte", "Yılmaz", "D'Angelo", "Ana"] {
            for _ in 0..300 {
                let typo = typo(&mut rng, word).unwrap_or_default();
                assert_eq!(edit_distance(word, &typo), 1, "{word} → {typo}");
                assert_eq!(typo.chars().next(), word.chars().next());
                assert!(
                    typo.chars().all(|c| c.is_alphabetic() || c == '\''),
                    "{typo}"
                );
            }
        }
        assert_eq!(typo(&mut rng, "Al"), None);
    }
}
