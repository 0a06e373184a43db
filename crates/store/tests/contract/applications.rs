//! Applications: idempotent insertion and the persisted pipeline state machine.

use std::collections::BTreeSet;

use domain::decision::Outcome;
use domain::eligibility::Ineligibility;
use domain::register::{CustodyPart, RegisterAnswer};
use store::applications::{Inserted, Resolution, Status};

use crate::support::{
    ONLINE_SERVICE, Submit, admin, bremen, create_client, cuxhaven, later, new_certificate,
    sample_application, seeded_store, send_query, t0,
};

fn decided(outcome: Outcome, certificate: Option<u64>) -> Resolution {
    Resolution::Decided {
        outcome,
        certificate: certificate.map(new_certificate),
    }
}

async fn resolve(
    store: &store::Store,
    id: &str,
    answer: &RegisterAnswer,
    resolution: Resolution,
) -> bool {
    store
        .resolve_application(&admin(), later(3), id, answer, later(2), resolution)
        .await
        .unwrap_or_else(|e| panic!("[{}] resolve {id}: {e}", store.backend_name()))
}

#[tokio::test]
async fn a_new_application_is_stored_received() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let store = seeded_store(backend, dir.path()).await;

        let inserted = Submit {
            key: Some("key-1"),
            hash: "hash-1",
            ..Submit::new("app-1")
        }
        .insert(&store)
        .await;

        assert_eq!(inserted, Inserted::New("app-1".into()), "[{backend}]");
        let record = store
            .application("app-1")
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("[{backend}] app-1 is stored"));
        assert_eq!(record.id, "app-1", "[{backend}]");
        assert_eq!(record.client_id, ONLINE_SERVICE, "[{backend}]");
        assert_eq!(record.request_hash, "hash-1", "[{backend}]");
        assert_eq!(record.status, Status::Received, "[{backend}]");
        assert_eq!(record.outcome, None, "[{backend}]");
        assert_eq!(record.issuing_office, bremen(), "[{backend}]");
        assert_eq!(record.register_office, cuxhaven(), "[{backend}]");
        assert_eq!(
            record.application,
            sample_application(),
            "[{backend}] payload"
        );
        assert_eq!(record.received_at, t0(), "[{backend}]");
        assert_eq!(record.decided_at, None, "[{backend}]");
        assert_eq!(store.application_count().await.unwrap(), 1, "[{backend}]");
        assert_eq!(
            store.application("app-unknown").await.unwrap(),
            None,
            "[{backend}] unknown id"
        );
    }
}

#[tokio::test]
async fn the_same_client_and_key_find_the_first_application() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let store = seeded_store(backend, dir.path()).await;
        let first = Submit {
            key: Some("key-1"),
            hash: "hash-1",
            ..Submit::new("app-1")
        };
        assert_eq!(first.insert(&store).await, Inserted::New("app-1".into()));

        let repeated = Submit {
            id: "app-2",
            at: later(1),
            ..first
        }
        .insert(&store)
        .await;
        assert_eq!(
            repeated,
            Inserted::Existing {
                id: "app-1".into(),
                same_request: true
            },
            "[{backend}] a retry of the same request"
        );

        let different_body = Submit {
            id: "app-3",
            hash: "hash-other",
            at: later(2),
            ..first
        }
        .insert(&store)
        .await;
        assert_eq!(
            different_body,
            Inserted::Existing {
                id: "app-1".into(),
                same_request: false
            },
            "[{backend}] the key reused for another body"
        );

        assert_eq!(store.application_count().await.unwrap(), 1, "[{backend}]");
        for id in ["app-2", "app-3"] {
            assert_eq!(
                store.application(id).await.unwrap(),
                None,
                "[{backend}] {id}"
            );
        }
        let stored = store.application("app-1").await.unwrap().unwrap();
        assert_eq!(
            (stored.request_hash.as_str(), stored.received_at),
            ("hash-1", t0()),
            "[{backend}] the first application is untouched"
        );
    }
}

