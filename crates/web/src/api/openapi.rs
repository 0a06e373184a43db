//! The OpenAPI document of the JSON API, generated from the handlers and types.

use axum::http::header;
use axum::response::IntoResponse;
use serde::Serialize;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi, ToSchema};

/// An error response (RFC 9457).
#[derive(Debug, Serialize, ToSchema)]
pub struct ProblemOut {
    #[serde(rename = "type")]
    pub problem_type: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// Quote this when reporting a problem.
    pub request_id: String,
    /// With validation failures: every bad field.
    pub errors: Option<Vec<FieldProblemOut>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FieldProblemOut {
    #[schema(example = "child.birth_date")]
    pub field: String,
    #[schema(example = "in_future")]
    pub code: String,
    pub message: String,
}

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Sorgeregister API",
        version = "1",
        description = "Applications for the Negativbescheinigung (§ 58 SGB VIII), register notifications (also of Sorgeerklärungen made before the birth) and register maintenance. Errors are application/problem+json (RFC 9457); messages in German, or English with Accept-Language: en."
    ),
    paths(
        super::applications::create,
        super::applications::read,
        super::register::notify,
        super::register::list,
        super::register::read,
        super::register::history,
        super::register::correct,
        super::register::cancel,
        super::prenatal::notify,
        super::prenatal::list,
        super::prenatal::birth,
        super::certificates::pdf,
        super::certificates::verify,
        super::certificates::trust_list,
    ),
    modifiers(&BearerAuth),
    tags(
        (name = "applications", description = "Applications for the certificate"),
        (name = "register", description = "Notifications to and maintenance of the Sorgeregister"),
        (name = "prenatal", description = "Sorgeerklärungen made before the birth, held until the child's data complete them"),
        (name = "certificates", description = "Sealed certificates, their public check and the trust list"),
    )
)]
struct ApiDoc;

/// The document as pretty JSON with a trailing newline, as committed.
pub fn document() -> String {
    let mut text = ApiDoc::openapi()
        .to_pretty_json()
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}

pub async fn serve() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], document())
}
