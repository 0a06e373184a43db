//! Logging in to the portal with the citizen account, over real HTTP: the platform with its
//! built-in test identity provider (OpenID Connect, code flow with PKCE), driven the way a
//! browser would — redirects followed by hand, cookies kept per site — and each way a login
//! must fail: a refused assurance level, a cancelled login, a replayed or foreign answer, an
//! open redirect, a forged logout.

use std::collections::BTreeMap;

use reqwest::StatusCode;
use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};

use crate::support::{TestApp, each_backend, each_backend_configured};

/// A browser: follows nothing by itself, keeps the cookies it is given.
struct Browser {
    http: reqwest::Client,
    cookies: BTreeMap<String, String>,
}

/// What came back: status, where it points, its body, and the raw `Set-Cookie` lines.
struct Answer {
    status: StatusCode,
    location: Option<String>,
    set_cookies: Vec<String>,
    body: String,
}

impl Browser {
    fn new() -> Browser {
        Browser {
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            cookies: BTreeMap::new(),
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(name, value)| format!("{name}={value}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    async fn send(&mut self, request: reqwest::RequestBuilder) -> Answer {
        let response = request
            .header(COOKIE, self.cookie_header())
            .send()
            .await
            .unwrap();
        let status = response.status();
        let location = response
            .headers()
            .get(LOCATION)
            .map(|v| v.to_str().unwrap().to_owned());
        let set_cookies: Vec<String> = response
            .headers()
            .get_all(SET_COOKIE)
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect();
        for line in &set_cookies {
            let pair = line.split(';').next().unwrap();
            let (name, value) = pair.split_once('=').unwrap();
            if line.contains("Max-Age=0") {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_owned(), value.to_owned());
            }
        }
        let body = response.text().await.unwrap();
        Answer {
            status,
            location,
            set_cookies,
            body,
        }
    }

    async fn get(&mut self, url: &str) -> Answer {
        let request = self.http.get(url);
        self.send(request).await
    }

    async fn post(&mut self, url: &str, fields: &[(String, String)]) -> Answer {
        let request = self.http.post(url).form(fields);
        self.send(request).await
    }
}

/// The hidden fields of the test provider's form whose button names `who`.
fn choice(page: &str, who: &str) -> Vec<(String, String)> {
    let form = page
        .split("<form")
        .find(|form| form.contains(who))
        .unwrap_or_else(|| panic!("no form for {who}: {page}"));
    let mut fields = Vec::new();
    for input in form.split("<input").skip(1) {
        let attribute = |name: &str| {
            let start = input.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
            let end = start + input[start..].find('"').unwrap();
            input[start..end].replace("&amp;", "&")
        };
        fields.push((attribute("name"), attribute("value")));
    }
    fields
}

/// Starts a login that should come back to `next`, and goes as far as the provider's answer:
/// the URL of our callback with the code and state.
async fn to_provider_answer(app: &TestApp, browser: &mut Browser, next: &str, who: &str) -> String {
    let start = browser
        .get(&format!("{}/anmelden/start?weiter={next}", app.url))
        .await;
    assert_eq!(start.status, StatusCode::SEE_OTHER, "{}", start.body);
    let authorize = start.location.unwrap();
    assert!(
        authorize.starts_with(&format!("{}/test-idp/authorize?", app.url)),
        "{authorize}"
    );
    assert!(authorize.contains("code_challenge_method=S256"), "PKCE");
    let page = browser.get(&authorize).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("nur für Demo und Tests"),
        "marked as a test"
    );
    let chosen = browser
        .post(
            &format!("{}/test-idp/authorize", app.url),
            &choice(&page.body, who),
        )
        .await;
    assert_eq!(chosen.status, StatusCode::SEE_OTHER, "{}", chosen.body);
    let answer = chosen.location.unwrap();
    assert!(
        answer.starts_with(&format!("{}/anmelden/rueckkehr?", app.url)),
        "{answer}"
    );
    answer
}

fn with_test_provider(config: &mut sorgeregister::config::Config) {
    config.portal.test_identity_provider = true;
}

