//! The navigator inbox: a server-rendered web app where navigators sign in, see the queue of
//! handed-off conversations (crisis first, then longest wait), open a card with the whole
//! context, claim it, reply through the person's own channel, and resolve it with a disposition
//! per need, or hand it back to the bot. Supervisors also see queue depth per language and need,
//! navigators' load and the audit log.
//!
//! Security: argon2id password hashes; a random session token in an `HttpOnly`, `SameSite=Strict`
//! cookie (only its SHA-256 is stored); a CSRF token in every form, checked with the `Origin`
//! header on every POST; a lockout after repeated failures; roles checked on every route. Every
//! text is HTML-escaped. Live updates are Server-Sent Events computed from the store, so they
//! work when several instances share one PostgreSQL.

use crate::app::AppState;
use axum::extract::{Form, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::{Html, IntoResponse, Redirect, Response};
use frontdoor_core::conversation::{Author, Direction, Message};
use frontdoor_core::event::Event;
use frontdoor_core::inbox::{
    AuditEntry, HandoffEnd, Navigator, NavigatorChange, NavigatorId, NavigatorSession, NeedDisposition, Presence, Role,
};
use frontdoor_core::ports::{EventRecord, Handoff};
use frontdoor_core::types::{ConversationId, HandoffId, NeedLabel, Timestamp};
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::time::Duration;

/// Failed sign-ins before an account is locked.
pub const MAX_FAILED_LOGINS: u32 = 5;
/// How long a lockout lasts.
pub const LOCKOUT_MS: i64 = 15 * 60 * 1000;
/// How long a sign-in lasts.
pub const SESSION_MS: i64 = 12 * 60 * 60 * 1000;
const COOKIE: &str = "fd_inbox";

/// The inbox's script (live updates, one-click insertion), served at `/inbox/inbox.js`.
pub const INBOX_JS: &str = include_str!("../assets/inbox.js");

// ---------------------------------------------------------------------------------------------
// Passwords and tokens

/// An argon2id hash of a password, as a PHC string.
pub fn hash_password(password: &str) -> anyhow::Result<String> {
    use argon2::password_hash::{rand_core::OsRng, PasswordHasher, SaltString};
    let salt = SaltString::generate(&mut OsRng);
    argon2::Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("hashing the password: {e}"))
}

/// Checks a password off the async workers (argon2id takes tens of milliseconds and 19 MiB), at
/// most two at a time, so sign-in attempts cannot stall chats and webhooks.
async fn check_password(password: String, hash: String) -> bool {
    static SLOTS: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);
    let Ok(_slot) = SLOTS.acquire().await else {
        return false;
    };
    tokio::task::spawn_blocking(move || verify_password(&password, &hash))
        .await
        .unwrap_or(false)
}

