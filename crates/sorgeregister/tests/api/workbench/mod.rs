//! The Jugendamt workbench over real HTTP: login with password and TOTP code, lockout, idle
//! timeout, logout, CSRF, cookies and disabled accounts, on the real application with a clock
//! the test moves forward.
//!
//! A small cookie jar stands in for the browser, so that every cookie attribute the server
//! sends can be asserted and an old cookie can be replayed on purpose.

mod casework;
mod login;
mod office_views;
mod prenatal;
mod prenatal_review;
mod register;
mod review_queue;
mod second_factor;
mod sessions;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use time::OffsetDateTime;

use domain::clock::Clock;
use sorgeregister::app::{self, Running};
use sorgeregister::config::Config;
use sorgeregister::demo;
use store::Store;
use store::staff::{LoginName, StaffUser};

/// The demo clerk of Cuxhaven and the demo password.
pub const CLERK: &str = "sb-cuxhaven";
pub const PASSWORD: &str = demo::DEMO_STAFF_PASSWORD;

/// A clock that stands still until the test moves it.
pub struct ManualClock(Mutex<OffsetDateTime>);

impl ManualClock {
    pub fn advance(&self, by: time::Duration) {
        let mut now = self.0.lock().unwrap();
        *now += by;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> OffsetDateTime {
        *self.0.lock().unwrap()
    }
}

pub struct Bench {
    pub backend: &'static str,
    pub url: String,
    pub store: Store,
    pub clock: Arc<ManualClock>,
    http: reqwest::Client,
    running: Option<Running>,
    _dir: tempfile::TempDir,
}

/// Runs `test` once per backend on a freshly started application with the demo's staff,
/// configured by `configure` after the test defaults (cheap password hashes, a lock after three
/// failures, no practical login rate limit, plain http).
pub async fn each_backend<C, F, Fut>(configure: C, test: F)
where
    C: Fn(&mut Config),
    F: Fn(Bench) -> Fut,
    Fut: std::future::Future<Output = Bench>,
{
    for backend in store::testing::backends() {
        let bench = spawn(backend, &configure).await;
        let bench = test(bench).await;
        bench.stop().await;
    }
}

async fn spawn(backend: &'static str, configure: &dyn Fn(&mut Config)) -> Bench {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut config = Config::default();
    config.database.url = store::testing::fresh_database_url(backend, dir.path())
        .await
        .expect("fresh database");
    config.database.max_connections = 4;
    config.certificates.keys_dir = dir.path().join("keys");
    config.server.bind = "127.0.0.1:0".into();
    config.workbench.argon2_memory_kib = 64;
    config.workbench.argon2_iterations = 1;
    config.workbench.lockout_failures = 3;
    config.workbench.login_per_minute = 1000;
    configure(&mut config);
    let store = app::open_store(&config).await.expect("store");
    demo::seed(&store, dir.path()).await.expect("seed");
    let hasher = sorgeregister::staff::hasher(&config).expect("hasher");
    demo::seed_staff(&store, &hasher).await.expect("seed staff");
    let clock = Arc::new(ManualClock(Mutex::new(OffsetDateTime::now_utc())));
    let running = app::start_with_clock(store.clone(), &config, clock.clone())
        .await
        .expect("start");
    Bench {
        backend,
        url: running.url(),
        store,
        clock,
        http: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client"),
        running: Some(running),
        _dir: dir,
    }
}

impl Bench {
    pub async fn stop(mut self) {
        if let Some(running) = self.running.take() {
            running.stop().await.expect("clean stop");
        }
    }

    pub async fn user(&self, login: &str) -> StaffUser {
        self.store
            .staff_user(&LoginName::parse(login).unwrap())
            .await
            .unwrap()
            .expect("account exists")
    }

    /// The audit actions about one account, oldest first.
    pub async fn audit_actions(&self, login: &str) -> Vec<String> {
        let user = self.user(login).await;
        self.store
            .audit_of(&user.id)
            .await
            .unwrap()
            .into_iter()
            .map(|r| r.action)
            .collect()
    }

