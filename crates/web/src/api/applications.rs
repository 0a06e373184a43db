//! `POST /api/v1/applications` and `GET /api/v1/applications/{id}`.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::common::{self, ChildIn, OfficeOut, rfc3339};
use crate::auth::{Caller, OnlineService};
use crate::i18n::{Lang, ineligibility_text};
use crate::json::ApiJson;
use crate::{ApiError, AppState};
use domain::application::Application;
use domain::decision::Outcome;
use domain::input::{self, AddressInput, ApplicantInput, ApplicationInput, DeclarationsInput};
use pipeline::Offices;
use store::applications::{ApplicationRecord, Status};
use store::clients::Role;

/// Longest accepted `Idempotency-Key`.
const MAX_IDEMPOTENCY_KEY: usize = 200;

#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApplicationIn {
    #[schema(required = true)]
    pub applicant: Option<ApplicantIn>,
    #[schema(required = true)]
    pub child: Option<ChildIn>,
    #[schema(required = true)]
    pub declarations: Option<DeclarationsIn>,
}

/// The mother.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApplicantIn {
    #[schema(required = true, example = "Sophia")]
    pub given_names: Option<String>,
    #[schema(required = true, example = "Berger")]
    pub family_name: Option<String>,
    pub birth_name: Option<String>,
    #[schema(required = true, example = "1993-02-17")]
    pub birth_date: Option<String>,
    #[schema(required = true)]
    pub address: Option<AddressIn>,
}

/// Her habitual residence; it decides the issuing office.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AddressIn {
    #[schema(required = true, example = "Am Markt 1")]
    pub street: Option<String>,
    #[schema(required = true, example = "28195")]
    pub postal_code: Option<String>,
    #[schema(required = true, example = "04011000")]
    pub municipality_key: Option<String>,
}

/// Her statements on the facts that decide eligibility.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeclarationsIn {
    #[schema(required = true)]
    pub applicant_is_mother: Option<bool>,
    /// She is or was married to the child's father.
    #[schema(required = true)]
    pub married_to_father: Option<bool>,
    #[schema(required = true)]
    pub married_to_other_man_at_birth: Option<bool>,
    #[schema(required = true)]
    pub custody_by_court_to_one_parent: Option<bool>,
}

/// An application and, once decided, its outcome.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApplicationOut {
    pub id: String,
    /// `received`, `waiting_for_register`, `in_review` or `decided`.
    #[schema(example = "decided")]
    pub status: String,
    /// `negative_certificate`, `partial_certificate`, `no_certificate` or `not_eligible`.
    #[schema(example = "negative_certificate")]
    pub outcome: Option<String>,
    pub issuing_office: OfficeOut,
    pub register_office: OfficeOut,
    /// The parts of custody that register entries cover (partial certificates only).
    pub partial_scope: Option<Vec<String>>,
    pub certificate: Option<CertificateOut>,
    /// Why the application is not eligible (code).
    pub reason: Option<String>,
    /// The reason in words, in the requested language.
    pub reason_text: Option<String>,
    pub received_at: String,
    pub decided_at: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CertificateOut {
    #[schema(example = "NB-2026-7K3M-9QXA-C")]
    pub number: String,
    /// Where the sealed PDF/A can be fetched (by this online service or the issuing office);
    /// null only for certificates issued before sealing existed.
    pub pdf_url: Option<String>,
    /// The signed text of the certificate's QR code (`NB1:…`), checkable offline against the
    /// trust list; null only for certificates issued before sealing existed.
    pub qr_payload: Option<String>,
    /// The moment of the register state the certificate reflects ("Stand").
    pub register_as_of: String,
    pub issued_at: String,
}

/// Submit an application for a Negativbescheinigung on behalf of an identified mother.
#[utoipa::path(
    post,
    path = "/api/v1/applications",
    tag = "applications",
    request_body = ApplicationIn,
    params(("Idempotency-Key" = Option<String>, Header,
        description = "Same key and body return the same application; same key, other body: 409")),
    responses(
        (status = 201, description = "Created", body = ApplicationOut),
        (status = 200, description = "Idempotent repeat", body = ApplicationOut),
        (status = 400, description = "Malformed body", body = super::openapi::ProblemOut, content_type = "application/problem+json"),
        (status = 401, description = "No or unknown token", body = super::openapi::ProblemOut, content_type = "application/problem+json"),
        (status = 403, description = "Wrong role", body = super::openapi::ProblemOut, content_type = "application/problem+json"),
        (status = 409, description = "Idempotency key reused", body = super::openapi::ProblemOut, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = super::openapi::ProblemOut, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn create(
    State(state): State<AppState>,
    OnlineService(caller): OnlineService,
    headers: HeaderMap,
    body: ApiJson<ApplicationIn>,
) -> Result<(StatusCode, Json<ApplicationOut>), ApiError> {
    let key = idempotency_key(&headers)?;
    let application = parse(&body.value, state.pipeline.clock().today())?;
    let submitted = state
        .pipeline
        .submit(&caller.0, key.as_deref(), &body.canonical, application)
        .await?;
    let label = submitted
        .record
        .outcome
        .as_ref()
        .map(|o| o.as_str())
        .unwrap_or(submitted.record.status.as_str());
    if submitted.created {
        state.metrics.record_application(label);
    }
    let view = present(
        &state,
        &submitted.record,
        &submitted.offices,
        Lang::from_headers(&headers),
    )
    .await?;
    let status = if submitted.created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(view)))
}

