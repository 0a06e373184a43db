//! The rendered certificate: its extracted text (golden phrases), the attachment, metadata,
//! and that the worst realistic content still fits.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use certificate::{CertificateContent, PdfError, attachment, render};
use common::{flat, longest, partial, pdftotext, qr_text};
use domain::register::CustodyPart;
use time::macros::datetime;

fn assert_has(text: &str, phrases: &[&str]) {
    for phrase in phrases {
        assert!(text.contains(phrase), "missing {phrase:?} in:\n{text}");
    }
}

#[test]
fn negative_certificate_text() {
    let pdf = render(&CertificateContent::example(), &qr_text()).unwrap();
    println!("negative certificate: {} bytes", pdf.len());
    let Some(text) = pdftotext(&pdf) else { return };
    // Whole lines, as -layout prints them.
    assert!(
        text.lines().any(
            |line| line.trim_start().starts_with("Vornamen:") && line.ends_with("Sophia Marie")
        )
    );
    assert!(text.lines().any(|line| line.contains("Rechtsgrundlage:") && line.ends_with("§ 58 Abs. 2 SGB VIII")));
    let text = flat(&text);
    assert_has(
        &text,
        &[
            "Amt für Soziale Dienste Bremen – Jugendamt",
            "Contrescarpe 73 · 28195 Bremen",
            "Bescheinigung über das Nichtvorliegen von Eintragungen im Sorgeregister (Negativbescheinigung)",
            "nach § 58 Abs. 2 SGB VIII",
            "Auskunft des Sorgeregisters beim Landkreis Cuxhaven – Jugendamt",
            "keine Eintragungen",
            "Vornamen: Sophia Marie",
            "Familienname bei Geburt: Schäfer",
            "Geburtsdatum: 14.03.2024",
            "Geburtsort: Cuxhaven",
            "Name: Anna Schäfer",
            "Geburtsdatum: 02.07.1995",
            "Bescheinigungsnummer: NB-2026-7K3M-Q9TX-8",
            // 10:15:42 UTC in November is 11:15:42 CET.
            "Ausgestellt am: 29.11.2026, 11:15:42 Uhr (MEZ)",
            "Stand des Sorgeregisters: 29.11.2026, 11:15:41 Uhr (MEZ)",
            "Rechtsgrundlage: § 58 Abs. 2 SGB VIII",
            "automatisiert erstellt",
            "elektronischen Siegel",
            "ohne Unterschrift gültig",
            "Echtheit prüfen",
            "https://sorgeregister.example/pruefen",
            "die Bescheinigungsnummer NB-2026-7K3M-Q9TX-8 ein",
            // The translation.
            "Certificate of no entries in the custody register (negative certificate)",
            "The German text on page 1 is binding",
            "Date of birth: 14 March 2024",
            "Issued on: 29 November 2026, 11:15:42 (CET, German time)",
            "Register as of: 29 November 2026, 11:15:41 (CET, German time)",
            "valid without a signature",
        ],
    );
    assert!(!text.contains("Teilbescheinigung"));
    assert!(!text.contains("Aufenthaltsbestimmung"));
}

#[test]
fn partial_certificate_names_the_parts_and_only_those() {
    let content = partial(vec![CustodyPart::Health, CustodyPart::Residence]);
    let pdf = render(&content, &qr_text()).unwrap();
    let Some(text) = pdftotext(&pdf) else { return };
    let text = flat(&text);
    assert_has(
        &text,
        &[
            "Bescheinigung über das Nichtvorliegen von Eintragungen im Sorgeregister (Teilbescheinigung)",
            "Eintragungen nur für folgende Teilbereiche der elterlichen Sorge vorhanden:",
            "• Aufenthaltsbestimmung • Gesundheitssorge",
            "Für alle übrigen Bereiche der elterlichen Sorge liegen keine Eintragungen vor.",
            "Sophia Marie",
            "NB-2026-7K3M-Q9TX-8",
            "§ 58 Abs. 2 SGB VIII",
            "Certificate of no entries in the custody register (partial certificate)",
            "• determining the child's residence • health care",
            "There are no entries for any other part of parental custody.",
        ],
    );
    for absent in [
        "Negativbescheinigung",
        "Vermögenssorge",
        "religiöse Erziehung",
    ] {
        assert!(!text.contains(absent), "{absent} should not appear");
    }
}

