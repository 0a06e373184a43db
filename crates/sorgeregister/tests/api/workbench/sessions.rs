//! Sessions: the idle timeout, logout, and the CSRF token every POST must carry.

use reqwest::StatusCode;

use super::{Bench, CLERK, PASSWORD, each_backend};

#[tokio::test]
async fn a_session_ends_after_the_idle_timeout() {
    each_backend(
        |_| {},
        |bench: Bench| async move {
            let backend = bench.backend;
            let mut browser = bench.browser();
            browser.log_in_fully(CLERK, PASSWORD).await;
            bench.clock.advance(time::Duration::minutes(29));
            assert_eq!(
                browser.get("/amt").await.status,
                StatusCode::OK,
                "[{backend}] 29 minutes"
            );
            bench.clock.advance(time::Duration::minutes(29));
            assert_eq!(
                browser.get("/amt").await.status,
                StatusCode::OK,
                "[{backend}] 29 minutes after the last request"
            );
            bench.clock.advance(time::Duration::minutes(31));
            let away = browser.get("/amt?lang=en").await;
            assert_eq!(
                away.status,
                StatusCode::SEE_OTHER,
                "[{backend}] 31 minutes idle"
            );
            assert_eq!(
                away.location(),
                "/amt/anmelden?lang=en&hinweis=abgelaufen",
                "[{backend}]"
            );
            assert!(
                away.set_cookie("sr_amt")
                    .is_some_and(|c| c.contains("Max-Age=0")),
                "[{backend}] the dead cookie is removed"
            );
            let login = browser.get(away.location()).await;
            assert!(
                login.html.contains("Your session has expired"),
                "[{backend}]"
            );
            bench
        },
    )
    .await;
}

#[tokio::test]
async fn logout_ends_the_session_and_the_old_cookie_opens_nothing() {
    each_backend(
        |_| {},
        |bench: Bench| async move {
            let backend = bench.backend;
            let mut browser = bench.browser();
            let home = browser.log_in_fully(CLERK, PASSWORD).await;
            let old_cookies = browser.cookies.clone();
            let page = browser
                .post("/amt/abmelden", &[("csrf", &home.csrf())])
                .await;
            assert_eq!(
                page.status,
                StatusCode::SEE_OTHER,
                "[{backend}] {}",
                page.html
            );
            assert_eq!(
                page.location(),
                "/amt/anmelden?lang=de&hinweis=abgemeldet",
                "[{backend}]"
            );
            assert!(
                !browser.cookies.contains_key("sr_amt"),
                "[{backend}] cookie removed"
            );
            let login = browser.get(page.location()).await;
            assert!(
                login.html.contains("Sie haben sich abgemeldet."),
                "[{backend}]"
            );

            // Someone who kept the cookie gets nowhere with it.
            let mut replay = bench.browser();
            replay.cookies = old_cookies;
            let away = replay.get("/amt").await;
            assert_eq!(away.status, StatusCode::SEE_OTHER, "[{backend}]");
            assert!(away.location().starts_with("/amt/anmelden"), "[{backend}]");
            assert!(
                bench
                    .audit_actions(CLERK)
                    .await
                    .contains(&"staff.logout".to_owned()),
                "[{backend}]"
            );
            bench
        },
    )
    .await;
}

#[tokio::test]
async fn a_post_without_the_sessions_csrf_token_is_refused() {
    each_backend(
        |_| {},
        |bench: Bench| async move {
            let backend = bench.backend;
            let mut browser = bench.browser();
            let home = browser.log_in_fully(CLERK, PASSWORD).await;
            let mut other = bench.browser();
            let other_home = other.log_in_fully("sl-cuxhaven", PASSWORD).await;

            let others = other_home.csrf();
            let cases: [&[(&str, &str)]; 4] = [
                &[],
                &[("csrf", "")],
                &[("csrf", "not-the-token")],
                // Another session's token is not this session's.
                &[("csrf", &others)],
            ];
            for fields in cases {
                let page = browser.post("/amt/abmelden", fields).await;
                assert_eq!(page.status, StatusCode::FORBIDDEN, "[{backend}] {fields:?}");
                assert!(page.html.contains("Anfrage abgelehnt"), "[{backend}]");
            }
            browser.headers.push(("sec-fetch-site", "cross-site"));
            let page = browser
                .post("/amt/abmelden", &[("csrf", &home.csrf())])
                .await;
            assert_eq!(
                page.status,
                StatusCode::FORBIDDEN,
                "[{backend}] from another site"
            );
            browser.headers.clear();
            assert_eq!(
                browser.get("/amt").await.status,
                StatusCode::OK,
                "[{backend}] nothing was done: still logged in"
            );
            assert!(
                !bench
                    .audit_actions(CLERK)
                    .await
                    .contains(&"staff.logout".to_owned()),
                "[{backend}]"
            );
            bench
        },
    )
    .await;
}
