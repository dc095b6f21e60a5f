//! PostgreSQL, for several server instances sharing one database. A turn runs inside one
//! transaction that holds a transaction-level advisory lock on its conversation, so two
//! instances never process the same conversation at once; outbox claims use
//! `FOR UPDATE SKIP LOCKED`.

use async_trait::async_trait;
use frontdoor_core::conversation::{Conversation, Inbound, Message};
use frontdoor_core::ports::{
    EventRecord, FailureOutcome, Handoff, InboundReceipt, OutboxCounts, OutboxItem, OutboxStatus, RetryPolicy, Store,
    StoreError, TurnOutcome, TurnTx,
};
use frontdoor_core::types::{ChannelKind, ConversationId, MessageId, Timestamp};
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::{Postgres, Transaction};
use std::str::FromStr;
use std::time::Duration;

mod q {
    crate::ops::shared_ops!(sqlx::Postgres);
}

/// The PostgreSQL store.
#[derive(Clone)]
pub struct PgStore {
    pool: PgPool,
}

impl PgStore {
    /// Connects to `url` and migrates the database.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        Self::connect_in_schema(url, None).await
    }

    /// Connects with `search_path` set to `schema` (created if missing): lets tests and
    /// several deployments share one database.
    pub async fn connect_in_schema(url: &str, schema: Option<&str>) -> Result<Self, StoreError> {
        let mut options = PgConnectOptions::from_str(url).map_err(crate::db_err)?;
        if let Some(schema) = schema {
            if !schema.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
                return Err(StoreError::Backend("schema names are letters, digits and _".into()));
            }
            let admin = PgPoolOptions::new()
                .max_connections(1)
                .connect_with(options.clone())
                .await
                .map_err(crate::db_err)?;
            sqlx::query(&format!("CREATE SCHEMA IF NOT EXISTS {schema}"))
                .execute(&admin)
                .await
                .map_err(crate::db_err)?;
            admin.close().await;
            options = options.options([("search_path", schema)]);
        }
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await
            .map_err(crate::db_err)?;
        sqlx::migrate!("./migrations/postgres")
            .run(&pool)
            .await
            .map_err(|e| StoreError::Backend(format!("migrating PostgreSQL: {e}")))?;
        Ok(Self { pool })
    }

    /// Closes the pool.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

struct PgTurn {
    tx: Transaction<'static, Postgres>,
    conversation: Conversation,
    inbound: Message,
    history: Vec<Message>,
}

#[async_trait]
impl TurnTx for PgTurn {
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
        let PgTurn {
            mut tx,
            inbound,
            conversation,
            ..
        } = *self;
        q::apply_outcome(&mut tx, conversation.status, &inbound, &outcome, now).await?;
        tx.commit().await.map_err(crate::db_err)
    }
}

#[async_trait]
impl Store for PgStore {
    async fn record_inbound(&self, inbound: &Inbound) -> Result<InboundReceipt, StoreError> {
        let channel = inbound.from.channel();
        let mut tx = self.pool.begin().await.map_err(crate::db_err)?;
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
        if !q::insert_inbound(&mut tx, message_id, conversation_id, seq, inbound).await? {
            // A concurrent delivery of the same provider id won the race.
            tx.rollback().await.map_err(crate::db_err)?;
            let pid = inbound
                .provider_id
                .as_ref()
                .ok_or_else(|| StoreError::Backend("lost insert".into()))?;
            let mut conn = self.pool.acquire().await.map_err(crate::db_err)?;
            let (message_id, conversation_id) = q::find_duplicate(&mut conn, channel, pid)
                .await?
                .ok_or_else(|| StoreError::Backend("duplicate vanished".into()))?;
            return Ok(InboundReceipt {
                message_id,
                conversation_id,
                duplicate: true,
            });
        }
        tx.commit().await.map_err(crate::db_err)?;
        Ok(InboundReceipt {
            message_id,
            conversation_id,
            duplicate: false,
        })
    }

    async fn conversations_since(&self, since: Timestamp, limit: u32) -> Result<Vec<Conversation>, StoreError> {
        q::conversations_since(&mut *self.pool.acquire().await.map_err(crate::db_err)?, since, limit).await
    }

    async fn mark_processed(&self, message: MessageId) -> Result<bool, StoreError> {
        q::mark_processed(&mut *self.pool.acquire().await.map_err(crate::db_err)?, message).await
    }

