//! Certificates: the sealed PDF for those entitled to it, the public check, and the trust list
//! for checking offline.

use axum::Json;
use axum::extract::{Path, Request, State};
use axum::http::HeaderValue;
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::common::{iso_date, rfc3339};
use crate::auth::Caller;
use crate::i18n::Lang;
use crate::verification::{self, ClientAddress, Presented};
use crate::{ApiError, AppState};
use domain::CertificateNumber;
use domain::application::parse_past_date;
use domain::validation::Errors;
use seal::verify::Verdict;
use store::clients::Role;

/// Longest QR text accepted (the QR payload format allows no more).
const MAX_QR_TEXT: usize = seal::qr::MAX_TEXT_LEN;

/// Download a certificate's sealed PDF: the online service that submitted the application, or
/// staff of the issuing office.
#[utoipa::path(
    get,
    path = "/api/v1/certificates/{number}/pdf",
    tag = "certificates",
    params(("number" = String, Path, description = "Certificate number, e.g. NB-2026-7K3M-Q9TX-8")),
    responses(
        (status = 200, description = "The sealed PDF/A", content_type = "application/pdf"),
        (status = 401, description = "No or unknown token", body = super::openapi::ProblemOut, content_type = "application/problem+json"),
        (status = 403, description = "Not this caller's certificate", body = super::openapi::ProblemOut, content_type = "application/problem+json"),
        (status = 404, description = "No such certificate", body = super::openapi::ProblemOut, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn pdf(
    State(state): State<AppState>,
    caller: Caller,
    Path(number): Path<String>,
) -> Result<Response, ApiError> {
    let number = CertificateNumber::parse(&number).map_err(|_| ApiError::NotFound)?;
    let record = state
        .store()
        .certificate(&number)
        .await?
        .ok_or(ApiError::NotFound)?;
    let allowed = match caller.0.role {
        Role::OnlineService => state
            .store()
            .application(&record.application_id)
            .await?
            .is_some_and(|application| application.client_id == caller.0.id),
        Role::OfficeStaff => caller.0.office.as_ref() == Some(&record.issuing_office),
        _ => false,
    };
    if !allowed {
        return Err(ApiError::Forbidden);
    }
    let now = state.pipeline.clock().now();
    let (_, pdf) = state
        .store()
        .certificate_pdf(&caller.actor(), now, &number)
        .await?
        .ok_or(ApiError::NotFound)?;
    let disposition = format!("inline; filename=\"{}.pdf\"", number.as_str());
    let mut response = pdf.into_response();
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/pdf"));
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(CONTENT_DISPOSITION, value);
    }
    Ok(response)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VerifyIn {
    /// The text of the certificate's QR code (starts with `NB1:`).
    pub qr_payload: Option<String>,
    /// Instead of the QR text: the certificate number printed on it …
    #[schema(example = "NB-2026-7K3M-Q9TX-8")]
    pub certificate_number: Option<String>,
    /// … with the child's date of birth printed on it.
    #[schema(example = "2020-05-04")]
    pub child_birth_date: Option<String>,
}

/// The QR text, or the number with the child's date of birth; every problem at once.
pub fn presented(input: VerifyIn, today: time::Date) -> Result<Presented, Vec<domain::FieldError>> {
    let mut errors = Errors::default();
    let text = input.qr_payload.unwrap_or_default();
    if !text.trim().is_empty() {
        if text.chars().count() > MAX_QR_TEXT {
            errors.push("qr_payload", domain::Problem::TooLong { max: MAX_QR_TEXT });
        }
        return errors.finish(Some(Presented::QrText(text)));
    }
    let number = input.certificate_number.unwrap_or_default();
    let date = input.child_birth_date.unwrap_or_default();
    if number.trim().is_empty() && date.trim().is_empty() {
        errors.push("qr_payload", domain::Problem::Missing);
        return errors.finish(None);
    }
    let number = errors.required("certificate_number", non_empty(&number), |raw| {
        CertificateNumber::parse(raw.trim())
    });
    let date = errors.required("child_birth_date", non_empty(&date), |raw| {
        parse_past_date(raw, today)
    });
    let presented = number
        .zip(date)
        .map(|(number, child_birth_date)| Presented::Number {
            number,
            child_birth_date,
        });
    errors.finish(presented)
}

fn non_empty(raw: &str) -> Option<&str> {
    (!raw.trim().is_empty()).then_some(raw)
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PersonOut {
    pub given_names: String,
    pub family_name: String,
    #[schema(example = "2024-03-14")]
    pub birth_date: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub birth_place: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct IssuerOut {
    pub id: String,
    pub name: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FindingOut {
    /// `not_a_certificate`, `pdf_altered`, `seal_invalid`, `qr_altered`, `pdf_qr_disagree`,
    /// `unknown_key`, `key_outside_validity`, `wrong_office`, `revoked`, `not_issued`.
    pub code: String,
    pub message: String,
}

/// The result of a check: whether the certificate is genuine, and the data its seal vouches
/// for — what the certificate itself shows, nothing more.
#[derive(Debug, Serialize, ToSchema)]
pub struct VerificationOut {
    pub valid: bool,
    pub certificate_number: Option<String>,
    pub issuer: Option<IssuerOut>,
    pub issued_at: Option<String>,
    /// "Stand des Sorgeregisters": the register state the certificate reflects.
    pub register_as_of: Option<String>,
    /// `negative_certificate` or `partial_certificate`.
    pub outcome: Option<String>,
    pub partial_scope: Option<Vec<String>>,
    pub child: Option<PersonOut>,
    pub mother: Option<PersonOut>,
    /// The seal key.
    pub key_id: Option<String>,
    /// Why it is not genuine; empty when it is.
    pub problems: Vec<FindingOut>,
}

pub fn present(verdict: &Verdict, lang: Lang) -> VerificationOut {
    let claims = verdict.claims.as_ref();
    VerificationOut {
        valid: verdict.genuine(),
        certificate_number: claims.map(|c| c.number.clone()),
        issuer: claims.map(|c| IssuerOut {
            id: c.issuer.clone(),
            name: verdict.issuer_name.clone(),
        }),
        issued_at: claims.map(|c| rfc3339(c.issued_at)),
        register_as_of: claims.map(|c| rfc3339(c.register_as_of)),
        outcome: claims.map(|c| match &c.outcome {
            certificate::Outcome::NegativeCertificate => "negative_certificate".to_owned(),
            certificate::Outcome::PartialCertificate { .. } => "partial_certificate".to_owned(),
        }),
        partial_scope: claims.and_then(|c| match &c.outcome {
            certificate::Outcome::PartialCertificate { parts } => {
                Some(parts.iter().map(|p| p.as_str().to_owned()).collect())
            }
            certificate::Outcome::NegativeCertificate => None,
        }),
        child: claims.map(|c| person(&c.child)),
        mother: claims.map(|c| person(&c.mother)),
        key_id: verdict.key_id.clone(),
        problems: verdict
            .findings
            .iter()
            .map(|f| FindingOut {
                code: f.code().to_owned(),
                message: match lang {
                    Lang::De => f.german(),
                    Lang::En => f.english(),
                },
            })
            .collect(),
    }
}

fn person(p: &certificate::Person) -> PersonOut {
    PersonOut {
        given_names: p.given_names.clone(),
        family_name: p.family_name.clone(),
        birth_date: iso_date(p.birth_date),
        birth_place: p.birth_place.clone(),
    }
}

/// Check a certificate: its QR text (or its number with the child's date of birth, as printed)
/// as JSON, or the PDF itself. Public; rate-limited per client address.
#[utoipa::path(
    post,
    path = "/api/v1/certificates/verify",
    tag = "certificates",
    request_body(content(
        (VerifyIn = "application/json"),
        (Vec<u8> = "application/pdf"),
    )),
    responses(
        (status = 200, description = "The result (genuine or not, and why)", body = VerificationOut),
        (status = 400, description = "Malformed JSON", body = super::openapi::ProblemOut, content_type = "application/problem+json"),
        (status = 413, description = "Larger than a certificate PDF can be", body = super::openapi::ProblemOut, content_type = "application/problem+json"),
        (status = 415, description = "Neither JSON nor PDF", body = super::openapi::ProblemOut, content_type = "application/problem+json"),
        (status = 422, description = "No or overlong qr_payload", body = super::openapi::ProblemOut, content_type = "application/problem+json"),
        (status = 429, description = "Too many checks from this address", body = super::openapi::ProblemOut, content_type = "application/problem+json"),
    )
)]
pub async fn verify(
    State(state): State<AppState>,
    address: ClientAddress,
    request: Request,
) -> Result<Json<VerificationOut>, ApiError> {
    verification::admit(&state, &address)?;
    let headers = request.headers().clone();
    let lang = Lang::from_headers(&headers);
    let body = crate::json::read_body(request, &state).await?;
    let content_type = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
        .unwrap_or_default();
    let presented = match content_type.as_str() {
        "application/pdf" => Presented::Pdf(body.to_vec()),
        "application/json" => {
            let input: VerifyIn =
                serde_json::from_slice(&body).map_err(|e| ApiError::Malformed {
                    field: None,
                    detail: e.to_string(),
                })?;
            let today = state.pipeline.clock().now().date();
            presented(input, today).map_err(ApiError::Validation)?
        }
        _ => return Err(ApiError::UnsupportedMediaType),
    };
    let verdict = verification::check(&state, presented).await?;
    Ok(Json(present(&verdict, lang)))
}

/// The trust list: every issuing office's seal keys and certificates with their validity,
/// signed by the platform CA — for checking certificates offline.
#[utoipa::path(
    get,
    path = "/api/v1/trust-list",
    tag = "certificates",
    responses(
        (status = 200, description = "The signed trust list", content_type = "application/json"),
    )
)]
pub async fn trust_list(State(state): State<AppState>) -> Result<Response, ApiError> {
    let now = state.pipeline.clock().now();
    let (signed, _) = state
        .pipeline
        .sealer()
        .trust_list(now)
        .map_err(|e| ApiError::Internal(format!("trust list: {e}")))?;
    let mut response = signed.to_json().into_response();
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response.headers_mut().insert(
        CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=300"),
    );
    Ok(response)
}
