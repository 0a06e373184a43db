//! Notifications to the register and the register office's maintenance of it.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{each_backend, fields, notification, problem};

#[tokio::test]
async fn a_notification_is_routed_to_the_register_of_the_birthplace() {
    each_backend(|app| async move {
        let notary = app.token("demo-notary");
        let body = notification(("Ida", "Lange", "2022-02-02"), "03352011", "custody_declarations", &[]);
        let response = app.post("/api/v1/register-notifications", Some(&notary), &body).await;
        assert_eq!(response.status(), StatusCode::CREATED);
        let entry: Value = response.json().await.unwrap();
        assert_eq!(entry["register_office"]["id"], "ja-03352");
        assert_eq!(entry["status"], "active");
        assert_eq!(entry["version"], 1);
        assert_eq!(entry["kind"], "custody_declarations");

        let abroad = json!({
            "child": {"given_names": "Noah", "family_name_at_birth": "Weber", "birth_date": "2020-01-01",
                      "birth_place": {"abroad": {"country": "PL", "place": "Kraków"}}},
            "mother": {"given_names": "Ewa", "family_name": "Weber"},
            "father": {"given_names": "Marek", "family_name": "Nowak"},
            "kind": "court_joint_custody", "scope": "partial", "parts": ["residence", "schooling"],
            "effective_date": "2021-03-03",
            "source": {"kind": "court", "name": "Amtsgericht Pankow", "reference": "F 22/21"}
        });
        let response = app.post("/api/v1/register-notifications", Some(&notary), &abroad).await;
        let entry: Value = response.json().await.unwrap();
        assert_eq!(entry["register_office"]["id"], "ja-11000");
        assert_eq!(entry["parts"], json!(["residence", "schooling"]));
        app
    })
    .await;
}

#[tokio::test]
async fn corrections_and_cancellations_keep_the_history() {
    each_backend(|app| async move {
        let staff = app.token("demo-staff-cuxhaven");
        let body = notification(
            ("Ida", "Lange", "2022-02-02"),
            "03352011",
            "court_joint_custody",
            &["health"],
        );
        let entry: Value = app
            .post("/api/v1/register-notifications", Some(&staff), &body)
            .await
            .json()
            .await
            .unwrap();
        let path = format!("/api/v1/register-entries/{}", entry["id"].as_str().unwrap());

        let mut corrected = body.clone();
        corrected["child"]["given_names"] = json!("Ida Marie");
        let response = app
            .post(
                &format!("{path}/corrections"),
                Some(&staff),
                &json!({"reason": "Vorname laut Geburtsurkunde", "entry": corrected}),
            )
            .await;
        assert_eq!(response.status(), StatusCode::OK);
        let after: Value = response.json().await.unwrap();
        assert_eq!(after["version"], 2);
        assert_eq!(after["child"]["given_names"], "Ida Marie");

        // A correction without a reason, or moving the entry to another register, is refused.
        let refused = app
            .post(
                &format!("{path}/corrections"),
                Some(&staff),
                &json!({"entry": corrected}),
            )
            .await;
        assert_eq!(
            fields(&problem(refused, StatusCode::UNPROCESSABLE_ENTITY).await),
            ["reason"]
        );
        let mut elsewhere = corrected.clone();
        elsewhere["child"]["birth_place"]["municipality_key"] = json!("04011000");
        let refused = app
            .post(
                &format!("{path}/corrections"),
                Some(&staff),
                &json!({"reason": "Ort", "entry": elsewhere}),
            )
            .await;
        assert_eq!(
            fields(&problem(refused, StatusCode::UNPROCESSABLE_ENTITY).await),
            ["entry.child.birth_place"]
        );

        let response = app
            .post(
                &format!("{path}/cancellation"),
                Some(&staff),
                &json!({"reason": "Doppelte Mitteilung"}),
            )
            .await;
        assert_eq!(response.status(), StatusCode::OK);
        let cancelled: Value = response.json().await.unwrap();
        assert_eq!(cancelled["status"], "cancelled");
        assert_eq!(cancelled["version"], 3);
        // Still there, never deleted; a second cancellation is a conflict.
        assert_eq!(app.get(&path, Some(&staff)).await.status(), StatusCode::OK);
        problem(
            app.post(
                &format!("{path}/cancellation"),
                Some(&staff),
                &json!({"reason": "nochmal"}),
            )
            .await,
            StatusCode::CONFLICT,
        )
        .await;

        let history: Value = app
            .get(&format!("{path}/history"), Some(&staff))
            .await
            .json()
            .await
            .unwrap();
        let versions = history["versions"].as_array().unwrap();
        let changes: Vec<&str> = versions
            .iter()
            .map(|v| v["change"].as_str().unwrap())
            .collect();
        assert_eq!(
            changes,
            ["created", "corrected", "cancelled"],
            "{}",
            app.backend
        );
        assert_eq!(versions[0]["entry"]["child"]["given_names"], "Ida");
        assert_eq!(versions[1]["reason"], "Vorname laut Geburtsurkunde");
        assert_eq!(versions[2]["reason"], "Doppelte Mitteilung");

        // Every read of the register was audited for the office.
        let trail = app
            .store
            .audit_trail(&domain::OfficeId::parse("ja-03352").unwrap(), 100)
            .await
            .unwrap();
        let actions: Vec<&str> = trail.iter().map(|r| r.action.as_str()).collect();
        for expected in [
            "register_entry.created",
            "register_entry.corrected",
            "register_entry.cancelled",
            "register_entry.read",
            "register_entry.history_read",
        ] {
            assert!(
                actions.contains(&expected),
                "{expected} missing in {actions:?}"
            );
        }
        app
    })
    .await;
}

