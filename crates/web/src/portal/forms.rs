//! What the portal's forms share: reading a posted form, the problems found at its fields
//! ([`FieldErrors`]) with the error summary above the form, and the fields themselves — text
//! inputs, radio groups (yes/no among them) in a fieldset with a legend. The date group is
//! [`super::date`]'s and the place chooser [`super::place`]'s; both use these.
//!
//! Conventions every field follows (the error summary and the tests rely on them): a field's
//! hint has the id `{id}-hint`, its error `{id}-error`; a control with an error carries
//! `aria-invalid="true"` and `aria-describedby` naming both. A form shown again with problems
//! answers 422 ([`FieldErrors::status`]), as the workbench's forms do, and its title starts
//! with "Fehler:" ([`FieldErrors::title`]).

use axum::http::StatusCode;

use super::frame::escape;
use super::messages::{Locale, id, t, t_args};

/// A posted `application/x-www-form-urlencoded` body, as name/value pairs in order.
#[derive(Debug, Clone, Default)]
pub struct FormData(Vec<(String, String)>);

impl FormData {
    /// The pairs of `body`; a body that is not a form reads as an empty form (every field is
    /// then reported as missing, which is what the person can act on).
    pub fn parse(body: &[u8]) -> FormData {
        FormData(serde_urlencoded::from_bytes(body).unwrap_or_default())
    }

    /// The first value of `name`, or `""`.
    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }

    /// The first value of `name` if it was sent and is not blank.
    pub fn given(&self, name: &str) -> Option<&str> {
        let value = self.get(name).trim();
        (!value.is_empty()).then_some(value)
    }
}

/// One problem at a form field.
#[derive(Debug, Clone, PartialEq, Eq)]
struct FieldError {
    /// The field (or group) the message is shown at.
    field: String,
    /// The id of the control the summary links to.
    anchor: String,
    message: String,
}

/// The problems of a submitted form, in the order they were added (add them in the order of
/// the page: that is the order of the summary).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldErrors {
    found: Vec<FieldError>,
}

impl FieldErrors {
    /// A problem of field `field`, whose control has the id `field`.
    pub fn add(&mut self, field: &str, message: String) {
        self.add_at(field, field, message);
    }

    /// A problem of field (or group) `field` whose summary link goes to the control `anchor`.
    pub fn add_at(&mut self, field: &str, anchor: &str, message: String) {
        let error = FieldError {
            field: field.to_owned(),
            anchor: anchor.to_owned(),
            message,
        };
        if !self.found.contains(&error) {
            self.found.push(error);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.found.is_empty()
    }

    pub fn len(&self) -> usize {
        self.found.len()
    }

    /// Every message of field `field`, as one text.
    pub fn of(&self, field: &str) -> Option<String> {
        let messages: Vec<&str> = self
            .found
            .iter()
            .filter(|e| e.field == field)
            .map(|e| e.message.as_str())
            .collect();
        (!messages.is_empty()).then(|| messages.join(" "))
    }

    /// The box above the form listing every problem, each linked to its control; empty when
    /// there is none. Place it first in `<main>`, before the `<h1>`.
    pub fn summary(&self, locale: Locale) -> String {
        if self.found.is_empty() {
            return String::new();
        }
        let items: String = self
            .found
            .iter()
            .map(|e| {
                format!(
                    "<li><a href=\"#{}\">{}</a></li>",
                    escape(&e.anchor),
                    escape(&e.message)
                )
            })
            .collect();
        format!(
            "<div class=\"summary\" role=\"alert\" aria-labelledby=\"summary-title\" tabindex=\"-1\">\n\
             <h2 id=\"summary-title\">{}</h2>\n<ul>{items}</ul>\n</div>\n",
            escape(&t(locale, id::ERROR_SUMMARY_TITLE))
        )
    }

    /// The page title, marked as an error page when there are problems.
    pub fn title(&self, locale: Locale, title: &str) -> String {
        if self.is_empty() {
            title.to_owned()
        } else {
            t_args(locale, id::ERROR_TITLE, &[("title", title.into())])
        }
    }

    /// 200 for a form without problems, else 422.
    pub fn status(&self) -> StatusCode {
        if self.is_empty() {
            StatusCode::OK
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        }
    }
}

/// `aria-describedby` (with `aria-invalid` when `invalid`) for the control of field `field`;
/// `has_hint` says whether the field shows a hint.
pub fn described(field: &str, has_hint: bool, invalid: bool) -> String {
    let mut out = describedby(field, has_hint, invalid);
    if invalid {
        out.push_str(" aria-invalid=\"true\"");
    }
    out
}

/// Only the `aria-describedby` attribute of [`described`] (for a fieldset).
fn describedby(field: &str, has_hint: bool, invalid: bool) -> String {
    let ids: Vec<String> = [
        has_hint.then(|| format!("{field}-hint")),
        invalid.then(|| format!("{field}-error")),
    ]
    .into_iter()
    .flatten()
    .collect();
    if ids.is_empty() {
        String::new()
    } else {
        format!(" aria-describedby=\"{}\"", escape(&ids.join(" ")))
    }
}

/// The hint paragraph of field `field`, or nothing.
pub fn hint(field: &str, hint: Option<&str>) -> String {
    match hint {
        Some(text) => format!(
            "<p class=\"hint\" id=\"{}-hint\">{}</p>\n",
            escape(field),
            escape(text)
        ),
        None => String::new(),
    }
}

/// The error paragraph of field `field`, or nothing.
pub fn error(field: &str, message: Option<&str>) -> String {
    match message {
        Some(text) => format!(
            "<p class=\"error\" id=\"{}-error\">{}</p>\n",
            escape(field),
            escape(text)
        ),
        None => String::new(),
    }
}

fn field_class(invalid: bool) -> &'static str {
    if invalid { "field invalid" } else { "field" }
}

