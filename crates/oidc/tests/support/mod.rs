//! Shared by the integration tests: the test provider on a loopback port, and a "browser" made of
//! reqwest that walks the choice page.

#![allow(dead_code)]

use oidc::test_provider::{Misbehaviour, TestClient, TestProvider, demo_citizens};
use oidc::{Client, Pending, ProviderConfig};

pub const CLIENT_ID: &str = "sorgeregister-portal";
pub const SECRET: &str = "geheimnis:mit&sonderzeichen";
pub const REDIRECT: &str = "http://127.0.0.1:9/anmelden/rueckkehr";

pub struct Running {
    pub issuer: String,
    pub provider: TestProvider,
}

/// Starts the demo citizens' provider nested at `/test-idp` on 127.0.0.1:0.
pub async fn spawn(misbehaviour: Option<Misbehaviour>) -> Running {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let issuer = format!("http://127.0.0.1:{port}/test-idp");
    let clients = vec![
        TestClient {
            client_id: CLIENT_ID.to_owned(),
            client_secret: Some(SECRET.to_owned()),
            redirect_uris: vec![REDIRECT.to_owned()],
        },
        TestClient {
            client_id: "oeffentlich".to_owned(),
            client_secret: None,
            redirect_uris: vec![REDIRECT.to_owned()],
        },
    ];
    let mut provider = TestProvider::new(issuer.clone(), clients, demo_citizens());
    if let Some(m) = misbehaviour {
        provider = provider.with_misbehaviour(m);
    }
    let app = axum::Router::new().nest("/test-idp", provider.router());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    Running { issuer, provider }
}

pub fn config(issuer: &str) -> ProviderConfig {
    ProviderConfig::new(issuer, CLIENT_ID, Some(SECRET.to_owned()), REDIRECT)
}

pub fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// The fields of the page's form whose hidden `citizen`/`cancel` input is `marker`.
pub fn form_fields(html: &str, marker: &str) -> Vec<(String, String)> {
    let form = html
        .split("<form")
        .find(|f| f.contains(marker))
        .unwrap_or_else(|| panic!("no form with {marker}"));
    let form = &form[..form.find("</form>").unwrap()];
    form.split("<input")
        .skip(1)
        .map(|input| (attr(input, "name"), unescape(&attr(input, "value"))))
        .collect()
}

fn attr(tag: &str, name: &str) -> String {
    let start = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
    let len = tag[start..].find('"').unwrap();
    tag[start..start + len].to_owned()
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Opens `url`, chooses the citizen at `index` (or cancels with `None`), and returns the
/// redirect's query parameters.
pub async fn choose(issuer: &str, url: &str, index: Option<usize>) -> Vec<(String, String)> {
    let browser = browser();
    let page = browser.get(url).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    let marker = match index {
        Some(i) => format!("name=\"citizen\" value=\"{i}\""),
        None => "name=\"cancel\"".to_owned(),
    };
    let fields = form_fields(&html, &marker);
    let answer = browser
        .post(format!("{issuer}/authorize"))
        .form(&fields)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 303);
    let location = answer.headers()["location"].to_str().unwrap();
    assert!(location.starts_with(REDIRECT), "{location}");
    url::Url::parse(location)
        .unwrap()
        .query_pairs()
        .into_owned()
        .collect()
}

pub fn get<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// Discovery, begin, the browser's choice: the code and the pending login.
pub async fn login(issuer: &str, client: &Client, index: usize) -> (String, Pending) {
    let (url, pending) = client.begin();
    let pairs = choose(issuer, &url, Some(index)).await;
    assert_eq!(get(&pairs, "state"), Some(pending.state.as_str()));
    assert_eq!(get(&pairs, "iss"), Some(issuer));
    (get(&pairs, "code").unwrap().to_owned(), pending)
}
