//! Accounts with a TOTP second factor: the code step after the password, wrong codes, and a
//! code that works once only.

use reqwest::StatusCode;

use super::{Bench, each_backend};
use credentials::{PasswordHasher, PasswordParams, TotpSecret};
use domain::clock::Clock;
use store::staff::{LoginName, NewStaffUser, StaffRole};

const LOGIN: &str = "a.meyer";
const PASSWORD: &str = "ein-langes-passwort";

/// Creates a supervisor of Cuxhaven with a second factor; returns the TOTP key.
async fn with_totp(bench: &Bench) -> TotpSecret {
    let hasher = PasswordHasher::new(PasswordParams::insecure_for_tests()).unwrap();
    let secret = TotpSecret::generate().unwrap();
    bench
        .store
        .create_staff_user(
            &store::Actor::system("test"),
            bench.clock.now(),
            &NewStaffUser {
                id: "u-totp",
                login: &LoginName::parse(LOGIN).unwrap(),
                display_name: "Anna Meyer",
                office: &domain::OfficeId::parse("ja-03352").unwrap(),
                role: StaffRole::Supervisor,
                password_hash: &hasher.hash(PASSWORD).unwrap(),
                totp_secret: Some(&secret.to_base32()),
            },
        )
        .await
        .unwrap();
    secret
}

#[tokio::test]
async fn a_second_factor_is_asked_for_and_a_code_works_once() {
    each_backend(
        |_| {},
        |bench: Bench| async move {
            let backend = bench.backend;
            let secret = with_totp(&bench).await;
            let mut browser = bench.browser();
            let response = browser.log_in(LOGIN, PASSWORD).await;
            assert_eq!(
                response.status,
                StatusCode::SEE_OTHER,
                "[{backend}] {}",
                response.html
            );
            assert_eq!(
                response.location(),
                "/amt/anmelden/code?lang=de",
                "[{backend}]"
            );
            assert!(response.set_cookie("sr_amt").is_some(), "[{backend}]");

            // The password alone opens nothing.
            let home = browser.get("/amt").await;
            assert_eq!(home.status, StatusCode::SEE_OTHER, "[{backend}]");
            assert_eq!(home.location(), "/amt/anmelden/code?lang=de", "[{backend}]");

            let form = browser.get("/amt/anmelden/code").await;
            assert_eq!(form.status, StatusCode::OK, "[{backend}]");
            for needle in [
                "<label for=\"code\">Bestätigungscode</label>",
                "autocomplete=\"one-time-code\"",
                "inputmode=\"numeric\"",
            ] {
                assert!(form.html.contains(needle), "[{backend}] {needle}");
            }
            let csrf = form.csrf();
            let now = bench.clock.now().unix_timestamp();
            let code = secret.code_at(now);
            let wrong = format!(
                "{:06}",
                (code.parse::<u32>().unwrap() + 500_000) % 1_000_000
            );

            let page = browser
                .post("/amt/anmelden/code", &[("csrf", &csrf), ("code", &wrong)])
                .await;
            assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "[{backend}]");
            assert!(
                page.html
                    .contains("Der Code ist nicht richtig oder nicht mehr gültig."),
                "[{backend}]"
            );
            assert!(page.html.contains("<li><a href=\"#code\">"), "[{backend}]");
            assert_eq!(
                bench.user(LOGIN).await.failed_attempts,
                1,
                "[{backend}] counts towards the lock"
            );

            let page = browser.post("/amt/anmelden/code", &[("code", &code)]).await;
            assert_eq!(
                page.status,
                StatusCode::FORBIDDEN,
                "[{backend}] without the CSRF token"
            );

            let page = browser
                .post("/amt/anmelden/code", &[("csrf", &csrf), ("code", &code)])
                .await;
            assert_eq!(
                page.status,
                StatusCode::SEE_OTHER,
                "[{backend}] {}",
                page.html
            );
            assert_eq!(page.location(), "/amt?lang=de", "[{backend}]");
            let home = browser.get("/amt").await;
            assert_eq!(home.status, StatusCode::OK, "[{backend}]");
            assert!(home.html.contains("Anna Meyer"), "[{backend}]");
            assert_eq!(bench.user(LOGIN).await.failed_attempts, 0, "[{backend}]");

            // The same code again, in a new login within the same 30 seconds: refused.
            let mut second = bench.browser();
            second.log_in(LOGIN, PASSWORD).await;
            let form = second.get("/amt/anmelden/code").await;
            let page = second
                .post(
                    "/amt/anmelden/code",
                    &[("csrf", &form.csrf()), ("code", &code)],
                )
                .await;
            assert_eq!(
                page.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "[{backend}] a used code"
            );
            bench.clock.advance(time::Duration::seconds(30));
            let next = secret.code_at(bench.clock.now().unix_timestamp());
            let page = second
                .post(
                    "/amt/anmelden/code",
                    &[("csrf", &form.csrf()), ("code", &next)],
                )
                .await;
            assert_eq!(
                page.status,
                StatusCode::SEE_OTHER,
                "[{backend}] the next code works"
            );

            // A waiting login can be given up; the waiting session is gone then.
            let mut third = bench.browser();
            third.log_in(LOGIN, PASSWORD).await;
            let form = third.get("/amt/anmelden/code").await;
            assert!(
                form.html
                    .contains("action=\"/amt/anmelden/abbrechen?lang=de\""),
                "[{backend}]"
            );
            let page = third
                .post("/amt/anmelden/abbrechen", &[("csrf", "falsch")])
                .await;
            assert_eq!(page.status, StatusCode::FORBIDDEN, "[{backend}]");
            // Logout is for logged-in staff: a waiting login is sent back to its code.
            let page = third.post("/amt/abmelden", &[("csrf", &form.csrf())]).await;
            assert_eq!(page.location(), "/amt/anmelden/code?lang=de", "[{backend}]");
            let page = third
                .post("/amt/anmelden/abbrechen", &[("csrf", &form.csrf())])
                .await;
            assert_eq!(
                page.location(),
                "/amt/anmelden?lang=de&hinweis=abgebrochen",
                "[{backend}]"
            );
            let page = third.get("/amt/anmelden/code").await;
            assert!(
                page.location().starts_with("/amt/anmelden?lang=de"),
                "[{backend}]"
            );

            let actions = bench.audit_actions(LOGIN).await;
            let logins: Vec<&str> = actions
                .iter()
                .map(String::as_str)
                .filter(|a| a.starts_with("staff.login") || *a == "staff.password_accepted")
                .collect();
            assert_eq!(
                logins,
                [
                    "staff.password_accepted",
                    "staff.login_failed",
                    "staff.login",
                    "staff.password_accepted",
                    "staff.login_failed",
                    "staff.login",
                    "staff.password_accepted"
                ],
                "[{backend}]"
            );
            bench
        },
    )
    .await;
}

