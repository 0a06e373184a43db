//! Candidate retrieval for the matcher: the name-code index of register entries and the one
//! lookup that finds every entry the matcher could call anything but "none" (see
//! [`domain::matching::retrieval`]), and its classification as the register office answers
//! from it; and bulk loading of a whole register.

use std::time::{Duration, Instant};

use serde_json::json;
use sqlx::{Any, AssertSqlSafe, Row, Transaction};
use time::OffsetDateTime;

use crate::audit::{self, Actor};
use crate::directory::insert_sql;
use crate::register::{EntryRecord, EntryStatus, entry_record};
use crate::time_text::{day, ts};
use crate::{Store, StoreError};
use domain::OfficeId;
use domain::application::ChildIdentity;
use domain::matching::{
    Explanation, MatchClass, MatchPolicy, Prepared, Retrieval, classify_prepared, retrieval,
};
use domain::register::Notification;

/// Rows per multi-row INSERT while loading a register.
const BATCH: usize = 400;
/// Fixed list lengths of the candidate query (see [`Store::find_candidates`]). A query's pair
/// keys are its family-name keys times its given-name keys: 16 covers every query whose names
/// have up to four keys each (a name of three tokens and the tokens written together); only
/// longer names get a statement of their own.
const PAIR_SLOTS: usize = 16;
const DATE_SLOTS: usize = 64;
const ANY_SLOTS: usize = 8;

/// Replaces the index rows of one entry: its name keys (family-name, given-name and pair keys,
/// see [`Prepared::keys`]) and its compact child data. An entry that no longer counts
/// (cancelled) keeps neither, so that no search finds it.
pub(crate) async fn write_keys(
    tx: &mut Transaction<'static, Any>,
    office: &OfficeId,
    entry_id: &str,
    notification: &Notification,
    active: bool,
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM register_match_keys WHERE entry_id = $1")
        .bind(entry_id)
        .execute(&mut **tx)
        .await?;
    sqlx::query("DELETE FROM register_match_children WHERE entry_id = $1")
        .bind(entry_id)
        .execute(&mut **tx)
        .await?;
    if !active {
        return Ok(());
    }
    sqlx::query("INSERT INTO register_match_children (entry_id, child) VALUES ($1, $2)")
        .bind(entry_id)
        .bind(serde_json::to_string(&notification.child)?)
        .execute(&mut **tx)
        .await?;
    let keys = Prepared::new(&notification.child).keys();
    if keys.is_empty() {
        return Ok(());
    }
    let sql = insert_sql(
        "INSERT INTO register_match_keys (register_office_id, key, birth_date, entry_id) VALUES ",
        4,
        keys.len(),
        "",
    );
    let birth_date = day(notification.child.birth_date);
    let mut query = sqlx::query(AssertSqlSafe(sql));
    for key in keys {
        query = query
            .bind(office.as_str().to_owned())
            .bind(key)
            .bind(birth_date.clone())
            .bind(entry_id.to_owned());
    }
    query.execute(&mut **tx).await?;
    Ok(())
}

/// The candidate search of `retrieval` in `office`'s register as one statement: the id and
/// compact child data of every active entry the rule admits.
fn search_statement(
    office: &OfficeId,
    retrieval: &Retrieval,
) -> sqlx::query::Query<'static, Any, sqlx::any::AnyArguments> {
    let (sql, binds) = search_sql(office, retrieval);
    let mut query = sqlx::query(AssertSqlSafe(sql));
    for value in binds {
        query = query.bind(value);
    }
    query
}

