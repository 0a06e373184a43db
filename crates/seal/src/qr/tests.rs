use certificate::{CertificateContent, Outcome};
use domain::register::CustodyPart;
use time::macros::datetime;

use super::*;
use crate::test_signer::{TestKeys, TestSigner};

fn bremen() -> TestSigner {
    TestSigner::new("ja-04011.2", "ja-04011")
}

fn partial() -> CertificateContent {
    CertificateContent {
        outcome: Outcome::PartialCertificate {
            parts: vec![CustodyPart::Residence, CustodyPart::Schooling],
        },
        ..CertificateContent::example()
    }
}

/// Replaces the claims of a sealed text and re-wraps it, keeping header and signature.
fn with_claims(text: &str, change: impl FnOnce(&mut QrClaims)) -> String {
    let message = dearmor(text).unwrap();
    let sign1 = cose::decode(&message).unwrap();
    let mut claims = claims::decode(sign1.payload).unwrap();
    change(&mut claims);
    let payload = claims::encode(&claims);
    armor(&cose::encode(&cose::Sign1 {
        payload: &payload,
        ..sign1
    }))
    .unwrap()
}

#[test]
fn round_trip_negative_and_partial() {
    let signer = bremen();
    let keys = TestKeys(vec![signer.trusted()]);
    for content in [CertificateContent::example(), partial()] {
        let text = seal(&content, &signer).unwrap();
        assert!(text.starts_with(PREFIX));
        assert!(
            text.bytes()
                .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase() || b" $%*+-./:".contains(&c))
        );
        let opened = open(&text, &keys).unwrap();
        assert_eq!(opened.claims, QrClaims::from_content(&content));
        assert_eq!(opened.claims.outcome, content.outcome);
        assert_eq!(opened.key_id, "ja-04011.2");
        assert_eq!(opened.office, "ja-04011");
        assert_eq!(opened.office_name, "Jugendamt ja-04011");
        assert!(opened.differences(&content).is_empty());
    }
}

#[test]
fn size_of_the_example() {
    let text = seal(&CertificateContent::example(), &bremen()).unwrap();
    let size = qr_size(&text).unwrap();
    let message = dearmor(&text).unwrap();
    let payload_len = cose::decode(&message).unwrap().payload.len();
    let compressed_len = base45::decode(&text[PREFIX.len()..]).unwrap().len();
    println!(
        "example: claims {payload_len} B, COSE {} B, zlib {compressed_len} B, text {} chars, \
         QR version {} ({}×{} modules, EC level M)",
        message.len(),
        text.len(),
        size.version,
        size.modules,
        size.modules
    );
    assert_eq!(size.modules, 17 + 4 * size.version as usize);
    assert!(size.version <= 15, "version {}", size.version);
}

#[test]
fn a_changed_character_is_rejected() {
    let signer = bremen();
    let keys = TestKeys(vec![signer.trusted()]);
    let text = seal(&CertificateContent::example(), &signer).unwrap();
    let bytes = text.as_bytes();
    // Every position after the prefix, each replaced by a neighbour in the alphabet.
    for at in PREFIX.len()..bytes.len() {
        let mut changed = bytes.to_vec();
        changed[at] = if bytes[at] == b'0' { b'1' } else { b'0' };
        let changed = String::from_utf8(changed).unwrap();
        assert!(open(&changed, &keys).is_err(), "position {at} accepted");
    }
}

#[test]
fn distinct_errors_for_damaged_text() {
    let signer = bremen();
    let keys = TestKeys(vec![signer.trusted()]);
    let text = seal(&CertificateContent::example(), &signer).unwrap();
    let body = &text[PREFIX.len()..];
    assert_eq!(
        open(&format!("HC1:{body}"), &keys),
        Err(QrError::NotOurFormat)
    );
    assert_eq!(
        open(&format!("{PREFIX}{}", body.to_lowercase()), &keys),
        Err(QrError::Base45)
    );
    assert_eq!(
        open(
            &format!("{PREFIX}{}", base45::encode(b"no zlib here")),
            &keys
        ),
        Err(QrError::Compression)
    );
    assert_eq!(
        open(&"A".repeat(MAX_TEXT_LEN + 1), &keys),
        Err(QrError::TooLong)
    );
    let not_cose = armor(b"\xa0").unwrap();
    assert!(matches!(open(&not_cose, &keys), Err(QrError::Structure(_))));
}

#[test]
fn a_zip_bomb_is_refused() {
    let keys = TestKeys(vec![]);
    let bomb = armor(&vec![0; 1024 * 1024]).unwrap();
    assert!(bomb.len() < MAX_TEXT_LEN, "{} chars", bomb.len());
    assert_eq!(open(&bomb, &keys), Err(QrError::TooLarge));
}

#[test]
fn an_unknown_key_is_named() {
    let keys = TestKeys(vec![bremen().trusted()]);
    let stranger = TestSigner::new("ja-04011.9", "ja-04011");
    let text = seal(&CertificateContent::example(), &stranger).unwrap();
    assert_eq!(
        open(&text, &keys),
        Err(QrError::UnknownKey("ja-04011.9".into()))
    );
}

