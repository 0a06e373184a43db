//! The tamper-evident audit log: the sealer chains every record once, verification passes on an
//! untouched log, and each change made directly in the database (altered, removed, inserted,
//! moved, copied records, a cut-off end) is found and names the records concerned.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use sqlx::{AnyPool, AssertSqlSafe, Row};

use store::audit_chain::{AuditVerification, ChainHead, Finding};
use store::{AuditKey, ConnectOptions, Store, StoreError};

use crate::support::{
    CHILD_BIRTH, ONLINE_SERVICE, admin, create_client, cuxhaven, insert_entry, later, notification,
    search, staff, t0,
};

/// A store on a fresh database, and a connection of its own to change that database behind the
/// store's back.
struct Db {
    backend: &'static str,
    url: String,
    store: Store,
    raw: AnyPool,
}

impl Db {
    async fn new(backend: &'static str, dir: &std::path::Path) -> Db {
        let url = store::testing::fresh_database_url(backend, dir)
            .await
            .unwrap_or_else(|e| panic!("[{backend}] fresh database: {e}"));
        let store = Store::connect(&url, 4)
            .await
            .unwrap_or_else(|e| panic!("[{backend}] connect: {e}"));
        store
            .import_directory(&admin(), t0(), &directory::demo_sample())
            .await
            .unwrap_or_else(|e| panic!("[{backend}] import demo directory: {e}"));
        create_client(
            &store,
            ONLINE_SERVICE,
            store::clients::Role::OnlineService,
            None,
        )
        .await;
        let raw = AnyPool::connect(&url)
            .await
            .unwrap_or_else(|e| panic!("[{backend}] raw connection: {e}"));
        Db {
            backend,
            url,
            store,
            raw,
        }
    }

    /// Writes `n` more audit records (a register search each).
    async fn activity(&self, n: usize) {
        for i in 0..n {
            search(
                &self.store,
                &staff(&cuxhaven()),
                later(i as i64),
                &cuxhaven(),
                CHILD_BIRTH,
                &format!("query-{i}"),
            )
            .await
            .unwrap_or_else(|e| panic!("[{}] search: {e}", self.backend));
        }
    }

    async fn seal(&self) -> store::audit_chain::SealReport {
        self.store
            .seal_audit(later(60))
            .await
            .unwrap_or_else(|e| panic!("[{}] seal: {e}", self.backend))
    }

    async fn verify(&self) -> AuditVerification {
        self.verify_expecting(None).await
    }

    async fn verify_expecting(&self, expected: Option<&ChainHead>) -> AuditVerification {
        self.store
            .verify_audit(expected)
            .await
            .unwrap_or_else(|e| panic!("[{}] verify: {e}", self.backend))
    }

    /// Runs a statement directly on the database.
    async fn sql(&self, sql: &str) {
        sqlx::query(AssertSqlSafe(sql.to_owned()))
            .execute(&self.raw)
            .await
            .unwrap_or_else(|e| panic!("[{}] {sql}: {e}", self.backend));
    }

    async fn count(&self, sql: &str) -> i64 {
        sqlx::query(AssertSqlSafe(sql.to_owned()))
            .fetch_one(&self.raw)
            .await
            .unwrap_or_else(|e| panic!("[{}] {sql}: {e}", self.backend))
            .try_get::<i64, _>(0)
            .unwrap_or_else(|e| panic!("[{}] {sql}: {e}", self.backend))
    }

    /// The `seq` of the record at chain position `pos`.
    async fn seq_at(&self, pos: i64) -> i64 {
        self.count(&format!(
            "SELECT seq FROM audit_log WHERE chain_pos = {pos}"
        ))
        .await
    }

    /// The `seq` of the newest record.
    async fn newest_seq(&self) -> i64 {
        self.count("SELECT MAX(seq) FROM audit_log").await
    }
}

