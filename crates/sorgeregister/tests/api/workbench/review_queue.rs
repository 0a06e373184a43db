//! The review queue: a look-alike query reaches the register office's queue and no one
//! else's; settling it from the page decides the application; a form without verdict or note
//! stores nothing; other offices and admins are refused and audited.

use reqwest::StatusCode;

use super::casework::{
    ISSUING_CLERK, NOTE, OTHER_CLERK, PAUL, REGISTER_CLERK, application, audit, cuxhaven_admin,
    logged_in, look_alike_case, refusals, settle_as_another_child,
};
use super::{Bench, PASSWORD, each_backend};

fn no_changes(_: &mut sorgeregister::config::Config) {}

#[tokio::test]
async fn a_look_alike_query_is_in_the_register_offices_queue_only() {
    each_backend(no_changes, |bench: Bench| async move {
        let backend = bench.backend;
        let id = look_alike_case(&bench).await;

        let mut register = logged_in(&bench, REGISTER_CLERK).await;
        let home = register.get("/amt").await;
        assert!(
            home.html
                .contains("<a href=\"/amt/pruefungen?lang=de\"><strong>Prüfaufträge</strong></a>"),
            "[{backend}] {}",
            home.html
        );
        let queue = register.get("/amt/pruefungen").await;
        assert_eq!(queue.status, StatusCode::OK, "[{backend}] {}", queue.html);
        assert!(
            queue.html.contains(&format!(
                "href=\"/amt/pruefungen/{id}?lang=de\">Paula Meyer</a>"
            )),
            "[{backend}] {}",
            queue.html
        );
        assert!(queue.html.contains("23.01.2017"), "[{backend}]");
        assert!(queue.html.contains("1 offener Prüfauftrag"), "[{backend}]");

        for login in [ISSUING_CLERK, OTHER_CLERK] {
            let mut other = logged_in(&bench, login).await;
            let queue = other.get("/amt/pruefungen").await;
            assert_eq!(queue.status, StatusCode::OK, "[{backend}] {login}");
            assert!(
                !queue.html.contains(&id) && !queue.html.contains("Paula"),
                "[{backend}] {login} sees another office's case: {}",
                queue.html
            );
            assert!(
                queue.html.contains("keine offenen Prüfaufträge"),
                "[{backend}] {login}"
            );
        }

        // The case: the query's child beside the entry, the matcher's reasons, the choice.
        let case = register.get(&format!("/amt/pruefungen/{id}")).await;
        assert_eq!(case.status, StatusCode::OK, "[{backend}] {}", case.html);
        for needle in [
            "Prüfauftrag: Paula Meyer",
            "<td>Paula</td><td>Paul</td>",
            "Eintrag 1 von 1: Möglicherweise dasselbe Kind",
            "Sorgeerklärungen beider Eltern",
            "Gesamte elterliche Sorge",
            "UR 19/2017",
            "Jugendamt Landkreis Cuxhaven",
            "<td>23.01.2017</td><td>23.01.2017</td><td>Gleich</td>",
            "Ein Tippfehler Unterschied – eine Abweichung",
            &format!("name=\"version.{PAUL}\" value=\"1\""),
            &format!("id=\"k1\" name=\"verdict.{PAUL}\" value=\"same_child\""),
            &format!("id=\"k1-nicht\" name=\"verdict.{PAUL}\" value=\"not_same_child\""),
            "<label for=\"k1-nicht\">Nein, nicht dasselbe Kind",
            "<textarea id=\"note\" name=\"note\"",
            &format!("action=\"/amt/pruefungen/{id}?lang=de\""),
            &format!("href=\"/amt/protokoll?subjekt={id}&amp;lang=de\""),
        ] {
            assert!(
                case.html.contains(needle),
                "[{backend}] {needle}: {}",
                case.html
            );
        }
        // Nothing of the mother reaches the register office.
        assert!(
            !case.html.contains("Julia") && !case.html.contains("Am Wall"),
            "[{backend}]"
        );
        let english = register.get(&format!("/amt/pruefungen/{id}?lang=en")).await;
        assert!(
            english.html.contains("Possibly the same child")
                && english.html.contains("A typo apart – one slip"),
            "[{backend}] {}",
            english.html
        );
        bench
    })
    .await;
}

