//! Settling a review case. When the register office's matcher finds an entry that might be the
//! child asked about, the application waits in review; a person of the register office judges
//! every candidate entry, and the application then resumes: it is decided from the entries
//! that are the child ([`domain::review`]) exactly as an automatic answer would decide it,
//! with the certificate stating the register as of the review.
//!
//! The candidates are searched again when the case is settled, not taken from the form: an
//! entry recorded or changed since the reviewer looked refuses the settlement instead of going
//! unjudged. Which staff may review is the caller's business; the office is the scope of every
//! read and write here.

use std::collections::{BTreeMap, BTreeSet};

use domain::decision::{Decision, Outcome, decide};
use domain::matching::MatchClass;
use domain::register::{EntryEffect, EntryKind, Scope};
use domain::review::{Judged, Verdict, admissible, answer_after_review};
use domain::{CertificateNumber, OfficeId};
use store::reviews::{
    CaseView, NewReceivedSettlement, NewSettlement, PrenatalVerdict, ReviewCase, VerdictRecord,
};
use store::{Actor, StoreError};

use crate::{Pipeline, PipelineError};

/// A reviewer's verdict on one candidate entry, naming the version of the entry they saw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Judgement {
    pub entry_id: String,
    pub entry_version: i64,
    pub verdict: Verdict,
}

/// A reviewer's verdict on an open prenatal notification that could concern the child.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrenatalJudgement {
    pub prenatal_id: String,
    pub verdict: Verdict,
}

/// How a case ended.
#[derive(Debug, Clone, PartialEq)]
pub struct Settled {
    /// The case's id: the application's, or a received query's (then `outcome` is what the
    /// answer decides at the asking instance, and there is no certificate here).
    pub application_id: String,
    pub outcome: Outcome,
    pub certificate: Option<CertificateNumber>,
    /// False when the case had been settled before (a retried request, or another reviewer
    /// first): nothing of this call was stored, and outcome and certificate are the earlier
    /// ones.
    pub settled_now: bool,
}

/// Why a case was not settled.
#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    /// The office has no such case (another office's, or an application never in review).
    #[error("no review case {0} at this office")]
    NotFound(String),
    /// The verdicts or the note do not settle the case; every problem at once.
    #[error("the case cannot be settled: {}", list(.0))]
    Refused(Vec<ReviewProblem>),
    /// The verdicts leave the register's answer in doubt (a malformed entry): the case stays
    /// open.
    #[error("the verdicts leave the register's answer in doubt")]
    StillInDoubt,
    #[error(transparent)]
    Step(#[from] PipelineError),
}

impl From<StoreError> for ReviewError {
    fn from(error: StoreError) -> Self {
        ReviewError::Step(error.into())
    }
}

/// One reason a settlement is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReviewProblem {
    #[error("a note saying why is required")]
    NoteMissing,
    #[error("candidate entry {entry_id} has no verdict")]
    MissingVerdict { entry_id: String },
    #[error("prenatal notification {prenatal_id} has no verdict")]
    MissingPrenatalVerdict { prenatal_id: String },
    #[error("prenatal notification {prenatal_id} is not one this case must judge")]
    NotAPrenatalCandidate { prenatal_id: String },
    #[error("entry {entry_id} is not a candidate of this case")]
    NotACandidate { entry_id: String },
    #[error("entry {entry_id} has more than one verdict")]
    DuplicateVerdict { entry_id: String },
    #[error("entry {entry_id} changed since it was judged (version {judged}, now {current})")]
    EntryChanged {
        entry_id: String,
        judged: i64,
        current: i64,
    },
    #[error(
        "entry {entry_id} has this child's very name, date and place of birth and cannot be \
         judged another child; correct or cancel the entry instead"
    )]
    CertainMatchDisputed { entry_id: String },
}

