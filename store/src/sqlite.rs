//! The embedded default: one SQLite file in WAL mode. Writes go through a single connection
//! (SQLite has one writer anyway), reads through a small pool; a conversation's turns are
//! serialised by an in-process lock.

use async_trait::async_trait;
use frontdoor_core::conversation::{Conversation, Inbound, Message};
use frontdoor_core::ports::{
    EventRecord, FailureOutcome, Handoff, InboundReceipt, OutboxCounts, OutboxItem, OutboxStatus, RetryPolicy, Store,
    StoreError, TurnOutcome, TurnTx,
};
use frontdoor_core::types::{ChannelKind, ConversationId, MessageId, Timestamp};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::OwnedMutexGuard;

mod q {
    crate::ops::shared_ops!(sqlx::Sqlite);
}

type ConversationLocks = Arc<Mutex<HashMap<ConversationId, Arc<tokio::sync::Mutex<()>>>>>;

/// The SQLite store.
#[derive(Clone)]
pub struct SqliteStore {
    write: SqlitePool,
    read: SqlitePool,
    locks: ConversationLocks,
}

impl SqliteStore {
    /// Opens (creating if needed) the database file at `path` and migrates it.
    pub async fn open(path: &Path) -> Result<Self, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| StoreError::Backend(format!("creating {}: {e}", dir.display())))?;
        }
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .busy_timeout(Duration::from_secs(10))
            .foreign_keys(true);
        let write = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options.clone())
            .await
            .map_err(crate::db_err)?;
        sqlx::migrate!("./migrations/sqlite")
            .run(&write)
            .await
            .map_err(|e| StoreError::Backend(format!("migrating SQLite: {e}")))?;
        let read = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options.read_only(true))
            .await
            .map_err(crate::db_err)?;
        Ok(Self {
            write,
            read,
            locks: Arc::default(),
        })
    }

    async fn lock(&self, id: ConversationId) -> OwnedMutexGuard<()> {
        let mutex = {
            let mut locks = self.locks.lock().unwrap_or_else(|p| p.into_inner());
            if locks.len() > 4096 {
                locks.retain(|_, m| Arc::strong_count(m) > 1);
            }
            locks.entry(id).or_default().clone()
        };
        mutex.lock_owned().await
    }
}

struct SqliteTurn {
    _guard: OwnedMutexGuard<()>,
    write: SqlitePool,
    conversation: Conversation,
    inbound: Message,
    history: Vec<Message>,
}

#[async_trait]
impl TurnTx for SqliteTurn {
    fn conversation(&self) -> &Conversation {
        &self.conversation
    }
    fn inbound(&self) -> &Message {
        &self.inbound
    }
    fn history(&self) -> &[Message] {
        &self.history
    }
    async fn commit(self: Box<Self>, outcome: TurnOutcome, now: Timestamp) -> Result<(), StoreError> {
        let mut tx = self.write.begin().await.map_err(crate::db_err)?;
        q::apply_outcome(&mut tx, self.conversation.status, &self.inbound, &outcome, now).await?;
        tx.commit().await.map_err(crate::db_err)
    }
}

#[async_trait]
impl Store for SqliteStore {
    async fn record_inbound(&self, inbound: &Inbound) -> Result<InboundReceipt, StoreError> {
        let mut tx = self.write.begin().await.map_err(crate::db_err)?;
        let channel = inbound.from.channel();
        if let Some(pid) = &inbound.provider_id {
            if let Some((message_id, conversation_id)) = q::find_duplicate(&mut tx, channel, pid).await? {
                return Ok(InboundReceipt {
                    message_id,
                    conversation_id,
                    duplicate: true,
                });
            }
        }
        let conversation_id = q::open_conversation(&mut tx, &inbound.from, inbound.received_at).await?;
        let seq = q::next_seq(&mut tx, conversation_id).await?;
        let message_id = MessageId::new();
        q::insert_inbound(&mut tx, message_id, conversation_id, seq, inbound).await?;
        tx.commit().await.map_err(crate::db_err)?;
        Ok(InboundReceipt {
            message_id,
            conversation_id,
            duplicate: false,
        })
    }

