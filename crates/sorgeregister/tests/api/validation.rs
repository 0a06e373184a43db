//! Bad input: a clear, specific problem for every kind of mistake, never a 5xx, nothing stored.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{each_backend, fields, problem, sophia};

/// A change to Sophia's valid application and the fields the problem must name.
fn cases() -> Vec<(&'static str, Value, Vec<&'static str>)> {
    let mut cases = Vec::new();
    let mut edit = |name: &'static str, change: &dyn Fn(&mut Value), expect: Vec<&'static str>| {
        let mut body = sophia();
        change(&mut body);
        cases.push((name, body, expect));
    };
    edit(
        "child born in the future",
        &|b| b["child"]["birth_date"] = json!("2999-01-01"),
        vec!["child.birth_date"],
    );
    edit(
        "impossible date",
        &|b| b["child"]["birth_date"] = json!("2020-02-30"),
        vec!["child.birth_date"],
    );
    edit(
        "German date format",
        &|b| b["child"]["birth_date"] = json!("04.05.2020"),
        vec!["child.birth_date"],
    );
    edit(
        "digits in a name",
        &|b| b["child"]["given_names"] = json!("Charl0tte"),
        vec!["child.given_names"],
    );
    edit(
        "overlong name",
        &|b| b["applicant"]["family_name"] = json!("x".repeat(101)),
        vec!["applicant.family_name"],
    );
    edit(
        "empty name",
        &|b| b["applicant"]["given_names"] = json!("   "),
        vec!["applicant.given_names"],
    );
    edit(
        "markup in a name",
        &|b| b["applicant"]["given_names"] = json!("<b>Sophia</b>"),
        vec!["applicant.given_names"],
    );
    edit(
        "short AGS",
        &|b| b["child"]["birth_place"]["municipality_key"] = json!("0335201"),
        vec!["child.birth_place.municipality_key"],
    );
    edit(
        "unknown AGS",
        &|b| b["child"]["birth_place"]["municipality_key"] = json!("99999999"),
        vec!["child.birth_place.municipality_key"],
    );
    edit(
        "unknown residence",
        &|b| b["applicant"]["address"]["municipality_key"] = json!("01001000"),
        vec!["applicant.address.municipality_key"],
    );
    edit(
        "postal code of another town",
        &|b| b["applicant"]["address"]["postal_code"] = json!("80331"),
        vec!["applicant.address.postal_code"],
    );
    edit(
        "postal code letters",
        &|b| b["applicant"]["address"]["postal_code"] = json!("2819A"),
        vec!["applicant.address.postal_code"],
    );
    edit(
        "overlong street",
        &|b| b["applicant"]["address"]["street"] = json!("s".repeat(201)),
        vec!["applicant.address.street"],
    );
    edit(
        "unknown country",
        &|b| b["child"]["birth_place"] = json!({"abroad": {"country": "XX", "place": "Nowhere"}}),
        vec!["child.birth_place.abroad.country"],
    );
    edit(
        "Germany as abroad",
        &|b| b["child"]["birth_place"] = json!({"abroad": {"country": "DE", "place": "Bremen"}}),
        vec!["child.birth_place.abroad.country"],
    );
    edit(
        "both places",
        &|b| {
            b["child"]["birth_place"] = json!({"municipality_key": "03352011", "abroad": {"country": "AT", "place": "Wien"}})
        },
        vec!["child.birth_place"],
    );
    edit(
        "no place",
        &|b| b["child"]["birth_place"] = json!({}),
        vec!["child.birth_place"],
    );
    edit(
        "mother younger than child",
        &|b| b["applicant"]["birth_date"] = json!("2021-01-01"),
        vec!["applicant.birth_date"],
    );
    edit(
        "missing declaration",
        &|b| {
            b["declarations"]
                .as_object_mut()
                .unwrap()
                .remove("married_to_father");
        },
        vec!["declarations.married_to_father"],
    );
    edit(
        "missing child",
        &|b| {
            b.as_object_mut().unwrap().remove("child");
        },
        vec!["child"],
    );
    edit(
        "several fields at once",
        &|b| {
            b["child"]["birth_date"] = json!("2999-01-01");
            b["applicant"]["given_names"] = json!("");
            b["applicant"]["address"]["postal_code"] = json!("1");
        },
        vec![
            "applicant.address.postal_code",
            "applicant.given_names",
            "child.birth_date",
        ],
    );
    cases
}

#[tokio::test]
async fn every_bad_field_is_named_and_nothing_is_stored() {
    each_backend(|app| async move {
        for (name, body, expected) in cases() {
            let response = app
                .post(
                    "/api/v1/applications",
                    Some(&app.token("demo-online-service")),
                    &body,
                )
                .await;
            let problem = problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
            assert_eq!(fields(&problem), expected, "{name} on {}", app.backend);
            for error in problem["errors"].as_array().unwrap() {
                assert!(
                    error["message"].as_str().is_some_and(|m| !m.is_empty()),
                    "{name}"
                );
            }
        }
        assert_eq!(
            app.store.application_count().await.unwrap(),
            0,
            "{}",
            app.backend
        );
        app
    })
    .await;
}

