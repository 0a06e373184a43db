//! The relying party: discovery, the authorization request, and the code exchange with ID token
//! verification, assurance check and userinfo. It keeps no sessions: the caller stores
//! [`Pending`] between [`Client::begin`] and [`Client::finish`].

use std::fmt;
use std::sync::{Arc, RwLock};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::discovery::{self, Metadata};
use crate::error::{Endpoint, TokenRejection};
use crate::http::{self, bad};
use crate::id_token::{self, Expected};
use crate::jwk::{JwkSet, Keys};
use crate::jws::Unverified;
use crate::{Identity, OidcError, ProviderConfig, claims, pkce, random};

/// What must survive between the redirect to the provider and the return: store it server-side,
/// keyed by `state`, and use it once.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Pending {
    pub state: String,
    pub nonce: String,
    pub verifier: String,
}

/// A relying party for one provider. Cheap to clone; clones share the provider's keys.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    config: ProviderConfig,
    metadata: Metadata,
    http: reqwest::Client,
    keys: RwLock<Keys>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("issuer", &self.inner.config.issuer)
            .field("client_id", &self.inner.config.client_id)
            .finish_non_exhaustive()
    }
}

#[derive(Deserialize)]
struct TokenResponse {
    access_token: String,
    token_type: String,
    #[serde(default)]
    id_token: Option<String>,
}

impl Client {
    /// Fetches `{issuer}/.well-known/openid-configuration` and the JWKS; the discovery document's
    /// issuer must equal `config.issuer` exactly.
    pub async fn discover(config: ProviderConfig) -> Result<Client, OidcError> {
        config.check()?;
        let http = http::client()?;
        let metadata = discovery::fetch(&http, &config).await?;
        let keys = fetch_keys(&http, &metadata).await?;
        Ok(Client {
            inner: Arc::new(Inner {
                config,
                metadata,
                http,
                keys: RwLock::new(keys),
            }),
        })
    }

    pub fn issuer(&self) -> &str {
        &self.inner.config.issuer
    }

    /// A fresh login: random state, nonce and PKCE verifier, and the authorization URL carrying
    /// them (the verifier only as its S256 challenge).
    ///
    /// # Panics
    /// If the operating system has no randomness.
    pub fn begin(&self) -> (String, Pending) {
        let config = &self.inner.config;
        let pending = Pending {
            state: random::token(),
            nonce: random::token(),
            verifier: pkce::verifier(),
        };
        let mut url = self.inner.metadata.authorization_endpoint.clone();
        {
            let mut query = url.query_pairs_mut();
            query
                .append_pair("response_type", "code")
                .append_pair("client_id", &config.client_id)
                .append_pair("redirect_uri", &config.redirect_uri)
                .append_pair("scope", &config.scopes.join(" "))
                .append_pair("state", &pending.state)
                .append_pair("nonce", &pending.nonce)
                .append_pair("code_challenge", &pkce::challenge(&pending.verifier))
                .append_pair("code_challenge_method", "S256");
            if let Some(acr) = &config.request_acr {
                query.append_pair("acr_values", acr);
            }
        }
        (url.into(), pending)
    }

    /// Exchanges `code` for tokens, verifies the ID token, checks the assurance, reads userinfo
    /// and returns the merged identity. `pending` is the one stored under the returned `state`.
    pub async fn finish(&self, code: &str, pending: &Pending) -> Result<Identity, OidcError> {
        let config = &self.inner.config;
        let tokens = self.exchange(code, pending).await?;
        if !tokens.token_type.eq_ignore_ascii_case("bearer") {
            return Err(bad(Endpoint::Token, "token_type is not Bearer"));
        }
        let id_token = tokens
            .id_token
            .as_deref()
            .ok_or(bad(Endpoint::Token, "no id_token"))?;
        let payload = self.verify_signature(id_token).await?;
        let (id_claims, sub) = id_token::validate(
            &payload,
            &Expected {
                issuer: &config.issuer,
                client_id: &config.client_id,
                nonce: &pending.nonce,
                access_token: &tokens.access_token,
                now: time::OffsetDateTime::now_utc().unix_timestamp(),
            },
        )?;
        let assurance = claims::assurance(&id_claims, &config.accepted_acr)?;
        let userinfo = match &self.inner.metadata.userinfo_endpoint {
            Some(endpoint) => Some(self.userinfo(endpoint, &tokens.access_token, &sub).await?),
            None => None,
        };
        claims::identity(
            claims::subject(&config.issuer, &sub),
            assurance,
            &id_claims,
            userinfo.as_ref(),
        )
    }

