//! The seal inside the PDF: what `seal` signs is exactly what `read` returns, tampering and
//! appended bytes are caught, and a real CMS made by OpenSSL is accepted by poppler's `pdfsig`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::cell::RefCell;
use std::convert::Infallible;
use std::process::Command;

use certificate::{
    CertificateContent, MAX_PDF_BYTES, PadesError, SIGNATURE_CAPACITY, attachment, read, render,
    seal,
};
use common::{flat, have, pdftotext, qr_text, write};
use sha2::{Digest, Sha256};
use time::macros::datetime;

const SIGNER: &str = "Amt für Soziale Dienste Bremen – Jugendamt";

fn unsealed() -> Vec<u8> {
    render(&CertificateContent::example(), &qr_text()).unwrap()
}

/// A DER SEQUENCE of `len` body bytes: shaped like a CMS, signs nothing.
fn fake_der(len: usize) -> Vec<u8> {
    let mut der = vec![0x30, 0x82, (len >> 8) as u8, len as u8];
    der.extend((0..len).map(|i| (i * 7 + 1) as u8));
    der
}

fn seal_fake(pdf: &[u8]) -> (Vec<u8>, [u8; 32], Vec<u8>) {
    let seen = RefCell::new([0u8; 32]);
    let blob = fake_der(1500);
    let sealed = seal(pdf, SIGNER, datetime!(2026-11-29 10:15:43 UTC), |digest| {
        *seen.borrow_mut() = *digest;
        Ok::<_, Infallible>(blob.clone())
    })
    .unwrap();
    (sealed, seen.into_inner(), blob)
}

#[test]
fn read_returns_exactly_what_was_signed() {
    let pdf = unsealed();
    let (sealed, digest, blob) = seal_fake(&pdf);
    println!(
        "unsealed {} bytes, sealed {} bytes",
        pdf.len(),
        sealed.len()
    );
    // An incremental update: the original file is untouched at the start.
    assert!(sealed.starts_with(&pdf));
    assert!(sealed.ends_with(b"%%EOF\n"));

    let parts = read(&sealed).unwrap();
    assert_eq!(parts.cms_der, blob);
    assert_eq!(parts.digest(), digest);
    assert_eq!(
        <[u8; 32]>::from(Sha256::digest(&parts.signed_bytes)),
        digest
    );
    assert_eq!(parts.signer_name.as_deref(), Some(SIGNER));
    // The ranges cover the whole file except the hex string of /Contents.
    let [start, first, second, second_len] = parts.byte_range;
    assert_eq!(start, 0);
    assert_eq!(second + second_len, sealed.len());
    assert_eq!(second - first, 2 + 2 * SIGNATURE_CAPACITY);
    assert_eq!(sealed[first], b'<');
    assert_eq!(sealed[second - 1], b'>');
    assert_eq!(parts.signed_bytes.len(), sealed.len() - (second - first));

    // Sealing changes nothing a reader sees: the data and the text are still there.
    let (content, qr) = attachment(&sealed).unwrap();
    assert_eq!(content, CertificateContent::example());
    assert_eq!(qr, qr_text());
    if let Some(text) = pdftotext(&sealed) {
        assert!(flat(&text).contains("Sophia Marie"));
    }
}

#[test]
fn sealing_is_deterministic() {
    let pdf = unsealed();
    assert_eq!(seal_fake(&pdf).0, seal_fake(&pdf).0);
}

#[test]
fn a_changed_byte_in_the_signed_range_changes_the_digest() {
    let (sealed, digest, _) = seal_fake(&unsealed());
    let title = b"Negativbescheinigung NB-2026";
    let at = sealed
        .windows(title.len())
        .position(|window| window == title)
        .unwrap();
    let mut tampered = sealed.clone();
    tampered[at] = b'M';
    let parts = read(&tampered).unwrap();
    assert_ne!(parts.digest(), digest);
}

