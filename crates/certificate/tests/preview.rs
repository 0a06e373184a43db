//! Not a check: writes rendered certificates and PNG previews for a person to look at.
//! `CERTIFICATE_PREVIEW_DIR=/tmp/preview cargo test -p certificate --test preview -- --ignored`

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::PathBuf;
use std::process::Command;

use certificate::{CertificateContent, render};
use common::{longest, partial, qr_text};
use domain::register::CustodyPart;

#[test]
#[ignore = "writes files for manual inspection"]
fn write_previews() {
    let dir = PathBuf::from(
        std::env::var("CERTIFICATE_PREVIEW_DIR")
            .unwrap_or_else(|_| "/tmp/certificate-preview".into()),
    );
    std::fs::create_dir_all(&dir).unwrap();
    let longest = longest();

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
