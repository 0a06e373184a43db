//! The domain of the Sorgeregister platform: the values and rules of § 58 SGB VIII.
//!
//! Everything here is plain Rust without I/O, clocks or frameworks. Values that cross the
//! system's edge are parsed into the newtypes of this crate, so that code past the edge never
//! sees an invalid AGS, name or date. Callers pass "today" in; nothing here reads the clock.

pub mod ags;
pub mod application;
pub mod certificate_number;
pub mod clock;
pub mod country;
pub mod decision;
pub mod eligibility;
pub mod ids;
pub mod input;
pub mod matching;
pub mod names;
pub mod prenatal;
pub mod register;
pub mod review;
pub mod validation;

pub use ags::{Ags, DistrictKey, PostalCode};
pub use certificate_number::CertificateNumber;
pub use country::CountryCode;
pub use ids::OfficeId;
pub use names::PersonName;
pub use validation::{FieldError, Problem};
