//! Sorgeerklärungen notified before the birth, end to end: an open notification forbids a
//! certificate for any child it could concern until a person of the register office has
//! judged it; "same child" completes it into the register, "not the same child" lets the
//! certificate go out; completing it at the holding office makes it an ordinary entry.
//!
//! Each test loops over `store::testing::backends()`.

#[path = "../review/support.rs"]
#[allow(dead_code)]
mod support;

use time::macros::date;

use domain::PersonName;
use domain::decision::Outcome;
use domain::prenatal::PrenatalNotification;
use domain::register::{EntryKind, Parent, Source, SourceKind};
use domain::review::Verdict;
use pipeline::{PrenatalJudgement, ReviewError, ReviewProblem};
use store::applications::Status;
use store::prenatal::PrenatalStatus;

use support::{FAMILY, bremen, child, cuxhaven, harness, staff};

const NOTE: &str = "Vorgeburtliche Erklärung mit der Mutter abgeglichen";

fn name(raw: &str) -> PersonName {
    PersonName::parse(raw).expect("valid name")
}

/// Henrike's and Torben's declarations, made before Ida's birth (2021-03-14) and
/// notified to the Jugendamt of her residence, Bremen.
fn before_the_birth(declared_on: time::Date) -> PrenatalNotification {
    PrenatalNotification {
        mother: Parent {
            given_names: name("Henrike"),
            family_name: name(FAMILY),
            birth_name: None,
        },
        // As in the application (`support::application`).
        mother_birth_date: date!(1992 - 07 - 01),
        father: Parent {
            given_names: name("Torben"),
            family_name: name("Ellerbrock"),
            birth_name: None,
        },
        declared_on,
        expected_birth_date: Some(date!(2021 - 03 - 20)),
        source: Source {
            kind: SourceKind::YouthOffice,
            name: "Jugendamt Bremen".into(),
            reference: "UR 7/2020".into(),
        },
    }
}

