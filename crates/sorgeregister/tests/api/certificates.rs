//! Certificates through the API: the sealed PDF for those entitled to it, the public check of
//! PDF and QR text (genuine, tampered, revoked), the trust list, and the check's rate limit.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{TestApp, each_backend, problem, sophia};
use domain::CertificateNumber;
use seal::trust::SignedTrustList;

/// Sophia's decided application: its certificate number, QR text and PDF (as her online
/// service downloads it).
async fn sophias_certificate(app: &TestApp) -> (String, String, Vec<u8>) {
    let (status, body) = app.apply(&sophia()).await;
    assert_eq!(status, StatusCode::CREATED, "{}: {body}", app.backend);
    let number = body["certificate"]["number"].as_str().unwrap().to_owned();
    let qr = body["certificate"]["qr_payload"]
        .as_str()
        .unwrap()
        .to_owned();
    let pdf_url = body["certificate"]["pdf_url"].as_str().unwrap().to_owned();
    assert_eq!(pdf_url, format!("/api/v1/certificates/{number}/pdf"));
    let response = app
        .get(&pdf_url, Some(&app.token("demo-online-service")))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "application/pdf");
    let pdf = response.bytes().await.unwrap().to_vec();
    (number, qr, pdf)
}

async fn verify_json(app: &TestApp, body: &Value) -> (StatusCode, Value) {
    let response = app.post("/api/v1/certificates/verify", None, body).await;
    let status = response.status();
    (status, response.json().await.unwrap())
}