/// Panics unless `verification` found something, and something about record `seq`.
fn assert_names(db: &Db, verification: &AuditVerification, seq: i64, what: &str) {
    assert!(
        !verification.intact(),
        "[{}] {what} went unnoticed: {verification:?}",
        db.backend
    );
    assert!(
        verification.findings.iter().any(|f| f.seq() == Some(seq)),
        "[{}] {what}: no finding names seq {seq}: {:#?}",
        db.backend,
        verification.findings
    );
}

#[tokio::test]
async fn the_sealer_chains_every_record_once_and_an_untouched_log_verifies() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::new(backend, dir.path()).await;
        insert_entry(&db.store, "entry-1", &cuxhaven(), &notification(), t0()).await;
        db.activity(5).await;
        let written = db.count("SELECT COUNT(*) FROM audit_log").await;
        assert!(
            written >= 8,
            "[{backend}] the fixture wrote records: {written}"
        );

        let before = db.verify().await;
        assert!(before.intact(), "[{backend}] unsealed records: {before:?}");
        assert_eq!(
            (before.sealed, before.unsealed),
            (0, written as u64),
            "[{backend}]"
        );
        assert_eq!(before.head, ChainHead::genesis(), "[{backend}]");

        let report = db.seal().await;
        assert_eq!(report.sealed, written as u64, "[{backend}] {report:?}");
        assert!(report.rejected.is_empty(), "[{backend}] {report:?}");
        assert_eq!(report.head.pos, written, "[{backend}]");
        assert_eq!(
            db.store.audit_head().await.unwrap(),
            report.head,
            "[{backend}] the recorded head"
        );
        let again = db.seal().await;
        assert_eq!(
            (again.sealed, &again.head),
            (0, &report.head),
            "[{backend}] nothing is chained twice"
        );

        // More records continue the chain where it ended.
        db.activity(3).await;
        let after = db.seal().await;
        assert_eq!(after.sealed, 3, "[{backend}]");
        assert_eq!(after.head.pos, written + 3, "[{backend}]");
        let verified = db.verify().await;
        assert!(verified.intact(), "[{backend}] {verified:?}");
        assert_eq!(
            (verified.sealed, verified.unsealed),
            ((written + 3) as u64, 0),
            "[{backend}]"
        );
        assert_eq!(verified.head, after.head, "[{backend}]");
        assert_eq!(verified.recorded_head, Some(after.head.clone()));
        let expected = db.verify_expecting(Some(&report.head)).await;
        assert!(
            expected.intact(),
            "[{backend}] an earlier head: {expected:?}"
        );

        // The positions are 1..=n without a hole, and the trail shows them.
        assert_eq!(
            db.count("SELECT COUNT(DISTINCT chain_pos) FROM audit_log")
                .await,
            written + 3
        );
        assert_eq!(
            db.count("SELECT MAX(chain_pos) FROM audit_log").await,
            written + 3
        );
        let trail = db.store.audit_of("entry-1").await.unwrap();
        assert!(
            trail
                .iter()
                .all(|r| r.chain_pos.is_some() && r.record_id.is_some()),
            "[{backend}] {trail:?}"
        );
    }
}

#[tokio::test]
async fn an_altered_sealed_record_is_named() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::new(backend, dir.path()).await;
        db.activity(6).await;
        db.seal().await;
        let seq = db.seq_at(4).await;
        db.sql(&format!(
            "UPDATE audit_log SET detail = '{{\"candidates\":7}}' WHERE seq = {seq}"
        ))
        .await;

        let verification = db.verify().await;
        assert_names(&db, &verification, seq, "an altered detail");
        assert_eq!(
            verification.findings.len(),
            1,
            "[{backend}] only the altered record: {:?}",
            verification.findings
        );
        assert!(
            matches!(
                &verification.findings[0],
                Finding::BadMac {
                    chain_pos: Some(4),
                    record_id: Some(_),
                    ..
                }
            ),
            "[{backend}] {:?}",
            verification.findings
        );
        let text = verification.findings[0].to_string();
        assert!(
            text.contains(&format!("seq {seq}")) && text.contains("altered"),
            "{text}"
        );
    }
}

