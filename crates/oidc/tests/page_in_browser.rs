//! The test provider's choice page in headless Chromium: axe-core (WCAG 2.x A/AA) finds no
//! violation, and with the page's own CSP in force a click on a citizen reaches the client's
//! redirect URI. Runs `tests/oidc-provider/authorize-page.mjs`; skips with a message when node,
//! chromium or playwright-core/axe-core (`tests/browser/node_modules`, CI installs them) is
//! missing.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers outside #[test] fns

mod support;

use std::path::PathBuf;

use oidc::Client;
use support::*;
use tokio::process::Command;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[tokio::test]
async fn choice_page_is_accessible_and_its_csp_allows_the_redirect() {
    let idp = spawn(None).await;
    let client = Client::discover(config(&idp.issuer)).await.unwrap();
    let (url, _) = client.begin();
    let output = match Command::new("node")
        .arg(repo().join("tests/oidc-provider/authorize-page.mjs"))
        .arg(&url)
        .arg(REDIRECT)
        .output()
        .await
    {
        Ok(output) => output,
        Err(e) => {
            eprintln!("skipped: test provider page in the browser: node: {e}");
            return;
        }
    };
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    if output.status.code() == Some(3) {
        eprintln!(
            "skipped: test provider page in the browser: {}",
            stdout.trim()
        );
        return;
    }
    eprintln!("{stdout}");
    assert!(output.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains(" 0 violated"), "{stdout}");
    assert!(
        stdout.contains("redirect: reached the redirect URI with a code"),
        "{stdout}"
    );
}
