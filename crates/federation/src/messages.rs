//! The messages of the register exchange, named after XFamilie's *Geburt* module: the query for
//! the sole-custody certificate (0801) and the register office's answer (0803).

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use domain::OfficeId;
use domain::application::ChildIdentity;
use domain::register::RegisterAnswer;

/// "Do entries exist for this child?" — from the issuing to the register office.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterQuery {
    /// Unique per application; repeating a query under its id is harmless.
    pub id: String,
    pub from: OfficeId,
    pub to: OfficeId,
    pub child: ChildIdentity,
    #[serde(with = "time::serde::rfc3339")]
    pub sent_at: OffsetDateTime,
}

/// The register office's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterResponse {
    pub query_id: String,
    pub from: OfficeId,
    pub answer: RegisterAnswer,
    /// The moment of the register state the answer reflects ("Stand").
    #[serde(with = "time::serde::rfc3339")]
    pub register_as_of: OffsetDateTime,
}
