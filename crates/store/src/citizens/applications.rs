//! The applications a citizen made through the portal, and their certificates: each read names
//! the citizen and filters by her in the query, so another citizen's id finds nothing.

use serde_json::json;
use sqlx::{AssertSqlSafe, Row};
use time::OffsetDateTime;

use crate::applications::{ApplicationRecord, COLUMNS, application_record};
use crate::audit::Actor;
use crate::certificates::{self, CertificateRecord};
use crate::{Store, StoreError};

impl Store {
    /// The applications `subject` made, newest first, at most `limit`.
    pub async fn citizen_applications(
        &self,
        subject: &str,
        limit: u32,
    ) -> Result<Vec<ApplicationRecord>, StoreError> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM applications WHERE citizen = $1 \
             ORDER BY received_at DESC, id DESC LIMIT $2"
        )))
        .bind(subject)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(application_record).collect()
    }

    /// The application `id` if `subject` made it; `None` for another citizen's application,
    /// one that came in through the API, and an unknown id alike.
    pub async fn citizen_application(
        &self,
        subject: &str,
        id: &str,
    ) -> Result<Option<ApplicationRecord>, StoreError> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM applications WHERE id = $1 AND citizen = $2"
        )))
        .bind(id)
        .bind(subject)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(application_record).transpose()
    }

    /// The certificate record of application `application_id` if `subject` made it, without
    /// its document (for showing number, date and any revocation).
    pub async fn citizen_certificate(
        &self,
        subject: &str,
        application_id: &str,
    ) -> Result<Option<CertificateRecord>, StoreError> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {cols} FROM certificates WHERE application_id = $1 AND application_id IN \
             (SELECT id FROM applications WHERE id = $1 AND citizen = $2)",
            cols = certificates::COLUMNS
        )))
        .bind(application_id)
        .bind(subject)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref()
            .map(certificates::certificate_record)
            .transpose()
    }

    /// The sealed PDF of the certificate of application `application_id`, with its record, if
    /// `subject` made the application; `None` otherwise, or when there is no certificate or it
    /// has no document. The read is audited as `certificate.pdf_read` by the citizen, like a
    /// download through the API, before the PDF is handed out.
    pub async fn citizen_certificate_pdf(
        &self,
        at: OffsetDateTime,
        subject: &str,
        application_id: &str,
    ) -> Result<Option<(CertificateRecord, Vec<u8>)>, StoreError> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {cols}, pdf FROM certificates WHERE application_id = $1 AND application_id \
             IN (SELECT id FROM applications WHERE id = $1 AND citizen = $2)",
            cols = certificates::COLUMNS
        )))
        .bind(application_id)
        .bind(subject)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let pdf: Option<Vec<u8>> = row.try_get("pdf")?;
        let Some(pdf) = pdf.filter(|pdf| !pdf.is_empty()) else {
            return Ok(None);
        };
        let record = certificates::certificate_record(&row)?;
        self.audit_read(
            at,
            &Actor::citizen(subject),
            Some(&record.issuing_office),
            "certificate.pdf_read",
            record.number.as_str(),
            json!({"application": record.application_id}),
        )
        .await?;
        Ok(Some((record, pdf)))
    }
}
