//! A stand-in for Twilio's REST API on loopback, for this crate's and the server's tests (cargo
//! feature `test-double`).
//!
//! Every request is checked against Twilio's own OpenAPI description (`twilio_api_v2010.json`):
//! the path must match a path template of an operation with that method, path parameters must
//! match their schemas, a form body must hold every required parameter and only known ones, each
//! of the right type, pattern and length. What fails is recorded as a *violation* (tests assert
//! there are none) and answered 400. Requests are recorded; the double answers `CreateMessage`
//! like Twilio (201 with a new `SM...` SID), enforces the rules Twilio documents but the schema
//! cannot express (a sender and a body are required, 1,600 characters at most, Basic auth with
//! registered credentials), and can be told to fail the next requests with 429, 500 or a 400
//! carrying error 21610.
//!
//! ```no_run
//! # async fn demo() -> Result<(), String> {
//! use frontdoor_channels::sms::testing::{Failure, TwilioDouble};
//! let twilio = TwilioDouble::start(&TwilioDouble::default_spec_path()).await?;
//! twilio.allow("AC0123456789abcdef0123456789abcdef", "token");
//! twilio.fail_next(2, Failure::TooManyRequests { retry_after_secs: Some(1) });
//! // point a TwilioSender at twilio.base_url(), send, then:
//! assert!(twilio.violations().is_empty());
//! # Ok(()) }
//! ```

use super::segments::{segments, MAX_BODY_CHARS};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;
use base64::Engine as _;
use serde_json::{json, Value};
use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::sync::oneshot;

// ---------------------------------------------------------------------------------------------
// The OpenAPI description

/// Twilio's REST API as its OpenAPI file describes it, reduced to what requests are checked on.
#[derive(Debug)]
pub struct ApiSpec {
    operations: Vec<Operation>,
}

#[derive(Debug)]
struct Operation {
    method: Method,
    segments: Vec<TemplateSegment>,
    operation_id: String,
    path_params: HashMap<String, ValueSchema>,
    query_params: HashMap<String, ValueSchema>,
    form: Option<FormSchema>,
}

#[derive(Debug)]
struct TemplateSegment {
    prefix: String,
    /// The parameter name, for `{Name}` segments.
    param: Option<String>,
    suffix: String,
}

#[derive(Debug)]
struct FormSchema {
    required: Vec<String>,
    properties: HashMap<String, ValueSchema>,
}

#[derive(Debug, Default)]
struct ValueSchema {
    kind: String,
    format: Option<String>,
    pattern: Option<regex::Regex>,
    min_length: Option<usize>,
    max_length: Option<usize>,
    allowed: Option<Vec<String>>,
    /// Schema of the items of an array.
    items: Option<Box<ValueSchema>>,
}

/// What checking one request found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecCheck {
    /// The matched operation (`CreateMessage`), if any.
    pub operation_id: Option<String>,
    /// Path parameters by name.
    pub path_params: HashMap<String, String>,
    /// Every way the request departs from the description.
    pub violations: Vec<String>,
}

impl ApiSpec {
    /// Reads Twilio's OpenAPI file.
    pub fn load(path: &Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let doc: Value = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        Self::from_document(&doc)
    }

    /// Builds the checker from a parsed OpenAPI document.
    pub fn from_document(doc: &Value) -> Result<Self, String> {
        let paths = doc
            .get("paths")
            .and_then(Value::as_object)
            .ok_or("OpenAPI document has no paths")?;
        let mut operations = Vec::new();
        for (template, item) in paths {
            let Some(item) = item.as_object() else { continue };
            for (method, op) in item {
                let Ok(method) = method.to_ascii_uppercase().parse::<Method>() else {
                    continue;
                };
                if !matches!(
                    method,
                    Method::GET | Method::POST | Method::PUT | Method::DELETE | Method::PATCH
                ) {
                    continue;
                }
                operations.push(Operation::parse(doc, template, method, op));
            }
        }
        if operations.is_empty() {
            return Err("OpenAPI document describes no operation".into());
        }
        Ok(Self { operations })
    }

