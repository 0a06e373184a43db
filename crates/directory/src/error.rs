//! The crate's one error type: a rejected file, with every problem found and its line.
//!
//! Imports run in one transaction, so a file is either taken whole or not at all; the error
//! therefore lists all problems at once (up to [`MAX_ERRORS`]) so that whoever fixes the file
//! sees them together instead of one per attempt.

use std::fmt;

/// How many line errors are collected before parsing gives up on a file.
pub const MAX_ERRORS: usize = 100;

/// How many line errors `Display` shows; the rest are in [`ImportError::errors`].
const SHOWN_IN_DISPLAY: usize = 5;

/// One problem in one line of an input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    /// 1-based line number in the file (the line a record starts on).
    pub line: usize,
    pub message: String,
}

impl LineError {
    pub fn new(line: usize, message: impl Into<String>) -> LineError {
        LineError {
            line,
            message: message.into(),
        }
    }
}

impl fmt::Display for LineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// A file that was rejected as a whole.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ImportError {
    /// Which input was rejected: `municipalities`, `postal_codes` or `overrides`, named like the
    /// parameters of [`crate::build`].
    pub file: String,
    /// The problems, ordered by line.
    pub errors: Vec<LineError>,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.errors.len();
        let at_least = if count >= MAX_ERRORS { "at least " } else { "" };
        let plural = if count == 1 { "" } else { "s" };
        write!(
            f,
            "{} rejected with {at_least}{count} error{plural}",
            self.file
        )?;
        for error in self.errors.iter().take(SHOWN_IN_DISPLAY) {
            write!(f, "; {error}")?;
        }
        if count > SHOWN_IN_DISPLAY {
            write!(f, "; and {} more", count - SHOWN_IN_DISPLAY)?;
        }
        Ok(())
    }
}

impl ImportError {
    /// A file rejected for one reason.
    pub(crate) fn single(file: &str, error: LineError) -> ImportError {
        ImportError {
            file: file.to_owned(),
            errors: vec![error],
        }
    }
}

/// Collects line errors while a file is parsed, up to [`MAX_ERRORS`].
#[derive(Debug, Default)]
pub(crate) struct Collector {
    errors: Vec<LineError>,
}

impl Collector {
    pub(crate) fn push(&mut self, line: usize, message: impl Into<String>) {
        if self.errors.len() < MAX_ERRORS {
            self.errors.push(LineError::new(line, message));
        }
    }

    /// True once the cap is reached; parsers stop reading then, since nobody reads past it.
    pub(crate) fn is_full(&self) -> bool {
        self.errors.len() >= MAX_ERRORS
    }

    /// `Ok(value)` when nothing was collected, otherwise the errors sorted by line.
    pub(crate) fn finish<T>(mut self, file: &str, value: T) -> Result<T, ImportError> {
        if self.errors.is_empty() {
            return Ok(value);
        }
        self.errors.sort_by_key(|error| error.line);
        Err(ImportError {
            file: file.to_owned(),
            errors: self.errors,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_lists_the_first_errors_and_counts_the_rest() {
        let error = ImportError {
            file: "municipalities".to_owned(),
            errors: (1..=7).map(|line| LineError::new(line, "bad")).collect(),
        };
        let text = error.to_string();
        assert!(text.starts_with("municipalities rejected with 7 errors; line 1: bad"));
        assert!(text.contains("line 5: bad"));
        assert!(!text.contains("line 6"));
        assert!(text.ends_with("and 2 more"));
    }

    #[test]
    fn collector_caps_and_sorts() {
        let mut collector = Collector::default();
        for line in (1..=MAX_ERRORS + 10).rev() {
            collector.push(line, "bad");
        }
        assert!(collector.is_full());
        let Err(error) = collector.finish("x", ()) else {
            panic!("errors were collected");
        };
        assert_eq!(error.errors.len(), MAX_ERRORS);
        assert!(error.errors.windows(2).all(|w| w[0].line <= w[1].line));
    }
}
