//! The key store on a real directory: creation, sealing, rotation, reopening, file permissions.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use p256::ecdsa::Signature;
use p256::ecdsa::signature::hazmat::PrehashVerifier;
use seal::ca::DEFAULT_CA_NAME;
use seal::keystore::{DEFAULT_SEAL_VALIDITY_DAYS, KeyStore};
use seal::{KeyLookup, SealError, Signer};
use sha2::{Digest, Sha256};
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

const T0: OffsetDateTime = datetime!(2026-11-02 10:15:30 UTC);
const OFFICE: &str = "ja-04011";
const NAME: &str = "Jugendamt Bremen";

fn mode(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

fn digest(text: &str) -> [u8; 32] {
    Sha256::digest(text.as_bytes()).into()
}

#[test]
fn a_new_store_seals_and_its_trust_list_verifies_the_seal() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = KeyStore::open_or_create(dir.path().join("keys"), T0, DEFAULT_CA_NAME).unwrap();
    assert_eq!(store.ca_name(), DEFAULT_CA_NAME);
    let key = store.ensure_office(OFFICE, NAME, T0).unwrap();
    assert_eq!(key.key_id(), "ja-04011.1");
    assert_eq!(Signer::office(key), OFFICE);
    assert_eq!(key.valid_from(), T0);
    assert_eq!(
        key.valid_until(),
        T0 + Duration::days(i64::from(DEFAULT_SEAL_VALIDITY_DAYS))
    );

    let d = digest("Negativbescheinigung NB-2026-000123");
    let signature = Signature::from_slice(&key.sign_digest(&d).unwrap()).unwrap();

    let list = store
        .trust_list(T0)
        .unwrap()
        .verify(Some(store.ca_certificate_der()))
        .unwrap();
    let trusted = list.key("ja-04011.1").unwrap();
    assert_eq!(trusted.office_name, NAME);
    assert!(trusted.valid_at(T0));
    assert!(trusted.verifying_key.verify_prehash(&d, &signature).is_ok());
    let other = digest("Negativbescheinigung NB-2026-000124");
    assert!(
        trusted
            .verifying_key
            .verify_prehash(&other, &signature)
            .is_err()
    );
}

#[test]
fn ensure_office_keeps_the_existing_key() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = KeyStore::open_or_create(dir.path(), T0, "Test-CA").unwrap();
    let first = store
        .ensure_office(OFFICE, NAME, T0)
        .unwrap()
        .verifying_key()
        .to_owned();
    let again = store
        .ensure_office(OFFICE, NAME, T0 + Duration::days(1))
        .unwrap();
    assert_eq!(again.key_id(), "ja-04011.1");
    assert_eq!(*again.verifying_key(), first);
    assert_eq!(store.list().len(), 1);
}

#[test]
fn rotation_retires_the_old_key_and_keeps_it_in_the_trust_list() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = KeyStore::open_or_create(dir.path(), T0, "Test-CA").unwrap();
    store.ensure_office(OFFICE, NAME, T0).unwrap();
    store
        .ensure_office("ja-03352", "Jugendamt Cuxhaven", T0)
        .unwrap();
    let old_digest = digest("sealed before rotation");
    let old_signature = store
        .current(OFFICE)
        .unwrap()
        .sign_digest(&old_digest)
        .unwrap();

    let rotated_at = T0 + Duration::days(200);
    let new = store.rotate(OFFICE, rotated_at).unwrap();
    assert_eq!(new.key_id(), "ja-04011.2");
    assert_eq!(new.office_name(), NAME);
    assert_eq!(new.valid_from(), rotated_at);
    assert_eq!(store.current(OFFICE).unwrap().key_id(), "ja-04011.2");
    assert_eq!(
        store.current_at(OFFICE, rotated_at).unwrap().key_id(),
        "ja-04011.2"
    );
    assert_eq!(
        store.key("ja-04011.1").unwrap().retired_at(),
        Some(rotated_at)
    );
    // The other office is untouched.
    assert_eq!(store.current("ja-03352").unwrap().key_id(), "ja-03352.1");
    assert_eq!(store.key("ja-03352.1").unwrap().retired_at(), None);

    let list = store
        .trust_list(rotated_at)
        .unwrap()
        .verify(Some(store.ca_certificate_der()))
        .unwrap();
    let ids: Vec<_> = list.keys().iter().map(|k| k.key_id.as_str()).collect();
    assert_eq!(ids, ["ja-03352.1", "ja-04011.1", "ja-04011.2"]);
    let old = list.key("ja-04011.1").unwrap();
    assert_eq!(old.valid_until, rotated_at);
    // What the old key sealed before its retirement still verifies and lies in its validity …
    let sig = Signature::from_slice(&old_signature).unwrap();
    assert!(old.verifying_key.verify_prehash(&old_digest, &sig).is_ok());
    assert!(old.valid_at(T0 + Duration::days(10)));
    // … but a seal dated after the retirement does not.
    assert!(!old.valid_at(rotated_at + Duration::seconds(1)));
    assert!(
        list.key("ja-04011.2")
            .unwrap()
            .valid_at(rotated_at + Duration::seconds(1))
    );
}

