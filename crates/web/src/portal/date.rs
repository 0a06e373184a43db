//! A date entered as three separate inputs (Tag, Monat, Jahr) rather than `type=date`, so that
//! screen readers announce each part in the page's language and nobody fights a date picker;
//! and its parsing into a [`time::Date`] with a message that says what to fix.
//!
//! A group `id` has the inputs `{id}-day`, `{id}-month`, `{id}-year` (ids and names alike);
//! its problems are recorded at field `id`, linked to the input that needs fixing.

use time::{Date, Month};

use super::forms::{FieldErrors, FormData, described, error, hint};
use super::frame::escape;
use super::messages::{Locale, Msg, id, t};

/// The earliest year accepted: nothing the portal asks for is older.
const MIN_YEAR: i32 = 1900;

/// The three parts of a date as typed (kept as text, to be shown again as they were).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DateParts {
    pub day: String,
    pub month: String,
    pub year: String,
}

impl DateParts {
    /// The parts of group `id` in a posted form (each cut to a few characters: nothing longer
    /// can be a valid part).
    pub fn from_form(form: &FormData, id: &str) -> DateParts {
        let part = |name: &str| {
            form.get(&format!("{id}-{name}"))
                .trim()
                .chars()
                .take(8)
                .collect()
        };
        DateParts {
            day: part("day"),
            month: part("month"),
            year: part("year"),
        }
    }
}

/// What is wrong with an entered date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateProblem {
    /// A part is empty.
    Missing(Part),
    /// Not a day between 1 and 31.
    Day,
    /// Not a month between 1 and 12.
    Month,
    /// Not a year of four digits from 1900.
    Year,
    /// A day the month does not have (31 April, 29 February 2023).
    Impossible,
    /// After today.
    Future,
}

/// One input of the group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Day,
    Month,
    Year,
}

impl Part {
    fn suffix(self) -> &'static str {
        match self {
            Part::Day => "day",
            Part::Month => "month",
            Part::Year => "year",
        }
    }
}

impl DateProblem {
    pub fn msg(self) -> Msg {
        match self {
            DateProblem::Missing(_) => id::DATE_ERROR_MISSING,
            DateProblem::Day => id::DATE_ERROR_DAY,
            DateProblem::Month => id::DATE_ERROR_MONTH,
            DateProblem::Year => id::DATE_ERROR_YEAR,
            DateProblem::Impossible => id::DATE_ERROR_IMPOSSIBLE,
            DateProblem::Future => id::DATE_ERROR_FUTURE,
        }
    }

    /// The input to fix first.
    pub fn part(self) -> Part {
        match self {
            DateProblem::Missing(part) => part,
            DateProblem::Month => Part::Month,
            DateProblem::Year => Part::Year,
            DateProblem::Day | DateProblem::Impossible | DateProblem::Future => Part::Day,
        }
    }

    /// Records this problem at group `group` in `errors`, linked to the input to fix.
    pub fn record(self, locale: Locale, group: &str, errors: &mut FieldErrors) {
        let anchor = format!("{group}-{}", self.part().suffix());
        errors.add_at(group, &anchor, t(locale, self.msg()));
    }
}

/// The date the parts name, if it exists and is not after `today`.
pub fn parse_date(parts: &DateParts, today: Date) -> Result<Date, DateProblem> {
    let (day, month, year) = (parts.day.trim(), parts.month.trim(), parts.year.trim());
    for (value, part) in [(day, Part::Day), (month, Part::Month), (year, Part::Year)] {
        if value.is_empty() {
            return Err(DateProblem::Missing(part));
        }
    }
    let number = |text: &str| -> Option<u32> {
        (text.len() <= 4 && text.bytes().all(|b| b.is_ascii_digit()))
            .then(|| text.parse().ok())
            .flatten()
    };
    let day = number(day)
        .and_then(|d| u8::try_from(d).ok())
        .filter(|d| (1..=31).contains(d))
        .ok_or(DateProblem::Day)?;
    let month = number(month)
        .and_then(|m| u8::try_from(m).ok())
        .and_then(|m| Month::try_from(m).ok())
        .ok_or(DateProblem::Month)?;
    let year = (year.len() == 4)
        .then(|| number(year))
        .flatten()
        .and_then(|y| i32::try_from(y).ok())
        .filter(|y| *y >= MIN_YEAR)
        .ok_or(DateProblem::Year)?;
    let date = Date::from_calendar_date(year, month, day).map_err(|_| DateProblem::Impossible)?;
    if date > today {
        return Err(DateProblem::Future);
    }
    Ok(date)
}

/// A date group: its question (the legend), hint and whether it asks for the person's own
/// birth date (then the browser may fill it: `autocomplete="bday-day"` etc.).
pub struct DateGroup<'a> {
    pub id: &'a str,
    pub legend: &'a str,
    pub hint: Option<&'a str>,
    pub own_birth_date: bool,
}

