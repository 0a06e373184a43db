//! The issuing office's applications with their certificates, and the audit trail of one
//! record: each office sees its own, other offices are refused and audited.

use reqwest::StatusCode;

use super::casework::{
    ISSUING_CLERK, NOTE, OTHER_CLERK, PAUL, REGISTER_CLERK, api, application, audit, download,
    logged_in, look_alike_case, refusals, settle_as_another_child,
};
use super::{Bench, each_backend};

fn no_changes(_: &mut sorgeregister::config::Config) {}

#[tokio::test]
async fn the_issuing_office_lists_its_applications_and_downloads_the_certificate() {
    each_backend(no_changes, |bench: Bench| async move {
        let backend = bench.backend;
        let id = look_alike_case(&bench).await;

        // While the register office reviews, the issuing office sees only that.
        let mut issuing = logged_in(&bench, ISSUING_CLERK).await;
        let list = issuing.get("/amt/antraege").await;
        assert_eq!(list.status, StatusCode::OK, "[{backend}] {}", list.html);
        assert!(list.html.contains(&id), "[{backend}] {}", list.html);
        assert!(
            list.html.contains("In Prüfung beim Registeramt"),
            "[{backend}]"
        );

        let mut register = logged_in(&bench, REGISTER_CLERK).await;
        let settled = settle_as_another_child(&mut register, &id).await;
        assert_eq!(settled.status, StatusCode::SEE_OTHER, "[{backend}]");
        let number = application(&bench, &id).await["certificate"]["number"]
            .as_str()
            .expect("certificate number")
            .to_owned();

        let list = issuing.get("/amt/antraege").await;
        let pdf_path = format!("/amt/antraege/{id}/bescheinigung.pdf");
        for needle in [
            "Anträge 1–1 von 1",
            "Julia Meyer",
            "Paula Meyer, geb. 23.01.2017",
            "<td>Entschieden</td>",
            "<td>Negativbescheinigung (keine Eintragungen)</td>",
            &number,
            &format!("href=\"{pdf_path}\""),
            &format!("href=\"/amt/protokoll?subjekt={id}&amp;lang=de\""),
        ] {
            assert!(
                list.html.contains(needle),
                "[{backend}] {needle}: {}",
                list.html
            );
        }
        // Nothing of the register office's register or review reaches the issuing office.
        for secret in [PAUL, "UR 19/2017", NOTE, "Svenja"] {
            assert!(!list.html.contains(secret), "[{backend}] {secret}");
        }

        let (status, headers, body) = download(&issuing, &pdf_path).await;
        assert_eq!(status, StatusCode::OK, "[{backend}]");
        assert_eq!(headers["content-type"], "application/pdf", "[{backend}]");
        assert_eq!(headers["cache-control"], "no-store", "[{backend}]");
        assert!(body.starts_with(b"%PDF"), "[{backend}] a PDF");
        assert!(
            audit(&bench, &number)
                .await
                .iter()
                .any(|r| r.action == "certificate.pdf_read"
                    && r.office.as_deref() == Some("ja-04011")),
            "[{backend}] the download is audited"
        );

        // The register office and a third office neither list it nor download it.
        for login in [REGISTER_CLERK, OTHER_CLERK] {
            let mut other = logged_in(&bench, login).await;
            let list = other.get("/amt/antraege").await;
            assert_eq!(list.status, StatusCode::OK, "[{backend}] {login}");
            assert!(!list.html.contains(&id), "[{backend}] {login}");
            let refused = other.get(&pdf_path).await;
            assert_eq!(refused.status, StatusCode::FORBIDDEN, "[{backend}] {login}");
            assert!(refused.html.contains("Kein Zugriff"), "[{backend}]");
        }
        assert_eq!(
            refusals(&bench, &id, "ja-04011").await,
            2,
            "[{backend}] both attempts are in the issuing office's trail"
        );
        bench
    })
    .await;
}

