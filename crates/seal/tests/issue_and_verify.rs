//! A certificate issued with a real key store, checked as a recipient would: the PDF and the QR
//! text, genuine and tampered with, against the platform's signed trust list.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use certificate::CertificateContent;
use seal::ca::DEFAULT_CA_NAME;
use seal::issue::{Issued, Sealer, issue};
use seal::keystore::KeyStore;
use seal::trust::{SignedTrustList, TrustList};
use seal::verify::{Finding, verify_pdf, verify_qr};
use time::Duration;

fn trust(list: SignedTrustList, pinned: &[u8]) -> TrustList {
    SignedTrustList::from_json(&list.to_json())
        .unwrap()
        .verify(Some(pinned))
        .unwrap()
}

struct Setup {
    _dir: tempfile::TempDir,
    issued: Issued,
    trust: TrustList,
    content: CertificateContent,
}

fn setup() -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let content = CertificateContent::example();
    let sealer = Sealer::open(dir.path(), content.issued_at - Duration::days(1)).unwrap();
    let issued = sealer.issue(&content, content.issued_at).unwrap();
    let keys = KeyStore::open_or_create(dir.path(), content.issued_at, DEFAULT_CA_NAME).unwrap();
    let trust = trust(
        sealer.trust_list(content.issued_at).unwrap().0,
        keys.ca_certificate_der(),
    );
    Setup {
        _dir: dir,
        issued,
        trust,
        content,
    }
}

fn codes(findings: &[Finding]) -> Vec<&'static str> {
    findings.iter().map(Finding::code).collect()
}

#[test]
fn a_genuine_certificate_is_genuine_as_pdf_and_as_qr_text() {
    let s = setup();
    assert!(s.issued.pdf.starts_with(b"%PDF-"));
    assert_eq!(s.issued.key_id, "ja-04011.1");

    let verdict = verify_pdf(&s.issued.pdf, &s.trust);
    assert_eq!(codes(&verdict.findings), Vec::<&str>::new());
    assert!(verdict.genuine());
    assert_eq!(verdict.content.as_ref(), Some(&s.content));
    let claims = verdict.claims.unwrap();
    assert_eq!(claims.number, s.content.number);
    assert_eq!(
        verdict.issuer_name.as_deref(),
        Some(s.content.issuer.name.as_str())
    );

    let verdict = verify_qr(&s.issued.qr_payload, &s.trust);
    assert!(verdict.genuine(), "{:?}", verdict.findings);
    assert_eq!(verdict.claims.unwrap().child.family_name, "Schäfer");
}

#[test]
fn one_changed_byte_anywhere_in_the_pdf_is_found() {
    let s = setup();
    // A byte in the middle of the page content, one near the start and one in the trailer.
    for at in [s.issued.pdf.len() / 3, 20, s.issued.pdf.len() - 10] {
        let mut pdf = s.issued.pdf.clone();
        pdf[at] ^= 0x01;
        let verdict = verify_pdf(&pdf, &s.trust);
        assert!(!verdict.genuine(), "byte {at} changed, still genuine");
        assert!(
            matches!(
                verdict.findings[0],
                Finding::PdfAltered { .. } | Finding::NotACertificate { .. }
            ),
            "byte {at}: {:?}",
            verdict.findings
        );
    }
    let mut middle = s.issued.pdf.clone();
    middle[s.issued.pdf.len() / 3] ^= 0x01;
    assert_eq!(
        codes(&verify_pdf(&middle, &s.trust).findings),
        ["pdf_altered"]
    );
    let mut appended = s.issued.pdf.clone();
    appended.extend_from_slice(b"\n% added\n");
    assert_eq!(
        codes(&verify_pdf(&appended, &s.trust).findings),
        ["pdf_altered"]
    );
}

#[test]
fn a_changed_qr_character_is_found() {
    let s = setup();
    let mut text: Vec<char> = s.issued.qr_payload.chars().collect();
    let at = text.len() / 2;
    text[at] = if text[at] == 'A' { 'B' } else { 'A' };
    let text: String = text.into_iter().collect();
    let verdict = verify_qr(&text, &s.trust);
    assert_eq!(codes(&verdict.findings), ["qr_altered"]);
    assert!(
        verdict.claims.is_none(),
        "nothing of an altered code is shown"
    );
}

