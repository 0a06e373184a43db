//! The test provider's token endpoint (code exchange with client authentication and PKCE, ID
//! token minting, including the misbehaviours tests ask for) and its userinfo endpoint.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Form;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use p256::ecdsa::SigningKey;
use p256::elliptic_curve::Generate;
use serde_json::{Value, json};

use super::{MAX_OUTSTANDING, Misbehaviour, ProviderState, TestCitizen, lock};
use crate::id_token::access_token_hash;
use crate::{jws, pkce, random};

/// Lifetime of ID and access tokens, in seconds.
const TOKEN_LIFETIME: i64 = 300;

/// What a code stands for until it is exchanged (once).
pub(crate) struct Grant {
    pub client_id: String,
    pub redirect_uri: String,
    pub code_challenge: String,
    pub nonce: String,
    pub citizen: usize,
    pub expires: i64,
}

/// What an access token stands for.
pub(crate) struct Issued {
    citizen: usize,
    expires: i64,
}

fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    let mut response = (
        status,
        Json(json!({ "error": error, "error_description": description })),
    )
        .into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if status == StatusCode::UNAUTHORIZED {
        response.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Basic realm=\"test-idp\""),
        );
    }
    response
}

/// The client id the request authenticated as: Basic for confidential clients, `client_id` in the
/// body for public ones.
fn authenticate(
    state: &ProviderState,
    headers: &HeaderMap,
    form: &HashMap<String, String>,
) -> Option<String> {
    let basic = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
        .and_then(|b64| STANDARD.decode(b64.trim()).ok())
        .and_then(|raw| String::from_utf8(raw).ok());
    match basic {
        Some(pair) => {
            let (id, secret) = pair.split_once(':')?;
            let decode = |s: &str| {
                form_urlencoded::parse(format!("x={s}").as_bytes())
                    .next()
                    .map(|(_, v)| v.into_owned())
            };
            let (id, secret) = (decode(id)?, decode(secret)?);
            let client = state.client(&id)?;
            (client.client_secret.as_deref() == Some(secret.as_str())).then_some(id)
        }
        None => {
            let id = form.get("client_id")?;
            let client = state.client(id)?;
            client.client_secret.is_none().then(|| id.clone())
        }
    }
}

