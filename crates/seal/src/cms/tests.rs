use std::process::Command;

use time::macros::datetime;

use super::*;
use crate::test_signer::TestSigner;

const PDF_BYTES: &[u8] = b"%PDF-1.7 ... the byte ranges outside /Contents ... %%EOF";

fn digest(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

fn signer() -> TestSigner {
    TestSigner::new("ja-04011.2", "ja-04011")
}

/// Decodes a signature, lets `change` alter its SignedData and encodes it again.
fn altered(cms_der: &[u8], change: impl FnOnce(&mut SignedData)) -> Vec<u8> {
    let content_info = ContentInfo::from_der(cms_der).unwrap();
    let mut signed_data: SignedData = content_info.content.decode_as().unwrap();
    change(&mut signed_data);
    ContentInfo {
        content_type: rfc5911::ID_SIGNED_DATA,
        content: Any::encode_from(&signed_data).unwrap(),
    }
    .to_der()
    .unwrap()
}

#[test]
fn sign_then_verify() {
    let signer = signer();
    let cms = sign_detached(&digest(PDF_BYTES), &signer, None).unwrap();
    let found = verify_detached(&cms, PDF_BYTES).unwrap();
    assert_eq!(found.certificate_der, signer.certificate_der);
    assert_eq!(found.signing_time, None);
}

#[test]
fn signing_time_when_asked() {
    let signer = signer();
    let at = datetime!(2026-11-29 10:15:42 UTC);
    let cms = sign_detached(&digest(PDF_BYTES), &signer, Some(at)).unwrap();
    assert_eq!(
        verify_detached(&cms, PDF_BYTES).unwrap().signing_time,
        Some(at)
    );
    let late = datetime!(2051-01-02 03:04:05 UTC); // GeneralizedTime
    let cms = sign_detached(&digest(PDF_BYTES), &signer, Some(late)).unwrap();
    assert_eq!(
        verify_detached(&cms, PDF_BYTES).unwrap().signing_time,
        Some(late)
    );
}

#[test]
fn the_structure_is_what_pades_asks_for() {
    let signer = signer();
    let cms = sign_detached(&digest(PDF_BYTES), &signer, None).unwrap();
    let content_info = ContentInfo::from_der(&cms).unwrap();
    let signed_data: SignedData = content_info.content.decode_as().unwrap();
    assert_eq!(signed_data.encap_content_info.econtent, None);
    let info = &signed_data.signer_infos.0.as_slice()[0];
    let attrs = info.signed_attrs.as_ref().unwrap();
    let oids: Vec<_> = attrs.iter().map(|attr| attr.oid).collect();
    assert!(oids.contains(&rfc5911::ID_CONTENT_TYPE));
    assert!(oids.contains(&rfc5911::ID_MESSAGE_DIGEST));
    assert!(oids.contains(&rfc5911::ID_AA_SIGNING_CERTIFICATE_V_2));
    assert!(!oids.contains(&rfc5911::ID_SIGNING_TIME));
    assert_eq!(info.signature_algorithm.oid, rfc5912::ECDSA_WITH_SHA_256);
    // The signature value is DER SEQUENCE { r, s }.
    assert_eq!(info.signature.as_bytes()[0], 0x30);
    assert!(matches!(
        info.sid,
        SignerIdentifier::IssuerAndSerialNumber(_)
    ));
}

#[test]
fn altered_signed_bytes_are_a_digest_mismatch() {
    let cms = sign_detached(&digest(PDF_BYTES), &signer(), None).unwrap();
    let mut changed = PDF_BYTES.to_vec();
    changed[3] ^= 1;
    assert_eq!(
        verify_detached(&cms, &changed),
        Err(CmsError::DigestMismatch)
    );
}

#[test]
fn an_altered_signature_is_a_bad_signature() {
    let cms = sign_detached(&digest(PDF_BYTES), &signer(), None).unwrap();
    let changed = altered(&cms, |signed_data| {
        let mut infos = signed_data.signer_infos.0.clone().into_vec();
        let mut value = infos[0].signature.as_bytes().to_vec();
        let last = value.len() - 1;
        value[last] ^= 0x01;
        infos[0].signature = OctetString::new(value).unwrap();
        signed_data.signer_infos = SignerInfos::try_from(infos).unwrap();
    });
    assert_eq!(
        verify_detached(&changed, PDF_BYTES),
        Err(CmsError::BadSignature)
    );
}

#[test]
fn a_signature_without_its_certificate() {
    let cms = sign_detached(&digest(PDF_BYTES), &signer(), None).unwrap();
    let stripped = altered(&cms, |signed_data| signed_data.certificates = None);
    assert_eq!(
        verify_detached(&stripped, PDF_BYTES),
        Err(CmsError::NoCertificate)
    );
    // Another office's certificate in its place does not stand in for the signer's.
    let swapped = altered(&cms, |signed_data| {
        signed_data.certificates =
            Some(certificate_set(&TestSigner::new("ja-03352.1", "ja-03352")));
    });
    assert_eq!(
        verify_detached(&swapped, PDF_BYTES),
        Err(CmsError::NoCertificate)
    );
}

#[test]
fn a_substituted_certificate_with_the_same_name_fails_the_signature() {
    // Same issuer and serial number as the signer's certificate, but another key.
    let cms = sign_detached(&digest(PDF_BYTES), &signer(), None).unwrap();
    let swapped = altered(&cms, |signed_data| {
        signed_data.certificates = Some(certificate_set(&signer()));
    });
    assert_eq!(
        verify_detached(&swapped, PDF_BYTES),
        Err(CmsError::BadSignature)
    );
}

fn certificate_set(signer: &TestSigner) -> CertificateSet {
    let cert = Certificate::from_der(&signer.certificate_der).unwrap();
    CertificateSet::try_from(vec![CertificateChoices::Certificate(cert)]).unwrap()
}

#[test]
fn not_cms() {
    assert!(matches!(
        verify_detached(b"not DER at all", PDF_BYTES),
        Err(CmsError::NotCms(_))
    ));
    // A certificate is DER, but not a ContentInfo.
    assert!(matches!(
        verify_detached(&signer().certificate_der, PDF_BYTES),
        Err(CmsError::NotCms(_))
    ));
}

#[test]
fn a_key_that_does_not_match_its_certificate_is_refused_when_signing() {
    let mut signer = signer();
    signer.certificate_der = TestSigner::new("x", "y").certificate_der;
    assert!(matches!(
        sign_detached(&digest(PDF_BYTES), &signer, None),
        Err(SealError::Signing(_))
    ));
}

#[test]
fn openssl_accepts_the_signature() {
    let Ok(version) = Command::new("openssl").arg("version").output() else {
        println!("openssl not found: interoperability check skipped");
        return;
    };
    println!("{}", String::from_utf8_lossy(&version.stdout).trim());
    let dir = tempfile::tempdir().unwrap();
    let (sig, data) = (dir.path().join("sig.der"), dir.path().join("data.bin"));
    let cms = sign_detached(&digest(PDF_BYTES), &signer(), None).unwrap();
    std::fs::write(&sig, &cms).unwrap();
    let verify = |content: &[u8]| {
        std::fs::write(&data, content).unwrap();
        Command::new("openssl")
            .args(["cms", "-verify", "-binary", "-inform", "DER", "-noverify"])
            .arg("-in")
            .arg(&sig)
            .arg("-content")
            .arg(&data)
            .args(["-out", "/dev/null"])
            .output()
            .unwrap()
    };
    let accepted = verify(PDF_BYTES);
    assert!(
        accepted.status.success(),
        "openssl: {}",
        String::from_utf8_lossy(&accepted.stderr)
    );
    let mut changed = PDF_BYTES.to_vec();
    changed[0] = b'!';
    assert!(
        !verify(&changed).status.success(),
        "openssl accepted altered content"
    );
}
