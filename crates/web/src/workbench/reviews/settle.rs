//! Settling a case from its form (`POST /amt/pruefungen/{application_id}`): the verdicts and
//! the note go to [`pipeline::Pipeline::settle_review`], which stores everything or nothing.
//! A refusal shows the case again — as the register is now — with every problem next to its
//! field and in the summary; success goes back to the case page, which shows the settlement.
//!
//! The form carries, per candidate entry, `verdict.{entry id}` (`same_child` /
//! `not_same_child`) and `version.{entry id}` (the version the reviewer saw), and `note`.

use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::http::header::HeaderMap;
use axum::response::Response;

use super::case::{self, EntryProblem, General, MAX_NOTE_CHARS, NoteProblem, Problems, Submitted};
use super::case_path;
use super::prenatal::{FIELD_PREFIX, PrenatalProblem};
use crate::AppState;
use crate::i18n::Lang;
use crate::pages::html::{page_lang, tag};
use crate::workbench::session::{Staff, StaffForm};
use crate::workbench::{casework, page};
use domain::review::Verdict;
use pipeline::{Judgement, PipelineError, PrenatalJudgement, ReviewError, ReviewProblem};
use store::StoreError;

/// `POST /amt/pruefungen/{application_id}`.
pub async fn submit(
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    StaffForm { staff, form }: StaffForm<Vec<(String, String)>>,
) -> Response {
    let lang = page_lang(query.as_deref(), &headers);
    let Some(id) = casework::record_id(&id) else {
        return case::not_found(lang);
    };
    if let Err(refused) = case::locate(&staff, &state, id, lang).await {
        return refused;
    }
    if let Err(refused) = casework::require(&staff, &state, "review_settle", id, lang).await {
        return refused;
    }
    let (submitted, judgements) = read(&form);
    let prenatal_judgements = read_prenatal(&form);
    let too_long = submitted.note.chars().count() > MAX_NOTE_CHARS;
    // A note too long is never stored: the pipeline is asked with no note at all, which it
    // always refuses, so that the reviewer still learns every other problem at once.
    let note = if too_long {
        ""
    } else {
        submitted.note.as_str()
    };
    let result = state
        .pipeline
        .settle_review_with_prenatal(
            &staff.actor(),
            &staff.office,
            id,
            &judgements,
            &prenatal_judgements,
            note,
        )
        .await;
    let (status, problems) = match result {
        Ok(settled) => {
            let hint = if settled.settled_now {
                "entschieden"
            } else {
                "bereits"
            };
            return page::redirect(&format!(
                "{}?lang={}&hinweis={hint}",
                case_path(id),
                tag(lang)
            ));
        }
        Err(ReviewError::Refused(found)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            problems(&found, &submitted, too_long),
        ),
        Err(ReviewError::StillInDoubt) => (
            StatusCode::CONFLICT,
            Problems {
                general: vec![General::StillInDoubt],
                ..Problems::default()
            },
        ),
        // An entry or a prenatal notification changed between the check and the write (a
        // colleague completed or corrected it): nothing was stored; the case is shown as it
        // is now.
        Err(ReviewError::Step(PipelineError::Store(StoreError::Conflict(_)))) => (
            StatusCode::CONFLICT,
            Problems {
                general: vec![General::NoLongerCandidate],
                ..Problems::default()
            },
        ),
        Err(ReviewError::NotFound(_)) => return case::not_found(lang),
        Err(ReviewError::Step(error)) => return page::failure(lang, &error),
    };
    again(&state, &staff, lang, status, id, &submitted, &problems).await
}

/// The case as it is now, with the refused answers and their problems.
async fn again(
    state: &AppState,
    staff: &Staff,
    lang: Lang,
    status: StatusCode,
    id: &str,
    submitted: &Submitted,
    problems: &Problems,
) -> Response {
    match state
        .pipeline
        .review_case(&staff.actor(), &staff.office, id)
        .await
    {
        // Settled meanwhile by someone else: their settlement stands, nothing of this form
        // was stored.
        Ok(Some(view)) if view.settlement.is_some() => page::redirect(&format!(
            "{}?lang={}&hinweis=bereits",
            case_path(id),
            tag(lang)
        )),
        Ok(Some(view)) => {
            case::render(state, staff, lang, status, &view, submitted, problems, None).await
        }
        Ok(None) => case::not_found(lang),
        Err(error) => page::failure(lang, &error),
    }
}

/// The answers of the form and the judgements they make. A verdict that is not one of the two
/// choices, or comes without the entry's version, judges nothing (the pipeline then says the
/// entry lacks a verdict).
fn read(form: &[(String, String)]) -> (Submitted, Vec<Judgement>) {
    let mut submitted = Submitted::default();
    let mut judgements = Vec::new();
    for (key, value) in form {
        if let Some(id) = key.strip_prefix(FIELD_PREFIX)
            && let Some(verdict) = Verdict::parse(value)
        {
            submitted.prenatal.entry(id.to_owned()).or_insert(verdict);
        }
        if let Some(entry_id) = key.strip_prefix("version.") {
            submitted.shown.insert(entry_id.to_owned());
        } else if key == "note" && submitted.note.is_empty() {
            submitted.note = value.clone();
        }
    }
    for (key, value) in form {
        let Some(entry_id) = key.strip_prefix("verdict.") else {
            continue;
        };
        let Some(verdict) = Verdict::parse(value) else {
            continue;
        };
        submitted
            .verdicts
            .entry(entry_id.to_owned())
            .or_insert(verdict);
        let version = form
            .iter()
            .find(|(k, _)| k.strip_prefix("version.") == Some(entry_id))
            .and_then(|(_, v)| v.trim().parse::<i64>().ok());
        if let Some(entry_version) = version {
            judgements.push(Judgement {
                entry_id: entry_id.to_owned(),
                entry_version,
                verdict,
            });
        }
    }
    (submitted, judgements)
}

