//! One prenatal notification (`/amt/vorgeburtlich/{id}`): its content and status, and while it
//! is open the form "Geburt eintragen" that completes it with the child's data. A completed
//! notification says whose register it is in now: the member's own (with a link to the entry)
//! or another office's (by name only: that register is not the member's to read).

use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::http::header::HeaderMap;
use axum::response::Response;

use super::access::{self, Action};
use super::fields::FormErrors;
use super::form::{self, BirthForm};
use super::{PRENATAL_PATH, birth_path, view};
use crate::AppState;
use crate::i18n::Lang;
use crate::pages::html::{escape, page_lang, tag, tr};
use crate::workbench::{REGISTER_PATH, Staff, page, words};
use domain::prenatal::{BORN_AFTER_DECLARATION, BORN_BEFORE_DECLARATION};
use store::StoreError;
use store::prenatal::{PrenatalRecord, PrenatalStatus};

/// The birth form as the page shows it: as entered and with what is wrong, after a refused
/// submission; and the notice after a change (markup).
#[derive(Debug, Default)]
pub(super) struct BirthForms {
    pub form: BirthForm,
    pub errors: FormErrors,
    pub notice: String,
}

/// `GET /amt/vorgeburtlich/{id}`.
pub async fn page(
    staff: Staff,
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let lang = page_lang(query.as_deref(), &headers);
    let id = match access::notification_for(&staff, &state, &id, Action::Read, lang).await {
        Ok(id) => id,
        Err(refused) => return refused,
    };
    let forms = BirthForms {
        notice: view::notice(lang, query.as_deref()),
        ..BirthForms::default()
    };
    render(&state, &staff, lang, &id, StatusCode::OK, &forms).await
}

/// The page of notification `id` (held by the member's office, checked by the caller).
pub(super) async fn render(
    state: &AppState,
    staff: &Staff,
    lang: Lang,
    id: &str,
    status: StatusCode,
    forms: &BirthForms,
) -> Response {
    let record = match state
        .store()
        .prenatal(
            &staff.actor(),
            state.pipeline.clock().now(),
            &staff.office,
            id,
        )
        .await
    {
        Ok(Some(record)) => record,
        Ok(None) => return access::not_found(lang),
        Err(error) => return page::failure(lang, &error),
    };
    match build(state, staff, lang, &record, forms).await {
        Ok(main) => {
            let title = forms.errors.title(
                lang,
                tr(lang, "Vorgeburtliche Mitteilung", "Prenatal notification"),
            );
            page::workbench_page(status, lang, &title, PRENATAL_PATH, &main)
        }
        Err(error) => page::failure(lang, &error),
    }
}

async fn build(
    state: &AppState,
    staff: &Staff,
    lang: Lang,
    record: &PrenatalRecord,
    forms: &BirthForms,
) -> Result<String, StoreError> {
    let lang_tag = tag(lang);
    let n = &record.notification;
    let colleagues = state.store().staff_users(Some(&staff.office)).await?;
    let mut rows = view::content_rows(lang, n);
    rows.push((
        tr(lang, "Erfasst", "Recorded"),
        format!(
            "{}, {}",
            words::moment(lang, record.created_at),
            words::actor(lang, &colleagues, &record.created_by)
        ),
    ));
    if let (Some(at), Some(by)) = (record.completed_at, &record.completed_by) {
        rows.push((
            tr(lang, "Geburt eingetragen", "Birth entered"),
            format!(
                "{}, {}",
                words::moment(lang, at),
                words::actor(lang, &colleagues, by)
            ),
        ));
    }
    let rows: String = rows
        .iter()
        .map(|(label, value)| format!("<dt>{}</dt><dd>{}</dd>\n", escape(label), escape(value)))
        .collect();
    let after = match record.status {
        PrenatalStatus::Open => birth_section(state, staff, lang, record, forms).await?,
        PrenatalStatus::Completed => register_section(state, staff, lang, record).await?,
    };
    Ok(format!(
        "{summary}<h1>{heading}</h1>\n{notice}\
         <p class=\"lead\">{status_label}: <strong>{status}</strong></p>\n\
         <dl class=\"data\">\n{rows}</dl>\n{after}\
         <p><a href=\"{PRENATAL_PATH}?lang={lang_tag}\">{back}</a></p>\n",
        summary = forms.errors.summary(lang),
        heading = escape(&format!(
            "{}: {}",
            tr(lang, "Vorgeburtliche Mitteilung", "Prenatal notification"),
            view::parent(lang, &n.mother)
        )),
        notice = forms.notice,
        status_label = escape(tr(lang, "Status", "Status")),
        status = escape(view::status(lang, record.status)),
        back = escape(tr(
            lang,
            "Zu den vorgeburtlichen Mitteilungen",
            "To the prenatal notifications",
        )),
    ))
}

