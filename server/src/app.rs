//! The HTTP application: health, readiness, metrics and the channels' inbound routes. Every
//! inbound message is stored before the request is acknowledged; processing happens after.

use crate::metrics::Metrics;
use crate::processor::Processor;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use frontdoor_channels::api::ApiChannel;
use frontdoor_channels::{RawRequest, Rejection};
use frontdoor_core::clock::Clock;
use frontdoor_core::ports::Store;
use std::sync::Arc;
use std::time::Duration;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    /// The store.
    pub store: Arc<dyn Store>,
    /// Turn scheduling.
    pub processor: Arc<Processor>,
    /// Counters.
    pub metrics: Arc<Metrics>,
    /// Time.
    pub clock: Arc<dyn Clock>,
    /// The JSON API channel, when configured.
    pub api: Option<ApiChannel>,
    /// The SMS channel, when configured.
    pub sms: Option<crate::sms::SmsState>,
    /// The web chat, when enabled.
    pub webchat: Option<crate::webchat::WebChatState>,
    /// The directory, for the inbox's suggested services (absent without models).
    pub directory: Option<Arc<frontdoor_directory::search::Searcher>>,
    /// Mark the inbox's session cookie `Secure` (the server is reached over HTTPS).
    pub inbox_secure_cookies: bool,
    /// Cancelled when the server stops, so long-lived streams end and shutdown completes.
    pub closing: tokio_util::sync::CancellationToken,
    /// The email channel, when configured.
    pub email: Option<crate::email::EmailState>,
}

/// Builds the router with body limits, timeouts and PII-free request logs.
pub fn router(state: AppState, body_limit: usize, timeout: Duration) -> Router {
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
        .route("/channels/api/messages", post(api_inbound))
        .route("/channels/sms/twilio", post(crate::sms::inbound))
        .route("/channels/sms/twilio/status", post(crate::sms::status))
        .route("/", get(crate::webchat::demo_page))
        .route("/widget.js", get(crate::webchat::widget))
        .route("/channels/webchat/ws", get(crate::webchat::socket))
        .route("/channels/webchat/session", post(crate::webchat::http_session))
        .route("/channels/webchat/messages", post(crate::webchat::http_message))
        .route("/channels/webchat/events", get(crate::webchat::http_events))
        .route("/inbox", get(crate::inbox::queue))
        .route("/inbox/login", get(crate::inbox::login_page).post(crate::inbox::login))
        .route("/inbox/logout", post(crate::inbox::logout))
        .route("/inbox/presence", post(crate::inbox::presence))
        .route("/inbox/events", get(crate::inbox::events))
        .route("/inbox/inbox.js", get(crate::inbox::script))
        .route("/inbox/supervisor", get(crate::inbox::supervisor))
        .route("/inbox/admin", get(crate::inbox::admin))
        .route("/inbox/h/{id}", get(crate::inbox::card))
        .route("/inbox/h/{id}/claim", post(crate::inbox::claim))
        .route("/inbox/h/{id}/reply", post(crate::inbox::reply))
        .route("/inbox/h/{id}/resolve", post(crate::inbox::resolve))
        .route("/inbox/h/{id}/return", post(crate::inbox::hand_back))
        .route("/inbox/h/{id}/transfer", post(crate::inbox::transfer))
        .route("/channels/email/inbound", post(crate::email::inbound))
        .with_state(state)
        .layer(DefaultBodyLimit::disable())
        .layer(RequestBodyLimitLayer::new(body_limit))
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, timeout))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|req: &axum::http::Request<_>| {
                    // Path only: query strings may carry personal data.
                    tracing::info_span!("http", method = %req.method(), path = %req.uri().path())
                })
                .on_response(
                    |res: &axum::http::Response<_>, latency: Duration, _span: &tracing::Span| {
                        tracing::info!(
                            status = res.status().as_u16(),
                            ms = latency.as_millis() as u64,
                            "request"
                        );
                    },
                ),
        )
}

async fn readyz(State(state): State<AppState>) -> Response {
    match state.store.ping().await {
        Ok(()) => (StatusCode::OK, "ready").into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "not ready: store unreachable");
            (StatusCode::SERVICE_UNAVAILABLE, "store unreachable").into_response()
        }
    }
}

async fn metrics(State(state): State<AppState>) -> Response {
    let outbox = state.store.outbox_counts().await.ok();
    (
        [("content-type", "text/plain; version=0.0.4")],
        state.metrics.render(outbox),
    )
        .into_response()
}

/// Turns a request's parts into the channel-neutral form.
pub fn raw_request(headers: &HeaderMap, body: Bytes) -> RawRequest {
    RawRequest {
        headers: headers
            .iter()
            .filter_map(|(n, v)| v.to_str().ok().map(|v| (n.as_str().to_owned(), v.to_owned())))
            .collect(),
        body: body.to_vec(),
    }
}

/// Maps a channel's refusal to a status, logging why (never what was sent).
pub fn refuse(state: &AppState, channel: &str, rejection: &Rejection) -> Response {
    state.metrics.rejected();
    let status = match rejection {
        Rejection::Unauthenticated(_) => StatusCode::FORBIDDEN,
        Rejection::Malformed(_) => StatusCode::BAD_REQUEST,
    };
    tracing::warn!(channel, status = status.as_u16(), reason = %rejection, "inbound request refused");
    (status, rejection.to_string()).into_response()
}

/// Stores an inbound message before the request is acknowledged, counting and logging it
/// (ids only). A store failure becomes the 503 the caller returns, so the provider retries and
/// nothing is lost.
pub async fn store_inbound(
    state: &AppState,
    channel: &'static str,
    inbound: &frontdoor_core::conversation::Inbound,
) -> Result<frontdoor_core::ports::InboundReceipt, Response> {
    match state.store.record_inbound(inbound).await {
        Ok(receipt) => {
            state.metrics.inbound(inbound.from.channel(), receipt.duplicate);
            tracing::info!(channel, message = %receipt.message_id, conversation = %receipt.conversation_id, duplicate = receipt.duplicate, "inbound stored");
            Ok(receipt)
        }
        Err(e) => {
            tracing::error!(channel, error = %e, "inbound could not be stored");
            Err((StatusCode::SERVICE_UNAVAILABLE, "could not store the message; retry").into_response())
        }
    }
}

async fn api_inbound(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let Some(api) = &state.api else {
        return (StatusCode::NOT_FOUND, "the API channel is not configured").into_response();
    };
    let inbound = match api.parse(&raw_request(&headers, body), state.clock.now()) {
        Ok(inbound) => inbound,
        Err(rejection) => return refuse(&state, "api", &rejection),
    };
    let receipt = match store_inbound(&state, "api", &inbound).await {
        Ok(receipt) => receipt,
        Err(response) => return response,
    };
    if !receipt.duplicate {
        state.processor.schedule(receipt.conversation_id);
    }
    let status = if receipt.duplicate {
        StatusCode::OK
    } else {
        StatusCode::ACCEPTED
    };
    let body = serde_json::json!({
        "message_id": receipt.message_id,
        "conversation_id": receipt.conversation_id,
        "duplicate": receipt.duplicate,
    });
    (status, Json(body)).into_response()
}