async fn verify_pdf(app: &TestApp, pdf: Vec<u8>) -> Value {
    let response = app
        .http
        .post(format!("{}/api/v1/certificates/verify", app.url))
        .header("content-type", "application/pdf")
        .body(pdf)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

fn codes(verdict: &Value) -> Vec<String> {
    verdict["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["code"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn the_sealed_pdf_goes_to_the_applicants_online_service_and_the_issuing_office_only() {
    each_backend(|app| async move {
        let (number, qr, pdf) = sophias_certificate(&app).await;
        assert!(pdf.starts_with(b"%PDF-"), "{}", app.backend);
        assert!(qr.starts_with("NB1:"));
        let url = format!("/api/v1/certificates/{number}/pdf");

        let bremen = app.get(&url, Some(&app.token("demo-staff-bremen"))).await;
        assert_eq!(bremen.status(), StatusCode::OK, "the issuing office");
        assert_eq!(
            bremen.bytes().await.unwrap().to_vec(),
            pdf,
            "the stored bytes"
        );
        for client in ["demo-staff-cuxhaven", "demo-notary", "demo-admin"] {
            let response = app.get(&url, Some(&app.token(client))).await;
            problem(response, StatusCode::FORBIDDEN).await;
        }
        problem(app.get(&url, None).await, StatusCode::UNAUTHORIZED).await;
        let unknown = CertificateNumber::new(2026, 12345);
        let response = app
            .get(
                &format!("/api/v1/certificates/{unknown}/pdf"),
                Some(&app.token("demo-online-service")),
            )
            .await;
        problem(response, StatusCode::NOT_FOUND).await;

        // Each download is audited.
        let reads = app
            .store
            .audit_of(&number)
            .await
            .unwrap()
            .into_iter()
            .filter(|r| r.action == "certificate.pdf_read")
            .count();
        assert_eq!(reads, 2, "{}", app.backend);
        app
    })
    .await;
}

#[tokio::test]
async fn anyone_can_check_a_certificate_by_its_pdf_or_its_qr_text() {
    each_backend(|app| async move {
        let (number, qr, pdf) = sophias_certificate(&app).await;

        let (status, verdict) = verify_json(&app, &json!({"qr_payload": qr})).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(verdict["valid"], true, "{}: {verdict}", app.backend);
        assert_eq!(verdict["certificate_number"], number);
        assert_eq!(verdict["outcome"], "negative_certificate");
        assert_eq!(verdict["issuer"]["id"], "ja-04011");
        assert_eq!(verdict["issuer"]["name"], "Jugendamt Bremen");
        assert_eq!(verdict["child"]["given_names"], "Charlotte");
        assert_eq!(verdict["child"]["family_name"], "Berger");
        assert_eq!(verdict["child"]["birth_date"], "2020-05-04");
        assert_eq!(verdict["child"]["birth_place"], "Cuxhaven");
        assert_eq!(verdict["mother"]["given_names"], "Sophia");
        assert_eq!(verdict["problems"], json!([]));

        let verdict = verify_pdf(&app, pdf.clone()).await;
        assert_eq!(verdict["valid"], true, "{verdict}");
        assert_eq!(verdict["certificate_number"], number);

        // One changed byte in the PDF.
        let mut altered = pdf.clone();
        let middle = altered.len() / 2;
        altered[middle] ^= 0x20;
        let verdict = verify_pdf(&app, altered).await;
        assert_eq!(verdict["valid"], false);
        assert!(
            codes(&verdict).contains(&"pdf_altered".to_owned())
                || codes(&verdict).contains(&"not_a_certificate".to_owned()),
            "{verdict}"
        );

        // One changed character in the QR text.
        let mut chars: Vec<char> = qr.chars().collect();
        let at = chars.len() / 2;
        chars[at] = if chars[at] == '7' { '8' } else { '7' };
        let altered: String = chars.into_iter().collect();
        let (_, verdict) = verify_json(&app, &json!({"qr_payload": altered})).await;
        assert_eq!(verdict["valid"], false);
        assert_eq!(codes(&verdict), ["qr_altered"], "{verdict}");
        assert_eq!(
            verdict["child"],
            Value::Null,
            "nothing of an altered code is shown"
        );
        assert!(
            verdict["problems"][0]["message"]
                .as_str()
                .unwrap()
                .contains("QR-Code")
        );

        // By the short code and the child's date of birth, as a checker without a scanner.
        let (status, verdict) = verify_json(
            &app,
            &json!({"certificate_number": number, "child_birth_date": "2020-05-04"}),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(verdict["valid"], true, "{verdict}");
        assert_eq!(verdict["child"]["given_names"], "Charlotte");
        let (_, verdict) = verify_json(
            &app,
            &json!({"certificate_number": number, "child_birth_date": "2020-05-05"}),
        )
        .await;
        assert_eq!(
            codes(&verdict),
            ["not_issued"],
            "a wrong date reveals nothing"
        );
        assert_eq!(verdict["child"], Value::Null);

        // Revoked by the issuing office: the seal is fine, the certificate is not.
        let number = CertificateNumber::parse(&number).unwrap();
        app.store
            .revoke_certificate(
                &store::Actor::system("test"),
                time::OffsetDateTime::now_utc(),
                &number,
                "Angaben erschlichen",
            )
            .await
            .unwrap();
        let (_, verdict) = verify_json(&app, &json!({"qr_payload": qr})).await;
        assert_eq!(verdict["valid"], false);
        assert_eq!(codes(&verdict), ["revoked"], "{verdict}");

        // Operators see the checks by result.
        let metrics = app.get("/metrics", None).await.text().await.unwrap();
        assert!(
            metrics.contains("sorgeregister_certificate_checks_total{result=\"genuine\"} 3"),
            "{metrics}"
        );
        assert!(metrics.contains("sorgeregister_certificate_checks_total{result=\"revoked\"} 1"));
        app
    })
    .await;
}

#[tokio::test]
async fn bad_check_requests_are_problems() {
    each_backend(|app| async move {
        let (status, body) = verify_json(&app, &json!({"qr_payload": ""})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(body["errors"][0]["field"], "qr_payload");
        let long = "A".repeat(5000);
        let (status, _) = verify_json(&app, &json!({"qr_payload": long})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let (status, body) = verify_json(
            &app,
            &json!({"certificate_number": "NB-1", "child_birth_date": "2020-13-01"}),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            crate::support::fields(&body),
            ["certificate_number", "child_birth_date"]
        );
        let (status, body) =
            verify_json(&app, &json!({"certificate_number": "NB-2026-1RRN-6MCK-S"})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(crate::support::fields(&body), ["child_birth_date"]);
        let (status, _) = verify_json(&app, &json!({"qr": "x"})).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "unknown field");
        let response = app
            .http
            .post(format!("{}/api/v1/certificates/verify", app.url))
            .header("content-type", "text/plain")
            .body("NB1:...")
            .send()
            .await
            .unwrap();
        problem(response, StatusCode::UNSUPPORTED_MEDIA_TYPE).await;
        let response = app
            .http
            .post(format!("{}/api/v1/certificates/verify", app.url))
            .header("content-type", "application/pdf")
            .body(vec![b'%'; certificate::MAX_PDF_BYTES + 1])
            .send()
            .await
            .unwrap();
        problem(response, StatusCode::PAYLOAD_TOO_LARGE).await;
        // Not a PDF at all, and plain garbage QR text: answered, not genuine.
        let verdict = verify_pdf(&app, b"%PDF-1.7 nothing".to_vec()).await;
        assert_eq!(codes(&verdict), ["not_a_certificate"]);
        let (_, verdict) = verify_json(&app, &json!({"qr_payload": "HC1:ABC"})).await;
        assert_eq!(codes(&verdict), ["not_a_certificate"]);
        app
    })
    .await;
}

#[tokio::test]
async fn the_trust_list_is_public_signed_and_names_the_seal_keys() {
    each_backend(|app| async move {
        sophias_certificate(&app).await;
        let response = app.get("/api/v1/trust-list", None).await;
        assert_eq!(response.status(), StatusCode::OK);
        let text = response.text().await.unwrap();
        let list = SignedTrustList::from_json(&text)
            .unwrap()
            .verify(None)
            .unwrap();
        let ids: Vec<&str> = list.keys().iter().map(|k| k.key_id.as_str()).collect();
        assert_eq!(
            ids,
            ["ja-04011.1"],
            "Bremen's key, made at its first certificate"
        );
        assert_eq!(list.keys()[0].office_name, "Jugendamt Bremen");
        app
    })
    .await;
}

#[tokio::test]
async fn checks_are_rate_limited_per_address() {
    let app = crate::support::spawn("sqlite").await;
    let mut last = None;
    for _ in 0..31 {
        let response = app
            .http
            .post(format!("{}/api/v1/certificates/verify", app.url))
            .header("content-type", "text/plain")
            .body("x")
            .send()
            .await
            .unwrap();
        last = Some(response);
    }
    let response = last.unwrap();
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry), "{retry}");
    problem(response, StatusCode::TOO_MANY_REQUESTS).await;
    app.stop().await;
}
