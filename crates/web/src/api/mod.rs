//! The JSON API v1 (see `../shared/API.md` and the served OpenAPI document).

pub mod applications;
pub mod certificates;
pub mod common;
pub mod openapi;
pub mod prenatal;
pub mod register;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/openapi.json", get(openapi::serve))
        .route("/applications", post(applications::create))
        .route("/applications/{id}", get(applications::read))
        .route("/register-notifications", post(register::notify))
        .route(
            "/prenatal-notifications",
            get(prenatal::list).post(prenatal::notify),
        )
        .route("/prenatal-notifications/{id}/birth", post(prenatal::birth))
        .route("/register-entries", get(register::list))
        .route("/register-entries/{id}", get(register::read))
        .route("/register-entries/{id}/history", get(register::history))
        .route(
            "/register-entries/{id}/corrections",
            post(register::correct),
        )
        .route(
            "/register-entries/{id}/cancellation",
            post(register::cancel),
        )
        .route("/certificates/{number}/pdf", get(certificates::pdf))
        .route(
            "/certificates/verify",
            // A certificate PDF may be larger than the API's usual body limit.
            post(certificates::verify).layer(DefaultBodyLimit::max(certificate::MAX_PDF_BYTES)),
        )
        .route("/trust-list", get(certificates::trust_list))
}