    async fn conversations_since(&self, since: Timestamp, limit: u32) -> Result<Vec<Conversation>, StoreError> {
        q::conversations_since(&mut *self.read.acquire().await.map_err(crate::db_err)?, since, limit).await
    }

    async fn mark_processed(&self, message: MessageId) -> Result<bool, StoreError> {
        q::mark_processed(&mut *self.write.acquire().await.map_err(crate::db_err)?, message).await
    }

    async fn begin_turn(&self, id: ConversationId) -> Result<Option<Box<dyn TurnTx>>, StoreError> {
        let guard = self.lock(id).await;
        let mut conn = self.read.acquire().await.map_err(crate::db_err)?;
        let Some(conversation) = q::load_conversation(&mut conn, id, "").await? else {
            return Ok(None);
        };
        let Some((inbound, history)) = q::pending_with_history(&mut conn, id).await? else {
            return Ok(None);
        };
        Ok(Some(Box::new(SqliteTurn {
            _guard: guard,
            write: self.write.clone(),
            conversation,
            inbound,
            history,
        })))
    }

    async fn conversations_with_pending(&self, limit: u32) -> Result<Vec<ConversationId>, StoreError> {
        q::conversations_with_pending(&mut *self.read.acquire().await.map_err(crate::db_err)?, limit).await
    }

    async fn claim_outbox(
        &self,
        channels: &[ChannelKind],
        now: Timestamp,
        lease: Duration,
        limit: u32,
    ) -> Result<Vec<OutboxItem>, StoreError> {
        let mut tx = self.write.begin().await.map_err(crate::db_err)?;
        let items = q::claim_outbox(&mut tx, channels, now, lease, limit, "").await?;
        tx.commit().await.map_err(crate::db_err)?;
        Ok(items)
    }

    async fn complete_outbox(
        &self,
        item: &OutboxItem,
        provider_id: Option<&str>,
        now: Timestamp,
    ) -> Result<bool, StoreError> {
        q::complete_outbox(
            &mut *self.write.acquire().await.map_err(crate::db_err)?,
            item,
            provider_id,
            now,
        )
        .await
    }

    async fn fail_outbox(
        &self,
        item: &OutboxItem,
        error: &str,
        permanent: bool,
        retry_after: Option<Duration>,
        policy: &RetryPolicy,
        now: Timestamp,
    ) -> Result<FailureOutcome, StoreError> {
        let mut conn = self.write.acquire().await.map_err(crate::db_err)?;
        q::fail_outbox(&mut conn, item, error, permanent, retry_after, policy, now).await
    }

    async fn release_outbox(&self, items: &[OutboxItem]) -> Result<(), StoreError> {
        let mut tx = self.write.begin().await.map_err(crate::db_err)?;
        for item in items {
            q::release_outbox(&mut tx, item).await?;
        }
        tx.commit().await.map_err(crate::db_err)
    }

    async fn outbox_status(&self, message: MessageId) -> Result<Option<(OutboxStatus, u32)>, StoreError> {
        q::outbox_status(&mut *self.read.acquire().await.map_err(crate::db_err)?, message).await
    }

    async fn outbox_counts(&self) -> Result<OutboxCounts, StoreError> {
        q::outbox_counts(&mut *self.read.acquire().await.map_err(crate::db_err)?).await
    }

    async fn conversation(&self, id: ConversationId) -> Result<Option<Conversation>, StoreError> {
        q::load_conversation(&mut *self.read.acquire().await.map_err(crate::db_err)?, id, "").await
    }

    async fn handoff(&self, id: frontdoor_core::types::HandoffId) -> Result<Option<Handoff>, StoreError> {
        q::handoff(&mut *self.read.acquire().await.map_err(crate::db_err)?, id).await
    }

    async fn save_navigator(&self, navigator: &frontdoor_core::inbox::Navigator) -> Result<(), StoreError> {
        q::upsert_navigator(&mut *self.write.acquire().await.map_err(crate::db_err)?, navigator).await
    }

