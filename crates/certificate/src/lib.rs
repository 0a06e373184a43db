//! The certificate document (Negativbescheinigung or partial certificate): what it states
//! ([`content`]), its PDF/A rendering, the electronic seal inside the PDF, and reading both back
//! for verification. Pure functions of their input: no store, no clock, no key files.

pub mod content;

pub use content::{CertificateContent, Outcome, Party, Person};
