//! Spelling changes that keep a name "the same" for a person: umlauts and ß written out or
//! dropped, accents dropped, letter case changed, and splitting names into words.

use crate::names::index::NameIndex;

/// How umlauts are replaced when a system cannot write them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UmlautStyle {
    /// ä → ae, ö → oe, ü → ue (the official transcription).
    Expanded,
    /// ä → a, ö → o, ü → u (a keyboard or system without umlauts).
    Dropped,
}

/// Whether `s` has an umlaut or ß.
pub fn has_umlaut(s: &str) -> bool {
    s.contains(['ä', 'ö', 'ü', 'Ä', 'Ö', 'Ü', 'ß', 'ẞ'])
}

/// `s` with every umlaut replaced in `style` and ß as ss.
pub fn replace_umlauts(s: &str, style: UmlautStyle) -> String {
    let mut out = String::with_capacity(s.len() + 4);
    for c in s.chars() {
        let (base, lower_e) = match c {
            'ä' => ("a", true),
            'ö' => ("o", true),
            'ü' => ("u", true),
            'Ä' => ("A", true),
            'Ö' => ("O", true),
            'Ü' => ("U", true),
            'ß' => ("ss", false),
            'ẞ' => ("SS", false),
            other => {
                out.push(other);
                continue;
            }
        };
        out.push_str(base);
        if lower_e && style == UmlautStyle::Expanded {
            out.push('e');
        }
    }
    out
}

/// The umlaut spelling of a word written with ae/oe/ue/ss (Mueller → Müller, Strauss →
/// Strauß), when that spelling is a name in the lists. Samuel does not become Samül.
pub fn restore_umlauts(word: &str, index: &NameIndex) -> Option<String> {
    let restored = word
        .replace("ae", "ä")
        .replace("oe", "ö")
        .replace("ue", "ü")
        .replace("Ae", "Ä")
        .replace("Oe", "Ö")
        .replace("Ue", "Ü");
    let with_sharp_s = restored.replace("ss", "ß");
    [restored, with_sharp_s]
        .into_iter()
        .find(|candidate| candidate != word && index.is_known(candidate))
}

/// Whether `s` has accented letters other than umlauts and ß (é, ş, ł, ț, ı …).
pub fn has_accents(s: &str) -> bool {
    s.chars().any(|c| strip_accent(c) != c)
}

/// `s` without accents on letters; umlauts and ß stay (they are a variant of their own).
pub fn strip_accents(s: &str) -> String {
    s.chars().map(strip_accent).collect()
}

fn strip_accent(c: char) -> char {
    match c {
        'á' | 'à' | 'â' | 'ã' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
        'Á' | 'À' | 'Â' | 'Ã' | 'Å' | 'Ā' | 'Ă' | 'Ą' => 'A',
        'ç' | 'ć' | 'č' => 'c',
        'Ç' | 'Ć' | 'Č' => 'C',
        'ď' => 'd',
        'Ď' => 'D',
        'é' | 'è' | 'ê' | 'ë' | 'ě' | 'ę' | 'ė' => 'e',
        'É' | 'È' | 'Ê' | 'Ë' | 'Ě' | 'Ę' | 'Ė' => 'E',
        'ğ' => 'g',
        'Ğ' => 'G',
        'í' | 'ì' | 'î' | 'ï' | 'ı' => 'i',
        'Í' | 'Ì' | 'Î' | 'Ï' | 'İ' => 'I',
        'ł' => 'l',
        'Ł' => 'L',
        'ń' | 'ñ' | 'ň' => 'n',
        'Ń' | 'Ñ' | 'Ň' => 'N',
        'ó' | 'ò' | 'ô' | 'õ' | 'ø' | 'ő' => 'o',
        'Ó' | 'Ò' | 'Ô' | 'Õ' | 'Ø' | 'Ő' => 'O',
        'ř' => 'r',
        'Ř' => 'R',
        'ś' | 'š' | 'ş' | 'ș' => 's',
        'Ś' | 'Š' | 'Ş' | 'Ș' => 'S',
        'ť' | 'ţ' | 'ț' => 't',
        'Ť' | 'Ţ' | 'Ț' => 'T',
        'ú' | 'ù' | 'û' | 'ů' | 'ű' => 'u',
        'Ú' | 'Ù' | 'Û' | 'Ů' | 'Ű' => 'U',
        'ý' | 'ÿ' => 'y',
        'Ý' => 'Y',
        'ź' | 'ż' | 'ž' => 'z',
        'Ź' | 'Ż' | 'Ž' => 'Z',
        other => other,
    }
}

/// Upper case as German registers write it: ß becomes ẞ (not SS, which would be the umlaut
/// variant), and a letter whose upper case is several letters stays as it is.
pub fn upper(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'ß' => 'ẞ',
            c => single(c.to_uppercase()).unwrap_or(c),
        })
        .collect()
}

/// Lower case, keeping one character per character (İ becomes i, not i + combining dot).
pub fn lower(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'İ' => 'i',
            c => single(c.to_lowercase()).unwrap_or(c),
        })
        .collect()
}

fn single(mut chars: impl Iterator<Item = char>) -> Option<char> {
    let first = chars.next()?;
    chars.next().is_none().then_some(first)
}

/// Byte ranges of the words of a name: runs between spaces and hyphens. Apostrophes belong to
/// the word (D'Angelo, Sa'id).
pub fn words(s: &str) -> Vec<std::ops::Range<usize>> {
    let mut ranges = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        let separator = c == ' ' || c == '-';
        match (separator, start) {
            (true, Some(s0)) => {
                ranges.push(s0..i);
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s0) = start {
        ranges.push(s0..s.len());
    }
    ranges
}

/// `s` with the bytes in `range` replaced by `with`.
pub fn replace_range(s: &str, range: std::ops::Range<usize>, with: &str) -> String {
    let mut out = String::with_capacity(s.len() + with.len());
    out.push_str(&s[..range.start]);
    out.push_str(with);
    out.push_str(&s[range.end..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn umlauts_both_ways() {
        assert_eq!(replace_umlauts("Müller", UmlautStyle::Expanded), "Mueller");
        assert_eq!(replace_umlauts("Öztürk", UmlautStyle::Dropped), "Ozturk");
        assert_eq!(replace_umlauts("Groß", UmlautStyle::Dropped), "Gross");
        let index = NameIndex::new();
        assert_eq!(
            restore_umlauts("Schaefer", &index).as_deref(),
            Some("Schäfer")
        );
        assert_eq!(
            restore_umlauts("Strauss", &index).as_deref(),
            Some("Strauß")
        );
        assert_eq!(restore_umlauts("Samuel", &index), None);
        assert_eq!(restore_umlauts("Hesse", &index), None);
    }

    #[test]
    fn accents_and_case() {
        assert_eq!(
            strip_accents("René Şahin-Wiśniewska"),
            "Rene Sahin-Wisniewska"
        );
        assert_eq!(strip_accents("Müller"), "Müller");
        assert!(has_accents("Ștefan") && !has_accents("Jörg"));
        assert_eq!(upper("Groß"), "GROẞ");
        assert_eq!(lower("İbrahim"), "ibrahim");
    }

    #[test]
    fn words_split_at_spaces_and_hyphens() {
        let s = "Anna-Lena D'Angelo";
        let found: Vec<&str> = words(s).into_iter().map(|r| &s[r]).collect();
        assert_eq!(found, ["Anna", "Lena", "D'Angelo"]);
        assert_eq!(replace_range(s, 5..9, "Marie"), "Anna-Marie D'Angelo");
    }
}