#[tokio::test]
async fn an_altered_unsealed_record_is_named_and_never_chained() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::new(backend, dir.path()).await;
        db.activity(3).await;
        let seq = db.newest_seq().await;
        db.sql(&format!(
            "UPDATE audit_log SET actor = 'client:someone-else' WHERE seq = {seq}"
        ))
        .await;

        let verification = db.verify().await;
        assert_names(&db, &verification, seq, "an altered unsealed record");
        assert!(
            matches!(
                verification.findings[..],
                [Finding::BadMac {
                    chain_pos: None,
                    ..
                }]
            ),
            "[{backend}] {:?}",
            verification.findings
        );

        let report = db.seal().await;
        assert!(
            report.rejected.iter().any(|f| f.seq() == Some(seq)),
            "[{backend}] the sealer reports it: {report:?}"
        );
        assert!(report.sealed > 0, "[{backend}] and chains the others");
        assert_eq!(
            db.count(&format!(
                "SELECT COUNT(*) FROM audit_log WHERE seq = {seq} AND chain_pos IS NULL"
            ))
            .await,
            1,
            "[{backend}] the altered record stays unchained"
        );
        let after = db.verify().await;
        assert_names(&db, &after, seq, "the altered record after sealing");
        assert_eq!(after.findings.len(), 1, "[{backend}] {:?}", after.findings);
    }
}

#[tokio::test]
async fn a_removed_sealed_record_is_named_also_when_the_gap_is_closed() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::new(backend, dir.path()).await;
        db.activity(8).await;
        let head = db.seal().await.head;

        // Removed from the middle: the gap, and the record after it.
        let after_gap = db.seq_at(6).await;
        db.sql("DELETE FROM audit_log WHERE chain_pos = 5").await;
        let verification = db.verify().await;
        assert_names(&db, &verification, after_gap, "a removed record");
        assert!(
            verification.findings.contains(&Finding::Gap {
                from: 5,
                to: 5,
                next_seq: Some(after_gap)
            }),
            "[{backend}] {:?}",
            verification.findings
        );
        assert!(
            verification.findings[0].to_string().contains("removed"),
            "{}",
            verification.findings[0]
        );

        // The positions after it moved down to close the gap: the link breaks there.
        db.sql("UPDATE audit_log SET chain_pos = -chain_pos WHERE chain_pos > 5")
            .await;
        db.sql("UPDATE audit_log SET chain_pos = -chain_pos - 1 WHERE chain_pos < 0")
            .await;
        db.sql(&format!(
            "UPDATE audit_chain SET head_pos = {}",
            head.pos - 1
        ))
        .await;
        let closed = db.verify().await;
        assert!(
            closed.findings.contains(&Finding::BrokenLink {
                seq: after_gap,
                chain_pos: 5
            }),
            "[{backend}] {:?}",
            closed.findings
        );
        assert!(
            !closed
                .findings
                .iter()
                .any(|f| matches!(f, Finding::Gap { .. })),
            "[{backend}] no gap any more: {:?}",
            closed.findings
        );
    }
}

