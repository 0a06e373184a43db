//! Base45 (RFC 9285): bytes as text drawn from the QR code's alphanumeric alphabet, so that the
//! QR encoder can use its dense alphanumeric mode (11 bits per two characters). Two bytes become
//! three characters, a trailing single byte two.

const ALPHABET: &[u8; 45] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(2) * 3);
    let mut push = |value: usize| out.push(char::from(ALPHABET[value]));
    for pair in bytes.chunks(2) {
        match *pair {
            [a, b] => {
                let n = usize::from(a) * 256 + usize::from(b);
                push(n % 45);
                push(n / 45 % 45);
                push(n / 2025);
            }
            [a] => {
                let n = usize::from(a);
                push(n % 45);
                push(n / 45);
            }
            _ => unreachable!("chunks(2) yields one or two bytes"),
        }
    }
    out
}

/// Why a text is not Base45.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Invalid {
    /// A character outside the alphabet.
    Character,
    /// A length of the form 3n + 1, which no byte string encodes to.
    Length,
    /// A group whose value exceeds what its bytes can hold (e.g. `GGW` = 65536).
    Overflow,
}

pub fn decode(text: &str) -> Result<Vec<u8>, Invalid> {
    let digits = text
        .bytes()
        .map(|c| {
            ALPHABET
                .iter()
                .position(|&a| a == c)
                .ok_or(Invalid::Character)
        })
        .collect::<Result<Vec<usize>, Invalid>>()?;
    let mut out = Vec::with_capacity(digits.len() / 3 * 2 + 1);
    for group in digits.chunks(3) {
        match *group {
            [c, d, e] => {
                let n = c + d * 45 + e * 2025;
                let n = u16::try_from(n).map_err(|_| Invalid::Overflow)?;
                out.extend_from_slice(&n.to_be_bytes());
            }
            [c, d] => {
                let n = u8::try_from(c + d * 45).map_err(|_| Invalid::Overflow)?;
                out.push(n);
            }
            _ => return Err(Invalid::Length),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    // The examples of RFC 9285, section 4.
    #[test]
    fn rfc_examples() {
        assert_eq!(encode(b"AB"), "BB8");
        assert_eq!(encode(b"Hello!!"), "%69 VD92EX0");
        assert_eq!(encode(b"base-45"), "UJCLQE7W581");
        assert_eq!(decode("QED8WEX0").unwrap(), b"ietf!");
        assert_eq!(encode(b""), "");
    }

    #[test]
    fn round_trip_all_byte_values_and_lengths() {
        let bytes: Vec<u8> = (0..=255u8).chain((0..=255u8).rev()).collect();
        for len in 0..bytes.len() {
            let text = encode(&bytes[..len]);
            assert_eq!(decode(&text).unwrap(), &bytes[..len], "length {len}");
        }
        assert_eq!(decode(&encode(&[0xff, 0xff])).unwrap(), [0xff, 0xff]);
    }

    #[test]
    fn rejects_invalid_text() {
        assert_eq!(decode("GGW"), Err(Invalid::Overflow));
        assert_eq!(decode("U8"), Err(Invalid::Overflow)); // 30 + 8·45 = 390 > 255
        assert_eq!(decode("BB8A"), Err(Invalid::Length));
        assert_eq!(decode("bb8"), Err(Invalid::Character));
        assert_eq!(decode("BB\u{e4}"), Err(Invalid::Character));
    }
}
