//! `sorgeregister register import`: taking over an office's existing register from a CSV file
//! (the format is `register_csv`'s), whole or not at all.
//!
//! Every row is checked before anything is written: the notification as the API checks it,
//! then what needs the whole file or the database — a `kennung` used twice, a birthplace that
//! belongs to another register office, an entry imported before with other content. Any
//! problem, and nothing is imported; otherwise all new entries go in with one transaction and
//! one audit record ([`Store::import_entries`]). The entry id is derived from the office and
//! the `kennung`, so a file imported again adds only its new rows.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

use directory::csv_util::{first_line, rows_separated_by, wrong_count};
use domain::application::BirthPlace;
use domain::register::Notification;
use domain::{Ags, OfficeId};
use pipeline::SubmitError;
use store::{Actor, Store};

use crate::register_csv::{self, Column, DELIMITER, Header};

/// Largest file accepted (2 GiB).
pub const MAX_FILE_BYTES: u64 = 2 << 30;
/// Most data rows accepted; the largest registers hold a few hundred thousand entries.
pub const MAX_ROWS: usize = 5_000_000;
/// Rows compared with the register at a time (each slice is one audited read).
const COMPARE_SLICE: usize = 100_000;

/// One problem in one line of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineProblem {
    /// 1-based line the row starts on.
    pub line: usize,
    /// The column's header name, or `-` for the row as a whole.
    pub column: &'static str,
    pub message: String,
}

/// What an import found and did.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Data rows read (without the header).
    pub rows: usize,
    /// Every problem, ordered by line.
    pub problems: Vec<LineProblem>,
    /// Valid rows that are not in the register yet.
    pub new_entries: usize,
    /// Rows imported before, with the same content: skipped.
    pub already_there: usize,
    /// Entries written; `None` when nothing was written (dry run, or problems).
    pub imported: Option<usize>,
    pub seconds: f64,
}

impl Report {
    /// Lines that have at least one problem.
    pub fn bad_lines(&self) -> usize {
        let mut lines: Vec<usize> = self.problems.iter().map(|p| p.line).collect();
        lines.dedup();
        lines.len()
    }

    /// Every problem on its own line, then a summary line.
    pub fn text(&self, file: &Path, office: &OfficeId, dry_run: bool) -> String {
        let mut out = String::new();
        for p in &self.problems {
            let _ = writeln!(out, "line {}, {}: {}", p.line, p.column, p.message);
        }
        let _ = write!(
            out,
            "{}: {} rows read, {} bad lines ({} problems); {} new entries, {} imported before and skipped",
            file.display(),
            self.rows,
            self.bad_lines(),
            self.problems.len(),
            self.new_entries,
            self.already_there,
        );
        match self.imported {
            Some(count) => {
                let _ = write!(
                    out,
                    "\nimported {count} entries into the register of {office} in {:.2} s",
                    self.seconds
                );
            }
            None if dry_run && self.problems.is_empty() => {
                let _ = write!(out, "\ndry run: the file is valid; nothing was imported");
            }
            None => {}
        }
        out
    }
}

/// The id of the entry for an office's `kennung`: the same pair always gives the same id.
pub fn entry_id(office: &OfficeId, kennung: &str) -> String {
    let digest = Sha256::new()
        .chain_update(b"sorgeregister register import\0")
        .chain_update(office.as_str().as_bytes())
        .chain_update(b"\0")
        .chain_update(kennung.as_bytes())
        .finalize();
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Builder::from_custom_bytes(bytes)
        .into_uuid()
        .to_string()
}

/// A valid row waiting for the checks against the directory and the register.
struct Row {
    line: usize,
    kennung: String,
    notification: Notification,
}

