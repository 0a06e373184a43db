//! Signing federation messages with an office's seal key: the key is created on first use, the
//! signature verifies with the key the trust list publishes, and a rotation is followed.

use p256::ecdsa::Signature;
use p256::ecdsa::signature::Verifier as _;
use seal::KeyLookup as _;
use seal::ca::DEFAULT_CA_NAME;
use seal::issue::Sealer;
use seal::keystore::KeyStore;
use time::Duration;
use time::macros::datetime;

#[test]
fn a_federation_signature_verifies_with_the_published_key_of_its_office() {
    let dir = tempfile::tempdir().unwrap();
    let t0 = datetime!(2026-11-29 10:00:00 UTC);
    let sealer = Sealer::open(dir.path(), t0).unwrap();

    let signed = sealer
        .sign_federation("ja-03352", "Jugendamt Cuxhaven", t0, |kid| {
            format!("header:{kid}.payload").into_bytes()
        })
        .unwrap();
    assert_eq!(
        signed.key_id, "ja-03352.1",
        "the office's first key, created now"
    );
    assert_eq!(signed.message, b"header:ja-03352.1.payload");

    let (_, trust) = sealer.trust_list(t0).unwrap();
    let key = trust.key(&signed.key_id).unwrap();
    assert_eq!(key.office, "ja-03352");
    assert_eq!(key.office_name, "Jugendamt Cuxhaven");
    let signature = Signature::from_slice(&signed.signature).unwrap();
    assert!(
        key.verifying_key
            .verify(&signed.message, &signature)
            .is_ok()
    );
    assert!(
        key.verifying_key
            .verify(b"header:ja-03352.1.payloaD", &signature)
            .is_err(),
        "another message does not verify"
    );

    // A second message reuses the key; after a rotation by another process the new key signs.
    let again = sealer
        .sign_federation("ja-03352", "ignored", t0, |_| b"x".to_vec())
        .unwrap();
    assert_eq!(again.key_id, "ja-03352.1");
    let rotated_at = t0 + Duration::hours(1);
    let mut keys = KeyStore::open_or_create(dir.path(), rotated_at, DEFAULT_CA_NAME).unwrap();
    keys.rotate("ja-03352", rotated_at).unwrap();
    let after = sealer
        .sign_federation("ja-03352", "ignored", rotated_at, |_| b"x".to_vec())
        .unwrap();
    assert_eq!(after.key_id, "ja-03352.2");
}

#[test]
fn an_invalid_office_id_gets_no_key() {
    let dir = tempfile::tempdir().unwrap();
    let t0 = datetime!(2026-11-29 10:00:00 UTC);
    let sealer = Sealer::open(dir.path(), t0).unwrap();
    assert!(
        sealer
            .sign_federation("../etc", "x", t0, |_| Vec::new())
            .is_err()
    );
}
