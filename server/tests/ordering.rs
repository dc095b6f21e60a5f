//! One conversation, one worker: 50 messages of one conversation sent at once are processed in
//! order, one at a time; 50 conversations at once are processed concurrently. Runs on SQLite and,
//! when `FRONTDOOR_TEST_DATABASE_URL` is set, on PostgreSQL.

mod common;

use async_trait::async_trait;
use common::*;
use frontdoor_core::conversation::OutboundDraft;
use frontdoor_core::engine::{Policy, Ports, TurnInput};
use frontdoor_core::ports::{TurnOutcome, Understood};
use frontdoor_core::types::ConversationId;
use frontdoor_server::StartOptions;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A policy that records what it processes and how many turns overlap.
#[derive(Default)]
struct Recorder {
    inner: Mutex<RecorderState>,
}

#[derive(Default, Clone)]
struct RecorderState {
    running_per_conversation: HashMap<ConversationId, usize>,
    max_per_conversation: usize,
    running: usize,
    max_running: usize,
    order: HashMap<ConversationId, Vec<i64>>,
    texts: HashMap<ConversationId, Vec<String>>,
    turns: usize,
}

#[async_trait]
impl Policy for Recorder {
    async fn respond(&self, input: TurnInput<'_>, _: &Understood, _: &Ports) -> TurnOutcome {
        let id = input.conversation.id;
        {
            let mut s = self.inner.lock().unwrap();
            let n = s.running_per_conversation.entry(id).or_default();
            *n += 1;
            let n = *n;
            s.max_per_conversation = s.max_per_conversation.max(n);
            s.running += 1;
            s.max_running = s.max_running.max(s.running);
        }
        tokio::time::sleep(Duration::from_millis(15)).await;
        {
            let mut s = self.inner.lock().unwrap();
            *s.running_per_conversation.get_mut(&id).unwrap() -= 1;
            s.running -= 1;
            s.turns += 1;
            s.order.entry(id).or_default().push(input.inbound.seq);
            s.texts.entry(id).or_default().push(input.inbound.text.clone());
        }
        TurnOutcome {
            conversation: input.conversation.clone(),
            replies: vec![OutboundDraft::bot("ok")],
            events: vec![],
            handoff: None,
        }
    }
}

impl Recorder {
    async fn wait_turns(&self, n: usize) {
        for _ in 0..600 {
            if self.inner.lock().unwrap().turns >= n {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("expected {n} turns, got {}", self.inner.lock().unwrap().turns);
    }
}

async fn one_conversation_in_order(database_url: Option<String>) {
    let dir = tempfile::tempdir().unwrap();
    let sink = Sink::default();
    let recorder = Arc::new(Recorder::default());
    let options = StartOptions {
        policy: Some(recorder.clone()),
        without_models: true,
        ..StartOptions::default()
    };
    let app = spawn_app(test_config(dir.path(), &sink.start().await, database_url), options).await;
    let base = format!("http://{}", app.addr());
    let client = reqwest::Client::new();
    let sends = (0..50).map(|i| {
        let (client, base) = (client.clone(), base.clone());
        async move {
            post_message(
                &client,
                &base,
                "same-person",
                &format!("message {i}"),
                Some(&format!("c-{i}")),
            )
            .await
            .status()
        }
    });
    let statuses = futures::future::join_all(sends).await;
    assert!(
        statuses.iter().all(|s| *s == 202),
        "every message acknowledged: {statuses:?}"
    );
    recorder.wait_turns(50).await;
    let s = recorder.inner.lock().unwrap().clone();
    assert_eq!(s.max_per_conversation, 1, "a conversation's turns never overlap");
    assert_eq!(s.order.len(), 1, "one person, one conversation");
    let order = s.order.values().next().unwrap();
    assert_eq!(order.len(), 50);
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "processed in stored order: {order:?}"
    );
    app.shutdown().await.unwrap();
}

async fn many_conversations_in_parallel(database_url: Option<String>) {
    let dir = tempfile::tempdir().unwrap();
    let sink = Sink::default();
    let recorder = Arc::new(Recorder::default());
    let options = StartOptions {
        policy: Some(recorder.clone()),
        without_models: true,
        ..StartOptions::default()
    };
    let app = spawn_app(test_config(dir.path(), &sink.start().await, database_url), options).await;
    let base = format!("http://{}", app.addr());
    let client = reqwest::Client::new();
    let sends = (0..50).map(|i| {
        let (client, base) = (client.clone(), base.clone());
        async move {
            post_message(&client, &base, &format!("person-{i}"), "hello", None)
                .await
                .status()
        }
    });
    futures::future::join_all(sends).await;
    recorder.wait_turns(50).await;
    let s = recorder.inner.lock().unwrap().clone();
    assert_eq!(s.order.len(), 50, "50 people, 50 conversations");
    assert!(
        s.max_running > 1,
        "different conversations must be processed concurrently (max overlap {})",
        s.max_running
    );
    assert_eq!(s.max_per_conversation, 1);
    sink.wait_for(50, 20).await;
    app.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_one_conversation_is_processed_in_order_one_at_a_time() {
    one_conversation_in_order(None).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_fifty_conversations_are_processed_concurrently() {
    many_conversations_in_parallel(None).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_one_conversation_is_processed_in_order_one_at_a_time() {
    let Some(url) = postgres_schema_url().await else {
        eprintln!("skipped: FRONTDOOR_TEST_DATABASE_URL is not set");
        return;
    };
    one_conversation_in_order(Some(url)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_fifty_conversations_are_processed_concurrently() {
    let Some(url) = postgres_schema_url().await else {
        eprintln!("skipped: FRONTDOOR_TEST_DATABASE_URL is not set");
        return;
    };
    many_conversations_in_parallel(Some(url)).await;
}
