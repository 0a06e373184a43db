//! Starting the application for a test, and small request helpers.

use std::collections::HashMap;

use reqwest::{Response, StatusCode};
use serde_json::{Value, json};

use sorgeregister::app::{self, Running};
use sorgeregister::config::Config;
use sorgeregister::demo;
use store::Store;

pub struct TestApp {
    pub backend: &'static str,
    pub url: String,
    pub http: reqwest::Client,
    pub store: Store,
    tokens: HashMap<String, String>,
    running: Option<Running>,
    _dir: tempfile::TempDir,
}

/// Runs `test` once per backend, each time on a freshly started application.
pub async fn each_backend<F, Fut>(test: F)
where
    F: Fn(TestApp) -> Fut,
    Fut: std::future::Future<Output = TestApp>,
{
    for backend in store::testing::backends() {
        let app = spawn(backend).await;
        let app = test(app).await;
        app.stop().await;
    }
}

/// [`each_backend`] with the configuration changed by `configure` after the test defaults.
pub async fn each_backend_configured<C, F, Fut>(configure: C, test: F)
where
    C: Fn(&mut Config),
    F: Fn(TestApp) -> Fut,
    Fut: std::future::Future<Output = TestApp>,
{
    for backend in store::testing::backends() {
        let app = spawn_configured(backend, &configure).await;
        let app = test(app).await;
        app.stop().await;
    }
}

pub async fn spawn(backend: &'static str) -> TestApp {
    spawn_configured(backend, &|_| {}).await
}

pub async fn spawn_configured(backend: &'static str, configure: &dyn Fn(&mut Config)) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut config = Config::default();
    config.database.url = store::testing::fresh_database_url(backend, dir.path())
        .await
        .expect("fresh database");
    config.database.max_connections = 4;
    config.certificates.keys_dir = dir.path().join("keys");
    config.server.bind = "127.0.0.1:0".into();
    config.pipeline.lease_seconds = 1;
    config.pipeline.poll_interval_ms = 50;
    configure(&mut config);
    let store = app::open_store(&config).await.expect("store");
    let tokens = demo::seed(&store, dir.path())
        .await
        .expect("seed")
        .into_iter()
        .map(|t| (t.client, t.token))
        .collect();
    let running = app::start(store.clone(), &config).await.expect("start");
    TestApp {
        backend,
        url: running.url(),
        http: reqwest::Client::new(),
        store,
        tokens,
        running: Some(running),
        _dir: dir,
    }
}

impl TestApp {
    pub async fn stop(mut self) {
        if let Some(running) = self.running.take() {
            running.stop().await.expect("clean stop");
            // Whatever the test did, the audit log it left verifies, and stopping chained all
            // of it.
            let audit = self.store.verify_audit(None).await.expect("verify audit");
            assert!(
                audit.intact() && audit.unsealed == 0,
                "[{}] audit log after the test: {audit:?}",
                self.backend
            );
        }
    }

    /// The token of a demo client (`demo-online-service`, `demo-notary`, `demo-staff-cuxhaven`,
    /// `demo-staff-bremen`, `demo-staff-berlin`, `demo-admin`).
    pub fn token(&self, client: &str) -> String {
        self.tokens.get(client).cloned().expect("known demo client")
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: &Value) -> Response {
        self.request(reqwest::Method::POST, path, token, Some(body), &[])
            .await
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Response {
        self.request(reqwest::Method::GET, path, token, None, &[])
            .await
    }

    pub async fn request(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
        body: Option<&Value>,
        headers: &[(&str, &str)],
    ) -> Response {
        let mut request = self.http.request(method, format!("{}{path}", self.url));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(body);
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        request.send().await.expect("request sent")
    }

    /// Submits an application as the demo online service.
    pub async fn apply(&self, body: &Value) -> (StatusCode, Value) {
        let response = self
            .post(
                "/api/v1/applications",
                Some(&self.token("demo-online-service")),
                body,
            )
            .await;
        let status = response.status();
        (status, response.json().await.expect("JSON body"))
    }
}

/// Sophia Berger of Bremen, for Charlotte born 2020-05-04 in Cuxhaven (API.md's example).
pub fn sophia() -> Value {
    serde_json::from_str(demo::SOPHIA).expect("demo JSON")
}

/// An application by a mother living in `residence` (AGS, postal code) for a child.
pub fn application(
    mother: (&str, &str),
    residence: (&str, &str),
    child: (&str, &str, &str),
    birth_place: Value,
) -> Value {
    json!({
        "applicant": {
            "given_names": mother.0, "family_name": mother.1, "birth_name": null,
            "birth_date": "1990-01-01",
            "address": {"street": "Hauptstraße 1", "postal_code": residence.1, "municipality_key": residence.0}
        },
        "child": {
            "given_names": child.0, "family_name_at_birth": child.1, "birth_date": child.2,
            "birth_place": birth_place
        },
        "declarations": {
            "applicant_is_mother": true, "married_to_father": false,
            "married_to_other_man_at_birth": false, "custody_by_court_to_one_parent": false
        }
    })
}

/// A register notification for a child born in a German municipality.
pub fn notification(child: (&str, &str, &str), ags: &str, kind: &str, parts: &[&str]) -> Value {
    json!({
        "child": {"given_names": child.0, "family_name_at_birth": child.1, "birth_date": child.2,
                  "birth_place": {"municipality_key": ags}},
        "mother": {"given_names": "Maria", "family_name": child.1, "birth_name": null},
        "father": {"given_names": "Peter", "family_name": "Neumann"},
        "kind": kind,
        "scope": if parts.is_empty() { "whole" } else { "partial" },
        "parts": parts,
        "effective_date": "2022-06-01",
        "source": {"kind": if kind == "custody_declarations" { "notary" } else { "court" },
                   "name": "Amtsgericht Test", "reference": "F 1/22"}
    })
}

/// Asserts a problem+json response with `status`, and returns its body.
pub async fn problem(response: Response, status: StatusCode) -> Value {
    assert_eq!(response.status(), status, "unexpected status");
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    assert_eq!(content_type, "application/problem+json");
    let body: Value = response.json().await.expect("problem body");
    assert_eq!(body["status"], status.as_u16());
    assert!(body["title"].is_string() && body["detail"].is_string() && body["type"].is_string());
    body
}

/// The `field` names of a validation problem, sorted.
pub fn fields(problem: &Value) -> Vec<String> {
    let mut fields: Vec<String> = problem["errors"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .filter_map(|e| e["field"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    fields.sort();
    fields
}