#[tokio::test]
async fn an_open_prenatal_notification_sends_the_application_to_review_and_same_child_completes_it()
{
    for backend in store::testing::backends() {
        let h = harness(backend).await;
        let holder = bremen();
        let open = h
            .pipeline
            .record_prenatal(
                &staff(&holder),
                &holder,
                &before_the_birth(date!(2020 - 11 - 02)),
            )
            .await
            .unwrap();

        let app = h.apply("Ida").await;
        assert_eq!(
            app.status,
            Status::InReview,
            "[{backend}] the register knows nothing, but the open notification could be her"
        );
        assert_eq!(h.certificates(&app.id).await, 0, "[{backend}]");

        let cux = cuxhaven();
        let reviewer = staff(&cux);
        let view = h
            .pipeline
            .review_case(&reviewer, &cux, &app.id)
            .await
            .unwrap()
            .unwrap();
        assert!(view.candidates.is_empty(), "[{backend}]");
        assert_eq!(view.prenatal.len(), 1, "[{backend}]");
        assert_eq!(view.prenatal[0].id, open.id, "[{backend}]");
        assert_eq!(view.prenatal[0].holding_office, holder, "[{backend}]");
        let mother = view
            .mother
            .expect("the applicant's names are shown to compare");
        assert_eq!(mother.names.given_names.as_str(), "Henrike", "[{backend}]");

        // Without a verdict on the notification the case is not settled.
        let refused = h
            .pipeline
            .settle_review(&reviewer, &cux, &app.id, &[], NOTE)
            .await;
        match refused {
            Err(ReviewError::Refused(problems)) => assert_eq!(
                problems,
                [ReviewProblem::MissingPrenatalVerdict {
                    prenatal_id: open.id.clone()
                }],
                "[{backend}]"
            ),
            other => panic!("[{backend}] expected a refusal, got {other:?}"),
        }

        let settled = h
            .pipeline
            .settle_review_with_prenatal(
                &reviewer,
                &cux,
                &app.id,
                &[],
                &[PrenatalJudgement {
                    prenatal_id: open.id.clone(),
                    verdict: Verdict::SameChild,
                }],
                NOTE,
            )
            .await
            .unwrap();
        assert_eq!(settled.outcome, Outcome::NoCertificate, "[{backend}]");
        assert_eq!(settled.certificate, None, "[{backend}]");

        // The notification is an entry of Cuxhaven's register now, for this very child.
        let completed = h
            .store
            .prenatal(&staff(&holder), h.pipeline.clock().now(), &holder, &open.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(completed.status, PrenatalStatus::Completed, "[{backend}]");
        let entry_id = completed.entry_id.expect("linked to its entry");
        let entry = h
            .store
            .entry(&reviewer, h.pipeline.clock().now(), &cux, &entry_id)
            .await
            .unwrap()
            .expect("in the register office's register");
        assert_eq!(entry.notification.child, child("Ida"), "[{backend}]");
        assert_eq!(
            entry.notification.kind,
            EntryKind::CustodyDeclarations,
            "[{backend}]"
        );
        assert_eq!(
            entry.notification.effective_date,
            date!(2020 - 11 - 02),
            "[{backend}]"
        );

        // The next application for Ida is decided by the register alone.
        let again = h.apply("Ida").await;
        assert_eq!(again.status, Status::Decided, "[{backend}]");
        assert_eq!(again.outcome, Some(Outcome::NoCertificate), "[{backend}]");

        let settlement = h
            .pipeline
            .review_case(&reviewer, &cux, &app.id)
            .await
            .unwrap()
            .unwrap()
            .settlement
            .expect("settled");
        assert_eq!(settlement.prenatal_verdicts.len(), 1, "[{backend}]");
        assert_eq!(
            settlement.prenatal_verdicts[0].entry_id.as_deref(),
            Some(entry_id.as_str()),
            "[{backend}]"
        );

        // The holding office's trail shows who found and who completed its notification.
        let trail: Vec<String> = h
            .store
            .audit_of(&open.id)
            .await
            .unwrap()
            .into_iter()
            .map(|r| r.action)
            .collect();
        for action in [
            "prenatal.recorded",
            "prenatal.matched",
            "prenatal.completed",
        ] {
            assert!(
                trail.iter().any(|a| a == action),
                "[{backend}] {action} in {trail:?}"
            );
        }
    }
}

#[tokio::test]
async fn judged_another_child_the_certificate_goes_out_and_the_notification_stays_open() {
    for backend in store::testing::backends() {
        let h = harness(backend).await;
        let holder = bremen();
        let open = h
            .pipeline
            .record_prenatal(
                &staff(&holder),
                &holder,
                &before_the_birth(date!(2020 - 11 - 02)),
            )
            .await
            .unwrap();
        let app = h.apply("Ida").await;
        let cux = cuxhaven();
        let settled = h
            .pipeline
            .settle_review_with_prenatal(
                &staff(&cux),
                &cux,
                &app.id,
                &[],
                &[PrenatalJudgement {
                    prenatal_id: open.id.clone(),
                    verdict: Verdict::NotSameChild,
                }],
                NOTE,
            )
            .await
            .unwrap();
        assert_eq!(settled.outcome, Outcome::NegativeCertificate, "[{backend}]");
        assert!(settled.certificate.is_some(), "[{backend}]");
        let still = h
            .store
            .prenatal(&staff(&holder), h.pipeline.clock().now(), &holder, &open.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(still.status, PrenatalStatus::Open, "[{backend}]");
    }
}

#[tokio::test]
async fn a_notification_concerns_only_her_children_born_within_a_pregnancy_after_it() {
    for backend in store::testing::backends() {
        let h = harness(backend).await;
        let holder = bremen();
        // Declared after Ida's birth (by more than a month), and long before it.
        for declared_on in [date!(2021 - 04 - 20), date!(2019 - 12 - 01)] {
            h.pipeline
                .record_prenatal(&staff(&holder), &holder, &before_the_birth(declared_on))
                .await
                .unwrap();
        }
        // Another mother's declarations in the span, and a namesake's (born another day).
        let mut other = before_the_birth(date!(2020 - 11 - 02));
        other.mother.given_names = name("Wiebke");
        other.mother.family_name = name("Oltmanns");
        let mut namesake = before_the_birth(date!(2020 - 11 - 02));
        namesake.mother_birth_date = date!(1988 - 02 - 11);
        for notification in [other, namesake] {
            h.pipeline
                .record_prenatal(&staff(&holder), &holder, &notification)
                .await
                .unwrap();
        }

        let app = h.apply("Ida").await;
        assert_eq!(app.status, Status::Decided, "[{backend}]");
        assert_eq!(
            app.outcome,
            Some(Outcome::NegativeCertificate),
            "[{backend}]"
        );
    }
}

#[tokio::test]
async fn completed_by_the_holding_office_the_notification_is_an_ordinary_entry() {
    for backend in store::testing::backends() {
        let h = harness(backend).await;
        let holder = bremen();
        let open = h
            .pipeline
            .record_prenatal(
                &staff(&holder),
                &holder,
                &before_the_birth(date!(2020 - 11 - 02)),
            )
            .await
            .unwrap();
        let (entry, register) = h
            .pipeline
            .complete_prenatal(&staff(&holder), &holder, &open.id, &child("Ida"))
            .await
            .unwrap();
        assert_eq!(
            register.id,
            cuxhaven(),
            "[{backend}] routed by the birthplace"
        );
        assert_eq!(entry.register_office, cuxhaven(), "[{backend}]");

        let app = h.apply("Ida").await;
        assert_eq!(app.outcome, Some(Outcome::NoCertificate), "[{backend}]");

        let twice = h
            .pipeline
            .complete_prenatal(&staff(&holder), &holder, &open.id, &child("Ida"))
            .await;
        assert!(
            matches!(
                twice,
                Err(pipeline::SubmitError::Store(store::StoreError::Conflict(_)))
            ),
            "[{backend}] {twice:?}"
        );
        let elsewhere = h
            .pipeline
            .complete_prenatal(&staff(&cuxhaven()), &cuxhaven(), &open.id, &child("Ida"))
            .await;
        assert!(
            matches!(
                elsewhere,
                Err(pipeline::SubmitError::Store(store::StoreError::NotFound))
            ),
            "[{backend}] another office cannot complete it: {elsewhere:?}"
        );
    }
}
