//! Sorgeerklärungen notified before the birth ([`domain::prenatal`]): recorded at an office
//! without the child's data, completed once the birth is known, and meanwhile a reason to send
//! an application that could concern the child to a person.

use domain::application::ChildIdentity;
use domain::prenatal::PrenatalNotification;
use domain::{Ags, OfficeId};
use store::Actor;
use store::directory::OfficeRecord;
use store::prenatal::PrenatalRecord;
use store::register::EntryRecord;

use crate::jurisdiction::{known_municipality, register_office};
use crate::{Pipeline, SubmitError};

impl Pipeline {
    /// The office that holds a prenatal notification sent over the API: the Jugendamt of the
    /// mother's residence, since the child's birthplace is not known yet.
    pub async fn prenatal_office_for(
        &self,
        mother_residence: Ags,
        field: &str,
    ) -> Result<OfficeRecord, SubmitError> {
        known_municipality(&self.store, mother_residence, field).await
    }

    /// Records a prenatal notification held by `office`.
    pub async fn record_prenatal(
        &self,
        actor: &Actor,
        office: &OfficeId,
        notification: &PrenatalNotification,
    ) -> Result<PrenatalRecord, SubmitError> {
        let id = uuid::Uuid::new_v4().to_string();
        Ok(self
            .store
            .insert_prenatal(actor, self.clock.now(), &id, office, notification)
            .await?)
    }

    /// Completes an open notification `office` holds with the child's data (checked by the
    /// caller with [`domain::input::parse_birth`]): it becomes an entry of the register office
    /// of the child's birthplace, which is returned with the entry.
    pub async fn complete_prenatal(
        &self,
        actor: &Actor,
        office: &OfficeId,
        id: &str,
        child: &ChildIdentity,
    ) -> Result<(EntryRecord, OfficeRecord), SubmitError> {
        let register = register_office(
            &self.store,
            &child.birth_place,
            "child.birth_place.municipality_key",
        )
        .await?;
        let entry_id = uuid::Uuid::new_v4().to_string();
        let entry = self
            .store
            .complete_prenatal(
                actor,
                self.clock.now(),
                office,
                id,
                &entry_id,
                &register.id,
                child,
            )
            .await?;
        Ok((entry, register))
    }
}
