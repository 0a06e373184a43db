//! The start page and the questions in German, English and Leichte Sprache.

use reqwest::StatusCode;

use super::get;
use crate::support::spawn;

#[tokio::test]
async fn the_start_page_says_what_the_certificate_is_in_three_languages() {
    let app = spawn("sqlite").await;

    let de = get(&app, "/?lang=de", &[]).await;
    assert_eq!(de.status, StatusCode::OK);
    let html = &de.html;
    assert!(html.contains("<html lang=\"de\">"), "{html}");
    for fact in [
        "Negativbescheinigung online beantragen",
        "Reisepass oder Personalausweis",
        "Konto für Ihr Kind",
        "ins Ausland",
        "nicht mit dem Vater des Kindes verheiratet",
        "mit einem anderen Mann verheiratet",
        "Kein Gericht hat das Sorgerecht einem Elternteil allein übertragen",
        "jünger als 18 Jahre",
        "kostenlos",
        "wenigen Sekunden",
        "Online-Ausweisfunktion",
        "PDF-Datei mit elektronischem Siegel",
        "„in Bearbeitung“",
    ] {
        assert!(html.contains(fact), "{fact}: {html}");
    }
    // Two calls to action: the application as the main button, the pre-check beside it.
    assert!(html.contains(
        "<p class=\"actions\"><a class=\"button\" href=\"/antrag?lang=de\">Antrag stellen</a> \
         <a class=\"button secondary\" href=\"/vorpruefung?lang=de\">Vorab prüfen, ob Sie den Antrag stellen können</a></p>"
    ), "{html}");
    assert_eq!(html.matches(">Antrag stellen</a>").count(), 1, "{html}");
    assert!(
        html.contains("<a href=\"/anmelden?lang=de\">Anmelden</a>"),
        "not signed in"
    );
    assert!(
        html.contains(
            "href=\"/?lang=de\" lang=\"de\" hreflang=\"de\" aria-current=\"true\">Deutsch"
        )
    );
    assert!(html.contains("href=\"/?lang=en\" lang=\"en\" hreflang=\"en\">English"));
    assert!(html.contains("href=\"/?lang=ls\" lang=\"de\" hreflang=\"de\">Leichte Sprache"));
    assert!(html.contains("<a href=\"/fragen?lang=de\">"));
    assert!(html.contains("kein JavaScript"));

    let en = get(&app, "/?lang=en", &[]).await;
    assert!(en.html.contains("<html lang=\"en\">"));
    for fact in [
        "Sole custody certificate online",
        "free of charge",
        "within seconds",
        "passport or identity card",
        "bank account",
        "Check first whether you can apply",
        "href=\"/?lang=en\" lang=\"en\" hreflang=\"en\" aria-current=\"true\"",
    ] {
        assert!(en.html.contains(fact), "{fact}: {}", en.html);
    }

    let easy = get(&app, "/?lang=ls", &[]).await;
    assert!(easy.html.contains("<html lang=\"de\">"));
    for fact in [
        "Das Sorge·recht nachweisen",
        "Jugend·amt",
        "Negativ·bescheinigung kostet nichts",
        "Ihr Kind ist jünger als 18 Jahre.",
        "href=\"/?lang=ls\" lang=\"de\" hreflang=\"de\" aria-current=\"true\">Leichte Sprache",
        "href=\"/vorpruefung?lang=ls\"",
        "<a class=\"button\" href=\"/antrag?lang=ls\">",
    ] {
        assert!(easy.html.contains(fact), "{fact}: {}", easy.html);
    }
    assert!(!easy.html.contains("Negativbescheinigung online beantragen"));

    // Without a choice the browser's language decides, and never Leichte Sprache.
    let browser = get(&app, "/", &[("accept-language", "en-GB,en;q=0.9,de;q=0.5")]).await;
    assert!(browser.html.contains("<html lang=\"en\">"));
    let browser = get(&app, "/", &[]).await;
    assert!(
        browser
            .html
            .contains("Negativbescheinigung online beantragen")
    );
    app.stop().await;
}

#[tokio::test]
async fn the_questions_page_answers_the_real_questions() {
    let app = spawn("sqlite").await;
    let de = get(&app, "/fragen", &[]).await;
    assert_eq!(de.status, StatusCode::OK);
    assert_eq!(
        de.html.matches("<h2 id=\"frage-").count(),
        12,
        "{}",
        de.html
    );
    for fact in [
        "Warum dauert es nur Sekunden?",
        "anders geschrieben",
        "Teilbescheinigung",
        "„in Bearbeitung“",
        "Erfährt der Vater",
        "<a href=\"/pruefen?lang=de\">Eine Bescheinigung prüfen</a>",
        "<a href=\"/vorpruefung?lang=de\">Zur Vorabprüfung</a>",
        "kein Tracking",
        "kostenlos",
        "im Ausland geboren",
        "Land Berlin",
    ] {
        assert!(de.html.contains(fact), "{fact}: {}", de.html);
    }

    let en = get(&app, "/fragen?lang=en", &[]).await;
    assert_eq!(en.html.matches("<h2 id=\"frage-").count(), 12);
    assert!(en.html.contains("Will the father learn of my application?"));
    assert!(
        en.html
            .contains("<a href=\"/pruefen?lang=en\">Check a certificate</a>")
    );

    let easy = get(&app, "/fragen?lang=ls", &[]).await;
    assert_eq!(easy.html.matches("<h2 id=\"frage-").count(), 12);
    assert!(easy.html.contains("Fragen und Antworten"));
    assert!(easy.html.contains("Das Jugend·amt sagt dem Vater nichts."));
    // The certificate check has no Leichte Sprache: its link leads to standard German.
    assert!(easy.html.contains("href=\"/pruefen?lang=de\""));

    // Only the start page, the questions and the pre-check offer Leichte Sprache.
    for path in ["/", "/fragen", "/vorpruefung"] {
        let page = get(&app, path, &[]).await;
        assert!(
            page.html.contains(&format!(
                "href=\"{path}?lang=ls\" lang=\"de\" hreflang=\"de\">Leichte Sprache"
            )),
            "{path}: {}",
            page.html
        );
    }
    let login = get(&app, "/anmelden?lang=ls", &[]).await;
    assert!(!login.html.contains("Leichte Sprache"), "{}", login.html);
    assert!(login.html.contains(
        "href=\"/anmelden?lang=de\" lang=\"de\" hreflang=\"de\" aria-current=\"true\">Deutsch"
    ));
    assert!(
        login
            .html
            .contains("href=\"/anmelden?lang=en\" lang=\"en\" hreflang=\"en\">English")
    );
    app.stop().await;
}
