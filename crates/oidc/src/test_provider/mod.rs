//! A small OpenID provider for the demo and tests only: no passwords, the browser picks one of
//! the configured test citizens. It issues real ES256 ID tokens, enforces PKCE (S256), exact
//! redirect URIs and single-use codes, so the relying party is tested against the real protocol.
//! It must never be enabled outside demo or test configuration.
//!
//! `mod.rs` owns the provider's state, discovery document and JWKS; [`pages`] the authorization
//! endpoint and its HTML; [`token`] the token and userinfo endpoints.

mod citizens;
mod pages;
mod token;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::routing::get;
use p256::ecdsa::SigningKey;
use p256::elliptic_curve::Generate;
use serde_json::{Value, json};

pub use citizens::demo_citizens;

use crate::jwk::{Jwk, JwkSet};
use crate::random;

/// A client registered at the test provider.
#[derive(Clone, Debug)]
pub struct TestClient {
    pub client_id: String,
    /// `None` for a public client (PKCE only, `client_id` in the token request body).
    pub client_secret: Option<String>,
    /// Compared exactly.
    pub redirect_uris: Vec<String>,
}

/// A person who can log in at the test provider.
#[derive(Clone, Debug)]
pub struct TestCitizen {
    pub sub: String,
    pub given_name: String,
    pub family_name: String,
    pub birth_family_name: Option<String>,
    /// `YYYY-MM-DD`.
    pub birthdate: String,
    pub street_address: String,
    pub postal_code: String,
    pub locality: String,
    pub acr: String,
    /// One line on the choice page, e.g. "Sophia Berger, Bremen – Negativbescheinigung".
    pub label: String,
}

/// Ways the provider can be told to misbehave, so that tests see the relying party refuse.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Misbehaviour {
    WrongAudience,
    WrongIssuer,
    Expired,
    BadSignature,
    AlgNone,
    AlgHs256,
    /// Signed with a key that is not in the JWKS.
    UnknownKey,
    LowAcr,
    UserinfoOtherSubject,
}

/// The test provider; [`TestProvider::router`] serves it. Clones share state.
#[derive(Clone)]
pub struct TestProvider {
    state: Arc<ProviderState>,
}

pub(crate) struct ProviderState {
    /// Without a trailing slash.
    issuer: String,
    clients: Vec<TestClient>,
    citizens: Vec<TestCitizen>,
    key: RwLock<(String, SigningKey)>,
    codes: Mutex<HashMap<String, token::Grant>>,
    access_tokens: Mutex<HashMap<String, token::Issued>>,
    misbehaviour: Mutex<Option<Misbehaviour>>,
}

/// Codes and access tokens each kept at most; beyond that the provider refuses new logins.
const MAX_OUTSTANDING: usize = 10_000;

impl TestProvider {
    /// A provider for `issuer` with a fresh P-256 key under a random `kid`.
    ///
    /// # Panics
    /// If the operating system has no randomness.
    pub fn new(
        issuer: String,
        clients: Vec<TestClient>,
        citizens: Vec<TestCitizen>,
    ) -> TestProvider {
        TestProvider {
            state: Arc::new(ProviderState {
                issuer: issuer.trim_end_matches('/').to_owned(),
                clients,
                citizens,
                key: RwLock::new(fresh_key()),
                codes: Mutex::new(HashMap::new()),
                access_tokens: Mutex::new(HashMap::new()),
                misbehaviour: Mutex::new(None),
            }),
        }
    }

    /// The routes, relative to the issuer's path: nest them there.
    pub fn router(&self) -> Router {
        Router::new()
            .route("/.well-known/openid-configuration", get(discovery))
            .route("/jwks", get(jwks))
            .route("/authorize", get(pages::authorize).post(pages::decide))
            .route("/token", axum::routing::post(token::token))
            .route("/userinfo", get(token::userinfo).post(token::userinfo))
            .with_state(self.state.clone())
    }

    /// Tests only: from now on, misbehave in this way.
    #[doc(hidden)]
    pub fn with_misbehaviour(self, misbehaviour: Misbehaviour) -> TestProvider {
        *lock(&self.state.misbehaviour) = Some(misbehaviour);
        self
    }

    /// Tests only: replace the signing key (new `kid`), as a provider's key rotation would.
    #[doc(hidden)]
    pub fn rotate_key(&self) {
        let mut key = self
            .state
            .key
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *key = fresh_key();
    }
}

fn fresh_key() -> (String, SigningKey) {
    let key = match SigningKey::try_generate() {
        Ok(key) => key,
        Err(e) => panic!("the operating system has no randomness: {e}"),
    };
    (random::token(), key)
}

/// Locks ignoring poison: every critical section leaves the data consistent.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl ProviderState {
    fn endpoint(&self, path: &str) -> String {
        format!("{}{path}", self.issuer)
    }

    fn client(&self, client_id: &str) -> Option<&TestClient> {
        self.clients.iter().find(|c| c.client_id == client_id)
    }

    fn misbehaviour(&self) -> Option<Misbehaviour> {
        *lock(&self.misbehaviour)
    }

    fn signing_key(&self) -> (String, SigningKey) {
        self.key
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }
}

async fn discovery(State(state): State<Arc<ProviderState>>) -> Json<Value> {
    let mut acr_values: Vec<&str> = state.citizens.iter().map(|c| c.acr.as_str()).collect();
    acr_values.sort_unstable();
    acr_values.dedup();
    Json(json!({
        "issuer": state.issuer,
        "authorization_endpoint": state.endpoint("/authorize"),
        "token_endpoint": state.endpoint("/token"),
        "userinfo_endpoint": state.endpoint("/userinfo"),
        "jwks_uri": state.endpoint("/jwks"),
        "response_types_supported": ["code"],
        "grant_types_supported": ["authorization_code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["ES256"],
        "code_challenge_methods_supported": ["S256"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "none"],
        "scopes_supported": ["openid", "profile", "address"],
        "claims_supported": ["sub", "given_name", "family_name", "birth_family_name",
                             "birthdate", "address", "acr"],
        "acr_values_supported": acr_values,
        "authorization_response_iss_parameter_supported": true,
    }))
}

async fn jwks(State(state): State<Arc<ProviderState>>) -> Json<JwkSet> {
    let (kid, key) = state.signing_key();
    Json(JwkSet {
        keys: vec![Jwk::from_p256(key.verifying_key(), &kid)],
    })
}
