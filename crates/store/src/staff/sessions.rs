//! Login sessions of the workbench. The session token lives in the browser's cookie only; the
//! store keeps its SHA-256 hash, the session's CSRF token, and whether the second factor is
//! done. A session is dead once ended, idle longer than the limit, older than the longest
//! session allowed, or when its account is disabled — checked on every read.

use serde_json::json;
use sqlx::{AssertSqlSafe, Row};
use time::{Duration, OffsetDateTime};

use super::{StaffUser, USER_COLUMNS, user_from_row};
use crate::time_text::{parse_ts, ts};
use crate::{Store, StoreError};

/// How long a session lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionLimits {
    /// Without a request for longer than this, the session is dead.
    pub idle: Duration,
    /// However active, a session ends this long after login.
    pub max_age: Duration,
}

/// A session to start after a correct password.
pub struct NewSession<'a> {
    /// SHA-256 hex of the session token.
    pub token_hash: &'a str,
    pub csrf_token: &'a str,
    /// False when the account has a second factor still to be given.
    pub second_factor_done: bool,
}

/// A live session with its account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffSession {
    pub user: StaffUser,
    pub csrf_token: String,
    pub second_factor_done: bool,
    pub created_at: OffsetDateTime,
    pub last_seen_at: OffsetDateTime,
}

/// A session and its account, for `SELECT … FROM staff_sessions s JOIN staff_users u`.
fn session_query(tail: &str) -> String {
    format!(
        "SELECT {USER_COLUMNS}, s.user_id, s.csrf_token, s.second_factor_done, \
         s.created_at AS session_created_at, s.last_seen_at \
         FROM staff_sessions s JOIN staff_users u ON u.id = s.user_id {tail}"
    )
}

impl Store {
    /// Starts a session after a correct password. Without a pending second factor this is the
    /// login: failed attempts are cleared and `staff.login` is audited; otherwise the password
    /// step is audited and [`Store::complete_staff_second_factor`] finishes the login. The
    /// account's ended and expired sessions are removed on the way.
    pub async fn start_staff_session(
        &self,
        at: OffsetDateTime,
        user: &StaffUser,
        new: &NewSession<'_>,
        limits: SessionLimits,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        sqlx::query(
            "DELETE FROM staff_sessions WHERE user_id = $1 AND \
             (ended_at IS NOT NULL OR last_seen_at < $2 OR created_at < $3)",
        )
        .bind(&user.id)
        .bind(ts(at - limits.idle))
        .bind(ts(at - limits.max_age))
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO staff_sessions (token_hash, user_id, csrf_token, second_factor_done, \
             created_at, last_seen_at) VALUES ($1, $2, $3, $4, $5, $5)",
        )
        .bind(new.token_hash)
        .bind(&user.id)
        .bind(new.csrf_token)
        .bind(i64::from(new.second_factor_done))
        .bind(ts(at))
        .execute(&mut *tx)
        .await?;
        let action = if new.second_factor_done {
            sqlx::query("UPDATE staff_users SET failed_attempts = 0 WHERE id = $1")
                .bind(&user.id)
                .execute(&mut *tx)
                .await?;
            "staff.login"
        } else {
            "staff.password_accepted"
        };
        let second_factor = match (user.has_totp, new.second_factor_done) {
            (false, _) => "none",
            (true, false) => "pending",
            (true, true) => "totp",
        };
        self.audit_staff(
            &mut tx,
            at,
            &user.actor(),
            &user.office,
            action,
            &user.id,
            json!({"second_factor": second_factor}),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Finishes a login waiting for its TOTP code, once the code of `step` was found right.
    /// False when the session is not (or no longer) waiting, or when `step` is not later than
    /// the last step the account used: a code is good for one login only, also when two
    /// requests race with it.
    pub async fn complete_staff_second_factor(
        &self,
        at: OffsetDateTime,
        token_hash: &str,
        step: i64,
        limits: SessionLimits,
    ) -> Result<bool, StoreError> {
        let mut tx = self.begin().await?;
        let row = sqlx::query(AssertSqlSafe(session_query(
            "WHERE s.token_hash = $1 AND s.ended_at IS NULL AND s.second_factor_done = 0 \
             AND s.last_seen_at >= $2 AND s.created_at >= $3 AND u.disabled_at IS NULL",
        )))
        .bind(token_hash)
        .bind(ts(at - limits.idle))
        .bind(ts(at - limits.max_age))
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else { return Ok(false) };
        let user = user_from_row(&row)?;
        let fresh = sqlx::query(
            "UPDATE staff_users SET totp_last_step = $1, failed_attempts = 0 \
             WHERE id = $2 AND (totp_last_step IS NULL OR totp_last_step < $1)",
        )
        .bind(step)
        .bind(&user.id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if fresh == 0 {
            return Ok(false);
        }
        sqlx::query(
            "UPDATE staff_sessions SET second_factor_done = 1, last_seen_at = $1 \
             WHERE token_hash = $2",
        )
        .bind(ts(at))
        .bind(token_hash)
        .execute(&mut *tx)
        .await?;
        self.audit_staff(
            &mut tx,
            at,
            &user.actor(),
            &user.office,
            "staff.login",
            &user.id,
            json!({"second_factor": "totp"}),
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// The live session of `token_hash` at `at`, marked as seen then; `None` when there is no
    /// such session or it is dead (ended, idle too long, too old, account disabled). Sessions
    /// still waiting for their second factor are returned too, marked so.
    pub async fn resume_staff_session(
        &self,
        token_hash: &str,
        at: OffsetDateTime,
        limits: SessionLimits,
    ) -> Result<Option<StaffSession>, StoreError> {
        let mut tx = self.begin().await?;
        let row = sqlx::query(AssertSqlSafe(session_query(
            "WHERE s.token_hash = $1 AND s.ended_at IS NULL AND s.last_seen_at >= $2 \
             AND s.created_at >= $3 AND u.disabled_at IS NULL",
        )))
        .bind(token_hash)
        .bind(ts(at - limits.idle))
        .bind(ts(at - limits.max_age))
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let done: i64 = row.try_get("second_factor_done")?;
        let session = StaffSession {
            user: user_from_row(&row)?,
            csrf_token: row.try_get("csrf_token")?,
            second_factor_done: done != 0,
            created_at: parse_ts(&row.try_get::<String, _>("session_created_at")?)?,
            last_seen_at: at,
        };
        sqlx::query("UPDATE staff_sessions SET last_seen_at = $1 WHERE token_hash = $2")
            .bind(ts(at))
            .bind(token_hash)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(Some(session))
    }

    /// Ends a session (logout, or a login given up at its second step). False when there was
    /// no open session with this hash.
    pub async fn end_staff_session(
        &self,
        at: OffsetDateTime,
        token_hash: &str,
    ) -> Result<bool, StoreError> {
        let mut tx = self.begin().await?;
        let row = sqlx::query(AssertSqlSafe(session_query(
            "WHERE s.token_hash = $1 AND s.ended_at IS NULL",
        )))
        .bind(token_hash)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else { return Ok(false) };
        let user = user_from_row(&row)?;
        sqlx::query("UPDATE staff_sessions SET ended_at = $1 WHERE token_hash = $2")
            .bind(ts(at))
            .bind(token_hash)
            .execute(&mut *tx)
            .await?;
        self.audit_staff(
            &mut tx,
            at,
            &user.actor(),
            &user.office,
            "staff.logout",
            &user.id,
            json!({}),
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }
}