#[tokio::test]
async fn settling_as_another_child_decides_the_application_with_a_negative_certificate() {
    each_backend(no_changes, |bench: Bench| async move {
        let backend = bench.backend;
        let id = look_alike_case(&bench).await;
        let mut register = logged_in(&bench, REGISTER_CLERK).await;
        let response = settle_as_another_child(&mut register, &id).await;
        assert_eq!(
            response.status,
            StatusCode::SEE_OTHER,
            "[{backend}] {}",
            response.html
        );
        assert_eq!(
            response.location(),
            format!("/amt/pruefungen/{id}?lang=de&hinweis=entschieden"),
            "[{backend}]"
        );
        let settled = register.get(response.location()).await;
        assert_eq!(settled.status, StatusCode::OK, "[{backend}]");
        for needle in [
            "Ihre Entscheidung ist gespeichert.",
            "Svenja Brandt (sb-cuxhaven)",
            "<dd>Keine Eintragungen</dd>",
            "<dd>Negativbescheinigung (keine Eintragungen)</dd>",
            NOTE,
            "<td>Nicht dasselbe Kind</td>",
        ] {
            assert!(
                settled.html.contains(needle),
                "[{backend}] {needle}: {}",
                settled.html
            );
        }
        assert!(
            !settled
                .html
                .contains("<form method=\"post\" action=\"/amt/pruefungen/"),
            "[{backend}] a settled case has no form"
        );

        // The application resumed on its own: the online service sees it decided.
        let answer = application(&bench, &id).await;
        assert_eq!(answer["status"], "decided", "[{backend}] {answer}");
        assert_eq!(answer["outcome"], "negative_certificate", "[{backend}]");
        let number = answer["certificate"]["number"]
            .as_str()
            .unwrap_or_else(|| panic!("[{backend}] a certificate: {answer}"));
        assert!(number.starts_with("NB-"), "[{backend}] {number}");

        let queue = register.get("/amt/pruefungen").await;
        assert!(
            queue.html.contains("keine offenen Prüfaufträge"),
            "[{backend}] the queue is empty"
        );
        // Sending the form again (a second tab, a reload) stores nothing and says so.
        let csrf = register.get("/amt").await.csrf();
        let again = register
            .post(
                &format!("/amt/pruefungen/{id}"),
                &[
                    ("csrf", csrf.as_str()),
                    (&format!("version.{PAUL}"), "1"),
                    (&format!("verdict.{PAUL}"), "same_child"),
                    ("note", "zweiter Versuch"),
                ],
            )
            .await;
        assert_eq!(
            again.location(),
            format!("/amt/pruefungen/{id}?lang=de&hinweis=bereits"),
            "[{backend}]"
        );
        let settlements = audit(&bench, &id)
            .await
            .iter()
            .filter(|r| r.action == "review.settled")
            .count();
        assert_eq!(settlements, 1, "[{backend}]");
        assert_eq!(
            application(&bench, &id).await["outcome"],
            "negative_certificate",
            "[{backend}] the second verdict changed nothing"
        );
        bench
    })
    .await;
}

