//! Email threading records (migration `0003_email_threads`): each Message-ID received or sent,
//! the conversation it belongs to, its subject and References. The email sender reads the last
//! inbound one of a conversation to thread its reply; the intake records each message it stores.
//!
//! Kept apart from the [`Store`](frontdoor_core::ports::Store) port because only the email
//! channel needs it: [`EmailThreads::connect`] opens its own small pool on the same database,
//! after [`crate::connect`] has migrated it.

use crate::db_err;
use frontdoor_core::ports::StoreError;
use frontdoor_core::types::{ConversationId, Timestamp};
use sqlx::postgres::PgPoolOptions;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
use sqlx::{PgPool, SqlitePool};
use std::str::FromStr;
use std::time::Duration;

/// One threading record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThreadEntry {
    /// The Message-ID, without angle brackets.
    pub message_id: String,
    /// Its conversation.
    pub conversation_id: ConversationId,
    /// Its subject.
    pub subject: Option<String>,
    /// Its References, oldest first.
    pub references: Vec<String>,
}

/// Which way a message went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailDirection {
    /// From the person.
    Inbound,
    /// From the helpline.
    Outbound,
}

impl MailDirection {
    fn as_str(self) -> &'static str {
        match self {
            Self::Inbound => "in",
            Self::Outbound => "out",
        }
    }
}

/// Threading records on SQLite or PostgreSQL.
#[derive(Clone)]
pub enum EmailThreads {
    /// The embedded database.
    Sqlite(SqlitePool),
    /// A PostgreSQL database.
    Postgres(PgPool),
}

macro_rules! thread_ops {
    ($db:ty) => {
        pub(super) async fn record(
            pool: &sqlx::Pool<$db>,
            entry: &super::ThreadEntry,
            direction: &str,
            now: super::Timestamp,
        ) -> Result<(), super::StoreError> {
            sqlx::query(
                "INSERT INTO email_threads (message_id, conversation_id, direction, subject, refs, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (message_id) DO NOTHING",
            )
            .bind(&entry.message_id)
            .bind(entry.conversation_id.to_string())
            .bind(direction)
            .bind(entry.subject.as_deref())
            .bind(entry.references.join(" "))
            .bind(now.0)
            .execute(pool)
            .await
            .map_err(super::db_err)?;
            Ok(())
        }

        pub(super) async fn find(
            pool: &sqlx::Pool<$db>,
            sql: &str,
            key: &str,
        ) -> Result<Option<super::ThreadEntry>, super::StoreError> {
            use sqlx::Row;
            let row = sqlx::query(sql)
                .bind(key)
                .fetch_optional(pool)
                .await
                .map_err(super::db_err)?;
            let Some(row) = row else { return Ok(None) };
            let conversation: String = row.try_get("conversation_id").map_err(super::db_err)?;
            let refs: String = row.try_get("refs").map_err(super::db_err)?;
            Ok(Some(super::ThreadEntry {
                message_id: row.try_get("message_id").map_err(super::db_err)?,
                conversation_id: conversation
                    .parse()
                    .map_err(|_| crate::corrupt("email_threads.conversation_id"))?,
                subject: row.try_get("subject").map_err(super::db_err)?,
                references: refs.split_whitespace().map(str::to_owned).collect(),
            }))
        }
    };
}

mod lite {
    thread_ops!(sqlx::Sqlite);
}
mod pg {
    thread_ops!(sqlx::Postgres);
}

const BY_ID: &str = "SELECT message_id, conversation_id, subject, refs FROM email_threads WHERE message_id = $1";
const LAST_INBOUND: &str = "SELECT message_id, conversation_id, subject, refs FROM email_threads
     WHERE conversation_id = $1 AND direction = 'in' ORDER BY created_at DESC, message_id DESC LIMIT 1";

impl EmailThreads {
    /// Opens threading records on the database `url` names (already migrated by
    /// [`crate::connect`]).
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let options = sqlx::postgres::PgConnectOptions::from_str(url).map_err(db_err)?;
            let pool = PgPoolOptions::new()
                .max_connections(4)
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(options)
                .await
                .map_err(db_err)?;
            Ok(Self::Postgres(pool))
        } else if let Some(path) = url.strip_prefix("sqlite://") {
            let options = SqliteConnectOptions::new()
                .filename(path)
                .busy_timeout(Duration::from_secs(10))
                .foreign_keys(true);
            let pool = SqlitePoolOptions::new()
                .max_connections(1)
                .connect_with(options)
                .await
                .map_err(db_err)?;
            Ok(Self::Sqlite(pool))
        } else {
            Err(StoreError::Backend(
                "database URL must start with sqlite:// or postgres://".into(),
            ))
        }
    }

    /// Records a message's id, conversation, subject and References (once; repeats are ignored).
    pub async fn record(
        &self,
        entry: &ThreadEntry,
        direction: MailDirection,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        match self {
            Self::Sqlite(pool) => lite::record(pool, entry, direction.as_str(), now).await,
            Self::Postgres(pool) => pg::record(pool, entry, direction.as_str(), now).await,
        }
    }

    /// The conversation of the first of `message_ids` that is known.
    pub async fn conversation_of(&self, message_ids: &[String]) -> Result<Option<ConversationId>, StoreError> {
        for id in message_ids {
            let found = match self {
                Self::Sqlite(pool) => lite::find(pool, BY_ID, id).await?,
                Self::Postgres(pool) => pg::find(pool, BY_ID, id).await?,
            };
            if let Some(entry) = found {
                return Ok(Some(entry.conversation_id));
            }
        }
        Ok(None)
    }

    /// The latest message the person sent in a conversation: what a reply answers.
    pub async fn last_inbound(&self, conversation: ConversationId) -> Result<Option<ThreadEntry>, StoreError> {
        let key = conversation.to_string();
        match self {
            Self::Sqlite(pool) => lite::find(pool, LAST_INBOUND, &key).await,
            Self::Postgres(pool) => pg::find(pool, LAST_INBOUND, &key).await,
        }
    }

    /// Closes the person's open email conversation if its dialogue has ended (said goodbye) and
    /// nothing of theirs waits to be processed, so that their next new email starts a new
    /// conversation (the store opens one when none is open). Returns whether one was closed.
    pub async fn close_if_ended(&self, address: &str, now: Timestamp) -> Result<bool, StoreError> {
        let sql = "UPDATE conversations SET status = 'closed', updated_at = $2
             WHERE channel = 'email' AND address = $1 AND status = 'bot' AND state LIKE '%\"state\":\"closed\"%'
               AND NOT EXISTS (SELECT 1 FROM messages m
                               WHERE m.conversation_id = conversations.id AND m.direction = 'in' AND m.processed = 0)";
        let done = match self {
            Self::Sqlite(pool) => sqlx::query(sql)
                .bind(address)
                .bind(now.0)
                .execute(pool)
                .await
                .map_err(db_err)?
                .rows_affected(),
            Self::Postgres(pool) => sqlx::query(sql)
                .bind(address)
                .bind(now.0)
                .execute(pool)
                .await
                .map_err(db_err)?
                .rows_affected(),
        };
        Ok(done > 0)
    }
}
