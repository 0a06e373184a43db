//! Review where the register is kept: a query received over federation that went to review
//! joins the register office's queue beside its own applications' cases and is settled once;
//! on the asking side, an application in review at its register office's node stays out of
//! the local queue and is claimed again by the worker until the node's answer decides it.

use domain::PersonName;
use domain::decision::Outcome;
use domain::matching::{MatchClass, MatchPolicy};
use domain::register::{Notification, RegisterAnswer};
use domain::review::Verdict;
use store::StoreError;
use store::applications::{Resolution, Status};
use store::reviews::{NewReceivedSettlement, VerdictRecord};

use crate::support::{
    PERSONAL_NAMES, Submit, admin, berlin, bremen, child, cuxhaven, insert_entry, later,
    new_certificate, notification, seeded_store, send_query, staff,
};

const QUERY: &str = "q-2b7d0c1e-5a44-4f0e-9d7b-1c2e3f4a5b6c";
const NOTE: &str = "Zwillingsschwester laut Geburtenregister, anderer Vorname";

fn twin_sister() -> Notification {
    let mut n = notification();
    n.child.given_names = PersonName::parse("Charlotte Amalia").expect("valid name");
    n
}

fn received<'a>(
    verdicts: &'a [VerdictRecord],
    answer: &'a RegisterAnswer,
) -> NewReceivedSettlement<'a> {
    NewReceivedSettlement {
        query_id: QUERY,
        verdicts,
        note: NOTE,
        answer,
        register_as_of: later(9),
    }
}

#[tokio::test]
async fn a_received_query_in_review_is_judged_in_the_register_offices_queue_once() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let store = seeded_store(backend, dir.path()).await;
        let cux = cuxhaven();
        let twin = insert_entry(&store, "entry-twin", &cux, &twin_sister(), later(0)).await;
        let system = admin();

        assert!(
            store
                .refer_received_query(&system, later(2), QUERY, &bremen(), &cux, &child())
                .await
                .unwrap(),
            "[{backend}] the first referral stores the case"
        );
        assert!(
            !store
                .refer_received_query(&system, later(3), QUERY, &bremen(), &cux, &child())
                .await
                .unwrap(),
            "[{backend}] the query asked again is the same case"
        );
        let stored = store.received_query(QUERY).await.unwrap().unwrap();
        assert_eq!(stored.from, bremen(), "[{backend}]");
        assert_eq!(stored.child, child(), "[{backend}]");
        assert_eq!(stored.received_at, later(2), "[{backend}] the first time");
        assert_eq!(stored.answered, None, "[{backend}]");

        // The queue: the received case, marked as such, with the asking office.
        let open = store
            .open_reviews(&staff(&cux), later(4), &cux)
            .await
            .unwrap();
        assert_eq!(open.len(), 1, "[{backend}] {open:?}");
        let case = &open[0];
        assert!(case.received, "[{backend}]");
        assert_eq!(case.application_id, QUERY, "[{backend}]");
        assert_eq!(case.issuing_office, bremen(), "[{backend}]");
        assert_eq!(case.status, Status::InReview, "[{backend}]");
        for other in [berlin(), bremen()] {
            assert!(
                store
                    .open_reviews(&staff(&other), later(4), &other)
                    .await
                    .unwrap()
                    .is_empty(),
                "[{backend}] {other} does not see Cuxhaven's case"
            );
            assert_eq!(
                store
                    .review_case(
                        &staff(&other),
                        later(4),
                        &other,
                        QUERY,
                        &MatchPolicy::default()
                    )
                    .await
                    .unwrap(),
                None,
                "[{backend}] {other}"
            );
        }

        // The case: the twin as candidate, nothing of a mother.
        let view = store
            .review_case(&staff(&cux), later(5), &cux, QUERY, &MatchPolicy::default())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(view.candidates.len(), 1, "[{backend}]");
        assert_eq!(view.candidates[0].entry.id, "entry-twin", "[{backend}]");
        assert!(
            view.prenatal.is_empty() && view.mother.is_none(),
            "[{backend}]"
        );
        assert!(view.settlement.is_none(), "[{backend}]");

        let verdicts = [VerdictRecord {
            entry_id: twin.id.clone(),
            entry_version: twin.version,
            class: MatchClass::Possible,
            verdict: Verdict::NotSameChild,
        }];
        // Not whole, or not this office's: nothing stored.
        let no_note = NewReceivedSettlement {
            note: "  ",
            ..received(&verdicts, &RegisterAnswer::None)
        };
        for (what, office, settlement) in [
            ("no note", cux.clone(), no_note),
            (
                "still maybe",
                cux.clone(),
                received(&verdicts, &RegisterAnswer::Maybe),
            ),
        ] {
            assert!(
                matches!(
                    store
                        .settle_received_query(&staff(&office), later(9), &office, settlement)
                        .await,
                    Err(StoreError::Conflict(_))
                ),
                "[{backend}] {what}"
            );
        }
        let berlin = berlin();
        assert!(
            matches!(
                store
                    .settle_received_query(
                        &staff(&berlin),
                        later(9),
                        &berlin,
                        received(&verdicts, &RegisterAnswer::None)
                    )
                    .await,
                Err(StoreError::NotFound)
            ),
            "[{backend}] another office cannot settle"
        );
        assert_eq!(
            store.received_query(QUERY).await.unwrap().unwrap().answered,
            None
        );

        // Settled once.
        let reviewer = staff(&cux);
        let settle = || {
            store.settle_received_query(
                &reviewer,
                later(10),
                &cux,
                received(&verdicts, &RegisterAnswer::None),
            )
        };
        assert!(settle().await.unwrap(), "[{backend}] settled");
        assert!(
            !settle().await.unwrap(),
            "[{backend}] the second time stores nothing"
        );
        let stored = store.received_query(QUERY).await.unwrap().unwrap();
        assert_eq!(
            stored.answered,
            Some((RegisterAnswer::None, later(9))),
            "[{backend}] the answer the asking instance receives, as of the review's search"
        );
        assert!(
            store
                .open_reviews(&staff(&cux), later(11), &cux)
                .await
                .unwrap()
                .is_empty(),
            "[{backend}] the queue is empty"
        );
        let view = store
            .review_case(
                &staff(&cux),
                later(11),
                &cux,
                QUERY,
                &MatchPolicy::default(),
            )
            .await
            .unwrap()
            .unwrap();
        let settlement = view.settlement.expect("settled case shows its settlement");
        assert_eq!(
            view.case.outcome,
            Some(Outcome::NegativeCertificate),
            "[{backend}]"
        );
        assert_eq!(settlement.note, NOTE, "[{backend}]");
        assert_eq!(settlement.verdicts, verdicts, "[{backend}]");
        assert_eq!(settlement.settled_by, staff(&cux).id, "[{backend}]");

        // Audited by ids and codes, never the child's names or the note.
        let trail = store.audit_trail(&cux, 100).await.unwrap();
        for action in ["review.query_received", "review.settled", "review.verdict"] {
            assert!(
                trail.iter().any(|r| r.action == action),
                "[{backend}] {action} audited: {trail:?}"
            );
        }
        for record in &trail {
            let text = record.detail.to_string();
            for secret in PERSONAL_NAMES.iter().chain(&["Charlotte Amalia", NOTE]) {
                assert!(!text.contains(secret), "[{backend}] {secret} in {text}");
            }
        }
    }
}

