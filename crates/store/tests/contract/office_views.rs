//! The workbench's office views: the issuing office's page of applications, which offices an
//! application belongs to, and one office's share of a record's audit trail.

use domain::decision::Outcome;
use domain::register::RegisterAnswer;
use store::applications::{ApplicationOffices, Resolution, Status};

use crate::support::{
    Submit, admin, berlin, bremen, cuxhaven, later, new_certificate, seeded_store, send_query,
    staff,
};

#[tokio::test]
async fn the_issuing_office_pages_its_applications_newest_first_and_the_read_is_audited() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let store = seeded_store(backend, dir.path()).await;
        for (id, minutes) in [("app-1", 0), ("app-2", 1), ("app-3", 2)] {
            Submit {
                at: later(minutes),
                ..Submit::new(id)
            }
            .insert(&store)
            .await;
        }
        send_query(&store, "app-1").await;
        let decided = store
            .resolve_application(
                &admin(),
                later(3),
                "app-1",
                &RegisterAnswer::None,
                later(3),
                Resolution::Decided {
                    outcome: Outcome::NegativeCertificate,
                    certificate: Some(new_certificate(7)),
                },
            )
            .await
            .unwrap();
        assert!(decided, "[{backend}]");

        let reader = staff(&bremen());
        let first = store
            .office_applications(&reader, later(10), &bremen(), 2, 0)
            .await
            .unwrap();
        assert_eq!(first.total, 3, "[{backend}]");
        let ids: Vec<&str> = first.applications.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["app-3", "app-2"], "[{backend}] newest first");
        assert_eq!(
            first.applications[0].status,
            Status::Received,
            "[{backend}]"
        );
        assert_eq!(first.applications[0].certificate, None, "[{backend}]");

        let second = store
            .office_applications(&reader, later(10), &bremen(), 2, 2)
            .await
            .unwrap();
        assert_eq!(second.applications.len(), 1, "[{backend}]");
        let oldest = &second.applications[0];
        assert_eq!(oldest.id, "app-1", "[{backend}]");
        assert_eq!(oldest.status, Status::Decided, "[{backend}]");
        assert_eq!(
            oldest.outcome,
            Some(Outcome::NegativeCertificate),
            "[{backend}]"
        );
        let certificate = oldest
            .certificate
            .as_ref()
            .unwrap_or_else(|| panic!("[{backend}] the certificate is listed"));
        assert_eq!(certificate.number, new_certificate(7).number, "[{backend}]");
        assert!(certificate.sealed && !certificate.revoked, "[{backend}]");

        // The register office issues none of them.
        let register = store
            .office_applications(&staff(&cuxhaven()), later(10), &cuxhaven(), 25, 0)
            .await
            .unwrap();
        assert_eq!(register.total, 0, "[{backend}]");
        assert!(register.applications.is_empty(), "[{backend}]");

        let listed: Vec<_> = store
            .audit_trail(&bremen(), 100)
            .await
            .unwrap()
            .into_iter()
            .filter(|r| r.action == "application.listed")
            .collect();
        assert_eq!(listed.len(), 2, "[{backend}] each page read is audited");
        assert_eq!(listed[0].detail["offset"], 2, "[{backend}]");

        assert_eq!(
            store.application_offices("app-2").await.unwrap(),
            Some(ApplicationOffices {
                issuing: bremen(),
                register: cuxhaven(),
            }),
            "[{backend}]"
        );
        assert_eq!(
            store.application_offices("app-none").await.unwrap(),
            None,
            "[{backend}]"
        );
    }
}

