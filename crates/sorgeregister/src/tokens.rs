//! Creating API clients with fresh bearer tokens.

use anyhow::{Context, Result};

use domain::OfficeId;
use store::clients::{Client, Role};
use store::{Actor, Store};

/// A new random token: `sr_` and 256 random bits in hex.
pub fn generate() -> Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("no randomness available: {e}"))?;
    Ok(format!(
        "sr_{}",
        bytes.iter().map(|b| format!("{b:02x}")).collect::<String>()
    ))
}

/// Registers a client and returns its token, which is shown once and stored only as a hash.
pub async fn create_client(
    store: &Store,
    actor: &Actor,
    id: &str,
    name: &str,
    role: Role,
    office: Option<OfficeId>,
) -> Result<String> {
    let token = generate()?;
    let client = Client {
        id: id.to_owned(),
        name: name.to_owned(),
        role,
        office,
    };
    store
        .create_client(
            actor,
            time::OffsetDateTime::now_utc(),
            &client,
            &web::auth::hash_token(&token),
        )
        .await
        .with_context(|| format!("cannot create client {id}"))?;
    Ok(token)
}