/// Reads and checks `file` for `office`'s register, and unless `dry_run` imports it when it is
/// clean. Problems in the file are in the report; an `Err` means the import could not run.
pub async fn run(store: &Store, office: &OfficeId, file: &Path, dry_run: bool) -> Result<Report> {
    let started = Instant::now();
    let now = OffsetDateTime::now_utc();
    let actor = Actor::system("register-import");
    let size = std::fs::metadata(file)
        .with_context(|| format!("cannot read {}", file.display()))?
        .len();
    if size > MAX_FILE_BYTES {
        bail!(
            "{} has {size} bytes, more than the 2 GiB an import takes; split it",
            file.display()
        );
    }
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        anyhow::anyhow!(
            "{}: line {line} is not UTF-8 text; save the file as UTF-8",
            file.display()
        )
    })?;
    if store.office(office).await?.is_none() {
        bail!("office {office} is not in the directory");
    }

    let mut report = Report::default();
    let rows = read_rows(&text, now.date(), &mut report);
    drop(text);
    let rows = check_register_office(store, office, rows, &mut report).await?;
    let new = skip_imported(store, &actor, now, office, rows, &mut report).await?;
    report.problems.sort_by_key(|p| p.line);
    report.new_entries = new.len();
    if report.problems.is_empty() && !dry_run {
        report.imported = Some(if new.is_empty() {
            0
        } else {
            store.import_entries(&actor, now, office, &new).await?
        });
    }
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

/// The valid rows of the file; every problem of a row, and any `kennung` used twice, goes to
/// the report.
fn read_rows(text: &str, today: time::Date, report: &mut Report) -> Vec<Row> {
    let mut records = rows_separated_by(text, DELIMITER);
    let header = match records.next() {
        None => {
            report.problems.push(LineProblem {
                line: 1,
                column: "-",
                message: "the file is empty; it needs a header row".to_owned(),
            });
            return Vec::new();
        }
        Some(Err(error)) => {
            report.problems.push(LineProblem {
                line: error.line,
                column: "-",
                message: error.message,
            });
            return Vec::new();
        }
        Some(Ok(row)) => match Header::parse(&row) {
            Ok(header) => header,
            Err(problems) => {
                for message in problems {
                    report.problems.push(LineProblem {
                        line: row.line,
                        column: "-",
                        message,
                    });
                }
                return Vec::new();
            }
        },
    };
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut valid = Vec::new();
    for record in records {
        let row = match record {
            Ok(row) => row,
            Err(error) => {
                report.problems.push(LineProblem {
                    line: error.line,
                    column: "-",
                    message: error.message,
                });
                break;
            }
        };
        report.rows += 1;
        if report.rows > MAX_ROWS {
            report.problems.push(LineProblem {
                line: row.line,
                column: "-",
                message: format!("more than {MAX_ROWS} rows; split the file"),
            });
            break;
        }
        if row.len() != header.width {
            report.problems.push(LineProblem {
                line: row.line,
                column: "-",
                message: wrong_count(header.width, row.len()),
            });
            continue;
        }
        let parsed = register_csv::parse_row(&header, &row, today);
        let mut duplicate = false;
        if let Some(kennung) = &parsed.kennung
            && let Some(first) = first_line(&mut seen, kennung.clone(), row.line)
        {
            duplicate = true;
            report.problems.push(LineProblem {
                line: row.line,
                column: Column::Kennung.name(),
                message: format!("{kennung:?} is used on line {first} already"),
            });
        }
        match (parsed.notification, parsed.kennung) {
            (Ok(notification), Some(kennung)) if !duplicate => valid.push(Row {
                line: row.line,
                kennung,
                notification,
            }),
            (Ok(_), _) => {}
            (Err(problems), _) => {
                report
                    .problems
                    .extend(problems.into_iter().map(|p| LineProblem {
                        line: row.line,
                        column: p.column,
                        message: p.message,
                    }));
            }
        }
    }
    valid
}

/// Keeps the rows whose child was born in `office`'s area (Berlin's for births abroad), as the
/// API routes a notification; the directory is asked once per municipality.
async fn check_register_office(
    store: &Store,
    office: &OfficeId,
    rows: Vec<Row>,
    report: &mut Report,
) -> Result<Vec<Row>> {
    let mut offices: HashMap<Option<Ags>, Result<(OfficeId, String), String>> = HashMap::new();
    let mut kept = Vec::with_capacity(rows.len());
    for row in rows {
        let place = &row.notification.child.birth_place;
        let (key, column) = match place {
            BirthPlace::Municipality(ags) => (Some(*ags), Column::GeburtsortAgs),
            BirthPlace::Abroad { .. } => (None, Column::Geburtsland),
        };
        let found = match offices.entry(key) {
            Entry::Occupied(known) => known.into_mut(),
            Entry::Vacant(slot) => slot.insert(
                match pipeline::register_office(store, place, column.name()).await {
                    Ok(record) => Ok((record.id, record.name)),
                    Err(SubmitError::Invalid(errors)) => Err(errors
                        .first()
                        .map(|e| web::problem_message(&e.problem, web::Lang::En))
                        .unwrap_or_default()),
                    Err(other) => {
                        return Err(other).context("cannot look up the register office");
                    }
                },
            ),
        };
        match found {
            Ok((id, _)) if id == office => kept.push(row),
            Ok((id, name)) => report.problems.push(LineProblem {
                line: row.line,
                column: column.name(),
                message: format!(
                    "the child's birthplace belongs to the register of {id} ({name}), not {office}"
                ),
            }),
            Err(message) => report.problems.push(LineProblem {
                line: row.line,
                column: column.name(),
                message: message.clone(),
            }),
        }
    }
    Ok(kept)
}

