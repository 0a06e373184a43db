//! Fresh, isolated stores for tests: a temporary SQLite file, or a new PostgreSQL database per
//! test when `TEST_DATABASE_URL` is set. Public so that every crate's tests use the same setup.

use sqlx::{AssertSqlSafe, Connection, Executor};
use std::path::PathBuf;

use crate::{Store, StoreError};

/// Which backends the test run covers: SQLite always, PostgreSQL when `TEST_DATABASE_URL` is
/// set (otherwise a message says the PostgreSQL half is skipped).
pub fn backends() -> Vec<&'static str> {
    if postgres_url().is_some() {
        vec!["sqlite", "postgres"]
    } else {
        eprintln!("TEST_DATABASE_URL is not set: PostgreSQL tests are skipped");
        vec!["sqlite"]
    }
}

pub fn postgres_url() -> Option<String> {
    std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.trim().is_empty())
}

/// A database URL for a new, empty database of `backend`. The SQLite file lives in `dir`.
pub async fn fresh_database_url(
    backend: &str,
    dir: &std::path::Path,
) -> Result<String, StoreError> {
    match backend {
        "postgres" => {
            let base = postgres_url().ok_or(StoreError::UnsupportedUrl)?;
            let name = format!("sr_test_{}", uuid::Uuid::new_v4().simple());
            let mut conn = sqlx::PgConnection::connect(&base).await?;
            conn.execute(AssertSqlSafe(format!("CREATE DATABASE {name}")))
                .await?;
            conn.close().await?;
            Ok(replace_database(&base, &name))
        }
        _ => {
            let path: PathBuf = dir.join("test.sqlite");
            Ok(format!("sqlite://{}?mode=rwc", path.display()))
        }
    }
}

/// A migrated store on a new, empty database.
pub async fn fresh_store(backend: &str, dir: &std::path::Path) -> Result<Store, StoreError> {
    let url = fresh_database_url(backend, dir).await?;
    Store::connect(&url, 4).await
}

fn replace_database(url: &str, name: &str) -> String {
    let (head, query) = match url.split_once('?') {
        Some((head, query)) => (head, Some(query)),
        None => (url, None),
    };
    let scheme_end = head.find("://").map(|i| i + 3).unwrap_or(0);
    let base = match head[scheme_end..].find('/') {
        Some(slash) => &head[..scheme_end + slash],
        None => head,
    };
    match query {
        Some(query) => format!("{base}/{name}?{query}"),
        None => format!("{base}/{name}"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn replaces_the_database_name() {
        assert_eq!(
            super::replace_database("postgres://u@h:5432/postgres", "x"),
            "postgres://u@h:5432/x"
        );
        assert_eq!(
            super::replace_database("postgres://h", "x"),
            "postgres://h/x"
        );
        assert_eq!(
            super::replace_database("postgres://h/db?sslmode=disable", "x"),
            "postgres://h/x?sslmode=disable"
        );
    }
}
