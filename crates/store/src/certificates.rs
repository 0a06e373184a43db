//! Certificate records: what was certified, for whom, by which office, as of when.
//!
//! A record is written in the same transaction as the decision it documents, together with its
//! sealed document (the signed QR text and the sealed PDF), and never changes — except that it
//! can be revoked, which is recorded beside it. Rendering and sealing belong to the certificate
//! and seal crates; the store keeps the bytes.

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
    /// The sealed document.
    pub document: SealedDocument,
}

/// A certificate's sealed document.
#[derive(Clone, PartialEq)]
pub struct SealedDocument {
    /// The seal key that signed QR and PDF.
    pub key_id: String,
    /// The signed QR text printed on the certificate.
    pub qr_payload: String,
    /// The sealed PDF.
    pub pdf: Vec<u8>,
}

impl std::fmt::Debug for SealedDocument {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The QR text and the PDF carry personal data: never in logs or panics.
        f.debug_struct("SealedDocument")
            .field("key_id", &self.key_id)
            .field(
                "qr_payload",
                &format_args!("<{} chars>", self.qr_payload.len()),
            )
            .field("pdf", &format_args!("<{} bytes>", self.pdf.len()))
            .finish()
    }
}

/// A revoked certificate: when and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Revocation {
    pub at: OffsetDateTime,
    pub reason: String,
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
    /// The key that sealed it (empty for records from before documents were sealed).
    pub key_id: String,
    /// The signed QR text (empty for records from before documents were sealed).
    pub qr_payload: String,
    pub revocation: Option<Revocation>,
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
         issued_at, register_as_of, key_id, qr_payload, pdf) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(certificate.number.as_str())
    .bind(application_id)
    .bind(office.as_str())
    .bind(outcome.as_str())
    .bind(certificate.data.to_string())
    .bind(ts(certificate.issued_at))
    .bind(ts(certificate.register_as_of))
    .bind(certificate.document.key_id.as_str())
    .bind(certificate.document.qr_payload.as_str())
    .bind(certificate.document.pdf.clone())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub(crate) const COLUMNS: &str = "number, application_id, issuing_office_id, outcome, data, \
    issued_at, register_as_of, key_id, qr_payload, revoked_at, revocation_reason";

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

    /// The sealed PDF of a certificate, with its record; `None` if there is no such certificate
    /// or it has no document. The caller checks who may have it; the read is audited.
    pub async fn certificate_pdf(
        &self,
        actor: &crate::Actor,
        at: OffsetDateTime,
        number: &CertificateNumber,
    ) -> Result<Option<(CertificateRecord, Vec<u8>)>, StoreError> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS}, pdf FROM certificates WHERE number = $1"
        )))
        .bind(number.as_str())
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let pdf: Option<Vec<u8>> = row.try_get("pdf")?;
        match pdf {
            Some(pdf) if !pdf.is_empty() => {
                let record = certificate_record(&row)?;
                self.audit_read(
                    at,
                    actor,
                    Some(&record.issuing_office),
                    "certificate.pdf_read",
                    number.as_str(),
                    serde_json::json!({"application": record.application_id}),
                )
                .await?;
                Ok(Some((record, pdf)))
            }
            _ => Ok(None),
        }
    }

    /// Revokes a certificate (it was obtained with false data, or issued in error): verification
    /// then says so. Revoking twice keeps the first revocation. Audited.
    pub async fn revoke_certificate(
        &self,
        actor: &crate::Actor,
        at: OffsetDateTime,
        number: &CertificateNumber,
        reason: &str,
    ) -> Result<CertificateRecord, StoreError> {
        let mut tx = self.begin().await?;
        let done = sqlx::query(
            "UPDATE certificates SET revoked_at = $1, revocation_reason = $2 \
             WHERE number = $3 AND revoked_at IS NULL",
        )
        .bind(ts(at))
        .bind(reason)
        .bind(number.as_str())
        .execute(&mut *tx)
        .await?;
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM certificates WHERE number = $1"
        )))
        .bind(number.as_str())
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        let record = certificate_record(&row)?;
        if done.rows_affected() > 0 {
            crate::audit::append(
                &mut tx,
                &self.audit_key,
                at,
                actor,
                Some(&record.issuing_office),
                "certificate.revoked",
                number.as_str(),
                serde_json::json!({"reason": reason}),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(record)
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

pub(crate) fn certificate_record(row: &sqlx::any::AnyRow) -> Result<CertificateRecord, StoreError> {
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
        key_id: row.try_get("key_id")?,
        qr_payload: row.try_get("qr_payload")?,
        revocation: match row.try_get::<Option<String>, _>("revoked_at")? {
            Some(at) => Some(Revocation {
                at: parse_ts(&at)?,
                reason: row
                    .try_get::<Option<String>, _>("revocation_reason")?
                    .unwrap_or_default(),
            }),
            None => None,
        },
    })
}
