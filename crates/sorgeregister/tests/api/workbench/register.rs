//! The register pages of the workbench: the demo's story end to end (a Cuxhaven clerk records
//! Sorgeerklärungen for Charlotte, Sophia's application then gets no certificate; the entry is
//! cancelled under four eyes and her next application gets one again), the four-eyes rules,
//! form errors, CSRF, and the authorization matrix of role × own/other office × action.

use reqwest::StatusCode;
use serde_json::Value;
use time::macros::date;

use super::casework::{cuxhaven_admin, logged_in, tokens};
use super::{Bench, Page, each_backend};
use domain::application::{BirthPlace, ChildIdentity};
use domain::clock::Clock;
use domain::register::{EntryKind, Notification, Parent, Scope, Source, SourceKind};
use domain::{Ags, OfficeId, PersonName};
use sorgeregister::demo;
use store::changes::{RequestStatus, RequestedChange};
use store::register::EntryStatus;
use store::{Actor, AuditRecord};

const CLERK: &str = "sb-cuxhaven";
const SUPERVISOR: &str = "sl-cuxhaven";
const CUXHAVEN: &str = "ja-03352";
const BERLIN: &str = "ja-11000";
const BREMEN: &str = "ja-04011";
/// Paul Meyer (Cuxhaven register) and Lukas Gruber (Berlin register), demo data.
const PAUL: &str = "6d1f2c1e-0b4a-4d39-9a51-2f0d7c3e5a04";
const LUKAS: &str = "6d1f2c1e-0b4a-4d39-9a51-2f0d7c3e5a03";

fn no_changes(_: &mut sorgeregister::config::Config) {}

fn office(id: &str) -> OfficeId {
    OfficeId::parse(id).unwrap()
}

/// The notification form for Sorgeerklärungen of a child born in municipality `ags`.
fn declarations(given: &str, family: &str, birth: &str, ags: &str) -> Vec<(&'static str, String)> {
    [
        ("kind", "custody_declarations"),
        ("scope", "whole"),
        ("child_given_names", given),
        ("child_family_name", family),
        ("child_birth_date", birth),
        ("child_ags", ags),
        ("child_country", ""),
        ("child_place", ""),
        ("mother_given_names", "Sophia"),
        ("mother_family_name", family),
        ("mother_birth_name", ""),
        ("father_given_names", "Lars"),
        ("father_family_name", "Janssen"),
        ("father_birth_name", ""),
        ("effective_date", "2020-09-01"),
        ("source_kind", "youth_office"),
        ("source_name", "Jugendamt Landkreis Cuxhaven"),
        ("source_reference", "UR 88/2020"),
    ]
    .into_iter()
    .map(|(k, v)| (k, v.to_owned()))
    .collect()
}

/// Opens the form and submits `fields` with the page's CSRF token.
async fn record(browser: &mut super::Browser<'_>, fields: &[(&'static str, String)]) -> Page {
    let form = browser.get("/amt/register/neu").await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.html);
    let csrf = form.csrf();
    let mut body: Vec<(&str, &str)> = vec![("csrf", &csrf)];
    body.extend(fields.iter().map(|(k, v)| (*k, v.as_str())));
    browser.post("/amt/register/neu", &body).await
}

/// A GET of the page at `path` and a POST of `fields` with its CSRF token to `action`.
async fn submit(
    browser: &mut super::Browser<'_>,
    path: &str,
    action: &str,
    fields: &[(&str, &str)],
) -> Page {
    let page = browser.get(path).await;
    assert_eq!(page.status, StatusCode::OK, "{path}: {}", page.html);
    let csrf = page.csrf();
    let mut body: Vec<(&str, &str)> = vec![("csrf", &csrf)];
    body.extend_from_slice(fields);
    browser.post(action, &body).await
}

/// Sophia's application (demo data) as the demo online service; returns the outcome.
async fn sophia_applies(bench: &Bench) -> String {
    let token = tokens(bench)
        .await
        .remove("demo-online-service")
        .expect("online service token");
    let body: Value = serde_json::from_str(demo::SOPHIA).unwrap();
    let response = bench
        .http
        .post(format!("{}/api/v1/applications", bench.url))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let answer: Value = response.json().await.unwrap();
    assert_eq!(answer["status"], "decided", "{answer}");
    answer["outcome"].as_str().unwrap().to_owned()
}

