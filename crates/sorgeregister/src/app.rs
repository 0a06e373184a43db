//! Wiring: store, register transport, pipeline, worker and HTTP server, started and stopped
//! together.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use axum::serve::ListenerExt as _;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::config::Config;
use crate::platform_trust::PlatformTrust;
use domain::clock::{Clock, SystemClock};
use federation::{
    ExchangeObserver, HttpTransport, InProcessTransport, PLATFORM_RELAY_NAME,
    PLATFORM_RELAY_OFFICE, RegisterResponder, RoutingTransport, SealerKeys, SealerSigner,
    Transport,
};
use pipeline::{Pipeline, PipelineConfig};
use seal::issue::Sealer;
use store::Store;
use web::{AppState, Metrics, RateLimit, WebConfig};

/// Opens the configured store (creating the SQLite folder if needed) and migrates it, with the
/// audit key from the key folder (made there on first use).
pub async fn open_store(config: &Config) -> Result<Store> {
    let key = crate::audit::key(&config.certificates.keys_dir, true).with_context(|| {
        format!(
            "cannot open the audit key in {}",
            config.certificates.keys_dir.display()
        )
    })?;
    open_store_with_key(config, key).await
}

/// [`open_store`] with a given audit key.
pub async fn open_store_with_key(config: &Config, audit_key: store::AuditKey) -> Result<Store> {
    let url = &config.database.url;
    if let Some(path) = url.strip_prefix("sqlite://") {
        let path = path.split('?').next().unwrap_or(path);
        if let Some(parent) = std::path::Path::new(path).parent()
            && !parent.as_os_str().is_empty()
        {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create data folder {}", parent.display()))?;
        }
    }
    let options = store::ConnectOptions {
        max_connections: config.database.max_connections,
        sqlite_cache_mib: config.database.sqlite_cache_mib,
        sqlite_mmap_mib: config.database.sqlite_mmap_mib,
        audit_key,
    };
    Store::connect_with(url, options)
        .await
        .with_context(|| format!("cannot open database {}", crate::config::redact_url(url)))
}

/// The pipeline: registers hosted here are asked in process, registers on offices' own nodes
/// (`[federation] nodes`) over HTTP.
pub fn pipeline(store: Store, config: &Config) -> Result<Pipeline> {
    pipeline_with_clock(store, config, Arc::new(SystemClock))
}

/// [`pipeline`] on a given clock, which the web layer shares (tests move it forward).
pub fn pipeline_with_clock(
    store: Store,
    config: &Config,
    clock: Arc<dyn Clock>,
) -> Result<Pipeline> {
    pipeline_observed(store, config, clock, None)
}

/// [`pipeline_with_clock`], telling `observer` of every register query sent to a node (the
/// server's metrics).
pub fn pipeline_observed(
    store: Store,
    config: &Config,
    clock: Arc<dyn Clock>,
    observer: Option<Arc<dyn ExchangeObserver>>,
) -> Result<Pipeline> {
    let responder = RegisterResponder::new(store.clone(), clock.clone(), config.matching);
    let local: Arc<dyn Transport> = Arc::new(InProcessTransport::new(responder));
    let failpoint = config
        .pipeline
        .failpoint
        .as_deref()
        .map(str::parse)
        .transpose()
        .map_err(anyhow::Error::msg)?;
    let sealer = Arc::new(
        Sealer::open(&config.certificates.keys_dir, clock.now()).with_context(|| {
            format!(
                "cannot open the seal key folder {}",
                config.certificates.keys_dir.display()
            )
        })?,
    );
    let federation = config.federation.parse()?;
    let transport: Arc<dyn Transport> = if federation.nodes.is_empty() {
        local
    } else {
        let mut nodes = std::collections::BTreeMap::new();
        for (office, url) in &federation.nodes {
            let url = url
                .parse()
                .with_context(|| format!("federation.nodes.{office}: bad address {url:?}"))?;
            nodes.insert(office.clone(), url);
        }
        let platform_ca = sealer.ca_certificate_der().with_context(|| {
            format!(
                "cannot read the platform CA certificate in {}",
                config.certificates.keys_dir.display()
            )
        })?;
        // Notifications for registers on nodes are relayed under the platform's relay key: it
        // must be in the trust list before the nodes fetch it, not made at the first relay.
        // (A node's folder makes no keys of its own; it relays nothing.)
        let keys_dir = config.certificates.keys_dir.display();
        if !sealer
            .is_node()
            .with_context(|| format!("cannot read the seal key folder {keys_dir}"))?
        {
            sealer
                .ensure_key(PLATFORM_RELAY_OFFICE, PLATFORM_RELAY_NAME, clock.now())
                .with_context(|| format!("cannot make the platform's relay key in {keys_dir}"))?;
        }
        let remote = HttpTransport::new(
            nodes,
            &platform_ca,
            Arc::new(SealerSigner::new(sealer.clone(), store.clone())),
            Arc::new(SealerKeys::new(sealer.clone(), clock.clone())),
            Arc::new(store.clone()),
            clock.clone(),
        )
        .map_err(|e| anyhow::anyhow!("cannot set up the federation transport: {e}"))?;
        let remote = match observer {
            Some(observer) => remote.with_observer(observer),
            None => remote,
        };
        Arc::new(RoutingTransport::new(local, remote))
    };
    Ok(Pipeline::new(
        store,
        transport,
        clock,
        sealer,
        PipelineConfig {
            lease: Duration::from_secs(config.pipeline.lease_seconds),
            poll_interval: Duration::from_millis(config.pipeline.poll_interval_ms),
            failpoint,
            verify_url: format!(
                "{}/pruefen",
                config.certificates.public_url.trim_end_matches('/')
            ),
            matching: config.matching,
            retry: pipeline::RetryPolicy {
                first: Duration::from_secs(config.pipeline.retry_first_seconds),
                max: Duration::from_secs(config.pipeline.retry_max_seconds),
                node_review_poll: Duration::from_secs(config.pipeline.node_review_poll_seconds),
            },
        },
    ))
}

