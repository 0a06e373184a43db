//! The pages for people rather than programs: server-rendered HTML, usable without JavaScript,
//! German first with English. Each page builds its HTML itself (no template engine) in the
//! shared frame of [`html`]; the work behind a page belongs to the modules the JSON API uses
//! too, never to the page.

pub(crate) mod html;
mod verdict;
mod verify;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::get;

use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route(
        "/pruefen",
        get(verify::form)
            .post(verify::submit)
            // The form carries a whole certificate PDF: more than the usual body limit.
            .layer(DefaultBodyLimit::max(verify::BODY_LIMIT)),
    )
}