/// An entry of declarations for a child born in `ags`, put in `office`'s register directly.
async fn insert(bench: &Bench, office_id: &str, given: &str, ags: &str) -> String {
    let name = |n: &str| PersonName::parse(n).unwrap();
    let parent = |g: &str, f: &str| Parent {
        given_names: name(g),
        family_name: name(f),
        birth_name: None,
    };
    let notification = Notification {
        child: ChildIdentity {
            given_names: name(given),
            family_name_at_birth: name("Testkind"),
            birth_date: date!(2021 - 02 - 03),
            birth_place: BirthPlace::Municipality(Ags::parse(ags).unwrap()),
        },
        mother: parent("Maria", "Testkind"),
        father: Some(parent("Peter", "Neumann")),
        kind: EntryKind::CustodyDeclarations,
        scope: Scope::Whole,
        effective_date: date!(2021 - 06 - 01),
        source: Source {
            kind: SourceKind::Notary,
            name: "Notariat Test".into(),
            reference: "UR 1/2021".into(),
        },
    };
    let id = uuid::Uuid::new_v4().to_string();
    bench
        .store
        .insert_entry(
            &Actor::system("test"),
            bench.clock.now(),
            &id,
            &office(office_id),
            &notification,
        )
        .await
        .unwrap();
    id
}

/// A pending cancellation of `entry`, requested by someone of `office_id` other than the
/// test's staff; returns the request's id.
async fn pending_cancellation(bench: &Bench, office_id: &str, entry: &str) -> String {
    let id = uuid::Uuid::new_v4().to_string();
    bench
        .store
        .request_entry_change(
            &store::staff::staff_actor("colleague", &office(office_id)),
            bench.clock.now(),
            &office(office_id),
            &id,
            entry,
            &RequestedChange::Cancel,
            "Test",
        )
        .await
        .unwrap();
    id
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

/// The pending request of `entry`.
async fn pending_request(bench: &Bench, entry: &str) -> String {
    bench
        .store
        .entry_change_requests(&office(CUXHAVEN), entry)
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.status == RequestStatus::Pending)
        .expect("a pending request")
        .id
}