#[tokio::test]
async fn a_form_without_verdict_or_note_is_shown_again_and_nothing_is_stored() {
    each_backend(no_changes, |bench: Bench| async move {
        let backend = bench.backend;
        let id = look_alike_case(&bench).await;
        let mut register = logged_in(&bench, REGISTER_CLERK).await;
        let path = format!("/amt/pruefungen/{id}");
        let csrf = register.get(&path).await.csrf();
        let version = format!("version.{PAUL}");
        let verdict = format!("verdict.{PAUL}");

        let page = register
            .post(&path, &[("csrf", &csrf), (&version, "1"), ("note", "  ")])
            .await;
        assert_eq!(
            page.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "[{backend}] {}",
            page.html
        );
        for needle in [
            "<title>Fehler: Prüfauftrag: Paula Meyer",
            "Bitte korrigieren Sie:",
            "<a href=\"#k1\">Bitte entscheiden Sie, ob Eintrag 1 dasselbe Kind ist",
            "<a href=\"#note\">Bitte begründen Sie Ihre Entscheidung",
            "<p class=\"error\" id=\"k1-error\">",
            "<fieldset aria-describedby=\"k1-hint k1-error\">",
            "<p class=\"error\" id=\"note-error\">",
        ] {
            assert!(
                page.html.contains(needle),
                "[{backend}] {needle}: {}",
                page.html
            );
        }

        // A verdict without a note: only the note is wrong, and the choice is kept.
        let page = register
            .post(
                &path,
                &[
                    ("csrf", &csrf),
                    (&version, "1"),
                    (&verdict, "not_same_child"),
                ],
            )
            .await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "[{backend}]");
        assert!(page.html.contains("<a href=\"#note\">"), "[{backend}]");
        assert!(!page.html.contains("<a href=\"#k1\">"), "[{backend}]");
        assert!(
            page.html.contains("value=\"not_same_child\" checked"),
            "[{backend}] the choice is shown back: {}",
            page.html
        );

        // A note without a verdict: the note is shown back, the verdict is asked for.
        let page = register
            .post(&path, &[("csrf", &csrf), (&version, "1"), ("note", NOTE)])
            .await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "[{backend}]");
        assert!(page.html.contains("<a href=\"#k1\">"), "[{backend}]");
        assert!(!page.html.contains("<a href=\"#note\">"), "[{backend}]");
        assert!(page.html.contains(NOTE), "[{backend}]");

        // An entry judged on an old version is judged afresh.
        let page = register
            .post(
                &path,
                &[
                    ("csrf", &csrf),
                    (&version, "0"),
                    (&verdict, "not_same_child"),
                    ("note", NOTE),
                ],
            )
            .await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "[{backend}]");
        assert!(
            page.html
                .contains("wurde geändert, seit Sie die Seite geöffnet haben"),
            "[{backend}] {}",
            page.html
        );

        let answer = application(&bench, &id).await;
        assert_eq!(answer["status"], "in_review", "[{backend}] nothing stored");
        assert!(answer["certificate"].is_null(), "[{backend}]");
        assert!(
            !audit(&bench, &id)
                .await
                .iter()
                .any(|r| r.action == "review.settled"),
            "[{backend}]"
        );
        bench
    })
    .await;
}

#[tokio::test]
async fn other_offices_and_admins_are_refused_the_case_and_the_attempt_is_audited() {
    each_backend(no_changes, |bench: Bench| async move {
        let backend = bench.backend;
        let id = look_alike_case(&bench).await;
        let path = format!("/amt/pruefungen/{id}");
        let fields = |csrf: String| {
            vec![
                ("csrf".to_owned(), csrf),
                (format!("version.{PAUL}"), "1".to_owned()),
                (format!("verdict.{PAUL}"), "not_same_child".to_owned()),
                ("note".to_owned(), NOTE.to_owned()),
            ]
        };
        // The issuing office learns the outcome, never the entries; a third office nothing.
        for login in [ISSUING_CLERK, OTHER_CLERK] {
            let mut other = logged_in(&bench, login).await;
            let csrf = other.get("/amt").await.csrf();
            let page = other.get(&path).await;
            assert_eq!(page.status, StatusCode::FORBIDDEN, "[{backend}] {login}");
            assert!(page.html.contains("Kein Zugriff"), "[{backend}]");
            assert!(!page.html.contains("Paula"), "[{backend}]");
            let form = fields(csrf);
            let form: Vec<(&str, &str)> =
                form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            let page = other.post(&path, &form).await;
            assert_eq!(
                page.status,
                StatusCode::FORBIDDEN,
                "[{backend}] {login} POST"
            );
            assert!(
                page.html.contains("Der Versuch wurde protokolliert."),
                "[{backend}]"
            );
        }
        assert_eq!(
            refusals(&bench, &id, "ja-03352").await,
            4,
            "[{backend}] each attempt is in the register office's trail"
        );
        assert_eq!(
            application(&bench, &id).await["status"],
            "in_review",
            "[{backend}] nothing was settled"
        );

        // An admin of the register office itself sees no case either.
        let admin = cuxhaven_admin(&bench).await;
        let mut browser = bench.browser();
        browser.log_in_fully(admin, PASSWORD).await;
        for page in [
            browser.get("/amt/pruefungen").await,
            browser.get(&path).await,
        ] {
            assert_eq!(page.status, StatusCode::FORBIDDEN, "[{backend}]");
            assert!(page.html.contains("Nicht für Ihre Rolle"), "[{backend}]");
            assert!(!page.html.contains("Paula"), "[{backend}]");
        }
        assert!(
            audit(&bench, &id)
                .await
                .iter()
                .any(|r| r.action == "staff.role_refused"),
            "[{backend}] the admin's attempt is audited"
        );
        bench
    })
    .await;
}
