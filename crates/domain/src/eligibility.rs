//! Who may apply for a Negativbescheinigung (§ 58 Abs. 2 SGB VIII, § 1626a BGB).

use serde::{Deserialize, Serialize};
use time::Date;

use crate::application::{Declarations, anniversary};

/// Why an application cannot lead to a certificate, whatever the register says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ineligibility {
    /// Only the mother may apply.
    NotMother,
    /// Parents who are or were married to each other share custody (§ 1626a Abs. 1 Nr. 2 BGB).
    MarriedToFather,
    /// Her husband at the birth is the legal father (§ 1592 Nr. 1 BGB).
    MarriedToOtherManAtBirth,
    /// The court decision giving custody to one parent is itself the proof.
    CourtGaveCustodyToOneParent,
    /// At 18 parental custody ends (§ 1626 Abs. 1, § 2 BGB).
    ChildOfAge,
}

impl Ineligibility {
    pub fn as_str(self) -> &'static str {
        match self {
            Ineligibility::NotMother => "not_mother",
            Ineligibility::MarriedToFather => "married_to_father",
            Ineligibility::MarriedToOtherManAtBirth => "married_to_other_man_at_birth",
            Ineligibility::CourtGaveCustodyToOneParent => "custody_by_court_to_one_parent",
            Ineligibility::ChildOfAge => "child_of_age",
        }
    }

    pub fn parse(raw: &str) -> Option<Ineligibility> {
        [
            Ineligibility::NotMother,
            Ineligibility::MarriedToFather,
            Ineligibility::MarriedToOtherManAtBirth,
            Ineligibility::CourtGaveCustodyToOneParent,
            Ineligibility::ChildOfAge,
        ]
        .into_iter()
        .find(|reason| reason.as_str() == raw)
    }
}

/// The first reason, in the order of the law's tests, why the applicant may not apply.
pub fn check(
    declarations: &Declarations,
    child_birth_date: Date,
    today: Date,
) -> Result<(), Ineligibility> {
    if !declarations.applicant_is_mother {
        Err(Ineligibility::NotMother)
    } else if declarations.married_to_father {
        Err(Ineligibility::MarriedToFather)
    } else if declarations.married_to_other_man_at_birth {
        Err(Ineligibility::MarriedToOtherManAtBirth)
    } else if declarations.custody_by_court_to_one_parent {
        Err(Ineligibility::CourtGaveCustodyToOneParent)
    } else if today >= anniversary(child_birth_date, 18) {
        Err(Ineligibility::ChildOfAge)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const ELIGIBLE: Declarations = Declarations {
        applicant_is_mother: true,
        married_to_father: false,
        married_to_other_man_at_birth: false,
        custody_by_court_to_one_parent: false,
    };
    const TODAY: Date = date!(2026 - 11 - 29);

    #[test]
    fn an_unmarried_mother_of_a_minor_may_apply() {
        assert_eq!(check(&ELIGIBLE, date!(2020 - 05 - 04), TODAY), Ok(()));
    }

    #[test]
    fn each_refusal_has_its_reason() {
        let cases = [
            (
                Declarations {
                    applicant_is_mother: false,
                    ..ELIGIBLE
                },
                Ineligibility::NotMother,
            ),
            (
                Declarations {
                    married_to_father: true,
                    ..ELIGIBLE
                },
                Ineligibility::MarriedToFather,
            ),
            (
                Declarations {
                    married_to_other_man_at_birth: true,
                    ..ELIGIBLE
                },
                Ineligibility::MarriedToOtherManAtBirth,
            ),
            (
                Declarations {
                    custody_by_court_to_one_parent: true,
                    ..ELIGIBLE
                },
                Ineligibility::CourtGaveCustodyToOneParent,
            ),
        ];
        for (declarations, reason) in cases {
            assert_eq!(
                check(&declarations, date!(2020 - 05 - 04), TODAY),
                Err(reason)
            );
            assert_eq!(Ineligibility::parse(reason.as_str()), Some(reason));
        }
    }

    #[test]
    fn custody_ends_on_the_eighteenth_birthday() {
        assert_eq!(check(&ELIGIBLE, date!(2008 - 11 - 30), TODAY), Ok(()));
        assert_eq!(
            check(&ELIGIBLE, date!(2008 - 11 - 29), TODAY),
            Err(Ineligibility::ChildOfAge)
        );
    }
}
