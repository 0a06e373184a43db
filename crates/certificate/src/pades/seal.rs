//! Writing the seal. The original file stays byte for byte as it was (PDF/A allows incremental
//! updates); appended are: the signature dictionary, an invisible signature widget on page 1,
//! the page with the widget in its `/Annots`, the catalog with an `/AcroForm` (`/SigFlags 3`),
//! and — because the document is tagged — a `Form` structure element for the widget together
//! with the structure objects that point to it. Then a classic cross-reference section and a
//! trailer that chains to the original one.

use std::collections::BTreeMap;
use std::io::Write;

use lopdf::xref::XrefType;
use lopdf::{Dictionary, Document, Object, ObjectId, Writer};
use sha2::{Digest, Sha256};
use time::{OffsetDateTime, UtcOffset};

use super::der::sequence_len;
use super::{PadesError, SIGNATURE_CAPACITY};
use crate::pdf_file::{MAX_PDF_BYTES, load, resolve};

/// Four integers, wide enough for any file we accept; patched once the offsets are known.
const BYTE_RANGE_PLACEHOLDER: &[u8] = b"[0 0000000000 0000000000 0000000000]";

/// Print + Locked: PDF/A wants annotations printable; nobody should move the seal's widget.
const WIDGET_FLAGS: i64 = 4 | 128;

/// Seals `pdf` (as written by [`crate::pdf::render`]): appends the signature field, hands the
/// SHA-256 digest of the byte ranges to `sign`, and embeds the CMS SignedData (DER) that `sign`
/// returns. `signing_time` is the claimed signing time (`/M`); PAdES keeps it out of the CMS.
/// Deterministic: the same input gives the same bytes, and so the same digest.
pub fn seal<E>(
    pdf: &[u8],
    signer_name: &str,
    signing_time: OffsetDateTime,
    sign: impl FnOnce(&[u8; 32]) -> Result<Vec<u8>, E>,
) -> Result<Vec<u8>, PadesError>
where
    E: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let document = load(pdf)?;
    let update = plan(&document)?;
    let (mut out, holes) = write(pdf, &document, &update, signer_name, signing_time)?;
    if out.len() > MAX_PDF_BYTES {
        return Err(PadesError::TooLarge {
            size: out.len(),
            limit: MAX_PDF_BYTES,
        });
    }

    let contents = holes.contents;
    let byte_range = format!(
        "[0 {} {} {}",
        contents.start,
        contents.end,
        out.len() - contents.end
    );
    let mut patched = byte_range.into_bytes();
    if patched.len() >= BYTE_RANGE_PLACEHOLDER.len() {
        return Err(PadesError::TooLarge {
            size: out.len(),
            limit: MAX_PDF_BYTES,
        });
    }
    patched.resize(BYTE_RANGE_PLACEHOLDER.len() - 1, b' ');
    patched.push(b']');
    out[holes.byte_range].copy_from_slice(&patched);

    let mut hasher = Sha256::new();
    hasher.update(&out[..contents.start]);
    hasher.update(&out[contents.end..]);
    let digest: [u8; 32] = hasher.finalize().into();

    let cms = sign(&digest).map_err(|error| PadesError::Signer(error.into()))?;
    if sequence_len(&cms) != Some(cms.len()) {
        return Err(PadesError::NotDer);
    }
    if cms.len() > SIGNATURE_CAPACITY {
        return Err(PadesError::SignatureTooLarge {
            size: cms.len(),
            capacity: SIGNATURE_CAPACITY,
        });
    }
    let hex = hex_upper(&cms);
    out[contents.start + 1..contents.start + 1 + hex.len()].copy_from_slice(hex.as_bytes());
    Ok(out)
}

/// The objects the update adds or replaces.
struct Update {
    /// Every changed or new object except the signature dictionary, which is written by hand.
    objects: BTreeMap<ObjectId, Object>,
    signature: ObjectId,
    /// The trailer's new `/Size`.
    size: u32,
}

