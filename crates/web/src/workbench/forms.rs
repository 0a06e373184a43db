//! What the workbench's data-entry forms share (the register's and the prenatal pages'): text,
//! date and choice fields with their labels, hints and errors; dates typed `TT.MM.JJJJ`; the
//! note saying where an entered municipality key leads; the child's birth fields; collecting a
//! parser's problems at the form's fields with the error summary; and the page of a form.
//!
//! Which fields a form has, what they are called and how a parser's paths map to them is each
//! form's own ([`FieldNames`]): the same id may mean different things on different forms
//! (`effective_date` is when a register entry took effect, on the prenatal form the day of the
//! declarations). Nothing here validates: every rule is the parsers'.

use std::marker::PhantomData;

use axum::http::StatusCode;
use axum::response::Response;

use domain::Problem;
use domain::validation::{FieldError, Rule};

use crate::AppState;
use crate::i18n::{Lang, problem_message};
use crate::pages::html::{described, error_summary, escape, field, tr};
use crate::workbench::{Staff, page};

/// What one form calls its fields: their order, labels, the parser's paths and the messages.
pub(in crate::workbench) trait FieldNames {
    /// The fields in the order of the pages, which is also the order of the error summary.
    const ORDER: &'static [&'static str];
    /// The label of field `id`, as the page and the error summary name it.
    fn label(lang: Lang, id: &str) -> &'static str;
    /// The form field a path of the parser belongs to.
    fn for_path(path: &str) -> &'static str;
    /// What is wrong with field `id`, said for a person at a form.
    fn message(lang: Lang, id: &str, problem: &Problem) -> String;
}

/// The labels the register and prenatal forms give alike: the child's birth fields and the
/// parents' names. `Angabe` for a field of neither.
pub(in crate::workbench) fn label(lang: Lang, id: &str) -> &'static str {
    match id {
        "child_given_names" => tr(lang, "Vornamen des Kindes", "Child's given names"),
        "child_family_name" => tr(
            lang,
            "Familienname des Kindes bei der Geburt",
            "Child's family name at birth",
        ),
        "child_birth_date" => tr(lang, "Geburtsdatum des Kindes", "Child's date of birth"),
        "child_ags" => tr(
            lang,
            "Geburtsort: Gemeindeschlüssel (AGS)",
            "Place of birth: municipality key (AGS)",
        ),
        "child_country" => tr(lang, "Geburt im Ausland: Staat", "Born abroad: country"),
        "child_place" => tr(lang, "Geburt im Ausland: Ort", "Born abroad: place"),
        "mother_given_names" => tr(lang, "Vornamen der Mutter", "Mother's given names"),
        "mother_family_name" => tr(lang, "Familienname der Mutter", "Mother's family name"),
        "mother_birth_name" => tr(lang, "Geburtsname der Mutter", "Mother's birth name"),
        "father_given_names" => tr(lang, "Vornamen des Vaters", "Father's given names"),
        "father_family_name" => tr(lang, "Familienname des Vaters", "Father's family name"),
        "father_birth_name" => tr(lang, "Geburtsname des Vaters", "Father's birth name"),
        "source_name" => tr(lang, "Name der Stelle", "Name of the body"),
        _ => tr(lang, "Angabe", "Field"),
    }
}

