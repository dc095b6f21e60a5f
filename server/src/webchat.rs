//! The web chat: the widget script, the demo page, the chat socket
//! (`GET /channels/webchat/ws`) and its HTTP fallback (`POST /channels/webchat/session`,
//! `POST /channels/webchat/messages`, `GET /channels/webchat/events` as Server-Sent Events).
//! The frames are `frontdoor_channels::webchat`'s; `docs/WEBCHAT.md` documents them.
//!
//! Messages reach a socket from the store, in sequence order: the outbox's web chat sender only
//! wakes the sockets of a conversation (and remembers quick-reply choices), and every socket
//! also looks every two seconds, so a reply committed by another server instance still arrives.
// Refusals are whole axum `Response`s returned through `Result`, once per refused request: their
// size does not matter here.
#![allow(clippy::result_large_err)]

use crate::app::{refuse, AppState};
use axum::extract::ws::{Message as WsMessage, WebSocket, WebSocketUpgrade};
use axum::extract::{FromRequestParts, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::Json;
use frontdoor_channels::webchat::{self, ClientFrame, ServerFrame, SessionKeys};
use frontdoor_core::conversation::{Choice, Direction};
use frontdoor_core::ports::{OutboundSender, OutboxItem, OutboxStatus, SendError};
use frontdoor_core::types::{ChannelKind, ConversationId, MessageId};
use std::collections::{HashMap, VecDeque};
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::broadcast;

/// The widget script, served at `/widget.js`.
pub const WIDGET_JS: &str = include_str!("../assets/widget.js");
/// The demo page standing for a 211 website, served at `/`.
pub const DEMO_HTML: &str = include_str!("../assets/demo.html");

/// How often a socket looks for messages committed elsewhere.
const POLL: Duration = Duration::from_secs(2);

/// What the web chat routes need besides the app state.
#[derive(Clone)]
pub struct WebChatState {
    /// Issues and checks session tokens.
    pub keys: SessionKeys,
    /// How long a session's token stays valid after it was issued or last renewed.
    pub session_ttl: Duration,
    /// Wakes sockets when their conversation has news.
    pub hub: Arc<Hub>,
    /// Pages allowed to embed the chat.
    pub allowed_origins: Arc<Vec<String>>,
    /// Longest message, in characters.
    pub max_message_chars: usize,
    /// New sessions per IP per hour.
    pub limiter: Arc<SessionLimiter>,
    /// Read the person's address from `X-Forwarded-For` (behind a trusted reverse proxy).
    pub trust_forwarded_for: bool,
    /// Cancelled when the server stops: sockets close and event streams end, so graceful
    /// shutdown does not wait on them (the widget reconnects, to another instance if need be).
    pub closing: tokio_util::sync::CancellationToken,
}

impl WebChatState {
    /// From the configuration; the secret comes from the config or `<data_dir>/webchat.key`.
    pub fn new(config: &crate::config::Config) -> anyhow::Result<Self> {
        let web = &config.channels.webchat;
        let secret = match &web.secret {
            Some(secret) if secret.len() >= 16 => secret.as_bytes().to_vec(),
            Some(_) => anyhow::bail!("channels.webchat.secret must be at least 16 characters"),
            None => data_dir_key(&config.data_dir)?,
        };
        if web.session_days == 0 {
            anyhow::bail!("channels.webchat.session_days must be at least 1");
        }
        Ok(Self {
            keys: SessionKeys::new(&secret),
            session_ttl: Duration::from_secs(u64::from(web.session_days) * 86_400),
            hub: Arc::new(Hub::default()),
            allowed_origins: Arc::new(web.allowed_origins.clone()),
            max_message_chars: web.max_message_chars,
            limiter: Arc::new(SessionLimiter::new(
                web.new_sessions_per_ip_per_hour,
                Duration::from_secs(3600),
            )),
            closing: tokio_util::sync::CancellationToken::new(),
            trust_forwarded_for: web.trust_forwarded_for,
        })
    }
}

/// Reads the data dir's session key, creating it (random, owner-only) on first use.
fn data_dir_key(data_dir: &std::path::Path) -> anyhow::Result<Vec<u8>> {
    use anyhow::Context;
    let path = data_dir.join("webchat.key");
    if let Ok(existing) = std::fs::read_to_string(&path) {
        let key = existing.trim();
        if key.len() >= 32 {
            return Ok(key.as_bytes().to_vec());
        }
    }
    std::fs::create_dir_all(data_dir).with_context(|| format!("creating {}", data_dir.display()))?;
    let key = format!("{}{}", uuid::Uuid::new_v4().simple(), uuid::Uuid::new_v4().simple());
    let tmp = path.with_extension("key.part");
    std::fs::write(&tmp, &key).with_context(|| format!("writing {}", tmp.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o600));
    }
    std::fs::rename(&tmp, &path).with_context(|| format!("writing {}", path.display()))?;
    Ok(key.into_bytes())
}

