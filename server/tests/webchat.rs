//! The web chat socket and its HTTP fallback over real HTTP on loopback: sessions, resume,
//! isolation between sessions, origin checks, limits. The widget in a real browser is tested by
//! `webchat_browser.rs`.

mod common;

use common::{spawn_app, test_config};
use frontdoor_server::StartOptions;
use futures::{SinkExt, StreamExt};
use serde_json::{json, Value};
use std::sync::Arc;
use std::time::Duration;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message;

type Socket = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

async fn start(limit: u32) -> (frontdoor_server::RunningServer, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let mut config = test_config(dir.path(), "http://127.0.0.1:9/unused", None);
    config.channels.webchat.new_sessions_per_ip_per_hour = limit;
    config.channels.webchat.max_message_chars = 500;
    let options = StartOptions {
        policy: Some(Arc::new(frontdoor_core::engine::MinimalPolicy)),
        without_models: true,
        ..StartOptions::default()
    };
    (spawn_app(config, options).await, dir)
}

async fn connect(addr: std::net::SocketAddr, origin: Option<&str>) -> Result<Socket, String> {
    let mut request = format!("ws://{addr}/channels/webchat/ws")
        .into_client_request()
        .unwrap();
    if let Some(origin) = origin {
        request.headers_mut().insert("origin", origin.parse().unwrap());
    }
    tokio_tungstenite::connect_async(request)
        .await
        .map(|(socket, _)| socket)
        .map_err(|e| e.to_string())
}

async fn send(socket: &mut Socket, frame: Value) {
    socket.send(Message::Text(frame.to_string().into())).await.unwrap();
}

/// The next frame, or None after `secs` of silence or a close.
async fn next(socket: &mut Socket, secs: u64) -> Option<Value> {
    loop {
        match tokio::time::timeout(Duration::from_secs(secs), socket.next()).await {
            Ok(Some(Ok(Message::Text(text)))) => return Some(serde_json::from_str(text.as_str()).unwrap()),
            Ok(Some(Ok(Message::Ping(_) | Message::Pong(_)))) => continue,
            _ => return None,
        }
    }
}

/// Frames until one matches `pred` (returned last), panicking after `secs`.
async fn until(socket: &mut Socket, secs: u64, pred: impl Fn(&Value) -> bool) -> Vec<Value> {
    let mut seen = Vec::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(secs);
    while tokio::time::Instant::now() < deadline {
        if let Some(frame) = next(socket, 1).await {
            let hit = pred(&frame);
            seen.push(frame);
            if hit {
                return seen;
            }
        }
    }
    panic!("no matching frame within {secs}s; saw {seen:?}");
}

fn is_bot_message(f: &Value) -> bool {
    f["type"] == "message" && f["author"] == "bot"
}