/// The messages the forms give alike, after their own: a missing or invalid birthplace,
/// an empty field, an invalid date; otherwise the API's own words.
pub(in crate::workbench) fn message(lang: Lang, id: &str, problem: &Problem) -> String {
    let text = match (id, problem) {
        ("child_ags", Problem::Missing) => tr(
            lang,
            "Bitte geben Sie den Gemeindeschlüssel an oder, bei Geburt im Ausland, Staat und Ort.",
            "Please enter the municipality key or, for a birth abroad, country and place.",
        ),
        (
            _,
            Problem::NotAllowed {
                rule: Rule::EitherMunicipalityOrAbroad,
            },
        ) => tr(
            lang,
            "Bitte geben Sie entweder den Gemeindeschlüssel oder Staat und Ort im Ausland an, \
             nicht beides.",
            "Please enter either the municipality key or country and place abroad, not both.",
        ),
        (_, Problem::Missing | Problem::Empty) => tr(
            lang,
            "Bitte füllen Sie dieses Feld aus.",
            "Please fill in this field.",
        ),
        (_, Problem::InvalidDate) => tr(
            lang,
            "Bitte geben Sie ein gültiges Datum an (TT.MM.JJJJ), z. B. 04.05.2020.",
            "Please enter a valid date (DD.MM.YYYY), e.g. 04.05.2020.",
        ),
        ("child_ags" | "search_ags", Problem::InvalidFormat { .. }) => tr(
            lang,
            "Der Gemeindeschlüssel hat 8 Ziffern, z. B. 03352011.",
            "The municipality key has 8 digits, e.g. 03352011.",
        ),
        (_, other) => return problem_message(other, lang),
    };
    text.to_owned()
}

/// The problems of a submitted form `F`, by field.
#[derive(Debug)]
pub(in crate::workbench) struct FormErrors<F> {
    found: Vec<(&'static str, String)>,
    names: PhantomData<F>,
}

impl<F> Default for FormErrors<F> {
    fn default() -> Self {
        FormErrors {
            found: Vec::new(),
            names: PhantomData,
        }
    }
}

impl<F: FieldNames> FormErrors<F> {
    pub(in crate::workbench) fn add(&mut self, id: &'static str, message: String) {
        if !self.found.iter().any(|(i, m)| *i == id && *m == message) {
            self.found.push((id, message));
        }
    }

    /// A problem of field `id`, in words.
    pub(in crate::workbench) fn problem(
        &mut self,
        lang: Lang,
        id: &'static str,
        problem: &Problem,
    ) {
        self.add(id, F::message(lang, id, problem));
    }

    /// What the parser found, at the form's fields.
    pub(in crate::workbench) fn from_paths(lang: Lang, errors: &[FieldError]) -> Self {
        let mut found = Self::default();
        for error in errors {
            found.problem(lang, F::for_path(&error.field), &error.problem);
        }
        found
    }

    pub(in crate::workbench) fn is_empty(&self) -> bool {
        self.found.is_empty()
    }

    /// Every message of field `id`, as one text.
    pub(in crate::workbench) fn of(&self, id: &str) -> Option<String> {
        let messages: Vec<&str> = self
            .found
            .iter()
            .filter(|(i, _)| *i == id)
            .map(|(_, m)| m.as_str())
            .collect();
        (!messages.is_empty()).then(|| messages.join(" "))
    }

