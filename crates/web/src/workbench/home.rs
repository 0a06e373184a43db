//! The workbench's home page (`/amt`): who is logged in, for which office and in which role,
//! the areas of the workbench, and logout.

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::http::header::HeaderMap;
use axum::response::Response;

use super::page;
use super::session::Staff;
use super::{HOME_PATH, LOGOUT_PATH};
use crate::AppState;
use crate::i18n::Lang;
use crate::pages::html::{escape, page_lang, tag, tr};
use store::staff::StaffRole;

/// The name of a role as the office says it.
pub(super) fn role_name(role: StaffRole, lang: Lang) -> &'static str {
    match role {
        StaffRole::Clerk => tr(lang, "Sachbearbeitung", "Clerk"),
        StaffRole::Supervisor => tr(lang, "Sachgebietsleitung", "Supervisor"),
        StaffRole::Admin => tr(lang, "Administration", "Administrator"),
    }
}

/// `GET /amt`.
pub async fn page(
    staff: Staff,
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let lang = page_lang(query.as_deref(), &headers);
    let office_name = match state.store().office(&staff.office).await {
        Ok(Some(office)) => office.name,
        Ok(None) => staff.office.to_string(),
        Err(error) => return page::failure(lang, &error),
    };
    // The areas later work fills; named here so that staff see what the workbench is for.
    // Admins manage accounts and see no register data.
    let register = (staff.role != StaffRole::Admin).then_some(super::REGISTER_PATH);
    let casework = super::casework::allowed(staff.role);
    let areas = [
        (
            register,
            tr(lang, "Register", "Register"),
            tr(
                lang,
                "Einträge des Sorgeregisters Ihres Jugendamts",
                "Entries of your office's custody register",
            ),
        ),
        (
            register.map(|_| super::CHANGE_REQUESTS_PATH),
            tr(lang, "Änderungsanträge", "Change requests"),
            tr(
                lang,
                "Berichtigungen und Austragungen, die auf eine zweite Person warten",
                "Corrections and cancellations waiting for a second person",
            ),
        ),
        (
            register.map(|_| super::PRENATAL_PATH),
            tr(
                lang,
                "Vorgeburtliche Sorgeerklärungen",
                "Declarations before birth",
            ),
            tr(
                lang,
                "Sorgeerklärungen vor der Geburt, die auf die Daten des Kindes warten",
                "Custody declarations made before the birth, waiting for the child's data",
            ),
        ),
        (
            casework.then_some(super::REVIEWS_PATH),
            tr(lang, "Prüfaufträge", "Review tasks"),
            tr(
                lang,
                "Anfragen, bei denen ein Registereintrag das Kind betreffen könnte",
                "Queries where a register entry might concern the child",
            ),
        ),
        (
            casework.then_some(super::APPLICATIONS_PATH),
            tr(lang, "Anträge", "Applications"),
            tr(
                lang,
                "Anträge auf Negativbescheinigung bei Ihrem Jugendamt",
                "Applications for a certificate at your office",
            ),
        ),
        (
            casework.then_some(super::TRAIL_PATH),
            tr(lang, "Protokoll", "Audit trail"),
            tr(
                lang,
                "Wer wann was im Register Ihres Jugendamts getan hat",
                "Who did what and when in your office's register",
            ),
        ),
    ];
    // Every area has its page now; one without a link is not for the member's role.
    let later = tr(lang, "nicht für Ihre Rolle", "not for your role");
    let items: String = areas
        .iter()
        .map(|(path, name, what)| match path {
            Some(path) => format!(
                "<li><a href=\"{}\"><strong>{}</strong></a> – {}</li>\n",
                escape(&page::with_lang(path, lang)),
                escape(name),
                escape(what)
            ),
            None => format!(
                "<li><strong>{}</strong> – {} <span class=\"later\">({})</span></li>\n",
                escape(name),
                escape(what),
                escape(later)
            ),
        })
        .collect();
    let flag = super::overdue::home_notice(&state, &staff, lang).await;
    let title = tr(lang, "Arbeitsplatz", "Workbench");
    let main = format!(
        "<h1>{heading}</h1>\n<p class=\"lead\">{greeting}</p>\n{flag}\
         <dl class=\"data\">\n<dt>{office_label}</dt><dd>{office}</dd>\n\
         <dt>{role_label}</dt><dd>{role}</dd>\n<dt>{login_label}</dt><dd>{login}</dd>\n</dl>\n\
         <h2>{areas_title}</h2>\n<ul class=\"areas\">\n{items}</ul>\n\
         <form class=\"inline\" method=\"post\" action=\"{LOGOUT_PATH}?lang={lang_tag}\">\n\
         {hidden}\n<button type=\"submit\" class=\"secondary\">{logout}</button>\n</form>\n",
        heading = escape(title),
        greeting = escape(&match lang {
            Lang::De => format!("Angemeldet als {}.", staff.display_name),
            Lang::En => format!("Logged in as {}.", staff.display_name),
        }),
        office_label = escape(tr(lang, "Jugendamt", "Office")),
        office = escape(&format!("{office_name} ({})", staff.office)),
        role_label = escape(tr(lang, "Rolle", "Role")),
        role = escape(role_name(staff.role, lang)),
        login_label = escape(tr(lang, "Anmeldename", "Login name")),
        login = escape(staff.login.as_str()),
        areas_title = escape(tr(lang, "Bereiche", "Areas")),
        lang_tag = tag(lang),
        hidden = staff.csrf_field(),
        logout = escape(tr(lang, "Abmelden", "Log out")),
    );
    page::workbench_page(StatusCode::OK, lang, title, HOME_PATH, &main)
}
