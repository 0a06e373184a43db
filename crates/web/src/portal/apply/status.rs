//! `GET /antraege/{id}`: one of her applications, with its result in plain words once it is
//! decided, or what is happening while it waits. Another citizen's application and an unknown
//! id get the same 404.
//!
//! While the register is being asked, the page waits for the answer before it is sent (up to
//! [`ANSWER_WAIT`]), so the mother sees her result without reloading and without JavaScript.
//! A page that reloads itself on a timer (`<meta http-equiv="refresh">`) would do the same but
//! fails WCAG 2.2.1 (a time limit she cannot turn off); so a page still waiting after that, or
//! waiting for a person's review, says so and offers a reload link instead.

use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

use domain::decision::Outcome;
use pipeline::Offices;
use store::applications::{ApplicationRecord, Status};
use store::certificates::CertificateRecord;

use super::super::frame::{self, PortalPage, escape, prose_of};
use super::super::messages::{Locale, id, t, t_args};
use super::super::session::Citizen;
use super::{FORM_PATH, MINE_PATH, application_path, failure, not_found, words};
use crate::AppState;
use crate::i18n::ineligibility_text;

/// How long the page waits for the register's answer before it says that it is still waiting.
const ANSWER_WAIT: std::time::Duration = std::time::Duration::from_secs(10);
/// How often it looks while waiting.
const ANSWER_POLL: std::time::Duration = std::time::Duration::from_millis(100);

/// `GET /antraege/{id}`.
pub(super) async fn show(
    State(state): State<AppState>,
    citizen: Citizen,
    Path(raw_id): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let locale = Locale::from_query(query.as_deref(), &headers);
    let Some(app_id) = crate::api::common::parse_id(&raw_id) else {
        return not_found(locale, &citizen, MINE_PATH);
    };
    let path = application_path(&app_id);
    let record = match answered(&state, &citizen.subject, &app_id).await {
        Ok(Some(record)) => record,
        Ok(None) => return not_found(locale, &citizen, MINE_PATH),
        Err(error) => return failure(locale, &citizen, &path, &error),
    };
    let offices = match state.pipeline.offices_of(&record).await {
        Ok(offices) => offices,
        Err(error) => return failure(locale, &citizen, &path, &error),
    };
    let certificate = if record.outcome.as_ref().is_some_and(Outcome::certifies) {
        match state
            .store()
            .citizen_certificate(&citizen.subject, &record.id)
            .await
        {
            Ok(certificate) => certificate,
            Err(error) => return failure(locale, &citizen, &path, &error),
        }
    } else {
        None
    };

    let about = about(locale, &record);
    let (title, body) = match (&record.outcome, record.status) {
        (Some(outcome), Status::Decided) => {
            decided(locale, &record, outcome, &offices, certificate.as_ref())
        }
        _ => waiting(locale, &record, &offices, &path),
    };
    let links = format!(
        "<p><a href=\"{}\">{}</a></p>\n<p><a href=\"{}\">{}</a></p>\n",
        escape(&locale.href(MINE_PATH)),
        escape(&t(locale, id::APPLY_MINE_LINK)),
        escape(&locale.href(FORM_PATH)),
        escape(&t(locale, id::APPLY_NEW_LINK)),
    );
    let main = format!("{body}{about}{links}");
    let page = PortalPage {
        locale,
        visitor: &citizen.visitor(),
        title: &title,
        path: &path,
    };
    frame::respond(StatusCode::OK, locale, page.document(&main))
}

/// Her application, once the register has answered or [`ANSWER_WAIT`] has passed; at once
/// when it is decided or waits for a person.
async fn answered(
    state: &AppState,
    subject: &str,
    app_id: &str,
) -> Result<Option<ApplicationRecord>, store::StoreError> {
    let deadline = tokio::time::Instant::now() + ANSWER_WAIT;
    loop {
        let record = state.store().citizen_application(subject, app_id).await?;
        let asking = record
            .as_ref()
            .is_some_and(|r| matches!(r.status, Status::Received | Status::WaitingForRegister));
        if !asking || tokio::time::Instant::now() >= deadline {
            return Ok(record);
        }
        tokio::time::sleep(ANSWER_POLL).await;
    }
}

