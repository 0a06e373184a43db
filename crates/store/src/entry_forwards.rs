//! The outbox of notifications for registers kept on offices' own nodes (XFamilie 0804).
//!
//! This module owns the `entry_forwards` table: a notification is stored here before it is
//! sent, claimed by one worker at a time, and emptied once the node's signed receipt has come;
//! what stays is the bookkeeping (entry id, register office, when). The platform never keeps a
//! copy of a node's register. Sending, signing and the node's side are the federation's.

use serde_json::json;
use sqlx::Row;
use time::OffsetDateTime;

use crate::audit::{self, Actor};
use crate::error::office_id;
use crate::time_text::{parse_ts, ts};
use crate::{Store, StoreError};
use domain::OfficeId;
use domain::register::Notification;

/// A notification waiting for its register office's node.
#[derive(Debug, Clone, PartialEq)]
pub struct EntryForward {
    /// The entry's id, the same on the node.
    pub id: String,
    pub register_office: OfficeId,
    pub notification: Notification,
    pub queued_at: OffsetDateTime,
    /// Tries so far that got no receipt.
    pub attempts: i64,
}

/// What the outbox says of one notification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForwardState {
    pub id: String,
    pub register_office: OfficeId,
    pub queued_at: OffsetDateTime,
    pub attempts: i64,
    /// Why the last try got no receipt (failure class and cause, no contents).
    pub last_error: Option<String>,
    pub delivered_at: Option<OffsetDateTime>,
}

impl Store {
    /// Stores a notification for `office`'s node, due for the worker at `due_ms` (a caller
    /// that tries at once sets it a lease ahead). Audited as `register_entry.forward_queued`
    /// with the entry's kind and scope, never its names.
    pub async fn queue_entry_forward(
        &self,
        actor: &Actor,
        at: OffsetDateTime,
        due_ms: i64,
        id: &str,
        office: &OfficeId,
        notification: &Notification,
    ) -> Result<ForwardState, StoreError> {
        let data = serde_json::to_string(notification)?;
        let mut tx = self.begin().await?;
        sqlx::query(
            "INSERT INTO entry_forwards (id, register_office_id, data, queued_at, queued_by, \
             next_attempt_ms) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id)
        .bind(office.as_str())
        .bind(&data)
        .bind(ts(at))
        .bind(&actor.id)
        .bind(due_ms)
        .execute(&mut *tx)
        .await?;
        audit::append(
            &mut tx,
            &self.audit_key,
            at,
            actor,
            Some(office),
            "register_entry.forward_queued",
            id,
            json!({"kind": notification.kind.as_str(), "scope": notification.scope.as_str()}),
        )
        .await?;
        tx.commit().await?;
        Ok(ForwardState {
            id: id.to_owned(),
            register_office: office.clone(),
            queued_at: at,
            attempts: 0,
            last_error: None,
            delivered_at: None,
        })
    }

    /// Claims up to `limit` notifications that are due at `now_ms` for `lease_ms`: another
    /// worker skips them meanwhile, and a worker that died leaves them due again afterwards.
    pub async fn claim_entry_forwards(
        &self,
        now_ms: i64,
        lease_ms: i64,
        limit: i64,
    ) -> Result<Vec<EntryForward>, StoreError> {
        // Read whole rows, then claim each by its due time: a row another worker claimed or
        // tried meanwhile has another due time (a try changes it with the attempts), so what
        // was read is what is claimed.
        let rows = sqlx::query(
            "SELECT id, register_office_id, data, queued_at, attempts, next_attempt_ms \
             FROM entry_forwards WHERE delivered_at IS NULL AND next_attempt_ms <= $1 \
             ORDER BY next_attempt_ms, id LIMIT $2",
        )
        .bind(now_ms)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        let mut claimed = Vec::with_capacity(rows.len());
        for row in rows {
            let id: String = row.try_get("id")?;
            let taken = sqlx::query(
                "UPDATE entry_forwards SET next_attempt_ms = $1 \
                 WHERE id = $2 AND next_attempt_ms = $3 AND delivered_at IS NULL",
            )
            .bind(now_ms + lease_ms)
            .bind(&id)
            .bind(row.try_get::<i64, _>("next_attempt_ms")?)
            .execute(&self.pool)
            .await?;
            if taken.rows_affected() != 1 {
                continue;
            }
            let data: String = row.try_get("data")?;
            claimed.push(EntryForward {
                id,
                register_office: office_id(row.try_get("register_office_id")?)?,
                notification: serde_json::from_str(&data)?,
                queued_at: parse_ts(&row.try_get::<String, _>("queued_at")?)?,
                attempts: row.try_get("attempts")?,
            });
        }
        Ok(claimed)
    }

    /// The node confirmed the entry: its contents leave the platform, the bookkeeping stays.
    /// Audited as `register_entry.forwarded` once; a second confirmation changes nothing.
    pub async fn entry_forward_delivered(
        &self,
        actor: &Actor,
        at: OffsetDateTime,
        id: &str,
    ) -> Result<bool, StoreError> {
        let mut tx = self.begin().await?;
        let row = sqlx::query(
            "UPDATE entry_forwards SET data = NULL, delivered_at = $1, last_error = NULL \
             WHERE id = $2 AND delivered_at IS NULL RETURNING register_office_id, attempts",
        )
        .bind(ts(at))
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else {
            return Ok(false);
        };
        let office = office_id(row.try_get("register_office_id")?)?;
        let attempts: i64 = row.try_get("attempts")?;
        audit::append(
            &mut tx,
            &self.audit_key,
            at,
            actor,
            Some(&office),
            "register_entry.forwarded",
            id,
            json!({"attempts": attempts + 1}),
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// A try got no receipt: counted, with its cause (no contents), and due again at `next_ms`.
    pub async fn entry_forward_failed(
        &self,
        id: &str,
        next_ms: i64,
        cause: &str,
    ) -> Result<(), StoreError> {
        let cause: String = cause.chars().take(500).collect();
        sqlx::query(
            "UPDATE entry_forwards SET attempts = attempts + 1, next_attempt_ms = $1, \
             last_error = $2 WHERE id = $3 AND delivered_at IS NULL",
        )
        .bind(next_ms)
        .bind(cause)
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// What the outbox says of the notification `id`, if it went through it.
    pub async fn entry_forward(&self, id: &str) -> Result<Option<ForwardState>, StoreError> {
        let row = sqlx::query(
            "SELECT id, register_office_id, queued_at, attempts, last_error, delivered_at \
             FROM entry_forwards WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| {
            Ok(ForwardState {
                id: row.try_get("id")?,
                register_office: office_id(row.try_get("register_office_id")?)?,
                queued_at: parse_ts(&row.try_get::<String, _>("queued_at")?)?,
                attempts: row.try_get("attempts")?,
                last_error: row.try_get("last_error")?,
                delivered_at: row
                    .try_get::<Option<String>, _>("delivered_at")?
                    .as_deref()
                    .map(parse_ts)
                    .transpose()?,
            })
        })
        .transpose()
    }

    /// How many notifications wait for each register office's node (for the metrics), at
    /// most `limit` offices.
    pub async fn entry_forwards_waiting_by_office(
        &self,
        limit: i64,
    ) -> Result<Vec<(OfficeId, i64)>, StoreError> {
        let rows = sqlx::query(
            "SELECT register_office_id AS office, COUNT(*) AS n FROM entry_forwards \
             WHERE delivered_at IS NULL GROUP BY register_office_id \
             ORDER BY register_office_id LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| Ok((office_id(row.try_get("office")?)?, row.try_get("n")?)))
            .collect()
    }
}
