//! Reading comma-separated text into rows that know their line number, and finding columns by
//! their header name. Public for the other CSV imports of the platform (the register import
//! reads semicolon-separated text with [`rows_separated_by`]).
//!
//! This module knows CSV, not what the files mean: it strips a byte-order mark, splits quoted
//! fields and trims them. Column counts are checked by the callers, which know what to expect.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::hash::Hash;

use csv::{ReaderBuilder, StringRecord};

use crate::error::LineError;

/// One record of a CSV text.
#[derive(Debug)]
pub struct Row {
    /// 1-based line the record starts on.
    pub line: usize,
    record: StringRecord,
}

impl Row {
    pub fn len(&self) -> usize {
        self.record.len()
    }

    /// Never true for a row the reader returns (blank lines are skipped); for completeness.
    pub fn is_empty(&self) -> bool {
        self.record.is_empty()
    }

    /// The field at `index`, without surrounding spaces; empty if the row is too short.
    pub fn field(&self, index: usize) -> &str {
        self.record.get(index).map(str::trim).unwrap_or_default()
    }
}

/// The records of comma-separated `text`, in order. A byte-order mark at the start is ignored,
/// and so are blank lines. The iterator ends after the first record the CSV reader itself
/// cannot read.
pub(crate) fn rows(text: &str) -> impl Iterator<Item = Result<Row, LineError>> + '_ {
    rows_separated_by(text, b',')
}

/// [`rows`] of text whose fields are separated by `delimiter` (e.g. `b';'`).
pub fn rows_separated_by(
    text: &str,
    delimiter: u8,
) -> impl Iterator<Item = Result<Row, LineError>> + '_ {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut records = ReaderBuilder::new()
        .has_headers(false)
        .delimiter(delimiter)
        // Rows of the wrong length are reported by the caller with the expected count.
        .flexible(true)
        .from_reader(text.as_bytes())
        .into_records();
    let mut lines = LineCounter::new(text);
    let mut failed = false;
    std::iter::from_fn(move || {
        if failed {
            return None;
        }
        match records.next()? {
            Ok(record) => Some(Ok(Row {
                line: lines.line_at(record.position()),
                record,
            })),
            Err(error) => {
                failed = true;
                Some(Err(LineError::new(
                    lines.line_at(error.position()),
                    format!("unreadable CSV: {error}"),
                )))
            }
        }
    })
}

/// Turns the reader's record positions into the lines records start on.
///
/// The reader's own line count puts a record after blank lines on the first blank line, so we
/// count ourselves: from the byte offset it reports, skip the line ends, then count the line
/// ends before that point. Records come in order, so counting resumes where it stopped.
struct LineCounter<'a> {
    text: &'a [u8],
    offset: usize,
    line: usize,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> LineCounter<'a> {
        LineCounter {
            text: text.as_bytes(),
            offset: 0,
            line: 1,
        }
    }

    fn line_at(&mut self, position: Option<&csv::Position>) -> usize {
        let Some(mut start) = position.and_then(|p| usize::try_from(p.byte()).ok()) else {
            return self.line;
        };
        while matches!(self.text.get(start), Some(b'\n' | b'\r')) {
            start += 1;
        }
        if let Some(skipped) = self.text.get(self.offset..start) {
            self.line += skipped.iter().filter(|&&b| b == b'\n').count();
            self.offset = start;
        }
        self.line
    }
}

/// Finds the columns named in `wanted` in a header row, in the order asked for.
///
/// Errors name every missing column at once.
pub(crate) fn locate<const N: usize>(
    header: &Row,
    wanted: [&str; N],
) -> Result<[usize; N], LineError> {
    let mut found = [0; N];
    let mut missing = Vec::new();
    for (slot, name) in found.iter_mut().zip(wanted) {
        match (0..header.len()).find(|&index| header.field(index) == name) {
            Some(index) => *slot = index,
            None => missing.push(name),
        }
    }
    if missing.is_empty() {
        Ok(found)
    } else {
        Err(LineError::new(
            header.line,
            format!("header lacks the column(s) {}", missing.join(", ")),
        ))
    }
}

/// Records that `key` is on `line`; if it was seen before, the line it was first seen on.
pub fn first_line<K: Hash + Eq>(
    lines: &mut HashMap<K, usize>,
    key: K,
    line: usize,
) -> Option<usize> {
    match lines.entry(key) {
        Entry::Occupied(first) => Some(*first.get()),
        Entry::Vacant(slot) => {
            slot.insert(line);
            None
        }
    }
}

/// The message for a row whose field count differs from the header's.
pub fn wrong_count(expected: usize, found: usize) -> String {
    format!("expected {expected} fields as in the header, found {found}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_rows(text: &str) -> Vec<Row> {
        rows(text)
            .collect::<Result<Vec<_>, _>>()
            .expect("test text is valid CSV")
    }

    #[test]
    fn strips_the_byte_order_mark_and_trims_fields() {
        let rows = all_rows("\u{feff}a,b\n 1 ,\" x, y \"\n");
        assert_eq!(rows[0].field(0), "a");
        assert_eq!(rows[1].field(0), "1");
        assert_eq!(rows[1].field(1), "x, y");
        assert_eq!(rows[1].len(), 2);
        assert_eq!(rows[1].field(7), "");
    }

    #[test]
    fn line_numbers_count_blank_lines_and_quoted_newlines() {
        let rows = all_rows("h\n\n\"two\nlines\"\nlast");
        let lines: Vec<usize> = rows.iter().map(|row| row.line).collect();
        assert_eq!(lines, [1, 3, 5]);
        assert_eq!(rows[2].field(0), "last");
    }

    #[test]
    fn semicolons_separate_when_asked_and_commas_stay_in_fields() {
        let rows: Vec<Row> = rows_separated_by("a;b\n1,5;\"x; y\"\n", b';')
            .collect::<Result<_, _>>()
            .expect("test text is valid CSV");
        assert_eq!(rows[1].field(0), "1,5");
        assert_eq!(rows[1].field(1), "x; y");
        assert_eq!(rows[1].line, 2);
    }

    #[test]
    fn locate_reports_all_missing_columns() {
        let rows = all_rows("ags,name,plz\n");
        assert_eq!(locate(&rows[0], ["plz", "ags"]), Ok([2, 0]));
        let error = locate(&rows[0], ["ags", "ort", "x"]).expect_err("columns are missing");
        assert_eq!(error.line, 1);
        assert!(error.message.contains("ort, x"), "{}", error.message);
    }
}
