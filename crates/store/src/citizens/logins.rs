//! OpenID Connect logins between the redirect to the identity provider and its return. The
//! caller's pending data (nonce, PKCE verifier, return path) is kept under the SHA-256 hash of
//! the login's `state` and can be taken exactly once.

use sqlx::Row;
use time::{Duration, OffsetDateTime};

use super::secret_hash;
use crate::time_text::ts;
use crate::{Store, StoreError};

impl Store {
    /// Keeps `pending_json` for the login of `state` until `at + ttl`. Logins that expired by
    /// `at` are removed on the way, so abandoned ones do not pile up.
    pub async fn begin_citizen_login(
        &self,
        at: OffsetDateTime,
        state: &str,
        pending_json: &str,
        ttl: Duration,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        sqlx::query("DELETE FROM citizen_logins WHERE expires_at <= $1")
            .bind(ts(at))
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO citizen_logins (state_hash, pending, created_at, expires_at) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(secret_hash(state))
        .bind(pending_json)
        .bind(ts(at))
        .bind(ts(at + ttl))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Takes the pending data of the login of `state`: it is gone afterwards, whatever the
    /// answer. `None` when there is no such login, it was taken before, or it expired by `at`.
    pub async fn take_citizen_login(
        &self,
        state: &str,
        at: OffsetDateTime,
    ) -> Result<Option<String>, StoreError> {
        // One statement: of two requests racing with the same state, one gets the row.
        let row = sqlx::query(
            "DELETE FROM citizen_logins WHERE state_hash = $1 RETURNING pending, expires_at",
        )
        .bind(secret_hash(state))
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let expires_at: String = row.try_get("expires_at")?;
        if expires_at <= ts(at) {
            return Ok(None);
        }
        Ok(Some(row.try_get("pending")?))
    }
}
