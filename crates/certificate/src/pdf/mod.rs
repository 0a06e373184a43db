//! The certificate as a PDF/A-3b document that is also tagged to PDF/UA-1: a German page and
//! its English translation, the embedded Noto Sans font, the QR code, and the certificate's
//! data attached as `bescheinigung.json`. krilla checks both standards while writing; any rule
//! it finds broken fails the rendering instead of producing a non-conforming file.
//!
//! This module writes the unsealed document only; the seal is added by [`crate::pades`].

mod berlin_time;
mod layout;
mod qr;
mod text;
mod wording;

use krilla::configure::{Accessibility, Archival, ConfigurationBuilder, ValidationError};
use krilla::destination::XyzDestination;
use krilla::embed::{AssociationKind, EmbeddedFile, MimeType};
use krilla::error::KrillaError;
use krilla::geom::Point;
use krilla::metadata::{DateTime, Metadata};
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::tagging::TagTree;
use krilla::{Document, SerializeSettings};
use time::{OffsetDateTime, UtcOffset};

use crate::attachment::{ATTACHMENT_NAME, attachment_json};
use crate::content::CertificateContent;
use layout::{PAGE_HEIGHT, PAGE_WIDTH, compose};
use wording::{Lang, page_text, short_name};

// The certificate's own wording of dates, times and parts of custody, for pages that show what
// a certificate states.
pub use berlin_time::{english_date, english_moment, german_date, german_moment};
pub use wording::{english_part_name, german_part_name};