/// What every register page must have: the language, one main heading, a label for every
/// input the user fills.
fn assert_accessible(page: &Page) {
    let html = &page.html;
    assert!(html.contains("<html lang=\"de\">"), "{html}");
    assert_eq!(html.matches("<h1").count(), 1, "one h1: {html}");
    for tag in ["<input ", "<textarea ", "<select "] {
        for (start, _) in html.match_indices(tag) {
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
    }
}

#[tokio::test]
async fn a_clerk_records_declarations_and_a_cancellation_needs_a_supervisor() {
    each_backend(no_changes, |bench: Bench| async move {
        let backend = bench.backend;
        assert_eq!(
            sophia_applies(&bench).await,
            "negative_certificate",
            "[{backend}] the demo starts without an entry for Charlotte"
        );

        // The clerk of Cuxhaven records the Sorgeerklärungen for Charlotte by form.
        let mut clerk = logged_in(&bench, CLERK).await;
        let form = clerk.get("/amt/register/neu").await;
        assert_accessible(&form);
        for needle in [
            "Sorgeerklärungen beider Eltern",
            "type=\"text\" inputmode=\"numeric\" id=\"child_birth_date\"",
            "Format: TT.MM.JJJJ",
            "<legend>Art des Eintrags</legend>",
        ] {
            assert!(form.html.contains(needle), "[{backend}] {needle}");
        }
        let recorded = record(
            &mut clerk,
            &declarations("Charlotte", "Berger", "04.05.2020", "03352011"),
        )
        .await;
        assert_eq!(
            recorded.status,
            StatusCode::SEE_OTHER,
            "[{backend}] {}",
            recorded.html
        );
        let location = recorded.location().to_owned();
        let id = location
            .strip_prefix("/amt/register/")
            .and_then(|rest| rest.strip_suffix("?lang=de&hinweis=eingetragen"))
            .unwrap_or_else(|| panic!("[{backend}] {location}"))
            .to_owned();
        let entry = clerk.get(&location).await;
        assert_eq!(entry.status, StatusCode::OK, "[{backend}]");
        assert_accessible(&entry);
        for needle in [
            "Registereintrag: Charlotte Berger, geb. 04.05.2020",
            "Die Mitteilung wurde in das Register eingetragen.",
            "Sorgeerklärungen beider Eltern",
            "Wirksam",
            "Svenja Brandt (sb-cuxhaven)",
            "Austragung beantragen",
            "Berichtigung beantragen",
        ] {
            assert!(
                entry.html.contains(needle),
                "[{backend}] {needle}: {}",
                entry.html
            );
        }
        let actions: Vec<String> = bench
            .store
            .audit_of(&id)
            .await
            .unwrap()
            .into_iter()
            .map(|r| r.action)
            .collect();
        assert_eq!(actions[0], "register_entry.created", "[{backend}]");

        // The matcher's search finds her: the same child, and a misspelt query possibly.
        let search = submit(
            &mut clerk,
            "/amt/register",
            "/amt/register/suche",
            &[
                ("search_given_names", "Charlotte"),
                ("search_family_name", "Berger"),
                ("search_birth_date", "2020-05-04"),
                ("search_ags", "03352011"),
            ],
        )
        .await;
        assert_eq!(search.status, StatusCode::OK, "[{backend}] {}", search.html);
        assert_accessible(&search);
        assert!(
            search.html.contains("1 Eintrag gefunden."),
            "[{backend}] {}",
            search.html
        );
        assert!(
            search.html.contains("<strong>Gleiches Kind</strong>"),
            "[{backend}]"
        );
        assert!(
            search
                .html
                .contains(&format!("href=\"/amt/register/{id}?lang=de\"")),
            "[{backend}]"
        );
        let search = submit(
            &mut clerk,
            "/amt/register",
            "/amt/register/suche",
            &[
                ("search_given_names", "Charlote"),
                ("search_family_name", "Berger"),
                ("search_birth_date", "04.05.2020"),
            ],
        )
        .await;
        assert!(
            search
                .html
                .contains("<strong>Möglicherweise dasselbe Kind</strong>"),
            "[{backend}] {}",
            search.html
        );
        assert!(
            search.html.contains("<dd>nicht verglichen</dd>"),
            "[{backend}]"
        );
        let clerk_actor = format!("staff:{}", bench.user(CLERK).await.id);
        let trail = bench.store.audit_trail(&office(CUXHAVEN), 5).await.unwrap();
        assert!(
            trail
                .iter()
                .any(|r| r.action == "register.searched" && r.actor == clerk_actor),
            "[{backend}] the search is audited"
        );

        assert_eq!(
            sophia_applies(&bench).await,
            "no_certificate",
            "[{backend}] the declarations count at once"
        );

        // The clerk asks for the cancellation; until a supervisor approves, nothing changes.
        let entry_path = format!("/amt/register/{id}");
        let requested = submit(
            &mut clerk,
            &entry_path,
            &format!("{entry_path}/austragung"),
            &[("reason", "irrtümlich eingetragen")],
        )
        .await;
        assert_eq!(
            requested.status,
            StatusCode::SEE_OTHER,
            "[{backend}] {}",
            requested.html
        );
        assert_eq!(
            requested.location(),
            format!("{entry_path}?lang=de&hinweis=beantragt"),
            "[{backend}]"
        );
        let request = pending_request(&bench, &id).await;
        let page = clerk.get(&entry_path).await;
        assert!(
            page.html.contains("Austragung – Offen"),
            "[{backend}] {}",
            page.html
        );
        assert!(page.html.contains("Antrag zurückziehen"), "[{backend}]");
        assert!(
            !page.html.contains(">Genehmigen<"),
            "[{backend}] not for the clerk"
        );
        assert_eq!(
            sophia_applies(&bench).await,
            "no_certificate",
            "[{backend}] a request alone changes nothing"
        );

        // The clerk cannot approve, not even by posting the decision herself.
        let decide = format!("{entry_path}/antraege/{request}/genehmigen");
        let refused = clerk
            .post(&decide, &[("csrf", &page.csrf()), ("note", "")])
            .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "[{backend}]");
        assert!(
            refused.html.contains("nur die Sachgebietsleitung"),
            "[{backend}]"
        );
        let audited = newest_audit(&bench, CUXHAVEN).await;
        assert_eq!(audited.action, "staff.role_refused", "[{backend}]");
        assert_eq!(audited.detail["action"], "decide_change", "[{backend}]");

        // The supervisor sees the request in the queue and approves it on the entry's page.
        let mut supervisor = logged_in(&bench, SUPERVISOR).await;
        let queue = supervisor.get("/amt/aenderungen").await;
        assert_eq!(queue.status, StatusCode::OK, "[{backend}]");
        assert_accessible(&queue);
        for needle in [
            "Charlotte Berger, geb. 04.05.2020",
            "irrtümlich eingetragen",
            "Svenja Brandt (sb-cuxhaven)",
            &format!("href=\"{entry_path}?lang=de#antrag-{request}\""),
            "prüfen und entscheiden",
        ] {
            assert!(
                queue.html.contains(needle),
                "[{backend}] {needle}: {}",
                queue.html
            );
        }
        let page = supervisor.get(&entry_path).await;
        assert!(
            page.html.contains(&format!("action=\"{decide}?lang=de\"")),
            "[{backend}] {}",
            page.html
        );
        assert_accessible(&page);
        let approved = supervisor
            .post(
                &decide,
                &[
                    ("csrf", &page.csrf()),
                    ("note", "Geprüft, Mitteilung betraf ein anderes Kind"),
                ],
            )
            .await;
        assert_eq!(
            approved.status,
            StatusCode::SEE_OTHER,
            "[{backend}] {}",
            approved.html
        );
        let page = supervisor.get(approved.location()).await;
        for needle in [
            "Der Antrag wurde genehmigt; die Änderung ist wirksam.",
            "<strong>Aufgehoben</strong>",
            "Dieser Eintrag ist aufgehoben.",
            "Austragung – Genehmigt",
            "Fassung 2 – Ausgetragen",
            "Begründung: irrtümlich eingetragen",
            "Stefan Lüders (sl-cuxhaven)",
            "Geprüft, Mitteilung betraf ein anderes Kind",
        ] {
            assert!(
                page.html.contains(needle),
                "[{backend}] {needle}: {}",
                page.html
            );
        }
        assert!(!page.html.contains("Austragung beantragen"), "[{backend}]");
        let record = bench
            .store
            .entry(
                &Actor::system("test"),
                bench.clock.now(),
                &office(CUXHAVEN),
                &id,
            )
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            record.status,
            EntryStatus::Cancelled,
            "[{backend}] kept, not deleted"
        );

        assert_eq!(
            sophia_applies(&bench).await,
            "negative_certificate",
            "[{backend}] the cancelled entry no longer counts"
        );
        let actions: Vec<String> = bench
            .store
            .audit_of(&id)
            .await
            .unwrap()
            .into_iter()
            .map(|r| r.action)
            .collect();
        for action in [
            "register_entry.change_requested",
            "register_entry.cancelled",
            "register_entry.change_approved",
        ] {
            assert!(
                actions.iter().any(|a| a == action),
                "[{backend}] {action}: {actions:?}"
            );
        }
        bench
    })
    .await;
}

