//! Staff accounts of the Jugendamt workbench: who may log in, for which office, in which role;
//! failed logins and lockout; login sessions.
//!
//! The store keeps what the credentials crate produces — an argon2id PHC string, a base32 TOTP
//! key, the SHA-256 hash of a session token — and never sees a password or a token. Every
//! account change and every login, logout and failed login is written to the audit log in the
//! transaction of the change; audit details hold codes and counts, never a password, token,
//! secret or login name typed by someone unknown.

mod accounts;
mod logins;
mod sessions;

use sqlx::Row;
use time::OffsetDateTime;

use crate::StoreError;
use crate::audit::Actor;
use crate::time_text::parse_ts;
use domain::OfficeId;

pub use accounts::{NewStaffUser, TotpChange};
pub use logins::{FailureOutcome, Lockout, UNKNOWN_LOGIN_SUBJECT};
pub use sessions::{NewSession, SessionLimits, StaffSession};

/// What a member of staff may do in the workbench. Each account has exactly one role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StaffRole {
    /// Keeps the register and handles applications and review tasks.
    Clerk,
    /// A clerk who also approves what needs a second person.
    Supervisor,
    /// Manages the office's accounts and settings.
    Admin,
}

impl StaffRole {
    pub const ALL: [StaffRole; 3] = [StaffRole::Clerk, StaffRole::Supervisor, StaffRole::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            StaffRole::Clerk => "clerk",
            StaffRole::Supervisor => "supervisor",
            StaffRole::Admin => "admin",
        }
    }

    pub fn parse(raw: &str) -> Option<StaffRole> {
        StaffRole::ALL.into_iter().find(|role| role.as_str() == raw)
    }
}

/// A login name: 2 to 64 characters, ASCII letters, digits and `.`, `_`, `-`, `@`, starting
/// with a letter or digit. Unique regardless of case; shown as it was created.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LoginName(String);

impl LoginName {
    pub const MAX_LEN: usize = 64;

    pub fn parse(raw: &str) -> Option<LoginName> {
        let raw = raw.trim();
        let fits = (2..=LoginName::MAX_LEN).contains(&raw.len())
            && raw.starts_with(|c: char| c.is_ascii_alphanumeric())
            && raw
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '@'));
        fits.then(|| LoginName(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The form uniqueness and lookups use.
    pub fn key(&self) -> String {
        self.0.to_ascii_lowercase()
    }
}

impl std::fmt::Display for LoginName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A staff account as the workbench and the command line see it (no credentials).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffUser {
    pub id: String,
    pub login: LoginName,
    pub display_name: String,
    pub office: OfficeId,
    pub role: StaffRole,
    pub has_totp: bool,
    /// Failed logins since the last successful one or the last lock.
    pub failed_attempts: u32,
    pub locked_until: Option<OffsetDateTime>,
    pub disabled_at: Option<OffsetDateTime>,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

impl StaffUser {
    /// The acting party of what this member of staff does: `staff:<id>` of their office.
    pub fn actor(&self) -> Actor {
        staff_actor(&self.id, &self.office)
    }

    /// Whether a lock after failed logins is in force at `now`.
    pub fn is_locked(&self, now: OffsetDateTime) -> bool {
        self.locked_until.is_some_and(|until| until > now)
    }

    pub fn is_disabled(&self) -> bool {
        self.disabled_at.is_some()
    }
}

/// The audit actor of a member of staff.
pub fn staff_actor(user_id: &str, office: &OfficeId) -> Actor {
    Actor {
        id: format!("staff:{user_id}"),
        office: Some(office.clone()),
    }
}

/// What a login is checked against. `Debug` hides the hash and the key.
#[derive(Clone, PartialEq, Eq)]
pub struct StaffCredentials {
    /// argon2id PHC string.
    pub password_hash: String,
    /// Base32 TOTP key, when the account has a second factor.
    pub totp_secret: Option<String>,
    /// The last TOTP step accepted; a code of this step or an earlier one is refused.
    pub totp_last_step: Option<i64>,
}

impl std::fmt::Debug for StaffCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StaffCredentials")
            .field("totp", &self.totp_secret.is_some())
            .field("totp_last_step", &self.totp_last_step)
            .finish_non_exhaustive()
    }
}

