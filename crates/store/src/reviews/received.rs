//! Review cases of queries received over federation: another instance asked this one's
//! register office about a child, and the matcher found an entry that might be that child.
//! The case waits in the register office's queue beside its own applications' cases; a person
//! judges every candidate entry as for an application, and the settled answer is what the
//! asking instance receives when it asks again (it asks until then).
//!
//! A received query has no application behind it here: the case knows the child as the query
//! names it, the asking office and the query's id, nothing of the mother, and the settlement
//! decides nothing here and issues no certificate. Scoped to the register office like every
//! case: another office's query is invisible.

use serde_json::json;
use sqlx::Row;
use time::OffsetDateTime;

use super::{CaseKey, ReviewCase, Settlement, VerdictRecord, answer_code};
use crate::applications::Status;
use crate::audit::{self, Actor};
use crate::error::office_id;
use crate::time_text::{parse_ts, ts};
use crate::{Store, StoreError};
use domain::OfficeId;
use domain::application::ChildIdentity;
use domain::decision::{Decision, decide};
use domain::register::RegisterAnswer;
use domain::review::Verdict;

/// A query received over federation that went to review, as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct ReceivedQuery {
    pub query_id: String,
    /// The asking office.
    pub from: OfficeId,
    pub register_office: OfficeId,
    pub child: ChildIdentity,
    pub received_at: OffsetDateTime,
    /// Once settled: the register's answer after review and the moment it reflects.
    pub answered: Option<(RegisterAnswer, OffsetDateTime)>,
}

/// What to store when a received query's case is settled.
#[derive(Debug, Clone, Copy)]
pub struct NewReceivedSettlement<'a> {
    pub query_id: &'a str,
    pub verdicts: &'a [VerdictRecord],
    /// Why; mandatory.
    pub note: &'a str,
    /// The register's answer after review; it must decide (not "maybe").
    pub answer: &'a RegisterAnswer,
    pub register_as_of: OffsetDateTime,
}

const COLUMNS: &str = "query_id, from_office_id, register_office_id, child, received_at, \
    status, answer, register_as_of";

