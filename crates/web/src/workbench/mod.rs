//! The Jugendamt workbench (`/amt`): staff log in with their password and, where set up, a
//! TOTP code, and work for their own office only.
//!
//! This module owns the workbench's login session (cookie, idle timeout, CSRF) and its pages.
//! Checking credentials is the `credentials` crate's; accounts, sessions and their audit
//! records are the store's. Pages are server-rendered in the shared frame of
//! [`crate::pages::html`], German first with English via `?lang=en`, without JavaScript.
//!
//! Later pages build on [`Staff`] (any logged-in member of staff, for GET handlers) and
//! [`StaffForm`] (the same for POST handlers, with the CSRF token checked and the form read).

mod applications;
mod casework;
mod cookie;
mod csrf;
mod explain;
mod forms;
mod home;
mod login;
mod overdue;
mod page;
mod prenatal;
mod query;
mod register;
mod reviews;
mod second_factor;
mod session;
mod trail;
mod words;

use std::sync::{Arc, OnceLock};

use axum::Router;
use axum::routing::{get, post};

use crate::{AppState, RateLimit};
use credentials::{CredentialError, PasswordHasher, PasswordParams};
use store::staff::{Lockout, SessionLimits};

pub use applications::APPLICATIONS_PATH;
pub use prenatal::PRENATAL_PATH;
pub use register::{QUEUE_PATH as CHANGE_REQUESTS_PATH, REGISTER_PATH};
pub use reviews::REVIEWS_PATH;
pub use session::{Staff, StaffForm};
pub use trail::TRAIL_PATH;

/// The workbench's home page.
pub const HOME_PATH: &str = "/amt";
/// The login form (password step).
pub const LOGIN_PATH: &str = "/amt/anmelden";
/// The second login step, for accounts with a TOTP second factor.
pub const CODE_PATH: &str = "/amt/anmelden/code";
/// Giving up a login that waits for its code (POST only).
pub const CANCEL_PATH: &str = "/amt/anmelden/abbrechen";
/// Logout (POST only).
pub const LOGOUT_PATH: &str = "/amt/abmelden";

/// Settings of the workbench.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkbenchConfig {
    /// A session without a request for this long is dead.
    pub idle_timeout: time::Duration,
    /// A session ends this long after login, however active.
    pub max_session_age: time::Duration,
    /// Failed logins in a row that lock an account, and for how long.
    pub lockout: Lockout,
    /// Login attempts (password or code) one client address may make per minute.
    pub login_per_minute: u32,
    /// Whether cookies are `Secure` and `__Host-` prefixed: whenever the public address is
    /// https. Off only for plain-http demos on the loopback address.
    pub secure_cookies: bool,
    /// The cost of new password hashes.
    pub password: PasswordParams,
    /// How long an application may wait for another office before its issuing office's staff
    /// see it flagged.
    pub flag_waiting_after: time::Duration,
}

impl Default for WorkbenchConfig {
    fn default() -> Self {
        WorkbenchConfig {
            idle_timeout: time::Duration::minutes(30),
            max_session_age: time::Duration::hours(12),
            lockout: Lockout {
                max_failures: 5,
                duration: time::Duration::minutes(15),
            },
            login_per_minute: 10,
            secure_cookies: true,
            password: PasswordParams::default(),
            flag_waiting_after: time::Duration::hours(1),
        }
    }
}

/// The workbench's share of the application state.
pub struct Workbench {
    config: WorkbenchConfig,
    hasher: PasswordHasher,
    login_limit: RateLimit,
    /// A hash of nothing anyone knows, checked when a login name has no account, so that such a
    /// login takes as long as one with a wrong password. Made on first use (it costs a hash).
    decoy_hash: OnceLock<String>,
}

impl Workbench {
    pub fn new(config: WorkbenchConfig) -> Result<Arc<Workbench>, CredentialError> {
        Ok(Arc::new(Workbench {
            hasher: PasswordHasher::new(config.password)?,
            login_limit: RateLimit::per_minute(config.login_per_minute),
            decoy_hash: OnceLock::new(),
            config,
        }))
    }

    pub fn config(&self) -> &WorkbenchConfig {
        &self.config
    }

    fn limits(&self) -> SessionLimits {
        SessionLimits {
            idle: self.config.idle_timeout,
            max_age: self.config.max_session_age,
        }
    }
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(HOME_PATH, get(home::page))
        .route(LOGIN_PATH, get(login::form).post(login::submit))
        .route(
            CODE_PATH,
            get(second_factor::form).post(second_factor::submit),
        )
        .route(CANCEL_PATH, post(second_factor::cancel))
        .route(LOGOUT_PATH, post(session::logout))
        .merge(casework_routes())
        .merge(register::routes())
        .merge(prenatal::routes())
}

/// The review queue, the office's applications and the audit trail.
fn casework_routes() -> Router<AppState> {
    Router::new()
        .route(REVIEWS_PATH, get(reviews::queue))
        .route(
            "/amt/pruefungen/{application_id}",
            get(reviews::case_page).post(reviews::settle_case),
        )
        .route(APPLICATIONS_PATH, get(applications::list))
        .route(
            "/amt/antraege/{application_id}/bescheinigung.pdf",
            get(applications::pdf),
        )
        .route(TRAIL_PATH, get(trail::page))
}

impl Workbench {
    /// Checks `password` against a stored hash, off the async threads (a check costs as much
    /// as a hash).
    async fn verify_password(
        self: &Arc<Self>,
        password: String,
        phc: String,
    ) -> Result<bool, String> {
        let workbench = self.clone();
        tokio::task::spawn_blocking(move || workbench.hasher.verify(&password, &phc))
            .await
            .map_err(|e| format!("password check task: {e}"))?
            .map_err(|e| e.to_string())
    }

    /// Spends the time of a password check for a login name without an account.
    async fn verify_decoy(self: &Arc<Self>, password: String) {
        let workbench = self.clone();
        let _ = tokio::task::spawn_blocking(move || {
            let decoy = workbench.decoy_hash.get_or_init(|| {
                let mut secret = [0u8; 32];
                let _ = credentials::random::fill(&mut secret);
                let secret: String = secret.iter().map(|b| format!("{b:02x}")).collect();
                workbench.hasher.hash(&secret).unwrap_or_default()
            });
            let _ = workbench.hasher.verify(&password, decoy);
        })
        .await;
    }
}
