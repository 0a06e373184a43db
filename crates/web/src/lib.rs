//! The HTTP edge of the platform: the JSON API v1, the public pages, health and metrics endpoints,
//! and the federation endpoint other nodes send signed register queries to.
//!
//! Handlers parse requests into domain values, call the pipeline or the store with the
//! caller's capability, and present the result. Every error leaves as `application/problem+json`
//! (RFC 9457) in the caller's language; an unexpected failure is an opaque 500 with a request
//! id, and its cause goes to the log only.

pub mod api;
pub mod auth;
mod browser;
pub mod federation;
mod health;
mod i18n;
mod json;
mod metrics;
mod pages;
pub mod portal;
mod problem;
mod rate_limit;
mod verification;
pub mod workbench;

pub use i18n::{Lang, problem_message};
pub use metrics::Metrics;
pub use problem::ApiError;
pub use rate_limit::RateLimit;

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::get;
use pipeline::Pipeline;
use store::Store;

/// Settings of the HTTP edge.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Largest accepted request body, in bytes.
    pub body_limit: usize,
}

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig {
            body_limit: 64 * 1024,
        }
    }
}

/// Everything a handler may use; passed as axum state, never global.
#[derive(Clone)]
pub struct AppState {
    pub pipeline: Pipeline,
    pub metrics: Arc<Metrics>,
    /// Limits public certificate checks per client address.
    pub verify_limit: Arc<RateLimit>,
    /// The Jugendamt workbench's settings, password hasher and login limit.
    pub workbench: Arc<workbench::Workbench>,
    /// The citizen portal's login settings and rate limits.
    pub portal: Arc<portal::Portal>,
    /// The register office's side of federation: which offices are answered for, and how.
    pub federation: Arc<crate::federation::FederationEndpoint>,
}

impl AppState {
    pub fn store(&self) -> &Store {
        self.pipeline.store()
    }
}

/// The whole HTTP application.
pub fn router(state: AppState, config: &WebConfig) -> Router {
    let mut app = Router::new();
    // Demo and tests only: the built-in test identity provider, at this server's own address.
    if let Some(provider) = state.portal.test_provider_routes() {
        tracing::warn!(
            "the built-in TEST identity provider is on at {}: anyone can log in as a test citizen",
            portal::TEST_PROVIDER_PATH
        );
        app = app.nest_service(portal::TEST_PROVIDER_PATH, provider);
    }
    app.nest("/api/v1", api::routes())
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/metrics", get(health::metrics))
        .merge(pages::routes())
        .merge(workbench::routes())
        .merge(portal::routes())
        .merge(crate::federation::routes())
        .fallback(problem::not_found)
        .method_not_allowed_fallback(problem::method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            problem::render_problems,
        ))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(
            problem::panic_response,
        ))
        .layer(DefaultBodyLimit::max(config.body_limit))
        .with_state(state)
}

/// The OpenAPI document of the JSON API, as served and as committed in `docs/openapi.json`.
pub fn openapi_json() -> String {
    api::openapi::document()
}
