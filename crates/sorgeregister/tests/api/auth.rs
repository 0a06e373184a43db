//! Who may do what: 401 without a valid token, 403 for the wrong role or office.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{each_backend, notification, problem, sophia};
use store::Actor;
use store::clients::Role;

#[tokio::test]
async fn missing_or_unknown_tokens_are_401() {
    each_backend(|app| async move {
        problem(
            app.post("/api/v1/applications", None, &sophia()).await,
            StatusCode::UNAUTHORIZED,
        )
        .await;
        problem(
            app.post("/api/v1/applications", Some("sr_not_a_token"), &sophia())
                .await,
            StatusCode::UNAUTHORIZED,
        )
        .await;
        problem(
            app.post("/api/v1/applications", Some(&"x".repeat(500)), &sophia())
                .await,
            StatusCode::UNAUTHORIZED,
        )
        .await;
        problem(
            app.get("/api/v1/register-entries", None).await,
            StatusCode::UNAUTHORIZED,
        )
        .await;
        app
    })
    .await;
}

#[tokio::test]
async fn wrong_roles_are_403() {
    each_backend(|app| async move {
        for client in ["demo-notary", "demo-staff-bremen", "demo-admin"] {
            let response = app
                .post("/api/v1/applications", Some(&app.token(client)), &sophia())
                .await;
            problem(response, StatusCode::FORBIDDEN).await;
        }
        let entry = notification(
            ("Ida", "Lange", "2022-02-02"),
            "03352011",
            "custody_declarations",
            &[],
        );
        let response = app
            .post(
                "/api/v1/register-notifications",
                Some(&app.token("demo-online-service")),
                &entry,
            )
            .await;
        problem(response, StatusCode::FORBIDDEN).await;
        let response = app
            .get("/api/v1/register-entries", Some(&app.token("demo-notary")))
            .await;
        problem(response, StatusCode::FORBIDDEN).await;
        assert_eq!(app.store.application_count().await.unwrap(), 0);
        app
    })
    .await;
}

#[tokio::test]
async fn applications_are_readable_only_by_their_service_and_issuing_office() {
    each_backend(|app| async move {
        let (_, created) = app.apply(&sophia()).await;
        let path = format!("/api/v1/applications/{}", created["id"].as_str().unwrap());
        assert_eq!(
            app.get(&path, Some(&app.token("demo-online-service")))
                .await
                .status(),
            StatusCode::OK
        );
        // Staff of the issuing office (Bremen) may read it; the register office's may not.
        assert_eq!(
            app.get(&path, Some(&app.token("demo-staff-bremen")))
                .await
                .status(),
            StatusCode::OK
        );
        problem(
            app.get(&path, Some(&app.token("demo-staff-cuxhaven")))
                .await,
            StatusCode::FORBIDDEN,
        )
        .await;
        // Another online service may not.
        let other = sorgeregister::tokens::create_client(
            &app.store,
            &Actor::system("test"),
            "other-service",
            "Anderer Onlinedienst",
            Role::OnlineService,
            None,
        )
        .await
        .unwrap();
        problem(app.get(&path, Some(&other)).await, StatusCode::FORBIDDEN).await;
        problem(
            app.get("/api/v1/applications/not-an-id", Some(&other))
                .await,
            StatusCode::NOT_FOUND,
        )
        .await;
        problem(
            app.get(
                "/api/v1/applications/00000000-0000-4000-8000-000000000000",
                Some(&other),
            )
            .await,
            StatusCode::NOT_FOUND,
        )
        .await;
        app
    })
    .await;
}

#[tokio::test]
async fn staff_write_and_read_only_their_own_register() {
    each_backend(|app| async move {
        let cuxhaven = app.token("demo-staff-cuxhaven");
        let bremen = app.token("demo-staff-bremen");
        let entry = notification(
            ("Ida", "Lange", "2022-02-02"),
            "03352011",
            "court_joint_custody",
            &[],
        );
        // Bremen's staff cannot write into Cuxhaven's register …
        problem(
            app.post("/api/v1/register-notifications", Some(&bremen), &entry)
                .await,
            StatusCode::FORBIDDEN,
        )
        .await;
        // … Cuxhaven's can.
        let response = app
            .post("/api/v1/register-notifications", Some(&cuxhaven), &entry)
            .await;
        assert_eq!(response.status(), StatusCode::CREATED);
        let created: Value = response.json().await.unwrap();
        let path = format!(
            "/api/v1/register-entries/{}",
            created["id"].as_str().unwrap()
        );
        assert_eq!(
            app.get(&path, Some(&cuxhaven)).await.status(),
            StatusCode::OK
        );
        problem(app.get(&path, Some(&bremen)).await, StatusCode::FORBIDDEN).await;
        problem(
            app.get(&format!("{path}/history"), Some(&bremen)).await,
            StatusCode::FORBIDDEN,
        )
        .await;
        let cancel = app
            .post(
                &format!("{path}/cancellation"),
                Some(&bremen),
                &json!({"reason": "Versuch"}),
            )
            .await;
        problem(cancel, StatusCode::FORBIDDEN).await;
        // Bremen's list does not show Cuxhaven's entries.
        let list: Value = app
            .get("/api/v1/register-entries", Some(&bremen))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(
            list["entries"].as_array().unwrap().len(),
            0,
            "{}",
            app.backend
        );
        app
    })
    .await;
}