/// Wakes the sockets of a conversation and keeps the quick-reply choices of recent messages
/// (the store keeps message text only).
#[derive(Debug)]
pub struct Hub {
    wake: broadcast::Sender<ConversationId>,
    choices: Mutex<HashMap<MessageId, Vec<Choice>>>,
}

impl Default for Hub {
    fn default() -> Self {
        Self {
            wake: broadcast::channel(1024).0,
            choices: Mutex::new(HashMap::new()),
        }
    }
}

impl Hub {
    /// Wakes the sockets of a conversation (a navigator replied, a handoff changed).
    pub fn wake(&self, conversation: ConversationId) {
        let _ = self.wake.send(conversation);
    }

    fn remember_choices(&self, message: MessageId, choices: Vec<Choice>) {
        let mut map = self.choices.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() > 10_000 {
            map.clear(); // a bound, not a cache policy: choices are a convenience over numbered text
        }
        map.insert(message, choices);
    }

    fn choices(&self, message: MessageId) -> Vec<Choice> {
        let map = self.choices.lock().unwrap_or_else(|p| p.into_inner());
        map.get(&message).cloned().unwrap_or_default()
    }
}

/// The outbox's sender for web chat: the message is already in the store, where sockets read
/// it; sending wakes them.
pub struct WebChatSender {
    hub: Arc<Hub>,
}

impl WebChatSender {
    /// A sender waking `hub`'s sockets.
    pub fn new(hub: Arc<Hub>) -> Self {
        Self { hub }
    }
}

#[async_trait::async_trait]
impl OutboundSender for WebChatSender {
    fn channel(&self) -> ChannelKind {
        ChannelKind::WebChat
    }

    async fn send(&self, item: &OutboxItem) -> Result<Option<String>, SendError> {
        if !item.draft.choices.is_empty() {
            self.hub.remember_choices(item.message_id, item.draft.choices.clone());
        }
        // No socket listening is fine: the person sees the message when they come back.
        let _ = self.hub.wake.send(item.conversation_id);
        Ok(None)
    }
}

/// A sliding-window count of new sessions per IP address.
#[derive(Debug)]
pub struct SessionLimiter {
    per_window: u32,
    window: Duration,
    seen: Mutex<HashMap<IpAddr, VecDeque<Instant>>>,
}

impl SessionLimiter {
    /// Allows `per_window` new sessions per address per `window`.
    pub fn new(per_window: u32, window: Duration) -> Self {
        Self {
            per_window,
            window,
            seen: Mutex::new(HashMap::new()),
        }
    }

    /// Counts a new session from `ip`; false when over the limit.
    pub fn admit(&self, ip: IpAddr) -> bool {
        let now = Instant::now();
        let mut seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
        if seen.len() > 100_000 {
            seen.retain(|_, times| times.back().is_some_and(|t| now.duration_since(*t) < self.window));
        }
        let times = seen.entry(ip).or_default();
        while times.front().is_some_and(|t| now.duration_since(*t) >= self.window) {
            times.pop_front();
        }
        if times.len() >= self.per_window as usize {
            return false;
        }
        times.push_back(now);
        true
    }
}

