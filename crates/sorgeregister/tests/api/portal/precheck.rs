//! The eligibility pre-check: missing answers, every reason for refusal with the responsible
//! Jugendamt, a postal code shared by two municipalities, and the way on to the login.

use reqwest::StatusCode;

use super::{get, post_form};
use crate::support::{TestApp, each_backend};

/// Answers of an eligible mother of a young child living in Bremen (postal code of Bremen
/// only), with `changes` applied.
fn answers<'a>(changes: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut fields = vec![
        ("mutter", "ja"),
        ("verheiratet-vater", "nein"),
        ("verheiratet-anderer", "nein"),
        ("gericht", "nein"),
        ("geburt-day", "4"),
        ("geburt-month", "5"),
        ("geburt-year", "2020"),
        ("wohnort-text", "28195"),
    ];
    for (name, value) in changes {
        match fields.iter_mut().find(|(n, _)| n == name) {
            Some(field) => field.1 = value,
            None => fields.push((name, value)),
        }
    }
    fields
}

#[tokio::test]
async fn the_form_asks_each_question_in_a_fieldset() {
    each_backend(|app: TestApp| async move {
        let page = get(&app, "/vorpruefung", &[]).await;
        assert_eq!(page.status, StatusCode::OK);
        let html = &page.html;
        for legend in [
            "Sind Sie die Mutter des Kindes?",
            "Sind oder waren Sie mit dem Vater des Kindes verheiratet?",
            "Waren Sie bei der Geburt des Kindes mit einem anderen Mann verheiratet?",
            "Hat ein Gericht das Sorgerecht einem Elternteil allein übertragen?",
            "Wann wurde Ihr Kind geboren?",
        ] {
            assert!(
                html.contains(&format!("<legend>{legend}</legend>")),
                "{legend}: {html}"
            );
        }
        assert!(
            html.contains("erfolgreich angefochten"),
            "the hint on contested paternity"
        );
        for part in ["day", "month", "year"] {
            assert!(html.contains(&format!("id=\"geburt-{part}\" name=\"geburt-{part}\"")));
        }
        assert!(html.contains("inputmode=\"numeric\""));
        assert!(html.contains(
            "<label for=\"wohnort-text\">Wo wohnen Sie? Gemeinde oder Postleitzahl</label>"
        ));
        assert!(html.contains("maxlength=\"100\""));
        assert!(html.contains("action=\"/vorpruefung?lang=de\""));
        app
    })
    .await;
}

#[tokio::test]
async fn unanswered_questions_are_listed_and_linked_to_their_fields() {
    each_backend(|app: TestApp| async move {
        let page = post_form(&app, "/vorpruefung", &[]).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
        let html = &page.html;
        assert!(html.contains("<title>Fehler: Vorab prüfen"), "{html}");
        assert!(html.contains("Bitte korrigieren Sie Folgendes"));
        let summary_at = html.find("class=\"summary\"").unwrap();
        assert!(summary_at < html.find("<h1>").unwrap(), "the summary comes first");
        let mut last = 0;
        for (anchor, message) in [
            ("mutter", "Bitte geben Sie an, ob Sie die Mutter des Kindes sind."),
            ("verheiratet-vater", "Bitte geben Sie an, ob Sie mit dem Vater des Kindes verheiratet sind oder waren."),
            ("verheiratet-anderer", "Bitte geben Sie an, ob Sie bei der Geburt mit einem anderen Mann verheiratet waren."),
            ("gericht", "Bitte geben Sie an, ob ein Gericht das Sorgerecht einem Elternteil allein übertragen hat."),
            ("geburt-day", "Bitte geben Sie das Datum vollständig an: Tag, Monat und Jahr."),
            ("wohnort-text", "Bitte geben Sie eine Gemeinde oder eine Postleitzahl ein."),
        ] {
            let link = format!("<li><a href=\"#{anchor}\">{message}</a></li>");
            let at = html.find(&link).unwrap_or_else(|| panic!("{link}: {html}"));
            assert!(at > last, "summary in the order of the page: {anchor}");
            last = at;
            // The target exists, and the message is repeated at the field.
            assert!(html.contains(&format!("id=\"{anchor}\"")), "{anchor}");
            let field = anchor.strip_suffix("-day").unwrap_or(anchor);
            assert!(html.contains(&format!("<p class=\"error\" id=\"{field}-error\">{message}</p>")));
        }
        assert!(html.contains("id=\"mutter\" name=\"mutter\" value=\"ja\" aria-invalid=\"true\""));

        // Answers given are kept; only what is wrong is reported.
        let page = post_form(
            &app,
            "/vorpruefung?lang=en",
            &answers(&[("gericht", ""), ("geburt-day", "32")]),
        )
        .await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
        let html = &page.html;
        assert!(html.contains("<a href=\"#gericht\">Please say whether a court has given custody to one parent alone.</a>"));
        assert!(html.contains("<a href=\"#geburt-day\">Please enter a day between 1 and 31.</a>"));
        assert!(!html.contains("href=\"#mutter\""));
        assert!(html.contains("id=\"mutter\" name=\"mutter\" value=\"ja\" checked"));
        assert!(html.contains("name=\"geburt-day\" value=\"32\""));
        assert!(html.contains("Chosen: Bremen"), "{html}");

        let page = post_form(
            &app,
            "/vorpruefung",
            &answers(&[("geburt-day", "1"), ("geburt-month", "1"), ("geburt-year", "2999")]),
        )
        .await;
        assert!(page.html.contains("<a href=\"#geburt-day\">Das Datum darf nicht in der Zukunft liegen.</a>"));
        let page = post_form(
            &app,
            "/vorpruefung",
            &answers(&[("geburt-day", "31"), ("geburt-month", "4")]),
        )
        .await;
        assert!(page.html.contains("Dieses Datum gibt es nicht."));

        // In Leichte Sprache, the questions and what is missing are in Leichte Sprache too.
        let page = post_form(&app, "/vorpruefung?lang=ls", &[]).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
        for text in [
            "<legend>Sind Sie mit dem Vater von dem Kind verheiratet? Oder waren Sie früher mit ihm verheiratet?</legend>",
            "<a href=\"#mutter\">Bitte antworten Sie: Sind Sie die Mutter von dem Kind?</a>",
            "<a href=\"#geburt-day\">Bitte schreiben Sie das ganze Datum: den Tag, den Monat und das Jahr.</a>",
            "<a href=\"#wohnort-text\">Bitte schreiben Sie Ihren Ort oder Ihre Post·leit·zahl.</a>",
            "<label for=\"wohnort-text\">Wo wohnen Sie? Schreiben Sie den Ort oder die Post·leit·zahl.</label>",
            "<button type=\"submit\">Jetzt prüfen</button>",
        ] {
            assert!(page.html.contains(text), "{text}: {}", page.html);
        }

        let page = post_form(&app, "/vorpruefung", &answers(&[("wohnort-text", "Atlantis")])).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.html.contains("<a href=\"#wohnort-text\">Wir haben keine Gemeinde"));
        let long = "x".repeat(101);
        let page = post_form(&app, "/vorpruefung", &answers(&[("wohnort-text", &long)])).await;
        assert!(page.html.contains("höchstens 100 Zeichen"));
        app
    })
    .await;
}

