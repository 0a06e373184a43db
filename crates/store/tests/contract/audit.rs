//! The audit log: every write and every register read leaves a record for the right office, and
//! no record carries personal data.

use domain::decision::Outcome;
use domain::eligibility::Ineligibility;
use domain::register::RegisterAnswer;
use store::AuditRecord;
use store::applications::Resolution;

use crate::support::{
    CHILD_BIRTH, PERSONAL_NAMES, Submit, admin, berlin, bremen, cuxhaven, insert_entry, later,
    new_certificate, notification, notification_born, online_service, search, seeded_store,
    send_query, staff, t0,
};

fn actions(records: &[AuditRecord]) -> Vec<&str> {
    records.iter().map(|r| r.action.as_str()).collect()
}

#[tokio::test]
async fn application_steps_are_audited_for_the_issuing_office() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let store = seeded_store(backend, dir.path()).await;
        let submit = Submit {
            key: Some("key-1"),
            ..Submit::new("app-1")
        };
        submit.insert(&store).await;
        // A retry under the same key writes nothing, so it audits nothing.
        Submit {
            id: "app-retry",
            ..submit
        }
        .insert(&store)
        .await;

        let received = store.audit_of("app-1").await.unwrap();
        assert_eq!(actions(&received), ["application.received"], "[{backend}]");
        assert_eq!(received[0].actor, online_service().id, "[{backend}] actor");
        assert_eq!(
            received[0].office.as_deref(),
            Some(bremen().as_str()),
            "[{backend}] the issuing office"
        );
        assert_eq!(received[0].at, t0(), "[{backend}]");
        assert!(
            store.audit_of("app-retry").await.unwrap().is_empty(),
            "[{backend}] the retry"
        );

        send_query(&store, "app-1").await;
        store
            .send_register_query(
                &admin(),
                later(2),
                "app-1",
                "q",
                &bremen(),
                &cuxhaven(),
                "{}",
            )
            .await
            .unwrap();
        let certificate = new_certificate(3);
        store
            .resolve_application(
                &admin(),
                later(3),
                "app-1",
                &RegisterAnswer::None,
                later(2),
                Resolution::Decided {
                    outcome: Outcome::NegativeCertificate,
                    certificate: Some(certificate.clone()),
                },
            )
            .await
            .unwrap();

        let trail = store.audit_of("app-1").await.unwrap();
        assert_eq!(
            actions(&trail),
            [
                "application.received",
                "register_query.sent",
                "application.decided"
            ],
            "[{backend}] one record per step taken, none for the repeated send"
        );
        assert!(
            trail
                .iter()
                .all(|r| r.office.as_deref() == Some(bremen().as_str())),
            "[{backend}] all for the issuing office: {trail:?}"
        );
        assert_eq!(trail[2].at, later(3), "[{backend}]");
        assert_eq!(
            trail[2].detail["outcome"], "negative_certificate",
            "[{backend}] {:?}",
            trail[2].detail
        );
        assert_eq!(
            trail[2].detail["certificate"],
            certificate.number.as_str(),
            "[{backend}] {:?}",
            trail[2].detail
        );
        assert!(
            trail.windows(2).all(|w| w[0].seq < w[1].seq),
            "[{backend}] audit_of is oldest first"
        );

        let bremen_trail = store.audit_trail(&bremen(), 100).await.unwrap();
        assert_eq!(
            bremen_trail.iter().filter(|r| r.subject == "app-1").count(),
            3,
            "[{backend}] the office's trail holds the application's records"
        );
        assert!(
            bremen_trail.windows(2).all(|w| w[0].seq > w[1].seq),
            "[{backend}] audit_trail is newest first"
        );
        assert_eq!(
            bremen_trail[0].action, "application.decided",
            "[{backend}] newest first"
        );
        assert_eq!(
            store.audit_trail(&bremen(), 1).await.unwrap().len(),
            1,
            "[{backend}] limit"
        );
        assert!(
            !store
                .audit_trail(&cuxhaven(), 100)
                .await
                .unwrap()
                .iter()
                .any(|r| r.subject == "app-1"),
            "[{backend}] not in the register office's trail"
        );
    }
}

#[tokio::test]
async fn a_refusal_and_a_review_are_audited() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let store = seeded_store(backend, dir.path()).await;
        Submit {
            refused: Some(Ineligibility::NotMother),
            ..Submit::new("app-refused")
        }
        .insert(&store)
        .await;
        Submit::new("app-review").insert(&store).await;
        send_query(&store, "app-review").await;
        store
            .resolve_application(
                &admin(),
                later(3),
                "app-review",
                &RegisterAnswer::Maybe,
                later(2),
                Resolution::Review,
            )
            .await
            .unwrap();

        let refused = store.audit_of("app-refused").await.unwrap();
        assert_eq!(
            actions(&refused),
            ["application.received", "application.decided"],
            "[{backend}]"
        );
        assert_eq!(refused[1].detail["outcome"], "not_eligible", "[{backend}]");
        assert_eq!(refused[1].detail["reason"], "not_mother", "[{backend}]");
        assert_eq!(
            actions(&store.audit_of("app-review").await.unwrap()),
            [
                "application.received",
                "register_query.sent",
                "application.in_review"
            ],
            "[{backend}]"
        );
    }
}