    /// The error summary above the form: each problem with its field's label, linked to the
    /// field, in the order of the page.
    pub(in crate::workbench) fn summary(&self, lang: Lang) -> String {
        let mut items: Vec<(usize, &'static str, String)> = self
            .found
            .iter()
            .map(|(id, m)| {
                let position = F::ORDER
                    .iter()
                    .position(|o| o == id)
                    .unwrap_or(F::ORDER.len());
                (position, *id, format!("{}: {m}", F::label(lang, id)))
            })
            .collect();
        items.sort_by_key(|(position, _, _)| *position);
        let pairs: Vec<(&str, &str)> = items
            .iter()
            .map(|(_, id, text)| (*id, text.as_str()))
            .collect();
        error_summary(lang, &pairs)
    }

    /// The page title `title`, marked as an error page when there are problems.
    pub(in crate::workbench) fn title(&self, lang: Lang, title: &str) -> String {
        if self.is_empty() {
            title.to_owned()
        } else {
            format!("{}{title}", tr(lang, "Fehler: ", "Error: "))
        }
    }
}

/// Whether a field was left empty (white space counts as empty).
pub(in crate::workbench) fn blank(value: &str) -> bool {
    value.trim().is_empty()
}

/// A field's value for a parser: trimmed, and absent when empty (so that it is reported as
/// missing).
pub(in crate::workbench) fn given(value: &str) -> Option<&str> {
    let value = value.trim();
    (!value.is_empty()).then_some(value)
}

/// `4.5.2020` or `04.05.2020` as `2020-05-04`; anything else as it is (the parser judges it).
pub(in crate::workbench) fn iso(raw: &str) -> String {
    let raw = raw.trim();
    let parts: Vec<&str> = raw.split('.').collect();
    if let [day, month, year] = parts.as_slice()
        && (1..=2).contains(&day.len())
        && (1..=2).contains(&month.len())
        && year.len() == 4
        && let (Ok(day), Ok(month)) = (day.parse::<u8>(), month.parse::<u8>())
        && year.bytes().all(|b| b.is_ascii_digit())
    {
        return format!("{year}-{month:02}-{day:02}");
    }
    raw.to_owned()
}

/// `JJJJ-MM-TT` as `TT.MM.JJJJ`; anything else as it was typed.
pub(in crate::workbench) fn german(raw: &str) -> String {
    let raw = raw.trim();
    let parts: Vec<&str> = raw.split('-').collect();
    if let [year, month, day] = parts.as_slice()
        && year.len() == 4
        && month.len() == 2
        && day.len() == 2
        && raw.bytes().all(|b| b.is_ascii_digit() || b == b'-')
    {
        return format!("{day}.{month}.{year}");
    }
    raw.to_owned()
}

/// Where the entered municipality key leads, shown under its field: the municipality's name
/// and whose register it is. `None` when nothing useful can be said.
pub(in crate::workbench) async fn place_note(
    state: &AppState,
    lang: Lang,
    ags: &str,
) -> Result<Option<String>, store::StoreError> {
    let Ok(ags) = domain::Ags::parse(ags.trim()) else {
        return Ok(None);
    };
    let Some(name) = state.store().municipality_name(ags).await? else {
        return Ok(None);
    };
    let office = state.store().office_for_municipality(ags).await?;
    Ok(Some(match (lang, office) {
        (Lang::De, Some(office)) => format!("{ags}: {name} – Register: {}", office.name),
        (Lang::En, Some(office)) => format!("{ags}: {name} – register: {}", office.name),
        (_, None) => format!("{ags}: {name}"),
    }))
}

/// A text input in its labelled field.
pub(in crate::workbench) fn text_field<F: FieldNames>(
    lang: Lang,
    id: &'static str,
    value: &str,
    hint: &str,
    errors: &FormErrors<F>,
    attributes: &str,
) -> String {
    let error = errors.of(id);
    field(
        id,
        F::label(lang, id),
        hint,
        error.as_deref(),
        &format!(
            "<input type=\"text\" id=\"{id}\" name=\"{id}\" value=\"{}\"{attributes}{}>",
            escape(value),
            described(id, error.is_some())
        ),
    )
}

/// A date typed `TT.MM.JJJJ` (the format in its hint; `JJJJ-MM-TT` is taken too), shown that
/// way. A text input rather than the browser's date picker, whose placeholder and order follow
/// the browser's language (`mm/dd/yyyy` in an English browser), not the page's.
pub(in crate::workbench) fn date_field<F: FieldNames>(
    lang: Lang,
    id: &'static str,
    value: &str,
    hint: &str,
    errors: &FormErrors<F>,
) -> String {
    let error = errors.of(id);
    let hint = format!(
        "{hint} {}",
        tr(
            lang,
            "Format: TT.MM.JJJJ, z. B. 04.05.2020.",
            "Format: DD.MM.YYYY, e.g. 04.05.2020."
        )
    );
    field(
        id,
        F::label(lang, id),
        hint.trim(),
        error.as_deref(),
        &format!(
            "<input type=\"text\" inputmode=\"numeric\" id=\"{id}\" name=\"{id}\" value=\"{}\" \
             size=\"10\" maxlength=\"10\" autocomplete=\"off\" class=\"date\"{}>",
            escape(&german(value)),
            described(id, error.is_some())
        ),
    )
}

/// A group of radio buttons or checkboxes (`input_type`) in a fieldset: the first input has
/// the group's id (the error summary links to it), the others `{id}-{value}`.
pub(in crate::workbench) fn choices<F: FieldNames>(
    lang: Lang,
    id: &'static str,
    input_type: &str,
    hint: &str,
    options: &[(&str, &str)],
    chosen: &[&str],
    errors: &FormErrors<F>,
) -> String {
    let error = errors.of(id);
    let (class, error_markup, describedby) = match &error {
        Some(message) => (
            "field invalid",
            format!(
                "<p class=\"error\" id=\"{id}-error\">{}</p>\n",
                escape(message)
            ),
            format!("{id}-hint {id}-error"),
        ),
        None => ("field", String::new(), format!("{id}-hint")),
    };
    let inputs: String = options
        .iter()
        .enumerate()
        .map(|(i, (value, text))| {
            let input_id = if i == 0 {
                id.to_owned()
            } else {
                format!("{id}-{value}")
            };
            let checked = if chosen.contains(value) {
                " checked"
            } else {
                ""
            };
            format!(
                "<div class=\"choice\"><input type=\"{input_type}\" id=\"{input_id}\" \
                 name=\"{id}\" value=\"{value}\"{checked}> <label for=\"{input_id}\">{}</label>\
                 </div>\n",
                escape(text)
            )
        })
        .collect();
    format!(
        "<fieldset class=\"{class}\" aria-describedby=\"{describedby}\">\n\
         <legend>{}</legend>\n<p class=\"hint\" id=\"{id}-hint\">{}</p>\n{error_markup}{inputs}\
         </fieldset>\n",
        escape(F::label(lang, id)),
        escape(hint),
    )
}

/// The child's birth data as entered, for [`child_fields`].
pub(in crate::workbench) struct ChildValues<'a> {
    pub given_names: &'a str,
    pub family_name: &'a str,
    pub birth_date: &'a str,
    pub ags: &'a str,
    pub country: &'a str,
    pub place: &'a str,
}

/// The child's fields as the birth was registered (`child_*`): the same on the register form
/// and the prenatal birth form. `place_note` says where the entered municipality key leads.
pub(in crate::workbench) fn child_fields<F: FieldNames>(
    lang: Lang,
    child: &ChildValues<'_>,
    errors: &FormErrors<F>,
    place_note: Option<&str>,
) -> String {
    let ags_hint = {
        let base = tr(
            lang,
            "8 Ziffern, z. B. 03352011 für Cuxhaven. Bei Geburt im Ausland leer lassen.",
            "8 digits, e.g. 03352011 for Cuxhaven. Leave empty for a birth abroad.",
        );
        match place_note {
            Some(note) => format!("{base} {}: {note}", tr(lang, "Eingegeben", "Entered")),
            None => base.to_owned(),
        }
    };
    let name = " maxlength=\"200\" autocomplete=\"off\"";
    [
        text_field(
            lang,
            "child_given_names",
            child.given_names,
            tr(
                lang,
                "Alle Vornamen, wie bei der Beurkundung der Geburt.",
                "All given names, as registered at birth.",
            ),
            errors,
            name,
        ),
        text_field(
            lang,
            "child_family_name",
            child.family_name,
            tr(
                lang,
                "Der Name, den das Kind bei der Beurkundung der Geburt trug.",
                "The name the child bore when its birth was registered.",
            ),
            errors,
            name,
        ),
        date_field(lang, "child_birth_date", child.birth_date, "", errors),
        text_field(
            lang,
            "child_ags",
            child.ags,
            &ags_hint,
            errors,
            " maxlength=\"8\" inputmode=\"numeric\" autocomplete=\"off\"",
        ),
        text_field(
            lang,
            "child_country",
            child.country,
            tr(
                lang,
                "Nur bei Geburt im Ausland: Ländercode nach ISO 3166, z. B. AT für Österreich.",
                "Only for a birth abroad: ISO 3166 country code, e.g. AT for Austria.",
            ),
            errors,
            " maxlength=\"2\" autocapitalize=\"characters\" autocomplete=\"off\"",
        ),
        text_field(
            lang,
            "child_place",
            child.place,
            tr(
                lang,
                "Nur bei Geburt im Ausland: der Geburtsort, z. B. Wien.",
                "Only for a birth abroad: the place of birth, e.g. Vienna.",
            ),
            errors,
            " maxlength=\"100\" autocomplete=\"off\"",
        ),
    ]
    .concat()
}

/// A page that is one form for a new record: the error summary, heading, lead, the form
/// (posted to `action`) and a link back.
pub(in crate::workbench) struct FormPage<'a> {
    pub title: &'a str,
    pub lead: &'a str,
    /// Where the form is posted to, and the page's path.
    pub action: &'a str,
    /// The form's fields (markup).
    pub fields: &'a str,
    pub submit: &'a str,
    /// The link back: path and text.
    pub back: (&'a str, &'a str),
}