#[tokio::test]
async fn an_application_in_review_at_its_node_is_asked_again_until_decided() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let store = seeded_store(backend, dir.path()).await;
        let cux = cuxhaven();
        Submit::new("app-node").insert(&store).await;
        send_query(&store, "app-node").await;
        let system = admin();
        let to_node = || {
            store.resolve_application(
                &system,
                later(3),
                "app-node",
                &RegisterAnswer::Maybe,
                later(2),
                Resolution::ReviewAtNode,
            )
        };
        assert!(
            to_node().await.unwrap(),
            "[{backend}] in review at the node"
        );
        assert!(!to_node().await.unwrap(), "[{backend}] once");
        let record = store.application("app-node").await.unwrap().unwrap();
        assert_eq!(record.status, Status::InReview, "[{backend}]");
        assert!(record.review_at_node, "[{backend}]");
        assert_eq!(
            store
                .register_query_of("app-node")
                .await
                .unwrap()
                .map(|(id, _)| id),
            Some("query-app-node".to_owned())
        );

        // Not a case of this instance's queue: the register office reviews on its node.
        assert!(
            store
                .open_reviews(&staff(&cux), later(4), &cux)
                .await
                .unwrap()
                .is_empty(),
            "[{backend}]"
        );
        assert_eq!(
            store
                .review_case(
                    &staff(&cux),
                    later(4),
                    &cux,
                    "app-node",
                    &MatchPolicy::default()
                )
                .await
                .unwrap(),
            None,
            "[{backend}] nobody here can settle it"
        );

        // The worker's: claimed when its lease runs out, deferred with one more try counted.
        assert_eq!(
            store.claim_unfinished(10_000, 1_000, 10).await.unwrap(),
            ["app-node"],
            "[{backend}]"
        );
        store.defer_application("app-node", 60_000).await.unwrap();
        store.defer_application("app-node", 90_000).await.unwrap();
        assert!(
            store
                .claim_unfinished(80_000, 1_000, 10)
                .await
                .unwrap()
                .is_empty(),
            "[{backend}] not before its retry time"
        );
        assert_eq!(
            store
                .application("app-node")
                .await
                .unwrap()
                .unwrap()
                .attempts,
            2
        );
        assert_eq!(
            store.claim_unfinished(90_001, 1_000, 10).await.unwrap(),
            ["app-node"],
            "[{backend}] after it"
        );

        // The node's settlement decides it, with the certificate, once.
        let certificate = new_certificate(1);
        let decide = || {
            store.resolve_application(
                &system,
                later(20),
                "app-node",
                &RegisterAnswer::None,
                later(19),
                Resolution::Decided {
                    outcome: Outcome::NegativeCertificate,
                    certificate: Some(certificate.clone()),
                },
            )
        };
        assert!(decide().await.unwrap(), "[{backend}] decided");
        assert!(!decide().await.unwrap(), "[{backend}] once");
        let record = store.application("app-node").await.unwrap().unwrap();
        assert_eq!(record.status, Status::Decided, "[{backend}]");
        assert_eq!(record.outcome, Some(Outcome::NegativeCertificate));
        assert_eq!(record.attempts, 0, "[{backend}] progress resets the tries");
        assert!(
            record.review_at_node,
            "[{backend}] where it was reviewed stays known"
        );
        assert_eq!(store.certificate_count("app-node").await.unwrap(), 1);
        store.defer_application("app-node", 1).await.unwrap();
        assert_eq!(
            store
                .application("app-node")
                .await
                .unwrap()
                .unwrap()
                .attempts,
            0,
            "[{backend}] a decided application is not deferred"
        );
        assert!(
            store
                .claim_unfinished(i64::MAX / 2, 1_000, 10)
                .await
                .unwrap()
                .is_empty()
        );
    }
}
