//! The email route, `POST /channels/email/inbound` (a raw `message/rfc822` body signed with
//! HMAC-SHA256), and what every inbound email goes through before the engine sees it: loop and
//! bulk detection (never answered, nothing stored), a per-sender rate limit (stored, not
//! answered), threading records, and "a new mail after the conversation ended starts a new one".
//! The protocol is in `frontdoor_channels::email`; this module stores, schedules and answers.

use crate::app::{raw_request, refuse, AppState};
use async_trait::async_trait;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use frontdoor_channels::email::{EmailInbound, EmailWebhook, ReplyContext, ReplyThreads};
use frontdoor_core::ports::OutboxItem;
use frontdoor_core::types::{ConversationId, Timestamp};
use frontdoor_store::{EmailThreads, MailDirection, ThreadEntry};
use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::{Arc, Mutex};

/// What the email route needs besides the app state.
#[derive(Clone)]
pub struct EmailState {
    /// Verifies webhook signatures; `None` when only a mailbox feeds the channel.
    pub webhook: Option<EmailWebhook>,
    /// Threading records.
    pub threads: EmailThreads,
    /// Per-sender answer budget.
    pub limiter: Arc<SenderRateLimit>,
    /// Largest accepted message, in bytes.
    pub max_bytes: usize,
    /// Conversations whose last message had attachments (the reply says they are not read).
    pub unread_attachments: Arc<Mutex<HashSet<ConversationId>>>,
}

/// At most `per_hour` answered messages per sender in any hour, remembered in memory.
#[derive(Debug)]
pub struct SenderRateLimit {
    per_hour: u32,
    seen: Mutex<HashMap<String, VecDeque<i64>>>,
}

const HOUR_MS: i64 = 3_600_000;
const RATE_LIMIT_SENDERS_CAP: usize = 100_000;

impl SenderRateLimit {
    /// A limit of `per_hour` messages per sender (0 disables it).
    pub fn new(per_hour: u32) -> Self {
        Self {
            per_hour,
            seen: Mutex::default(),
        }
    }

    /// Counts one message from `sender` at `now`; false when over the limit.
    pub fn allow(&self, sender: &str, now: Timestamp) -> bool {
        if self.per_hour == 0 {
            return true;
        }
        let mut seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
        if seen.len() >= RATE_LIMIT_SENDERS_CAP && !seen.contains_key(sender) {
            seen.retain(|_, times| times.back().is_some_and(|t| now.0 - t < HOUR_MS));
        }
        let times = seen.entry(sender.to_owned()).or_default();
        while times.front().is_some_and(|t| now.0 - t >= HOUR_MS) {
            times.pop_front();
        }
        if times.len() >= self.per_hour as usize {
            return false;
        }
        times.push_back(now.0);
        true
    }
}

/// What became of one inbound email.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intake {
    /// Stored and scheduled (or a duplicate of a stored one).
    Stored {
        /// The stored message.
        message: frontdoor_core::types::MessageId,
        /// Its conversation.
        conversation: ConversationId,
        /// Already stored before.
        duplicate: bool,
    },
    /// An auto-reply, bounce or bulk mail: neither stored nor answered.
    Ignored(&'static str),
}

/// The raw-MIME webhook.
pub async fn inbound(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let Some(email) = state.email.clone() else {
        return (StatusCode::NOT_FOUND, "the email channel is not configured").into_response();
    };
    let Some(webhook) = &email.webhook else {
        return (StatusCode::NOT_FOUND, "the email webhook is not configured").into_response();
    };
    if body.len() > email.max_bytes {
        tracing::warn!(
            channel = "email",
            bytes = body.len(),
            "inbound email over the size limit"
        );
        return (StatusCode::PAYLOAD_TOO_LARGE, "message too large").into_response();
    }
    let raw = raw_request(&headers, body);
    let message = match webhook.parse(&raw, state.clock.now()) {
        Ok(message) => message,
        Err(rejection) => return refuse(&state, "email", &rejection),
    };
    match accept(&state, &email, message).await {
        Ok(Intake::Stored {
            message,
            conversation,
            duplicate,
        }) => {
            let status = if duplicate {
                StatusCode::OK
            } else {
                StatusCode::ACCEPTED
            };
            let body =
                serde_json::json!({"message_id": message, "conversation_id": conversation, "duplicate": duplicate});
            (status, Json(body)).into_response()
        }
        Ok(Intake::Ignored(why)) => (StatusCode::OK, Json(serde_json::json!({"ignored": why}))).into_response(),
        Err(response) => response,
    }
}