/// POST /token.
pub(super) async fn token(
    State(state): State<Arc<ProviderState>>,
    headers: HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let Some(client_id) = authenticate(&state, &headers, &form) else {
        return oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "client authentication failed",
        );
    };
    if form.get("grant_type").map(String::as_str) != Some("authorization_code") {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "only authorization_code",
        );
    }
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    // Removed on first use, whatever the outcome: a code never works twice.
    let grant = form
        .get("code")
        .and_then(|code| lock(&state.codes).remove(code))
        .filter(|grant| grant.expires > now);
    let Some(grant) = grant else {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_grant",
            "code unknown, used or expired",
        );
    };
    if grant.client_id != client_id || form.get("redirect_uri") != Some(&grant.redirect_uri) {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_grant",
            "code was issued for another client or redirect_uri",
        );
    }
    let verifier = form
        .get("code_verifier")
        .map(String::as_str)
        .unwrap_or_default();
    if !pkce::verify(verifier, &grant.code_challenge) {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_grant",
            "PKCE verification failed",
        );
    }
    let Some(citizen) = state.citizens.get(grant.citizen) else {
        return oauth_error(StatusCode::BAD_REQUEST, "invalid_grant", "unknown citizen");
    };
    let access_token = random::token();
    {
        let mut tokens = lock(&state.access_tokens);
        tokens.retain(|_, issued| issued.expires > now);
        if tokens.len() >= MAX_OUTSTANDING {
            return oauth_error(
                StatusCode::SERVICE_UNAVAILABLE,
                "temporarily_unavailable",
                "too many tokens",
            );
        }
        tokens.insert(
            access_token.clone(),
            Issued {
                citizen: grant.citizen,
                expires: now + TOKEN_LIFETIME,
            },
        );
    }
    let id_token = id_token(&state, &grant, citizen, &access_token, now);
    let mut response = Json(json!({
        "access_token": access_token,
        "token_type": "Bearer",
        "expires_in": TOKEN_LIFETIME,
        "id_token": id_token,
    }))
    .into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn id_token(
    state: &ProviderState,
    grant: &Grant,
    citizen: &TestCitizen,
    access_token: &str,
    now: i64,
) -> String {
    let misbehaviour = state.misbehaviour();
    let (iat, exp) = match misbehaviour {
        Some(Misbehaviour::Expired) => (now - 3600, now - 3600 + TOKEN_LIFETIME),
        _ => (now, now + TOKEN_LIFETIME),
    };
    let mut claims = json!({
        "iss": if misbehaviour == Some(Misbehaviour::WrongIssuer) { "https://falscher-aussteller.example" } else { state.issuer.as_str() },
        "sub": citizen.sub,
        "aud": if misbehaviour == Some(Misbehaviour::WrongAudience) { "eine-andere-anwendung" } else { grant.client_id.as_str() },
        "azp": grant.client_id,
        "iat": iat,
        "exp": exp,
        "auth_time": iat,
        "nonce": grant.nonce,
        "acr": if misbehaviour == Some(Misbehaviour::LowAcr) { "low" } else { citizen.acr.as_str() },
        "at_hash": access_token_hash(access_token),
        "given_name": citizen.given_name,
        "family_name": citizen.family_name,
        "birthdate": citizen.birthdate,
    });
    if let Some(birth_name) = &citizen.birth_family_name {
        claims["birth_family_name"] = json!(birth_name);
    }
    let (kid, key) = state.signing_key();
    match misbehaviour {
        Some(Misbehaviour::AlgNone) => {
            jws::assemble(&json!({"alg": "none", "typ": "JWT"}), &claims, b"")
        }
        Some(Misbehaviour::AlgHs256) => jws::assemble(
            &json!({"alg": "HS256", "typ": "JWT", "kid": kid}),
            &claims,
            &[7; 32],
        ),
        Some(Misbehaviour::UnknownKey) => match SigningKey::try_generate() {
            Ok(foreign) => jws::sign(&foreign, &random::token(), &claims),
            Err(_) => String::new(),
        },
        Some(Misbehaviour::BadSignature) => {
            let token = jws::sign(&key, &kid, &claims);
            let (input, signature) = token.rsplit_once('.').unwrap_or_default();
            let mut raw = URL_SAFE_NO_PAD.decode(signature).unwrap_or_default();
            if let Some(byte) = raw.get_mut(10) {
                *byte ^= 0x01;
            }
            format!("{input}.{}", URL_SAFE_NO_PAD.encode(raw))
        }
        _ => jws::sign(&key, &kid, &claims),
    }
}

/// GET or POST /userinfo with `Authorization: Bearer`.
pub(super) async fn userinfo(
    State(state): State<Arc<ProviderState>>,
    headers: HeaderMap,
) -> Response {
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let citizen = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .and_then(|token| {
            lock(&state.access_tokens)
                .get(token.trim())
                .filter(|issued| issued.expires > now)
                .map(|issued| issued.citizen)
        })
        .and_then(|i| state.citizens.get(i));
    let Some(citizen) = citizen else {
        let mut response = oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_token",
            "access token unknown or expired",
        );
        response.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Bearer error=\"invalid_token\""),
        );
        return response;
    };
    let sub = if state.misbehaviour() == Some(Misbehaviour::UserinfoOtherSubject) {
        "jemand-anderes"
    } else {
        citizen.sub.as_str()
    };
    let claims: Value = json!({
        "sub": sub,
        "given_name": citizen.given_name,
        "family_name": citizen.family_name,
        "birth_family_name": citizen.birth_family_name,
        "birthdate": citizen.birthdate,
        "address": {
            "street_address": citizen.street_address,
            "postal_code": citizen.postal_code,
            "locality": citizen.locality,
            "country": "DE",
        },
    });
    let mut response = Json(claims).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