#[test]
fn rotating_an_office_without_key_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = KeyStore::open_or_create(dir.path(), T0, "Test-CA").unwrap();
    let err = store.rotate(OFFICE, T0).unwrap_err();
    assert!(err.to_string().contains("no key to rotate"), "{err}");
    assert!(store.list().is_empty());
}

#[test]
fn reopening_keeps_the_ca_and_the_keys() {
    let dir = tempfile::tempdir().unwrap();
    let rotated_at = T0 + Duration::days(30);
    let (fingerprint, keys) = {
        let mut store = KeyStore::open_or_create(dir.path(), T0, "Test-CA").unwrap();
        store.ensure_office(OFFICE, NAME, T0).unwrap();
        store.rotate(OFFICE, rotated_at).unwrap();
        let keys: Vec<_> = store.list().iter().map(|k| k.trusted_key()).collect();
        (store.ca_fingerprint(), keys)
    };
    // The CA name is only used on creation.
    let reopened =
        KeyStore::open_or_create(dir.path(), T0 + Duration::days(60), "Other-CA").unwrap();
    assert_eq!(reopened.ca_fingerprint(), fingerprint);
    assert_eq!(reopened.ca_name(), "Test-CA");
    let again: Vec<_> = reopened.list().iter().map(|k| k.trusted_key()).collect();
    assert_eq!(again, keys);
    assert_eq!(
        reopened.key("ja-04011.1").unwrap().retired_at(),
        Some(rotated_at)
    );
    assert_eq!(reopened.current(OFFICE).unwrap().key_id(), "ja-04011.2");

    // A reopened key signs what the trust list from before verifies.
    let d = digest("after reopening");
    let sig =
        Signature::from_slice(&reopened.current(OFFICE).unwrap().sign_digest(&d).unwrap()).unwrap();
    assert!(keys[1].verifying_key.verify_prehash(&d, &sig).is_ok());
}