/// The person's IP address: the connection's, or behind a trusted reverse proxy
/// (`channels.webchat.trust_forwarded_for`) the last address in `X-Forwarded-For`, the one the
/// proxy itself saw.
pub struct PeerIp(pub Option<IpAddr>);

impl FromRequestParts<AppState> for PeerIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let trust = state.webchat.as_ref().is_some_and(|w| w.trust_forwarded_for);
        let forwarded = trust
            .then(|| {
                parts
                    .headers
                    .get_all("x-forwarded-for")
                    .iter()
                    .filter_map(|v| v.to_str().ok())
                    .next_back()
            })
            .flatten()
            .and_then(|v| v.rsplit(',').next())
            .and_then(|ip| ip.trim().parse::<IpAddr>().ok());
        let peer = parts
            .extensions
            .get::<axum::extract::ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip());
        Ok(PeerIp(forwarded.or(peer)))
    }
}

/// One person's chat as a socket or the HTTP fallback sees it.
struct Chat {
    state: AppState,
    web: WebChatState,
    session: String,
    conversation: Option<ConversationId>,
    /// The last sequence number sent to the widget.
    cursor: i64,
    /// The last handoff status sent, so it is sent only when it changes.
    handoff: Option<(String, Option<usize>)>,
}

impl Chat {
    /// Starts a new session or resumes one. Errors are the frame to send before closing.
    async fn open(
        state: &AppState,
        web: &WebChatState,
        start: ClientFrame,
        ip: Option<IpAddr>,
    ) -> Result<(Chat, ServerFrame), ServerFrame> {
        let ClientFrame::Start { session, token, after } = start else {
            return Err(ServerFrame::error("not_started", "the first frame must be start"));
        };
        let now = state.clock.now();
        let expires = now.plus_millis(web.session_ttl.as_millis() as i64);
        let (session, token, cursor) = match (session, token) {
            // A resumed session gets a fresh token: it lives as long as it is used.
            (Some(session), Some(token)) if web.keys.verify(&session, &token, now) => {
                let renewed = web.keys.sign(&session, expires);
                (session, renewed, after.unwrap_or(0))
            }
            (Some(_), _) => {
                state.metrics.rejected();
                tracing::warn!(channel = "webchat", "chat resume refused: bad session token");
                return Err(ServerFrame::error(
                    "bad_session",
                    "this chat session is not valid; start a new one",
                ));
            }
            (None, _) => {
                if let Some(ip) = ip {
                    if !web.limiter.admit(ip) {
                        state.metrics.rejected();
                        tracing::warn!(
                            channel = "webchat",
                            "new chat refused: too many sessions from one address"
                        );
                        return Err(ServerFrame::error(
                            "rate_limited",
                            "too many new chats; try again later",
                        ));
                    }
                }
                let (session, token) = web.keys.issue(expires);
                (session, token, 0)
            }
        };
        let address = webchat::address(&session).map_err(|_| ServerFrame::error("bad_session", "bad session"))?;
        let conversation = match state.store.latest_conversation(&address).await {
            Ok(found) => found.map(|c| c.id),
            Err(e) => {
                tracing::error!(channel = "webchat", error = %e, "chat session could not be loaded");
                return Err(ServerFrame::error("unavailable", "the chat is unavailable; try again"));
            }
        };
        let chat = Chat {
            state: state.clone(),
            web: web.clone(),
            session: session.clone(),
            conversation,
            cursor,
            handoff: None,
        };
        Ok((chat, ServerFrame::Session { session, token }))
    }

