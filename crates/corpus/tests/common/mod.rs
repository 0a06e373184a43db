//! Helpers shared by the integration tests: places, dates, and independent re-implementations
//! of the checks (so a test does not trust the code it tests).

#![allow(dead_code)]

use time::Date;
use time::macros::date;

pub const TODAY: Date = date!(2025 - 06 - 30);
pub const FIRST_YEAR: i32 = 2000;

/// Municipalities of Landkreis Cuxhaven and Bremen, as 8-digit AGS.
pub const PLACES: [&str; 8] = [
    "03352011", "03352012", "03352015", "03352020", "03352050", "04011000", "04012000", "03352059",
];

/// Words of a name: split at spaces and hyphens.
pub fn words(s: &str) -> Vec<&str> {
    s.split([' ', '-']).filter(|w| !w.is_empty()).collect()
}

/// The distance the corpus defines its typos by (one table, shared with the matcher's tests).
#[allow(unused_imports)]
pub use corpus::edit_distance;

/// Lower case with accents dropped but umlauts and ß kept.
pub fn fold_case_and_accents(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'İ' | 'ı' | 'í' | 'î' => 'i',
            'ẞ' => 'ß',
            _ => c,
        })
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'é' | 'è' | 'ê' | 'ë' | 'ę' => 'e',
            'á' | 'à' | 'â' | 'ă' | 'ą' => 'a',
            'ş' | 'ș' | 'ś' | 'š' => 's',
            'ç' | 'ć' | 'č' => 'c',
            'ğ' => 'g',
            'ł' => 'l',
            'ń' => 'n',
            'ó' => 'o',
            'ț' | 'ţ' => 't',
            'ż' | 'ź' | 'ž' => 'z',
            other => other,
        })
        .collect()
}

/// Lower case with umlauts and their spellings (ae, a; ss) brought to one form.
pub fn fold_umlauts(s: &str) -> String {
    s.to_lowercase()
        .replace("ae", "a")
        .replace("oe", "o")
        .replace("ue", "u")
        .replace('ä', "a")
        .replace('ö', "o")
        .replace('ü', "u")
        .replace("ss", "s")
        .replace('ß', "s")
}
