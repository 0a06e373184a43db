//! The relying party against the built-in test provider over real HTTP on loopback: the whole
//! code flow, and each way a login must be refused.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers outside #[test] fns

mod support;

use oidc::test_provider::Misbehaviour;
use oidc::test_provider::demo_citizens;
use oidc::{Client, Endpoint, OidcError, ProviderConfig, TokenRejection};
use sha2::{Digest, Sha256};
use support::*;

#[tokio::test]
async fn sophia_logs_in_with_confidential_client() {
    let idp = spawn(None).await;
    let client = Client::discover(config(&idp.issuer)).await.unwrap();
    assert_eq!(client.issuer(), idp.issuer);
    let (code, pending) = login(&idp.issuer, &client, 0).await;
    let identity = client.finish(&code, &pending).await.unwrap();

    let expected_subject: String = Sha256::digest(format!("{}\ndemo-sophia-berger", idp.issuer))
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(identity.subject, expected_subject);
    assert_eq!(identity.given_names, "Sophia");
    assert_eq!(identity.family_name, "Berger");
    assert_eq!(identity.birth_name, None);
    assert_eq!(identity.birth_date.as_deref(), Some("1993-02-17"));
    // The address comes only from userinfo.
    assert_eq!(identity.street.as_deref(), Some("Am Markt 1"));
    assert_eq!(identity.postal_code.as_deref(), Some("28195"));
    assert_eq!(identity.locality.as_deref(), Some("Bremen"));
    assert_eq!(identity.assurance, "substantial");
}

#[tokio::test]
async fn public_client_logs_in_with_pkce_only() {
    let idp = spawn(None).await;
    let config = ProviderConfig::new(&idp.issuer, "oeffentlich", None, REDIRECT);
    let client = Client::discover(config).await.unwrap();
    let (code, pending) = login(&idp.issuer, &client, 1).await;
    let identity = client.finish(&code, &pending).await.unwrap();
    assert_eq!(identity.given_names, "Marie");
    assert_eq!(identity.street.as_deref(), Some("Sögestraße 12"));
}

#[tokio::test]
async fn authorization_url_carries_pkce_nonce_and_acr() {
    let idp = spawn(None).await;
    let mut config = config(&idp.issuer);
    config.request_acr = Some("substantial".to_owned());
    let client = Client::discover(config).await.unwrap();
    let (url, pending) = client.begin();
    let (_, second) = client.begin();
    assert_ne!(pending, second);
    assert!((43..=128).contains(&pending.verifier.len()));
    let url = url::Url::parse(&url).unwrap();
    let q: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    assert_eq!(url.path(), "/test-idp/authorize");
    assert_eq!(get(&q, "code_challenge_method"), Some("S256"));
    assert_eq!(get(&q, "nonce"), Some(pending.nonce.as_str()));
    assert_eq!(get(&q, "state"), Some(pending.state.as_str()));
    assert_eq!(get(&q, "scope"), Some("openid profile address"));
    assert_eq!(get(&q, "acr_values"), Some("substantial"));
    let challenge = get(&q, "code_challenge").unwrap();
    assert_ne!(challenge, pending.verifier);
    assert_eq!(challenge.len(), 43);
}

#[tokio::test]
async fn low_assurance_citizen_is_refused() {
    let idp = spawn(None).await;
    let client = Client::discover(config(&idp.issuer)).await.unwrap();
    let low = demo_citizens()
        .iter()
        .position(|c| c.acr == "low")
        .expect("a low-assurance demo citizen");
    let (code, pending) = login(&idp.issuer, &client, low).await;
    let err = client.finish(&code, &pending).await.unwrap_err();
    assert!(
        matches!(&err, OidcError::AssuranceTooLow { acr } if acr == "low"),
        "{err}"
    );
}

#[tokio::test]
async fn wrong_nonce_is_refused() {
    let idp = spawn(None).await;
    let client = Client::discover(config(&idp.issuer)).await.unwrap();
    let (code, mut pending) = login(&idp.issuer, &client, 0).await;
    pending.nonce = client.begin().1.nonce;
    let err = client.finish(&code, &pending).await.unwrap_err();
    assert!(
        matches!(err, OidcError::TokenRejected(TokenRejection::Nonce)),
        "{err}"
    );
}

#[tokio::test]
async fn code_is_single_use_and_errors_show_no_secrets() {
    let idp = spawn(None).await;
    let client = Client::discover(config(&idp.issuer)).await.unwrap();
    let (code, pending) = login(&idp.issuer, &client, 0).await;
    client.finish(&code, &pending).await.unwrap();
    let err = client.finish(&code, &pending).await.unwrap_err();
    assert!(
        matches!(&err, OidcError::Refused { endpoint: Endpoint::Token, error } if error == "invalid_grant"),
        "{err}"
    );
    let shown = format!("{err} {err:?}");
    assert!(
        !shown.contains(&code) && !shown.contains(&pending.verifier) && !shown.contains(SECRET)
    );
}