async fn open(addr: std::net::SocketAddr) -> (Socket, String, String) {
    let mut socket = connect(addr, None).await.unwrap();
    send(&mut socket, json!({"type": "start"})).await;
    let hello = next(&mut socket, 5).await.unwrap();
    assert_eq!(hello["type"], "session", "{hello}");
    let session = hello["session"].as_str().unwrap().to_owned();
    let token = hello["token"].as_str().unwrap().to_owned();
    (socket, session, token)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_gets_replies_and_resumes_with_its_token() {
    let (app, _dir) = start(30).await;
    let (mut socket, session, token) = open(app.addr()).await;
    send(
        &mut socket,
        json!({"type": "message", "id": "c1", "text": "I need food"}),
    )
    .await;
    let frames = until(&mut socket, 10, is_bot_message).await;
    let echo = frames
        .iter()
        .find(|f| f["type"] == "message" && f["author"] == "person")
        .unwrap();
    assert_eq!(
        echo["id"], "c1",
        "the person's message comes back under the widget's own id"
    );
    assert!(frames.iter().any(|f| f["type"] == "typing"), "{frames:?}");
    let reply_seq = frames.last().unwrap()["seq"].as_i64().unwrap();
    drop(socket);

    // A reload: same session and token, everything replayed in order.
    let mut again = connect(app.addr(), None).await.unwrap();
    send(
        &mut again,
        json!({"type": "start", "session": session, "token": token, "after": 0}),
    )
    .await;
    assert_eq!(next(&mut again, 5).await.unwrap()["type"], "session");
    let history = until(&mut again, 5, is_bot_message).await;
    let texts: Vec<_> = history
        .iter()
        .filter(|f| f["type"] == "message")
        .map(|f| f["author"].clone())
        .collect();
    assert_eq!(texts, vec![json!("person"), json!("bot")]);
    // Resending the same widget id after a reconnect stores nothing new.
    send(
        &mut again,
        json!({"type": "message", "id": "c1", "text": "I need food"}),
    )
    .await;
    send(&mut again, json!({"type": "ping"})).await;
    let after_resend = until(&mut again, 5, |f| f["type"] == "pong").await;
    assert!(
        after_resend
            .iter()
            .all(|f| f["type"] != "message" && f["type"] != "typing"),
        "a duplicate must not be stored or answered again: {after_resend:?}"
    );
    drop(again);

    // A reconnect that already has everything up to the reply gets nothing old.
    let mut third = connect(app.addr(), None).await.unwrap();
    send(
        &mut third,
        json!({"type": "start", "session": session, "token": token, "after": reply_seq}),
    )
    .await;
    assert_eq!(next(&mut third, 5).await.unwrap()["type"], "session");
    assert_eq!(
        next(&mut third, 2).await,
        None,
        "nothing before `after` may be replayed"
    );
    app.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_sessions_never_see_each_others_messages() {
    let (app, _dir) = start(30).await;
    let (mut a, _, _) = open(app.addr()).await;
    let (mut b, _, _) = open(app.addr()).await;
    send(&mut a, json!({"type": "message", "id": "a1", "text": "secret from A"})).await;
    until(&mut a, 10, is_bot_message).await;
    send(&mut b, json!({"type": "message", "id": "b1", "text": "hello from B"})).await;
    let seen_by_b = until(&mut b, 10, is_bot_message).await;
    assert!(
        seen_by_b.iter().all(|f| !f.to_string().contains("secret from A")),
        "session B received A's message: {seen_by_b:?}"
    );
    app.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn foreign_pages_forged_tokens_and_bad_frames_are_refused() {
    let (app, _dir) = start(30).await;
    let err = connect(app.addr(), Some("https://evil.example")).await.unwrap_err();
    assert!(err.contains("403"), "a page on another origin must get 403, got {err}");
    let own = format!("http://{}", app.addr());
    assert!(
        connect(app.addr(), Some(&own)).await.is_ok(),
        "the server's own pages may chat"
    );

    let (_s, session, _) = open(app.addr()).await;
    let mut forged = connect(app.addr(), None).await.unwrap();
    send(
        &mut forged,
        json!({"type": "start", "session": session, "token": "AAAA"}),
    )
    .await;
    let refused = next(&mut forged, 5).await.unwrap();
    assert_eq!(refused["code"], "bad_session", "{refused}");
    assert_eq!(
        next(&mut forged, 2).await,
        None,
        "the socket closes after a forged token"
    );

    let mut confused = connect(app.addr(), None).await.unwrap();
    send(
        &mut confused,
        json!({"type": "message", "id": "x", "text": "before start"}),
    )
    .await;
    assert_eq!(next(&mut confused, 5).await.unwrap()["code"], "not_started");
    app.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversize_and_empty_messages_are_refused_and_not_stored() {
    let (app, _dir) = start(30).await;
    let (mut socket, session, token) = open(app.addr()).await;
    send(
        &mut socket,
        json!({"type": "message", "id": "big", "text": "x".repeat(501)}),
    )
    .await;
    assert_eq!(next(&mut socket, 5).await.unwrap()["code"], "too_long");
    send(&mut socket, json!({"type": "message", "id": "blank", "text": "   "})).await;
    assert_eq!(next(&mut socket, 5).await.unwrap()["code"], "empty");
    // A frame larger than any allowed message is refused by the socket itself.
    let _ = socket
        .send(Message::Text(
            json!({"type": "message", "id": "huge", "text": "y".repeat(100_000)})
                .to_string()
                .into(),
        ))
        .await;
    assert_eq!(next(&mut socket, 3).await, None, "an oversized frame closes the socket");

    let mut again = connect(app.addr(), None).await.unwrap();
    send(&mut again, json!({"type": "start", "session": session, "token": token})).await;
    assert_eq!(next(&mut again, 5).await.unwrap()["type"], "session");
    assert_eq!(next(&mut again, 2).await, None, "refused messages must not be stored");
    app.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn new_sessions_are_limited_per_address_but_resuming_is_not() {
    let (app, _dir) = start(2).await;
    let (_a, session, token) = open(app.addr()).await;
    let _b = open(app.addr()).await;
    let mut third = connect(app.addr(), None).await.unwrap();
    send(&mut third, json!({"type": "start"})).await;
    assert_eq!(next(&mut third, 5).await.unwrap()["code"], "rate_limited");
    let mut resume = connect(app.addr(), None).await.unwrap();
    send(
        &mut resume,
        json!({"type": "start", "session": session, "token": token}),
    )
    .await;
    assert_eq!(next(&mut resume, 5).await.unwrap()["type"], "session");
    app.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_http_fallback_carries_the_same_conversation() {
    let (app, _dir) = start(30).await;
    let base = format!("http://{}", app.addr());
    let client = reqwest::Client::new();
    let frames = client
        .post(format!("{base}/channels/webchat/session"))
        .body(json!({"type": "start"}).to_string())
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let frames: Value = serde_json::from_str(&frames).unwrap();
    let session = frames[0]["session"].as_str().unwrap().to_owned();
    let token = frames[0]["token"].as_str().unwrap().to_owned();

    let post = |id: &str, text: &str, token: &str| {
        client
            .post(format!("{base}/channels/webchat/messages"))
            .header("x-webchat-session", &session)
            .header("x-webchat-token", token)
            .body(json!({"type": "message", "id": id, "text": text}).to_string())
            .send()
    };
    assert_eq!(post("h1", "hello", "forged").await.unwrap().status(), 403);
    // The event stream opens before the first message, as the widget does it.
    let mut events = client
        .get(format!(
            "{base}/channels/webchat/events?session={session}&token={token}&after=0"
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(post("h1", "hello", &token).await.unwrap().status(), 202);
    assert_eq!(events.headers()["content-type"], "text/event-stream");
    let mut text = String::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while !text.contains("\"author\":\"bot\"") {
        assert!(
            tokio::time::Instant::now() < deadline,
            "no bot reply on the event stream: {text}"
        );
        if let Ok(Ok(Some(chunk))) = tokio::time::timeout(Duration::from_secs(3), events.chunk()).await {
            text.push_str(&String::from_utf8_lossy(&chunk));
        }
    }
    assert!(
        text.contains("\"id\":\"h1\""),
        "the person's message is on the stream too: {text}"
    );

    // The same session over the socket sees the same conversation.
    let mut socket = connect(app.addr(), None).await.unwrap();
    send(
        &mut socket,
        json!({"type": "start", "session": session, "token": token}),
    )
    .await;
    assert_eq!(next(&mut socket, 5).await.unwrap()["type"], "session");
    until(&mut socket, 5, is_bot_message).await;
    app.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_page_embeds_the_widget() {
    let (app, _dir) = start(30).await;
    let base = format!("http://{}", app.addr());
    let page = reqwest::get(format!("{base}/")).await.unwrap();
    assert!(page.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    assert!(page.text().await.unwrap().contains("<script src=\"/widget.js\""));
    let widget = reqwest::get(format!("{base}/widget.js")).await.unwrap();
    assert!(widget.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/javascript"));
    let js = widget.text().await.unwrap();
    assert!(
        !js.contains("innerHTML"),
        "the widget must insert text as text, never as HTML"
    );
    app.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn behind_a_trusted_proxy_the_limit_counts_each_forwarded_address() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = test_config(dir.path(), "http://127.0.0.1:9/unused", None);
    config.channels.webchat.new_sessions_per_ip_per_hour = 1;
    config.channels.webchat.trust_forwarded_for = true;
    let options = StartOptions {
        policy: Some(Arc::new(frontdoor_core::engine::MinimalPolicy)),
        without_models: true,
        ..StartOptions::default()
    };
    let app = spawn_app(config, options).await;
    let start_from = |forwarded: &'static str| {
        let addr = app.addr();
        async move {
            let mut request = format!("ws://{addr}/channels/webchat/ws")
                .into_client_request()
                .unwrap();
            request
                .headers_mut()
                .insert("x-forwarded-for", forwarded.parse().unwrap());
            let (mut socket, _) = tokio_tungstenite::connect_async(request).await.unwrap();
            send(&mut socket, json!({"type": "start"})).await;
            next(&mut socket, 5).await.unwrap()
        }
    };
    assert_eq!(start_from("198.51.100.7, 203.0.113.1").await["type"], "session");
    assert_eq!(
        start_from("203.0.113.2").await["type"],
        "session",
        "another person behind the same proxy"
    );
    assert_eq!(
        start_from("198.51.100.9, 203.0.113.1").await["code"],
        "rate_limited",
        "the proxy-added address counts"
    );
    app.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tokens_expire_and_each_resume_renews_them() {
    use frontdoor_channels::webchat::SessionKeys;
    use frontdoor_core::types::Timestamp;
    let dir = tempfile::tempdir().unwrap();
    let mut config = test_config(dir.path(), "http://127.0.0.1:9/unused", None);
    let secret = "a test secret, sixteen bytes or more";
    config.channels.webchat.secret = Some(secret.into());
    config.channels.webchat.session_days = 2;
    let options = StartOptions {
        policy: Some(Arc::new(frontdoor_core::engine::MinimalPolicy)),
        without_models: true,
        ..StartOptions::default()
    };
    let app = spawn_app(config, options).await;
    let now = || {
        let ms = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis();
        Timestamp(ms as i64)
    };
    let two_days = 2 * 86_400_000;
    let expiry = |token: &str| i64::from_str_radix(token.split_once('.').unwrap().0, 16).unwrap();

    let (_first, session, token) = open(app.addr()).await;
    let lives = expiry(&token) - now().0;
    assert!((two_days - 60_000..=two_days).contains(&lives), "lives {lives} ms");

    let keys = SessionKeys::new(secret.as_bytes());
    let mut late = connect(app.addr(), None).await.unwrap();
    let expired = keys.sign(&session, Timestamp(now().0 - 1));
    send(
        &mut late,
        json!({"type": "start", "session": session, "token": expired}),
    )
    .await;
    assert_eq!(next(&mut late, 5).await.unwrap()["code"], "bad_session");

    // Resumed a day into its life (a token signed to expire sooner), it gets a fresh two days.
    let mut resumed = connect(app.addr(), None).await.unwrap();
    let older = keys.sign(&session, Timestamp(now().0 + 86_400_000));
    send(
        &mut resumed,
        json!({"type": "start", "session": session, "token": older}),
    )
    .await;
    let hello = next(&mut resumed, 5).await.unwrap();
    assert_eq!(hello["type"], "session", "{hello}");
    assert_eq!(hello["session"], session.as_str());
    let renewed = hello["token"].as_str().unwrap();
    assert!(
        expiry(renewed) - now().0 > 86_400_000 + 3_600_000,
        "renewed for session_days"
    );
    assert!(keys.verify(&session, renewed, now()));
    app.shutdown().await.unwrap();
}