impl FormPage<'_> {
    pub(in crate::workbench) fn render<F: FieldNames>(
        &self,
        staff: &Staff,
        lang: Lang,
        status: StatusCode,
        errors: &FormErrors<F>,
    ) -> Response {
        let lang_tag = crate::pages::html::tag(lang);
        let main = format!(
            "{summary}<h1>{heading}</h1>\n<p class=\"lead\">{lead}</p>\n\
             <form method=\"post\" action=\"{action}?lang={lang_tag}\" novalidate>\n{hidden}\n\
             {fields}<button type=\"submit\">{submit}</button>\n</form>\n\
             <p><a href=\"{back_path}?lang={lang_tag}\">{back}</a></p>\n",
            summary = errors.summary(lang),
            heading = escape(self.title),
            lead = escape(self.lead),
            action = self.action,
            hidden = staff.csrf_field(),
            fields = self.fields,
            submit = escape(self.submit),
            back_path = self.back.0,
            back = escape(self.back.1),
        );
        let title = errors.title(lang, self.title);
        page::workbench_page(status, lang, &title, self.action, &main)
    }
}

/// The notice a page shows after a change (`hinweis=` in the query) as markup: the text
/// `text_for` has for the notice's key; nothing for an unknown key.
pub(in crate::workbench) fn notice(
    query: Option<&str>,
    text_for: impl Fn(&str) -> Option<&'static str>,
) -> String {
    match crate::workbench::query::value(query, "hinweis")
        .as_deref()
        .and_then(text_for)
    {
        Some(text) => format!("<p class=\"notice\" role=\"status\">{}</p>\n", escape(text)),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn german_dates_become_iso() {
        assert_eq!(iso("4.5.2020"), "2020-05-04");
        assert_eq!(iso(" 04.05.2020 "), "2020-05-04");
        assert_eq!(iso("2020-05-04"), "2020-05-04");
        assert_eq!(iso("4.5.20"), "4.5.20");
        assert_eq!(iso("a.b.cdef"), "a.b.cdef");
        assert_eq!(iso(&iso("4.5.2020")), "2020-05-04");
    }

    #[test]
    fn iso_dates_are_shown_in_german() {
        assert_eq!(german("2020-05-04"), "04.05.2020");
        assert_eq!(german("04.05.2020"), "04.05.2020");
        assert_eq!(german("2020-5-4"), "2020-5-4");
        assert_eq!(iso(&german("2020-05-04")), "2020-05-04");
    }

    #[test]
    fn empty_values_are_not_given() {
        assert_eq!(given("  Ida "), Some("Ida"));
        assert_eq!(given(" "), None);
        assert!(blank("\t"));
    }
}
