//! What a Sorgeregister entry is (§ 58 Abs. 1 SGB VIII) and what the register office answers.
//!
//! The register office answers only what the law asks: no entries, entries on parts of custody
//! (which parts), entries on the whole, or "maybe" when a record might be this child. It never
//! sends other children's data to the asking office.

use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use time::{Date, macros::date};

use crate::validation::{Problem, Rule};

/// The kinds of entry § 58 Abs. 1 SGB VIII provides for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// Sorgeerklärungen of both parents (§ 1626a Abs. 1 Nr. 1 BGB): always the whole custody.
    CustodyDeclarations,
    /// A court transferred custody to both parents, in whole or in part (§ 1626a Abs. 1 Nr. 3).
    CourtJointCustody,
    /// A court withdrew custody from the mother or transferred it to the father alone (§ 1666,
    /// § 1671 BGB), in whole or in part.
    CourtCustodyWithdrawn,
    /// A court replaced a custody declaration under Art. 224 § 2 Abs. 3 EGBGB (old law).
    CourtReplacementArt224,
}

impl EntryKind {
    pub const ALL: [&'static str; 4] = [
        "custody_declarations",
        "court_joint_custody",
        "court_custody_withdrawn",
        "court_replacement_art224",
    ];

    pub fn parse(raw: &str) -> Result<EntryKind, Problem> {
        Ok(match raw {
            "custody_declarations" => EntryKind::CustodyDeclarations,
            "court_joint_custody" => EntryKind::CourtJointCustody,
            "court_custody_withdrawn" => EntryKind::CourtCustodyWithdrawn,
            "court_replacement_art224" => EntryKind::CourtReplacementArt224,
            _ => {
                return Err(Problem::OneOf {
                    allowed: &Self::ALL,
                });
            }
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::CustodyDeclarations => "custody_declarations",
            EntryKind::CourtJointCustody => "court_joint_custody",
            EntryKind::CourtCustodyWithdrawn => "court_custody_withdrawn",
            EntryKind::CourtReplacementArt224 => "court_replacement_art224",
        }
    }

    /// Whether this kind may cover only parts of custody.
    pub fn may_be_partial(self) -> bool {
        matches!(
            self,
            EntryKind::CourtJointCustody | EntryKind::CourtCustodyWithdrawn
        )
    }

    pub fn is_court_decision(self) -> bool {
        !matches!(self, EntryKind::CustodyDeclarations)
    }
}

/// Replacements under Art. 224 § 2 Abs. 3 EGBGB were possible only before this day.
pub const ART224_END: Date = date!(2013 - 05 - 19);

/// A part of parental custody that a court decision can cover alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CustodyPart {
    Residence,
    Health,
    Schooling,
    Assets,
    Authorities,
    Religion,
    Other,
}

impl CustodyPart {
    pub const ALL: [&'static str; 7] = [
        "residence",
        "health",
        "schooling",
        "assets",
        "authorities",
        "religion",
        "other",
    ];

    pub fn parse(raw: &str) -> Result<CustodyPart, Problem> {
        Ok(match raw {
            "residence" => CustodyPart::Residence,
            "health" => CustodyPart::Health,
            "schooling" => CustodyPart::Schooling,
            "assets" => CustodyPart::Assets,
            "authorities" => CustodyPart::Authorities,
            "religion" => CustodyPart::Religion,
            "other" => CustodyPart::Other,
            _ => {
                return Err(Problem::OneOf {
                    allowed: &Self::ALL,
                });
            }
        })
    }

    pub fn as_str(self) -> &'static str {
        Self::ALL[self as usize]
    }
}

/// How much of custody an entry covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "scope", content = "parts", rename_all = "snake_case")]
pub enum Scope {
    Whole,
    Partial(BTreeSet<CustodyPart>),
}

