//! How two dates of birth may be one date written wrongly: day and month swapped, one digit
//! wrong, or two neighbouring digits swapped.

use serde::Serialize;
use time::{Date, Month};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DateAgreement {
    Exact,
    DayMonthSwapped,
    OneDigit,
    DigitsSwapped,
    Different,
}

/// The date written `YYYYMMDD`, as ASCII digits.
fn digits(date: Date) -> [u8; 8] {
    let year = date.year().clamp(0, 9999) as u32;
    let (month, day) = (u32::from(u8::from(date.month())), u32::from(date.day()));
    let mut number = year * 10_000 + month * 100 + day;
    let mut out = [0u8; 8];
    for digit in out.iter_mut().rev() {
        *digit = b'0' + (number % 10) as u8;
        number /= 10;
    }
    out
}

fn from_digits(d: &[u8; 8]) -> Option<Date> {
    let text = std::str::from_utf8(d).ok()?;
    let year: i32 = text[0..4].parse().ok()?;
    let month: u8 = text[4..6].parse().ok()?;
    let day: u8 = text[6..8].parse().ok()?;
    Date::from_calendar_date(year, Month::try_from(month).ok()?, day).ok()
}

pub fn agreement(a: Date, b: Date) -> DateAgreement {
    if a == b {
        return DateAgreement::Exact;
    }
    if swap_day_month(a) == Some(b) {
        return DateAgreement::DayMonthSwapped;
    }
    let (x, y) = (digits(a), digits(b));
    // The first two positions where the digits differ, and how many do.
    let mut differing = [0usize; 2];
    let mut count = 0;
    for i in (0..8).filter(|&i| x[i] != y[i]) {
        if count < 2 {
            differing[count] = i;
        }
        count += 1;
    }
    let [i, j] = differing;
    match count {
        1 => DateAgreement::OneDigit,
        2 if j == i + 1 && x[i] == y[j] && x[j] == y[i] => DateAgreement::DigitsSwapped,
        _ => DateAgreement::Different,
    }
}

fn swap_day_month(date: Date) -> Option<Date> {
    let month = Month::try_from(date.day()).ok()?;
    Date::from_calendar_date(date.year(), month, u8::from(date.month())).ok()
}

/// Every date from 1900 to 2200 that [`agreement`] would call near to `date` (not `date`
/// itself). Dates of birth outside that span are refused at the edge, so no record has one.
pub fn near(date: Date) -> Vec<Date> {
    let mut out = Vec::with_capacity(80);
    if let Some(swapped) = swap_day_month(date)
        && swapped != date
    {
        out.push(swapped);
    }
    let d = digits(date);
    for i in 0..8 {
        for digit in b'0'..=b'9' {
            if digit == d[i] {
                continue;
            }
            let mut v = d;
            v[i] = digit;
            if let Some(other) = from_digits(&v) {
                out.push(other);
            }
        }
        if i < 7 && d[i] != d[i + 1] {
            let mut v = d;
            v.swap(i, i + 1);
            if let Some(other) = from_digits(&v) {
                out.push(other);
            }
        }
    }
    out.retain(|d| (1900..=2200).contains(&d.year()));
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn kinds_of_near_dates() {
        let d = date!(2020 - 05 - 04);
        assert_eq!(agreement(d, d), DateAgreement::Exact);
        assert_eq!(
            agreement(d, date!(2020 - 04 - 05)),
            DateAgreement::DayMonthSwapped
        );
        assert_eq!(agreement(d, date!(2021 - 05 - 04)), DateAgreement::OneDigit);
        assert_eq!(agreement(d, date!(2020 - 05 - 14)), DateAgreement::OneDigit);
        assert_eq!(
            agreement(date!(2019 - 08 - 12), date!(2019 - 08 - 21)),
            DateAgreement::DigitsSwapped
        );
        assert_eq!(
            agreement(d, date!(2018 - 06 - 04)),
            DateAgreement::Different
        );
    }

    #[test]
    fn digits_are_the_date_written_out() {
        for day in [
            date!(2020 - 05 - 04),
            date!(1900 - 12 - 31),
            date!(2199 - 01 - 09),
        ] {
            let written = format!(
                "{:04}{:02}{:02}",
                day.year(),
                u8::from(day.month()),
                day.day()
            );
            assert_eq!(&digits(day), written.as_bytes());
        }
    }

    #[test]
    fn near_dates_are_exactly_the_near_ones() {
        let d = date!(2020 - 05 - 04);
        let near = near(d);
        assert!(!near.contains(&d));
        assert!(near.contains(&date!(2020 - 04 - 05)));
        assert!(near.contains(&date!(2020 - 05 - 24)));
        assert!(near.len() < 60, "{}", near.len());
        for other in &near {
            assert_ne!(agreement(d, *other), DateAgreement::Different, "{other}");
        }
        // And every date in a wide window that agreement calls near is listed.
        let mut day = date!(1990 - 01 - 01);
        while day < date!(2030 - 01 - 01) {
            if agreement(d, day) != DateAgreement::Different && day != d {
                assert!(near.contains(&day), "{day} missing");
            }
            day = day.next_day().unwrap();
        }
    }
}
