//! From the provider's claims to our [`Identity`]: which claim feeds which attribute, the merge of
//! ID token and userinfo (userinfo wins where it has a value), the assurance check, and the
//! bounds every attribute must keep.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::OidcError;
use crate::error::log_safe;

/// Longest attribute value we accept, in characters.
pub const MAX_CLAIM_CHARS: usize = 200;

/// The verified person behind a login, as far as the portal needs it.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Identity {
    /// Hex SHA-256 of `"{issuer}\n{sub}"`: stable per provider and person, not the raw `sub`.
    pub subject: String,
    /// Claim `given_name`.
    pub given_names: String,
    /// Claim `family_name`.
    pub family_name: String,
    /// Claim `birth_family_name` (OpenID Connect for Identity Assurance).
    pub birth_name: Option<String>,
    /// Claim `birthdate` when it is a full `YYYY-MM-DD` date.
    pub birth_date: Option<String>,
    /// `address.street_address` (several lines joined with ", ").
    pub street: Option<String>,
    /// `address.postal_code`.
    pub postal_code: Option<String>,
    /// `address.locality`.
    pub locality: Option<String>,
    /// The login's `acr`.
    pub assurance: String,
}

/// `"{issuer}\n{sub}"` hashed, in lowercase hex.
pub(crate) fn subject(issuer: &str, sub: &str) -> String {
    let digest = Sha256::digest(format!("{issuer}\n{sub}").as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The `acr` of the ID token if it is one of `accepted`.
pub(crate) fn assurance(
    id_token: &Map<String, Value>,
    accepted: &[String],
) -> Result<String, OidcError> {
    match id_token.get("acr") {
        Some(Value::String(acr)) if accepted.iter().any(|a| a == acr) => Ok(acr.clone()),
        Some(Value::String(acr)) => Err(OidcError::AssuranceTooLow { acr: log_safe(acr) }),
        _ => Err(OidcError::AssuranceTooLow { acr: String::new() }),
    }
}

/// Builds the identity from the ID token's claims and, when there was one, the userinfo answer.
pub(crate) fn identity(
    subject: String,
    assurance: String,
    id_token: &Map<String, Value>,
    userinfo: Option<&Map<String, Value>>,
) -> Result<Identity, OidcError> {
    let sources: Vec<&Map<String, Value>> = userinfo.into_iter().chain([id_token]).collect();
    let top = |name: &'static str| first(&sources, name, |claims| claims.get(name));
    let address = |name: &'static str| {
        first(&sources, name, |claims| {
            claims.get("address").and_then(|a| a.get(name))
        })
    };
    let given_names = top("given_name")?.ok_or(OidcError::MissingClaim("given_name"))?;
    let family_name = top("family_name")?.ok_or(OidcError::MissingClaim("family_name"))?;
    let birth_date = top("birthdate")?.filter(|d| is_full_date(d));
    Ok(Identity {
        subject,
        given_names,
        family_name,
        birth_name: top("birth_family_name")?,
        birth_date,
        street: address("street_address")?,
        postal_code: address("postal_code")?,
        locality: address("locality")?,
        assurance,
    })
}

/// The first non-empty value of a claim across `sources`, checked.
fn first<'a>(
    sources: &[&'a Map<String, Value>],
    name: &'static str,
    get: impl Fn(&'a Map<String, Value>) -> Option<&'a Value>,
) -> Result<Option<String>, OidcError> {
    for claims in sources {
        match get(claims) {
            None | Some(Value::Null) => continue,
            Some(Value::String(value)) => {
                let value = clean(value, name)?;
                if !value.is_empty() {
                    return Ok(Some(value));
                }
            }
            Some(_) => return Err(OidcError::InvalidClaim(name)),
        }
    }
    Ok(None)
}

/// Trims, joins lines with ", ", refuses other control characters and overlong values.
fn clean(value: &str, name: &'static str) -> Result<String, OidcError> {
    let joined = value
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    if joined.chars().any(char::is_control) || joined.chars().count() > MAX_CLAIM_CHARS {
        return Err(OidcError::InvalidClaim(name));
    }
    Ok(joined)
}

fn is_full_date(value: &str) -> bool {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    // Year 0000 is how OpenID Connect says "year withheld".
    value.len() == 10 && !value.starts_with("0000") && time::Date::parse(value, format).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn map(value: Value) -> Map<String, Value> {
        value.as_object().unwrap().clone()
    }

    #[test]
    fn merges_userinfo_over_id_token() {
        let id_token = map(json!({
            "given_name": "Sophia", "family_name": "Berger", "birthdate": "1993-02-17",
        }));
        let userinfo = map(json!({
            "given_name": "Sophia Maria", "family_name": "", "birth_family_name": "Klein",
            "address": {"street_address": "Am Markt 1\nHinterhaus", "postal_code": "28195",
                        "locality": "Bremen"},
        }));
        let identity = identity("s".into(), "high".into(), &id_token, Some(&userinfo)).unwrap();
        assert_eq!(identity.given_names, "Sophia Maria");
        assert_eq!(identity.family_name, "Berger");
        assert_eq!(identity.birth_name.as_deref(), Some("Klein"));
        assert_eq!(identity.birth_date.as_deref(), Some("1993-02-17"));
        assert_eq!(identity.street.as_deref(), Some("Am Markt 1, Hinterhaus"));
        assert_eq!(identity.postal_code.as_deref(), Some("28195"));
        assert_eq!(identity.locality.as_deref(), Some("Bremen"));
    }

    #[test]
    fn required_bounded_and_well_typed() {
        let only_family = map(json!({"family_name": "Berger"}));
        assert!(matches!(
            identity("s".into(), "a".into(), &only_family, None),
            Err(OidcError::MissingClaim("given_name"))
        ));
        let long = map(json!({"given_name": "x".repeat(201), "family_name": "B"}));
        assert!(matches!(
            identity("s".into(), "a".into(), &long, None),
            Err(OidcError::InvalidClaim("given_name"))
        ));
        let control = map(json!({"given_name": "A\u{7}", "family_name": "B"}));
        assert!(identity("s".into(), "a".into(), &control, None).is_err());
        let number = map(json!({"given_name": "A", "family_name": 7}));
        assert!(identity("s".into(), "a".into(), &number, None).is_err());
        let partial_date =
            map(json!({"given_name": "A", "family_name": "B", "birthdate": "0000-02-17"}));
        let ok = identity("s".into(), "a".into(), &partial_date, None).unwrap();
        assert_eq!(ok.birth_date, None);
        let year_only = map(json!({"given_name": "A", "family_name": "B", "birthdate": "1993"}));
        assert_eq!(
            identity("s".into(), "a".into(), &year_only, None)
                .unwrap()
                .birth_date,
            None
        );
    }

    #[test]
    fn assurance_and_subject() {
        let accepted = crate::config::default_accepted_acr();
        assert_eq!(
            assurance(&map(json!({"acr": "substantial"})), &accepted).unwrap(),
            "substantial"
        );
        assert!(matches!(
            assurance(&map(json!({"acr": "low"})), &accepted),
            Err(OidcError::AssuranceTooLow { acr }) if acr == "low"
        ));
        assert!(assurance(&map(json!({})), &accepted).is_err());
        let s = subject("https://idp", "123");
        assert_eq!(s.len(), 64);
        assert_ne!(s, subject("https://idp2", "123"));
        assert_eq!(s, subject("https://idp", "123"));
    }
}
