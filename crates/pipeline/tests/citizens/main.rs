//! Applications a citizen makes herself in the portal: idempotent per citizen, owned by her,
//! and decided exactly like those that come in through the API.
//!
//! Each test loops over `store::testing::backends()`.

#[path = "../review/support.rs"]
#[allow(dead_code)]
mod support;

use domain::decision::Outcome;
use pipeline::SubmitError;
use store::applications::Status;

use support::{application, declarations, harness};

/// A subject as the OIDC side derives it: SHA-256 hex, never the provider's raw `sub`.
fn subject(seed: char) -> String {
    std::iter::repeat_n(seed, 64).collect()
}

#[tokio::test]
async fn a_double_submit_with_the_same_key_makes_one_application() {
    for backend in store::testing::backends() {
        let h = harness(backend).await;
        let anna = subject('a');
        let first = h
            .pipeline
            .submit_for_citizen(&anna, "form-1", "hash-ida", application("Ida"))
            .await
            .unwrap();
        assert!(first.created, "[{backend}]");
        let again = h
            .pipeline
            .submit_for_citizen(&anna, "form-1", "hash-ida", application("Ida"))
            .await
            .unwrap();
        assert!(
            !again.created,
            "[{backend}] the second submit finds the first"
        );
        assert_eq!(again.record.id, first.record.id, "[{backend}]");
        assert_eq!(h.store.application_count().await.unwrap(), 1, "[{backend}]");

        let record = &first.record;
        assert_eq!(record.client_id, "portal", "[{backend}]");
        assert_eq!(
            record.citizen.as_deref(),
            Some(anna.as_str()),
            "[{backend}]"
        );
        assert_eq!(
            h.store.citizen_applications(&anna, 10).await.unwrap().len(),
            1,
            "[{backend}] hers"
        );

        let changed = h
            .pipeline
            .submit_for_citizen(&anna, "form-1", "hash-other", application("Ida"))
            .await;
        assert!(
            matches!(changed, Err(SubmitError::IdempotencyConflict)),
            "[{backend}] the same key with another form is refused: {changed:?}"
        );

        let received = h.store.audit_of(&record.id).await.unwrap();
        assert_eq!(received[0].action, "application.received", "[{backend}]");
        assert_eq!(
            received[0].actor,
            format!("citizen:{anna}"),
            "[{backend}] the citizen herself is the actor"
        );
    }
}

#[tokio::test]
async fn the_same_key_from_another_citizen_never_hands_out_her_application() {
    for backend in store::testing::backends() {
        let h = harness(backend).await;
        let (anna, berta) = (subject('a'), subject('b'));
        let annas = h
            .pipeline
            .submit_for_citizen(&anna, "form-1", "hash-ida", application("Ida"))
            .await
            .unwrap();
        let bertas = h
            .pipeline
            .submit_for_citizen(&berta, "form-1", "hash-ida", application("Ida"))
            .await
            .unwrap();
        assert!(bertas.created, "[{backend}] a separate application");
        assert_ne!(bertas.record.id, annas.record.id, "[{backend}]");
        assert_eq!(
            bertas.record.citizen.as_deref(),
            Some(berta.as_str()),
            "[{backend}]"
        );
        assert_eq!(h.store.application_count().await.unwrap(), 2, "[{backend}]");
        assert_eq!(
            h.store
                .citizen_application(&berta, &annas.record.id)
                .await
                .unwrap(),
            None,
            "[{backend}] Berta cannot read Anna's"
        );

        let raw = h
            .pipeline
            .submit_for_citizen("sub-raw", "form-2", "hash-ida", application("Ida"))
            .await;
        assert!(raw.is_err(), "[{backend}] a raw provider sub is refused");
    }
}

#[tokio::test]
async fn a_citizens_application_is_decided_like_one_through_the_api() {
    for backend in store::testing::backends() {
        let h = harness(backend).await;
        let anna = subject('a');

        // No entry for Ida: a negative certificate, which she can download.
        let ida = h
            .pipeline
            .submit_for_citizen(&anna, "form-ida", "hash-ida", application("Ida"))
            .await
            .unwrap()
            .record;
        let api_ida = h.apply("Ida").await;
        assert_eq!(ida.status, Status::Decided, "[{backend}]");
        assert_eq!(
            ida.outcome,
            Some(Outcome::NegativeCertificate),
            "[{backend}]"
        );
        assert_eq!(
            (ida.status, ida.outcome.clone()),
            (api_ida.status, api_ida.outcome.clone()),
            "[{backend}] as through the API"
        );
        assert_eq!(h.certificates(&ida.id).await, 1, "[{backend}]");
        let (certificate, pdf) = h
            .store
            .citizen_certificate_pdf(h.pipeline.clock().now(), &anna, &ida.id)
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("[{backend}] Anna downloads her certificate"));
        assert!(pdf.starts_with(b"%PDF"), "[{backend}]");
        assert_eq!(certificate.application_id, ida.id, "[{backend}]");
        assert_eq!(
            h.store
                .citizen_certificate_pdf(h.pipeline.clock().now(), &anna, &api_ida.id)
                .await
                .unwrap(),
            None,
            "[{backend}] the API's application is not hers"
        );

        // Declarations recorded for Mia: no certificate, whichever way she applies.
        h.record("entry-mia", &declarations("Mia")).await;
        let mia = h
            .pipeline
            .submit_for_citizen(&anna, "form-mia", "hash-mia", application("Mia"))
            .await
            .unwrap()
            .record;
        let api_mia = h.apply("Mia").await;
        assert_eq!(mia.status, Status::Decided, "[{backend}]");
        assert_ne!(
            mia.outcome,
            Some(Outcome::NegativeCertificate),
            "[{backend}] a register entry stops the certificate"
        );
        assert_eq!(
            (mia.status, mia.outcome.clone()),
            (api_mia.status, api_mia.outcome.clone()),
            "[{backend}] as through the API"
        );
        assert_eq!(h.certificates(&mia.id).await, 0, "[{backend}]");
        assert_eq!(
            h.store
                .citizen_applications(&anna, 10)
                .await
                .unwrap()
                .into_iter()
                .map(|r| r.id)
                .collect::<Vec<_>>(),
            [mia.id.clone(), ida.id.clone()],
            "[{backend}] hers, newest first"
        );
    }
}
