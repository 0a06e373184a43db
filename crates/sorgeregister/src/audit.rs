//! The audit log, as the program runs and shows it: the audit key from the key folder, the
//! sealer of a running platform, and the reports of `sorgeregister audit verify` and
//! `sorgeregister audit trail`. What sealing and verification mean is `store::audit_chain`.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use tokio::sync::watch;

use domain::clock::Clock;
use store::audit_chain::AuditVerification;
use store::{AuditKey, AuditRecord, Store};

/// How often a running platform chains new audit records. A record's MAC protects it from the
/// moment it is written; until it is chained, its removal goes unnoticed.
pub const SEAL_INTERVAL: Duration = Duration::from_secs(1);
/// How often at most the chain head is logged at `info`, for operators who keep it elsewhere.
const HEAD_LOG_INTERVAL: Duration = Duration::from_secs(600);
/// How often at most the same sealing error is logged again.
const ERROR_LOG_INTERVAL: Duration = Duration::from_secs(60);

/// The platform's audit key from `keys_dir` (`audit.key`), made on first use when `create`.
/// There is no fallback: without its key the platform does not start.
pub fn key(keys_dir: &Path, create: bool) -> Result<AuditKey> {
    let bytes = if create {
        let (bytes, created) = seal::audit_key::load_or_create(keys_dir)?;
        if created {
            tracing::info!(
                file = %seal::audit_key::path(keys_dir).display(),
                "made a new audit key; back it up with the key folder"
            );
        }
        bytes
    } else {
        seal::audit_key::load(keys_dir)?
    };
    Ok(AuditKey::from_bytes(&bytes))
}

/// Chains new audit records every [`SEAL_INTERVAL`] until `stop` turns true, then once more, so
/// that what was written up to the end is chained too. Records the sealer refuses are logged as
/// errors once each; the chain head is logged at `info` when it moved, at most every ten
/// minutes, so that it is kept outside the database.
pub async fn run_sealer(store: Store, clock: Arc<dyn Clock>, mut stop: watch::Receiver<bool>) {
    let mut sealer = SealerLog::default();
    loop {
        sealer.seal(&store, clock.as_ref()).await;
        tokio::select! {
            _ = stop.wait_for(|stop| *stop) => break,
            () = tokio::time::sleep(SEAL_INTERVAL) => {}
        }
    }
    sealer.seal(&store, clock.as_ref()).await;
}

#[derive(Default)]
struct SealerLog {
    refused: HashSet<String>,
    head_logged: Option<(Instant, i64)>,
    error_logged: Option<(Instant, String)>,
}

impl SealerLog {
    async fn seal(&mut self, store: &Store, clock: &dyn Clock) {
        match store.seal_audit(clock.now()).await {
            Ok(report) => {
                self.error_logged = None;
                for finding in &report.rejected {
                    let text = finding.to_string();
                    if self.refused.insert(text.clone()) {
                        tracing::error!(
                            finding = %text,
                            "audit record refused by the sealer: the audit log was changed \
                             behind the platform's back"
                        );
                    }
                }
                let head = &report.head;
                let due = match self.head_logged {
                    None => true,
                    Some((at, pos)) => pos != head.pos && at.elapsed() >= HEAD_LOG_INTERVAL,
                };
                if due {
                    tracing::info!(
                        chain_pos = head.pos,
                        chain_hash = %head.hash,
                        "audit chain head"
                    );
                    self.head_logged = Some((Instant::now(), head.pos));
                } else if report.sealed > 0 {
                    tracing::debug!(
                        sealed = report.sealed,
                        chain_pos = head.pos,
                        chain_hash = %head.hash,
                        "audit records chained"
                    );
                }
            }
            Err(error) => {
                let text = error.to_string();
                let due = match &self.error_logged {
                    None => true,
                    Some((at, last)) => *last != text || at.elapsed() >= ERROR_LOG_INTERVAL,
                };
                if due {
                    tracing::error!(error = %text, "sealing the audit log failed");
                    self.error_logged = Some((Instant::now(), text));
                }
            }
        }
    }
}

/// Findings printed by `audit verify`; the rest are counted.
const PRINTED_FINDINGS: usize = 50;

/// The report of `sorgeregister audit verify`.
pub fn verification_report(verification: &AuditVerification) -> String {
    let mut out = String::new();
    let total = verification.findings.len() as u64 + verification.findings_not_listed;
    if verification.intact() {
        let _ = writeln!(out, "audit log intact");
    } else {
        let _ = writeln!(out, "audit log NOT intact: {total} finding(s)");
    }
    let _ = writeln!(out, "  chained records:     {}", verification.sealed);
    let _ = writeln!(out, "  not yet chained:     {}", verification.unsealed);
    let _ = writeln!(out, "  chain head:          {}", verification.head);
    match &verification.recorded_head {
        Some(recorded) => {
            let _ = writeln!(out, "  recorded head:       {recorded}");
        }
        None => {
            let _ = writeln!(out, "  recorded head:       (missing)");
        }
    }
    for finding in verification.findings.iter().take(PRINTED_FINDINGS) {
        let _ = writeln!(out, "  - {finding}");
    }
    if total > PRINTED_FINDINGS as u64 {
        let _ = writeln!(out, "  … and {} more", total - PRINTED_FINDINGS as u64);
    }
    let _ = writeln!(
        out,
        "Keep the chain head elsewhere (it is also logged by the running platform) and pass it \
         to a later check with --expect-head: only that detects removal of the newest records."
    );
    out
}

/// The report of `sorgeregister audit trail`: one line per record, oldest first.
pub fn trail_report(subject: &str, records: &[AuditRecord]) -> String {
    let mut out = String::new();
    if records.is_empty() {
        let _ = writeln!(out, "no audit records about {subject}");
        return out;
    }
    for record in records {
        let chained = match record.chain_pos {
            Some(pos) => format!("chain {pos}"),
            None => "not yet chained".to_owned(),
        };
        let _ = writeln!(
            out,
            "{}  {}  by {} ({})  {}  [seq {}, {chained}]",
            record
                .at
                .format(&time::format_description::well_known::Rfc3339)
                .unwrap_or_default(),
            record.action,
            record.actor,
            record.office.as_deref().unwrap_or("no office"),
            record.detail,
            record.seq
        );
    }
    out
}

/// Opens the store for `audit …`: with the key that exists, never a new one.
pub async fn open_store(config: &crate::config::Config) -> Result<Store> {
    let key = key(&config.certificates.keys_dir, false).with_context(|| {
        format!(
            "cannot read the audit key in {}",
            config.certificates.keys_dir.display()
        )
    })?;
    crate::app::open_store_with_key(config, key).await
}