    async fn exchange(&self, code: &str, pending: &Pending) -> Result<TokenResponse, OidcError> {
        let config = &self.inner.config;
        let mut form = vec![
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", config.redirect_uri.as_str()),
            ("code_verifier", pending.verifier.as_str()),
        ];
        let mut request = self
            .inner
            .http
            .post(self.inner.metadata.token_endpoint.clone());
        match &config.client_secret {
            Some(secret) => {
                request = request.header(
                    reqwest::header::AUTHORIZATION,
                    basic_auth(&config.client_id, secret),
                );
            }
            None => form.push(("client_id", config.client_id.as_str())),
        }
        http::json(request.form(&form), Endpoint::Token).await
    }

    /// Verifies the signature with the cached keys; on an unknown `kid` fetches the JWKS once more
    /// (the provider may have rotated its key).
    async fn verify_signature(&self, token: &str) -> Result<Vec<u8>, OidcError> {
        let unverified = Unverified::parse(token)?;
        let known = !self
            .read_keys()
            .candidates(unverified.kid.as_deref())
            .is_empty();
        if !known {
            let fresh = fetch_keys(&self.inner.http, &self.inner.metadata).await?;
            match self.inner.keys.write() {
                Ok(mut keys) => *keys = fresh,
                Err(poisoned) => *poisoned.into_inner() = fresh,
            }
        }
        let keys = self.read_keys();
        let candidates = keys.candidates(unverified.kid.as_deref());
        if candidates.is_empty() {
            return Err(TokenRejection::UnknownKey.into());
        }
        Ok(unverified.verify(&candidates)?)
    }

    fn read_keys(&self) -> std::sync::RwLockReadGuard<'_, Keys> {
        // A panic while the lock was held cannot leave `Keys` half-written: it is replaced whole.
        self.inner
            .keys
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    async fn userinfo(
        &self,
        endpoint: &url::Url,
        access_token: &str,
        sub: &str,
    ) -> Result<Map<String, Value>, OidcError> {
        let request = self
            .inner
            .http
            .get(endpoint.clone())
            .bearer_auth(access_token);
        let claims: Map<String, Value> = http::json(request, Endpoint::Userinfo).await?;
        if claims.get("sub").and_then(Value::as_str) != Some(sub) {
            return Err(TokenRejection::SubjectMismatch.into());
        }
        Ok(claims)
    }
}

async fn fetch_keys(http_client: &reqwest::Client, metadata: &Metadata) -> Result<Keys, OidcError> {
    let set: JwkSet =
        http::json(http_client.get(metadata.jwks_uri.clone()), Endpoint::Jwks).await?;
    Keys::from_set(set)
}

/// `client_secret_basic` (RFC 6749 2.3.1): both parts form-urlencoded, then base64.
fn basic_auth(client_id: &str, secret: &str) -> String {
    let encode = |s: &str| form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
    format!(
        "Basic {}",
        STANDARD.encode(format!("{}:{}", encode(client_id), encode(secret)))
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn basic_auth_encodes_both_parts() {
        assert_eq!(
            super::basic_auth("a:b", "c d"),
            format!(
                "Basic {}",
                base64::Engine::encode(&super::STANDARD, "a%3Ab:c+d")
            )
        );
    }
}