    /// Checks one request: method, path, query string and (form) body.
    pub fn check(
        &self,
        method: &Method,
        path: &str,
        query: Option<&str>,
        content_type: Option<&str>,
        body: &[u8],
    ) -> SpecCheck {
        let matched = self
            .operations
            .iter()
            .filter(|op| op.method == *method)
            .filter_map(|op| op.match_path(path).map(|params| (op, params)))
            .max_by_key(|(op, _)| op.literal_len());
        let Some((op, path_params)) = matched else {
            return SpecCheck {
                operation_id: None,
                path_params: HashMap::new(),
                violations: vec![format!("no operation {method} {path} in the OpenAPI description")],
            };
        };
        let mut violations = Vec::new();
        for (name, value) in &path_params {
            if let Some(schema) = op.path_params.get(name) {
                schema.check(&format!("path parameter {name}"), value, &mut violations);
            }
        }
        let query_pairs: Vec<(String, String)> = query
            .map(|q| form_urlencoded::parse(q.as_bytes()).into_owned().collect())
            .unwrap_or_default();
        for (name, value) in &query_pairs {
            match op.query_params.get(name) {
                Some(schema) => schema.check(&format!("query parameter {name}"), value, &mut violations),
                None => violations.push(format!("{}: unknown query parameter {name}", op.operation_id)),
            }
        }
        match &op.form {
            Some(form) => {
                let is_form = content_type
                    .and_then(|t| t.split(';').next())
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/x-www-form-urlencoded"));
                if !is_form {
                    violations.push(format!(
                        "{}: body must be application/x-www-form-urlencoded, got {}",
                        op.operation_id,
                        content_type.unwrap_or("no content type")
                    ));
                }
                let params: Vec<(String, String)> = form_urlencoded::parse(body).into_owned().collect();
                form.check(&op.operation_id, &params, &mut violations);
            }
            None if !body.is_empty() => violations.push(format!("{}: takes no request body", op.operation_id)),
            None => {}
        }
        SpecCheck {
            operation_id: Some(op.operation_id.clone()),
            path_params,
            violations,
        }
    }
}

impl Operation {
    fn parse(doc: &Value, template: &str, method: Method, op: &Value) -> Self {
        let segments = template
            .split('/')
            .map(|seg| match (seg.find('{'), seg.find('}')) {
                (Some(open), Some(close)) if open < close => TemplateSegment {
                    prefix: seg[..open].to_owned(),
                    param: Some(seg[open + 1..close].to_owned()),
                    suffix: seg[close + 1..].to_owned(),
                },
                _ => TemplateSegment {
                    prefix: seg.to_owned(),
                    param: None,
                    suffix: String::new(),
                },
            })
            .collect();
        let mut path_params = HashMap::new();
        let mut query_params = HashMap::new();
        for p in op.get("parameters").and_then(Value::as_array).into_iter().flatten() {
            let (Some(name), Some(place)) = (
                p.get("name").and_then(Value::as_str),
                p.get("in").and_then(Value::as_str),
            ) else {
                continue;
            };
            let schema = ValueSchema::parse(doc, p.get("schema").unwrap_or(&Value::Null));
            match place {
                "path" => drop(path_params.insert(name.to_owned(), schema)),
                "query" => drop(query_params.insert(name.to_owned(), schema)),
                _ => {}
            }
        }
        let form = op
            .pointer("/requestBody/content/application~1x-www-form-urlencoded/schema")
            .map(|schema| FormSchema {
                required: schema
                    .get("required")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect(),
                properties: schema
                    .get("properties")
                    .and_then(Value::as_object)
                    .into_iter()
                    .flatten()
                    .map(|(k, v)| (k.clone(), ValueSchema::parse(doc, v)))
                    .collect(),
            });
        Self {
            method,
            segments,
            operation_id: op
                .get("operationId")
                .and_then(Value::as_str)
                .unwrap_or(template)
                .to_owned(),
            path_params,
            query_params,
            form,
        }
    }

    /// The path parameters if `path` matches this operation's template.
    fn match_path(&self, path: &str) -> Option<HashMap<String, String>> {
        let parts: Vec<&str> = path.split('/').collect();
        if parts.len() != self.segments.len() {
            return None;
        }
        let mut params = HashMap::new();
        for (part, seg) in parts.iter().zip(&self.segments) {
            match &seg.param {
                None if *part == seg.prefix => {}
                None => return None,
                Some(name) => {
                    let value = part
                        .strip_prefix(seg.prefix.as_str())?
                        .strip_suffix(seg.suffix.as_str())?;
                    if value.is_empty() {
                        return None;
                    }
                    params.insert(name.clone(), value.to_owned());
                }
            }
        }
        Some(params)
    }