#[tokio::test]
async fn without_a_key_every_insert_is_a_new_application() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let store = seeded_store(backend, dir.path()).await;

        let a = Submit::new("app-a").insert(&store).await;
        let b = Submit::new("app-b").insert(&store).await;

        assert_eq!(a, Inserted::New("app-a".into()), "[{backend}]");
        assert_eq!(b, Inserted::New("app-b".into()), "[{backend}]");
        assert_eq!(store.application_count().await.unwrap(), 2, "[{backend}]");
    }
}

#[tokio::test]
async fn idempotency_keys_belong_to_one_client() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let store = seeded_store(backend, dir.path()).await;
        create_client(
            &store,
            "other-service",
            store::clients::Role::OnlineService,
            None,
        )
        .await;

        let mine = Submit {
            key: Some("shared-key"),
            ..Submit::new("app-mine")
        }
        .insert(&store)
        .await;
        let theirs = Submit {
            client_id: "other-service",
            key: Some("shared-key"),
            ..Submit::new("app-theirs")
        }
        .insert(&store)
        .await;

        assert_eq!(mine, Inserted::New("app-mine".into()), "[{backend}]");
        assert_eq!(
            theirs,
            Inserted::New("app-theirs".into()),
            "[{backend}] another client's key does not collide"
        );
        assert_eq!(store.application_count().await.unwrap(), 2, "[{backend}]");
        assert_eq!(
            store
                .application("app-theirs")
                .await
                .unwrap()
                .map(|a| a.client_id),
            Some("other-service".to_owned()),
            "[{backend}]"
        );
    }
}

#[tokio::test]
async fn an_application_from_an_unknown_client_is_refused() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let store = seeded_store(backend, dir.path()).await;
        let result = Submit {
            client_id: "no-such-client",
            ..Submit::new("app-x")
        }
        .try_insert(&store)
        .await;
        assert!(
            result.is_err(),
            "[{backend}] unknown client accepted: {result:?}"
        );
        assert_eq!(store.application_count().await.unwrap(), 0, "[{backend}]");
        assert!(
            store.audit_of("app-x").await.unwrap().is_empty(),
            "[{backend}] no audit record for an application that was not stored"
        );
    }
}

#[tokio::test]
async fn a_refused_application_is_stored_decided_not_eligible() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let store = seeded_store(backend, dir.path()).await;

        let inserted = Submit {
            refused: Some(Ineligibility::MarriedToFather),
            ..Submit::new("app-refused")
        }
        .insert(&store)
        .await;

        assert_eq!(inserted, Inserted::New("app-refused".into()), "[{backend}]");
        let record = store.application("app-refused").await.unwrap().unwrap();
        assert_eq!(record.status, Status::Decided, "[{backend}]");
        assert_eq!(
            record.outcome,
            Some(Outcome::NotEligible {
                reason: Ineligibility::MarriedToFather
            }),
            "[{backend}] outcome with its reason"
        );
        assert_eq!(record.decided_at, Some(t0()), "[{backend}]");
        assert_eq!(
            store.certificate_count("app-refused").await.unwrap(),
            0,
            "[{backend}] no certificate"
        );
        assert!(
            !store
                .send_register_query(
                    &admin(),
                    later(1),
                    "app-refused",
                    "q",
                    &bremen(),
                    &cuxhaven(),
                    "{}"
                )
                .await
                .unwrap(),
            "[{backend}] a decided application sends no register query"
        );
        assert_eq!(
            store.register_query_of("app-refused").await.unwrap(),
            None,
            "[{backend}]"
        );
    }
}

