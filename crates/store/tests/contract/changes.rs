//! Four-eyes changes: requested by one person, effective only when another approves.

use store::changes::{RequestStatus, RequestedChange};
use store::register::EntryStatus;
use store::{Actor, StoreError};

use crate::support::{berlin, cuxhaven, insert_entry, later, notification, seeded_store, t0};

fn clerk() -> Actor {
    Actor {
        id: "staff:cux-clerk".into(),
        office: Some(cuxhaven()),
    }
}

fn supervisor() -> Actor {
    Actor {
        id: "staff:cux-supervisor".into(),
        office: Some(cuxhaven()),
    }
}

#[tokio::test]
async fn a_cancellation_takes_effect_only_when_a_second_person_approves() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let store = seeded_store(backend, dir.path()).await;
        let cux = cuxhaven();
        insert_entry(&store, "entry-1", &cux, &notification(), t0()).await;

        let request = store
            .request_entry_change(
                &clerk(),
                later(1),
                &cux,
                "req-1",
                "entry-1",
                &RequestedChange::Cancel,
                "recorded in error",
            )
            .await
            .unwrap();
        assert_eq!(request.status, RequestStatus::Pending, "[{backend}]");
        assert_eq!(request.base_version, 1, "[{backend}]");
        let entry = store
            .entry(&clerk(), later(2), &cux, "entry-1")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            entry.status,
            EntryStatus::Active,
            "[{backend}] not yet in effect"
        );

        // The requester cannot approve their own request.
        let own = store
            .approve_entry_change(&clerk(), later(3), &cux, "req-1", None)
            .await;
        assert!(
            matches!(own, Err(StoreError::Conflict(_))),
            "[{backend}] {own:?}"
        );

        let pending = store
            .pending_entry_changes(&supervisor(), later(4), &cux)
            .await
            .unwrap();
        assert_eq!(pending.len(), 1, "[{backend}]");

        let entry = store
            .approve_entry_change(&supervisor(), later(5), &cux, "req-1", Some("checked"))
            .await
            .unwrap();
        assert_eq!(
            (entry.status, entry.version),
            (EntryStatus::Cancelled, 2),
            "[{backend}] in effect"
        );
        let history = store
            .entry_history(&supervisor(), later(6), &cux, "entry-1")
            .await
            .unwrap();
        assert_eq!(history.len(), 2, "[{backend}] nothing deleted");
        assert_eq!(
            history[1].reason.as_deref(),
            Some("recorded in error"),
            "[{backend}]"
        );
        assert_eq!(history[1].actor, "staff:cux-supervisor", "[{backend}]");

        let decided = store
            .entry_change_request(&cux, "req-1")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(decided.status, RequestStatus::Approved, "[{backend}]");
        assert_eq!(
            decided.decided_by.as_deref(),
            Some("staff:cux-supervisor"),
            "[{backend}]"
        );
        assert_eq!(
            decided.decision_note.as_deref(),
            Some("checked"),
            "[{backend}]"
        );
        assert!(
            store
                .pending_entry_changes(&supervisor(), later(7), &cux)
                .await
                .unwrap()
                .is_empty(),
            "[{backend}] the queue is empty"
        );

        let actions: Vec<String> = store
            .audit_of("entry-1")
            .await
            .unwrap()
            .into_iter()
            .map(|r| r.action)
            .collect();
        for action in [
            "register_entry.change_requested",
            "register_entry.cancelled",
            "register_entry.change_approved",
        ] {
            assert!(
                actions.iter().any(|a| a == action),
                "[{backend}] {action} in {actions:?}"
            );
        }
    }
}

