//! The background worker: resumes applications that a crash, a restart or an unreachable
//! register office left unfinished, and delivers notifications waiting for a node.

use tokio::sync::watch;

use crate::Pipeline;

/// How many applications one claim takes.
const BATCH: i64 = 16;

/// Runs until `shutdown` turns true.
pub async fn run_worker(pipeline: Pipeline, mut shutdown: watch::Receiver<bool>) {
    loop {
        if *shutdown.borrow() {
            return;
        }
        let claimed = pipeline
            .store
            .claim_unfinished(
                pipeline.now_ms(),
                pipeline.config.lease.as_millis() as i64,
                BATCH,
            )
            .await;
        let idle = match claimed {
            Ok(ids) => {
                for id in &ids {
                    if let Err(error) = pipeline.advance(id).await {
                        tracing::warn!(application = %id, %error, "pipeline step failed; will retry");
                    }
                }
                ids.is_empty()
            }
            Err(error) => {
                tracing::error!(%error, "claiming unfinished applications failed");
                true
            }
        };
        let idle = match pipeline.deliver_entry_forwards().await {
            Ok(tried) => idle && tried == 0,
            Err(error) => {
                tracing::error!(%error, "claiming notifications for nodes failed");
                idle
            }
        };
        if idle {
            tokio::select! {
                _ = tokio::time::sleep(pipeline.config.poll_interval) => {}
                _ = shutdown.changed() => {}
            }
        }
    }
}
