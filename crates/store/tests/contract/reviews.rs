//! The register office's review queue: listing, the case with its candidates as of now,
//! settling once and wholly, and office isolation.

use domain::decision::Outcome;
use domain::matching::{MatchClass, MatchPolicy, NameAgreement};
use domain::register::{CustodyPart, Notification, RegisterAnswer};
use domain::review::Verdict;
use domain::{OfficeId, PersonName};
use store::applications::{Resolution, Status};
use store::certificates::NewCertificate;
use store::register::EntryRecord;
use store::reviews::{NewSettlement, VerdictRecord};
use store::{Store, StoreError};

use crate::support::{
    PERSONAL_NAMES, Submit, admin, berlin, bremen, child, cuxhaven, insert_entry, later,
    new_certificate, notification, notification_born, partial_notification, seeded_store,
    send_query, staff,
};

/// The note of the settlements below; it must stay out of the audit log.
const NOTE: &str = "Zwilling laut Geburtsregister Nr. 4711, anderer Vorname";

fn policy() -> MatchPolicy {
    MatchPolicy::default()
}

/// The sample child's twin sister: same day, place and family name, a given name one letter
/// apart, so that the matcher cannot rule her out.
fn twin_sister() -> Notification {
    let mut n = notification();
    n.child.given_names = PersonName::parse("Charlotte Amalia").expect("valid name");
    n
}

/// Stores an application and takes it to review, as the pipeline does on a "maybe".
async fn in_review(store: &Store, id: &str) {
    Submit::new(id).insert(store).await;
    send_query(store, id).await;
    let moved = store
        .resolve_application(
            &admin(),
            later(3),
            id,
            &RegisterAnswer::Maybe,
            later(2),
            Resolution::Review,
        )
        .await
        .unwrap_or_else(|e| panic!("[{}] to review: {e}", store.backend_name()));
    assert!(moved, "[{}] {id} went to review", store.backend_name());
}

fn verdict(entry: &EntryRecord, class: MatchClass, verdict: Verdict) -> VerdictRecord {
    VerdictRecord {
        entry_id: entry.id.clone(),
        entry_version: entry.version,
        class,
        verdict,
    }
}

/// A settlement of `id` with the given verdicts, deciding `answer` → `outcome`.
fn settlement<'a>(
    id: &'a str,
    verdicts: &'a [VerdictRecord],
    answer: &'a RegisterAnswer,
    outcome: &'a Outcome,
    certificate: Option<&'a NewCertificate>,
) -> NewSettlement<'a> {
    NewSettlement {
        application_id: id,
        verdicts,
        prenatal_verdicts: &[],
        note: NOTE,
        answer,
        register_as_of: later(9),
        outcome,
        certificate,
    }
}

async fn settle(
    store: &Store,
    office: &OfficeId,
    settlement: NewSettlement<'_>,
) -> Result<bool, StoreError> {
    store
        .settle_review(&staff(office), later(10), office, settlement)
        .await
}

#[tokio::test]
async fn the_queue_lists_the_register_offices_open_cases_only() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let store = seeded_store(backend, dir.path()).await;
        in_review(&store, "app-review").await;
        Submit::new("app-waiting").insert(&store).await;
        send_query(&store, "app-waiting").await;
        Submit::new("app-received").insert(&store).await;

        let cux = cuxhaven();
        let open = store
            .open_reviews(&staff(&cux), later(5), &cux)
            .await
            .unwrap();
        assert_eq!(
            open.len(),
            1,
            "[{backend}] only the case in review: {open:?}"
        );
        let case = &open[0];
        assert_eq!(case.application_id, "app-review", "[{backend}]");
        assert_eq!(case.query_id, "query-app-review", "[{backend}]");
        assert_eq!(case.status, Status::InReview, "[{backend}]");
        assert_eq!(case.outcome, None, "[{backend}]");
        assert_eq!(case.child, child(), "[{backend}] the query's child");
        assert_eq!(case.issuing_office, bremen(), "[{backend}]");
        assert_eq!(case.register_office, cux, "[{backend}]");
        assert_eq!(case.received_at, later(1), "[{backend}] the query's time");
        assert_eq!(
            case.referred_at,
            Some(later(2)),
            "[{backend}] the answer's time"
        );

        for other in [berlin(), bremen()] {
            assert!(
                store
                    .open_reviews(&staff(&other), later(5), &other)
                    .await
                    .unwrap()
                    .is_empty(),
                "[{backend}] {other} keeps no register this case asks"
            );
        }
    }
}

