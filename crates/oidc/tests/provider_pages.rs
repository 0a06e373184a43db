//! The test provider's authorization endpoint as a browser sees it: the choice page, its
//! headers, and the refusals of bad requests.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers outside #[test] fns

mod support;

use oidc::Client;
use support::*;

#[tokio::test]
async fn choice_page_is_marked_as_test_and_locked_down() {
    let idp = spawn(None).await;
    let client = Client::discover(config(&idp.issuer)).await.unwrap();
    let (url, _) = client.begin();
    let page = browser().get(&url).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let csp = page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        csp.starts_with(
            "default-src 'none'; style-src 'unsafe-inline'; form-action 'self' http://127.0.0.1:9"
        ),
        "{csp}"
    );
    let html = page.text().await.unwrap();
    assert!(html.starts_with("<!doctype html>\n<html lang=\"de\">"));
    assert!(html.contains("<main>") && html.contains("<h1>"));
    assert!(
        html.contains("Test-Identitätsanbieter – nur für Demo und Tests, keine echte Anmeldung")
    );
    assert!(html.contains(
        "Sophia Berger, Bremen – Negativbescheinigung (Charlotte, 04.05.2020, Cuxhaven)</button>"
    ));
    assert!(html.contains(">Abbrechen</button>"));
    assert!(!html.contains("<script"));
    assert_eq!(html.matches("<form method=\"post\"").count(), 6);
}

#[tokio::test]
async fn cancel_returns_access_denied() {
    let idp = spawn(None).await;
    let client = Client::discover(config(&idp.issuer)).await.unwrap();
    let (url, pending) = client.begin();
    let pairs = choose(&idp.issuer, &url, None).await;
    assert_eq!(get(&pairs, "error"), Some("access_denied"));
    assert_eq!(get(&pairs, "state"), Some(pending.state.as_str()));
    assert_eq!(get(&pairs, "code"), None);
}

#[tokio::test]
async fn unregistered_redirect_uri_gets_a_page_not_a_redirect() {
    let idp = spawn(None).await;
    let client = Client::discover(config(&idp.issuer)).await.unwrap();
    let (url, _) = client.begin();
    let evil = url.replace(
        &url::form_urlencoded::byte_serialize(REDIRECT.as_bytes()).collect::<String>(),
        "http%3A%2F%2F127.0.0.1%3A9%2Fanderswo",
    );
    assert_ne!(evil, url);
    let page = browser().get(&evil).send().await.unwrap();
    assert_eq!(page.status(), 400);
    assert!(page.headers().get("location").is_none());
}

#[tokio::test]
async fn plain_pkce_and_missing_challenge_are_refused() {
    let idp = spawn(None).await;
    let client = Client::discover(config(&idp.issuer)).await.unwrap();
    let (url, _) = client.begin();
    for bad in [
        url.replace("code_challenge_method=S256", "code_challenge_method=plain"),
        url.replace("code_challenge=", "x="),
        url.replace("response_type=code", "response_type=token"),
    ] {
        assert_ne!(bad, url);
        let answer = browser().get(&bad).send().await.unwrap();
        assert_eq!(answer.status(), 303);
        let location = answer.headers()["location"].to_str().unwrap();
        assert!(
            location.starts_with(REDIRECT) && location.contains("error="),
            "{location}"
        );
        assert!(!location.contains("code="));
    }
}
