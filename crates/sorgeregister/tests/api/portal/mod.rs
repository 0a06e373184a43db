//! The citizen portal over real HTTP: the information pages in German, English and Leichte
//! Sprache, and the eligibility pre-check with the demo directory's places.

mod apply;
mod login;
mod pages;
mod precheck;

use reqwest::StatusCode;

use crate::support::TestApp;

/// A portal page as received, after the checks every portal page must pass.
pub struct Page {
    pub status: StatusCode,
    pub html: String,
}

pub async fn page(response: reqwest::Response) -> Page {
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
    assert!(
        headers.get("set-cookie").is_none(),
        "no cookie before login: {headers:?}"
    );
    assert!(html.starts_with("<!doctype html>"), "{html}");
    assert!(!html.to_ascii_lowercase().contains("<script"), "{html}");
    assert_eq!(html.matches("<h1").count(), 1, "one h1 per page: {html}");
    assert!(html.contains("<main id=\"main\""), "{html}");
    assert!(html.contains("href=\"#main\""), "skip link: {html}");
    // No Unicode isolation marks from Fluent in the markup.
    assert!(!html.contains('\u{2068}') && !html.contains('\u{2069}'));
    Page { status, html }
}

pub async fn get(app: &TestApp, path: &str, headers: &[(&str, &str)]) -> Page {
    page(
        app.request(reqwest::Method::GET, path, None, None, headers)
            .await,
    )
    .await
}

pub async fn post_form(app: &TestApp, path: &str, fields: &[(&str, &str)]) -> Page {
    let response = app
        .http
        .post(format!("{}{path}", app.url))
        .form(fields)
        .send()
        .await
        .unwrap();
    page(response).await
}
