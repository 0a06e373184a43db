//! The issuing office's applications (`/amt/antraege`): its own applications, newest first,
//! with status, outcome and certificate, and the certificate's sealed PDF
//! (`/amt/antraege/{id}/bescheinigung.pdf`).
//!
//! What the office learns of another office's register is only what the law lets it learn —
//! the outcome (no entries, entries on parts, entries): no entries, no candidates, no review
//! notes appear here. The list and every PDF download are audited by the store. Who may see
//! them: [`super::casework`].

use axum::extract::{Path, RawQuery, State};
use axum::http::header::{
    CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE, HeaderMap, X_CONTENT_TYPE_OPTIONS,
};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use super::session::Staff;
use super::{HOME_PATH, casework, overdue, page, query, trail, words};
use crate::AppState;
use crate::i18n::Lang;
use crate::pages::html::{escape, page_lang, tag, tr};
use store::applications::OfficeApplication;

/// The list.
pub const APPLICATIONS_PATH: &str = "/amt/antraege";

/// Applications per page.
const PER_PAGE: i64 = 25;

/// The address of an application's certificate PDF.
fn pdf_path(application_id: &str) -> String {
    format!("{APPLICATIONS_PATH}/{application_id}/bescheinigung.pdf")
}

/// `GET /amt/antraege?seite={n}`.
pub async fn list(
    staff: Staff,
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let lang = page_lang(query.as_deref(), &headers);
    if let Err(refused) =
        casework::require(&staff, &state, "applications", staff.office.as_str(), lang).await
    {
        return refused;
    }
    let number = query::page_number(query.as_deref());
    let now = state.pipeline.clock().now();
    let listed = state
        .store()
        .office_applications(
            &staff.actor(),
            now,
            &staff.office,
            PER_PAGE,
            (number - 1) * PER_PAGE,
        )
        .await;
    let listed = match listed {
        Ok(listed) => listed,
        Err(error) => return page::failure(lang, &error),
    };
    let flag_after = state.workbench.config.flag_waiting_after;
    let rows: String = listed
        .applications
        .iter()
        .map(|application| {
            row(
                lang,
                application,
                overdue::is_overdue(application, now, flag_after),
            )
        })
        .collect();
    let flagged = match overdue::section(&state, &staff, lang).await {
        Ok(section) => section,
        Err(error) => return page::failure(lang, &error),
    };
    let table = if listed.applications.is_empty() {
        format!(
            "<p class=\"notice\" role=\"status\">{}</p>\n",
            escape(if listed.total == 0 {
                tr(
                    lang,
                    "Bei Ihrem Jugendamt ist noch kein Antrag eingegangen.",
                    "Your office has not received any application yet.",
                )
            } else {
                tr(
                    lang,
                    "Auf dieser Seite gibt es keine Anträge mehr.",
                    "There are no more applications on this page.",
                )
            })
        )
    } else {
        let first = (number - 1) * PER_PAGE + 1;
        let last = first + listed.applications.len() as i64 - 1;
        format!(
            "<table>\n<caption>{caption}</caption>\n<thead><tr><th scope=\"col\">{received}</th>\
             <th scope=\"col\">{applicant}</th><th scope=\"col\">{child}</th>\
             <th scope=\"col\">{status}</th><th scope=\"col\">{outcome}</th>\
             <th scope=\"col\">{certificate}</th><th scope=\"col\">{id}</th></tr></thead>\n\
             <tbody>\n{rows}</tbody>\n</table>\n",
            caption = escape(&match lang {
                Lang::De => format!("Anträge {first}–{last} von {}", listed.total),
                Lang::En => format!("Applications {first}–{last} of {}", listed.total),
            }),
            received = escape(tr(lang, "Eingegangen", "Received")),
            applicant = escape(tr(lang, "Antragstellerin", "Applicant")),
            child = escape(tr(lang, "Kind", "Child")),
            status = escape(tr(lang, "Bearbeitungsstand", "Status")),
            outcome = escape(tr(lang, "Ergebnis", "Outcome")),
            certificate = escape(tr(lang, "Bescheinigung", "Certificate")),
            id = escape(tr(lang, "Antrag (Protokoll)", "Application (audit trail)")),
        )
    };
    let pages = (listed.total + PER_PAGE - 1) / PER_PAGE;
    let title = tr(lang, "Anträge", "Applications");
    let main = format!(
        "<p><a href=\"{home}\">{home_text}</a></p>\n<h1>{heading}</h1>\n\
         <p class=\"lead\">{lead}</p>\n{flagged}{table}{pager}",
        home = escape(&page::with_lang(HOME_PATH, lang)),
        home_text = escape(tr(lang, "Zum Arbeitsplatz", "To the workbench")),
        heading = escape(title),
        lead = escape(tr(
            lang,
            "Die Anträge auf Negativbescheinigung bei Ihrem Jugendamt, die neuesten zuerst. Vom \
             Register eines anderen Jugendamts sehen Sie nur das Ergebnis seiner Antwort, wie \
             es § 58 SGB VIII vorsieht.",
            "The applications for a certificate at your office, newest first. Of another \
             office's register you see only the outcome of its answer, as § 58 SGB VIII \
             provides.",
        )),
        pager = pager(lang, number, pages),
    );
    page::workbench_page(StatusCode::OK, lang, title, APPLICATIONS_PATH, &main)
}

