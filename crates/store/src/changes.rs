//! Four-eyes changes of register entries: one person requests a correction or cancellation with
//! its reason, and it takes effect only when a second person of the same office approves it.
//!
//! A request names the entry's version it was made against; approving it after the entry has
//! changed otherwise is refused, so that nobody approves what they did not see. Requests are
//! never deleted: approved, rejected and withdrawn ones stay with who decided and when. At most
//! one request per entry is pending at a time. Which roles may request and approve is the
//! caller's business; that the approver is not the requester is enforced here.

use serde_json::json;
use sqlx::{Any, Row, Transaction};
use time::OffsetDateTime;

use crate::audit::{self, Actor, AuditKey};
use crate::register::{Change, EntryRecord, EntryStatus, apply_change, fetch};
use crate::time_text::{parse_ts, ts};
use crate::{Store, StoreError};
use domain::OfficeId;
use domain::register::Notification;

/// What a request would do to the entry.
#[derive(Debug, Clone, PartialEq)]
pub enum RequestedChange {
    /// Replace the entry's content with this notification.
    Correct(Box<Notification>),
    /// Cancel the entry (recorded in error, or for another child).
    Cancel,
}

impl RequestedChange {
    fn kind(&self) -> &'static str {
        match self {
            RequestedChange::Correct(_) => "correct",
            RequestedChange::Cancel => "cancel",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestStatus {
    Pending,
    Approved,
    Rejected,
    Withdrawn,
}

impl RequestStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RequestStatus::Pending => "pending",
            RequestStatus::Approved => "approved",
            RequestStatus::Rejected => "rejected",
            RequestStatus::Withdrawn => "withdrawn",
        }
    }

    fn parse(raw: &str) -> Result<RequestStatus, StoreError> {
        Ok(match raw {
            "pending" => RequestStatus::Pending,
            "approved" => RequestStatus::Approved,
            "rejected" => RequestStatus::Rejected,
            "withdrawn" => RequestStatus::Withdrawn,
            other => return Err(StoreError::Corrupt(format!("request status {other}"))),
        })
    }
}

/// A requested change and, once decided, its decision.
#[derive(Debug, Clone, PartialEq)]
pub struct ChangeRequest {
    pub id: String,
    pub entry_id: String,
    pub register_office: OfficeId,
    pub change: RequestedChange,
    pub reason: String,
    /// The entry's version the request was made against.
    pub base_version: i64,
    pub requested_by: String,
    pub requested_at: OffsetDateTime,
    pub status: RequestStatus,
    pub decided_by: Option<String>,
    pub decided_at: Option<OffsetDateTime>,
    pub decision_note: Option<String>,
}

const COLUMNS: &str = "id, entry_id, register_office_id, change, data, reason, base_version, \
                       requested_by, requested_at, status, decided_by, decided_at, decision_note";

impl Store {
    /// Requests a change of an active entry of `office`'s register. Refused while another
    /// request for the entry is pending, and for a cancelled entry.
    #[allow(clippy::too_many_arguments)]
    pub async fn request_entry_change(
        &self,
        actor: &Actor,
        at: OffsetDateTime,
        office: &OfficeId,
        request_id: &str,
        entry_id: &str,
        change: &RequestedChange,
        reason: &str,
    ) -> Result<ChangeRequest, StoreError> {
        let mut tx = self.begin().await?;
        let entry = fetch(&mut tx, office, entry_id)
            .await?
            .ok_or(StoreError::NotFound)?;
        if entry.status == EntryStatus::Cancelled {
            return Err(StoreError::Conflict("the entry is cancelled"));
        }
        if pending_of(&mut tx, entry_id).await?.is_some() {
            return Err(StoreError::Conflict(
                "a change of this entry is already pending",
            ));
        }
        let data = match change {
            RequestedChange::Correct(n) => Some(serde_json::to_string(n)?),
            RequestedChange::Cancel => None,
        };
        sqlx::query(
            "INSERT INTO register_change_requests (id, entry_id, register_office_id, change, \
             data, reason, base_version, requested_by, requested_at, status) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'pending')",
        )
        .bind(request_id)
        .bind(entry_id)
        .bind(office.as_str())
        .bind(change.kind())
        .bind(data)
        .bind(reason)
        .bind(entry.version)
        .bind(&actor.id)
        .bind(ts(at))
        .execute(&mut *tx)
        .await?;
        audit::append(
            &mut tx,
            &self.audit_key,
            at,
            actor,
            Some(office),
            "register_entry.change_requested",
            entry_id,
            json!({"request": request_id, "change": change.kind(), "version": entry.version}),
        )
        .await?;
        let request = existing_request(&mut tx, office, request_id).await?;
        tx.commit().await?;
        Ok(request)
    }

