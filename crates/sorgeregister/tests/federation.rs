//! Federation with real processes of the `sorgeregister` binary: a platform whose
//! `[federation] nodes` send the Landkreis Cuxhaven's register queries over HTTPS to that
//! office's own node (`represents = ["ja-03352"]`, its own SQLite database), which serves a TLS
//! certificate issued by the platform CA with `sorgeregister keys tls-certificate`.
//!
//! - The node speaks TLS only; a client that does not trust the platform CA (web PKI roots)
//!   cannot talk to it.
//! - The answer comes from the node's register, not the platform's: only the node knows that
//!   Sophia and Charlotte's father made Sorgeerklärungen, so her application ends without a
//!   certificate, where the platform's own copy of the Cuxhaven register would have certified.
//! - The node stopped, an application waits; the node back on the same port, the platform's
//!   worker completes it by itself, decided once, with one certificate.
//! - Envelopes crafted in this test and sent straight to the node: tampered, signed with the key
//!   of another office, too old, replayed, addressed to an office the node does not answer for,
//!   too large — each refused with its status and logged with its message id.
//! - The node's own key asks the platform in Cuxhaven's name only; in Bremen's it is refused.
//! - Review at the node: a possible match waits in the node's workbench, not the platform's;
//!   the node's clerk settles it there and the platform decides the application once.
//!
//! Keys as operators provision them: the platform holds the CA and Bremen's key; the node makes
//! its own Cuxhaven key (`keys request`), the platform certifies it (`keys certify`), the node
//! installs it (`keys install`) and runs as `sorgeregister node`, fetching the platform's
//! signed trust list. No private key is in both folders.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::Value;
use time::OffsetDateTime;
use time::macros::date;

use domain::application::{BirthPlace, ChildIdentity};
use domain::clock::SystemClock;
use domain::matching::MatchPolicy;
use domain::register::{
    EntryKind, Notification, Parent, RegisterAnswer, Scope, Source, SourceKind,
};
use domain::{Ags, OfficeId, PersonName};
use federation::envelope::{self, MEDIA_TYPE, Signed};
use federation::{RegisterQuery, RegisterResponder, RegisterResponse};
use seal::issue::Sealer;
use sorgeregister::config::Config;
use sorgeregister::{app, demo};
use store::{Actor, Store};

const CUXHAVEN: &str = "ja-03352";
const BREMEN: &str = "ja-04011";

/// A running `sorgeregister serve`; killed when dropped, so that a failing test leaves no
/// process behind.
struct Server {
    child: Option<Child>,
    url: String,
    log: PathBuf,
}

impl Server {
    fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// One instance's folder: its configuration, database, key folder and log.
struct Instance {
    dir: PathBuf,
    config: Config,
    /// `serve` or `node`.
    command: &'static str,
}

impl Instance {
    /// An instance with its own empty key folder, run as `command` (`serve` or `node`).
    fn new(dir: PathBuf, bind: &str, command: &'static str) -> Instance {
        let mut config = Config::default();
        config.server.bind = bind.to_owned();
        config.database.url = format!("sqlite://{}?mode=rwc", dir.join("db.sqlite").display());
        config.certificates.keys_dir = dir.join("keys");
        config.pipeline.lease_seconds = 1;
        config.pipeline.poll_interval_ms = 50;
        config.pipeline.retry_first_seconds = 1;
        config.pipeline.retry_max_seconds = 1;
        config.pipeline.node_review_poll_seconds = 1;
        config.workbench.argon2_memory_kib = 64;
        config.workbench.argon2_iterations = 1;
        config.workbench.login_per_minute = 1000;
        Instance {
            dir,
            config,
            command,
        }
    }

    fn keys(&self) -> &Path {
        &self.config.certificates.keys_dir
    }

    fn log(&self) -> PathBuf {
        self.dir.join("stderr.log")
    }

    async fn store(&self) -> Store {
        app::open_store(&self.config).await.expect("open store")
    }

    /// The demo's register data and staff (password [`demo::DEMO_STAFF_PASSWORD`]), as
    /// `sorgeregister demo` seeds them; returns the API tokens by client.
    async fn seed_with_staff(&self) -> std::collections::HashMap<String, String> {
        let store = self.store().await;
        let tokens = demo::seed(&store, &self.dir).await.unwrap();
        let hasher = sorgeregister::staff::hasher(&self.config).unwrap();
        demo::seed_staff(&store, &hasher).await.unwrap();
        store.close().await;
        tokens.into_iter().map(|t| (t.client, t.token)).collect()
    }

