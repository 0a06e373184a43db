//! Register entries (§ 58 Abs. 1 SGB VIII), scoped to the register office that keeps them.
//!
//! Every method takes the office whose register it touches; a row of another office is
//! invisible (`NotFound`), never readable. Entries are never deleted: a correction or a
//! cancellation writes a new version with its reason, and the history keeps every version.
//! Reads are register access too, and are audited.

use serde_json::json;
use sqlx::{Any, AssertSqlSafe, Row, Transaction};
use time::OffsetDateTime;

use crate::audit::{self, Actor, AuditKey};
use crate::time_text::{day, parse_ts, ts};
use crate::{Store, StoreError};
use domain::OfficeId;
use domain::register::Notification;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryStatus {
    Active,
    Cancelled,
}

impl EntryStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            EntryStatus::Active => "active",
            EntryStatus::Cancelled => "cancelled",
        }
    }

    fn parse(raw: &str) -> Result<EntryStatus, StoreError> {
        match raw {
            "active" => Ok(EntryStatus::Active),
            "cancelled" => Ok(EntryStatus::Cancelled),
            other => Err(StoreError::Corrupt(format!("entry status {other}"))),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct EntryRecord {
    pub id: String,
    pub register_office: OfficeId,
    pub status: EntryStatus,
    pub version: i64,
    pub notification: Notification,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EntryVersion {
    pub version: i64,
    /// `created`, `corrected` or `cancelled`.
    pub change: String,
    pub reason: Option<String>,
    pub status: EntryStatus,
    pub notification: Notification,
    pub at: OffsetDateTime,
    pub actor: String,
}

const COLUMNS: &str = "id, register_office_id, status, version, data, created_at, updated_at";

impl Store {
    /// Records a new entry in `office`'s register.
    pub async fn insert_entry(
        &self,
        actor: &Actor,
        at: OffsetDateTime,
        id: &str,
        office: &OfficeId,
        notification: &Notification,
    ) -> Result<EntryRecord, StoreError> {
        let mut tx = self.begin().await?;
        let record = insert(
            &mut tx,
            &self.audit_key,
            actor,
            at,
            id,
            office,
            notification,
        )
        .await?;
        tx.commit().await?;
        Ok(record)
    }

    /// Records an entry that another instance chose the id of (a notification forwarded to
    /// this node): the first delivery records it, a repeat of the same id for the same office
    /// returns the entry as it stands and records nothing (`false`). An id already taken by
    /// another office's entry is a conflict.
    pub async fn insert_entry_once(
        &self,
        actor: &Actor,
        at: OffsetDateTime,
        id: &str,
        office: &OfficeId,
        notification: &Notification,
    ) -> Result<(EntryRecord, bool), StoreError> {
        let mut tx = self.begin().await?;
        if let Some(existing) = fetch(&mut tx, office, id).await? {
            return Ok((existing, false));
        }
        let taken = sqlx::query("SELECT 1 AS one FROM register_entries WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
        if taken.is_some() {
            return Err(StoreError::Conflict(
                "the entry id belongs to another register",
            ));
        }
        let record = insert(
            &mut tx,
            &self.audit_key,
            actor,
            at,
            id,
            office,
            notification,
        )
        .await?;
        tx.commit().await?;
        Ok((record, true))
    }

    /// Which office keeps an entry. Reveals nothing but that, so that callers can tell "another
    /// office's entry" (403) from "no such entry" (404); not audited, since no register data
    /// is read.
    pub async fn entry_owner(&self, id: &str) -> Result<Option<OfficeId>, StoreError> {
        let row = sqlx::query("SELECT register_office_id FROM register_entries WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|row| {
            let office: String = row.try_get("register_office_id")?;
            OfficeId::parse(&office).map_err(|_| StoreError::Corrupt(office))
        })
        .transpose()
    }

    /// A page of `office`'s register, newest first.
    pub async fn entries(
        &self,
        actor: &Actor,
        at: OffsetDateTime,
        office: &OfficeId,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<EntryRecord>, StoreError> {
        let query = sqlx::query(AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM register_entries WHERE register_office_id = $1 \
             ORDER BY created_at DESC, id LIMIT $2 OFFSET $3"
        )))
        .bind(office.as_str())
        .bind(limit)
        .bind(offset);
        self.audited_list(
            actor,
            at,
            office,
            "register.listed",
            query,
            entry_record,
            |count| json!({"count": count, "offset": offset}),
        )
        .await
    }

    /// One entry of `office`'s register; `None` for an entry of another office.
    pub async fn entry(
        &self,
        actor: &Actor,
        at: OffsetDateTime,
        office: &OfficeId,
        id: &str,
    ) -> Result<Option<EntryRecord>, StoreError> {
        let mut tx = self.begin().await?;
        let record = fetch(&mut tx, office, id).await?;
        if record.is_some() {
            audit::append(
                &mut tx,
                &self.audit_key,
                at,
                actor,
                Some(office),
                "register_entry.read",
                id,
                json!({}),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(record)
    }

    /// Every version of one entry of `office`'s register, oldest first.
    pub async fn entry_history(
        &self,
        actor: &Actor,
        at: OffsetDateTime,
        office: &OfficeId,
        id: &str,
    ) -> Result<Vec<EntryVersion>, StoreError> {
        let mut tx = self.begin().await?;
        if fetch(&mut tx, office, id).await?.is_none() {
            return Err(StoreError::NotFound);
        }
        let rows = sqlx::query(
            "SELECT version, change, reason, status, data, at, actor FROM register_entry_versions \
             WHERE entry_id = $1 ORDER BY version",
        )
        .bind(id)
        .fetch_all(&mut *tx)
        .await?;
        let versions = rows
            .iter()
            .map(|row| {
                Ok(EntryVersion {
                    version: row.try_get("version")?,
                    change: row.try_get("change")?,
                    reason: row.try_get("reason")?,
                    status: EntryStatus::parse(&row.try_get::<String, _>("status")?)?,
                    notification: serde_json::from_str(&row.try_get::<String, _>("data")?)?,
                    at: parse_ts(&row.try_get::<String, _>("at")?)?,
                    actor: row.try_get("actor")?,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        audit::append(
            &mut tx,
            &self.audit_key,
            at,
            actor,
            Some(office),
            "register_entry.history_read",
            id,
            json!({}),
        )
        .await?;
        tx.commit().await?;
        Ok(versions)
    }

    /// Replaces the content of an active entry, keeping the old version in the history.
    #[allow(clippy::too_many_arguments)]
    pub async fn correct_entry(
        &self,
        actor: &Actor,
        at: OffsetDateTime,
        office: &OfficeId,
        id: &str,
        notification: &Notification,
        reason: &str,
    ) -> Result<EntryRecord, StoreError> {
        self.change_entry(actor, at, office, id, Change::Correct(notification), reason)
            .await
    }

    /// Cancels an active entry: it stays in the register and its history, but no longer counts.
    pub async fn cancel_entry(
        &self,
        actor: &Actor,
        at: OffsetDateTime,
        office: &OfficeId,
        id: &str,
        reason: &str,
    ) -> Result<EntryRecord, StoreError> {
        self.change_entry(actor, at, office, id, Change::Cancel, reason)
            .await
    }

    async fn change_entry(
        &self,
        actor: &Actor,
        at: OffsetDateTime,
        office: &OfficeId,
        id: &str,
        change: Change<'_>,
        reason: &str,
    ) -> Result<EntryRecord, StoreError> {
        let mut tx = self.begin().await?;
        let record = apply_change(
            &mut tx,
            &self.audit_key,
            actor,
            at,
            office,
            id,
            change,
            reason,
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(record)
    }
}

pub(crate) enum Change<'a> {
    Correct(&'a Notification),
    Cancel,
}

/// Writes a correction or cancellation of an active entry inside `tx`: the new version, its
/// index keys and its audit record. With `expected_version`, refuses an entry that has changed
/// since (a four-eyes request approved after someone else changed the entry).
#[allow(clippy::too_many_arguments)]
pub(crate) async fn apply_change(
    tx: &mut Transaction<'static, Any>,
    key: &AuditKey,
    actor: &Actor,
    at: OffsetDateTime,
    office: &OfficeId,
    id: &str,
    change: Change<'_>,
    reason: &str,
    expected_version: Option<i64>,
) -> Result<EntryRecord, StoreError> {
    let current = fetch(tx, office, id).await?.ok_or(StoreError::NotFound)?;
    if current.status == EntryStatus::Cancelled {
        return Err(StoreError::Conflict("the entry is cancelled"));
    }
    if expected_version.is_some_and(|v| v != current.version) {
        return Err(StoreError::Conflict("the entry changed meanwhile"));
    }
    let (label, status, notification) = match change {
        Change::Correct(n) => ("corrected", EntryStatus::Active, n),
        Change::Cancel => ("cancelled", EntryStatus::Cancelled, &current.notification),
    };
    let data = serde_json::to_string(notification)?;
    let version = current.version + 1;
    let updated = sqlx::query(
        "UPDATE register_entries SET status = $1, version = $2, data = $3, \
         child_birth_date = $4, updated_at = $5 \
         WHERE id = $6 AND register_office_id = $7 AND version = $8",
    )
    .bind(status.as_str())
    .bind(version)
    .bind(&data)
    .bind(day(notification.child.birth_date))
    .bind(ts(at))
    .bind(id)
    .bind(office.as_str())
    .bind(current.version)
    .execute(&mut **tx)
    .await?;
    if updated.rows_affected() != 1 {
        return Err(StoreError::Conflict("the entry changed meanwhile"));
    }
    write_version(
        tx,
        id,
        version,
        label,
        Some(reason),
        status,
        &data,
        at,
        actor,
    )
    .await?;
    crate::candidates::write_keys(tx, office, id, notification, status == EntryStatus::Active)
        .await?;
    audit::append(
        tx,
        key,
        at,
        actor,
        Some(office),
        &format!("register_entry.{label}"),
        id,
        json!({"version": version}),
    )
    .await?;
    fetch(tx, office, id).await?.ok_or(StoreError::NotFound)
}

/// Records a new entry in `office`'s register inside `tx`: the entry, its first version, its
/// index rows and the audit record.
pub(crate) async fn insert(
    tx: &mut Transaction<'static, Any>,
    audit_key: &AuditKey,
    actor: &Actor,
    at: OffsetDateTime,
    id: &str,
    office: &OfficeId,
    notification: &Notification,
) -> Result<EntryRecord, StoreError> {
    let data = serde_json::to_string(notification)?;
    sqlx::query(
        "INSERT INTO register_entries (id, register_office_id, child_birth_date, status, \
         version, data, created_at, updated_at) VALUES ($1, $2, $3, 'active', 1, $4, $5, $5)",
    )
    .bind(id)
    .bind(office.as_str())
    .bind(day(notification.child.birth_date))
    .bind(&data)
    .bind(ts(at))
    .execute(&mut **tx)
    .await?;
    write_version(
        tx,
        id,
        1,
        "created",
        None,
        EntryStatus::Active,
        &data,
        at,
        actor,
    )
    .await?;
    crate::candidates::write_keys(tx, office, id, notification, true).await?;
    audit::append(
        tx,
        audit_key,
        at,
        actor,
        Some(office),
        "register_entry.created",
        id,
        json!({"kind": notification.kind.as_str(), "scope": notification.scope.as_str()}),
    )
    .await?;
    fetch(tx, office, id).await?.ok_or(StoreError::NotFound)
}

pub(crate) async fn fetch(
    tx: &mut Transaction<'static, Any>,
    office: &OfficeId,
    id: &str,
) -> Result<Option<EntryRecord>, StoreError> {
    let row = sqlx::query(AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM register_entries WHERE id = $1 AND register_office_id = $2"
    )))
    .bind(id)
    .bind(office.as_str())
    .fetch_optional(&mut **tx)
    .await?;
    row.as_ref().map(entry_record).transpose()
}

#[allow(clippy::too_many_arguments)]
async fn write_version(
    tx: &mut Transaction<'static, Any>,
    id: &str,
    version: i64,
    change: &str,
    reason: Option<&str>,
    status: EntryStatus,
    data: &str,
    at: OffsetDateTime,
    actor: &Actor,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO register_entry_versions (entry_id, version, change, reason, status, data, \
         at, actor) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(id)
    .bind(version)
    .bind(change)
    .bind(reason)
    .bind(status.as_str())
    .bind(data)
    .bind(ts(at))
    .bind(&actor.id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub(crate) fn entry_record(row: &sqlx::any::AnyRow) -> Result<EntryRecord, StoreError> {
    let office: String = row.try_get("register_office_id")?;
    Ok(EntryRecord {
        id: row.try_get("id")?,
        register_office: OfficeId::parse(&office).map_err(|_| StoreError::Corrupt(office))?,
        status: EntryStatus::parse(&row.try_get::<String, _>("status")?)?,
        version: row.try_get("version")?,
        notification: serde_json::from_str(&row.try_get::<String, _>("data")?)?,
        created_at: parse_ts(&row.try_get::<String, _>("created_at")?)?,
        updated_at: parse_ts(&row.try_get::<String, _>("updated_at")?)?,
    })
}
