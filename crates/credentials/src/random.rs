//! Random secrets from the operating system: session and form tokens, initial passwords.

use crate::CredentialError;

/// Fills `bytes` from the operating system's random number generator.
pub fn fill(bytes: &mut [u8]) -> Result<(), CredentialError> {
    getrandom::fill(bytes).map_err(|e| CredentialError::NoRandomness(e.to_string()))
}

/// 256 random bits as 64 lower-case hex digits: a session token, a CSRF token.
pub fn token() -> Result<String, CredentialError> {
    let mut bytes = [0u8; 32];
    fill(&mut bytes)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Whether `text` has the shape [`token`] produces (before any lookup of it).
pub fn is_token_shaped(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// Letters and digits that cannot be mistaken for one another when read aloud or copied from
/// paper (no 0/O, 1/l/I): 32 symbols, 5 bits each.
const PASSWORD_ALPHABET: &[u8; 32] = b"abcdefghijkmnpqrstuvwxyz23456789";

/// An initial password: four groups of five symbols (100 bits), e.g. `k7mqx-3trp9-wdh2c-vb4na`.
pub fn password() -> Result<String, CredentialError> {
    let mut bytes = [0u8; 20];
    fill(&mut bytes)?;
    let symbols: Vec<char> = bytes
        .iter()
        .map(|b| char::from(PASSWORD_ALPHABET[usize::from(b & 31)]))
        .collect();
    Ok(symbols
        .chunks(5)
        .map(|group| group.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_64_hex_digits_and_differ() {
        let a = token().unwrap();
        let b = token().unwrap();
        assert!(is_token_shaped(&a) && is_token_shaped(&b));
        assert_ne!(a, b);
        assert!(!is_token_shaped("abc"));
        assert!(!is_token_shaped(&a.to_uppercase()));
    }

    #[test]
    fn passwords_are_grouped_unambiguous_symbols() {
        let p = password().unwrap();
        assert_eq!(p.len(), 23, "{p}");
        assert_eq!(p.split('-').count(), 4, "{p}");
        assert!(
            p.chars()
                .all(|c| c == '-' || PASSWORD_ALPHABET.contains(&(c as u8))),
            "{p}"
        );
        assert_ne!(p, password().unwrap());
    }
}