fn malformed(what: &str) -> PadesError {
    PadesError::Malformed(what.to_owned())
}

fn dictionary(document: &Document, id: ObjectId, what: &str) -> Result<Dictionary, PadesError> {
    document
        .get_dictionary(id)
        .cloned()
        .map_err(|_| malformed(what))
}

fn name(value: &str) -> Object {
    Object::Name(value.as_bytes().to_vec())
}

fn plan(document: &Document) -> Result<Update, PadesError> {
    if !matches!(
        document.reference_table.cross_reference_type,
        XrefType::CrossReferenceTable
    ) {
        return Err(PadesError::Unsupported("cross-reference streams"));
    }
    let catalog_id = document
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|_| malformed("no /Root in the trailer"))?;
    let mut catalog = dictionary(document, catalog_id, "catalog")?;
    if catalog.has(b"AcroForm") {
        return Err(PadesError::AlreadySealed);
    }
    let page_id = *document
        .get_pages()
        .values()
        .next()
        .ok_or_else(|| malformed("no pages"))?;
    let mut page = dictionary(document, page_id, "page 1")?;

    let declared_size = document
        .trailer
        .get(b"Size")
        .and_then(Object::as_i64)
        .ok()
        .and_then(|size| u32::try_from(size).ok())
        .unwrap_or(0);
    let first_free = declared_size.max(document.max_id.saturating_add(1));
    let new_id = |offset: u32| -> Result<ObjectId, PadesError> {
        first_free
            .checked_add(offset)
            .map(|number| (number, 0))
            .ok_or_else(|| malformed("object numbers exhausted"))
    };
    let signature = new_id(0)?;
    let widget_id = new_id(1)?;
    let form_element = new_id(2)?;

    let mut objects = BTreeMap::new();
    let mut widget = Dictionary::new();
    widget.set("Type", name("Annot"));
    widget.set("Subtype", name("Widget"));
    widget.set("FT", name("Sig"));
    widget.set("T", Object::string_literal("Siegel"));
    // PDF/UA: a form field needs a name for assistive technology.
    widget.set(
        "TU",
        lopdf::text_string("Elektronisches Siegel des ausstellenden Jugendamts"),
    );
    widget.set("V", Object::Reference(signature));
    // Zero-sized and so invisible; PDF/A then needs no appearance stream.
    widget.set("Rect", vec![0.into(), 0.into(), 0.into(), 0.into()]);
    widget.set("F", WIDGET_FLAGS);
    widget.set("P", Object::Reference(page_id));

    let size = if catalog.has(b"StructTreeRoot") {
        tag_widget(
            document,
            &catalog,
            page_id,
            widget_id,
            form_element,
            &mut widget,
            &mut objects,
        )?;
        form_element.0 + 1
    } else {
        widget_id.0 + 1
    };

    let mut annotations = match page.get(b"Annots") {
        Ok(annots) => resolve(document, annots)?
            .as_array()
            .map_err(|_| malformed("page /Annots"))?
            .clone(),
        Err(_) => Vec::new(),
    };
    annotations.push(Object::Reference(widget_id));
    page.set("Annots", annotations);
    // PDF/UA: pages with annotations give the tab order by structure.
    page.set("Tabs", name("S"));

    let mut form = Dictionary::new();
    form.set("Fields", vec![Object::Reference(widget_id)]);
    // SignaturesExist | AppendOnly
    form.set("SigFlags", 3);
    catalog.set("AcroForm", form);

    objects.insert(widget_id, Object::Dictionary(widget));
    objects.insert(page_id, Object::Dictionary(page));
    objects.insert(catalog_id, Object::Dictionary(catalog));
    Ok(Update {
        objects,
        signature,
        size,
    })
}

