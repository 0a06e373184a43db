//! API clients and their token hashes.

use store::StoreError;
use store::clients::Role;

use crate::support::{
    admin, bremen, client, cuxhaven, later, office, seeded_store, t0, token_hash,
};

#[tokio::test]
async fn a_client_is_found_by_its_token_hash() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let store = seeded_store(backend, dir.path()).await;
        let before = store.client_count().await.unwrap();
        let staff = client("staff-bremen", Role::OfficeStaff, Some(bremen()));
        let notary = client("notary", Role::RecordingOffice, None);

        store
            .create_client(&admin(), t0(), &staff, "hash-staff")
            .await
            .unwrap();
        store
            .create_client(&admin(), t0(), &notary, "hash-notary")
            .await
            .unwrap();

        assert_eq!(
            store.client_by_token_hash("hash-staff").await.unwrap(),
            Some(staff),
            "[{backend}] office staff round-trips with their office"
        );
        assert_eq!(
            store.client_by_token_hash("hash-notary").await.unwrap(),
            Some(notary),
            "[{backend}] a recording office round-trips without office"
        );
        assert_eq!(
            store.client_count().await.unwrap(),
            before + 2,
            "[{backend}] client count"
        );
    }
}

#[tokio::test]
async fn an_unknown_token_hash_finds_no_client() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let store = seeded_store(backend, dir.path()).await;
        assert!(
            store
                .client_by_token_hash(&token_hash(crate::support::ONLINE_SERVICE))
                .await
                .unwrap()
                .is_some(),
            "[{backend}] the seeded client is found"
        );
        assert_eq!(
            store.client_by_token_hash("no-such-hash").await.unwrap(),
            None,
            "[{backend}] unknown hash"
        );
        assert_eq!(
            store.client_by_token_hash("").await.unwrap(),
            None,
            "[{backend}] empty hash"
        );
    }
}

#[tokio::test]
async fn office_staff_must_belong_to_an_office_and_only_they() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let store = seeded_store(backend, dir.path()).await;
        let before = store.client_count().await.unwrap();

        let homeless = client("staff-nowhere", Role::OfficeStaff, None);
        let result = store.create_client(&admin(), t0(), &homeless, "h1").await;
        assert!(
            matches!(result, Err(StoreError::Conflict(_))),
            "[{backend}] office staff without office: {result:?}"
        );

        let admin_with_office = client("admin-bremen", Role::Admin, Some(bremen()));
        let result = store
            .create_client(&admin(), t0(), &admin_with_office, "h2")
            .await;
        assert!(
            matches!(result, Err(StoreError::Conflict(_))),
            "[{backend}] an admin with an office: {result:?}"
        );

        let unknown_office = client("staff-x", Role::OfficeStaff, Some(office("ja-99999")));
        let result = store
            .create_client(&admin(), t0(), &unknown_office, "h3")
            .await;
        assert!(
            result.is_err(),
            "[{backend}] office staff of an office that does not exist"
        );

        assert_eq!(
            store.client_count().await.unwrap(),
            before,
            "[{backend}] no client was written"
        );
        for hash in ["h1", "h2", "h3"] {
            assert_eq!(
                store.client_by_token_hash(hash).await.unwrap(),
                None,
                "[{backend}] {hash}"
            );
        }
    }
}

#[tokio::test]
async fn a_duplicate_token_hash_or_id_is_refused_without_a_trace() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let store = seeded_store(backend, dir.path()).await;
        let first = client("staff-cux-1", Role::OfficeStaff, Some(cuxhaven()));
        store
            .create_client(&admin(), t0(), &first, "shared-hash")
            .await
            .unwrap();
        let count = store.client_count().await.unwrap();

        let second = client("staff-cux-2", Role::OfficeStaff, Some(cuxhaven()));
        let result = store
            .create_client(&admin(), later(1), &second, "shared-hash")
            .await;
        assert!(result.is_err(), "[{backend}] duplicate token hash accepted");

        let same_id = client("staff-cux-1", Role::Admin, None);
        let result = store
            .create_client(&admin(), later(2), &same_id, "other-hash")
            .await;
        assert!(result.is_err(), "[{backend}] duplicate client id accepted");

        assert_eq!(
            store.client_count().await.unwrap(),
            count,
            "[{backend}] client count unchanged"
        );
        assert_eq!(
            store.client_by_token_hash("shared-hash").await.unwrap(),
            Some(first),
            "[{backend}] the hash still leads to the first client"
        );
        assert_eq!(
            store.client_by_token_hash("other-hash").await.unwrap(),
            None,
            "[{backend}] the refused client is not findable"
        );
        assert!(
            store.audit_of("staff-cux-2").await.unwrap().is_empty(),
            "[{backend}] no audit record for a client that was not created"
        );
        assert_eq!(
            store.audit_of("staff-cux-1").await.unwrap().len(),
            1,
            "[{backend}] one audit record for the one client created"
        );
    }
}