#[tokio::test]
async fn a_rejected_or_withdrawn_correction_changes_nothing() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let store = seeded_store(backend, dir.path()).await;
        let cux = cuxhaven();
        insert_entry(&store, "entry-1", &cux, &notification(), t0()).await;
        let mut corrected = notification();
        corrected.source.reference = "UR 1235/2020".into();
        let correction = RequestedChange::Correct(Box::new(corrected.clone()));

        store
            .request_entry_change(
                &clerk(),
                later(1),
                &cux,
                "req-1",
                "entry-1",
                &correction,
                "typo",
            )
            .await
            .unwrap();
        // One pending request per entry.
        let second = store
            .request_entry_change(
                &clerk(),
                later(2),
                &cux,
                "req-2",
                "entry-1",
                &correction,
                "again",
            )
            .await;
        assert!(
            matches!(second, Err(StoreError::Conflict(_))),
            "[{backend}] {second:?}"
        );

        let rejected = store
            .reject_entry_change(&supervisor(), later(3), &cux, "req-1", "the deed says 1234")
            .await
            .unwrap();
        assert_eq!(rejected.status, RequestStatus::Rejected, "[{backend}]");
        let again = store
            .approve_entry_change(&supervisor(), later(4), &cux, "req-1", None)
            .await;
        assert!(
            matches!(again, Err(StoreError::Conflict(_))),
            "[{backend}] decided once"
        );

        store
            .request_entry_change(
                &clerk(),
                later(5),
                &cux,
                "req-3",
                "entry-1",
                &correction,
                "typo",
            )
            .await
            .unwrap();
        let not_theirs = store
            .withdraw_entry_change(&supervisor(), later(6), &cux, "req-3")
            .await;
        assert!(
            matches!(not_theirs, Err(StoreError::Conflict(_))),
            "[{backend}]"
        );
        let withdrawn = store
            .withdraw_entry_change(&clerk(), later(6), &cux, "req-3")
            .await
            .unwrap();
        assert_eq!(withdrawn.status, RequestStatus::Withdrawn, "[{backend}]");

        let entry = store
            .entry(&clerk(), later(7), &cux, "entry-1")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (entry.version, entry.notification),
            (1, notification()),
            "[{backend}]"
        );
        let all = store.entry_change_requests(&cux, "entry-1").await.unwrap();
        assert_eq!(all.len(), 2, "[{backend}] every request is kept");
    }
}

#[tokio::test]
async fn an_approval_after_the_entry_changed_otherwise_is_refused() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let store = seeded_store(backend, dir.path()).await;
        let cux = cuxhaven();
        insert_entry(&store, "entry-1", &cux, &notification(), t0()).await;
        let mut corrected = notification();
        corrected.source.reference = "UR 1235/2020".into();
        store
            .request_entry_change(
                &clerk(),
                later(1),
                &cux,
                "req-1",
                "entry-1",
                &RequestedChange::Correct(Box::new(corrected.clone())),
                "typo",
            )
            .await
            .unwrap();
        // Office software changes the entry through the API in between.
        store
            .correct_entry(
                &supervisor(),
                later(2),
                &cux,
                "entry-1",
                &corrected,
                "by API",
            )
            .await
            .unwrap();
        let stale = store
            .approve_entry_change(&supervisor(), later(3), &cux, "req-1", None)
            .await;
        assert!(
            matches!(stale, Err(StoreError::Conflict(_))),
            "[{backend}] {stale:?}"
        );
        let request = store
            .entry_change_request(&cux, "req-1")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            request.status,
            RequestStatus::Pending,
            "[{backend}] nothing half-done"
        );
    }
}

#[tokio::test]
async fn another_office_can_neither_request_nor_see_nor_decide() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let store = seeded_store(backend, dir.path()).await;
        let cux = cuxhaven();
        let ber = berlin();
        let outsider = Actor {
            id: "staff:ber-supervisor".into(),
            office: Some(ber.clone()),
        };
        insert_entry(&store, "entry-1", &cux, &notification(), t0()).await;
        let foreign = store
            .request_entry_change(
                &outsider,
                later(1),
                &ber,
                "req-x",
                "entry-1",
                &RequestedChange::Cancel,
                "not mine",
            )
            .await;
        assert!(
            matches!(foreign, Err(StoreError::NotFound)),
            "[{backend}] {foreign:?}"
        );

        store
            .request_entry_change(
                &clerk(),
                later(2),
                &cux,
                "req-1",
                "entry-1",
                &RequestedChange::Cancel,
                "recorded in error",
            )
            .await
            .unwrap();
        assert!(
            store
                .pending_entry_changes(&outsider, later(3), &ber)
                .await
                .unwrap()
                .is_empty(),
            "[{backend}]"
        );
        assert!(
            store
                .entry_change_request(&ber, "req-1")
                .await
                .unwrap()
                .is_none(),
            "[{backend}]"
        );
        let decided = store
            .approve_entry_change(&outsider, later(4), &ber, "req-1", None)
            .await;
        assert!(
            matches!(decided, Err(StoreError::NotFound)),
            "[{backend}] {decided:?}"
        );
    }
}