/// Hangs the widget into the structure tree as a `Form` element (PDF/UA: every annotation is
/// tagged), registering it in the parent tree under a fresh `/StructParent` key.
fn tag_widget(
    document: &Document,
    catalog: &Dictionary,
    page_id: ObjectId,
    widget_id: ObjectId,
    form_element: ObjectId,
    widget: &mut Dictionary,
    objects: &mut BTreeMap<ObjectId, Object>,
) -> Result<(), PadesError> {
    let root_id = catalog
        .get(b"StructTreeRoot")
        .and_then(Object::as_reference)
        .map_err(|_| {
            PadesError::Unsupported("a structure tree root that is not an indirect object")
        })?;
    let mut root = dictionary(document, root_id, "structure tree root")?;

    let (parent_tree_id, mut parent_tree) = match root.get(b"ParentTree") {
        Ok(Object::Reference(id)) => (Some(*id), dictionary(document, *id, "parent tree")?),
        Ok(Object::Dictionary(tree)) => (None, tree.clone()),
        Ok(_) => return Err(malformed("parent tree")),
        Err(_) => (None, Dictionary::new()),
    };
    if parent_tree.has(b"Kids") {
        return Err(PadesError::Unsupported(
            "a parent tree with intermediate nodes",
        ));
    }
    let mut numbers = match parent_tree.get(b"Nums") {
        Ok(numbers) => resolve(document, numbers)?
            .as_array()
            .map_err(|_| malformed("parent tree /Nums"))?
            .clone(),
        Err(_) => Vec::new(),
    };
    let highest = numbers
        .chunks(2)
        .filter_map(|pair| pair[0].as_i64().ok())
        .max();
    let declared_next = root
        .get(b"ParentTreeNextKey")
        .and_then(Object::as_i64)
        .unwrap_or(0);
    // Keys must stay sorted: the new one goes after every existing one.
    let key = declared_next.max(highest.map_or(0, |highest| highest + 1));
    numbers.push(key.into());
    numbers.push(Object::Reference(form_element));
    parent_tree.set("Nums", numbers);
    root.set("ParentTreeNextKey", key + 1);
    match parent_tree_id {
        Some(id) => {
            objects.insert(id, Object::Dictionary(parent_tree));
        }
        None => root.set("ParentTree", parent_tree),
    }

    let document_element = match root.get(b"K") {
        Ok(Object::Reference(id)) => *id,
        Ok(Object::Array(kids)) if kids.len() == 1 => kids[0]
            .as_reference()
            .map_err(|_| malformed("structure tree root /K"))?,
        _ => {
            return Err(PadesError::Unsupported(
                "a structure tree without one root element",
            ));
        }
    };
    let mut element = dictionary(document, document_element, "document structure element")?;
    let mut kids = match element.get(b"K") {
        Ok(Object::Array(kids)) => kids.clone(),
        Ok(kid) => vec![kid.clone()],
        Err(_) => Vec::new(),
    };
    kids.push(Object::Reference(form_element));
    element.set("K", kids);

    let mut object_reference = Dictionary::new();
    object_reference.set("Type", name("OBJR"));
    object_reference.set("Obj", Object::Reference(widget_id));
    object_reference.set("Pg", Object::Reference(page_id));
    let mut form = Dictionary::new();
    form.set("Type", name("StructElem"));
    form.set("S", name("Form"));
    form.set("P", Object::Reference(document_element));
    form.set("Pg", Object::Reference(page_id));
    form.set("K", object_reference);
    form.set(
        "Alt",
        lopdf::text_string("Elektronisches Siegel des ausstellenden Jugendamts"),
    );
    widget.set("StructParent", key);

    objects.insert(root_id, Object::Dictionary(root));
    objects.insert(document_element, Object::Dictionary(element));
    objects.insert(form_element, Object::Dictionary(form));
    Ok(())
}

/// Where the placeholders ended up in the output.
struct Holes {
    byte_range: std::ops::Range<usize>,
    /// The `/Contents` hex string including its angle brackets.
    contents: std::ops::Range<usize>,
}

fn io_error(error: impl std::fmt::Display) -> PadesError {
    PadesError::Malformed(format!("cannot write the update: {error}"))
}

