//! SMS over the Twilio protocol, end to end on loopback: webhooks signed by Twilio's official
//! Python helper library (PyPI `twilio`, installed by scripts/test) are posted to the running
//! server; replies go to a Twilio REST double that checks every request against Twilio's
//! OpenAPI description and can fail on demand (429, 21610).

mod common;

use common::*;
use frontdoor_channels::sms::testing::{Failure, TwilioDouble};
use frontdoor_channels::sms::TwilioConfig;
use frontdoor_server::StartOptions;
use std::sync::Arc;
use std::time::Duration;

const ACCOUNT: &str = "AC0123456789abcdef0123456789abcdef";
const TOKEN: &str = "f0e1d2c3b4a5968778695a4b3c2d1e0f";
const HELPLINE: &str = "+16475550211";
const PUBLIC: &str = "https://help.frontdoor.example";

/// Signs a webhook with twilio-python's RequestValidator: the reference implementation.
fn twilio_signature(url: &str, params: &[(&str, &str)]) -> String {
    let params: serde_json::Map<String, serde_json::Value> = params
        .iter()
        .map(|(k, v)| ((*k).to_owned(), serde_json::Value::from(*v)))
        .collect();
    let script = "import json,sys\nfrom twilio.request_validator import RequestValidator\n\
                  a=json.loads(sys.argv[1])\nprint(RequestValidator(a['token']).compute_signature(a['url'], a['params']))";
    let arg = serde_json::json!({"token": TOKEN, "url": url, "params": params}).to_string();
    let out = std::process::Command::new("python3")
        .args(["-c", script, &arg])
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "twilio-python is needed (pip install twilio): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

fn form(params: &[(&str, &str)]) -> String {
    params
        .iter()
        .map(|(k, v)| format!("{}={}", urlencode(k), urlencode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            b' ' => "+".to_owned(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn sms_params<'a>(sid: &'a str, from: &'a str, body: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("MessageSid", sid),
        ("SmsSid", sid),
        ("AccountSid", ACCOUNT),
        ("From", from),
        ("To", HELPLINE),
        ("Body", body),
        ("NumMedia", "0"),
        ("NumSegments", "1"),
        ("ApiVersion", "2010-04-01"),
    ]
}

async fn post_signed(client: &reqwest::Client, base: &str, params: &[(&str, &str)], tamper: bool) -> reqwest::Response {
    let signature = twilio_signature(&format!("{PUBLIC}/channels/sms/twilio"), params);
    let mut body = form(params);
    if tamper {
        body = body.replace("Body=", "Body=free+money+");
    }
    client
        .post(format!("{base}/channels/sms/twilio"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("x-twilio-signature", signature)
        .body(body)
        .send()
        .await
        .unwrap()
}

async fn start(double: &TwilioDouble) -> (frontdoor_server::RunningServer, tempfile::TempDir) {
    start_with(
        double,
        Some(Arc::new(frontdoor_core::engine::MinimalPolicy)),
        false,
        |_| {},
    )
    .await
}

/// Starts the server against the double with `policy` (`None`: the full dialogue policy with its
/// Fluent texts), the real model when `with_models` (FRONTDOOR_MODEL_PATH), and a configuration
/// adjusted by `adjust`.
async fn start_with(
    double: &TwilioDouble,
    policy: Option<Arc<dyn frontdoor_core::engine::Policy>>,
    with_models: bool,
    adjust: impl FnOnce(&mut frontdoor_server::config::Config),
) -> (frontdoor_server::RunningServer, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let mut config = test_config(dir.path(), "http://127.0.0.1:9/unused", None);
    let twilio: TwilioConfig = serde_json::from_value(serde_json::json!({
        "accounts": [{"account_sid": ACCOUNT, "auth_token": TOKEN, "numbers": [HELPLINE], "messaging_service_sids": []}],
        "public_base_url": PUBLIC,
    }))
    .unwrap();
    config.channels.sms.twilio = Some(twilio);
    config.channels.sms.api_base_url = Some(double.base_url());
    if with_models {
        config.models.path = std::env::var_os("FRONTDOOR_MODEL_PATH").map(Into::into);
    }
    adjust(&mut config);
    let options = StartOptions {
        policy,
        without_models: !with_models,
        ..StartOptions::default()
    };
    (spawn_app(config, options).await, dir)
}

/// Waits until /metrics shows `line` (the outbox recorded what the double answered).
async fn wait_metric(client: &reqwest::Client, base: &str, line: &str) {
    for _ in 0..200 {
        let metrics = client
            .get(format!("{base}/metrics"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        if metrics.lines().any(|l| l == line) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("metrics never showed {line}");
}

async fn wait_requests(double: &TwilioDouble, n: usize) {
    for _ in 0..200 {
        if double.requests().len() >= n {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("expected {n} REST calls, got {}", double.requests().len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signed_webhooks_are_answered_tampered_refused_and_replays_not_answered_twice() {
    let double = TwilioDouble::start(&TwilioDouble::default_spec_path()).await.unwrap();
    double.allow(ACCOUNT, TOKEN);
    let (app, _dir) = start(&double).await;
    let base = format!("http://{}", app.addr());
    let client = reqwest::Client::new();

    let params = sms_params(
        "SM00000000000000000000000000000001",
        "+14165550123",
        "I need food in Scarborough",
    );
    let ok = post_signed(&client, &base, &params, false).await;
    assert_eq!(ok.status(), 200);
    assert_eq!(ok.headers()["content-type"], "text/xml");
    assert!(
        ok.text().await.unwrap().contains("<Response></Response>"),
        "empty TwiML acknowledgement"
    );

    let tampered = post_signed(&client, &base, &params, true).await;
    assert_eq!(tampered.status(), 403, "a body changed after signing is refused");
    let unsigned = client
        .post(format!("{base}/channels/sms/twilio"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form(&params))
        .send()
        .await
        .unwrap();
    assert_eq!(unsigned.status(), 403);

    let replay = post_signed(&client, &base, &params, false).await;
    assert_eq!(replay.status(), 200, "Twilio's retry is acknowledged");
    // A second, distinct message closes the window: its reply follows any the replay caused.
    let next = sms_params("SM00000000000000000000000000000002", "+14165550123", "hello?");
    post_signed(&client, &base, &next, false).await;
    wait_requests(&double, 2).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let requests = double.requests();
    assert_eq!(requests.len(), 2, "one reply per distinct MessageSid: {requests:?}");
    assert!(
        double.violations().is_empty(),
        "every REST call matches Twilio's OpenAPI: {:?}",
        double.violations()
    );
    let first = &requests[0];
    assert_eq!(first.path, format!("/2010-04-01/Accounts/{ACCOUNT}/Messages.json"));
    assert_eq!(first.param("To"), Some("+14165550123"));
    assert_eq!(
        first.param("From"),
        Some(HELPLINE),
        "the reply comes from the number the person wrote to"
    );
    assert_eq!(
        first.param("StatusCallback"),
        Some(format!("{PUBLIC}/channels/sms/twilio/status").as_str())
    );
    assert_eq!(first.basic_user.as_deref(), Some(ACCOUNT));
    app.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stop_opts_out_at_the_outbox_and_21610_marks_the_contact() {
    let double = TwilioDouble::start(&TwilioDouble::default_spec_path()).await.unwrap();
    double.allow(ACCOUNT, TOKEN);
    let (app, _dir) = start(&double).await;
    let base = format!("http://{}", app.addr());
    let client = reqwest::Client::new();

    // "Stop calling my mom" is a message, not an opt-out: it is answered.
    post_signed(
        &client,
        &base,
        &sms_params(
            "SM10000000000000000000000000000001",
            "+14165550124",
            "Stop calling my mom",
        ),
        false,
    )
    .await;
    wait_requests(&double, 1).await;
    // STOP: stored, not answered, and nothing is ever sent again to that number.
    post_signed(
        &client,
        &base,
        &sms_params("SM10000000000000000000000000000002", "+14165550124", "STOP"),
        false,
    )
    .await;
    post_signed(
        &client,
        &base,
        &sms_params("SM10000000000000000000000000000003", "+14165550124", "hello"),
        false,
    )
    .await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_eq!(double.requests().len(), 1, "no message to an opted-out number");
    // START resumes.
    post_signed(
        &client,
        &base,
        &sms_params("SM10000000000000000000000000000004", "+14165550124", "START"),
        false,
    )
    .await;
    wait_requests(&double, 2).await;

    // The carrier says another number unsubscribed (21610): it is opted out, not retried.
    double.fail_next(1, Failure::Unsubscribed);
    post_signed(
        &client,
        &base,
        &sms_params("SM20000000000000000000000000000001", "+14165550125", "hi"),
        false,
    )
    .await;
    wait_requests(&double, 3).await;
    wait_metric(&client, &base, "frontdoor_outbound_dead_total{channel=\"sms\"} 1").await;
    post_signed(
        &client,
        &base,
        &sms_params("SM20000000000000000000000000000002", "+14165550125", "hi again"),
        false,
    )
    .await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_eq!(
        double.requests().len(),
        3,
        "21610 is permanent and the number is not messaged again"
    );

    // 429 is retried with backoff until it goes through.
    double.fail_next(1, Failure::TooManyRequests { retry_after_secs: None });
    post_signed(
        &client,
        &base,
        &sms_params("SM30000000000000000000000000000001", "+14165550126", "hi"),
        false,
    )
    .await;
    wait_requests(&double, 5).await;
    let last = double.requests();
    assert_eq!(last[3].status, 429);
    assert_eq!(last[4].status, 201, "retried after 429");
    assert!(double.violations().is_empty(), "{:?}", double.violations());
    app.shutdown().await.unwrap();
}

fn mms_params<'a>(sid: &'a str, from: &'a str, body: &'a str) -> Vec<(&'a str, &'a str)> {
    let mut params = sms_params(sid, from, body);
    params.retain(|(k, _)| *k != "NumMedia");
    params.extend([
        ("NumMedia", "1"),
        ("MediaContentType0", "image/jpeg"),
        (
            "MediaUrl0",
            "https://api.twilio.com/2010-04-01/Accounts/ACtest-account/Messages/MM0001/Media/ME0001",
        ),
    ]);
    params
}

/// The bodies the double was asked to send to `to`, in order.
fn bodies_to(double: &TwilioDouble, to: &str) -> Vec<String> {
    double
        .requests()
        .iter()
        .filter(|r| r.param("To") == Some(to))
        .filter_map(|r| r.param("Body").map(str::to_owned))
        .collect()
}

async fn wait_bodies_to(double: &TwilioDouble, to: &str, n: usize) -> Vec<String> {
    for _ in 0..200 {
        let bodies = bodies_to(double, to);
        if bodies.len() >= n {
            return bodies;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("expected {n} replies to {to}, got {:?}", bodies_to(double, to));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_picture_without_text_gets_the_localized_text_only_answer_and_text_with_it_is_read() {
    let double = TwilioDouble::start(&TwilioDouble::default_spec_path()).await.unwrap();
    double.allow(ACCOUNT, TOKEN);
    let (app, _dir) = start_with(&double, None, false, |_| {}).await;
    let base = format!("http://{}", app.addr());
    let client = reqwest::Client::new();
    let texts = frontdoor_server::dialogs::texts().unwrap();
    let lang = |l: &str| frontdoor_core::types::LanguageTag::parse(l).unwrap();

    // First contact with a picture only: the welcome (with STOP), then the text-only answer.
    let alone = "+14165550131";
    let ok = post_signed(
        &client,
        &base,
        &mms_params("SM40000000000000000000000000000001", alone, ""),
        false,
    )
    .await;
    assert_eq!(ok.status(), 200);
    assert!(
        ok.text().await.unwrap().contains("<Response></Response>"),
        "empty TwiML, no inline reply"
    );
    let bodies = wait_bodies_to(&double, alone, 2).await;
    assert!(bodies[0].contains("STOP"), "first contact is welcomed: {bodies:?}");
    assert_eq!(bodies[1], frontdoor_channels::sms::MMS_TEXT_ONLY_REPLY_EN);
    assert_eq!(bodies[1], texts.get(&lang("en"), "media-not-read", &[]));

    // A Spanish speaker's picture is answered in Spanish, from the outbox like any reply.
    let spanish = "+14165550132";
    post_signed(
        &client,
        &base,
        &sms_params("SM40000000000000000000000000000002", spanish, "en español"),
        false,
    )
    .await;
    wait_bodies_to(&double, spanish, 1).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let before = bodies_to(&double, spanish).len();
    post_signed(
        &client,
        &base,
        &mms_params("SM40000000000000000000000000000003", spanish, ""),
        false,
    )
    .await;
    let bodies = wait_bodies_to(&double, spanish, before + 1).await;
    let expected = texts.get(&lang("es"), "media-not-read", &[]);
    assert_ne!(expected, frontdoor_channels::sms::MMS_TEXT_ONLY_REPLY_EN);
    assert_eq!(bodies[before..], [expected], "one Spanish text-only answer");

    // A picture with words: the words are read as any message (here, a language request).
    let with_text = "+14165550133";
    post_signed(
        &client,
        &base,
        &mms_params("SM40000000000000000000000000000004", with_text, "en français"),
        false,
    )
    .await;
    wait_bodies_to(&double, with_text, 1).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let bodies = bodies_to(&double, with_text);
    let french = texts.get(&lang("fr"), "self-name", &[]);
    let switched = texts.get(&lang("fr"), "language-switched", &[("language", french)]);
    assert!(
        bodies.iter().any(|b| b == &switched),
        "the text was processed: {bodies:?}"
    );
    assert!(
        !bodies
            .iter()
            .any(|b| b == &texts.get(&lang("fr"), "media-not-read", &[])),
        "text with a picture is answered on its text: {bodies:?}"
    );
    assert!(double.violations().is_empty(), "{:?}", double.violations());
    app.shutdown().await.unwrap();
}

/// One reply per turn, saying whether the turn saw a crisis: turns can be counted at the double.
struct OneReplyPerTurn;

#[async_trait::async_trait]
impl frontdoor_core::engine::Policy for OneReplyPerTurn {
    async fn respond(
        &self,
        input: frontdoor_core::engine::TurnInput<'_>,
        understood: &frontdoor_core::ports::Understood,
        _: &frontdoor_core::engine::Ports,
    ) -> frontdoor_core::ports::TurnOutcome {
        let text = if understood.crisis.is_some() {
            "crisis turn"
        } else {
            "turn"
        };
        frontdoor_core::ports::TurnOutcome {
            conversation: input.conversation.clone(),
            replies: vec![frontdoor_core::conversation::OutboundDraft::bot(text)],
            events: Vec::new(),
            handoff: None,
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_from_one_number_is_kept_but_not_answered_past_the_limit_except_a_crisis() {
    let double = TwilioDouble::start(&TwilioDouble::default_spec_path()).await.unwrap();
    double.allow(ACCOUNT, TOKEN);
    let (app, dir) = start_with(&double, Some(Arc::new(OneReplyPerTurn)), true, |c| {
        c.channels.sms.rate_limit_per_minute = 3;
    })
    .await;
    let base = format!("http://{}", app.addr());
    let client = reqwest::Client::new();
    let flooder = "+14165550141";
    let sid = |n: u32| format!("SM5000000000000000000000000000{n:04}");

    for n in 1..=3 {
        let ok = post_signed(
            &client,
            &base,
            &sms_params(&sid(n), flooder, "hello, are you there?"),
            false,
        )
        .await;
        assert_eq!(ok.status(), 200);
    }
    assert_eq!(wait_bodies_to(&double, flooder, 3).await, ["turn", "turn", "turn"]);
    // Over the limit: acknowledged with empty TwiML like any message (Twilio must not retry).
    for n in 4..=6 {
        let over = post_signed(
            &client,
            &base,
            &sms_params(&sid(n), flooder, "hello, are you there?"),
            false,
        )
        .await;
        assert_eq!(over.status(), 200, "over the limit is still acknowledged");
        assert!(over.text().await.unwrap().contains("<Response></Response>"));
    }
    // A crisis over the limit is answered all the same.
    let crisis = post_signed(
        &client,
        &base,
        &sms_params(&sid(7), flooder, "i want to kill myself"),
        false,
    )
    .await;
    assert_eq!(crisis.status(), 200);
    let bodies = wait_bodies_to(&double, flooder, 4).await;
    assert_eq!(
        bodies[3], "crisis turn",
        "the crisis message over the limit got its turn: {bodies:?}"
    );
    // Another number has its own allowance.
    post_signed(&client, &base, &sms_params(&sid(8), "+14165550142", "hello"), false).await;
    wait_bodies_to(&double, "+14165550142", 1).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        bodies_to(&double, flooder).len(),
        4,
        "messages 4-6 were not answered: {:?}",
        bodies_to(&double, flooder)
    );
    app.shutdown().await.unwrap();

    // Nothing was lost: all seven are stored, and none is left for the recovery sweep to answer.
    use frontdoor_core::ports::Store;
    let store = frontdoor_store::SqliteStore::open(&dir.path().join("frontdoor.db"))
        .await
        .unwrap();
    assert!(
        store.conversations_with_pending(10).await.unwrap().is_empty(),
        "every message marked processed"
    );
    let conversations = store
        .conversations_since(frontdoor_core::types::Timestamp(0), 10)
        .await
        .unwrap();
    let flood = conversations
        .iter()
        .find(|c| c.address.address() == flooder)
        .expect("the flooder's conversation");
    let inbound = store
        .messages(flood.id)
        .await
        .unwrap()
        .into_iter()
        .filter(|m| m.direction == frontdoor_core::conversation::Direction::Inbound)
        .count();
    assert_eq!(inbound, 7, "every message of the flood is stored");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_webhook_body_larger_than_twilio_sends_is_refused_with_413() {
    let double = TwilioDouble::start(&TwilioDouble::default_spec_path()).await.unwrap();
    double.allow(ACCOUNT, TOKEN);
    let (app, _dir) = start(&double).await;
    let base = format!("http://{}", app.addr());
    let client = reqwest::Client::new();

    // The largest body Twilio can send: 1,600 four-byte characters, percent-encoded (~19 KB).
    let longest = "\u{1F600}".repeat(1600);
    let params = sms_params("SM60000000000000000000000000000001", "+14165550151", &longest);
    let ok = post_signed(&client, &base, &params, false).await;
    assert_eq!(ok.status(), 200, "the longest real message is accepted");

    // Over the SMS limit (32 KiB) but under the app-wide one (64 KiB): the SMS route refuses it.
    let padded = format!("{}&Padding={}", form(&params), "x".repeat(40 * 1024));
    assert!(padded.len() < frontdoor_server::config::Config::default().http.body_limit_bytes);
    for path in ["/channels/sms/twilio", "/channels/sms/twilio/status"] {
        let big = client
            .post(format!("{base}{path}"))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("x-twilio-signature", "irrelevant")
            .body(padded.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(big.status(), 413, "{path}: a body no Twilio webhook has is refused");
    }
    // Over the app-wide limit too.
    let huge = client
        .post(format!("{base}/channels/sms/twilio"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("x".repeat(100 * 1024))
        .send()
        .await
        .unwrap();
    assert_eq!(huge.status(), 413);
    wait_requests(&double, 1).await;
    assert_eq!(double.requests().len(), 1, "only the real message was answered");
    app.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reply_sent_after_a_restart_still_comes_from_the_number_the_person_wrote_to() {
    const SECOND_LINE: &str = "+16475550212";
    let double = TwilioDouble::start(&TwilioDouble::default_spec_path()).await.unwrap();
    double.allow(ACCOUNT, TOKEN);
    let dir = tempfile::tempdir().unwrap();
    let config = |base_delay_ms: u64| {
        let mut config = test_config(dir.path(), "http://127.0.0.1:9/unused", None);
        let twilio: TwilioConfig = serde_json::from_value(serde_json::json!({
            "accounts": [{"account_sid": ACCOUNT, "auth_token": TOKEN, "numbers": [HELPLINE, SECOND_LINE], "messaging_service_sids": []}],
            "public_base_url": PUBLIC,
        }))
        .unwrap();
        config.channels.sms.twilio = Some(twilio);
        config.channels.sms.api_base_url = Some(double.base_url());
        config.outbox.base_delay_ms = base_delay_ms;
        config
    };
    let options = || StartOptions {
        policy: Some(Arc::new(frontdoor_core::engine::MinimalPolicy)),
        without_models: true,
        ..StartOptions::default()
    };
    let app = spawn_app(config(3_000), options()).await;
    let base = format!("http://{}", app.addr());
    let client = reqwest::Client::new();

    // The person writes to the second number; the first send fails and is retried 3 s later,
    // by then on a restarted server that has nothing in memory.
    double.fail_next(1, Failure::ServerError);
    let mut params = sms_params("SM70000000000000000000000000000001", "+14165550171", "hello");
    for (k, v) in params.iter_mut() {
        if *k == "To" {
            *v = SECOND_LINE;
        }
    }
    assert_eq!(post_signed(&client, &base, &params, false).await.status(), 200);
    wait_requests(&double, 1).await;
    assert_eq!(double.requests()[0].param("From"), Some(SECOND_LINE));
    app.shutdown().await.unwrap();

    let app = spawn_app(config(100), options()).await;
    wait_requests(&double, 2).await;
    let retried = &double.requests()[1];
    assert_eq!(retried.status, 201, "the retry goes through");
    assert_eq!(
        retried.param("From"),
        Some(SECOND_LINE),
        "the route survived the restart (the default would be {HELPLINE})"
    );
    assert!(double.violations().is_empty(), "{:?}", double.violations());
    app.shutdown().await.unwrap();
}
