//! Bearer-token authentication and the capabilities a caller holds.
//!
//! Each extractor hands out a capability value only to a caller with the right role; a handler
//! that never received one cannot act with it. Missing or unknown token: 401; wrong role: 403.

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use sha2::{Digest, Sha256};

use crate::{ApiError, AppState};
use domain::OfficeId;
use store::Actor;
use store::clients::{Client, Role};

/// Longest token accepted before any lookup.
const MAX_TOKEN_LEN: usize = 200;

/// The stored form of a token: its SHA-256 in hex. Tokens carry 256 random bits, so a fast hash
/// is enough; the token itself is never stored or logged.
pub fn hash_token(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Any authenticated client.
#[derive(Debug, Clone)]
pub struct Caller(pub Client);

impl Caller {
    pub fn actor(&self) -> Actor {
        Actor::client(&self.0.id, self.0.office.clone())
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|t| !t.is_empty() && t.len() <= MAX_TOKEN_LEN)
            .ok_or(ApiError::Unauthorized)?;
        let client = state
            .store()
            .client_by_token_hash(&hash_token(token))
            .await?
            .ok_or(ApiError::Unauthorized)?;
        Ok(Caller(client))
    }
}

/// An online service that submits applications on behalf of citizens it identified.
#[derive(Debug, Clone)]
pub struct OnlineService(pub Caller);

impl FromRequestParts<AppState> for OnlineService {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let caller = Caller::from_request_parts(parts, state).await?;
        match caller.0.role {
            Role::OnlineService => Ok(OnlineService(caller)),
            _ => Err(ApiError::Forbidden),
        }
    }
}

/// A member of staff of one Jugendamt.
#[derive(Debug, Clone)]
pub struct OfficeStaff {
    pub caller: Caller,
    pub office: OfficeId,
}

impl FromRequestParts<AppState> for OfficeStaff {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let caller = Caller::from_request_parts(parts, state).await?;
        match (caller.0.role, caller.0.office.clone()) {
            (Role::OfficeStaff, Some(office)) => Ok(OfficeStaff { caller, office }),
            _ => Err(ApiError::Forbidden),
        }
    }
}

/// A party that may notify registers: a recording office (notary, court, Jugendamt), or staff
/// of the register office itself (checked once the register office is known).
#[derive(Debug, Clone)]
pub enum Notifier {
    RecordingOffice(Caller),
    Staff(OfficeStaff),
}

impl Notifier {
    pub fn caller(&self) -> &Caller {
        match self {
            Notifier::RecordingOffice(caller) => caller,
            Notifier::Staff(staff) => &staff.caller,
        }
    }

    /// Whether this notifier may write to `register_office`'s register.
    pub fn may_write_to(&self, register_office: &OfficeId) -> bool {
        match self {
            Notifier::RecordingOffice(_) => true,
            Notifier::Staff(staff) => &staff.office == register_office,
        }
    }
}

impl FromRequestParts<AppState> for Notifier {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let caller = Caller::from_request_parts(parts, state).await?;
        match (caller.0.role, caller.0.office.clone()) {
            (Role::RecordingOffice, _) => Ok(Notifier::RecordingOffice(caller)),
            (Role::OfficeStaff, Some(office)) => {
                Ok(Notifier::Staff(OfficeStaff { caller, office }))
            }
            _ => Err(ApiError::Forbidden),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn token_hash_is_sha256_hex() {
        assert_eq!(
            super::hash_token("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
