//! Connecting, migrating and starting transactions: the only place that knows which backend runs.

use std::borrow::Cow;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::migrate::{Migration, MigrationType, Migrator};
use sqlx::{
    Any, AnyConnection, AnyPool, AssertSqlSafe, Connection, Executor, SqlSafeStr, Transaction,
};
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::StoreError;
use crate::audit_key::AuditKey;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Backend {
    Sqlite,
    Postgres,
}

/// The platform's store. Cheap to clone; all clones share one connection pool.
#[derive(Clone)]
pub struct Store {
    pub(crate) pool: AnyPool,
    pub(crate) backend: Backend,
    /// Signs every audit record this store writes (see [`crate::audit_chain`]).
    pub(crate) audit_key: AuditKey,
    /// SQLite only: the background task that checkpoints the write-ahead log (see
    /// [`Checkpointer`]); it stops when the store is closed or its last clone dropped.
    checkpointer: Option<Arc<Checkpointer>>,
}

/// How often the background checkpointer copies the write-ahead log into the database file.
const CHECKPOINT_INTERVAL: Duration = Duration::from_millis(200);
/// WAL pages after which a committing connection checkpoints by itself (SQLite's
/// `wal_autocheckpoint`, default 1,000): only a backstop for a checkpointer that fell behind.
const AUTOCHECKPOINT_PAGES: u32 = 10_000;
/// A WAL file grown larger than this is cut back to it when SQLite starts it over.
const WAL_SIZE_LIMIT_BYTES: u64 = 64 * 1024 * 1024;

/// Checkpoints a SQLite database's write-ahead log on a connection of its own, so that no
/// request pays for it. By default SQLite checkpoints in the connection that commits the
/// transaction which takes the log past 1,000 pages: that commit then copies the log into the
/// database file and syncs both to disk (tens of milliseconds on a large file), and in a busy
/// register office it is a register lookup's audit record once every couple of hundred lookups.
/// Checkpoints are `PASSIVE`: they never wait for or block readers and writers. Commits are as
/// durable as before: each one is in the log before it returns (`synchronous = NORMAL`), and a
/// log that was not checkpointed is replayed when the database is next opened.
struct Checkpointer {
    stop: watch::Sender<bool>,
    task: Mutex<Option<JoinHandle<()>>>,
}

impl Checkpointer {
    async fn start(url: &str) -> Result<Checkpointer, StoreError> {
        let mut connection = AnyConnection::connect(url).await?;
        let (stop, mut stopped) = watch::channel(false);
        let task = tokio::spawn(async move {
            let mut failures = 0u32;
            loop {
                tokio::select! {
                    () = tokio::time::sleep(CHECKPOINT_INTERVAL) => {}
                    // A stop signal, or the store's last clone gone.
                    _ = stopped.changed() => break,
                }
                match sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
                    .execute(&mut connection)
                    .await
                {
                    Ok(_) => failures = 0,
                    Err(error) => {
                        // The backstop (`wal_autocheckpoint`) keeps the log bounded meanwhile.
                        failures += 1;
                        if failures == 1 || failures.is_power_of_two() {
                            tracing::warn!(%error, failures, "WAL checkpoint failed");
                        }
                    }
                }
            }
            let _ = connection.close().await;
        });
        Ok(Checkpointer {
            stop,
            task: Mutex::new(Some(task)),
        })
    }

    async fn shut_down(&self) {
        let _ = self.stop.send(true);
        let task = self.task.lock().map(|mut t| t.take()).unwrap_or(None);
        if let Some(task) = task {
            let _ = task.await;
        }
    }
}