#[tokio::test]
async fn sophia_logs_in_with_her_citizen_account_and_out_again() {
    each_backend_configured(with_test_provider, |app| async move {
        let mut browser = Browser::new();
        // Her applications need a login, which brings her back afterwards.
        let mine = browser.get(&format!("{}/antraege", app.url)).await;
        assert_eq!(mine.status, StatusCode::SEE_OTHER);
        assert_eq!(
            mine.location.as_deref(),
            Some("/anmelden?weiter=/antraege&lang=de")
        );
        let login = browser
            .get(&format!("{}/anmelden?weiter=/antraege", app.url))
            .await;
        assert_eq!(login.status, StatusCode::OK);
        assert!(login.body.contains("Ihr Geburtsdatum"), "says what is sent");
        assert!(login.body.contains("Test-Anbieter"), "says it is a demo");
        assert!(
            login
                .body
                .contains("href=\"/anmelden/start?weiter=/antraege&amp;lang=de\""),
            "{}",
            login.body
        );

        let answer = to_provider_answer(&app, &mut browser, "/antraege", "Sophia Berger").await;
        let back = browser.get(&answer).await;
        assert_eq!(back.status, StatusCode::SEE_OTHER, "{}", back.body);
        assert_eq!(back.location.as_deref(), Some("/antraege?lang=de"));
        let session = back
            .set_cookies
            .iter()
            .find(|c| c.starts_with("sr_buerger="))
            .expect("session cookie");
        assert!(
            session.ends_with("; Path=/; HttpOnly; SameSite=Lax"),
            "{session}"
        );
        assert!(
            back.set_cookies
                .iter()
                .any(|c| c.starts_with("sr_anmeldung=;") && c.contains("Max-Age=0")),
            "the login's binding cookie is removed"
        );

        let mine = browser.get(&format!("{}/antraege", app.url)).await;
        assert_eq!(mine.status, StatusCode::OK);
        assert!(mine.body.contains("Angemeldet als Sophia Berger"));
        // The form is prefilled from her account.
        let form = browser.get(&format!("{}/antrag", app.url)).await;
        assert!(form.body.contains("17.02.1993"), "{}", form.body);
        assert!(form.body.contains("Am Markt 1"), "{}", form.body);

        // The logout needs the session's CSRF token.
        let forged = browser
            .post(
                &format!("{}/abmelden", app.url),
                &[("csrf".to_owned(), "guessed".to_owned())],
            )
            .await;
        assert_eq!(forged.status, StatusCode::FORBIDDEN);
        let still = browser.get(&format!("{}/antraege", app.url)).await;
        assert_eq!(
            still.status,
            StatusCode::OK,
            "a refused logout ends nothing"
        );
        let csrf = {
            let start = still.body.find("name=\"csrf\" value=\"").unwrap() + 19;
            let end = start + still.body[start..].find('"').unwrap();
            still.body[start..end].to_owned()
        };
        let out = browser
            .post(
                &format!("{}/abmelden", app.url),
                &[("csrf".to_owned(), csrf)],
            )
            .await;
        assert_eq!(out.status, StatusCode::OK);
        assert!(out.body.contains("Sie sind abgemeldet"));
        assert!(
            !browser.cookies.contains_key("sr_buerger"),
            "cookie removed"
        );
        let after = browser.get(&format!("{}/antraege", app.url)).await;
        assert_eq!(after.status, StatusCode::SEE_OTHER, "the session is over");
        app
    })
    .await;
}

#[tokio::test]
async fn a_provider_answer_counts_once_and_only_in_the_browser_that_began_the_login() {
    each_backend_configured(with_test_provider, |app| async move {
        let mut browser = Browser::new();
        let answer = to_provider_answer(&app, &mut browser, "/antrag", "Sophia Berger").await;

        // Another browser (without the binding cookie) cannot finish it, and the attempt uses
        // the state up.
        let mut other = Browser::new();
        let stolen = other.get(&answer).await;
        assert_eq!(stolen.status, StatusCode::BAD_REQUEST);
        assert!(
            stolen
                .body
                .contains("abgelaufen oder wurde in einem anderen Browser")
        );
        assert!(!other.cookies.contains_key("sr_buerger"));
        let late = browser.get(&answer).await;
        assert_eq!(late.status, StatusCode::BAD_REQUEST, "state already used");

        // A fresh login works, once.
        let answer = to_provider_answer(&app, &mut browser, "/antrag", "Sophia Berger").await;
        assert_eq!(browser.get(&answer).await.status, StatusCode::SEE_OTHER);
        let replay = browser.get(&answer).await;
        assert_eq!(replay.status, StatusCode::BAD_REQUEST, "replayed answer");
        // A made-up state is no better.
        let made_up = browser
            .get(&format!(
                "{}/anmelden/rueckkehr?code=x&state=invented",
                app.url
            ))
            .await;
        assert_eq!(made_up.status, StatusCode::BAD_REQUEST);
        app
    })
    .await;
}

