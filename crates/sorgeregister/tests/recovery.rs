//! Nothing lost, nothing duplicated: the real `sorgeregister` process is killed between
//! pipeline steps and under load, restarted on the same data folder, and every application
//! ends decided exactly once with exactly one certificate.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::Value;

use sorgeregister::demo;
use store::Store;

struct Demo {
    child: Child,
    client: DemoClient,
}

/// What a client needs to call a running demo.
#[derive(Clone)]
struct DemoClient {
    url: String,
    token: String,
}

/// Starts `sorgeregister demo` on a free port and waits for its banner.
async fn start(dir: &Path, failpoint: Option<&str>) -> Demo {
    let dir = dir.to_owned();
    let failpoint = failpoint.map(str::to_owned);
    tokio::task::spawn_blocking(move || {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(dir.join("stderr.log"))
            .expect("log file");
        let mut command = Command::new(env!("CARGO_BIN_EXE_sorgeregister"));
        command
            .args(["demo", "--port", "0", "--data-dir"])
            .arg(&dir)
            .env("SORGEREGISTER_PIPELINE_LEASE_SECONDS", "1")
            .env("SORGEREGISTER_PIPELINE_POLL_INTERVAL_MS", "50")
            .env_remove("SORGEREGISTER_PIPELINE_FAILPOINT")
            .stdout(Stdio::piped())
            .stderr(log);
        if let Some(point) = &failpoint {
            command.env("SORGEREGISTER_PIPELINE_FAILPOINT", point);
        }
        let mut child = command.spawn().expect("spawn sorgeregister");
        let stdout = child.stdout.take().expect("stdout");
        let mut lines = BufReader::new(stdout).lines();
        let mut url = None;
        for line in lines.by_ref() {
            let line = line.expect("banner line");
            if let Some(rest) = line.strip_prefix("Sorgeregister demo is running at ") {
                url = Some(rest.trim().to_owned());
                break;
            }
        }
        let url = url.expect("demo printed its URL");
        // Keep draining the banner, as a terminal would.
        std::thread::spawn(move || for _ in lines {});
        let tokens = std::fs::read_to_string(dir.join("tokens.txt")).expect("tokens.txt");
        let token = tokens
            .lines()
            .find(|l| l.starts_with("demo-online-service\t"))
            .and_then(|l| l.split('\t').nth(3))
            .expect("online service token")
            .to_owned();
        Demo {
            child,
            client: DemoClient { url, token },
        }
    })
    .await
    .expect("start task")
}

impl Demo {
    fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    fn wait_for_crash(mut self) {
        let status = self.child.wait().expect("wait");
        assert!(
            !status.success(),
            "the failpoint should have aborted the process"
        );
    }
}

async fn open_store(dir: &Path) -> Store {
    Store::open_sqlite(&demo::database_path(dir), 1)
        .await
        .expect("open demo database")
}

#[tokio::test]
async fn a_crash_between_any_two_steps_loses_and_duplicates_nothing() {
    let http = reqwest::Client::new();
    for failpoint in ["after_received", "after_query_sent", "after_decided"] {
        let dir = tempfile::tempdir().unwrap();
        let crashing = start(dir.path(), Some(failpoint)).await;
        let first = crashing.client.submit(&http, "crash-1").await;
        assert!(
            first.is_err(),
            "{failpoint}: the request should die with the process"
        );
        crashing.wait_for_crash();

        let restarted = start(dir.path(), None).await;
        // The online service retries with the same key and gets the stored application.
        let (status, body) = restarted
            .client
            .submit(&http, "crash-1")
            .await
            .expect("retry");
        assert_eq!(status, StatusCode::OK, "{failpoint}: {body}");
        let id = body["id"].as_str().expect("id").to_owned();
        let decided = restarted.client.wait_decided(&http, &id).await;
        assert_eq!(decided["status"], "decided", "{failpoint}: {decided}");
        assert_eq!(decided["outcome"], "negative_certificate", "{failpoint}");
        assert!(decided["certificate"]["number"].is_string(), "{failpoint}");
        restarted.kill();

        let store = open_store(dir.path()).await;
        assert_eq!(store.application_count().await.unwrap(), 1, "{failpoint}");
        assert_eq!(
            store.certificate_count(&id).await.unwrap(),
            1,
            "{failpoint}"
        );
        store.close().await;
    }
}

#[tokio::test]
async fn kill_9_under_load_then_retries_give_each_application_exactly_once() {
    const N: usize = 100;
    let http = reqwest::Client::new();
    let dir = tempfile::tempdir().unwrap();
    let running = start(dir.path(), None).await;

    // Fire all submissions at once; kill the process once some have been answered, while the
    // rest are in flight.
    let done = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let mut tasks = Vec::new();
    for i in 0..N {
        let http = http.clone();
        let client = running.client.clone();
        let done = done.clone();
        tasks.push(tokio::spawn(async move {
            let ok = client.submit(&http, &format!("load-{i}")).await.is_ok();
            if ok {
                done.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            }
            ok
        }));
    }
    let deadline = Instant::now() + Duration::from_secs(20);
    while done.load(std::sync::atomic::Ordering::SeqCst) < 10 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    running.kill();
    let mut answered = 0;
    for task in tasks {
        if task.await.unwrap() {
            answered += 1;
        }
    }
    eprintln!("{answered} of {N} submissions were answered before the kill");
    assert!(answered >= 10, "the kill came before any work was done");
    let stored = {
        let store = open_store(dir.path()).await;
        let count = store.application_count().await.unwrap();
        store.close().await;
        count
    };
    eprintln!("{stored} applications were stored when the process died");

    let restarted = start(dir.path(), None).await;
    let mut ids = std::collections::BTreeSet::new();
    for i in 0..N {
        let (status, body) = restarted
            .client
            .submit(&http, &format!("load-{i}"))
            .await
            .expect("retry");
        assert!(
            status == StatusCode::OK || status == StatusCode::CREATED,
            "{status}: {body}"
        );
        ids.insert(body["id"].as_str().unwrap().to_owned());
    }
    assert_eq!(ids.len(), N, "one application per idempotency key");
    for id in &ids {
        let decided = restarted.client.wait_decided(&http, id).await;
        assert_eq!(decided["outcome"], "negative_certificate", "{decided}");
    }
    restarted.kill();

    let store = open_store(dir.path()).await;
    assert_eq!(store.application_count().await.unwrap(), N as i64);
    for id in &ids {
        assert_eq!(store.certificate_count(id).await.unwrap(), 1, "{id}");
    }
    store.close().await;
}

impl DemoClient {
    async fn submit(
        &self,
        http: &reqwest::Client,
        key: &str,
    ) -> reqwest::Result<(StatusCode, Value)> {
        let response = http
            .post(format!("{}/api/v1/applications", self.url))
            .bearer_auth(&self.token)
            .header("Idempotency-Key", key)
            .header("Content-Type", "application/json")
            .body(demo::SOPHIA)
            .send()
            .await?;
        let status = response.status();
        Ok((status, response.json().await?))
    }

    /// Polls an application until it is decided (or a time limit passes).
    async fn wait_decided(&self, http: &reqwest::Client, id: &str) -> Value {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let body: Value = http
                .get(format!("{}/api/v1/applications/{id}", self.url))
                .bearer_auth(&self.token)
                .send()
                .await
                .expect("GET application")
                .json()
                .await
                .expect("JSON");
            if body["status"] == "decided" || Instant::now() > deadline {
                return body;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}
