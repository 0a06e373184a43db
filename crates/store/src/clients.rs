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
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::OnlineService => "online_service",
            Role::RecordingOffice => "recording_office",
            Role::OfficeStaff => "office_staff",
            Role::Admin => "admin",
        }
    }

    pub fn parse(raw: &str) -> Option<Role> {
        [
            Role::OnlineService,
            Role::RecordingOffice,
            Role::OfficeStaff,
            Role::Admin,
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

    pub async fn client_by_token_hash(&self, hash: &str) -> Result<Option<Client>, StoreError> {
        let row =
            sqlx::query("SELECT id, name, role, office_id FROM clients WHERE token_hash = $1")
                .bind(hash)
                .fetch_optional(&self.pool)
                .await?;
        let Some(row) = row else { return Ok(None) };
        let role: String = row.try_get("role")?;
        let office: Option<String> = row.try_get("office_id")?;
        Ok(Some(Client {
            id: row.try_get("id")?,
            name: row.try_get("name")?,
            role: Role::parse(&role).ok_or(StoreError::Corrupt(role))?,
            office: office
                .map(|o| OfficeId::parse(&o).map_err(|_| StoreError::Corrupt(o)))
                .transpose()?,
        }))
    }

    pub async fn client_count(&self) -> Result<i64, StoreError> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM clients")
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get("n")?)
    }
}
