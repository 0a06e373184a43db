//! Crash points for recovery tests: the real process aborts right after a step's transaction
//! committed, as a power cut or `kill -9` would stop it. Off unless configured.

use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failpoint {
    /// After the application was stored as `received`.
    AfterReceived,
    /// After the register query was stored and the status became `waiting_for_register`.
    AfterQuerySent,
    /// After the decision and certificate were stored.
    AfterDecided,
}

impl FromStr for Failpoint {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "after_received" => Ok(Failpoint::AfterReceived),
            "after_query_sent" => Ok(Failpoint::AfterQuerySent),
            "after_decided" => Ok(Failpoint::AfterDecided),
            other => Err(format!(
                "unknown failpoint {other:?} (after_received, after_query_sent, after_decided)"
            )),
        }
    }
}

pub(crate) fn hit(configured: Option<Failpoint>, here: Failpoint) {
    if configured == Some(here) {
        tracing::error!(?here, "failpoint reached: aborting the process");
        std::process::abort();
    }
}
