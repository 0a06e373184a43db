//! The certificate document (Negativbescheinigung or partial certificate): what it states
//! ([`content`]), its PDF/A rendering ([`pdf`]), the electronic seal inside the PDF
//! ([`pades`]), and reading the seal and the attached data back for verification
//! ([`attachment`]). Pure functions of their input: no store, no clock, no key files.

pub mod attachment;
pub mod content;
pub mod pades;
pub mod pdf;
mod pdf_file;

pub use attachment::{ATTACHMENT_NAME, attachment};
pub use content::{CertificateContent, Outcome, Party, Person};
pub use pades::{PadesError, SIGNATURE_CAPACITY, SealedParts, read, seal};
pub use pdf::{PdfError, render};
pub use pdf_file::MAX_PDF_BYTES;