/// Read an application: its own online service, or staff of its issuing office.
#[utoipa::path(
    get,
    path = "/api/v1/applications/{id}",
    tag = "applications",
    params(("id" = String, Path, description = "Application id")),
    responses(
        (status = 200, description = "The application", body = ApplicationOut),
        (status = 401, description = "No or unknown token", body = super::openapi::ProblemOut, content_type = "application/problem+json"),
        (status = 403, description = "Not this caller's application", body = super::openapi::ProblemOut, content_type = "application/problem+json"),
        (status = 404, description = "No such application", body = super::openapi::ProblemOut, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn read(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<ApplicationOut>, ApiError> {
    let id = common::parse_id(&id).ok_or(ApiError::NotFound)?;
    let record = state
        .store()
        .application(&id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let allowed = match caller.0.role {
        Role::OnlineService => record.client_id == caller.0.id,
        Role::OfficeStaff => caller.0.office.as_ref() == Some(&record.issuing_office),
        _ => false,
    };
    if !allowed {
        return Err(ApiError::Forbidden);
    }
    let offices = state.pipeline.offices_of(&record).await?;
    Ok(Json(
        present(&state, &record, &offices, Lang::from_headers(&headers)).await?,
    ))
}

fn idempotency_key(headers: &HeaderMap) -> Result<Option<String>, ApiError> {
    let Some(value) = headers.get("idempotency-key") else {
        return Ok(None);
    };
    let key = value
        .to_str()
        .map_err(|_| ApiError::BadHeader("Idempotency-Key"))?
        .trim();
    if key.is_empty()
        || key.len() > MAX_IDEMPOTENCY_KEY
        || !key.bytes().all(|b| (0x21..0x7f).contains(&b))
    {
        return Err(ApiError::BadHeader("Idempotency-Key"));
    }
    Ok(Some(key.to_owned()))
}

/// Parses the request into an application, collecting every field error (the rules are
/// [`input::parse_application`]'s, shared with the citizen portal's form).
fn parse(input: &ApplicationIn, today: time::Date) -> Result<Application, ApiError> {
    input::parse_application(&input.input(), today).map_err(ApiError::Validation)
}

impl ApplicationIn {
    /// The request's text, for the shared parser.
    pub fn input(&self) -> ApplicationInput<'_> {
        ApplicationInput {
            applicant: self.applicant.as_ref().map(|a| ApplicantInput {
                given_names: a.given_names.as_deref(),
                family_name: a.family_name.as_deref(),
                birth_name: a.birth_name.as_deref(),
                birth_date: a.birth_date.as_deref(),
                address: a.address.as_ref().map(|addr| AddressInput {
                    street: addr.street.as_deref(),
                    postal_code: addr.postal_code.as_deref(),
                    municipality_key: addr.municipality_key.as_deref(),
                }),
            }),
            child: self.child.as_ref().map(ChildIn::input),
            declarations: self.declarations.as_ref().map(|d| DeclarationsInput {
                applicant_is_mother: d.applicant_is_mother,
                married_to_father: d.married_to_father,
                married_to_other_man_at_birth: d.married_to_other_man_at_birth,
                custody_by_court_to_one_parent: d.custody_by_court_to_one_parent,
            }),
        }
    }
}

async fn present(
    state: &AppState,
    record: &ApplicationRecord,
    offices: &Offices,
    lang: Lang,
) -> Result<ApplicationOut, ApiError> {
    let certificate = if record.status == Status::Decided
        && record.outcome.as_ref().is_some_and(Outcome::certifies)
    {
        state
            .store()
            .certificate_of_application(&record.id)
            .await?
            .map(|c| CertificateOut {
                number: c.number.to_string(),
                pdf_url: (!c.qr_payload.is_empty())
                    .then(|| format!("/api/v1/certificates/{}/pdf", c.number)),
                qr_payload: (!c.qr_payload.is_empty()).then(|| c.qr_payload.clone()),
                register_as_of: rfc3339(c.register_as_of),
                issued_at: rfc3339(c.issued_at),
            })
    } else {
        None
    };
    let (partial_scope, reason) = match &record.outcome {
        Some(Outcome::PartialCertificate { parts }) => (
            Some(parts.iter().map(|p| p.as_str().to_owned()).collect()),
            None,
        ),
        Some(Outcome::NotEligible { reason }) => (None, Some(*reason)),
        _ => (None, None),
    };
    Ok(ApplicationOut {
        id: record.id.clone(),
        status: record.status.as_str().to_owned(),
        outcome: record.outcome.as_ref().map(|o| o.as_str().to_owned()),
        issuing_office: (&offices.issuing).into(),
        register_office: (&offices.register).into(),
        partial_scope,
        certificate,
        reason: reason.map(|r| r.as_str().to_owned()),
        reason_text: reason.map(|r| ineligibility_text(r, lang)),
        received_at: rfc3339(record.received_at),
        decided_at: record.decided_at.map(rfc3339),
    })
}
