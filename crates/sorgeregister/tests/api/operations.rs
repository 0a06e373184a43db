//! Health, readiness, metrics, the OpenAPI document, and errors for unknown routes.

use reqwest::StatusCode;
use serde_json::Value;

use crate::support::{each_backend, problem, sophia};

#[tokio::test]
async fn health_readiness_and_metrics() {
    each_backend(|app| async move {
        assert_eq!(app.get("/healthz", None).await.status(), StatusCode::OK);
        let ready: Value = app.get("/readyz", None).await.json().await.unwrap();
        assert_eq!(ready["database"], app.backend);
        app.apply(&sophia()).await;
        let metrics = app.get("/metrics", None).await.text().await.unwrap();
        assert!(
            metrics.contains(r#"sorgeregister_http_requests_total{method="POST",route="/api/v1/applications",status="201"} 1"#),
            "{metrics}"
        );
        assert!(metrics.contains(r#"sorgeregister_applications_total{state="negative_certificate"} 1"#));
        app
    })
    .await;
}

#[tokio::test]
async fn unknown_routes_and_methods_are_problems() {
    let app = crate::support::spawn("sqlite").await;
    problem(
        app.get("/api/v1/nothing", None).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let response = app
        .request(
            reqwest::Method::DELETE,
            "/api/v1/applications",
            None,
            None,
            &[],
        )
        .await;
    problem(response, StatusCode::METHOD_NOT_ALLOWED).await;
    app.stop().await;
}

/// The committed document (docs/openapi.json) must be what the code serves. To update it after
/// an intended change: `UPDATE_OPENAPI=1 cargo test -p sorgeregister openapi`.
#[tokio::test]
async fn the_committed_openapi_document_matches_the_code() {
    let app = crate::support::spawn("sqlite").await;
    let served = app
        .get("/api/v1/openapi.json", None)
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(served, web::openapi_json());
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/openapi.json");
    if std::env::var("UPDATE_OPENAPI").is_ok() {
        std::fs::write(path, &served).unwrap();
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == served,
        "docs/openapi.json is out of date: run UPDATE_OPENAPI=1 cargo test -p sorgeregister openapi"
    );
    let document: Value = serde_json::from_str(&served).unwrap();
    for path in [
        "/api/v1/applications",
        "/api/v1/applications/{id}",
        "/api/v1/register-notifications",
    ] {
        assert!(document["paths"][path].is_object(), "{path} undocumented");
    }
    app.stop().await;
}
