//! Certificate records: what was certified, for whom, by which office, as of when.
//!
//! A record is written in the same transaction as the decision it documents and never changes.
//! Rendering it as a PDF and sealing it belong to the certificate crate.

use serde_json::Value;
use sqlx::{Any, Row, Transaction};
use time::OffsetDateTime;

use crate::time_text::{parse_ts, ts};
use crate::{Store, StoreError};
use domain::decision::Outcome;
use domain::{CertificateNumber, OfficeId};

/// A certificate about to be issued.
#[derive(Debug, Clone, PartialEq)]
pub struct NewCertificate {
    pub number: CertificateNumber,
    /// What the certificate states (child, mother, outcome, parts), as JSON.
    pub data: Value,
    pub issued_at: OffsetDateTime,
    /// The moment of the register state the certificate reflects ("Stand").
    pub register_as_of: OffsetDateTime,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CertificateRecord {
    pub number: CertificateNumber,
    pub application_id: String,
    pub issuing_office: OfficeId,
    pub outcome: String,
    pub data: Value,
    pub issued_at: OffsetDateTime,
    pub register_as_of: OffsetDateTime,
}

pub(crate) async fn insert(
    tx: &mut Transaction<'static, Any>,
    application_id: &str,
    office: &OfficeId,
    outcome: &Outcome,
    certificate: &NewCertificate,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO certificates (number, application_id, issuing_office_id, outcome, data, \
         issued_at, register_as_of) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(certificate.number.as_str())
    .bind(application_id)
    .bind(office.as_str())
    .bind(outcome.as_str())
    .bind(certificate.data.to_string())
    .bind(ts(certificate.issued_at))
    .bind(ts(certificate.register_as_of))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

const COLUMNS: &str =
    "number, application_id, issuing_office_id, outcome, data, issued_at, register_as_of";

impl Store {
    pub async fn certificate_of_application(
        &self,
        application_id: &str,
    ) -> Result<Option<CertificateRecord>, StoreError> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM certificates WHERE application_id = $1"
        )))
        .bind(application_id)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(certificate_record).transpose()
    }

    pub async fn certificate(
        &self,
        number: &CertificateNumber,
    ) -> Result<Option<CertificateRecord>, StoreError> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM certificates WHERE number = $1"
        )))
        .bind(number.as_str())
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(certificate_record).transpose()
    }

    /// How many certificates exist for an application (for recovery tests: never more than one).
    pub async fn certificate_count(&self, application_id: &str) -> Result<i64, StoreError> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM certificates WHERE application_id = $1")
            .bind(application_id)
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get("n")?)
    }
}

fn certificate_record(row: &sqlx::any::AnyRow) -> Result<CertificateRecord, StoreError> {
    let number: String = row.try_get("number")?;
    let office: String = row.try_get("issuing_office_id")?;
    Ok(CertificateRecord {
        number: CertificateNumber::parse(&number).map_err(|_| StoreError::Corrupt(number))?,
        application_id: row.try_get("application_id")?,
        issuing_office: OfficeId::parse(&office).map_err(|_| StoreError::Corrupt(office))?,
        outcome: row.try_get("outcome")?,
        data: serde_json::from_str(&row.try_get::<String, _>("data")?)?,
        issued_at: parse_ts(&row.try_get::<String, _>("issued_at")?)?,
        register_as_of: parse_ts(&row.try_get::<String, _>("register_as_of")?)?,
    })
}
