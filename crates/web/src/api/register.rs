//! Register notifications (`POST /api/v1/register-notifications`) and the register office's
//! own view of its register: list, read, history, correct, cancel. Nothing is ever deleted.

use axum::Json;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::common::{self, ChildIn, ChildOut, OfficeOut, iso_date, rfc3339};
use crate::auth::{Notifier, OfficeStaff};
use crate::json::ApiJson;
use crate::{ApiError, AppState};
use domain::input::{NotificationInput, ParentInput, SourceInput};
use domain::register::{Notification, Parent};
use domain::validation::{Errors, Rule, bounded_text};
use domain::{OfficeId, Problem};
use pipeline::Recorded;
use store::register::{EntryRecord, EntryVersion};

/// The longest reason for a correction or cancellation (the workbench's forms use it too).
pub(crate) const MAX_REASON: usize = 500;
const MAX_PAGE: i64 = 200;

#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NotificationIn {
    #[schema(required = true)]
    pub child: Option<ChildIn>,
    #[schema(required = true)]
    pub mother: Option<ParentIn>,
    /// Required for custody declarations and joint custody by court.
    pub father: Option<ParentIn>,
    /// `custody_declarations`, `court_joint_custody`, `court_custody_withdrawn`, `court_replacement_art224`.
    #[schema(required = true, example = "custody_declarations")]
    pub kind: Option<String>,
    /// `whole` or `partial`.
    #[schema(required = true, example = "whole")]
    pub scope: Option<String>,
    /// With `partial`: `residence`, `health`, `schooling`, `assets`, `authorities`, `religion`, `other`.
    pub parts: Option<Vec<String>>,
    /// When the declarations were recorded, or when the decision became final.
    #[schema(required = true, example = "2020-06-15")]
    pub effective_date: Option<String>,
    #[schema(required = true)]
    pub source: Option<SourceIn>,
}