#[test]
fn private_keys_are_written_0600_and_a_readable_key_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut store = KeyStore::open_or_create(dir.path(), T0, "Test-CA").unwrap();
        store.ensure_office(OFFICE, NAME, T0).unwrap();
    }
    let ca_key = dir.path().join("ca.key.pem");
    let office_key = dir.path().join("offices/ja-04011.1.key.pem");
    assert_eq!(mode(&ca_key), 0o600);
    assert_eq!(mode(&office_key), 0o600);
    assert!(
        fs::read_to_string(&office_key)
            .unwrap()
            .starts_with("-----BEGIN PRIVATE KEY-----")
    );
    assert_eq!(mode(dir.path()), 0o700);
    // No temporary files are left behind.
    let leftovers: Vec<_> = fs::read_dir(dir.path().join("offices"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    fs::set_permissions(&office_key, fs::Permissions::from_mode(0o644)).unwrap();
    let err = KeyStore::open_or_create(dir.path(), T0, "Test-CA").unwrap_err();
    match &err {
        SealError::InsecureKeyFile { path, mode } => {
            assert_eq!(path, &office_key);
            assert_eq!(*mode, 0o644);
        }
        other => panic!("expected InsecureKeyFile, got {other:?}"),
    }
    let message = err.to_string();
    assert!(message.contains("ja-04011.1.key.pem"), "{message}");
    assert!(message.contains("chmod 600"), "{message}");

    // Group-readable is refused too, and so is the CA key.
    fs::set_permissions(&office_key, fs::Permissions::from_mode(0o600)).unwrap();
    fs::set_permissions(&ca_key, fs::Permissions::from_mode(0o640)).unwrap();
    assert!(matches!(
        KeyStore::open_or_create(dir.path(), T0, "Test-CA"),
        Err(SealError::InsecureKeyFile { path, .. }) if path == ca_key
    ));
    fs::set_permissions(&ca_key, fs::Permissions::from_mode(0o600)).unwrap();
    assert!(KeyStore::open_or_create(dir.path(), T0, "Test-CA").is_ok());
}

#[test]
fn index_lists_the_keys_for_people() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = KeyStore::open_or_create(dir.path(), T0, "Test-CA").unwrap();
    store.ensure_office(OFFICE, NAME, T0).unwrap();
    store.rotate(OFFICE, T0 + Duration::days(1)).unwrap();
    let index: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(dir.path().join("index.json")).unwrap()).unwrap();
    assert_eq!(index["ca"]["name"], "Test-CA");
    assert_eq!(index["keys"][0]["key_id"], "ja-04011.1");
    assert_eq!(index["keys"][0]["office_name"], NAME);
    assert_eq!(index["keys"][0]["retired_at"], "2026-11-03T10:15:30Z");
    assert_eq!(index["keys"][1]["key_id"], "ja-04011.2");
    assert!(index["keys"][1]["retired_at"].is_null());
    let cert = fs::read_to_string(dir.path().join("offices/ja-04011.2.cert.pem")).unwrap();
    assert!(cert.starts_with("-----BEGIN CERTIFICATE-----"));
}

#[test]
fn a_tampered_index_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut store = KeyStore::open_or_create(dir.path(), T0, "Test-CA").unwrap();
        store.ensure_office(OFFICE, NAME, T0).unwrap();
    }
    let path = dir.path().join("index.json");
    let index = fs::read_to_string(&path).unwrap();
    // Claiming a longer validity than the certificate gives.
    let tampered = index.replacen("\"valid_until\": \"2029-", "\"valid_until\": \"2039-", 1);
    assert_ne!(tampered, index);
    fs::write(&path, &tampered).unwrap();
    let err = KeyStore::open_or_create(dir.path(), T0, "Test-CA").unwrap_err();
    assert!(err.to_string().contains("validity differs"), "{err}");

    // A key id that would leave the directory.
    let escaping = index.replace(
        "\"key_id\": \"ja-04011.1\"",
        "\"key_id\": \"../ja-04011.1\"",
    );
    fs::write(&path, escaping).unwrap();
    let err = KeyStore::open_or_create(dir.path(), T0, "Test-CA").unwrap_err();
    assert!(err.to_string().contains("malformed key id"), "{err}");
}

#[test]
fn an_orphaned_ca_key_is_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    {
        KeyStore::open_or_create(dir.path(), T0, "Test-CA").unwrap();
    }
    let ca_key = fs::read(dir.path().join("ca.key.pem")).unwrap();
    fs::remove_file(dir.path().join("index.json")).unwrap();
    let err = KeyStore::open_or_create(dir.path(), T0, "Test-CA").unwrap_err();
    assert!(err.to_string().contains("ca.key.pem exists"), "{err}");
    assert_eq!(fs::read(dir.path().join("ca.key.pem")).unwrap(), ca_key);
}

#[test]
fn seal_certificate_validity_is_configurable() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = KeyStore::open_or_create(dir.path(), T0, "Test-CA").unwrap();
    assert!(store.set_seal_validity_days(0).is_err());
    store.set_seal_validity_days(30).unwrap();
    let key = store.ensure_office(OFFICE, NAME, T0).unwrap();
    assert_eq!(key.valid_until(), T0 + Duration::days(30));
    // After the certificate ends there is no key to seal with, though the key is not retired.
    assert!(store.current_at(OFFICE, T0 + Duration::days(31)).is_none());
    assert!(store.current(OFFICE).is_some());
}

#[test]
fn bad_office_ids_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = KeyStore::open_or_create(dir.path(), T0, "Test-CA").unwrap();
    for bad in ["", "../x", "ja.04011", "JA-04011", "ja 04011"] {
        assert!(store.ensure_office(bad, NAME, T0).is_err(), "{bad:?}");
    }
    assert!(store.list().is_empty());
}
