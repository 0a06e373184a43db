//! Timestamps and dates as the store writes them: RFC 3339 UTC text and ISO dates.

use time::format_description::well_known::Rfc3339;
use time::{Date, OffsetDateTime, UtcOffset};

use crate::StoreError;

/// Fixed width (nine fractional digits, `Z`), so that text order is time order on both
/// backends.
pub fn ts(at: OffsetDateTime) -> String {
    let format = time::macros::format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:9]Z"
    );
    at.to_offset(UtcOffset::UTC)
        .format(&format)
        .unwrap_or_default()
}

pub fn parse_ts(text: &str) -> Result<OffsetDateTime, StoreError> {
    OffsetDateTime::parse(text, &Rfc3339).map_err(|e| StoreError::Corrupt(e.to_string()))
}

pub fn day(date: Date) -> String {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    date.format(&format).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn timestamps_sort_as_text_in_time_order() {
        let whole = datetime!(2026-11-29 10:00:00 UTC);
        let half = datetime!(2026-11-29 10:00:00.5 UTC);
        assert!(ts(whole) < ts(half), "{} {}", ts(whole), ts(half));
        assert_eq!(parse_ts(&ts(half)).unwrap(), half);
        assert_eq!(ts(whole).len(), ts(half).len());
    }
}