fn write(
    pdf: &[u8],
    document: &Document,
    update: &Update,
    signer_name: &str,
    signing_time: OffsetDateTime,
) -> Result<(Vec<u8>, Holes), PadesError> {
    if document.xref_start == 0 {
        return Err(malformed("no startxref"));
    }
    let mut out = Vec::with_capacity(pdf.len() + 2 * SIGNATURE_CAPACITY + 8192);
    out.extend_from_slice(pdf);
    if !out.ends_with(b"\n") {
        out.push(b'\n');
    }

    let mut offsets = BTreeMap::new();
    for (&(number, generation), object) in &update.objects {
        offsets.insert((number, generation), out.len());
        writeln!(out, "{number} {generation} obj").map_err(io_error)?;
        Writer::write_object(&mut out, object).map_err(io_error)?;
        out.extend_from_slice(b"\nendobj\n");
    }

    // The signature dictionary by hand, so that we know where its placeholders are.
    let (number, generation) = update.signature;
    offsets.insert(update.signature, out.len());
    write!(
        out,
        "{number} {generation} obj\n<< /Type /Sig /Filter /Adobe.PPKLite \
         /SubFilter /ETSI.CAdES.detached /Name {} /M ({}) /ByteRange ",
        hex_text_string(signer_name),
        pdf_date(signing_time)?
    )
    .map_err(io_error)?;
    let byte_range_start = out.len();
    out.extend_from_slice(BYTE_RANGE_PLACEHOLDER);
    let byte_range = byte_range_start..out.len();
    out.extend_from_slice(b" /Contents ");
    let contents_start = out.len();
    out.push(b'<');
    out.resize(out.len() + 2 * SIGNATURE_CAPACITY, b'0');
    out.push(b'>');
    let contents = contents_start..out.len();
    out.extend_from_slice(b" >>\nendobj\n");

    let xref_start = out.len();
    out.extend_from_slice(b"xref\n");
    let entries: Vec<(ObjectId, usize)> = offsets.into_iter().collect();
    for run in entries.chunk_by(|a, b| b.0.0 == a.0.0 + 1) {
        writeln!(out, "{} {}", run[0].0.0, run.len()).map_err(io_error)?;
        for ((_, generation), offset) in run {
            writeln!(out, "{offset:010} {generation:05} n ").map_err(io_error)?;
        }
    }
    let mut trailer = document.trailer.clone();
    trailer.remove(b"XRefStm");
    trailer.set("Size", i64::from(update.size.max(update.signature.0 + 1)));
    trailer.set(
        "Prev",
        i64::try_from(document.xref_start).map_err(|_| malformed("startxref"))?,
    );
    out.extend_from_slice(b"trailer\n");
    Writer::write_object(&mut out, &Object::Dictionary(trailer)).map_err(io_error)?;
    write!(out, "\nstartxref\n{xref_start}\n%%EOF\n").map_err(io_error)?;
    Ok((
        out,
        Holes {
            byte_range,
            contents,
        },
    ))
}

/// A PDF text string as UTF-16BE hex with byte order mark: no escaping to get wrong.
fn hex_text_string(text: &str) -> String {
    let mut bytes = vec![0xFE, 0xFF];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    format!("<{}>", hex_upper(&bytes))
}

fn hex_upper(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    let mut hex = String::with_capacity(bytes.len() * 2);
    for &byte in bytes {
        hex.push(char::from(DIGITS[usize::from(byte >> 4)]));
        hex.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
    }
    hex
}

/// `D:20261129101542+00'00'`
fn pdf_date(at: OffsetDateTime) -> Result<String, PadesError> {
    let utc = at.to_offset(UtcOffset::UTC);
    if !(0..=9999).contains(&utc.year()) {
        return Err(malformed("signing time out of range"));
    }
    Ok(format!(
        "D:{:04}{:02}{:02}{:02}{:02}{:02}+00'00'",
        utc.year(),
        u8::from(utc.month()),
        utc.day(),
        utc.hour(),
        utc.minute(),
        utc.second()
    ))
}
