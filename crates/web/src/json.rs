//! The JSON body extractor of the API: content type, size limit, syntax and shape errors all
//! become problem responses, with the path of the offending field where there is one.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::ApiError;

/// The request body within the route's size limit; too large or unreadable is a problem.
pub async fn read_body<S: Send + Sync>(request: Request, state: &S) -> Result<Bytes, ApiError> {
    Bytes::from_request(request, state)
        .await
        .map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::PayloadTooLarge
            } else {
                ApiError::Malformed {
                    field: None,
                    detail: "the body could not be read".to_owned(),
                }
            }
        })
}

/// A parsed JSON body and its canonical text (keys sorted), which identifies the request for
/// idempotency regardless of white space and key order.
pub struct ApiJson<T> {
    pub value: T,
    pub canonical: String,
}

impl<S, T> FromRequest<S> for ApiJson<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = request
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|v| {
                let essence = v
                    .split(';')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_ascii_lowercase();
                essence == "application/json" || essence.ends_with("+json")
            })
            .unwrap_or(false);
        if !is_json {
            return Err(ApiError::UnsupportedMediaType);
        }
        let bytes = read_body(request, state).await?;
        let value: Value = serde_json::from_slice(&bytes).map_err(|e| ApiError::Malformed {
            field: None,
            detail: format!(
                "line {}, column {}: {}",
                e.line(),
                e.column(),
                syntax_kind(&e)
            ),
        })?;
        let canonical = value.to_string();
        let parsed = serde_path_to_error::deserialize(value).map_err(|e| {
            let path = e.path().to_string();
            ApiError::Malformed {
                field: (path != ".").then_some(path),
                detail: e.inner().to_string(),
            }
        })?;
        Ok(ApiJson {
            value: parsed,
            canonical,
        })
    }
}

fn syntax_kind(error: &serde_json::Error) -> &'static str {
    match error.classify() {
        serde_json::error::Category::Eof => "unexpected end of input",
        serde_json::error::Category::Syntax => "syntax error",
        serde_json::error::Category::Io => "unreadable input",
        serde_json::error::Category::Data => "unexpected data",
    }
}
