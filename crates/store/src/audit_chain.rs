//! The audit chain: sealing the audit log into a hash chain, and verifying the log.
//!
//! Writers add each record with its MAC and without a chain position, in one INSERT and without
//! a lock (the register search writes one per lookup, see [`crate::audit`]). A sealer,
//! [`Store::seal_audit`], takes the unchained records in `seq` order, checks each MAC, and gives
//! each good one the next chain position `n` and the chain hash
//! `HMAC(key, n, chain_hash(n - 1), mac)`, starting from [`GENESIS_HASH`]. A record whose MAC
//! fails is left unchained and reported. Sealers take turns on the chain's state row (the write
//! transaction on SQLite, a row lock on PostgreSQL, where several instances may seal), so no
//! record is chained twice. The chain's order is the order of sealing, which on PostgreSQL may
//! differ from `seq`: a lower `seq` can commit later.
//!
//! [`Store::verify_audit`] reads the whole log in one snapshot and names every record that fails
//! its MAC (altered, or inserted by someone without the key), every gap and broken link in the
//! chain (sealed records removed, moved or replaced), copied records, and a chain that ends
//! elsewhere than the head the sealer recorded.
//!
//! What it cannot see: whoever removes the newest sealed records and also sets the recorded head
//! back, or removes records the sealer has not reached yet (about a second's worth), leaves a
//! consistent log. Operators who need to detect that keep the head elsewhere too (the serving
//! process logs it; [`Store::verify_audit`] checks an expected head). And whoever holds the key
//! as well as write access to the database can rewrite anything: the key stays out of the
//! database.

use std::fmt;

use sqlx::any::AnyRow;
use sqlx::{Any, AssertSqlSafe, Row, Transaction};
use time::OffsetDateTime;

use crate::audit::new_record_id;
use crate::audit_key::{AuditKey, GENESIS_HASH, RecordFields};
use crate::backend::Backend;
use crate::directory::insert_sql;
use crate::time_text::{parse_ts, ts};
use crate::{Store, StoreError};

/// Records sealed per transaction: a backlog must not hold SQLite's write lock for long.
const SEAL_BATCH: i64 = 500;
/// Records read per statement while verifying or signing legacy records.
const READ_BATCH: i64 = 2000;
/// Findings listed in detail; the ones beyond are only counted.
const MAX_FINDINGS: usize = 1000;

const COLUMNS: &str =
    "seq, record_id, at, actor, office_id, action, subject, detail, mac, chain_pos, chain_hash";

/// A position in the chain with the chain hash there; position 0 is the empty chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainHead {
    pub pos: i64,
    pub hash: String,
}

impl ChainHead {
    /// The head of the empty chain.
    pub fn genesis() -> ChainHead {
        ChainHead {
            pos: 0,
            hash: GENESIS_HASH.to_owned(),
        }
    }

    /// Parses `POS:HASH`, as [`ChainHead`]'s `Display` writes it.
    pub fn parse(text: &str) -> Option<ChainHead> {
        let (pos, hash) = text.trim().split_once(':')?;
        let pos = pos.parse().ok().filter(|p| *p >= 0)?;
        let hash = hash.to_ascii_lowercase();
        if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        Some(ChainHead { pos, hash })
    }
}

impl fmt::Display for ChainHead {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.pos, self.hash)
    }
}

/// What one run of the sealer did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealReport {
    /// Records chained in this run.
    pub sealed: u64,
    /// Unchained records that were not chained because they fail their checks. They stay
    /// unchained and are reported again by every run.
    pub rejected: Vec<Finding>,
    /// The chain's head after this run.
    pub head: ChainHead,
}