#[test]
fn bytes_after_the_signed_range_are_refused() {
    let (sealed, _, _) = seal_fake(&unsealed());
    let mut appended = sealed.clone();
    appended.extend_from_slice(b"% an unsigned comment\n");
    assert!(matches!(read(&appended), Err(PadesError::UnsignedTail(22))));

    // A whole unsigned incremental update (re-stating the catalog) is refused the same way.
    let parts = read(&sealed).unwrap();
    let startxref = String::from_utf8_lossy(&sealed)
        .rsplit("startxref\n")
        .next()
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .to_owned();
    let mut update = sealed.clone();
    let offset = update.len();
    update.extend_from_slice(b"1 0 obj\n<< >>\nendobj\n");
    update.extend_from_slice(
        format!(
            "xref\n1 1\n{offset:010} 00000 n \ntrailer\n<< /Size 200 /Prev {startxref} >>\nstartxref\n{}\n%%EOF\n",
            offset + 21
        )
        .as_bytes(),
    );
    assert!(read(&update).is_err());
    assert!(parts.byte_range[2] + parts.byte_range[3] < update.len());
}

#[test]
fn the_unsigned_gap_must_hold_only_the_signature() {
    let (sealed, _, _) = seal_fake(&unsealed());
    let parts = read(&sealed).unwrap();
    let first = parts.byte_range[1];
    // A non-hex character in the gap.
    let mut broken = sealed.clone();
    broken[first + 10] = b'x';
    assert!(read(&broken).is_err());
    // A different signature value in the gap is read as it is (its check is the CMS's job).
    let mut swapped = sealed.clone();
    swapped[first + 9] = if sealed[first + 9] == b'0' {
        b'1'
    } else {
        b'0'
    };
    let swapped_parts = read(&swapped).unwrap();
    assert_ne!(swapped_parts.cms_der, parts.cms_der);
    assert_eq!(swapped_parts.signed_bytes, parts.signed_bytes);
}

#[test]
fn what_is_not_a_seal_is_refused() {
    let pdf = unsealed();
    assert!(matches!(read(&pdf), Err(PadesError::NotSealed)));
    let (sealed, _, _) = seal_fake(&pdf);
    assert!(matches!(
        seal(
            &sealed,
            SIGNER,
            datetime!(2026-11-29 10:15:43 UTC),
            |_| Ok::<_, Infallible>(fake_der(10))
        ),
        Err(PadesError::AlreadySealed)
    ));
    assert!(read(b"%PDF-1.7\nnot really\n").is_err());
    let huge = vec![b' '; MAX_PDF_BYTES + 1];
    assert!(matches!(read(&huge), Err(PadesError::TooLarge { .. })));
    assert!(matches!(
        attachment(&huge),
        Err(PadesError::TooLarge { .. })
    ));
    assert!(matches!(
        seal(&huge, SIGNER, datetime!(2026-11-29 10:15:43 UTC), |_| Ok::<
            _,
            Infallible,
        >(
            fake_der(10)
        )),
        Err(PadesError::TooLarge { .. })
    ));
}

#[test]
fn what_the_signer_returns_is_checked() {
    let pdf = unsealed();
    let at = datetime!(2026-11-29 10:15:43 UTC);
    assert!(matches!(
        seal(&pdf, SIGNER, at, |_| Err::<Vec<u8>, _>("HSM offline")),
        Err(PadesError::Signer(error)) if error.to_string() == "HSM offline"
    ));
    assert!(matches!(
        seal(&pdf, SIGNER, at, |_| Ok::<_, Infallible>(vec![1, 2, 3])),
        Err(PadesError::NotDer)
    ));
    let mut padded = fake_der(100);
    padded.push(0);
    assert!(matches!(
        seal(&pdf, SIGNER, at, |_| Ok::<_, Infallible>(padded.clone())),
        Err(PadesError::NotDer)
    ));
    assert!(matches!(
        seal(&pdf, SIGNER, at, |_| Ok::<_, Infallible>(fake_der(
            SIGNATURE_CAPACITY
        ))),
        Err(PadesError::SignatureTooLarge { .. })
    ));
    // Exactly at capacity fits.
    let full = fake_der(SIGNATURE_CAPACITY - 4);
    let sealed = seal(&pdf, SIGNER, at, |_| Ok::<_, Infallible>(full.clone())).unwrap();
    assert_eq!(read(&sealed).unwrap().cms_der, full);
}