    /// Literal characters of the template: the most specific template wins a tie.
    fn literal_len(&self) -> usize {
        self.segments.iter().map(|s| s.prefix.len() + s.suffix.len()).sum()
    }
}

impl FormSchema {
    fn check(&self, operation: &str, params: &[(String, String)], violations: &mut Vec<String>) {
        for name in &self.required {
            if !params.iter().any(|(k, _)| k == name) {
                violations.push(format!("{operation}: required parameter {name} is missing"));
            }
        }
        for (i, (name, value)) in params.iter().enumerate() {
            let Some(schema) = self.properties.get(name) else {
                violations.push(format!("{operation}: unknown parameter {name}"));
                continue;
            };
            let repeated = params[..i].iter().any(|(k, _)| k == name);
            if repeated && schema.kind != "array" {
                violations.push(format!("{operation}: parameter {name} given twice"));
            }
            schema.check(&format!("{operation}: parameter {name}"), value, violations);
        }
    }
}

impl ValueSchema {
    fn parse(doc: &Value, schema: &Value) -> Self {
        let schema = resolve(doc, schema);
        let text = |key: &str| schema.get(key).and_then(Value::as_str).map(str::to_owned);
        let number = |key: &str| schema.get(key).and_then(Value::as_u64).map(|n| n as usize);
        Self {
            kind: text("type").unwrap_or_else(|| "string".into()),
            format: text("format"),
            pattern: text("pattern").and_then(|p| regex::Regex::new(&p).ok()),
            min_length: number("minLength"),
            max_length: number("maxLength"),
            allowed: schema
                .get("enum")
                .and_then(Value::as_array)
                .map(|values| values.iter().filter_map(Value::as_str).map(str::to_owned).collect()),
            items: schema.get("items").map(|items| Box::new(Self::parse(doc, items))),
        }
    }

    fn check(&self, what: &str, value: &str, violations: &mut Vec<String>) {
        if let Some(items) = &self.items {
            return items.check(what, value, violations);
        }
        let mut fail = |why: &str| violations.push(format!("{what}: {why}"));
        match self.kind.as_str() {
            "integer" if value.parse::<i64>().is_err() => fail("is not an integer"),
            "number" if value.parse::<f64>().is_err() => fail("is not a number"),
            "boolean" if !matches!(value, "true" | "false" | "True" | "False") => fail("is not a boolean"),
            _ => {}
        }
        let chars = value.chars().count();
        if self.min_length.is_some_and(|min| chars < min) || self.max_length.is_some_and(|max| chars > max) {
            fail("has the wrong length");
        }
        if self.pattern.as_ref().is_some_and(|p| !p.is_match(value)) {
            fail("does not match its pattern");
        }
        if self
            .allowed
            .as_ref()
            .is_some_and(|allowed| !allowed.iter().any(|a| a == value))
        {
            fail("is not one of the allowed values");
        }
        match self.format.as_deref() {
            Some("uri") if !(value.starts_with("https://") || value.starts_with("http://")) => {
                fail("is not an absolute http(s) URI")
            }
            Some("phone-number") if !is_phone_or_channel_address(value) => fail("is not a phone number"),
            _ => {}
        }
    }
}

/// E.164, a short code, or a channel address (`whatsapp:+1...`).
fn is_phone_or_channel_address(value: &str) -> bool {
    let digits = value.strip_prefix('+').unwrap_or(value);
    (!digits.is_empty() && digits.len() <= 15 && digits.bytes().all(|b| b.is_ascii_digit()))
        || value
            .split_once(':')
            .is_some_and(|(channel, address)| !channel.is_empty() && !address.is_empty())
}

/// Follows a local `$ref`.
fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(reference) => reference
            .strip_prefix('#')
            .and_then(|pointer| doc.pointer(pointer))
            .unwrap_or(schema),
        None => schema,
    }
}

// ---------------------------------------------------------------------------------------------
// The double

/// How the double should fail a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// 429 with error 20429 and, if given, `Retry-After` seconds.
    TooManyRequests {
        /// The `Retry-After` header.
        retry_after_secs: Option<u64>,
    },
    /// 500 with error 20500.
    ServerError,
    /// 400 with error 21610: the recipient texted STOP.
    Unsubscribed,
    /// Any status with any Twilio error code.
    Error {
        /// HTTP status.
        status: u16,
        /// Twilio's `code`.
        code: u32,
    },
}

