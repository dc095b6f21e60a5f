//! Crash safety with the real binary: the server is killed with SIGKILL after acknowledging
//! messages but before their replies are sent; after a restart every reply is delivered exactly
//! once (counting deliveries the receiver accepted, keyed by the Idempotency-Key header).

mod common;

use common::*;
use std::collections::HashMap;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::Ordering;
use std::time::Duration;

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The server process; killed when dropped, so a failing test leaves no server behind.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start_server(data_dir: &std::path::Path, port: u16, callback: &str) -> Server {
    let child = Command::new(env!("CARGO_BIN_EXE_frontdoor"))
        .arg("serve")
        .arg("--data-dir")
        .arg(data_dir)
        .env("FRONTDOOR_HTTP_ADDR", format!("127.0.0.1:{port}"))
        .env("FRONTDOOR_API_TOKEN", TOKEN)
        .env("FRONTDOOR_API_CALLBACK_URL", callback)
        .env("FRONTDOOR_OUTBOX_LEASE_MS", "2000")
        .env("FRONTDOOR_OUTBOX_SEND_TIMEOUT_MS", "1500")
        .env("FRONTDOOR_OUTBOX_POLL_INTERVAL_MS", "100")
        .env("FRONTDOOR_LOG_LEVEL", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("frontdoor binary starts");
    Server(child)
}

async fn wait_ready(client: &reqwest::Client, base: &str) {
    for _ in 0..200 {
        if let Ok(r) = client.get(format!("{base}/readyz")).send().await {
            if r.status() == 200 {
                return;
            }
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("server did not become ready");
}

/// Waits until the outbox has nothing pending or in flight; returns how many replies it sent.
async fn wait_drained(client: &reqwest::Client, base: &str) -> usize {
    let gauge = |metrics: &str, status: &str| -> Option<usize> {
        let prefix = format!("frontdoor_outbox_messages{{status=\"{status}\"}} ");
        metrics
            .lines()
            .find_map(|l| l.strip_prefix(&prefix))
            .and_then(|v| v.trim().parse().ok())
    };
    for _ in 0..600 {
        let metrics = client
            .get(format!("{base}/metrics"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let sent = gauge(&metrics, "sent").unwrap_or(0);
        if sent > 0 && gauge(&metrics, "pending").unwrap_or(0) == 0 && gauge(&metrics, "sending").unwrap_or(0) == 0 {
            return sent;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the outbox did not drain");
}

fn kill9(server: &mut Server) {
    // SIGKILL: no graceful shutdown, nothing flushed but what was committed.
    server.0.kill().unwrap();
    server.0.wait().unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reply_killed_mid_send_is_delivered_exactly_once_after_restart() {
    let dir = tempfile::tempdir().unwrap();
    let sink = Sink::default();
    let callback = sink.start().await;
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::new();
    sink.hang.store(true, Ordering::SeqCst);
    let mut server = start_server(dir.path(), port, &callback);
    wait_ready(&client, &base).await;
    let ack = post_message(&client, &base, "crash-person", "hello", Some("crash-1")).await;
    assert_eq!(ack.status(), 202, "acknowledged: the message is stored");
    for _ in 0..100 {
        if sink.received_count() > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(sink.received_count(), 1, "the send is in flight");
    kill9(&mut server);
    assert!(sink.delivered().is_empty(), "nothing was delivered before the crash");

    sink.hang.store(false, Ordering::SeqCst);
    let mut server = start_server(dir.path(), port, &callback);
    wait_ready(&client, &base).await;
    wait_drained(&client, &base).await;
    tokio::time::sleep(Duration::from_millis(2500)).await; // longer than a lease: a second send would show
    let sent = wait_drained(&client, &base).await;
    let delivered = sink.delivered();
    let keys: std::collections::HashSet<_> = delivered.iter().map(|d| d.idempotency_key.clone()).collect();
    assert_eq!(
        delivered.len(),
        sent,
        "every reply the outbox sent was delivered exactly once: {delivered:?}"
    );
    assert_eq!(keys.len(), sent, "no reply delivered twice");
    assert!(
        delivered[0].body["text"].as_str().unwrap().contains("confidential"),
        "the welcome comes first"
    );
    kill9(&mut server);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_acknowledged_before_a_crash_is_answered_once_each_after_restart() {
    let dir = tempfile::tempdir().unwrap();
    let sink = Sink::default();
    let callback = sink.start().await;
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::new();
    let mut server = start_server(dir.path(), port, &callback);
    wait_ready(&client, &base).await;
    for i in 0..20 {
        let ack = post_message(
            &client,
            &base,
            &format!("burst-{}", i % 5),
            "hello",
            Some(&format!("b-{i}")),
        )
        .await;
        assert_eq!(ack.status(), 202);
    }
    kill9(&mut server); // at once: some turns and sends are still to do

    let mut server = start_server(dir.path(), port, &callback);
    wait_ready(&client, &base).await;
    wait_drained(&client, &base).await;
    tokio::time::sleep(Duration::from_millis(2500)).await;
    // Counted again after the pause: a turn still running at the first count (the outbox
    // momentarily empty) adds its reply later, and that reply is sent during the pause.
    let sent = wait_drained(&client, &base).await;
    let mut per_key: HashMap<String, usize> = HashMap::new();
    for d in sink.delivered() {
        *per_key.entry(d.idempotency_key).or_default() += 1;
    }
    assert_eq!(per_key.len(), sent, "every reply the outbox sent reached the receiver");
    assert!(sent >= 20, "every acknowledged message was answered ({sent} replies)");
    let repeated: Vec<_> = per_key.iter().filter(|(_, n)| **n > 1).collect();
    // A crash between the receiver accepting a send and the outbox recording it can repeat that
    // send after restart, with the same Idempotency-Key, so the receiver drops it. Only sends in
    // flight at the crash can repeat: at most one per conversation (5 here), each at most once.
    assert!(
        repeated.len() <= 5,
        "only sends in flight at the crash may repeat: {repeated:?}"
    );
    assert!(
        repeated.iter().all(|(_, n)| **n == 2),
        "a send repeats at most once: {repeated:?}"
    );
    kill9(&mut server);
}
