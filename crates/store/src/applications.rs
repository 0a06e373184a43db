//! Applications and their persisted pipeline state.
//!
//! Every state change is a compare-and-set on the current status inside one transaction that
//! also writes its side effects (the query message, the certificate) and the audit record. A
//! step repeated after a crash therefore either finds its work done or does it once.

use serde_json::json;
use sqlx::{Any, AssertSqlSafe, Row, Transaction};
use std::collections::BTreeSet;
use time::OffsetDateTime;

use crate::audit::{self, Actor};
use crate::certificates::NewCertificate;
use crate::time_text::{parse_ts, ts};
use crate::{Store, StoreError};
use domain::OfficeId;
use domain::application::Application;
use domain::decision::Outcome;
use domain::eligibility::Ineligibility;
use domain::register::{CustodyPart, RegisterAnswer};

mod listing;

pub use listing::{ApplicationOffices, ApplicationPage, CertificateSummary, OfficeApplication};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Received,
    WaitingForRegister,
    InReview,
    Decided,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Received => "received",
            Status::WaitingForRegister => "waiting_for_register",
            Status::InReview => "in_review",
            Status::Decided => "decided",
        }
    }

    pub(crate) fn parse(raw: &str) -> Result<Status, StoreError> {
        Ok(match raw {
            "received" => Status::Received,
            "waiting_for_register" => Status::WaitingForRegister,
            "in_review" => Status::InReview,
            "decided" => Status::Decided,
            other => return Err(StoreError::Corrupt(format!("status {other}"))),
        })
    }
}

/// An application as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct ApplicationRecord {
    pub id: String,
    pub client_id: String,
    pub request_hash: String,
    pub status: Status,
    pub outcome: Option<Outcome>,
    pub issuing_office: OfficeId,
    pub register_office: OfficeId,
    pub application: Application,
    pub received_at: OffsetDateTime,
    pub decided_at: Option<OffsetDateTime>,
    /// The citizen who applied through the portal (the subject, a SHA-256 hex digest); `None`
    /// for applications that came in through the API.
    pub citizen: Option<String>,
    /// Reviewed (or, while `in_review`, being reviewed) at the register office's own node,
    /// not in this instance's queue: the worker asks the node again until it answers with its
    /// settlement.
    pub review_at_node: bool,
    /// Tries of the current step that got no answer (for the retry's backoff).
    pub attempts: i64,
}

/// What to store for a new application.
pub struct NewApplication<'a> {
    pub id: &'a str,
    pub client_id: &'a str,
    pub idempotency_key: Option<&'a str>,
    pub request_hash: &'a str,
    pub issuing_office: &'a OfficeId,
    pub register_office: &'a OfficeId,
    pub application: &'a Application,
    /// Set when eligibility already refuses the application: it is stored decided.
    pub refused: Option<Ineligibility>,
    /// Epoch milliseconds until which the submitting process owns the next step.
    pub lease_until_ms: i64,
    /// The citizen applying through the portal (the subject, a SHA-256 hex digest), whom the
    /// application then belongs to; `None` for the API.
    pub citizen: Option<&'a str>,
}

/// The result of [`Store::insert_application`].
#[derive(Debug, Clone, PartialEq)]
pub enum Inserted {
    New(String),
    /// The client used this idempotency key before; `same_request` tells whether the body was
    /// the same.
    Existing {
        id: String,
        same_request: bool,
    },
}

/// What the issuing office made of the register's answer.
pub enum Resolution {
    Decided {
        outcome: Outcome,
        certificate: Option<NewCertificate>,
    },
    /// A person of the register office reviews the case here, in this instance's queue.
    Review,
    /// A person of the register office reviews the case on the office's own node; the worker
    /// asks again until the node answers with its settlement.
    ReviewAtNode,
}

pub(crate) const COLUMNS: &str = "id, client_id, request_hash, status, outcome, partial_scope, \
    reason, issuing_office_id, register_office_id, payload, received_at, decided_at, citizen, \
    review_at_node, attempts";

