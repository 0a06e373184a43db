//! The audit trail of one record (`GET /amt/protokoll?subjekt={id}`): who did what to an entry
//! or an application of the member's office, and when, newest first.
//!
//! Only the office's own records are shown ([`store::Store::office_audit_of`]): an
//! application has two offices, and each sees its own part of its history — the issuing
//! office the application's course, the register office its search and review. An entry or
//! application of another office is refused (403) and the attempt audited in that office's
//! trail. Other ids (a certificate number, say) show the office's own records about them, if
//! there are any. Audit records hold ids and codes, never personal data; the page names the
//! actions in words where it knows them and shows unknown ones as recorded.

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::http::header::HeaderMap;
use axum::response::Response;
use serde_json::Value;

use super::session::Staff;
use super::{HOME_PATH, casework, page, words};
use crate::AppState;
use crate::i18n::Lang;
use crate::pages::html::{described, error_summary, escape, field, page_lang, tag, tr};

/// The trail page.
pub const TRAIL_PATH: &str = "/amt/protokoll";

/// Records shown at most (the newest).
const LIMIT: i64 = 500;

/// The address of the trail of `subject` in `lang`; `None` for an id the page would not accept.
pub(super) fn href(subject: &str, lang: Lang) -> Option<String> {
    casework::record_id(subject).map(|id| format!("{TRAIL_PATH}?subjekt={id}&lang={}", tag(lang)))
}

/// `GET /amt/protokoll?subjekt={id}`: the trail; without `subjekt`, the form asking for an id.
pub async fn page(
    staff: Staff,
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let lang = page_lang(query.as_deref(), &headers);
    let asked: Option<String> = query.as_deref().and_then(|q| {
        serde_urlencoded::from_str::<Vec<(String, String)>>(q)
            .ok()?
            .into_iter()
            .find(|(key, _)| key == "subjekt")
            .map(|(_, value)| value)
    });
    let Some(asked) = asked.filter(|a| !a.trim().is_empty()) else {
        if let Err(refused) =
            casework::require(&staff, &state, "audit_trail", staff.office.as_str(), lang).await
        {
            return refused;
        }
        return ask(lang, StatusCode::OK, "", None);
    };
    let Some(subject) = casework::record_id(&asked) else {
        let shown: String = asked.chars().take(100).collect();
        let error = tr(
            lang,
            "Bitte geben Sie die Kennung eines Eintrags oder Antrags ein, z. B. \
             6d1f2c1e-0b4a-4d39-9a51-2f0d7c3e5a04 (nur Buchstaben, Ziffern und Bindestriche).",
            "Please enter the id of an entry or application, e.g. \
             6d1f2c1e-0b4a-4d39-9a51-2f0d7c3e5a04 (letters, digits and hyphens only).",
        );
        return ask(lang, StatusCode::UNPROCESSABLE_ENTITY, &shown, Some(error));
    };
    let known = match owned(&staff, &state, subject, lang).await {
        Ok(known) => known,
        Err(refused) => return refused,
    };
    if let Err(refused) = casework::require(&staff, &state, "audit_trail", subject, lang).await {
        return refused;
    }
    let store = state.store();
    let (records, colleagues) = match (
        store.office_audit_of(&staff.office, subject, LIMIT).await,
        store.staff_users(Some(&staff.office)).await,
    ) {
        (Ok(records), Ok(colleagues)) => (records, colleagues),
        (Err(error), _) | (_, Err(error)) => return page::failure(lang, &error),
    };
    if records.is_empty() && !known {
        return casework::not_found(
            lang,
            (TRAIL_PATH, tr(lang, "Zum Protokoll", "To the trail")),
        );
    }
    let rows: String = records
        .iter()
        .map(|record| {
            format!(
                "<tr><td>{at}</td><td>{action}</td><td>{actor}</td><td>{detail}</td></tr>\n",
                at = escape(&words::moment(lang, record.at)),
                action = escape(&action_name(lang, &record.action)),
                actor = escape(&words::actor(lang, &colleagues, &record.actor)),
                detail = escape(&detail_text(&record.detail)),
            )
        })
        .collect();
    let more = if records.is_empty() {
        format!(
            "<p class=\"notice\" role=\"status\">{}</p>\n",
            escape(tr(
                lang,
                "Zu dieser Kennung hat Ihr Jugendamt noch nichts protokolliert.",
                "Your office has recorded nothing about this id yet.",
            ))
        )
    } else if records.len() as i64 == LIMIT {
        format!(
            "<p class=\"notice\">{}</p>\n",
            escape(&match lang {
                Lang::De => format!("Gezeigt werden die neuesten {LIMIT} Einträge."),
                Lang::En => format!("The newest {LIMIT} records are shown."),
            })
        )
    } else {
        String::new()
    };
    let title = tr(lang, "Protokoll", "Audit trail");
    let main = format!(
        "<p><a href=\"{home}\">{home_text}</a></p>\n<h1>{heading}</h1>\n<p class=\"lead\">{lead}</p>\n\
         {more}<table>\n<caption>{caption}</caption>\n<thead><tr><th scope=\"col\">{at}</th>\
         <th scope=\"col\">{action}</th><th scope=\"col\">{actor}</th>\
         <th scope=\"col\">{detail}</th></tr></thead>\n<tbody>\n{rows}</tbody>\n</table>\n",
        home = escape(&page::with_lang(HOME_PATH, lang)),
        home_text = escape(tr(lang, "Zum Arbeitsplatz", "To the workbench")),
        heading = escape(&format!("{title}: {subject}")),
        lead = escape(tr(
            lang,
            "Was bei Ihrem Jugendamt zu dieser Kennung protokolliert ist, das Neueste zuerst. \
             Protokolleinträge anderer Jugendämter zum selben Vorgang sind hier nicht zu sehen.",
            "What your office recorded about this id, newest first. Records of other offices \
             about the same matter are not shown here.",
        )),
        caption = escape(&match lang {
            Lang::De if records.len() == 1 => "1 Protokolleintrag".to_owned(),
            Lang::En if records.len() == 1 => "1 audit record".to_owned(),
            Lang::De => format!("{} Protokolleinträge", records.len()),
            Lang::En => format!("{} audit records", records.len()),
        }),
        at = escape(tr(lang, "Zeitpunkt", "Time")),
        action = escape(tr(lang, "Vorgang", "Action")),
        actor = escape(tr(lang, "Wer", "Who")),
        detail = escape(tr(lang, "Einzelheiten", "Details")),
    );
    page::workbench_page(StatusCode::OK, lang, title, TRAIL_PATH, &main)
}

