//! Test support: a callback sink standing in for an integration's receiver (real HTTP on
//! loopback), and a server started in process on a random port with a temporary data dir.
#![allow(dead_code)]

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::Router;
use frontdoor_server::config::Config;
use frontdoor_server::{RunningServer, StartOptions};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One delivery the sink answered with 200.
#[derive(Debug, Clone)]
pub struct Delivery {
    pub idempotency_key: String,
    pub body: serde_json::Value,
}

/// Receives the server's outbound API callbacks.
#[derive(Clone, Default)]
pub struct Sink {
    pub delivered: Arc<Mutex<Vec<Delivery>>>,
    /// Requests received, answered or not.
    pub received: Arc<Mutex<Vec<String>>>,
    /// While true, requests are received but never answered (a provider hanging mid-send).
    pub hang: Arc<AtomicBool>,
}

impl Sink {
    /// Starts the sink on a random loopback port; returns its callback URL.
    pub async fn start(&self) -> String {
        let app = Router::new().route("/cb", post(receive)).with_state(self.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        format!("http://{addr}/cb")
    }

    pub fn delivered(&self) -> Vec<Delivery> {
        self.delivered.lock().unwrap().clone()
    }

    pub fn received_count(&self) -> usize {
        self.received.lock().unwrap().len()
    }

    /// Waits until `n` deliveries were answered, or panics after `secs`.
    pub async fn wait_for(&self, n: usize, secs: u64) -> Vec<Delivery> {
        for _ in 0..secs * 20 {
            let d = self.delivered();
            if d.len() >= n {
                return d;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("expected {n} deliveries within {secs}s, got {}", self.delivered().len());
    }
}

async fn receive(State(sink): State<Sink>, headers: HeaderMap, body: String) -> StatusCode {
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    sink.received.lock().unwrap().push(key.clone());
    if sink.hang.load(Ordering::SeqCst) {
        std::future::pending::<()>().await;
    }
    let body = serde_json::from_str(&body).unwrap_or(serde_json::Value::Null);
    sink.delivered.lock().unwrap().push(Delivery {
        idempotency_key: key,
        body,
    });
    StatusCode::OK
}

pub const TOKEN: &str = "test-token";

/// A configuration for tests: random port, temporary data dir, API channel on, fast outbox.
pub fn test_config(data_dir: &std::path::Path, callback: &str, database_url: Option<String>) -> Config {
    let mut config = Config::load(None, |_| None).unwrap();
    config.data_dir = data_dir.to_owned();
    config.http.addr = "127.0.0.1:0".parse().unwrap();
    config.database.url = database_url;
    config.channels.api.token = Some(TOKEN.into());
    config.channels.api.callback_url = Some(callback.into());
    config.outbox.poll_interval_ms = 50;
    config.outbox.base_delay_ms = 100;
    config
}

/// A navigator who answers in English with `password`, offline, capacity 3; not yet saved.
pub fn navigator(username: &str, display_name: &str, password: &str) -> frontdoor_core::inbox::Navigator {
    frontdoor_core::inbox::Navigator {
        id: frontdoor_core::inbox::NavigatorId::new(),
        username: username.into(),
        display_name: display_name.into(),
        role: frontdoor_core::inbox::Role::Navigator,
        languages: vec![frontdoor_core::types::LanguageTag::parse("en").unwrap()],
        needs: vec![],
        capacity: 3,
        presence: frontdoor_core::inbox::Presence::Offline,
        disabled: false,
        password_hash: frontdoor_server::inbox::hash_password(password).unwrap(),
        failed_logins: 0,
        locked_until: None,
    }
}

pub async fn spawn_app(config: Config, options: StartOptions) -> RunningServer {
    frontdoor_server::start(config, options).await.expect("server starts")
}

/// Posts one message on the API channel.
pub async fn post_message(
    client: &reqwest::Client,
    base: &str,
    from: &str,
    text: &str,
    id: Option<&str>,
) -> reqwest::Response {
    let mut body = serde_json::json!({"from": from, "text": text});
    if let Some(id) = id {
        body["id"] = id.into();
    }
    client
        .post(format!("{base}/channels/api/messages"))
        .header("authorization", format!("Bearer {TOKEN}"))
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .unwrap()
}

/// The PostgreSQL URL for a fresh schema, when `FRONTDOOR_TEST_DATABASE_URL` is set.
pub async fn postgres_schema_url() -> Option<String> {
    let url = std::env::var("FRONTDOOR_TEST_DATABASE_URL").ok()?;
    let schema = format!("t_{}", uuid::Uuid::new_v4().simple());
    // Creating the store in the schema runs migrations there; the server then connects with
    // search_path set through the URL's options parameter.
    frontdoor_store::PgStore::connect_in_schema(&url, Some(&schema))
        .await
        .unwrap()
        .close()
        .await;
    let sep = if url.contains('?') { '&' } else { '?' };
    Some(format!("{url}{sep}options=-c%20search_path%3D{schema}"))
}
