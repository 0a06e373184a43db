//! The login page: success, the one answer for unknown logins and wrong passwords, lockout,
//! disabled accounts, the form's own CSRF token, cookies and the rate limit.

use reqwest::StatusCode;

use super::{Bench, CLERK, PASSWORD, each_backend};
use domain::clock::Clock;

fn no_changes(_: &mut sorgeregister::config::Config) {}

#[tokio::test]
async fn staff_log_in_and_see_their_office_and_role() {
    each_backend(no_changes, |bench: Bench| async move {
        let backend = bench.backend;
        let mut browser = bench.browser();
        let away = browser.get("/amt").await;
        assert_eq!(away.status, StatusCode::SEE_OTHER, "[{backend}]");
        assert_eq!(away.location(), "/amt/anmelden?lang=de", "[{backend}]");

        let form = browser.get("/amt/anmelden").await;
        assert_eq!(form.status, StatusCode::OK, "[{backend}]");
        assert_eq!(form.headers["content-language"], "de");
        let form_cookie = form.set_cookie("sr_login").expect("login form cookie");
        assert!(
            form_cookie.ends_with("; Path=/amt; HttpOnly; SameSite=Strict"),
            "[{backend}] {form_cookie}"
        );
        for needle in [
            "<html lang=\"de\">",
            "<label for=\"login\">Anmeldename</label>",
            "autocomplete=\"username\"",
            "<label for=\"password\">Passwort</label>",
            "type=\"password\" id=\"password\" name=\"password\" autocomplete=\"current-password\"",
            "action=\"/amt/anmelden?lang=de\"",
        ] {
            assert!(
                form.html.contains(needle),
                "[{backend}] {needle}: {}",
                form.html
            );
        }

        let response = browser
            .post(
                "/amt/anmelden",
                &[
                    ("csrf", &form.csrf()),
                    ("login", "SB-Cuxhaven"),
                    ("password", PASSWORD),
                ],
            )
            .await;
        assert_eq!(
            response.status,
            StatusCode::SEE_OTHER,
            "[{backend}] {}",
            response.html
        );
        assert_eq!(response.location(), "/amt?lang=de", "[{backend}]");
        let session_cookie = response.set_cookie("sr_amt").expect("session cookie");
        let (value, attributes) = session_cookie
            .trim_start_matches("sr_amt=")
            .split_once(';')
            .unwrap();
        assert_eq!(value.len(), 64, "[{backend}] 256 random bits in hex");
        assert!(value.bytes().all(|b| b.is_ascii_hexdigit()), "[{backend}]");
        assert_eq!(
            attributes, " Path=/amt; HttpOnly; SameSite=Strict",
            "[{backend}] no Secure over plain http"
        );
        assert!(
            response
                .set_cookie("sr_login")
                .is_some_and(|c| c.contains("Max-Age=0")),
            "[{backend}] the form cookie is removed"
        );

        let office = bench
            .store
            .office(&domain::OfficeId::parse("ja-03352").unwrap())
            .await
            .unwrap()
            .unwrap();
        let home = browser.get("/amt").await;
        assert_eq!(home.status, StatusCode::OK, "[{backend}]");
        for needle in [
            "Angemeldet als Svenja Brandt.",
            &format!("{} (ja-03352)", office.name),
            "<dd>Sachbearbeitung</dd>",
            "Register",
            "Prüfaufträge",
            "Anträge",
            "Protokoll",
            "action=\"/amt/abmelden?lang=de\"",
        ] {
            assert!(
                home.html.contains(needle),
                "[{backend}] {needle}: {}",
                home.html
            );
        }
        assert!(
            home.html.contains("href=\"/amt/register?lang=de\"")
                && home.html.contains("href=\"/amt/aenderungen?lang=de\""),
            "[{backend}] the register and its change requests are linked"
        );
        let english = browser.get("/amt?lang=en").await;
        assert!(
            english.html.contains("Logged in as Svenja Brandt."),
            "[{backend}]"
        );
        assert!(english.html.contains("<dd>Clerk</dd>"), "[{backend}]");
        assert_eq!(english.headers["content-language"], "en");

        let mut supervisor = bench.browser();
        let home = supervisor.log_in_fully("sl-bremen", PASSWORD).await;
        assert!(
            home.html.contains("<dd>Sachgebietsleitung</dd>"),
            "[{backend}]"
        );
        assert!(home.html.contains("(ja-04011)"), "[{backend}]");

        let actions = bench.audit_actions(CLERK).await;
        assert_eq!(
            actions.last().map(String::as_str),
            Some("staff.login"),
            "[{backend}]"
        );
        // Logged in already: the login page leads home.
        let again = browser.get("/amt/anmelden").await;
        assert_eq!(again.location(), "/amt?lang=de", "[{backend}]");
        bench
    })
    .await;
}

