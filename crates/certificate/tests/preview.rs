//! Not a check: writes rendered certificates and PNG previews for a person to look at.
//! `CERTIFICATE_PREVIEW_DIR=/tmp/preview cargo test -p certificate --test preview -- --ignored`

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::PathBuf;
use std::process::Command;

use certificate::{CertificateContent, render};
use common::{partial, qr_text};
use domain::register::CustodyPart;

#[test]
#[ignore = "writes files for manual inspection"]
fn write_previews() {
    let dir = PathBuf::from(
        std::env::var("CERTIFICATE_PREVIEW_DIR")
            .unwrap_or_else(|_| "/tmp/certificate-preview".into()),
    );
    std::fs::create_dir_all(&dir).unwrap();
    let mut longest = partial(vec![
        CustodyPart::Residence,
        CustodyPart::Health,
        CustodyPart::Schooling,
        CustodyPart::Assets,
        CustodyPart::Authorities,
        CustodyPart::Religion,
        CustodyPart::Other,
    ]);
    longest.issuer.name = "Landeshauptstadt Düsseldorf – Amt für Kinder, Jugend und Familie – \
                           Jugendamt, Abteilung Beistandschaften, Amtsvormundschaften und \
                           Sorgeregister"
        .into();
    longest.issuer.address = vec![
        "Willi-Becker-Allee 7".into(),
        "Postfach 10 11 20".into(),
        "40227 Düsseldorf".into(),
        "Telefon 0211 89-00000".into(),
    ];
    longest.register_office.name =
        "Kreisverwaltung Südwestpfalz – Jugendamt – Fachbereich Familie und Soziales".into();
    longest.child.given_names = "Maximiliane Charlotte Josephine Anna-Lena Marie-Luise".into();
    longest.child.family_name = "von Hohenzollern-Sigmaringen-Schwarzenberg".into();
    longest.child.birth_place = Some("Villingen-Schwenningen (Schwarzwald-Baar-Kreis)".into());
    longest.mother.given_names = "Wilhelmine Friederike Theodora".into();
    longest.mother.family_name = "Leutheusser-Schnarrenberger".into();
    longest.verify_url =
        "https://sorgeregister.landesverwaltung.example/bescheinigungen/pruefen".into();

    for (name, content) in [
        ("negative", CertificateContent::example()),
        (
            "partial",
            partial(vec![CustodyPart::Residence, CustodyPart::Health]),
        ),
        ("longest", longest),
    ] {
        let pdf = render(&content, &qr_text()).unwrap();
        let path = dir.join(format!("{name}.pdf"));
        std::fs::write(&path, &pdf).unwrap();
        println!("{}: {} bytes", path.display(), pdf.len());
        let status = Command::new("pdftoppm")
            .args(["-png", "-r", "60"])
            .arg(&path)
            .arg(dir.join(name))
            .status();
        println!("pdftoppm: {status:?}");
    }
}