impl Store {
    /// Stores a new application (status `received`, or `decided` when refused) with its audit
    /// record, or finds the one stored earlier under the same client and idempotency key.
    pub async fn insert_application(
        &self,
        actor: &Actor,
        at: OffsetDateTime,
        new: NewApplication<'_>,
    ) -> Result<Inserted, StoreError> {
        if let Some(citizen) = new.citizen {
            crate::citizens::check_subject(citizen)?;
        }
        let mut tx = self.begin().await?;
        if let Some(existing) = find_by_key(&mut tx, new.client_id, new.idempotency_key).await? {
            return Ok(existing_result(existing, new.request_hash));
        }
        let (status, outcome, reason, decided_at) = match new.refused {
            Some(reason) => (
                Status::Decided,
                Some("not_eligible"),
                Some(reason.as_str()),
                Some(ts(at)),
            ),
            None => (Status::Received, None, None, None),
        };
        let inserted = sqlx::query(
            "INSERT INTO applications (id, client_id, idempotency_key, request_hash, status, \
             outcome, reason, issuing_office_id, register_office_id, payload, received_at, \
             decided_at, lease_until, citizen) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) \
             ON CONFLICT (client_id, idempotency_key) DO NOTHING",
        )
        .bind(new.id)
        .bind(new.client_id)
        .bind(new.idempotency_key)
        .bind(new.request_hash)
        .bind(status.as_str())
        .bind(outcome)
        .bind(reason)
        .bind(new.issuing_office.as_str())
        .bind(new.register_office.as_str())
        .bind(serde_json::to_string(new.application)?)
        .bind(ts(at))
        .bind(decided_at)
        .bind(new.lease_until_ms)
        .bind(new.citizen)
        .execute(&mut *tx)
        .await?;
        if inserted.rows_affected() == 0 {
            // A concurrent request with the same key won the race.
            tx.rollback().await?;
            let mut tx = self.begin().await?;
            let existing = find_by_key(&mut tx, new.client_id, new.idempotency_key)
                .await?
                .ok_or(StoreError::Conflict("idempotency key"))?;
            return Ok(existing_result(existing, new.request_hash));
        }
        audit::append(
            &mut tx,
            &self.audit_key,
            at,
            actor,
            Some(new.issuing_office),
            "application.received",
            new.id,
            json!({"register_office": new.register_office.as_str()}),
        )
        .await?;
        if let Some(reason) = new.refused {
            audit::append(
                &mut tx,
                &self.audit_key,
                at,
                actor,
                Some(new.issuing_office),
                "application.decided",
                new.id,
                json!({"outcome": "not_eligible", "reason": reason.as_str()}),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(Inserted::New(new.id.to_owned()))
    }

    pub async fn application(&self, id: &str) -> Result<Option<ApplicationRecord>, StoreError> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM applications WHERE id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(application_record).transpose()
    }

    /// How many applications exist (for operators and tests).
    pub async fn application_count(&self) -> Result<i64, StoreError> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM applications")
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get("n")?)
    }

    /// How many applications wait for each register office's answer (the federation outbox),
    /// offices with none left out; at most `limit` offices, by id.
    pub async fn waiting_for_register_by_office(
        &self,
        limit: i64,
    ) -> Result<Vec<(OfficeId, i64)>, StoreError> {
        let rows = sqlx::query(
            "SELECT register_office_id AS office, COUNT(*) AS n FROM applications \
             WHERE status = 'waiting_for_register' GROUP BY register_office_id \
             ORDER BY register_office_id LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                let office: String = row.try_get("office")?;
                let n: i64 = row.try_get("n")?;
                Ok((
                    OfficeId::parse(&office).map_err(|_| StoreError::Corrupt(office))?,
                    n,
                ))
            })
            .collect()
    }

    /// `received` → `waiting_for_register`, storing the query message to the register office.
    /// Returns false when another process took this step already.
    #[allow(clippy::too_many_arguments)]
    pub async fn send_register_query(
        &self,
        actor: &Actor,
        at: OffsetDateTime,
        application_id: &str,
        query_id: &str,
        from: &OfficeId,
        to: &OfficeId,
        query: &str,
    ) -> Result<bool, StoreError> {
        let mut tx = self.begin().await?;
        let moved = sqlx::query(
            "UPDATE applications SET status = 'waiting_for_register' \
             WHERE id = $1 AND status = 'received'",
        )
        .bind(application_id)
        .execute(&mut *tx)
        .await?;
        if moved.rows_affected() == 0 {
            tx.rollback().await?;
            return Ok(false);
        }
        sqlx::query(
            "INSERT INTO register_queries (id, application_id, from_office_id, to_office_id, \
             query, sent_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(query_id)
        .bind(application_id)
        .bind(from.as_str())
        .bind(to.as_str())
        .bind(query)
        .bind(ts(at))
        .execute(&mut *tx)
        .await?;
        audit::append(
            &mut tx,
            &self.audit_key,
            at,
            actor,
            Some(from),
            "register_query.sent",
            application_id,
            json!({"query": query_id, "to": to.as_str()}),
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// The stored query message of an application, as sent.
    pub async fn register_query_of(
        &self,
        application_id: &str,
    ) -> Result<Option<(String, String)>, StoreError> {
        let row = sqlx::query("SELECT id, query FROM register_queries WHERE application_id = $1")
            .bind(application_id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|row| Ok((row.try_get("id")?, row.try_get("query")?)))
            .transpose()
    }

    /// `waiting_for_register` (or in review at the register office's node) → `decided` or
    /// `in_review`: stores the register's answer, the outcome and the certificate in one
    /// transaction. Returns false when another process took this step already. A review at
    /// the node leaves the query unanswered until the node answers with its settlement.
    #[allow(clippy::too_many_arguments)]
    pub async fn resolve_application(
        &self,
        actor: &Actor,
        at: OffsetDateTime,
        application_id: &str,
        answer: &RegisterAnswer,
        answered_at: OffsetDateTime,
        resolution: Resolution,
    ) -> Result<bool, StoreError> {
        if let Resolution::Decided {
            outcome: Outcome::PartialCertificate { parts },
            ..
        } = &resolution
            && parts.is_empty()
        {
            return Err(StoreError::Conflict(
                "a partial certificate names its parts",
            ));
        }
        let mut tx = self.begin().await?;
        let (status, outcome) = match &resolution {
            Resolution::Decided { outcome, .. } => (Status::Decided, Some(outcome)),
            Resolution::Review | Resolution::ReviewAtNode => (Status::InReview, None),
        };
        let at_node = matches!(resolution, Resolution::ReviewAtNode);
        let parts = outcome.and_then(partial_parts).map(parts_text);
        let moved = sqlx::query(
            "UPDATE applications SET status = $1, outcome = $2, partial_scope = $3, \
             decided_at = $4, attempts = 0, \
             review_at_node = CASE WHEN $5 = 1 THEN 1 WHEN $1 = 'in_review' THEN 0 \
             ELSE review_at_node END WHERE id = $6 \
             AND (status = 'waiting_for_register' \
             OR (status = 'in_review' AND review_at_node = 1 AND $5 = 0))",
        )
        .bind(status.as_str())
        .bind(outcome.map(|o| o.as_str()))
        .bind(parts)
        .bind(outcome.map(|_| ts(at)))
        .bind(i64::from(at_node))
        .bind(application_id)
        .execute(&mut *tx)
        .await?;
        if moved.rows_affected() == 0 {
            tx.rollback().await?;
            return Ok(false);
        }
        if at_node {
            let office = issuing_office(&mut tx, application_id).await?;
            audit::append(
                &mut tx,
                &self.audit_key,
                at,
                actor,
                Some(&office),
                "application.in_review",
                application_id,
                json!({"outcome": null, "review": "register_node"}),
            )
            .await?;
            tx.commit().await?;
            return Ok(true);
        }
        let answered = sqlx::query(
            "UPDATE register_queries SET answer = $1, answered_at = $2 \
             WHERE application_id = $3 AND answer IS NULL",
        )
        .bind(serde_json::to_string(answer)?)
        .bind(ts(answered_at))
        .bind(application_id)
        .execute(&mut *tx)
        .await?;
        if answered.rows_affected() != 1 {
            return Err(StoreError::Conflict("register query missing or answered"));
        }
        let office = issuing_office(&mut tx, application_id).await?;
        let detail = match &resolution {
            Resolution::Decided {
                outcome,
                certificate,
            } => {
                if let Some(certificate) = certificate {
                    crate::certificates::insert(
                        &mut tx,
                        application_id,
                        &office,
                        outcome,
                        certificate,
                    )
                    .await?;
                }
                json!({
                    "outcome": outcome.as_str(),
                    "certificate": certificate.as_ref().map(|c| c.number.as_str().to_owned()),
                })
            }
            Resolution::Review | Resolution::ReviewAtNode => {
                json!({"outcome": null, "review": true})
            }
        };
        audit::append(
            &mut tx,
            &self.audit_key,
            at,
            actor,
            Some(&office),
            if outcome.is_some() {
                "application.decided"
            } else {
                "application.in_review"
            },
            application_id,
            detail,
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Leaves an application's current step for later: its next try is not before
    /// `retry_at_ms` (epoch milliseconds), and one more try is counted. Only a step still
    /// open is deferred (received, waiting for the register, or in review at its node).
    pub async fn defer_application(
        &self,
        application_id: &str,
        retry_at_ms: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE applications SET lease_until = $1, attempts = attempts + 1 WHERE id = $2 \
             AND (status IN ('received', 'waiting_for_register') \
             OR (status = 'in_review' AND review_at_node = 1))",
        )
        .bind(retry_at_ms)
        .bind(application_id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Claims up to `limit` applications whose pipeline stopped short of a result (or that are
    /// in review at their register office's node) and whose lease has run out, extending their lease; the claiming worker then advances them. On PostgreSQL
    /// concurrent workers skip each other's rows; SQLite has a single writer.
    pub async fn claim_unfinished(
        &self,
        now_ms: i64,
        lease_ms: i64,
        limit: i64,
    ) -> Result<Vec<String>, StoreError> {
        let lock = match self.backend {
            crate::backend::Backend::Sqlite => "",
            crate::backend::Backend::Postgres => " FOR UPDATE SKIP LOCKED",
        };
        let mut tx = self.begin().await?;
        let rows = sqlx::query(AssertSqlSafe(format!(
            "UPDATE applications SET lease_until = $1 WHERE id IN (\
             SELECT id FROM applications \
             WHERE (status IN ('received', 'waiting_for_register') \
             OR (status = 'in_review' AND review_at_node = 1)) AND lease_until < $2 \
             ORDER BY received_at LIMIT $3{lock}) RETURNING id"
        )))
        .bind(now_ms + lease_ms)
        .bind(now_ms)
        .bind(limit)
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        rows.iter()
            .map(|row| Ok(row.try_get::<String, _>("id")?))
            .collect()
    }
}

async fn issuing_office(
    tx: &mut Transaction<'static, Any>,
    application_id: &str,
) -> Result<OfficeId, StoreError> {
    let row = sqlx::query("SELECT issuing_office_id FROM applications WHERE id = $1")
        .bind(application_id)
        .fetch_one(&mut **tx)
        .await?;
    crate::error::office_id(row.try_get("issuing_office_id")?)
}

async fn find_by_key(
    tx: &mut Transaction<'static, Any>,
    client_id: &str,
    key: Option<&str>,
) -> Result<Option<(String, String)>, StoreError> {
    let Some(key) = key else { return Ok(None) };
    let row = sqlx::query(
        "SELECT id, request_hash FROM applications WHERE client_id = $1 AND idempotency_key = $2",
    )
    .bind(client_id)
    .bind(key)
    .fetch_optional(&mut **tx)
    .await?;
    row.map(|row| Ok((row.try_get("id")?, row.try_get("request_hash")?)))
        .transpose()
}

fn existing_result((id, hash): (String, String), request_hash: &str) -> Inserted {
    Inserted::Existing {
        id,
        same_request: hash == request_hash,
    }
}

pub(crate) fn partial_parts(outcome: &Outcome) -> Option<&BTreeSet<CustodyPart>> {
    match outcome {
        Outcome::PartialCertificate { parts } => Some(parts),
        _ => None,
    }
}

pub(crate) fn parts_text(parts: &BTreeSet<CustodyPart>) -> String {
    parts
        .iter()
        .map(|p| p.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

pub(crate) fn parse_outcome(
    outcome: Option<String>,
    parts: Option<String>,
    reason: Option<String>,
) -> Result<Option<Outcome>, StoreError> {
    let Some(outcome) = outcome else {
        return Ok(None);
    };
    Ok(Some(match outcome.as_str() {
        "negative_certificate" => Outcome::NegativeCertificate,
        "no_certificate" => Outcome::NoCertificate,
        "partial_certificate" => {
            let text = parts.unwrap_or_default();
            let parts = text
                .split(',')
                .map(|p| CustodyPart::parse(p).map_err(|_| StoreError::Corrupt(text.clone())))
                .collect::<Result<_, _>>()?;
            Outcome::PartialCertificate { parts }
        }
        "not_eligible" => {
            let text = reason.unwrap_or_default();
            Outcome::NotEligible {
                reason: Ineligibility::parse(&text).ok_or(StoreError::Corrupt(text))?,
            }
        }
        _ => return Err(StoreError::Corrupt(outcome)),
    }))
}

pub(crate) fn application_record(row: &sqlx::any::AnyRow) -> Result<ApplicationRecord, StoreError> {
    let office = |column: &str| -> Result<OfficeId, StoreError> {
        let id: String = row.try_get(column)?;
        OfficeId::parse(&id).map_err(|_| StoreError::Corrupt(id))
    };
    let decided_at: Option<String> = row.try_get("decided_at")?;
    Ok(ApplicationRecord {
        id: row.try_get("id")?,
        client_id: row.try_get("client_id")?,
        request_hash: row.try_get("request_hash")?,
        status: Status::parse(&row.try_get::<String, _>("status")?)?,
        outcome: parse_outcome(
            row.try_get("outcome")?,
            row.try_get("partial_scope")?,
            row.try_get("reason")?,
        )?,
        issuing_office: office("issuing_office_id")?,
        register_office: office("register_office_id")?,
        application: serde_json::from_str(&row.try_get::<String, _>("payload")?)?,
        received_at: parse_ts(&row.try_get::<String, _>("received_at")?)?,
        decided_at: decided_at.as_deref().map(parse_ts).transpose()?,
        citizen: row.try_get("citizen")?,
        review_at_node: row.try_get::<i64, _>("review_at_node")? != 0,
        attempts: row.try_get("attempts")?,
    })
}
