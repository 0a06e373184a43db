//! The outcome of login attempts: failures counted towards a lock, refusals, and the cross-office
//! attempts and role refusals of the workbench — each one audited.

use serde_json::json;
use sqlx::Row;
use time::{Duration, OffsetDateTime};

use super::{StaffUser, staff_actor};
use crate::audit::Actor;
use crate::time_text::ts;
use crate::{Store, StoreError};
use domain::OfficeId;

/// When failed logins lock an account, and for how long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lockout {
    /// Failed attempts in a row that lock the account (at least 1).
    pub max_failures: u32,
    pub duration: Duration,
}

/// What a counted failure did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureOutcome {
    /// The failure was counted; this many in a row now.
    Counted { attempts: u32 },
    /// This failure locked the account until the given moment.
    Locked { until: OffsetDateTime },
}

/// The subject of audit records about logins with a name that has no account.
pub const UNKNOWN_LOGIN_SUBJECT: &str = "staff:unknown";

impl Store {
    /// Counts a failed login of an existing account (`reason`: `password` or `totp`); the
    /// failure that reaches `lockout.max_failures` locks the account and starts a new count.
    pub async fn record_staff_login_failure(
        &self,
        at: OffsetDateTime,
        user: &StaffUser,
        reason: &'static str,
        lockout: Lockout,
    ) -> Result<FailureOutcome, StoreError> {
        let mut tx = self.begin().await?;
        let row = sqlx::query("SELECT failed_attempts FROM staff_users WHERE id = $1")
            .bind(&user.id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound)?;
        let before: i64 = row.try_get("failed_attempts")?;
        let attempts = before.max(0) + 1;
        let actor = user.actor();
        let outcome = if attempts >= i64::from(lockout.max_failures.max(1)) {
            let until = at + lockout.duration;
            sqlx::query(
                "UPDATE staff_users SET failed_attempts = 0, locked_until = $1 WHERE id = $2",
            )
            .bind(ts(until))
            .bind(&user.id)
            .execute(&mut *tx)
            .await?;
            FailureOutcome::Locked { until }
        } else {
            sqlx::query("UPDATE staff_users SET failed_attempts = $1 WHERE id = $2")
                .bind(attempts)
                .bind(&user.id)
                .execute(&mut *tx)
                .await?;
            FailureOutcome::Counted {
                attempts: u32::try_from(attempts).unwrap_or(u32::MAX),
            }
        };
        self.audit_staff(
            &mut tx,
            at,
            &actor,
            &user.office,
            "staff.login_failed",
            &user.id,
            json!({"reason": reason, "attempts": attempts}),
        )
        .await?;
        if let FailureOutcome::Locked { until } = outcome {
            self.audit_staff(
                &mut tx,
                at,
                &actor,
                &user.office,
                "staff.locked",
                &user.id,
                json!({"until": ts(until), "after_failures": attempts}),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(outcome)
    }

    /// Records a login with a name that has no account. The name itself is not kept: it may
    /// be a password typed into the wrong field.
    pub async fn record_unknown_staff_login(&self, at: OffsetDateTime) -> Result<(), StoreError> {
        self.audit_read(
            at,
            &Actor::system("workbench"),
            None,
            "staff.login_failed",
            UNKNOWN_LOGIN_SUBJECT,
            json!({"reason": "unknown_login"}),
        )
        .await
    }

    /// Records a login refused before its password was checked (`reason`: `locked`), or after
    /// (`disabled`).
    pub async fn record_staff_login_refused(
        &self,
        at: OffsetDateTime,
        user: &StaffUser,
        reason: &'static str,
    ) -> Result<(), StoreError> {
        self.record_staff(
            at,
            &user.actor(),
            &user.office,
            "staff.login_refused",
            &user.id,
            json!({"reason": reason}),
        )
        .await
    }

    /// Records that a member of staff of `own_office` tried to reach `subject` of
    /// `attempted_office` and was refused. The record belongs to the attempted office's trail.
    pub async fn record_cross_office_attempt(
        &self,
        at: OffsetDateTime,
        user_id: &str,
        own_office: &OfficeId,
        attempted_office: &OfficeId,
        subject: &str,
    ) -> Result<(), StoreError> {
        self.record_cross_office_refused(
            &staff_actor(user_id, own_office),
            at,
            attempted_office,
            subject,
        )
        .await
    }

    /// Records that `actor` (staff in the workbench, or an office's API client) tried to reach
    /// `subject` of `attempted_office` and was refused, in the attempted office's trail.
    pub async fn record_cross_office_refused(
        &self,
        actor: &Actor,
        at: OffsetDateTime,
        attempted_office: &OfficeId,
        subject: &str,
    ) -> Result<(), StoreError> {
        self.record_staff(
            at,
            actor,
            attempted_office,
            "staff.cross_office_refused",
            subject,
            json!({"from_office": actor.office.as_ref().map(OfficeId::as_str)}),
        )
        .await
    }

    /// Records that a member of staff tried `action` (a short code such as `decide_change`)
    /// on `subject` of their own office, which their role does not allow, and was refused.
    pub async fn record_role_refused(
        &self,
        at: OffsetDateTime,
        user_id: &str,
        office: &OfficeId,
        action: &str,
        subject: &str,
    ) -> Result<(), StoreError> {
        self.record_staff(
            at,
            &staff_actor(user_id, office),
            office,
            "staff.role_refused",
            subject,
            json!({"action": action}),
        )
        .await
    }
}
