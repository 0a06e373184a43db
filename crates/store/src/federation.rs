//! Federation's memory of envelopes already accepted: the store side of the replay guard.
//!
//! This module owns the `federation_messages` table only. What an envelope is and when it is
//! fresh enough is the federation crate's business; here a message id is recorded once.

use time::{Duration, OffsetDateTime};

use crate::time_text::ts;
use crate::{Store, StoreError};
use domain::OfficeId;

/// How long accepted message ids are kept. Far longer than the envelope's freshness window
/// (five minutes), so that a purged id is refused by its timestamp anyway.
pub const FEDERATION_MESSAGE_RETENTION: Duration = Duration::hours(1);

impl Store {
    /// Records the federation message `msg_id` from `from`, seen at `at`, and says whether this
    /// was the first time (`true`) or a replay (`false`). Ids recorded more than an hour before
    /// `at` are purged first.
    pub async fn first_federation_message(
        &self,
        msg_id: &str,
        from: &OfficeId,
        at: OffsetDateTime,
    ) -> Result<bool, StoreError> {
        sqlx::query("DELETE FROM federation_messages WHERE seen_at < $1")
            .bind(ts(at - FEDERATION_MESSAGE_RETENTION))
            .execute(&self.pool)
            .await?;
        let inserted = sqlx::query(
            "INSERT INTO federation_messages (msg_id, from_office, seen_at) VALUES ($1, $2, $3) \
             ON CONFLICT (msg_id) DO NOTHING",
        )
        .bind(msg_id)
        .bind(from.as_str())
        .bind(ts(at))
        .execute(&self.pool)
        .await?;
        Ok(inserted.rows_affected() == 1)
    }
}
