//! Frontdoor's durable store: the [`frontdoor_core::ports::Store`] port on SQLite (the embedded
//! default, one WAL file in the data dir) and on PostgreSQL (several server instances sharing one
//! database), with embedded migrations.
//!
//! It holds contacts, conversations, messages (inbound de-duplicated on the provider's id), the
//! durable outbox (lease-based claims, exponential backoff, dead letters, lease tokens so a
//! sender whose lease expired cannot complete), handoffs and interaction events.
//!
//! One conversation, one worker: [`Store::begin_turn`](frontdoor_core::ports::Store::begin_turn)
//! holds an in-process lock per conversation on SQLite, and a `SELECT ... FOR UPDATE` row lock
//! inside the turn's transaction on PostgreSQL.
//!
//! ```no_run
//! # async fn demo() -> Result<(), frontdoor_core::ports::StoreError> {
//! let store = frontdoor_store::connect("sqlite://frontdoor-data/frontdoor.db").await?;
//! store.ping().await?;
//! # Ok(()) }
//! ```
//!
//! What it leaves to others: what to say (the engine), when to send (the server's outbox
//! worker) and how (the channels).

pub mod email_threads;
mod ops;
mod postgres;
mod sqlite;

pub use email_threads::{EmailThreads, MailDirection, ThreadEntry};
pub use postgres::PgStore;
pub use sqlite::SqliteStore;

use frontdoor_core::ports::{Store, StoreError};
use std::sync::Arc;

/// Opens the store a URL names (`sqlite://PATH` or `postgres://...`), running migrations.
pub async fn connect(url: &str) -> Result<Arc<dyn Store>, StoreError> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Arc::new(PgStore::connect(url).await?))
    } else if let Some(path) = url.strip_prefix("sqlite://") {
        Ok(Arc::new(SqliteStore::open(std::path::Path::new(path)).await?))
    } else {
        Err(StoreError::Backend(
            "database URL must start with sqlite:// or postgres://".into(),
        ))
    }
}

/// Maps a database error without echoing bound values (they may be personal data).
pub(crate) fn db_err(e: sqlx::Error) -> StoreError {
    match e {
        sqlx::Error::RowNotFound => StoreError::NotFound("row".into()),
        sqlx::Error::Database(db) => StoreError::Backend(format!(
            "{} ({})",
            db.message(),
            db.code().map(|c| c.into_owned()).unwrap_or_default()
        )),
        other => StoreError::Backend(other.to_string()),
    }
}

/// A stored value that does not parse back into its domain type.
pub(crate) fn corrupt(column: &str) -> StoreError {
    StoreError::Corrupt(column.to_owned())
}
