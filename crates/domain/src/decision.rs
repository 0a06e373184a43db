//! From the register's answer to the outcome for the applicant (the table in DOMAIN.md).

use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

use crate::eligibility::Ineligibility;
use crate::register::{CustodyPart, RegisterAnswer};

/// The result an application ends with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    /// No entries: she holds custody alone.
    NegativeCertificate,
    /// Entries exist only for the named parts; she holds the rest alone.
    PartialCertificate { parts: BTreeSet<CustodyPart> },
    /// Entries exist: no certificate can be issued.
    NoCertificate,
    /// She may not apply, for the given reason.
    NotEligible { reason: Ineligibility },
}

impl Outcome {
    pub fn as_str(&self) -> &'static str {
        match self {
            Outcome::NegativeCertificate => "negative_certificate",
            Outcome::PartialCertificate { .. } => "partial_certificate",
            Outcome::NoCertificate => "no_certificate",
            Outcome::NotEligible { .. } => "not_eligible",
        }
    }

    /// Whether this outcome comes with a certificate.
    pub fn certifies(&self) -> bool {
        matches!(
            self,
            Outcome::NegativeCertificate | Outcome::PartialCertificate { .. }
        )
    }
}

/// What the issuing office does with an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    Decided(Outcome),
    /// A person at the register office must look first.
    Review,
}

pub fn decide(answer: &RegisterAnswer) -> Decision {
    match answer {
        RegisterAnswer::None => Decision::Decided(Outcome::NegativeCertificate),
        // A partial answer that names no part is malformed: a person must look.
        RegisterAnswer::Partial { parts } if parts.is_empty() => Decision::Review,
        RegisterAnswer::Partial { parts } => Decision::Decided(Outcome::PartialCertificate {
            parts: parts.clone(),
        }),
        RegisterAnswer::Entries => Decision::Decided(Outcome::NoCertificate),
        RegisterAnswer::Maybe => Decision::Review,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_outcome_table() {
        assert_eq!(
            decide(&RegisterAnswer::None),
            Decision::Decided(Outcome::NegativeCertificate)
        );
        let parts: BTreeSet<_> = [CustodyPart::Health].into();
        assert_eq!(
            decide(&RegisterAnswer::Partial {
                parts: parts.clone()
            }),
            Decision::Decided(Outcome::PartialCertificate { parts })
        );
        assert_eq!(
            decide(&RegisterAnswer::Entries),
            Decision::Decided(Outcome::NoCertificate)
        );
        assert_eq!(decide(&RegisterAnswer::Maybe), Decision::Review);
        assert_eq!(
            decide(&RegisterAnswer::Partial {
                parts: BTreeSet::new()
            }),
            Decision::Review
        );
    }

    #[test]
    fn only_certificate_outcomes_certify() {
        assert!(Outcome::NegativeCertificate.certifies());
        assert!(!Outcome::NoCertificate.certifies());
        assert!(
            !Outcome::NotEligible {
                reason: Ineligibility::NotMother
            }
            .certifies()
        );
    }
}