#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ParentIn {
    #[schema(required = true)]
    pub given_names: Option<String>,
    #[schema(required = true)]
    pub family_name: Option<String>,
    pub birth_name: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SourceIn {
    /// `notary`, `court` or `youth_office`.
    #[schema(required = true, example = "notary")]
    pub kind: Option<String>,
    #[schema(required = true, example = "Notariat Am Dom, Bremen")]
    pub name: Option<String>,
    /// Document or file number.
    #[schema(required = true, example = "UR-Nr. 123/2024")]
    pub reference: Option<String>,
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CorrectionIn {
    #[schema(required = true)]
    pub reason: Option<String>,
    /// The corrected content of the entry, in full.
    #[schema(required = true)]
    pub entry: Option<NotificationIn>,
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CancellationIn {
    #[schema(required = true)]
    pub reason: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ParentOut {
    pub given_names: String,
    pub family_name: String,
    pub birth_name: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SourceOut {
    pub kind: String,
    pub name: String,
    pub reference: String,
}

/// A notification for a register kept on the register office's own node: the platform keeps
/// no copy, it relays the entry there under this id.
#[derive(Debug, Serialize, ToSchema)]
pub struct ForwardedOut {
    /// The entry's id, the same in the node's register.
    pub id: String,
    pub register_office: OfficeOut,
    /// `delivered` (the node confirmed it) or `waiting_for_node` (it is delivered as soon as
    /// the node answers; nothing is lost meanwhile).
    pub status: String,
    pub queued_at: String,
}

/// A register entry as its register office sees it.
#[derive(Debug, Serialize, ToSchema)]
pub struct EntryOut {
    pub id: String,
    pub register_office: OfficeOut,
    /// `active` or `cancelled`.
    pub status: String,
    pub version: i64,
    pub child: ChildOut,
    pub mother: ParentOut,
    pub father: Option<ParentOut>,
    pub kind: String,
    pub scope: String,
    pub parts: Vec<String>,
    pub effective_date: String,
    pub source: SourceOut,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EntryListOut {
    pub entries: Vec<EntryOut>,
    pub limit: i64,
    pub offset: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EntryVersionOut {
    pub version: i64,
    /// `created`, `corrected` or `cancelled`.
    pub change: String,
    pub reason: Option<String>,
    pub status: String,
    pub entry: EntryContentOut,
    pub at: String,
    pub actor: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EntryContentOut {
    pub child: ChildOut,
    pub kind: String,
    pub scope: String,
    pub parts: Vec<String>,
    pub effective_date: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EntryHistoryOut {
    pub id: String,
    pub versions: Vec<EntryVersionOut>,
}

/// Notify the register of the child's birthplace of declarations or a court decision.
#[utoipa::path(
    post,
    path = "/api/v1/register-notifications",
    tag = "register",
    request_body = NotificationIn,
    responses(
        (status = 201, description = "Entry recorded in the register office's register", body = EntryOut),
        (status = 202, description = "The register is kept on the register office's own node: the entry is relayed there", body = ForwardedOut),
        (status = 400, description = "Malformed body", body = super::openapi::ProblemOut, content_type = "application/problem+json"),
        (status = 401, description = "No or unknown token", body = super::openapi::ProblemOut, content_type = "application/problem+json"),
        (status = 403, description = "Wrong role, or staff of another office", body = super::openapi::ProblemOut, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = super::openapi::ProblemOut, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn notify(
    State(state): State<AppState>,
    notifier: Notifier,
    body: ApiJson<NotificationIn>,
) -> Result<Response, ApiError> {
    let notification = parse(&body.value, state.pipeline.clock().today())?;
    let office = state.pipeline.register_office_for(&notification).await?;
    if !notifier.may_write_to(&office.id) {
        return Err(ApiError::Forbidden);
    }
    let recorded = state
        .pipeline
        .record_or_forward_entry(&notifier.caller().actor(), &office, &notification)
        .await?;
    Ok(match recorded {
        Recorded::Entry(record) => (
            StatusCode::CREATED,
            Json(present(&record, &(&office).into())),
        )
            .into_response(),
        Recorded::Forwarded { state, delivered } => (
            StatusCode::ACCEPTED,
            Json(ForwardedOut {
                id: state.id,
                register_office: (&office).into(),
                status: if delivered {
                    "delivered"
                } else {
                    "waiting_for_node"
                }
                .to_owned(),
                queued_at: rfc3339(state.queued_at),
            }),
        )
            .into_response(),
    })
}

/// List the caller's office's register, newest first (`limit` ≤ 200, `offset`).
#[utoipa::path(
    get,
    path = "/api/v1/register-entries",
    tag = "register",
    params(
        ("limit" = Option<i64>, Query, description = "1–200, default 50"),
        ("offset" = Option<i64>, Query, description = "default 0"),
    ),
    responses(
        (status = 200, description = "A page of entries", body = EntryListOut),
        (status = 400, description = "Bad paging", body = super::openapi::ProblemOut, content_type = "application/problem+json"),
        (status = 403, description = "Not office staff", body = super::openapi::ProblemOut, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn list(
    State(state): State<AppState>,
    staff: OfficeStaff,
    RawQuery(query): RawQuery,
) -> Result<Json<EntryListOut>, ApiError> {
    let (limit, offset) = paging(query.as_deref())?;
    let office = own_office(&state, &staff.office).await?;
    let records = state
        .store()
        .entries(
            &staff.caller.actor(),
            state.pipeline.clock().now(),
            &staff.office,
            limit,
            offset,
        )
        .await?;
    Ok(Json(EntryListOut {
        entries: records.iter().map(|r| present(r, &office)).collect(),
        limit,
        offset,
    }))
}

/// Read one entry of the caller's office's register.
#[utoipa::path(
    get,
    path = "/api/v1/register-entries/{id}",
    tag = "register",
    params(("id" = String, Path)),
    responses(
        (status = 200, description = "The entry", body = EntryOut),
        (status = 403, description = "Entry of another office", body = super::openapi::ProblemOut, content_type = "application/problem+json"),
        (status = 404, description = "No such entry", body = super::openapi::ProblemOut, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn read(
    State(state): State<AppState>,
    staff: OfficeStaff,
    Path(id): Path<String>,
) -> Result<Json<EntryOut>, ApiError> {
    let id = owned_entry(&state, &staff, &id).await?;
    let office = own_office(&state, &staff.office).await?;
    let record = state
        .store()
        .entry(
            &staff.caller.actor(),
            state.pipeline.clock().now(),
            &staff.office,
            &id,
        )
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(Json(present(&record, &office)))
}

/// Every version of one entry, oldest first, with the reasons for corrections and cancellation.
#[utoipa::path(
    get,
    path = "/api/v1/register-entries/{id}/history",
    tag = "register",
    params(("id" = String, Path)),
    responses(
        (status = 200, description = "The versions", body = EntryHistoryOut),
        (status = 403, description = "Entry of another office", body = super::openapi::ProblemOut, content_type = "application/problem+json"),
        (status = 404, description = "No such entry", body = super::openapi::ProblemOut, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn history(
    State(state): State<AppState>,
    staff: OfficeStaff,
    Path(id): Path<String>,
) -> Result<Json<EntryHistoryOut>, ApiError> {
    let id = owned_entry(&state, &staff, &id).await?;
    let versions = state
        .store()
        .entry_history(
            &staff.caller.actor(),
            state.pipeline.clock().now(),
            &staff.office,
            &id,
        )
        .await?;
    Ok(Json(EntryHistoryOut {
        id,
        versions: versions.iter().map(present_version).collect(),
    }))
}

/// Correct an entry: the full corrected content and a reason; the old version stays in history.
#[utoipa::path(
    post,
    path = "/api/v1/register-entries/{id}/corrections",
    tag = "register",
    params(("id" = String, Path)),
    request_body = CorrectionIn,
    responses(
        (status = 200, description = "The corrected entry", body = EntryOut),
        (status = 403, description = "Entry of another office", body = super::openapi::ProblemOut, content_type = "application/problem+json"),
        (status = 404, description = "No such entry", body = super::openapi::ProblemOut, content_type = "application/problem+json"),
        (status = 409, description = "Entry cancelled or changed meanwhile", body = super::openapi::ProblemOut, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = super::openapi::ProblemOut, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn correct(
    State(state): State<AppState>,
    staff: OfficeStaff,
    Path(id): Path<String>,
    body: ApiJson<CorrectionIn>,
) -> Result<Json<EntryOut>, ApiError> {
    let id = owned_entry(&state, &staff, &id).await?;
    let today = state.pipeline.clock().today();
    let mut errors = Errors::default();
    let reason = errors.required("reason", body.value.reason.as_ref(), |r| {
        bounded_text(r, MAX_REASON)
    });
    let notification = match &body.value.entry {
        None => {
            errors.push("entry", Problem::Missing);
            None
        }
        Some(entry) => match parse(entry, today) {
            Ok(n) => Some(n),
            Err(ApiError::Validation(found)) => {
                for e in found {
                    errors.push(format!("entry.{}", e.field), e.problem);
                }
                None
            }
            Err(other) => return Err(other),
        },
    };
    if let Some(n) = &notification {
        let office = state
            .pipeline
            .register_office_for(n)
            .await
            .map_err(|e| match e {
                pipeline::SubmitError::Invalid(found) => ApiError::Validation(
                    found
                        .into_iter()
                        .map(|f| domain::FieldError::new(format!("entry.{}", f.field), f.problem))
                        .collect(),
                ),
                other => other.into(),
            })?;
        if office.id != staff.office {
            errors.push(
                "entry.child.birth_place",
                Problem::NotAllowed {
                    rule: Rule::SameRegisterOffice,
                },
            );
        }
    }
    let (reason, notification) = errors
        .finish(reason.zip(notification))
        .map_err(ApiError::Validation)?;
    let record = state
        .store()
        .correct_entry(
            &staff.caller.actor(),
            state.pipeline.clock().now(),
            &staff.office,
            &id,
            &notification,
            &reason,
        )
        .await?;
    let office = own_office(&state, &staff.office).await?;
    Ok(Json(present(&record, &office)))
}

/// Cancel an entry with a reason. It stays in the register and its history but no longer counts.
#[utoipa::path(
    post,
    path = "/api/v1/register-entries/{id}/cancellation",
    tag = "register",
    params(("id" = String, Path)),
    request_body = CancellationIn,
    responses(
        (status = 200, description = "The cancelled entry", body = EntryOut),
        (status = 403, description = "Entry of another office", body = super::openapi::ProblemOut, content_type = "application/problem+json"),
        (status = 404, description = "No such entry", body = super::openapi::ProblemOut, content_type = "application/problem+json"),
        (status = 409, description = "Already cancelled", body = super::openapi::ProblemOut, content_type = "application/problem+json"),
        (status = 422, description = "Reason missing", body = super::openapi::ProblemOut, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn cancel(
    State(state): State<AppState>,
    staff: OfficeStaff,
    Path(id): Path<String>,
    body: ApiJson<CancellationIn>,
) -> Result<Json<EntryOut>, ApiError> {
    let id = owned_entry(&state, &staff, &id).await?;
    let mut errors = Errors::default();
    let reason = errors.required("reason", body.value.reason.as_ref(), |r| {
        bounded_text(r, MAX_REASON)
    });
    let reason = errors.finish(reason).map_err(ApiError::Validation)?;
    let record = state
        .store()
        .cancel_entry(
            &staff.caller.actor(),
            state.pipeline.clock().now(),
            &staff.office,
            &id,
            &reason,
        )
        .await?;
    let office = own_office(&state, &staff.office).await?;
    Ok(Json(present(&record, &office)))
}

/// The entry id if it exists in the caller's register; 403 for another office's, 404 otherwise.
async fn owned_entry(state: &AppState, staff: &OfficeStaff, raw: &str) -> Result<String, ApiError> {
    let id = common::parse_id(raw).ok_or(ApiError::NotFound)?;
    match state.store().entry_owner(&id).await? {
        Some(owner) if owner == staff.office => Ok(id),
        Some(_) => Err(ApiError::Forbidden),
        None => Err(ApiError::NotFound),
    }
}

async fn own_office(state: &AppState, office: &OfficeId) -> Result<OfficeOut, ApiError> {
    let record = state
        .store()
        .office(office)
        .await?
        .ok_or_else(|| ApiError::Internal(format!("office {office} of a client is missing")))?;
    Ok((&record).into())
}

fn paging(query: Option<&str>) -> Result<(i64, i64), ApiError> {
    let mut limit = 50;
    let mut offset = 0;
    for pair in query.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let bad = |field: &str| ApiError::Malformed {
            field: Some(field.to_owned()),
            detail: format!("{field} must be a whole number in range"),
        };
        match key {
            "limit" => {
                limit = value
                    .parse()
                    .ok()
                    .filter(|l| (1..=MAX_PAGE).contains(l))
                    .ok_or_else(|| bad("limit"))?;
            }
            "offset" => {
                offset = value
                    .parse()
                    .ok()
                    .filter(|o: &i64| *o >= 0 && *o <= 10_000_000)
                    .ok_or_else(|| bad("offset"))?;
            }
            other => {
                return Err(ApiError::Malformed {
                    field: Some(other.chars().take(40).collect()),
                    detail: "unknown query parameter".to_owned(),
                });
            }
        }
    }
    Ok((limit, offset))
}

/// Parses a notification, collecting every field error (the rules are `domain::input`'s, which
/// the CSV import of a register applies too).
pub fn parse(input: &NotificationIn, today: time::Date) -> Result<Notification, ApiError> {
    domain::input::parse_notification(&input.input(), today).map_err(ApiError::Validation)
}

impl NotificationIn {
    /// The request's text, for the shared parser.
    pub fn input(&self) -> NotificationInput<'_> {
        fn parent(p: &ParentIn) -> ParentInput<'_> {
            ParentInput {
                given_names: p.given_names.as_deref(),
                family_name: p.family_name.as_deref(),
                birth_name: p.birth_name.as_deref(),
            }
        }
        NotificationInput {
            child: self.child.as_ref().map(ChildIn::input),
            mother: self.mother.as_ref().map(parent),
            father: self.father.as_ref().map(parent),
            kind: self.kind.as_deref(),
            scope: self.scope.as_deref(),
            parts: self
                .parts
                .as_ref()
                .map(|parts| parts.iter().map(String::as_str).collect()),
            effective_date: self.effective_date.as_deref(),
            source: self.source.as_ref().map(|s| SourceInput {
                kind: s.kind.as_deref(),
                name: s.name.as_deref(),
                reference: s.reference.as_deref(),
            }),
        }
    }
}

pub(super) fn present_parent(parent: &Parent) -> ParentOut {
    ParentOut {
        given_names: parent.given_names.to_string(),
        family_name: parent.family_name.to_string(),
        birth_name: parent.birth_name.as_ref().map(|n| n.to_string()),
    }
}

fn present(record: &EntryRecord, office: &OfficeOut) -> EntryOut {
    let n = &record.notification;
    EntryOut {
        id: record.id.clone(),
        register_office: office.clone(),
        status: record.status.as_str().to_owned(),
        version: record.version,
        child: (&n.child).into(),
        mother: present_parent(&n.mother),
        father: n.father.as_ref().map(present_parent),
        kind: n.kind.as_str().to_owned(),
        scope: n.scope.as_str().to_owned(),
        parts: n
            .scope
            .parts()
            .iter()
            .map(|p| p.as_str().to_owned())
            .collect(),
        effective_date: iso_date(n.effective_date),
        source: SourceOut {
            kind: n.source.kind.as_str().to_owned(),
            name: n.source.name.clone(),
            reference: n.source.reference.clone(),
        },
        created_at: rfc3339(record.created_at),
        updated_at: rfc3339(record.updated_at),
    }
}

fn present_version(version: &EntryVersion) -> EntryVersionOut {
    let n = &version.notification;
    EntryVersionOut {
        version: version.version,
        change: version.change.clone(),
        reason: version.reason.clone(),
        status: version.status.as_str().to_owned(),
        entry: EntryContentOut {
            child: (&n.child).into(),
            kind: n.kind.as_str().to_owned(),
            scope: n.scope.as_str().to_owned(),
            parts: n
                .scope
                .parts()
                .iter()
                .map(|p| p.as_str().to_owned())
                .collect(),
            effective_date: iso_date(n.effective_date),
        },
        at: rfc3339(version.at),
        actor: version.actor.clone(),
    }
}