    async fn change_navigator(
        &self,
        id: frontdoor_core::inbox::NavigatorId,
        change: &frontdoor_core::inbox::NavigatorChange,
    ) -> Result<(), StoreError> {
        q::change_navigator(&mut *self.write.acquire().await.map_err(crate::db_err)?, id, change).await
    }

    async fn navigator_named(&self, username: &str) -> Result<Option<frontdoor_core::inbox::Navigator>, StoreError> {
        let found = q::navigators(
            &mut *self.read.acquire().await.map_err(crate::db_err)?,
            Some(username),
            None,
        )
        .await?;
        Ok(found.into_iter().next())
    }

    async fn navigator(
        &self,
        id: frontdoor_core::inbox::NavigatorId,
    ) -> Result<Option<frontdoor_core::inbox::Navigator>, StoreError> {
        let found = q::navigators(&mut *self.read.acquire().await.map_err(crate::db_err)?, None, Some(id)).await?;
        Ok(found.into_iter().next())
    }

    async fn navigators(&self) -> Result<Vec<frontdoor_core::inbox::Navigator>, StoreError> {
        q::navigators(&mut *self.read.acquire().await.map_err(crate::db_err)?, None, None).await
    }

    async fn create_session(&self, session: &frontdoor_core::inbox::NavigatorSession) -> Result<(), StoreError> {
        q::create_session(&mut *self.write.acquire().await.map_err(crate::db_err)?, session).await
    }

    async fn session(
        &self,
        token_hash: &str,
        now: Timestamp,
    ) -> Result<Option<frontdoor_core::inbox::NavigatorSession>, StoreError> {
        q::session(&mut *self.read.acquire().await.map_err(crate::db_err)?, token_hash, now).await
    }