/// One request the double received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    /// `POST`, `GET`...
    pub method: String,
    /// The path, without query.
    pub path: String,
    /// The matched operation (`CreateMessage`).
    pub operation_id: Option<String>,
    /// The Basic-auth user (the account SID), if any.
    pub basic_user: Option<String>,
    /// The Basic-auth password, if any.
    pub basic_password: Option<String>,
    /// Decoded form parameters, in order.
    pub params: Vec<(String, String)>,
    /// How the request departs from the OpenAPI description.
    pub violations: Vec<String>,
    /// The status the double answered.
    pub status: u16,
}

impl RecordedRequest {
    /// The first value of a form parameter.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

#[derive(Default)]
struct DoubleState {
    credentials: HashMap<String, String>,
    failures: VecDeque<Failure>,
    requests: Vec<RecordedRequest>,
    sent: u64,
}

struct Shared {
    spec: ApiSpec,
    state: Mutex<DoubleState>,
}

impl Shared {
    fn state(&self) -> MutexGuard<'_, DoubleState> {
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// A running Twilio REST API double; stops when dropped.
pub struct TwilioDouble {
    addr: SocketAddr,
    shared: Arc<Shared>,
    shutdown: Option<oneshot::Sender<()>>,
}

impl TwilioDouble {
    /// `twilio/twilio_api_v2010.json` in the shared data folder beside the repository (or under
    /// `$FRONTDOOR_SHARED_DATA`).
    pub fn default_spec_path() -> PathBuf {
        std::env::var_os("FRONTDOOR_SHARED_DATA")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/data"))
            .join("twilio/twilio_api_v2010.json")
    }

