//! The prenatal pages of the workbench: a Bremen clerk records Sorgeerklärungen made before
//! the birth by form (errors next to their fields, nothing stored), finds them in the office's
//! list, and enters the birth once it is known — into her own register, or, for a child born
//! in Cuxhaven, into Cuxhaven's; a birth outside the pregnancy and a second completion are
//! refused cleanly; other offices and admins get the 403 page, audited.

use reqwest::StatusCode;
use time::{Date, Duration};

use super::casework::{cuxhaven_admin, logged_in};
use super::{Bench, Browser, Page, each_backend};
use domain::OfficeId;
use domain::clock::Clock;
use store::prenatal::PrenatalStatus;
use store::{Actor, AuditRecord};

const BREMEN_CLERK: &str = "sb-bremen";
const BREMEN_SUPERVISOR: &str = "sl-bremen";
const CUXHAVEN_CLERK: &str = "sb-cuxhaven";
const BREMEN: &str = "ja-04011";
const CUXHAVEN: &str = "ja-03352";
/// Municipality keys of Bremen and of the town of Cuxhaven.
const IN_BREMEN: &str = "04011000";
const IN_CUXHAVEN: &str = "03352011";

fn no_changes(_: &mut sorgeregister::config::Config) {}

fn office(id: &str) -> OfficeId {
    OfficeId::parse(id).unwrap()
}

/// `04.05.2020`, as the pages write a date.
fn german(date: Date) -> String {
    format!(
        "{:02}.{:02}.{}",
        date.day(),
        u8::from(date.month()),
        date.year()
    )
}

/// The dates of the story: the declarations 100 days ago, the birth 10 days ago.
struct Dates {
    declared: Date,
    born: Date,
}

fn dates(bench: &Bench) -> Dates {
    let today = bench.clock.today();
    Dates {
        declared: today - Duration::days(100),
        born: today - Duration::days(10),
    }
}

/// Sophia Berger's date of birth, as the form is filled in and as the pages show it.
const MOTHER_BORN: &str = "17.02.1993";

/// The form for Sophia Berger's and Lars Janssen's declarations before the birth.
fn declarations(dates: &Dates) -> Vec<(&'static str, String)> {
    [
        ("mother_given_names", "Sophia".to_owned()),
        ("mother_family_name", "Berger".to_owned()),
        ("mother_birth_name", "Krause".to_owned()),
        ("mother_birth_date", MOTHER_BORN.to_owned()),
        ("father_given_names", "Lars".to_owned()),
        ("father_family_name", "Janssen".to_owned()),
        ("father_birth_name", String::new()),
        ("effective_date", german(dates.declared)),
        (
            "expected_birth_date",
            (dates.declared + Duration::days(120)).to_string(),
        ),
        ("source_kind", "notary".to_owned()),
        ("source_name", "Notariat Am Dom, Bremen".to_owned()),
        ("source_reference", "UR 12/2026".to_owned()),
    ]
    .into()
}

/// The child's data completing the notification: Ida Berger, born on `born` in `ags`.
fn birth(born: Date, ags: &str) -> Vec<(&'static str, String)> {
    [
        ("child_given_names", "Ida".to_owned()),
        ("child_family_name", "Berger".to_owned()),
        ("child_birth_date", born.to_string()),
        ("child_ags", ags.to_owned()),
        ("child_country", String::new()),
        ("child_place", String::new()),
    ]
    .into()
}

/// A GET of the page at `path` and a POST of `fields` with its CSRF token to `action`.
async fn submit(
    browser: &mut Browser<'_>,
    path: &str,
    action: &str,
    fields: &[(&'static str, String)],
) -> Page {
    let page = browser.get(path).await;
    assert_eq!(page.status, StatusCode::OK, "{path}: {}", page.html);
    let csrf = page.csrf();
    let mut body: Vec<(&str, &str)> = vec![("csrf", &csrf)];
    body.extend(fields.iter().map(|(k, v)| (*k, v.as_str())));
    browser.post(action, &body).await
}

/// Records `fields` by the form; returns the response.
async fn record(browser: &mut Browser<'_>, fields: &[(&'static str, String)]) -> Page {
    submit(
        browser,
        "/amt/vorgeburtlich/neu",
        "/amt/vorgeburtlich/neu",
        fields,
    )
    .await
}

