//! Applications that have waited too long for another office, flagged to the issuing office's
//! staff: the register office's system has not answered (the outbox keeps asking), or a person
//! at the register office's own node has still to judge a possible match. Nothing is lost
//! meanwhile, but the mother waits; after `pipeline.flag_waiting_after_minutes` someone at her
//! office should call the register office.
//!
//! The home page says how many there are (a number, not audited); the applications page lists
//! them, longest waiting first (audited like the list), and marks them in the main table.

use time::{Duration, OffsetDateTime};

use super::session::Staff;
use super::{APPLICATIONS_PATH, page, trail, words};
use crate::AppState;
use crate::i18n::Lang;
use crate::pages::html::{escape, tr};
use store::applications::OfficeApplication;

/// At most this many flagged applications are listed above the applications table.
const LISTED: i64 = 50;

/// Whether `listed` has waited for another office for `after` or longer at `now`.
pub(super) fn is_overdue(listed: &OfficeApplication, now: OffsetDateTime, after: Duration) -> bool {
    listed.waits_for_register() && now - listed.received_at >= after
}

/// The moment before which an application still waiting is overdue.
fn waiting_since(state: &AppState) -> OffsetDateTime {
    state.pipeline.clock().now() - state.workbench.config.flag_waiting_after
}

/// `90 Minuten`, `2 Stunden`, `3 Tage`: the configured time, in the largest whole unit.
pub(super) fn span(lang: Lang, after: Duration) -> String {
    let minutes = after.whole_minutes();
    let (n, unit) = if minutes % (24 * 60) == 0 {
        (minutes / (24 * 60), ["Tag", "Tage", "day", "days"])
    } else if minutes % 60 == 0 {
        (minutes / 60, ["Stunde", "Stunden", "hour", "hours"])
    } else {
        (minutes, ["Minute", "Minuten", "minute", "minutes"])
    };
    let index = usize::from(n != 1) + if lang == Lang::En { 2 } else { 0 };
    format!("{n} {}", unit[index])
}

/// The home page's notice, empty when nothing is overdue or the member does no case work.
pub(super) async fn home_notice(state: &AppState, staff: &Staff, lang: Lang) -> String {
    if !super::casework::allowed(staff.role) {
        return String::new();
    }
    let count = match state
        .store()
        .overdue_application_count(&staff.office, waiting_since(state))
        .await
    {
        Ok(count) => count,
        Err(error) => {
            // The home page still shows; the list page will say what failed.
            tracing::warn!(error = %error, "counting overdue applications failed");
            return String::new();
        }
    };
    if count == 0 {
        return String::new();
    }
    let after = span(lang, state.workbench.config.flag_waiting_after);
    let text = match (lang, count) {
        (Lang::De, 1) => {
            format!("1 Antrag wartet seit mehr als {after} auf ein anderes Jugendamt.")
        }
        (Lang::De, n) => {
            format!("{n} Anträge warten seit mehr als {after} auf ein anderes Jugendamt.")
        }
        (Lang::En, 1) => format!("1 application has waited for another office for over {after}."),
        (Lang::En, n) => {
            format!("{n} applications have waited for another office for over {after}.")
        }
    };
    format!(
        "<p class=\"flag\" role=\"status\"><strong>{}</strong> <a href=\"{}\">{}</a></p>\n",
        escape(&text),
        escape(&page::with_lang(APPLICATIONS_PATH, lang)),
        escape(tr(lang, "Zu den Anträgen", "To the applications")),
    )
}

