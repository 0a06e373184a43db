//! API clients (online services, recording offices, office staff, administrators) and the
//! hashes of their bearer tokens. Tokens themselves are never stored.

use serde_json::json;
use sqlx::Row;
use time::OffsetDateTime;

use crate::audit::{self, Actor};
use crate::time_text::ts;
use crate::{Store, StoreError};
use domain::OfficeId;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    OnlineService,
    RecordingOffice,
    OfficeStaff,
    Admin,
    /// The citizen portal's built-in client (migration 0013), under which citizens' own
    /// applications are stored. It has no token: no bearer token authenticates as it, and
    /// [`Store::create_client`] refuses to make another.
    Portal,
}

/// The id of the citizen portal's built-in client.
pub const PORTAL_CLIENT_ID: &str = "portal";

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::OnlineService => "online_service",
            Role::RecordingOffice => "recording_office",
            Role::OfficeStaff => "office_staff",
            Role::Admin => "admin",
            Role::Portal => "portal",
        }
    }

    pub fn parse(raw: &str) -> Option<Role> {
        [
            Role::OnlineService,
            Role::RecordingOffice,
            Role::OfficeStaff,
            Role::Admin,
            Role::Portal,
        ]
        .into_iter()
        .find(|role| role.as_str() == raw)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Client {
    pub id: String,
    pub name: String,
    pub role: Role,
    pub office: Option<OfficeId>,
}

impl Store {
    /// Registers a client with the SHA-256 hash of its token. Office staff must name an office.
    pub async fn create_client(
        &self,
        actor: &Actor,
        at: OffsetDateTime,
        client: &Client,
        token_hash: &str,
    ) -> Result<(), StoreError> {
        if client.role == Role::Portal {
            return Err(StoreError::Conflict("the portal client is built in"));
        }
        if (client.role == Role::OfficeStaff) != client.office.is_some() {
            return Err(StoreError::Conflict(
                "office staff, and only they, belong to an office",
            ));
        }
        let mut tx = self.begin().await?;
        sqlx::query(
            "INSERT INTO clients (id, name, role, office_id, token_hash, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&client.id)
        .bind(&client.name)
        .bind(client.role.as_str())
        .bind(client.office.as_ref().map(|o| o.as_str().to_owned()))
        .bind(token_hash)
        .bind(ts(at))
        .execute(&mut *tx)
        .await?;
        audit::append(
            &mut tx,
            &self.audit_key,
            at,
            actor,
            client.office.as_ref(),
            "client.created",
            &client.id,
            json!({"role": client.role.as_str()}),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The API client holding the token of this hash. Never the portal's built-in client.
    pub async fn client_by_token_hash(&self, hash: &str) -> Result<Option<Client>, StoreError> {
        let row = sqlx::query(
            "SELECT id, name, role, office_id FROM clients WHERE token_hash = $1 \
             AND role <> 'portal'",
        )
        .bind(hash)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(client_row).transpose()
    }

    /// The citizen portal's built-in client, which submits citizens' own applications.
    pub async fn portal_client(&self) -> Result<Client, StoreError> {
        let row = sqlx::query(
            "SELECT id, name, role, office_id FROM clients WHERE id = $1 AND role = 'portal'",
        )
        .bind(PORTAL_CLIENT_ID)
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::Corrupt(
            "the portal client of migration 0013 is missing".to_owned(),
        ))?;
        client_row(&row)
    }

    /// How many API clients are registered (the portal's built-in client is not one).
    pub async fn client_count(&self) -> Result<i64, StoreError> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM clients WHERE role <> 'portal'")
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get("n")?)
    }
}

fn client_row(row: &sqlx::any::AnyRow) -> Result<Client, StoreError> {
    let role: String = row.try_get("role")?;
    let office: Option<String> = row.try_get("office_id")?;
    Ok(Client {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        role: Role::parse(&role).ok_or(StoreError::Corrupt(role))?,
        office: office
            .map(|o| OfficeId::parse(&o).map_err(|_| StoreError::Corrupt(o)))
            .transpose()?,
    })
}
