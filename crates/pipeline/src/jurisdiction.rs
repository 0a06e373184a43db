//! Which two offices an application concerns (§ 87c Abs. 6 SGB VIII): the issuing office of the
//! mother's residence and the register office of the child's birthplace (Berlin for births
//! abroad).

use domain::application::BirthPlace;
use domain::{Ags, FieldError, Problem};
use store::Store;
use store::directory::OfficeRecord;

use crate::SubmitError;

/// The offices of one application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offices {
    pub issuing: OfficeRecord,
    pub register: OfficeRecord,
}

/// The register office for a birthplace, or a field error under `field` when the municipality
/// is unknown.
pub async fn register_office(
    store: &Store,
    place: &BirthPlace,
    field: &str,
) -> Result<OfficeRecord, SubmitError> {
    match place {
        BirthPlace::Municipality(ags) => known_municipality(store, *ags, field).await,
        BirthPlace::Abroad { .. } => store.abroad_register_office().await?.ok_or_else(|| {
            SubmitError::Directory("no office keeps the register for births abroad".into())
        }),
    }
}

/// The Jugendamt of a municipality, or a field error when the directory does not know it.
pub async fn known_municipality(
    store: &Store,
    ags: Ags,
    field: &str,
) -> Result<OfficeRecord, SubmitError> {
    store.office_for_municipality(ags).await?.ok_or_else(|| {
        SubmitError::Invalid(vec![FieldError::new(field, Problem::UnknownMunicipality)])
    })
}