/// The columns of a user, for `SELECT … FROM staff_users u`.
const USER_COLUMNS: &str = "u.id, u.login, u.display_name, u.office_id, u.role, \
     CAST(CASE WHEN u.totp_secret IS NULL THEN 0 ELSE 1 END AS BIGINT) AS has_totp, \
     u.failed_attempts, u.locked_until, \
     u.disabled_at, u.created_at, u.updated_at";

fn optional_ts(
    row: &sqlx::any::AnyRow,
    column: &str,
) -> Result<Option<OffsetDateTime>, StoreError> {
    row.try_get::<Option<String>, _>(column)?
        .as_deref()
        .map(parse_ts)
        .transpose()
}

fn user_from_row(row: &sqlx::any::AnyRow) -> Result<StaffUser, StoreError> {
    let login: String = row.try_get("login")?;
    let office: String = row.try_get("office_id")?;
    let role: String = row.try_get("role")?;
    // An integer, not a bool expression: the Any driver cannot read the latter on SQLite.
    let has_totp: i64 = row.try_get("has_totp")?;
    let failed: i64 = row.try_get("failed_attempts")?;
    Ok(StaffUser {
        id: row.try_get("id")?,
        login: LoginName::parse(&login).ok_or(StoreError::Corrupt(login))?,
        display_name: row.try_get("display_name")?,
        office: OfficeId::parse(&office).map_err(|_| StoreError::Corrupt(office))?,
        role: StaffRole::parse(&role).ok_or(StoreError::Corrupt(role))?,
        has_totp: has_totp != 0,
        failed_attempts: u32::try_from(failed.max(0)).unwrap_or(u32::MAX),
        locked_until: optional_ts(row, "locked_until")?,
        disabled_at: optional_ts(row, "disabled_at")?,
        created_at: parse_ts(&row.try_get::<String, _>("created_at")?)?,
        updated_at: parse_ts(&row.try_get::<String, _>("updated_at")?)?,
    })
}

impl crate::Store {
    /// Appends a staff record to the audit log inside `tx`, under the office it concerns.
    #[allow(clippy::too_many_arguments)]
    async fn audit_staff(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        at: OffsetDateTime,
        actor: &Actor,
        office: &OfficeId,
        action: &str,
        subject: &str,
        detail: serde_json::Value,
    ) -> Result<(), StoreError> {
        crate::audit::append(
            tx,
            &self.audit_key,
            at,
            actor,
            Some(office),
            action,
            subject,
            detail,
        )
        .await
    }

    /// Appends a staff record on its own, in a transaction of its own.
    async fn record_staff(
        &self,
        at: OffsetDateTime,
        actor: &Actor,
        office: &OfficeId,
        action: &str,
        subject: &str,
        detail: serde_json::Value,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        self.audit_staff(&mut tx, at, actor, office, action, subject, detail)
            .await?;
        tx.commit().await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn login_names_are_parsed_at_the_edge() {
        for good in ["ab", "a.meyer", "A.Meyer", "sb-cuxhaven", "x_1@ja-03352"] {
            assert!(LoginName::parse(good).is_some(), "{good}");
        }
        for bad in [
            "",
            "a",
            ".meyer",
            "-x",
            "a meyer",
            "müller",
            "a/b",
            &"a".repeat(65),
        ] {
            assert!(LoginName::parse(bad).is_none(), "{bad:?}");
        }
        let name = LoginName::parse(" A.Meyer ").unwrap();
        assert_eq!(name.as_str(), "A.Meyer");
        assert_eq!(name.key(), "a.meyer");
    }

    #[test]
    fn roles_round_trip() {
        for role in StaffRole::ALL {
            assert_eq!(StaffRole::parse(role.as_str()), Some(role));
        }
        assert_eq!(StaffRole::parse("office_staff"), None);
    }
}