    pub fn browser(&self) -> Browser<'_> {
        Browser {
            bench: self,
            cookies: BTreeMap::new(),
            headers: Vec::new(),
        }
    }
}

/// A response as received, after the checks every workbench page must pass.
pub struct Page {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub html: String,
    /// The `Set-Cookie` headers, as sent.
    pub set_cookies: Vec<String>,
}

impl Page {
    pub fn location(&self) -> &str {
        self.headers
            .get("location")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// The value of the hidden CSRF field of the (first) form.
    pub fn csrf(&self) -> String {
        let start = self
            .html
            .find("name=\"csrf\" value=\"")
            .unwrap_or_else(|| panic!("no csrf field: {}", self.html))
            + "name=\"csrf\" value=\"".len();
        self.html[start..start + 64].to_owned()
    }

    /// The `Set-Cookie` header for cookie `name`.
    pub fn set_cookie(&self, name: &str) -> Option<&str> {
        self.set_cookies
            .iter()
            .find(|c| c.starts_with(&format!("{name}=")))
            .map(String::as_str)
    }
}

/// A browser: a cookie jar, and headers it sends with every request.
pub struct Browser<'a> {
    bench: &'a Bench,
    pub cookies: BTreeMap<String, String>,
    pub headers: Vec<(&'static str, &'static str)>,
}

impl Browser<'_> {
    pub async fn get(&mut self, path: &str) -> Page {
        let request = self.bench.http.get(format!("{}{path}", self.bench.url));
        self.send(request).await
    }

    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        let request = self
            .bench
            .http
            .post(format!("{}{path}", self.bench.url))
            .form(fields);
        self.send(request).await
    }

    async fn send(&mut self, mut request: reqwest::RequestBuilder) -> Page {
        if !self.cookies.is_empty() {
            let header: Vec<String> = self
                .cookies
                .iter()
                .map(|(name, value)| format!("{name}={value}"))
                .collect();
            request = request.header("cookie", header.join("; "));
        }
        for (name, value) in &self.headers {
            request = request.header(*name, *value);
        }
        let response = request.send().await.expect("request sent");
        let status = response.status();
        let headers = response.headers().clone();
        let set_cookies: Vec<String> = headers
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect();
        for cookie in &set_cookies {
            let (pair, attributes) = cookie.split_once(';').unwrap_or((cookie, ""));
            let (name, value) = pair.split_once('=').unwrap();
            if attributes.contains("Max-Age=0") {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_owned(), value.to_owned());
            }
        }
        let html = response.text().await.unwrap();
        assert_eq!(headers["cache-control"], "no-store", "{status} {html}");
        if status.is_redirection() {
            assert!(html.is_empty(), "{html}");
        } else {
            assert_eq!(
                headers["content-type"], "text/html; charset=utf-8",
                "{html}"
            );
            assert_eq!(
                headers["content-security-policy"],
                "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; \
                 base-uri 'none'; frame-ancestors 'none'"
            );
            assert!(html.starts_with("<!doctype html>"), "{html}");
            assert!(!html.to_ascii_lowercase().contains("<script"), "{html}");
        }
        Page {
            status,
            headers,
            html,
            set_cookies,
        }
    }

    /// Opens the login form and submits it.
    pub async fn log_in(&mut self, login: &str, password: &str) -> Page {
        let form = self.get("/amt/anmelden").await;
        assert_eq!(form.status, StatusCode::OK, "{}", form.html);
        let csrf = form.csrf();
        self.post(
            "/amt/anmelden",
            &[("csrf", &csrf), ("login", login), ("password", password)],
        )
        .await
    }

    /// Logs in and follows to the home page, which must show.
    pub async fn log_in_fully(&mut self, login: &str, password: &str) -> Page {
        let response = self.log_in(login, password).await;
        assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.html);
        assert_eq!(response.location(), "/amt?lang=de");
        let home = self.get("/amt").await;
        assert_eq!(home.status, StatusCode::OK, "{}", home.html);
        home
    }
}