/// Records Sophia's declarations and returns the new notification's id.
async fn recorded(bench: &Bench, browser: &mut Browser<'_>) -> String {
    let page = record(browser, &declarations(&dates(bench))).await;
    assert_eq!(
        page.status,
        StatusCode::SEE_OTHER,
        "[{}] {}",
        bench.backend,
        page.html
    );
    page.location()
        .strip_prefix("/amt/vorgeburtlich/")
        .and_then(|rest| rest.strip_suffix("?lang=de&hinweis=erfasst"))
        .unwrap_or_else(|| panic!("[{}] {}", bench.backend, page.location()))
        .to_owned()
}

/// Enters the birth on the notification's page.
async fn complete(browser: &mut Browser<'_>, id: &str, fields: &[(&'static str, String)]) -> Page {
    let path = format!("/amt/vorgeburtlich/{id}");
    submit(browser, &path, &format!("{path}/geburt"), fields).await
}

/// The status of notification `id` as stored.
async fn stored_status(bench: &Bench, id: &str) -> PrenatalStatus {
    bench
        .store
        .prenatal(
            &Actor::system("test"),
            bench.clock.now(),
            &office(BREMEN),
            id,
        )
        .await
        .unwrap()
        .expect("stored")
        .status
}

/// The entries of `office_id`'s register for a child named Ida.
async fn idas(bench: &Bench, office_id: &str) -> usize {
    bench
        .store
        .entries(
            &Actor::system("test"),
            bench.clock.now(),
            &office(office_id),
            1000,
            0,
        )
        .await
        .unwrap()
        .iter()
        .filter(|e| e.notification.child.given_names.to_string() == "Ida")
        .count()
}

/// The ids of the open notifications `office_id` holds (the demo has some).
async fn open_ids(bench: &Bench, office_id: &str) -> Vec<String> {
    bench
        .store
        .open_prenatals(
            &Actor::system("test"),
            bench.clock.now(),
            &office(office_id),
        )
        .await
        .unwrap()
        .into_iter()
        .map(|record| record.id)
        .collect()
}

/// The newest record of `office_id`'s audit trail.
async fn newest_audit(bench: &Bench, office_id: &str) -> AuditRecord {
    bench
        .store
        .audit_trail(&office(office_id), 1)
        .await
        .unwrap()
        .remove(0)
}

async fn office_name(bench: &Bench, id: &str) -> String {
    bench.store.office(&office(id)).await.unwrap().unwrap().name
}

/// What every page must have: the language, one main heading, a label for every input the
/// user fills, and each error message linked from the summary.
fn assert_accessible(page: &Page) {
    let html = &page.html;
    assert!(html.contains("<html lang=\"de\">"), "{html}");
    assert_eq!(html.matches("<h1").count(), 1, "one h1: {html}");
    for (start, _) in html.match_indices("<input ") {
        let element = &html[start..start + html[start..].find('>').unwrap()];
        if element.contains("type=\"hidden\"") {
            continue;
        }
        let id_start = element.find(" id=\"").expect("an input with an id") + 5;
        let id = &element[id_start..id_start + element[id_start..].find('"').unwrap()];
        assert!(
            html.contains(&format!("<label for=\"{id}\">")),
            "no label for {id}: {html}"
        );
    }
    for (start, _) in html.match_indices("<p class=\"error\" id=\"") {
        let rest = &html[start + "<p class=\"error\" id=\"".len()..];
        let id = &rest[..rest.find("-error\"").unwrap()];
        assert!(
            html.contains(&format!("<a href=\"#{id}\">")),
            "the summary links to {id}: {html}"
        );
    }
}

