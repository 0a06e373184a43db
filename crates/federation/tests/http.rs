//! The HTTP transport against small nodes on loopback: a correct node, and nodes that answer
//! wrongly (bad signature, another query, another office, a replayed answer, too much, an error
//! status) or not at all; and over TLS: a node with a certificate from the platform CA answers,
//! one with a certificate from elsewhere, for another host or expired is refused, and plain
//! HTTP is accepted to loopback addresses only.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers outside #[test] fns

mod support;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use reqwest::Url;

use domain::register::RegisterAnswer;
use federation::envelope::{self, MEDIA_TYPE};
use federation::http::REGISTER_QUERIES_PATH;
use federation::{
    HttpTransport, MemoryReplayGuard, RegisterQuery, RegisterResponse, RoutingTransport, Signed,
    Transport, TransportError,
};
use support::{BREMEN_KID, CUXHAVEN_KID, TestClock, TestKeys, bremen, craft, cuxhaven, now, query};

#[derive(Clone, Copy, PartialEq)]
enum Behaviour {
    Correct,
    WrongSignature,
    OtherQuery,
    OtherOffice,
    SameAnswerTwice,
    TooLarge,
    Status(StatusCode),
}

struct Node {
    behaviour: Behaviour,
    keys: Arc<TestKeys>,
    guard: MemoryReplayGuard,
    /// The queries the node accepted, as it verified them.
    received: Mutex<Vec<(Signed<RegisterQuery>, Option<String>)>>,
    first_answer: Mutex<Option<String>>,
}

async fn register_queries(
    State(node): State<Arc<Node>>,
    headers: HeaderMap,
    body: String,
) -> Response {
    if let Behaviour::Status(status) = node.behaviour {
        return (status, "{\"type\":\"refused\"}").into_response();
    }
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let query: Signed<RegisterQuery> =
        match envelope::open_once(&body, node.keys.as_ref(), &node.guard, now()).await {
            Ok(query) => query,
            Err(e) => return (StatusCode::UNAUTHORIZED, e.reason()).into_response(),
        };
    node.received
        .lock()
        .unwrap()
        .push((query.clone(), content_type));
    let mut answer = RegisterResponse {
        query_id: query.body.id.clone(),
        from: query.body.to.clone(),
        answer: RegisterAnswer::None,
        register_as_of: now(),
    };
    let mut from = cuxhaven();
    match node.behaviour {
        Behaviour::OtherQuery => answer.query_id = "another-query".into(),
        Behaviour::OtherOffice => from = bremen(),
        _ => {}
    }
    let mut sealed = envelope::seal(node.keys.as_ref(), &Signed::new(from, answer, now()), now())
        .await
        .unwrap();
    match node.behaviour {
        Behaviour::WrongSignature => {
            // Signed by Bremen's key while naming Cuxhaven's.
            let payload = sealed.split('.').nth(1).unwrap();
            use base64::Engine as _;
            let payload = base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(payload)
                .unwrap();
            sealed = craft(CUXHAVEN_KID, node.keys.signing_key(BREMEN_KID), &payload);
        }
        Behaviour::SameAnswerTwice => {
            let mut first = node.first_answer.lock().unwrap();
            match first.as_ref() {
                Some(earlier) => {
                    // The earlier answer's message, with this query's id: only its msg_id repeats.
                    let earlier = earlier.clone();
                    let payload = sealed.split('.').nth(1).unwrap();
                    use base64::Engine as _;
                    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
                    let mut message: serde_json::Value =
                        serde_json::from_slice(&b64.decode(payload).unwrap()).unwrap();
                    message["msg_id"] = envelope::unverified_msg_id(&earlier).unwrap().into();
                    sealed = craft(
                        CUXHAVEN_KID,
                        node.keys.signing_key(CUXHAVEN_KID),
                        &serde_json::to_vec(&message).unwrap(),
                    );
                }
                None => *first = Some(sealed.clone()),
            }
        }
        Behaviour::TooLarge => sealed = "A".repeat(envelope::MAX_ENVELOPE_BYTES + 1),
        _ => {}
    }
    ([(header::CONTENT_TYPE, MEDIA_TYPE)], sealed).into_response()
}

/// Starts a plain HTTP node on 127.0.0.1:0 and returns it with its base URL.
async fn start_node(behaviour: Behaviour) -> (Arc<Node>, Url) {
    start_node_with(behaviour, None).await
}

/// A TCP listener whose connections are TLS; a failed handshake is skipped.
struct TlsListener {
    tcp: tokio::net::TcpListener,
    acceptor: tokio_rustls::TlsAcceptor,
}