    async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
        q::delete_session(&mut *self.write.acquire().await.map_err(crate::db_err)?, token_hash).await
    }

    async fn claim_handoff(
        &self,
        id: frontdoor_core::types::HandoffId,
        navigator: frontdoor_core::inbox::NavigatorId,
        now: Timestamp,
    ) -> Result<bool, StoreError> {
        q::claim_handoff(
            &mut *self.write.acquire().await.map_err(crate::db_err)?,
            id,
            navigator,
            now,
        )
        .await
    }

    async fn transfer_handoff(
        &self,
        id: frontdoor_core::types::HandoffId,
        from: frontdoor_core::inbox::NavigatorId,
        to: Option<frontdoor_core::inbox::NavigatorId>,
        now: Timestamp,
    ) -> Result<bool, StoreError> {
        q::transfer_handoff(
            &mut *self.write.acquire().await.map_err(crate::db_err)?,
            id,
            from,
            to,
            now,
        )
        .await
    }

    async fn navigator_reply(
        &self,
        handoff: frontdoor_core::types::HandoffId,
        navigator: frontdoor_core::inbox::NavigatorId,
        text: &str,
        now: Timestamp,
    ) -> Result<Option<MessageId>, StoreError> {
        let mut tx = self.write.begin().await.map_err(crate::db_err)?;
        let out = q::navigator_reply(&mut tx, handoff, navigator, text, now).await?;
        tx.commit().await.map_err(crate::db_err)?;
        Ok(out)
    }

    async fn finish_handoff(
        &self,
        id: frontdoor_core::types::HandoffId,
        navigator: frontdoor_core::inbox::NavigatorId,
        end: &frontdoor_core::inbox::HandoffEnd,
        now: Timestamp,
    ) -> Result<bool, StoreError> {
        let mut tx = self.write.begin().await.map_err(crate::db_err)?;
        let out = q::finish_handoff(&mut tx, id, navigator, end, now).await?;
        tx.commit().await.map_err(crate::db_err)?;
        Ok(out)
    }

    async fn assign_queued(
        &self,
        now: Timestamp,
        route: &frontdoor_core::inbox::Router,
    ) -> Result<Vec<(frontdoor_core::types::HandoffId, frontdoor_core::inbox::NavigatorId)>, StoreError> {
        let mut tx = self.write.begin().await.map_err(crate::db_err)?;
        let assigned = q::assign_queued(&mut tx, now, "", "", route).await?;
        tx.commit().await.map_err(crate::db_err)?;
        Ok(assigned)
    }

    async fn requeue_unanswered(
        &self,
        now: Timestamp,
        cutoff: Timestamp,
    ) -> Result<Vec<(frontdoor_core::types::HandoffId, frontdoor_core::inbox::NavigatorId)>, StoreError> {
        let mut tx = self.write.begin().await.map_err(crate::db_err)?;
        let requeued = q::requeue_unanswered(&mut tx, now, cutoff, "").await?;
        tx.commit().await.map_err(crate::db_err)?;
        Ok(requeued)
    }

    async fn purge_expired_sessions(&self, now: Timestamp) -> Result<u64, StoreError> {
        q::purge_expired_sessions(&mut *self.write.acquire().await.map_err(crate::db_err)?, now).await
    }

    async fn erase_closed_before(&self, cutoff: Timestamp) -> Result<u64, StoreError> {
        let mut tx = self.write.begin().await.map_err(crate::db_err)?;
        let erased = q::erase_closed_before(&mut tx, cutoff).await?;
        tx.commit().await.map_err(crate::db_err)?;
        Ok(erased)
    }

    async fn audit(&self, entry: &frontdoor_core::inbox::AuditEntry) -> Result<(), StoreError> {
        q::audit(&mut *self.write.acquire().await.map_err(crate::db_err)?, entry).await
    }

    async fn audit_log(&self, limit: u32) -> Result<Vec<frontdoor_core::inbox::AuditEntry>, StoreError> {
        q::audit_log(&mut *self.read.acquire().await.map_err(crate::db_err)?, limit).await
    }

    async fn latest_conversation(
        &self,
        address: &frontdoor_core::types::ChannelAddress,
    ) -> Result<Option<Conversation>, StoreError> {
        q::latest_conversation(&mut *self.read.acquire().await.map_err(crate::db_err)?, address).await
    }

    async fn messages(&self, id: ConversationId) -> Result<Vec<Message>, StoreError> {
        q::messages(&mut *self.read.acquire().await.map_err(crate::db_err)?, id).await
    }

    async fn events(&self, id: ConversationId) -> Result<Vec<EventRecord>, StoreError> {
        q::events(&mut *self.read.acquire().await.map_err(crate::db_err)?, id).await
    }

    async fn open_handoffs(&self) -> Result<Vec<Handoff>, StoreError> {
        q::open_handoffs(&mut *self.read.acquire().await.map_err(crate::db_err)?).await
    }

    async fn set_opted_out(
        &self,
        address: &frontdoor_core::types::ChannelAddress,
        opted_out: bool,
        why: &str,
        now: Timestamp,
    ) -> Result<bool, StoreError> {
        let mut tx = self.write.begin().await.map_err(crate::db_err)?;
        let changed = q::set_opted_out(&mut tx, address, opted_out, why, now).await?;
        tx.commit().await.map_err(crate::db_err)?;
        Ok(changed)
    }

    async fn is_opted_out(&self, address: &frontdoor_core::types::ChannelAddress) -> Result<bool, StoreError> {
        q::is_opted_out(&mut *self.read.acquire().await.map_err(crate::db_err)?, address).await
    }

    async fn record_delivery(
        &self,
        channel: ChannelKind,
        provider_id: &str,
        status: &str,
        error: Option<&str>,
    ) -> Result<bool, StoreError> {
        q::record_delivery(
            &mut *self.write.acquire().await.map_err(crate::db_err)?,
            channel,
            provider_id,
            status,
            error,
        )
        .await
    }

    async fn delivery(&self, message: MessageId) -> Result<Option<(String, Option<String>)>, StoreError> {
        q::delivery(&mut *self.read.acquire().await.map_err(crate::db_err)?, message).await
    }

    async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1")
            .execute(&self.read)
            .await
            .map_err(crate::db_err)?;
        Ok(())
    }
}

crate::sms_route_book!(SqliteStore, write, read);
