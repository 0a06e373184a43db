//! The public check page `/pruefen`: the form in German and English, checking a PDF and a QR
//! text as a browser sends them, tampered certificates, and the form shown again with errors.

use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};

use crate::support::{TestApp, application, each_backend, sophia, spawn};

/// A page as received: status, headers and HTML, after the checks every page must pass.
struct Page {
    status: StatusCode,
    headers: HeaderMap,
    html: String,
}

async fn page(response: reqwest::Response) -> Page {
    let status = response.status();
    let headers = response.headers().clone();
    let html = response.text().await.unwrap();
    assert_eq!(
        headers["content-type"], "text/html; charset=utf-8",
        "{html}"
    );
    assert_eq!(headers["cache-control"], "no-store");
    assert_eq!(
        headers["content-security-policy"],
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; \
         frame-ancestors 'none'"
    );
    assert!(html.starts_with("<!doctype html>"), "{html}");
    assert!(
        !html.to_ascii_lowercase().contains("<script"),
        "no script, and nothing submitted comes back unescaped: {html}"
    );
    Page {
        status,
        headers,
        html,
    }
}

async fn get_page(app: &TestApp, path: &str, headers: &[(&str, &str)]) -> Page {
    page(
        app.request(reqwest::Method::GET, path, None, None, headers)
            .await,
    )
    .await
}

/// Posts the form as a browser does: both fields always present, the file part empty when no
/// file was chosen.
async fn submit(app: &TestApp, query: &str, qr: &str, pdf: Option<Vec<u8>>) -> Page {
    let file = match pdf {
        Some(bytes) => Part::bytes(bytes)
            .file_name("bescheinigung.pdf")
            .mime_str("application/pdf")
            .unwrap(),
        None => Part::bytes(Vec::new())
            .file_name("")
            .mime_str("application/octet-stream")
            .unwrap(),
    };
    let form = Form::new().text("qr", qr.to_owned()).part("pdf", file);
    let response = app
        .http
        .post(format!("{}/pruefen{query}", app.url))
        .multipart(form)
        .send()
        .await
        .unwrap();
    page(response).await
}

/// Sophia's certificate as her online service holds it: the QR text from the application,
/// and the PDF downloaded from its `pdf_url`.
async fn sophias_certificate(app: &TestApp) -> (String, String, Vec<u8>) {
    let token = app.token("demo-online-service");
    let (status, created) = app.apply(&sophia()).await;
    assert_eq!(status, StatusCode::CREATED, "{}: {created}", app.backend);
    let id = created["id"].as_str().unwrap();
    let read: Value = app
        .get(&format!("/api/v1/applications/{id}"), Some(&token))
        .await
        .json()
        .await
        .unwrap();
    let certificate = &read["certificate"];
    let number = certificate["number"].as_str().unwrap().to_owned();
    let qr = certificate["qr_payload"].as_str().unwrap().to_owned();
    let response = app
        .get(certificate["pdf_url"].as_str().unwrap(), Some(&token))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let pdf = response.bytes().await.unwrap().to_vec();
    (number, qr, pdf)
}

#[tokio::test]
async fn the_form_is_german_by_default_and_english_on_request() {
    let app = spawn("sqlite").await;
    let german = get_page(&app, "/pruefen", &[]).await;
    assert_eq!(german.status, StatusCode::OK);
    assert_eq!(german.headers["content-language"], "de");
    for expected in [
        "<html lang=\"de\">",
        "<title>Bescheinigung prüfen – Sorgeregister</title>",
        "href=\"#main\"",
        "<main id=\"main\"",
        "method=\"post\" action=\"/pruefen?lang=de\" enctype=\"multipart/form-data\"",
        "<label for=\"qr\">Text des QR-Codes</label>",
        "<textarea id=\"qr\" name=\"qr\" rows=\"6\" maxlength=\"4096\"",
        "aria-describedby=\"qr-hint\"",
        "<p class=\"hint\" id=\"qr-hint\">",
        "<label for=\"pdf\">PDF-Datei der Bescheinigung</label>",
        "<input type=\"file\" id=\"pdf\" name=\"pdf\" accept=\"application/pdf,.pdf\" \
         aria-describedby=\"pdf-hint\">",
        "<button type=\"submit\">Prüfen</button>",
        "Stand des Sorgeregisters",
        "amtlichen Ausweises",
        "<a href=\"/pruefen?lang=en\" lang=\"en\" hreflang=\"en\">English</a>",
    ] {
        assert!(
            german.html.contains(expected),
            "{expected}\n{}",
            german.html
        );
    }
    assert!(
        !german.html.contains("aria-invalid=\"true\""),
        "no errors yet"
    );

    let english = get_page(&app, "/pruefen?lang=en", &[]).await;
    assert_eq!(english.headers["content-language"], "en");
    for expected in [
        "<html lang=\"en\">",
        "<label for=\"qr\">Text of the QR code</label>",
        "<label for=\"pdf\">PDF file of the certificate</label>",
        "<button type=\"submit\">Check</button>",
        "action=\"/pruefen?lang=en\"",
        "<a href=\"/pruefen?lang=de\" lang=\"de\" hreflang=\"de\">Deutsch</a>",
    ] {
        assert!(
            english.html.contains(expected),
            "{expected}\n{}",
            english.html
        );
    }
    assert!(!english.html.contains("Text des QR-Codes"));

    // The browser's preference counts when the address does not say.
    let preferred = get_page(&app, "/pruefen", &[("Accept-Language", "en-GB,en;q=0.9")]).await;
    assert!(preferred.html.contains("<html lang=\"en\">"));
    let overridden = get_page(&app, "/pruefen?lang=de", &[("Accept-Language", "en")]).await;
    assert!(overridden.html.contains("<html lang=\"de\">"));
    app.stop().await;
}