/// Which application this is: the child, and when it came in.
fn about(locale: Locale, record: &ApplicationRecord) -> String {
    let child = &record.application.child;
    format!(
        "<h2>{heading}</h2>\n<dl class=\"data\"><dt>{child_term}</dt><dd>{child}</dd>\
         <dt>{born_term}</dt><dd>{born}</dd><dt>{received_term}</dt><dd>{received}</dd></dl>\n",
        heading = escape(&t(locale, id::APPLY_STATUS_ABOUT)),
        child_term = escape(&t(locale, id::APPLY_CHILD_HEADING)),
        child = escape(&words::child_name(child)),
        born_term = escape(&t(locale, id::APPLY_CHILD_BIRTH)),
        born = escape(&words::date(locale, child.birth_date)),
        received_term = escape(&t(locale, id::APPLY_STATUS_RECEIVED)),
        received = escape(&words::moment(locale, record.received_at)),
    )
}

/// The title and content of a decided application.
fn decided(
    locale: Locale,
    record: &ApplicationRecord,
    outcome: &Outcome,
    offices: &Offices,
    certificate: Option<&CertificateRecord>,
) -> (String, String) {
    let issuing = offices.issuing.name.as_str();
    let register = offices.register.name.as_str();
    match outcome {
        Outcome::NegativeCertificate | Outcome::PartialCertificate { .. } => {
            let (title, mut body) = match outcome {
                Outcome::PartialCertificate { parts } => {
                    let items: String = parts
                        .iter()
                        .map(|p| format!("<li>{}</li>", escape(words::part(locale, *p))))
                        .collect();
                    (
                        t(locale, id::APPLY_STATUS_PARTIAL_HEADING),
                        format!(
                            "<p>{}</p>\n<ul>{items}</ul>\n<p>{}</p>\n",
                            escape(&t(locale, id::APPLY_STATUS_PARTIAL_BODY)),
                            escape(&t(locale, id::APPLY_STATUS_PARTIAL_REST)),
                        ),
                    )
                }
                _ => (
                    t(locale, id::APPLY_STATUS_ISSUED_HEADING),
                    format!(
                        "<p>{}</p>\n",
                        escape(&t(locale, id::APPLY_STATUS_ISSUED_BODY))
                    ),
                ),
            };
            let document = match certificate {
                Some(c) => issued(locale, record, c, issuing),
                None => contact(locale, id::APPLY_STATUS_NO_DOCUMENT, issuing, register),
            };
            body = format!(
                "<div class=\"result\">\n<h1>{}</h1>\n{body}</div>\n{document}",
                escape(&title)
            );
            (title, body)
        }
        Outcome::NoCertificate => {
            let title = t(locale, id::APPLY_STATUS_NO_HEADING);
            let body = format!(
                "<div class=\"result no\">\n<h1>{}</h1>\n<p>{}</p>\n</div>\n{}",
                escape(&title),
                escape(&t(locale, id::APPLY_STATUS_NO_BODY)),
                contact(locale, id::APPLY_STATUS_NO_CONTACT, issuing, register),
            );
            (title, body)
        }
        Outcome::NotEligible { reason } => {
            let title = t(locale, id::APPLY_STATUS_NOT_ELIGIBLE_HEADING);
            let body = format!(
                "<div class=\"result no\">\n<h1>{}</h1>\n<p>{}</p>\n</div>\n{}",
                escape(&title),
                escape(&ineligibility_text(*reason, locale.lang())),
                contact(
                    locale,
                    id::APPLY_STATUS_NOT_ELIGIBLE_CONTACT,
                    issuing,
                    register
                ),
            );
            (title, body)
        }
    }
}

