//! The portal's link to the citizen account: which OpenID provider it trusts, the relying
//! party for it (discovered on first use, so that the platform starts while the provider is
//! down, and the built-in test provider can be served by this very process), the session
//! limits, and the rate limits on login and submission.
//!
//! What happens at login is [`super::login`]'s; the session that follows is
//! [`super::session`]'s. The protocol itself belongs to the `oidc` crate.

use std::sync::Arc;

use tokio::sync::OnceCell;

use crate::RateLimit;

/// Settings of the citizen portal.
#[derive(Debug, Clone)]
pub struct PortalConfig {
    /// The citizen account's provider and our registration there; `None` turns login off (the
    /// information pages and the pre-check still work).
    pub provider: Option<oidc::ProviderConfig>,
    /// The built-in test identity provider, served at [`TEST_PROVIDER_PATH`]. Only the demo
    /// and test configuration turn it on; its pages say that they are not a real login.
    pub test_provider: bool,
    /// Whether cookies are `Secure` and `__Host-` prefixed: whenever the public address is
    /// https. Off only for plain-http demos on the loopback address.
    pub secure_cookies: bool,
    /// A session without a request for this long is dead.
    pub idle_timeout: time::Duration,
    /// A session ends this long after login, however active.
    pub max_session_age: time::Duration,
    /// Logins one client address may start per minute.
    pub login_per_minute: u32,
    /// Applications one client address may submit per minute.
    pub submit_per_minute: u32,
}

impl Default for PortalConfig {
    fn default() -> Self {
        PortalConfig {
            provider: None,
            test_provider: false,
            secure_cookies: false,
            idle_timeout: time::Duration::minutes(30),
            max_session_age: time::Duration::hours(2),
            login_per_minute: 10,
            submit_per_minute: 10,
        }
    }
}

/// Where the built-in test identity provider is served, below the platform's own address.
pub const TEST_PROVIDER_PATH: &str = "/test-idp";

/// The portal's settings and shared state, one per process.
pub struct Portal {
    pub config: PortalConfig,
    /// The relying party, once discovery succeeded.
    client: OnceCell<oidc::Client>,
    /// The built-in test provider, when configured.
    test_provider: Option<oidc::test_provider::TestProvider>,
    pub(crate) login_limit: RateLimit,
    pub(crate) submit_limit: RateLimit,
}

/// Why no login can be started.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("no citizen account provider is configured")]
    NotConfigured,
    #[error(transparent)]
    Provider(#[from] oidc::OidcError),
}

impl Portal {
    /// The portal for `config`. With the test provider on, the provider is built here for the
    /// configured issuer and our redirect address, with the demo's test citizens.
    pub fn new(config: PortalConfig) -> Arc<Portal> {
        let test_provider = match (&config.provider, config.test_provider) {
            (Some(provider), true) => Some(oidc::test_provider::TestProvider::new(
                provider.issuer.clone(),
                vec![oidc::test_provider::TestClient {
                    client_id: provider.client_id.clone(),
                    client_secret: provider.client_secret.clone(),
                    redirect_uris: vec![provider.redirect_uri.clone()],
                }],
                oidc::test_provider::demo_citizens(),
            )),
            _ => None,
        };
        Arc::new(Portal {
            login_limit: RateLimit::per_minute(config.login_per_minute),
            submit_limit: RateLimit::per_minute(config.submit_per_minute),
            config,
            client: OnceCell::new(),
            test_provider,
        })
    }

    /// The relying party, discovering the provider on first use. A failed discovery is tried
    /// again on the next login.
    pub async fn client(&self) -> Result<&oidc::Client, AccountError> {
        let provider = self
            .config
            .provider
            .as_ref()
            .ok_or(AccountError::NotConfigured)?;
        Ok(self
            .client
            .get_or_try_init(|| oidc::Client::discover(provider.clone()))
            .await?)
    }

    /// The built-in test provider's routes, when it is on.
    pub fn test_provider_routes(&self) -> Option<axum::Router> {
        self.test_provider.as_ref().map(|p| p.router())
    }

    /// Whether logins go to the built-in test provider (the login page says so).
    pub fn uses_test_provider(&self) -> bool {
        self.test_provider.is_some()
    }
}
