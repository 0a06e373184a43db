//! Sorgeerklärungen made before the birth, notified without the child's data
//! (`/api/v1/prenatal-notifications`, see [`domain::prenatal`]): recorded at the office that
//! holds them until the birth is known, listed by that office, and completed by it with the
//! child's data, whereupon they become an entry of the register of the child's birthplace.
//!
//! The holding office of a recording office's notification is the Jugendamt of the mother's
//! residence; a member of office staff's is their own office. Only staff of the holding office
//! list and complete; another office's attempt is refused and audited in the holder's trail.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::common::{self, ChildIn, OfficeOut, iso_date, rfc3339};
use super::register::{ParentIn, ParentOut, SourceIn, SourceOut, present_parent};
use crate::auth::{Notifier, OfficeStaff};
use crate::json::ApiJson;
use crate::{ApiError, AppState};
use domain::input::{ParentInput, PrenatalInput, SourceInput};
use domain::prenatal::PrenatalNotification;
use domain::validation::Errors;
use domain::{Ags, FieldError, Problem};
use pipeline::SubmitError;
use store::directory::OfficeRecord;
use store::prenatal::{PrenatalRecord, PrenatalStatus};

const RESIDENCE_FIELD: &str = "mother_residence.municipality_key";

/// A notification of Sorgeerklärungen made before the birth.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PrenatalIn {
    #[schema(required = true)]
    pub mother: Option<MotherIn>,
    /// Declarations need both parents.
    #[schema(required = true)]
    pub father: Option<ParentIn>,
    /// The day the declarations were made.
    #[schema(required = true, example = "2025-11-20")]
    pub effective_date: Option<String>,
    /// Where the declarations state it; within 310 days after them.
    #[schema(example = "2026-03-01")]
    pub expected_birth_date: Option<String>,
    #[schema(required = true)]
    pub source: Option<SourceIn>,
    /// Required from a recording office: the Jugendamt of the mother's residence holds the
    /// notification. Office staff's notifications are held by their own office.
    pub mother_residence: Option<ResidenceIn>,
}

/// The mother: her names, and her date of birth, which tells her from namesakes when her
/// applications are matched to open notifications.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MotherIn {
    #[schema(required = true, example = "Sophia")]
    pub given_names: Option<String>,
    #[schema(required = true, example = "Berger")]
    pub family_name: Option<String>,
    pub birth_name: Option<String>,
    /// Before the day of the declarations.
    #[schema(required = true, example = "1993-02-17")]
    pub birth_date: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResidenceIn {
    /// 8-digit AGS of the municipality where the mother lives.
    #[schema(required = true, example = "04011000")]
    pub municipality_key: Option<String>,
}

/// The child's data that complete a notification, once the birth is known.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BirthIn {
    /// Born at most 31 days before and 310 days after the declarations.
    #[schema(required = true)]
    pub child: Option<ChildIn>,
}

/// A recorded notification.
#[derive(Debug, Serialize, ToSchema)]
pub struct PrenatalCreatedOut {
    pub id: String,
    /// `awaiting_birth`.
    #[schema(example = "awaiting_birth")]
    pub status: String,
    pub holding_office: OfficeOut,
}

/// The register entry a completed notification became.
#[derive(Debug, Serialize, ToSchema)]
pub struct BirthRecordedOut {
    pub entry_id: String,
    /// The register office of the child's birthplace (Berlin for births abroad).
    pub register_office: OfficeOut,
}

/// The mother of a notification.
#[derive(Debug, Serialize, ToSchema)]
pub struct MotherOut {
    pub given_names: String,
    pub family_name: String,
    pub birth_name: Option<String>,
    #[schema(example = "1993-02-17")]
    pub birth_date: String,
}

