//! Checking a certificate: its PDF (the PAdES seal over every byte, the attached data, the QR
//! text inside) or its QR text alone, against a trust list. The answer names every finding in
//! words a school secretary understands, in German and English; an empty list means genuine.
//!
//! Revocation is not known offline: the online check adds [`Finding::Revoked`] itself.

use serde::Serialize;
use time::OffsetDateTime;

use certificate::{CertificateContent, PadesError};

use crate::cms::{self, CmsError};
use crate::qr::{self, QrClaims, QrError};
use crate::{KeyLookup, TrustedKey};

/// One reason why a certificate is not genuine (or could not be checked).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Finding {
    /// Neither a sealed certificate PDF nor a certificate code.
    NotACertificate { detail: String },
    /// The PDF's bytes were changed after sealing (or bytes were added).
    PdfAltered { detail: String },
    /// The PDF's seal itself is broken or forged.
    SealInvalid { detail: String },
    /// The QR text was changed, damaged or forged.
    QrAltered { detail: String },
    /// PDF and QR code state different things.
    PdfQrDisagree { fields: Vec<String> },
    /// Sealed with a key the trust list does not know.
    UnknownKey { key_id: String },
    /// Sealed with a key outside the time it was allowed to seal.
    KeyOutsideValidity { key_id: String },
    /// Sealed with another office's key than the issuer's.
    WrongOffice { key_id: String },
    /// The issuing office revoked the certificate (online only).
    Revoked { at: String },
    /// No certificate with this number and child's date of birth was issued (online only).
    NotIssued,
}

impl Finding {
    pub fn code(&self) -> &'static str {
        match self {
            Finding::NotACertificate { .. } => "not_a_certificate",
            Finding::PdfAltered { .. } => "pdf_altered",
            Finding::SealInvalid { .. } => "seal_invalid",
            Finding::QrAltered { .. } => "qr_altered",
            Finding::PdfQrDisagree { .. } => "pdf_qr_disagree",
            Finding::UnknownKey { .. } => "unknown_key",
            Finding::KeyOutsideValidity { .. } => "key_outside_validity",
            Finding::WrongOffice { .. } => "wrong_office",
            Finding::Revoked { .. } => "revoked",
            Finding::NotIssued => "not_issued",
        }
    }

    /// The key a finding names.
    pub fn key_id(&self) -> Option<String> {
        match self {
            Finding::UnknownKey { key_id }
            | Finding::KeyOutsideValidity { key_id }
            | Finding::WrongOffice { key_id } => Some(key_id.clone()),
            _ => None,
        }
    }

    /// The finding in plain German.
    pub fn german(&self) -> String {
        match self {
            Finding::NotACertificate { .. } => {
                "Das ist keine elektronisch gesiegelte Bescheinigung des Sorgeregisters.".into()
            }
            Finding::PdfAltered { .. } => {
                "Die PDF-Datei wurde nach der Siegelung verändert. Ihr Inhalt ist nicht verlässlich."
                    .into()
            }
            Finding::SealInvalid { .. } => {
                "Das elektronische Siegel der PDF-Datei ist ungültig.".into()
            }
            Finding::QrAltered { .. } => {
                "Der QR-Code wurde verändert oder ist beschädigt; seine Siegelung stimmt nicht."
                    .into()
            }
            Finding::PdfQrDisagree { fields } => format!(
                "PDF und QR-Code stimmen nicht überein (abweichend: {}).",
                fields.join(", ")
            ),
            Finding::UnknownKey { key_id } => format!(
                "Gesiegelt mit einem Schlüssel, der in der Vertrauensliste nicht steht ({key_id})."
            ),
            Finding::KeyOutsideValidity { key_id } => format!(
                "Gesiegelt mit einem Schlüssel außerhalb seiner Gültigkeit ({key_id})."
            ),
            Finding::WrongOffice { key_id } => format!(
                "Gesiegelt mit dem Schlüssel eines anderen Amtes als des ausstellenden ({key_id})."
            ),
            Finding::Revoked { at } => {
                format!("Das ausstellende Jugendamt hat die Bescheinigung am {at} widerrufen.")
            }
            Finding::NotIssued => "Eine Bescheinigung mit dieser Nummer und diesem \
                                   Geburtsdatum des Kindes wurde nicht ausgestellt."
                .into(),
        }
    }

    /// The finding in plain English.
    pub fn english(&self) -> String {
        match self {
            Finding::NotACertificate { .. } => {
                "This is not an electronically sealed certificate of the custody register.".into()
            }
            Finding::PdfAltered { .. } => {
                "The PDF file was changed after it was sealed. Its content cannot be relied on."
                    .into()
            }
            Finding::SealInvalid { .. } => "The PDF file's electronic seal is invalid.".into(),
            Finding::QrAltered { .. } => {
                "The QR code was changed or is damaged; its seal does not match.".into()
            }
            Finding::PdfQrDisagree { fields } => format!(
                "The PDF and the QR code state different things (differing: {}).",
                fields.join(", ")
            ),
            Finding::UnknownKey { key_id } => {
                format!("Sealed with a key that is not on the trust list ({key_id}).")
            }
            Finding::KeyOutsideValidity { key_id } => {
                format!("Sealed with a key outside its period of validity ({key_id}).")
            }
            Finding::WrongOffice { key_id } => {
                format!("Sealed with another office's key than the issuer's ({key_id}).")
            }
            Finding::Revoked { at } => {
                format!("The issuing youth welfare office revoked this certificate on {at}.")
            }
            Finding::NotIssued => "No certificate with this number and child's date of birth \
                                   was issued."
                .into(),
        }
    }
}