#[tokio::test]
async fn a_prenatal_form_with_errors_shows_each_message_and_stores_nothing() {
    each_backend(no_changes, |bench: Bench| async move {
        let backend = bench.backend;
        let dates = dates(&bench);
        let before = open_ids(&bench, BREMEN).await;
        let mut clerk = logged_in(&bench, BREMEN_CLERK).await;
        let form = clerk.get("/amt/vorgeburtlich/neu").await;
        assert_eq!(form.status, StatusCode::OK, "[{backend}] {}", form.html);
        assert_accessible(&form);
        for needle in [
            "<legend>Beurkundet von</legend>",
            "type=\"text\" inputmode=\"numeric\" id=\"effective_date\"",
            "type=\"text\" inputmode=\"numeric\" id=\"expected_birth_date\"",
            "<label for=\"mother_birth_date\">Geburtsdatum der Mutter</label>",
            "type=\"text\" inputmode=\"numeric\" id=\"mother_birth_date\"",
        ] {
            assert!(form.html.contains(needle), "[{backend}] {needle}");
        }

        // No mother's given names nor date of birth, no father, a birth long after the
        // declarations, no source.
        let mut fields = declarations(&dates);
        fields.retain(|(k, _)| {
            !k.starts_with("father_") && *k != "source_kind" && *k != "mother_birth_date"
        });
        for (key, value) in &mut fields {
            match *key {
                "mother_given_names" | "source_name" => value.clear(),
                "expected_birth_date" => {
                    *value = (dates.declared + Duration::days(400)).to_string()
                }
                _ => {}
            }
        }
        let page = record(&mut clerk, &fields).await;
        assert_eq!(
            page.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "[{backend}] {}",
            page.html
        );
        assert_accessible(&page);
        assert!(page.html.contains("<title>Fehler: "), "[{backend}]");
        for (id, message) in [
            ("mother_given_names", "Bitte füllen Sie dieses Feld aus."),
            ("mother_birth_date", "Bitte füllen Sie dieses Feld aus."),
            (
                "father_given_names",
                "Sorgeerklärungen geben beide Eltern ab: bitte geben Sie den Vater an.",
            ),
            (
                "expected_birth_date",
                "Der Geburtstermin liegt nach den Sorgeerklärungen, höchstens 310 Tage danach.",
            ),
            ("source_kind", "Bitte wählen Sie eine der Möglichkeiten."),
            ("source_name", "Bitte füllen Sie dieses Feld aus."),
        ] {
            assert!(
                page.html.contains(&format!(
                    "<p class=\"error\" id=\"{id}-error\">{message}</p>"
                )),
                "[{backend}] {id}: {}",
                page.html
            );
            assert!(
                page.html.contains(&format!("<a href=\"#{id}\">")),
                "[{backend}] summary links {id}"
            );
        }
        for kept in ["value=\"Berger\"", "value=\"Krause\"", "value=\"UR 12/2026\""] {
            assert!(page.html.contains(kept), "[{backend}] {kept} shown back");
        }

        // A date that does not exist, at its field.
        let mut fields = declarations(&dates);
        for (key, value) in &mut fields {
            if *key == "effective_date" {
                *value = "31.02.2025".to_owned();
            }
        }
        let page = record(&mut clerk, &fields).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "[{backend}]");
        assert!(
            page.html.contains(
                "<p class=\"error\" id=\"effective_date-error\">Bitte geben Sie ein gültiges Datum an"
            ),
            "[{backend}] {}",
            page.html
        );

        // A mother born on the day of the declarations, at her date of birth's field.
        let mut fields = declarations(&dates);
        for (key, value) in &mut fields {
            if *key == "mother_birth_date" {
                *value = german(dates.declared);
            }
        }
        let page = record(&mut clerk, &fields).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "[{backend}]");
        assert_accessible(&page);
        assert!(
            page.html.contains(
                "<p class=\"error\" id=\"mother_birth_date-error\">Das Geburtsdatum der Mutter \
                 muss vor dem Tag der Sorgeerklärungen liegen."
            ),
            "[{backend}] {}",
            page.html
        );
        assert!(
            page.html.contains("<a href=\"#mother_birth_date\">"),
            "[{backend}] summary links mother_birth_date"
        );
        assert!(
            page.html
                .contains(&format!("value=\"{}\"", german(dates.declared))),
            "[{backend}] the date is shown back"
        );

        // A valid form without its token does nothing either.
        let mut body: Vec<(&str, &str)> = vec![("csrf", "0")];
        let valid = declarations(&dates);
        body.extend(valid.iter().map(|(k, v)| (*k, v.as_str())));
        let refused = clerk.post("/amt/vorgeburtlich/neu", &body).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "[{backend}]");

        assert_eq!(
            open_ids(&bench, BREMEN).await,
            before,
            "[{backend}] nothing stored"
        );
        bench
    })
    .await;
}