/// Takes one authenticated inbound email (from the webhook or a mailbox) through loop
/// detection, threading, storage and scheduling. `Err` is the 503 to answer when the store
/// failed (the provider or the mailbox poller retries).
pub async fn accept(state: &AppState, email: &EmailState, message: EmailInbound) -> Result<Intake, Response> {
    if let Some(kind) = message.automated {
        tracing::info!(channel = "email", kind = kind.as_str(), "automated email not answered");
        return Ok(Intake::Ignored(kind.as_str()));
    }
    let now = state.clock.now();
    let keys = frontdoor_channels::email::thread::thread_keys(&message.email);
    let known_thread = email.threads.conversation_of(&keys).await.ok().flatten();
    if known_thread.is_none() {
        match email.threads.close_if_ended(message.inbound.from.address(), now).await {
            Ok(true) => tracing::info!(
                channel = "email",
                "new email after an ended conversation: starting anew"
            ),
            Ok(false) => {}
            Err(e) => tracing::warn!(channel = "email", error = %e, "could not check for an ended conversation"),
        }
    }
    let receipt = crate::app::store_inbound(state, "email", &message.inbound).await?;
    let entry = ThreadEntry {
        message_id: message
            .inbound
            .provider_id
            .as_ref()
            .map(|p| p.as_str().to_owned())
            .unwrap_or_default(),
        conversation_id: receipt.conversation_id,
        subject: message.email.subject.clone(),
        references: message.email.references.clone(),
    };
    if let Err(e) = email.threads.record(&entry, MailDirection::Inbound, now).await {
        tracing::warn!(channel = "email", error = %e, "could not record an email's thread");
    }
    if message.email.attachments > 0 {
        tracing::info!(channel = "email", message = %receipt.message_id, attachments = message.email.attachments, "inbound has attachments (not read)");
        lock(&email.unread_attachments).insert(receipt.conversation_id);
    }
    if !receipt.duplicate {
        if email.limiter.allow(message.inbound.from.address(), now) {
            state.processor.schedule(receipt.conversation_id);
        } else {
            tracing::warn!(channel = "email", message = %receipt.message_id, "sender over the rate limit: stored, not answered");
            if let Err(e) = state.store.mark_processed(receipt.message_id).await {
                tracing::error!(channel = "email", error = %e, "could not mark a rate-limited email handled");
            }
        }
    }
    Ok(Intake::Stored {
        message: receipt.message_id,
        conversation: receipt.conversation_id,
        duplicate: receipt.duplicate,
    })
}

/// Reads the helpline mailbox until `stop` is cancelled, waiting in IDLE where the server offers
/// it and polling every `every` otherwise (and reconnecting after a failure). Each message goes
/// through [`accept`]; it is flagged handled only once stored (or deliberately ignored), so a
/// store outage or a restart leaves it for the next round.
pub async fn poll_mailbox(
    state: AppState,
    email: EmailState,
    settings: frontdoor_channels::email::imap::MailboxSettings,
    every: std::time::Duration,
    stop: tokio_util::sync::CancellationToken,
) {
    use frontdoor_channels::email::imap::{watch, Handled, MAX_IDLE};
    loop {
        let round = watch(&settings, MAX_IDLE, |raw| {
            let state = state.clone();
            let email = email.clone();
            async move {
                // Already fetched, so its text is read; the reply says attachments are not.
                let oversize = raw.len() > email.max_bytes;
                let message = match frontdoor_channels::email::read_message(&raw, state.clock.now()) {
                    Ok(message) => message,
                    Err(rejection) => {
                        tracing::warn!(channel = "email", reason = %rejection, "mailbox message not readable");
                        return Handled::Done;
                    }
                };
                match accept(&state, &email, message).await {
                    Ok(Intake::Stored { conversation, .. }) if oversize => {
                        tracing::info!(
                            channel = "email",
                            bytes = raw.len(),
                            "mailbox message over the size limit: text only"
                        );
                        lock(&email.unread_attachments).insert(conversation);
                        Handled::Done
                    }
                    Ok(_) => Handled::Done,
                    Err(_) => Handled::Retry,
                }
            }
        });
        let round = tokio::select! {
            () = stop.cancelled() => return,
            round = round => round,
        };
        if let Err(e) = round {
            tracing::warn!(channel = "email", error = %e, "mailbox connection failed; reconnecting");
        }
        tokio::select! {
            () = stop.cancelled() => return,
            () = tokio::time::sleep(every) => {}
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// The SMTP sender's view of the threading records.
pub struct StoreThreads {
    /// Threading records.
    pub threads: EmailThreads,
    /// Shared with [`EmailState::unread_attachments`].
    pub unread_attachments: Arc<Mutex<HashSet<ConversationId>>>,
    /// Time.
    pub clock: Arc<dyn frontdoor_core::clock::Clock>,
}

#[async_trait]
impl ReplyThreads for StoreThreads {
    async fn context_for(&self, item: &OutboxItem) -> ReplyContext {
        let last = match self.threads.last_inbound(item.conversation_id).await {
            Ok(last) => last,
            Err(e) => {
                tracing::warn!(message = %item.message_id, error = %e, "threading records unreadable; reply starts a thread");
                None
            }
        };
        let had_attachments = lock(&self.unread_attachments).contains(&item.conversation_id);
        match last {
            Some(entry) => ReplyContext {
                message_id: Some(entry.message_id).filter(|id| !id.starts_with("sha256-")),
                references: entry.references,
                subject: entry.subject,
                had_attachments,
            },
            None => ReplyContext {
                had_attachments,
                ..ReplyContext::default()
            },
        }
    }

    async fn sent(&self, item: &OutboxItem, message_id: &str, subject: &str, references: &[String]) {
        lock(&self.unread_attachments).remove(&item.conversation_id);
        let entry = ThreadEntry {
            message_id: message_id.to_owned(),
            conversation_id: item.conversation_id,
            subject: Some(subject.to_owned()),
            references: references.to_vec(),
        };
        if let Err(e) = self
            .threads
            .record(&entry, MailDirection::Outbound, self.clock.now())
            .await
        {
            tracing::warn!(message = %item.message_id, error = %e, "could not record a sent reply's thread");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rate_limit_is_per_sender_and_per_hour() {
        let limit = SenderRateLimit::new(2);
        assert!(limit.allow("a@x", Timestamp(0)));
        assert!(limit.allow("a@x", Timestamp(1)));
        assert!(!limit.allow("a@x", Timestamp(2)), "third in the hour");
        assert!(limit.allow("b@x", Timestamp(2)), "another sender has their own budget");
        assert!(limit.allow("a@x", Timestamp(HOUR_MS + 1)), "an hour later");
        assert!(SenderRateLimit::new(0).allow("a@x", Timestamp(0)));
    }
}