/// A text input with its label, hint and error.
pub struct TextField<'a> {
    /// The control's id and name.
    pub id: &'a str,
    pub label: &'a str,
    pub hint: Option<&'a str>,
    pub value: &'a str,
    /// Further attributes, each with a leading space: ` maxlength="100" autocomplete="off"`.
    pub attributes: &'a str,
}

impl TextField<'_> {
    pub fn render(&self, errors: &FieldErrors) -> String {
        let message = errors.of(self.id);
        let id = escape(self.id);
        format!(
            "<div class=\"{class}\">\n<label for=\"{id}\">{label}</label>\n{hint}{error}\
             <input type=\"text\" id=\"{id}\" name=\"{id}\" value=\"{value}\"{attributes}{described}>\n\
             </div>\n",
            class = field_class(message.is_some()),
            label = escape(self.label),
            hint = hint(self.id, self.hint),
            error = error(self.id, message.as_deref()),
            value = escape(self.value),
            attributes = self.attributes,
            described = described(self.id, self.hint.is_some(), message.is_some()),
        )
    }
}

/// One choice of a radio group: the value sent, its label, and an optional line of detail
/// under the label (for telling similar choices apart).
pub struct Choice<'a> {
    pub value: &'a str,
    pub label: String,
    pub detail: Option<String>,
}

/// Radio buttons in a fieldset whose legend is the question. The first input has the group's
/// id (the error summary links to it), the others `{id}-{n}`.
pub struct RadioGroup<'a> {
    /// The group's id and the inputs' name.
    pub id: &'a str,
    pub legend: &'a str,
    pub hint: Option<&'a str>,
    pub choices: &'a [Choice<'a>],
    /// The value chosen so far, if any.
    pub chosen: Option<&'a str>,
}

