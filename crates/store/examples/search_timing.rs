//! How long the candidate search statement takes through the product's driver, on a kept
//! SQLite register (one from `sorgeregister eval matching --use-configured-database`): the
//! same statement as every lookup, for random entries' own names and dates, once to warm the
//! cache and once measured. Reads only. Prints the statement's query plan first.
//!
//! ```sh
//! cargo run --release -p store --example search_timing -- /tmp/r5m/r5m.sqlite ja-11000 3000
//! ```
//!
//! `tools/search_ab.py` times the same statement through Python's `sqlite3`, so that the two
//! together tell the statement's own cost from the driver's. It also times `SELECT 1` on the
//! same connection (the driver's cost for a statement that does nothing). Switches, each for
//! one question:
//!
//! - `ONE_ROW=1`: the rows folded into one JSON row (does handing back each row cost?);
//! - `UNPREPARED=1`: the statement prepared anew each time (does the statement cache work?);
//! - `BYTECODE=1`: print SQLite's program for the statement and stop;
//! - `NATIVE=1`: measure through sqlx's SQLite driver itself instead of its `Any` layer;
//! - `RUSQLITE=1`, `RUSQLITE=blocking`: measure the statement called synchronously (the
//!   `rusqlite` binding) on this thread, or on tokio's blocking pool.

use std::time::{Duration, Instant};