#[tokio::test]
async fn messages_are_german_by_default_and_english_on_request() {
    each_backend(|app| async move {
        let mut body = sophia();
        body["child"]["birth_date"] = json!("2999-01-01");
        let token = app.token("demo-online-service");
        let german = problem(
            app.post("/api/v1/applications", Some(&token), &body).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(
            german["errors"][0]["message"],
            "Das Datum liegt in der Zukunft."
        );
        assert_eq!(german["title"], "Ungültige Angaben");
        let english = app
            .request(
                reqwest::Method::POST,
                "/api/v1/applications",
                Some(&token),
                Some(&body),
                &[("Accept-Language", "en-GB,en;q=0.9")],
            )
            .await;
        let english = problem(english, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert_eq!(
            english["errors"][0]["message"],
            "The date lies in the future."
        );
        assert_eq!(english["title"], "Invalid input");
        app
    })
    .await;
}

#[tokio::test]
async fn malformed_bodies_are_400_415_or_413() {
    each_backend(|app| async move {
        let url = format!("{}/api/v1/applications", app.url);
        let token = app.token("demo-online-service");
        let send = |body: String, content_type: &'static str| {
            app.http
                .post(&url)
                .bearer_auth(&token)
                .header("content-type", content_type)
                .body(body)
                .send()
        };
        let bad_json = problem(
            send("{\"applicant\": ".into(), "application/json")
                .await
                .unwrap(),
            StatusCode::BAD_REQUEST,
        )
        .await;
        assert!(bad_json["detail"].as_str().unwrap().contains("line 1"));

        let unknown = problem(
            send(
                json!({"applicant": {}, "child": {}, "declarations": {}, "nickname": "x"})
                    .to_string(),
                "application/json",
            )
            .await
            .unwrap(),
            StatusCode::BAD_REQUEST,
        )
        .await;
        assert_eq!(fields(&unknown), ["nickname"]);

        let wrong_type = problem(
            send(
                json!({"child": {"birth_date": 20200504}}).to_string(),
                "application/json",
            )
            .await
            .unwrap(),
            StatusCode::BAD_REQUEST,
        )
        .await;
        assert_eq!(fields(&wrong_type), ["child.birth_date"]);

        problem(
            send(sophia().to_string(), "text/plain").await.unwrap(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        )
        .await;
        let huge = format!(
            "{{\"applicant\": {{\"given_names\": \"{}\"}}}}",
            "a".repeat(70 * 1024)
        );
        problem(
            send(huge, "application/json").await.unwrap(),
            StatusCode::PAYLOAD_TOO_LARGE,
        )
        .await;

        let bad_key = app
            .request(
                reqwest::Method::POST,
                "/api/v1/applications",
                Some(&token),
                Some(&sophia()),
                &[("Idempotency-Key", &"k".repeat(201))],
            )
            .await;
        problem(bad_key, StatusCode::BAD_REQUEST).await;
        assert_eq!(app.store.application_count().await.unwrap(), 0);
        app
    })
    .await;
}

/// Replaces every leaf of Sophia's application, one at a time, with hostile values: whatever
/// comes back must be a 4xx problem or a decision, never a 5xx.
#[tokio::test]
async fn no_input_produces_a_server_error() {
    let hostile = [
        json!(null),
        json!(0),
        json!(-1),
        json!(1e308),
        json!(true),
        json!(""),
        json!("\u{0000}"),
        json!("💥"),
        json!("a".repeat(5000)),
        json!([]),
        json!({}),
        json!("2020-13-45"),
        json!("'; DROP TABLE applications; --"),
    ];
    let app = crate::support::spawn("sqlite").await;
    let token = app.token("demo-online-service");
    let mut paths = Vec::new();
    leaf_paths(&sophia(), String::new(), &mut paths);
    assert!(paths.len() >= 20, "{paths:?}");
    for path in &paths {
        for value in &hostile {
            let mut body = sophia();
            *pointer(&mut body, path) = value.clone();
            let response = app.post("/api/v1/applications", Some(&token), &body).await;
            assert!(
                response.status().as_u16() < 500,
                "{path} = {value}: {}",
                response.status()
            );
        }
    }
    app.stop().await;
}

/// Every path of the document: leaves and the objects that hold them.
fn leaf_paths(value: &Value, prefix: String, out: &mut Vec<String>) {
    if let Value::Object(map) = value {
        for (key, child) in map {
            leaf_paths(child, format!("{prefix}/{key}"), out);
        }
    }
    if !prefix.is_empty() {
        out.push(prefix);
    }
}

fn pointer<'a>(value: &'a mut Value, path: &str) -> &'a mut Value {
    value.pointer_mut(path).expect("path exists")
}
