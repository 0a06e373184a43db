//! What the relying party needs to know about one provider and itself, and the rule every URL we
//! talk to must follow: https, unless the host is loopback (for tests and the demo).

use std::fmt;
use std::net::IpAddr;

use url::Url;

use crate::OidcError;

/// One provider (issuer) and our registration with it.
#[derive(Clone, PartialEq, Eq)]
pub struct ProviderConfig {
    /// e.g. `https://id.bund.de/oidc` or `http://127.0.0.1:4567`; compared exactly with the
    /// discovery document's and the ID token's `iss`.
    pub issuer: String,
    pub client_id: String,
    /// `client_secret_basic` when `Some`; a public client (PKCE only) when `None`.
    pub client_secret: Option<String>,
    /// Our callback, registered with the provider.
    pub redirect_uri: String,
    pub scopes: Vec<String>,
    /// `acr` values meaning an assurance of at least "substantial".
    pub accepted_acr: Vec<String>,
    /// Sent as `acr_values` when `Some`.
    pub request_acr: Option<String>,
}

impl ProviderConfig {
    /// A configuration with [`default_scopes`] and [`default_accepted_acr`], no `acr_values`.
    pub fn new(
        issuer: impl Into<String>,
        client_id: impl Into<String>,
        client_secret: Option<String>,
        redirect_uri: impl Into<String>,
    ) -> ProviderConfig {
        ProviderConfig {
            issuer: issuer.into(),
            client_id: client_id.into(),
            client_secret,
            redirect_uri: redirect_uri.into(),
            scopes: default_scopes(),
            accepted_acr: default_accepted_acr(),
            request_acr: None,
        }
    }

    /// Checks what can be checked without the provider: URLs, non-empty client id, `openid` scope.
    pub(crate) fn check(&self) -> Result<(), OidcError> {
        let issuer = checked_url(&self.issuer).ok_or(OidcError::Config(
            "issuer must be https (http only for loopback)",
        ))?;
        if issuer.query().is_some() || issuer.fragment().is_some() {
            return Err(OidcError::Config(
                "issuer must not have a query or fragment",
            ));
        }
        checked_url(&self.redirect_uri).ok_or(OidcError::Config(
            "redirect_uri must be https (http only for loopback)",
        ))?;
        if self.client_id.is_empty() {
            return Err(OidcError::Config("client_id is empty"));
        }
        if !self.scopes.iter().any(|s| s == "openid") {
            return Err(OidcError::Config("scopes must contain \"openid\""));
        }
        if self.accepted_acr.is_empty() {
            return Err(OidcError::Config("accepted_acr is empty"));
        }
        Ok(())
    }
}

impl fmt::Debug for ProviderConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProviderConfig")
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .field(
                "client_secret",
                &self.client_secret.as_ref().map(|_| "<redacted>"),
            )
            .field("redirect_uri", &self.redirect_uri)
            .field("scopes", &self.scopes)
            .field("accepted_acr", &self.accepted_acr)
            .field("request_acr", &self.request_acr)
            .finish()
    }
}

/// `openid profile address`.
pub fn default_scopes() -> Vec<String> {
    ["openid", "profile", "address"].map(String::from).to_vec()
}

/// The acr values of assurance "substantial" or "high": plain words, the eIDAS level URIs, and
/// the STORK QAA levels 3 and 4 that German eID services (BundID) report.
pub fn default_accepted_acr() -> Vec<String> {
    [
        "substantial",
        "high",
        "http://eidas.europa.eu/LoA/substantial",
        "http://eidas.europa.eu/LoA/high",
        "STORK-QAA-Level-3",
        "STORK-QAA-Level-4",
        "urn:eidas:LoA:substantial",
        "urn:eidas:LoA:high",
    ]
    .map(String::from)
    .to_vec()
}

/// Parses `url` and accepts it if it is https, or http to a loopback host.
pub(crate) fn checked_url(url: &str) -> Option<Url> {
    let parsed = Url::parse(url).ok()?;
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return None;
    }
    match parsed.scheme() {
        "https" if parsed.host().is_some() => Some(parsed),
        "http" if is_loopback(&parsed) => Some(parsed),
        _ => None,
    }
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(domain)) => domain.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_everywhere_http_only_on_loopback() {
        assert!(checked_url("https://id.example.de/oidc").is_some());
        assert!(checked_url("http://127.0.0.1:4567").is_some());
        assert!(checked_url("http://127.8.0.1/x").is_some());
        assert!(checked_url("http://[::1]:80").is_some());
        assert!(checked_url("http://localhost:8080/cb").is_some());
        assert!(checked_url("http://id.example.de").is_none());
        assert!(checked_url("http://10.0.0.1").is_none());
        assert!(checked_url("ftp://127.0.0.1").is_none());
        assert!(checked_url("https://user:pw@id.example.de").is_none());
        assert!(checked_url("not a url").is_none());
    }

    #[test]
    fn config_check_and_redacted_debug() {
        let mut config = ProviderConfig::new(
            "http://127.0.0.1:1",
            "portal",
            Some("geheim".to_owned()),
            "http://127.0.0.1:2/cb",
        );
        assert!(config.check().is_ok());
        assert!(!format!("{config:?}").contains("geheim"));
        config.issuer = "http://example.org".to_owned();
        assert!(matches!(config.check(), Err(OidcError::Config(_))));
        config.issuer = "https://example.org".to_owned();
        config.scopes = vec!["profile".to_owned()];
        assert!(matches!(config.check(), Err(OidcError::Config(_))));
    }
}
