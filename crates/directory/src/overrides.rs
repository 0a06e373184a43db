//! Towns that keep their own Jugendamt instead of being served by their district's.
//!
//! Our own small CSV format, maintained by hand: a header `ags,office_name` and one row per
//! town, e.g. `03359012,Jugendamt Stade`. This module parses the file; [`crate::build`] checks
//! the towns against the municipality directory and reroutes them.

use std::collections::HashMap;

use domain::Ags;

use crate::csv_util::{first_line, rows, wrong_count};
use crate::error::{Collector, ImportError, LineError};

/// The name [`ImportError::file`] gives this input.
pub const FILE: &str = "overrides";

const HEADER: [&str; 2] = ["ags", "office_name"];

/// A town that keeps its own Jugendamt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Override {
    pub ags: Ags,
    /// The office's name as it should be shown, taken verbatim.
    pub office_name: String,
}

/// Parses the overrides file. The header is required; a file with only the header means no
/// overrides. Bad AGS, empty names, duplicate towns and rows without exactly two fields are
/// errors with their lines.
pub fn parse_overrides(text: &str) -> Result<Vec<Override>, ImportError> {
    parse_with_lines(text).map(|rows| rows.into_iter().map(|(_, row)| row).collect())
}

/// Like [`parse_overrides`], keeping each override's line for later checks.
pub(crate) fn parse_with_lines(text: &str) -> Result<Vec<(usize, Override)>, ImportError> {
    let mut rows = rows(text);
    let header = match rows.next() {
        Some(Ok(header)) => header,
        Some(Err(error)) => return Err(ImportError::single(FILE, error)),
        None => {
            return Err(ImportError::single(
                FILE,
                LineError::new(1, "the file is empty"),
            ));
        }
    };
    let found: Vec<&str> = (0..header.len()).map(|index| header.field(index)).collect();
    if found != HEADER {
        let message = format!(
            "the header must be `ags,office_name`, found `{}`",
            found.join(",")
        );
        return Err(ImportError::single(
            FILE,
            LineError::new(header.line, message),
        ));
    }

    let mut errors = Collector::default();
    let mut overrides = Vec::new();
    let mut lines: HashMap<Ags, usize> = HashMap::new();
    for row in rows {
        if errors.is_full() {
            break;
        }
        let row = match row {
            Ok(row) => row,
            Err(error) => {
                errors.push(error.line, error.message);
                break;
            }
        };
        if row.len() != HEADER.len() {
            errors.push(row.line, wrong_count(HEADER.len(), row.len()));
            continue;
        }
        let raw = row.field(0);
        let name = row.field(1);
        let ags = Ags::parse(raw);
        if ags.is_err() {
            errors.push(row.line, format!("bad AGS {raw:?}"));
        }
        if name.is_empty() {
            errors.push(row.line, "empty office name");
        }
        let Ok(ags) = ags else { continue };
        if let Some(first) = first_line(&mut lines, ags, row.line) {
            errors.push(
                row.line,
                format!("duplicate AGS {ags} (first on line {first})"),
            );
        } else if !name.is_empty() {
            let office_name = name.to_owned();
            overrides.push((row.line, Override { ags, office_name }));
        }
    }
    errors.finish(FILE, overrides)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_rows_with_quoted_names() {
        let text = "\u{feff}ags,office_name\n03359012,\"Jugendamt Stade, Hansestadt\"\n\n03352011,Jugendamt Cuxhaven\n";
        let overrides = parse_overrides(text).expect("valid file");
        assert_eq!(overrides.len(), 2);
        assert_eq!(overrides[0].ags.as_str(), "03359012");
        assert_eq!(overrides[0].office_name, "Jugendamt Stade, Hansestadt");
        assert_eq!(overrides[1].office_name, "Jugendamt Cuxhaven");
        assert_eq!(
            parse_with_lines(text).expect("valid file")[1].0,
            4,
            "lines count the blank line"
        );
    }

    #[test]
    fn header_only_means_no_overrides() {
        assert_eq!(parse_overrides("ags,office_name\n"), Ok(Vec::new()));
    }

    #[test]
    fn a_wrong_header_is_rejected() {
        for text in ["", "ags\n", "office_name,ags\n03352011,X\n"] {
            let error = parse_overrides(text).expect_err(text);
            assert_eq!(error.file, FILE);
            assert_eq!(error.errors[0].line, 1);
        }
    }

    #[test]
    fn bad_rows_are_reported_with_their_lines() {
        let text = "ags,office_name\n\
                    0335201,Jugendamt A\n\
                    03352011,\n\
                    03352011,Jugendamt B\n\
                    03352011,Jugendamt C\n\
                    03352012,Jugendamt D,extra\n";
        let error = parse_overrides(text).expect_err("bad rows");
        let found: Vec<(usize, &str)> = error
            .errors
            .iter()
            .map(|e| (e.line, e.message.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (2, "bad AGS \"0335201\""),
                (3, "empty office name"),
                (4, "duplicate AGS 03352011 (first on line 3)"),
                (5, "duplicate AGS 03352011 (first on line 3)"),
                (6, "expected 2 fields as in the header, found 3"),
            ]
        );
    }
}
