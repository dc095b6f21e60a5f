//! Carrier keywords: every line of `fixtures/sms_keywords.jsonl` (`{"body", "class"}`, class one
//! of opt_out, opt_in, help, none) is classified as listed.

use frontdoor_channels::sms::{classify_keyword, is_conditional_opt_in, SmsKeyword, HELP_REPLY_EN};
use serde_json::Value;
use std::path::PathBuf;

#[test]
fn every_keyword_case_is_classified_as_listed() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sms_keywords.jsonl");
    let text = std::fs::read_to_string(&path).expect("keyword fixture");
    let mut wrong = Vec::new();
    let mut n = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let case: Value = serde_json::from_str(line).expect("JSON line");
        let body = case["body"].as_str().expect("body");
        let expected = match case["class"].as_str().expect("class") {
            "opt_out" => Some(SmsKeyword::OptOut),
            "opt_in" => Some(SmsKeyword::OptIn),
            "help" => Some(SmsKeyword::Help),
            "none" => None,
            other => panic!("unknown class {other}"),
        };
        n += 1;
        let got = classify_keyword(body);
        if got != expected {
            wrong.push(format!("{body:?}: expected {expected:?}, got {got:?}"));
        }
    }
    assert!(n >= 60, "fixture too small: {n}");
    assert!(wrong.is_empty(), "misclassified:\n{}", wrong.join("\n"));
}

#[test]
fn only_yes_depends_on_whether_the_contact_opted_out() {
    assert_eq!(classify_keyword("Yes"), Some(SmsKeyword::OptIn));
    assert!(is_conditional_opt_in("Yes"));
    assert!(!is_conditional_opt_in("START"));
    assert!(!is_conditional_opt_in("UNSTOP"));
}

#[test]
fn the_help_reply_says_who_we_are_and_how_to_stop() {
    assert!(HELP_REPLY_EN.starts_with("211 Ontario"));
    assert!(HELP_REPLY_EN.contains("Reply STOP"));
    assert!(HELP_REPLY_EN.contains("911"));
}