/// One thing wrong with the audit log, naming the records concerned by `seq` (the row's
/// number) and, where it has one, record id and chain position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finding {
    /// The record does not match its MAC: it was altered, or inserted with a made-up MAC by
    /// someone without the key.
    BadMac {
        seq: i64,
        record_id: Option<String>,
        chain_pos: Option<i64>,
    },
    /// The record has no record id or no MAC: it was inserted into the database directly.
    NoMac { seq: i64, chain_pos: Option<i64> },
    /// Chain positions `from..=to` hold no record: sealed records were removed. `next_seq` is
    /// the record after the gap, if there is one.
    Gap {
        from: i64,
        to: i64,
        next_seq: Option<i64>,
    },
    /// The record's chain hash does not follow from the record before it in the chain: a
    /// record before it was removed or replaced, or this one was moved or its hash changed.
    BrokenLink { seq: i64, chain_pos: i64 },
    /// The record carries a chain hash but no valid chain position: its position was removed
    /// or changed.
    Misplaced { seq: i64, chain_pos: Option<i64> },
    /// A record id occurs `count` times: a record was copied.
    Duplicate { record_id: String, count: i64 },
    /// The chain ends elsewhere than at the head the sealer recorded: the newest sealed
    /// records were removed, or records or the recorded head were changed.
    HeadMismatch {
        recorded: ChainHead,
        found: ChainHead,
    },
    /// The chain does not hold a head recorded elsewhere earlier: records up to it were
    /// removed or changed.
    ExpectedHeadMissing { expected: ChainHead },
    /// The chain's state (table `audit_chain`) is missing.
    StateMissing,
    /// The key is not the one the log was written with; nothing else was checked.
    KeyMismatch,
}

impl Finding {
    /// The `seq` of the record the finding is about, if it is about one record.
    pub fn seq(&self) -> Option<i64> {
        match self {
            Finding::BadMac { seq, .. }
            | Finding::NoMac { seq, .. }
            | Finding::BrokenLink { seq, .. }
            | Finding::Misplaced { seq, .. } => Some(*seq),
            Finding::Gap { next_seq, .. } => *next_seq,
            _ => None,
        }
    }
}

fn position(chain_pos: Option<i64>) -> String {
    match chain_pos {
        Some(pos) => format!("chain position {pos}"),
        None => "not chained yet".to_owned(),
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Finding::BadMac {
                seq,
                record_id,
                chain_pos,
            } => write!(
                f,
                "altered or inserted: record seq {seq} (id {}, {}) does not match its MAC",
                record_id.as_deref().unwrap_or("none"),
                position(*chain_pos)
            ),
            Finding::NoMac { seq, chain_pos } => write!(
                f,
                "inserted: record seq {seq} ({}) has no record id or MAC",
                position(*chain_pos)
            ),
            Finding::Gap { from, to, next_seq } => {
                write!(f, "removed: chain positions {from} to {to} hold no record")?;
                match next_seq {
                    Some(seq) => write!(f, " (the next record is seq {seq})"),
                    None => Ok(()),
                }
            }
            Finding::BrokenLink { seq, chain_pos } => write!(
                f,
                "removed, replaced or moved: record seq {seq} at chain position {chain_pos} does \
                 not link to the record before it"
            ),
            Finding::Misplaced { seq, chain_pos } => write!(
                f,
                "moved: record seq {seq} carries a chain hash, but its chain position is {}",
                chain_pos.map_or_else(|| "empty".to_owned(), |p| p.to_string())
            ),
            Finding::Duplicate { record_id, count } => {
                write!(f, "copied: record id {record_id} occurs {count} times")
            }
            Finding::HeadMismatch { recorded, found } => write!(
                f,
                "the chain ends at {found}, but the sealer recorded its head as {recorded}: \
                 sealed records or the recorded head were removed or changed"
            ),
            Finding::ExpectedHeadMissing { expected } => write!(
                f,
                "the chain does not hold the expected head {expected}: records up to it were \
                 removed or changed"
            ),
            Finding::StateMissing => {
                f.write_str("the chain's state (table audit_chain) is missing")
            }
            Finding::KeyMismatch => f.write_str(
                "the audit key is not the key this audit log was written with; nothing else was \
                 checked",
            ),
        }
    }
}

/// The result of [`Store::verify_audit`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditVerification {
    /// Records in the chain.
    pub sealed: u64,
    /// Records the sealer has not chained (yet).
    pub unsealed: u64,
    /// The last chain position found, with its chain hash.
    pub head: ChainHead,
    /// The head as the sealer recorded it (absent when its state is missing).
    pub recorded_head: Option<ChainHead>,
    /// What is wrong, at most the first thousand findings.
    pub findings: Vec<Finding>,
    /// Findings beyond those listed.
    pub findings_not_listed: u64,
}

impl AuditVerification {
    /// Whether nothing was found.
    pub fn intact(&self) -> bool {
        self.findings.is_empty() && self.findings_not_listed == 0
    }
}

