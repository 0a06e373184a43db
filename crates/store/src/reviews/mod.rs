//! The register office's review queue: applications whose register query found an entry that
//! might be the child asked about, waiting for a person of the register office to judge every
//! candidate entry ("same child" / "not the same child").
//!
//! Everything here is scoped to the register office: a case of another office, or an entry of
//! another office's register, is invisible (`None` / `NotFound`). A case shows the child as the
//! query named it — never the mother's data — and the candidates as the matcher sees them when
//! the case is looked at, so that an entry recorded since the query is judged too. Settling
//! writes the verdicts, the note and the application's decision (with its certificate) in one
//! transaction guarded by the status `in_review`: a case is settled once, however often and
//! however concurrently it is tried. What the verdicts mean is the domain's business
//! ([`domain::review`]) and the pipeline's; the store checks only that a settlement is whole.

use std::collections::BTreeSet;

use serde_json::json;
use sqlx::{AssertSqlSafe, Row};
use time::OffsetDateTime;

use crate::applications::{Status, parse_outcome, partial_parts, parts_text};
use crate::audit::{self, Actor};
use crate::certificates::NewCertificate;
use crate::error::office_id;
use crate::time_text::{parse_ts, ts};
use crate::{Store, StoreError};
use domain::OfficeId;
use domain::application::{Application, ChildIdentity};
use domain::decision::{Decision, Outcome, decide};
use domain::matching::{MatchClass, MatchPolicy};
use domain::prenatal::{Mother, MotherNames};
use domain::register::Parent;
use domain::register::RegisterAnswer;
use domain::review::Verdict;

use crate::prenatal::PrenatalRecord;

mod received;

pub use crate::candidates::Candidate;
pub use received::{NewReceivedSettlement, ReceivedQuery};

/// A case of the review queue, as the register office sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewCase {
    /// The case's id: the application's, or for a query received over federation
    /// (`received`) the query's.
    pub application_id: String,
    /// The register query the case answers.
    pub query_id: String,
    pub issuing_office: OfficeId,
    pub register_office: OfficeId,
    /// `InReview` while open, `Decided` once settled.
    pub status: Status,
    /// Set once the case is settled.
    pub outcome: Option<Outcome>,
    /// The child as the query names it.
    pub child: ChildIdentity,
    /// When the register office received the query.
    pub received_at: OffsetDateTime,
    /// When the automatic answer sent the case to review.
    pub referred_at: Option<OffsetDateTime>,
    /// A query another instance sent over federation: no application of this instance
    /// stands behind it, the settlement is the answer that instance receives, and
    /// `outcome` is what that answer decides there.
    pub received: bool,
}

/// One case with what a reviewer needs beside it.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseView {
    pub case: ReviewCase,
    /// While the case is open: every entry of the register office's register that the matcher
    /// does not rule out, as of `assessed_at`. Empty once settled (see `settlement`).
    pub candidates: Vec<Candidate>,
    /// While the case is open: every open prenatal notification, held by any office, that
    /// could concern the child ([`domain::prenatal::could_concern`]).
    pub prenatal: Vec<PrenatalRecord>,
    /// The applicant's names and date of birth, shown only when there are prenatal
    /// notifications to judge: they are found by the mother, so a reviewer must compare.
    pub mother: Option<ApplicantShown>,
    pub assessed_at: OffsetDateTime,
    pub settlement: Option<Settlement>,
}

/// The applicant as a reviewer of prenatal notifications sees her.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplicantShown {
    pub names: Parent,
    pub birth_date: time::Date,
}

/// The verdict on one candidate entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerdictRecord {
    pub entry_id: String,
    /// The entry's version the verdict was given on.
    pub entry_version: i64,
    /// How the matcher classed the entry then.
    pub class: MatchClass,
    pub verdict: Verdict,
}

/// A settled case: who judged what, why, and what the register answered then.
#[derive(Debug, Clone, PartialEq)]
pub struct Settlement {
    pub application_id: String,
    pub register_office: OfficeId,
    pub answer: RegisterAnswer,
    /// The moment of the register state the settlement reflects ("Stand").
    pub register_as_of: OffsetDateTime,
    pub note: String,
    pub settled_by: String,
    pub settled_at: OffsetDateTime,
    /// Ordered by entry id.
    pub verdicts: Vec<VerdictRecord>,
    /// Ordered by notification id.
    pub prenatal_verdicts: Vec<PrenatalVerdict>,
}

