//! The application pipeline: from a mother's application to a decision and a certificate record.
//!
//! ```text
//! received ──query sent──▶ waiting_for_register ──answer──▶ decided (certificate record)
//!                                                     └────▶ in_review ──settled──▶ decided
//! ```
//! A register office that keeps its register on its own node reviews a doubtful case there:
//! the application is `in_review` here, and the worker asks the node again until it answers
//! with its settlement. A register office that does not answer is asked again with
//! exponential backoff and jitter ([`RetryPolicy`]).
//! Each arrow is one store transaction guarded by the current status, so a step that is
//! repeated after a crash does nothing twice. The submitting request drives a new application
//! as far as it can at once; a background worker picks up whatever a crash or an unreachable
//! register office left behind once its lease runs out.

mod advance;
mod error;
mod failpoint;
mod forwarding;
mod intake;
mod jurisdiction;
mod notifications;
mod prenatal;
mod retry;
mod review;
mod worker;

pub use error::{PipelineError, SubmitError};
pub use failpoint::Failpoint;
pub use forwarding::Recorded;
pub use intake::Submitted;
pub use jurisdiction::Offices;
pub use jurisdiction::register_office;
pub use retry::RetryPolicy;
pub use review::{Judgement, PrenatalJudgement, ReviewError, ReviewProblem, Settled};
pub use worker::run_worker;

use std::sync::Arc;
use std::time::Duration;

use domain::clock::Clock;
use domain::matching::MatchPolicy;
use federation::Transport;
use seal::issue::Sealer;
use store::Store;

/// Settings of the pipeline.
#[derive(Debug, Clone)]
pub struct PipelineConfig {
    /// How long a process owns an application's next step before another may take it over.
    pub lease: Duration,
    /// How often the worker looks for unfinished applications.
    pub poll_interval: Duration,
    /// Test aid: abort the process at this point (see [`Failpoint`]).
    pub failpoint: Option<Failpoint>,
    /// Where certificates tell their readers to check them (printed under the QR code).
    pub verify_url: String,
    /// The matcher's thresholds, as the register responder runs them; a review recomputes the
    /// candidates with the same ones.
    pub matching: MatchPolicy,
    /// When a step that got no answer is tried again, and how often a review at the
    /// register office's node is asked for its result.
    pub retry: RetryPolicy,
}

impl Default for PipelineConfig {
    fn default() -> Self {
        PipelineConfig {
            lease: Duration::from_secs(30),
            poll_interval: Duration::from_secs(1),
            failpoint: None,
            verify_url: "http://127.0.0.1:8080/pruefen".to_owned(),
            matching: MatchPolicy::default(),
            retry: RetryPolicy::default(),
        }
    }
}

/// The pipeline with its collaborators. Cheap to clone.
#[derive(Clone)]
pub struct Pipeline {
    store: Store,
    transport: Arc<dyn Transport>,
    clock: Arc<dyn Clock>,
    sealer: Arc<Sealer>,
    config: Arc<PipelineConfig>,
}

impl Pipeline {
    pub fn new(
        store: Store,
        transport: Arc<dyn Transport>,
        clock: Arc<dyn Clock>,
        sealer: Arc<Sealer>,
        config: PipelineConfig,
    ) -> Self {
        Pipeline {
            store,
            transport,
            clock,
            sealer,
            config: Arc::new(config),
        }
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn sealer(&self) -> &Arc<Sealer> {
        &self.sealer
    }

    pub fn clock(&self) -> &dyn Clock {
        self.clock.as_ref()
    }

    /// The matcher's thresholds the register responder runs, so that a person searching the
    /// register sees what an application would.
    pub fn matching_policy(&self) -> &MatchPolicy {
        &self.config.matching
    }

    fn now_ms(&self) -> i64 {
        (self.clock.now().unix_timestamp_nanos() / 1_000_000) as i64
    }
}