fn list(problems: &[ReviewProblem]) -> String {
    problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

impl Pipeline {
    /// The open cases of `office`'s review queue, longest waiting first.
    pub async fn open_reviews(
        &self,
        actor: &Actor,
        office: &OfficeId,
    ) -> Result<Vec<ReviewCase>, ReviewError> {
        Ok(self
            .store
            .open_reviews(actor, self.clock.now(), office)
            .await?)
    }

    /// One case of `office`'s review queue with its candidates as of now (or, once settled,
    /// its settlement); `None` for a case that is not `office`'s.
    pub async fn review_case(
        &self,
        actor: &Actor,
        office: &OfficeId,
        application_id: &str,
    ) -> Result<Option<CaseView>, ReviewError> {
        Ok(self
            .store
            .review_case(
                actor,
                self.clock.now(),
                office,
                application_id,
                &self.config.matching,
            )
            .await?)
    }

    /// Settles a case of `office` with a verdict on every candidate entry and a note, and
    /// decides the application from them. Settling a settled case again stores nothing and
    /// reports the earlier result (`settled_now` false), also when two reviewers race.
    /// A case with prenatal notifications to judge needs
    /// [`settle_review_with_prenatal`](Pipeline::settle_review_with_prenatal).
    pub async fn settle_review(
        &self,
        actor: &Actor,
        office: &OfficeId,
        application_id: &str,
        judgements: &[Judgement],
        note: &str,
    ) -> Result<Settled, ReviewError> {
        self.settle_review_with_prenatal(actor, office, application_id, judgements, &[], note)
            .await
    }

    /// Settles a case with a verdict on every candidate entry and on every open prenatal
    /// notification that could concern the child. "Same child" on a prenatal notification
    /// completes it with the child's data as the application names them: it becomes an entry
    /// of this register office's register, and counts as Sorgeerklärungen for the decision.
    pub async fn settle_review_with_prenatal(
        &self,
        actor: &Actor,
        office: &OfficeId,
        application_id: &str,
        judgements: &[Judgement],
        prenatal: &[PrenatalJudgement],
        note: &str,
    ) -> Result<Settled, ReviewError> {
        let view = self
            .review_case(actor, office, application_id)
            .await?
            .ok_or_else(|| ReviewError::NotFound(application_id.to_owned()))?;
        if view.case.received {
            return self
                .settle_received(actor, office, &view, judgements, prenatal, note)
                .await;
        }
        if view.settlement.is_some() {
            return self.settled_before(application_id).await;
        }
        let (verdicts, mut judged) =
            check(&view, judgements, note).map_err(ReviewError::Refused)?;
        let prenatal_verdicts = check_prenatal(&view, prenatal).map_err(ReviewError::Refused)?;
        judged.extend(
            prenatal_verdicts
                .iter()
                .filter(|v| v.verdict == Verdict::SameChild)
                .map(|_| Judged {
                    class: MatchClass::Possible,
                    effect: EntryEffect {
                        kind: EntryKind::CustodyDeclarations,
                        scope: Scope::Whole,
                    },
                    verdict: Verdict::SameChild,
                }),
        );
        let answer = answer_after_review(&judged);
        let Decision::Decided(outcome) = decide(&answer) else {
            return Err(ReviewError::StillInDoubt);
        };
        let record = self
            .store
            .application(application_id)
            .await?
            .ok_or_else(|| ReviewError::NotFound(application_id.to_owned()))?;
        // The register is as of the search the verdicts were checked against.
        let certificate = self
            .certificate_for(&record, &outcome, view.assessed_at)
            .await?;
        let stored = self
            .store
            .settle_review(
                actor,
                self.clock.now(),
                office,
                NewSettlement {
                    application_id,
                    verdicts: &verdicts,
                    prenatal_verdicts: &prenatal_verdicts,
                    note,
                    answer: &answer,
                    register_as_of: view.assessed_at,
                    outcome: &outcome,
                    certificate: certificate.as_ref(),
                },
            )
            .await?;
        if !stored {
            // Another settlement won; the certificate sealed here was never stored.
            return self.settled_before(application_id).await;
        }
        Ok(Settled {
            application_id: application_id.to_owned(),
            outcome,
            certificate: certificate.map(|c| c.number),
            settled_now: true,
        })
    }

    /// Settles the case of a query received over federation: the verdicts make the answer
    /// the asking instance receives when it asks again; nothing is decided or issued here.
    async fn settle_received(
        &self,
        actor: &Actor,
        office: &OfficeId,
        view: &CaseView,
        judgements: &[Judgement],
        prenatal: &[PrenatalJudgement],
        note: &str,
    ) -> Result<Settled, ReviewError> {
        let query_id = view.case.application_id.as_str();
        let settled = |outcome, settled_now| Settled {
            application_id: query_id.to_owned(),
            outcome,
            certificate: None,
            settled_now,
        };
        if let Some(outcome) = view.case.outcome.clone() {
            return Ok(settled(outcome, false));
        }
        let (verdicts, judged) = check(view, judgements, note).map_err(ReviewError::Refused)?;
        check_prenatal(view, prenatal).map_err(ReviewError::Refused)?;
        let answer = answer_after_review(&judged);
        let Decision::Decided(outcome) = decide(&answer) else {
            return Err(ReviewError::StillInDoubt);
        };
        let stored = self
            .store
            .settle_received_query(
                actor,
                self.clock.now(),
                office,
                NewReceivedSettlement {
                    query_id,
                    verdicts: &verdicts,
                    note,
                    answer: &answer,
                    register_as_of: view.assessed_at,
                },
            )
            .await?;
        if !stored {
            let earlier = self
                .store
                .received_query(query_id)
                .await?
                .and_then(|q| q.answered)
                .and_then(|(answer, _)| match decide(&answer) {
                    Decision::Decided(outcome) => Some(outcome),
                    Decision::Review => None,
                })
                .ok_or_else(|| ReviewError::NotFound(query_id.to_owned()))?;
            return Ok(settled(earlier, false));
        }
        Ok(settled(outcome, true))
    }

    async fn settled_before(&self, application_id: &str) -> Result<Settled, ReviewError> {
        let outcome = self
            .store
            .application(application_id)
            .await?
            .and_then(|record| record.outcome)
            .ok_or_else(|| ReviewError::NotFound(application_id.to_owned()))?;
        let certificate = self
            .store
            .certificate_of_application(application_id)
            .await?
            .map(|c| c.number);
        Ok(Settled {
            application_id: application_id.to_owned(),
            outcome,
            certificate,
            settled_now: false,
        })
    }
}

/// Pairs every open prenatal notification of the case with its verdict, or says everything
/// that is wrong. "Same child" gets the id of the entry the notification becomes.
fn check_prenatal(
    view: &CaseView,
    judgements: &[PrenatalJudgement],
) -> Result<Vec<PrenatalVerdict>, Vec<ReviewProblem>> {
    let mut problems = Vec::new();
    let mut given: BTreeMap<&str, &PrenatalJudgement> = BTreeMap::new();
    for judgement in judgements {
        let id = judgement.prenatal_id.as_str();
        if !view.prenatal.iter().any(|p| p.id == id) {
            problems.push(ReviewProblem::NotAPrenatalCandidate {
                prenatal_id: id.to_owned(),
            });
        } else if given.insert(id, judgement).is_some() {
            problems.push(ReviewProblem::DuplicateVerdict {
                entry_id: id.to_owned(),
            });
        }
    }
    let mut verdicts = Vec::new();
    for record in &view.prenatal {
        match given.get(record.id.as_str()) {
            None => problems.push(ReviewProblem::MissingPrenatalVerdict {
                prenatal_id: record.id.clone(),
            }),
            Some(judgement) => verdicts.push(PrenatalVerdict {
                prenatal_id: record.id.clone(),
                verdict: judgement.verdict,
                entry_id: (judgement.verdict == Verdict::SameChild)
                    .then(|| uuid::Uuid::new_v4().to_string()),
            }),
        }
    }
    if problems.is_empty() {
        Ok(verdicts)
    } else {
        Err(problems)
    }
}

/// Pairs every current candidate with its verdict, or says everything that is wrong.
fn check(
    view: &CaseView,
    judgements: &[Judgement],
    note: &str,
) -> Result<(Vec<VerdictRecord>, Vec<Judged>), Vec<ReviewProblem>> {
    let mut problems = Vec::new();
    if note.trim().is_empty() {
        problems.push(ReviewProblem::NoteMissing);
    }
    let mut given: BTreeMap<&str, &Judgement> = BTreeMap::new();
    let mut duplicates = BTreeSet::new();
    for judgement in judgements {
        let id = judgement.entry_id.as_str();
        if given.insert(id, judgement).is_some() && duplicates.insert(id) {
            problems.push(ReviewProblem::DuplicateVerdict {
                entry_id: id.to_owned(),
            });
        }
        if !view.candidates.iter().any(|c| c.entry.id == id) && !duplicates.contains(id) {
            problems.push(ReviewProblem::NotACandidate {
                entry_id: id.to_owned(),
            });
        }
    }
    let mut verdicts = Vec::new();
    let mut judged = Vec::new();
    for candidate in &view.candidates {
        let entry = &candidate.entry;
        let Some(judgement) = given.get(entry.id.as_str()) else {
            problems.push(ReviewProblem::MissingVerdict {
                entry_id: entry.id.clone(),
            });
            continue;
        };
        if judgement.entry_version != entry.version {
            problems.push(ReviewProblem::EntryChanged {
                entry_id: entry.id.clone(),
                judged: judgement.entry_version,
                current: entry.version,
            });
        } else if !admissible(candidate.class, judgement.verdict) {
            problems.push(ReviewProblem::CertainMatchDisputed {
                entry_id: entry.id.clone(),
            });
        }
        verdicts.push(VerdictRecord {
            entry_id: entry.id.clone(),
            entry_version: entry.version,
            class: candidate.class,
            verdict: judgement.verdict,
        });
        judged.push(Judged {
            class: candidate.class,
            effect: entry.notification.effect(),
            verdict: judgement.verdict,
        });
    }
    if problems.is_empty() {
        Ok((verdicts, judged))
    } else {
        Err(problems)
    }
}