impl axum::serve::Listener for TlsListener {
    type Io = tokio_rustls::server::TlsStream<tokio::net::TcpStream>;
    type Addr = std::net::SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        loop {
            let Ok((stream, addr)) = self.tcp.accept().await else {
                continue;
            };
            if let Ok(tls) = self.acceptor.accept(stream).await {
                return (tls, addr);
            }
        }
    }

    fn local_addr(&self) -> std::io::Result<Self::Addr> {
        self.tcp.local_addr()
    }
}

/// Starts a node on 127.0.0.1:0, serving HTTPS with `tls` if given; returns it with its base
/// URL (`https://127.0.0.1:<port>` then).
async fn start_node_with(
    behaviour: Behaviour,
    tls: Option<rustls::ServerConfig>,
) -> (Arc<Node>, Url) {
    let node = Arc::new(Node {
        behaviour,
        keys: TestKeys::new(),
        guard: MemoryReplayGuard::default(),
        received: Mutex::new(Vec::new()),
        first_answer: Mutex::new(None),
    });
    let app = Router::new()
        .route(REGISTER_QUERIES_PATH, post(register_queries))
        .with_state(node.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let url = match tls {
        None => {
            tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
            Url::parse(&format!("http://{addr}")).unwrap()
        }
        Some(tls) => {
            let listener = TlsListener {
                tcp: listener,
                acceptor: tokio_rustls::TlsAcceptor::from(Arc::new(tls)),
            };
            tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
            Url::parse(&format!("https://{addr}")).unwrap()
        }
    };
    (node, url)
}

/// A platform CA of its own (any; plain HTTP does not use it).
fn some_ca() -> Vec<u8> {
    seal::ca::CertificateAuthority::generate("Test-CA", time::OffsetDateTime::now_utc())
        .unwrap()
        .certificate_der()
        .to_vec()
}

fn transport(node_url: Url) -> HttpTransport {
    transport_trusting(node_url, &some_ca()).unwrap()
}

fn transport_trusting(node_url: Url, ca_der: &[u8]) -> Result<HttpTransport, TransportError> {
    let keys = TestKeys::new();
    HttpTransport::new(
        BTreeMap::from([(cuxhaven(), node_url)]),
        ca_der,
        keys.clone(),
        keys,
        Arc::new(MemoryReplayGuard::default()),
        TestClock::at(now()),
    )
}

#[tokio::test]
async fn a_correct_node_answers_a_signed_query() {
    let (node, url) = start_node(Behaviour::Correct).await;
    let transport = transport(url);
    let response = transport.ask(&query("q-1")).await.unwrap();
    assert_eq!(response.query_id, "q-1");
    assert_eq!(response.from, cuxhaven());
    assert_eq!(response.answer, RegisterAnswer::None);

    let (signed, content_type) = node.received.lock().unwrap()[0].clone();
    assert_eq!(node.received.lock().unwrap().len(), 1);
    assert_eq!(signed.from, bremen(), "signed as the issuing office");
    assert_eq!(signed.body, query("q-1"));
    assert_eq!(content_type.as_deref(), Some(MEDIA_TYPE));

    // The same query asked again travels as a new message and is answered again.
    assert!(transport.ask(&query("q-1")).await.is_ok());
    assert_eq!(node.received.lock().unwrap().len(), 2);
}

#[tokio::test]
async fn a_base_url_with_a_trailing_slash_works() {
    let (_, url) = start_node(Behaviour::Correct).await;
    let url = Url::parse(&format!("{url}/")).unwrap();
    assert!(transport(url).ask(&query("q-1")).await.is_ok());
}

async fn refused(behaviour: Behaviour) -> String {
    let (_, url) = start_node(behaviour).await;
    match transport(url).ask(&query("q-1")).await {
        Err(TransportError::Refused(cause)) => cause,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[tokio::test]
async fn an_answer_with_a_wrong_signature_is_refused() {
    assert!(
        refused(Behaviour::WrongSignature)
            .await
            .contains("signature")
    );
}

#[tokio::test]
async fn an_answer_for_another_query_is_refused() {
    assert!(
        refused(Behaviour::OtherQuery)
            .await
            .contains("does not belong to the query")
    );
}

#[tokio::test]
async fn an_answer_signed_by_another_office_is_refused() {
    assert!(
        refused(Behaviour::OtherOffice)
            .await
            .contains("another office")
    );
}

#[tokio::test]
async fn a_replayed_answer_is_refused() {
    let (_, url) = start_node(Behaviour::SameAnswerTwice).await;
    let transport = transport(url);
    assert!(transport.ask(&query("q-1")).await.is_ok());
    match transport.ask(&query("q-1")).await {
        Err(TransportError::Refused(cause)) => assert!(cause.contains("replayed"), "{cause}"),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[tokio::test]
async fn an_answer_that_is_too_large_is_refused() {
    assert!(refused(Behaviour::TooLarge).await.contains("too_large"));
}

#[tokio::test]
async fn a_node_answering_409_or_401_refuses() {
    for status in [
        StatusCode::CONFLICT,
        StatusCode::UNAUTHORIZED,
        StatusCode::FORBIDDEN,
    ] {
        let cause = refused(Behaviour::Status(status)).await;
        assert!(cause.contains(status.as_str()), "{cause}");
    }
}

#[tokio::test]
async fn a_node_answering_5xx_is_unreachable() {
    let (_, url) = start_node(Behaviour::Status(StatusCode::SERVICE_UNAVAILABLE)).await;
    assert!(matches!(
        transport(url).ask(&query("q-1")).await,
        Err(TransportError::Unreachable(_))
    ));
}

#[tokio::test]
async fn a_node_that_is_down_is_unreachable() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = Url::parse(&format!("http://{}", listener.local_addr().unwrap())).unwrap();
    drop(listener);
    match transport(url).ask(&query("q-1")).await {
        Err(TransportError::Unreachable(cause)) => {
            assert!(cause.contains("connection failed"), "{cause}")
        }
        other => panic!("expected unreachable, got {other:?}"),
    }
}

/// Counts the queries that were answered in process.
#[derive(Default)]
struct Local(AtomicUsize);

#[async_trait]
impl Transport for Local {
    async fn ask(&self, query: &RegisterQuery) -> Result<RegisterResponse, TransportError> {
        self.0.fetch_add(1, Ordering::SeqCst);
        Ok(RegisterResponse {
            query_id: query.id.clone(),
            from: query.to.clone(),
            answer: RegisterAnswer::Entries,
            register_as_of: now(),
        })
    }
}

#[tokio::test]
async fn routing_sends_offices_with_a_node_over_http_and_the_rest_in_process() {
    let (node, url) = start_node(Behaviour::Correct).await;
    let local = Arc::new(Local::default());
    let routing = RoutingTransport::new(local.clone(), transport(url));

    let remote = routing.ask(&query("q-1")).await.unwrap();
    assert_eq!(remote.answer, RegisterAnswer::None, "the node's answer");
    assert_eq!(node.received.lock().unwrap().len(), 1);
    assert_eq!(local.0.load(Ordering::SeqCst), 0);

    let mut hosted = query("q-2");
    hosted.to = support::bremen();
    let answer = routing.ask(&hosted).await.unwrap();
    assert_eq!(
        answer.answer,
        RegisterAnswer::Entries,
        "the in-process answer"
    );
    assert_eq!(local.0.load(Ordering::SeqCst), 1);
    assert_eq!(node.received.lock().unwrap().len(), 1);
}

/// A platform key folder (CA) in a temporary directory.
struct Platform {
    dir: tempfile::TempDir,
    keys: seal::keystore::KeyStore,
}

impl Platform {
    fn new() -> Platform {
        let dir = tempfile::tempdir().unwrap();
        let keys = seal::keystore::KeyStore::open_or_create(
            dir.path().join("keys"),
            time::OffsetDateTime::now_utc(),
            seal::ca::DEFAULT_CA_NAME,
        )
        .unwrap();
        Platform { dir, keys }
    }

    fn ca(&self) -> Vec<u8> {
        self.keys.ca_certificate_der().to_vec()
    }

    /// A node's server configuration from a certificate this CA issued for `hosts`, through
    /// the files an operator would get (key 0600).
    fn node_tls(&self, hosts: &[&str], from: time::OffsetDateTime) -> rustls::ServerConfig {
        let hosts: Vec<String> = hosts.iter().map(|h| (*h).to_owned()).collect();
        let out = self
            .dir
            .path()
            .join(format!("tls-{}", uuid::Uuid::new_v4()));
        let files = self
            .keys
            .issue_tls_server_certificate(&hosts, from, 1, &out)
            .unwrap();
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&files.key).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "the key file is private");
        federation::tls::server_config_from_pem_files(&files.certificate, &files.key).unwrap()
    }
}

#[tokio::test]
async fn an_https_node_with_a_certificate_from_the_platform_ca_answers() {
    let platform = Platform::new();
    let tls = platform.node_tls(&["127.0.0.1"], time::OffsetDateTime::now_utc());
    let (node, url) = start_node_with(Behaviour::Correct, Some(tls)).await;
    assert_eq!(url.scheme(), "https");
    let transport = transport_trusting(url, &platform.ca()).unwrap();
    let response = transport.ask(&query("q-1")).await.unwrap();
    assert_eq!(response.query_id, "q-1");
    assert_eq!(node.received.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn an_https_node_by_host_name_answers() {
    let platform = Platform::new();
    let tls = platform.node_tls(&["localhost"], time::OffsetDateTime::now_utc());
    let (_, url) = start_node_with(Behaviour::Correct, Some(tls)).await;
    let url = Url::parse(&format!("https://localhost:{}", url.port().unwrap())).unwrap();
    let transport = transport_trusting(url, &platform.ca()).unwrap();
    assert!(transport.ask(&query("q-1")).await.is_ok());
}

/// What the transport says when the node's certificate is not accepted; the node must not
/// have seen the query.
async fn tls_refused(tls: rustls::ServerConfig, url_host: &str, ca: &[u8]) -> String {
    let (node, url) = start_node_with(Behaviour::Correct, Some(tls)).await;
    let url = Url::parse(&format!("https://{url_host}:{}", url.port().unwrap())).unwrap();
    let result = transport_trusting(url, ca)
        .unwrap()
        .ask(&query("q-1"))
        .await;
    assert!(
        node.received.lock().unwrap().is_empty(),
        "no query got through"
    );
    match result {
        Err(TransportError::Refused(cause)) => {
            assert!(
                cause.contains("TLS: node certificate not accepted"),
                "{cause}"
            );
            cause
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[tokio::test]
async fn a_node_with_a_certificate_from_another_ca_is_refused() {
    // Another CA with the very same name: only the platform CA's key counts.
    let platform = Platform::new();
    let other = Platform::new();
    let tls = other.node_tls(&["127.0.0.1"], time::OffsetDateTime::now_utc());
    let cause = tls_refused(tls, "127.0.0.1", &platform.ca()).await;
    assert!(
        cause.contains("UnknownIssuer") || cause.contains("BadSignature"),
        "{cause}"
    );
}

#[tokio::test]
async fn a_node_with_a_self_signed_certificate_is_refused() {
    // The other CA's own self-signed certificate and key, served as the node's.
    let platform = Platform::new();
    let other = Platform::new();
    let keys = other.dir.path().join("keys");
    use rustls::pki_types::pem::PemObject as _;
    let cert = rustls::pki_types::CertificateDer::from_pem_file(keys.join("ca.cert.pem")).unwrap();
    let key = rustls::pki_types::PrivateKeyDer::from_pem_file(keys.join("ca.key.pem")).unwrap();
    let tls = federation::tls::server_config(vec![cert], key).unwrap();
    tls_refused(tls, "127.0.0.1", &platform.ca()).await;
}

#[tokio::test]
async fn a_node_with_a_certificate_for_another_host_is_refused() {
    let platform = Platform::new();
    let tls = platform.node_tls(
        &["127.0.0.2", "node.example"],
        time::OffsetDateTime::now_utc(),
    );
    let cause = tls_refused(tls, "127.0.0.1", &platform.ca()).await;
    assert!(cause.contains("NotValidForName"), "{cause}");
}

#[tokio::test]
async fn a_node_with_an_expired_certificate_is_refused() {
    let platform = Platform::new();
    let two_days_ago = time::OffsetDateTime::now_utc() - time::Duration::days(2);
    let tls = platform.node_tls(&["127.0.0.1"], two_days_ago);
    let cause = tls_refused(tls, "127.0.0.1", &platform.ca()).await;
    assert!(cause.contains("Expired"), "{cause}");
}

#[tokio::test]
async fn plain_http_is_allowed_to_loopback_only() {
    for url in [
        "http://node.example:9000",
        "http://10.0.0.5:9000",
        "ftp://127.0.0.1",
    ] {
        match transport_trusting(Url::parse(url).unwrap(), &some_ca()) {
            Err(TransportError::Refused(cause)) => assert!(cause.contains("node of"), "{cause}"),
            Err(other) => panic!("{url}: {other:?}"),
            Ok(_) => panic!("{url}: accepted"),
        }
    }
    for url in [
        "http://127.0.0.1:9000",
        "http://[::1]:9000",
        "http://localhost:9000",
    ] {
        assert!(
            transport_trusting(Url::parse(url).unwrap(), &some_ca()).is_ok(),
            "{url}"
        );
    }
    assert!(transport_trusting(Url::parse("https://node.example").unwrap(), &some_ca()).is_ok());
}