#[tokio::test]
async fn wrong_codes_lock_the_account_and_end_the_waiting_login() {
    each_backend(
        |_| {},
        |bench: Bench| async move {
            let backend = bench.backend;
            let secret = with_totp(&bench).await;
            let mut browser = bench.browser();
            browser.log_in(LOGIN, PASSWORD).await;
            let csrf = browser.get("/amt/anmelden/code").await.csrf();
            let code = secret.code_at(bench.clock.now().unix_timestamp());
            let wrong = format!("{:06}", (code.parse::<u32>().unwrap() + 1) % 1_000_000);
            for _ in 0..2 {
                let page = browser
                    .post("/amt/anmelden/code", &[("csrf", &csrf), ("code", &wrong)])
                    .await;
                assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "[{backend}]");
            }
            let page = browser
                .post("/amt/anmelden/code", &[("csrf", &csrf), ("code", &wrong)])
                .await;
            assert_eq!(page.status, StatusCode::FORBIDDEN, "[{backend}]");
            assert!(
                page.html.contains("Zugang gesperrt"),
                "[{backend}] {}",
                page.html
            );
            assert!(
                browser.cookies.is_empty() || !browser.cookies.contains_key("sr_amt"),
                "[{backend}]"
            );
            // The right code now finds no waiting login.
            let page = browser
                .post("/amt/anmelden/code", &[("csrf", &csrf), ("code", &code)])
                .await;
            assert_eq!(page.status, StatusCode::SEE_OTHER, "[{backend}]");
            assert!(
                page.location().starts_with("/amt/anmelden?lang=de"),
                "[{backend}]"
            );
            assert!(
                bench
                    .audit_actions(LOGIN)
                    .await
                    .contains(&"staff.locked".to_owned()),
                "[{backend}]"
            );
            bench
        },
    )
    .await;
}