#[derive(Default)]
struct Findings {
    listed: Vec<Finding>,
    not_listed: u64,
}

impl Findings {
    fn push(&mut self, finding: Finding) {
        if self.listed.len() < MAX_FINDINGS {
            self.listed.push(finding);
        } else {
            self.not_listed += 1;
        }
    }
}

/// An audit_log row as stored, every column the checks need.
struct LogRow {
    seq: i64,
    record_id: Option<String>,
    at: String,
    actor: String,
    office: Option<String>,
    action: String,
    subject: String,
    detail: String,
    mac: Option<String>,
    chain_pos: Option<i64>,
    chain_hash: Option<String>,
}

impl LogRow {
    fn read(row: &AnyRow) -> Result<LogRow, StoreError> {
        Ok(LogRow {
            seq: row.try_get("seq")?,
            record_id: row.try_get("record_id")?,
            at: row.try_get("at")?,
            actor: row.try_get("actor")?,
            office: row.try_get("office_id")?,
            action: row.try_get("action")?,
            subject: row.try_get("subject")?,
            detail: row.try_get("detail")?,
            mac: row.try_get("mac")?,
            chain_pos: row.try_get("chain_pos")?,
            chain_hash: row.try_get("chain_hash")?,
        })
    }

    fn fields<'a>(&'a self, record_id: &'a str) -> RecordFields<'a> {
        RecordFields {
            record_id,
            at: &self.at,
            actor: &self.actor,
            office: self.office.as_deref(),
            action: &self.action,
            subject: &self.subject,
            detail: &self.detail,
        }
    }

    /// The finding about this record's MAC, if it fails.
    fn check_mac(&self, key: &AuditKey) -> Option<Finding> {
        let (Some(record_id), Some(mac)) = (&self.record_id, &self.mac) else {
            return Some(Finding::NoMac {
                seq: self.seq,
                chain_pos: self.chain_pos,
            });
        };
        // Compared in plain: the verifier is no oracle that an attacker can time.
        (key.record_mac(&self.fields(record_id)) != *mac).then(|| Finding::BadMac {
            seq: self.seq,
            record_id: Some(record_id.clone()),
            chain_pos: self.chain_pos,
        })
    }
}

/// The chain's state row.
struct ChainState {
    head: ChainHead,
    key_check: Option<String>,
    legacy_until: i64,
}

/// Up to `limit` records not chained yet whose `seq` comes after `after`, in log order.
async fn unchained_after(
    tx: &mut Transaction<'static, Any>,
    after: i64,
    limit: i64,
) -> Result<Vec<AnyRow>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM audit_log WHERE chain_pos IS NULL AND seq > $1 ORDER BY seq LIMIT $2"
    );
    Ok(sqlx::query(AssertSqlSafe(sql))
        .bind(after)
        .bind(limit)
        .fetch_all(&mut **tx)
        .await?)
}

async fn chain_state<'e, E>(executor: E, lock: &str) -> Result<Option<ChainState>, StoreError>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    let sql = format!(
        "SELECT head_pos, head_hash, key_check, legacy_until FROM audit_chain WHERE id = 1{lock}"
    );
    let row = sqlx::query(AssertSqlSafe(sql))
        .fetch_optional(executor)
        .await?;
    row.map(|row| {
        Ok(ChainState {
            head: ChainHead {
                pos: row.try_get("head_pos")?,
                hash: row.try_get("head_hash")?,
            },
            key_check: row.try_get("key_check")?,
            legacy_until: row.try_get("legacy_until")?,
        })
    })
    .transpose()
}

fn state_missing() -> StoreError {
    StoreError::Corrupt("the audit chain's state row (table audit_chain) is missing".to_owned())
}

