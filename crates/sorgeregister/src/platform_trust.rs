//! On an office's node: the platform's signed trust list, fetched from
//! `<federation.platform_url>/api/v1/trust-list` when the node starts and every
//! `federation.trust_list_refresh_seconds`, and kept in the node's key folder once it verifies
//! against the pinned platform CA. The node checks the signatures of the queries it receives
//! with the keys it names, so a key the platform rotates or certifies is known here within one
//! refresh; until then a query signed with it is refused, and the platform asks again.
//!
//! A fetch that fails (platform unreachable, a list that does not verify) changes nothing: the
//! list kept before stays in use, and the failure is logged.

use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use tokio::sync::watch;
use tokio::task::JoinHandle;

use seal::issue::Sealer;
use web::Metrics;

/// The platform's trust list, at most this large (a few KiB per office key).
const MAX_TRUST_LIST_BYTES: usize = 16 * 1024 * 1024;
const TRUST_LIST_PATH: &str = "/api/v1/trust-list";

/// Fetches and keeps the platform's trust list; on a platform's own key folder, nothing.
pub struct PlatformTrust {
    http: reqwest::Client,
    url: String,
    sealer: Arc<Sealer>,
    metrics: Arc<Metrics>,
}

impl PlatformTrust {
    /// The fetcher for a node whose key folder `sealer` opened, from `platform_url`; TLS to the
    /// platform is checked against the pinned platform CA only.
    pub fn new(sealer: Arc<Sealer>, platform_url: &str, metrics: Arc<Metrics>) -> Result<Self> {
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
            sealer,
            metrics,
        })
    }

    /// One fetch: the number of keys the list names, and whether it changed.
    pub async fn fetch(&self) -> Result<(usize, bool)> {
        let mut response = self
            .http
            .get(&self.url)
            .send()
            .await
            .with_context(|| format!("cannot reach the platform at {}", self.url))?;
        if !response.status().is_success() {
            bail!(
                "the platform answered {} for {}",
                response.status(),
                self.url
            );
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await? {
            if body.len() + chunk.len() > MAX_TRUST_LIST_BYTES {
                bail!("the platform's trust list is larger than 16 MiB");
            }
            body.extend_from_slice(&chunk);
        }
        let json = String::from_utf8(body).context("the trust list is not UTF-8")?;
        Ok(self.sealer.install_trust_list(&json)?)
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