impl Scope {
    pub fn as_str(&self) -> &'static str {
        match self {
            Scope::Whole => "whole",
            Scope::Partial(_) => "partial",
        }
    }

    pub fn parts(&self) -> Vec<CustodyPart> {
        match self {
            Scope::Whole => Vec::new(),
            Scope::Partial(parts) => parts.iter().copied().collect(),
        }
    }
}

/// Who recorded the declaration or made the decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    Notary,
    Court,
    YouthOffice,
}

impl SourceKind {
    pub const ALL: [&'static str; 3] = ["notary", "court", "youth_office"];

    pub fn parse(raw: &str) -> Result<SourceKind, Problem> {
        Ok(match raw {
            "notary" => SourceKind::Notary,
            "court" => SourceKind::Court,
            "youth_office" => SourceKind::YouthOffice,
            _ => {
                return Err(Problem::OneOf {
                    allowed: &Self::ALL,
                });
            }
        })
    }

    pub fn as_str(self) -> &'static str {
        Self::ALL[self as usize]
    }
}

/// The legal substance of one entry: what the register office needs to answer a query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryEffect {
    pub kind: EntryKind,
    pub scope: Scope,
}

/// Checks that kind, scope and source fit together (a court decision comes from a court or a
/// Jugendamt that took part; declarations always cover the whole custody).
pub fn check_entry(
    kind: EntryKind,
    scope: &Scope,
    source: SourceKind,
    effective: Date,
) -> Vec<(&'static str, Problem)> {
    let mut problems = Vec::new();
    if matches!(scope, Scope::Partial(_)) && !kind.may_be_partial() {
        problems.push((
            "scope",
            Problem::NotAllowed {
                rule: Rule::WholeCustodyOnly,
            },
        ));
    }
    if kind.is_court_decision() && source == SourceKind::Notary {
        problems.push((
            "source.kind",
            Problem::NotAllowed {
                rule: Rule::CourtOrJugendamtSource,
            },
        ));
    }
    if kind == EntryKind::CourtReplacementArt224 && effective >= ART224_END {
        problems.push((
            "effective_date",
            Problem::NotAllowed {
                rule: Rule::Art224BeforeReform,
            },
        ));
    }
    problems
}

/// The register office's answer to "are there entries for this child?".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "result", rename_all = "snake_case")]
pub enum RegisterAnswer {
    /// No entry exists for this child.
    None,
    /// Entries exist, and all of them are court decisions on the named parts of custody.
    Partial { parts: BTreeSet<CustodyPart> },
    /// An entry covers the whole custody (or is a declaration, which always does).
    Entries,
    /// A record might be this child: a person must look.
    Maybe,
}

