//! The Twilio REST sender against the loopback Twilio double, which checks every request against
//! Twilio's OpenAPI description (`../shared/data/twilio/twilio_api_v2010.json`).

use frontdoor_channels::sms::sender::error_code;
use frontdoor_channels::sms::testing::{Failure, TwilioDouble};
use frontdoor_channels::sms::{
    is_unsubscribed, AccountSid, AuthToken, HelplineNumber, MessagingServiceSid, RememberedRoutes, SmsRoute, SmsSender,
    TwilioAccount, TwilioConfig, TwilioSender, TwilioSenderSettings, MAX_BODY_CHARS,
};
use frontdoor_core::conversation::OutboundDraft;
use frontdoor_core::ports::{OutboundSender, OutboxItem, SendError};
use frontdoor_core::types::{ChannelAddress, ChannelKind, ConversationId, MessageId, PhoneNumber};
use std::sync::Arc;
use std::time::Duration;

const AC1: &str = "AC11111111111111111111111111111111";
const AC2: &str = "AC22222222222222222222222222222222";
const MG2: &str = "MG22222222222222222222222222222222";
const CALLBACK: &str = "https://frontdoor.example.org/channels/sms/twilio/status";

fn config() -> TwilioConfig {
    TwilioConfig {
        accounts: vec![
            TwilioAccount {
                account_sid: AccountSid::parse(AC1).unwrap(),
                auth_token: AuthToken::new("token-toronto"),
                numbers: vec![HelplineNumber::parse("+14165550100").unwrap()],
                messaging_service_sids: vec![],
            },
            TwilioAccount {
                account_sid: AccountSid::parse(AC2).unwrap(),
                auth_token: AuthToken::new("token-ottawa"),
                numbers: vec![HelplineNumber::parse("211").unwrap()],
                messaging_service_sids: vec![MessagingServiceSid::parse(MG2).unwrap()],
            },
        ],
        public_base_url: "https://frontdoor.example.org".into(),
    }
}

struct Setup {
    twilio: TwilioDouble,
    routes: Arc<RememberedRoutes>,
    sender: TwilioSender,
}

async fn setup() -> Setup {
    let twilio = TwilioDouble::start(&TwilioDouble::default_spec_path())
        .await
        .expect("Twilio double (needs ../shared/data/twilio/twilio_api_v2010.json)");
    twilio.allow(AC1, "token-toronto");
    twilio.allow(AC2, "token-ottawa");
    let routes = Arc::new(RememberedRoutes::new());
    let settings = TwilioSenderSettings {
        api_base_url: twilio.base_url(),
        timeout: Duration::from_secs(5),
        status_callback_url: Some(CALLBACK.into()),
        default_route: None,
    };
    let sender = TwilioSender::new(config(), settings, routes.clone()).expect("sender");
    Setup { twilio, routes, sender }
}

fn person(number: &str) -> ChannelAddress {
    ChannelAddress::sms(PhoneNumber::parse(number).unwrap())
}

fn item(to: ChannelAddress, text: &str) -> OutboxItem {
    OutboxItem {
        message_id: MessageId::new(),
        conversation_id: ConversationId::new(),
        to,
        draft: OutboundDraft::bot(text),
        attempt: 1,
        lease_token: MessageId::new().0,
    }
}

fn route(account: &str, sender: SmsSender) -> SmsRoute {
    SmsRoute {
        account_sid: AccountSid::parse(account).unwrap(),
        sender,
    }
}

#[tokio::test]
async fn a_reply_is_one_create_message_call_with_basic_auth_and_a_status_callback() {
    let s = setup().await;
    let to = person("+16475550123");
    let from = HelplineNumber::parse("+14165550100").unwrap();
    s.routes.remember(&to, route(AC1, SmsSender::Number(from)));
    let sid = s
        .sender
        .send(&item(to, "Here are 3 food banks near you."))
        .await
        .expect("sent");
    assert!(
        sid.as_deref().is_some_and(|s| s.starts_with("SM") && s.len() == 34),
        "{sid:?}"
    );
    assert_eq!(s.sender.channel(), ChannelKind::Sms);

    let requests = s.twilio.requests();
    assert_eq!(requests.len(), 1);
    let r = &requests[0];
    assert_eq!(s.twilio.violations(), Vec::<String>::new());
    assert_eq!(
        (r.method.as_str(), r.path.as_str()),
        (
            "POST",
            "/2010-04-01/Accounts/AC11111111111111111111111111111111/Messages.json"
        )
    );
    assert_eq!(r.operation_id.as_deref(), Some("CreateMessage"));
    assert_eq!(r.basic_user.as_deref(), Some(AC1));
    assert_eq!(r.basic_password.as_deref(), Some("token-toronto"));
    assert_eq!(r.param("To"), Some("+16475550123"));
    assert_eq!(r.param("From"), Some("+14165550100"));
    assert_eq!(r.param("MessagingServiceSid"), None);
    assert_eq!(r.param("Body"), Some("Here are 3 food banks near you."));
    assert_eq!(r.param("StatusCallback"), Some(CALLBACK));
    assert_eq!(r.status, 201);
}