    /// Starts on 127.0.0.1 with a free port, checking requests against the OpenAPI file.
    pub async fn start(spec_path: &Path) -> Result<Self, String> {
        let spec = ApiSpec::load(spec_path)?;
        let shared = Arc::new(Shared {
            spec,
            state: Mutex::new(DoubleState::default()),
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .map_err(|e| format!("bind: {e}"))?;
        let addr = listener.local_addr().map_err(|e| e.to_string())?;
        let app = Router::new().fallback(handle).with_state(shared.clone());
        let (tx, rx) = oneshot::channel::<()>();
        tokio::spawn(async move {
            let server = axum::serve(listener, app).with_graceful_shutdown(async {
                let _ = rx.await;
            });
            if let Err(e) = server.await {
                tracing::warn!(error = %e, "Twilio double stopped");
            }
        });
        Ok(Self {
            addr,
            shared,
            shutdown: Some(tx),
        })
    }

    /// The base URL to give a sender instead of `https://api.twilio.com`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Accepts Basic auth `account_sid:auth_token` (until one is registered, any credentials are).
    pub fn allow(&self, account_sid: &str, auth_token: &str) {
        self.shared
            .state()
            .credentials
            .insert(account_sid.to_owned(), auth_token.to_owned());
    }

    /// Fails the next `n` requests with `failure` (after the ones already queued).
    pub fn fail_next(&self, n: usize, failure: Failure) {
        let mut state = self.shared.state();
        state.failures.extend(std::iter::repeat_n(failure, n));
    }

    /// Every request received so far, oldest first.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared.state().requests.clone()
    }

    /// Every departure from the OpenAPI description seen so far.
    pub fn violations(&self) -> Vec<String> {
        self.shared
            .state()
            .requests
            .iter()
            .flat_map(|r| r.violations.iter().cloned())
            .collect()
    }
}

impl Drop for TwilioDouble {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

async fn handle(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let content_type = headers.get("content-type").and_then(|v| v.to_str().ok());
    let check = shared.spec.check(&method, uri.path(), uri.query(), content_type, &body);
    let (basic_user, basic_password) = basic_credentials(&headers).unzip();
    let params: Vec<(String, String)> = form_urlencoded::parse(&body).into_owned().collect();
    let mut violations = check.violations.clone();
    if basic_user.is_none() {
        violations.push("no HTTP Basic credentials (the API requires accountSid_authToken)".into());
    }
    let mut state = shared.state();
    let (status, response) = if !violations.is_empty() {
        error_response(400, 20001, "request does not follow the OpenAPI description", None)
    } else if !credentials_ok(&state.credentials, basic_user.as_deref(), basic_password.as_deref()) {
        error_response(401, 20003, "Authenticate", None)
    } else if let Some(failure) = state.failures.pop_front() {
        failure_response(&failure)
    } else if check.operation_id.as_deref() == Some("CreateMessage") {
        state.sent += 1;
        create_message(state.sent, &check, &params)
    } else {
        error_response(501, 20501, "the Twilio double answers only CreateMessage", None)
    };
    state.requests.push(RecordedRequest {
        method: method.to_string(),
        path: uri.path().to_owned(),
        operation_id: check.operation_id,
        basic_user,
        basic_password,
        params,
        violations,
        status,
    });
    response
}

fn basic_credentials(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get("authorization")?.to_str().ok()?;
    let encoded = value.strip_prefix("Basic ")?;
    let decoded = base64::engine::general_purpose::STANDARD.decode(encoded.trim()).ok()?;
    let decoded = String::from_utf8(decoded).ok()?;
    let (user, password) = decoded.split_once(':')?;
    Some((user.to_owned(), password.to_owned()))
}

fn credentials_ok(known: &HashMap<String, String>, user: Option<&str>, password: Option<&str>) -> bool {
    if known.is_empty() {
        return true;
    }
    matches!((user, password), (Some(u), Some(p)) if known.get(u).is_some_and(|token| token == p))
}

fn error_response(status: u16, code: u32, message: &str, retry_after: Option<u64>) -> (u16, Response) {
    let body = json!({
        "code": code,
        "message": message,
        "more_info": format!("https://www.twilio.com/docs/errors/{code}"),
        "status": status,
    });
    let mut response = (
        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
        [("content-type", "application/json")],
        body.to_string(),
    )
        .into_response();
    if let Some(secs) = retry_after {
        response.headers_mut().insert("retry-after", HeaderValue::from(secs));
    }
    (status, response)
}

fn failure_response(failure: &Failure) -> (u16, Response) {
    match failure {
        Failure::TooManyRequests { retry_after_secs } => {
            error_response(429, 20429, "Too Many Requests", *retry_after_secs)
        }
        Failure::ServerError => error_response(500, 20500, "Internal Server Error", None),
        Failure::Unsubscribed => error_response(400, 21610, "Attempt to send to unsubscribed recipient", None),
        Failure::Error { status, code } => error_response(*status, *code, "injected failure", None),
    }
}

/// Twilio's answer to a send, after the rules its documentation states: a sender (`From` or
/// `MessagingServiceSid`, error 21603), a body (`Body`, `MediaUrl` or `ContentSid`, 21602) of at
/// most 1,600 characters (21617).
fn create_message(n: u64, check: &SpecCheck, params: &[(String, String)]) -> (u16, Response) {
    let get = |name: &str| params.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
    let from = get("From");
    let service = get("MessagingServiceSid");
    if from.is_none() && service.is_none() {
        return error_response(400, 21603, "A 'From' phone number is required.", None);
    }
    let body = get("Body").unwrap_or_default();
    if body.is_empty() && get("MediaUrl").is_none() && get("ContentSid").is_none() {
        return error_response(400, 21602, "Message body is required.", None);
    }
    if body.encode_utf16().count() > MAX_BODY_CHARS {
        return error_response(
            400,
            21617,
            "The concatenated message body exceeds the 1600 character limit.",
            None,
        );
    }
    let account = check.path_params.get("AccountSid").cloned().unwrap_or_default();
    let sid = format!("SM{n:032x}");
    let resource = json!({
        "account_sid": account,
        "api_version": "2010-04-01",
        "body": body,
        "date_created": "Thu, 01 Jan 2026 00:00:00 +0000",
        "date_sent": null,
        "date_updated": "Thu, 01 Jan 2026 00:00:00 +0000",
        "direction": "outbound-api",
        "error_code": null,
        "error_message": null,
        "from": from,
        "messaging_service_sid": service,
        "num_media": "0",
        "num_segments": segments(body).segments.to_string(),
        "price": null,
        "price_unit": null,
        "sid": sid,
        "status": if from.is_some() { "queued" } else { "accepted" },
        "subresource_uris": {
            "media": format!("/2010-04-01/Accounts/{account}/Messages/{sid}/Media.json"),
        },
        "to": get("To"),
        "uri": format!("/2010-04-01/Accounts/{account}/Messages/{sid}.json"),
    });
    let response = (
        StatusCode::CREATED,
        [("content-type", "application/json")],
        resource.to_string(),
    )
        .into_response();
    (201, response)
}