    /// Stores what the person wrote (before acknowledging it) and schedules the bot's turn.
    async fn receive(&mut self, id: &str, text: &str) -> Vec<ServerFrame> {
        let now = self.state.clock.now();
        let inbound = match webchat::inbound(&self.session, id, text, self.web.max_message_chars, now) {
            Ok(inbound) => inbound,
            Err(rejection) => {
                let _ = refuse(&self.state, "webchat", &rejection);
                let code = match &rejection {
                    _ if text.trim().is_empty() => "empty",
                    _ if text.trim().chars().count() > self.web.max_message_chars => "too_long",
                    frontdoor_channels::Rejection::Unauthenticated(_) => "bad_session",
                    frontdoor_channels::Rejection::Malformed(_) => "bad_frame",
                };
                return vec![ServerFrame::error(code, rejection.to_string())];
            }
        };
        let receipt = match crate::app::store_inbound(&self.state, "webchat", &inbound).await {
            Ok(receipt) => receipt,
            Err(_) => {
                return vec![ServerFrame::error(
                    "unavailable",
                    "the message could not be saved; send it again",
                )]
            }
        };
        // The message's conversation is now the session's latest, which `pull` follows.
        let mut frames = self.pull().await;
        if !receipt.duplicate {
            self.state.processor.schedule(receipt.conversation_id);
            frames.push(ServerFrame::Typing);
        }
        frames
    }

    /// Messages after the cursor, in order, stopping at a reply the outbox has not released yet;
    /// then the handoff status when it changed.
    async fn pull(&mut self) -> Vec<ServerFrame> {
        let mut frames = Vec::new();
        // The session's latest conversation: a message sent over HTTP, or a new conversation
        // after the last one was resolved, changes it.
        let latest = match webchat::address(&self.session) {
            Ok(address) => self.state.store.latest_conversation(&address).await.ok().flatten(),
            Err(_) => None,
        };
        let Some(latest) = latest else {
            return frames;
        };
        frames.extend(self.follow(latest.id));
        let conversation = latest.id;
        let messages = match self.state.store.messages(conversation).await {
            Ok(messages) => messages,
            Err(e) => {
                tracing::warn!(channel = "webchat", error = %e, "chat messages could not be read");
                return frames;
            }
        };
        let lang = latest.lang.as_ref().map(|l| l.as_str().to_owned());
        let cursor = self.cursor;
        for message in messages.into_iter().filter(|m| m.seq > cursor) {
            if message.direction == Direction::Outbound {
                match self.state.store.outbox_status(message.id).await {
                    Ok(Some((OutboxStatus::Pending | OutboxStatus::Sending, _))) => break,
                    Ok(_) => {}
                    Err(_) => break,
                }
            }
            frames.push(ServerFrame::Message {
                id: webchat::message_wire_id(
                    message.provider_id.as_ref().map(|p| p.as_str()),
                    &message.id.to_string(),
                ),
                seq: message.seq,
                author: message.author.as_str().to_owned(),
                text: message.text,
                choices: self.web.hub.choices(message.id),
                lang: lang.clone(),
            });
            self.cursor = message.seq;
        }
        if let Some(frame) = self.handoff_status(conversation, latest.status).await {
            frames.push(frame);
        }
        frames
    }

    /// Switches to `latest` when it is a different conversation: the cursor restarts, and the
    /// widget is told when it had an earlier one.
    fn follow(&mut self, latest: ConversationId) -> Option<ServerFrame> {
        if Some(latest) == self.conversation {
            return None;
        }
        let had_one = self.conversation.is_some();
        self.conversation = Some(latest);
        self.cursor = 0;
        self.handoff = None;
        had_one.then_some(ServerFrame::NewConversation)
    }