#[tokio::test]
async fn the_status_machine_moves_each_step_once() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let store = seeded_store(backend, dir.path()).await;
        Submit::new("app-1").insert(&store).await;

        assert!(
            !resolve(
                &store,
                "app-1",
                &RegisterAnswer::None,
                decided(Outcome::NegativeCertificate, Some(1))
            )
            .await,
            "[{backend}] cannot resolve before the query was sent"
        );
        assert_eq!(
            store.certificate_count("app-1").await.unwrap(),
            0,
            "[{backend}]"
        );

        // received → waiting_for_register, once.
        let sent = store
            .send_register_query(
                &admin(),
                later(1),
                "app-1",
                "query-1",
                &bremen(),
                &cuxhaven(),
                r#"{"message":"0801"}"#,
            )
            .await
            .unwrap();
        assert!(sent, "[{backend}] first send moves the application");
        assert_eq!(
            store.application("app-1").await.unwrap().unwrap().status,
            Status::WaitingForRegister,
            "[{backend}]"
        );
        assert_eq!(
            store.register_query_of("app-1").await.unwrap(),
            Some(("query-1".to_owned(), r#"{"message":"0801"}"#.to_owned())),
            "[{backend}] the query message is stored"
        );
        let again = store
            .send_register_query(
                &admin(),
                later(2),
                "app-1",
                "query-2",
                &bremen(),
                &cuxhaven(),
                "{}",
            )
            .await
            .unwrap();
        assert!(
            !again,
            "[{backend}] a repeated send reports the step as taken"
        );
        assert_eq!(
            store.register_query_of("app-1").await.unwrap().map(|q| q.0),
            Some("query-1".to_owned()),
            "[{backend}] the repeat stored no second query"
        );

        // waiting_for_register → decided, once, with its certificate.
        let first_certificate = new_certificate(1);
        assert!(
            resolve(
                &store,
                "app-1",
                &RegisterAnswer::None,
                decided(Outcome::NegativeCertificate, Some(1))
            )
            .await,
            "[{backend}] first resolution"
        );
        let record = store.application("app-1").await.unwrap().unwrap();
        assert_eq!(record.status, Status::Decided, "[{backend}]");
        assert_eq!(
            record.outcome,
            Some(Outcome::NegativeCertificate),
            "[{backend}]"
        );
        assert_eq!(record.decided_at, Some(later(3)), "[{backend}]");

        let certificate = store
            .certificate_of_application("app-1")
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("[{backend}] the certificate is stored"));
        assert_eq!(certificate.number, first_certificate.number, "[{backend}]");
        assert_eq!(certificate.application_id, "app-1", "[{backend}]");
        assert_eq!(certificate.issuing_office, bremen(), "[{backend}]");
        assert_eq!(certificate.outcome, "negative_certificate", "[{backend}]");
        assert_eq!(certificate.data, first_certificate.data, "[{backend}]");
        assert_eq!(
            certificate.issued_at, first_certificate.issued_at,
            "[{backend}]"
        );
        assert_eq!(
            certificate.register_as_of, first_certificate.register_as_of,
            "[{backend}]"
        );
        assert_eq!(
            store.certificate(&first_certificate.number).await.unwrap(),
            Some(certificate.clone()),
            "[{backend}] found by number too"
        );
        assert_eq!(certificate.key_id, "ja-04011.1", "[{backend}]");
        assert_eq!(
            certificate.qr_payload, first_certificate.document.qr_payload,
            "[{backend}]"
        );
        assert_eq!(certificate.revocation, None, "[{backend}]");
        let (_, pdf) = store
            .certificate_pdf(&admin(), later(8), &first_certificate.number)
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("[{backend}] the PDF is stored"));
        assert_eq!(
            pdf, first_certificate.document.pdf,
            "[{backend}] PDF bytes kept exactly"
        );

        let revoked = store
            .revoke_certificate(
                &admin(),
                later(9),
                &first_certificate.number,
                "Fehlerhafte Angaben",
            )
            .await
            .unwrap();
        let revocation = revoked
            .revocation
            .clone()
            .unwrap_or_else(|| panic!("[{backend}] revoked"));
        assert_eq!(revocation.at, later(9), "[{backend}]");
        assert_eq!(revocation.reason, "Fehlerhafte Angaben", "[{backend}]");
        let again = store
            .revoke_certificate(&admin(), later(10), &first_certificate.number, "anders")
            .await
            .unwrap();
        assert_eq!(
            again.revocation,
            Some(revocation),
            "[{backend}] the first revocation stands"
        );
        let trail = store
            .audit_of(first_certificate.number.as_str())
            .await
            .unwrap();
        assert_eq!(
            trail
                .iter()
                .filter(|r| r.action == "certificate.revoked")
                .count(),
            1,
            "[{backend}] one audited revocation"
        );
        assert!(
            trail.iter().any(|r| r.action == "certificate.pdf_read"),
            "[{backend}] the PDF read is audited"
        );

        assert!(
            !resolve(
                &store,
                "app-1",
                &RegisterAnswer::Entries,
                decided(Outcome::NoCertificate, Some(2))
            )
            .await,
            "[{backend}] a repeated resolution reports the step as taken"
        );
        assert_eq!(
            store.certificate_count("app-1").await.unwrap(),
            1,
            "[{backend}] still one certificate"
        );
        assert_eq!(
            store.certificate(&new_certificate(2).number).await.unwrap(),
            None,
            "[{backend}] the repeat's certificate was not written"
        );
        assert_eq!(
            store.application("app-1").await.unwrap().unwrap().outcome,
            Some(Outcome::NegativeCertificate),
            "[{backend}] the first outcome stands"
        );
    }
}

