//! The store: every persistent fact of the platform, on SQLite (embedded default) or PostgreSQL.
//!
//! One interface, [`Store`], for both backends. Backend differences (DDL, transaction start,
//! row claiming) live in this crate only, and nowhere else in the code base. Every register
//! query takes the office whose register it reads as a parameter, and every write takes the
//! acting party and appends to the audit log in the same transaction.

mod audit_key;
mod audited_list;
mod backend;
mod candidates;
mod error;
mod imported;
mod time_text;

pub mod applications;
pub mod audit;
pub mod audit_chain;
pub mod certificates;
pub mod changes;
pub mod citizens;
pub mod clients;
pub mod directory;
pub mod entry_forwards;
pub mod federation;
pub mod places;
pub mod prenatal;
pub mod register;
pub mod reviews;
pub mod staff;
pub mod testing;

pub use audit::{Actor, AuditKey, AuditRecord, CITIZEN_ACTOR_PREFIX};
pub use backend::{ConnectOptions, Store};
pub use candidates::{AssessTiming, Assessment, Candidate, search_sql};
pub use error::StoreError;