    async fn handoff_status(
        &mut self,
        conversation: ConversationId,
        status: frontdoor_core::conversation::ConversationStatus,
    ) -> Option<ServerFrame> {
        let open = self.state.store.open_handoffs().await.ok()?;
        let Some(mine) = open.iter().find(|h| h.conversation_id == conversation) else {
            // A handoff the widget was shown has ended: resolved (the conversation closed) or
            // handed back to the bot.
            let shown_open = self
                .handoff
                .as_ref()
                .is_some_and(|(s, _)| matches!(s.as_str(), "queued" | "assigned" | "active"));
            if !shown_open {
                return None;
            }
            let status = if status == frontdoor_core::conversation::ConversationStatus::Bot {
                "returned"
            } else {
                "resolved"
            };
            self.handoff = Some((status.to_owned(), None));
            return Some(ServerFrame::Handoff {
                status: status.to_owned(),
                position: None,
            });
        };
        let position = (mine.status == "queued").then(|| {
            open.iter()
                .filter(|h| h.status == "queued" && h.conversation_id != conversation)
                .filter(|h| (h.urgent && !mine.urgent) || (h.urgent == mine.urgent && h.created_at <= mine.created_at))
                .count()
        });
        let now = (mine.status.clone(), position);
        if self.handoff.as_ref() == Some(&now) {
            return None;
        }
        self.handoff = Some(now);
        Some(ServerFrame::Handoff {
            status: mine.status.clone(),
            position,
        })
    }
}

fn origin_ok(state: &AppState, web: &WebChatState, headers: &HeaderMap) -> Result<(), Response> {
    let origin = headers.get("origin").and_then(|v| v.to_str().ok());
    let host = headers.get("host").and_then(|v| v.to_str().ok());
    if webchat::origin_allowed(origin, host, &web.allowed_origins) {
        return Ok(());
    }
    state.metrics.rejected();
    tracing::warn!(
        channel = "webchat",
        status = 403,
        "chat refused: page origin not allowed"
    );
    Err((StatusCode::FORBIDDEN, "this site may not open a chat").into_response())
}

fn enabled(state: &AppState) -> Result<WebChatState, Response> {
    state
        .webchat
        .clone()
        .ok_or_else(|| (StatusCode::NOT_FOUND, "web chat is not enabled").into_response())
}

/// `GET /channels/webchat/ws`: the chat socket.
pub async fn socket(
    State(state): State<AppState>,
    PeerIp(ip): PeerIp,
    headers: HeaderMap,
    upgrade: WebSocketUpgrade,
) -> Response {
    let web = match enabled(&state) {
        Ok(web) => web,
        Err(response) => return response,
    };
    if let Err(response) = origin_ok(&state, &web, &headers) {
        return response;
    }
    // Frames carry at most max_message_chars characters of up to 4 bytes, plus the envelope.
    let limit = web.max_message_chars * 4 + 1024;
    upgrade
        .max_message_size(limit)
        .max_frame_size(limit)
        .on_upgrade(move |socket| run_socket(state, web, socket, ip))
}

async fn send(socket: &mut WebSocket, frame: &ServerFrame) -> bool {
    match serde_json::to_string(frame) {
        Ok(json) => socket.send(WsMessage::Text(json.into())).await.is_ok(),
        Err(_) => false,
    }
}

async fn send_all(socket: &mut WebSocket, frames: &[ServerFrame]) -> bool {
    for frame in frames {
        if !send(socket, frame).await {
            return false;
        }
    }
    true
}

fn parse_frame(message: WsMessage) -> Option<Result<ClientFrame, ServerFrame>> {
    match message {
        WsMessage::Text(text) => {
            Some(serde_json::from_str(text.as_str()).map_err(|_| ServerFrame::error("bad_frame", "not a chat frame")))
        }
        WsMessage::Binary(_) => Some(Err(ServerFrame::error("bad_frame", "frames are JSON text"))),
        WsMessage::Close(_) => None,
        WsMessage::Ping(_) | WsMessage::Pong(_) => Some(Ok(ClientFrame::Ping)),
    }
}