#[tokio::test]
async fn an_unknown_login_and_a_wrong_password_get_the_same_answer() {
    each_backend(no_changes, |bench: Bench| async move {
        let backend = bench.backend;
        let mut browser = bench.browser();
        let unknown = browser.log_in("niemand", "irgendwas-123").await;
        let wrong = browser.log_in(CLERK, "falsches-passwort").await;
        let malformed = browser.log_in("kein gültiger name", "x").await;
        let message = "Anmeldename oder Passwort ist nicht richtig.";
        for page in [&unknown, &wrong, &malformed] {
            assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "[{backend}]");
            assert!(page.html.contains(message), "[{backend}] {}", page.html);
            assert!(
                page.html.contains("<li><a href=\"#password\">"),
                "[{backend}] the summary leads to the field"
            );
            assert!(page.html.contains("id=\"password-error\""), "[{backend}]");
            assert!(page.html.contains("<title>Fehler: "), "[{backend}]");
            assert!(
                page.set_cookie("sr_amt").is_none(),
                "[{backend}] no session"
            );
        }
        let strip = |html: &str, login: &str| html.replace(&format!("value=\"{login}\""), "");
        assert_eq!(
            strip(&unknown.html, "niemand"),
            strip(&wrong.html, CLERK),
            "[{backend}] the pages differ only in the login name shown back"
        );
        assert!(
            !wrong.html.contains("falsches-passwort"),
            "[{backend}] never echoed"
        );

        let empty = browser.log_in("", "").await;
        assert_eq!(
            empty.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "[{backend}]"
        );
        assert!(
            empty.html.contains(
                "<li><a href=\"#login\">Bitte geben Sie Ihren Anmeldenamen ein.</a></li>"
            ),
            "[{backend}]"
        );
        assert!(
            empty
                .html
                .contains("<li><a href=\"#password\">Bitte geben Sie Ihr Passwort ein.</a></li>"),
            "[{backend}]"
        );
        assert!(empty.html.contains("aria-invalid=\"true\""), "[{backend}]");

        assert_eq!(bench.user(CLERK).await.failed_attempts, 1, "[{backend}]");
        let unknown_trail = bench.store.audit_of("staff:unknown").await.unwrap();
        assert_eq!(
            unknown_trail.len(),
            2,
            "[{backend}] both unknown names audited"
        );
        assert!(
            unknown_trail
                .iter()
                .all(|r| !r.detail.to_string().contains("niemand")),
            "[{backend}] without the name typed"
        );
        bench
    })
    .await;
}