    /// Starts `serve` with this configuration and waits until it listens. A restart on a fixed
    /// port may find the port still held for a moment; it is tried again.
    async fn serve(&self) -> Server {
        let path = self.dir.join("config.toml");
        std::fs::write(&path, toml::to_string(&self.config).expect("config TOML")).unwrap();
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let (path, log, command) = (path.clone(), self.log(), self.command);
            let started = tokio::task::spawn_blocking(move || spawn_serve(command, &path, &log))
                .await
                .unwrap();
            match started {
                Some(server) => return server,
                None if Instant::now() < deadline => {
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
                None => panic!(
                    "sorgeregister serve did not start:\n{}",
                    std::fs::read_to_string(self.log()).unwrap_or_default()
                ),
            }
        }
    }
}

fn spawn_serve(command: &str, config: &Path, log: &Path) -> Option<Server> {
    let stderr = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(log)
        .expect("log file");
    let mut child = Command::new(env!("CARGO_BIN_EXE_sorgeregister"))
        .args([command, "--config"])
        .arg(config)
        .env("RUST_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .expect("spawn sorgeregister");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let url = lines
        .by_ref()
        .map_while(Result::ok)
        .find_map(|line| line.strip_prefix("listening on ").map(str::to_owned));
    let mut server = Server {
        child: Some(child),
        url: String::new(),
        log: log.to_owned(),
    };
    let Some(url) = url else {
        server.kill();
        return None;
    };
    std::thread::spawn(move || for _ in lines {});
    server.url = url.trim().to_owned();
    Some(server)
}

fn office(id: &str) -> OfficeId {
    OfficeId::parse(id).unwrap()
}

fn name(text: &str) -> PersonName {
    PersonName::parse(text).unwrap()
}

fn charlotte() -> ChildIdentity {
    ChildIdentity {
        given_names: name("Charlotte"),
        family_name_at_birth: name("Berger"),
        birth_date: date!(2020 - 05 - 04),
        birth_place: BirthPlace::Municipality(Ags::parse("03352011").unwrap()),
    }
}

/// Sophia and the father declared joint custody: recorded in the node's register only.
fn charlottes_declarations() -> Notification {
    Notification {
        child: charlotte(),
        mother: Parent {
            given_names: name("Sophia"),
            family_name: name("Berger"),
            birth_name: None,
        },
        father: Some(Parent {
            given_names: name("Thomas"),
            family_name: name("Krüger"),
            birth_name: None,
        }),
        kind: EntryKind::CustodyDeclarations,
        scope: Scope::Whole,
        effective_date: date!(2020 - 06 - 15),
        source: Source {
            kind: SourceKind::YouthOffice,
            name: "Jugendamt Landkreis Cuxhaven – Beurkundungen".into(),
            reference: "UR 118/2020".into(),
        },
    }
}

fn query(id: &str, from: &str, to: &str) -> RegisterQuery {
    RegisterQuery {
        id: id.to_owned(),
        from: office(from),
        to: office(to),
        child: charlotte(),
        sent_at: OffsetDateTime::now_utc(),
    }
}

/// What the register `store` keeps answers to a query for Charlotte, asked in process.
async fn answer_of(store: &Store) -> RegisterAnswer {
    RegisterResponder::new(store.clone(), Arc::new(SystemClock), MatchPolicy::default())
        .answer(&query("q-check", BREMEN, CUXHAVEN))
        .await
        .unwrap()
        .answer
}

/// An envelope signed with `signer`'s current key, whatever the message says.
fn sign_as<T: serde::Serialize>(sealer: &Sealer, signer: &str, message: &Signed<T>) -> String {
    sign_with_kid(sealer, signer, None, message)
}

/// [`sign_as`], with the header naming `kid` instead of the key that signs.
fn sign_with_kid<T: serde::Serialize>(
    sealer: &Sealer,
    signer: &str,
    kid: Option<&str>,
    message: &Signed<T>,
) -> String {
    let payload = serde_json::to_vec(message).unwrap();
    let signature = sealer
        .sign_federation(signer, signer, OffsetDateTime::now_utc(), |own| {
            envelope::signing_input(kid.unwrap_or(own), &payload).into_bytes()
        })
        .unwrap();
    envelope::compact(
        &String::from_utf8(signature.message).unwrap(),
        &signature.signature,
    )
}

/// The same envelope with one letter of the child's name changed in its payload.
fn tampered(sealed: &str) -> String {
    use base64::Engine as _;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let parts: Vec<&str> = sealed.split('.').collect();
    let payload = String::from_utf8(URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap();
    assert!(payload.contains("Charlotte"));
    let changed = payload.replace("Charlotte", "Charlotta");
    format!(
        "{}.{}.{}",
        parts[0],
        URL_SAFE_NO_PAD.encode(changed),
        parts[2]
    )
}

/// Runs `sorgeregister keys <args>` on the key folder `keys`, as an operator does, and
/// returns what it printed; it must succeed.
fn keys_cli(root: &Path, keys: &Path, args: &[&str]) -> String {
    let config = root.join("keys-cli.toml");
    let mut settings = Config::default();
    settings.certificates.keys_dir = keys.to_owned();
    std::fs::write(&config, toml::to_string(&settings).unwrap()).unwrap();
    let mut with_config = vec!["keys", args[0], "--config", config.to_str().unwrap()];
    with_config.extend_from_slice(&args[1..]);
    cli(&with_config)
}

/// Runs `sorgeregister <args>`; it must succeed. What it printed.
fn cli(args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_sorgeregister"))
        .args(args)
        .output()
        .expect("run sorgeregister");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{args:?} failed: {stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

/// `sorgeregister keys tls-certificate` on the platform's key folder, as an operator runs it:
/// returns the certificate and key files for a node reachable as `host`.
fn issue_node_certificate(root: &Path, keys: &Path, host: &str) -> (PathBuf, PathBuf) {
    let out = root.join("node-tls");
    let printed = keys_cli(
        root,
        keys,
        &[
            "tls-certificate",
            "--host",
            host,
            "--days",
            "2",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(
        printed.contains("TLS certificate for 127.0.0.1"),
        "{printed}"
    );
    let (certificate, key) = (out.join("tls.cert.pem"), out.join("tls.key.pem"));
    use std::os::unix::fs::PermissionsExt as _;
    let mode = std::fs::metadata(&key).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600, "the node's TLS key is private");
    (certificate, key)
}

/// A port nobody listens on just now, for an instance whose address must be known before it
/// starts.
/// A port on 127.0.0.1 nobody listens on now, below Linux's ephemeral range (32768 and up), so
/// that no other test's connection or `:0` listener is handed it before the node starts.
fn free_port() -> u16 {
    use std::hash::{BuildHasher as _, Hasher as _};
    loop {
        let mut random = std::collections::hash_map::RandomState::new().build_hasher();
        random.write_u32(std::process::id());
        let port = 20_000 + (random.finish() % 12_000) as u16;
        if std::net::TcpListener::bind(("127.0.0.1", port)).is_ok() {
            return port;
        }
    }
}

/// The private keys a key folder holds, by key id.
fn private_keys(keys: &Path) -> Vec<String> {
    let mut found: Vec<String> = std::fs::read_dir(keys.join("offices"))
        .unwrap()
        .filter_map(|entry| {
            let name = entry.unwrap().file_name().into_string().unwrap();
            name.strip_suffix(".key.pem").map(str::to_owned)
        })
        .collect();
    found.sort();
    found
}

/// The platform (the Bremen key, made there) and the Landkreis Cuxhaven's node, provisioned as
/// the README tells operators: the node makes its own key (`keys request`, pinned to the
/// platform CA), the platform certifies it (`keys certify`), the node installs the answer
/// (`keys install`); the node's TLS certificate comes from the platform CA. The platform sends
/// Cuxhaven's queries to the node's address; the node's `platform_url` is set once the
/// platform listens. Nothing seeded, nothing started.
fn federation(root: &Path) -> (Instance, Instance) {
    let mut platform = Instance::new(root.join("platform"), "127.0.0.1:0", "serve");
    keys_cli(
        root,
        platform.keys(),
        &["create", "--office", BREMEN, "--name", "Jugendamt Bremen"],
    );
    let node_address = format!("127.0.0.1:{}", free_port());
    let mut node = Instance::new(root.join("node"), &node_address, "node");
    let (request, certified) = (root.join("request.json"), root.join("certified.json"));
    let printed = keys_cli(
        root,
        node.keys(),
        &[
            "request",
            "--office",
            CUXHAVEN,
            "--name",
            "Jugendamt Landkreis Cuxhaven",
            "--platform-ca",
            platform.keys().join("ca.cert.pem").to_str().unwrap(),
            "--out",
            request.to_str().unwrap(),
        ],
    );
    let fingerprint = Sealer::open(platform.keys(), OffsetDateTime::now_utc())
        .unwrap()
        .ca_fingerprint()
        .unwrap();
    assert!(printed.contains(&fingerprint), "{printed}");
    let printed = keys_cli(
        root,
        platform.keys(),
        &[
            "certify",
            "--request",
            request.to_str().unwrap(),
            "--out",
            certified.to_str().unwrap(),
        ],
    );
    assert!(
        printed.contains("ja-03352.1 is now the key of ja-03352"),
        "{printed}"
    );
    let printed = keys_cli(
        root,
        node.keys(),
        &["install", "--certified", certified.to_str().unwrap()],
    );
    assert!(
        printed.contains("ja-03352.1 is now the seal key"),
        "{printed}"
    );
    // Each private key is where it signs, and only there; the CA's is the platform's.
    assert_eq!(private_keys(platform.keys()), ["ja-04011.1"]);
    assert_eq!(private_keys(node.keys()), ["ja-03352.1"]);
    assert!(!node.keys().join("ca.key.pem").exists());

    // The node's TLS key is made on the node too; the platform certifies what it asked for.
    let node_tls = root.join("node-tls");
    let printed = cli(&[
        "keys",
        "tls-request",
        "--host",
        "127.0.0.1",
        "--out",
        node_tls.to_str().unwrap(),
    ]);
    assert!(printed.contains("A new TLS key for 127.0.0.1"), "{printed}");
    let printed = keys_cli(
        root,
        platform.keys(),
        &[
            "tls-certify",
            "--request",
            node_tls.join("tls-request.json").to_str().unwrap(),
            "--days",
            "2",
            "--out",
            root.join("tls-answer").to_str().unwrap(),
        ],
    );
    assert!(
        printed.contains("TLS certificate for 127.0.0.1"),
        "{printed}"
    );
    let certificate = node_tls.join("tls.cert.pem");
    std::fs::copy(root.join("tls-answer").join("tls.cert.pem"), &certificate).unwrap();
    let key = node_tls.join("tls.key.pem");
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&key).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "the node's TLS key is private");
    }
    assert!(!root.join("tls-answer").join("tls.key.pem").exists());
    node.config.federation.represents = vec![CUXHAVEN.to_owned()];
    node.config.server.tls_certificate = Some(certificate);
    node.config.server.tls_key = Some(key);
    platform
        .config
        .federation
        .nodes
        .insert(CUXHAVEN.to_owned(), format!("https://{node_address}"));
    (platform, node)
}

/// [`federation`], both sides seeded with the demo data and staff, and the platform running;
/// the node set to fetch the platform's trust list but not started. Returns the platform's API
/// tokens by client.
async fn seeded_federation(
    root: &Path,
) -> (
    Instance,
    Instance,
    std::collections::HashMap<String, String>,
    Server,
) {
    let (platform_instance, mut node_instance) = federation(root);
    let tokens = platform_instance.seed_with_staff().await;
    let platform = platform_instance.serve().await;
    node_instance.config.federation.platform_url = Some(platform.url.clone());
    node_instance.seed_with_staff().await;
    (platform_instance, node_instance, tokens, platform)
}

/// An HTTPS client that trusts the platform CA in `keys` and nothing else.
fn trusting_client(keys: &Path) -> reqwest::Client {
    let tls = federation::tls::client_config_from_pem_file(&keys.join("ca.cert.pem")).unwrap();
    reqwest::Client::builder()
        .use_preconfigured_tls(tls)
        .build()
        .unwrap()
}

async fn post_envelope(
    http: &reqwest::Client,
    node: &Server,
    body: String,
) -> (StatusCode, String, String) {
    post_envelope_to(http, node, federation::http::REGISTER_QUERIES_PATH, body).await
}

/// [`post_envelope`] to the endpoint at `path`.
async fn post_envelope_to(
    http: &reqwest::Client,
    node: &Server,
    path: &str,
    body: String,
) -> (StatusCode, String, String) {
    let response = http
        .post(format!("{}{path}", node.url))
        .header("Content-Type", MEDIA_TYPE)
        .body(body)
        .send()
        .await
        .expect("POST envelope");
    let status = response.status();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    (status, content_type, response.text().await.unwrap())
}

/// The value of one series (name with its labels, as rendered) in `/metrics` at `url`.
async fn metric(http: &reqwest::Client, url: &str, series: &str) -> Option<f64> {
    let text = http
        .get(format!("{url}/metrics"))
        .send()
        .await
        .expect("GET /metrics")
        .text()
        .await
        .unwrap();
    text.lines()
        .find_map(|line| line.strip_prefix(series)?.strip_prefix(' ')?.parse().ok())
}

struct Api<'a> {
    http: &'a reqwest::Client,
    url: String,
    token: String,
}

impl Api<'_> {
    async fn submit(&self, key: &str, body: &str) -> (StatusCode, Value) {
        let response = self
            .http
            .post(format!("{}/api/v1/applications", self.url))
            .bearer_auth(&self.token)
            .header("Idempotency-Key", key)
            .header("Content-Type", "application/json")
            .body(body.to_owned())
            .send()
            .await
            .expect("POST application");
        (response.status(), response.json().await.expect("JSON"))
    }

    async fn read(&self, id: &str) -> Value {
        self.http
            .get(format!("{}/api/v1/applications/{id}", self.url))
            .bearer_auth(&self.token)
            .send()
            .await
            .expect("GET application")
            .json()
            .await
            .expect("JSON")
    }

    async fn wait_decided(&self, id: &str) -> Value {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let body = self.read(id).await;
            if body["status"] == "decided" || Instant::now() > deadline {
                return body;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

#[tokio::test]
async fn a_register_on_its_own_node_answers_the_platform_over_signed_https() {
    let root = tempfile::tempdir().unwrap();
    let http = reqwest::Client::new();

    let (platform_instance, mut node_instance) = federation(root.path());
    let now = OffsetDateTime::now_utc();
    // Envelopes crafted below go straight to the node, over TLS too: signed in Bremen's name
    // with the platform's keys, or with the node's own Cuxhaven key.
    let sealer = Sealer::open(platform_instance.keys(), now).unwrap();
    let node_sealer = Sealer::open(node_instance.keys(), now).unwrap();
    let node_http = trusting_client(platform_instance.keys());

    // The platform: the demo data, whose own Cuxhaven register knows nothing of Charlotte.
    let token = {
        let store = platform_instance.store().await;
        let tokens = demo::seed(&store, &platform_instance.dir).await.unwrap();
        assert_eq!(
            answer_of(&store).await,
            RegisterAnswer::None,
            "the platform's own copy of the register would have certified"
        );
        store.close().await;
        tokens
            .into_iter()
            .find(|t| t.client == "demo-online-service")
            .unwrap()
            .token
    };
    let mut platform = platform_instance.serve().await;

    // The node: the Cuxhaven register, with Charlotte's entry, serving HTTPS.
    node_instance.config.federation.platform_url = Some(platform.url.clone());
    {
        let store = node_instance.store().await;
        demo::seed(&store, &node_instance.dir).await.unwrap();
        store
            .insert_entry(
                &Actor::system("test"),
                OffsetDateTime::now_utc(),
                "7e2a0c4d-1b5f-4e6a-8c3d-9f0e1a2b3c01",
                &office(CUXHAVEN),
                &charlottes_declarations(),
            )
            .await
            .unwrap();
        assert_eq!(answer_of(&store).await, RegisterAnswer::Entries);
        store.close().await;
    }
    let mut node = node_instance.serve().await;
    let node_url = node.url.clone();
    assert!(node_url.starts_with("https://127.0.0.1:"), "{node_url}");
    assert!(
        node.log_text().contains("platform trust list installed"),
        "the node fetched the platform's keys: {}",
        node.log_text()
    );

    // TLS only, and only for clients that trust the platform CA.
    let plain = node_url.replace("https://", "http://");
    let result = http
        .post(format!(
            "{plain}{}",
            federation::http::REGISTER_QUERIES_PATH
        ))
        .body("x")
        .send()
        .await;
    assert!(
        result.is_err() || result.is_ok_and(|r| !r.status().is_success()),
        "plain HTTP to the TLS node"
    );
    let web_pki = http
        .post(format!(
            "{node_url}{}",
            federation::http::REGISTER_QUERIES_PATH
        ))
        .body("x")
        .send()
        .await;
    assert!(
        web_pki.is_err(),
        "a client with web PKI roots only does not accept the node's certificate"
    );

    let api = Api {
        http: &http,
        url: platform.url.clone(),
        token,
    };

    // 1. Sophia's application: the node's register answers.
    let (status, created) = api.submit("sophia-1", demo::SOPHIA).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let sophia = api.wait_decided(created["id"].as_str().unwrap()).await;
    assert_eq!(sophia["status"], "decided", "{sophia}");
    assert_eq!(sophia["outcome"], "no_certificate", "{sophia}");
    assert!(sophia["certificate"].is_null(), "{sophia}");
    assert!(
        node.log_text()
            .contains("federation register query answered"),
        "the node logs the query it answered"
    );

    // 2. The node stopped: a new application waits for the register.
    node.kill();
    let mut paul: Value = serde_json::from_str(demo::SOPHIA).unwrap();
    paul["child"]["given_names"] = "Paul".into();
    paul["child"]["birth_date"] = "2022-01-10".into();
    let (status, created) = api.submit("sophia-2", &paul.to_string()).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let paul_id = created["id"].as_str().unwrap().to_owned();
    assert_eq!(created["status"], "waiting_for_register", "{created}");
    let waited = Instant::now();
    while waited.elapsed() < Duration::from_secs(2) {
        let now = api.read(&paul_id).await;
        assert_eq!(now["status"], "waiting_for_register", "{now}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }

    // The platform's metrics: the query that found no node, and the outbox it waits in.
    let sent = |outcome: &str| {
        format!(
            "sorgeregister_federation_queries_sent_total{{peer=\"{CUXHAVEN}\",outcome=\"{outcome}\"}}"
        )
    };
    assert!(
        metric(&http, &platform.url, &sent("unreachable"))
            .await
            .is_some_and(|n| n >= 1.0),
        "unreachable counted"
    );
    assert_eq!(
        metric(
            &http,
            &platform.url,
            &format!(
                "sorgeregister_applications_waiting_for_register{{register_office=\"{CUXHAVEN}\"}}"
            )
        )
        .await,
        Some(1.0),
        "Paul's application is in the outbox"
    );

    // ... and the node back on the same port: the worker's retry completes it, once.
    node_instance.config.server.bind = node_url.strip_prefix("https://").unwrap().to_owned();
    node = node_instance.serve().await;
    assert_eq!(node.url, node_url);
    let decided = api.wait_decided(&paul_id).await;
    assert_eq!(decided["status"], "decided", "{decided}");
    assert_eq!(decided["outcome"], "negative_certificate", "{decided}");
    let number = decided["certificate"]["number"]
        .as_str()
        .unwrap()
        .to_owned();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let later = api.read(&paul_id).await;
    assert_eq!(later["certificate"]["number"], number.as_str(), "{later}");

    // 3. Envelopes crafted here, sent straight to the node.
    let fresh = |to: &str| {
        Signed::new(
            office(BREMEN),
            query(&format!("q-crafted-{}", uuid::Uuid::new_v4()), BREMEN, to),
            OffsetDateTime::now_utc(),
        )
    };
    let mut refused = Vec::new();

    let message = fresh(CUXHAVEN);
    let (status, content_type, body) = post_envelope(
        &node_http,
        &node,
        tampered(&sign_as(&sealer, BREMEN, &message)),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "tampered: {body}");
    assert_eq!(content_type, "application/problem+json");
    refused.push(("tampered", message.msg_id));

    // Signed with the node's own Cuxhaven key, claiming to come from Bremen.
    let message = fresh(CUXHAVEN);
    let (status, _, body) =
        post_envelope(&node_http, &node, sign_as(&node_sealer, CUXHAVEN, &message)).await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "another office's key: {body}"
    );
    refused.push(("another office's key", message.msg_id));

    let message = fresh(CUXHAVEN);
    let (status, _, body) = post_envelope(
        &node_http,
        &node,
        sign_with_kid(&sealer, BREMEN, Some("ja-99999-k1"), &message),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "unknown key: {body}");
    refused.push(("unknown key", message.msg_id));

    let mut message = fresh(CUXHAVEN);
    message.iat -= 600;
    let (status, _, body) =
        post_envelope(&node_http, &node, sign_as(&sealer, BREMEN, &message)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "ten minutes old: {body}");
    refused.push(("ten minutes old", message.msg_id));

    let message = fresh(CUXHAVEN);
    let sealed = sign_as(&sealer, BREMEN, &message);
    let (status, content_type, body) = post_envelope(&node_http, &node, sealed.clone()).await;
    assert_eq!(status, StatusCode::OK, "valid: {body}");
    assert_eq!(content_type, MEDIA_TYPE);
    let (_, trust) = sealer.trust_list(OffsetDateTime::now_utc()).unwrap();
    let reply: Signed<RegisterResponse> =
        envelope::open(&body, trust.as_ref(), OffsetDateTime::now_utc()).unwrap();
    assert_eq!(reply.from, office(CUXHAVEN));
    assert_eq!(reply.body.query_id, message.body.id);
    assert_eq!(reply.body.answer, RegisterAnswer::Entries);
    let (status, _, body) = post_envelope(&node_http, &node, sealed).await;
    assert_eq!(status, StatusCode::CONFLICT, "replayed: {body}");
    refused.push(("replayed", message.msg_id));

    let message = fresh(BREMEN);
    let (status, _, body) =
        post_envelope(&node_http, &node, sign_as(&sealer, BREMEN, &message)).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "not represented: {body}");
    assert!(body.contains("not-represented"), "{body}");
    refused.push(("not represented", message.msg_id));

    let (status, _, _) = post_envelope(&node_http, &node, "a".repeat(70 * 1024)).await;
    assert_eq!(
        status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "an envelope is at most 64 KiB"
    );

    // The node's own key speaks for Cuxhaven only: the platform takes its query in Cuxhaven's
    // name (to Bremen's register, hosted there) and refuses one in Bremen's.
    let from_node = |from: &str| {
        Signed::new(
            office(from),
            query(&format!("q-node-{}", uuid::Uuid::new_v4()), from, BREMEN),
            OffsetDateTime::now_utc(),
        )
    };
    let (status, _, body) = post_envelope(
        &node_http,
        &platform,
        sign_as(&node_sealer, CUXHAVEN, &from_node(BREMEN)),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "the node in Bremen's name: {body}"
    );
    let asked = from_node(CUXHAVEN);
    let (status, _, body) = post_envelope(
        &node_http,
        &platform,
        sign_as(&node_sealer, CUXHAVEN, &asked),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "the node in its own name: {body}");
    let reply: Signed<RegisterResponse> =
        envelope::open(&body, trust.as_ref(), OffsetDateTime::now_utc()).unwrap();
    assert_eq!(
        (reply.from, reply.body.query_id),
        (office(BREMEN), asked.body.id)
    );

    // Metrics, per peer office: the platform's queries answered by the node (Sophia's, Paul's
    // retry) with their latency, the outbox empty again; the node's messages received.
    assert_eq!(
        metric(&http, &platform.url, &sent("answered")).await,
        Some(2.0)
    );
    assert_eq!(
        metric(
            &http,
            &platform.url,
            &format!(
                "sorgeregister_federation_query_duration_seconds_count{{peer=\"{CUXHAVEN}\"}}"
            )
        )
        .await,
        metric(&http, &platform.url, &sent("answered"))
            .await
            .zip(metric(&http, &platform.url, &sent("unreachable")).await)
            .map(|(a, u)| a + u)
    );
    assert_eq!(
        metric(
            &http,
            &platform.url,
            &format!(
                "sorgeregister_applications_waiting_for_register{{register_office=\"{CUXHAVEN}\"}}"
            )
        )
        .await,
        None,
        "the outbox is empty"
    );
    let received = |peer: &str, outcome: &str| {
        format!(
            "sorgeregister_federation_messages_received_total{{peer=\"{peer}\",outcome=\"{outcome}\"}}"
        )
    };
    // Sophia's and Paul's queries from the platform, and the valid crafted one.
    assert_eq!(
        metric(&node_http, &node.url, &received(BREMEN, "answered")).await,
        Some(2.0),
        "answered since the node's restart"
    );
    assert_eq!(
        metric(&node_http, &node.url, &received(BREMEN, "replayed")).await,
        Some(1.0)
    );
    // The platform's trust list, fetched once since the restart, names Bremen's and Cuxhaven's
    // keys and the platform's relay key.
    assert_eq!(
        metric(
            &node_http,
            &node.url,
            "sorgeregister_platform_trust_list_fetches_total{outcome=\"unchanged\"}"
        )
        .await,
        Some(1.0),
        "the restarted node found the list it kept"
    );
    assert_eq!(
        metric(
            &node_http,
            &node.url,
            "sorgeregister_platform_trust_list_keys"
        )
        .await,
        Some(3.0)
    );
    assert_eq!(
        metric(&node_http, &node.url, &received(BREMEN, "not_represented")).await,
        Some(1.0)
    );
    assert_eq!(
        metric(
            &node_http,
            &node.url,
            &received("unknown", "unauthenticated")
        )
        .await,
        Some(4.0),
        "tampered, another office's key, unknown key, ten minutes old"
    );
    assert_eq!(
        metric(&node_http, &node.url, &received("unknown", "too_large")).await,
        Some(1.0)
    );

    // Each refusal is in the node's log under its message id; the child's data is not.
    let deadline = Instant::now() + Duration::from_secs(5);
    let log = loop {
        let log = node.log_text();
        if refused.iter().all(|(_, id)| log.contains(id.as_str())) || Instant::now() > deadline {
            break log;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    for (case, id) in &refused {
        assert!(
            log.lines()
                .any(|line| line.contains(id.as_str()) && line.contains("refused")),
            "{case}: no refusal logged with message id {id}"
        );
    }
    for secret in ["Charlotte", "Berger", "Sophia", "2020-05-04"] {
        assert!(!log.contains(secret), "the node's log names {secret}");
    }

    // Decided exactly once: one decision, one certificate, in the platform's database.
    platform.kill();
    node.kill();
    let store = platform_instance.store().await;
    assert_eq!(store.application_count().await.unwrap(), 2);
    assert_eq!(store.certificate_count(&paul_id).await.unwrap(), 1);
    let decisions = store
        .audit_of(&paul_id)
        .await
        .unwrap()
        .iter()
        .filter(|r| r.action == "application.decided")
        .count();
    assert_eq!(decisions, 1, "decided exactly once");
    store.close().await;
}

/// In process: `app::start` with `[server] tls_certificate` and `tls_key` serves HTTPS, and
/// stops gracefully like the plain server: a request in flight when the stop comes is still
/// answered, and `stop` returns.
#[tokio::test]
async fn the_server_serves_https_and_stops_gracefully() {
    let root = tempfile::tempdir().unwrap();
    let mut instance = Instance::new(root.path().join("instance"), "127.0.0.1:0", "serve");
    let keys = instance.keys().to_owned();
    // `keys tls-certificate`: key and certificate made together, for a server the platform's
    // operator runs.
    let (certificate, key) = issue_node_certificate(root.path(), &keys, "127.0.0.1");
    instance.config.server.tls_certificate = Some(certificate);
    instance.config.server.tls_key = Some(key);
    let store = instance.store().await;
    let running = app::start(store, &instance.config).await.unwrap();
    let url = running.url();
    assert!(url.starts_with("https://127.0.0.1:"), "{url}");

    let client = trusting_client(&keys);
    let health = client.get(format!("{url}/healthz")).send().await.unwrap();
    assert_eq!(health.status(), StatusCode::OK);

    // A request whose body is still being sent when the stop comes: answered, then stopped.
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let tls = federation::tls::client_config_from_pem_file(&keys.join("ca.cert.pem")).unwrap();
    let connector = tokio_rustls::TlsConnector::from(Arc::new(tls));
    let tcp = tokio::net::TcpStream::connect(running.addr).await.unwrap();
    let server_name = rustls::pki_types::ServerName::try_from("127.0.0.1").unwrap();
    let mut stream = connector.connect(server_name, tcp).await.unwrap();
    let body = "not-an-envelope";
    let head = format!(
        "POST {} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {MEDIA_TYPE}\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{}",
        federation::http::REGISTER_QUERIES_PATH,
        body.len(),
        &body[..4]
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.flush().await.unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    let stopping = tokio::spawn(running.stop());
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(
        !stopping.is_finished(),
        "stop waits for the request in flight"
    );
    stream.write_all(&body.as_bytes()[4..]).await.unwrap();
    stream.flush().await.unwrap();
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer).await;
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    tokio::time::timeout(Duration::from_secs(10), stopping)
        .await
        .expect("stop returns")
        .unwrap()
        .unwrap();
    assert!(
        client.get(format!("{url}/healthz")).send().await.is_err(),
        "nothing listens any more"
    );
}

/// A member of staff in a workbench, over HTTP(S): a cookie jar, redirects not followed.
struct Clerk {
    http: reqwest::Client,
    url: String,
    cookies: Vec<(String, String)>,
}

/// What a workbench answered: status, `Location` and the page.
struct Answer {
    status: StatusCode,
    location: String,
    html: String,
}

impl Answer {
    fn csrf(&self) -> String {
        let field = "name=\"csrf\" value=\"";
        let start = self.html.find(field).expect("a CSRF field") + field.len();
        self.html[start..start + 64].to_owned()
    }
}

impl Clerk {
    /// Logs `login` in with the demo password at the workbench at `url`.
    async fn log_in(tls: Option<&Path>, url: &str, login: &str) -> Clerk {
        let mut builder = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none());
        if let Some(ca) = tls {
            builder = builder
                .use_preconfigured_tls(federation::tls::client_config_from_pem_file(ca).unwrap());
        }
        let mut clerk = Clerk {
            http: builder.build().unwrap(),
            url: url.to_owned(),
            cookies: Vec::new(),
        };
        let form = clerk.get("/amt/anmelden").await;
        let csrf = form.csrf();
        let done = clerk
            .post(
                "/amt/anmelden",
                &[
                    ("csrf", &csrf),
                    ("login", login),
                    ("password", demo::DEMO_STAFF_PASSWORD),
                ],
            )
            .await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{login}: {}", done.html);
        assert_eq!(done.location, "/amt?lang=de", "{login}: no second step");
        clerk
    }

    async fn get(&mut self, path: &str) -> Answer {
        let request = self.http.get(format!("{}{path}", self.url));
        self.send(request).await
    }

    async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Answer {
        let request = self.http.post(format!("{}{path}", self.url)).form(fields);
        self.send(request).await
    }

    async fn send(&mut self, mut request: reqwest::RequestBuilder) -> Answer {
        if !self.cookies.is_empty() {
            let jar: Vec<String> = self
                .cookies
                .iter()
                .map(|(n, v)| format!("{n}={v}"))
                .collect();
            request = request.header("cookie", jar.join("; "));
        }
        let response = request.send().await.expect("workbench request");
        for cookie in response.headers().get_all("set-cookie") {
            let pair = cookie.to_str().unwrap().split(';').next().unwrap();
            let (name, value) = pair.split_once('=').unwrap();
            self.cookies.retain(|(n, _)| n != name);
            self.cookies.push((name.to_owned(), value.to_owned()));
        }
        let location = response
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        Answer {
            status: response.status(),
            location,
            html: response.text().await.unwrap(),
        }
    }
}

/// Paula Meyer, born in Cuxhaven on the day Paul Meyer was: his entry in the Cuxhaven register
/// (demo data) is a possible match a person must judge.
const PAULA: &str = r#"{"applicant":{"given_names":"Julia","family_name":"Meyer","birth_name":null,"birth_date":"1990-01-01","address":{"street":"Am Wall 12","postal_code":"28195","municipality_key":"04011000"}},"child":{"given_names":"Paula","family_name_at_birth":"Meyer","birth_date":"2017-01-23","birth_place":{"municipality_key":"03352011"}},"declarations":{"applicant_is_mother":true,"married_to_father":false,"married_to_other_man_at_birth":false,"custody_by_court_to_one_parent":false}}"#;

/// Paul Meyer's entry in the demo's Cuxhaven register.
const PAULS_ENTRY: &str = "6d1f2c1e-0b4a-4d39-9a51-2f0d7c3e5a04";

/// Review at the node, with three real parties: the platform asks the Cuxhaven node, whose
/// register answers "maybe"; the case waits in the NODE's workbench (the platform's staff
/// cannot see or settle it); a Cuxhaven clerk settles it there over HTTPS; the platform's
/// worker asks again by itself and decides the application once, with one certificate.
#[tokio::test]
async fn a_possible_match_is_reviewed_at_the_node_and_the_platform_decides_once() {
    let root = tempfile::tempdir().unwrap();
    let http = reqwest::Client::new();
    let (platform_instance, node_instance, tokens, mut platform) =
        seeded_federation(root.path()).await;
    let token = tokens["demo-online-service"].clone();
    let mut node = node_instance.serve().await;
    let api = Api {
        http: &http,
        url: platform.url.clone(),
        token,
    };

    // The node's register answers "maybe": the application is in review, at the node.
    let (status, created) = api.submit("paula-1", PAULA).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["id"].as_str().unwrap().to_owned();
    let deadline = Instant::now() + Duration::from_secs(20);
    let waiting = loop {
        let now = api.read(&id).await;
        if now["status"] != "waiting_for_register" || Instant::now() > deadline {
            break now;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert_eq!(waiting["status"], "in_review", "{waiting}");
    assert!(waiting["certificate"].is_null(), "{waiting}");

    // Nobody on the platform can settle it: its copy of the register is not the register.
    let mut platform_clerk = Clerk::log_in(None, &platform.url, "sb-cuxhaven").await;
    let queue = platform_clerk.get("/amt/pruefungen").await;
    assert_eq!(queue.status, StatusCode::OK, "{}", queue.html);
    assert!(
        !queue.html.contains("Paula") && queue.html.contains("keine offenen Prüfaufträge"),
        "the platform's queue shows the node's case: {}",
        queue.html
    );
    let case = platform_clerk.get(&format!("/amt/pruefungen/{id}")).await;
    assert_eq!(case.status, StatusCode::NOT_FOUND, "{}", case.html);

    // The node's Cuxhaven clerk has it, as a query from Bremen, without the mother.
    let ca = platform_instance.keys().join("ca.cert.pem");
    let query_id = format!("q-{id}");
    let mut clerk = Clerk::log_in(Some(&ca), &node.url, "sb-cuxhaven").await;
    let queue = clerk.get("/amt/pruefungen").await;
    assert!(
        queue.html.contains(&format!(
            "href=\"/amt/pruefungen/{query_id}?lang=de\">Paula Meyer</a>"
        )),
        "{}",
        queue.html
    );
    let path = format!("/amt/pruefungen/{query_id}");
    let case = clerk.get(&path).await;
    assert_eq!(case.status, StatusCode::OK, "{}", case.html);
    for needle in [
        "Anfrage (Verbund)",
        "Jugendamt Bremen",
        "Eintrag 1 von 1: Möglicherweise dasselbe Kind",
        &format!("name=\"verdict.{PAULS_ENTRY}\" value=\"not_same_child\""),
    ] {
        assert!(case.html.contains(needle), "{needle}: {}", case.html);
    }
    assert!(!case.html.contains("Julia") && !case.html.contains("Am Wall"));
    // The node's Bremen clerk is refused: the case is Cuxhaven's.
    let mut bremen = Clerk::log_in(Some(&ca), &node.url, "sb-bremen").await;
    assert_eq!(bremen.get(&path).await.status, StatusCode::FORBIDDEN);

    let note = "Schwester von Paul laut Geburtenregister, anderes Kind";
    let settled = clerk
        .post(
            &path,
            &[
                ("csrf", &case.csrf()),
                (&format!("version.{PAULS_ENTRY}"), "1"),
                (&format!("verdict.{PAULS_ENTRY}"), "not_same_child"),
                ("note", note),
            ],
        )
        .await;
    assert_eq!(settled.status, StatusCode::SEE_OTHER, "{}", settled.html);
    assert_eq!(
        settled.location,
        format!("{path}?lang=de&hinweis=entschieden")
    );
    let page = clerk.get(&settled.location).await;
    for needle in [
        "sobald es die Anfrage wiederholt",
        "Ergebnis beim anfragenden Jugendamt",
        "<dd>Keine Eintragungen</dd>",
        note,
    ] {
        assert!(page.html.contains(needle), "{needle}: {}", page.html);
    }

    // The platform's worker asks again and decides with the settled answer, once.
    let decided = api.wait_decided(&id).await;
    assert_eq!(decided["status"], "decided", "{decided}");
    assert_eq!(decided["outcome"], "negative_certificate", "{decided}");
    let number = decided["certificate"]["number"]
        .as_str()
        .unwrap()
        .to_owned();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(
        api.read(&id).await["certificate"]["number"],
        number.as_str()
    );

    platform.kill();
    node.kill();
    let store = platform_instance.store().await;
    assert_eq!(store.certificate_count(&id).await.unwrap(), 1);
    let decisions = store
        .audit_of(&id)
        .await
        .unwrap()
        .iter()
        .filter(|r| r.action == "application.decided")
        .count();
    assert_eq!(decisions, 1, "decided exactly once");
    store.close().await;
    let store = node_instance.store().await;
    let actions: Vec<String> = store
        .audit_of(&query_id)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.action)
        .collect();
    for action in ["review.query_received", "review.settled"] {
        assert_eq!(
            actions.iter().filter(|a| *a == action).count(),
            1,
            "{action} once at the node: {actions:?}"
        );
    }
    store.close().await;
    for secret in ["Paula", "Julia", "2017-01-23"] {
        assert!(
            !node.log_text().contains(secret),
            "the node's log names {secret}"
        );
        assert!(
            !platform.log_text().contains(secret),
            "the platform's log names {secret}"
        );
    }
}

/// A notary's declarations for a child born in the Landkreis Cuxhaven, whose register is on
/// the node.
fn milas_declarations(reference: &str) -> Value {
    serde_json::json!({
        "child": {"given_names": "Mila", "family_name_at_birth": "Schulz",
                  "birth_date": "2021-08-14", "birth_place": {"municipality_key": "03352011"}},
        "mother": {"given_names": "Anna", "family_name": "Schulz", "birth_name": null},
        "father": {"given_names": "Tim", "family_name": "Wagner"},
        "kind": "custody_declarations", "scope": "whole", "parts": [],
        "effective_date": "2021-10-01",
        "source": {"kind": "notary", "name": "Notariat Bremen", "reference": reference}
    })
}

const MILA: &str = r#"{"applicant":{"given_names":"Anna","family_name":"Schulz","birth_name":null,"birth_date":"1994-03-09","address":{"street":"Ostertorsteinweg 3","postal_code":"28203","municipality_key":"04011000"}},"child":{"given_names":"Mila","family_name_at_birth":"Schulz","birth_date":"2021-08-14","birth_place":{"municipality_key":"03352011"}},"declarations":{"applicant_is_mother":true,"married_to_father":false,"married_to_other_man_at_birth":false,"custody_by_court_to_one_parent":false}}"#;

/// The address the platform's configuration gives Cuxhaven's node.
fn node_instance_url(platform: &Instance) -> String {
    platform.config.federation.nodes[CUXHAVEN].clone()
}

/// Polls `condition` every 50 ms for up to 20 seconds; whether it came true.
async fn eventually<F: std::future::Future<Output = bool>>(
    mut condition: impl FnMut() -> F,
) -> bool {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if condition().await {
            return true;
        }
        if Instant::now() > deadline {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn a_notification_for_a_register_on_a_node_waits_for_it_and_is_recorded_there_once() {
    let root = tempfile::tempdir().unwrap();
    let http = reqwest::Client::new();
    let (platform_instance, node_instance, tokens, mut platform) =
        seeded_federation(root.path()).await;
    let notify = |body: Value| {
        let request = http
            .post(format!("{}/api/v1/register-notifications", platform.url))
            .bearer_auth(&tokens["demo-notary"])
            .json(&body);
        async move {
            let response = request.send().await.unwrap();
            (response.status(), response.json::<Value>().await.unwrap())
        }
    };

    // The node is down: the notification is accepted and waits in the platform's outbox.
    let (status, waiting) = notify(milas_declarations("UR 77/2021")).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{waiting}");
    assert_eq!(waiting["status"], "waiting_for_node", "{waiting}");
    assert_eq!(waiting["register_office"]["id"], CUXHAVEN, "{waiting}");
    let id = waiting["id"].as_str().unwrap().to_owned();
    let series = format!(
        "sorgeregister_register_entries_waiting_for_node{{register_office=\"{CUXHAVEN}\"}}"
    );
    assert_eq!(metric(&http, &platform.url, &series).await, Some(1.0));

    // The node comes up; the platform's worker delivers the entry by itself.
    let mut node = node_instance.serve().await;
    assert!(
        eventually(|| async { metric(&http, &platform.url, &series).await.is_none() }).await,
        "the notification never reached the node:\n{}",
        platform.log_text()
    );
    // The platform's signed directory says where Cuxhaven's register is; the node fetched it,
    // checked it and found its office routed to it.
    let ca_der = Sealer::open(platform_instance.keys(), OffsetDateTime::now_utc())
        .unwrap()
        .ca_certificate_der()
        .unwrap();
    let published = http
        .get(format!("{}/federation/v1/directory", platform.url))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let directory = seal::directory::verify(&published, &ca_der).unwrap();
    assert_eq!(
        directory.office(CUXHAVEN).unwrap().mode,
        seal::directory::RegisterMode::Node {
            node_url: node_instance_url(&platform_instance)
        }
    );
    assert_eq!(
        directory.office(BREMEN).unwrap().mode,
        seal::directory::RegisterMode::Hosted
    );
    let node_http = trusting_client(platform_instance.keys());
    assert_eq!(
        metric(
            &node_http,
            &node.url,
            "sorgeregister_platform_directory_fetches_total{outcome=\"ok\"}"
        )
        .await,
        Some(1.0)
    );
    assert_eq!(
        metric(
            &node_http,
            &node.url,
            "sorgeregister_platform_directory_unrouted_offices"
        )
        .await,
        Some(0.0)
    );
    let on_node = node_http
        .get(format!("{}/federation/v1/directory", node.url))
        .send()
        .await
        .unwrap();
    assert_eq!(
        on_node.status(),
        StatusCode::NOT_FOUND,
        "a node publishes no directory"
    );

    // With the node up, a notification arrives at once.
    let (status, delivered) = notify(milas_declarations("UR 78/2021")).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{delivered}");
    assert_eq!(delivered["status"], "delivered", "{delivered}");

    // The node's register answers for Mila now: entries exist, no certificate.
    let api = Api {
        http: &http,
        url: platform.url.clone(),
        token: tokens["demo-online-service"].clone(),
    };
    let (status, created) = api.submit("mila-1", MILA).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let application = created["id"].as_str().unwrap().to_owned();
    let decided = api.wait_decided(&application).await;
    assert_eq!(decided["outcome"], "no_certificate", "{decided}");

    // The same entry relayed again under a new message id (a receipt lost on the way back):
    // the node confirms it and records nothing new. A notice signed by an office rather than
    // the platform's relay key is refused.
    let sealer = Sealer::open(platform_instance.keys(), OffsetDateTime::now_utc()).unwrap();
    let notification: Notification = {
        let store = node_instance.store().await;
        let record = store
            .entry(
                &Actor::system("test"),
                OffsetDateTime::now_utc(),
                &office(CUXHAVEN),
                &id,
            )
            .await
            .unwrap()
            .expect("the entry is in the node's register");
        store.close().await;
        record.notification
    };
    let notice = federation::RegisterEntryNotice {
        id: id.clone(),
        from: federation::platform_relay(),
        to: office(CUXHAVEN),
        notification,
        sent_at: OffsetDateTime::now_utc(),
    };
    let ca_client = trusting_client(platform_instance.keys());
    let entries_path = federation::http::REGISTER_ENTRIES_PATH;
    let again = Signed::new(
        federation::platform_relay(),
        notice.clone(),
        OffsetDateTime::now_utc(),
    );
    let (status, content_type, _) = post_envelope_to(
        &ca_client,
        &node,
        entries_path,
        sign_as(&sealer, federation::PLATFORM_RELAY_OFFICE, &again),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(content_type, MEDIA_TYPE);
    let mut from_bremen = notice.clone();
    from_bremen.from = office(BREMEN);
    let forged = Signed::new(office(BREMEN), from_bremen, OffsetDateTime::now_utc());
    let (status, _, _) = post_envelope_to(
        &ca_client,
        &node,
        entries_path,
        sign_as(&sealer, BREMEN, &forged),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // Nor does the platform take relayed entries: it keeps its hosted registers itself.
    let to_platform = Signed::new(
        federation::platform_relay(),
        federation::RegisterEntryNotice {
            to: office(BREMEN),
            ..notice.clone()
        },
        OffsetDateTime::now_utc(),
    );
    let (status, _, _) = post_envelope_to(
        &http,
        &platform,
        entries_path,
        sign_as(&sealer, federation::PLATFORM_RELAY_OFFICE, &to_platform),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    platform.kill();
    node.kill();
    // Recorded once, at the node, by the federation; the platform kept only the bookkeeping.
    let store = node_instance.store().await;
    let created: Vec<_> = store
        .audit_of(&id)
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.action == "register_entry.created")
        .collect();
    assert_eq!(created.len(), 1, "recorded exactly once at the node");
    assert_eq!(created[0].actor, "system:federation");
    store.close().await;
    let store = platform_instance.store().await;
    assert_eq!(store.entry_owner(&id).await.unwrap(), None);
    let state = store.entry_forward(&id).await.unwrap().unwrap();
    assert!(state.delivered_at.is_some(), "{state:?}");
    assert!(
        state.attempts >= 1,
        "the first try found the node down: {state:?}"
    );
    let actions: Vec<String> = store
        .audit_of(&id)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.action)
        .collect();
    assert_eq!(
        actions,
        ["register_entry.forward_queued", "register_entry.forwarded"],
        "{actions:?}"
    );
    store.close().await;
    for secret in ["Mila", "Schulz", "Wagner", "2021-08-14"] {
        assert!(
            !node.log_text().contains(secret),
            "the node's log names {secret}"
        );
        assert!(
            !platform.log_text().contains(secret),
            "the platform's log names {secret}"
        );
    }
}
