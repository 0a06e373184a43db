//! The application pipeline through the API: every outcome, every refusal, idempotency.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{application, each_backend, notification, sophia};
use domain::CertificateNumber;

#[tokio::test]
async fn sophia_gets_a_negative_certificate_from_bremen_via_cuxhaven() {
    each_backend(|app| async move {
        let (status, body) = app.apply(&sophia()).await;
        assert_eq!(status, StatusCode::CREATED, "{}: {body}", app.backend);
        assert_eq!(body["status"], "decided");
        assert_eq!(body["outcome"], "negative_certificate");
        assert_eq!(body["issuing_office"]["id"], "ja-04011");
        assert_eq!(body["issuing_office"]["name"], "Jugendamt Bremen");
        assert_eq!(body["register_office"]["id"], "ja-03352");
        assert_eq!(
            body["register_office"]["name"],
            "Jugendamt Landkreis Cuxhaven"
        );
        assert_eq!(body["partial_scope"], Value::Null);
        let number = body["certificate"]["number"]
            .as_str()
            .expect("certificate number");
        assert!(CertificateNumber::parse(number).is_ok(), "{number}");
        assert!(body["decided_at"].is_string() && body["received_at"].is_string());

        // Reading it back gives the same result.
        let id = body["id"].as_str().unwrap();
        let read: Value = app
            .get(
                &format!("/api/v1/applications/{id}"),
                Some(&app.token("demo-online-service")),
            )
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(read["certificate"]["number"], number);
        assert_eq!(read["outcome"], "negative_certificate");

        // Each step left an audit record; the register office's search is audited for it.
        let actions: Vec<String> = app
            .store
            .audit_of(id)
            .await
            .unwrap()
            .into_iter()
            .map(|r| r.action)
            .collect();
        assert_eq!(
            actions,
            [
                "application.received",
                "register_query.sent",
                "application.decided"
            ],
            "{}",
            app.backend
        );
        let searches = app.store.audit_of(&format!("q-{id}")).await.unwrap();
        assert_eq!(searches.len(), 1);
        assert_eq!(searches[0].action, "register.searched");
        assert_eq!(searches[0].office.as_deref(), Some("ja-03352"));
        app
    })
    .await;
}

#[tokio::test]
async fn custody_declarations_mean_no_certificate() {
    each_backend(|app| async move {
        let body = application(
            ("Laura", "Schneider"),
            ("05315000", "50667"),
            ("Emil", "Schneider", "2019-08-12"),
            json!({"municipality_key": "05315000"}),
        );
        let (status, body) = app.apply(&body).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        assert_eq!(body["status"], "decided");
        assert_eq!(body["outcome"], "no_certificate");
        assert_eq!(body["certificate"], Value::Null);
        assert_eq!(body["register_office"]["id"], "ja-05315");
        app
    })
    .await;
}

#[tokio::test]
async fn a_court_decision_on_health_care_gives_a_partial_certificate() {
    each_backend(|app| async move {
        let body = application(
            ("Anna", "Hoffmann"),
            ("14713000", "04103"),
            ("Mia", "Hoffmann", "2021-03-15"),
            json!({"municipality_key": "14713000"}),
        );
        let (status, body) = app.apply(&body).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        assert_eq!(body["outcome"], "partial_certificate");
        assert_eq!(body["partial_scope"], json!(["health"]));
        assert!(body["certificate"]["number"].is_string());
        app
    })
    .await;
}

#[tokio::test]
async fn a_child_born_abroad_is_looked_up_in_the_berlin_register() {
    each_backend(|app| async move {
        let lukas = application(
            ("Katharina", "Gruber"),
            ("09162000", "80331"),
            ("Lukas", "Gruber", "2018-11-02"),
            json!({"abroad": {"country": "AT", "place": "Wien"}}),
        );
        let (status, body) = app.apply(&lukas).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        assert_eq!(body["issuing_office"]["id"], "ja-09162");
        assert_eq!(body["register_office"]["id"], "ja-11000");
        assert_eq!(body["outcome"], "no_certificate");

        let other = application(
            ("Claire", "Martin"),
            ("02000000", "20095"),
            ("Louis", "Martin", "2022-07-14"),
            json!({"abroad": {"country": "FR", "place": "Paris"}}),
        );
        let (_, body) = app.apply(&other).await;
        assert_eq!(body["register_office"]["id"], "ja-11000");
        assert_eq!(body["outcome"], "negative_certificate");
        app
    })
    .await;
}

#[tokio::test]
async fn another_spelling_of_the_same_child_still_finds_the_entry() {
    each_backend(|app| async move {
        let body = application(
            ("Laura", "Schneider"),
            ("05315000", "50667"),
            ("EMIL", "schneider", "2019-08-12"),
            json!({"municipality_key": "05315000"}),
        );
        let (_, body) = app.apply(&body).await;
        assert_eq!(body["outcome"], "no_certificate", "{}", app.backend);
        app
    })
    .await;
}

