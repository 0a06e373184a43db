//! Reading the seal back: the signature dictionary that reaches furthest into the file, checked
//! so that the only unsigned bytes are its own `/Contents` hex string and nothing follows the
//! signed range. Returns what the signature covers; whether the signature is good is for the
//! caller (the `seal` crate) to decide.

use lopdf::{Dictionary, Document, Object};
use sha2::{Digest, Sha256};

use super::PadesError;
use super::der::sequence_len;
use crate::pdf_file::{get, get_dict, get_name, load, resolve, text_string};

/// Signature fields we look at before giving up; a certificate has one.
const MAX_FIELDS: usize = 64;
const MAX_FIELD_DEPTH: usize = 4;

/// What a seal covers and the seal itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealedParts {
    /// The bytes the signature covers: the whole file without the `/Contents` value.
    pub signed_bytes: Vec<u8>,
    /// The CMS SignedData, DER, without the zero padding of `/Contents`.
    pub cms_der: Vec<u8>,
    /// `/ByteRange` as written: start and length of the two signed ranges.
    pub byte_range: [usize; 4],
    /// `/Name` of the signature dictionary; informational, the certificate in the CMS counts.
    pub signer_name: Option<String>,
}

impl SealedParts {
    /// SHA-256 of the signed bytes: what the CMS's message-digest attribute must equal.
    pub fn digest(&self) -> [u8; 32] {
        Sha256::digest(&self.signed_bytes).into()
    }
}

/// Finds the seal in a certificate PDF and the exact bytes it covers. Refuses a file with bytes
/// after the signed range (a later, unsigned update), a range that leaves anything but the
/// signature's own hex string unsigned, and any signature type but `ETSI.CAdES.detached`.
pub fn read(pdf: &[u8]) -> Result<SealedParts, PadesError> {
    let document = load(pdf)?;
    let catalog = document
        .catalog()
        .map_err(|_| PadesError::Malformed("no document catalog".to_owned()))?;
    let form = get_dict(&document, catalog, b"AcroForm").map_err(|_| PadesError::NotSealed)?;
    let fields = get(&document, form, b"Fields")
        .map_err(|_| PadesError::NotSealed)?
        .as_array()
        .map_err(|_| PadesError::Malformed("/AcroForm /Fields".to_owned()))?;
    let mut signatures = Vec::new();
    collect_signatures(&document, fields, 0, &mut signatures)?;

    // The seal applied last is the one whose range reaches furthest.
    let mut latest: Option<(&Dictionary, [usize; 4])> = None;
    for signature in signatures {
        let range = byte_range(&document, signature)?;
        let end = range[2].saturating_add(range[3]);
        if latest.is_none_or(|(_, best)| best[2].saturating_add(best[3]) < end) {
            latest = Some((signature, range));
        }
    }
    let (signature, range) = latest.ok_or(PadesError::NotSealed)?;

    if get_name(&document, signature, b"Filter")? != b"Adobe.PPKLite"
        || get_name(&document, signature, b"SubFilter")? != b"ETSI.CAdES.detached"
    {
        return Err(PadesError::Unsupported(
            "a signature other than ETSI.CAdES.detached",
        ));
    }
    let gap = check_range(pdf, range)?;
    let contents = decode_hex(&pdf[gap.start + 1..gap.end - 1]);
    let declared = get(&document, signature, b"Contents")?
        .as_str()
        .map_err(|_| PadesError::Malformed("/Contents is not a string".to_owned()))?;
    if contents != declared {
        return Err(PadesError::ByteRange(
            "the unsigned gap is not this signature's /Contents",
        ));
    }
    let der_len = sequence_len(&contents).ok_or(PadesError::NotDer)?;
    if contents[der_len..].iter().any(|&byte| byte != 0) {
        return Err(PadesError::NotDer);
    }

    let mut signed_bytes = Vec::with_capacity(pdf.len() - gap.len());
    signed_bytes.extend_from_slice(&pdf[..gap.start]);
    signed_bytes.extend_from_slice(&pdf[gap.end..]);
    let signer_name = signature
        .get(b"Name")
        .ok()
        .and_then(|name| resolve(&document, name).ok())
        .and_then(|name| name.as_str().ok())
        .map(text_string);
    Ok(SealedParts {
        signed_bytes,
        cms_der: contents[..der_len].to_vec(),
        byte_range: range,
        signer_name,
    })
}