/// The verdicts on prenatal notifications (`prenatal.{id}`); anything but the two choices
/// judges nothing.
fn read_prenatal(form: &[(String, String)]) -> Vec<PrenatalJudgement> {
    form.iter()
        .filter_map(|(key, value)| {
            let id = key.strip_prefix(FIELD_PREFIX)?;
            Some(PrenatalJudgement {
                prenatal_id: id.to_owned(),
                verdict: Verdict::parse(value)?,
            })
        })
        .collect()
}

/// The pipeline's problems by field.
fn problems(found: &[ReviewProblem], submitted: &Submitted, too_long: bool) -> Problems {
    let mut problems = Problems::default();
    if too_long {
        problems.note = Some(NoteProblem::TooLong);
    }
    for problem in found {
        match problem {
            ReviewProblem::NoteMissing => {
                problems.note.get_or_insert(NoteProblem::Missing);
            }
            ReviewProblem::MissingVerdict { entry_id } => {
                let new = !submitted.shown.contains(entry_id);
                problems
                    .entries
                    .insert(entry_id.clone(), EntryProblem::Missing { new });
            }
            ReviewProblem::DuplicateVerdict { entry_id }
                if submitted.prenatal.contains_key(entry_id) =>
            {
                problems
                    .prenatal
                    .insert(entry_id.clone(), PrenatalProblem::Duplicate);
            }
            ReviewProblem::DuplicateVerdict { entry_id } => {
                problems
                    .entries
                    .insert(entry_id.clone(), EntryProblem::Duplicate);
            }
            ReviewProblem::EntryChanged {
                entry_id, current, ..
            } => {
                problems.entries.insert(
                    entry_id.clone(),
                    EntryProblem::Changed { current: *current },
                );
            }
            ReviewProblem::CertainMatchDisputed { entry_id } => {
                problems
                    .entries
                    .insert(entry_id.clone(), EntryProblem::CertainDisputed);
            }
            ReviewProblem::MissingPrenatalVerdict { prenatal_id } => {
                problems
                    .prenatal
                    .insert(prenatal_id.clone(), PrenatalProblem::Missing);
            }
            ReviewProblem::NotACandidate { .. } | ReviewProblem::NotAPrenatalCandidate { .. } => {
                if !problems.general.contains(&General::NoLongerCandidate) {
                    problems.general.push(General::NoLongerCandidate);
                }
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn reads_verdicts_with_their_versions() {
        let (submitted, judgements) = read(&form(&[
            ("csrf", "x"),
            ("version.e1", "3"),
            ("verdict.e1", "not_same_child"),
            ("version.e2", "1"),
            ("verdict.e2", "maybe"),
            ("verdict.e3", "same_child"),
            ("note", "Zwilling"),
        ]));
        assert_eq!(
            judgements,
            [Judgement {
                entry_id: "e1".into(),
                entry_version: 3,
                verdict: Verdict::NotSameChild,
            }]
        );
        assert_eq!(submitted.note, "Zwilling");
        assert_eq!(submitted.verdicts.len(), 2, "e1 and e3 are shown back");
        assert!(submitted.shown.contains("e2") && !submitted.shown.contains("e3"));
    }

    #[test]
    fn a_twice_judged_entry_reaches_the_pipeline_twice() {
        let (_, judgements) = read(&form(&[
            ("version.e1", "1"),
            ("verdict.e1", "same_child"),
            ("verdict.e1", "not_same_child"),
        ]));
        assert_eq!(judgements.len(), 2);
    }

    #[test]
    fn problems_land_on_their_fields() {
        let submitted = Submitted {
            shown: ["e1".to_owned()].into(),
            ..Submitted::default()
        };
        let found = [
            ReviewProblem::NoteMissing,
            ReviewProblem::MissingVerdict {
                entry_id: "e1".into(),
            },
            ReviewProblem::MissingVerdict {
                entry_id: "e2".into(),
            },
            ReviewProblem::NotACandidate {
                entry_id: "e9".into(),
            },
        ];
        let problems = problems(&found, &submitted, true);
        assert_eq!(problems.note, Some(NoteProblem::TooLong));
        assert_eq!(
            problems.entries.get("e1"),
            Some(&EntryProblem::Missing { new: false })
        );
        assert_eq!(
            problems.entries.get("e2"),
            Some(&EntryProblem::Missing { new: true })
        );
        assert_eq!(problems.general, [General::NoLongerCandidate]);
    }
}