/// The result of a check.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    /// What the QR code states, when its seal could be checked (even if other findings exist).
    pub claims: Option<QrClaims>,
    /// What the PDF states (PDF checks only), when its attachment could be read.
    pub content: Option<CertificateContent>,
    /// The key that sealed it and that key's office name from the trust list.
    pub key_id: Option<String>,
    pub issuer_name: Option<String>,
    /// Empty when the certificate is genuine.
    pub findings: Vec<Finding>,
}

impl Verdict {
    pub fn genuine(&self) -> bool {
        self.findings.is_empty() && self.claims.is_some()
    }

    fn failed(finding: Finding) -> Verdict {
        Verdict {
            claims: None,
            content: None,
            key_id: None,
            issuer_name: None,
            findings: vec![finding],
        }
    }
}

/// Checks QR text alone.
pub fn verify_qr(text: &str, keys: &dyn KeyLookup) -> Verdict {
    match qr::open(text.trim(), keys) {
        Ok(opened) => Verdict {
            claims: Some(opened.claims),
            content: None,
            key_id: Some(opened.key_id),
            issuer_name: Some(opened.office_name),
            findings: Vec::new(),
        },
        Err(error) => Verdict::failed(qr_finding(error)),
    }
}

fn qr_finding(error: QrError) -> Finding {
    match error {
        QrError::NotOurFormat | QrError::TooLong => Finding::NotACertificate {
            detail: error.to_string(),
        },
        QrError::UnknownKey(key_id) => Finding::UnknownKey { key_id },
        QrError::KeyNotValidAt { key_id, .. } => Finding::KeyOutsideValidity { key_id },
        QrError::WrongOffice { key_id, .. } => Finding::WrongOffice { key_id },
        QrError::Base45
        | QrError::Compression
        | QrError::TooLarge
        | QrError::Structure(_)
        | QrError::SignatureInvalid => Finding::QrAltered {
            detail: error.to_string(),
        },
    }
}

/// Checks a certificate PDF: the seal over its bytes, the seal key, the attached data, the QR
/// text it carries, and that PDF and QR state the same.
pub fn verify_pdf(pdf: &[u8], keys: &dyn KeyLookup) -> Verdict {
    let parts = match certificate::read(pdf) {
        Ok(parts) => parts,
        Err(PadesError::UnsignedTail(added)) => {
            return Verdict::failed(Finding::PdfAltered {
                detail: format!("{added} bytes were added after sealing"),
            });
        }
        Err(error) => {
            return Verdict::failed(Finding::NotACertificate {
                detail: error.to_string(),
            });
        }
    };
    let signer = match cms::verify_detached(&parts.cms_der, &parts.signed_bytes) {
        Ok(signer) => signer,
        Err(CmsError::DigestMismatch) => {
            return Verdict::failed(Finding::PdfAltered {
                detail: CmsError::DigestMismatch.to_string(),
            });
        }
        Err(error) => {
            return Verdict::failed(Finding::SealInvalid {
                detail: error.to_string(),
            });
        }
    };
    // The seal covers every byte but its own; what follows is read from sealed bytes.
    let (content, qr_text) = match certificate::attachment(pdf) {
        Ok(found) => found,
        Err(error) => {
            return Verdict::failed(Finding::NotACertificate {
                detail: error.to_string(),
            });
        }
    };
    let mut verdict = verify_qr(&qr_text, keys);
    verdict.content = Some(content.clone());
    let mut seal_findings = Vec::new();
    match keys.key_with_certificate(&signer.certificate_der) {
        // The seal names its key by certificate only; the QR code's key id, when it could be
        // read, is the best name to show.
        None => seal_findings.push(Finding::UnknownKey {
            key_id: verdict
                .key_id
                .clone()
                .or_else(|| verdict.findings.iter().find_map(Finding::key_id))
                .unwrap_or_else(|| "?".into()),
        }),
        Some(key) => check_pdf_key(key, &content, &mut seal_findings),
    }
    for finding in seal_findings {
        if !verdict.findings.contains(&finding) {
            verdict.findings.push(finding);
        }
    }
    if let Some(claims) = &verdict.claims {
        let differing = claims.differences(&content);
        if !differing.is_empty() {
            verdict.findings.push(Finding::PdfQrDisagree {
                fields: differing.into_iter().map(str::to_owned).collect(),
            });
        }
    }
    verdict
}

fn check_pdf_key(key: &TrustedKey, content: &CertificateContent, findings: &mut Vec<Finding>) {
    if !key.valid_at(content.issued_at) {
        findings.push(Finding::KeyOutsideValidity {
            key_id: key.key_id.clone(),
        });
    }
    if key.office != content.issuer.id {
        findings.push(Finding::WrongOffice {
            key_id: key.key_id.clone(),
        });
    }
}

/// A date as findings print it ("29.11.2026").
pub fn revoked_at_text(at: OffsetDateTime) -> String {
    format!(
        "{:02}.{:02}.{:04}",
        at.day(),
        u8::from(at.month()),
        at.year()
    )
}