/// Whether `subject` is an entry or application of the member's office; refuses (403,
/// audited) one of another office. An application belongs to both its offices.
async fn owned(
    staff: &Staff,
    state: &AppState,
    subject: &str,
    lang: Lang,
) -> Result<bool, Response> {
    let store = state.store();
    match store.application_offices(subject).await {
        Ok(Some(offices)) if offices.involve(&staff.office) => return Ok(true),
        Ok(Some(offices)) => {
            return staff
                .require_office(state, &offices.issuing, subject, lang)
                .await
                .map(|()| true);
        }
        Ok(None) => {}
        Err(error) => return Err(page::failure(lang, &error)),
    }
    match store.entry_owner(subject).await {
        Ok(Some(owner)) => staff
            .require_office(state, &owner, subject, lang)
            .await
            .map(|()| true),
        Ok(None) => Ok(false),
        Err(error) => Err(page::failure(lang, &error)),
    }
}

/// The form asking for an id (a GET form: nothing changes).
fn ask(lang: Lang, status: StatusCode, value: &str, error: Option<&str>) -> Response {
    let errors: Vec<(&str, &str)> = error.map(|e| ("subjekt", e)).into_iter().collect();
    let input = field(
        "subjekt",
        tr(lang, "Kennung", "Id"),
        tr(
            lang,
            "Die Kennung eines Eintrags Ihres Registers oder eines Antrags Ihres Jugendamts. \
             Sie steht auf der Seite des Eintrags, des Prüfauftrags oder in der Antragsliste.",
            "The id of an entry of your register or an application of your office. It is shown \
             on the entry's page, the review task's page or in the list of applications.",
        ),
        error,
        &format!(
            "<input type=\"text\" id=\"subjekt\" name=\"subjekt\" maxlength=\"100\" \
             autocomplete=\"off\" spellcheck=\"false\" value=\"{}\"{}>",
            escape(value),
            described("subjekt", error.is_some())
        ),
    );
    let title = tr(lang, "Protokoll", "Audit trail");
    let main = format!(
        "{summary}<p><a href=\"{home}\">{home_text}</a></p>\n<h1>{heading}</h1>\n\
         <p class=\"lead\">{lead}</p>\n<form method=\"get\" action=\"{TRAIL_PATH}\">\n\
         <input type=\"hidden\" name=\"lang\" value=\"{lang_tag}\">\n{input}\
         <button type=\"submit\">{submit}</button>\n</form>\n",
        summary = error_summary(lang, &errors),
        home = escape(&page::with_lang(HOME_PATH, lang)),
        home_text = escape(tr(lang, "Zum Arbeitsplatz", "To the workbench")),
        heading = escape(title),
        lead = escape(tr(
            lang,
            "Wer wann was mit einem Eintrag oder Antrag Ihres Jugendamts getan hat.",
            "Who did what and when with an entry or application of your office.",
        )),
        lang_tag = tag(lang),
        submit = escape(tr(lang, "Protokoll anzeigen", "Show the trail")),
    );
    let title = if error.is_some() {
        format!("{}{title}", tr(lang, "Fehler: ", "Error: "))
    } else {
        title.to_owned()
    };
    page::workbench_page(status, lang, &title, TRAIL_PATH, &main)
}