/// The federation endpoint's side: the offices this instance answers signed register queries
/// for, its register search, and the seal keys to check queries and sign answers with.
fn federation_endpoint(
    store: &Store,
    config: &Config,
    clock: Arc<dyn Clock>,
    sealer: Arc<Sealer>,
) -> Result<web::federation::FederationEndpoint> {
    let federation = config.federation.parse()?;
    Ok(web::federation::FederationEndpoint {
        responder: RegisterResponder::new(store.clone(), clock.clone(), config.matching),
        keys: Arc::new(SealerKeys::new(sealer.clone(), clock)),
        guard: Arc::new(store.clone()),
        signer: Arc::new(SealerSigner::new(sealer, store.clone())),
        represents: federation.answers_for(),
        nodes: federation.nodes.clone(),
    })
}

/// A running platform: the HTTP server, the pipeline worker and the audit sealer.
pub struct Running {
    pub addr: SocketAddr,
    /// Whether the server speaks HTTPS (`[server] tls_certificate` and `tls_key`).
    pub tls: bool,
    shutdown: watch::Sender<bool>,
    server: JoinHandle<std::io::Result<()>>,
    worker: JoinHandle<()>,
    /// On a node: the fetcher of the platform's trust list.
    platform_trust: Option<JoinHandle<()>>,
    /// Stopped after server and worker, so that it chains what they wrote last.
    audit_sealer_stop: watch::Sender<bool>,
    audit_sealer: JoinHandle<()>,
}

impl Running {
    pub fn url(&self) -> String {
        let scheme = if self.tls { "https" } else { "http" };
        format!("{scheme}://{}", self.addr)
    }

    /// Stops accepting requests, lets running ones finish, and stops the worker; the audit
    /// sealer chains what they wrote and stops last.
    pub async fn stop(self) -> Result<()> {
        let _ = self.shutdown.send(true);
        self.server.await??;
        self.worker.await?;
        if let Some(fetcher) = self.platform_trust {
            fetcher.await?;
        }
        let _ = self.audit_sealer_stop.send(true);
        self.audit_sealer.await?;
        Ok(())
    }

    /// Serves until Ctrl-C or SIGTERM.
    pub async fn until_signal(self) -> Result<()> {
        wait_for_signal().await;
        tracing::info!("shutting down");
        self.stop().await
    }
}

/// Binds the listener and starts server, worker and audit sealer.
pub async fn start(store: Store, config: &Config) -> Result<Running> {
    start_with_clock(store, config, Arc::new(SystemClock)).await
}

