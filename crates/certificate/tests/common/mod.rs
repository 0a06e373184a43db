//! Helpers shared by the integration tests: example certificates and the poppler tools.

#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

use certificate::{CertificateContent, Outcome};
use domain::register::CustodyPart;

/// A QR payload of realistic length (the signed payload is a few hundred ASCII characters).
pub fn qr_text() -> String {
    format!(
        "NB1:{}",
        "6BFOXN*TS0BI$ZD4N9:9S6RCVN5+O30K3/XIV0W23NTDEPWK G2EP4J0B".repeat(5)
    )
}

/// The longest realistic certificate: all seven parts, long office names and address, long
/// names of child and mother, a long place and checking address.
pub fn longest() -> CertificateContent {
    let mut content = partial(vec![
        CustodyPart::Residence,
        CustodyPart::Health,
        CustodyPart::Schooling,
        CustodyPart::Assets,
        CustodyPart::Authorities,
        CustodyPart::Religion,
        CustodyPart::Other,
    ]);
    content.issuer.name =
        "Landeshauptstadt Düsseldorf – Amt für Kinder, Jugend und Familie – Jugendamt, \
         Abteilung Beistandschaften, Amtsvormundschaften und Sorgeregister"
            .into();
    content.issuer.address = vec![
        "Willi-Becker-Allee 7".into(),
        "Postfach 10 11 20".into(),
        "40227 Düsseldorf".into(),
        "Telefon 0211 89-00000".into(),
    ];
    content.register_office.name =
        "Kreisverwaltung Südwestpfalz – Jugendamt – Fachbereich Familie und Soziales".into();
    content.child.given_names = "Maximiliane Charlotte Josephine Anna-Lena Marie-Luise".into();
    content.child.family_name = "von Hohenzollern-Sigmaringen-Schwarzenberg".into();
    content.child.birth_place = Some("Villingen-Schwenningen (Schwarzwald-Baar-Kreis)".into());
    content.mother.given_names = "Wilhelmine Friederike Theodora".into();
    content.mother.family_name = "Leutheusser-Schnarrenberger".into();
    content.verify_url =
        "https://sorgeregister.landesverwaltung.example/bescheinigungen/pruefen".into();
    content
}

pub fn partial(parts: Vec<CustodyPart>) -> CertificateContent {
    let mut content = CertificateContent::example();
    content.outcome = Outcome::PartialCertificate { parts };
    content
}

/// Whether a command-line tool can be started at all.
pub fn have(tool: &str) -> bool {
    Command::new(tool).arg("-v").output().is_ok()
}

/// `pdftotext -layout` of a PDF, or `None` (with a note) when poppler is not installed.
pub fn pdftotext(pdf: &[u8]) -> Option<String> {
    if !have("pdftotext") {
        println!("SKIPPED: pdftotext (poppler-utils) is not installed");
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.pdf");
    std::fs::write(&path, pdf).unwrap();
    let output = Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    Some(String::from_utf8(output.stdout).unwrap())
}

/// Text with every run of whitespace (line breaks, layout columns) as one space, so that
/// phrases can be found whatever the wrapping.
pub fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub fn write(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}