/// The section above the applications table, empty when nothing is overdue.
pub(super) async fn section(
    state: &AppState,
    staff: &Staff,
    lang: Lang,
) -> Result<String, store::StoreError> {
    let now = state.pipeline.clock().now();
    let overdue = state
        .store()
        .overdue_applications(
            &staff.actor(),
            now,
            &staff.office,
            waiting_since(state),
            LISTED,
        )
        .await?;
    if overdue.is_empty() {
        return Ok(String::new());
    }
    let mut rows = String::new();
    for listed in &overdue {
        rows.push_str(&row(state, lang, listed).await?);
    }
    let after = span(lang, state.workbench.config.flag_waiting_after);
    Ok(format!(
        "<section class=\"flag\" aria-labelledby=\"ueberfaellig\">\n\
         <h2 id=\"ueberfaellig\">{heading}</h2>\n<p>{lead}</p>\n\
         <table>\n<thead><tr><th scope=\"col\">{received}</th><th scope=\"col\">{child}</th>\
         <th scope=\"col\">{register}</th><th scope=\"col\">{waiting}</th>\
         <th scope=\"col\">{id}</th></tr></thead>\n<tbody>\n{rows}</tbody>\n</table>\n\
         </section>\n",
        heading = escape(&match lang {
            Lang::De => format!("Seit mehr als {after} offen: {}", overdue.len()),
            Lang::En => format!("Open for more than {after}: {}", overdue.len()),
        }),
        lead = escape(tr(
            lang,
            "Diese Anträge warten auf das Register eines anderen Jugendamts. Die Anfrage ist \
             gespeichert und wird von selbst wiederholt; es geht nichts verloren. Bitte klären \
             Sie mit dem Register-Jugendamt, ob sein System erreichbar ist oder wann die \
             Prüfung abgeschlossen wird.",
            "These applications wait for another office's register. The query is stored and \
             repeated by itself; nothing is lost. Please ask the register office whether its \
             system is reachable, or when its review will be done.",
        )),
        received = escape(tr(lang, "Eingegangen", "Received")),
        child = escape(tr(lang, "Kind", "Child")),
        register = escape(tr(lang, "Register-Jugendamt", "Register office")),
        waiting = escape(tr(lang, "Worauf gewartet wird", "Waiting for")),
        id = escape(tr(lang, "Antrag (Protokoll)", "Application (audit trail)")),
    ))
}

async fn row(
    state: &AppState,
    lang: Lang,
    listed: &OfficeApplication,
) -> Result<String, store::StoreError> {
    let waiting = if listed.review_at_node {
        tr(
            lang,
            "Prüfung durch eine Person beim Register-Jugendamt",
            "A person's review at the register office",
        )
        .to_owned()
    } else {
        match lang {
            Lang::De => format!(
                "Antwort des Registers ({}-mal erneut gefragt)",
                listed.attempts
            ),
            Lang::En => format!(
                "The register's answer (asked again {})",
                times(listed.attempts)
            ),
        }
    };
    let id = match trail::href(&listed.id, lang) {
        Some(href) => format!("<a href=\"{}\">{}</a>", escape(&href), escape(&listed.id)),
        None => escape(&listed.id),
    };
    Ok(format!(
        "<tr><td>{received}</td><td>{child}</td><td>{register}</td><td>{waiting}</td>\
         <td class=\"id\">{id}</td></tr>\n",
        received = escape(&words::moment(lang, listed.received_at)),
        child = escape(&words::child_line(lang, &listed.application.child)),
        register = escape(&words::office(state, &listed.register_office).await?),
        waiting = escape(&waiting),
    ))
}

fn times(n: i64) -> String {
    match n {
        1 => "once".to_owned(),
        n => format!("{n} times"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_span_is_named_in_its_largest_whole_unit() {
        assert_eq!(span(Lang::De, Duration::minutes(60)), "1 Stunde");
        assert_eq!(span(Lang::De, Duration::minutes(90)), "90 Minuten");
        assert_eq!(span(Lang::De, Duration::minutes(1)), "1 Minute");
        assert_eq!(span(Lang::De, Duration::hours(48)), "2 Tage");
        assert_eq!(span(Lang::En, Duration::hours(3)), "3 hours");
        assert_eq!(span(Lang::En, Duration::days(1)), "1 day");
    }
}
