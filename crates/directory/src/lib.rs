//! The directory of Jugendämter: which offices exist and which municipality each serves,
//! imported from the official Destatis municipality directory, an OpenStreetMap-derived
//! postal-code list and our own list of towns that keep their own Jugendamt.
//!
//! Everything here is a pure function over text: reading files and writing the result to the
//! store is the caller's job. An input is taken whole or rejected whole with every problem and
//! its line, so that an import in one transaction never half-applies a bad file.
//!
//! Offices sit at district level by default (`ja-` + 5-digit district key); a town with its own
//! Jugendamt gets `ja-` + its 8-digit AGS. Berlin's office keeps the central register for
//! children born abroad (§ 87c Abs. 6 SGB VIII).

mod assemble;
pub mod csv_util;
mod destatis;
mod error;
mod model;
mod office_name;
mod overrides;
mod postal_codes;
mod sample;

pub use assemble::build;
pub use destatis::parse_municipalities;
pub use error::{ImportError, LineError, MAX_ERRORS};
pub use model::{Directory, Municipality, Office};
pub use office_name::ABROAD_REGISTER_DISTRICT;
pub use overrides::{Override, parse_overrides};
pub use postal_codes::{PostalCodePairs, parse_postal_codes};
pub use sample::demo_sample;
