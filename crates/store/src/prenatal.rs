//! Notifications of Sorgeerklärungen made before the birth, waiting for the child's data
//! ([`domain::prenatal`]).
//!
//! An open notification belongs to the office that holds it: only that office lists, reads and
//! completes it. One search crosses offices, because it must: the search for open notifications
//! that could concern the child of an application ([`Store::prenatals_concerning`]), which
//! looks at every office this platform hosts, since the declarations may have been notified to
//! another office than the child's register office. What it finds is audited in the holding
//! office's trail. Completing a notification turns it into an entry of the register office of
//! the child's birthplace, in one transaction with the link between them.

use serde_json::json;
use sqlx::{Any, AssertSqlSafe, Row, Transaction};
use time::{Date, OffsetDateTime};

use crate::audit::{self, Actor, AuditKey};
use crate::error::office_id;
use crate::register::EntryRecord;
use crate::time_text::{day, parse_ts, ts};
use crate::{Store, StoreError};
use domain::OfficeId;
use domain::application::ChildIdentity;
use domain::matching::MatchPolicy;
use domain::prenatal::{
    Mother, MotherNames, PrenatalNotification, could_concern, declared_between,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrenatalStatus {
    /// Waiting for the child's data.
    Open,
    /// Completed: an entry of the register now.
    Completed,
}

impl PrenatalStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            PrenatalStatus::Open => "open",
            PrenatalStatus::Completed => "completed",
        }
    }

    fn parse(raw: &str) -> Result<PrenatalStatus, StoreError> {
        match raw {
            "open" => Ok(PrenatalStatus::Open),
            "completed" => Ok(PrenatalStatus::Completed),
            other => Err(StoreError::Corrupt(format!("prenatal status {other}"))),
        }
    }
}

/// A prenatal notification as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct PrenatalRecord {
    pub id: String,
    pub holding_office: OfficeId,
    pub status: PrenatalStatus,
    pub notification: PrenatalNotification,
    /// The entry it became, once completed.
    pub entry_id: Option<String>,
    pub created_at: OffsetDateTime,
    pub created_by: String,
    pub completed_at: Option<OffsetDateTime>,
    pub completed_by: Option<String>,
}

const COLUMNS: &str = "id, holding_office_id, status, data, entry_id, created_at, created_by, \
    completed_at, completed_by";

/// Most open notifications one office's list shows.
pub const LIST_LIMIT: i64 = 500;

impl Store {
    /// Records a prenatal notification held by `office`.
    pub async fn insert_prenatal(
        &self,
        actor: &Actor,
        at: OffsetDateTime,
        id: &str,
        office: &OfficeId,
        notification: &PrenatalNotification,
    ) -> Result<PrenatalRecord, StoreError> {
        let mut tx = self.begin().await?;
        sqlx::query(
            "INSERT INTO prenatal_notifications (id, holding_office_id, status, declared_on, \
             data, created_at, created_by) VALUES ($1, $2, 'open', $3, $4, $5, $6)",
        )
        .bind(id)
        .bind(office.as_str())
        .bind(day(notification.declared_on))
        .bind(serde_json::to_string(notification)?)
        .bind(ts(at))
        .bind(&actor.id)
        .execute(&mut *tx)
        .await?;
        let keys = MotherNames::of(&notification.mother).keys();
        for key in &keys {
            sqlx::query(
                "INSERT INTO prenatal_mother_keys (key, mother_birth_date, declared_on, \
                 prenatal_id) VALUES ($1, $2, $3, $4)",
            )
            .bind(key)
            .bind(day(notification.mother_birth_date))
            .bind(day(notification.declared_on))
            .bind(id)
            .execute(&mut *tx)
            .await?;
        }
        audit::append(
            &mut tx,
            &self.audit_key,
            at,
            actor,
            Some(office),
            "prenatal.recorded",
            id,
            json!({"source": notification.source.kind.as_str()}),
        )
        .await?;
        let record = fetch(&mut tx, Some(office), id)
            .await?
            .ok_or(StoreError::NotFound)?;
        tx.commit().await?;
        Ok(record)
    }