/// The form "Geburt eintragen", for an open notification and a member who may complete it.
async fn birth_section(
    state: &AppState,
    staff: &Staff,
    lang: Lang,
    record: &PrenatalRecord,
    forms: &BirthForms,
) -> Result<String, StoreError> {
    if !Action::Complete.permitted(staff.role) {
        return Ok(String::new());
    }
    let declared = record.notification.declared_on;
    let span = |date: Option<time::Date>| {
        date.map(|d| words::date(lang, d))
            .unwrap_or_else(|| "–".to_owned())
    };
    let first = span(declared.checked_sub(BORN_BEFORE_DECLARATION));
    let last = span(declared.checked_add(BORN_AFTER_DECLARATION));
    let note = crate::workbench::forms::place_note(state, lang, &forms.form.child_ags).await?;
    Ok(format!(
        "<h2>{title}</h2>\n<p>{explain}</p>\n\
         <form method=\"post\" action=\"{action}?lang={lang_tag}\" novalidate>\n{hidden}\n\
         {fields}<button type=\"submit\">{submit}</button>\n</form>\n",
        title = escape(tr(lang, "Geburt eintragen", "Enter the birth")),
        explain = escape(&match lang {
            Lang::De => format!(
                "Sobald die Geburt bekannt ist, tragen Sie die Daten des Kindes ein, wie bei der \
                 Beurkundung der Geburt. Die Mitteilung wird dann ein Eintrag im Register des \
                 Jugendamts des Geburtsorts (bei Geburt im Ausland: Land Berlin) – auch wenn \
                 das ein anderes Jugendamt ist. Ein Kind, das diese Sorgeerklärungen betreffen, \
                 ist zwischen dem {first} und dem {last} geboren."
            ),
            Lang::En => format!(
                "Once the birth is known, enter the child's data as registered at birth. The \
                 notification then becomes an entry in the register of the youth welfare office \
                 of the place of birth (for a birth abroad: the Land Berlin) – even where that \
                 is another office. A child these declarations concern was born between {first} \
                 and {last}."
            ),
        }),
        action = birth_path(&record.id),
        lang_tag = tag(lang),
        hidden = staff.csrf_field(),
        fields = form::birth_fields(lang, &forms.form, &forms.errors, note.as_deref()),
        submit = escape(tr(lang, "Geburt eintragen", "Enter the birth")),
    ))
}

/// Whose register a completed notification is in now.
async fn register_section(
    state: &AppState,
    staff: &Staff,
    lang: Lang,
    record: &PrenatalRecord,
) -> Result<String, StoreError> {
    let Some(entry) = &record.entry_id else {
        return Ok(String::new());
    };
    let Some(office) = state.store().entry_owner(entry).await? else {
        return Ok(String::new());
    };
    let name = match state.store().office(&office).await? {
        Some(record) => record.name,
        None => office.to_string(),
    };
    let title = format!(
        "<h2>{}</h2>\n",
        escape(tr(lang, "Im Register", "In the register"))
    );
    Ok(if office == staff.office {
        format!(
            "{title}<p>{text} <a href=\"{REGISTER_PATH}/{entry}?lang={lang_tag}\">{link}</a></p>\n",
            text = escape(tr(
                lang,
                "Das Kind ist im Bezirk Ihres Jugendamts geboren; die Sorgeerklärungen sind \
                 jetzt ein Eintrag in Ihrem Register.",
                "The child was born in your office's district; the declarations are an entry \
                 in your register now.",
            )),
            entry = escape(entry),
            lang_tag = tag(lang),
            link = escape(tr(lang, "Zum Registereintrag", "To the register entry")),
        )
    } else {
        format!(
            "{title}<p>{}</p>\n",
            escape(&match lang {
                Lang::De => format!(
                    "Die Sorgeerklärungen sind jetzt ein Eintrag im Register von {name}, dem \
                     Jugendamt des Geburtsorts. Dort werden Anfragen zu dem Kind beantwortet; \
                     Änderungen des Eintrags nimmt dieses Jugendamt vor."
                ),
                Lang::En => format!(
                    "The declarations are an entry in the register of {name}, the youth welfare \
                     office of the place of birth, now. Queries about the child are answered \
                     there; that office makes any change to the entry."
                ),
            })
        )
    })
}
