//! Inbound-message and status-callback webhooks, end to end through `SmsChannel`: the cases in
//! `fixtures/sms_webhook_cases.json` (signed here for the accounts of
//! `fixtures/sms_twilio_config.json`), and the courier payloads of the shared signature vectors,
//! which twilio-python signed.

use frontdoor_channels::sms::signature::compute_signature;
use frontdoor_channels::sms::{
    SmsChannel, SmsKeyword, SmsSender, TwilioConfig, WebhookMethod, WebhookRequest, ERROR_UNSUBSCRIBED,
};
use frontdoor_channels::{RawRequest, Rejection};
use frontdoor_core::types::{ChannelKind, Timestamp};
use serde_json::Value;
use std::path::PathBuf;

fn fixture(name: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn channel() -> SmsChannel {
    let config: TwilioConfig = serde_json::from_value(fixture("sms_twilio_config.json")).expect("config fixture");
    SmsChannel::new(config).expect("valid config")
}

fn pairs(params: &Value) -> Vec<(String, String)> {
    params
        .as_object()
        .into_iter()
        .flatten()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
        .collect()
}

fn encode(pairs: &[(String, String)]) -> Vec<u8> {
    let mut form = form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        form.append_pair(k, v);
    }
    form.finish().into_bytes()
}

/// The request a case describes, signed as it says.
fn request(channel: &SmsChannel, case: &Value) -> (WebhookMethod, String, RawRequest) {
    let method = match case["method"].as_str() {
        Some("GET") => WebhookMethod::Get,
        _ => WebhookMethod::Post,
    };
    let path_and_query = case["path_and_query"].as_str().expect("path_and_query").to_owned();
    let signed_params = if method == WebhookMethod::Get {
        Vec::new()
    } else {
        pairs(&case["params"])
    };
    let mut sent_params = signed_params.clone();
    for (name, value) in pairs(&case["tamper"]) {
        match sent_params.iter_mut().find(|(k, _)| *k == name) {
            Some(pair) => pair.1 = value,
            None => sent_params.push((name, value)),
        }
    }
    let mut headers = vec![(
        "content-type".to_owned(),
        "application/x-www-form-urlencoded".to_owned(),
    )];
    if let Some(signer) = case["signed_with"].as_str() {
        let token = channel
            .config()
            .accounts
            .iter()
            .find(|a| a.account_sid.as_str() == signer)
            .map_or(signer, |a| a.auth_token.expose());
        let url = case["signed_url"]
            .as_str()
            .map(str::to_owned)
            .unwrap_or_else(|| channel.config().public_url(&path_and_query));
        headers.push((
            "x-twilio-signature".to_owned(),
            compute_signature(token, &url, &signed_params),
        ));
    }
    let body = if method == WebhookMethod::Get {
        Vec::new()
    } else {
        encode(&sent_params)
    };
    (method, path_and_query, RawRequest { headers, body })
}

fn check_rejection(id: &str, got: Rejection, expected: &str) {
    let ok = match expected {
        "unauthenticated" => matches!(got, Rejection::Unauthenticated(_)),
        "malformed" => matches!(got, Rejection::Malformed(_)),
        other => panic!("{id}: unknown rejection {other}"),
    };
    assert!(ok, "{id}: expected {expected}, got {got:?}");
}

fn keyword_name(keyword: Option<SmsKeyword>) -> Value {
    match keyword {
        None => Value::Null,
        Some(SmsKeyword::OptOut) => "opt_out".into(),
        Some(SmsKeyword::OptIn) => "opt_in".into(),
        Some(SmsKeyword::Help) => "help".into(),
    }
}

#[test]
fn every_webhook_case_is_read_or_refused_as_expected() {
    let channel = channel();
    let cases = fixture("sms_webhook_cases.json");
    let cases = cases["cases"].as_array().expect("cases");
    for case in cases {
        let id = case["id"].as_str().expect("id");
        let (method, path_and_query, raw) = request(&channel, case);
        let req = WebhookRequest {
            method,
            path_and_query: &path_and_query,
            raw: &raw,
        };
        match case["kind"].as_str() {
            Some("inbound") => match (channel.parse_inbound(&req, Timestamp(42)), case.get("reject")) {
                (Err(got), Some(expected)) => check_rejection(id, got, expected.as_str().unwrap_or_default()),
                (Ok(sms), None) => {
                    let want = &case["expect"];
                    assert_eq!(sms.inbound.from.channel(), ChannelKind::Sms, "{id}");
                    assert_eq!(sms.inbound.from.address(), want["from"], "{id}: from");
                    assert_eq!(sms.to.as_str(), want["to"], "{id}: to");
                    assert_eq!(sms.inbound.text, want["text"], "{id}: text");
                    assert_eq!(sms.inbound.received_at, Timestamp(42), "{id}");
                    let provider_id = sms.inbound.provider_id.as_ref().map(|p| p.as_str().to_owned());
                    assert_eq!(
                        provider_id.as_deref(),
                        want["provider_id"].as_str(),
                        "{id}: provider id"
                    );
                    assert_eq!(sms.account_sid.as_str(), want["account_sid"], "{id}: account");
                    assert_eq!(u64::from(sms.num_media), want["num_media"], "{id}: NumMedia");
                    assert_eq!(sms.is_mms(), want["mms"], "{id}: MMS");
                    let service = sms.messaging_service_sid.as_ref().map(|s| s.as_str().to_owned());
                    assert_eq!(
                        service.as_deref(),
                        want["messaging_service_sid"].as_str(),
                        "{id}: service"
                    );
                    assert_eq!(keyword_name(sms.keyword), want["keyword"], "{id}: keyword");
                    let route = sms.reply_route();
                    assert_eq!(route.account_sid, sms.account_sid, "{id}: reply account");
                    let reply_from = match &route.sender {
                        SmsSender::Number(n) => n.as_str().to_owned(),
                        SmsSender::MessagingService(s) => s.as_str().to_owned(),
                    };
                    assert_eq!(reply_from, want["reply_from"], "{id}: reply from");
                }
                (got, _) => panic!("{id}: unexpected outcome {got:?}"),
            },
            Some("status") => match (channel.parse_status(&req), case.get("reject")) {
                (Err(got), Some(expected)) => check_rejection(id, got, expected.as_str().unwrap_or_default()),
                (Ok(update), None) => {
                    let want = &case["expect_status"];
                    assert_eq!(update.message_sid.as_str(), want["message_sid"], "{id}");
                    assert_eq!(update.status.as_str(), want["status"], "{id}");
                    assert_eq!(update.error_code.map(u64::from), want["error_code"].as_u64(), "{id}");
                    assert_eq!(update.account_sid.as_str(), want["account_sid"], "{id}");
                    assert_eq!(update.to.as_ref().map(|t| t.as_str()), want["to"].as_str(), "{id}");
                    assert_eq!(update.is_unsubscribed(), want["unsubscribed"], "{id}");
                    assert_eq!(update.status.is_failure(), want["failure"], "{id}");
                }
                (got, _) => panic!("{id}: unexpected outcome {got:?}"),
            },
            other => panic!("{id}: unknown kind {other:?}"),
        }
    }
}

