//! The citizen portal: the pages for the mother who applies for her certificate. Plain German
//! by default, English with `?lang=en`, and the information pages in Leichte Sprache with
//! `?lang=ls`. Server-rendered, without JavaScript, in the platform's one style sheet.
//!
//! The foundation later pages build on:
//! - [`messages`]: every text, from the Fluent files in `crates/web/locales/`; [`Locale`],
//!   [`messages::t`], [`messages::t_args`] and the [`messages::id`] constants.
//! - [`frame`]: the whole document ([`frame::PortalPage`]) with header, language links, the
//!   login state and footer; [`frame::prose`] for longer texts.
//! - [`session`]: the [`Visitor`] every handler takes (who is signed in, her CSRF token).
//! - [`forms`]: reading a posted form, [`forms::FieldErrors`] with the error summary, text
//!   fields, radio groups and yes/no questions; [`date`]: the three-input date group and its
//!   parser; [`place`]: the municipality chooser by name or postal code.
//!
//! The pages here: the start page (`/`), the questions (`/fragen`) and the eligibility
//! pre-check (`/vorpruefung`), which stores nothing and sets no cookie.

pub mod account;
pub mod date;
pub mod forms;
pub mod frame;
pub mod messages;
pub mod place;
pub mod session;

mod apply;
mod faq;
mod login;
mod precheck;
mod start;

pub use account::{Portal, PortalConfig, TEST_PROVIDER_PATH};
pub use login::CALLBACK_PATH;
pub use messages::Locale;
pub use session::{Citizen, SignedIn, Visitor};

use axum::Router;
use axum::middleware;
use axum::routing::{get, post};

use crate::AppState;

/// The start page.
pub const HOME_PATH: &str = frame::HOME_PATH;
/// The questions and answers.
pub const FAQ_PATH: &str = frame::FAQ_PATH;
/// The eligibility pre-check.
pub const PRECHECK_PATH: &str = frame::PRECHECK_PATH;
/// The application form (built on this foundation elsewhere).
pub const APPLY_PATH: &str = "/antrag";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(HOME_PATH, get(start::page))
        .route(FAQ_PATH, get(faq::page))
        .route(PRECHECK_PATH, get(precheck::form).post(precheck::submit))
        .route(frame::LOGIN_PATH, get(login::page))
        .route(login::START_PATH, get(login::start))
        .route(CALLBACK_PATH, get(login::callback))
        .route(frame::LOGOUT_PATH, post(login::logout))
        .merge(apply::routes())
        .layer(middleware::from_fn(session::refuse_cross_site))
}