#[tokio::test]
async fn a_weak_login_is_refused_and_a_cancelled_one_stores_nothing() {
    each_backend_configured(with_test_provider, |app| async move {
        let mut browser = Browser::new();
        let answer = to_provider_answer(&app, &mut browser, "/antrag", "Test Niedrig").await;
        let refused = browser.get(&answer).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        assert!(
            refused.body.contains("nicht sicher genug"),
            "{}",
            refused.body
        );
        assert!(!browser.cookies.contains_key("sr_buerger"));

        // "Abbrechen" at the provider.
        let start = browser
            .get(&format!("{}/anmelden/start?weiter=/antrag", app.url))
            .await;
        let page = browser.get(start.location.as_deref().unwrap()).await;
        let cancel = page
            .body
            .split("<form")
            .find(|f| f.contains("Abbrechen"))
            .expect("a cancel form");
        let mut fields = Vec::new();
        for input in cancel.split("<input").skip(1) {
            let value_of = |name: &str| {
                let start = input.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
                let end = start + input[start..].find('"').unwrap();
                input[start..end].replace("&amp;", "&")
            };
            fields.push((value_of("name"), value_of("value")));
        }
        let back = browser
            .post(&format!("{}/test-idp/authorize", app.url), &fields)
            .await;
        let location = back.location.expect("back to us");
        assert!(location.contains("error=access_denied"), "{location}");
        let cancelled = browser.get(&location).await;
        assert_eq!(cancelled.status, StatusCode::OK);
        assert!(cancelled.body.contains("abgebrochen"), "{}", cancelled.body);
        assert!(!browser.cookies.contains_key("sr_buerger"));
        app
    })
    .await;
}

#[tokio::test]
async fn a_return_path_never_leads_off_the_site() {
    each_backend_configured(with_test_provider, |app| async move {
        let mut browser = Browser::new();
        let answer = to_provider_answer(
            &app,
            &mut browser,
            "https%3A%2F%2Fevil.example%2F",
            "Sophia Berger",
        )
        .await;
        let back = browser.get(&answer).await;
        assert_eq!(back.location.as_deref(), Some("/antrag?lang=de"));
        app
    })
    .await;
}

#[tokio::test]
async fn forms_posted_from_another_site_are_refused() {
    each_backend_configured(with_test_provider, |app| async move {
        let response = app
            .http
            .post(format!("{}/abmelden", app.url))
            .header("sec-fetch-site", "cross-site")
            .form(&[("csrf", "x")])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        let response = app
            .http
            .post(format!("{}/vorpruefung", app.url))
            .header("sec-fetch-site", "same-site")
            .form(&[("mother", "yes")])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        app
    })
    .await;
}

#[tokio::test]
async fn without_a_configured_provider_the_login_page_says_so() {
    each_backend(|app| async move {
        let mut browser = Browser::new();
        let page = browser.get(&format!("{}/anmelden", app.url)).await;
        assert_eq!(page.status, StatusCode::SERVICE_UNAVAILABLE);
        assert!(page.body.contains("nicht eingerichtet"), "{}", page.body);
        let start = browser.get(&format!("{}/anmelden/start", app.url)).await;
        assert_eq!(start.status, StatusCode::SERVICE_UNAVAILABLE);
        // And the test provider is not there.
        let idp = browser
            .get(&format!(
                "{}/test-idp/.well-known/openid-configuration",
                app.url
            ))
            .await;
        assert_eq!(idp.status, StatusCode::NOT_FOUND);
        app
    })
    .await;
}
