//! The certificate's data inside its own PDF: `bescheinigung.json`, a PDF/A-3 associated file
//! holding `{"content": …, "qr": "…"}`. Written by [`crate::pdf::render`], read back here.
//! Reading does not check the seal; call [`crate::pades::read`] and verify it first.

use serde::{Deserialize, Serialize};

use crate::content::CertificateContent;
use crate::pades::PadesError;
use crate::pdf_file::{get, get_dict, load, resolve, stream_data, text_string};

/// The file name of the attachment inside the PDF.
pub const ATTACHMENT_NAME: &str = "bescheinigung.json";

/// Far more than the JSON of any certificate (about 1 KB).
const MAX_ATTACHMENT_BYTES: usize = 64 * 1024;

/// How deep a name tree may nest before we stop looking.
const MAX_TREE_DEPTH: usize = 8;

#[derive(Serialize)]
struct Written<'a> {
    content: &'a CertificateContent,
    qr: &'a str,
}

#[derive(Deserialize)]
struct Read {
    content: CertificateContent,
    qr: String,
}

pub(crate) fn attachment_json(
    content: &CertificateContent,
    qr_text: &str,
) -> Result<Vec<u8>, serde_json::Error> {
    serde_json::to_vec_pretty(&Written {
        content,
        qr: qr_text,
    })
}

/// The certificate content and QR text attached to a certificate PDF.
pub fn attachment(pdf: &[u8]) -> Result<(CertificateContent, String), PadesError> {
    let document = load(pdf)?;
    let catalog = document
        .catalog()
        .map_err(|_| PadesError::Malformed("no document catalog".to_owned()))?;
    let names = get_dict(&document, catalog, b"Names").map_err(|_| PadesError::NoAttachment)?;
    let tree =
        get_dict(&document, names, b"EmbeddedFiles").map_err(|_| PadesError::NoAttachment)?;
    let spec = find(&document, tree, 0)?.ok_or(PadesError::NoAttachment)?;
    let files = get_dict(&document, spec, b"EF")?;
    let stream = get(&document, files, b"F")?
        .as_stream()
        .map_err(|_| PadesError::Malformed("embedded file is not a stream".to_owned()))?;
    let json = stream_data(&document, stream, MAX_ATTACHMENT_BYTES)?;
    let read: Read = serde_json::from_slice(&json).map_err(PadesError::AttachmentJson)?;
    Ok((read.content, read.qr))
}

/// The file specification named [`ATTACHMENT_NAME`] in an embedded-files name tree.
fn find<'a>(
    document: &'a lopdf::Document,
    node: &'a lopdf::Dictionary,
    depth: usize,
) -> Result<Option<&'a lopdf::Dictionary>, PadesError> {
    if depth > MAX_TREE_DEPTH {
        return Err(PadesError::Malformed("name tree too deep".to_owned()));
    }
    if let Ok(pairs) = get(document, node, b"Names") {
        let pairs = pairs
            .as_array()
            .map_err(|_| PadesError::Malformed("name tree /Names".to_owned()))?;
        for pair in pairs.chunks_exact(2) {
            let key = resolve(document, &pair[0])?.as_str().unwrap_or_default();
            if text_string(key) == ATTACHMENT_NAME {
                let spec = resolve(document, &pair[1])?
                    .as_dict()
                    .map_err(|_| PadesError::Malformed("file specification".to_owned()))?;
                return Ok(Some(spec));
            }
        }
    }
    if let Ok(kids) = get(document, node, b"Kids") {
        let kids = kids
            .as_array()
            .map_err(|_| PadesError::Malformed("name tree /Kids".to_owned()))?;
        for kid in kids {
            let kid = resolve(document, kid)?
                .as_dict()
                .map_err(|_| PadesError::Malformed("name tree node".to_owned()))?;
            if let Some(spec) = find(document, kid, depth + 1)? {
                return Ok(Some(spec));
            }
        }
    }
    Ok(None)
}