#[tokio::test]
async fn a_clerk_records_declarations_before_the_birth_and_enters_the_birth_in_her_register() {
    each_backend(no_changes, |bench: Bench| async move {
        let backend = bench.backend;
        let dates = dates(&bench);
        let mut clerk = logged_in(&bench, BREMEN_CLERK).await;
        let home = clerk.get("/amt").await;
        assert!(
            home.html
                .contains("<a href=\"/amt/vorgeburtlich?lang=de\"><strong>Vorgeburtliche"),
            "[{backend}] the start page links the list"
        );
        let list = clerk.get("/amt/vorgeburtlich").await;
        assert_eq!(list.status, StatusCode::OK, "[{backend}] {}", list.html);
        assert!(!list.html.contains("Sophia Berger"), "[{backend}] not yet");

        let id = recorded(&bench, &mut clerk).await;
        let stored = bench
            .store
            .prenatal(
                &Actor::system("test"),
                bench.clock.now(),
                &office(BREMEN),
                &id,
            )
            .await
            .unwrap()
            .expect("stored");
        assert_eq!(
            german(stored.notification.mother_birth_date),
            MOTHER_BORN,
            "[{backend}] the mother's date of birth is stored"
        );
        let path = format!("/amt/vorgeburtlich/{id}");
        let page = clerk.get(&format!("{path}?lang=de&hinweis=erfasst")).await;
        assert_eq!(page.status, StatusCode::OK, "[{backend}] {}", page.html);
        assert_accessible(&page);
        let expected = german(dates.declared + Duration::days(120));
        for needle in [
            "Vorgeburtliche Mitteilung: Sophia Berger, geb. Krause",
            "Die vorgeburtliche Mitteilung wurde erfasst.",
            "Offen – wartet auf die Daten des Kindes",
            &format!("<dt>Geburtsdatum der Mutter</dt><dd>{MOTHER_BORN}</dd>"),
            "Lars Janssen",
            &german(dates.declared),
            &expected,
            "Notariat: Notariat Am Dom, Bremen",
            "UR 12/2026",
            "Birte Hansen (sb-bremen)",
            "<h2>Geburt eintragen</h2>",
            &format!("action=\"{path}/geburt?lang=de\""),
            "type=\"text\" inputmode=\"numeric\" id=\"child_birth_date\"",
        ] {
            assert!(
                page.html.contains(needle),
                "[{backend}] {needle}: {}",
                page.html
            );
        }

        let list = clerk.get("/amt/vorgeburtlich").await;
        for needle in [
            &format!("<a href=\"{path}?lang=de\">Mutter: Sophia Berger, geb. Krause"),
            "Vater: Lars Janssen",
            &format!("Geburtsdatum der Mutter: {MOTHER_BORN}"),
            &format!("Sorgeerklärungen vom {}", german(dates.declared)),
            &format!("Geburtstermin: {expected}"),
            "Notariat: Notariat Am Dom, Bremen (UR 12/2026)",
            "erfasst am",
        ] {
            assert!(
                list.html.contains(needle),
                "[{backend}] {needle}: {}",
                list.html
            );
        }

        // A child born two months before the declarations is not the child they concern.
        let early = dates.declared - Duration::days(60);
        let refused = complete(&mut clerk, &id, &birth(early, IN_BREMEN)).await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "[{backend}] {}",
            refused.html
        );
        assert_accessible(&refused);
        assert!(
            refused.html.contains(
                "<p class=\"error\" id=\"child_birth_date-error\">Dieses Geburtsdatum passt \
                 nicht zu den Sorgeerklärungen"
            ),
            "[{backend}] {}",
            refused.html
        );
        assert!(refused.html.contains("value=\"Ida\""), "[{backend}]");
        let bremen = office_name(&bench, BREMEN).await;
        assert!(
            refused.html.contains(&format!("– Register: {bremen}")),
            "[{backend}] the key's register is named: {}",
            refused.html
        );
        assert_eq!(stored_status(&bench, &id).await, PrenatalStatus::Open);
        assert_eq!(idas(&bench, BREMEN).await, 0, "[{backend}] no entry yet");

        // Born in Bremen: an entry of the clerk's own register, shown to her.
        let done = complete(&mut clerk, &id, &birth(dates.born, IN_BREMEN)).await;
        assert_eq!(
            done.status,
            StatusCode::SEE_OTHER,
            "[{backend}] {}",
            done.html
        );
        let entry_id = done
            .location()
            .strip_prefix("/amt/register/")
            .and_then(|rest| rest.strip_suffix("?lang=de&hinweis=eingetragen"))
            .unwrap_or_else(|| panic!("[{backend}] {}", done.location()))
            .to_owned();
        let entry = clerk.get(done.location()).await;
        assert_eq!(entry.status, StatusCode::OK, "[{backend}] {}", entry.html);
        for needle in [
            &format!("Registereintrag: Ida Berger, geb. {}", german(dates.born)),
            "Sorgeerklärungen beider Eltern",
            "Gesamte elterliche Sorge",
            "Sophia Berger, geb. Krause",
            "Lars Janssen",
            &german(dates.declared),
            "Notariat: Notariat Am Dom, Bremen",
            "UR 12/2026",
        ] {
            assert!(
                entry.html.contains(needle),
                "[{backend}] {needle}: {}",
                entry.html
            );
        }
        assert_eq!(stored_status(&bench, &id).await, PrenatalStatus::Completed);

        let page = clerk.get(&path).await;
        assert!(
            page.html.contains("Vervollständigt – Registereintrag"),
            "[{backend}]"
        );
        assert!(
            page.html
                .contains(&format!("<a href=\"/amt/register/{entry_id}?lang=de\">")),
            "[{backend}] {}",
            page.html
        );
        assert!(
            !page.html.contains("/geburt"),
            "[{backend}] no form any more"
        );
        let list = clerk.get("/amt/vorgeburtlich").await;
        assert!(!list.html.contains(&path), "[{backend}] no longer open");

        // Entering the birth a second time (an old tab) is refused; nothing changes.
        let csrf = clerk.get("/amt").await.csrf();
        let again = clerk
            .post(
                &format!("{path}/geburt"),
                &[
                    ("csrf", &csrf),
                    ("child_given_names", "Ida"),
                    ("child_family_name", "Berger"),
                    ("child_birth_date", &dates.born.to_string()),
                    ("child_ags", IN_BREMEN),
                ],
            )
            .await;
        assert_eq!(
            again.status,
            StatusCode::CONFLICT,
            "[{backend}] {}",
            again.html
        );
        assert!(
            again.html.contains("bereits eingetragen"),
            "[{backend}] {}",
            again.html
        );
        assert_eq!(idas(&bench, BREMEN).await, 1, "[{backend}] one entry");
        bench
    })
    .await;
}

