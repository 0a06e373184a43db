//! What the issuing office sees of its own applications: a page of them, newest first, with
//! status, outcome and certificate — and which offices an application belongs to, so that the
//! workbench can tell another office's application (refused, audited) from none at all.
//!
//! The issuing office keeps the application, so the mother's and the child's names are its own
//! data; the register office's entries never appear here, only the outcome the law lets the
//! register answer lead to.

use serde_json::json;
use sqlx::{AssertSqlSafe, Row};
use time::OffsetDateTime;

use super::{Status, parse_outcome};
use crate::audit::{self, Actor};
use crate::error::office_id;
use crate::time_text::{parse_ts, ts};
use crate::{Store, StoreError};
use domain::application::Application;
use domain::decision::Outcome;
use domain::{CertificateNumber, OfficeId};

/// One application in the issuing office's list.
#[derive(Debug, Clone, PartialEq)]
pub struct OfficeApplication {
    pub id: String,
    pub status: Status,
    pub outcome: Option<Outcome>,
    /// The application as the mother gave it (her name, the child's identity).
    pub application: Application,
    pub received_at: OffsetDateTime,
    pub decided_at: Option<OffsetDateTime>,
    pub certificate: Option<CertificateSummary>,
    /// The office whose register is asked.
    pub register_office: OfficeId,
    /// Whether a possible match waits for a person at the register office's own node.
    pub review_at_node: bool,
    /// How often the register office has been asked for the current step without an answer.
    pub attempts: i64,
}

impl OfficeApplication {
    /// Whether the application waits for another office: its register has not answered, or a
    /// person at the register office's node has still to judge a possible match.
    pub fn waits_for_register(&self) -> bool {
        self.status == Status::WaitingForRegister
            || (self.status == Status::InReview && self.review_at_node)
    }
}

/// The certificate of a listed application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateSummary {
    pub number: CertificateNumber,
    /// Whether a sealed document exists (false only for records from before sealing).
    pub sealed: bool,
    pub revoked: bool,
}

/// A page of an office's applications and how many there are in all.
#[derive(Debug, Clone, PartialEq)]
pub struct ApplicationPage {
    pub applications: Vec<OfficeApplication>,
    pub total: i64,
}

/// The two offices of an application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplicationOffices {
    pub issuing: OfficeId,
    pub register: OfficeId,
}

impl ApplicationOffices {
    /// Whether `office` plays either role for the application.
    pub fn involve(&self, office: &OfficeId) -> bool {
        &self.issuing == office || &self.register == office
    }
}

impl Store {
    /// A page of the applications `office` issues (or refuses), newest first. Audited as a
    /// read of the office's applications: the page names mothers and children.
    pub async fn office_applications(
        &self,
        actor: &Actor,
        at: OffsetDateTime,
        office: &OfficeId,
        limit: i64,
        offset: i64,
    ) -> Result<ApplicationPage, StoreError> {
        let mut tx = self.begin().await?;
        let total: i64 =
            sqlx::query("SELECT COUNT(*) AS n FROM applications WHERE issuing_office_id = $1")
                .bind(office.as_str())
                .fetch_one(&mut *tx)
                .await?
                .try_get("n")?;
        let rows = sqlx::query(AssertSqlSafe(format!(
            "{LISTED} WHERE a.issuing_office_id = $1 \
             ORDER BY a.received_at DESC, a.id DESC LIMIT $2 OFFSET $3"
        )))
        .bind(office.as_str())
        .bind(limit)
        .bind(offset)
        .fetch_all(&mut *tx)
        .await?;
        let applications = rows
            .iter()
            .map(office_application)
            .collect::<Result<Vec<_>, _>>()?;
        audit::append(
            &mut tx,
            &self.audit_key,
            at,
            actor,
            Some(office),
            "application.listed",
            office.as_str(),
            json!({"count": applications.len(), "offset": offset}),
        )
        .await?;
        tx.commit().await?;
        Ok(ApplicationPage {
            applications,
            total,
        })
    }