use domain::OfficeId;
use domain::application::ChildIdentity;
use domain::matching::{MatchPolicy, Prepared, retrieval};
use sqlx::any::AnyPoolOptions;
use sqlx::{AssertSqlSafe, Connection, Executor, Row};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Failure> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [path, office, n] = args.as_slice() else {
        eprintln!("usage: search_timing FILE.sqlite OFFICE QUERIES");
        std::process::exit(2);
    };
    let n: i64 = n.parse()?;
    let office = OfficeId::parse(office).map_err(|_| "not an office id")?;
    sqlx::any::install_default_drivers();
    let pool = AnyPoolOptions::new()
        .max_connections(1)
        .after_connect(|conn, _| {
            Box::pin(async move {
                conn.execute("PRAGMA cache_size = -1048576").await?;
                Ok(())
            })
        })
        .connect(&format!("sqlite://{path}?mode=ro"))
        .await?;

    let started = Instant::now();
    let rows = sqlx::query(
        "SELECT c.child FROM register_match_children c WHERE c.entry_id IN \
         (SELECT id FROM register_entries WHERE register_office_id = $1 ORDER BY random() LIMIT $2)",
    )
    .bind(office.as_str().to_owned())
    .bind(n)
    .fetch_all(&pool)
    .await?;
    let policy = MatchPolicy::default();
    let mut statements = Vec::with_capacity(rows.len());
    for row in &rows {
        let child: ChildIdentity = serde_json::from_str(&row.try_get::<String, _>("child")?)?;
        statements.push(store::search_sql(
            &office,
            &retrieval(&Prepared::new(&child), &policy),
        ));
    }
    eprintln!(
        "{} queries sampled in {:.1} s",
        statements.len(),
        started.elapsed().as_secs_f64()
    );
    let Some((first_sql, first_binds)) = statements.first() else {
        return Err("the office has no entries".into());
    };
    let mut explain = sqlx::query(AssertSqlSafe(format!("EXPLAIN QUERY PLAN {first_sql}")));
    for value in first_binds {
        explain = explain.bind(value.clone());
    }
    for row in explain.fetch_all(&pool).await? {
        println!("plan: {}", row.try_get::<String, _>("detail")?);
    }
    if std::env::var_os("BYTECODE").is_some() {
        let mut code = sqlx::query(AssertSqlSafe(format!("EXPLAIN {first_sql}")));
        for value in first_binds {
            code = code.bind(value.clone());
        }
        for row in code.fetch_all(&pool).await? {
            println!(
                "{:>4} {:<14} {:>4} {:>4} {:>4} {}",
                row.try_get::<i64, _>("addr")?,
                row.try_get::<String, _>("opcode")?,
                row.try_get::<i64, _>("p1")?,
                row.try_get::<i64, _>("p2")?,
                row.try_get::<i64, _>("p3")?,
                row.try_get::<Option<String>, _>("comment")?
                    .unwrap_or_default()
            );
        }
        return Ok(());
    }

    // One connection throughout, as a lookup holds one for its statements.
    let mut connection = pool.acquire().await?;
    // The driver's own cost: a statement that does nothing, as many times.
    let mut trivial: Vec<Duration> = Vec::with_capacity(statements.len());
    for _ in &statements {
        let lap = Instant::now();
        sqlx::query("SELECT 1").fetch_all(&mut *connection).await?;
        trivial.push(lap.elapsed());
    }
    trivial.sort();
    println!(
        "SELECT 1: p50 {:.3} ms, p99 {:.3} ms",
        trivial[trivial.len() / 2].as_secs_f64() * 1e3,
        trivial[trivial.len() * 99 / 100].as_secs_f64() * 1e3
    );

    let (label, times, found) = if std::env::var_os("NATIVE").is_some() {
        // The same statements through sqlx's SQLite driver itself, without the `Any` layer.
        let options = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(path)
            .read_only(true)
            .pragma("cache_size", "-1048576");
        let mut native = sqlx::SqliteConnection::connect_with(&options).await?;
        let (times, found) = measure(&statements, async |sql: &str, binds: &[String]| {
            let mut query = sqlx::query(AssertSqlSafe(sql.to_owned()));
            for value in binds {
                query = query.bind(value.clone());
            }
            Ok(query.fetch_all(&mut native).await?.len())
        })
        .await?;
        ("native SQLite driver", times, found)
    } else if let Some(how) = std::env::var_os("RUSQLITE") {
        // The same statements called synchronously through SQLite's C interface (the safe
        // `rusqlite` binding), on this thread or (`RUSQLITE=blocking`) on tokio's blocking
        // pool, one hand-off per statement.
        let blocking = how == "blocking";
        let connection = rusqlite::Connection::open_with_flags(
            path,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        connection.execute_batch("PRAGMA cache_size = -1048576")?;
        let connection = std::sync::Arc::new(std::sync::Mutex::new(connection));
        let (times, found) = measure(&statements, async |sql: &str, binds: &[String]| {
            let (connection, sql, binds) = (connection.clone(), sql.to_owned(), binds.to_vec());
            let search = move || {
                let connection = connection.lock().map_err(|_| "poisoned".to_owned())?;
                rusqlite_search(&connection, &sql, &binds).map_err(|e| e.to_string())
            };
            Ok(if blocking {
                tokio::task::spawn_blocking(search).await??
            } else {
                search()?
            })
        })
        .await?;
        let label = if blocking {
            "rusqlite (blocking pool)"
        } else {
            "rusqlite (this thread)"
        };
        (label, times, found)
    } else {
        let one_row = std::env::var_os("ONE_ROW").is_some();
        let persistent = std::env::var_os("UNPREPARED").is_none();
        let (times, found) = measure(&statements, async |sql: &str, binds: &[String]| {
            let sql = if one_row {
                format!(
                    "SELECT json_group_array(json_array(entry_id, child)) AS found FROM ({sql})"
                )
            } else {
                sql.to_owned()
            };
            let mut query = sqlx::query(AssertSqlSafe(sql)).persistent(persistent);
            for value in binds {
                query = query.bind(value.clone());
            }
            Ok(query.fetch_all(&mut *connection).await?.len())
        })
        .await?;
        ("sqlx Any (as the product)", times, found)
    };
    println!("{label}:");
    let at = |q: f64| {
        times[((times.len() as f64 * q).ceil() as usize).saturating_sub(1)].as_secs_f64() * 1e3
    };
    println!(
        "{} queries, rows per query {:.1}: p50 {:.3} ms, p90 {:.3} ms, p99 {:.3} ms, max {:.3} ms",
        times.len(),
        found as f64 / times.len() as f64,
        at(0.5),
        at(0.9),
        at(0.99),
        at(1.0)
    );
    Ok(())
}

type Failure = Box<dyn std::error::Error + Send + Sync>;

/// Runs every statement once to warm up and once measured; the measured times, sorted, and
/// the rows found.
async fn measure(
    statements: &[(String, Vec<String>)],
    mut run: impl AsyncFnMut(&str, &[String]) -> Result<usize, Failure>,
) -> Result<(Vec<Duration>, usize), Failure> {
    let mut times = Vec::with_capacity(statements.len());
    let mut found = 0;
    for measured in [false, true] {
        for (sql, binds) in statements {
            let lap = Instant::now();
            let rows = run(sql, binds).await?;
            if measured {
                times.push(lap.elapsed());
                found += rows;
            }
        }
    }
    times.sort();
    Ok((times, found))
}

/// The search through `rusqlite`, each row's two columns copied out as a caller would.
fn rusqlite_search(
    connection: &rusqlite::Connection,
    sql: &str,
    binds: &[String],
) -> rusqlite::Result<usize> {
    let mut statement = connection.prepare_cached(sql)?;
    let rows = statement
        .query_map(rusqlite::params_from_iter(binds), |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows.len())
}
