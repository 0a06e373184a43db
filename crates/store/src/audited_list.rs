//! Reading a list of one office's records together with the audit record of who read it:
//! staff listing a register, a queue or requests is audited like a change.
//!
//! The caller owns the query (what, in which order, which page) and how a row is read; this
//! module owns only the transaction around it and the audit record. A listing that reads more
//! than one query in its transaction (a page with its total) writes its own.

use serde_json::Value;
use sqlx::Any;
use sqlx::any::{AnyArguments, AnyRow};
use sqlx::query::Query;
use time::OffsetDateTime;

use crate::audit::{self, Actor};
use crate::{Store, StoreError};
use domain::OfficeId;

impl Store {
    /// The rows `query` finds in `office`'s data, each read by `read`, and in the same
    /// transaction the audit record `action` by `actor` in `office`'s trail, its detail made by
    /// `detail` from the number of rows.
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn audited_list<T>(
        &self,
        actor: &Actor,
        at: OffsetDateTime,
        office: &OfficeId,
        action: &str,
        query: Query<'_, Any, AnyArguments>,
        read: fn(&AnyRow) -> Result<T, StoreError>,
        detail: impl FnOnce(usize) -> Value,
    ) -> Result<Vec<T>, StoreError> {
        let mut tx = self.begin().await?;
        let rows = query.fetch_all(&mut *tx).await?;
        let found = rows.iter().map(read).collect::<Result<Vec<_>, _>>()?;
        audit::append(
            &mut tx,
            &self.audit_key,
            at,
            actor,
            Some(office),
            action,
            office.as_str(),
            detail(found.len()),
        )
        .await?;
        tx.commit().await?;
        Ok(found)
    }
}
