//! Creating, finding, listing, disabling and resetting staff accounts.

use serde_json::json;
use sqlx::{AssertSqlSafe, Row};
use time::OffsetDateTime;

use super::{LoginName, StaffCredentials, StaffRole, StaffUser, USER_COLUMNS, user_from_row};
use crate::audit::Actor;
use crate::time_text::ts;
use crate::{Store, StoreError};
use domain::OfficeId;

/// What to store for a new account. The caller hashes the password and makes the TOTP key.
pub struct NewStaffUser<'a> {
    pub id: &'a str,
    pub login: &'a LoginName,
    pub display_name: &'a str,
    pub office: &'a OfficeId,
    pub role: StaffRole,
    /// argon2id PHC string.
    pub password_hash: &'a str,
    /// Base32 TOTP key, for an account with a second factor.
    pub totp_secret: Option<&'a str>,
}

/// What a password reset does to the second factor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TotpChange<'a> {
    Keep,
    /// A new key (the old phone was lost).
    Renew(&'a str),
    Remove,
}

impl Store {
    /// Creates an account. A login name that exists in any case, or an office that is not in
    /// the directory, is a conflict and writes nothing.
    pub async fn create_staff_user(
        &self,
        actor: &Actor,
        at: OffsetDateTime,
        new: &NewStaffUser<'_>,
    ) -> Result<StaffUser, StoreError> {
        let mut tx = self.begin().await?;
        let taken = sqlx::query("SELECT id FROM staff_users WHERE login_key = $1")
            .bind(new.login.key())
            .fetch_optional(&mut *tx)
            .await?;
        if taken.is_some() {
            return Err(StoreError::Conflict("the login name is taken"));
        }
        let office = sqlx::query("SELECT id FROM offices WHERE id = $1")
            .bind(new.office.as_str())
            .fetch_optional(&mut *tx)
            .await?;
        if office.is_none() {
            return Err(StoreError::Conflict("the office is not in the directory"));
        }
        sqlx::query(
            "INSERT INTO staff_users (id, login, login_key, display_name, office_id, role, \
             password_hash, totp_secret, failed_attempts, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, $9, $9)",
        )
        .bind(new.id)
        .bind(new.login.as_str())
        .bind(new.login.key())
        .bind(new.display_name)
        .bind(new.office.as_str())
        .bind(new.role.as_str())
        .bind(new.password_hash)
        .bind(new.totp_secret)
        .bind(ts(at))
        .execute(&mut *tx)
        .await?;
        self.audit_staff(
            &mut tx,
            at,
            actor,
            new.office,
            "staff.created",
            new.id,
            json!({"role": new.role.as_str(), "second_factor": new.totp_secret.is_some()}),
        )
        .await?;
        tx.commit().await?;
        self.staff_user(new.login)
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// The account with this login name, in any case.
    pub async fn staff_user(&self, login: &LoginName) -> Result<Option<StaffUser>, StoreError> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {USER_COLUMNS} FROM staff_users u WHERE u.login_key = $1"
        )))
        .bind(login.key())
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(user_from_row).transpose()
    }

    /// The account with this login name and what a login is checked against.
    pub async fn staff_login(
        &self,
        login: &LoginName,
    ) -> Result<Option<(StaffUser, StaffCredentials)>, StoreError> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {USER_COLUMNS}, u.password_hash, u.totp_secret, u.totp_last_step \
             FROM staff_users u WHERE u.login_key = $1"
        )))
        .bind(login.key())
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let credentials = StaffCredentials {
            password_hash: row.try_get("password_hash")?,
            totp_secret: row.try_get("totp_secret")?,
            totp_last_step: row.try_get("totp_last_step")?,
        };
        Ok(Some((user_from_row(&row)?, credentials)))
    }

    /// The accounts of one office, or of all offices, ordered by office and login name.
    pub async fn staff_users(
        &self,
        office: Option<&OfficeId>,
    ) -> Result<Vec<StaffUser>, StoreError> {
        let rows = match office {
            Some(office) => {
                sqlx::query(AssertSqlSafe(format!(
                    "SELECT {USER_COLUMNS} FROM staff_users u WHERE u.office_id = $1 \
                     ORDER BY u.login_key"
                )))
                .bind(office.as_str())
                .fetch_all(&self.pool)
                .await?
            }
            None => {
                sqlx::query(AssertSqlSafe(format!(
                    "SELECT {USER_COLUMNS} FROM staff_users u ORDER BY u.office_id, u.login_key"
                )))
                .fetch_all(&self.pool)
                .await?
            }
        };
        rows.iter().map(user_from_row).collect()
    }

    /// Disables an account and ends its sessions at once. Disabling twice changes nothing more.
    pub async fn disable_staff_user(
        &self,
        actor: &Actor,
        at: OffsetDateTime,
        login: &LoginName,
    ) -> Result<StaffUser, StoreError> {
        let user = self.staff_user(login).await?.ok_or(StoreError::NotFound)?;
        if user.is_disabled() {
            return Ok(user);
        }
        let mut tx = self.begin().await?;
        let changed = sqlx::query(
            "UPDATE staff_users SET disabled_at = $1, updated_at = $1 \
             WHERE id = $2 AND disabled_at IS NULL",
        )
        .bind(ts(at))
        .bind(&user.id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if changed == 0 {
            return Err(StoreError::Conflict("the account changed meanwhile"));
        }
        let ended = end_sessions_of(&mut tx, &user.id, at).await?;
        self.audit_staff(
            &mut tx,
            at,
            actor,
            &user.office,
            "staff.disabled",
            &user.id,
            json!({"sessions_ended": ended}),
        )
        .await?;
        tx.commit().await?;
        self.staff_user(login).await?.ok_or(StoreError::NotFound)
    }

    /// Lets a disabled account log in again (with its current password).
    pub async fn enable_staff_user(
        &self,
        actor: &Actor,
        at: OffsetDateTime,
        login: &LoginName,
    ) -> Result<StaffUser, StoreError> {
        let user = self.staff_user(login).await?.ok_or(StoreError::NotFound)?;
        if !user.is_disabled() {
            return Ok(user);
        }
        let mut tx = self.begin().await?;
        sqlx::query("UPDATE staff_users SET disabled_at = NULL, updated_at = $1 WHERE id = $2")
            .bind(ts(at))
            .bind(&user.id)
            .execute(&mut *tx)
            .await?;
        self.audit_staff(
            &mut tx,
            at,
            actor,
            &user.office,
            "staff.enabled",
            &user.id,
            json!({}),
        )
        .await?;
        tx.commit().await?;
        self.staff_user(login).await?.ok_or(StoreError::NotFound)
    }

    /// Sets a new password hash, clears failed logins and any lock, changes the second factor
    /// as asked, and ends every session of the account. A disabled account stays disabled.
    pub async fn reset_staff_password(
        &self,
        actor: &Actor,
        at: OffsetDateTime,
        login: &LoginName,
        password_hash: &str,
        totp: TotpChange<'_>,
    ) -> Result<StaffUser, StoreError> {
        let user = self.staff_user(login).await?.ok_or(StoreError::NotFound)?;
        let mut tx = self.begin().await?;
        sqlx::query(
            "UPDATE staff_users SET password_hash = $1, failed_attempts = 0, \
             locked_until = NULL, updated_at = $2 WHERE id = $3",
        )
        .bind(password_hash)
        .bind(ts(at))
        .bind(&user.id)
        .execute(&mut *tx)
        .await?;
        let second_factor = match totp {
            TotpChange::Keep => {
                if user.has_totp {
                    "kept"
                } else {
                    "none"
                }
            }
            TotpChange::Renew(secret) => {
                set_totp(&mut tx, &user.id, Some(secret)).await?;
                "renewed"
            }
            TotpChange::Remove => {
                set_totp(&mut tx, &user.id, None).await?;
                "removed"
            }
        };
        let ended = end_sessions_of(&mut tx, &user.id, at).await?;
        self.audit_staff(
            &mut tx,
            at,
            actor,
            &user.office,
            "staff.password_reset",
            &user.id,
            json!({"second_factor": second_factor, "sessions_ended": ended}),
        )
        .await?;
        tx.commit().await?;
        self.staff_user(login).await?.ok_or(StoreError::NotFound)
    }
}

async fn set_totp(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    user_id: &str,
    secret: Option<&str>,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE staff_users SET totp_secret = $1, totp_last_step = NULL WHERE id = $2")
        .bind(secret)
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Ends every open session of an account; returns how many there were.
pub(super) async fn end_sessions_of(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    user_id: &str,
    at: OffsetDateTime,
) -> Result<i64, StoreError> {
    let ended = sqlx::query(
        "UPDATE staff_sessions SET ended_at = $1 WHERE user_id = $2 AND ended_at IS NULL",
    )
    .bind(ts(at))
    .bind(user_id)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    Ok(i64::try_from(ended).unwrap_or(i64::MAX))
}
