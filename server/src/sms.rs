//! The SMS routes over the Twilio protocol: `POST /channels/sms/twilio` (inbound messages) and
//! `POST /channels/sms/twilio/status` (delivery reports). The protocol (signatures, keywords,
//! TwiML) is in `frontdoor_channels::sms`; this module stores, schedules and answers.

use crate::app::{raw_request, refuse, AppState};
use crate::config::SmsConfig;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use frontdoor_channels::sms::{
    self, AccountSid, HelplineNumber, MessagingServiceSid, ReplyRoutes, SmsChannel, SmsInbound, SmsKeyword, SmsRoute,
    SmsSender, TwilioConfig, WebhookMethod, WebhookRequest,
};
use frontdoor_core::conversation::OutboundDraft;
use frontdoor_core::engine::{Policy, Ports, TurnInput};
use frontdoor_core::ports::{InboundReceipt, NoUnderstanding, OutboxItem, TurnOutcome, Understanding, Understood};
use frontdoor_core::types::{ChannelAddress, ChannelKind, PhoneNumber, Timestamp};
use frontdoor_store::SmsRouteBook;
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

/// What the SMS routes need besides the app state.
#[derive(Clone)]
pub struct SmsState {
    /// Verifies and reads webhooks.
    pub channel: SmsChannel,
    /// Remembers which number each person wrote to, so replies come from it.
    pub routes: Arc<StoredRoutes>,
    /// How many messages of one number the dialogue answers per minute.
    pub rate_limit: Arc<SenderRateLimit>,
    /// Tells a crisis message apart, so one over the rate limit is still answered.
    pub understanding: Arc<dyn Understanding>,
}

impl SmsState {
    /// The SMS routes' state for these accounts and settings; `understanding` (the model's, when
    /// loaded) lets a crisis message through the rate limit; `book` keeps reply routes across
    /// restarts.
    pub fn new(
        twilio: TwilioConfig,
        config: &SmsConfig,
        understanding: Option<Arc<dyn Understanding>>,
        book: Option<Arc<dyn SmsRouteBook>>,
    ) -> anyhow::Result<Self> {
        Ok(Self {
            channel: SmsChannel::new(twilio)?,
            routes: Arc::new(StoredRoutes::new(book)),
            rate_limit: Arc::new(SenderRateLimit::per_minute(config.rate_limit_per_minute)),
            understanding: understanding.unwrap_or_else(|| Arc::new(NoUnderstanding)),
        })
    }
}

/// Which number each person wrote to, in memory and in the store: replies come from that number
/// even after a restart (an outbox retry, the recovery sweep, a navigator's reply). Memory is
/// consulted first; the store only on a miss.
pub struct StoredRoutes {
    memory: sms::RememberedRoutes,
    book: Option<Arc<dyn SmsRouteBook>>,
}

impl StoredRoutes {
    /// Routes kept in `book` (in memory only when `None`).
    pub fn new(book: Option<Arc<dyn SmsRouteBook>>) -> Self {
        Self {
            memory: sms::RememberedRoutes::new(),
            book,
        }
    }

    /// Remembers to answer `person` by `route`. A store failure is logged and the route is kept
    /// in memory: the message itself must still be accepted.
    pub async fn remember(&self, person: &ChannelAddress, route: SmsRoute, now: Timestamp) {
        self.memory.remember(person, route.clone());
        let (Some(book), Ok(phone)) = (&self.book, PhoneNumber::parse(person.address())) else {
            return;
        };
        let sender = match &route.sender {
            SmsSender::Number(number) => number.as_str(),
            SmsSender::MessagingService(service) => service.as_str(),
        };
        if let Err(e) = book
            .save_sms_route(&phone, route.account_sid.as_str(), sender, now)
            .await
        {
            tracing::warn!(channel = "sms", error = %e, "could not store a reply route; kept in memory");
        }
    }
}

#[async_trait::async_trait]
impl ReplyRoutes for StoredRoutes {
    async fn route_for(&self, item: &OutboxItem) -> Option<SmsRoute> {
        if let Some(route) = self.memory.get(&item.to) {
            return Some(route);
        }
        let book = self.book.as_ref()?;
        let phone = PhoneNumber::parse(item.to.address()).ok()?;
        let (account, sender) = match book.sms_route(&phone).await {
            Ok(found) => found?,
            Err(e) => {
                tracing::warn!(channel = "sms", message = %item.message_id, error = %e, "could not read a reply route; using the default");
                return None;
            }
        };
        let account_sid = AccountSid::parse(&account).ok()?;
        let sender = match MessagingServiceSid::parse(&sender) {
            Ok(service) => SmsSender::MessagingService(service),
            Err(_) => SmsSender::Number(HelplineNumber::parse(&sender).ok()?),
        };
        let route = SmsRoute { account_sid, sender };
        self.memory.remember(&item.to, route.clone());
        Some(route)
    }
}

