//! Load run for the SMS webhook (not a timed test): 50 signed webhooks per second for 60 s on
//! loopback against the real server (real SQLite store, full dialogue with the model when
//! FRONTDOOR_MODEL_PATH is set), replies going to a Twilio REST double. Prints acknowledgement
//! latency percentiles and checks that every message was stored once and none twice.
//! Run: `cargo bench -p frontdoor --bench sms_load --profile dev` (FRONTDOOR_LOAD_SECS to change).

use frontdoor_channels::sms::signature::compute_signature;
use frontdoor_channels::sms::testing::TwilioDouble;
use frontdoor_core::ports::Store;
use std::time::{Duration, Instant};

const ACCOUNT: &str = "AC0123456789abcdef0123456789abcdef";
const TOKEN: &str = "f0e1d2c3b4a5968778695a4b3c2d1e0f";
const PUBLIC: &str = "https://help.frontdoor.example";

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(run());
}

async fn run() {
    let secs: u64 = std::env::var("FRONTDOOR_LOAD_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    let rate = 50u64;
    let double = TwilioDouble::start(&TwilioDouble::default_spec_path()).await.unwrap();
    double.allow(ACCOUNT, TOKEN);
    let dir = tempfile::tempdir().unwrap();
    let mut config = frontdoor_server::config::Config::load(None, |k| std::env::var(k).ok()).unwrap();
    config.data_dir = dir.path().to_owned();
    config.http.addr = "127.0.0.1:0".parse().unwrap();
    config.log.level = "warn".into();
    config.channels.sms.twilio = Some(
        serde_json::from_value(serde_json::json!({
            "accounts": [{"account_sid": ACCOUNT, "auth_token": TOKEN, "numbers": ["+16475550211"], "messaging_service_sids": []}],
            "public_base_url": PUBLIC,
        }))
        .unwrap(),
    );
    config.channels.sms.api_base_url = Some(double.base_url());
    let with_models = config.models.path.is_some();
    let options = frontdoor_server::StartOptions {
        without_models: !with_models,
        ..Default::default()
    };
    let app = frontdoor_server::start(config, options).await.unwrap();
    let base = format!("http://{}", app.addr());
    let client = reqwest::Client::new();
    let total = rate * secs;
    let texts = [
        "i need food",
        "where can i sleep tonight",
        "help with rent",
        "hi",
        "thanks",
        "M1N 1P1",
    ];
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(total as usize);
    for i in 0..total {
        let due = started + Duration::from_millis(i * 1000 / rate);
        tokio::time::sleep_until(due.into()).await;
        let (client, base) = (client.clone(), base.clone());
        tasks.push(tokio::spawn(async move {
            let sid = format!("SM{:032x}", i);
            let from = format!("+1416555{:04}", i % 200);
            let params: Vec<(String, String)> = [
                ("MessageSid", sid.as_str()),
                ("AccountSid", ACCOUNT),
                ("From", from.as_str()),
                ("To", "+16475550211"),
                ("Body", texts[(i % texts.len() as u64) as usize]),
                ("NumMedia", "0"),
            ]
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
            let signature = compute_signature(TOKEN, &format!("{PUBLIC}/channels/sms/twilio"), &params);
            let body: String = form_urlencoded::Serializer::new(String::new())
                .extend_pairs(&params)
                .finish();
            let t = Instant::now();
            let response = client
                .post(format!("{base}/channels/sms/twilio"))
                .header("content-type", "application/x-www-form-urlencoded")
                .header("x-twilio-signature", signature)
                .body(body)
                .send()
                .await;
            let ok = response.map(|r| r.status() == 200).unwrap_or(false);
            (t.elapsed(), ok)
        }));
    }
    let mut latencies = Vec::with_capacity(tasks.len());
    let mut failed = 0;
    for task in tasks {
        let (latency, ok) = task.await.unwrap();
        latencies.push(latency);
        failed += usize::from(!ok);
    }
    latencies.sort();
    let pct = |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)];
    println!(
        "sms webhook load: {total} requests at {rate}/s over {secs} s (model: {with_models}); ack p50 {:?}, p99 {:?}, max {:?}; non-200: {failed}",
        pct(0.5),
        pct(0.99),
        latencies.last().unwrap()
    );
    app.shutdown().await.unwrap();
    let store = frontdoor_store::SqliteStore::open(&dir.path().join("frontdoor.db"))
        .await
        .unwrap();
    let mut inbound = 0usize;
    for c in store
        .conversations_since(frontdoor_core::types::Timestamp(0), 100_000)
        .await
        .unwrap()
    {
        inbound += store
            .messages(c.id)
            .await
            .unwrap()
            .iter()
            .filter(|m| m.direction == frontdoor_core::conversation::Direction::Inbound)
            .count();
    }
    println!(
        "stored inbound messages: {inbound} of {total} sent (lost: {}, duplicated: {})",
        total as usize - inbound.min(total as usize),
        inbound.saturating_sub(total as usize)
    );
}
