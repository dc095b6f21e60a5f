//! Messages per second through store + engine: store an inbound message, take the turn, run the
//! engine (minimal policy, no model), commit replies to the outbox. SQLite always; PostgreSQL
//! when FRONTDOOR_TEST_DATABASE_URL is set. Run: `cargo bench -p frontdoor --bench turns`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use frontdoor_core::clock::{Clock, SystemClock};
use frontdoor_core::conversation::Inbound;
use frontdoor_core::ports::Store;
use frontdoor_core::types::{ChannelAddress, ChannelKind};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

async fn one_message(store: &dyn Store, engine: &frontdoor_core::engine::Engine, n: u64) {
    let clock = SystemClock;
    let from = ChannelAddress::parse(ChannelKind::Api, &format!("bench-{}", n % 64)).unwrap();
    let inbound = Inbound {
        from,
        text: "I need a food bank near me".into(),
        provider_id: None,
        received_at: clock.now(),
    };
    let receipt = store.record_inbound(&inbound).await.unwrap();
    frontdoor_server::processor::run_pending_turns(store, engine, receipt.conversation_id, clock.now())
        .await
        .unwrap();
}

fn bench(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let config = frontdoor_server::config::Config::load(None, |_| None).unwrap();
    let engine = frontdoor_server::build_engine(
        &config,
        None,
        Some(std::sync::Arc::new(frontdoor_core::engine::MinimalPolicy)),
        None,
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut stores: Vec<(&str, Arc<dyn Store>)> = vec![(
        "sqlite",
        runtime.block_on(async {
            Arc::new(
                frontdoor_store::SqliteStore::open(&dir.path().join("b.db"))
                    .await
                    .unwrap(),
            ) as Arc<dyn Store>
        }),
    )];
    if let Ok(url) = std::env::var("FRONTDOOR_TEST_DATABASE_URL") {
        let schema = format!("bench_{}", uuid::Uuid::new_v4().simple());
        let store = runtime
            .block_on(frontdoor_store::PgStore::connect_in_schema(&url, Some(&schema)))
            .unwrap();
        stores.push(("postgres", Arc::new(store)));
    }
    let mut group = c.benchmark_group("turn");
    group.throughput(Throughput::Elements(1));
    for (name, store) in stores {
        let counter = AtomicU64::new(0);
        group.bench_function(format!("{name}/store+engine"), |b| {
            b.to_async(&runtime)
                .iter(|| one_message(store.as_ref(), &engine, counter.fetch_add(1, Ordering::Relaxed)))
        });
        // 8 conversations at once: the throughput a busy line sees.
        let counter = AtomicU64::new(0);
        group.throughput(Throughput::Elements(8));
        group.bench_function(format!("{name}/8-concurrent"), |b| {
            b.to_async(&runtime).iter(|| async {
                let futures =
                    (0..8).map(|_| one_message(store.as_ref(), &engine, counter.fetch_add(1, Ordering::Relaxed)));
                futures::future::join_all(futures).await
            })
        });
        group.throughput(Throughput::Elements(1));
    }
    group.finish();
}

/// One dialogue turn, no store: without the model (keyword commands, no directory) and with
/// the model, understanding and the demo directory (needs the model file: FRONTDOOR_MODEL_PATH).
fn dialogue(c: &mut Criterion) {
    use frontdoor_core::conversation::{Author, Conversation, ConversationStatus, Direction, Message};
    use frontdoor_core::types::*;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut config = frontdoor_server::config::Config::load(None, |k| std::env::var(k).ok()).unwrap();
    config.data_dir = dir.path().to_owned();
    let conversation = Conversation {
        id: ConversationId::new(),
        contact_id: ContactId::new(),
        address: ChannelAddress::parse(ChannelKind::Sms, "+14165550100").unwrap(),
        status: ConversationStatus::Bot,
        lang: Some(LanguageTag::english()),
        state: serde_json::json!({"state": "awaiting_need", "welcomed": true}),
        started_at: Timestamp(0),
        updated_at: Timestamp(0),
    };
    let message = |text: &str| Message {
        id: MessageId::new(),
        conversation_id: conversation.id,
        seq: 2,
        direction: Direction::Inbound,
        author: Author::Person,
        text: text.into(),
        provider_id: None,
        created_at: Timestamp(0),
    };
    let mut group = c.benchmark_group("dialogue");
    let bare = frontdoor_server::build_engine(&config, None, None, None).unwrap();
    let thanks = message("thanks so much");
    group.bench_function("turn/no-model", |b| {
        b.to_async(&runtime).iter(|| {
            bare.handle(frontdoor_core::engine::TurnInput {
                conversation: &conversation,
                inbound: &thanks,
                history: &[],
                now: Timestamp(0),
            })
        })
    });
    if config.models.path.is_some() {
        let brains = runtime.block_on(frontdoor_server::load_brains(&config)).unwrap();
        let full = frontdoor_server::build_engine(&config, None, None, Some(&brains)).unwrap();
        let need = message("i need a food bank near scarborough");
        group.bench_function("turn/model+directory", |b| {
            b.to_async(&runtime).iter(|| {
                full.handle(frontdoor_core::engine::TurnInput {
                    conversation: &conversation,
                    inbound: &need,
                    history: &[],
                    now: Timestamp(0),
                })
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench, dialogue);
criterion_main!(benches);