/// A rolling one-minute window of arrivals per number: at most `limit` messages of one number
/// are answered per minute. Every arrival counts, answered or not, so a steady flood stays muted
/// for as long as it lasts; a minute of quiet lifts the limit. Kept in memory, per server
/// instance: behind a load balancer each instance applies it to the messages it receives.
#[derive(Debug)]
pub struct SenderRateLimit {
    limit: usize,
    window_ms: i64,
    arrivals: Mutex<HashMap<ChannelAddress, VecDeque<i64>>>,
}

impl SenderRateLimit {
    /// At most `limit` answered messages per number per minute; 0 means no limit.
    pub fn per_minute(limit: u32) -> Self {
        Self {
            limit: usize::try_from(limit).unwrap_or(usize::MAX),
            window_ms: 60_000,
            arrivals: Mutex::default(),
        }
    }

    /// Counts an arrival from `from` at `now`; true when it is within the limit.
    pub fn admit(&self, from: &ChannelAddress, now: Timestamp) -> bool {
        if self.limit == 0 {
            return true;
        }
        let mut arrivals = self.arrivals.lock().unwrap_or_else(|p| p.into_inner());
        let since = now.0 - self.window_ms;
        if arrivals.len() >= 10_000 {
            // Forget numbers that have been quiet for a whole window, so memory stays bounded.
            arrivals.retain(|_, times| times.back().is_some_and(|t| *t > since));
        }
        let times = arrivals.entry(from.clone()).or_default();
        while times.front().is_some_and(|t| *t <= since) {
            times.pop_front();
        }
        times.push_back(now.0);
        // Keep at most what decides the next answer, even under a flood.
        while times.len() > self.limit + 1 {
            times.pop_front();
        }
        times.len() <= self.limit
    }
}

fn twiml() -> Response {
    let ack = sms::acknowledgement();
    (
        StatusCode::from_u16(ack.status).unwrap_or(StatusCode::OK),
        [("content-type", ack.content_type)],
        ack.body,
    )
        .into_response()
}

/// An inbound SMS: verified, opt-out keywords applied, stored, then acknowledged with empty TwiML.
pub async fn inbound(State(state): State<AppState>, uri: Uri, headers: HeaderMap, body: Bytes) -> Response {
    let Some(sms_state) = &state.sms else {
        return (StatusCode::NOT_FOUND, "the SMS channel is not configured").into_response();
    };
    if let Some(response) = refuse_oversize(&state, "sms", &body) {
        return response;
    }
    let raw = raw_request(&headers, body);
    let path = uri
        .path_and_query()
        .map(|p| p.as_str())
        .unwrap_or("/channels/sms/twilio");
    let request = WebhookRequest {
        method: WebhookMethod::Post,
        path_and_query: path,
        raw: &raw,
    };
    let message = match sms_state.channel.parse_inbound(&request, state.clock.now()) {
        Ok(message) => message,
        Err(rejection) => return refuse(&state, "sms", &rejection),
    };
    let from = message.inbound.from.clone();
    let now = state.clock.now();
    sms_state.routes.remember(&from, message.reply_route(), now).await;
    let opt_change = match message.keyword {
        Some(SmsKeyword::OptOut) => Some((true, "keyword")),
        Some(SmsKeyword::OptIn) if !sms::is_conditional_opt_in(&message.inbound.text) => {
            Some((false, "keyword_resume"))
        }
        Some(SmsKeyword::OptIn) if state.store.is_opted_out(&from).await.unwrap_or(false) => {
            Some((false, "keyword_resume"))
        }
        _ => None,
    };
    if let Some((opted_out, why)) = opt_change {
        if let Err(e) = state.store.set_opted_out(&from, opted_out, why, now).await {
            tracing::error!(channel = "sms", error = %e, "could not record an opt-out change");
            return (StatusCode::SERVICE_UNAVAILABLE, "retry").into_response();
        }
        tracing::info!(channel = "sms", opted_out, why, "opt-out changed");
    }
    let receipt = match crate::app::store_inbound(&state, "sms", &message.inbound).await {
        Ok(receipt) => receipt,
        Err(response) => return response, // 503: Twilio retries, nothing is lost
    };
    if message.is_mms() {
        tracing::info!(channel = "sms", message = %receipt.message_id, "inbound has media (not read)");
    }
    // An opt-out is stored (for the record) but not answered by the dialogue.
    if !receipt.duplicate && message.keyword == Some(SmsKeyword::OptOut) {
        if let Err(e) = state.store.mark_processed(receipt.message_id).await {
            tracing::error!(channel = "sms", error = %e, "could not mark an opt-out handled");
        }
    } else if !receipt.duplicate && answer_within_rate_limit(&state, sms_state, &message, &receipt).await {
        state.processor.schedule(receipt.conversation_id);
    }
    twiml()
}

