//! German civil time (Europe/Berlin) without a time-zone database, and the date formats printed
//! on the certificate. CET is UTC+1; CEST (UTC+2) runs from 01:00 UTC on the last Sunday of March
//! to 01:00 UTC on the last Sunday of October (the EU rule since 1996 — certificates are issued
//! now, so older rules never apply).

use time::macros::offset;
use time::{Date, Duration, Month, OffsetDateTime, Time, UtcOffset};

/// A moment as a clock in Germany shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct BerlinTime {
    pub local: OffsetDateTime,
    pub summer: bool,
}

pub(crate) fn berlin(at: OffsetDateTime) -> BerlinTime {
    let utc = at.to_offset(UtcOffset::UTC);
    let summer = match (
        switch_moment(utc.year(), Month::March),
        switch_moment(utc.year(), Month::October),
    ) {
        (Some(start), Some(end)) => start <= utc && utc < end,
        _ => false,
    };
    let offset = if summer { offset!(+2) } else { offset!(+1) };
    BerlinTime {
        // Only fails at the very edge of the representable years; UTC is then the honest answer.
        local: utc.checked_to_offset(offset).unwrap_or(utc),
        summer,
    }
}

/// 01:00 UTC on the last Sunday of `month` (March and October both have 31 days).
fn switch_moment(year: i32, month: Month) -> Option<OffsetDateTime> {
    let last_day = Date::from_calendar_date(year, month, 31).ok()?;
    let back = i64::from(last_day.weekday().number_days_from_sunday());
    let sunday = last_day.checked_sub(Duration::days(back))?;
    Some(sunday.with_time(Time::from_hms(1, 0, 0).ok()?).assume_utc())
}

/// `14.03.2024`
pub fn german_date(date: Date) -> String {
    format!(
        "{:02}.{:02}.{:04}",
        date.day(),
        u8::from(date.month()),
        date.year()
    )
}

/// `29.11.2026, 11:15:42 Uhr (MEZ)`
pub fn german_moment(at: OffsetDateTime) -> String {
    let BerlinTime { local, summer } = berlin(at);
    format!(
        "{}, {:02}:{:02}:{:02}\u{a0}Uhr ({})",
        german_date(local.date()),
        local.hour(),
        local.minute(),
        local.second(),
        if summer { "MESZ" } else { "MEZ" }
    )
}

/// `14 March 2024`
pub fn english_date(date: Date) -> String {
    format!("{} {} {:04}", date.day(), date.month(), date.year())
}

/// `29 November 2026, 11:15:42 (CET, German time)`
pub fn english_moment(at: OffsetDateTime) -> String {
    let BerlinTime { local, summer } = berlin(at);
    format!(
        "{}, {:02}:{:02}:{:02} ({}, German time)",
        english_date(local.date()),
        local.hour(),
        local.minute(),
        local.second(),
        if summer { "CEST" } else { "CET" }
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn summer_time_starts_and_ends_at_one_utc_on_the_last_sundays() {
        // 2026: 29 March and 25 October are the last Sundays.
        assert!(!berlin(datetime!(2026-03-29 00:59:59 UTC)).summer);
        assert!(berlin(datetime!(2026-03-29 01:00:00 UTC)).summer);
        assert!(berlin(datetime!(2026-10-25 00:59:59 UTC)).summer);
        assert!(!berlin(datetime!(2026-10-25 01:00:00 UTC)).summer);
        // 2027: 28 March and 31 October (the 31st itself is a Sunday).
        assert!(!berlin(datetime!(2027-03-28 00:30 UTC)).summer);
        assert!(berlin(datetime!(2027-10-31 00:30 UTC)).summer);
        assert!(!berlin(datetime!(2027-10-31 01:30 UTC)).summer);
    }

    #[test]
    fn local_clock_reading() {
        let winter = berlin(datetime!(2026-11-29 10:15:42 UTC)).local;
        assert_eq!((winter.hour(), winter.minute()), (11, 15));
        let summer = berlin(datetime!(2026-07-01 22:30 UTC)).local;
        assert_eq!((summer.date(), summer.hour()), (date!(2026 - 07 - 02), 0));
        // The input's own offset does not matter, only the instant.
        let from_offset = berlin(datetime!(2026-11-29 05:15:42 -05:00)).local;
        assert_eq!(from_offset, winter);
    }

    #[test]
    fn formats() {
        assert_eq!(german_date(date!(2024 - 03 - 14)), "14.03.2024");
        assert_eq!(english_date(date!(2024 - 03 - 04)), "4 March 2024");
        assert_eq!(
            german_moment(datetime!(2026-11-29 10:15:42 UTC)),
            "29.11.2026, 11:15:42\u{a0}Uhr (MEZ)"
        );
        assert_eq!(
            english_moment(datetime!(2026-06-01 10:00:00 UTC)),
            "1 June 2026, 12:00:00 (CEST, German time)"
        );
    }
}