async fn run_socket(state: AppState, web: WebChatState, mut socket: WebSocket, ip: Option<IpAddr>) {
    let first = match tokio::time::timeout(Duration::from_secs(30), socket.recv()).await {
        Ok(Some(Ok(message))) => parse_frame(message),
        _ => None,
    };
    let start = match first {
        Some(Ok(frame)) => frame,
        Some(Err(error)) => {
            send(&mut socket, &error).await;
            return;
        }
        None => return,
    };
    let (mut chat, hello) = match Chat::open(&state, &web, start, ip).await {
        Ok(opened) => opened,
        Err(error) => {
            send(&mut socket, &error).await;
            let _ = socket.send(WsMessage::Close(None)).await;
            return;
        }
    };
    let mut wake = web.hub.wake.subscribe();
    let history = chat.pull().await;
    if !send(&mut socket, &hello).await || !send_all(&mut socket, &history).await {
        return;
    }
    let mut poll = tokio::time::interval(POLL);
    loop {
        let frames = tokio::select! {
            incoming = socket.recv() => {
                let Some(Ok(message)) = incoming else { return };
                match parse_frame(message) {
                    None => return,
                    Some(Err(error)) => vec![error],
                    Some(Ok(ClientFrame::Message { id, text })) => chat.receive(&id, &text).await,
                    Some(Ok(ClientFrame::End)) => {
                        send(&mut socket, &ServerFrame::Ended).await;
                        let _ = socket.send(WsMessage::Close(None)).await;
                        tracing::info!(channel = "webchat", "chat ended by the person");
                        return;
                    }
                    Some(Ok(ClientFrame::Ping)) => vec![ServerFrame::Pong],
                    Some(Ok(ClientFrame::Typing)) => vec![],
                    Some(Ok(ClientFrame::Start { .. })) => vec![ServerFrame::error("bad_frame", "already started")],
                }
            }
            woken = wake.recv() => match woken {
                Ok(id) if Some(id) == chat.conversation => chat.pull().await,
                Ok(_) => vec![],
                Err(broadcast::error::RecvError::Lagged(_)) => chat.pull().await,
                Err(broadcast::error::RecvError::Closed) => return,
            },
            _ = poll.tick() => chat.pull().await,
            () = web.closing.cancelled() => {
                let _ = socket.send(WsMessage::Close(None)).await;
                return;
            }
        };
        if !send_all(&mut socket, &frames).await {
            return;
        }
    }
}

/// The HTTP fallback's credentials, from headers (POST) or the query string (EventSource).
#[derive(Debug, serde::Deserialize)]
pub struct SessionQuery {
    session: String,
    token: String,
    #[serde(default)]
    after: Option<i64>,
}

async fn fallback_chat(state: &AppState, web: &WebChatState, q: SessionQuery) -> Result<Chat, Response> {
    let start = ClientFrame::Start {
        session: Some(q.session),
        token: Some(q.token),
        after: q.after,
    };
    Chat::open(state, web, start, None)
        .await
        .map(|(chat, _)| chat)
        .map_err(|frame| (StatusCode::FORBIDDEN, Json(frame)).into_response())
}

/// `POST /channels/webchat/session`: a start frame over HTTP; answers the session and history.
pub async fn http_session(
    State(state): State<AppState>,
    PeerIp(ip): PeerIp,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let web = match enabled(&state).and_then(|web| origin_ok(&state, &web, &headers).map(|()| web)) {
        Ok(web) => web,
        Err(response) => return response,
    };
    let start: ClientFrame = match serde_json::from_slice(&body) {
        Ok(frame @ ClientFrame::Start { .. }) => frame,
        _ => {
            return (
                StatusCode::BAD_REQUEST,
                Json(ServerFrame::error("bad_frame", "expected a start frame")),
            )
                .into_response()
        }
    };
    match Chat::open(&state, &web, start, ip).await {
        Ok((mut chat, hello)) => {
            let mut frames = vec![hello];
            frames.extend(chat.pull().await);
            Json(frames).into_response()
        }
        Err(frame) => {
            let status = match &frame {
                ServerFrame::Error { code, .. } if code == "rate_limited" => StatusCode::TOO_MANY_REQUESTS,
                ServerFrame::Error { code, .. } if code == "unavailable" => StatusCode::SERVICE_UNAVAILABLE,
                _ => StatusCode::FORBIDDEN,
            };
            (status, Json(frame)).into_response()
        }
    }
}