#[tokio::test]
async fn changes_take_four_eyes_and_every_version_stays() {
    each_backend(no_changes, |bench: Bench| async move {
        let backend = bench.backend;
        let entry = insert(&bench, CUXHAVEN, "Marie", "03352011").await;
        let path = format!("/amt/register/{entry}");
        let correction = format!("{path}/berichtigung");
        let mut clerk = logged_in(&bench, CLERK).await;
        let mut supervisor = logged_in(&bench, SUPERVISOR).await;
        let supervisor_csrf = form_token(&mut supervisor).await;

        // The correction form comes filled with the entry and says where the key leads.
        let form = clerk.get(&correction).await;
        assert_eq!(form.status, StatusCode::OK, "[{backend}] {}", form.html);
        assert_accessible(&form);
        for needle in [
            "value=\"Marie\"",
            "value=\"03.02.2021\"",
            "value=\"03352011\"",
            "Register: Jugendamt Landkreis Cuxhaven",
            "value=\"notary\" checked",
        ] {
            assert!(form.html.contains(needle), "[{backend}] {needle}: {}", form.html);
        }
        let corrected = declarations("Marie-Luise", "Testkind", "2021-02-03", "03352011");
        let csrf = form.csrf();
        let body = |reason: &'static str, fields: &[(&'static str, String)]| {
            let mut body: Vec<(&'static str, String)> = fields.to_vec();
            body.push(("reason", reason.to_owned()));
            body.push(("csrf", csrf.clone()));
            body
        };

        // A reason is needed, and the entry cannot move to another office's register.
        let page = post_fields(&mut clerk, &correction, &body("", &corrected)).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "[{backend}]");
        assert!(page.html.contains("<li><a href=\"#reason\">Begründung: Bitte geben Sie eine Begründung an.</a></li>"), "[{backend}] {}", page.html);
        assert!(page.html.contains("value=\"Marie-Luise\""), "[{backend}] kept");
        let elsewhere = declarations("Marie-Luise", "Testkind", "2021-02-03", "04011000");
        let page = post_fields(&mut clerk, &correction, &body("Schreibfehler", &elsewhere)).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "[{backend}]");
        assert!(page.html.contains("<li><a href=\"#child_ags\">"), "[{backend}] {}", page.html);
        assert!(page.html.contains("anderen Registeramt"), "[{backend}]");
        assert!(
            bench.store.entry_change_requests(&office(CUXHAVEN), &entry).await.unwrap().is_empty(),
            "[{backend}] nothing requested"
        );

        // A supervisor rejects a correction, with a note only.
        let page = post_fields(&mut clerk, &correction, &body("Vorname laut Geburtsurkunde", &corrected)).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "[{backend}] {}", page.html);
        let again = clerk.get(&correction).await;
        assert_eq!(again.status, StatusCode::CONFLICT, "[{backend}] one pending request at a time");
        let request = pending_request(&bench, &entry).await;
        let page = supervisor.get(&path).await;
        for needle in [
            "Berichtigung – Offen",
            "<th scope=\"row\">Vornamen des Kindes (geändert)</th><td>Marie</td><td><strong>Marie-Luise</strong></td>",
            "Vorname laut Geburtsurkunde",
        ] {
            assert!(page.html.contains(needle), "[{backend}] {needle}: {}", page.html);
        }
        let reject = format!("{path}/antraege/{request}/ablehnen");
        let page = supervisor
            .post(&reject, &[("csrf", &page.csrf()), ("note", " ")])
            .await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "[{backend}]");
        assert!(page.html.contains("<li><a href=\"#note\">Vermerk: Bitte begründen Sie die Ablehnung"), "[{backend}] {}", page.html);
        assert_accessible(&page);
        let page = supervisor
            .post(&reject, &[("csrf", &page.csrf()), ("note", "Urkunde nennt Marie")])
            .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "[{backend}] {}", page.html);
        let requests = bench.store.entry_change_requests(&office(CUXHAVEN), &entry).await.unwrap();
        assert_eq!(requests[0].status, RequestStatus::Rejected, "[{backend}]");
        assert_eq!(requests[0].decision_note.as_deref(), Some("Urkunde nennt Marie"));

        // Only the requester withdraws.
        let page = post_fields(&mut clerk, &correction, &body("Vorname laut Geburtsurkunde", &corrected)).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "[{backend}]");
        let request = pending_request(&bench, &entry).await;
        let withdraw = format!("{path}/antraege/{request}/zurueckziehen");
        let page = supervisor.post(&withdraw, &[("csrf", &supervisor_csrf)]).await;
        assert_eq!(page.status, StatusCode::CONFLICT, "[{backend}]");
        assert!(page.html.contains("nur, wer ihn gestellt hat"), "[{backend}]");
        let page = clerk.post(&withdraw, &[("csrf", &form.csrf())]).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "[{backend}]");
        assert_eq!(page.location(), format!("{path}?lang=de&hinweis=zurueckgezogen"));

        // A supervisor's own request needs another person too.
        let page = submit(&mut supervisor, &path, &format!("{path}/austragung"), &[("reason", "Doppelt eingetragen")]).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "[{backend}] {}", page.html);
        let request = pending_request(&bench, &entry).await;
        let page = supervisor.get(&path).await;
        assert!(!page.html.contains(">Genehmigen<"), "[{backend}] not offered for one's own");
        let approve = format!("{path}/antraege/{request}/genehmigen");
        let page = supervisor.post(&approve, &[("csrf", &page.csrf())]).await;
        assert_eq!(page.status, StatusCode::CONFLICT, "[{backend}]");
        assert!(page.html.contains("Eine Änderung braucht eine zweite Person"), "[{backend}]");
        let page = clerk.post(&approve, &[("csrf", &form.csrf())]).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "[{backend}]");
        let withdraw = format!("{path}/antraege/{request}/zurueckziehen");
        let page = supervisor.post(&withdraw, &[("csrf", &supervisor_csrf)]).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "[{backend}]");

        // Approved, the correction is the entry's second version; the first stays.
        let page = post_fields(&mut clerk, &correction, &body("Vorname laut Geburtsurkunde", &corrected)).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "[{backend}]");
        let request = pending_request(&bench, &entry).await;
        let approve = format!("{path}/antraege/{request}/genehmigen");
        let page = supervisor.post(&approve, &[("csrf", &supervisor_csrf)]).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "[{backend}] {}", page.html);
        let page = supervisor.get(&path).await;
        for needle in [
            "Registereintrag: Marie-Luise Testkind, geb. 03.02.2021",
            "Fassung 1 – Eingetragen",
            "Fassung 2 – Berichtigt",
            "Begründung: Vorname laut Geburtsurkunde",
            "Berichtigung – Genehmigt",
            "Berichtigung – Abgelehnt",
            "Berichtigung – Zurückgezogen",
            "Austragung – Zurückgezogen",
        ] {
            assert!(page.html.contains(needle), "[{backend}] {needle}: {}", page.html);
        }
        let history = bench
            .store
            .entry_history(&Actor::system("test"), bench.clock.now(), &office(CUXHAVEN), &entry)
            .await
            .unwrap();
        assert_eq!(history.len(), 2, "[{backend}]");
        assert_eq!(history[0].notification.child.given_names.as_str(), "Marie");
        assert_eq!(history[1].notification.child.given_names.as_str(), "Marie-Luise");
        bench
    })
    .await;
}

