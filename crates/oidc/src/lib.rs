//! OpenID Connect for the citizen portal's login: the relying party's protocol work and a test
//! identity provider.
//!
//! This crate owns the protocol between our portal and a citizen identity provider (such as
//! BundID): discovery, the authorization request with state, nonce and PKCE (S256), the code
//! exchange, ID token verification (ES256 only; RS256 is not supported because no RSA crate is in
//! the workspace), the assurance check (`acr`), userinfo, and turning claims into an [`Identity`].
//! It owns no sessions, no storage and none of the portal's HTML: the web crate stores [`Pending`]
//! under its `state`, redirects, and hands the code back to [`Client::finish`].
//!
//! [`test_provider`] is a small provider for the demo and tests only; the binary must enable it
//! only from demo or test configuration.
//!
//! Every input from the provider is bounded: 64 KiB per response, 10 s per request, 20 keys per
//! JWKS, 200 characters per attribute.

mod claims;
mod client;
mod config;
mod discovery;
mod error;
mod http;
mod id_token;
mod jwk;
mod jws;
mod pkce;
mod random;
pub mod test_provider;

pub use claims::{Identity, MAX_CLAIM_CHARS};
pub use client::{Client, Pending};
pub use config::{ProviderConfig, default_accepted_acr, default_scopes};
pub use error::{Endpoint, OidcError, TokenRejection};