/// The text of the candidate search statement (see [`Store::assess`]) and its bound values in
/// order (`$1`, `$2`, …): for diagnosing a slow search with `EXPLAIN` or another client, as
/// `crates/store/examples/search_timing.rs` does.
pub fn search_sql(office: &OfficeId, retrieval: &Retrieval) -> (String, Vec<String>) {
    // Lists are padded to fixed lengths (repeating their first value) so that the statement
    // text stays the same from query to query and its prepared form is reused.
    let mut binds: Vec<String> = vec![office.as_str().to_owned()];
    let mut list = |values: Vec<String>, slots: usize| {
        let padded = if values.is_empty() {
            vec![String::new(); slots]
        } else if values.len() <= slots {
            let first = values[0].clone();
            let mut padded = values;
            padded.resize(slots, first);
            padded
        } else {
            values
        };
        let mut placeholders = Vec::with_capacity(padded.len());
        for value in padded {
            binds.push(value);
            placeholders.push(format!("${}", binds.len()));
        }
        placeholders.join(", ")
    };
    let pairs = list(retrieval.pair_keys.clone(), PAIR_SLOTS);
    let dates = list(
        retrieval.dates.iter().map(|d| day(*d)).collect(),
        DATE_SLOTS,
    );
    let any = list(retrieval.any_keys.clone(), ANY_SLOTS);
    let exact = list(vec![day(retrieval.exact_date)], 1);
    // Near dates: one index seek per pair key and date, each returning only entries that
    // share both names. The very date: any name key. `IN` removes duplicates, so the two
    // branches need not (UNION ALL).
    let sql = format!(
        "SELECT entry_id, child FROM register_match_children WHERE entry_id IN (\
         SELECT entry_id FROM register_match_keys WHERE register_office_id = $1 \
         AND key IN ({pairs}) AND birth_date IN ({dates}) \
         UNION ALL SELECT entry_id FROM register_match_keys WHERE register_office_id = $1 \
         AND key IN ({any}) AND birth_date = {exact})"
    );
    (sql, binds)
}

/// The active entries `ids` of `office`'s register, read whole.
async fn active_entries(
    connection: &mut sqlx::AnyConnection,
    office: &OfficeId,
    ids: &[&str],
) -> Result<Vec<EntryRecord>, StoreError> {
    let mut records = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(BATCH) {
        let placeholders = (1..=chunk.len())
            .map(|i| format!("${i}"))
            .collect::<Vec<_>>()
            .join(", ");
        // By id alone, so that the planner looks the ids up instead of walking the office's
        // whole register; office and status are checked on the rows.
        let sql = format!(
            "SELECT id, register_office_id, status, version, data, created_at, updated_at \
             FROM register_entries WHERE id IN ({placeholders})"
        );
        let mut query = sqlx::query(AssertSqlSafe(sql));
        for id in chunk {
            query = query.bind((*id).to_owned());
        }
        for row in query.fetch_all(&mut *connection).await? {
            let record = entry_record(&row)?;
            if &record.register_office == office && record.status == EntryStatus::Active {
                records.push(record);
            }
        }
    }
    Ok(records)
}

impl Store {
    /// The active entries of `office`'s register that the matcher must see for a query (the
    /// rule of [`Retrieval::admits`]): those born on the date or a near one sharing a pair key
    /// (a family-name code and a given-name code together), and those born on the very date
    /// sharing any name code. Audited as a search for `query_id`.
    pub async fn find_candidates(
        &self,
        actor: &Actor,
        at: OffsetDateTime,
        office: &OfficeId,
        retrieval: &Retrieval,
        query_id: &str,
    ) -> Result<Vec<EntryRecord>, StoreError> {
        // Read, then record the read; the records leave only once the audit record is written.
        // All on one connection: on SQLite a write through another connection would make this
        // one discard its whole page cache before its next read.
        let mut connection = self.pool.acquire().await?;
        let rows = search_statement(office, retrieval)
            .fetch_all(&mut *connection)
            .await?;
        let ids = rows
            .iter()
            .map(|row| row.try_get::<String, _>("entry_id"))
            .collect::<Result<Vec<_>, _>>()?;
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        let records = active_entries(&mut connection, office, &ids).await?;
        audit::record(
            &self.audit_key,
            at,
            actor,
            Some(office),
            "register.searched",
            query_id,
            json!({"candidates": records.len()}),
        )
        .execute(&mut *connection)
        .await?;
        Ok(records)
    }