#[tokio::test]
async fn a_genuine_certificate_is_echt_by_pdf_and_by_qr_text() {
    each_backend(|app| async move {
        let (number, qr, pdf) = sophias_certificate(&app).await;

        let by_pdf = submit(&app, "", "", Some(pdf.clone())).await;
        let by_qr = submit(&app, "", &qr, None).await;
        for (checked, result) in [("PDF-Datei", &by_pdf), ("QR-Codes", &by_qr)] {
            let html = &result.html;
            assert_eq!(result.status, StatusCode::OK, "{}: {html}", app.backend);
            assert!(
                html.contains("Echt: Diese Bescheinigung ist gültig."),
                "{html}"
            );
            assert!(html.contains("class=\"verdict ok\""));
            assert!(!html.contains("Nicht gültig"));
            assert!(html.contains(&format!(
                "Geprüft wurde {}",
                if checked == "PDF-Datei" {
                    "die PDF-Datei"
                } else {
                    "der Text des QR-Codes"
                }
            )));
            for expected in [
                format!("<dt>Bescheinigungsnummer</dt><dd>{number}</dd>"),
                "<dd>Negativbescheinigung: keine Eintragungen im Sorgeregister</dd>".into(),
                "<dd>Jugendamt Bremen (ja-04011)</dd>".into(),
                "<dt>Vornamen</dt><dd>Charlotte</dd>".into(),
                "<dt>Familienname bei Geburt</dt><dd>Berger</dd>".into(),
                "<dt>Geboren am</dt><dd>04.05.2020</dd>".into(),
                "<dt>Geboren in</dt><dd>Cuxhaven</dd>".into(),
                "<dt>Vornamen</dt><dd>Sophia</dd>".into(),
                "<dt>Geboren am</dt><dd>17.02.1993</dd>".into(),
                "<dt>Stand des Sorgeregisters</dt>".into(),
                "Was das Ergebnis bedeutet".into(),
                "<a href=\"/pruefen?lang=de\">Weitere Bescheinigung prüfen</a>".into(),
            ] {
                assert!(html.contains(&expected), "{checked}: {expected}\n{html}");
            }
            // Issued today, German local time.
            assert!(
                html.contains("Uhr (MEZ)") || html.contains("Uhr (MESZ)"),
                "{html}"
            );
            // The QR text itself is never shown back on a result.
            assert!(!html.contains(&qr[4..40]));
        }

        // A PDF wins over a QR text sent with it.
        let both = submit(&app, "", "NB1:garbage", Some(pdf)).await;
        assert!(both.html.contains("Echt: Diese Bescheinigung ist gültig."));

        // A partial certificate names its parts as the certificate does.
        let mia = application(
            ("Anna", "Hoffmann"),
            ("14713000", "04103"),
            ("Mia", "Hoffmann", "2021-03-15"),
            json!({"municipality_key": "14713000"}),
        );
        let (_, body) = app.apply(&mia).await;
        let mia_qr = body["certificate"]["qr_payload"].as_str().unwrap();
        let partial = submit(&app, "", mia_qr, None).await;
        assert!(
            partial
                .html
                .contains("Echt: Diese Bescheinigung ist gültig.")
        );
        assert!(
            partial
                .html
                .contains("<dd>Teilbescheinigung: Eintragungen nur für Gesundheitssorge; "),
            "{}",
            partial.html
        );

        let english = submit(&app, "?lang=en", &qr, None).await;
        assert_eq!(english.status, StatusCode::OK);
        assert!(english.html.contains("<html lang=\"en\">"));
        assert!(english.html.contains("Genuine: this certificate is valid."));
        assert!(
            english
                .html
                .contains("<dt>Date of birth</dt><dd>4 May 2020</dd>")
        );
        assert!(english.html.contains("What the result means"));
        app
    })
    .await;
}

