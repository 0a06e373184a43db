//! Birth dates: uniform draws over a range, day/month swaps, one-digit slips, and age.

use time::{Date, Month};

use crate::rng::Rng;

/// A date drawn uniformly from `first..=last`.
pub fn uniform(rng: &mut Rng, first: Date, last: Date) -> Date {
    let day = rng.range_i64(
        i64::from(first.to_julian_day()),
        i64::from(last.to_julian_day()),
    );
    // In range by construction: both ends are valid julian days.
    Date::from_julian_day(day as i32).unwrap_or(first)
}

/// The date with day and month exchanged (03.11. → 11.03.), when that is a valid, different date.
pub fn day_month_swap(date: Date) -> Option<Date> {
    let (day, month) = (date.day(), u8::from(date.month()));
    if day == month {
        return None;
    }
    let new_month = Month::try_from(day).ok()?;
    Date::from_calendar_date(date.year(), new_month, month).ok()
}

/// The date written as `YYYYMMDD`.
pub fn yyyymmdd(date: Date) -> String {
    format!(
        "{:04}{:02}{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

/// Every valid date whose `YYYYMMDD` form differs from `date`'s in exactly one digit.
pub fn one_digit_slips(date: Date) -> Vec<Date> {
    let written: Vec<u8> = yyyymmdd(date).into_bytes();
    let mut slips = Vec::new();
    for position in 0..written.len() {
        for digit in b'0'..=b'9' {
            if digit == written[position] {
                continue;
            }
            let mut changed = written.clone();
            changed[position] = digit;
            if let Some(slipped) = parse_yyyymmdd(&changed) {
                slips.push(slipped);
            }
        }
    }
    slips
}

fn parse_yyyymmdd(digits: &[u8]) -> Option<Date> {
    let number = |range: std::ops::Range<usize>| -> u32 {
        digits[range]
            .iter()
            .fold(0, |acc, d| acc * 10 + u32::from(d - b'0'))
    };
    let year = i32::try_from(number(0..4)).ok()?;
    let month = Month::try_from(u8::try_from(number(4..6)).ok()?).ok()?;
    let day = u8::try_from(number(6..8)).ok()?;
    Date::from_calendar_date(year, month, day).ok()
}

/// Whether a child born on `birth` is still a minor on `today` (born today counts; the 18th
/// birthday itself does not). A 29 February child comes of age on 1 March in common years.
pub fn is_minor(birth: Date, today: Date) -> bool {
    if birth > today {
        return false;
    }
    let year = birth.year() + 18;
    let coming_of_age = Date::from_calendar_date(year, birth.month(), birth.day())
        .or_else(|_| Date::from_calendar_date(year, Month::March, 1));
    match coming_of_age {
        Ok(day) => today < day,
        Err(_) => false,
    }
}

/// A date `days` after (negative: before) `date`, if representable.
pub fn shift(date: Date, days: i64) -> Option<Date> {
    date.checked_add(time::Duration::days(days))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn swaps_only_when_valid_and_different() {
        assert_eq!(
            day_month_swap(date!(2015 - 11 - 03)),
            Some(date!(2015 - 03 - 11))
        );
        assert_eq!(day_month_swap(date!(2015 - 05 - 05)), None);
        assert_eq!(day_month_swap(date!(2015 - 05 - 13)), None);
    }

    #[test]
    fn one_digit_slips_differ_in_one_digit() {
        let date = date!(2016 - 02 - 28);
        let slips = one_digit_slips(date);
        assert!(slips.contains(&date!(2016 - 02 - 29)));
        assert!(slips.contains(&date!(2016 - 12 - 28)) && slips.contains(&date!(2026 - 02 - 28)));
        assert!(!slips.contains(&date!(2017 - 03 - 28)) && !slips.contains(&date));
        for slip in &slips {
            let differing = yyyymmdd(*slip)
                .bytes()
                .zip(yyyymmdd(date).bytes())
                .filter(|(a, b)| a != b)
                .count();
            assert_eq!(differing, 1, "{slip}");
        }
    }

    #[test]
    fn minority_ends_on_eighteenth_birthday() {
        let birth = date!(2008 - 06 - 15);
        assert!(is_minor(birth, date!(2026 - 06 - 14)));
        assert!(!is_minor(birth, date!(2026 - 06 - 15)));
        assert!(is_minor(date!(2008 - 02 - 29), date!(2026 - 02 - 28)));
        assert!(!is_minor(date!(2008 - 02 - 29), date!(2026 - 03 - 01)));
        assert!(!is_minor(date!(2027 - 01 - 01), date!(2026 - 01 - 01)));
    }
}
