//! The outbox of notifications for registers on nodes, and the node's side of it: a forwarded
//! entry is recorded once under the id the platform chose.

use store::StoreError;

use crate::support::{bremen, cuxhaven, later, notification, online_service, seeded_store, t0};

/// Unix milliseconds of [`later`]`(minutes)`.
fn ms(minutes: i64) -> i64 {
    (later(minutes).unix_timestamp_nanos() / 1_000_000) as i64
}

#[tokio::test]
async fn a_queued_notification_is_claimed_retried_and_emptied_on_delivery() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let store = seeded_store(backend, dir.path()).await;
        let cux = cuxhaven();
        let queued = store
            .queue_entry_forward(&online_service(), t0(), ms(0), "f-1", &cux, &notification())
            .await
            .unwrap();
        assert_eq!(queued.attempts, 0, "[{backend}]");
        assert_eq!(
            store.entry_forwards_waiting_by_office(10).await.unwrap(),
            [(cux.clone(), 1)],
            "[{backend}]"
        );

        // Claimed once: a second worker in the lease finds nothing.
        let claimed = store.claim_entry_forwards(ms(0), 60_000, 10).await.unwrap();
        assert_eq!(claimed.len(), 1, "[{backend}]");
        assert_eq!(claimed[0].notification, notification(), "[{backend}]");
        assert_eq!(claimed[0].register_office, cux, "[{backend}]");
        assert!(
            store
                .claim_entry_forwards(ms(0), 60_000, 10)
                .await
                .unwrap()
                .is_empty(),
            "[{backend}] leased"
        );
        // A failed try counts and is due again when it says.
        store
            .entry_forward_failed("f-1", ms(5), "unreachable: connection failed")
            .await
            .unwrap();
        assert!(
            store
                .claim_entry_forwards(ms(4), 60_000, 10)
                .await
                .unwrap()
                .is_empty()
        );
        let again = store.claim_entry_forwards(ms(5), 60_000, 10).await.unwrap();
        assert_eq!(again[0].attempts, 1, "[{backend}]");

        // Delivered: out of the queue, contents gone, audited once.
        let system = store::Actor::system("federation");
        assert!(
            store
                .entry_forward_delivered(&system, later(6), "f-1")
                .await
                .unwrap()
        );
        assert!(
            !store
                .entry_forward_delivered(&system, later(7), "f-1")
                .await
                .unwrap(),
            "[{backend}] a second receipt changes nothing"
        );
        let state = store.entry_forward("f-1").await.unwrap().unwrap();
        assert_eq!(state.delivered_at, Some(later(6)), "[{backend}]");
        assert!(
            store
                .claim_entry_forwards(ms(60), 60_000, 10)
                .await
                .unwrap()
                .is_empty()
        );
        assert!(
            store
                .entry_forwards_waiting_by_office(10)
                .await
                .unwrap()
                .is_empty()
        );
        let actions: Vec<String> = store
            .audit_of("f-1")
            .await
            .unwrap()
            .into_iter()
            .map(|r| r.action)
            .collect();
        assert_eq!(
            actions,
            ["register_entry.forward_queued", "register_entry.forwarded"],
            "[{backend}]"
        );
        // The platform's register never had it.
        assert_eq!(store.entry_owner("f-1").await.unwrap(), None, "[{backend}]");
    }
}

#[tokio::test]
async fn a_forwarded_entry_is_recorded_once_under_its_id() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let store = seeded_store(backend, dir.path()).await;
        let cux = cuxhaven();
        let system = store::Actor::system("federation");
        let (first, created) = store
            .insert_entry_once(&system, t0(), "e-1", &cux, &notification())
            .await
            .unwrap();
        assert!(created, "[{backend}]");
        let (again, created) = store
            .insert_entry_once(&system, later(1), "e-1", &cux, &notification())
            .await
            .unwrap();
        assert!(!created, "[{backend}] delivered again, recorded once");
        assert_eq!(again, first, "[{backend}]");
        assert_eq!(store.entry_count(&cux).await.unwrap(), 1, "[{backend}]");
        // The same id for another register is not the same entry.
        let other = store
            .insert_entry_once(&system, later(2), "e-1", &bremen(), &notification())
            .await;
        assert!(
            matches!(other, Err(StoreError::Conflict(_))),
            "[{backend}] {other:?}"
        );
        let created = store
            .audit_of("e-1")
            .await
            .unwrap()
            .into_iter()
            .filter(|r| r.action == "register_entry.created")
            .count();
        assert_eq!(created, 1, "[{backend}]");
    }
}
