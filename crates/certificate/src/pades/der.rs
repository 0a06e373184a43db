//! Just enough DER to know where a CMS structure ends: `/Contents` is padded with zeros, and
//! only the outer tag's length says how much of it is the signature.

/// The total length (header and body) of the DER SEQUENCE at the start of `bytes`, if it is
/// one with a definite length that fits in `bytes`.
pub(crate) fn sequence_len(bytes: &[u8]) -> Option<usize> {
    let (&tag, rest) = bytes.split_first()?;
    if tag != 0x30 {
        return None;
    }
    let (&first, rest) = rest.split_first()?;
    let (header, body) = match first {
        0..=0x7f => (2, usize::from(first)),
        // DER uses the fewest length octets: one for 128..=255, and never a leading zero.
        0x81..=0x84 => {
            let count = usize::from(first & 0x7f);
            let octets = rest.get(..count)?;
            if octets[0] == 0 || (count == 1 && octets[0] < 0x80) {
                return None;
            }
            let body = octets.iter().try_fold(0usize, |len, &octet| {
                len.checked_mul(256)?.checked_add(usize::from(octet))
            })?;
            (2 + count, body)
        }
        // 0x80 is the indefinite length BER allows and DER forbids.
        _ => return None,
    };
    let total = header.checked_add(body)?;
    (total <= bytes.len()).then_some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths() {
        assert_eq!(sequence_len(&[0x30, 0x00]), Some(2));
        assert_eq!(sequence_len(&[0x30, 0x02, 1, 2, 0, 0]), Some(4));
        let mut long = vec![0x30, 0x82, 0x01, 0x00];
        long.extend(vec![7; 256]);
        assert_eq!(sequence_len(&long), Some(260));
        long.truncate(259);
        assert_eq!(sequence_len(&long), None, "body shorter than its length");
        assert_eq!(sequence_len(&[0x31, 0x00]), None, "not a SEQUENCE");
        assert_eq!(sequence_len(&[0x30, 0x80, 0, 0]), None, "indefinite length");
        assert_eq!(
            sequence_len(&[0x30, 0x81, 0x05, 1, 2, 3, 4, 5]),
            None,
            "not minimal"
        );
        assert_eq!(
            sequence_len(&[0x30, 0x82, 0x00, 0x81]),
            None,
            "leading zero"
        );
        assert_eq!(sequence_len(&[]), None);
    }
}
