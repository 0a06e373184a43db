//! Settling review cases end to end: an application the real register responder sends to
//! review, the register office's verdicts, and the decision and certificate that follow.
//!
//! Each test loops over `store::testing::backends()`.

mod support;

use domain::decision::Outcome;
use domain::matching::MatchClass;
use domain::register::CustodyPart;
use domain::review::Verdict;
use pipeline::{ReviewError, ReviewProblem, Settled};
use store::applications::Status;

use support::{
    FAMILY, berlin, bremen, court_decision, cuxhaven, declarations, harness, judge, staff,
};

/// The note every settlement below gives; it must not reach the audit log.
const NOTE: &str = "Zwillingsschwester, Geburtsregister geprüft";

#[tokio::test]
async fn a_twin_judged_another_child_gets_exactly_one_negative_certificate() {
    for backend in store::testing::backends() {
        let h = harness(backend).await;
        let mia = h.record("entry-mia", &declarations("Mia")).await;
        let lia = h.apply("Lia").await;
        assert_eq!(lia.status, Status::InReview, "[{backend}] a twin is doubt");

        let cux = cuxhaven();
        let reviewer = staff(&cux);
        let open = h.pipeline.open_reviews(&reviewer, &cux).await.unwrap();
        assert_eq!(open.len(), 1, "[{backend}]");
        assert_eq!(open[0].application_id, lia.id, "[{backend}]");
        assert_eq!(open[0].child, support::child("Lia"), "[{backend}]");
        let view = h
            .pipeline
            .review_case(&reviewer, &cux, &lia.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(view.candidates.len(), 1, "[{backend}]");
        assert_eq!(view.candidates[0].entry.id, mia.id, "[{backend}]");
        assert_eq!(
            view.candidates[0].class,
            MatchClass::Possible,
            "[{backend}]"
        );

        let settled = h
            .pipeline
            .settle_review(
                &reviewer,
                &cux,
                &lia.id,
                &[judge(&mia, Verdict::NotSameChild)],
                NOTE,
            )
            .await
            .unwrap();
        assert_eq!(settled.outcome, Outcome::NegativeCertificate, "[{backend}]");
        assert!(settled.settled_now, "[{backend}]");
        let number = settled
            .certificate
            .unwrap_or_else(|| panic!("[{backend}] a certificate is issued"));

        let record = h.application(&lia.id).await;
        assert_eq!(record.status, Status::Decided, "[{backend}]");
        assert_eq!(
            record.outcome,
            Some(Outcome::NegativeCertificate),
            "[{backend}]"
        );
        assert_eq!(h.certificates(&lia.id).await, 1, "[{backend}]");
        let certificate = h
            .store
            .certificate_of_application(&lia.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(certificate.number, number, "[{backend}]");
        assert_eq!(certificate.issuing_office, bremen(), "[{backend}]");
        assert!(
            !certificate.qr_payload.is_empty(),
            "[{backend}] the certificate is sealed"
        );
        assert_eq!(
            certificate.data["child"]["given_names"], "Lia",
            "[{backend}] the certificate names the applicant's child"
        );
        let view = h
            .pipeline
            .review_case(&reviewer, &cux, &lia.id)
            .await
            .unwrap()
            .unwrap();
        let settlement = view.settlement.unwrap();
        assert_eq!(
            certificate.register_as_of, settlement.register_as_of,
            "[{backend}] the certificate states the register as of the review"
        );
        assert!(
            settlement.register_as_of > lia.received_at,
            "[{backend}] the review is later than the automatic answer"
        );
        assert_eq!(settlement.note, NOTE, "[{backend}]");
        assert!(
            h.pipeline
                .open_reviews(&reviewer, &cux)
                .await
                .unwrap()
                .is_empty(),
            "[{backend}] the queue is empty"
        );
    }
}

#[tokio::test]
async fn the_same_child_with_custody_declarations_gets_no_certificate() {
    for backend in store::testing::backends() {
        let h = harness(backend).await;
        // Recorded with a second given name the mother does not give: doubt.
        let entry = h.record("entry-1", &declarations("Lia Sophie")).await;
        let lia = h.apply("Lia").await;
        assert_eq!(lia.status, Status::InReview, "[{backend}]");

        let cux = cuxhaven();
        let settled = h
            .pipeline
            .settle_review(
                &staff(&cux),
                &cux,
                &lia.id,
                &[judge(&entry, Verdict::SameChild)],
                "Zweiter Vorname im Geburtsregister",
            )
            .await
            .unwrap();
        assert_eq!(settled.outcome, Outcome::NoCertificate, "[{backend}]");
        assert_eq!(settled.certificate, None, "[{backend}]");
        let record = h.application(&lia.id).await;
        assert_eq!(record.status, Status::Decided, "[{backend}]");
        assert_eq!(record.outcome, Some(Outcome::NoCertificate), "[{backend}]");
        assert_eq!(h.certificates(&lia.id).await, 0, "[{backend}]");
    }
}

#[tokio::test]
async fn a_partial_court_decision_judged_the_child_gets_a_partial_certificate() {
    for backend in store::testing::backends() {
        let h = harness(backend).await;
        let entry = h
            .record(
                "entry-court",
                &court_decision("Lia Sophie", &[CustodyPart::Health]),
            )
            .await;
        let lia = h.apply("Lia").await;
        assert_eq!(lia.status, Status::InReview, "[{backend}]");

        let cux = cuxhaven();
        let settled = h
            .pipeline
            .settle_review(
                &staff(&cux),
                &cux,
                &lia.id,
                &[judge(&entry, Verdict::SameChild)],
                NOTE,
            )
            .await
            .unwrap();
        let partial = Outcome::PartialCertificate {
            parts: [CustodyPart::Health].into(),
        };
        assert_eq!(settled.outcome, partial, "[{backend}]");
        assert!(settled.certificate.is_some(), "[{backend}]");
        assert_eq!(h.application(&lia.id).await.outcome, Some(partial));
        let certificate = h
            .store
            .certificate_of_application(&lia.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(certificate.outcome, "partial_certificate", "[{backend}]");
        assert_eq!(
            certificate.data["parts"],
            serde_json::json!(["health"]),
            "[{backend}] {}",
            certificate.data
        );
    }
}

#[tokio::test]
async fn a_candidate_without_verdict_refuses_the_settlement_and_stores_nothing() {
    for backend in store::testing::backends() {
        let h = harness(backend).await;
        let mia = h.record("entry-mia", &declarations("Mia")).await;
        let lea = h.record("entry-lea", &declarations("Lea")).await;
        let unrelated = h.record("entry-other", &declarations("Friedrich")).await;
        let lia = h.apply("Lia").await;
        assert_eq!(lia.status, Status::InReview, "[{backend}]");
        let cux = cuxhaven();
        let reviewer = staff(&cux);

        let refused = h
            .pipeline
            .settle_review(
                &reviewer,
                &cux,
                &lia.id,
                &[judge(&mia, Verdict::NotSameChild)],
                NOTE,
            )
            .await;
        let Err(ReviewError::Refused(problems)) = refused else {
            panic!("[{backend}] refused, not {refused:?}");
        };
        assert_eq!(
            problems,
            [ReviewProblem::MissingVerdict {
                entry_id: lea.id.clone()
            }],
            "[{backend}]"
        );
        let message = ReviewError::Refused(problems).to_string();
        assert!(
            message.contains("entry-lea") && message.contains("no verdict"),
            "[{backend}] the error says which candidate: {message}"
        );

        // Every problem at once: no note, a verdict twice, an entry that is no candidate.
        let refused = h
            .pipeline
            .settle_review(
                &reviewer,
                &cux,
                &lia.id,
                &[
                    judge(&mia, Verdict::NotSameChild),
                    judge(&mia, Verdict::NotSameChild),
                    judge(&lea, Verdict::NotSameChild),
                    judge(&unrelated, Verdict::NotSameChild),
                ],
                " ",
            )
            .await;
        let Err(ReviewError::Refused(problems)) = refused else {
            panic!("[{backend}] refused, not {refused:?}");
        };
        assert_eq!(
            problems,
            [
                ReviewProblem::NoteMissing,
                ReviewProblem::DuplicateVerdict {
                    entry_id: mia.id.clone()
                },
                ReviewProblem::NotACandidate {
                    entry_id: unrelated.id.clone()
                },
            ],
            "[{backend}]"
        );

        // An entry corrected after the reviewer looked: the verdict was on another version.
        h.store
            .correct_entry(
                &reviewer,
                h.pipeline.clock().now(),
                &cux,
                &lea.id,
                &declarations("Lea"),
                "Aktenzeichen berichtigt",
            )
            .await
            .unwrap();
        let refused = h
            .pipeline
            .settle_review(
                &reviewer,
                &cux,
                &lia.id,
                &[
                    judge(&mia, Verdict::NotSameChild),
                    judge(&lea, Verdict::NotSameChild),
                ],
                NOTE,
            )
            .await;
        let Err(ReviewError::Refused(problems)) = refused else {
            panic!("[{backend}] refused, not {refused:?}");
        };
        assert_eq!(
            problems,
            [ReviewProblem::EntryChanged {
                entry_id: lea.id.clone(),
                judged: 1,
                current: 2
            }],
            "[{backend}]"
        );

        let record = h.application(&lia.id).await;
        assert_eq!(record.status, Status::InReview, "[{backend}] still open");
        assert_eq!(record.outcome, None, "[{backend}]");
        assert_eq!(h.certificates(&lia.id).await, 0, "[{backend}]");
        let view = h
            .pipeline
            .review_case(&reviewer, &cux, &lia.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(view.settlement, None, "[{backend}]");
        assert_eq!(view.candidates.len(), 2, "[{backend}]");
        let trail = h.store.audit_of(&lia.id).await.unwrap();
        assert!(
            !trail
                .iter()
                .any(|r| r.action == "review.settled" || r.action == "application.decided"),
            "[{backend}] {trail:?}"
        );
    }
}

#[tokio::test]
async fn another_office_can_neither_list_nor_see_nor_settle_the_case() {
    for backend in store::testing::backends() {
        let h = harness(backend).await;
        let mia = h.record("entry-mia", &declarations("Mia")).await;
        let lia = h.apply("Lia").await;
        assert_eq!(lia.status, Status::InReview, "[{backend}]");

        // Bremen issues the certificate, Berlin keeps another register: neither reviews.
        for other in [bremen(), berlin()] {
            let stranger = staff(&other);
            assert!(
                h.pipeline
                    .open_reviews(&stranger, &other)
                    .await
                    .unwrap()
                    .is_empty(),
                "[{backend}] {other} lists nothing"
            );
            assert!(
                h.pipeline
                    .review_case(&stranger, &other, &lia.id)
                    .await
                    .unwrap()
                    .is_none(),
                "[{backend}] {other} sees nothing"
            );
            let refused = h
                .pipeline
                .settle_review(
                    &stranger,
                    &other,
                    &lia.id,
                    &[judge(&mia, Verdict::NotSameChild)],
                    NOTE,
                )
                .await;
            assert!(
                matches!(refused, Err(ReviewError::NotFound(_))),
                "[{backend}] {other} cannot settle: {refused:?}"
            );
        }
        assert_eq!(
            h.application(&lia.id).await.status,
            Status::InReview,
            "[{backend}]"
        );
        assert_eq!(h.certificates(&lia.id).await, 0, "[{backend}]");
    }
}

#[tokio::test]
async fn settling_twice_issues_one_certificate() {
    for backend in store::testing::backends() {
        let h = harness(backend).await;
        let mia = h.record("entry-mia", &declarations("Mia")).await;
        let cux = cuxhaven();
        let reviewer = staff(&cux);
        let verdicts = [judge(&mia, Verdict::NotSameChild)];

        // A retried request.
        let lia = h.apply("Lia").await;
        let first = h
            .pipeline
            .settle_review(&reviewer, &cux, &lia.id, &verdicts, NOTE)
            .await
            .unwrap();
        let again = h
            .pipeline
            .settle_review(&reviewer, &cux, &lia.id, &verdicts, NOTE)
            .await
            .unwrap();
        assert!(first.settled_now && !again.settled_now, "[{backend}]");
        assert_eq!(
            again,
            Settled {
                settled_now: false,
                ..first.clone()
            },
            "[{backend}] the retry reports the first settlement"
        );
        assert_eq!(h.certificates(&lia.id).await, 1, "[{backend}]");

        // Two reviewers at once.
        let nia = h.apply("Nia").await;
        assert_eq!(nia.status, Status::InReview, "[{backend}]");
        let other = h.pipeline.clone();
        let (a, b) = tokio::join!(
            h.pipeline
                .settle_review(&reviewer, &cux, &nia.id, &verdicts, NOTE),
            other.settle_review(&reviewer, &cux, &nia.id, &verdicts, NOTE)
        );
        let (a, b) = (a.unwrap(), b.unwrap());
        assert!(
            a.settled_now != b.settled_now,
            "[{backend}] exactly one settles: {a:?} {b:?}"
        );
        assert_eq!(a.certificate, b.certificate, "[{backend}] the same one");
        assert_eq!(h.certificates(&nia.id).await, 1, "[{backend}]");
        let number = h
            .store
            .certificate_of_application(&nia.id)
            .await
            .unwrap()
            .unwrap()
            .number;
        assert_eq!(a.certificate, Some(number), "[{backend}]");
    }
}

#[tokio::test]
async fn a_certain_whole_entry_found_at_review_excludes_a_certificate() {
    for backend in store::testing::backends() {
        let h = harness(backend).await;
        let mia = h.record("entry-mia", &declarations("Mia")).await;
        let lia = h.apply("Lia").await;
        assert_eq!(lia.status, Status::InReview, "[{backend}]");
        // Recorded after the query was answered: the review must see it.
        let certain = h.record("entry-lia", &declarations("Lia")).await;
        let cux = cuxhaven();
        let reviewer = staff(&cux);

        let view = h
            .pipeline
            .review_case(&reviewer, &cux, &lia.id)
            .await
            .unwrap()
            .unwrap();
        let classes: Vec<(String, MatchClass)> = view
            .candidates
            .iter()
            .map(|c| (c.entry.id.clone(), c.class))
            .collect();
        assert!(
            classes.contains(&(certain.id.clone(), MatchClass::Match)),
            "[{backend}] {classes:?}"
        );

        let refused = h
            .pipeline
            .settle_review(
                &reviewer,
                &cux,
                &lia.id,
                &[judge(&mia, Verdict::NotSameChild)],
                NOTE,
            )
            .await;
        assert!(
            matches!(&refused, Err(ReviewError::Refused(p))
                if p == &[ReviewProblem::MissingVerdict { entry_id: certain.id.clone() }]),
            "[{backend}] the new entry needs a verdict too: {refused:?}"
        );
        let refused = h
            .pipeline
            .settle_review(
                &reviewer,
                &cux,
                &lia.id,
                &[
                    judge(&mia, Verdict::NotSameChild),
                    judge(&certain, Verdict::NotSameChild),
                ],
                NOTE,
            )
            .await;
        assert!(
            matches!(&refused, Err(ReviewError::Refused(p))
                if p == &[ReviewProblem::CertainMatchDisputed { entry_id: certain.id.clone() }]),
            "[{backend}] certainty is not judged away: {refused:?}"
        );
        assert_eq!(h.certificates(&lia.id).await, 0, "[{backend}]");

        let settled = h
            .pipeline
            .settle_review(
                &reviewer,
                &cux,
                &lia.id,
                &[
                    judge(&mia, Verdict::NotSameChild),
                    judge(&certain, Verdict::SameChild),
                ],
                NOTE,
            )
            .await
            .unwrap();
        assert_eq!(settled.outcome, Outcome::NoCertificate, "[{backend}]");
        assert_eq!(settled.certificate, None, "[{backend}]");
        assert_eq!(h.certificates(&lia.id).await, 0, "[{backend}]");
    }
}

#[tokio::test]
async fn the_audit_trail_names_the_settlement() {
    for backend in store::testing::backends() {
        let h = harness(backend).await;
        let mia = h.record("entry-mia", &declarations("Mia")).await;
        let lia = h.apply("Lia").await;
        let cux = cuxhaven();
        let reviewer = staff(&cux);
        let settled = h
            .pipeline
            .settle_review(
                &reviewer,
                &cux,
                &lia.id,
                &[judge(&mia, Verdict::NotSameChild)],
                NOTE,
            )
            .await
            .unwrap();

        let trail = h.store.audit_of(&lia.id).await.unwrap();
        let actions: Vec<&str> = trail.iter().map(|r| r.action.as_str()).collect();
        let position = |action: &str| {
            actions
                .iter()
                .position(|a| *a == action)
                .unwrap_or_else(|| panic!("[{backend}] {action} in {actions:?}"))
        };
        assert!(
            position("application.in_review") < position("review.settled")
                && position("review.settled") < position("application.decided"),
            "[{backend}] {actions:?}"
        );
        let record = &trail[position("review.settled")];
        assert_eq!(record.actor, reviewer.id, "[{backend}] who settled");
        assert_eq!(record.office.as_deref(), Some(cux.as_str()), "[{backend}]");
        let decided = &trail[position("application.decided")];
        assert_eq!(
            decided.office.as_deref(),
            Some(bremen().as_str()),
            "[{backend}]"
        );
        assert_eq!(decided.detail["review"], true, "[{backend}]");
        assert_eq!(
            decided.detail["certificate"],
            settled.certificate.unwrap().as_str(),
            "[{backend}]"
        );
        let verdicts = h.store.audit_of(&mia.id).await.unwrap();
        let verdict = verdicts
            .iter()
            .find(|r| r.action == "review.verdict")
            .unwrap_or_else(|| panic!("[{backend}] the entry's trail names the verdict"));
        assert_eq!(verdict.detail["application"], lia.id.as_str());
        assert_eq!(verdict.detail["verdict"], "not_same_child");

        let mut everything = h.store.audit_trail(&cux, 1000).await.unwrap();
        everything.extend(h.store.audit_trail(&bremen(), 1000).await.unwrap());
        for record in &everything {
            let text = record.detail.to_string();
            for secret in [FAMILY, "Lia", "Mia", NOTE] {
                assert!(
                    !text.contains(secret),
                    "[{backend}] {secret:?} in {}: {text}",
                    record.action
                );
            }
        }
    }
}