#[tokio::test]
async fn repeated_failures_lock_the_account_until_the_lock_ends() {
    each_backend(no_changes, |bench: Bench| async move {
        let backend = bench.backend;
        let mut browser = bench.browser();
        for _ in 0..2 {
            let page = browser.log_in(CLERK, "falsch-falsch").await;
            assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "[{backend}]");
        }
        let third = browser.log_in(CLERK, "falsch-falsch").await;
        assert_eq!(
            third.status,
            StatusCode::FORBIDDEN,
            "[{backend}] {}",
            third.html
        );
        assert!(
            third
                .html
                .contains("vorübergehend gesperrt, noch 15 Minute(n)"),
            "[{backend}] {}",
            third.html
        );
        assert!(
            third.html.contains("Administration Ihres Jugendamts"),
            "[{backend}]"
        );

        // Locked: even the right password does not log in, and says why.
        let right = browser.log_in(CLERK, PASSWORD).await;
        assert_eq!(right.status, StatusCode::FORBIDDEN, "[{backend}]");
        assert!(right.set_cookie("sr_amt").is_none(), "[{backend}]");
        bench.clock.advance(time::Duration::minutes(10));
        let later = browser.log_in(CLERK, PASSWORD).await;
        assert!(
            later.html.contains("noch 5 Minute(n)"),
            "[{backend}] {}",
            later.html
        );

        let actions = bench.audit_actions(CLERK).await;
        let tail: Vec<&str> = actions
            .iter()
            .rev()
            .take(6)
            .rev()
            .map(String::as_str)
            .collect();
        assert_eq!(
            tail,
            [
                "staff.login_failed",
                "staff.login_failed",
                "staff.login_failed",
                "staff.locked",
                "staff.login_refused",
                "staff.login_refused"
            ],
            "[{backend}]"
        );
        // Other accounts are not affected.
        browser.log_in_fully("sl-cuxhaven", PASSWORD).await;

        bench.clock.advance(time::Duration::minutes(6));
        let mut after = bench.browser();
        after.log_in_fully(CLERK, PASSWORD).await;
        bench
    })
    .await;
}

#[tokio::test]
async fn a_disabled_account_cannot_log_in_and_its_sessions_end() {
    each_backend(no_changes, |bench: Bench| async move {
        let backend = bench.backend;
        let mut browser = bench.browser();
        browser.log_in_fully(CLERK, PASSWORD).await;
        let login = store::staff::LoginName::parse(CLERK).unwrap();
        bench
            .store
            .disable_staff_user(&store::Actor::system("test"), bench.clock.now(), &login)
            .await
            .unwrap();

        let away = browser.get("/amt").await;
        assert_eq!(away.status, StatusCode::SEE_OTHER, "[{backend}]");
        assert_eq!(
            away.location(),
            "/amt/anmelden?lang=de&hinweis=abgelaufen",
            "[{backend}]"
        );

        let refused = bench.browser().log_in(CLERK, PASSWORD).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "[{backend}]");
        assert!(
            refused.html.contains("Ihr Zugang ist deaktiviert."),
            "[{backend}]"
        );
        assert!(refused.set_cookie("sr_amt").is_none(), "[{backend}]");
        let wrong = bench.browser().log_in(CLERK, "falsch-falsch").await;
        assert!(
            wrong
                .html
                .contains("Anmeldename oder Passwort ist nicht richtig."),
            "[{backend}] without the password, nothing about the account is told"
        );
        let actions = bench.audit_actions(CLERK).await;
        assert!(
            actions.contains(&"staff.disabled".to_owned()),
            "[{backend}]"
        );
        assert!(
            actions.contains(&"staff.login_refused".to_owned()),
            "[{backend}]"
        );
        bench
    })
    .await;
}