const SQLITE_MIGRATIONS: &[(i64, &str, &str)] = &[
    (
        1,
        "initial",
        include_str!("../migrations/sqlite/0001_initial.sql"),
    ),
    (
        2,
        "match keys",
        include_str!("../migrations/sqlite/0002_match_keys.sql"),
    ),
    (
        3,
        "certificate documents",
        include_str!("../migrations/sqlite/0003_certificate_documents.sql"),
    ),
    (
        4,
        "match keys for joined names",
        include_str!("../migrations/sqlite/0004_match_keys_joined.sql"),
    ),
    (
        5,
        "audit chain",
        include_str!("../migrations/sqlite/0005_audit_chain.sql"),
    ),
    (
        6,
        "staff accounts and sessions",
        include_str!("../migrations/sqlite/0006_staff.sql"),
    ),
    (
        7,
        "four-eyes change requests",
        include_str!("../migrations/sqlite/0007_change_requests.sql"),
    ),
    (
        8,
        "review settlements",
        include_str!("../migrations/sqlite/0008_review_settlements.sql"),
    ),
    (
        9,
        "office views: trail by subject, applications by issuing office",
        include_str!("../migrations/sqlite/0009_office_views.sql"),
    ),
    (
        10,
        "compact child data beside the match keys",
        include_str!("../migrations/sqlite/0010_match_children.sql"),
    ),
    (
        11,
        "prenatal notifications",
        include_str!("../migrations/sqlite/0011_prenatal.sql"),
    ),
    (
        12,
        "match keys for pairs of name codes",
        include_str!("../migrations/sqlite/0012_match_pair_keys.sql"),
    ),
    (
        13,
        "citizen portal: place search, logins, sessions, owned applications",
        include_str!("../migrations/sqlite/0013_citizens.sql"),
    ),
    (
        14,
        "federation: message ids seen, against replay",
        include_str!("../migrations/sqlite/0014_federation_messages.sql"),
    ),
    (
        15,
        "federation: review at the register office's node, retry backoff",
        include_str!("../migrations/sqlite/0015_reviews_at_nodes.sql"),
    ),
    (
        16,
        "federation: outbox of notifications for registers on nodes",
        include_str!("../migrations/sqlite/0016_entry_forwards.sql"),
    ),
];
const POSTGRES_MIGRATIONS: &[(i64, &str, &str)] = &[
    (
        1,
        "initial",
        include_str!("../migrations/postgres/0001_initial.sql"),
    ),
    (
        2,
        "match keys",
        include_str!("../migrations/postgres/0002_match_keys.sql"),
    ),
    (
        3,
        "certificate documents",
        include_str!("../migrations/postgres/0003_certificate_documents.sql"),
    ),
    (
        4,
        "match keys for joined names",
        include_str!("../migrations/postgres/0004_match_keys_joined.sql"),
    ),
    (
        5,
        "audit chain",
        include_str!("../migrations/postgres/0005_audit_chain.sql"),
    ),
    (
        6,
        "staff accounts and sessions",
        include_str!("../migrations/postgres/0006_staff.sql"),
    ),
    (
        7,
        "four-eyes change requests",
        include_str!("../migrations/postgres/0007_change_requests.sql"),
    ),
    (
        8,
        "review settlements",
        include_str!("../migrations/postgres/0008_review_settlements.sql"),
    ),
    (
        9,
        "office views: trail by subject, applications by issuing office",
        include_str!("../migrations/postgres/0009_office_views.sql"),
    ),
    (
        10,
        "compact child data beside the match keys",
        include_str!("../migrations/postgres/0010_match_children.sql"),
    ),
    (
        11,
        "prenatal notifications",
        include_str!("../migrations/postgres/0011_prenatal.sql"),
    ),
    (
        12,
        "match keys for pairs of name codes",
        include_str!("../migrations/postgres/0012_match_pair_keys.sql"),
    ),
    (
        13,
        "citizen portal: place search, logins, sessions, owned applications",
        include_str!("../migrations/postgres/0013_citizens.sql"),
    ),
    (
        14,
        "federation: message ids seen, against replay",
        include_str!("../migrations/postgres/0014_federation_messages.sql"),
    ),
    (
        15,
        "federation: review at the register office's node, retry backoff",
        include_str!("../migrations/postgres/0015_reviews_at_nodes.sql"),
    ),
    (
        16,
        "federation: outbox of notifications for registers on nodes",
        include_str!("../migrations/postgres/0016_entry_forwards.sql"),
    ),
];

/// How to connect: pool size, the page cache of each SQLite connection, and the audit key.
#[derive(Debug, Clone)]
pub struct ConnectOptions {
    pub max_connections: u32,
    /// Page cache per SQLite connection in MiB. SQLite's own default (2 MiB) makes every
    /// candidate search in a register of millions of entries read most of its pages from the
    /// operating system again; ignored on PostgreSQL, whose server owns its cache.
    pub sqlite_cache_mib: u32,
    /// How much of a SQLite database file each connection reads through memory mapping, in
    /// MiB (0: none, SQLite's default). Mapped pages are the operating system's page cache,
    /// shared by all connections and processes and warm from the first query of a new process;
    /// ignored on PostgreSQL.
    pub sqlite_mmap_mib: u32,
    /// The platform's secret audit key, with which every audit record is signed. There is no
    /// default: the program reads it from its key folder.
    pub audit_key: AuditKey,
}

impl ConnectOptions {
    pub fn new(max_connections: u32, audit_key: AuditKey) -> ConnectOptions {
        ConnectOptions {
            max_connections,
            sqlite_cache_mib: 64,
            sqlite_mmap_mib: 0,
            audit_key,
        }
    }
}

impl Store {
    /// Connects to `sqlite://PATH` or `postgres://…` and brings the schema up to date, signing
    /// audit records with the well-known [`AuditKey::insecure_test_key`]: for tests, benchmarks
    /// and tools that only read. The program connects with [`Store::connect_with`] and its key.
    pub async fn connect(url: &str, max_connections: u32) -> Result<Store, StoreError> {
        let options = ConnectOptions::new(max_connections, AuditKey::insecure_test_key());
        Store::connect_with(url, options).await
    }

