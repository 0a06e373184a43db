//! The audit log: who did what to which record, appended in the same transaction as the change.
//!
//! Entries name ids, never personal data: the subject is a record id, the detail a small JSON
//! object of codes and counts. Each record is written with a random id and its MAC under the
//! platform's audit key, in the one INSERT that writes it; chaining and verification are
//! [`crate::audit_chain`].

use serde_json::Value;
use sqlx::{Any, Row, Transaction};
use time::OffsetDateTime;

use crate::audit_key::RecordFields;
use crate::time_text::{parse_ts, ts};
use crate::{Store, StoreError};
use domain::OfficeId;

pub use crate::audit_key::AuditKey;

/// How the ids of [`Actor::citizen`] begin, for presenting audit records.
pub const CITIZEN_ACTOR_PREFIX: &str = "citizen:";

/// The party on whose behalf the store writes or reads register data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// `client:<id>` for an API client, `system:<part>` for the platform itself,
    /// `citizen:<subject>` for a mother acting through the citizen portal.
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

    /// The applicant herself, acting through the citizen portal ("Antragstellerin
    /// (Bürgerportal)"). `subject` is her pseudonymous subject (a SHA-256 hex digest), never
    /// the identity provider's raw `sub` nor a name: the audit log holds no personal data.
    pub fn citizen(subject: &str) -> Actor {
        Actor {
            id: format!("{CITIZEN_ACTOR_PREFIX}{subject}"),
            office: None,
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
    /// The record's own id, covered by its MAC (absent only on a row written behind the store's
    /// back).
    pub record_id: Option<String>,
    /// Its position in the sealed chain; `None` until the sealer has chained it.
    pub chain_pos: Option<i64>,
    pub at: OffsetDateTime,
    pub actor: String,
    pub office: Option<String>,
    pub action: String,
    pub subject: String,
    pub detail: Value,
}

/// One audit record, as the statement that writes it: with its record id and its MAC, still
/// a single INSERT (the register search writes one per lookup).
pub(crate) fn record<'q>(
    key: &AuditKey,
    at: OffsetDateTime,
    actor: &Actor,
    office: Option<&OfficeId>,
    action: &str,
    subject: &str,
    detail: Value,
) -> sqlx::query::Query<'q, Any, sqlx::any::AnyArguments> {
    let record_id = new_record_id(at);
    let at = ts(at);
    let detail = detail.to_string();
    let office = office.map(|o| o.as_str().to_owned());
    let mac = key.record_mac(&RecordFields {
        record_id: &record_id,
        at: &at,
        actor: &actor.id,
        office: office.as_deref(),
        action,
        subject,
        detail: &detail,
    });
    sqlx::query(
        "INSERT INTO audit_log (record_id, at, actor, office_id, action, subject, detail, mac) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(record_id)
    .bind(at)
    .bind(actor.id.clone())
    .bind(office)
    .bind(action.to_owned())
    .bind(subject.to_owned())
    .bind(detail)
    .bind(mac)
}

/// A random UUID (version 7, whose leading bits are the record's time, so that the unique
/// index on record ids grows at its end rather than at random pages).
pub(crate) fn new_record_id(at: OffsetDateTime) -> String {
    let nanos = at.unix_timestamp_nanos().max(0);
    let seconds = u64::try_from(nanos / 1_000_000_000).unwrap_or(0);
    let subsec = u32::try_from(nanos % 1_000_000_000).unwrap_or(0);
    let timestamp = uuid::Timestamp::from_unix(uuid::NoContext, seconds, subsec);
    uuid::Uuid::new_v7(timestamp).to_string()
}

/// Appends a record inside the transaction of the change it documents.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn append(
    tx: &mut Transaction<'static, Any>,
    key: &AuditKey,
    at: OffsetDateTime,
    actor: &Actor,
    office: Option<&OfficeId>,
    action: &str,
    subject: &str,
    detail: Value,
) -> Result<(), StoreError> {
    record(key, at, actor, office, action, subject, detail)
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
        record(&self.audit_key, at, actor, office, action, subject, detail)
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
            "SELECT seq, record_id, chain_pos, at, actor, office_id, action, subject, detail \
             FROM audit_log WHERE office_id = $1 ORDER BY seq DESC LIMIT $2",
        )
        .bind(office.as_str())
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(audit_record).collect()
    }

    /// The newest `limit` audit records about one subject that belong to `office`'s trail,
    /// newest first: what a member of that office may see of the subject's history. Records
    /// another office wrote about the same subject (an application has two offices) are not
    /// among them.
    pub async fn office_audit_of(
        &self,
        office: &OfficeId,
        subject: &str,
        limit: i64,
    ) -> Result<Vec<AuditRecord>, StoreError> {
        let rows = sqlx::query(
            "SELECT seq, record_id, chain_pos, at, actor, office_id, action, subject, detail \
             FROM audit_log WHERE subject = $1 AND office_id = $2 ORDER BY seq DESC LIMIT $3",
        )
        .bind(subject)
        .bind(office.as_str())
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(audit_record).collect()
    }

    /// Every audit record about one subject (an application, entry or certificate), oldest first.
    pub async fn audit_of(&self, subject: &str) -> Result<Vec<AuditRecord>, StoreError> {
        let rows = sqlx::query(
            "SELECT seq, record_id, chain_pos, at, actor, office_id, action, subject, detail \
             FROM audit_log WHERE subject = $1 ORDER BY seq",
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
        record_id: row.try_get("record_id")?,
        chain_pos: row.try_get("chain_pos")?,
        at: parse_ts(&row.try_get::<String, _>("at")?)?,
        actor: row.try_get("actor")?,
        office: row.try_get("office_id")?,
        action: row.try_get("action")?,
        subject: row.try_get("subject")?,
        detail: serde_json::from_str(&row.try_get::<String, _>("detail")?)?,
    })
}