#[tokio::test]
async fn a_child_born_in_another_area_goes_to_that_offices_register() {
    each_backend(no_changes, |bench: Bench| async move {
        let backend = bench.backend;
        let dates = dates(&bench);
        let cuxhaven = office_name(&bench, CUXHAVEN).await;
        let mut clerk = logged_in(&bench, BREMEN_CLERK).await;
        let id = recorded(&bench, &mut clerk).await;
        let path = format!("/amt/vorgeburtlich/{id}");

        let done = complete(&mut clerk, &id, &birth(dates.born, IN_CUXHAVEN)).await;
        assert_eq!(
            done.status,
            StatusCode::SEE_OTHER,
            "[{backend}] {}",
            done.html
        );
        assert_eq!(
            done.location(),
            format!("{path}?lang=de&hinweis=vervollstaendigt"),
            "[{backend}]"
        );
        let page = clerk.get(done.location()).await;
        assert_eq!(page.status, StatusCode::OK, "[{backend}] {}", page.html);
        assert_accessible(&page);
        for needle in [
            "Die Geburt wurde eingetragen",
            "Vervollständigt – Registereintrag",
            &format!("Eintrag im Register von {cuxhaven}"),
        ] {
            assert!(
                page.html.contains(needle),
                "[{backend}] {needle}: {}",
                page.html
            );
        }
        assert!(
            !page.html.contains("href=\"/amt/register/"),
            "[{backend}] no link into another register: {}",
            page.html
        );
        assert_eq!(idas(&bench, BREMEN).await, 0, "[{backend}]");
        assert_eq!(idas(&bench, CUXHAVEN).await, 1, "[{backend}]");

        // Cuxhaven's clerk finds the entry in her register.
        let mut other = logged_in(&bench, CUXHAVEN_CLERK).await;
        let register = other.get("/amt/register").await;
        let child = format!("Ida Berger, geb. {}", german(dates.born));
        assert!(
            register.html.contains(&child),
            "[{backend}] {}",
            register.html
        );
        let mine = clerk.get("/amt/register").await;
        assert!(!mine.html.contains(&child), "[{backend}] not in Bremen's");
        bench
    })
    .await;
}