    /// Connects with all options. With the platform's audit key it also checks that the key is
    /// the one the database's audit log was written with (registering it on first use), and
    /// signs records of earlier versions once.
    pub async fn connect_with(url: &str, options: ConnectOptions) -> Result<Store, StoreError> {
        install_default_drivers();
        let ConnectOptions {
            max_connections,
            sqlite_cache_mib,
            sqlite_mmap_mib,
            audit_key,
        } = options;
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            return Err(StoreError::UnsupportedUrl);
        };
        let mut options = AnyPoolOptions::new()
            .max_connections(max_connections.max(1))
            .acquire_timeout(Duration::from_secs(10));
        if backend == Backend::Sqlite {
            // A negative cache_size is in KiB.
            let pragmas = format!(
                "PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 10000; \
                 PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; \
                 PRAGMA wal_autocheckpoint = {AUTOCHECKPOINT_PAGES}; \
                 PRAGMA journal_size_limit = {WAL_SIZE_LIMIT_BYTES}; \
                 PRAGMA cache_size = -{}; PRAGMA mmap_size = {};",
                u64::from(sqlite_cache_mib.max(1)) * 1024,
                u64::from(sqlite_mmap_mib) * 1024 * 1024
            );
            // An embedded database's connections do not drop away: no ping before each use.
            options = options.test_before_acquire(false);
            options = options.after_connect(move |conn, _meta| {
                let pragmas = pragmas.clone();
                Box::pin(async move {
                    conn.execute(AssertSqlSafe(pragmas)).await?;
                    Ok(())
                })
            });
        }
        let pool = options.connect(url).await?;
        let mut store = Store {
            pool,
            backend,
            audit_key,
            checkpointer: None,
        };
        store.migrate().await?;
        store.backfill_match_keys().await?;
        store.backfill_place_keys().await?;
        store.prepare_audit_log().await?;
        // After the first connection has put the file in WAL mode. An in-memory database has
        // no log (and a second connection would open another database).
        if backend == Backend::Sqlite && !url.contains(":memory:") && !url.contains("mode=memory") {
            store.checkpointer = Some(Arc::new(Checkpointer::start(url).await?));
        }
        Ok(store)
    }

    /// Opens (creating if needed) an embedded SQLite database file, like [`Store::connect`]
    /// with the test audit key.
    pub async fn open_sqlite(path: &Path, max_connections: u32) -> Result<Store, StoreError> {
        let url = format!("sqlite://{}?mode=rwc", path.display());
        Store::connect(&url, max_connections).await
    }

    async fn migrate(&self) -> Result<(), StoreError> {
        let scripts = match self.backend {
            Backend::Sqlite => SQLITE_MIGRATIONS,
            Backend::Postgres => POSTGRES_MIGRATIONS,
        };
        let migrations = scripts
            .iter()
            .map(|(version, description, sql)| {
                Migration::new(
                    *version,
                    Cow::Borrowed(*description),
                    MigrationType::Simple,
                    AssertSqlSafe(*sql).into_sql_str(),
                    false,
                )
            })
            .collect();
        Migrator::with_migrations(migrations)
            .run(&self.pool)
            .await?;
        Ok(())
    }

    /// Starts a write transaction. SQLite takes the write lock at once, so that two writers
    /// queue on `busy_timeout` instead of failing when a read turns into a write.
    pub(crate) async fn begin(&self) -> Result<Transaction<'static, Any>, StoreError> {
        Ok(match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        })
    }

    /// Starts a read-only transaction that sees one snapshot of the database throughout, for
    /// checks that compare rows read by several statements.
    pub(crate) async fn begin_snapshot(&self) -> Result<Transaction<'static, Any>, StoreError> {
        Ok(match self.backend {
            // In WAL mode a read transaction sees the database as of its first read.
            Backend::Sqlite => self.pool.begin_with("BEGIN DEFERRED").await?,
            Backend::Postgres => {
                self.pool
                    .begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                    .await?
            }
        })
    }

    /// Whether the database answers (for `/readyz`).
    pub async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    /// Which backend this store runs on, for logs and health output.
    pub fn backend_name(&self) -> &'static str {
        match self.backend {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }

    pub async fn close(&self) {
        if let Some(checkpointer) = &self.checkpointer {
            checkpointer.shut_down().await;
        }
        self.pool.close().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn each_sqlite_connection_gets_the_configured_cache_and_mapping() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!(
            "sqlite://{}?mode=rwc",
            dir.path().join("db.sqlite").display()
        );
        let mut options = ConnectOptions::new(2, AuditKey::insecure_test_key());
        options.sqlite_cache_mib = 32;
        options.sqlite_mmap_mib = 8;
        let store = Store::connect_with(&url, options).await.unwrap();
        let mut first = store.pool.acquire().await.unwrap();
        let mut second = store.pool.acquire().await.unwrap();
        for connection in [&mut first, &mut second] {
            let mmap: i64 = sqlx::query_scalar("PRAGMA mmap_size")
                .fetch_one(&mut **connection)
                .await
                .unwrap();
            assert_eq!(mmap, 8 * 1024 * 1024);
            let cache: i64 = sqlx::query_scalar("PRAGMA cache_size")
                .fetch_one(&mut **connection)
                .await
                .unwrap();
            assert_eq!(cache, -32 * 1024, "in KiB");
        }
        drop((first, second));
        store.close().await;
    }
}
