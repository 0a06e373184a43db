//! Checking a certificate for anyone who holds one (the public page and the public API): the
//! seal checks of the `seal` crate against the platform's own trust list, plus what only the
//! platform knows — whether the issuing office revoked the certificate.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::Instant;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use seal::verify::{Finding, Verdict, revoked_at_text, verify_pdf, verify_qr};

use crate::{ApiError, AppState};
use domain::CertificateNumber;

/// What was handed in for checking.
pub enum Presented {
    QrText(String),
    Pdf(Vec<u8>),
    /// The short code printed under the QR code (the certificate number) with the child's date
    /// of birth from the paper, for checking a printout without a scanner. Both must match a
    /// certificate issued here; its stored QR text is then checked like a scanned one.
    Number {
        number: CertificateNumber,
        child_birth_date: time::Date,
    },
}

/// The address of the connecting client (for rate limiting; never logged or stored).
pub struct ClientAddress(pub IpAddr);

impl FromRequestParts<AppState> for ClientAddress {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, ApiError> {
        Ok(ClientAddress(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|info| info.0.ip())
                .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED)),
        ))
    }
}

/// Counts one check from `address` against the configured limit.
pub fn admit(state: &AppState, address: &ClientAddress) -> Result<(), ApiError> {
    state
        .verify_limit
        .check(address.0, Instant::now())
        .map_err(|retry_after| ApiError::TooManyRequests { retry_after })
}

/// What the seal checks run on.
enum Checkable {
    QrText(String),
    Pdf(Vec<u8>),
}

/// Checks a certificate; adds the revocation the issuing office recorded, if any.
pub async fn check(state: &AppState, presented: Presented) -> Result<Verdict, ApiError> {
    let now = state.pipeline.clock().now();
    let (_, trust) = state
        .pipeline
        .sealer()
        .trust_list(now)
        .map_err(|e| ApiError::Internal(format!("trust list: {e}")))?;
    let checkable = match presented {
        Presented::QrText(text) => Checkable::QrText(text),
        Presented::Pdf(bytes) => Checkable::Pdf(bytes),
        Presented::Number {
            number,
            child_birth_date,
        } => match state.store().certificate(&number).await? {
            Some(record)
                if !record.qr_payload.is_empty()
                    && stored_birth_date(&record.data) == Some(child_birth_date) =>
            {
                Checkable::QrText(record.qr_payload)
            }
            // Unknown number and wrong date are one answer: the number alone reveals nothing.
            _ => {
                state.metrics.record_check(Finding::NotIssued.code());
                return Ok(Verdict {
                    claims: None,
                    content: None,
                    key_id: None,
                    issuer_name: None,
                    findings: vec![Finding::NotIssued],
                });
            }
        },
    };
    let mut verdict = tokio::task::spawn_blocking(move || match checkable {
        Checkable::QrText(text) => verify_qr(&text, trust.as_ref()),
        Checkable::Pdf(bytes) => verify_pdf(&bytes, trust.as_ref()),
    })
    .await
    .map_err(|e| ApiError::Internal(format!("verification task: {e}")))?;
    if let Some(claims) = &verdict.claims
        && let Ok(number) = CertificateNumber::parse(&claims.number)
        && let Some(record) = state.store().certificate(&number).await?
        && let Some(revocation) = record.revocation
    {
        verdict.findings.push(Finding::Revoked {
            at: revoked_at_text(revocation.at),
        });
    }
    state.metrics.record_check(
        verdict
            .findings
            .first()
            .map(Finding::code)
            .unwrap_or("genuine"),
    );
    Ok(verdict)
}

/// The child's date of birth in a stored certificate's content.
fn stored_birth_date(data: &serde_json::Value) -> Option<time::Date> {
    let content: certificate::CertificateContent = serde_json::from_value(data.clone()).ok()?;
    Some(content.child.birth_date)
}
