//! The generic JSON API channel, for a helpline's own integrations and for end-to-end tests.
//!
//! Inbound: `POST` a JSON body `{"from": "<session id>", "text": "...", "id": "<your message id>"}`
//! with `Authorization: Bearer <token>`; `id` is optional and makes redelivery idempotent.
//! Outbound: each reply is `POST`ed as JSON `{"message_id", "conversation_id", "to", "text",
//! "choices"}` to the configured callback URL with an `Idempotency-Key` header equal to
//! `message_id`, so a receiver can drop the rare second delivery after a sender crash.

use crate::{RawRequest, Rejection};
use async_trait::async_trait;
use frontdoor_core::conversation::Inbound;
use frontdoor_core::ports::{OutboundSender, OutboxItem, SendError};
use frontdoor_core::types::{ChannelAddress, ChannelKind, ProviderMessageId, Timestamp};
use serde::Deserialize;
use std::time::Duration;
use subtle::ConstantTimeEq;

/// Longest accepted message text, in bytes.
pub const MAX_TEXT_BYTES: usize = 4096;

/// Verifies and parses inbound API requests.
#[derive(Clone)]
pub struct ApiChannel {
    token: String,
}

#[derive(Deserialize)]
struct Body {
    from: String,
    text: String,
    #[serde(default)]
    id: Option<String>,
}

impl ApiChannel {
    /// A channel accepting requests that carry `token`.
    pub fn new(token: String) -> Self {
        Self { token }
    }

    /// Checks the bearer token (in constant time) and parses the body.
    pub fn parse(&self, req: &RawRequest, now: Timestamp) -> Result<Inbound, Rejection> {
        let presented = req
            .header("authorization")
            .and_then(|h| h.strip_prefix("Bearer "))
            .ok_or(Rejection::Unauthenticated("missing bearer token"))?;
        if self.token.is_empty() || !bool::from(presented.as_bytes().ct_eq(self.token.as_bytes())) {
            return Err(Rejection::Unauthenticated("wrong bearer token"));
        }
        let body: Body = serde_json::from_slice(&req.body)
            .map_err(|e| Rejection::Malformed(format!("body is not the API's JSON: {}", e.classify_name())))?;
        if body.text.len() > MAX_TEXT_BYTES {
            return Err(Rejection::Malformed(format!("text is over {MAX_TEXT_BYTES} bytes")));
        }
        let from =
            ChannelAddress::parse(ChannelKind::Api, &body.from).map_err(|e| Rejection::Malformed(e.to_string()))?;
        let provider_id = body
            .id
            .map(|id| ProviderMessageId::parse(&id).map_err(|e| Rejection::Malformed(e.to_string())))
            .transpose()?;
        Ok(Inbound {
            from,
            text: body.text,
            provider_id,
            received_at: now,
        })
    }
}

trait ClassifyName {
    fn classify_name(&self) -> &'static str;
}

impl ClassifyName for serde_json::Error {
    /// The error class only: serde's messages can quote the input.
    fn classify_name(&self) -> &'static str {
        match self.classify() {
            serde_json::error::Category::Io => "io",
            serde_json::error::Category::Syntax => "syntax error",
            serde_json::error::Category::Data => "missing or mistyped field",
            serde_json::error::Category::Eof => "truncated",
        }
    }
}

/// Posts replies to the integration's callback URL.
pub struct ApiSender {
    client: reqwest::Client,
    callback_url: String,
}

impl ApiSender {
    /// A sender posting to `callback_url`, giving up on one attempt after `timeout`.
    pub fn new(callback_url: String, timeout: Duration) -> Result<Self, String> {
        let client = reqwest::Client::builder()
            .timeout(timeout)
            .build()
            .map_err(|e| e.to_string())?;
        Ok(Self { client, callback_url })
    }
}

#[async_trait]
impl OutboundSender for ApiSender {
    fn channel(&self) -> ChannelKind {
        ChannelKind::Api
    }

