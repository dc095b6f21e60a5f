//! The HTTP surface over real loopback HTTP: health, readiness, metrics, refusals, idempotency;
//! and the housekeeping the server runs at start (retention, expired sessions).

mod common;

use common::*;
use frontdoor_server::StartOptions;
use std::sync::Arc;

/// The plumbing tests pin the foundation's minimal policy (one reply per message), so they do
/// not depend on the dialogue's wording.
fn minimal() -> StartOptions {
    StartOptions {
        policy: Some(Arc::new(frontdoor_core::engine::MinimalPolicy)),
        without_models: true,
        ..StartOptions::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_readiness_and_metrics_answer() {
    let dir = tempfile::tempdir().unwrap();
    let sink = Sink::default();
    let app = spawn_app(test_config(dir.path(), &sink.start().await, None), minimal()).await;
    let base = format!("http://{}", app.addr());
    let client = reqwest::Client::new();
    assert_eq!(
        client.get(format!("{base}/healthz")).send().await.unwrap().status(),
        200
    );
    assert_eq!(client.get(format!("{base}/readyz")).send().await.unwrap().status(), 200);
    post_message(&client, &base, "person-1", "hello", Some("m-1")).await;
    sink.wait_for(1, 10).await;
    let metrics = client
        .get(format!("{base}/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains("frontdoor_inbound_messages_total{channel=\"api\"} 1"),
        "{metrics}"
    );
    assert!(metrics.contains("frontdoor_turn_duration_ms_count 1"), "{metrics}");
    assert!(!metrics.contains("hello"), "metrics must never carry message text");
    app.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_requests_are_refused_and_nothing_is_stored() {
    let dir = tempfile::tempdir().unwrap();
    let sink = Sink::default();
    let mut config = test_config(dir.path(), &sink.start().await, None);
    config.http.body_limit_bytes = 2048;
    let app = spawn_app(config, minimal()).await;
    let base = format!("http://{}", app.addr());
    let client = reqwest::Client::new();
    let unsigned = client
        .post(format!("{base}/channels/api/messages"))
        .body(r#"{"from":"p","text":"hi"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(unsigned.status(), 403, "no token");
    let wrong = client
        .post(format!("{base}/channels/api/messages"))
        .header("authorization", "Bearer wrong")
        .body(r#"{"from":"p","text":"hi"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 403, "wrong token");
    let malformed = client
        .post(format!("{base}/channels/api/messages"))
        .header("authorization", format!("Bearer {TOKEN}"))
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(malformed.status(), 400);
    let huge = post_message(&client, &base, "p", &"x".repeat(4000), None).await;
    assert_eq!(huge.status(), 413, "over the body limit");
    let metrics = client
        .get(format!("{base}/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains("frontdoor_inbound_messages_total{channel=\"api\"} 0"),
        "{metrics}"
    );
    assert!(metrics.contains("frontdoor_rejected_requests_total 3"), "{metrics}");
    app.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_provider_id_twice_gives_one_message_and_one_reply() {
    let dir = tempfile::tempdir().unwrap();
    let sink = Sink::default();
    let app = spawn_app(test_config(dir.path(), &sink.start().await, None), minimal()).await;
    let base = format!("http://{}", app.addr());
    let client = reqwest::Client::new();
    let first = post_message(&client, &base, "person-2", "I need help", Some("dup-1")).await;
    assert_eq!(first.status(), 202);
    let first: serde_json::Value = serde_json::from_str(&first.text().await.unwrap()).unwrap();
    let again = post_message(&client, &base, "person-2", "I need help", Some("dup-1")).await;
    assert_eq!(again.status(), 200);
    let again: serde_json::Value = serde_json::from_str(&again.text().await.unwrap()).unwrap();
    assert_eq!(again["duplicate"], true);
    assert_eq!(again["message_id"], first["message_id"]);
    // A later, distinct message is answered after anything the duplicate could have caused
    // (one conversation's replies go out in order), so its reply closes the window.
    post_message(&client, &base, "person-2", "still there?", Some("dup-2")).await;
    let delivered = sink.wait_for(2, 10).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let delivered_now = sink.delivered();
    assert_eq!(delivered_now.len(), 2, "one reply per distinct message: {delivered:?}");
    assert!(delivered_now[0].body["text"]
        .as_str()
        .unwrap()
        .contains("free and confidential"));
    app.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn graceful_shutdown_finishes_work_and_leaves_no_reply_claimed() {
    let dir = tempfile::tempdir().unwrap();
    let sink = Sink::default();
    let app = spawn_app(test_config(dir.path(), &sink.start().await, None), minimal()).await;
    let base = format!("http://{}", app.addr());
    let client = reqwest::Client::new();
    for i in 0..20 {
        let status = post_message(
            &client,
            &base,
            &format!("shutdown-{}", i % 4),
            "hello",
            Some(&format!("s-{i}")),
        )
        .await
        .status();
        assert_eq!(status, 202);
    }
    app.shutdown().await.unwrap();
    let store = frontdoor_store::SqliteStore::open(&dir.path().join("frontdoor.db"))
        .await
        .unwrap();
    use frontdoor_core::ports::Store;
    let counts = store.outbox_counts().await.unwrap();
    assert_eq!(
        counts.sending, 0,
        "no reply left claimed by a stopped sender: {counts:?}"
    );
    assert!(
        store.conversations_with_pending(10).await.unwrap().is_empty(),
        "every acknowledged message was processed"
    );
    assert_eq!(
        counts.sent as usize,
        sink.delivered().len(),
        "what the outbox says it sent was delivered"
    );
}

/// Housekeeping runs when the server starts (then hourly): a conversation closed longer ago than
/// `privacy.retention_days` loses its text while a recent one keeps it, and expired navigator
/// sessions are deleted.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn housekeeping_applies_retention_when_the_server_starts() {
    use frontdoor_core::clock::ManualClock;
    use frontdoor_core::conversation::{ConversationStatus, Inbound};
    use frontdoor_core::ports::TurnOutcome;
    use frontdoor_core::types::{ChannelAddress, ChannelKind, Timestamp};
    const DAY: i64 = 86_400_000;
    let now = Timestamp(1_800_000_000_000);
    let dir = tempfile::tempdir().unwrap();
    let mut config = test_config(dir.path(), "http://127.0.0.1:9/unused", None);
    config.privacy.retention_days = 30;
    let store = frontdoor_store::connect(&config.database_url()).await.unwrap();
    let mut closed = Vec::new();
    for (address, at) in [
        ("+14165550190", now.plus_millis(-40 * DAY)),
        ("+14165550191", now.plus_millis(-DAY)),
    ] {
        let inbound = Inbound {
            from: ChannelAddress::parse(ChannelKind::Sms, address).unwrap(),
            text: "my landlord took my key".into(),
            provider_id: None,
            received_at: at,
        };
        let id = store.record_inbound(&inbound).await.unwrap().conversation_id;
        let turn = store.begin_turn(id).await.unwrap().expect("a turn to take");
        let mut conversation = turn.conversation().clone();
        conversation.status = ConversationStatus::Closed;
        let outcome = TurnOutcome {
            conversation,
            replies: vec![],
            events: vec![],
            handoff: None,
        };
        turn.commit(outcome, at).await.unwrap();
        closed.push(id);
    }
    let ana = navigator("ana", "Ana", "a long navigator password");
    store.save_navigator(&ana).await.unwrap();
    let session = frontdoor_core::inbox::NavigatorSession {
        token_hash: "hash-expired".into(),
        navigator_id: ana.id,
        csrf: "csrf".into(),
        expires_at: now.plus_millis(-DAY),
    };
    store.create_session(&session).await.unwrap();

    let options = StartOptions {
        clock: Some(Arc::new(ManualClock::at(now))),
        ..minimal()
    };
    let app = spawn_app(config, options).await;
    let text = |id| {
        let store = store.clone();
        async move { store.messages(id).await.unwrap()[0].text.clone() }
    };
    // The session expired a day ago: asked about as of two days ago, it is there until deleted.
    let session_gone = || {
        let store = store.clone();
        async move {
            let as_of = now.plus_millis(-2 * DAY);
            store.session("hash-expired", as_of).await.unwrap().is_none()
        }
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !(text(closed[0]).await.is_empty() && session_gone().await) {
        assert!(
            std::time::Instant::now() < deadline,
            "housekeeping did not run at start: the text of the conversation closed 40 days ago \
             or the expired session is still there"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(
        text(closed[1]).await,
        "my landlord took my key",
        "closed yesterday: kept"
    );
    app.shutdown().await.unwrap();
}