/// The verdict on one open prenatal notification that could concern the child.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrenatalVerdict {
    pub prenatal_id: String,
    pub verdict: Verdict,
    /// With "same child": the entry the notification becomes, completed with the child's data
    /// as the application names them, in the register office's register.
    pub entry_id: Option<String>,
}

/// What to store when a case is settled.
#[derive(Debug, Clone, Copy)]
pub struct NewSettlement<'a> {
    pub application_id: &'a str,
    pub verdicts: &'a [VerdictRecord],
    pub prenatal_verdicts: &'a [PrenatalVerdict],
    /// Why; mandatory.
    pub note: &'a str,
    /// The register's answer after review; `outcome` must be what it decides.
    pub answer: &'a RegisterAnswer,
    pub register_as_of: OffsetDateTime,
    pub outcome: &'a Outcome,
    /// Present exactly when `outcome` certifies.
    pub certificate: Option<&'a NewCertificate>,
}

const CASE_COLUMNS: &str = "a.id, a.status, a.outcome, a.partial_scope, a.reason, \
    a.issuing_office_id, a.register_office_id, a.payload, q.id AS query_id, q.sent_at, \
    q.answered_at";

impl Store {
    /// The open cases of `office`'s review queue, longest waiting first.
    pub async fn open_reviews(
        &self,
        actor: &Actor,
        at: OffsetDateTime,
        office: &OfficeId,
    ) -> Result<Vec<ReviewCase>, StoreError> {
        let mut tx = self.begin().await?;
        let mut cases = sqlx::query(AssertSqlSafe(format!(
            "SELECT {CASE_COLUMNS} FROM applications a \
             JOIN register_queries q ON q.application_id = a.id \
             WHERE a.register_office_id = $1 AND a.status = 'in_review' \
             AND a.review_at_node = 0 ORDER BY q.answered_at, a.id"
        )))
        .bind(office.as_str())
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(review_case)
        .collect::<Result<Vec<_>, _>>()?;
        let received = self.open_received_cases(&mut tx, office).await?;
        audit::append(
            &mut tx,
            &self.audit_key,
            at,
            actor,
            Some(office),
            "review.listed",
            office.as_str(),
            json!({"count": cases.len() + received.len(), "received": received.len()}),
        )
        .await?;
        tx.commit().await?;
        cases.extend(received);
        // Both lists are in order; a stable sort keeps each list's own tie order.
        cases.sort_by_key(|case| case.referred_at);
        Ok(cases)
    }