#[tokio::test]
async fn records_inserted_directly_are_named_with_or_without_a_made_up_mac() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::new(backend, dir.path()).await;
        db.activity(4).await;
        db.seal().await;

        let columns = "at, actor, office_id, action, subject, detail";
        let values = "'2026-03-02T09:31:00.000000000Z', 'client:staff-ja-03352', 'ja-03352', \
                      'register_entry.read', 'entry-9', '{}'";
        db.sql(&format!(
            "INSERT INTO audit_log ({columns}) VALUES ({values})"
        ))
        .await;
        let bare = db.newest_seq().await;
        // A made-up id, and the MAC of another record.
        db.sql(&format!(
            "INSERT INTO audit_log (record_id, mac, {columns}) SELECT 'made-up', mac, {values} \
             FROM audit_log WHERE chain_pos = 1"
        ))
        .await;
        let forged = db.newest_seq().await;

        // The sealer refuses them, and goes on chaining genuine records.
        db.activity(1).await;
        let report = db.seal().await;
        assert_eq!(report.sealed, 1, "[{backend}] {report:?}");
        let rejected: Vec<Option<i64>> = report.rejected.iter().map(Finding::seq).collect();
        assert_eq!(rejected, [Some(bare), Some(forged)], "[{backend}]");

        // Made to look sealed: the next position, the head's hash.
        db.sql(&format!(
            "INSERT INTO audit_log (record_id, mac, chain_pos, chain_hash, {columns}) \
             SELECT 'made-up-2', mac, chain_pos + 1, chain_hash, {values} \
             FROM audit_log WHERE chain_pos = (SELECT MAX(chain_pos) FROM audit_log)"
        ))
        .await;
        let forged_sealed = db.newest_seq().await;

        let verification = db.verify().await;
        assert_names(&db, &verification, bare, "a row without MAC");
        assert_names(&db, &verification, forged, "a row with a made-up MAC");
        assert_names(
            &db,
            &verification,
            forged_sealed,
            "a row made to look sealed",
        );
        assert!(
            verification.findings.contains(&Finding::NoMac {
                seq: bare,
                chain_pos: None
            }),
            "[{backend}] {:?}",
            verification.findings
        );
        assert!(
            verification
                .findings
                .iter()
                .any(|f| matches!(f, Finding::HeadMismatch { .. })),
            "[{backend}] the chain now runs past the recorded head: {:?}",
            verification.findings
        );

        // The sealer stops rather than chain around a position it did not write.
        db.activity(1).await;
        let stopped = db.store.seal_audit(later(61)).await;
        assert!(
            matches!(&stopped, Err(StoreError::Corrupt(why)) if why.contains(&format!("seq {forged_sealed}"))),
            "[{backend}] {stopped:?}"
        );
    }
}

#[tokio::test]
async fn a_record_moved_in_the_chain_is_named() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::new(backend, dir.path()).await;
        db.activity(6).await;
        db.seal().await;

        // Moved to the end: a gap where it was, and it no longer links where it is.
        let moved = db.seq_at(3).await;
        let head_pos = db.count("SELECT MAX(chain_pos) FROM audit_log").await;
        db.sql(&format!(
            "UPDATE audit_log SET chain_pos = {} WHERE seq = {moved}",
            head_pos + 1
        ))
        .await;
        let verification = db.verify().await;
        assert_names(&db, &verification, moved, "a record moved to the end");
        assert!(
            verification.findings.contains(&Finding::BrokenLink {
                seq: moved,
                chain_pos: head_pos + 1
            }),
            "[{backend}] {:?}",
            verification.findings
        );

        // Two records swapped: each is named.
        db.sql(&format!(
            "UPDATE audit_log SET chain_pos = 3 WHERE seq = {moved}"
        ))
        .await;
        assert!(db.verify().await.intact(), "[{backend}] put back");
        let (a, b) = (db.seq_at(2).await, db.seq_at(4).await);
        db.sql(&format!(
            "UPDATE audit_log SET chain_pos = -1 WHERE seq = {a}"
        ))
        .await;
        db.sql(&format!(
            "UPDATE audit_log SET chain_pos = 2 WHERE seq = {b}"
        ))
        .await;
        db.sql(&format!(
            "UPDATE audit_log SET chain_pos = 4 WHERE seq = {a}"
        ))
        .await;
        let swapped = db.verify().await;
        assert_names(&db, &swapped, a, "a swapped record");
        assert_names(&db, &swapped, b, "the other swapped record");

        // Position removed: the record is unchained but carries a chain hash.
        db.sql(&format!(
            "UPDATE audit_log SET chain_pos = NULL WHERE seq = {a}"
        ))
        .await;
        let unpositioned = db.verify().await;
        assert!(
            unpositioned.findings.contains(&Finding::Misplaced {
                seq: a,
                chain_pos: None
            }),
            "[{backend}] {:?}",
            unpositioned.findings
        );
    }
}