/// A POST of owned form fields.
async fn post_fields(
    browser: &mut super::Browser<'_>,
    action: &str,
    fields: &[(&'static str, String)],
) -> Page {
    let body: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    browser.post(action, &body).await
}

/// The refusal a role that may not act leaves: `staff.role_refused` about `subject` in the
/// Cuxhaven trail.
fn for_role(works: bool, subject: &str) -> Option<(&str, &str, &str)> {
    (!works).then_some((CUXHAVEN, "staff.role_refused", subject))
}

/// The CSRF token of `browser`'s session, from the home page.
async fn form_token(browser: &mut super::Browser<'_>) -> String {
    browser.get("/amt").await.csrf()
}

#[tokio::test]
async fn a_form_with_errors_comes_back_with_them_and_nothing_is_stored() {
    each_backend(no_changes, |bench: Bench| async move {
        let backend = bench.backend;
        let mut clerk = logged_in(&bench, CLERK).await;
        let count = || async { bench.store.entry_count(&office(CUXHAVEN)).await.unwrap() };
        let before = count().await;

        let mut fields = declarations("Charlotte", "Berger", "31.02.2020", "03352011");
        for (name, value) in fields.iter_mut() {
            match *name {
                "father_given_names" | "father_family_name" | "effective_date" => value.clear(),
                "scope" => *value = "partial".into(),
                _ => {}
            }
        }
        let page = record(&mut clerk, &fields).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "[{backend}] {}", page.html);
        assert_accessible(&page);
        for needle in [
            "<title>Fehler: Mitteilung erfassen",
            "<h2 id=\"summary-title\">Bitte korrigieren Sie:</h2>",
            "<li><a href=\"#parts\">Teilbereiche der Sorge: Bitte wählen Sie mindestens einen Teilbereich.</a></li>",
            "<li><a href=\"#child_birth_date\">Geburtsdatum des Kindes: Bitte geben Sie ein gültiges Datum an (TT.MM.JJJJ), z. B. 04.05.2020.</a></li>",
            "<li><a href=\"#father_given_names\">",
            "<li><a href=\"#effective_date\">Wirksam seit: Bitte füllen Sie dieses Feld aus.</a></li>",
            "<p class=\"error\" id=\"child_birth_date-error\">",
            "aria-describedby=\"child_birth_date-hint child_birth_date-error\" aria-invalid=\"true\"",
            "value=\"Charlotte\"",
            "value=\"Berger\"",
            "value=\"UR 88/2020\"",
            "value=\"partial\" checked",
        ] {
            assert!(page.html.contains(needle), "[{backend}] {needle}: {}", page.html);
        }
        let summary = page.html.find("summary-title").unwrap();
        let form = page.html.find("<form").unwrap();
        assert!(summary < form, "[{backend}] the summary comes first");

        // Both kinds of birthplace, and a key the directory does not know.
        let mut both = declarations("Charlotte", "Berger", "04.05.2020", "03352011");
        both.push(("child_country", "AT".into()));
        let page = record(&mut clerk, &both).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "[{backend}]");
        assert!(page.html.contains("nicht beides"), "[{backend}] {}", page.html);
        let unknown = declarations("Charlotte", "Berger", "04.05.2020", "03352999");
        let page = record(&mut clerk, &unknown).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "[{backend}] {}", page.html);
        assert!(
            page.html.contains("<li><a href=\"#child_ags\">Geburtsort: Gemeindeschlüssel (AGS): Dieser Gemeindeschlüssel ist im Verzeichnis nicht bekannt.</a></li>"),
            "[{backend}] {}",
            page.html
        );

        // A form without this session's token is refused before anything is read.
        let valid = declarations("Charlotte", "Berger", "04.05.2020", "03352011");
        let mut body: Vec<(&str, &str)> = valid.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let page = clerk.post("/amt/register/neu", &body).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "[{backend}]");
        assert!(page.html.contains("Anfrage abgelehnt"), "[{backend}]");
        let wrong = "0".repeat(64);
        body.push(("csrf", &wrong));
        let page = clerk.post("/amt/register/neu", &body).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "[{backend}]");
        let page = clerk.post(&format!("/amt/register/{PAUL}/austragung"), &[("csrf", &wrong), ("reason", "x")]).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "[{backend}]");
        assert!(
            bench.store.entry_change_requests(&office(CUXHAVEN), PAUL).await.unwrap().is_empty(),
            "[{backend}]"
        );
        assert_eq!(count().await, before, "[{backend}] nothing was stored");

        // The English page, for completeness.
        let english = clerk.get("/amt/register/neu?lang=en").await;
        assert!(english.html.contains("<html lang=\"en\">"), "[{backend}]");
        assert!(english.html.contains("Record a notification"), "[{backend}]");
        bench
    })
    .await;
}