/// The rows not imported before. A row imported before with the same content is skipped; one
/// whose entry holds other content (or belongs to another register) is a problem.
async fn skip_imported(
    store: &Store,
    actor: &Actor,
    now: OffsetDateTime,
    office: &OfficeId,
    rows: Vec<Row>,
    report: &mut Report,
) -> Result<Vec<(String, Notification)>> {
    let mut new = Vec::with_capacity(rows.len());
    let mut rows = rows.into_iter().peekable();
    // In slices, so that the entries read back never take as much memory as the file's.
    while rows.peek().is_some() {
        let slice: Vec<Row> = rows.by_ref().take(COMPARE_SLICE).collect();
        let ids: Vec<String> = slice.iter().map(|r| entry_id(office, &r.kennung)).collect();
        let existing: HashMap<String, (OfficeId, Notification)> = store
            .first_versions(actor, now, office, &ids)
            .await?
            .into_iter()
            .map(|(id, keeper, first)| (id, (keeper, first)))
            .collect();
        for (row, id) in slice.into_iter().zip(ids) {
            match existing.get(&id) {
                None => new.push((id, row.notification)),
                Some((keeper, first)) if keeper == office && *first == row.notification => {
                    report.already_there += 1;
                }
                Some((keeper, _)) if keeper != office => report.problems.push(LineProblem {
                    line: row.line,
                    column: Column::Kennung.name(),
                    message: format!("entry {id} belongs to the register of {keeper}"),
                }),
                Some(_) => report.problems.push(LineProblem {
                    line: row.line,
                    column: Column::Kennung.name(),
                    message: format!(
                        "{:?} was imported before with other content (entry {id}); correct that entry instead",
                        row.kennung
                    ),
                }),
            }
        }
    }
    Ok(new)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    #[test]
    fn entry_ids_are_uuids_fixed_by_office_and_kennung() {
        let cuxhaven = OfficeId::parse("ja-03352").unwrap();
        let bremen = OfficeId::parse("ja-04011").unwrap();
        let id = entry_id(&cuxhaven, "SR-1");
        assert_eq!(id, entry_id(&cuxhaven, "SR-1"));
        assert_ne!(id, entry_id(&cuxhaven, "SR-2"));
        assert_ne!(id, entry_id(&bremen, "SR-1"));
        assert_eq!(uuid::Uuid::parse_str(&id).unwrap().to_string(), id);
    }

    #[test]
    fn rows_are_read_with_duplicates_and_short_rows_reported() {
        let text = format!(
            "kennung;art;umfang;kind_vornamen;kind_familienname;kind_geburtsdatum;\
             geburtsort_ags;mutter_vornamen;mutter_familienname;wirksam_ab;quelle_art;\
             quelle_name;quelle_aktenzeichen\n\
             {row}\n\n{row}\n1;short\n",
            row = "A1;court_custody_withdrawn;whole;Mila;Schulz;2019-01-02;03352011;Jana;\
                   Schulz;2020-01-01;youth_office;Jugendamt Landkreis Cuxhaven;SB 4/2020"
        );
        let mut report = Report::default();
        let rows = read_rows(&text, time::macros::date!(2026 - 01 - 01), &mut report);
        assert_eq!(rows.len(), 1);
        assert_eq!(report.rows, 3);
        let found: Vec<(usize, &str)> =
            report.problems.iter().map(|p| (p.line, p.column)).collect();
        assert_eq!(found, [(4, "kennung"), (5, "-")]);
        assert!(report.problems[0].message.contains("line 2"));
    }
}
