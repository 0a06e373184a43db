//! Sorgeerklärungen made before the birth: notified without the child's data, held by an
//! office until the birth is known, then completed into the register of the birthplace.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{TestApp, each_backend, fields, problem};
use domain::OfficeId;

const PATH: &str = "/api/v1/prenatal-notifications";
const BREMEN: &str = "04011000";
const CUXHAVEN: &str = "03352011";

/// Declarations of 20 November 2025 before a birth expected in March 2026; the mother, born
/// on 12 April 1995, lives in `residence`.
fn prenatal(residence: &str) -> Value {
    json!({
        "mother": {"given_names": "Lena", "family_name": "Vogt", "birth_name": "Brandt",
                   "birth_date": "1995-04-12"},
        "father": {"given_names": "Jonas", "family_name": "Keller"},
        "effective_date": "2025-11-20",
        "expected_birth_date": "2026-03-01",
        "source": {"kind": "notary", "name": "Notariat Am Dom, Bremen", "reference": "UR-Nr. 812/2025"},
        "mother_residence": {"municipality_key": residence}
    })
}

/// The child born on `birth_date` in Cuxhaven.
fn birth(birth_date: &str) -> Value {
    json!({"child": {"given_names": "Mila", "family_name_at_birth": "Vogt", "birth_date": birth_date,
                     "birth_place": {"municipality_key": CUXHAVEN}}})
}

/// Notifies as `client` and returns the created notification.
async fn notify(app: &TestApp, client: &str, body: &Value) -> Value {
    let response = app.post(PATH, Some(&app.token(client)), body).await;
    assert_eq!(response.status(), StatusCode::CREATED, "[{}]", app.backend);
    response.json().await.unwrap()
}

/// The open notifications `client`'s office lists, but for those listed in `before` (the
/// demo seeds one at Bremen).
async fn open(app: &TestApp, client: &str, before: &[Value]) -> Vec<Value> {
    let response = app.get(PATH, Some(&app.token(client))).await;
    assert_eq!(response.status(), StatusCode::OK, "[{}]", app.backend);
    let list: Value = response.json().await.unwrap();
    let seen: Vec<&Value> = before.iter().map(|item| &item["id"]).collect();
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|item| !seen.contains(&&item["id"]))
        .cloned()
        .collect()
}

/// What `client`'s office lists before the test notifies anything.
async fn seeded(app: &TestApp, client: &str) -> Vec<Value> {
    open(app, client, &[]).await
}

fn birth_path(created: &Value) -> String {
    format!("{PATH}/{}/birth", created["id"].as_str().unwrap())
}

async fn trail_actions(app: &TestApp, office: &str) -> Vec<(String, String)> {
    app.store
        .audit_trail(&OfficeId::parse(office).unwrap(), 200)
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.action, r.subject))
        .collect()
}

