//! The signed trust list: its JSON form, and each way a list can be wrong.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use p256::ecdsa::SigningKey;
use p256::elliptic_curve::Generate;
use seal::ca::CertificateAuthority;
use seal::keystore::KeyStore;
use seal::trust::{SignedTrustList, TrustError, ca_fingerprint};
use seal::{KeyLookup, TrustedKey};
use sha2::{Digest, Sha256};
use tempfile::TempDir;
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

const T0: OffsetDateTime = datetime!(2026-11-02 10:15:30 UTC);

fn store_with_two_offices() -> (TempDir, KeyStore) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = KeyStore::open_or_create(dir.path(), T0, "Test-CA").unwrap();
    store
        .ensure_office("ja-04011", "Jugendamt Bremen", T0)
        .unwrap();
    store
        .ensure_office("ja-03352", "Jugendamt Cuxhaven", T0)
        .unwrap();
    store.rotate("ja-04011", T0 + Duration::days(10)).unwrap();
    (dir, store)
}

fn keys_of(store: &KeyStore) -> Vec<TrustedKey> {
    store.list().iter().map(|k| k.trusted_key()).collect()
}

#[test]
fn round_trip_through_json_verifies_and_finds_every_key() {
    let (_dir, store) = store_with_two_offices();
    let json = store.trust_list(T0 + Duration::days(11)).unwrap().to_json();
    // People can read it.
    assert!(json.contains("\"key_id\": \"ja-04011.2\""), "{json}");
    assert!(
        json.contains("\"office_name\": \"Jugendamt Cuxhaven\""),
        "{json}"
    );
    assert!(json.contains("\"algorithm\": \"ES256\""), "{json}");

    let list = SignedTrustList::from_json(&json)
        .unwrap()
        .verify(Some(store.ca_certificate_der()))
        .unwrap();
    assert_eq!(list.issued_at(), T0 + Duration::days(11));
    assert_eq!(list.ca_certificate_der(), store.ca_certificate_der());
    assert_eq!(list.keys(), keys_of(&store).as_slice());
    assert_eq!(
        list.key("ja-04011.1").unwrap().valid_until,
        T0 + Duration::days(10)
    );
    assert!(list.key("ja-04011.3").is_none());

    // Unpinned verification accepts it too, and reports the same CA.
    let unpinned = SignedTrustList::from_json(&json)
        .unwrap()
        .verify(None)
        .unwrap();
    assert_eq!(unpinned.ca_fingerprint(), store.ca_fingerprint());
}

#[test]
fn the_outer_object_may_be_reformatted() {
    let (_dir, store) = store_with_two_offices();
    let json = store.trust_list(T0).unwrap().to_json();
    let signed = SignedTrustList::from_json(&json).unwrap();
    let inner = std::str::from_utf8(signed.signed_bytes()).unwrap();
    let signature: serde_json::Value = serde_json::from_str(&json).unwrap();
    let compact = format!(
        r#"{{"signature":{},"algorithm":"ES256","trust_list":{inner}}}"#,
        signature["signature"]
    );
    assert!(
        SignedTrustList::from_json(&compact)
            .unwrap()
            .verify(None)
            .is_ok()
    );
}

#[test]
fn a_changed_byte_in_the_list_is_rejected() {
    let (_dir, store) = store_with_two_offices();
    let json = store.trust_list(T0).unwrap().to_json();
    // Lengthen the retired key's validity by a year.
    let tampered = json.replacen("\"valid_until\": \"2026-", "\"valid_until\": \"2027-", 1);
    assert_ne!(tampered, json);
    let err = SignedTrustList::from_json(&tampered)
        .unwrap()
        .verify(Some(store.ca_certificate_der()))
        .unwrap_err();
    assert_eq!(err, TrustError::BadSignature);

    // Reformatting the signed inner object also breaks it: the signature is over exact bytes.
    let reindented = json.replace("\n    \"format\"", "\n      \"format\"");
    assert_ne!(reindented, json);
    assert_eq!(
        SignedTrustList::from_json(&reindented)
            .unwrap()
            .verify(None)
            .unwrap_err(),
        TrustError::BadSignature
    );

    // So does a changed signature.
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let sig = value["signature"].as_str().unwrap();
    let flipped = if sig.starts_with('A') { "B" } else { "A" };
    let bad_sig = json.replacen(sig, &format!("{flipped}{}", &sig[1..]), 1);
    assert_eq!(
        SignedTrustList::from_json(&bad_sig)
            .unwrap()
            .verify(None)
            .unwrap_err(),
        TrustError::BadSignature
    );
}

#[test]
fn a_list_signed_by_another_ca_is_rejected_when_the_first_is_pinned() {
    let (_dir, store) = store_with_two_offices();
    let (_other_dir, other) = store_with_two_offices();
    let json = other.trust_list(T0).unwrap().to_json();
    let signed = SignedTrustList::from_json(&json).unwrap();
    let err = signed.verify(Some(store.ca_certificate_der())).unwrap_err();
    assert_eq!(err, TrustError::UntrustedCa);
    assert_eq!(
        err.to_string(),
        "untrusted trust list: signed by a different CA"
    );
    // It is fine on its own terms.
    assert!(signed.verify(Some(other.ca_certificate_der())).is_ok());
    assert_eq!(signed.ca_fingerprint().unwrap(), other.ca_fingerprint());
}

