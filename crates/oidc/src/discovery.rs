//! The provider's metadata (OpenID Connect Discovery 1.0): fetched from
//! `{issuer}/.well-known/openid-configuration`, its issuer compared exactly with ours, its
//! endpoints held to the https-unless-loopback rule, and its advertised capabilities checked
//! against what we need (code flow, S256, ES256).

use serde::Deserialize;
use url::Url;

use crate::config::checked_url;
use crate::error::Endpoint;
use crate::http::{self, bad};
use crate::{OidcError, ProviderConfig};

/// The endpoints we use.
#[derive(Clone, Debug)]
pub(crate) struct Metadata {
    pub authorization_endpoint: Url,
    pub token_endpoint: Url,
    pub jwks_uri: Url,
    pub userinfo_endpoint: Option<Url>,
}

#[derive(Deserialize)]
struct Document {
    issuer: String,
    authorization_endpoint: String,
    token_endpoint: String,
    jwks_uri: String,
    #[serde(default)]
    userinfo_endpoint: Option<String>,
    #[serde(default)]
    response_types_supported: Option<Vec<String>>,
    #[serde(default)]
    code_challenge_methods_supported: Option<Vec<String>>,
    #[serde(default)]
    id_token_signing_alg_values_supported: Option<Vec<String>>,
}

/// Fetches and checks the discovery document of `config.issuer`.
pub(crate) async fn fetch(
    http_client: &reqwest::Client,
    config: &ProviderConfig,
) -> Result<Metadata, OidcError> {
    let url = format!(
        "{}/.well-known/openid-configuration",
        config.issuer.trim_end_matches('/')
    );
    let document: Document = http::json(http_client.get(url), Endpoint::Discovery).await?;
    check(document, &config.issuer)
}

fn check(document: Document, issuer: &str) -> Result<Metadata, OidcError> {
    if document.issuer != issuer {
        return Err(OidcError::IssuerMismatch);
    }
    let endpoint = |url: &str| {
        checked_url(url).ok_or(bad(
            Endpoint::Discovery,
            "an endpoint is not https (http only for loopback)",
        ))
    };
    let supports = |list: &Option<Vec<String>>, value: &str| {
        list.as_ref()
            .is_none_or(|list| list.iter().any(|v| v == value))
    };
    if !supports(&document.response_types_supported, "code") {
        return Err(bad(
            Endpoint::Discovery,
            "provider does not offer the code flow",
        ));
    }
    if !supports(&document.code_challenge_methods_supported, "S256") {
        return Err(bad(
            Endpoint::Discovery,
            "provider does not offer PKCE S256",
        ));
    }
    if !supports(&document.id_token_signing_alg_values_supported, "ES256") {
        return Err(bad(
            Endpoint::Discovery,
            "provider does not sign ID tokens with ES256",
        ));
    }
    Ok(Metadata {
        authorization_endpoint: endpoint(&document.authorization_endpoint)?,
        token_endpoint: endpoint(&document.token_endpoint)?,
        jwks_uri: endpoint(&document.jwks_uri)?,
        userinfo_endpoint: document
            .userinfo_endpoint
            .as_deref()
            .map(endpoint)
            .transpose()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document(issuer: &str) -> Document {
        Document {
            issuer: issuer.to_owned(),
            authorization_endpoint: "https://idp.example/auth".to_owned(),
            token_endpoint: "https://idp.example/token".to_owned(),
            jwks_uri: "https://idp.example/jwks".to_owned(),
            userinfo_endpoint: None,
            response_types_supported: Some(vec!["code".to_owned()]),
            code_challenge_methods_supported: None,
            id_token_signing_alg_values_supported: Some(vec![
                "RS256".to_owned(),
                "ES256".to_owned(),
            ]),
        }
    }

    #[test]
    fn issuer_must_match_exactly() {
        assert!(check(document("https://idp.example"), "https://idp.example").is_ok());
        assert!(matches!(
            check(document("https://idp.example/"), "https://idp.example"),
            Err(OidcError::IssuerMismatch)
        ));
    }

    #[test]
    fn endpoints_and_capabilities_are_checked() {
        let mut plain = document("https://idp.example");
        plain.token_endpoint = "http://idp.example/token".to_owned();
        assert!(check(plain, "https://idp.example").is_err());
        let mut rs_only = document("https://idp.example");
        rs_only.id_token_signing_alg_values_supported = Some(vec!["RS256".to_owned()]);
        assert!(check(rs_only, "https://idp.example").is_err());
        let mut plain_pkce = document("https://idp.example");
        plain_pkce.code_challenge_methods_supported = Some(vec!["plain".to_owned()]);
        assert!(check(plain_pkce, "https://idp.example").is_err());
    }
}