fn verify_password(password: &str, hash: &str) -> bool {
    use argon2::password_hash::{PasswordHash, PasswordVerifier};
    match PasswordHash::new(hash) {
        Ok(parsed) => argon2::Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

fn random_token() -> String {
    format!("{}{}", uuid::Uuid::new_v4().simple(), uuid::Uuid::new_v4().simple())
}

fn token_hash(token: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(token.as_bytes())
        .iter()
        .fold(String::with_capacity(64), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// Escapes text for HTML element content and attribute values (the email channel's escaper:
/// one definition for every HTML Frontdoor writes).
pub use frontdoor_channels::email::html::escape as esc;

// ---------------------------------------------------------------------------------------------
// Who is asking

/// A signed-in navigator and their session.
struct Me {
    navigator: Navigator,
    session: NavigatorSession,
}

fn cookie_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all("cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == COOKIE)
        .map(|(_, v)| v.to_owned())
}

fn unauthenticated(headers: &HeaderMap) -> Response {
    let wants_html = headers
        .get("accept")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("text/html"));
    if wants_html {
        Redirect::to("/inbox/login").into_response()
    } else {
        (StatusCode::UNAUTHORIZED, "sign in first").into_response()
    }
}

async fn me(state: &AppState, headers: &HeaderMap) -> Result<Me, Response> {
    let Some(token) = cookie_token(headers) else {
        return Err(unauthenticated(headers));
    };
    let now = state.clock.now();
    let session = match state.store.session(&token_hash(&token), now).await {
        Ok(Some(session)) => session,
        Ok(None) => return Err(unauthenticated(headers)),
        Err(e) => return Err(unavailable(e)),
    };
    match state.store.navigator(session.navigator_id).await {
        Ok(Some(navigator)) if !navigator.disabled => Ok(Me { navigator, session }),
        Ok(_) => Err(unauthenticated(headers)),
        Err(e) => Err(unavailable(e)),
    }
}

fn unavailable(e: impl std::fmt::Display) -> Response {
    tracing::error!(error = %e, "inbox: store unavailable");
    (StatusCode::SERVICE_UNAVAILABLE, "the inbox is unavailable; try again").into_response()
}

/// True when a browser says the request comes from this host's own pages (or no browser page
/// is involved): the web chat's origin rule with an empty allow-list.
fn same_origin(headers: &HeaderMap) -> bool {
    let origin = headers.get("origin").and_then(|v| v.to_str().ok());
    let host = headers.get("host").and_then(|v| v.to_str().ok());
    frontdoor_channels::webchat::origin_allowed(origin, host, &[])
}

/// A signed-in navigator's POST, which must come from our own pages: the session's CSRF token
/// in the form, and an `Origin` (when the browser sends one) naming this host.
async fn signed_in_post(state: &AppState, headers: &HeaderMap, csrf: &str) -> Result<Me, Response> {
    use subtle::ConstantTimeEq;
    let me = me(state, headers).await?;
    let token_ok: bool = me.session.csrf.as_bytes().ct_eq(csrf.as_bytes()).into();
    if token_ok && same_origin(headers) {
        return Ok(me);
    }
    state.metrics.rejected();
    tracing::warn!(navigator = %me.navigator.id, "inbox: cross-site or stale form refused");
    Err((
        StatusCode::FORBIDDEN,
        "this form is out of date or came from another site; reload the page",
    )
        .into_response())
}

/// Tells the person's open chat sockets that the handoff changed (status, a reply).
fn notify_person(state: &AppState, conversation: ConversationId) {
    if let Some(web) = &state.webchat {
        web.hub.wake(conversation);
    }
}

async fn audit(
    state: &AppState,
    who: NavigatorId,
    action: &str,
    conversation: Option<ConversationId>,
    handoff: Option<HandoffId>,
) {
    let entry = AuditEntry {
        at: state.clock.now(),
        navigator_id: who,
        action: action.to_owned(),
        conversation_id: conversation,
        handoff_id: handoff,
    };
    if let Err(e) = state.store.audit(&entry).await {
        tracing::error!(error = %e, action, "inbox: audit entry could not be written");
    }
}

// ---------------------------------------------------------------------------------------------
// Page frame

fn page(title: &str, me: Option<&Me>, body: &str) -> Response {
    let nav = match me {
        Some(me) => {
            let mut links = String::from(r#"<a href="/inbox">Queue</a>"#);
            if me.navigator.role.supervises() {
                links.push_str(r#" <a href="/inbox/supervisor">Supervisor</a>"#);
            }
            if me.navigator.role == Role::Admin {
                links.push_str(r#" <a href="/inbox/admin">Navigators</a>"#);
            }
            let presence: String = [Presence::Available, Presence::Away]
                .iter()
                .map(|p| {
                    let sel = if *p == me.navigator.presence { " selected" } else { "" };
                    format!(r#"<option value="{0}"{sel}>{0}</option>"#, p.as_str())
                })
                .collect();
            format!(
                r#"<nav aria-label="Inbox">{links}</nav>
<form method="post" action="/inbox/presence" class="presence"><input type="hidden" name="csrf" value="{csrf}">
<label for="presence">{name}</label> <select id="presence" name="presence">{presence}</select> <button>Set</button></form>
<form method="post" action="/inbox/logout"><input type="hidden" name="csrf" value="{csrf}"><button>Sign out</button></form>"#,
                csrf = esc(&me.session.csrf),
                name = esc(&me.navigator.display_name),
            )
        }
        None => String::new(),
    };
    let html = format!(
        r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · 211 navigator inbox</title><style>{CSS}</style><script src="/inbox/inbox.js" defer></script></head>
<body><header><h1><a href="/inbox">211 inbox</a></h1>{nav}</header><main id="main">{body}</main></body></html>"#,
        title = esc(title),
    );
    (
        [
            (
                "content-security-policy",
                "default-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'",
            ),
            ("x-content-type-options", "nosniff"),
            ("cache-control", "no-store"),
            ("referrer-policy", "same-origin"),
        ],
        Html(html),
    )
        .into_response()
}

const CSS: &str = "
*{box-sizing:border-box}body{margin:0;font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1a1a1a;background:#f4f6f8}
header{display:flex;flex-wrap:wrap;align-items:center;gap:16px;padding:8px 16px;background:#0b4f8a;color:#fff}
header h1{font-size:18px;margin:0}header a{color:#fff}header nav{display:flex;gap:12px;flex:1}
header form{display:inline-flex;gap:6px;align-items:center;margin:0}
main{padding:16px;max-width:1280px;margin:0 auto}
button{font:inherit;padding:6px 12px;border-radius:6px;border:1px solid #0b4f8a;background:#0b4f8a;color:#fff;cursor:pointer}
button.secondary{background:#fff;color:#0b4f8a}button.danger{background:#a4262c;border-color:#a4262c}
:focus-visible{outline:3px solid #ffbf47;box-shadow:0 0 0 6px #1a1a1a}
table{width:100%;border-collapse:collapse;background:#fff}th,td{padding:8px;border-bottom:1px solid #d0d7de;text-align:start;vertical-align:top}
th{background:#e8edf2;font-size:13px;text-transform:uppercase;letter-spacing:.02em}
.urgent{background:#fde7e9}.badge{display:inline-block;padding:2px 8px;border-radius:10px;font-size:12px;font-weight:600;background:#e8edf2;color:#1a1a1a}
.badge.crisis{background:#a4262c;color:#fff}.badge.delivery{font-weight:400;margin-inline-start:6px}.badge.mine{background:#0b6b3a;color:#fff}
.card{display:grid;grid-template-columns:minmax(260px,1fr) 2fr;gap:16px}@media(max-width:800px){.card{grid-template-columns:1fr}}
section.box{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:12px;margin-bottom:16px}
section.box h2{font-size:16px;margin:0 0 8px}dl{display:grid;grid-template-columns:auto 1fr;gap:4px 12px;margin:0}dt{font-weight:600}dd{margin:0}
.transcript{display:flex;flex-direction:column;gap:8px;max-height:60vh;overflow-y:auto}
.msg{padding:8px 12px;border-radius:10px;white-space:pre-wrap;overflow-wrap:anywhere;max-width:90%;unicode-bidi:plaintext}
.msg .who{display:block;font-size:12px;font-weight:600}.person{background:#eef1f4;align-self:flex-start}
.bot{background:#e6f0fa;align-self:flex-end}.navigator{background:#e7f4ec;align-self:flex-end}
.msg.trigger{outline:3px solid #a4262c}
textarea{width:100%;min-height:90px;font:inherit;padding:8px;border:1px solid #6b6b6b;border-radius:6px}
.flash{padding:8px 12px;border-radius:6px;background:#fff4ce;border:1px solid #d6c27a;margin-bottom:12px}
.suggest li{margin-bottom:6px}fieldset{border:1px solid #d0d7de;border-radius:6px;margin:0 0 8px}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.login{max-width:360px;margin:10vh auto;background:#fff;padding:24px;border-radius:8px;border:1px solid #d0d7de}
.login label{display:block;margin-top:12px}.login input{width:100%;padding:8px;font:inherit}
";

// ---------------------------------------------------------------------------------------------
// Sign in and out

/// `GET /inbox/login`.
pub async fn login_page() -> Response {
    login_form(None)
}

fn login_form(error: Option<&str>) -> Response {
    let error = error
        .map(|e| format!(r#"<p class="flash" role="alert">{}</p>"#, esc(e)))
        .unwrap_or_default();
    page(
        "Sign in",
        None,
        &format!(
            r#"<form class="login" method="post" action="/inbox/login"><h2>Navigator sign in</h2>{error}
<label for="username">Username</label><input id="username" name="username" autocomplete="username" required>
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<p><button>Sign in</button></p></form>"#
        ),
    )
}

/// The sign-in form.
#[derive(serde::Deserialize)]
pub struct LoginForm {
    username: String,
    password: String,
}

/// `POST /inbox/login`: argon2id check, lockout after repeated failures, a fresh session.
pub async fn login(State(state): State<AppState>, headers: HeaderMap, Form(form): Form<LoginForm>) -> Response {
    if !same_origin(&headers) {
        return (StatusCode::FORBIDDEN, "sign in from the inbox's own page").into_response();
    }
    let now = state.clock.now();
    let generic = "Wrong username or password, or the account is locked. Try again in a few minutes.";
    let navigator = match state.store.navigator_named(form.username.trim()).await {
        Ok(Some(n)) => n,
        Ok(None) => {
            // Same work as a real check, so timing does not reveal which usernames exist.
            let dummy = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$Xm0VQ8vOPkVwYqfSeyRkB8EgOqK5FjXy4Gr2Cn3HppU";
            let _ = check_password(form.password.clone(), dummy.to_owned()).await;
            tracing::warn!("inbox: sign-in refused (unknown user)");
            return (StatusCode::UNAUTHORIZED, login_form(Some(generic))).into_response();
        }
        Err(e) => return unavailable(e),
    };
    let locked = navigator.locked_until.is_some_and(|t| t > now);
    if navigator.disabled || locked {
        tracing::warn!(navigator = %navigator.id, locked, "inbox: sign-in refused (locked or disabled)");
        audit(&state, navigator.id, "login_refused", None, None).await;
        return (StatusCode::UNAUTHORIZED, login_form(Some(generic))).into_response();
    }
    if !check_password(form.password.clone(), navigator.password_hash.clone()).await {
        let failed = NavigatorChange::LoginFailed {
            max_failures: MAX_FAILED_LOGINS,
            lock_until: now.plus_millis(LOCKOUT_MS),
        };
        if let Err(e) = state.store.change_navigator(navigator.id, &failed).await {
            return unavailable(e);
        }
        tracing::warn!(navigator = %navigator.id, "inbox: sign-in refused (wrong password)");
        audit(&state, navigator.id, "login_failed", None, None).await;
        return (StatusCode::UNAUTHORIZED, login_form(Some(generic))).into_response();
    }
    let token = random_token();
    let session = NavigatorSession {
        token_hash: token_hash(&token),
        navigator_id: navigator.id,
        csrf: random_token(),
        expires_at: now.plus_millis(SESSION_MS),
    };
    if let Err(e) = state
        .store
        .change_navigator(navigator.id, &NavigatorChange::LoginSucceeded)
        .await
    {
        return unavailable(e);
    }
    if let Err(e) = state.store.create_session(&session).await {
        return unavailable(e);
    }
    audit(&state, navigator.id, "login", None, None).await;
    let secure = if state.inbox_secure_cookies { "; Secure" } else { "" };
    let cookie = format!(
        "{COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/inbox; Max-Age={}{secure}",
        SESSION_MS / 1000
    );
    (
        StatusCode::SEE_OTHER,
        [("set-cookie", cookie), ("location", "/inbox".to_owned())],
    )
        .into_response()
}

/// A form that only carries the CSRF token.
#[derive(serde::Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

/// `POST /inbox/logout`.
pub async fn logout(State(state): State<AppState>, headers: HeaderMap, Form(form): Form<CsrfForm>) -> Response {
    let me = match signed_in_post(&state, &headers, &form.csrf).await {
        Ok(me) => me,
        Err(r) => return r,
    };
    let _ = state.store.delete_session(&me.session.token_hash).await;
    let offline = NavigatorChange::Presence(Presence::Offline);
    let _ = state.store.change_navigator(me.navigator.id, &offline).await;
    audit(&state, me.navigator.id, "logout", None, None).await;
    let cookie = format!("{COOKIE}=; HttpOnly; SameSite=Strict; Path=/inbox; Max-Age=0");
    (
        StatusCode::SEE_OTHER,
        [("set-cookie", cookie), ("location", "/inbox/login".to_owned())],
    )
        .into_response()
}

/// The presence form.
#[derive(serde::Deserialize)]
pub struct PresenceForm {
    #[serde(default)]
    csrf: String,
    presence: String,
}

/// `POST /inbox/presence`.
pub async fn presence(State(state): State<AppState>, headers: HeaderMap, Form(form): Form<PresenceForm>) -> Response {
    let me = match signed_in_post(&state, &headers, &form.csrf).await {
        Ok(me) => me,
        Err(r) => return r,
    };
    let Some(p) = Presence::parse(&form.presence) else {
        return (StatusCode::BAD_REQUEST, "unknown presence").into_response();
    };
    if let Err(e) = state
        .store
        .change_navigator(me.navigator.id, &NavigatorChange::Presence(p))
        .await
    {
        return unavailable(e);
    }
    audit(&state, me.navigator.id, "presence", None, None).await;
    Redirect::to("/inbox").into_response()
}

// ---------------------------------------------------------------------------------------------
// The queue

fn wait(now: Timestamp, since: Timestamp) -> String {
    let mins = (now.0 - since.0).max(0) / 60_000;
    if mins < 60 {
        format!("{mins} min")
    } else {
        format!("{} h {} min", mins / 60, mins % 60)
    }
}

fn need_name(need: Option<NeedLabel>) -> String {
    need.map(|n| n.as_str().replace('_', " "))
        .unwrap_or_else(|| "not known".into())
}

/// Queued first (crisis, then longest wait), then those in progress.
fn queue_order(mut open: Vec<Handoff>) -> Vec<Handoff> {
    open.sort_by_key(|h| (h.status != "queued", !h.urgent, h.created_at.0));
    open
}

/// `GET /inbox`: the queue.
pub async fn queue(
    State(state): State<AppState>,
    headers: HeaderMap,
    axum::extract::Query(query): axum::extract::Query<HashMap<String, String>>,
) -> Response {
    let me = match me(&state, &headers).await {
        Ok(me) => me,
        Err(r) => return r,
    };
    let open = match state.store.open_handoffs().await {
        Ok(open) => queue_order(open),
        Err(e) => return unavailable(e),
    };
    let navigators: HashMap<NavigatorId, String> = state
        .store
        .navigators()
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|n| (n.id, n.display_name))
        .collect();
    let now = state.clock.now();
    let mut rows = String::new();
    for h in &open {
        let conversation = state.store.conversation(h.conversation_id).await.ok().flatten();
        let channel = conversation.as_ref().map(|c| c.channel().as_str()).unwrap_or("?");
        let lang = h
            .lang
            .as_ref()
            .or(conversation.as_ref().and_then(|c| c.lang.as_ref()))
            .map(|l| l.as_str().to_owned())
            .unwrap_or_else(|| "?".into());
        let owner = match h.navigator_id {
            Some(id) if id == me.navigator.id => r#"<span class="badge mine">you</span>"#.to_owned(),
            Some(id) => esc(navigators.get(&id).map(String::as_str).unwrap_or("someone")),
            None => "—".into(),
        };
        let flag = if h.urgent {
            r#"<span class="badge crisis">crisis</span> "#
        } else {
            ""
        };
        let action = if h.status == "queued" {
            format!(
                r#"<form method="post" action="/inbox/h/{id}/claim"><input type="hidden" name="csrf" value="{csrf}"><button>Claim</button></form>"#,
                id = h.id,
                csrf = esc(&me.session.csrf)
            )
        } else {
            String::new()
        };
        let _ = write!(
            rows,
            r#"<tr class="{class}" data-handoff="{id}"><td>{flag}<a href="/inbox/h/{id}">{reason}</a></td><td>{need}</td><td>{lang}</td><td>{channel}</td><td>{wait}</td><td>{status}</td><td>{owner}</td><td>{action}</td></tr>"#,
            class = if h.urgent { "urgent" } else { "" },
            id = h.id,
            reason = esc(h.reason.as_str()),
            need = esc(&need_name(h.need)),
            lang = esc(&lang),
            wait = wait(now, h.created_at),
            status = esc(&h.status),
        );
    }
    if open.is_empty() {
        rows.push_str(r#"<tr><td colspan="8">No one is waiting.</td></tr>"#);
    }
    let flash = note_text(&query);
    let body = format!(
        r#"{flash}<h2>Queue <span class="badge" id="count">{n} open</span></h2>
<table aria-describedby="queue-note" data-live="queue"><caption id="queue-note" class="sr">Crisis first, then longest wait.</caption>
<thead><tr><th scope="col">Why</th><th scope="col">Need</th><th scope="col">Language</th><th scope="col">Channel</th><th scope="col">Waiting</th><th scope="col">Status</th><th scope="col">Navigator</th><th scope="col"><span class="sr">Action</span></th></tr></thead>
<tbody>{rows}</tbody></table>"#,
        n = open.len()
    );
    page("Queue", Some(&me), &body)
}

/// The notes a redirect may show: a code in the query string, a fixed text on the page (so a
/// crafted link cannot put words in the inbox's mouth).
const NOTES: &[(&str, &str)] = &[
    ("claimed", "You have this conversation"),
    ("sent", "Reply sent"),
    ("too_long", "A reply must be 1 to 1600 characters"),
    ("resolved", "Resolved"),
    ("returned", "Handed back to the bot"),
    ("transferred", "Transferred"),
    ("queued", "Put back in the queue"),
];

fn note_text(query: &HashMap<String, String>) -> String {
    query
        .get("note")
        .and_then(|code| NOTES.iter().find(|(c, _)| c == code))
        .map(|(_, text)| format!(r#"<p class="flash" role="status">{}</p>"#, esc(text)))
        .unwrap_or_default()
}

fn back_with(location: String, message: &str) -> Response {
    let code = NOTES
        .iter()
        .find(|(_, text)| *text == message)
        .map(|(c, _)| *c)
        .unwrap_or("");
    let sep = if location.contains('?') { '&' } else { '?' };
    let location = format!("{location}{sep}note={code}");
    (StatusCode::SEE_OTHER, [("location", location)]).into_response()
}

// ---------------------------------------------------------------------------------------------
// The card

/// `GET /inbox/h/{id}`: the conversation card.
pub async fn card(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    axum::extract::Query(query): axum::extract::Query<HashMap<String, String>>,
) -> Response {
    let me = match me(&state, &headers).await {
        Ok(me) => me,
        Err(r) => return r,
    };
    let Ok(id) = id.parse::<HandoffId>() else {
        return (StatusCode::NOT_FOUND, "no such handoff").into_response();
    };
    let handoff = match state.store.handoff(id).await {
        Ok(Some(h)) => h,
        Ok(None) => return (StatusCode::NOT_FOUND, "no such handoff").into_response(),
        Err(e) => return unavailable(e),
    };
    let (conversation, messages, events) = match tokio::try_join!(
        state.store.conversation(handoff.conversation_id),
        state.store.messages(handoff.conversation_id),
        state.store.events(handoff.conversation_id),
    ) {
        Ok((Some(c), m, e)) => (c, m, e),
        Ok((None, ..)) => return (StatusCode::NOT_FOUND, "no such conversation").into_response(),
        Err(e) => return unavailable(e),
    };
    audit(&state, me.navigator.id, "open", Some(conversation.id), Some(id)).await;
    let now = state.clock.now();
    let context = Context::from_events(&events);
    let note = note_text(&query);
    let mine =
        handoff.navigator_id == Some(me.navigator.id) && matches!(handoff.status.as_str(), "assigned" | "active");
    let csrf = esc(&me.session.csrf);

    let mut facts = String::new();
    let _ = write!(
        facts,
        "<dt>Status</dt><dd>{status}</dd><dt>Why</dt><dd>{reason}{urgent}</dd><dt>Language</dt><dd>{lang}</dd><dt>Channel</dt><dd>{channel}</dd><dt>Area (FSA)</dt><dd>{fsa}</dd><dt>Waiting</dt><dd>{wait}</dd>",
        status = esc(&handoff.status),
        reason = esc(handoff.reason.as_str()),
        urgent = if handoff.urgent { r#" <span class="badge crisis">crisis</span>"# } else { "" },
        lang = esc(conversation.lang.as_ref().map(|l| l.as_str()).unwrap_or("not known")),
        channel = esc(conversation.channel().as_str()),
        fsa = esc(context.fsa.as_deref().unwrap_or("not known")),
        wait = wait(now, handoff.created_at),
    );
    let needs: String = if context.needs.is_empty() {
        "<li>None understood</li>".into()
    } else {
        context
            .needs
            .iter()
            .map(|(n, c)| format!("<li>{} ({:.0}% confident)</li>", esc(&need_name(Some(*n))), c * 100.0))
            .collect()
    };
    let referrals: String = if context.referrals.is_empty() {
        "<li>None yet</li>".into()
    } else {
        context
            .referrals
            .iter()
            .map(|id| {
                let record = frontdoor_core::types::ServiceId::parse(id)
                    .ok()
                    .and_then(|sid| state.directory.as_ref().and_then(|d| d.record(&sid).cloned()));
                match record {
                    Some(r) => format!(
                        "<li>{} ({}) <small>{}</small></li>",
                        esc(&r.name),
                        esc(&r.organization),
                        esc(id)
                    ),
                    None => format!("<li>{}</li>", esc(id)),
                }
            })
            .collect()
    };
    let crisis: String = context
        .crisis
        .iter()
        .map(|k| format!(r#"<span class="badge crisis">{}</span> "#, esc(k)))
        .collect();

    let mut delivery = HashMap::new();
    for m in messages.iter().filter(|m| m.author == Author::Navigator) {
        delivery.insert(m.seq, delivery_status(&state, m.id).await);
    }
    let transcript = render_transcript(&messages, &context.crisis_times, &delivery);
    let actions = if handoff.status == "queued" {
        format!(
            r#"<form method="post" action="/inbox/h/{id}/claim"><input type="hidden" name="csrf" value="{csrf}"><button>Claim this conversation</button></form>"#
        )
    } else if mine {
        let suggestions = suggestions(&state, &handoff, &conversation, &context).await;
        let canned = canned_responses(conversation.lang.as_ref(), &me.navigator.display_name);
        let colleagues: String = state
            .store
            .navigators()
            .await
            .unwrap_or_default()
            .iter()
            .filter(|n| n.id != me.navigator.id && !n.disabled && n.presence != Presence::Offline)
            .map(|n| {
                format!(
                    r#"<option value="{}">{} ({})</option>"#,
                    n.id,
                    esc(&n.display_name),
                    n.presence.as_str()
                )
            })
            .collect();
        let other_needs: String = NeedLabel::ALL
            .iter()
            .map(|n| {
                format!(
                    r#"<option value="{}">{}</option>"#,
                    n.as_str(),
                    esc(&need_name(Some(*n)))
                )
            })
            .collect();
        let other = format!(
            r#"<fieldset><legend>Another need</legend><label for="other_need">Need</label> <select id="other_need" name="other_need"><option value="">—</option>{other_needs}</select>
<label><input type="radio" name="other_met" value="met"> Met</label> <label><input type="radio" name="other_met" value="unmet"> Unmet</label>
<label for="other_reason">Reason if unmet</label> <select id="other_reason" name="other_reason"><option value="">—</option><option>no_service</option><option>waitlist</option><option>ineligible</option><option>cost</option><option>declined</option><option>other</option></select></fieldset>"#
        );
        let dispositions: String = context
            .needs
            .iter()
            .map(|(n, _)| n)
            .chain(handoff.need.iter().filter(|n| !context.needs.iter().any(|(m, _)| m == *n)))
            .map(|n| {
                let key = n.as_str();
                format!(
                    r#"<fieldset><legend>{name}</legend>
<label><input type="radio" name="need_{key}" value="met" required> Met</label>
<label><input type="radio" name="need_{key}" value="unmet"> Unmet</label>
<label for="reason_{key}">Reason if unmet</label> <select id="reason_{key}" name="reason_{key}"><option value="">—</option><option>no_service</option><option>waitlist</option><option>ineligible</option><option>cost</option><option>declined</option><option>other</option></select></fieldset>"#,
                    name = esc(&need_name(Some(*n)))
                )
            })
            .collect();
        format!(
            r#"<section class="box"><h2>Reply</h2>{canned}<form method="post" action="/inbox/h/{id}/reply"><input type="hidden" name="csrf" value="{csrf}">
<label for="reply" class="sr">Reply</label><textarea id="reply" name="text" required maxlength="1600"></textarea><p><button>Send reply</button></p></form>
{suggestions}</section>
<section class="box"><h2>Resolve</h2><form method="post" action="/inbox/h/{id}/resolve"><input type="hidden" name="csrf" value="{csrf}">{dispositions}{other}
<label for="referrals">Referrals given (service ids, comma-separated)</label> <input id="referrals" name="referrals">
<p><button>Resolve</button></p></form>
<form method="post" action="/inbox/h/{id}/return"><input type="hidden" name="csrf" value="{csrf}"><button class="secondary">Hand back to the bot</button></form>
<form method="post" action="/inbox/h/{id}/transfer"><input type="hidden" name="csrf" value="{csrf}">
<label for="to">Transfer to</label> <select id="to" name="to"><option value="">the queue</option>{colleagues}</select> <button class="secondary">Transfer</button></form></section>"#
        )
    } else {
        String::new()
    };
    let body = format!(
        r#"{note}<p><a href="/inbox">← Queue</a></p><div class="card" data-live="card" data-handoff="{id}">
<div><section class="box"><h2>Context</h2><dl>{facts}</dl></section>
<section class="box"><h2>Needs</h2><ul>{needs}</ul></section>
<section class="box"><h2>Referrals already given</h2><ul>{referrals}</ul></section>
<section class="box"><h2>Crisis</h2><p>{crisis_or_none}</p></section></div>
<div><section class="box"><h2>Transcript</h2><div class="transcript" role="log" aria-label="Transcript">{transcript}</div></section>{actions}</div></div>"#,
        crisis_or_none = if crisis.is_empty() {
            "No crisis signal".into()
        } else {
            crisis
        },
    );
    page("Conversation", Some(&me), &body)
}

/// What the events say about a conversation.
#[derive(Default)]
struct Context {
    needs: Vec<(NeedLabel, f32)>,
    referrals: Vec<String>,
    crisis: Vec<String>,
    crisis_times: Vec<Timestamp>,
    fsa: Option<String>,
}

impl Context {
    fn from_events(events: &[EventRecord]) -> Self {
        let mut c = Context::default();
        for e in events {
            match &e.event {
                Event::NeedRecorded { need, confidence, .. } if !c.needs.iter().any(|(n, _)| n == need) => {
                    c.needs.push((*need, *confidence));
                }
                Event::ReferralsGiven { services, .. } => {
                    c.referrals.extend(services.iter().map(|s| s.as_str().to_owned()))
                }
                Event::CrisisDetected { crisis } => {
                    c.crisis.push(format!("{crisis:?}").to_lowercase());
                    c.crisis_times.push(e.at);
                }
                Event::LocationSet { fsa } => c.fsa = Some(fsa.as_str().to_owned()),
                _ => {}
            }
        }
        c
    }
}

/// The transcript, every text escaped; a person's message that triggered a crisis signal (the
/// last one before the signal) is outlined.
fn render_transcript(messages: &[Message], crisis_times: &[Timestamp], delivery: &HashMap<i64, String>) -> String {
    let triggers: Vec<i64> = crisis_times
        .iter()
        .filter_map(|t| {
            messages
                .iter()
                .filter(|m| m.direction == Direction::Inbound && m.created_at <= *t)
                .map(|m| m.seq)
                .next_back()
        })
        .collect();
    messages
        .iter()
        .map(|m| {
            let who = match m.author {
                Author::Person => "Person",
                Author::Bot => "Bot",
                Author::Navigator => "Navigator",
            };
            let trigger = if triggers.contains(&m.seq) { " trigger" } else { "" };
            let label = if trigger.is_empty() { "" } else { " (crisis signal)" };
            let status = delivery
                .get(&m.seq)
                .map(|d| format!(r#" <span class="badge delivery">{}</span>"#, esc(d)))
                .unwrap_or_default();
            format!(
                r#"<div class="msg {cls}{trigger}" data-seq="{seq}"><span class="who">{who}{label}{status}</span>{text}</div>"#,
                cls = m.author.as_str(),
                seq = m.seq,
                text = esc(&m.text),
            )
        })
        .collect()
}

/// The localized canned responses (Fluent `navigator-canned-*`), in the person's language.
fn canned_responses(lang: Option<&frontdoor_core::types::LanguageTag>, name: &str) -> String {
    static TEXTS: std::sync::OnceLock<Option<frontdoor_core::localization::Texts>> = std::sync::OnceLock::new();
    let Some(texts) = TEXTS.get_or_init(|| crate::dialogs::texts().ok()) else {
        return String::new();
    };
    let english = frontdoor_core::types::LanguageTag::english();
    let lang = lang.filter(|l| texts.supports(l)).unwrap_or(&english);
    let items: String = [
        ("navigator-canned-greeting", "Greeting"),
        ("navigator-canned-still-there", "Still there?"),
        ("navigator-canned-closing", "Closing"),
        ("crisis-lines", "Crisis lines"),
    ]
    .iter()
    .map(|(id, label)| {
        let text = texts.get(lang, id, &[("name", name.to_owned())]);
        format!(
            r#"<button type="button" class="secondary" data-insert="{attr}" title="{attr}">{label}</button> "#,
            attr = esc(&text),
        )
    })
    .collect();
    format!(r#"<p class="canned" aria-label="Canned responses in the person's language">{items}</p>"#)
}

/// Where a navigator's reply stands: the outbox's status, then the provider's delivery report.
async fn delivery_status(state: &AppState, message: frontdoor_core::types::MessageId) -> String {
    use frontdoor_core::ports::OutboxStatus;
    let outbox = state.store.outbox_status(message).await.ok().flatten();
    let report = state.store.delivery(message).await.ok().flatten();
    match (outbox, report) {
        (_, Some((status, Some(error)))) => format!("{status} ({error})"),
        (_, Some((status, None))) => status,
        (Some((OutboxStatus::Sent, _)), None) => "sent".into(),
        (Some((OutboxStatus::Dead, _)), None) => "not delivered".into(),
        (Some((_, attempts)), None) if attempts > 0 => format!("retrying ({attempts})"),
        _ => "sending".into(),
    }
}

/// Directory suggestions for the need and area, each insertable into the reply with one click.
async fn suggestions(
    state: &AppState,
    handoff: &Handoff,
    conversation: &frontdoor_core::conversation::Conversation,
    context: &Context,
) -> String {
    let Some(directory) = &state.directory else {
        return String::new();
    };
    let Some(need) = handoff.need.or(context.needs.first().map(|(n, _)| *n)) else {
        return String::new();
    };
    let query = frontdoor_core::ports::DirectoryQuery {
        text: need.as_str().replace('_', " "),
        lang: conversation.lang.clone(),
        need: Some(need),
        near: None,
        offset: 0,
        limit: 5,
        at: Some(state.clock.now()),
    };
    let Ok(found) = frontdoor_core::ports::Directory::search(directory.as_ref(), &query).await else {
        return String::new();
    };
    let items: String = found
        .iter()
        .map(|r| {
            let line = [Some(r.name.clone()), r.phone.clone(), r.address.clone()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" – ");
            format!(
                r#"<li>{text} <button type="button" class="secondary" data-insert="{attr}">Insert</button></li>"#,
                text = esc(&line),
                attr = esc(&line)
            )
        })
        .collect();
    if items.is_empty() {
        return String::new();
    }
    format!(r#"<h3>Suggested services</h3><ul class="suggest">{items}</ul>"#)
}

// ---------------------------------------------------------------------------------------------
// Actions

/// A reply.
#[derive(serde::Deserialize)]
pub struct ReplyForm {
    #[serde(default)]
    csrf: String,
    text: String,
}

async fn action_prelude(
    state: &AppState,
    headers: &HeaderMap,
    id: &str,
    csrf: &str,
) -> Result<(Me, Handoff), Response> {
    let me = signed_in_post(state, headers, csrf).await?;
    let id: HandoffId = id
        .parse()
        .map_err(|_| (StatusCode::NOT_FOUND, "no such handoff").into_response())?;
    match state.store.handoff(id).await {
        Ok(Some(h)) => Ok((me, h)),
        Ok(None) => Err((StatusCode::NOT_FOUND, "no such handoff").into_response()),
        Err(e) => Err(unavailable(e)),
    }
}

/// `POST /inbox/h/{id}/claim`: exactly one navigator wins; the others are told.
pub async fn claim(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<CsrfForm>,
) -> Response {
    let (me, h) = match action_prelude(&state, &headers, &id, &form.csrf).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    match state.store.claim_handoff(h.id, me.navigator.id, state.clock.now()).await {
        Ok(true) => {
            audit(&state, me.navigator.id, "claim", Some(h.conversation_id), Some(h.id)).await;
            notify_person(&state, h.conversation_id);
            back_with(format!("/inbox/h/{}", h.id), "You have this conversation")
        }
        Ok(false) => (
            StatusCode::CONFLICT,
            page(
                "Already taken",
                Some(&me),
                &format!(
                    r#"<p class="flash" role="alert">Someone else already claimed this conversation.</p><p><a href="/inbox/h/{}">See it</a> · <a href="/inbox">Back to the queue</a></p>"#,
                    h.id
                ),
            ),
        )
            .into_response(),
        Err(e) => unavailable(e),
    }
}

/// `POST /inbox/h/{id}/reply`: through the person's own channel, via the outbox.
pub async fn reply(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<ReplyForm>,
) -> Response {
    let (me, h) = match action_prelude(&state, &headers, &id, &form.csrf).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let text = form.text.trim();
    if text.is_empty() || text.chars().count() > 1600 {
        return back_with(format!("/inbox/h/{}", h.id), "A reply must be 1 to 1600 characters");
    }
    match state
        .store
        .navigator_reply(h.id, me.navigator.id, text, state.clock.now())
        .await
    {
        Ok(Some(message)) => {
            tracing::info!(navigator = %me.navigator.id, message = %message, conversation = %h.conversation_id, "navigator reply queued");
            audit(&state, me.navigator.id, "reply", Some(h.conversation_id), Some(h.id)).await;
            state.processor.wake_outbox();
            notify_person(&state, h.conversation_id);
            back_with(format!("/inbox/h/{}", h.id), "Reply sent")
        }
        Ok(None) => (StatusCode::CONFLICT, "claim the conversation before replying").into_response(),
        Err(e) => unavailable(e),
    }
}

/// What an owner-only action answers: on success the audit entry, a nudge to the person's chat
/// and a redirect with a note; 409 when the navigator does not own the conversation.
async fn owner_action_done(
    state: &AppState,
    me: &Me,
    h: &Handoff,
    outcome: Result<bool, frontdoor_core::ports::StoreError>,
    action: &str,
    note: &str,
) -> Response {
    match outcome {
        Ok(true) => {
            audit(state, me.navigator.id, action, Some(h.conversation_id), Some(h.id)).await;
            notify_person(state, h.conversation_id);
            back_with("/inbox".into(), note)
        }
        Ok(false) => (
            StatusCode::CONFLICT,
            "only the navigator who has the conversation can do that",
        )
            .into_response(),
        Err(e) => unavailable(e),
    }
}

/// `POST /inbox/h/{id}/resolve` with `need_<label>=met|unmet`, `reason_<label>`, `referrals`.
pub async fn resolve(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<BTreeMap<String, String>>,
) -> Response {
    let csrf = form.get("csrf").cloned().unwrap_or_default();
    let (me, h) = match action_prelude(&state, &headers, &id, &csrf).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let referrals: Vec<frontdoor_core::types::ServiceId> = form
        .get("referrals")
        .map(|r| {
            r.split(',')
                .filter_map(|s| frontdoor_core::types::ServiceId::parse(s.trim()).ok())
                .collect()
        })
        .unwrap_or_default();
    let mut needs = Vec::new();
    for (key, value) in &form {
        let Some(label) = key.strip_prefix("need_") else {
            continue;
        };
        let Ok(need) = label.parse::<NeedLabel>() else { continue };
        let met = value == "met";
        let reason = form.get(&format!("reason_{label}")).filter(|r| !r.is_empty()).cloned();
        needs.push(NeedDisposition {
            need,
            met,
            reason: if met {
                None
            } else {
                reason.or(Some("unspecified".into()))
            },
            referrals: referrals.clone(),
        });
    }
    if let Some(need) = form.get("other_need").and_then(|n| n.parse::<NeedLabel>().ok()) {
        if !needs.iter().any(|d: &NeedDisposition| d.need == need) {
            let met = form.get("other_met").is_some_and(|m| m == "met");
            let reason = form.get("other_reason").filter(|r| !r.is_empty()).cloned();
            needs.push(NeedDisposition {
                need,
                met,
                reason: if met {
                    None
                } else {
                    reason.or(Some("unspecified".into()))
                },
                referrals: referrals.clone(),
            });
        }
    }
    let end = HandoffEnd::Resolved(needs);
    let outcome = state
        .store
        .finish_handoff(h.id, me.navigator.id, &end, state.clock.now())
        .await;
    owner_action_done(&state, &me, &h, outcome, "resolve", "Resolved").await
}

/// `POST /inbox/h/{id}/return`: back to the bot.
pub async fn hand_back(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<CsrfForm>,
) -> Response {
    let (me, h) = match action_prelude(&state, &headers, &id, &form.csrf).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let outcome = state
        .store
        .finish_handoff(h.id, me.navigator.id, &HandoffEnd::Returned, state.clock.now())
        .await;
    owner_action_done(&state, &me, &h, outcome, "return", "Handed back to the bot").await
}

/// The transfer form: a colleague's id, or empty for the queue.
#[derive(serde::Deserialize)]
pub struct TransferForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    to: String,
}

/// `POST /inbox/h/{id}/transfer`: to a colleague, or back to the queue.
pub async fn transfer(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<TransferForm>,
) -> Response {
    let (me, h) = match action_prelude(&state, &headers, &id, &form.csrf).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let to = match form.to.trim() {
        "" => None,
        raw => match raw.parse::<NavigatorId>() {
            Ok(id) => match state.store.navigator(id).await {
                Ok(Some(n)) if !n.disabled => Some(n.id),
                Ok(_) => return (StatusCode::BAD_REQUEST, "no such navigator").into_response(),
                Err(e) => return unavailable(e),
            },
            Err(_) => return (StatusCode::BAD_REQUEST, "no such navigator").into_response(),
        },
    };
    let outcome = state
        .store
        .transfer_handoff(h.id, me.navigator.id, to, state.clock.now())
        .await;
    owner_action_done(
        &state,
        &me,
        &h,
        outcome,
        "transfer",
        if to.is_some() {
            "Transferred"
        } else {
            "Put back in the queue"
        },
    )
    .await
}

// ---------------------------------------------------------------------------------------------
// Supervisor and admin

/// `GET /inbox/supervisor`: queue depth and longest wait per language and need, navigators'
/// load, the audit log.
pub async fn supervisor(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let me = match me(&state, &headers).await {
        Ok(me) => me,
        Err(r) => return r,
    };
    if !me.navigator.role.supervises() {
        tracing::warn!(navigator = %me.navigator.id, "inbox: supervisor view refused");
        return (
            StatusCode::FORBIDDEN,
            page("Not allowed", Some(&me), "<p>Supervisors only.</p>"),
        )
            .into_response();
    }
    let (open, navigators, log) = match tokio::try_join!(
        state.store.open_handoffs(),
        state.store.navigators(),
        state.store.audit_log(100)
    ) {
        Ok(x) => x,
        Err(e) => return unavailable(e),
    };
    let now = state.clock.now();
    let mut groups: BTreeMap<(String, String), (usize, Timestamp)> = BTreeMap::new();
    for h in open.iter().filter(|h| h.status == "queued") {
        let key = (
            h.lang
                .as_ref()
                .map(|l| l.as_str().to_owned())
                .unwrap_or_else(|| "?".into()),
            need_name(h.need),
        );
        let entry = groups.entry(key).or_insert((0, h.created_at));
        entry.0 += 1;
        entry.1 = entry.1.min(h.created_at);
    }
    let depth: String = groups
        .iter()
        .map(|((lang, need), (n, oldest))| {
            format!(
                "<tr><td>{}</td><td>{}</td><td>{n}</td><td>{}</td></tr>",
                esc(lang),
                esc(need),
                wait(now, *oldest)
            )
        })
        .collect();
    let names: HashMap<NavigatorId, &str> = navigators.iter().map(|n| (n.id, n.display_name.as_str())).collect();
    let load: String = navigators
        .iter()
        .map(|n| {
            let owned = open.iter().filter(|h| h.navigator_id == Some(n.id)).count();
            format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{owned} / {}</td></tr>",
                esc(&n.display_name),
                n.role.as_str(),
                n.presence.as_str(),
                n.capacity
            )
        })
        .collect();
    let audit_rows: String = log
        .iter()
        .map(|e| {
            format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                e.at.to_datetime().format("%Y-%m-%d %H:%M:%S"),
                esc(names.get(&e.navigator_id).copied().unwrap_or("?")),
                esc(&e.action),
                e.conversation_id.map(|c| c.to_string()).unwrap_or_default()
            )
        })
        .collect();
    let body = format!(
        r#"<h2>Waiting, by language and need</h2><table><thead><tr><th scope="col">Language</th><th scope="col">Need</th><th scope="col">Waiting</th><th scope="col">Longest wait</th></tr></thead><tbody>{depth}</tbody></table>
<h2>Navigators</h2><table><thead><tr><th scope="col">Name</th><th scope="col">Role</th><th scope="col">Presence</th><th scope="col">Load</th></tr></thead><tbody>{load}</tbody></table>
<h2>Audit log</h2><table><thead><tr><th scope="col">When (UTC)</th><th scope="col">Who</th><th scope="col">Did</th><th scope="col">Conversation</th></tr></thead><tbody>{audit_rows}</tbody></table>"#
    );
    page("Supervisor", Some(&me), &body)
}

/// `GET /inbox/admin`: navigators (admins only; accounts are managed with
/// `frontdoor navigators`).
pub async fn admin(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let me = match me(&state, &headers).await {
        Ok(me) => me,
        Err(r) => return r,
    };
    if me.navigator.role != Role::Admin {
        tracing::warn!(navigator = %me.navigator.id, "inbox: admin view refused");
        return (
            StatusCode::FORBIDDEN,
            page("Not allowed", Some(&me), "<p>Admins only.</p>"),
        )
            .into_response();
    }
    let navigators = match state.store.navigators().await {
        Ok(n) => n,
        Err(e) => return unavailable(e),
    };
    let rows: String = navigators
        .iter()
        .map(|n| {
            format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&n.username),
                esc(&n.display_name),
                n.role.as_str(),
                esc(&n.languages.iter().map(|l| l.as_str()).collect::<Vec<_>>().join(", ")),
                if n.disabled { "disabled" } else { "active" },
                if n.locked_until.is_some() { "locked" } else { "" }
            )
        })
        .collect();
    page(
        "Navigators",
        Some(&me),
        &format!(
            r#"<h2>Navigators</h2><p>Add or disable accounts with <code>frontdoor navigators add|list|disable</code>.</p><table><thead><tr><th scope="col">Username</th><th scope="col">Name</th><th scope="col">Role</th><th scope="col">Languages</th><th scope="col">Account</th><th scope="col">Lockout</th></tr></thead><tbody>{rows}</tbody></table>"#
        ),
    )
}

// ---------------------------------------------------------------------------------------------
// Live updates

/// `GET /inbox/events`: a `change` event whenever the open handoffs or a watched conversation
/// change, read from the store every second (so every instance sees every change).
pub async fn events(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if let Err(r) = me(&state, &headers).await {
        return r;
    }
    let closing = state.closing.clone();
    let first = fingerprint(&state).await;
    let stream = futures_util::stream::unfold((state, first), |(state, last)| async move {
        loop {
            tokio::time::sleep(Duration::from_secs(1)).await;
            let now = fingerprint(&state).await;
            if now != last {
                let event = SseEvent::default().event("change").data("queue");
                return Some((Ok::<_, std::convert::Infallible>(event), (state, now)));
            }
        }
    });
    let stream = futures_util::StreamExt::take_until(stream, async move { closing.cancelled().await });
    Sse::new(stream).keep_alive(KeepAlive::default()).into_response()
}

async fn fingerprint(state: &AppState) -> String {
    let open = state.store.open_handoffs().await.unwrap_or_default();
    let mut s = String::new();
    for h in &open {
        let last = state
            .store
            .messages(h.conversation_id)
            .await
            .ok()
            .and_then(|m| m.last().map(|m| m.seq))
            .unwrap_or(0);
        let _ = write!(s, "{}:{}:{:?}:{};", h.id, h.status, h.navigator_id, last);
    }
    s
}

/// `GET /inbox/inbox.js`.
pub async fn script() -> Response {
    (
        [
            ("content-type", "application/javascript; charset=utf-8"),
            ("x-content-type-options", "nosniff"),
        ],
        INBOX_JS,
    )
        .into_response()
}

/// The conversation a handoff belongs to (for the audit log), when it can be read.
async fn conversation_of(state: &AppState, handoff: HandoffId) -> Option<ConversationId> {
    state
        .store
        .handoff(handoff)
        .await
        .ok()
        .flatten()
        .map(|h| h.conversation_id)
}

/// Assigns queued conversations to available navigators every two seconds until `stop`: crisis
/// first, by language, need and load (`frontdoor_core::inbox::route`), atomic across servers.
/// First, conversations assigned longer than `answer_timeout` ago and still unanswered go back
/// to the queue, and their navigator is marked away (`inbox.answer_timeout_secs`).
pub async fn assign_automatically(
    state: AppState,
    stop: tokio_util::sync::CancellationToken,
    answer_timeout: Option<Duration>,
) {
    let route = frontdoor_core::inbox::route;
    loop {
        tokio::select! {
            () = stop.cancelled() => return,
            () = tokio::time::sleep(Duration::from_secs(2)) => {}
        }
        let now = state.clock.now();
        if let Some(timeout) = answer_timeout {
            let cutoff = now.plus_millis(-(timeout.as_millis() as i64));
            match state.store.requeue_unanswered(now, cutoff).await {
                Ok(requeued) => {
                    // The store wrote each one's audit entry in the same transaction.
                    for (handoff, navigator) in requeued {
                        tracing::warn!(handoff = %handoff, navigator = %navigator, "assigned handoff unanswered: back to the queue, navigator marked away");
                    }
                }
                Err(e) => tracing::warn!(error = %e, "requeueing unanswered handoffs failed"),
            }
        }
        match state.store.assign_queued(now, &route).await {
            Ok(assigned) => {
                for (handoff, navigator) in assigned {
                    tracing::info!(handoff = %handoff, navigator = %navigator, "handoff assigned automatically");
                    // The store wrote the audit entry with the assignment.
                    if let Some(conversation) = conversation_of(&state, handoff).await {
                        notify_person(&state, conversation);
                    }
                }
            }
            Err(e) => tracing::warn!(error = %e, "automatic handoff assignment failed"),
        }
    }
}
