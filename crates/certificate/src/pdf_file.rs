//! Loading a finished certificate PDF back for sealing and checking, within fixed bounds: the
//! file size, and how far any stream may inflate. Small lookups shared by [`crate::pades`] and
//! [`crate::attachment`]; nothing here trusts the file.

use std::io::Read;

use lopdf::{Dictionary, Document, LoadOptions, Object, Stream};

use crate::pades::PadesError;

/// The largest PDF we seal or read. A certificate is about 30 KB; anything near this is not ours.
pub const MAX_PDF_BYTES: usize = 2 * 1024 * 1024;

/// How far a single stream may inflate while the file is parsed.
const MAX_INFLATED_BYTES: usize = 4 * 1024 * 1024;

pub(crate) fn load(pdf: &[u8]) -> Result<Document, PadesError> {
    if pdf.len() > MAX_PDF_BYTES {
        return Err(PadesError::TooLarge {
            size: pdf.len(),
            limit: MAX_PDF_BYTES,
        });
    }
    let options = LoadOptions {
        // No silent repair: what we read must be what every other reader reads.
        strict: true,
        max_decompressed_size: Some(MAX_INFLATED_BYTES),
        ..LoadOptions::default()
    };
    let document = Document::load_mem_with_options(pdf, options)
        .map_err(|error| PadesError::Malformed(format!("not a readable PDF: {error}")))?;
    if document.is_encrypted() {
        return Err(PadesError::Unsupported("encrypted PDF"));
    }
    Ok(document)
}

fn malformed(what: &str) -> PadesError {
    PadesError::Malformed(what.to_owned())
}

/// `dict[key]`, following indirect references.
pub(crate) fn get<'a>(
    document: &'a Document,
    dict: &'a Dictionary,
    key: &[u8],
) -> Result<&'a Object, PadesError> {
    let object = dict
        .get(key)
        .map_err(|_| malformed(&format!("missing /{}", String::from_utf8_lossy(key))))?;
    document
        .dereference(object)
        .map(|(_, object)| object)
        .map_err(|_| malformed(&format!("dangling /{}", String::from_utf8_lossy(key))))
}

pub(crate) fn get_dict<'a>(
    document: &'a Document,
    dict: &'a Dictionary,
    key: &[u8],
) -> Result<&'a Dictionary, PadesError> {
    get(document, dict, key)?.as_dict().map_err(|_| {
        malformed(&format!(
            "/{} is not a dictionary",
            String::from_utf8_lossy(key)
        ))
    })
}

pub(crate) fn get_name<'a>(
    document: &'a Document,
    dict: &'a Dictionary,
    key: &[u8],
) -> Result<&'a [u8], PadesError> {
    get(document, dict, key)?
        .as_name()
        .map_err(|_| malformed(&format!("/{} is not a name", String::from_utf8_lossy(key))))
}

/// The object an array element or dictionary value stands for.
pub(crate) fn resolve<'a>(
    document: &'a Document,
    object: &'a Object,
) -> Result<&'a Object, PadesError> {
    document
        .dereference(object)
        .map(|(_, object)| object)
        .map_err(|_| malformed("dangling reference"))
}

/// A PDF text string (UTF-16BE with byte order mark, or PDFDocEncoding, read as Latin-1 which
/// agrees with it for every character a file name or signer name of ours uses).
pub(crate) fn text_string(bytes: &[u8]) -> String {
    match bytes.strip_prefix(b"\xFE\xFF") {
        Some(utf16) => {
            let units: Vec<u16> = utf16
                .chunks_exact(2)
                .map(|pair| u16::from_be_bytes([pair[0], pair[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        None => bytes.iter().map(|&byte| char::from(byte)).collect(),
    }
}

/// A stream's decoded data, refusing anything that would inflate past `limit` bytes. Only the
/// filters our own writer uses (none, or Flate without predictor) are accepted.
pub(crate) fn stream_data(
    document: &Document,
    stream: &Stream,
    limit: usize,
) -> Result<Vec<u8>, PadesError> {
    let filters: Vec<&[u8]> = match stream.dict.get(b"Filter").ok() {
        None => Vec::new(),
        Some(object) => match resolve(document, object)? {
            Object::Name(name) => vec![name.as_slice()],
            Object::Array(items) => items
                .iter()
                .map(|item| item.as_name().map_err(|_| malformed("stream filter")))
                .collect::<Result<_, _>>()?,
            _ => return Err(malformed("stream filter")),
        },
    };
    if stream.dict.has(b"DecodeParms") {
        return Err(PadesError::Unsupported("stream with decode parameters"));
    }
    match filters.as_slice() {
        [] if stream.content.len() <= limit => Ok(stream.content.clone()),
        [] => Err(PadesError::Malformed("embedded file too large".to_owned())),
        [b"FlateDecode"] => {
            let mut data = Vec::new();
            flate2::read::ZlibDecoder::new(stream.content.as_slice())
                .take(limit as u64 + 1)
                .read_to_end(&mut data)
                .map_err(|error| PadesError::Malformed(format!("corrupt stream: {error}")))?;
            if data.len() > limit {
                return Err(PadesError::Malformed("embedded file too large".to_owned()));
            }
            Ok(data)
        }
        _ => Err(PadesError::Unsupported(
            "stream filter other than FlateDecode",
        )),
    }
}
