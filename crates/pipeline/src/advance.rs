//! Moving one application forward from wherever it stands.

use serde_json::json;

use domain::CertificateNumber;
use domain::decision::{Decision, Outcome, decide};
use federation::{RegisterQuery, TransportError};
use store::Actor;
use store::applications::{ApplicationRecord, Resolution, Status};
use store::certificates::NewCertificate;

use crate::failpoint::{self, Failpoint};
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
        let response = self.transport.ask(&query).await?;
        if response.query_id != query.id || response.from != query.to {
            return Err(
                TransportError::Refused("answer does not belong to the query".into()).into(),
            );
        }
        let now = self.clock.now();
        let resolution = match decide(&response.answer) {
            Decision::Review => Resolution::Review,
            Decision::Decided(outcome) => {
                let certificate = if outcome.certifies() {
                    Some(
                        self.certificate(record, &outcome, response.register_as_of)
                            .await?,
                    )
                } else {
                    None
                };
                Resolution::Decided {
                    outcome,
                    certificate,
                }
            }
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

    /// The content of the certificate: what it states, nothing more.
    async fn certificate(
        &self,
        record: &ApplicationRecord,
        outcome: &Outcome,
        register_as_of: time::OffsetDateTime,
    ) -> Result<NewCertificate, PipelineError> {
        let now = self.clock.now();
        let random = uuid::Uuid::new_v4().as_u128() as u64;
        let number = CertificateNumber::new(now.year(), random);
        let issuing = self.store.office(&record.issuing_office).await?;
        let child = &record.application.child;
        let mother = &record.application.applicant;
        let parts = match outcome {
            Outcome::PartialCertificate { parts } => {
                parts.iter().map(|p| p.as_str()).collect::<Vec<_>>()
            }
            _ => Vec::new(),
        };
        let data = json!({
            "number": number.as_str(),
            "outcome": outcome.as_str(),
            "partial_scope": parts,
            "issuer": {
                "id": record.issuing_office.as_str(),
                "name": issuing.map(|o| o.name).unwrap_or_default(),
            },
            "child": {
                "given_names": child.given_names.as_str(),
                "family_name_at_birth": child.family_name_at_birth.as_str(),
                "birth_date": child.birth_date,
                "birth_place": child.birth_place,
            },
            "mother": {
                "given_names": mother.given_names.as_str(),
                "family_name": mother.family_name.as_str(),
                "birth_date": mother.birth_date,
            },
        });
        Ok(NewCertificate {
            number,
            data,
            issued_at: now,
            register_as_of,
        })
    }
}