#[tokio::test]
async fn an_offices_trail_of_a_record_holds_its_own_records_only() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let store = seeded_store(backend, dir.path()).await;
        Submit::new("app-1").insert(&store).await;
        send_query(&store, "app-1").await;
        // A member of Berlin's staff tries the application at the register office.
        store
            .record_cross_office_attempt(later(2), "someone", &berlin(), &cuxhaven(), "app-1")
            .await
            .unwrap();

        let issuing = store
            .office_audit_of(&bremen(), "app-1", 100)
            .await
            .unwrap();
        let actions: Vec<&str> = issuing.iter().map(|r| r.action.as_str()).collect();
        assert_eq!(
            actions,
            ["register_query.sent", "application.received"],
            "[{backend}] the issuing office's records, newest first"
        );
        let register = store
            .office_audit_of(&cuxhaven(), "app-1", 100)
            .await
            .unwrap();
        let actions: Vec<&str> = register.iter().map(|r| r.action.as_str()).collect();
        assert_eq!(actions, ["staff.cross_office_refused"], "[{backend}]");
        assert!(
            store
                .office_audit_of(&berlin(), "app-1", 100)
                .await
                .unwrap()
                .is_empty(),
            "[{backend}] the attempt is not in Berlin's trail of the application"
        );
        assert_eq!(
            store
                .office_audit_of(&bremen(), "app-1", 1)
                .await
                .unwrap()
                .len(),
            1,
            "[{backend}] the limit holds"
        );
    }
}

#[tokio::test]
async fn applications_waiting_too_long_for_another_office_are_listed_longest_first() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let store = seeded_store(backend, dir.path()).await;
        // Received at minutes 0 to 4, each asked of Cuxhaven's register, then three answered.
        for (id, minutes) in [
            ("app-unanswered", 1),
            ("app-at-node", 0),
            ("app-local-review", 2),
            ("app-decided", 3),
            ("app-new", 4),
        ] {
            Submit {
                at: later(minutes),
                ..Submit::new(id)
            }
            .insert(&store)
            .await;
            send_query(&store, id).await;
        }
        let system = admin();
        let resolve = |id: &'static str, answer: RegisterAnswer, resolution: Resolution| {
            let store = store.clone();
            let system = system.clone();
            async move {
                assert!(
                    store
                        .resolve_application(&system, later(5), id, &answer, later(5), resolution)
                        .await
                        .unwrap()
                );
            }
        };
        resolve(
            "app-at-node",
            RegisterAnswer::Maybe,
            Resolution::ReviewAtNode,
        )
        .await;
        resolve(
            "app-local-review",
            RegisterAnswer::Maybe,
            Resolution::Review,
        )
        .await;
        resolve(
            "app-decided",
            RegisterAnswer::None,
            Resolution::Decided {
                outcome: Outcome::NegativeCertificate,
                certificate: Some(new_certificate(8)),
            },
        )
        .await;

        let reader = staff(&bremen());
        // Overdue: received before minute 4 and still waiting for Cuxhaven.
        let overdue = store
            .overdue_applications(&reader, later(60), &bremen(), later(4), 10)
            .await
            .unwrap();
        let ids: Vec<&str> = overdue.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["app-at-node", "app-unanswered"], "[{backend}]");
        assert!(overdue[0].review_at_node, "[{backend}]");
        assert!(
            overdue
                .iter()
                .all(|a| a.register_office == cuxhaven() && a.waits_for_register()),
            "[{backend}]"
        );
        assert_eq!(
            store
                .overdue_application_count(&bremen(), later(4))
                .await
                .unwrap(),
            2,
            "[{backend}]"
        );
        // app-new, received at minute 4, is overdue from a later bound on.
        assert_eq!(
            store
                .overdue_application_count(&bremen(), later(5))
                .await
                .unwrap(),
            3,
            "[{backend}]"
        );
        let limited = store
            .overdue_applications(&reader, later(60), &bremen(), later(5), 1)
            .await
            .unwrap();
        assert_eq!(limited.len(), 1, "[{backend}] at most the limit");
        // Only the issuing office's own.
        for other in [cuxhaven(), berlin()] {
            assert_eq!(
                store
                    .overdue_application_count(&other, later(5))
                    .await
                    .unwrap(),
                0,
                "[{backend}]"
            );
        }
        let audited: Vec<_> = store
            .audit_trail(&bremen(), 100)
            .await
            .unwrap()
            .into_iter()
            .filter(|r| r.action == "application.overdue_listed")
            .collect();
        assert_eq!(audited.len(), 2, "[{backend}] each listing is audited");
        assert_eq!(audited[0].detail["count"], 1, "[{backend}]");
    }
}