#[tokio::test]
async fn a_case_shows_the_candidates_the_matcher_does_not_rule_out_as_of_now() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let store = seeded_store(backend, dir.path()).await;
        let cux = cuxhaven();
        let twin = insert_entry(&store, "entry-twin", &cux, &twin_sister(), later(0)).await;
        // Another child of the register, and this very child in another office's register.
        insert_entry(
            &store,
            "entry-other",
            &cux,
            &notification_born(time::macros::date!(2017 - 02 - 19)),
            later(0),
        )
        .await;
        insert_entry(&store, "entry-berlin", &berlin(), &notification(), later(0)).await;
        in_review(&store, "app-1").await;

        let view = store
            .review_case(&staff(&cux), later(5), &cux, "app-1", &policy())
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("[{backend}] the case is the register office's"));
        assert_eq!(view.case.application_id, "app-1", "[{backend}]");
        assert_eq!(view.case.status, Status::InReview, "[{backend}]");
        assert_eq!(view.assessed_at, later(5), "[{backend}]");
        assert_eq!(view.settlement, None, "[{backend}]");
        let ids: Vec<&str> = view
            .candidates
            .iter()
            .map(|c| c.entry.id.as_str())
            .collect();
        assert_eq!(ids, ["entry-twin"], "[{backend}] only the twin");
        let candidate = &view.candidates[0];
        assert_eq!(candidate.entry, twin, "[{backend}]");
        assert_eq!(candidate.class, MatchClass::Possible, "[{backend}]");
        assert_eq!(
            candidate.explanation.family_name,
            NameAgreement::Exact,
            "[{backend}]"
        );
        assert_ne!(
            candidate.explanation.given_names,
            NameAgreement::Exact,
            "[{backend}] {:?}",
            candidate.explanation
        );

        // An entry recorded after the query is seen at the next look, and certain.
        insert_entry(&store, "entry-same", &cux, &notification(), later(6)).await;
        let view = store
            .review_case(&staff(&cux), later(7), &cux, "app-1", &policy())
            .await
            .unwrap()
            .unwrap();
        let mut seen: Vec<(&str, MatchClass)> = view
            .candidates
            .iter()
            .map(|c| (c.entry.id.as_str(), c.class))
            .collect();
        seen.sort_by_key(|(id, _)| *id);
        assert_eq!(
            seen,
            [
                ("entry-same", MatchClass::Match),
                ("entry-twin", MatchClass::Possible)
            ],
            "[{backend}]"
        );

        // An application that never went to review is no case.
        Submit::new("app-waiting").insert(&store).await;
        send_query(&store, "app-waiting").await;
        assert_eq!(
            store
                .review_case(&staff(&cux), later(7), &cux, "app-waiting", &policy())
                .await
                .unwrap(),
            None,
            "[{backend}]"
        );
    }
}

