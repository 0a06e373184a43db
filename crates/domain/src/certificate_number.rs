//! Certificate numbers: short, unambiguous when read aloud or typed, with a check character.
//!
//! Form: `NB-YYYY-XXXX-XXXX-C`, where the X are Crockford base-32 symbols drawn at random by the
//! caller and C is a Luhn mod 32 check symbol over the year and the X, so that one mistyped
//! symbol or two swapped neighbours are caught before any lookup.

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::validation::Problem;

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CertificateNumber(String);

impl CertificateNumber {
    /// Builds a number from the year of issue and 40 random bits.
    pub fn new(year: i32, random: u64) -> CertificateNumber {
        let year = year.clamp(0, 9999);
        let mut symbols = [0u8; 8];
        for (i, slot) in symbols.iter_mut().enumerate() {
            *slot = ALPHABET[((random >> (5 * (7 - i))) & 31) as usize];
        }
        let body = format!("{year:04}{}", String::from_utf8_lossy(&symbols));
        let check = ALPHABET[luhn32(body.as_bytes()) as usize] as char;
        CertificateNumber(format!(
            "NB-{year:04}-{}-{}-{check}",
            &body[4..8],
            &body[8..12]
        ))
    }

    pub fn parse(raw: &str) -> Result<CertificateNumber, Problem> {
        let format = Problem::InvalidFormat {
            expected: "NB-YYYY-XXXX-XXXX-C",
        };
        let upper = raw.trim().to_ascii_uppercase();
        let parts: Vec<&str> = upper.split('-').collect();
        let [prefix, year, a, b, check] = parts.as_slice() else {
            return Err(format);
        };
        let symbolic = |s: &str| s.bytes().all(|c| ALPHABET.contains(&c));
        if *prefix != "NB"
            || year.len() != 4
            || !year.bytes().all(|c| c.is_ascii_digit())
            || a.len() != 4
            || b.len() != 4
            || check.len() != 1
            || !symbolic(a)
            || !symbolic(b)
            || !symbolic(check)
        {
            return Err(format);
        }
        let body = format!("{year}{a}{b}");
        let expected = ALPHABET[luhn32(body.as_bytes()) as usize];
        if check.as_bytes()[0] != expected {
            return Err(Problem::InvalidFormat {
                expected: "a certificate number with a valid check character",
            });
        }
        Ok(CertificateNumber(upper))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn value(symbol: u8) -> u32 {
    ALPHABET.iter().position(|&c| c == symbol).unwrap_or(0) as u32
}

/// Luhn mod N check symbol value for N = 32.
fn luhn32(body: &[u8]) -> u32 {
    let n = 32;
    let mut factor = 2;
    let mut sum = 0;
    for &symbol in body.iter().rev() {
        let addend = factor * value(symbol);
        factor = if factor == 2 { 1 } else { 2 };
        sum += addend / n + addend % n;
    }
    (n - sum % n) % n
}

impl fmt::Display for CertificateNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for CertificateNumber {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        CertificateNumber::parse(&value).map_err(|_| format!("not a certificate number: {value:?}"))
    }
}

impl From<CertificateNumber> for String {
    fn from(value: CertificateNumber) -> String {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn generated_numbers_parse(year in 1998i32..2200, random in any::<u64>()) {
            let number = CertificateNumber::new(year, random);
            prop_assert_eq!(CertificateNumber::parse(number.as_str()), Ok(number.clone()));
            prop_assert_eq!(
                CertificateNumber::parse(&number.as_str().to_ascii_lowercase()),
                Ok(number)
            );
        }

        #[test]
        fn one_changed_symbol_is_caught(random in any::<u64>(), pos in 0usize..8, delta in 1u32..32) {
            let number = CertificateNumber::new(2026, random);
            let mut bytes = number.as_str().as_bytes().to_vec();
            let index = [8, 9, 10, 11, 13, 14, 15, 16][pos];
            let old = value(bytes[index]);
            bytes[index] = ALPHABET[((old + delta) % 32) as usize];
            let changed = String::from_utf8(bytes).unwrap();
            prop_assert!(CertificateNumber::parse(&changed).is_err());
        }
    }

    #[test]
    fn shape() {
        let number = CertificateNumber::new(2026, 0x00_1234_5678);
        assert!(number.as_str().starts_with("NB-2026-"));
        assert_eq!(number.as_str().len(), "NB-2026-XXXX-XXXX-C".len());
        assert!(CertificateNumber::parse("NB-2026-0000-0000").is_err());
    }
}