#[tokio::test]
async fn a_cut_off_end_is_found_by_the_recorded_head_or_by_a_head_kept_elsewhere() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::new(backend, dir.path()).await;
        db.activity(5).await;
        let kept = db.seal().await.head;

        db.sql(&format!(
            "DELETE FROM audit_log WHERE chain_pos = {}",
            kept.pos
        ))
        .await;
        let verification = db.verify().await;
        assert!(
            matches!(
                &verification.findings[..],
                [Finding::HeadMismatch { recorded, found }]
                    if *recorded == kept && found.pos == kept.pos - 1
            ),
            "[{backend}] {:?}",
            verification.findings
        );

        // Whoever also sets the recorded head back leaves a consistent log; the head kept
        // elsewhere still tells.
        let found = verification.head.clone();
        db.sql(&format!(
            "UPDATE audit_chain SET head_pos = {}, head_hash = '{}'",
            found.pos, found.hash
        ))
        .await;
        assert!(
            db.verify().await.intact(),
            "[{backend}] the documented limit"
        );
        let expecting = db.verify_expecting(Some(&kept)).await;
        assert_eq!(
            expecting.findings,
            [Finding::ExpectedHeadMissing {
                expected: kept.clone()
            }],
            "[{backend}]"
        );
        assert_eq!(
            ChainHead::parse(&kept.to_string()),
            Some(kept.clone()),
            "[{backend}] the printed head parses back"
        );
    }
}

#[tokio::test]
async fn a_copied_record_is_named() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::new(backend, dir.path()).await;
        db.activity(2).await;
        db.sql("DROP INDEX audit_log_record_id").await;
        db.sql(
            "INSERT INTO audit_log (record_id, at, actor, office_id, action, subject, detail, mac) \
             SELECT record_id, at, actor, office_id, action, subject, detail, mac \
             FROM audit_log WHERE seq = (SELECT MIN(seq) FROM audit_log)",
        )
        .await;
        let verification = db.verify().await;
        assert!(
            verification
                .findings
                .iter()
                .any(|f| matches!(f, Finding::Duplicate { count: 2, .. })),
            "[{backend}] {:?}",
            verification.findings
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_sealers_chain_each_record_exactly_once() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::new(backend, dir.path()).await;
        // Separate stores, as separate instances would have, sealing for as long as records
        // are written.
        let writing = Arc::new(AtomicBool::new(true));
        let mut sealers = Vec::new();
        for _ in 0..4 {
            let other = Store::connect(&db.url, 2).await.unwrap();
            let writing = writing.clone();
            sealers.push(tokio::spawn(async move {
                let mut sealed = 0;
                let mut round = 0;
                while writing.load(Ordering::Relaxed) || round < 5 {
                    let report = other
                        .seal_audit(later(round))
                        .await
                        .unwrap_or_else(|e| panic!("concurrent seal: {e}"));
                    assert!(report.rejected.is_empty(), "{report:?}");
                    sealed += report.sealed;
                    round += 1;
                }
                other.close().await;
                sealed
            }));
        }
        let writers: Vec<_> = (0..4)
            .map(|w| {
                let store = db.store.clone();
                tokio::spawn(async move {
                    for i in 0..25 {
                        search(
                            &store,
                            &staff(&cuxhaven()),
                            later(i),
                            &cuxhaven(),
                            CHILD_BIRTH,
                            &format!("query-{w}-{i}"),
                        )
                        .await
                        .unwrap_or_else(|e| panic!("concurrent search: {e}"));
                    }
                })
            })
            .collect();
        for writer in writers {
            writer.await.unwrap();
        }
        writing.store(false, Ordering::Relaxed);
        let mut sealed = 0;
        for sealer in sealers {
            sealed += sealer
                .await
                .unwrap_or_else(|e| panic!("[{backend}] a sealer failed: {e}"));
        }
        sealed += db.seal().await.sealed;

        let total = db.count("SELECT COUNT(*) FROM audit_log").await;
        assert_eq!(sealed, total as u64, "[{backend}] each record sealed once");
        let verification = db.verify().await;
        assert!(verification.intact(), "[{backend}] {verification:?}");
        assert_eq!(
            (
                verification.sealed,
                verification.unsealed,
                verification.head.pos
            ),
            (total as u64, 0, total),
            "[{backend}]"
        );
    }
}

