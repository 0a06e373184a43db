//! What a certificate states: exactly the data printed on it, nothing more. The same value is
//! rendered into the PDF, attached to it as JSON, and carried (signed) in the QR code.

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

use domain::register::CustodyPart;

/// The outcome a certificate documents. Only outcomes that come with a certificate exist here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    /// No entries in the register: the mother holds custody alone.
    NegativeCertificate,
    /// Entries exist only for the named parts of custody; she holds the rest alone.
    PartialCertificate { parts: Vec<CustodyPart> },
}

/// An office as named on the certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Party {
    /// The office id, e.g. `ja-04011`.
    pub id: String,
    /// Its name, e.g. "Amt für Soziale Dienste Bremen – Jugendamt".
    pub name: String,
    /// Postal address lines for the letterhead (may be empty).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub address: Vec<String>,
}

/// A person as named on the certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub given_names: String,
    /// For the child: the family name at birth; for the mother: her current family name.
    pub family_name: String,
    pub birth_date: Date,
    /// The place of birth as printed (the child's; for the mother absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_place: Option<String>,
}

/// Everything a certificate states.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateContent {
    /// The certificate number, `NB-YYYY-XXXX-XXXX-C`.
    pub number: String,
    #[serde(flatten)]
    pub outcome: Outcome,
    /// The office that issues the certificate in its own name (the mother's Jugendamt).
    pub issuer: Party,
    /// The office keeping the register that was asked (the Jugendamt of the child's birthplace).
    pub register_office: Party,
    pub child: Person,
    pub mother: Person,
    #[serde(with = "time::serde::rfc3339")]
    pub issued_at: OffsetDateTime,
    /// "Stand des Sorgeregisters": the moment of the register state the certificate reflects.
    #[serde(with = "time::serde::rfc3339")]
    pub register_as_of: OffsetDateTime,
    /// Where anyone can check the certificate, e.g. `https://sorgeregister.example/pruefen`.
    pub verify_url: String,
}

impl CertificateContent {
    /// A fixed example (Sophia's certificate from the demo), for tests and benchmarks.
    pub fn example() -> CertificateContent {
        use time::macros::{date, datetime};
        CertificateContent {
            number: "NB-2026-7K3M-Q9TX-8".into(),
            outcome: Outcome::NegativeCertificate,
            issuer: Party {
                id: "ja-04011".into(),
                name: "Amt für Soziale Dienste Bremen – Jugendamt".into(),
                address: vec!["Contrescarpe 73".into(), "28195 Bremen".into()],
            },
            register_office: Party {
                id: "ja-03352".into(),
                name: "Landkreis Cuxhaven – Jugendamt".into(),
                address: Vec::new(),
            },
            child: Person {
                given_names: "Sophia Marie".into(),
                family_name: "Schäfer".into(),
                birth_date: date!(2024 - 03 - 14),
                birth_place: Some("Cuxhaven".into()),
            },
            mother: Person {
                given_names: "Anna".into(),
                family_name: "Schäfer".into(),
                birth_date: date!(1995 - 07 - 02),
                birth_place: None,
            },
            issued_at: datetime!(2026-11-29 10:15:42 UTC),
            register_as_of: datetime!(2026-11-29 10:15:41 UTC),
            verify_url: "https://sorgeregister.example/pruefen".into(),
        }
    }
}