#[tokio::test]
async fn the_trail_shows_the_offices_own_records_and_refuses_other_offices() {
    each_backend(no_changes, |bench: Bench| async move {
        let backend = bench.backend;
        let id = look_alike_case(&bench).await;
        let mut register = logged_in(&bench, REGISTER_CLERK).await;
        let settled = settle_as_another_child(&mut register, &id).await;
        assert_eq!(settled.status, StatusCode::SEE_OTHER, "[{backend}]");

        // The register office: its review of the application, and its verdict on the entry.
        let trail = register.get(&format!("/amt/protokoll?subjekt={id}")).await;
        assert_eq!(trail.status, StatusCode::OK, "[{backend}] {}", trail.html);
        for needle in [
            "<td>Prüfauftrag entschieden</td>",
            "<td>Prüfauftrag angesehen</td>",
            "Svenja Brandt (sb-cuxhaven)",
            "not_same_child: 1",
        ] {
            assert!(
                trail.html.contains(needle),
                "[{backend}] {needle}: {}",
                trail.html
            );
        }
        for other in ["Antrag eingegangen", "Antrag entschieden", "register_query"] {
            assert!(
                !trail.html.contains(other),
                "[{backend}] the issuing office's record {other} is shown"
            );
        }
        let newest = trail.html.find("Prüfauftrag entschieden").unwrap();
        let older = trail.html.find("Prüfauftrag angesehen").unwrap();
        assert!(newest < older, "[{backend}] newest first");
        let entry = register
            .get(&format!("/amt/protokoll?subjekt={PAUL}"))
            .await;
        assert_eq!(entry.status, StatusCode::OK, "[{backend}]");
        assert!(
            entry.html.contains("Eintrag im Prüfauftrag beurteilt")
                && entry.html.contains("verdict: not_same_child"),
            "[{backend}] {}",
            entry.html
        );

        // The issuing office: the application's course, not the review.
        let mut issuing = logged_in(&bench, ISSUING_CLERK).await;
        let trail = issuing
            .get(&format!("/amt/protokoll?subjekt={id}&lang=en"))
            .await;
        assert_eq!(trail.status, StatusCode::OK, "[{backend}]");
        for needle in ["Application received", "Application decided"] {
            assert!(
                trail.html.contains(needle),
                "[{backend}] {needle}: {}",
                trail.html
            );
        }
        assert!(!trail.html.contains("Review task"), "[{backend}]");

        // A third office is refused both, and each attempt is audited where it was aimed.
        let mut other = logged_in(&bench, OTHER_CLERK).await;
        for subject in [id.as_str(), PAUL] {
            let page = other
                .get(&format!("/amt/protokoll?subjekt={subject}"))
                .await;
            assert_eq!(page.status, StatusCode::FORBIDDEN, "[{backend}] {subject}");
            assert!(page.html.contains("Kein Zugriff"), "[{backend}]");
        }
        assert_eq!(refusals(&bench, &id, "ja-04011").await, 1, "[{backend}]");
        assert_eq!(refusals(&bench, PAUL, "ja-03352").await, 1, "[{backend}]");
        // The refusal shows in the register office's own trail of its entry.
        let entry = register
            .get(&format!("/amt/protokoll?subjekt={PAUL}"))
            .await;
        assert!(
            entry
                .html
                .contains("Zugriff eines anderen Jugendamts abgewiesen"),
            "[{backend}]"
        );

        // Without an id: the form; with a malformed one: the form with its error.
        let form = register.get("/amt/protokoll").await;
        assert_eq!(form.status, StatusCode::OK, "[{backend}]");
        assert!(
            form.html
                .contains("<form method=\"get\" action=\"/amt/protokoll\">")
        );
        let wrong = register.get("/amt/protokoll?subjekt=a%20b").await;
        assert_eq!(
            wrong.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "[{backend}]"
        );
        assert!(wrong.html.contains("<a href=\"#subjekt\">"), "[{backend}]");
        let unknown = register.get("/amt/protokoll?subjekt=no-such-record").await;
        assert_eq!(unknown.status, StatusCode::NOT_FOUND, "[{backend}]");
        bench
    })
    .await;
}