fn row(lang: Lang, listed: &OfficeApplication, overdue: bool) -> String {
    let applicant = &listed.application.applicant;
    let child = &listed.application.child;
    let outcome = listed
        .outcome
        .as_ref()
        .map(|o| words::outcome(lang, o))
        .unwrap_or_else(|| "–".to_owned());
    let certificate = match &listed.certificate {
        None => "–".to_owned(),
        Some(certificate) => {
            let mut cell = escape(certificate.number.as_str());
            if certificate.sealed {
                cell.push_str(&format!(
                    "<br><a href=\"{}\">{}</a>",
                    escape(&pdf_path(&listed.id)),
                    escape(tr(lang, "PDF herunterladen", "Download the PDF")),
                ));
            }
            if certificate.revoked {
                cell.push_str(&format!(
                    "<br><strong>{}</strong>",
                    escape(tr(lang, "widerrufen", "revoked"))
                ));
            }
            cell
        }
    };
    let id = match trail::href(&listed.id, lang) {
        Some(href) => format!("<a href=\"{}\">{}</a>", escape(&href), escape(&listed.id)),
        None => escape(&listed.id),
    };
    format!(
        "<tr><td>{received}</td><td>{applicant}</td><td>{child}</td><td>{status}</td>\
         <td>{outcome}</td><td>{certificate}</td><td class=\"id\">{id}</td></tr>\n",
        received = escape(&words::moment(lang, listed.received_at)),
        applicant = escape(&format!(
            "{} {}",
            applicant.given_names, applicant.family_name
        )),
        child = escape(&words::child_line(lang, child)),
        status = if overdue {
            format!(
                "{}<br><strong>{}</strong>",
                escape(words::status(lang, listed.status)),
                escape(tr(lang, "überfällig", "overdue"))
            )
        } else {
            escape(words::status(lang, listed.status))
        },
        outcome = escape(&outcome),
    )
}

/// Links to the newer and older pages, where there are any.
fn pager(lang: Lang, number: i64, pages: i64) -> String {
    let link = |n: i64, text: &str, rel: &str| {
        format!(
            "<a href=\"{APPLICATIONS_PATH}?seite={n}&amp;lang={}\" rel=\"{rel}\">{}</a>",
            tag(lang),
            escape(text)
        )
    };
    let mut links = Vec::new();
    if number > 1 {
        links.push(link(
            (number - 1).min(pages.max(1)),
            tr(lang, "← Neuere Anträge", "← Newer applications"),
            "prev",
        ));
    }
    if number < pages {
        links.push(link(
            number + 1,
            tr(lang, "Ältere Anträge →", "Older applications →"),
            "next",
        ));
    }
    if links.is_empty() {
        return String::new();
    }
    format!(
        "<nav aria-label=\"{}\"><p>{}</p></nav>\n",
        escape(tr(lang, "Seiten", "Pages")),
        links.join(" · ")
    )
}

/// `GET /amt/antraege/{id}/bescheinigung.pdf`: the sealed certificate of an application of the
/// member's office (issuing office only), audited as a read.
pub async fn pdf(
    staff: Staff,
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let lang = page_lang(query.as_deref(), &headers);
    let back = (
        APPLICATIONS_PATH,
        tr(lang, "Zu den Anträgen", "To the applications"),
    );
    let Some(id) = casework::record_id(&id) else {
        return casework::not_found(lang, back);
    };
    let store = state.store();
    match store.application_offices(id).await {
        Ok(Some(offices)) => {
            if let Err(refused) = staff
                .require_office(&state, &offices.issuing, id, lang)
                .await
            {
                return refused;
            }
        }
        Ok(None) => return casework::not_found(lang, back),
        Err(error) => return page::failure(lang, &error),
    }
    if let Err(refused) = casework::require(&staff, &state, "certificate_pdf", id, lang).await {
        return refused;
    }
    let number = match store.certificate_of_application(id).await {
        Ok(Some(certificate)) => certificate.number,
        Ok(None) => return casework::not_found(lang, back),
        Err(error) => return page::failure(lang, &error),
    };
    let now = state.pipeline.clock().now();
    let pdf = match store.certificate_pdf(&staff.actor(), now, &number).await {
        Ok(Some((_, pdf))) => pdf,
        Ok(None) => return casework::not_found(lang, back),
        Err(error) => return page::failure(lang, &error),
    };
    let mut response = pdf.into_response();
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/pdf"));
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    if let Ok(value) =
        HeaderValue::from_str(&format!("attachment; filename=\"{}.pdf\"", number.as_str()))
    {
        headers.insert(CONTENT_DISPOSITION, value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pager_links_only_to_pages_that_exist() {
        assert_eq!(pager(Lang::De, 1, 1), "");
        let first = pager(Lang::De, 1, 3);
        assert!(first.contains("seite=2") && !first.contains("rel=\"prev\""));
        let last = pager(Lang::En, 3, 3);
        assert!(last.contains("seite=2") && !last.contains("rel=\"next\""));
    }
}
