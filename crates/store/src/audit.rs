//! The audit log: who did what to which record, appended in the same transaction as the change.
//!
//! Entries name ids, never personal data: the subject is a record id, the detail a small JSON
//! object of codes and counts.

use serde_json::Value;
use sqlx::{Any, Row, Transaction};
use time::OffsetDateTime;

use crate::time_text::{parse_ts, ts};
use crate::{Store, StoreError};
use domain::OfficeId;

/// The party on whose behalf the store writes or reads register data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// `client:<id>` for an API client, `system:<part>` for the platform itself.
    pub id: String,
    /// The office the actor belongs to, if any.
    pub office: Option<OfficeId>,
}

impl Actor {
    pub fn client(id: &str, office: Option<OfficeId>) -> Actor {
        Actor {
            id: format!("client:{id}"),
            office,
        }
    }

    pub fn system(part: &str) -> Actor {
        Actor {
            id: format!("system:{part}"),
            office: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct AuditRecord {
    pub seq: i64,
    pub at: OffsetDateTime,
    pub actor: String,
    pub office: Option<String>,
    pub action: String,
    pub subject: String,
    pub detail: Value,
}

/// One audit record, as the statement that writes it.
pub(crate) fn record<'q>(
    at: OffsetDateTime,
    actor: &Actor,
    office: Option<&OfficeId>,
    action: &str,
    subject: &str,
    detail: Value,
) -> sqlx::query::Query<'q, Any, sqlx::any::AnyArguments> {
    sqlx::query(
        "INSERT INTO audit_log (at, actor, office_id, action, subject, detail) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(ts(at))
    .bind(actor.id.clone())
    .bind(office.map(|o| o.as_str().to_owned()))
    .bind(action.to_owned())
    .bind(subject.to_owned())
    .bind(detail.to_string())
}

/// Appends a record inside the transaction of the change it documents.
pub(crate) async fn append(
    tx: &mut Transaction<'static, Any>,
    at: OffsetDateTime,
    actor: &Actor,
    office: Option<&OfficeId>,
    action: &str,
    subject: &str,
    detail: Value,
) -> Result<(), StoreError> {
    record(at, actor, office, action, subject, detail)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

impl Store {
    /// Appends a record of a read on its own (one statement, committed at once). Callers read
    /// first and hand out the data only after this succeeded.
    pub(crate) async fn audit_read(
        &self,
        at: OffsetDateTime,
        actor: &Actor,
        office: Option<&OfficeId>,
        action: &str,
        subject: &str,
        detail: Value,
    ) -> Result<(), StoreError> {
        record(at, actor, office, action, subject, detail)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

impl Store {
    /// The audit trail of one office, newest first.
    pub async fn audit_trail(
        &self,
        office: &OfficeId,
        limit: i64,
    ) -> Result<Vec<AuditRecord>, StoreError> {
        let rows = sqlx::query(
            "SELECT seq, at, actor, office_id, action, subject, detail FROM audit_log \
             WHERE office_id = $1 ORDER BY seq DESC LIMIT $2",
        )
        .bind(office.as_str())
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(audit_record).collect()
    }

    /// Every audit record about one subject (an application, entry or certificate), oldest first.
    pub async fn audit_of(&self, subject: &str) -> Result<Vec<AuditRecord>, StoreError> {
        let rows = sqlx::query(
            "SELECT seq, at, actor, office_id, action, subject, detail FROM audit_log \
             WHERE subject = $1 ORDER BY seq",
        )
        .bind(subject)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(audit_record).collect()
    }
}

fn audit_record(row: &sqlx::any::AnyRow) -> Result<AuditRecord, StoreError> {
    Ok(AuditRecord {
        seq: row.try_get("seq")?,
        at: parse_ts(&row.try_get::<String, _>("at")?)?,
        actor: row.try_get("actor")?,
        office: row.try_get("office_id")?,
        action: row.try_get("action")?,
        subject: row.try_get("subject")?,
        detail: serde_json::from_str(&row.try_get::<String, _>("detail")?)?,
    })
}