/// Whether the dialogue answers this (stored, new) message under the per-number rate limit.
///
/// Over the limit the message is kept and marked processed without a dialogue turn, and the
/// webhook still answers 200 with empty TwiML. This is what a 211 operator wants from a flood
/// (a stuck phone, a script, someone pasting a long text in pieces): nothing is lost, since a
/// navigator sees every stored message in the conversation and reports count it, but the
/// helpline does not answer a flood message by message and run up SMS costs; refusing with an
/// error status instead would only make Twilio retry and log errors. One exception: a message
/// with a crisis signal is always answered (911, 9-8-8 and an urgent handoff), over the limit
/// or not.
async fn answer_within_rate_limit(
    state: &AppState,
    sms_state: &SmsState,
    message: &SmsInbound,
    receipt: &InboundReceipt,
) -> bool {
    let now = state.clock.now();
    if sms_state.rate_limit.admit(&message.inbound.from, now) {
        return true;
    }
    let understanding = sms_state.understanding.clone();
    let text = message.inbound.text.clone();
    let crisis = tokio::task::spawn_blocking(move || understanding.understand(&text, None).crisis.is_some())
        .await
        .unwrap_or(true); // if the check itself failed, answer rather than risk silence
    if crisis {
        tracing::warn!(channel = "sms", message = %receipt.message_id, conversation = %receipt.conversation_id, "over the per-number rate limit, answered: crisis signal");
        return true;
    }
    tracing::warn!(channel = "sms", message = %receipt.message_id, conversation = %receipt.conversation_id, "over the per-number rate limit: stored, not answered");
    if let Err(e) = state.store.mark_processed(receipt.message_id).await {
        // Left unprocessed, the recovery sweep answers it later: better than losing it.
        tracing::error!(channel = "sms", message = %receipt.message_id, error = %e, "could not mark a rate-limited message handled");
    }
    false
}

/// Refuses a webhook body larger than any Twilio sends ([`sms::MAX_WEBHOOK_BYTES`]) with 413,
/// whatever the app-wide limit (`http.body_limit_bytes`, which other channels may need higher).
fn refuse_oversize(state: &AppState, route: &str, body: &Bytes) -> Option<Response> {
    if body.len() <= sms::MAX_WEBHOOK_BYTES {
        return None;
    }
    state.metrics.rejected();
    tracing::warn!(
        channel = route,
        status = 413,
        bytes = body.len(),
        limit = sms::MAX_WEBHOOK_BYTES,
        "inbound request refused: body larger than a Twilio webhook"
    );
    Some((StatusCode::PAYLOAD_TOO_LARGE, "webhook body too large").into_response())
}

/// A delivery report: updates the outbound message; error 21610 marks the person opted out.
pub async fn status(State(state): State<AppState>, uri: Uri, headers: HeaderMap, body: Bytes) -> Response {
    let Some(sms_state) = &state.sms else {
        return (StatusCode::NOT_FOUND, "the SMS channel is not configured").into_response();
    };
    if let Some(response) = refuse_oversize(&state, "sms-status", &body) {
        return response;
    }
    let raw = raw_request(&headers, body);
    let path = uri
        .path_and_query()
        .map(|p| p.as_str())
        .unwrap_or("/channels/sms/twilio/status");
    let request = WebhookRequest {
        method: WebhookMethod::Post,
        path_and_query: path,
        raw: &raw,
    };
    let update = match sms_state.channel.parse_status(&request) {
        Ok(update) => update,
        Err(rejection) => return refuse(&state, "sms-status", &rejection),
    };
    let error = update.error_code.map(|c| c.to_string());
    if let Err(e) = state
        .store
        .record_delivery(
            ChannelKind::Sms,
            update.message_sid.as_str(),
            update.status.as_str(),
            error.as_deref(),
        )
        .await
    {
        tracing::error!(channel = "sms", error = %e, "could not record a delivery report");
        return (StatusCode::SERVICE_UNAVAILABLE, "retry").into_response();
    }
    if update.is_unsubscribed() {
        if let Some(to) = update.to.clone() {
            let _ = state
                .store
                .set_opted_out(
                    &ChannelAddress::sms(to),
                    true,
                    "provider_unsubscribed",
                    state.clock.now(),
                )
                .await;
        }
    }
    tracing::info!(channel = "sms", status = update.status.as_str(), error = ?update.error_code, "delivery report");
    twiml()
}

