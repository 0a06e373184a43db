//! The electronic seal inside the certificate PDF (PAdES baseline B-B): an incremental update
//! that adds a signature field and a signature dictionary whose `/Contents` holds a detached
//! CAdES signature over every byte of the file except that value ([`seal()`]), and the reverse:
//! finding that signature and the exact bytes it covers ([`read()`]).
//!
//! Neither side knows keys or certificates. Sealing hands a SHA-256 digest to a closure and
//! embeds the CMS it returns; reading returns the CMS and the signed bytes for the `seal` crate
//! to verify.

mod der;
mod read;
mod seal;

pub use read::{SealedParts, read};
pub use seal::seal;

/// Bytes reserved for the CMS signature (written as twice as many hex digits). A CMS with a
/// P-256 signature and a certificate chain of two is about 2 KB.
pub const SIGNATURE_CAPACITY: usize = 8192;

/// Why a certificate PDF could not be sealed or read back.
#[derive(Debug, thiserror::Error)]
pub enum PadesError {
    #[error("the PDF is {size} bytes, more than the {limit} a certificate may have")]
    TooLarge { size: usize, limit: usize },
    #[error("the PDF is malformed: {0}")]
    Malformed(String),
    #[error("the PDF uses a feature this reader does not accept: {0}")]
    Unsupported(&'static str),
    #[error("the PDF already has a form or a seal")]
    AlreadySealed,
    #[error("the signer failed: {0}")]
    Signer(Box<dyn std::error::Error + Send + Sync>),
    #[error("the signer returned something that is not one DER-encoded structure")]
    NotDer,
    #[error("the signature is {size} bytes, more than the {capacity} reserved for it")]
    SignatureTooLarge { size: usize, capacity: usize },
    #[error("the PDF carries no seal")]
    NotSealed,
    #[error("the seal's byte range is invalid: {0}")]
    ByteRange(&'static str),
    #[error("the seal does not cover the end of the file: {0} bytes were added after sealing")]
    UnsignedTail(usize),
    #[error("the PDF carries no bescheinigung.json attachment")]
    NoAttachment,
    #[error("the attached certificate data is not valid: {0}")]
    AttachmentJson(serde_json::Error),
}