#[test]
fn summer_time_is_printed_as_cest() {
    let mut content = CertificateContent::example();
    content.issued_at = datetime!(2026-07-01 22:30:05 UTC);
    content.register_as_of = datetime!(2026-07-01 22:30:04 UTC);
    let pdf = render(&content, &qr_text()).unwrap();
    let Some(text) = pdftotext(&pdf) else { return };
    let text = flat(&text);
    assert_has(
        &text,
        &[
            "Ausgestellt am: 02.07.2026, 00:30:05 Uhr (MESZ)",
            "Issued on: 2 July 2026, 00:30:05 (CEST, German time)",
        ],
    );
}

#[test]
fn every_part_has_its_german_name() {
    let content = partial(vec![
        CustodyPart::Residence,
        CustodyPart::Health,
        CustodyPart::Schooling,
        CustodyPart::Assets,
        CustodyPart::Authorities,
        CustodyPart::Religion,
        CustodyPart::Other,
    ]);
    let pdf = render(&content, &qr_text()).unwrap();
    let Some(text) = pdftotext(&pdf) else { return };
    assert_has(
        &flat(&text),
        &[
            "• Aufenthaltsbestimmung • Gesundheitssorge • schulische Angelegenheiten • \
             Vermögenssorge • Behördenangelegenheiten • religiöse Erziehung • sonstige \
             Angelegenheiten",
        ],
    );
}

/// Long names, a long address, all seven parts and a long QR payload still fit on the page.
#[test]
fn the_longest_realistic_certificate_fits() {
    let content = longest();
    let long_qr = format!("NB1:{}", "X".repeat(600));
    let pdf = render(&content, &long_qr).unwrap();
    let Some(text) = pdftotext(&pdf) else { return };
    let text = flat(&text);
    assert_has(
        &text,
        &[
            "Maximiliane Charlotte Josephine Anna-Lena Marie-Luise",
            "von Hohenzollern-Sigmaringen-Schwarzenberg",
            "sonstige Angelegenheiten",
            "Leutheusser-Schnarrenberger",
        ],
    );
}

#[test]
fn content_too_long_for_one_page_is_an_error_not_an_overlap() {
    let mut content = CertificateContent::example();
    content.child.birth_place = Some("Ort ".repeat(400));
    assert!(matches!(
        render(&content, &qr_text()),
        Err(PdfError::DoesNotFit { .. })
    ));
}

#[test]
fn attachment_round_trip() {
    for content in [
        CertificateContent::example(),
        partial(vec![CustodyPart::Religion]),
    ] {
        let qr = qr_text();
        let pdf = render(&content, &qr).unwrap();
        let (read, read_qr) = attachment(&pdf).unwrap();
        assert_eq!(read, content);
        assert_eq!(read_qr, qr);
    }
}

#[test]
fn metadata_and_conformance_claims() {
    let content = CertificateContent::example();
    let pdf = render(&content, &qr_text()).unwrap();
    let raw = String::from_utf8_lossy(&pdf);
    assert!(pdf.starts_with(b"%PDF-1.7"));
    // XMP claims what krilla validated: PDF/A-3b and PDF/UA-1.
    assert!(raw.contains("<pdfaid:part>3</pdfaid:part>"));
    assert!(raw.contains("<pdfaid:conformance>B</pdfaid:conformance>"));
    assert!(raw.contains("<pdfuaid:part>1</pdfuaid:part>"));
    assert!(raw.contains("/Title(Negativbescheinigung NB-2026-7K3M-Q9TX-8)"));
    assert!(raw.contains("/Lang(de-DE)"));
    assert!(raw.contains("/CreationDate(D:20261129101542"));
    // The attachment is an associated file of the document, typed as JSON.
    assert!(raw.contains("/AFRelationship/Data"));
    assert!(raw.contains("/Subtype/application#2Fjson"));
    assert!(raw.contains("/AF["));
    // No font is referenced without being embedded.
    assert!(raw.contains("/FontFile2"));
    assert!(!raw.contains("/BaseFont/Helvetica"));
}