#[tokio::test]
async fn settling_decides_the_application_with_its_verdicts_in_one_step() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let store = seeded_store(backend, dir.path()).await;
        let cux = cuxhaven();
        let twin = insert_entry(&store, "entry-twin", &cux, &twin_sister(), later(0)).await;
        in_review(&store, "app-1").await;

        let verdicts = [verdict(&twin, MatchClass::Possible, Verdict::NotSameChild)];
        let certificate = new_certificate(7);
        let settled = settle(
            &store,
            &cux,
            settlement(
                "app-1",
                &verdicts,
                &RegisterAnswer::None,
                &Outcome::NegativeCertificate,
                Some(&certificate),
            ),
        )
        .await
        .unwrap();
        assert!(settled, "[{backend}]");

        let record = store.application("app-1").await.unwrap().unwrap();
        assert_eq!(record.status, Status::Decided, "[{backend}]");
        assert_eq!(
            record.outcome,
            Some(Outcome::NegativeCertificate),
            "[{backend}]"
        );
        assert_eq!(record.decided_at, Some(later(10)), "[{backend}]");
        let stored = store
            .certificate_of_application("app-1")
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("[{backend}] the certificate is stored"));
        assert_eq!(stored.number, certificate.number, "[{backend}]");
        assert_eq!(stored.issuing_office, bremen(), "[{backend}]");

        assert!(
            store
                .open_reviews(&staff(&cux), later(11), &cux)
                .await
                .unwrap()
                .is_empty(),
            "[{backend}] settled cases leave the queue"
        );
        let view = store
            .review_case(&staff(&cux), later(11), &cux, "app-1", &policy())
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("[{backend}] a settled case stays readable"));
        assert_eq!(view.case.status, Status::Decided, "[{backend}]");
        assert_eq!(
            view.case.outcome,
            Some(Outcome::NegativeCertificate),
            "[{backend}]"
        );
        assert!(view.candidates.is_empty(), "[{backend}]");
        let settlement = view.settlement.unwrap();
        assert_eq!(settlement.application_id, "app-1", "[{backend}]");
        assert_eq!(settlement.register_office, cux, "[{backend}]");
        assert_eq!(settlement.answer, RegisterAnswer::None, "[{backend}]");
        assert_eq!(settlement.register_as_of, later(9), "[{backend}]");
        assert_eq!(settlement.note, NOTE, "[{backend}]");
        assert_eq!(settlement.settled_by, staff(&cux).id, "[{backend}]");
        assert_eq!(settlement.settled_at, later(10), "[{backend}]");
        assert_eq!(settlement.verdicts, verdicts, "[{backend}]");
    }
}

#[tokio::test]
async fn a_partial_settlement_stores_its_parts() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let store = seeded_store(backend, dir.path()).await;
        let cux = cuxhaven();
        let mut court = partial_notification(&[CustodyPart::Health]);
        court.child = twin_sister().child;
        let entry = insert_entry(&store, "entry-court", &cux, &court, later(0)).await;
        in_review(&store, "app-1").await;

        let parts = [CustodyPart::Health].into();
        let answer = RegisterAnswer::Partial {
            parts: [CustodyPart::Health].into(),
        };
        let outcome = Outcome::PartialCertificate { parts };
        let verdicts = [verdict(&entry, MatchClass::Possible, Verdict::SameChild)];
        let certificate = new_certificate(8);
        assert!(
            settle(
                &store,
                &cux,
                settlement("app-1", &verdicts, &answer, &outcome, Some(&certificate))
            )
            .await
            .unwrap(),
            "[{backend}]"
        );
        let record = store.application("app-1").await.unwrap().unwrap();
        assert_eq!(record.outcome, Some(outcome), "[{backend}]");
        let view = store
            .review_case(&staff(&cux), later(11), &cux, "app-1", &policy())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(view.settlement.unwrap().answer, answer, "[{backend}]");
    }
}

#[tokio::test]
async fn a_case_is_settled_once() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let store = seeded_store(backend, dir.path()).await;
        let cux = cuxhaven();
        let twin = insert_entry(&store, "entry-twin", &cux, &twin_sister(), later(0)).await;
        let verdicts = [verdict(&twin, MatchClass::Possible, Verdict::NotSameChild)];
        let (first, second) = (new_certificate(1), new_certificate(2));

        // One after the other: the retry stores nothing.
        in_review(&store, "app-1").await;
        let negative = |c| {
            settlement(
                "app-1",
                &verdicts,
                &RegisterAnswer::None,
                &Outcome::NegativeCertificate,
                Some(c),
            )
        };
        assert!(settle(&store, &cux, negative(&first)).await.unwrap());
        assert!(
            !settle(&store, &cux, negative(&second)).await.unwrap(),
            "[{backend}] the second settlement finds the case settled"
        );
        assert_eq!(store.certificate_count("app-1").await.unwrap(), 1);
        assert_eq!(
            store
                .certificate_of_application("app-1")
                .await
                .unwrap()
                .unwrap()
                .number,
            first.number,
            "[{backend}] the first certificate stands"
        );

        // At once: exactly one wins.
        in_review(&store, "app-2").await;
        let racing = |c| {
            settlement(
                "app-2",
                &verdicts,
                &RegisterAnswer::None,
                &Outcome::NegativeCertificate,
                Some(c),
            )
        };
        let (third, fourth) = (new_certificate(3), new_certificate(4));
        let (a, b) = tokio::join!(
            settle(&store, &cux, racing(&third)),
            settle(&store, &cux, racing(&fourth))
        );
        let wins = [a.unwrap(), b.unwrap()];
        assert_eq!(
            wins.iter().filter(|w| **w).count(),
            1,
            "[{backend}] {wins:?}"
        );
        assert_eq!(
            store.certificate_count("app-2").await.unwrap(),
            1,
            "[{backend}]"
        );
        let settled = store
            .audit_of("app-2")
            .await
            .unwrap()
            .iter()
            .filter(|r| r.action == "review.settled")
            .count();
        assert_eq!(settled, 1, "[{backend}] one settlement audited");
    }
}