/// Sets two columns of many rows, by `seq`, in one statement per batch; the rows must still have
/// `condition`. Returns how many rows changed.
async fn update_by_seq<A>(
    tx: &mut Transaction<'static, Any>,
    columns: (&str, &str),
    condition: &str,
    rows: &[(i64, A, String)],
) -> Result<u64, StoreError>
where
    A: for<'q> sqlx::Encode<'q, Any> + sqlx::Type<Any> + Clone + Send + 'static,
{
    let mut changed = 0;
    for chunk in rows.chunks(SEAL_BATCH as usize) {
        let (first, second) = columns;
        let sql = insert_sql(
            "WITH v (s, a, b) AS (VALUES ",
            3,
            chunk.len(),
            &format!(
                ") UPDATE audit_log SET {first} = v.a, {second} = v.b FROM v \
                 WHERE audit_log.seq = v.s AND {condition}"
            ),
        );
        let mut query = sqlx::query(AssertSqlSafe(sql));
        for (seq, a, b) in chunk {
            query = query.bind(*seq).bind(a.clone()).bind(b.clone());
        }
        changed += query.execute(&mut **tx).await?.rows_affected();
    }
    Ok(changed)
}

impl Store {
    /// A `FOR UPDATE` where the backend has row locks; SQLite's write transaction already
    /// excludes every other writer.
    fn row_lock(&self) -> &'static str {
        match self.backend {
            Backend::Sqlite => "",
            Backend::Postgres => " FOR UPDATE",
        }
    }

    /// On connecting with the platform's key: registers the key's check value on first use and
    /// refuses another key afterwards (an instance with the wrong key file would write records
    /// that fail verification), then signs, once, the records written before the audit chain
    /// existed. Cheap when there are none. A store on the test key does neither.
    pub(crate) async fn prepare_audit_log(&self) -> Result<(), StoreError> {
        if self.audit_key.is_test_key() {
            return Ok(());
        }
        let check = self.audit_key.check_value();
        let mut state = chain_state(&self.pool, "")
            .await?
            .ok_or_else(state_missing)?;
        if state.key_check.is_none() {
            // Two instances starting at once with different keys: one of them wins here, the
            // other is refused below.
            sqlx::query("UPDATE audit_chain SET key_check = $1 WHERE id = 1 AND key_check IS NULL")
                .bind(&check)
                .execute(&self.pool)
                .await?;
            state = chain_state(&self.pool, "")
                .await?
                .ok_or_else(state_missing)?;
        }
        if state.key_check.as_deref() != Some(check.as_str()) {
            return Err(StoreError::AuditKeyMismatch);
        }
        if state.legacy_until > 0 {
            self.sign_legacy_records().await?;
        }
        Ok(())
    }

    /// Gives every record written before the audit chain existed (up to `legacy_until`, which
    /// the migration set) its record id and MAC, and clears `legacy_until`, in one transaction:
    /// a row inserted without a MAC later is never signed by this.
    async fn sign_legacy_records(&self) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        let lock = self.row_lock();
        let state = chain_state(&mut *tx, lock)
            .await?
            .ok_or_else(state_missing)?;
        if state.legacy_until <= 0 {
            // Another instance signed them meanwhile.
            return Ok(());
        }
        let mut signed = 0;
        let mut after = i64::MIN;
        loop {
            let sql = format!(
                "SELECT {COLUMNS} FROM audit_log WHERE seq > $1 AND seq <= $2 \
                 AND record_id IS NULL AND mac IS NULL ORDER BY seq LIMIT $3"
            );
            let rows = sqlx::query(AssertSqlSafe(sql))
                .bind(after)
                .bind(state.legacy_until)
                .bind(READ_BATCH)
                .fetch_all(&mut *tx)
                .await?;
            let mut updates = Vec::with_capacity(rows.len());
            for row in &rows {
                let row = LogRow::read(row)?;
                after = row.seq;
                let at = parse_ts(&row.at).unwrap_or(OffsetDateTime::UNIX_EPOCH);
                let record_id = new_record_id(at);
                let mac = self.audit_key.record_mac(&row.fields(&record_id));
                updates.push((row.seq, record_id, mac));
            }
            signed += update_by_seq(
                &mut tx,
                ("record_id", "mac"),
                "audit_log.mac IS NULL",
                &updates,
            )
            .await?;
            if (rows.len() as i64) < READ_BATCH {
                break;
            }
        }
        sqlx::query("UPDATE audit_chain SET legacy_until = 0 WHERE id = 1")
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        tracing::info!(
            records = signed,
            "signed the audit records written before the audit chain"
        );
        Ok(())
    }

    /// Chains every audit record not chained yet, in `seq` order, each in a transaction of at
    /// most a few hundred records; `at` is recorded as the time of sealing. Records that fail
    /// their MAC are left out and reported. Safe to run from several processes at once.
    pub async fn seal_audit(&self, at: OffsetDateTime) -> Result<SealReport, StoreError> {
        let mut report = SealReport {
            sealed: 0,
            rejected: Vec::new(),
            head: ChainHead::genesis(),
        };
        // The common case, nothing to do, takes no lock.
        let pending = sqlx::query("SELECT seq FROM audit_log WHERE chain_pos IS NULL LIMIT 1")
            .fetch_optional(&self.pool)
            .await?;
        if pending.is_none() {
            report.head = chain_state(&self.pool, "")
                .await?
                .ok_or_else(state_missing)?
                .head;
            return Ok(report);
        }
        let lock = self.row_lock();
        let mut after = i64::MIN;
        loop {
            let mut tx = self.begin().await?;
            let mut head = chain_state(&mut *tx, lock)
                .await?
                .ok_or_else(state_missing)?
                .head;
            let recorded = head.pos;
            let rows = unchained_after(&mut tx, after, SEAL_BATCH).await?;
            let mut links = Vec::with_capacity(rows.len());
            for row in &rows {
                let row = LogRow::read(row)?;
                after = row.seq;
                if let Some(finding) = row.check_mac(&self.audit_key) {
                    report.rejected.push(finding);
                    continue;
                }
                if row.chain_hash.is_some() {
                    report.rejected.push(Finding::Misplaced {
                        seq: row.seq,
                        chain_pos: None,
                    });
                    continue;
                }
                let pos = head.pos + 1;
                let hash = self.audit_key.chain_hash(
                    pos,
                    &head.hash,
                    row.mac.as_deref().unwrap_or_default(),
                );
                links.push((row.seq, pos, hash.clone()));
                head = ChainHead { pos, hash };
            }
            if !links.is_empty() {
                // A position past the recorded head is taken only if someone wrote it behind
                // the sealers' back; chaining on would collide with it or hide it.
                let beyond = sqlx::query(
                    "SELECT seq, chain_pos FROM audit_log WHERE chain_pos > $1 \
                     ORDER BY chain_pos LIMIT 1",
                )
                .bind(recorded)
                .fetch_optional(&mut *tx)
                .await?;
                if let Some(row) = beyond {
                    return Err(StoreError::Corrupt(format!(
                        "the audit chain was altered: position {} (seq {}) lies beyond the \
                         recorded head; run `sorgeregister audit verify`",
                        row.try_get::<i64, _>("chain_pos")?,
                        row.try_get::<i64, _>("seq")?
                    )));
                }
                let changed = update_by_seq(
                    &mut tx,
                    ("chain_pos", "chain_hash"),
                    "audit_log.chain_pos IS NULL",
                    &links,
                )
                .await?;
                if changed != links.len() as u64 {
                    // Not possible while sealers take turns; never chain around a surprise.
                    return Err(StoreError::Conflict(
                        "the audit log changed while it was being sealed",
                    ));
                }
                sqlx::query(
                    "UPDATE audit_chain SET head_pos = $1, head_hash = $2, sealed_at = $3 \
                     WHERE id = 1",
                )
                .bind(head.pos)
                .bind(head.hash.clone())
                .bind(ts(at))
                .execute(&mut *tx)
                .await?;
                report.sealed += changed;
            }
            tx.commit().await?;
            report.head = head;
            if (rows.len() as i64) < SEAL_BATCH {
                return Ok(report);
            }
        }
    }

    /// Checks the whole audit log against the store's key, in one snapshot, without changing
    /// anything: every record's MAC, every link of the chain and that its positions have no
    /// gaps, that no record id occurs twice, and that the chain ends at the head the sealer
    /// recorded. With `expected`, a head recorded elsewhere earlier, also that the chain still
    /// holds it.
    pub async fn verify_audit(
        &self,
        expected: Option<&ChainHead>,
    ) -> Result<AuditVerification, StoreError> {
        let key = &self.audit_key;
        let mut tx = self.begin_snapshot().await?;
        let mut findings = Findings::default();
        let state = chain_state(&mut *tx, "").await?;
        let recorded_head = state.as_ref().map(|s| s.head.clone());
        match &state {
            None => findings.push(Finding::StateMissing),
            Some(state)
                if state
                    .key_check
                    .as_deref()
                    .is_some_and(|check| check != key.check_value()) =>
            {
                tx.rollback().await?;
                return Ok(AuditVerification {
                    sealed: 0,
                    unsealed: 0,
                    head: ChainHead::genesis(),
                    recorded_head,
                    findings: vec![Finding::KeyMismatch],
                    findings_not_listed: 0,
                });
            }
            Some(_) => {}
        }

        // The chain, in order of position.
        let mut head = ChainHead::genesis();
        let mut sealed = 0;
        let mut expected_found = expected.is_none();
        let mut after = i64::MIN;
        loop {
            let sql = format!(
                "SELECT {COLUMNS} FROM audit_log WHERE chain_pos IS NOT NULL AND chain_pos > $1 \
                 ORDER BY chain_pos LIMIT $2"
            );
            let rows = sqlx::query(AssertSqlSafe(sql))
                .bind(after)
                .bind(READ_BATCH)
                .fetch_all(&mut *tx)
                .await?;
            for row in &rows {
                let row = LogRow::read(row)?;
                let Some(pos) = row.chain_pos else { continue };
                after = pos;
                sealed += 1;
                if let Some(finding) = row.check_mac(key) {
                    findings.push(finding);
                }
                if pos < 1 {
                    findings.push(Finding::Misplaced {
                        seq: row.seq,
                        chain_pos: Some(pos),
                    });
                    continue;
                }
                let hash = row.chain_hash.clone().unwrap_or_default();
                if pos > head.pos + 1 {
                    // The link of the record after a gap cannot be checked: its predecessor
                    // is what is missing.
                    findings.push(Finding::Gap {
                        from: head.pos + 1,
                        to: pos - 1,
                        next_seq: Some(row.seq),
                    });
                } else if key.chain_hash(pos, &head.hash, row.mac.as_deref().unwrap_or_default())
                    != hash
                {
                    findings.push(Finding::BrokenLink {
                        seq: row.seq,
                        chain_pos: pos,
                    });
                }
                if let Some(expected) = expected
                    && expected.pos == pos
                {
                    expected_found = expected.hash == hash;
                }
                // Go on from the stored hash, so that one bad link is reported once, not for
                // every record after it.
                head = ChainHead { pos, hash };
            }
            if (rows.len() as i64) < READ_BATCH {
                break;
            }
        }
        if let Some(expected) = expected
            && !expected_found
            && expected.pos > 0
        {
            findings.push(Finding::ExpectedHeadMissing {
                expected: expected.clone(),
            });
        }
        if let Some(recorded) = &recorded_head
            && *recorded != head
        {
            findings.push(Finding::HeadMismatch {
                recorded: recorded.clone(),
                found: head.clone(),
            });
        }

        // The records not chained yet.
        let mut unsealed = 0;
        let mut after = i64::MIN;
        loop {
            let rows = unchained_after(&mut tx, after, READ_BATCH).await?;
            for row in &rows {
                let row = LogRow::read(row)?;
                after = row.seq;
                unsealed += 1;
                if let Some(finding) = row.check_mac(key) {
                    findings.push(finding);
                }
                if row.chain_hash.is_some() {
                    findings.push(Finding::Misplaced {
                        seq: row.seq,
                        chain_pos: None,
                    });
                }
            }
            if (rows.len() as i64) < READ_BATCH {
                break;
            }
        }

        // Copies: the unique index forbids them, unless it was dropped.
        let copies = sqlx::query(
            "SELECT record_id, COUNT(*) AS n FROM audit_log WHERE record_id IS NOT NULL \
             GROUP BY record_id HAVING COUNT(*) > 1 ORDER BY record_id",
        )
        .fetch_all(&mut *tx)
        .await?;
        for row in &copies {
            findings.push(Finding::Duplicate {
                record_id: row.try_get("record_id")?,
                count: row.try_get("n")?,
            });
        }
        tx.rollback().await?;
        Ok(AuditVerification {
            sealed,
            unsealed,
            head,
            recorded_head,
            findings: findings.listed,
            findings_not_listed: findings.not_listed,
        })
    }

    /// The chain's head as the sealer last recorded it.
    pub async fn audit_head(&self) -> Result<ChainHead, StoreError> {
        Ok(chain_state(&self.pool, "")
            .await?
            .ok_or_else(state_missing)?
            .head)
    }
}