/// `POST /channels/webchat/messages` with `x-webchat-session` and `x-webchat-token`: a person's
/// message over HTTP (202 once stored).
pub async fn http_message(State(state): State<AppState>, headers: HeaderMap, body: axum::body::Bytes) -> Response {
    let web = match enabled(&state).and_then(|web| origin_ok(&state, &web, &headers).map(|()| web)) {
        Ok(web) => web,
        Err(response) => return response,
    };
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    let q = SessionQuery {
        session: header("x-webchat-session"),
        token: header("x-webchat-token"),
        after: None,
    };
    let mut chat = match fallback_chat(&state, &web, q).await {
        Ok(chat) => chat,
        Err(response) => return response,
    };
    let (id, text) = match serde_json::from_slice(&body) {
        Ok(ClientFrame::Message { id, text }) => (id, text),
        _ => {
            return (
                StatusCode::BAD_REQUEST,
                Json(ServerFrame::error("bad_frame", "expected a message frame")),
            )
                .into_response()
        }
    };
    chat.cursor = i64::MAX; // the event stream delivers messages; this answers only errors
    let frames = chat.receive(&id, &text).await;
    match frames.iter().find(|f| matches!(f, ServerFrame::Error { .. })) {
        Some(error @ ServerFrame::Error { code, .. }) => {
            let status = if code == "unavailable" {
                StatusCode::SERVICE_UNAVAILABLE
            } else {
                StatusCode::BAD_REQUEST
            };
            (status, Json(error.clone())).into_response()
        }
        _ => (StatusCode::ACCEPTED, Json(serde_json::json!({"stored": true}))).into_response(),
    }
}

/// `GET /channels/webchat/events?session=..&token=..&after=N`: the conversation as
/// Server-Sent Events, one JSON frame per event.
pub async fn http_events(State(state): State<AppState>, headers: HeaderMap, Query(q): Query<SessionQuery>) -> Response {
    let web = match enabled(&state).and_then(|web| origin_ok(&state, &web, &headers).map(|()| web)) {
        Ok(web) => web,
        Err(response) => return response,
    };
    let chat = match fallback_chat(&state, &web, q).await {
        Ok(chat) => chat,
        Err(response) => return response,
    };
    let wake = web.hub.wake.subscribe();
    let closing = web.closing.clone();
    let stream = futures_util::stream::unfold(
        (chat, wake, VecDeque::<ServerFrame>::new(), true),
        |(mut chat, mut wake, mut queue, first)| async move {
            loop {
                if let Some(frame) = queue.pop_front() {
                    let event = SseEvent::default().json_data(&frame).unwrap_or_default();
                    return Some((Ok::<_, std::convert::Infallible>(event), (chat, wake, queue, false)));
                }
                if !first {
                    tokio::select! {
                        woken = wake.recv() => {
                            if let Err(broadcast::error::RecvError::Closed) = woken { return None; }
                        }
                        _ = tokio::time::sleep(POLL) => {}
                    }
                }
                queue.extend(chat.pull().await);
                if first && queue.is_empty() {
                    // fall through to waiting on the next loop
                    return Some((Ok(SseEvent::default().comment("ready")), (chat, wake, queue, false)));
                }
            }
        },
    );
    let stream = futures_util::StreamExt::take_until(stream, async move { closing.cancelled().await });
    Sse::new(stream).keep_alive(KeepAlive::default()).into_response()
}

/// `GET /widget.js`.
pub async fn widget() -> Response {
    (
        [
            ("content-type", "application/javascript; charset=utf-8"),
            ("cache-control", "public, max-age=300"),
            ("x-content-type-options", "nosniff"),
        ],
        WIDGET_JS,
    )
        .into_response()
}

/// `GET /`: the demo page.
pub async fn demo_page() -> Response {
    (
        [
            ("content-type", "text/html; charset=utf-8"),
            ("x-content-type-options", "nosniff"),
            (
                "content-security-policy",
                "default-src 'self'; connect-src 'self' ws: wss:; style-src 'self' 'unsafe-inline'; img-src 'self' data:",
            ),
        ],
        DEMO_HTML,
    )
        .into_response()
}