    async fn send(&self, item: &OutboxItem) -> Result<Option<String>, SendError> {
        let body = serde_json::json!({
            "message_id": item.message_id,
            "conversation_id": item.conversation_id,
            "to": item.to.address(),
            "text": item.draft.text,
            "choices": item.draft.choices,
        });
        let response = self
            .client
            .post(&self.callback_url)
            .header("content-type", "application/json")
            .header("idempotency-key", item.message_id.to_string())
            .body(body.to_string())
            .send()
            .await
            .map_err(|e| SendError::Retry {
                reason: format!("callback unreachable: {}", without_url(&e)),
                retry_after: None,
            })?;
        classify(
            response.status().as_u16(),
            response.headers().get("retry-after").and_then(|v| v.to_str().ok()),
        )?;
        Ok(None)
    }
}

/// Maps a provider's HTTP status to success, retry or permanent failure.
pub fn classify(status: u16, retry_after: Option<&str>) -> Result<(), SendError> {
    match status {
        200..=299 => Ok(()),
        408 | 425 | 429 | 500..=599 => Err(SendError::Retry {
            reason: format!("HTTP {status}"),
            retry_after: retry_after
                .and_then(|v| v.trim().parse::<u64>().ok())
                .map(Duration::from_secs),
        }),
        _ => Err(SendError::Permanent {
            reason: format!("HTTP {status}"),
        }),
    }
}

fn without_url(e: &reqwest::Error) -> String {
    let kind = if e.is_timeout() {
        "timeout"
    } else if e.is_connect() {
        "connect"
    } else {
        "request"
    };
    kind.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(auth: Option<&str>, body: &str) -> RawRequest {
        RawRequest {
            headers: auth
                .map(|a| vec![("authorization".to_owned(), a.to_owned())])
                .unwrap_or_default(),
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn requests_without_the_right_token_are_refused() {
        let channel = ApiChannel::new("tok".into());
        let body = r#"{"from":"u1","text":"hi"}"#;
        assert!(matches!(
            channel.parse(&req(None, body), Timestamp(0)),
            Err(Rejection::Unauthenticated(_))
        ));
        assert!(matches!(
            channel.parse(&req(Some("Bearer nope"), body), Timestamp(0)),
            Err(Rejection::Unauthenticated(_))
        ));
        assert!(channel.parse(&req(Some("Bearer tok"), body), Timestamp(0)).is_ok());
        let open = ApiChannel::new(String::new());
        assert!(
            open.parse(&req(Some("Bearer "), body), Timestamp(0)).is_err(),
            "an empty token never authenticates"
        );
    }

    #[test]
    fn malformed_bodies_are_refused_without_echoing_them() {
        let channel = ApiChannel::new("tok".into());
        let err = channel
            .parse(
                &req(Some("Bearer tok"), r#"{"from":"u1","txt":"my secret"}"#),
                Timestamp(0),
            )
            .unwrap_err();
        assert!(matches!(err, Rejection::Malformed(_)));
        assert!(!err.to_string().contains("secret"));
        let long = format!(r#"{{"from":"u1","text":"{}"}}"#, "a".repeat(MAX_TEXT_BYTES + 1));
        assert!(channel.parse(&req(Some("Bearer tok"), &long), Timestamp(0)).is_err());
        assert!(channel
            .parse(
                &req(Some("Bearer tok"), r#"{"from":"has space","text":"x"}"#),
                Timestamp(0)
            )
            .is_err());
    }

    #[test]
    fn provider_statuses_map_to_retry_or_permanent() {
        assert!(classify(200, None).is_ok());
        assert_eq!(
            classify(429, Some("7")),
            Err(SendError::Retry {
                reason: "HTTP 429".into(),
                retry_after: Some(Duration::from_secs(7))
            })
        );
        assert!(matches!(classify(503, None), Err(SendError::Retry { .. })));
        assert!(matches!(classify(400, None), Err(SendError::Permanent { .. })));
        assert!(matches!(classify(404, None), Err(SendError::Permanent { .. })));
    }
}