impl DateGroup<'_> {
    /// The fieldset with the three labelled inputs, showing `value` and the group's error.
    pub fn render(&self, locale: Locale, value: &DateParts, errors: &FieldErrors) -> String {
        let message = errors.of(self.id);
        let invalid = message.is_some();
        let input = |part: Part, label: Msg, text: &str, size: u8| {
            let input_id = format!("{}-{}", self.id, part.suffix());
            let autocomplete = if self.own_birth_date {
                format!("bday-{}", part.suffix())
            } else {
                "off".to_owned()
            };
            format!(
                "<div class=\"{class}\"><label for=\"{input_id}\">{label}</label>\
                 <input type=\"text\" id=\"{input_id}\" name=\"{input_id}\" value=\"{value}\" \
                 inputmode=\"numeric\" maxlength=\"{size}\" size=\"{size}\" \
                 autocomplete=\"{autocomplete}\"{described}></div>\n",
                class = part.suffix(),
                input_id = escape(&input_id),
                label = escape(&t(locale, label)),
                value = escape(text),
                described = described(self.id, self.hint.is_some(), invalid),
            )
        };
        format!(
            "<fieldset class=\"{class}\" role=\"group\">\n<legend>{legend}</legend>\n{hint}{error}\
             <div class=\"dategroup\">\n{day}{month}{year}</div>\n</fieldset>\n",
            class = if invalid { "field invalid" } else { "field" },
            legend = escape(self.legend),
            hint = hint(self.id, self.hint),
            error = error(self.id, message.as_deref()),
            day = input(Part::Day, id::DATE_DAY, &value.day, 2),
            month = input(Part::Month, id::DATE_MONTH, &value.month, 2),
            year = input(Part::Year, id::DATE_YEAR, &value.year, 4),
        )
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    const TODAY: Date = date!(2026 - 03 - 15);

    fn parts(day: &str, month: &str, year: &str) -> DateParts {
        DateParts {
            day: day.into(),
            month: month.into(),
            year: year.into(),
        }
    }

    #[test]
    fn valid_dates_parse_with_or_without_leading_zeros() {
        assert_eq!(
            parse_date(&parts("4", "5", "2020"), TODAY),
            Ok(date!(2020 - 05 - 04))
        );
        assert_eq!(
            parse_date(&parts(" 04 ", "05", "2020"), TODAY),
            Ok(date!(2020 - 05 - 04))
        );
        assert_eq!(
            parse_date(&parts("29", "2", "2024"), TODAY),
            Ok(date!(2024 - 02 - 29))
        );
        assert_eq!(parse_date(&parts("15", "3", "2026"), TODAY), Ok(TODAY));
    }

    #[test]
    fn each_problem_is_named_at_its_part() {
        let cases = [
            (parts("", "", ""), DateProblem::Missing(Part::Day)),
            (parts("1", "", "2020"), DateProblem::Missing(Part::Month)),
            (parts("1", "1", " "), DateProblem::Missing(Part::Year)),
            (parts("0", "1", "2020"), DateProblem::Day),
            (parts("32", "1", "2020"), DateProblem::Day),
            (parts("x", "1", "2020"), DateProblem::Day),
            (parts("-1", "1", "2020"), DateProblem::Day),
            (parts("1", "13", "2020"), DateProblem::Month),
            (parts("1", "Mai", "2020"), DateProblem::Month),
            (parts("1", "1", "20"), DateProblem::Year),
            (parts("1", "1", "1899"), DateProblem::Year),
            (parts("1", "1", "20200"), DateProblem::Year),
            (parts("31", "4", "2020"), DateProblem::Impossible),
            (parts("29", "2", "2023"), DateProblem::Impossible),
            (parts("16", "3", "2026"), DateProblem::Future),
        ];
        for (input, problem) in cases {
            assert_eq!(parse_date(&input, TODAY), Err(problem), "{input:?}");
        }
        assert_eq!(DateProblem::Month.part(), Part::Month);
        assert_eq!(DateProblem::Impossible.part(), Part::Day);
    }

    #[test]
    fn problems_read_as_sentences_and_link_to_the_input() {
        let mut errors = FieldErrors::default();
        DateProblem::Day.record(Locale::De, "geburt", &mut errors);
        assert_eq!(
            errors.of("geburt").as_deref(),
            Some("Bitte geben Sie einen Tag zwischen 1 und 31 an.")
        );
        assert!(errors.summary(Locale::De).contains("href=\"#geburt-day\""));
        let mut errors = FieldErrors::default();
        DateProblem::Month.record(Locale::En, "birth", &mut errors);
        assert!(
            errors
                .summary(Locale::En)
                .contains("href=\"#birth-month\">Please enter a month")
        );
    }

    #[test]
    fn the_group_has_three_labelled_numeric_inputs() {
        let mut errors = FieldErrors::default();
        DateProblem::Future.record(Locale::De, "mine", &mut errors);
        let group = DateGroup {
            id: "mine",
            legend: "Ihr Geburtsdatum",
            hint: Some("Zum Beispiel 27 3 1990."),
            own_birth_date: true,
        };
        let html = group.render(Locale::De, &parts("1", "2", "3000"), &errors);
        for (part, label) in [("day", "Tag"), ("month", "Monat"), ("year", "Jahr")] {
            assert!(
                html.contains(&format!("<label for=\"mine-{part}\">{label}</label>")),
                "{html}"
            );
            assert!(html.contains(&format!("autocomplete=\"bday-{part}\"")));
        }
        assert!(html.contains("inputmode=\"numeric\""));
        assert!(html.contains("value=\"3000\""));
        assert!(html.contains("aria-describedby=\"mine-hint mine-error\" aria-invalid=\"true\""));
        assert!(html.contains("<legend>Ihr Geburtsdatum</legend>"));
        assert!(!html.contains("type=\"date\""));
    }
}