/// [`start`] with the pipeline and the web layer on a given clock.
pub async fn start_with_clock(
    store: Store,
    config: &Config,
    clock: Arc<dyn Clock>,
) -> Result<Running> {
    let sealer_store = store.clone();
    let endpoint_store = store.clone();
    let endpoint_clock = clock.clone();
    let metrics = Arc::new(Metrics::default());
    let pipeline = pipeline_observed(store, config, clock, Some(metrics.clone()))?;
    // One sealer per process: the endpoint signs with the pipeline's.
    let federation = federation_endpoint(
        &endpoint_store,
        config,
        endpoint_clock,
        pipeline.sealer().clone(),
    )?;
    let tls = match (&config.server.tls_certificate, &config.server.tls_key) {
        (Some(certificate), Some(key)) => Some(
            federation::tls::server_config_from_pem_files(certificate, key)
                .context("cannot set up TLS ([server] tls_certificate, tls_key)")?,
        ),
        _ => None,
    };
    // Bound first: the built-in test identity provider lives at this very address.
    let listener = TcpListener::bind(&config.server.bind)
        .await
        .with_context(|| format!("cannot listen on {} (port in use?)", config.server.bind))?;
    let addr = listener.local_addr()?;
    let state_metrics = metrics.clone();
    let state = AppState {
        pipeline: pipeline.clone(),
        metrics,
        verify_limit: Arc::new(RateLimit::per_minute(config.certificates.verify_per_minute)),
        workbench: web::workbench::Workbench::new(crate::staff::workbench_config(config))
            .context("invalid workbench settings")?,
        portal: web::portal::Portal::new(crate::portal::portal_config(config, addr)?),
        federation: Arc::new(federation),
    };
    let router = web::router(
        state,
        &WebConfig {
            body_limit: config.http.body_limit_bytes,
        },
    );
    let (shutdown, signal) = watch::channel(false);
    let platform_trust = match platform_trust(config, &pipeline, state_metrics.clone())? {
        Some(trust) => {
            trust.refresh().await;
            Some(trust.spawn(trust_refresh(config), signal.clone()))
        }
        None => None,
    };
    let worker = tokio::spawn(pipeline::run_worker(pipeline, signal.clone()));
    let (audit_sealer_stop, sealer_signal) = watch::channel(false);
    let audit_sealer = tokio::spawn(crate::audit::run_sealer(
        sealer_store,
        Arc::new(SystemClock),
        sealer_signal,
    ));
    let mut server_signal = signal;
    let serving_tls = tls.is_some();
    let stopped = async move {
        let _ = server_signal.wait_for(|stop| *stop).await;
    };
    let server = match tls {
        None => tokio::spawn(async move {
            axum::serve(
                listener,
                router.into_make_service_with_connect_info::<SocketAddr>(),
            )
            .with_graceful_shutdown(stopped)
            .await
        }),
        Some(tls) => tokio::spawn(async move {
            // `tap_io` only so that axum hands the peer address on as connect info.
            axum::serve(
                crate::tls::TlsListener::new(listener, tls).tap_io(|_| {}),
                router.into_make_service_with_connect_info::<SocketAddr>(),
            )
            .with_graceful_shutdown(stopped)
            .await
        }),
    };
    tracing::info!(%addr, tls = serving_tls, "listening");
    Ok(Running {
        addr,
        tls: serving_tls,
        shutdown,
        server,
        worker,
        platform_trust,
        audit_sealer_stop,
        audit_sealer,
    })
}

/// On a node (its key folder pinned to the platform CA): the fetcher of the platform's trust
/// list, which needs `federation.platform_url`.
fn platform_trust(
    config: &Config,
    pipeline: &Pipeline,
    metrics: Arc<Metrics>,
) -> Result<Option<PlatformTrust>> {
    let sealer = pipeline.sealer().clone();
    if !sealer.is_node()? {
        return Ok(None);
    }
    let federation = config.federation.parse()?;
    let Some(url) = federation.platform_url else {
        anyhow::bail!(
            "{} is an office node's key folder: set federation.platform_url, the platform \
             whose trust list names the keys that queries are checked with",
            config.certificates.keys_dir.display()
        );
    };
    let represents = federation.represents.iter().cloned().collect();
    Ok(Some(PlatformTrust::new(sealer, &url, represents, metrics)?))
}

fn trust_refresh(config: &Config) -> Duration {
    Duration::from_secs(config.federation.trust_list_refresh_seconds)
}

async fn wait_for_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(term) => term,
                Err(_) => {
                    let _ = ctrl_c.await;
                    return;
                }
            };
        tokio::select! {
            _ = ctrl_c => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = ctrl_c.await;
    }
}
