//! Notifications to the register: routed to the register office of the child's birthplace.

use domain::register::Notification;
use store::Actor;
use store::directory::OfficeRecord;
use store::register::EntryRecord;

use crate::jurisdiction::register_office;
use crate::{Pipeline, SubmitError};

impl Pipeline {
    /// The register office a notification about this child goes to.
    pub async fn register_office_for(
        &self,
        notification: &Notification,
    ) -> Result<OfficeRecord, SubmitError> {
        register_office(
            &self.store,
            &notification.child.birth_place,
            "child.birth_place.municipality_key",
        )
        .await
    }

    /// Records a notification as a new entry in `office`'s register; refused for an office
    /// whose register is kept on its own node, since this instance's copy is never asked.
    pub async fn record_entry(
        &self,
        actor: &Actor,
        office: &OfficeRecord,
        notification: &Notification,
    ) -> Result<EntryRecord, SubmitError> {
        if self.transport.reviews_elsewhere(&office.id) {
            return Err(SubmitError::RegisterOnNode(office.name.clone()));
        }
        let id = uuid::Uuid::new_v4().to_string();
        Ok(self
            .store
            .insert_entry(actor, self.clock.now(), &id, &office.id, notification)
            .await?)
    }
}
