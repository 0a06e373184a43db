//! Moving one application forward from wherever it stands.

use domain::CertificateNumber;
use domain::decision::{Decision, Outcome, decide};
use domain::prenatal::Mother;
use federation::{RegisterQuery, TransportError};
use store::Actor;
use store::applications::{ApplicationRecord, Resolution, Status};
use store::certificates::{NewCertificate, SealedDocument};

use certificate::{CertificateContent, Party, Person};
use domain::application::BirthPlace;

use crate::failpoint::{self, Failpoint};
use crate::retry;
use crate::{Pipeline, PipelineError};

impl Pipeline {
    /// Takes every step the application can take now, until it is decided, in review, or
    /// waiting on an office that does not answer (then the error says why).
    pub async fn advance(&self, id: &str) -> Result<(), PipelineError> {
        let actor = Actor::system("pipeline");
        loop {
            let record = self
                .store
                .application(id)
                .await?
                .ok_or_else(|| PipelineError::NotFound(id.to_owned()))?;
            match record.status {
                Status::Received => {
                    let query = RegisterQuery {
                        id: format!("q-{}", record.id),
                        from: record.issuing_office.clone(),
                        to: record.register_office.clone(),
                        child: record.application.child.clone(),
                        sent_at: self.clock.now(),
                    };
                    self.store
                        .send_register_query(
                            &actor,
                            query.sent_at,
                            &record.id,
                            &query.id,
                            &query.from,
                            &query.to,
                            &serde_json::to_string(&query)?,
                        )
                        .await?;
                    failpoint::hit(self.config.failpoint, Failpoint::AfterQuerySent);
                }
                Status::WaitingForRegister => {
                    self.ask_and_decide(&actor, &record).await?;
                    failpoint::hit(self.config.failpoint, Failpoint::AfterDecided);
                }
                Status::InReview if record.review_at_node => {
                    // One question per step: the node answers "maybe" until its review is
                    // settled, and the worker asks again after the poll interval.
                    return self.ask_and_decide(&actor, &record).await;
                }
                Status::InReview | Status::Decided => return Ok(()),
            }
        }
    }

    async fn ask_and_decide(
        &self,
        actor: &Actor,
        record: &ApplicationRecord,
    ) -> Result<(), PipelineError> {
        let (_, stored) = self
            .store
            .register_query_of(&record.id)
            .await?
            .ok_or_else(|| PipelineError::NotFound(format!("query of {}", record.id)))?;
        let query: RegisterQuery = serde_json::from_str(&stored)?;
        let response = match self.transport.ask(&query).await {
            Ok(response) if response.query_id == query.id && response.from == query.to => response,
            Ok(_) => {
                self.retry_later(record).await?;
                return Err(
                    TransportError::Refused("answer does not belong to the query".into()).into(),
                );
            }
            Err(error) => {
                self.retry_later(record).await?;
                return Err(error.into());
            }
        };
        let now = self.clock.now();
        let resolution = match decide(&response.answer) {
            Decision::Review if self.transport.reviews_elsewhere(&record.register_office) => {
                if record.review_at_node {
                    // Still in review there: nothing changed, ask again later.
                    let wait = self.config.retry.node_review(retry::unit_random());
                    self.store
                        .defer_application(&record.id, self.now_ms() + wait.as_millis() as i64)
                        .await?;
                    return Ok(());
                }
                Resolution::ReviewAtNode
            }
            Decision::Review => Resolution::Review,
            Decision::Decided(outcome)
                if outcome.certifies() && self.prenatal_could_concern(actor, record).await? =>
            {
                Resolution::Review
            }
            Decision::Decided(outcome) => Resolution::Decided {
                certificate: self
                    .certificate_for(record, &outcome, response.register_as_of)
                    .await?,
                outcome,
            },
        };
        self.store
            .resolve_application(
                actor,
                now,
                &record.id,
                &response.answer,
                response.register_as_of,
                resolution,
            )
            .await?;
        Ok(())
    }

    /// Leaves the application for the worker's next try after the backoff its earlier tries
    /// have earned.
    async fn retry_later(&self, record: &ApplicationRecord) -> Result<(), PipelineError> {
        let wait = self
            .config
            .retry
            .after_failure(record.attempts, retry::unit_random());
        self.store
            .defer_application(&record.id, self.now_ms() + wait.as_millis() as i64)
            .await?;
        Ok(())
    }

