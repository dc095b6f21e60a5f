//! The SMS routes over the Twilio protocol: `POST /channels/sms/twilio` (inbound messages) and
//! `POST /channels/sms/twilio/status` (delivery reports). The protocol (signatures, keywords,
//! TwiML) is in `frontdoor_channels::sms`; this module stores, schedules and answers.

use crate::app::{raw_request, refuse, AppState};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use frontdoor_channels::sms::{self, SmsChannel, SmsKeyword, WebhookMethod, WebhookRequest};
use frontdoor_core::types::{ChannelAddress, ChannelKind};
use std::sync::Arc;

/// What the SMS routes need besides the app state.
#[derive(Clone)]
pub struct SmsState {
    /// Verifies and reads webhooks.
    pub channel: SmsChannel,
    /// Remembers which number each person wrote to, so replies come from it.
    pub routes: Arc<sms::RememberedRoutes>,
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
    sms_state.routes.remember(&message.inbound.from, message.reply_route());
    let from = message.inbound.from.clone();
    let now = state.clock.now();
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
    } else if !receipt.duplicate {
        state.processor.schedule(receipt.conversation_id);
    }
    twiml()
}

/// A delivery report: updates the outbound message; error 21610 marks the person opted out.
pub async fn status(State(state): State<AppState>, uri: Uri, headers: HeaderMap, body: Bytes) -> Response {
    let Some(sms_state) = &state.sms else {
        return (StatusCode::NOT_FOUND, "the SMS channel is not configured").into_response();
    };
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
