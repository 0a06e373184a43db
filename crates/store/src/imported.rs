//! What a repeated import of a register finds already there: the entries among the ids it is
//! about to write, with the content each was created with. Importing stays
//! [`Store::import_entries`]'s; this module only reads.

use serde_json::json;
use sqlx::{AssertSqlSafe, Row};
use time::OffsetDateTime;

use crate::audit::{self, Actor};
use crate::directory::insert_sql;
use crate::{Store, StoreError};
use domain::OfficeId;
use domain::register::Notification;

/// Ids per query.
const BATCH: usize = 400;

impl Store {
    /// Which of `ids` are entries already, in any register: each with the office that keeps it
    /// and the content it was created with (its first version, whatever corrections followed).
    /// A repeated import compares its file against this, so that it skips what it loaded
    /// before. Audited as one search of `office`'s register.
    pub async fn first_versions(
        &self,
        actor: &Actor,
        at: OffsetDateTime,
        office: &OfficeId,
        ids: &[String],
    ) -> Result<Vec<(String, OfficeId, Notification)>, StoreError> {
        let mut connection = self.pool.acquire().await?;
        let mut found = Vec::new();
        for chunk in ids.chunks(BATCH) {
            let sql = insert_sql(
                "SELECT e.id, e.register_office_id, v.data FROM register_entries e \
                 JOIN register_entry_versions v ON v.entry_id = e.id AND v.version = 1 \
                 WHERE e.id IN ",
                chunk.len(),
                1,
                "",
            );
            let mut query = sqlx::query(AssertSqlSafe(sql));
            for id in chunk {
                query = query.bind(id.clone());
            }
            for row in query.fetch_all(&mut *connection).await? {
                let keeper: String = row.try_get("register_office_id")?;
                found.push((
                    row.try_get("id")?,
                    OfficeId::parse(&keeper).map_err(|_| StoreError::Corrupt(keeper))?,
                    serde_json::from_str(&row.try_get::<String, _>("data")?)?,
                ));
            }
        }
        audit::record(
            &self.audit_key,
            at,
            actor,
            Some(office),
            "register.import_compared",
            office.as_str(),
            json!({"ids": ids.len(), "found": found.len()}),
        )
        .execute(&mut *connection)
        .await?;
        Ok(found)
    }
}
