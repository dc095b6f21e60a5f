//! Every X-Twilio-Signature vector in `../shared/data/twilio/signature_vectors.json` (Twilio's own
//! helper-library suites, courier payloads signed with twilio-python, derived unicode, tampered
//! and GET payloads) gets the expected verdict through the same path a webhook takes: the request
//! is rebuilt (method, public base URL, path and query, content type, body) and verified by
//! `SignedRequest`.

use frontdoor_channels::sms::{SignedRequest, WebhookMethod, WebhookRequest};
use frontdoor_channels::RawRequest;
use serde_json::Value;
use std::path::PathBuf;

fn vectors_file() -> PathBuf {
    std::env::var_os("FRONTDOOR_SHARED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/data"))
        .join("twilio/signature_vectors.json")
}

/// Splits `https://user@host:port/path?q` into the public base URL and the request target.
fn split_url(url: &str) -> (&str, &str) {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    let target = url[after_scheme..]
        .find(['/', '?'])
        .map_or(url.len(), |i| after_scheme + i);
    (&url[..target], &url[target..])
}

/// The form body a vector stands for: its raw body or form body if it has one, else its params
/// encoded (list values as repeated names, null as empty).
fn body_of(vector: &Value) -> Vec<u8> {
    for key in ["raw_body", "form_body"] {
        if let Some(body) = vector.get(key).and_then(Value::as_str) {
            return body.as_bytes().to_vec();
        }
    }
    let mut form = form_urlencoded::Serializer::new(String::new());
    if let Some(params) = vector.get("params").and_then(Value::as_object) {
        for (name, value) in params {
            match value {
                Value::Array(values) => {
                    for v in values {
                        form.append_pair(name, v.as_str().unwrap_or_default());
                    }
                }
                Value::Null => {
                    form.append_pair(name, "");
                }
                other => {
                    form.append_pair(name, other.as_str().unwrap_or_default());
                }
            }
        }
    }
    form.finish().into_bytes()
}

/// The verdict Frontdoor gives a vector.
fn verdict(vector: &Value) -> bool {
    let kind = vector["kind"].as_str().unwrap_or_default();
    let url = vector["request_url"].as_str().expect("request_url");
    let (base, path_and_query) = split_url(url);
    let (method, content_type, body) = match kind {
        "json_body" => (WebhookMethod::Post, "application/json", body_of(vector)),
        "inbound_message_GET" => (WebhookMethod::Get, "", Vec::new()),
        _ => (
            WebhookMethod::Post,
            "application/x-www-form-urlencoded",
            body_of(vector),
        ),
    };
    let mut headers = Vec::new();
    if !content_type.is_empty() {
        headers.push(("content-type".to_owned(), content_type.to_owned()));
    }
    let raw = RawRequest { headers, body };
    let req = WebhookRequest {
        method,
        path_and_query,
        raw: &raw,
    };
    let token = vector["auth_token"].as_str().expect("auth_token");
    let signature = vector["x_twilio_signature"].as_str().unwrap_or_default();
    SignedRequest::read(base, &req).is_ok_and(|signed| signed.is_signed_by(token, signature))
}

#[test]
fn every_signature_vector_gets_its_expected_verdict() {
    let path = vectors_file();
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (shared data must sit beside the repository)", path.display()));
    let doc: Value = serde_json::from_str(&text).expect("vectors are JSON");
    let mut total = 0;
    let mut failures = Vec::new();
    let (mut valid, mut invalid) = (0, 0);
    for section in ["upstream_vectors", "oracle_signed_payloads", "derived_signed_payloads"] {
        let vectors = doc[section]
            .as_array()
            .unwrap_or_else(|| panic!("{section} is missing"));
        assert!(!vectors.is_empty(), "{section} is empty");
        for vector in vectors {
            total += 1;
            let expected = vector["expected_valid"].as_bool().expect("expected_valid");
            if expected {
                valid += 1;
            } else {
                invalid += 1;
            }
            if verdict(vector) != expected {
                failures.push(format!("{section}/{} expected valid={expected}", vector["id"]));
            }
        }
    }
    eprintln!(
        "signature vectors: {} of {total} passed ({valid} valid, {invalid} invalid)",
        total - failures.len()
    );
    assert!(failures.is_empty(), "wrong verdicts:\n{}", failures.join("\n"));
    assert_eq!(total, 61, "the vector file changed: review the new vectors");
}

#[test]
fn a_signature_is_bound_to_every_parameter_and_the_url() {
    let path = vectors_file();
    let text = std::fs::read_to_string(&path).expect("shared vectors");
    let doc: Value = serde_json::from_str(&text).expect("vectors are JSON");
    // Each valid courier payload, tampered one way or another, must fail.
    for vector in doc["oracle_signed_payloads"].as_array().expect("oracle payloads") {
        assert!(verdict(vector), "{} should verify untouched", vector["id"]);
        let mut moved = vector.clone();
        moved["request_url"] = Value::from(format!("{}/", vector["request_url"].as_str().unwrap()));
        assert!(!verdict(&moved), "{}: another URL must fail", vector["id"]);
        let mut extra = vector.clone();
        let body = format!("{}&Injected=1", vector["form_body"].as_str().unwrap());
        extra["form_body"] = Value::from(body);
        assert!(!verdict(&extra), "{}: an added parameter must fail", vector["id"]);
        let mut token = vector.clone();
        token["auth_token"] = Value::from("54321");
        assert!(!verdict(&token), "{}: another token must fail", vector["id"]);
    }
}