    /// Loads many entries into `office`'s register in one transaction (onboarding an existing
    /// register, benchmarks): entries, first versions and index rows, one audit record.
    pub async fn import_entries(
        &self,
        actor: &Actor,
        at: OffsetDateTime,
        office: &OfficeId,
        entries: &[(String, Notification)],
    ) -> Result<usize, StoreError> {
        let mut tx = self.begin().await?;
        let now = ts(at);
        for chunk in entries.chunks(BATCH) {
            let data: Vec<String> = chunk
                .iter()
                .map(|(_, n)| serde_json::to_string(n))
                .collect::<Result<_, _>>()?;
            let sql = insert_sql(
                "INSERT INTO register_entries (id, register_office_id, child_birth_date, status, \
                 version, data, created_at, updated_at) VALUES ",
                8,
                chunk.len(),
                "",
            );
            let mut query = sqlx::query(AssertSqlSafe(sql));
            for ((id, n), data) in chunk.iter().zip(&data) {
                query = query
                    .bind(id.clone())
                    .bind(office.as_str().to_owned())
                    .bind(day(n.child.birth_date))
                    .bind(EntryStatus::Active.as_str())
                    .bind(1i64)
                    .bind(data.clone())
                    .bind(now.clone())
                    .bind(now.clone());
            }
            query.execute(&mut *tx).await?;

            let sql = insert_sql(
                "INSERT INTO register_entry_versions (entry_id, version, change, reason, status, \
                 data, at, actor) VALUES ",
                8,
                chunk.len(),
                "",
            );
            let mut query = sqlx::query(AssertSqlSafe(sql));
            for ((id, _), data) in chunk.iter().zip(&data) {
                query = query
                    .bind(id.clone())
                    .bind(1i64)
                    .bind("created")
                    .bind(Some("imported"))
                    .bind(EntryStatus::Active.as_str())
                    .bind(data.clone())
                    .bind(now.clone())
                    .bind(actor.id.clone());
            }
            query.execute(&mut *tx).await?;

            let sql = insert_sql(
                "INSERT INTO register_match_children (entry_id, child) VALUES ",
                2,
                chunk.len(),
                "",
            );
            let mut query = sqlx::query(AssertSqlSafe(sql));
            for (id, n) in chunk {
                query = query
                    .bind(id.clone())
                    .bind(serde_json::to_string(&n.child)?);
            }
            query.execute(&mut *tx).await?;

            let mut keys: Vec<(String, String, String)> = Vec::new();
            for (id, n) in chunk {
                let birth_date = day(n.child.birth_date);
                for key in Prepared::new(&n.child).keys() {
                    keys.push((key, birth_date.clone(), id.clone()));
                }
            }
            for keys in keys.chunks(BATCH) {
                let sql = insert_sql(
                    "INSERT INTO register_match_keys (register_office_id, key, birth_date, entry_id) VALUES ",
                    4,
                    keys.len(),
                    "",
                );
                let mut query = sqlx::query(AssertSqlSafe(sql));
                for (key, birth_date, id) in keys {
                    query = query
                        .bind(office.as_str().to_owned())
                        .bind(key.clone())
                        .bind(birth_date.clone())
                        .bind(id.clone());
                }
                query.execute(&mut *tx).await?;
            }
        }
        audit::append(
            &mut tx,
            &self.audit_key,
            at,
            actor,
            Some(office),
            "register.imported",
            office.as_str(),
            json!({"entries": entries.len()}),
        )
        .await?;
        tx.commit().await?;
        Ok(entries.len())
    }

    /// Indexes active entries that have no index rows: written before the index existed, or
    /// whose rows a migration dropped because the keys changed (0004, 0012). Cheap when there
    /// are none. A page at a time, each committed, so that re-indexing a register of millions
    /// neither holds it in memory nor starts over when interrupted.
    pub(crate) async fn backfill_match_keys(&self) -> Result<(), StoreError> {
        let mut after = String::new();
        let mut indexed = 0usize;
        loop {
            let rows = sqlx::query(
                "SELECT e.id, e.register_office_id, e.status, e.version, e.data, e.created_at, \
                 e.updated_at FROM register_entries e WHERE e.status = 'active' AND e.id > $1 \
                 AND NOT EXISTS (SELECT 1 FROM register_match_children c WHERE c.entry_id = e.id) \
                 ORDER BY e.id LIMIT 1000",
            )
            .bind(after.clone())
            .fetch_all(&self.pool)
            .await?;
            let Some(last) = rows.last() else { break };
            after = last.try_get("id")?;
            let records = rows
                .iter()
                .map(entry_record)
                .collect::<Result<Vec<_>, _>>()?;
            let mut tx = self.begin().await?;
            for record in &records {
                write_keys(
                    &mut tx,
                    &record.register_office,
                    &record.id,
                    &record.notification,
                    true,
                )
                .await?;
            }
            tx.commit().await?;
            indexed += records.len();
        }
        if indexed > 0 {
            tracing::info!(entries = indexed, "indexed register entries for matching");
        }
        Ok(())
    }