/// Answers changed from the eligible ones.
type Changes = &'static [(&'static str, &'static str)];

#[tokio::test]
async fn each_reason_is_explained_with_the_responsible_jugendamt() {
    each_backend(|app: TestApp| async move {
        let cases: [(Changes, &str, &str); 5] = [
            (
                &[("mutter", "nein")],
                "Nur die Mutter kann den Antrag stellen",
                "§ 58 Abs. 2 SGB VIII",
            ),
            (
                &[("verheiratet-vater", "ja")],
                "Sie sind oder waren mit dem Vater verheiratet",
                "§ 1626a Abs. 1 Nr. 2 BGB",
            ),
            (
                &[("verheiratet-anderer", "ja")],
                "Sie waren bei der Geburt mit einem anderen Mann verheiratet",
                "§ 1592 Nr. 1 BGB",
            ),
            (
                &[("gericht", "ja")],
                "Ein Gericht hat das Sorgerecht einem Elternteil allein übertragen",
                "Beschluss des Familiengerichts selbst der Nachweis",
            ),
            (
                &[("geburt-year", "2000")],
                "Ihr Kind ist volljährig",
                "§ 2, § 1626 Abs. 1 BGB",
            ),
        ];
        for (changes, heading, explanation) in cases {
            let page = post_form(&app, "/vorpruefung", &answers(changes)).await;
            assert_eq!(page.status, StatusCode::OK, "{heading}");
            let html = &page.html;
            assert!(
                html.contains("<h1>Sie können die Bescheinigung nicht online beantragen</h1>"),
                "{html}"
            );
            assert!(
                html.contains(&format!("<h2>{heading}</h2>")),
                "{heading}: {html}"
            );
            assert!(html.contains(explanation), "{explanation}");
            assert_eq!(
                html.matches("<h2>").count(),
                3,
                "one reason, what to do, the answers: {html}"
            );
            // The reason is inside the red box, after "Die Gründe:".
            let box_start = html.find("<div class=\"result no\"").expect(html);
            let box_end = box_start + html[box_start..].find("</div>").unwrap();
            let reason = html.find(&format!("<h2>{heading}</h2>")).unwrap();
            assert!(box_start < reason && reason < box_end, "{html}");
            assert!(html[box_start..box_end].contains(explanation), "{html}");
            assert!(
                html.contains("Ihr zuständiges Jugendamt: Jugendamt Bremen"),
                "{html}"
            );
            assert!(
                html.contains("Geburtsurkunde Ihres Kindes"),
                "what to bring"
            );
            assert!(
                !html.contains("/anmelden?weiter="),
                "no way to the application"
            );
            assert!(
                !html.contains("Telefon") && !html.contains("mailto:"),
                "no invented contact data"
            );
        }

        // Every applicable reason, not only the first; in Leichte Sprache too.
        let all_wrong = answers(&[
            ("mutter", "nein"),
            ("verheiratet-vater", "ja"),
            ("verheiratet-anderer", "ja"),
            ("gericht", "ja"),
            ("geburt-year", "2000"),
        ]);
        let page = post_form(&app, "/vorpruefung", &all_wrong).await;
        assert_eq!(page.html.matches("<h2>").count(), 7, "{}", page.html);
        let html = &page.html;
        let box_start = html.find("<div class=\"result no\"").unwrap();
        let box_end = box_start + html[box_start..].find("</div>").unwrap();
        assert_eq!(
            html[box_start..box_end].matches("<h2>").count(),
            5,
            "all five reasons in the box: {html}"
        );
        let page = post_form(&app, "/vorpruefung?lang=ls", &all_wrong).await;
        let html = &page.html;
        assert!(html.contains("<html lang=\"de\">"));
        assert!(
            html.contains("Sie können die Negativ·bescheinigung nicht im Internet bestellen"),
            "{html}"
        );
        assert!(html.contains("Dann haben Sie und der Vater das Sorge·recht zusammen."));
        assert!(html.contains("Mit 18 Jahren ist Ihr Kind erwachsen."));
        assert!(html.contains("Ihr Jugend·amt: Jugendamt Bremen"));
        // The form with her answers is in Leichte Sprache too.
        assert!(
            html.contains("<legend>Sind Sie die Mutter von dem Kind?</legend>"),
            "{html}"
        );
        assert!(html.contains("Wir speichern Ihre Antworten nicht."));
        assert!(!html.contains("Sind Sie die Mutter des Kindes?"), "{html}");
        let page = post_form(&app, "/vorpruefung?lang=en", &all_wrong).await;
        assert!(
            page.html
                .contains("Your youth welfare office: Jugendamt Bremen")
        );
        assert!(page.html.contains("§ 1592 no. 1 BGB"));
        app
    })
    .await;
}