impl RadioGroup<'_> {
    pub fn render(&self, errors: &FieldErrors) -> String {
        let message = errors.of(self.id);
        let invalid = message.is_some();
        let inputs: String = self
            .choices
            .iter()
            .enumerate()
            .map(|(n, choice)| {
                let input_id = if n == 0 {
                    self.id.to_owned()
                } else {
                    format!("{}-{n}", self.id)
                };
                let checked = if self.chosen == Some(choice.value) {
                    " checked"
                } else {
                    ""
                };
                let aria_invalid = if invalid { " aria-invalid=\"true\"" } else { "" };
                let detail = match &choice.detail {
                    Some(detail) => format!("<span class=\"detail\">{}</span>", escape(detail)),
                    None => String::new(),
                };
                format!(
                    "<div class=\"choice\"><input type=\"radio\" id=\"{input_id}\" name=\"{name}\" \
                     value=\"{value}\"{checked}{aria_invalid}> <label for=\"{input_id}\">{label}</label>\
                     {detail}</div>\n",
                    input_id = escape(&input_id),
                    name = escape(self.id),
                    value = escape(choice.value),
                    label = escape(&choice.label),
                )
            })
            .collect();
        format!(
            "<fieldset class=\"{class}\"{describedby}>\n<legend>{legend}</legend>\n{hint}{error}\
             {inputs}</fieldset>\n",
            class = field_class(invalid),
            describedby = describedby(self.id, self.hint.is_some(), invalid),
            legend = escape(self.legend),
            hint = hint(self.id, self.hint),
            error = error(self.id, message.as_deref()),
        )
    }
}

/// The values of a yes/no question.
pub const YES: &str = "ja";
pub const NO: &str = "nein";

/// A yes/no question as a radio group; `chosen` is the answer given so far.
pub fn yes_no(
    locale: Locale,
    field: &str,
    legend: &str,
    hint: Option<&str>,
    chosen: Option<bool>,
    errors: &FieldErrors,
) -> String {
    let choices = [
        Choice {
            value: YES,
            label: t(locale, id::ANSWER_YES),
            detail: None,
        },
        Choice {
            value: NO,
            label: t(locale, id::ANSWER_NO),
            detail: None,
        },
    ];
    RadioGroup {
        id: field,
        legend,
        hint,
        choices: &choices,
        chosen: chosen.map(|yes| if yes { YES } else { NO }),
    }
    .render(errors)
}

/// The answer to a yes/no question as posted: `None` when unanswered (or not one of the two).
pub fn yes_no_value(raw: &str) -> Option<bool> {
    match raw {
        YES => Some(true),
        NO => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_links_each_problem_to_its_control_in_order() {
        let mut errors = FieldErrors::default();
        assert_eq!(errors.summary(Locale::De), "");
        assert_eq!(errors.status(), StatusCode::OK);
        errors.add("mutter", "Bitte <wählen>.".into());
        errors.add_at("geburt", "geburt-day", "Tag fehlt.".into());
        errors.add("mutter", "Bitte <wählen>.".into());
        assert_eq!(errors.len(), 2);
        let summary = errors.summary(Locale::De);
        let first = summary
            .find("href=\"#mutter\">Bitte &lt;wählen&gt;.")
            .unwrap();
        let second = summary.find("href=\"#geburt-day\">Tag fehlt.").unwrap();
        assert!(first < second);
        assert_eq!(errors.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(errors.title(Locale::En, "Check"), "Error: Check");
    }

    #[test]
    fn a_radio_group_with_an_error_is_described_and_invalid() {
        let mut errors = FieldErrors::default();
        errors.add("q", "Bitte antworten.".into());
        let html = yes_no(Locale::De, "q", "Frage?", Some("Hinweis"), None, &errors);
        assert!(html.contains("<legend>Frage?</legend>"));
        assert!(
            html.contains("aria-describedby=\"q-hint q-error\""),
            "{html}"
        );
        assert!(html.contains("<p class=\"error\" id=\"q-error\">Bitte antworten.</p>"));
        assert!(html.contains("id=\"q\" name=\"q\" value=\"ja\" aria-invalid=\"true\""));
        let html = yes_no(
            Locale::En,
            "q",
            "Q?",
            None,
            Some(false),
            &FieldErrors::default(),
        );
        assert!(
            html.contains("value=\"nein\" checked> <label for=\"q-1\">No</label>"),
            "{html}"
        );
        assert!(!html.contains("aria-describedby"));
    }

    #[test]
    fn forms_are_read_and_answers_parsed() {
        let form = FormData::parse(b"a=1&b=+x+&a=2&c=");
        assert_eq!(form.get("a"), "1");
        assert_eq!(form.given("b"), Some("x"));
        assert_eq!(form.given("c"), None);
        assert_eq!(form.get("zzz"), "");
        assert_eq!(yes_no_value("ja"), Some(true));
        assert_eq!(yes_no_value("nein"), Some(false));
        assert_eq!(yes_no_value(""), None);
    }
}
