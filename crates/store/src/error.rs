//! The store's one error type.

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The configured database URL names no backend we support.
    #[error("unsupported database URL (expected sqlite:… or postgres://…)")]
    UnsupportedUrl,
    /// A row that must exist does not, or lies outside the caller's office scope.
    #[error("not found")]
    NotFound,
    /// A write lost against a concurrent one or an existing row.
    #[error("conflict: {0}")]
    Conflict(&'static str),
    /// A stored value could not be read back; the database was changed behind our back.
    #[error("stored data is unreadable: {0}")]
    Corrupt(String),
    /// The audit key is not the one the database's audit log was written with.
    #[error(
        "the audit key is not the key this database's audit log was written with (is audit.key \
         in the key folder the right one?)"
    )]
    AuditKeyMismatch,
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
}

impl From<serde_json::Error> for StoreError {
    fn from(value: serde_json::Error) -> Self {
        StoreError::Corrupt(value.to_string())
    }
}

/// An office id as stored; one that does not parse means the data are corrupt.
pub(crate) fn office_id(raw: String) -> Result<domain::OfficeId, StoreError> {
    domain::OfficeId::parse(&raw).map_err(|_| StoreError::Corrupt(raw))
}
