//! On an office's node: the platform's signed trust list, fetched from
//! `<federation.platform_url>/api/v1/trust-list` when the node starts and every
//! `federation.trust_list_refresh_seconds`, and kept in the node's key folder once it verifies
//! against the pinned platform CA. The node checks the signatures of the queries it receives
//! with the keys it names, so a key the platform rotates or certifies is known here within one
//! refresh; until then a query signed with it is refused, and the platform asks again.
//!
//! A fetch that fails (platform unreachable, a list that does not verify) changes nothing: the
//! list kept before stays in use, and the failure is logged.
//!
//! With it, the node fetches the platform's signed directory (`/federation/v1/directory`),
//! keeps it once it verifies, and checks that the platform lists every office this node
//! represents as kept on a node: one it does not would have its queries answered from the
//! platform's own copy of the register, so that is logged as an error and counted
//! (`sorgeregister_platform_directory_unrouted_offices`).

use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use tokio::sync::watch;
use tokio::task::JoinHandle;

use domain::OfficeId;
use seal::directory::RegisterMode;
use seal::issue::Sealer;
use web::Metrics;

/// The platform's trust list and directory, each at most this large (a few KiB per office key).
const MAX_DOCUMENT_BYTES: usize = 16 * 1024 * 1024;
const TRUST_LIST_PATH: &str = "/api/v1/trust-list";

/// Fetches and keeps the platform's trust list; on a platform's own key folder, nothing.
pub struct PlatformTrust {
    http: reqwest::Client,
    url: String,
    directory_url: String,
    /// The offices this node represents, which the directory must list as on a node.
    represents: Vec<OfficeId>,
    sealer: Arc<Sealer>,
    metrics: Arc<Metrics>,
}

impl PlatformTrust {
    /// The fetcher for a node whose key folder `sealer` opened, from `platform_url`; TLS to the
    /// platform is checked against the pinned platform CA only.
    pub fn new(
        sealer: Arc<Sealer>,
        platform_url: &str,
        represents: Vec<OfficeId>,
        metrics: Arc<Metrics>,
    ) -> Result<Self> {
        let ca = sealer.ca_certificate_der()?;
        let tls = federation::tls::client_config(&ca)
            .map_err(|e| anyhow::anyhow!("cannot set up TLS to the platform: {e}"))?;
        let http = reqwest::Client::builder()
            .use_preconfigured_tls(tls)
            .timeout(Duration::from_secs(20))
            .build()
            .context("cannot set up the HTTP client for the platform")?;
        Ok(PlatformTrust {
            http,
            url: format!("{}{TRUST_LIST_PATH}", platform_url.trim_end_matches('/')),
            directory_url: format!(
                "{}{}",
                platform_url.trim_end_matches('/'),
                web::federation::DIRECTORY_PATH
            ),
            represents,
            sealer,
            metrics,
        })
    }

    /// One fetch: the number of keys the list names, and whether it changed.
    pub async fn fetch(&self) -> Result<(usize, bool)> {
        let json = self.get(&self.url).await?;
        Ok(self.sealer.install_trust_list(&json)?)
    }

    /// One fetch of the platform's directory, verified and kept: the offices this node
    /// represents that it does not list as kept on a node.
    pub async fn fetch_directory(&self) -> Result<Vec<OfficeId>> {
        let json = self.get(&self.directory_url).await?;
        let directory = self.sealer.install_directory(&json)?;
        Ok(self
            .represents
            .iter()
            .filter(|office| {
                !matches!(
                    directory.office(office.as_str()).map(|entry| &entry.mode),
                    Some(RegisterMode::Node { .. })
                )
            })
            .cloned()
            .collect())
    }

    /// GETs `url` from the platform: a UTF-8 body of at most 16 MiB.
    async fn get(&self, url: &str) -> Result<String> {
        let mut response = self
            .http
            .get(url)
            .send()
            .await
            .with_context(|| format!("cannot reach the platform at {url}"))?;
        if !response.status().is_success() {
            bail!("the platform answered {} for {url}", response.status());
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await? {
            if body.len() + chunk.len() > MAX_DOCUMENT_BYTES {
                bail!("the platform's answer for {url} is larger than 16 MiB");
            }
            body.extend_from_slice(&chunk);
        }
        String::from_utf8(body).with_context(|| format!("the platform's {url} is not UTF-8"))
    }

    /// [`PlatformTrust::fetch`], its outcome logged: what `node` does before it listens, so
    /// that the first query finds the keys.
    pub async fn refresh(&self) {
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        match self.fetch().await {
            Ok((keys, true)) => {
                self.metrics
                    .record_trust_list_fetch("installed", Some(keys), now);
                tracing::info!(keys, url = %self.url, "platform trust list installed");
            }
            Ok((keys, false)) => {
                self.metrics
                    .record_trust_list_fetch("unchanged", Some(keys), now);
            }
            Err(error) => {
                self.metrics.record_trust_list_fetch("failed", None, now);
                tracing::warn!(
                    error = %format!("{error:#}"),
                    url = %self.url,
                    "platform trust list not refreshed; the one kept before stays in use"
                );
            }
        }
        match self.fetch_directory().await {
            Ok(unrouted) => {
                self.metrics
                    .record_directory_fetch("ok", Some(unrouted.len()));
                if !unrouted.is_empty() {
                    let offices: Vec<&str> = unrouted.iter().map(OfficeId::as_str).collect();
                    tracing::error!(
                        offices = %offices.join(","),
                        url = %self.directory_url,
                        "the platform's directory does not list these offices as kept on this \
                         node: the platform answers their queries from its own copy; add them to \
                         the platform's federation.nodes"
                    );
                }
            }
            Err(error) => {
                self.metrics.record_directory_fetch("failed", None);
                tracing::warn!(
                    error = %format!("{error:#}"),
                    url = %self.directory_url,
                    "platform directory not refreshed"
                );
            }
        }
    }

    /// Fetches again every `every` until `stop` turns true.
    pub fn spawn(self, every: Duration, mut stop: watch::Receiver<bool>) -> JoinHandle<()> {
        tokio::spawn(async move {
            loop {
                tokio::select! {
                    _ = tokio::time::sleep(every) => {}
                    _ = stop.wait_for(|stopped| *stopped) => return,
                }
                self.refresh().await;
            }
        })
    }
}