#[tokio::test]
async fn wrong_pkce_verifier_is_refused() {
    let idp = spawn(None).await;
    let client = Client::discover(config(&idp.issuer)).await.unwrap();
    let (code, mut pending) = login(&idp.issuer, &client, 0).await;
    pending.verifier = client.begin().1.verifier;
    let err = client.finish(&code, &pending).await.unwrap_err();
    assert!(
        matches!(&err, OidcError::Refused { error, .. } if error == "invalid_grant"),
        "{err}"
    );
}

#[tokio::test]
async fn wrong_client_secret_is_refused() {
    let idp = spawn(None).await;
    let mut config = config(&idp.issuer);
    config.client_secret = Some("falsch".to_owned());
    let client = Client::discover(config).await.unwrap();
    let (code, pending) = login(&idp.issuer, &client, 0).await;
    let err = client.finish(&code, &pending).await.unwrap_err();
    assert!(
        matches!(&err, OidcError::Refused { error, .. } if error == "invalid_client"),
        "{err}"
    );
}

#[tokio::test]
async fn discovery_issuer_must_match_exactly() {
    let idp = spawn(None).await;
    let other_spelling = idp.issuer.replace("127.0.0.1", "localhost");
    let err = Client::discover(config(&other_spelling)).await.unwrap_err();
    assert!(matches!(err, OidcError::IssuerMismatch), "{err}");
    let trailing_slash = format!("{}/", idp.issuer);
    let err = Client::discover(config(&trailing_slash)).await.unwrap_err();
    assert!(matches!(err, OidcError::IssuerMismatch), "{err}");
}

#[tokio::test]
async fn unreachable_provider_and_plain_http_issuer() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let err = Client::discover(config(&format!("http://127.0.0.1:{port}")))
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            OidcError::Unreachable {
                endpoint: Endpoint::Discovery
            }
        ),
        "{err}"
    );
    let err = Client::discover(config("http://idp.example.de"))
        .await
        .unwrap_err();
    assert!(matches!(err, OidcError::Config(_)), "{err}");
}

#[tokio::test]
async fn rotated_key_is_fetched_again() {
    let idp = spawn(None).await;
    let client = Client::discover(config(&idp.issuer)).await.unwrap();
    idp.provider.rotate_key();
    let (code, pending) = login(&idp.issuer, &client, 2).await;
    let identity = client.finish(&code, &pending).await.unwrap();
    assert_eq!(identity.locality.as_deref(), Some("Köln"));
    assert_eq!(identity.postal_code.as_deref(), Some("50667"));
    assert_eq!(identity.birth_date.as_deref(), Some("1991-10-03"));
}

async fn refused_with(misbehaviour: Misbehaviour) -> OidcError {
    let idp = spawn(Some(misbehaviour)).await;
    let client = Client::discover(config(&idp.issuer)).await.unwrap();
    let (code, pending) = login(&idp.issuer, &client, 0).await;
    client.finish(&code, &pending).await.unwrap_err()
}

#[tokio::test]
async fn misbehaving_provider_tokens_are_rejected() {
    use TokenRejection::*;
    let cases = [
        (Misbehaviour::WrongAudience, Audience),
        (Misbehaviour::WrongIssuer, Issuer),
        (Misbehaviour::Expired, Expired),
        (Misbehaviour::BadSignature, Signature),
        (Misbehaviour::AlgNone, Algorithm),
        (Misbehaviour::AlgHs256, Algorithm),
        (Misbehaviour::UnknownKey, UnknownKey),
        (Misbehaviour::UserinfoOtherSubject, SubjectMismatch),
    ];
    for (misbehaviour, reason) in cases {
        let err = refused_with(misbehaviour).await;
        assert!(
            matches!(err, OidcError::TokenRejected(r) if r == reason),
            "{misbehaviour:?}: {err}"
        );
    }
    let err = refused_with(Misbehaviour::LowAcr).await;
    assert!(matches!(err, OidcError::AssuranceTooLow { .. }), "{err}");
}

#[tokio::test]
async fn oversized_provider_answers_are_refused() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let issuer = format!("http://{}", listener.local_addr().unwrap());
    let huge = format!(
        "{{\"issuer\":\"{issuer}\",\"padding\":\"{}\"}}",
        "x".repeat(70 * 1024)
    );
    let app = axum::Router::new().route(
        "/.well-known/openid-configuration",
        axum::routing::get(move || async move { huge }),
    );
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let err = Client::discover(config(&issuer)).await.unwrap_err();
    assert!(
        matches!(
            err,
            OidcError::BadResponse {
                endpoint: Endpoint::Discovery,
                reason: "response body too large"
            }
        ),
        "{err}"
    );
}
