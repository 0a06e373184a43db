//! The messages of the register exchange, named after XFamilie's *Geburt* module: the query for
//! the sole-custody certificate (0801) and the register office's answer (0803), and a new entry
//! for a register kept on a node (0804) with the node's receipt.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use domain::OfficeId;
use domain::application::ChildIdentity;
use domain::register::{Notification, RegisterAnswer};

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

/// The office id under which the platform itself signs what it relays to a node: a
/// notification to the register (0804) that reached the platform from a court, a notary or an
/// office, for a register kept on the node. Its key is a platform key in the trust list; the
/// district key 00000 belongs to no district.
pub const PLATFORM_RELAY_OFFICE: &str = "ja-00000";
/// The name the relay key carries.
pub const PLATFORM_RELAY_NAME: &str = "Sorgeregister-Plattform (Weiterleitung)";

/// A new entry for the register office's register (0804), relayed by the platform. The entry's
/// id is chosen by the platform and kept by the node, so that a notice delivered again records
/// nothing new.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegisterEntryNotice {
    /// The entry's id.
    pub id: String,
    pub from: OfficeId,
    pub to: OfficeId,
    pub notification: Notification,
    #[serde(with = "time::serde::rfc3339")]
    pub sent_at: OffsetDateTime,
}

/// The register office's receipt: the entry is in its register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterEntryReceipt {
    pub entry_id: String,
    pub from: OfficeId,
    /// When the entry was recorded (the first delivery's time, however often it came).
    #[serde(with = "time::serde::rfc3339")]
    pub recorded_at: OffsetDateTime,
}

/// [`PLATFORM_RELAY_OFFICE`] as an office id.
pub fn platform_relay() -> OfficeId {
    OfficeId::parse(PLATFORM_RELAY_OFFICE).expect("the relay id is a well-formed office id")
}