#[tokio::test]
async fn an_altered_pdf_or_qr_text_is_not_valid() {
    each_backend(|app| async move {
        let (number, qr, pdf) = sophias_certificate(&app).await;

        let mut altered = pdf.clone();
        let middle = altered.len() / 2;
        altered[middle] ^= 0x20;
        let result = submit(&app, "", "", Some(altered)).await;
        let html = &result.html;
        assert_eq!(result.status, StatusCode::OK, "{}: {html}", app.backend);
        assert!(html.contains("Nicht gültig"), "{html}");
        assert!(html.contains("class=\"verdict bad\""));
        assert!(!html.contains("Echt:"));
        assert!(
            html.contains(
                "<li>Die PDF-Datei wurde nach der Siegelung verändert. Ihr Inhalt ist nicht \
                 verlässlich.</li>"
            ),
            "{html}"
        );
        assert!(
            !html.contains("Charlotte"),
            "nothing of an altered PDF is shown"
        );

        let mut chars: Vec<char> = qr.chars().collect();
        let at = chars.len() / 2;
        chars[at] = if chars[at] == '7' { '8' } else { '7' };
        let altered: String = chars.into_iter().collect();
        let result = submit(&app, "", &altered, None).await;
        let html = &result.html;
        assert_eq!(result.status, StatusCode::OK);
        assert!(html.contains("Nicht gültig"), "{html}");
        assert!(
            html.contains("Der QR-Code wurde verändert oder ist beschädigt"),
            "{html}"
        );
        assert!(!html.contains("Charlotte"));
        assert!(!html.contains(&number));

        let english = submit(&app, "?lang=en", &altered, None).await;
        assert!(english.html.contains("Not valid"));
        assert!(
            english
                .html
                .contains("The QR code was changed or is damaged")
        );

        // Revoked: the seal is fine, so the sealed data is shown, under the verdict.
        app.store
            .revoke_certificate(
                &store::Actor::system("test"),
                time::OffsetDateTime::now_utc(),
                &domain::CertificateNumber::parse(&number).unwrap(),
                "Angaben erschlichen",
            )
            .await
            .unwrap();
        let result = submit(&app, "", &qr, None).await;
        let html = &result.html;
        assert!(html.contains("Nicht gültig"), "{html}");
        assert!(html.contains("Das ausstellende Jugendamt hat die Bescheinigung am "));
        assert!(html.contains("<dd>Charlotte</dd>"));
        assert!(html.contains("trotzdem aus den oben genannten Gründen nicht gültig"));

        // Markup in the QR text is neither run nor shown.
        let result = submit(&app, "", "<script>alert('x')</script>", None).await;
        assert!(result.html.contains("Nicht gültig"));
        assert!(!result.html.contains("alert("));
        app
    })
    .await;
}

