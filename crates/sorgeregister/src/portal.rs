//! The `[portal]` section: the citizen account (OpenID Connect provider) the portal logs
//! mothers in with, the built-in test provider of the demo, and the portal's session and rate
//! limits.

use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};

use crate::config::Config;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PortalSettings {
    /// The citizen account's OpenID provider, e.g. `https://id.example.de/oidc`; empty turns
    /// login off (information pages and pre-check still work).
    pub issuer: String,
    /// Our client id, registered with the provider.
    pub client_id: String,
    /// A file holding our client secret; absent: a public client (PKCE only).
    pub client_secret_file: Option<PathBuf>,
    /// Our callback as registered; empty: `<certificates.public_url>/anmelden/rueckkehr`.
    pub redirect_uri: String,
    /// `acr` values that mean an assurance level of at least "substantial".
    pub accepted_acr: Vec<String>,
    /// Sent as `acr_values` to ask for that level; empty: not sent.
    pub request_acr: String,
    /// Demo and tests only: serve a built-in TEST identity provider at `/test-idp` and log in
    /// with it, as one of a few test citizens, without any password. Refused unless the
    /// public address is a plain-http loopback address.
    pub test_identity_provider: bool,
    /// Minutes without a request after which a citizen's session ends.
    pub idle_timeout_minutes: u32,
    /// Minutes after login at which a citizen's session ends, however active.
    pub max_session_minutes: u32,
    /// Logins one client address may start per minute.
    pub login_per_minute: u32,
    /// Applications one client address may submit per minute.
    pub submit_per_minute: u32,
}

impl Default for PortalSettings {
    fn default() -> Self {
        PortalSettings {
            issuer: String::new(),
            client_id: String::new(),
            client_secret_file: None,
            redirect_uri: String::new(),
            accepted_acr: oidc::default_accepted_acr(),
            request_acr: String::new(),
            test_identity_provider: false,
            idle_timeout_minutes: 30,
            max_session_minutes: 120,
            login_per_minute: 10,
            submit_per_minute: 10,
        }
    }
}

impl PortalSettings {
    pub(crate) fn validate(&self, public_url: &str) -> Result<()> {
        if !(1..=240).contains(&self.idle_timeout_minutes) {
            bail!("portal.idle_timeout_minutes must be between 1 and 240");
        }
        if !(1..=1440).contains(&self.max_session_minutes) {
            bail!("portal.max_session_minutes must be between 1 and 1440");
        }
        if !(1..=10_000).contains(&self.login_per_minute)
            || !(1..=10_000).contains(&self.submit_per_minute)
        {
            bail!(
                "portal.login_per_minute and portal.submit_per_minute must be between 1 and 10000"
            );
        }
        if self.test_identity_provider && !is_loopback_http(public_url) {
            bail!(
                "portal.test_identity_provider lets anyone log in as a test citizen: it is \
                 refused unless certificates.public_url is a plain-http loopback address"
            );
        }
        if !self.issuer.is_empty() && self.client_id.is_empty() && !self.test_identity_provider {
            bail!("portal.client_id is required with portal.issuer");
        }
        if self.accepted_acr.is_empty() {
            bail!("portal.accepted_acr must name at least one acr value");
        }
        Ok(())
    }
}

fn is_loopback_http(url: &str) -> bool {
    let Some(rest) = url.strip_prefix("http://") else {
        return false;
    };
    let host = rest.split('/').next().unwrap_or("");
    let host = host.rsplit_once(':').map_or(host, |(h, _)| h);
    host == "localhost"
        || host == "[::1]"
        || host
            .parse::<std::net::Ipv4Addr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// The portal's settings for a server listening on `addr`. The test provider lives at this
/// server's own address, so the browser and the server reach it alike.
pub fn portal_config(config: &Config, addr: SocketAddr) -> Result<web::portal::PortalConfig> {
    let settings = &config.portal;
    let public = config.certificates.public_url.trim_end_matches('/');
    let provider = if settings.test_identity_provider {
        let own = format!("http://{addr}");
        let mut provider = oidc::ProviderConfig::new(
            format!("{own}{}", web::portal::TEST_PROVIDER_PATH),
            "sorgeregister-demo",
            None,
            format!("{own}{}", web::portal::CALLBACK_PATH),
        );
        provider.accepted_acr = settings.accepted_acr.clone();
        Some(provider)
    } else if settings.issuer.is_empty() {
        None
    } else {
        let secret = match &settings.client_secret_file {
            Some(path) => Some(
                std::fs::read_to_string(path)
                    .with_context(|| {
                        format!("cannot read portal.client_secret_file {}", path.display())
                    })?
                    .trim()
                    .to_owned(),
            ),
            None => None,
        };
        let redirect_uri = if settings.redirect_uri.is_empty() {
            format!("{public}{}", web::portal::CALLBACK_PATH)
        } else {
            settings.redirect_uri.clone()
        };
        let mut provider = oidc::ProviderConfig::new(
            settings.issuer.clone(),
            settings.client_id.clone(),
            secret,
            redirect_uri,
        );
        provider.accepted_acr = settings.accepted_acr.clone();
        provider.request_acr =
            (!settings.request_acr.is_empty()).then(|| settings.request_acr.clone());
        Some(provider)
    };
    Ok(web::portal::PortalConfig {
        provider,
        test_provider: settings.test_identity_provider,
        secure_cookies: public.starts_with("https://"),
        idle_timeout: time::Duration::minutes(i64::from(settings.idle_timeout_minutes)),
        max_session_age: time::Duration::minutes(i64::from(settings.max_session_minutes)),
        login_per_minute: settings.login_per_minute,
        submit_per_minute: settings.submit_per_minute,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_test_provider_is_refused_off_loopback() {
        let settings = PortalSettings {
            test_identity_provider: true,
            ..PortalSettings::default()
        };
        assert!(settings.validate("http://127.0.0.1:8080").is_ok());
        assert!(settings.validate("http://localhost:8080").is_ok());
        assert!(settings.validate("https://127.0.0.1").is_err());
        assert!(settings.validate("http://sorgeregister.example").is_err());
        assert!(settings.validate("http://10.0.0.1:8080").is_err());
    }

    #[test]
    fn the_test_provider_lives_at_the_server_itself() {
        let mut config = Config::default();
        config.portal.test_identity_provider = true;
        let addr: SocketAddr = "127.0.0.1:4321".parse().expect("addr");
        let portal = portal_config(&config, addr).expect("config");
        let provider = portal.provider.expect("provider");
        assert_eq!(provider.issuer, "http://127.0.0.1:4321/test-idp");
        assert_eq!(
            provider.redirect_uri,
            "http://127.0.0.1:4321/anmelden/rueckkehr"
        );
        assert!(portal.test_provider);
    }

    #[test]
    fn without_an_issuer_there_is_no_login() {
        let portal = portal_config(&Config::default(), "127.0.0.1:1".parse().expect("addr"))
            .expect("config");
        assert!(portal.provider.is_none());
    }
}
