//! The crate's one error type. Its `Display` is meant for the log: it names the endpoint and the
//! reason, never a token, code, secret or personal attribute (provider error codes and acr values
//! are reduced to a safe character set before they are kept).

use std::fmt;

/// Which of the provider's endpoints an error concerns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Endpoint {
    Discovery,
    Jwks,
    Token,
    Userinfo,
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Endpoint::Discovery => "discovery document",
            Endpoint::Jwks => "JWKS",
            Endpoint::Token => "token endpoint",
            Endpoint::Userinfo => "userinfo endpoint",
        })
    }
}

/// Why an ID token (or the userinfo answer bound to it) was not accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenRejection {
    /// Not a compact JWS, bad base64 or JSON, a missing or mistyped claim.
    Malformed,
    /// `alg` is not ES256 (`none`, HS*, RS256 … are refused), or a `crit` header is present.
    Algorithm,
    /// No key in the provider's JWKS fits the token's `kid`, even after fetching the JWKS again.
    UnknownKey,
    Signature,
    Issuer,
    Audience,
    /// `azp` is present but not our client id, or missing with several audiences.
    AuthorizedParty,
    Expired,
    /// `iat` lies in the future beyond the leeway.
    IssuedInFuture,
    Nonce,
    /// `at_hash` does not match the access token.
    AccessTokenHash,
    /// The userinfo `sub` is not the ID token's `sub`.
    SubjectMismatch,
}

impl fmt::Display for TokenRejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TokenRejection::Malformed => "malformed",
            TokenRejection::Algorithm => "algorithm not allowed",
            TokenRejection::UnknownKey => "signing key unknown",
            TokenRejection::Signature => "signature invalid",
            TokenRejection::Issuer => "wrong issuer",
            TokenRejection::Audience => "wrong audience",
            TokenRejection::AuthorizedParty => "wrong authorized party",
            TokenRejection::Expired => "expired",
            TokenRejection::IssuedInFuture => "issued in the future",
            TokenRejection::Nonce => "nonce mismatch",
            TokenRejection::AccessTokenHash => "at_hash mismatch",
            TokenRejection::SubjectMismatch => "userinfo subject differs from the ID token's",
        })
    }
}

/// Everything that can go wrong between discovery and a verified [`crate::Identity`].
#[derive(Debug, thiserror::Error)]
pub enum OidcError {
    /// Our own configuration is unusable (e.g. a plain-http issuer that is not loopback).
    #[error("OIDC configuration: {0}")]
    Config(&'static str),
    /// The provider could not be reached or did not answer in time.
    #[error("OIDC provider unreachable ({endpoint})")]
    Unreachable { endpoint: Endpoint },
    /// The provider answered, but not with what the protocol requires.
    #[error("OIDC provider sent a bad response ({endpoint}): {reason}")]
    BadResponse {
        endpoint: Endpoint,
        reason: &'static str,
    },
    /// The discovery document names another issuer than the configured one.
    #[error("OIDC discovery: the document's issuer is not the configured issuer")]
    IssuerMismatch,
    /// The provider refused a request with an OAuth error code (e.g. `invalid_grant` for a used or
    /// expired code).
    #[error("OIDC provider refused the request ({endpoint}): {error}")]
    Refused { endpoint: Endpoint, error: String },
    /// The ID token failed verification.
    #[error("ID token rejected: {0}")]
    TokenRejected(TokenRejection),
    /// The login's `acr` is not one of the accepted ones (`acr` is the provider's value, sanitised;
    /// empty when the token had none).
    #[error("assurance level too low (acr {acr:?})")]
    AssuranceTooLow { acr: String },
    /// A claim we cannot do without is missing.
    #[error("required claim missing: {0}")]
    MissingClaim(&'static str),
    /// A claim is present but unusable (too long, control characters, wrong type).
    #[error("claim invalid: {0}")]
    InvalidClaim(&'static str),
}

impl From<TokenRejection> for OidcError {
    fn from(reason: TokenRejection) -> Self {
        OidcError::TokenRejected(reason)
    }
}

/// Keeps only `[A-Za-z0-9._:/-]`, at most 64 characters: enough for OAuth error codes and acr
/// URIs, too little to smuggle data into the log.
pub(crate) fn log_safe(value: &str) -> String {
    value
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | ':' | '/' | '-'))
        .take(64)
        .collect()
}
