//! What the review, application and trail tests share: a review case made the way real ones
//! are (an application through the JSON API for a look-alike of a register entry), the JSON
//! API as the submitting online service sees it, settling through the page, and downloads that
//! are not pages.

use std::collections::HashMap;

use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde_json::{Value, json};

use super::{Bench, Browser, PASSWORD};
use sorgeregister::demo;
use store::staff::{LoginName, StaffRole};
use store::{Actor, AuditRecord};

/// Paul Meyer's entry in the Cuxhaven register (demo data): custody declarations.
pub const PAUL: &str = "6d1f2c1e-0b4a-4d39-9a51-2f0d7c3e5a04";
/// The staff of the register office (Cuxhaven), the issuing office (Bremen) and a third office.
pub const REGISTER_CLERK: &str = "sb-cuxhaven";
pub const ISSUING_CLERK: &str = "sb-bremen";
pub const OTHER_CLERK: &str = "sb-berlin";
/// The note every settlement below gives.
pub const NOTE: &str = "Schwester von Paul laut Geburtenregister, anderes Kind";

/// The demo API tokens of the bench's application (the demo writes them to its folder).
pub async fn tokens(bench: &Bench) -> HashMap<String, String> {
    demo::seed(&bench.store, bench._dir.path())
        .await
        .expect("demo tokens")
        .into_iter()
        .map(|t| (t.client, t.token))
        .collect()
}

/// A mother in Bremen applies for Paula Meyer, born in Cuxhaven on Paul Meyer's birthday: one
/// letter from the entry's child, so the register office must look. Returns the application
/// id, after checking that the JSON API says `in_review`.
pub async fn look_alike_case(bench: &Bench) -> String {
    let body = json!({
        "applicant": {
            "given_names": "Julia", "family_name": "Meyer", "birth_name": null,
            "birth_date": "1990-01-01",
            "address": {"street": "Am Wall 12", "postal_code": "28195", "municipality_key": "04011000"}
        },
        "child": {
            "given_names": "Paula", "family_name_at_birth": "Meyer", "birth_date": "2017-01-23",
            "birth_place": {"municipality_key": "03352011"}
        },
        "declarations": {
            "applicant_is_mother": true, "married_to_father": false,
            "married_to_other_man_at_birth": false, "custody_by_court_to_one_parent": false
        }
    });
    let (status, answer) = api(
        bench,
        reqwest::Method::POST,
        "/api/v1/applications",
        Some(&body),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "[{}] {answer}", bench.backend);
    assert_eq!(
        answer["status"], "in_review",
        "[{}] {answer}",
        bench.backend
    );
    assert_eq!(
        answer["issuing_office"]["id"], "ja-04011",
        "[{}]",
        bench.backend
    );
    assert_eq!(
        answer["register_office"]["id"], "ja-03352",
        "[{}]",
        bench.backend
    );
    answer["id"].as_str().expect("application id").to_owned()
}

/// The application as the submitting online service reads it through the JSON API.
pub async fn application(bench: &Bench, id: &str) -> Value {
    let (status, answer) = api(
        bench,
        reqwest::Method::GET,
        &format!("/api/v1/applications/{id}"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "[{}] {answer}", bench.backend);
    answer
}

pub async fn api(
    bench: &Bench,
    method: reqwest::Method,
    path: &str,
    body: Option<&Value>,
) -> (StatusCode, Value) {
    let token = tokens(bench)
        .await
        .remove("demo-online-service")
        .expect("online service token");
    let mut request = bench
        .http
        .request(method, format!("{}{path}", bench.url))
        .bearer_auth(token);
    if let Some(body) = body {
        request = request.json(body);
    }
    let response = request.send().await.expect("API request");
    let status = response.status();
    (status, response.json().await.expect("JSON answer"))
}

/// A browser logged in as `login`.
pub async fn logged_in<'a>(bench: &'a Bench, login: &str) -> Browser<'a> {
    let mut browser = bench.browser();
    browser.log_in_fully(login, PASSWORD).await;
    browser
}

/// Opens the case page and settles Paul's entry as "not the same child" with [`NOTE`].
pub async fn settle_as_another_child(browser: &mut Browser<'_>, id: &str) -> super::Page {
    let page = browser.get(&format!("/amt/pruefungen/{id}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.html);
    browser
        .post(
            &format!("/amt/pruefungen/{id}"),
            &[
                ("csrf", &page.csrf()),
                (&format!("version.{PAUL}"), "1"),
                (&format!("verdict.{PAUL}"), "not_same_child"),
                ("note", NOTE),
            ],
        )
        .await
}

/// A GET that is not a page (a PDF), with the browser's cookies.
pub async fn download(browser: &Browser<'_>, path: &str) -> (StatusCode, HeaderMap, Vec<u8>) {
    let cookie: Vec<String> = browser
        .cookies
        .iter()
        .map(|(name, value)| format!("{name}={value}"))
        .collect();
    let response = browser
        .bench
        .http
        .get(format!("{}{path}", browser.bench.url))
        .header("cookie", cookie.join("; "))
        .send()
        .await
        .expect("download");
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.bytes().await.expect("body").to_vec();
    (status, headers, body)
}

/// The audit records about `subject`, oldest first.
pub async fn audit(bench: &Bench, subject: &str) -> Vec<AuditRecord> {
    bench.store.audit_of(subject).await.expect("audit records")
}

/// How many `staff.cross_office_refused` records about `subject` `office`'s trail holds.
pub async fn refusals(bench: &Bench, subject: &str, office: &str) -> usize {
    audit(bench, subject)
        .await
        .iter()
        .filter(|r| r.action == "staff.cross_office_refused" && r.office.as_deref() == Some(office))
        .count()
}

/// An administrator of the Cuxhaven office, with the demo password.
pub async fn cuxhaven_admin(bench: &Bench) -> &'static str {
    let login = "admin-cuxhaven";
    let (_, credentials) = bench
        .store
        .staff_login(&LoginName::parse(REGISTER_CLERK).unwrap())
        .await
        .unwrap()
        .expect("demo clerk");
    sorgeregister::staff::create_with_hash(
        &bench.store,
        &Actor::system("test"),
        &LoginName::parse(login).unwrap(),
        "Anke Admin",
        &domain::OfficeId::parse("ja-03352").unwrap(),
        StaffRole::Admin,
        &credentials.password_hash,
    )
    .await
    .expect("admin account");
    login
}