#[tokio::test]
async fn other_offices_and_admins_are_refused_and_audited() {
    each_backend(no_changes, |bench: Bench| async move {
        let backend = bench.backend;
        let dates = dates(&bench);
        let mut clerk = logged_in(&bench, BREMEN_CLERK).await;
        let id = recorded(&bench, &mut clerk).await;
        let path = format!("/amt/vorgeburtlich/{id}");
        let mut supervisor = logged_in(&bench, BREMEN_SUPERVISOR).await;
        let page = supervisor.get(&path).await;
        assert_eq!(
            page.status,
            StatusCode::OK,
            "[{backend}] supervisors work too"
        );
        assert!(
            page.html.contains("<h2>Geburt eintragen</h2>"),
            "[{backend}]"
        );

        // Cuxhaven's clerk: not Bremen's notification, neither to read nor to complete.
        let mut other = logged_in(&bench, CUXHAVEN_CLERK).await;
        let other_actor = format!("staff:{}", bench.user(CUXHAVEN_CLERK).await.id);
        let refused = other.get(&path).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "[{backend}]");
        assert!(
            !refused.html.contains("Sophia"),
            "[{backend}] nothing shown"
        );
        let audited = newest_audit(&bench, BREMEN).await;
        assert_eq!(
            (
                audited.action.as_str(),
                audited.actor.as_str(),
                audited.subject.as_str()
            ),
            (
                "staff.cross_office_refused",
                other_actor.as_str(),
                id.as_str()
            ),
            "[{backend}]"
        );
        let list = other.get("/amt/vorgeburtlich").await;
        assert_eq!(list.status, StatusCode::OK, "[{backend}]");
        assert!(!list.html.contains("Sophia"), "[{backend}] only its own");
        let csrf = other.get("/amt").await.csrf();
        let mut body: Vec<(&str, &str)> = vec![("csrf", &csrf)];
        let fields = birth(dates.born, IN_CUXHAVEN);
        body.extend(fields.iter().map(|(k, v)| (*k, v.as_str())));
        let refused = other.post(&format!("{path}/geburt"), &body).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "[{backend}]");
        assert_eq!(
            newest_audit(&bench, BREMEN).await.action,
            "staff.cross_office_refused",
            "[{backend}]"
        );
        assert_eq!(stored_status(&bench, &id).await, PrenatalStatus::Open);
        for unknown in [
            format!("/amt/vorgeburtlich/{}", uuid::Uuid::new_v4()),
            "/amt/vorgeburtlich/kein-vorgang".to_owned(),
        ] {
            let page = other.get(&unknown).await;
            assert_eq!(page.status, StatusCode::NOT_FOUND, "[{backend}] {unknown}");
        }

        // An admin manages accounts and sees no notifications, not even her own office's.
        let admin = cuxhaven_admin(&bench).await;
        let admin_actor = format!("staff:{}", bench.user(admin).await.id);
        let mut admin = logged_in(&bench, admin).await;
        let home = admin.get("/amt").await;
        assert!(
            !home.html.contains("href=\"/amt/vorgeburtlich"),
            "[{backend}] not linked for admins"
        );
        for page_path in ["/amt/vorgeburtlich", "/amt/vorgeburtlich/neu"] {
            let page = admin.get(page_path).await;
            assert_eq!(
                page.status,
                StatusCode::FORBIDDEN,
                "[{backend}] {page_path}"
            );
            assert!(
                page.html.contains("Der Versuch wurde protokolliert."),
                "[{backend}]"
            );
            let audited = newest_audit(&bench, CUXHAVEN).await;
            assert_eq!(
                (audited.action.as_str(), audited.actor.as_str()),
                ("staff.role_refused", admin_actor.as_str()),
                "[{backend}] {page_path}"
            );
        }
        let before = open_ids(&bench, CUXHAVEN).await;
        let csrf = home.csrf();
        let mut body: Vec<(&str, &str)> = vec![("csrf", &csrf)];
        let fields = declarations(&dates);
        body.extend(fields.iter().map(|(k, v)| (*k, v.as_str())));
        let refused = admin.post("/amt/vorgeburtlich/neu", &body).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "[{backend}]");
        let audited = newest_audit(&bench, CUXHAVEN).await;
        assert_eq!(audited.detail["action"], "record_prenatal", "[{backend}]");
        assert_eq!(
            open_ids(&bench, CUXHAVEN).await,
            before,
            "[{backend}] nothing recorded"
        );
        bench
    })
    .await;
}