#[tokio::test]
async fn the_form_comes_back_with_the_error_next_to_the_field() {
    let app = spawn("sqlite").await;

    let empty = submit(&app, "", "  \r\n", None).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    for expected in [
        "<title>Fehler: Bescheinigung prüfen – Sorgeregister</title>",
        "<div class=\"summary\" role=\"alert\"",
        "<a href=\"#qr\">Bitte fügen Sie den Text des QR-Codes ein",
        "<p class=\"error\" id=\"qr-error\">Bitte fügen Sie den Text des QR-Codes ein",
        "aria-describedby=\"qr-hint qr-error\" aria-invalid=\"true\"",
        "<p class=\"error\" id=\"pdf-error\">",
        "aria-describedby=\"pdf-hint pdf-error\" aria-invalid=\"true\"",
    ] {
        assert!(empty.html.contains(expected), "{expected}\n{}", empty.html);
    }
    // The error sits with its field: between the label and the textarea.
    let label = empty.html.find("<label for=\"qr\">").unwrap();
    let error = empty.html.find("id=\"qr-error\"").unwrap();
    let textarea = empty.html.find("<textarea").unwrap();
    assert!(label < error && error < textarea);

    // Too long: shown back, escaped, cut to what the field takes.
    let long = format!("<script>{}", "A".repeat(5000));
    let result = submit(&app, "", &long, None).await;
    assert_eq!(result.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        result
            .html
            .contains("id=\"qr-error\">Der Text ist länger als 4096 Zeichen")
    );
    assert!(
        result
            .html
            .contains(&format!("&lt;script&gt;{}", "A".repeat(4088)))
    );
    assert!(!result.html.contains(&"A".repeat(4089)));

    let english = submit(&app, "?lang=en", "", None).await;
    assert_eq!(english.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        english
            .html
            .contains("<title>Error: Check a certificate – Custody register</title>")
    );
    assert!(
        english
            .html
            .contains("Please paste the text of the QR code")
    );

    // A file larger than any certificate, with a QR text: the file's error, the text kept.
    let big = vec![b'%'; certificate::MAX_PDF_BYTES + 1];
    let result = submit(&app, "", "NB1:kept", Some(big)).await;
    assert_eq!(result.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        result
            .html
            .contains("id=\"pdf-error\">Die Datei ist größer als 2 MB")
    );
    assert!(result.html.contains("<a href=\"#pdf\">"));
    assert!(result.html.contains(">NB1:kept</textarea>"));

    // Not the form at all.
    let response = app
        .http
        .post(format!("{}/pruefen", app.url))
        .header("content-type", "application/json")
        .body("{}")
        .send()
        .await
        .unwrap();
    let result = page(response).await;
    assert_eq!(result.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(
        result
            .html
            .contains("<a href=\"/pruefen?lang=de\">Zum Prüfformular</a>")
    );
    app.stop().await;
}

#[tokio::test]
async fn checks_on_the_page_are_rate_limited() {
    let app = spawn("sqlite").await;
    // The limit (30 a minute) is shared with the API and counts every submission.
    for _ in 0..30 {
        let result = submit(&app, "", "", None).await;
        assert_eq!(result.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let result = submit(&app, "", "", None).await;
    assert_eq!(result.status, StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = result.headers["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry), "{retry}");
    assert!(
        result
            .html
            .contains(&format!("Bitte warten Sie {retry} Sekunden")),
        "{}",
        result.html
    );
    app.stop().await;
}

/// Posts the form with only the short code and the child's date of birth filled in.
async fn submit_number(app: &TestApp, number: &str, birth_date: &str) -> Page {
    let form = Form::new()
        .text("qr", "")
        .part(
            "pdf",
            Part::bytes(Vec::new())
                .file_name("")
                .mime_str("application/octet-stream")
                .unwrap(),
        )
        .text("number", number.to_owned())
        .text("birth_date", birth_date.to_owned());
    let response = app
        .http
        .post(format!("{}/pruefen", app.url))
        .multipart(form)
        .send()
        .await
        .unwrap();
    page(response).await
}

#[tokio::test]
async fn a_printout_is_checked_by_its_number_and_the_childs_date_of_birth() {
    let app = crate::support::spawn("sqlite").await;
    let (number, _, _) = sophias_certificate(&app).await;
    let form = get_page(&app, "/pruefen", &[]).await;
    assert!(
        form.html
            .contains("<label for=\"number\">Bescheinigungsnummer</label>")
    );
    assert!(
        form.html
            .contains("<label for=\"birth_date\">Geburtsdatum des Kindes</label>")
    );

    let genuine = submit_number(&app, &number, "04.05.2020").await;
    assert_eq!(genuine.status, StatusCode::OK);
    assert!(genuine.html.contains("Echt"), "{}", genuine.html);
    assert!(genuine.html.contains("Charlotte"));

    let wrong = submit_number(&app, &number, "05.05.2020").await;
    assert!(wrong.html.contains("Nicht gültig"), "{}", wrong.html);
    assert!(wrong.html.contains("wurde nicht ausgestellt"));
    assert!(
        !wrong.html.contains("Charlotte"),
        "nothing of the certificate is shown"
    );

    let bad = submit_number(&app, "NB-12", "31.02.2020").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.html.contains("id=\"number-error\""), "{}", bad.html);
    assert!(bad.html.contains("id=\"birth_date-error\""));
    assert!(bad.html.contains("value=\"NB-12\""), "the input comes back");
    app.stop().await;
}