    /// How many entries `office`'s register holds (for benchmarks and operators).
    pub async fn entry_count(&self, office: &OfficeId) -> Result<i64, StoreError> {
        let row =
            sqlx::query("SELECT COUNT(*) AS n FROM register_entries WHERE register_office_id = $1")
                .bind(office.as_str())
                .fetch_one(&self.pool)
                .await?;
        Ok(row.try_get("n")?)
    }
}

/// A register entry the matcher does not rule out for a child, with how it compared.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub entry: EntryRecord,
    /// [`MatchClass::Match`] or [`MatchClass::Possible`], never `None`.
    pub class: MatchClass,
    /// Which fields agreed, and how.
    pub explanation: Explanation,
}

/// What the register office's search found for one query.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    /// The entries the matcher does not rule out, read whole.
    pub candidates: Vec<Candidate>,
    /// How many entries the index search brought up and the matcher compared.
    pub compared: usize,
    /// How long each part of the lookup took (for benchmarks; see `sorgeregister eval matching`).
    pub timing: AssessTiming,
}

/// The parts of one [`Store::assess`], in the order they run.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct AssessTiming {
    /// Waiting for a database connection.
    pub acquire: Duration,
    /// The candidate search statement, its rows fetched.
    pub search: Duration,
    /// Classifying the compact child data of the rows.
    pub classify: Duration,
    /// Reading the kept entries whole and classifying them again.
    pub read: Duration,
    /// Writing and committing the search's audit record.
    pub audit: Duration,
}

impl Store {
    /// The register office's assessment of a query: the candidate search of
    /// [`Store::find_candidates`] for `child`, each candidate classified under `policy`, those
    /// the matcher rules out dropped. The responder answers from it and a review shows it, so
    /// that a person sees exactly what the automatic answer rested on.
    #[allow(clippy::too_many_arguments)]
    pub async fn assess_candidates(
        &self,
        actor: &Actor,
        at: OffsetDateTime,
        office: &OfficeId,
        child: &ChildIdentity,
        policy: &MatchPolicy,
        query_id: &str,
    ) -> Result<Vec<Candidate>, StoreError> {
        Ok(self
            .assess(actor, at, office, child, policy, query_id)
            .await?
            .candidates)
    }

    /// [`Store::assess_candidates`] with the number of entries compared. The search classifies
    /// the compact child data the index keeps beside its keys and reads whole entries only for
    /// the few it does not rule out; each of those is classified again on its whole content
    /// (which an entry changed in between may have altered). Audited as one search.
    #[allow(clippy::too_many_arguments)]
    pub async fn assess(
        &self,
        actor: &Actor,
        at: OffsetDateTime,
        office: &OfficeId,
        child: &ChildIdentity,
        policy: &MatchPolicy,
        query_id: &str,
    ) -> Result<Assessment, StoreError> {
        let started = Instant::now();
        let mut timing = AssessTiming::default();
        let wanted = Prepared::new(child);
        let mut connection = self.pool.acquire().await?;
        let mut lap = Instant::now();
        timing.acquire = lap - started;
        let rows = search_statement(office, &retrieval(&wanted, policy))
            .fetch_all(&mut *connection)
            .await?;
        timing.search = lap.elapsed();
        lap = Instant::now();
        let mut kept: Vec<String> = Vec::new();
        for row in &rows {
            let child: ChildIdentity = serde_json::from_str(&row.try_get::<String, _>("child")?)?;
            if classify_prepared(&wanted, &Prepared::new(&child), policy).0 != MatchClass::None {
                kept.push(row.try_get("entry_id")?);
            }
        }
        timing.classify = lap.elapsed();
        lap = Instant::now();
        let ids: Vec<&str> = kept.iter().map(String::as_str).collect();
        let candidates: Vec<Candidate> = active_entries(&mut connection, office, &ids)
            .await?
            .into_iter()
            .filter_map(|entry| {
                let record = Prepared::new(&entry.notification.child);
                let (class, explanation) = classify_prepared(&wanted, &record, policy);
                (class != MatchClass::None).then_some(Candidate {
                    entry,
                    class,
                    explanation,
                })
            })
            .collect();
        timing.read = lap.elapsed();
        lap = Instant::now();
        audit::record(
            &self.audit_key,
            at,
            actor,
            Some(office),
            "register.searched",
            query_id,
            json!({"compared": rows.len(), "candidates": candidates.len()}),
        )
        .execute(&mut *connection)
        .await?;
        timing.audit = lap.elapsed();
        Ok(Assessment {
            candidates,
            compared: rows.len(),
            timing,
        })
    }
}