    /// Which office holds a prenatal notification; reveals nothing else and is not audited
    /// (see [`Store::entry_owner`]).
    pub async fn prenatal_owner(&self, id: &str) -> Result<Option<OfficeId>, StoreError> {
        let row = sqlx::query("SELECT holding_office_id FROM prenatal_notifications WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|row| office_id(row.try_get("holding_office_id")?))
            .transpose()
    }

    /// The open notifications `office` holds, longest waiting first.
    pub async fn open_prenatals(
        &self,
        actor: &Actor,
        at: OffsetDateTime,
        office: &OfficeId,
    ) -> Result<Vec<PrenatalRecord>, StoreError> {
        let query = sqlx::query(AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM prenatal_notifications \
             WHERE holding_office_id = $1 AND status = 'open' \
             ORDER BY created_at, id LIMIT $2"
        )))
        .bind(office.as_str())
        .bind(LIST_LIMIT);
        self.audited_list(
            actor,
            at,
            office,
            "prenatal.listed",
            query,
            prenatal_record,
            |count| json!({"count": count}),
        )
        .await
    }

    /// One notification `office` holds, open or completed; `None` for another office's.
    pub async fn prenatal(
        &self,
        actor: &Actor,
        at: OffsetDateTime,
        office: &OfficeId,
        id: &str,
    ) -> Result<Option<PrenatalRecord>, StoreError> {
        let mut tx = self.begin().await?;
        let record = fetch(&mut tx, Some(office), id).await?;
        if record.is_some() {
            audit::append(
                &mut tx,
                &self.audit_key,
                at,
                actor,
                Some(office),
                "prenatal.read",
                id,
                json!({}),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(record)
    }

    /// Completes an open notification `office` holds with the child's data: it becomes entry
    /// `entry_id` of `register_office`'s register (the office of the child's birthplace,
    /// which the caller has found). `NotFound` for another office's notification, a conflict
    /// when it was completed before.
    #[allow(clippy::too_many_arguments)]
    pub async fn complete_prenatal(
        &self,
        actor: &Actor,
        at: OffsetDateTime,
        office: &OfficeId,
        id: &str,
        entry_id: &str,
        register_office: &OfficeId,
        child: &ChildIdentity,
    ) -> Result<EntryRecord, StoreError> {
        let mut tx = self.begin().await?;
        let entry = complete(
            &mut tx,
            &self.audit_key,
            actor,
            at,
            Some(office),
            id,
            entry_id,
            register_office,
            child,
        )
        .await?;
        tx.commit().await?;
        Ok(entry)
    }

    /// The open notifications, held by any office of this platform, that could concern the
    /// child born on `birth_date` to `mother` ([`could_concern`]). Each one
    /// found is audited in its holding office's trail as read for `subject` (an application)
    /// by `actor`.
    pub async fn prenatals_concerning(
        &self,
        actor: &Actor,
        at: OffsetDateTime,
        mother: &Mother,
        birth_date: Date,
        policy: &MatchPolicy,
        subject: &str,
    ) -> Result<Vec<PrenatalRecord>, StoreError> {
        // The search only reads: no write lock unless something is found to audit.
        let found = {
            let mut connection = self.pool.acquire().await?;
            concerning(&mut connection, mother, birth_date, policy).await?
        };
        if found.is_empty() {
            return Ok(found);
        }
        let mut tx = self.begin().await?;
        for record in &found {
            audit::append(
                &mut tx,
                &self.audit_key,
                at,
                actor,
                Some(&record.holding_office),
                "prenatal.matched",
                &record.id,
                json!({"application": subject}),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(found)
    }
}

/// The open notifications that could concern the child (see [`Store::prenatals_concerning`]),
/// not audited.
async fn concerning(
    connection: &mut sqlx::AnyConnection,
    mother: &Mother,
    birth_date: Date,
    policy: &MatchPolicy,
) -> Result<Vec<PrenatalRecord>, StoreError> {
    let lookup = mother.retrieval(policy);
    let (first, last) = declared_between(birth_date);
    // $1, $2: the declaration span; then her date of birth with her name keys, then the near
    // dates with her pair keys (see `MotherRetrieval`).
    let mut binds: Vec<String> = vec![day(first), day(last), day(lookup.birth_date)];
    let mut list = |values: Vec<String>| {
        let start = binds.len();
        binds.extend(values);
        (start + 1..=binds.len())
            .map(|i| format!("${i}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let any = list(lookup.any_keys.clone());
    let mut branches = Vec::new();
    if !lookup.any_keys.is_empty() {
        branches.push(format!(
            "SELECT prenatal_id FROM prenatal_mother_keys WHERE key IN ({any}) \
             AND mother_birth_date = $3 AND declared_on BETWEEN $1 AND $2"
        ));
    }
    if !lookup.pair_keys.is_empty() && !lookup.near_dates.is_empty() {
        let pairs = list(lookup.pair_keys.clone());
        let dates = list(lookup.near_dates.iter().map(|d| day(*d)).collect());
        branches.push(format!(
            "SELECT prenatal_id FROM prenatal_mother_keys WHERE key IN ({pairs}) \
             AND mother_birth_date IN ({dates}) AND declared_on BETWEEN $1 AND $2"
        ));
    }
    if branches.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT {COLUMNS} FROM prenatal_notifications WHERE status = 'open' AND id IN ({}) \
         ORDER BY id",
        branches.join(" UNION ALL ")
    );
    let mut query = sqlx::query(AssertSqlSafe(sql));
    for value in binds {
        query = query.bind(value);
    }
    let rows = query.fetch_all(&mut *connection).await?;
    let mut found = Vec::new();
    for row in &rows {
        let record = prenatal_record(row)?;
        if could_concern(&record.notification, mother, birth_date, policy) {
            found.push(record);
        }
    }
    Ok(found)
}

/// Completes an open notification inside `tx` (see [`Store::complete_prenatal`]); `holder`
/// limits it to one office's notifications, `None` lets a review of the register office
/// complete a notification another office holds.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn complete(
    tx: &mut Transaction<'static, Any>,
    audit_key: &AuditKey,
    actor: &Actor,
    at: OffsetDateTime,
    holder: Option<&OfficeId>,
    id: &str,
    entry_id: &str,
    register_office: &OfficeId,
    child: &ChildIdentity,
) -> Result<EntryRecord, StoreError> {
    let record = fetch(tx, holder, id).await?.ok_or(StoreError::NotFound)?;
    if record.status != PrenatalStatus::Open {
        return Err(StoreError::Conflict(
            "the prenatal notification was completed before",
        ));
    }
    let notification = record.notification.completed(child.clone());
    let entry = crate::register::insert(
        tx,
        audit_key,
        actor,
        at,
        entry_id,
        register_office,
        &notification,
    )
    .await?;
    let moved = sqlx::query(
        "UPDATE prenatal_notifications SET status = 'completed', entry_id = $1, \
         completed_at = $2, completed_by = $3 WHERE id = $4 AND status = 'open'",
    )
    .bind(entry_id)
    .bind(ts(at))
    .bind(&actor.id)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    if moved.rows_affected() != 1 {
        return Err(StoreError::Conflict(
            "the prenatal notification was completed before",
        ));
    }
    sqlx::query("DELETE FROM prenatal_mother_keys WHERE prenatal_id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    audit::append(
        tx,
        audit_key,
        at,
        actor,
        Some(&record.holding_office),
        "prenatal.completed",
        id,
        json!({"entry": entry_id, "register_office": register_office.as_str()}),
    )
    .await?;
    Ok(entry)
}

async fn fetch(
    tx: &mut Transaction<'static, Any>,
    holder: Option<&OfficeId>,
    id: &str,
) -> Result<Option<PrenatalRecord>, StoreError> {
    let row = sqlx::query(AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM prenatal_notifications WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let record = prenatal_record(&row)?;
    Ok(match holder {
        Some(office) if *office != record.holding_office => None,
        _ => Some(record),
    })
}

fn prenatal_record(row: &sqlx::any::AnyRow) -> Result<PrenatalRecord, StoreError> {
    let completed_at: Option<String> = row.try_get("completed_at")?;
    Ok(PrenatalRecord {
        id: row.try_get("id")?,
        holding_office: office_id(row.try_get("holding_office_id")?)?,
        status: PrenatalStatus::parse(&row.try_get::<String, _>("status")?)?,
        notification: serde_json::from_str(&row.try_get::<String, _>("data")?)?,
        entry_id: row.try_get("entry_id")?,
        created_at: parse_ts(&row.try_get::<String, _>("created_at")?)?,
        created_by: row.try_get("created_by")?,
        completed_at: completed_at.as_deref().map(parse_ts).transpose()?,
        completed_by: row.try_get("completed_by")?,
    })
}