    /// The applications of `office` that have waited for another office since before
    /// `waiting_since` (see [`OfficeApplication::waits_for_register`]), the longest-waiting
    /// first, at most `limit`. Audited like the list: the rows name mothers and children.
    pub async fn overdue_applications(
        &self,
        actor: &Actor,
        at: OffsetDateTime,
        office: &OfficeId,
        waiting_since: OffsetDateTime,
        limit: i64,
    ) -> Result<Vec<OfficeApplication>, StoreError> {
        let sql = format!("{LISTED} WHERE {OVERDUE} ORDER BY a.received_at, a.id LIMIT $3");
        let query = sqlx::query(AssertSqlSafe(sql))
            .bind(office.as_str())
            .bind(ts(waiting_since))
            .bind(limit);
        self.audited_list(
            actor,
            at,
            office,
            "application.overdue_listed",
            query,
            office_application,
            |count| json!({"count": count}),
        )
        .await
    }

    /// How many applications [`Store::overdue_applications`] would list without a limit. Not
    /// audited: a number names nobody.
    pub async fn overdue_application_count(
        &self,
        office: &OfficeId,
        waiting_since: OffsetDateTime,
    ) -> Result<i64, StoreError> {
        let sql = format!("SELECT COUNT(*) AS n FROM applications a WHERE {OVERDUE}");
        Ok(sqlx::query(AssertSqlSafe(sql))
            .bind(office.as_str())
            .bind(ts(waiting_since))
            .fetch_one(&self.pool)
            .await?
            .try_get("n")?)
    }

    /// Which offices an application belongs to. Reveals nothing but that, so that callers can
    /// tell "another office's application" (403) from "no such application" (404); not
    /// audited, since no personal data is read.
    pub async fn application_offices(
        &self,
        id: &str,
    ) -> Result<Option<ApplicationOffices>, StoreError> {
        let row = sqlx::query(
            "SELECT issuing_office_id, register_office_id FROM applications WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| {
            Ok(ApplicationOffices {
                issuing: office_id(row.try_get("issuing_office_id")?)?,
                register: office_id(row.try_get("register_office_id")?)?,
            })
        })
        .transpose()
    }
}

/// The columns [`office_application`] reads, for a `WHERE` to follow.
const LISTED: &str = "SELECT a.id, a.status, a.outcome, a.partial_scope, a.reason, a.payload, \
     a.received_at, a.decided_at, a.register_office_id, a.review_at_node, a.attempts, \
     c.number, c.qr_payload, c.revoked_at \
     FROM applications a LEFT JOIN certificates c ON c.application_id = a.id";

/// `office`'s ($1) applications waiting for another office since before $2.
const OVERDUE: &str = "a.issuing_office_id = $1 AND a.received_at < $2 \
     AND (a.status = 'waiting_for_register' OR (a.status = 'in_review' AND a.review_at_node = 1))";

fn office_application(row: &sqlx::any::AnyRow) -> Result<OfficeApplication, StoreError> {
    let decided_at: Option<String> = row.try_get("decided_at")?;
    let number: Option<String> = row.try_get("number")?;
    let certificate = match number {
        Some(number) => {
            let qr_payload: Option<String> = row.try_get("qr_payload")?;
            let revoked_at: Option<String> = row.try_get("revoked_at")?;
            Some(CertificateSummary {
                number: CertificateNumber::parse(&number)
                    .map_err(|_| StoreError::Corrupt(number))?,
                sealed: qr_payload.is_some_and(|q| !q.is_empty()),
                revoked: revoked_at.is_some(),
            })
        }
        None => None,
    };
    Ok(OfficeApplication {
        id: row.try_get("id")?,
        status: Status::parse(&row.try_get::<String, _>("status")?)?,
        outcome: parse_outcome(
            row.try_get("outcome")?,
            row.try_get("partial_scope")?,
            row.try_get("reason")?,
        )?,
        application: serde_json::from_str(&row.try_get::<String, _>("payload")?)?,
        received_at: parse_ts(&row.try_get::<String, _>("received_at")?)?,
        decided_at: decided_at.as_deref().map(parse_ts).transpose()?,
        certificate,
        register_office: office_id(row.try_get("register_office_id")?)?,
        review_at_node: row.try_get::<i64, _>("review_at_node")? != 0,
        attempts: row.try_get("attempts")?,
    })
}
