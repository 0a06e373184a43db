//! The office's open prenatal notifications (`/amt/vorgeburtlich`), longest waiting first,
//! each with its parents, the mother's date of birth, the date of the declarations, the expected date of birth, the
//! source and when it was recorded, linked to its page.

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::http::header::HeaderMap;
use axum::response::Response;

use super::access::{self, Action};
use super::{NEW_PATH, PRENATAL_PATH, notification_path, view};
use crate::AppState;
use crate::i18n::Lang;
use crate::pages::html::{escape, page_lang, tag, tr};
use crate::workbench::{Staff, page, words};
use store::StoreError;
use store::prenatal::LIST_LIMIT;

/// `GET /amt/vorgeburtlich`.
pub async fn page(
    staff: Staff,
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let lang = page_lang(query.as_deref(), &headers);
    if let Err(refused) =
        access::require(&staff, &state, Action::Read, staff.office.as_str(), lang).await
    {
        return refused;
    }
    match build(&state, &staff, lang).await {
        Ok(main) => page::workbench_page(
            StatusCode::OK,
            lang,
            tr(
                lang,
                "Vorgeburtliche Sorgeerklärungen",
                "Declarations before birth",
            ),
            PRENATAL_PATH,
            &main,
        ),
        Err(error) => page::failure(lang, &error),
    }
}

async fn build(state: &AppState, staff: &Staff, lang: Lang) -> Result<String, StoreError> {
    let lang_tag = tag(lang);
    let office = words::office(state, &staff.office).await?;
    let records = state
        .store()
        .open_prenatals(&staff.actor(), state.pipeline.clock().now(), &staff.office)
        .await?;
    let items: String = records
        .iter()
        .map(|record| {
            let n = &record.notification;
            format!(
                "<li><a href=\"{path}?lang={lang_tag}\">{mother_label}: {mother} · \
                 {father_label}: {father}</a><br>\n{mother_born_label}: {mother_born} · \
                 {declared_label} {declared} · \
                 {expected_label}: {expected} · {source} · {recorded_label} {recorded}</li>\n",
                path = notification_path(&record.id),
                mother_label = escape(tr(lang, "Mutter", "Mother")),
                mother = escape(&view::parent(lang, &n.mother)),
                father_label = escape(tr(lang, "Vater", "Father")),
                father = escape(&view::parent(lang, &n.father)),
                mother_born_label = escape(tr(
                    lang,
                    "Geburtsdatum der Mutter",
                    "Mother's date of birth"
                )),
                mother_born = escape(&words::date(lang, n.mother_birth_date)),
                declared_label = escape(tr(lang, "Sorgeerklärungen vom", "Declarations of")),
                declared = escape(&words::date(lang, n.declared_on)),
                expected_label = escape(tr(lang, "Geburtstermin", "Expected birth")),
                expected = escape(&view::expected(lang, n)),
                source = escape(&view::source(lang, &n.source)),
                recorded_label = escape(tr(lang, "erfasst am", "recorded on")),
                recorded = escape(&words::moment(lang, record.created_at)),
            )
        })
        .collect();
    let list = if records.is_empty() {
        format!(
            "<p>{}</p>\n",
            escape(tr(
                lang,
                "Ihr Jugendamt hat keine offenen vorgeburtlichen Mitteilungen.",
                "Your office has no open prenatal notifications.",
            ))
        )
    } else {
        let more = if records.len() as i64 >= LIST_LIMIT {
            format!(
                "<p class=\"note\">{}</p>\n",
                escape(&match lang {
                    Lang::De => format!("Gezeigt werden die {LIST_LIMIT} ältesten."),
                    Lang::En => format!("The {LIST_LIMIT} oldest are shown."),
                })
            )
        } else {
            String::new()
        };
        format!("<ul class=\"entries\">\n{items}</ul>\n{more}")
    };
    Ok(format!(
        "<h1>{heading}</h1>\n<p class=\"lead\">{lead}</p>\n<p>{explain}</p>\n\
         <p><a href=\"{NEW_PATH}?lang={lang_tag}\">{record}</a></p>\n\
         <h2>{open_title}</h2>\n{list}",
        heading = escape(tr(
            lang,
            "Vorgeburtliche Sorgeerklärungen",
            "Declarations before birth",
        )),
        lead = escape(&match lang {
            Lang::De => format!(
                "Mitteilungen über Sorgeerklärungen vor der Geburt (§ 1626b Abs. 2 BGB), die bei \
                 {office} auf die Daten des Kindes warten."
            ),
            Lang::En => format!(
                "Notifications of custody declarations made before the birth (§ 1626b (2) \
                 BGB) waiting at {office} for the child's data."
            ),
        }),
        explain = escape(tr(
            lang,
            "Solange die Geburt nicht eingetragen ist, findet eine Suche nach dem Kind diese \
             Erklärungen nicht; Anträge der Mutter gehen deshalb in die Prüfung. Sobald die \
             Geburt bekannt ist, tragen Sie sie ein: die Mitteilung wird dann ein Eintrag im \
             Register des Jugendamts des Geburtsorts.",
            "Until the birth is entered, a search for the child does not find these \
             declarations, so the mother's applications go to review. Once the birth is known, \
             enter it: the notification then becomes an entry in the register of the youth \
             welfare office of the place of birth.",
        )),
        record = escape(tr(
            lang,
            "Vorgeburtliche Mitteilung erfassen",
            "Record a prenatal notification",
        )),
        open_title = escape(tr(lang, "Offene Mitteilungen", "Open notifications")),
    ))
}