fn collect_signatures<'a>(
    document: &'a Document,
    fields: &'a [Object],
    depth: usize,
    found: &mut Vec<&'a Dictionary>,
) -> Result<(), PadesError> {
    if depth > MAX_FIELD_DEPTH {
        return Err(PadesError::Malformed(
            "form fields nested too deep".to_owned(),
        ));
    }
    for field in fields {
        if found.len() >= MAX_FIELDS {
            return Err(PadesError::Unsupported(
                "more signature fields than a certificate has",
            ));
        }
        let field = resolve(document, field)?
            .as_dict()
            .map_err(|_| PadesError::Malformed("form field".to_owned()))?;
        if get_name(document, field, b"FT").ok() == Some(b"Sig".as_slice()) && field.has(b"V") {
            found.push(get_dict(document, field, b"V")?);
        }
        if let Ok(kids) = get(document, field, b"Kids") {
            let kids = kids
                .as_array()
                .map_err(|_| PadesError::Malformed("form field /Kids".to_owned()))?;
            collect_signatures(document, kids, depth + 1, found)?;
        }
    }
    Ok(())
}

fn byte_range(document: &Document, signature: &Dictionary) -> Result<[usize; 4], PadesError> {
    let items = get(document, signature, b"ByteRange")?
        .as_array()
        .map_err(|_| PadesError::ByteRange("not an array"))?;
    let numbers: Vec<usize> = items
        .iter()
        .map(|item| {
            item.as_i64()
                .ok()
                .and_then(|number| usize::try_from(number).ok())
                .ok_or(PadesError::ByteRange("not four non-negative integers"))
        })
        .collect::<Result<_, _>>()?;
    numbers
        .try_into()
        .map_err(|_| PadesError::ByteRange("not four non-negative integers"))
}

/// Checks that the two ranges cover the file from its first to its last byte, leaving out
/// exactly one hex string; returns that string's span including `<` and `>`.
fn check_range(pdf: &[u8], range: [usize; 4]) -> Result<std::ops::Range<usize>, PadesError> {
    let [start, first_len, second_start, second_len] = range;
    if start != 0 {
        return Err(PadesError::ByteRange(
            "does not start at the beginning of the file",
        ));
    }
    let end = second_start
        .checked_add(second_len)
        .ok_or(PadesError::ByteRange("out of bounds"))?;
    if end > pdf.len() {
        return Err(PadesError::ByteRange("reaches past the end of the file"));
    }
    if end < pdf.len() {
        return Err(PadesError::UnsignedTail(pdf.len() - end));
    }
    if first_len == 0 || second_start < first_len.saturating_add(2) {
        return Err(PadesError::ByteRange("the ranges overlap or leave no gap"));
    }
    let gap = first_len..second_start;
    let inner = &pdf[gap.start + 1..gap.end - 1];
    if pdf[gap.start] != b'<'
        || pdf[gap.end - 1] != b'>'
        || !inner.len().is_multiple_of(2)
        || !inner.iter().all(u8::is_ascii_hexdigit)
    {
        return Err(PadesError::ByteRange(
            "the unsigned gap is not exactly one hex string",
        ));
    }
    Ok(gap)
}

fn decode_hex(hex: &[u8]) -> Vec<u8> {
    fn value(digit: u8) -> u8 {
        match digit {
            b'0'..=b'9' => digit - b'0',
            b'a'..=b'f' => digit - b'a' + 10,
            _ => digit.wrapping_sub(b'A').wrapping_add(10),
        }
    }
    hex.chunks_exact(2)
        .map(|pair| value(pair[0]) << 4 | value(pair[1]))
        .collect()
}