/// A real CMS: OpenSSL signs the byte ranges with a throw-away P-256 key, poppler's `pdfsig`
/// validates the sealed PDF, and a changed byte makes both pdfsig and our digest check fail.
#[test]
fn pdfsig_validates_a_real_cms_seal() {
    if !have("pdfsig") || Command::new("openssl").arg("version").output().is_err() {
        println!("SKIPPED: pdfsig (poppler-utils) or openssl is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("key.pem");
    let cert = dir.path().join("cert.pem");
    let status = Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
        ])
        .args([
            "-nodes",
            "-days",
            "30",
            "-subj",
            "/CN=Test-Jugendamt Siegel/O=Test",
        ])
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );

    // The closure only sees the digest. Sealing is deterministic, so a first pass with a
    // placeholder tells us the exact bytes the second pass will ask us to sign.
    let pdf = unsealed();
    let at = datetime!(2026-11-29 10:15:43 UTC);
    let signed_bytes = read(&seal_fake(&pdf).0).unwrap().signed_bytes;
    let content_file = write(dir.path(), "signed.bin", &signed_bytes);
    let cms_file = dir.path().join("cms.der");
    let sealed = seal(&pdf, SIGNER, at, |digest| {
        assert_eq!(&<[u8; 32]>::from(Sha256::digest(&signed_bytes)), digest);
        let output = Command::new("openssl")
            .args([
                "cms",
                "-sign",
                "-binary",
                "-outform",
                "DER",
                "-md",
                "sha256",
                "-nosmimecap",
            ])
            .arg("-signer")
            .arg(&cert)
            .arg("-inkey")
            .arg(&key)
            .arg("-in")
            .arg(&content_file)
            .arg("-out")
            .arg(&cms_file)
            .output()
            .map_err(|error| error.to_string())?;
        if !output.status.success() {
            return Err(String::from_utf8_lossy(&output.stderr).into_owned());
        }
        std::fs::read(&cms_file).map_err(|error| error.to_string())
    })
    .unwrap();
    let sealed_path = write(dir.path(), "sealed.pdf", &sealed);

    let report = pdfsig(&sealed_path);
    println!("{report}");
    if let Ok(dir) = std::env::var("CERTIFICATE_PREVIEW_DIR") {
        std::fs::write(std::path::Path::new(&dir).join("sealed.pdf"), &sealed).unwrap();
    }
    assert!(
        report.contains("Signature Validation: Signature is Valid"),
        "pdfsig:\n{report}"
    );
    assert!(report.contains("ETSI.CAdES.detached"), "pdfsig:\n{report}");
    assert!(
        report.contains("Test-Jugendamt Siegel"),
        "pdfsig:\n{report}"
    );

    // What `read` returns verifies with OpenSSL on its own.
    let parts = read(&sealed).unwrap();
    assert_eq!(parts.signed_bytes, signed_bytes);
    let cms_read = write(dir.path(), "cms-read.der", &parts.cms_der);
    let verify = Command::new("openssl")
        .args(["cms", "-verify", "-binary", "-inform", "DER", "-noverify"])
        .arg("-in")
        .arg(&cms_read)
        .arg("-content")
        .arg(&content_file)
        .arg("-out")
        .arg(dir.path().join("out.bin"))
        .output()
        .unwrap();
    assert!(
        verify.status.success(),
        "{}",
        String::from_utf8_lossy(&verify.stderr)
    );

    // One changed byte inside the signed range.
    let title = b"Negativbescheinigung NB-2026";
    let at = sealed
        .windows(title.len())
        .position(|window| window == title)
        .unwrap();
    let mut tampered = sealed.clone();
    tampered[at] = b'M';
    let tampered_path = write(dir.path(), "tampered.pdf", &tampered);
    let report = pdfsig(&tampered_path);
    assert!(
        !report.contains("Signature Validation: Signature is Valid"),
        "pdfsig accepted a tampered file:\n{report}"
    );
    let tampered_parts = read(&tampered).unwrap();
    assert_ne!(tampered_parts.digest(), parts.digest());
    assert_eq!(tampered_parts.cms_der, parts.cms_der);
}

fn pdfsig(path: &std::path::Path) -> String {
    let output = Command::new("pdfsig").arg(path).output().unwrap();
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}