#[tokio::test]
async fn the_login_form_needs_its_own_token_and_cookie() {
    each_backend(no_changes, |bench: Bench| async move {
        let backend = bench.backend;
        let mut browser = bench.browser();
        let form = browser.get("/amt/anmelden").await;
        let csrf = form.csrf();

        // Without the cookie (a form posted from another site), or with another token.
        let mut stranger = bench.browser();
        let page = stranger
            .post(
                "/amt/anmelden",
                &[("csrf", &csrf), ("login", CLERK), ("password", PASSWORD)],
            )
            .await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "[{backend}]");
        assert!(
            page.html.contains("Das Anmeldeformular war abgelaufen"),
            "[{backend}]"
        );
        assert!(page.set_cookie("sr_amt").is_none(), "[{backend}]");
        let other = "0".repeat(64);
        let page = browser
            .post(
                "/amt/anmelden",
                &[("csrf", &other), ("login", CLERK), ("password", PASSWORD)],
            )
            .await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "[{backend}]");
        // The refusal hands out a fresh form; it works.
        let page = stranger
            .post(
                "/amt/anmelden",
                &[("csrf", &csrf), ("login", CLERK), ("password", PASSWORD)],
            )
            .await;
        assert_eq!(
            page.status,
            StatusCode::FORBIDDEN,
            "[{backend}] the old token is not this browser's"
        );

        // A browser that says the form came from another site is refused outright.
        browser.headers.push(("sec-fetch-site", "cross-site"));
        let page = browser
            .post(
                "/amt/anmelden",
                &[("csrf", &csrf), ("login", CLERK), ("password", PASSWORD)],
            )
            .await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "[{backend}]");
        assert!(page.html.contains("Anfrage abgelehnt"), "[{backend}]");
        browser.headers.clear();
        browser.headers.push(("sec-fetch-site", "same-origin"));
        let page = browser
            .post(
                "/amt/anmelden",
                &[("csrf", &csrf), ("login", CLERK), ("password", PASSWORD)],
            )
            .await;
        assert_eq!(
            page.status,
            StatusCode::SEE_OTHER,
            "[{backend}] {}",
            page.html
        );
        assert!(
            !bench
                .audit_actions(CLERK)
                .await
                .contains(&"staff.login_failed".to_owned()),
            "[{backend}] refused forms never reached the password check"
        );
        bench
    })
    .await;
}

#[tokio::test]
async fn cookies_are_secure_and_host_locked_when_the_public_address_is_https() {
    let https = |config: &mut sorgeregister::config::Config| {
        config.certificates.public_url = "https://sorgeregister.example".into();
    };
    each_backend(https, |bench: Bench| async move {
        let backend = bench.backend;
        let mut browser = bench.browser();
        let form = browser.get("/amt/anmelden").await;
        let cookie = form
            .set_cookie("__Host-sr_login")
            .expect("prefixed form cookie");
        assert!(
            cookie.ends_with("; Path=/; HttpOnly; SameSite=Strict; Secure"),
            "[{backend}] {cookie}"
        );
        assert!(form.set_cookie("sr_login").is_none(), "[{backend}]");
        let response = browser
            .post(
                "/amt/anmelden",
                &[
                    ("csrf", &form.csrf()),
                    ("login", CLERK),
                    ("password", PASSWORD),
                ],
            )
            .await;
        assert_eq!(
            response.status,
            StatusCode::SEE_OTHER,
            "[{backend}] {}",
            response.html
        );
        let cookie = response
            .set_cookie("__Host-sr_amt")
            .expect("prefixed session cookie");
        assert!(
            cookie.ends_with("; Path=/; HttpOnly; SameSite=Strict; Secure"),
            "[{backend}] {cookie}"
        );
        let home = browser.get("/amt").await;
        assert_eq!(home.status, StatusCode::OK, "[{backend}]");
        // The unprefixed name means nothing here.
        let value = browser.cookies.remove("__Host-sr_amt").unwrap();
        browser.cookies.insert("sr_amt".into(), value);
        assert_eq!(
            browser.get("/amt").await.status,
            StatusCode::SEE_OTHER,
            "[{backend}]"
        );
        bench
    })
    .await;
}

#[tokio::test]
async fn login_attempts_are_limited_per_address() {
    let strict = |config: &mut sorgeregister::config::Config| {
        config.workbench.login_per_minute = 3;
    };
    each_backend(strict, |bench: Bench| async move {
        let backend = bench.backend;
        let mut browser = bench.browser();
        for _ in 0..3 {
            let page = browser.log_in("niemand", "nichts-davon").await;
            assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "[{backend}]");
        }
        let page = browser.log_in(CLERK, PASSWORD).await;
        assert_eq!(page.status, StatusCode::TOO_MANY_REQUESTS, "[{backend}]");
        assert!(page.headers.contains_key("retry-after"), "[{backend}]");
        assert!(
            page.html.contains("zu viele Anmeldeversuche"),
            "[{backend}]"
        );
        // Pages other than the login itself are not limited.
        assert_eq!(browser.get("/amt/anmelden").await.status, StatusCode::OK);
        bench
    })
    .await;
}
