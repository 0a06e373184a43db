//! A prenatal notification on the review page: Sorgeerklärungen made before the birth and
//! held by the mother's office send her application to the register office's review, which
//! sees the notification beside her name and decides; "this child" completes the notification
//! into the register and no certificate is issued.

use reqwest::StatusCode;
use serde_json::json;
use time::macros::date;

use super::casework::{REGISTER_CLERK, api, application, logged_in};
use super::{Bench, each_backend};
use domain::prenatal::PrenatalNotification;
use domain::register::{Parent, Source, SourceKind};
use domain::{OfficeId, PersonName};
use store::Actor;

fn no_changes(_: &mut sorgeregister::config::Config) {}

fn name(raw: &str) -> PersonName {
    PersonName::parse(raw).unwrap()
}

/// Julia Meyer's and Ole Janssen's declarations of 1 June 2016, held by Bremen; returns the id.
async fn declared_before_the_birth(bench: &Bench) -> String {
    let bremen = OfficeId::parse("ja-04011").unwrap();
    let notification = PrenatalNotification {
        mother: Parent {
            given_names: name("Julia"),
            family_name: name("Meyer"),
            birth_name: None,
        },
        mother_birth_date: date!(1990 - 01 - 01),
        father: Parent {
            given_names: name("Ole"),
            family_name: name("Janssen"),
            birth_name: None,
        },
        declared_on: date!(2016 - 06 - 01),
        expected_birth_date: Some(date!(2017 - 02 - 01)),
        source: Source {
            kind: SourceKind::YouthOffice,
            name: "Jugendamt Bremen".into(),
            reference: "UR 311/2016".into(),
        },
    };
    let id = "b7a3c1d2-5e6f-4a8b-9c0d-1e2f3a4b5c6d";
    bench
        .store
        .insert_prenatal(
            &Actor::system("test"),
            time::OffsetDateTime::now_utc(),
            id,
            &bremen,
            &notification,
        )
        .await
        .expect("prenatal notification");
    id.to_owned()
}

/// Julia Meyer applies for Greta, born in Cuxhaven on 23 January 2017: the register has no
/// entry that could be Greta, but the open notification could.
async fn greta(bench: &Bench) -> String {
    let body = json!({
        "applicant": {
            "given_names": "Julia", "family_name": "Meyer", "birth_name": null,
            "birth_date": "1990-01-01",
            "address": {"street": "Am Wall 12", "postal_code": "28195", "municipality_key": "04011000"}
        },
        "child": {
            "given_names": "Greta", "family_name_at_birth": "Meyer", "birth_date": "2017-01-23",
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
    answer["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn the_register_office_judges_a_prenatal_notification_and_it_becomes_an_entry() {
    each_backend(no_changes, |bench: Bench| async move {
        let backend = bench.backend;
        let prenatal = declared_before_the_birth(&bench).await;
        let id = greta(&bench).await;

        let mut register = logged_in(&bench, REGISTER_CLERK).await;
        let case = register.get(&format!("/amt/pruefungen/{id}")).await;
        assert_eq!(case.status, StatusCode::OK, "[{backend}] {}", case.html);
        for needle in [
            "Vorgeburtliche Mitteilungen, die dieses Kind betreffen könnten",
            "<dd>Julia Meyer</dd>",
            "<dt>Ihr Geburtsdatum</dt><dd>01.01.1990</dd>",
            "<dt>Geburtsdatum der Mutter</dt><dd>01.01.1990</dd>",
            "Vorgeburtliche Mitteilung 1 von 1",
            "<dd>Ole Janssen</dd>",
            "<dd>01.06.2016</dd>",
            "UR 311/2016",
            &format!("id=\"v1\" name=\"prenatal.{prenatal}\" value=\"same_child\""),
            "Die Suche im Register findet keinen Eintrag, der dieses Kind sein könnte.",
        ] {
            assert!(
                case.html.contains(needle),
                "[{backend}] {needle}: {}",
                case.html
            );
        }
        // Her address stays with the issuing office.
        assert!(!case.html.contains("Am Wall"), "[{backend}]");

        // Without a choice: the summary links to the notification's choice.
        let refused = register
            .post(
                &format!("/amt/pruefungen/{id}"),
                &[
                    ("csrf", &case.csrf()),
                    ("note", "Mit dem Jugendamt Bremen geklärt"),
                ],
            )
            .await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "[{backend}]"
        );
        assert!(
            refused.html.contains("href=\"#v1\"")
                && refused
                    .html
                    .contains("ob die vorgeburtliche Mitteilung 1 dieses Kind betrifft"),
            "[{backend}] {}",
            refused.html
        );

        let settled = register
            .post(
                &format!("/amt/pruefungen/{id}"),
                &[
                    ("csrf", &refused.csrf()),
                    (&format!("prenatal.{prenatal}"), "same_child"),
                    (
                        "note",
                        "Mit dem Jugendamt Bremen geklärt: Greta ist das Kind",
                    ),
                ],
            )
            .await;
        assert_eq!(
            settled.status,
            StatusCode::SEE_OTHER,
            "[{backend}] {}",
            settled.html
        );
        let page = register.get(settled.location()).await;
        for needle in [
            "Beurteilte vorgeburtliche Mitteilungen",
            "<td>Dasselbe Kind</td>",
            "Keine Bescheinigung",
        ] {
            assert!(
                page.html.contains(needle),
                "[{backend}] {needle}: {}",
                page.html
            );
        }
        assert_eq!(
            application(&bench, &id).await["outcome"],
            "no_certificate",
            "[{backend}]"
        );

        // Greta's entry is in Cuxhaven's register now.
        let list = register.get("/amt/register").await;
        assert!(
            list.html.contains("Greta") && list.html.contains("Meyer"),
            "[{backend}] {}",
            list.html
        );
        bench
    })
    .await;
}
