//! Taking in an application: directory checks, eligibility, the idempotent insert, and the
//! first push through the pipeline.

use domain::application::Application;
use domain::eligibility;
use domain::{FieldError, Problem};
use store::Actor;
use store::applications::{ApplicationRecord, Inserted, NewApplication};
use store::clients::Client;

use crate::failpoint::{self, Failpoint};
use crate::jurisdiction::{known_municipality, register_office};
use crate::{Offices, Pipeline, SubmitError};

/// The stored application and whether this request created it.
#[derive(Debug, Clone)]
pub struct Submitted {
    pub record: ApplicationRecord,
    pub offices: Offices,
    pub created: bool,
}

impl Pipeline {
    /// Takes in an application parsed at the edge. `request_hash` identifies the request body,
    /// so that a reused idempotency key with another body is refused.
    pub async fn submit(
        &self,
        client: &Client,
        idempotency_key: Option<&str>,
        request_hash: &str,
        application: Application,
    ) -> Result<Submitted, SubmitError> {
        let actor = Actor::client(&client.id, client.office.clone());
        self.take_in(
            client,
            &actor,
            idempotency_key,
            request_hash,
            application,
            None,
        )
        .await
    }

    /// Takes in an application a citizen made herself in the portal, signed in as `subject`
    /// (her SHA-256 hex subject). It is stored under the portal's built-in client and belongs
    /// to her: only she reads it back ([`store::Store::citizen_application`]). The form's
    /// `idempotency_key` is kept per citizen, so a double submit returns her first
    /// application, and the same key from another citizen makes a separate one instead of
    /// handing hers out. Otherwise decided exactly like an application through the API.
    pub async fn submit_for_citizen(
        &self,
        subject: &str,
        idempotency_key: &str,
        request_hash: &str,
        application: Application,
    ) -> Result<Submitted, SubmitError> {
        let client = self.store.portal_client().await?;
        let key = format!("{subject}:{idempotency_key}");
        self.take_in(
            &client,
            &Actor::citizen(subject),
            Some(&key),
            request_hash,
            application,
            Some(subject),
        )
        .await
    }

    async fn take_in(
        &self,
        client: &Client,
        actor: &Actor,
        idempotency_key: Option<&str>,
        request_hash: &str,
        application: Application,
        citizen: Option<&str>,
    ) -> Result<Submitted, SubmitError> {
        let offices = self.offices_for(&application).await?;
        let now = self.clock.now();
        let refused = eligibility::check(
            &application.declarations,
            application.child.birth_date,
            self.clock.today(),
        )
        .err();
        let id = uuid::Uuid::new_v4().to_string();
        let inserted = self
            .store
            .insert_application(
                actor,
                now,
                NewApplication {
                    id: &id,
                    client_id: &client.id,
                    idempotency_key,
                    request_hash,
                    issuing_office: &offices.issuing.id,
                    register_office: &offices.register.id,
                    application: &application,
                    refused,
                    lease_until_ms: self.now_ms() + self.config.lease.as_millis() as i64,
                    citizen,
                },
            )
            .await?;
        let (id, created) = match inserted {
            Inserted::New(id) => {
                failpoint::hit(self.config.failpoint, Failpoint::AfterReceived);
                if let Err(error) = self.advance(&id).await {
                    // The worker takes it up again once the lease runs out.
                    tracing::warn!(application = %id, %error, "pipeline step failed; will retry");
                }
                (id, true)
            }
            Inserted::Existing {
                id,
                same_request: true,
            } => (id, false),
            Inserted::Existing {
                same_request: false,
                ..
            } => {
                return Err(SubmitError::IdempotencyConflict);
            }
        };
        let record = self
            .store
            .application(&id)
            .await?
            .ok_or(store::StoreError::NotFound)?;
        Ok(Submitted {
            record,
            offices,
            created,
        })
    }

    /// Routes an application to its two offices and checks the address against the directory,
    /// reporting every problem at once.
    async fn offices_for(&self, application: &Application) -> Result<Offices, SubmitError> {
        let mut errors: Vec<FieldError> = Vec::new();
        let address = &application.applicant.address;
        let issuing = collect(
            known_municipality(
                &self.store,
                address.municipality,
                "applicant.address.municipality_key",
            )
            .await,
            &mut errors,
        )?;
        if issuing.is_some() {
            let codes = self.store.postal_codes_of(address.municipality).await?;
            if !codes.is_empty() && !codes.contains(&address.postal_code) {
                errors.push(FieldError::new(
                    "applicant.address.postal_code",
                    Problem::PostalCodeNotInMunicipality,
                ));
            }
        }
        let register = collect(
            register_office(
                &self.store,
                &application.child.birth_place,
                "child.birth_place.municipality_key",
            )
            .await,
            &mut errors,
        )?;
        match (issuing, register) {
            (Some(issuing), Some(register)) if errors.is_empty() => {
                Ok(Offices { issuing, register })
            }
            _ => Err(SubmitError::Invalid(errors)),
        }
    }

    /// The offices of a stored application, for presenting it.
    pub async fn offices_of(&self, record: &ApplicationRecord) -> Result<Offices, SubmitError> {
        let issuing = self.store.office(&record.issuing_office).await?;
        let register = self.store.office(&record.register_office).await?;
        match (issuing, register) {
            (Some(issuing), Some(register)) => Ok(Offices { issuing, register }),
            _ => Err(SubmitError::Directory(format!(
                "offices of application {} missing",
                record.id
            ))),
        }
    }
}

/// Moves field errors into `errors`; passes other errors up.
fn collect<T>(
    result: Result<T, SubmitError>,
    errors: &mut Vec<FieldError>,
) -> Result<Option<T>, SubmitError> {
    match result {
        Ok(value) => Ok(Some(value)),
        Err(SubmitError::Invalid(mut found)) => {
            errors.append(&mut found);
            Ok(None)
        }
        Err(other) => Err(other),
    }
}
