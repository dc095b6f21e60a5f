//! The outbox worker: claims due replies with a lease, hands each to its channel's sender, and
//! records the result (sent, retry with backoff, or dead letter). A conversation's replies in one
//! claim go out in order; different conversations go out concurrently.

use crate::metrics::{Metrics, SendOutcome};
use frontdoor_core::clock::Clock;
use frontdoor_core::ports::{FailureOutcome, OutboundSender, OutboxItem, RetryPolicy, SendError, Store};
use frontdoor_core::types::ChannelKind;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

/// Drains the outbox through the channels' senders.
pub struct OutboxWorker {
    /// The store holding the outbox.
    pub store: Arc<dyn Store>,
    /// One sender per channel.
    pub senders: HashMap<ChannelKind, Arc<dyn OutboundSender>>,
    /// Time.
    pub clock: Arc<dyn Clock>,
    /// Retries and dead letters.
    pub policy: RetryPolicy,
    /// Claim lease.
    pub lease: Duration,
    /// Idle poll interval.
    pub poll: Duration,
    /// Entries claimed per round.
    pub batch: u32,
    /// Counters.
    pub metrics: Arc<Metrics>,
    /// Woken when new replies are committed.
    pub wakeup: Arc<Notify>,
}

impl OutboxWorker {
    /// Runs until `stop` is cancelled; in-flight sends finish before it returns, so the outbox
    /// is left consistent (every claimed entry is completed, failed or released).
    pub async fn run(self, stop: CancellationToken) {
        let channels: Vec<ChannelKind> = self.senders.keys().copied().collect();
        while !stop.is_cancelled() {
            let claimed = match self
                .store
                .claim_outbox(&channels, self.clock.now(), self.lease, self.batch)
                .await
            {
                Ok(items) => items,
                Err(e) => {
                    tracing::error!(error = %e, "outbox claim failed");
                    Vec::new()
                }
            };
            if claimed.is_empty() {
                tokio::select! {
                    () = stop.cancelled() => break,
                    () = self.wakeup.notified() => {}
                    () = tokio::time::sleep(self.poll) => {}
                }
                continue;
            }
            self.send_all(claimed).await;
        }
        tracing::info!("outbox worker stopped");
    }

    async fn send_all(&self, claimed: Vec<OutboxItem>) {
        let mut by_conversation: BTreeMap<_, Vec<OutboxItem>> = BTreeMap::new();
        for item in claimed {
            by_conversation.entry(item.conversation_id).or_default().push(item);
        }
        let runs = by_conversation.into_values().map(|items| async move {
            for item in items {
                self.send_one(item).await;
            }
        });
        futures_join_all(runs).await;
    }

    async fn send_one(&self, item: OutboxItem) {
        let channel = item.to.channel();
        let Some(sender) = self.senders.get(&channel) else {
            return;
        };
        let result = sender.send(&item).await;
        let now = self.clock.now();
        match result {
            Ok(provider_id) => match self.store.complete_outbox(&item, provider_id.as_deref(), now).await {
                Ok(true) => {
                    self.metrics.send(channel, SendOutcome::Sent);
                    tracing::info!(message = %item.message_id, conversation = %item.conversation_id, %channel, attempt = item.attempt, "reply sent");
                }
                Ok(false) => {
                    tracing::warn!(message = %item.message_id, "sent after the lease expired; another sender owns it")
                }
                Err(e) => {
                    tracing::error!(message = %item.message_id, error = %e, "could not record a sent reply")
                }
            },
            Err(error) => {
                let (permanent, retry_after) = match &error {
                    SendError::Retry { retry_after, .. } => (false, *retry_after),
                    SendError::Permanent { .. } => (true, None),
                };
                let reason = error.to_string();
                if permanent && frontdoor_channels::sms::is_unsubscribed(&reason) {
                    // The carrier says the person unsubscribed: never message them again.
                    if let Err(e) = self
                        .store
                        .set_opted_out(&item.to, true, "provider_unsubscribed", now)
                        .await
                    {
                        tracing::error!(message = %item.message_id, error = %e, "could not record an opt-out");
                    }
                }
                match self
                    .store
                    .fail_outbox(&item, &reason, permanent, retry_after, &self.policy, now)
                    .await
                {
                    Ok(FailureOutcome::Dead) => {
                        self.metrics.send(channel, SendOutcome::Dead);
                        tracing::warn!(message = %item.message_id, %channel, attempt = item.attempt, %reason, "reply dead-lettered");
                    }
                    Ok(FailureOutcome::Retrying { next_attempt_at }) => {
                        self.metrics.send(channel, SendOutcome::Failed);
                        tracing::warn!(message = %item.message_id, %channel, attempt = item.attempt, %reason, retry_at = next_attempt_at.0, "send failed; will retry");
                    }
                    Ok(FailureOutcome::LeaseLost) => {
                        tracing::warn!(message = %item.message_id, "failure after the lease expired")
                    }
                    Err(e) => {
                        tracing::error!(message = %item.message_id, error = %e, "could not record a failed send")
                    }
                }
            }
        }
    }
}

/// Awaits all futures concurrently on this task.
async fn futures_join_all<F: std::future::Future<Output = ()>>(futures: impl Iterator<Item = F>) {
    let mut set = Vec::new();
    for f in futures {
        set.push(Box::pin(f));
    }
    std::future::poll_fn(|cx| {
        set.retain_mut(|f| f.as_mut().poll(cx).is_pending());
        if set.is_empty() {
            std::task::Poll::Ready(())
        } else {
            std::task::Poll::Pending
        }
    })
    .await;
}