#[test]
fn a_pdf_that_prints_other_data_than_its_qr_code_is_found() {
    let dir = tempfile::tempdir().unwrap();
    let content = CertificateContent::example();
    let mut keys =
        KeyStore::open_or_create(dir.path(), content.issued_at, DEFAULT_CA_NAME).unwrap();
    keys.ensure_office(&content.issuer.id, &content.issuer.name, content.issued_at)
        .unwrap();
    let key = keys
        .current_at(&content.issuer.id, content.issued_at)
        .unwrap();
    // The QR code is sealed for Sophia; the PDF prints another child, and is sealed correctly.
    let qr = seal::qr::seal(&content, key).unwrap();
    let mut other = content.clone();
    other.child.given_names = "Lena".into();
    let pdf = certificate::render(&other, &qr).unwrap();
    let pdf = certificate::seal(&pdf, "x", other.issued_at, |d| {
        seal::cms::sign_detached(d, key, None)
    })
    .unwrap();
    let trust = trust(
        keys.trust_list(content.issued_at).unwrap(),
        keys.ca_certificate_der(),
    );
    let verdict = verify_pdf(&pdf, &trust);
    assert_eq!(
        verdict.findings,
        [Finding::PdfQrDisagree {
            fields: vec!["child.given_names".into()]
        }]
    );
}

#[test]
fn a_key_unknown_to_the_trust_list_is_named() {
    let s = setup();
    // Another platform's trust list, which knows only Bremerhaven's key.
    let dir = tempfile::tempdir().unwrap();
    let mut keys =
        KeyStore::open_or_create(dir.path(), s.content.issued_at, DEFAULT_CA_NAME).unwrap();
    keys.ensure_office("ja-04012", "Jugendamt Bremerhaven", s.content.issued_at)
        .unwrap();
    let other = trust(
        keys.trust_list(s.content.issued_at).unwrap(),
        keys.ca_certificate_der(),
    );
    let verdict = verify_pdf(&s.issued.pdf, &other);
    assert!(!verdict.genuine());
    assert_eq!(
        codes(&verdict.findings),
        ["unknown_key"],
        "{:?}",
        verdict.findings
    );
    assert_eq!(
        codes(&verify_qr(&s.issued.qr_payload, &other).findings),
        ["unknown_key"]
    );

    // A key that bears a listed key's id but is another key is a forgery of the seal.
    let same_id = setup();
    assert_eq!(
        codes(&verify_qr(&s.issued.qr_payload, &same_id.trust).findings),
        ["qr_altered"]
    );
    assert_eq!(
        codes(&verify_pdf(&s.issued.pdf, &same_id.trust).findings),
        ["qr_altered", "unknown_key"]
    );
}

#[test]
fn rotation_keeps_old_certificates_valid_and_a_retired_key_seals_nothing_new() {
    let dir = tempfile::tempdir().unwrap();
    let content = CertificateContent::example();
    let t0 = content.issued_at;
    let sealer = Sealer::open(dir.path(), t0).unwrap();
    let old = sealer.issue(&content, t0).unwrap();

    // Another process rotates the key an hour later; the sealer notices.
    let rotated_at = t0 + Duration::hours(1);
    let mut keys = KeyStore::open_or_create(dir.path(), rotated_at, DEFAULT_CA_NAME).unwrap();
    keys.rotate(&content.issuer.id, rotated_at).unwrap();
    let later_content = CertificateContent {
        issued_at: t0 + Duration::hours(2),
        register_as_of: t0 + Duration::hours(2),
        ..content.clone()
    };
    let new = sealer
        .issue(&later_content, later_content.issued_at)
        .unwrap();
    assert_eq!(
        (old.key_id.as_str(), new.key_id.as_str()),
        ("ja-04011.1", "ja-04011.2")
    );

    let keys = KeyStore::open_or_create(dir.path(), rotated_at, DEFAULT_CA_NAME).unwrap();
    let trust = trust(
        keys.trust_list(later_content.issued_at).unwrap(),
        keys.ca_certificate_der(),
    );
    assert!(
        verify_pdf(&old.pdf, &trust).genuine(),
        "sealed before rotation: still genuine"
    );
    assert!(verify_pdf(&new.pdf, &trust).genuine());

    // The retired key, used after its retirement, is refused.
    let retired = keys.key("ja-04011.1").unwrap();
    let forged = issue(&later_content, retired).unwrap();
    assert_eq!(
        codes(&verify_pdf(&forged.pdf, &trust).findings),
        ["key_outside_validity"],
        "QR and PDF seal name the same key; said once"
    );
}
