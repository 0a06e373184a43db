//! Citizens' sessions in the portal. The token lives in the browser's cookie only; the store
//! keeps its SHA-256 hash, the CSRF token, the citizen's subject and the identity data the
//! provider gave (personal data, held only while the session lives). A session is dead once
//! ended, idle longer than the limit, or past its absolute end — checked on every read, and
//! dead rows are deleted with their personal data.

use serde_json::json;
use sqlx::Row;
use time::{Duration, OffsetDateTime};

use super::{check_subject, secret_hash};
use crate::audit::{self, Actor};
use crate::time_text::{parse_ts, ts};
use crate::{Store, StoreError};

/// A live citizen session.
#[derive(Clone, PartialEq, Eq)]
pub struct CitizenSession {
    /// The citizen's subject (a SHA-256 hex digest).
    pub subject: String,
    /// The identity the provider gave at login, as the caller stored it (JSON).
    pub identity_json: String,
    pub csrf: String,
    pub created_at: OffsetDateTime,
    /// When the session was seen last: the moment it was resumed.
    pub last_seen_at: OffsetDateTime,
    /// Its absolute end, however active it stays.
    pub expires_at: OffsetDateTime,
}

impl std::fmt::Debug for CitizenSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The identity and the CSRF token never go to logs or panics.
        f.debug_struct("CitizenSession")
            .field("subject", &self.subject)
            .field(
                "identity_json",
                &format_args!("<{} bytes>", self.identity_json.len()),
            )
            .field("csrf", &"<redacted>")
            .field("created_at", &self.created_at)
            .field("last_seen_at", &self.last_seen_at)
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

impl Store {
    /// Starts a session of `subject` under `token` (whose SHA-256 hash alone is stored) after
    /// a completed login; it ends at `at + absolute` at the latest. Sessions dead at `at`
    /// (idle longer than `idle`, or past their end) are deleted on the way, with their personal
    /// data. Audited as `citizen.login`, naming the subject only.
    #[allow(clippy::too_many_arguments)]
    pub async fn start_citizen_session(
        &self,
        at: OffsetDateTime,
        token: &str,
        subject: &str,
        identity_json: &str,
        csrf: &str,
        idle: Duration,
        absolute: Duration,
    ) -> Result<(), StoreError> {
        check_subject(subject)?;
        let mut tx = self.begin().await?;
        sqlx::query("DELETE FROM citizen_sessions WHERE expires_at <= $1 OR last_seen_at < $2")
            .bind(ts(at))
            .bind(ts(at - idle))
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO citizen_sessions (token_hash, subject, identity, csrf, created_at, \
             last_seen_at, expires_at) VALUES ($1, $2, $3, $4, $5, $5, $6)",
        )
        .bind(secret_hash(token))
        .bind(subject)
        .bind(identity_json)
        .bind(csrf)
        .bind(ts(at))
        .bind(ts(at + absolute))
        .execute(&mut *tx)
        .await?;
        audit::append(
            &mut tx,
            &self.audit_key,
            at,
            &Actor::citizen(subject),
            None,
            "citizen.login",
            subject,
            json!({}),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The live session of `token` at `at`, marked as seen then; `None` when there is no such
    /// session, or it was idle longer than `idle`, or its absolute end has come (a dead
    /// session is deleted).
    pub async fn resume_citizen_session(
        &self,
        token: &str,
        at: OffsetDateTime,
        idle: Duration,
    ) -> Result<Option<CitizenSession>, StoreError> {
        let hash = secret_hash(token);
        let mut tx = self.begin().await?;
        sqlx::query(
            "DELETE FROM citizen_sessions WHERE token_hash = $1 \
             AND (expires_at <= $2 OR last_seen_at < $3)",
        )
        .bind(&hash)
        .bind(ts(at))
        .bind(ts(at - idle))
        .execute(&mut *tx)
        .await?;
        let row = sqlx::query(
            "SELECT subject, identity, csrf, created_at, last_seen_at, expires_at \
             FROM citizen_sessions WHERE token_hash = $1",
        )
        .bind(&hash)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else {
            tx.commit().await?;
            return Ok(None);
        };
        let last_seen_at = parse_ts(&row.try_get::<String, _>("last_seen_at")?)?.max(at);
        let session = CitizenSession {
            subject: row.try_get("subject")?,
            identity_json: row.try_get("identity")?,
            csrf: row.try_get("csrf")?,
            created_at: parse_ts(&row.try_get::<String, _>("created_at")?)?,
            last_seen_at,
            expires_at: parse_ts(&row.try_get::<String, _>("expires_at")?)?,
        };
        // Never backwards, should another process's clock lag behind.
        sqlx::query(
            "UPDATE citizen_sessions SET last_seen_at = $1 \
             WHERE token_hash = $2 AND last_seen_at < $1",
        )
        .bind(ts(at))
        .bind(&hash)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Some(session))
    }

    /// Ends the session of `token` (logout), deleting it with its personal data. False when
    /// there was no such session. Audited as `citizen.logout`.
    pub async fn end_citizen_session(
        &self,
        at: OffsetDateTime,
        token: &str,
    ) -> Result<bool, StoreError> {
        let mut tx = self.begin().await?;
        let row =
            sqlx::query("DELETE FROM citizen_sessions WHERE token_hash = $1 RETURNING subject")
                .bind(secret_hash(token))
                .fetch_optional(&mut *tx)
                .await?;
        let Some(row) = row else {
            tx.commit().await?;
            return Ok(false);
        };
        let subject: String = row.try_get("subject")?;
        audit::append(
            &mut tx,
            &self.audit_key,
            at,
            &Actor::citizen(&subject),
            None,
            "citizen.logout",
            &subject,
            json!({}),
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }
}