#[tokio::test]
async fn a_postal_code_of_two_municipalities_asks_which_one() {
    each_backend(|app: TestApp| async move {
        // 27568 lies in both Bremen and Bremerhaven (the demo directory says so on purpose).
        let page = post_form(&app, "/vorpruefung", &answers(&[("wohnort-text", "27568")])).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
        let html = &page.html;
        assert!(
            html.contains("<legend>Welche Gemeinde meinen Sie?</legend>"),
            "{html}"
        );
        assert!(html.contains("name=\"wohnort-ags\" value=\"04011000\""));
        assert!(html.contains("name=\"wohnort-ags\" value=\"04012000\""));
        assert!(html.contains("Zuständig: Jugendamt Bremen<"), "{html}");
        assert!(html.contains("Zuständig: Jugendamt Bremerhaven"));
        assert!(html.contains(
            "<a href=\"#wohnort-ags\">Bitte wählen Sie die Gemeinde aus der Liste aus.</a>"
        ));
        // Everything else entered is kept.
        assert!(html.contains("name=\"verheiratet-vater\" value=\"nein\" checked"));
        assert!(html.contains("name=\"geburt-year\" value=\"2020\""));
        assert!(html.contains("name=\"wohnort-text\" value=\"27568\""));

        let page = post_form(
            &app,
            "/vorpruefung",
            &answers(&[
                ("wohnort-text", "27568"),
                ("wohnort-ags", "04012000"),
                ("gericht", "ja"),
            ]),
        )
        .await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(
            page.html
                .contains("Ihr zuständiges Jugendamt: Jugendamt Bremerhaven"),
            "{}",
            page.html
        );

        // By name: the start of a name finds the town, served by the Landkreis.
        let page = post_form(
            &app,
            "/vorpruefung",
            &answers(&[("wohnort-text", "cuxh"), ("mutter", "nein")]),
        )
        .await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.html);
        assert!(
            page.html
                .contains("Ihr zuständiges Jugendamt: Jugendamt Landkreis Cuxhaven")
        );
        app
    })
    .await;
}

#[tokio::test]
async fn an_eligible_mother_is_sent_on_to_the_login() {
    each_backend(|app: TestApp| async move {
        let page = post_form(&app, "/vorpruefung", &answers(&[])).await;
        assert_eq!(page.status, StatusCode::OK);
        let html = &page.html;
        assert!(html.contains("<h1>Sie können die Bescheinigung online beantragen</h1>"), "{html}");
        assert!(html.contains(
            "<a class=\"button\" href=\"/anmelden?weiter=/antrag&amp;lang=de\">Anmelden und Antrag stellen</a>"
        ));
        assert!(html.contains("Ihr zuständiges Jugendamt: Jugendamt Bremen"));
        // Her answers come back to be changed, nothing else.
        assert!(html.contains("<h2>Ihre Antworten</h2>"));
        assert!(html.contains("name=\"mutter\" value=\"ja\" checked"));

        let page = post_form(&app, "/vorpruefung?lang=en", &answers(&[])).await;
        assert!(page.html.contains("<h1>You can apply for the certificate online</h1>"));
        assert!(page.html.contains("href=\"/anmelden?weiter=/antrag&amp;lang=en\">Log in and apply</a>"));
        app
    })
    .await;
}