#[tokio::test]
async fn a_doubtful_answer_goes_to_review_without_certificate() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let store = seeded_store(backend, dir.path()).await;
        Submit::new("app-1").insert(&store).await;
        send_query(&store, "app-1").await;

        assert!(
            resolve(&store, "app-1", &RegisterAnswer::Maybe, Resolution::Review).await,
            "[{backend}]"
        );

        let record = store.application("app-1").await.unwrap().unwrap();
        assert_eq!(record.status, Status::InReview, "[{backend}]");
        assert_eq!(record.outcome, None, "[{backend}]");
        assert_eq!(record.decided_at, None, "[{backend}]");
        assert_eq!(
            store.certificate_of_application("app-1").await.unwrap(),
            None,
            "[{backend}]"
        );
        assert_eq!(
            store.certificate_count("app-1").await.unwrap(),
            0,
            "[{backend}]"
        );
        assert!(
            store
                .claim_unfinished(i64::MAX / 2, 1000, 10)
                .await
                .unwrap()
                .is_empty(),
            "[{backend}] an application in review is a person's work, not a worker's"
        );
    }
}

#[tokio::test]
async fn outcomes_round_trip() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let store = seeded_store(backend, dir.path()).await;
        let parts: BTreeSet<CustodyPart> = [CustodyPart::Health, CustodyPart::Residence].into();
        let single: BTreeSet<CustodyPart> = [CustodyPart::Schooling].into();
        let cases = [
            (
                "app-partial",
                RegisterAnswer::Partial {
                    parts: parts.clone(),
                },
                Outcome::PartialCertificate {
                    parts: parts.clone(),
                },
                Some(10),
            ),
            (
                "app-partial-one",
                RegisterAnswer::Partial {
                    parts: single.clone(),
                },
                Outcome::PartialCertificate { parts: single },
                Some(11),
            ),
            (
                "app-none",
                RegisterAnswer::Entries,
                Outcome::NoCertificate,
                None,
            ),
        ];
        for (id, answer, outcome, certificate) in cases {
            Submit::new(id).insert(&store).await;
            send_query(&store, id).await;
            assert!(
                resolve(&store, id, &answer, decided(outcome.clone(), certificate)).await,
                "[{backend}] {id}"
            );

            let record = store.application(id).await.unwrap().unwrap();
            assert_eq!(record.status, Status::Decided, "[{backend}] {id}");
            assert_eq!(record.outcome, Some(outcome.clone()), "[{backend}] {id}");
            let stored = store.certificate_of_application(id).await.unwrap();
            match certificate {
                Some(random) => {
                    let stored = stored.unwrap_or_else(|| panic!("[{backend}] {id} certificate"));
                    assert_eq!(stored.number, new_certificate(random).number, "[{backend}]");
                    assert_eq!(stored.outcome, outcome.as_str(), "[{backend}] {id}");
                }
                None => assert_eq!(stored, None, "[{backend}] {id} has no certificate"),
            }
        }
    }
}