    /// Whether an open prenatal notification, held by any office here, could concern the
    /// application's child: declarations without the child's data are found by the mother's
    /// names, and until a person has looked they forbid a certificate.
    async fn prenatal_could_concern(
        &self,
        actor: &Actor,
        record: &ApplicationRecord,
    ) -> Result<bool, PipelineError> {
        let applicant = &record.application.applicant;
        let found = self
            .store
            .prenatals_concerning(
                actor,
                self.clock.now(),
                &Mother::new(
                    &applicant.given_names,
                    &applicant.family_name,
                    applicant.birth_name.as_ref(),
                    applicant.birth_date,
                ),
                record.application.child.birth_date,
                &self.config.matching,
                &record.id,
            )
            .await?;
        Ok(!found.is_empty())
    }

    /// The certificate an outcome comes with, if it certifies, stating the register as of
    /// `register_as_of`. Automatic decisions and settled reviews issue through here alike.
    pub(crate) async fn certificate_for(
        &self,
        record: &ApplicationRecord,
        outcome: &Outcome,
        register_as_of: time::OffsetDateTime,
    ) -> Result<Option<NewCertificate>, PipelineError> {
        if !outcome.certifies() {
            return Ok(None);
        }
        Ok(Some(
            self.certificate(record, outcome, register_as_of).await?,
        ))
    }

    /// The certificate: what it states (nothing more), sealed as QR text and PDF by the
    /// issuing office's key. Rendering and signing run off the async threads.
    async fn certificate(
        &self,
        record: &ApplicationRecord,
        outcome: &Outcome,
        register_as_of: time::OffsetDateTime,
    ) -> Result<NewCertificate, PipelineError> {
        let now = self.clock.now();
        let random = uuid::Uuid::new_v4().as_u128() as u64;
        let number = CertificateNumber::new(now.year(), random);
        let content = CertificateContent {
            number: number.as_str().to_owned(),
            outcome: match outcome {
                Outcome::PartialCertificate { parts } => certificate::Outcome::PartialCertificate {
                    parts: parts.iter().copied().collect(),
                },
                _ => certificate::Outcome::NegativeCertificate,
            },
            issuer: self.party(&record.issuing_office).await?,
            register_office: self.party(&record.register_office).await?,
            child: Person {
                given_names: record.application.child.given_names.as_str().to_owned(),
                family_name: record
                    .application
                    .child
                    .family_name_at_birth
                    .as_str()
                    .to_owned(),
                birth_date: record.application.child.birth_date,
                birth_place: Some(self.place(&record.application.child.birth_place).await?),
            },
            mother: Person {
                given_names: record.application.applicant.given_names.as_str().to_owned(),
                family_name: record.application.applicant.family_name.as_str().to_owned(),
                birth_date: record.application.applicant.birth_date,
                birth_place: None,
            },
            issued_at: now,
            register_as_of,
            verify_url: self.config.verify_url.clone(),
        };
        let sealer = self.sealer.clone();
        let sealing = content.clone();
        let issued = tokio::task::spawn_blocking(move || sealer.issue(&sealing, now))
            .await
            .map_err(|e| PipelineError::Seal(e.to_string()))?
            .map_err(|e| PipelineError::Seal(e.to_string()))?;
        Ok(NewCertificate {
            number,
            data: serde_json::to_value(&content)?,
            issued_at: now,
            register_as_of,
            document: SealedDocument {
                key_id: issued.key_id,
                qr_payload: issued.qr_payload,
                pdf: issued.pdf,
            },
        })
    }

    /// An office as the certificate names it.
    async fn party(&self, id: &domain::OfficeId) -> Result<Party, PipelineError> {
        let office = self
            .store
            .office(id)
            .await?
            .ok_or_else(|| PipelineError::NotFound(format!("office {id}")))?;
        Ok(Party {
            id: id.as_str().to_owned(),
            name: office.name,
            address: Vec::new(),
        })
    }

    /// A place of birth as printed: the municipality's name without its kind ("Cuxhaven" for
    /// "Cuxhaven, Stadt"), or the place abroad with its country code.
    async fn place(&self, place: &BirthPlace) -> Result<String, PipelineError> {
        Ok(match place {
            BirthPlace::Municipality(ags) => {
                let name = self
                    .store
                    .municipality_name(*ags)
                    .await?
                    .unwrap_or_else(|| ags.as_str().to_owned());
                name.split(',').next().unwrap_or(&name).trim().to_owned()
            }
            BirthPlace::Abroad { country, place } => format!("{place} ({})", country.as_str()),
        })
    }
}