#[tokio::test]
async fn an_incomplete_or_stale_settlement_stores_nothing() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let store = seeded_store(backend, dir.path()).await;
        let cux = cuxhaven();
        let twin = insert_entry(&store, "entry-twin", &cux, &twin_sister(), later(0)).await;
        let foreign =
            insert_entry(&store, "entry-berlin", &berlin(), &twin_sister(), later(0)).await;
        in_review(&store, "app-1").await;
        let certificate = new_certificate(1);
        let none = RegisterAnswer::None;
        let negative = Outcome::NegativeCertificate;
        let good = [verdict(&twin, MatchClass::Possible, Verdict::NotSameChild)];

        let no_note = NewSettlement {
            note: "  ",
            ..settlement("app-1", &good, &none, &negative, Some(&certificate))
        };
        let wrong_outcome = settlement("app-1", &good, &none, &Outcome::NoCertificate, None);
        let no_certificate = settlement("app-1", &good, &none, &negative, None);
        let twice = [good[0].clone(), good[0].clone()];
        let duplicate = settlement("app-1", &twice, &none, &negative, Some(&certificate));
        for (what, attempt) in [
            ("no note", no_note),
            ("an outcome the answer does not decide", wrong_outcome),
            ("a certifying outcome without certificate", no_certificate),
            ("two verdicts on one entry", duplicate),
        ] {
            assert!(
                matches!(
                    settle(&store, &cux, attempt).await,
                    Err(StoreError::Conflict(_))
                ),
                "[{backend}] {what}"
            );
        }

        let foreign_verdict = [verdict(&foreign, MatchClass::Possible, Verdict::SameChild)];
        let entries = RegisterAnswer::Entries;
        let no_cert = Outcome::NoCertificate;
        assert!(
            matches!(
                settle(
                    &store,
                    &cux,
                    settlement("app-1", &foreign_verdict, &entries, &no_cert, None)
                )
                .await,
                Err(StoreError::NotFound)
            ),
            "[{backend}] an entry of another register"
        );

        store
            .correct_entry(
                &staff(&cux),
                later(8),
                &cux,
                "entry-twin",
                &twin_sister(),
                "Schreibfehler",
            )
            .await
            .unwrap();
        assert!(
            matches!(
                settle(
                    &store,
                    &cux,
                    settlement("app-1", &good, &none, &negative, Some(&certificate))
                )
                .await,
                Err(StoreError::Conflict(_))
            ),
            "[{backend}] a verdict on an entry's earlier version"
        );

        let record = store.application("app-1").await.unwrap().unwrap();
        assert_eq!(record.status, Status::InReview, "[{backend}] still open");
        assert_eq!(record.outcome, None, "[{backend}]");
        assert_eq!(store.certificate_count("app-1").await.unwrap(), 0);
        let view = store
            .review_case(&staff(&cux), later(11), &cux, "app-1", &policy())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(view.settlement, None, "[{backend}]");
        assert!(
            !store
                .audit_of("app-1")
                .await
                .unwrap()
                .iter()
                .any(|r| r.action == "review.settled" || r.action == "application.decided"),
            "[{backend}] nothing audited either"
        );
    }
}