/// Sums up the entries that certainly belong to the child, and whether any other record might.
///
/// A certain entry on the whole custody settles the answer whatever else is doubtful (no
/// certificate either way); short of that, any doubt goes to a person, since a certificate
/// must never rest on a guess.
pub fn summarise(matched: &[EntryEffect], any_possible: bool) -> RegisterAnswer {
    let mut parts = BTreeSet::new();
    for effect in matched {
        match &effect.scope {
            Scope::Whole => return RegisterAnswer::Entries,
            Scope::Partial(_) if !effect.kind.may_be_partial() => return RegisterAnswer::Entries,
            Scope::Partial(p) => parts.extend(p.iter().copied()),
        }
    }
    if any_possible {
        RegisterAnswer::Maybe
    } else if parts.is_empty() {
        RegisterAnswer::None
    } else {
        RegisterAnswer::Partial { parts }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn effect(kind: EntryKind, parts: &[CustodyPart]) -> EntryEffect {
        let scope = if parts.is_empty() {
            Scope::Whole
        } else {
            Scope::Partial(parts.iter().copied().collect())
        };
        EntryEffect { kind, scope }
    }

    #[test]
    fn no_entries_means_none() {
        assert_eq!(summarise(&[], false), RegisterAnswer::None);
    }

    #[test]
    fn every_whole_kind_means_entries() {
        for kind in [
            EntryKind::CustodyDeclarations,
            EntryKind::CourtJointCustody,
            EntryKind::CourtCustodyWithdrawn,
            EntryKind::CourtReplacementArt224,
        ] {
            assert_eq!(
                summarise(&[effect(kind, &[])], false),
                RegisterAnswer::Entries
            );
        }
    }

    #[test]
    fn partial_decisions_collect_their_parts() {
        let answer = summarise(
            &[
                effect(EntryKind::CourtJointCustody, &[CustodyPart::Health]),
                effect(EntryKind::CourtCustodyWithdrawn, &[CustodyPart::Residence]),
            ],
            false,
        );
        assert_eq!(
            answer,
            RegisterAnswer::Partial {
                parts: [CustodyPart::Health, CustodyPart::Residence].into()
            }
        );
    }

    #[test]
    fn a_whole_entry_beside_partial_ones_wins() {
        let answer = summarise(
            &[
                effect(EntryKind::CourtJointCustody, &[CustodyPart::Health]),
                effect(EntryKind::CustodyDeclarations, &[]),
            ],
            false,
        );
        assert_eq!(answer, RegisterAnswer::Entries);
    }

    #[test]
    fn doubt_means_maybe_unless_a_certain_entry_already_excludes_a_certificate() {
        assert_eq!(summarise(&[], true), RegisterAnswer::Maybe);
        let answer = summarise(
            &[effect(EntryKind::CourtJointCustody, &[CustodyPart::Health])],
            true,
        );
        assert_eq!(answer, RegisterAnswer::Maybe);
        let answer = summarise(&[effect(EntryKind::CustodyDeclarations, &[])], true);
        assert_eq!(answer, RegisterAnswer::Entries);
    }

    #[test]
    fn entry_consistency_rules() {
        let partial = Scope::Partial([CustodyPart::Health].into());
        let day = date!(2020 - 01 - 01);
        assert!(
            !check_entry(
                EntryKind::CustodyDeclarations,
                &partial,
                SourceKind::Notary,
                day
            )
            .is_empty()
        );
        assert!(
            check_entry(
                EntryKind::CustodyDeclarations,
                &Scope::Whole,
                SourceKind::Notary,
                day
            )
            .is_empty()
        );
        assert!(
            !check_entry(
                EntryKind::CourtJointCustody,
                &partial,
                SourceKind::Notary,
                day
            )
            .is_empty()
        );
        assert!(
            check_entry(
                EntryKind::CourtJointCustody,
                &partial,
                SourceKind::Court,
                day
            )
            .is_empty()
        );
        assert!(
            !check_entry(
                EntryKind::CourtReplacementArt224,
                &Scope::Whole,
                SourceKind::Court,
                day
            )
            .is_empty()
        );
        assert!(
            check_entry(
                EntryKind::CourtReplacementArt224,
                &Scope::Whole,
                SourceKind::Court,
                date!(2010 - 01 - 01)
            )
            .is_empty()
        );
    }
}

/// A parent as a notification names them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Parent {
    pub given_names: crate::PersonName,
    pub family_name: crate::PersonName,
    pub birth_name: Option<crate::PersonName>,
}

/// Who notified the register, and their reference (document or file number).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    pub kind: SourceKind,
    pub name: String,
    pub reference: String,
}

/// A notification (*Mitteilung*) to the register, once parsed: the content of one entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notification {
    pub child: crate::application::ChildIdentity,
    pub mother: Parent,
    /// Absent only where the decision does not name him (e.g. custody withdrawn from the mother).
    pub father: Option<Parent>,
    pub kind: EntryKind,
    pub scope: Scope,
    pub effective_date: Date,
    pub source: Source,
}

impl Notification {
    pub fn effect(&self) -> EntryEffect {
        EntryEffect {
            kind: self.kind,
            scope: self.scope.clone(),
        }
    }
}