#[tokio::test]
async fn a_prenatal_notification_names_every_bad_field_at_once() {
    each_backend(|app| async move {
        let bremen_seed = seeded(&app, "demo-staff-bremen").await;
        let notary = app.token("demo-notary");
        let bad = json!({
            "mother": {"family_name": "Vogt"},
            "father": {"given_names": "Jonas", "family_name": "K3ller!"},
            "effective_date": "2999-01-01",
            "expected_birth_date": "März 2026",
            "source": {"kind": "registry", "name": "Notariat", "reference": ""},
            "mother_residence": {"municipality_key": "0401"}
        });
        let response = app
            .request(
                reqwest::Method::POST,
                PATH,
                Some(&notary),
                Some(&bad),
                &[("accept-language", "en")],
            )
            .await;
        let body = problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert_eq!(
            fields(&body),
            [
                "effective_date",
                "expected_birth_date",
                "father.family_name",
                "mother.birth_date",
                "mother.given_names",
                "mother_residence.municipality_key",
                "source.kind",
                "source.reference",
            ],
            "[{}]",
            app.backend
        );
        assert_eq!(body["title"], "Invalid input");
        for error in body["errors"].as_array().unwrap() {
            assert!(!error["message"].as_str().unwrap().is_empty(), "{error}");
        }
        let missing_birth = body["errors"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["field"] == "mother.birth_date")
            .unwrap();
        assert_eq!(missing_birth["code"], "missing", "{missing_birth}");

        // The mother's date of birth is required on its own, and must be a past date before
        // the declarations.
        let mut no_birth_date = prenatal(BREMEN);
        no_birth_date["mother"]
            .as_object_mut()
            .unwrap()
            .remove("birth_date");
        let body = problem(
            app.post(PATH, Some(&notary), &no_birth_date).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(fields(&body), ["mother.birth_date"], "[{}]", app.backend);
        assert_eq!(body["errors"][0]["code"], "missing");
        for (birth_date, code) in [
            ("1995-02-30", "invalid_date"),
            ("2999-01-01", "in_future"),
            ("2025-11-20", "mother_older_than_child"),
            ("2025-11-21", "mother_older_than_child"),
        ] {
            let mut wrong = prenatal(BREMEN);
            wrong["mother"]["birth_date"] = json!(birth_date);
            let body = problem(
                app.post(PATH, Some(&notary), &wrong).await,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
            assert_eq!(fields(&body), ["mother.birth_date"], "{birth_date}");
            assert_eq!(body["errors"][0]["code"], code, "{birth_date}");
        }

        // A recording office must say where the mother lives, and the directory must know it.
        let mut nowhere = prenatal(BREMEN);
        nowhere.as_object_mut().unwrap().remove("mother_residence");
        let body = problem(
            app.post(PATH, Some(&notary), &nowhere).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(fields(&body), ["mother_residence"]);
        let body = problem(
            app.post(PATH, Some(&notary), &prenatal("01001000")).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(fields(&body), ["mother_residence.municipality_key"]);
        assert_eq!(body["errors"][0]["code"], "unknown_municipality");
        // German by default.
        assert_eq!(body["title"], "Ungültige Angaben");

        // Unknown fields are refused, as for register notifications.
        let mut extra = prenatal(BREMEN);
        extra["child"] = json!({"given_names": "Mila"});
        let body = problem(
            app.post(PATH, Some(&notary), &extra).await,
            StatusCode::BAD_REQUEST,
        )
        .await;
        assert_eq!(fields(&body), ["child"]);

        // Nothing was stored.
        assert!(
            open(&app, "demo-staff-bremen", &bremen_seed)
                .await
                .is_empty()
        );
        app
    })
    .await;
}

#[tokio::test]
async fn declarations_before_the_birth_need_the_father_and_a_date_within_a_pregnancy() {
    each_backend(|app| async move {
        let bremen_seed = seeded(&app, "demo-staff-bremen").await;
        let notary = app.token("demo-notary");
        let mut no_father = prenatal(BREMEN);
        no_father.as_object_mut().unwrap().remove("father");
        let body = problem(
            app.post(PATH, Some(&notary), &no_father).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(fields(&body), ["father"], "[{}]", app.backend);
        assert_eq!(body["errors"][0]["code"], "both_parents_named");

        for expected in ["2025-11-19", "2026-09-27", "2027-03-01"] {
            let mut late = prenatal(BREMEN);
            late["expected_birth_date"] = json!(expected);
            let body = problem(
                app.post(PATH, Some(&notary), &late).await,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
            assert_eq!(fields(&body), ["expected_birth_date"], "{expected}");
            assert_eq!(body["errors"][0]["code"], "birth_within_pregnancy");
        }
        assert!(
            open(&app, "demo-staff-bremen", &bremen_seed)
                .await
                .is_empty()
        );

        // The expected date is optional.
        let mut unknown = prenatal(BREMEN);
        unknown
            .as_object_mut()
            .unwrap()
            .remove("expected_birth_date");
        notify(&app, "demo-notary", &unknown).await;
        let items = open(&app, "demo-staff-bremen", &bremen_seed).await;
        assert_eq!(items.len(), 1);
        assert_eq!(items[0]["expected_birth_date"], Value::Null);
        app
    })
    .await;
}

#[tokio::test]
async fn a_recording_offices_notification_is_held_at_the_mothers_residence() {
    each_backend(|app| async move {
        let bremen_seed = seeded(&app, "demo-staff-bremen").await;
        let cuxhaven_seed = seeded(&app, "demo-staff-cuxhaven").await;
        let created = notify(&app, "demo-notary", &prenatal(BREMEN)).await;
        assert_eq!(created["status"], "awaiting_birth");
        assert_eq!(
            created["holding_office"]["id"], "ja-04011",
            "[{}]",
            app.backend
        );
        assert_eq!(created["holding_office"]["name"], "Jugendamt Bremen");

        let items = open(&app, "demo-staff-bremen", &bremen_seed).await;
        assert_eq!(items.len(), 1);
        let item = &items[0];
        assert_eq!(item["id"], created["id"]);
        assert_eq!(item["status"], "awaiting_birth");
        assert_eq!(
            item["mother"],
            json!({"given_names": "Lena", "family_name": "Vogt", "birth_name": "Brandt",
                   "birth_date": "1995-04-12"})
        );
        assert_eq!(item["father"]["family_name"], "Keller");
        assert_eq!(item["effective_date"], "2025-11-20");
        assert_eq!(item["expected_birth_date"], "2026-03-01");
        assert_eq!(item["source"]["reference"], "UR-Nr. 812/2025");
        assert!(item["created_at"].as_str().unwrap().ends_with('Z'));

        // No other office sees it; the record and the listing are in Bremen's trail.
        assert!(
            open(&app, "demo-staff-cuxhaven", &cuxhaven_seed)
                .await
                .is_empty()
        );
        let id = created["id"].as_str().unwrap().to_owned();
        let trail = trail_actions(&app, "ja-04011").await;
        for action in ["prenatal.recorded", "prenatal.listed"] {
            assert!(
                trail.iter().any(|(a, _)| a == action),
                "{action} missing in {trail:?}"
            );
        }
        assert!(trail.contains(&("prenatal.recorded".to_owned(), id)));
        app
    })
    .await;
}

#[tokio::test]
async fn office_staffs_notification_is_held_by_their_own_office() {
    each_backend(|app| async move {
        let bremen_seed = seeded(&app, "demo-staff-bremen").await;
        let cuxhaven_seed = seeded(&app, "demo-staff-cuxhaven").await;
        // The mother lives in Bremen, yet Cuxhaven recorded the declarations and holds them.
        let created = notify(&app, "demo-staff-cuxhaven", &prenatal(BREMEN)).await;
        assert_eq!(
            created["holding_office"]["id"], "ja-03352",
            "[{}]",
            app.backend
        );
        // The residence is optional for office staff.
        let mut nowhere = prenatal(BREMEN);
        nowhere.as_object_mut().unwrap().remove("mother_residence");
        let second = notify(&app, "demo-staff-cuxhaven", &nowhere).await;
        assert_eq!(second["holding_office"]["id"], "ja-03352");
        // … but when given it must be a municipality the directory knows.
        let body = problem(
            app.post(
                PATH,
                Some(&app.token("demo-staff-cuxhaven")),
                &prenatal("01001000"),
            )
            .await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(fields(&body), ["mother_residence.municipality_key"]);

        let ids: Vec<&str> = Vec::from([&created, &second])
            .into_iter()
            .map(|c| c["id"].as_str().unwrap())
            .collect();
        let listed = open(&app, "demo-staff-cuxhaven", &cuxhaven_seed).await;
        let listed: Vec<&str> = listed.iter().map(|i| i["id"].as_str().unwrap()).collect();
        assert_eq!(listed, ids);
        assert!(
            open(&app, "demo-staff-bremen", &bremen_seed)
                .await
                .is_empty()
        );
        app
    })
    .await;
}

#[tokio::test]
async fn the_birth_completes_a_notification_into_the_register_of_the_birthplace() {
    each_backend(|app| async move {
        let bremen_seed = seeded(&app, "demo-staff-bremen").await;
        let created = notify(&app, "demo-notary", &prenatal(BREMEN)).await;
        let bremen = app.token("demo-staff-bremen");
        let path = birth_path(&created);

        // A child born long before the declarations is not the child they concern.
        let body = problem(
            app.post(&path, Some(&bremen), &birth("2024-05-04")).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(fields(&body), ["child.birth_date"], "[{}]", app.backend);
        assert_eq!(body["errors"][0]["code"], "birth_within_pregnancy");
        let body = problem(
            app.post(&path, Some(&bremen), &json!({})).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(fields(&body), ["child"]);
        let mut unknown_place = birth("2026-02-24");
        unknown_place["child"]["birth_place"]["municipality_key"] = json!("01001000");
        let body = problem(
            app.post(&path, Some(&bremen), &unknown_place).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(fields(&body), ["child.birth_place.municipality_key"]);
        assert_eq!(open(&app, "demo-staff-bremen", &bremen_seed).await.len(), 1);

        // Born in Cuxhaven: the entry goes to Cuxhaven's register.
        let response = app.post(&path, Some(&bremen), &birth("2026-02-24")).await;
        assert_eq!(response.status(), StatusCode::CREATED);
        let done: Value = response.json().await.unwrap();
        assert_eq!(done["register_office"]["id"], "ja-03352");
        assert_eq!(
            done["register_office"]["name"],
            "Jugendamt Landkreis Cuxhaven"
        );
        let entry_id = done["entry_id"].as_str().unwrap();

        let register: Value = app
            .get(
                "/api/v1/register-entries",
                Some(&app.token("demo-staff-cuxhaven")),
            )
            .await
            .json()
            .await
            .unwrap();
        let entry = register["entries"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["id"] == entry_id)
            .unwrap_or_else(|| panic!("{entry_id} not in Cuxhaven's register: {register}"));
        assert_eq!(entry["kind"], "custody_declarations");
        assert_eq!(entry["scope"], "whole");
        assert_eq!(entry["effective_date"], "2025-11-20");
        assert_eq!(entry["child"]["given_names"], "Mila");
        assert_eq!(entry["child"]["birth_date"], "2026-02-24");
        assert_eq!(entry["mother"]["birth_name"], "Brandt");
        assert_eq!(entry["father"]["given_names"], "Jonas");
        assert_eq!(entry["source"]["reference"], "UR-Nr. 812/2025");

        // No longer awaiting the birth; a second completion is a conflict.
        assert!(
            open(&app, "demo-staff-bremen", &bremen_seed)
                .await
                .is_empty()
        );
        let body = problem(
            app.post(&path, Some(&bremen), &birth("2026-02-24")).await,
            StatusCode::CONFLICT,
        )
        .await;
        assert_eq!(body["type"], "/problems/conflict");
        let id = created["id"].as_str().unwrap().to_owned();
        assert!(
            trail_actions(&app, "ja-04011")
                .await
                .contains(&("prenatal.completed".to_owned(), id))
        );
        assert!(
            trail_actions(&app, "ja-03352")
                .await
                .contains(&("register_entry.created".to_owned(), entry_id.to_owned()))
        );
        app
    })
    .await;
}

#[tokio::test]
async fn only_staff_of_the_holding_office_complete_a_notification() {
    each_backend(|app| async move {
        let bremen_seed = seeded(&app, "demo-staff-bremen").await;
        let created = notify(&app, "demo-notary", &prenatal(BREMEN)).await;
        let id = created["id"].as_str().unwrap().to_owned();
        let path = birth_path(&created);
        let cuxhaven = app.token("demo-staff-cuxhaven");

        problem(
            app.post(&path, Some(&cuxhaven), &birth("2026-02-24")).await,
            StatusCode::FORBIDDEN,
        )
        .await;
        // The attempt is in the holder's trail; the notification still awaits the birth.
        let refused: Vec<(String, String)> = trail_actions(&app, "ja-04011")
            .await
            .into_iter()
            .filter(|(a, _)| a == "staff.cross_office_refused")
            .collect();
        assert_eq!(
            refused,
            [("staff.cross_office_refused".to_owned(), id.clone())],
            "[{}]",
            app.backend
        );
        assert_eq!(open(&app, "demo-staff-bremen", &bremen_seed).await.len(), 1);

        // Unknown ids are not found.
        for unknown in [
            format!("{PATH}/{}/birth", uuid::Uuid::new_v4()),
            format!("{PATH}/not-an-id/birth"),
        ] {
            problem(
                app.post(&unknown, Some(&cuxhaven), &birth("2026-02-24"))
                    .await,
                StatusCode::NOT_FOUND,
            )
            .await;
        }
        app
    })
    .await;
}

#[tokio::test]
async fn prenatal_notifications_need_a_token_and_the_right_role() {
    each_backend(|app| async move {
        let bremen_seed = seeded(&app, "demo-staff-bremen").await;
        let created = notify(&app, "demo-notary", &prenatal(BREMEN)).await;
        let path = birth_path(&created);
        let body = prenatal(BREMEN);

        for client in ["demo-online-service", "demo-admin"] {
            let token = app.token(client);
            problem(
                app.post(PATH, Some(&token), &body).await,
                StatusCode::FORBIDDEN,
            )
            .await;
            problem(app.get(PATH, Some(&token)).await, StatusCode::FORBIDDEN).await;
            problem(
                app.post(&path, Some(&token), &birth("2026-02-24")).await,
                StatusCode::FORBIDDEN,
            )
            .await;
        }
        // A recording office notifies, but neither lists nor completes.
        let notary = app.token("demo-notary");
        problem(app.get(PATH, Some(&notary)).await, StatusCode::FORBIDDEN).await;
        problem(
            app.post(&path, Some(&notary), &birth("2026-02-24")).await,
            StatusCode::FORBIDDEN,
        )
        .await;

        problem(app.post(PATH, None, &body).await, StatusCode::UNAUTHORIZED).await;
        problem(app.get(PATH, None).await, StatusCode::UNAUTHORIZED).await;
        problem(
            app.post(&path, None, &birth("2026-02-24")).await,
            StatusCode::UNAUTHORIZED,
        )
        .await;
        problem(
            app.post(PATH, Some("sr_not-a-token"), &body).await,
            StatusCode::UNAUTHORIZED,
        )
        .await;

        // Only the one notification exists, still awaiting the birth.
        let items = open(&app, "demo-staff-bremen", &bremen_seed).await;
        assert_eq!(items.len(), 1, "[{}]", app.backend);
        assert_eq!(items[0]["id"], created["id"]);
        app
    })
    .await;
}

#[tokio::test]
async fn the_prenatal_endpoints_are_documented() {
    let app = crate::support::spawn("sqlite").await;
    let document: Value = app
        .get("/api/v1/openapi.json", None)
        .await
        .json()
        .await
        .unwrap();
    let paths = &document["paths"];
    assert!(paths[PATH]["post"].is_object());
    assert!(paths[PATH]["get"].is_object());
    assert!(paths["/api/v1/prenatal-notifications/{id}/birth"]["post"].is_object());
    for name in [
        "PrenatalIn",
        "BirthIn",
        "PrenatalCreatedOut",
        "PrenatalListOut",
    ] {
        assert!(
            document["components"]["schemas"][name].is_object(),
            "{name} undocumented"
        );
    }
    // The mother's date of birth is a required field of the mother, in and out.
    for name in ["MotherIn", "MotherOut"] {
        let mother = &document["components"]["schemas"][name];
        assert!(
            mother["properties"]["birth_date"].is_object(),
            "{name}: {mother}"
        );
        assert!(
            mother["required"]
                .as_array()
                .unwrap()
                .contains(&json!("birth_date")),
            "{name}: {mother}"
        );
    }
    app.stop().await;
}