/// Asserts `page`'s status, and for a refusal that the newest record of `office_id`'s trail is
/// `action` by `actor` about `subject`.
async fn check(
    bench: &Bench,
    what: &str,
    page: &Page,
    expected: StatusCode,
    refusal: Option<(&str, &str, &str)>,
    actor: &str,
) {
    let backend = bench.backend;
    assert_eq!(page.status, expected, "[{backend}] {what}: {}", page.html);
    if let Some((office_id, action, subject)) = refusal {
        assert!(
            page.html.contains("Der Versuch wurde protokolliert."),
            "[{backend}] {what}"
        );
        assert!(
            !page.html.contains("Lukas"),
            "[{backend}] {what}: nothing of the other register"
        );
        let record = newest_audit(bench, office_id).await;
        assert_eq!(
            (
                record.action.as_str(),
                record.actor.as_str(),
                record.subject.as_str()
            ),
            (action, actor, subject),
            "[{backend}] {what}"
        );
    }
}

#[tokio::test]
async fn every_role_does_only_its_part_and_only_in_its_own_office() {
    use store::staff::StaffRole;
    each_backend(no_changes, |bench: Bench| async move {
        let backend = bench.backend;
        let admin = cuxhaven_admin(&bench).await;
        let other_request = pending_cancellation(&bench, BERLIN, LUKAS).await;
        let cross = "staff.cross_office_refused";
        let role_refused = "staff.role_refused";
        for (login, role) in [
            (CLERK, StaffRole::Clerk),
            (SUPERVISOR, StaffRole::Supervisor),
            (admin, StaffRole::Admin),
        ] {
            let actor = format!("staff:{}", bench.user(login).await.id);
            let works = role != StaffRole::Admin;
            let mut browser = logged_in(&bench, login).await;
            let home = browser.get("/amt").await;
            assert_eq!(
                home.html.contains("href=\"/amt/register?lang=de\""),
                works,
                "[{backend}] {login}: the register is linked for those who may use it"
            );
            if !works {
                assert!(home.html.contains("(nicht für Ihre Rolle)"), "[{backend}]");
            }
            let csrf = home.csrf();
            let own_entry = insert(&bench, CUXHAVEN, "Ida", "03352011").await;
            let decided_entry = insert(&bench, CUXHAVEN, "Ole", "03352011").await;
            let own_request = pending_cancellation(&bench, CUXHAVEN, &decided_entry).await;
            let ok = |status: StatusCode| if works { status } else { StatusCode::FORBIDDEN };

            let page = browser.get("/amt/register").await;
            check(
                &bench,
                &format!("{login} list own"),
                &page,
                ok(StatusCode::OK),
                for_role(works, CUXHAVEN),
                &actor,
            )
            .await;
            if works {
                assert!(
                    page.html.contains("Paul Meyer, geb. 23.01.2017"),
                    "[{backend}]"
                );
                assert_accessible(&page);
            }
            let page = browser.get(&format!("/amt/register?amt={BERLIN}")).await;
            check(
                &bench,
                &format!("{login} list other"),
                &page,
                StatusCode::FORBIDDEN,
                Some((BERLIN, cross, BERLIN)),
                &actor,
            )
            .await;

            let search = [
                ("csrf", csrf.as_str()),
                ("search_given_names", "Lukas"),
                ("search_family_name", "Gruber"),
                ("search_birth_date", "2018-11-02"),
            ];
            let page = browser.post("/amt/register/suche", &search).await;
            check(
                &bench,
                &format!("{login} search own"),
                &page,
                ok(StatusCode::OK),
                for_role(works, CUXHAVEN),
                &actor,
            )
            .await;
            if works {
                assert!(
                    page.html.contains("Kein Eintrag gefunden"),
                    "[{backend}] Lukas is Berlin's"
                );
            }
            let page = browser
                .post(&format!("/amt/register/suche?amt={BERLIN}"), &search)
                .await;
            check(
                &bench,
                &format!("{login} search other"),
                &page,
                StatusCode::FORBIDDEN,
                Some((BERLIN, cross, BERLIN)),
                &actor,
            )
            .await;

            let page = browser.get(&format!("/amt/register/{PAUL}")).await;
            check(
                &bench,
                &format!("{login} read own"),
                &page,
                ok(StatusCode::OK),
                for_role(works, PAUL),
                &actor,
            )
            .await;
            let page = browser.get(&format!("/amt/register/{LUKAS}")).await;
            check(
                &bench,
                &format!("{login} read other"),
                &page,
                StatusCode::FORBIDDEN,
                Some((BERLIN, cross, LUKAS)),
                &actor,
            )
            .await;

            let fields = declarations("Frieda", "Matrix", "2022-03-04", "03352011");
            let mut body: Vec<(&str, &str)> = vec![("csrf", &csrf)];
            body.extend(fields.iter().map(|(k, v)| (*k, v.as_str())));
            let page = browser.post("/amt/register/neu", &body).await;
            check(
                &bench,
                &format!("{login} record own"),
                &page,
                ok(StatusCode::SEE_OTHER),
                for_role(works, CUXHAVEN),
                &actor,
            )
            .await;
            let fields = declarations("Frieda", "Matrix", "2022-03-04", "04011000");
            let mut body: Vec<(&str, &str)> = vec![("csrf", &csrf)];
            body.extend(fields.iter().map(|(k, v)| (*k, v.as_str())));
            let page = browser.post("/amt/register/neu", &body).await;
            let refusal = if works {
                (BREMEN, cross, BREMEN)
            } else {
                (CUXHAVEN, role_refused, CUXHAVEN)
            };
            check(
                &bench,
                &format!("{login} record other"),
                &page,
                StatusCode::FORBIDDEN,
                Some(refusal),
                &actor,
            )
            .await;
            if works {
                assert!(
                    page.html.contains("Register von Jugendamt Bremen"),
                    "[{backend}] {}",
                    page.html
                );
            }

            let reason = [
                ("csrf", csrf.as_str()),
                ("reason", "irrtümlich eingetragen"),
            ];
            let page = browser
                .post(&format!("/amt/register/{own_entry}/austragung"), &reason)
                .await;
            check(
                &bench,
                &format!("{login} request own"),
                &page,
                ok(StatusCode::SEE_OTHER),
                for_role(works, &own_entry),
                &actor,
            )
            .await;
            let page = browser
                .post(&format!("/amt/register/{LUKAS}/austragung"), &reason)
                .await;
            check(
                &bench,
                &format!("{login} request other"),
                &page,
                StatusCode::FORBIDDEN,
                Some((BERLIN, cross, LUKAS)),
                &actor,
            )
            .await;

            let note = [("csrf", csrf.as_str()), ("note", "")];
            let page = browser
                .post(
                    &format!("/amt/register/{decided_entry}/antraege/{own_request}/genehmigen"),
                    &note,
                )
                .await;
            let (status, refusal) = match role {
                StaffRole::Supervisor => (StatusCode::SEE_OTHER, None),
                _ => (
                    StatusCode::FORBIDDEN,
                    Some((CUXHAVEN, role_refused, decided_entry.as_str())),
                ),
            };
            check(
                &bench,
                &format!("{login} approve own"),
                &page,
                status,
                refusal,
                &actor,
            )
            .await;
            let page = browser
                .post(
                    &format!("/amt/register/{LUKAS}/antraege/{other_request}/genehmigen"),
                    &note,
                )
                .await;
            check(
                &bench,
                &format!("{login} approve other"),
                &page,
                StatusCode::FORBIDDEN,
                Some((BERLIN, cross, LUKAS)),
                &actor,
            )
            .await;

            let page = browser.get("/amt/aenderungen").await;
            check(
                &bench,
                &format!("{login} queue own"),
                &page,
                ok(StatusCode::OK),
                for_role(works, CUXHAVEN),
                &actor,
            )
            .await;
            let page = browser.get(&format!("/amt/aenderungen?amt={BERLIN}")).await;
            check(
                &bench,
                &format!("{login} queue other"),
                &page,
                StatusCode::FORBIDDEN,
                Some((BERLIN, cross, BERLIN)),
                &actor,
            )
            .await;

            let decided = bench
                .store
                .entry_change_requests(&office(CUXHAVEN), &decided_entry)
                .await
                .unwrap();
            assert_eq!(
                decided[0].status == RequestStatus::Approved,
                role == StaffRole::Supervisor,
                "[{backend}] {login}"
            );
        }
        // The other offices' registers are as they were.
        let lukas = bench
            .store
            .entry_change_requests(&office(BERLIN), LUKAS)
            .await
            .unwrap();
        assert_eq!(lukas.len(), 1, "[{backend}]");
        assert_eq!(lukas[0].status, RequestStatus::Pending, "[{backend}]");
        assert_eq!(
            bench.store.entry_count(&office(BREMEN)).await.unwrap(),
            0,
            "[{backend}]"
        );
        bench
    })
    .await;
}