#[test]
fn a_key_id_pointing_to_another_key_fails_the_signature() {
    // Same key id as the trusted key, but a different key signed it.
    let keys = TestKeys(vec![bremen().trusted()]);
    let text = seal(&CertificateContent::example(), &bremen()).unwrap();
    assert_eq!(open(&text, &keys), Err(QrError::SignatureInvalid));
}

#[test]
fn a_changed_claim_breaks_the_seal() {
    let signer = bremen();
    let keys = TestKeys(vec![signer.trusted()]);
    let text = seal(&CertificateContent::example(), &signer).unwrap();
    let unchanged = with_claims(&text, |_| {});
    assert!(
        open(&unchanged, &keys).is_ok(),
        "re-wrapping alone is harmless"
    );

    let forged = with_claims(&text, |claims| {
        claims.child.given_names = "Sophie Marie".into();
    });
    assert_eq!(open(&forged, &keys), Err(QrError::SignatureInvalid));
    let forged = with_claims(&text, |claims| {
        claims.outcome = Outcome::PartialCertificate {
            parts: vec![CustodyPart::Health],
        };
    });
    assert_eq!(open(&forged, &keys), Err(QrError::SignatureInvalid));
}

#[test]
fn a_changed_header_breaks_the_seal() {
    let signer = bremen();
    let other = TestSigner::new("ja-04011.3", "ja-04011");
    let keys = TestKeys(vec![signer.trusted(), other.trusted()]);
    let text = seal(&CertificateContent::example(), &signer).unwrap();
    let message = dearmor(&text).unwrap();
    let sign1 = cose::decode(&message).unwrap();
    let protected = cose::protected_header("ja-04011.3");
    let relabelled = armor(&cose::encode(&cose::Sign1 {
        protected: &protected,
        ..sign1
    }))
    .unwrap();
    assert_eq!(open(&relabelled, &keys), Err(QrError::SignatureInvalid));
}

#[test]
fn a_key_outside_its_validity_is_refused() {
    let signer = bremen();
    let content = CertificateContent::example(); // issued 2026-11-29 10:15:42
    let text = seal(&content, &signer).unwrap();
    let retired = TestKeys(vec![signer.trusted_during(
        datetime!(2025-01-01 00:00 UTC),
        datetime!(2026-11-29 10:15:41 UTC),
    )]);
    assert_eq!(
        open(&text, &retired),
        Err(QrError::KeyNotValidAt {
            key_id: "ja-04011.2".into(),
            issued_at: content.issued_at,
        })
    );
    let not_yet = TestKeys(vec![signer.trusted_during(
        datetime!(2026-11-29 10:15:43 UTC),
        datetime!(2030-01-01 00:00 UTC),
    )]);
    assert!(matches!(
        open(&text, &not_yet),
        Err(QrError::KeyNotValidAt { .. })
    ));
    let exactly = TestKeys(vec![
        signer.trusted_during(content.issued_at, content.issued_at),
    ]);
    assert!(open(&text, &exactly).is_ok());
}

#[test]
fn a_key_of_another_office_is_refused() {
    let signer = bremen();
    let text = seal(&CertificateContent::example(), &signer).unwrap();
    // The trust list assigns the key to Cuxhaven, but the code claims Bremen issued it.
    let mut listed = signer.trusted();
    listed.office = "ja-03352".into();
    assert_eq!(
        open(&text, &TestKeys(vec![listed])),
        Err(QrError::WrongOffice {
            key_id: "ja-04011.2".into(),
            key_office: "ja-03352".into(),
            claimed: "ja-04011".into(),
        })
    );
}

#[test]
fn sealing_refuses_another_offices_certificate() {
    let cuxhaven = TestSigner::new("ja-03352.1", "ja-03352");
    assert!(matches!(
        seal(&CertificateContent::example(), &cuxhaven),
        Err(SealError::Signing(_))
    ));
}

#[test]
fn differences_name_the_altered_field() {
    let signer = bremen();
    let keys = TestKeys(vec![signer.trusted()]);
    let content = CertificateContent::example();
    let opened = open(&seal(&content, &signer).unwrap(), &keys).unwrap();

    let mut paper = content.clone();
    paper.child.family_name = "Schäffer".into();
    assert_eq!(opened.differences(&paper), ["child.family_name"]);

    let mut paper = content.clone();
    paper.number = "NB-2026-7K3M-Q9TX-9".into();
    paper.register_as_of = datetime!(2026-11-28 10:15:41 UTC);
    assert_eq!(opened.differences(&paper), ["number", "register_as_of"]);

    let mut paper = content;
    paper.issuer.name = "Irgendein Amt".into();
    paper.verify_url = "https://falsch.example/pruefen".into();
    assert!(opened.differences(&paper).is_empty());
}