#[tokio::test]
async fn a_messaging_service_route_sends_no_from() {
    let s = setup().await;
    let to = person("+16135550142");
    s.routes.remember(
        &to,
        route(
            AC2,
            SmsSender::MessagingService(MessagingServiceSid::parse(MG2).unwrap()),
        ),
    );
    s.sender
        .send(&item(to, "Bonjour! Voici l'aide près de chez vous 🙂"))
        .await
        .expect("sent");
    let r = &s.twilio.requests()[0];
    assert!(s.twilio.violations().is_empty(), "{:?}", s.twilio.violations());
    assert_eq!(r.path, format!("/2010-04-01/Accounts/{AC2}/Messages.json"));
    assert_eq!(r.basic_password.as_deref(), Some("token-ottawa"));
    assert_eq!(r.param("MessagingServiceSid"), Some(MG2));
    assert_eq!(r.param("From"), None);
    assert_eq!(r.param("Body"), Some("Bonjour! Voici l'aide près de chez vous 🙂"));
}

#[tokio::test]
async fn without_a_remembered_route_the_default_route_is_used() {
    let s = setup().await;
    s.sender
        .send(&item(person("+15195550123"), "hello"))
        .await
        .expect("sent");
    let r = &s.twilio.requests()[0];
    assert_eq!(r.basic_user.as_deref(), Some(AC1), "first account");
    assert_eq!(r.param("From"), Some("+14165550100"), "its first number");
}

#[tokio::test]
async fn rate_limits_and_server_errors_are_retried_honouring_retry_after() {
    let s = setup().await;
    s.twilio.fail_next(
        1,
        Failure::TooManyRequests {
            retry_after_secs: Some(3),
        },
    );
    s.twilio.fail_next(1, Failure::ServerError);
    let it = item(person("+16475550123"), "hello");
    match s.sender.send(&it).await {
        Err(SendError::Retry { reason, retry_after }) => {
            assert_eq!(retry_after, Some(Duration::from_secs(3)));
            assert!(reason.contains("429"), "{reason}");
        }
        other => panic!("429 must be retried: {other:?}"),
    }
    match s.sender.send(&it).await {
        Err(SendError::Retry { reason, retry_after }) => {
            assert_eq!(retry_after, None);
            assert!(reason.contains("500") && reason.contains("error 20500"), "{reason}");
        }
        other => panic!("500 must be retried: {other:?}"),
    }
    assert!(s.sender.send(&it).await.expect("third attempt goes through").is_some());
    assert_eq!(s.twilio.requests().len(), 3);
    assert!(s.twilio.violations().is_empty());
}

#[tokio::test]
async fn an_unsubscribed_recipient_is_a_permanent_failure_the_server_can_recognise() {
    let s = setup().await;
    s.twilio.fail_next(1, Failure::Unsubscribed);
    match s.sender.send(&item(person("+16475550123"), "hello")).await {
        Err(SendError::Permanent { reason }) => {
            assert!(is_unsubscribed(&reason), "{reason}");
            assert_eq!(error_code(&reason), Some(21610));
            assert!(!reason.contains("+1647"), "no phone number in the reason: {reason}");
        }
        other => panic!("21610 is permanent: {other:?}"),
    }
}

#[tokio::test]
async fn other_client_errors_are_permanent_and_not_unsubscribes() {
    let s = setup().await;
    s.twilio.fail_next(
        1,
        Failure::Error {
            status: 400,
            code: 21211,
        },
    );
    match s.sender.send(&item(person("+16475550123"), "hello")).await {
        Err(SendError::Permanent { reason }) => {
            assert_eq!(error_code(&reason), Some(21211));
            assert!(!is_unsubscribed(&reason));
        }
        other => panic!("400 is permanent: {other:?}"),
    }
}

#[tokio::test]
async fn a_wrong_auth_token_is_refused_by_twilio() {
    let s = setup().await;
    s.twilio.allow(AC1, "rotated-token");
    match s.sender.send(&item(person("+16475550123"), "hello")).await {
        Err(SendError::Permanent { reason }) => assert_eq!(error_code(&reason), Some(20003), "{reason}"),
        other => panic!("401 is permanent: {other:?}"),
    }
}

#[tokio::test]
async fn an_unreachable_api_is_retried() {
    let settings = TwilioSenderSettings {
        api_base_url: "http://127.0.0.1:9".into(),
        timeout: Duration::from_secs(2),
        ..TwilioSenderSettings::default()
    };
    let sender = TwilioSender::new(config(), settings, Arc::new(RememberedRoutes::new())).unwrap();
    assert!(matches!(
        sender.send(&item(person("+16475550123"), "hello")).await,
        Err(SendError::Retry { .. })
    ));
}