/// An open notification as its holding office sees it.
#[derive(Debug, Serialize, ToSchema)]
pub struct PrenatalOut {
    pub id: String,
    /// `awaiting_birth` or `completed`.
    #[schema(example = "awaiting_birth")]
    pub status: String,
    pub mother: MotherOut,
    pub father: ParentOut,
    /// The day the declarations were made.
    pub effective_date: String,
    pub expected_birth_date: Option<String>,
    pub source: SourceOut,
    pub created_at: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PrenatalListOut {
    pub items: Vec<PrenatalOut>,
}

/// Notify Sorgeerklärungen made before the birth, without the child's data.
#[utoipa::path(
    post,
    path = "/api/v1/prenatal-notifications",
    tag = "prenatal",
    request_body = PrenatalIn,
    responses(
        (status = 201, description = "Recorded; held by the Jugendamt of the mother's residence (recording office) or the caller's own office (office staff) until the birth is known", body = PrenatalCreatedOut),
        (status = 400, description = "Malformed body", body = super::openapi::ProblemOut, content_type = "application/problem+json"),
        (status = 401, description = "No or unknown token", body = super::openapi::ProblemOut, content_type = "application/problem+json"),
        (status = 403, description = "Wrong role", body = super::openapi::ProblemOut, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = super::openapi::ProblemOut, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn notify(
    State(state): State<AppState>,
    notifier: Notifier,
    body: ApiJson<PrenatalIn>,
) -> Result<(StatusCode, Json<PrenatalCreatedOut>), ApiError> {
    let input = &body.value;
    let mut errors = Errors::default();
    let notification = collect(
        &mut errors,
        domain::input::parse_prenatal(&input.input(), state.pipeline.clock().today()),
    );
    let residence = residence(&state, &mut errors, input.mother_residence.as_ref()).await?;
    let office = match &notifier {
        Notifier::RecordingOffice(_) => {
            if input.mother_residence.is_none() {
                errors.push("mother_residence", Problem::Missing);
            }
            residence
        }
        Notifier::Staff(staff) => own_record(&state, &staff.office).await.map(Some)?,
    };
    let (notification, office) = errors
        .finish(notification.zip(office))
        .map_err(ApiError::Validation)?;
    let record = state
        .pipeline
        .record_prenatal(&notifier.caller().actor(), &office.id, &notification)
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(PrenatalCreatedOut {
            id: record.id,
            status: status(record.status).to_owned(),
            holding_office: (&office).into(),
        }),
    ))
}

/// Complete a notification with the child's data: it becomes an entry of the register office
/// of the child's birthplace.
#[utoipa::path(
    post,
    path = "/api/v1/prenatal-notifications/{id}/birth",
    tag = "prenatal",
    params(("id" = String, Path)),
    request_body = BirthIn,
    responses(
        (status = 201, description = "Completed; the entry recorded in the register of the birthplace", body = BirthRecordedOut),
        (status = 400, description = "Malformed body", body = super::openapi::ProblemOut, content_type = "application/problem+json"),
        (status = 401, description = "No or unknown token", body = super::openapi::ProblemOut, content_type = "application/problem+json"),
        (status = 403, description = "Not office staff, or staff of another office (audited)", body = super::openapi::ProblemOut, content_type = "application/problem+json"),
        (status = 404, description = "No such notification", body = super::openapi::ProblemOut, content_type = "application/problem+json"),
        (status = 409, description = "Completed before", body = super::openapi::ProblemOut, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, or a birth outside the span the declarations could concern", body = super::openapi::ProblemOut, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn birth(
    State(state): State<AppState>,
    staff: OfficeStaff,
    Path(id): Path<String>,
    body: ApiJson<BirthIn>,
) -> Result<(StatusCode, Json<BirthRecordedOut>), ApiError> {
    let id = common::parse_id(&id).ok_or(ApiError::NotFound)?;
    let actor = staff.caller.actor();
    match state.store().prenatal_owner(&id).await? {
        Some(holder) if holder == staff.office => {}
        Some(holder) => {
            tracing::warn!(office = %staff.office, "prenatal notification of another office refused");
            state
                .store()
                .record_cross_office_refused(&actor, state.pipeline.clock().now(), &holder, &id)
                .await?;
            return Err(ApiError::Forbidden);
        }
        None => return Err(ApiError::NotFound),
    }
    let record = state
        .store()
        .prenatal(&actor, state.pipeline.clock().now(), &staff.office, &id)
        .await?
        .ok_or(ApiError::NotFound)?;
    if record.status == PrenatalStatus::Completed {
        return Err(ApiError::Conflict(
            "the prenatal notification was completed before",
        ));
    }
    let child = match &body.value.child {
        None => Err(vec![FieldError::new("child", Problem::Missing)]),
        Some(child) => domain::input::parse_birth(
            &record.notification,
            &child.input(),
            state.pipeline.clock().today(),
        ),
    }
    .map_err(ApiError::Validation)?;
    let (entry, register) = state
        .pipeline
        .complete_prenatal(&actor, &staff.office, &id, &child)
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(BirthRecordedOut {
            entry_id: entry.id,
            register_office: (&register).into(),
        }),
    ))
}