#[tokio::test]
async fn entry_changes_are_audited_for_the_register_office() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let store = seeded_store(backend, dir.path()).await;
        let cux = cuxhaven();
        let actor = staff(&cux);
        insert_entry(&store, "entry-1", &cux, &notification(), t0()).await;
        store
            .correct_entry(
                &actor,
                later(1),
                &cux,
                "entry-1",
                &notification_born(time::macros::date!(2020 - 04 - 05)),
                "typo",
            )
            .await
            .unwrap();
        store
            .cancel_entry(&actor, later(2), &cux, "entry-1", "duplicate")
            .await
            .unwrap();
        // Refused changes leave no record.
        store
            .cancel_entry(&actor, later(3), &cux, "entry-1", "again")
            .await
            .unwrap_err();
        store
            .cancel_entry(
                &staff(&berlin()),
                later(3),
                &berlin(),
                "entry-1",
                "not mine",
            )
            .await
            .unwrap_err();

        let trail = store.audit_of("entry-1").await.unwrap();
        assert_eq!(
            actions(&trail),
            [
                "register_entry.created",
                "register_entry.corrected",
                "register_entry.cancelled"
            ],
            "[{backend}]"
        );
        assert!(
            trail
                .iter()
                .all(|r| r.office.as_deref() == Some(cux.as_str()) && r.actor == actor.id),
            "[{backend}] the register office and the acting staff: {trail:?}"
        );
        assert_eq!(
            trail.iter().map(|r| r.at).collect::<Vec<_>>(),
            [t0(), later(1), later(2)],
            "[{backend}]"
        );
        assert_eq!(trail[1].detail["version"], 2, "[{backend}]");
        assert_eq!(trail[2].detail["version"], 3, "[{backend}]");
        assert!(
            !store
                .audit_trail(&berlin(), 100)
                .await
                .unwrap()
                .iter()
                .any(|r| r.subject == "entry-1"),
            "[{backend}] nothing in another office's trail"
        );
    }
}

#[tokio::test]
async fn register_reads_are_audited() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let store = seeded_store(backend, dir.path()).await;
        let cux = cuxhaven();
        let reader = staff(&cux);
        insert_entry(&store, "entry-1", &cux, &notification(), t0()).await;

        store.entries(&reader, later(1), &cux, 50, 0).await.unwrap();
        store
            .entry(&reader, later(2), &cux, "entry-1")
            .await
            .unwrap();
        store
            .entry_history(&reader, later(3), &cux, "entry-1")
            .await
            .unwrap();
        search(&store, &reader, later(4), &cux, CHILD_BIRTH, "query-77")
            .await
            .unwrap();

        let trail = store.audit_trail(&cux, 100).await.unwrap();
        let newest_four: Vec<(&str, &str)> = trail
            .iter()
            .take(4)
            .map(|r| (r.action.as_str(), r.subject.as_str()))
            .collect();
        assert_eq!(
            newest_four,
            [
                ("register.searched", "query-77"),
                ("register_entry.history_read", "entry-1"),
                ("register_entry.read", "entry-1"),
                ("register.listed", cux.as_str()),
            ],
            "[{backend}] each read leaves a record, newest first"
        );
        assert!(
            trail.iter().take(4).all(|r| r.actor == reader.id),
            "[{backend}] the reader is named"
        );
        assert_eq!(
            trail[0].detail["candidates"], 1,
            "[{backend}] {:?}",
            trail[0].detail
        );
        assert_eq!(
            trail[3].detail["count"], 1,
            "[{backend}] {:?}",
            trail[3].detail
        );
        assert_eq!(
            store.audit_of("query-77").await.unwrap().len(),
            1,
            "[{backend}] the search is findable by its query"
        );
    }
}

#[tokio::test]
async fn audit_records_carry_no_personal_data() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let store = seeded_store(backend, dir.path()).await;
        let (cux, ber) = (cuxhaven(), berlin());

        // Every kind of write and read, each with the fixtures' names in its payload.
        Submit::new("app-1").insert(&store).await;
        send_query(&store, "app-1").await;
        store
            .resolve_application(
                &admin(),
                later(3),
                "app-1",
                &RegisterAnswer::None,
                later(2),
                Resolution::Decided {
                    outcome: Outcome::NegativeCertificate,
                    certificate: Some(new_certificate(9)),
                },
            )
            .await
            .unwrap();
        Submit {
            refused: Some(Ineligibility::MarriedToFather),
            ..Submit::new("app-2")
        }
        .insert(&store)
        .await;
        insert_entry(&store, "entry-1", &cux, &notification(), t0()).await;
        insert_entry(&store, "entry-2", &ber, &notification(), t0()).await;
        store
            .correct_entry(
                &staff(&cux),
                later(1),
                &cux,
                "entry-1",
                &notification(),
                "check",
            )
            .await
            .unwrap();
        store
            .cancel_entry(&staff(&ber), later(1), &ber, "entry-2", "duplicate")
            .await
            .unwrap();
        store
            .entries(&staff(&cux), later(2), &cux, 10, 0)
            .await
            .unwrap();
        store
            .entry(&staff(&cux), later(2), &cux, "entry-1")
            .await
            .unwrap();
        store
            .entry_history(&staff(&cux), later(2), &cux, "entry-1")
            .await
            .unwrap();
        search(&store, &staff(&cux), later(2), &cux, CHILD_BIRTH, "query-1")
            .await
            .unwrap();

        let mut records = Vec::new();
        for office in [bremen(), cux.clone(), ber.clone()] {
            records.extend(store.audit_trail(&office, 1000).await.unwrap());
        }
        assert!(
            records.len() >= 13,
            "[{backend}] the fixture produced the records it searches: {}",
            records.len()
        );
        let birth = CHILD_BIRTH.to_string();
        for record in &records {
            let text = format!("{} {} {}", record.subject, record.actor, record.detail);
            for name in PERSONAL_NAMES
                .iter()
                .map(|n| n.to_string())
                .chain([birth.clone()])
            {
                assert!(
                    !text.contains(&name),
                    "[{backend}] audit record {} ({}) contains personal data {name:?}: {text}",
                    record.seq,
                    record.action
                );
            }
        }
    }
}