    /// Approves a pending request: the change takes effect in the same transaction. Refused
    /// to the person who requested it, and when the entry changed since the request.
    pub async fn approve_entry_change(
        &self,
        actor: &Actor,
        at: OffsetDateTime,
        office: &OfficeId,
        request_id: &str,
        note: Option<&str>,
    ) -> Result<EntryRecord, StoreError> {
        let mut tx = self.begin().await?;
        let request =
            pending_request(&mut tx, actor, office, request_id, RequestStatus::Approved).await?;
        let change = match &request.change {
            RequestedChange::Correct(n) => Change::Correct(n),
            RequestedChange::Cancel => Change::Cancel,
        };
        let record = apply_change(
            &mut tx,
            &self.audit_key,
            actor,
            at,
            office,
            &request.entry_id,
            change,
            &request.reason,
            Some(request.base_version),
        )
        .await?;
        decide(
            &mut tx,
            &self.audit_key,
            actor,
            at,
            office,
            &request,
            RequestStatus::Approved,
            note,
        )
        .await?;
        tx.commit().await?;
        Ok(record)
    }

    /// Rejects a pending request with a note; the entry stays as it is.
    pub async fn reject_entry_change(
        &self,
        actor: &Actor,
        at: OffsetDateTime,
        office: &OfficeId,
        request_id: &str,
        note: &str,
    ) -> Result<ChangeRequest, StoreError> {
        self.settle(
            actor,
            at,
            office,
            request_id,
            RequestStatus::Rejected,
            Some(note),
        )
        .await
    }

    /// The requester takes back a pending request.
    pub async fn withdraw_entry_change(
        &self,
        actor: &Actor,
        at: OffsetDateTime,
        office: &OfficeId,
        request_id: &str,
    ) -> Result<ChangeRequest, StoreError> {
        self.settle(
            actor,
            at,
            office,
            request_id,
            RequestStatus::Withdrawn,
            None,
        )
        .await
    }

    /// Settles a pending request as `status` without touching the entry, and reads it back.
    async fn settle(
        &self,
        actor: &Actor,
        at: OffsetDateTime,
        office: &OfficeId,
        request_id: &str,
        status: RequestStatus,
        note: Option<&str>,
    ) -> Result<ChangeRequest, StoreError> {
        let mut tx = self.begin().await?;
        let request = pending_request(&mut tx, actor, office, request_id, status).await?;
        decide(
            &mut tx,
            &self.audit_key,
            actor,
            at,
            office,
            &request,
            status,
            note,
        )
        .await?;
        let request = existing_request(&mut tx, office, request_id).await?;
        tx.commit().await?;
        Ok(request)
    }

    /// The pending requests of `office`'s register, oldest first (the approvers' queue).
    pub async fn pending_entry_changes(
        &self,
        actor: &Actor,
        at: OffsetDateTime,
        office: &OfficeId,
    ) -> Result<Vec<ChangeRequest>, StoreError> {
        let query = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM register_change_requests \
             WHERE register_office_id = $1 AND status = 'pending' ORDER BY requested_at, id"
        )))
        .bind(office.as_str());
        self.audited_list(
            actor,
            at,
            office,
            "register.change_requests_listed",
            query,
            change_request,
            |count| json!({"count": count}),
        )
        .await
    }

    /// Every request ever made for one entry of `office`'s register, oldest first.
    pub async fn entry_change_requests(
        &self,
        office: &OfficeId,
        entry_id: &str,
    ) -> Result<Vec<ChangeRequest>, StoreError> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM register_change_requests \
             WHERE register_office_id = $1 AND entry_id = $2 ORDER BY requested_at, id"
        )))
        .bind(office.as_str())
        .bind(entry_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(change_request).collect()
    }

    /// One request of `office`'s register; `None` for another office's.
    pub async fn entry_change_request(
        &self,
        office: &OfficeId,
        request_id: &str,
    ) -> Result<Option<ChangeRequest>, StoreError> {
        request_in(&self.pool, office, request_id).await
    }
}