#[test]
fn refusals_do_not_echo_the_message() {
    let channel = channel();
    let cases = fixture("sms_webhook_cases.json");
    for case in cases["cases"].as_array().expect("cases") {
        if case.get("reject").is_none() || case["kind"] != "inbound" {
            continue;
        }
        let (method, path_and_query, raw) = request(&channel, case);
        let req = WebhookRequest {
            method,
            path_and_query: &path_and_query,
            raw: &raw,
        };
        let refusal = channel
            .parse_inbound(&req, Timestamp(0))
            .expect_err("refused")
            .to_string();
        for secret in ["+1647", "hello", "shelter"] {
            assert!(!refusal.contains(secret), "{}: {refusal}", case["id"]);
        }
    }
}

/// The courier payloads twilio-python signed, as received on `https://example.org/...` by an
/// account whose token is 12345.
#[test]
fn courier_payloads_signed_by_twilio_python_are_read() {
    let config = TwilioConfig {
        accounts: vec![frontdoor_channels::sms::TwilioAccount {
            account_sid: frontdoor_channels::sms::AccountSid::parse("AC00000000000000000000000000000000").unwrap(),
            auth_token: frontdoor_channels::sms::AuthToken::new("12345"),
            numbers: vec![],
            messaging_service_sids: vec![],
        }],
        public_base_url: "https://example.org".into(),
    };
    let channel = SmsChannel::new(config).unwrap();
    let vectors_path = std::env::var_os("FRONTDOOR_SHARED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/data"))
        .join("twilio/signature_vectors.json");
    let text = std::fs::read_to_string(&vectors_path).expect("shared signature vectors");
    let doc: Value = serde_json::from_str(&text).unwrap();
    let (mut inbound, mut statuses) = (0, 0);
    for vector in doc["oracle_signed_payloads"].as_array().unwrap() {
        let id = vector["id"].as_str().unwrap();
        let raw = RawRequest {
            headers: vec![
                ("content-type".into(), "application/x-www-form-urlencoded".into()),
                (
                    "x-twilio-signature".into(),
                    vector["x_twilio_signature"].as_str().unwrap().into(),
                ),
            ],
            body: vector["form_body"].as_str().unwrap().as_bytes().to_vec(),
        };
        let path = vector["request_url"]
            .as_str()
            .unwrap()
            .trim_start_matches("https://example.org");
        let req = WebhookRequest {
            method: WebhookMethod::Post,
            path_and_query: path,
            raw: &raw,
        };
        let params = &vector["params"];
        if vector["kind"] == "status_callback" {
            let update = channel.parse_status(&req).unwrap_or_else(|e| panic!("{id}: {e}"));
            assert_eq!(update.status.as_str(), params["MessageStatus"], "{id}");
            assert_eq!(
                update.error_code.map(|c| c.to_string()).as_deref(),
                params["ErrorCode"].as_str(),
                "{id}"
            );
            assert_eq!(
                update.is_unsubscribed(),
                params["ErrorCode"].as_str().and_then(|c| c.parse::<u32>().ok()) == Some(ERROR_UNSUBSCRIBED),
                "{id}"
            );
            statuses += 1;
        } else if params["From"].as_str().is_some_and(|f| f.starts_with("whatsapp:")) {
            let refusal = channel
                .parse_inbound(&req, Timestamp(0))
                .expect_err("WhatsApp is not SMS");
            assert!(
                matches!(refusal, Rejection::Malformed(_)),
                "{id}: signed, so not a 403: {refusal:?}"
            );
        } else {
            let sms = channel
                .parse_inbound(&req, Timestamp(0))
                .unwrap_or_else(|e| panic!("{id}: {e}"));
            assert_eq!(sms.inbound.text, params["Body"].as_str().unwrap_or_default(), "{id}");
            assert_eq!(sms.to.as_str(), params["To"], "{id}");
            assert_eq!(sms.is_mms(), params["NumMedia"] != "0", "{id}");
            inbound += 1;
        }
    }
    assert_eq!((inbound, statuses), (6, 5), "courier payloads read");
}