/// An audit action in words; one the page does not know, as recorded.
pub(super) fn action_name(lang: Lang, action: &str) -> String {
    let known = match action {
        "application.received" => Some(("Antrag eingegangen", "Application received")),
        "application.decided" => Some(("Antrag entschieden", "Application decided")),
        "application.in_review" => Some((
            "Antrag zur Prüfung an das Registeramt verwiesen",
            "Application referred to review at the register office",
        )),
        "application.listed" => Some(("Antragsliste angesehen", "List of applications viewed")),
        "register_query.sent" => Some((
            "Anfrage an das Registeramt gesendet",
            "Query sent to the register office",
        )),
        "register.searched" => Some(("Register durchsucht", "Register searched")),
        "register.listed" => Some(("Register angesehen", "Register viewed")),
        "register.imported" => Some(("Einträge übernommen", "Entries imported")),
        "register_entry.created" => Some(("Eintrag angelegt", "Entry recorded")),
        "register_entry.read" => Some(("Eintrag angesehen", "Entry viewed")),
        "register_entry.history_read" => Some((
            "Verlauf des Eintrags angesehen",
            "History of the entry viewed",
        )),
        "register_entry.corrected" => Some(("Eintrag berichtigt", "Entry corrected")),
        "register_entry.cancelled" => Some(("Eintrag aufgehoben", "Entry cancelled")),
        "register_entry.change_requested" => Some((
            "Änderung des Eintrags beantragt (Vier-Augen-Prinzip)",
            "Change of the entry requested (four eyes)",
        )),
        "register_entry.change_approved" => Some((
            "Änderung des Eintrags genehmigt",
            "Change of the entry approved",
        )),
        "register_entry.change_rejected" => Some((
            "Änderung des Eintrags abgelehnt",
            "Change of the entry rejected",
        )),
        "register_entry.change_withdrawn" => {
            Some(("Änderungsantrag zurückgezogen", "Change request withdrawn"))
        }
        "review.listed" => Some(("Prüfaufträge angesehen", "Review tasks viewed")),
        "review.case_read" => Some(("Prüfauftrag angesehen", "Review task viewed")),
        "review.verdict" => Some((
            "Eintrag im Prüfauftrag beurteilt",
            "Entry judged in a review",
        )),
        "review.settled" => Some(("Prüfauftrag entschieden", "Review task settled")),
        "review.prenatal_verdict" => Some((
            "Vorgeburtliche Mitteilung im Prüfauftrag beurteilt",
            "Prenatal notification judged in a review",
        )),
        "prenatal.recorded" => Some((
            "Vorgeburtliche Mitteilung erfasst",
            "Prenatal notification recorded",
        )),
        "prenatal.listed" => Some((
            "Vorgeburtliche Mitteilungen angesehen",
            "Prenatal notifications viewed",
        )),
        "prenatal.read" => Some((
            "Vorgeburtliche Mitteilung angesehen",
            "Prenatal notification viewed",
        )),
        "prenatal.matched" => Some((
            "Vorgeburtliche Mitteilung zu einem Antrag gefunden",
            "Prenatal notification found for an application",
        )),
        "prenatal.completed" => Some((
            "Vorgeburtliche Mitteilung um die Geburt ergänzt",
            "Prenatal notification completed with the birth",
        )),
        "certificate.pdf_read" => Some(("Bescheinigung abgerufen", "Certificate downloaded")),
        "certificate.revoked" => Some(("Bescheinigung widerrufen", "Certificate revoked")),
        "staff.cross_office_refused" => Some((
            "Zugriff eines anderen Jugendamts abgewiesen",
            "Access by another office refused",
        )),
        "staff.role_refused" => Some((
            "Zugriff abgewiesen: nicht für diese Rolle",
            "Access refused: not for this role",
        )),
        _ => None,
    };
    match known {
        Some((de, en)) => tr(lang, de, en).to_owned(),
        None => action.to_owned(),
    }
}

/// An audit record's detail as `key: value` pairs (codes and counts only).
fn detail_text(detail: &Value) -> String {
    match detail {
        Value::Object(map) => map
            .iter()
            .filter(|(_, value)| !value.is_null())
            .map(|(key, value)| match value {
                Value::String(text) => format!("{key}: {text}"),
                other => format!("{key}: {other}"),
            })
            .collect::<Vec<_>>()
            .join("; "),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn known_actions_in_words_unknown_ones_raw() {
        assert_eq!(
            action_name(Lang::De, "review.settled"),
            "Prüfauftrag entschieden"
        );
        assert_eq!(
            action_name(Lang::En, "application.decided"),
            "Application decided"
        );
        assert_eq!(action_name(Lang::De, "something.new"), "something.new");
    }

    #[test]
    fn details_are_listed_without_nulls() {
        assert_eq!(
            detail_text(
                &json!({"outcome": "negative_certificate", "certificate": null, "review": true})
            ),
            "outcome: negative_certificate; review: true"
        );
        assert_eq!(detail_text(&Value::Null), "");
    }

    #[test]
    fn links_only_for_plain_ids() {
        assert_eq!(
            href("abc-1", Lang::En).as_deref(),
            Some("/amt/protokoll?subjekt=abc-1&lang=en")
        );
        assert_eq!(href("a b", Lang::De), None);
    }
}