    async fn begin_turn(&self, id: ConversationId) -> Result<Option<Box<dyn TurnTx>>, StoreError> {
        let mut tx = self.pool.begin().await.map_err(crate::db_err)?;
        sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended($1, 211))")
            .bind(id.to_string())
            .execute(&mut *tx)
            .await
            .map_err(crate::db_err)?;
        let Some(conversation) = q::load_conversation(&mut tx, id, "").await? else {
            return Ok(None);
        };
        let Some((inbound, history)) = q::pending_with_history(&mut tx, id).await? else {
            return Ok(None);
        };
        Ok(Some(Box::new(PgTurn {
            tx,
            conversation,
            inbound,
            history,
        })))
    }

    async fn conversations_with_pending(&self, limit: u32) -> Result<Vec<ConversationId>, StoreError> {
        q::conversations_with_pending(&mut *self.pool.acquire().await.map_err(crate::db_err)?, limit).await
    }

    async fn claim_outbox(
        &self,
        channels: &[ChannelKind],
        now: Timestamp,
        lease: Duration,
        limit: u32,
    ) -> Result<Vec<OutboxItem>, StoreError> {
        let mut tx = self.pool.begin().await.map_err(crate::db_err)?;
        let items = q::claim_outbox(&mut tx, channels, now, lease, limit, "FOR UPDATE SKIP LOCKED").await?;
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
            &mut *self.pool.acquire().await.map_err(crate::db_err)?,
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
        let mut conn = self.pool.acquire().await.map_err(crate::db_err)?;
        q::fail_outbox(&mut conn, item, error, permanent, retry_after, policy, now).await
    }

    async fn release_outbox(&self, items: &[OutboxItem]) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await.map_err(crate::db_err)?;
        for item in items {
            q::release_outbox(&mut tx, item).await?;
        }
        tx.commit().await.map_err(crate::db_err)
    }

    async fn outbox_status(&self, message: MessageId) -> Result<Option<(OutboxStatus, u32)>, StoreError> {
        q::outbox_status(&mut *self.pool.acquire().await.map_err(crate::db_err)?, message).await
    }

    async fn outbox_counts(&self) -> Result<OutboxCounts, StoreError> {
        q::outbox_counts(&mut *self.pool.acquire().await.map_err(crate::db_err)?).await
    }

    async fn conversation(&self, id: ConversationId) -> Result<Option<Conversation>, StoreError> {
        q::load_conversation(&mut *self.pool.acquire().await.map_err(crate::db_err)?, id, "").await
    }

    async fn handoff(&self, id: frontdoor_core::types::HandoffId) -> Result<Option<Handoff>, StoreError> {
        q::handoff(&mut *self.pool.acquire().await.map_err(crate::db_err)?, id).await
    }

    async fn save_navigator(&self, navigator: &frontdoor_core::inbox::Navigator) -> Result<(), StoreError> {
        q::upsert_navigator(&mut *self.pool.acquire().await.map_err(crate::db_err)?, navigator).await
    }

    async fn change_navigator(
        &self,
        id: frontdoor_core::inbox::NavigatorId,
        change: &frontdoor_core::inbox::NavigatorChange,
    ) -> Result<(), StoreError> {
        q::change_navigator(&mut *self.pool.acquire().await.map_err(crate::db_err)?, id, change).await
    }

    async fn navigator_named(&self, username: &str) -> Result<Option<frontdoor_core::inbox::Navigator>, StoreError> {
        let found = q::navigators(
            &mut *self.pool.acquire().await.map_err(crate::db_err)?,
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
        let found = q::navigators(&mut *self.pool.acquire().await.map_err(crate::db_err)?, None, Some(id)).await?;
        Ok(found.into_iter().next())
    }

    async fn navigators(&self) -> Result<Vec<frontdoor_core::inbox::Navigator>, StoreError> {
        q::navigators(&mut *self.pool.acquire().await.map_err(crate::db_err)?, None, None).await
    }

    async fn create_session(&self, session: &frontdoor_core::inbox::NavigatorSession) -> Result<(), StoreError> {
        q::create_session(&mut *self.pool.acquire().await.map_err(crate::db_err)?, session).await
    }

    async fn session(
        &self,
        token_hash: &str,
        now: Timestamp,
    ) -> Result<Option<frontdoor_core::inbox::NavigatorSession>, StoreError> {
        q::session(&mut *self.pool.acquire().await.map_err(crate::db_err)?, token_hash, now).await
    }

    async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
        q::delete_session(&mut *self.pool.acquire().await.map_err(crate::db_err)?, token_hash).await
    }

    async fn claim_handoff(
        &self,
        id: frontdoor_core::types::HandoffId,
        navigator: frontdoor_core::inbox::NavigatorId,
        now: Timestamp,
    ) -> Result<bool, StoreError> {
        q::claim_handoff(
            &mut *self.pool.acquire().await.map_err(crate::db_err)?,
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
            &mut *self.pool.acquire().await.map_err(crate::db_err)?,
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
        let mut tx = self.pool.begin().await.map_err(crate::db_err)?;
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
        let mut tx = self.pool.begin().await.map_err(crate::db_err)?;
        let out = q::finish_handoff(&mut tx, id, navigator, end, now).await?;
        tx.commit().await.map_err(crate::db_err)?;
        Ok(out)
    }

    async fn assign_queued(
        &self,
        now: Timestamp,
        route: &frontdoor_core::inbox::Router,
    ) -> Result<Vec<(frontdoor_core::types::HandoffId, frontdoor_core::inbox::NavigatorId)>, StoreError> {
        let mut tx = self.pool.begin().await.map_err(crate::db_err)?;
        let assigned = q::assign_queued(&mut tx, now, "FOR UPDATE SKIP LOCKED", "FOR UPDATE", route).await?;
        tx.commit().await.map_err(crate::db_err)?;
        Ok(assigned)
    }

    async fn requeue_unanswered(
        &self,
        now: Timestamp,
        cutoff: Timestamp,
    ) -> Result<Vec<(frontdoor_core::types::HandoffId, frontdoor_core::inbox::NavigatorId)>, StoreError> {
        let mut tx = self.pool.begin().await.map_err(crate::db_err)?;
        let requeued = q::requeue_unanswered(&mut tx, now, cutoff, "FOR UPDATE SKIP LOCKED").await?;
        tx.commit().await.map_err(crate::db_err)?;
        Ok(requeued)
    }

    async fn purge_expired_sessions(&self, now: Timestamp) -> Result<u64, StoreError> {
        q::purge_expired_sessions(&mut *self.pool.acquire().await.map_err(crate::db_err)?, now).await
    }

    async fn erase_closed_before(&self, cutoff: Timestamp) -> Result<u64, StoreError> {
        let mut tx = self.pool.begin().await.map_err(crate::db_err)?;
        let erased = q::erase_closed_before(&mut tx, cutoff).await?;
        tx.commit().await.map_err(crate::db_err)?;
        Ok(erased)
    }

    async fn audit(&self, entry: &frontdoor_core::inbox::AuditEntry) -> Result<(), StoreError> {
        q::audit(&mut *self.pool.acquire().await.map_err(crate::db_err)?, entry).await
    }

    async fn audit_log(&self, limit: u32) -> Result<Vec<frontdoor_core::inbox::AuditEntry>, StoreError> {
        q::audit_log(&mut *self.pool.acquire().await.map_err(crate::db_err)?, limit).await
    }

    async fn latest_conversation(
        &self,
        address: &frontdoor_core::types::ChannelAddress,
    ) -> Result<Option<Conversation>, StoreError> {
        q::latest_conversation(&mut *self.pool.acquire().await.map_err(crate::db_err)?, address).await
    }

    async fn messages(&self, id: ConversationId) -> Result<Vec<Message>, StoreError> {
        q::messages(&mut *self.pool.acquire().await.map_err(crate::db_err)?, id).await
    }

    async fn events(&self, id: ConversationId) -> Result<Vec<EventRecord>, StoreError> {
        q::events(&mut *self.pool.acquire().await.map_err(crate::db_err)?, id).await
    }

    async fn open_handoffs(&self) -> Result<Vec<Handoff>, StoreError> {
        q::open_handoffs(&mut *self.pool.acquire().await.map_err(crate::db_err)?).await
    }

    async fn set_opted_out(
        &self,
        address: &frontdoor_core::types::ChannelAddress,
        opted_out: bool,
        why: &str,
        now: Timestamp,
    ) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin().await.map_err(crate::db_err)?;
        let changed = q::set_opted_out(&mut tx, address, opted_out, why, now).await?;
        tx.commit().await.map_err(crate::db_err)?;
        Ok(changed)
    }

    async fn is_opted_out(&self, address: &frontdoor_core::types::ChannelAddress) -> Result<bool, StoreError> {
        q::is_opted_out(&mut *self.pool.acquire().await.map_err(crate::db_err)?, address).await
    }

    async fn record_delivery(
        &self,
        channel: ChannelKind,
        provider_id: &str,
        status: &str,
        error: Option<&str>,
    ) -> Result<bool, StoreError> {
        q::record_delivery(
            &mut *self.pool.acquire().await.map_err(crate::db_err)?,
            channel,
            provider_id,
            status,
            error,
        )
        .await
    }

    async fn delivery(&self, message: MessageId) -> Result<Option<(String, Option<String>)>, StoreError> {
        q::delivery(&mut *self.pool.acquire().await.map_err(crate::db_err)?, message).await
    }

    async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1")
            .execute(&self.pool)
            .await
            .map_err(crate::db_err)?;
        Ok(())
    }
}

crate::sms_route_book!(PgStore, pool, pool);