#[test]
fn a_list_with_a_swapped_ca_certificate_is_rejected() {
    // Someone replaces the CA certificate in a genuine list with their own: the signature no
    // longer verifies under the key in the document.
    let (_dir, store) = store_with_two_offices();
    let intruder = CertificateAuthority::generate("Test-CA", T0).unwrap();
    let json = store.trust_list(T0).unwrap().to_json();
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::STANDARD;
    let swapped = json.replace(
        &b64.encode(store.ca_certificate_der()),
        &b64.encode(intruder.certificate_der()),
    );
    assert_ne!(swapped, json);
    assert_eq!(
        SignedTrustList::from_json(&swapped)
            .unwrap()
            .verify(None)
            .unwrap_err(),
        TrustError::BadSignature
    );
}

#[test]
fn a_key_certified_by_another_ca_is_rejected() {
    let (_dir, store) = store_with_two_offices();
    let (_other_dir, other) = store_with_two_offices();
    let mut keys = keys_of(&store);
    keys.push(TrustedKey {
        key_id: "ja-09999.1".to_owned(),
        ..other.list()[0].trusted_key()
    });
    let signed = SignedTrustList::sign(store.ca().unwrap(), &keys, T0).unwrap();
    assert_eq!(
        signed.verify(None).unwrap_err(),
        TrustError::NotIssuedByCa("ja-09999.1".to_owned())
    );
}

#[test]
fn a_listed_public_key_must_match_its_certificate() {
    let (_dir, store) = store_with_two_offices();
    let mut keys = keys_of(&store);
    keys[0].verifying_key = *SigningKey::try_generate().unwrap().verifying_key();
    let signed = SignedTrustList::sign(store.ca().unwrap(), &keys, T0).unwrap();
    assert_eq!(
        signed.verify(None).unwrap_err(),
        TrustError::PublicKeyMismatch(keys[0].key_id.clone())
    );
}

#[test]
fn a_listed_office_must_match_its_certificate() {
    let (_dir, store) = store_with_two_offices();
    let mut keys = keys_of(&store);
    keys[0].office = "ja-04011".to_owned();
    assert_eq!(keys[0].key_id, "ja-03352.1");
    let signed = SignedTrustList::sign(store.ca().unwrap(), &keys, T0).unwrap();
    assert_eq!(
        signed.verify(None).unwrap_err(),
        TrustError::OfficeMismatch {
            key_id: "ja-03352.1".to_owned(),
            listed: "ja-04011".to_owned(),
            certified: "ja-03352".to_owned(),
        }
    );
}

#[test]
fn a_listed_validity_must_lie_within_the_certificate() {
    let (_dir, store) = store_with_two_offices();
    let mut keys = keys_of(&store);
    keys[0].valid_until += Duration::days(3650);
    let signed = SignedTrustList::sign(store.ca().unwrap(), &keys, T0).unwrap();
    assert_eq!(
        signed.verify(None).unwrap_err(),
        TrustError::ValidityOutsideCertificate(keys[0].key_id.clone())
    );

    let mut keys = keys_of(&store);
    keys[1].valid_from -= Duration::days(1);
    let signed = SignedTrustList::sign(store.ca().unwrap(), &keys, T0).unwrap();
    assert_eq!(
        signed.verify(None).unwrap_err(),
        TrustError::ValidityOutsideCertificate(keys[1].key_id.clone())
    );
}

#[test]
fn a_key_listed_twice_is_rejected() {
    let (_dir, store) = store_with_two_offices();
    let mut keys = keys_of(&store);
    keys.push(keys[0].clone());
    let signed = SignedTrustList::sign(store.ca().unwrap(), &keys, T0).unwrap();
    assert_eq!(
        signed.verify(None).unwrap_err(),
        TrustError::DuplicateKey(keys[0].key_id.clone())
    );
}

#[test]
fn other_algorithms_and_garbage_are_refused() {
    let (_dir, store) = store_with_two_offices();
    let json = store.trust_list(T0).unwrap().to_json();
    let none = json.replace("\"algorithm\": \"ES256\"", "\"algorithm\": \"none\"");
    assert_eq!(
        SignedTrustList::from_json(&none).unwrap_err(),
        TrustError::UnsupportedAlgorithm("none".to_owned())
    );
    assert!(matches!(
        SignedTrustList::from_json("{\"keys\": []}"),
        Err(TrustError::Malformed(_))
    ));
}

#[test]
fn the_fingerprint_is_the_sha256_of_the_ca_certificate() {
    let (_dir, store) = store_with_two_offices();
    let der = store.ca_certificate_der();
    let expected: String = Sha256::digest(der)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(ca_fingerprint(der), expected);
    assert_eq!(store.ca_fingerprint(), expected);
    let (_other_dir, other) = store_with_two_offices();
    assert_ne!(other.ca_fingerprint(), expected);
}