#[tokio::test]
async fn a_reply_over_1600_characters_is_cut_politely_not_refused() {
    let s = setup().await;
    let long = "Call 211 any time, day or night. ".repeat(80);
    s.sender.send(&item(person("+16475550123"), &long)).await.expect("sent");
    let body = s.twilio.requests()[0].param("Body").unwrap().to_owned();
    assert!(body.encode_utf16().count() <= MAX_BODY_CHARS);
    assert!(body.ends_with(" ..."), "{body}");
    assert!(s.twilio.violations().is_empty());
}

#[tokio::test]
async fn only_sms_addresses_are_sent() {
    let s = setup().await;
    let web = ChannelAddress::parse(ChannelKind::WebChat, "session-1").unwrap();
    assert!(matches!(
        s.sender.send(&item(web, "hi")).await,
        Err(SendError::Permanent { .. })
    ));
    let blank = item(person("+16475550123"), "   ");
    assert!(matches!(s.sender.send(&blank).await, Err(SendError::Permanent { .. })));
    assert!(s.twilio.requests().is_empty(), "nothing reached Twilio");
}

#[test]
fn a_default_route_on_an_unknown_account_is_refused_at_start_up() {
    let settings = TwilioSenderSettings {
        default_route: Some(route(
            "AC99999999999999999999999999999999",
            SmsSender::Number(HelplineNumber::parse("211").unwrap()),
        )),
        ..TwilioSenderSettings::default()
    };
    assert!(TwilioSender::new(config(), settings, Arc::new(RememberedRoutes::new())).is_err());
}

/// The double's own checks: requests that break the OpenAPI description are flagged.
#[tokio::test]
async fn the_double_flags_requests_that_break_the_openapi_description() {
    let twilio = TwilioDouble::start(&TwilioDouble::default_spec_path()).await.unwrap();
    let client = reqwest::Client::new();
    let post = |path: &str, body: &'static str| {
        client
            .post(format!("{}{path}", twilio.base_url()))
            .basic_auth(AC1, Some("token"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
    };
    let messages = format!("/2010-04-01/Accounts/{AC1}/Messages.json");
    let ok = post(&messages, "To=%2B16475550123&From=%2B14165550100&Body=hi")
        .await
        .unwrap();
    assert_eq!(ok.status().as_u16(), 201);
    assert!(twilio.violations().is_empty(), "{:?}", twilio.violations());

    let cases = [
        (messages.clone(), "From=%2B14165550100&Body=hi", "required parameter To"),
        (
            messages.clone(),
            "To=%2B16475550123&From=%2B14165550100&Body=hi&Colour=blue",
            "unknown parameter Colour",
        ),
        (
            messages.clone(),
            "To=%2B16475550123&MessagingServiceSid=MG123&Body=hi",
            "MessagingServiceSid: does not match",
        ),
        (
            messages.clone(),
            "To=%2B16475550123&From=%2B14165550100&Body=hi&ValidityPeriod=soon",
            "ValidityPeriod: is not an integer",
        ),
        (
            messages.clone(),
            "To=%2B16475550123&From=%2B14165550100&Body=hi&StatusCallback=example.org",
            "StatusCallback: is not an absolute",
        ),
        (
            "/2010-04-01/Accounts/acctid/Messages.json".to_owned(),
            "To=%2B16475550123&From=%2B14165550100&Body=hi",
            "path parameter AccountSid",
        ),
        (
            "/2010-04-01/Messages.json".to_owned(),
            "To=%2B16475550123",
            "no operation POST",
        ),
    ];
    for (path, body, expected) in cases {
        let before = twilio.violations().len();
        let response = post(&path, body).await.unwrap();
        assert_eq!(response.status().as_u16(), 400, "{path} {body}");
        let new = twilio.violations()[before..].join("; ");
        assert!(new.contains(expected), "{body}: expected {expected:?} in {new:?}");
    }

    let before = twilio.violations().len();
    let unauthenticated = client
        .post(format!("{}{messages}", twilio.base_url()))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("To=%2B16475550123&From=%2B14165550100&Body=hi")
        .send()
        .await
        .unwrap();
    assert_eq!(unauthenticated.status().as_u16(), 400);
    assert!(twilio.violations()[before..].join(" ").contains("Basic"));

    // Twilio's documented rules beyond the schema: a sender and a body are required.
    let no_sender = post(&messages, "To=%2B16475550123&Body=hi").await.unwrap();
    assert_eq!(no_sender.status().as_u16(), 400);
    assert!(no_sender.text().await.unwrap().contains("21603"));
    let no_body = post(&messages, "To=%2B16475550123&From=%2B14165550100").await.unwrap();
    assert!(no_body.text().await.unwrap().contains("21602"));
}