/// Why a certificate could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("the embedded font {0} could not be read")]
    Font(&'static str),
    #[error("the font has no glyph for {0:?}; the certificate cannot print it")]
    MissingGlyph(char),
    #[error("the QR code cannot be made: {0}")]
    Qr(String),
    #[error("the certificate's text is {overflow:.0} pt too long for its page")]
    DoesNotFit { overflow: f32 },
    #[error("the layout failed: {0}")]
    Layout(&'static str),
    #[error("the data attachment cannot be written: {0}")]
    Attachment(#[from] serde_json::Error),
    /// krilla found a PDF/A-3b or PDF/UA-1 rule broken; each entry names the rule.
    #[error("the document breaks PDF/A-3b or PDF/UA-1: {}", .0.join("; "))]
    Validation(Vec<String>),
    #[error("the PDF writer failed: {0}")]
    Writer(String),
}

impl From<KrillaError> for PdfError {
    fn from(error: KrillaError) -> Self {
        match error {
            KrillaError::Validation(errors) => PdfError::Validation(
                errors
                    .into_iter()
                    .map(|(error, validators)| describe(&error, validators))
                    .collect(),
            ),
            other => PdfError::Writer(other.to_string()),
        }
    }
}

fn describe(error: &ValidationError, validators: krilla::configure::Validators) -> String {
    // krilla's errors carry fonts and locations in their Debug form; that is what identifies them.
    let mut text = format!("{error:?}");
    text.truncate(300);
    let standards: Vec<&str> = [
        validators.archival().map(|a| a.as_str()),
        validators.accessibility().map(|a| a.as_str()),
    ]
    .into_iter()
    .flatten()
    .collect();
    format!("{text} ({})", standards.join(", "))
}

/// Renders the certificate as an A4 PDF/A-3b (tagged, PDF/UA-1), German page first and its
/// English translation second, with `qr_text` as the QR code and the certificate's data
/// attached. Deterministic: the same input gives the same bytes.
pub fn render(content: &CertificateContent, qr_text: &str) -> Result<Vec<u8>, PdfError> {
    let fonts = text::Fonts::load()?;
    let qr = qr::qr_runs(qr_text)?;
    let mut document = Document::new_with(settings()?);

    let mut tree = TagTree::new().with_lang(Some(Lang::De.tag().to_owned()));
    let mut outline = Outline::new();
    let page_size =
        PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT).ok_or(PdfError::Layout("page size"))?;
    for (index, lang) in [Lang::De, Lang::En].into_iter().enumerate() {
        let text = page_text(content, lang);
        let mut page = document.start_page_with(page_size.clone());
        let mut surface = page.surface();
        let section = compose(&mut surface, &fonts, index, &text, content, &qr)?;
        surface.finish();
        page.finish();
        tree.push(section);
        outline.push_child(OutlineNode::new(
            text.outline.to_owned(),
            XyzDestination::new(index, Point::from_xy(0.0, 0.0)),
        ));
    }
    document.set_tag_tree(tree);
    document.set_outline(outline);
    document.set_metadata(metadata(content));
    document
        .embed_file(EmbeddedFile {
            path: ATTACHMENT_NAME.to_owned(),
            mime_type: MimeType::new("application/json"),
            description: Some(
                "Angaben der Bescheinigung und Inhalt des QR-Codes (JSON) / \
                 certificate data and QR code content"
                    .to_owned(),
            ),
            association_kind: AssociationKind::Data,
            data: attachment_json(content, qr_text)?.into(),
            modification_date: Some(pdf_date(content.issued_at)),
            compress: Some(true),
            location: None,
        })
        .ok_or(PdfError::Writer("attachment embedded twice".to_owned()))?;
    Ok(document.finish()?)
}

fn settings() -> Result<SerializeSettings, PdfError> {
    let configuration = ConfigurationBuilder::new()
        .with_archival_validator(Archival::A3_B)
        .with_accessibility_validator(Accessibility::UA1)
        .finish()
        .map_err(|error| PdfError::Writer(format!("{error:?}")))?;
    Ok(SerializeSettings {
        configuration,
        enable_tagging: true,
        compress_content_streams: true,
        ..SerializeSettings::default()
    })
}

fn metadata(content: &CertificateContent) -> Metadata {
    let name = short_name(&content.outcome);
    Metadata::new()
        .title(format!("{name} {}", content.number))
        .description(format!(
            "{} – § 58 Abs. 2 SGB VIII",
            wording::title(&content.outcome, Lang::De)
        ))
        .language(Lang::De.tag().to_owned())
        .authors(vec![content.issuer.name.clone()])
        .creator("Sorgeregister".to_owned())
        .creation_date(pdf_date(content.issued_at))
        .document_id(content.number.clone())
}

/// A PDF date in UTC (the offset is recorded, so readers show local time themselves).
fn pdf_date(at: OffsetDateTime) -> DateTime {
    let utc = at.to_offset(UtcOffset::UTC);
    DateTime::new(u16::try_from(utc.year()).unwrap_or(0))
        .month(u8::from(utc.month()))
        .day(utc.day())
        .hour(utc.hour())
        .minute(utc.minute())
        .second(utc.second())
        .utc_offset_hour(0)
        .utc_offset_minute(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// krilla's own checks are what stands between us and a non-conforming file: prove that a
    /// broken rule reaches the caller as `PdfError::Validation` and names the rule.
    #[test]
    fn a_broken_rule_fails_the_rendering() {
        let mut document = Document::new_with(settings().unwrap());
        document.start_page_with(PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT).unwrap());
        // No title, no language, no outline, no tags.
        let error = PdfError::from(document.finish().unwrap_err());
        let PdfError::Validation(rules) = error else {
            panic!("expected validation errors, got {error:?}");
        };
        assert!(
            rules.iter().any(|rule| rule.contains("NoDocumentTitle")),
            "{rules:?}"
        );
        assert!(
            rules
                .iter()
                .any(|rule| rule.contains("MissingDocumentOutline") && rule.contains("PDF/UA-1")),
            "{rules:?}"
        );
    }

    #[test]
    fn example_renders_without_validation_errors_and_deterministically() {
        let content = CertificateContent::example();
        let first = render(&content, "NB1:EXAMPLE").unwrap();
        let second = render(&content, "NB1:EXAMPLE").unwrap();
        assert!(first.starts_with(b"%PDF-1.7"));
        assert_eq!(first, second);
    }

    /// Rasterises page 1 and reads the QR code back module by module: placement, orientation,
    /// scale and quiet zone are what a scanner will see.
    #[test]
    fn the_printed_qr_code_is_the_symbol() {
        use qrcode::{Color, EcLevel, QrCode};
        if std::process::Command::new("pdftoppm")
            .arg("-v")
            .output()
            .is_err()
        {
            println!("SKIPPED: pdftoppm (poppler-utils) is not installed");
            return;
        }
        let qr_text = format!(
            "NB1:{}",
            "0123456789ABCDEFGHIJKLMNOPQRSTUV-$%*+./:".repeat(6)
        );
        let pdf = render(&CertificateContent::example(), &qr_text).unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("c.pdf"), &pdf).unwrap();
        let dpi = 300.0;
        let status = std::process::Command::new("pdftoppm")
            .args(["-gray", "-r", "300", "-f", "1", "-l", "1", "-singlefile"])
            .arg(dir.path().join("c.pdf"))
            .arg(dir.path().join("page"))
            .status()
            .unwrap();
        assert!(status.success());
        let pgm = std::fs::read(dir.path().join("page.pgm")).unwrap();
        let (width, pixels) = parse_pgm(&pgm);

        let code = QrCode::with_error_correction_level(qr_text.as_bytes(), EcLevel::M).unwrap();
        let modules = code.width() as i64;
        let colors = code.to_colors();
        let place = layout::qr_placement(&qr::qr_runs(&qr_text).unwrap());
        assert!(
            place.module * modules as f32 >= 35.0 * 72.0 / 25.4,
            "symbol narrower than 35 mm"
        );
        let quiet = qr::QUIET_ZONE as i64;
        for row in -quiet..modules + quiet {
            for column in -quiet..modules + quiet {
                let x = (place.x + (column as f32 + 0.5) * place.module) * dpi / 72.0;
                let y = (place.y + (row as f32 + 0.5) * place.module) * dpi / 72.0;
                let dark = pixels[y as usize * width + x as usize] < 128;
                let inside = (0..modules).contains(&row) && (0..modules).contains(&column);
                let expected = inside && colors[(row * modules + column) as usize] == Color::Dark;
                assert_eq!(dark, expected, "module row {row}, column {column}");
            }
        }
    }

    fn parse_pgm(bytes: &[u8]) -> (usize, &[u8]) {
        // "P5\n<width> <height>\n255\n" then one byte per pixel.
        let mut fields = Vec::new();
        let mut position = 0;
        while fields.len() < 4 {
            while bytes[position].is_ascii_whitespace() {
                position += 1;
            }
            let start = position;
            while !bytes[position].is_ascii_whitespace() {
                position += 1;
            }
            fields.push(
                std::str::from_utf8(&bytes[start..position])
                    .unwrap()
                    .to_owned(),
            );
        }
        assert_eq!(fields[0], "P5");
        assert_eq!(fields[3], "255");
        let width: usize = fields[1].parse().unwrap();
        let height: usize = fields[2].parse().unwrap();
        let pixels = &bytes[position + 1..];
        assert_eq!(pixels.len(), width * height);
        (width, pixels)
    }

    #[test]
    fn a_name_the_font_cannot_show_is_refused() {
        let mut content = CertificateContent::example();
        content.child.given_names = "美咲".into();
        assert!(matches!(
            render(&content, "x"),
            Err(PdfError::MissingGlyph('美'))
        ));
    }
}