#[tokio::test]
async fn the_platform_key_is_registered_and_another_key_is_refused() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::new(backend, dir.path()).await;
        let platform = AuditKey::from_bytes(&[42; 32]);
        let options = |key: AuditKey| ConnectOptions::new(2, key);

        let first = Store::connect_with(&db.url, options(platform.clone()))
            .await
            .unwrap_or_else(|e| panic!("[{backend}] first connect with a key: {e}"));
        first.close().await;
        Store::connect_with(&db.url, options(platform.clone()))
            .await
            .unwrap_or_else(|e| panic!("[{backend}] the same key again: {e}"))
            .close()
            .await;
        let other = Store::connect_with(&db.url, options(AuditKey::from_bytes(&[43; 32]))).await;
        assert!(
            matches!(other, Err(StoreError::AuditKeyMismatch)),
            "[{backend}] another key: {:?}",
            other.map(|_| ())
        );
        // The test key's store connects, but cannot vouch for this log.
        let verification = db.verify().await;
        assert_eq!(verification.findings, [Finding::KeyMismatch], "[{backend}]");
    }
}

#[tokio::test]
async fn records_from_before_the_chain_are_signed_once_and_later_rows_never() {
    for backend in store::testing::backends() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::new(backend, dir.path()).await;
        db.activity(3).await;
        // As the migration leaves a log of an earlier version: no ids, no MACs, and the
        // newest earlier record noted.
        db.sql("UPDATE audit_log SET record_id = NULL, mac = NULL")
            .await;
        db.sql("UPDATE audit_chain SET legacy_until = (SELECT MAX(seq) FROM audit_log)")
            .await;
        let legacy = db.count("SELECT COUNT(*) FROM audit_log").await;

        // The test key does not sign them.
        Store::connect(&db.url, 1).await.unwrap().close().await;
        assert_eq!(
            db.count("SELECT COUNT(*) FROM audit_log WHERE mac IS NULL")
                .await,
            legacy,
            "[{backend}]"
        );

        let key = AuditKey::from_bytes(&[42; 32]);
        let platform = Store::connect_with(&db.url, ConnectOptions::new(2, key.clone()))
            .await
            .unwrap_or_else(|e| panic!("[{backend}] connect with a key: {e}"));
        assert_eq!(
            db.count("SELECT COUNT(*) FROM audit_log WHERE mac IS NULL OR record_id IS NULL")
                .await,
            0,
            "[{backend}] every earlier record signed"
        );
        assert_eq!(
            db.count("SELECT legacy_until FROM audit_chain").await,
            0,
            "[{backend}]"
        );
        platform.seal_audit(later(10)).await.unwrap();
        let verified = platform.verify_audit(None).await.unwrap();
        assert!(verified.intact(), "[{backend}] {verified:?}");
        assert_eq!(verified.sealed, legacy as u64, "[{backend}]");
        platform.close().await;

        // A row without MAC inserted afterwards is not signed by the next start.
        db.sql(
            "INSERT INTO audit_log (at, actor, office_id, action, subject, detail) VALUES \
             ('2026-03-02T09:31:00.000000000Z', 'system:x', NULL, 'x', 'y', '{}')",
        )
        .await;
        let inserted = db.newest_seq().await;
        let platform = Store::connect_with(&db.url, ConnectOptions::new(2, key))
            .await
            .unwrap();
        let verification = platform.verify_audit(None).await.unwrap();
        assert_eq!(
            verification.findings,
            [Finding::NoMac {
                seq: inserted,
                chain_pos: None
            }],
            "[{backend}]"
        );
        platform.close().await;
    }
}
