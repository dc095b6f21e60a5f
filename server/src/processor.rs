//! One conversation, one worker: inbound messages of a conversation are processed strictly in
//! order, never concurrently, while different conversations run in parallel.
//!
//! In process, [`Processor::schedule`] keeps at most one drain task per conversation (a message
//! arriving while it runs marks it to look again). Across server instances the store's turn lock
//! (advisory lock on PostgreSQL) does the same; [`Processor::recover`] picks up messages that
//! were stored but not processed before a crash.

use crate::metrics::Metrics;
use frontdoor_core::clock::Clock;
use frontdoor_core::engine::{Engine, TurnInput};
use frontdoor_core::ports::{Store, TurnTx};
use frontdoor_core::types::ConversationId;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;
use tokio::sync::Notify;
use tokio_util::task::TaskTracker;

/// Runs every pending turn of a conversation now, on this task, all at time `now` (the terminal
/// chat, conversation scripts and benchmarks; the server schedules through [`Processor`], which
/// adds metrics and per-turn logs). Returns how many turns ran.
pub async fn run_pending_turns(
    store: &dyn Store,
    engine: &Engine,
    id: ConversationId,
    now: frontdoor_core::types::Timestamp,
) -> Result<usize, frontdoor_core::ports::StoreError> {
    let mut turns = 0;
    while let Some(turn) = store.begin_turn(id).await? {
        let outcome = engine
            .handle(TurnInput {
                conversation: turn.conversation(),
                inbound: turn.inbound(),
                history: turn.history(),
                now,
            })
            .await;
        turn.commit(outcome, now).await?;
        turns += 1;
    }
    Ok(turns)
}

/// Runs turns for stored inbound messages.
pub struct Processor {
    store: Arc<dyn Store>,
    engine: Engine,
    clock: Arc<dyn Clock>,
    metrics: Arc<Metrics>,
    /// Conversations with a drain task, and whether new work arrived since it last looked.
    active: Mutex<HashMap<ConversationId, bool>>,
    tasks: TaskTracker,
    /// Woken when replies are committed, so the outbox sends them at once.
    outbox_wakeup: Arc<Notify>,
}

impl Processor {
    /// A processor over the store and engine.
    pub fn new(
        store: Arc<dyn Store>,
        engine: Engine,
        clock: Arc<dyn Clock>,
        metrics: Arc<Metrics>,
        outbox_wakeup: Arc<Notify>,
    ) -> Arc<Self> {
        Arc::new(Self {
            store,
            engine,
            clock,
            metrics,
            active: Mutex::default(),
            tasks: TaskTracker::new(),
            outbox_wakeup,
        })
    }

    /// Tells the outbox worker a message is due now (a navigator's reply).
    pub fn wake_outbox(&self) {
        self.outbox_wakeup.notify_one();
    }

    /// Makes sure the conversation's pending messages get processed.
    pub fn schedule(self: &Arc<Self>, id: ConversationId) {
        {
            let mut active = self.active.lock().unwrap_or_else(|p| p.into_inner());
            if let Some(dirty) = active.get_mut(&id) {
                *dirty = true;
                return;
            }
            active.insert(id, false);
        }
        let this = self.clone();
        self.tasks.spawn(async move { this.drain(id).await });
    }

    /// Schedules every conversation with unprocessed messages (after a restart).
    pub async fn recover(self: &Arc<Self>) -> Result<usize, frontdoor_core::ports::StoreError> {
        let mut total = 0;
        loop {
            let pending = self.store.conversations_with_pending(500).await?;
            let fresh: Vec<_> = {
                let active = self.active.lock().unwrap_or_else(|p| p.into_inner());
                pending.into_iter().filter(|id| !active.contains_key(id)).collect()
            };
            if fresh.is_empty() {
                return Ok(total);
            }
            total += fresh.len();
            for id in fresh {
                self.schedule(id);
            }
            if total >= 100_000 {
                return Ok(total);
            }
            tokio::task::yield_now().await;
        }
    }

    /// Stops taking new work and waits for running turns to commit.
    pub async fn shutdown(&self) {
        self.tasks.close();
        self.tasks.wait().await;
    }

    async fn drain(self: Arc<Self>, id: ConversationId) {
        loop {
            loop {
                match self.store.begin_turn(id).await {
                    Ok(Some(turn)) => self.run_turn(turn).await,
                    Ok(None) => break,
                    Err(e) => {
                        tracing::error!(conversation = %id, error = %e, "could not start a turn; will retry on the next message or sweep");
                        break;
                    }
                }
            }
            let mut active = self.active.lock().unwrap_or_else(|p| p.into_inner());
            match active.get_mut(&id) {
                Some(dirty) if *dirty => *dirty = false,
                _ => {
                    active.remove(&id);
                    return;
                }
            }
        }
    }

    async fn run_turn(&self, turn: Box<dyn TurnTx>) {
        let started = Instant::now();
        let now = self.clock.now();
        let conversation = turn.conversation().id;
        let message = turn.inbound().id;
        let outcome = self
            .engine
            .handle(TurnInput {
                conversation: turn.conversation(),
                inbound: turn.inbound(),
                history: turn.history(),
                now,
            })
            .await;
        let replies = outcome.replies.len();
        let result = turn.commit(outcome, now).await;
        let ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.metrics.turn(ms, result.is_ok());
        match result {
            Ok(()) => {
                tracing::info!(conversation = %conversation, message = %message, replies, ms, "turn processed");
                self.outbox_wakeup.notify_one();
            }
            Err(e) => {
                tracing::error!(conversation = %conversation, message = %message, error = %e, "turn failed to commit")
            }
        }
    }
}
