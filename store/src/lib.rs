//! Frontdoor's durable store: the [`frontdoor_core::ports::Store`] port on SQLite (the embedded
//! default, one WAL file in the data dir) and on PostgreSQL (several server instances sharing one
//! database), with embedded migrations.
//!
//! It holds contacts, conversations, messages (inbound de-duplicated on the provider's id), the
//! durable outbox (lease-based claims, exponential backoff, dead letters, lease tokens so a
//! sender whose lease expired cannot complete), handoffs and interaction events; and, through
//! [`SmsRouteBook`], which helpline number each SMS sender wrote to, so replies come from it
//! after a restart.
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
use frontdoor_core::types::{PhoneNumber, Timestamp};
use std::sync::Arc;

/// Where replies to an SMS sender come from: the account and the helpline number or Messaging
/// Service they last wrote to, kept across restarts. The values are the provider's identifiers as
/// text; the SMS channel parses them.
#[async_trait::async_trait]
pub trait SmsRouteBook: Send + Sync {
    /// Records (or replaces) the route for replies to `person`.
    async fn save_sms_route(
        &self,
        person: &PhoneNumber,
        account_sid: &str,
        sender: &str,
        now: Timestamp,
    ) -> Result<(), StoreError>;
    /// The route recorded for `person`: (account SID, sender).
    async fn sms_route(&self, person: &PhoneNumber) -> Result<Option<(String, String)>, StoreError>;
}

/// Implements [`SmsRouteBook`] for a store type, writing through its `$write` pool and reading
/// through its `$read` pool (the SQL is the same on both backends).
macro_rules! sms_route_book {
    ($store:ty, $write:ident, $read:ident) => {
        #[async_trait::async_trait]
        impl crate::SmsRouteBook for $store {
            async fn save_sms_route(
                &self,
                person: &frontdoor_core::types::PhoneNumber,
                account_sid: &str,
                sender: &str,
                now: frontdoor_core::types::Timestamp,
            ) -> Result<(), frontdoor_core::ports::StoreError> {
                sqlx::query(crate::SAVE_SMS_ROUTE)
                    .bind(person.as_str())
                    .bind(account_sid)
                    .bind(sender)
                    .bind(now.0)
                    .execute(&self.$write)
                    .await
                    .map_err(crate::db_err)?;
                Ok(())
            }

            async fn sms_route(
                &self,
                person: &frontdoor_core::types::PhoneNumber,
            ) -> Result<Option<(String, String)>, frontdoor_core::ports::StoreError> {
                sqlx::query_as(crate::SMS_ROUTE)
                    .bind(person.as_str())
                    .fetch_optional(&self.$read)
                    .await
                    .map_err(crate::db_err)
            }
        }
    };
}
pub(crate) use sms_route_book;

pub(crate) const SAVE_SMS_ROUTE: &str = "INSERT INTO sms_routes (address, account_sid, sender, updated_at) \
     VALUES ($1, $2, $3, $4) ON CONFLICT (address) DO UPDATE SET account_sid = excluded.account_sid, \
     sender = excluded.sender, updated_at = excluded.updated_at";
pub(crate) const SMS_ROUTE: &str = "SELECT account_sid, sender FROM sms_routes WHERE address = $1";

/// Opens the store a URL names, like [`connect`], and hands out the same store as the SMS route
/// book too.
pub async fn connect_with_sms_routes(url: &str) -> Result<(Arc<dyn Store>, Arc<dyn SmsRouteBook>), StoreError> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        let store = Arc::new(PgStore::connect(url).await?);
        Ok((store.clone(), store))
    } else if let Some(path) = url.strip_prefix("sqlite://") {
        let store = Arc::new(SqliteStore::open(std::path::Path::new(path)).await?);
        Ok((store.clone(), store))
    } else {
        Err(StoreError::Backend(
            "database URL must start with sqlite:// or postgres://".into(),
        ))
    }
}

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