/// The Landkreis Cuxhaven keeps its register on its own node (not reached in this test).
fn cuxhaven_on_its_node(config: &mut sorgeregister::config::Config) {
    config
        .federation
        .nodes
        .insert("ja-03352".into(), "https://127.0.0.1:9".into());
}

#[tokio::test]
async fn a_notification_for_a_register_kept_on_its_node_is_refused_and_nothing_is_stored() {
    each_backend(cuxhaven_on_its_node, |bench: Bench| async move {
        let backend = bench.backend;
        let before = bench.store.entry_count(&office(CUXHAVEN)).await.unwrap();
        let mut clerk = logged_in(&bench, CLERK).await;
        let fields = declarations("Mila", "Janssen", "2020-08-01", "03352011");
        let page = record(&mut clerk, &fields).await;
        assert_eq!(
            page.status,
            StatusCode::CONFLICT,
            "[{backend}] {}",
            page.html
        );
        assert!(
            page.html
                .contains("Register wird beim Jugendamt selbst geführt")
                && page.html.contains("Es wurde nichts eingetragen."),
            "[{backend}] {}",
            page.html
        );
        assert_eq!(
            bench.store.entry_count(&office(CUXHAVEN)).await.unwrap(),
            before,
            "[{backend}] nothing stored"
        );
        bench
    })
    .await;
}
