//! The office's register (`/amt/register`): the search form (and, after a search, its
//! results), and the entries, newest first, a page at a time (`?seite=2`).

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::http::header::HeaderMap;
use axum::response::Response;

use super::access;
use super::fields::FormErrors;
use super::search::SearchForm;
use super::{NEW_PATH, QUEUE_PATH, REGISTER_PATH, SEARCH_PATH, entry_path};
use crate::AppState;
use crate::i18n::Lang;
use crate::pages::html::{escape, page_lang, tag, tr};
use crate::workbench::forms::{date_field, text_field};
use crate::workbench::{Staff, page, query, words};
use store::StoreError;

/// Entries per page.
const PAGE_SIZE: i64 = 50;

/// A search as the page shows it: the form as entered, what is wrong with it, and once it ran,
/// its results (markup).
#[derive(Debug, Default)]
pub(super) struct Search {
    pub form: SearchForm,
    pub errors: FormErrors,
    pub results: Option<String>,
}

/// `GET /amt/register`.
pub async fn page(
    staff: Staff,
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let lang = page_lang(query.as_deref(), &headers);
    if let Err(refused) = access::read_register(&staff, &state, query.as_deref(), lang).await {
        return refused;
    }
    let number = query::page_number(query.as_deref());
    render(
        &state,
        &staff,
        lang,
        StatusCode::OK,
        number,
        &Search::default(),
    )
    .await
}

/// The register page: search form, `search`'s results if any, page `number` of the entries.
pub(super) async fn render(
    state: &AppState,
    staff: &Staff,
    lang: Lang,
    status: StatusCode,
    number: i64,
    search: &Search,
) -> Response {
    match build(state, staff, lang, number, search).await {
        Ok(main) => {
            let title = tr(lang, "Register", "Register");
            let title = if search.errors.is_empty() {
                title.to_owned()
            } else {
                format!("{}{title}", tr(lang, "Fehler: ", "Error: "))
            };
            page::workbench_page(status, lang, &title, REGISTER_PATH, &main)
        }
        Err(error) => page::failure(lang, &error),
    }
}