/// Cuxhaven's register on a node that does not answer, with the default flag time (1 hour).
fn cuxhaven_unreachable(config: &mut sorgeregister::config::Config) {
    config
        .federation
        .nodes
        .insert("ja-03352".into(), "https://127.0.0.1:9".into());
    config.pipeline.retry_first_seconds = 1;
    config.pipeline.retry_max_seconds = 1;
}

#[tokio::test]
async fn an_application_waiting_too_long_for_the_register_is_flagged_to_the_issuing_office() {
    each_backend(cuxhaven_unreachable, |bench: Bench| async move {
        let backend = bench.backend;
        let body = serde_json::json!({
            "applicant": {
                "given_names": "Anna", "family_name": "Wolf", "birth_name": null,
                "birth_date": "1991-03-03",
                "address": {"street": "Am Wall 3", "postal_code": "28195", "municipality_key": "04011000"}
            },
            "child": {
                "given_names": "Mia", "family_name_at_birth": "Wolf", "birth_date": "2021-08-09",
                "birth_place": {"municipality_key": "03352011"}
            },
            "declarations": {
                "applicant_is_mother": true, "married_to_father": false,
                "married_to_other_man_at_birth": false, "custody_by_court_to_one_parent": false
            }
        });
        let (status, created) =
            api(&bench, reqwest::Method::POST, "/api/v1/applications", Some(&body)).await;
        assert_eq!(status, StatusCode::CREATED, "[{backend}] {created}");
        assert_eq!(created["status"], "waiting_for_register", "[{backend}] {created}");
        let id = created["id"].as_str().unwrap().to_owned();

        // Within the hour: listed as waiting, not flagged.
        let mut issuing = logged_in(&bench, ISSUING_CLERK).await;
        let home = issuing.get("/amt").await;
        assert!(!home.html.contains("class=\"flag\""), "[{backend}] {}", home.html);
        let list = issuing.get("/amt/antraege").await;
        assert!(list.html.contains(&id), "[{backend}]");
        assert!(!list.html.contains("überfällig"), "[{backend}] {}", list.html);

        // An hour and a minute later (the session has lapsed meanwhile).
        bench.clock.advance(time::Duration::minutes(61));
        let mut issuing = logged_in(&bench, ISSUING_CLERK).await;
        let home = issuing.get("/amt").await;
        assert!(
            home.html.contains(
                "1 Antrag wartet seit mehr als 1 Stunde auf ein anderes Jugendamt.</strong> \
                 <a href=\"/amt/antraege?lang=de\">Zu den Anträgen</a>"
            ),
            "[{backend}] {}",
            home.html
        );
        let list = issuing.get("/amt/antraege").await;
        for needle in [
            "<h2 id=\"ueberfaellig\">Seit mehr als 1 Stunde offen: 1</h2>",
            "<td>Mia Wolf, geb. 09.08.2021</td>",
            "<td>Jugendamt Landkreis Cuxhaven (ja-03352)</td>",
            "Antwort des Registers (",
            "<br><strong>überfällig</strong>",
        ] {
            assert!(list.html.contains(needle), "[{backend}] {needle}: {}", list.html);
        }
        let english = issuing.get("/amt/antraege?lang=en").await;
        assert!(
            english.html.contains("Open for more than 1 hour: 1"),
            "[{backend}] {}",
            english.html
        );
        assert!(
            audit(&bench, "ja-04011")
                .await
                .iter()
                .any(|r| r.action == "application.overdue_listed"),
            "[{backend}] the list of flagged applications is audited"
        );

        // The register office's staff see nothing of it; they issue no application.
        let mut register = logged_in(&bench, REGISTER_CLERK).await;
        let home = register.get("/amt").await;
        assert!(!home.html.contains("class=\"flag\""), "[{backend}]");
        bench
    })
    .await;
}