/// The certificate: number, "Stand", the download, and what to do with it.
fn issued(
    locale: Locale,
    record: &ApplicationRecord,
    certificate: &CertificateRecord,
    issuing: &str,
) -> String {
    let facts = format!(
        "<dl class=\"data\"><dt>{number_term}</dt><dd>{number}</dd>\
         <dt>{as_of_term}</dt><dd>{as_of}</dd><dt>{office_term}</dt><dd>{office}</dd></dl>\n",
        number_term = escape(&t(locale, id::APPLY_STATUS_NUMBER)),
        number = escape(certificate.number.as_str()),
        as_of_term = escape(&t(locale, id::APPLY_STATUS_AS_OF)),
        as_of = escape(&words::moment(locale, certificate.register_as_of)),
        office_term = escape(&t(locale, id::APPLY_STATUS_ISSUED_BY)),
        office = escape(issuing),
    );
    if let Some(revocation) = &certificate.revocation {
        return format!(
            "{facts}<p class=\"notice\">{}</p>\n",
            escape(&t_args(
                locale,
                id::APPLY_STATUS_REVOKED,
                &[
                    ("date", words::moment(locale, revocation.at).into()),
                    ("office", issuing.into()),
                ],
            ))
        );
    }
    if certificate.qr_payload.is_empty() {
        return format!(
            "{facts}{}",
            contact(locale, id::APPLY_STATUS_NO_DOCUMENT, issuing, issuing)
        );
    }
    format!(
        "{facts}{download}<h2>{next}</h2>\n{next_body}<p>{verify} <a href=\"{verify_href}\">{verify_link}</a></p>\n",
        download = frame::button_link(
            &format!("{}/bescheinigung.pdf", application_path(&record.id)),
            &t(locale, id::APPLY_STATUS_DOWNLOAD)
        ),
        next = escape(&t(locale, id::APPLY_STATUS_NEXT_HEADING)),
        next_body = prose_of(locale, id::APPLY_STATUS_NEXT_BODY),
        verify = escape(&t(locale, id::APPLY_STATUS_VERIFY)),
        verify_href = escape(&format!("{}?lang={}", frame::VERIFY_PATH, locale.tag())),
        verify_link = escape(&t(locale, id::APPLY_STATUS_VERIFY_LINK)),
    )
}

/// Whom to ask: a message with the issuing and the register office.
fn contact(
    locale: Locale,
    msg: super::super::messages::Msg,
    issuing: &str,
    register: &str,
) -> String {
    format!(
        "<h2>{}</h2>\n<p>{}</p>\n",
        escape(&t(locale, id::APPLY_STATUS_CONTACT_HEADING)),
        escape(&t_args(
            locale,
            msg,
            &[("issuing", issuing.into()), ("register", register.into())],
        ))
    )
}

/// The title and content of an application still waiting.
fn waiting(
    locale: Locale,
    record: &ApplicationRecord,
    offices: &Offices,
    path: &str,
) -> (String, String) {
    let title = t(locale, id::APPLY_STATUS_WAITING_HEADING);
    let what = match record.status {
        Status::InReview => id::APPLY_STATUS_WAITING_REVIEW,
        _ => id::APPLY_STATUS_WAITING_REGISTER,
    };
    let body = format!(
        "<h1>{title}</h1>\n<p role=\"status\">{what}</p>\n<p>{refresh_text}</p>\n\
         <p><a href=\"{href}\">{refresh}</a></p>\n",
        title = escape(&title),
        what = escape(&t_args(
            locale,
            what,
            &[("office", offices.register.name.as_str().into())]
        )),
        refresh_text = escape(&t(locale, id::APPLY_STATUS_WAITING_REFRESH)),
        href = escape(&locale.href(path)),
        refresh = escape(&t(locale, id::APPLY_STATUS_REFRESH)),
    );
    (title, body)
}
