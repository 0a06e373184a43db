//! The postal-code file (`osm_id,ags,ort,plz,landkreis,bundesland`, one row per municipality
//! and postal code): which postal codes lie in which municipality.
//!
//! The file comes from OpenStreetMap, not from Destatis, so the two sources can disagree about
//! a few municipalities (mergers between their cut-off dates). Such rows are skipped and reported,
//! not fatal; a file where many rows disagree is rejected, since it is most likely the wrong file.

use std::collections::{BTreeSet, HashSet};

use domain::{Ags, PostalCode};

use crate::csv_util::{locate, rows, wrong_count};
use crate::error::{Collector, ImportError, LineError};

/// The name [`ImportError::file`] gives this input.
pub const FILE: &str = "postal_codes";

/// Which postal codes lie in which municipality: sorted, without duplicates.
pub type PostalCodePairs = Vec<(PostalCode, Ags)>;

/// Up to this many rows with an unknown municipality are skipped however small the file is.
const SKIPS_ALWAYS_TOLERATED: usize = 20;

/// Beyond [`SKIPS_ALWAYS_TOLERATED`], at most one row in this many may be skipped.
const SKIPS_TOLERATED_ONE_IN: usize = 100;

/// Parses the postal-code file into sorted, deduplicated (postal code, AGS) pairs.
///
/// Returns the pairs and the rows that were skipped because their AGS is not in `known` (the
/// municipalities of the Destatis directory), each with its line and reason. Rows with a bad AGS,
/// a bad postal code or a different number of fields than the header are errors, and so is a
/// file without rows, or one where more than 20 rows and more than 1 % of the rows name unknown
/// municipalities.
pub fn parse_postal_codes(
    text: &str,
    known: &HashSet<Ags>,
) -> Result<(PostalCodePairs, Vec<LineError>), ImportError> {
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
    let [ags_column, plz_column] =
        locate(&header, ["ags", "plz"]).map_err(|error| ImportError::single(FILE, error))?;
    let place_column = locate(&header, ["ort"]).ok().map(|[column]| column);
    let count = header.len();

    let mut errors = Collector::default();
    let mut pairs = BTreeSet::new();
    let mut skipped = Vec::new();
    let mut data_rows = 0;

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
        data_rows += 1;
        if row.len() != count {
            errors.push(row.line, wrong_count(count, row.len()));
            continue;
        }
        let raw_ags = row.field(ags_column);
        let raw_plz = row.field(plz_column);
        let ags = Ags::parse(raw_ags).map_err(|_| format!("bad AGS {raw_ags:?}"));
        let plz = PostalCode::parse(raw_plz).map_err(|_| format!("bad postal code {raw_plz:?}"));
        match (ags, plz) {
            (Ok(ags), Ok(_)) if !known.contains(&ags) => {
                let place = place_column
                    .map(|column| row.field(column))
                    .unwrap_or_default();
                skipped.push(LineError::new(
                    row.line,
                    format!("municipality {ags} {place:?} is not in the municipality directory; row skipped"),
                ));
            }
            (Ok(ags), Ok(plz)) => {
                pairs.insert((plz, ags));
            }
            (ags, plz) => {
                for message in [ags.err(), plz.err()].into_iter().flatten() {
                    errors.push(row.line, message);
                }
            }
        }
    }

    if data_rows == 0 {
        errors.push(header.line, "the file contains no postal codes");
    }
    let tolerated = SKIPS_ALWAYS_TOLERATED.max(data_rows / SKIPS_TOLERATED_ONE_IN);
    if skipped.len() > tolerated {
        errors.push(
            header.line,
            format!(
                "{} of {data_rows} rows name municipalities that are not in the municipality \
                 directory (at most {tolerated} are tolerated); is this the right file?",
                skipped.len()
            ),
        );
        for row in &skipped {
            errors.push(row.line, row.message.clone());
        }
    }

    errors.finish(FILE, (pairs.into_iter().collect(), skipped))
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "osm_id,ags,ort,plz,landkreis,bundesland\n";

    fn known(keys: &[&str]) -> HashSet<Ags> {
        keys.iter()
            .map(|key| Ags::parse(key).expect("test key is valid"))
            .collect()
    }

    fn pair(plz: &str, ags: &str) -> (PostalCode, Ags) {
        (
            PostalCode::parse(plz).expect("test code is valid"),
            Ags::parse(ags).expect("test key is valid"),
        )
    }

    fn lines(error: &ImportError) -> Vec<usize> {
        error.errors.iter().map(|e| e.line).collect()
    }

    #[test]
    fn pairs_are_sorted_and_deduplicated() {
        let text = format!(
            "{HEADER}62559,04011000,Bremen,28195,,Bremen\n\
             62718,04012000,Bremerhaven,27568,,Bremen\n\
             62559,04011000,Bremen,27568,,Bremen\n\
             62559,04011000,Bremen,28195,,Bremen\n"
        );
        let (pairs, skipped) =
            parse_postal_codes(&text, &known(&["04011000", "04012000"])).expect("valid file");
        assert_eq!(
            pairs,
            [
                pair("27568", "04011000"),
                pair("27568", "04012000"),
                pair("28195", "04011000"),
            ]
        );
        assert!(skipped.is_empty());
    }

    #[test]
    fn unknown_municipalities_are_skipped_with_their_line() {
        let text = format!(
            "{HEADER}62559,04011000,Bremen,28195,,Bremen\n\
             2836719,16063094,Moorgrund,36433,Wartburgkreis,Thüringen\n"
        );
        let (pairs, skipped) =
            parse_postal_codes(&text, &known(&["04011000"])).expect("one skip is tolerated");
        assert_eq!(pairs, [pair("28195", "04011000")]);
        assert_eq!(skipped.len(), 1);
        assert_eq!(skipped[0].line, 3);
        assert!(
            skipped[0].message.contains("16063094 \"Moorgrund\""),
            "{}",
            skipped[0].message
        );
    }

    #[test]
    fn many_unknown_municipalities_reject_the_file() {
        let mut text = HEADER.to_owned();
        for n in 0..30 {
            text.push_str(&format!("1,0301{n:04},Ort,28195,,\n"));
        }
        let error = parse_postal_codes(&text, &known(&["04011000"])).expect_err("wrong file");
        assert_eq!(error.file, FILE);
        assert_eq!(error.errors[0].line, 1);
        assert!(
            error.errors[0].message.contains("30 of 30 rows"),
            "{}",
            error.errors[0].message
        );
        assert_eq!(error.errors.len(), 31);
    }

    #[test]
    fn malformed_rows_are_errors_with_their_lines() {
        let text = format!(
            "{HEADER}62559,04011000,Bremen,28195,,Bremen\n\
             1,0401100,Bremen,28195,,Bremen\n\
             1,04011000,Bremen,2819,,Bremen\n\
             1,04011000,Bremen,28195,Bremen\n\
             1,x,Bremen,y,,Bremen\n"
        );
        let error = parse_postal_codes(&text, &known(&["04011000"])).expect_err("malformed");
        assert_eq!(lines(&error), [3, 4, 5, 6, 6]);
        assert!(error.errors[0].message.contains("bad AGS"));
        assert!(error.errors[1].message.contains("bad postal code"));
        assert!(error.errors[2].message.contains("expected 6 fields"));
    }

    #[test]
    fn empty_files_and_missing_columns_are_errors() {
        let known = known(&["04011000"]);
        let empty = parse_postal_codes("", &known).expect_err("empty");
        assert_eq!(lines(&empty), [1]);
        let no_rows = parse_postal_codes(HEADER, &known).expect_err("no rows");
        assert!(no_rows.errors[0].message.contains("no postal codes"));
        let no_plz = parse_postal_codes("ags,ort\n04011000,Bremen\n", &known).expect_err("no plz");
        assert!(no_plz.errors[0].message.contains("plz"));
    }
}