/// The pending request `request_id` of `office`, which `actor` may settle as `status`: a
/// second person approves or rejects it, only the requester withdraws it.
async fn pending_request(
    tx: &mut Transaction<'static, Any>,
    actor: &Actor,
    office: &OfficeId,
    request_id: &str,
    status: RequestStatus,
) -> Result<ChangeRequest, StoreError> {
    let request = existing_request(tx, office, request_id).await?;
    if request.status != RequestStatus::Pending {
        return Err(StoreError::Conflict("the request is already decided"));
    }
    let own = request.requested_by == actor.id;
    if status == RequestStatus::Withdrawn && !own {
        return Err(StoreError::Conflict(
            "only the requester can withdraw a request",
        ));
    }
    if status != RequestStatus::Withdrawn && own {
        return Err(StoreError::Conflict(
            "a change needs a second person: the requester cannot decide it",
        ));
    }
    Ok(request)
}

#[allow(clippy::too_many_arguments)]
async fn decide(
    tx: &mut Transaction<'static, Any>,
    key: &AuditKey,
    actor: &Actor,
    at: OffsetDateTime,
    office: &OfficeId,
    request: &ChangeRequest,
    status: RequestStatus,
    note: Option<&str>,
) -> Result<(), StoreError> {
    let updated = sqlx::query(
        "UPDATE register_change_requests SET status = $1, decided_by = $2, decided_at = $3, \
         decision_note = $4 WHERE id = $5 AND register_office_id = $6 AND status = 'pending'",
    )
    .bind(status.as_str())
    .bind(&actor.id)
    .bind(ts(at))
    .bind(note)
    .bind(&request.id)
    .bind(office.as_str())
    .execute(&mut **tx)
    .await?;
    if updated.rows_affected() != 1 {
        return Err(StoreError::Conflict("the request is already decided"));
    }
    audit::append(
        tx,
        key,
        at,
        actor,
        Some(office),
        &format!("register_entry.change_{}", status.as_str()),
        &request.entry_id,
        json!({"request": request.id, "change": request.change.kind()}),
    )
    .await
}

async fn pending_of(
    tx: &mut Transaction<'static, Any>,
    entry_id: &str,
) -> Result<Option<String>, StoreError> {
    let row = sqlx::query(
        "SELECT id FROM register_change_requests WHERE entry_id = $1 AND status = 'pending'",
    )
    .bind(entry_id)
    .fetch_optional(&mut **tx)
    .await?;
    row.map(|r| r.try_get("id").map_err(StoreError::from))
        .transpose()
}

/// The request `request_id` of `office`; `None` for another office's.
async fn request_in<'e>(
    executor: impl sqlx::Executor<'e, Database = Any>,
    office: &OfficeId,
    request_id: &str,
) -> Result<Option<ChangeRequest>, StoreError> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM register_change_requests WHERE register_office_id = $1 AND id = $2"
    )))
    .bind(office.as_str())
    .bind(request_id)
    .fetch_optional(executor)
    .await?;
    row.as_ref().map(change_request).transpose()
}

/// The request `request_id` of `office`; not found for another office's.
async fn existing_request(
    tx: &mut Transaction<'static, Any>,
    office: &OfficeId,
    request_id: &str,
) -> Result<ChangeRequest, StoreError> {
    request_in(&mut **tx, office, request_id)
        .await?
        .ok_or(StoreError::NotFound)
}

fn change_request(row: &sqlx::any::AnyRow) -> Result<ChangeRequest, StoreError> {
    let office: String = row.try_get("register_office_id")?;
    let change = match row.try_get::<String, _>("change")?.as_str() {
        "correct" => {
            let data: Option<String> = row.try_get("data")?;
            let data = data.ok_or_else(|| StoreError::Corrupt("correction without data".into()))?;
            RequestedChange::Correct(Box::new(serde_json::from_str(&data)?))
        }
        "cancel" => RequestedChange::Cancel,
        other => return Err(StoreError::Corrupt(format!("requested change {other}"))),
    };
    let decided_at: Option<String> = row.try_get("decided_at")?;
    Ok(ChangeRequest {
        id: row.try_get("id")?,
        entry_id: row.try_get("entry_id")?,
        register_office: OfficeId::parse(&office).map_err(|_| StoreError::Corrupt(office))?,
        change,
        reason: row.try_get("reason")?,
        base_version: row.try_get("base_version")?,
        requested_by: row.try_get("requested_by")?,
        requested_at: parse_ts(&row.try_get::<String, _>("requested_at")?)?,
        status: RequestStatus::parse(&row.try_get::<String, _>("status")?)?,
        decided_by: row.try_get("decided_by")?,
        decided_at: decided_at.as_deref().map(parse_ts).transpose()?,
        decision_note: row.try_get("decision_note")?,
    })
}