    /// One case of `office`'s review queue, open or settled; `None` for a case of another
    /// office and for an application that never went to review. An open case comes with its
    /// candidates, searched and classified under `policy` now (as the responder does).
    pub async fn review_case(
        &self,
        actor: &Actor,
        at: OffsetDateTime,
        office: &OfficeId,
        application_id: &str,
        policy: &MatchPolicy,
    ) -> Result<Option<CaseView>, StoreError> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {CASE_COLUMNS} FROM applications a \
             JOIN register_queries q ON q.application_id = a.id \
             LEFT JOIN review_settlements s ON s.application_id = a.id \
             WHERE a.id = $1 AND a.register_office_id = $2 \
             AND ((a.status = 'in_review' AND a.review_at_node = 0) \
             OR s.application_id IS NOT NULL)"
        )))
        .bind(application_id)
        .bind(office.as_str())
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else {
            return self
                .received_case_view(actor, at, office, application_id, policy)
                .await;
        };
        let case = review_case(&row)?;
        let applicant = applicant(&row)?;
        let (candidates, prenatal, settlement) = if case.status == Status::InReview {
            let candidates = self
                .assess_candidates(actor, at, office, &case.child, policy, &case.query_id)
                .await?;
            let mother = Mother {
                names: MotherNames::of(&applicant.names),
                birth_date: applicant.birth_date,
            };
            let prenatal = self
                .prenatals_concerning(
                    actor,
                    at,
                    &mother,
                    case.child.birth_date,
                    policy,
                    application_id,
                )
                .await?;
            (candidates, prenatal, None)
        } else {
            (
                Vec::new(),
                Vec::new(),
                self.settlement_of(office, application_id).await?,
            )
        };
        let mother = (!prenatal.is_empty()).then_some(applicant);
        self.audit_read(
            at,
            actor,
            Some(office),
            "review.case_read",
            application_id,
            json!({
                "candidates": candidates.len(),
                "prenatal": prenatal.len(),
                "settled": settlement.is_some(),
            }),
        )
        .await?;
        Ok(Some(CaseView {
            case,
            candidates,
            prenatal,
            mother,
            assessed_at: at,
            settlement,
        }))
    }

    /// [`Store::review_case`] for a query received over federation: its candidates while
    /// open (there are no prenatal notifications to judge: those are the asking instance's
    /// to search, by the mother, whom this instance does not know), its settlement once
    /// settled.
    async fn received_case_view(
        &self,
        actor: &Actor,
        at: OffsetDateTime,
        office: &OfficeId,
        query_id: &str,
        policy: &MatchPolicy,
    ) -> Result<Option<CaseView>, StoreError> {
        let Some(case) = self.received_case(office, query_id).await? else {
            return Ok(None);
        };
        let (candidates, settlement) = if case.status == Status::InReview {
            let candidates = self
                .assess_candidates(actor, at, office, &case.child, policy, query_id)
                .await?;
            (candidates, None)
        } else {
            (
                Vec::new(),
                self.received_settlement(office, query_id).await?,
            )
        };
        self.audit_read(
            at,
            actor,
            Some(office),
            "review.case_read",
            query_id,
            json!({
                "candidates": candidates.len(),
                "settled": settlement.is_some(),
                "received": true,
            }),
        )
        .await?;
        Ok(Some(CaseView {
            case,
            candidates,
            prenatal: Vec::new(),
            mother: None,
            assessed_at: at,
            settlement,
        }))
    }

    /// Settles an open case of `office`: the verdicts and the note, the application's decision
    /// and its certificate, and their audit records, all in one transaction. Returns false
    /// when the case was settled already (by a retry or a concurrent reviewer); `NotFound` when
    /// `office` has no such case or a verdict names an entry of another register; a conflict
    /// when the settlement is not whole (no note, an outcome that does not follow from the
    /// answer, a judged entry changed since it was judged).
    pub async fn settle_review(
        &self,
        actor: &Actor,
        at: OffsetDateTime,
        office: &OfficeId,
        settlement: NewSettlement<'_>,
    ) -> Result<bool, StoreError> {
        check_settlement(&settlement)?;
        let NewSettlement {
            application_id,
            verdicts,
            prenatal_verdicts,
            note,
            answer,
            register_as_of,
            outcome,
            certificate,
        } = settlement;
        let mut tx = self.begin().await?;
        let moved = sqlx::query(
            "UPDATE applications SET status = 'decided', outcome = $1, partial_scope = $2, \
             decided_at = $3 WHERE id = $4 AND register_office_id = $5 AND status = 'in_review'",
        )
        .bind(outcome.as_str())
        .bind(partial_parts(outcome).map(parts_text))
        .bind(ts(at))
        .bind(application_id)
        .bind(office.as_str())
        .execute(&mut *tx)
        .await?;
        if moved.rows_affected() == 0 {
            let known = sqlx::query(
                "SELECT s.application_id FROM applications a \
                 JOIN review_settlements s ON s.application_id = a.id \
                 WHERE a.id = $1 AND a.register_office_id = $2",
            )
            .bind(application_id)
            .bind(office.as_str())
            .fetch_optional(&mut *tx)
            .await?;
            tx.rollback().await?;
            return match known {
                Some(_) => Ok(false),
                None => Err(StoreError::NotFound),
            };
        }
        sqlx::query(
            "INSERT INTO review_settlements (application_id, register_office_id, answer, \
             register_as_of, note, settled_by, settled_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(application_id)
        .bind(office.as_str())
        .bind(serde_json::to_string(answer)?)
        .bind(ts(register_as_of))
        .bind(note.trim())
        .bind(&actor.id)
        .bind(ts(at))
        .execute(&mut *tx)
        .await?;
        self.insert_verdicts(
            &mut tx,
            actor,
            at,
            office,
            CaseKey::Application(application_id),
            verdicts,
        )
        .await?;
        let row = sqlx::query("SELECT issuing_office_id, payload FROM applications WHERE id = $1")
            .bind(application_id)
            .fetch_one(&mut *tx)
            .await?;
        let issuing = office_id(row.try_get("issuing_office_id")?)?;
        let child = applicant_child(&row)?;
        for verdict in prenatal_verdicts {
            self.settle_prenatal(&mut tx, actor, at, office, application_id, &child, verdict)
                .await?;
        }
        if let Some(certificate) = certificate {
            crate::certificates::insert(&mut tx, application_id, &issuing, outcome, certificate)
                .await?;
        }
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
            application_id,
            json!({
                "answer": answer_code(answer),
                "same_child": same,
                "not_same_child": verdicts.len() - same,
                "prenatal": prenatal_verdicts.len(),
            }),
        )
        .await?;
        audit::append(
            &mut tx,
            &self.audit_key,
            at,
            actor,
            Some(&issuing),
            "application.decided",
            application_id,
            json!({
                "outcome": outcome.as_str(),
                "certificate": certificate.map(|c| c.number.as_str().to_owned()),
                "review": true,
            }),
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Stores the verdict on one prenatal notification inside the settlement's transaction:
    /// "same child" completes it with the child's data into `office`'s register; either
    /// verdict needs the notification still open, as the reviewer saw it.
    #[allow(clippy::too_many_arguments)]
    async fn settle_prenatal(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        actor: &Actor,
        at: OffsetDateTime,
        office: &OfficeId,
        application_id: &str,
        child: &ChildIdentity,
        verdict: &PrenatalVerdict,
    ) -> Result<(), StoreError> {
        const CHANGED: &str = "a judged prenatal notification changed meanwhile";
        match (verdict.verdict, &verdict.entry_id) {
            (Verdict::SameChild, Some(entry_id)) => {
                crate::prenatal::complete(
                    tx,
                    &self.audit_key,
                    actor,
                    at,
                    None,
                    &verdict.prenatal_id,
                    entry_id,
                    office,
                    child,
                )
                .await
                .map_err(|e| match e {
                    StoreError::Conflict(_) => StoreError::Conflict(CHANGED),
                    other => other,
                })?;
            }
            (Verdict::NotSameChild, None) => {
                let open = sqlx::query(
                    "SELECT id FROM prenatal_notifications WHERE id = $1 AND status = 'open'",
                )
                .bind(&verdict.prenatal_id)
                .fetch_optional(&mut **tx)
                .await?;
                if open.is_none() {
                    return Err(StoreError::Conflict(CHANGED));
                }
            }
            _ => {
                return Err(StoreError::Conflict(
                    "an entry comes with the verdict \"same child\" on a prenatal notification, \
                     and only with it",
                ));
            }
        }
        sqlx::query(
            "INSERT INTO review_prenatal_verdicts (application_id, prenatal_id, verdict, \
             entry_id) VALUES ($1, $2, $3, $4)",
        )
        .bind(application_id)
        .bind(&verdict.prenatal_id)
        .bind(verdict.verdict.as_str())
        .bind(verdict.entry_id.as_deref())
        .execute(&mut **tx)
        .await?;
        audit::append(
            tx,
            &self.audit_key,
            at,
            actor,
            Some(office),
            "review.prenatal_verdict",
            &verdict.prenatal_id,
            json!({"application": application_id, "verdict": verdict.verdict.as_str()}),
        )
        .await?;
        Ok(())
    }

    async fn settlement_of(
        &self,
        office: &OfficeId,
        application_id: &str,
    ) -> Result<Option<Settlement>, StoreError> {
        let row = sqlx::query(
            "SELECT application_id, register_office_id, answer, register_as_of, note, \
             settled_by, settled_at FROM review_settlements \
             WHERE application_id = $1 AND register_office_id = $2",
        )
        .bind(application_id)
        .bind(office.as_str())
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let verdicts = self
            .verdicts_of(CaseKey::Application(application_id))
            .await?;
        let prenatal_verdicts = sqlx::query(
            "SELECT prenatal_id, verdict, entry_id FROM review_prenatal_verdicts \
             WHERE application_id = $1 ORDER BY prenatal_id",
        )
        .bind(application_id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|row| {
            let verdict: String = row.try_get("verdict")?;
            Ok(PrenatalVerdict {
                prenatal_id: row.try_get("prenatal_id")?,
                verdict: Verdict::parse(&verdict).ok_or(StoreError::Corrupt(verdict))?,
                entry_id: row.try_get("entry_id")?,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
        settlement(&row, verdicts, prenatal_verdicts).map(Some)
    }

    /// Stores the verdicts of a settlement in its transaction, each on the entry's version
    /// the reviewer saw (an entry changed since refuses the whole settlement), each audited.
    async fn insert_verdicts(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        actor: &Actor,
        at: OffsetDateTime,
        office: &OfficeId,
        case: CaseKey<'_>,
        verdicts: &[VerdictRecord],
    ) -> Result<(), StoreError> {
        let (table, column, id) = case.verdicts_table();
        for verdict in verdicts {
            let entry = crate::register::fetch(tx, office, &verdict.entry_id)
                .await?
                .ok_or(StoreError::NotFound)?;
            if entry.version != verdict.entry_version {
                return Err(StoreError::Conflict("a judged entry changed meanwhile"));
            }
            sqlx::query(AssertSqlSafe(format!(
                "INSERT INTO {table} ({column}, entry_id, entry_version, class, verdict) \
                 VALUES ($1, $2, $3, $4, $5)"
            )))
            .bind(id)
            .bind(&verdict.entry_id)
            .bind(verdict.entry_version)
            .bind(class_text(verdict.class))
            .bind(verdict.verdict.as_str())
            .execute(&mut **tx)
            .await?;
            let mut detail = json!({
                "version": verdict.entry_version,
                "class": class_text(verdict.class),
                "verdict": verdict.verdict.as_str(),
            });
            detail[case.audit_name()] = json!(id);
            audit::append(
                tx,
                &self.audit_key,
                at,
                actor,
                Some(office),
                "review.verdict",
                &verdict.entry_id,
                detail,
            )
            .await?;
        }
        Ok(())
    }

    /// The verdicts of a settled case, by entry id.
    async fn verdicts_of(&self, case: CaseKey<'_>) -> Result<Vec<VerdictRecord>, StoreError> {
        let (table, column, id) = case.verdicts_table();
        sqlx::query(AssertSqlSafe(format!(
            "SELECT entry_id, entry_version, class, verdict FROM {table} \
             WHERE {column} = $1 ORDER BY entry_id"
        )))
        .bind(id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|row| {
            let class: String = row.try_get("class")?;
            let verdict: String = row.try_get("verdict")?;
            Ok(VerdictRecord {
                entry_id: row.try_get("entry_id")?,
                entry_version: row.try_get("entry_version")?,
                class: parse_class(&class)?,
                verdict: Verdict::parse(&verdict).ok_or(StoreError::Corrupt(verdict))?,
            })
        })
        .collect()
    }
}

/// Which case verdicts belong to: an application's, or a query received over federation.
#[derive(Debug, Clone, Copy)]
enum CaseKey<'a> {
    Application(&'a str),
    Received(&'a str),
}

impl CaseKey<'_> {
    /// The verdicts' table, its case column and the case's id.
    fn verdicts_table(&self) -> (&'static str, &'static str, &str) {
        match self {
            CaseKey::Application(id) => ("review_verdicts", "application_id", id),
            CaseKey::Received(id) => ("received_query_verdicts", "query_id", id),
        }
    }

    /// What the audit detail of a verdict calls the case.
    fn audit_name(&self) -> &'static str {
        match self {
            CaseKey::Application(_) => "application",
            CaseKey::Received(_) => "query",
        }
    }
}

/// A settlement row (`application_id` the case's id) with its verdicts.
fn settlement(
    row: &sqlx::any::AnyRow,
    verdicts: Vec<VerdictRecord>,
    prenatal_verdicts: Vec<PrenatalVerdict>,
) -> Result<Settlement, StoreError> {
    Ok(Settlement {
        application_id: row.try_get("application_id")?,
        register_office: office_id(row.try_get("register_office_id")?)?,
        answer: serde_json::from_str(&row.try_get::<String, _>("answer")?)?,
        register_as_of: parse_ts(&row.try_get::<String, _>("register_as_of")?)?,
        note: row.try_get("note")?,
        settled_by: row.try_get("settled_by")?,
        settled_at: parse_ts(&row.try_get::<String, _>("settled_at")?)?,
        verdicts,
        prenatal_verdicts,
    })
}

/// Refuses a settlement that is not whole, before anything is written.
fn check_settlement(s: &NewSettlement<'_>) -> Result<(), StoreError> {
    if s.note.trim().is_empty() {
        return Err(StoreError::Conflict("a review settlement needs a note"));
    }
    if decide(s.answer) != Decision::Decided(s.outcome.clone()) {
        return Err(StoreError::Conflict(
            "the outcome does not follow from the register's answer",
        ));
    }
    if s.outcome.certifies() != s.certificate.is_some() {
        return Err(StoreError::Conflict(
            "a certificate comes with a certifying outcome, and only with one",
        ));
    }
    check_verdicts(s.verdicts)?;
    let mut seen = BTreeSet::new();
    for verdict in s.prenatal_verdicts {
        if !seen.insert(verdict.prenatal_id.as_str()) {
            return Err(StoreError::Conflict(
                "one verdict per prenatal notification",
            ));
        }
    }
    Ok(())
}

/// One verdict per entry, on candidate entries only.
fn check_verdicts(verdicts: &[VerdictRecord]) -> Result<(), StoreError> {
    let mut seen = BTreeSet::new();
    for verdict in verdicts {
        if verdict.class == MatchClass::None {
            return Err(StoreError::Conflict("only candidate entries are judged"));
        }
        if !seen.insert(verdict.entry_id.as_str()) {
            return Err(StoreError::Conflict("one verdict per entry"));
        }
    }
    Ok(())
}

fn review_case(row: &sqlx::any::AnyRow) -> Result<ReviewCase, StoreError> {
    let application: Application = serde_json::from_str(&row.try_get::<String, _>("payload")?)?;
    let referred_at: Option<String> = row.try_get("answered_at")?;
    Ok(ReviewCase {
        application_id: row.try_get("id")?,
        query_id: row.try_get("query_id")?,
        issuing_office: office_id(row.try_get("issuing_office_id")?)?,
        register_office: office_id(row.try_get("register_office_id")?)?,
        status: Status::parse(&row.try_get::<String, _>("status")?)?,
        outcome: parse_outcome(
            row.try_get("outcome")?,
            row.try_get("partial_scope")?,
            row.try_get("reason")?,
        )?,
        // The query carries exactly the application's child; nothing else of it is shown.
        child: application.child,
        received_at: parse_ts(&row.try_get::<String, _>("sent_at")?)?,
        referred_at: referred_at.as_deref().map(parse_ts).transpose()?,
        received: false,
    })
}

/// The applicant as the application names her: names and date of birth, nothing else.
fn applicant(row: &sqlx::any::AnyRow) -> Result<ApplicantShown, StoreError> {
    let application: Application = serde_json::from_str(&row.try_get::<String, _>("payload")?)?;
    Ok(ApplicantShown {
        names: Parent {
            given_names: application.applicant.given_names,
            family_name: application.applicant.family_name,
            birth_name: application.applicant.birth_name,
        },
        birth_date: application.applicant.birth_date,
    })
}

fn applicant_child(row: &sqlx::any::AnyRow) -> Result<ChildIdentity, StoreError> {
    let application: Application = serde_json::from_str(&row.try_get::<String, _>("payload")?)?;
    Ok(application.child)
}

fn class_text(class: MatchClass) -> &'static str {
    match class {
        MatchClass::Match => "match",
        MatchClass::Possible => "possible",
        MatchClass::None => "none",
    }
}

fn parse_class(raw: &str) -> Result<MatchClass, StoreError> {
    match raw {
        "match" => Ok(MatchClass::Match),
        "possible" => Ok(MatchClass::Possible),
        other => Err(StoreError::Corrupt(format!("match class {other}"))),
    }
}

/// The answer as a code for the audit log: parts of custody are codes too, names never.
fn answer_code(answer: &RegisterAnswer) -> serde_json::Value {
    match answer {
        RegisterAnswer::None => json!("none"),
        RegisterAnswer::Partial { parts } => {
            json!({"partial": parts.iter().map(|p| p.as_str()).collect::<Vec<_>>()})
        }
        RegisterAnswer::Entries => json!("entries"),
        RegisterAnswer::Maybe => json!("maybe"),
    }
}
