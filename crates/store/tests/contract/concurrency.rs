//! Races between clones of one store: the guarantees that make retries and parallel workers safe.

use std::collections::BTreeSet;

use domain::decision::Outcome;
use domain::register::RegisterAnswer;
use store::StoreError;
use store::applications::{Inserted, Resolution};

use crate::support::{
    Submit, admin, bremen, cuxhaven, later, new_certificate, notification, seeded_store, staff,
};

const RACERS: usize = 20;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_inserts_with_one_key_create_one_application() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let store = seeded_store(backend, dir.path()).await;

        let tasks: Vec<_> = (0..RACERS)
            .map(|i| {
                let store = store.clone();
                tokio::spawn(async move {
                    let id = format!("app-{i}");
                    Submit {
                        key: Some("one-key"),
                        hash: "one-hash",
                        ..Submit::new(&id)
                    }
                    .try_insert(&store)
                    .await
                })
            })
            .collect();
        let mut results = Vec::new();
        for task in tasks {
            results.push(
                task.await
                    .unwrap()
                    .unwrap_or_else(|e| panic!("[{backend}] a racing insert failed: {e}")),
            );
        }

        let new: Vec<&String> = results
            .iter()
            .filter_map(|r| match r {
                Inserted::New(id) => Some(id),
                Inserted::Existing { .. } => None,
            })
            .collect();
        assert_eq!(new.len(), 1, "[{backend}] exactly one New: {results:?}");
        let winner = new[0].clone();
        let existing = results
            .iter()
            .filter(|r| {
                **r == Inserted::Existing {
                    id: winner.clone(),
                    same_request: true,
                }
            })
            .count();
        assert_eq!(
            existing,
            RACERS - 1,
            "[{backend}] every other insert finds the winner: {results:?}"
        );
        assert_eq!(store.application_count().await.unwrap(), 1, "[{backend}]");
        assert_eq!(
            store.audit_of(&winner).await.unwrap().len(),
            1,
            "[{backend}] one audit record"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_steps_are_taken_once() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let store = seeded_store(backend, dir.path()).await;
        Submit::new("app-1").insert(&store).await;

        let sends: Vec<_> = (0..10)
            .map(|i| {
                let store = store.clone();
                tokio::spawn(async move {
                    store
                        .send_register_query(
                            &admin(),
                            later(1),
                            "app-1",
                            &format!("query-{i}"),
                            &bremen(),
                            &cuxhaven(),
                            "{}",
                        )
                        .await
                })
            })
            .collect();
        let mut moved = 0;
        for task in sends {
            if task.await.unwrap().unwrap() {
                moved += 1;
            }
        }
        assert_eq!(moved, 1, "[{backend}] one send wins");

        let resolutions: Vec<_> = (0..10u64)
            .map(|i| {
                let store = store.clone();
                tokio::spawn(async move {
                    store
                        .resolve_application(
                            &admin(),
                            later(3),
                            "app-1",
                            &RegisterAnswer::None,
                            later(2),
                            Resolution::Decided {
                                outcome: Outcome::NegativeCertificate,
                                certificate: Some(new_certificate(100 + i)),
                            },
                        )
                        .await
                })
            })
            .collect();
        let mut resolved = 0;
        for task in resolutions {
            if task.await.unwrap().unwrap() {
                resolved += 1;
            }
        }
        assert_eq!(resolved, 1, "[{backend}] one resolution wins");
        assert_eq!(
            store.certificate_count("app-1").await.unwrap(),
            1,
            "[{backend}] one certificate"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_workers_never_claim_one_application_twice() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let store = seeded_store(backend, dir.path()).await;
        let ids: Vec<String> = (0..8).map(|i| format!("app-{i}")).collect();
        for (i, id) in ids.iter().enumerate() {
            Submit {
                at: later(i as i64),
                ..Submit::new(id)
            }
            .insert(&store)
            .await;
        }

        let workers: Vec<_> = (0..12)
            .map(|_| {
                let store = store.clone();
                tokio::spawn(async move { store.claim_unfinished(1_000, 60_000, 1).await })
            })
            .collect();
        let mut claimed = Vec::new();
        for worker in workers {
            let got = worker.await.unwrap().unwrap();
            assert!(got.len() <= 1, "[{backend}] the limit holds: {got:?}");
            claimed.extend(got);
        }
        // Whatever the racers skipped, one more claim at the same instant picks up.
        claimed.extend(store.claim_unfinished(1_000, 60_000, 100).await.unwrap());

        let distinct: BTreeSet<&String> = claimed.iter().collect();
        assert_eq!(
            distinct.len(),
            claimed.len(),
            "[{backend}] an application was claimed twice: {claimed:?}"
        );
        assert_eq!(
            distinct,
            ids.iter().collect::<BTreeSet<_>>(),
            "[{backend}] every application was claimed"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_corrections_never_lose_a_version() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let store = seeded_store(backend, dir.path()).await;
        let cux = cuxhaven();
        crate::support::insert_entry(&store, "entry-1", &cux, &notification(), later(0)).await;

        let tasks: Vec<_> = (0..10i64)
            .map(|i| {
                let store = store.clone();
                let cux = cux.clone();
                tokio::spawn(async move {
                    let mut n = notification();
                    n.source.reference = format!("UR {i}/2020");
                    store
                        .correct_entry(&staff(&cux), later(i + 1), &cux, "entry-1", &n, "fix")
                        .await
                })
            })
            .collect();
        let mut versions = Vec::new();
        for task in tasks {
            match task.await.unwrap() {
                Ok(record) => versions.push(record.version),
                // Losing the race is allowed; failing any other way is not.
                Err(StoreError::Conflict(_)) => {}
                Err(e) => panic!("[{backend}] a racing correction failed: {e}"),
            }
        }
        versions.sort();

        assert!(
            !versions.is_empty(),
            "[{backend}] at least one correction wins"
        );
        let expected: Vec<i64> = (2..2 + versions.len() as i64).collect();
        assert_eq!(
            versions, expected,
            "[{backend}] each winner got its own version"
        );
        let history = store
            .entry_history(&staff(&cux), later(20), &cux, "entry-1")
            .await
            .unwrap();
        assert_eq!(
            history.iter().map(|v| v.version).collect::<Vec<_>>(),
            (1..=1 + versions.len() as i64).collect::<Vec<_>>(),
            "[{backend}] one history version per successful change"
        );
        let current = store
            .entry(&staff(&cux), later(20), &cux, "entry-1")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            Some(&current.notification),
            history.last().map(|v| &v.notification),
            "[{backend}] the current content is the last version"
        );
    }
}