impl Store {
    /// The received query stored under `query_id`, if it went to review here.
    pub async fn received_query(
        &self,
        query_id: &str,
    ) -> Result<Option<ReceivedQuery>, StoreError> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM received_queries WHERE query_id = $1"
        )))
        .bind(query_id)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(received_query).transpose()
    }

    /// Puts a received query into its register office's review queue, once: a query asked
    /// again under the same id is stored already and changes nothing (false).
    pub async fn refer_received_query(
        &self,
        actor: &Actor,
        at: OffsetDateTime,
        query_id: &str,
        from: &OfficeId,
        register_office: &OfficeId,
        child: &ChildIdentity,
    ) -> Result<bool, StoreError> {
        let mut tx = self.begin().await?;
        let inserted = sqlx::query(
            "INSERT INTO received_queries (query_id, from_office_id, register_office_id, child, \
             received_at, status) VALUES ($1, $2, $3, $4, $5, 'in_review') \
             ON CONFLICT (query_id) DO NOTHING",
        )
        .bind(query_id)
        .bind(from.as_str())
        .bind(register_office.as_str())
        .bind(serde_json::to_string(child)?)
        .bind(ts(at))
        .execute(&mut *tx)
        .await?;
        if inserted.rows_affected() == 0 {
            tx.rollback().await?;
            return Ok(false);
        }
        audit::append(
            &mut tx,
            &self.audit_key,
            at,
            actor,
            Some(register_office),
            "review.query_received",
            query_id,
            json!({"from": from.as_str()}),
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// The open received cases of `office`, as review cases (read inside the queue's listing).
    pub(super) async fn open_received_cases(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        office: &OfficeId,
    ) -> Result<Vec<ReviewCase>, StoreError> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM received_queries \
             WHERE register_office_id = $1 AND status = 'in_review' \
             ORDER BY received_at, query_id"
        )))
        .bind(office.as_str())
        .fetch_all(&mut **tx)
        .await?;
        rows.iter()
            .map(|row| received_query(row).map(|q| case_of(&q)))
            .collect()
    }

    /// The received query `query_id` of `office` as a review case, open or settled.
    pub(super) async fn received_case(
        &self,
        office: &OfficeId,
        query_id: &str,
    ) -> Result<Option<ReviewCase>, StoreError> {
        Ok(self
            .received_query(query_id)
            .await?
            .filter(|q| q.register_office == *office)
            .map(|q| case_of(&q)))
    }

    /// Settles an open received case of `office`: the verdicts, the note and the answer, with
    /// their audit records, in one transaction guarded by the case being open. Returns false
    /// when it was settled already; `NotFound` when `office` has no such case or a verdict
    /// names an entry of another register; a conflict when the settlement is not whole or a
    /// judged entry changed since it was judged.
    pub async fn settle_received_query(
        &self,
        actor: &Actor,
        at: OffsetDateTime,
        office: &OfficeId,
        settlement: NewReceivedSettlement<'_>,
    ) -> Result<bool, StoreError> {
        let NewReceivedSettlement {
            query_id,
            verdicts,
            note,
            answer,
            register_as_of,
        } = settlement;
        if note.trim().is_empty() {
            return Err(StoreError::Conflict("a review settlement needs a note"));
        }
        if decide(answer) == Decision::Review {
            return Err(StoreError::Conflict("a settlement answers for certain"));
        }
        super::check_verdicts(verdicts)?;
        let mut tx = self.begin().await?;
        let moved = sqlx::query(
            "UPDATE received_queries SET status = 'settled', answer = $1, register_as_of = $2, \
             note = $3, settled_by = $4, settled_at = $5 \
             WHERE query_id = $6 AND register_office_id = $7 AND status = 'in_review'",
        )
        .bind(serde_json::to_string(answer)?)
        .bind(ts(register_as_of))
        .bind(note.trim())
        .bind(&actor.id)
        .bind(ts(at))
        .bind(query_id)
        .bind(office.as_str())
        .execute(&mut *tx)
        .await?;
        if moved.rows_affected() == 0 {
            let known = sqlx::query(
                "SELECT query_id FROM received_queries WHERE query_id = $1 \
                 AND register_office_id = $2",
            )
            .bind(query_id)
            .bind(office.as_str())
            .fetch_optional(&mut *tx)
            .await?;
            tx.rollback().await?;
            return match known {
                Some(_) => Ok(false),
                None => Err(StoreError::NotFound),
            };
        }
        self.insert_verdicts(
            &mut tx,
            actor,
            at,
            office,
            CaseKey::Received(query_id),
            verdicts,
        )
        .await?;
        let same = verdicts
            .iter()
            .filter(|v| v.verdict == Verdict::SameChild)
            .count();
        audit::append(
            &mut tx,
            &self.audit_key,
            at,
            actor,
            Some(office),
            "review.settled",
            query_id,
            json!({
                "answer": answer_code(answer),
                "same_child": same,
                "not_same_child": verdicts.len() - same,
                "received": true,
            }),
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// The settlement of a received case of `office`.
    pub(super) async fn received_settlement(
        &self,
        office: &OfficeId,
        query_id: &str,
    ) -> Result<Option<Settlement>, StoreError> {
        let row = sqlx::query(
            "SELECT query_id AS application_id, register_office_id, answer, register_as_of, \
             note, settled_by, settled_at FROM received_queries \
             WHERE query_id = $1 AND register_office_id = $2 AND status = 'settled'",
        )
        .bind(query_id)
        .bind(office.as_str())
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let verdicts = self.verdicts_of(CaseKey::Received(query_id)).await?;
        super::settlement(&row, verdicts, Vec::new()).map(Some)
    }
}

fn received_query(row: &sqlx::any::AnyRow) -> Result<ReceivedQuery, StoreError> {
    let status: String = row.try_get("status")?;
    let answered = match status.as_str() {
        "in_review" => None,
        "settled" => {
            let answer: Option<String> = row.try_get("answer")?;
            let as_of: Option<String> = row.try_get("register_as_of")?;
            match (answer, as_of) {
                (Some(answer), Some(as_of)) => {
                    Some((serde_json::from_str(&answer)?, parse_ts(&as_of)?))
                }
                _ => return Err(StoreError::Corrupt("settled query without answer".into())),
            }
        }
        other => {
            return Err(StoreError::Corrupt(format!(
                "received query status {other}"
            )));
        }
    };
    Ok(ReceivedQuery {
        query_id: row.try_get("query_id")?,
        from: office_id(row.try_get("from_office_id")?)?,
        register_office: office_id(row.try_get("register_office_id")?)?,
        child: serde_json::from_str(&row.try_get::<String, _>("child")?)?,
        received_at: parse_ts(&row.try_get::<String, _>("received_at")?)?,
        answered,
    })
}

/// A received query as its register office's review queue shows it: the case's id is the
/// query's, the asking office stands where an application's issuing office would.
fn case_of(query: &ReceivedQuery) -> ReviewCase {
    ReviewCase {
        application_id: query.query_id.clone(),
        query_id: query.query_id.clone(),
        issuing_office: query.from.clone(),
        register_office: query.register_office.clone(),
        status: match query.answered {
            None => Status::InReview,
            Some(_) => Status::Decided,
        },
        outcome: query
            .answered
            .as_ref()
            .and_then(|(answer, _)| match decide(answer) {
                Decision::Decided(outcome) => Some(outcome),
                Decision::Review => None,
            }),
        child: query.child.clone(),
        received_at: query.received_at,
        referred_at: Some(query.received_at),
        received: true,
    }
}
