//! The relying party against a real, independent OpenID provider: panva's `oidc-provider` from
//! `tests/oidc-provider/` (node). Skips with a message when node or that folder's `node_modules`
//! is missing; CI installs them (`.ci/run`).

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers outside #[test] fns

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use oidc::{Client, OidcError, ProviderConfig, TokenRejection};
use sha2::{Digest, Sha256};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

const CLIENT_ID: &str = "sorgeregister-portal";
const SECRET: &str = "ein langes Geheimnis/mit:Zeichen";
const REDIRECT: &str = "http://127.0.0.1:9/anmelden/rueckkehr";

fn provider_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/oidc-provider")
}

/// Why the test cannot run here, if it cannot.
async fn missing_prerequisite() -> Option<String> {
    let node = Command::new("node")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .await;
    if !node.is_ok_and(|s| s.success()) {
        return Some("node is not installed".to_owned());
    }
    let module = provider_dir().join("node_modules/oidc-provider/package.json");
    if !module.exists() {
        return Some(format!(
            "{} is missing (run `npm ci` in tests/oidc-provider)",
            module.display()
        ));
    }
    None
}

/// Starts `node provider.mjs 0` and waits for its `READY <port>` line.
async fn start(alg: &str) -> (Child, String) {
    let mut child = Command::new("node")
        .arg("provider.mjs")
        .arg("0")
        .current_dir(provider_dir())
        .env("OIDC_CLIENT_ID", CLIENT_ID)
        .env("OIDC_CLIENT_SECRET", SECRET)
        .env("OIDC_REDIRECT_URI", REDIRECT)
        .env("OIDC_ID_TOKEN_ALG", alg)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let port = tokio::time::timeout(Duration::from_secs(30), async {
        while let Some(line) = lines.next_line().await.unwrap() {
            if let Some(port) = line.strip_prefix("READY ") {
                return port.trim().to_owned();
            }
        }
        panic!("oidc-provider exited before READY");
    })
    .await
    .expect("oidc-provider did not become ready within 30 s");
    // Keep reading: node dies of EPIPE when it logs to a closed pipe.
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    (child, format!("http://127.0.0.1:{port}"))
}

/// A minimal browser: follows redirects by hand, keeping the provider's cookies, until the
/// provider sends it to our redirect URI; returns that URL's query.
async fn browse(start: &str) -> BTreeMap<String, String> {
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let mut cookies: BTreeMap<String, String> = BTreeMap::new();
    let mut url = url::Url::parse(start).unwrap();
    for _ in 0..10 {
        let cookie_header = cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ");
        let mut request = http.get(url.clone());
        if !cookie_header.is_empty() {
            request = request.header("cookie", cookie_header);
        }
        let response = request.send().await.unwrap();
        for set in response.headers().get_all("set-cookie") {
            let set = set.to_str().unwrap();
            let pair = set.split(';').next().unwrap();
            let (name, value) = pair.split_once('=').unwrap();
            let lower = set.to_ascii_lowercase();
            if value.is_empty()
                || lower.contains("expires=thu, 01 jan 1970")
                || lower.contains("max-age=0")
            {
                cookies.remove(name.trim());
            } else {
                cookies.insert(name.trim().to_owned(), value.trim().to_owned());
            }
        }
        let status = response.status();
        assert!(
            status.is_redirection(),
            "provider answered {status} at {url}: {}",
            response.text().await.unwrap_or_default()
        );
        let location = response.headers()["location"].to_str().unwrap();
        url = url.join(location).unwrap();
        if url.as_str().starts_with(REDIRECT) {
            return url.query_pairs().into_owned().collect();
        }
    }
    panic!("too many redirects");
}

fn config(issuer: &str) -> ProviderConfig {
    let mut config = ProviderConfig::new(issuer, CLIENT_ID, Some(SECRET.to_owned()), REDIRECT);
    config.request_acr = Some("substantial".to_owned());
    config
}

#[tokio::test]
async fn login_at_panva_oidc_provider() {
    if let Some(why) = missing_prerequisite().await {
        eprintln!("skipped: real OIDC provider test: {why}");
        return;
    }
    let (_node, issuer) = start("ES256").await;
    let client = Client::discover(config(&issuer)).await.unwrap();
    let (url, pending) = client.begin();
    let query = browse(&url).await;
    assert_eq!(query.get("state"), Some(&pending.state));
    assert_eq!(query.get("iss"), Some(&issuer));
    let code = query.get("code").expect("no code in the redirect");

    let identity = client.finish(code, &pending).await.unwrap();
    let expected_subject: String = Sha256::digest(format!("{issuer}\nbuerger-4711"))
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(identity.subject, expected_subject);
    assert_eq!(identity.given_names, "Sophia");
    assert_eq!(identity.family_name, "Berger");
    assert_eq!(identity.birth_name.as_deref(), Some("Krause"));
    assert_eq!(identity.birth_date.as_deref(), Some("1993-02-17"));
    assert_eq!(identity.street.as_deref(), Some("Am Markt 1"));
    assert_eq!(identity.postal_code.as_deref(), Some("28195"));
    assert_eq!(identity.locality.as_deref(), Some("Bremen"));
    assert_eq!(identity.assurance, "substantial");

    // The real provider, too, refuses a second use of the code.
    let err = client.finish(code, &pending).await.unwrap_err();
    assert!(
        matches!(&err, OidcError::Refused { error, .. } if error == "invalid_grant"),
        "{err}"
    );

    // And a wrong verifier on a fresh code.
    let (url, mut pending) = client.begin();
    let query = browse(&url).await;
    pending.verifier = client.begin().1.verifier;
    let err = client.finish(&query["code"], &pending).await.unwrap_err();
    assert!(
        matches!(&err, OidcError::Refused { error, .. } if error == "invalid_grant"),
        "{err}"
    );
}

#[tokio::test]
async fn rs256_id_tokens_are_refused() {
    if let Some(why) = missing_prerequisite().await {
        eprintln!("skipped: real OIDC provider test: {why}");
        return;
    }
    let (_node, issuer) = start("RS256").await;
    // The provider offers ES256 and RS256 and signs this client's ID tokens with RS256, which we
    // do not support: the login must fail on the algorithm, not on anything later.
    let client = Client::discover(config(&issuer)).await.unwrap();
    let (url, pending) = client.begin();
    let query = browse(&url).await;
    let err = client.finish(&query["code"], &pending).await.unwrap_err();
    assert!(
        matches!(err, OidcError::TokenRejected(TokenRejection::Algorithm)),
        "{err}"
    );
}