#[tokio::test]
async fn another_office_can_neither_see_nor_settle_a_case() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let store = seeded_store(backend, dir.path()).await;
        let cux = cuxhaven();
        let twin = insert_entry(&store, "entry-twin", &cux, &twin_sister(), later(0)).await;
        in_review(&store, "app-1").await;

        for other in [berlin(), bremen()] {
            assert_eq!(
                store
                    .review_case(&staff(&other), later(5), &other, "app-1", &policy())
                    .await
                    .unwrap(),
                None,
                "[{backend}] {other} sees no case"
            );
            let verdicts = [verdict(&twin, MatchClass::Possible, Verdict::NotSameChild)];
            let certificate = new_certificate(1);
            assert!(
                matches!(
                    settle(
                        &store,
                        &other,
                        settlement(
                            "app-1",
                            &verdicts,
                            &RegisterAnswer::None,
                            &Outcome::NegativeCertificate,
                            Some(&certificate)
                        )
                    )
                    .await,
                    Err(StoreError::NotFound)
                ),
                "[{backend}] {other} cannot settle"
            );
        }
        let record = store.application("app-1").await.unwrap().unwrap();
        assert_eq!(record.status, Status::InReview, "[{backend}]");
        assert_eq!(store.certificate_count("app-1").await.unwrap(), 0);
    }
}

#[tokio::test]
async fn the_audit_names_the_settlement_with_ids_and_codes_only() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let store = seeded_store(backend, dir.path()).await;
        let cux = cuxhaven();
        let twin = insert_entry(&store, "entry-twin", &cux, &twin_sister(), later(0)).await;
        in_review(&store, "app-1").await;
        store
            .open_reviews(&staff(&cux), later(4), &cux)
            .await
            .unwrap();
        store
            .review_case(&staff(&cux), later(5), &cux, "app-1", &policy())
            .await
            .unwrap();
        let verdicts = [verdict(&twin, MatchClass::Possible, Verdict::NotSameChild)];
        let certificate = new_certificate(1);
        settle(
            &store,
            &cux,
            settlement(
                "app-1",
                &verdicts,
                &RegisterAnswer::None,
                &Outcome::NegativeCertificate,
                Some(&certificate),
            ),
        )
        .await
        .unwrap();

        let trail = store.audit_of("app-1").await.unwrap();
        let settled = trail
            .iter()
            .find(|r| r.action == "review.settled")
            .unwrap_or_else(|| panic!("[{backend}] settlement audited: {trail:?}"));
        assert_eq!(settled.actor, staff(&cux).id, "[{backend}]");
        assert_eq!(settled.office.as_deref(), Some(cux.as_str()), "[{backend}]");
        assert_eq!(settled.at, later(10), "[{backend}]");
        assert_eq!(settled.detail["answer"], "none", "[{backend}]");
        assert_eq!(settled.detail["not_same_child"], 1, "[{backend}]");
        let decided = trail
            .iter()
            .find(|r| r.action == "application.decided")
            .unwrap_or_else(|| panic!("[{backend}] decision audited: {trail:?}"));
        assert_eq!(
            decided.office.as_deref(),
            Some(bremen().as_str()),
            "[{backend}] for the issuing office"
        );
        assert_eq!(decided.detail["review"], true, "[{backend}]");
        assert_eq!(
            decided.detail["certificate"],
            certificate.number.as_str(),
            "[{backend}]"
        );
        assert!(
            trail.iter().any(|r| r.action == "review.case_read"),
            "[{backend}] reading the case is audited"
        );

        let register = store.audit_trail(&cux, 100).await.unwrap();
        let judged = register
            .iter()
            .find(|r| r.action == "review.verdict")
            .unwrap_or_else(|| panic!("[{backend}] verdict audited: {register:?}"));
        assert_eq!(judged.subject, "entry-twin", "[{backend}]");
        assert_eq!(judged.detail["application"], "app-1", "[{backend}]");
        assert_eq!(judged.detail["verdict"], "not_same_child", "[{backend}]");
        assert!(
            register.iter().any(|r| r.action == "review.listed"),
            "[{backend}] listing the queue is audited"
        );

        let mut everything = store.audit_trail(&cux, 1000).await.unwrap();
        everything.extend(store.audit_trail(&bremen(), 1000).await.unwrap());
        for record in &everything {
            let text = record.detail.to_string();
            for secret in PERSONAL_NAMES.iter().chain(&["Charlotte Amalia", NOTE]) {
                assert!(
                    !text.contains(secret),
                    "[{backend}] {secret:?} in {}: {text}",
                    record.action
                );
            }
        }
    }
}