async fn build(
    state: &AppState,
    staff: &Staff,
    lang: Lang,
    number: i64,
    search: &Search,
) -> Result<String, StoreError> {
    let lang_tag = tag(lang);
    let office = words::office(state, &staff.office).await?;
    let mut records = state
        .store()
        .entries(
            &staff.actor(),
            state.pipeline.clock().now(),
            &staff.office,
            PAGE_SIZE + 1,
            (number - 1) * PAGE_SIZE,
        )
        .await?;
    let more = records.len() as i64 > PAGE_SIZE;
    records.truncate(PAGE_SIZE as usize);
    let items: String = records
        .iter()
        .map(|record| {
            let n = &record.notification;
            format!(
                "<li><a href=\"{path}?lang={lang_tag}\">{child}</a><br>\n{kind} · {scope} · \
                 <strong>{status}</strong> · {recorded} {at}</li>\n",
                path = entry_path(&record.id),
                child = escape(&words::child_line(lang, &n.child)),
                kind = escape(words::entry_kind(lang, n.kind)),
                scope = escape(&words::scope(lang, &n.scope)),
                status = escape(words::entry_status(lang, record.status)),
                recorded = escape(tr(lang, "eingetragen am", "recorded on")),
                at = escape(&words::moment(lang, record.created_at)),
            )
        })
        .collect();
    let entries = if records.is_empty() {
        format!(
            "<p>{}</p>\n",
            escape(tr(
                lang,
                "Auf dieser Seite sind keine Einträge.",
                "There are no entries on this page.",
            ))
        )
    } else {
        format!("<ul class=\"entries\">\n{items}</ul>\n")
    };
    let mut paging = Vec::new();
    if number > 1 {
        paging.push(format!(
            "<a href=\"{REGISTER_PATH}?lang={lang_tag}&amp;seite={}\">{}</a>",
            number - 1,
            escape(tr(lang, "Neuere Einträge", "Newer entries"))
        ));
    }
    if more {
        paging.push(format!(
            "<a href=\"{REGISTER_PATH}?lang={lang_tag}&amp;seite={}\">{}</a>",
            number + 1,
            escape(tr(lang, "Ältere Einträge", "Older entries"))
        ));
    }
    let paging = if paging.is_empty() {
        String::new()
    } else {
        format!(
            "<nav aria-label=\"{}\"><p>{}</p></nav>\n",
            escape(tr(lang, "Seiten", "Pages")),
            paging.join(" · ")
        )
    };
    Ok(format!(
        "{summary}<h1>{heading}</h1>\n<p class=\"lead\">{lead}</p>\n\
         <p><a href=\"{NEW_PATH}?lang={lang_tag}\">{record}</a> · \
         <a href=\"{QUEUE_PATH}?lang={lang_tag}\">{queue}</a></p>\n\
         <h2>{search_title}</h2>\n<p>{search_explain}</p>\n\
         <form method=\"post\" action=\"{SEARCH_PATH}?lang={lang_tag}\" novalidate>\n{hidden}\n\
         {search_fields}<button type=\"submit\">{search_button}</button>\n</form>\n{results}\
         <h2>{entries_title}</h2>\n{entries}{paging}",
        summary = search.errors.summary(lang),
        heading = escape(tr(lang, "Register", "Register")),
        lead = escape(&match lang {
            Lang::De => format!("Das Sorgeregister (§ 58 SGB VIII) von {office}."),
            Lang::En => format!("The custody register (§ 58 SGB VIII) of {office}."),
        }),
        record = escape(tr(lang, "Mitteilung erfassen", "Record a notification")),
        queue = escape(tr(
            lang,
            "Offene Änderungsanträge",
            "Pending change requests"
        )),
        search_title = escape(tr(lang, "Kind suchen", "Search for a child")),
        search_explain = escape(tr(
            lang,
            "Die Suche vergleicht wie bei einer Anfrage zu einem Antrag: andere Schreibweisen, \
             Umlaute, Reihenfolge der Vornamen, Tippfehler und vertauschte Ziffern im Datum. \
             Aufgehobene Einträge zählen nicht und werden nicht gefunden.",
            "The search compares as for a query about an application: other spellings, \
             umlauts, order of given names, typos and swapped digits in the date. Cancelled \
             entries do not count and are not found.",
        )),
        hidden = staff.csrf_field(),
        search_fields = search_fields(lang, &search.form, &search.errors),
        search_button = escape(tr(lang, "Suchen", "Search")),
        results = search.results.as_deref().unwrap_or(""),
        entries_title = escape(tr(lang, "Neueste Einträge", "Newest entries")),
    ))
}

fn search_fields(lang: Lang, form: &SearchForm, errors: &FormErrors) -> String {
    let attributes = " maxlength=\"200\" autocomplete=\"off\"";
    let optional = tr(
        lang,
        "Freiwillig. Ohne Geburtsort wird der Ort nicht verglichen.",
        "Optional. Without a place of birth, the place is not compared.",
    );
    [
        text_field(
            lang,
            "search_given_names",
            &form.search_given_names,
            tr(
                lang,
                "Ein oder mehrere Vornamen.",
                "One or more given names.",
            ),
            errors,
            attributes,
        ),
        text_field(
            lang,
            "search_family_name",
            &form.search_family_name,
            tr(
                lang,
                "Der Name bei der Beurkundung der Geburt.",
                "The name when the birth was registered.",
            ),
            errors,
            attributes,
        ),
        date_field(
            lang,
            "search_birth_date",
            &form.search_birth_date,
            "",
            errors,
        ),
        text_field(
            lang,
            "search_ags",
            &form.search_ags,
            optional,
            errors,
            " maxlength=\"8\" inputmode=\"numeric\" autocomplete=\"off\"",
        ),
        text_field(
            lang,
            "search_country",
            &form.search_country,
            tr(
                lang,
                "Freiwillig, nur bei Geburt im Ausland: Ländercode, z. B. AT.",
                "Optional, only for a birth abroad: country code, e.g. AT.",
            ),
            errors,
            " maxlength=\"2\" autocomplete=\"off\"",
        ),
        text_field(
            lang,
            "search_place",
            &form.search_place,
            tr(
                lang,
                "Freiwillig, nur bei Geburt im Ausland: der Ort.",
                "Optional, only for a birth abroad: the place.",
            ),
            errors,
            " maxlength=\"100\" autocomplete=\"off\"",
        ),
    ]
    .concat()
}
