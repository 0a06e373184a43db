//! The federation replay guard's memory: a message id is accepted once, and forgotten after an
//! hour.

use crate::support::{bremen, cuxhaven, empty_store, later, t0};

#[tokio::test]
async fn a_federation_message_id_is_first_only_once() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let store = empty_store(backend, dir.path()).await;

        assert!(
            store
                .first_federation_message("m-1", &bremen(), t0())
                .await
                .unwrap(),
            "[{backend}] a new id is the first time"
        );
        assert!(
            !store
                .first_federation_message("m-1", &bremen(), later(1))
                .await
                .unwrap(),
            "[{backend}] the same id again is a replay"
        );
        assert!(
            !store
                .first_federation_message("m-1", &cuxhaven(), later(2))
                .await
                .unwrap(),
            "[{backend}] the same id from another office is a replay too"
        );
        assert!(
            store
                .first_federation_message("m-2", &bremen(), later(2))
                .await
                .unwrap(),
            "[{backend}] another id is the first time"
        );
    }
}

#[tokio::test]
async fn federation_message_ids_older_than_an_hour_are_purged() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let store = empty_store(backend, dir.path()).await;

        assert!(
            store
                .first_federation_message("old", &bremen(), t0())
                .await
                .unwrap()
        );
        // 59 minutes on, the id is still remembered.
        assert!(
            !store
                .first_federation_message("old", &bremen(), later(59))
                .await
                .unwrap(),
            "[{backend}] remembered within the hour"
        );
        // Another message more than an hour after the first purges it.
        assert!(
            store
                .first_federation_message("new", &bremen(), later(61))
                .await
                .unwrap()
        );
        assert!(
            store
                .first_federation_message("old", &bremen(), later(62))
                .await
                .unwrap(),
            "[{backend}] purged after an hour, so recorded anew"
        );
    }
}