#[tokio::test]
async fn claim_unfinished_takes_expired_leases_once() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let store = seeded_store(backend, dir.path()).await;
        // Received, lease ran out at 1000.
        Submit {
            lease_until_ms: 1_000,
            at: later(1),
            ..Submit::new("app-received")
        }
        .insert(&store)
        .await;
        // Received, lease still running until 5000.
        Submit {
            lease_until_ms: 5_000,
            at: later(2),
            ..Submit::new("app-leased")
        }
        .insert(&store)
        .await;
        // Waiting for the register, lease ran out.
        Submit {
            at: later(3),
            ..Submit::new("app-waiting")
        }
        .insert(&store)
        .await;
        send_query(&store, "app-waiting").await;
        // Refused at once: decided.
        Submit {
            refused: Some(Ineligibility::ChildOfAge),
            at: later(4),
            ..Submit::new("app-refused")
        }
        .insert(&store)
        .await;
        // Decided through the pipeline.
        Submit {
            at: later(5),
            ..Submit::new("app-decided")
        }
        .insert(&store)
        .await;
        send_query(&store, "app-decided").await;
        resolve(
            &store,
            "app-decided",
            &RegisterAnswer::None,
            decided(Outcome::NegativeCertificate, Some(7)),
        )
        .await;

        let mut claimed = store.claim_unfinished(2_000, 10_000, 10).await.unwrap();
        claimed.sort();
        assert_eq!(
            claimed,
            ["app-received", "app-waiting"],
            "[{backend}] only unfinished applications with an expired lease"
        );
        assert!(
            store
                .claim_unfinished(2_000, 10_000, 10)
                .await
                .unwrap()
                .is_empty(),
            "[{backend}] the claim extended the leases"
        );
        assert_eq!(
            store.claim_unfinished(11_999, 10_000, 10).await.unwrap(),
            ["app-leased"],
            "[{backend}] before the extended leases (12000) run out, only the other lease expired"
        );

        let mut reclaimed = store.claim_unfinished(30_000, 10_000, 10).await.unwrap();
        reclaimed.sort();
        assert_eq!(
            reclaimed,
            ["app-leased", "app-received", "app-waiting"],
            "[{backend}] after the extended leases ran out; never the decided ones"
        );

        let limited = store.claim_unfinished(100_000, 10_000, 1).await.unwrap();
        assert_eq!(
            limited,
            ["app-received"],
            "[{backend}] the limit holds, oldest application first"
        );
    }
}

#[tokio::test]
async fn claim_unfinished_takes_the_oldest_first_within_one_second() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let store = seeded_store(backend, dir.path()).await;
        Submit {
            at: t0(),
            ..Submit::new("app-older")
        }
        .insert(&store)
        .await;
        Submit {
            at: t0() + time::Duration::milliseconds(500),
            ..Submit::new("app-newer")
        }
        .insert(&store)
        .await;

        assert_eq!(
            store.claim_unfinished(1_000, 1_000, 1).await.unwrap(),
            ["app-older"],
            "[{backend}] the older application is claimed first"
        );
    }
}

#[tokio::test]
async fn an_outcome_the_store_accepts_can_be_read_back() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let store = seeded_store(backend, dir.path()).await;
        Submit::new("app-1").insert(&store).await;
        send_query(&store, "app-1").await;
        let empty = BTreeSet::new();

        let result = store
            .resolve_application(
                &admin(),
                later(3),
                "app-1",
                &RegisterAnswer::Partial {
                    parts: empty.clone(),
                },
                later(2),
                decided(
                    Outcome::PartialCertificate {
                        parts: empty.clone(),
                    },
                    None,
                ),
            )
            .await;

        let record = store.application("app-1").await;
        match result {
            // Refusing the write is fine, as long as nothing was written.
            Err(_) => assert_eq!(
                record.unwrap().map(|a| a.status),
                Some(Status::WaitingForRegister),
                "[{backend}] a refused resolution leaves the application waiting"
            ),
            Ok(moved) => {
                assert!(moved, "[{backend}]");
                let record = record.unwrap_or_else(|e| {
                    panic!("[{backend}] an accepted outcome cannot be read back: {e}")
                });
                assert_eq!(
                    record.and_then(|a| a.outcome),
                    Some(Outcome::PartialCertificate { parts: empty }),
                    "[{backend}]"
                );
            }
        }
    }
}
