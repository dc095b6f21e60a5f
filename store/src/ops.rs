//! The SQL both backends share, written once and expanded for each sqlx database type.
//! Statements use `$N` parameters, which SQLite and PostgreSQL both accept.

/// Expands the shared queries for one sqlx database (`sqlx::Sqlite` or `sqlx::Postgres`).
macro_rules! shared_ops {
    ($Db:ty) => {
        use frontdoor_core::conversation::{Author, Conversation, ConversationStatus, Direction, Message, OutboundDraft};
        use frontdoor_core::event::Event;
        use frontdoor_core::ports::{
            EventRecord, FailureOutcome, Handoff, OutboxCounts, OutboxItem, OutboxStatus, RetryPolicy, StoreError,
            TurnOutcome,
        };
        use frontdoor_core::types::*;
        use sqlx::Row;
        use std::time::Duration;
        use crate::{corrupt, db_err};

        type Conn = <$Db as sqlx::Database>::Connection;
        type DbRow = <$Db as sqlx::Database>::Row;

        const CONVERSATION_COLUMNS: &str =
            "id, contact_id, channel, address, status, lang, state, started_at, updated_at";
        const MESSAGE_COLUMNS: &str =
            "id, conversation_id, seq, direction, author, body, choices, provider_id, created_at";

        fn parse<T: std::str::FromStr>(row: &DbRow, column: &str) -> Result<T, StoreError> {
            let raw: String = row.try_get(column).map_err(db_err)?;
            raw.parse().map_err(|_| corrupt(column))
        }

        fn parse_opt<T: std::str::FromStr>(row: &DbRow, column: &str) -> Result<Option<T>, StoreError> {
            let raw: Option<String> = row.try_get(column).map_err(db_err)?;
            raw.map(|r| r.parse().map_err(|_| corrupt(column))).transpose()
        }

        pub(crate) fn conversation_from_row(row: &DbRow) -> Result<Conversation, StoreError> {
            let channel: ChannelKind = parse(row, "channel")?;
            let address: String = row.try_get("address").map_err(db_err)?;
            let status: String = row.try_get("status").map_err(db_err)?;
            let state: String = row.try_get("state").map_err(db_err)?;
            Ok(Conversation {
                id: parse(row, "id")?,
                contact_id: parse(row, "contact_id")?,
                address: ChannelAddress::parse(channel, &address).map_err(|_| corrupt("address"))?,
                status: ConversationStatus::from_db(&status).ok_or_else(|| corrupt("status"))?,
                lang: parse_opt(row, "lang")?,
                state: serde_json::from_str(&state).map_err(|_| corrupt("state"))?,
                started_at: Timestamp(row.try_get("started_at").map_err(db_err)?),
                updated_at: Timestamp(row.try_get("updated_at").map_err(db_err)?),
            })
        }

        pub(crate) fn message_from_row(row: &DbRow) -> Result<Message, StoreError> {
            let direction: String = row.try_get("direction").map_err(db_err)?;
            let author: String = row.try_get("author").map_err(db_err)?;
            Ok(Message {
                id: parse(row, "id")?,
                conversation_id: parse(row, "conversation_id")?,
                seq: row.try_get("seq").map_err(db_err)?,
                direction: if direction == "in" { Direction::Inbound } else { Direction::Outbound },
                author: Author::from_db(&author).ok_or_else(|| corrupt("author"))?,
                text: row.try_get("body").map_err(db_err)?,
                provider_id: parse_opt(row, "provider_id")?,
                created_at: Timestamp(row.try_get("created_at").map_err(db_err)?),
            })
        }

        /// Finds or creates the contact and its open conversation; returns the conversation id.
        pub(crate) async fn open_conversation(
            conn: &mut Conn,
            from: &ChannelAddress,
            now: Timestamp,
        ) -> Result<ConversationId, StoreError> {
            let channel = from.channel().as_str();
            sqlx::query(
                "INSERT INTO contacts (id, channel, address, opted_out, created_at) VALUES ($1, $2, $3, 0, $4)
                 ON CONFLICT (channel, address) DO NOTHING",
            )
            .bind(ContactId::new().to_string())
            .bind(channel)
            .bind(from.address())
            .bind(now.0)
            .execute(&mut *conn)
            .await
            .map_err(db_err)?;
            let contact_id: String = sqlx::query_scalar("SELECT id FROM contacts WHERE channel = $1 AND address = $2")
                .bind(channel)
                .bind(from.address())
                .fetch_one(&mut *conn)
                .await
                .map_err(db_err)?;
            sqlx::query(
                "INSERT INTO conversations (id, contact_id, channel, address, status, lang, state, last_seq, started_at, updated_at)
                 VALUES ($1, $2, $3, $4, 'bot', NULL, 'null', 0, $5, $5)
                 ON CONFLICT (contact_id) WHERE status <> 'closed' DO NOTHING",
            )
            .bind(ConversationId::new().to_string())
            .bind(&contact_id)
            .bind(channel)
            .bind(from.address())
            .bind(now.0)
            .execute(&mut *conn)
            .await
            .map_err(db_err)?;
            let id: String =
                sqlx::query_scalar("SELECT id FROM conversations WHERE contact_id = $1 AND status <> 'closed'")
                    .bind(&contact_id)
                    .fetch_one(&mut *conn)
                    .await
                    .map_err(db_err)?;
            id.parse().map_err(|_| corrupt("conversations.id"))
        }

        /// The next sequence number of a conversation; the row update serialises writers.
        pub(crate) async fn next_seq(conn: &mut Conn, id: ConversationId) -> Result<i64, StoreError> {
            sqlx::query_scalar("UPDATE conversations SET last_seq = last_seq + 1 WHERE id = $1 RETURNING last_seq")
                .bind(id.to_string())
                .fetch_one(&mut *conn)
                .await
                .map_err(db_err)
        }

        /// The existing message for an inbound provider id, if any.
        pub(crate) async fn find_duplicate(
            conn: &mut Conn,
            channel: ChannelKind,
            provider_id: &ProviderMessageId,
        ) -> Result<Option<(MessageId, ConversationId)>, StoreError> {
            let row = sqlx::query(
                "SELECT id, conversation_id FROM messages WHERE channel = $1 AND provider_id = $2 AND direction = 'in'",
            )
            .bind(channel.as_str())
            .bind(provider_id.as_str())
            .fetch_optional(&mut *conn)
            .await
            .map_err(db_err)?;
            row.map(|r| Ok((parse(&r, "id")?, parse(&r, "conversation_id")?))).transpose()
        }

        /// Inserts an inbound message; returns false when its provider id was already stored.
        pub(crate) async fn insert_inbound(
            conn: &mut Conn,
            id: MessageId,
            conversation: ConversationId,
            seq: i64,
            inbound: &frontdoor_core::conversation::Inbound,
        ) -> Result<bool, StoreError> {
            let done = sqlx::query(
                "INSERT INTO messages (id, conversation_id, seq, direction, author, channel, body, choices, provider_id, processed, created_at)
                 VALUES ($1, $2, $3, 'in', 'person', $4, $5, NULL, $6, 0, $7)
                 ON CONFLICT (channel, provider_id) WHERE direction = 'in' AND provider_id IS NOT NULL DO NOTHING",
            )
            .bind(id.to_string())
            .bind(conversation.to_string())
            .bind(seq)
            .bind(inbound.from.channel().as_str())
            .bind(&inbound.text)
            .bind(inbound.provider_id.as_ref().map(|p| p.as_str().to_owned()))
            .bind(inbound.received_at.0)
            .execute(&mut *conn)
            .await
            .map_err(db_err)?;
            Ok(done.rows_affected() == 1)
        }

        pub(crate) async fn load_conversation(
            conn: &mut Conn,
            id: ConversationId,
            lock_clause: &str,
        ) -> Result<Option<Conversation>, StoreError> {
            let sql = format!("SELECT {CONVERSATION_COLUMNS} FROM conversations WHERE id = $1 {lock_clause}");
            let row = sqlx::query(&sql).bind(id.to_string()).fetch_optional(&mut *conn).await.map_err(db_err)?;
            row.as_ref().map(conversation_from_row).transpose()
        }

        /// The oldest unprocessed inbound message and up to 50 messages before it.
        pub(crate) async fn pending_with_history(
            conn: &mut Conn,
            id: ConversationId,
        ) -> Result<Option<(Message, Vec<Message>)>, StoreError> {
            let sql = format!(
                "SELECT {MESSAGE_COLUMNS} FROM messages WHERE conversation_id = $1 AND processed = 0 ORDER BY seq LIMIT 1"
            );
            let Some(row) = sqlx::query(&sql).bind(id.to_string()).fetch_optional(&mut *conn).await.map_err(db_err)?
            else {
                return Ok(None);
            };
            let inbound = message_from_row(&row)?;
            let sql = format!(
                "SELECT {MESSAGE_COLUMNS} FROM messages WHERE conversation_id = $1 AND seq < $2 ORDER BY seq DESC LIMIT 50"
            );
            let rows = sqlx::query(&sql)
                .bind(id.to_string())
                .bind(inbound.seq)
                .fetch_all(&mut *conn)
                .await
                .map_err(db_err)?;
            let mut history = rows.iter().map(message_from_row).collect::<Result<Vec<_>, _>>()?;
            history.reverse();
            Ok(Some((inbound, history)))
        }

        /// Writes a turn's outcome and marks its inbound message processed. Fails (changing
        /// nothing once the caller rolls back) if the message was processed meanwhile.
        pub(crate) async fn apply_outcome(
            conn: &mut Conn,
            read_status: ConversationStatus,
            inbound: &Message,
            outcome: &TurnOutcome,
            now: Timestamp,
        ) -> Result<(), StoreError> {
            let marked = sqlx::query("UPDATE messages SET processed = 1 WHERE id = $1 AND processed = 0")
                .bind(inbound.id.to_string())
                .execute(&mut *conn)
                .await
                .map_err(db_err)?;
            if marked.rows_affected() != 1 {
                return Err(StoreError::Backend("inbound message was already processed".into()));
            }
            let conv = &outcome.conversation;
            let state = serde_json::to_string(&conv.state).map_err(|_| corrupt("state"))?;
            // The status changes only if nobody else changed it during the turn: a navigator who
            // resolves or hands back while a (silent) turn runs must not be overwritten.
            sqlx::query(
                "UPDATE conversations SET status = CASE WHEN status = $6 THEN $1 ELSE status END,
                 lang = $2, state = $3, updated_at = $4 WHERE id = $5",
            )
                .bind(conv.status.as_str())
                .bind(conv.lang.as_ref().map(|l| l.as_str().to_owned()))
                .bind(state)
                .bind(now.0)
                .bind(conv.id.to_string())
                .bind(read_status.as_str())
                .execute(&mut *conn)
                .await
                .map_err(db_err)?;
            for reply in &outcome.replies {
                insert_outbound(conn, conv, reply, now).await?;
            }
            for event in &outcome.events {
                insert_event(conn, conv.id, event, now).await?;
            }
            if let Some(request) = &outcome.handoff {
                insert_handoff(conn, conv.id, request, now).await?;
            }
            Ok(())
        }

        /// Stores an outbound message and its outbox entry, due now.
        pub(crate) async fn insert_outbound(
            conn: &mut Conn,
            conv: &Conversation,
            reply: &OutboundDraft,
            now: Timestamp,
        ) -> Result<MessageId, StoreError> {
            let id = MessageId::new();
            let seq = next_seq(conn, conv.id).await?;
            let choices = if reply.choices.is_empty() {
                None
            } else {
                Some(serde_json::to_string(&reply.choices).map_err(|_| corrupt("choices"))?)
            };
            sqlx::query(
                "INSERT INTO messages (id, conversation_id, seq, direction, author, channel, body, choices, provider_id, processed, created_at)
                 VALUES ($1, $2, $3, 'out', $4, $5, $6, $7, NULL, 1, $8)",
            )
            .bind(id.to_string())
            .bind(conv.id.to_string())
            .bind(seq)
            .bind(reply.author.as_str())
            .bind(conv.channel().as_str())
            .bind(&reply.text)
            .bind(choices)
            .bind(now.0)
            .execute(&mut *conn)
            .await
            .map_err(db_err)?;
            sqlx::query(
                "INSERT INTO outbox (message_id, conversation_id, channel, recipient, status, attempts, next_attempt_at, created_at)
                 VALUES ($1, $2, $3, $4, 'pending', 0, $5, $5)",
            )
            .bind(id.to_string())
            .bind(conv.id.to_string())
            .bind(conv.channel().as_str())
            .bind(conv.address.address())
            .bind(now.0)
            .execute(&mut *conn)
            .await
            .map_err(db_err)?;
            Ok(id)
        }

        pub(crate) async fn insert_event(
            conn: &mut Conn,
            conversation: ConversationId,
            event: &Event,
            now: Timestamp,
        ) -> Result<(), StoreError> {
            let payload = serde_json::to_string(event).map_err(|_| corrupt("event"))?;
            sqlx::query("INSERT INTO events (conversation_id, kind, payload, at) VALUES ($1, $2, $3, $4)")
                .bind(conversation.to_string())
                .bind(event.kind())
                .bind(payload)
                .bind(now.0)
                .execute(&mut *conn)
                .await
                .map_err(db_err)?;
            Ok(())
        }

        /// Queues a handoff unless one is already open for the conversation; an urgent request
        /// raises an open one to urgent.
        pub(crate) async fn insert_handoff(
            conn: &mut Conn,
            conversation: ConversationId,
            request: &frontdoor_core::event::HandoffRequest,
            now: Timestamp,
        ) -> Result<(), StoreError> {
            let open: Option<String> = sqlx::query_scalar(
                "SELECT id FROM handoffs WHERE conversation_id = $1 AND status IN ('queued', 'assigned', 'active')",
            )
            .bind(conversation.to_string())
            .fetch_optional(&mut *conn)
            .await
            .map_err(db_err)?;
            if let Some(id) = open {
                if request.urgent {
                    sqlx::query("UPDATE handoffs SET urgent = 1, reason = $1, updated_at = $2 WHERE id = $3")
                        .bind(request.reason.as_str())
                        .bind(now.0)
                        .bind(id)
                        .execute(&mut *conn)
                        .await
                        .map_err(db_err)?;
                }
                return Ok(());
            }
            sqlx::query(
                "INSERT INTO handoffs (id, conversation_id, reason, urgent, status, need, lang, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, 'queued', $5, $6, $7, $7)",
            )
            .bind(HandoffId::new().to_string())
            .bind(conversation.to_string())
            .bind(request.reason.as_str())
            .bind(i64::from(request.urgent))
            .bind(request.need.map(|n| n.as_str()))
            .bind(request.lang.as_ref().map(|l| l.as_str().to_owned()))
            .bind(now.0)
            .execute(&mut *conn)
            .await
            .map_err(db_err)?;
            Ok(())
        }

        pub(crate) async fn conversations_with_pending(conn: &mut Conn, limit: u32) -> Result<Vec<ConversationId>, StoreError> {
            let rows: Vec<(String, i64)> = sqlx::query_as(
                "SELECT conversation_id, MIN(created_at) AS first FROM messages WHERE processed = 0
                 GROUP BY conversation_id ORDER BY first LIMIT $1",
            )
            .bind(i64::from(limit))
            .fetch_all(&mut *conn)
            .await
            .map_err(db_err)?;
            rows.into_iter().map(|(id, _)| id.parse().map_err(|_| corrupt("conversation_id"))).collect()
        }

        /// Claims due entries. `skip_locked` is PostgreSQL's `FOR UPDATE SKIP LOCKED` (empty
        /// on SQLite, whose single writer serialises claims).
        pub(crate) async fn claim_outbox(
            conn: &mut Conn,
            channels: &[ChannelKind],
            now: Timestamp,
            lease: Duration,
            limit: u32,
            skip_locked: &str,
        ) -> Result<Vec<OutboxItem>, StoreError> {
            if channels.is_empty() {
                return Ok(Vec::new());
            }
            let channel_list = channels.iter().map(|c| format!("'{}'", c.as_str())).collect::<Vec<_>>().join(",");
            // Opted-out recipients never receive a message: their pending replies are dead-lettered
            // (visible to navigators) instead of claimed.
            sqlx::query(
                "UPDATE outbox SET status = 'dead', last_error = 'recipient opted out'
                 WHERE status IN ('pending', 'sending') AND EXISTS (
                    SELECT 1 FROM contacts c
                    WHERE c.channel = outbox.channel AND c.address = outbox.recipient AND c.opted_out = 1)",
            )
            .execute(&mut *conn)
            .await
            .map_err(db_err)?;
            let token = uuid::Uuid::new_v4();
            let lease_until = now.plus_millis(i64::try_from(lease.as_millis()).unwrap_or(i64::MAX));
            let sql = format!(
                "UPDATE outbox SET status = 'sending', attempts = attempts + 1, lease_until = $1, lease_token = $2
                 WHERE message_id IN (
                    SELECT message_id FROM outbox
                    WHERE channel IN ({channel_list})
                      AND ((status = 'pending' AND next_attempt_at <= $3) OR (status = 'sending' AND lease_until <= $3))
                    ORDER BY next_attempt_at, created_at LIMIT $4 {skip_locked})
                 RETURNING message_id, conversation_id, channel, recipient, attempts"
            );
            let claimed = sqlx::query(&sql)
                .bind(lease_until.0)
                .bind(token.to_string())
                .bind(now.0)
                .bind(i64::from(limit))
                .fetch_all(&mut *conn)
                .await
                .map_err(db_err)?;
            let mut items = Vec::with_capacity(claimed.len());
            for row in &claimed {
                let message_id: MessageId = parse(row, "message_id")?;
                let channel: ChannelKind = parse(row, "channel")?;
                let recipient: String = row.try_get("recipient").map_err(db_err)?;
                let attempts: i64 = row.try_get("attempts").map_err(db_err)?;
                let msg = sqlx::query("SELECT seq, body, author, choices FROM messages WHERE id = $1")
                    .bind(message_id.to_string())
                    .fetch_one(&mut *conn)
                    .await
                    .map_err(db_err)?;
                let author: String = msg.try_get("author").map_err(db_err)?;
                let choices: Option<String> = msg.try_get("choices").map_err(db_err)?;
                let seq: i64 = msg.try_get("seq").map_err(db_err)?;
                items.push((seq, OutboxItem {
                    message_id,
                    conversation_id: parse(row, "conversation_id")?,
                    to: ChannelAddress::parse(channel, &recipient).map_err(|_| corrupt("recipient"))?,
                    draft: OutboundDraft {
                        text: msg.try_get("body").map_err(db_err)?,
                        choices: choices
                            .map(|c| serde_json::from_str(&c).map_err(|_| corrupt("choices")))
                            .transpose()?
                            .unwrap_or_default(),
                        author: Author::from_db(&author).ok_or_else(|| corrupt("author"))?,
                    },
                    attempt: u32::try_from(attempts).unwrap_or(u32::MAX),
                    lease_token: token,
                }));
            }
            // A conversation's replies go out in the order they were written.
            items.sort_by_key(|(seq, i)| (i.conversation_id, *seq));
            Ok(items.into_iter().map(|(_, i)| i).collect())
        }

        pub(crate) async fn complete_outbox(
            conn: &mut Conn,
            item: &OutboxItem,
            provider_id: Option<&str>,
            now: Timestamp,
        ) -> Result<bool, StoreError> {
            let done = sqlx::query(
                "UPDATE outbox SET status = 'sent', sent_at = $1, provider_id = $2, lease_until = NULL
                 WHERE message_id = $3 AND lease_token = $4 AND status = 'sending'",
            )
            .bind(now.0)
            .bind(provider_id)
            .bind(item.message_id.to_string())
            .bind(item.lease_token.to_string())
            .execute(&mut *conn)
            .await
            .map_err(db_err)?;
            Ok(done.rows_affected() == 1)
        }

        pub(crate) async fn fail_outbox(
            conn: &mut Conn,
            item: &OutboxItem,
            error: &str,
            permanent: bool,
            retry_after: Option<Duration>,
            policy: &RetryPolicy,
            now: Timestamp,
        ) -> Result<FailureOutcome, StoreError> {
            let dead = permanent || item.attempt >= policy.max_attempts;
            let delay = policy.delay_after(item.attempt, retry_after);
            let next = now.plus_millis(i64::try_from(delay.as_millis()).unwrap_or(i64::MAX));
            let error: String = error.chars().take(500).collect();
            let done = sqlx::query(
                "UPDATE outbox SET status = $1, next_attempt_at = $2, last_error = $3, lease_until = NULL
                 WHERE message_id = $4 AND lease_token = $5 AND status = 'sending'",
            )
            .bind(if dead { "dead" } else { "pending" })
            .bind(next.0)
            .bind(error)
            .bind(item.message_id.to_string())
            .bind(item.lease_token.to_string())
            .execute(&mut *conn)
            .await
            .map_err(db_err)?;
            Ok(match (done.rows_affected(), dead) {
                (0, _) => FailureOutcome::LeaseLost,
                (_, true) => FailureOutcome::Dead,
                (_, false) => FailureOutcome::Retrying { next_attempt_at: next },
            })
        }

        pub(crate) async fn release_outbox(conn: &mut Conn, item: &OutboxItem) -> Result<(), StoreError> {
            sqlx::query(
                "UPDATE outbox SET status = 'pending', attempts = attempts - 1, lease_until = NULL
                 WHERE message_id = $1 AND lease_token = $2 AND status = 'sending'",
            )
            .bind(item.message_id.to_string())
            .bind(item.lease_token.to_string())
            .execute(&mut *conn)
            .await
            .map_err(db_err)?;
            Ok(())
        }

        pub(crate) async fn outbox_status(
            conn: &mut Conn,
            message: MessageId,
        ) -> Result<Option<(OutboxStatus, u32)>, StoreError> {
            let row: Option<(String, i64)> = sqlx::query_as("SELECT status, attempts FROM outbox WHERE message_id = $1")
                .bind(message.to_string())
                .fetch_optional(&mut *conn)
                .await
                .map_err(db_err)?;
            row.map(|(s, a)| {
                Ok((OutboxStatus::from_db(&s).ok_or_else(|| corrupt("outbox.status"))?, u32::try_from(a).unwrap_or(0)))
            })
            .transpose()
        }

        pub(crate) async fn outbox_counts(conn: &mut Conn) -> Result<OutboxCounts, StoreError> {
            let rows: Vec<(String, i64)> = sqlx::query_as("SELECT status, COUNT(*) FROM outbox GROUP BY status")
                .fetch_all(&mut *conn)
                .await
                .map_err(db_err)?;
            let mut counts = OutboxCounts::default();
            for (status, n) in rows {
                match OutboxStatus::from_db(&status) {
                    Some(OutboxStatus::Pending) => counts.pending = n,
                    Some(OutboxStatus::Sending) => counts.sending = n,
                    Some(OutboxStatus::Sent) => counts.sent = n,
                    Some(OutboxStatus::Dead) => counts.dead = n,
                    None => return Err(corrupt("outbox.status")),
                }
            }
            Ok(counts)
        }

        pub(crate) async fn conversations_since(
            conn: &mut Conn,
            since: Timestamp,
            limit: u32,
        ) -> Result<Vec<Conversation>, StoreError> {
            let sql = format!(
                "SELECT {CONVERSATION_COLUMNS} FROM conversations WHERE started_at >= $1 ORDER BY started_at, id LIMIT $2"
            );
            let rows = sqlx::query(&sql).bind(since.0).bind(i64::from(limit)).fetch_all(&mut *conn).await.map_err(db_err)?;
            rows.iter().map(conversation_from_row).collect()
        }

        pub(crate) async fn latest_conversation(
            conn: &mut Conn,
            address: &ChannelAddress,
        ) -> Result<Option<Conversation>, StoreError> {
            let sql = format!(
                "SELECT {CONVERSATION_COLUMNS} FROM conversations WHERE channel = $1 AND address = $2
                 ORDER BY started_at DESC, id DESC LIMIT 1"
            );
            let row = sqlx::query(&sql)
                .bind(address.channel().as_str())
                .bind(address.address())
                .fetch_optional(&mut *conn)
                .await
                .map_err(db_err)?;
            row.as_ref().map(conversation_from_row).transpose()
        }

        pub(crate) async fn mark_processed(conn: &mut Conn, message: MessageId) -> Result<bool, StoreError> {
            let done = sqlx::query("UPDATE messages SET processed = 1 WHERE id = $1 AND direction = 'in' AND processed = 0")
                .bind(message.to_string())
                .execute(&mut *conn)
                .await
                .map_err(db_err)?;
            Ok(done.rows_affected() == 1)
        }

        pub(crate) async fn set_opted_out(
            conn: &mut Conn,
            address: &ChannelAddress,
            opted_out: bool,
            why: &str,
            now: Timestamp,
        ) -> Result<bool, StoreError> {
            let channel = address.channel().as_str();
            sqlx::query(
                "INSERT INTO contacts (id, channel, address, opted_out, created_at) VALUES ($1, $2, $3, 0, $4)
                 ON CONFLICT (channel, address) DO NOTHING",
            )
            .bind(ContactId::new().to_string())
            .bind(channel)
            .bind(address.address())
            .bind(now.0)
            .execute(&mut *conn)
            .await
            .map_err(db_err)?;
            let changed = sqlx::query(
                "UPDATE contacts SET opted_out = $1, opted_out_at = $2 WHERE channel = $3 AND address = $4 AND opted_out <> $1",
            )
            .bind(i64::from(opted_out))
            .bind(opted_out.then_some(now.0))
            .bind(channel)
            .bind(address.address())
            .execute(&mut *conn)
            .await
            .map_err(db_err)?
            .rows_affected()
                == 1;
            if changed {
                let kind = format!("{}:{why}", if opted_out { "opted_out" } else { "opted_in" });
                sqlx::query(
                    "INSERT INTO contact_events (contact_id, kind, at)
                     SELECT id, $1, $2 FROM contacts WHERE channel = $3 AND address = $4",
                )
                .bind(kind)
                .bind(now.0)
                .bind(channel)
                .bind(address.address())
                .execute(&mut *conn)
                .await
                .map_err(db_err)?;
            }
            Ok(changed)
        }

        pub(crate) async fn is_opted_out(conn: &mut Conn, address: &ChannelAddress) -> Result<bool, StoreError> {
            let flag: Option<i64> = sqlx::query_scalar("SELECT opted_out FROM contacts WHERE channel = $1 AND address = $2")
                .bind(address.channel().as_str())
                .bind(address.address())
                .fetch_optional(&mut *conn)
                .await
                .map_err(db_err)?;
            Ok(flag == Some(1))
        }

        pub(crate) async fn record_delivery(
            conn: &mut Conn,
            channel: ChannelKind,
            provider_id: &str,
            status: &str,
            error: Option<&str>,
        ) -> Result<bool, StoreError> {
            let done = sqlx::query(
                "UPDATE outbox SET delivery_status = $1, delivery_error = $2 WHERE channel = $3 AND provider_id = $4",
            )
            .bind(status)
            .bind(error)
            .bind(channel.as_str())
            .bind(provider_id)
            .execute(&mut *conn)
            .await
            .map_err(db_err)?;
            Ok(done.rows_affected() > 0)
        }

        pub(crate) async fn delivery(conn: &mut Conn, message: MessageId) -> Result<Option<(String, Option<String>)>, StoreError> {
            let row: Option<(Option<String>, Option<String>)> =
                sqlx::query_as("SELECT delivery_status, delivery_error FROM outbox WHERE message_id = $1")
                    .bind(message.to_string())
                    .fetch_optional(&mut *conn)
                    .await
                    .map_err(db_err)?;
            Ok(row.and_then(|(status, error)| status.map(|s| (s, error))))
        }

        pub(crate) async fn messages(conn: &mut Conn, id: ConversationId) -> Result<Vec<Message>, StoreError> {
            let sql = format!("SELECT {MESSAGE_COLUMNS} FROM messages WHERE conversation_id = $1 ORDER BY seq");
            let rows = sqlx::query(&sql).bind(id.to_string()).fetch_all(&mut *conn).await.map_err(db_err)?;
            rows.iter().map(message_from_row).collect()
        }

        pub(crate) async fn events(conn: &mut Conn, id: ConversationId) -> Result<Vec<EventRecord>, StoreError> {
            let rows: Vec<(String, i64)> =
                sqlx::query_as("SELECT payload, at FROM events WHERE conversation_id = $1 ORDER BY id")
                    .bind(id.to_string())
                    .fetch_all(&mut *conn)
                    .await
                    .map_err(db_err)?;
            rows.into_iter()
                .map(|(payload, at)| {
                    Ok(EventRecord {
                        conversation_id: id,
                        event: serde_json::from_str(&payload).map_err(|_| corrupt("events.payload"))?,
                        at: Timestamp(at),
                    })
                })
                .collect()
        }

        pub(crate) async fn open_handoffs(conn: &mut Conn) -> Result<Vec<Handoff>, StoreError> {
            let rows = sqlx::query(
                "SELECT id, conversation_id, reason, urgent, status, need, lang, created_at, navigator_id FROM handoffs
                 WHERE status IN ('queued', 'assigned', 'active') ORDER BY urgent DESC, created_at, id",
            )
            .fetch_all(&mut *conn)
            .await
            .map_err(db_err)?;
            rows.iter().map(handoff_from_row).collect()
        }

        fn handoff_from_row(row: &DbRow) -> Result<Handoff, StoreError> {
            let reason: String = row.try_get("reason").map_err(db_err)?;
            let urgent: i64 = row.try_get("urgent").map_err(db_err)?;
            Ok(Handoff {
                id: parse(row, "id")?,
                conversation_id: parse(row, "conversation_id")?,
                reason: frontdoor_core::event::HandoffReason::from_db(&reason).ok_or_else(|| corrupt("handoffs.reason"))?,
                urgent: urgent != 0,
                status: row.try_get("status").map_err(db_err)?,
                need: parse_opt(row, "need")?,
                lang: parse_opt(row, "lang")?,
                created_at: Timestamp(row.try_get("created_at").map_err(db_err)?),
                navigator_id: parse_opt(row, "navigator_id")?,
            })
        }

        // ------------------------------------------------------------------------------------
        // The navigator inbox

        pub(crate) async fn handoff(conn: &mut Conn, id: HandoffId) -> Result<Option<Handoff>, StoreError> {
            let row = sqlx::query(
                "SELECT id, conversation_id, reason, urgent, status, need, lang, created_at, navigator_id FROM handoffs WHERE id = $1",
            )
            .bind(id.to_string())
            .fetch_optional(&mut *conn)
            .await
            .map_err(db_err)?;
            row.as_ref().map(handoff_from_row).transpose()
        }

        const NAVIGATOR_COLUMNS: &str = "id, username, display_name, role, languages, needs, capacity, presence, disabled, password_hash, failed_logins, locked_until";

        fn navigator_from_row(row: &DbRow) -> Result<frontdoor_core::inbox::Navigator, StoreError> {
            use frontdoor_core::inbox::{Navigator, Presence, Role};
            let list = |column: &str| -> Result<Vec<String>, StoreError> {
                let raw: String = row.try_get(column).map_err(db_err)?;
                Ok(raw.split(',').filter(|s| !s.is_empty()).map(str::to_owned).collect())
            };
            let role: String = row.try_get("role").map_err(db_err)?;
            let presence: String = row.try_get("presence").map_err(db_err)?;
            let capacity: i64 = row.try_get("capacity").map_err(db_err)?;
            let disabled: i64 = row.try_get("disabled").map_err(db_err)?;
            let failed: i64 = row.try_get("failed_logins").map_err(db_err)?;
            let locked: Option<i64> = row.try_get("locked_until").map_err(db_err)?;
            Ok(Navigator {
                id: parse(row, "id")?,
                username: row.try_get("username").map_err(db_err)?,
                display_name: row.try_get("display_name").map_err(db_err)?,
                role: Role::parse(&role).ok_or_else(|| corrupt("navigators.role"))?,
                languages: list("languages")?.iter().filter_map(|l| LanguageTag::parse(l).ok()).collect(),
                needs: list("needs")?.iter().filter_map(|n| n.parse().ok()).collect(),
                capacity: capacity.max(0) as u32,
                presence: Presence::parse(&presence).ok_or_else(|| corrupt("navigators.presence"))?,
                disabled: disabled != 0,
                password_hash: row.try_get("password_hash").map_err(db_err)?,
                failed_logins: failed.max(0) as u32,
                locked_until: locked.map(Timestamp),
            })
        }

        pub(crate) async fn upsert_navigator(
            conn: &mut Conn,
            n: &frontdoor_core::inbox::Navigator,
        ) -> Result<(), StoreError> {
            let join = |items: Vec<String>| items.join(",");
            sqlx::query(
                "INSERT INTO navigators (id, username, display_name, role, languages, needs, capacity, presence, disabled, password_hash, failed_logins, locked_until)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
                 ON CONFLICT (id) DO UPDATE SET username = $2, display_name = $3, role = $4, languages = $5, needs = $6,
                   capacity = $7, presence = $8, disabled = $9, password_hash = $10, failed_logins = $11, locked_until = $12",
            )
            .bind(n.id.to_string())
            .bind(&n.username)
            .bind(&n.display_name)
            .bind(n.role.as_str())
            .bind(join(n.languages.iter().map(|l| l.as_str().to_owned()).collect()))
            .bind(join(n.needs.iter().map(|x| x.as_str().to_owned()).collect()))
            .bind(i64::from(n.capacity))
            .bind(n.presence.as_str())
            .bind(i64::from(n.disabled))
            .bind(&n.password_hash)
            .bind(i64::from(n.failed_logins))
            .bind(n.locked_until.map(|t| t.0))
            .execute(&mut *conn)
            .await
            .map_err(db_err)?;
            Ok(())
        }

        /// One change to a navigator's row, done in one statement so concurrent sign-ins cannot
        /// undercount failures and a presence change cannot undo a disable or a new password.
        pub(crate) async fn change_navigator(
            conn: &mut Conn,
            id: frontdoor_core::inbox::NavigatorId,
            change: &frontdoor_core::inbox::NavigatorChange,
        ) -> Result<(), StoreError> {
            use frontdoor_core::inbox::NavigatorChange;
            let query = match change {
                NavigatorChange::LoginFailed { max_failures, lock_until } => sqlx::query(
                    "UPDATE navigators SET
                       locked_until = CASE WHEN failed_logins + 1 >= $2 THEN $3 ELSE locked_until END,
                       failed_logins = CASE WHEN failed_logins + 1 >= $2 THEN 0 ELSE failed_logins + 1 END
                     WHERE id = $1",
                )
                .bind(id.to_string())
                .bind(i64::from(*max_failures))
                .bind(lock_until.0),
                NavigatorChange::LoginSucceeded => sqlx::query(
                    "UPDATE navigators SET failed_logins = 0, locked_until = NULL, presence = 'available' WHERE id = $1",
                )
                .bind(id.to_string()),
                NavigatorChange::Presence(p) => sqlx::query("UPDATE navigators SET presence = $2 WHERE id = $1")
                    .bind(id.to_string())
                    .bind(p.as_str()),
            };
            query.execute(&mut *conn).await.map_err(db_err)?;
            Ok(())
        }

        pub(crate) async fn navigators(
            conn: &mut Conn,
            username: Option<&str>,
            id: Option<frontdoor_core::inbox::NavigatorId>,
        ) -> Result<Vec<frontdoor_core::inbox::Navigator>, StoreError> {
            let sql = format!(
                "SELECT {NAVIGATOR_COLUMNS} FROM navigators WHERE ($1 IS NULL OR username = $1) AND ($2 IS NULL OR id = $2) ORDER BY username"
            );
            let rows = sqlx::query(&sql)
                .bind(username.map(str::to_owned))
                .bind(id.map(|i| i.to_string()))
                .fetch_all(&mut *conn)
                .await
                .map_err(db_err)?;
            rows.iter().map(navigator_from_row).collect()
        }

        pub(crate) async fn create_session(
            conn: &mut Conn,
            s: &frontdoor_core::inbox::NavigatorSession,
        ) -> Result<(), StoreError> {
            sqlx::query("INSERT INTO navigator_sessions (token_hash, navigator_id, csrf, expires_at) VALUES ($1, $2, $3, $4)")
                .bind(&s.token_hash)
                .bind(s.navigator_id.to_string())
                .bind(&s.csrf)
                .bind(s.expires_at.0)
                .execute(&mut *conn)
                .await
                .map_err(db_err)?;
            Ok(())
        }

        pub(crate) async fn session(
            conn: &mut Conn,
            token_hash: &str,
            now: Timestamp,
        ) -> Result<Option<frontdoor_core::inbox::NavigatorSession>, StoreError> {
            let row = sqlx::query(
                "SELECT token_hash, navigator_id, csrf, expires_at FROM navigator_sessions WHERE token_hash = $1 AND expires_at > $2",
            )
            .bind(token_hash)
            .bind(now.0)
            .fetch_optional(&mut *conn)
            .await
            .map_err(db_err)?;
            row.map(|row| {
                Ok(frontdoor_core::inbox::NavigatorSession {
                    token_hash: row.try_get("token_hash").map_err(db_err)?,
                    navigator_id: parse(&row, "navigator_id")?,
                    csrf: row.try_get("csrf").map_err(db_err)?,
                    expires_at: Timestamp(row.try_get("expires_at").map_err(db_err)?),
                })
            })
            .transpose()
        }

        pub(crate) async fn delete_session(conn: &mut Conn, token_hash: &str) -> Result<(), StoreError> {
            sqlx::query("DELETE FROM navigator_sessions WHERE token_hash = $1")
                .bind(token_hash)
                .execute(&mut *conn)
                .await
                .map_err(db_err)?;
            Ok(())
        }

        /// Takes a queued handoff for a navigator: one conditional update, so of two navigators
        /// (or two servers) claiming at once exactly one wins.
        pub(crate) async fn claim_handoff(
            conn: &mut Conn,
            id: HandoffId,
            navigator: frontdoor_core::inbox::NavigatorId,
            now: Timestamp,
        ) -> Result<bool, StoreError> {
            let done = sqlx::query(
                "UPDATE handoffs SET status = 'assigned', navigator_id = $1, updated_at = $2 WHERE id = $3 AND status = 'queued'",
            )
            .bind(navigator.to_string())
            .bind(now.0)
            .bind(id.to_string())
            .execute(&mut *conn)
            .await
            .map_err(db_err)?;
            Ok(done.rows_affected() == 1)
        }

        /// Gives an owned handoff to another navigator.
        pub(crate) async fn transfer_handoff(
            conn: &mut Conn,
            id: HandoffId,
            from: frontdoor_core::inbox::NavigatorId,
            to: Option<frontdoor_core::inbox::NavigatorId>,
            now: Timestamp,
        ) -> Result<bool, StoreError> {
            let status = if to.is_some() { "assigned" } else { "queued" };
            let done = sqlx::query(
                "UPDATE handoffs SET status = $1, navigator_id = $2, updated_at = $3
                 WHERE id = $4 AND navigator_id = $5 AND status IN ('assigned', 'active')",
            )
            .bind(status)
            .bind(to.map(|t| t.to_string()))
            .bind(now.0)
            .bind(id.to_string())
            .bind(from.to_string())
            .execute(&mut *conn)
            .await
            .map_err(db_err)?;
            Ok(done.rows_affected() == 1)
        }

        /// A navigator's reply: stored with its outbox entry, in the conversation's order; the
        /// handoff becomes active. Only the navigator who owns the handoff may reply.
        pub(crate) async fn navigator_reply(
            conn: &mut Conn,
            handoff: HandoffId,
            navigator: frontdoor_core::inbox::NavigatorId,
            text: &str,
            now: Timestamp,
        ) -> Result<Option<MessageId>, StoreError> {
            let owned = sqlx::query(
                "UPDATE handoffs SET status = 'active', updated_at = $1
                 WHERE id = $2 AND navigator_id = $3 AND status IN ('assigned', 'active')",
            )
            .bind(now.0)
            .bind(handoff.to_string())
            .bind(navigator.to_string())
            .execute(&mut *conn)
            .await
            .map_err(db_err)?;
            if owned.rows_affected() != 1 {
                return Ok(None);
            }
            let Some(h) = self::handoff(conn, handoff).await? else {
                return Ok(None);
            };
            let Some(conv) = load_conversation(conn, h.conversation_id, "").await? else {
                return Ok(None);
            };
            let draft = OutboundDraft {
                text: text.to_owned(),
                choices: Vec::new(),
                author: Author::Navigator,
            };
            insert_outbound(conn, &conv, &draft, now).await.map(Some)
        }

        /// Ends a navigator's part: resolved (the conversation closes, with the disposition as
        /// an event for the interaction record) or returned to the bot.
        pub(crate) async fn finish_handoff(
            conn: &mut Conn,
            id: HandoffId,
            navigator: frontdoor_core::inbox::NavigatorId,
            end: &frontdoor_core::inbox::HandoffEnd,
            now: Timestamp,
        ) -> Result<bool, StoreError> {
            use frontdoor_core::inbox::HandoffEnd;
            let (status, conversation_status, event) = match end {
                HandoffEnd::Resolved(needs) => ("resolved", "closed", Event::HandoffResolved { needs: needs.clone() }),
                HandoffEnd::Returned => ("returned", "bot", Event::HandoffReturned),
            };
            let done = sqlx::query(
                "UPDATE handoffs SET status = $1, updated_at = $2
                 WHERE id = $3 AND navigator_id = $4 AND status IN ('assigned', 'active')",
            )
            .bind(status)
            .bind(now.0)
            .bind(id.to_string())
            .bind(navigator.to_string())
            .execute(&mut *conn)
            .await
            .map_err(db_err)?;
            if done.rows_affected() != 1 {
                return Ok(false);
            }
            let Some(h) = self::handoff(conn, id).await? else {
                return Ok(false);
            };
            sqlx::query("UPDATE conversations SET status = $1, updated_at = $2 WHERE id = $3")
                .bind(conversation_status)
                .bind(now.0)
                .bind(h.conversation_id.to_string())
                .execute(&mut *conn)
                .await
                .map_err(db_err)?;
            insert_event(conn, h.conversation_id, &event, now).await?;
            Ok(true)
        }

        /// Assigns queued handoffs (crisis first, then longest wait) to navigators `route` picks,
        /// inside the caller's transaction, with an `assigned_automatically` audit entry each (in
        /// the same transaction: no assignment without its entry). On PostgreSQL `lock` is
        /// `FOR UPDATE SKIP LOCKED`, so servers assigning at once never take the same handoff,
        /// and the navigators' rows are locked so their load is counted once.
        pub(crate) async fn assign_queued(
            conn: &mut Conn,
            now: Timestamp,
            lock: &str,
            navigator_lock: &str,
            route: &frontdoor_core::inbox::Router,
        ) -> Result<Vec<(HandoffId, frontdoor_core::inbox::NavigatorId)>, StoreError> {
            let sql = format!(
                "SELECT {NAVIGATOR_COLUMNS} FROM navigators WHERE presence = 'available' AND disabled = 0
                 AND EXISTS (SELECT 1 FROM navigator_sessions s WHERE s.navigator_id = navigators.id AND s.expires_at > $1)
                 ORDER BY id {navigator_lock}"
            );
            let navigators: Vec<frontdoor_core::inbox::Navigator> = sqlx::query(&sql)
                .bind(now.0)
                .fetch_all(&mut *conn)
                .await
                .map_err(db_err)?
                .iter()
                .map(navigator_from_row)
                .collect::<Result<_, _>>()?;
            if navigators.is_empty() {
                return Ok(Vec::new());
            }
            let sql = format!(
                "SELECT id, conversation_id, reason, urgent, status, need, lang, created_at, navigator_id FROM handoffs
                 WHERE status = 'queued' ORDER BY urgent DESC, created_at, id LIMIT 500 {lock}"
            );
            let queued: Vec<Handoff> = sqlx::query(&sql)
                .fetch_all(&mut *conn)
                .await
                .map_err(db_err)?
                .iter()
                .map(handoff_from_row)
                .collect::<Result<_, _>>()?;
            let loads: Vec<(String, i64)> = sqlx::query_as(
                "SELECT navigator_id, COUNT(*) FROM handoffs WHERE status IN ('assigned', 'active') AND navigator_id IS NOT NULL GROUP BY navigator_id",
            )
            .fetch_all(&mut *conn)
            .await
            .map_err(db_err)?;
            let mut pool: Vec<(frontdoor_core::inbox::Navigator, u32)> = navigators
                .into_iter()
                .map(|n| {
                    let id = n.id.to_string();
                    let load = loads.iter().find(|(nid, _)| *nid == id).map(|(_, c)| *c).unwrap_or(0);
                    (n, load.max(0) as u32)
                })
                .collect();
            let mut assigned = Vec::new();
            for h in &queued {
                let Some(navigator) = route(h, &pool) else { continue };
                if claim_handoff(conn, h.id, navigator, now).await? {
                    if let Some(entry) = pool.iter_mut().find(|(n, _)| n.id == navigator) {
                        entry.1 += 1;
                    }
                    let entry = system_audit(now, navigator, "assigned_automatically", h.conversation_id, h.id);
                    audit(conn, &entry).await?;
                    assigned.push((h.id, navigator));
                }
            }
            Ok(assigned)
        }

        pub(crate) async fn purge_expired_sessions(conn: &mut Conn, now: Timestamp) -> Result<u64, StoreError> {
            let done = sqlx::query("DELETE FROM navigator_sessions WHERE expires_at <= $1")
                .bind(now.0)
                .execute(&mut *conn)
                .await
                .map_err(db_err)?;
            Ok(done.rows_affected())
        }

        /// Erases what was said in conversations closed before `cutoff`: message bodies and
        /// quick-reply choices, the outbox's recipients and errors, email subjects and the dialogue
        /// state. The anonymised events (needs, referrals, dispositions) stay for planners; the
        /// contact (and the conversation's address) stay so a STOP keeps holding. Returns how
        /// many messages were erased (0 when run again).
        pub(crate) async fn erase_closed_before(conn: &mut Conn, cutoff: Timestamp) -> Result<u64, StoreError> {
            const OLD: &str = "SELECT id FROM conversations WHERE status = 'closed' AND updated_at < $1";
            let messages = format!(
                "UPDATE messages SET body = '', choices = NULL WHERE body <> '' AND conversation_id IN ({OLD})"
            );
            let erased = sqlx::query(&messages)
                .bind(cutoff.0)
                .execute(&mut *conn)
                .await
                .map_err(db_err)?
                .rows_affected();
            for sql in [
                format!(
                    "UPDATE outbox SET recipient = '', last_error = NULL WHERE recipient <> ''
                     AND status NOT IN ('pending', 'sending') AND conversation_id IN ({OLD})"
                ),
                format!("UPDATE email_threads SET subject = NULL WHERE subject IS NOT NULL AND conversation_id IN ({OLD})"),
                "UPDATE conversations SET state = 'null' WHERE status = 'closed' AND updated_at < $1 AND state <> 'null'"
                    .to_owned(),
                // The number a person wrote to, once they have not written since the cutoff and
                // none of their SMS conversations is open or recent.
                "DELETE FROM sms_routes WHERE updated_at < $1 AND NOT EXISTS (
                     SELECT 1 FROM conversations c WHERE c.channel = 'sms' AND c.address = sms_routes.address
                     AND (c.status <> 'closed' OR c.updated_at >= $1))"
                    .to_owned(),
            ] {
                sqlx::query(&sql)
                    .bind(cutoff.0)
                    .execute(&mut *conn)
                    .await
                    .map_err(db_err)?;
            }
            Ok(erased)
        }

        /// Puts back in the queue the handoffs assigned before `cutoff` whose navigator has not
        /// answered (still `assigned`, not `active`), and marks those navigators away so routing
        /// does not hand the conversation straight back, each with a `requeued_unanswered` audit
        /// entry in the same transaction. `lock` as in [`assign_queued`].
        pub(crate) async fn requeue_unanswered(
            conn: &mut Conn,
            now: Timestamp,
            cutoff: Timestamp,
            lock: &str,
        ) -> Result<Vec<(HandoffId, frontdoor_core::inbox::NavigatorId)>, StoreError> {
            let sql = format!(
                "SELECT id, navigator_id, conversation_id FROM handoffs WHERE status = 'assigned' AND navigator_id IS NOT NULL
                 AND updated_at < $1 ORDER BY urgent DESC, created_at, id LIMIT 500 {lock}"
            );
            let stale: Vec<(String, String, String)> = sqlx::query_as(&sql)
                .bind(cutoff.0)
                .fetch_all(&mut *conn)
                .await
                .map_err(db_err)?;
            let mut requeued = Vec::new();
            for (id, navigator, conversation) in stale {
                let done = sqlx::query(
                    "UPDATE handoffs SET status = 'queued', navigator_id = NULL, updated_at = $1
                     WHERE id = $2 AND status = 'assigned' AND updated_at < $3",
                )
                .bind(now.0)
                .bind(&id)
                .bind(cutoff.0)
                .execute(&mut *conn)
                .await
                .map_err(db_err)?;
                if done.rows_affected() != 1 {
                    continue;
                }
                sqlx::query("UPDATE navigators SET presence = 'away' WHERE id = $1 AND presence = 'available'")
                    .bind(&navigator)
                    .execute(&mut *conn)
                    .await
                    .map_err(db_err)?;
                let (id, navigator) = (
                    id.parse().map_err(|_| corrupt("id"))?,
                    navigator.parse().map_err(|_| corrupt("navigator_id"))?,
                );
                let conversation = conversation.parse().map_err(|_| corrupt("conversation_id"))?;
                audit(conn, &system_audit(now, navigator, "requeued_unanswered", conversation, id)).await?;
                requeued.push((id, navigator));
            }
            Ok(requeued)
        }

        /// An audit entry for what the server did to a navigator's handoff on its own.
        fn system_audit(
            at: Timestamp,
            navigator: frontdoor_core::inbox::NavigatorId,
            action: &str,
            conversation: ConversationId,
            handoff: HandoffId,
        ) -> frontdoor_core::inbox::AuditEntry {
            frontdoor_core::inbox::AuditEntry {
                at,
                navigator_id: navigator,
                action: action.to_owned(),
                conversation_id: Some(conversation),
                handoff_id: Some(handoff),
            }
        }

        pub(crate) async fn audit(conn: &mut Conn, e: &frontdoor_core::inbox::AuditEntry) -> Result<(), StoreError> {
            sqlx::query(
                "INSERT INTO audit_log (at, navigator_id, action, conversation_id, handoff_id) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(e.at.0)
            .bind(e.navigator_id.to_string())
            .bind(&e.action)
            .bind(e.conversation_id.map(|c| c.to_string()))
            .bind(e.handoff_id.map(|h| h.to_string()))
            .execute(&mut *conn)
            .await
            .map_err(db_err)?;
            Ok(())
        }

        pub(crate) async fn audit_log(
            conn: &mut Conn,
            limit: u32,
        ) -> Result<Vec<frontdoor_core::inbox::AuditEntry>, StoreError> {
            let rows = sqlx::query(
                "SELECT at, navigator_id, action, conversation_id, handoff_id FROM audit_log ORDER BY id DESC LIMIT $1",
            )
            .bind(i64::from(limit))
            .fetch_all(&mut *conn)
            .await
            .map_err(db_err)?;
            rows.iter()
                .map(|row| {
                    Ok(frontdoor_core::inbox::AuditEntry {
                        at: Timestamp(row.try_get("at").map_err(db_err)?),
                        navigator_id: parse(row, "navigator_id")?,
                        action: row.try_get("action").map_err(db_err)?,
                        conversation_id: parse_opt(row, "conversation_id")?,
                        handoff_id: parse_opt(row, "handoff_id")?,
                    })
                })
                .collect()
        }
    };
}

pub(crate) use shared_ops;