#[tokio::test]
async fn the_register_office_lists_its_register_in_pages() {
    each_backend(|app| async move {
        let staff = app.token("demo-staff-cuxhaven");
        for day in 1..=3 {
            let body = notification(
                ("Kind", "Seite", &format!("2022-03-0{day}")),
                "03352011",
                "custody_declarations",
                &[],
            );
            assert_eq!(
                app.post("/api/v1/register-notifications", Some(&staff), &body)
                    .await
                    .status(),
                StatusCode::CREATED
            );
        }
        let page: Value = app
            .get("/api/v1/register-entries?limit=2", Some(&staff))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(page["entries"].as_array().unwrap().len(), 2);
        let rest: Value = app
            .get("/api/v1/register-entries?limit=2&offset=2", Some(&staff))
            .await
            .json()
            .await
            .unwrap();
        // Three new entries and the seeded one.
        assert_eq!(rest["entries"].as_array().unwrap().len(), 2);
        problem(
            app.get("/api/v1/register-entries?limit=0", Some(&staff))
                .await,
            StatusCode::BAD_REQUEST,
        )
        .await;
        problem(
            app.get("/api/v1/register-entries?limit=5000", Some(&staff))
                .await,
            StatusCode::BAD_REQUEST,
        )
        .await;
        problem(
            app.get("/api/v1/register-entries?sort=name", Some(&staff))
                .await,
            StatusCode::BAD_REQUEST,
        )
        .await;
        app
    })
    .await;
}

#[tokio::test]
async fn notifications_that_contradict_the_law_are_refused() {
    each_backend(|app| async move {
        let notary = app.token("demo-notary");
        let child = ("Ida", "Lange", "2022-02-02");
        let mut cases: Vec<(&str, Value, Vec<&str>)> = Vec::new();
        cases.push((
            "declarations on parts",
            notification(child, "03352011", "custody_declarations", &["health"]),
            vec!["scope"],
        ));
        let mut from_notary = notification(child, "03352011", "court_joint_custody", &[]);
        from_notary["source"]["kind"] = json!("notary");
        cases.push((
            "court decision from a notary",
            from_notary,
            vec!["source.kind"],
        ));
        let mut late = notification(child, "03352011", "court_replacement_art224", &[]);
        late["effective_date"] = json!("2022-06-01");
        cases.push(("Art. 224 after 2013", late, vec!["effective_date"]));
        let mut no_father = notification(child, "03352011", "custody_declarations", &[]);
        no_father.as_object_mut().unwrap().remove("father");
        cases.push(("declarations without father", no_father, vec!["father"]));
        let mut before_birth = notification(child, "03352011", "court_joint_custody", &[]);
        before_birth["effective_date"] = json!("2021-01-01");
        cases.push((
            "decision before birth",
            before_birth,
            vec!["effective_date"],
        ));
        cases.push((
            "unknown part",
            notification(child, "03352011", "court_joint_custody", &["pets"]),
            vec!["parts[0]"],
        ));
        let mut unknown_kind = notification(child, "03352011", "adoption", &[]);
        unknown_kind["source"]["kind"] = json!("court");
        cases.push(("unknown kind", unknown_kind, vec!["kind"]));
        let mut partial_without_parts = notification(child, "03352011", "court_joint_custody", &[]);
        partial_without_parts["scope"] = json!("partial");
        cases.push((
            "partial without parts",
            partial_without_parts,
            vec!["parts"],
        ));
        for (name, body, expected) in cases {
            let response = app
                .post("/api/v1/register-notifications", Some(&notary), &body)
                .await;
            let problem = problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
            assert_eq!(fields(&problem), expected, "{name}");
        }
        // Nothing was written to Cuxhaven's register (only the seeded entry is there).
        let list: Value = app
            .get(
                "/api/v1/register-entries",
                Some(&app.token("demo-staff-cuxhaven")),
            )
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(
            list["entries"].as_array().unwrap().len(),
            1,
            "{}",
            app.backend
        );
        app
    })
    .await;
}