/// The open notifications the caller's office holds, longest waiting first.
#[utoipa::path(
    get,
    path = "/api/v1/prenatal-notifications",
    tag = "prenatal",
    responses(
        (status = 200, description = "The office's notifications awaiting the birth", body = PrenatalListOut),
        (status = 401, description = "No or unknown token", body = super::openapi::ProblemOut, content_type = "application/problem+json"),
        (status = 403, description = "Not office staff", body = super::openapi::ProblemOut, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn list(
    State(state): State<AppState>,
    staff: OfficeStaff,
) -> Result<Json<PrenatalListOut>, ApiError> {
    let records = state
        .store()
        .open_prenatals(
            &staff.caller.actor(),
            state.pipeline.clock().now(),
            &staff.office,
        )
        .await?;
    Ok(Json(PrenatalListOut {
        items: records.iter().map(present).collect(),
    }))
}

/// The Jugendamt of the mother's residence, where one is given: a malformed or unknown
/// municipality is a field error.
async fn residence(
    state: &AppState,
    errors: &mut Errors,
    raw: Option<&ResidenceIn>,
) -> Result<Option<OfficeRecord>, ApiError> {
    let Some(raw) = raw else { return Ok(None) };
    let Some(ags) = errors.required(RESIDENCE_FIELD, raw.municipality_key.as_ref(), |k| {
        Ags::parse(k)
    }) else {
        return Ok(None);
    };
    match state
        .pipeline
        .prenatal_office_for(ags, RESIDENCE_FIELD)
        .await
    {
        Ok(office) => Ok(Some(office)),
        Err(SubmitError::Invalid(found)) => {
            for e in found {
                errors.push(e.field, e.problem);
            }
            Ok(None)
        }
        Err(other) => Err(other.into()),
    }
}

async fn own_record(state: &AppState, office: &domain::OfficeId) -> Result<OfficeRecord, ApiError> {
    state
        .store()
        .office(office)
        .await?
        .ok_or_else(|| ApiError::Internal(format!("office {office} of a client is missing")))
}

/// The value of a parse, its field errors added to `errors`.
fn collect<T>(errors: &mut Errors, parsed: Result<T, Vec<FieldError>>) -> Option<T> {
    match parsed {
        Ok(value) => Some(value),
        Err(found) => {
            for e in found {
                errors.push(e.field, e.problem);
            }
            None
        }
    }
}

/// The API's name of a notification's status.
fn status(status: PrenatalStatus) -> &'static str {
    match status {
        PrenatalStatus::Open => "awaiting_birth",
        PrenatalStatus::Completed => "completed",
    }
}

fn present(record: &PrenatalRecord) -> PrenatalOut {
    let n: &PrenatalNotification = &record.notification;
    PrenatalOut {
        id: record.id.clone(),
        status: status(record.status).to_owned(),
        mother: present_mother(n),
        father: present_parent(&n.father),
        effective_date: iso_date(n.declared_on),
        expected_birth_date: n.expected_birth_date.map(iso_date),
        source: SourceOut {
            kind: n.source.kind.as_str().to_owned(),
            name: n.source.name.clone(),
            reference: n.source.reference.clone(),
        },
        created_at: rfc3339(record.created_at),
    }
}

fn present_mother(n: &PrenatalNotification) -> MotherOut {
    let ParentOut {
        given_names,
        family_name,
        birth_name,
    } = present_parent(&n.mother);
    MotherOut {
        given_names,
        family_name,
        birth_name,
        birth_date: iso_date(n.mother_birth_date),
    }
}

impl PrenatalIn {
    /// The request's text, for the shared parser.
    pub fn input(&self) -> PrenatalInput<'_> {
        fn parent(p: &ParentIn) -> ParentInput<'_> {
            ParentInput {
                given_names: p.given_names.as_deref(),
                family_name: p.family_name.as_deref(),
                birth_name: p.birth_name.as_deref(),
            }
        }
        PrenatalInput {
            mother: self.mother.as_ref().map(|m| ParentInput {
                given_names: m.given_names.as_deref(),
                family_name: m.family_name.as_deref(),
                birth_name: m.birth_name.as_deref(),
            }),
            mother_birth_date: self.mother.as_ref().and_then(|m| m.birth_date.as_deref()),
            father: self.father.as_ref().map(parent),
            effective_date: self.effective_date.as_deref(),
            expected_birth_date: self.expected_birth_date.as_deref(),
            source: self.source.as_ref().map(|s| SourceInput {
                kind: s.kind.as_deref(),
                name: s.name.as_deref(),
                reference: s.reference.as_deref(),
            }),
        }
    }
}
