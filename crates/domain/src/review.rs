//! A person's review of a doubtful register query: the register office's staff say of each
//! candidate entry whether it is the child asked about, and the register's answer follows from
//! the entries that are the child, as if the matcher had been certain of them.
//!
//! A person settles doubt; a person does not overrule certainty. An entry the matcher calls a
//! [`MatchClass::Match`] has the child's very name, date and place of birth: it counts whatever
//! the verdict, and [`admissible`] refuses the verdict "not the same child" for it. If such an
//! entry really concerns another child, the register entry is corrected or cancelled (under
//! four eyes), and the next review no longer sees it as certain.

use serde::{Deserialize, Serialize};

use crate::matching::MatchClass;
use crate::register::{EntryEffect, RegisterAnswer, summarise};

/// What a reviewer says of one candidate entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The entry is the child the query asks about.
    SameChild,
    /// The entry is another child (a twin, a namesake, a sibling).
    NotSameChild,
}

impl Verdict {
    pub const ALL: [&'static str; 2] = ["same_child", "not_same_child"];

    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::SameChild => "same_child",
            Verdict::NotSameChild => "not_same_child",
        }
    }

    pub fn parse(raw: &str) -> Option<Verdict> {
        match raw {
            "same_child" => Some(Verdict::SameChild),
            "not_same_child" => Some(Verdict::NotSameChild),
            _ => None,
        }
    }
}

/// One candidate entry as reviewed: how the matcher classed it, what it says, and the verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Judged {
    pub class: MatchClass,
    pub effect: EntryEffect,
    pub verdict: Verdict,
}

/// Whether `verdict` may stand for an entry of `class` (see the module docs).
pub fn admissible(class: MatchClass, verdict: Verdict) -> bool {
    !(class == MatchClass::Match && verdict == Verdict::NotSameChild)
}

/// The register's answer once every candidate is judged: the entries that are the child
/// (certain matches, and those judged the same child) summed up with no doubt left.
pub fn answer_after_review(judged: &[Judged]) -> RegisterAnswer {
    let matched: Vec<EntryEffect> = judged
        .iter()
        .filter(|j| j.class == MatchClass::Match || j.verdict == Verdict::SameChild)
        .map(|j| j.effect.clone())
        .collect();
    summarise(&matched, false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::register::{CustodyPart, EntryKind, Scope};

    fn judged(class: MatchClass, kind: EntryKind, parts: &[CustodyPart], v: Verdict) -> Judged {
        let scope = if parts.is_empty() {
            Scope::Whole
        } else {
            Scope::Partial(parts.iter().copied().collect())
        };
        Judged {
            class,
            effect: EntryEffect { kind, scope },
            verdict: v,
        }
    }

    #[test]
    fn verdicts_round_trip() {
        for raw in Verdict::ALL {
            assert_eq!(Verdict::parse(raw).map(Verdict::as_str), Some(raw));
        }
        assert_eq!(Verdict::parse("maybe"), None);
    }

    #[test]
    fn nothing_judged_the_child_means_no_entries() {
        assert_eq!(answer_after_review(&[]), RegisterAnswer::None);
        let twin = judged(
            MatchClass::Possible,
            EntryKind::CustodyDeclarations,
            &[],
            Verdict::NotSameChild,
        );
        assert_eq!(answer_after_review(&[twin]), RegisterAnswer::None);
    }

    #[test]
    fn entries_judged_the_child_count_like_certain_matches() {
        let declarations = judged(
            MatchClass::Possible,
            EntryKind::CustodyDeclarations,
            &[],
            Verdict::SameChild,
        );
        assert_eq!(
            answer_after_review(&[declarations]),
            RegisterAnswer::Entries
        );
        let health = judged(
            MatchClass::Possible,
            EntryKind::CourtJointCustody,
            &[CustodyPart::Health],
            Verdict::SameChild,
        );
        assert_eq!(
            answer_after_review(&[health]),
            RegisterAnswer::Partial {
                parts: [CustodyPart::Health].into()
            }
        );
    }

    #[test]
    fn a_certain_whole_entry_excludes_a_certificate_whatever_else_is_judged() {
        let certain = judged(
            MatchClass::Match,
            EntryKind::CustodyDeclarations,
            &[],
            Verdict::SameChild,
        );
        let twin = judged(
            MatchClass::Possible,
            EntryKind::CourtJointCustody,
            &[CustodyPart::Health],
            Verdict::NotSameChild,
        );
        assert_eq!(
            answer_after_review(&[twin.clone(), certain.clone()]),
            RegisterAnswer::Entries
        );
        // Even a disputed certain match counts: the dispute is refused before, and the rule
        // holds without that refusal too.
        let disputed = Judged {
            verdict: Verdict::NotSameChild,
            ..certain
        };
        assert_eq!(
            answer_after_review(&[twin, disputed]),
            RegisterAnswer::Entries
        );
    }

    #[test]
    fn only_doubt_may_be_judged_away() {
        assert!(admissible(MatchClass::Possible, Verdict::NotSameChild));
        assert!(admissible(MatchClass::Possible, Verdict::SameChild));
        assert!(admissible(MatchClass::Match, Verdict::SameChild));
        assert!(!admissible(MatchClass::Match, Verdict::NotSameChild));
    }
}