/// The most SMS segments one text of a reply may take: a longer reply goes out as several texts.
pub const MAX_SEGMENTS_PER_TEXT: usize = 3;

/// Wraps the dialogue policy so that, on SMS, a reply longer than [`MAX_SEGMENTS_PER_TEXT`]
/// segments becomes several replies cut at line, then sentence boundaries. Each part is its own
/// outbox entry, retried on its own (see `frontdoor_channels::sms::sender`), and each arrives
/// whole even on phones that do not join concatenated SMS. Texts are written to fit in three
/// segments; this catches the few that cannot (the crisis reply with its helpline numbers, the
/// list of what the helpline covers, in UCS-2 languages) and long directory records.
pub struct SplitLongSmsReplies(pub Arc<dyn Policy>);

#[async_trait::async_trait]
impl Policy for SplitLongSmsReplies {
    async fn respond(&self, input: TurnInput<'_>, understood: &Understood, ports: &Ports) -> TurnOutcome {
        let on_sms = input.conversation.channel() == ChannelKind::Sms;
        let mut outcome = self.0.respond(input, understood, ports).await;
        if on_sms {
            outcome.replies = split_long_replies(std::mem::take(&mut outcome.replies));
        }
        outcome
    }
}

/// Each reply that does not fit in [`MAX_SEGMENTS_PER_TEXT`] segments, as several; quick-reply
/// choices stay with the last part, which lists them.
pub fn split_long_replies(replies: Vec<OutboundDraft>) -> Vec<OutboundDraft> {
    let mut out = Vec::with_capacity(replies.len());
    for draft in replies {
        let parts = sms::split_for_sms(&draft.text, MAX_SEGMENTS_PER_TEXT);
        if parts.len() <= 1 {
            out.push(draft);
            continue;
        }
        let last = parts.len() - 1;
        out.extend(parts.into_iter().enumerate().map(|(i, text)| OutboundDraft {
            text,
            choices: if i == last { draft.choices.clone() } else { Vec::new() },
            author: draft.author,
        }));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use frontdoor_core::types::PhoneNumber;

    fn sms(number: &str) -> ChannelAddress {
        ChannelAddress::sms(PhoneNumber::parse(number).unwrap())
    }

    #[test]
    fn the_rate_limit_counts_each_number_over_a_rolling_minute() {
        let limit = SenderRateLimit::per_minute(3);
        let (a, b) = (sms("+14165550101"), sms("+14165550102"));
        let admitted: Vec<bool> = (0..5).map(|i| limit.admit(&a, Timestamp(i * 1_000))).collect();
        assert_eq!(
            admitted,
            [true, true, true, false, false],
            "the 4th and 5th in a minute are over"
        );
        assert!(limit.admit(&b, Timestamp(5_000)), "another number has its own count");
        // A steady flood stays muted: every arrival counts, answered or not.
        assert!(!limit.admit(&a, Timestamp(59_000)));
        // A minute after the last arrivals, the number is answered again.
        assert!(limit.admit(&a, Timestamp(59_000 + 60_001)));
    }

    #[test]
    fn zero_means_no_limit() {
        let limit = SenderRateLimit::per_minute(0);
        let a = sms("+14165550101");
        assert!((0..1_000).all(|i| limit.admit(&a, Timestamp(i))));
    }
}

#[cfg(test)]
mod split_tests {
    use super::*;
    use frontdoor_core::conversation::Choice;

    #[test]
    fn a_long_reply_becomes_texts_of_at_most_three_segments_cut_at_sentences() {
        let sentence = "Если вы в опасности, звоните 911. ";
        let long = sentence.repeat(12);
        let short = OutboundDraft::bot("Вітаємо, це 211.");
        let mut draft = OutboundDraft::bot(long.trim());
        draft.choices = vec![Choice {
            key: "1".into(),
            label: "Да".into(),
        }];
        let out = split_long_replies(vec![short.clone(), draft]);
        assert_eq!(out[0], short, "a reply that fits is left alone");
        assert!(out.len() >= 3, "{out:?}");
        for part in &out[1..] {
            assert!(sms::segments(&part.text).segments <= MAX_SEGMENTS_PER_TEXT, "{part:?}");
            assert!(part.text.ends_with("911."), "cut at a sentence end: {:?}", part.text);
        }
        let joined: Vec<&str> = out[1..].iter().map(|d| d.text.as_str()).collect();
        assert_eq!(joined.join(" "), long.trim(), "nothing lost or reordered");
        assert!(out[1..out.len() - 1].iter().all(|d| d.choices.is_empty()));
        assert_eq!(out.last().unwrap().choices.len(), 1, "choices stay with the last part");
    }
}