#[tokio::test]
async fn a_doubtful_record_goes_to_review_never_to_a_certificate() {
    each_backend(|app| async move {
        // Same date and place as Emil's entry, another given name: a twin or a typo.
        let body = application(
            ("Laura", "Schneider"),
            ("05315000", "50667"),
            ("Emilia", "Schneider", "2019-08-12"),
            json!({"municipality_key": "05315000"}),
        );
        let (status, body) = app.apply(&body).await;
        assert_eq!(status, StatusCode::CREATED);
        assert_eq!(body["status"], "in_review", "{}", app.backend);
        assert_eq!(body["outcome"], Value::Null);
        assert_eq!(body["certificate"], Value::Null);
        app
    })
    .await;
}

#[tokio::test]
async fn each_eligibility_refusal_has_its_reason_in_both_languages() {
    each_backend(|app| async move {
        let cases = [
            ("applicant_is_mother", false, "not_mother"),
            ("married_to_father", true, "married_to_father"),
            (
                "married_to_other_man_at_birth",
                true,
                "married_to_other_man_at_birth",
            ),
            (
                "custody_by_court_to_one_parent",
                true,
                "custody_by_court_to_one_parent",
            ),
        ];
        for (field, value, reason) in cases {
            let mut body = sophia();
            body["declarations"][field] = json!(value);
            let (status, body) = app.apply(&body).await;
            assert_eq!(status, StatusCode::CREATED, "{field}: {body}");
            assert_eq!(body["status"], "decided");
            assert_eq!(body["outcome"], "not_eligible");
            assert_eq!(body["reason"], reason);
            assert_eq!(body["certificate"], Value::Null);
            assert!(body["reason_text"].as_str().unwrap().len() > 20);
            // The office to contact is named.
            assert_eq!(body["issuing_office"]["name"], "Jugendamt Bremen");
        }

        // A child of 18 is of age: parental custody has ended.
        let mut adult = sophia();
        let eighteen_years_ago = time::OffsetDateTime::now_utc().date().year() - 19;
        adult["child"]["birth_date"] = json!(format!("{eighteen_years_ago}-01-01"));
        let response = app
            .request(
                reqwest::Method::POST,
                "/api/v1/applications",
                Some(&app.token("demo-online-service")),
                Some(&adult),
                &[("Accept-Language", "en")],
            )
            .await;
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["outcome"], "not_eligible");
        assert_eq!(body["reason"], "child_of_age");
        assert_eq!(
            body["reason_text"],
            "The child is of age; parental custody has ended."
        );
        app
    })
    .await;
}

#[tokio::test]
async fn idempotency_key_returns_the_same_case_and_refuses_another_body() {
    each_backend(|app| async move {
        let token = app.token("demo-online-service");
        let send = |body: Value, key: &'static str| {
            let app = &app;
            let token = token.clone();
            async move {
                let response = app
                    .request(
                        reqwest::Method::POST,
                        "/api/v1/applications",
                        Some(&token),
                        Some(&body),
                        &[("Idempotency-Key", key)],
                    )
                    .await;
                let status = response.status();
                (status, response.json::<Value>().await.unwrap())
            }
        };
        let (first_status, first) = send(sophia(), "key-1").await;
        assert_eq!(first_status, StatusCode::CREATED);
        let (again_status, again) = send(sophia(), "key-1").await;
        assert_eq!(again_status, StatusCode::OK);
        assert_eq!(again["id"], first["id"]);
        assert_eq!(
            again["certificate"]["number"],
            first["certificate"]["number"]
        );

        let mut other = sophia();
        other["child"]["given_names"] = json!("Marie");
        let (conflict_status, conflict) = send(other, "key-1").await;
        assert_eq!(conflict_status, StatusCode::CONFLICT, "{conflict}");
        assert_eq!(conflict["type"], "/problems/idempotency-key-reused");

        // Without a key every request is a new application.
        let (_, a) = app.apply(&sophia()).await;
        let (_, b) = app.apply(&sophia()).await;
        assert_ne!(a["id"], b["id"]);
        assert_eq!(
            app.store.application_count().await.unwrap(),
            3,
            "{}",
            app.backend
        );
        app
    })
    .await;
}

#[tokio::test]
async fn a_cancelled_entry_no_longer_blocks_the_certificate() {
    each_backend(|app| async move {
        let staff = app.token("demo-staff-cuxhaven");
        let entry: Value = app
            .post(
                "/api/v1/register-notifications",
                Some(&app.token("demo-notary")),
                &notification(
                    ("Lina", "Vogel", "2021-09-09"),
                    "03352011",
                    "custody_declarations",
                    &[],
                ),
            )
            .await
            .json()
            .await
            .unwrap();
        let lina = application(
            ("Maria", "Vogel"),
            ("04011000", "28195"),
            ("Lina", "Vogel", "2021-09-09"),
            json!({"municipality_key": "03352011"}),
        );
        let (_, before) = app.apply(&lina).await;
        assert_eq!(before["outcome"], "no_certificate");

        let id = entry["id"].as_str().unwrap();
        let response = app
            .post(
                &format!("/api/v1/register-entries/{id}/cancellation"),
                Some(&staff),
                &json!({"reason": "Mitteilung betraf ein anderes Kind (Verwechslung)"}),
            )
            .await;
        assert_eq!(response.status(), StatusCode::OK);
        let (_, after) = app.apply(&lina).await;
        assert_eq!(after["outcome"], "negative_certificate", "{}", app.backend);
        app
    })
    .await;
}
