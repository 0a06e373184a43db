//! The relying party's HTTP: one reqwest client with a 10 s timeout and no redirects, and bounded
//! reading of JSON answers (at most 64 KiB).

use std::time::Duration;

use serde::de::DeserializeOwned;

use crate::OidcError;
use crate::error::{Endpoint, log_safe};

/// Largest response body we read from a provider.
pub(crate) const MAX_BODY: usize = 64 * 1024;
const TIMEOUT: Duration = Duration::from_secs(10);

pub(crate) fn client() -> Result<reqwest::Client, OidcError> {
    reqwest::Client::builder()
        .timeout(TIMEOUT)
        .connect_timeout(TIMEOUT)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|_| OidcError::Config("the HTTP client could not be built"))
}

/// Sends `request`, reads at most [`MAX_BODY`] bytes and parses JSON. A 4xx answer with an OAuth
/// error body becomes [`OidcError::Refused`].
pub(crate) async fn json<T: DeserializeOwned>(
    request: reqwest::RequestBuilder,
    endpoint: Endpoint,
) -> Result<T, OidcError> {
    let mut response = request
        .header(reqwest::header::ACCEPT, "application/json")
        .send()
        .await
        .map_err(|_| OidcError::Unreachable { endpoint })?;
    let status = response.status();
    if response
        .content_length()
        .is_some_and(|len| len > MAX_BODY as u64)
    {
        return Err(bad(endpoint, "response body too large"));
    }
    let mut body = Vec::new();
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                if body.len() + chunk.len() > MAX_BODY {
                    return Err(bad(endpoint, "response body too large"));
                }
                body.extend_from_slice(&chunk);
            }
            Ok(None) => break,
            Err(_) => return Err(OidcError::Unreachable { endpoint }),
        }
    }
    if status.is_client_error() {
        #[derive(serde::Deserialize)]
        struct OAuthError {
            error: String,
        }
        if let Ok(e) = serde_json::from_slice::<OAuthError>(&body) {
            return Err(OidcError::Refused {
                endpoint,
                error: log_safe(&e.error),
            });
        }
        return Err(bad(endpoint, "client error status"));
    }
    if !status.is_success() {
        return Err(bad(endpoint, "unexpected status"));
    }
    serde_json::from_slice(&body).map_err(|_| bad(endpoint, "not the expected JSON"))
}

pub(crate) fn bad(endpoint: Endpoint, reason: &'static str) -> OidcError {
    OidcError::BadResponse { endpoint, reason }
}
