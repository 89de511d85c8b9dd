use thiserror::Error;

/// Everything the storage layer can report. The app layer maps these to its own errors.
#[derive(Debug, Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// A UNIQUE constraint refused the row; the text names the constraint or column.
    #[error("unique constraint violated: {0}")]
    Unique(String),
    /// The database cannot be reached right now (pool timeout, connection refused, closed pool).
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// A stored value does not parse: someone edited the database by hand.
    #[error("corrupt data: {0}")]
    Corrupt(String),
    #[error("configuration: {0}")]
    Config(String),
    #[error("database: {0}")]
    Db(sqlx::Error),
}

impl StoreError {
    /// Does this refuse a duplicate in the named column or constraint? Works for both backends:
    /// PostgreSQL names the constraint (`facilities_edrpou_key`), SQLite the column (`facilities.edrpou`).
    pub fn is_unique_on(&self, name: &str) -> bool {
        matches!(self, StoreError::Unique(what) if what.contains(name))
    }
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match &e {
            sqlx::Error::RowNotFound => StoreError::NotFound,
            sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => {
                StoreError::Unavailable(e.to_string())
            }
            // The server going away under a running statement: PostgreSQL says so with a
            // connection exception (class 08) or an operator intervention (57P01 shutting down,
            // 57P02 crash, 57P03 cannot connect now). A 503 like a refused connection, not a 500.
            sqlx::Error::Database(d)
                if d.code()
                    .is_some_and(|c| c.starts_with("08") || c.starts_with("57P")) =>
            {
                StoreError::Unavailable(e.to_string())
            }
            // The connection broke mid-conversation (the server closed it).
            sqlx::Error::Protocol(_) | sqlx::Error::WorkerCrashed => {
                StoreError::Unavailable(e.to_string())
            }
            sqlx::Error::Database(d) if d.is_unique_violation() => StoreError::Unique(
                d.constraint()
                    .map(str::to_owned)
                    .unwrap_or_else(|| d.message().to_owned()),
            ),
            _ => StoreError::Db(e),
        }
    }
}
